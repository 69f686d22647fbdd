package locale

import (
	"errors"
	"testing"

	"github.com/pdz-ats/pdz/internal/pdz"
)

func TestParseMoney(t *testing.T) {
	ok := map[string]int64{"": 0, "0": 0, "12500": 1250000, "12.500": 1250000, "12.500,50": 1250050, "12500,5": 1250050,
		"€ 1.234.567,89": 123456789, "12500.50": 1250050, "12500.5": 1250050, " 7,05 € ": 705, "-3,00": -300, "1.000.000": 100000000}
	for in, want := range ok {
		if got, err := ParseMoney(in); err != nil || got != want {
			t.Errorf("%q: %d %v, want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"abc", "12,345", "1.23.456", "12..5", ",5", "1.2345,00", "12,5,0", "99999999999999"} {
		if got, err := ParseMoney(in); err == nil {
			t.Errorf("%q accepted as %d", in, got)
		}
	}
	// the bound of every amount in pdz
	if got, err := ParseMoney("999.999.999.999,99"); err != nil || got != pdz.MaxMoney {
		t.Errorf("the maximum: %d %v", got, err)
	}
	if _, err := ParseMoney("1.000.000.000.000,00"); !errors.Is(err, pdz.ErrMoneyTooLarge) {
		t.Errorf("above the maximum: %v", err)
	}
	if got := MoneyInput(1250050); got != "12.500,50" {
		t.Errorf("MoneyInput: %q", got)
	}
	if got, _ := ParseMoney(MoneyInput(98765432)); got != 98765432 {
		t.Errorf("round trip: %d", got)
	}
}
