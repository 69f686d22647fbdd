package web

import (
	"net/http"
	"net/url"
	"path"
	"strconv"

	"github.com/pdz-ats/pdz/internal/document"
	"github.com/pdz-ats/pdz/internal/pdz"
	"github.com/pdz-ats/pdz/internal/security"
)

// Plenary priorities in the back office: the round, its items (needs from
// the minutes, proposals), opening with one voting code per organisation
// present, the codes shown or printed for the representatives, paper
// ballots, closing, the counts and their publication.

func roundsURL(a *pdz.Ambito, p *pdz.Process) string { return processAdminURL(a, p) + "/priorita" }

func roundValues(x *pdz.PriorityRound) url.Values {
	return url.Values{"title": {x.Title}, "description": {x.Description}, "meeting_id": {idValue(x.MeetingID)}, "area_id": {idValue(x.AreaID)},
		"max_choices": {strconv.Itoa(x.MaxChoices)}}
}

func (s *Server) roundList(w http.ResponseWriter, r *http.Request) error {
	p, err := s.processOf(r)
	if err != nil {
		return err
	}
	a := info(r).ambito
	rounds, err := s.store.PriorityRounds(r.Context(), a.ID, p.ID, false)
	if err != nil {
		return err
	}
	v := s.adminView(r, "Priorità della plenaria")
	v["Process"], v["Rounds"], v["Base"] = &p, rounds, roundsURL(a, &p)
	v["Crumbs"] = tablesCrumbs(a, &p, Crumb{"Priorità", ""})
	s.render(w, r, http.StatusOK, "admin/rounds", v)
	return nil
}

func (s *Server) renderRoundForm(w http.ResponseWriter, r *http.Request, status int, p *pdz.Process, x *pdz.PriorityRound, f *Form) error {
	a := info(r).ambito
	title, action, back := "Nuova votazione delle priorità", roundsURL(a, p), roundsURL(a, p)
	crumbs := tablesCrumbs(a, p, Crumb{"Priorità", roundsURL(a, p)}, Crumb{"Nuova", ""})
	if x.ID != 0 {
		back = roundsURL(a, p) + "/" + strconv.FormatInt(x.ID, 10)
		title, action = "Modifica della votazione", back+"/modifica"
		crumbs = tablesCrumbs(a, p, Crumb{"Priorità", roundsURL(a, p)}, Crumb{x.Title, back}, Crumb{"Modifica", ""})
	}
	v := s.adminView(r, title)
	v["Form"], v["Action"], v["Back"], v["Crumbs"], v["Method"] = f, action, back, crumbs, pdz.PriorityMethod
	v["MeetingOptions"], v["AreaOptions"] = meetingChoices(p, "– nessuno: tutti gli incontri –"), areaOptions(p, "– tutte le aree –")
	s.render(w, r, status, "admin/round_form", v)
	return nil
}

func (s *Server) roundNew(w http.ResponseWriter, r *http.Request) error {
	p, err := s.processOf(r)
	if err != nil {
		return err
	}
	f := newForm(url.Values{"max_choices": {"3"}})
	for _, m := range p.Meetings {
		if m.Kind == pdz.KindPlenaria {
			f.Values.Set("meeting_id", strconv.FormatInt(m.ID, 10))
			break
		}
	}
	return s.renderRoundForm(w, r, http.StatusOK, &p, &pdz.PriorityRound{}, f)
}

func roundFromForm(f *Form, x *pdz.PriorityRound) pdz.Problems {
	pr := pdz.Problems{}
	x.Title, x.Description = f.Get("title"), f.Get("description")
	x.MeetingID = formID(pr, f.Values, "meeting_id", "Incontro non valido.")
	x.AreaID = formID(pr, f.Values, "area_id", "Area non valida.")
	n, err := strconv.Atoi(f.Get("max_choices"))
	if err != nil {
		pr.Add("max_choices", "Indica un numero intero.")
	}
	x.MaxChoices = n
	return pr
}

func (s *Server) roundCreate(w http.ResponseWriter, r *http.Request) error {
	return s.roundSave(w, r, false)
}
func (s *Server) roundUpdate(w http.ResponseWriter, r *http.Request) error {
	return s.roundSave(w, r, true)
}

