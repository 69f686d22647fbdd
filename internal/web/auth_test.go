package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

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
	if r.code != http.StatusBadRequest || !strings.Contains(r.body, "Indica la password.") || !strings.Contains(r.body, `value="anna@example.org"`) {
		t.Fatalf("empty password: %d", r.code)
	}
	for i := 0; i < pdz.LoginPairFree; i++ {
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
		t.Fatalf("after %d failures the right password must wait: %d", pdz.LoginPairFree, r.code)
	}
	hs.clock = hs.clock.Add(pdz.MinLoginDelay)
	if r := hs.post("/accedi", url.Values{"email": {"anna@example.org"}, "password": {"correct horse battery"}}, nil); r.code != http.StatusSeeOther {
		t.Fatalf("after the delay: %d", r.code)
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

// openRedirects are values of "dopo" that a browser would follow off the
// site, each a known way around a check on the string.
var openRedirects = []string{
	"//evil.example", `/\evil.example`, `\/evil.example`, "/%09/evil.example", "/%5Cevil.example",
	"/%5C%5Cevil.example", "https://evil.example", "http:evil.example", "HTTPS://evil.example", "/\t/evil",
	"/\n/evil.example", "/\r\n/evil.example", "%2F%2Fevil.example", "////evil.example", "/%2F%2Fevil.example",
	"/%2f/evil.example", "javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,x", " //evil.example",
	"\t//evil.example", "//user@evil.example", "/\x00/evil.example", "/%00/evil.example", "/%0d%0a/evil.example",
	"//%09evil.example", "/\u0085/evil.example", "/\xff/evil.example", "", "admin", "./admin", "evil.example",
	"?x=//evil.example", "#//evil.example", "/%", "/a%zz",
}

func TestSafeNextRefusesOtherSites(t *testing.T) {
	for _, p := range openRedirects {
		if got := safeNext(p); got != "/admin" {
			t.Errorf("safeNext(%q) = %q, want /admin", p, got)
		}
	}
	for p, want := range map[string]string{
		"/admin":                                 "/admin",
		"/admin?x=1#y":                           "/admin?x=1#y",
		"/admin/a/casarano/iscritti?q=rossi&p=2": "/admin/a/casarano/iscritti?q=rossi&p=2",
		"/admin/password":                        "/admin/password",
		"/ambiti/casarano/a b":                   "/ambiti/casarano/a%20b",
		"/@evil.example":                         "/@evil.example",
	} {
		if got := safeNext(p); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", p, got, want)
		}
	}
}

// The whole flow: the login page keeps "dopo" in its form only when it is
// a path of this site, and the answer to a right password goes there.
func TestLoginRedirectStaysOnSite(t *testing.T) {
	hs := newHarness(t, false)
	hs.account("anna@example.org", "correct horse battery")
	login := func(dopo string) string {
		t.Helper()
		r := hs.post("/accedi", url.Values{"email": {"anna@example.org"}, "password": {"correct horse battery"}, "dopo": {dopo}}, nil)
		if r.code != http.StatusSeeOther {
			t.Fatalf("login with dopo=%q: %d", dopo, r.code)
		}
		return r.hdr.Get("Location")
	}
	for _, p := range openRedirects {
		if strings.ContainsRune(p, 0) || !utf8.ValidString(p) {
			// Every form refuses such text before reading it (submittedForm):
			// the login is not even tried, and nothing redirects.
			r := hs.post("/accedi", url.Values{"email": {"anna@example.org"}, "password": {"correct horse battery"}, "dopo": {p}}, nil)
			if r.code != http.StatusBadRequest || r.hdr.Get("Location") != "" {
				t.Errorf("POST dopo=%q: %d, Location %q", p, r.code, r.hdr.Get("Location"))
			}
		} else if got := login(p); got != "/admin" {
			t.Errorf("POST dopo=%q: redirected to %q", p, got)
		}
		r := hs.get("/accedi?dopo="+url.QueryEscape(p), nil)
		if got, _ := r.doc(t).Find(`input[name="dopo"]`).Attr("value"); got != "/admin" {
			t.Errorf("GET dopo=%q: form keeps %q", p, got)
		}
	}
	// The raw query of the report: "%09" decoded once is a tab.
	r := hs.get("/accedi?dopo=/%09/evil.example/path", nil)
	if got, _ := r.doc(t).Find(`input[name="dopo"]`).Attr("value"); got != "/admin" {
		t.Errorf("GET dopo=/%%09/evil.example: form keeps %q", got)
	}
	if got := login("/admin/password?x=1#y"); got != "/admin/password?x=1#y" {
		t.Errorf("a local path with query and fragment: %q", got)
	}
	r = hs.get("/accedi?dopo="+url.QueryEscape("/admin/password?x=1"), nil)
	if got, _ := r.doc(t).Find(`input[name="dopo"]`).Attr("value"); got != "/admin/password?x=1" {
		t.Errorf("GET with a local dopo: form keeps %q", got)
	}
}

