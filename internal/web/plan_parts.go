package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/pdz-ats/pdz/internal/locale"
	"github.com/pdz-ats/pdz/internal/pdz"
	"github.com/pdz-ats/pdz/internal/profilo"
)

// The small parts of a plan (funding sources, services inventory, profile
// rows, declared figures) are edited the same way: planPart holds what
// differs and its methods are the five handlers, with the shape of every
// handler (load → parse → validate → save → redirect).
type planPart struct {
	s        *Server
	slug     string // URL segment under the plan
	back     string // page to return to, under the plan ("" for the dashboard)
	backName string // its title in the trail ("" for the profile)
	anchor   string
	newTitle string
	tmpl     string
	load     func(r *http.Request, p *pdz.Plan, id int64) (url.Values, string, error)
	save     func(r *http.Request, p *pdz.Plan, id int64, f *Form) error
	del      func(r *http.Request, p *pdz.Plan, id int64) error
	defaults func(p *pdz.Plan) url.Values
	extra    func(r *http.Request, v View, p *pdz.Plan) error
}

// routes are the part's routes under the back office of a plan: the new
// form (at newSegment: "nuovo", or "nuova" where the noun is feminine),
// create, edit, update and delete.
func (c *planPart) routes(newSegment string) []route {
	base := "/admin/a/{ambito}/piani/{plid}/" + c.slug
	return []route{
		{"GET " + base + "/" + newSegment, operatore, c.newForm},
		{"POST " + base, operatore, c.create},
		{"GET " + base + "/{id}", operatore, c.edit},
		{"POST " + base + "/{id}", operatore, c.update},
		{"POST " + base + "/{id}/elimina", operatore, c.delete},
	}
}

func (c *planPart) backURL(r *http.Request, p *pdz.Plan) string {
	u := planAdminURL(info(r).ambito, p)
	if c.back != "" {
		u += "/" + c.back
	}
	return u + "#" + c.anchor
}

func (c *planPart) render(w http.ResponseWriter, r *http.Request, status int, p *pdz.Plan, id int64, name string, f *Form) error {
	a := info(r).ambito
	title := c.newTitle
	action := planAdminURL(a, p) + "/" + c.slug
	if id != 0 {
		title = name
		action += "/" + strconv.FormatInt(id, 10)
	}
	var trail []Crumb
	if c.back != "" {
		name := c.backName
		if name == "" {
			name = "Profilo di comunità"
		}
		trail = append(trail, Crumb{name, planAdminURL(a, p) + "/" + c.back})
	}
	v := c.s.planView(r, p, title, append(trail, Crumb{title, ""})...)
	v["Form"], v["PartID"], v["Action"], v["Back"] = f, id, action, c.backURL(r, p)
	if c.extra != nil {
		if err := c.extra(r, v, p); err != nil {
			return err
		}
	}
	c.s.render(w, r, status, c.tmpl, v)
	return nil
}

func (c *planPart) target(r *http.Request) (pdz.Plan, int64, error) {
	p, err := c.s.planOf(r)
	if err != nil {
		return p, 0, err
	}
	id, err := pathID(r, "id")
	return p, id, err
}

func (c *planPart) newForm(w http.ResponseWriter, r *http.Request) error {
	p, err := c.s.planOf(r)
	if err != nil {
		return err
	}
	var vals url.Values
	if c.defaults != nil {
		vals = c.defaults(&p)
	}
	return c.render(w, r, http.StatusOK, &p, 0, "", newForm(vals))
}

func (c *planPart) edit(w http.ResponseWriter, r *http.Request) error {
	p, id, err := c.target(r)
	if err != nil {
		return err
	}
	vals, name, err := c.load(r, &p, id)
	if err != nil {
		return err
	}
	return c.render(w, r, http.StatusOK, &p, id, name, newForm(vals))
}

func (c *planPart) create(w http.ResponseWriter, r *http.Request) error { return c.submit(w, r, 0) }

func (c *planPart) update(w http.ResponseWriter, r *http.Request) error {
	_, id, err := c.target(r)
	if err != nil {
		return err
	}
	return c.submit(w, r, id)
}

