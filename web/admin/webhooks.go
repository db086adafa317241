package admin

import (
	"cmp"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/gorilla/csrf"

	"orderdesk/internal/order"
	"orderdesk/internal/store"
	views "orderdesk/templates/admin"
	"orderdesk/templates/layout"
)

func (s *Server) webhooksPage(w http.ResponseWriter, r *http.Request) {
	s.renderWebhooks(w, r, http.StatusOK, views.Webhooks{})
}

func (s *Server) renderWebhooks(w http.ResponseWriter, r *http.Request, status int, v views.Webhooks) {
	subs, err := s.Store.Subscriptions(r.Context())
	if err != nil {
		s.ServerError(w, r, err)
		return
	}
	deliveries, err := s.Store.Deliveries(r.Context(), 100)
	if err != nil {
		s.ServerError(w, r, err)
		return
	}
	v.CSRFToken = csrf.Token(r)
	picked := r.PostForm["event"]
	for _, e := range store.WebhookEvents {
		v.Events = append(v.Events, views.Option{Value: e, Label: e, Checked: slices.Contains(picked, e)})
	}
	stores, err := s.StoresInScope(r)
	if err != nil {
		s.ServerError(w, r, err)
		return
	}
	for _, st := range stores {
		v.Stores = append(v.Stores, views.Option{Value: st.ID, Label: st.Name, Checked: slices.Contains(r.PostForm["store"], st.ID)})
	}
	for _, sub := range subs {
		v.Subscriptions = append(v.Subscriptions, views.SubscriptionRow{
			ID: sub.ID, URL: sub.URL, Events: strings.ReplaceAll(sub.Events, ",", ", "), Secret: sub.Secret, Stores: cmp.Or(strings.ReplaceAll(sub.ScopeStores, ",", ", "), "all"),
			Created: sub.CreatedAt.Format("2 Jan 2006") + " by " + sub.CreatedBy, Active: sub.Active,
		})
	}
	for _, d := range deliveries {
		row := views.DeliveryRow{ID: d.ID, When: d.OccurredAt.Format("2 Jan 15:04:05"), Event: d.Event, URL: d.URL,
			Status: d.Status, Attempts: strconv.Itoa(d.Attempts), Result: d.LastError, Tone: "warn", CanResend: d.Status != "pending"}
		switch d.Status {
		case "delivered":
			row.Tone, row.Result = "ok", "HTTP "+strconv.Itoa(d.LastStatus)
		case "failed":
			row.Tone = "bad"
		}
		v.Deliveries = append(v.Deliveries, row)
	}
	s.Page(w, r, status, "Webhooks", views.WebhooksPage(v))
}

func (s *Server) createSubscription(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.ErrorPage(w, r, http.StatusBadRequest, "Bad form", "The form could not be read.")
		return
	}
	_, err := s.Store.CreateSubscription(r.Context(), s.Actor(r), r.PostForm.Get("url"), r.PostForm["event"], r.PostForm["store"])
	var fe order.Problems
	if errors.As(err, &fe) {
		s.renderWebhooks(w, r, http.StatusUnprocessableEntity, views.Webhooks{URL: r.PostForm.Get("url"), Errors: fe})
		return
	}
	if err != nil {
		s.ServerError(w, r, err)
		return
	}
	s.Flash(w, r, layout.FlashSuccess, "Subscribed. Deliveries are signed with the secret shown below.")
	http.Redirect(w, r, "/admin/webhooks", http.StatusSeeOther)
}

func (s *Server) setSubscriptionActive(w http.ResponseWriter, r *http.Request) {
	err := s.Store.SetSubscriptionActive(r.Context(), s.Actor(r), r.PathValue("id"), r.FormValue("active") == "1")
	s.afterWebhookChange(w, r, err, "Saved.")
}

func (s *Server) resendDelivery(w http.ResponseWriter, r *http.Request) {
	err := s.Store.ResendDelivery(r.Context(), s.Actor(r), r.PathValue("id"))
	s.afterWebhookChange(w, r, err, "The delivery is queued again.")
}

func (s *Server) afterWebhookChange(w http.ResponseWriter, r *http.Request, err error, done string) {
	switch {
	case errors.Is(err, order.ErrNotFound):
		s.NotFound(w, r)
	case err != nil:
		s.ServerError(w, r, err)
	default:
		s.Flash(w, r, layout.FlashSuccess, done)
		http.Redirect(w, r, "/admin/webhooks", http.StatusSeeOther)
	}
}
