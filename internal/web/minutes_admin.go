package web

import (
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"

	"github.com/pdz-ats/pdz/internal/document"
	"github.com/pdz-ats/pdz/internal/locale"
	"github.com/pdz-ats/pdz/internal/pdz"
)

// The minutes (verbale) of a meeting and the needs it records, in the
// back office. Operators write the draft; the Responsabile approves,
// publishes, withdraws or reopens it.

func minutesValues(m *pdz.Minutes) url.Values {
	v := url.Values{"others_present": {m.OthersPresent}, "summary": {m.Summary}, "proposals_text": {m.ProposalsText}, "priorities": {m.Priorities}}
	for _, id := range m.ProposalIDs {
		v.Add("proposals", strconv.FormatInt(id, 10))
	}
	if m.SessionID != 0 {
		v.Set("session", strconv.FormatInt(m.BodyID, 10)+":"+strconv.FormatInt(m.SessionID, 10))
	}
	return v
}

func (s *Server) minutesEdit(w http.ResponseWriter, r *http.Request) error {
	p, mt, err := s.meetingOf(r)
	if err != nil {
		return err
	}
	m, err := s.store.MinutesOf(r.Context(), info(r).ambito.ID, p.ID, mt.ID)
	if err != nil && pdz.ErrorCode(err) != pdz.ENOTFOUND {
		return err
	}
	return s.renderMinutes(w, r, http.StatusOK, &p, &mt, &m, newForm(minutesValues(&m)))
}

func (s *Server) renderMinutes(w http.ResponseWriter, r *http.Request, status int, p *pdz.Process, mt *pdz.Meeting, m *pdz.Minutes, f *Form) error {
	a := info(r).ambito
	ctx := r.Context()
	props, err := s.store.Propostas(ctx, a.ID, p.ID, pdz.ProposalFilter{})
	if err != nil {
		return err
	}
	var propOpts []Option
	for _, x := range props {
		if x.Live() || m.ProposalIDs != nil {
			propOpts = append(propOpts, Option{strconv.FormatInt(x.ID, 10), "n. " + strconv.FormatInt(x.ID, 10) + " – " + x.Title + " (" + x.AreaName + ")"})
		}
	}
	sessions, err := s.store.ProcessSessions(ctx, a.ID, p.ID, false)
	if err != nil {
		return err
	}
	bodies, err := s.store.Bodies(ctx, a.ID)
	if err != nil {
		return err
	}
	bodyName := map[int64]string{}
	for _, b := range bodies {
		bodyName[b.ID] = b.Name
	}
	sessOpts := []Option{{"", "– nessuna –"}}
	for _, x := range sessions {
		sessOpts = append(sessOpts, Option{strconv.FormatInt(x.BodyID, 10) + ":" + strconv.FormatInt(x.ID, 10), bodyName[x.BodyID] + " – seduta del " + locale.ShortDate(x.Date)})
	}
	att, err := s.store.MeetingAttendance(ctx, a.ID, p.ID, mt.ID)
	if err != nil {
		return err
	}
	names, unnamed := publicPresent(att)
	base := meetingAdminURL(a, p, mt)
	v := s.adminView(r, "Verbale – "+mt.Name())
	v["Process"], v["Meeting"], v["When"], v["Minutes"], v["Form"], v["Base"] = p, mt, meetingWhen(mt), m, f, base
	v["ProposalOptions"], v["SessionOptions"], v["PresentNames"], v["PresentUnnamed"], v["PresentCount"] = propOpts, sessOpts, names, unnamed, len(att)
	v["Exists"], v["Editable"] = m.ID != 0, m.Editable()
	v["PublicURL"] = processBase(a, p) + "/incontri/" + strconv.FormatInt(mt.ID, 10) + "/verbale"
	v["Crumbs"] = tablesCrumbs(a, p, Crumb{mt.Name(), base + "/presenze"}, Crumb{"Verbale", ""})
	s.render(w, r, status, "admin/minutes", v)
	return nil
}

