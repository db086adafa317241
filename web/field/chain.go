package field

import (
	"net/http"
	"slices"

	"orderdesk/internal/order"
	views "orderdesk/templates/field"
)

// chainedCards are the cards of o's shipments as they will be once each step ahead is taken:
// a device offline shows the next one after queuing a step, so a worker queues Packed, then
// Shipped, then Delivered without the network. Each card is built like the live one, from a
// copy of the order with the step foreseen; its form carries the version the page shows, and
// the server merges the chain step after step when it arrives.
func (s *Server) chainedCards(r *http.Request, o *order.CustomerOrder, d pageData) []views.Chained {
	var out []views.Chained
	for _, kind := range []string{order.StepPicked, order.StepPacked, order.StepShipped, order.StepDelivered} {
		ahead, foreseen := o.Clone(), map[string]bool{}
		for i := range ahead.Shipments {
			if sh := &ahead.Shipments[i]; slices.Contains(order.StepsAhead(sh), kind) {
				order.ForeseeStep(sh, kind, s.Now())
				foreseen[sh.ID] = true
			}
		}
		if len(foreseen) == 0 {
			continue
		}
		v := s.fieldView(r, ahead, fieldAnswer{}, d)
		for _, card := range v.Shipments {
			if foreseen[card.ID] {
				out = append(out, views.Chained{After: kind, Card: card})
			}
		}
	}
	return out
}
