package staff

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"orderdesk/internal/order"
	"orderdesk/internal/store"
	"orderdesk/templates/customers"
	"orderdesk/templates/orderlist"
	"orderdesk/templates/orderpage"
	"orderdesk/web/base"
)

// maxCustomerID is the longest customer id the orders table holds.
const maxCustomerID = 128

// customerPanel is the order page's customer panel for o: the customer's figures over the
// orders the viewer's scopes allow (o among them), read from the maintained customer figures,
// and the latest such order's addresses. Nil for an order without a customer id.
func (s *Server) customerPanel(r *http.Request, o *order.CustomerOrder) (*orderpage.CustomerPanel, error) {
	if o.CustomerID == "" {
		return nil, nil
	}
	viewer := base.ViewerOf(base.State(r).User)
	sum, err := s.Store.CustomerSummary(r.Context(), o.CustomerID, viewer.Scope)
	if err != nil {
		return nil, err
	}
	number, addrs := sum.Latest.Number, sum.Latest.Addresses
	if sum.Latest.ID == "" || sum.Latest.ID == o.ID {
		number, addrs = o.Number, o.Addresses // the order at hand, as it is now
	}
	email, phone := contactParts(addrs)
	p := &orderpage.CustomerPanel{
		Name: o.CustomerName, Contact: strings.Join(nonEmpty(email, phone), " · "), Guest: o.IsAnonymous,
		PageURL: customerURL(o.CustomerID), ListURL: customerListURL(o.CustomerID),
		Figures: customerFigures(sum, viewer.ShowPrices), LatestNo: number,
		Addresses: customerAddresses(addrs),
	}
	if n := sum.Orders - 1; n >= 0 {
		p.Figures.Others = strconv.Itoa(n) + " " + plural(strconv.Itoa(n), "other order", "other orders")
	}
	return p, nil
}

// customerPage is one customer: who they are (from their latest order in scope), their
// figures, and their orders as the order list shows them, keyset-paged. A customer with no
// order in the viewer's scopes is not found, like one that does not exist.
func (s *Server) customerPage(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if id == "" || len(id) > maxCustomerID {
		s.NotFound(w, r)
		return
	}
	ctx := r.Context()
	viewer := base.ViewerOf(base.State(r).User)
	sum, err := s.Store.CustomerSummary(ctx, id, viewer.Scope)
	if err != nil {
		s.ServerError(w, r, err)
		return
	}
	if len(sum.Figures) == 0 || sum.Latest.ID == "" {
		s.NotFound(w, r)
		return
	}
	latest := sum.Latest
	lr, err := s.parseList(customerListRequest(r, id))
	if err != nil {
		s.ErrorPage(w, r, http.StatusBadRequest, "This page link is broken",
			"The list position in the address is not one the desk made. Start again from the first page.")
		return
	}
	lr.canManageTax, lr.canShip = false, false // ticking rows is the order list's
	// The count is the figures' own (the same orders, in the same scope): no count query.
	page, err := s.Store.ListOrders(ctx, lr.query)
	if err != nil {
		s.ServerError(w, r, err)
		return
	}
	results := s.resultsView(lr, page, thousands(sum.Orders))
	rebaseResults(&results, id)
	email, phone := contactParts(latest.Addresses)
	p := customers.Page{
		ID: id, Name: latest.CustomerName, Email: email, Phone: phone, Guest: latest.IsAnonymous,
		URL: customerURL(id), ListURL: customerListURL(id),
		Figures: customerFigures(sum, viewer.ShowPrices), Results: results,
	}
	if base.IsHTMX(r) && r.Header.Get("HX-History-Restore-Request") != "true" {
		s.Render(w, r, http.StatusOK, customers.Results(p))
		return
	}
	s.Page(w, r, http.StatusOK, "Customer "+latest.CustomerName, customers.CustomerPage(p))
}

