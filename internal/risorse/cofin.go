package risorse

import (
	"math/big"
	"strconv"

	"github.com/pdz-ats/pdz/internal/locale"
	"github.com/pdz-ats/pdz/internal/pdz"
	"github.com/pdz-ats/pdz/internal/profilo"
)

// Co-financing source types: what the Comuni commit in cash and in services.
const (
	kindCash     = "cofinanziamento_denaro"
	kindServices = "cofinanziamento_servizi"
)

// BaseItem is a transfer the minimum co-financing is computed on (FNPS,
// FNA, FGSA of the first year).
type BaseItem struct {
	Source *pdz.FundingSource
	Amount int64
}

// CofinComune is one Comune in the co-financing tables.
type CofinComune struct {
	Comune      pdz.Comune
	Population  pdz.OptInt
	Share       pdz.Decimal // of the Ambito's population, percent with two decimals
	Minimum     pdz.OptInt  // its share of the minimum co-financing
	Cash        pdz.OptInt  // of which in cash
	Services    pdz.OptInt  // and in services
	Entered     pdz.OptInt  // the amount entered (split rule "importi")
	Commitments map[int]pdz.Commitment
	Historical  *pdz.HistoricalSpending
	HistAverage pdz.OptInt // yearly average, rounded to the cent
	// ByPopulation is the share of the minimum by population at PopDate,
	// shown beside amounts entered per Comune for comparison.
	ByPopulation pdz.OptInt
}

// CommitBlock is the Ambito's co-financing over a year or period of the
// plan, in cash and in services: the one figure the pages, the rules, the
// API and the spreadsheets show. It is the sum of the single Comuni's
// commitments when every Comune gave both parts for every year of the
// block, otherwise what the co-financing sources make available.
type CommitBlock struct {
	From, To       int
	Cash, Services int64
	HasCash        bool
	HasServices    bool
	FromComuni     bool // the sum of the Comuni's commitments
	// Sources is what the co-financing sources make available over the
	// block, when given: the figure of the budget. When it differs from
	// the Comuni's sum, Disagree says so.
	SourcesCash, SourcesServices int64
	HasSources                   bool
	Disagree                     string
}

// Years is "2022" or "2023-2024".
func (b CommitBlock) Years() string { return pdz.PeriodText(b.From, b.To) }

// Origin says where the block's figure comes from, in words.
func (b CommitBlock) Origin() string {
	if b.FromComuni {
		return "somma degli impegni dei Comuni"
	}
	return "disponibilità delle fonti di cofinanziamento"
}

// Notes are where the figure comes from and, when they disagree, the
// co-financing sources' figure beside it.
func (b CommitBlock) Notes() []string {
	out := []string{"Cofinanziamento del " + b.Years() + ": " + b.Origin() + "."}
	if b.Disagree != "" {
		out = append(out, b.Disagree)
	}
	return out
}

// Total is cash plus services.
func (b CommitBlock) Total() int64 { return b.Cash + b.Services }

// YearsCount is the number of years of the block.
func (b CommitBlock) YearsCount() int64 { return int64(b.To - b.From + 1) }

// Cofin is the municipal co-financing of a plan.
type Cofin struct {
	Rule        pdz.CofinancingRule // as chosen, or the defaults
	RuleDefault bool
	MinRule     *pdz.FrameworkRule // the framework's minimum co-financing rule; nil if none
	PercentBP   int64              // of the base (10000 = 100%)
	BaseYear    int
	Base        []BaseItem
	BaseTotal   int64
	BaseMissing []string // what keeps the base from being known
	Minimum     pdz.OptInt
	Cash        pdz.OptInt // the minimum's part in cash: the sum of the Comuni's parts
	Services    pdz.OptInt
	Comuni      []CofinComune
	SplitNote   string   // how the minimum was split, in words
	SplitIssues []string // why the split could not be made, or does not add up
	PopDate     pdz.Date // of the comparison by population (split rule "importi")
	EnteredSum  pdz.OptInt
	Blocks      []CommitBlock // committed by the Ambito (co-financing sources)
	CommitYears []int         // years with commitments of single Comuni, the previous plan's too

	HistTotal    int64
	HistAverage  *big.Rat // yearly, exact: the sum of the Comuni's averages
	HistRows     int
	HistMissing  []string // Comuni without historical spending
	HistFrom     int
	HistTo       int
	HistSameSpan bool
}

// HistAverageCents is the Ambito's yearly average rounded to the cent.
func (c *Cofin) HistAverageCents() pdz.OptInt {
	if c.HistAverage == nil {
		return pdz.OptInt{}
	}
	return pdz.Some(cents(c.HistAverage))
}

