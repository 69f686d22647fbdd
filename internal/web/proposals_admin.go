package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/pdz-ats/pdz/internal/locale"
	"github.com/pdz-ats/pdz/internal/pdz"
	"github.com/pdz-ats/pdz/internal/store"
)

// Proposals in the back office: the list with filters, proposals raised at
// a table, the evaluation on the three criteria with the answer drafted
// privately, the evaluators, merges and splits, withdrawal, soft deletion,
// and the publication of the answers together.

func proposalsURL(a *pdz.Ambito, p *pdz.Process) string { return processAdminURL(a, p) + "/proposte" }

// proposalFromForm reads the content fields of a proposal with a prefix.
func proposalFromForm(pr pdz.Problems, v url.Values, prefix string) pdz.Proposal {
	get := func(k string) string { return strings.TrimSpace(v.Get(prefix + k)) }
	x := pdz.Proposal{AreaID: formID(pr, v, prefix+"area", "Area tematica non valida."), Title: get("title"), Need: get("need"),
		Description: get("description"), Target: get("target"), Partners: get("partners"),
		Beneficiaries: formInt(pr, v, prefix+"beneficiaries", "Indica il numero stimato di destinatari come numero intero (es. 40).")}
	for _, c := range v[prefix+"comuni"] {
		if c = strings.TrimSpace(c); c != "" {
			x.Comuni = append(x.Comuni, c)
		}
	}
	if c := get("cost"); c != "" {
		cost, err := locale.ParseMoney(c)
		if err != nil || cost < 0 {
			pr.Add(prefix+"cost", "Indica il costo stimato in euro, es. 12.500,00.")
		}
		x.CostCents = cost
	}
	return x
}

func proposalValues(x *pdz.Proposal, prefix string) url.Values {
	v := url.Values{prefix + "area": {idValue(x.AreaID)}, prefix + "title": {x.Title}, prefix + "need": {x.Need}, prefix + "description": {x.Description},
		prefix + "target": {x.Target}, prefix + "partners": {x.Partners}}
	if x.Beneficiaries > 0 {
		v.Set(prefix+"beneficiaries", strconv.FormatInt(x.Beneficiaries, 10))
	}
	if x.CostCents > 0 {
		v.Set(prefix+"cost", locale.MoneyInput(x.CostCents))
	}
	for _, c := range x.Comuni {
		v.Add(prefix+"comuni", c)
	}
	return v
}

func (s *Server) comuniChoices(r *http.Request, a *pdz.Ambito) ([]Option, error) {
	cs, err := s.store.Comuni(r.Context(), a.ID)
	if err != nil {
		return nil, err
	}
	var out []Option
	for _, c := range cs {
		out = append(out, Option{c.Name, c.Name})
	}
	return out, nil
}

func statusOptions(all string) []Option {
	opts := []Option{{"", all}}
	for _, st := range pdz.ProposalStatuses {
		opts = append(opts, Option{string(st), st.Label()})
	}
	return opts
}

func (s *Server) proposalList(w http.ResponseWriter, r *http.Request) error {
	p, err := s.processOf(r)
	if err != nil {
		return err
	}
	return s.renderProposalList(w, r, http.StatusOK, &p, newForm(nil))
}

