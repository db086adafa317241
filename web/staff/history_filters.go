package staff

import (
	"net/url"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"orderdesk/internal/audit"
	"orderdesk/internal/ids"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
	"orderdesk/templates/history"
)

// historyQuery is the filter state of a history page, read from its URL. The URL is the whole
// state: a filtered page can be bookmarked, shared and reloaded, and the form works without JS.
type historyQuery struct {
	Doc, Person, Topic, Store string
	Period, From, To          string
	Keyword, Reason           string
	HasReason                 bool
	Min                       string
	Before                    string
}

var periods = []history.Option{
	{Value: "", Label: "Any time"}, {Value: "today", Label: "Today"}, {Value: "yesterday", Label: "Yesterday"},
	{Value: "7d", Label: "Last 7 days"}, {Value: "30d", Label: "Last 30 days"}, {Value: "custom", Label: "From – to"},
}

func parseHistoryQuery(v url.Values) historyQuery {
	get := func(k string) string { return strings.TrimSpace(v.Get(k)) }
	return historyQuery{
		Doc: get("doc"), Person: get("person"), Topic: get("topic"), Store: get("store"),
		Period: get("period"), From: get("from"), To: get("to"),
		Keyword: get("q"), Reason: get("reason"), HasReason: get("has_reason") != "",
		Min: get("min"), Before: get("before"),
	}
}

// values turns the state back into a query string (without the cursor unless before is set).
func (q historyQuery) values(before string) url.Values {
	v := url.Values{}
	set := func(k, val string) {
		if val != "" {
			v.Set(k, val)
		}
	}
	set("doc", q.Doc)
	set("person", q.Person)
	set("topic", q.Topic)
	set("store", q.Store)
	set("period", q.Period)
	if q.Period == "custom" || q.Period == "" {
		set("from", q.From)
		set("to", q.To)
	}
	set("q", q.Keyword)
	set("reason", q.Reason)
	if q.HasReason {
		v.Set("has_reason", "1")
	}
	set("min", q.Min)
	set("before", before)
	return v
}

// url is path with the state and an optional cursor.
func (q historyQuery) url(path, before string) string {
	if enc := q.values(before).Encode(); enc != "" {
		return path + "?" + enc
	}
	return path
}

// filter validates the state into a store filter; problems come back per form field.
func (q historyQuery) filter(now time.Time, showMoney bool) (store.HistoryFilter, map[string]string) {
	errs := map[string]string{}
	f := store.HistoryFilter{ActorID: q.Person, StoreID: q.Store, Reason: q.Reason, HasReason: q.HasReason}
	if q.Topic != "" {
		if t, ok := audit.ParseTopic(q.Topic); ok {
			f.Topic = t
		} else {
			errs["topic"] = "unknown field"
		}
	}
	for _, d := range audit.DocumentTypes {
		if d.Type == q.Doc {
			f.DocType = d.Type
		}
	}
	if q.Doc != "" && f.DocType == "" {
		errs["doc"] = "unknown document type"
	}
	day := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	switch q.Period {
	case "today":
		f.From = day
	case "yesterday":
		f.From, f.To = day.AddDate(0, 0, -1), day
	case "7d":
		f.From = day.AddDate(0, 0, -6)
	case "30d":
		f.From = day.AddDate(0, 0, -29)
	case "", "custom":
		for _, d := range []struct {
			key, val string
			into     *time.Time
			plus     int
		}{{"from", q.From, &f.From, 0}, {"to", q.To, &f.To, 1}} {
			if d.val == "" {
				continue
			}
			t, err := time.Parse("2006-01-02", d.val)
			if err != nil {
				errs[d.key] = "use a date like 2026-11-23"
				continue
			}
			*d.into = t.AddDate(0, 0, d.plus) // "to" is inclusive: up to the end of that day
		}
		if !f.From.IsZero() && !f.To.IsZero() && !f.From.Before(f.To) {
			errs["to"] = "must not be before the from date"
		}
	default:
		errs["period"] = "unknown period"
	}
	if q.Min != "" && showMoney {
		d, err := decimal.NewFromString(strings.ReplaceAll(q.Min, ",", ""))
		if err == nil {
			d, err = order.MoneyColumn.Fit(d)
		}
		if err != nil {
			errs["min"] = "enter an amount such as 100 or 99.50, at most " + order.MoneyColumn.Max().StringFixed(0)
		} else {
			f.MinAmount = decimal.NewNullDecimal(d)
		}
	}
	if ids.Valid(q.Before) {
		f.Before = q.Before
	}
	return f, errs
}

// options builds a select's choices with an "any" first and the current value selected.
func options(anyLabel, current string, pairs ...[2]string) []history.Option {
	out := []history.Option{{Value: "", Label: anyLabel, Selected: current == ""}}
	for _, p := range pairs {
		out = append(out, history.Option{Value: p[0], Label: p[1], Selected: p[0] == current})
	}
	return out
}

func (q historyQuery) form(action string, people []store.Person, stores []store.StoreInfo, showMoney bool, errs map[string]string) history.Filters {
	var docs, topics, persons, storeOpts [][2]string
	for _, d := range audit.DocumentTypes {
		docs = append(docs, [2]string{d.Type, d.Label})
	}
	for _, t := range audit.Topics {
		if t.Topic == audit.TopicTotals && !showMoney {
			continue
		}
		topics = append(topics, [2]string{string(t.Topic), t.Label})
	}
	for _, p := range people {
		label := p.Name
		if p.Email != "" && p.Email != p.Name {
			label += " (" + p.Email + ")"
		}
		persons = append(persons, [2]string{p.ID, label})
	}
	for _, st := range stores {
		storeOpts = append(storeOpts, [2]string{st.ID, st.Name})
	}
	period := make([]history.Option, len(periods))
	copy(period, periods)
	for i := range period {
		period[i].Selected = period[i].Value == q.Period
	}
	return history.Filters{
		Action: action,
		Doc:    options("All documents", q.Doc, docs...), Topic: options("Any field", q.Topic, topics...),
		Person: options("Anyone", q.Person, persons...), Store: options("All stores", q.Store, storeOpts...),
		Period: period, From: q.From, To: q.To, Keyword: q.Keyword, Reason: q.Reason,
		HasReason: q.HasReason, MinAmount: q.Min, ShowMoney: showMoney, Errors: errs,
	}
}
