package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"orderdesk/internal/auth"
	"orderdesk/internal/demo"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
	"orderdesk/internal/testenv"
)

// editSetup makes an editable order (paid, not shipped) and two signed-in clerks.
func editSetup(t *testing.T) (*testenv.Server, *order.CustomerOrder, *client, *client) {
	t.Helper()
	srv := testenv.NewServer(t, nil)
	// Two display names, so that messages naming who changed what can be told apart.
	for email, name := range map[string]string{"ann@example.com": "Ann Archer", "bob@example.com": "Bob Baker"} {
		u := srv.CreateUser(t, email, auth.RoleClerk)
		if err := srv.Store.UpdateUser(context.Background(), store.Actor{Label: "test", Source: store.SourceSystem}, u.ID, name, auth.RoleClerk); err != nil {
			t.Fatal(err)
		}
	}
	o := demo.NewGenerator(51, srv.Clock.Now(), order.DefaultStatusRules()).Order(demo.Stores[0], demo.ScenarioPaid).Order
	if err := srv.Store.CreateOrder(context.Background(), store.Actor{Label: "storefront", Source: store.SourceSystem}, o); err != nil {
		t.Fatal(err)
	}
	ann, bob := newClient(t, srv), newClient(t, srv)
	ann.mustLogin("ann@example.com")
	bob.mustLogin("bob@example.com")
	return srv, o, ann, bob
}

// postHX sends a form the way htmx does: the HX-Request header and the page's CSRF token.
func (c *client) postHX(path string, form url.Values) response {
	c.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, c.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", c.srv.URL)
	req.Header.Set("HX-Request", "true")
	return c.do(req)
}

// lineForm is the line form as the order page renders it at o's version: the canonical
// originals and the user's changes.
func lineForm(c *client, o *order.CustomerOrder, li *order.LineItem, changes map[string]string) url.Values {
	f := url.Values{
		"gorilla.csrf.Token": {c.token("/orders/" + o.ID)}, "version": {strconv.Itoa(o.Version)},
		"orig.quantity": {strconv.Itoa(li.Quantity)}, "quantity": {strconv.Itoa(li.Quantity)},
		"orig.comment": {li.Comment}, "comment": {li.Comment},
	}
	for k, v := range changes {
		f.Set(k, v)
	}
	return f
}

func reload(t *testing.T, srv *testenv.Server, id string) *order.CustomerOrder {
	t.Helper()
	o, err := srv.Store.Order(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

func TestEditFormsOnThePage(t *testing.T) {
	t.Parallel()
	_, o, ann, _ := editSetup(t)
	page := ann.get("/orders/" + o.ID)
	for _, want := range []string{
		`action="/orders/` + o.ID + `/lines/` + o.Items[0].ID + `/edit"`, `hx-post="/orders/` + o.ID + `/header"`,
		`name="version" value="` + strconv.Itoa(o.Version) + `"`, `name="orig.quantity"`, `name="price"`,
		`action="/orders/` + o.ID + `/cancel"`, `/addresses/` + o.Addresses[0].ID + `/edit"`,
	} {
		if !strings.Contains(page.body, want) {
			t.Errorf("order page lacks %q", want)
		}
	}
}

func TestEditLineWithoutScript(t *testing.T) {
	t.Parallel()
	srv, o, ann, _ := editSetup(t)
	li := &o.Items[0]
	path := "/orders/" + o.ID + "/lines/" + li.ID + "/edit"

	// Bad input: a message at the field, the input kept, nothing saved.
	res := ann.post(path, lineForm(ann, o, li, map[string]string{"quantity": "two", "comment": "keep me"}))
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad quantity: %d, want 422", res.StatusCode)
	}
	for _, want := range []string{"enter a whole number", `value="two"`, "keep me"} {
		if !strings.Contains(res.body, want) {
			t.Errorf("422 page lacks %q", want)
		}
	}
	if got := reload(t, srv, o.ID); got.Version != o.Version {
		t.Fatalf("a bad form was saved: version %d → %d", o.Version, got.Version)
	}

	res = ann.post(path, lineForm(ann, o, li, map[string]string{"quantity": strconv.Itoa(li.Quantity + 1), "comment": "gift wrap"}))
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/orders/"+o.ID+"#doc-"+li.ID {
		t.Fatalf("save: %d → %q, want 303 to the line", res.StatusCode, res.Header.Get("Location"))
	}
	got := reload(t, srv, o.ID)
	if l := got.LineItem(li.ID); l.Quantity != li.Quantity+1 || l.Comment != "gift wrap" || got.Version != o.Version+1 {
		t.Fatalf("saved line %d %q at version %d", l.Quantity, l.Comment, got.Version)
	}
	if got.Total.Equal(o.Total) {
		t.Error("the total was not recalculated")
	}
	sets, err := srv.Store.OrderHistory(context.Background(), o.ID)
	if err != nil {
		t.Fatal(err)
	}
	if last := sets[len(sets)-1]; last.ActorLabel != "ann@example.com" || last.Source != store.SourceDesk {
		t.Errorf("change set by %q from %q", last.ActorLabel, last.Source)
	}
	if page := ann.get("/orders/" + o.ID); !page.hasText(`p[role="status"]`, "Saved.") {
		t.Errorf("after the redirect the page lacks the flash Saved. (one full stop):\n%s", flashText(page.body))
	}
}