func (s *Server) roundSave(w http.ResponseWriter, r *http.Request, existing bool) error {
	p, err := s.processOf(r)
	if err != nil {
		return err
	}
	x := pdz.PriorityRound{ProcessID: p.ID}
	if existing {
		if _, x, err = s.roundOf(r); err != nil {
			return err
		}
	}
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	orig := x
	pr := roundFromForm(f, &x)
	if len(pr) > 0 {
		err = mergeProblems(pr, x.Validate())
	} else {
		err = s.store.SavePriorityRound(r.Context(), actor(r), info(r).ambito.ID, &x)
	}
	if err != nil {
		s.formFailed(r, f, err)
		return s.renderRoundForm(w, r, statusOf(pdz.ErrorCode(err)), &p, &orig, f)
	}
	return s.redirect(w, r, roundsURL(info(r).ambito, &p)+"/"+strconv.FormatInt(x.ID, 10), "Votazione salvata.")
}

// roundOf loads the process and its round {rid}.
func (s *Server) roundOf(r *http.Request) (pdz.Process, pdz.PriorityRound, error) {
	p, err := s.processOf(r)
	if err != nil {
		return p, pdz.PriorityRound{}, err
	}
	id, err := pathID(r, "rid")
	if err != nil {
		return p, pdz.PriorityRound{}, err
	}
	x, err := s.store.PriorityRound(r.Context(), info(r).ambito.ID, p.ID, id)
	return p, x, err
}

func (s *Server) roundEdit(w http.ResponseWriter, r *http.Request) error {
	p, x, err := s.roundOf(r)
	if err != nil {
		return err
	}
	return s.renderRoundForm(w, r, http.StatusOK, &p, &x, newForm(roundValues(&x)))
}

func (s *Server) roundShow(w http.ResponseWriter, r *http.Request) error {
	p, x, err := s.roundOf(r)
	if err != nil {
		return err
	}
	return s.renderRound(w, r, http.StatusOK, &p, &x, newForm(nil))
}

func (s *Server) renderRound(w http.ResponseWriter, r *http.Request, status int, p *pdz.Process, x *pdz.PriorityRound, f *Form) error {
	a := info(r).ambito
	ctx := r.Context()
	voters, err := s.store.PriorityVoters(ctx, a.ID, p.ID, x.ID)
	if err != nil {
		return err
	}
	var itemOpts []Option
	for _, it := range x.Items {
		itemOpts = append(itemOpts, Option{strconv.FormatInt(it.ID, 10), it.Label})
	}
	paperOpts := []Option{{"", choosePlaceholder}}
	for _, vt := range voters {
		if !vt.Voted {
			paperOpts = append(paperOpts, Option{strconv.FormatInt(vt.RegistrationID, 10), vt.Organisation})
		}
	}
	if x.Status == pdz.RoundDraft && len(f.Values["needs"]) == 0 && len(f.Values["proposals"]) == 0 && len(f.Errors) == 0 {
		for _, it := range x.Items {
			if it.NeedID != 0 {
				f.Values.Add("needs", strconv.FormatInt(it.NeedID, 10))
			} else {
				f.Values.Add("proposals", strconv.FormatInt(it.ProposalID, 10))
			}
		}
	}
	var needOpts, propOpts []Option
	if x.Status == pdz.RoundDraft {
		needs, err := s.store.ProcessNeeds(ctx, a.ID, p.ID, false)
		if err != nil {
			return err
		}
		for _, n := range needs {
			if x.AreaID == 0 || n.AreaID == x.AreaID {
				needOpts = append(needOpts, Option{strconv.FormatInt(n.ID, 10), n.Label() + " (" + n.AreaName + ")"})
			}
		}
		props, err := s.store.Propostas(ctx, a.ID, p.ID, pdz.ProposalFilter{AreaID: x.AreaID})
		if err != nil {
			return err
		}
		for _, pp := range props {
			if pp.Live() {
				propOpts = append(propOpts, Option{strconv.FormatInt(pp.ID, 10), pp.Number() + " – " + pp.Title})
			}
		}
	}
	ranked := append([]pdz.PriorityItem(nil), x.Items...)
	pdz.RankItems(ranked)
	voted := 0
	for _, vt := range voters {
		if vt.Voted {
			voted++
		}
	}
	base := roundsURL(a, p) + "/" + strconv.FormatInt(x.ID, 10)
	v := s.adminView(r, x.Title)
	v["Process"], v["Round"], v["Voters"], v["Voted"], v["Form"], v["Base"], v["Ranked"] = p, x, voters, voted, f, base, ranked
	v["ItemOptions"], v["PaperOptions"], v["NeedOptions"], v["ProposalOptions"], v["Method"] = itemOpts, paperOpts, needOpts, propOpts, pdz.PriorityMethod
	v["PublicURL"] = processBase(a, p) + "/priorita/" + strconv.FormatInt(x.ID, 10)
	v["Crumbs"] = tablesCrumbs(a, p, Crumb{"Priorità", roundsURL(a, p)}, Crumb{x.Title, ""})
	s.render(w, r, status, "admin/round", v)
	return nil
}

