// Package htmlpdf prints an HTML document to PDF with headless Chromium (its print-to-PDF,
// print media, A4), the way a person's "Save as PDF" prints the desk's printable pages.
package htmlpdf

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// ErrNoBrowser says no Chromium could be found or started: printing is unavailable on this
// server until one is installed or [pdf] chromium names it.
var ErrNoBrowser = errors.New("htmlpdf: no Chromium to print with")

// Candidates are the names looked up on PATH when no path is configured.
var Candidates = []string{"chromium", "chromium-browser", "google-chrome", "headless-shell"}

// Printer prints documents, at most a few at a time (each print runs its own Chromium).
type Printer struct {
	path    string // configured path; empty: the first of Candidates on PATH
	timeout time.Duration
	slots   chan struct{}
}

// New makes a printer using the Chromium at path (empty: found on PATH), giving each print
// timeout and running at most parallel at once.
func New(path string, timeout time.Duration, parallel int) *Printer {
	return &Printer{path: path, timeout: timeout, slots: make(chan struct{}, max(1, parallel))}
}

// Browser is the Chromium executable prints would use, or ErrNoBrowser.
func (p *Printer) Browser() (string, error) {
	names := Candidates
	if p.path != "" {
		names = []string{p.path}
	}
	for _, n := range names {
		if found, err := exec.LookPath(n); err == nil {
			return found, nil
		}
	}
	if p.path != "" {
		return "", fmt.Errorf("%w: %s is not an executable", ErrNoBrowser, p.path)
	}
	return "", ErrNoBrowser
}

// Print renders html (a whole document; it loads nothing from the network) to an A4 PDF.
func (p *Printer) Print(ctx context.Context, html []byte) ([]byte, error) {
	browser, err := p.Browser()
	if err != nil {
		return nil, err
	}
	select {
	case p.slots <- struct{}{}:
		defer func() { <-p.slots }()
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	ctx, cancel := context.WithTimeout(ctx, p.timeout)
	defer cancel()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(browser),
		chromedp.NoSandbox, // servers often run as root, where Chromium's sandbox will not start
		chromedp.DisableGPU,
		chromedp.Flag("disable-component-update", true),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	defer cancelAlloc()
	tab, cancelTab := chromedp.NewContext(actx)
	defer cancelTab()
	if err := chromedp.Do(tab); err != nil { // starts the browser
		if ctx.Err() != nil {
			return nil, fmt.Errorf("htmlpdf: start %s: %w", browser, ctx.Err())
		}
		return nil, fmt.Errorf("%w: %s did not start: %v", ErrNoBrowser, browser, err)
	}
	var pdf []byte
	yes := true
	err = chromedp.Do(tab,
		chromedp.Navigate("about:blank"),
		chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			tree, err := chromedp.Call(ctx, page.GetFrameTree, cdp.Empty{})
			if err != nil {
				return err
			}
			_, err = chromedp.Call(ctx, page.SetDocumentContent, page.SetDocumentContentParams{FrameID: tree.FrameTree.Frame.ID, HTML: string(html)})
			return err
		}),
		chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			// A4 in inches; the document's own @page rules win where it has them.
			res, err := chromedp.Call(ctx, page.PrintToPDF, page.PrintToPDFParams{PaperWidth: 8.27, PaperHeight: 11.69,
				PrintBackground: &yes, PreferCSSPageSize: &yes})
			pdf = res.Data
			return err
		}),
	)
	if err != nil {
		return nil, fmt.Errorf("htmlpdf: print: %w", err)
	}
	return pdf, nil
}
