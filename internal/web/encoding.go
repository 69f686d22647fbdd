package web

import (
	"bytes"
	"compress/gzip"
	"mime"
	"net/http"
	"runtime"
	"strconv"
	"strings"
)

// Compression of the answers the server builds (pages, and the text
// answers the page cache keeps). Only gzip: on the notice page brotli saved
// 4% more than gzip at several times the processor time (docs/DECISIONS.md).

// minCompress is the size under which an answer goes as it is: the header
// and the work cost more than the few bytes saved.
const minCompress = 1024

// negotiateEncoding chooses the content coding of an answer: the one of
// offers (the codings the server can produce for it, best first: "br",
// "gzip") that the request's Accept-Encoding weighs highest, the server's
// order breaking ties; "" for the identity. A coding refused with q=0 (or
// an unreadable weight) is never chosen; "*" stands for a coding the header
// does not name; without the header the answer is not compressed: RFC 9110
// would allow any coding, but clients that send no header are the ones
// least likely to decode one. Static files offer br and gzip, pages gzip
// only (docs/DECISIONS.md). It allocates nothing: it runs on every hit of
// the page cache.
func negotiateEncoding(r *http.Request, offers ...string) string {
	hs := r.Header.Values("Accept-Encoding")
	best, bestQ := "", 0.0
	for _, o := range offers {
		q, listed := codingWeight(hs, o)
		if !listed {
			q, _ = codingWeight(hs, "*")
		}
		if q > bestQ {
			best, bestQ = o, q
		}
	}
	return best
}

// codingWeight reads coding in the Accept-Encoding values hs: its q-value
// (1 when none is given, 0 when unreadable or out of range) and whether it
// is listed at all.
func codingWeight(hs []string, coding string) (q float64, listed bool) {
	for _, h := range hs {
		for h != "" {
			var part string
			part, h, _ = strings.Cut(h, ",")
			name, params, _ := strings.Cut(part, ";")
			name = strings.TrimSpace(name)
			if !strings.EqualFold(name, coding) && !(coding == "gzip" && strings.EqualFold(name, "x-gzip")) {
				continue
			}
			q, listed = 1, true
			for params != "" {
				var p string
				p, params, _ = strings.Cut(params, ";")
				k, v, _ := strings.Cut(p, "=")
				if strings.EqualFold(strings.TrimSpace(k), "q") {
					f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
					if err != nil || f < 0 || f > 1 {
						f = 0 // an unreadable weight admits nothing
					}
					q = f
				}
			}
		}
	}
	return q, listed
}

// compressible reports whether an answer of this Content-Type is text that
// compression shrinks (PDF, spreadsheets and images are compressed already).
func compressible(contentType string) bool {
	mt, _, _ := mime.ParseMediaType(contentType)
	return strings.HasPrefix(mt, "text/") || mt == "application/json"
}

// gzipPool lends at most n gzip writers of one level. A gzip.Writer holds
// about 800 KB of tables whatever its level: allocated per request, or
// kept in a sync.Pool by each of 64 concurrent renders, they took the
// server's resident memory past 90 MB under load; n writers bound that to
// n × 800 KB, and a render waits for one (compressing a page takes a
// fraction of a millisecond).
type gzipPool struct {
	level int
	free  chan *gzip.Writer // nil tokens: writers not made yet
}

func newGzipPool(level, n int) *gzipPool {
	p := &gzipPool{level: level, free: make(chan *gzip.Writer, n)}
	for range n {
		p.free <- nil
	}
	return p
}

// compress returns b gzipped.
func (p *gzipPool) compress(b []byte) []byte {
	var buf bytes.Buffer
	buf.Grow(len(b)/3 + 64)
	zw := <-p.free
	if zw == nil {
		zw, _ = gzip.NewWriterLevel(&buf, p.level)
	} else {
		zw.Reset(&buf)
	}
	zw.Write(b)
	zw.Close()
	p.free <- zw
	return buf.Bytes()
}

// fastGzip compresses the pages rendered for each request; bestGzip the
// copies the page cache keeps.
var (
	fastGzip = newGzipPool(gzip.BestSpeed, max(2, runtime.GOMAXPROCS(0)))
	bestGzip = newGzipPool(gzip.BestCompression, 2)
)

// writeBody writes an answer built whole in memory, gzipped when the
// client accepts it and the answer is text worth compressing. Pages
// rendered for each request use gzip's fastest level: on the notice page it
// costs a third of the default level's time for 14% more bytes. The page
// cache compresses its copies once, harder (cachedPage.gzipped).
func writeBody(w http.ResponseWriter, r *http.Request, status int, body []byte) {
	h := w.Header()
	if _, forCache := w.(*bufferWriter); forCache {
		w.WriteHeader(status) // the page cache keeps the page as it is
		w.Write(body)
		return
	}
	if len(body) >= minCompress && compressible(h.Get("Content-Type")) {
		h.Set("Vary", "Accept-Encoding")
		if negotiateEncoding(r, "gzip") == "gzip" {
			body = fastGzip.compress(body)
			h.Set("Content-Encoding", "gzip")
		}
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	w.Write(body)
}
