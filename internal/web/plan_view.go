package web

import (
	"html/template"
	"math"
	"strconv"

	"github.com/pdz-ats/pdz/internal/chart"
	"github.com/pdz-ats/pdz/internal/locale"
	"github.com/pdz-ats/pdz/internal/pdz"
	"github.com/pdz-ats/pdz/internal/profilo"
	"github.com/pdz-ats/pdz/internal/testo"
)

// What the plan's pages show is built here from the loaded plan: every
// total, share and index comes from package profilo or from the sheets'
// amounts, never from a stored figure.

func fmtInt(o pdz.OptInt) string {
	if !o.Set {
		return "—"
	}
	return locale.Int(o.V)
}

func fmtRatio(r profilo.Ratio, scale int) string {
	if !r.OK() {
		return "—"
	}
	return r.Round(scale).Italian()
}

// terrView is one territory's row of the profile tables.
type terrView struct {
	Name                                         string
	IsAmbito                                     bool
	Bands, Shares                                [6]string
	Pop, Minors, MinorsShare, Households, Avg    string
	Surface, Density, Emig, Immig, Balance       string
	OldAge, Dependency                           string
	AvgDeclared                                  string
	AvgFlagged                                   bool
	BalanceValue                                 float64
	AvgValue, AvgDeclaredValue                   float64
	BandValues                                   [6]float64
	HasBands, HasHouseholds, HasMigration, Shown bool
}

func terr(f *profilo.Figures) terrView {
	t := terrView{Name: f.Name, IsAmbito: f.ComuneID == 0}
	pop := f.Population()
	for i := range f.Bands {
		t.Bands[i] = fmtInt(f.Bands[i])
		t.Shares[i] = fmtRatio(f.Value(bandShare[i]), 2)
		t.BandValues[i] = float64(f.Bands[i].V)
	}
	t.HasBands = pop.Set
	t.Pop, t.Minors = fmtInt(pop), fmtInt(f.Minors())
	t.MinorsShare = fmtRatio(f.Value("quota_minori"), 2)
	t.Households, t.Avg = fmtInt(f.Households), fmtRatio(f.Value("ampiezza_famiglie"), 2)
	t.HasHouseholds = f.Households.Set
	t.AvgValue = f.Value("ampiezza_famiglie").Float()
	if f.Surface.Set {
		t.Surface = pdz.Decimal{Units: f.Surface.V, Scale: 2}.Italian()
	} else {
		t.Surface = "—"
	}
	t.Density = fmtRatio(f.Value("densita"), 2)
	t.Emig, t.Immig, t.Balance = fmtInt(f.Emigrations), fmtInt(f.Immigrations), fmtInt(f.Balance())
	t.HasMigration = f.Balance().Set
	t.BalanceValue = float64(f.Balance().V)
	t.OldAge, t.Dependency = fmtRatio(f.Value("indice_vecchiaia"), 2), fmtRatio(f.Value("indice_dipendenza"), 2)
	t.Shown = t.HasBands || t.HasHouseholds || t.HasMigration || f.Surface.Set
	return t
}

var bandShare = [6]string{"quota_0_3", "quota_4_14", "quota_15_17", "quota_18_29", "quota_30_64", "quota_65"}

// changeView is a change against the earlier reference date.
type changeView struct {
	Label, Value, From string
	FromDeclared       bool
}

// checkView is a consistency check for the tables.
type checkView struct {
	profilo.Check
	Date  string
	Badge string
}

// profileView is the community profile of a plan as the pages show it.
type profileView struct {
	Date        pdz.Date
	Territories []terrView // the Comuni, then the Ambito
	Ambito      terrView
	BandLabels  []string
	Changes     []changeView
	Checks      []checkView
	Flagged     []checkView
	Summary     profilo.Summary
	Conflicts   []profilo.Conflict
	Older       []olderView
	Charts      struct{ Bands, Shares, Households, Migration template.HTML }
	Empty       bool
}

// olderView summarises an earlier reference date.
type olderView struct {
	Date                         pdz.Date
	Pop, Minors, Old, Households string
}

