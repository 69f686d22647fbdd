package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"net/http"
	"path"
	"sort"
	"strings"
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
	r2 := r.Clone(r.Context())
	r2.URL.Path = "/" + name
	a.files.ServeHTTP(w, r2)
}
