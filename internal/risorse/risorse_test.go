package risorse

import (
	"math/big"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/pdz-ats/pdz/frameworks"
	"github.com/pdz-ats/pdz/internal/pdz"
	"github.com/pdz-ats/pdz/internal/profilo"
)

func framework(t testing.TB) *pdz.Framework {
	t.Helper()
	fws, err := frameworks.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	return &fws[0]
}

func TestSplit(t *testing.T) {
	for _, c := range []struct {
		total   int64
		weights []int64
		want    []int64
	}{
		// seed 003: Supersano's € 54.411,81 half in cash, half in services:
		// the odd cent goes to the part listed first, nothing is lost.
		{5441181, []int64{5000, 5000}, []int64{2720591, 2720590}},
		{100, []int64{1, 1, 1}, []int64{34, 33, 33}},
		{10, []int64{0, 1, 1}, []int64{0, 5, 5}},
		{7, []int64{2, 3, 5}, []int64{1, 2, 4}}, // 1.4, 2.1, 3.5: remainders .4 .1 .5
		{-7, []int64{1, 1}, []int64{-4, -3}},
		{0, []int64{3, 4}, []int64{0, 0}},
	} {
		got, err := Split(c.total, c.weights)
		if err != nil {
			t.Fatal(err)
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("Split(%d, %v) = %v, want %v", c.total, c.weights, got, c.want)
				break
			}
		}
	}
	if _, err := Split(10, []int64{0, 0}); err == nil {
		t.Error("zero weights accepted")
	}
	if _, err := Split(10, []int64{1, -1}); err == nil {
		t.Error("negative weight accepted")
	}
}

// The largest-remainder split loses and creates no cent, and each part is
// its exact quota rounded down or up.
func TestSplitProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(6, 6))
	for n := 0; n < 5000; n++ {
		total := rng.Int64N(1 << 40)
		weights := make([]int64, 1+rng.IntN(12))
		var sum int64
		for i := range weights {
			weights[i] = rng.Int64N(1 << 20)
			sum += weights[i]
		}
		if sum == 0 {
			continue
		}
		parts, err := Split(total, weights)
		if err != nil {
			t.Fatal(err)
		}
		var got int64
		for i, p := range parts {
			got += p
			floor := new(big.Int).Quo(new(big.Int).Mul(big.NewInt(total), big.NewInt(weights[i])), big.NewInt(sum)).Int64()
			if p != floor && p != floor+1 {
				t.Fatalf("Split(%d, %v)[%d] = %d, exact quota rounds down to %d", total, weights, i, p, floor)
			}
		}
		if got != total {
			t.Fatalf("Split(%d, %v) sums to %d", total, weights, got)
		}
	}
}

func sumGroups(gs []Group, years int) (Amount, []Amount) {
	total := known(0)
	by := make([]Amount, years)
	for i := range by {
		by[i] = known(0)
	}
	for _, g := range gs {
		total = total.Plus(g.Total)
		var rowSum int64
		for i, a := range g.ByYear {
			by[i] = by[i].Plus(a)
			rowSum += a.Cents
		}
		if rowSum != g.Total.Cents {
			panic("a group's years do not sum to its total: " + g.Key)
		}
	}
	return total, by
}

