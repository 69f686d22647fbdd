package web

import (
	"net/http"
	"net/url"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/pdz-ats/pdz/internal/document"
	"github.com/pdz-ats/pdz/internal/locale"
	"github.com/pdz-ats/pdz/internal/pdz"
)

// The election of the Third-Sector representatives in the back office:
// rules, the electorate and who may stand (with the reasons of who may
// not), candidates, opening with a voting code per organisation, paper
// voters and paper ballots, closing, the lot for a tie, proclamation into
// the body, publication and the minutes.

func electionsURL(a *pdz.Ambito, p *pdz.Process) string { return processAdminURL(a, p) + "/elezioni" }

func electionValues(e *pdz.Election) url.Values {
	v := url.Values{"title": {e.Title}, "meeting_id": {idValue(e.MeetingID)}, "body_id": {idValue(e.BodyID)}, "seats": {strconv.Itoa(e.Seats)},
		"max_preferences": {strconv.Itoa(e.MaxPreferences)}, "min_tables": {strconv.Itoa(e.MinTables)},
		"registered_by_date": {dateOfValue(e.RegisteredBy)}, "registered_by_time": {clockValue(e.RegisteredBy)},
		"founded_before": {dateValue(e.FoundedBefore)}, "member_role": {e.MemberRole}, "minutes": {e.Minutes}}
	if e.ExcludeManagers {
		v.Set("exclude_managers", "1")
	}
	return v
}

func electionFromForm(f *Form, e *pdz.Election) pdz.Problems {
	pr := pdz.Problems{}
	v := f.Values
	atoi := func(name, msg string) int {
		n, err := strconv.Atoi(strings.TrimSpace(v.Get(name)))
		if err != nil {
			pr.Add(name, msg)
		}
		return n
	}
	e.Title, e.MemberRole, e.Minutes = v.Get("title"), v.Get("member_role"), v.Get("minutes")
	e.MeetingID = formID(pr, v, "meeting_id", "Incontro non valido.")
	e.BodyID = formID(pr, v, "body_id", "Organo non valido.")
	e.Seats = atoi("seats", "Indica il numero dei posti.")
	e.MaxPreferences = atoi("max_preferences", "Indica il numero delle preferenze.")
	e.MinTables = atoi("min_tables", "Indica un numero intero (0 se non richiesto).")
	e.RegisteredBy = formDateTime(pr, "registered_by_date", "registered_by_time", f)
	e.ExcludeManagers = v.Get("exclude_managers") == "1"
	e.FoundedBefore = formDate(pr, v, "founded_before")
	return pr
}

func (s *Server) electionList(w http.ResponseWriter, r *http.Request) error {
	p, err := s.processOf(r)
	if err != nil {
		return err
	}
	a := info(r).ambito
	es, err := s.store.Elections(r.Context(), a.ID, p.ID, false)
	if err != nil {
		return err
	}
	v := s.adminView(r, "Elezioni")
	v["Process"], v["Elections"], v["Base"] = &p, es, electionsURL(a, &p)
	v["Crumbs"] = tablesCrumbs(a, &p, Crumb{"Elezioni", ""})
	s.render(w, r, http.StatusOK, "admin/elections", v)
	return nil
}

func (s *Server) renderElectionForm(w http.ResponseWriter, r *http.Request, status int, p *pdz.Process, e *pdz.Election, f *Form) error {
	a := info(r).ambito
	title, action, back := "Nuova elezione", electionsURL(a, p), electionsURL(a, p)
	crumbs := tablesCrumbs(a, p, Crumb{"Elezioni", electionsURL(a, p)}, Crumb{"Nuova", ""})
	if e.ID != 0 {
		back = electionsURL(a, p) + "/" + strconv.FormatInt(e.ID, 10)
		title, action = "Modifica dell'elezione", back+"/modifica"
		crumbs = tablesCrumbs(a, p, Crumb{"Elezioni", electionsURL(a, p)}, Crumb{e.Title, back}, Crumb{"Modifica", ""})
	}
	bodies, err := s.store.Bodies(r.Context(), a.ID)
	if err != nil {
		return err
	}
	bodyOpts := []Option{{"", "– nessuno –"}}
	for _, b := range bodies {
		bodyOpts = append(bodyOpts, Option{strconv.FormatInt(b.ID, 10), b.Name})
	}
	v := s.adminView(r, title)
	v["Form"], v["Action"], v["Back"], v["Crumbs"], v["Election"] = f, action, back, crumbs, e
	v["MeetingOptions"], v["BodyOptions"], v["TieBreak"] = meetingChoices(p, "– non indicato –"), bodyOpts, pdz.TieBreakRule
	v["RulesLocked"] = e.ID != 0 && e.Status != pdz.ElectionDraft
	s.render(w, r, status, "admin/election_form", v)
	return nil
}

