// Package avatax talks to Avalara AvaTax's REST v2 API: the order's SalesInvoice transaction
// (create or adjust, void on cancel, commit), refund transactions, address resolution and
// ping. The mapping from an order follows Virto's module (reference §12.2), with what it leaves
// out added: commit and refunds.
package avatax

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"orderdesk/internal/order"
)

// Settings are one store's AvaTax connection.
type Settings struct {
	ServiceURL    string // https://sandbox-rest.avatax.com or https://rest.avatax.com
	AccountNumber string
	LicenseKey    string
	CompanyCode   string
	ShipFrom      Address // the store's main fulfillment center
}

// Address is AvaTax's address shape.
type Address struct {
	Line1      string `json:"line1,omitempty"`
	Line2      string `json:"line2,omitempty"`
	City       string `json:"city,omitempty"`
	Region     string `json:"region,omitempty"`
	PostalCode string `json:"postalCode,omitempty"`
	Country    string `json:"country,omitempty"`
}

// Line is a transaction line.
type Line struct {
	Number      string      `json:"number"`
	ItemCode    string      `json:"itemCode,omitempty"`
	Description string      `json:"description,omitempty"`
	TaxCode     string      `json:"taxCode,omitempty"`
	Amount      json.Number `json:"amount"` // a number, exact digits, whatever decimal's JSON setting
	Quantity    json.Number `json:"quantity"`
}

// Transaction is CreateTransactionModel, the fields orderdesk sends.
type Transaction struct {
	Type          string             `json:"type"`
	Code          string             `json:"code"`
	CompanyCode   string             `json:"companyCode"`
	Date          string             `json:"date"`
	CustomerCode  string             `json:"customerCode"`
	CurrencyCode  string             `json:"currencyCode"`
	Commit        bool               `json:"commit"`
	Addresses     map[string]Address `json:"addresses,omitempty"`
	Lines         []Line             `json:"lines"`
	ReferenceCode string             `json:"referenceCode,omitempty"`
}

// SalesInvoice maps an order to its AvaTax document (§12.2): code = order number, the order's
// lines (amount = extended price) and one line per shipment (amount = its sum), ship-from the
// store's fulfillment center, ship-to the order's shipping address.
func SalesInvoice(o *order.CustomerOrder, s Settings, commit bool) Transaction {
	t := Transaction{
		Type: "SalesInvoice", Code: o.Number, CompanyCode: s.CompanyCode, Date: o.CreatedDate.UTC().Format("2006-01-02"),
		CustomerCode: o.CustomerID, CurrencyCode: o.Currency, Commit: commit,
	}
	if t.CustomerCode == "" {
		t.CustomerCode = "undef"
	}
	for _, li := range o.Items {
		if li.IsCancelled {
			continue
		}
		t.Lines = append(t.Lines, Line{Number: li.ID, ItemCode: li.Sku, Description: li.Name, TaxCode: li.TaxType,
			Amount: num(li.ExtendedPrice), Quantity: json.Number(fmt.Sprint(max(li.Quantity, 1)))})
	}
	for _, sh := range o.Shipments {
		if sh.IsCancelled {
			continue
		}
		t.Lines = append(t.Lines, Line{Number: sh.ID, ItemCode: sh.Number, Description: sh.ShipmentMethodCode, TaxCode: sh.TaxType,
			Amount: num(sh.Sum), Quantity: "1"})
	}
	if to, ok := shipTo(o); ok && s.ShipFrom.Country != "" {
		t.Addresses = map[string]Address{"shipFrom": s.ShipFrom, "shipTo": to}
	}
	return t
}

// RefundOf is the ReturnInvoice for one refund: the refunded amount as one negative line.
func RefundOf(o *order.CustomerOrder, r *order.Refund, s Settings) Transaction {
	t := Transaction{
		Type: "ReturnInvoice", Code: o.Number + "-" + r.Number, CompanyCode: s.CompanyCode,
		Date: r.CreatedDate.UTC().Format("2006-01-02"), CustomerCode: o.CustomerID, CurrencyCode: o.Currency,
		Commit: true, ReferenceCode: o.Number,
		Lines: []Line{{Number: r.ID, ItemCode: "REFUND", Description: string(r.ReasonCode) + " " + r.ReasonMessage,
			Amount: num(r.Amount.Neg()), Quantity: "1"}},
	}
	if r.CreatedDate.IsZero() {
		t.Date = time.Now().UTC().Format("2006-01-02")
	}
	if t.CustomerCode == "" {
		t.CustomerCode = "undef"
	}
	if to, ok := shipTo(o); ok && s.ShipFrom.Country != "" {
		t.Addresses = map[string]Address{"shipFrom": s.ShipFrom, "shipTo": to}
	}
	return t
}

