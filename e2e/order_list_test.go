package e2e

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"orderdesk/internal/auth"
	"orderdesk/internal/demo"
	"orderdesk/internal/testenv"
)

// listServer serves 60 demo orders in four stores.
func listServer(t *testing.T) (*testenv.Server, []demo.Order) {
	t.Helper()
	srv := testenv.NewServer(t, nil)
	srv.CreateUser(t, "clerk@example.com", auth.RoleClerk)
	return srv, srv.SeedDemo(t, 3, 60)
}

func signIn(t *testing.T, ctx context.Context, srv *testenv.Server, email string) {
	t.Helper()
	must(t, chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/login"),
		chromedp.WaitVisible(chromedp.ID("email")),
		chromedp.SendKeys(chromedp.ID("email"), email),
		chromedp.SendKeys(chromedp.ID("password"), testenv.Password),
		chromedp.Submit(chromedp.ID("password")),
		chromedp.WaitVisible(chromedp.CSS(`nav[aria-label="Main"]`)),
	))
}

func rowCount(t *testing.T, ctx context.Context) int {
	t.Helper()
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("[data-testid=order-row]").length`))
	must(t, err)
	return n
}

// waitFor polls a JavaScript condition until it holds.
func waitFor(t *testing.T, ctx context.Context, what, js string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js))
		must(t, err)
		if ok {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("timed out waiting for %s", what)
}

// TestOrderListTypingFilteringAndBack types into the keyword box and ticks a filter: only the
// results change, the address follows, and the back button brings the earlier list back.
func TestOrderListTypingFilteringAndBack(t *testing.T) {
	t.Parallel()
	srv, orders := listServer(t)
	ctx := browser(t, 1366, 900)
	signIn(t, ctx, srv, "clerk@example.com")
	if n := rowCount(t, ctx); n != 50 {
		t.Fatalf("first page has %d rows, want 50", n)
	}
	// The view counts arrive after the page.
	waitFor(t, ctx, "view counts", `document.querySelectorAll("[data-testid=view-count]").length >= 5`)
	screenshot(t, ctx, "orders-list-desktop")

	// Mark the page: a full reload would lose the mark, a results swap keeps it.
	_, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.__kept = true`))
	must(t, err)

	target := orders[17].Order
	last := target.CustomerName[strings.LastIndex(target.CustomerName, " ")+1:]
	want := 0
	for _, d := range orders {
		if strings.Contains(strings.ToLower(d.Order.CustomerName), strings.ToLower(last)) {
			want++
		}
	}
	must(t, chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("q"), last)))
	waitFor(t, ctx, "the search in the address", `location.search.includes("q=`+last+`")`)
	waitFor(t, ctx, "the search results", `document.querySelectorAll("[data-testid=order-row]").length < 50`)
	if n := rowCount(t, ctx); n < want {
		t.Errorf("searching %q shows %d rows, want at least %d", last, n, want)
	}
	kept, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.__kept === true`))
	must(t, err)
	if !kept {
		t.Error("typing reloaded the whole page")
	}
	assertPageIntact(t, ctx, "the list after typing a name")
	searched := rowCount(t, ctx)
	screenshot(t, ctx, "orders-list-search")

	// Tick "Not cancelled" via the select, then go back: the search-only list returns.
	must(t, chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`.filter-more > summary`)),
		chromedp.SetValue(chromedp.CSS(`select[name=cancelled]`), "only"),
	))
	waitFor(t, ctx, "the filter in the address", `location.search.includes("cancelled=only")`)
	waitFor(t, ctx, "the filter summary", `document.getElementById("filter-summary").textContent.includes("Only cancelled")`)
	assertPageIntact(t, ctx, "the list after a filter")
	// The address is the short, canonical form of the filter, not every empty field.
	loc, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.search`))
	must(t, err)
	if strings.Contains(loc, "from=") || strings.Contains(loc, "col=") {
		t.Errorf("address %s carries empty or default fields", loc)
	}
	_, err = chromedp.Run(ctx, chromedp.Evaluate[bool](`history.back(), true`))
	must(t, err)
	waitFor(t, ctx, "the address before the filter", `!location.search.includes("cancelled=only") && location.search.includes("q=`+last+`")`)
	waitFor(t, ctx, "the earlier results", `document.querySelectorAll("[data-testid=order-row]").length === `+itoa(searched))
	assertPageIntact(t, ctx, "the list after going back")

	// Exporting shows its progress and ends with the number of orders written.
	shown := rowCount(t, ctx)
	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`a[data-export]`))))
	waitFor(t, ctx, "the export to finish", `(document.querySelector("[data-testid=export-progress] span")||{}).textContent === "Exported `+itoa(shown)+` orders."`)

	// Sorting by a header keeps the search.
	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`th a[href*="sort=customer"]`))))
	waitFor(t, ctx, "the sort in the address", `location.search.includes("sort=customer") && location.search.includes("q=`+last+`")`)
	assertPageIntact(t, ctx, "the list sorted by a header")

	// A view is a link: following it marks it current once the counts come back.
	// (clicked from script: the bar may be swapped with fresh counts at any moment)
	_, err = chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector('a.view[href="/orders?status=New"]').click(), true`))
	must(t, err)
	waitFor(t, ctx, "the New view marked current", `(document.querySelector("a.view.current")||{textContent:""}).textContent.trim().startsWith("New")`)
	must(t, chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("q"), last)))
	waitFor(t, ctx, "the search after the view", `location.search.includes("q=`+last+`") && !document.querySelector("a.view.current")`)
	assertPageIntact(t, ctx, "the list searched after a view")

}

// TestOrderListOnTablets: cards, no sideways scrolling, fingertip-sized controls.
func TestOrderListOnTablets(t *testing.T) {
	t.Parallel()
	srv, _ := listServer(t)
	for _, size := range []struct {
		name          string
		width, height int
		cards         bool
	}{
		{"tablet", 820, 1180, true},
		{"tablet-landscape", 1180, 820, false},
		{"phone-390", 390, 844, true},
	} {
		t.Run(size.name, func(t *testing.T) {
			ctx := browser(t, size.width, size.height)
			signIn(t, ctx, srv, "clerk@example.com")
			must(t, chromedp.Do(ctx,
				chromedp.Navigate(srv.URL+"/orders?unpaid=1"),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid=results]`)),
			))
			waitFor(t, ctx, "view counts", `document.querySelectorAll("[data-testid=view-count]").length >= 5`)
			checkFits(t, ctx, "orders "+size.name)
			head, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`getComputedStyle(document.querySelector(".orders thead")).display === "none"`))
			must(t, err)
			if head != size.cards {
				t.Errorf("cards = %v, want %v", head, size.cards)
			}
			screenshot(t, ctx, "orders-list-"+size.name)
		})
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// TestOrderListWithoutJavaScript: with scripts off, the same form searches and filters by
// ordinary page loads, and the pager is plain links.
func TestOrderListWithoutJavaScript(t *testing.T) {
	t.Parallel()
	srv, orders := listServer(t)
	ctx := browser(t, 1366, 900)
	signIn(t, ctx, srv, "clerk@example.com")
	_, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
	must(t, err)
	must(t, chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/orders"),
		chromedp.WaitVisible(chromedp.ID("q")),
	))
	target := orders[5].Order
	// A word lists its matches…
	last := target.CustomerName[strings.LastIndex(target.CustomerName, " ")+1:]
	must(t, chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("q"), last),
		chromedp.Click(chromedp.CSS(`.filter-main button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=order-row]`)),
	))
	loc, err := chromedp.Run(ctx, chromedp.Location())
	must(t, err)
	if !strings.Contains(loc, "q="+last) {
		t.Errorf("the search did not load %s", loc)
	}
	// … and an order's number opens that order.
	must(t, chromedp.Do(ctx,
		chromedp.SetValue(chromedp.ID("q"), target.Number),
		chromedp.Click(chromedp.CSS(`.filter-main button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="order-page"]`)),
	))
	loc, err = chromedp.Run(ctx, chromedp.Location())
	must(t, err)
	if !strings.HasSuffix(loc, "/orders/"+target.ID) {
		t.Errorf("searching %s without script went to %s, want its order", target.Number, loc)
	}
	// The pager of the full list is a plain link.
	must(t, chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/orders?n=25"),
		chromedp.Click(chromedp.CSS(`a[rel=next]`)),
		chromedp.WaitVisible(chromedp.CSS(`a[rel=prev]`)),
	))
	if n := rowCount(t, ctx); n != 25 {
		t.Errorf("second page has %d rows, want 25", n)
	}
}

