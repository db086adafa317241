package staff

import (
	"strconv"
	"strings"
	"time"

	"orderdesk/internal/order"
	"orderdesk/templates/orderpage"
)

// shipmentIndex is the position of a shipment in the order, for the store's error keys.
func shipmentIndex(o *order.CustomerOrder, id string) string {
	for i := range o.Shipments {
		if o.Shipments[i].ID == id {
			return strconv.Itoa(i)
		}
	}
	return "?"
}

func liveShipment(o *order.CustomerOrder, id string) bool {
	sh := o.Shipment(id)
	return sh != nil && !sh.IsCancelled
}

// shipmentFieldsForm edits a shipment's own fields, merged field by field like the order's.
func (s *Server) shipmentFieldsForm(o *order.CustomerOrder, id string, showPrices bool) editForm {
	var statuses []orderpage.Option
	if sh := o.Shipment(id); sh != nil {
		var next []string
		for _, st := range s.Store.Rules().Statuses.NextStatuses(order.TypeShipment, sh.Status) {
			if st != order.ShipmentCancelled { // cancelling asks for a reason: its own form
				next = append(next, st)
			}
		}
		statuses = statusChoices(s.Store.Rules().Statuses, order.TypeShipment, next, sh.Status)
	}
	prefix := func(o *order.CustomerOrder) string { return "shipments[" + shipmentIndex(o, id) + "]." }
	return editForm{
		key: "ship:" + id, domID: "edit-ship-" + id, action: "/orders/" + o.ID + "/shipments/" + id + "/edit",
		target: "documents-box", anchor: "doc-" + id, title: "Edit shipment", submit: "Save shipment",
		errPrefix: prefix,
		fields:    withoutPrices(shipmentFields(id, statuses), showPrices),
		exists:    func(o *order.CustomerOrder) bool { return liveShipment(o, id) },
		check: func(o *order.CustomerOrder) error {
			fe := order.Problems{}
			if sh := o.Shipment(id); sh != nil {
				fe.Merge(prefix(o), order.ValidateShipment(o, sh))
			}
			return fe.Err()
		},
	}
}

func (s *Server) shipmentAddressForm(o *order.CustomerOrder, id string) editForm {
	return editForm{
		key: "shipaddr:" + id, domID: "edit-shipaddr-" + id, action: "/orders/" + o.ID + "/shipments/" + id + "/address",
		target: "documents-box", anchor: "doc-" + id, title: "Delivery address", submit: "Save address",
		errPrefix: func(o *order.CustomerOrder) string { return "shipments[" + shipmentIndex(o, id) + "].deliveryAddress." },
		fields:    shipAddressFields(id),
		exists:    func(o *order.CustomerOrder) bool { return liveShipment(o, id) },
	}
}

func shipmentCancelForm(o *order.CustomerOrder, id string) editForm {
	return editForm{
		key: "shipcancel:" + id, domID: "cancel-ship-" + id, action: "/orders/" + o.ID + "/shipments/" + id + "/cancel",
		target: "documents-box", anchor: "doc-" + id, title: "Cancel shipment…", submit: "Cancel the shipment",
		errPrefix: func(o *order.CustomerOrder) string { return "shipments[" + shipmentIndex(o, id) + "]." },
		exists:    func(o *order.CustomerOrder) bool { return liveShipment(o, id) },
	}
}

func shipmentRemoveForm(o *order.CustomerOrder, id string) editForm {
	return editForm{
		key: "shipremove:" + id, domID: "remove-ship-" + id, action: "/orders/" + o.ID + "/shipments/" + id + "/remove",
		target: "documents-box", anchor: "p-docs", title: "Remove shipment…", submit: "Remove the shipment",
		errPrefix: func(*order.CustomerOrder) string { return "" },
		exists:    func(o *order.CustomerOrder) bool { return o.Shipment(id) != nil },
	}
}

// newShipmentForm and shipmentItemsForm name the two shipment forms that are not field forms.
func newShipmentForm(o *order.CustomerOrder) editForm {
	return editForm{key: "shipnew", domID: "new-shipment", action: "/orders/" + o.ID + "/shipments",
		target: "documents-box", anchor: "p-shipping", title: "New shipment", submit: "Create shipment",
		errPrefix: func(o *order.CustomerOrder) string { return "shipments[" + strconv.Itoa(len(o.Shipments)) + "]." },
		exists:    func(*order.CustomerOrder) bool { return true }}
}

func shipmentItemsForm(o *order.CustomerOrder, id string) editForm {
	return editForm{key: "shipitems:" + id, domID: "edit-shipitems-" + id, action: "/orders/" + o.ID + "/shipments/" + id + "/items",
		target: "documents-box", anchor: "doc-" + id, title: "Items and packages", submit: "Save items and packages",
		errPrefix: func(o *order.CustomerOrder) string { return "shipments[" + shipmentIndex(o, id) + "]." },
		exists:    func(o *order.CustomerOrder) bool { return liveShipment(o, id) }}
}

