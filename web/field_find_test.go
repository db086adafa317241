package web_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"orderdesk/internal/auth"
	"orderdesk/internal/order"
	"orderdesk/internal/search"
	"orderdesk/internal/store"
	"orderdesk/internal/testenv"
)

// inQueue says whether a shipment waits in a work queue, as field mode's work list counts it.
func inQueue(o *order.CustomerOrder, s order.Shipment, status string) bool {
	return !o.IsCancelled && !s.IsCancelled && s.DeliveryDate == nil && s.Status == status
}

// queueCounts are the counts the find page shows, by queue key.
func queueCounts(t *testing.T, res response) map[string]int {
	t.Helper()
	out := map[string]int{}
	res.doc().Find(testid("field-queue-tab")).Each(func(_ int, s *goquery.Selection) {
		n, err := strconv.Atoi(strings.ReplaceAll(strings.TrimSpace(s.Find(testid("field-queue-count")).Text()), ",", ""))
		if err != nil {
			t.Fatalf("queue count of %s: %v", s.AttrOr("data-queue", "?"), err)
		}
		out[s.AttrOr("data-queue", "?")] = n
	})
	return out
}

// workOrders are the orders a work-list page lists.
func workOrders(res response) []string {
	var out []string
	res.doc().Find(testid("field-work-row")).Each(func(_ int, s *goquery.Selection) { out = append(out, s.AttrOr("data-order-id", "")) })
	return out
}

