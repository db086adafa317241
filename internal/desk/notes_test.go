package desk_test

import (
	"strings"
	"testing"
	"time"

	"orderdesk/internal/auth"
	"orderdesk/internal/desk"
	"orderdesk/internal/store"
)

func TestMentionedUserByEmailOrName(t *testing.T) {
	gone := time.Now()
	users := []auth.User{
		{ID: "1", Email: "ann.lee@example.com", Name: "Ann Lee"},
		{ID: "2", Email: "bob@example.com", Name: "Robert Stone"},
		{ID: "3", Email: "bob@other.example", Name: "Bob Other"},
		{ID: "4", Email: "old@example.com", Name: "Old Timer", DisabledAt: &gone},
	}
	for _, tc := range []struct{ name, id, msg string }{
		{"ann.lee", "1", ""}, {"ANNLEE", "1", ""}, {"robertstone", "2", ""},
		{"bob", "", "could be bob@example.com or bob@other.example"},
		{"old", "", "Nobody here is called @old"},
		{"zed", "", "Nobody here is called @zed"},
	} {
		u, msg := desk.MentionedUser(tc.name, users)
		if u.ID != tc.id || (tc.msg == "") != (msg == "") || !strings.Contains(msg, tc.msg) {
			t.Errorf("@%s → %q %q, want %q %q", tc.name, u.ID, msg, tc.id, tc.msg)
		}
	}
}

func TestOnlyTheAuthorOrAnOrderDeleterChangesANote(t *testing.T) {
	author := "01AUTHORAUTHORAUTHORAUTHOR"
	n := store.Note{AuthorID: &author}
	for _, tc := range []struct {
		u    auth.User
		want bool
	}{
		{auth.User{ID: author, RoleCode: auth.RoleClerk}, true},
		{auth.User{ID: "01OTHEROTHEROTHEROTHEROTHE", RoleCode: auth.RoleClerk}, false},
		{auth.User{ID: "01OTHEROTHEROTHEROTHEROTHE", RoleCode: auth.RoleManager}, true},
		{auth.User{RoleCode: auth.RoleClerk}, false},
	} {
		if got := desk.MayChangeNote(&tc.u, n); got != tc.want {
			t.Errorf("%s %q may change: %v, want %v", tc.u.RoleCode, tc.u.ID, got, tc.want)
		}
	}
	if desk.MayChangeNote(&auth.User{ID: author, RoleCode: auth.RoleClerk}, store.Note{}) {
		t.Error("a note without an author (the command line) is changed by a clerk")
	}
}