func (s *Server) renderProposalList(w http.ResponseWriter, r *http.Request, status int, p *pdz.Process, action *Form) error {
	a := info(r).ambito
	ctx := r.Context()
	q := r.URL.Query()
	f := newForm(q)
	pr := pdz.Problems{}
	filter := pdz.ProposalFilter{AreaID: formID(pr, q, "area", "Area tematica non valida."), Status: pdz.ProposalStatus(q.Get("stato")),
		Query: strings.TrimSpace(q.Get("q")), WithDeleted: q.Get("eliminate") == "1"}
	if q.Get("mie") == "1" {
		filter.EvaluatorID = info(r).user.ID
	}
	if filter.Status != "" && !filter.Status.Valid() {
		pr.Add("stato", "Stato non valido.")
	}
	for k, msg := range pr {
		f.Errors[k] = msg
	}
	var xs []pdz.Proposta
	if len(pr) == 0 {
		var err error
		if xs, err = s.store.Propostas(ctx, a.ID, p.ID, filter); err != nil {
			return err
		}
	}
	all, err := s.store.Propostas(ctx, a.ID, p.ID, pdz.ProposalFilter{})
	if err != nil {
		return err
	}
	until, err := s.store.ProposalsUntil(ctx, a.ID, p.ID)
	if err != nil {
		return err
	}
	if action.Get("until_date") == "" && action.Get("until_time") == "" && !until.IsZero() {
		action.Values.Set("until_date", dateOfValue(until))
		action.Values.Set("until_time", clockValue(until))
	}
	v := s.adminView(r, "Proposte")
	v["Process"], v["Proposals"], v["Counts"], v["Form"], v["Action"], v["Until"] = p, xs, store.CountPropostas(all), f, action, until
	v["AreaOptions"], v["StatusOptions"], v["Base"] = areaOptions(p, "Tutte le aree"), statusOptions("Tutti gli stati"), proposalsURL(a, p)
	v["PublicURL"] = processBase(a, p) + "/prospetto"
	v["Crumbs"] = tablesCrumbs(a, p, Crumb{"Proposte", ""})
	if len(pr) > 0 && status == http.StatusOK {
		status = http.StatusBadRequest
	}
	s.render(w, r, status, "admin/proposals", v)
	return nil
}

// registrationChoices lists the registrations of a process that hold, for
// choosing who presents a proposal or signs a pact.
func (s *Server) registrationChoices(r *http.Request, a *pdz.Ambito, p *pdz.Process, onlyOrgs bool) ([]Option, error) {
	regs, _, err := s.store.Registrations(r.Context(), a.ID, p.ID, pdz.RegistrationFilter{})
	if err != nil {
		return nil, err
	}
	opts := []Option{{"", choosePlaceholder}}
	for i := len(regs) - 1; i >= 0; i-- {
		reg := &regs[i]
		if !reg.Status.Holds() || reg.Erased() || (onlyOrgs && !reg.IsOrganisation()) {
			continue
		}
		opts = append(opts, Option{strconv.FormatInt(reg.ID, 10), reg.Protocol() + " – " + reg.Name})
	}
	return opts, nil
}

func (s *Server) renderProposalForm(w http.ResponseWriter, r *http.Request, status int, p *pdz.Process, x *pdz.Proposta, f *Form) error {
	a := info(r).ambito
	comuni, err := s.comuniChoices(r, a)
	if err != nil {
		return err
	}
	title, action, back := "Nuova proposta presentata al tavolo", proposalsURL(a, p), proposalsURL(a, p)
	crumbs := tablesCrumbs(a, p, Crumb{"Proposte", proposalsURL(a, p)}, Crumb{"Nuova", ""})
	v := s.adminView(r, title)
	if x.ID != 0 {
		title, action, back = "Modifica della proposta "+x.Number(), proposalAdminURL(a, p, x.ID)+"/modifica", proposalAdminURL(a, p, x.ID)
		crumbs = tablesCrumbs(a, p, Crumb{"Proposte", proposalsURL(a, p)}, Crumb{"Proposta " + x.Number(), back}, Crumb{"Modifica", ""})
		v = s.adminView(r, title)
	} else {
		regs, err := s.registrationChoices(r, a, p, false)
		if err != nil {
			return err
		}
		v["RegistrationOptions"], v["MeetingOptions"] = regs, meetingChoices(p, "– non indicato –")
	}
	v["Form"], v["Proposal"], v["Action"], v["Back"], v["Crumbs"] = f, x, action, back, crumbs
	v["AreaChoices"], v["ComuniOptions"], v["JoinURL"] = areaOptions(p, choosePlaceholder), comuni, registrationsURL(a, p)+"/nuova"
	s.render(w, r, status, "admin/proposal_form", v)
	return nil
}