func (s *Server) roundItems(w http.ResponseWriter, r *http.Request) error {
	p, x, err := s.roundOf(r)
	if err != nil {
		return err
	}
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	pr := pdz.Problems{}
	needs := formIDs(pr, f.Values, "needs", "Bisogno non valido.")
	props := formIDs(pr, f.Values, "proposals", "Proposta non valida.")
	if err = pr.Err(); err == nil {
		err = s.store.SetPriorityItems(r.Context(), actor(r), info(r).ambito.ID, p.ID, x.ID, needs, props)
	}
	if err != nil {
		if fs := pdz.ErrorFields(err); fs["items"] != "" {
			err = pdz.Problems{"needs": fs["items"]}.Err()
		}
		s.formFailed(r, f, err)
		return s.renderRound(w, r, statusOf(pdz.ErrorCode(err)), &p, &x, f)
	}
	return s.redirect(w, r, roundsURL(info(r).ambito, &p)+"/"+strconv.FormatInt(x.ID, 10), "Voci della votazione salvate.")
}

// roundAction runs a change of state and shows its error on the round's page.
func (s *Server) roundAction(w http.ResponseWriter, r *http.Request, do func(p *pdz.Process, x *pdz.PriorityRound) error, msg string) error {
	p, x, err := s.roundOf(r)
	if err != nil {
		return err
	}
	if err := do(&p, &x); err != nil {
		f := newForm(nil)
		s.formFailed(r, f, err)
		return s.renderRound(w, r, statusOf(pdz.ErrorCode(err)), &p, &x, f)
	}
	return s.redirect(w, r, roundsURL(info(r).ambito, &p)+"/"+strconv.FormatInt(x.ID, 10), msg)
}

func (s *Server) roundOpen(w http.ResponseWriter, r *http.Request) error {
	return s.roundAction(w, r, func(p *pdz.Process, x *pdz.PriorityRound) error {
		return s.store.OpenPriorityRound(r.Context(), actor(r), info(r).ambito.ID, p.ID, x.ID)
	}, "Votazione aperta: ogni organizzazione presente ha il suo codice di voto.")
}

func (s *Server) roundClose(w http.ResponseWriter, r *http.Request) error {
	return s.roundAction(w, r, func(p *pdz.Process, x *pdz.PriorityRound) error {
		return s.store.ClosePriorityRound(r.Context(), actor(r), info(r).ambito.ID, p.ID, x.ID)
	}, "Votazione chiusa: i codici non valgono più, i voti sono contati.")
}

func (s *Server) roundPublish(w http.ResponseWriter, r *http.Request) error {
	publish := path.Base(r.URL.Path) == "pubblica"
	msg := "Risultati pubblicati."
	if !publish {
		msg = "Risultati ritirati dalla pubblicazione."
	}
	return s.roundAction(w, r, func(p *pdz.Process, x *pdz.PriorityRound) error {
		return s.store.PublishPriorityRound(r.Context(), actor(r), info(r).ambito.ID, p.ID, x.ID, publish)
	}, msg)
}

