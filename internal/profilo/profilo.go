// Package profilo computes the community profile of a plan (chapter I) from
// its raw demographic rows: totals, shares per age band, density, average
// household size, migration balance, old-age and dependency indices and the
// change against an earlier reference date. Nothing here is typed by a
// person: the figures a document prints are kept apart (pdz.DeclaredFigure)
// and Checks compares them with what is computed here. The package also
// reads the CSV and ISTAT POSAS files that fill the rows. It must not know
// HTTP or storage.
package profilo

import (
	"sort"

	"github.com/pdz-ats/pdz/internal/pdz"
)

// Ratio is an exact quotient, so that checks never depend on floating point.
type Ratio struct {
	Num, Den int64
}

// OK reports whether the ratio is defined.
func (r Ratio) OK() bool { return r.Den > 0 }

// Round is the ratio rounded half away from zero to scale decimals.
func (r Ratio) Round(scale int) pdz.Decimal {
	if !r.OK() {
		return pdz.Decimal{}
	}
	n := r.Num
	for i := 0; i < scale; i++ {
		n *= 10
	}
	neg := n < 0
	if neg {
		n = -n
	}
	q := (2*n + r.Den) / (2 * r.Den)
	if neg {
		q = -q
	}
	return pdz.Decimal{Units: q, Scale: scale}
}

// Float is for charts only.
func (r Ratio) Float() float64 {
	if !r.OK() {
		return 0
	}
	return float64(r.Num) / float64(r.Den)
}

func whole(n int64) Ratio { return Ratio{n, 1} }

// Figures are the raw data of one territory at one date: a Comune, or the
// whole Ambito (ComuneID 0), whose figures are the sums over its Comuni
// when every Comune has them, else what a row for the whole Ambito gives.
type Figures struct {
	ComuneID     int64
	Name         string
	Bands        [6]pdz.OptInt
	Households   pdz.OptInt
	Surface      pdz.OptInt // hundredths of km²
	Emigrations  pdz.OptInt
	Immigrations pdz.OptInt
}

func sumBands(f *Figures, from, to int) pdz.OptInt {
	var s int64
	for i := from; i <= to; i++ {
		if !f.Bands[i].Set {
			return pdz.OptInt{}
		}
		s += f.Bands[i].V
	}
	return pdz.Some(s)
}

// Population is the sum of the age bands, absent unless every band is known.
func (f *Figures) Population() pdz.OptInt { return sumBands(f, 0, 5) }

// Minors is the 0-17 population.
func (f *Figures) Minors() pdz.OptInt { return sumBands(f, 0, 2) }

// Young is the 0-14 population, Working the 15-64, Old the 65+.
func (f *Figures) Young() pdz.OptInt   { return sumBands(f, 0, 1) }
func (f *Figures) Working() pdz.OptInt { return sumBands(f, 2, 4) }
func (f *Figures) Old() pdz.OptInt     { return f.Bands[5] }

// Balance is immigrations minus emigrations.
func (f *Figures) Balance() pdz.OptInt {
	if !f.Emigrations.Set || !f.Immigrations.Set {
		return pdz.OptInt{}
	}
	return pdz.Some(f.Immigrations.V - f.Emigrations.V)
}

func ratio(num, den pdz.OptInt, scale int64) Ratio {
	if !num.Set || !den.Set || den.V == 0 {
		return Ratio{}
	}
	return Ratio{num.V * scale, den.V}
}

