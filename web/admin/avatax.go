package admin

import (
	"errors"
	"net/http"
	"strings"

	"github.com/gorilla/csrf"

	"orderdesk/internal/order"
	"orderdesk/internal/store"
	views "orderdesk/templates/admin"
	"orderdesk/templates/layout"
	"orderdesk/web/base"
)

func (s *Server) avataxPage(w http.ResponseWriter, r *http.Request) {
	s.renderAvaTax(w, r, http.StatusOK, "", nil)
}

// renderAvaTax shows every store's form; failedStore's form shows errs and what was typed.
func (s *Server) renderAvaTax(w http.ResponseWriter, r *http.Request, status int, failedStore string, errs map[string]string) {
	stores, err := s.StoresInScope(r)
	if err != nil {
		s.ServerError(w, r, err)
		return
	}
	v := views.AvaTax{CSRFToken: csrf.Token(r)}
	for _, st := range stores {
		set, _, err := s.Store.AvaTaxSettingsOf(r.Context(), st.ID)
		if err != nil {
			s.ServerError(w, r, err)
			return
		}
		if st.ID == failedStore {
			hasKey := set.LicenseKey != ""
			set = avataxForm(r, st.ID)
			if set.LicenseKey == "" && hasKey {
				set.LicenseKey = "kept"
			}
		}
		f := views.AvaTaxStore{StoreID: st.ID, StoreName: st.Name, Enabled: set.Enabled, ServiceURL: set.ServiceURL,
			AccountNumber: set.AccountNumber, CompanyCode: set.CompanyCode, CommitStatus: set.CommitStatus, HasLicense: set.LicenseKey != "",
			FromLine1: set.FromLine1, FromCity: set.FromCity, FromRegion: set.FromRegion, FromPostal: set.FromPostal, FromCountry: set.FromCountry}
		if st.ID == failedStore {
			f.Errors = errs
		}
		for _, code := range s.Store.Rules().Statuses.Statuses(order.TypeCustomerOrder) {
			f.Statuses = append(f.Statuses, views.Option{Value: code, Label: s.Store.Rules().Statuses.Label(order.TypeCustomerOrder, code), Checked: code == set.CommitStatus})
		}
		v.Stores = append(v.Stores, f)
	}
	s.Page(w, r, status, "AvaTax", views.AvaTaxPage(v))
}

// avataxForm reads a store's form; an empty license key asks to keep the stored one
// (store.SaveAvaTaxSettings says when it may).
func avataxForm(r *http.Request, storeID string) store.AvaTaxSettings {
	f := r.PostForm
	key := f.Get("license_key")
	return store.AvaTaxSettings{
		StoreID: storeID, Enabled: f.Get("enabled") == "1", ServiceURL: strings.TrimSpace(f.Get("service_url")),
		AccountNumber: strings.TrimSpace(f.Get("account_number")), LicenseKey: key, CompanyCode: strings.TrimSpace(f.Get("company_code")),
		CommitStatus: f.Get("commit_status"), FromLine1: f.Get("from_line1"), FromCity: f.Get("from_city"),
		FromRegion: f.Get("from_region"), FromPostal: f.Get("from_postal"), FromCountry: f.Get("from_country"),
	}
}

func (s *Server) saveAvaTax(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.ErrorPage(w, r, http.StatusBadRequest, "Bad form", "The form could not be read.")
		return
	}
	storeID := r.PathValue("store")
	if !base.StoreInScope(r, storeID) {
		s.NotFound(w, r)
		return
	}
	err := s.Store.SaveAvaTaxSettings(r.Context(), s.Actor(r), avataxForm(r, storeID))
	var fe order.Problems
	if errors.As(err, &fe) {
		s.renderAvaTax(w, r, http.StatusUnprocessableEntity, storeID, fe)
		return
	}
	if err != nil {
		s.ServerError(w, r, err)
		return
	}
	s.Flash(w, r, layout.FlashSuccess, "Saved the AvaTax settings of "+storeID+".")
	http.Redirect(w, r, "/admin/avatax", http.StatusSeeOther)
}
