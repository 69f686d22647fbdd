package pdz

import (
	"fmt"
	"regexp"
	"strings"
)

// The money part of a regional framework (issue 6): the quotas of the FNPS,
// the financial sheets with the source types each one gathers, and the
// rules a plan's money must keep. Rules are data: each names one of the
// kinds of rule the program knows how to evaluate (RuleKinds) and gives its
// parameters, so that another regional plan changes a threshold, a
// percentage or a list without a new version of the program.

// FrameworkRule is a rule of the regional plan on the money of a Piano
// Sociale di Zona: an identifier, its statement in Italian, the kind of
// check and its parameters.
type FrameworkRule struct {
	ID        string     `json:"id"`
	Kind      string     `json:"tipo"`
	Statement string     `json:"enunciato"`
	Params    RuleParams `json:"parametri"`
	Note      string     `json:"nota,omitempty"`
}

// RuleParams are the parameters of a rule; each kind uses some of them
// (docs/FRAMEWORK.md).
type RuleParams struct {
	// Percent is a percentage as decimal text ("100", "50"): of the
	// historical spending, of the first year's transfers.
	Percent string `json:"percentuale,omitempty"`
	// CashPercent is the share of the minimum co-financing to be paid in
	// cash ("50"): the rest is in services.
	CashPercent string `json:"quota_denaro_percentuale,omitempty"`
	// Kinds are source types (SourceKinds): the transfers the minimum
	// co-financing is computed on, the ordinary fund that must fund the LEPS.
	Kinds []string `json:"tipi_fonte,omitempty"`
	// Year is which year of the plan a rule looks at: "primo" (the first).
	Year string `json:"anno,omitempty"`
	// CarryOver lets what a source leaves unallocated in a year fund the
	// following years.
	CarryOver bool `json:"riporto,omitempty"`
	// Inhabitants is the number of inhabitants per social worker (5000).
	Inhabitants int64 `json:"abitanti_per_assistente,omitempty"`
	// Target marks a goal to tend to rather than an obligation.
	Target bool `json:"obiettivo,omitempty"`
	// Level is the priority level of the framework a rule is about ("leps").
	Level string `json:"livello,omitempty"`
	// LEPSInterventions maps each LEPS code of the framework to the
	// intervention codes whose sheets provide it.
	LEPSInterventions map[string][]string `json:"interventi_leps,omitempty"`
}

// Rule kinds: the checks the program evaluates. A framework's rules choose
// among them and set their parameters.
const (
	RuleSourceCapacity     = "capienza_fonti"                // allocations within each source's availability
	RuleFNPSQuotas         = "quote_fnps"                    // FNPS quotas add up to the FNPS
	RuleHistoricalSpending = "cofinanziamento_spesa_storica" // co-financing not below historical spending
	RuleMinimumCofinancing = "cofinanziamento_minimo"        // co-financing not below a share of the first year's transfers
	RuleLEPSFunded         = "leps_finanziati"               // every LEPS has a sheet funded by the ordinary fund
	RuleSocialWorkers      = "assistenti_sociali"            // social workers per inhabitants
	RuleProgressConsistent = "avanzamento_coerente"          // committed ≤ programmed, paid ≤ committed
)

// RuleKinds lists the kinds of rule with what each one checks.
var RuleKinds = []struct{ Code, Label string }{
	{RuleSourceCapacity, "Gli importi delle schede non superano la disponibilità di ciascuna fonte"},
	{RuleFNPSQuotas, "Le quote del FNPS sommano all'importo del FNPS"},
	{RuleHistoricalSpending, "Il cofinanziamento comunale non è inferiore alla spesa sociale storica"},
	{RuleMinimumCofinancing, "Il cofinanziamento comunale non è inferiore a una quota dei trasferimenti ordinari"},
	{RuleLEPSFunded, "Ogni LEPS ha almeno una scheda finanziata dal fondo ordinario"},
	{RuleSocialWorkers, "Assistenti sociali in rapporto agli abitanti"},
	{RuleProgressConsistent, "Avanzamento della spesa coerente (impegnato ≤ programmato, liquidato ≤ impegnato)"},
}

// RuleKindLabel is what a kind of rule checks, in Italian.
func RuleKindLabel(code string) string {
	for _, k := range RuleKinds {
		if k.Code == code {
			return k.Label
		}
	}
	return code
}

