package web_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"orderdesk/internal/auth"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
)

// TestAPIPatchWithoutVersionWaitsForConcurrentSaves: parallel PATCHes that name no version,
// each adding its own custom field to one order, all succeed (no 409) and all are kept, each
// in its own change set; a patch naming a stale version ("replace" or "test" of /version) is
// still 409 and changes nothing.
func TestAPIPatchWithoutVersionWaitsForConcurrentSaves(t *testing.T) {
	t.Parallel()
	srv, demoOrders := listServer(t)
	ctx := context.Background()
	key, _, _ := srv.Store.CreateAPIKey(ctx, store.Actor{Label: "admin", Source: store.SourceDesk}, store.NewAPIKey{Name: "ERP", RoleCode: auth.RoleManager})
	var o *order.CustomerOrder
	for _, d := range demoOrders {
		if !d.Order.IsCancelled {
			o, _ = srv.Store.Order(ctx, d.Order.ID)
			break
		}
	}
	o.DynamicProperties = append(o.DynamicProperties, order.DynamicProperty{ID: "seed", Name: "Seed", ValueType: order.ValueShortText,
		Values: []order.DynamicPropertyValue{{ShortText: "seed"}}})
	if err := srv.Store.SaveOrder(ctx, store.Actor{Label: "setup", Source: store.SourceSystem}, o); err != nil {
		t.Fatal(err)
	}
	before, _ := srv.Store.OrderHistory(ctx, o.ID)
	url := srv.URL + "/api/order/customerOrders/" + o.ID

	const writers = 20
	statuses := make([]int, writers)
	var wg sync.WaitGroup
	for i := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ops := fmt.Sprintf(`[{"op":"add","path":"/dynamicProperties/-","value":{"id":"load-%d","name":"Load %d","valueType":"ShortText","values":[{"shortTextValue":"v%d"}]}}]`, i, i, i)
			res := apiRaw(t, http.MethodPatch, url, key, "", ops)
			statuses[i] = res.status
			if res.status != http.StatusNoContent {
				t.Errorf("patch %d: %d %s", i, res.status, res.body)
			}
		}()
	}
	wg.Wait()
	conflicts := 0
	for _, st := range statuses {
		if st == http.StatusConflict {
			conflicts++
		}
	}
	got, err := srv.Store.Order(ctx, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	kept := 0
	for _, p := range got.DynamicProperties {
		if strings.HasPrefix(p.ID, "load-") {
			kept++
		}
	}
	after, _ := srv.Store.OrderHistory(ctx, o.ID)
	if conflicts != 0 || kept != writers || got.Version != o.Version+writers || len(after) != len(before)+writers {
		t.Errorf("%d parallel patches: %d answered 409, %d kept, version %d → %d, %d new change sets",
			writers, conflicts, kept, o.Version, got.Version, len(after)-len(before))
	}

	// A patch that names a version no longer current is 409, and saves nothing.
	for _, ops := range []string{
		fmt.Sprintf(`[{"op":"replace","path":"/version","value":%d},{"op":"replace","path":"/comment","value":"stale"}]`, o.Version),
		fmt.Sprintf(`[{"op":"test","path":"/version","value":%d},{"op":"replace","path":"/comment","value":"stale"}]`, o.Version),
	} {
		if res := apiRaw(t, http.MethodPatch, url, key, "", ops); res.status != http.StatusConflict {
			t.Errorf("stale version %s: %d %s", ops, res.status, res.body)
		}
	}
	if now, _ := srv.Store.Order(ctx, o.ID); now.Version != got.Version || now.Comment == "stale" {
		t.Errorf("a stale patch saved: version %d, comment %q", now.Version, now.Comment)
	}
	// Naming the current version is fine.
	ops := fmt.Sprintf(`[{"op":"test","path":"/version","value":%d},{"op":"replace","path":"/comment","value":"current"}]`, got.Version)
	if res := apiRaw(t, http.MethodPatch, url, key, "", ops); res.status != http.StatusNoContent {
		t.Errorf("current version: %d %s", res.status, res.body)
	}
}
