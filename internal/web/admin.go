package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/pdz-ats/pdz/internal/pdz"
)

// adminView returns the common data of back-office pages.
func (s *Server) adminView(r *http.Request, title string) View {
	v := s.view(r, title)
	v["AdminArea"] = true
	i := info(r)
	if a := i.ambito; a != nil {
		nav := []Crumb{{"Cruscotto", "/admin/a/" + a.Slug}, {"Organi", "/admin/a/" + a.Slug + "/organi"}, {"Piani di zona", "/admin/a/" + a.Slug + "/piani"}}
		if i.role == pdz.RoleResponsabile {
			nav = append(nav, Crumb{"Dati dell'Ambito", "/admin/a/" + a.Slug + "/modifica"}, Crumb{"Registro delle modifiche", "/admin/a/" + a.Slug + "/registro"},
				Crumb{"Informativa privacy", "/admin/a/" + a.Slug + "/informativa-privacy"})
		}
		nav = append(nav, Crumb{"Sito pubblico", "/ambiti/" + a.Slug})
		v["Nav"] = nav
	} else {
		nav := []Crumb{{"Area riservata", "/admin"}}
		if i.user != nil && i.user.IsAdmin {
			nav = append(nav, Crumb{"Utenti", "/admin/utenti"}, Crumb{"Nuovo Ambito", "/admin/ambiti/nuovo"}, Crumb{"Registro", "/admin/registro"}, Crumb{"Quadri regionali", "/admin/quadri"})
		}
		nav = append(nav, Crumb{"Cambia password", "/admin/password"})
		v["Nav"] = nav
	}
	return v
}

// ambitoCrumbs starts the breadcrumb trail of an Ambito's back office.
func ambitoCrumbs(a *pdz.Ambito, more ...Crumb) []Crumb {
	return append([]Crumb{{"Area riservata", "/admin"}, {a.Name, "/admin/a/" + a.Slug}}, more...)
}

// pathID reads a numeric path segment; a malformed one is "not found".
func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, pdz.Errorf(pdz.ENOTFOUND, "Pagina non trovata.")
	}
	return id, nil
}

// confirmed reports whether a deletion form carries its confirmation box.
func confirmed(f *Form) error {
	if f.Get("conferma") != "1" {
		return pdz.Problems{"conferma": "Spunta la casella per confermare l'eliminazione."}.Err()
	}
	return nil
}

// mergeProblems adds the messages of a validation error to problems parsed
// from the form, so the user sees every mistake at once.
func mergeProblems(p pdz.Problems, err error) error {
	for k, v := range pdz.ErrorFields(err) {
		p.Add(k, v)
	}
	if len(p) > 0 {
		return p.Err()
	}
	return err
}

func (s *Server) adminHome(w http.ResponseWriter, r *http.Request) error {
	u := info(r).user
	var ambiti []pdz.Ambito
	if u.IsAdmin {
		as, err := s.store.Ambiti(r.Context())
		if err != nil {
			return err
		}
		ambiti = as
	} else {
		for _, m := range u.Memberships {
			ambiti = append(ambiti, pdz.Ambito{ID: m.AmbitoID, Slug: m.AmbitoSlug, Name: m.AmbitoName})
		}
	}
	v := s.adminView(r, "Area riservata")
	v["Ambiti"] = ambiti
	s.render(w, r, http.StatusOK, "admin/home", v)
	return nil
}

func (s *Server) ambitoDashboard(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a := info(r).ambito
	ps, err := s.store.Processes(ctx, a.ID, false)
	if err != nil {
		return err
	}
	cs, err := s.store.Comuni(ctx, a.ID)
	if err != nil {
		return err
	}
	staff, err := s.store.AmbitoUsers(ctx, a.ID)
	if err != nil {
		return err
	}
	v := s.adminView(r, a.Name)
	v["Processes"], v["Comuni"], v["Staff"] = ps, cs, staff
	v["CanPrivacy"] = info(r).role == pdz.RoleResponsabile
	v["Crumbs"] = []Crumb{{"Area riservata", "/admin"}, {a.Name, ""}}
	s.render(w, r, http.StatusOK, "admin/ambito", v)
	return nil
}

// ---- Ambito

func ambitoValues(a *pdz.Ambito) url.Values {
	return url.Values{"name": {a.Name}, "slug": {a.Slug}, "province": {a.Province}, "capofila_id": {idValue(a.CapofilaID)},
		"address": {a.Address}, "email": {a.Email}, "pec": {a.PEC}, "phone": {a.Phone}, "website": {a.Website}}
}

