package store

import (
	"context"
	"database/sql"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jmoiron/sqlx"
	"github.com/shopspring/decimal"

	"orderdesk/internal/ids"
	"orderdesk/internal/order"
	"orderdesk/internal/pricing"
	"orderdesk/internal/search"
)

// Product is one catalog product.
type Product struct {
	ID             string           `db:"id"`
	SKU            string           `db:"sku"`
	Barcode        string           `db:"barcode"`  // EAN/UPC/GTIN or the warehouse's own code; "" when none
	Location       string           `db:"location"` // bin or shelf, e.g. "A-03-2"
	Name           string           `db:"name"`
	ImageURL       string           `db:"image_url"`
	TaxType        string           `db:"tax_type"`
	Weight         *decimal.Decimal `db:"weight"`
	TrackInventory bool             `db:"track_inventory"`
	InStock        int              `db:"in_stock"`
}

// SearchProducts finds products by SKU (exact first) or name words, at most limit.
func (s *Store) SearchProducts(ctx context.Context, text string, limit int) ([]Product, error) {
	text = strings.TrimSpace(text)
	var out []Product
	if text == "" {
		return nil, nil
	}
	expr := search.Boolean(search.TextTerms(text))
	if expr == "" {
		expr = `""`
	}
	if err := s.db.SelectContext(ctx, &out, `
		SELECT id, sku, barcode, location, name, image_url, tax_type, weight, track_inventory, in_stock
		FROM products
		WHERE sku = ? OR sku LIKE ? OR MATCH(sku, name) AGAINST (? IN BOOLEAN MODE)
		ORDER BY sku = ? DESC, name
		LIMIT ?`, text, likePrefix(text), expr, text, limit); err != nil {
		return nil, fmt.Errorf("store: search products: %w", err)
	}
	return out, nil
}

// ProductByID reads one product; a missing one is order.ErrNotFound.
func (s *Store) ProductByID(ctx context.Context, id string) (Product, error) {
	var p Product
	err := s.db.GetContext(ctx, &p, `
		SELECT id, sku, barcode, location, name, image_url, tax_type, weight, track_inventory, in_stock
		FROM products
		WHERE id = ?`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return Product{}, fmt.Errorf("store: product %s: %w", id, order.ErrNotFound)
	}
	if err != nil {
		return Product{}, fmt.Errorf("store: product %s: %w", id, err)
	}
	return p, nil
}

// PriceFor is the price a customer gets for quantity units of a product (pricing.Resolve over
// the lists, tiers and discounts that could apply).
func (s *Store) PriceFor(ctx context.Context, productID string, req pricing.Request) (pricing.Price, error) {
	prices, err := s.PricesFor(ctx, []string{productID}, req)
	return prices[productID], err
}

