package risorse

import (
	"math/big"
	"strconv"
	"strings"

	"github.com/pdz-ats/pdz/internal/locale"
	"github.com/pdz-ats/pdz/internal/pdz"
)

// Outcome is a rule's verdict.
type Outcome string

const (
	Met     Outcome = "rispettata"
	NotMet  Outcome = "non_rispettata"
	Unknown Outcome = "non_verificabile" // data are missing: Missing says which
)

// Label is the outcome in Italian.
func (o Outcome) Label() string {
	switch o {
	case Met:
		return "Rispettata"
	case NotMet:
		return "Non rispettata"
	}
	return "Non si può dire: mancano dati"
}

// Unit of a figure.
type Unit string

const (
	Euro    Unit = "euro"        // Value has two decimals (cents)
	Percent Unit = "percentuale" // Value is a percentage
	Number  Unit = "numero"      // a count (people, inhabitants, social workers)
)

// Figure is a number a verdict used, with its label.
type Figure struct {
	Label string
	Value pdz.Decimal
	Unit  Unit
}

// Text is the figure in Italian ("€ 1.234,56", "169,46%", "14.055").
func (f Figure) Text() string {
	switch f.Unit {
	case Euro:
		return locale.Money(f.Value.Units)
	case Percent:
		return f.Value.Italian() + "%"
	}
	return f.Value.Italian()
}

func euro(label string, c int64) Figure { return Figure{label, Money(c), Euro} }
func number(label string, d pdz.Decimal) Figure {
	return Figure{label, d, Number}
}
func count(label string, n int64) Figure { return Figure{label, pdz.Decimal{Units: n}, Number} }

// trim drops the decimals that are zero: 500 hundredths are "5".
func trim(d pdz.Decimal) pdz.Decimal {
	for d.Scale > 0 && d.Units%10 == 0 {
		d.Units /= 10
		d.Scale--
	}
	return d
}

// Part is one of the checks a rule is made of (one source, one year, one
// LEPS, one Comune…).
type Part struct {
	Label     string
	Outcome   Outcome
	Figures   []Figure
	Shortfall *Figure
	Missing   []string
	Notes     []string
}

// Verdict is what a rule of the framework says of the plan: the outcome,
// the figures used, what is missing when it cannot tell, the shortfall when
// it is not met, and the parts it is made of.
type Verdict struct {
	Rule      pdz.FrameworkRule
	Outcome   Outcome
	Figures   []Figure
	Parts     []Part
	Missing   []string
	Shortfall *Figure
	Notes     []string
}

// combine: not met if any part is not met; else cannot tell if anything is
// missing; else met.
func combine(parts []Part, missing []string) Outcome {
	out := Met
	if len(missing) > 0 {
		out = Unknown
	}
	for _, p := range parts {
		switch p.Outcome {
		case NotMet:
			return NotMet
		case Unknown:
			out = Unknown
		}
	}
	if len(parts) == 0 && len(missing) == 0 {
		return Unknown
	}
	return out
}

// evaluate applies every rule of the plan's framework.
func (r *Report) evaluate() []Verdict {
	var out []Verdict
	for _, rule := range r.Plan.Framework.Rules {
		v := Verdict{Rule: rule}
		switch rule.Kind {
		case pdz.RuleSourceCapacity:
			r.ruleCapacity(&v)
		case pdz.RuleFNPSQuotas:
			r.ruleQuotas(&v)
		case pdz.RuleHistoricalSpending:
			r.ruleHistorical(&v)
		case pdz.RuleMinimumCofinancing:
			r.ruleMinimum(&v)
		case pdz.RuleLEPSFunded:
			r.ruleLEPS(&v)
		case pdz.RuleSocialWorkers:
			r.ruleSocialWorkers(&v)
		case pdz.RuleProgressConsistent:
			r.ruleProgress(&v)
		default:
			v.Missing = append(v.Missing, "questa versione di pdz non sa valutare le regole di tipo «"+rule.Kind+"»")
		}
		v.Outcome = combine(v.Parts, v.Missing)
		out = append(out, v)
	}
	return out
}

