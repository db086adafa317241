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
