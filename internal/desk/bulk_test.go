package desk

import (
	"errors"
	"fmt"
	"testing"

	"orderdesk/internal/auth"
	"orderdesk/internal/order"
	"orderdesk/internal/policy"
)

// TestBulkChanges: the status and assignment changes refuse locked orders in the list's words,
// skip orders already as asked (what a resumed job meets), and leave cancelling to Cancel.
func TestBulkChanges(t *testing.T) {
	locked := orderWith("New", "New", false)
	locked.Status = order.OrderCompleted
	cancelled := orderWith("New", "New", false)
	cancelled.Status, cancelled.IsCancelled = order.OrderCancelled, true
	open := orderWith("New", "New", false)
	open.EmployeeID = "U1"
	for _, c := range []struct {
		name   string
		o      *order.CustomerOrder
		change Change
		want   string // "" saves; else the refusal or skip
		skip   bool
	}{
		{"completed", locked, SetStatus(order.OrderProcessing), "locked: completed", false},
		{"cancelled", cancelled, Assign("U2", "Bo"), "locked: cancelled", false},
		{"same status", open, SetStatus("New"), "already New", true},
		{"cancel by status", open, SetStatus(order.OrderCancelled), "cancel orders with Cancel, which asks for a reason", false},
		{"same person", open, Assign("U1", "Ann"), "already assigned to Ann", true},
		{"new status", open, SetStatus(order.OrderProcessing), "", false},
		{"unassign", open, Assign("", ""), "", false},
	} {
		work := c.o.Clone()
		err := c.change(c.o, work)
		var skip errSkip
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.want != "" && (err == nil || err.Error() != c.want || errors.As(err, &skip) != c.skip):
			t.Errorf("%s: %v (skip %v), want %q (skip %v)", c.name, err, errors.As(err, &skip), c.want, c.skip)
		}
	}
}

// TestBulkMessage: the result list's words for each refusal a use case returns; a fault is not
// one of them.
func TestBulkMessage(t *testing.T) {
	for _, c := range []struct {
		err  error
		want string
	}{
		{&Refusal{Message: "locked: completed"}, "locked: completed"},
		{fmt.Errorf("save: %w", &policy.ForbiddenChangeError{Missing: []auth.Permission{auth.OrderUpdate}}),
			"refused: this change needs order:update, which your role does not have; nothing was saved"},
		{order.Problems{"reason": "say why"}, "needs a reason: say why"},
		{order.Problems{"status": `a CustomerOrder in status "New" can move to Processing, not "Completed"`},
			`not saved: status: a CustomerOrder in status "New" can move to Processing, not "Completed"`},
		{&order.ConflictError{OrderID: "O1", Expected: 1, Actual: 2}, "others kept changing it; nothing was saved"},
	} {
		if got, ok := BulkMessage(c.err); !ok || got != c.want {
			t.Errorf("%v: %q %v, want %q", c.err, got, ok, c.want)
		}
	}
	if _, ok := BulkMessage(errors.New("connection refused")); ok {
		t.Error("a fault was worded as a refusal")
	}
}