// Verdict returns the verdict of a rule by id, nil if none.
func (r *Report) Verdict(id string) *Verdict {
	for i := range r.Verdicts {
		if r.Verdicts[i].Rule.ID == id {
			return &r.Verdicts[i]
		}
	}
	return nil
}

// ---- capienza_fonti

// ruleCapacity: over each block of years, what the sheets allocate from a
// source does not exceed what it makes available; with carry-over, what a
// block leaves unallocated adds to the next. Checked for every source that
// is not a component, and for components the sheets name directly.
func (r *Report) ruleCapacity(v *Verdict) {
	carry := v.Rule.Params.CarryOver
	var shortTotal, leftTotal int64
	for i := range r.Sources {
		m := &r.Sources[i]
		direct := known(0)
		for _, a := range m.Direct {
			direct = direct.Plus(a)
		}
		if m.Parent != nil && direct.Cents == 0 && direct.Complete {
			continue
		}
		alloc := m.AllocatedTotal
		if m.Parent != nil {
			alloc = direct
		}
		if !m.HasAvailability {
			if alloc.Cents == 0 && alloc.Complete {
				continue
			}
			v.Parts = append(v.Parts, Part{Label: m.Source.Code + " – " + m.Source.Name, Outcome: Unknown,
				Figures: []Figure{euro("Programmato nelle schede", alloc.Cents)},
				Missing: []string{"la disponibilità della fonte «" + m.Source.Code + "»"}})
			continue
		}
		part := Part{Label: m.Source.Code + " – " + m.Source.Name, Outcome: Met}
		if m.Composite() {
			var cs []string
			for _, c := range m.Components {
				cs = append(cs, c.Code)
			}
			part.Notes = append(part.Notes, "Fonte composta: disponibilità di "+strings.Join(cs, ", ")+"; programmato su "+m.Source.Code+" e sulle sue componenti.")
		}
		var rest, short int64
		incomplete := false
		for _, b := range m.Blocks {
			allocated := b.Allocated
			if m.Parent != nil {
				allocated = known(0)
				for yi, y := range r.Years {
					if y >= b.From && y <= b.To {
						allocated = allocated.Plus(m.Direct[yi])
					}
				}
			}
			avail := b.Available
			if carry {
				avail += rest
			}
			label := b.Years()
			if carry && rest > 0 {
				part.Figures = append(part.Figures, euro(label+": riportato dagli anni precedenti", rest))
			}
			part.Figures = append(part.Figures, euro(label+": disponibile", b.Available), euro(label+": programmato", allocated.Cents))
			switch {
			case allocated.Cents > avail:
				short += allocated.Cents - avail
				part.Outcome = NotMet
				if carry {
					rest = 0
				}
			case !allocated.Complete:
				incomplete = true
				if carry {
					rest = avail - allocated.Cents
				}
			default:
				if carry {
					rest = avail - allocated.Cents
				} else {
					rest += avail - allocated.Cents
				}
			}
		}
		part.Figures = append(part.Figures, euro("Disponibile nel piano", m.Available), euro("Programmato nel piano", alloc.Cents), euro("Non programmato", rest))
		if part.Outcome != NotMet && incomplete {
			part.Outcome = Unknown
			part.Missing = append(part.Missing, "gli importi da definire (€ ____) delle schede finanziate da «"+m.Source.Code+"»")
		}
		if short > 0 {
			f := euro("Eccedenza sulla disponibilità", short)
			part.Shortfall = &f
			shortTotal += short
		}
		if m.Parent == nil {
			leftTotal += rest
		}
		v.Parts = append(v.Parts, part)
	}
	if carry {
		v.Notes = append(v.Notes, "Ciò che una fonte non programma in un anno resta disponibile negli anni successivi (riporto).")
	}
	v.Figures = append(v.Figures, euro("Non programmato, fonti principali", leftTotal))
	if shortTotal > 0 {
		f := euro("Eccedenza totale", shortTotal)
		v.Shortfall = &f
	}
}