func (c *planPart) submit(w http.ResponseWriter, r *http.Request, id int64) error {
	p, err := c.s.planOf(r)
	if err != nil {
		return err
	}
	name := ""
	if id != 0 {
		if _, name, err = c.load(r, &p, id); err != nil {
			return err
		}
	}
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	if err := c.save(r, &p, id, f); err != nil {
		c.s.formFailed(r, f, err)
		return c.render(w, r, statusOf(pdz.ErrorCode(err)), &p, id, name, f)
	}
	msg := "Modifiche salvate."
	if id == 0 {
		msg = "Elemento aggiunto."
	}
	return c.s.redirect(w, r, c.backURL(r, &p), msg)
}

func (c *planPart) delete(w http.ResponseWriter, r *http.Request) error {
	p, id, err := c.target(r)
	if err != nil {
		return err
	}
	vals, name, err := c.load(r, &p, id)
	if err != nil {
		return err
	}
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	if err = confirmed(f); err == nil {
		err = c.del(r, &p, id)
	}
	if err != nil {
		form := newForm(vals)
		c.s.formFailed(r, form, err)
		return c.render(w, r, statusOf(pdz.ErrorCode(err)), &p, id, name, form)
	}
	return c.s.redirect(w, r, c.backURL(r, &p), "Elemento eliminato.")
}

// ---- funding sources

func (s *Server) sourcePart() *planPart {
	return &planPart{s: s, slug: "fonti", anchor: "fonti", newTitle: "Nuova fonte di finanziamento", tmpl: "admin/source_form",
		load: func(r *http.Request, p *pdz.Plan, id int64) (url.Values, string, error) {
			x := p.Source(id)
			if x == nil {
				return nil, "", pdz.Errorf(pdz.ENOTFOUND, "Fonte di finanziamento non trovata.")
			}
			return url.Values{"code": {x.Code}, "name": {x.Name}, "kind": {x.Kind}, "action": {x.Action}, "act": {x.Act},
				"notes": {x.Notes}, "position": {positionValue(x.Position)}}, x.Code + " – " + x.Name, nil
		},
		save: func(r *http.Request, p *pdz.Plan, id int64, f *Form) error {
			pr := pdz.Problems{}
			v := f.Values
			x := pdz.FundingSource{ID: id, PlanID: p.ID, Position: position(pr, v), Code: v.Get("code"), Name: v.Get("name"), Kind: v.Get("kind"),
				Action: strings.TrimSpace(v.Get("action")), Act: strings.TrimSpace(v.Get("act")), Notes: strings.TrimSpace(v.Get("notes"))}
			return finish(pr, x.Validate, func() error { return s.store.SaveSource(r.Context(), actor(r), p.AmbitoID, &x) })
		},
		del: func(r *http.Request, p *pdz.Plan, id int64) error {
			return s.store.DeleteSource(r.Context(), actor(r), p.AmbitoID, p.ID, id)
		},
		extra: func(r *http.Request, v View, p *pdz.Plan) error {
			opts := []Option{{"", choosePlaceholder}}
			for _, k := range pdz.SourceKinds {
				opts = append(opts, Option{k.Code, k.Label})
			}
			v["KindOptions"] = opts
			return nil
		},
	}
}

// ---- services inventory

