package web

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
)

func TestNegotiateEncodingForPages(t *testing.T) {
	cases := []struct {
		accept string
		offers []string
		want   string
	}{
		{"", []string{"gzip"}, ""},
		{"gzip", []string{"gzip"}, "gzip"},
		{"GZIP", []string{"gzip"}, "gzip"},
		{"x-gzip", []string{"gzip"}, "gzip"},
		{"gzip, deflate, br, zstd", []string{"gzip"}, "gzip"},
		{"deflate, br", []string{"gzip"}, ""},
		{"gzip;q=0", []string{"gzip"}, ""},
		{"gzip; q=0.000", []string{"gzip"}, ""},
		{"gzip;q=0.5", []string{"gzip"}, "gzip"},
		{"gzip;q=nonsense", []string{"gzip"}, ""},
		{"*", []string{"gzip"}, "gzip"},
		{"*;q=0", []string{"gzip"}, ""},
		{"*, gzip;q=0", []string{"gzip"}, ""},
		{"identity", []string{"gzip"}, ""},
		// The weights decide among admitted codings, the server's order
		// breaks ties.
		{"gzip;q=0.1, br;q=1", []string{"br", "gzip"}, "br"},
		{"gzip, br;q=0", []string{"br", "gzip"}, "gzip"},
		{"gzip;q=0.1, br;q=1", []string{"gzip", "br"}, "br"},
		{"gzip, br", []string{"gzip", "br"}, "gzip"},
		{"gzip, br", []string{"br", "gzip"}, "br"},
		{"gzip;q=1.5", []string{"gzip"}, ""},
	}
	for _, tc := range cases {
		r := httptest.NewRequest("GET", "/", nil)
		if tc.accept != "" {
			r.Header.Set("Accept-Encoding", tc.accept)
		}
		if got := negotiateEncoding(r, tc.offers...); got != tc.want {
			t.Errorf("Accept-Encoding %q, offers %v: %q, want %q", tc.accept, tc.offers, got, tc.want)
		}
	}
	// Several header lines are read together.
	r := httptest.NewRequest("GET", "/", nil)
	r.Header.Add("Accept-Encoding", "br")
	r.Header.Add("Accept-Encoding", "gzip")
	if got := negotiateEncoding(r, "gzip"); got != "gzip" {
		t.Errorf("gzip on a second Accept-Encoding line: %q", got)
	}
}