// ---- quote_fnps

// ruleQuotas: the quotas of each FNPS source add up, period by period, to
// its availability over the period; every year with FNPS money has quotas.
func (r *Report) ruleQuotas(v *Verdict) {
	fw := r.Plan.Framework
	if len(fw.FNPSQuotas) == 0 {
		v.Missing = append(v.Missing, "l'elenco delle quote del FNPS nel quadro regionale")
		return
	}
	any := false
	var short int64
	for i := range r.Sources {
		m := &r.Sources[i]
		if m.Source.Kind != "fnps" || m.Composite() {
			continue
		}
		any = true
		if !m.HasAvailability {
			v.Parts = append(v.Parts, Part{Label: m.Source.Code, Outcome: Unknown, Missing: []string{"la disponibilità della fonte «" + m.Source.Code + "»"}})
			continue
		}
		for _, qp := range m.Quotas {
			part := Part{Label: m.Source.Code + ", " + qp.Years(), Outcome: Met}
			for _, q := range fw.FNPSQuotas {
				if a, ok := qp.ByQuota[q.Code]; ok {
					part.Figures = append(part.Figures, euro(q.Title, a))
				}
			}
			part.Figures = append(part.Figures, euro("Somma delle quote", qp.Sum), euro("Importo del FNPS "+qp.Years(), qp.Available))
			switch {
			case qp.Straddles:
				part.Outcome = Unknown
				part.Missing = append(part.Missing, "un importo del FNPS negli stessi anni delle quote (ne è indicato uno che scavalca il "+qp.Years()+")")
			case qp.Sum != qp.Available:
				part.Outcome = NotMet
				d := qp.Available - qp.Sum
				label := "Quote mancanti rispetto all'importo"
				if d < 0 {
					label, d = "Quote eccedenti l'importo", -d
				}
				f := euro(label, d)
				part.Shortfall = &f
				short += d
			}
			v.Parts = append(v.Parts, part)
		}
		for _, e := range m.Entries {
			covered := false
			for _, qp := range m.Quotas {
				if e.From >= qp.From && e.To <= qp.To {
					covered = true
				}
			}
			if !covered && e.Amount > 0 {
				v.Parts = append(v.Parts, Part{Label: m.Source.Code + ", " + pdz.PeriodText(e.From, e.To), Outcome: Unknown,
					Figures: []Figure{euro("Importo del FNPS", e.Amount)},
					Missing: []string{"le quote vincolate del FNPS " + pdz.PeriodText(e.From, e.To)}})
			}
		}
	}
	if !any {
		v.Missing = append(v.Missing, "una fonte di tipo FNPS con la sua disponibilità")
	}
	if short > 0 {
		f := euro("Differenza tra quote e importi", short)
		v.Shortfall = &f
	}
}

// ---- cofinanziamento_spesa_storica

