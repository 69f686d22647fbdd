package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/pdz-ats/pdz/internal/locale"
	"github.com/pdz-ats/pdz/internal/pdz"
)

func processValues(p *pdz.Process) url.Values {
	v := url.Values{"title": {p.Title}, "cycle": {p.Cycle}, "slug": {p.Slug}, "body": {p.Body}, "participation": {p.Participation},
		"venue_note": {p.VenueNote}, "registration_email": {p.RegistrationEmail}, "registration_rules": {p.RegistrationRules},
		"signed_place": {p.SignedPlace}, "signed_on": {dateValue(p.SignedOn)}}
	if !p.Deadline.IsZero() {
		t := p.Deadline.In(locale.Rome)
		v.Set("deadline_date", t.Format("2006-01-02"))
		v.Set("deadline_time", t.Format("15:04"))
	}
	return v
}

func processFromForm(f *Form, p *pdz.Process) pdz.Problems {
	pr := pdz.Problems{}
	v := f.Values
	p.Title, p.Cycle, p.Slug = v.Get("title"), v.Get("cycle"), v.Get("slug")
	p.Body, p.Participation, p.VenueNote = v.Get("body"), v.Get("participation"), v.Get("venue_note")
	p.RegistrationEmail, p.RegistrationRules, p.SignedPlace = v.Get("registration_email"), v.Get("registration_rules"), v.Get("signed_place")
	p.SignedOn = formDate(pr, v, "signed_on")
	if v.Get("deadline_date") == "" && v.Get("deadline_time") != "" {
		pr.Add("deadline_date", "Indica anche la data della scadenza.")
	} else if t, err := locale.ParseDateTime(v.Get("deadline_date"), v.Get("deadline_time")); err != nil {
		pr.Add("deadline_date", "Data o ora della scadenza non valide (es. 17/06/2026 e 18:00).")
	} else {
		p.Deadline = t
	}
	if !p.Deadline.IsZero() && v.Get("deadline_time") == "" {
		pr.Add("deadline_time", "Indica l'ora della scadenza (es. 18:00).")
	}
	return pr
}

// processOf loads the process {pid} of the route's Ambito.
func (s *Server) processOf(r *http.Request) (pdz.Process, error) {
	id, err := pathID(r, "pid")
	if err != nil {
		return pdz.Process{}, err
	}
	return s.store.Process(r.Context(), info(r).ambito.ID, id)
}

func processAdminURL(a *pdz.Ambito, p *pdz.Process) string {
	return "/admin/a/" + a.Slug + "/percorsi/" + strconv.FormatInt(p.ID, 10)
}

func (s *Server) renderProcessForm(w http.ResponseWriter, r *http.Request, status int, f *Form, p *pdz.Process) error {
	a := info(r).ambito
	title := "Nuovo percorso partecipato"
	crumbs := ambitoCrumbs(a, Crumb{title, ""})
	if p.ID != 0 {
		title = "Modifica dell'avviso"
		crumbs = ambitoCrumbs(a, Crumb{p.Cycle, processAdminURL(a, p)}, Crumb{title, ""})
	}
	v := s.adminView(r, title)
	v["Form"], v["Edit"], v["Crumbs"] = f, p, crumbs
	s.render(w, r, status, "admin/process_form", v)
	return nil
}

func (s *Server) processNew(w http.ResponseWriter, r *http.Request) error {
	return s.renderProcessForm(w, r, http.StatusOK, newForm(url.Values{"title": {"Avviso pubblico di avvio del percorso di programmazione partecipata"}}), &pdz.Process{})
}

func (s *Server) processCreate(w http.ResponseWriter, r *http.Request) error {
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	a := info(r).ambito
	p := pdz.Process{AmbitoID: a.ID}
	problems := processFromForm(f, &p)
	if len(problems) > 0 {
		err = mergeProblems(problems, p.Validate())
	} else {
		err = s.store.CreateProcess(r.Context(), actor(r), &p)
	}
	if err != nil {
		s.formFailed(r, f, err)
		return s.renderProcessForm(w, r, statusOf(pdz.ErrorCode(err)), f, &pdz.Process{})
	}
	return s.redirect(w, r, processAdminURL(a, &p), "Percorso creato in bozza. Aggiungi fasi, aree tematiche e incontri, poi pubblicalo.")
}

