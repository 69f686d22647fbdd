package web

import (
	"net/http/httptest"
	"net/netip"
	"testing"
)

// Behind a trusted reverse proxy the client is the right-most address of
// X-Forwarded-For that is not a proxy; from anyone else the header is
// ignored, so a client cannot choose the address its limits are counted on.
func TestClientAddr(t *testing.T) {
	proxies := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("127.0.0.1/32")}
	for _, c := range []struct {
		name, remote string
		xff          []string
		trusted      []netip.Prefix
		want         string
	}{
		{"no proxy configured", "198.51.100.7:5000", []string{"203.0.113.9"}, nil, "198.51.100.7"},
		{"untrusted peer forging the header", "198.51.100.7:5000", []string{"203.0.113.9"}, proxies, "198.51.100.7"},
		{"one proxy", "127.0.0.1:5000", []string{"203.0.113.9"}, proxies, "203.0.113.9"},
		{"client-written hops on the left are ignored", "127.0.0.1:5000", []string{"1.2.3.4, 203.0.113.9"}, proxies, "203.0.113.9"},
		{"two proxies", "10.1.1.1:5000", []string{"203.0.113.9, 10.2.2.2"}, proxies, "203.0.113.9"},
		{"header given twice", "10.1.1.1:5000", []string{"1.2.3.4", "203.0.113.9"}, proxies, "203.0.113.9"},
		{"proxy without header", "127.0.0.1:5000", nil, proxies, "127.0.0.1"},
		{"malformed hop", "127.0.0.1:5000", []string{"203.0.113.9, garbage"}, proxies, "127.0.0.1"},
		{"IPv6 client", "127.0.0.1:5000", []string{"2001:db8::1"}, proxies, "2001:db8::1"},
	} {
		r := httptest.NewRequest("POST", "/accedi", nil)
		r.RemoteAddr = c.remote
		for _, v := range c.xff {
			r.Header.Add("X-Forwarded-For", v)
		}
		if got := clientAddr(r, c.trusted); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}
