package field

import (
	"cmp"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/boombuler/barcode/code128"

	"orderdesk/internal/desk"
	"orderdesk/internal/ids"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
	views "orderdesk/templates/field"
	"orderdesk/templates/layout"
	"orderdesk/web/base"
)

// packInput reads the Packed step's parcel and carrier inputs.
func packInput(r *http.Request) order.PackInput {
	f := r.PostForm
	return order.PackInput{BarCode: f.Get(order.PackBarCode), Weight: f.Get(order.PackWeight), WeightUnit: f.Get(order.PackWeightUnit),
		Length: f.Get(order.PackLength), Width: f.Get(order.PackWidth), Height: f.Get(order.PackHeight),
		MeasureUnit: f.Get(order.PackMeasureUnit), Method: f.Get(order.PackMethod), Option: f.Get(order.PackOption)}
}

// packForm is what the Packed inputs show: as typed after a refusal, else the shipment's
// method and its only package (units default to kg and cm).
func packForm(sh *order.Shipment) views.PackForm {
	f := views.PackForm{WeightUnit: cmp.Or(sh.WeightUnit, "kg"), MeasureUnit: cmp.Or(sh.MeasureUnit, "cm"),
		Method: sh.ShipmentMethodCode, Option: sh.ShipmentMethodOption}
	if len(sh.Packages) == 1 {
		p := sh.Packages[0]
		f.BarCode = p.BarCode
		if p.Weight.Valid {
			f.Weight, f.WeightUnit = p.Weight.Decimal.String(), cmp.Or(p.WeightUnit, f.WeightUnit)
		}
		if p.Length.Valid && p.Width.Valid && p.Height.Valid {
			f.Length, f.Width, f.Height = p.Length.Decimal.String(), p.Width.Decimal.String(), p.Height.Decimal.String()
			f.MeasureUnit = cmp.Or(p.MeasureUnit, f.MeasureUnit)
		}
	}
	return f
}

func typedPack(p order.PackInput) views.PackForm {
	return views.PackForm{BarCode: p.BarCode, Weight: p.Weight, WeightUnit: p.WeightUnit, Length: p.Length, Width: p.Width,
		Height: p.Height, MeasureUnit: p.MeasureUnit, Method: p.Method, Option: p.Option}
}

// shipInfo is what a card shows about the parcel and its papers.
func shipInfo(o *order.CustomerOrder, sh *order.Shipment, requireTracking bool) views.ShipInfo {
	info := views.ShipInfo{Method: order.MethodText(sh), Phone: deliveryPhone(o, sh), Receiver: order.DeliveredTo(sh),
		SlipURL:         "/orders/" + o.ID + "/packing-slip?shipment=" + sh.ID,
		LabelURL:        "/field/orders/" + o.ID + "/shipments/" + sh.ID + "/label",
		Pack:            packForm(sh),
		RequireTracking: requireTracking}
	for _, p := range sh.Packages {
		if t := order.PackageText(p); t != "" {
			info.Packages = append(info.Packages, t)
		}
	}
	if sh.IsDelivered() {
		info.DeliveredAt = base.When(*sh.DeliveryDate)
	}
	return info
}

// deliveryAddress is where the shipment goes: its own delivery address, or the order's
// shipping address.
func deliveryAddress(o *order.CustomerOrder, sh *order.Shipment) *order.Address {
	if sh.DeliveryAddress != nil {
		return sh.DeliveryAddress
	}
	return o.ShippingAddress()
}

// deliveryPhone is the phone to call about the parcel: the delivery address's, else the order's
// shipping or billing address's.
func deliveryPhone(o *order.CustomerOrder, sh *order.Shipment) string {
	for _, a := range []*order.Address{deliveryAddress(o, sh), o.ShippingAddress(), o.BillingAddress()} {
		if a != nil && strings.TrimSpace(a.Phone) != "" {
			return strings.TrimSpace(a.Phone)
		}
	}
	return ""
}

// completeOffer says whether the field page offers to complete the order: every shipment is
// delivered, the status rules allow the move, and the user may change the order's status
// (order:update, as on the desk: the store's permission table asks for it on every save).
func (s *Server) completeOffer(r *http.Request, o *order.CustomerOrder) views.CompleteOffer {
	if o.Status == order.OrderCompleted {
		return views.CompleteOffer{Completed: true}
	}
	if !order.AllDelivered(o) {
		return views.CompleteOffer{}
	}
	if err := order.CanComplete(o, s.Store.Rules().Statuses); err != nil {
		return views.CompleteOffer{Why: "Every shipment is delivered, but the order cannot be completed here: " + reason(err) + "."}
	}
	return views.CompleteOffer{Can: true}
}

// reason is an error's message without a sentinel's "…: " prefix.
func reason(err error) string {
	msg := err.Error()
	for _, s := range []error{order.ErrTransitionNotAllowed, order.ErrInvalidStatus} {
		msg = strings.TrimPrefix(msg, s.Error()+": ")
	}
	return msg
}

