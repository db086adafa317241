package store_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/jmoiron/sqlx"
	"github.com/shopspring/decimal"

	"orderdesk/db"
	"orderdesk/db/dbtest"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
)

// testDay is the clock of the order tests: numbers read CO261123-…
var testDay = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

var desk = store.Actor{UserID: "01JTESTUSER000000000000000", Label: "ann@example.com", Source: store.SourceDesk}

// orderStore returns a store on a fresh database whose statements are counted, with a fixed
// clock.
func orderStore(t testing.TB) (*store.Store, *statements) {
	t.Helper()
	_, dsn := dbtest.NewWithDSN(t)
	cfg, err := db.Config(dsn)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := mysql.NewConnector(cfg)
	if err != nil {
		t.Fatal(err)
	}
	counter := &statements{}
	pool := sqlx.NewDb(sql.OpenDB(countingConnector{conn, counter}), "mysql")
	pool.SetMaxOpenConns(10)
	t.Cleanup(func() { pool.Close() })
	return store.New(pool, func() time.Time { return testDay }), counter
}

// statements records every statement sent to the server (not BEGIN/COMMIT).
type statements struct {
	mu   sync.Mutex
	list []string
}

func (s *statements) add(q string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.list = append(s.list, q)
}

// since returns the statements recorded after mark (from an earlier count()).
func (s *statements) since(mark int) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.list[mark:]...)
}

func (s *statements) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.list)
}

// kinds counts statements by their first word (SELECT, INSERT, UPDATE, DELETE).
func kinds(qs []string) map[string]int {
	out := map[string]int{}
	for _, q := range qs {
		out[strings.ToUpper(strings.Fields(q)[0])]++
	}
	return out
}

type countingConnector struct {
	driver.Connector
	n *statements
}

func (c countingConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return &countingConn{Conn: conn, n: c.n}, nil
}

// countingConn counts statements at the point they run: a direct query or exec, or the execution
// of a prepared statement (database/sql prepares when the driver declines to interpolate).
type countingConn struct {
	driver.Conn
	n *statements
}

func (c *countingConn) PrepareContext(ctx context.Context, q string) (driver.Stmt, error) {
	st, err := c.Conn.(driver.ConnPrepareContext).PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	return &countingStmt{Stmt: st, n: c.n, q: q}, nil
}

func (c *countingConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	return c.Conn.(driver.ConnBeginTx).BeginTx(ctx, opts)
}

func (c *countingConn) QueryContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Rows, error) {
	rows, err := c.Conn.(driver.QueryerContext).QueryContext(ctx, q, args)
	if err != driver.ErrSkip {
		c.n.add(q)
	}
	return rows, err
}

func (c *countingConn) ExecContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Result, error) {
	res, err := c.Conn.(driver.ExecerContext).ExecContext(ctx, q, args)
	if err != driver.ErrSkip {
		c.n.add(q)
	}
	return res, err
}

func (c *countingConn) ResetSession(ctx context.Context) error {
	if r, ok := c.Conn.(driver.SessionResetter); ok {
		return r.ResetSession(ctx)
	}
	return nil
}

func (c *countingConn) IsValid() bool {
	if v, ok := c.Conn.(driver.Validator); ok {
		return v.IsValid()
	}
	return true
}

func (c *countingConn) CheckNamedValue(nv *driver.NamedValue) error {
	if ch, ok := c.Conn.(driver.NamedValueChecker); ok {
		return ch.CheckNamedValue(nv)
	}
	return driver.ErrSkip
}

type countingStmt struct {
	driver.Stmt
	n *statements
	q string
}

func (s *countingStmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	s.n.add(s.q)
	return s.Stmt.(driver.StmtExecContext).ExecContext(ctx, args)
}

func (s *countingStmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	s.n.add(s.q)
	return s.Stmt.(driver.StmtQueryContext).QueryContext(ctx, args)
}

func (s *countingStmt) CheckNamedValue(nv *driver.NamedValue) error {
	if ch, ok := s.Stmt.(driver.NamedValueChecker); ok {
		return ch.CheckNamedValue(nv)
	}
	return driver.ErrSkip
}

// filler sets every field of a value to a distinct non-zero value: strings s1, s2 …, numbers
// 1, 2 …, decimals with four (rates six) decimal places, times with nanoseconds in a non-UTC
// zone (storage must bring them to UTC microseconds), two elements in every slice.
type filler struct{ n int }

