package risorse

import (
	"sort"

	"github.com/pdz-ats/pdz/internal/pdz"
)

// Entry is an amount a source makes available over a year or a period:
// typed in the plan, or flowing from the previous plan's progress (its
// residual becomes residui of the new plan in its first year).
type Entry struct {
	Source   string // code of the source it belongs to (a component's, for a composite)
	From, To int
	Amount   int64
	Notes    string
	Progress string // the previous plan's fund whose residual this is; "" when typed
}

// Block is a run of consecutive years that entries spanning several years
// ("FGSA 2023-2024") tie together: availability and allocations are
// compared over a block, since such an amount may be spent in any of its
// years.
type Block struct {
	From, To  int
	Available int64
	Allocated Amount
}

// Years is "2022" or "2023-2024".
func (b Block) Years() string { return pdz.PeriodText(b.From, b.To) }

// QuotaPeriod is the FNPS quotas of a year or period.
type QuotaPeriod struct {
	From, To  int
	ByQuota   map[string]int64
	Sum       int64
	Available int64 // the source's availability over the period
	Straddles bool  // an availability entry crosses the period's bounds
}

// Years is "2022" or "2023-2024".
func (q QuotaPeriod) Years() string { return pdz.PeriodText(q.From, q.To) }

// SourceMoney is a funding source with its money: what it makes available,
// what the sheets allocate from it, and (FNPS) its quotas.
type SourceMoney struct {
	Source          *pdz.FundingSource
	Parent          *pdz.FundingSource
	Components      []*pdz.FundingSource
	Entries         []Entry // its own, or its components' for a composite
	HasAvailability bool
	Available       int64    // over the whole plan
	AvailableByYear []Amount // single-year entries per plan year; incomplete where a period entry covers the year
	Direct          []Amount // allocated naming this source, per plan year
	Allocated       []Amount // direct, plus the components' for a composite
	AllocatedTotal  Amount
	Blocks          []Block
	Quotas          []QuotaPeriod
	FinSheet        string // code of the financial sheet of its type
	Budget          bool   // part of the ordinary budget (Fondo Unico di Ambito)
}

// Composite reports whether the source is made of others.
func (s *SourceMoney) Composite() bool { return len(s.Components) > 0 }

// Left is what is available and not allocated over the plan (negative when
// more is allocated than available).
func (s *SourceMoney) Left() int64 { return s.Available - s.AllocatedTotal.Cents }

// flows are the residuals of the previous plan's progress, by the code of
// the source that receives them.
func flows(p *pdz.Plan) map[string][]Entry {
	out := map[string][]Entry{}
	if len(p.Years) == 0 {
		return out
	}
	for _, x := range p.Money.Progress {
		r := x.Residual()
		t := progressTarget(p, &x)
		if t == nil || !r.Set || r.V <= 0 {
			continue
		}
		target := t.Code
		out[target] = append(out[target], Entry{From: p.Years[0], To: p.Years[0], Amount: r.V, Progress: x.Fund,
			Notes: "Residuo di " + x.Fund})
	}
	return out
}

// ordinaryKinds are the source types of the financial sheet marked as the
// ordinary budget of the plan.
func ordinaryKinds(fw *pdz.Framework) map[string]bool {
	out := map[string]bool{}
	for _, f := range fw.FinancialSheets {
		if f.Ordinary {
			for _, k := range f.Kinds {
				out[k] = true
			}
		}
	}
	return out
}