// CommitTotal sums the single Comuni's commitments of a year: cash,
// services, and whether every Comune gave both.
func (c *Cofin) CommitTotal(year int) (cash, services Amount) {
	cash, services = known(0), known(0)
	for _, cc := range c.Comuni {
		x, ok := cc.Commitments[year]
		if !ok {
			cash.Complete, services.Complete = false, false
			continue
		}
		cash.add(x.Cash)
		services.add(x.Services)
	}
	return
}

// computeCofin builds the co-financing tables.
func computeCofin(p *pdz.Plan, comuni []pdz.Comune, sources []SourceMoney) Cofin {
	fw := p.Framework
	if fw == nil {
		fw = &pdz.Framework{}
	}
	c := Cofin{Rule: p.Money.Rule, RuleDefault: !p.Money.RuleSet, MinRule: fw.RuleOfKind(pdz.RuleMinimumCofinancing)}
	if c.RuleDefault {
		c.Rule = pdz.CofinancingRule{Split: pdz.SplitPopulation, CashShare: pdz.DefaultCashShare}
		if c.MinRule != nil && c.MinRule.Params.CashPercent != "" {
			if bp, err := pdz.ParsePercent(c.MinRule.Params.CashPercent); err == nil {
				c.Rule.CashShare = bp
			}
		}
	}
	// The minimum: a percentage of the first year's ordinary transfers.
	if c.MinRule != nil && len(p.Years) > 0 {
		c.PercentBP, _ = pdz.ParsePercent(c.MinRule.Params.Percent)
		c.BaseYear = p.Years[0]
		kinds := map[string]bool{}
		for _, k := range c.MinRule.Params.Kinds {
			kinds[k] = true
		}
		found := map[string]bool{}
		for i := range sources {
			m := &sources[i]
			if !kinds[m.Source.Kind] || m.Composite() {
				continue
			}
			found[m.Source.Kind] = true
			var amount int64
			for _, e := range m.Entries {
				switch {
				case e.From == c.BaseYear && e.To == c.BaseYear:
					amount += e.Amount
				case e.From <= c.BaseYear && e.To >= c.BaseYear:
					c.BaseMissing = append(c.BaseMissing, "l'importo del "+strconv.Itoa(c.BaseYear)+" della fonte «"+m.Source.Code+
						"», indicata per gli anni "+pdz.PeriodText(e.From, e.To)+" insieme")
				}
			}
			c.Base = append(c.Base, BaseItem{Source: m.Source, Amount: amount})
			c.BaseTotal += amount
		}
		if len(found) == 0 {
			var ks []string
			for _, k := range c.MinRule.Params.Kinds {
				ks = append(ks, pdz.SourceKindLabel(k))
			}
			c.BaseMissing = append(c.BaseMissing, "la disponibilità delle fonti "+joinAnd(ks)+" nel "+strconv.Itoa(c.BaseYear))
		}
		if len(c.BaseMissing) == 0 {
			c.Minimum = pdz.Some(applyPercent(c.BaseTotal, c.PercentBP))
		}
	}
	// The Comuni, their population at the reference date, what they entered
	// or commit and their historical spending.
	var snap *profilo.Snapshot
	if c.Rule.Split == pdz.SplitPopulation {
		prof := profilo.Build(p.Profile, p.Declared, comuni)
		if c.Rule.Date.IsZero() { // the defaults: the latest population of the profile
			if latest := prof.Latest(); latest != nil {
				c.Rule.Date = latest.Date
			}
		}
		snap = prof.At(c.Rule.Date)
	}
	entered := map[int64]int64{}
	for _, q := range p.Money.Quotas {
		entered[q.ComuneID] = q.Amount
	}
	hist := map[int64]*pdz.HistoricalSpending{}
	for i := range p.Money.Historical {
		h := &p.Money.Historical[i]
		hist[h.ComuneID] = h
	}
	years := map[int]bool{}
	for _, cm := range comuni {
		cc := CofinComune{Comune: cm, Commitments: map[int]pdz.Commitment{}, Historical: hist[cm.ID]}
		if snap != nil {
			if f := snap.Comune(cm.ID); f != nil {
				cc.Population = f.Population()
			}
		}
		if v, ok := entered[cm.ID]; ok {
			cc.Entered = pdz.Some(v)
		}
		for _, x := range p.Money.Commitments {
			if x.ComuneID == cm.ID {
				cc.Commitments[x.Year] = x
				years[x.Year] = true
			}
		}
		if h := cc.Historical; h != nil && h.YearsCount() > 0 {
			cc.HistAverage = pdz.Some(cents(rat(h.Amount, int64(h.YearsCount()))))
		}
		c.Comuni = append(c.Comuni, cc)
	}
	for y := range years {
		c.CommitYears = append(c.CommitYears, y)
	}
	sortInts(c.CommitYears)
	c.split(snap)
	c.compareByPopulation(p, comuni)
	// What the Ambito commits: the co-financing sources' availability.
	var entries []Entry
	has := map[string]bool{}
	for i := range sources {
		m := &sources[i]
		if (m.Source.Kind == kindCash || m.Source.Kind == kindServices) && !m.Composite() {
			for _, e := range m.Entries {
				e.Source = m.Source.Kind
				entries = append(entries, e)
			}
		}
	}
	for _, b := range blocks(p.Years, entries, make([]Amount, len(p.Years))) {
		cb := CommitBlock{From: b.From, To: b.To}
		for _, e := range entries {
			if e.From >= b.From && e.From <= b.To {
				if e.Source == kindCash {
					cb.Cash += e.Amount
					cb.HasCash = true
				} else {
					cb.Services += e.Amount
					cb.HasServices = true
				}
				has[e.Source] = true
			}
		}
		c.fromComuni(&cb)
		c.Blocks = append(c.Blocks, cb)
	}
	// Historical spending: the Ambito's yearly average is the sum of the
	// Comuni's (each its total over its own years), exact.
	avg := new(big.Rat)
	c.HistSameSpan = true
	for _, cc := range c.Comuni {
		h := cc.Historical
		if h == nil {
			c.HistMissing = append(c.HistMissing, cc.Comune.Name)
			continue
		}
		if c.HistRows == 0 {
			c.HistFrom, c.HistTo = h.From, h.To
		} else if h.From != c.HistFrom || h.To != c.HistTo {
			c.HistSameSpan = false
		}
		c.HistRows++
		c.HistTotal += h.Amount
		if h.YearsCount() > 0 {
			avg.Add(avg, rat(h.Amount, int64(h.YearsCount())))
		}
	}
	if c.HistRows > 0 {
		c.HistAverage = avg
	}
	return c
}