func (s *Server) inventoryPart() *planPart {
	return &planPart{s: s, slug: "servizi-esistenti", anchor: "servizi-esistenti", newTitle: "Nuovo servizio dell'elenco", tmpl: "admin/inventory_form",
		defaults: func(*pdz.Plan) url.Values { return url.Values{"active": {"si"}} },
		load: func(r *http.Request, p *pdz.Plan, id int64) (url.Values, string, error) {
			for _, x := range p.Inventory {
				if x.ID == id {
					return url.Values{"name": {x.Name}, "owner": {x.Owner}, "active": {x.Active}, "notes": {x.Notes},
						"position": {positionValue(x.Position)}}, x.Name, nil
				}
			}
			return nil, "", pdz.Errorf(pdz.ENOTFOUND, "Servizio non trovato.")
		},
		save: func(r *http.Request, p *pdz.Plan, id int64, f *Form) error {
			pr := pdz.Problems{}
			v := f.Values
			x := pdz.InventoryItem{ID: id, PlanID: p.ID, Position: position(pr, v), Name: v.Get("name"), Owner: v.Get("owner"),
				Active: v.Get("active"), Notes: strings.TrimSpace(v.Get("notes"))}
			return finish(pr, x.Validate, func() error { return s.store.SaveInventoryItem(r.Context(), actor(r), p.AmbitoID, &x) })
		},
		del: func(r *http.Request, p *pdz.Plan, id int64) error {
			return s.store.DeleteInventoryItem(r.Context(), actor(r), p.AmbitoID, p.ID, id)
		},
		extra: func(r *http.Request, v View, p *pdz.Plan) error {
			v["ActiveOptions"] = []Option{{"si", "Sì"}, {"no", "No"}, {"", "Non indicato"}}
			return nil
		},
	}
}

// ---- profile rows

// planComuneOptions lists the Ambito's Comuni and "the whole Ambito".
func (s *Server) planComuneOptions(r *http.Request) ([]Option, error) {
	cs, err := s.store.Comuni(r.Context(), info(r).ambito.ID)
	if err != nil {
		return nil, err
	}
	opts := []Option{{"0", "Intero Ambito (dato non ripartito per Comune)"}}
	for _, c := range cs {
		opts = append(opts, Option{strconv.FormatInt(c.ID, 10), c.Name})
	}
	return opts, nil
}

func optValue(o pdz.OptInt) string {
	if !o.Set {
		return ""
	}
	return strconv.FormatInt(o.V, 10)
}

// formOpt reads an optional non-negative integer ("" is absent).
func formOpt(p pdz.Problems, v url.Values, name string) pdz.OptInt {
	s := strings.TrimSpace(v.Get(name))
	if s == "" {
		return pdz.OptInt{}
	}
	d, err := pdz.ParseDecimal(s)
	if err != nil || d.Scale != 0 || d.Units < 0 {
		p.Add(name, "Indica un numero intero non negativo (es. 19.552), o lascia vuoto se il dato non è disponibile.")
		return pdz.OptInt{}
	}
	return pdz.Some(d.Units)
}

func (s *Server) rowPart() *planPart {
	return &planPart{s: s, slug: "profilo/dati", back: "profilo", anchor: "dati", newTitle: "Nuovi dati demografici", tmpl: "admin/profile_row_form",
		load: func(r *http.Request, p *pdz.Plan, id int64) (url.Values, string, error) {
			for _, x := range p.Profile {
				if x.ID == id {
					v := url.Values{"date": {dateValue(x.Date)}, "comune_id": {strconv.FormatInt(x.ComuneID, 10)},
						"households": {optValue(x.Households)}, "emigrations": {optValue(x.Emigrations)}, "immigrations": {optValue(x.Immigrations)},
						"source": {x.Source}, "notes": {x.Notes}}
					for i, b := range x.Bands {
						v.Set("band_"+strconv.Itoa(i), optValue(b))
					}
					if x.Surface.Set {
						v.Set("surface", pdz.Decimal{Units: x.Surface.V, Scale: 2}.Italian())
					}
					name := x.ComuneName
					if x.ComuneID == 0 {
						name = "Intero Ambito"
					}
					return v, name + " al " + locale.ShortDate(x.Date), nil
				}
			}
			return nil, "", pdz.Errorf(pdz.ENOTFOUND, "Dati demografici non trovati.")
		},
		save: func(r *http.Request, p *pdz.Plan, id int64, f *Form) error {
			pr := pdz.Problems{}
			v := f.Values
			x := pdz.ProfileRow{ID: id, PlanID: p.ID, Date: formDate(pr, v, "date"), ComuneID: formID(pr, v, "comune_id", "Comune non valido."),
				Households: formOpt(pr, v, "households"), Emigrations: formOpt(pr, v, "emigrations"), Immigrations: formOpt(pr, v, "immigrations"),
				Source: v.Get("source"), Notes: strings.TrimSpace(v.Get("notes"))}
			for i := range x.Bands {
				x.Bands[i] = formOpt(pr, v, "band_"+strconv.Itoa(i))
			}
			if t := strings.TrimSpace(v.Get("surface")); t != "" {
				d, err := pdz.ParseDecimal(t)
				if err != nil || d.Scale > 2 || d.Units <= 0 {
					pr.Add("surface", "Indica la superficie in km² con al massimo due decimali (es. 38,75).")
				} else {
					u := d.Units
					for i := d.Scale; i < 2; i++ {
						u *= 10
					}
					x.Surface = pdz.Some(u)
				}
			}
			return finish(pr, x.Validate, func() error { return s.store.SaveProfileRow(r.Context(), actor(r), p.AmbitoID, &x) })
		},
		del: func(r *http.Request, p *pdz.Plan, id int64) error {
			return s.store.DeleteProfileRow(r.Context(), actor(r), p.AmbitoID, p.ID, id)
		},
		extra: func(r *http.Request, v View, p *pdz.Plan) error {
			opts, err := s.planComuneOptions(r)
			v["ComuneOptions"], v["BandLabels"] = opts, bandLabels()
			return err
		},
	}
}

