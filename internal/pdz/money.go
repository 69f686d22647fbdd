package pdz

import (
	"strconv"
	"strings"
)

// The money of a plan (issue 6): what each funding source makes available
// per year (with the FNPS quotas), how a source is made of others (the
// ordinary budget "PdZ" is FNPS + FNA + FGSA + co-financing + residui), the
// municipal co-financing (the rule that splits the minimum among the
// Comuni, what each Comune commits), the historical social spending, the
// social workers, the progress of the previous plan and the figures the
// document prints about them. Every total is computed (package risorse);
// money is integer euro cents.

// Availability is what a funding source makes available in a year, or over
// consecutive years when the document gives one amount for them ("FGSA
// annualità 2023-2024"). Such an amount can be used in any of its years.
type Availability struct {
	From, To int
	Amount   int64 // cents
	Notes    string
}

// Years is "2022" or "2023-2024".
func (a Availability) Years() string { return PeriodText(a.From, a.To) }

// PeriodText is "2022" or "2023-2024".
func PeriodText(from, to int) string {
	if from == to || to == 0 {
		return strconv.Itoa(from)
	}
	return strconv.Itoa(from) + "-" + strconv.Itoa(to)
}

// Quota is the part of an FNPS source earmarked by the national decree
// over a year or a period: free quota, minors and family, protected
// discharges, supervision of social workers, anti-violence (the framework's
// "quote_fnps").
type Quota struct {
	From, To int
	Quota    string
	Amount   int64 // cents
}

// Years is "2022" or "2023-2024".
func (q Quota) Years() string { return PeriodText(q.From, q.To) }

// Split rules of the minimum co-financing among the Comuni.
const (
	SplitPopulation = "popolazione" // share of resident population at a date
	SplitEntered    = "importi"     // amounts entered per Comune
)

// DefaultCashShare is the share of the minimum co-financing paid in cash
// when the plan does not say (basis points: 50%).
const DefaultCashShare = 5000

// CofinancingRule is the plan's choice on the municipal co-financing: how the
// minimum is split among the Comuni and which share of it is paid in cash
// (the rest in services).
type CofinancingRule struct {
	Split     string // SplitPopulation or SplitEntered
	Date      Date   // reference date of the population (SplitPopulation)
	CashShare int64  // basis points (5000 = 50%)
	Notes     string
}

// Validate checks the rule.
func (c *CofinancingRule) Validate() error {
	p := Problems{}
	if c.Split != SplitPopulation && c.Split != SplitEntered {
		p.Add("split", "Scegli come ripartire il cofinanziamento minimo tra i Comuni.")
	}
	if c.Split == SplitPopulation && c.Date.IsZero() {
		p.Add("split_date", "Indica la data della popolazione residente su cui ripartire (es. 31/12/2021).")
	}
	if c.CashShare < 0 || c.CashShare > 10000 {
		p.Add("cash_share", "La quota in denaro è una percentuale tra 0 e 100.")
	}
	maxLen(p, "notes", c.Notes, 2000)
	return p.Err()
}

// ComuneAmount is an amount of one Comune: the minimum co-financing entered
// per Comune when the split rule is SplitEntered.
type ComuneAmount struct {
	ComuneID   int64
	ComuneName string // loaded; used to match Comuni when importing
	Amount     int64
}

// Commitment is what a Comune commits (or, for past years, transferred) as
// co-financing in a year, in cash and in services. Absent is not zero.
type Commitment struct {
	ComuneID   int64
	ComuneName string
	Year       int
	Cash       OptInt
	Services   OptInt
	Notes      string
}

// Total is cash plus services, and whether both are known.
func (c Commitment) Total() (int64, bool) {
	return c.Cash.V + c.Services.V, c.Cash.Set && c.Services.Set
}

// HistoricalSpending is a Comune's social spending over the previous
// period (seed 003: 2018-2020), the reference of the co-financing rule.
type HistoricalSpending struct {
	ComuneID   int64
	ComuneName string
	From, To   int
	Amount     int64 // cents, over the whole period
	Notes      string
}

// YearsCount is the number of years of the period.
func (h HistoricalSpending) YearsCount() int { return h.To - h.From + 1 }

