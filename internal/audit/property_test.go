package audit

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"orderdesk/internal/order"
)

// editor makes random edits of the kinds a desk makes: scalar fields of every type (decimals
// with and without trailing zeros, times in other zones, pointers to nil and back, flags), and
// elements added at random positions or removed at every level. Ids are fresh ULIDs, so inserted
// elements do not sort by id: order must come from the change set, not from the ids.
type editor struct {
	r *rand.Rand
	n int
}

func (e *editor) intn(n int) int { return e.r.IntN(n) }
func (e *editor) coin() bool     { return e.r.IntN(2) == 0 }

func (e *editor) text(prefix string) string {
	e.n++
	return fmt.Sprintf("%s %d", prefix, e.n)
}

func (e *editor) money() decimal.Decimal {
	return decimal.New(e.r.Int64N(100000)-10000, -int32(e.intn(4)))
}

func (e *editor) when() *time.Time {
	zone := time.FixedZone("Z", 3600*(e.intn(5)-2))
	t := time.Date(2024, time.Month(1+e.intn(12)), 1+e.intn(28), e.intn(24), e.intn(60), e.intn(60), e.intn(3)*1e8, zone)
	return &t
}

func (e *editor) maybeWhen() *time.Time {
	if e.coin() {
		return nil
	}
	return e.when()
}

func (e *editor) maybeNull() decimal.NullDecimal {
	if e.coin() {
		return decimal.NullDecimal{}
	}
	return decimal.NullDecimal{Decimal: e.money(), Valid: true}
}

func pick[T any](e *editor, s []T) *T {
	if len(s) == 0 {
		return nil
	}
	return &s[e.intn(len(s))]
}

func insert[T any](e *editor, s []T, v T) []T { return slices.Insert(s, e.intn(len(s)+1), v) }

func remove[T any](e *editor, s []T) []T {
	if len(s) == 0 {
		return s
	}
	i := e.intn(len(s))
	return slices.Delete(s, i, i+1)
}

func (e *editor) address() *order.Address {
	return &order.Address{ID: order.NewID(), AddressType: order.AddressType(e.intn(8)), City: e.text("City"),
		CountryName: "France", Line1: e.text("Street"), Phone: []string{"", "+33 1 23"}[e.intn(2)]}
}

func (e *editor) line() order.LineItem {
	li := order.LineItem{ID: order.NewID(), Currency: "EUR", Price: e.money(), Quantity: 1 + e.intn(5),
		Sku: e.text("SKU"), Name: e.text("Product"), Weight: e.maybeNull()}
	if e.coin() {
		li.Discounts = []order.Discount{{ID: order.NewID(), Name: e.text("Promo"), DiscountAmount: e.money()}}
	}
	return li
}

func (e *editor) props() []order.DynamicProperty {
	t := []order.DynamicValueType{order.ValueShortText, order.ValueDecimal, order.ValueBoolean, order.ValueDateTime}[e.intn(4)]
	v := order.DynamicPropertyValue{ID: order.NewID()}
	switch t {
	case order.ValueShortText:
		v.ShortText = e.text("value")
	case order.ValueDecimal:
		v.Decimal = e.money()
	case order.ValueBoolean:
		v.Boolean = e.coin()
	case order.ValueDateTime:
		v.DateTime = e.when()
	}
	return []order.DynamicProperty{{ID: order.NewID(), Name: e.text("Field"), ValueType: t, Values: []order.DynamicPropertyValue{v}}}
}

func (e *editor) shipment(o *order.CustomerOrder) order.Shipment {
	s := order.Shipment{Operation: order.Operation{ID: order.NewID(), Number: e.text("SH"), Status: "New", Currency: "EUR"},
		Price: e.money(), DeliveryAddress: e.address()}
	for _, li := range o.Items {
		if e.coin() {
			s.Items = append(s.Items, order.ShipmentItem{ID: order.NewID(), LineItemID: li.ID, Quantity: li.Quantity})
		}
	}
	s.Packages = []order.ShipmentPackage{{ID: order.NewID(), BarCode: e.text("PKG"), Weight: e.maybeNull()}}
	return s
}

func (e *editor) capture() order.Capture {
	return order.Capture{Operation: order.Operation{ID: order.NewID(), Number: e.text("CA"), Status: "Processed"},
		Amount: e.money(), CloseTransaction: e.coin(),
		Items: []order.CaptureItem{{ID: order.NewID(), LineItemID: "L1", Quantity: 1 + e.intn(3)}}}
}

