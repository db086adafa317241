package cli

import (
	"context"
	"errors"
	"fmt"

	"orderdesk/internal/auth"
	"orderdesk/internal/store"
)

// The demo accounts share one password; the sign-in page shows it while it still works.
const (
	DemoEmail    = "demo@orderdesk.local"
	DemoPassword = "orderdesk-demo"
)

var demoUsers = []store.NewUser{
	{Email: DemoEmail, Name: "Dana Demo", RoleCode: auth.RoleAdministrator},
	{Email: "manager@orderdesk.local", Name: "Morgan Manager", RoleCode: auth.RoleManager},
	{Email: "clerk@orderdesk.local", Name: "Casey Clerk", RoleCode: auth.RoleClerk},
	{Email: "field@orderdesk.local", Name: "Frankie Field", RoleCode: auth.RoleField},
	{Email: "viewer@orderdesk.local", Name: "Val Viewer", RoleCode: auth.RoleViewer},
}

func (c *command) seed(ctx context.Context, args []string) error {
	fs := c.flags("seed [-config FILE]",
		"Loads the demo data (accounts for every built-in role) where it is missing. Safe to run again.")
	if err := c.parse(fs, args); err != nil {
		return err
	}
	conn, err := c.openCurrent(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	st := store.New(conn, nil)
	created := 0
	for _, in := range demoUsers {
		in.Password = DemoPassword
		if problems := in.Validate(); len(problems) > 0 {
			return problemsError(problems)
		}
		_, err := st.CreateUser(ctx, cliActor, in)
		switch {
		case errors.Is(err, auth.ErrEmailTaken):
		case err != nil:
			return err
		default:
			created++
		}
	}
	if created > 0 {
		fmt.Fprintf(c.stdout, "demo data: created %d account(s)\n", created)
	} else {
		fmt.Fprintln(c.stdout, "demo data: already loaded")
	}
	if demoLoginWorks(ctx, st) {
		fmt.Fprintf(c.stdout, "demo login: %s / %s (other roles: manager@, clerk@, field@, viewer@orderdesk.local)\n", DemoEmail, DemoPassword)
	}
	return nil
}

// demoLoginWorks reports whether the demo account still has the demo password, so the login
// hint disappears once someone changes it.
func demoLoginWorks(ctx context.Context, st *store.Store) bool {
	u, err := st.UserByEmail(ctx, DemoEmail)
	return err == nil && u.DisabledAt == nil && auth.CheckPassword(u.PasswordHash, DemoPassword)
}
