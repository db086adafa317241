// Package e2e drives the real server in headless Chromium: the pages as people see them.
package e2e

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"orderdesk/db/dbtest"
)

// chromiumPath finds the browser: $ORDERDESK_CHROMIUM, else the usual Debian names.
func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, name := range []string{os.Getenv("ORDERDESK_CHROMIUM"), "chromium", "chromium-browser", "google-chrome"} {
		if name == "" {
			continue
		}
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	dbtest.Required(t, "Chromium", "install Debian's chromium package (make test does this when root)")
	return ""
}

// browser starts a headless Chromium with a window of the given size and returns a tab.
func browser(t *testing.T, width, height int) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.WindowSize(width, height),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(actx, chromedp.WithErrorf(t.Logf))
	ctx, cancelTimeout := context.WithTimeout(ctx, 150*time.Second) // a budget for a loaded CI machine, not a speed check
	t.Cleanup(func() { cancelTimeout(); cancelTab(); cancelAlloc() })
	// A phone or tablet viewport: the layout must answer to the width, not the window.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(int64(width), int64(height))); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: countSwaps}); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	// Registered last, so it runs first: while the tab is still open.
	t.Cleanup(func() { assertEverySwapChecked(t, ctx) })
	return ctx
}

// screenshot saves a full-page PNG under var/screenshots for people to look at.
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	dir := filepath.Join("..", "var", "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// noDuplicateIDs fails when the page uses an id more than once (a <template>'s content is not
// in the document, so its ids do not count).
func noDuplicateIDs(t *testing.T, ctx context.Context, what string) {
	t.Helper()
	dups, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`(() => {
		const seen = {};
		document.querySelectorAll('[id]').forEach(e => { seen[e.id] = (seen[e.id] || 0) + 1; });
		return Object.keys(seen).filter(k => seen[k] > 1);
	})()`))
	must(t, err)
	if len(dups) > 0 {
		t.Errorf("%s: ids used more than once: %v", what, dups)
	}
}