// PricesFor is PriceFor for several products at once, in three queries whatever their number
// (a page of search results must not cost three queries a product).
func (s *Store) PricesFor(ctx context.Context, productIDs []string, req pricing.Request) (map[string]pricing.Price, error) {
	out := make(map[string]pricing.Price, len(productIDs))
	if len(productIDs) == 0 {
		return out, nil
	}
	var lists []struct {
		ID            string `db:"id"`
		Currency      string `db:"currency"`
		StoreID       string `db:"store_id"`
		CustomerGroup string `db:"customer_group"`
		Priority      int    `db:"priority"`
	}
	if err := s.db.SelectContext(ctx, &lists, `
		SELECT l.id, l.currency, l.store_id, l.customer_group, l.priority
		FROM price_lists l
		WHERE l.currency = ?`, req.Currency); err != nil {
		return nil, fmt.Errorf("store: price lists: %w", err)
	}
	var tiers []struct {
		ProductID string           `db:"product_id"`
		ListID    string           `db:"price_list_id"`
		Min       int              `db:"min_quantity"`
		List      decimal.Decimal  `db:"list_price"`
		Sale      *decimal.Decimal `db:"sale_price"`
	}
	q, args, err := sqlx.In(`
		SELECT product_id, price_list_id, min_quantity, list_price, sale_price
		FROM prices
		WHERE product_id IN (?)`, productIDs)
	if err != nil {
		return nil, fmt.Errorf("store: prices: %w", err)
	}
	if err := s.db.SelectContext(ctx, &tiers, q, args...); err != nil {
		return nil, fmt.Errorf("store: prices: %w", err)
	}
	var discounts []struct {
		ProductID string          `db:"product_id"`
		Percent   decimal.Decimal `db:"percent"`
		Amount    decimal.Decimal `db:"amount"`
		StoreID   string          `db:"store_id"`
		StartsAt  *time.Time      `db:"starts_at"`
		EndsAt    *time.Time      `db:"ends_at"`
	}
	q, args, err = sqlx.In(`
		SELECT product_id, percent, amount, store_id, starts_at, ends_at
		FROM product_discounts
		WHERE product_id IN (?)`, productIDs)
	if err != nil {
		return nil, fmt.Errorf("store: product discounts: %w", err)
	}
	if err := s.db.SelectContext(ctx, &discounts, q, args...); err != nil {
		return nil, fmt.Errorf("store: product discounts: %w", err)
	}
	for _, id := range productIDs {
		var pt []pricing.Tier
		onList := map[string]bool{}
		for _, t := range tiers {
			if t.ProductID == id {
				pt = append(pt, pricing.Tier{ListID: t.ListID, MinQuantity: t.Min, ListPrice: t.List, SalePrice: t.Sale})
				onList[t.ListID] = true
			}
		}
		// Only the lists that price this product take part, as they would for it alone.
		var pl []pricing.List
		for _, l := range lists {
			if onList[l.ID] {
				pl = append(pl, pricing.List{ID: l.ID, Currency: l.Currency, StoreID: l.StoreID, CustomerGroup: l.CustomerGroup, Priority: l.Priority})
			}
		}
		var pd []pricing.Discount
		for _, d := range discounts {
			if d.ProductID == id {
				pd = append(pd, pricing.Discount{Percent: d.Percent, Amount: d.Amount, StoreID: d.StoreID, StartsAt: d.StartsAt, EndsAt: d.EndsAt})
			}
		}
		out[id] = pricing.Resolve(req, pl, pt, pd)
	}
	return out, nil
}

// RowError is one refused row of an import: its line number in the file and why.
type RowError struct {
	Line    int
	Message string
}

// ImportResult says how an import went.
type ImportResult struct {
	Imported int
	Errors   []RowError
}

// Import kinds and their CSV headers (first line of the file; columns in any order).
var importColumns = map[string][]string{
	"products":  {"id", "sku", "barcode", "location", "name", "image_url", "tax_type", "weight", "track_inventory", "in_stock"},
	"prices":    {"price_list_id", "price_list_name", "currency", "store_id", "customer_group", "priority", "sku", "min_quantity", "list_price", "sale_price"},
	"tax_rates": {"country", "region", "tax_type", "rate"},
}

// openCatalogCSV reads the header line of an import of kind and returns the reader positioned
// at the first row, with a getter for the row's columns by name.
func openCatalogCSV(kind string, r io.Reader) (*csv.Reader, getter, error) {
	want, ok := importColumns[kind]
	if !ok {
		return nil, nil, fmt.Errorf("store: import: unknown kind %q", kind)
	}
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	header, err := cr.Read()
	if err != nil {
		return nil, nil, fmt.Errorf("the file has no header line: %w", err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))] = i
	}
	need := []string{"sku"}
	if kind == "tax_rates" {
		need = []string{"country", "rate"}
	}
	for _, need := range need {
		if _, ok := col[need]; !ok {
			return nil, nil, fmt.Errorf("the header line has no %q column (columns: %s)", need, strings.Join(want, ", "))
		}
	}
	// get(nil, name) says whether the header has the column at all: "" when it has not, so an
	// import of a file without it keeps what the products hold.
	get := func(rec []string, name string) string {
		if rec == nil {
			if _, ok := col[name]; ok {
				return name
			}
			return ""
		}
		if i, ok := col[name]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	return cr, get, nil
}

