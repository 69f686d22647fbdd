package web

import (
	"bytes"
	"mime"
	"net/http"
	"strconv"
	"time"

	"github.com/pdz-ats/pdz/internal/document"
	"github.com/pdz-ats/pdz/internal/locale"
	"github.com/pdz-ats/pdz/internal/pdz"
)

// Public pages of the bodies and of the dated log of a process. Bodies and
// their members are public (public offices); sessions only once published.
// Members' names are office holders' names; no contact data is kept.

func bodyBase(a *pdz.Ambito, b *pdz.Body) string { return "/ambiti/" + a.Slug + "/organi/" + b.Slug }

func sessionBase(a *pdz.Ambito, b *pdz.Body, x *pdz.BodySession) string {
	return bodyBase(a, b) + "/sedute/" + strconv.FormatInt(x.ID, 10)
}

// publicBodyOf loads the Ambito and the body {organo} of a public URL.
func (s *Server) publicBodyOf(r *http.Request) (pdz.Ambito, pdz.Body, error) {
	a, err := s.store.AmbitoBySlug(r.Context(), r.PathValue("ambito"))
	if err != nil {
		return a, pdz.Body{}, err
	}
	b, err := s.store.BodyBySlug(r.Context(), a.ID, r.PathValue("organo"))
	return a, b, err
}

// publishedSession loads the published session {id} of the body {organo}.
func (s *Server) publishedSession(r *http.Request) (pdz.Ambito, pdz.Body, pdz.BodySession, error) {
	a, b, err := s.publicBodyOf(r)
	if err != nil {
		return a, b, pdz.BodySession{}, err
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return a, b, pdz.BodySession{}, pdz.Errorf(pdz.ENOTFOUND, "Seduta non trovata.")
	}
	x, err := s.store.BodySession(r.Context(), a.ID, b.ID, id)
	if err == nil && !x.Published() {
		err = pdz.Errorf(pdz.ENOTFOUND, "Seduta non trovata.")
	}
	return a, b, x, err
}

func (s *Server) publicBodies(w http.ResponseWriter, r *http.Request) error {
	return s.cached(w, r, func(w http.ResponseWriter, r *http.Request) error {
		a, err := s.store.AmbitoBySlug(r.Context(), r.PathValue("ambito"))
		if err != nil {
			return err
		}
		bs, err := s.store.Bodies(r.Context(), a.ID)
		if err != nil {
			return err
		}
		v := s.publicView(r, &a, "Organi dell'Ambito")
		v["Bodies"], v["Today"] = bs, s.today()
		v["Crumbs"] = []Crumb{{"Home", "/"}, {a.Name, "/ambiti/" + a.Slug}, {"Organi", ""}}
		s.render(w, r, http.StatusOK, "public/bodies", v)
		return nil
	})
}

func (s *Server) publicBody(w http.ResponseWriter, r *http.Request) error {
	return s.cached(w, r, func(w http.ResponseWriter, r *http.Request) error {
		a, b, err := s.publicBodyOf(r)
		if err != nil {
			return err
		}
		xs, err := s.store.BodySessions(r.Context(), a.ID, b.ID, true)
		if err != nil {
			return err
		}
		today := s.today()
		v := s.publicView(r, &a, b.Name)
		v["Body"], v["BodySessions"], v["BodyBase"] = &b, xs, bodyBase(&a, &b)
		v["Current"], v["Former"] = b.CurrentMembers(today), b.FormerMembers(today)
		v["Crumbs"] = []Crumb{{"Home", "/"}, {a.Name, "/ambiti/" + a.Slug}, {"Organi", "/ambiti/" + a.Slug + "/organi"}, {b.Name, ""}}
		s.render(w, r, http.StatusOK, "public/body", v)
		return nil
	})
}