func (s *Server) proposalNew(w http.ResponseWriter, r *http.Request) error {
	p, err := s.processOf(r)
	if err != nil {
		return err
	}
	return s.renderProposalForm(w, r, http.StatusOK, &p, &pdz.Proposta{}, newForm(nil))
}

func (s *Server) proposalCreate(w http.ResponseWriter, r *http.Request) error {
	p, err := s.processOf(r)
	if err != nil {
		return err
	}
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	pr := pdz.Problems{}
	x := pdz.Proposta{ProcessID: p.ID, Proposal: proposalFromForm(pr, f.Values, "")}
	x.RegistrationID = formID(pr, f.Values, "registration_id", "Scegli chi presenta la proposta.")
	x.MeetingID = formID(pr, f.Values, "meeting_id", "Incontro non valido.")
	if x.RegistrationID == 0 {
		pr.Add("registration_id", "Scegli chi presenta la proposta tra gli iscritti al percorso.")
	}
	if len(pr) > 0 {
		err = mergeProblems(pr, x.ValidateContent(&p))
	} else {
		err = s.store.CreateTableProposal(r.Context(), actor(r), info(r).ambito.ID, &x)
	}
	if err != nil {
		s.formFailed(r, f, err)
		return s.renderProposalForm(w, r, statusOf(pdz.ErrorCode(err)), &p, &pdz.Proposta{}, f)
	}
	return s.redirect(w, r, proposalAdminURL(info(r).ambito, &p, x.ID), "Proposta "+x.Number()+" registrata.")
}

// propostaOf loads the process and its proposal {prid}.
func (s *Server) propostaOf(r *http.Request) (pdz.Process, pdz.Proposta, error) {
	p, err := s.processOf(r)
	if err != nil {
		return p, pdz.Proposta{}, err
	}
	id, err := pathID(r, "prid")
	if err != nil {
		return p, pdz.Proposta{}, err
	}
	x, err := s.store.Proposta(r.Context(), info(r).ambito.ID, p.ID, id)
	return p, x, err
}

func draftValues(x *pdz.Proposta) url.Values {
	d := x.Draft
	c := d.Criteria
	return url.Values{"version": {strconv.Itoa(x.Version)}, "draft_status": {string(d.Status)}, "draft_answer": {d.Answer},
		"crit_needs": {string(c.Needs)}, "crit_needs_note": {c.NeedsNote}, "crit_objectives": {string(c.Objectives)},
		"crit_objectives_note": {c.ObjectivesNote}, "crit_resources": {string(c.Resources)}, "crit_resources_note": {c.ResourcesNote}}
}

func (s *Server) proposalShow(w http.ResponseWriter, r *http.Request) error {
	p, x, err := s.propostaOf(r)
	if err != nil {
		return err
	}
	return s.renderProposal(w, r, http.StatusOK, &p, &x, newForm(draftValues(&x)), newForm(nil), nil)
}