// ImportCatalog reads products or prices from CSV and upserts them, a row at a time in
// batches of 500 rows per transaction, so a bad row costs only itself: it is reported with its
// line number and the rest goes in. progress, if not nil, is told the rows done so far.
func (s *Store) ImportCatalog(ctx context.Context, by Actor, kind string, r io.Reader, progress func(done int)) (ImportResult, error) {
	cr, get, err := openCatalogCSV(kind, r)
	if err != nil {
		return ImportResult{}, err
	}
	var res ImportResult
	line := 1
	type csvRow struct {
		line int
		rec  []string
		err  error
	}
	for done := false; !done; {
		// The batch is read before its transaction, so a retried attempt (see InTx) imports
		// the same rows again rather than the next ones.
		var batch []csvRow
		for len(batch) < 500 {
			rec, err := cr.Read()
			line++
			if errors.Is(err, io.EOF) {
				done = true
				break
			}
			batch = append(batch, csvRow{line, rec, err})
		}
		var imported int
		var refused []RowError
		err := s.InTx(ctx, func(tx *sqlx.Tx) error {
			imported, refused = 0, nil
			for _, row := range batch {
				if row.err != nil {
					refused = append(refused, RowError{row.line, "not valid CSV: " + row.err.Error()})
					continue
				}
				var rowErr error
				switch kind {
				case "products":
					rowErr = importProduct(ctx, tx, row.rec, get, s.Now())
				case "prices":
					rowErr = importPrice(ctx, tx, row.rec, get)
				default:
					rowErr = importTaxRate(ctx, tx, row.rec, get)
				}
				if rowErr != nil {
					refused = append(refused, RowError{row.line, rowErr.Error()})
					continue
				}
				imported++
			}
			return nil
		})
		if err != nil {
			return res, err
		}
		res.Imported += imported
		res.Errors = append(res.Errors, refused...)
		if progress != nil {
			progress(res.Imported + len(res.Errors))
		}
	}
	detail := fmt.Sprintf("%s: %d imported, %d refused", kind, res.Imported, len(res.Errors))
	if err := s.recordEvent(ctx, s.db, by, "catalog.imported", "", detail); err != nil {
		return res, err
	}
	return res, nil
}

type getter func(rec []string, name string) string

// The catalog's columns (db/migrations/00016_catalog.sql, 00019_tax_rates.sql): a row is
// refused with a message when a value does not fit, rather than by the database.
var (
	catalogRateColumn = order.Column{Name: "a rate", Precision: 9, Scale: 6}
	catalogTextLimits = map[string]int{
		"id": 128, "sku": 128, "barcode": 64, "location": 64, "name": 1024, "image_url": 1024, "tax_type": 64,
		"price_list_id": 128, "price_list_name": 255, "store_id": 128, "customer_group": 128,
		"country": 64, "region": 128,
	}
)

// checkCatalogText refuses a row whose text is not UTF-8 or longer than its column.
func checkCatalogText(rec []string, get getter, names ...string) error {
	for _, n := range names {
		v := get(rec, n)
		if err := order.CheckText(v); err != nil {
			return fmt.Errorf("%s %s", n, err)
		}
		if limit := catalogTextLimits[n]; utf8.RuneCountInString(v) > limit {
			return fmt.Errorf("%s is longer than %d characters", n, limit)
		}
	}
	return nil
}

// catalogAmount reads a non-negative decimal that col holds; what names it in messages.
func catalogAmount(v, what string, col order.Column) (decimal.Decimal, error) {
	d, err := decimal.NewFromString(v)
	if err != nil || d.IsNegative() {
		return decimal.Zero, fmt.Errorf("%s %q is not %s", what, v, col.Name)
	}
	if d, err = col.Fit(d); err != nil {
		return decimal.Zero, fmt.Errorf("%s %q %s", what, v, err)
	}
	return d, nil
}

// catalogCount reads a whole number an INT column holds.
func catalogCount(v, what string) (int, error) {
	n, err := strconv.Atoi(v)
	if err == nil {
		err = order.CheckCount(int64(n))
	}
	if err != nil {
		return 0, fmt.Errorf("%s %q is not a whole number that fits (at most %d)", what, v, order.MaxCount)
	}
	return n, nil
}

// parseProductRow reads a products row; it touches no database, so it can be fuzzed.
func parseProductRow(rec []string, get getter) (Product, error) {
	p := Product{ID: get(rec, "id"), SKU: get(rec, "sku"), Name: get(rec, "name"), ImageURL: get(rec, "image_url"), TaxType: get(rec, "tax_type"),
		Barcode: get(rec, "barcode"), Location: get(rec, "location")}
	if p.SKU == "" || p.Name == "" {
		return p, errors.New("sku and name are required")
	}
	if err := checkCatalogText(rec, get, "id", "sku", "barcode", "location", "name", "image_url", "tax_type"); err != nil {
		return p, err
	}
	if err := CheckBarcode(p.Barcode); err != nil {
		return p, err
	}
	if p.ID == "" {
		p.ID = p.SKU
	}
	if w := get(rec, "weight"); w != "" {
		d, err := catalogAmount(w, "weight", order.MoneyColumn)
		if err != nil {
			return p, err
		}
		p.Weight = &d
	}
	if t := get(rec, "track_inventory"); t != "" {
		b, err := strconv.ParseBool(t)
		if err != nil {
			return p, fmt.Errorf("track_inventory %q is not true or false", t)
		}
		p.TrackInventory = b
	}
	if n := get(rec, "in_stock"); n != "" {
		v, err := catalogCount(n, "in_stock")
		if err != nil {
			return p, err
		}
		p.InStock = v
	}
	return p, nil
}

