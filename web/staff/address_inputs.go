package staff

import "orderdesk/internal/order"

// addressInput is one input of an address and the field it edits.
type addressInput struct {
	name, label string
	ref         func(*order.Address) *string
}

// addressInputs is the one set of an address's inputs, on every form that edits one: the
// order's addresses, a payment's billing address and a shipment's delivery address.
var addressInputs = []addressInput{
	{"firstName", "First name", func(a *order.Address) *string { return &a.FirstName }},
	{"lastName", "Last name", func(a *order.Address) *string { return &a.LastName }},
	{"organization", "Organization", func(a *order.Address) *string { return &a.Organization }},
	{"line1", "Address line 1", func(a *order.Address) *string { return &a.Line1 }},
	{"line2", "Address line 2", func(a *order.Address) *string { return &a.Line2 }},
	{"postalCode", "Postal code", func(a *order.Address) *string { return &a.PostalCode }},
	{"city", "City", func(a *order.Address) *string { return &a.City }},
	{"regionName", "Region", func(a *order.Address) *string { return &a.RegionName }},
	{"countryCode", "Country code", func(a *order.Address) *string { return &a.CountryCode }},
	{"countryName", "Country", func(a *order.Address) *string { return &a.CountryName }},
	{"phone", "Phone", func(a *order.Address) *string { return &a.Phone }},
	{"email", "E-mail", func(a *order.Address) *string { return &a.Email }},
}

// addrRef is the field of a that input name edits.
func addrRef(a *order.Address, name string) *string {
	for _, in := range addressInputs {
		if in.name == name {
			return in.ref(a)
		}
	}
	panic("web: no address input " + name)
}
