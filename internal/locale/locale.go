package locale

import (
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // Europe/Rome even on machines without a zoneinfo database
	"unicode"

	"github.com/pdz-ats/pdz/internal/pdz"
)

// Rome is the time zone of every date and time the product shows or reads.
var Rome = mustLoad("Europe/Rome")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

var weekdays = [...]string{"domenica", "lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato"}

var months = [...]string{"", "gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno",
	"luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"}

// Weekday is the Italian name of a weekday, lower case.
func Weekday(d time.Weekday) string { return weekdays[d] }

// Month is the Italian name of a month, lower case.
func Month(m time.Month) string { return months[m] }

// LongDate is "lunedì 22 giugno 2026"; "" for no date.
func LongDate(d pdz.Date) string {
	if d.IsZero() {
		return ""
	}
	return weekdays[d.Weekday()] + " " + strconv.Itoa(d.Day()) + " " + months[d.Month()] + " " + strconv.Itoa(d.Year())
}

// MediumDate is "22 giugno 2026".
func MediumDate(d pdz.Date) string {
	if d.IsZero() {
		return ""
	}
	return strconv.Itoa(d.Day()) + " " + months[d.Month()] + " " + strconv.Itoa(d.Year())
}

// ShortDate is "22/06/2026".
func ShortDate(d pdz.Date) string {
	if d.IsZero() {
		return ""
	}
	return twoDigits(d.Day()) + "/" + twoDigits(int(d.Month())) + "/" + strconv.Itoa(d.Year())
}

// DateRange is "lunedì 22 giugno 2026" or "dal 12 al 15 novembre 2013".
func DateRange(from, to pdz.Date) string {
	if to.IsZero() || to.Equal(from) {
		return LongDate(from)
	}
	if from.Year() == to.Year() {
		if from.Month() == to.Month() {
			return "dal " + strconv.Itoa(from.Day()) + " al " + MediumDate(to)
		}
		return "dal " + strconv.Itoa(from.Day()) + " " + months[from.Month()] + " al " + MediumDate(to)
	}
	return "dal " + MediumDate(from) + " al " + MediumDate(to)
}

// TimeRange is "9:00–11:00", "ore 9:30" or "" when no time is given.
func TimeRange(from, to pdz.Clock) string {
	switch {
	case from.IsZero():
		return ""
	case to.IsZero():
		return "ore " + Clock(from)
	}
	return Clock(from) + "–" + Clock(to)
}

// Clock is "9:00" (Italian usage drops the leading zero of the hour).
func Clock(c pdz.Clock) string {
	if c.IsZero() {
		return ""
	}
	return strconv.Itoa(c.Hour()) + ":" + twoDigits(c.Minute())
}

// DateTime is "mercoledì 17 giugno 2026, ore 18:00" in Europe/Rome.
func DateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(Rome)
	return LongDate(pdz.DateOf(t)) + ", ore " + strconv.Itoa(t.Hour()) + ":" + twoDigits(t.Minute())
}

// ShortDateTime is "17/06/2026 18:00" in Europe/Rome.
func ShortDateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(Rome)
	return ShortDate(pdz.DateOf(t)) + " " + twoDigits(t.Hour()) + ":" + twoDigits(t.Minute())
}

// Int is an integer with Italian thousands separators: 70.275.
func Int(n int64) string {
	neg := n < 0
	if neg {
		n = -n
	}
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	pre := len(s) % 3
	if pre > 0 {
		b.WriteString(s[:pre])
	}
	for i := pre; i < len(s); i += 3 {
		if b.Len() > 0 && !(neg && b.Len() == 1) {
			b.WriteByte('.')
		}
		b.WriteString(s[i : i+3])
	}
	return b.String()
}

// Money is an amount in euro cents written "€ 1.234,56" ("-€ 1.234,56").
func Money(cents int64) string {
	neg := cents < 0
	if neg {
		cents = -cents
	}
	s := "€ " + Int(cents/100) + "," + twoDigits(int(cents%100))
	if neg {
		return "-" + s
	}
	return s
}

// ParseDateTime reads a date and a time typed in Europe/Rome; both empty is
// the zero time.
func ParseDateTime(date, clock string) (time.Time, error) {
	d, err := pdz.ParseDate(date)
	if err != nil {
		return time.Time{}, err
	}
	c, err := pdz.ParseClock(clock)
	if err != nil {
		return time.Time{}, err
	}
	if d.IsZero() {
		if !c.IsZero() {
			return time.Time{}, errMissingDate
		}
		return time.Time{}, nil
	}
	return d.At(c, Rome), nil
}

type localeError string

func (e localeError) Error() string { return string(e) }

const errMissingDate = localeError("indica anche la data")

func twoDigits(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// TelURI returns the tel: address of an Italian phone number as written
// ("0833 512345", "+39 0833/512345", "0039 333 1234567 int. 2"): the
// international form, digits only, "+39" added when the number has no
// country code. The text after the first letter (an extension, a note) is
// left out. It returns "" when there is no number to call.
func TelURI(phone string) string {
	var b strings.Builder
	for i, r := range strings.TrimSpace(phone) {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '+' && i == 0:
			b.WriteRune(r)
		case unicode.IsLetter(r):
			return telFrom(b.String())
		}
	}
	return telFrom(b.String())
}

func telFrom(n string) string {
	switch {
	case strings.HasPrefix(n, "+"):
	case strings.HasPrefix(n, "00"):
		n = "+" + n[2:]
	default:
		n = "+39" + n
	}
	if len(n) < 6 { // "+39" and a few digits are not a number
		return ""
	}
	return "tel:" + n
}

// Count writes a number of things the Italian way: the number with
// thousands dots and the words that agree with it, singular for 1 and
// plural otherwise (zero included: "0 incontri"). one and many are whole
// phrases, so adjectives, participles and verbs agree too:
// Count(1, "incontro corrispondente", "incontri corrispondenti") is
// "1 incontro corrispondente". Every count the product writes goes through
// Count or Plural.
func Count(n int, one, many string) string {
	return Int(int64(n)) + " " + Plural(n, one, many)
}

// Plural is the phrase that agrees with n, without the number, for
// sentences where the number stands elsewhere ("ha aderito" / "hanno
// aderito").
func Plural(n int, one, many string) string {
	if n == 1 || n == -1 {
		return one
	}
	return many
}

// Title joins the parts of a title with dashes ("Incontri – Ambito di
// Casarano – pdz"), leaving out an empty part and a part that an earlier
// part already says (a notice titled "… Piano Sociale di Zona 2026-2028"
// does not take its cycle again). Page titles and the documents' titles are
// made by it.
func Title(parts ...string) string {
	var kept []string
	said := ""
	for _, p := range parts {
		p = strings.TrimSpace(p)
		if p == "" || strings.Contains(said, strings.ToLower(p)) {
			continue
		}
		kept = append(kept, p)
		said += strings.ToLower(p) + "\n"
	}
	return strings.Join(kept, " – ")
}
