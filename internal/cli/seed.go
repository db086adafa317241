package cli

import (
	"context"
	"errors"
	"fmt"
	"time"

	"orderdesk/internal/auth"
	"orderdesk/internal/demo"
	"orderdesk/internal/order"
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
	fs := c.flags("seed [-config FILE] [--orders N]",
		"Loads the demo data where it is missing: accounts for every built-in role, four stores and\n"+
			"orders across stores, currencies, statuses and document mixes. Safe to run again.")
	count := fs.Int("orders", 240, "demo orders to create when the database has none")
	if err := c.parse(fs, args); err != nil {
		return err
	}
	conn, err := c.openCurrent(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	st := c.newStore(conn)
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
	made, err := SeedDemo(ctx, st, c.cfg.Statuses, *count, time.Now())
	orders := len(made)
	if err != nil {
		return err
	}
	if created > 0 || orders > 0 {
		fmt.Fprintf(c.stdout, "demo data: created %d account(s) and %d order(s)\n", created, orders)
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

// SeedDemo creates the demo stores, the demo catalog when there is none, and n demo orders
// with their returns, placed before now, when no order exists yet; it returns the orders it
// created. Each order's history starts when it was placed, in the storefront; a return's when
// staff made it.
func SeedDemo(ctx context.Context, st *store.Store, rules order.StatusRules, n int, now time.Time) ([]demo.Order, error) {
	for _, s := range demo.Stores {
		if err := st.UpsertStore(ctx, store.StoreInfo{ID: s.ID, Name: s.Name, DefaultCurrency: s.Currency}); err != nil {
			return nil, err
		}
	}
	if err := seedCatalog(ctx, st); err != nil {
		return nil, err
	}
	var any int
	if err := st.DB().GetContext(ctx, &any, `SELECT EXISTS (SELECT 1 FROM orders)`); err != nil {
		return nil, fmt.Errorf("seed: %w", err)
	}
	if any == 1 || n <= 0 {
		return nil, nil
	}
	cs, err := st.Currencies(ctx)
	if err != nil {
		return nil, fmt.Errorf("seed: %w", err)
	}
	orders := demo.NewGenerator(20261123, now, rules).WithCurrencies(cs).Orders(n)
	for i, d := range orders {
		placed := store.Actor{Label: "storefront", Source: store.SourceStorefront, At: d.Order.CreatedDate}
		if err := st.CreateOrder(ctx, placed, d.Order); err != nil {
			return orders[:i], fmt.Errorf("seed: demo order %d (%s): %w", i+1, d.Scenario, err)
		}
		for j := range d.Returns {
			r := &d.Returns[j]
			staff := store.Actor{Label: "Morgan Manager", Source: store.SourceDesk, At: r.CreatedDate}
			if err := st.CreateReturn(ctx, staff, r); err != nil {
				return orders[:i+1], fmt.Errorf("seed: return of demo order %d: %w", i+1, err)
			}
		}
	}
	return orders, nil
}

// seedCatalog writes the demo catalog (demo.DemoCatalog) unless the catalog has products.
func seedCatalog(ctx context.Context, st *store.Store) error {
	if products, _, err := st.CatalogSize(ctx); err != nil || products > 0 {
		return err
	}
	c := demo.DemoCatalog()
	out := store.Catalog{Lists: c.Lists, TaxRates: c.TaxRates}
	for _, p := range c.Products {
		w := p.Weight
		out.Products = append(out.Products, store.Product{ID: p.ID, SKU: p.SKU, Barcode: p.Barcode, Location: p.Location, Name: p.Name, TaxType: p.TaxType,
			Weight: &w, TrackInventory: true, InStock: p.InStock})
	}
	for _, p := range c.Prices {
		out.Prices = append(out.Prices, store.CatalogPrice{ProductID: p.ProductID, Tier: p.Tier})
	}
	for _, d := range c.Discounts {
		out.Discounts = append(out.Discounts, store.CatalogDiscount{ProductID: d.ProductID, Discount: d.Discount})
	}
	return st.SaveCatalog(ctx, store.Actor{Label: "demo data", Source: store.SourceCLI}, out)
}
