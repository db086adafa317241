package web_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"orderdesk/internal/auth"
	"orderdesk/internal/desk"
	"orderdesk/internal/store"
)

// postHTMX posts a form as htmx does.
func (c *client) postHTMX(path string, form url.Values) response {
	c.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, c.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", c.srv.URL)
	req.Header.Set("HX-Request", "true")
	return c.do(req)
}

func chipNames(r response, id string) []string {
	var out []string
	r.doc().Find(testid(id)).Each(func(_ int, s *goquery.Selection) {
		out = append(out, strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s.Text()), "×")))
	})
	return out
}

// TestOrderTags: tags added and removed on the order page (htmx and plain forms) as audited
// change sets, shown as chips in the list, filtered with tag: and -tag: (ANDed), kept by saved
// views, exported in the CSV; bad names answered 422; the route's permission and the user's
// scope hold.
func TestOrderTags(t *testing.T) {
	t.Parallel()
	srv, orders := listServer(t)
	ctx := context.Background()
	srv.CreateUser(t, "viewer@example.com", auth.RoleViewer)
	clerk := newClient(t, srv)
	clerk.mustLogin("clerk@example.com")
	o := orders[0].Order
	page := "/orders/" + o.ID
	tok := clerk.token(page)
	if res := clerk.get(page); !res.has(testid("order-tags")) || !res.has("#tag-input[data-tag-input]") {
		t.Fatalf("the order page has no tags box")
	}

	// Add two at once with htmx: the box comes back alone, with both chips.
	res := clerk.postHTMX(page+"/tags", url.Values{"gorilla.csrf.Token": {tok}, "add": {"urgent, On  hold"}})
	if res.StatusCode != http.StatusOK || strings.Contains(res.body, "<html") {
		t.Fatalf("htmx add: %d\n%.400s", res.StatusCode, res.body)
	}
	if got := chipNames(res, "order-tag"); !slices.Equal(got, []string{"On hold", "urgent"}) {
		t.Errorf("chips = %q", got)
	}
	// A bad name: 422, the message and the name kept in the field; nothing saved.
	res = clerk.postHTMX(page+"/tags", url.Values{"gorilla.csrf.Token": {tok}, "add": {"-late"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.text(".tag-error"), "starts with -") ||
		!strings.Contains(res.body, `value="-late"`) {
		t.Errorf("bad tag: %d %q", res.StatusCode, res.text(".tag-error"))
	}
	long := strings.Repeat("x", 41)
	if res = clerk.post(page+"/tags", url.Values{"gorilla.csrf.Token": {tok}, "add": {long}}); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(res.body, "at most 40") || len(duplicateIDs(res)) > 0 {
		t.Errorf("too long (plain form): %d, duplicate ids %v", res.StatusCode, duplicateIDs(res))
	}
	if res = clerk.postHTMX(page+"/tags", url.Values{"gorilla.csrf.Token": {tok}, "add": {"  "}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("nothing to add: %d", res.StatusCode)
	}
	// The page is whole: the box once, no id twice.
	full := clerk.get(page)
	if full.count(testid("order-tags")) != 1 || len(duplicateIDs(full)) > 0 {
		t.Errorf("order page: %d tag boxes, duplicate ids %v", full.count(testid("order-tags")), duplicateIDs(full))
	}
	if h := clerk.get(page + "/history"); !strings.Contains(h.body, "Added tags On hold and urgent") {
		t.Error("history does not say the tags were added")
	}

	// The list: chips on the row, tag: and -tag: in the keyword box and in the URL.
	rows := func(path string) int { return clerk.get(path).count(testid("order-row")) }
	list := clerk.get("/orders?q=" + url.QueryEscape("tag:urgent"))
	if list.count(testid("order-row")) != 1 || !slices.Equal(chipNames(list, "row-tag"), []string{"On hold", "urgent"}) {
		t.Errorf("tag:urgent: %d rows, chips %q", list.count(testid("order-row")), chipNames(list, "row-tag"))
	}
	for q, want := range map[string]int{
		`tag:URGENT tag:"on hold"`: 1, "tag:urgent tag:nothing": 0, "-tag:urgent": len(orders) - 1,
		"tag:urgent -tag:urgent": 0, "tag:nothing": 0,
	} {
		if got := rows("/orders?n=100&q=" + url.QueryEscape(q)); got != want {
			t.Errorf("%s: %d rows, want %d", q, got, want)
		}
	}
	if got := rows("/orders?n=100&tag=urgent"); got != 1 {
		t.Errorf("?tag=urgent: %d rows", got)
	}
	if got := rows("/orders?n=100&tag=-urgent"); got != len(orders)-1 {
		t.Errorf("?tag=-urgent: %d rows", got)
	}
	if p := clerk.get("/orders?q=" + url.QueryEscape("-status:New")); !strings.Contains(p.body, "only tag: can be turned around") {
		t.Error("-status: gives no message")
	}

	// A saved view keeps the tag filter (it stores the URL query) and counts by it.
	for _, query := range []string{"q=" + url.QueryEscape("tag:urgent"), "tag=urgent&bogus=1"} {
		save := clerk.post("/orders/views", url.Values{"gorilla.csrf.Token": {clerk.token("/orders")}, "name": {"Urgent " + query[:1]}, "query": {query}})
		if save.StatusCode != http.StatusSeeOther {
			t.Fatalf("save view %s: %d", query, save.StatusCode)
		}
	}
	bar := clerk.htmx("/orders/views")
	for _, name := range []string{"Urgent q", "Urgent t"} {
		if !regexp.MustCompile(name + `.*?data-testid="view-count">1<`).MatchString(bar.body) {
			t.Errorf("view %q does not count the one tagged order:\n%s", name, bar.body)
		}
	}

	// The CSV has a Tags column.
	export := clerk.get("/orders/export.csv?col=number&q=" + url.QueryEscape("tag:urgent"))
	recs, err := csv.NewReader(strings.NewReader(export.body)).ReadAll()
	if err != nil || len(recs) != 2 || !slices.Equal(recs[0], []string{"Number", "Tags"}) || recs[1][1] != "On hold, urgent" {
		t.Errorf("export: %v %q", err, recs)
	}

	// Remove with the chip's ×: a plain form goes back to the page.
	res = clerk.post(page+"/tags", url.Values{"gorilla.csrf.Token": {tok}, "remove": {"URGENT"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != page {
		t.Fatalf("remove: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	if h := clerk.get(page + "/history"); !strings.Contains(h.body, "Removed tag urgent") {
		t.Error("history does not say the tag was removed")
	}
	if got, err := srv.Store.Order(ctx, o.ID); err != nil || !slices.Equal(got.Tags, []string{"On hold"}) {
		t.Errorf("stored tags %q, %v", got.Tags, err)
	}

	// Permission: a viewer reads the chips but has no form, and a post is 403.
	viewer := newClient(t, srv)
	viewer.mustLogin("viewer@example.com")
	vp := viewer.get(page)
	if !slices.Equal(chipNames(vp, "order-tag"), []string{"On hold"}) || vp.has("#tag-input") {
		t.Errorf("viewer: chips %q, form shown %v", chipNames(vp, "order-tag"), vp.has("#tag-input"))
	}
	if res := viewer.post(page+"/tags", url.Values{"gorilla.csrf.Token": {viewer.token(page)}, "add": {"mine"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("viewer adds a tag: %d, want 403", res.StatusCode)
	}
	// Scope: a clerk of another store does not find the order.
	admin := store.Actor{Label: "admin", Source: store.SourceDesk}
	other := srv.CreateUser(t, "other@example.com", auth.RoleClerk)
	elsewhere := "books-uk"
	if o.StoreID == elsewhere {
		elsewhere = "volt-de"
	}
	if err := srv.Store.SetUserScope(ctx, admin, other.ID, []string{elsewhere}, false); err != nil {
		t.Fatal(err)
	}
	oc := newClient(t, srv)
	oc.mustLogin("other@example.com")
	if res := oc.post(page+"/tags", url.Values{"gorilla.csrf.Token": {oc.token("/orders")}, "add": {"x"}}); res.StatusCode != http.StatusNotFound {
		t.Errorf("out-of-scope clerk tags the order: %d, want 404", res.StatusCode)
	}
	if got, _ := srv.Store.Order(ctx, o.ID); !slices.Equal(got.Tags, []string{"On hold"}) {
		t.Errorf("tags changed by refused posts: %q", got.Tags)
	}
}

// TestAdminTags: managers rename a tag everywhere (one security event, orders unchanged),
// change its colour and delete an unused one; bad input is 422 at the row; clerks may not.
func TestAdminTags(t *testing.T) {
	t.Parallel()
	srv, orders := listServer(t)
	ctx := context.Background()
	o := orders[1].Order
	by := store.Actor{Label: "admin", Source: store.SourceDesk}
	o.Tags = []string{"late", "vip"}
	if err := srv.Store.SaveOrder(ctx, by, o); err != nil {
		t.Fatal(err)
	}
	d := desk.New(srv.Store)
	if _, err := d.SetTags(ctx, by, orders[2].Order.ID, []string{"spare"}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := d.SetTags(ctx, by, orders[2].Order.ID, nil, []string{"spare"}); err != nil {
		t.Fatal(err)
	}
	clerk := newClient(t, srv)
	clerk.mustLogin("clerk@example.com")
	if res := clerk.get("/admin/tags"); res.StatusCode != http.StatusForbidden {
		t.Errorf("clerk opens Admin → Tags: %d, want 403", res.StatusCode)
	}
	m := newClient(t, srv)
	m.mustLogin("manager@example.com")
	if idx := m.get("/admin"); !strings.Contains(idx.body, `href="/admin/tags"`) {
		t.Error("the admin index has no Tags section")
	}
	page := m.get("/admin/tags")
	if page.StatusCode != http.StatusOK || page.count("[data-testid^=tag-]") != 3 || len(duplicateIDs(page)) > 0 {
		t.Fatalf("tags page: %d, %d rows, duplicate ids %v", page.StatusCode, page.count("[data-testid^=tag-]"), duplicateIDs(page))
	}
	tags, err := srv.Store.Tags(ctx)
	if err != nil {
		t.Fatal(err)
	}
	id := map[string]string{}
	for _, tg := range tags {
		id[tg.Name] = tg.ID
		want := map[string]int{"late": 1, "vip": 1, "spare": 0}[tg.Name]
		if tg.Orders != want {
			t.Errorf("%s used %d times, want %d", tg.Name, tg.Orders, want)
		}
	}
	tok := m.token("/admin/tags")
	if res := clerk.post("/admin/tags/"+id["late"], url.Values{"gorilla.csrf.Token": {clerk.token("/orders")}, "name": {"x"}, "colour": {"red"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("clerk renames a tag: %d, want 403", res.StatusCode)
	}
	for _, bad := range []url.Values{{"name": {"vip"}, "colour": {"red"}}, {"name": {"ok"}, "colour": {"plaid"}}, {"name": {"a;b"}, "colour": {"red"}}} {
		bad.Set("gorilla.csrf.Token", tok)
		res := m.post("/admin/tags/"+id["late"], bad)
		if res.StatusCode != http.StatusUnprocessableEntity || res.text(".tag-error") == "" {
			t.Errorf("rename %v: %d %q", bad, res.StatusCode, res.text(".tag-error"))
		}
	}
	res := m.post("/admin/tags/"+id["late"], url.Values{"gorilla.csrf.Token": {tok}, "name": {"Overdue"}, "colour": {"orange"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("rename: %d %s", res.StatusCode, res.body)
	}
	after, err := srv.Store.Order(ctx, o.ID)
	if err != nil || !slices.Equal(after.Tags, []string{"Overdue", "vip"}) || after.Version != o.Version {
		t.Errorf("after the rename: %q version %d (was %d), %v", after.Tags, after.Version, o.Version, err)
	}
	if got := m.get("/orders?q=" + url.QueryEscape("tag:overdue")).count(testid("order-row")); got != 1 {
		t.Errorf("tag:overdue lists %d", got)
	}
	if row := m.get("/orders?q=" + url.QueryEscape("tag:overdue")); !row.has(".row-tags .tag-orange") {
		t.Error("the renamed tag's chip is not orange")
	}
	var n int
	if err := srv.Store.DB().Get(&n, `SELECT COUNT(*) FROM security_events WHERE action = 'tag.updated'`); err != nil || n != 1 {
		t.Errorf("%d tag.updated events, %v", n, err)
	}
	if res := clerk.post("/admin/tags/"+id["spare"]+"/delete", url.Values{"gorilla.csrf.Token": {clerk.token("/orders")}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("clerk deletes a tag: %d, want 403", res.StatusCode)
	}
	if res := m.post("/admin/tags/"+id["vip"]+"/delete", url.Values{"gorilla.csrf.Token": {tok}}); res.StatusCode != http.StatusConflict {
		t.Errorf("delete a used tag: %d, want 409", res.StatusCode)
	}
	if res := m.post("/admin/tags/"+id["spare"]+"/delete", url.Values{"gorilla.csrf.Token": {tok}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("delete an unused tag: %d", res.StatusCode)
	}
	if res := m.post("/admin/tags/"+id["spare"]+"/delete", url.Values{"gorilla.csrf.Token": {tok}}); res.StatusCode != http.StatusNotFound {
		t.Errorf("delete it again: %d, want 404", res.StatusCode)
	}
}

// TestAPITags: the order carries "tags" in the API; create and update set them, a body
// without "tags" keeps them, [] clears them, and a bad tag is 422.
func TestAPITags(t *testing.T) {
	t.Parallel()
	srv, orders := listServer(t)
	key := managerKey(t, srv)
	o := orders[3].Order
	get := func() map[string]any {
		status, body := apiGet(t, srv.URL+"/api/order/customerOrders/"+o.ID, key)
		if status != http.StatusOK {
			t.Fatalf("GET: %d", status)
		}
		return body
	}
	put := func(body map[string]any) (int, string) {
		b, _ := json.Marshal(body)
		req, _ := http.NewRequest(http.MethodPut, srv.URL+"/api/order/customerOrders", strings.NewReader(string(b)))
		req.Header.Set("api_key", key)
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		raw, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(raw)
	}
	tagsOf := func(body map[string]any) []string {
		var out []string
		list, _ := body["tags"].([]any)
		for _, v := range list {
			out = append(out, v.(string))
		}
		return out
	}
	body := get()
	if _, ok := body["tags"]; ok {
		t.Errorf("an untagged order has tags %v", body["tags"])
	}
	body["tags"] = []string{"wholesale", "Rush"}
	if status, raw := put(body); status != http.StatusNoContent {
		t.Fatalf("PUT tags: %d %s", status, raw)
	}
	body = get()
	if got := tagsOf(body); !slices.Equal(got, []string{"Rush", "wholesale"}) {
		t.Errorf("tags after PUT: %q", got)
	}
	delete(body, "tags")
	body["purchaseOrderNumber"] = "PO-TAGS"
	if status, raw := put(body); status != http.StatusNoContent {
		t.Fatalf("PUT without tags: %d %s", status, raw)
	}
	if body = get(); !slices.Equal(tagsOf(body), []string{"Rush", "wholesale"}) {
		t.Errorf("a PUT without tags changed them: %q", tagsOf(body))
	}
	body["tags"] = []string{"fine", "not;fine"}
	status, raw := put(body)
	if status != http.StatusUnprocessableEntity || !strings.Contains(raw, `"tags"`) || !strings.Contains(raw, "not;fine") {
		t.Errorf("bad tag: %d %s", status, raw)
	}
	body["tags"] = []string{}
	if status, raw := put(body); status != http.StatusNoContent {
		t.Fatalf("PUT []: %d %s", status, raw)
	}
	if body = get(); len(tagsOf(body)) != 0 {
		t.Errorf("tags after PUT []: %q", tagsOf(body))
	}
	// A JSON Patch adds one; the search's keyword takes tag:.
	patch := `[{"op": "add", "path": "/tags", "value": ["patched"]}]` // absent when empty: add the list
	req, _ := http.NewRequest(http.MethodPatch, srv.URL+"/api/order/customerOrders/"+o.ID, strings.NewReader(patch))
	req.Header.Set("api_key", key)
	req.Header.Set("Content-Type", "application/json-patch+json")
	pres, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	pres.Body.Close()
	if body = get(); pres.StatusCode != http.StatusNoContent || !slices.Equal(tagsOf(body), []string{"patched"}) {
		t.Errorf("PATCH add /tags: %d, tags %q", pres.StatusCode, tagsOf(body))
	}
	status, found := apiSend(t, http.MethodPost, srv.URL+"/api/order/customerOrders/search", key, map[string]any{"keyword": "tag:patched", "take": 10})
	if results, _ := found["results"].([]any); status != http.StatusOK || len(results) != 1 {
		t.Errorf("search tag:patched: %d, %v results", status, found["totalCount"])
	}
	// Create with tags.
	fresh := get()
	for _, k := range []string{"id", "number", "version", "rowVersion"} {
		delete(fresh, k)
	}
	fresh["tags"] = []string{"imported"}
	var created map[string]any
	status, created = apiSend(t, http.MethodPost, srv.URL+"/api/order/customerOrders", key, fresh)
	if status != http.StatusOK || !slices.Equal(tagsOf(created), []string{"imported"}) {
		t.Errorf("create with tags: %d %v", status, created["tags"])
	}
	fresh["tags"] = []string{strings.Repeat("y", 50)}
	if status, _ := apiSend(t, http.MethodPost, srv.URL+"/api/order/customerOrders", key, fresh); status != http.StatusUnprocessableEntity {
		t.Errorf("create with a bad tag: %d, want 422", status)
	}
}