// FinancialSheet is one of the regional financial sheets of a plan (Scheda
// A, Scheda B-COM, Scheda C): it gathers the amounts of the sheets from the
// sources of its types.
type FinancialSheet struct {
	Code  string   `json:"codice"`
	Title string   `json:"titolo"`
	Kinds []string `json:"tipi_fonte"`
	// Ordinary marks the sheet whose sources make the plan's ordinary
	// budget (the Fondo Unico di Ambito, "BUDGET PDZ"): at most one.
	Ordinary bool   `json:"budget_ordinario,omitempty"`
	Note     string `json:"nota,omitempty"`
}

// FinancialSheet returns the financial sheet with that code, nil if none.
func (f *Framework) FinancialSheet(code string) *FinancialSheet {
	for i := range f.FinancialSheets {
		if strings.EqualFold(f.FinancialSheets[i].Code, code) {
			return &f.FinancialSheets[i]
		}
	}
	return nil
}

// FinancialSheetOfKind returns the financial sheet that gathers a source
// type, nil if none does.
func (f *Framework) FinancialSheetOfKind(kind string) *FinancialSheet {
	for i := range f.FinancialSheets {
		for _, k := range f.FinancialSheets[i].Kinds {
			if k == kind {
				return &f.FinancialSheets[i]
			}
		}
	}
	return nil
}

// Quota returns the FNPS quota with that code, nil if none.
func (f *Framework) Quota(code string) *FrameworkItem { return findItem(f.FNPSQuotas, code) }

// Rule returns the rule with that id, nil if none.
func (f *Framework) Rule(id string) *FrameworkRule {
	for i := range f.Rules {
		if f.Rules[i].ID == id {
			return &f.Rules[i]
		}
	}
	return nil
}

// RuleOfKind returns the first rule of a kind, nil if none.
func (f *Framework) RuleOfKind(kind string) *FrameworkRule {
	for i := range f.Rules {
		if f.Rules[i].Kind == kind {
			return &f.Rules[i]
		}
	}
	return nil
}

var (
	ruleIDRE   = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	finCodeRE  = regexp.MustCompile(`^[A-Z][A-Z0-9-]{0,9}$`)
	percentRE  = regexp.MustCompile(`^[0-9]{1,4}([.,][0-9]{1,2})?$`)
	yearWordRE = regexp.MustCompile(`^primo$`)
)

// validateMoney checks the money part of a framework.
func (f *Framework) validateMoney(p Problems) {
	items(p, "quote_fnps", f.FNPSQuotas, levelCodeRE, "codice in minuscolo con trattini (es. minori-famiglia)", true)
	seen := map[string]bool{}
	kindSheet := map[string]string{}
	ordinary := 0
	for i, s := range f.FinancialSheets {
		at := fmt.Sprintf("schede_finanziarie[%d]", i)
		if !finCodeRE.MatchString(s.Code) {
			p.Add(at+".codice", "Il codice della scheda finanziaria è breve, in maiuscolo (es. A, B-COM, C).")
		} else if seen[s.Code] {
			p.Add(at+".codice", "Il codice «"+s.Code+"» è usato da due schede finanziarie.")
		}
		seen[s.Code] = true
		required(p, at+".titolo", s.Title, "Indica il titolo della scheda finanziaria.")
		if s.Ordinary {
			ordinary++
			if ordinary > 1 {
				p.Add(at+".budget_ordinario", "Una sola scheda finanziaria raccoglie il budget ordinario del piano.")
			}
		}
		for j, k := range s.Kinds {
			where := fmt.Sprintf("%s.tipi_fonte[%d]", at, j)
			if SourceKindLabel(k) == k {
				p.Add(where, "Tipo di fonte «"+k+"» sconosciuto: i tipi sono "+sourceKindCodes()+".")
			} else if other, ok := kindSheet[k]; ok {
				p.Add(where, "Il tipo di fonte «"+k+"» è già nella scheda finanziaria «"+other+"»: ogni tipo va in una sola scheda.")
			}
			kindSheet[k] = s.Code
		}
	}
	ids := map[string]bool{}
	for i, r := range f.Rules {
		at := fmt.Sprintf("regole[%d]", i)
		if !ruleIDRE.MatchString(r.ID) || len(r.ID) > 60 {
			p.Add(at+".id", "L'identificativo della regola usa lettere minuscole, cifre e trattini (es. cofinanziamento-minimo).")
		} else if ids[r.ID] {
			p.Add(at+".id", "L'identificativo «"+r.ID+"» è usato da due regole.")
		}
		ids[r.ID] = true
		required(p, at+".enunciato", r.Statement, "Indica l'enunciato della regola in italiano.")
		maxLen(p, at+".enunciato", r.Statement, 2000)
		if RuleKindLabel(r.Kind) == r.Kind {
			var ks []string
			for _, k := range RuleKinds {
				ks = append(ks, k.Code)
			}
			p.Add(at+".tipo", "Tipo di regola «"+r.Kind+"» sconosciuto: i tipi sono "+strings.Join(ks, ", ")+".")
			continue
		}
		f.validateParams(p, at+".parametri", r.Kind, r.Params)
	}
}

