package profilo

import (
	"math/big"

	"github.com/pdz-ats/pdz/internal/locale"
	"github.com/pdz-ats/pdz/internal/pdz"
)

// Verdict of a consistency check.
type Verdict string

const (
	// Agree: the printed figure is the computed one at the printed precision
	// (at least two decimals for ratios and percentages).
	Agree Verdict = "concorde"
	// Rounded: it agrees only as a coarser rounding (2,5 for 2,54).
	Rounded Verdict = "arrotondato"
	// Disagree: the printed figure is not the computed one.
	Disagree Verdict = "discorde"
	// Unverifiable: the raw data do not allow computing it; other figures
	// printed for the same quantity may still contradict it.
	Unverifiable Verdict = "non verificabile"
	// Contradicted: not computable, and another printed figure for the same
	// quantity, place and date differs from it.
	Contradicted Verdict = "contraddetto"
)

// Label is the verdict for people.
func (v Verdict) Label() string {
	switch v {
	case Agree:
		return "Coincide"
	case Rounded:
		return "Coincide all'arrotondamento"
	case Disagree:
		return "Non coincide"
	case Contradicted:
		return "Contraddetto da un altro dato"
	}
	return "Non verificabile"
}

// Flagged reports whether the verdict points out an error.
func (v Verdict) Flagged() bool { return v == Disagree || v == Contradicted }

// Check is a printed figure set against the computed one.
type Check struct {
	Declared  pdz.DeclaredFigure
	Quantity  pdz.Quantity
	Territory string // "Casarano", "Ambito"
	Computed  pdz.Decimal
	Known     bool
	Basis     string // how the computed value was obtained, when not plainly from the rows
	Verdict   Verdict
	Diff      pdz.Decimal // printed minus computed, at the display precision
}

// displayScale is the precision a computed value is shown with beside a
// printed one.
func displayScale(q *pdz.Quantity, printed int) int {
	switch q.Kind {
	case pdz.KindCount, pdz.KindSigned:
		return 0
	}
	return max(printed, 2)
}

// Checks compares every printed figure with the computed one.
func (p *Profile) Checks() []Check {
	var out []Check
	for _, d := range p.declared {
		q := pdz.QuantityOf(d.Quantity)
		if q == nil {
			continue
		}
		c := Check{Declared: d, Quantity: *q, Territory: "Ambito", Verdict: Unverifiable}
		if d.ComuneID != 0 {
			c.Territory = d.ComuneName
		}
		var r Ratio
		if _, isChange := changeBase[q.Code]; isChange {
			ch := p.Change(q.Code, d.ComuneID, d.Date)
			if ch.OK {
				r = whole(ch.Value)
				c.Basis = "variazione rispetto al " + locale.ShortDate(ch.From)
				if ch.FromDeclared {
					c.Basis += ", calcolata sul dato dichiarato di quella data (mancano i dati di base)"
				}
			}
		} else if snap := p.At(d.Date); snap != nil {
			if f := snap.Territory(d.ComuneID); f != nil {
				r = f.Value(q.Code)
			}
		}
		if r.OK() {
			scale := displayScale(q, d.Value.Scale)
			c.Known, c.Computed = true, r.Round(scale)
			c.Verdict = compare(q, d.Value, r)
			diff := new(big.Rat).Sub(d.Value.Rat(), big.NewRat(r.Num, r.Den))
			c.Diff = pdz.RoundDecimal(diff, scale)
		}
		out = append(out, c)
	}
	// Figures that cannot be computed are still checked against each other.
	for i := range out {
		if out[i].Verdict != Unverifiable {
			continue
		}
		for j := range out {
			a, b := out[i].Declared, out[j].Declared
			if i != j && a.Quantity == b.Quantity && a.ComuneID == b.ComuneID && a.Date.Equal(b.Date) &&
				a.Value.Rat().Cmp(b.Value.Rat()) != 0 {
				out[i].Verdict = Contradicted
				out[i].Basis = "un altro dato dichiarato (" + b.Table + ") vale " + b.Value.Italian()
			}
		}
	}
	return out
}

// compare applies the rounding rule: counts must be equal; other figures
// agree when they are the computed value rounded to the printed precision,
// counting at least two decimals, and agree "as a rounding" when they are
// it rounded to a coarser precision the quantity allows (one decimal for a
// ratio: 2,5 for 2,54; never an integer for an average household size).
func compare(q *pdz.Quantity, printed pdz.Decimal, r Ratio) Verdict {
	diff := new(big.Rat).Sub(printed.Rat(), big.NewRat(r.Num, r.Den))
	diff.Abs(diff)
	if q.Kind == pdz.KindCount || q.Kind == pdz.KindSigned {
		if diff.Sign() == 0 {
			return Agree
		}
		return Disagree
	}
	if diff.Cmp(pdz.HalfUnit(max(printed.Scale, 2))) <= 0 {
		return Agree
	}
	if diff.Cmp(pdz.HalfUnit(max(printed.Scale, q.MinScale))) <= 0 {
		return Rounded
	}
	return Disagree
}

// Summary counts the verdicts.
type Summary struct {
	Agree, Rounded, Flagged, Unverifiable int
}

// Add counts one verdict.
func (s *Summary) Add(v Verdict) {
	switch {
	case v == Agree:
		s.Agree++
	case v == Rounded:
		s.Rounded++
	case v.Flagged():
		s.Flagged++
	default:
		s.Unverifiable++
	}
}

// Summarize counts checks by verdict.
func Summarize(cs []Check) Summary {
	var s Summary
	for _, c := range cs {
		s.Add(c.Verdict)
	}
	return s
}
