package field

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // image.DecodeConfig reads the photo types' sizes
	_ "image/png"
	"io"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/gorilla/csrf"
	_ "golang.org/x/image/webp"

	"orderdesk/internal/auth"
	"orderdesk/internal/ids"
	"orderdesk/internal/merge"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
	"orderdesk/static"
	views "orderdesk/templates/field"
	"orderdesk/web/base"
)

// Routes: field mode, touch-first flow for picking, packing, shipping and delivering, and the
// delivery photos it stores.
func (s *Server) Routes() []base.Route {
	return []base.Route{
		{Pattern: "GET /field", Access: auth.OrderUpdateShipments, Handler: s.fieldFind},
		{Pattern: "GET /field/orders/{id}", Access: auth.OrderUpdateShipments, Handler: s.fieldOrder},
		{Pattern: "GET /field/batch", Access: auth.OrderUpdateShipments, Handler: s.fieldBatch},
		{Pattern: "POST /field/batch", Access: auth.OrderUpdateShipments, Handler: s.fieldBatchPicked},
		{Pattern: "POST /field/orders/{id}/shipments/{shipment}", Access: auth.OrderUpdateShipments, Handler: s.fieldStep},
		{Pattern: "GET /field/orders/{id}/shipments/{shipment}/label", Access: auth.OrderUpdateShipments, Handler: s.fieldLabel},
		// Completing an order whose every shipment is delivered is the field staff's last step
		// (policy.Limits lets order:update_shipments make that one status change).
		{Pattern: "POST /field/orders/{id}/complete", Access: auth.OrderUpdateShipments, Handler: s.fieldComplete},
		{Pattern: "GET /orders/{id}/photos/{photo}", Access: auth.OrderRead, Handler: s.orderPhoto},
		// The service worker holds no data of its own; it keeps the field pages the browser
		// already fetched with its session.
		{Pattern: "GET /field/sw.js", Access: auth.Public, Handler: fieldServiceWorker, Bare: true},
	}
}

// fieldServiceWorker serves the field pages' service worker under a fixed name, allowed to
// control /field and the pages under it, and always revalidated so a release reaches devices.
func fieldServiceWorker(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", "text/javascript; charset=utf-8")
	h.Set("Cache-Control", "no-cache")
	h.Set("Service-Worker-Allowed", "/field")
	_, _ = w.Write(static.Body("js/field-sw.js"))
}

func (s *Server) fieldOrder(w http.ResponseWriter, r *http.Request) {
	o, ok := s.LoadEditable(w, r)
	if !ok {
		return
	}
	s.renderField(w, r, http.StatusOK, o, fieldAnswer{})
}

// fieldAnswer is what the field page says after a step: what it did, or why it was refused,
// on which shipment card, with what was typed kept.
type fieldAnswer struct {
	done, problem string
	shipmentID    string
	errors        map[string]string
	typed         views.Typed
	pack          *views.PackForm // the Packed inputs as typed (nil: as stored)
}

func (s *Server) renderField(w http.ResponseWriter, r *http.Request, status int, o *order.CustomerOrder, a fieldAnswer) {
	d, err := s.loadPageData(r, o)
	if err != nil {
		s.ServerError(w, r, err)
		return
	}
	v := s.fieldView(r, o, a, d)
	v.Chain = s.chainedCards(r, o, d)
	s.Page(w, r, status, o.Number+" · Field", views.OrderPage(v))
}

// pageData is what a field page reads besides the order: its delivery photos, its store's
// tracking rule and its products' codes — read once for the page and the cards of the steps
// ahead.
type pageData struct {
	photos          []store.PhotoRef
	requireTracking bool
	codes           store.ProductCodes
}

func (s *Server) loadPageData(r *http.Request, o *order.CustomerOrder) (pageData, error) {
	var d pageData
	var err error
	if d.photos, err = s.Store.OrderPhotos(r.Context(), o.ID); err != nil {
		return d, err
	}
	if d.requireTracking, err = s.Store.StoreRequiresTracking(r.Context(), o.StoreID); err != nil {
		return d, err
	}
	d.codes, err = s.pickCodes(r.Context(), o)
	return d, err
}

