package web_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"orderdesk/internal/auth"
	"orderdesk/internal/demo"
	"orderdesk/internal/store"
	"orderdesk/internal/testenv"
)

func TestAdministratorManagesUsers(t *testing.T) {
	t.Parallel()
	srv := testenv.NewServer(t, nil)
	srv.CreateUser(t, "admin@example.com", auth.RoleAdministrator)
	for _, st := range demo.Stores {
		if err := srv.Store.UpsertStore(context.Background(), store.StoreInfo{ID: st.ID, Name: st.Name, DefaultCurrency: st.Currency}); err != nil {
			t.Fatal(err)
		}
	}
	a := newClient(t, srv)
	a.mustLogin("admin@example.com")
	token := a.token("/admin/users")

	// A bad address and a short password are named at their fields; nothing is created.
	res := a.post("/admin/users", url.Values{"gorilla.csrf.Token": {token}, "email": {"nope"}, "password": {"short"}, "role": {"clerk"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !res.has(`[aria-invalid="true"]`) {
		t.Fatalf("bad new user: %d", res.StatusCode)
	}
	// A clerk limited to one store.
	res = a.post("/admin/users", url.Values{"gorilla.csrf.Token": {token}, "email": {"Kim@Example.com"}, "name": {"Kim"},
		"password": {"a-long-password"}, "role": {"clerk"}, "store": {"books-uk"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d %s", res.StatusCode, res.body)
	}
	userURL := res.Header.Get("Location")
	kim, err := srv.Store.UserByEmail(context.Background(), "kim@example.com")
	if err != nil || kim.RoleCode != "clerk" || kim.ScopeStores != "books-uk" {
		t.Fatalf("created user %+v, %v", kim, err)
	}
	k := newClient(t, srv)
	if res := k.login("kim@example.com", "a-long-password"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("Kim cannot sign in: %d", res.StatusCode)
	}

	// Make Kim a viewer for every store: the role change signs Kim out.
	res = a.post(userURL, url.Values{"gorilla.csrf.Token": {token}, "name": {"Kim Lee"}, "role": {"viewer"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("update: %d %s", res.StatusCode, res.body)
	}
	kim, _ = srv.Store.UserByEmail(context.Background(), "kim@example.com")
	if kim.RoleCode != "viewer" || kim.ScopeStores != "" || kim.Name != "Kim Lee" {
		t.Errorf("after the update: %+v", kim)
	}
	if res := k.get("/orders"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("Kim is still signed in after a role change: %d", res.StatusCode)
	}

	// Reset the password, then disable: the old password stops working, then any.
	if res := a.post(userURL+"/password", url.Values{"gorilla.csrf.Token": {token}, "password": {"another-password"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("reset password: %d", res.StatusCode)
	}
	if res := k.login("kim@example.com", "a-long-password"); res.StatusCode == http.StatusSeeOther {
		t.Error("the old password still works")
	}
	if res := k.login("kim@example.com", "another-password"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("the new password does not work: %d", res.StatusCode)
	}
	if res := a.post(userURL+"/disable", url.Values{"gorilla.csrf.Token": {token}, "disabled": {"1"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("disable: %d", res.StatusCode)
	}
	if res := k.get("/orders"); res.StatusCode != http.StatusSeeOther {
		t.Error("a disabled user is still signed in")
	}

	// Every change is in the account's log, with who made it.
	page := a.get(userURL)
	for _, action := range []string{"user.created", "user.scope_changed", "user.updated", "user.password_reset", "user.disabled"} {
		if !regexp.MustCompile(action + `</strong> by admin@example.com`).MatchString(page.body) {
			t.Errorf("the log lacks %s by the administrator", action)
		}
	}
	list := a.get("/admin/users")
	if !strings.Contains(list.body, "Kim Lee") || !strings.Contains(list.body, "Disabled") {
		t.Error("the user list does not show Kim as disabled")
	}
	// Administrators cannot lock themselves out.
	me, _ := srv.Store.UserByEmail(context.Background(), "admin@example.com")
	a.post("/admin/users/"+me.ID+"/disable", url.Values{"gorilla.csrf.Token": {token}, "disabled": {"1"}})
	if res := a.get("/admin/users"); res.StatusCode != http.StatusOK {
		t.Errorf("the administrator disabled their own account: %d", res.StatusCode)
	}
}

func TestAdministratorMakesRoles(t *testing.T) {
	t.Parallel()
	srv := testenv.NewServer(t, nil)
	srv.CreateUser(t, "admin@example.com", auth.RoleAdministrator)
	a := newClient(t, srv)
	a.mustLogin("admin@example.com")
	token := a.token("/admin/roles")

	// A built-in code, a bad code and no permissions are refused at their fields.
	res := a.post("/admin/roles", url.Values{"gorilla.csrf.Token": {token}, "code": {"clerk"}, "name": {"Mine"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.body, "built-in role") || !strings.Contains(res.body, "Tick at least one permission") {
		t.Fatalf("bad role: %d", res.StatusCode)
	}
	res = a.post("/admin/roles", url.Values{"gorilla.csrf.Token": {token}, "code": {"refund-desk"}, "name": {"Refund desk"},
		"permission": {"order:read", "order:refund", "order:read_prices", "bogus"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save role: %d %s", res.StatusCode, res.body)
	}
	page := a.get("/admin/roles")
	if !strings.Contains(page.body, "Refund desk") || page.count(testid("role-row")) != len(auth.BuiltinRoles)+1 {
		t.Error("the new role is not in the matrix")
	}

	// A user with the new role may read orders but not administer.
	res = a.post("/admin/users", url.Values{"gorilla.csrf.Token": {token}, "email": {"rita@example.com"}, "name": {"Rita"},
		"password": {"a-long-password"}, "role": {"refund-desk"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create user with the new role: %d %s", res.StatusCode, res.body)
	}
	rita := newClient(t, srv)
	if res := rita.login("rita@example.com", "a-long-password"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("Rita cannot sign in: %d", res.StatusCode)
	}
	if res := rita.get("/orders"); res.StatusCode != http.StatusOK {
		t.Errorf("Rita cannot read orders: %d", res.StatusCode)
	}
	if res := rita.get("/admin/users"); res.StatusCode != http.StatusForbidden {
		t.Errorf("Rita reaches the users page: %d", res.StatusCode)
	}
	// Taking order:read away takes effect on Rita's next request.
	res = a.post("/admin/roles", url.Values{"gorilla.csrf.Token": {token}, "code": {"refund-desk"}, "name": {"Refund desk"},
		"permission": {"order:refund"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("change role: %d", res.StatusCode)
	}
	if res := rita.get("/orders"); res.StatusCode != http.StatusForbidden {
		t.Errorf("Rita still reads orders after the role lost order:read: %d", res.StatusCode)
	}
	// Unknown roles are refused when adding a user.
	res = a.post("/admin/users", url.Values{"gorilla.csrf.Token": {token}, "email": {"x@example.com"},
		"password": {"a-long-password"}, "role": {"nope"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.body, `unknown role &#34;nope&#34;`) {
		t.Errorf("unknown role: %d", res.StatusCode)
	}
}

func TestAdministratorMakesAndRevokesAPIKeys(t *testing.T) {
	t.Parallel()
	srv, orders := listServer(t)
	srv.CreateUser(t, "admin@example.com", auth.RoleAdministrator)
	a := newClient(t, srv)
	a.mustLogin("admin@example.com")
	token := a.token("/admin/api-keys")
	if res := a.post("/admin/api-keys", url.Values{"gorilla.csrf.Token": {token}, "name": {""}, "role": {"viewer"}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a nameless key: %d", res.StatusCode)
	}
	res := a.post("/admin/api-keys", url.Values{"gorilla.csrf.Token": {token}, "name": {"Warehouse"}, "role": {"field"}})
	key := regexp.MustCompile(`data-testid="new-key">(od_[a-z2-7]+)<`).FindStringSubmatch(res.body)
	if res.StatusCode != http.StatusCreated || key == nil {
		t.Fatalf("make a key: %d", res.StatusCode)
	}
	if strings.Contains(a.get("/admin/api-keys").body, key[1]) {
		t.Error("the key is shown again after the first answer")
	}
	status, _ := apiGet(t, srv.URL+"/api/order/customerOrders/"+orders[0].Order.ID, key[1])
	if status != http.StatusOK {
		t.Fatalf("the new key: %d", status)
	}
	id := regexp.MustCompile(`/admin/api-keys/([0-9A-Z]{26})/revoke`).FindStringSubmatch(a.get("/admin/api-keys").body)
	if id == nil {
		t.Fatal("no revoke form")
	}
	if res := a.post("/admin/api-keys/"+id[1]+"/revoke", url.Values{"gorilla.csrf.Token": {token}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("revoke: %d", res.StatusCode)
	}
	if status, _ := apiGet(t, srv.URL+"/api/order/customerOrders/"+orders[0].Order.ID, key[1]); status != http.StatusUnauthorized {
		t.Errorf("a revoked key: %d", status)
	}
}

func TestAdministratorSubscribesWebhooks(t *testing.T) {
	t.Parallel()
	srv := testenv.NewServer(t, nil)
	srv.CreateUser(t, "admin@example.com", auth.RoleAdministrator)
	a := newClient(t, srv)
	a.mustLogin("admin@example.com")
	token := a.token("/admin/webhooks")
	res := a.post("/admin/webhooks", url.Values{"gorilla.csrf.Token": {token}, "url": {"ftp://nope"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.body, "Tick at least one event") || !strings.Contains(res.body, "https://") {
		t.Fatalf("bad subscription: %d", res.StatusCode)
	}
	res = a.post("/admin/webhooks", url.Values{"gorilla.csrf.Token": {token}, "url": {"https://erp.example.com/hooks"}, "event": {"order.created", "refund.created"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("subscribe: %d %s", res.StatusCode, res.body)
	}
	srv.SeedDemo(t, 1, 2)
	page := a.get("/admin/webhooks")
	if !strings.Contains(page.body, "https://erp.example.com/hooks") || page.count(testid("delivery")) != 2 {
		t.Errorf("the page lacks the subscription or its two deliveries")
	}
	if res := a.post("/admin/webhooks/deliveries/nope/resend", url.Values{"gorilla.csrf.Token": {token}}); res.StatusCode != http.StatusNotFound {
		t.Errorf("resend of an unknown delivery: %d", res.StatusCode)
	}
}

func TestCatalogImportPage(t *testing.T) {
	t.Parallel()
	srv := testenv.NewServer(t, nil)
	srv.CreateUser(t, "admin@example.com", auth.RoleAdministrator)
	a := newClient(t, srv)
	a.mustLogin("admin@example.com")
	token := a.token("/admin/catalog")
	upload := func(kind, content string) response {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		_ = mw.WriteField("gorilla.csrf.Token", token)
		_ = mw.WriteField("kind", kind)
		if content != "" {
			fw, _ := mw.CreateFormFile("file", "products.csv")
			_, _ = fw.Write([]byte(content))
		}
		mw.Close()
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/admin/catalog/import", &body)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		req.Header.Set("Origin", srv.URL)
		return a.do(req)
	}
	if res := upload("products", ""); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.body, "Choose a CSV file") {
		t.Errorf("no file: %d", res.StatusCode)
	}
	if res := upload("products", "name\nMug\n"); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.body, `no &#34;sku&#34; column`) {
		t.Errorf("no sku column: %d", res.StatusCode)
	}
	res := upload("products", "sku,name\nMUG-1,Blue Mug\n,Nameless\nMUG-2,Red Mug\n")
	if res.StatusCode != http.StatusOK || !strings.Contains(res.body, "Imported 2 products rows") {
		t.Fatalf("import: %d", res.StatusCode)
	}
	if !regexp.MustCompile(`<td class="num">3</td><td>sku and name are required</td>`).MatchString(res.body) {
		t.Errorf("the refused row is not reported by line:\n%s", res.body)
	}
	if page := a.get("/admin/catalog"); !strings.Contains(page.body, "2 products") {
		t.Error("the catalog page does not count the products")
	}
}

func TestAvaTaxSettingsPage(t *testing.T) {
	t.Parallel()
	srv, _ := listServer(t)
	srv.CreateUser(t, "admin@example.com", auth.RoleAdministrator)
	a := newClient(t, srv)
	a.mustLogin("admin@example.com")
	token := a.token("/admin/avatax")
	res := a.post("/admin/avatax/books-uk", url.Values{"gorilla.csrf.Token": {token}, "enabled": {"1"}, "company_code": {"ACME"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.body, "Required when AvaTax is on") {
		t.Fatalf("enabled without credentials: %d", res.StatusCode)
	}
	res = a.post("/admin/avatax/books-uk", url.Values{"gorilla.csrf.Token": {token}, "enabled": {"1"}, "service_url": {"https://sandbox-rest.avatax.com"},
		"account_number": {"2000123"}, "license_key": {"SECRET"}, "company_code": {"ACME"}, "commit_status": {"Completed"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d %s", res.StatusCode, res.body)
	}
	// Saving again without a key keeps the stored one; the page never shows it.
	res = a.post("/admin/avatax/books-uk", url.Values{"gorilla.csrf.Token": {token}, "enabled": {"1"}, "service_url": {"https://sandbox-rest.avatax.com"},
		"account_number": {"2000123"}, "company_code": {"ACME2"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save without the key: %d", res.StatusCode)
	}
	set, ok, err := srv.Store.AvaTaxSettingsOf(context.Background(), "books-uk")
	if err != nil || !ok || set.LicenseKey != "SECRET" || set.CompanyCode != "ACME2" {
		t.Errorf("stored %+v %v %v", set, ok, err)
	}
	if page := a.get("/admin/avatax"); strings.Contains(page.body, "SECRET") || !strings.Contains(page.body, "leave empty to keep it") {
		t.Error("the page shows the license key, or does not say it is kept")
	}
}
