package field

import (
	"cmp"
	"errors"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/gorilla/csrf"

	"orderdesk/internal/ids"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
	views "orderdesk/templates/field"
	"orderdesk/web/base"
)

// maxBatchOrders is the most orders one pick list holds: a picking cart's totes.
const maxBatchOrders = 20

// batchOrders reads the chosen orders (o=, in the order chosen, each once) the user may work
// on: an order outside the user's store and assignee scope is left out exactly like one that
// does not exist, and counted in left so the page can say some were. A list longer than
// maxBatchOrders is a message.
func (s *Server) batchOrders(r *http.Request, chosen []string) (kept []*order.CustomerOrder, left int, problem string, err error) {
	var want []string
	for _, id := range chosen {
		if id = strings.TrimSpace(id); id != "" && !slices.Contains(want, id) {
			want = append(want, id)
		}
	}
	if len(want) > maxBatchOrders {
		return nil, 0, "At most " + strconv.Itoa(maxBatchOrders) + " orders can be picked together; " + strconv.Itoa(len(want)) +
			" were chosen. Choose fewer on the work list.", nil
	}
	valid := slices.DeleteFunc(slices.Clone(want), func(id string) bool { return !ids.Valid(id) })
	all, err := s.Store.OrdersWhole(r.Context(), valid)
	if err != nil {
		return nil, 0, "", err
	}
	user := base.State(r).User
	for _, o := range all {
		if user.InScope(o.StoreID, o.EmployeeID) {
			kept = append(kept, o)
		}
	}
	return kept, len(want) - len(kept), "", nil
}

// leftOutNotice says that some chosen orders are not on the list, without saying which: an
// order of another store is not the user's to know about.
func leftOutNotice(n int) string {
	switch n {
	case 0:
		return ""
	case 1:
		return "1 chosen order is not on this list: it is not in your stores or no longer exists."
	}
	return strconv.Itoa(n) + " chosen orders are not on this list: they are not in your stores or no longer exist."
}

// openForPicking are the shipments of o a pick list holds: New or Pick & pack, not cancelled,
// with at least one line not picked yet.
func openForPicking(o *order.CustomerOrder) []*order.Shipment {
	var out []*order.Shipment
	if o.IsCancelled {
		return nil
	}
	for i := range o.Shipments {
		sh := &o.Shipments[i]
		if sh.IsCancelled || !order.StepFits(order.StepPicked, sh) {
			continue
		}
		if slices.ContainsFunc(sh.Items, func(it order.ShipmentItem) bool { return !itemPicked(it) }) {
			out = append(out, sh)
		}
	}
	return out
}

func itemPicked(it order.ShipmentItem) bool {
	return it.Status == order.ItemPicked || it.Status == order.ItemPacked
}

// batchKey names a pick list's counts in the tab's storage: the same orders, the same counts.
func batchKey(orders []*order.CustomerOrder) string {
	var idList []string
	for _, o := range orders {
		idList = append(idList, o.ID)
	}
	slices.Sort(idList)
	return "batch:" + strings.Join(idList, ",")
}

// fieldBatch is one pick list for several orders: every unit of their open shipments, grouped
// by product and sorted by location so the walk is one pass, each unit with the tote (a letter
// and a colour per order) it goes in.
func (s *Server) fieldBatch(w http.ResponseWriter, r *http.Request) {
	orders, left, problem, err := s.batchOrders(r, r.URL.Query()["o"])
	if err != nil {
		s.ServerError(w, r, err)
		return
	}
	if problem != "" {
		s.ErrorPage(w, r, http.StatusBadRequest, "Too many orders", problem)
		return
	}
	codes, err := s.pickCodes(r.Context(), orders...)
	if err != nil {
		s.ServerError(w, r, err)
		return
	}
	v := views.Batch{UserID: base.State(r).User.ID, CSRFToken: csrf.Token(r), Notice: leftOutNotice(left), Key: batchKey(orders)}
	groups := map[string]*views.PickGroup{}
	for i, o := range orders {
		bo := views.BatchOrder{ID: o.ID, Number: o.Number, Customer: o.CustomerName, Tote: views.ToteOf(i), Version: o.Version}
		open := openForPicking(o)
		switch {
		case o.IsCancelled:
			bo.Note = "Cancelled: nothing to pick."
		case len(open) == 0:
			bo.Note = "Nothing to pick here: its shipments are picked or further along."
		}
		for _, sh := range open {
			bo.Shipments = append(bo.Shipments, sh.ID)
			for _, it := range sh.Items {
				li := o.LineItem(it.LineItemID)
				if li == nil {
					continue
				}
				code := codes.Of(li.ProductID, li.Sku)
				key := strings.ToLower(cmp.Or(code.SKU, li.Sku))
				g := groups[key]
				if g == nil {
					g = &views.PickGroup{Location: code.Location, Name: li.Name, SKU: li.Sku, Barcode: code.Barcode}
					groups[key] = g
				}
				g.Units += it.Quantity
				g.Rows = append(g.Rows, views.PickRow{ItemID: it.ID, OrderID: o.ID, OrderNumber: o.Number, ShipmentNumber: sh.Number,
					Tote: bo.Tote, Quantity: it.Quantity, Picked: itemPicked(it)})
			}
		}
		v.Orders = append(v.Orders, bo)
	}
	for _, g := range groups {
		v.Groups = append(v.Groups, *g)
	}
	// By location, those without one last, then by name: one walk through the aisles.
	slices.SortFunc(v.Groups, func(a, b views.PickGroup) int {
		if (a.Location == "") != (b.Location == "") {
			if a.Location == "" {
				return 1
			}
			return -1
		}
		return cmp.Or(cmp.Compare(a.Location, b.Location), cmp.Compare(a.Name, b.Name), cmp.Compare(a.SKU, b.SKU))
	})
	s.Page(w, r, http.StatusOK, "Pick together · Field", views.BatchPage(v))
}