// fromComuni makes the block the sum of the single Comuni's commitments
// when every Comune gave cash and services for every year of it, keeping
// what the co-financing sources make available beside it and saying when
// the two disagree.
func (c *Cofin) fromComuni(b *CommitBlock) {
	if len(c.Comuni) == 0 {
		return
	}
	var cash, services int64
	for y := b.From; y <= b.To; y++ {
		for _, cc := range c.Comuni {
			x, ok := cc.Commitments[y]
			if !ok || !x.Cash.Set || !x.Services.Set {
				return
			}
			cash += x.Cash.V
			services += x.Services.V
		}
	}
	b.SourcesCash, b.SourcesServices, b.HasSources = b.Cash, b.Services, b.HasCash || b.HasServices
	b.Cash, b.Services, b.HasCash, b.HasServices, b.FromComuni = cash, services, true, true, true
	if b.HasSources && (b.SourcesCash != cash || b.SourcesServices != services) {
		b.Disagree = "Nel " + b.Years() + " le fonti di cofinanziamento del piano mettono a disposizione " + locale.Money(b.SourcesCash) + " in denaro e " +
			locale.Money(b.SourcesServices) + " in servizi (" + locale.Money(b.SourcesCash+b.SourcesServices) + "), mentre gli impegni dei Comuni sommano a " +
			locale.Money(cash) + " in denaro e " + locale.Money(services) + " in servizi (" + locale.Money(cash+services) +
			"): le verifiche usano la somma dei Comuni; correggi la disponibilità delle fonti di cofinanziamento o gli impegni dei Comuni."
	}
}

