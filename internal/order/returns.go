package order

import (
	"fmt"
	"slices"

	"github.com/shopspring/decimal"
)

// Return is an RMA record against one order (§2.11, §11). It is not part of the order
// aggregate: it references the order by id and its lines by line-item id.
type Return struct {
	ID      string `json:"id"`
	Number  string `json:"number"`
	OrderID string `json:"orderId"`
	Status  string `json:"status,omitempty"`
	// Resolution is the free-text outcome.
	Resolution string `json:"resolution,omitempty"`
	// RefundID is the refund of the order that paid this return back ("Refund this return").
	RefundID  string           `json:"refundId,omitempty"`
	LineItems []ReturnLineItem `json:"lineItems"`
	Audit
}

// ReturnLineItem returns Quantity units of one order line at Price each.
type ReturnLineItem struct {
	ID              string `json:"id"`
	ReturnID        string `json:"returnId,omitempty"`
	OrderID         string `json:"orderId,omitempty"`
	OrderLineItemID string `json:"orderLineItemId"`
	Quantity        int    `json:"quantity"`
	// Price is the unit price being returned; it defaults to the order line's Price.
	Price  decimal.Decimal `json:"price"`
	Reason string          `json:"reason,omitempty"`
	// AvailableQuantity is transient: how many units of the line this return could still take.
	AvailableQuantity int `json:"availableQuantity"`
	Audit
}

// NewReturn starts a return for the order with the initial return status. Number is left to
// the caller (global counter, template Return.ReturnNewNumberTemplate).
func NewReturn(o *CustomerOrder, rules StatusRules) Return {
	return Return{ID: NewID(), OrderID: o.ID, Status: rules.InitialStatus(TypeReturn)}
}

// NewReturnLine returns qty units of an order line, priced at the line's list Price as Virto's
// create blade pre-fills it.
func NewReturnLine(li *LineItem, qty int) ReturnLineItem {
	return ReturnLineItem{ID: NewID(), OrderID: li.OrderID, OrderLineItemID: li.ID, Quantity: qty, Price: li.Price}
}

// EnsureIDs gives the return and its lines ids and points the lines at the return and order.
func (r *Return) EnsureIDs() {
	setID(&r.ID)
	for i := range r.LineItems {
		setID(&r.LineItems[i].ID)
		r.LineItems[i].ReturnID, r.LineItems[i].OrderID = r.ID, r.OrderID
	}
}

// Amount is Σ Quantity × Price over the lines: what a refund for this return would pay back.
func (r *Return) Amount() decimal.Decimal {
	sum := decimal.Zero
	for _, l := range r.LineItems {
		sum = sum.Add(l.Price.Mul(decimal.NewFromInt(int64(l.Quantity))))
	}
	return sum
}

// SentQuantities returns, per order line id, how many units left in shipments that were sent
// and not cancelled.
func SentQuantities(o *CustomerOrder) map[string]int {
	sent := make(map[string]int, len(o.Items))
	for _, s := range o.Shipments {
		if s.IsCancelled || (s.Status != ShipmentSent && s.Status != "Send") {
			continue
		}
		for _, it := range s.Items {
			sent[it.LineItemID] += it.Quantity
		}
	}
	return sent
}

// AvailableReturnQuantities returns, per order line id, how many units can still be returned:
// max(0, sent − Σ quantities of that line in the order's other returns). excludeID is the return
// being edited, whose own lines do not count against it.
//
// Unlike Virto, which measures against the ordered quantity (§11), only units that were actually
// sent can come back, and returns in status Canceled do not count: a cancelled RMA gives its
// units back.
func AvailableReturnQuantities(o *CustomerOrder, returns []Return, excludeID string) map[string]int {
	sent := SentQuantities(o)
	avail := make(map[string]int, len(o.Items))
	for _, li := range o.Items {
		avail[li.ID] = min(li.Quantity, sent[li.ID])
	}
	for _, r := range returns {
		if r.OrderID != o.ID || (excludeID != "" && r.ID == excludeID) || r.Status == ReturnCanceled {
			continue
		}
		for _, l := range r.LineItems {
			if _, ok := avail[l.OrderLineItemID]; ok {
				avail[l.OrderLineItemID] -= l.Quantity
			}
		}
	}
	for id, n := range avail {
		avail[id] = max(0, n)
	}
	return avail
}

// FillAvailable sets AvailableQuantity on each line of r from the order and its other returns.
func (r *Return) FillAvailable(o *CustomerOrder, others []Return) {
	avail := AvailableReturnQuantities(o, others, r.ID)
	for i := range r.LineItems {
		r.LineItems[i].AvailableQuantity = avail[r.LineItems[i].OrderLineItemID]
	}
}

// ValidateReturn checks a return before it is saved: it belongs to the order, names real order
// lines, every quantity is at least 1 and, summed per line, at most what is available given the
// order's other returns (Virto's "LineItem {id} has incorrect quantity"); prices are not negative.
func ValidateReturn(r *Return, o *CustomerOrder, others []Return) error {
	fe := Problems{}
	fe.maxLen("number", r.Number, 64)
	fe.maxLen("status", r.Status, 64)
	fe.maxLen("resolution", r.Resolution, 2048)
	if r.OrderID == "" {
		fe.Add("orderId", "is required")
	} else if r.OrderID != o.ID {
		fe.Add("orderId", "does not match the order")
	}
	if len(r.LineItems) == 0 {
		fe.Add("lineItems", "a return needs at least one line")
	}
	avail := AvailableReturnQuantities(o, others, r.ID)
	used := map[string]int{}
	for i, l := range r.LineItems {
		p := fmt.Sprintf("lineItems[%d].", i)
		fe.maxLen(p+"reason", l.Reason, 1024)
		fe.nonNegative(p+"price", l.Price)
		if o.LineItem(l.OrderLineItemID) == nil {
			fe.Add(p+"orderLineItemId", fmt.Sprintf("line item %q is not in the order", l.OrderLineItemID))
			continue
		}
		used[l.OrderLineItemID] += l.Quantity
		if l.Quantity < 1 || used[l.OrderLineItemID] > avail[l.OrderLineItemID] {
			fe.Add(p+"quantity", fmt.Sprintf("LineItem %s has incorrect quantity: %d requested, %d available",
				l.OrderLineItemID, l.Quantity, avail[l.OrderLineItemID]-(used[l.OrderLineItemID]-l.Quantity)))
		}
	}
	return fe.Err()
}

// Clone returns a deep copy of the return.
func (r *Return) Clone() *Return {
	if r == nil {
		return nil
	}
	c := *r
	c.Audit = cloneAudit(r.Audit)
	c.LineItems = slices.Clone(r.LineItems)
	for i := range c.LineItems {
		c.LineItems[i].Audit = cloneAudit(r.LineItems[i].Audit)
	}
	return &c
}
