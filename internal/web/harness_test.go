package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/pdz-ats/pdz/internal/demo"
	"github.com/pdz-ats/pdz/internal/pdz"
	"github.com/pdz-ats/pdz/internal/security"
	"github.com/pdz-ats/pdz/internal/store"
	"github.com/pdz-ats/pdz/internal/testdb"
)

// The test clock: 1 June 2026, before the Casarano deadline.
var testNow = time.Date(2026, 6, 1, 8, 0, 0, 0, time.UTC)

type harness struct {
	t     *testing.T
	st    *store.Store
	srv   *Server
	h     http.Handler
	clock time.Time
}

// newHarness builds the application over a fresh database; withDemo loads
// the demo data.
func newHarness(t *testing.T, withDemo bool) *harness {
	t.Helper()
	hs := &harness{t: t, clock: testNow}
	hs.st = store.New(testdb.Open(t), func() time.Time { return hs.clock })
	if withDemo {
		if _, err := demo.Load(context.Background(), hs.st); err != nil {
			t.Fatal(err)
		}
	}
	srv, err := New(hs.st, Config{BaseURL: "https://pdz.example.it", Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Now: func() time.Time { return hs.clock }, PageCacheTTL: 5 * time.Second, Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	hs.srv, hs.h = srv, srv.Handler()
	return hs
}

// user creates an account with a role in the given Ambiti and returns a
// session cookie for it.
func (hs *harness) user(email string, admin bool, roles map[string]pdz.Role) *http.Cookie {
	hs.t.Helper()
	ctx := context.Background()
	u := pdz.User{Email: email, Name: "Utente " + email, IsAdmin: admin, PasswordHash: "x"}
	if err := hs.st.CreateUser(ctx, pdz.SystemActor, &u); err != nil {
		hs.t.Fatal(err)
	}
	for slug, role := range roles {
		a, err := hs.st.AmbitoBySlug(ctx, slug)
		if err != nil {
			hs.t.Fatal(err)
		}
		if err := hs.st.SetMembership(ctx, pdz.SystemActor, u.ID, a.ID, role); err != nil {
			hs.t.Fatal(err)
		}
	}
	token := security.Token()
	if err := hs.st.CreateSession(ctx, security.HashToken(token), u.ID, time.Hour); err != nil {
		hs.t.Fatal(err)
	}
	return &http.Cookie{Name: sessionCookie, Value: token}
}

// resp is a recorded answer.
type resp struct {
	code int
	hdr  http.Header
	body string
}

func (r resp) doc(t *testing.T) *goquery.Document {
	t.Helper()
	d, err := goquery.NewDocumentFromReader(strings.NewReader(r.body))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func (hs *harness) do(method, path string, form url.Values, c *http.Cookie, hdr ...string) resp {
	hs.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req := httptest.NewRequest(method, path, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	if c != nil {
		req.AddCookie(c)
	}
	rec := httptest.NewRecorder()
	hs.h.ServeHTTP(rec, req)
	return resp{rec.Code, rec.Header(), rec.Body.String()}
}

func (hs *harness) get(path string, c *http.Cookie) resp { return hs.do("GET", path, nil, c) }

func (hs *harness) post(path string, form url.Values, c *http.Cookie) resp {
	if form == nil {
		form = url.Values{}
	}
	return hs.do("POST", path, form, c)
}

// process returns a demo process by Ambito and slug.
func (hs *harness) process(ambito, slug string) pdz.Process {
	hs.t.Helper()
	ctx := context.Background()
	a, err := hs.st.AmbitoBySlug(ctx, ambito)
	if err != nil {
		hs.t.Fatal(err)
	}
	p, err := hs.st.ProcessBySlug(ctx, a.ID, slug)
	if err != nil {
		hs.t.Fatal(err)
	}
	return p
}

func mustContain(t *testing.T, what, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("%s: missing %q", what, w)
		}
	}
}
