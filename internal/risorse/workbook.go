package risorse

import (
	"strconv"
	"strings"

	"github.com/pdz-ats/pdz/internal/pdz"
	"github.com/pdz-ats/pdz/internal/spreadsheet"
)

// Workbook is the money of the plan as a spreadsheet (XLSX, ODS): the
// financial sheets (Scheda A, B-COM, C), the budget summary, the sources
// with their availability and FNPS quotas, the co-financing, the previous
// plan's progress, the totals in every view, the rules' verdicts and the
// checks of the printed figures. Every value is written as computed (money
// as euro, percentages and counts as decimals), never as a formula.
func (r *Report) Workbook() *spreadsheet.Workbook {
	p := r.Plan
	wb := &spreadsheet.Workbook{Title: "Risorse – " + p.Title}
	T, M, Y := spreadsheet.Text, spreadsheet.Money, spreadsheet.Year
	col := func(title string, width float64) spreadsheet.Column {
		return spreadsheet.Column{Title: title, Width: width}
	}
	complete := func(a Amount) spreadsheet.Cell {
		if a.Complete {
			return T("sì")
		}
		return T("no: importi da definire")
	}
	dec := func(d pdz.Decimal) spreadsheet.Cell { return spreadsheet.Decimal(d.Units, d.Scale) }
	opt := func(o pdz.OptInt) spreadsheet.Cell {
		if !o.Set {
			return T("")
		}
		return M(o.V)
	}
	years := p.Years
	if r.Overflow != "" {
		wb.Sheet("Errore", col("Errore", 100)).Add(T(r.Overflow))
		return wb
	}

	// the financial sheets
	for _, f := range r.FinSheets {
		name := "Scheda " + f.Code
		if f.Code == "" {
			name = "Non classificati"
		}
		cols := []spreadsheet.Column{col("Anno", 10), col("Scheda", 9), col("Titolo", 40), col("Intervento", 11), col("Livello di priorità", 18)}
		for _, s := range f.Sources {
			if s == nil {
				cols = append(cols, col("Fonte non indicata", 16))
			} else {
				cols = append(cols, col(s.Code, 16))
			}
		}
		cols = append(cols, col("Totale", 16), col("Completo", 12))
		sh := wb.Sheet(name, cols...)
		if f.Empty() {
			sh.Add(T(p.Cycle), T(""), T("Nessun importo: la scheda "+f.Code+" non è programmata."))
			continue
		}
		levels := func(s *pdz.Sheet) string { return strings.Join(levelTitles(p.Framework, s), ", ") }
		for yi, y := range years {
			for _, row := range f.Rows {
				cells := []spreadsheet.Cell{Y(y), T(row.Sheet.Code), T(row.Sheet.Title), T(row.Sheet.Intervention), T(levels(row.Sheet))}
				for c := range f.Sources {
					cells = append(cells, M(row.Cells[yi][c].Cents))
				}
				sh.Add(append(cells, M(row.ByYear[yi].Cents), complete(row.ByYear[yi]))...)
			}
			cells := []spreadsheet.Cell{Y(y), T("Totale"), T(""), T(""), T("")}
			for c := range f.Sources {
				cells = append(cells, M(f.Cells[yi][c].Cents))
			}
			sh.Add(append(cells, M(f.ByYear[yi].Cents), complete(f.ByYear[yi]))...)
		}
		for _, row := range f.Rows {
			cells := []spreadsheet.Cell{T(p.Cycle), T(row.Sheet.Code), T(row.Sheet.Title), T(row.Sheet.Intervention), T(levels(row.Sheet))}
			for c := range f.Sources {
				cells = append(cells, M(row.BySource[c].Cents))
			}
			sh.Add(append(cells, M(row.Total.Cents), complete(row.Total))...)
		}
		cells := []spreadsheet.Cell{T(p.Cycle), T("Totale"), T(""), T(""), T("")}
		for c := range f.Sources {
			cells = append(cells, M(f.BySource[c].Cents))
		}
		sh.Add(append(cells, M(f.Total.Cents), complete(f.Total))...)
	}

	// the budget summary
	b := r.Budget
	cols := []spreadsheet.Column{col("Fonte", 16), col("Nome", 40), col("Componente di", 14)}
	for _, per := range b.Periods {
		cols = append(cols, col(per.Years(), 16))
	}
	cols = append(cols, col("Totale", 16))
	sh := wb.Sheet("Budget PdZ", cols...)
	parentCode := func(s *pdz.FundingSource) string {
		if par := parentOf(p, s); par != nil && par != s {
			return par.Code
		}
		return ""
	}
	for _, row := range b.Rows {
		cells := []spreadsheet.Cell{T(row.Source.Code), T(row.Source.Name), T(parentCode(row.Source))}
		for _, v := range row.ByPeriod {
			cells = append(cells, M(v))
		}
		sh.Add(append(cells, M(row.Total))...)
	}
	// each composite source of the budget (PDZ, QFP) with its own total,
	// the figure of the sheet "Fonti", so that PDZ is never read as the
	// whole budget
	for _, top := range b.Tops {
		if !top.Composite() {
			continue
		}
		byPeriod, total := make([]int64, len(b.Periods)), int64(0)
		for _, row := range b.Rows {
			if parentCode(row.Source) == top.Source.Code {
				for i, v := range row.ByPeriod {
					byPeriod[i] += v
				}
				total += row.Total
			}
		}
		cells := []spreadsheet.Cell{T("Totale " + top.Source.Code), T(top.Source.Name), T("")}
		for _, v := range byPeriod {
			cells = append(cells, M(v))
		}
		sh.Add(append(cells, M(total))...)
	}
	cells := []spreadsheet.Cell{T("BUDGET PDZ " + p.Cycle), T("Fondo Unico di Ambito: tutte le fonti del budget ordinario"), T("")}
	for _, v := range b.ByPeriod {
		cells = append(cells, M(v))
	}
	sh.Add(append(cells, M(b.Total))...)
	pad := func(n int) []spreadsheet.Cell { return make([]spreadsheet.Cell, n) }
	sh.Add(append(append([]spreadsheet.Cell{T("Programmato nelle schede"), T("sulle fonti del budget ordinario"), T("")}, pad(len(b.Periods))...), M(b.Allocated.Cents))...)
	sh.Add(append(append([]spreadsheet.Cell{T("Non programmato"), T(""), T("")}, pad(len(b.Periods))...), M(b.Total-b.Allocated.Cents))...)

	// the sources
	sh = wb.Sheet("Fonti", col("Fonte", 16), col("Nome", 40), col("Tipo", 30), col("Componente di", 14), col("Scheda finanziaria", 12),
		col("Disponibile", 16), col("Programmato", 16), col("Non programmato", 16), col("Programmato completo", 12))
	for _, m := range r.Sources {
		parent := ""
		if m.Parent != nil {
			parent = m.Parent.Code
		}
		avail, left := T("non indicata"), T("")
		if m.HasAvailability {
			avail, left = M(m.Available), M(m.Left())
		}
		sh.Add(T(m.Source.Code), T(m.Source.Name), T(pdz.SourceKindLabel(m.Source.Kind)), T(parent), T(m.FinSheet), avail, M(m.AllocatedTotal.Cents), left, complete(m.AllocatedTotal))
	}
	sh = wb.Sheet("Disponibilità", col("Fonte", 16), col("Dal", 8), col("Al", 8), col("Importo", 16), col("Origine", 40))
	for _, m := range r.Sources {
		if m.Composite() {
			continue
		}
		for _, e := range m.Entries {
			origin := "indicato nel piano"
			if e.Progress != "" {
				origin = "residuo di «" + e.Progress + "» (avanzamento del piano precedente)"
			}
			if e.Notes != "" && e.Progress == "" {
				origin += ": " + e.Notes
			}
			sh.Add(T(m.Source.Code), Y(e.From), Y(e.To), M(e.Amount), T(origin))
		}
	}
	cols = []spreadsheet.Column{col("Fonte", 16), col("Dal", 8), col("Al", 8)}
	for _, q := range p.Framework.FNPSQuotas {
		cols = append(cols, col(q.Title, 18))
	}
	cols = append(cols, col("Somma delle quote", 16), col("Importo del FNPS", 16), col("Coincide", 10))
	sh = wb.Sheet("Quote FNPS", cols...)
	for _, m := range r.Sources {
		for _, qp := range m.Quotas {
			cells := []spreadsheet.Cell{T(m.Source.Code), Y(qp.From), Y(qp.To)}
			for _, q := range p.Framework.FNPSQuotas {
				if v, ok := qp.ByQuota[q.Code]; ok {
					cells = append(cells, M(v))
				} else {
					cells = append(cells, T(""))
				}
			}
			same := "sì"
			if qp.Sum != qp.Available || qp.Straddles {
				same = "no"
			}
			sh.Add(append(cells, M(qp.Sum), M(qp.Available), T(same))...)
		}
	}

	// co-financing
	c := r.Cofin
	sh = wb.Sheet("Cofinanziamento", col("Comune", 18), col("Popolazione", 12), col("Quota della popolazione (%)", 12), col("Minimo", 16),
		col("Minimo in denaro", 16), col("Minimo in servizi", 16), col("Minimo per popolazione", 16), col("Spesa storica dal", 10),
		col("Spesa storica al", 10), col("Spesa storica", 16), col("Spesa storica media annua", 16))
	for _, cc := range c.Comuni {
		pop, share := T(""), T("")
		if cc.Population.Set {
			pop, share = spreadsheet.Int(cc.Population.V), dec(cc.Share)
		}
		hf, ht, ha := T(""), T(""), T("")
		if h := cc.Historical; h != nil {
			hf, ht, ha = Y(h.From), Y(h.To), M(h.Amount)
		}
		sh.Add(T(cc.Comune.Name), pop, share, opt(cc.Minimum), opt(cc.Cash), opt(cc.Services), opt(cc.ByPopulation), hf, ht, ha, opt(cc.HistAverage))
	}
	histTotal := T("")
	if c.HistRows > 0 {
		histTotal = M(c.HistTotal)
	}
	sh.Add(T("Totale Ambito"), T(""), T(""), opt(c.Minimum), opt(c.Cash), opt(c.Services), T(""), T(""), T(""), histTotal, opt(c.HistAverageCents()))
	sh = wb.Sheet("Cofinanziamento per anno", col("Comune", 18), col("Dal", 8), col("Al", 8), col("In denaro", 16), col("In servizi", 16), col("Note", 30))
	for _, bl := range c.Blocks {
		cash, services := T(""), T("")
		if bl.HasCash {
			cash = M(bl.Cash)
		}
		if bl.HasServices {
			services = M(bl.Services)
		}
		sh.Add(T("Ambito ("+bl.Origin()+")"), Y(bl.From), Y(bl.To), cash, services, T(bl.Disagree))
		if bl.FromComuni && bl.HasSources {
			sh.Add(T("Fonti di cofinanziamento del piano"), Y(bl.From), Y(bl.To), M(bl.SourcesCash), M(bl.SourcesServices), T(""))
		}
	}
	for _, cc := range c.Comuni {
		for _, y := range c.CommitYears {
			if x, ok := cc.Commitments[y]; ok {
				sh.Add(T(cc.Comune.Name), Y(y), Y(y), opt(x.Cash), opt(x.Services), T(x.Notes))
			}
		}
	}

	// the previous plan's progress
	sh = wb.Sheet("Avanzamento precedente", col("Fondo", 20), col("Periodo", 12), col("Programmato", 16), col("Impegnato", 16), col("Liquidato", 16),
		col("Residuo", 16), col("Avanzamento (%)", 12), col("Residuo nella fonte", 14))
	for _, x := range r.Progress {
		pct := T("")
		if x.HasPct {
			pct = dec(x.Percent)
		}
		target := ""
		if x.Target != nil {
			target = x.Target.Code
		}
		sh.Add(T(x.Fund), T(x.Period), opt(x.Budget), opt(x.Committed), opt(x.Paid), opt(x.Residual), pct, T(target))
	}

	// the totals in every view
	cols = []spreadsheet.Column{col("Vista", 22), col("Voce", 40)}
	for _, y := range years {
		cols = append(cols, col(strconv.Itoa(y), 16))
	}
	cols = append(cols, col("Totale", 16), col("Completo", 12))
	sh = wb.Sheet("Totali", cols...)
	t := r.Totals
	for _, v := range []struct {
		name   string
		groups []Group
	}{{"Per fonte", t.Sources}, {"Per scheda finanziaria", t.FinSheets}, {"Per livello di priorità", t.Levels}, {"Per area strategica", t.Areas},
		{"Per macro-attività", t.Macros}, {"Per scheda", t.Sheets}} {
		for _, g := range v.groups {
			cells := []spreadsheet.Cell{T(v.name), T(g.Label)}
			for _, a := range g.ByYear {
				cells = append(cells, M(a.Cents))
			}
			sh.Add(append(cells, M(g.Total.Cents), complete(g.Total))...)
		}
	}
	cells = []spreadsheet.Cell{T("Totale"), T("")}
	for _, a := range t.ByYear {
		cells = append(cells, M(a.Cents))
	}
	sh.Add(append(cells, M(t.Grand.Cents), complete(t.Grand))...)

	// the rules
	sh = wb.Sheet("Regole", col("Regola", 22), col("Esito", 18), col("Enunciato o verifica", 50), col("Dato", 40), col("Valore", 16),
		col("Unità", 12), col("Mancano", 40))
	value := func(f Figure) spreadsheet.Cell {
		if f.Unit == Euro {
			return M(f.Value.Units)
		}
		return dec(f.Value)
	}
	figureRows := func(id string, fs []Figure, short *Figure) {
		for _, f := range fs {
			sh.Add(T(id), T(""), T(""), T(f.Label), value(f), T(string(f.Unit)), T(""))
		}
		if short != nil {
			sh.Add(T(id), T(""), T(""), T("Scarto: "+short.Label), value(*short), T(string(short.Unit)), T(""))
		}
	}
	for _, v := range r.Verdicts {
		sh.Add(T(v.Rule.ID), T(v.Outcome.Label()), T(v.Rule.Statement), T(""), T(""), T(""), T(strings.Join(v.Missing, "; ")))
		figureRows(v.Rule.ID, v.Figures, v.Shortfall)
		for _, part := range v.Parts {
			sh.Add(T(v.Rule.ID), T(part.Outcome.Label()), T(part.Label), T(""), T(""), T(""), T(strings.Join(part.Missing, "; ")))
			figureRows(v.Rule.ID, part.Figures, part.Shortfall)
		}
	}

	// the printed figures
	sh = wb.Sheet("Verifiche", col("Grandezza", 30), col("Riferimento", 30), col("Stampato", 16), col("Calcolato", 16), col("Differenza", 16),
		col("Esito", 16), col("Dove", 36), col("Nota", 36))
	for _, ch := range r.Checks {
		num := func(d pdz.Decimal) spreadsheet.Cell {
			if ch.Quantity.Percent {
				return dec(d)
			}
			return M(d.Units)
		}
		printed := ch.Declared.Value
		if !ch.Quantity.Percent {
			for printed.Scale < 2 {
				printed.Units, printed.Scale = printed.Units*10, printed.Scale+1
			}
		}
		computed, diff := T(""), T("")
		if ch.Known {
			computed, diff = num(ch.Computed), num(ch.Diff)
		}
		sh.Add(T(ch.Quantity.Label), T(ch.Subject), num(printed), computed, diff, T(ch.Verdict.Label()), T(ch.Declared.Table), T(ch.Basis))
	}
	return wb
}

// levelTitles are the priority levels a sheet marks by their titles in the
// framework, as the pages show them ("LEPS", never the code "leps").
func levelTitles(fw *pdz.Framework, s *pdz.Sheet) []string {
	var out []string
	for _, code := range s.Levels {
		if l := fw.Level(code); l != nil {
			out = append(out, l.Title)
		} else {
			out = append(out, code)
		}
	}
	return out
}