func (e *editor) refund() order.Refund {
	return order.Refund{Operation: order.Operation{ID: order.NewID(), Number: e.text("RF"), Status: "Pending"},
		Amount: e.money(), ReasonCode: order.RefundReasonCodes[e.intn(4)], ReasonMessage: e.text("reason"),
		Items: []order.RefundItem{{ID: order.NewID(), LineItemID: "L2", Quantity: 1}}}
}

// edit changes o in one random way and names the edit for failure messages.
func (e *editor) edit(o *order.CustomerOrder) string {
	sh, pay, li := pick(e, o.Shipments), pick(e, o.InPayments), pick(e, o.Items)
	switch k := e.intn(40); {
	case k == 0:
		o.Status = []string{"New", "Processing", "Completed", "Cancelled"}[e.intn(4)]
		return "order status"
	case k == 1:
		o.Comment = []string{"", e.text("comment")}[e.intn(2)]
		return "order comment"
	case k == 2:
		o.IsApproved, o.IsCancelled = !o.IsApproved, e.coin()
		return "order flags"
	case k == 3:
		o.Fee, o.DiscountAmount, o.TaxPercentRate = e.money(), e.money(), decimal.New(int64(e.intn(30)), -2)
		return "order money"
	case k == 4:
		o.CancelledDate, o.ModifiedDate, o.CancelledState = e.maybeWhen(), e.maybeWhen(), order.CancelledState([]string{"", "Requested", "Completed"}[e.intn(3)])
		return "order dates"
	case k == 5:
		o.Version++
		o.EmployeeID, o.EmployeeName = e.text("emp"), e.text("Employee")
		return "order version and employee"
	case k == 6:
		order.Recalculate(o, order.EUR)
		return "recalculate"
	case k == 7 && li != nil:
		li.Quantity, li.Price = 1+e.intn(9), e.money()
		return "line quantity and price"
	case k == 8 && li != nil:
		li.Name, li.IsGift, li.Weight, li.CancelledDate = e.text("Renamed"), !li.IsGift, e.maybeNull(), e.maybeWhen()
		return "line fields"
	case k == 9:
		o.Items = insert(e, o.Items, e.line())
		return "add line"
	case k == 10:
		o.Items = remove(e, o.Items)
		return "remove line"
	case k == 11 && li != nil:
		if e.coin() {
			li.Discounts = insert(e, li.Discounts, order.Discount{ID: order.NewID(), Coupon: e.text("C"), DiscountAmount: e.money()})
		} else {
			li.Discounts = remove(e, li.Discounts)
		}
		return "line discount"
	case k == 12 && li != nil:
		if e.coin() {
			li.ConfigurationItems = insert(e, li.ConfigurationItems, order.ConfigurationItem{ID: order.NewID(), Name: e.text("Part"),
				Quantity: 1, SalePrice: e.money(), Files: []order.ConfigurationItemFile{{ID: order.NewID(), URL: e.text("https://f")}}})
		} else {
			li.ConfigurationItems = remove(e, li.ConfigurationItems)
		}
		return "line configuration"
	case k == 13 && sh != nil:
		sh.Status, sh.TrackingNumber, sh.DeliveryDate = []string{"New", "PickPack", "Sent"}[e.intn(3)], e.text("TRK"), e.maybeWhen()
		return "shipment fields"
	case k == 14 && sh != nil:
		switch {
		case sh.DeliveryAddress == nil:
			sh.DeliveryAddress = e.address()
		case e.coin():
			sh.DeliveryAddress = nil
		default:
			sh.DeliveryAddress.City, sh.DeliveryAddress.PostalCode = e.text("City"), e.text("PC")
		}
		return "delivery address"
	case k == 15 && sh != nil && li != nil:
		if e.coin() {
			sh.Items = insert(e, sh.Items, order.ShipmentItem{ID: order.NewID(), LineItemID: li.ID, Quantity: 1 + e.intn(3)})
		} else {
			sh.Items = remove(e, sh.Items)
		}
		return "shipment item"
	case k == 16 && sh != nil:
		if it := pick(e, sh.Items); it != nil {
			it.Quantity, it.Status = 1+e.intn(9), e.text("st")
		}
		return "shipment item quantity"
	case k == 17 && sh != nil:
		if e.coin() {
			sh.Packages = insert(e, sh.Packages, order.ShipmentPackage{ID: order.NewID(), BarCode: e.text("PKG"), Height: e.maybeNull()})
		} else {
			sh.Packages = remove(e, sh.Packages)
		}
		return "package"
	case k == 18:
		o.Shipments = insert(e, o.Shipments, e.shipment(o))
		return "add shipment"
	case k == 19:
		o.Shipments = remove(e, o.Shipments)
		return "remove shipment"
	case k == 20 && pay != nil:
		pay.Status, pay.CapturedDate, pay.Sum, pay.GatewayCode = []string{"New", "Authorized", "Paid"}[e.intn(3)], e.maybeWhen(), e.money(), e.text("gw")
		return "payment fields"
	case k == 21 && pay != nil:
		switch {
		case pay.BillingAddress == nil:
			pay.BillingAddress = e.address()
		case e.coin():
			pay.BillingAddress = nil
		default:
			pay.BillingAddress.AddressType = order.AddressType(e.intn(8))
		}
		return "billing address"
	case k == 22 && pay != nil:
		if e.coin() {
			pay.Captures = insert(e, pay.Captures, e.capture())
		} else {
			pay.Captures = remove(e, pay.Captures)
		}
		return "capture"
	case k == 23 && pay != nil:
		if c := pick(e, pay.Captures); c != nil {
			c.Amount, c.CloseTransaction = e.money(), !c.CloseTransaction
			if it := pick(e, c.Items); it != nil {
				it.Quantity++
			}
		}
		return "capture fields"
	case k == 24 && pay != nil:
		if e.coin() {
			pay.Refunds = insert(e, pay.Refunds, e.refund())
		} else {
			pay.Refunds = remove(e, pay.Refunds)
		}
		return "refund"
	case k == 25 && pay != nil:
		if r := pick(e, pay.Refunds); r != nil {
			r.ReasonCode, r.RejectReasonMessage, r.Amount = order.RefundReasonCodes[e.intn(4)], e.text("rejected"), e.money()
		}
		return "refund fields"
	case k == 26 && pay != nil:
		if e.coin() {
			pay.Transactions = insert(e, pay.Transactions, order.PaymentGatewayTransaction{ID: order.NewID(), Amount: e.money(),
				Type: "Capture", ProcessedDate: e.maybeWhen(), ProcessAttemptCount: e.intn(3)})
		} else {
			pay.Transactions = remove(e, pay.Transactions)
		}
		return "transaction"
	case k == 27:
		if e.coin() {
			o.InPayments = insert(e, o.InPayments, order.PaymentIn{
				Operation:      order.Operation{ID: order.NewID(), Number: e.text("PI"), Status: "New", Sum: e.money()},
				BillingAddress: e.address(), Captures: []order.Capture{e.capture()}, Refunds: []order.Refund{e.refund()}})
		} else {
			o.InPayments = remove(e, o.InPayments)
		}
		return "payment"
	case k == 28:
		if e.coin() {
			o.Addresses = insert(e, o.Addresses, *e.address())
		} else {
			o.Addresses = remove(e, o.Addresses)
		}
		return "order address"
	case k == 29:
		if a := pick(e, o.Addresses); a != nil {
			a.City, a.Email = e.text("City"), []string{"", e.text("mail")}[e.intn(2)]
		}
		return "order address fields"
	case k == 30:
		switch p := pick(e, o.DynamicProperties); {
		case p == nil || e.intn(3) == 0:
			o.DynamicProperties = insert(e, o.DynamicProperties, e.props()[0])
		case e.coin():
			o.DynamicProperties = remove(e, o.DynamicProperties)
		default:
			p.Values = append(p.Values, e.props()[0].Values[0])
		}
		return "custom fields"
	case k == 31:
		if p := pick(e, o.DynamicProperties); p != nil {
			if v := pick(e, p.Values); v != nil {
				v.ShortText, v.Integer, v.DateTime = e.text("v"), int64(e.intn(100)), e.maybeWhen()
			}
		}
		return "custom field value"
	case k == 32:
		switch e.intn(3) {
		case 0:
			o.Discounts = insert(e, o.Discounts, order.Discount{ID: order.NewID(), Coupon: e.text("C"), DiscountAmount: e.money()})
		case 1:
			o.TaxDetails = insert(e, o.TaxDetails, order.TaxDetail{ID: order.NewID(), Name: e.text("tax"), Rate: dec("0.05"), Amount: e.money()})
		default:
			o.FeeDetails = remove(e, o.FeeDetails)
		}
		return "order details"
	case k == 33:
		if d := pick(e, o.TaxDetails); d != nil {
			d.Amount = e.money()
		}
		o.Discounts = remove(e, o.Discounts)
		return "order detail edits"
	case k == 34:
		// Rows not yet through EnsureIDs: keyed by position.
		o.FeeDetails = insert(e, o.FeeDetails, order.FeeDetail{FeeID: e.text("fee"), Amount: e.money()})
		return "fee detail without id"
	case k == 35 && len(o.Items) > 1:
		i, j := e.intn(len(o.Items)), e.intn(len(o.Items))
		o.Items[i], o.Items[j] = o.Items[j], o.Items[i]
		return "reorder lines"
	case k == 36 && sh != nil && len(sh.Items) > 1:
		slices.Reverse(sh.Items)
		sh.Items = remove(e, sh.Items)
		return "reorder and remove shipment items"
	case k == 37 && li != nil:
		li.ID = order.NewID() // an id change is a remove and an add
		return "line id"
	case k == 38:
		if len(o.Shipments) > 0 {
			o.Shipments[0].Items = nil
		}
		return "clear shipment items"
	}
	return "no-op"
}

