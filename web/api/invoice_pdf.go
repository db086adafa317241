package api

import (
	"errors"
	"net/http"
	"net/url"

	"orderdesk/internal/auth"
	"orderdesk/internal/htmlpdf"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
	"orderdesk/web/base"
)

// apiInvoicePDF answers Virto's GET /api/order/customerOrders/invoice/{orderNumber} with the
// desk's printable invoice printed to PDF by headless Chromium. Without a Chromium on the
// server the answer is 503 saying so; the invoice page on the desk works regardless.
func (s *Server) apiInvoicePDF(w http.ResponseWriter, r *http.Request) {
	u := base.State(r).User
	if !u.Can(auth.OrderRead) {
		writeJSON(w, http.StatusForbidden, apiError{Message: "This key's role does not include " + string(auth.OrderRead) + "."})
		return
	}
	number := r.PathValue("orderNumber")
	id, err := s.Store.OrderIDByNumber(r.Context(), number, r.URL.Query().Get("storeId"), base.ViewerOf(u).Scope)
	var ambiguous *store.AmbiguousNumberError
	if errors.As(err, &ambiguous) {
		writeJSON(w, http.StatusBadRequest, apiError{Message: ambiguous.Error() + ". Ask again with ?storeId=.",
			Errors: map[string]string{"storeId": "needed: " + ambiguous.Number + " names orders in several stores"}})
		return
	}
	var o *order.CustomerOrder
	if err == nil {
		o, err = s.Store.Order(r.Context(), id)
	}
	switch {
	case errors.Is(err, order.ErrNotFound) || (err == nil && !u.InScope(o.StoreID, o.EmployeeID)):
		writeJSON(w, http.StatusNotFound, apiError{Message: "There is no order " + number + "."})
		return
	case err != nil:
		s.apiServerError(w, r, err)
		return
	}
	doc, err := s.Invoice(r, o)
	if err != nil {
		s.apiServerError(w, r, err)
		return
	}
	pdf, err := s.printer.Print(r.Context(), doc)
	if err != nil {
		s.Log.Warn("invoice pdf", "request_id", base.RequestID(r), "order", o.ID, "err", err)
		msg := "The invoice could not be printed to PDF right now; try again. The invoice page on the desk shows it meanwhile."
		if errors.Is(err, htmlpdf.ErrNoBrowser) {
			msg = "Printing to PDF is not available on this server: it needs Chromium (install Debian's chromium package, or name it in [pdf] chromium). The invoice page on the desk shows the invoice meanwhile."
		} else {
			w.Header().Set("Retry-After", base.RetryAfterSeconds)
		}
		writeJSON(w, http.StatusServiceUnavailable, apiError{Message: msg})
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `inline; filename="invoice-`+url.PathEscape(o.Number)+`.pdf"`)
	w.Header().Set("Cache-Control", "private, no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(pdf)
}
