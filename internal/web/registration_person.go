package web

// A person's data across the register (GDPR arts. 15 and 17): the right of
// access and the right to erasure are a person's, and one person may be
// named in several registrations (a citizen who joins two processes, the
// contact of an organisation who also represents another at a table). The
// Ufficio di Piano looks the person up by e-mail or codice fiscale in every
// process of the Ambito and exports everything in one JSON file; the
// Responsabile erases all the registrations that name them in one
// confirmed action (each as its own page's erasure does). The search, the
// export and the erasure are POSTs so that the e-mail or the code never
// reaches a URL (and so access logs or the browser's history).

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/pdz-ats/pdz/internal/locale"
	"github.com/pdz-ats/pdz/internal/pdz"
	"github.com/pdz-ats/pdz/internal/store"
)

// personMatch is a registration that names the person, with the part they
// have in it.
type personMatch struct {
	Registration pdz.Registration
	Process      pdz.Process
	URL          string
	Roles        []string
}

// personRoles says in what capacity who (an e-mail or a code) appears.
func personRoles(reg *pdz.Registration, who string) []string {
	who = strings.TrimSpace(who)
	if !strings.Contains(who, "@") {
		return []string{"Soggetto che si iscrive (codice)"}
	}
	var out []string
	if strings.EqualFold(reg.Email, who) || strings.EqualFold(reg.PEC, who) {
		out = append(out, "Soggetto che si iscrive (e-mail)")
	}
	if strings.EqualFold(reg.Contact.Email, who) && reg.IsOrganisation() {
		out = append(out, "Referente dell'organizzazione")
	}
	for _, p := range reg.Areas {
		if strings.EqualFold(p.Rep.Email, who) {
			out = append(out, "Rappresentante al tavolo «"+p.AreaName+"»")
		}
	}
	return out
}

// personLookup validates the field "chi" and finds the registrations.
func (s *Server) personLookup(r *http.Request, f *Form) ([]personMatch, error) {
	a := info(r).ambito
	who := strings.TrimSpace(f.Get("chi"))
	if who == "" {
		return nil, pdz.Problems{"chi": "Indica l'indirizzo e-mail o il codice fiscale della persona."}.Err()
	}
	if !strings.Contains(who, "@") && len(strings.ReplaceAll(who, " ", "")) < 11 {
		return nil, pdz.Problems{"chi": "Indica un indirizzo e-mail completo o un codice fiscale (16 caratteri, o 11 cifre)."}.Err()
	}
	regs, err := s.store.PersonRegistrations(r.Context(), a.ID, who)
	if err != nil {
		return nil, err
	}
	ps, err := s.store.Processes(r.Context(), a.ID, false)
	if err != nil {
		return nil, err
	}
	byID := map[int64]pdz.Process{}
	for _, p := range ps {
		byID[p.ID] = p
	}
	out := make([]personMatch, 0, len(regs))
	for _, reg := range regs {
		p := byID[reg.ProcessID]
		out = append(out, personMatch{Registration: reg, Process: p, URL: registrationURL(a, &p, reg.ID), Roles: personRoles(&reg, who)})
	}
	return out, nil
}

func (s *Server) personData(w http.ResponseWriter, r *http.Request) error {
	return s.renderPersonData(w, r, http.StatusOK, newForm(nil), nil, false)
}

func (s *Server) renderPersonData(w http.ResponseWriter, r *http.Request, status int, f *Form, ms []personMatch, searched bool) error {
	return s.renderPersonDataErase(w, r, status, f, ms, searched, newForm(nil))
}

// renderPersonDataErase is the page with the erasure form erase (its
// confirmation and message) under the registrations found.
func (s *Server) renderPersonDataErase(w http.ResponseWriter, r *http.Request, status int, f *Form, ms []personMatch, searched bool, erase *Form) error {
	a := info(r).ambito
	v := s.adminView(r, "Dati personali di una persona")
	v["Form"], v["Matches"], v["Searched"], v["EraseForm"] = f, ms, searched, erase
	v["EraseLabel"] = "Confermo la cancellazione definitiva dei dati personali di questa persona dalla manifestazione di interesse elencata"
	if len(ms) > 1 {
		v["EraseLabel"] = "Confermo la cancellazione definitiva dei dati personali di questa persona da tutte le " + locale.Count(len(ms), "manifestazione di interesse elencata", "manifestazioni di interesse elencate")
	}
	v["Crumbs"] = ambitoCrumbs(a, Crumb{"Dati personali di una persona", ""})
	s.render(w, r, status, "admin/person_data", v)
	return nil
}

