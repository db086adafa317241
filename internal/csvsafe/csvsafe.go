// Package csvsafe writes CSV that spreadsheet programs open as data, never as formulas (CSV or
// formula injection): every CSV the project writes goes through its Writer.
package csvsafe

import (
	"encoding/csv"
	"io"
	"strings"

	"github.com/shopspring/decimal"
)

// Cell neutralizes one cell: text that a spreadsheet would take for a formula (it starts,
// after any blanks, with = + - @ or a tab, carriage return or line feed) gets a leading
// apostrophe, which spreadsheets show as text. Plain numbers, negative ones included, stay
// numbers.
func Cell(c string) string {
	if _, err := decimal.NewFromString(c); err == nil && !strings.ContainsAny(c, "eE") {
		return c
	}
	trimmed := strings.TrimLeft(c, " ")
	if trimmed != "" && strings.ContainsRune("=+-@\t\r\n", rune(trimmed[0])) {
		return "'" + c
	}
	return c
}

// Writer is a csv.Writer whose every cell goes through Cell.
type Writer struct {
	*csv.Writer
}

// NewWriter writes neutralized CSV to w.
func NewWriter(w io.Writer) *Writer { return &Writer{csv.NewWriter(w)} }

// Write writes one record, each cell neutralized.
func (w *Writer) Write(record []string) error {
	safe := make([]string, len(record))
	for i, c := range record {
		safe[i] = Cell(c)
	}
	return w.Writer.Write(safe)
}