func TestEditLineWithHTMXSwapsTheLineAndTotals(t *testing.T) {
	t.Parallel()
	srv, o, ann, _ := editSetup(t)
	li := &o.Items[0]
	res := ann.postHX("/orders/"+o.ID+"/lines/"+li.ID+"/edit", lineForm(ann, o, li, map[string]string{"quantity": "9"}))
	if res.StatusCode != http.StatusOK {
		t.Fatalf("htmx save: %d\n%s", res.StatusCode, res.body)
	}
	got := reload(t, srv, o.ID)
	cur := order.CurrencyFor(o.Currency)
	// The line's rows, then every other panel out of band, each in a template so that the
	// browser, parsing an answer that starts with a row group, keeps it whole.
	if !strings.HasPrefix(strings.TrimSpace(res.body), `<tbody id="line-`+li.ID+`"`) {
		t.Errorf("htmx answer does not start with the line's rows:\n%.300s", res.body)
	}
	for _, want := range []string{
		`<template><div id="totals-box" hx-swap-oob="innerHTML">`, cur.Fixed(got.Total), `data-testid="saved-note"`,
		`<template><div id="header-box" hx-swap-oob="innerHTML">`, `<template><div id="lines-count" hx-swap-oob="innerHTML">`,
		`<template><div id="documents-box" hx-swap-oob="innerHTML">`, `<template><div id="recent-box" hx-swap-oob="innerHTML">`,
		`<template><div id="addresses-box" hx-swap-oob="innerHTML">`,
	} {
		if !strings.Contains(res.body, want) {
			t.Errorf("htmx answer lacks %q", want)
		}
	}
	if strings.Contains(res.body, "<html") || res.has("div#lines-box[hx-swap-oob]") {
		t.Error("htmx answer replaces the line's own panel or is a whole page")
	}
	if n := strings.Count(res.body, "hx-swap-oob"); n != strings.Count(res.body, "<template><div id=") {
		t.Errorf("%d out-of-band parts, not all in a template", n)
	}
}

// Two clerks edit the same order from the same version: different fields merge, and the
// second is told what the first changed.
func TestConcurrentEditsOfDifferentFieldsMerge(t *testing.T) {
	t.Parallel()
	srv, o, ann, bob := editSetup(t)
	li := &o.Items[0]
	header := url.Values{
		"gorilla.csrf.Token": {bob.token("/orders/" + o.ID)}, "version": {strconv.Itoa(o.Version)},
		"orig.comment": {o.Comment}, "comment": {"Call before delivery"},
	}
	if res := bob.postHX("/orders/"+o.ID+"/header", header); res.StatusCode != http.StatusOK {
		t.Fatalf("bob's save: %d\n%s", res.StatusCode, res.body)
	}
	res := ann.postHX("/orders/"+o.ID+"/lines/"+li.ID+"/edit", lineForm(ann, o, li, map[string]string{"quantity": "4"}))
	if res.StatusCode != http.StatusOK {
		t.Fatalf("ann's save from the old version: %d, want 200 (merged)\n%s", res.StatusCode, res.body)
	}
	for _, want := range []string{"merged with these changes made since the form was opened", `title="bob@example.com">Bob Baker<`, "Call before delivery"} {
		if !strings.Contains(res.body, want) {
			t.Errorf("ann is not told %q", want)
		}
	}
	got := reload(t, srv, o.ID)
	if got.Comment != "Call before delivery" || got.LineItem(li.ID).Quantity != 4 || got.Version != o.Version+2 {
		t.Fatalf("after the merge: comment %q, quantity %d, version %d", got.Comment, got.LineItem(li.ID).Quantity, got.Version)
	}
}

