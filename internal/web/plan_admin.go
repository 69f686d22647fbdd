package web

import (
	"bytes"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/pdz-ats/pdz/internal/locale"
	"github.com/pdz-ats/pdz/internal/pdz"
	"github.com/pdz-ats/pdz/internal/pianofile"
	"github.com/pdz-ats/pdz/internal/profilo"
	"github.com/pdz-ats/pdz/internal/testo"
)

// planOf loads the plan {plid} of the route's Ambito with everything in it.
func (s *Server) planOf(r *http.Request) (pdz.Plan, error) {
	id, err := pathID(r, "plid")
	if err != nil {
		return pdz.Plan{}, err
	}
	return s.store.Plan(r.Context(), info(r).ambito.ID, id)
}

func planAdminURL(a *pdz.Ambito, p *pdz.Plan) string {
	return "/admin/a/" + a.Slug + "/piani/" + strconv.FormatInt(p.ID, 10)
}

func plansAdminURL(a *pdz.Ambito) string { return "/admin/a/" + a.Slug + "/piani" }

// planCrumbs is the trail of a plan's back-office pages.
func planCrumbs(a *pdz.Ambito, p *pdz.Plan, more ...Crumb) []Crumb {
	return ambitoCrumbs(a, append([]Crumb{{"Piani sociali di zona", plansAdminURL(a)}, {p.Title, planAdminURL(a, p)}}, more...)...)
}

// planView is the common data of a plan's back-office pages.
func (s *Server) planView(r *http.Request, p *pdz.Plan, title string, more ...Crumb) View {
	a := info(r).ambito
	v := s.adminView(r, title)
	v["Plan"], v["PlanURL"] = p, planAdminURL(a, p)
	if len(more) == 0 {
		v["Crumbs"] = ambitoCrumbs(a, Crumb{"Piani sociali di zona", plansAdminURL(a)}, Crumb{p.Title, ""})
	} else {
		v["Crumbs"] = planCrumbs(a, p, more...)
	}
	v["TestoHelp"] = testo.Help
	return v
}

func (s *Server) planList(w http.ResponseWriter, r *http.Request) error {
	a := info(r).ambito
	ps, err := s.store.Plans(r.Context(), a.ID, false)
	if err != nil {
		return err
	}
	v := s.adminView(r, "Piani sociali di zona")
	v["Plans"] = ps
	v["Crumbs"] = ambitoCrumbs(a, Crumb{"Piani sociali di zona", ""})
	s.render(w, r, http.StatusOK, "admin/plans", v)
	return nil
}

// ---- plan form

func planValues(p *pdz.Plan) url.Values {
	return url.Values{"title": {p.Title}, "slug": {p.Slug}, "cycle": {p.Cycle}, "years": {p.YearsText()},
		"framework_id": {idValue(p.FrameworkID)}, "intro": {p.Intro}}
}

func (s *Server) frameworkOptions(r *http.Request) ([]Option, error) {
	recs, err := s.store.Frameworks(r.Context(), info(r).ambito.ID)
	if err != nil {
		return nil, err
	}
	opts := []Option{{"", choosePlaceholder}}
	for _, x := range recs {
		label := x.Framework.Title + " (" + x.Framework.Cycle + ")"
		if x.AmbitoID != 0 {
			label += " – copia dell'Ambito"
		}
		opts = append(opts, Option{strconv.FormatInt(x.ID, 10), label})
	}
	return opts, nil
}

func (s *Server) renderPlanForm(w http.ResponseWriter, r *http.Request, status int, f *Form, p *pdz.Plan) error {
	a := info(r).ambito
	opts, err := s.frameworkOptions(r)
	if err != nil {
		return err
	}
	title := "Nuovo piano sociale di zona"
	v := s.adminView(r, title)
	v["Crumbs"] = ambitoCrumbs(a, Crumb{"Piani sociali di zona", plansAdminURL(a)}, Crumb{title, ""})
	v["Action"], v["Back"] = plansAdminURL(a), plansAdminURL(a)
	if p.ID != 0 {
		title = "Dati del piano"
		v = s.planView(r, p, title, Crumb{title, ""})
		v["Action"], v["Back"] = planAdminURL(a, p)+"/modifica", planAdminURL(a, p)
	}
	v["Form"], v["Edit"], v["FrameworkOptions"], v["TestoHelp"] = f, p, opts, testo.Help
	s.render(w, r, status, "admin/plan_form", v)
	return nil
}

