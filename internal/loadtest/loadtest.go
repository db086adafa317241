// Package loadtest drives a mixed load against a running orderdesk, the way a busy desk and a
// syncing shop would together, and reports throughput, latency percentiles, errors by status
// and the server's memory. The load itself is vegeta's; this package only decides what to ask.
package loadtest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// Config is one run: where, as whom, how hard and for how long.
type Config struct {
	BaseURL     string // e.g. http://127.0.0.1:8080
	Email       string // a desk account that may read orders
	Password    string
	APIKey      string // a key that may read and update orders
	Connections int
	// Rate is the requests per second offered, as clerks at their desks send them whatever
	// the answers' speed; 0 sends the next request as soon as a connection is free, which
	// measures the most the server can do and, by Little's law, waits of Connections/rate.
	Rate float64
	// NoKeyword leaves the keyword searches out of the mix: at a million orders each costs
	// FULLTEXT ranking of every match, and the rest is worth seeing apart.
	NoKeyword bool
	Duration  time.Duration
	ServerPID int // read for the server's memory when set; 0: not reported
}

// Kinds of request in the mix, with their shares out of ten.
const (
	KindList     = "list page"
	KindOrder    = "order page"
	KindSearch   = "API search"
	KindAPIWrite = "API write"
)

var mix = []string{KindList, KindList, KindList, KindOrder, KindOrder, KindOrder, KindSearch, KindSearch, KindAPIWrite, KindAPIWrite}

// Report is what a run measured.
type Report struct {
	Connections int
	Offered     float64 // requests per second asked for; 0: as fast as the connections allow
	NoKeyword   bool    // the mix had no keyword searches
	Duration    time.Duration
	Requests    uint64
	Rate        float64 // requests per second
	P50         time.Duration
	P95         time.Duration
	P99         time.Duration
	Max         time.Duration
	ByStatus    map[int]int    // every answer's status, 0 for a request that got none
	Errors      map[string]int // transport errors and non-2xx/3xx answers, by kind and status
	ByKind      map[string]*vegeta.Metrics
	ServerRSSKB int64 // resident memory after the run
	ServerHWMKB int64 // peak resident memory
}

// Failed counts the answers that were not a success.
func (r Report) Failed() int {
	n := 0
	for _, c := range r.Errors {
		n += c
	}
	return n
}

// listQueries are the list pages a clerk opens through a day: the default, the queues, a
// search, a sort.
var listQueries = []string{
	"/orders",
	"/orders?unpaid=1",
	"/orders?unshipped=1",
	"/orders?created=7d",
	"/orders?q=Martin",
	"/orders?sort=total_desc",
	"/orders?returns=open",
	"/orders?cancelled=only",
}

var searchBodies = []string{
	`{"take":20}`,
	`{"keyword":"Martin","take":20}`,
	`{"statuses":["New"],"take":20}`,
	`{"take":50,"sort":"createdDate:desc"}`,
}

