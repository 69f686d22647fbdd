package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/pdz-ats/pdz/internal/locale"
	"github.com/pdz-ats/pdz/internal/pdz"
)

// Back office of the bodies (organi) and their members. Operators edit;
// the Responsabile deletes a body and publishes its sessions.

func bodyAdminURL(a *pdz.Ambito, b *pdz.Body) string {
	return "/admin/a/" + a.Slug + "/organi/" + strconv.FormatInt(b.ID, 10)
}

func bodiesCrumbs(a *pdz.Ambito, more ...Crumb) []Crumb {
	return ambitoCrumbs(a, append([]Crumb{{"Organi", "/admin/a/" + a.Slug + "/organi"}}, more...)...)
}

// bodyOf loads the body {oid} of the route's Ambito, with its members.
func (s *Server) bodyOf(r *http.Request) (pdz.Body, error) {
	id, err := pathID(r, "oid")
	if err != nil {
		return pdz.Body{}, err
	}
	return s.store.Body(r.Context(), info(r).ambito.ID, id)
}

// today is the current day in Rome, for who is in office.
func (s *Server) today() pdz.Date { return pdz.DateOf(s.now().In(locale.Rome)) }

// comuneOptions lists the Ambito's Comuni for a select.
func (s *Server) comuneOptions(ctx context.Context, ambitoID int64, none string) ([]Option, error) {
	cs, err := s.store.Comuni(ctx, ambitoID)
	if err != nil {
		return nil, err
	}
	opts := []Option{{"", none}}
	for _, c := range cs {
		opts = append(opts, Option{strconv.FormatInt(c.ID, 10), c.Name})
	}
	return opts, nil
}

