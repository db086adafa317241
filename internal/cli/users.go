package cli

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"orderdesk/internal/auth"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
)

var cliActor = store.Actor{Label: "command line", Source: store.SourceCLI}

func (c *command) userAdd(ctx context.Context, args []string) error {
	fs := c.flags("user add --email E --password P --role R [--name N] [-config FILE]",
		"Creates a staff account. Roles: "+strings.Join(auth.RoleCodes(), ", ")+".")
	var in store.NewUser
	fs.StringVar(&in.Email, "email", "", "e-mail address, used to sign in (required)")
	fs.StringVar(&in.Password, "password", "", fmt.Sprintf("password, at least %d characters (required)", auth.MinPasswordLength))
	fs.StringVar(&in.RoleCode, "role", "", "role: "+strings.Join(auth.RoleCodes(), ", ")+" (required)")
	fs.StringVar(&in.Name, "name", "", "display name (default: the e-mail address)")
	if err := c.parse(fs, args); err != nil {
		return err
	}
	if problems := in.Validate(); len(problems) > 0 {
		return problemsError(problems)
	}
	conn, err := c.openCurrent(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	u, err := c.newStore(conn).CreateUser(ctx, cliActor, in)
	var fe order.FieldErrors
	if errors.As(err, &fe) {
		return problemsError(fe)
	}
	if errors.Is(err, auth.ErrEmailTaken) {
		return fmt.Errorf("--email: %s already has an account", in.Email)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "created user %s (%s, role %s)\n", u.Email, u.ID, u.Role().Name)
	return nil
}

// problemsError lists field problems as "--field: message" lines, in a stable order.
func problemsError(problems map[string]string) error {
	keys := make([]string, 0, len(problems))
	for k := range problems {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	lines := make([]string, len(keys))
	for i, k := range keys {
		lines[i] = "--" + k + ": " + problems[k]
	}
	return errors.New(strings.Join(lines, "\n"))
}
