package base

import (
	"net/http"
	"strconv"
)

// ServeStoredFile answers a file kept in the database (a delivery photo, a note's attachment):
// its bytes never change and are private to people who may read the order, so it is cached
// privately for good, answered 304 to its ETag, and served under a sandboxing policy with no
// sniffing. disposition is the Content-Disposition header ("inline; filename=…").
func ServeStoredFile(w http.ResponseWriter, r *http.Request, contentType, sha256, disposition string, body []byte) {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; img-src 'self'; sandbox")
	h.Set("Cache-Control", "private, max-age=31536000, immutable")
	h.Set("ETag", `"`+sha256+`"`)
	h.Set("Content-Disposition", disposition)
	if r.Header.Get("If-None-Match") == `"`+sha256+`"` {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	_, _ = w.Write(body)
}
