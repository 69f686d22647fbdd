package risorse

import (
	"math/big"
	"strconv"
	"strings"

	"github.com/pdz-ats/pdz/internal/pdz"
	"github.com/pdz-ats/pdz/internal/profilo"
)

// Check is a figure the document prints about money set against the one
// computed from the data: the same verdicts and rounding rule as the
// community profile's checks (package profilo). Amounts agree only when
// equal to the cent; percentages agree when they are the exact value
// rounded (half away from zero) to the printed decimals, counting at least
// two, and agree "as a rounding" at fewer ("169" for 169,46).
type Check struct {
	Declared pdz.DeclaredMoney
	Quantity pdz.MoneyQuantity
	Subject  string // what the figure is about, in words: "FGSA, 2022-2024", "Casarano"
	Computed pdz.Decimal
	Known    bool
	Basis    string // why it cannot be computed, or how it was
	Verdict  profilo.Verdict
	Diff     pdz.Decimal // printed minus computed
}

// Flagged reports whether the check points out an error of the document.
func (c Check) Flagged() bool { return c.Verdict.Flagged() }

// subject describes what a declared figure is about.
func subject(fw *pdz.Framework, d *pdz.DeclaredMoney, q *pdz.MoneyQuantity) string {
	var parts []string
	if strings.Contains(q.Needs, "f") {
		parts = append(parts, d.SourceCode)
	}
	if strings.Contains(q.Needs, "q") {
		if it := fw.Quota(d.Quota); it != nil {
			parts = append(parts, it.Title)
		} else {
			parts = append(parts, "quota «"+d.Quota+"»")
		}
	}
	if strings.Contains(q.Needs, "c") {
		if d.ComuneID != 0 || d.ComuneName != "" {
			parts = append(parts, d.ComuneName)
		} else {
			parts = append(parts, "Ambito")
		}
	}
	if strings.Contains(q.Needs, "y") {
		parts = append(parts, pdz.PeriodText(d.From, d.To))
	}
	if d.Subject != "" {
		parts = append(parts, d.Subject)
	}
	return strings.Join(parts, ", ")
}

