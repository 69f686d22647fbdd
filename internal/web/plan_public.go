package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/pdz-ats/pdz/internal/locale"
	"github.com/pdz-ats/pdz/internal/pdz"
)

// Public pages of a published plan: no login, published plans only.

func planBase(a *pdz.Ambito, p *pdz.Plan) string {
	return "/ambiti/" + a.Slug + "/piani/" + p.Slug
}

// publishedPlan loads the Ambito and the published plan of a public URL.
func (s *Server) publishedPlan(r *http.Request) (pdz.Ambito, pdz.Plan, error) {
	ctx := r.Context()
	a, err := s.store.AmbitoBySlug(ctx, r.PathValue("ambito"))
	if err != nil {
		return a, pdz.Plan{}, err
	}
	p, err := s.store.PlanBySlug(ctx, a.ID, r.PathValue("piano"))
	if err == nil && !p.Published {
		err = pdz.Errorf(pdz.ENOTFOUND, "Piano non trovato.")
	}
	return a, p, err
}

// publishedSheet loads a published plan and its sheet {scheda}.
func (s *Server) publishedSheet(r *http.Request) (pdz.Ambito, pdz.Plan, *pdz.Sheet, error) {
	a, p, err := s.publishedPlan(r)
	if err != nil {
		return a, p, nil, err
	}
	sh := p.SheetByCode(r.PathValue("scheda"))
	if sh == nil {
		return a, p, nil, pdz.Errorf(pdz.ENOTFOUND, "Scheda non trovata.")
	}
	return a, p, sh, nil
}

// publishedPlanComuni loads a published plan with the Comuni of its
// Ambito, which the community profile needs.
func (s *Server) publishedPlanComuni(r *http.Request) (pdz.Ambito, pdz.Plan, []pdz.Comune, error) {
	a, p, err := s.publishedPlan(r)
	if err != nil {
		return a, p, nil, err
	}
	cs, err := s.store.Comuni(r.Context(), a.ID)
	return a, p, cs, err
}

func (s *Server) planPublicView(r *http.Request, a *pdz.Ambito, p *pdz.Plan, title string, crumb ...Crumb) View {
	v := s.publicView(r, a, title)
	base := planBase(a, p)
	v["Plan"], v["Base"] = p, base
	v["Nav"] = []Crumb{{"Percorsi", "/ambiti/" + a.Slug}, {p.Title, base}, {"Profilo di comunità", base + "/profilo"}, {"Schede", base + "/schede"}, {"Risorse e regole", base + "/risorse"}}
	trail := []Crumb{{"Home", "/"}, {a.Name, "/ambiti/" + a.Slug}}
	if len(crumb) == 0 {
		trail = append(trail, Crumb{p.Title, ""})
	} else {
		trail = append(append(trail, Crumb{p.Title, base}), crumb...)
	}
	v["Crumbs"] = trail
	return v
}

func (s *Server) publicPlan(w http.ResponseWriter, r *http.Request) error {
	return s.cached(w, r, func(w http.ResponseWriter, r *http.Request) error {
		a, p, err := s.publishedPlan(r)
		if err != nil {
			return err
		}
		v := s.planPublicView(r, &a, &p, p.Title)
		v["Areas"], v["Totals"], v["Sheets"] = planAreaRows(&p), planTotals(&p), sheetRows(&p)
		s.render(w, r, http.StatusOK, "public/plan", v)
		return nil
	})
}

func (s *Server) publicProfile(w http.ResponseWriter, r *http.Request) error {
	return s.cached(w, r, func(w http.ResponseWriter, r *http.Request) error {
		a, p, cs, err := s.publishedPlanComuni(r)
		if err != nil {
			return err
		}
		v := s.planPublicView(r, &a, &p, "Profilo di comunità – "+p.Title, Crumb{"Profilo di comunità", ""})
		v["Profile"] = buildProfile(&p, cs)
		s.render(w, r, http.StatusOK, "public/plan_profile", v)
		return nil
	})
}

func (s *Server) publicPlanArea(w http.ResponseWriter, r *http.Request) error {
	return s.cached(w, r, func(w http.ResponseWriter, r *http.Request) error {
		a, p, err := s.publishedPlan(r)
		if err != nil {
			return err
		}
		var row *areaRow
		for _, x := range planAreaRows(&p) {
			if x.Area.Code == r.PathValue("area") {
				row = &x
				break
			}
		}
		if row == nil {
			return pdz.Errorf(pdz.ENOTFOUND, "Area strategica non trovata.")
		}
		v := s.planPublicView(r, &a, &p, row.Area.Title+" – "+p.Title, Crumb{row.Area.Title, ""})
		v["Area"] = row
		s.render(w, r, http.StatusOK, "public/plan_area", v)
		return nil
	})
}

func (s *Server) publicSheets(w http.ResponseWriter, r *http.Request) error {
	return s.cached(w, r, func(w http.ResponseWriter, r *http.Request) error {
		a, p, err := s.publishedPlan(r)
		if err != nil {
			return err
		}
		rows := sheetRows(&p)
		area := r.URL.Query().Get("area")
		f := newForm(url.Values{"area": {area}})
		status := http.StatusOK
		if area != "" {
			if p.Framework.Area(area) == nil {
				f.Errors["area"] = "Area strategica non valida."
				status = http.StatusBadRequest
			} else {
				var only []sheetRow
				for _, row := range rows {
					if row.Sheet.HasArea(area) {
						only = append(only, row)
					}
				}
				rows = only
			}
		}
		opts := []Option{{"", "Tutte le aree"}}
		for _, ar := range p.Framework.Areas {
			opts = append(opts, Option{ar.Code, ar.Title})
		}
		v := s.planPublicView(r, &a, &p, "Schede di progettazione – "+p.Title, Crumb{"Schede", ""})
		v["Sheets"], v["Totals"], v["Form"], v["AreaOptions"], v["Filtered"] = rows, planTotals(&p), f, opts, area != ""
		s.render(w, r, status, "public/plan_sheets", v)
		return nil
	})
}

