package loadtest_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"orderdesk/internal/auth"
	"orderdesk/internal/loadtest"
	"orderdesk/internal/store"
	"orderdesk/internal/testenv"
)

// A short run against a real server with demo orders: every kind of request is sent, each
// answers, and none fails. It checks the tool itself, not the server's speed.
func TestMixedLoadReachesEveryKindWithoutErrors(t *testing.T) {
	rep, err := runAgainstDemo(t, 60, loadtest.Config{Connections: 4, Duration: 3 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	rep.Write(&out)
	t.Log("\n" + out.String())
	if rep.Failed() != 0 {
		t.Errorf("%d requests failed: %v", rep.Failed(), rep.Errors)
	}
	for _, kind := range []string{loadtest.KindList, loadtest.KindOrder, loadtest.KindSearch, loadtest.KindAPIWrite} {
		if m := rep.ByKind[kind]; m == nil || m.Requests == 0 {
			t.Errorf("no %s was sent", kind)
		}
	}
	if rep.Requests == 0 || rep.P99 == 0 {
		t.Errorf("nothing measured: %+v", rep)
	}
}

// An offered rate is kept: a paced run sends about rate × duration requests, not as many as
// the connections could, and says it kept up. The connections are many more than the rate
// needs, so a server slowed by the other tests beside it still has one free for each request:
// this checks the pacing, not the server's speed.
func TestOfferedRateIsKept(t *testing.T) {
	rep, err := runAgainstDemo(t, 20, loadtest.Config{Connections: 64, Rate: 20, Duration: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	rep.Write(&out)
	t.Log("\n" + out.String())
	if rep.Requests < 36 || rep.Requests > 44 {
		t.Errorf("%d requests at 20 req/s for 2 s, want about 40", rep.Requests)
	}
	if !rep.KeptUp() || !strings.Contains(out.String(), "20 req/s offered") {
		t.Errorf("the report does not say the offered rate was kept:\n%s", out.String())
	}
	if rep.Failed() != 0 {
		t.Errorf("%d requests failed: %v", rep.Failed(), rep.Errors)
	}
}

// runAgainstDemo runs cfg against a fresh server with n demo orders, a manager and a key.
func runAgainstDemo(t *testing.T, n int, cfg loadtest.Config) (loadtest.Report, error) {
	t.Helper()
	srv := testenv.NewServer(t, nil)
	srv.SeedDemo(t, 7, n)
	srv.CreateUser(t, "load@example.com", auth.RoleManager)
	key, _, err := srv.Store.CreateAPIKey(context.Background(), store.Actor{Label: "admin", Source: store.SourceDesk},
		store.NewAPIKey{Name: "load", RoleCode: auth.RoleManager})
	if err != nil {
		t.Fatal(err)
	}
	cfg.BaseURL, cfg.Email, cfg.Password, cfg.APIKey = srv.URL, "load@example.com", testenv.Password, key
	return loadtest.Run(context.Background(), cfg)
}
