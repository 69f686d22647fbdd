package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/pdz-ats/pdz/internal/pdz"
	"github.com/pdz-ats/pdz/internal/store"
)

// retryAfter is the Retry-After, in seconds, of a 503 answered because the
// database was busy: about the default lock timeout.
const retryAfter = "5"

// statusOf maps a domain error code to an HTTP status, in one place.
func statusOf(code string) int {
	switch code {
	case pdz.ENOTFOUND:
		return http.StatusNotFound
	case pdz.EFORBIDDEN:
		return http.StatusForbidden
	case pdz.EUNAUTH:
		return http.StatusUnauthorized
	case pdz.EINVALID:
		return http.StatusBadRequest
	case pdz.ECONFLICT:
		return http.StatusConflict
	case pdz.ETOOMANY:
		return http.StatusTooManyRequests
	case pdz.EUNAVAILABLE:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// fail renders the error page for err. Internal errors are logged with their
// cause; users only ever see the Italian message.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	err = store.Classify(err)
	code := pdz.ErrorCode(err)
	switch code {
	case pdz.EINTERNAL:
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	case pdz.EUNAVAILABLE:
		// A lock held too long somewhere: the operator should know, the
		// user is told to try again shortly.
		s.log.Warn("database busy", "method", r.Method, "path", r.URL.Path, "err", err)
		w.Header().Set("Retry-After", retryAfter)
	}
	if isAPI(r) {
		writeJSONError(w, statusOf(code), pdz.ErrorMessage(err))
		return
	}
	s.renderError(w, r, statusOf(code), pdz.ErrorMessage(err))
}

// formFailed records on f the error of a failed save, to show the form
// again with its messages; an internal error is logged first, like fail
// does (the user reads only the Italian message).
func (s *Server) formFailed(r *http.Request, f *Form, err error) {
	if pdz.ErrorCode(err) == pdz.EINTERNAL {
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	f.fail(err)
}

func (s *Server) renderError(w http.ResponseWriter, r *http.Request, status int, msg string) {
	title := "Errore"
	switch status {
	case http.StatusNotFound:
		title = "Pagina non trovata"
	case http.StatusForbidden:
		title = "Accesso non consentito"
	case http.StatusUnauthorized:
		title = "Accesso richiesto"
	case http.StatusServiceUnavailable:
		title = "Servizio temporaneamente non disponibile"
	}
	v := s.view(r, title)
	v["Status"] = status
	v["Message"] = msg
	s.render(w, r, status, "public/error", v)
}

func (s *Server) notFoundHandler(w http.ResponseWriter, r *http.Request) error {
	// "/ambiti/casarano/" is the page "/ambiti/casarano": links pasted with
	// a trailing slash lead to it. "//host/" and "/\host/" stay 404s: as a
	// Location they would send the browser to another site.
	if p := strings.TrimRight(r.URL.Path, "/"); (r.Method == http.MethodGet || r.Method == http.MethodHead) &&
		p != r.URL.Path && len(p) > 1 && p[1] != '/' && p[1] != '\\' {
		u := url.URL{Path: p, RawQuery: r.URL.RawQuery}
		http.Redirect(w, r, u.String(), http.StatusMovedPermanently)
		return nil
	}
	s.notFoundHandlerFunc(w, r)
	return nil
}

func (s *Server) notFoundHandlerFunc(w http.ResponseWriter, r *http.Request) {
	if isAPI(r) {
		writeJSONError(w, http.StatusNotFound, "Risorsa non trovata.")
		return
	}
	s.renderError(w, r, http.StatusNotFound, "La pagina richiesta non esiste o è stata spostata.")
}

func urlQueryEscape(s string) string { return url.QueryEscape(s) }
