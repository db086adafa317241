package order

import "time"

// StepsAhead are the field steps a worker may still take on a shipment, in the order they come:
// a device offline queues them one after another (Packed, then Shipped, then Delivered), each
// checked by the server as it arrives.
func StepsAhead(sh *Shipment) []string {
	if sh.IsCancelled {
		return nil
	}
	switch sh.Status {
	case ShipmentNew, ShipmentPickPack:
		return []string{StepPicked, StepPacked, StepShipped, StepDelivered}
	case ShipmentReadyToSend:
		return []string{StepShipped, StepDelivered}
	case ShipmentSent:
		if sh.DeliveryDate == nil {
			return []string{StepDelivered}
		}
	}
	return nil
}

// ForeseeStep puts sh in the state it reaches once the step kind (one of StepsAhead) is taken,
// without what the worker types (ticks, tracking, receiver): what a card shows while the step
// waits on the device. Picked leaves the items' ticks as they are (the device shows its own).
func ForeseeStep(sh *Shipment, kind string, at time.Time) {
	switch kind {
	case StepPicked:
		sh.Status = ShipmentPickPack
	case StepPacked:
		for i := range sh.Items {
			sh.Items[i].Status = ItemPacked
		}
		sh.Status = ShipmentReadyToSend
	case StepShipped, StepDelivered:
		for i := range sh.Items {
			sh.Items[i].Status = ItemPacked
		}
		sh.Status = ShipmentSent
		if kind == StepDelivered {
			at = at.UTC()
			sh.DeliveryDate = &at
		}
	}
}