// TestRandomEdits checks on hundreds of random edits that Apply(prev, Diff(prev, next)) is next,
// that Revert goes back to prev, that change sets survive a JSON round trip (how they are stored),
// and that replaying the whole chain from nil, and reverting it back to nil, works.
func TestRandomEdits(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3} {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			t.Parallel()
			e := &editor{r: rand.New(rand.NewPCG(seed, 99))}
			start := sampleOrder()
			chain := [][]Change{Diff(nil, start)}
			states := []*order.CustomerOrder{start}
			prev := start
			ops := map[Op]int{}
			for i := range 150 {
				next := prev.Clone()
				what := e.edit(next)
				if e.intn(4) == 0 { // sometimes several edits in one save
					what += " + " + e.edit(next)
				}
				step := fmt.Sprintf("edit %d (%s)", i, what)
				d := Diff(prev, next)
				if (len(d) == 0) != equalFlat(prev, next) {
					t.Fatalf("%s: %d changes but flat forms equal=%v", step, len(d), equalFlat(prev, next))
				}
				d = viaJSON(t, d)
				got, err := Apply(prev, d)
				if err != nil {
					t.Fatalf("%s: apply: %v", step, err)
				}
				sameState(t, step+" apply", got, next)
				back, err := Revert(next, d)
				if err != nil {
					t.Fatalf("%s: revert: %v", step, err)
				}
				sameState(t, step+" revert", back, prev)
				names := NamesOf(next, prev)
				for _, c := range d {
					ops[c.Op]++
					if Describe(c, names) == "" {
						t.Fatalf("%s: empty sentence for %+v", step, c)
					}
				}
				chain = append(chain, d)
				states = append(states, next)
				prev = next
			}

			var s *order.CustomerOrder
			for k, d := range chain {
				var err error
				if s, err = Apply(s, d); err != nil {
					t.Fatalf("replay %d: %v", k, err)
				}
				if k%25 == 0 {
					sameState(t, fmt.Sprintf("replay %d", k), s, states[k])
				}
			}
			sameState(t, "replay", s, prev)
			t.Logf("final order: %d lines, %d shipments, %d payments, %d flat fields",
				len(prev.Items), len(prev.Shipments), len(prev.InPayments), len(Flatten(prev)))
			t.Logf("%d change sets, changes by op: %v", len(chain), ops)
			for _, op := range []Op{Added, Removed, Changed, Reordered} {
				if ops[op] == 0 {
					t.Errorf("no %s change was exercised", op)
				}
			}
			for k := len(chain) - 1; k >= 0; k-- {
				var err error
				if s, err = Revert(s, chain[k]); err != nil {
					t.Fatalf("revert chain %d: %v", k, err)
				}
			}
			if s != nil {
				t.Fatalf("reverting the whole chain gave %+v, want nil", s)
			}
		})
	}
}

func equalFlat(a, b *order.CustomerOrder) bool {
	return slices.Equal(leavesOf(encode(a)), leavesOf(encode(b)))
}

func viaJSON(t *testing.T, d []Change) []Change {
	t.Helper()
	b, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	var out []Change
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}
