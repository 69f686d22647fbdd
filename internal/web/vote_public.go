package web

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/pdz-ats/pdz/internal/locale"
	"github.com/pdz-ats/pdz/internal/pdz"
	"github.com/pdz-ats/pdz/internal/security"
	"github.com/pdz-ats/pdz/internal/store"
)

// The pages a representative opens on a phone in the room: the voting code
// (from the slip, the screen of the Ufficio di Piano, or typed) opens the
// ballot of a priority round or of an election. Never cached, never
// indexed, and nothing about the choices is logged or kept beyond the
// ballot. The personal-link pages where a registrant presents or withdraws
// a proposal raised at a table are here too.

func voteBase(a *pdz.Ambito) string { return "/ambiti/" + a.Slug + "/voto" }

// voteAmbito loads the Ambito of a voting page and marks the response
// private.
func (s *Server) voteAmbito(w http.ResponseWriter, r *http.Request) (pdz.Ambito, error) {
	a, err := s.store.AmbitoBySlug(r.Context(), r.PathValue("ambito"))
	if err == nil {
		private(w)
	}
	return a, err
}

func (s *Server) voteStart(w http.ResponseWriter, r *http.Request) error {
	a, err := s.voteAmbito(w, r)
	if err != nil {
		return err
	}
	return s.renderVoteStart(w, r, http.StatusOK, &a, newForm(nil))
}

func (s *Server) renderVoteStart(w http.ResponseWriter, r *http.Request, status int, a *pdz.Ambito, f *Form) error {
	v := s.publicView(r, a, "Voto")
	v["Form"], v["Action"] = f, voteBase(a)
	v["Crumbs"] = []Crumb{{"Home", "/"}, {a.Name, "/ambiti/" + a.Slug}, {"Voto", ""}}
	s.render(w, r, status, "public/vote_code", v)
	return nil
}

func (s *Server) voteFind(w http.ResponseWriter, r *http.Request) error {
	a, err := s.voteAmbito(w, r)
	if err != nil {
		return err
	}
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	code := security.NormalizeVoteCode(f.Get("codice"))
	if code == "" {
		err = pdz.Problems{"codice": "Digita il codice di voto ricevuto dall'Ufficio di Piano (8 caratteri)."}.Err()
	} else {
		_, err = s.store.VoteCodeTarget(r.Context(), a.ID, code)
	}
	if err != nil {
		s.formFailed(r, f, err)
		return s.renderVoteStart(w, r, statusOf(pdz.ErrorCode(err)), &a, f)
	}
	return s.redirect(w, r, voteBase(&a)+"/"+code, "")
}

// ballotView is what a ballot page shows.
func (s *Server) renderBallot(w http.ResponseWriter, r *http.Request, status int, a *pdz.Ambito, code string, t store.VoteTarget, f *Form) error {
	ctx := r.Context()
	v := s.publicView(r, a, "Scheda di voto")
	v["Form"], v["Action"], v["Organisation"], v["Code"] = f, voteBase(a)+"/"+code, t.Organisation, security.FormatVoteCode(code)
	v["Crumbs"] = []Crumb{{"Home", "/"}, {a.Name, "/ambiti/" + a.Slug}, {"Voto", ""}}
	var opts []Option
	if t.RoundID != 0 {
		x, err := s.store.PriorityRound(ctx, a.ID, t.ProcessID, t.RoundID)
		if err != nil {
			return err
		}
		for _, it := range x.Items {
			opts = append(opts, Option{strconv.FormatInt(it.ID, 10), it.Label})
		}
		v["Heading"], v["Description"], v["Max"], v["Kind"] = x.Title, x.Description, x.MaxChoices, "priorita"
		v["Help"] = "Approva fino a " + locale.Count(x.MaxChoices, "voce", "voci") + "."
	} else {
		e, err := s.store.Election(ctx, a.ID, t.ProcessID, t.ElectionID)
		if err != nil {
			return err
		}
		for _, c := range e.Candidates {
			opts = append(opts, Option{strconv.FormatInt(c.ID, 10), c.Organisation + " – " + c.Representative})
		}
		v["Heading"], v["Max"], v["Kind"] = e.Title, e.MaxPreferences, "elezione"
		v["Help"] = "Indica fino a " + locale.Count(e.MaxPreferences, "preferenza", "preferenze") + "; senza scelte la scheda è bianca. Il voto è segreto: la scheda non è collegata all'organizzazione."
	}
	v["Options"] = opts
	s.render(w, r, status, "public/vote", v)
	return nil
}