func planFromForm(f *Form, p *pdz.Plan) pdz.Problems {
	pr := pdz.Problems{}
	v := f.Values
	p.Title, p.Slug, p.Cycle, p.Intro = v.Get("title"), v.Get("slug"), v.Get("cycle"), strings.TrimSpace(v.Get("intro"))
	p.FrameworkID = formID(pr, v, "framework_id", "Quadro regionale non valido.")
	if ys, ok := pdz.ParseYears(v.Get("years")); ok {
		p.Years = ys
	} else if strings.TrimSpace(v.Get("years")) != "" {
		pr.Add("years", "Anni non validi: scrivili separati da virgole (es. 2026, 2027, 2028) o come intervallo (2026-2028).")
	} else {
		p.Years = nil
	}
	return pr
}

func (s *Server) planNew(w http.ResponseWriter, r *http.Request) error {
	return s.renderPlanForm(w, r, http.StatusOK, newForm(url.Values{"title": {"Piano Sociale di Zona "}}), &pdz.Plan{})
}

func (s *Server) planCreate(w http.ResponseWriter, r *http.Request) error {
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	a := info(r).ambito
	p := pdz.Plan{AmbitoID: a.ID}
	pr := planFromForm(f, &p)
	if err := finish(pr, p.Validate, func() error { return s.store.CreatePlan(r.Context(), actor(r), &p) }); err != nil {
		s.formFailed(r, f, err)
		return s.renderPlanForm(w, r, statusOf(pdz.ErrorCode(err)), f, &pdz.Plan{})
	}
	return s.redirect(w, r, planAdminURL(a, &p), "Piano creato come bozza: ora si possono aggiungere fonti, profilo di comunità e schede.")
}

func (s *Server) planEdit(w http.ResponseWriter, r *http.Request) error {
	p, err := s.planOf(r)
	if err != nil {
		return err
	}
	return s.renderPlanForm(w, r, http.StatusOK, newForm(planValues(&p)), &p)
}

func (s *Server) planUpdate(w http.ResponseWriter, r *http.Request) error {
	p, err := s.planOf(r)
	if err != nil {
		return err
	}
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	x := p
	pr := planFromForm(f, &x)
	x.EmergingText, x.WelfareText = p.EmergingText, p.WelfareText
	if err := finish(pr, x.Validate, func() error { return s.store.UpdatePlan(r.Context(), actor(r), &x) }); err != nil {
		s.formFailed(r, f, err)
		return s.renderPlanForm(w, r, statusOf(pdz.ErrorCode(err)), f, &p)
	}
	return s.redirect(w, r, planAdminURL(info(r).ambito, &p), "Modifiche salvate.")
}

// ---- dashboard

// sheetRow is a sheet in the lists: its computed total and findings.
type sheetRow struct {
	Sheet       *pdz.Sheet
	Total       int64
	Complete    bool
	Missing     int
	Conflicts   int
	Notices     int
	Findings    []pdz.Finding
	MacroTitle  string
	AreaTitles  []string
	LevelTitles []string
}

func sheetRows(p *pdz.Plan) []sheetRow {
	var out []sheetRow
	for i := range p.Sheets {
		sh := &p.Sheets[i]
		fs := p.SheetFindings(sh)
		if err := p.CheckSheet(sh); err != nil { // codes the framework no longer has
			for _, msg := range pdz.ErrorFields(err) {
				fs = append(fs, pdz.Finding{Kind: pdz.FindingInconsistent, Message: msg})
			}
		}
		total, complete := sh.Computed()
		row := sheetRow{Sheet: sh, Total: total, Complete: complete, Findings: fs,
			Missing: pdz.CountFindings(fs, pdz.FindingMissing), Conflicts: pdz.CountFindings(fs, pdz.FindingInconsistent),
			Notices: pdz.CountFindings(fs, pdz.FindingNotice)}
		if m := p.Framework.Macro(sh.Macro); m != nil {
			row.MacroTitle = m.Title
		} else if sh.Macro == pdz.MacroOther {
			row.MacroTitle = "Altro"
		}
		for _, a := range sh.Areas {
			if fa := p.Framework.Area(a); fa != nil {
				row.AreaTitles = append(row.AreaTitles, fa.Title)
			}
		}
		for _, l := range sh.Levels {
			if fl := p.Framework.Level(l); fl != nil {
				row.LevelTitles = append(row.LevelTitles, fl.Title)
			}
		}
		out = append(out, row)
	}
	return out
}

