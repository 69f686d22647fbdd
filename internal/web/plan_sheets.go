package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/pdz-ats/pdz/internal/locale"
	"github.com/pdz-ats/pdz/internal/pdz"
)

// The sheet form: one page with every field of seed 003's sheet; the
// objectives and the amounts per year and source are repeated rows (a few
// empty ones are added, so the form works without script). The services of
// a sheet have their own small form.

func sheetURL(a *pdz.Ambito, p *pdz.Plan, sh *pdz.Sheet) string {
	return planAdminURL(a, p) + "/schede/" + strconv.FormatInt(sh.ID, 10)
}

func (s *Server) sheetOf(r *http.Request) (pdz.Plan, *pdz.Sheet, error) {
	p, err := s.planOf(r)
	if err != nil {
		return p, nil, err
	}
	id, err := pathID(r, "schid")
	if err != nil {
		return p, nil, err
	}
	sh := p.Sheet(id)
	if sh == nil {
		return p, nil, pdz.Errorf(pdz.ENOTFOUND, "Scheda non trovata.")
	}
	return p, sh, nil
}

func moneyValue(o pdz.OptInt) string {
	if !o.Set {
		return ""
	}
	return pdz.MoneyValue(o.V)
}

func objectiveValue(o pdz.SheetObjective) string {
	if o.Other() {
		return "altro"
	}
	return o.Area + "|" + o.Letter
}

func sheetValues(sh *pdz.Sheet) url.Values {
	v := url.Values{"code": {sh.Code}, "title": {sh.Title}, "position": {positionValue(sh.Position)}, "results": {sh.Results},
		"scope_other": {sh.ScopeOther}, "mgmt_other": {sh.MgmtOther}, "macro": {sh.Macro}, "intervention": {sh.Intervention},
		"declared_total": {moneyValue(sh.DeclaredTotal)}, "notes": {sh.Notes}}
	v["levels"], v["areas"] = sh.Levels, sh.Areas
	for _, x := range []struct {
		on  bool
		key string
	}{{sh.ScopeAmbito, "ambito"}, {sh.ScopeComuni, "comuni"}, {sh.ScopeDistretto, "distretto"}} {
		if x.on {
			v.Add("scope", x.key)
		}
	}
	if sh.MgmtDirect {
		v.Add("mgmt", "diretta")
	}
	if sh.MgmtOutsourced {
		v.Add("mgmt", "affidamento")
	}
	for _, id := range sh.ProposalIDs {
		v.Add("proposals", strconv.FormatInt(id, 10))
	}
	for _, id := range sh.NeedIDs {
		v.Add("needs", strconv.FormatInt(id, 10))
	}
	for i, o := range sh.Objectives {
		n := strconv.Itoa(i + 1)
		v.Set("obj_"+n, objectiveValue(o))
		v.Set("obj_quoted_"+n, o.Quoted)
	}
	for _, y := range sh.Years {
		p := "y" + strconv.Itoa(y.Year)
		if y.Selected {
			v.Set(p+"_sel", "1")
		}
		v.Set(p+"_tot", moneyValue(y.DeclaredTotal))
		for k, l := range y.Lines {
			n := strconv.Itoa(k + 1)
			v.Set(p+"_src_"+n, idValue(l.SourceID))
			v.Set(p+"_amt_"+n, moneyValue(l.Amount))
		}
	}
	return v
}

// rowsIn counts the repeated rows a form carries: the highest index of
// fields named prefix+N, plus spare empty rows.
func rowsIn(v url.Values, prefix string, spare, least int) []int {
	top := 0
	for k := range v {
		if n, err := strconv.Atoi(strings.TrimPrefix(k, prefix)); err == nil && strings.HasPrefix(k, prefix) && n > top {
			top = n
		}
	}
	total := max(top+spare, least)
	out := make([]int, total)
	for i := range out {
		out[i] = i + 1
	}
	return out
}

