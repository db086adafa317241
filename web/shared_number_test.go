package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"orderdesk/internal/auth"
	"orderdesk/internal/demo"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
	"orderdesk/internal/testenv"
)

// TestAmbiguousNumbersShowTheirStore: a number imported into two stores (from before numbers
// were shared) is listed with the store beside it wherever matches are listed — the order list's
// search, field mode's match list — and the API's lookup by number names both orders with their
// stores instead of picking one; ?storeId= picks. A number held once shows no store.
func TestAmbiguousNumbersShowTheirStore(t *testing.T) {
	t.Parallel()
	srv := testenv.NewServer(t, nil)
	srv.CreateUser(t, "clerk@example.com", auth.RoleClerk)
	srv.CreateUser(t, "field@example.com", auth.RoleField)
	ctx := context.Background()
	gen := demo.NewGenerator(21, srv.Clock.Now(), order.DefaultStatusRules())
	importer := store.Actor{Label: "import", Source: store.SourceAPI}
	var twins []*order.CustomerOrder
	for _, st := range []demo.Store{demo.Stores[0], demo.Stores[2]} {
		o := gen.Order(st, demo.ScenarioPaid).Order
		o.Number = "CO260301-00042"
		if err := srv.Store.CreateOrder(ctx, importer, o); err != nil {
			t.Fatal(err)
		}
		twins = append(twins, o)
	}
	single := gen.Order(demo.Stores[1], demo.ScenarioPaid).Order
	if err := srv.Store.CreateOrder(ctx, importer, single); err != nil {
		t.Fatal(err)
	}

	clerk := newClient(t, srv)
	clerk.mustLogin("clerk@example.com")
	list := clerk.get("/orders?q=" + url.QueryEscape(twins[0].Number))
	if list.StatusCode != http.StatusOK || list.count(testid("order-row")) != 2 {
		t.Fatalf("searching the shared number: %d, %d rows", list.StatusCode, list.count(testid("order-row")))
	}
	for _, o := range twins {
		if !list.hasText("span.muted"+testid("number-store"), o.StoreName) {
			t.Errorf("the list does not show %s beside %s", o.StoreName, o.Number)
		}
	}
	if one := clerk.get("/orders?q=" + url.QueryEscape(single.Number)); one.has(testid("number-store")) {
		t.Errorf("a number held once shows a store beside it")
	}

	field := newClient(t, srv)
	field.mustLogin("field@example.com")
	found := field.get("/field?q=" + url.QueryEscape(twins[0].Number))
	if found.StatusCode != http.StatusOK || found.count(testid("field-match")) != 2 {
		t.Fatalf("field mode with the shared number: %d, want the two matches listed", found.StatusCode)
	}
	for _, o := range twins {
		if !found.hasText("span.muted"+testid("field-match-store"), o.StoreName) {
			t.Errorf("field mode does not show %s beside %s", o.StoreName, o.Number)
		}
	}

	key, _, err := srv.Store.CreateAPIKey(ctx, store.Actor{Label: "admin", Source: store.SourceDesk}, store.NewAPIKey{Name: "ERP", RoleCode: auth.RoleManager})
	if err != nil {
		t.Fatal(err)
	}
	byNumber := srv.URL + "/api/order/customerOrders/number/" + url.PathEscape(twins[0].Number)
	status, body := apiGet(t, byNumber, key)
	msg, _ := body["message"].(string)
	errs, _ := body["errors"].(map[string]any)
	if status != http.StatusBadRequest || errs["storeId"] == nil {
		t.Fatalf("the shared number by the API: %d %v", status, body)
	}
	for _, o := range twins {
		if !strings.Contains(msg, "store "+o.StoreID+" ("+o.StoreName+", id "+o.ID+")") {
			t.Errorf("the API error %q does not name %s with its store %s", msg, o.ID, o.StoreID)
		}
	}
	if status, body := apiGet(t, byNumber+"?storeId="+twins[1].StoreID, key); status != http.StatusOK || body["id"] != twins[1].ID {
		t.Errorf("with ?storeId=%s: %d %v, want %s", twins[1].StoreID, status, body["id"], twins[1].ID)
	}
	// A key scoped to one of the stores sees one order: no ambiguity, nothing of the other store.
	scoped, _, err := srv.Store.CreateAPIKey(ctx, store.Actor{Label: "admin", Source: store.SourceDesk}, store.NewAPIKey{Name: "Shop", RoleCode: auth.RoleManager, StoreIDs: []string{twins[0].StoreID}})
	if err != nil {
		t.Fatal(err)
	}
	if status, body := apiGet(t, byNumber, scoped); status != http.StatusOK || body["id"] != twins[0].ID {
		t.Errorf("a store key: %d %v, want its own order %s", status, body["id"], twins[0].ID)
	}
}
