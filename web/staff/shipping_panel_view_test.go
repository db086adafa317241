package staff

import (
	"fmt"
	"testing"
	"time"

	"orderdesk/internal/order"
	"orderdesk/internal/store"
	"orderdesk/templates/orderpage"
	"orderdesk/web/base"
)

// The shipping panel and each shipment's edit forms, built without a database.

func TestShippingPanel(t *testing.T) {
	none := shipOrder()
	none.Shipments = nil
	all := shipOrder()
	all.Shipments[1].Items[0].Quantity = 3 // SH-1 and SH-2 now take all 5 of A
	onlyCancelled := shipOrder()
	onlyCancelled.Shipments = onlyCancelled.Shipments[2:]
	for name, o := range map[string]*order.CustomerOrder{"some shipped": shipOrder(), "none": none, "all shipped": all, "only a cancelled shipment": onlyCancelled} {
		// What the panel should say, counted here from the lines and shipments.
		ordered, shipped, count := 0, 0, 0
		byLine := map[string]int{}
		for _, sh := range o.Shipments {
			if sh.IsCancelled {
				continue
			}
			count++
			for _, it := range sh.Items {
				byLine[it.LineItemID] += it.Quantity
			}
		}
		for _, li := range o.Items {
			if !li.IsCancelled {
				ordered += li.Quantity
				shipped += min(byLine[li.ID], li.Quantity)
			}
		}
		want := fmt.Sprintf("%d of %d units in %d shipments", shipped, ordered, count)
		if count == 0 {
			want = fmt.Sprintf("Nothing shipped yet: %d units to ship.", ordered)
		}
		sp, more := shippingPanel(o, "tok")
		if sp.Summary != want || sp.CSRF != "tok" || more != (shipped < ordered) {
			t.Errorf("%s: %q, more %v; want %q, more %v", name, sp.Summary, more, want, shipped < ordered)
		}
	}
	one := shipOrder()
	one.Shipments = one.Shipments[1:2]
	one.Items[0].Quantity = 1
	if sp, more := shippingPanel(one, ""); sp.Summary != "1 of 1 units in 1 shipment" || more {
		t.Errorf("one unit in one shipment: %q, more %v", sp.Summary, more)
	}
}

func TestShippingSavedAndPicker(t *testing.T) {
	saved := &formState{key: "shipitems:s1", saved: "SH-1 saved."}
	sp := &orderpage.Shipping{}
	if left := shippingSaved(sp, saved); left != nil || sp.Saved != "SH-1 saved." {
		t.Errorf("a saved shipment edit: left %+v, panel says %q", left, sp.Saved)
	}
	for _, st := range []*formState{nil, {key: "shipitems:s1", formErr: "no"}, {key: "money", saved: "Paid."}} {
		sp := &orderpage.Shipping{}
		if left := shippingSaved(sp, st); left != st || sp.Saved != "" {
			t.Errorf("%+v: left %+v, panel says %q", st, left, sp.Saved)
		}
	}
	st := &formState{key: "shipnew"}
	pick := formPicker(st)
	if pick("shipnew") != st || pick("shipitems:s1") != nil || formPicker(nil)("shipnew") != nil {
		t.Error("the picker gives the input to another form than its own")
	}
}

func TestTogetherView(t *testing.T) {
	rules := order.DefaultStatusRules()
	if togetherView("o1", "tok", nil, rules) != nil {
		t.Error("no candidates: want no form")
	}
	created := time.Date(2026, 2, 1, 9, 0, 0, 0, time.UTC)
	cands := []store.ShipTogetherCandidate{
		{ID: "o2", Number: "CO-2", Status: order.OrderNew, CreatedDate: created, SameAddress: true, Address: &order.Address{City: "Lyon"}},
		{ID: "o3", Number: "CO-3", Status: order.OrderProcessing, CreatedDate: created},
	}
	tv := togetherView("o1", "tok", cands, rules)
	if tv == nil || tv.OrderID != "o1" || tv.CSRF != "tok" || len(tv.Orders) != 2 {
		t.Fatalf("together %+v", tv)
	}
	for i, c := range cands {
		got := tv.Orders[i]
		if got.ID != c.ID || got.Number != c.Number || got.Status != rules.Label(order.TypeCustomerOrder, c.Status) ||
			got.Checked != c.SameAddress || got.SameAddress != c.SameAddress || got.Created != base.When(created) || got.Address != addressLine(c.Address) {
			t.Errorf("candidate %d: %+v from %+v", i, got, c)
		}
	}
	if tv.Orders[1].Address != "no shipping address" {
		t.Errorf("an order without an address: %q", tv.Orders[1].Address)
	}
}

func TestAddShipmentTools(t *testing.T) {
	rules := order.DefaultStatusRules()
	o := shipOrder()
	o.Shipments[1].Status = "Packed" // past its initial status: it can be cancelled, not removed
	docs := []orderpage.Document{
		{Kind: "Shipment", Anchor: "doc-s1"}, {Kind: "Shipment", Anchor: "doc-s2"}, {Kind: "Shipment", Anchor: "doc-s3"},
		{Kind: "Shipment", Anchor: "doc-gone"}, {Kind: "Payment", Anchor: "doc-s1"},
	}
	forms := shipmentEditForms{
		fields:  func(id string) editForm { return editForm{domID: "fields-" + id} },
		address: func(id string) editForm { return editForm{domID: "address-" + id} },
	}
	st := &formState{key: "shipcancel:s1", formErr: "Give a reason."}
	addShipmentTools(o, docs, formPicker(st), forms, "tok", true, rules)
	for i, d := range docs {
		live := d.Kind == "Shipment" && (d.Anchor == "doc-s1" || d.Anchor == "doc-s2")
		if (d.Ship != nil) != live {
			t.Errorf("document %d (%s %s): tools %v, want %v", i, d.Kind, d.Anchor, d.Ship != nil, live)
		}
	}
	for _, c := range []struct {
		doc       int
		id        string
		removable bool
	}{{0, "s1", true}, {1, "s2", false}} { // s1 is new and unpaid
		tools := docs[c.doc].Ship
		if tools == nil {
			continue
		}
		if tools.CSRF != "tok" || tools.Fields.ID != "fields-"+c.id || tools.Address.ID != "address-"+c.id || tools.Items.ID != "edit-shipitems-"+c.id {
			t.Errorf("%s: forms %q %q %q", c.id, tools.Fields.ID, tools.Address.ID, tools.Items.ID)
		}
		if tools.Cancel == nil || !tools.Cancel.Danger || !tools.Cancel.NeedReason || (tools.Remove != nil) != c.removable {
			t.Errorf("%s: cancel %+v, remove %v; want removable %v", c.id, tools.Cancel, tools.Remove != nil, c.removable)
		}
		// Only the form the input came from shows it.
		if wantErr := c.id == "s1"; (tools.Cancel.Error != "") != wantErr || tools.Cancel.Open != wantErr {
			t.Errorf("%s: cancel error %q open %v", c.id, tools.Cancel.Error, tools.Cancel.Open)
		}
	}
	if docs[0].Ship.Remove != nil && !docs[0].Ship.Remove.Danger {
		t.Error("removing a shipment is not marked dangerous")
	}
}