// ---- declared figures

func (s *Server) declaredPart() *planPart {
	return &planPart{s: s, slug: "profilo/dichiarati", back: "profilo", anchor: "dichiarati", newTitle: "Nuovo dato dichiarato", tmpl: "admin/declared_form",
		load: func(r *http.Request, p *pdz.Plan, id int64) (url.Values, string, error) {
			for _, x := range p.Declared {
				if x.ID == id {
					return url.Values{"date": {dateValue(x.Date)}, "comune_id": {strconv.FormatInt(x.ComuneID, 10)}, "quantity": {x.Quantity},
							"value": {x.Value.Italian()}, "table": {x.Table}, "notes": {x.Notes}, "position": {positionValue(x.Position)}},
						pdz.QuantityOf(x.Quantity).Label + " (" + x.Table + ")", nil
				}
			}
			return nil, "", pdz.Errorf(pdz.ENOTFOUND, "Dato dichiarato non trovato.")
		},
		save: func(r *http.Request, p *pdz.Plan, id int64, f *Form) error {
			pr := pdz.Problems{}
			v := f.Values
			x := pdz.DeclaredFigure{ID: id, PlanID: p.ID, Position: position(pr, v), Date: formDate(pr, v, "date"),
				ComuneID: formID(pr, v, "comune_id", "Comune non valido."), Quantity: v.Get("quantity"), Table: v.Get("table"),
				Notes: strings.TrimSpace(v.Get("notes"))}
			if d, err := pdz.ParseDecimal(v.Get("value")); err != nil {
				pr.Add("value", "Indica il numero come stampato nel documento (es. 70.275, 3,2 o -152).")
			} else {
				x.Value = d
			}
			return finish(pr, x.Validate, func() error { return s.store.SaveDeclared(r.Context(), actor(r), p.AmbitoID, &x) })
		},
		del: func(r *http.Request, p *pdz.Plan, id int64) error {
			return s.store.DeleteDeclared(r.Context(), actor(r), p.AmbitoID, p.ID, id)
		},
		extra: func(r *http.Request, v View, p *pdz.Plan) error {
			opts, err := s.planComuneOptions(r)
			qs := []Option{{"", choosePlaceholder}}
			for _, q := range pdz.Quantities {
				qs = append(qs, Option{q.Code, q.Label})
			}
			v["ComuneOptions"], v["QuantityOptions"] = opts, qs
			return err
		},
	}
}

// ---- the profile page of the back office, its texts and imports

func (s *Server) profileAdmin(w http.ResponseWriter, r *http.Request) error {
	p, err := s.planOf(r)
	if err != nil {
		return err
	}
	cs, err := s.store.Comuni(r.Context(), p.AmbitoID)
	if err != nil {
		return err
	}
	v := s.planView(r, &p, "Profilo di comunità", Crumb{"Profilo di comunità", ""})
	v["Profile"] = buildProfile(&p, cs)
	s.render(w, r, http.StatusOK, "admin/profile", v)
	return nil
}

