package api

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"time"

	"orderdesk/internal/store"
	"orderdesk/web/base"
)

// Idempotency-Key on API writes: a client that timed out, or whose server was killed, sends the
// same request with the same key again and gets the first answer back, without the change
// being made twice. The first answer (status, headers, body) is stored in the transaction of
// the change itself (store.IdempotentCall), so either both are saved or neither is; a repeat
// within store.IdempotencyWindow is answered from the store with Idempotent-Replayed: true, a
// repeat naming another request (method, path or body) is refused with 422. Keys belong to the
// API key that sent them. Answers of 500 and above are not kept: the client may try again.

// maxIdempotencyKey bounds the header; longer keys are refused (400).
const maxIdempotencyKey = 255

// idempotencyAttempts bounds how often a request under a key runs again after a transient
// database failure (the store's own retry cannot, as the transaction spans the whole request).
const idempotencyAttempts = 6

// WithIdempotency runs an API write under its Idempotency-Key header, when it has one.
func (s *Server) WithIdempotency(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key := r.Header.Get("Idempotency-Key")
		if key == "" {
			next.ServeHTTP(w, r)
			return
		}
		if !validIdempotencyKey(key) {
			writeJSON(w, http.StatusBadRequest, apiError{Message: "The Idempotency-Key header is 1 to 255 printable ASCII characters (a UUID, say).",
				Errors: map[string]string{"Idempotency-Key": "1–255 printable ASCII characters"}})
			return
		}
		body, err := io.ReadAll(r.Body)
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			writeJSON(w, http.StatusRequestEntityTooLarge, apiError{Message: "The body is larger than this server accepts; nothing was saved."})
			return
		}
		if err != nil {
			writeJSON(w, http.StatusBadRequest, apiError{Message: "The body could not be read; nothing was saved."})
			return
		}
		principal := base.State(r).User.ID
		hash := store.IdempotencyHash([]byte(r.Method), []byte(r.URL.RequestURI()), body)
		for attempt := 1; attempt <= idempotencyAttempts; attempt++ {
			if s.replayIdempotent(w, r, principal, key, hash) {
				return
			}
			if s.runIdempotent(w, r, next, s.Store.NewIdempotentCall(principal, key, hash), body, attempt) {
				return
			}
		}
		w.Header().Set("Retry-After", "1")
		writeJSON(w, http.StatusConflict, apiError{Message: "Another request with this Idempotency-Key is being processed; try again in a moment."})
	})
}

// validIdempotencyKey: 1 to 255 printable ASCII characters.
func validIdempotencyKey(key string) bool {
	if len(key) > maxIdempotencyKey {
		return false
	}
	for i := 0; i < len(key); i++ {
		if key[i] < 0x20 || key[i] > 0x7e {
			return false
		}
	}
	return true
}

// replayIdempotent answers from the stored answer to the key, if there is one: the same
// answer for the same request, 422 for another. False: no answer is stored (or was expired).
func (s *Server) replayIdempotent(w http.ResponseWriter, r *http.Request, principal, key, hash string) bool {
	a, err := s.Store.IdempotentAnswer(r.Context(), principal, key)
	if err != nil {
		s.apiServerError(w, r, err)
		return true
	}
	if a == nil {
		return false
	}
	if a.RequestHash != hash {
		writeJSON(w, http.StatusUnprocessableEntity, apiError{
			Message: "This Idempotency-Key was used within the last 24 hours for a different request (method, path or body); " +
				"nothing was done. Send a new key for a new request.",
			Errors: map[string]string{"Idempotency-Key": "already used for another request"}})
		return true
	}
	for k, v := range a.Headers {
		w.Header().Set(k, v)
	}
	w.Header().Set("Idempotent-Replayed", "true")
	w.WriteHeader(a.Status)
	_, _ = w.Write(a.Body)
	return true
}

// runIdempotent runs the handler once under call, its answer held back until it is stored with
// the change. False: run again (the key was taken meanwhile, or a transient failure).
func (s *Server) runIdempotent(w http.ResponseWriter, r *http.Request, next http.Handler, call *store.IdempotentCall, body []byte, attempt int) bool {
	defer call.Rollback() // a panic, or an answer not kept, leaves nothing behind
	ctx := r.Context()
	rr := r.WithContext(store.WithIdempotentCall(ctx, call))
	rr.Body = io.NopCloser(bytes.NewReader(body))
	rec := &answerRecorder{header: http.Header{}, status: http.StatusOK}
	next.ServeHTTP(rec, rr)
	switch {
	case call.Taken():
		return false
	case call.Retryable() && attempt < idempotencyAttempts:
		return store.WaitBeforeRetry(ctx, attempt) != nil
	case call.Broken() || rec.status >= 500:
		rec.copyTo(w)
		return true
	}
	err := call.StoreAnswer(ctx, rec.status, rec.headers(), rec.body.Bytes())
	switch {
	case errors.Is(err, store.ErrIdempotencyKeyTaken):
		return false
	case call.Retryable() && attempt < idempotencyAttempts:
		return store.WaitBeforeRetry(ctx, attempt) != nil
	case err != nil:
		s.apiServerError(w, r, err)
		return true
	}
	rec.copyTo(w)
	s.purgeIdempotencyKeys(r)
	return true
}

// purgeIdempotencyKeys deletes a batch of expired keys, at most once a minute per server.
func (s *Server) purgeIdempotencyKeys(r *http.Request) {
	now := s.Now().Unix()
	last := s.lastKeyPurge.Load()
	if now-last < int64(time.Minute/time.Second) || !s.lastKeyPurge.CompareAndSwap(last, now) {
		return
	}
	if _, err := s.Store.PurgeIdempotencyKeys(r.Context(), 500); err != nil {
		s.Log.Warn("purge idempotency keys", "request_id", base.RequestID(r), "err", err)
	}
}

// answerRecorder holds a handler's answer until it is stored.
type answerRecorder struct {
	header http.Header
	status int
	wrote  bool
	body   bytes.Buffer
}

func (a *answerRecorder) Header() http.Header { return a.header }

func (a *answerRecorder) WriteHeader(status int) {
	if !a.wrote {
		a.status, a.wrote = status, true
	}
}

func (a *answerRecorder) Write(b []byte) (int, error) {
	a.wrote = true
	return a.body.Write(b)
}

// headers are the answer's headers as stored (one value each: the API sets no repeated ones).
func (a *answerRecorder) headers() map[string]string {
	out := make(map[string]string, len(a.header))
	for k := range a.header {
		out[k] = a.header.Get(k)
	}
	return out
}

func (a *answerRecorder) copyTo(w http.ResponseWriter) {
	for k, v := range a.header {
		w.Header()[k] = v
	}
	w.WriteHeader(a.status)
	_, _ = w.Write(a.body.Bytes())
}