func (s *Server) personDataSearch(w http.ResponseWriter, r *http.Request) error {
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	ms, err := s.personLookup(r, f)
	if err != nil {
		s.formFailed(r, f, err)
		return s.renderPersonData(w, r, statusOf(pdz.ErrorCode(err)), f, nil, false)
	}
	return s.renderPersonData(w, r, http.StatusOK, f, ms, true)
}

// personExport is the whole of what the Ambito keeps about a person.
type personExport struct {
	Esportato   any            `json:"esportato_il"`
	Titolare    string         `json:"titolare"`
	Persona     string         `json:"persona"`
	Iscrizioni  []personalData `json:"manifestazioni_di_interesse"`
	Spiegazione string         `json:"nota"`
}

func (s *Server) personDataExport(w http.ResponseWriter, r *http.Request) error {
	a := info(r).ambito
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	ms, err := s.personLookup(r, f)
	if err != nil {
		s.formFailed(r, f, err)
		return s.renderPersonData(w, r, statusOf(pdz.ErrorCode(err)), f, nil, false)
	}
	out := personExport{Esportato: s.now().In(locale.Rome), Titolare: a.Name, Persona: strings.TrimSpace(f.Get("chi")), Iscrizioni: []personalData{},
		Spiegazione: "Dati personali trattati per la partecipazione ai percorsi di programmazione partecipata dell'Ambito (art. 15 GDPR): tutte le manifestazioni di interesse che nominano la persona. Le date sono in formato ISO 8601."}
	for i := range ms {
		m := &ms[i]
		d, err := s.registrationPersonalData(r, &m.Process, &m.Registration)
		if err != nil {
			return err
		}
		d.Ruolo = m.Roles
		out.Iscrizioni = append(out.Iscrizioni, d)
	}
	b, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="dati-personali.json"`)
	w.Write(b)
	return nil
}

// personDataErase erases the personal data of every registration that
// names the person (GDPR art. 17), the Responsabile's only. The form
// carries the ids and versions of the registrations listed when the
// Responsabile confirmed: if the person's registrations have changed since
// (another one, one fewer, a correction), nothing is erased and the list
// is shown again.
func (s *Server) personDataErase(w http.ResponseWriter, r *http.Request) error {
	a := info(r).ambito
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	search := newForm(nil)
	search.Values.Set("chi", f.Get("chi"))
	ms, err := s.personLookup(r, search)
	if err != nil {
		s.formFailed(r, search, err)
		return s.renderPersonData(w, r, statusOf(pdz.ErrorCode(err)), search, nil, false)
	}
	var seen []store.Seen
	for _, v := range f.Values["id"] { // "id:version", as the list showed it
		id, version, _ := strings.Cut(v, ":")
		x, err1 := strconv.ParseInt(id, 10, 64)
		n, err2 := strconv.Atoi(version)
		if err1 != nil || err2 != nil {
			return pdz.Errorf(pdz.EINVALID, "Il modulo inviato non è valido: ripeti la ricerca.")
		}
		seen = append(seen, store.Seen{ID: x, Version: n})
	}
	var protocols []string
	if f.Get("conferma") != "1" {
		err = pdz.Problems{"conferma": "Spunta la casella per confermare la cancellazione dei dati personali di tutte le manifestazioni di interesse elencate."}.Err()
	} else {
		var scrubErr error
		protocols, scrubErr, err = s.store.ErasePerson(r.Context(), actor(r), a.ID, f.Get("chi"), seen)
		s.logScrub(scrubErr)
	}
	if err != nil {
		erase := newForm(nil)
		s.formFailed(r, erase, err)
		return s.renderPersonDataErase(w, r, statusOf(pdz.ErrorCode(err)), search, ms, true, erase)
	}
	what := "della manifestazione di interesse prot. n. "
	if len(protocols) > 1 {
		what = "delle " + locale.Count(len(protocols), "manifestazione", "manifestazioni") + " di interesse prot. n. "
	}
	return s.redirect(w, r, "/admin/a/"+a.Slug+"/dati-personali", "Dati personali cancellati "+what+strings.Join(protocols, ", ")+
		": nel registro restano solo protocollo, date, tipo di soggetto e aree.")
}

// logScrub logs an erasure whose data could not be scrubbed from the
// database files (the erasure itself is committed): the operator of the
// server must see it, since until the next checkpoint (SQLite) or VACUUM
// (PostgreSQL) the old rows remain readable on disk.
func (s *Server) logScrub(err error) {
	if err != nil {
		s.log.Error("erasure committed, but the database files could not be scrubbed of the old rows", "err", err)
	}
}
