// Package pages holds the screens that are not a domain's own: sign-in, error pages and the
// placeholders of sections that later issues fill.
package pages

// Login is the sign-in form.
type Login struct {
	Email     string
	Next      string
	Error     string // shown above the form: wrong password, throttled, disabled
	DemoHint  string // "demo@orderdesk.local / …" when demo data is loaded
	CSRFToken string
}

// Error is an error page; it never carries internals, only a request id to quote.
type Error struct {
	Status    int
	Title     string
	Message   string
	RequestID string
	SignedIn  bool
}