func bandLabels() []string {
	var out []string
	for _, b := range pdz.AgeBands {
		out = append(out, b.Label)
	}
	return out
}

func buildProfile(p *pdz.Plan, cs []pdz.Comune) *profileView {
	prof := profilo.Build(p.Profile, p.Declared, cs)
	v := &profileView{BandLabels: bandLabels()}
	latest := prof.Latest()
	if latest == nil {
		v.Empty = true
	} else {
		v.Date = latest.Date
		for i := range latest.Comuni {
			v.Territories = append(v.Territories, terr(&latest.Comuni[i]))
		}
		v.Ambito = terr(&latest.Ambito)
		v.Conflicts = latest.Conflicts
		declaredAvg := map[int64]pdz.Decimal{}
		for _, d := range p.Declared {
			if d.Quantity == "ampiezza_famiglie" && d.Date.Equal(latest.Date) {
				if _, seen := declaredAvg[d.ComuneID]; !seen {
					declaredAvg[d.ComuneID] = d.Value
				}
			}
		}
		for i := range v.Territories {
			id := latest.Comuni[i].ComuneID
			if d, ok := declaredAvg[id]; ok {
				v.Territories[i].AvgDeclared = d.Italian()
				v.Territories[i].AvgDeclaredValue = d.Float()
			} else {
				v.Territories[i].AvgDeclaredValue = math.NaN()
			}
		}
		if d, ok := declaredAvg[0]; ok {
			v.Ambito.AvgDeclared = d.Italian()
		}
		for _, q := range []string{"var_popolazione", "var_minori", "var_65", "var_famiglie"} {
			ch := prof.Change(q, 0, latest.Date)
			if !ch.OK {
				continue
			}
			sign := ""
			if ch.Value > 0 {
				sign = "+"
			}
			v.Changes = append(v.Changes, changeView{Label: pdz.QuantityOf(q).Label, Value: sign + locale.Int(ch.Value),
				From: locale.ShortDate(ch.From), FromDeclared: ch.FromDeclared})
		}
		for _, s := range prof.Snapshots {
			if s.Date.Equal(latest.Date) {
				continue
			}
			older := olderView{Date: s.Date, Pop: fmtInt(s.Ambito.Population()), Minors: fmtInt(s.Ambito.Minors()),
				Old: fmtInt(s.Ambito.Old()), Households: fmtInt(s.Ambito.Households)}
			for _, d := range p.Declared {
				if d.ComuneID == 0 && d.Date.Equal(s.Date) {
					switch d.Quantity {
					case "popolazione":
						if older.Pop == "—" {
							older.Pop = d.Value.Italian() + " (dichiarato)"
						}
					case "minori":
						if older.Minors == "—" {
							older.Minors = d.Value.Italian() + " (dichiarato)"
						}
					}
				}
			}
			v.Older = append(v.Older, older)
		}
		v.Charts.Bands, v.Charts.Shares, v.Charts.Households, v.Charts.Migration = profileCharts(v)
	}
	checks := prof.Checks()
	v.Summary = profilo.Summarize(checks)
	for _, c := range checks {
		cv := checkView{Check: c, Date: locale.ShortDate(c.Declared.Date)}
		switch {
		case c.Verdict == profilo.Agree:
			cv.Badge = "bg-success"
		case c.Verdict == profilo.Rounded:
			cv.Badge = "bg-info"
		case c.Verdict.Flagged():
			cv.Badge = "bg-danger"
		default:
			cv.Badge = "bg-secondary"
		}
		v.Checks = append(v.Checks, cv)
		if c.Verdict.Flagged() {
			v.Flagged = append(v.Flagged, cv)
		}
	}
	return v
}

