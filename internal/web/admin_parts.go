package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/pdz-ats/pdz/internal/locale"
	"github.com/pdz-ats/pdz/internal/pdz"
)

// The parts of a notice (premises, phases, areas, meetings, signatories) are
// edited the same way; partCtl holds what differs, and its methods are the
// five handlers of every part: new form, create, edit form, update, delete.
type partCtl struct {
	s        *Server
	slug     string // URL segment
	anchor   string // section of the process page to return to
	newTitle string
	tmpl     string
	// load returns the form values and the display name of an existing part.
	load func(r *http.Request, a *pdz.Ambito, p *pdz.Process, id int64) (url.Values, string, error)
	// save parses the form and saves the part (id 0: new).
	save func(r *http.Request, a *pdz.Ambito, p *pdz.Process, id int64, f *Form) ([]pdz.Warning, error)
	del  func(r *http.Request, a *pdz.Ambito, p *pdz.Process, id int64) error
	// defaults are the values of a new part's form.
	defaults func(p *pdz.Process) url.Values
	// extra adds the options of the form's choices.
	extra func(v View, p *pdz.Process, id int64)
}

func (s *Server) parts() []*partCtl {
	return []*partCtl{s.premisePart(), s.phasePart(), s.areaPart(), s.meetingPart(), s.signatoryPart()}
}

func (c *partCtl) render(w http.ResponseWriter, r *http.Request, status int, p *pdz.Process, id int64, name string, f *Form) error {
	a := info(r).ambito
	title := c.newTitle
	if id != 0 {
		title = name
	}
	v := c.s.adminView(r, title)
	v["Form"], v["Process"], v["PartID"] = f, p, id
	v["Action"] = processAdminURL(a, p) + "/" + c.slug
	if id != 0 {
		v["Action"] = processAdminURL(a, p) + "/" + c.slug + "/" + strconv.FormatInt(id, 10)
	}
	v["Back"] = processAdminURL(a, p) + "#" + c.anchor
	v["Crumbs"] = ambitoCrumbs(a, Crumb{p.Cycle, processAdminURL(a, p)}, Crumb{title, ""})
	if c.extra != nil {
		c.extra(v, p, id)
	}
	c.s.render(w, r, status, c.tmpl, v)
	return nil
}

func (c *partCtl) newForm(w http.ResponseWriter, r *http.Request) error {
	p, err := c.s.processOf(r)
	if err != nil {
		return err
	}
	var vals url.Values
	if c.defaults != nil {
		vals = c.defaults(&p)
	}
	return c.render(w, r, http.StatusOK, &p, 0, "", newForm(vals))
}

func (c *partCtl) create(w http.ResponseWriter, r *http.Request) error {
	return c.submit(w, r, 0, "")
}

func (c *partCtl) edit(w http.ResponseWriter, r *http.Request) error {
	p, id, err := c.target(r)
	if err != nil {
		return err
	}
	vals, name, err := c.load(r, info(r).ambito, &p, id)
	if err != nil {
		return err
	}
	return c.render(w, r, http.StatusOK, &p, id, name, newForm(vals))
}

func (c *partCtl) update(w http.ResponseWriter, r *http.Request) error {
	p, id, err := c.target(r)
	if err != nil {
		return err
	}
	_, name, err := c.load(r, info(r).ambito, &p, id)
	if err != nil {
		return err
	}
	return c.submit(w, r, id, name)
}

func (c *partCtl) target(r *http.Request) (pdz.Process, int64, error) {
	p, err := c.s.processOf(r)
	if err != nil {
		return p, 0, err
	}
	id, err := pathID(r, "id")
	return p, id, err
}

func (c *partCtl) submit(w http.ResponseWriter, r *http.Request, id int64, name string) error {
	p, err := c.s.processOf(r)
	if err != nil {
		return err
	}
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	a := info(r).ambito
	warnings, err := c.save(r, a, &p, id, f)
	if err != nil {
		c.s.formFailed(r, f, err)
		return c.render(w, r, statusOf(pdz.ErrorCode(err)), &p, id, name, f)
	}
	msg := "Modifiche salvate."
	if id == 0 {
		msg = "Elemento aggiunto."
	}
	for _, wn := range warnings {
		// "Attenzione: nello stesso luogo …": the sentence goes on after the colon.
		first, size := utf8.DecodeRuneInString(wn.Message)
		msg += " Attenzione: " + string(unicode.ToLower(first)) + wn.Message[size:]
	}
	return c.s.redirect(w, r, processAdminURL(a, &p)+"#"+c.anchor, msg)
}