func gunzip(t *testing.T, b string) string {
	t.Helper()
	zr, err := gzip.NewReader(strings.NewReader(b))
	if err != nil {
		t.Fatalf("not gzip: %v", err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("gzip: %v", err)
	}
	return string(out)
}

// Pages go gzipped to clients that accept gzip and decode to the page the
// others get, with the page cache on and off; a client that does not
// accept gzip, or refuses it with q=0, gets the page as it is. HEAD answers
// with GET's headers.
func TestPagesCompressed(t *testing.T) {
	for _, cache := range []bool{true, false} {
		name := map[bool]string{true: "page cache on", false: "page cache off"}[cache]
		t.Run(name, func(t *testing.T) {
			hs := newHarness(t, true)
			if !cache {
				hs.srv.cache.ttl = 0
			}
			for _, path := range []string{"/ambiti/casarano/percorsi/pdz-2026-2028", "/ambiti/casarano/piani/pdz-2022-2024/risorse", "/accedi"} {
				plain := hs.get(path, nil)
				if plain.code != http.StatusOK || plain.hdr.Get("Content-Encoding") != "" || !strings.Contains(plain.body, "<html") {
					t.Fatalf("%s without Accept-Encoding: %d, Content-Encoding %q", path, plain.code, plain.hdr.Get("Content-Encoding"))
				}
				if plain.hdr.Get("Vary") != "Accept-Encoding" {
					t.Errorf("%s: Vary %q, want Accept-Encoding", path, plain.hdr.Get("Vary"))
				}
				gz := hs.do("GET", path, nil, nil, "Accept-Encoding", "gzip, deflate, br")
				if gz.code != http.StatusOK || gz.hdr.Get("Content-Encoding") != "gzip" || gz.hdr.Get("Vary") != "Accept-Encoding" {
					t.Fatalf("%s with gzip: %d, Content-Encoding %q, Vary %q", path, gz.code, gz.hdr.Get("Content-Encoding"), gz.hdr.Get("Vary"))
				}
				if got := gunzip(t, gz.body); got != plain.body {
					t.Errorf("%s: the gzipped page decodes to %d bytes that differ from the %d of the page", path, len(got), len(plain.body))
				}
				if len(gz.body) >= len(plain.body)/2 {
					t.Errorf("%s: gzipped %d bytes of %d", path, len(gz.body), len(plain.body))
				}
				if cl := gz.hdr.Get("Content-Length"); cl != "" && cl != strconv.Itoa(len(gz.body)) {
					t.Errorf("%s: Content-Length %s for %d bytes", path, cl, len(gz.body))
				}
				refused := hs.do("GET", path, nil, nil, "Accept-Encoding", "gzip;q=0, br")
				if refused.hdr.Get("Content-Encoding") != "" || refused.body != plain.body {
					t.Errorf("%s with gzip;q=0: Content-Encoding %q", path, refused.hdr.Get("Content-Encoding"))
				}
				head := hs.do("HEAD", path, nil, nil, "Accept-Encoding", "gzip")
				if head.code != http.StatusOK || head.hdr.Get("Content-Encoding") != "gzip" || head.hdr.Get("Vary") != "Accept-Encoding" {
					t.Errorf("HEAD %s: %d, Content-Encoding %q", path, head.code, head.hdr.Get("Content-Encoding"))
				}
			}
		})
	}
}

// The page cache keeps one gzip copy per page and serves it on every hit
// (it is not compressed again), with an ETag of its own: a conditional GET
// is 304 only for the representation it names.
func TestPageCacheGzipVariant(t *testing.T) {
	hs := newHarness(t, true)
	const path = "/ambiti/casarano/percorsi/pdz-2026-2028"
	plain := hs.get(path, nil)
	gz1 := hs.do("GET", path, nil, nil, "Accept-Encoding", "gzip")
	e := hs.srv.cache.entries[path]
	if e == nil || e.gz == nil {
		t.Fatalf("no gzip copy kept in the cache entry of %s", path)
	}
	kept := &e.gz[0]
	gz2 := hs.do("GET", path, nil, nil, "Accept-Encoding", "gzip")
	if gz1.body != gz2.body || gz2.body != string(e.gz) || &hs.srv.cache.entries[path].gz[0] != kept {
		t.Errorf("the second hit did not get the kept gzip copy")
	}
	if gunzip(t, gz2.body) != plain.body {
		t.Errorf("the cached gzip copy does not decode to the page")
	}
	tagPlain, tagGz := plain.hdr.Get("ETag"), gz1.hdr.Get("ETag")
	if tagPlain == "" || tagGz == "" || tagPlain == tagGz {
		t.Fatalf("ETags: identity %q, gzip %q: they must be set and differ", tagPlain, tagGz)
	}
	if r := hs.do("GET", path, nil, nil, "Accept-Encoding", "gzip", "If-None-Match", tagGz); r.code != http.StatusNotModified || r.body != "" {
		t.Errorf("If-None-Match with the gzip ETag, accepting gzip: %d", r.code)
	}
	if r := hs.do("GET", path, nil, nil, "If-None-Match", tagPlain); r.code != http.StatusNotModified {
		t.Errorf("If-None-Match with the identity ETag, no gzip: %d", r.code)
	}
	if r := hs.do("GET", path, nil, nil, "Accept-Encoding", "gzip", "If-None-Match", tagPlain); r.code != http.StatusOK || r.hdr.Get("Content-Encoding") != "gzip" {
		t.Errorf("If-None-Match with the identity ETag while accepting gzip: %d %q, want the gzip page", r.code, r.hdr.Get("Content-Encoding"))
	}
	if r := hs.do("GET", path, nil, nil, "If-None-Match", tagGz); r.code != http.StatusOK || r.hdr.Get("Content-Encoding") != "" {
		t.Errorf("If-None-Match with the gzip ETag, no gzip: %d %q, want the page", r.code, r.hdr.Get("Content-Encoding"))
	}
}

// Tiny answers and files that are compressed already go as they are.
func TestPageCacheDoesNotCompressTinyOrBinary(t *testing.T) {
	hs := newHarness(t, false)
	big := bytes.Repeat([]byte("%PDF pagina "), 500)
	cases := []struct {
		name, ctype string
		body        []byte
		gzip        bool
	}{
		{"tiny HTML", "text/html; charset=utf-8", []byte("<p>pagina</p>"), false},
		{"PDF", "application/pdf", big, false},
		{"JSON", "application/json", bytes.Repeat([]byte(`{"pagina": 1}`), 200), true},
		{"HTML just at the threshold", "text/html; charset=utf-8", bytes.Repeat([]byte("p"), minCompress), true},
	}
	for _, tc := range cases {
		req := withInfo(httptest.NewRequest("GET", "/"+strings.ReplaceAll(tc.name, " ", "-"), nil), &reqInfo{})
		req.Header.Set("Accept-Encoding", "gzip")
		rec := httptest.NewRecorder()
		err := hs.srv.cached(rec, req, func(w http.ResponseWriter, r *http.Request) error {
			w.Header().Set("Content-Type", tc.ctype)
			_, err := w.Write(tc.body)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		got := rec.Header().Get("Content-Encoding") == "gzip"
		if got != tc.gzip {
			t.Errorf("%s (%d bytes): gzipped %v, want %v", tc.name, len(tc.body), got, tc.gzip)
		}
		if got && gunzip(t, rec.Body.String()) != string(tc.body) {
			t.Errorf("%s: decodes to something else", tc.name)
		}
		if !got && rec.Body.String() != string(tc.body) {
			t.Errorf("%s: body changed", tc.name)
		}
	}
}