// Validate checks a row of historical spending.
func (h *HistoricalSpending) Validate() error {
	p := Problems{}
	if h.From < 2000 || h.From > 2100 || h.To < h.From || h.To-h.From > 9 {
		p.Add("hist_from", "Indica gli anni del periodo (es. dal 2018 al 2020).")
	}
	if h.Amount < 0 {
		p.Add("hist_amount", "La spesa non può essere negativa.")
	}
	maxLen(p, "hist_notes", h.Notes, 2000)
	return p.Err()
}

// SocialWorkers is the number of social workers of a Comune (or of the
// Ambito, ComuneID 0) at a date: the staff the social-worker rule counts.
// Count is in hundredths (full-time equivalents may be fractional).
type SocialWorkers struct {
	ID         int64
	PlanID     int64
	Date       Date
	ComuneID   int64
	ComuneName string
	Count      int64 // hundredths
	Notes      string
}

// CountText is the number in Italian ("5", "2,5").
func (s *SocialWorkers) CountText() string { return PercentText(s.Count) }

// Validate checks a staff row.
func (s *SocialWorkers) Validate() error {
	p := Problems{}
	if s.Date.IsZero() {
		p.Add("date", "Indica la data a cui si riferisce il numero.")
	}
	if s.Count < 0 {
		p.Add("count", "Il numero non può essere negativo.")
	}
	maxLen(p, "notes", s.Notes, 2000)
	return p.Err()
}

// Progress is a row of the previous plan's spending progress (seed 003
// §1.3): per fund, what was programmed, committed and paid. What is left
// (programmed − committed) flows into the new plan as residui of the
// source named by TargetID.
type Progress struct {
	ID         int64
	PlanID     int64
	Position   int
	Fund       string // "PdZ 2018-2021", "FNA 2019-2020"
	Period     string
	Budget     OptInt // programmato
	Committed  OptInt // impegnato
	Paid       OptInt // liquidato
	TargetID   int64  // the new plan's source receiving the residual (0: none)
	TargetCode string // loaded
	Notes      string
}

// Residual is programmed − committed, when both are known.
func (x *Progress) Residual() OptInt {
	if !x.Budget.Set || !x.Committed.Set {
		return OptInt{}
	}
	return Some(x.Budget.V - x.Committed.V)
}

// Validate checks a progress row.
func (x *Progress) Validate() error {
	p := Problems{}
	x.Fund = strings.TrimSpace(x.Fund)
	required(p, "fund", x.Fund, "Indica il fondo o il piano (es. PdZ 2018-2021).")
	maxLen(p, "fund", x.Fund, 200)
	maxLen(p, "period", x.Period, 100)
	for _, f := range []struct {
		name string
		v    OptInt
	}{{"budget", x.Budget}, {"committed", x.Committed}, {"paid", x.Paid}} {
		if f.v.Set && f.v.V < 0 {
			p.Add(f.name, "L'importo non può essere negativo.")
		}
	}
	maxLen(p, "notes", x.Notes, 2000)
	return p.Err()
}

// MoneyQuantity is a figure about money a document can print and pdz can
// compute. Subject says what it needs: a source, a quota, a Comune, years.
type MoneyQuantity struct {
	Code    string
	Label   string
	Percent bool   // a percentage (compared at the printed precision), else cents (exact)
	Needs   string // letters: f source, q quota, c Comune (optional: "" is the Ambito), y years
}

