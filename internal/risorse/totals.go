package risorse

import (
	"github.com/pdz-ats/pdz/internal/pdz"
)

// Amount is a sum of cents and whether every amount in it is known: a blank
// amount ("€ ____") leaves the sum incomplete, never zero.
type Amount struct {
	Cents    int64
	Complete bool
}

func known(c int64) Amount { return Amount{c, true} }

// Plus adds two sums.
func (a Amount) Plus(b Amount) Amount { return Amount{a.Cents + b.Cents, a.Complete && b.Complete} }

func (a *Amount) add(o pdz.OptInt) {
	if o.Set {
		a.Cents += o.V
	} else {
		a.Complete = false
	}
}

// Group is one row of a view of the totals: what is counted under a key
// (a sheet, a source, an area …), per year of the plan and overall.
type Group struct {
	Key    string // the sheet's or source's code, the area's, macro-activity's, level's or financial sheet's; "" for none
	Label  string
	ByYear []Amount // in the order of the plan's years
	Total  Amount
	Sheets []string // the sheets counted here, in plan order
}

func (g *Group) addSheet(code string) {
	for _, c := range g.Sheets {
		if c == code {
			return
		}
	}
	g.Sheets = append(g.Sheets, code)
}

// Totals are the plan's programmed amounts summed in every view. Each
// additive view attributes every amount to exactly one group, so its groups
// sum to the grand total: a sheet marking several areas (or priority
// levels) counts under the first of them in the framework's order. AreasAll
// and LevelsAll count a sheet under every area or level it marks (they do
// not sum to the total).
type Totals struct {
	Years     []int
	ByYear    []Amount
	Grand     Amount
	Sheets    []Group
	Sources   []Group
	Areas     []Group
	Macros    []Group
	Levels    []Group
	FinSheets []Group
	AreasAll  []Group
	LevelsAll []Group
}

// line is one amount of a sheet: a year, a source, cents or blank.
type line struct {
	sheet  int
	year   int
	source *pdz.FundingSource // nil: no source named
	amount pdz.OptInt
}

// lines lists every amount of the plan's sheets, and the sheet-years
// programmed with no amount at all (which leave their totals incomplete).
func lines(p *pdz.Plan) (out []line, gaps []line) {
	for i := range p.Sheets {
		sh := &p.Sheets[i]
		for _, y := range sh.Years {
			if !y.Programmed() {
				continue
			}
			if len(y.Lines) == 0 && !y.DeclaredTotal.Set {
				gaps = append(gaps, line{sheet: i, year: y.Year})
			}
			for _, l := range y.Lines {
				out = append(out, line{sheet: i, year: y.Year, source: lineSource(p, l), amount: l.Amount})
			}
		}
	}
	return out, gaps
}

// lineSource is the source an amount names, nil if none.
func lineSource(p *pdz.Plan, l pdz.SheetAmount) *pdz.FundingSource {
	if l.SourceID != 0 {
		return p.Source(l.SourceID)
	}
	if l.SourceCode != "" {
		return p.SourceByCode(l.SourceCode)
	}
	return nil
}

// view accumulates groups in a fixed order.
type view struct {
	years []int
	order []string
	by    map[string]*Group
}

func newView(years []int) *view { return &view{years: years, by: map[string]*Group{}} }

func (v *view) declare(key, label string) *Group {
	if g, ok := v.by[key]; ok {
		return g
	}
	g := &Group{Key: key, Label: label, ByYear: make([]Amount, len(v.years)), Total: known(0)}
	for i := range g.ByYear {
		g.ByYear[i] = known(0)
	}
	v.by[key] = g
	v.order = append(v.order, key)
	return g
}

func (v *view) add(key, label string, year int, a pdz.OptInt, sheet string) {
	g := v.declare(key, label)
	for i, y := range v.years {
		if y == year {
			g.ByYear[i].add(a)
		}
	}
	g.Total.add(a)
	if sheet != "" {
		g.addSheet(sheet)
	}
}

// groups returns the groups in declaration order; keep drops the empty
// ones that are not to be shown.
func (v *view) groups(keepEmpty func(key string) bool) []Group {
	var out []Group
	for _, k := range v.order {
		g := v.by[k]
		if len(g.Sheets) == 0 && (keepEmpty == nil || !keepEmpty(k)) {
			continue
		}
		out = append(out, *g)
	}
	return out
}

// primaryArea is the first area the sheet marks in the framework's order.
func primaryArea(fw *pdz.Framework, s *pdz.Sheet) string {
	for _, a := range fw.Areas {
		if s.HasArea(a.Code) {
			return a.Code
		}
	}
	if len(s.Areas) > 0 {
		return s.Areas[0]
	}
	return ""
}

// primaryLevel is the highest priority level the sheet marks (the
// framework lists them in order of priority: LEPS first).
func primaryLevel(fw *pdz.Framework, s *pdz.Sheet) string {
	for _, l := range fw.Levels {
		if s.HasLevel(l.Code) {
			return l.Code
		}
	}
	if len(s.Levels) > 0 {
		return s.Levels[0]
	}
	return ""
}

// finSheetOf is the financial sheet an amount from src goes to ("" none).
func finSheetOf(fw *pdz.Framework, src *pdz.FundingSource) string {
	if src == nil {
		return ""
	}
	if fs := fw.FinancialSheetOfKind(src.Kind); fs != nil {
		return fs.Code
	}
	return ""
}

