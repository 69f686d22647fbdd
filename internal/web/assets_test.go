package web

import (
	"bytes"
	"compress/gzip"
	"io"
	"io/fs"
	"net/http"
	"path"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/andybalholm/brotli"
)

func TestNegotiateEncoding(t *testing.T) {
	for _, c := range []struct {
		header []string // Accept-Encoding lines; none: no header
		want   string
	}{
		{nil, ""},
		{[]string{""}, ""},
		{[]string{"identity"}, ""},
		{[]string{"gzip"}, "gzip"},
		{[]string{"x-gzip"}, "gzip"},
		{[]string{"GZIP"}, "gzip"},
		{[]string{"br"}, "br"},
		{[]string{"gzip, deflate, br, zstd"}, "br"}, // Chromium: both, same weight
		{[]string{"br;q=1.0, gzip;q=0.8"}, "br"},
		{[]string{"br;q=0.5, gzip;q=0.8"}, "gzip"}, // the weights decide, not our preference
		{[]string{"br;q=0.8, gzip;q=0.8"}, "br"},
		{[]string{"br ; q=0.9 , gzip ; q=0.3"}, "br"},
		{[]string{"br;q=0", "gzip"}, "gzip"}, // two header lines
		{[]string{"br;q=0, gzip;q=0"}, ""},
		{[]string{"gzip;q=0"}, ""},
		{[]string{"br;q=0.000"}, ""},
		{[]string{"*"}, "br"},
		{[]string{"*;q=0"}, ""},
		{[]string{"gzip;q=0, *"}, "br"},
		{[]string{"br;q=0, *"}, "gzip"},
		{[]string{"br;q=0, *;q=0.1"}, "gzip"},
		{[]string{"*;q=0.5, gzip"}, "gzip"},
		{[]string{"br;q=abc, gzip"}, "gzip"}, // an unreadable weight admits nothing
		{[]string{"br;q=2, gzip;q=0.1"}, "gzip"},
		{[]string{"deflate, compress"}, ""},
	} {
		r, _ := http.NewRequest("GET", "/", nil)
		for _, h := range c.header {
			r.Header.Add("Accept-Encoding", h)
		}
		if got := negotiateEncoding(r, "br", "gzip"); got != c.want {
			t.Errorf("Accept-Encoding %q: %q, want %q", c.header, got, c.want)
		}
	}
}

