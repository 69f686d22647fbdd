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
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/andybalholm/brotli"
)

//go:embed static
var staticFiles embed.FS

// assets serves the embedded static files under /static/{version}/, where
// version is a hash of all of them: a new release gets new URLs, so browsers
// may cache every file for a year.
type assets struct {
	files   map[string]*staticFile
	version string
}

// staticFile is one embedded file as it is served.
type staticFile struct {
	body  []byte
	ctype string
	etag  string // strong, from the content; a compressed form adds its coding
}

// staticTypes are the types of our files that Go's table may lack or give
// without a charset.
var staticTypes = map[string]string{
	".css":   "text/css; charset=utf-8",
	".js":    "text/javascript; charset=utf-8",
	".svg":   "image/svg+xml",
	".woff2": "font/woff2",
	".txt":   "text/plain; charset=utf-8",
	"":       "text/plain; charset=utf-8", // LICENSE, VERSION
}

// loadStatic reads and hashes the embedded files once per process.
var loadStatic = sync.OnceValues(func() (map[string]*staticFile, string) {
	sub, err := fs.Sub(staticFiles, "static")
	if err != nil {
		panic(err)
	}
	files := map[string]*staticFile{}
	var names []string
	err = fs.WalkDir(sub, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(sub, p)
		if err != nil {
			return err
		}
		ctype, ok := staticTypes[path.Ext(p)]
		if !ok {
			ctype = mime.TypeByExtension(path.Ext(p))
		}
		if ctype == "" {
			ctype = http.DetectContentType(b)
		}
		sum := sha256.Sum256(b)
		files[p] = &staticFile{body: b, ctype: ctype, etag: hex.EncodeToString(sum[:16])}
		names = append(names, p)
		return nil
	})
	if err != nil {
		panic(err)
	}
	sort.Strings(names)
	h := sha256.New()
	for _, n := range names {
		h.Write([]byte(n))
		h.Write(files[n].body)
	}
	return files, hex.EncodeToString(h.Sum(nil))[:12]
})

func newAssets() *assets {
	files, version := loadStatic()
	// Compress in the background so that the first visitor rarely waits,
	// then give the encoders' tables back to the system: brotli's take
	// about 14 MB while they work, which the heap would otherwise keep and
	// count again under load.
	go func() {
		precompressed()
		debug.FreeOSMemory()
	}()
	return &assets{files: files, version: version}
}

// URL returns the versioned URL of a static file.
func (a *assets) URL(name string) string {
	return "/static/" + a.version + "/" + strings.TrimPrefix(name, "/")
}

func (a *assets) serve(w http.ResponseWriter, r *http.Request, notFound http.HandlerFunc) {
	name := path.Clean(r.PathValue("path"))
	f, ok := a.files[name]
	if !ok {
		notFound(w, r)
		return
	}
	h := w.Header()
	if r.PathValue("version") == a.version {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "no-cache")
	}
	h.Set("Content-Type", f.ctype)
	body, etag := f.body, f.etag
	if c, ok := precompressed()[name]; ok {
		// The same URL answers br, gzip or the file by the request's
		// header; each form has its own ETag, so that a Range or a
		// revalidation never mixes them.
		h.Set("Vary", "Accept-Encoding")
		switch negotiateEncoding(r, "br", "gzip") {
		case "br":
			body, etag = c.br, etag+"-br"
			h.Set("Content-Encoding", "br")
		case "gzip":
			body, etag = c.gzip, etag+"-gz"
			h.Set("Content-Encoding", "gzip")
		}
	}
	h.Set("ETag", `"`+etag+`"`)
	if h.Get("Content-Encoding") != "" && r.Header.Get("Range") == "" {
		// ServeContent leaves the length out of encoded answers (it
		// expects a middleware to compress); ours are compressed already.
		// A 304 drops it again.
		h.Set("Content-Length", strconv.Itoa(len(body)))
	}
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(body))
}

// brotliQuality is the compromise measured on Bootstrap Italia's CSS
// (612,257 bytes) on the shared 2-core machine: quality 10 gives 70,024
// bytes in about 0.6 s of one core, quality 11 68,891 bytes in about 2 s,
// quality 9 76,594 bytes in 0.2 s; every file at quality 10 takes
// 2.4-3.2 s there (BenchmarkPrecompress; docs/DECISIONS.md), in the
// background at start.
const brotliQuality = 10

// brotliWindow is the base-2 logarithm of the smallest brotli window that
// holds a file of n bytes (10 to 24). The encoder's tables at qualities 10
// and 11 grow with the window, not the file: with the default window of
// 4 MB every file, however small, cost tens of megabytes while compressed
// and raised the server's peak resident memory by as much.
func brotliWindow(n int) int {
	lg := 10
	for lg < 24 && 1<<lg < n+16 { // the window keeps 16 bytes for itself
		lg++
	}
	return lg
}

// compressed holds the two compressed forms of a text file.
type compressed struct{ br, gzip []byte }

// precompressed holds the embedded text files (CSS, JS, SVG; fonts and
// images are compressed already) in brotli and gzip, compressed once per
// process, by name; a file that does not shrink in both is left out.
var precompressed = sync.OnceValue(func() map[string]compressed {
	files, _ := loadStatic()
	return compressAll(files)
})

func compressAll(files map[string]*staticFile) map[string]compressed {
	out := map[string]compressed{}
	for name, f := range files {
		switch path.Ext(name) {
		case ".css", ".js", ".svg":
		default:
			continue
		}
		var br, gz bytes.Buffer
		bw := brotli.NewWriterOptions(&br, brotli.WriterOptions{Quality: brotliQuality, LGWin: brotliWindow(len(f.body))})
		bw.Write(f.body)
		bw.Close()
		gw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
		gw.Write(f.body)
		gw.Close()
		if br.Len() < len(f.body) && gz.Len() < len(f.body) {
			out[name] = compressed{br: br.Bytes(), gzip: gz.Bytes()}
		}
	}
	return out
}
