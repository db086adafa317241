package staff

import (
	"net/http"
	"strconv"

	"github.com/shopspring/decimal"

	"orderdesk/internal/audit"
	"orderdesk/internal/auth"
	"orderdesk/internal/ids"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
	"orderdesk/templates/history"
	"orderdesk/templates/orderpage"
	"orderdesk/web/base"
)

// compareSide is one of the versions compared: the order and its returns then, and how the
// page names it.
type compareSide struct {
	o       *order.CustomerOrder
	returns []order.Return
	ver     history.Version
}

// orderCompare shows two versions of an order side by side. from and to are change set ids:
// an empty to is the order as it is now, an empty from the version just before to.
func (s *Server) orderCompare(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	fromID, toID := r.URL.Query().Get("from"), r.URL.Query().Get("to")
	if !ids.Valid(id) || (fromID != "" && !ids.Valid(fromID)) || (toID != "" && !ids.Valid(toID)) {
		s.ErrorPage(w, r, http.StatusNotFound, "No such version",
			"The versions to compare are given by their change sets; pick them from the order's history.")
		return
	}
	ctx := r.Context()
	cur, ok := s.scopedOrder(w, r, id)
	if !ok {
		return
	}
	var b compareSide
	if toID == "" {
		rs, err := s.Store.Returns(ctx, id)
		if err != nil {
			s.ServerError(w, r, err)
			return
		}
		b = compareNow(id, cur, rs)
	} else if b, ok = s.compareVersion(w, r, id, toID); !ok {
		return
	}
	if fromID == "" {
		prev, err := s.Store.History(ctx, store.HistoryFilter{OrderID: id, Before: toID, Limit: 2})
		if err != nil {
			s.ServerError(w, r, err)
			return
		}
		fromID = versionBefore(prev.Sets, toID)
	}
	a := compareSide{ver: history.Version{Label: "Before the order existed"}}
	if fromID != "" {
		if a, ok = s.compareVersion(w, r, id, fromID); !ok {
			return
		}
	}
	fromChoices, toChoices, err := s.versionChoices(r, id, fromID, toID)
	if err != nil {
		s.ServerError(w, r, err)
		return
	}
	v := comparePage(id, cur, a, b, fromID, toID, base.State(r).User.Can(auth.OrderReadPrices), s.Store.Rules().Statuses)
	v.FromChoices, v.ToChoices = fromChoices, toChoices
	s.Page(w, r, http.StatusOK, "Compare versions of "+cur.Number, history.ComparePage(v))
}

// compareVersion loads the order as change set csID left it, answering the request itself
// when it cannot.
func (s *Server) compareVersion(w http.ResponseWriter, r *http.Request, id, csID string) (compareSide, bool) {
	cs, err := s.Store.ChangeSet(r.Context(), id, csID)
	if err != nil {
		s.compareError(w, r, err)
		return compareSide{}, false
	}
	o, rs, err := s.Store.OrderVersion(r.Context(), id, csID)
	if err != nil {
		s.compareError(w, r, err)
		return compareSide{}, false
	}
	return versionSide(id, o, rs, cs), true
}

// versionSide is a past version, named by its number, when and by whom it was made.
func versionSide(id string, o *order.CustomerOrder, rs []order.Return, cs store.ChangeSet) compareSide {
	return compareSide{o, rs, history.Version{Label: "Version " + strconv.Itoa(o.Version), Detail: base.When(cs.OccurredAt) + " · " + cs.Author(),
		URL: "/orders/" + id + "/versions/" + cs.ID}}
}

// compareNow is the order as it is now.
func compareNow(id string, cur *order.CustomerOrder, rs []order.Return) compareSide {
	return compareSide{cur, rs, history.Version{Label: "Now (version " + strconv.Itoa(cur.Version) + ")", URL: "/orders/" + id}}
}

