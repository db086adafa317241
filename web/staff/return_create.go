package staff

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"orderdesk/internal/desk"
	"orderdesk/internal/order"
)

func (s *Server) returnOptions() (reasons, statuses []string, initial string) {
	rules := s.Store.Rules().Statuses
	return s.Cfg.Returns.Reasons, rules.Statuses(order.TypeReturn), rules.InitialStatus(order.TypeReturn)
}

func (s *Server) newReturn(w http.ResponseWriter, r *http.Request) {
	reasons, statuses, initial := s.returnOptions()
	s.moneyAction(w, r, func(o *order.CustomerOrder) (moneyForm, bool) {
		returns, err := s.Store.Returns(r.Context(), o.ID)
		if err != nil {
			return moneyForm{}, false
		}
		return newReturnForm(o, order.AvailableReturnQuantities(o, returns, ""), reasons, statuses, initial, s.Store.Rules().Statuses), true
	}, func(_, o *order.CustomerOrder, in map[string]string, _ *formState) (desk.Saver, error) {
		ret := order.NewReturn(o, s.Store.Rules().Statuses)
		ret.Resolution = in["resolution"]
		if st := in["status"]; st != "" {
			if err := s.Store.Rules().Statuses.ValidateStatus(order.TypeReturn, st); err != nil {
				return nil, order.Problems{"status": err.Error()}
			}
			ret.Status = st
		}
		var lineOf []string
		counts := lineCounts(o, in, "lines")
		for i := range o.Items {
			li := &o.Items[i]
			if n := counts[li.ID]; n > 0 {
				l := order.NewReturnLine(li, n)
				l.Price = order.RefundUnitPrice(o, li)
				l.Reason = in["lines["+li.ID+"].reason"]
				ret.LineItems = append(ret.LineItems, l)
				lineOf = append(lineOf, li.ID)
			}
		}
		if len(ret.LineItems) == 0 {
			return nil, order.Problems{"": "enter how many units of which lines come back"}
		}
		return s.Desk.NewReturn(&ret, func(err error) error { return returnLineErrors(err, lineOf) }), nil
	})
}

// returnLineErrors turns ValidateReturn's "lineItems[i].…" keys into the form's fields.
func returnLineErrors(err error, lineOf []string) error {
	var fe order.Problems
	if !errors.As(err, &fe) {
		return err
	}
	out := order.Problems{}
	for k, msg := range fe {
		if rest, ok := strings.CutPrefix(k, "lineItems["); ok {
			if i := strings.Index(rest, "]"); i > 0 {
				if n, convErr := strconv.Atoi(rest[:i]); convErr == nil && n < len(lineOf) {
					field := strings.TrimPrefix(rest[i+1:], ".")
					if field == "orderLineItemId" {
						field = "quantity"
					}
					out["lines["+lineOf[n]+"]."+field] = msg
					continue
				}
			}
		}
		if k == "lineItems" || k == "orderId" || k == "number" {
			k = ""
		}
		out.Add(k, msg)
	}
	return out
}