// fieldBatchPicked takes the Picked step for every shipment of the pick list whose lines are
// all counted (or ticked, or picked before): each order its own change, saved through the
// desk's edit with source tablet as the single Picked step is, so each is audited alone and a
// refusal of one order leaves the others picked. The answer lists each order: picked, or why
// not, with its field page to pack it.
func (s *Server) fieldBatchPicked(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.ErrorPage(w, r, http.StatusBadRequest, "Bad form", "The form could not be read.")
		return
	}
	orders, left, problem, err := s.batchOrders(r, r.PostForm["o"])
	if err != nil {
		s.ServerError(w, r, err)
		return
	}
	if problem != "" {
		s.ErrorPage(w, r, http.StatusBadRequest, "Too many orders", problem)
		return
	}
	v := views.BatchResult{Notice: leftOutNotice(left), UserID: base.State(r).User.ID}
	all := true
	for i, o := range orders {
		res := views.BatchOutcome{OrderID: o.ID, Number: o.Number, Tote: views.ToteOf(i)}
		res.Picked, res.Says, err = s.pickOrder(r, o, r.PostForm)
		if err != nil {
			s.ServerError(w, r, err)
			return
		}
		all = all && res.Picked
		v.Outcomes = append(v.Outcomes, res)
	}
	if all {
		v.Clear = batchKey(orders) // every order went through: the list's counts are done with
	}
	s.Page(w, r, http.StatusOK, "Picked together · Field", views.BatchDonePage(v))
}

// pickOrder takes the Picked step on the shipments of o the list showed (s_<order>) whose lines
// are all counted. It answers whether any was picked and what to say.
func (s *Server) pickOrder(r *http.Request, o *order.CustomerOrder, form map[string][]string) (bool, string, error) {
	type ready struct {
		id   string
		step order.FieldStep
	}
	var todo []ready
	var short []string
	counted := false
	for _, shID := range form["s_"+o.ID] {
		sh := o.Shipment(shID)
		if sh == nil || sh.IsCancelled {
			return false, "A shipment of this order was removed meanwhile; open the order to pick it.", nil
		}
		step := order.FieldStep{Kind: order.StepPicked, Counted: map[string]int{}, Names: map[string]string{}}
		complete := true
		for _, it := range sh.Items {
			name := "A line"
			if li := o.LineItem(it.LineItemID); li != nil {
				name = li.Name
			}
			step.Names[it.ID] = name
			n, raw := 0, strings.TrimSpace(first(form["counted_"+it.ID]))
			if raw != "" {
				var err error
				if n, err = strconv.Atoi(raw); err != nil || n < 0 || n > maxCount {
					return false, "The count of " + name + " (" + raw + ") is not a whole number of units; nothing was saved for this order.", nil
				}
			}
			step.Counted[it.ID] = n
			ticked := slices.Contains(form["picked"], it.ID)
			counted = counted || n > 0 || ticked
			switch {
			case n > it.Quantity:
				return false, name + " was counted " + strconv.Itoa(n) + " times; the line has " + strconv.Itoa(it.Quantity) + ". Nothing was saved for this order.", nil
			case ticked || n == it.Quantity || itemPicked(it):
				step.Picked = append(step.Picked, it.ID)
			default:
				complete = false
				short = append(short, name+" "+strconv.Itoa(n)+" of "+strconv.Itoa(it.Quantity))
			}
		}
		if complete {
			todo = append(todo, ready{shID, step})
		}
	}
	if len(todo) == 0 {
		if !counted {
			return false, "Nothing was counted for this order.", nil
		}
		return false, "Not every unit is counted: " + strings.Join(short, ", ") + ".", nil
	}
	by := s.Actor(r)
	by.Source = store.SourceTablet
	var said []string
	var refusal string
	_, _, err := s.Desk.Edit(r.Context(), by, o, func(current, work *order.CustomerOrder) error {
		said = said[:0]
		for _, t := range todo {
			sh := work.Shipment(t.id)
			if sh == nil {
				refusal = "A shipment of this order was removed meanwhile; nothing was saved."
				return errAnswered
			}
			done, err := order.TakeFieldStep(sh, t.step, s.Now())
			var misfit *order.StepMisfit
			var fe order.Problems
			switch {
			case errors.As(err, &misfit):
				refusal = misfit.Error() + " Someone may have taken it already; nothing was saved for this order."
				return errAnswered
			case errors.As(err, &fe):
				refusal = strings.Join(slices.Sorted(maps.Values(fe)), " ")
				return errAnswered
			case err != nil:
				return err
			}
			said = append(said, done)
		}
		return nil
	})
	var fe order.Problems
	switch {
	case errors.Is(err, errAnswered):
		return false, refusal, nil
	case errors.Is(err, order.ErrConflict):
		return false, "Someone saved this order at the same moment; open it and take the step again.", nil
	case errors.As(err, &fe):
		return false, strings.Join(slices.Sorted(maps.Values(fe)), " "), nil
	case err != nil:
		return false, "", err
	}
	msg := strings.Join(said, " ")
	if len(short) > 0 {
		msg += " Not counted in full, so not picked: " + strings.Join(short, ", ") + "."
	}
	return true, msg, nil
}

func first(v []string) string {
	if len(v) == 0 {
		return ""
	}
	return v[0]
}