// ruleHistorical: in every year of the plan the Comuni's co-financing (in
// cash and in services) is not below their yearly historical social
// spending (times the rule's percentage).
func (r *Report) ruleHistorical(v *Verdict) {
	c := &r.Cofin
	pct, err := pdz.ParsePercent(v.Rule.Params.Percent)
	if err != nil {
		pct = 10000
	}
	if c.HistRows == 0 {
		v.Missing = append(v.Missing, "la spesa sociale storica dei Comuni")
		return
	}
	if len(c.HistMissing) > 0 {
		v.Missing = append(v.Missing, "la spesa sociale storica di "+joinAnd(c.HistMissing))
	}
	period := "del periodo precedente"
	if c.HistSameSpan {
		period = pdz.PeriodText(c.HistFrom, c.HistTo)
	}
	v.Figures = append(v.Figures, euro("Spesa sociale storica dei Comuni, "+period, c.HistTotal),
		euro("Spesa storica media annua", c.HistAverageCents().V))
	// required per year, exact
	req := new(big.Rat).Mul(c.HistAverage, big.NewRat(pct, 10000))
	if pct != 10000 {
		v.Figures = append(v.Figures, euro("Soglia annua ("+pdz.PercentText(pct)+"% della media)", cents(req)))
	}
	var short *big.Rat
	for _, b := range c.Blocks {
		part := Part{Label: b.Years(), Outcome: Met}
		if !b.HasCash && !b.HasServices {
			part.Outcome = Unknown
			part.Missing = append(part.Missing, "il cofinanziamento comunale del "+b.Years())
			v.Parts = append(v.Parts, part)
			continue
		}
		part.Notes = append(part.Notes, b.Notes()...)
		need := new(big.Rat).Mul(req, big.NewRat(b.YearsCount(), 1))
		have := big.NewRat(b.Total(), 1)
		part.Figures = append(part.Figures, euro("Cofinanziamento (denaro e servizi)", b.Total()), euro("Spesa storica da mantenere", cents(need)))
		if have.Cmp(need) < 0 {
			part.Outcome = NotMet
			d := new(big.Rat).Sub(need, have)
			f := euro("Scarto", cents(d))
			part.Shortfall = &f
			if short == nil {
				short = new(big.Rat)
			}
			short.Add(short, d)
		}
		if len(c.HistMissing) > 0 && part.Outcome == Met {
			part.Outcome = Unknown
		}
		v.Parts = append(v.Parts, part)
	}
	if len(c.Blocks) == 0 {
		v.Missing = append(v.Missing, "gli anni del piano")
	}
	// Comune by Comune, where the Comuni's own commitments are given.
	r.comuneParts(v, func(cc *CofinComune) (pdz.OptInt, string) {
		if cc.Historical == nil || cc.Historical.YearsCount() <= 0 {
			return pdz.OptInt{}, "la spesa storica del Comune di " + cc.Comune.Name
		}
		x := new(big.Rat).Mul(rat(cc.Historical.Amount, int64(cc.Historical.YearsCount())), big.NewRat(pct, 10000))
		return pdz.Some(cents(x)), ""
	}, "Spesa storica media annua")
	if short != nil {
		f := euro("Scarto sull'intero piano", cents(short))
		v.Shortfall = &f
	}
}

// comuneParts adds a part per Comune and plan year comparing what the
// Comune commits with what it must (need), when any Comune's commitments
// for the plan's years are given.
func (r *Report) comuneParts(v *Verdict, need func(*CofinComune) (pdz.OptInt, string), needLabel string) {
	c := &r.Cofin
	anyPlanYear := false
	for _, y := range r.Years {
		for _, cc := range c.Comuni {
			if _, ok := cc.Commitments[y]; ok {
				anyPlanYear = true
			}
		}
	}
	if !anyPlanYear {
		v.Notes = append(v.Notes, "Gli impegni dei singoli Comuni per gli anni del piano non sono indicati: la verifica riguarda l'intero Ambito.")
		return
	}
	for i := range c.Comuni {
		cc := &c.Comuni[i]
		n, why := need(cc)
		for _, y := range r.Years {
			part := Part{Label: cc.Comune.Name + ", " + strconv.Itoa(y), Outcome: Met}
			x, ok := cc.Commitments[y]
			total, both := x.Total()
			switch {
			case !n.Set:
				part.Outcome = Unknown
				part.Missing = append(part.Missing, why)
			case !ok || !both:
				part.Outcome = Unknown
				part.Missing = append(part.Missing, "il cofinanziamento del Comune di "+cc.Comune.Name+" nel "+strconv.Itoa(y))
			default:
				part.Figures = append(part.Figures, euro("Cofinanziamento", total), euro(needLabel, n.V))
				if total < n.V {
					part.Outcome = NotMet
					f := euro("Scarto", n.V-total)
					part.Shortfall = &f
				}
			}
			v.Parts = append(v.Parts, part)
		}
	}
}

// ---- cofinanziamento_minimo