func (s *Server) minutesSave(w http.ResponseWriter, r *http.Request) error {
	p, mt, err := s.meetingOf(r)
	if err != nil {
		return err
	}
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	a := info(r).ambito
	cur, err := s.store.MinutesOf(r.Context(), a.ID, p.ID, mt.ID)
	if err != nil && pdz.ErrorCode(err) != pdz.ENOTFOUND {
		return err
	}
	pr := pdz.Problems{}
	m := pdz.Minutes{ProcessID: p.ID, MeetingID: mt.ID, OthersPresent: f.Get("others_present"), Summary: f.Get("summary"),
		ProposalsText: f.Get("proposals_text"), Priorities: f.Get("priorities")}
	m.ProposalIDs = formIDs(pr, f.Values, "proposals", "Proposta non valida.")
	if sess := f.Get("session"); sess != "" {
		b, x, ok := strings.Cut(sess, ":")
		m.BodyID, _ = strconv.ParseInt(b, 10, 64)
		m.SessionID, _ = strconv.ParseInt(x, 10, 64)
		if !ok || m.BodyID <= 0 || m.SessionID <= 0 {
			pr.Add("session", "Seduta non valida.")
		}
	}
	if len(pr) > 0 {
		err = mergeProblems(pr, m.Validate())
	} else {
		err = s.store.SaveMinutes(r.Context(), actor(r), a.ID, &m)
	}
	if err != nil {
		s.formFailed(r, f, err)
		return s.renderMinutes(w, r, statusOf(pdz.ErrorCode(err)), &p, &mt, &cur, f)
	}
	return s.redirect(w, r, meetingAdminURL(a, &p, &mt)+"/verbale", "Verbale salvato.")
}

func (s *Server) minutesStatus(w http.ResponseWriter, r *http.Request) error {
	p, mt, err := s.meetingOf(r)
	if err != nil {
		return err
	}
	a := info(r).ambito
	to := map[string]pdz.MinutesStatus{"approva": pdz.MinutesApproved, "bozza": pdz.MinutesDraft, "pubblica": pdz.MinutesPublished, "ritira": pdz.MinutesApproved}[path.Base(r.URL.Path)]
	if err := s.store.SetMinutesStatus(r.Context(), actor(r), a.ID, p.ID, mt.ID, to); err != nil {
		m, e := s.store.MinutesOf(r.Context(), a.ID, p.ID, mt.ID)
		if e != nil && pdz.ErrorCode(e) != pdz.ENOTFOUND {
			return e
		}
		f := newForm(minutesValues(&m))
		s.formFailed(r, f, err)
		return s.renderMinutes(w, r, statusOf(pdz.ErrorCode(err)), &p, &mt, &m, f)
	}
	msg := map[string]string{"approva": "Verbale approvato.", "bozza": "Verbale riportato in bozza per le correzioni.",
		"pubblica": "Verbale pubblicato.", "ritira": "Verbale ritirato dalla pubblicazione."}[path.Base(r.URL.Path)]
	return s.redirect(w, r, meetingAdminURL(a, &p, &mt)+"/verbale", msg)
}

// minutesDocument builds the PDF of a meeting's minutes.
func (s *Server) minutesDocument(r *http.Request, a *pdz.Ambito, p *pdz.Process, mt *pdz.Meeting, m *pdz.Minutes) ([]byte, error) {
	ctx := r.Context()
	att, err := s.store.MeetingAttendance(ctx, a.ID, p.ID, mt.ID)
	if err != nil {
		return nil, err
	}
	names, unnamed := publicPresent(att)
	props, err := s.store.Propostas(ctx, a.ID, p.ID, pdz.ProposalFilter{WithDeleted: true})
	if err != nil {
		return nil, err
	}
	var discussed []string
	for _, x := range props {
		for _, id := range m.ProposalIDs {
			if x.ID == id {
				discussed = append(discussed, x.Number()+" – "+x.Title+" ("+authorsText(&x)+")")
			}
		}
	}
	return document.MinutesPDF(a, p, document.MinutesInput{Meeting: mt, When: meetingWhen(mt), Minutes: m, Present: names, Unnamed: unnamed,
		Proposals: discussed}, s.now())
}

func (s *Server) minutesPDFAdmin(w http.ResponseWriter, r *http.Request) error {
	p, mt, err := s.meetingOf(r)
	if err != nil {
		return err
	}
	a := info(r).ambito
	m, err := s.store.MinutesOf(r.Context(), a.ID, p.ID, mt.ID)
	if err != nil {
		return err
	}
	b, err := s.minutesDocument(r, a, &p, &mt, &m)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	sendPDF(w, "verbale-incontro-"+strconv.FormatInt(mt.ID, 10)+".pdf", b)
	return nil
}

// ---- needs

func needValues(n *pdz.Need) url.Values {
	return url.Values{"text": {n.Text}, "area_id": {idValue(n.AreaID)}, "target": {n.Target}, "comune_id": {idValue(n.ComuneID)},
		"position": {positionValue(n.Position)}}
}

