package locale

import (
	"testing"
	"time"

	"github.com/pdz-ats/pdz/internal/pdz"
)

func TestFormats(t *testing.T) {
	d := pdz.NewDate(2026, time.June, 22)
	cases := []struct{ got, want string }{
		{LongDate(d), "lunedì 22 giugno 2026"},
		{LongDate(pdz.NewDate(2026, time.July, 1)), "mercoledì 1 luglio 2026"},
		{ShortDate(d), "22/06/2026"},
		{DateRange(pdz.NewDate(2013, 11, 12), pdz.NewDate(2013, 11, 15)), "dal 12 al 15 novembre 2013"},
		{DateRange(pdz.NewDate(2013, 10, 29), pdz.NewDate(2013, 11, 8)), "dal 29 ottobre al 8 novembre 2013"},
		{TimeRange(pdz.NewClock(9, 0), pdz.NewClock(11, 0)), "9:00–11:00"},
		{TimeRange(pdz.NewClock(9, 30), pdz.Clock{}), "ore 9:30"},
		{DateTime(time.Date(2026, 6, 17, 16, 0, 0, 0, time.UTC)), "mercoledì 17 giugno 2026, ore 18:00"},
		{DateTime(time.Date(2013, 11, 5, 11, 0, 0, 0, time.UTC)), "martedì 5 novembre 2013, ore 12:00"},
		{Int(70275), "70.275"},
		{Int(-1234567), "-1.234.567"},
		{Int(999), "999"},
		{Money(123456), "€ 1.234,56"},
		{Money(81865049), "€ 818.650,49"},
		{Money(5), "€ 0,05"},
		{Money(-100), "-€ 1,00"},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

func TestParseDateTime(t *testing.T) {
	got, err := ParseDateTime("2026-06-17", "18:00")
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2026, 6, 17, 16, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if _, err := ParseDateTime("", "18:00"); err == nil {
		t.Error("a time without a date must be refused")
	}
	if got, err := ParseDateTime("", ""); err != nil || !got.IsZero() {
		t.Errorf("empty input: %v %v", got, err)
	}
}

func TestTelURI(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"0833 512345", "tel:+390833512345"},
		{"0833/51.23.45", "tel:+390833512345"},
		{"+39 333 123 4567", "tel:+393331234567"},
		{"0039 333 1234567", "tel:+393331234567"},
		{"+41 22 123 45 67", "tel:+41221234567"},
		{"0833 512345 int. 2", "tel:+390833512345"},
		{"335-1234567 (ore 9-13)", "tel:+393351234567"},
		{"", ""},
		{"non disponibile", ""},
		{"12", ""},
	} {
		if got := TelURI(c.in); got != c.want {
			t.Errorf("TelURI(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestCount(t *testing.T) {
	cases := []struct {
		n         int
		one, many string
		want      string
	}{
		{0, "incontro", "incontri", "0 incontri"},
		{1, "incontro", "incontri", "1 incontro"},
		{2, "incontro", "incontri", "2 incontri"},
		{1, "incontro corrispondente", "incontri corrispondenti", "1 incontro corrispondente"},
		{3, "incontro corrispondente", "incontri corrispondenti", "3 incontri corrispondenti"},
		{1, "informazione mancante", "informazioni mancanti", "1 informazione mancante"},
		{1, "preferenza", "preferenze", "1 preferenza"},
		{12500, "scheda", "schede", "12.500 schede"},
		{-1, "grado", "gradi", "-1 grado"},
	}
	for _, c := range cases {
		if got := Count(c.n, c.one, c.many); got != c.want {
			t.Errorf("Count(%d, %q, %q) = %q, want %q", c.n, c.one, c.many, got, c.want)
		}
	}
	if got := Plural(1, "ha aderito", "hanno aderito"); got != "ha aderito" {
		t.Errorf("Plural(1) = %q", got)
	}
	if got := Plural(0, "ha aderito", "hanno aderito"); got != "hanno aderito" {
		t.Errorf("Plural(0) = %q", got)
	}
}

func TestTitle(t *testing.T) {
	for _, c := range []struct {
		parts []string
		want  string
	}{
		{[]string{"Incontri", "Ambito di Casarano", "pdz"}, "Incontri – Ambito di Casarano – pdz"},
		{[]string{"Ambito di Casarano", "Ambito di Casarano", "pdz"}, "Ambito di Casarano – pdz"},
		{[]string{"Avviso per il Piano Sociale di Zona 2026-2028", "piano sociale di zona 2026-2028"}, "Avviso per il Piano Sociale di Zona 2026-2028"},
		{[]string{"Avviso", "Piano Sociale di Zona 2026-2028"}, "Avviso – Piano Sociale di Zona 2026-2028"},
		{[]string{"", "Ambito", " "}, "Ambito"},
		{[]string{"Zona", "Piano di Zona"}, "Zona – Piano di Zona"}, // a later, longer part stays
	} {
		if got := Title(c.parts...); got != c.want {
			t.Errorf("Title(%q) = %q, want %q", c.parts, got, c.want)
		}
	}
}