// ruleMinimum: in every year the co-financing is not below the rule's
// percentage of the first year's ordinary transfers, and its cash part not
// below the cash share of that minimum.
func (r *Report) ruleMinimum(v *Verdict) {
	c := &r.Cofin
	if len(c.BaseMissing) > 0 {
		v.Missing = append(v.Missing, c.BaseMissing...)
		return
	}
	for _, b := range c.Base {
		v.Figures = append(v.Figures, euro(b.Source.Code+" "+strconv.Itoa(c.BaseYear), b.Amount))
	}
	v.Figures = append(v.Figures, euro("Trasferimenti ordinari "+strconv.Itoa(c.BaseYear), c.BaseTotal),
		euro("Cofinanziamento minimo annuo ("+pdz.PercentText(c.PercentBP)+"%)", c.Minimum.V))
	if c.Rule.CashShare > 0 {
		cash := applyPercent(c.Minimum.V, c.Rule.CashShare)
		v.Figures = append(v.Figures, euro("di cui in denaro ("+pdz.PercentText(c.Rule.CashShare)+"%)", cash), euro("di cui in servizi", c.Minimum.V-cash))
	}
	for _, b := range c.Blocks {
		part := Part{Label: b.Years(), Outcome: Met}
		if !b.HasCash && !b.HasServices {
			part.Outcome = Unknown
			part.Missing = append(part.Missing, "il cofinanziamento comunale del "+b.Years())
			v.Parts = append(v.Parts, part)
			continue
		}
		part.Notes = append(part.Notes, b.Notes()...)
		n := b.YearsCount()
		need := c.Minimum.V * n
		part.Figures = append(part.Figures, euro("Cofinanziamento (denaro e servizi)", b.Total()), euro("Minimo", need))
		if pct, ok := PercentOf(b.Total(), need); ok {
			part.Figures = append(part.Figures, Figure{"Cofinanziamento in rapporto al minimo", pct, Percent})
		}
		if b.Total() < need {
			part.Outcome = NotMet
			f := euro("Scarto", need-b.Total())
			part.Shortfall = &f
		}
		if c.Rule.CashShare > 0 {
			// exact: the cash share of the minimum, not the sum of the
			// Comuni's rounded parts
			needCash := new(big.Rat).SetFrac(new(big.Int).Mul(big.NewInt(need), big.NewInt(c.Rule.CashShare)), big.NewInt(10000))
			part.Figures = append(part.Figures, euro("In denaro", b.Cash), euro("Minimo in denaro", cents(needCash)))
			switch {
			case !b.HasCash:
				if part.Outcome == Met {
					part.Outcome = Unknown
				}
				part.Missing = append(part.Missing, "la parte in denaro del cofinanziamento del "+b.Years())
			case big.NewRat(b.Cash, 1).Cmp(needCash) < 0:
				part.Outcome = NotMet
				f := euro("Scarto in denaro", cents(new(big.Rat).Sub(needCash, big.NewRat(b.Cash, 1))))
				if part.Shortfall == nil {
					part.Shortfall = &f
				} else {
					part.Figures = append(part.Figures, f)
				}
			}
		}
		v.Parts = append(v.Parts, part)
	}
	if len(c.Blocks) == 0 {
		v.Missing = append(v.Missing, "gli anni del piano")
	}
	r.comuneParts(v, func(cc *CofinComune) (pdz.OptInt, string) {
		if !cc.Minimum.Set {
			return pdz.OptInt{}, "la quota minima del Comune di " + cc.Comune.Name + " (" + joinAnd(c.SplitIssues) + ")"
		}
		return cc.Minimum, ""
	}, "Quota minima del Comune")
}

// ---- leps_finanziati