func importProduct(ctx context.Context, tx *sqlx.Tx, rec []string, get getter, now time.Time) error {
	p, err := parseProductRow(rec, get)
	if err != nil {
		return err
	}
	if p.Barcode != "" {
		// One code names one product, or a scan could not tell which line it counts.
		var other string
		err := tx.GetContext(ctx, &other, `
			SELECT sku
			FROM products
			WHERE barcode = ? AND id <> ? AND sku <> ?
			LIMIT 1`, p.Barcode, p.ID, p.SKU)
		if err == nil {
			return fmt.Errorf("barcode %s belongs to product %s", p.Barcode, other)
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
	}
	// A file without the barcode or location column keeps what the product holds.
	hasBarcode, hasLocation := get(nil, "barcode") != "", get(nil, "location") != ""
	_, err = tx.ExecContext(ctx, `
		INSERT INTO products (id, sku, barcode, location, name, image_url, tax_type, weight, track_inventory, in_stock, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON DUPLICATE KEY UPDATE sku = VALUES(sku), name = VALUES(name), image_url = VALUES(image_url),
		    barcode = IF(?, VALUES(barcode), barcode), location = IF(?, VALUES(location), location),
		    tax_type = VALUES(tax_type), weight = VALUES(weight), track_inventory = VALUES(track_inventory),
		    in_stock = VALUES(in_stock), updated_at = VALUES(updated_at)`,
		p.ID, p.SKU, p.Barcode, p.Location, p.Name, p.ImageURL, p.TaxType, p.Weight, p.TrackInventory, p.InStock, now,
		hasBarcode, hasLocation)
	if isDuplicate(err) {
		return fmt.Errorf("sku %s belongs to another product id", p.SKU)
	}
	return err
}

// priceRow is one row of a prices import.
type priceRow struct {
	ListID, ListName, Currency, StoreID, CustomerGroup, SKU string
	Priority, MinQuantity                                   int
	ListPrice                                               decimal.Decimal
	SalePrice                                               *decimal.Decimal
}

// parsePriceRow reads a prices row; it touches no database, so it can be fuzzed.
func parsePriceRow(rec []string, get getter) (priceRow, error) {
	p := priceRow{ListID: get(rec, "price_list_id"), SKU: get(rec, "sku"), Currency: strings.ToUpper(get(rec, "currency")),
		ListName: get(rec, "price_list_name"), StoreID: get(rec, "store_id"), CustomerGroup: get(rec, "customer_group"), MinQuantity: 1}
	if p.ListID == "" || p.SKU == "" || !currencyCode(p.Currency) {
		return p, errors.New("price_list_id, sku and a three-letter currency are required")
	}
	if err := checkCatalogText(rec, get, "price_list_id", "price_list_name", "sku", "store_id", "customer_group"); err != nil {
		return p, err
	}
	var err error
	if p.ListPrice, err = catalogAmount(get(rec, "list_price"), "list_price", order.MoneyColumn); err != nil {
		return p, err
	}
	if v := get(rec, "sale_price"); v != "" {
		d, err := catalogAmount(v, "sale_price", order.MoneyColumn)
		if err != nil {
			return p, err
		}
		p.SalePrice = &d
	}
	if v := get(rec, "min_quantity"); v != "" {
		if p.MinQuantity, err = catalogCount(v, "min_quantity"); err != nil || p.MinQuantity < 1 {
			return p, fmt.Errorf("min_quantity %q is not a whole number from 1", v)
		}
	}
	// A priority that is not a number counts as 0, as it always did; one too large is refused.
	if n, err := strconv.Atoi(get(rec, "priority")); err == nil {
		if err := order.CheckCount(int64(n)); err != nil {
			return p, fmt.Errorf("priority %s", err)
		}
		p.Priority = n
	}
	if p.ListName == "" {
		p.ListName = p.ListID
	}
	return p, nil
}

// currencyCode says whether s is three ASCII letters.
func currencyCode(s string) bool {
	if len(s) != 3 {
		return false
	}
	for _, c := range []byte(s) {
		if c < 'A' || c > 'Z' {
			return false
		}
	}
	return true
}

func importPrice(ctx context.Context, tx *sqlx.Tx, rec []string, get getter) error {
	p, err := parsePriceRow(rec, get)
	if err != nil {
		return err
	}
	var productID string
	if err := tx.GetContext(ctx, &productID, `SELECT id FROM products WHERE sku = ?`, p.SKU); err != nil {
		return fmt.Errorf("no product has sku %s (import products first)", p.SKU)
	}
	if _, err := tx.ExecContext(ctx, `
		INSERT INTO price_lists (id, name, currency, store_id, customer_group, priority)
		VALUES (?, ?, ?, ?, ?, ?)
		ON DUPLICATE KEY UPDATE name = VALUES(name), currency = VALUES(currency), store_id = VALUES(store_id),
		    customer_group = VALUES(customer_group), priority = VALUES(priority)`,
		p.ListID, p.ListName, p.Currency, p.StoreID, p.CustomerGroup, p.Priority); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `
		INSERT INTO prices (price_list_id, product_id, min_quantity, list_price, sale_price)
		VALUES (?, ?, ?, ?, ?)
		ON DUPLICATE KEY UPDATE list_price = VALUES(list_price), sale_price = VALUES(sale_price)`,
		p.ListID, productID, p.MinQuantity, p.ListPrice, p.SalePrice)
	return err
}

