package staff

import (
	"net/http"
	"strings"
	"time"

	"github.com/gorilla/csrf"

	"orderdesk/internal/avatax"
	"orderdesk/internal/order"
	"orderdesk/templates/layout"
	"orderdesk/templates/orderpage"
)

// avataxPanel is the order's AvaTax state, or nil when its store does not use AvaTax.
func (s *Server) avataxPanel(r *http.Request, o *order.CustomerOrder) (*orderpage.AvaTaxPanel, error) {
	set, ok, err := s.Store.AvaTaxSettingsOf(r.Context(), o.StoreID)
	if err != nil || !ok || !set.Enabled {
		return nil, err
	}
	st, queued, err := s.Store.AvaTaxStatus(r.Context(), o.ID)
	if err != nil {
		return nil, err
	}
	p := &orderpage.AvaTaxPanel{Status: "never sent", LastSync: "never", CSRFToken: csrf.Token(r), HasShipTo: o.ShippingAddress() != nil}
	if queued {
		p.Status, p.LastAction, p.LastError = st.Status, st.LastAction, st.LastError
		if st.SyncedAt != nil {
			p.LastSync = st.SyncedAt.Format("2 Jan 2006 15:04")
		}
	}
	return p, nil
}

// validateAddress checks the order's shipping address with the store's AvaTax and says what
// AvaTax made of it.
func (s *Server) validateAddress(w http.ResponseWriter, r *http.Request) {
	o, ok := s.LoadEditable(w, r)
	if !ok {
		return
	}
	back := "/orders/" + o.ID
	a := o.ShippingAddress()
	set, on, err := s.Store.AvaTaxSettingsOf(r.Context(), o.StoreID)
	switch {
	case err != nil:
		s.ServerError(w, r, err)
		return
	case !on || !set.Enabled || a == nil:
		s.Flash(w, r, layout.FlashWarning, "There is no shipping address to check, or this store does not use AvaTax.")
		http.Redirect(w, r, back, http.StatusSeeOther)
		return
	}
	c := &avatax.Client{HTTP: &http.Client{Timeout: 15 * time.Second}, Settings: avatax.Settings{
		ServiceURL: set.ServiceURL, AccountNumber: set.AccountNumber, LicenseKey: set.LicenseKey, CompanyCode: set.CompanyCode}}
	region := a.RegionID
	if region == "" {
		region = a.RegionName
	}
	res, err := c.ResolveAddress(r.Context(), avatax.Address{Line1: a.Line1, Line2: a.Line2, City: a.City, Region: region, PostalCode: a.PostalCode, Country: a.CountryCode})
	if err != nil {
		s.Flash(w, r, layout.FlashError, "AvaTax could not check the address: "+err.Error())
		http.Redirect(w, r, back, http.StatusSeeOther)
		return
	}
	s.Flash(w, r, layout.FlashInfo, "AvaTax: "+describeResolution(res))
	http.Redirect(w, r, back, http.StatusSeeOther)
}

// describeResolution says in one sentence what AvaTax made of an address.
func describeResolution(res map[string]any) string {
	var msgs []string
	if ms, ok := res["messages"].([]any); ok {
		for _, m := range ms {
			if mm, ok := m.(map[string]any); ok {
				if t, ok := mm["summary"].(string); ok {
					msgs = append(msgs, t)
				}
			}
		}
	}
	if len(msgs) > 0 {
		return strings.Join(msgs, " ")
	}
	if va, ok := res["validatedAddresses"].([]any); ok && len(va) > 0 {
		if a, ok := va[0].(map[string]any); ok {
			var parts []string
			for _, k := range []string{"line1", "city", "region", "postalCode", "country"} {
				if v, ok := a[k].(string); ok && v != "" {
					parts = append(parts, v)
				}
			}
			return "the address is valid as " + strings.Join(parts, ", ") + "."
		}
	}
	return "no answer about this address."
}