func (s *Server) electionNew(w http.ResponseWriter, r *http.Request) error {
	p, err := s.processOf(r)
	if err != nil {
		return err
	}
	e := pdz.Election{Title: "Elezione dei rappresentanti delle Organizzazioni del Terzo Settore nella Cabina di Regia", Seats: pdz.DefaultSeats,
		MaxPreferences: 1, MinTables: 1, ExcludeManagers: true, MemberRole: pdz.DefaultMemberRole}
	bodies, err := s.store.Bodies(r.Context(), info(r).ambito.ID)
	if err != nil {
		return err
	}
	for _, b := range bodies {
		if b.Kind == pdz.BodyCabinaDiRegia {
			e.BodyID = b.ID
		}
	}
	return s.renderElectionForm(w, r, http.StatusOK, &p, &pdz.Election{}, newForm(electionValues(&e)))
}

func (s *Server) electionCreate(w http.ResponseWriter, r *http.Request) error {
	return s.electionSave(w, r, false)
}
func (s *Server) electionUpdate(w http.ResponseWriter, r *http.Request) error {
	return s.electionSave(w, r, true)
}

func (s *Server) electionSave(w http.ResponseWriter, r *http.Request, existing bool) error {
	p, err := s.processOf(r)
	if err != nil {
		return err
	}
	e := pdz.Election{ProcessID: p.ID}
	if existing {
		if _, e, err = s.electionOf(r); err != nil {
			return err
		}
	}
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	orig := e
	var pr pdz.Problems
	if existing && e.Status != pdz.ElectionDraft {
		e.Minutes, pr = f.Get("minutes"), pdz.Problems{} // only the minutes change once voting started
	} else {
		pr = electionFromForm(f, &e)
	}
	if len(pr) > 0 {
		err = mergeProblems(pr, e.Validate())
	} else {
		err = s.store.SaveElection(r.Context(), actor(r), info(r).ambito.ID, &e)
	}
	if err != nil {
		s.formFailed(r, f, err)
		return s.renderElectionForm(w, r, statusOf(pdz.ErrorCode(err)), &p, &orig, f)
	}
	return s.redirect(w, r, electionsURL(info(r).ambito, &p)+"/"+strconv.FormatInt(e.ID, 10), "Elezione salvata.")
}

// electionOf loads the process and its election {eid}.
func (s *Server) electionOf(r *http.Request) (pdz.Process, pdz.Election, error) {
	p, err := s.processOf(r)
	if err != nil {
		return p, pdz.Election{}, err
	}
	id, err := pathID(r, "eid")
	if err != nil {
		return p, pdz.Election{}, err
	}
	e, err := s.store.Election(r.Context(), info(r).ambito.ID, p.ID, id)
	return p, e, err
}

func (s *Server) electionEdit(w http.ResponseWriter, r *http.Request) error {
	p, e, err := s.electionOf(r)
	if err != nil {
		return err
	}
	return s.renderElectionForm(w, r, http.StatusOK, &p, &e, newForm(electionValues(&e)))
}

// electorRow is an organisation with what the rules say of it.
type electorRow struct {
	pdz.Elector
	VoteReasons  []string
	StandReasons []string
	Candidate    bool
}

func (s *Server) electionShow(w http.ResponseWriter, r *http.Request) error {
	p, e, err := s.electionOf(r)
	if err != nil {
		return err
	}
	return s.renderElection(w, r, http.StatusOK, &p, &e, newForm(nil))
}

