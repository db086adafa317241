package field

// Chained is a shipment card as it will be once the step After is taken: inert in the page
// until the field script shows it after queuing that step on the device.
type Chained struct {
	After string // the step kind: picked, packed, shipped, delivered
	Card  Shipment
}
