package risorse

import (
	"math"

	"github.com/pdz-ats/pdz/internal/pdz"
	"github.com/pdz-ats/pdz/internal/profilo"
)

// Staff is the social workers of the Ambito at the latest date given.
type Staff struct {
	Date       pdz.Date
	Rows       []pdz.SocialWorkers // at that date: the Comuni's, then the Ambito's
	Count      int64               // hundredths
	Missing    []string            // Comuni without a number at that date
	Population pdz.OptInt          // of the Ambito, at PopDate
	PopDate    pdz.Date
}

// ProgressRow is a row of the previous plan's progress with what is
// computed from it.
type ProgressRow struct {
	pdz.Progress
	Residual pdz.OptInt
	Percent  pdz.Decimal // committed / programmed, two decimals
	HasPct   bool
	Target   *pdz.FundingSource
}

// BudgetRow is a source of the ordinary budget in the budget summary.
type BudgetRow struct {
	Source    *pdz.FundingSource
	ByPeriod  []int64 // per Budget.Periods
	Total     int64
	Component bool // a component of a composite source
}

// Budget is the summary of the plan's ordinary budget ("BUDGET PDZ
// 2022-2024"): the sources of the ordinary budget with what each makes
// available, by period and over the plan, then what the sheets allocate
// from the ordinary budget and what is left.
type Budget struct {
	Periods   []Block // the coarsest periods every row can be shown in
	Rows      []BudgetRow
	ByPeriod  []int64
	Total     int64
	Tops      []*SourceMoney // the top-level sources of the ordinary budget
	Allocated Amount         // allocated from them
	Missing   []string       // budget sources without availability
}

// Report is the money of a plan as the pages, the API and the exports show
// it: every figure computed from the plan's data.
type Report struct {
	Plan      *pdz.Plan
	Years     []int
	Sources   []SourceMoney
	Totals    Totals
	Budget    Budget
	Cofin     Cofin
	Staff     Staff
	Progress  []ProgressRow
	FinSheets []FinSheet
	Checks    []Check
	Verdicts  []Verdict
	// Overflow says why nothing was computed: the plan's amounts add up
	// to more than int64 holds. Every amount is bounded (pdz.MaxMoney), but
	// enough of them could still overflow a sum; pdz then computes nothing
	// rather than show a total wrapped into a negative.
	Overflow string
}

// OverflowMessage is Report.Overflow.
const OverflowMessage = "Gli importi del piano, sommati, superano il massimo che pdz sa calcolare: nessun totale e nessuna verifica sono calcolati. Controlla gli importi inseriti o importati."

// sumsFit reports whether every amount of the plan, added up in absolute
// value with checked additions, fits in int64: then no sum, total or
// difference risorse computes from them can overflow.
func sumsFit(p *pdz.Plan) bool {
	var total int64
	ok := true
	add := func(c int64) {
		if c < 0 {
			if c == math.MinInt64 {
				ok = false
				return
			}
			c = -c
		}
		if ok {
			total, ok = pdz.AddMoney(total, c)
		}
	}
	opt := func(o pdz.OptInt) {
		if o.Set {
			add(o.V)
		}
	}
	for _, s := range p.Sources {
		for _, a := range s.Availability {
			add(a.Amount)
		}
		for _, q := range s.Quotas {
			add(q.Amount)
		}
	}
	for _, sh := range p.Sheets {
		opt(sh.DeclaredTotal)
		for _, y := range sh.Years {
			opt(y.DeclaredTotal)
			for _, l := range y.Lines {
				opt(l.Amount)
			}
		}
	}
	m := &p.Money
	for _, q := range m.Quotas {
		add(q.Amount)
	}
	for _, x := range m.Commitments {
		opt(x.Cash)
		opt(x.Services)
	}
	for _, h := range m.Historical {
		add(h.Amount)
	}
	for _, x := range m.Progress {
		opt(x.Budget)
		opt(x.Committed)
		opt(x.Paid)
	}
	for _, d := range m.Declared {
		add(d.Value.Units)
	}
	// a minimum is a percentage of the transfers, possibly above 100%:
	// keep a margin of a factor 100 for it
	return ok && total <= math.MaxInt64/100
}