// MoneyQuantities lists the figures pdz computes and compares.
var MoneyQuantities = []MoneyQuantity{
	{"disponibilita_fonte", "Disponibilità di una fonte nel periodo", false, "fy"},
	{"quote_fnps_totale", "Somma delle quote FNPS nel periodo", false, "fy"},
	{"quota_fnps", "Una quota FNPS nel periodo", false, "fqy"},
	{"budget_ordinario", "Budget del Piano (somma delle fonti del fondo ordinario)", false, "y"},
	{"programmato", "Programmato nelle schede (tutte le fonti)", false, "y"},
	{"programmato_fonte", "Programmato nelle schede da una fonte", false, "fy"},
	{"cofinanziamento_minimo", "Cofinanziamento minimo (quota 100%)", false, "c"},
	{"cofinanziamento_minimo_denaro", "Cofinanziamento minimo in denaro", false, "c"},
	{"cofinanziamento_minimo_servizi", "Cofinanziamento minimo in servizi", false, "c"},
	{"cofinanziamento", "Cofinanziamento comunale (denaro e servizi)", false, "cy"},
	{"cofinanziamento_denaro", "Cofinanziamento comunale in denaro (trasferito al fondo unico)", false, "cy"},
	{"cofinanziamento_percentuale", "Cofinanziamento annuo in percentuale del minimo", true, "y"},
	{"cofinanziamento_denaro_percentuale", "Cofinanziamento annuo in denaro in percentuale del minimo", true, "y"},
	{"cofinanziamento_servizi_percentuale", "Cofinanziamento annuo in servizi in percentuale del minimo", true, "y"},
	{"spesa_storica", "Spesa sociale storica del periodo", false, "c"},
	{"spesa_storica_media", "Spesa sociale storica media annua", false, "c"},
	{"avanzamento_residuo", "Residuo del piano precedente (programmato − impegnato)", false, ""},
	{"avanzamento_percentuale", "Avanzamento della spesa del piano precedente (%)", true, ""},
}

// MoneyQuantityOf returns the quantity with that code, nil if none.
func MoneyQuantityOf(code string) *MoneyQuantity {
	for i := range MoneyQuantities {
		if MoneyQuantities[i].Code == code {
			return &MoneyQuantities[i]
		}
	}
	return nil
}

// DeclaredMoney is a figure about money as the document prints it ("TOTALE
// FGSA 2022-2024 € 560.884,16"), kept beside the raw data so that pdz shows
// printed against computed and flags where they disagree. Which source,
// quota, Comune and years it is about depends on its quantity; for the
// previous plan's progress, Subject names the row (its fund).
type DeclaredMoney struct {
	ID         int64
	PlanID     int64
	Position   int
	Quantity   string
	SourceID   int64
	SourceCode string // loaded
	Quota      string
	ComuneID   int64
	ComuneName string
	From, To   int
	Subject    string
	Value      Decimal // euro with cents for money ("560884.16"), a percentage otherwise ("95")
	Table      string
	Notes      string
}

// Validate checks a declared money figure.
func (d *DeclaredMoney) Validate() error {
	p := Problems{}
	q := MoneyQuantityOf(d.Quantity)
	if q == nil {
		p.Add("quantity", "Scegli la grandezza a cui si riferisce il dato.")
		return p.Err()
	}
	if strings.Contains(q.Needs, "f") && d.SourceID == 0 && d.SourceCode == "" {
		p.Add("source_id", "Indica la fonte di finanziamento a cui si riferisce il dato.")
	}
	if strings.Contains(q.Needs, "q") && strings.TrimSpace(d.Quota) == "" {
		p.Add("quota", "Indica la quota del FNPS.")
	}
	if strings.Contains(q.Needs, "y") {
		if d.From < 2000 || d.From > 2100 || d.To < d.From || d.To-d.From > 9 {
			p.Add("from", "Indica gli anni a cui si riferisce il dato (es. dal 2022 al 2024).")
		}
	}
	if d.Value.Units < 0 {
		p.Add("value", "Il valore non può essere negativo.")
	}
	if d.Value.Scale > 2 {
		p.Add("value", "Al massimo due decimali.")
	}
	d.Table = strings.TrimSpace(d.Table)
	required(p, "table", d.Table, "Indica dove il documento riporta il dato (es. tabella FNPS, cap. III).")
	maxLen(p, "table", d.Table, 200)
	maxLen(p, "subject", d.Subject, 200)
	maxLen(p, "notes", d.Notes, 2000)
	return p.Err()
}

// PlanMoney is the money part of a plan that is not attached to a source.
type PlanMoney struct {
	Rule        CofinancingRule
	RuleSet     bool // the plan has chosen (else the defaults apply)
	Quotas      []ComuneAmount
	Commitments []Commitment
	Historical  []HistoricalSpending
	Staff       []SocialWorkers
	Progress    []Progress
	Declared    []DeclaredMoney
}