func ambitoFromForm(f *Form, a *pdz.Ambito) pdz.Problems {
	p := pdz.Problems{}
	v := f.Values
	a.Name, a.Slug, a.Province = v.Get("name"), v.Get("slug"), v.Get("province")
	a.Address, a.Email, a.PEC, a.Phone, a.Website = v.Get("address"), v.Get("email"), v.Get("pec"), v.Get("phone"), v.Get("website")
	a.CapofilaID = formID(p, v, "capofila_id", "Comune capofila non valido.")
	return p
}

func (s *Server) renderAmbitoForm(w http.ResponseWriter, r *http.Request, status int, f *Form, a *pdz.Ambito) error {
	title := "Nuovo Ambito"
	v := s.adminView(r, title)
	if a.ID != 0 {
		title = "Dati dell'Ambito"
		v = s.adminView(r, title)
		cs, err := s.store.Comuni(r.Context(), a.ID)
		if err != nil {
			return err
		}
		opts := []Option{{"", "– non indicato –"}}
		for _, c := range cs {
			opts = append(opts, Option{strconv.FormatInt(c.ID, 10), c.Name})
		}
		v["CapofilaOptions"], v["Comuni"] = opts, cs
		v["Crumbs"] = ambitoCrumbs(a, Crumb{title, ""})
	} else {
		v["Crumbs"] = []Crumb{{"Area riservata", "/admin"}, {title, ""}}
	}
	v["Form"], v["Edit"] = f, a
	s.render(w, r, status, "admin/ambito_form", v)
	return nil
}

func (s *Server) ambitoNew(w http.ResponseWriter, r *http.Request) error {
	return s.renderAmbitoForm(w, r, http.StatusOK, newForm(nil), &pdz.Ambito{})
}

func (s *Server) ambitoCreate(w http.ResponseWriter, r *http.Request) error {
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	var a pdz.Ambito
	problems := ambitoFromForm(f, &a)
	if len(problems) > 0 {
		err = mergeProblems(problems, a.Validate())
	} else {
		err = s.store.CreateAmbito(r.Context(), actor(r), &a)
	}
	if err != nil {
		s.formFailed(r, f, err)
		return s.renderAmbitoForm(w, r, statusOf(pdz.ErrorCode(err)), f, &pdz.Ambito{})
	}
	return s.redirect(w, r, "/admin/a/"+a.Slug, "Ambito creato. Aggiungi ora i Comuni e assegna i ruoli al personale dell'Ufficio di Piano.")
}

func (s *Server) ambitoEdit(w http.ResponseWriter, r *http.Request) error {
	a := info(r).ambito
	return s.renderAmbitoForm(w, r, http.StatusOK, newForm(ambitoValues(a)), a)
}

func (s *Server) ambitoUpdate(w http.ResponseWriter, r *http.Request) error {
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	cur := info(r).ambito
	a := *cur
	problems := ambitoFromForm(f, &a)
	if len(problems) > 0 {
		err = mergeProblems(problems, a.Validate())
	} else {
		err = s.store.UpdateAmbito(r.Context(), actor(r), &a)
	}
	if err != nil {
		s.formFailed(r, f, err)
		return s.renderAmbitoForm(w, r, statusOf(pdz.ErrorCode(err)), f, cur)
	}
	return s.redirect(w, r, "/admin/a/"+a.Slug, "Dati dell'Ambito salvati.")
}

// ---- Comuni

func comuneValues(c *pdz.Comune) url.Values {
	pop := ""
	if c.Population > 0 {
		pop = strconv.FormatInt(c.Population, 10)
	}
	return url.Values{"name": {c.Name}, "istat_code": {c.IstatCode}, "population": {pop}, "population_date": {dateValue(c.PopulationDate)}}
}

func comuneFromForm(f *Form, c *pdz.Comune) pdz.Problems {
	p := pdz.Problems{}
	c.Name, c.IstatCode = f.Get("name"), f.Get("istat_code")
	c.Population = formInt(p, f.Values, "population", "Indica la popolazione come numero intero.")
	c.PopulationDate = formDate(p, f.Values, "population_date")
	return p
}