// split divides the minimum among the Comuni by the plan's rule, then each
// Comune's part into cash and services; both with the largest-remainder
// method, so that every part adds up exactly.
func (c *Cofin) split(snap *profilo.Snapshot) {
	cashBP := c.Rule.CashShare
	parts := func(amount int64) (pdz.OptInt, pdz.OptInt) {
		if cashBP <= 0 {
			return pdz.Some(0), pdz.Some(amount)
		}
		if cashBP >= 10000 {
			return pdz.Some(amount), pdz.Some(0)
		}
		xs, _ := Split(amount, []int64{cashBP, 10000 - cashBP})
		return pdz.Some(xs[0]), pdz.Some(xs[1])
	}
	switch c.Rule.Split {
	case pdz.SplitEntered:
		c.SplitNote = "Importi indicati per ciascun Comune."
		var sum int64
		all := true
		for i := range c.Comuni {
			cc := &c.Comuni[i]
			if !cc.Entered.Set {
				all = false
				c.SplitIssues = append(c.SplitIssues, "manca l'importo del Comune di "+cc.Comune.Name)
				continue
			}
			sum += cc.Entered.V
			cc.Minimum = cc.Entered
			cc.Cash, cc.Services = parts(cc.Entered.V)
		}
		if all {
			c.EnteredSum = pdz.Some(sum)
			if c.Minimum.Set && sum != c.Minimum.V {
				c.SplitIssues = append(c.SplitIssues, "gli importi dei Comuni sommano a "+locale.Money(sum)+", il cofinanziamento minimo è "+
					locale.Money(c.Minimum.V)+": differenza "+locale.Money(abs(sum-c.Minimum.V)))
			}
		}
	default:
		c.SplitNote = "In proporzione alla popolazione residente al " + locale.ShortDate(c.Rule.Date) +
			" (metodo dei resti più alti: ogni Comune riceve la parte intera della sua quota esatta in centesimi, i centesimi restanti vanno ai resti più alti, a parità al Comune che precede in elenco)."
		var weights []int64
		for i := range c.Comuni {
			cc := &c.Comuni[i]
			if !cc.Population.Set {
				c.SplitIssues = append(c.SplitIssues, "manca la popolazione del Comune di "+cc.Comune.Name+" al "+locale.ShortDate(c.Rule.Date))
				continue
			}
			weights = append(weights, cc.Population.V)
		}
		var pop int64
		for _, w := range weights {
			pop += w
		}
		if len(c.SplitIssues) > 0 || len(c.Comuni) == 0 || pop == 0 {
			if len(c.Comuni) == 0 {
				c.SplitIssues = append(c.SplitIssues, "l'Ambito non ha Comuni")
			}
			return
		}
		for i := range c.Comuni {
			c.Comuni[i].Share, _ = PercentOf(c.Comuni[i].Population.V, pop)
		}
		if !c.Minimum.Set {
			return
		}
		xs, err := Split(c.Minimum.V, weights)
		if err != nil {
			c.SplitIssues = append(c.SplitIssues, "la popolazione è zero")
			return
		}
		for i := range c.Comuni {
			cc := &c.Comuni[i]
			cc.Minimum = pdz.Some(xs[i])
			cc.Cash, cc.Services = parts(xs[i])
		}
	}
	var cash, services int64
	for _, cc := range c.Comuni {
		if !cc.Cash.Set {
			if c.Minimum.Set {
				c.Cash, c.Services = parts(c.Minimum.V)
			}
			return
		}
		cash += cc.Cash.V
		services += cc.Services.V
	}
	c.Cash, c.Services = pdz.Some(cash), pdz.Some(services)
}

// compareByPopulation splits the minimum by the population of the latest
// reference date of the profile, to set beside amounts entered per Comune.
func (c *Cofin) compareByPopulation(p *pdz.Plan, comuni []pdz.Comune) {
	if c.Rule.Split != pdz.SplitEntered || !c.Minimum.Set || len(c.Comuni) == 0 {
		return
	}
	latest := profilo.Build(p.Profile, p.Declared, comuni).Latest()
	if latest == nil {
		return
	}
	var weights []int64
	for _, cc := range c.Comuni {
		f := latest.Comune(cc.Comune.ID)
		if f == nil || !f.Population().Set {
			return
		}
		weights = append(weights, f.Population().V)
	}
	xs, err := Split(c.Minimum.V, weights)
	if err != nil {
		return
	}
	c.PopDate = latest.Date
	for i := range c.Comuni {
		c.Comuni[i].ByPopulation = pdz.Some(xs[i])
	}
}

func abs(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}

func sortInts(xs []int) {
	for i := 1; i < len(xs); i++ {
		for j := i; j > 0 && xs[j] < xs[j-1]; j-- {
			xs[j], xs[j-1] = xs[j-1], xs[j]
		}
	}
}

// joinAnd is "a, b e c".
func joinAnd(xs []string) string {
	switch len(xs) {
	case 0:
		return ""
	case 1:
		return xs[0]
	}
	out := ""
	for i, x := range xs[:len(xs)-1] {
		if i > 0 {
			out += ", "
		}
		out += x
	}
	return out + " e " + xs[len(xs)-1]
}