// Value is the computed value of a quantity (every quantity but the
// changes, which need two dates: see Profile.Change).
func (f *Figures) Value(q string) Ratio {
	opt := func(o pdz.OptInt) Ratio {
		if !o.Set {
			return Ratio{}
		}
		return whole(o.V)
	}
	pop := f.Population()
	for i, b := range pdz.AgeBands {
		_ = b
		if q == bandQuantities[i] {
			return opt(f.Bands[i])
		}
		if q == shareQuantities[i] {
			return ratio(f.Bands[i], pop, 100)
		}
	}
	switch q {
	case "popolazione":
		return opt(pop)
	case "minori":
		return opt(f.Minors())
	case "quota_minori":
		return ratio(f.Minors(), pop, 100)
	case "famiglie":
		return opt(f.Households)
	case "ampiezza_famiglie":
		return ratio(pop, f.Households, 1)
	case "superficie":
		if !f.Surface.Set {
			return Ratio{}
		}
		return Ratio{f.Surface.V, 100}
	case "densita":
		return ratio(pop, f.Surface, 100)
	case "emigrati":
		return opt(f.Emigrations)
	case "immigrati":
		return opt(f.Immigrations)
	case "saldo_migratorio":
		return opt(f.Balance())
	case "indice_vecchiaia":
		return ratio(f.Old(), f.Young(), 100)
	case "indice_dipendenza":
		y, o, w := f.Young(), f.Old(), f.Working()
		if !y.Set || !o.Set {
			return Ratio{}
		}
		return ratio(pdz.Some(y.V+o.V), w, 100)
	}
	return Ratio{}
}

var (
	bandQuantities  = [6]string{"fascia_0_3", "fascia_4_14", "fascia_15_17", "fascia_18_29", "fascia_30_64", "fascia_65"}
	shareQuantities = [6]string{"quota_0_3", "quota_4_14", "quota_15_17", "quota_18_29", "quota_30_64", "quota_65"}
)

// changeBase maps a change quantity to the quantity that changes.
var changeBase = map[string]string{"var_popolazione": "popolazione", "var_minori": "minori", "var_65": "fascia_65", "var_famiglie": "famiglie"}

// Snapshot is the profile at one reference date.
type Snapshot struct {
	Date   pdz.Date
	Comuni []Figures // the Ambito's Comuni that have a row at this date, in name order
	Ambito Figures   // sums, or the Ambito-level row
	// Conflicts lists raw figures given both for the Ambito and by every
	// Comune that do not agree (the same quantity in two tables).
	Conflicts []Conflict
}

// Conflict is a raw Ambito figure that disagrees with the sum of its Comuni.
type Conflict struct {
	Quantity               string
	AmbitoRow, SumOfComuni int64
}

// Comune returns a Comune's figures, nil if it has no row at this date.
func (s *Snapshot) Comune(id int64) *Figures {
	for i := range s.Comuni {
		if s.Comuni[i].ComuneID == id {
			return &s.Comuni[i]
		}
	}
	return nil
}

// Territory returns the figures of a Comune, or of the Ambito for id 0.
func (s *Snapshot) Territory(id int64) *Figures {
	if id == 0 {
		return &s.Ambito
	}
	return s.Comune(id)
}

// Profile is the computed community profile of a plan.
type Profile struct {
	Snapshots []Snapshot // oldest first
	declared  []pdz.DeclaredFigure
}