// fieldView is the field page of order o with answer a.
func (s *Server) fieldView(r *http.Request, o *order.CustomerOrder, a fieldAnswer, d pageData) views.Order {
	photos, requireTracking, codes := d.photos, d.requireTracking, d.codes
	v := views.Order{UserID: base.State(r).User.ID, ID: o.ID, Number: o.Number, Customer: o.CustomerName, Version: o.Version, CSRFToken: csrf.Token(r),
		Done: a.done, MaxPhotoBytes: s.Cfg.Orders.MaxPhotoBytes, Complete: s.completeOffer(r, o)}
	if base.State(r).User.Can(auth.OrderRead) {
		v.DeskURL = "/orders/" + o.ID
	}
	if a.shipmentID == "" {
		v.Problem = a.problem
	}
	if addr := o.ShippingAddress(); addr != nil {
		v.Address = strings.Join(nonEmpty(addr.Line1, addr.City, addr.PostalCode, addr.CountryName), ", ")
	}
	for _, sh := range o.Shipments {
		if sh.IsCancelled {
			continue
		}
		card := views.Shipment{ID: sh.ID, Number: sh.Number, Status: order.StatusLabel(s.Store.Rules().Statuses, &sh), Tracking: sh.TrackingNumber,
			Ship: shipInfo(o, &sh, requireTracking)}
		switch sh.Status {
		case order.ShipmentNew, order.ShipmentPickPack:
			card.CanPick = true
			card.CanPack = sh.Status == order.ShipmentPickPack
		case order.ShipmentReadyToSend:
			card.CanShip = true
		case order.ShipmentSent:
			card.Delivered = sh.DeliveryDate != nil
			card.CanDeliver = !card.Delivered
		}
		if sh.ID == a.shipmentID {
			card.Typed, card.Errors, card.Problem = a.typed, a.errors, a.problem
			if a.pack != nil {
				card.Ship.Pack = *a.pack
			}
			if msg := a.errors[order.ShipNoTracking]; msg != "" {
				card.Ship.AskNoTracking, card.Ship.AskNoTrackingMsg = true, msg
			}
		}
		for _, it := range sh.Items {
			li := o.LineItem(it.LineItemID)
			name, sku, code := "", "", store.ProductCode{}
			if li != nil {
				name, sku, code = li.Name, li.Sku, codes.Of(li.ProductID, li.Sku)
			}
			card.Items = append(card.Items, views.Item{ID: it.ID, Name: name, SKU: sku, Quantity: it.Quantity,
				Picked: it.Status == order.ItemPicked || it.Status == order.ItemPacked, Barcode: code.Barcode, Location: code.Location})
		}
		for _, p := range photos {
			if p.ShipmentID == sh.ID {
				card.Photos = append(card.Photos, views.Photo{URL: base.PhotoURL(p)})
			}
		}
		v.Shipments = append(v.Shipments, card)
	}
	return v
}