func (s *Server) voteBallot(w http.ResponseWriter, r *http.Request) error {
	a, err := s.voteAmbito(w, r)
	if err != nil {
		return err
	}
	code := security.NormalizeVoteCode(r.PathValue("codice"))
	t, err := s.store.VoteCodeTarget(r.Context(), a.ID, code)
	if err != nil {
		f := newForm(url.Values{"codice": {r.PathValue("codice")}})
		s.formFailed(r, f, err)
		return s.renderVoteStart(w, r, statusOf(pdz.ErrorCode(err)), &a, f)
	}
	return s.renderBallot(w, r, http.StatusOK, &a, code, t, newForm(nil))
}

func (s *Server) voteCast(w http.ResponseWriter, r *http.Request) error {
	a, err := s.voteAmbito(w, r)
	if err != nil {
		return err
	}
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	code := security.NormalizeVoteCode(r.PathValue("codice"))
	t, err := s.store.VoteCodeTarget(r.Context(), a.ID, code)
	if err != nil {
		s.formFailed(r, f, err)
		return s.renderVoteStart(w, r, statusOf(pdz.ErrorCode(err)), &a, f)
	}
	pr := pdz.Problems{}
	var picked []string // "0" is the blank ballot of a one-preference election
	for _, x := range f.Values["scelte"] {
		if x != "" && x != "0" {
			picked = append(picked, x)
		}
	}
	ids := formIDs(pr, url.Values{"scelte": picked}, "scelte", "Scelta non valida.")
	if err = pr.Err(); err == nil {
		if t.RoundID != 0 {
			err = s.store.CastPriorityVote(r.Context(), a.ID, code, ids)
		} else {
			err = s.store.CastBallot(r.Context(), a.ID, code, ids)
		}
	}
	if err != nil {
		for _, k := range []string{"items", "candidates"} {
			if msg := pdz.ErrorFields(err)[k]; msg != "" {
				err = pdz.Problems{"scelte": msg}.Err()
			}
		}
		s.formFailed(r, f, err)
		return s.renderBallot(w, r, statusOf(pdz.ErrorCode(err)), &a, code, t, f)
	}
	return s.redirect(w, r, voteBase(&a), "Voto registrato per "+t.Organisation+". Grazie: il codice non vale più.")
}

// ---- proposals through the personal link

func (s *Server) personalProposalForm(w http.ResponseWriter, r *http.Request) error {
	a, p, reg, key, err := s.personal(w, r)
	if err != nil {
		return err
	}
	return s.renderPersonalProposal(w, r, http.StatusOK, &a, &p, &reg, key, newForm(nil))
}

func (s *Server) renderPersonalProposal(w http.ResponseWriter, r *http.Request, status int, a *pdz.Ambito, p *pdz.Process, reg *pdz.Registration, key string, f *Form) error {
	until, err := s.store.ProposalsUntil(r.Context(), a.ID, p.ID)
	if err != nil {
		return err
	}
	comuni, err := s.comuniChoices(r, a)
	if err != nil {
		return err
	}
	areas := []Option{{"", choosePlaceholder}}
	for _, pa := range reg.Areas {
		areas = append(areas, Option{strconv.FormatInt(pa.AreaID, 10), pa.AreaName})
	}
	base := joinURL(a, p) + "/" + key
	v := s.joinView(r, a, p, "Proposta nata al tavolo")
	v["Form"], v["Registration"], v["Action"], v["Back"], v["Until"] = f, reg, base+"/proposta", base, until
	v["Open"] = s.proposalsOpen(until) && reg.Status.Holds()
	v["AreaChoices"], v["ComuniOptions"], v["MeetingOptions"] = areas, comuni, meetingChoices(p, "– non indicato –")
	s.render(w, r, status, "public/personal_proposal", v)
	return nil
}

