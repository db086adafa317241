package store_test

import (
	"context"
	"errors"
	"testing"

	"orderdesk/internal/demo"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
)

// TestSaveOrderWithPhoto: the photo commits with the order save and its change set, or not at
// all; a save that changes nothing carries no photo; deleting the order deletes its photos.
func TestSaveOrderWithPhoto(t *testing.T) {
	t.Parallel()
	st, _ := orderStore(t)
	ctx := context.Background()
	by := store.Actor{Label: "field@example.com", Source: store.SourceTablet}
	var o *order.CustomerOrder
	for _, d := range demo.NewGenerator(5, testDay, order.DefaultStatusRules()).Orders(20) {
		if len(d.Order.Shipments) > 0 && o == nil {
			o = d.Order
		}
	}
	if o == nil {
		t.Fatal("no order with a shipment")
	}
	if err := st.CreateOrder(ctx, by, o); err != nil {
		t.Fatal(err)
	}
	shID := o.Shipments[0].ID
	body := []byte("\x89PNG\r\n\x1a\n pretend picture")
	photos := func() []store.PhotoRef {
		t.Helper()
		refs, err := st.OrderPhotos(ctx, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		return refs
	}

	// Nothing changed: refused, nothing written.
	same, _ := st.Order(ctx, o.ID)
	if err := st.SaveOrderWithPhoto(ctx, by, same, &store.Photo{ShipmentID: shID, ContentType: "image/png", Body: body}); !errors.Is(err, store.ErrNothingChanged) {
		t.Errorf("a save without a change: %v", err)
	}
	// The save fails validation: the photo is rolled back with it.
	bad, _ := st.Order(ctx, o.ID)
	bad.Shipment(shID).Comment = "Delivered"
	bad.Items[0].Quantity = -5
	if err := st.SaveOrderWithPhoto(ctx, by, bad, &store.Photo{ShipmentID: shID, ContentType: "image/png", Body: body}); err == nil {
		t.Error("an invalid order was saved")
	}
	if n := len(photos()); n != 0 {
		t.Fatalf("%d photos after failed saves", n)
	}

	good, _ := st.Order(ctx, o.ID)
	good.Shipment(shID).Comment = "Delivered to Ms Porter. (photo)"
	p := &store.Photo{ShipmentID: shID, ContentType: "image/png", Body: body}
	if err := st.SaveOrderWithPhoto(ctx, by, good, p); err != nil {
		t.Fatal(err)
	}
	history, _ := st.OrderHistory(ctx, o.ID)
	last := history[len(history)-1]
	if p.ID == "" || p.ChangeSetID != last.ID || p.Size != len(body) || len(p.SHA256) != 64 || p.CreatedBy != "field@example.com" {
		t.Errorf("photo as saved: %+v (last change set %s)", *p, last.ID)
	}
	got, err := st.OrderPhoto(ctx, o.ID, p.ID)
	if err != nil || string(got.Body) != string(body) || got.ContentType != "image/png" || got.ShipmentID != shID {
		t.Fatalf("photo read back: %+v, %v", got, err)
	}
	page, err := st.History(ctx, store.HistoryFilter{OrderID: o.ID, Limit: 5})
	if err != nil || len(page.Sets) == 0 || len(page.Sets[0].Photos) != 1 || page.Sets[0].Photos[0].ID != p.ID {
		t.Errorf("the history page does not carry the photo: %+v, %v", page.Sets, err)
	}
	if _, err := st.OrderPhoto(ctx, "01JXXXXXXXXXXXXXXXXXXXXXXX", p.ID); !errors.Is(err, order.ErrNotFound) {
		t.Errorf("through another order: %v", err)
	}

	if err := st.DeleteOrder(ctx, store.Actor{Label: "admin", Source: store.SourceDesk}, o.ID); err != nil {
		t.Fatal(err)
	}
	if n := len(photos()); n != 0 {
		t.Errorf("%d photos outlive their order", n)
	}
}