// CheckSourceMoney validates the availability and quotas of a source
// against its plan: years within the plan's, periods not overlapping,
// quotas of the framework.
func (p *Plan) CheckSourceMoney(s *FundingSource) error {
	pr := Problems{}
	first, last := 0, 0
	if len(p.Years) > 0 {
		first, last = p.Years[0], p.Years[len(p.Years)-1]
	}
	inPlan := func(from, to int) bool { return from >= first && to <= last && from <= to && first > 0 }
	covered := map[int]bool{}
	for i, a := range s.Availability {
		field := "av_" + strconv.Itoa(i+1)
		switch {
		case !inPlan(a.From, a.To):
			pr.Add(field, "Gli anni della disponibilità devono essere tra quelli del piano ("+p.YearsText()+"), dal primo all'ultimo.")
		case a.Amount < 0:
			pr.Add(field, "La disponibilità non può essere negativa.")
		}
		for y := a.From; y <= a.To && y-a.From < 20; y++ {
			if covered[y] {
				pr.Add(field, "L'anno "+strconv.Itoa(y)+" ha già una disponibilità: indica ogni anno una sola volta.")
			}
			covered[y] = true
		}
		maxLen(pr, field, a.Notes, 500)
	}
	if s.ParentID != 0 {
		if s.ParentID == s.ID {
			pr.Add("parent_id", "Una fonte non può essere componente di se stessa.")
		} else if par := p.Source(s.ParentID); par == nil {
			pr.Add("parent_id", "Fonte composta non valida: sceglila tra le fonti del piano.")
		} else if par.ParentID != 0 {
			pr.Add("parent_id", "«"+par.Code+"» è a sua volta componente di un'altra fonte: le fonti composte hanno un solo livello.")
		}
		for _, o := range p.Sources {
			if o.ParentID == s.ID && s.ID != 0 {
				pr.Add("parent_id", "Questa fonte è composta da altre (per esempio «"+o.Code+"»): non può essere a sua volta componente.")
				break
			}
		}
	}
	if len(s.Availability) > 0 && s.ID != 0 {
		for _, o := range p.Sources {
			if o.ParentID == s.ID {
				pr.Add("av_1", "La fonte è composta da altre fonti (per esempio «"+o.Code+"»): la sua disponibilità è la somma delle loro e non si indica qui.")
				break
			}
		}
	}
	seen := map[string]bool{}
	for i, q := range s.Quotas {
		field := "q_" + strconv.Itoa(i+1)
		switch {
		case s.Kind != "fnps":
			pr.Add(field, "Le quote vincolate si indicano solo per le fonti di tipo FNPS.")
		case !inPlan(q.From, q.To):
			pr.Add(field, "Gli anni delle quote devono essere tra quelli del piano ("+p.YearsText()+").")
		case p.Framework != nil && p.Framework.Quota(q.Quota) == nil:
			pr.Add(field, "La quota «"+q.Quota+"» non è tra le quote del FNPS del quadro regionale.")
		case q.Amount < 0:
			pr.Add(field, "La quota non può essere negativa.")
		}
		key := strconv.Itoa(q.From) + "|" + q.Quota
		if seen[key] {
			pr.Add(field, "La quota «"+q.Quota+"» è indicata due volte per gli stessi anni.")
		}
		seen[key] = true
	}
	return pr.Err()
}

// Validate checks a commitment; field prefixes the names of its fields in
// the messages ("y2022").
func (c *Commitment) Validate(field string) error {
	p := Problems{}
	if c.Year < 2000 || c.Year > 2100 {
		p.Add(field, "Anno non valido: indica un anno tra il 2000 e il 2100.")
	}
	if (c.Cash.Set && c.Cash.V < 0) || (c.Services.Set && c.Services.V < 0) {
		p.Add(field, "Gli importi non possono essere negativi.")
	}
	maxLen(p, field, c.Notes, 500)
	return p.Err()
}

// ValidateEntered checks the minimum co-financing entered per Comune.
func ValidateEntered(xs []ComuneAmount) error {
	p := Problems{}
	seen := map[int64]bool{}
	for _, x := range xs {
		if x.Amount < 0 {
			p.Add("q_"+itoa(int(x.ComuneID)), "L'importo non può essere negativo.")
		}
		if seen[x.ComuneID] {
			p.Add("q_"+itoa(int(x.ComuneID)), "Il Comune compare due volte.")
		}
		seen[x.ComuneID] = true
	}
	return p.Err()
}
