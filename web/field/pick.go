package field

import (
	"context"
	"net/url"
	"strconv"
	"strings"

	"orderdesk/internal/order"
	"orderdesk/internal/store"
)

// pickCodes reads the catalog's bar codes and locations of the orders' lines, in one query
// whatever their number.
func (s *Server) pickCodes(ctx context.Context, orders ...*order.CustomerOrder) (store.ProductCodes, error) {
	var ids, skus []string
	for _, o := range orders {
		for _, li := range o.Items {
			ids, skus = append(ids, li.ProductID), append(skus, li.Sku)
		}
	}
	return s.Store.ProductCodesFor(ctx, ids, skus)
}

// maxCount bounds a counted_ value before the domain compares it with the line's quantity.
const maxCount = 1_000_000

// readPick reads what the Picked step's form says besides the ticks: counted_<item> per line
// (a whole number from 0; absent is 0) and shown, the lines the card showed picked
// (comma-separated ids; absent from a step queued before the form sent it). It names the items
// for the step's messages. A count that is not a whole number is a message for the card.
func readPick(form url.Values, o *order.CustomerOrder, shipmentID string, st *order.FieldStep) string {
	sh := o.Shipment(shipmentID)
	if sh == nil {
		return ""
	}
	st.Names = map[string]string{}
	for _, it := range sh.Items {
		name := "A line"
		if li := o.LineItem(it.LineItemID); li != nil {
			name = li.Name
		}
		st.Names[it.ID] = name
		v := strings.TrimSpace(form.Get("counted_" + it.ID))
		if v == "" {
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > maxCount {
			return "The count of " + name + " (" + v + ") is not a whole number of units; nothing was saved."
		}
		if st.Counted == nil {
			st.Counted = map[string]int{}
		}
		st.Counted[it.ID] = n
	}
	if shown, ok := form["shown"]; ok {
		st.Shown = map[string]bool{}
		for _, id := range strings.Split(strings.Join(shown, ","), ",") {
			if id = strings.TrimSpace(id); id != "" {
				st.Shown[id] = true
			}
		}
	}
	return ""
}