// Both change the same field: nothing is overwritten, the second sees the other value with
// who set it, and chooses.
func TestConcurrentEditsOfTheSameFieldAskTheUser(t *testing.T) {
	t.Parallel()
	srv, o, ann, bob := editSetup(t)
	li := &o.Items[0]
	path := "/orders/" + o.ID + "/lines/" + li.ID + "/edit"
	if res := bob.postHX(path, lineForm(bob, o, li, map[string]string{"quantity": "5"})); res.StatusCode != http.StatusOK {
		t.Fatalf("bob's save: %d", res.StatusCode)
	}
	mine := lineForm(ann, o, li, map[string]string{"quantity": "7", "comment": "fragile"})
	res := ann.postHX(path, mine)
	if res.StatusCode != http.StatusConflict {
		t.Fatalf("same field: %d, want 409\n%s", res.StatusCode, res.body)
	}
	for _, want := range []string{`data-testid="conflict"`, `name="quantity" type="text" inputmode="numeric" value="7"`,
		"<strong>5</strong>, set by Bob Baker", `name="seen.quantity" value="5"`, "Keep mine", "Take theirs", `>fragile</textarea>`} {
		if !strings.Contains(res.body, want) {
			t.Errorf("conflict answer lacks %q", want)
		}
	}
	if got := reload(t, srv, o.ID); got.LineItem(li.ID).Quantity != 5 || got.LineItem(li.ID).Comment != li.Comment {
		t.Fatalf("a conflict overwrote: quantity %d, comment %q", got.LineItem(li.ID).Quantity, got.LineItem(li.ID).Comment)
	}

	// Take theirs: the quantity stays 5, the comment (no conflict) is saved.
	theirs := lineForm(ann, o, li, map[string]string{"quantity": "7", "comment": "fragile", "seen.quantity": "5", "resolve": "theirs"})
	if res := ann.postHX(path, theirs); res.StatusCode != http.StatusOK {
		t.Fatalf("take theirs: %d\n%s", res.StatusCode, res.body)
	}
	got := reload(t, srv, o.ID)
	if got.LineItem(li.ID).Quantity != 5 || got.LineItem(li.ID).Comment != "fragile" {
		t.Fatalf("take theirs: quantity %d, comment %q", got.LineItem(li.ID).Quantity, got.LineItem(li.ID).Comment)
	}

	// Keep mine, from the conflict form (no script): the quantity becomes 7.
	keep := lineForm(ann, o, li, map[string]string{"quantity": "7", "seen.quantity": "5", "resolve": "mine"})
	if res := ann.post(path, keep); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("keep mine: %d\n%s", res.StatusCode, res.body)
	}
	if got := reload(t, srv, o.ID); got.LineItem(li.ID).Quantity != 7 {
		t.Fatalf("keep mine: quantity %d", got.LineItem(li.ID).Quantity)
	}
}

func TestPriceOverrideAsksForAReason(t *testing.T) {
	t.Parallel()
	srv, o, ann, _ := editSetup(t)
	li := &o.Items[0]
	path := "/orders/" + o.ID + "/lines/" + li.ID + "/edit"
	form := lineForm(ann, o, li, map[string]string{"orig.price": li.Price.String(), "price": "1,50"})
	res := ann.postHX(path, form)
	if res.StatusCode != http.StatusUnprocessableEntity || !res.has(testid("reason-error")) ||
		!res.has(`[name="reason"]`) || !res.has(`[value="1,50"]`) {
		t.Fatalf("price override without a reason: %d, want 422 asking for a reason with the input kept\n%s", res.StatusCode, res.body)
	}
	if got := reload(t, srv, o.ID); !got.LineItem(li.ID).Price.Equal(li.Price) {
		t.Fatal("saved without a reason")
	}
	form.Set("reason", "price match")
	if res := ann.postHX(path, form); res.StatusCode != http.StatusOK {
		t.Fatalf("with a reason: %d\n%s", res.StatusCode, res.body)
	}
	if got := reload(t, srv, o.ID); got.LineItem(li.ID).Price.String() != "1.5" {
		t.Fatalf("price %s, want 1.5", got.LineItem(li.ID).Price)
	}
	sets, _ := srv.Store.OrderHistory(context.Background(), o.ID)
	if r := sets[len(sets)-1].Reason; r != "price match" {
		t.Errorf("change set reason %q", r)
	}
}