// TestFieldWorkListCountsAndScope: with nothing searched the find page shows each queue's
// count and the open queue's shipments oldest first (newest first on request); a worker
// limited to one store sees only that store's shipments, in the rows and in the counts.
func TestFieldWorkListCountsAndScope(t *testing.T) {
	t.Parallel()
	srv, orders := listServer(t)
	ctx := context.Background()
	scoped := srv.CreateUser(t, "books-field@example.com", auth.RoleField)
	statuses := map[string]string{store.QueuePick: order.ShipmentNew, store.QueuePicked: order.ShipmentPickPack,
		store.QueuePacked: order.ShipmentReadyToSend, store.QueueDeliver: order.ShipmentSent}
	want := func(storeID string) map[string]int {
		out := map[string]int{}
		for _, d := range orders {
			for _, s := range d.Order.Shipments {
				for q, st := range statuses {
					if inQueue(d.Order, s, st) && (storeID == "" || d.Order.StoreID == storeID) {
						out[q]++
					}
				}
			}
		}
		for q := range statuses {
			out[q] += 0
		}
		return out
	}
	// The scoped worker's store: the one with the most shipments to pick. One of its packed
	// (or picked) shipments is sent, not delivered, so the delivery queue holds one.
	perStore := map[string]int{}
	for _, d := range orders {
		for _, s := range d.Order.Shipments {
			if inQueue(d.Order, s, order.ShipmentNew) {
				perStore[d.Order.StoreID]++
			}
		}
	}
	books := ""
	for id, n := range perStore {
		if books == "" || n > perStore[books] || (n == perStore[books] && id < books) {
			books = id
		}
	}
	if err := srv.Store.SetUserScope(ctx, store.Actor{Label: "test", Source: store.SourceSystem}, scoped.ID, []string{books}, false); err != nil {
		t.Fatal(err)
	}
	sent := false
	for i, d := range orders {
		for j, s := range d.Order.Shipments {
			if !sent && d.Order.StoreID == books && (inQueue(d.Order, s, order.ShipmentReadyToSend) || inQueue(d.Order, s, order.ShipmentPickPack) ||
				(perStore[books] > 1 && inQueue(d.Order, s, order.ShipmentNew))) {
				cur, err := srv.Store.Order(ctx, d.Order.ID)
				if err != nil {
					t.Fatal(err)
				}
				cur.Shipment(s.ID).Status = order.ShipmentSent
				if err := srv.Store.SaveOrder(ctx, store.Actor{Label: "desk", Source: store.SourceDesk}, cur); err != nil {
					t.Fatal(err)
				}
				orders[i].Order.Shipments[j].Status = order.ShipmentSent
				sent = true
			}
		}
	}
	if !sent {
		t.Fatalf("no shipment in %s to send", books)
	}
	storeOf := map[string]string{}
	for _, d := range orders {
		storeOf[d.Order.ID] = d.Order.StoreID
	}
	all, mine := want(""), want(books)
	if mine[store.QueuePick] == 0 || all[store.QueuePick] == mine[store.QueuePick] {
		t.Fatalf("the fixture must hold new shipments in and outside %s: all %v, books %v", books, all, mine)
	}

	field := newClient(t, srv)
	field.mustLogin("field@example.com")
	res := field.get("/field")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("find page: %d", res.StatusCode)
	}
	if got := queueCounts(t, res); !mapsEqual(got, all) {
		t.Errorf("counts %v, want %v", got, all)
	}
	if d := duplicateIDs(res); len(d) > 0 {
		t.Errorf("duplicate ids: %v", d)
	}
	// Ready to pick is open by default, oldest first, each row a checkbox for /field/batch.
	if !res.has(`form[action="/field/batch"][method="get"] input[type=checkbox][name=o]`) || !res.has(testid("field-batch")) {
		t.Error("ready-to-pick rows have no checkbox in the /field/batch form")
	}
	oldest, newest := workOrders(res), workOrders(field.get("/field?queue=pick&sort=newest"))
	if len(oldest) != min(all[store.QueuePick], 25) || len(newest) != len(oldest) {
		t.Errorf("rows oldest %d / newest %d, want %d", len(oldest), len(newest), all[store.QueuePick])
	}
	if len(oldest) > 1 && slices.Equal(oldest, newest) {
		t.Errorf("newest first lists the same order as oldest first: %v", oldest)
	}
	rowHref := res.doc().Find(testid("field-work-row")).First().AttrOr("href", "")
	if !strings.HasPrefix(rowHref, "/field/orders/"+oldest[0]+"#shipment-") {
		t.Errorf("a row opens %q", rowHref)
	}
	if page := field.get(strings.Split(rowHref, "#")[0]); page.StatusCode != http.StatusOK {
		t.Errorf("the row's order page: %d", page.StatusCode)
	}
	if res := field.get("/field?queue=deliver"); res.has(testid("field-batch")) || res.has(`input[name=o]`) {
		t.Error("only the ready-to-pick queue is picked together")
	}

	// The worker of one store: counts and rows of that store only, in every queue.
	bf := newClient(t, srv)
	bf.mustLogin("books-field@example.com")
	res = bf.get("/field")
	if got := queueCounts(t, res); !mapsEqual(got, mine) {
		t.Errorf("scoped counts %v, want %v (all stores: %v)", got, mine, all)
	}
	for q := range statuses {
		for _, sort := range []string{"", "newest"} {
			rows := workOrders(bf.get("/field?queue=" + q + "&sort=" + sort))
			if len(rows) != min(mine[q], 25) {
				t.Errorf("scoped %s: %d rows, want %d", q, len(rows), mine[q])
			}
			for _, id := range rows {
				if storeOf[id] != books {
					t.Errorf("scoped %s lists order %s of store %s", q, id, storeOf[id])
				}
			}
		}
	}
}

