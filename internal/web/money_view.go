package web

import (
	"html/template"
	"strconv"

	"github.com/pdz-ats/pdz/internal/locale"
	"github.com/pdz-ats/pdz/internal/pdz"
	"github.com/pdz-ats/pdz/internal/profilo"
	"github.com/pdz-ats/pdz/internal/risorse"
)

// What the money pages show, built from risorse.Report: every figure is
// computed there; here it is only formatted.

// roundingRule is how the pages state the rounding rules.
const roundingRule = "Gli importi sono in euro e centesimi, calcolati in centesimi interi senza arrotondamenti. " +
	"Le percentuali sono arrotondate a due decimali, per eccesso dalla metà in su. " +
	"Le ripartizioni (tra i Comuni in proporzione alla popolazione, tra denaro e servizi) usano il metodo dei resti più alti: " +
	"ogni parte riceve la parte intera in centesimi della sua quota esatta e i centesimi restanti vanno, uno ciascuno, alle parti con il resto più alto " +
	"(a parità, a quella che precede in elenco), così che le parti sommino esattamente al totale."

func amountText(a risorse.Amount) string {
	s := locale.Money(a.Cents)
	if !a.Complete {
		s += " (con importi da definire)"
	}
	return s
}

func optMoneyDash(o pdz.OptInt) string {
	if !o.Set {
		return "—"
	}
	return locale.Money(o.V)
}

// cellView is a cell spanning one or more year columns.
type cellView struct {
	Text string
	Span int
	Note string
}

type sourceRow struct {
	M                          *risorse.SourceMoney
	Component                  bool
	Kind, FinSheet             string
	Cells                      []cellView
	Available, Allocated, Left string
	LeftNegative               bool
	Flows                      []string
}

type quotaTable struct {
	Source string
	Quotas []pdz.FrameworkItem
	Rows   []quotaRow
}

type quotaRow struct {
	Years      string
	Cells      []string
	Sum, Avail string
	Differs    bool
	Straddles  bool
}

type budgetView struct {
	Title     string
	Periods   []string
	Rows      []budgetRow
	ByPeriod  []string
	Total     string
	Allocated string
	Left      string
	Missing   []string
}

type budgetRow struct {
	Label     string
	Component bool
	Cells     []string
	Total     string
}

type cofinRow struct {
	Name, Population, Share, Minimum, Cash, Services, ByPopulation, Diff string
	ID                                                                   int64
	Commitments                                                          []string // per CommitYears: "denaro / servizi"
	HistPeriod, HistTotal, HistAverage                                   string
}

type cofinView struct {
	Rule        string
	Split       string
	SplitIssues []string
	MinRule     *pdz.FrameworkRule
	Base        []string
	BaseTotal   string
	BaseYear    int
	Percent     string
	Minimum     string
	Missing     []string
	Rows        []cofinRow
	Total       cofinRow
	Compare     bool
	CompareDate string
	Blocks      []commitRow
	CommitYears []int
	CommitTotal []string
	HistTotal   string
	HistAverage string
	HistMissing []string
	HasHist     bool
}

type commitRow struct {
	Years, Cash, Services, Total, Percent, Origin string
	Disagree                                      string
}

type staffView struct {
	Date, Population, PopDate, Count, PerWorker string
	Rows                                        []pdz.SocialWorkers
	Missing                                     []string
}

type progressRow struct {
	risorse.ProgressRow
	Budget, Committed, Paid, Residual, Percent, Target string
}

type totalsTable struct {
	ID, Title, Note string
	Groups          []risorse.Group
	Grand           risorse.Amount
	ByYear          []risorse.Amount
	Additive        bool
}

type checkRow struct {
	risorse.Check
	Badge    string
	Printed  string
	Computed string
	Diff     string
}

// moneyView is the money of a plan for its pages.
type moneyView struct {
	R          *risorse.Report
	Years      []int
	Verdicts   []risorse.Verdict
	Sources    []sourceRow
	Quotas     []quotaTable
	Budget     budgetView
	Cofin      cofinView
	Staff      staffView
	Progress   []progressRow
	Totals     []totalsTable
	FinSheets  []risorse.FinSheet
	Checks     []checkRow
	Flagged    []checkRow
	Summary    profilo.Summary
	Rounding   string
	Counts     map[string]int
	HasRules   bool
	Incomplete bool
}

func outcomeBadge(o risorse.Outcome) string {
	switch o {
	case risorse.Met:
		return "bg-success"
	case risorse.NotMet:
		return "bg-danger"
	}
	return "bg-secondary"
}