func formMoney(p pdz.Problems, v url.Values, name string) pdz.OptInt {
	s := strings.TrimSpace(v.Get(name))
	if s == "" {
		return pdz.OptInt{}
	}
	c, err := pdz.ParseMoney(s)
	if errors.Is(err, pdz.ErrMoneyTooLarge) {
		p.Add(name, pdz.MoneyTooLargeMessage)
		return pdz.OptInt{}
	}
	if err != nil {
		p.Add(name, "Importo non valido: scrivilo in euro, con la virgola per i centesimi (es. 818.650,49).")
		return pdz.OptInt{}
	}
	return pdz.Some(c)
}

func sheetFromForm(f *Form, p *pdz.Plan, sh *pdz.Sheet) pdz.Problems {
	pr := pdz.Problems{}
	v := f.Values
	sh.Code, sh.Title, sh.Position = strings.TrimSpace(v.Get("code")), v.Get("title"), position(pr, v)
	sh.Levels, sh.Areas = v["levels"], v["areas"]
	sh.Results, sh.Notes = strings.TrimSpace(v.Get("results")), strings.TrimSpace(v.Get("notes"))
	sh.ScopeAmbito, sh.ScopeComuni, sh.ScopeDistretto = f.Has("scope", "ambito"), f.Has("scope", "comuni"), f.Has("scope", "distretto")
	sh.ScopeOther, sh.MgmtOther = strings.TrimSpace(v.Get("scope_other")), strings.TrimSpace(v.Get("mgmt_other"))
	sh.MgmtDirect, sh.MgmtOutsourced = f.Has("mgmt", "diretta"), f.Has("mgmt", "affidamento")
	sh.Macro, sh.Intervention = v.Get("macro"), pdz.NormalizeIntervention(v.Get("intervention"))
	sh.DeclaredTotal = formMoney(pr, v, "declared_total")
	sh.ProposalIDs = formIDs(pr, v, "proposals", "Proposta non valida.")
	sh.NeedIDs = formIDs(pr, v, "needs", "Bisogno non valido.")
	sh.Objectives = nil
	for _, i := range rowsIn(v, "obj_", 0, 0) {
		n := strconv.Itoa(i)
		choice, quoted := v.Get("obj_"+n), strings.TrimSpace(v.Get("obj_quoted_"+n))
		switch {
		case choice == "" && quoted == "":
		case choice == "":
			pr.Add("obj_"+n, "Scegli l'obiettivo a cui si riferisce il titolo citato (o «Altro»).")
		case choice == "altro":
			sh.Objectives = append(sh.Objectives, pdz.SheetObjective{Quoted: quoted})
		default:
			area, letter, ok := strings.Cut(choice, "|")
			if !ok {
				pr.Add("obj_"+n, "Obiettivo non valido.")
				continue
			}
			sh.Objectives = append(sh.Objectives, pdz.SheetObjective{Area: area, Letter: letter, Quoted: quoted})
		}
	}
	sh.Years = nil
	for _, y := range p.Years {
		pre := "y" + strconv.Itoa(y)
		sy := pdz.SheetYear{Year: y, Selected: v.Get(pre+"_sel") == "1", DeclaredTotal: formMoney(pr, v, pre+"_tot")}
		for _, k := range rowsIn(v, pre+"_src_", 0, 0) {
			n := strconv.Itoa(k)
			src := formID(pr, v, pre+"_src_"+n, "Fonte di finanziamento non valida.")
			amtText := strings.TrimSpace(v.Get(pre + "_amt_" + n))
			if src == 0 && amtText == "" {
				continue
			}
			sy.Lines = append(sy.Lines, pdz.SheetAmount{SourceID: src, Amount: formMoney(pr, v, pre+"_amt_"+n)})
		}
		if sy.Selected || sy.DeclaredTotal.Set || len(sy.Lines) > 0 {
			sh.Years = append(sh.Years, sy)
		}
	}
	return pr
}

// yearRows describes the amount rows of a year in the form.
type yearRows struct {
	Year int
	Key  string // "y2022"
	Rows []int
}