// renderProposal shows a proposal in the back office: eval is the
// evaluation form, other the form of another action (evaluators,
// withdrawal, deletion); stale, when set, is the current version after a
// refused save.
func (s *Server) renderProposal(w http.ResponseWriter, r *http.Request, status int, p *pdz.Process, x *pdz.Proposta, eval, other *Form, stale *pdz.Proposta) error {
	a := info(r).ambito
	ctx := r.Context()
	hist, err := s.store.ProposalHistory(ctx, a.ID, x.ID, false)
	if err != nil {
		return err
	}
	answers, err := s.store.ProposalAnswers(ctx, a.ID, x.ID)
	if err != nil {
		return err
	}
	staff, err := s.store.AmbitoUsers(ctx, a.ID)
	if err != nil {
		return err
	}
	var staffOpts []Option
	for _, u := range staff {
		staffOpts = append(staffOpts, Option{strconv.FormatInt(u.ID, 10), u.Name + " (" + u.Email + ")"})
	}
	if other.Values.Get("evaluators") == "" && len(other.Errors) == 0 {
		for _, e := range x.Evaluators {
			other.Values.Add("evaluators", strconv.FormatInt(e.UserID, 10))
		}
	}
	verdicts := []Option{{"", "Non espresso"}}
	for _, vd := range pdz.Verdicts {
		verdicts = append(verdicts, Option{string(vd), vd.Label()})
	}
	outcomes := []Option{{"", "Da decidere"}}
	for _, st := range pdz.AnswerStatuses {
		outcomes = append(outcomes, Option{string(st), st.Label()})
	}
	base := proposalAdminURL(a, p, x.ID)
	v := s.adminView(r, "Proposta "+x.Number())
	v["Process"], v["Proposal"], v["History"], v["Answers"], v["Form"], v["Other"], v["Stale"] = p, x, hist, answers, eval, other, stale
	v["StaffOptions"], v["VerdictOptions"], v["OutcomeOptions"], v["Base"], v["ListURL"] = staffOpts, verdicts, outcomes, base, proposalsURL(a, p)
	v["PublicURL"], v["RegistrationsURL"] = proposalPublicURL(a, p, x.ID), registrationsURL(a, p)
	v["Crumbs"] = tablesCrumbs(a, p, Crumb{"Proposte", proposalsURL(a, p)}, Crumb{"Proposta " + x.Number(), ""})
	s.render(w, r, status, "admin/proposal", v)
	return nil
}

func (s *Server) proposalEvaluate(w http.ResponseWriter, r *http.Request) error {
	p, x, err := s.propostaOf(r)
	if err != nil {
		return err
	}
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	version, verr := strconv.Atoi(f.Get("version"))
	d := pdz.Draft{Status: pdz.ProposalStatus(f.Get("draft_status")), Answer: f.Get("draft_answer"), Criteria: pdz.Criteria{
		Needs: pdz.Verdict(f.Get("crit_needs")), NeedsNote: f.Get("crit_needs_note"), Objectives: pdz.Verdict(f.Get("crit_objectives")),
		ObjectivesNote: f.Get("crit_objectives_note"), Resources: pdz.Verdict(f.Get("crit_resources")), ResourcesNote: f.Get("crit_resources_note")}}
	if verr != nil {
		err = pdz.Errorf(pdz.EINVALID, "Il modulo non indica la versione della proposta: ricarica la pagina.")
	} else {
		err = s.store.SaveEvaluation(r.Context(), actor(r), info(r).ambito.ID, p.ID, x.ID, version, d)
	}
	if err != nil {
		s.formFailed(r, f, err)
		var stale *pdz.Proposta
		if pdz.ErrorCode(err) == pdz.ECONFLICT && x.Version != version {
			// What is saved now, beside what this person typed; the form now
			// refers to the current version, so saving again is deliberate.
			stale = &x
			f.Values.Set("version", strconv.Itoa(x.Version))
		}
		return s.renderProposal(w, r, statusOf(pdz.ErrorCode(err)), &p, &x, f, newForm(nil), stale)
	}
	msg := "Valutazione salvata."
	if d.Ready() {
		msg += " La risposta sarà pubblica con la prossima pubblicazione delle risposte."
	}
	return s.redirect(w, r, proposalAdminURL(info(r).ambito, &p, x.ID)+"#valutazione", msg)
}

// proposalAction runs an action of the proposal's page with the form
// submitted: on error the page shows it beside what was typed, otherwise
// it redirects to the page (at anchor) with msg.
func (s *Server) proposalAction(w http.ResponseWriter, r *http.Request, anchor, msg string, do func(p *pdz.Process, x *pdz.Proposta, f *Form) error) error {
	p, x, err := s.propostaOf(r)
	if err != nil {
		return err
	}
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	if err = do(&p, &x, f); err != nil {
		s.formFailed(r, f, err)
		return s.renderProposal(w, r, statusOf(pdz.ErrorCode(err)), &p, &x, newForm(draftValues(&x)), f, nil)
	}
	return s.redirect(w, r, proposalAdminURL(info(r).ambito, &p, x.ID)+anchor, msg)
}