// versionBefore is the change set to compare "to" with when no "from" is given: the newest of
// sets (the newest older than "to"). With "to" being now, the newest change set is now
// itself, so the one before it. Empty when there is none: the order did not exist.
func versionBefore(sets []store.ChangeSet, toID string) string {
	if toID == "" && len(sets) > 0 {
		sets = sets[1:]
	}
	if len(sets) > 0 {
		return sets[0].ID
	}
	return ""
}

// comparePage lays a and b of order id side by side under cur's header, with the link that
// swaps them.
func comparePage(id string, cur *order.CustomerOrder, a, b compareSide, fromID, toID string, showPrices bool, rules order.StatusRules) history.Compare {
	v := compareView(a.o, b.o, a.returns, b.returns, showPrices, rules)
	v.A, v.B = a.ver, b.ver
	v.Order = historyHead(cur, showPrices, rules)
	v.Action = "/orders/" + id + "/compare"
	v.SwapURL = "/orders/" + id + "/compare?from=" + toID + "&to=" + fromID
	if toID == "" {
		v.SwapURL = "/orders/" + id + "/compare?from=&to=" + fromID
	}
	return v
}

// versionChoices lists the order's newest versions (100 change sets) for the two pickers of the
// comparison, "now" first among the "to" choices.
func (s *Server) versionChoices(r *http.Request, id, fromID, toID string) (from, to []history.Option, err error) {
	page, err := s.Store.History(r.Context(), store.HistoryFilter{OrderID: id, Limit: 100, ChangesPerSet: 1})
	if err != nil {
		return nil, nil, err
	}
	to = []history.Option{{Value: "", Label: "Now", Selected: toID == ""}}
	for _, cs := range page.Sets {
		label := "Version " + strconv.Itoa(cs.Version)
		if cs.Aggregate == store.AggregateReturn {
			label = "Return change"
		}
		label += " · " + base.When(cs.OccurredAt) + " · " + cs.Author()
		from = append(from, history.Option{Value: cs.ID, Label: label, Selected: cs.ID == fromID})
		to = append(to, history.Option{Value: cs.ID, Label: label, Selected: cs.ID == toID && toID != ""})
	}
	return from, to, nil
}

func (s *Server) compareError(w http.ResponseWriter, r *http.Request, err error) {
	if base.IsNotFound(err) {
		s.ErrorPage(w, r, http.StatusNotFound, "No such version", "That change set is not part of this order's history.")
		return
	}
	s.ServerError(w, r, err)
}

// compareView lays two versions side by side; a may be nil (before the order existed). Lines
// and documents are matched by id, so a renumbered or reordered document is still itself.
func compareView(a, b *order.CustomerOrder, ra, rb []order.Return, showPrices bool, rules order.StatusRules) history.Compare {
	v := history.Compare{ShowPrices: showPrices}
	before := a
	if a == nil {
		a = &order.CustomerOrder{}
	}
	va, vb := orderView(a, ra, showPrices, rules), orderView(b, rb, showPrices, rules)
	v.Header = compareHeader(a, b, va, vb, before == nil)
	v.Lines = compareLines(va.Lines, vb.Lines, showPrices)
	v.Documents = compareDocuments(flattenDocs(va.Documents), flattenDocs(vb.Documents), showPrices)
	if showPrices {
		v.Totals = compareTotals(a, b)
	}
	v.Sentences = compareSentences(before, b, showPrices, rules)
	return v
}

func compareCell(label, x, y string) history.Cell {
	return history.Cell{Label: label, A: x, B: y, Changed: x != y}
}