// Property: on random plans every additive view of the totals sums to the
// grand total, year by year; the sheets' totals are those of pdz.Sheet;
// the financial sheets partition the money; what the sources allocate is
// what the sheets name; the budget summary, the co-financing split and
// the Comuni's parts add up.
func TestTotalsConsistentInEveryView(t *testing.T) {
	fw := framework(t)
	rng := rand.New(rand.NewPCG(2026, 6))
	for n := 0; n < 60; n++ {
		years := []int{2022, 2023, 2024}
		if n%5 == 0 {
			years = []int{2026, 2027}
		}
		p, comuni := Synthetic(rng, fw, 1+rng.IntN(40), years, 3+rng.IntN(14))
		r := Compute(p, comuni)
		tt := r.Totals
		var yearSum int64
		for _, a := range tt.ByYear {
			yearSum += a.Cents
		}
		if yearSum != tt.Grand.Cents {
			t.Fatalf("plan %d: years sum to %d, grand total %d", n, yearSum, tt.Grand.Cents)
		}
		for name, view := range map[string][]Group{"schede": tt.Sheets, "fonti": tt.Sources, "aree": tt.Areas, "macro-attività": tt.Macros,
			"livelli": tt.Levels, "schede finanziarie": tt.FinSheets} {
			total, by := sumGroups(view, len(years))
			if total.Cents != tt.Grand.Cents {
				t.Fatalf("plan %d, view %s: groups sum to %d, grand total %d", n, name, total.Cents, tt.Grand.Cents)
			}
			for i := range by {
				if by[i].Cents != tt.ByYear[i].Cents {
					t.Fatalf("plan %d, view %s, year %d: %d vs %d", n, name, years[i], by[i].Cents, tt.ByYear[i].Cents)
				}
			}
			if tt.Grand.Complete && !total.Complete {
				t.Fatalf("plan %d, view %s: incomplete group in a complete plan", n, name)
			}
		}
		// views by sheet attributes know every gap: complete exactly when the plan is
		for name, view := range map[string][]Group{"schede": tt.Sheets, "aree": tt.Areas, "macro-attività": tt.Macros, "livelli": tt.Levels} {
			if total, _ := sumGroups(view, len(years)); total.Complete != tt.Grand.Complete {
				t.Fatalf("plan %d, view %s: complete %v, plan %v", n, name, total.Complete, tt.Grand.Complete)
			}
		}
		// non-additive views count a sheet in every area it marks
		for _, g := range tt.AreasAll {
			for _, h := range tt.Areas {
				if g.Key == h.Key && g.Total.Cents < h.Total.Cents {
					t.Fatalf("plan %d: area %s counts less with every sheet (%d) than with the primary ones (%d)", n, g.Key, g.Total.Cents, h.Total.Cents)
				}
			}
		}
		for i, g := range tt.Sheets {
			c, complete := p.Sheets[i].Computed()
			if g.Total.Cents != c || g.Total.Complete != complete {
				t.Fatalf("plan %d, sheet %s: %v, pdz says %d %v", n, g.Key, g.Total, c, complete)
			}
		}
		var fin int64
		for _, f := range r.FinSheets {
			fin += f.Total.Cents
			var rows, cols int64
			for _, row := range f.Rows {
				rows += row.Total.Cents
				var cells int64
				for y := range row.Cells {
					for c := range row.Cells[y] {
						cells += row.Cells[y][c].Cents
					}
				}
				if cells != row.Total.Cents {
					t.Fatalf("plan %d, financial sheet %s, row %s: cells %d, total %d", n, f.Code, row.Sheet.Code, cells, row.Total.Cents)
				}
			}
			for _, a := range f.BySource {
				cols += a.Cents
			}
			if rows != f.Total.Cents || cols != f.Total.Cents {
				t.Fatalf("plan %d, financial sheet %s: rows %d, columns %d, total %d", n, f.Code, rows, cols, f.Total.Cents)
			}
		}
		if fin != tt.Grand.Cents {
			t.Fatalf("plan %d: financial sheets sum to %d, total %d", n, fin, tt.Grand.Cents)
		}
		// sources: what they allocate directly is every amount naming a source
		var direct, named int64
		for _, m := range r.Sources {
			for _, a := range m.Direct {
				direct += a.Cents
			}
			if m.Composite() {
				own := known(0)
				for _, a := range m.Direct {
					own = own.Plus(a)
				}
				sum := own.Cents
				for _, c := range m.Components {
					for _, a := range SourceByCode(r.Sources, c.Code).Direct {
						sum += a.Cents
					}
				}
				if sum != m.AllocatedTotal.Cents {
					t.Fatalf("plan %d: composite %s allocates %d, its own and components' %d", n, m.Source.Code, m.AllocatedTotal.Cents, sum)
				}
			}
			var blocks, avail int64
			for _, b := range m.Blocks {
				blocks += b.Available
			}
			for _, e := range m.Entries {
				avail += e.Amount
			}
			if blocks != avail || avail != m.Available {
				t.Fatalf("plan %d, source %s: blocks %d, entries %d, available %d", n, m.Source.Code, blocks, avail, m.Available)
			}
		}
		for _, g := range tt.Sources {
			if g.Key != "" {
				named += g.Total.Cents
			}
		}
		if direct != named {
			t.Fatalf("plan %d: sources allocate %d, sheets name %d", n, direct, named)
		}
		// the budget summary adds up by period and by row
		var rows, periods int64
		for _, row := range r.Budget.Rows {
			rows += row.Total
			var s int64
			for _, v := range row.ByPeriod {
				s += v
			}
			if s != row.Total {
				t.Fatalf("plan %d: budget row %s periods %d, total %d", n, row.Source.Code, s, row.Total)
			}
		}
		for _, v := range r.Budget.ByPeriod {
			periods += v
		}
		if rows != r.Budget.Total || periods != r.Budget.Total {
			t.Fatalf("plan %d: budget rows %d, periods %d, total %d", n, rows, periods, r.Budget.Total)
		}
		// the co-financing minimum split among the Comuni, then in cash and services
		c := r.Cofin
		if c.Minimum.Set && len(c.SplitIssues) == 0 && c.Rule.Split == pdz.SplitPopulation {
			var mins, cash, services int64
			for _, cc := range c.Comuni {
				mins += cc.Minimum.V
				cash += cc.Cash.V
				services += cc.Services.V
				if cc.Cash.V+cc.Services.V != cc.Minimum.V {
					t.Fatalf("plan %d, %s: cash %d + services %d ≠ %d", n, cc.Comune.Name, cc.Cash.V, cc.Services.V, cc.Minimum.V)
				}
			}
			if mins != c.Minimum.V || cash+services != c.Minimum.V || cash != c.Cash.V || services != c.Services.V {
				t.Fatalf("plan %d: Comuni %d (cash %d, services %d), minimum %d", n, mins, cash, services, c.Minimum.V)
			}
		}
		if len(r.Verdicts) != len(fw.Rules) {
			t.Fatalf("plan %d: %d verdicts for %d rules", n, len(r.Verdicts), len(fw.Rules))
		}
	}
}