func buildMoney(r *risorse.Report) *moneyView {
	p := r.Plan
	v := &moneyView{R: r, Years: r.Years, Verdicts: r.Verdicts, FinSheets: r.FinSheets, Rounding: roundingRule,
		Counts: map[string]int{}, HasRules: len(r.Verdicts) > 0, Summary: r.Summary(), Incomplete: !r.Totals.Grand.Complete}
	for _, x := range r.Verdicts {
		v.Counts[string(x.Outcome)]++
	}
	// sources, composites followed by their components
	var order []*risorse.SourceMoney
	for i := range r.Sources {
		m := &r.Sources[i]
		if m.Parent != nil {
			continue
		}
		order = append(order, m)
		for _, c := range m.Components {
			order = append(order, risorse.SourceByCode(r.Sources, c.Code))
		}
	}
	for _, m := range order {
		row := sourceRow{M: m, Component: m.Parent != nil, Kind: pdz.SourceKindLabel(m.Source.Kind), FinSheet: m.FinSheet}
		if m.Source.Action != "" {
			row.Kind += ", azione " + m.Source.Action
		}
		for _, b := range m.Blocks {
			c := cellView{Span: b.To - b.From + 1, Text: "—"}
			for _, e := range m.Entries {
				if e.From >= b.From && e.From <= b.To {
					c.Text = locale.Money(b.Available)
				}
			}
			if c.Span > 1 && c.Text != "—" {
				c.Note = "per gli anni " + b.Years() + " insieme"
			}
			row.Cells = append(row.Cells, c)
		}
		if m.HasAvailability {
			row.Available = locale.Money(m.Available)
			row.Left = locale.Money(m.Left())
			row.LeftNegative = m.Left() < 0
		} else {
			row.Available, row.Left = "non indicata", "—"
		}
		row.Allocated = amountText(m.AllocatedTotal)
		for _, e := range m.Entries {
			if e.Progress != "" {
				row.Flows = append(row.Flows, locale.Money(e.Amount)+" residuo di «"+e.Progress+"»")
			}
		}
		v.Sources = append(v.Sources, row)
		if len(m.Quotas) > 0 || (m.Source.Kind == "fnps" && !m.Composite()) {
			qt := quotaTable{Source: m.Source.Code + " – " + m.Source.Name, Quotas: p.Framework.FNPSQuotas}
			for _, qp := range m.Quotas {
				qr := quotaRow{Years: qp.Years(), Sum: locale.Money(qp.Sum), Avail: locale.Money(qp.Available), Differs: qp.Sum != qp.Available, Straddles: qp.Straddles}
				for _, q := range qt.Quotas {
					if a, ok := qp.ByQuota[q.Code]; ok {
						qr.Cells = append(qr.Cells, locale.Money(a))
					} else {
						qr.Cells = append(qr.Cells, "—")
					}
				}
				qt.Rows = append(qt.Rows, qr)
			}
			v.Quotas = append(v.Quotas, qt)
		}
	}
	// budget summary
	b := r.Budget
	v.Budget = budgetView{Title: "Budget del Piano di Zona " + p.Cycle, Total: locale.Money(b.Total), Allocated: amountText(b.Allocated),
		Left: locale.Money(b.Total - b.Allocated.Cents), Missing: b.Missing}
	for _, per := range b.Periods {
		v.Budget.Periods = append(v.Budget.Periods, per.Years())
	}
	for _, x := range b.ByPeriod {
		v.Budget.ByPeriod = append(v.Budget.ByPeriod, locale.Money(x))
	}
	for _, row := range b.Rows {
		br := budgetRow{Label: row.Source.Code + " – " + row.Source.Name, Component: row.Component, Total: locale.Money(row.Total)}
		for _, x := range row.ByPeriod {
			br.Cells = append(br.Cells, locale.Money(x))
		}
		v.Budget.Rows = append(v.Budget.Rows, br)
	}
	v.Cofin = buildCofin(r)
	// staff
	st := r.Staff
	v.Staff = staffView{Rows: st.Rows, Missing: st.Missing, Count: pdz.PercentText(st.Count)}
	if !st.Date.IsZero() {
		v.Staff.Date = locale.ShortDate(st.Date)
	}
	if st.Population.Set {
		v.Staff.Population, v.Staff.PopDate = locale.Int(st.Population.V), locale.ShortDate(st.PopDate)
		if st.Count > 0 {
			v.Staff.PerWorker = locale.Int((st.Population.V*100*2 + st.Count) / (2 * st.Count))
		}
	}
	for _, x := range r.Progress {
		row := progressRow{ProgressRow: x, Budget: optMoneyDash(x.Budget), Committed: optMoneyDash(x.Committed), Paid: optMoneyDash(x.Paid),
			Residual: optMoneyDash(x.Residual), Percent: "—", Target: "—"}
		if x.HasPct {
			row.Percent = x.Percent.Italian() + "%"
		}
		if x.Target != nil {
			row.Target = x.Target.Code
		}
		v.Progress = append(v.Progress, row)
	}
	t := r.Totals
	mk := func(id, title, note string, gs []risorse.Group, additive bool) totalsTable {
		return totalsTable{ID: id, Title: title, Note: note, Groups: gs, Grand: t.Grand, ByYear: t.ByYear, Additive: additive}
	}
	v.Totals = []totalsTable{
		mk("per-fonte", "Per fonte di finanziamento", "", t.Sources, true),
		mk("per-scheda-finanziaria", "Per scheda finanziaria", "Ogni importo va nella scheda finanziaria del tipo della sua fonte.", t.FinSheets, true),
		mk("per-livello", "Per livello di priorità", "Una scheda con più livelli è contata nel più alto (nell'ordine del quadro regionale: LEPS prima).", t.Levels, true),
		mk("per-area", "Per area strategica", "Una scheda con più aree è contata nella prima nell'ordine del quadro regionale; la tabella successiva la conta in ognuna.", t.Areas, true),
		mk("per-area-tutte", "Per area strategica, contando ogni scheda in tutte le sue aree", "Questa tabella non somma al totale: una scheda con più aree vi compare più volte.", t.AreasAll, false),
		mk("per-macro", "Per macro-attività", "", t.Macros, true),
		mk("per-scheda", "Per scheda", "", t.Sheets, true),
	}
	for _, c := range r.Checks {
		row := checkRow{Check: c, Printed: printedText(c), Computed: "—", Diff: "—"}
		if c.Known {
			row.Computed, row.Diff = computedText(c, c.Computed), computedText(c, c.Diff)
		}
		switch {
		case c.Verdict == profilo.Agree:
			row.Badge = "bg-success"
		case c.Verdict == profilo.Rounded:
			row.Badge = "bg-info text-dark"
		case c.Verdict.Flagged():
			row.Badge = "bg-danger"
		default:
			row.Badge = "bg-secondary"
		}
		v.Checks = append(v.Checks, row)
		if c.Flagged() {
			v.Flagged = append(v.Flagged, row)
		}
	}
	return v
}