// Weak passwords are refused where a password is set, with the reason next
// to the field; the account's own words count, and nothing changes.
func TestWeakPasswordsRefused(t *testing.T) {
	hs := newHarness(t, true)
	u := hs.account("anna.rossi@example.org", "correct horse battery")
	a, err := hs.st.AmbitoBySlug(t.Context(), "casarano")
	if err != nil {
		t.Fatal(err)
	}
	if err := hs.st.SetMembership(t.Context(), pdz.SystemActor, u.ID, a.ID, pdz.RoleOperatore); err != nil {
		t.Fatal(err)
	}
	c := sessionFrom(hs.post("/accedi", url.Values{"email": {u.Email}, "password": {"correct horse battery"}}, nil))
	if c == nil {
		t.Fatal("login")
	}
	for _, tc := range []struct{ pw, why string }{
		{"aaaaaaaaaaaa", "ripete gli stessi caratteri"},
		{"password1234", "una parola o una password molto comune"},
		{"123456789012", "una parola o una password molto comune"},
		{"anna.rossi2026", "contiene il nome, l'indirizzo e-mail"},
		{"rossianna1234", "contiene il nome, l'indirizzo e-mail"},
		{"casarano2026!", "contiene il nome, l'indirizzo e-mail"},
	} {
		r := hs.post("/admin/password", url.Values{"current": {"correct horse battery"}, "new": {tc.pw}, "again": {tc.pw}}, c)
		if r.code != http.StatusBadRequest {
			t.Fatalf("%q: %d", tc.pw, r.code)
		}
		if got := r.doc(t).Find("#f-new-error").Text(); !strings.Contains(got, tc.why) {
			t.Errorf("%q: the reason next to the field is %q, want %q", tc.pw, got, tc.why)
		}
		mustContain(t, tc.pw, r.body, "frase di quattro o più parole")
		if strings.Contains(r.body, tc.pw) {
			t.Errorf("%q is written back into the page", tc.pw)
		}
	}
	if sessionFrom(hs.post("/accedi", url.Values{"email": {u.Email}, "password": {"correct horse battery"}}, nil)) == nil {
		t.Fatal("a refused change changed the password")
	}

	admin := hs.user("admin@example.org", true, nil)
	for _, tc := range []struct{ pw, why string }{
		{"qwertyuiopas", "una parola o una password molto comune"},
		{"mario.bianchi1234", "contiene il nome"},
		{"bianchimario!!", "contiene il nome"},
	} {
		r := hs.post("/admin/utenti", url.Values{"name": {"Mario Bianchi"}, "email": {"mario.bianchi@prova.it"}, "password": {tc.pw}}, admin)
		if r.code != http.StatusBadRequest || !strings.Contains(r.body, tc.why) || strings.Contains(r.body, tc.pw) ||
			!strings.Contains(r.body, `value="mario.bianchi@prova.it"`) {
			t.Errorf("new user with %q: %d", tc.pw, r.code)
		}
	}
	if _, err := hs.st.UserByEmail(t.Context(), "mario.bianchi@prova.it"); pdz.ErrorCode(err) != pdz.ENOTFOUND {
		t.Fatalf("a user refused for the password exists: %v", err)
	}
	r := hs.post("/admin/utenti", url.Values{"name": {"Mario Bianchi"}, "email": {"mario.bianchi@prova.it"}, "password": {"lumaca treno quaderno vento"}}, admin)
	if r.code != http.StatusSeeOther {
		t.Fatalf("a strong password refused: %d", r.code)
	}
}
