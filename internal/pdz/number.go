package pdz

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"math/big"
	"strconv"
	"strings"
)

// OptInt is an integer that may be absent: a blank cell of a table ("€ ____",
// a figure the document does not give) is not a zero.
type OptInt struct {
	V   int64
	Set bool
}

// Some returns a present OptInt.
func Some(v int64) OptInt { return OptInt{V: v, Set: true} }

// Value stores an absent OptInt as NULL.
func (o OptInt) Value() (driver.Value, error) {
	if !o.Set {
		return nil, nil
	}
	return o.V, nil
}

// Scan reads a nullable integer column.
func (o *OptInt) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*o = OptInt{}
	case int64:
		*o = Some(v)
	case int32:
		*o = Some(int64(v))
	case int:
		*o = Some(int64(v))
	case []byte:
		n, err := strconv.ParseInt(string(v), 10, 64)
		if err != nil {
			return err
		}
		*o = Some(n)
	default:
		return fmt.Errorf("pdz.OptInt: cannot scan %T", src)
	}
	return nil
}

// MarshalJSON writes null or the number.
func (o OptInt) MarshalJSON() ([]byte, error) {
	if !o.Set {
		return []byte("null"), nil
	}
	return []byte(strconv.FormatInt(o.V, 10)), nil
}

// UnmarshalJSON reads null or an integer.
func (o *OptInt) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*o = OptInt{}
		return nil
	}
	var n int64
	if err := json.Unmarshal(b, &n); err != nil {
		return err
	}
	*o = Some(n)
	return nil
}

// Decimal is a number as a document prints it: digits and the number of
// decimals shown. "3,2" is {32, 1}; "70.275" is {70275, 0}. Keeping the
// printed precision lets a check tell "2,5 is 2,54 rounded" from "3,2 is
// wrong".
type Decimal struct {
	Units int64 // the value times 10^Scale
	Scale int   // decimals printed
}

// ParseDecimal reads a number typed the Italian way ("1.580,56", "3,2",
// "-152", "- 152") or the international way when unambiguous ("1580.56",
// "2.55"). A dot followed by exactly three digits is a thousands separator
// ("70.275" is seventy thousand), as in Italian documents.
func ParseDecimal(s string) (Decimal, error) {
	t := strings.ReplaceAll(strings.TrimSpace(s), " ", "")
	t = strings.ReplaceAll(t, "\u00a0", "")
	t = strings.TrimSuffix(t, "%")
	neg := false
	switch {
	case strings.HasPrefix(t, "-"), strings.HasPrefix(t, "−"):
		neg = true
		t = strings.TrimPrefix(strings.TrimPrefix(t, "-"), "−")
	case strings.HasPrefix(t, "+"):
		t = t[1:]
	}
	if t == "" {
		return Decimal{}, fmt.Errorf("numero mancante")
	}
	var intPart, frac string
	if strings.Contains(t, ",") {
		if strings.Count(t, ",") > 1 {
			return Decimal{}, fmt.Errorf("numero non valido: %q", s)
		}
		intPart, frac, _ = strings.Cut(t, ",")
		if !thousandsOK(intPart) {
			return Decimal{}, fmt.Errorf("numero non valido: %q", s)
		}
		intPart = strings.ReplaceAll(intPart, ".", "")
	} else if strings.Count(t, ".") == 1 && len(t)-strings.Index(t, ".")-1 != 3 {
		intPart, frac, _ = strings.Cut(t, ".")
	} else {
		if !thousandsOK(t) {
			return Decimal{}, fmt.Errorf("numero non valido: %q", s)
		}
		intPart = strings.ReplaceAll(t, ".", "")
	}
	if intPart == "" || !allDigits(intPart) || !allDigits(frac) || len(intPart)+len(frac) > 17 {
		return Decimal{}, fmt.Errorf("numero non valido: %q", s)
	}
	n, err := strconv.ParseInt(intPart+frac, 10, 64)
	if err != nil {
		return Decimal{}, fmt.Errorf("numero non valido: %q", s)
	}
	if neg {
		n = -n
	}
	return Decimal{Units: n, Scale: len(frac)}, nil
}

// thousandsOK checks the groups of a number written with dots: "70.275" or
// "1.580" but not "70.27.5".
func thousandsOK(s string) bool {
	if !strings.Contains(s, ".") {
		return true
	}
	parts := strings.Split(s, ".")
	if len(parts[0]) == 0 || len(parts[0]) > 3 {
		return false
	}
	for _, p := range parts[1:] {
		if len(p) != 3 {
			return false
		}
	}
	return true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// String is the canonical form: a dot before the decimals, no thousands
// separators ("1580.56", "-152", "3.2").
func (d Decimal) String() string {
	neg := d.Units < 0
	u := d.Units
	if neg {
		u = -u
	}
	s := strconv.FormatInt(u, 10)
	if d.Scale > 0 {
		for len(s) <= d.Scale {
			s = "0" + s
		}
		s = s[:len(s)-d.Scale] + "." + s[len(s)-d.Scale:]
	}
	if neg {
		s = "-" + s
	}
	return s
}

// Italian writes the number as Italian documents do: "1.580,56", "-152".
func (d Decimal) Italian() string {
	s := d.String()
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	ip, fp, _ := strings.Cut(s, ".")
	var b strings.Builder
	if neg {
		b.WriteString("-")
	}
	pre := len(ip) % 3
	if pre > 0 {
		b.WriteString(ip[:pre])
	}
	for i := pre; i < len(ip); i += 3 {
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(ip[i : i+3])
	}
	if fp != "" {
		b.WriteString("," + fp)
	}
	return b.String()
}

// Float is the value as a float, for charts only: never for money or checks.
func (d Decimal) Float() float64 {
	f := float64(d.Units)
	for i := 0; i < d.Scale; i++ {
		f /= 10
	}
	return f
}

// MarshalText writes the canonical form.
func (d Decimal) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// Rat is the exact value of d.
func (d Decimal) Rat() *big.Rat {
	den := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(d.Scale)), nil)
	return new(big.Rat).SetFrac(big.NewInt(d.Units), den)
}