// compareHeader is the order's own fields and addresses on both sides; isNew leaves a's blank.
func compareHeader(a, b *order.CustomerOrder, va, vb orderpage.Page, isNew bool) []history.Cell {
	ha, hb := va.Header, vb.Header
	if isNew {
		ha = orderpage.Header{}
	}
	cell := compareCell
	cells := []history.Cell{
		cell("Status", ha.Status, hb.Status), cell("Cancelled", yesNo(ha.Cancelled), yesNo(hb.Cancelled)),
		cell("Approved", yesNo(ha.Approved), yesNo(hb.Approved)), cell("Customer", ha.Customer, hb.Customer),
		cell("Contact", ha.Contact, hb.Contact), cell("Store", ha.Store, hb.Store),
		cell("Organization", ha.Organization, hb.Organization), cell("Assigned to", ha.Assignee, hb.Assignee),
		cell("PO number", ha.PurchaseOrder, hb.PurchaseOrder), cell("Language", ha.Language, hb.Language),
		cell("Comment", a.Comment, b.Comment),
	}
	addrA, addrB := addressesByType(va.Addresses), addressesByType(vb.Addresses)
	for _, t := range unionKeys(orderOf(va.Addresses), orderOf(vb.Addresses)) {
		cells = append(cells, cell(t+" address", addrA[t], addrB[t]))
	}
	return cells
}

// compareLines matches the lines by id: b's in its order, then those only a has.
func compareLines(linesA, linesB []orderpage.Line, showPrices bool) []history.LineCmp {
	byA := map[string]orderpage.Line{}
	for _, l := range linesA {
		byA[l.ID] = l
	}
	byB := map[string]orderpage.Line{}
	var ids []string
	for _, l := range linesB {
		byB[l.ID] = l
		ids = append(ids, l.ID)
	}
	for _, l := range linesA {
		if _, ok := byB[l.ID]; !ok {
			ids = append(ids, l.ID)
		}
	}
	var out []history.LineCmp
	for _, id := range ids {
		la, inA := byA[id]
		lb, inB := byB[id]
		out = append(out, compareLine(la, lb, inA, inB, showPrices))
	}
	return out
}

// compareLine is one line on both sides; inA and inB say where it exists.
func compareLine(la, lb orderpage.Line, inA, inB, showPrices bool) history.LineCmp {
	cell := compareCell
	name, sku := lb.Name, lb.Sku
	if !inB {
		name, sku = la.Name, la.Sku
	}
	qa, qb := "", ""
	if inA {
		qa = strconv.Itoa(la.Quantity)
	}
	if inB {
		qb = strconv.Itoa(lb.Quantity)
	}
	cells := []history.Cell{cell("Quantity", qa, qb), cell("Status", la.Status, lb.Status),
		cell("Cancelled", yesNoIf(inA, la.Cancelled), yesNoIf(inB, lb.Cancelled))}
	if showPrices {
		cells = append(cells, cell("Price", la.Price, lb.Price), cell("Discount", la.Discount, lb.Discount),
			cell("Tax", la.Tax, lb.Tax), cell("Total", la.Total, lb.Total))
	}
	return history.LineCmp{Name: name, Sku: sku, State: state3(inA, inB, cells), Cells: cells}
}

// compareDocuments matches the documents (flattened) by anchor: b's in its order, then those
// only a has.
func compareDocuments(docsA, docsB []orderpage.Document, showPrices bool) []history.DocCmp {
	byA := map[string]orderpage.Document{}
	for _, d := range docsA {
		byA[d.Anchor] = d
	}
	byB := map[string]orderpage.Document{}
	var docOrder []orderpage.Document
	for _, d := range docsB {
		byB[d.Anchor] = d
		docOrder = append(docOrder, d)
	}
	for _, d := range docsA {
		if _, ok := byB[d.Anchor]; !ok {
			docOrder = append(docOrder, d)
		}
	}
	var out []history.DocCmp
	for _, d := range docOrder {
		da, inA := byA[d.Anchor]
		db, inB := byB[d.Anchor]
		cells := []history.Cell{compareCell("Status", da.Status, db.Status),
			compareCell("Cancelled", yesNoIf(inA, da.Cancelled), yesNoIf(inB, db.Cancelled))}
		if showPrices {
			cells = append(cells, compareCell("Amount", da.Amount, db.Amount))
		}
		fa, fb := factMap(da.Facts), factMap(db.Facts)
		for _, label := range unionKeys(factOrder(da.Facts), factOrder(db.Facts)) {
			cells = append(cells, compareCell(label, fa[label], fb[label]))
		}
		out = append(out, history.DocCmp{Kind: d.Kind, Number: d.Number, State: state3(inA, inB, cells), Cells: cells})
	}
	return out
}