// ComputeSources gathers the money of every source, in plan order.
func ComputeSources(p *pdz.Plan) []SourceMoney {
	fw := p.Framework
	if fw == nil {
		fw = &pdz.Framework{}
	}
	ord := ordinaryKinds(fw)
	fl := flows(p)
	yearIdx := map[int]int{}
	for i, y := range p.Years {
		yearIdx[y] = i
	}
	zero := func() []Amount {
		a := make([]Amount, len(p.Years))
		for i := range a {
			a[i] = known(0)
		}
		return a
	}
	out := make([]SourceMoney, len(p.Sources))
	idx := map[*pdz.FundingSource]int{}
	for i := range p.Sources {
		s := &p.Sources[i]
		idx[s] = i
		m := &out[i]
		m.Source = s
		m.Direct, m.Allocated, m.AllocatedTotal = zero(), zero(), known(0)
		m.FinSheet = finSheetOf(fw, s)
		for _, a := range s.Availability {
			m.Entries = append(m.Entries, Entry{Source: s.Code, From: a.From, To: a.To, Amount: a.Amount, Notes: a.Notes})
		}
		m.Entries = append(m.Entries, withSource(fl[s.Code], s.Code)...)
	}
	for i := range p.Sources {
		s := &p.Sources[i]
		if par := parentOf(p, s); par != nil && par != s {
			j := idx[par]
			out[i].Parent = par
			out[j].Components = append(out[j].Components, s)
		}
	}
	for i := range out {
		m := &out[i]
		if m.Composite() {
			for _, c := range m.Components {
				m.Entries = append(m.Entries, out[idx[c]].Entries...)
			}
			sort.SliceStable(m.Entries, func(a, b int) bool { return m.Entries[a].From < m.Entries[b].From })
		}
		m.Budget = ord[m.Source.Kind] || (m.Parent != nil && ord[m.Parent.Kind])
	}
	ls, _ := lines(p)
	for _, l := range ls {
		if l.source == nil {
			continue
		}
		i, ok := idx[l.source]
		if !ok {
			continue
		}
		yi, ok := yearIdx[l.year]
		if !ok {
			continue
		}
		out[i].Direct[yi].add(l.amount)
		out[i].Allocated[yi].add(l.amount)
		out[i].AllocatedTotal.add(l.amount)
		if par := out[i].Parent; par != nil {
			j := idx[par]
			out[j].Allocated[yi].add(l.amount)
			out[j].AllocatedTotal.add(l.amount)
		}
	}
	for i := range out {
		m := &out[i]
		m.HasAvailability = len(m.Entries) > 0
		m.AvailableByYear = zero()
		for _, e := range m.Entries {
			m.Available += e.Amount
			if e.From == e.To {
				if yi, ok := yearIdx[e.From]; ok {
					m.AvailableByYear[yi].Cents += e.Amount
				}
			} else {
				for y := e.From; y <= e.To; y++ {
					if yi, ok := yearIdx[y]; ok {
						m.AvailableByYear[yi].Complete = false
					}
				}
			}
		}
		m.Blocks = blocks(p.Years, m.Entries, m.Allocated)
		m.Quotas = quotaPeriods(m.Source, m.Entries)
	}
	return out
}

// parentOf is the composite source s is a component of, nil if none.
func parentOf(p *pdz.Plan, s *pdz.FundingSource) *pdz.FundingSource {
	if s == nil {
		return nil
	}
	if s.ParentID != 0 {
		return p.Source(s.ParentID)
	}
	if s.ParentCode != "" {
		return p.SourceByCode(s.ParentCode)
	}
	return nil
}

func withSource(es []Entry, code string) []Entry {
	out := make([]Entry, len(es))
	for i, e := range es {
		e.Source = code
		out[i] = e
	}
	return out
}

// blocks partitions the plan's years into runs tied by entries spanning
// several years, with the availability and the allocations of each run.
func blocks(years []int, entries []Entry, allocated []Amount) []Block {
	if len(years) == 0 {
		return nil
	}
	// end[i] is the last year index tied to year index i.
	tiedToNext := make([]bool, len(years))
	for _, e := range entries {
		for i := range years {
			if years[i] >= e.From && years[i] < e.To && i+1 < len(years) && years[i+1] <= e.To {
				tiedToNext[i] = true
			}
		}
	}
	var out []Block
	start := 0
	for i := range years {
		if i+1 < len(years) && tiedToNext[i] {
			continue
		}
		b := Block{From: years[start], To: years[i], Allocated: known(0)}
		for j := start; j <= i; j++ {
			b.Allocated = b.Allocated.Plus(allocated[j])
		}
		for _, e := range entries {
			if e.From >= b.From && e.From <= b.To {
				b.Available += e.Amount
			}
		}
		out = append(out, b)
		start = i + 1
	}
	return out
}

// quotaPeriods groups an FNPS source's quotas by period and sets them
// against the source's availability over each period.
func quotaPeriods(s *pdz.FundingSource, entries []Entry) []QuotaPeriod {
	var out []QuotaPeriod
	find := func(from, to int) *QuotaPeriod {
		for i := range out {
			if out[i].From == from && out[i].To == to {
				return &out[i]
			}
		}
		out = append(out, QuotaPeriod{From: from, To: to, ByQuota: map[string]int64{}})
		return &out[len(out)-1]
	}
	for _, q := range s.Quotas {
		qp := find(q.From, q.To)
		qp.ByQuota[q.Quota] += q.Amount
		qp.Sum += q.Amount
	}
	for i := range out {
		qp := &out[i]
		for _, e := range entries {
			inside := e.From >= qp.From && e.To <= qp.To
			overlaps := e.From <= qp.To && e.To >= qp.From
			if inside {
				qp.Available += e.Amount
			} else if overlaps {
				qp.Straddles = true
			}
		}
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].From < out[b].From })
	return out
}

// SourceByCode finds a source's money by code.
func SourceByCode(ms []SourceMoney, code string) *SourceMoney {
	for i := range ms {
		if ms[i].Source.Code == code {
			return &ms[i]
		}
	}
	return nil
}
