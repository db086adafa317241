package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"orderdesk/internal/auth"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
)

// TestFieldBatchPick: one pick list for three orders, grouped by product in location order,
// each unit with its order's tote; Picked takes the step for each order whose units are all
// counted, as one tablet change set per order, and says why for the one that is not and for
// one the desk moved on meanwhile (a conflict).
func TestFieldBatchPick(t *testing.T) {
	t.Parallel()
	srv, orders := listServer(t)
	codes := srv.ImportDemoCodes(t)
	ctx := context.Background()
	chosen := newShipments(orders, "", 3)
	if len(chosen) < 3 {
		t.Fatal("the fixture needs three orders with a new shipment")
	}
	c := newClient(t, srv)
	c.mustLogin("field@example.com")
	q := url.Values{}
	for _, ch := range chosen {
		q.Add("o", ch.o.ID)
	}
	q.Add("o", chosen[0].o.ID) // chosen twice: listed once
	page := c.get("/field/batch?" + q.Encode())
	if page.StatusCode != http.StatusOK || len(duplicateIDs(page)) > 0 {
		t.Fatalf("pick list: %d, duplicate ids %v", page.StatusCode, duplicateIDs(page))
	}
	if n := page.count(testid("batch-order")); n != 3 {
		t.Errorf("%d orders on the list, want 3", n)
	}
	// Groups in location order, each a product; every unit of the three shipments on a row.
	var locations []string
	page.doc().Find(testid("pick-group") + " h2 .pick-location").Each(func(_ int, s *goquery.Selection) { locations = append(locations, s.Text()) })
	for i := 1; i < len(locations); i++ {
		if locations[i-1] > locations[i] {
			t.Errorf("groups not in location order: %v", locations)
		}
	}
	rows := 0
	for i, ch := range chosen {
		tote := string(rune('A' + i))
		for _, it := range ch.sh.Items {
			rows++
			li := ch.o.LineItem(it.LineItemID)
			row := testid("pick-row") + `[data-pick-line="` + it.ID + `"][data-tote="` + tote + `"][data-order-number="` + ch.o.Number + `"]`
			if !page.has(row + `[data-barcode="` + codes[li.Sku].Barcode + `"]`) {
				t.Errorf("no row for %s of %s in tote %s", li.Sku, ch.o.Number, tote)
			}
		}
	}
	if n := page.count(testid("pick-row")); n != rows {
		t.Errorf("%d rows, want %d", n, rows)
	}
	// The first two orders counted in full (the first by ticks), the third one unit short.
	form := url.Values{"gorilla.csrf.Token": {c.token("/field/batch?" + q.Encode())}}
	for i, ch := range chosen {
		form.Add("o", ch.o.ID)
		form.Add("s_"+ch.o.ID, ch.sh.ID)
		for j, it := range ch.sh.Items {
			n := it.Quantity
			if i == 2 && j == 0 {
				n--
			}
			if i == 0 {
				form.Add("picked", it.ID)
			} else {
				form.Set("counted_"+it.ID, strconv.Itoa(n))
			}
		}
	}
	versions := map[string]int{}
	for _, ch := range chosen {
		cur, _ := srv.Store.Order(ctx, ch.o.ID)
		versions[ch.o.ID] = cur.Version
	}
	// A fourth order, counted in full, that the desk moved on meanwhile: a conflict, said.
	var movedOn string
	if more := newShipments(orders, "", 4); len(more) == 4 {
		x := more[3]
		form.Add("o", x.o.ID)
		form.Add("s_"+x.o.ID, x.sh.ID)
		for _, it := range x.sh.Items {
			form.Add("picked", it.ID)
		}
		desk, _ := srv.Store.Order(ctx, x.o.ID)
		desk.Shipment(x.sh.ID).Status = order.ShipmentReadyToSend
		if err := srv.Store.SaveOrder(ctx, store.Actor{Label: "ana@example.com", Source: store.SourceDesk}, desk); err != nil {
			t.Fatal(err)
		}
		movedOn = x.o.ID
	} else {
		t.Fatal("the fixture needs a fourth order with a new shipment")
	}
	res := c.post("/field/batch", form)
	if res.StatusCode != http.StatusOK || res.count(testid("batch-outcome")) != 4 {
		t.Fatalf("batch picked: %d, %d outcomes", res.StatusCode, res.count(testid("batch-outcome")))
	}
	if said := res.text(`[data-order-id="` + movedOn + `"]`); !strings.Contains(said, "Not picked") || !strings.Contains(said, "no longer fits") {
		t.Errorf("a shipment the desk moved on: %q", said)
	}
	for i, ch := range chosen {
		got, _ := srv.Store.Order(ctx, ch.o.ID)
		sh := got.Shipment(ch.sh.ID)
		state := res.text(`[data-order-id="` + ch.o.ID + `"] ` + testid("batch-outcome-state"))
		history, _ := srv.Store.OrderHistory(ctx, ch.o.ID)
		var tablet []store.ChangeSet
		for _, cs := range history {
			if cs.Source == store.SourceTablet {
				tablet = append(tablet, cs)
			}
		}
		if i < 2 {
			if sh.Status != order.ShipmentPickPack || state != "Picked" || got.Version != versions[ch.o.ID]+1 || len(tablet) != 1 {
				t.Errorf("order %d: status %s, said %q, version %d (was %d), %d tablet change sets", i, sh.Status, state, got.Version, versions[ch.o.ID], len(tablet))
			}
			for _, it := range sh.Items {
				if it.Status != order.ItemPicked {
					t.Errorf("order %d: item %s is %q", i, it.ID, it.Status)
				}
			}
			continue
		}
		if sh.Status != order.ShipmentNew || state != "Not picked" || got.Version != versions[ch.o.ID] || len(tablet) != 0 ||
			!strings.Contains(res.body, "Not every unit is counted") {
			t.Errorf("the order one unit short: status %s, said %q, version %d, %d tablet change sets", sh.Status, state, got.Version, len(tablet))
		}
	}
	// Taken again: the picked ones no longer fit, the list says so; nothing counted for the third.
	again := c.post("/field/batch", url.Values{"gorilla.csrf.Token": form["gorilla.csrf.Token"], "o": {chosen[2].o.ID}, "s_" + chosen[2].o.ID: {chosen[2].sh.ID}})
	if !strings.Contains(again.body, "Nothing was counted for this order.") {
		t.Errorf("nothing counted: %d", again.StatusCode)
	}
	// A pick list of orders already picked lists them with nothing to pick.
	if p := c.get("/field/batch?o=" + chosen[0].o.ID); !strings.Contains(p.body, "Nothing to pick here") || p.count(testid("pick-row")) != 0 {
		t.Errorf("a picked order on a pick list: %d rows", p.count(testid("pick-row")))
	}
}

