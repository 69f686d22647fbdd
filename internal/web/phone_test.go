package web

import (
	"strings"
	"testing"
)

// TestPhoneLinks: a phone number shown on a page can be called with a tap
// (a tel: link in the international form), in the page and in the footer.
func TestPhoneLinks(t *testing.T) {
	hs := newHarness(t, true)
	for _, c := range []struct {
		path, link string
		want       int
	}{
		// The Ambito's page lists the number, the footer repeats it.
		{"/ambiti/casarano", `<a href="tel:&#43;390833502428">0833 502428</a>`, 2},
		{"/ambiti/lecce", `<a href="tel:&#43;39800724292">800 724292</a>`, 2},
		// Any page of the Ambito has it in the footer.
		{"/ambiti/casarano/percorsi/pdz-2026-2028", `<a href="tel:&#43;390833502428">0833 502428</a>`, 1},
	} {
		r := hs.get(c.path, nil)
		if r.code != 200 {
			t.Fatalf("%s: %d", c.path, r.code)
		}
		if got := strings.Count(r.body, c.link); got != c.want {
			t.Errorf("%s: %d × %s, want %d", c.path, got, c.link, c.want)
		}
		if strings.Contains(r.body, "ZgotmplZ") {
			t.Errorf("%s: a link was refused by the template escaper", c.path)
		}
	}
}