// a small plan to exercise the rules one by one
func smallPlan(t *testing.T) (*pdz.Plan, []pdz.Comune) {
	fw := framework(t)
	p := &pdz.Plan{ID: 1, Years: []int{2022, 2023, 2024}, Framework: fw}
	src := func(id int64, code, kind string, parent int64, av ...pdz.Availability) {
		p.Sources = append(p.Sources, pdz.FundingSource{ID: id, Code: code, Name: code, Kind: kind, ParentID: parent, Availability: av})
	}
	y := func(from, to int, c int64) pdz.Availability { return pdz.Availability{From: from, To: to, Amount: c} }
	src(1, "PDZ", "budget_ordinario", 0)
	src(2, "FNPS", "fnps", 1, y(2022, 2022, 1000), y(2023, 2023, 1000), y(2024, 2024, 1000))
	src(3, "FNA", "fna", 1, y(2022, 2022, 500))
	src(4, "FGSA", "fgsa", 1, y(2022, 2022, 500), y(2023, 2024, 800))
	src(5, "COFIN-D", "cofinanziamento_denaro", 1, y(2022, 2022, 1000), y(2023, 2023, 1000), y(2024, 2024, 1000))
	src(6, "COFIN-S", "cofinanziamento_servizi", 1, y(2022, 2022, 1000), y(2023, 2023, 1000), y(2024, 2024, 1000))
	src(7, "PNRR", "pnrr", 0, y(2023, 2024, 100))
	sheet := func(code, intervention string, lines ...[3]int64) {
		sh := pdz.Sheet{ID: int64(100 + len(p.Sheets)), Code: code, Title: code, Intervention: intervention, Levels: []string{"leps"}}
		if intervention != "" {
			_, m := fw.Intervention(intervention)
			sh.Macro = m.Code
		}
		for _, yr := range p.Years {
			sy := pdz.SheetYear{Year: yr}
			for _, l := range lines {
				if int(l[0]) == yr {
					sy.Lines = append(sy.Lines, pdz.SheetAmount{SourceID: l[1], Amount: pdz.Some(l[2])})
					sy.Selected = true
				}
			}
			sh.Years = append(sh.Years, sy)
		}
		p.Sheets = append(p.Sheets, sh)
	}
	sheet("A.2", "A.2", [3]int64{2022, 1, 3000}, [3]int64{2023, 1, 3000})
	sheet("B.7", "B.7", [3]int64{2023, 7, 150})
	comuni := []pdz.Comune{{ID: 11, Name: "Alfa"}, {ID: 12, Name: "Beta"}}
	d := pdz.NewDate(2021, 12, 31)
	for i, c := range comuni {
		row := pdz.ProfileRow{Date: d, ComuneID: c.ID, ComuneName: c.Name}
		for b := range row.Bands {
			row.Bands[b] = pdz.Some(int64(1000 * (i + 1)))
		}
		p.Profile = append(p.Profile, row)
	}
	return p, comuni
}