// fieldComplete completes an order whose every shipment is delivered, through the desk's use
// case: the status rules' allowed moves, the permission table (order:update, the route's
// access) and the save's audit (source tablet) apply as on the desk. Refused (409) when a
// shipment is not delivered or the rules forbid the move.
func (s *Server) fieldComplete(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.ErrorPage(w, r, http.StatusBadRequest, "Bad form", "The form could not be read.")
		return
	}
	o, ok := s.LoadEditable(w, r)
	if !ok {
		return
	}
	by := s.Actor(r)
	by.Source = store.SourceTablet
	saved, current, err := s.Desk.CompleteDelivered(r.Context(), by, o)
	var refusal *desk.Refusal
	var fe order.Problems
	switch {
	case errors.As(err, &refusal):
		s.renderField(w, r, http.StatusConflict, current, fieldAnswer{problem: refusal.Message})
	case errors.Is(err, order.ErrConflict):
		s.renderField(w, r, http.StatusConflict, current, fieldAnswer{problem: "Someone saved this order at the same moment; check it and complete it again."})
	case errors.As(err, &fe):
		s.renderField(w, r, http.StatusUnprocessableEntity, current, fieldAnswer{problem: "The order cannot be completed: " + fe.Error()})
	case err != nil:
		s.ServerError(w, r, err) // a refusal by the permission table answers 403 there
	default:
		// After a plain form post, the field page again: a reload does not post twice.
		s.Flash(w, r, layout.FlashSuccess, saved.Number+" is completed.")
		http.Redirect(w, r, "/field/orders/"+saved.ID, http.StatusSeeOther)
	}
}

// fieldLabel is a shipment's printable shipping label.
func (s *Server) fieldLabel(w http.ResponseWriter, r *http.Request) {
	if !ids.Valid(r.PathValue("shipment")) {
		s.NotFound(w, r)
		return
	}
	o, ok := s.LoadEditable(w, r)
	if !ok {
		return
	}
	sh := o.Shipment(r.PathValue("shipment"))
	if sh == nil || sh.IsCancelled || sh.Number == "" {
		s.NotFound(w, r)
		return
	}
	code, err := Code128(sh.Number)
	if err != nil {
		s.ErrorPage(w, r, http.StatusUnprocessableEntity, "No bar code", "The shipment number "+sh.Number+" cannot be written as a Code 128 bar code: "+err.Error())
		return
	}
	v := views.Label{OrderID: o.ID, OrderNumber: o.Number, ShipmentNumber: sh.Number, Store: cmp.Or(o.StoreName, o.StoreID),
		Phone: deliveryPhone(o, sh), Method: order.MethodText(sh), Weight: order.ShipmentWeight(sh),
		Packages: max(1, len(sh.Packages)), Tracking: sh.TrackingNumber, Barcode: code, BackURL: "/field/orders/" + o.ID + "#shipment-" + sh.ID}
	if a := deliveryAddress(o, sh); a != nil {
		v.ShipTo = addressLines(*a)
	}
	if len(v.ShipTo) == 0 {
		v.ShipTo = []string{o.CustomerName}
	}
	s.Page(w, r, http.StatusOK, "Label "+sh.Number, views.LabelPage(v))
}

// addressLines is an address as a label prints it: name, organisation, street, town, country.
func addressLines(a order.Address) []string {
	name := strings.TrimSpace(strings.Join(nonEmpty(a.FirstName, a.MiddleName, a.LastName), " "))
	var out []string
	for _, l := range []string{cmp.Or(name, a.Name), a.Organization, a.Line1, a.Line2,
		strings.TrimSpace(a.PostalCode + " " + a.City), a.RegionName, a.CountryName} {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// Quiet zone each side of a Code 128 symbol, in modules (the standard asks for at least 10).
const quietZone = 10

// barHeight is the bars' height in modules: tall enough for a hand scanner's sloppy aim.
const barHeight = 60

// Code128 encodes text as a Code 128 symbol (github.com/boombuler/barcode picks the code sets
// and the check symbol) and lays it out as bars in modules with quiet zones.
func Code128(text string) (views.Barcode, error) {
	bc, err := code128.Encode(text)
	if err != nil {
		return views.Barcode{}, fmt.Errorf("code 128 of %q: %w", text, err)
	}
	n := bc.Bounds().Dx()
	out := views.Barcode{Width: n + 2*quietZone, Height: barHeight, Text: text}
	for x := 0; x < n; {
		if !dark(bc.At(x, 0)) {
			x++
			continue
		}
		start := x
		for x < n && dark(bc.At(x, 0)) {
			x++
		}
		out.Bars = append(out.Bars, views.Bar{X: quietZone + start, W: x - start})
	}
	return out, nil
}

// dark reports whether a bar code pixel is a bar.
func dark(c interface{ RGBA() (r, g, b, a uint32) }) bool {
	r, _, _, _ := c.RGBA()
	return r < 0x8000
}
