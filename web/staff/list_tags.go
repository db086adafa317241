package staff

import (
	"net/url"
	"strings"
)

// tagFilterURL is the list of orders carrying a tag, in the keyword box's syntax.
func tagFilterURL(name string) string {
	q := "tag:" + name
	if strings.ContainsAny(name, " \"") {
		q = `tag:"` + strings.ReplaceAll(name, `"`, "") + `"`
	}
	return "/orders?" + url.Values{"q": {q}}.Encode()
}