func verdict(t *testing.T, r *Report, id string) *Verdict {
	t.Helper()
	v := r.Verdict(id)
	if v == nil {
		t.Fatalf("no verdict %s", id)
	}
	return v
}

func TestRules(t *testing.T) {
	p, comuni := smallPlan(t)
	r := Compute(p, comuni)
	// capienza: PDZ has 2000+1000+... ; PNRR's 100 over 2023-2024 is exceeded by 150
	v := verdict(t, r, "capienza-fonti")
	if v.Outcome != NotMet || v.Shortfall == nil || v.Shortfall.Value.Units != 50 {
		t.Errorf("capienza: %s %+v", v.Outcome, v.Shortfall)
	}
	// with carry-over PDZ 2022 (4000 available, 3000 programmed) carries 1000 into 2023
	for _, part := range v.Parts {
		if strings.HasPrefix(part.Label, "PDZ") && part.Outcome != Met {
			t.Errorf("PDZ: %s %+v", part.Outcome, part.Figures)
		}
	}
	// FNPS without quotas: cannot tell, and says what is missing
	v = verdict(t, r, "quote-fnps")
	if v.Outcome != Unknown || len(v.Parts) != 3 || !strings.Contains(v.Parts[0].Missing[0], "quote vincolate del FNPS 2022") {
		t.Errorf("quote: %s %+v", v.Outcome, v.Parts)
	}
	p.Sources[1].Quotas = []pdz.Quota{{From: 2022, To: 2022, Quota: "libera", Amount: 400}, {From: 2022, To: 2022, Quota: "minori-famiglia", Amount: 600},
		{From: 2023, To: 2024, Quota: "libera", Amount: 1999}}
	r = Compute(p, comuni)
	v = verdict(t, r, "quote-fnps")
	if v.Outcome != NotMet || v.Shortfall == nil || v.Shortfall.Value.Units != 1 {
		t.Errorf("quote: %s %+v", v.Outcome, v.Shortfall)
	}
	// no historical spending: cannot tell
	v = verdict(t, r, "cofinanziamento-spesa-storica")
	if v.Outcome != Unknown || !strings.Contains(strings.Join(v.Missing, ";"), "spesa sociale storica") {
		t.Errorf("spesa storica: %s %v", v.Outcome, v.Missing)
	}
	p.Money.Historical = []pdz.HistoricalSpending{{ComuneID: 11, ComuneName: "Alfa", From: 2018, To: 2020, Amount: 3000},
		{ComuneID: 12, ComuneName: "Beta", From: 2018, To: 2020, Amount: 3001}}
	r = Compute(p, comuni)
	v = verdict(t, r, "cofinanziamento-spesa-storica")
	// 2000 a year against 2000,33: short by 0,33 cents a year, 1 cent over three years
	if v.Outcome != NotMet || v.Shortfall == nil || v.Shortfall.Value.Units != 1 {
		t.Errorf("spesa storica: %s %+v %+v", v.Outcome, v.Shortfall, v.Parts)
	}
	// minimum: 100% of FNPS+FNA+FGSA 2022 = 2000; committed 2000 a year, half in cash
	v = verdict(t, r, "cofinanziamento-minimo")
	if v.Outcome != Met {
		t.Errorf("minimo: %s %+v", v.Outcome, v.Parts)
	}
	p.Sources[4].Availability[2].Amount = 999 // 2024 cash below 50% of 2000
	r = Compute(p, comuni)
	if v = verdict(t, r, "cofinanziamento-minimo"); v.Outcome != NotMet {
		t.Errorf("minimo with 2024 short: %s", v.Outcome)
	}
	// the minimum split among Comuni by population (6000 and 12000 people)
	if c := r.Cofin; !c.Minimum.Set || c.Comuni[0].Minimum.V != 667 || c.Comuni[1].Minimum.V != 1333 {
		t.Errorf("split: %+v %+v", c.Minimum, c.Comuni)
	}
	// LEPS: A.2 funded by PDZ; B.7 only by PNRR; others have no sheet
	v = verdict(t, r, "leps-finanziati")
	met := map[string]Outcome{}
	for _, part := range v.Parts {
		met[part.Label] = part.Outcome
	}
	if v.Outcome != NotMet || met["Pronto Intervento Sociale"] != NotMet || met["Patto per l'Inclusione Sociale"] != Met {
		t.Errorf("leps: %s %v", v.Outcome, met)
	}
	// social workers: 18000 inhabitants need 3,6; the Comuni are missing
	v = verdict(t, r, "assistenti-sociali-minimo")
	if v.Outcome != Unknown {
		t.Errorf("assistenti: %s", v.Outcome)
	}
	d := pdz.NewDate(2022, 1, 1)
	p.Money.Staff = []pdz.SocialWorkers{{Date: d, ComuneID: 11, Count: 100}, {Date: d, ComuneID: 12, Count: 150}, {Date: d, Count: 110}}
	r = Compute(p, comuni)
	if v = verdict(t, r, "assistenti-sociali-minimo"); v.Outcome != Met {
		t.Errorf("assistenti 3,6 for 18.000: %s %+v", v.Outcome, v.Figures)
	}
	if v = verdict(t, r, "assistenti-sociali-obiettivo"); v.Outcome != NotMet || v.Shortfall.Text() != "0,9" {
		t.Errorf("obiettivo 1/4000 (4,5 needed): %s %+v", v.Outcome, v.Shortfall)
	}
	// progress
	if v = verdict(t, r, "avanzamento-coerente"); v.Outcome != Unknown {
		t.Errorf("avanzamento without rows: %s", v.Outcome)
	}
	p.Money.Progress = []pdz.Progress{{Fund: "PdZ", Budget: pdz.Some(100), Committed: pdz.Some(90), Paid: pdz.Some(95)}}
	r = Compute(p, comuni)
	if v = verdict(t, r, "avanzamento-coerente"); v.Outcome != NotMet || v.Shortfall != nil || v.Parts[1].Shortfall.Value.Units != 5 {
		t.Errorf("avanzamento paid > committed: %s %+v", v.Outcome, v.Parts)
	}
}