func (s *Server) planShow(w http.ResponseWriter, r *http.Request) error {
	p, err := s.planOf(r)
	if err != nil {
		return err
	}
	a := info(r).ambito
	cs, err := s.store.Comuni(r.Context(), a.ID)
	if err != nil {
		return err
	}
	prof := profilo.Build(p.Profile, p.Declared, cs)
	rows := sheetRows(&p)
	var incomplete []sheetRow
	for _, row := range rows {
		if row.Missing > 0 {
			incomplete = append(incomplete, row)
		}
	}
	v := s.planView(r, &p, p.Title)
	v["Sheets"], v["Incomplete"] = rows, incomplete
	v["CheckSummary"] = profilo.Summarize(prof.Checks())
	v["Areas"] = planAreaRows(&p)
	v["Totals"] = planTotals(&p)
	v["SourceKind"] = pdz.SourceKindLabel
	v["PublicURL"] = "/ambiti/" + a.Slug + "/piani/" + p.Slug
	// Traceability (issue 4): the participatory process whose proposals
	// and needs the sheets cite.
	ps, err := s.store.Processes(r.Context(), a.ID, false)
	if err != nil {
		return err
	}
	procOpts := []Option{{"", "– nessuno –"}}
	for _, x := range ps {
		procOpts = append(procOpts, Option{strconv.FormatInt(x.ID, 10), x.Cycle + " – " + x.Title})
	}
	v["ProcessOptions"], v["ProcessForm"] = procOpts, newForm(url.Values{"process_id": {idValue(p.ProcessID)}})
	s.render(w, r, http.StatusOK, "admin/plan", v)
	return nil
}

// ---- status, publication, deletion

func (s *Server) planAdopt(w http.ResponseWriter, r *http.Request) error {
	p, err := s.planOf(r)
	if err != nil {
		return err
	}
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	pr := pdz.Problems{}
	on := formDate(pr, f.Values, "adopted_on")
	if err := pr.Err(); err != nil {
		return err
	}
	if err := s.store.SetPlanStatus(r.Context(), actor(r), p.AmbitoID, p.ID, pdz.PlanAdopted, on, f.Get("adoption_act")); err != nil {
		if fields := pdz.ErrorFields(err); len(fields) > 0 {
			return pdz.Errorf(pdz.EINVALID, "%s", firstField(fields))
		}
		return err
	}
	return s.redirect(w, r, planAdminURL(info(r).ambito, &p), "Registrata l'adozione del piano.")
}

func firstField(fields map[string]string) string {
	for _, v := range fields {
		return v
	}
	return ""
}

func (s *Server) planToDraft(w http.ResponseWriter, r *http.Request) error {
	p, err := s.planOf(r)
	if err != nil {
		return err
	}
	if err := s.store.SetPlanStatus(r.Context(), actor(r), p.AmbitoID, p.ID, pdz.PlanDraft, pdz.Date{}, ""); err != nil {
		return err
	}
	return s.redirect(w, r, planAdminURL(info(r).ambito, &p), "Il piano è tornato in bozza.")
}

func (s *Server) planPublish(w http.ResponseWriter, r *http.Request) error {
	return s.setPlanPublished(w, r, true, "Piano pubblicato: le sue pagine sono visibili sul sito.")
}

func (s *Server) planUnpublish(w http.ResponseWriter, r *http.Request) error {
	return s.setPlanPublished(w, r, false, "Piano ritirato dal sito pubblico.")
}

func (s *Server) setPlanPublished(w http.ResponseWriter, r *http.Request, on bool, msg string) error {
	p, err := s.planOf(r)
	if err != nil {
		return err
	}
	if err := s.store.SetPlanPublished(r.Context(), actor(r), p.AmbitoID, p.ID, on); err != nil {
		return err
	}
	return s.redirect(w, r, planAdminURL(info(r).ambito, &p), msg)
}

func (s *Server) planDelete(w http.ResponseWriter, r *http.Request) error {
	p, err := s.planOf(r)
	if err != nil {
		return err
	}
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	if err := confirmed(f); err != nil {
		return pdz.Errorf(pdz.EINVALID, "Spunta la casella per confermare l'eliminazione del piano.")
	}
	if err := s.store.DeletePlan(r.Context(), actor(r), p.AmbitoID, p.ID); err != nil {
		return err
	}
	return s.redirect(w, r, plansAdminURL(info(r).ambito), "Bozza del piano eliminata.")
}

// ---- export and import

