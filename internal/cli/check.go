package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"orderdesk/internal/store"
)

// errProblems makes check exit non-zero when it found something; the problems are printed.
var errProblems = errors.New("each is listed above")

func (c *command) check(ctx context.Context, args []string) error {
	fs := c.flags("check [-config FILE] [--repair] [--batch N]",
		"Checks every order: stored totals against a fresh recalculation, change-set versions\n"+
			"1..version without gaps, the list facts and search row against the documents, and the\n"+
			"daily figures against a recomputation. Prints each problem and a summary; exits 1 when\n"+
			"there are problems. --repair rebuilds the derived data (list facts, search rows, daily\n"+
			"figures), re-totals orders whose stored totals differ from a recalculation under the\n"+
			"currency rules in force (one audited system change each: the lines and documents are not\n"+
			"touched) and checks again. Safe beside a running server.")
	repair := fs.Bool("repair", false, "rebuild the derived data the check finds wrong, then check again")
	batch := fs.Int("batch", 500, "orders read per round of queries")
	if err := c.parse(fs, args); err != nil {
		return err
	}
	conn, err := c.openCurrent(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	st := c.newStore(conn)

	res, err := c.checkOnce(ctx, st, *batch)
	if err != nil {
		return err
	}
	if *repair && res.Problems > 0 {
		retotalled, err := st.RetotalOrders(ctx, res.Retotal)
		if err != nil {
			return err
		}
		if retotalled > 0 {
			fmt.Fprintf(c.stdout, "re-totalled: %d order(s) under the currency rules in force (%q in their history)\n", retotalled, store.RetotalReason)
		}
		fixed, err := st.RepairDerived(ctx, res.Repair)
		if err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, "repaired: list facts and search rows of %d order(s), %d search row(s) of missing orders deleted, daily and customer figures rebuilt\n",
			fixed.Listings, fixed.OrphansGone)
		fmt.Fprintln(c.stdout, "checking again")
		if res, err = c.checkOnce(ctx, st, *batch); err != nil {
			return err
		}
	}
	if res.Problems > 0 {
		return fmt.Errorf("%d problem(s) found: %w", res.Problems, errProblems)
	}
	return nil
}

// checkOnce runs the check, printing each problem as it is found and then the summary; the
// progress bar goes to stderr when that is a terminal.
func (c *command) checkOnce(ctx context.Context, st *store.Store, batch int) (store.CheckResult, error) {
	var bar *progressbar.ProgressBar
	opt := store.CheckOptions{
		Batch: batch,
		Found: func(p store.Problem) {
			if bar != nil {
				_ = bar.Clear()
			}
			fmt.Fprintln(c.stdout, p.String())
		},
	}
	if isTerminal(c.stderr) {
		opt.Progress = func(done, total int) {
			if bar == nil {
				bar = progressbar.NewOptions(total,
					progressbar.OptionSetWriter(c.stderr),
					progressbar.OptionSetDescription("checking orders"),
					progressbar.OptionShowCount(),
					progressbar.OptionShowIts(),
					progressbar.OptionSetItsString("orders"),
					progressbar.OptionThrottle(100*time.Millisecond),
					progressbar.OptionClearOnFinish(),
				)
			}
			_ = bar.Set(done)
		}
	}
	res, err := st.CheckOrders(ctx, opt)
	if bar != nil {
		_ = bar.Finish()
	}
	if err != nil {
		return res, err
	}
	rate := 0.0
	if s := res.Elapsed.Seconds(); s > 0 {
		rate = float64(res.Orders) / s
	}
	fmt.Fprintf(c.stdout, "checked %d order(s) in %s (%.0f orders/s): %d problem(s)\n",
		res.Orders, res.Elapsed.Round(time.Millisecond), rate, res.Problems)
	return res, nil
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