// Without carry-over the same allocations exceed a year's availability.
func TestCapacityWithoutCarryOver(t *testing.T) {
	p, comuni := smallPlan(t)
	fw := *p.Framework
	fw.Rules = []pdz.FrameworkRule{{ID: "capienza", Kind: pdz.RuleSourceCapacity, Statement: "x"}}
	p.Framework = &fw
	p.Sheets[0].Years[1].Lines[0].Amount = pdz.Some(4500) // 2023: 4500 from PDZ; 2023-2024 block has 1000+800+1000+1000 ×…
	r := Compute(p, comuni)
	var pdzPart *Part
	for i := range r.Verdicts[0].Parts {
		if strings.HasPrefix(r.Verdicts[0].Parts[i].Label, "PDZ") {
			pdzPart = &r.Verdicts[0].Parts[i]
		}
	}
	if pdzPart == nil || pdzPart.Outcome != Met {
		t.Fatalf("PDZ: %+v", pdzPart)
	}
	p.Sheets[0].Years[1].Lines[0].Amount = pdz.Some(6801) // block 2023-2024: 2000+800+2000+2000 = 6800
	r = Compute(p, comuni)
	for _, part := range r.Verdicts[0].Parts {
		if strings.HasPrefix(part.Label, "PDZ") && (part.Outcome != NotMet || part.Shortfall.Value.Units != 1) {
			t.Errorf("PDZ over by 1 cent without carry-over: %s %+v", part.Outcome, part.Shortfall)
		}
	}
	fw.Rules[0].Params.CarryOver = true // 2022 leaves 1000 to carry
	r = Compute(p, comuni)
	for _, part := range r.Verdicts[0].Parts {
		if strings.HasPrefix(part.Label, "PDZ") && part.Outcome != Met {
			t.Errorf("PDZ with carry-over: %s", part.Outcome)
		}
	}
}

