package web

import (
	"bytes"
	"compress/gzip"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"sync"
)

// Compression of the answers the server builds (pages, and the text
// answers the page cache keeps). Only gzip: on the notice page brotli saved
// 4% more than gzip at several times the processor time (docs/DECISIONS.md).

// minCompress is the size under which an answer goes as it is: the header
// and the work cost more than the few bytes saved.
const minCompress = 1024

// preferredEncoding returns the first of offers (content codings the
// server can produce, best first) that the request's Accept-Encoding
// admits, or "" for the identity. A coding is admitted when it is listed
// with a q-value above zero, or not listed while "*" is; q-values other
// than zero do not reorder the server's preference.
func preferredEncoding(r *http.Request, offers ...string) string {
	hs := r.Header.Values("Accept-Encoding")
	for _, o := range offers {
		if ok, listed := acceptsCoding(hs, o); listed {
			if ok {
				return o
			}
			continue
		}
		if ok, _ := acceptsCoding(hs, "*"); ok {
			return o
		}
	}
	return ""
}

// acceptsCoding reads coding in the Accept-Encoding values hs: whether it
// is listed, and if so whether with a q-value above zero. It allocates
// nothing: it runs on every hit of the page cache.
func acceptsCoding(hs []string, coding string) (ok, listed bool) {
	for _, h := range hs {
		for h != "" {
			var part string
			part, h, _ = strings.Cut(h, ",")
			name, params, _ := strings.Cut(part, ";")
			name = strings.TrimSpace(name)
			if !strings.EqualFold(name, coding) && !(coding == "gzip" && strings.EqualFold(name, "x-gzip")) {
				continue
			}
			ok, listed = true, true
			for params != "" {
				var p string
				p, params, _ = strings.Cut(params, ";")
				k, v, _ := strings.Cut(p, "=")
				if strings.EqualFold(strings.TrimSpace(k), "q") {
					if q, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err != nil || q <= 0 {
						ok = false
					}
				}
			}
		}
	}
	return ok, listed
}

// compressible reports whether an answer of this Content-Type is text that
// compression shrinks (PDF, spreadsheets and images are compressed already).
func compressible(contentType string) bool {
	mt, _, _ := mime.ParseMediaType(contentType)
	return strings.HasPrefix(mt, "text/") || mt == "application/json"
}

// fastGzip and bestGzip keep gzip writers for reuse: a gzip.Writer holds
// about 800 KB of tables, too much to allocate per request.
var fastGzip, bestGzip sync.Pool

// gzipBytes compresses b at level gzip.BestSpeed (pages rendered per
// request) or gzip.BestCompression (the page cache's copies).
func gzipBytes(b []byte, level int) []byte {
	pool := &fastGzip
	if level == gzip.BestCompression {
		pool = &bestGzip
	}
	var buf bytes.Buffer
	buf.Grow(len(b)/3 + 64)
	zw, _ := pool.Get().(*gzip.Writer)
	if zw == nil {
		zw, _ = gzip.NewWriterLevel(&buf, level)
	} else {
		zw.Reset(&buf)
	}
	zw.Write(b)
	zw.Close()
	pool.Put(zw)
	return buf.Bytes()
}

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
		if preferredEncoding(r, "gzip") == "gzip" {
			body = gzipBytes(body, gzip.BestSpeed)
			h.Set("Content-Encoding", "gzip")
		}
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	w.Write(body)
}
