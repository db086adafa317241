package staff

import (
	"net/http"
	"strings"

	"orderdesk/internal/audit"
	"orderdesk/internal/auth"
	"orderdesk/internal/csvsafe"
	"orderdesk/web/base"
)

// historyCSV streams the managers' history as CSV, one row per change, with the page's filters.
// It reads keyset pages and flushes each, so memory stays flat however many changes match.
// Without read-prices, amounts are left out of every column.
func (s *Server) historyCSV(w http.ResponseWriter, r *http.Request) {
	showPrices := base.State(r).User.Can(auth.OrderReadPrices)
	q := parseHistoryQuery(r.URL.Query())
	f, errs := q.filter(s.Now(), showPrices)
	if len(errs) > 0 {
		msgs := make([]string, 0, len(errs))
		for k, v := range errs {
			msgs = append(msgs, k+": "+v)
		}
		http.Error(w, "Bad filter: "+strings.Join(msgs, "; "), http.StatusBadRequest)
		return
	}
	scope(&f, base.State(r).User)
	f.Limit = 200
	only := matcher(f)
	describe := audit.Describe
	if !showPrices {
		describe = audit.DescribeWithoutMoney
	}
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="orderdesk-history.csv"`)
	h.Set("Cache-Control", "no-store")
	out := csvsafe.NewWriter(w)
	_ = out.Write([]string{"occurred_at", "order_number", "order_id", "store", "person", "source", "reason",
		"change_set", "document_type", "document_id", "topic", "op", "path", "change", "old", "new"})
	flusher, _ := w.(http.Flusher)
	for {
		page, err := s.Store.History(r.Context(), f)
		if err != nil {
			// Headers are gone: end the file with a line that says so rather than a silent cut.
			s.Log.Error("history csv", "request_id", base.RequestID(r), "err", err)
			_ = out.Write([]string{"error: the export stopped early; try again"})
			out.Flush()
			return
		}
		for _, cs := range page.Sets {
			names := cs.Names()
			for _, c := range cs.Changes {
				if only != nil && !only(cs, c) {
					continue
				}
				doc, docID := documentOf(cs, c)
				oldV, newV := deref(c.Old), deref(c.New)
				if !showPrices && audit.IsMoneyField(c.Path) {
					oldV, newV = "", ""
				}
				if c.Field == "" { // an element added or removed whole: the sentence says it
					oldV, newV = "", ""
				}
				_ = out.Write([]string{cs.OccurredAt.UTC().Format("2006-01-02T15:04:05.000000Z"), cs.OrderNumber, cs.OrderID,
					cs.StoreID, cs.ActorLabel, cs.Source, cs.Reason, cs.ID, doc, docID, string(audit.TopicOf(c)),
					string(c.Op), c.Path, describe(c, names), oldV, newV})
			}
		}
		out.Flush()
		if flusher != nil {
			flusher.Flush()
		}
		if page.Next == "" || r.Context().Err() != nil {
			return
		}
		f.Before = page.Next
	}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
