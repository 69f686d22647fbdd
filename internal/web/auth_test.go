package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/pdz-ats/pdz/internal/pdz"
	"github.com/pdz-ats/pdz/internal/security"
)

func (hs *harness) account(email, password string) pdz.User {
	hs.t.Helper()
	h, _ := security.HashPassword(password)
	u := pdz.User{Email: email, Name: "Anna Rossi", PasswordHash: h}
	if err := hs.st.CreateUser(context.Background(), pdz.SystemActor, &u); err != nil {
		hs.t.Fatal(err)
	}
	return u
}

func sessionFrom(r resp) *http.Cookie {
	for _, c := range (&http.Response{Header: r.hdr}).Cookies() {
		if c.Name == sessionCookie && c.Value != "" {
			return c
		}
	}
	return nil
}

func TestLoginLogout(t *testing.T) {
	hs := newHarness(t, false)
	hs.account("anna@example.org", "correct horse battery")
	r := hs.post("/accedi", url.Values{"email": {"Anna@Example.org"}, "password": {"correct horse battery"}, "dopo": {"/admin/password"}}, nil)
	c := sessionFrom(r)
	if r.code != http.StatusSeeOther || r.hdr.Get("Location") != "/admin/password" || c == nil {
		t.Fatalf("login: %d %s", r.code, r.hdr.Get("Location"))
	}
	if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || !c.Secure {
		t.Errorf("session cookie flags: %+v", c)
	}
	if r := hs.get("/admin", c); r.code != http.StatusOK || !strings.Contains(r.body, "anna@example.org") {
		t.Fatalf("after login: %d", r.code)
	}
	// An open redirect through "dopo" is refused.
	r = hs.post("/accedi", url.Values{"email": {"anna@example.org"}, "password": {"correct horse battery"}, "dopo": {"//evil.example/x"}}, nil)
	if r.hdr.Get("Location") != "/admin" {
		t.Errorf("dopo=//evil: redirected to %q", r.hdr.Get("Location"))
	}
	if r := hs.post("/esci", nil, c); r.code != http.StatusSeeOther {
		t.Fatalf("logout: %d", r.code)
	}
	if r := hs.get("/admin", c); r.code != http.StatusSeeOther {
		t.Fatalf("the session survives logout: %d", r.code)
	}
}

func TestLoginErrorsAndThrottling(t *testing.T) {
	hs := newHarness(t, false)
	hs.account("anna@example.org", "correct horse battery")
	r := hs.post("/accedi", url.Values{"email": {"anna@example.org"}, "password": {""}}, nil)
	if r.code != http.StatusBadRequest || !strings.Contains(r.body, "Indicare la password.") || !strings.Contains(r.body, `value="anna@example.org"`) {
		t.Fatalf("empty password: %d", r.code)
	}
	for i := 0; i < maxFailEmail; i++ {
		r = hs.post("/accedi", url.Values{"email": {"anna@example.org"}, "password": {"sbagliata " + strconv.Itoa(i)}}, nil)
		if r.code != http.StatusUnauthorized || !strings.Contains(r.body, "E-mail o password non corrette.") {
			t.Fatalf("attempt %d: %d", i, r.code)
		}
		if strings.Contains(r.body, "sbagliata") {
			t.Fatal("the password typed is written back into the page")
		}
	}
	r = hs.post("/accedi", url.Values{"email": {"anna@example.org"}, "password": {"correct horse battery"}}, nil)
	if r.code != http.StatusTooManyRequests || !strings.Contains(r.body, "Troppi tentativi") {
		t.Fatalf("after %d failures the right password must wait: %d", maxFailEmail, r.code)
	}
	hs.clock = hs.clock.Add(failWindow + 1)
	if r := hs.post("/accedi", url.Values{"email": {"anna@example.org"}, "password": {"correct horse battery"}}, nil); r.code != http.StatusSeeOther {
		t.Fatalf("after the window: %d", r.code)
	}
}

// Cross-origin protection: a state-changing request a browser marks as
// coming from another site is refused, whatever the session.
func TestCrossOriginRequestsRefused(t *testing.T) {
	hs := newHarness(t, true)
	c := hs.user("resp@example.org", false, map[string]pdz.Role{"casarano": pdz.RoleResponsabile})
	p := hs.process("casarano", "pdz-2026-2028")
	path := "/admin/a/casarano/percorsi/" + strconv.FormatInt(p.ID, 10) + "/ritira"
	for _, hdr := range [][]string{{"Sec-Fetch-Site", "cross-site"}, {"Origin", "https://evil.example"}} {
		r := hs.do("POST", path, url.Values{}, c, hdr...)
		if r.code != http.StatusForbidden || !strings.Contains(r.body, "proviene da un altro sito") {
			t.Errorf("%v: %d", hdr, r.code)
		}
	}
	if got := hs.process("casarano", "pdz-2026-2028"); !got.Published() {
		t.Fatal("a cross-site request changed the process")
	}
	if r := hs.do("POST", path, url.Values{}, c, "Sec-Fetch-Site", "same-origin"); r.code != http.StatusSeeOther {
		t.Errorf("same-origin: %d", r.code)
	}
}

func TestSecurityHeaders(t *testing.T) {
	hs := newHarness(t, false)
	r := hs.get("/", nil)
	for h, want := range map[string]string{"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Strict-Transport-Security": "max-age"} {
		if !strings.Contains(r.hdr.Get(h), want) {
			t.Errorf("%s: %q", h, r.hdr.Get(h))
		}
	}
	if !strings.Contains(r.hdr.Get("Content-Security-Policy"), "default-src 'self'") {
		t.Errorf("CSP: %q", r.hdr.Get("Content-Security-Policy"))
	}
}

func TestChangePassword(t *testing.T) {
	hs := newHarness(t, false)
	hs.account("anna@example.org", "correct horse battery")
	login := func(pw string) *http.Cookie {
		return sessionFrom(hs.post("/accedi", url.Values{"email": {"anna@example.org"}, "password": {pw}}, nil))
	}
	c1, c2 := login("correct horse battery"), login("correct horse battery")
	r := hs.post("/admin/password", url.Values{"current": {"correct horse battery"}, "new": {"corta"}, "again": {"corta"}}, c1)
	if r.code != http.StatusBadRequest || !strings.Contains(r.body, "almeno 12 caratteri") {
		t.Fatalf("short password: %d", r.code)
	}
	r = hs.post("/admin/password", url.Values{"current": {"correct horse battery"}, "new": {"una nuova frase lunga"}, "again": {"una nuova frase lunga"}}, c1)
	if r.code != http.StatusSeeOther {
		t.Fatalf("change: %d", r.code)
	}
	if r := hs.get("/admin", c1); r.code != http.StatusOK {
		t.Error("the session that changed the password was closed")
	}
	if r := hs.get("/admin", c2); r.code != http.StatusSeeOther {
		t.Error("other sessions survive a password change")
	}
	if login("una nuova frase lunga") == nil || login("correct horse battery") != nil {
		t.Error("new password refused or old accepted")
	}
}