func (s *Server) renderSheetForm(w http.ResponseWriter, r *http.Request, status int, p *pdz.Plan, sh *pdz.Sheet, f *Form) error {
	a := info(r).ambito
	title := "Nuova scheda di progettazione"
	action := planAdminURL(a, p) + "/schede"
	if sh.ID != 0 {
		title = "Scheda " + sh.Code + " – " + sh.Title
		action = sheetURL(a, p, sh)
	}
	v := s.planView(r, p, title, Crumb{"Scheda " + sh.Code, ""})
	if sh.ID == 0 {
		v = s.planView(r, p, title, Crumb{title, ""})
	}
	fw := p.Framework
	var levels, areas, macros, interventions, sources []Option
	for _, l := range fw.Levels {
		levels = append(levels, Option{l.Code, l.Title})
	}
	for _, ar := range fw.Areas {
		areas = append(areas, Option{ar.Code, ar.Code + ". " + ar.Title})
	}
	objectives := []Option{{"", "– nessun obiettivo –"}}
	for _, ar := range fw.Areas {
		for _, o := range ar.Objectives {
			objectives = append(objectives, Option{ar.Code + "|" + o.Code, "Area " + ar.Code + ", obiettivo " + o.Code + " – " + o.Title})
		}
	}
	objectives = append(objectives, Option{"altro", "Altro: obiettivo non previsto dal quadro regionale"})
	macros = []Option{{"", "– non indicata –"}}
	interventions = []Option{{"", "– non indicato –"}}
	for _, m := range fw.Macros {
		macros = append(macros, Option{m.Code, m.Code + " – " + m.Title})
		for _, it := range m.Interventions {
			interventions = append(interventions, Option{it.Code, it.Code + " – " + it.Title})
		}
	}
	macros = append(macros, Option{pdz.MacroOther, "Altro"})
	sources = []Option{{"", "– nessuna fonte –"}}
	for _, src := range p.Sources {
		sources = append(sources, Option{strconv.FormatInt(src.ID, 10), src.Code + " – " + src.Name})
	}
	var years []yearRows
	for _, y := range p.Years {
		key := "y" + strconv.Itoa(y)
		years = append(years, yearRows{Year: y, Key: key, Rows: rowsIn(f.Values, key+"_src_", 2, 3)})
	}
	v["Form"], v["Sheet"], v["Action"], v["Back"] = f, sh, action, planAdminURL(a, p)+"#schede"
	v["LevelOptions"], v["AreaOptions"], v["ObjectiveOptions"] = levels, areas, objectives
	v["MacroOptions"], v["InterventionOptions"], v["SourceOptions"] = macros, interventions, sources
	v["ScopeOptions"] = []Option{{"ambito", "Ambito"}, {"comuni", "Singoli Comuni"}, {"distretto", "Distretto Socio-Sanitario"}}
	v["MgmtOptions"] = []Option{{"diretta", "Diretta – in economia"}, {"affidamento", "Affidamento a terzi"}}
	v["ObjRows"], v["Years"] = rowsIn(f.Values, "obj_", 2, 3), years
	if sh.ID != 0 {
		v["Findings"] = p.SheetFindings(sh)
	}
	// Traceability (issue 4): the proposals and needs of the plan's process.
	if p.ProcessID != 0 {
		props, err := s.store.Propostas(r.Context(), a.ID, p.ProcessID, pdz.ProposalFilter{})
		if err != nil {
			return err
		}
		var po []Option
		for _, x := range props {
			if x.Live() || f.Has("proposals", strconv.FormatInt(x.ID, 10)) {
				po = append(po, Option{strconv.FormatInt(x.ID, 10), x.Number() + " – " + x.Title + " (" + x.AreaName + "; " + strings.ToLower(x.Status.Label()) + ")"})
			}
		}
		needs, err := s.store.ProcessNeeds(r.Context(), a.ID, p.ProcessID, false)
		if err != nil {
			return err
		}
		var no []Option
		for _, n := range needs {
			no = append(no, Option{strconv.FormatInt(n.ID, 10), n.Label() + " (" + n.AreaName + ")"})
		}
		v["ProposalOptions"], v["NeedOptions"], v["Traceable"] = po, no, true
	}
	s.render(w, r, status, "admin/sheet_form", v)
	return nil
}