// shipmentFields are a shipment's editable fields.
func shipmentFields(id string, statuses []orderpage.Option) []input {
	p := "shipments[" + id + "]."
	f := func(name, label, kind string, price bool, get func(s *order.Shipment) string, set func(s *order.Shipment, v string)) input {
		return input{name: name, label: label, kind: kind, price: price, path: p + name,
			get: func(o *order.CustomerOrder) (string, bool) {
				if sh := o.Shipment(id); sh != nil {
					return get(sh), true
				}
				return "", false
			},
			set: func(o *order.CustomerOrder, v string) {
				if sh := o.Shipment(id); sh != nil {
					set(sh, v)
				}
			}}
	}
	status := f("status", "Status", "select", false, func(s *order.Shipment) string { return s.Status }, func(s *order.Shipment, v string) { s.Status = v })
	status.options = statuses
	date := f("deliveryDate", "Delivery date", "date", false, func(s *order.Shipment) string {
		if s.DeliveryDate == nil {
			return ""
		}
		return s.DeliveryDate.UTC().Format(dateLayout)
	}, func(s *order.Shipment, v string) {
		if v == "" {
			s.DeliveryDate = nil
			return
		}
		t, _ := time.Parse(dateLayout, v)
		if s.DeliveryDate != nil && s.DeliveryDate.UTC().Format(dateLayout) == v {
			return // same day: keep the time someone recorded
		}
		s.DeliveryDate = &t
	})
	date.parse = func(raw string) (string, error) {
		raw = strings.TrimSpace(raw)
		_, err := parseDay(raw)
		return raw, err
	}
	return []input{
		status,
		f("fulfillmentCenterName", "Ship from", "text", false, func(s *order.Shipment) string { return s.FulfillmentCenterName },
			func(s *order.Shipment, v string) { s.FulfillmentCenterName = v }),
		f("shipmentMethodCode", "Method (carrier)", "text", false, func(s *order.Shipment) string { return s.ShipmentMethodCode },
			func(s *order.Shipment, v string) { s.ShipmentMethodCode = v }),
		f("shipmentMethodOption", "Option", "text", false, func(s *order.Shipment) string { return s.ShipmentMethodOption },
			func(s *order.Shipment, v string) { s.ShipmentMethodOption = v }),
		f("trackingNumber", "Tracking number", "text", false, func(s *order.Shipment) string { return s.TrackingNumber },
			func(s *order.Shipment, v string) { s.TrackingNumber = v }),
		f("trackingUrl", "Tracking URL", "text", false, func(s *order.Shipment) string { return s.TrackingURL },
			func(s *order.Shipment, v string) { s.TrackingURL = v }),
		date,
		f("price", "Shipping price", "money", true, func(s *order.Shipment) string { return decText(s.Price) },
			func(s *order.Shipment, v string) { s.Price = dec(v) }),
		f("fee", "Fee", "money", true, func(s *order.Shipment) string { return decText(s.Fee) },
			func(s *order.Shipment, v string) { s.Fee = dec(v) }),
		f("discountAmount", "Discount", "money", true, func(s *order.Shipment) string { return decText(s.DiscountAmount) },
			func(s *order.Shipment, v string) { s.DiscountAmount = dec(v) }),
		f("taxType", "Tax type", "text", false, func(s *order.Shipment) string { return s.TaxType },
			func(s *order.Shipment, v string) { s.TaxType = v }),
		f("taxPercentRate", "Tax rate %", "percent", true, func(s *order.Shipment) string { return decText(s.TaxPercentRate) },
			func(s *order.Shipment, v string) { s.TaxPercentRate = dec(v) }),
		f("comment", "Comment", "textarea", false, func(s *order.Shipment) string { return s.Comment },
			func(s *order.Shipment, v string) { s.Comment = v }),
	}
}

// shipAddressFields are a shipment's delivery address fields; saving one to a shipment without
// an address gives it one.
func shipAddressFields(id string) []input {
	var out []input
	for _, in := range shipAddressInputs {
		name := in.name
		out = append(out, input{name: name, label: in.label, kind: "text",
			path: "shipments[" + id + "].deliveryAddress." + name,
			get: func(o *order.CustomerOrder) (string, bool) {
				sh := o.Shipment(id)
				if sh == nil {
					return "", false
				}
				if sh.DeliveryAddress == nil {
					return "", true
				}
				return *addrRef(sh.DeliveryAddress, name), true
			},
			set: func(o *order.CustomerOrder, v string) {
				sh := o.Shipment(id)
				if sh == nil {
					return
				}
				if sh.DeliveryAddress == nil {
					sh.DeliveryAddress = &order.Address{ID: order.NewID(), AddressType: order.AddressShipping}
				}
				*addrRef(sh.DeliveryAddress, name) = v
			}})
	}
	return out
}
