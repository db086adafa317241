package order

import (
	"slices"
	"time"
)

// Clone returns a deep copy of the order: nothing reachable from the copy is shared with the
// original (decimals are immutable values and may be shared), so the copy can be edited while the
// original stays the "before" side of a diff. Nil and empty slices are preserved as they are.
func (o *CustomerOrder) Clone() *CustomerOrder {
	if o == nil {
		return nil
	}
	c := *o
	c.Operation = cloneOperation(o.Operation)
	c.OrderTotals = slices.Clone(o.OrderTotals)
	c.Addresses = slices.Clone(o.Addresses) // Address holds values only
	c.Discounts = slices.Clone(o.Discounts)
	c.TaxDetails = slices.Clone(o.TaxDetails)
	c.FeeDetails = slices.Clone(o.FeeDetails)
	c.Items = cloneEach(o.Items, cloneLineItem)
	c.Shipments = cloneEach(o.Shipments, cloneShipment)
	c.InPayments = cloneEach(o.InPayments, clonePayment)
	c.Tags, c.TagIDs = slices.Clone(o.Tags), slices.Clone(o.TagIDs)
	return &c
}

func cloneEach[T any](in []T, f func(T) T) []T {
	if in == nil {
		return nil
	}
	out := make([]T, len(in))
	for i, v := range in {
		out[i] = f(v)
	}
	return out
}

func cloneTime(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	v := *t
	return &v
}

func cloneAudit(a Audit) Audit {
	a.ModifiedDate = cloneTime(a.ModifiedDate)
	return a
}

func cloneAddress(a *Address) *Address {
	if a == nil {
		return nil
	}
	v := *a
	return &v
}

func cloneOperation(op Operation) Operation {
	op.CancelledDate = cloneTime(op.CancelledDate)
	op.DynamicProperties = cloneProps(op.DynamicProperties)
	op.Audit = cloneAudit(op.Audit)
	return op
}

func cloneProps(ps []DynamicProperty) []DynamicProperty {
	return cloneEach(ps, func(p DynamicProperty) DynamicProperty {
		p.Values = cloneEach(p.Values, func(v DynamicPropertyValue) DynamicPropertyValue {
			v.DateTime = cloneTime(v.DateTime)
			return v
		})
		return p
	})
}

func cloneLineItem(li LineItem) LineItem {
	li.CancelledDate = cloneTime(li.CancelledDate)
	li.Audit = cloneAudit(li.Audit)
	li.Discounts = slices.Clone(li.Discounts)
	li.TaxDetails = slices.Clone(li.TaxDetails)
	li.FeeDetails = slices.Clone(li.FeeDetails)
	li.DynamicProperties = cloneProps(li.DynamicProperties)
	li.ConfigurationItems = cloneEach(li.ConfigurationItems, func(ci ConfigurationItem) ConfigurationItem {
		ci.Audit = cloneAudit(ci.Audit)
		ci.Files = cloneEach(ci.Files, func(f ConfigurationItemFile) ConfigurationItemFile {
			f.Audit = cloneAudit(f.Audit)
			return f
		})
		return ci
	})
	return li
}

func cloneLinePtr(li *LineItem) *LineItem {
	if li == nil {
		return nil
	}
	c := cloneLineItem(*li)
	return &c
}

func cloneShipment(s Shipment) Shipment {
	s.Operation = cloneOperation(s.Operation)
	s.DeliveryDate = cloneTime(s.DeliveryDate)
	s.DeliveryAddress = cloneAddress(s.DeliveryAddress)
	s.Items = cloneEach(s.Items, func(it ShipmentItem) ShipmentItem {
		it.Audit = cloneAudit(it.Audit)
		it.LineItem = cloneLinePtr(it.LineItem)
		return it
	})
	s.Packages = cloneEach(s.Packages, func(p ShipmentPackage) ShipmentPackage {
		p.Audit = cloneAudit(p.Audit)
		return p
	})
	s.InPayments = cloneEach(s.InPayments, clonePayment)
	s.Discounts = slices.Clone(s.Discounts)
	s.TaxDetails = slices.Clone(s.TaxDetails)
	s.FeeDetails = slices.Clone(s.FeeDetails)
	return s
}

func clonePayment(p PaymentIn) PaymentIn {
	p.Operation = cloneOperation(p.Operation)
	p.IncomingDate = cloneTime(p.IncomingDate)
	p.AuthorizedDate = cloneTime(p.AuthorizedDate)
	p.CapturedDate = cloneTime(p.CapturedDate)
	p.VoidedDate = cloneTime(p.VoidedDate)
	p.BillingAddress = cloneAddress(p.BillingAddress)
	p.Transactions = cloneEach(p.Transactions, func(t PaymentGatewayTransaction) PaymentGatewayTransaction {
		t.ProcessedDate = cloneTime(t.ProcessedDate)
		t.Audit = cloneAudit(t.Audit)
		return t
	})
	p.Captures = cloneEach(p.Captures, func(c Capture) Capture {
		c.Operation = cloneOperation(c.Operation)
		c.Items = cloneEach(c.Items, func(it CaptureItem) CaptureItem {
			it.Audit = cloneAudit(it.Audit)
			it.LineItem = cloneLinePtr(it.LineItem)
			return it
		})
		return c
	})
	p.Refunds = cloneEach(p.Refunds, func(r Refund) Refund {
		r.Operation = cloneOperation(r.Operation)
		r.Items = cloneEach(r.Items, func(it RefundItem) RefundItem {
			it.Audit = cloneAudit(it.Audit)
			it.LineItem = cloneLinePtr(it.LineItem)
			return it
		})
		return r
	})
	p.Discounts = slices.Clone(p.Discounts)
	p.TaxDetails = slices.Clone(p.TaxDetails)
	p.FeeDetails = slices.Clone(p.FeeDetails)
	return p
}
