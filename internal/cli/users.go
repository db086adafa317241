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
	var fe order.Problems
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

func (c *command) apikeyCreate(ctx context.Context, args []string) error {
	fs := c.flags("apikey create --name N --role R [--stores S1,S2] [--only-assigned] [-config FILE]",
		"Creates an API key for another system and prints it once. The key acts with the role's permissions and the scopes given.")
	name := fs.String("name", "", "what uses the key, e.g. \"ERP sync\" (required; shown in the history of its changes)")
	role := fs.String("role", "", "role: "+strings.Join(auth.RoleCodes(), ", ")+", or one made on the admin pages (required)")
	stores := fs.String("stores", "", "limit the key to these store ids, comma-separated (default: every store)")
	onlyAssigned := fs.Bool("only-assigned", false, "limit the key to orders assigned to it")
	if err := c.parse(fs, args); err != nil {
		return err
	}
	if *name == "" || *role == "" {
		return problemsError(map[string]string{"name": "required", "role": "required"})
	}
	conn, err := c.openCurrent(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	var ids []string
	for _, id := range strings.Split(*stores, ",") {
		if id = strings.TrimSpace(id); id != "" {
			ids = append(ids, id)
		}
	}
	token, k, err := c.newStore(conn).CreateAPIKey(ctx, cliActor, store.NewAPIKey{Name: *name, RoleCode: *role, StoreIDs: ids, AssignedOnly: *onlyAssigned})
	var fe order.Problems
	if errors.As(err, &fe) {
		return problemsError(fe)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "created API key %q (role %s). Send it in the api_key header; it is shown only now:\n%s\n", k.Name, k.RoleCode, token)
	return nil
}