// parseTaxRateRow reads a tax_rates row; it touches no database, so it can be fuzzed.
func parseTaxRateRow(rec []string, get getter) (pricing.TaxRate, error) {
	t := pricing.TaxRate{Country: get(rec, "country"), Region: get(rec, "region"), TaxType: get(rec, "tax_type")}
	refused := fmt.Errorf("country and a rate between 0 and 1 (0.2 = 20 %%) are required, got %q", get(rec, "rate"))
	rate, err := decimal.NewFromString(get(rec, "rate"))
	if t.Country == "" || err != nil || rate.IsNegative() {
		return t, refused
	}
	// Fit first: it judges 1e-999999999 by its digits, where comparing would expand it.
	if rate, err = catalogRateColumn.Fit(rate); err != nil || rate.GreaterThan(decimal.NewFromInt(1)) {
		return t, refused
	}
	if err := checkCatalogText(rec, get, "country", "region", "tax_type"); err != nil {
		return t, err
	}
	t.Rate = rate
	return t, nil
}

func importTaxRate(ctx context.Context, tx *sqlx.Tx, rec []string, get getter) error {
	t, err := parseTaxRateRow(rec, get)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `
		INSERT INTO tax_rates (country, region, tax_type, rate) VALUES (?, ?, ?, ?)
		ON DUPLICATE KEY UPDATE rate = VALUES(rate)`, t.Country, t.Region, t.TaxType, t.Rate)
	return err
}

func (s *Store) TaxTable(ctx context.Context) ([]pricing.TaxRate, error) {
	var rows []struct {
		Country string          `db:"country"`
		Region  string          `db:"region"`
		TaxType string          `db:"tax_type"`
		Rate    decimal.Decimal `db:"rate"`
	}
	if err := s.db.SelectContext(ctx, &rows, `SELECT country, region, tax_type, rate FROM tax_rates`); err != nil {
		return nil, fmt.Errorf("store: tax table: %w", err)
	}
	out := make([]pricing.TaxRate, len(rows))
	for i, r := range rows {
		out[i] = pricing.TaxRate{Country: r.Country, Region: r.Region, TaxType: r.TaxType, Rate: r.Rate}
	}
	return out, nil
}

// CatalogSize counts products and price lists (both small tables) for the catalog page.
func (s *Store) CatalogSize(ctx context.Context) (products, priceLists int, err error) {
	if err := s.db.GetContext(ctx, &products, `SELECT COUNT(*) FROM products`); err != nil {
		return 0, 0, fmt.Errorf("store: count products: %w", err)
	}
	if err := s.db.GetContext(ctx, &priceLists, `SELECT COUNT(*) FROM price_lists`); err != nil {
		return 0, 0, fmt.Errorf("store: count price lists: %w", err)
	}
	return products, priceLists, nil
}

// CatalogPrice is one price of a product in a price list.
type CatalogPrice struct {
	ProductID string
	pricing.Tier
}

// CatalogDiscount is a product discount.
type CatalogDiscount struct {
	ProductID string
	pricing.Discount
}