var (
	decimalType     = reflect.TypeOf(decimal.Decimal{})
	nullDecimalType = reflect.TypeOf(decimal.NullDecimal{})
	timeType        = reflect.TypeOf(time.Time{})
	fillZone        = time.FixedZone("UTC+1", 3600)
)

func (f *filler) next() int { f.n++; return f.n }

func (f *filler) fill(v reflect.Value, name string) {
	switch v.Type() {
	case decimalType:
		v.Set(reflect.ValueOf(f.decimal(name)))
		return
	case nullDecimalType:
		v.Set(reflect.ValueOf(decimal.NullDecimal{Decimal: f.decimal(name), Valid: true}))
		return
	case timeType:
		n := f.next()
		t := time.Date(2026, 1, 2, 3, 4, 5, 123456789, fillZone).Add(time.Duration(n) * time.Minute)
		v.Set(reflect.ValueOf(t))
		return
	}
	switch v.Kind() {
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				f.fill(v.Field(i), v.Type().Field(i).Name)
			}
		}
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		f.fill(v.Elem(), name)
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		for i := range 2 {
			f.fill(v.Index(i), name)
		}
	case reflect.String:
		v.SetString(fmt.Sprintf("s%d", f.next()))
	case reflect.Int, reflect.Int64, reflect.Uint8:
		n := f.next()
		if v.Kind() == reflect.Uint8 {
			v.SetUint(uint64(1 + n%7))
		} else {
			v.SetInt(int64(n))
		}
	case reflect.Bool:
		v.SetBool(true)
	default:
		panic("filler: unhandled kind " + v.Kind().String() + " at " + name)
	}
}

func (f *filler) decimal(name string) decimal.Decimal {
	n := f.next()
	if strings.HasSuffix(name, "Rate") {
		return decimal.New(int64(n*1000+n%997+1), -6) // e.g. 0.012013: needs six places
	}
	return decimal.New(int64(n*10000+n%9973+1), -4)
}

// filledOrder returns an order in which every field of every entity is set, then adjusted so the
// order is valid (references, quantities, amounts, codes).
func filledOrder(f *filler) *order.CustomerOrder {
	o := &order.CustomerOrder{}
	f.fill(reflect.ValueOf(o).Elem(), "")
	o.Version = 0
	makeValid(o)
	return o
}

// makeValid fixes what validation cares about, keeping values distinct where it can.
func makeValid(o *order.CustomerOrder) {
	o.EnsureIDs()
	op := func(op *order.Operation) {
		op.Currency = "EUR"
		op.CancelledState = order.CancelRequested
		props(op.DynamicProperties)
	}
	op(&o.Operation)
	props(o.DynamicProperties)
	o.LanguageCode = "en-US"
	for i := range o.Addresses {
		address(&o.Addresses[i])
	}
	for i := range o.Items {
		li := &o.Items[i]
		li.Currency = "EUR"
		li.Quantity = 100 + li.Quantity
		li.DiscountAmount = li.Price.Div(decimal.NewFromInt(2)).Round(4)
		props(li.DynamicProperties)
	}
	line := func(i int) string { return o.Items[i%len(o.Items)].ID }
	for i := range o.Shipments {
		s := &o.Shipments[i]
		op(&s.Operation)
		s.DiscountAmount = s.Price.Div(decimal.NewFromInt(3)).Round(4)
		if s.DeliveryAddress != nil {
			address(s.DeliveryAddress)
		}
		s.InPayments = nil // nested for reading only (order.ForRead), never stored
		for j := range s.Items {
			s.Items[j].LineItem = nil
			s.Items[j].LineItemID = line(i + j)
			s.Items[j].Quantity = 1 + s.Items[j].Quantity%3
			s.Items[j].ShipmentPackageID = ""
			if len(s.Packages) > 0 {
				s.Items[j].ShipmentPackageID = s.Packages[j%len(s.Packages)].ID
			}
		}
	}
	for i := range o.InPayments {
		p := &o.InPayments[i]
		op(&p.Operation)
		p.ShipmentID = ""
		if len(o.Shipments) > 0 {
			p.ShipmentID = o.Shipments[i%len(o.Shipments)].ID
		}
		p.DiscountAmount = p.Price.Div(decimal.NewFromInt(3)).Round(4)
		p.Sum = p.Sum.Add(decimal.NewFromInt(1_000_000))
		if p.BillingAddress != nil {
			address(p.BillingAddress)
		}
		for j := range p.Captures {
			c := &p.Captures[j]
			op(&c.Operation)
			for k := range c.Items {
				c.Items[k].LineItem = nil
				c.Items[k].LineItemID = line(j + k)
			}
		}
		for j := range p.Refunds {
			r := &p.Refunds[j]
			op(&r.Operation)
			r.ReasonCode = order.RefundReasonCodes[j%len(order.RefundReasonCodes)]
			// A part of the amount, small enough that the refunds' shipping stays under the shipping.
			r.ShippingAmount = decimal.New(int64(j+1), -2)
			for k := range r.Items {
				r.Items[k].LineItem = nil
				r.Items[k].LineItemID = line(j + k)
			}
		}
	}
}

