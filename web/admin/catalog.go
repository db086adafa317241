package admin

import (
	"net/http"

	"github.com/gorilla/csrf"

	views "orderdesk/templates/admin"
	"orderdesk/web/base"
)

// catalogPage shows the catalog's size and the import form.
func (s *Server) catalogPage(w http.ResponseWriter, r *http.Request) {
	s.renderCatalog(w, r, http.StatusOK, views.Catalog{})
}

func (s *Server) renderCatalog(w http.ResponseWriter, r *http.Request, status int, v views.Catalog) {
	var err error
	if v.Products, v.PriceLists, err = s.Store.CatalogSize(r.Context()); err != nil {
		s.ServerError(w, r, err)
		return
	}
	v.CSRFToken = csrf.Token(r)
	s.Page(w, r, status, "Catalog", views.CatalogPage(v))
}

// importCatalog reads an uploaded CSV of products or prices; the answer lists every refused
// row by line. The file is streamed into the import, never held whole.
func (s *Server) importCatalog(w http.ResponseWriter, r *http.Request) {
	// Products, tax rates and price lists are shared by every store: someone limited to some
	// stores may not change them for the others.
	if len(base.State(r).User.StoreScope()) > 0 {
		s.ErrorPage(w, r, http.StatusForbidden, "Not for your stores alone",
			"The catalog, its prices and the tax rates are shared by every store, so only someone who works for all stores may import them. Nothing was imported.")
		return
	}
	kind := r.FormValue("kind")
	if kind != "products" && kind != "prices" && kind != "tax_rates" {
		s.renderCatalog(w, r, http.StatusUnprocessableEntity, views.Catalog{Kind: kind, Problem: "Choose what the file holds: products, prices or tax rates."})
		return
	}
	file, _, err := r.FormFile("file")
	if err != nil {
		s.renderCatalog(w, r, http.StatusUnprocessableEntity, views.Catalog{Kind: kind, Problem: "Choose a CSV file to import."})
		return
	}
	defer file.Close()
	res, err := s.Store.ImportCatalog(r.Context(), s.Actor(r), kind, file, nil)
	if err != nil && res.Imported == 0 && len(res.Errors) == 0 {
		// The file as a whole could not be read (no header, no sku column): say so at the field.
		s.renderCatalog(w, r, http.StatusUnprocessableEntity, views.Catalog{Kind: kind, Problem: err.Error()})
		return
	}
	if err != nil {
		s.ServerError(w, r, err)
		return
	}
	v := views.Catalog{Kind: kind, Result: &views.ImportResult{Kind: kind, Imported: res.Imported}}
	for _, e := range res.Errors {
		v.Result.Errors = append(v.Result.Errors, views.RowError{Line: e.Line, Message: e.Message})
	}
	s.renderCatalog(w, r, http.StatusOK, v)
}