func (s *Server) sheetNew(w http.ResponseWriter, r *http.Request) error {
	p, err := s.planOf(r)
	if err != nil {
		return err
	}
	vals := url.Values{}
	for _, y := range p.Years {
		vals.Set("y"+strconv.Itoa(y)+"_sel", "1")
	}
	return s.renderSheetForm(w, r, http.StatusOK, &p, &pdz.Sheet{}, newForm(vals))
}

func (s *Server) sheetCreate(w http.ResponseWriter, r *http.Request) error {
	p, err := s.planOf(r)
	if err != nil {
		return err
	}
	return s.sheetSubmit(w, r, &p, &pdz.Sheet{})
}

func (s *Server) sheetEdit(w http.ResponseWriter, r *http.Request) error {
	p, sh, err := s.sheetOf(r)
	if err != nil {
		return err
	}
	return s.renderSheetForm(w, r, http.StatusOK, &p, sh, newForm(sheetValues(sh)))
}

func (s *Server) sheetUpdate(w http.ResponseWriter, r *http.Request) error {
	p, sh, err := s.sheetOf(r)
	if err != nil {
		return err
	}
	return s.sheetSubmit(w, r, &p, sh)
}

func (s *Server) sheetSubmit(w http.ResponseWriter, r *http.Request, p *pdz.Plan, orig *pdz.Sheet) error {
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	sh := pdz.Sheet{ID: orig.ID, PlanID: p.ID, Services: orig.Services}
	pr := sheetFromForm(f, p, &sh)
	check := func() error { return p.CheckSheet(&sh) }
	err = finish(pr, check, func() error {
		sh.Services = nil
		return s.store.SaveSheet(r.Context(), actor(r), p.AmbitoID, &sh)
	})
	if err != nil {
		s.formFailed(r, f, err)
		return s.renderSheetForm(w, r, statusOf(pdz.ErrorCode(err)), p, orig, f)
	}
	a := info(r).ambito
	saved, err := s.store.Plan(r.Context(), a.ID, p.ID)
	if err != nil {
		return err
	}
	msg := "Scheda salvata."
	if x := saved.Sheet(sh.ID); x != nil {
		fs := saved.SheetFindings(x)
		if n := pdz.CountFindings(fs, pdz.FindingMissing); n > 0 {
			msg += " " + locale.Plural(n, "Manca ancora ", "Mancano ancora ") + locale.Count(n, "informazione", "informazioni") + locale.Plural(n, ": è indicata", ": sono elencate") + " in cima alla scheda."
		}
		if n := pdz.CountFindings(fs, pdz.FindingInconsistent); n > 0 {
			msg += " " + locale.Plural(n, "C'è ", "Ci sono ") + locale.Count(n, "incongruenza", "incongruenze") + " da verificare."
		}
	}
	return s.redirect(w, r, sheetURL(a, p, &sh), msg)
}

func (s *Server) sheetDelete(w http.ResponseWriter, r *http.Request) error {
	p, sh, err := s.sheetOf(r)
	if err != nil {
		return err
	}
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	if err := confirmed(f); err != nil {
		form := newForm(sheetValues(sh))
		s.formFailed(r, form, err)
		return s.renderSheetForm(w, r, http.StatusBadRequest, &p, sh, form)
	}
	if err := s.store.DeleteSheet(r.Context(), actor(r), p.AmbitoID, p.ID, sh.ID); err != nil {
		return err
	}
	return s.redirect(w, r, planAdminURL(info(r).ambito, &p)+"#schede", "Scheda eliminata.")
}

// ---- services of a sheet

func serviceValues(x *pdz.SheetService) url.Values {
	return url.Values{"name": {x.Name}, "articles": {strings.Join(x.Articles, ", ")}, "other_ref": {x.OtherRef}, "users": {x.Users},
		"users_count": {optValue(x.UsersCount)}, "documents": {x.Documents}, "operators": {x.Operators}, "actions": {x.Actions},
		"position": {positionValue(x.Position)}}
}

func (s *Server) serviceOf(r *http.Request) (pdz.Plan, *pdz.Sheet, *pdz.SheetService, error) {
	p, sh, err := s.sheetOf(r)
	if err != nil {
		return p, sh, nil, err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return p, sh, nil, err
	}
	x := sh.Service(id)
	if x == nil {
		return p, sh, nil, pdz.Errorf(pdz.ENOTFOUND, "Servizio della scheda non trovato.")
	}
	return p, sh, x, nil
}

