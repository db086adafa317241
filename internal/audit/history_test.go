package audit

import (
	"slices"
	"testing"

	"github.com/shopspring/decimal"

	"orderdesk/internal/order"
)

// single returns the one change of an edit of the sample order (for changes that make one).
func changesOf(edit func(o *order.CustomerOrder)) (before, after *order.CustomerOrder, changes []Change) {
	before = sampleOrder()
	after = sampleOrder()
	edit(after)
	return before, after, Diff(before, after)
}

func TestTopicDocumentAndAmount(t *testing.T) {
	for _, tc := range []struct {
		name    string
		edit    func(o *order.CustomerOrder)
		path    string
		topic   Topic
		doc, id string
		amount  string // "" when the change shows no amount
	}{
		{"line price", func(o *order.CustomerOrder) { o.Items[0].Price = dec("12") }, "items[L1].price", TopicPrice, DocLine, "L1", "12"},
		{"line discount", func(o *order.CustomerOrder) { o.Items[0].DiscountAmount = dec("3") }, "items[L1].discountAmount", TopicDiscount, DocLine, "L1", "3"},
		{"quantity", func(o *order.CustomerOrder) { o.Items[1].Quantity = 4 }, "items[L2].quantity", TopicQuantity, DocLine, "L2", ""},
		{"order status", func(o *order.CustomerOrder) { o.Status = "Processing" }, "status", TopicStatus, DocOrder, "", ""},
		{"shipment cancelled", func(o *order.CustomerOrder) { o.Shipments[1].IsCancelled = true }, "shipments[S2].isCancelled", TopicCancellation, DocShipment, "S2", ""},
		{"refund amount", func(o *order.CustomerOrder) { o.InPayments[0].Refunds[0].Amount = dec("6") }, "inPayments[P1].refunds[R1].amount", TopicRefund, DocRefund, "R1", "6"},
		{"refund status is a status", func(o *order.CustomerOrder) { o.InPayments[0].Refunds[0].Status = "Rejected" }, "inPayments[P1].refunds[R1].status", TopicStatus, DocRefund, "R1", ""},
		{"capture transaction", func(o *order.CustomerOrder) { o.InPayments[0].Captures[0].TransactionID = "X" }, "inPayments[P1].captures[C1].transactionId", TopicCapture, DocCapture, "C1", ""},
		{"refund added", func(o *order.CustomerOrder) {
			o.InPayments[0].Refunds = append(o.InPayments[0].Refunds, order.Refund{Operation: order.Operation{ID: "R2", Number: "RF-2"}, Amount: dec("150")})
		}, "inPayments[P1].refunds[R2]", TopicRefund, DocRefund, "R2", "150"},
		{"billing city", func(o *order.CustomerOrder) { o.Addresses[0].City = "Lyon" }, "addresses[A-BILL].city", TopicAddress, DocOrder, "", ""},
		{"tracking", func(o *order.CustomerOrder) { o.Shipments[0].TrackingNumber = "T1" }, "shipments[S1].trackingNumber", TopicShipment, DocShipment, "S1", ""},
		{"assignee", func(o *order.CustomerOrder) { o.EmployeeID = "emp-1" }, "employeeId", TopicAssignee, DocOrder, "", ""},
		{"custom field", func(o *order.CustomerOrder) { o.DynamicProperties[0].Values[0].ShortText = "Hi" }, "dynamicProperties[P-GIFT].values[V1].shortTextValue", TopicCustom, DocOrder, "", ""},
		{"line removed", func(o *order.CustomerOrder) { o.Items = o.Items[:2] }, "items[L3]", TopicLine, DocLine, "L3", "4.99"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, changes := changesOf(tc.edit)
			i := slices.IndexFunc(changes, func(c Change) bool { return c.Path == tc.path })
			if i < 0 {
				t.Fatalf("no change at %s in %v", tc.path, changes)
			}
			c := changes[i]
			if got := TopicOf(c); got != tc.topic {
				t.Errorf("topic %s, want %s", got, tc.topic)
			}
			if doc, id := DocumentOf(c); doc != tc.doc || id != tc.id {
				t.Errorf("document %s %q, want %s %q", doc, id, tc.doc, tc.id)
			}
			amount, ok := AmountOf(c)
			switch {
			case tc.amount == "" && ok:
				t.Errorf("amount %s, want none", amount)
			case tc.amount != "" && (!ok || !amount.Equal(decimal.RequireFromString(tc.amount))):
				t.Errorf("amount %s (%v), want %s", amount, ok, tc.amount)
			}
		})
	}
}