func (s *Server) roundPaperVote(w http.ResponseWriter, r *http.Request) error {
	p, x, err := s.roundOf(r)
	if err != nil {
		return err
	}
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	pr := pdz.Problems{}
	reg := formID(pr, f.Values, "registration_id", "Organizzazione non valida.")
	items := formIDs(pr, f.Values, "items", "Voce non valida.")
	if reg == 0 {
		pr.Add("registration_id", "Scegli l'organizzazione della scheda.")
	}
	if err = pr.Err(); err == nil {
		err = s.store.RecordPaperPriorityVote(r.Context(), actor(r), info(r).ambito.ID, p.ID, x.ID, reg, items)
	}
	if err != nil {
		s.formFailed(r, f, err)
		return s.renderRound(w, r, statusOf(pdz.ErrorCode(err)), &p, &x, f)
	}
	return s.redirect(w, r, roundsURL(info(r).ambito, &p)+"/"+strconv.FormatInt(x.ID, 10)+"#schede", "Scheda cartacea registrata.")
}

// voteURL is the public voting page of a code.
func (s *Server) voteURL(a *pdz.Ambito, code string) string {
	return s.cfg.BaseURL + "/ambiti/" + a.Slug + "/voto/" + code
}

// codeCard is a voting code on the codes page: the organisation, the code,
// its QR code.
type codeCard struct {
	Organisation string
	Code         string
	URL          string
	QR           any
}

func (s *Server) codeCards(a *pdz.Ambito, orgs []string, codes []string) []codeCard {
	var out []codeCard
	for i, c := range codes {
		if c == "" {
			continue
		}
		u := s.voteURL(a, c)
		out = append(out, codeCard{Organisation: orgs[i], Code: security.FormatVoteCode(c), URL: u,
			QR: safeHTML(qrSVG(u, "Codice QR del voto di "+orgs[i]))})
	}
	return out
}

// renderVoteCodes shows the voting codes of a round or an election as
// cards: orgs[i] holds codes[i], "" once used or when voting is not open.
func (s *Server) renderVoteCodes(w http.ResponseWriter, r *http.Request, title, base string, open bool, orgs, codes []string, crumbs []Crumb) error {
	a := info(r).ambito
	w.Header().Set("Cache-Control", "no-store")
	v := s.adminView(r, "Codici di voto – "+title)
	v["Cards"], v["Open"], v["Back"], v["VoteURL"], v["PDF"] = s.codeCards(a, orgs, codes), open, base, s.cfg.BaseURL+"/ambiti/"+a.Slug+"/voto", base+"/codici.pdf"
	v["Crumbs"] = crumbs
	s.render(w, r, http.StatusOK, "admin/vote_codes", v)
	return nil
}

// sendVoteSlips sends the printable slips of the voting codes still valid
// of a round or an election (orgs[i] holds codes[i]).
func (s *Server) sendVoteSlips(w http.ResponseWriter, a *pdz.Ambito, title string, orgs, codes []string) error {
	var slips []document.Slip
	for i, c := range codes {
		if c != "" {
			slips = append(slips, document.Slip{Organisation: orgs[i], Code: security.FormatVoteCode(c), URL: s.voteURL(a, c)})
		}
	}
	b, err := document.SlipsPDF(a, title, slips, s.now())
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	sendPDF(w, "codici-di-voto.pdf", b)
	return nil
}

func (s *Server) roundCodes(w http.ResponseWriter, r *http.Request) error {
	return s.roundVoteCodes(w, r, false)
}
func (s *Server) roundSlips(w http.ResponseWriter, r *http.Request) error {
	return s.roundVoteCodes(w, r, true)
}

// roundVoteCodes shows the voting codes of a round, as cards or as
// printable slips.
func (s *Server) roundVoteCodes(w http.ResponseWriter, r *http.Request, slips bool) error {
	p, x, err := s.roundOf(r)
	if err != nil {
		return err
	}
	a := info(r).ambito
	voters, err := s.store.PriorityVoters(r.Context(), a.ID, p.ID, x.ID)
	if err != nil {
		return err
	}
	var orgs, codes []string
	for _, vt := range voters {
		orgs, codes = append(orgs, vt.Organisation), append(codes, vt.Code)
	}
	if slips {
		return s.sendVoteSlips(w, a, x.Title, orgs, codes)
	}
	base := roundsURL(a, &p) + "/" + strconv.FormatInt(x.ID, 10)
	return s.renderVoteCodes(w, r, x.Title, base, x.Status == pdz.RoundOpen, orgs, codes,
		tablesCrumbs(a, &p, Crumb{"Priorità", roundsURL(a, &p)}, Crumb{x.Title, base}, Crumb{"Codici di voto", ""}))
}
