package bench

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// demoDB builds pdz into dir, loads the demo into a SQLite file there and
// returns the binary, the file and the demo account's password.
func demoDB(b testing.TB, dir string) (bin, db, password string) {
	bin = buildPDZ(b, dir)
	db = filepath.Join(dir, "bench.db")
	out, err := execOut(bin, "demo", "--db", db)
	if err != nil {
		b.Fatalf("demo: %v %s", err, out)
	}
	m := regexp.MustCompile(`(?m)^password: (\S+)`).FindSubmatch(out)
	if m == nil {
		b.Fatalf("demo: no password in %q", out)
	}
	return bin, db, string(m[1])
}

// serveDemo starts bin serve on db with the page cache's lifetime ttl (0:
// no cache) and returns its base URL and process id.
func serveDemo(b testing.TB, bin, db string, ttl time.Duration) (string, int) {
	port := freePort(b)
	base := "http://127.0.0.1:" + port
	srv := startServer(b, base+"/healthz", bin, []string{"serve", "--db", db, "--addr", "127.0.0.1:" + port, "--base-url", base,
		"--page-cache-ttl", ttl.String()}, "GOMAXPROCS=2")
	return base, srv.Process.Pid
}

// signIn signs the demo account in and returns its session cookie.
func signIn(b testing.TB, base, password string) string {
	resp, err := noRedirect(1).PostForm(base+"/accedi", url.Values{"email": {"responsabile@demo.pdz.invalid"}, "password": {password}})
	if err != nil {
		b.Fatal(err)
	}
	resp.Body.Close()
	for _, c := range resp.Cookies() {
		if c.Name == "pdz_session" {
			return c.Name + "=" + c.Value
		}
	}
	b.Fatalf("sign-in: %d, no session cookie", resp.StatusCode)
	return ""
}

var hrefRE = regexp.MustCompile(`href="([^"#]*)`)

// crawl returns the HTML pages reachable from start by links, in the order
// found, whose path keep accepts: GET only, so nothing changes. Files
// (PDF, spreadsheets, feeds, JSON, static) are not pages and are skipped.
func crawl(b testing.TB, base, cookie string, start []string, keep func(string) bool) []string {
	client := noRedirect(1)
	seen := map[string]bool{}
	var pages []string
	queue := append([]string(nil), start...)
	for _, p := range start {
		seen[p] = true
	}
	for len(queue) > 0 && len(pages) < 500 {
		p := queue[0]
		queue = queue[1:]
		req, _ := http.NewRequest(http.MethodGet, base+p, nil)
		if cookie != "" {
			req.Header.Set("Cookie", cookie)
		}
		resp, err := client.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
			continue
		}
		pages = append(pages, p)
		for _, m := range hrefRE.FindAllSubmatch(body, -1) {
			link := strings.ReplaceAll(string(m[1]), "&amp;", "&")
			u, err := url.Parse(link)
			if err != nil || u.Host != "" || !strings.HasPrefix(u.Path, "/") || strings.HasPrefix(u.Path, "/static/") ||
				strings.HasPrefix(u.Path, "/api/") || !keep(u.Path) {
				continue
			}
			switch path.Ext(u.Path) {
			case ".pdf", ".ics", ".csv", ".ods", ".xlsx", ".json", ".txt":
				continue
			}
			if !seen[u.RequestURI()] {
				seen[u.RequestURI()] = true
				queue = append(queue, u.RequestURI())
			}
		}
	}
	if len(pages) == 0 {
		b.Fatalf("crawl from %v found no page", start)
	}
	return pages
}

func header(kv ...string) http.Header {
	h := http.Header{}
	for i := 0; i+1 < len(kv); i += 2 {
		h.Set(kv[i], kv[i+1])
	}
	return h
}

func fetch(b testing.TB, u string, hdr http.Header) (*http.Response, []byte) {
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	req.Header = hdr.Clone()
	resp, err := (&http.Client{Transport: &http.Transport{DisableCompression: true}}).Do(req)
	if err != nil {
		b.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b.Fatalf("GET %s: %d", u, resp.StatusCode)
	}
	return resp, body
}

func kb(n int) string { return fmt.Sprintf("%.1f KB", float64(n)/1000) }