func (s *Server) publicSession(w http.ResponseWriter, r *http.Request) error {
	return s.cached(w, r, func(w http.ResponseWriter, r *http.Request) error {
		a, b, x, err := s.publishedSession(r)
		if err != nil {
			return err
		}
		title := x.BodyName(&b) + " – seduta del " + locale.MediumDate(x.Date)
		v := s.publicView(r, &a, title)
		v["Body"], v["Session"], v["BodyBase"], v["Base"] = &b, &x, bodyBase(&a, &b), sessionBase(&a, &b, &x)
		var present []pdz.Member
		for _, id := range x.Present {
			if m := b.Member(id); m != nil {
				present = append(present, *m)
			}
		}
		v["Present"] = present
		if x.ProcessID != 0 {
			if p, err := s.store.Process(r.Context(), a.ID, x.ProcessID); err == nil && p.Published() {
				v["Process"], v["ProcessBase"] = &p, processBase(&a, &p)
				v["Meeting"] = p.Meeting(x.MeetingID)
			}
		}
		v["Crumbs"] = []Crumb{{"Home", "/"}, {a.Name, "/ambiti/" + a.Slug}, {"Organi", "/ambiti/" + a.Slug + "/organi"},
			{b.Name, bodyBase(&a, &b)}, {"Seduta del " + locale.MediumDate(x.Date), ""}}
		s.render(w, r, http.StatusOK, "public/session", v)
		return nil
	})
}

// publicActFile serves the attachment of an act of a published session.
// Files are not kept in the page cache: they may be large, and their ETag
// (the SHA-256) lets browsers and proxies keep them.
func (s *Server) publicActFile(w http.ResponseWriter, r *http.Request) error {
	a, b, x, err := s.publishedSession(r)
	if err != nil {
		return err
	}
	aid, err := strconv.ParseInt(r.PathValue("aid"), 10, 64)
	if err != nil || x.Act(aid) == nil {
		return pdz.Errorf(pdz.ENOTFOUND, "Allegato non trovato.")
	}
	f, err := s.store.ActFile(r.Context(), a.ID, b.ID, x.ID, aid)
	if err != nil {
		return err
	}
	serveFile(w, r, &f, "public, max-age=300")
	return nil
}

// serveFile sends a stored PDF with its name, its SHA-256 as ETag and
// support for conditional and range requests.
func serveFile(w http.ResponseWriter, r *http.Request, f *pdz.File, cacheControl string) {
	h := w.Header()
	h.Set("Content-Type", f.ContentType)
	h.Set("Content-Disposition", mime.FormatMediaType("inline", map[string]string{"filename": f.Name}))
	h.Set("ETag", `"`+f.SHA256+`"`)
	h.Set("Cache-Control", cacheControl)
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(f.Data))
}

// chronologyOf builds the dated log of a published process from its
// meetings and its published sessions.
func (s *Server) chronologyOf(r *http.Request) (pdz.Ambito, pdz.Process, document.Chronology, error) {
	a, p, err := s.publishedProcess(r)
	if err != nil {
		return a, p, document.Chronology{}, err
	}
	xs, err := s.store.ProcessSessions(r.Context(), a.ID, p.ID, true)
	if err != nil {
		return a, p, document.Chronology{}, err
	}
	return a, p, document.NewChronology(&p, xs), nil
}

func (s *Server) publicChronology(w http.ResponseWriter, r *http.Request) error {
	return s.cached(w, r, func(w http.ResponseWriter, r *http.Request) error {
		a, p, c, err := s.chronologyOf(r)
		if err != nil {
			return err
		}
		v := s.processView(r, &a, &p, "Cronologia del percorso – "+p.Cycle)
		v["Chronology"], v["Heading"] = &c, document.ChronologyTitle
		v["Crumbs"] = []Crumb{{"Home", "/"}, {a.Name, "/ambiti/" + a.Slug}, {p.Cycle, processBase(&a, &p)}, {"Cronologia", ""}}
		s.render(w, r, http.StatusOK, "public/chronology", v)
		return nil
	})
}

func (s *Server) chronologyText(w http.ResponseWriter, r *http.Request) error {
	return s.cached(w, r, func(w http.ResponseWriter, r *http.Request) error {
		a, p, c, err := s.chronologyOf(r)
		if err != nil {
			return err
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="cronologia-`+p.Slug+`.txt"`)
		w.Write([]byte(c.PlainText(&a, &p)))
		return nil
	})
}

func (s *Server) chronologyPDF(w http.ResponseWriter, r *http.Request) error {
	return s.cached(w, r, func(w http.ResponseWriter, r *http.Request) error {
		a, p, c, err := s.chronologyOf(r)
		if err != nil {
			return err
		}
		b, err := document.ChronologyPDF(&a, &p, &c, s.absURL(r, processBase(&a, &p)+"/cronologia"), s.now())
		if err != nil {
			return err
		}
		w.Header().Set("Content-Type", "application/pdf")
		w.Header().Set("Content-Disposition", `inline; filename="cronologia-`+p.Slug+`.pdf"`)
		w.Write(b)
		return nil
	})
}