func mapsEqual(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// foundOrders is what a field search answered: the order it opened, or those it listed.
func foundOrders(t *testing.T, c *client, q string) []string {
	t.Helper()
	res := c.get("/field?q=" + url.QueryEscape(q))
	switch res.StatusCode {
	case http.StatusSeeOther:
		return []string{strings.TrimPrefix(res.Header.Get("Location"), "/field/orders/")}
	case http.StatusOK:
		var out []string
		res.doc().Find(testid("field-match")).Each(func(_ int, s *goquery.Selection) {
			out = append(out, strings.TrimPrefix(s.AttrOr("href", ""), "/field/orders/"))
		})
		return out
	}
	t.Fatalf("search %q: %d", q, res.StatusCode)
	return nil
}

// TestFieldFindsNumberPartsAndEnds: a part of an order number ("260906" of CO260906-00001) and
// its end ("0001", "00001") find the order in field mode and in the desk's keyword box;
// several matches list store, status label and what is left to send, cancelled ones last.
func TestFieldFindsNumberPartsAndEnds(t *testing.T) {
	t.Parallel()
	srv, orders := listServer(t)
	field := newClient(t, srv)
	field.mustLogin("field@example.com")
	clerk := newClient(t, srv)
	clerk.mustLogin("clerk@example.com")
	numbers := map[string]*order.CustomerOrder{}
	for _, d := range orders {
		numbers[d.Order.Number] = d.Order
	}
	matching := func(fn func(number string) bool) []string {
		var ids []string
		for n, o := range numbers {
			if fn(n) {
				ids = append(ids, o.ID)
			}
		}
		return ids
	}
	// The order with the highest counter of its day: its end names fewer orders.
	o := orders[0].Order
	for _, d := range orders {
		if d.Order.Number[len(d.Order.Number)-5:] > o.Number[len(o.Number)-5:] {
			o = d.Order
		}
	}
	runs := search.DigitRuns(o.Number)
	if len(runs) < 2 {
		t.Fatalf("number %s has no date and counter parts", o.Number)
	}
	part := runs[0]
	for _, q := range []string{part, o.Number[len(o.Number)-3:], o.Number[len(o.Number)-4:], o.Number[len(o.Number)-5:]} {
		want := matching(func(n string) bool { return slices.Contains(search.DigitRuns(n), q) || strings.HasSuffix(n, q) })
		got := foundOrders(t, field, q)
		slices.Sort(got)
		slices.Sort(want)
		switch {
		case len(want) <= 10 && !slices.Equal(got, want):
			t.Errorf("field search %q found %v, want %v", q, got, want)
		case len(want) > 10 && (len(got) != 10 || slices.ContainsFunc(got, func(id string) bool { return !slices.Contains(want, id) })):
			t.Errorf("field search %q listed %v, want 10 of %v", q, got, want)
		}
		// The desk's keyword box goes the same way.
		desk := clerk.get("/orders?q=" + url.QueryEscape(q))
		if desk.StatusCode != http.StatusOK || !strings.Contains(desk.body, `href="/orders/`+o.ID+`"`) {
			t.Errorf("desk search %q: %d, %s not listed", q, desk.StatusCode, o.Number)
		}
	}
	if got := foundOrders(t, field, "CO"+part[:2]+"-none"); len(got) != 0 {
		t.Errorf("a number nobody holds found %v", got)
	}

	// Several matches: the one with a cancelled order among them, which the search itself
	// lists first (numbers newest first), shows it last with its store, status and shipments.
	var q string
	var cancelled *order.CustomerOrder
	for _, d := range orders {
		c := d.Order
		if !c.IsCancelled {
			continue
		}
		for k := 3; k < len(c.Number) && q == ""; k++ {
			end := c.Number[len(c.Number)-k:]
			ids := matching(func(n string) bool { return strings.HasSuffix(n, end) })
			others := matching(func(n string) bool { return strings.HasSuffix(n, end) && n > c.Number })
			live := matching(func(n string) bool { return strings.HasSuffix(n, end) && !numbers[n].IsCancelled })
			if len(ids) >= 2 && len(ids) <= 10 && len(others) == 0 && len(live) > 0 && strings.ContainsAny(end[:1], "0123456789") {
				q, cancelled = end, c
			}
		}
	}
	if q == "" {
		t.Fatal("the fixture has no number end shared by a cancelled order (the newest of them) and a live one")
	}
	res := field.get("/field?q=" + url.QueryEscape(q))
	if res.StatusCode != http.StatusOK {
		t.Fatalf("search %q: %d", q, res.StatusCode)
	}
	matches := res.doc().Find(testid("field-match"))
	if matches.Length() < 2 || matches.Last().AttrOr("href", "") != "/field/orders/"+cancelled.ID {
		t.Errorf("search %q: the cancelled %s is not last (%d matches)", q, cancelled.Number, matches.Length())
	}
	matches.Each(func(_ int, s *goquery.Selection) {
		id := strings.TrimPrefix(s.AttrOr("href", ""), "/field/orders/")
		var m *order.CustomerOrder
		for _, d := range orders {
			if d.Order.ID == id {
				m = d.Order
			}
		}
		if m == nil {
			t.Fatalf("match %s is no order", id)
		}
		if got := strings.TrimSpace(strings.TrimPrefix(s.Find(testid("field-match-store")).Text(), "·")); got != m.StoreName {
			t.Errorf("%s: store %q, want %q", m.Number, got, m.StoreName)
		}
		if got, want := s.Find(testid("field-match-status")).Text(), srv.Store.Rules().Statuses.Label(order.TypeCustomerOrder, m.Status); got != want {
			t.Errorf("%s: status %q, want the label %q", m.Number, got, want)
		}
		total, sent := 0, 0
		for _, sh := range m.Shipments {
			if !sh.IsCancelled {
				total++
				if sh.Status == order.ShipmentSent {
					sent++
				}
			}
		}
		left := s.Find(testid("field-match-left")).Text()
		switch {
		case m.IsCancelled:
			if !strings.Contains(left, "Cancelled") {
				t.Errorf("%s: left %q", m.Number, left)
			}
		case total > 1 && sent < total:
			if want := strconv.Itoa(total-sent) + " of " + strconv.Itoa(total) + " shipments to send"; left != want {
				t.Errorf("%s: left %q, want %q", m.Number, left, want)
			}
		case left == "":
			t.Errorf("%s: nothing said about what is left", m.Number)
		}
	})
}

// TestFieldStaffSignInToFieldMode: field staff (shipment steps, no desk edits) land in field
// mode after signing in, unless they were on their way somewhere; desk staff land on the list.
func TestFieldStaffSignInToFieldMode(t *testing.T) {
	t.Parallel()
	srv, orders := listServer(t)
	for _, tc := range []struct{ email, next, want string }{
		{"field@example.com", "", "/field"},
		{"field@example.com", "/orders?status=New", "/orders?status=New"},
		{"clerk@example.com", "", "/orders"},
		{"manager@example.com", "", "/orders"},
	} {
		c := newClient(t, srv)
		res := c.post("/login", url.Values{"gorilla.csrf.Token": {c.token("/login")}, "email": {tc.email}, "password": {testenv.Password}, "next": {tc.next}})
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != tc.want {
			t.Errorf("%s (next %q): %d → %q, want %q", tc.email, tc.next, res.StatusCode, res.Header.Get("Location"), tc.want)
		}
		if tc.next == "" {
			if home := c.get("/"); home.Header.Get("Location") != tc.want {
				t.Errorf("%s: / → %q, want %q", tc.email, home.Header.Get("Location"), tc.want)
			}
		}
	}
	// The desk order page and the field page link to each other.
	id := orders[0].Order.ID
	clerk := newClient(t, srv)
	clerk.mustLogin("clerk@example.com")
	if res := clerk.get("/orders/" + id); res.doc().Find(testid("open-field")).AttrOr("href", "") != "/field/orders/"+id {
		t.Error("the desk order page has no link to its field page")
	}
	if res := clerk.get("/field/orders/" + id); res.doc().Find(testid("field-desk-link")).AttrOr("href", "") != "/orders/"+id {
		t.Error("the field page has no link back to the desk page")
	}
	srv.CreateUser(t, "viewer@example.com", auth.RoleViewer)
	viewer := newClient(t, srv)
	viewer.mustLogin("viewer@example.com")
	if res := viewer.get("/orders/" + id); res.StatusCode != http.StatusOK || res.has(testid("open-field")) {
		t.Errorf("a viewer (no field steps): %d, offered field mode", res.StatusCode)
	}
}
