// Package layout is the page shell every screen shares: top bar, navigation, flash messages,
// scripts and the CSRF token htmx sends with every request.
package layout

// Page is what the shell needs to know about the page inside it.
type Page struct {
	Title     string
	CSRFToken string
	Nav       []NavItem // empty for signed-out pages
	User      *User     // nil when nobody is signed in
	Flashes   []Flash
	// Search shows the top bar's "find an order" box (users who may read orders).
	Search bool
	// NoHTMX leaves htmx out of the page (field mode uses none).
	NoHTMX bool
	// Mentions is the top bar's link to the inbox of notes that mention the user, with its
	// unread count (nil for users who may not read orders).
	Mentions *Mentions
}

// Mentions is the top bar's mentions link.
type Mentions struct {
	Unread  int
	Current bool
}

// NavItem is one entry of the main navigation.
type NavItem struct {
	Label   string
	URL     string
	Current bool
	// Key is the letter that, after "g", goes here.
	Key string
}

// User is the signed-in person as the top bar shows them.
type User struct {
	Name string
	Role string
}

// Flash kinds.
const (
	FlashInfo    = "info"
	FlashSuccess = "success"
	FlashWarning = "warning"
	FlashError   = "error"
)

// Flash is a one-time message shown at the top of the next page.
type Flash struct {
	Kind    string
	Message string
}

func flashRole(kind string) string {
	if kind == FlashError || kind == FlashWarning {
		return "alert"
	}
	return "status"
}

// canFind: the user may read orders (the navigation leads to them), so "/" finds one.
func canFind(nav []NavItem) bool {
	for _, item := range nav {
		if item.Key == "o" {
			return true
		}
	}
	return false
}

func ariaCurrent(current bool) string {
	if current {
		return "page"
	}
	return "false"
}