func (c *partCtl) delete(w http.ResponseWriter, r *http.Request) error {
	p, id, err := c.target(r)
	if err != nil {
		return err
	}
	a := info(r).ambito
	vals, name, err := c.load(r, a, &p, id)
	if err != nil {
		return err
	}
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	if err = confirmed(f); err == nil {
		err = c.del(r, a, &p, id)
	}
	if err != nil {
		form := newForm(vals)
		c.s.formFailed(r, form, err)
		return c.render(w, r, statusOf(pdz.ErrorCode(err)), &p, id, name, form)
	}
	return c.s.redirect(w, r, processAdminURL(a, &p)+"#"+c.anchor, "Elemento eliminato.")
}

// finish merges parse problems with the validation of the part, or saves.
func finish(problems pdz.Problems, validate func() error, save func() error) error {
	if len(problems) > 0 {
		return mergeProblems(problems, validate())
	}
	return save()
}

func position(p pdz.Problems, v url.Values) int {
	return int(formInt(p, v, "position", "Indica l'ordine come numero intero."))
}

func positionValue(n int) string { return strconv.Itoa(n) }

// ---- premises

func (s *Server) premisePart() *partCtl {
	return &partCtl{s: s, slug: "premesse", anchor: "premesse", newTitle: "Nuova premessa", tmpl: "admin/premise_form",
		defaults: func(*pdz.Process) url.Values { return url.Values{"lead": {"Vista la"}} },
		load: func(r *http.Request, a *pdz.Ambito, p *pdz.Process, id int64) (url.Values, string, error) {
			x, err := s.store.Premise(r.Context(), a.ID, p.ID, id)
			return url.Values{"position": {positionValue(x.Position)}, "lead": {x.Lead}, "kind": {x.Kind}, "number": {x.Number},
				"date": {dateValue(x.Date)}, "subject": {x.Subject}, "notes": {x.Notes}}, strings.TrimSpace(x.Kind + " " + x.Number), err
		},
		save: func(r *http.Request, a *pdz.Ambito, p *pdz.Process, id int64, f *Form) ([]pdz.Warning, error) {
			pr := pdz.Problems{}
			v := f.Values
			x := pdz.Premise{ID: id, ProcessID: p.ID, Position: position(pr, v), Lead: strings.TrimSpace(v.Get("lead")), Kind: v.Get("kind"),
				Number: strings.TrimSpace(v.Get("number")), Date: formDate(pr, v, "date"), Subject: strings.TrimSpace(v.Get("subject")), Notes: strings.TrimSpace(v.Get("notes"))}
			return nil, finish(pr, x.Validate, func() error { return s.store.SavePremise(r.Context(), actor(r), a.ID, &x) })
		},
		del: func(r *http.Request, a *pdz.Ambito, p *pdz.Process, id int64) error {
			return s.store.DeletePremise(r.Context(), actor(r), a.ID, p.ID, id)
		},
	}
}

// ---- phases

var romanNumerals = []string{"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"}