// Run signs in, picks the orders to work on, attacks and reports.
func Run(ctx context.Context, cfg Config) (Report, error) {
	if cfg.Connections <= 0 || cfg.Duration <= 0 || cfg.Rate < 0 {
		return Report{}, errors.New("loadtest: connections and duration must be positive, the rate zero or more")
	}
	base := strings.TrimRight(cfg.BaseURL, "/")
	cookie, err := signIn(ctx, base, cfg.Email, cfg.Password)
	if err != nil {
		return Report{}, err
	}
	ids, err := orderIDs(ctx, base, cfg.APIKey)
	if err != nil {
		return Report{}, err
	}

	lists, searches := listQueries, searchBodies
	if cfg.NoKeyword {
		lists, searches = withoutKeyword(lists, "q="), withoutKeyword(searches, `"keyword"`)
	}
	var seq atomic.Uint64
	desk := http.Header{"Cookie": {cookie}}
	api := http.Header{"api_key": {cfg.APIKey}, "Content-Type": {"application/json"}}
	targeter := func(t *vegeta.Target) error {
		n := seq.Add(1)
		id := ids[rand.N(len(ids))]
		*t = vegeta.Target{}
		switch mix[n%uint64(len(mix))] {
		case KindList:
			t.Method, t.URL, t.Header = http.MethodGet, base+lists[rand.N(len(lists))], desk
		case KindOrder:
			t.Method, t.URL, t.Header = http.MethodGet, base+"/orders/"+id, desk
		case KindSearch:
			t.Method, t.URL, t.Header = http.MethodPost, base+"/api/order/customerOrders/search", api
			t.Body = []byte(searches[rand.N(len(searches))])
		case KindAPIWrite:
			t.Method, t.URL, t.Header = http.MethodPatch, base+"/api/order/customerOrders/"+id, api
			t.Body = fmt.Appendf(nil, `[{"op":"replace","path":"/comment","value":"load test %d"}]`, n)
		}
		return nil
	}

	attacker := vegeta.NewAttacker(
		vegeta.Workers(uint64(cfg.Connections)),
		vegeta.MaxWorkers(uint64(cfg.Connections)),
		vegeta.Connections(cfg.Connections),
		vegeta.MaxConnections(cfg.Connections),
		vegeta.KeepAlive(true),
		vegeta.Redirects(vegeta.NoFollow),
		vegeta.Timeout(30*time.Second),
		vegeta.MaxBody(0),
	)
	go func() {
		<-ctx.Done()
		attacker.Stop()
	}()

	rep := Report{Connections: cfg.Connections, Offered: cfg.Rate, NoKeyword: cfg.NoKeyword, ByStatus: map[int]int{}, Errors: map[string]int{}, ByKind: map[string]*vegeta.Metrics{}}
	var all vegeta.Metrics
	for res := range attacker.Attack(targeter, pace(cfg.Rate), cfg.Duration, "mixed") {
		kind := kindOf(res.Method, res.URL)
		m := rep.ByKind[kind]
		if m == nil {
			m = &vegeta.Metrics{}
			rep.ByKind[kind] = m
		}
		m.Add(res)
		all.Add(res)
		rep.ByStatus[int(res.Code)]++
		switch {
		case res.Code == 0:
			rep.Errors[kind+": "+res.Error]++
		case res.Code >= 400:
			rep.Errors[kind+": "+strconv.Itoa(int(res.Code))]++
		}
	}
	all.Close()
	for _, m := range rep.ByKind {
		m.Close()
	}
	rep.Requests, rep.Rate, rep.Duration = all.Requests, all.Rate, all.Duration
	rep.P50, rep.P95, rep.P99, rep.Max = all.Latencies.P50, all.Latencies.P95, all.Latencies.P99, all.Latencies.Max
	if cfg.ServerPID > 0 {
		rep.ServerRSSKB, rep.ServerHWMKB = memoryOf(cfg.ServerPID)
	}
	return rep, nil
}

func kindOf(method, rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "other"
	}
	switch {
	case method == http.MethodPatch:
		return KindAPIWrite
	case strings.HasPrefix(u.Path, "/api/"):
		return KindSearch
	case u.Path == "/orders":
		return KindList
	default:
		return KindOrder
	}
}

var tokenField = regexp.MustCompile(`name="gorilla.csrf.Token" value="([^"]+)"`)

// signIn goes through the sign-in form as a browser would and returns the Cookie header that
// carries the session.
func signIn(ctx context.Context, base, email, password string) (string, error) {
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 30 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}
	page, err := get(ctx, c, base+"/login")
	if err != nil {
		return "", fmt.Errorf("loadtest: open the sign-in page: %w", err)
	}
	m := tokenField.FindSubmatch(page)
	if m == nil {
		return "", errors.New("loadtest: the sign-in page has no CSRF token")
	}
	form := url.Values{"gorilla.csrf.Token": {string(m[1])}, "email": {email}, "password": {password}}
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, base+"/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", base)
	req.Header.Set("Referer", base+"/login")
	resp, err := c.Do(req)
	if err != nil {
		return "", fmt.Errorf("loadtest: sign in: %w", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther && resp.StatusCode != http.StatusFound {
		return "", fmt.Errorf("loadtest: sign in as %s answered %s", email, resp.Status)
	}
	u, _ := url.Parse(base)
	var parts []string
	for _, ck := range jar.Cookies(u) {
		parts = append(parts, ck.Name+"="+ck.Value)
	}
	return strings.Join(parts, "; "), nil
}

func get(ctx context.Context, c *http.Client, u string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	resp, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %s", u, resp.Status)
	}
	return io.ReadAll(resp.Body)
}