func (s *Server) renderProfileTexts(w http.ResponseWriter, r *http.Request, status int, p *pdz.Plan, f *Form) error {
	a := info(r).ambito
	v := s.planView(r, p, "Testi del profilo di comunità", Crumb{"Profilo di comunità", planAdminURL(a, p) + "/profilo"}, Crumb{"Testi", ""})
	v["Form"], v["Action"], v["Back"] = f, planAdminURL(a, p)+"/profilo/testi", planAdminURL(a, p)+"/profilo"
	s.render(w, r, status, "admin/profile_texts", v)
	return nil
}

func (s *Server) profileTexts(w http.ResponseWriter, r *http.Request) error {
	p, err := s.planOf(r)
	if err != nil {
		return err
	}
	return s.renderProfileTexts(w, r, http.StatusOK, &p, newForm(url.Values{"emerging_text": {p.EmergingText}, "welfare_text": {p.WelfareText}}))
}

func (s *Server) profileTextsSave(w http.ResponseWriter, r *http.Request) error {
	p, err := s.planOf(r)
	if err != nil {
		return err
	}
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	x := p
	x.EmergingText, x.WelfareText = strings.TrimSpace(f.Get("emerging_text")), strings.TrimSpace(f.Get("welfare_text"))
	if err := s.store.UpdatePlan(r.Context(), actor(r), &x); err != nil {
		s.formFailed(r, f, err)
		return s.renderProfileTexts(w, r, statusOf(pdz.ErrorCode(err)), &p, f)
	}
	return s.redirect(w, r, planAdminURL(info(r).ambito, &p)+"/profilo#testi", "Testi salvati.")
}

func (s *Server) renderProfileImport(w http.ResponseWriter, r *http.Request, status int, p *pdz.Plan, f *Form) error {
	a := info(r).ambito
	v := s.planView(r, p, "Importa dati demografici", Crumb{"Profilo di comunità", planAdminURL(a, p) + "/profilo"}, Crumb{"Importa", ""})
	v["Form"], v["Action"], v["Back"] = f, planAdminURL(a, p)+"/profilo/importa", planAdminURL(a, p)+"/profilo"
	v["KindOptions"] = []Option{{"csv", "File CSV di pdz (una riga per Comune e data)"}, {"posas", "File ISTAT POSAS (popolazione per singolo anno di età)"}}
	v["CSVColumns"] = strings.Join(profilo.CSVColumns, ";")
	s.render(w, r, status, "admin/profile_import", v)
	return nil
}

func (s *Server) profileImportForm(w http.ResponseWriter, r *http.Request) error {
	p, err := s.planOf(r)
	if err != nil {
		return err
	}
	return s.renderProfileImport(w, r, http.StatusOK, &p, newForm(url.Values{"kind": {"posas"}}))
}