func (s *Server) phasePart() *partCtl {
	return &partCtl{s: s, slug: "fasi", anchor: "fasi", newTitle: "Nuova fase", tmpl: "admin/phase_form",
		defaults: func(p *pdz.Process) url.Values {
			n := len(p.Phases)
			if n < len(romanNumerals) {
				return url.Values{"label": {"Fase " + romanNumerals[n]}}
			}
			return nil
		},
		load: func(r *http.Request, a *pdz.Ambito, p *pdz.Process, id int64) (url.Values, string, error) {
			x, err := s.store.Phase(r.Context(), a.ID, p.ID, id)
			return url.Values{"position": {positionValue(x.Position)}, "label": {x.Label}, "title": {x.Title}, "description": {x.Description},
				"starts_on": {dateValue(x.StartsOn)}, "ends_on": {dateValue(x.EndsOn)}}, x.Name(), err
		},
		save: func(r *http.Request, a *pdz.Ambito, p *pdz.Process, id int64, f *Form) ([]pdz.Warning, error) {
			pr := pdz.Problems{}
			v := f.Values
			x := pdz.Phase{ID: id, ProcessID: p.ID, Position: position(pr, v), Label: v.Get("label"), Title: v.Get("title"),
				Description: strings.TrimSpace(v.Get("description")), StartsOn: formDate(pr, v, "starts_on"), EndsOn: formDate(pr, v, "ends_on")}
			return nil, finish(pr, x.Validate, func() error { return s.store.SavePhase(r.Context(), actor(r), a.ID, &x) })
		},
		del: func(r *http.Request, a *pdz.Ambito, p *pdz.Process, id int64) error {
			return s.store.DeletePhase(r.Context(), actor(r), a.ID, p.ID, id)
		},
	}
}

// ---- areas

func (s *Server) areaPart() *partCtl {
	return &partCtl{s: s, slug: "aree", anchor: "aree", newTitle: "Nuova area tematica", tmpl: "admin/area_form",
		defaults: func(p *pdz.Process) url.Values { return url.Values{"code": {strconv.Itoa(len(p.Areas) + 1)}} },
		load: func(r *http.Request, a *pdz.Ambito, p *pdz.Process, id int64) (url.Values, string, error) {
			x, err := s.store.Area(r.Context(), a.ID, p.ID, id)
			return url.Values{"position": {positionValue(x.Position)}, "code": {x.Code}, "title": {x.Title}, "description": {x.Description}}, x.Name(), err
		},
		save: func(r *http.Request, a *pdz.Ambito, p *pdz.Process, id int64, f *Form) ([]pdz.Warning, error) {
			pr := pdz.Problems{}
			v := f.Values
			x := pdz.Area{ID: id, ProcessID: p.ID, Position: position(pr, v), Code: v.Get("code"), Title: v.Get("title"), Description: strings.TrimSpace(v.Get("description"))}
			return nil, finish(pr, x.Validate, func() error { return s.store.SaveArea(r.Context(), actor(r), a.ID, &x) })
		},
		del: func(r *http.Request, a *pdz.Ambito, p *pdz.Process, id int64) error {
			return s.store.DeleteArea(r.Context(), actor(r), a.ID, p.ID, id)
		},
	}
}

// ---- signatories

func (s *Server) signatoryPart() *partCtl {
	return &partCtl{s: s, slug: "firmatari", anchor: "firmatari", newTitle: "Nuovo firmatario", tmpl: "admin/signatory_form",
		load: func(r *http.Request, a *pdz.Ambito, p *pdz.Process, id int64) (url.Values, string, error) {
			x, err := s.store.Signatory(r.Context(), a.ID, p.ID, id)
			return url.Values{"position": {positionValue(x.Position)}, "role": {x.Role}, "name": {x.Name}}, x.Name, err
		},
		save: func(r *http.Request, a *pdz.Ambito, p *pdz.Process, id int64, f *Form) ([]pdz.Warning, error) {
			pr := pdz.Problems{}
			v := f.Values
			x := pdz.Signatory{ID: id, ProcessID: p.ID, Position: position(pr, v), Role: v.Get("role"), Name: v.Get("name")}
			return nil, finish(pr, x.Validate, func() error { return s.store.SaveSignatory(r.Context(), actor(r), a.ID, &x) })
		},
		del: func(r *http.Request, a *pdz.Ambito, p *pdz.Process, id int64) error {
			return s.store.DeleteSignatory(r.Context(), actor(r), a.ID, p.ID, id)
		},
	}
}

// ---- meetings

func meetingValues(m *pdz.Meeting) url.Values {
	v := url.Values{"position": {positionValue(m.Position)}, "kind": {string(m.Kind)}, "label": {m.Label}, "title": {m.Title},
		"description": {m.Description}, "phase_id": {idValue(m.PhaseID)}, "parent_id": {idValue(m.ParentID)},
		"date": {dateValue(m.Date)}, "end_date": {dateValue(m.EndDate)}, "start_time": {m.StartTime.String()}, "end_time": {m.EndTime.String()},
		"venue_name": {m.VenueName}, "venue_address": {m.VenueAddress}, "venue_city": {m.VenueCity}, "invited": {m.Invited}, "notes": {m.Notes}}
	for _, id := range m.AreaIDs {
		v.Add("area_ids", strconv.FormatInt(id, 10))
	}
	return v
}

