package web

import (
	"net/http"

	"github.com/pdz-ats/pdz/internal/pdz"
)

// access is what a route requires of the person asking.
type access int

const (
	public       access = iota // anyone
	signedIn                   // any active account
	installAdmin               // installation administrator
	operatore                  // a role in the route's {ambito}: operatore or responsabile
	responsabile               // responsabile of the route's {ambito}
)

// handler is the shape of every handler: an error is turned into an Italian
// error page by guard.
type handler func(w http.ResponseWriter, r *http.Request) error

type route struct {
	pattern string
	access  access
	h       handler
}

// routes is the whole table of the application. Tests walk it to check that
// every route enforces its access.
func (s *Server) routes() []route {
	rs := []route{
		{"GET /healthz", public, s.healthz},
		{"GET /static/{version}/{path...}", public, s.static},
		{"GET /{$}", public, s.publicHome},
		{"GET /accessibilita", public, s.accessibility},
		{"GET /ambiti/{ambito}", public, s.publicAmbito},
		{"GET /ambiti/{ambito}/percorsi/{percorso}", public, s.publicNotice},
		{"GET /ambiti/{ambito}/percorsi/{percorso}/incontri", public, s.publicMeetings},
		{"GET /ambiti/{ambito}/percorsi/{percorso}/incontri/{id}", public, s.publicMeeting},
		{"GET /ambiti/{ambito}/percorsi/{percorso}/calendario.ics", public, s.processICS},
		{"GET /ambiti/{ambito}/percorsi/{percorso}/incontri/{id}/calendario.ics", public, s.meetingICS},
		{"GET /ambiti/{ambito}/percorsi/{percorso}/avviso.pdf", public, s.noticePDF},

		{"GET /accedi", public, s.loginForm},
		{"POST /accedi", public, s.login},
		{"POST /esci", signedIn, s.logout},
		{"GET /admin", signedIn, s.adminHome},
		{"GET /admin/password", signedIn, s.passwordForm},
		{"POST /admin/password", signedIn, s.passwordSave},

		{"GET /admin/ambiti/nuovo", installAdmin, s.ambitoNew},
		{"POST /admin/ambiti", installAdmin, s.ambitoCreate},
		{"GET /admin/utenti", installAdmin, s.userList},
		{"GET /admin/utenti/nuovo", installAdmin, s.userNew},
		{"POST /admin/utenti", installAdmin, s.userCreate},
		{"GET /admin/utenti/{id}", installAdmin, s.userEdit},
		{"POST /admin/utenti/{id}", installAdmin, s.userUpdate},
		{"POST /admin/utenti/{id}/ruoli", installAdmin, s.userRole},
		{"GET /admin/registro", installAdmin, s.installationAuditLog},

		{"GET /admin/a/{ambito}", operatore, s.ambitoDashboard},
		{"GET /admin/a/{ambito}/modifica", responsabile, s.ambitoEdit},
		{"POST /admin/a/{ambito}/modifica", responsabile, s.ambitoUpdate},
		{"GET /admin/a/{ambito}/comuni/nuovo", responsabile, s.comuneNew},
		{"POST /admin/a/{ambito}/comuni", responsabile, s.comuneCreate},
		{"GET /admin/a/{ambito}/comuni/{id}", responsabile, s.comuneEdit},
		{"POST /admin/a/{ambito}/comuni/{id}", responsabile, s.comuneUpdate},
		{"POST /admin/a/{ambito}/comuni/{id}/elimina", responsabile, s.comuneDelete},
		{"GET /admin/a/{ambito}/registro", responsabile, s.auditLog},

		{"GET /admin/a/{ambito}/percorsi/nuovo", operatore, s.processNew},
		{"POST /admin/a/{ambito}/percorsi", operatore, s.processCreate},
		{"GET /admin/a/{ambito}/percorsi/{pid}", operatore, s.processShow},
		{"GET /admin/a/{ambito}/percorsi/{pid}/modifica", operatore, s.processEdit},
		{"POST /admin/a/{ambito}/percorsi/{pid}/modifica", operatore, s.processUpdate},
		{"GET /admin/a/{ambito}/percorsi/{pid}/anteprima", operatore, s.processPreview},
		{"POST /admin/a/{ambito}/percorsi/{pid}/pubblica", responsabile, s.processPublish},
		{"POST /admin/a/{ambito}/percorsi/{pid}/ritira", responsabile, s.processUnpublish},
		{"POST /admin/a/{ambito}/percorsi/{pid}/elimina", responsabile, s.processDelete},
	}
	for _, p := range s.parts() {
		base := "/admin/a/{ambito}/percorsi/{pid}/" + p.slug
		rs = append(rs,
			route{"GET " + base + "/nuovo", operatore, p.newForm},
			route{"POST " + base, operatore, p.create},
			route{"GET " + base + "/{id}", operatore, p.edit},
			route{"POST " + base + "/{id}", operatore, p.update},
			route{"POST " + base + "/{id}/elimina", operatore, p.delete},
		)
	}
	// Each later capability adds its routes with one line here, from its own file.
	rs = append(rs, s.planRoutes()...)
	rs = append(rs, s.moneyRoutes()...)
	rs = append(rs, s.bodyRoutes()...)
	rs = append(rs, s.apiRoutes()...)
	rs = append(rs, s.registrationRoutes()...)
	rs = append(rs, s.tableRoutes()...)
	rs = append(rs, route{"/", public, s.notFoundHandler})
	return rs
}

// guard enforces a route's access, resolves its {ambito} for back-office
// routes, runs the handler and renders its error.
func (s *Server) guard(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		i := info(r)
		if rt.access != public {
			w.Header().Set("Cache-Control", "no-store")
			if i.user == nil {
				if r.Method == http.MethodGet {
					http.Redirect(w, r, "/accedi?dopo="+urlQueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
					return
				}
				s.renderError(w, r, http.StatusUnauthorized, "Sessione scaduta o assente: accedi di nuovo.")
				return
			}
			switch rt.access {
			case installAdmin:
				if !i.user.IsAdmin {
					s.fail(w, r, pdz.Errorf(pdz.EFORBIDDEN, "Questa funzione è riservata all'amministratore dell'installazione."))
					return
				}
			case operatore, responsabile:
				a, err := s.store.AmbitoBySlug(r.Context(), r.PathValue("ambito"))
				if err != nil {
					s.fail(w, r, err)
					return
				}
				role := i.user.RoleIn(a.ID)
				if role == "" || (rt.access == responsabile && role != pdz.RoleResponsabile) {
					s.fail(w, r, pdz.Errorf(pdz.EFORBIDDEN, "Non si dispone dei permessi necessari per questa funzione dell'%s.", a.Name))
					return
				}
				i.ambito, i.role = &a, role
			}
		}
		h := rt.h
		if rt.access != public {
			h = func(w http.ResponseWriter, r *http.Request) error { return s.gated(w, r, rt.h) }
		}
		if err := h(w, r); err != nil {
			s.fail(w, r, err)
		}
	})
}

func (s *Server) static(w http.ResponseWriter, r *http.Request) error {
	s.assets.serve(w, r, s.notFoundHandlerFunc)
	return nil
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if err := s.store.DB().Ping(r.Context()); err != nil {
		s.log.Error("healthz", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte("database non raggiungibile\n"))
		return nil
	}
	w.Write([]byte("ok\n"))
	return nil
}
