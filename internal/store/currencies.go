package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/jmoiron/sqlx"

	"orderdesk/internal/order"
)

// currencyRow is a row of the currencies table.
type currencyRow struct {
	Code     string `db:"code"`
	Name     string `db:"name"`
	Symbol   string `db:"symbol"`
	Digits   int32  `db:"decimal_digits"`
	Midpoint string `db:"midpoint_rounding"`
	Rounding string `db:"rounding_type"`
}

const currencyColumns = `code, name, symbol, decimal_digits, midpoint_rounding, rounding_type`

// currency is the row as the domain's value. A name the table holds that this build does not
// know (written by hand) falls back to Virto's defaults, as Virto's EnumUtility.SafeParse does.
func (r currencyRow) currency() order.Currency {
	c := order.Currency{Code: strings.ToUpper(r.Code), Name: r.Name, Symbol: r.Symbol, DecimalDigits: r.Digits}
	if m, err := order.ParseMidpointRounding(r.Midpoint); err == nil {
		c.Midpoint = m
	}
	if t, err := order.ParseRoundingType(r.Rounding); err == nil {
		c.RoundingType = t
	}
	return c
}

// currencyResult reads the whole currencies table as the last statement of an order's load
// batch (loadBatch); it takes no argument.
type currencyResult struct{ rows []currencyRow }

func (*currencyResult) statement() string {
	return "SELECT " + currencyColumns + " FROM currencies ORDER BY code"
}
func (*currencyResult) tableName() string { return "currencies" }
func (c *currencyResult) scan(rows *sql.Rows) error {
	c.rows = c.rows[:0]
	for rows.Next() {
		var r currencyRow
		if err := rows.Scan(&r.Code, &r.Name, &r.Symbol, &r.Digits, &r.Midpoint, &r.Rounding); err != nil {
			return fmt.Errorf("store: load currencies: %w", err)
		}
		c.rows = append(c.rows, r)
	}
	return nil
}

// set is what was read, as the domain's set.
func (c *currencyResult) set() order.Currencies {
	list := make([]order.Currency, len(c.rows))
	for i, r := range c.rows {
		list[i] = r.currency()
	}
	return order.NewCurrencies(list...)
}

// loadCurrencies reads the currencies table, every row, sorted by code.
func loadCurrencies(ctx context.Context, q sqlx.QueryerContext) ([]order.Currency, error) {
	var rows []currencyRow
	if err := sqlx.SelectContext(ctx, q, &rows, `
		SELECT `+currencyColumns+`
		FROM currencies
		ORDER BY code`); err != nil {
		return nil, fmt.Errorf("store: currencies: %w", err)
	}
	out := make([]order.Currency, len(rows))
	for i, r := range rows {
		out[i] = r.currency()
	}
	return out, nil
}

// currencySet is the currencies table as the set the totals round with.
func currencySet(ctx context.Context, q sqlx.QueryerContext) (order.Currencies, error) {
	list, err := loadCurrencies(ctx, q)
	if err != nil {
		return order.Currencies{}, err
	}
	return order.NewCurrencies(list...), nil
}

// CurrencyList returns every currency of the desk, sorted by code (the admin page).
func (s *Store) CurrencyList(ctx context.Context) ([]order.Currency, error) {
	return loadCurrencies(ctx, s.db)
}

// Currencies returns the currency rules in force, read now: for figures that belong to no one
// order (the dashboard's per-currency sums). Orders carry their own, read with them.
func (s *Store) Currencies(ctx context.Context) (order.Currencies, error) {
	return currencySet(ctx, s.db)
}

// ErrCurrencyNotFound says the currency to edit does not exist.
var ErrCurrencyNotFound = errors.New("store: no such currency")

// SaveCurrency adds a currency (create) or replaces the name, symbol and rounding rules of one,
// audited in the same transaction. in is checked first (order.CurrencyInput's problems, keyed
// by form field); adding a code that exists is a problem of the code field; editing one that
// does not is ErrCurrencyNotFound. Orders pick the new rules up on their next load and save;
// the totals stored for lists are rebuilt on each order's next save (or by orderdesk check
// --repair).
func (s *Store) SaveCurrency(ctx context.Context, by Actor, in order.CurrencyInput, create bool) (order.Currency, error) {
	c, fe := in.Parse()
	if err := fe.Err(); err != nil {
		return c, err
	}
	err := s.InTx(ctx, func(tx *sqlx.Tx) error {
		var stored []currencyRow
		if err := tx.SelectContext(ctx, &stored, `
			SELECT `+currencyColumns+`
			FROM currencies
			WHERE code = ?
			FOR UPDATE`, c.Code); err != nil {
			return fmt.Errorf("store: currency %s: %w", c.Code, err)
		}
		switch {
		case create && len(stored) > 0:
			return order.Problems{"code": c.Code + " is a currency already; edit it in the list"}
		case !create && len(stored) == 0:
			return fmt.Errorf("%w: %s", ErrCurrencyNotFound, c.Code)
		}
		action, detail := "currency.created", describeCurrency(c)
		if create {
			if _, err := tx.ExecContext(ctx, `
				INSERT INTO currencies (`+currencyColumns+`, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?)`,
				c.Code, c.Name, c.Symbol, c.DecimalDigits, c.Midpoint.String(), c.RoundingType.String(), s.Now()); err != nil {
				if isDuplicate(err) {
					return order.Problems{"code": c.Code + " is a currency already; edit it in the list"}
				}
				return fmt.Errorf("store: add currency %s: %w", c.Code, err)
			}
		} else {
			before := stored[0].currency()
			if before == c {
				return nil // nothing changed: nothing written, nothing audited
			}
			action, detail = "currency.updated", describeCurrency(before)+" → "+describeCurrency(c)
			if _, err := tx.ExecContext(ctx, `
				UPDATE currencies
				SET name = ?, symbol = ?, decimal_digits = ?, midpoint_rounding = ?, rounding_type = ?, updated_at = ?
				WHERE code = ?`,
				c.Name, c.Symbol, c.DecimalDigits, c.Midpoint.String(), c.RoundingType.String(), s.Now(), c.Code); err != nil {
				return fmt.Errorf("store: save currency %s: %w", c.Code, err)
			}
		}
		return s.recordEvent(ctx, tx, by, action, "", detail)
	})
	return c, err
}

// describeCurrency is a currency in an audit line.
func describeCurrency(c order.Currency) string {
	return fmt.Sprintf("%s %q %q, %d digits, %s, %s", c.Code, c.Name, c.Symbol, c.DecimalDigits, c.Midpoint, c.RoundingType)
}
