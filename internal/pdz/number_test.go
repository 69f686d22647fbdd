package pdz

import (
	"errors"
	"math/big"
	"strings"
	"testing"
)

func TestParseDecimal(t *testing.T) {
	for _, c := range []struct {
		in    string
		units int64
		scale int
		it    string
	}{
		{"70.275", 70275, 0, "70.275"},
		{"1.580,56", 158056, 2, "1.580,56"},
		{"1580.56", 158056, 2, "1.580,56"},
		{"3,2", 32, 1, "3,2"},
		{"2,30", 230, 2, "2,30"},
		{"2.55", 255, 2, "2,55"},
		{"- 152", -152, 0, "-152"},
		{"−40", -40, 0, "-40"},
		{"0", 0, 0, "0"},
		{"47,14%", 4714, 2, "47,14"},
		{"1.234.567", 1234567, 0, "1.234.567"},
		{"0,05", 5, 2, "0,05"},
	} {
		d, err := ParseDecimal(c.in)
		if err != nil || d.Units != c.units || d.Scale != c.scale {
			t.Errorf("%q: %+v %v", c.in, d, err)
			continue
		}
		if d.Italian() != c.it {
			t.Errorf("%q: Italian %q, want %q", c.in, d.Italian(), c.it)
		}
		back, err := ParseDecimal(d.String())
		if err != nil || back != d {
			t.Errorf("%q: canonical %q does not read back", c.in, d.String())
		}
	}
	for _, bad := range []string{"", "abc", "1,2,3", "70.27.5", "12.34,5.6", "1e5", "--3", "1.2345,6"} {
		if _, err := ParseDecimal(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestParseMoney(t *testing.T) {
	for in, want := range map[string]int64{
		"€ 818.650,49": 81865049, "818650,49": 81865049, "1.321.312,32": 132131232, "0": 0, "€ 0,00": 0,
		"149.000": 14900000, "15.000,00": 1500000, "5000": 500000, "12,5": 1250, "  € 1.234,56 ": 123456,
	} {
		got, err := ParseMoney(in)
		if err != nil || got != want {
			t.Errorf("%q: %d %v, want %d", in, got, err, want)
		}
	}
	for _, bad := range []string{"-5", "1,234", "abc", "€", "1.2.3,4", "1.2.3.4.5.6.7.8.9.0.1.2.3.4.5.6.7.8"} {
		if _, err := ParseMoney(bad); err == nil || errors.Is(err, ErrMoneyTooLarge) {
			t.Errorf("%q: %v, want an error of form", bad, err)
		}
	}
	// the largest amount, and what is above it
	if c, err := ParseMoney("€ 999.999.999.999,99"); err != nil || c != 99_999_999_999_999 {
		t.Errorf("the maximum: %d %v", c, err)
	}
	for _, big := range []string{"1.000.000.000.000", "1000000000000,00", "999.999.999.999,991", "46.000.000.000.000.000", "€ 46000000000000000000", "92233720368547758,07"} {
		_, err := ParseMoney(big)
		if big == "999.999.999.999,991" {
			if err == nil || errors.Is(err, ErrMoneyTooLarge) {
				t.Errorf("%q: %v, want the error of three decimals", big, err)
			}
			continue
		}
		if !errors.Is(err, ErrMoneyTooLarge) {
			t.Errorf("%q: %v, want ErrMoneyTooLarge", big, err)
		}
	}
	if MoneyTooLargeMessage != "L'importo supera il massimo consentito di € 999.999.999.999,99." {
		t.Errorf("message %q", MoneyTooLargeMessage)
	}
	if MoneyValue(74292733) != "742.927,33" || MoneyValue(5) != "0,05" {
		t.Errorf("MoneyValue: %s %s", MoneyValue(74292733), MoneyValue(5))
	}
}

func TestArticlesAndCodes(t *testing.T) {
	got := strings.Join(ParseArticles("Artt. 52-53-90-89-101-103-104"), "|")
	if got != "52|53|90|89|101|103|104" {
		t.Errorf("articles %q", got)
	}
	got = strings.Join(ParseArticles("Artt.60-87-88-60 ter -105"), "|")
	if got != "60|87|88|60 ter|105" {
		t.Errorf("articles %q", got)
	}
	if NormalizeArticle("Art. 87 bis") != "87 bis" || NormalizeArticle("60ter") != "60 ter" {
		t.Error("NormalizeArticle")
	}
	for in, want := range map[string]string{"A1": "A.1", "f7": "F.7", "B.2": "B.2", "T": "T", " c 3": "C.3"} {
		if got := NormalizeIntervention(in); got != want {
			t.Errorf("%q → %q, want %q", in, got, want)
		}
	}
}

func TestParseYears(t *testing.T) {
	for in, want := range map[string]string{"2022-2024": "2022, 2023, 2024", "2022, 2023, 2024": "2022, 2023, 2024", "2026 2027": "2026, 2027"} {
		ys, ok := ParseYears(in)
		if !ok || YearsText(ys) != want {
			t.Errorf("%q: %v %v", in, ys, ok)
		}
	}
	if _, ok := ParseYears("2024-2022"); ok {
		t.Error("reversed range accepted")
	}
}

func TestRoundDecimal(t *testing.T) {
	for _, c := range []struct {
		num, den int64
		scale    int
		want     Decimal
	}{
		{254, 100, 1, Decimal{25, 1}},
		{25, 10, 0, Decimal{3, 0}},   // half away from zero
		{-25, 10, 0, Decimal{-3, 0}}, // and below zero too
		{1, 3, 2, Decimal{33, 2}},
		{-2, 3, 2, Decimal{-67, 2}},
	} {
		if got := RoundDecimal(big.NewRat(c.num, c.den), c.scale); got != c.want {
			t.Errorf("RoundDecimal(%d/%d, %d) = %v, want %v", c.num, c.den, c.scale, got, c.want)
		}
	}
	if got := (Decimal{-1580, 1}).Rat(); got.Cmp(big.NewRat(-158, 1)) != 0 {
		t.Errorf("Rat of -158,0 = %v", got)
	}
	if got := HalfUnit(2); got.Cmp(big.NewRat(1, 200)) != 0 {
		t.Errorf("HalfUnit(2) = %v", got)
	}
}

// Sums of money are checked: an overflow is reported, never wrapped.
func TestAddMoney(t *testing.T) {
	const max = 1<<63 - 1
	for _, c := range []struct {
		a, b, want int64
		ok         bool
	}{
		{1, 2, 3, true},
		{max - 1, 1, max, true},
		{max, 1, 0, false},
		{4_600_000_000_000_000_000, 4_600_000_000_000_000_000, 9_200_000_000_000_000_000, true},
		{9_200_000_000_000_000_000, 4_600_000_000_000_000_000, 0, false}, // the third of three such amounts
		{-max, -1, -max - 1, true},
		{-max - 1, -1, 0, false},
		{max, -max, 0, true},
	} {
		got, ok := AddMoney(c.a, c.b)
		if got != c.want || ok != c.ok {
			t.Errorf("AddMoney(%d, %d) = %d, %v; want %d, %v", c.a, c.b, got, ok, c.want, c.ok)
		}
	}
}