// Build computes the profile from a plan's rows. comuni are the Ambito's
// Comuni: a sum over the Comuni is computed only when each of them has the
// figure.
func Build(rows []pdz.ProfileRow, declared []pdz.DeclaredFigure, comuni []pdz.Comune) *Profile {
	byDate := map[pdz.Date][]pdz.ProfileRow{}
	dates := map[pdz.Date]bool{}
	for _, r := range rows {
		byDate[r.Date] = append(byDate[r.Date], r)
		dates[r.Date] = true
	}
	for _, d := range declared {
		dates[d.Date] = true
	}
	var ds []pdz.Date
	for d := range dates {
		ds = append(ds, d)
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i].Before(ds[j]) })
	names := map[int64]string{}
	for _, c := range comuni {
		names[c.ID] = c.Name
	}
	p := &Profile{declared: declared}
	for _, d := range ds {
		s := Snapshot{Date: d, Ambito: Figures{Name: "Ambito"}}
		var ambitoRow *pdz.ProfileRow
		for i, r := range byDate[d] {
			if r.ComuneID == 0 {
				ambitoRow = &byDate[d][i]
				continue
			}
			name := names[r.ComuneID]
			if name == "" {
				name = r.ComuneName
			}
			s.Comuni = append(s.Comuni, Figures{ComuneID: r.ComuneID, Name: name, Bands: r.Bands, Households: r.Households,
				Surface: r.Surface, Emigrations: r.Emigrations, Immigrations: r.Immigrations})
		}
		sort.Slice(s.Comuni, func(i, j int) bool { return s.Comuni[i].Name < s.Comuni[j].Name })
		all := len(comuni) > 0 && len(s.Comuni) == len(comuni)
		sum := func(get func(*Figures) pdz.OptInt) pdz.OptInt {
			if !all {
				return pdz.OptInt{}
			}
			var t int64
			for i := range s.Comuni {
				v := get(&s.Comuni[i])
				if !v.Set {
					return pdz.OptInt{}
				}
				t += v.V
			}
			return pdz.Some(t)
		}
		pick := func(code string, get func(*Figures) pdz.OptInt, own pdz.OptInt) pdz.OptInt {
			v := sum(get)
			switch {
			case v.Set && own.Set && v.V != own.V:
				s.Conflicts = append(s.Conflicts, Conflict{code, own.V, v.V})
				return v
			case v.Set:
				return v
			}
			return own
		}
		var own pdz.ProfileRow
		if ambitoRow != nil {
			own = *ambitoRow
		}
		for i := range s.Ambito.Bands {
			i := i
			s.Ambito.Bands[i] = pick(bandQuantities[i], func(f *Figures) pdz.OptInt { return f.Bands[i] }, own.Bands[i])
		}
		s.Ambito.Households = pick("famiglie", func(f *Figures) pdz.OptInt { return f.Households }, own.Households)
		s.Ambito.Surface = pick("superficie", func(f *Figures) pdz.OptInt { return f.Surface }, own.Surface)
		s.Ambito.Emigrations = pick("emigrati", func(f *Figures) pdz.OptInt { return f.Emigrations }, own.Emigrations)
		s.Ambito.Immigrations = pick("immigrati", func(f *Figures) pdz.OptInt { return f.Immigrations }, own.Immigrations)
		p.Snapshots = append(p.Snapshots, s)
	}
	return p
}

// At returns the snapshot of a date, nil if none.
func (p *Profile) At(d pdz.Date) *Snapshot {
	for i := range p.Snapshots {
		if p.Snapshots[i].Date.Equal(d) {
			return &p.Snapshots[i]
		}
	}
	return nil
}

// Latest is the most recent snapshot with population data, nil if none.
func (p *Profile) Latest() *Snapshot {
	for i := len(p.Snapshots) - 1; i >= 0; i-- {
		if p.Snapshots[i].Ambito.Population().Set || len(p.Snapshots[i].Comuni) > 0 {
			return &p.Snapshots[i]
		}
	}
	return nil
}

// Previous is the snapshot before d, nil if none.
func (p *Profile) Previous(d pdz.Date) *Snapshot {
	var prev *Snapshot
	for i := range p.Snapshots {
		if !p.Snapshots[i].Date.Before(d) {
			break
		}
		prev = &p.Snapshots[i]
	}
	return prev
}

// Change is a change against the previous reference date: the value, the
// earlier date, and whether the earlier figure had to be taken from the
// document (no raw data for that date) rather than computed.
type Change struct {
	Value        int64
	From         pdz.Date
	FromDeclared bool
	OK           bool
}

// Change computes a var_* quantity for a territory at date d. The current
// figure is always computed; the earlier one is computed when the raw data
// allow it, else taken from a declared figure of that date.
func (p *Profile) Change(q string, comuneID int64, d pdz.Date) Change {
	base, ok := changeBase[q]
	snap, prev := p.At(d), p.Previous(d)
	if !ok || snap == nil || prev == nil {
		return Change{}
	}
	cur := snap.Territory(comuneID)
	if cur == nil {
		return Change{}
	}
	now := cur.Value(base)
	if !now.OK() || now.Den != 1 {
		return Change{}
	}
	if old := prev.Territory(comuneID); old != nil {
		if v := old.Value(base); v.OK() && v.Den == 1 {
			return Change{Value: now.Num - v.Num, From: prev.Date, OK: true}
		}
	}
	for _, df := range p.declared {
		if df.Quantity == base && df.ComuneID == comuneID && df.Date.Equal(prev.Date) && df.Value.Scale == 0 {
			return Change{Value: now.Num - df.Value.Units, From: prev.Date, FromDeclared: true, OK: true}
		}
	}
	return Change{}
}