func TestComputedTotalsAreTheirOwnTopic(t *testing.T) {
	_, _, changes := changesOf(func(o *order.CustomerOrder) {
		o.Items[0].Quantity = 3
		order.Recalculate(o, order.EUR)
	})
	topics := map[Topic]int{}
	for _, c := range changes {
		topics[TopicOf(c)]++
	}
	if topics[TopicQuantity] != 1 || topics[TopicTotals] == 0 || topics[TopicPrice] != 0 {
		t.Errorf("topics %v: want one quantity change, some totals, no price", topics)
	}
}

func TestNeedReason(t *testing.T) {
	pct := func(s string) ReasonRules {
		r := DefaultReasonRules()
		r.DiscountAbovePercent = decimal.NewNullDecimal(dec(s))
		return r
	}
	off := ReasonRules{}
	for _, tc := range []struct {
		name  string
		rules ReasonRules
		edit  func(o *order.CustomerOrder)
		want  []string
	}{
		{"comment needs none", DefaultReasonRules(), func(o *order.CustomerOrder) { o.Comment = "hello" }, nil},
		{"price override", DefaultReasonRules(), func(o *order.CustomerOrder) { o.Items[0].Price = dec("9") },
			[]string{`price of line SKU-1 "Widget"`}},
		{"price override not asked", off, func(o *order.CustomerOrder) { o.Items[0].Price = dec("9") }, nil},
		{"small discount", DefaultReasonRules(), func(o *order.CustomerOrder) { o.Items[1].DiscountAmount = dec("2.55") }, nil},
		{"discount above 10 %", DefaultReasonRules(), func(o *order.CustomerOrder) { o.Items[1].DiscountAmount = dec("2.56") },
			[]string{`discount on line SKU-2 "Gadget"`}},
		{"discount above a 50 % threshold", pct("50"), func(o *order.CustomerOrder) { o.Items[1].DiscountAmount = dec("12") }, nil},
		{"discount lowered", pct("0"), func(o *order.CustomerOrder) { o.Items[0].DiscountAmount = dec("0.5") }, nil},
		{"order discount", DefaultReasonRules(), func(o *order.CustomerOrder) { o.DiscountAmount = o.SubTotal.Div(dec("5")) },
			[]string{"discount on the order"}},
		{"new line with a big discount", DefaultReasonRules(), func(o *order.CustomerOrder) {
			o.Items = append(o.Items, order.LineItem{ID: "L9", Sku: "SKU-9", Name: "Nine", Price: dec("10"), DiscountAmount: dec("5"), Quantity: 1})
		}, []string{`discount on line SKU-9 "Nine"`}},
		{"refund", DefaultReasonRules(), func(o *order.CustomerOrder) {
			o.InPayments[0].Refunds = append(o.InPayments[0].Refunds, order.Refund{Operation: order.Operation{ID: "R2", Number: "RF-2"}, Amount: dec("1")})
		}, []string{"payment PI241123-00001 refund RF-2 added"}},
		{"order cancelled", DefaultReasonRules(), func(o *order.CustomerOrder) { o.IsCancelled, o.Status = true, order.OrderCancelled },
			[]string{"cancelling the order"}},
		{"shipment cancelled", DefaultReasonRules(), func(o *order.CustomerOrder) { o.Shipments[0].IsCancelled = true },
			[]string{"cancelling shipment SH241123-00001"}},
		{"cancellation not asked", off, func(o *order.CustomerOrder) { o.Shipments[0].IsCancelled = true }, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before, after, _ := changesOf(tc.edit)
			order.Recalculate(after, order.EUR)
			changes := Diff(before, after)
			if got := tc.rules.NeedReason(before, after, changes); !slices.Equal(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
	o := sampleOrder()
	if got := DefaultReasonRules().NeedReason(nil, o, Diff(nil, o)); got != nil {
		t.Errorf("a new order needs a reason: %q", got)
	}
}

func TestNamesUsedDescribeAlone(t *testing.T) {
	before, after, changes := changesOf(func(o *order.CustomerOrder) {
		o.Items[0].Price = dec("12")
		o.Shipments[0].Status = "Sent"
		o.Items = o.Items[:2]
	})
	names := NamesOf(after, before)
	used := NamesUsed(changes, names)
	if len(used) == 0 || len(used) > 10 {
		t.Fatalf("%d names kept: %v", len(used), used)
	}
	for _, c := range changes {
		if got, want := Describe(c, used), Describe(c, names); got != want {
			t.Errorf("with the kept names %q, with all %q", got, want)
		}
	}
}

func TestLeavesRoundTrip(t *testing.T) {
	o := sampleOrder()
	back, err := FromLeaves(Leaves(o))
	if err != nil {
		t.Fatal(err)
	}
	if d := Diff(o, back); len(d) != 0 {
		t.Errorf("rebuilt order differs: %s", Describe(d[0], nil))
	}
	if back, err := FromLeaves(nil); back != nil || err != nil {
		t.Errorf("no leaves: %v, %v", back, err)
	}
}

func TestMatches(t *testing.T) {
	for _, tc := range []struct {
		kw    string
		texts []string
		want  bool
	}{
		{"", []string{"x"}, true},
		{"sku-1", []string{`Line SKU-1 "Widget": price 10.00 → 12.00`}, true},
		{"sku-1 paris", []string{`Line SKU-1`, "Billing address city Paris → Lyon"}, true},
		{"sku-1 nantes", []string{`Line SKU-1`, "Billing address city Paris → Lyon"}, false},
	} {
		if got := Matches(tc.kw, tc.texts...); got != tc.want {
			t.Errorf("Matches(%q, %q) = %v", tc.kw, tc.texts, got)
		}
	}
}

func TestDescribeWithoutMoney(t *testing.T) {
	before, after, changes := changesOf(func(o *order.CustomerOrder) {
		o.Items[0].Price = dec("12.34")
		o.Items[1].Quantity = 5
		o.Items = append(o.Items, order.LineItem{ID: "L9", Sku: "SKU-9", Name: "Nine", Price: dec("56.78"), Quantity: 2})
	})
	names := NamesOf(after, before)
	var got []string
	for _, c := range changes {
		got = append(got, DescribeWithoutMoney(c, names))
	}
	want := []string{`Line SKU-1 "Widget": price ••• → •••`, `Line SKU-2 "Gadget": quantity 1 → 5`, `Line SKU-9 "Nine" added: 2 × •••`}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestApplyAllReplaysInOneGo(t *testing.T) {
	v0 := sampleOrder()
	v1 := sampleOrder()
	v1.Items[0].Price = dec("11")
	v2 := sampleOrder()
	*v2 = *v1
	v2.Items = append(append([]order.LineItem(nil), v1.Items[1:]...), order.LineItem{ID: "L7", Sku: "SKU-7", Quantity: 1, Price: dec("3")})
	v3 := sampleOrder()
	*v3 = *v2
	v3.Shipments = nil
	got, err := ApplyAll(v0, Diff(v0, v1), Diff(v1, v2), Diff(v2, v3))
	if err != nil {
		t.Fatal(err)
	}
	if d := Diff(v3, got); len(d) != 0 {
		t.Errorf("replayed order differs: %s", Describe(d[0], nil))
	}
	if _, err := ApplyAll(v0, Diff(v1, v2)); err == nil {
		t.Error("a change set that does not fit the state was applied")
	}
}

func TestNeedReasonForReturn(t *testing.T) {
	before := &order.Return{ID: "RT1", Number: "RT-1", Status: "New"}
	for _, tc := range []struct {
		name   string
		rules  ReasonRules
		status string
		want   bool
	}{
		{"approved", DefaultReasonRules(), "Approved", false},
		{"canceled", DefaultReasonRules(), "Canceled", true},
		{"cancelled spelt the other way", DefaultReasonRules(), "cancelled", true},
		{"not asked", ReasonRules{}, "Canceled", false},
	} {
		after := *before
		after.Status = tc.status
		if got := tc.rules.NeedReasonForReturn(DiffOf(before, &after)); (len(got) > 0) != tc.want {
			t.Errorf("%s: %q", tc.name, got)
		}
	}
	r := order.Return{ID: "RT2", Status: "Canceled"}
	if got := DefaultReasonRules().NeedReasonForReturn(DiffOf(nil, &r)); got != nil {
		t.Errorf("a new return needs a reason: %q", got)
	}
}
