package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"orderdesk/internal/order"
	"orderdesk/internal/store"
)

// TestFieldStepTakenAt: a step says when it was taken on the device; the change set keeps that
// beside its received time, the delivery date is that time, and a time out of bounds (ahead of
// the server, unreadable) is replaced by the received time with the reason in the history. The
// four steps are sent as a device sends a chain queued offline: all based on the version the
// page showed, each merged on top of the one before.
func TestFieldStepTakenAt(t *testing.T) {
	t.Parallel()
	srv, orders := listServer(t)
	ctx := context.Background()
	now := srv.Clock.Now()
	var o *order.CustomerOrder
	var sh *order.Shipment
	for _, d := range orders {
		for i := range d.Order.Shipments {
			if s := &d.Order.Shipments[i]; o == nil && s.Status == order.ShipmentNew && !s.IsCancelled && len(s.Items) > 0 &&
				!d.Order.IsCancelled && d.Order.CreatedDate.Before(now.Add(-24*time.Hour)) {
				o, sh = d.Order, s
			}
		}
	}
	if o == nil {
		t.Fatal("no new shipment of an order older than a day in the fixture")
	}
	c := newClient(t, srv)
	c.mustLogin("field@example.com")
	page := "/field/orders/" + o.ID
	token := c.token(page)
	version := strconv.Itoa(o.Version)
	berlin := time.FixedZone("CET", 3600)
	picked := url.Values{"step": {"picked"}, "taken_at": {now.Add(-3 * time.Hour).In(berlin).Format("2006-01-02T15:04:05.000Z07:00")}}
	for _, it := range sh.Items {
		picked.Add("picked", it.ID)
	}
	steps := []struct {
		form   url.Values
		taken  time.Time // the device's time kept (zero: none)
		note   string    // part of the reason it was not used
		said   string    // part of the history's sentence
		answer string    // part of the field page's answer
	}{
		{picked, now.Add(-3 * time.Hour), "", "Taken at " + now.Add(-3*time.Hour).Format("2 Jan 2006 15:04") + " UTC on the device, received at " + now.Format("2 Jan 2006 15:04") + " UTC", "Taken at"},
		{url.Values{"step": {"packed"}, "taken_at": {now.Add(time.Hour).Format(time.RFC3339)}}, now.Add(time.Hour), "the device's clock is ahead", "was not used: it is 1 h after the server received the step", "was not used"},
		{url.Values{"step": {"shipped"}, "tracking": {"1Z-LATE"}, "taken_at": {"tuesday"}}, time.Time{}, "could not be read", "The device's time was not used: the device sent a time that could not be read", "could not be read"},
		{url.Values{"step": {"delivered"}, "receiver": {"Ms Porter"}, "taken_at": {now.Add(-2*time.Hour - 30*time.Minute).In(time.FixedZone("", -5*3600)).Format(time.RFC3339Nano)}},
			now.Add(-2*time.Hour - 30*time.Minute), "", "Taken at " + now.Add(-2*time.Hour-30*time.Minute).Format("2 Jan 2006 15:04") + " UTC on the device", "Taken at"},
	}
	for _, st := range steps {
		st.form.Set("gorilla.csrf.Token", token)
		st.form.Set("version", version)
		res := c.post(page+"/shipments/"+sh.ID, st.form)
		if res.StatusCode != http.StatusOK || !strings.Contains(res.doc().Find(testid("field-done")).Text(), st.answer) {
			t.Fatalf("step %s: %d, want 200 saying %q", st.form.Get("step"), res.StatusCode, st.answer)
		}
	}
	got, err := srv.Store.Order(ctx, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	if s := got.Shipment(sh.ID); s.DeliveryDate == nil || !s.DeliveryDate.Equal(steps[3].taken) || s.Status != order.ShipmentSent || s.TrackingNumber != "1Z-LATE" {
		t.Errorf("delivered at %v (want the device's %v), %s %q", s.DeliveryDate, steps[3].taken, s.Status, s.TrackingNumber)
	}
	history, err := srv.Store.OrderHistory(ctx, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	var tablet []store.ChangeSet
	for _, cs := range history {
		if cs.Source == store.SourceTablet {
			tablet = append(tablet, cs)
		}
	}
	if len(tablet) != len(steps) {
		t.Fatalf("%d change sets from the tablet, want %d", len(tablet), len(steps))
	}
	for i, st := range steps {
		cs := tablet[i] // oldest first
		if (cs.TakenAt == nil) != st.taken.IsZero() || (cs.TakenAt != nil && !cs.TakenAt.Equal(st.taken)) {
			t.Errorf("step %s: taken at %v, want %v", st.form.Get("step"), cs.TakenAt, st.taken)
		}
		if (st.note == "") != (cs.TakenNote == "") || !strings.Contains(cs.TakenNote, st.note) {
			t.Errorf("step %s: note %q, want one with %q", st.form.Get("step"), cs.TakenNote, st.note)
		}
		if !cs.OccurredAt.Equal(now) {
			t.Errorf("step %s: received at %v, want the server's %v", st.form.Get("step"), cs.OccurredAt, now)
		}
	}
	res := c.get("/orders/" + o.ID + "/history")
	for _, st := range steps {
		if !strings.Contains(res.doc().Find(testid("taken-at")).Text(), st.said) {
			t.Errorf("the order's history does not say %q", st.said)
		}
	}
	res = c.get("/field/orders/" + o.ID)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("the field page after the chain: %d", res.StatusCode)
	}
}