// TestFieldBatchScope: an order of a store outside the user's scope is left out of the pick
// list with a notice that does not name it, and Picked never touches it; a list longer than
// a cart holds is refused with a message.
func TestFieldBatchScope(t *testing.T) {
	t.Parallel()
	srv, orders := listServer(t)
	ctx := context.Background()
	all := newShipments(orders, "", 100)
	if len(all) == 0 {
		t.Fatal("no new shipment in the fixture")
	}
	mine := all[0]
	var theirs = all[0]
	for _, ch := range all {
		if ch.o.StoreID != mine.o.StoreID {
			theirs = ch
		}
	}
	if theirs.o.StoreID == mine.o.StoreID {
		t.Fatal("the fixture needs new shipments in two stores")
	}
	u := srv.CreateUser(t, "books-field@example.com", auth.RoleField)
	if err := srv.Store.SetUserScope(ctx, store.Actor{Label: "admin", Source: store.SourceDesk}, u.ID, []string{mine.o.StoreID}, false); err != nil {
		t.Fatal(err)
	}
	c := newClient(t, srv)
	c.mustLogin("books-field@example.com")
	path := "/field/batch?o=" + mine.o.ID + "&o=" + theirs.o.ID + "&o=not-an-id"
	page := c.get(path)
	if page.StatusCode != http.StatusOK || page.count(testid("batch-order")) != 1 ||
		!strings.Contains(page.text(testid("batch-notice")), "2 chosen orders are not on this list") {
		t.Fatalf("scoped pick list: %d, %d orders, notice %q", page.StatusCode, page.count(testid("batch-order")), page.text(testid("batch-notice")))
	}
	if strings.Contains(page.body, theirs.o.Number) || strings.Contains(page.body, theirs.o.ID) {
		t.Error("the pick list names an order outside the user's stores")
	}
	form := url.Values{"gorilla.csrf.Token": {c.token(path)}, "o": {theirs.o.ID}, "s_" + theirs.o.ID: {theirs.sh.ID}}
	for _, it := range theirs.sh.Items {
		form.Add("picked", it.ID)
	}
	res := c.post("/field/batch", form)
	got, _ := srv.Store.Order(ctx, theirs.o.ID)
	if res.StatusCode != http.StatusOK || res.count(testid("batch-outcome")) != 0 || got.Shipment(theirs.sh.ID).Status != order.ShipmentNew {
		t.Errorf("picking an order outside the scope: %d, %d outcomes, status %s", res.StatusCode, res.count(testid("batch-outcome")), got.Shipment(theirs.sh.ID).Status)
	}
	// More orders than a cart holds.
	q := url.Values{}
	for i := range 21 {
		q.Add("o", "01J0000000000000000000000"+string(rune('A'+i)))
	}
	if res := c.get("/field/batch?" + q.Encode()); res.StatusCode != http.StatusBadRequest || !strings.Contains(res.body, "At most 20 orders") {
		t.Errorf("21 orders: %d", res.StatusCode)
	}
	q.Del("o")
	for i := range 20 {
		q.Add("o", "01J0000000000000000000000"+string(rune('A'+i)))
	}
	if res := c.get("/field/batch?" + q.Encode()); res.StatusCode != http.StatusOK {
		t.Errorf("20 orders: %d", res.StatusCode)
	}
	// A viewer may not pick.
	v := newClient(t, srv)
	srv.CreateUser(t, "viewer@example.com", auth.RoleViewer)
	v.mustLogin("viewer@example.com")
	if res := v.get("/field/batch?o=" + mine.o.ID); res.StatusCode != http.StatusForbidden {
		t.Errorf("a viewer's pick list: %d", res.StatusCode)
	}
}