// ruleLEPS: every LEPS of the framework is provided by at least one sheet
// (by its intervention code) with money from the ordinary fund.
func (r *Report) ruleLEPS(v *Verdict) {
	p := r.Plan
	fw := p.Framework
	params := v.Rule.Params
	kinds := map[string]bool{}
	for _, k := range params.Kinds {
		kinds[k] = true
	}
	if len(fw.LEPS) == 0 {
		v.Missing = append(v.Missing, "l'elenco dei LEPS nel quadro regionale")
		return
	}
	linked := map[string]bool{}
	var short int64
	for _, l := range fw.LEPS {
		part := Part{Label: l.Title}
		codes := params.LEPSInterventions[l.Code]
		if len(codes) == 0 {
			part.Outcome = Unknown
			part.Missing = append(part.Missing, "i codici di intervento del LEPS nella regola del quadro regionale")
			v.Parts = append(v.Parts, part)
			continue
		}
		part.Notes = append(part.Notes, "Interventi: "+strings.Join(codes, ", ")+".")
		var funded, unfunded, blank []string
		for i := range p.Sheets {
			sh := &p.Sheets[i]
			match := false
			for _, c := range codes {
				if sh.Intervention == c {
					match = true
				}
			}
			if !match {
				continue
			}
			linked[sh.Code] = true
			ord, other := known(0), known(0)
			for _, y := range sh.Years {
				if !y.Programmed() {
					continue
				}
				for _, ln := range y.Lines {
					src := lineSource(p, ln)
					if par := parentOf(p, src); src != nil && (kinds[src.Kind] || (par != nil && kinds[par.Kind])) {
						ord.add(ln.Amount)
					} else {
						other.add(ln.Amount)
					}
				}
			}
			switch {
			case ord.Cents > 0:
				funded = append(funded, sh.Code)
				part.Figures = append(part.Figures, euro("Scheda "+sh.Code+", fondo ordinario", ord.Cents))
			case !ord.Complete:
				blank = append(blank, sh.Code)
			default:
				unfunded = append(unfunded, sh.Code)
				if other.Cents > 0 {
					part.Figures = append(part.Figures, euro("Scheda "+sh.Code+", altre fonti", other.Cents))
				}
			}
		}
		switch {
		case len(funded) > 0:
			part.Outcome = Met
		case len(blank) > 0:
			part.Outcome = Unknown
			part.Missing = append(part.Missing, "gli importi da definire (€ ____) della scheda "+strings.Join(blank, ", "))
		default:
			part.Outcome = NotMet
			short++
			if len(unfunded) > 0 {
				part.Notes = append(part.Notes, "La scheda "+strings.Join(unfunded, ", ")+" non ha importi dal fondo ordinario.")
			} else {
				part.Notes = append(part.Notes, "Nessuna scheda del piano ha questi codici di intervento.")
			}
			f := count("LEPS senza finanziamento ordinario", 1)
			part.Shortfall = &f
		}
		v.Parts = append(v.Parts, part)
	}
	if params.Level != "" {
		var loose []string
		for i := range p.Sheets {
			sh := &p.Sheets[i]
			if sh.HasLevel(params.Level) && !linked[sh.Code] {
				loose = append(loose, sh.Code)
			}
		}
		if len(loose) > 0 {
			v.Notes = append(v.Notes, "Schede segnate come LEPS con un codice di intervento non collegato a un LEPS del quadro: "+strings.Join(loose, ", ")+".")
		}
	}
	if short > 0 {
		f := count("LEPS senza finanziamento ordinario", short)
		v.Shortfall = &f
	}
}

// ---- assistenti_sociali