// Printed money figures: exact to the cent; percentages at the printed
// precision (an integer percent is "as a rounding").
func TestChecks(t *testing.T) {
	p, comuni := smallPlan(t)
	p.Money.Declared = []pdz.DeclaredMoney{
		{Quantity: "disponibilita_fonte", SourceCode: "FGSA", From: 2022, To: 2024, Value: pdz.Decimal{Units: 1300, Scale: 2}, Table: "t"},
		{Quantity: "disponibilita_fonte", SourceCode: "FGSA", From: 2022, To: 2024, Value: pdz.Decimal{Units: 1299, Scale: 2}, Table: "t"},
		{Quantity: "disponibilita_fonte", SourceCode: "FGSA", From: 2023, To: 2023, Value: pdz.Decimal{Units: 400, Scale: 2}, Table: "t"},
		{Quantity: "cofinanziamento_percentuale", From: 2022, To: 2022, Value: pdz.Decimal{Units: 100}, Table: "t"},
		{Quantity: "cofinanziamento_denaro_percentuale", From: 2022, To: 2022, Value: pdz.Decimal{Units: 5}, Table: "t"},
		{Quantity: "budget_ordinario", From: 2022, To: 2024, Value: pdz.Decimal{Units: 10800, Scale: 2}, Table: "t"},
		{Quantity: "programmato", From: 2022, To: 2024, Value: pdz.Decimal{Units: 6150, Scale: 2}, Table: "t"},
	}
	r := Compute(p, comuni)
	want := []profilo.Verdict{profilo.Agree, profilo.Disagree, profilo.Unverifiable, profilo.Agree, profilo.Disagree, profilo.Agree, profilo.Agree}
	for i, c := range r.Checks {
		if c.Verdict != want[i] {
			t.Errorf("%d %s %s: %s (computed %s, %s)", i, c.Declared.Quantity, c.Subject, c.Verdict, c.Computed.Italian(), c.Basis)
		}
	}
	if r.Checks[1].Diff.Italian() != "-0,01" {
		t.Errorf("diff %s", r.Checks[1].Diff.Italian())
	}
	p.Money.Declared = []pdz.DeclaredMoney{{Quantity: "cofinanziamento_percentuale", From: 2022, To: 2022, Value: pdz.Decimal{Units: 101}, Table: "t"}}
	p.Sources[5].Availability[0].Amount = 1010 // 2010 / 2000 = 100,5%: "101" is the rounding
	if c := Compute(p, comuni).Checks[0]; c.Verdict != profilo.Rounded || c.Computed.Italian() != "100,50" {
		t.Errorf("rounded: %s %s", c.Verdict, c.Computed.Italian())
	}
}