// objView is an objective as a sheet cites it, with the framework's title.
type objView struct {
	pdz.SheetObjective
	AreaTitle, Title string
	Differs          bool
}

// lineView is an amount of a year.
type lineView struct {
	Source, SourceName, Amount string
	Blank                      bool
}

// yearView is a year of the programming.
type yearView struct {
	Year                         int
	Selected, Programmed         bool
	Lines                        []lineView
	Computed, Declared           string
	Complete, Mismatch, HasTotal bool
}

// serviceView is a service with the titles of its articles.
type serviceView struct {
	pdz.SheetService
	Articles []pdz.FrameworkItem
}

// sheetView is a sheet as its pages show it.
type sheetView struct {
	sheetRow
	Objectives   []objView
	Macro        string
	Intervention string
	Years        []yearView
	Services     []serviceView
	Total        string
	Declared     string
	TotalDiffers bool
}

func buildSheet(p *pdz.Plan, sh *pdz.Sheet) sheetView {
	var row sheetRow
	for _, x := range sheetRows(p) {
		if x.Sheet.ID == sh.ID {
			row = x
		}
	}
	fw := p.Framework
	v := sheetView{sheetRow: row}
	for _, o := range sh.Objectives {
		ov := objView{SheetObjective: o}
		if !o.Other() {
			if a := fw.Area(o.Area); a != nil {
				ov.AreaTitle = a.Title
			}
			if fo := fw.Objective(o.Area, o.Letter); fo != nil {
				ov.Title = fo.Title
				ov.Differs = o.Quoted != "" && !pdz.SameTitle(o.Quoted, fo.Title)
			}
		}
		v.Objectives = append(v.Objectives, ov)
	}
	switch m := fw.Macro(sh.Macro); {
	case m != nil:
		v.Macro = m.Code + " – " + m.Title
	case sh.Macro == pdz.MacroOther:
		v.Macro = "Altro"
	}
	if it, _ := fw.Intervention(sh.Intervention); it != nil {
		v.Intervention = it.Code + " – " + it.Title
	}
	for _, y := range p.Years {
		yv := yearView{Year: y}
		if sy := sh.Year(y); sy != nil {
			yv.Selected, yv.Programmed = sy.Selected, sy.Programmed()
			for _, l := range sy.Lines {
				lv := lineView{Source: l.SourceCode, Amount: optMoney(l.Amount), Blank: !l.Amount.Set}
				if src := p.Source(l.SourceID); src != nil {
					lv.SourceName = src.Name
				}
				yv.Lines = append(yv.Lines, lv)
			}
			c, ok := sy.Computed()
			yv.Complete = ok && (len(sy.Lines) > 0 || sy.DeclaredTotal.Set)
			yv.Computed = locale.Money(c)
			if !yv.Complete {
				yv.Computed += " (incompleto)"
			}
			yv.HasTotal = sy.DeclaredTotal.Set
			yv.Declared = optMoney(sy.DeclaredTotal)
			yv.Mismatch = yv.Complete && sy.DeclaredTotal.Set && len(sy.Lines) > 0 && sy.DeclaredTotal.V != c
		}
		v.Years = append(v.Years, yv)
	}
	v.Total = locale.Money(row.Total)
	if !row.Complete {
		v.Total += " (incompleto)"
	}
	v.Declared = optMoney(sh.DeclaredTotal)
	v.TotalDiffers = row.Complete && sh.DeclaredTotal.Set && sh.DeclaredTotal.V != row.Total
	for _, sv := range sh.Services {
		x := serviceView{SheetService: sv}
		for _, art := range sv.Articles {
			if it := fw.Article(art); it != nil {
				x.Articles = append(x.Articles, *it)
			} else {
				x.Articles = append(x.Articles, pdz.FrameworkItem{Code: art})
			}
		}
		v.Services = append(v.Services, x)
	}
	return v
}

func (s *Server) publicSheet(w http.ResponseWriter, r *http.Request) error {
	return s.cached(w, r, func(w http.ResponseWriter, r *http.Request) error {
		a, p, sh, err := s.publishedSheet(r)
		if err != nil {
			return err
		}
		base := planBase(&a, &p)
		v := s.planPublicView(r, &a, &p, "Scheda "+sh.Code+" – "+sh.Title, Crumb{"Schede", base + "/schede"}, Crumb{"Scheda " + sh.Code, ""})
		v["S"] = buildSheet(&p, sh)
		trace, err := s.traceOf(r, &a, &p, sh)
		if err != nil {
			return err
		}
		v["Trace"] = trace
		s.render(w, r, http.StatusOK, "public/plan_sheet", v)
		return nil
	})
}

// sheetPath is the public address of a sheet.
func sheetPath(base string, sh *pdz.Sheet) string {
	return base + "/schede/" + url.PathEscape(strings.TrimSpace(sh.Code))
}