func address(a *order.Address) {
	a.Email = a.Email + "@example.com"
	a.CountryCode = "FR"
}

func props(ps []order.DynamicProperty) {
	for i := range ps {
		ps[i].ValueType = order.DynamicValueTypes[i%len(order.DynamicValueTypes)]
	}
}

// editEverything changes a field in every collection of the tree, removes its last element
// and appends a new, fully filled one; then makes the order valid again.
func editEverything(f *filler, o *order.CustomerOrder) {
	o.Comment = "edited"
	o.Shipments[0].DeliveryAddress.City = "Lyon"
	editSlices(f, reflect.ValueOf(o).Elem())
	makeValid(o)
}

func editSlices(f *filler, v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			editSlices(f, v.Elem())
		}
	case reflect.Struct:
		if v.Type() == decimalType || v.Type() == nullDecimalType || v.Type() == timeType {
			return
		}
		for i := range v.NumField() {
			if v.Type().Field(i).Name != "OrderTotals" && v.Type().Field(i).IsExported() {
				editSlices(f, v.Field(i))
			}
		}
	case reflect.Slice:
		if v.Len() == 0 || v.Type().Elem().Kind() != reflect.Struct {
			return
		}
		// Change the first element, drop the last, add a new one.
		changeText(reflect.Value(v.Index(0)), fmt.Sprintf("chg%d", f.next()))
		fresh := reflect.New(v.Type().Elem()).Elem()
		f.fill(fresh, "")
		kept := reflect.AppendSlice(reflect.MakeSlice(v.Type(), 0, v.Len()), v.Slice(0, v.Len()-1))
		v.Set(reflect.Append(kept, fresh))
		for i := range v.Len() {
			editSlices(f, v.Index(i))
		}
	}
}

// changeText sets the first plain string field that is not an id or code.
func changeText(v reflect.Value, s string) bool {
	for i := range v.NumField() {
		fv, ft := v.Field(i), v.Type().Field(i)
		if ft.Anonymous && fv.Kind() == reflect.Struct {
			if changeText(fv, s) {
				return true
			}
			continue
		}
		if fv.Type() != reflect.TypeOf("") || strings.HasSuffix(ft.Name, "ID") {
			continue
		}
		switch ft.Name {
		case "Number", "Currency", "CurrencyCode", "Email", "CountryCode", "LanguageCode", "Type":
			continue
		}
		fv.SetString(s)
		return true
	}
	return false
}