func (s *Server) renderElection(w http.ResponseWriter, r *http.Request, status int, p *pdz.Process, e *pdz.Election, f *Form) error {
	a := info(r).ambito
	ctx := r.Context()
	xs, err := s.store.Electors(ctx, a.ID, p.ID)
	if err != nil {
		return err
	}
	cand := map[string]bool{}
	for _, c := range e.Candidates {
		cand[c.SubjectKey] = true
	}
	var rows []electorRow
	standOpts := []Option{{"", choosePlaceholder}}
	for i := range xs {
		x := &xs[i]
		row := electorRow{Elector: *x, VoteReasons: e.VotingReasons(x), StandReasons: e.CandidacyReasons(x), Candidate: cand[x.SubjectKey]}
		rows = append(rows, row)
		if len(row.StandReasons) == 0 && !row.Candidate {
			standOpts = append(standOpts, Option{strconv.FormatInt(x.RegistrationID, 10), x.Organisation + " (rappresentante: " + x.Representative + ")"})
		}
	}
	_, o, err := s.store.ElectionOutcome(ctx, a.ID, p.ID, e.ID)
	if err != nil {
		return err
	}
	voters, err := s.store.ElectionVoters(ctx, a.ID, p.ID, e.ID)
	if err != nil {
		return err
	}
	paperOpts := []Option{{"", choosePlaceholder}}
	for _, vt := range voters {
		if !vt.Voted {
			paperOpts = append(paperOpts, Option{strconv.FormatInt(vt.RegistrationID, 10), vt.Organisation})
		}
	}
	var candOpts []Option
	for _, c := range e.Candidates {
		candOpts = append(candOpts, Option{strconv.FormatInt(c.ID, 10), c.Organisation + " – " + c.Representative})
	}
	var tied []pdz.Candidate
	for _, id := range o.NeedsLot {
		if c := e.Candidate(id); c != nil {
			tied = append(tied, *c)
		}
	}
	base := electionsURL(a, p) + "/" + strconv.FormatInt(e.ID, 10)
	v := s.adminView(r, e.Title)
	v["Process"], v["Election"], v["Electors"], v["Outcome"], v["Voters"], v["Form"], v["Base"] = p, e, rows, &o, voters, f, base
	v["StandOptions"], v["PaperOptions"], v["CandidateOptions"], v["Tied"] = standOpts, paperOpts, candOpts, tied
	v["ElectorateRule"], v["CandidacyRule"], v["TieBreak"] = document.ElectorateRule(e), document.CandidacyRule(e), pdz.TieBreakRule
	v["PublicURL"] = processBase(a, p) + "/elezioni/" + strconv.FormatInt(e.ID, 10)
	if e.BodyID != 0 {
		v["BodyURL"] = "/admin/a/" + a.Slug + "/organi/" + strconv.FormatInt(e.BodyID, 10)
	}
	v["Crumbs"] = tablesCrumbs(a, p, Crumb{"Elezioni", electionsURL(a, p)}, Crumb{e.Title, ""})
	s.render(w, r, status, "admin/election", v)
	return nil
}

// electionAction runs a change and shows its error on the election's page.
func (s *Server) electionAction(w http.ResponseWriter, r *http.Request, f *Form, do func(p *pdz.Process, e *pdz.Election) error, msg string) error {
	p, e, err := s.electionOf(r)
	if err != nil {
		return err
	}
	if f == nil {
		f = newForm(nil)
	}
	if err := do(&p, &e); err != nil {
		s.formFailed(r, f, err)
		return s.renderElection(w, r, statusOf(pdz.ErrorCode(err)), &p, &e, f)
	}
	return s.redirect(w, r, electionsURL(info(r).ambito, &p)+"/"+strconv.FormatInt(e.ID, 10), msg)
}

func (s *Server) electionAddCandidate(w http.ResponseWriter, r *http.Request) error {
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	return s.electionAction(w, r, f, func(p *pdz.Process, e *pdz.Election) error {
		pr := pdz.Problems{}
		reg := formID(pr, f.Values, "registration_id", "Organizzazione non valida.")
		if err := pr.Err(); err != nil {
			return err
		}
		return s.store.AddCandidate(r.Context(), actor(r), info(r).ambito.ID, p.ID, e.ID, reg, f.Get("representative"))
	}, "Candidatura registrata.")
}

