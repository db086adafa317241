package admin

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/gorilla/csrf"
	"github.com/shopspring/decimal"

	"orderdesk/internal/order"
	"orderdesk/internal/store"
	views "orderdesk/templates/admin"
	"orderdesk/templates/layout"
)

// sample is the amount the list shows each currency's rounding with.
var sample = decimal.RequireFromString("1234.5678")

func (s *Server) currenciesPage(w http.ResponseWriter, r *http.Request) {
	s.renderCurrencies(w, r, http.StatusOK, currencyForm(r, order.CurrencyInput{DecimalDigits: "2",
		MidpointRounding: order.AwayFromZero.String(), RoundingType: order.Rounding001.String()}, false, nil))
}

// renderCurrencies shows the list and the add form (as typed, with its errors).
func (s *Server) renderCurrencies(w http.ResponseWriter, r *http.Request, status int, form views.CurrencyForm) {
	list, err := s.Store.CurrencyList(r.Context())
	if err != nil {
		s.ServerError(w, r, err)
		return
	}
	v := views.Currencies{New: form, CSRFToken: csrf.Token(r)}
	for _, c := range list {
		v.Rows = append(v.Rows, views.CurrencyRow{Code: c.Code, Name: c.Name, Symbol: c.Symbol,
			Digits: strconv.Itoa(int(c.DecimalDigits)), Midpoint: c.Midpoint.String(), Rounding: c.RoundingType.String(),
			Example: c.Fixed(sample)})
	}
	s.Page(w, r, status, "Currencies", views.CurrenciesPage(v))
}

// currencyForm is the form's view: the input as typed, the choices with the typed one picked.
func currencyForm(r *http.Request, in order.CurrencyInput, edit bool, errs map[string]string) views.CurrencyForm {
	f := views.CurrencyForm{Edit: edit, Code: in.Code, Name: in.Name, Symbol: in.Symbol, Digits: in.DecimalDigits,
		Midpoint: in.MidpointRounding, Rounding: in.RoundingType, Errors: errs, CSRFToken: csrf.Token(r)}
	for _, n := range order.MidpointNames() {
		f.Midpoints = append(f.Midpoints, views.Option{Value: n, Label: n, Checked: n == in.MidpointRounding})
	}
	for _, n := range order.RoundingTypeNames() {
		f.Roundings = append(f.Roundings, views.Option{Value: n, Label: n, Checked: n == in.RoundingType})
	}
	return f
}

// currencyInput reads the form; code is the one in the path when editing.
func currencyInput(r *http.Request, code string) order.CurrencyInput {
	f := r.PostForm
	if code == "" {
		code = f.Get("code")
	}
	return order.CurrencyInput{Code: code, Name: f.Get("name"), Symbol: f.Get("symbol"), DecimalDigits: f.Get("decimal_digits"),
		MidpointRounding: f.Get("midpoint_rounding"), RoundingType: f.Get("rounding_type")}
}

// inputOf is a stored currency as the form shows it.
func inputOf(c order.Currency) order.CurrencyInput {
	return order.CurrencyInput{Code: c.Code, Name: c.Name, Symbol: c.Symbol, DecimalDigits: strconv.Itoa(int(c.DecimalDigits)),
		MidpointRounding: c.Midpoint.String(), RoundingType: c.RoundingType.String()}
}

func (s *Server) createCurrency(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.ErrorPage(w, r, http.StatusBadRequest, "Bad form", "The form could not be read.")
		return
	}
	in := currencyInput(r, "")
	c, err := s.Store.SaveCurrency(r.Context(), s.Actor(r), in, true)
	var fe order.Problems
	if errors.As(err, &fe) {
		s.renderCurrencies(w, r, http.StatusUnprocessableEntity, currencyForm(r, in, false, fe))
		return
	}
	if err != nil {
		s.ServerError(w, r, err)
		return
	}
	s.Flash(w, r, layout.FlashSuccess, "Added "+c.Code+" ("+c.Name+").")
	http.Redirect(w, r, "/admin/currencies", http.StatusSeeOther)
}

func (s *Server) currencyPage(w http.ResponseWriter, r *http.Request) {
	cs, err := s.Store.Currencies(r.Context())
	if err != nil {
		s.ServerError(w, r, err)
		return
	}
	c, ok := cs.Lookup(r.PathValue("code"))
	if !ok {
		s.NotFound(w, r)
		return
	}
	s.Page(w, r, http.StatusOK, "Currency "+c.Code, views.CurrencyPage(currencyForm(r, inputOf(c), true, nil)))
}

func (s *Server) updateCurrency(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.ErrorPage(w, r, http.StatusBadRequest, "Bad form", "The form could not be read.")
		return
	}
	in := currencyInput(r, r.PathValue("code"))
	c, err := s.Store.SaveCurrency(r.Context(), s.Actor(r), in, false)
	var fe order.Problems
	switch {
	case errors.Is(err, store.ErrCurrencyNotFound):
		s.NotFound(w, r)
		return
	case errors.As(err, &fe):
		if fe["code"] != "" { // the code in the path is no currency's: nothing to edit
			s.NotFound(w, r)
			return
		}
		s.Page(w, r, http.StatusUnprocessableEntity, "Currency "+in.Code, views.CurrencyPage(currencyForm(r, in, true, fe)))
		return
	case err != nil:
		s.ServerError(w, r, err)
		return
	}
	s.Flash(w, r, layout.FlashSuccess, "Saved "+c.Code+": "+c.RoundingType.String()+", "+strconv.Itoa(int(c.DecimalDigits))+" digits, "+c.Midpoint.String()+
		". Orders in "+c.Code+" are totalled with it when next saved; `orderdesk check --repair` re-totals the ones stored before, each as an audited change.")
	http.Redirect(w, r, "/admin/currencies", http.StatusSeeOther)
}
