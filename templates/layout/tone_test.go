package layout

import "testing"

func TestStatusTone(t *testing.T) {
	for _, c := range []struct {
		status    string
		cancelled bool
		want      string
	}{
		{"Completed", false, "ok"}, {"Sent", false, "ok"}, {"Paid", false, "ok"},
		{"New", false, "warn"}, {"Not payed", false, "warn"}, {"Authorized", false, "warn"},
		{"Cancelled", false, "bad"}, {"Voided", false, "bad"},
		{"Processing", false, ""}, {"Processing", true, "bad"},
		// a cancelled flag does not turn a finished document red
		{"Completed", true, "ok"},
	} {
		if got := StatusTone(c.status, c.cancelled); got != c.want {
			t.Errorf("StatusTone(%q, %v) = %q, want %q", c.status, c.cancelled, got, c.want)
		}
	}
	if BadgeClass("") != "" || BadgeClass("ok") != "badge-ok" {
		t.Error("BadgeClass")
	}
}