// fieldStep takes one step on a shipment: picked, packed, shipped or delivered (with an
// optional photo). The form carries the order version it was shown at, so a step queued on a
// device while offline arrives "late": it is checked against the shipment as it is now and
// merged with whatever else changed meanwhile; when it no longer fits (someone took it), or it
// would overwrite a tracking number someone else set since, it is explained with a 409 and who
// changed what. Each step is an audited change with source "tablet".
func (s *Server) fieldStep(w http.ResponseWriter, r *http.Request) {
	// Multipart parts beyond 1 MB go to temporary files for the length of the request.
	if err := r.ParseMultipartForm(1 << 20); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			s.ErrorPage(w, r, http.StatusRequestEntityTooLarge, "Too much data", "The step was larger than this server accepts; nothing was saved.")
			return
		}
		s.ErrorPage(w, r, http.StatusBadRequest, "Bad form", "The form could not be read.")
		return
	}
	if r.MultipartForm != nil {
		defer func() { _ = r.MultipartForm.RemoveAll() }()
	}
	o, ok := s.LoadEditable(w, r)
	if !ok {
		return
	}
	in := stepInput{shipmentID: r.PathValue("shipment"), baseTracking: strings.TrimSpace(r.PostForm.Get("base_tracking")),
		step: order.FieldStep{Kind: r.PostForm.Get("step"), Picked: r.PostForm["picked"],
			Tracking: strings.TrimSpace(r.PostForm.Get("tracking")), Receiver: r.PostForm.Get("receiver"), Note: r.PostForm.Get("note"),
			Pack: packInput(r), NoTracking: r.PostForm.Get(order.ShipNoTracking) == "confirmed"}}
	if sh := o.Shipment(in.shipmentID); sh == nil || sh.IsCancelled {
		s.NotFound(w, r)
		return
	}
	in.based, _ = strconv.Atoi(r.PostForm.Get("version"))
	in.takenAt = r.PostForm.Get("taken_at")
	typed := views.Typed{Tracking: in.step.Tracking, Receiver: in.step.Receiver, Note: in.step.Note, Set: true}
	pack := typedPack(in.step.Pack)
	var err error
	if in.step.RequireTracking, err = s.Store.StoreRequiresTracking(r.Context(), o.StoreID); err != nil {
		s.ServerError(w, r, err)
		return
	}
	if in.step.Kind == order.StepPicked {
		if msg := readPick(r.PostForm, o, in.shipmentID, &in.step); msg != "" {
			s.renderField(w, r, http.StatusUnprocessableEntity, o, fieldAnswer{shipmentID: in.shipmentID, typed: typed, errors: map[string]string{"picked": msg}})
			return
		}
	}
	var photoErr string
	in.photo, photoErr = s.readPhoto(r)
	if photoErr == "" && in.photo != nil && in.step.Kind != order.StepDelivered {
		photoErr = "A photo goes with the Delivered step."
	}
	if photoErr != "" {
		s.renderField(w, r, http.StatusUnprocessableEntity, o, fieldAnswer{shipmentID: in.shipmentID, typed: typed, errors: map[string]string{"photo": photoErr}})
		return
	}
	status, shown, answer, err := s.takeStep(r, o, in)
	if err != nil {
		s.ServerError(w, r, err)
		return
	}
	if status != http.StatusOK {
		answer.shipmentID, answer.typed = in.shipmentID, typed
		if in.step.Kind == order.StepPacked {
			answer.pack = &pack
		}
	}
	s.renderField(w, r, status, shown, answer)
}

// stepInput is one field step as the form sent it.
type stepInput struct {
	shipmentID   string
	step         order.FieldStep
	based        int    // the order version the step was taken on (0: not said)
	baseTracking string // the tracking number the form showed then
	takenAt      string // when the device says the step was taken (ISO 8601 with offset; "": not said)
	photo        *store.Photo
}

func (in stepInput) stale(o *order.CustomerOrder) bool { return in.based > 0 && in.based < o.Version }