// Catalog is a whole catalog to write at once (the demo data): products, price lists and their
// prices, product discounts and tax rates.
type Catalog struct {
	Products  []Product
	Lists     []pricing.List
	Prices    []CatalogPrice
	Discounts []CatalogDiscount
	TaxRates  []pricing.TaxRate
}

// SaveCatalog upserts a catalog in one transaction, as the CSV imports would row by row; a
// product's discounts are replaced by the ones given. It is recorded in the security log like
// an import.
func (s *Store) SaveCatalog(ctx context.Context, by Actor, c Catalog) error {
	now := s.Now()
	return s.InTx(ctx, func(tx *sqlx.Tx) error {
		for _, p := range c.Products {
			if _, err := tx.ExecContext(ctx, `
				INSERT INTO products (id, sku, barcode, location, name, image_url, tax_type, weight, track_inventory, in_stock, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
				ON DUPLICATE KEY UPDATE sku = VALUES(sku), barcode = VALUES(barcode), location = VALUES(location),
				    name = VALUES(name), image_url = VALUES(image_url),
				    tax_type = VALUES(tax_type), weight = VALUES(weight), track_inventory = VALUES(track_inventory),
				    in_stock = VALUES(in_stock), updated_at = VALUES(updated_at)`,
				p.ID, p.SKU, p.Barcode, p.Location, p.Name, p.ImageURL, p.TaxType, p.Weight, p.TrackInventory, p.InStock, now); err != nil {
				return fmt.Errorf("store: save product %s: %w", p.SKU, err)
			}
		}
		for _, l := range c.Lists {
			if _, err := tx.ExecContext(ctx, `
				INSERT INTO price_lists (id, name, currency, store_id, customer_group, priority)
				VALUES (?, ?, ?, ?, ?, ?)
				ON DUPLICATE KEY UPDATE name = VALUES(name), currency = VALUES(currency), store_id = VALUES(store_id),
				    customer_group = VALUES(customer_group), priority = VALUES(priority)`,
				l.ID, l.ID, l.Currency, l.StoreID, l.CustomerGroup, l.Priority); err != nil {
				return fmt.Errorf("store: save price list %s: %w", l.ID, err)
			}
		}
		for _, p := range c.Prices {
			if _, err := tx.ExecContext(ctx, `
				INSERT INTO prices (price_list_id, product_id, min_quantity, list_price, sale_price)
				VALUES (?, ?, ?, ?, ?)
				ON DUPLICATE KEY UPDATE list_price = VALUES(list_price), sale_price = VALUES(sale_price)`,
				p.ListID, p.ProductID, p.MinQuantity, p.ListPrice, p.SalePrice); err != nil {
				return fmt.Errorf("store: save price of %s in %s: %w", p.ProductID, p.ListID, err)
			}
		}
		discounted := map[string]bool{}
		for _, d := range c.Discounts {
			if !discounted[d.ProductID] {
				discounted[d.ProductID] = true
				if _, err := tx.ExecContext(ctx, `
					DELETE FROM product_discounts
					WHERE product_id = ?`, d.ProductID); err != nil {
					return fmt.Errorf("store: replace discounts of %s: %w", d.ProductID, err)
				}
			}
			if _, err := tx.ExecContext(ctx, `
				INSERT INTO product_discounts (id, product_id, percent, amount, store_id, starts_at, ends_at)
				VALUES (?, ?, ?, ?, ?, ?, ?)`,
				ids.New(), d.ProductID, d.Percent, d.Amount, d.StoreID, d.StartsAt, d.EndsAt); err != nil {
				return fmt.Errorf("store: save discount of %s: %w", d.ProductID, err)
			}
		}
		for _, r := range c.TaxRates {
			if _, err := tx.ExecContext(ctx, `
				INSERT INTO tax_rates (country, region, tax_type, rate)
				VALUES (?, ?, ?, ?)
				ON DUPLICATE KEY UPDATE rate = VALUES(rate)`, r.Country, r.Region, r.TaxType, r.Rate); err != nil {
				return fmt.Errorf("store: save tax rate %s/%s: %w", r.Country, r.TaxType, err)
			}
		}
		detail := fmt.Sprintf("catalog: %d products, %d price lists, %d prices, %d discounts, %d tax rates",
			len(c.Products), len(c.Lists), len(c.Prices), len(c.Discounts), len(c.TaxRates))
		return s.recordEvent(ctx, tx, by, "catalog.imported", "", detail)
	})
}
