package store

import (
	"orderdesk/internal/order"
)

// orderRows is an order aggregate as table rows.
type orderRows struct {
	header       []*orderRow
	lines        []*lineRow
	configs      []*configRow
	files        []*fileRow
	shipments    []*shipmentRow
	shipItems    []*shipItemRow
	packages     []*packageRow
	payments     []*paymentRow
	transactions []*transactionRow
	captures     []*captureRow
	captureItems []*captureItemRow
	refunds      []*refundRow
	refundItems  []*refundItemRow
	addresses    []*addressRow
	discounts    []*discountRow
	taxes        []*taxRow
	fees         []*feeRow
	props        []*propRow
	tags         []tagRow
}

// sets lists every table with its rows, in the order writes go to the database.
func (rs *orderRows) sets() []rowSet {
	return []rowSet{
		rowsIn[orderRow]{ordersTable, rs.header},
		rowsIn[lineRow]{lineItemsTable, rs.lines},
		rowsIn[configRow]{configItemsTable, rs.configs},
		rowsIn[fileRow]{configFilesTable, rs.files},
		rowsIn[shipmentRow]{shipmentsTable, rs.shipments},
		rowsIn[shipItemRow]{shipmentItemsTable, rs.shipItems},
		rowsIn[packageRow]{shipmentPackagesTable, rs.packages},
		rowsIn[paymentRow]{paymentsTable, rs.payments},
		rowsIn[transactionRow]{transactionsTable, rs.transactions},
		rowsIn[captureRow]{capturesTable, rs.captures},
		rowsIn[captureItemRow]{captureItemsTable, rs.captureItems},
		rowsIn[refundRow]{refundsTable, rs.refunds},
		rowsIn[refundItemRow]{refundItemsTable, rs.refundItems},
		rowsIn[addressRow]{addressesTable, rs.addresses},
		rowsIn[discountRow]{discountsTable, rs.discounts},
		rowsIn[taxRow]{taxDetailsTable, rs.taxes},
		rowsIn[feeRow]{feeDetailsTable, rs.fees},
		rowsIn[propRow]{propsTable, rs.props},
	}
}

// rowsOf flattens o into rows that point into o: normalizing or stamping them changes o. Parent
// ids are taken from the structs, so call o.EnsureIDs first.
func rowsOf(o *order.CustomerOrder) *orderRows {
	rs := &orderRows{header: []*orderRow{{o}}}
	oid := o.ID
	details := func(ownerType, ownerID string, ds []order.Discount, ts []order.TaxDetail, fs []order.FeeDetail) {
		for i := range ds {
			rs.discounts = append(rs.discounts, &discountRow{oid, ownerType, ownerID, i, &ds[i]})
		}
		for i := range ts {
			rs.taxes = append(rs.taxes, &taxRow{oid, ownerType, ownerID, i, &ts[i]})
		}
		for i := range fs {
			rs.fees = append(rs.fees, &feeRow{oid, ownerType, ownerID, i, &fs[i]})
		}
	}
	props := func(ownerType, ownerID string, ps []order.DynamicProperty) {
		for i := range ps {
			p := &ps[i]
			if len(p.Values) == 0 {
				rs.props = append(rs.props, &propRow{ownerType, ownerID, i, -1, p, &order.DynamicPropertyValue{}})
			}
			for j := range p.Values {
				rs.props = append(rs.props, &propRow{ownerType, ownerID, i, j, p, &p.Values[j]})
			}
		}
	}
	address := func(ownerType, ownerID string, pos int, a *order.Address) {
		if a != nil {
			rs.addresses = append(rs.addresses, &addressRow{oid, ownerType, ownerID, pos, a})
		}
	}

	for i := range o.Addresses {
		address(ownerOrder, oid, i, &o.Addresses[i])
	}
	details(ownerOrder, oid, o.Discounts, o.TaxDetails, o.FeeDetails)
	props(ownerOrder, oid, o.DynamicProperties)

	for i := range o.Items {
		li := &o.Items[i]
		rs.lines = append(rs.lines, &lineRow{i, li})
		details(ownerLine, li.ID, li.Discounts, li.TaxDetails, li.FeeDetails)
		props(ownerLine, li.ID, li.DynamicProperties)
		for j := range li.ConfigurationItems {
			ci := &li.ConfigurationItems[j]
			rs.configs = append(rs.configs, &configRow{j, ci})
			for k := range ci.Files {
				rs.files = append(rs.files, &fileRow{k, &ci.Files[k]})
			}
		}
	}
	for i := range o.Shipments {
		s := &o.Shipments[i]
		rs.shipments = append(rs.shipments, &shipmentRow{i, s})
		address(ownerShipment, s.ID, 0, s.DeliveryAddress)
		details(ownerShipment, s.ID, s.Discounts, s.TaxDetails, s.FeeDetails)
		props(ownerShipment, s.ID, s.DynamicProperties)
		for j := range s.Items {
			rs.shipItems = append(rs.shipItems, &shipItemRow{j, &s.Items[j]})
		}
		for j := range s.Packages {
			rs.packages = append(rs.packages, &packageRow{j, &s.Packages[j]})
		}
	}
	for i := range o.InPayments {
		p := &o.InPayments[i]
		rs.payments = append(rs.payments, &paymentRow{i, p})
		address(ownerPayment, p.ID, 0, p.BillingAddress)
		details(ownerPayment, p.ID, p.Discounts, p.TaxDetails, p.FeeDetails)
		props(ownerPayment, p.ID, p.DynamicProperties)
		for j := range p.Transactions {
			rs.transactions = append(rs.transactions, &transactionRow{j, &p.Transactions[j]})
		}
		for j := range p.Captures {
			c := &p.Captures[j]
			rs.captures = append(rs.captures, &captureRow{j, c})
			props(ownerCapture, c.ID, c.DynamicProperties)
			for k := range c.Items {
				rs.captureItems = append(rs.captureItems, &captureItemRow{k, &c.Items[k]})
			}
		}
		for j := range p.Refunds {
			r := &p.Refunds[j]
			rs.refunds = append(rs.refunds, &refundRow{j, r})
			props(ownerRefund, r.ID, r.DynamicProperties)
			for k := range r.Items {
				rs.refundItems = append(rs.refundItems, &refundItemRow{k, &r.Items[k]})
			}
		}
	}
	return rs
}