// ambitoProcesses loads every process of the Ambito with its meetings.
func (s *Server) ambitoProcesses(ctx context.Context, ambitoID int64) ([]pdz.Process, error) {
	ps, err := s.store.Processes(ctx, ambitoID, false)
	if err != nil {
		return nil, err
	}
	out := make([]pdz.Process, 0, len(ps))
	for _, x := range ps {
		p, err := s.store.Process(ctx, ambitoID, x.ID)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// meetingOptions lists the top-level meetings of every process, labelled
// with the process and the day.
func meetingOptions(ps []pdz.Process, none string) []Option {
	opts := []Option{{"", none}}
	for _, p := range ps {
		for _, m := range p.Meetings {
			if m.ParentID == 0 {
				opts = append(opts, Option{strconv.FormatInt(m.ID, 10), p.Cycle + " – " + locale.ShortDate(m.Date) + " – " + m.Name()})
			}
		}
	}
	return opts
}

// ---- bodies

func (s *Server) bodyList(w http.ResponseWriter, r *http.Request) error {
	a := info(r).ambito
	bs, err := s.store.Bodies(r.Context(), a.ID)
	if err != nil {
		return err
	}
	counts := map[int64]int{}
	for _, b := range bs {
		xs, err := s.store.BodySessions(r.Context(), a.ID, b.ID, false)
		if err != nil {
			return err
		}
		counts[b.ID] = len(xs)
	}
	v := s.adminView(r, "Organi dell'Ambito")
	v["Bodies"], v["Sessions"] = bs, counts
	v["Crumbs"] = ambitoCrumbs(a, Crumb{"Organi", ""})
	s.render(w, r, http.StatusOK, "admin/bodies", v)
	return nil
}

func (s *Server) bodyShow(w http.ResponseWriter, r *http.Request) error {
	b, err := s.bodyOf(r)
	if err != nil {
		return err
	}
	return s.renderBody(w, r, http.StatusOK, &b, newForm(nil))
}

// renderBody shows a body in the back office; f is the deletion form.
func (s *Server) renderBody(w http.ResponseWriter, r *http.Request, status int, b *pdz.Body, f *Form) error {
	a := info(r).ambito
	xs, err := s.store.BodySessions(r.Context(), a.ID, b.ID, false)
	if err != nil {
		return err
	}
	v := s.adminView(r, b.Name)
	v["Body"], v["BodySessions"], v["Base"], v["Form"] = b, xs, bodyAdminURL(a, b), f
	v["PublicURL"] = "/ambiti/" + a.Slug + "/organi/" + b.Slug
	v["Today"] = s.today()
	v["Crumbs"] = bodiesCrumbs(a, Crumb{b.Name, ""})
	s.render(w, r, status, "admin/body", v)
	return nil
}

func bodyValues(b *pdz.Body) url.Values {
	return url.Values{"kind": {string(b.Kind)}, "name": {b.Name}, "slug": {b.Slug}, "description": {b.Description},
		"comune_id": {idValue(b.ComuneID)}, "position": {positionValue(b.Position)}}
}

func bodyFromForm(f *Form, b *pdz.Body) pdz.Problems {
	p := pdz.Problems{}
	v := f.Values
	b.Kind, b.Name, b.Slug = pdz.BodyKind(v.Get("kind")), v.Get("name"), v.Get("slug")
	b.Description = strings.TrimSpace(v.Get("description"))
	b.ComuneID = formID(p, v, "comune_id", "Comune non valido.")
	b.Position = position(p, v)
	return p
}

func (s *Server) renderBodyForm(w http.ResponseWriter, r *http.Request, status int, f *Form, b *pdz.Body) error {
	a := info(r).ambito
	title, action, back := "Nuovo organo", "/admin/a/"+a.Slug+"/organi", "/admin/a/"+a.Slug+"/organi"
	crumbs := bodiesCrumbs(a, Crumb{title, ""})
	if b.ID != 0 {
		title, action, back = "Modifica dell'organo", bodyAdminURL(a, b)+"/modifica", bodyAdminURL(a, b)
		crumbs = bodiesCrumbs(a, Crumb{b.Name, bodyAdminURL(a, b)}, Crumb{title, ""})
	}
	comuni, err := s.comuneOptions(r.Context(), a.ID, "– nessuno –")
	if err != nil {
		return err
	}
	kinds := []Option{{"", choosePlaceholder}}
	for _, k := range pdz.BodyKinds {
		kinds = append(kinds, Option{string(k), k.Label()})
	}
	v := s.adminView(r, title)
	v["Form"], v["Action"], v["Back"], v["Crumbs"] = f, action, back, crumbs
	v["KindOptions"], v["ComuneOptions"] = kinds, comuni
	s.render(w, r, status, "admin/body_form", v)
	return nil
}

func (s *Server) bodyNew(w http.ResponseWriter, r *http.Request) error {
	return s.renderBodyForm(w, r, http.StatusOK, newForm(nil), &pdz.Body{})
}

func (s *Server) bodyCreate(w http.ResponseWriter, r *http.Request) error {
	return s.bodySave(w, r, &pdz.Body{AmbitoID: info(r).ambito.ID})
}

func (s *Server) bodyEdit(w http.ResponseWriter, r *http.Request) error {
	b, err := s.bodyOf(r)
	if err != nil {
		return err
	}
	return s.renderBodyForm(w, r, http.StatusOK, newForm(bodyValues(&b)), &b)
}

func (s *Server) bodyUpdate(w http.ResponseWriter, r *http.Request) error {
	b, err := s.bodyOf(r)
	if err != nil {
		return err
	}
	return s.bodySave(w, r, &b)
}

func (s *Server) bodySave(w http.ResponseWriter, r *http.Request, b *pdz.Body) error {
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	orig := *b
	problems := bodyFromForm(f, b)
	if len(problems) > 0 {
		err = mergeProblems(problems, b.Validate())
	} else {
		err = s.store.SaveBody(r.Context(), actor(r), b)
	}
	if err != nil {
		s.formFailed(r, f, err)
		return s.renderBodyForm(w, r, statusOf(pdz.ErrorCode(err)), f, &orig)
	}
	msg := "Organo salvato."
	if orig.ID == 0 {
		msg = "Organo creato. Aggiungi ora i componenti e le sedute."
	}
	return s.redirect(w, r, bodyAdminURL(info(r).ambito, b), msg)
}

func (s *Server) bodyDelete(w http.ResponseWriter, r *http.Request) error {
	b, err := s.bodyOf(r)
	if err != nil {
		return err
	}
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	a := info(r).ambito
	if err = confirmed(f); err == nil {
		err = s.store.DeleteBody(r.Context(), actor(r), a.ID, b.ID)
	}
	if err != nil {
		s.formFailed(r, f, err)
		return s.renderBody(w, r, statusOf(pdz.ErrorCode(err)), &b, f)
	}
	return s.redirect(w, r, "/admin/a/"+a.Slug+"/organi", "Organo «"+b.Name+"» eliminato.")
}

// ---- members

func memberValues(m *pdz.Member) url.Values {
	return url.Values{"role": {m.Role}, "name": {m.Name}, "represents": {m.Represents}, "comune_id": {idValue(m.ComuneID)},
		"appointment": {m.Appointment}, "meeting_id": {idValue(m.MeetingID)}, "starts_on": {dateValue(m.StartsOn)},
		"ends_on": {dateValue(m.EndsOn)}, "position": {positionValue(m.Position)}}
}

func memberFromForm(f *Form, m *pdz.Member) pdz.Problems {
	p := pdz.Problems{}
	v := f.Values
	m.Role, m.Name, m.Represents, m.Appointment = v.Get("role"), v.Get("name"), v.Get("represents"), v.Get("appointment")
	m.ComuneID = formID(p, v, "comune_id", "Comune non valido.")
	m.MeetingID = formID(p, v, "meeting_id", "Incontro non valido.")
	m.StartsOn, m.EndsOn = formDate(p, v, "starts_on"), formDate(p, v, "ends_on")
	m.Position = position(p, v)
	return p
}

func (s *Server) renderMemberForm(w http.ResponseWriter, r *http.Request, status int, f *Form, b *pdz.Body, m *pdz.Member) error {
	a := info(r).ambito
	ctx := r.Context()
	title, action := "Nuovo componente", bodyAdminURL(a, b)+"/componenti"
	if m.ID != 0 {
		title, action = m.Role, action+"/"+strconv.FormatInt(m.ID, 10)
	}
	comuni, err := s.comuneOptions(ctx, a.ID, "– nessuno –")
	if err != nil {
		return err
	}
	ps, err := s.ambitoProcesses(ctx, a.ID)
	if err != nil {
		return err
	}
	v := s.adminView(r, title)
	v["Form"], v["Body"], v["Action"], v["Back"] = f, b, action, bodyAdminURL(a, b)+"#componenti"
	v["PartID"] = m.ID
	v["ComuneOptions"], v["MeetingOptions"] = comuni, meetingOptions(ps, "– nessuno –")
	v["Crumbs"] = bodiesCrumbs(a, Crumb{b.Name, bodyAdminURL(a, b)}, Crumb{title, ""})
	s.render(w, r, status, "admin/member_form", v)
	return nil
}

// memberOf loads the body {oid} and its member {id}.
func (s *Server) memberOf(r *http.Request) (pdz.Body, pdz.Member, error) {
	b, err := s.bodyOf(r)
	if err != nil {
		return b, pdz.Member{}, err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return b, pdz.Member{}, err
	}
	m := b.Member(id)
	if m == nil {
		return b, pdz.Member{}, pdz.Errorf(pdz.ENOTFOUND, "Componente non trovato.")
	}
	return b, *m, nil
}

func (s *Server) memberNew(w http.ResponseWriter, r *http.Request) error {
	b, err := s.bodyOf(r)
	if err != nil {
		return err
	}
	return s.renderMemberForm(w, r, http.StatusOK, newForm(nil), &b, &pdz.Member{})
}

func (s *Server) memberCreate(w http.ResponseWriter, r *http.Request) error {
	b, err := s.bodyOf(r)
	if err != nil {
		return err
	}
	return s.memberSave(w, r, &b, &pdz.Member{BodyID: b.ID})
}

func (s *Server) memberEdit(w http.ResponseWriter, r *http.Request) error {
	b, m, err := s.memberOf(r)
	if err != nil {
		return err
	}
	return s.renderMemberForm(w, r, http.StatusOK, newForm(memberValues(&m)), &b, &m)
}

func (s *Server) memberUpdate(w http.ResponseWriter, r *http.Request) error {
	b, m, err := s.memberOf(r)
	if err != nil {
		return err
	}
	return s.memberSave(w, r, &b, &m)
}

func (s *Server) memberSave(w http.ResponseWriter, r *http.Request, b *pdz.Body, m *pdz.Member) error {
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	orig := *m
	problems := memberFromForm(f, m)
	if len(problems) > 0 {
		err = mergeProblems(problems, m.Validate())
	} else {
		err = s.store.SaveMember(r.Context(), actor(r), info(r).ambito.ID, m)
	}
	if err != nil {
		s.formFailed(r, f, err)
		return s.renderMemberForm(w, r, statusOf(pdz.ErrorCode(err)), f, b, &orig)
	}
	msg := "Componente salvato."
	if orig.ID == 0 {
		msg = "Componente aggiunto."
	}
	return s.redirect(w, r, bodyAdminURL(info(r).ambito, b)+"#componenti", msg)
}

func (s *Server) memberDelete(w http.ResponseWriter, r *http.Request) error {
	b, m, err := s.memberOf(r)
	if err != nil {
		return err
	}
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	a := info(r).ambito
	if err = confirmed(f); err == nil {
		err = s.store.DeleteMember(r.Context(), actor(r), a.ID, b.ID, m.ID)
	}
	if err != nil {
		form := newForm(memberValues(&m))
		s.formFailed(r, form, err)
		return s.renderMemberForm(w, r, statusOf(pdz.ErrorCode(err)), form, &b, &m)
	}
	return s.redirect(w, r, bodyAdminURL(a, &b)+"#componenti", "Componente eliminato.")
}