// value computes a declared figure's quantity: the exact value (cents for
// money, percent for percentages), or why it cannot be computed.
func (r *Report) value(d *pdz.DeclaredMoney) (*big.Rat, string) {
	p := r.Plan
	c := &r.Cofin
	inYears := func(from, to int) bool { return from >= d.From && to <= d.To }
	straddles := func(from, to int) bool {
		return !inYears(from, to) && from <= d.To && to >= d.From
	}
	whole := func(n int64) *big.Rat { return new(big.Rat).SetInt64(n) }
	source := func() *SourceMoney {
		if d.SourceID != 0 {
			for i := range r.Sources {
				if r.Sources[i].Source.ID == d.SourceID {
					return &r.Sources[i]
				}
			}
		}
		return SourceByCode(r.Sources, d.SourceCode)
	}
	comune := func() *CofinComune {
		for i := range c.Comuni {
			if (d.ComuneID != 0 && c.Comuni[i].Comune.ID == d.ComuneID) || (d.ComuneID == 0 && d.ComuneName != "" && strings.EqualFold(c.Comuni[i].Comune.Name, d.ComuneName)) {
				return &c.Comuni[i]
			}
		}
		return nil
	}
	ambito := d.ComuneID == 0 && d.ComuneName == ""
	opt := func(o pdz.OptInt, why string) (*big.Rat, string) {
		if !o.Set {
			return nil, why
		}
		return whole(o.V), ""
	}
	switch d.Quantity {
	case "disponibilita_fonte", "quote_fnps_totale", "quota_fnps", "programmato_fonte":
		m := source()
		if m == nil {
			return nil, "fonte non trovata"
		}
		var sum int64
		switch d.Quantity {
		case "disponibilita_fonte":
			if !m.HasAvailability {
				return nil, "la disponibilità della fonte non è indicata"
			}
			for _, e := range m.Entries {
				if straddles(e.From, e.To) {
					return nil, "la disponibilità è indicata per gli anni " + pdz.PeriodText(e.From, e.To) + " insieme"
				}
				if inYears(e.From, e.To) {
					sum += e.Amount
				}
			}
		case "programmato_fonte":
			a := known(0)
			for i, y := range p.Years {
				if y >= d.From && y <= d.To {
					a = a.Plus(m.Allocated[i])
				}
			}
			if !a.Complete {
				return nil, "alcuni importi delle schede sono da definire (€ ____)"
			}
			sum = a.Cents
		default:
			found := false
			for _, q := range m.Source.Quotas {
				if d.Quantity == "quota_fnps" && q.Quota != d.Quota {
					continue
				}
				if straddles(q.From, q.To) {
					return nil, "le quote sono indicate per gli anni " + pdz.PeriodText(q.From, q.To) + " insieme"
				}
				if inYears(q.From, q.To) {
					sum += q.Amount
					found = true
				}
			}
			if !found {
				return nil, "quote non indicate per questi anni"
			}
		}
		return whole(sum), ""
	case "budget_ordinario":
		var sum int64
		for _, row := range r.Budget.Rows {
			m := SourceByCode(r.Sources, row.Source.Code)
			for _, e := range m.Entries {
				if straddles(e.From, e.To) {
					return nil, "la disponibilità di " + m.Source.Code + " è indicata per gli anni " + pdz.PeriodText(e.From, e.To) + " insieme"
				}
				if inYears(e.From, e.To) {
					sum += e.Amount
				}
			}
		}
		if len(r.Budget.Missing) > 0 {
			return nil, "manca la disponibilità di " + strings.Join(r.Budget.Missing, ", ")
		}
		return whole(sum), ""
	case "programmato":
		a := known(0)
		for i, y := range p.Years {
			if y >= d.From && y <= d.To {
				a = a.Plus(r.Totals.ByYear[i])
			}
		}
		if !a.Complete {
			return nil, "alcuni importi delle schede sono da definire (€ ____)"
		}
		return whole(a.Cents), ""
	case "cofinanziamento_minimo", "cofinanziamento_minimo_denaro", "cofinanziamento_minimo_servizi":
		pick := func(min, cash, services pdz.OptInt) pdz.OptInt {
			switch d.Quantity {
			case "cofinanziamento_minimo_denaro":
				return cash
			case "cofinanziamento_minimo_servizi":
				return services
			}
			return min
		}
		why := "il cofinanziamento minimo non è calcolabile"
		if len(c.BaseMissing) > 0 {
			why += ": manca " + joinAnd(c.BaseMissing)
		} else if c.MinRule == nil {
			why += ": il quadro regionale non ha la regola del cofinanziamento minimo"
		}
		if ambito {
			return opt(pick(c.Minimum, c.Cash, c.Services), why)
		}
		cc := comune()
		if cc == nil {
			return nil, "Comune non trovato"
		}
		if len(c.SplitIssues) > 0 && !pick(cc.Minimum, cc.Cash, cc.Services).Set {
			why = "ripartizione non calcolabile: " + joinAnd(c.SplitIssues)
		}
		return opt(pick(cc.Minimum, cc.Cash, cc.Services), why)
	case "cofinanziamento", "cofinanziamento_denaro":
		onlyCash := d.Quantity == "cofinanziamento_denaro"
		if !ambito {
			cc := comune()
			if cc == nil {
				return nil, "Comune non trovato"
			}
			var sum int64
			for y := d.From; y <= d.To; y++ {
				x, ok := cc.Commitments[y]
				t, both := x.Total()
				if onlyCash {
					t, both = x.Cash.V, x.Cash.Set
				}
				if !ok || !both {
					return nil, "manca il cofinanziamento del " + strconv.Itoa(y)
				}
				sum += t
			}
			return whole(sum), ""
		}
		var sum int64
		plan := false
		for _, b := range c.Blocks {
			if straddles(b.From, b.To) {
				return nil, "il cofinanziamento è indicato per gli anni " + b.Years() + " insieme"
			}
			if inYears(b.From, b.To) && (b.HasCash || b.HasServices) {
				if onlyCash {
					sum += b.Cash
				} else {
					sum += b.Total()
				}
				plan = true
			}
		}
		if plan {
			return whole(sum), ""
		}
		for y := d.From; y <= d.To; y++ {
			cash, services := c.CommitTotal(y)
			if !cash.Complete || (!onlyCash && !services.Complete) {
				return nil, "manca il cofinanziamento di qualche Comune nel " + strconv.Itoa(y)
			}
			sum += cash.Cents
			if !onlyCash {
				sum += services.Cents
			}
		}
		return whole(sum), ""
	case "cofinanziamento_percentuale", "cofinanziamento_denaro_percentuale", "cofinanziamento_servizi_percentuale":
		if !c.Minimum.Set || c.Minimum.V == 0 {
			return nil, "il cofinanziamento minimo non è calcolabile"
		}
		for _, b := range c.Blocks {
			if b.From == d.From && b.To == d.To {
				n := b.Total()
				switch d.Quantity {
				case "cofinanziamento_denaro_percentuale":
					n = b.Cash
				case "cofinanziamento_servizi_percentuale":
					n = b.Services
				}
				den := c.Minimum.V * b.YearsCount()
				return new(big.Rat).SetFrac(new(big.Int).Mul(big.NewInt(n), big.NewInt(100)), big.NewInt(den)), ""
			}
		}
		return nil, "il cofinanziamento di questi anni non è indicato"
	case "spesa_storica", "spesa_storica_media":
		if ambito {
			if len(c.HistMissing) > 0 {
				return nil, "manca la spesa storica di " + joinAnd(c.HistMissing)
			}
			if d.Quantity == "spesa_storica" {
				return whole(c.HistTotal), ""
			}
			return opt(c.HistAverageCents(), "")
		}
		cc := comune()
		if cc == nil || cc.Historical == nil {
			return nil, "manca la spesa storica del Comune"
		}
		if d.Quantity == "spesa_storica" {
			return whole(cc.Historical.Amount), ""
		}
		return opt(cc.HistAverage, "")
	case "avanzamento_residuo", "avanzamento_percentuale":
		var row *ProgressRow
		for i := range r.Progress {
			if d.Subject == "" || strings.EqualFold(r.Progress[i].Fund, d.Subject) {
				row = &r.Progress[i]
				break
			}
		}
		if row == nil {
			return nil, "avanzamento del piano precedente non indicato"
		}
		if d.Quantity == "avanzamento_residuo" {
			return opt(row.Residual, "mancano il programmato o l'impegnato")
		}
		if !row.Budget.Set || !row.Committed.Set || row.Budget.V == 0 {
			return nil, "mancano il programmato o l'impegnato"
		}
		return new(big.Rat).SetFrac(new(big.Int).Mul(big.NewInt(row.Committed.V), big.NewInt(100)), big.NewInt(row.Budget.V)), ""
	}
	return nil, "grandezza sconosciuta"
}