func num(d decimal.Decimal) json.Number { return json.Number(d.Round(2).String()) }

func shipTo(o *order.CustomerOrder) (Address, bool) {
	a := o.ShippingAddress()
	if a == nil {
		return Address{}, false
	}
	return Address{Line1: a.Line1, Line2: a.Line2, City: a.City, Region: a.RegionName, PostalCode: a.PostalCode, Country: a.CountryName}, true
}

// Client calls AvaTax for one store's settings.
type Client struct {
	HTTP     *http.Client
	Settings Settings
}

// Error is an AvaTax refusal: the HTTP status and AvaTax's message.
type Error struct {
	Status  int
	Message string
}

func (e *Error) Error() string { return fmt.Sprintf("AvaTax answered %d: %s", e.Status, e.Message) }

// CreateOrAdjust sends the transaction (POST /api/v2/transactions/createoradjust).
func (c *Client) CreateOrAdjust(ctx context.Context, t Transaction) error {
	return c.call(ctx, http.MethodPost, "/api/v2/transactions/createoradjust", map[string]any{"createTransactionModel": t}, nil)
}

// Create sends a new transaction (POST /api/v2/transactions/create), used for refunds.
func (c *Client) Create(ctx context.Context, t Transaction) error {
	return c.call(ctx, http.MethodPost, "/api/v2/transactions/create", t, nil)
}

// Void voids the order's SalesInvoice (POST …/transactions/{code}/void).
func (c *Client) Void(ctx context.Context, code string) error {
	return c.call(ctx, http.MethodPost, c.txPath(code)+"/void", map[string]string{"code": "DocVoided"}, nil)
}

// Commit commits the order's SalesInvoice (POST …/transactions/{code}/commit).
func (c *Client) Commit(ctx context.Context, code string) error {
	return c.call(ctx, http.MethodPost, c.txPath(code)+"/commit", map[string]bool{"commit": true}, nil)
}

// ResolveAddress validates an address (POST /api/v2/addresses/resolve) and returns AvaTax's
// answer as it came.
func (c *Client) ResolveAddress(ctx context.Context, a Address) (map[string]any, error) {
	var out map[string]any
	err := c.call(ctx, http.MethodPost, "/api/v2/addresses/resolve", a, &out)
	return out, err
}

// Ping checks the connection and the credentials (GET /api/v2/utilities/ping).
func (c *Client) Ping(ctx context.Context) error {
	var out struct {
		Authenticated bool `json:"authenticated"`
	}
	if err := c.call(ctx, http.MethodGet, "/api/v2/utilities/ping", nil, &out); err != nil {
		return err
	}
	if !out.Authenticated {
		return &Error{Status: http.StatusUnauthorized, Message: "the account number or license key is not accepted"}
	}
	return nil
}

func (c *Client) txPath(code string) string {
	return "/api/v2/companies/" + url.PathEscape(c.Settings.CompanyCode) + "/transactions/" + url.PathEscape(code)
}

func (c *Client) call(ctx context.Context, method, path string, body, out any) error {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, strings.TrimRight(c.Settings.ServiceURL, "/")+path, rd)
	if err != nil {
		return err
	}
	req.SetBasicAuth(c.Settings.AccountNumber, c.Settings.LicenseKey)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Avalara-Client", "orderdesk; 1; REST; v2")
	res, err := c.HTTP.Do(req)
	if err != nil {
		return fmt.Errorf("avatax: %w", err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(io.LimitReader(res.Body, 1<<20))
	if res.StatusCode >= 300 {
		var e struct {
			Error struct {
				Message string `json:"message"`
			} `json:"error"`
		}
		_ = json.Unmarshal(raw, &e)
		msg := e.Error.Message
		if msg == "" {
			msg = strings.TrimSpace(string(raw))
		}
		return &Error{Status: res.StatusCode, Message: msg}
	}
	if out != nil {
		return json.Unmarshal(raw, out)
	}
	return nil
}
