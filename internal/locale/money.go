package locale

import (
	"strconv"
	"strings"

	"github.com/pdz-ats/pdz/internal/pdz"
)

// ParseMoney reads an amount in euro as Italians type it and returns cents:
// "12.500,50", "12500,5", "€ 12.500", "12500" and also "12500.50" (a dot
// followed by one or two digits at the end is a decimal point). The empty
// string is 0. Amounts with more than two decimals are refused, and so
// are amounts above pdz.MaxMoney (pdz.ErrMoneyTooLarge).
func ParseMoney(s string) (int64, error) {
	s = strings.TrimSpace(strings.NewReplacer("€", "", "EUR", "", "euro", "", " ", "", "\u00a0", "").Replace(s))
	if s == "" {
		return 0, nil
	}
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac := s, ""
	if i := strings.LastIndexByte(s, ','); i >= 0 {
		intPart, frac = s[:i], s[i+1:]
	} else if i := strings.LastIndexByte(s, '.'); i >= 0 && len(s)-i-1 <= 2 && strings.Count(s, ".") == 1 {
		intPart, frac = s[:i], s[i+1:]
	}
	// Thousands dots must group by three.
	if strings.Contains(intPart, ".") {
		groups := strings.Split(intPart, ".")
		for i, g := range groups {
			if (i == 0 && (len(g) == 0 || len(g) > 3)) || (i > 0 && len(g) != 3) {
				return 0, localeError("importo non valido")
			}
		}
		intPart = strings.Join(groups, "")
	}
	if intPart == "" || len(frac) > 2 || len(intPart) > 13 || !digits(intPart) || (frac != "" && !digits(frac)) {
		return 0, localeError("importo non valido")
	}
	if len(frac) == 1 {
		frac += "0"
	}
	if frac == "" {
		frac = "00"
	}
	n, err := strconv.ParseInt(intPart+frac, 10, 64)
	if err != nil {
		return 0, localeError("importo non valido")
	}
	if n > pdz.MaxMoney {
		return 0, pdz.ErrMoneyTooLarge
	}
	if neg {
		n = -n
	}
	return n, nil
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// MoneyInput is cents as typed in a form field: "12500,50", "" for 0.
func MoneyInput(cents int64) string {
	if cents == 0 {
		return ""
	}
	s := Money(cents)
	return strings.TrimPrefix(strings.ReplaceAll(s, "€ ", ""), "-€ ")
}