// checks compares every declared money figure with the computed one.
func (r *Report) checks() []Check {
	var out []Check
	for _, d := range r.Plan.Money.Declared {
		q := pdz.MoneyQuantityOf(d.Quantity)
		if q == nil {
			continue
		}
		c := Check{Declared: d, Quantity: *q, Subject: subject(r.Plan.Framework, &d, q), Verdict: profilo.Unverifiable}
		v, why := r.value(&d)
		if v == nil {
			c.Basis = why
			out = append(out, c)
			continue
		}
		printed := d.Value.Rat()
		if !q.Percent {
			printed.Mul(printed, big.NewRat(100, 1)) // euro → cents
		}
		diff := new(big.Rat).Sub(printed, v)
		c.Known = true
		if q.Percent {
			scale := max(d.Value.Scale, 2)
			c.Computed = pdz.RoundDecimal(v, scale)
			c.Diff = pdz.RoundDecimal(diff, scale)
			abs := new(big.Rat).Abs(diff)
			switch {
			case abs.Cmp(pdz.HalfUnit(scale)) <= 0:
				c.Verdict = profilo.Agree
			case abs.Cmp(pdz.HalfUnit(d.Value.Scale)) <= 0:
				c.Verdict = profilo.Rounded
			default:
				c.Verdict = profilo.Disagree
			}
		} else {
			c.Computed = Money(cents(v))
			c.Diff = Money(cents(diff))
			if diff.Sign() == 0 {
				c.Verdict = profilo.Agree
			} else {
				c.Verdict = profilo.Disagree
			}
		}
		out = append(out, c)
	}
	// Figures that cannot be computed are still checked against each other.
	for i := range out {
		if out[i].Verdict != profilo.Unverifiable {
			continue
		}
		for j := range out {
			a, b := out[i].Declared, out[j].Declared
			if i != j && a.Quantity == b.Quantity && out[i].Subject == out[j].Subject && a.Value.Rat().Cmp(b.Value.Rat()) != 0 {
				out[i].Verdict = profilo.Contradicted
				out[i].Basis += "; un altro dato dichiarato (" + b.Table + ") vale " + b.Value.Italian()
			}
		}
	}
	return out
}

// Summary counts the checks by verdict.
func (r *Report) Summary() profilo.Summary {
	var s profilo.Summary
	for _, c := range r.Checks {
		s.Add(c.Verdict)
	}
	return s
}
