package risorse

import (
	"github.com/pdz-ats/pdz/internal/pdz"
)

// FinRow is a service sheet's line in a financial sheet: its amounts per
// year and source (only the sources the financial sheet gathers).
type FinRow struct {
	Sheet    *pdz.Sheet
	Cells    [][]Amount // [year][source column]
	ByYear   []Amount
	BySource []Amount
	Total    Amount
}

// FinSheet is a regional financial sheet (Scheda A, B-COM, C) computed from
// the sheets' amounts: one row per service sheet with amounts from its
// source types, one column per source used, per year and over the plan.
// Code "" gathers the amounts no financial sheet takes (no source, or a
// type no sheet lists).
type FinSheet struct {
	Code     string
	Title    string
	Note     string
	Ordinary bool
	Kinds    []string
	Sources  []*pdz.FundingSource // columns; a nil entry is "no source named"
	Rows     []FinRow
	Cells    [][]Amount // totals [year][source column]
	ByYear   []Amount
	BySource []Amount
	Total    Amount
}

// Empty reports whether no amount goes to the financial sheet.
func (f *FinSheet) Empty() bool { return len(f.Rows) == 0 }

func computeFinSheets(p *pdz.Plan) []FinSheet {
	fw := p.Framework
	ls, _ := lines(p)
	ny := len(p.Years)
	yi := map[int]int{}
	for i, y := range p.Years {
		yi[y] = i
	}
	grid := func(cols int) [][]Amount {
		g := make([][]Amount, ny)
		for i := range g {
			g[i] = make([]Amount, cols)
			for j := range g[i] {
				g[i][j] = known(0)
			}
		}
		return g
	}
	zeros := func(n int) []Amount {
		a := make([]Amount, n)
		for i := range a {
			a[i] = known(0)
		}
		return a
	}
	build := func(code, title, note string, ordinary bool, kinds []string) FinSheet {
		f := FinSheet{Code: code, Title: title, Note: note, Ordinary: ordinary, Kinds: kinds}
		var mine []line
		for _, l := range ls {
			if finSheetOf(fw, l.source) == code {
				mine = append(mine, l)
			}
		}
		col := map[*pdz.FundingSource]int{}
		// columns in the plan's order of sources, "no source" last
		for i := range p.Sources {
			s := &p.Sources[i]
			for _, l := range mine {
				if l.source == s {
					col[s] = len(f.Sources)
					f.Sources = append(f.Sources, s)
					break
				}
			}
		}
		for _, l := range mine {
			if l.source == nil {
				col[nil] = len(f.Sources)
				f.Sources = append(f.Sources, nil)
				break
			}
		}
		nc := len(f.Sources)
		f.Cells, f.ByYear, f.BySource, f.Total = grid(nc), zeros(ny), zeros(nc), known(0)
		rows := map[int]int{}
		for _, l := range mine {
			y, ok := yi[l.year]
			if !ok {
				continue
			}
			ri, ok := rows[l.sheet]
			if !ok {
				ri = len(f.Rows)
				rows[l.sheet] = ri
				f.Rows = append(f.Rows, FinRow{Sheet: &p.Sheets[l.sheet], Cells: grid(nc), ByYear: zeros(ny), BySource: zeros(nc), Total: known(0)})
			}
			r := &f.Rows[ri]
			c := col[l.source]
			r.Cells[y][c].add(l.amount)
			r.ByYear[y].add(l.amount)
			r.BySource[c].add(l.amount)
			r.Total.add(l.amount)
			f.Cells[y][c].add(l.amount)
			f.ByYear[y].add(l.amount)
			f.BySource[c].add(l.amount)
			f.Total.add(l.amount)
		}
		return f
	}
	var out []FinSheet
	for _, d := range fw.FinancialSheets {
		out = append(out, build(d.Code, d.Title, d.Note, d.Ordinary, d.Kinds))
	}
	if rest := build("", noFinSheet, "", false, nil); !rest.Empty() {
		out = append(out, rest)
	}
	return out
}

// FinSheetByCode finds a financial sheet of the report.
func (r *Report) FinSheetByCode(code string) *FinSheet {
	for i := range r.FinSheets {
		if r.FinSheets[i].Code == code && code != "" {
			return &r.FinSheets[i]
		}
	}
	return nil
}
