package web

import (
	"context"
	"log/slog"
	"net/http"
	"net/netip"
	"strings"
	"time"

	"github.com/pdz-ats/pdz/internal/pdz"
	"github.com/pdz-ats/pdz/internal/store"
)

// Config is what the web layer needs from the command line.
type Config struct {
	// BaseURL is the public address of the installation, used in links that
	// leave the site (calendar feeds, PDF). Cookies are marked Secure when it
	// is https.
	BaseURL string
	Version string
	Logger  *slog.Logger
	Now     func() time.Time // the clock; time.Now outside tests
	// PageCacheTTL bounds how long another server's change may take to show
	// on public pages (this server's changes show at once). 0 disables.
	PageCacheTTL time.Duration
	// MailQueued, if set, is called after a change queued e-mails in the
	// outbox, to wake the sender.
	MailQueued func()
	// PublicFormLimit is how many public forms (manifestazioni di interesse,
	// requests for a new link) one client address may send in
	// publicFormWindow; beyond it the form answers 429 and keeps what was
	// typed. 0 disables the limit.
	PublicFormLimit int
	// TrustedProxies are the reverse proxies in front of the server, whose
	// X-Forwarded-For header names the client (see clientAddr).
	TrustedProxies []netip.Prefix
}

// Server is the HTTP application.
type Server struct {
	cfg    Config
	store  *store.Store
	log    *slog.Logger
	now    func() time.Time
	assets *assets
	tmpl   templates
	cache  *pageCache
	// renders bounds the pages built at once (gate.go).
	renders renderGate
	secure  bool
}

// New builds the server; it fails if a template does not parse.
func New(st *store.Store, cfg Config) (*Server, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	cfg.BaseURL = strings.TrimSuffix(cfg.BaseURL, "/")
	s := &Server{cfg: cfg, store: st, log: cfg.Logger, now: cfg.Now, assets: newAssets(),
		secure: strings.HasPrefix(cfg.BaseURL, "https://"), renders: newRenderGate()}
	s.cache = newPageCache(st.Generation, cfg.PageCacheTTL, cfg.Now)
	var err error
	if s.tmpl, err = parseTemplates(s.funcs()); err != nil {
		return nil, err
	}
	return s, nil
}

// Handler returns the application with its middleware.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	for _, rt := range s.routes() {
		mux.Handle(rt.pattern, s.guard(rt))
	}
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.renderError(w, r, http.StatusForbidden, "Richiesta rifiutata: proviene da un altro sito. Se l'errore persiste, ricaricare la pagina e riprovare.")
	}))
	var h http.Handler = mux
	h = s.withSession(h)
	h = cop.Handler(h)
	h = s.withHeaders(h)
	h = s.withRecover(h)
	return h
}

// withHeaders sets the security headers of every answer.
func (s *Server) withHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; font-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'")
		if s.secure {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		next.ServeHTTP(w, r)
	})
}

// withRecover turns a panic into a logged error and an Italian 500 page.
func (s *Server) withRecover(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic", "path", r.URL.Path, "value", v)
				s.renderError(w, r, http.StatusInternalServerError, "Si è verificato un errore interno. Riprova più tardi.")
			}
		}()
		next.ServeHTTP(w, r)
	})
}

type ctxKey int

const infoKey ctxKey = 1

// reqInfo is what the middleware learns about a request.
type reqInfo struct {
	user        *pdz.User
	sessionHash string
	ambito      *pdz.Ambito // the back-office Ambito of the route, if any
	role        pdz.Role
	flash       string
	gated       bool // holds a place of the render gate (gate.go)
}

func info(r *http.Request) *reqInfo {
	if i, ok := r.Context().Value(infoKey).(*reqInfo); ok {
		return i
	}
	return &reqInfo{}
}

func withInfo(r *http.Request, i *reqInfo) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), infoKey, i))
}

// actor is who acts in a back-office request, for the audit log.
func actor(r *http.Request) pdz.Actor {
	if u := info(r).user; u != nil {
		return pdz.Actor{UserID: u.ID, Email: u.Email}
	}
	return pdz.SystemActor
}

// view returns the common data of every page.
func (s *Server) view(r *http.Request, title string) View {
	i := info(r)
	v := View{
		"Title":   title,
		"Path":    r.URL.Path,
		"Version": s.cfg.Version,
		"Flash":   i.flash,
	}
	if i.user != nil {
		v["User"] = i.user
	}
	if i.ambito != nil {
		v["Ambito"] = i.ambito
		v["Role"] = i.role
		v["IsResponsabile"] = i.role == pdz.RoleResponsabile
	}
	return v
}

// Crumb is one step of the breadcrumb trail.
type Crumb struct {
	Label string
	URL   string
}

// absURL makes a path absolute with the configured base URL.
func (s *Server) absURL(r *http.Request, p string) string {
	if s.cfg.BaseURL != "" {
		return s.cfg.BaseURL + p
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host + p
}
