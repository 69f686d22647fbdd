// Package risorse computes the money of a plan (issue 6): the availability
// of each funding source per year (with the residui flowing from the
// previous plan and the FNPS quotas), every total of the sheets' amounts
// (per sheet, year, source, area, macro-activity, priority level, financial
// sheet), the budget summary, the municipal co-financing with its split
// among the Comuni, the historical social spending, the social workers,
// the progress of the previous plan, the checks of the figures a document
// prints, and the verdicts of the regional framework's rules. Money is
// integer euro cents; ratios and roundings are exact (math/big), never
// floating point. It must not know HTTP or storage.
package risorse

import (
	"fmt"
	"math/big"

	"github.com/pdz-ats/pdz/internal/pdz"
)

// Split divides total among parts in proportion to weights with the
// largest-remainder (Hamilton) method: each part gets the floor of its exact
// quota, then the cents still to assign go one each to the parts with the
// largest remainders, ties going to the part listed first. The parts always
// sum to total: no cent is lost or created. Weights must not be negative and
// must not all be zero.
func Split(total int64, weights []int64) ([]int64, error) {
	var sum big.Int
	for _, w := range weights {
		if w < 0 {
			return nil, fmt.Errorf("risorse.Split: negative weight %d", w)
		}
		sum.Add(&sum, big.NewInt(w))
	}
	if sum.Sign() == 0 {
		return nil, fmt.Errorf("risorse.Split: weights sum to zero")
	}
	neg := total < 0
	t := big.NewInt(total)
	if neg {
		t.Neg(t)
	}
	out := make([]int64, len(weights))
	rems := make([]*big.Int, len(weights))
	var assigned int64
	for i, w := range weights {
		num := new(big.Int).Mul(t, big.NewInt(w))
		q, r := new(big.Int).QuoRem(num, &sum, new(big.Int))
		out[i], rems[i] = q.Int64(), r
		assigned += out[i]
	}
	left := t.Int64() - assigned
	taken := make([]bool, len(weights))
	for ; left > 0; left-- {
		best := -1
		for i := range rems {
			if !taken[i] && (best < 0 || rems[i].Cmp(rems[best]) > 0) {
				best = i
			}
		}
		taken[best] = true
		out[best]++
	}
	if neg {
		for i := range out {
			out[i] = -out[i]
		}
	}
	return out, nil
}

// rat is an exact rational.
func rat(num, den int64) *big.Rat { return big.NewRat(num, den) }

// ceilRat rounds x up (towards +∞) to scale decimals.
func ceilRat(x *big.Rat, scale int) pdz.Decimal {
	m := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(scale)), nil)
	n := new(big.Rat).Mul(x, new(big.Rat).SetInt(m))
	q, r := new(big.Int).QuoRem(n.Num(), n.Denom(), new(big.Int))
	if r.Sign() > 0 {
		q.Add(q, big.NewInt(1))
	}
	return pdz.Decimal{Units: q.Int64(), Scale: scale}
}

// cents rounds an amount of cents given as a rational to whole cents,
// half away from zero.
func cents(x *big.Rat) int64 { return pdz.RoundDecimal(x, 0).Units }

// PercentOf is num/den × 100 rounded half away from zero to two decimals
// (a Decimal of scale 2): the rounding rule of every percentage pdz shows.
func PercentOf(num, den int64) (pdz.Decimal, bool) {
	if den == 0 {
		return pdz.Decimal{}, false
	}
	x := new(big.Rat).SetFrac(new(big.Int).Mul(big.NewInt(num), big.NewInt(100)), big.NewInt(den))
	return pdz.RoundDecimal(x, 2), true
}

// applyPercent is amount × bp / 10000 (bp in basis points), rounded half
// away from zero to the cent.
func applyPercent(amount, bp int64) int64 {
	x := new(big.Rat).SetFrac(new(big.Int).Mul(big.NewInt(amount), big.NewInt(bp)), big.NewInt(10000))
	return cents(x)
}

// Money is cents as a Decimal (for figures).
func Money(c int64) pdz.Decimal { return pdz.Decimal{Units: c, Scale: 2} }
