package staff

import (
	"fmt"
	"net/http"

	"orderdesk/internal/csvsafe"
	"orderdesk/internal/listing"
	"orderdesk/internal/store"
	"orderdesk/web/base"
)

// exportOrders streams the filtered list as CSV, a thousand rows at a time: memory stays
// flat however many orders match. Money is a plain decimal in the order's currency, and only
// for those who may see prices. bom=1 starts the file with a UTF-8 byte-order mark, which
// spreadsheet programs need to read accents right.
func (s *Server) exportOrders(w http.ResponseWriter, r *http.Request) {
	lr, err := s.parseList(r)
	if err != nil || len(lr.probs) > 0 {
		msg := "The list position in the address is not one the desk made."
		if len(lr.probs) > 0 {
			msg = lr.probs[0].Message
		}
		s.ErrorPage(w, r, http.StatusBadRequest, "This export cannot start", msg)
		return
	}
	lr.query.After, lr.query.Before = nil, nil
	n, more, err := s.Store.CountOrders(r.Context(), lr.query, base.CountLimit)
	if err != nil {
		s.ServerError(w, r, err)
		return
	}
	cols := shownColumns(lr.filter, lr.viewer.ShowPrices)
	s.writeOrdersCSV(w, r, lr.query, cols, countText(n, more), r.URL.Query().Get("bom") == "1")
}

// writeOrdersCSV streams the orders q selects with columns cols (the list's export, and the
// export of a bulk selection); estimate is the row count the progress bar expects.
func (s *Server) writeOrdersCSV(w http.ResponseWriter, r *http.Request, q listing.Query, cols []string, estimate string, bom bool) {
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="orders-%s.csv"`, s.Now().UTC().Format("2006-01-02-1504")))
	h.Set("Cache-Control", "no-store")
	h.Set("X-Row-Estimate", estimate)
	if bom {
		_, _ = w.Write([]byte("\xEF\xBB\xBF"))
	}
	cw := csvsafe.NewWriter(w)
	header := []string{}
	for _, key := range cols {
		c, _ := listing.ColumnByKey(key)
		header = append(header, c.Label)
		if c.Money {
			header = append(header, c.Label+" currency")
		}
	}
	header = append(header, "Tags") // always: the orders' tags, comma-separated
	_ = cw.Write(header)
	flusher, _ := w.(http.Flusher)
	rows := 0
	err := s.Store.EachOrder(r.Context(), q, func(o store.ListRow) error {
		rec := make([]string, 0, len(header))
		for _, key := range cols {
			rec = append(rec, o.Value(key))
			if c, _ := listing.ColumnByKey(key); c.Money {
				rec = append(rec, o.Currency)
			}
		}
		rec = append(rec, o.TagList())
		if err := cw.Write(rec); err != nil {
			return err
		}
		if rows++; rows%1000 == 0 {
			cw.Flush()
			if flusher != nil {
				flusher.Flush()
			}
		}
		return cw.Error()
	})
	cw.Flush()
	if err != nil {
		// Headers are gone; the log has it, and the file ends short of the estimate.
		s.Log.Error("export orders", "request_id", base.RequestID(r), "rows", rows, "err", err)
	}
}