func (s *Server) renderServiceForm(w http.ResponseWriter, r *http.Request, status int, p *pdz.Plan, sh *pdz.Sheet, id int64, f *Form) error {
	a := info(r).ambito
	title := "Nuovo servizio della scheda " + sh.Code
	action := sheetURL(a, p, sh) + "/servizi"
	if id != 0 {
		title = "Servizio della scheda " + sh.Code
		action += "/" + strconv.FormatInt(id, 10)
	}
	v := s.planView(r, p, title, Crumb{"Scheda " + sh.Code, sheetURL(a, p, sh)}, Crumb{title, ""})
	v["Form"], v["Sheet"], v["PartID"], v["Action"], v["Back"] = f, sh, id, action, sheetURL(a, p, sh)+"#servizi"
	s.render(w, r, status, "admin/sheet_service_form", v)
	return nil
}

func (s *Server) serviceNew(w http.ResponseWriter, r *http.Request) error {
	p, sh, err := s.sheetOf(r)
	if err != nil {
		return err
	}
	return s.renderServiceForm(w, r, http.StatusOK, &p, sh, 0, newForm(nil))
}

func (s *Server) serviceEdit(w http.ResponseWriter, r *http.Request) error {
	p, sh, x, err := s.serviceOf(r)
	if err != nil {
		return err
	}
	return s.renderServiceForm(w, r, http.StatusOK, &p, sh, x.ID, newForm(serviceValues(x)))
}

func (s *Server) serviceCreate(w http.ResponseWriter, r *http.Request) error {
	p, sh, err := s.sheetOf(r)
	if err != nil {
		return err
	}
	return s.serviceSubmit(w, r, &p, sh, 0)
}

func (s *Server) serviceUpdate(w http.ResponseWriter, r *http.Request) error {
	p, sh, x, err := s.serviceOf(r)
	if err != nil {
		return err
	}
	return s.serviceSubmit(w, r, &p, sh, x.ID)
}

func (s *Server) serviceSubmit(w http.ResponseWriter, r *http.Request, p *pdz.Plan, sh *pdz.Sheet, id int64) error {
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	pr := pdz.Problems{}
	v := f.Values
	x := pdz.SheetService{ID: id, SheetID: sh.ID, Position: position(pr, v), Name: v.Get("name"), Articles: pdz.ParseArticles(v.Get("articles")),
		OtherRef: strings.TrimSpace(v.Get("other_ref")), Users: strings.TrimSpace(v.Get("users")), UsersCount: formOpt(pr, v, "users_count"),
		Documents: strings.TrimSpace(v.Get("documents")), Operators: strings.TrimSpace(v.Get("operators")), Actions: strings.TrimSpace(v.Get("actions"))}
	err = finish(pr, func() error { return p.CheckService(&x) }, func() error {
		return s.store.SaveSheetService(r.Context(), actor(r), p.AmbitoID, p.ID, &x)
	})
	if err != nil {
		s.formFailed(r, f, err)
		return s.renderServiceForm(w, r, statusOf(pdz.ErrorCode(err)), p, sh, id, f)
	}
	return s.redirect(w, r, sheetURL(info(r).ambito, p, sh)+"#servizi", "Servizio salvato.")
}

func (s *Server) serviceDelete(w http.ResponseWriter, r *http.Request) error {
	p, sh, x, err := s.serviceOf(r)
	if err != nil {
		return err
	}
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	if err := confirmed(f); err != nil {
		form := newForm(serviceValues(x))
		s.formFailed(r, form, err)
		return s.renderServiceForm(w, r, http.StatusBadRequest, &p, sh, x.ID, form)
	}
	if err := s.store.DeleteSheetService(r.Context(), actor(r), p.AmbitoID, p.ID, sh.ID, x.ID); err != nil {
		return err
	}
	return s.redirect(w, r, sheetURL(info(r).ambito, &p, sh)+"#servizi", "Servizio eliminato.")
}
