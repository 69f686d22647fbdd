package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

//go:embed static
var staticFiles embed.FS

// assets serves the embedded static files under /static/{version}/, where
// version is a hash of all of them: a new release gets new URLs, so browsers
// may cache every file for a year.
type assets struct {
	fsys    fs.FS
	version string
	files   http.Handler
}

func newAssets() *assets {
	sub, err := fs.Sub(staticFiles, "static")
	if err != nil {
		panic(err)
	}
	h := sha256.New()
	var names []string
	fs.WalkDir(sub, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			names = append(names, p)
		}
		return err
	})
	sort.Strings(names)
	for _, n := range names {
		b, _ := fs.ReadFile(sub, n)
		h.Write([]byte(n))
		h.Write(b)
	}
	return &assets{fsys: sub, version: hex.EncodeToString(h.Sum(nil))[:12], files: http.FileServerFS(sub)}
}

// URL returns the versioned URL of a static file.
func (a *assets) URL(name string) string {
	return "/static/" + a.version + "/" + strings.TrimPrefix(name, "/")
}

func (a *assets) serve(w http.ResponseWriter, r *http.Request, notFound http.HandlerFunc) {
	name := path.Clean(r.PathValue("path"))
	if st, err := fs.Stat(a.fsys, name); err != nil || st.IsDir() {
		notFound(w, r)
		return
	}
	if r.PathValue("version") == a.version {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		w.Header().Set("Cache-Control", "no-cache")
	}
	if gz, ok := gzipped()[name]; ok {
		// The same URL answers gzip or not by the request's header.
		w.Header().Set("Vary", "Accept-Encoding")
		if acceptsGzip(r) {
			w.Header().Set("Content-Encoding", "gzip")
			w.Header().Set("Content-Type", mime.TypeByExtension(path.Ext(name)))
			http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(gz))
			return
		}
	}
	r2 := r.Clone(r.Context())
	r2.URL.Path = "/" + name
	a.files.ServeHTTP(w, r2)
}

// gzipped holds the embedded text files (the Bootstrap Italia CSS and JS
// are most of a first visit: 1.6 MB, about 0.4 MB gzipped) compressed
// once per process, by name; fonts and images are compressed already.
var gzipped = sync.OnceValue(func() map[string][]byte {
	sub, err := fs.Sub(staticFiles, "static")
	if err != nil {
		panic(err)
	}
	out := map[string][]byte{}
	fs.WalkDir(sub, ".", func(p string, d fs.DirEntry, err error) error {
		switch path.Ext(p) {
		case ".css", ".js", ".svg":
		default:
			return err
		}
		b, err := fs.ReadFile(sub, p)
		if err != nil {
			return err
		}
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		zw.Write(b)
		zw.Close()
		if buf.Len() < len(b) {
			out[p] = buf.Bytes()
		}
		return nil
	})
	return out
})

// acceptsGzip reports whether the request's Accept-Encoding admits gzip:
// listed without q=0, or not listed and "*" admitted.
func acceptsGzip(r *http.Request) bool {
	gz, star := -1, -1 // not listed; 0 refused, 1 admitted
	for _, h := range r.Header.Values("Accept-Encoding") {
		for _, part := range strings.Split(h, ",") {
			coding, params, _ := strings.Cut(part, ";")
			ok := 1
			for _, p := range strings.Split(params, ";") {
				if k, v, _ := strings.Cut(strings.TrimSpace(p), "="); strings.EqualFold(k, "q") {
					if q, err := strconv.ParseFloat(v, 64); err == nil && q == 0 {
						ok = 0
					}
				}
			}
			switch strings.ToLower(strings.TrimSpace(coding)) {
			case "gzip", "x-gzip":
				gz = ok
			case "*":
				star = ok
			}
		}
	}
	if gz >= 0 {
		return gz == 1
	}
	return star == 1
}
