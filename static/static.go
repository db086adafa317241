// Package static serves the embedded CSS, JavaScript and images under fingerprinted names
// (app.3f9c2a1b.css), so they can be cached for a year and still change on every release.
package static

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
)

//go:embed css js img
var files embed.FS

type asset struct {
	body, gzipped []byte
	contentType   string
	etag          string
}

var (
	byURL  = map[string]*asset{} // "/static/css/app.3f9c2a1b.css" → asset
	byName = map[string]string{} // "css/app.css" → "/static/css/app.3f9c2a1b.css"
)

func init() {
	err := fs.WalkDir(files, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := files.ReadFile(name)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(body)
		hash := hex.EncodeToString(sum[:])[:10]
		ext := path.Ext(name)
		url := "/static/" + strings.TrimSuffix(name, ext) + "." + hash + ext
		a := &asset{body: body, contentType: mime.TypeByExtension(ext), etag: `"` + hash + `"`}
		if a.contentType == "" {
			a.contentType = "application/octet-stream"
		}
		if compressible(ext) {
			var buf bytes.Buffer
			zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
			zw.Write(body)
			zw.Close()
			a.gzipped = buf.Bytes()
		}
		byURL[url] = a
		byName[name] = url
		return nil
	})
	if err != nil {
		panic("static: " + err.Error())
	}
}

func compressible(ext string) bool {
	switch ext {
	case ".css", ".js", ".svg", ".json", ".txt", ".map":
		return true
	}
	return false
}

// Path returns the fingerprinted URL of an embedded file, e.g. Path("css/app.css"). An unknown
// name panics: it is a programming error that every page would show.
func Path(name string) string {
	url, ok := byName[name]
	if !ok {
		panic("static: no embedded file " + name)
	}
	return url
}

// Body is an embedded file's bytes, for the few files served under a fixed name (field mode's
// service worker, whose URL may not change).
func Body(name string) []byte { return byURL[Path(name)].body }

// GzipSize is the compressed size of an embedded file (the page-weight test uses it).
func GzipSize(name string) int {
	a := byURL[Path(name)]
	if a.gzipped == nil {
		return len(a.body)
	}
	return len(a.gzipped)
}

// Handler serves GET /static/… : fingerprinted names only, gzip when the client accepts it,
// cached for a year as immutable.
func Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a, ok := byURL[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		h := w.Header()
		h.Set("Content-Type", a.contentType)
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
		h.Set("ETag", a.etag)
		h.Set("Vary", "Accept-Encoding")
		h.Set("X-Content-Type-Options", "nosniff")
		if r.Header.Get("If-None-Match") == a.etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		body := a.body
		if a.gzipped != nil && acceptsGzip(r) {
			body = a.gzipped
			h.Set("Content-Encoding", "gzip")
		}
		h.Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(http.StatusOK)
		if r.Method != http.MethodHead {
			w.Write(body)
		}
	})
}

func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		enc, q, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.TrimSpace(enc) == "gzip" && strings.TrimSpace(q) != "q=0" {
			return true
		}
	}
	return false
}