func (s *Server) proposalEvaluators(w http.ResponseWriter, r *http.Request) error {
	return s.proposalAction(w, r, "#valutatori", "Valutatori assegnati.", func(p *pdz.Process, x *pdz.Proposta, f *Form) error {
		pr := pdz.Problems{}
		ids := formIDs(pr, f.Values, "evaluators", "Valutatore non valido.")
		if err := pr.Err(); err != nil {
			return err
		}
		return s.store.AssignEvaluators(r.Context(), actor(r), info(r).ambito.ID, p.ID, x.ID, ids)
	})
}

func (s *Server) proposalWithdraw(w http.ResponseWriter, r *http.Request) error {
	return s.proposalAction(w, r, "", "Proposta ritirata: la risposta è pubblicata e i proponenti ne ricevono notizia.", func(p *pdz.Process, x *pdz.Proposta, f *Form) error {
		a := info(r).ambito
		if err := s.store.WithdrawProposal(r.Context(), actor(r), a.ID, p.ID, x.ID, 0, f.Get("withdraw_reason"), s.answerMail(a, p)); err != nil {
			return err
		}
		s.mailQueued()
		return nil
	})
}

func (s *Server) proposalDelete(w http.ResponseWriter, r *http.Request) error {
	return s.proposalAction(w, r, "", "Proposta eliminata: resta agli atti con il motivo.", func(p *pdz.Process, x *pdz.Proposta, f *Form) error {
		return s.store.DeleteProposal(r.Context(), actor(r), info(r).ambito.ID, p.ID, x.ID, f.Get("reason"))
	})
}

func (s *Server) proposalRestore(w http.ResponseWriter, r *http.Request) error {
	return s.proposalAction(w, r, "", "Proposta ripristinata.", func(p *pdz.Process, x *pdz.Proposta, _ *Form) error {
		return s.store.RestoreProposal(r.Context(), actor(r), info(r).ambito.ID, p.ID, x.ID)
	})
}

func (s *Server) proposalEdit(w http.ResponseWriter, r *http.Request) error {
	p, x, err := s.propostaOf(r)
	if err != nil {
		return err
	}
	v := proposalValues(&x.Proposal, "")
	v.Set("version", strconv.Itoa(x.Version))
	return s.renderProposalForm(w, r, http.StatusOK, &p, &x, newForm(v))
}

func (s *Server) proposalUpdate(w http.ResponseWriter, r *http.Request) error {
	p, x, err := s.propostaOf(r)
	if err != nil {
		return err
	}
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	pr := pdz.Problems{}
	y := x
	y.Proposal = proposalFromForm(pr, f.Values, "")
	y.ID = x.ID
	version, verr := strconv.Atoi(f.Get("version"))
	if verr != nil {
		pr.Add("version", "Versione mancante: ricarica la pagina.")
	}
	if len(pr) > 0 {
		err = mergeProblems(pr, y.ValidateContent(&p))
	} else {
		err = s.store.UpdateProposalContent(r.Context(), actor(r), info(r).ambito.ID, &y, version)
	}
	if err != nil {
		s.formFailed(r, f, err)
		f.Values.Set("version", strconv.Itoa(x.Version))
		return s.renderProposalForm(w, r, statusOf(pdz.ErrorCode(err)), &p, &x, f)
	}
	return s.redirect(w, r, proposalAdminURL(info(r).ambito, &p, x.ID), "Proposta modificata.")
}

// ---- merge and split

