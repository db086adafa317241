package audit

import (
	"slices"
	"testing"

	"orderdesk/internal/order"
)

func TestDescribe(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(o *order.CustomerOrder)
		want []string
	}{
		{"order status", func(o *order.CustomerOrder) { o.Status = "Processing" },
			[]string{"Order status New → Processing"}},
		{"comment set and flag", func(o *order.CustomerOrder) { o.Comment, o.IsApproved = "Call first", true },
			[]string{"Order approved", "Order comment set to Call first"}},
		{"line quantity", func(o *order.CustomerOrder) { o.Items[0].Quantity = 3 },
			[]string{`Line SKU-1 "Widget": quantity 2 → 3`}},
		{"line price padded to the currency", func(o *order.CustomerOrder) { o.Items[1].Price = dec("26") },
			[]string{`Line SKU-2 "Gadget": price 25.50 → 26.00`}},
		{"sub-cent price shown exactly", func(o *order.CustomerOrder) { o.Items[1].Price = dec("25.505") },
			[]string{`Line SKU-2 "Gadget": price 25.50 → 25.505`}},
		{"null weight", func(o *order.CustomerOrder) { o.Items[1].Weight.Valid = false },
			[]string{`Line SKU-2 "Gadget": weight cleared (was 0.35)`}},
		{"shipment status", func(o *order.CustomerOrder) { o.Shipments[1].Status = "Sent" },
			[]string{"Shipment SH241123-00002 status New → Sent"}},
		{"shipment item", func(o *order.CustomerOrder) { o.Shipments[0].Items[1].Quantity = 4 },
			[]string{"Shipment SH241123-00001 item SKU-2 quantity 1 → 4"}},
		{"delivery date", func(o *order.CustomerOrder) { o.Shipments[0].DeliveryDate = at("2024-11-25T14:00:00+01:00") },
			[]string{"Shipment SH241123-00001 delivery date set to 25 Nov 2024 13:00 UTC"}},
		{"delivery address", func(o *order.CustomerOrder) { o.Shipments[0].DeliveryAddress.City = "Dijon" },
			[]string{"Shipment SH241123-00001 delivery address city Lyon → Dijon"}},
		{"billing address of the order", func(o *order.CustomerOrder) { o.Addresses[0].City = "Lyon" },
			[]string{"Billing address city Paris → Lyon"}},
		{"billing address of the payment removed", func(o *order.CustomerOrder) { o.InPayments[0].BillingAddress = nil },
			[]string{"Payment PI241123-00001 billing address removed: 3 Rue de Bretagne, Paris, 75003, France"}},
		{"capture added", func(o *order.CustomerOrder) {
			p := &o.InPayments[0]
			p.Captures = append(p.Captures, order.Capture{Operation: order.Operation{ID: "C2", Number: "CA241123-00002"}, Amount: dec("40")})
		}, []string{"Payment PI241123-00001 capture CA241123-00002 added: 40.00"}},
		{"refund reason", func(o *order.CustomerOrder) { o.InPayments[0].Refunds[0].ReasonCode = order.ReasonDuplicate },
			[]string{"Payment PI241123-00001 refund RF241123-00001 reason code Other → Duplicate"}},
		{"capture closes", func(o *order.CustomerOrder) { o.InPayments[0].Captures[0].CloseTransaction = true },
			[]string{"Payment PI241123-00001 capture CA241123-00001 closes transaction no → yes"}},
		{"line added and removed", func(o *order.CustomerOrder) {
			o.Items = append(o.Items[:2], order.LineItem{ID: "L4", Sku: "SKU-4", Name: "Doohickey", Quantity: 2, Price: dec("7.5")})
		}, []string{`Line SKU-3 "Gizmo" removed: 3 × 4.99`, `Line SKU-4 "Doohickey" added: 2 × 7.50`}},
		{"custom field value", func(o *order.CustomerOrder) { o.DynamicProperties[0].Values[0].ShortText = "Bon anniversaire" },
			[]string{`Order custom field "Gift message" value Happy birthday → Bon anniversaire`}},
		{"line custom field", func(o *order.CustomerOrder) { o.Items[2].DynamicProperties[0].Name = "Engraving text" },
			[]string{`Line SKU-3 "Gizmo" custom field "Engraving text": name Engraving → Engraving text`}},
		{"line discount", func(o *order.CustomerOrder) { o.Items[0].Discounts[0].Description = "10 % off" },
			[]string{`Line SKU-1 "Widget" discount Autumn sale description set to 10 % off`}},
		{"package", func(o *order.CustomerOrder) { o.Shipments[0].Packages[0].BarCode = "PKG-009" },
			[]string{"Shipment SH241123-00001 package PKG-009 bar code PKG-001 → PKG-009"}},
		{"totals bucket", func(o *order.CustomerOrder) { o.OrderTotals[0].TaxTotal = dec("1") },
			[]string{"Order totals EUR tax total 12.67 → 1.00"}},
		{"lines reordered", func(o *order.CustomerOrder) { slices.Reverse(o.Items) },
			[]string{"Order lines reordered"}},
		{"employee", func(o *order.CustomerOrder) { o.EmployeeID = "emp-7" },
			[]string{"Order employee ID set to emp-7"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := sampleOrder()
			after := before.Clone()
			tc.edit(after)
			names := NamesOf(after, before)
			var got []string
			for _, c := range Diff(before, after) {
				got = append(got, Describe(c, names))
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}

// Without names, elements are named by id and amounts get two decimals.
func TestDescribeWithoutNames(t *testing.T) {
	for _, tc := range []struct {
		c    Change
		want string
	}{
		{Change{Path: "items[L1].quantity", Op: Changed, Old: str("2"), New: str("3")}, "Line L1 quantity 2 → 3"},
		{Change{Path: "shipments[S1].items[SI1].quantity", Op: Changed, Old: str("1"), New: str("2")}, "Shipment S1 item SI1 quantity 1 → 2"},
		{Change{Path: "inPayments[P1].sum", Op: Changed, Old: str("5"), New: str("7.5")}, "Payment P1 sum 5.00 → 7.50"},
		{Change{Path: "addresses[#0].city", Op: Changed, Old: nil, New: str("Paris")}, "Address city set to Paris"},
		{Change{Path: "discounts[#1].coupon", Op: Changed, Old: str("A"), New: nil}, "Order discount #1 coupon cleared (was A)"},
		{Change{Path: "number", Entity: "CustomerOrder", Op: Added, New: str("CO-1")}, "Order number set to CO-1"},
		{Change{Path: "status", Entity: "Return", Op: Changed, Old: str("New"), New: str("Approved")}, "Return status New → Approved"},
		{Change{Path: "shipments[S1].items", Op: Reordered}, "Shipment S1 items reordered"},
		{Change{Path: "broken[", Op: Changed}, "broken[ changed"},
	} {
		if got := Describe(tc.c, nil); got != tc.want {
			t.Errorf("Describe(%s) = %q, want %q", tc.c.Path, got, tc.want)
		}
	}
}

// Sentences read as a person would say them: statuses and reason codes by their labels, moments
// in the desk's format (never an ISO timestamp), state fields in words, amounts hidden when the
// reader may not see prices.
func TestSentenceWording(t *testing.T) {
	labels := Wording{Statuses: order.DefaultStatusRules()}
	hidden := Wording{Statuses: order.DefaultStatusRules(), HideMoney: true}
	for _, tc := range []struct {
		name string
		c    Change
		w    Wording
		want string
	}{
		{"order status by its label", Change{Path: "status", Entity: "CustomerOrder", Op: Changed, Old: str("New"), New: str("Not payed")}, labels,
			"Order status New → Not paid"},
		{"stored status without labels", Change{Path: "status", Entity: "CustomerOrder", Op: Changed, Old: str("New"), New: str("Not payed")}, Wording{},
			"Order status New → Not payed"},
		{"shipment status", Change{Path: "shipments[S1].status", Entity: "Shipment", Op: Changed, Old: str("PickPack"), New: str("ReadyToSend")}, labels,
			"Shipment S1 status Pick & pack → Ready to send"},
		{"payment status", Change{Path: "inPayments[P1].status", Entity: "PaymentIn", Op: Changed, Old: str("Paid"), New: str("PartiallyRefunded")}, labels,
			"Payment P1 status Paid → Partially refunded"},
		{"one spelling of Cancelled", Change{Path: "status", Entity: "Return", Op: Changed, Old: str("New"), New: str("Canceled")}, labels,
			"Return status New → Cancelled"},
		{"refund reason code", Change{Path: "inPayments[P1].refunds[R1].reasonCode", Entity: "Refund", Op: Changed, Old: str("Other"), New: str("RequestedByCustomer")}, labels,
			"Payment P1 refund R1 reason code Other → Requested by customer"},
		{"a moment with microseconds", Change{Path: "cancelledDate", Entity: "CustomerOrder", Op: Changed, New: str("2026-12-01T19:17:32.551359Z")}, labels,
			"Order cancelled date set to 1 Dec 2026 19:17 UTC"},
		{"a moment with seconds", Change{Path: "inPayments[P1].capturedDate", Entity: "PaymentIn", Op: Changed, Old: str("2026-11-30T08:05:09Z"), New: str("2026-12-01T10:00:00Z")}, labels,
			"Payment P1 captured date 30 Nov 2026 08:05 UTC → 1 Dec 2026 10:00 UTC"},
		{"a date", Change{Path: "shipments[S1].deliveryDate", Entity: "Shipment", Op: Changed, New: str("2026-12-24T00:00:00Z")}, labels,
			"Shipment S1 delivery date set to 24 Dec 2026"},
		{"another zone, shown in UTC", Change{Path: "shipments[S1].deliveryDate", Entity: "Shipment", Op: Changed, New: str("2026-12-24T09:30:00+01:00")}, labels,
			"Shipment S1 delivery date set to 24 Dec 2026 08:30 UTC"},
		{"cancellation requested", Change{Path: "inPayments[P1].cancelledState", Entity: "PaymentIn", Op: Changed, Old: str("Undefined"), New: str("Requested")}, labels,
			"Payment P1 cancellation requested"},
		{"cancellation completed", Change{Path: "cancelledState", Entity: "CustomerOrder", Op: Changed, Old: nil, New: str("Completed")}, labels,
			"Order cancellation completed"},
		{"cancellation withdrawn", Change{Path: "cancelledState", Entity: "CustomerOrder", Op: Changed, Old: str("Requested"), New: str("Undefined")}, labels,
			"Order cancellation request withdrawn"},
		{"cancelled", Change{Path: "shipments[S1].isCancelled", Entity: "Shipment", Op: Changed, Old: str("false"), New: str("true")}, labels,
			"Shipment S1 cancelled"},
		{"no longer approved", Change{Path: "isApproved", Entity: "CustomerOrder", Op: Changed, Old: str("true"), New: str("false")}, labels,
			"Order no longer approved"},
		{"money hidden", Change{Path: "inPayments[P1].sum", Entity: "PaymentIn", Op: Changed, Old: str("5"), New: str("7.5")}, hidden,
			"Payment P1 sum ••• → •••"},
		{"status kept when money is hidden", Change{Path: "inPayments[P1].status", Entity: "PaymentIn", Op: Changed, Old: str("New"), New: str("PartiallyRefunded")}, hidden,
			"Payment P1 status New → Partially refunded"},
	} {
		if got := Sentence(tc.c, nil, tc.w); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestHumanize(t *testing.T) {
	for in, want := range map[string]string{
		"status": "status", "discountAmount": "discount amount", "isApproved": "approved", "employeeId": "employee ID",
		"trackingUrl": "tracking URL", "gatewayIpAddress": "gateway IP address", "island": "island", "key": "ID",
		"shortTextValue": "",
	} {
		if got := humanize(in); got != want {
			t.Errorf("humanize(%q) = %q, want %q", in, got, want)
		}
	}
}

// Tags are recorded by id and said by the names they had when the change was made.
func TestDescribeTags(t *testing.T) {
	before := &order.CustomerOrder{Tags: []string{"late", "vip"}, TagIDs: []string{"T1", "T2"}}
	after := &order.CustomerOrder{Tags: []string{"urgent", "vip"}, TagIDs: []string{"T3", "T2"}}
	changes := Diff(before, after)
	if len(changes) != 1 || changes[0].Path != "tagIds" {
		t.Fatalf("changes = %+v, want one change of tagIds", changes)
	}
	names := NamesUsed(changes, NamesOf(after, before))
	if got, want := Describe(changes[0], names), "Added tag urgent; removed tag late"; got != want {
		t.Errorf("sentence = %q, want %q", got, want)
	}
	if _, ok := names[TagNamePath("T2")]; ok {
		t.Errorf("names kept an unchanged tag: %v", names)
	}
	added := Diff(&order.CustomerOrder{}, after)
	if got, want := Describe(added[0], NamesOf(after)), "Added tags urgent and vip"; got != want {
		t.Errorf("sentence = %q, want %q", got, want)
	}
	back, err := Apply(before, changes)
	if err != nil || !slices.Equal(back.TagIDs, after.TagIDs) {
		t.Errorf("Apply = %v, %v; want tag ids %v", back.TagIDs, err, after.TagIDs)
	}
}
