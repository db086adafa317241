package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"

	"orderdesk/internal/desk"
	"orderdesk/internal/order"
	"orderdesk/web/base"
)

// maxAddItems bounds one add-items request (an order holds at most so many lines anyway).
const maxAddItems = 100

// addItem is one entry of an add-items body: Virto's bare product id (one unit), or
// {productId, quantity}.
type addItem struct {
	ProductID string `json:"productId"`
	Quantity  *int   `json:"quantity"`
}

func (a *addItem) UnmarshalJSON(b []byte) error {
	if b = bytes.TrimSpace(b); len(b) > 0 && b[0] == '"' {
		return json.Unmarshal(b, &a.ProductID)
	}
	type plain addItem
	return json.Unmarshal(b, (*plain)(a))
}

// apiAddItems is the Order management module's PUT /api/order-management/add-items/{orderId}:
// the products go onto the order as lines at the price its customer gets (desk.AddProducts,
// what the order page's Add products does), answered with the order as saved.
func (s *Server) apiAddItems(w http.ResponseWriter, r *http.Request) {
	var items []addItem
	body, err := io.ReadAll(r.Body)
	if err == nil {
		err = json.Unmarshal(body, &items)
	}
	switch {
	case err != nil:
		writeJSON(w, http.StatusBadRequest, apiError{Message: `Send a JSON list of product ids, ["id", …], or of {"productId", "quantity"}: ` + err.Error()})
		return
	case len(items) == 0:
		writeJSON(w, http.StatusBadRequest, apiError{Message: "ProductIds list cannot be null or empty."})
		return
	case len(items) > maxAddItems:
		writeJSON(w, http.StatusBadRequest, apiError{Message: "At most " + strconv.Itoa(maxAddItems) + " products at a time."})
		return
	}
	add := make([]desk.ProductQuantity, len(items))
	problems := order.Problems{}
	for i, it := range items {
		add[i] = desk.ProductQuantity{ProductID: it.ProductID, Quantity: 1}
		if it.Quantity != nil {
			add[i].Quantity = *it.Quantity
		}
		if it.ProductID == "" {
			problems[fmt.Sprintf("[%d].productId", i)] = "is required"
		}
	}
	if len(problems) > 0 {
		writeJSON(w, http.StatusUnprocessableEntity, apiError{Message: "No product was added; see errors.", Errors: problems})
		return
	}
	u := base.State(r).User
	o, err := s.Store.Order(r.Context(), r.PathValue("orderId"))
	if err == nil && !u.InScope(o.StoreID, o.EmployeeID) {
		err = order.ErrNotFound
	}
	if err != nil {
		s.apiWriteError(w, r, err)
		return
	}
	saved, current, err := s.Desk.AddProducts(r.Context(), s.apiActor(r), o, add, s.Now())
	var fe order.Problems
	switch {
	case errors.Is(err, desk.ErrReadOnly):
		writeJSON(w, http.StatusConflict, apiError{Message: "This order can no longer be edited: it is " + current.Status + ". Nothing was added."})
		return
	case errors.As(err, &fe):
		writeJSON(w, http.StatusUnprocessableEntity, apiError{Message: "No product was added; see errors.", Errors: fe})
		return
	case err != nil:
		s.apiWriteError(w, r, err)
		return
	}
	w.Header().Set("X-Order-Version", strconv.Itoa(saved.Version))
	s.writeVisible(w, r, http.StatusOK, wholeOrderJSON(saved, order.ResponseGroupFull))
}