// orderIDs asks the API for the newest orders: the ones the load opens and changes.
func orderIDs(ctx context.Context, base, key string) ([]string, error) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, base+"/api/order/customerOrders/search", bytes.NewReader([]byte(`{"take":100}`)))
	req.Header.Set("api_key", key)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("loadtest: find orders: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("loadtest: find orders with the API key: %s", resp.Status)
	}
	var found struct {
		Results []struct {
			ID string `json:"id"`
		} `json:"results"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&found); err != nil {
		return nil, fmt.Errorf("loadtest: read the order search: %w", err)
	}
	ids := make([]string, 0, len(found.Results))
	for _, r := range found.Results {
		ids = append(ids, r.ID)
	}
	if len(ids) == 0 {
		return nil, errors.New("loadtest: the server has no orders (run orderdesk seed first)")
	}
	return ids, nil
}

// memoryOf reads a local process's resident and peak resident memory (Linux).
func memoryOf(pid int) (rss, hwm int64) {
	status, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0, 0
	}
	for _, line := range strings.Split(string(status), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		v, _ := strconv.ParseInt(f[1], 10, 64)
		switch f[0] {
		case "VmRSS:":
			rss = v
		case "VmHWM:":
			hwm = v
		}
	}
	return rss, hwm
}

// withoutKeyword drops the requests that carry a keyword search (marked by mark).
func withoutKeyword(requests []string, mark string) []string {
	var out []string
	for _, r := range requests {
		if !strings.Contains(r, mark) {
			out = append(out, r)
		}
	}
	return out
}

// pace is vegeta's rate for requests per second: 0 means as fast as the workers allow.
func pace(perSecond float64) vegeta.Rate {
	if perSecond == 0 {
		return vegeta.Rate{Freq: 0}
	}
	return vegeta.ConstantPacer{Freq: int(math.Round(perSecond)), Per: time.Second}
}

// KeptUp says whether the requests went out at the offered rate: when every connection was
// busy they waited, and their latencies leave that wait out.
func (r Report) KeptUp() bool {
	return r.Offered == 0 || r.Rate >= 0.97*r.Offered
}

// Write prints the report as the README's table rows are read.
func (r Report) Write(w io.Writer) {
	offered := "as fast as they answer"
	if r.Offered > 0 {
		offered = fmt.Sprintf("%.0f req/s offered", r.Offered)
	}
	fmt.Fprintf(w, "%d connections, %s, for %s: %d requests, %.0f req/s\n", r.Connections, offered, r.Duration.Round(time.Millisecond), r.Requests, r.Rate)
	if r.NoKeyword {
		fmt.Fprintln(w, "the mix left out keyword searches")
	}
	if !r.KeptUp() {
		fmt.Fprintf(w, "the server did not keep up with %.0f req/s: requests waited for a free connection, and the latencies below leave that wait out\n", r.Offered)
	}
	fmt.Fprintf(w, "latency p50 %s  p95 %s  p99 %s  max %s\n", ms(r.P50), ms(r.P95), ms(r.P99), ms(r.Max))
	kinds := make([]string, 0, len(r.ByKind))
	for k := range r.ByKind {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		m := r.ByKind[k]
		fmt.Fprintf(w, "  %-11s %6d requests  p50 %s  p95 %s  p99 %s\n", k, m.Requests, ms(m.Latencies.P50), ms(m.Latencies.P95), ms(m.Latencies.P99))
	}
	codes := make([]int, 0, len(r.ByStatus))
	for c := range r.ByStatus {
		codes = append(codes, c)
	}
	sort.Ints(codes)
	var parts []string
	for _, c := range codes {
		parts = append(parts, fmt.Sprintf("%d×%d", r.ByStatus[c], c))
	}
	fmt.Fprintf(w, "status: %s\n", strings.Join(parts, " "))
	if len(r.Errors) == 0 {
		fmt.Fprintln(w, "errors: 0")
	} else {
		fmt.Fprintf(w, "errors: %d\n", r.Failed())
		keys := make([]string, 0, len(r.Errors))
		for k := range r.Errors {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(w, "  %5d  %s\n", r.Errors[k], k)
		}
	}
	if r.ServerRSSKB > 0 {
		fmt.Fprintf(w, "server memory: %.0f MB resident, %.0f MB peak\n", float64(r.ServerRSSKB)/1024, float64(r.ServerHWMKB)/1024)
	}
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond)) }
