package order

import (
	"strconv"
	"strings"
)

// AddressType is Virto's flags enum (§2.7). It is stored as text ("Billing", "BillingAndShipping",
// "Billing, Pickup" …) like .NET's flags ToString.
type AddressType uint8

const (
	AddressUndefined          AddressType = 0
	AddressBilling            AddressType = 1
	AddressShipping           AddressType = 2
	AddressBillingAndShipping AddressType = AddressBilling | AddressShipping
	AddressPickup             AddressType = 4
)

// addressNames is ordered by descending value, as .NET decomposes flags.
var addressNames = []struct {
	t    AddressType
	name string
}{
	{AddressPickup, "Pickup"},
	{AddressBillingAndShipping, "BillingAndShipping"},
	{AddressShipping, "Shipping"},
	{AddressBilling, "Billing"},
}

// Has reports whether all bits of f are set.
func (t AddressType) Has(f AddressType) bool { return f != 0 && t&f == f }

func (t AddressType) String() string {
	if t == AddressUndefined {
		return "Undefined"
	}
	var parts []string
	rest := t
	for _, n := range addressNames {
		if rest&n.t == n.t {
			parts = append([]string{n.name}, parts...)
			rest &^= n.t
		}
	}
	if rest != 0 {
		return strconv.Itoa(int(t))
	}
	return strings.Join(parts, ", ")
}

// ParseAddressType reads a name, a comma-separated list of names or a number, case-insensitively.
// Like Virto, anything unparseable becomes BillingAndShipping.
func ParseAddressType(s string) AddressType {
	s = strings.TrimSpace(s)
	if n, err := strconv.Atoi(s); err == nil && n >= 0 && n <= 7 {
		return AddressType(n)
	}
	var t AddressType
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		found := false
		if strings.EqualFold(part, "Undefined") {
			found = true
		}
		for _, n := range addressNames {
			if strings.EqualFold(part, n.name) {
				t |= n.t
				found = true
			}
		}
		if !found {
			return AddressBillingAndShipping
		}
	}
	return t
}

// MarshalText stores the type as text.
func (t AddressType) MarshalText() ([]byte, error) { return []byte(t.String()), nil }

// UnmarshalText reads the type leniently (see ParseAddressType).
func (t *AddressType) UnmarshalText(b []byte) error {
	*t = ParseAddressType(string(b))
	return nil
}

// Address is a value object owned by exactly one of the order, a shipment (delivery address) or
// a payment (billing address) (§2.7). ID is Virto's Key: the row id, which makes an edited stored
// address the same address for the change log.
type Address struct {
	ID           string      `json:"key,omitempty"`
	OrderID      string      `json:"orderId,omitempty"`
	AddressType  AddressType `json:"addressType"`
	Name         string      `json:"name,omitempty"`
	Organization string      `json:"organization,omitempty"`
	FirstName    string      `json:"firstName,omitempty"`
	MiddleName   string      `json:"middleName,omitempty"`
	LastName     string      `json:"lastName,omitempty"`
	Line1        string      `json:"line1,omitempty"`
	Line2        string      `json:"line2,omitempty"`
	City         string      `json:"city"`
	PostalCode   string      `json:"postalCode,omitempty"`
	RegionID     string      `json:"regionId,omitempty"`
	RegionName   string      `json:"regionName,omitempty"`
	CountryCode  string      `json:"countryCode,omitempty"`
	CountryName  string      `json:"countryName"`
	Phone        string      `json:"phone,omitempty"`
	Email        string      `json:"email,omitempty"`
	OuterID      string      `json:"outerId,omitempty"`
	Description  string      `json:"description,omitempty"`
	IsDefault    bool        `json:"isDefault,omitempty"`
}

// SameValue compares two addresses by every field except ids, which is how Virto de-duplicates
// addresses gathered from a cart.
func (a Address) SameValue(b Address) bool {
	a.ID, a.OrderID, b.ID, b.OrderID = "", "", "", ""
	return a == b
}

// String joins the non-empty address fields with ", ", the rendering the change log uses.
func (a Address) String() string {
	var parts []string
	for _, s := range []string{
		a.Name, a.Organization, a.FirstName, a.MiddleName, a.LastName, a.Line1, a.Line2, a.City,
		a.PostalCode, a.RegionName, a.CountryName, a.CountryCode, a.Phone, a.Email,
	} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, ", ")
}

// ShippingAddress is where the order goes: its first Shipping address, else its first
// BillingAndShipping one; nil when it has neither.
func (o *CustomerOrder) ShippingAddress() *Address {
	return o.firstAddress(AddressShipping, AddressBillingAndShipping)
}

// firstAddress is the order's first address of the first of types it has; nil for none.
func (o *CustomerOrder) firstAddress(types ...AddressType) *Address {
	for _, want := range types {
		for i := range o.Addresses {
			if o.Addresses[i].AddressType == want {
				return &o.Addresses[i]
			}
		}
	}
	return nil
}
