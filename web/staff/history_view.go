package staff

import (
	"net/http"
	"time"

	"orderdesk/internal/audit"
	"orderdesk/internal/auth"
	"orderdesk/internal/store"
	"orderdesk/templates/orderpage"
	"orderdesk/web/base"
)

// sentenceLimit is how many changes a history entry lists before "and N more".
const sentenceLimit = 12

// entryOf describes a change set for a timeline. Computed totals (one quantity change moves a
// dozen of them) are left out except the order's total; without showPrices every amount is
// masked. When only is set, the changes it accepts come first (the filtered topic or document).
// People are named by their display name, their e-mail kept for hovering.
func entryOf(cs store.ChangeSet, wording audit.Wording, only func(store.ChangeSet, audit.Change) bool) orderpage.Entry {
	showPrices := !wording.HideMoney
	e := orderpage.Entry{
		When: base.When(cs.OccurredAt), Who: cs.Author(), WhoEmail: cs.ActorEmail, Source: cs.Source, Reason: cs.Reason,
		AsOfURL:    "/orders/" + cs.OrderID + "/versions/" + cs.ID,
		CompareURL: "/orders/" + cs.OrderID + "/compare?to=" + cs.ID,
		Taken:      takenSentence(cs),
	}
	for _, p := range cs.Photos {
		e.Photos = append(e.Photos, base.PhotoURL(p))
	}
	names := cs.Names()
	link := func(c audit.Change) string {
		if _, id := documentOf(cs, c); id != "" {
			return "/orders/" + cs.OrderID + "#doc-" + id
		}
		return "/orders/" + cs.OrderID
	}
	if cs.Version == 1 {
		// A creation: one sentence rather than every field of the new document.
		e.Sentences = []orderpage.Sentence{{Text: createdSentence(cs), URL: link(audit.Change{})}}
		return e
	}
	shown := shownChanges(cs, showPrices, only)
	for i, c := range shown {
		if i == sentenceLimit {
			e.More = len(shown) - sentenceLimit
			break
		}
		e.Sentences = append(e.Sentences, orderpage.Sentence{Text: audit.Sentence(c, names, wording), URL: link(c)})
	}
	// Changes not loaded (the list pages load only the first few of each change set).
	if hidden := cs.ChangeCount - len(cs.Changes); hidden > 0 {
		e.More += hidden
	}
	if len(e.Sentences) == 0 {
		e.Sentences = []orderpage.Sentence{{Text: "Totals recalculated", URL: link(audit.Change{})}}
	}
	return e
}

// takenSentence says when a field step sent late was taken on the device, beside its received
// time (base.TakenSentence).
func takenSentence(cs store.ChangeSet) string {
	var device time.Time
	if cs.TakenAt != nil {
		device = *cs.TakenAt
	}
	return base.TakenSentence(device, cs.TakenNote, cs.OccurredAt)
}

// createdSentence says what a first version created: the order, or a return by its number.
func createdSentence(cs store.ChangeSet) string {
	if cs.Aggregate != store.AggregateReturn {
		if cs.Source == store.SourceDesk {
			return "Order " + cs.OrderNumber + " created at the desk by " + cs.Author()
		}
		return "Order " + cs.OrderNumber + " created"
	}
	what := "Return created"
	for _, c := range cs.Changes {
		if c.Path == "number" && c.New != nil {
			what = "Return " + *c.New + " created"
		}
	}
	return what
}

// shownChanges are the changes of cs an entry describes, in order: those only accepts first,
// the order's total last; bookkeeping and computed totals are left out, and the total too
// without showPrices.
func shownChanges(cs store.ChangeSet, showPrices bool, only func(store.ChangeSet, audit.Change) bool) []audit.Change {
	var first, rest []audit.Change
	for _, c := range cs.Changes {
		if bookkeeping(c) {
			continue
		}
		if audit.TopicOf(c) == audit.TopicTotals && c.Path != "total" {
			continue
		}
		if c.Path == "total" && !showPrices {
			continue
		}
		if only == nil || only(cs, c) {
			first = append(first, c)
		} else {
			rest = append(rest, c)
		}
	}
	shown := append(first, rest...)
	// The order's new total reads as the consequence of the other changes: put it last.
	for i, c := range shown {
		if c.Path == "total" && i < len(shown)-1 {
			shown = append(append(shown[:i:i], shown[i+1:]...), c)
			break
		}
	}
	return shown
}

// documentOf is the document a change of a change set belongs to: the return for a return's
// change sets, else what its path says (audit.DocumentOf), as the store files it.
func documentOf(cs store.ChangeSet, c audit.Change) (docType, docID string) {
	if cs.Aggregate == store.AggregateReturn {
		return audit.DocReturn, cs.DocumentID
	}
	return audit.DocumentOf(c)
}

// bookkeeping reports whether a change only records that something was saved (version,
// modified date and by): the entry itself says who and when, so these are not listed.
func bookkeeping(c audit.Change) bool {
	switch c.Field {
	case "version", "modifiedDate", "modifiedBy":
		return true
	}
	return false
}

// matcher accepts the changes a filter is about (nil when it is about none in particular).
func matcher(f store.HistoryFilter) func(store.ChangeSet, audit.Change) bool {
	if f.Topic == "" && f.DocType == "" {
		return nil
	}
	return func(cs store.ChangeSet, c audit.Change) bool {
		if f.Topic != "" && audit.TopicOf(c) != f.Topic {
			return false
		}
		if f.DocType != "" {
			if d, _ := documentOf(cs, c); d != f.DocType {
				return false
			}
		}
		return true
	}
}

// sentencesOf lists every described change of an entry, for keyword matching.
func sentencesOf(e orderpage.Entry) []string {
	out := []string{e.Reason, e.Who, e.Source}
	for _, s := range e.Sentences {
		out = append(out, s.Text)
	}
	return out
}

// recentEntries are the latest change sets of an order for its page.
func recentEntries(sets []store.ChangeSet, wording audit.Wording) []orderpage.Entry {
	out := make([]orderpage.Entry, 0, len(sets))
	for _, cs := range sets {
		out = append(out, entryOf(cs, wording, nil))
	}
	return out
}

// wording is how sentences read for the signed-in user: status labels, and no money without
// read-prices.
func (s *Server) wording(r *http.Request) audit.Wording {
	return audit.Wording{HideMoney: !base.State(r).User.Can(auth.OrderReadPrices), Statuses: s.Store.Rules().Statuses}
}
