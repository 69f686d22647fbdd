package web

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pdz-ats/pdz/internal/pdz"
)

const (
	attackerAddr = "203.0.113.7"
	ownerAddr    = "198.51.100.20"
	rightPW      = "correct horse battery"
)

// loginFrom posts the login form from a client address.
func (hs *harness) loginFrom(addr, email, password string, cookies ...*http.Cookie) resp {
	hs.t.Helper()
	form := url.Values{"email": {email}, "password": {password}}
	req := httptest.NewRequest("POST", "/accedi", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.RemoteAddr = addr + ":40000"
	for _, c := range cookies {
		if c != nil {
			req.AddCookie(c)
		}
	}
	rec := httptest.NewRecorder()
	hs.h.ServeHTTP(rec, req)
	return resp{rec.Code, rec.Header(), rec.Body.String()}
}

func deviceFrom(r resp) *http.Cookie {
	for _, c := range (&http.Response{Header: r.hdr}).Cookies() {
		if c.Name == deviceCookie && c.Value != "" {
			return c
		}
	}
	return nil
}

// waitOf checks a refusal for too many attempts and returns the wait it
// announces (Retry-After), checking that the message says the same.
func waitOf(t *testing.T, what string, r resp) time.Duration {
	t.Helper()
	if r.code != http.StatusTooManyRequests {
		t.Fatalf("%s: %d, want 429", what, r.code)
	}
	n, err := strconv.Atoi(r.hdr.Get("Retry-After"))
	if err != nil {
		t.Fatalf("%s: Retry-After %q", what, r.hdr.Get("Retry-After"))
	}
	msg := r.doc(t).Find(".alert").Text() + r.body
	var want string
	switch {
	case n == 1:
		want = "Riprova tra 1 secondo."
	case n < 60:
		want = "Riprova tra " + strconv.Itoa(n) + " secondi."
	default:
		want = "Riprova tra " + strconv.Itoa((n+59)/60) + " minuti, alle "
	}
	if !strings.Contains(msg, "Troppi tentativi di accesso non riusciti.") || !strings.Contains(msg, want) {
		t.Errorf("%s: the message does not say %q", what, want)
	}
	return time.Duration(n) * time.Second
}

// An attacker failing on an account from one address slows down only that
// address for that account: the owner signs in from elsewhere at once, and
// from the attacker's address with the browser already used to sign in;
// open sessions keep working; the delays double up to 15 minutes.
func TestLoginThrottleSparesTheOwner(t *testing.T) {
	hs := newHarness(t, false)
	hs.account("anna@example.org", rightPW)
	first := hs.loginFrom(attackerAddr, "anna@example.org", rightPW) // the owner, earlier, on a shared network
	session, device := sessionFrom(first), deviceFrom(first)
	if first.code != http.StatusSeeOther || session == nil || device == nil {
		t.Fatalf("first login: %d", first.code)
	}
	if !device.HttpOnly || !device.Secure || device.Path != "/accedi" || device.MaxAge < 300*24*3600 {
		t.Errorf("device cookie: %+v", device)
	}
	for i := 0; i < pdz.LoginPairFree; i++ {
		if r := hs.loginFrom(attackerAddr, "anna@example.org", "tentativo "+strconv.Itoa(i)); r.code != http.StatusUnauthorized {
			t.Fatalf("failure %d: %d", i, r.code)
		}
	}
	// From the attacker's address the right password waits too…
	if w := waitOf(t, "right password from A", hs.loginFrom(attackerAddr, "anna@example.org", rightPW)); w != time.Second {
		t.Errorf("first delay %v, want 1s", w)
	}
	// …but not the owner from another address, nor from A with the device
	// where the account signed in, and open sessions work.
	if r := hs.loginFrom(ownerAddr, "anna@example.org", rightPW); r.code != http.StatusSeeOther {
		t.Fatalf("owner from B: %d", r.code)
	}
	if r := hs.get("/admin", session); r.code != http.StatusOK {
		t.Fatalf("open session: %d", r.code)
	}
	r := hs.loginFrom(attackerAddr, "anna@example.org", rightPW, device)
	if r.code != http.StatusSeeOther || sessionFrom(r) == nil {
		t.Fatalf("owner from A with the known device: %d", r.code)
	}
	if again := deviceFrom(r); again == nil || again.Value != device.Value {
		t.Error("the known device's token changed at a login")
	}
	// The owner's login from B cleared only B's failures: A still waits, and
	// the delay doubles at each failure up to 15 minutes.
	for k := 0; k < 14; k++ {
		want := min(time.Second<<k, 15*time.Minute)
		got := waitOf(t, "attempt "+strconv.Itoa(k), hs.loginFrom(attackerAddr, "anna@example.org", "ancora"))
		if got != want {
			t.Fatalf("delay after %d failures: %v, want %v", pdz.LoginPairFree+k, got, want)
		}
		hs.clock = hs.clock.Add(got - time.Millisecond)
		waitOf(t, "just before the delay ends", hs.loginFrom(attackerAddr, "anna@example.org", "ancora"))
		hs.clock = hs.clock.Add(time.Millisecond)
		if r := hs.loginFrom(attackerAddr, "anna@example.org", "ancora"); r.code != http.StatusUnauthorized {
			t.Fatalf("after the delay: %d", r.code)
		}
		if r := hs.get("/admin", session); r.code != http.StatusOK {
			t.Fatalf("open session during the attack: %d", r.code)
		}
	}
	r = hs.loginFrom(attackerAddr, "anna@example.org", "ancora")
	if w := waitOf(t, "capped", r); w != 15*time.Minute {
		t.Errorf("cap: %v", w)
	}
	// The time to come back, in Rome (UTC+2 on 1 June), rounded up to the minute.
	back := hs.clock.Add(15 * time.Minute).In(time.FixedZone("CEST", 2*3600))
	if back.Second() != 0 || back.Nanosecond() != 0 {
		back = back.Add(time.Minute)
	}
	mustContain(t, "capped message", r.body, "Riprova tra 15 minuti, alle "+back.Format("15:04")+".")
	if r := hs.loginFrom(ownerAddr, "anna@example.org", rightPW); r.code != http.StatusSeeOther {
		t.Fatalf("owner from B after the long attack: %d", r.code)
	}
	if r := hs.loginFrom(attackerAddr, "anna@example.org", rightPW, device); r.code != http.StatusSeeOther {
		t.Fatalf("owner from A with the device after the long attack: %d", r.code)
	}
}

// The refusal is the same whether the account exists or not.
func TestLoginThrottleRevealsNoAccount(t *testing.T) {
	hs := newHarness(t, false)
	hs.account("anna@example.org", rightPW)
	msgs := map[string]string{}
	for _, email := range []string{"anna@example.org", "nessuno@example.org"} {
		for i := 0; i < pdz.LoginPairFree; i++ {
			if r := hs.loginFrom(attackerAddr, email, "sbagliata"); r.code != http.StatusUnauthorized {
				t.Fatalf("%s: %d", email, r.code)
			}
		}
		r := hs.loginFrom(attackerAddr, email, "sbagliata")
		waitOf(t, email, r)
		msgs[email] = r.doc(t).Find("main").Text()
		msgs[email] = strings.ReplaceAll(msgs[email], email, "EMAIL")
	}
	if msgs["anna@example.org"] != msgs["nessuno@example.org"] {
		t.Errorf("the pages differ:\n%s\n---\n%s", msgs["anna@example.org"], msgs["nessuno@example.org"])
	}
}

// Spraying one password over many accounts from one address is slowed
// down at that address; the owners elsewhere, or with their device, are not.
func TestLoginThrottleSpraying(t *testing.T) {
	hs := newHarness(t, false)
	hs.account("anna@example.org", rightPW)
	device := deviceFrom(hs.loginFrom(ownerAddr, "anna@example.org", rightPW))
	for i := 0; i < pdz.LoginAddressFree; i++ {
		if r := hs.loginFrom(attackerAddr, "utente"+strconv.Itoa(i)+"@example.org", "Primavera2026!"); r.code != http.StatusUnauthorized {
			t.Fatalf("spray %d: %d", i, r.code)
		}
	}
	if w := waitOf(t, "a new account from A", hs.loginFrom(attackerAddr, "altro@example.org", "Primavera2026!")); w != time.Second {
		t.Errorf("first delay %v", w)
	}
	// A refused attempt writes nothing (a flood of them costs reads only).
	gen := hs.st.Generation()
	waitOf(t, "the right password from A", hs.loginFrom(attackerAddr, "anna@example.org", rightPW))
	if hs.st.Generation() != gen {
		t.Error("a refused attempt wrote to the database")
	}
	if r := hs.loginFrom(ownerAddr, "anna@example.org", rightPW); r.code != http.StatusSeeOther {
		t.Fatalf("owner from B: %d", r.code)
	}
	if r := hs.loginFrom(attackerAddr, "anna@example.org", rightPW, device); r.code != http.StatusSeeOther {
		t.Fatalf("owner from A with the device: %d", r.code)
	}
	hs.clock = hs.clock.Add(time.Second)
	if r := hs.loginFrom(attackerAddr, "altro@example.org", "Primavera2026!"); r.code != http.StatusUnauthorized {
		t.Fatalf("after the delay: %d", r.code)
	}
	if w := waitOf(t, "the next", hs.loginFrom(attackerAddr, "altro2@example.org", "x")); w != 2*time.Second {
		t.Errorf("second delay %v", w)
	}
	// A day later the failures no longer count.
	hs.clock = hs.clock.Add(pdz.LoginFailureWindow)
	if r := hs.loginFrom(attackerAddr, "anna@example.org", rightPW); r.code != http.StatusSeeOther {
		t.Fatalf("a day later: %d", r.code)
	}
}

// Guessing one account's password from many addresses slows the account
// down everywhere, except on the devices where it signed in.
func TestLoginThrottleDistributed(t *testing.T) {
	hs := newHarness(t, false)
	hs.account("anna@example.org", rightPW)
	device := deviceFrom(hs.loginFrom(ownerAddr, "anna@example.org", rightPW))
	addr := func(i int) string { return "192.0.2." + strconv.Itoa(10+i) }
	for i := 0; i < pdz.LoginAccountAddresses; i++ {
		if r := hs.loginFrom(addr(i), "anna@example.org", "bot"); r.code != http.StatusUnauthorized {
			t.Fatalf("bot %d: %d", i, r.code)
		}
	}
	if w := waitOf(t, "a new address", hs.loginFrom(addr(50), "anna@example.org", "bot")); w != time.Second {
		t.Errorf("first delay %v", w)
	}
	waitOf(t, "the owner on a new device", hs.loginFrom(ownerAddr, "anna@example.org", rightPW))
	if r := hs.loginFrom(ownerAddr, "anna@example.org", rightPW, device); r.code != http.StatusSeeOther {
		t.Fatalf("owner with the device: %d", r.code)
	}
	hs.clock = hs.clock.Add(time.Second)
	if r := hs.loginFrom(addr(51), "anna@example.org", "bot"); r.code != http.StatusUnauthorized {
		t.Fatalf("after the delay: %d", r.code)
	}
	if w := waitOf(t, "next", hs.loginFrom(addr(52), "anna@example.org", "bot")); w != 2*time.Second {
		t.Errorf("second delay %v", w)
	}
	// Another account is not slowed down.
	hs.account("bruno@example.org", rightPW)
	if r := hs.loginFrom(addr(53), "bruno@example.org", rightPW); r.code != http.StatusSeeOther {
		t.Fatalf("another account: %d", r.code)
	}
}

// A known device's cookie gives a few tries only: after them the device is
// forgotten and waits like any other. A device known for another account
// does not help.
func TestLoginThrottleKnownDeviceLimits(t *testing.T) {
	hs := newHarness(t, false)
	hs.account("anna@example.org", rightPW)
	hs.account("bruno@example.org", rightPW)
	device := deviceFrom(hs.loginFrom(ownerAddr, "anna@example.org", rightPW))
	bruno := deviceFrom(hs.loginFrom(ownerAddr, "bruno@example.org", rightPW))
	for i := 0; i < pdz.LoginPairFree; i++ {
		hs.loginFrom(attackerAddr, "anna@example.org", "x")
	}
	waitOf(t, "another account's device", hs.loginFrom(attackerAddr, "anna@example.org", rightPW, bruno))
	for i := 0; i < maxDeviceFailures; i++ {
		if r := hs.loginFrom(attackerAddr, "anna@example.org", "rubato", device); r.code != http.StatusUnauthorized {
			t.Fatalf("device failure %d: %d", i, r.code)
		}
	}
	waitOf(t, "a forgotten device", hs.loginFrom(attackerAddr, "anna@example.org", rightPW, device))
	if r := hs.loginFrom(ownerAddr, "anna@example.org", rightPW); r.code != http.StatusSeeOther {
		t.Fatalf("owner from B: %d", r.code)
	}
}

// Attempts made at the same moment count each other: they cannot all pass
// on one reading of the failures (several servers share the database).
func TestLoginThrottleConcurrentAttempts(t *testing.T) {
	hs := newHarness(t, false)
	hs.account("anna@example.org", rightPW)
	const n = 12
	codes := make(chan int, n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			form := url.Values{"email": {"anna@example.org"}, "password": {"x"}}
			req := httptest.NewRequest("POST", "/accedi", strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.RemoteAddr = attackerAddr + ":40000"
			rec := httptest.NewRecorder()
			hs.h.ServeHTTP(rec, req)
			codes <- rec.Code
		}()
	}
	wg.Wait()
	close(codes)
	count := map[int]int{}
	for c := range codes {
		count[c]++
	}
	if count[http.StatusUnauthorized] != pdz.LoginPairFree || count[http.StatusTooManyRequests] != n-pdz.LoginPairFree {
		t.Errorf("answers %v, want %d × 401 and %d × 429", count, pdz.LoginPairFree, n-pdz.LoginPairFree)
	}
}