const (
	noSource   = "Fonte non indicata"
	noArea     = "Area strategica non indicata"
	noMacro    = "Macro-attività non indicata"
	otherMacro = "Altro"
	noLevel    = "Livello di priorità non indicato"
	noFinSheet = "Importi non classificati (fonte senza scheda finanziaria)"
)

// ComputeTotals sums the plan's amounts in every view.
func ComputeTotals(p *pdz.Plan) Totals {
	fw := p.Framework
	if fw == nil {
		fw = &pdz.Framework{}
	}
	t := Totals{Years: p.Years, ByYear: make([]Amount, len(p.Years)), Grand: known(0)}
	for i := range t.ByYear {
		t.ByYear[i] = known(0)
	}
	sheets, sources, areas, macros, levels, fins := newView(p.Years), newView(p.Years), newView(p.Years), newView(p.Years), newView(p.Years), newView(p.Years)
	areasAll, levelsAll := newView(p.Years), newView(p.Years)
	for i := range p.Sheets {
		sh := &p.Sheets[i]
		g := sheets.declare(sh.Code, sh.Code+" – "+sh.Title)
		g.addSheet(sh.Code)
	}
	for i := range p.Sources {
		sources.declare(p.Sources[i].Code, p.Sources[i].Code+" – "+p.Sources[i].Name)
	}
	for _, a := range fw.Areas {
		areas.declare(a.Code, a.Code+". "+a.Title)
		areasAll.declare(a.Code, a.Code+". "+a.Title)
	}
	for _, m := range fw.Macros {
		macros.declare(m.Code, m.Code+" – "+m.Title)
	}
	for _, l := range fw.Levels {
		levels.declare(l.Code, l.Title)
		levelsAll.declare(l.Code, l.Title)
	}
	for _, f := range fw.FinancialSheets {
		fins.declare(f.Code, "Scheda "+f.Code+" – "+f.Title)
	}
	areaLabel := func(code string) string {
		if code == "" {
			return noArea
		}
		if a := fw.Area(code); a != nil {
			return a.Code + ". " + a.Title
		}
		return code
	}
	levelLabel := func(code string) string {
		if code == "" {
			return noLevel
		}
		if l := fw.Level(code); l != nil {
			return l.Title
		}
		return code
	}
	macroLabel := func(code string) string {
		switch code {
		case "":
			return noMacro
		case pdz.MacroOther:
			return otherMacro
		}
		if m := fw.Macro(code); m != nil {
			return m.Code + " – " + m.Title
		}
		return code
	}
	ls, gaps := lines(p)
	for _, l := range ls {
		sh := &p.Sheets[l.sheet]
		for i, y := range t.Years {
			if y == l.year {
				t.ByYear[i].add(l.amount)
			}
		}
		t.Grand.add(l.amount)
		sheets.add(sh.Code, "", l.year, l.amount, sh.Code)
		if l.source == nil {
			sources.add("", noSource, l.year, l.amount, sh.Code)
		} else {
			sources.add(l.source.Code, l.source.Code+" – "+l.source.Name, l.year, l.amount, sh.Code)
		}
		a := primaryArea(fw, sh)
		areas.add(a, areaLabel(a), l.year, l.amount, sh.Code)
		for _, code := range sh.Areas {
			areasAll.add(code, areaLabel(code), l.year, l.amount, sh.Code)
		}
		macros.add(sh.Macro, macroLabel(sh.Macro), l.year, l.amount, sh.Code)
		lv := primaryLevel(fw, sh)
		levels.add(lv, levelLabel(lv), l.year, l.amount, sh.Code)
		for _, code := range sh.Levels {
			levelsAll.add(code, levelLabel(code), l.year, l.amount, sh.Code)
		}
		f := finSheetOf(fw, l.source)
		label := noFinSheet
		if fs := fw.FinancialSheet(f); fs != nil {
			label = "Scheda " + fs.Code + " – " + fs.Title
		}
		fins.add(f, label, l.year, l.amount, sh.Code)
	}
	// A programmed year with no amount at all leaves the totals of its
	// sheet, year, area, macro-activity and level incomplete.
	for _, gp := range gaps {
		sh := &p.Sheets[gp.sheet]
		for i, y := range t.Years {
			if y == gp.year {
				t.ByYear[i].Complete = false
			}
		}
		t.Grand.Complete = false
		mark := func(v *view, key, label string) {
			g := v.declare(key, label)
			for i, y := range v.years {
				if y == gp.year {
					g.ByYear[i].Complete = false
				}
			}
			g.Total.Complete = false
			g.addSheet(sh.Code)
		}
		mark(sheets, sh.Code, "")
		a := primaryArea(fw, sh)
		mark(areas, a, areaLabel(a))
		mark(macros, sh.Macro, macroLabel(sh.Macro))
		lv := primaryLevel(fw, sh)
		mark(levels, lv, levelLabel(lv))
	}
	t.Sheets = sheets.groups(func(string) bool { return true })
	t.Sources = sources.groups(func(k string) bool { return k != "" })
	t.Areas = areas.groups(nil)
	t.Macros = macros.groups(nil)
	t.Levels = levels.groups(nil)
	t.AreasAll = areasAll.groups(nil)
	t.LevelsAll = levelsAll.groups(nil)
	t.FinSheets = fins.groups(func(k string) bool { return k != "" })
	return t
}