func (s *Server) proposalMergeForm(w http.ResponseWriter, r *http.Request) error {
	p, err := s.processOf(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	f := newForm(url.Values{"ids": q["id"]})
	a := info(r).ambito
	// Prefill the new proposal with the first chosen one.
	for _, sid := range q["id"] {
		id, _ := strconv.ParseInt(sid, 10, 64)
		if x, err := s.store.Proposta(r.Context(), a.ID, p.ID, id); err == nil {
			for k, vs := range proposalValues(&x.Proposal, "") {
				f.Values[k] = vs
			}
			break
		}
	}
	return s.renderMergeForm(w, r, http.StatusOK, &p, f)
}

func (s *Server) renderMergeForm(w http.ResponseWriter, r *http.Request, status int, p *pdz.Process, f *Form) error {
	a := info(r).ambito
	xs, err := s.store.Propostas(r.Context(), a.ID, p.ID, pdz.ProposalFilter{})
	if err != nil {
		return err
	}
	var opts []Option
	for _, x := range xs {
		if x.Changeable() {
			opts = append(opts, Option{strconv.FormatInt(x.ID, 10), x.Number() + " – " + x.Title + " (" + staffAuthorsText(&x) + "; " + x.AreaName + ")"})
		}
	}
	comuni, err := s.comuniChoices(r, a)
	if err != nil {
		return err
	}
	v := s.adminView(r, "Accorpamento di proposte")
	v["Form"], v["Options"], v["AreaChoices"], v["ComuniOptions"], v["Action"], v["Back"] = f, opts, areaOptions(p, choosePlaceholder), comuni,
		proposalsURL(a, p)+"/accorpa", proposalsURL(a, p)
	v["Crumbs"] = tablesCrumbs(a, p, Crumb{"Proposte", proposalsURL(a, p)}, Crumb{"Accorpamento", ""})
	s.render(w, r, status, "admin/proposal_merge", v)
	return nil
}

func (s *Server) proposalMerge(w http.ResponseWriter, r *http.Request) error {
	p, err := s.processOf(r)
	if err != nil {
		return err
	}
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	pr := pdz.Problems{}
	ids := formIDs(pr, f.Values, "ids", "Proposta non valida.")
	if len(ids) < 2 {
		pr.Add("ids", "Scegli almeno due proposte da accorpare.")
	}
	content := proposalFromForm(pr, f.Values, "")
	var id int64
	if len(pr) > 0 {
		err = mergeProblems(pr, content.ValidateContent(&p))
	} else {
		id, err = s.store.MergeProposals(r.Context(), actor(r), info(r).ambito.ID, p.ID, ids, content)
	}
	if err != nil {
		s.formFailed(r, f, err)
		return s.renderMergeForm(w, r, statusOf(pdz.ErrorCode(err)), &p, f)
	}
	return s.redirect(w, r, proposalAdminURL(info(r).ambito, &p, id), "Proposte accorpate nella n. "+strconv.FormatInt(id, 10)+", che ne raccoglie gli autori.")
}

// splitParts is how many parts the split form offers.
const splitParts = 3

func (s *Server) proposalSplitForm(w http.ResponseWriter, r *http.Request) error {
	p, x, err := s.propostaOf(r)
	if err != nil {
		return err
	}
	v := url.Values{}
	for i := 1; i <= 2; i++ {
		for k, vs := range proposalValues(&x.Proposal, "part"+strconv.Itoa(i)+"_") {
			v[k] = vs
		}
	}
	return s.renderSplitForm(w, r, http.StatusOK, &p, &x, newForm(v))
}

func (s *Server) renderSplitForm(w http.ResponseWriter, r *http.Request, status int, p *pdz.Process, x *pdz.Proposta, f *Form) error {
	a := info(r).ambito
	comuni, err := s.comuniChoices(r, a)
	if err != nil {
		return err
	}
	var parts []string
	for i := 1; i <= splitParts; i++ {
		parts = append(parts, "part"+strconv.Itoa(i)+"_")
	}
	v := s.adminView(r, "Scomposizione della proposta "+x.Number())
	v["Form"], v["Proposal"], v["Parts"], v["AreaChoices"], v["ComuniOptions"] = f, x, parts, areaOptions(p, choosePlaceholder), comuni
	v["Action"], v["Back"] = proposalAdminURL(a, p, x.ID)+"/scomponi", proposalAdminURL(a, p, x.ID)
	v["Crumbs"] = tablesCrumbs(a, p, Crumb{"Proposte", proposalsURL(a, p)}, Crumb{"Proposta " + x.Number(), proposalAdminURL(a, p, x.ID)}, Crumb{"Scomposizione", ""})
	s.render(w, r, status, "admin/proposal_split", v)
	return nil
}

func (s *Server) proposalSplit(w http.ResponseWriter, r *http.Request) error {
	p, x, err := s.propostaOf(r)
	if err != nil {
		return err
	}
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	pr := pdz.Problems{}
	var parts []pdz.Proposal
	firstEmpty := ""
	for i := 1; i <= splitParts; i++ {
		prefix := "part" + strconv.Itoa(i) + "_"
		if strings.TrimSpace(f.Get(prefix+"title")+f.Get(prefix+"description")+f.Get(prefix+"need")) == "" {
			if firstEmpty == "" {
				firstEmpty = prefix
			}
			continue // an empty part is not a part
		}
		parts = append(parts, proposalFromForm(pr, f.Values, prefix))
	}
	if len(parts) < 2 { // the message goes beside the first part left empty
		pr.Add(firstEmpty+"title", "Per scomporre la proposta servono almeno due parti: compila anche questa.")
	}
	var ids []int64
	if len(pr) > 0 {
		err = pr.Err()
	} else {
		ids, err = s.store.SplitProposal(r.Context(), actor(r), info(r).ambito.ID, p.ID, x.ID, parts)
	}
	if err != nil {
		s.formFailed(r, f, err)
		return s.renderSplitForm(w, r, statusOf(pdz.ErrorCode(err)), &p, &x, f)
	}
	var nums []string
	for _, id := range ids {
		nums = append(nums, "n. "+strconv.FormatInt(id, 10))
	}
	return s.redirect(w, r, proposalAdminURL(info(r).ambito, &p, x.ID), "Proposta scomposta nelle "+strings.Join(nums, ", ")+", con gli stessi autori.")
}

// ---- publication of the answers, and the personal-link window

func (s *Server) proposalPublishAnswers(w http.ResponseWriter, r *http.Request) error {
	p, err := s.processOf(r)
	if err != nil {
		return err
	}
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	a := info(r).ambito
	pr := pdz.Problems{}
	area := formID(pr, f.Values, "publish_area", "Area non valida.")
	if area != 0 && p.Area(area) == nil {
		pr.Add("publish_area", "Area non valida.")
	}
	n := 0
	if err = pr.Err(); err == nil {
		n, err = s.store.PublishAnswers(r.Context(), actor(r), a.ID, p.ID, area, s.answerMail(a, &p))
	}
	if err != nil {
		s.formFailed(r, f, err)
		return s.renderProposalList(w, r, statusOf(pdz.ErrorCode(err)), &p, f)
	}
	s.mailQueued()
	msg := "Nessuna risposta da pubblicare: le risposte pronte sono quelle con un esito e il testo scritto, diverse da quelle già pubblicate."
	if n > 0 {
		msg = locale.Count(n, "risposta pubblicata", "risposte pubblicate") + "; i proponenti ne ricevono notizia per e-mail."
	}
	return s.redirect(w, r, proposalsURL(a, &p), msg)
}

func (s *Server) proposalDeadline(w http.ResponseWriter, r *http.Request) error {
	p, err := s.processOf(r)
	if err != nil {
		return err
	}
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	pr := pdz.Problems{}
	until := formDateTime(pr, "until_date", "until_time", f)
	if err = pr.Err(); err == nil {
		err = s.store.SetProposalsUntil(r.Context(), actor(r), info(r).ambito.ID, p.ID, until)
	}
	if err != nil {
		s.formFailed(r, f, err)
		return s.renderProposalList(w, r, statusOf(pdz.ErrorCode(err)), &p, f)
	}
	msg := "Le proposte con il link personale non sono aperte."
	if !until.IsZero() {
		msg = "Proposte con il link personale aperte fino al " + locale.DateTime(until) + "."
	}
	return s.redirect(w, r, proposalsURL(info(r).ambito, &p), msg)
}