// compareTotals is the order's totals on both sides with the difference, in b's currency.
func compareTotals(a, b *order.CustomerOrder) []history.TotalCmp {
	cur := b.CurrencyRule()
	var out []history.TotalCmp
	for _, t := range []struct {
		label string
		get   func(o *order.CustomerOrder) decimal.Decimal
	}{
		{"Subtotal", func(o *order.CustomerOrder) decimal.Decimal { return o.SubTotal }},
		{"Shipping", func(o *order.CustomerOrder) decimal.Decimal { return o.ShippingTotal }},
		{"Payment fees", func(o *order.CustomerOrder) decimal.Decimal { return o.PaymentTotal }},
		{"Discounts", func(o *order.CustomerOrder) decimal.Decimal { return o.DiscountTotal.Neg() }},
		{"Tax", func(o *order.CustomerOrder) decimal.Decimal { return o.TaxTotal }},
		{"Fees", func(o *order.CustomerOrder) decimal.Decimal { return o.FeeTotal }},
		{"Total", func(o *order.CustomerOrder) decimal.Decimal { return o.Total }},
	} {
		x, y := t.get(a), t.get(b)
		delta := y.Sub(x)
		ds := cur.Fixed(delta)
		if delta.IsPositive() {
			ds = "+" + ds
		}
		if delta.IsZero() {
			ds = "—"
		}
		out = append(out, history.TotalCmp{Label: t.label, A: cur.Fixed(x), B: cur.Fixed(y), Delta: ds, Changed: !delta.IsZero()})
	}
	return out
}

// compareSentences says in words what changed from before (nil: the order did not exist) to b,
// without the totals and bookkeeping.
func compareSentences(before, b *order.CustomerOrder, showPrices bool, rules order.StatusRules) []string {
	names := audit.NamesOf(b, before)
	wording := audit.Wording{HideMoney: !showPrices, Statuses: rules}
	var out []string
	for _, c := range audit.Diff(before, b) {
		if audit.TopicOf(c) == audit.TopicTotals || bookkeeping(c) {
			continue
		}
		if before == nil && c.Field != "" && c.Path != "number" {
			continue // a new order: its lines and documents say it; every header field would be noise
		}
		out = append(out, audit.Sentence(c, names, wording))
	}
	return out
}

func flattenDocs(docs []orderpage.Document) []orderpage.Document {
	var out []orderpage.Document
	for _, d := range docs {
		out = append(out, d)
		out = append(out, flattenDocs(d.Children)...)
	}
	return out
}

func factMap(fs []orderpage.Fact) map[string]string {
	m := map[string]string{}
	for _, f := range fs {
		m[f.Label] = f.Value
	}
	return m
}

func factOrder(fs []orderpage.Fact) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Label)
	}
	return out
}

func addressesByType(list []orderpage.Address) map[string]string {
	m := map[string]string{}
	for _, a := range list {
		m[a.Type] = joinLines(a.Lines)
	}
	return m
}

func orderOf(list []orderpage.Address) []string {
	var out []string
	for _, a := range list {
		out = append(out, a.Type)
	}
	return out
}

func joinLines(lines []string) string {
	s := ""
	for i, l := range lines {
		if i > 0 {
			s += ", "
		}
		s += l
	}
	return s
}

// unionKeys is a's keys in order, then b's that a lacks.
func unionKeys(a, b []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, k := range append(append([]string(nil), a...), b...) {
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return out
}

func state3(inA, inB bool, cells []history.Cell) string {
	switch {
	case !inA:
		return "added"
	case !inB:
		return "removed"
	}
	for _, c := range cells {
		if c.Changed {
			return "changed"
		}
	}
	return ""
}

func yesNo(b bool) string {
	if b {
		return "Yes"
	}
	return "No"
}

func yesNoIf(present, b bool) string {
	if !present {
		return ""
	}
	return yesNo(b)
}