func (s *Server) electionRemoveCandidate(w http.ResponseWriter, r *http.Request) error {
	return s.electionAction(w, r, nil, func(p *pdz.Process, e *pdz.Election) error {
		id, err := pathID(r, "cid")
		if err != nil {
			return err
		}
		return s.store.RemoveCandidate(r.Context(), actor(r), info(r).ambito.ID, p.ID, e.ID, id)
	}, "Candidatura ritirata.")
}

func (s *Server) electionOpen(w http.ResponseWriter, r *http.Request) error {
	return s.electionAction(w, r, nil, func(p *pdz.Process, e *pdz.Election) error {
		return s.store.OpenElection(r.Context(), actor(r), info(r).ambito.ID, p.ID, e.ID)
	}, "Votazione aperta: ogni organizzazione dell'elettorato ha il suo codice di voto.")
}

func (s *Server) electionClose(w http.ResponseWriter, r *http.Request) error {
	return s.electionAction(w, r, nil, func(p *pdz.Process, e *pdz.Election) error {
		scrubErr, err := s.store.CloseElection(r.Context(), actor(r), info(r).ambito.ID, p.ID, e.ID)
		if scrubErr != nil {
			s.log.Warn("election closed: the database could not be scrubbed of the old ballot rows", "err", scrubErr)
		}
		return err
	}, "Votazione chiusa: le schede sono state rimescolate e contate.")
}

func (s *Server) electionPaperVoter(w http.ResponseWriter, r *http.Request) error {
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	return s.electionAction(w, r, f, func(p *pdz.Process, e *pdz.Election) error {
		pr := pdz.Problems{}
		reg := formID(pr, f.Values, "registration_id", "Organizzazione non valida.")
		if reg == 0 {
			pr.Add("registration_id", "Scegli l'organizzazione che ha votato su carta.")
		}
		if err := pr.Err(); err != nil {
			return err
		}
		return s.store.RecordPaperVoter(r.Context(), actor(r), info(r).ambito.ID, p.ID, e.ID, reg)
	}, "Registrato che l'organizzazione ha votato su carta. La sua scheda si registra, anonima, allo scrutinio.")
}

func (s *Server) electionPaperBallot(w http.ResponseWriter, r *http.Request) error {
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	return s.electionAction(w, r, f, func(p *pdz.Process, e *pdz.Election) error {
		pr := pdz.Problems{}
		ids := formIDs(pr, f.Values, "candidates", "Candidato non valido.")
		if err := pr.Err(); err != nil {
			return err
		}
		return s.store.RecordPaperBallot(r.Context(), actor(r), info(r).ambito.ID, p.ID, e.ID, ids)
	}, "Scheda cartacea registrata nello scrutinio.")
}

func (s *Server) electionLot(w http.ResponseWriter, r *http.Request) error {
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	return s.electionAction(w, r, f, func(p *pdz.Process, e *pdz.Election) error {
		// lot_{candidate} = the position drawn.
		type drawn struct {
			id  int64
			pos int
		}
		var ds []drawn
		for k, vs := range f.Values {
			if !strings.HasPrefix(k, "lot_") || len(vs) == 0 {
				continue
			}
			id, err1 := strconv.ParseInt(strings.TrimPrefix(k, "lot_"), 10, 64)
			pos, err2 := strconv.Atoi(strings.TrimSpace(vs[0]))
			if err1 != nil || err2 != nil || pos < 1 {
				return pdz.Problems{"lot": "Indica per ogni candidato in parità la posizione estratta (1, 2, …)."}.Err()
			}
			ds = append(ds, drawn{id, pos})
		}
		sort.Slice(ds, func(i, j int) bool { return ds[i].pos < ds[j].pos })
		var order []int64
		for i, d := range ds {
			if i > 0 && d.pos == ds[i-1].pos {
				return pdz.Problems{"lot": "Due candidati con la stessa posizione estratta."}.Err()
			}
			order = append(order, d.id)
		}
		return s.store.DrawLots(r.Context(), actor(r), info(r).ambito.ID, p.ID, e.ID, order)
	}, "Sorteggio registrato.")
}

func (s *Server) electionProclaim(w http.ResponseWriter, r *http.Request) error {
	return s.electionAction(w, r, nil, func(p *pdz.Process, e *pdz.Election) error {
		return s.store.ProclaimElection(r.Context(), actor(r), info(r).ambito.ID, p.ID, e.ID)
	}, "Eletti proclamati: sono ora componenti dell'organo.")
}