func (s *Server) processShow(w http.ResponseWriter, r *http.Request) error {
	p, err := s.processOf(r)
	if err != nil {
		return err
	}
	s.renderProcess(w, r, http.StatusOK, &p, newForm(nil))
	return nil
}

// renderProcess shows a process in the back office; f is the deletion form.
func (s *Server) renderProcess(w http.ResponseWriter, r *http.Request, status int, p *pdz.Process, f *Form) {
	a := info(r).ambito
	v := s.adminView(r, p.Cycle)
	v["Process"], v["Base"], v["PublicURL"] = p, processAdminURL(a, p), processBase(a, p)
	v["Crumbs"] = ambitoCrumbs(a, Crumb{p.Cycle, ""})
	v["Form"] = f
	s.render(w, r, status, "admin/process", v)
}

func (s *Server) processEdit(w http.ResponseWriter, r *http.Request) error {
	p, err := s.processOf(r)
	if err != nil {
		return err
	}
	return s.renderProcessForm(w, r, http.StatusOK, newForm(processValues(&p)), &p)
}

func (s *Server) processUpdate(w http.ResponseWriter, r *http.Request) error {
	p, err := s.processOf(r)
	if err != nil {
		return err
	}
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	orig := p
	problems := processFromForm(f, &p)
	if len(problems) > 0 {
		err = mergeProblems(problems, p.Validate())
	} else {
		err = s.store.UpdateProcess(r.Context(), actor(r), &p, locale.Rome)
	}
	if err != nil {
		s.formFailed(r, f, err)
		return s.renderProcessForm(w, r, statusOf(pdz.ErrorCode(err)), f, &orig)
	}
	return s.redirect(w, r, processAdminURL(info(r).ambito, &p), "Avviso salvato.")
}

func (s *Server) processPreview(w http.ResponseWriter, r *http.Request) error {
	p, err := s.processOf(r)
	if err != nil {
		return err
	}
	w.Header().Set("X-Robots-Tag", "noindex")
	s.renderNotice(w, r, info(r).ambito, &p, true)
	return nil
}

func (s *Server) processPublish(w http.ResponseWriter, r *http.Request) error {
	return s.processStatus(w, r, pdz.StatusPublished, "Percorso pubblicato: le pagine pubbliche sono ora visibili a tutti.")
}

func (s *Server) processUnpublish(w http.ResponseWriter, r *http.Request) error {
	return s.processStatus(w, r, pdz.StatusDraft, "Percorso ritirato dalla pubblicazione: le pagine pubbliche non sono più visibili.")
}

func (s *Server) processStatus(w http.ResponseWriter, r *http.Request, st pdz.Status, msg string) error {
	p, err := s.processOf(r)
	if err != nil {
		return err
	}
	if err := s.store.SetProcessStatus(r.Context(), actor(r), p.AmbitoID, p.ID, st); err != nil {
		return err
	}
	return s.redirect(w, r, processAdminURL(info(r).ambito, &p), msg)
}

func (s *Server) processDelete(w http.ResponseWriter, r *http.Request) error {
	p, err := s.processOf(r)
	if err != nil {
		return err
	}
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	a := info(r).ambito
	if !p.PublishedAt.IsZero() {
		err = pdz.Errorf(pdz.ECONFLICT, "Il percorso è stato pubblicato e resta agli atti: si può ritirare dalla pubblicazione ma non eliminare.")
	} else if err = confirmed(f); err == nil {
		err = s.store.DeleteProcess(r.Context(), actor(r), a.ID, p.ID)
	}
	if err != nil {
		s.formFailed(r, f, err)
		s.renderProcess(w, r, statusOf(pdz.ErrorCode(err)), &p, f)
		return nil
	}
	return s.redirect(w, r, "/admin/a/"+a.Slug, "Bozza del percorso eliminata.")
}