func (s *Server) renderComuneForm(w http.ResponseWriter, r *http.Request, status int, f *Form, c *pdz.Comune) error {
	a := info(r).ambito
	title := "Nuovo Comune"
	if c.ID != 0 {
		title = "Comune di " + c.Name
	}
	v := s.adminView(r, title)
	v["Form"], v["Edit"] = f, c
	v["Crumbs"] = ambitoCrumbs(a, Crumb{"Dati dell'Ambito", "/admin/a/" + a.Slug + "/modifica"}, Crumb{title, ""})
	s.render(w, r, status, "admin/comune_form", v)
	return nil
}

func (s *Server) comuneNew(w http.ResponseWriter, r *http.Request) error {
	return s.renderComuneForm(w, r, http.StatusOK, newForm(nil), &pdz.Comune{})
}

func (s *Server) comuneCreate(w http.ResponseWriter, r *http.Request) error {
	return s.comuneSave(w, r, &pdz.Comune{AmbitoID: info(r).ambito.ID})
}

func (s *Server) comuneEdit(w http.ResponseWriter, r *http.Request) error {
	c, err := s.comuneOf(r)
	if err != nil {
		return err
	}
	return s.renderComuneForm(w, r, http.StatusOK, newForm(comuneValues(&c)), &c)
}

func (s *Server) comuneOf(r *http.Request) (pdz.Comune, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return pdz.Comune{}, err
	}
	return s.store.Comune(r.Context(), info(r).ambito.ID, id)
}

func (s *Server) comuneUpdate(w http.ResponseWriter, r *http.Request) error {
	c, err := s.comuneOf(r)
	if err != nil {
		return err
	}
	return s.comuneSave(w, r, &c)
}

func (s *Server) comuneSave(w http.ResponseWriter, r *http.Request, c *pdz.Comune) error {
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	orig := *c
	problems := comuneFromForm(f, c)
	if len(problems) > 0 {
		err = mergeProblems(problems, c.Validate())
	} else {
		err = s.store.SaveComune(r.Context(), actor(r), c)
	}
	if err != nil {
		s.formFailed(r, f, err)
		return s.renderComuneForm(w, r, statusOf(pdz.ErrorCode(err)), f, &orig)
	}
	a := info(r).ambito
	return s.redirect(w, r, "/admin/a/"+a.Slug+"/modifica#comuni", "Comune di "+c.Name+" salvato.")
}

func (s *Server) comuneDelete(w http.ResponseWriter, r *http.Request) error {
	c, err := s.comuneOf(r)
	if err != nil {
		return err
	}
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	if err = confirmed(f); err == nil {
		err = s.store.DeleteComune(r.Context(), actor(r), c.AmbitoID, c.ID)
	}
	if err != nil {
		f2 := newForm(comuneValues(&c))
		s.formFailed(r, f2, err)
		return s.renderComuneForm(w, r, statusOf(pdz.ErrorCode(err)), f2, &c)
	}
	return s.redirect(w, r, "/admin/a/"+info(r).ambito.Slug+"/modifica#comuni", "Comune di "+c.Name+" eliminato.")
}

// ---- audit log

func (s *Server) auditLog(w http.ResponseWriter, r *http.Request) error {
	a := info(r).ambito
	page, _ := strconv.Atoi(r.URL.Query().Get("pagina"))
	if page < 1 {
		page = 1
	}
	const per = 50
	entries, err := s.store.Audit(r.Context(), a.ID, pdz.AuditFilter{Limit: per + 1, Offset: (page - 1) * per})
	if err != nil {
		return err
	}
	more := len(entries) > per
	if more {
		entries = entries[:per]
	}
	v := s.adminView(r, "Registro delle modifiche")
	v["Entries"], v["Page"], v["More"] = entries, page, more
	v["Crumbs"] = ambitoCrumbs(a, Crumb{"Registro delle modifiche", ""})
	s.render(w, r, http.StatusOK, "admin/audit", v)
	return nil
}

// installationAuditLog shows the changes that belong to no Ambito: accounts.
func (s *Server) installationAuditLog(w http.ResponseWriter, r *http.Request) error {
	entries, err := s.store.InstallationAudit(r.Context(), 200)
	if err != nil {
		return err
	}
	v := s.adminView(r, "Registro delle modifiche dell'installazione")
	v["Entries"], v["Page"] = entries, 1
	v["Crumbs"] = []Crumb{{"Area riservata", "/admin"}, {"Registro delle modifiche", ""}}
	s.render(w, r, http.StatusOK, "admin/audit", v)
	return nil
}