// Compute builds the report of a loaded plan; comuni are the Ambito's.
func Compute(p *pdz.Plan, comuni []pdz.Comune) *Report {
	if p.Framework == nil {
		p.Framework = &pdz.Framework{}
	}
	r := &Report{Plan: p, Years: p.Years}
	if !sumsFit(p) {
		r.Overflow = OverflowMessage
		return r
	}
	r.Sources = ComputeSources(p)
	r.Totals = ComputeTotals(p)
	r.Budget = computeBudget(p, r.Sources)
	r.Cofin = computeCofin(p, comuni, r.Sources)
	r.Staff = computeStaff(p, comuni)
	for _, x := range p.Money.Progress {
		row := ProgressRow{Progress: x, Residual: x.Residual(), Target: progressTarget(p, &x)}
		if x.Budget.Set && x.Committed.Set && x.Budget.V > 0 {
			row.Percent, row.HasPct = PercentOf(x.Committed.V, x.Budget.V)
		}
		r.Progress = append(r.Progress, row)
	}
	r.FinSheets = computeFinSheets(p)
	r.Checks = r.checks()
	r.Verdicts = r.evaluate()
	return r
}

func computeStaff(p *pdz.Plan, comuni []pdz.Comune) Staff {
	var s Staff
	for _, x := range p.Money.Staff {
		if x.Date.After(s.Date) {
			s.Date = x.Date
		}
	}
	if !s.Date.IsZero() {
		have := map[int64]bool{}
		var ambito []pdz.SocialWorkers
		for _, x := range p.Money.Staff {
			if !x.Date.Equal(s.Date) {
				continue
			}
			s.Count += x.Count
			if x.ComuneID == 0 {
				ambito = append(ambito, x)
			} else {
				have[x.ComuneID] = true
				s.Rows = append(s.Rows, x)
			}
		}
		s.Rows = append(s.Rows, ambito...)
		for _, c := range comuni {
			if !have[c.ID] {
				s.Missing = append(s.Missing, c.Name)
			}
		}
	}
	if latest := profilo.Build(p.Profile, p.Declared, comuni).Latest(); latest != nil {
		s.Population, s.PopDate = latest.Ambito.Population(), latest.Date
	}
	return s
}

// computeBudget sums the ordinary budget: its leaf sources (a composite
// source of the budget shows through its components).
func computeBudget(p *pdz.Plan, sources []SourceMoney) Budget {
	var b Budget
	var rows []*SourceMoney
	var all []Entry
	for i := range sources {
		m := &sources[i]
		if !m.Budget {
			continue
		}
		if m.Parent == nil {
			b.Tops = append(b.Tops, m)
		}
		if m.Composite() {
			continue
		}
		rows = append(rows, m)
		all = append(all, m.Entries...)
		if !m.HasAvailability {
			b.Missing = append(b.Missing, m.Source.Code)
		}
	}
	b.Periods = blocks(p.Years, all, make([]Amount, len(p.Years)))
	b.ByPeriod = make([]int64, len(b.Periods))
	b.Allocated = known(0)
	for _, m := range rows {
		row := BudgetRow{Source: m.Source, ByPeriod: make([]int64, len(b.Periods)), Component: m.Parent != nil}
		for _, e := range m.Entries {
			for i, per := range b.Periods {
				if e.From >= per.From && e.From <= per.To {
					row.ByPeriod[i] += e.Amount
					b.ByPeriod[i] += e.Amount
				}
			}
			row.Total += e.Amount
		}
		b.Total += row.Total
		b.Rows = append(b.Rows, row)
	}
	for _, t := range b.Tops {
		b.Allocated = b.Allocated.Plus(t.AllocatedTotal)
	}
	return b
}

// progressTarget is the source receiving a progress row's residual, nil if none.
func progressTarget(p *pdz.Plan, x *pdz.Progress) *pdz.FundingSource {
	if x.TargetID != 0 {
		return p.Source(x.TargetID)
	}
	if x.TargetCode != "" {
		return p.SourceByCode(x.TargetCode)
	}
	return nil
}