// diffTree lists where got differs from want: decimals by value, times by instant (and got must
// be UTC), nil and empty slices alike.
func diffTree(want, got any) []string {
	var out []string
	var walk func(path string, a, b reflect.Value)
	walk = func(path string, a, b reflect.Value) {
		if len(out) > 30 {
			return
		}
		switch a.Type() {
		case decimalType:
			if !a.Interface().(decimal.Decimal).Equal(b.Interface().(decimal.Decimal)) {
				out = append(out, fmt.Sprintf("%s: want %v, got %v", path, a.Interface(), b.Interface()))
			}
			return
		case nullDecimalType:
			x, y := a.Interface().(decimal.NullDecimal), b.Interface().(decimal.NullDecimal)
			if x.Valid != y.Valid || !x.Decimal.Equal(y.Decimal) {
				out = append(out, fmt.Sprintf("%s: want %v, got %v", path, x, y))
			}
			return
		case timeType:
			x, y := a.Interface().(time.Time), b.Interface().(time.Time)
			if !x.Equal(y) || (!y.IsZero() && y.Location() != time.UTC) {
				out = append(out, fmt.Sprintf("%s: want %v, got %v", path, x, y))
			}
			return
		}
		switch a.Kind() {
		case reflect.Pointer:
			if a.IsNil() || b.IsNil() {
				if a.IsNil() != b.IsNil() {
					out = append(out, fmt.Sprintf("%s: want %v, got %v", path, a, b))
				}
				return
			}
			walk(path, a.Elem(), b.Elem())
		case reflect.Struct:
			for i := range a.NumField() {
				if a.Type().Field(i).IsExported() {
					walk(path+"."+a.Type().Field(i).Name, a.Field(i), b.Field(i))
				}
			}
		case reflect.Slice:
			if a.Len() != b.Len() {
				out = append(out, fmt.Sprintf("%s: want %d elements, got %d", path, a.Len(), b.Len()))
				return
			}
			for i := range a.Len() {
				walk(fmt.Sprintf("%s[%d]", path, i), a.Index(i), b.Index(i))
			}
		default:
			if !reflect.DeepEqual(a.Interface(), b.Interface()) {
				out = append(out, fmt.Sprintf("%s: want %v, got %v", path, a.Interface(), b.Interface()))
			}
		}
	}
	walk("", reflect.ValueOf(want), reflect.ValueOf(got))
	return out
}

func sameTree(t *testing.T, what string, want, got any) {
	t.Helper()
	if diffs := diffTree(want, got); len(diffs) > 0 {
		t.Errorf("%s differs:\n  %s", what, strings.Join(diffs, "\n  "))
	}
}

// simpleOrder is a small valid order with n lines, n shipments each carrying one unit of a line,
// and one new payment.
func simpleOrder(n int) *order.CustomerOrder { return orderWith(n, n) }

// orderWith is simpleOrder with lines and shipments counted apart (shipments ≤ lines).
func orderWith(lines, shipments int) *order.CustomerOrder {
	n := lines
	o := &order.CustomerOrder{
		Operation:    order.Operation{Currency: "EUR", Status: order.OrderNew},
		CustomerID:   "cust-1",
		CustomerName: "Ada Lovelace",
		StoreID:      "books",
		Addresses:    []order.Address{{AddressType: order.AddressBillingAndShipping, City: "Paris", CountryName: "France"}},
	}
	for i := range n {
		o.Items = append(o.Items, order.LineItem{
			ID: order.NewID(), Currency: "EUR", Price: decimal.RequireFromString("10.50"), Quantity: 2,
			ProductID: fmt.Sprintf("p%d", i), Sku: fmt.Sprintf("SKU-%d", i), Name: "Book", CatalogID: "cat",
			TaxPercentRate: decimal.RequireFromString("0.2"),
		})
	}
	for i := range shipments {
		o.Shipments = append(o.Shipments, order.Shipment{
			Operation: order.Operation{Currency: "EUR", Status: order.ShipmentNew},
			Price:     decimal.RequireFromString("4.90"),
			Items:     []order.ShipmentItem{{LineItemID: o.Items[i].ID, Quantity: 1}},
		})
	}
	o.InPayments = []order.PaymentIn{{
		Operation:  order.Operation{Currency: "EUR", Status: string(order.PaymentNew), Sum: decimal.RequireFromString("100")},
		CustomerID: "cust-1",
	}}
	return o
}

// countRows counts the rows of every order table.
func countRows(t *testing.T, st *store.Store) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, table := range []string{
		"orders", "order_line_items", "order_configuration_items", "order_configuration_item_files",
		"order_shipments", "order_shipment_items", "order_shipment_packages", "order_payments",
		"order_payment_transactions", "order_captures", "order_capture_items", "order_refunds",
		"order_refund_items", "order_addresses", "order_discounts", "order_tax_details",
		"order_fee_details", "order_dynamic_property_values", "order_returns", "order_return_line_items",
	} {
		var n int
		if err := st.DB().Get(&n, "SELECT COUNT(*) FROM "+table); err != nil {
			t.Fatal(err)
		}
		out[table] = n
	}
	return out
}