// profileCharts draws the profile's four charts (empty when data lack).
func profileCharts(v *profileView) (bands, shares, households, migration template.HTML) {
	var names []string
	for _, t := range v.Territories {
		if t.HasBands {
			names = append(names, t.Name)
		}
	}
	if len(names) > 0 {
		var series []chart.Series
		for i, label := range v.BandLabels {
			s := chart.Series{Name: label, Class: "pdz-s" + strconv.Itoa(i+1)}
			for _, t := range v.Territories {
				if t.HasBands {
					s.Values = append(s.Values, t.BandValues[i])
				}
			}
			series = append(series, s)
		}
		bands = chart.Stacked{ID: "grafico-fasce-comuni", Percent: true,
			Title:      "Composizione per fascia d'età della popolazione di ciascun Comune",
			Desc:       "Barre orizzontali, una per Comune, divise nelle sei fasce d'età in proporzione alla popolazione. I valori sono nella tabella «Popolazione per fascia d'età» che segue.",
			Categories: names, Series: series}.HTML()
	}
	if v.Ambito.HasBands {
		s := chart.Series{Name: "Quota dell'Ambito", Class: "pdz-s1"}
		for i := range v.BandLabels {
			f, _ := strconv.ParseFloat(commaToDot(v.Ambito.Shares[i]), 64)
			s.Values = append(s.Values, f)
			s.Labels = append(s.Labels, v.Ambito.Shares[i]+"%")
		}
		shares = chart.Bars{ID: "grafico-quote-fasce", Title: "Quota della popolazione dell'Ambito per fascia d'età",
			Desc:       "Barre orizzontali, una per fascia d'età, lunghe quanto la quota percentuale della popolazione dell'Ambito. I valori sono nella tabella che segue.",
			Categories: v.BandLabels, Series: []chart.Series{s}, Unit: "%"}.HTML()
	}
	var hhNames []string
	computed := chart.Series{Name: "Calcolato (popolazione ÷ famiglie)", Class: "pdz-s1"}
	declared := chart.Series{Name: "Dichiarato nel documento", Class: "pdz-s4"}
	anyDeclared := false
	for _, t := range v.Territories {
		if !t.HasHouseholds || !t.HasBands {
			continue
		}
		hhNames = append(hhNames, t.Name)
		computed.Values = append(computed.Values, t.AvgValue)
		computed.Labels = append(computed.Labels, t.Avg)
		declared.Values = append(declared.Values, t.AvgDeclaredValue)
		declared.Labels = append(declared.Labels, t.AvgDeclared)
		anyDeclared = anyDeclared || t.AvgDeclared != ""
	}
	if len(hhNames) > 0 {
		series := []chart.Series{computed}
		desc := "Barre orizzontali, una per Comune, lunghe quanto il numero medio di componenti per famiglia calcolato."
		if anyDeclared {
			series = append(series, declared)
			desc = "Per ogni Comune due barre: il numero medio di componenti per famiglia calcolato dalla popolazione e dalle famiglie, e quello stampato nel documento. Dove le due barre differiscono il documento riporta un valore errato. I valori sono nella tabella «Famiglie» che segue."
		}
		households = chart.Bars{ID: "grafico-famiglie", Title: "Numero medio di componenti per famiglia, calcolato e dichiarato",
			Desc: desc, Categories: hhNames, Series: series}.HTML()
	}
	var migNames []string
	bal := chart.Series{Name: "Saldo migratorio", Class: "pdz-s2"}
	for _, t := range v.Territories {
		if t.HasMigration {
			migNames = append(migNames, t.Name)
			bal.Values = append(bal.Values, t.BalanceValue)
			bal.Labels = append(bal.Labels, t.Balance)
		}
	}
	if len(migNames) > 0 {
		migration = chart.Bars{ID: "grafico-saldo", Title: "Saldo migratorio per Comune (immigrazioni meno emigrazioni)",
			Desc:       "Barre orizzontali a partire dallo zero: a destra i Comuni con saldo positivo, a sinistra quelli con saldo negativo. I valori sono nella tabella «Flussi migratori» che segue.",
			Categories: migNames, Series: []chart.Series{bal}}.HTML()
	}
	return
}

func commaToDot(s string) string {
	out := []byte{}
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '.':
		case ',':
			out = append(out, '.')
		default:
			out = append(out, s[i])
		}
	}
	return string(out)
}

// ---- chapter II and totals

