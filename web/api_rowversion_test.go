package web_test

import (
	"net/http"
	"testing"
)

// TestAPIPutTakesVirtosRowVersion: an order reads out with Virto's rowVersion; a PUT that
// sends it back is checked against it (stale: 409), one without rowVersion or version is last
// writer wins as in Virto, and a rowVersion this API never gave is 400.
func TestAPIPutTakesVirtosRowVersion(t *testing.T) {
	t.Parallel()
	srv, orders := listServer(t)
	key := managerKey(t, srv)
	o := orders[4].Order
	base := srv.URL + "/api/order/customerOrders"
	read := func() map[string]any {
		t.Helper()
		status, body := apiGet(t, base+"/"+o.ID, key)
		if status != http.StatusOK {
			t.Fatalf("read: %d %v", status, body)
		}
		return body
	}
	first := read()
	rv, _ := first["rowVersion"].(string)
	if rv == "" || rv == "AAAAAAAAAAA=" {
		t.Fatalf("rowVersion %q for version %v", rv, first["version"])
	}
	// A Virto client sends rowVersion and no version.
	delete(first, "version")
	first["comment"] = "by row version"
	if status := apiPut(t, base, key, first); status != http.StatusNoContent {
		t.Fatalf("PUT with rowVersion: %d", status)
	}
	second := read()
	if second["comment"] != "by row version" || second["rowVersion"] == rv {
		t.Fatalf("after the PUT: comment %v, rowVersion %v (was %s)", second["comment"], second["rowVersion"], rv)
	}
	// The old rowVersion is stale now.
	first["comment"] = "an older idea"
	if status, body := apiSend(t, http.MethodPut, base, key, first); status != http.StatusConflict {
		t.Errorf("PUT with a stale rowVersion: %d %v", status, body)
	}
	// Neither rowVersion nor version: the last writer wins.
	delete(second, "version")
	delete(second, "rowVersion")
	second["comment"] = "last writer"
	if status := apiPut(t, base, key, second); status != http.StatusNoContent {
		t.Errorf("PUT without a version: %d", status)
	}
	if got := read(); got["comment"] != "last writer" {
		t.Errorf("after the PUT without a version: comment %v", got["comment"])
	}
	second["rowVersion"] = "not base64!"
	if status, body := apiSend(t, http.MethodPut, base, key, second); status != http.StatusBadRequest || body["errors"] == nil {
		t.Errorf("PUT with a bad rowVersion: %d %v", status, body)
	}
}
