package staff

import (
	"bytes"
	"html"
	"net/http"

	"orderdesk/internal/order"
	"orderdesk/static"
	"orderdesk/templates/orderpage"
)

// InvoiceDocument is the order's printable invoice (the page GET /orders/{id}/invoice shows)
// as one self-contained HTML document, the desk's style sheet inlined, for printing to PDF
// where nothing can be loaded from the server.
func (s *Server) InvoiceDocument(r *http.Request, o *order.CustomerOrder) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Invoice ` + html.EscapeString(o.Number) + `</title><style>`)
	b.Write(static.Body("css/app.css"))
	b.WriteString(`</style></head><body><main>`)
	if err := orderpage.InvoicePage(s.invoiceView(r, o)).Render(r.Context(), &b); err != nil {
		return nil, err
	}
	b.WriteString(`</main></body></html>`)
	return b.Bytes(), nil
}