func TestPriceHiddenEditorCannotSeeOrChangePrices(t *testing.T) {
	t.Parallel()
	srv, o, _, _ := editSetup(t)
	ctx := context.Background()
	if err := srv.Store.SaveRole(ctx, store.Actor{Label: "test"}, auth.Role{Code: "packer", Name: "Packer",
		Permissions: []auth.Permission{auth.OrderRead, auth.OrderUpdate}}); err != nil {
		t.Fatal(err)
	}
	srv.CreateUser(t, "packer@example.com", "packer")
	c := newClient(t, srv)
	c.mustLogin("packer@example.com")
	li := &o.Items[0]
	page := c.get("/orders/" + o.ID)
	if !page.has(`[name="quantity"]`) {
		t.Fatal("the packer has no line form")
	}
	cur := order.CurrencyFor(o.Currency)
	for _, leak := range []string{`name="price"`, `name="orig.price"`, `name="discountAmount"`, `name="fee"`, cur.Fixed(li.Price)} {
		if strings.Contains(page.body, leak) {
			t.Errorf("the packer's page shows %q", leak)
		}
	}
	form := lineForm(c, o, li, map[string]string{"quantity": strconv.Itoa(li.Quantity + 1), "price": "0.01", "orig.price": li.Price.String()})
	res := c.postHX("/orders/"+o.ID+"/lines/"+li.ID+"/edit", form)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("packer's save: %d\n%s", res.StatusCode, res.body)
	}
	got := reload(t, srv, o.ID)
	if !got.LineItem(li.ID).Price.Equal(li.Price) || got.LineItem(li.ID).Quantity != li.Quantity+1 {
		t.Fatalf("packer changed price to %s (quantity %d)", got.LineItem(li.ID).Price, got.LineItem(li.ID).Quantity)
	}
	if strings.Contains(res.body, cur.Fixed(got.Total)) {
		t.Error("the packer's answer shows the total")
	}
}

func TestCancelOrderNeedsAReasonAndLocksTheOrder(t *testing.T) {
	t.Parallel()
	srv, o, ann, _ := editSetup(t)
	form := url.Values{"gorilla.csrf.Token": {ann.token("/orders/" + o.ID)}, "version": {strconv.Itoa(o.Version)}}
	res := ann.post("/orders/"+o.ID+"/cancel", form)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.body, "Say why the order is cancelled") {
		t.Fatalf("cancel without a reason: %d", res.StatusCode)
	}
	form.Set("reason", "customer changed their mind")
	if res := ann.post("/orders/"+o.ID+"/cancel", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("cancel: %d\n%s", res.StatusCode, res.body)
	}
	got := reload(t, srv, o.ID)
	if !got.IsCancelled || got.CancelReason != "customer changed their mind" {
		t.Fatalf("cancelled %v, reason %q", got.IsCancelled, got.CancelReason)
	}
	page := ann.get("/orders/" + o.ID)
	if !page.has(testid("locked")) || page.has(`[name="quantity"]`) {
		t.Error("a cancelled order still offers edits")
	}
	li := &got.Items[0]
	if res := ann.post("/orders/"+o.ID+"/lines/"+li.ID+"/edit", lineForm(ann, got, li, map[string]string{"quantity": "3"})); res.StatusCode != http.StatusConflict {
		t.Errorf("editing a cancelled order: %d, want 409", res.StatusCode)
	}
}

