package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// pageCache keeps rendered public pages in memory. An entry is used only
// while the store's generation is unchanged (so a change made through this
// server shows at once) and for at most ttl (the delay with which a change
// made through another server of the same database shows). Only answers to
// anonymous visitors are kept, since one copy serves everybody: a signed-in
// person's page carries their name and the way out of the back office, an
// answer that sets a cookie or shows a flash message is for one browser.
type pageCache struct {
	mu      sync.RWMutex
	gen     func() int64
	ttl     time.Duration
	now     func() time.Time
	entries map[string]*cachedPage
}

type cachedPage struct {
	status int
	header http.Header
	body   []byte
	etag   string
	etagGz string // the gzip variant's
	gen    int64
	at     time.Time
	// gz is body gzipped, made once by the first request that accepts it
	// (text of minCompress bytes or more only), so hits are never
	// compressed again.
	gzOnce sync.Once
	gz     []byte
}

// gzipped returns the page's gzip variant.
func (e *cachedPage) gzipped() []byte {
	e.gzOnce.Do(func() { e.gz = bestGzip.compress(e.body) })
	return e.gz
}

const maxCachedPages = 2000

func newPageCache(gen func() int64, ttl time.Duration, now func() time.Time) *pageCache {
	return &pageCache{gen: gen, ttl: ttl, now: now, entries: map[string]*cachedPage{}}
}

// bufferWriter collects a response so it can be stored and replayed.
type bufferWriter struct {
	header http.Header
	status int
	buf    bytes.Buffer
}

func (b *bufferWriter) Header() http.Header { return b.header }
func (b *bufferWriter) WriteHeader(status int) {
	if b.status == 0 {
		b.status = status
	}
}
func (b *bufferWriter) Write(p []byte) (int, error) {
	if b.status == 0 {
		b.status = http.StatusOK
	}
	return b.buf.Write(p)
}

// cached serves a public GET page from the cache, or renders it with h and
// keeps it when it succeeds. Signed-in people neither read nor fill the
// cache.
func (s *Server) cached(w http.ResponseWriter, r *http.Request, h handler) error {
	c := s.cache
	if i := info(r); c.ttl <= 0 || r.Method != http.MethodGet || i.flash != "" || i.user != nil {
		return s.gated(w, r, h)
	}
	key := r.URL.RequestURI()
	gen := c.gen()
	c.mu.RLock()
	e := c.entries[key]
	c.mu.RUnlock()
	if e == nil || e.gen != gen || c.now().Sub(e.at) > c.ttl {
		bw := &bufferWriter{header: http.Header{}}
		if err := s.gated(bw, r, h); err != nil {
			return err
		}
		if bw.status == 0 && r.Context().Err() != nil {
			return nil // the client left while waiting for a place
		}
		sum := sha256.Sum256(bw.buf.Bytes())
		tag := hex.EncodeToString(sum[:8])
		// Another representation, another ETag (RFC 9110 8.8.3).
		e = &cachedPage{status: bw.status, header: bw.header, body: bw.buf.Bytes(), etag: `"` + tag + `"`, etagGz: `"` + tag + `-gzip"`, gen: gen, at: c.now()}
		if e.status == http.StatusOK && len(bw.header.Values("Set-Cookie")) == 0 {
			c.mu.Lock()
			if len(c.entries) >= maxCachedPages {
				clear(c.entries)
			}
			c.entries[key] = e
			c.mu.Unlock()
		}
	}
	hdr := w.Header()
	for k, v := range e.header {
		hdr[k] = v
	}
	if hdr.Get("Cache-Control") == "" {
		hdr.Set("Cache-Control", "no-cache") // revalidate with the ETag: a notice may change
	}
	body, etag := e.body, e.etag
	if len(e.body) >= minCompress && compressible(hdr.Get("Content-Type")) && hdr.Get("Content-Encoding") == "" {
		hdr.Set("Vary", "Accept-Encoding")
		if negotiateEncoding(r, "gzip") == "gzip" {
			body, etag = e.gzipped(), e.etagGz
			hdr.Set("Content-Encoding", "gzip")
		}
	}
	hdr.Set("ETag", etag)
	if e.status == http.StatusOK && r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	hdr.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(e.status)
	w.Write(body)
	return nil
}