func printedText(c risorse.Check) string {
	if c.Quantity.Percent {
		return c.Declared.Value.Italian() + "%"
	}
	return locale.Money(c.Declared.Value.Units * pow10(2-c.Declared.Value.Scale))
}

func computedText(c risorse.Check, d pdz.Decimal) string {
	if c.Quantity.Percent {
		return d.Italian() + "%"
	}
	return locale.Money(d.Units)
}

func pow10(n int) int64 {
	p := int64(1)
	for ; n > 0; n-- {
		p *= 10
	}
	return p
}

func buildCofin(r *risorse.Report) cofinView {
	c := r.Cofin
	v := cofinView{MinRule: c.MinRule, BaseYear: c.BaseYear, Missing: c.BaseMissing, SplitIssues: c.SplitIssues, CommitYears: c.CommitYears,
		Compare: !c.PopDate.IsZero(), HistMissing: c.HistMissing, HasHist: c.HistRows > 0}
	switch c.Rule.Split {
	case pdz.SplitEntered:
		v.Split = "importi indicati per ciascun Comune"
	default:
		v.Split = "in proporzione alla popolazione residente al " + locale.ShortDate(c.Rule.Date)
	}
	v.Rule = "Ripartizione del minimo tra i Comuni: " + v.Split + "; parte in denaro " + pdz.PercentText(c.Rule.CashShare) +
		"%, in servizi " + pdz.PercentText(10000-c.Rule.CashShare) + "%."
	if c.RuleDefault {
		v.Rule += " (Il piano non ha ancora scelto: valgono le impostazioni predefinite.)"
	}
	if v.Compare {
		v.CompareDate = locale.ShortDate(c.PopDate)
	}
	if c.MinRule != nil {
		v.Percent = pdz.PercentText(c.PercentBP)
		for _, b := range c.Base {
			v.Base = append(v.Base, b.Source.Code+" "+strconv.Itoa(c.BaseYear)+": "+locale.Money(b.Amount))
		}
		v.BaseTotal = locale.Money(c.BaseTotal)
		v.Minimum = optMoneyDash(c.Minimum)
	}
	var pop int64
	popKnown := true
	for _, cc := range c.Comuni {
		row := cofinRow{Name: cc.Comune.Name, ID: cc.Comune.ID, Population: fmtInt(cc.Population), Share: "—",
			Minimum: optMoneyDash(cc.Minimum), Cash: optMoneyDash(cc.Cash), Services: optMoneyDash(cc.Services),
			ByPopulation: optMoneyDash(cc.ByPopulation), Diff: "—", HistPeriod: "—", HistTotal: "—", HistAverage: "—"}
		if cc.Population.Set {
			pop += cc.Population.V
			if cc.Share.Units != 0 || cc.Population.V == 0 {
				row.Share = cc.Share.Italian() + "%"
			}
		} else {
			popKnown = false
		}
		if cc.ByPopulation.Set && cc.Minimum.Set {
			row.Diff = locale.Money(cc.ByPopulation.V - cc.Minimum.V)
		}
		for _, y := range c.CommitYears {
			x, ok := cc.Commitments[y]
			if !ok {
				row.Commitments = append(row.Commitments, "—")
				continue
			}
			row.Commitments = append(row.Commitments, optMoneyDash(x.Cash)+" / "+optMoneyDash(x.Services))
		}
		if h := cc.Historical; h != nil {
			row.HistPeriod, row.HistTotal, row.HistAverage = pdz.PeriodText(h.From, h.To), locale.Money(h.Amount), optMoneyDash(cc.HistAverage)
		}
		v.Rows = append(v.Rows, row)
	}
	v.Total = cofinRow{Name: "Totale Ambito", Population: "—", Minimum: "—", Cash: optMoneyDash(c.Cash), Services: optMoneyDash(c.Services), ByPopulation: "—", Diff: "—"}
	if popKnown && len(c.Comuni) > 0 {
		v.Total.Population = locale.Int(pop)
	}
	var sumMin, sumPop int64
	allMin, allPop := len(c.Comuni) > 0, len(c.Comuni) > 0
	for _, cc := range c.Comuni {
		allMin = allMin && cc.Minimum.Set
		allPop = allPop && cc.ByPopulation.Set
		sumMin += cc.Minimum.V
		sumPop += cc.ByPopulation.V
	}
	if allMin {
		v.Total.Minimum = locale.Money(sumMin)
	}
	if allPop {
		v.Total.ByPopulation = locale.Money(sumPop)
		if allMin {
			v.Total.Diff = locale.Money(sumPop - sumMin)
		}
	}
	for _, y := range c.CommitYears {
		cash, services := c.CommitTotal(y)
		text := "—"
		if cash.Complete || services.Complete || cash.Cents+services.Cents > 0 {
			text = locale.Money(cash.Cents) + " / " + locale.Money(services.Cents)
			if !cash.Complete || !services.Complete {
				text += " (incompleto)"
			}
		}
		v.CommitTotal = append(v.CommitTotal, text)
	}
	for _, b := range c.Blocks {
		row := commitRow{Years: b.Years(), Cash: "—", Services: "—", Total: "—", Percent: "—", Origin: b.Origin(), Disagree: b.Disagree}
		if b.HasCash {
			row.Cash = locale.Money(b.Cash)
		}
		if b.HasServices {
			row.Services = locale.Money(b.Services)
		}
		if b.HasCash || b.HasServices {
			row.Total = locale.Money(b.Total())
			if c.Minimum.Set {
				if pct, ok := risorse.PercentOf(b.Total(), c.Minimum.V*b.YearsCount()); ok {
					row.Percent = pct.Italian() + "%"
				}
			}
		}
		v.Blocks = append(v.Blocks, row)
	}
	if c.HistRows > 0 {
		v.HistTotal, v.HistAverage = locale.Money(c.HistTotal), optMoneyDash(c.HistAverageCents())
	}
	return v
}

// moneyFuncs are the template helpers of the money pages.
func moneyFuncs() template.FuncMap {
	return template.FuncMap{
		"amount":       amountText,
		"outcomeBadge": outcomeBadge,
		"kindLabel":    pdz.SourceKindLabel,
		"count100":     func(n int64) string { return pdz.PercentText(n) },
	}
}