// TestEnterOnAnExactMatchOpensTheOrder: typing an order's number lists it (marked exact) and
// stays on the list, also after an earlier Enter; Enter then opens the order. Enter on a word
// that matches several orders keeps the list.
func TestEnterOnAnExactMatchOpensTheOrder(t *testing.T) {
	t.Parallel()
	srv, orders := listServer(t)
	target := orders[11].Order
	ctx := browser(t, 1366, 900)
	signIn(t, ctx, srv, "clerk@example.com")
	must(t, chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("q"), "is:unpaid\r")))
	waitFor(t, ctx, "the list of several matches", `location.search.includes("q=is") && document.querySelectorAll("[data-testid=order-row]").length > 1`)
	assertPageIntact(t, ctx, "the list of several matches")
	must(t, chromedp.Do(ctx,
		chromedp.Evaluate[chromedp.Void](`document.getElementById("q").value = ""; window.__kept = true`),
		chromedp.SendKeys(chromedp.ID("q"), target.Number),
	))
	waitFor(t, ctx, "the typed number's exact row", `location.search.includes("q=`+target.Number+`") && !!document.querySelector("tr.exact")`)
	time.Sleep(500 * time.Millisecond) // a late request from typing would have opened the order by now
	loc, err := chromedp.Run(ctx, chromedp.Location())
	must(t, err)
	if strings.Contains(loc, "/orders/"+target.ID) {
		t.Fatalf("typing (without Enter) opened the order: %s", loc)
	}
	assertPageIntact(t, ctx, "the list with the typed number's exact row")
	screenshot(t, ctx, "orders-list-exact")
	must(t, chromedp.Do(ctx, chromedp.KeyEvent("\r")))
	waitFor(t, ctx, "the order page", `location.pathname === "/orders/`+target.ID+`" && !!document.querySelector('[data-testid="order-page"]')`)
}
