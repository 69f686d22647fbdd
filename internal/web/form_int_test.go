package web

import (
	"net/url"
	"testing"

	"github.com/pdz-ats/pdz/internal/pdz"
)

// formInt reads "1.234" as 1234, leaves an empty field at 0, and says what
// is wrong: not a number, or a negative one.
func TestFormInt(t *testing.T) {
	for in, want := range map[string]struct {
		n   int64
		msg string
	}{
		"":      {0, ""},
		" 40 ":  {40, ""},
		"1.234": {1234, ""},
		"abc":   {0, "Indica la popolazione come numero intero."},
		"12,5":  {0, "Indica la popolazione come numero intero."},
		"-3":    {-3, "Indica un numero non negativo."},
	} {
		p := pdz.Problems{}
		n := formInt(p, url.Values{"population": {in}}, "population", "Indica la popolazione come numero intero.")
		if n != want.n || p["population"] != want.msg {
			t.Errorf("%q: %d %q, want %d %q", in, n, p["population"], want.n, want.msg)
		}
	}
}