// takeStep applies a step to the order as stored now and saves it, taking it again on a save
// race. It answers the status, the order to show and what to say: the saved order on success,
// the stored one with the reason on a refusal.
func (s *Server) takeStep(r *http.Request, o *order.CustomerOrder, in stepInput) (int, *order.CustomerOrder, fieldAnswer, error) {
	ctx := r.Context()
	by := s.Actor(r)
	by.Source = store.SourceTablet
	// A step queued on a device while offline arrives late: record when it was taken there,
	// within bounds; the delivery date is that time too.
	taken := order.TakenAt(in.takenAt, s.Now(), o.CreatedDate)
	by.TakenAt, by.TakenNote = taken.Device, taken.Problem
	in.step.Photo = in.photo != nil
	if in.photo != nil {
		in.photo.ShipmentID = in.shipmentID
	}
	// A refusal inside the change is answered as it is: status and answer say it.
	status, answer := 0, fieldAnswer{}
	var done string
	saved, o, err := s.Desk.EditWithPhoto(ctx, by, o, func(current, work *order.CustomerOrder) error {
		sh := work.Shipment(in.shipmentID)
		if sh == nil {
			// Removed by someone between the page and now (or between two save attempts).
			status, answer = http.StatusConflict, fieldAnswer{problem: "This shipment was removed from the order meanwhile; nothing was saved."}
			return errAnswered
		}
		step := in.step
		if in.stale(current) && step.Kind == order.StepShipped && order.StepFits(step.Kind, sh) {
			// Three-way merge of the tracking number, as the order page merges its fields.
			res := merge.Decide([]merge.Field{{Name: "tracking", Base: in.baseTracking, Mine: step.Tracking, Theirs: sh.TrackingNumber}}, merge.Ask)
			if len(res.Conflicts) > 0 {
				status, answer = http.StatusConflict, fieldAnswer{problem: "The tracking number of " + sh.Number + " was set to " +
					cmp.Or(sh.TrackingNumber, "nothing") + s.changedBy(ctx, current.ID, in.shipmentID, in.based) + "; yours is " +
					cmp.Or(step.Tracking, "empty") + ". Take the step again to use yours."}
				return errAnswered
			}
			if len(res.Apply) == 0 {
				step.Tracking = sh.TrackingNumber // only they changed it: keep theirs
			}
		}
		var misfit *order.StepMisfit
		var fe order.Problems
		var err error
		done, err = order.TakeFieldStep(sh, step, taken.At)
		switch {
		case errors.As(err, &misfit):
			misfit.Status = order.StatusLabel(s.Store.Rules().Statuses, sh)
			msg := misfit.Error() + " Someone may have taken it already."
			if in.stale(current) {
				msg = misfit.Error() + " It was changed since this step was taken" + s.changedBy(ctx, current.ID, in.shipmentID, in.based) + "."
			}
			status, answer = http.StatusConflict, fieldAnswer{problem: msg}
			return errAnswered
		case errors.As(err, &fe):
			status, answer = http.StatusUnprocessableEntity, fieldAnswer{errors: fe}
			return errAnswered
		}
		return err
	}, in.photo)
	var fe order.Problems
	switch {
	case errors.Is(err, errAnswered):
		return status, o, answer, nil
	case errors.Is(err, order.ErrConflict):
		return http.StatusConflict, o, fieldAnswer{problem: "Someone saved this order at the same moment; check the shipment and take the step again."}, nil
	case errors.As(err, &fe):
		// The order's own rules (statuses, transitions) speak of fields the card does not
		// show: say them on the card.
		msgs := slices.Sorted(maps.Values(fe))
		return http.StatusUnprocessableEntity, o, fieldAnswer{problem: strings.Join(msgs, " ")}, nil
	case err != nil:
		return 0, nil, fieldAnswer{}, err
	}
	if in.stale(o) {
		done += " Merged with the changes saved since this step was taken."
	}
	if t := base.TakenSentence(taken.Device, taken.Problem, s.Now()); t != "" {
		done += " " + t + "."
	}
	return http.StatusOK, saved, fieldAnswer{done: done}, nil
}

// errAnswered stops a field step whose answer is already decided.
var errAnswered = errors.New("answered")

// changedBy names who last changed the shipment after version since and when, as
// " by Ana on 1 Dec 2026 16:40"; "" when it cannot tell.
func (s *Server) changedBy(ctx context.Context, orderID, shipmentID string, since int) string {
	sets, err := s.NewerSets(ctx, orderID, since)
	if err != nil {
		return ""
	}
	for i := len(sets) - 1; i >= 0; i-- {
		if base.Touches(sets[i], "shipments["+shipmentID+"]") {
			return " by " + sets[i].Author() + " (" + sets[i].Source + ") on " + base.When(sets[i].OccurredAt)
		}
	}
	return ""
}

// photoTypes are the pictures a delivery photo may be, by what its bytes say it is.
var photoTypes = map[string]bool{"image/jpeg": true, "image/png": true, "image/webp": true}