// ownerKey names the document an owned row or custom-field value belongs to.
type ownerKey struct{ typ, id string }

// children groups loaded child rows by their parent id, keeping their order.
func children[T any](rows []*item[T], parent func(*T) string) map[string][]T {
	out := map[string][]T{}
	for _, r := range rows {
		k := parent(r.v)
		out[k] = append(out[k], *r.v)
	}
	return out
}

func ownedBy[T any](rows []*owned[T], setOrder func(*T, string)) map[ownerKey][]T {
	out := map[ownerKey][]T{}
	for _, r := range rows {
		setOrder(r.v, r.orderID)
		k := ownerKey{r.ownerType, r.ownerID}
		out[k] = append(out[k], *r.v)
	}
	return out
}

// assemble builds the order tree from loaded rows (sorted by owner and position). Computed
// fields are left to Recalculate.
func (rs *orderRows) assemble() *order.CustomerOrder {
	o := rs.header[0].o

	addresses := ownedBy(rs.addresses, func(a *order.Address, id string) { a.OrderID = id })
	discounts := ownedBy(rs.discounts, func(d *order.Discount, id string) { d.OrderID = id })
	taxes := ownedBy(rs.taxes, func(d *order.TaxDetail, id string) { d.OrderID = id })
	fees := ownedBy(rs.fees, func(d *order.FeeDetail, id string) { d.OrderID = id })
	props := map[ownerKey][]order.DynamicProperty{}
	lastProp := map[ownerKey]int{}
	for _, r := range rs.props {
		k := ownerKey{r.ownerType, r.ownerID}
		ps := props[k]
		if last, ok := lastProp[k]; !ok || last != r.propPos {
			p := *r.p
			p.Values = nil
			ps = append(ps, p)
			lastProp[k] = r.propPos
		}
		if r.valuePos >= 0 {
			ps[len(ps)-1].Values = append(ps[len(ps)-1].Values, *r.v)
		}
		props[k] = ps
	}
	one := func(k ownerKey) *order.Address {
		if as := addresses[k]; len(as) > 0 {
			a := as[0]
			return &a
		}
		return nil
	}

	k := ownerKey{ownerOrder, o.ID}
	o.Addresses, o.Discounts, o.TaxDetails, o.FeeDetails = addresses[k], discounts[k], taxes[k], fees[k]
	o.DynamicProperties = props[k]

	files := children(rs.files, func(f *order.ConfigurationItemFile) string { return f.ConfigurationItemID })
	for _, r := range rs.configs {
		r.v.Files = files[r.v.ID]
	}
	configs := children(rs.configs, func(c *order.ConfigurationItem) string { return c.LineItemID })
	for _, r := range rs.lines {
		li := r.v
		k := ownerKey{ownerLine, li.ID}
		li.ConfigurationItems = configs[li.ID]
		li.Discounts, li.TaxDetails, li.FeeDetails = discounts[k], taxes[k], fees[k]
		li.DynamicProperties = props[k]
		o.Items = append(o.Items, *li)
	}

	shipItems := children(rs.shipItems, func(it *order.ShipmentItem) string { return it.ShipmentID })
	packages := children(rs.packages, func(p *order.ShipmentPackage) string { return p.ShipmentID })
	for _, r := range rs.shipments {
		s := r.v
		k := ownerKey{ownerShipment, s.ID}
		s.Items, s.Packages = shipItems[s.ID], packages[s.ID]
		s.DeliveryAddress = one(k)
		s.Discounts, s.TaxDetails, s.FeeDetails = discounts[k], taxes[k], fees[k]
		s.DynamicProperties = props[k]
		o.Shipments = append(o.Shipments, *s)
	}

	captureItems := children(rs.captureItems, func(it *order.CaptureItem) string { return it.CaptureID })
	for _, r := range rs.captures {
		r.v.Items = captureItems[r.v.ID]
		r.v.DynamicProperties = props[ownerKey{ownerCapture, r.v.ID}]
	}
	refundItems := children(rs.refundItems, func(it *order.RefundItem) string { return it.RefundID })
	for _, r := range rs.refunds {
		r.v.Items = refundItems[r.v.ID]
		r.v.DynamicProperties = props[ownerKey{ownerRefund, r.v.ID}]
	}
	transactions := children(rs.transactions, func(t *order.PaymentGatewayTransaction) string { return t.PaymentID })
	captures := children(rs.captures, func(c *order.Capture) string { return c.PaymentID })
	refunds := children(rs.refunds, func(r *order.Refund) string { return r.PaymentID })
	for _, r := range rs.payments {
		p := r.v
		k := ownerKey{ownerPayment, p.ID}
		p.Transactions, p.Captures, p.Refunds = transactions[p.ID], captures[p.ID], refunds[p.ID]
		p.BillingAddress = one(k)
		p.Discounts, p.TaxDetails, p.FeeDetails = discounts[k], taxes[k], fees[k]
		p.DynamicProperties = props[k]
		o.InPayments = append(o.InPayments, *p)
	}
	giveTags(o, rs.tags)
	return o
}
