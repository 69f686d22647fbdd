package web

import (
	"encoding/base64"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/pdz-ats/pdz/internal/locale"
	"github.com/pdz-ats/pdz/internal/pdz"
	"github.com/pdz-ats/pdz/internal/security"
)

const (
	sessionCookie = "pdz_session"
	flashCookie   = "pdz_flash"
	sessionTTL    = 12 * time.Hour // a working day, then log in again
	sessionIdle   = 2 * time.Hour
	// deviceCookie marks a browser where an account has signed in: there
	// the failed logins of others do not slow down the account's owner.
	deviceCookie = "pdz_device"
	deviceTTL    = 365 * 24 * time.Hour
	// maxDeviceFailures failed logins from a known device forget it.
	maxDeviceFailures = 5
)

// withSession loads the signed-in user, if any, and the flash message.
func (s *Server) withSession(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		i := &reqInfo{}
		if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" && !strings.HasPrefix(r.URL.Path, "/static/") {
			h := security.HashToken(c.Value)
			if u, err := s.store.SessionUser(r.Context(), h, sessionIdle); err == nil {
				i.user, i.sessionHash = &u, h
			} else if pdz.ErrorCode(err) == pdz.ENOTFOUND {
				s.clearCookie(w, sessionCookie)
			} else {
				s.log.Error("load session", "err", err)
			}
		}
		if c, err := r.Cookie(flashCookie); err == nil {
			if b, err := base64.RawURLEncoding.DecodeString(c.Value); err == nil {
				i.flash = string(b)
			}
			s.clearCookie(w, flashCookie)
		}
		next.ServeHTTP(w, withInfo(r, i))
	})
}

func (s *Server) cookie(name, value string, maxAge int) *http.Cookie {
	return &http.Cookie{Name: name, Value: value, Path: "/", MaxAge: maxAge, HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode}
}

func (s *Server) clearCookie(w http.ResponseWriter, name string) {
	http.SetCookie(w, s.cookie(name, "", -1))
}

// redirect answers a successful POST (Post/Redirect/Get) with a message
// shown once on the next page.
func (s *Server) redirect(w http.ResponseWriter, r *http.Request, to, flash string) error {
	if flash != "" {
		http.SetCookie(w, s.cookie(flashCookie, base64.RawURLEncoding.EncodeToString([]byte(flash)), 60))
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

func (s *Server) clientIP(r *http.Request) string {
	return clientAddr(r, s.cfg.TrustedProxies)
}

// clientAddr is the address of the client that sent r. Behind a reverse
// proxy every request comes from the proxy, so the login throttling and the
// public forms' limit would count every visitor together: when the peer is
// one of the trusted proxies, the client is the right-most address of
// X-Forwarded-For that is not a trusted proxy (addresses further left were
// written by the client itself and can be forged).
func clientAddr(r *http.Request, trusted []netip.Prefix) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	isTrusted := func(a string) bool {
		ip, err := netip.ParseAddr(a)
		if err != nil {
			return false
		}
		for _, p := range trusted {
			if p.Contains(ip.Unmap()) {
				return true
			}
		}
		return false
	}
	if !isTrusted(host) {
		return host
	}
	var hops []string
	for _, v := range r.Header.Values("X-Forwarded-For") {
		for _, h := range strings.Split(v, ",") {
			hops = append(hops, strings.TrimSpace(h))
		}
	}
	for i := len(hops) - 1; i >= 0; i-- {
		if _, err := netip.ParseAddr(hops[i]); err != nil {
			break // a malformed hop: nothing left of it can be trusted
		}
		if !isTrusted(hops[i]) {
			return hops[i]
		}
	}
	return host
}

// safeNext returns where to go after logging in: p when it is a path of
// this site, re-serialised from its parsed form, else the back office. The
// check is on the parsed URL, not on the string: browsers drop tabs and
// newlines and read a backslash as "/", so "/<tab>/host" or "/\host" leave
// the site although they start with a single "/".
func safeNext(p string) string {
	if next, ok := localPath(p); ok {
		return next
	}
	return "/admin"
}

// localPath reports whether p is a path of this site (with its query and
// fragment) and returns it re-serialised.
func localPath(p string) (string, bool) {
	if len(p) == 0 || p[0] != '/' || hasUnsafeRune(p) {
		return "", false
	}
	u, err := url.Parse(p)
	if err != nil || u.Scheme != "" || u.Opaque != "" || u.Host != "" || u.User != nil ||
		!strings.HasPrefix(u.Path, "/") || strings.HasPrefix(u.Path, "//") || hasUnsafeRune(u.Path) || hasUnsafeRune(u.Fragment) {
		return "", false
	}
	return u.String(), true
}

// hasUnsafeRune reports a control character or a backslash.
func hasUnsafeRune(s string) bool {
	for _, r := range s {
		if r < 0x20 || r == 0x7f || r == '\\' || (r >= 0x80 && r < 0xa0) || r == utf8.RuneError {
			return true
		}
	}
	return false
}

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) error {
	if info(r).user != nil {
		http.Redirect(w, r, "/admin", http.StatusSeeOther)
		return nil
	}
	f := newForm(nil)
	f.Values.Set("dopo", safeNext(r.URL.Query().Get("dopo")))
	v := s.view(r, "Accesso all'area riservata")
	v["Form"] = f
	s.render(w, r, http.StatusOK, "admin/login", v)
	return nil
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) error {
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	email := strings.ToLower(strings.TrimSpace(f.Get("email")))
	password := f.Get("password")
	f.Values.Del("password")
	show := func(status int, msg string) error {
		f.Message = msg
		v := s.view(r, "Accesso all'area riservata")
		v["Form"] = f
		s.render(w, r, status, "admin/login", v)
		return nil
	}
	if email == "" || password == "" {
		if email == "" {
			f.Errors["email"] = "Indica l'indirizzo e-mail."
		}
		if password == "" {
			f.Errors["password"] = "Indica la password."
		}
		return show(http.StatusBadRequest, "")
	}
	ctx := r.Context()
	ip := s.clientIP(r)
	u, err := s.store.UserByEmail(ctx, email)
	if err != nil && pdz.ErrorCode(err) != pdz.ENOTFOUND {
		return err
	}
	known := err == nil
	// A browser where this account has signed in before is not slowed down
	// by the failures of others (see docs/DECISIONS.md).
	device := ""
	if c, cerr := r.Cookie(deviceCookie); cerr == nil && c.Value != "" && known {
		h := security.HashToken(c.Value)
		if id, err := s.store.KnownDevice(ctx, h, deviceTTL); err == nil && id == u.ID {
			device = h
		} else if err != nil && pdz.ErrorCode(err) != pdz.ENOTFOUND {
			return err
		}
	}
	if device == "" {
		retry, err := s.store.BeginLogin(ctx, email, ip)
		if err != nil {
			return err
		}
		if wait := retry.Sub(s.now()); wait > 0 {
			w.Header().Set("Retry-After", strconv.Itoa(int((wait+time.Second-1)/time.Second)))
			return show(http.StatusTooManyRequests, retryMessage(wait, retry))
		}
	}
	ok := false
	if known && u.Active {
		ok, _ = security.CheckPassword(u.PasswordHash, password)
	} else {
		security.BurnTime(password)
	}
	if !ok {
		if device != "" {
			if err := s.store.KnownDeviceFailed(ctx, device, maxDeviceFailures); err != nil {
				return err
			}
		}
		return show(http.StatusUnauthorized, "E-mail o password non corrette.")
	}
	token := security.Token()
	if err := s.store.CreateSession(ctx, security.HashToken(token), u.ID, sessionTTL); err != nil {
		return err
	}
	if device == "" {
		if err := s.store.LoginSucceeded(ctx, email, ip); err != nil {
			return err
		}
	}
	if i := info(r); i.sessionHash != "" {
		s.store.DeleteSession(ctx, i.sessionHash) // a fresh token at every login
	}
	if err := s.rememberDevice(w, r, device, u.ID); err != nil {
		return err
	}
	http.SetCookie(w, s.cookie(sessionCookie, token, int(sessionTTL/time.Second)))
	return s.redirect(w, r, safeNext(f.Get("dopo")), "Benvenuto, "+u.Name+".")
}