// customerListRequest is r asking the order list for this customer's orders: only the list's
// presentation (sort, columns, page size, position) passes through, never other filters.
func customerListRequest(r *http.Request, id string) *http.Request {
	in, out := r.URL.Query(), url.Values{}
	for _, k := range []string{"sort", "col", "n", "after", "before"} {
		if vals, ok := in[k]; ok {
			out[k] = vals
		}
	}
	out.Set("customer_id", id)
	r2 := r.Clone(r.Context())
	r2.URL.RawQuery = out.Encode()
	return r2
}

// rebaseResults points the list's own links (pages, sorting, column moves) at the customer
// page, which implies the customer; the CSV export stays the list's, filtered to them.
func rebaseResults(res *orderlist.Results, id string) {
	rebase := func(u string) string {
		if u == "" {
			return ""
		}
		parsed, err := url.Parse(u)
		if err != nil || parsed.Path != "/orders" {
			return u
		}
		v := parsed.Query()
		v.Del("customer_id")
		return listURL(customerURL(id), v)
	}
	res.FirstURL, res.NextURL, res.PrevURL = rebase(res.FirstURL), rebase(res.NextURL), rebase(res.PrevURL)
	for i := range res.Columns {
		res.Columns[i].SortURL = rebase(res.Columns[i].SortURL)
	}
	for i := range res.Choices {
		res.Choices[i].LeftURL, res.Choices[i].RightURL = rebase(res.Choices[i].LeftURL), rebase(res.Choices[i].RightURL)
	}
	res.BulkActions = nil
	res.Empty = "No order of this customer is on this page. Go back to the first page."
}

func customerURL(id string) string { return "/customers/" + url.PathEscape(id) }

func customerListURL(id string) string {
	return "/orders?" + url.Values{"customer_id": {id}}.Encode()
}

// customerFigures puts a customer's figures into words. Money is each currency's spend and
// open balance, shown with that currency's rule as the list shows an order's total and balance
// due; it is left out entirely without read-prices.
func customerFigures(sum store.CustomerSummary, showPrices bool) orderpage.CustomerFigures {
	n := strconv.Itoa(sum.Orders)
	f := orderpage.CustomerFigures{
		Orders:  thousands(sum.Orders) + " " + plural(n, "order", "orders"),
		Returns: thousands(sum.Returns) + " " + plural(strconv.Itoa(sum.Returns), "return", "returns"),
		First:   sum.First.UTC().Format("2 Jan 2006"),
		Last:    sum.Last.UTC().Format("2 Jan 2006"),
	}
	if sum.First.IsZero() {
		f.First, f.Last = "", ""
	}
	if sum.Cancelled > 0 {
		f.Cancelled = thousands(sum.Cancelled) + " cancelled"
	}
	if !showPrices {
		return f
	}
	for _, c := range sum.Figures {
		f.Money = append(f.Money, orderpage.Amount{Label: "Spend " + c.Currency, Value: c.Rule.Fixed(c.Spend) + " " + c.Currency, Strong: true})
		bal := orderpage.Amount{Label: "Open balance " + c.Currency, Value: c.Rule.Fixed(c.Balance) + " " + c.Currency}
		if c.Balance.IsPositive() {
			bal.Tone = "warn"
		}
		f.Money = append(f.Money, bal)
	}
	return f
}

// customerAddresses are an order's billing and shipping addresses, one of each kind (the
// first), as the order page shows them.
func customerAddresses(addrs []order.Address) []orderpage.Address {
	var out []orderpage.Address
	seen := map[order.AddressType]bool{}
	for _, a := range addrs {
		switch a.AddressType {
		case order.AddressBilling, order.AddressShipping, order.AddressBillingAndShipping:
			if !seen[a.AddressType] {
				seen[a.AddressType] = true
				out = append(out, addressView(a, ""))
			}
		}
	}
	return out
}

// contactParts are the first e-mail and the first phone among an order's addresses.
func contactParts(addrs []order.Address) (email, phone string) {
	for _, a := range addrs {
		if email == "" {
			email = a.Email
		}
		if phone == "" {
			phone = a.Phone
		}
	}
	return email, phone
}

func nonEmpty(vals ...string) []string {
	var out []string
	for _, v := range vals {
		if v != "" {
			out = append(out, v)
		}
	}
	return out
}
