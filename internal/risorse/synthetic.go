package risorse

import (
	"fmt"
	"math/rand/v2"

	"github.com/pdz-ats/pdz/internal/pdz"
)

// Synthetic builds a random plan for the property tests and the benchmark:
// nSheets sheets over years, nSources funding sources (an ordinary budget
// "PDZ" made of FNPS, FNA, FGSA, residui and co-financing in cash and in
// services, then sources of other types), availability per year with some
// amounts over two years, FNPS quotas that add up, amounts per year and
// source with a few blanks, seven Comuni with their population, the
// co-financing rule, historical spending, commitments, social workers and
// the previous plan's progress. fw must be valid; ids are assigned from 1.
// The same generator state gives the same plan.
func Synthetic(rng *rand.Rand, fw *pdz.Framework, nSheets int, years []int, nSources int) (*pdz.Plan, []pdz.Comune) {
	p := &pdz.Plan{ID: 1, AmbitoID: 1, FrameworkID: 1, Slug: "sintetico", Title: "Piano Sociale di Zona sintetico",
		Years: years, Status: pdz.PlanDraft, Framework: fw}
	p.Cycle = pdz.PeriodText(years[0], years[len(years)-1])
	id := int64(0)
	next := func() int64 { id++; return id }
	// Comuni and their population at the end of the year before the plan.
	date := pdz.NewDate(years[0]-1, 12, 31)
	names := []string{"Aradeo", "Bagnolo", "Castro", "Diso", "Erchie", "Felline", "Galugnano"}
	var comuni []pdz.Comune
	for i, n := range names {
		c := pdz.Comune{ID: int64(100 + i), AmbitoID: 1, Name: n, IstatCode: fmt.Sprintf("0750%02d", 10+i)}
		comuni = append(comuni, c)
		row := pdz.ProfileRow{ID: next(), PlanID: p.ID, Date: date, ComuneID: c.ID, ComuneName: n, Source: "sintetico"}
		for b := range row.Bands {
			row.Bands[b] = pdz.Some(int64(100 + rng.IntN(5000)))
		}
		row.Households = pdz.Some(int64(500 + rng.IntN(3000)))
		p.Profile = append(p.Profile, row)
	}
	// Sources: the composite ordinary budget first.
	kinds := []string{"qfp", "pais", "pon_inclusione", "pnrr", "pac", "regionale", "nazionale", "europeo", "comunale", "altro"}
	add := func(code, kind string, parent int64) *pdz.FundingSource {
		s := pdz.FundingSource{ID: next(), PlanID: p.ID, Position: len(p.Sources) + 1, Code: code, Name: "Fonte " + code, Kind: kind, ParentID: parent}
		if parent != 0 {
			s.ParentCode = "PDZ"
		}
		p.Sources = append(p.Sources, s)
		return &p.Sources[len(p.Sources)-1]
	}
	pdzID := add("PDZ", "budget_ordinario", 0).ID
	comps := []struct{ code, kind string }{{"FNPS", "fnps"}, {"FNA", "fna"}, {"FGSA", "fgsa"}, {"RESIDUI", "residui"},
		{"COFIN-D", "cofinanziamento_denaro"}, {"COFIN-S", "cofinanziamento_servizi"}}
	for i := 0; i < len(comps) && len(p.Sources) < nSources; i++ {
		add(comps[i].code, comps[i].kind, pdzID)
	}
	for i := 0; len(p.Sources) < nSources; i++ {
		add(fmt.Sprintf("ALTRA-%d", i+1), kinds[i%len(kinds)], 0)
	}
	for i := range p.Sources {
		s := &p.Sources[i]
		if s.ID == pdzID {
			continue
		}
		for yi := 0; yi < len(years); yi++ {
			if rng.IntN(6) == 0 && yi+1 < len(years) && s.Kind != "fna" {
				s.Availability = append(s.Availability, pdz.Availability{From: years[yi], To: years[yi+1], Amount: int64(rng.IntN(200_000_00)) + 1})
				yi++
				continue
			}
			if s.Kind == "fna" && yi > 0 {
				break
			}
			s.Availability = append(s.Availability, pdz.Availability{From: years[yi], To: years[yi], Amount: int64(rng.IntN(100_000_00)) + 1})
		}
		if s.Kind == "fnps" {
			var quotas []string
			for _, q := range fw.FNPSQuotas {
				quotas = append(quotas, q.Code)
			}
			for _, a := range s.Availability {
				if len(quotas) == 0 {
					break
				}
				w := make([]int64, len(quotas))
				for j := range w {
					w[j] = int64(rng.IntN(100) + 1)
				}
				parts, _ := Split(a.Amount, w)
				for j, q := range quotas {
					s.Quotas = append(s.Quotas, pdz.Quota{From: a.From, To: a.To, Quota: q, Amount: parts[j]})
				}
			}
		}
	}
	// Sheets.
	var interventions []string
	for _, m := range fw.Macros {
		for _, it := range m.Interventions {
			interventions = append(interventions, it.Code)
		}
	}
	for i := 0; i < nSheets; i++ {
		sh := pdz.Sheet{ID: next(), PlanID: p.ID, Position: i + 1, Code: fmt.Sprintf("S%d", i+1), Title: fmt.Sprintf("Scheda sintetica %d", i+1)}
		if len(fw.Levels) > 0 && rng.IntN(5) > 0 {
			sh.Levels = append(sh.Levels, fw.Levels[rng.IntN(len(fw.Levels))].Code)
			if rng.IntN(3) == 0 {
				if l := fw.Levels[rng.IntN(len(fw.Levels))].Code; l != sh.Levels[0] {
					sh.Levels = append(sh.Levels, l)
				}
			}
		}
		if len(fw.Areas) > 0 && rng.IntN(6) > 0 {
			sh.Areas = append(sh.Areas, fw.Areas[rng.IntN(len(fw.Areas))].Code)
			if rng.IntN(3) == 0 {
				if a := fw.Areas[rng.IntN(len(fw.Areas))].Code; a != sh.Areas[0] {
					sh.Areas = append(sh.Areas, a)
				}
			}
		}
		if len(interventions) > 0 && rng.IntN(8) > 0 {
			sh.Intervention = interventions[rng.IntN(len(interventions))]
			_, m := fw.Intervention(sh.Intervention)
			sh.Macro = m.Code
		}
		for _, y := range years {
			sy := pdz.SheetYear{Year: y, Selected: rng.IntN(10) > 0}
			for n := rng.IntN(5); n > 0; n-- {
				src := &p.Sources[rng.IntN(len(p.Sources))]
				l := pdz.SheetAmount{SourceID: src.ID, SourceCode: src.Code, Amount: pdz.Some(int64(rng.IntN(50_000_00)))}
				switch rng.IntN(25) {
				case 0:
					l.Amount = pdz.OptInt{}
				case 1:
					l.SourceID, l.SourceCode = 0, ""
				}
				sy.Lines = append(sy.Lines, l)
			}
			if rng.IntN(4) == 0 {
				sum, _ := sy.Computed()
				sy.DeclaredTotal = pdz.Some(sum + int64(rng.IntN(3)) - 1)
			}
			sh.Years = append(sh.Years, sy)
		}
		p.Sheets = append(p.Sheets, sh)
	}
	// Co-financing, historical spending, commitments, staff, progress.
	p.Money.RuleSet = true
	p.Money.Rule = pdz.CofinancingRule{Split: pdz.SplitPopulation, Date: date, CashShare: int64(rng.IntN(10001))}
	if rng.IntN(2) == 0 {
		p.Money.Rule = pdz.CofinancingRule{Split: pdz.SplitEntered, CashShare: 5000}
	}
	for _, c := range comuni {
		if p.Money.Rule.Split == pdz.SplitEntered {
			p.Money.Quotas = append(p.Money.Quotas, pdz.ComuneAmount{ComuneID: c.ID, ComuneName: c.Name, Amount: int64(rng.IntN(30_000_000))})
		}
		p.Money.Historical = append(p.Money.Historical, pdz.HistoricalSpending{ComuneID: c.ID, ComuneName: c.Name,
			From: years[0] - 4, To: years[0] - 2, Amount: int64(rng.IntN(100_000_000))})
		for y := years[0] - 3; y <= years[len(years)-1]; y++ {
			if rng.IntN(3) == 0 {
				continue
			}
			x := pdz.Commitment{ComuneID: c.ID, ComuneName: c.Name, Year: y, Cash: pdz.Some(int64(rng.IntN(20_000_000)))}
			if rng.IntN(2) == 0 {
				x.Services = pdz.Some(int64(rng.IntN(20_000_000)))
			}
			p.Money.Commitments = append(p.Money.Commitments, x)
		}
		p.Money.Staff = append(p.Money.Staff, pdz.SocialWorkers{ID: next(), PlanID: p.ID, Date: date, ComuneID: c.ID, ComuneName: c.Name,
			Count: int64(rng.IntN(500))})
	}
	p.Money.Staff = append(p.Money.Staff, pdz.SocialWorkers{ID: next(), PlanID: p.ID, Date: date, Count: int64(rng.IntN(1000))})
	budget := int64(rng.IntN(1_000_000_000))
	committed := budget - int64(rng.IntN(int(budget/10)+1))
	res := p.SourceByCode("RESIDUI")
	var target int64
	if res != nil {
		target = res.ID
	}
	p.Money.Progress = append(p.Money.Progress, pdz.Progress{ID: next(), PlanID: p.ID, Position: 1, Fund: "PdZ precedente",
		Budget: pdz.Some(budget), Committed: pdz.Some(committed), Paid: pdz.Some(max(0, committed-int64(rng.IntN(1000)))), TargetID: target})
	if res != nil {
		p.Money.Progress[0].TargetCode = res.Code
	}
	p.Money.Declared = append(p.Money.Declared,
		pdz.DeclaredMoney{Quantity: "budget_ordinario", From: years[0], To: years[len(years)-1], Value: Money(int64(rng.IntN(1_000_000_000))), Table: "sintetico"},
		pdz.DeclaredMoney{Quantity: "cofinanziamento_minimo", ComuneID: comuni[0].ID, ComuneName: comuni[0].Name, Value: Money(int64(rng.IntN(1_000_000))), Table: "sintetico"},
		pdz.DeclaredMoney{Quantity: "avanzamento_percentuale", Subject: "PdZ precedente", Value: pdz.Decimal{Units: int64(rng.IntN(10000)), Scale: 2}, Table: "sintetico"})
	if fnps := p.SourceByCode("FNPS"); fnps != nil {
		p.Money.Declared = append(p.Money.Declared, pdz.DeclaredMoney{Quantity: "disponibilita_fonte", SourceID: fnps.ID, SourceCode: fnps.Code,
			From: years[0], To: years[0], Value: Money(int64(rng.IntN(1_000_000))), Table: "sintetico"})
	}
	return p, comuni
}