// rememberDevice marks the browser as one where the user signed in: the
// same token when it was already known for the user, else a new one. The
// cookie goes only to the login page, the one place that reads it.
func (s *Server) rememberDevice(w http.ResponseWriter, r *http.Request, deviceHash string, userID int64) error {
	token := ""
	if deviceHash != "" {
		if c, err := r.Cookie(deviceCookie); err == nil {
			token = c.Value
		}
	}
	if token == "" {
		token = security.Token()
	}
	if err := s.store.RememberDevice(r.Context(), security.HashToken(token), userID, deviceTTL); err != nil {
		return err
	}
	c := s.cookie(deviceCookie, token, int(deviceTTL/time.Second))
	c.Path = "/accedi"
	http.SetCookie(w, c)
	return nil
}

// retryMessage says when to try again, the same whether the account exists
// or not.
func retryMessage(wait time.Duration, at time.Time) string {
	msg := "Troppi tentativi di accesso non riusciti. Riprova tra "
	if wait < time.Minute {
		n := int((wait + time.Second - 1) / time.Second)
		return msg + locale.Count(n, "secondo", "secondi") + "."
	}
	n := int((wait + time.Minute - 1) / time.Minute)
	return msg + locale.Count(n, "minuto", "minuti") + ", alle " + at.In(locale.Rome).Add(time.Minute-1).Truncate(time.Minute).Format("15:04") + "."
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) error {
	if h := info(r).sessionHash; h != "" {
		if err := s.store.DeleteSession(r.Context(), h); err != nil {
			return err
		}
	}
	s.clearCookie(w, sessionCookie)
	return s.redirect(w, r, "/", "Uscita effettuata.")
}

func (s *Server) passwordForm(w http.ResponseWriter, r *http.Request) error {
	v := s.view(r, "Cambia password")
	v["Form"] = newForm(nil)
	s.render(w, r, http.StatusOK, "admin/password", v)
	return nil
}

func (s *Server) passwordSave(w http.ResponseWriter, r *http.Request) error {
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	i := info(r)
	cur, next, again := f.Get("current"), f.Get("new"), f.Get("again")
	f.Values = nil // passwords are never written back into a page
	f.Values = map[string][]string{}
	if ok, _ := security.CheckPassword(i.user.PasswordHash, cur); !ok {
		f.Errors["current"] = "La password attuale non è corretta."
	}
	related := []string{i.user.Email, i.user.Name}
	for _, m := range i.user.Memberships {
		related = append(related, m.AmbitoName, m.AmbitoSlug)
	}
	if msg := pdz.CheckPassword(next, related...); msg != "" {
		f.Errors["new"] = msg
	} else if next != again {
		f.Errors["again"] = "Le due password non coincidono."
	}
	if f.Invalid() {
		v := s.view(r, "Cambia password")
		v["Form"] = f
		s.render(w, r, http.StatusBadRequest, "admin/password", v)
		return nil
	}
	hash, err := security.HashPassword(next)
	if err != nil {
		return err
	}
	if err := s.store.SetPassword(r.Context(), actor(r), i.user.ID, hash, i.sessionHash); err != nil {
		return err
	}
	return s.redirect(w, r, "/admin", "Password cambiata. Le altre sessioni aperte sono state chiuse.")
}