func (s *Server) needOf(r *http.Request) (pdz.Process, pdz.Meeting, pdz.Minutes, pdz.Need, error) {
	p, mt, err := s.meetingOf(r)
	if err != nil {
		return p, mt, pdz.Minutes{}, pdz.Need{}, err
	}
	m, err := s.store.MinutesOf(r.Context(), info(r).ambito.ID, p.ID, mt.ID)
	if err != nil {
		return p, mt, m, pdz.Need{}, err
	}
	if r.PathValue("nid") == "" {
		return p, mt, m, pdz.Need{ProcessID: p.ID}, nil
	}
	id, err := pathID(r, "nid")
	if err != nil {
		return p, mt, m, pdz.Need{}, err
	}
	for _, n := range m.Needs {
		if n.ID == id {
			return p, mt, m, n, nil
		}
	}
	return p, mt, m, pdz.Need{}, pdz.Errorf(pdz.ENOTFOUND, "Bisogno non trovato.")
}

func (s *Server) renderNeedForm(w http.ResponseWriter, r *http.Request, status int, p *pdz.Process, mt *pdz.Meeting, n *pdz.Need, f *Form) error {
	a := info(r).ambito
	base := meetingAdminURL(a, p, mt) + "/verbale"
	title, action := "Nuovo bisogno emerso", base+"/bisogni"
	if n.ID != 0 {
		title, action = "Bisogno emerso", action+"/"+strconv.FormatInt(n.ID, 10)
	}
	comuni, err := s.comuneOptions(r.Context(), a.ID, "Tutto l'Ambito")
	if err != nil {
		return err
	}
	v := s.adminView(r, title)
	v["Form"], v["Meeting"], v["Action"], v["Back"], v["PartID"] = f, mt, action, base+"#bisogni", n.ID
	v["AreaOptions"], v["ComuneOptions"] = areaOptions(p, choosePlaceholder), comuni
	v["Crumbs"] = tablesCrumbs(a, p, Crumb{mt.Name(), meetingAdminURL(a, p, mt) + "/presenze"}, Crumb{"Verbale", base}, Crumb{title, ""})
	s.render(w, r, status, "admin/need_form", v)
	return nil
}

func (s *Server) needNew(w http.ResponseWriter, r *http.Request) error {
	p, mt, _, n, err := s.needOf(r)
	if err != nil {
		return err
	}
	v := url.Values{}
	if len(mt.AreaIDs) > 0 {
		v.Set("area_id", strconv.FormatInt(mt.AreaIDs[0], 10))
	}
	return s.renderNeedForm(w, r, http.StatusOK, &p, &mt, &n, newForm(v))
}

func (s *Server) needEdit(w http.ResponseWriter, r *http.Request) error {
	p, mt, _, n, err := s.needOf(r)
	if err != nil {
		return err
	}
	return s.renderNeedForm(w, r, http.StatusOK, &p, &mt, &n, newForm(needValues(&n)))
}

func (s *Server) needCreate(w http.ResponseWriter, r *http.Request) error { return s.needSave(w, r) }
func (s *Server) needUpdate(w http.ResponseWriter, r *http.Request) error { return s.needSave(w, r) }

func (s *Server) needSave(w http.ResponseWriter, r *http.Request) error {
	p, mt, _, n, err := s.needOf(r)
	if err != nil {
		return err
	}
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	orig := n
	pr := pdz.Problems{}
	n.Text, n.Target = f.Get("text"), f.Get("target")
	n.AreaID = formID(pr, f.Values, "area_id", "Area non valida.")
	n.ComuneID = formID(pr, f.Values, "comune_id", "Comune non valido.")
	n.Position = position(pr, f.Values)
	if len(pr) > 0 {
		err = mergeProblems(pr, n.Validate())
	} else {
		err = s.store.SaveNeed(r.Context(), actor(r), info(r).ambito.ID, mt.ID, &n)
	}
	if err != nil {
		s.formFailed(r, f, err)
		return s.renderNeedForm(w, r, statusOf(pdz.ErrorCode(err)), &p, &mt, &orig, f)
	}
	return s.redirect(w, r, meetingAdminURL(info(r).ambito, &p, &mt)+"/verbale#bisogni", "Bisogno salvato.")
}

func (s *Server) needDelete(w http.ResponseWriter, r *http.Request) error {
	p, mt, _, n, err := s.needOf(r)
	if err != nil {
		return err
	}
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	if err = confirmed(f); err == nil {
		err = s.store.DeleteNeed(r.Context(), actor(r), info(r).ambito.ID, p.ID, mt.ID, n.ID)
	}
	if err != nil {
		form := newForm(needValues(&n))
		s.formFailed(r, form, err)
		return s.renderNeedForm(w, r, statusOf(pdz.ErrorCode(err)), &p, &mt, &n, form)
	}
	return s.redirect(w, r, meetingAdminURL(info(r).ambito, &p, &mt)+"/verbale#bisogni", "Bisogno eliminato.")
}