// HalfUnit is 0.5 × 10^-scale: how far a figure printed with scale
// decimals may be from the value it rounds.
func HalfUnit(scale int) *big.Rat {
	den := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(scale)), nil)
	return new(big.Rat).SetFrac(big.NewInt(1), den.Mul(den, big.NewInt(2)))
}

// RoundDecimal rounds x half away from zero to scale decimals.
func RoundDecimal(x *big.Rat, scale int) Decimal {
	m := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(scale)), nil)
	n := new(big.Rat).Mul(x, new(big.Rat).SetInt(m))
	num, den := new(big.Int).Set(n.Num()), n.Denom()
	neg := num.Sign() < 0
	num.Abs(num)
	// (2·num + den) / (2·den): half away from zero
	q := new(big.Int).Add(new(big.Int).Mul(num, big.NewInt(2)), den)
	q.Quo(q, new(big.Int).Mul(den, big.NewInt(2)))
	v := q.Int64()
	if neg {
		v = -v
	}
	return Decimal{Units: v, Scale: scale}
}

// UnmarshalText reads the canonical form (or an Italian one).
func (d *Decimal) UnmarshalText(b []byte) error {
	v, err := ParseDecimal(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// MaxMoney is the largest amount, in cents, pdz accepts anywhere (forms,
// the plan file, CSV imports): € 999.999.999.999,99, just under a thousand
// billion euro, far above a Region's whole budget. Bounding every amount
// keeps the sums of a plan far from the limits of int64 (see AddMoney).
const MaxMoney int64 = 99_999_999_999_999

// ErrMoneyTooLarge is the error of an amount above MaxMoney.
var ErrMoneyTooLarge = fmt.Errorf("%s", MoneyTooLargeMessage)

// MoneyTooLargeMessage is what a person reads next to an amount above
// MaxMoney; MoneyTooLargeReason is the same after a colon, in an import's
// message.
var (
	MoneyTooLargeMessage = "L'" + MoneyTooLargeReason[2:] + "."
	MoneyTooLargeReason  = "l'importo supera il massimo consentito di € " + MoneyValue(MaxMoney)
)

// ParseMoney reads an amount of euro typed the Italian way ("€ 1.234,56",
// "1234,5", "1.234", "0") and returns cents. More than two decimals, or a
// negative amount, is an error: programmed amounts are never negative. An
// amount above MaxMoney is ErrMoneyTooLarge.
func ParseMoney(s string) (int64, error) {
	t := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "€"))
	d, err := ParseDecimal(t)
	if err != nil {
		// ParseDecimal refuses more than 17 digits: a well-formed number
		// that long is too large, not malformed
		if n := digitCount(t); n > 17 {
			return 0, ErrMoneyTooLarge
		}
		return 0, fmt.Errorf("importo non valido")
	}
	if d.Units < 0 {
		return 0, fmt.Errorf("importo negativo")
	}
	if d.Scale > 2 {
		return 0, fmt.Errorf("al massimo due decimali")
	}
	c := d.Units
	for i := d.Scale; i < 2; i++ {
		if c > MaxMoney/10 {
			return 0, ErrMoneyTooLarge
		}
		c *= 10
	}
	if c > MaxMoney {
		return 0, ErrMoneyTooLarge
	}
	return c, nil
}

// digitCount is the number of digits of s when s is made of digits,
// well-grouped thousands dots and at most one decimal comma
// ("1.000.000.000.000.000,00"), 0 otherwise.
func digitCount(s string) int {
	s = strings.NewReplacer(" ", "", "\u00a0", "").Replace(s)
	intPart, _, _ := strings.Cut(s, ",")
	if strings.Count(s, ",") > 1 || !thousandsOK(intPart) {
		return 0
	}
	d := strings.NewReplacer(".", "", ",", "", " ", "", "\u00a0", "").Replace(s)
	if d == "" || !allDigits(d) {
		return 0
	}
	return len(d)
}

// AddMoney is a + b, or false when the sum does not fit in int64: sums of
// money are checked, never wrapped into a negative.
func AddMoney(a, b int64) (int64, bool) {
	s := a + b
	if (a > 0 && b > 0 && s < 0) || (a < 0 && b < 0 && s >= 0) {
		return 0, false
	}
	return s, true
}

// MoneyValue is how a form shows cents: "1.234,56".
func MoneyValue(cents int64) string {
	return Decimal{Units: cents, Scale: 2}.Italian()
}
