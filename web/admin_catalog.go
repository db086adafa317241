package web

import (
	"net/http"

	"github.com/gorilla/csrf"

	"orderdesk/templates/admin"
)

// catalogPage shows the catalog's size and the import form.
func (s *Server) catalogPage(w http.ResponseWriter, r *http.Request) {
	s.renderCatalog(w, r, http.StatusOK, admin.Catalog{})
}

func (s *Server) renderCatalog(w http.ResponseWriter, r *http.Request, status int, v admin.Catalog) {
	var err error
	if v.Products, v.PriceLists, err = s.store.CatalogSize(r.Context()); err != nil {
		s.serverError(w, r, err)
		return
	}
	v.CSRFToken = csrf.Token(r)
	s.page(w, r, status, "Catalog", admin.CatalogPage(v))
}

// importCatalog reads an uploaded CSV of products or prices; the answer lists every refused
// row by line. The file is streamed into the import, never held whole.
func (s *Server) importCatalog(w http.ResponseWriter, r *http.Request) {
	// Products, tax rates and price lists are shared by every store: someone limited to some
	// stores may not change them for the others.
	if len(state(r).user.StoreScope()) > 0 {
		s.errorPage(w, r, http.StatusForbidden, "Not for your stores alone",
			"The catalog, its prices and the tax rates are shared by every store, so only someone who works for all stores may import them. Nothing was imported.")
		return
	}
	kind := r.FormValue("kind")
	if kind != "products" && kind != "prices" && kind != "tax_rates" {
		s.renderCatalog(w, r, http.StatusUnprocessableEntity, admin.Catalog{Kind: kind, Problem: "Choose what the file holds: products, prices or tax rates."})
		return
	}
	file, _, err := r.FormFile("file")
	if err != nil {
		s.renderCatalog(w, r, http.StatusUnprocessableEntity, admin.Catalog{Kind: kind, Problem: "Choose a CSV file to import."})
		return
	}
	defer file.Close()
	res, err := s.store.ImportCatalog(r.Context(), s.actor(r), kind, file, nil)
	if err != nil && res.Imported == 0 && len(res.Errors) == 0 {
		// The file as a whole could not be read (no header, no sku column): say so at the field.
		s.renderCatalog(w, r, http.StatusUnprocessableEntity, admin.Catalog{Kind: kind, Problem: err.Error()})
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	v := admin.Catalog{Kind: kind, Result: &admin.ImportResult{Kind: kind, Imported: res.Imported}}
	for _, e := range res.Errors {
		v.Result.Errors = append(v.Result.Errors, admin.RowError{Line: e.Line, Message: e.Message})
	}
	s.renderCatalog(w, r, http.StatusOK, v)
}