func TestRemoveLine(t *testing.T) {
	t.Parallel()
	srv := testenv.NewServer(t, nil)
	srv.CreateUser(t, "ann@example.com", auth.RoleClerk)
	o := demo.NewGenerator(52, srv.Clock.Now(), order.DefaultStatusRules()).Order(demo.Stores[0], demo.ScenarioNew).Order
	if len(o.Items) < 2 {
		o.Items = append(o.Items, o.Items[0])
		o.Items[1].ID, o.Items[1].Sku = "", o.Items[1].Sku+"-2"
	}
	if err := srv.Store.CreateOrder(context.Background(), store.Actor{Label: "storefront"}, o); err != nil {
		t.Fatal(err)
	}
	ann := newClient(t, srv)
	ann.mustLogin("ann@example.com")
	gone := o.Items[1].ID
	form := url.Values{"gorilla.csrf.Token": {ann.token("/orders/" + o.ID)}, "version": {strconv.Itoa(o.Version)}}
	res := ann.postHX("/orders/"+o.ID+"/lines/"+gone+"/remove", form)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("remove: %d\n%s", res.StatusCode, res.body)
	}
	if got := reload(t, srv, o.ID); got.LineItem(gone) != nil || len(got.Items) != len(o.Items)-1 {
		t.Fatal("line not removed")
	}
	if res.has("#line-" + gone) {
		t.Error("the answer still shows the removed line")
	}
}

func TestOrderStatusSelectLeavesCancellingToTheCancelForm(t *testing.T) {
	t.Parallel()
	_, o, ann, _ := editSetup(t)
	page := ann.get("/orders/" + o.ID)
	i := strings.Index(page.body, `id="edit-header-status"`)
	if i < 0 {
		t.Fatal("no status select in the order form")
	}
	sel := page.body[i : i+strings.Index(page.body[i:], "</select>")]
	if !strings.Contains(sel, `value="`+o.Status+`"`) || strings.Contains(sel, `value="Cancelled"`) {
		t.Errorf("status select: %s", sel)
	}
}

// A multi-line comment comes back from the browser with CRLF line ends and the customer name
// as shown; neither counts as a change, so Bob's concurrent comment survives Ann's rename.
func TestUntouchedFieldsAsBrowsersSendThemAreNotChanges(t *testing.T) {
	t.Parallel()
	srv, o, ann, bob := editSetup(t)
	ctx := context.Background()
	o.Comment = "Leave at the door.\nRing twice."
	o.CustomerName = "  Hugo  "
	if err := srv.Store.SaveOrder(ctx, store.Actor{Label: "test"}, o); err != nil {
		t.Fatal(err)
	}
	o = reload(t, srv, o.ID)
	form := func(c *client, name, comment string) url.Values {
		return url.Values{"gorilla.csrf.Token": {c.token("/orders/" + o.ID)}, "version": {strconv.Itoa(o.Version)},
			"orig.comment": {o.Comment}, "comment": {comment}, "orig.customerName": {o.CustomerName}, "customerName": {name}}
	}
	if res := bob.postHX("/orders/"+o.ID+"/header", form(bob, o.CustomerName, "Bob's note")); res.StatusCode != http.StatusOK {
		t.Fatalf("bob: %d", res.StatusCode)
	}
	res := ann.postHX("/orders/"+o.ID+"/header", form(ann, "Hugo Fischer", strings.ReplaceAll(o.Comment, "\n", "\r\n")))
	if res.StatusCode != http.StatusOK {
		t.Fatalf("ann: %d, want a merge\n%s", res.StatusCode, res.body)
	}
	if got := reload(t, srv, o.ID); got.Comment != "Bob's note" || got.CustomerName != "Hugo Fischer" {
		t.Fatalf("comment %q, customer %q", got.Comment, got.CustomerName)
	}
}

