package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"orderdesk/internal/demo"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
)

// newShipments are the demo orders' open New shipments with items, one per order, first n.
func newShipments(orders []demo.Order, storeID string, n int) (out []struct {
	o  *order.CustomerOrder
	sh *order.Shipment
}) {
	for _, d := range orders {
		if d.Order.IsCancelled || (storeID != "" && d.Order.StoreID != storeID) {
			continue
		}
		for i := range d.Order.Shipments {
			if s := &d.Order.Shipments[i]; s.Status == order.ShipmentNew && !s.IsCancelled && len(s.Items) > 0 && len(out) < n {
				out = append(out, struct {
					o  *order.CustomerOrder
					sh *order.Shipment
				}{d.Order, s})
				break
			}
		}
	}
	return out
}

// TestFieldPickCountsAndUndoes: the field page shows each line's bar code and location from
// the catalog; the Picked step takes counts (a line counted in full is picked without a tick),
// refuses a count beyond the quantity or not a number with 422 and nothing saved, and undoes a
// wrong tick: the unticked line is picked no more, and with nothing picked the shipment is New.
func TestFieldPickCountsAndUndoes(t *testing.T) {
	t.Parallel()
	srv, orders := listServer(t)
	codes := srv.ImportDemoCodes(t)
	ctx := context.Background()
	var o *order.CustomerOrder
	var sh *order.Shipment
	for _, c := range newShipments(orders, "", 100) {
		if len(c.sh.Items) >= 2 && o == nil {
			o, sh = c.o, c.sh
		}
	}
	if o == nil {
		t.Fatal("no new shipment with two lines in the fixture")
	}
	c := newClient(t, srv)
	c.mustLogin("field@example.com")
	page := c.get("/field/orders/" + o.ID)
	if page.StatusCode != http.StatusOK || len(duplicateIDs(page)) > 0 {
		t.Fatalf("field page: %d, duplicate ids %v", page.StatusCode, duplicateIDs(page))
	}
	for _, it := range sh.Items {
		li := o.LineItem(it.LineItemID)
		p := codes[li.Sku]
		line := `#shipment-` + sh.ID + ` [data-pick-line="` + it.ID + `"]`
		if !page.has(line+`[data-barcode="`+p.Barcode+`"][data-sku="`+li.Sku+`"]`) || !page.hasText(line+" .pick-location", p.Location) {
			t.Errorf("line %s (%s) does not show barcode %s and location %s", it.ID, li.Sku, p.Barcode, p.Location)
		}
		if !page.has(line + ` input[name="counted_` + it.ID + `"][value="0"]`) {
			t.Errorf("line %s has no count of 0", it.ID)
		}
	}
	path := "/field/orders/" + o.ID + "/shipments/" + sh.ID
	token := c.token("/field/orders/" + o.ID)
	step := func(v url.Values) response {
		v.Set("gorilla.csrf.Token", token)
		v.Set("step", "picked")
		return c.post(path, v)
	}
	statuses := func() string {
		got, err := srv.Store.Order(ctx, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		s := got.Shipment(sh.ID)
		out := []string{s.Status}
		for _, it := range s.Items {
			out = append(out, it.Status)
		}
		return strings.Join(out, ",")
	}
	first, second := sh.Items[0], sh.Items[1]
	untouched := statuses()
	// Counted past the quantity, or not a number: refused, nothing saved.
	over := step(url.Values{"shown": {""}, "picked": {second.ID}, "counted_" + first.ID: {strconv.Itoa(first.Quantity + 1)}})
	if over.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(over.body, "was counted "+strconv.Itoa(first.Quantity+1)+" times") {
		t.Errorf("over-count: %d", over.StatusCode)
	}
	if bad := step(url.Values{"shown": {""}, "counted_" + first.ID: {"three"}}); bad.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(bad.body, "not a whole number") {
		t.Errorf("a count that is no number: %d", bad.StatusCode)
	}
	if got := statuses(); got != untouched {
		t.Fatalf("a refused step saved: %s, was %s", got, untouched)
	}
	// Every line counted in full, no tick: all picked.
	all := url.Values{"shown": {""}}
	for _, it := range sh.Items {
		all.Set("counted_"+it.ID, strconv.Itoa(it.Quantity))
	}
	if res := step(all); res.StatusCode != http.StatusOK || !res.has(testid("field-done")) {
		t.Fatalf("counted in full: %d", res.StatusCode)
	}
	if got := statuses(); got != order.ShipmentPickPack+strings.Repeat(","+order.ItemPicked, len(sh.Items)) {
		t.Fatalf("after counting every line: %s", got)
	}
	// The first line was a wrong tick: unticked and Picked again, it is picked no more.
	shown := []string{}
	for _, it := range sh.Items {
		shown = append(shown, it.ID)
	}
	rest := url.Values{"shown": {strings.Join(shown, ",")}}
	for _, it := range sh.Items[1:] {
		rest.Add("picked", it.ID)
	}
	if res := step(rest); res.StatusCode != http.StatusOK || !strings.Contains(res.text(testid("field-done")), "Unticked 1 item") {
		t.Fatalf("untick: %d %q", res.StatusCode, res.text(testid("field-done")))
	}
	if got := statuses(); !strings.HasPrefix(got, order.ShipmentPickPack+",,") {
		t.Errorf("after unticking the first line: %s", got)
	}
	// Nothing ticked any more: New again.
	if res := step(url.Values{"shown": {strings.Join(shown[1:], ",")}}); res.StatusCode != http.StatusOK || !strings.Contains(res.body, "New again") {
		t.Fatalf("untick all: %d", res.StatusCode)
	}
	if got := statuses(); got != order.ShipmentNew+strings.Repeat(",", len(sh.Items)) {
		t.Errorf("after unticking everything: %s", got)
	}
	history, err := srv.Store.OrderHistory(ctx, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	tablet := 0
	for _, cs := range history {
		if cs.Source == store.SourceTablet {
			tablet++
		}
	}
	if tablet != 3 {
		t.Errorf("%d change sets from the tablet, want 3 (counted, unticked one, unticked all)", tablet)
	}
}
