// Package admin holds the administrators' screens.
package admin

// Users is the list of accounts with the form that adds one.
type Users struct {
	Rows      []UserRow
	New       UserForm
	CSRFToken string
}

// UserRow is one account in the list.
type UserRow struct {
	ID, Name, Email, Role, Scope, LastLogin string
	Disabled                                bool
}

// UserForm is the form that adds or edits an account; Errors are per field.
type UserForm struct {
	ID           string
	Email, Name  string
	Role         string
	Roles        []Option
	Stores       []Option
	AssignedOnly bool
	Expires      string // an API key's last day, as typed
	Errors       map[string]string
}

// Option is a choice in a form.
type Option struct {
	Value, Label string
	Checked      bool
}

// User is one account's page: edit, disable, reset the password, and its audit log.
type User struct {
	Form      UserForm
	Disabled  bool
	LastLogin string
	Created   string
	Events    []Event
	CSRFToken string
}

// Event is one entry of the account's audit log.
type Event struct {
	When, Who, What, Detail string
}

// Roles is the permission matrix of every role, with the form that makes or changes one.
type Roles struct {
	Permissions []string // column heads
	Rows        []RoleRow
	Form        RoleForm
	CSRFToken   string
}

// RoleRow is one role and, per permission, whether it grants it.
type RoleRow struct {
	Code, Name string
	Builtin    bool
	Grants     []bool
	EditURL    string
}

// RoleForm makes or changes a role.
type RoleForm struct {
	Code, Name  string
	Editing     bool
	Permissions []Option
	Errors      map[string]string
}

// APIKeys lists the keys and makes new ones; NewKey is shown once, right after making it.
type APIKeys struct {
	Rows      []APIKeyRow
	Form      UserForm // name (in Name), role and scopes
	NewKey    string
	NewName   string
	CSRFToken string
}

// APIKeyRow is one key.
type APIKeyRow struct {
	ID, Name, Prefix, Role, Scope, Created, LastUsed, Expires string
	Revoked                                                   bool
	Stopped                                                   string // why a key that is not revoked does not work ("Expired", "Maker disabled")
}

// Webhooks lists subscriptions and the latest deliveries.
type Webhooks struct {
	Subscriptions []SubscriptionRow
	Deliveries    []DeliveryRow
	URL           string
	Events        []Option
	Stores        []Option // the maker's stores; ticking some narrows the subscription to them
	Errors        map[string]string
	CSRFToken     string
}

// SubscriptionRow is one subscription; the secret signs its deliveries.
type SubscriptionRow struct {
	ID, URL, Events, Secret, Created string
	Stores                           string // the stores whose events it gets, or "all"
	Active                           bool
}

// DeliveryRow is one delivery in the log.
type DeliveryRow struct {
	ID, When, Event, URL, Status, Attempts, Result string
	Tone                                           string
	CanResend                                      bool
}

// Catalog is the import page; Result is shown after an import.
type Catalog struct {
	Products, PriceLists int
	Kind                 string
	Result               *ImportResult
	Problem              string
	CSRFToken            string
}

// ImportResult is how an import went, with each refused row.
type ImportResult struct {
	Kind     string
	Imported int
	Errors   []RowError
}

// RowError is one refused row.
type RowError struct {
	Line    int
	Message string
}

// Index is the admin start page: the sections this user may open.
type Index struct {
	Sections []Section
}

// Section is one admin area.
type Section struct {
	Title, URL, What string
}

// AvaTax is the per-store AvaTax settings page.
type AvaTax struct {
	Stores    []AvaTaxStore
	CSRFToken string
}

// AvaTaxStore is one store's form.
type AvaTaxStore struct {
	StoreID, StoreName                                       string
	Enabled                                                  bool
	ServiceURL, AccountNumber, CompanyCode, CommitStatus     string
	HasLicense                                               bool
	FromLine1, FromCity, FromRegion, FromPostal, FromCountry string
	Statuses                                                 []Option
	Errors                                                   map[string]string
	Note                                                     string
}

// Currencies is the list of the desk's currencies with the form that adds one.
type Currencies struct {
	Rows      []CurrencyRow
	New       CurrencyForm
	CSRFToken string
}

// CurrencyRow is one currency in the list.
type CurrencyRow struct {
	Code, Name, Symbol, Digits, Midpoint, Rounding, Example string
}

// CurrencyForm adds a currency (Code typed) or edits one (Code fixed); Errors are per field,
// values as typed.
type CurrencyForm struct {
	Edit                                           bool
	Code, Name, Symbol, Digits, Midpoint, Rounding string
	Midpoints, Roundings                           []Option
	Errors                                         map[string]string
	CSRFToken                                      string
}

// Stores is the store list with field mode's per-store setting.
type Stores struct {
	Rows      []StoreRow
	CSRFToken string
}

// StoreRow is one store.
type StoreRow struct {
	ID, Name, Currency string
	RequireTracking    bool
}