func (s *Server) profileImport(w http.ResponseWriter, r *http.Request) error {
	p, err := s.planOf(r)
	if err != nil {
		return err
	}
	f, data, err := uploadOrText(w, r, "file", "text", profilo.MaxImportSize)
	if err != nil {
		return err
	}
	fail := func(err error) error {
		dropLargePaste(f, "text")
		s.formFailed(r, f, err)
		if len(f.Errors) == 0 { // a problem of the file: shown beside it
			f.Errors["file"] = pdz.ErrorMessage(err)
		}
		return s.renderProfileImport(w, r, statusOf(pdz.ErrorCode(err)), &p, f)
	}
	cs, err := s.store.Comuni(r.Context(), p.AmbitoID)
	if err != nil {
		return err
	}
	pr := pdz.Problems{}
	date := formDate(pr, f.Values, "date")
	if len(data) == 0 {
		pr.Add("file", "Scegli il file da importare o incollane il testo.")
	}
	if err := pr.Err(); err != nil {
		return fail(err)
	}
	var rows []pdz.ProfileRow
	var what, extra string
	switch f.Get("kind") {
	case "csv":
		rows, err = profilo.ReadCSV(strings.NewReader(string(data)), cs)
		what = "CSV"
	case "posas":
		var res profilo.POSASResult
		res, err = profilo.ReadPOSAS(strings.NewReader(string(data)), cs, date)
		rows, what = res.Rows, "ISTAT POSAS al "+locale.ShortDate(res.Date)
		if res.Ignored > 0 {
			extra += " " + locale.Count(res.Ignored, "Comune del file non appartiene all'Ambito ed è stato ignorato.", "Comuni del file non appartengono all'Ambito e sono stati ignorati.")
		}
		if len(res.Missing) > 0 {
			extra += " Mancano nel file: " + strings.Join(res.Missing, ", ") + "."
		}
	default:
		err = pdz.Problems{"kind": "Scegli il tipo di file."}.Err()
	}
	if err != nil {
		return fail(err)
	}
	res, err := s.store.ImportProfileRows(r.Context(), actor(r), p.AmbitoID, p.ID, rows, what)
	if err != nil {
		return fail(err)
	}
	return s.redirect(w, r, planAdminURL(info(r).ambito, &p)+"/profilo#dati",
		"Importazione completata ("+what+"): "+locale.Count(res.Added, "riga nuova", "righe nuove")+", "+locale.Count(res.Updated, "aggiornata", "aggiornate")+"."+extra)
}

// ---- chapter II

func (s *Server) planAreaOf(r *http.Request) (pdz.Plan, *pdz.FrameworkArea, error) {
	p, err := s.planOf(r)
	if err != nil {
		return p, nil, err
	}
	a := p.Framework.Area(r.PathValue("area"))
	if a == nil {
		return p, nil, pdz.Errorf(pdz.ENOTFOUND, "Area strategica non trovata nel quadro regionale del piano.")
	}
	return p, a, nil
}

func (s *Server) renderPlanArea(w http.ResponseWriter, r *http.Request, status int, p *pdz.Plan, area *pdz.FrameworkArea, f *Form) error {
	a := info(r).ambito
	title := "Capitolo II – " + area.Title
	v := s.planView(r, p, title, Crumb{area.Title, ""})
	var opts []Option
	for _, o := range area.Objectives {
		opts = append(opts, Option{o.Code, o.Code + " – " + o.Title})
	}
	v["Form"], v["Area"], v["ObjectiveOptions"] = f, area, opts
	v["Action"], v["Back"] = planAdminURL(a, p)+"/aree/"+url.PathEscape(area.Code), planAdminURL(a, p)+"#aree"
	v["Sheets"] = p.SheetsOfArea(area.Code)
	s.render(w, r, status, "admin/plan_area_form", v)
	return nil
}

func (s *Server) planAreaEdit(w http.ResponseWriter, r *http.Request) error {
	p, area, err := s.planAreaOf(r)
	if err != nil {
		return err
	}
	vals := url.Values{}
	if x := p.Area(area.Code); x != nil {
		vals["objectives"] = x.Objectives
		vals.Set("body", x.Body)
	}
	return s.renderPlanArea(w, r, http.StatusOK, &p, area, newForm(vals))
}

func (s *Server) planAreaSave(w http.ResponseWriter, r *http.Request) error {
	p, area, err := s.planAreaOf(r)
	if err != nil {
		return err
	}
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	x := pdz.PlanArea{PlanID: p.ID, AreaCode: area.Code, Objectives: f.Values["objectives"], Body: strings.TrimSpace(f.Get("body"))}
	if err := s.store.SavePlanArea(r.Context(), actor(r), p.AmbitoID, &x); err != nil {
		s.formFailed(r, f, err)
		return s.renderPlanArea(w, r, statusOf(pdz.ErrorCode(err)), &p, area, f)
	}
	return s.redirect(w, r, planAdminURL(info(r).ambito, &p)+"#aree", "Capitolo II salvato per l'area «"+area.Title+"».")
}