// Removing a line that someone changed after the page was loaded stops and shows their change;
// removing again from the fresh form goes ahead.
func TestRemovingALineSomeoneChangedAsksAgain(t *testing.T) {
	t.Parallel()
	srv, paid, ann, bob := editSetup(t)
	// A line in a shipment is not removed: it must leave the shipment first.
	res := ann.postHX("/orders/"+paid.ID+"/lines/"+paid.Items[0].ID+"/remove", lineForm(ann, paid, &paid.Items[0], nil))
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.body, "is in shipment "+paid.Shipments[0].Number) {
		t.Fatalf("removing a shipped line: %d\n%s", res.StatusCode, res.body)
	}
	// An order with one line in no shipment.
	o := demo.NewGenerator(54, srv.Clock.Now(), order.DefaultStatusRules()).Order(demo.Stores[0], demo.ScenarioNew).Order
	extra := o.Items[0]
	extra.ID, extra.Sku = "", extra.Sku+"-EXTRA"
	o.Items = append(o.Items, extra)
	if err := srv.Store.CreateOrder(context.Background(), store.Actor{Label: "storefront"}, o); err != nil {
		t.Fatal(err)
	}
	li := &o.Items[len(o.Items)-1]
	if res := bob.postHX("/orders/"+o.ID+"/lines/"+li.ID+"/edit", lineForm(bob, o, li, map[string]string{"quantity": "6"})); res.StatusCode != http.StatusOK {
		t.Fatalf("bob: %d", res.StatusCode)
	}
	stale := lineForm(ann, o, li, nil)
	res = ann.postHX("/orders/"+o.ID+"/lines/"+li.ID+"/remove", stale)
	if res.StatusCode != http.StatusConflict || !strings.Contains(res.body, "bob@example.com") ||
		!res.has(`[name="orig.quantity"][value="6"]`) {
		t.Fatalf("stale remove: %d, want 409 naming bob with the line as it is now\n%s", res.StatusCode, res.body)
	}
	if got := reload(t, srv, o.ID); got.LineItem(li.ID) == nil {
		t.Fatal("the line Bob changed was removed unseen")
	}
	fresh := reload(t, srv, o.ID)
	if res := ann.postHX("/orders/"+o.ID+"/lines/"+li.ID+"/remove", lineForm(ann, fresh, fresh.LineItem(li.ID), nil)); res.StatusCode != http.StatusOK {
		t.Fatalf("remove again: %d\n%s", res.StatusCode, res.body)
	}
	if got := reload(t, srv, o.ID); got.LineItem(li.ID) != nil {
		t.Fatal("not removed the second time")
	}
}

// flashText is the flash region of a page, for failure messages.
func flashText(body string) string {
	i := strings.Index(body, `id="flashes"`)
	if i < 0 {
		return "(no flash region)"
	}
	return body[i:min(len(body), i+400)]
}

// TestCombinedAddressAsksWhatTheChangeIsFor: editing a "Billing and shipping" address asks
// whether the change is for both; "shipping only" splits it, and billing keeps the old street.
func TestCombinedAddressAsksWhatTheChangeIsFor(t *testing.T) {
	t.Parallel()
	srv, o, ann, _ := editSetup(t)
	var combined *order.Address
	for i := range o.Addresses {
		if o.Addresses[i].AddressType == order.AddressBillingAndShipping {
			combined = &o.Addresses[i]
		}
	}
	if combined == nil {
		t.Fatal("the demo order has no combined billing and shipping address")
	}
	page := ann.get("/orders/" + o.ID)
	if !page.has(`[name="use"]`) || !strings.Contains(page.body, "Shipping only") {
		t.Fatal("the combined address's form does not ask what the change is for")
	}
	old := combined.Line1
	res := ann.post("/orders/"+o.ID+"/addresses/"+combined.ID+"/edit", url.Values{
		"gorilla.csrf.Token": {ann.token("/orders/" + o.ID)}, "version": {strconv.Itoa(o.Version)},
		"use": {"shipping"}, "line1": {"1 New Parcel Street"},
	})
	if res.StatusCode >= 400 {
		t.Fatalf("save: %d %s", res.StatusCode, res.body)
	}
	saved := reload(t, srv, o.ID)
	byType := map[order.AddressType]order.Address{}
	for _, a := range saved.Addresses {
		byType[a.AddressType] = a
	}
	if len(saved.Addresses) != len(o.Addresses)+1 || byType[order.AddressShipping].Line1 != "1 New Parcel Street" ||
		byType[order.AddressBilling].Line1 != old || byType[order.AddressShipping].ID != combined.ID {
		t.Errorf("after a shipping-only change the addresses are %+v; want shipping %q (same id) and billing %q", saved.Addresses, "1 New Parcel Street", old)
	}
	if _, still := byType[order.AddressBillingAndShipping]; still {
		t.Error("a combined address is left after a shipping-only change")
	}
	// A separate address has nothing to choose.
	if page := ann.get("/orders/" + o.ID); page.has(`[name="use"]`) {
		t.Error("a separate address's form still asks what the change is for")
	}
}
