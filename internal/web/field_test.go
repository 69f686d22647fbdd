package web

import (
	"net/url"
	"testing"
)

// A field shows what was typed in a form its input can hold: accepted
// dates and times in the browser's format, anything else as text, never a
// value the browser would silently drop.
func TestFieldInputTypeAndValue(t *testing.T) {
	cases := []struct{ typ, typed, wantType, wantValue string }{
		{"date", "", "date", ""},
		{"date", "2026-06-30", "date", "2026-06-30"},
		{"date", "30/06/2026", "date", "2026-06-30"},
		{"date", "31/02/2026", "text", "31/02/2026"},
		{"date", "x", "text", "x"},
		{"time", "9:30", "time", "09:30"},
		{"time", "9.30", "time", "09:30"},
		{"time", "25:00", "text", "25:00"},
		{"number", "12", "number", "12"},
		{"number", "1,5", "text", "1,5"},
		{"url", "https://www.comune.casarano.le.it/", "url", "https://www.comune.casarano.le.it/"},
		{"url", "www.comune.casarano.le.it", "text", "www.comune.casarano.le.it"},
		{"email", "non è un indirizzo", "email", "non è un indirizzo"},
		{"text", "31/02/2026", "text", "31/02/2026"},
	}
	for _, c := range cases {
		f := field(newForm(url.Values{"x": {c.typed}}), "x", "X", c.typ)
		if f.InputType() != c.wantType || f.InputValue() != c.wantValue {
			t.Errorf("%s %q: type %q value %q, want %q %q", c.typ, c.typed, f.InputType(), f.InputValue(), c.wantType, c.wantValue)
		}
	}
	noPlaceholder := field(newForm(nil), "kind", "Tipo", "select", "required", []Option{{"tavolo", "Tavolo"}})
	withPlaceholder := field(newForm(nil), "area", "Area", "select", "required", []Option{{"", "Scegli"}, {"1", "Area 1"}})
	if noPlaceholder.HasPlaceholder() || !withPlaceholder.HasPlaceholder() {
		t.Error("HasPlaceholder")
	}
}