// staticNames lists the embedded static files, read from the embedded tree
// itself (not from the table the server builds).
func staticNames(t *testing.T) []string {
	t.Helper()
	var names []string
	err := fs.WalkDir(staticFiles, "static", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			names = append(names, strings.TrimPrefix(p, "static/"))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return names
}

func decode(t *testing.T, coding, body string) []byte {
	t.Helper()
	var zr io.Reader
	switch coding {
	case "br":
		zr = brotli.NewReader(strings.NewReader(body))
	case "gzip":
		r, err := gzip.NewReader(strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		zr = r
	default:
		return []byte(body)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("%s: %v", coding, err)
	}
	return b
}

// Every static file is served under the versioned path with a year of
// immutable caching and its own type; the text files travel in brotli or
// gzip as the request asks, each decoding to the file; fonts go as they
// are. An old version's path is served but must be revalidated.
func TestStaticAssetsServed(t *testing.T) {
	hs := newHarness(t, false)
	wantType := map[string]string{".css": "text/css", ".js": "text/javascript", ".svg": "image/svg+xml", ".woff2": "font/woff2", ".txt": "text/plain", "": "text/plain"}
	fonts, compressed := 0, 0
	for _, name := range staticNames(t) {
		want, err := fs.ReadFile(staticFiles, "static/"+name)
		if err != nil {
			t.Fatal(err)
		}
		ext := path.Ext(name)
		text := ext == ".css" || ext == ".js" || ext == ".svg"
		u := hs.srv.assets.URL(name)
		etags := map[string]string{}
		for _, coding := range []string{"br", "gzip", ""} {
			r := hs.do("GET", u, nil, nil, "Accept-Encoding", map[string]string{"br": "gzip, deflate, br", "gzip": "gzip, deflate", "": "identity"}[coding])
			if r.code != http.StatusOK || r.hdr.Get("Cache-Control") != "public, max-age=31536000, immutable" {
				t.Fatalf("%s (%q): %d, Cache-Control %q", u, coding, r.code, r.hdr.Get("Cache-Control"))
			}
			if ct := r.hdr.Get("Content-Type"); !strings.HasPrefix(ct, wantType[ext]) {
				t.Errorf("%s: Content-Type %q, want %s", name, ct, wantType[ext])
			}
			gotCoding := r.hdr.Get("Content-Encoding")
			if !text && gotCoding != "" {
				t.Errorf("%s: compressed again (%s)", name, gotCoding)
			}
			if text && gotCoding != coding {
				t.Errorf("%s: Content-Encoding %q, want %q", name, gotCoding, coding)
			}
			if text && r.hdr.Get("Vary") != "Accept-Encoding" {
				t.Errorf("%s: Vary %q", name, r.hdr.Get("Vary"))
			}
			if !bytes.Equal(decode(t, gotCoding, r.body), want) {
				t.Errorf("%s (%q): the answer does not decode to the file", name, coding)
			}
			if gotCoding != "" && len(r.body) >= len(want) {
				t.Errorf("%s: %d bytes in %s for %d", name, len(r.body), coding, len(want))
			}
			etag := r.hdr.Get("ETag")
			if !regexp.MustCompile(`^"[^"]+"$`).MatchString(etag) {
				t.Errorf("%s: ETag %q is not a strong tag", name, etag)
			}
			etags[gotCoding] = etag
		}
		if text && len(etags) != 3 {
			t.Errorf("%s: the three forms share an ETag: %v", name, etags)
		}
		if text {
			compressed++
		}
		if ext == ".woff2" {
			fonts++
		}
		old := hs.get("/static/0123456789ab/"+name, nil)
		if old.code != http.StatusOK || old.hdr.Get("Cache-Control") != "no-cache" || old.body != string(want) {
			t.Errorf("%s under an old version: %d, Cache-Control %q", name, old.code, old.hdr.Get("Cache-Control"))
		}
	}
	if fonts < 2 || compressed < 2 {
		t.Fatalf("%d fonts and %d text files embedded", fonts, compressed)
	}
	for _, p := range []string{"/static/" + hs.srv.assets.version + "/nessuno.css", "/static/" + hs.srv.assets.version + "/vendor",
		"/static/" + hs.srv.assets.version + "/../assets.go"} {
		if r := hs.get(p, nil); r.code == http.StatusOK || strings.Contains(r.hdr.Get("Cache-Control"), "immutable") {
			t.Errorf("%s: %d %q, want no file and no long caching", p, r.code, r.hdr.Get("Cache-Control"))
		}
	}
}

// Brotli beats gzip on the big stylesheet, as it must to be worth serving.
func TestBrotliSmallerThanGzip(t *testing.T) {
	hs := newHarness(t, false)
	u := hs.srv.assets.URL("vendor/bootstrap-italia/css/bootstrap-italia.pdz.min.css")
	br := hs.do("GET", u, nil, nil, "Accept-Encoding", "br")
	gz := hs.do("GET", u, nil, nil, "Accept-Encoding", "gzip")
	if br.hdr.Get("Content-Encoding") != "br" || gz.hdr.Get("Content-Encoding") != "gzip" || len(br.body)*100 > len(gz.body)*90 {
		t.Errorf("brotli %d bytes, gzip %d: brotli should save at least 10%%", len(br.body), len(gz.body))
	}
}

// HEAD, Range and revalidation work on the form the request chose: the
// lengths, ranges and ETags are those of the compressed bytes.
func TestStaticAssetsHeadRangeAndETag(t *testing.T) {
	hs := newHarness(t, false)
	name := "vendor/bootstrap-italia/css/bootstrap-italia.pdz.min.css"
	u := hs.srv.assets.URL(name)
	file, err := fs.ReadFile(staticFiles, "static/"+name)
	if err != nil {
		t.Fatal(err)
	}
	full := map[string]resp{}
	for _, coding := range []string{"br", "gzip", ""} {
		ae := coding
		if ae == "" {
			ae = "identity"
		}
		get := hs.do("GET", u, nil, nil, "Accept-Encoding", ae)
		full[coding] = get
		n := len(get.body)
		if !bytes.Equal(decode(t, coding, get.body), file) {
			t.Fatalf("%q: the body does not decode to the file", coding)
		}

		head := hs.do("HEAD", u, nil, nil, "Accept-Encoding", ae)
		if head.code != http.StatusOK || head.body != "" || head.hdr.Get("Content-Length") != strconv.Itoa(n) ||
			head.hdr.Get("Content-Encoding") != coding || head.hdr.Get("ETag") != get.hdr.Get("ETag") ||
			head.hdr.Get("Cache-Control") != get.hdr.Get("Cache-Control") {
			t.Errorf("HEAD %q: %d, %d bytes, headers %v; GET had %d bytes", coding, head.code, len(head.body), head.hdr, n)
		}

		rng := hs.do("GET", u, nil, nil, "Accept-Encoding", ae, "Range", "bytes=100-199")
		if rng.code != http.StatusPartialContent || rng.body != get.body[100:200] ||
			rng.hdr.Get("Content-Range") != "bytes 100-199/"+strconv.Itoa(n) || rng.hdr.Get("Content-Encoding") != coding {
			t.Errorf("Range %q: %d, Content-Range %q, %d bytes", coding, rng.code, rng.hdr.Get("Content-Range"), len(rng.body))
		}
		if r := hs.do("GET", u, nil, nil, "Accept-Encoding", ae, "Range", "bytes="+strconv.Itoa(n+10)+"-"); r.code != http.StatusRequestedRangeNotSatisfiable {
			t.Errorf("Range past the end %q: %d", coding, r.code)
		}

		nm := hs.do("GET", u, nil, nil, "Accept-Encoding", ae, "If-None-Match", get.hdr.Get("ETag"))
		if nm.code != http.StatusNotModified || nm.body != "" || nm.hdr.Get("ETag") != get.hdr.Get("ETag") {
			t.Errorf("If-None-Match %q: %d, %d bytes", coding, nm.code, len(nm.body))
		}
	}
	// A tag of another form is another representation: the full answer.
	r := hs.do("GET", u, nil, nil, "Accept-Encoding", "br", "If-None-Match", full["gzip"].hdr.Get("ETag"))
	if r.code != http.StatusOK || r.body != full["br"].body {
		t.Errorf("br asked with the gzip ETag: %d", r.code)
	}
	// If-Range with the tag of the same form gives the range; with another
	// form's tag, the whole body.
	r = hs.do("GET", u, nil, nil, "Accept-Encoding", "br", "Range", "bytes=0-9", "If-Range", full["br"].hdr.Get("ETag"))
	if r.code != http.StatusPartialContent || r.body != full["br"].body[:10] {
		t.Errorf("If-Range, same form: %d", r.code)
	}
	r = hs.do("GET", u, nil, nil, "Accept-Encoding", "br", "Range", "bytes=0-9", "If-Range", full[""].hdr.Get("ETag"))
	if r.code != http.StatusOK || r.body != full["br"].body {
		t.Errorf("If-Range, another form: %d", r.code)
	}
}

// BenchmarkPrecompress measures what compressing the embedded files costs
// once per process (time, allocations) and what the compressed forms keep
// in memory (kept-bytes).
func BenchmarkPrecompress(b *testing.B) {
	files, _ := loadStatic()
	var kept int
	for b.Loop() {
		kept = 0
		for _, c := range compressAll(files) {
			kept += len(c.br) + len(c.gzip)
		}
	}
	b.ReportMetric(float64(kept), "kept-bytes")
}

// The layout loads no script that blocks rendering, and preloads fonts
// the stylesheet really asks for (a preload of another URL would be a
// second download).
func TestLayoutLoadsForAFastFirstVisit(t *testing.T) {
	hs := newHarness(t, true)
	css := hs.get(hs.srv.assets.URL("pdz.css"), nil).body
	fontURLs := map[string]bool{}
	base := "/static/" + hs.srv.assets.version + "/"
	for _, m := range regexp.MustCompile(`url\("([^"]+\.woff2)"\)`).FindAllStringSubmatch(css, -1) {
		fontURLs[path.Join(base, m[1])] = true
	}
	if len(fontURLs) < 2 {
		t.Fatalf("pdz.css declares %d fonts", len(fontURLs))
	}
	for _, p := range []string{notice2026, join2026 + "?tipo=cittadino", join2026 + "?tipo=organizzazione", "/"} {
		doc := hs.get(p, nil).doc(t)
		scripts := doc.Find("script")
		if strings.Contains(p, "adesione") && scripts.Filter(`[src$="/registration.js"]`).Length() != 1 {
			t.Errorf("%s: registration.js not loaded", p)
		}
		scripts.Each(func(_ int, s *goquery.Selection) {
			src, ok := s.Attr("src")
			_, deferred := s.Attr("defer")
			if !ok || !deferred || !strings.HasPrefix(src, base) {
				t.Errorf("%s: script %q (defer %v): every script is a deferred file of ours", p, src, deferred)
			}
			if strings.Contains(src, "bootstrap-italia") {
				t.Errorf("%s: loads %s", p, src)
			}
		})
		preloads := doc.Find(`link[rel="preload"]`)
		if preloads.Length() != 2 {
			t.Errorf("%s: %d preloads, want the 2 fonts above the fold", p, preloads.Length())
		}
		preloads.Each(func(_ int, l *goquery.Selection) {
			href := l.AttrOr("href", "")
			_, cors := l.Attr("crossorigin")
			if l.AttrOr("as", "") != "font" || l.AttrOr("type", "") != "font/woff2" || !cors || !fontURLs[href] {
				t.Errorf("%s: preload %q is not a font of pdz.css fetched as the stylesheet fetches it", p, href)
			}
			if r := hs.get(href, nil); r.code != http.StatusOK || r.hdr.Get("Content-Type") != "font/woff2" {
				t.Errorf("%s: %d %q", href, r.code, r.hdr.Get("Content-Type"))
			}
		})
		if doc.Find(`link[rel="preload"] ~ link[rel="stylesheet"]`).Length() == 0 {
			t.Errorf("%s: the preloads come after the stylesheets", p)
		}
	}
}

// TestBrotliWindowFitsTheFile: the window is the smallest power of two
// that holds the file and brotli's 16 bytes, within brotli's range 10-24.
func TestBrotliWindowFitsTheFile(t *testing.T) {
	for _, c := range []struct{ n, want int }{
		{0, 10}, {1000, 10}, {1009, 11}, {62639, 16}, {65520, 16}, {65521, 17}, {93715, 17}, {1 << 30, 24},
	} {
		if got := brotliWindow(c.n); got != c.want {
			t.Errorf("brotliWindow(%d) = %d, want %d", c.n, got, c.want)
		}
	}
}

// TestDesktopMenuHiddenOnlyWhereItCanShow: from 992 px the menu's button
// is hidden and the list shown through ::details-content; a browser that
// does not know that pseudo-element would hide the button and still keep
// the closed list hidden, leaving no menu at all. So the rule that hides
// the button must sit inside @supports selector(::details-content), and
// be the only one that hides it.
func TestDesktopMenuHiddenOnlyWhereItCanShow(t *testing.T) {
	css, err := fs.ReadFile(staticFiles, "static/pdz.css")
	if err != nil {
		t.Fatal(err)
	}
	hide := regexp.MustCompile(`\.pdz-menu\s*>\s*summary\s*\{\s*display:\s*none;?\s*\}`)
	if n := len(hide.FindAll(css, -1)); n != 1 {
		t.Fatalf("%d rules hide the menu's button, want 1", n)
	}
	guarded := regexp.MustCompile(`@supports selector\(::details-content\)\s*\{\s*\.pdz-menu\s*>\s*summary\s*\{\s*display:\s*none;?\s*\}`)
	if !guarded.Match(css) {
		t.Error("the rule hiding the menu's button is not inside @supports selector(::details-content)")
	}
}