// Each Comune's co-financing is checked against its own quota of the
// minimum: a Comune below its quota makes the rule not met even when the
// Ambito's total is enough, and a Comune exactly at its quota is not
// flagged.
func TestCofinancingPerComune(t *testing.T) {
	p, comuni := smallPlan(t)
	// minimum 2000 a year (FNPS 1000 + FNA 500 + FGSA 500 of 2022), split
	// 6000:12000 by population: Alfa 666,67 → 667 (largest remainder), Beta 1333
	commit := func(id int64, name string, year int, cash, services int64) pdz.Commitment {
		return pdz.Commitment{ComuneID: id, ComuneName: name, Year: year, Cash: pdz.Some(cash), Services: pdz.Some(services)}
	}
	set := func(alfaCash, alfaServices int64) {
		p.Money.Commitments = nil
		for _, y := range p.Years {
			p.Money.Commitments = append(p.Money.Commitments, commit(11, "Alfa", y, alfaCash, alfaServices),
				commit(12, "Beta", y, 1000-alfaCash, 1000-alfaServices))
		}
	}
	parts := func(v *Verdict) map[string]Part {
		out := map[string]Part{}
		for _, part := range v.Parts {
			out[part.Label] = part
		}
		return out
	}
	// Alfa commits 600 a year (short by 67), Beta 1400: the Ambito's 2000 is enough
	set(300, 300)
	v := verdict(t, Compute(p, comuni), "cofinanziamento-minimo")
	ps := parts(v)
	for _, y := range []string{"2022", "2023", "2024"} {
		a, b := ps["Alfa, "+y], ps["Beta, "+y]
		if a.Outcome != NotMet || a.Shortfall == nil || a.Shortfall.Value.Units != 67 {
			t.Errorf("Alfa %s below its quota of 667: %s %+v", y, a.Outcome, a.Shortfall)
		}
		if b.Outcome != Met || b.Shortfall != nil {
			t.Errorf("Beta %s above its quota of 1333: %s %+v", y, b.Outcome, b.Shortfall)
		}
		if p := ps[y]; p.Outcome != Met {
			t.Errorf("the Ambito's %s: %s", y, p.Outcome)
		}
	}
	if v.Outcome != NotMet {
		t.Errorf("a Comune below its quota: rule %s", v.Outcome)
	}
	// Alfa exactly at its quota (667 = 334 + 333): nothing flagged
	set(334, 333)
	v = verdict(t, Compute(p, comuni), "cofinanziamento-minimo")
	for label, part := range parts(v) {
		if part.Outcome != Met || part.Shortfall != nil {
			t.Errorf("%s: %s %+v", label, part.Outcome, part.Shortfall)
		}
	}
	if v.Outcome != Met {
		t.Errorf("every Comune at or above its quota: rule %s", v.Outcome)
	}
}

