package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/pdz-ats/pdz/internal/pdz"
)

// A public page first asked for by a signed-in person must not reach the
// anonymous visitors after them, nor the reverse.
func TestPageCacheKeepsOnlyAnonymousPages(t *testing.T) {
	hs := newHarness(t, true)
	c := hs.user("resp@example.org", false, map[string]pdz.Role{"casarano": pdz.RoleResponsabile})
	for _, path := range []string{"/", "/ambiti/casarano"} {
		signed := hs.get(path, c)
		if signed.code != http.StatusOK {
			t.Fatalf("%s signed in: %d", path, signed.code)
		}
		mustContain(t, path+" signed in", signed.body, ">Esci</button>", ">Area riservata</a>")
		anon := hs.get(path, nil)
		if strings.Contains(anon.body, ">Esci</button>") || strings.Contains(anon.body, ">Area riservata</a>") {
			t.Errorf("%s: an anonymous visitor gets the page rendered for a signed-in person", path)
		}
		mustContain(t, path+" anonymous", anon.body, "Accedi all'area riservata")
		// Now the anonymous copy is in the cache: a signed-in person does
		// not get it.
		if again := hs.get(path, c); !strings.Contains(again.body, ">Esci</button>") {
			t.Errorf("%s: a signed-in person gets the anonymous copy from the cache", path)
		}
	}
}

// cachedCalls runs a request through s.cached with a handler that counts
// how many times it renders.
func cachedCalls(t *testing.T, hs *harness, i *reqInfo, h handler, n int) int {
	t.Helper()
	calls := 0
	for k := 0; k < n; k++ {
		req := withInfo(httptest.NewRequest("GET", "/pagina", nil), i)
		rec := httptest.NewRecorder()
		err := hs.srv.cached(rec, req, func(w http.ResponseWriter, r *http.Request) error {
			calls++
			return h(w, r)
		})
		if err != nil || rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "pagina") {
			t.Fatalf("answer %d: %v %d %q", k, err, rec.Code, rec.Body.String())
		}
	}
	return calls
}

func TestPageCacheServesAnonymousPagesAgain(t *testing.T) {
	page := func(w http.ResponseWriter, r *http.Request) error { _, err := w.Write([]byte("pagina")); return err }
	withCookie := func(w http.ResponseWriter, r *http.Request) error {
		http.SetCookie(w, &http.Cookie{Name: "scelta", Value: "1"})
		return page(w, r)
	}
	cases := []struct {
		name string
		info *reqInfo
		h    handler
		want int // renders for 3 requests
	}{
		{"anonymous", &reqInfo{}, page, 1},
		{"signed in", &reqInfo{user: &pdz.User{ID: 1, Name: "Anna Rossi"}}, page, 3},
		{"with a flash", &reqInfo{flash: "Salvato."}, page, 3},
		{"setting a cookie", &reqInfo{}, withCookie, 3},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			hs := newHarness(t, false)
			if got := cachedCalls(t, hs, tc.info, tc.h, 3); got != tc.want {
				t.Errorf("rendered %d times for 3 requests, want %d", got, tc.want)
			}
		})
	}
	// A signed-in request neither fills the cache for the anonymous ones.
	hs := newHarness(t, false)
	cachedCalls(t, hs, &reqInfo{user: &pdz.User{ID: 1}}, page, 1)
	if got := cachedCalls(t, hs, &reqInfo{}, page, 2); got != 1 {
		t.Errorf("anonymous after signed in: rendered %d times for 2 requests, want 1", got)
	}
}

// What no page shows (failed and successful logins, sessions, the public
// forms' counter, e-mails being sent) does not empty the page cache: an
// attacker's failed logins would otherwise make every public page render
// afresh. A change a page shows still does.
func TestPageCacheSurvivesUnseenWrites(t *testing.T) {
	hs := newHarness(t, false)
	hs.account("anna@example.org", "correct horse battery")
	page := func(w http.ResponseWriter, r *http.Request) error { _, err := w.Write([]byte("pagina")); return err }
	if got := cachedCalls(t, hs, &reqInfo{}, page, 1); got != 1 {
		t.Fatalf("first request rendered %d times", got)
	}
	for i := 0; i < 3; i++ {
		hs.post("/accedi", url.Values{"email": {"anna@example.org"}, "password": {"sbagliata"}}, nil)
	}
	if r := hs.post("/accedi", url.Values{"email": {"anna@example.org"}, "password": {"correct horse battery"}}, nil); r.code != http.StatusSeeOther {
		t.Fatalf("login: %d", r.code)
	}
	ctx := context.Background()
	if _, err := hs.st.CountPublicPost(ctx, "192.0.2.1", time.Now(), time.Minute); err != nil {
		t.Fatal(err)
	}
	if _, err := hs.st.ClaimEmails(ctx, "test", time.Minute, 10); err != nil {
		t.Fatal(err)
	}
	if got := cachedCalls(t, hs, &reqInfo{}, page, 1); got != 0 {
		t.Errorf("after logins, a post count and a claim of e-mails the page was rendered again")
	}
	if err := hs.st.CreateUser(ctx, pdz.SystemActor, &pdz.User{Email: "b@example.org", Name: "Bruno Bianchi"}); err != nil {
		t.Fatal(err)
	}
	if got := cachedCalls(t, hs, &reqInfo{}, page, 1); got != 1 {
		t.Errorf("after a change, the cached page was served (%d renders)", got)
	}
}