func sourceKindCodes() string {
	var ks []string
	for _, k := range SourceKinds {
		ks = append(ks, k.Code)
	}
	return strings.Join(ks, ", ")
}

// validateParams checks the parameters a kind of rule needs.
func (f *Framework) validateParams(p Problems, at, kind string, x RuleParams) {
	percent := func(name, v string, need bool) {
		if v == "" {
			if need {
				p.Add(at+"."+name, "Indica la percentuale (es. \"100\").")
			}
			return
		}
		if !percentRE.MatchString(v) {
			p.Add(at+"."+name, "Percentuale «"+v+"» non valida: un numero con al massimo due decimali (es. \"50\", \"12,5\").")
		}
	}
	kinds := func(need bool) {
		if len(x.Kinds) == 0 && need {
			p.Add(at+".tipi_fonte", "Indica i tipi di fonte a cui la regola si applica.")
		}
		for _, k := range x.Kinds {
			if SourceKindLabel(k) == k {
				p.Add(at+".tipi_fonte", "Tipo di fonte «"+k+"» sconosciuto: i tipi sono "+sourceKindCodes()+".")
			}
		}
	}
	switch kind {
	case RuleHistoricalSpending:
		percent("percentuale", x.Percent, true)
	case RuleMinimumCofinancing:
		percent("percentuale", x.Percent, true)
		percent("quota_denaro_percentuale", x.CashPercent, false)
		kinds(true)
		if x.Year != "" && !yearWordRE.MatchString(x.Year) {
			p.Add(at+".anno", "L'anno di riferimento è «primo» (il primo anno del piano).")
		}
	case RuleLEPSFunded:
		kinds(true)
		if x.Level != "" && f.Level(x.Level) == nil {
			p.Add(at+".livello", "Il livello di priorità «"+x.Level+"» non è tra quelli del quadro.")
		}
		for code, its := range x.LEPSInterventions {
			if findItem(f.LEPS, code) == nil {
				p.Add(at+".interventi_leps", "Il LEPS «"+code+"» non è nell'elenco «leps» del quadro.")
			}
			for _, it := range its {
				if i, _ := f.Intervention(it); i == nil {
					p.Add(at+".interventi_leps", "Il codice di intervento «"+it+"» (LEPS «"+code+"») non è tra quelli del quadro.")
				}
			}
		}
	case RuleSocialWorkers:
		if x.Inhabitants <= 0 {
			p.Add(at+".abitanti_per_assistente", "Indica il numero di abitanti per assistente sociale (es. 5000).")
		}
	case RuleSourceCapacity, RuleFNPSQuotas, RuleProgressConsistent:
	}
}

// ParsePercent reads a percentage ("50", "12,5", "100.25") as basis points
// (hundredths of a percent): 5000 is 50%.
func ParsePercent(s string) (int64, error) {
	d, err := ParseDecimal(s)
	if err != nil || d.Units < 0 || d.Scale > 2 {
		return 0, fmt.Errorf("percentuale non valida")
	}
	u := d.Units
	for i := d.Scale; i < 2; i++ {
		u *= 10
	}
	return u, nil
}

// PercentText writes basis points as an Italian percentage: 5000 → "50",
// 1250 → "12,5".
func PercentText(bp int64) string {
	d := Decimal{Units: bp, Scale: 2}
	s := d.Italian()
	if strings.Contains(s, ",") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ",")
	}
	return s
}