func (s *Server) meetingPart() *partCtl {
	return &partCtl{s: s, slug: "incontri", anchor: "incontri", newTitle: "Nuovo incontro", tmpl: "admin/meeting_form",
		defaults: func(p *pdz.Process) url.Values {
			v := url.Values{"kind": {string(pdz.KindTavolo)}}
			if n := len(p.Meetings); n > 0 { // most meetings repeat the last venue
				last := p.Meetings[n-1]
				v.Set("venue_name", last.VenueName)
				v.Set("venue_address", last.VenueAddress)
				v.Set("venue_city", last.VenueCity)
				v.Set("phase_id", idValue(last.PhaseID))
			}
			return v
		},
		load: func(r *http.Request, a *pdz.Ambito, p *pdz.Process, id int64) (url.Values, string, error) {
			m := p.Meeting(id)
			if m == nil {
				return nil, "", pdz.Errorf(pdz.ENOTFOUND, "Incontro non trovato.")
			}
			return meetingValues(m), m.Name(), nil
		},
		save: func(r *http.Request, a *pdz.Ambito, p *pdz.Process, id int64, f *Form) ([]pdz.Warning, error) {
			pr := pdz.Problems{}
			v := f.Values
			m := pdz.Meeting{ID: id, ProcessID: p.ID, Position: position(pr, v), Kind: pdz.MeetingKind(v.Get("kind")),
				Label: v.Get("label"), Title: v.Get("title"), Description: strings.TrimSpace(v.Get("description")),
				PhaseID:  formID(pr, v, "phase_id", "Fase non valida."),
				ParentID: formID(pr, v, "parent_id", "Incontro principale non valido."),
				Date:     formDate(pr, v, "date"), EndDate: formDate(pr, v, "end_date"),
				StartTime: formClock(pr, v, "start_time"), EndTime: formClock(pr, v, "end_time"),
				VenueName: strings.TrimSpace(v.Get("venue_name")), VenueAddress: strings.TrimSpace(v.Get("venue_address")),
				VenueCity: strings.TrimSpace(v.Get("venue_city")), Invited: strings.TrimSpace(v.Get("invited")), Notes: strings.TrimSpace(v.Get("notes")),
				AreaIDs: formIDs(pr, v, "area_ids", "Area tematica non valida.")}
			if len(pr) > 0 {
				return nil, mergeProblems(pr, m.Validate())
			}
			w, err := s.store.SaveMeeting(r.Context(), actor(r), a.ID, &m, locale.Rome)
			f.Warnings = w
			return w, err
		},
		del: func(r *http.Request, a *pdz.Ambito, p *pdz.Process, id int64) error {
			return s.store.DeleteMeeting(r.Context(), actor(r), a.ID, p.ID, id)
		},
		extra: func(v View, p *pdz.Process, id int64) {
			kinds := []Option{}
			for _, k := range pdz.MeetingKinds {
				kinds = append(kinds, Option{string(k), k.Label()})
			}
			phases := []Option{{"", "– nessuna fase –"}}
			for _, ph := range p.Phases {
				phases = append(phases, Option{strconv.FormatInt(ph.ID, 10), ph.Name()})
			}
			parents := []Option{{"", "– nessuno: incontro autonomo –"}}
			for _, m := range p.Meetings {
				if m.ParentID == 0 && m.ID != id {
					parents = append(parents, Option{strconv.FormatInt(m.ID, 10), m.Name() + " (" + locale.ShortDate(m.Date) + ")"})
				}
			}
			areas := []Option{}
			for _, a := range p.Areas {
				areas = append(areas, Option{strconv.FormatInt(a.ID, 10), a.Name()})
			}
			v["KindOptions"], v["PhaseOptions"], v["ParentOptions"], v["AreaOptions"] = kinds, phases, parents, areas
		},
	}
}
