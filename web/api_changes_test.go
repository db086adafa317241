package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"orderdesk/internal/auth"
	"orderdesk/internal/store"
)

// TestAPIOrderChangesArePaged: an order with many versions answers its changes in pages of
// change sets, newest first, with the total; the pages walk the whole history once, in order;
// the bare (unpaged) list is bounded to the newest 50; a take above 200 is 400.
func TestAPIOrderChangesArePaged(t *testing.T) {
	t.Parallel()
	srv, demoOrders := listServer(t)
	ctx := context.Background()
	key, _, _ := srv.Store.CreateAPIKey(ctx, store.Actor{Label: "admin", Source: store.SourceDesk}, store.NewAPIKey{Name: "ERP", RoleCode: auth.RoleManager})
	o, err := srv.Store.Order(ctx, demoOrders[0].Order.ID)
	if err != nil {
		t.Fatal(err)
	}
	const edits = 130
	for i := 1; i <= edits; i++ {
		o.Comment = fmt.Sprintf("edit %d", i)
		if err := srv.Store.SaveOrder(ctx, store.Actor{Label: "setup", Source: store.SourceSystem}, o); err != nil {
			t.Fatal(err)
		}
	}
	history, err := srv.Store.OrderHistory(ctx, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	total := len(history)
	if total < edits+1 {
		t.Fatalf("history of %d change sets after %d edits", total, edits)
	}
	url := srv.URL + "/api/order/customerOrders/" + o.ID + "/changes"

	type page struct {
		TotalCount int              `json:"totalCount"`
		Skip       int              `json:"skip"`
		Take       int              `json:"take"`
		Results    []map[string]any `json:"results"`
	}
	get := func(query string) (rawAnswer, page) {
		res := apiRaw(t, http.MethodGet, url+query, key, "", "")
		var p page
		if res.status == http.StatusOK && strings.Contains(query, "=") {
			if err := json.Unmarshal(res.body, &p); err != nil {
				t.Fatalf("%s: not a page: %v %.200s", query, err, res.body)
			}
		}
		return res, p
	}
	setsOf := func(entries []map[string]any) []string {
		var ids []string
		for _, e := range entries {
			id := e["changeSetId"].(string)
			if len(ids) == 0 || ids[len(ids)-1] != id {
				ids = append(ids, id)
			}
		}
		return ids
	}

	// The pages, newest first, cover every change set once and in order.
	var walked []string
	for skip := 0; skip < total; skip += 40 {
		res, p := get("?skip=" + strconv.Itoa(skip) + "&take=40")
		if res.status != http.StatusOK || p.TotalCount != total || p.Skip != skip || p.Take != 40 {
			t.Fatalf("skip %d: %d totalCount %d, want %d", skip, res.status, p.TotalCount, total)
		}
		ids := setsOf(p.Results)
		if want := min(40, total-skip); len(ids) != want {
			t.Errorf("skip %d: %d change sets, want %d", skip, len(ids), want)
		}
		walked = append(walked, ids...)
	}
	if len(walked) != total {
		t.Fatalf("the pages held %d change sets, the history %d", len(walked), total)
	}
	for i, id := range walked {
		if want := history[total-1-i].ID; id != want {
			t.Fatalf("change set %d of the walk is %s, want %s (newest first)", i, id, want)
		}
	}
	_, first := get("?take=1")
	if len(first.Results) == 0 || !strings.Contains(fmt.Sprint(first.Results[0]["detail"]), fmt.Sprintf("edit %d", edits)) {
		t.Errorf("the newest change: %v", first.Results)
	}

	// Without skip or take: Virto's bare list, bounded, and the total in a header.
	bare := apiRaw(t, http.MethodGet, url, key, "", "")
	var entries []map[string]any
	if err := json.Unmarshal(bare.body, &entries); err != nil || bare.status != http.StatusOK {
		t.Fatalf("bare list: %d %v", bare.status, err)
	}
	if n := len(setsOf(entries)); n != 50 || bare.header.Get("X-Total-Count") != strconv.Itoa(total) {
		t.Errorf("bare list: %d change sets, X-Total-Count %q; want 50 and %d", n, bare.header.Get("X-Total-Count"), total)
	}

	// Bad paging is 400 with the field named.
	for _, q := range []string{"?take=201", "?take=0", "?skip=-1", "?take=many"} {
		res := apiRaw(t, http.MethodGet, url+q, key, "", "")
		var e struct {
			Errors map[string]string `json:"errors"`
		}
		_ = json.Unmarshal(res.body, &e)
		if res.status != http.StatusBadRequest || len(e.Errors) == 0 {
			t.Errorf("%s: %d %s", q, res.status, res.body)
		}
	}
}