func (s *Server) planExport(w http.ResponseWriter, r *http.Request) error {
	p, err := s.planOf(r)
	if err != nil {
		return err
	}
	cs, err := s.store.Comuni(r.Context(), p.AmbitoID)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+info(r).ambito.Slug+"-"+p.Slug+`.json"`)
	return pianofile.Encode(w, pianofile.Export(&p, cs))
}

func (s *Server) renderPlanImport(w http.ResponseWriter, r *http.Request, status int, f *Form) error {
	a := info(r).ambito
	v := s.adminView(r, "Importa un piano")
	v["Crumbs"] = ambitoCrumbs(a, Crumb{"Piani sociali di zona", plansAdminURL(a)}, Crumb{"Importa un piano", ""})
	v["Form"], v["Action"], v["Back"] = f, plansAdminURL(a)+"/importa", plansAdminURL(a)
	s.render(w, r, status, "admin/plan_import", v)
	return nil
}

func (s *Server) planImportForm(w http.ResponseWriter, r *http.Request) error {
	return s.renderPlanImport(w, r, http.StatusOK, newForm(nil))
}

func (s *Server) planImport(w http.ResponseWriter, r *http.Request) error {
	f, data, err := uploadOrText(w, r, "file", "text", pianofile.MaxSize)
	if err != nil {
		return err
	}
	a := info(r).ambito
	fail := func(err error) error {
		dropLargePaste(f, "text")
		s.formFailed(r, f, err)
		if len(f.Errors) == 0 { // a problem of the file: shown beside it
			f.Errors["file"] = pdz.ErrorMessage(err)
		}
		return s.renderPlanImport(w, r, statusOf(pdz.ErrorCode(err)), f)
	}
	if len(data) == 0 {
		return fail(pdz.Problems{"file": "Scegli il file del piano (JSON) o incollane il testo."}.Err())
	}
	doc, err := pianofile.Decode(bytes.NewReader(data))
	if err != nil {
		return fail(err)
	}
	p, fw, comuni, err := doc.ToPlan()
	if err == nil {
		err = s.store.ImportPlan(r.Context(), actor(r), a.ID, &p, fw, comuni)
	}
	if err != nil {
		return fail(err)
	}
	return s.redirect(w, r, planAdminURL(a, &p), "Piano importato come bozza non pubblicata: "+locale.Count(len(p.Sheets), "scheda", "schede")+".")
}

// uploadOrText reads a form that carries a file (field fileField) or the
// same content pasted in a textarea (textField): either works, so that the
// form can be used with the keyboard alone and in tests.
// maxPasteEcho is the largest pasted text sent back with the form after an
// error: a few lines typed or pasted by hand come back to be corrected where
// they are; a whole file pasted is not echoed (the page would weigh as much as
// the file) and is pasted again after fixing it at its source.
const maxPasteEcho = 64 << 10

// dropLargePaste empties a pasted text too long to be sent back.
func dropLargePaste(f *Form, textField string) {
	if len(f.Values.Get(textField)) > maxPasteEcho {
		f.Values.Del(textField)
	}
}

func uploadOrText(w http.ResponseWriter, r *http.Request, fileField, textField string, limit int64) (*Form, []byte, error) {
	r.Body = http.MaxBytesReader(w, r.Body, limit+1<<20)
	ct := r.Header.Get("Content-Type")
	if strings.HasPrefix(ct, "multipart/form-data") {
		if err := r.ParseMultipartForm(8 << 20); err != nil {
			return nil, nil, pdz.Errorf(pdz.EINVALID, "Il file inviato non è leggibile o è troppo grande.")
		}
	} else if err := r.ParseForm(); err != nil {
		return nil, nil, pdz.Errorf(pdz.EINVALID, "Il modulo inviato non è leggibile o è troppo grande.")
	}
	vals := url.Values{}
	for k, v := range r.PostForm {
		vals[k] = v
	}
	if r.MultipartForm != nil {
		for k, v := range r.MultipartForm.Value {
			vals[k] = v
		}
	}
	f, err := submittedForm(vals)
	if err != nil {
		return f, nil, err
	}
	if file, _, err := r.FormFile(fileField); err == nil {
		defer file.Close()
		b, err := io.ReadAll(io.LimitReader(file, limit+1))
		if err != nil || int64(len(b)) > limit {
			return f, nil, pdz.Errorf(pdz.EINVALID, "Il file è troppo grande.")
		}
		if len(bytes.TrimSpace(b)) > 0 {
			return f, b, nil
		}
	}
	return f, []byte(strings.TrimSpace(vals.Get(textField))), nil
}