// Amounts that add up beyond int64 are never a wrapped negative: pdz
// computes nothing and says why (three amounts of € 46.000.000.000.000.000
// once gave a negative budget).
func TestSumsThatOverflow(t *testing.T) {
	p, comuni := smallPlan(t)
	r := Compute(p, comuni)
	if r.Overflow != "" || r.Budget.Total <= 0 {
		t.Fatalf("a small plan: %q, budget %d", r.Overflow, r.Budget.Total)
	}
	huge := int64(4_600_000_000_000_000_000) // cents
	for i, id := range []int{1, 2, 3} {      // FNPS, FNA, FGSA: components of PDZ, in the budget
		p.Sources[id].Availability = []pdz.Availability{{From: 2022 + i, To: 2022 + i, Amount: huge}}
	}
	r = Compute(p, comuni)
	if r.Overflow != OverflowMessage {
		t.Fatalf("overflow not reported: %q", r.Overflow)
	}
	if r.Budget.Total < 0 || r.Totals.Grand.Cents < 0 || len(r.Verdicts) != 0 || len(r.Sources) != 0 {
		t.Errorf("something computed: budget %d, total %d, %d verdicts", r.Budget.Total, r.Totals.Grand.Cents, len(r.Verdicts))
	}
	wb := r.Workbook()
	if len(wb.Sheets) != 1 || wb.Sheets[0].Rows[0][0].Text != OverflowMessage {
		t.Errorf("workbook: %+v", wb.Sheets)
	}
	// one amount at the maximum is fine
	for _, id := range []int{1, 2, 3} {
		p.Sources[id].Availability = nil
	}
	p.Sources[1].Availability = []pdz.Availability{{From: 2022, To: 2022, Amount: pdz.MaxMoney}}
	if r = Compute(p, comuni); r.Overflow != "" || r.Budget.Total != pdz.MaxMoney+3000+3000 { // with the co-financing in cash and in services
		t.Errorf("the maximum: %q, budget %d", r.Overflow, r.Budget.Total)
	}
}

// The Ambito's co-financing of a year is the sum of the Comuni's
// commitments only when every Comune gave both parts; otherwise the
// co-financing sources' availability. Both given and different: the
// Comuni's sum, with the disagreement said.
func TestCofinancingOneFigure(t *testing.T) {
	p, comuni := smallPlan(t) // sources: 1000 in cash and 1000 in services a year
	c := func(id int64, year int, cash, services pdz.OptInt) pdz.Commitment {
		return pdz.Commitment{ComuneID: id, Year: year, Cash: cash, Services: services}
	}
	p.Money.Commitments = []pdz.Commitment{
		c(11, 2022, pdz.Some(400), pdz.Some(600)), c(12, 2022, pdz.Some(600), pdz.Some(400)), // 1000 + 1000: as the sources
		c(11, 2023, pdz.Some(700), pdz.Some(800)), c(12, 2023, pdz.Some(800), pdz.Some(700)), // 1500 + 1500
		c(11, 2024, pdz.Some(700), pdz.OptInt{}), c(12, 2024, pdz.Some(800), pdz.Some(700)), // Alfa's services not given
	}
	r := Compute(p, comuni)
	b := r.Cofin.Blocks
	if len(b) != 3 {
		t.Fatalf("blocks %+v", b)
	}
	if !b[0].FromComuni || b[0].Total() != 2000 || b[0].Disagree != "" {
		t.Errorf("2022, agreeing: %+v", b[0])
	}
	if !b[1].FromComuni || b[1].Cash != 1500 || b[1].Services != 1500 || b[1].SourcesCash != 1000 || !strings.Contains(b[1].Disagree, "(€ 20,00)") ||
		!strings.Contains(b[1].Disagree, "(€ 30,00)") {
		t.Errorf("2023, disagreeing: %+v", b[1])
	}
	if b[2].FromComuni || b[2].Total() != 2000 || b[2].Disagree != "" {
		t.Errorf("2024, a Comune's part missing: %+v", b[2])
	}
	// the rule uses the same figure and says so
	for _, part := range verdict(t, r, "cofinanziamento-minimo").Parts {
		if part.Label == "2023" && (part.Figures[0].Value.Units != 3000 || !strings.Contains(strings.Join(part.Notes, " "), b[1].Disagree)) {
			t.Errorf("the rule's 2023: %+v", part)
		}
	}
}