func (s *Server) electionPublish(w http.ResponseWriter, r *http.Request) error {
	publish := path.Base(r.URL.Path) == "pubblica"
	msg := "Risultati, affluenza e verbale pubblicati."
	if !publish {
		msg = "Risultati ritirati dalla pubblicazione."
	}
	return s.electionAction(w, r, nil, func(p *pdz.Process, e *pdz.Election) error {
		return s.store.PublishElection(r.Context(), actor(r), info(r).ambito.ID, p.ID, e.ID, publish)
	}, msg)
}

func (s *Server) electionMinutesUpload(w http.ResponseWriter, r *http.Request) error {
	p, e, err := s.electionOf(r)
	if err != nil {
		return err
	}
	f, file, err := readPDFUpload(w, r)
	if err == nil {
		err = s.store.SaveElectionMinutesFile(r.Context(), actor(r), info(r).ambito.ID, p.ID, e.ID, file)
	}
	if err != nil {
		s.formFailed(r, f, err)
		return s.renderElection(w, r, statusOf(pdz.ErrorCode(err)), &p, &e, f)
	}
	return s.redirect(w, r, electionsURL(info(r).ambito, &p)+"/"+strconv.FormatInt(e.ID, 10)+"#verbale", "Verbale firmato caricato.")
}

func (s *Server) electionCodes(w http.ResponseWriter, r *http.Request) error {
	return s.electionVoteCodes(w, r, false)
}
func (s *Server) electionSlips(w http.ResponseWriter, r *http.Request) error {
	return s.electionVoteCodes(w, r, true)
}

// electionVoteCodes shows the voting codes of an election, as cards or as
// printable slips.
func (s *Server) electionVoteCodes(w http.ResponseWriter, r *http.Request, slips bool) error {
	p, e, err := s.electionOf(r)
	if err != nil {
		return err
	}
	a := info(r).ambito
	voters, err := s.store.ElectionVoters(r.Context(), a.ID, p.ID, e.ID)
	if err != nil {
		return err
	}
	var orgs, codes []string
	for _, vt := range voters {
		orgs, codes = append(orgs, vt.Organisation), append(codes, vt.Code)
	}
	if slips {
		return s.sendVoteSlips(w, a, e.Title, orgs, codes)
	}
	base := electionsURL(a, &p) + "/" + strconv.FormatInt(e.ID, 10)
	return s.renderVoteCodes(w, r, e.Title, base, e.Status == pdz.ElectionOpen, orgs, codes,
		tablesCrumbs(a, &p, Crumb{"Elezioni", electionsURL(a, &p)}, Crumb{e.Title, base}, Crumb{"Codici di voto", ""}))
}

// electionDocument builds the minutes of an election.
func (s *Server) electionDocument(r *http.Request, a *pdz.Ambito, p *pdz.Process, id int64) ([]byte, error) {
	e, o, err := s.store.ElectionOutcome(r.Context(), a.ID, p.ID, id)
	if err != nil {
		return nil, err
	}
	when := ""
	if m := p.Meeting(e.MeetingID); m != nil {
		when = meetingWhen(m) + " – " + m.Name()
	} else if !e.ClosedAt.IsZero() {
		when = "Votazione chiusa il " + locale.DateTime(e.ClosedAt)
	}
	return document.ElectionPDF(a, p, document.ElectionInput{Election: &e, Outcome: &o, When: when}, s.now())
}

func (s *Server) electionPDFAdmin(w http.ResponseWriter, r *http.Request) error {
	p, e, err := s.electionOf(r)
	if err != nil {
		return err
	}
	b, err := s.electionDocument(r, info(r).ambito, &p, e.ID)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	sendPDF(w, "verbale-elezione-"+strconv.FormatInt(e.ID, 10)+".pdf", b)
	return nil
}

func (s *Server) electionMinutesFileAdmin(w http.ResponseWriter, r *http.Request) error {
	p, e, err := s.electionOf(r)
	if err != nil {
		return err
	}
	f, err := s.store.ElectionMinutesFile(r.Context(), info(r).ambito.ID, p.ID, e.ID)
	if err != nil {
		return err
	}
	sendStoredFile(w, r, f)
	return nil
}