// readPhoto reads the optional "photo" upload: nil when there is none; a message for the field
// when it is too large or not a JPEG, PNG or WebP picture (judged by its content, not by its
// name or the type the browser claims).
func (s *Server) readPhoto(r *http.Request) (*store.Photo, string) {
	if r.MultipartForm == nil || len(r.MultipartForm.File["photo"]) == 0 {
		return nil, ""
	}
	fh := r.MultipartForm.File["photo"][0]
	if fh.Size == 0 && fh.Filename == "" {
		return nil, "" // the file input left empty
	}
	limit := s.Cfg.Orders.MaxPhotoBytes
	tooBig := "The photo is larger than " + strconv.FormatInt(limit>>20, 10) + " MB; take it again at a lower resolution."
	if fh.Size > limit {
		return nil, tooBig
	}
	f, err := fh.Open()
	if err != nil {
		return nil, "The photo could not be read; take it again."
	}
	defer func() { _ = f.Close() }()
	body, err := io.ReadAll(io.LimitReader(f, limit+1))
	switch {
	case err != nil:
		return nil, "The photo could not be read; take it again."
	case int64(len(body)) > limit:
		return nil, tooBig
	case len(body) == 0:
		return nil, "The photo is empty; take it again."
	}
	ct, msg := sniffPhoto(body)
	if msg != "" {
		return nil, msg
	}
	return &store.Photo{ContentType: ct, Body: body}, ""
}

// sniffPhoto judges an uploaded photo by its bytes: its content type, or a message for the
// field when it is not a JPEG, PNG or WebP picture of a size a camera takes.
func sniffPhoto(body []byte) (contentType, problem string) {
	ct := http.DetectContentType(body)
	if !photoTypes[ct] {
		return "", "This file is not a JPEG, PNG or WebP photo; nothing was saved."
	}
	// The decoded size matters too: a small file can claim billions of pixels.
	cfg, _, err := image.DecodeConfig(bytes.NewReader(body))
	switch {
	case err != nil:
		return "", "This photo could not be read as a picture; take it again. Nothing was saved."
	case cfg.Width <= 0 || cfg.Height <= 0:
		return "", "This photo has no pixels; take it again. Nothing was saved."
	case cfg.Width > maxPhotoSide || cfg.Height > maxPhotoSide || cfg.Width*cfg.Height > maxPhotoPixels:
		return "", fmt.Sprintf("The photo is %d × %d pixels; at most %d on a side and %d megapixels are accepted. Nothing was saved.",
			cfg.Width, cfg.Height, maxPhotoSide, maxPhotoPixels/1_000_000)
	}
	return ct, ""
}

// The largest delivery photo, in pixels: more than any tablet or phone camera takes.
const (
	maxPhotoSide   = 12000
	maxPhotoPixels = 64_000_000
)

// orderPhoto serves a photo of an order the user may see, as the picture it is and nothing
// else: its sniffed type, no sniffing by the browser, a policy that runs nothing.
func (s *Server) orderPhoto(w http.ResponseWriter, r *http.Request) {
	id, photoID := r.PathValue("id"), r.PathValue("photo")
	if !ids.Valid(id) || !ids.Valid(photoID) {
		s.NotFound(w, r)
		return
	}
	// Only whether the order is within the user's scopes matters here, not the order itself.
	inScope, err := s.Store.OrderIDsInScope(r.Context(), []string{id}, base.ViewerOf(base.State(r).User).Scope)
	if err != nil {
		s.ServerError(w, r, err)
		return
	}
	if len(inScope) == 0 {
		s.NotFound(w, r)
		return
	}
	p, err := s.Store.OrderPhoto(r.Context(), id, photoID)
	if base.IsNotFound(err) {
		s.NotFound(w, r)
		return
	}
	if err != nil {
		s.ServerError(w, r, err)
		return
	}
	base.ServeStoredFile(w, r, p.ContentType, p.SHA256, `inline; filename="delivery-`+p.ID+photoExtension(p.ContentType)+`"`, p.Body)
}

func photoExtension(contentType string) string {
	switch contentType {
	case "image/png":
		return ".png"
	case "image/webp":
		return ".webp"
	}
	return ".jpg"
}

func nonEmpty(parts ...string) []string {
	var out []string
	for _, p := range parts {
		if strings.TrimSpace(p) != "" {
			out = append(out, p)
		}
	}
	return out
}