func (s *Server) personalProposalCreate(w http.ResponseWriter, r *http.Request) error {
	a, p, reg, key, err := s.personal(w, r)
	if err != nil {
		return err
	}
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	pr := pdz.Problems{}
	x := pdz.Proposta{ProcessID: p.ID, RegistrationID: reg.ID, Proposal: proposalFromForm(pr, f.Values, "")}
	x.MeetingID = formID(pr, f.Values, "meeting_id", "Incontro non valido.")
	if len(pr) > 0 {
		err = mergeProblems(pr, x.ValidateContent(&p))
	} else {
		err = s.store.CreateTableProposal(r.Context(), pdz.Actor{}, a.ID, &x)
	}
	if err != nil {
		s.formFailed(r, f, err)
		return s.renderPersonalProposal(w, r, statusOf(pdz.ErrorCode(err)), &a, &p, &reg, key, f)
	}
	return s.redirect(w, r, joinURL(&a, &p)+"/"+key+"#proposte", "Proposta "+x.Number()+" presentata: l'Ufficio di Piano la valuterà e pubblicherà la risposta.")
}

func (s *Server) personalProposalWithdraw(w http.ResponseWriter, r *http.Request) error {
	a, p, reg, key, err := s.personal(w, r)
	if err != nil {
		return err
	}
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return pdz.Errorf(pdz.ENOTFOUND, "Proposta non trovata.")
	}
	if err = s.store.WithdrawProposal(r.Context(), pdz.Actor{}, a.ID, p.ID, id, reg.ID, f.Get("withdraw_reason"), s.answerMail(&a, &p)); err != nil {
		s.formFailed(r, f, err)
		// Each proposal has its own form on the page: the message goes next
		// to that proposal's field (and the summary links to it), which is
		// shown open with what was typed.
		if msg, ok := f.Errors["withdraw_reason"]; ok {
			delete(f.Errors, "withdraw_reason")
			f.Errors["withdraw_reason-"+strconv.FormatInt(id, 10)] = msg
		}
		f.Values.Set("withdraw_id", strconv.FormatInt(id, 10))
		return s.renderPersonal(w, r, statusOf(pdz.ErrorCode(err)), &a, &p, &reg, key, f)
	}
	s.mailQueued()
	return s.redirect(w, r, joinURL(&a, &p)+"/"+key+"#proposte", "Proposta ritirata.")
}

// proposalsOpen reports whether registrants may add proposals now.
func (s *Server) proposalsOpen(until time.Time) bool { return !until.IsZero() && s.now().Before(until) }

// ---- the plan's participatory process

func (s *Server) planProcessSave(w http.ResponseWriter, r *http.Request) error {
	a := info(r).ambito
	id, err := pathID(r, "plid")
	if err != nil {
		return err
	}
	pl, err := s.store.Plan(r.Context(), a.ID, id)
	if err != nil {
		return err
	}
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	pr := pdz.Problems{}
	pid := formID(pr, f.Values, "process_id", "Percorso non valido.")
	if err = pr.Err(); err == nil {
		err = s.store.SetPlanProcess(r.Context(), actor(r), a.ID, pl.ID, pid)
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, "/admin/a/"+a.Slug+"/piani/"+strconv.FormatInt(pl.ID, 10), "Percorso partecipato del piano salvato.")
}
