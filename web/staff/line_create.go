package staff

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/gorilla/csrf"

	"orderdesk/internal/auth"
	"orderdesk/internal/desk"
	"orderdesk/internal/order"
	"orderdesk/internal/pricing"
	"orderdesk/internal/store"
	"orderdesk/templates/layout"
	"orderdesk/templates/orderpage"
	"orderdesk/web/base"
)

// addProductsPage searches products and shows the price this customer would get for each.
func (s *Server) addProductsPage(w http.ResponseWriter, r *http.Request) {
	o, ok := s.LoadEditable(w, r)
	if !ok {
		return
	}
	s.renderAddProducts(w, r, http.StatusOK, o, "", nil)
}

func (s *Server) renderAddProducts(w http.ResponseWriter, r *http.Request, status int, o *order.CustomerOrder, failedProduct string, failed *orderpage.ProductChoice) {
	q := strings.TrimSpace(r.FormValue("q"))
	v := orderpage.AddProducts{OrderID: o.ID, Number: o.Number, Currency: o.Currency, Store: o.StoreName, Group: desk.CustomerGroup(o),
		Query: q, ShowPrices: base.State(r).User.Can(auth.OrderReadPrices), Version: o.Version, CSRFToken: csrf.Token(r), Searched: q != ""}
	found, err := s.Store.SearchProducts(r.Context(), q, 20)
	if err != nil {
		s.ServerError(w, r, err)
		return
	}
	if failedProduct != "" && !slices.ContainsFunc(found, func(p store.Product) bool { return p.ID == failedProduct }) {
		// The product whose form failed shows first, with its message, whatever was searched.
		p, err := s.Store.ProductByID(r.Context(), failedProduct)
		switch {
		case err == nil:
			found = append([]store.Product{p}, found...)
		case !errors.Is(err, order.ErrNotFound):
			s.ServerError(w, r, err)
			return
		}
	}
	// Prices are for the quantity asked about, so a quantity tier shows before adding.
	qty, err := order.ParseQuantity(r.FormValue("qty"))
	if err != nil {
		qty = 1
	}
	v.Quantity = strconv.Itoa(qty)
	ids := make([]string, len(found))
	for i, p := range found {
		ids[i] = p.ID
	}
	prices, err := s.Store.PricesFor(r.Context(), ids, s.pricingRequest(o, qty))
	if err != nil {
		s.ServerError(w, r, err)
		return
	}
	for _, p := range found {
		c := orderpage.ProductChoice{ID: p.ID, SKU: p.SKU, Name: p.Name, ImageURL: p.ImageURL, Quantity: v.Quantity, InStock: stockText(p)}
		if price := prices[p.ID]; price.Found {
			cur := o.CurrencyRule()
			c.Price, c.Why = cur.Fixed(price.ListPrice.Sub(price.DiscountAmount)), price.Why
		}
		if p.ID == failedProduct && failed != nil {
			c.Error, c.Quantity, c.TypedPrice = failed.Error, failed.Quantity, failed.TypedPrice
		}
		v.Results = append(v.Results, c)
	}
	s.Page(w, r, status, "Add products", orderpage.AddProductsPage(v))
}

func (s *Server) pricingRequest(o *order.CustomerOrder, qty int) pricing.Request {
	return desk.PricingRequest(o, qty, s.Now())
}

func stockText(p store.Product) string {
	switch {
	case !p.TrackInventory:
		return "Stock not tracked"
	case p.InStock <= 0:
		return "Out of stock"
	}
	return strconv.Itoa(p.InStock) + " in stock"
}

// addLine adds a product as a new line, priced for this customer (list, tier, sale, discount),
// or at the price staff typed when no list has one. Adding cannot clash with someone else's
// edit, so it goes onto the order as it is now.
func (s *Server) addLine(w http.ResponseWriter, r *http.Request) {
	o, ok := s.LoadEditable(w, r)
	if !ok {
		return
	}
	productID := r.FormValue("product")
	failed := &orderpage.ProductChoice{Quantity: r.FormValue("quantity"), TypedPrice: r.FormValue("price")}
	qty, err := order.ParseQuantity(failed.Quantity)
	if err != nil {
		failed.Error = "Give a quantity of 1 or more. Quantity " + err.Error() + "."
		s.renderAddProducts(w, r, http.StatusUnprocessableEntity, o, productID, failed)
		return
	}
	// By id: a product's id need not be its SKU or words of its name (imports may set both).
	p, err := s.Store.ProductByID(r.Context(), productID)
	if errors.Is(err, order.ErrNotFound) {
		s.NotFound(w, r)
		return
	}
	if err != nil {
		s.ServerError(w, r, err)
		return
	}
	product := &p
	_, price, err := s.Desk.PriceProduct(r.Context(), o, product.ID, qty, s.Now())
	if err != nil {
		s.ServerError(w, r, err)
		return
	}
	li, problem := newLine(o, product, qty, price, failed.TypedPrice, base.State(r).User.Can(auth.OrderReadPrices))
	if problem != "" {
		failed.Error = problem
		s.renderAddProducts(w, r, http.StatusUnprocessableEntity, o, productID, failed)
		return
	}
	if err := s.Desk.TaxFromTable(r.Context(), o, &li); err != nil {
		s.ServerError(w, r, err)
		return
	}
	by := s.Actor(r)
	if !price.Found {
		by.Reason = "price typed: no price list had one"
	}
	// The line goes onto the order as stored when it is saved: someone else's save meanwhile
	// is kept, not answered with an error.
	_, o, err = s.Desk.AddLines(r.Context(), by, o, []order.LineItem{li})
	var fe order.Problems
	switch {
	case errors.Is(err, desk.ErrReadOnly):
		failed.Error = readOnlyMessage(o)
		s.renderAddProducts(w, r, http.StatusConflict, o, productID, failed)
		return
	case errors.Is(err, order.ErrConflict):
		failed.Error = othersKeepSaving
		s.renderAddProducts(w, r, http.StatusConflict, o, productID, failed)
		return
	case errors.As(err, &fe):
		var msgs []string
		for field, m := range fe {
			msgs = append(msgs, humanKey(field)+": "+m)
		}
		failed.Error = strings.Join(msgs, " ")
		s.renderAddProducts(w, r, http.StatusUnprocessableEntity, o, productID, failed)
		return
	case err != nil:
		s.ServerError(w, r, err)
		return
	}
	s.Flash(w, r, layout.FlashSuccess, "Added "+strconv.Itoa(qty)+" × "+product.Name+".")
	http.Redirect(w, r, "/orders/"+o.ID+"#lines-panel", http.StatusSeeOther)
}

// newLine is product as a new line of o: at the customer's price when a price list has one,
// else at the price typed, which only someone who may see prices can give. problem says why
// there is no line.
func newLine(o *order.CustomerOrder, product *store.Product, qty int, price pricing.Price, typedPrice string, maySeePrices bool) (order.LineItem, string) {
	li := desk.NewLine(o, *product, qty, price)
	switch {
	case price.Found:
	case !maySeePrices:
		return li, "No price list has a price for this customer; someone who may see prices has to add it."
	default:
		typed, err := order.ParseMoney(typedPrice)
		if err != nil {
			return li, "Type the unit price, e.g. 12.50. Unit price: " + err.Error() + "."
		}
		li.Price = typed
	}
	return li, ""
}
