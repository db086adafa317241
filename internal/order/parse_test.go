package order

import "testing"

func TestParseAmount(t *testing.T) {
	for in, want := range map[string]string{
		"1234.50": "1234.5", "1 234,50": "1234.5", "1.234,50": "1234.5", "1,234.50": "1234.5",
		"12,5": "12.5", "1,234,567": "1234567", " 7 ": "7", "-3": "-3",
	} {
		got, err := ParseAmount(in)
		if err != nil || got.String() != want {
			t.Errorf("ParseAmount(%q) = %s, %v; want %s", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "abc", "1.2.3", "1e5", "12€", "--1", "1,2,3.4.5"} {
		if got, err := ParseAmount(bad); err == nil {
			t.Errorf("ParseAmount(%q) = %s, want an error", bad, got)
		}
	}
	if _, err := ParseMoney("-1"); err == nil {
		t.Error("negative money accepted")
	}
}

func TestParsePercentAndQuantity(t *testing.T) {
	if d, err := ParsePercent("12 %"); err != nil || d.String() != "0.12" {
		t.Errorf("ParsePercent(12 %%) = %s, %v", d, err)
	}
	if d, err := ParsePercent("7,5"); err != nil || d.String() != "0.075" {
		t.Errorf("ParsePercent(7,5) = %s, %v", d, err)
	}
	for _, bad := range []string{"101", "-1", "x"} {
		if _, err := ParsePercent(bad); err == nil {
			t.Errorf("ParsePercent(%q) accepted", bad)
		}
	}
	if n, err := ParseQuantity(" 3 "); err != nil || n != 3 {
		t.Errorf("ParseQuantity(3) = %d, %v", n, err)
	}
	for _, bad := range []string{"0", "1.5", "-2", "", "2000000"} {
		if _, err := ParseQuantity(bad); err == nil {
			t.Errorf("ParseQuantity(%q) accepted", bad)
		}
	}
}