// ruleSocialWorkers: the social workers of the Comuni and of the Ambito are
// at least one per N inhabitants.
func (r *Report) ruleSocialWorkers(v *Verdict) {
	s := &r.Staff
	n := v.Rule.Params.Inhabitants
	if n <= 0 {
		n = 5000
	}
	if !s.Population.Set {
		v.Missing = append(v.Missing, "la popolazione residente dell'Ambito (profilo di comunità)")
	} else {
		v.Figures = append(v.Figures, count("Popolazione residente al "+locale.ShortDate(s.PopDate), s.Population.V))
		need := new(big.Rat).SetFrac64(s.Population.V, n)
		v.Figures = append(v.Figures, number("Assistenti sociali necessari (1 ogni "+locale.Int(n)+" abitanti)", trim(ceilRat(need, 2))))
	}
	if s.Date.IsZero() {
		v.Missing = append(v.Missing, "il numero di assistenti sociali dei Comuni e dell'Ambito")
		return
	}
	for _, x := range s.Rows {
		name := x.ComuneName
		if x.ComuneID == 0 {
			name = "Ambito (servizio sociale professionale)"
		}
		v.Figures = append(v.Figures, number("Assistenti sociali, "+name, trim(pdz.Decimal{Units: x.Count, Scale: 2})))
	}
	v.Figures = append(v.Figures, number("Assistenti sociali al "+locale.ShortDate(s.Date), trim(pdz.Decimal{Units: s.Count, Scale: 2})))
	if len(s.Missing) > 0 {
		v.Missing = append(v.Missing, "il numero di assistenti sociali di "+joinAnd(s.Missing)+" al "+locale.ShortDate(s.Date))
	}
	if !s.Population.Set {
		return
	}
	if s.Count > 0 {
		v.Figures = append(v.Figures, count("Abitanti per assistente sociale", cents(new(big.Rat).SetFrac64(s.Population.V*100, s.Count))))
	}
	// met when count/100 ≥ population/n
	have := new(big.Int).Mul(big.NewInt(s.Count), big.NewInt(n))
	want := new(big.Int).Mul(big.NewInt(s.Population.V), big.NewInt(100))
	part := Part{Label: "Rapporto di 1 assistente sociale ogni " + locale.Int(n) + " abitanti", Outcome: Met}
	if have.Cmp(want) < 0 {
		d := new(big.Rat).Sub(new(big.Rat).SetFrac64(s.Population.V, n), new(big.Rat).SetFrac64(s.Count, 100))
		f := number("Assistenti sociali mancanti", trim(ceilRat(d, 2)))
		part.Shortfall = &f
		if len(s.Missing) > 0 {
			part.Outcome = Unknown
			part.Notes = append(part.Notes, "Con i soli numeri indicati il rapporto non è raggiunto; mancano quelli di alcuni Comuni.")
		} else {
			part.Outcome = NotMet
			v.Shortfall = &f
		}
	}
	if v.Rule.Params.Target {
		v.Notes = append(v.Notes, "È un obiettivo cui tendere, non un obbligo.")
	}
	v.Parts = append(v.Parts, part)
}

// ---- avanzamento_coerente

// ruleProgress: in the previous plan's progress, committed ≤ programmed
// and paid ≤ committed.
func (r *Report) ruleProgress(v *Verdict) {
	if len(r.Progress) == 0 {
		v.Missing = append(v.Missing, "l'avanzamento della spesa del piano precedente")
		return
	}
	for _, x := range r.Progress {
		check := func(label string, a, b pdz.OptInt, an, bn string) {
			part := Part{Label: x.Fund + ": " + label, Outcome: Met}
			if !a.Set || !b.Set {
				part.Outcome = Unknown
				if !a.Set {
					part.Missing = append(part.Missing, "l'importo "+an+" di «"+x.Fund+"»")
				}
				if !b.Set {
					part.Missing = append(part.Missing, "l'importo "+bn+" di «"+x.Fund+"»")
				}
			} else {
				part.Figures = append(part.Figures, euro(capital(an), a.V), euro(capital(bn), b.V))
				if a.V > b.V {
					part.Outcome = NotMet
					f := euro("Eccedenza", a.V-b.V)
					part.Shortfall = &f
				}
			}
			v.Parts = append(v.Parts, part)
		}
		check("impegnato non superiore al programmato", x.Committed, x.Budget, "impegnato", "programmato")
		check("liquidato non superiore all'impegnato", x.Paid, x.Committed, "liquidato", "impegnato")
	}
}

func capital(s string) string { return strings.ToUpper(s[:1]) + s[1:] }