// areaRow is a strategic area of the plan's framework with the plan's text
// and the sheets that mark it.
type areaRow struct {
	Area       pdz.FrameworkArea
	Text       *pdz.PlanArea
	Objectives []pdz.FrameworkItem
	Sheets     []*pdz.Sheet
}

func planAreaRows(p *pdz.Plan) []areaRow {
	var out []areaRow
	for _, a := range p.Framework.Areas {
		row := areaRow{Area: a, Text: p.Area(a.Code), Sheets: p.SheetsOfArea(a.Code)}
		if row.Text != nil {
			for _, l := range row.Text.Objectives {
				if o := p.Framework.Objective(a.Code, l); o != nil {
					row.Objectives = append(row.Objectives, *o)
				}
			}
		}
		out = append(out, row)
	}
	return out
}

// totalRow is a computed total with a label.
type totalRow struct {
	Label    string
	Cents    int64
	Complete bool
}

// planTotalsView is what the plan programs, computed from its sheets.
type planTotalsView struct {
	Years    []totalRow
	Macros   []totalRow
	Grand    totalRow
	Chart    template.HTML
	HasMoney bool
}

func planTotals(p *pdz.Plan) planTotalsView {
	var v planTotalsView
	v.Grand = totalRow{Label: "Totale", Complete: true}
	for _, y := range p.Years {
		row := totalRow{Label: strconv.Itoa(y), Complete: true}
		for i := range p.Sheets {
			if sy := p.Sheets[i].Year(y); sy != nil && sy.Programmed() {
				c, ok := sy.Computed()
				row.Cents += c
				row.Complete = row.Complete && ok && (len(sy.Lines) > 0 || sy.DeclaredTotal.Set)
			}
		}
		v.Years = append(v.Years, row)
		v.Grand.Cents += row.Cents
		v.Grand.Complete = v.Grand.Complete && row.Complete
	}
	byMacro := map[string]*totalRow{}
	var order []string
	for _, m := range p.Framework.Macros {
		byMacro[m.Code] = &totalRow{Label: m.Code + " – " + m.Title, Complete: true}
		order = append(order, m.Code)
	}
	for i := range p.Sheets {
		sh := &p.Sheets[i]
		key := sh.Macro
		if _, ok := byMacro[key]; !ok {
			key = "?"
			if byMacro[key] == nil {
				byMacro[key] = &totalRow{Label: "Altro o non indicata", Complete: true}
				order = append(order, key)
			}
		}
		c, ok := sh.Computed()
		byMacro[key].Cents += c
		byMacro[key].Complete = byMacro[key].Complete && ok
	}
	s := chart.Series{Name: "Programmato", Class: "pdz-s1"}
	var cats []string
	for _, k := range order {
		row := *byMacro[k]
		v.Macros = append(v.Macros, row)
		if row.Cents > 0 {
			cats = append(cats, row.Label)
			s.Values = append(s.Values, float64(row.Cents)/100)
			s.Labels = append(s.Labels, locale.Money(row.Cents))
		}
	}
	v.HasMoney = v.Grand.Cents > 0
	if len(cats) > 0 {
		v.Chart = chart.Bars{ID: "grafico-macro", Title: "Importi programmati per macro-attività (intero piano)",
			Desc:       "Barre orizzontali, una per macro-attività, lunghe quanto la somma degli importi programmati nelle schede. I valori sono nella tabella che segue.",
			Categories: cats, Series: []chart.Series{s}}.HTML()
	}
	return v
}

// ---- template helpers of the plan pages

func planFuncs() template.FuncMap {
	return template.FuncMap{
		"testo":     testo.HTML,
		"optInt":    fmtInt,
		"optMoney":  func(o pdz.OptInt) string { return optMoney(o) },
		"decimal":   func(d pdz.Decimal) string { return d.Italian() },
		"yearsText": pdz.YearsText,
		"quantity": func(code string) string {
			if q := pdz.QuantityOf(code); q != nil {
				return q.Label
			}
			return code
		},
	}
}

func optMoney(o pdz.OptInt) string {
	if !o.Set {
		return "€ ____"
	}
	return locale.Money(o.V)
}
