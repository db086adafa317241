package staff

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"

	"orderdesk/internal/desk"
	"orderdesk/internal/order"
)

// returnOf loads a return of the order; nil when there is none.
func (s *Server) returnOf(ctx context.Context, o *order.CustomerOrder, id string) (*order.Return, error) {
	ret, err := s.Store.Return(ctx, id)
	if errors.Is(err, order.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if ret.OrderID != o.ID {
		return nil, nil
	}
	return ret, nil
}

// returnAction runs a form on one return of the order; act gets the return as stored now.
func (s *Server) returnAction(w http.ResponseWriter, r *http.Request, formFor func(o *order.CustomerOrder, ret *order.Return) (moneyForm, bool),
	act func(o *order.CustomerOrder, ret *order.Return, in map[string]string, st *formState) (desk.Saver, error)) {
	rid := r.PathValue("returnId")
	s.moneyAction(w, r, func(o *order.CustomerOrder) (moneyForm, bool) {
		ret, err := s.returnOf(r.Context(), o, rid)
		if err != nil || ret == nil {
			return moneyForm{}, false
		}
		return formFor(o, ret)
	}, func(_, o *order.CustomerOrder, in map[string]string, st *formState) (desk.Saver, error) {
		ret, err := s.returnOf(r.Context(), o, rid)
		if err != nil {
			return nil, err
		}
		if ret == nil {
			return nil, order.Problems{"": "the return was deleted meanwhile"}
		}
		return act(o, ret, in, st)
	})
}

func (s *Server) editReturn(w http.ResponseWriter, r *http.Request) {
	_, statuses, _ := s.returnOptions()
	rules := s.Store.Rules().Statuses
	s.returnAction(w, r, func(o *order.CustomerOrder, ret *order.Return) (moneyForm, bool) {
		return returnEditForm(o, ret, rules.NextStatuses(order.TypeReturn, ret.Status), rules), ret.Status != order.ReturnCanceled
	}, func(o *order.CustomerOrder, ret *order.Return, in map[string]string, st *formState) (desk.Saver, error) {
		// Merged field by field: what this user left as shown keeps what others saved since;
		// a field both changed is stopped with the other value, and saving again keeps this one.
		conflicts := order.Problems{}
		for name, stored := range map[string]string{"status": ret.Status, "resolution": ret.Resolution} {
			mine, sent := in[name]
			base, shown := r.PostForm["orig."+name]
			if !sent || !shown || base[0] == stored {
				continue
			}
			if mine == base[0] || mine == stored {
				delete(in, name)
				continue
			}
			conflicts[name] = fmt.Sprintf("changed meanwhile to %q; save again to keep yours", stored)
			st.orig[name] = stored
		}
		if len(conflicts) > 0 {
			return nil, conflicts
		}
		if v, ok := in["status"]; ok && v != ret.Status {
			if err := rules.ValidateTransition(order.TypeReturn, ret.Status, v); err != nil || !slices.Contains(statuses, v) {
				return nil, order.Problems{"status": fmt.Sprintf("a return cannot go from %s to %s", ret.Status, v)}
			}
			if v == order.ReturnCanceled && order.ReturnRefunded(o, ret) != nil {
				return nil, order.Problems{"status": "the return was refunded with " + order.ReturnRefunded(o, ret).Number + "; it cannot be cancelled"}
			}
			ret.Status = v
		}
		if v, ok := in["resolution"]; ok {
			ret.Resolution = v
		}
		return s.Desk.ReturnOnly(ret), nil
	})
}
