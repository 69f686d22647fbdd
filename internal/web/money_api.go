package web

import (
	"net/http"

	"github.com/pdz-ats/pdz/internal/pdz"
	"github.com/pdz-ats/pdz/internal/risorse"
)

// The money of a published plan in the JSON API (openapi.json): money in
// integer cents, percentages and counts as decimal strings with a dot,
// absent figures left out.

type apiFigure struct {
	Label string `json:"etichetta"`
	Unit  string `json:"unita"`
	Value string `json:"valore"`
	Text  string `json:"testo"`
}

func toAPIFigure(f risorse.Figure) apiFigure {
	return apiFigure{Label: f.Label, Unit: string(f.Unit), Value: f.Value.String(), Text: f.Text()}
}

func toAPIFigures(fs []risorse.Figure) []apiFigure {
	out := []apiFigure{}
	for _, f := range fs {
		out = append(out, toAPIFigure(f))
	}
	return out
}

func toAPIShortfall(f *risorse.Figure) *apiFigure {
	if f == nil {
		return nil
	}
	x := toAPIFigure(*f)
	return &x
}

type apiPart struct {
	Label     string      `json:"etichetta"`
	Outcome   string      `json:"esito"`
	Figures   []apiFigure `json:"dati"`
	Shortfall *apiFigure  `json:"scarto,omitempty"`
	Missing   []string    `json:"mancano"`
	Notes     []string    `json:"note"`
}

type apiVerdict struct {
	ID        string      `json:"id"`
	Kind      string      `json:"tipo"`
	Statement string      `json:"enunciato"`
	Outcome   string      `json:"esito"`
	Label     string      `json:"esito_testo"`
	Figures   []apiFigure `json:"dati"`
	Shortfall *apiFigure  `json:"scarto,omitempty"`
	Missing   []string    `json:"mancano"`
	Notes     []string    `json:"note"`
	Parts     []apiPart   `json:"verifiche"`
}

func nonNilStrings(xs []string) []string {
	if xs == nil {
		return []string{}
	}
	return xs
}

func toAPIVerdicts(vs []risorse.Verdict) []apiVerdict {
	out := []apiVerdict{}
	for _, v := range vs {
		x := apiVerdict{ID: v.Rule.ID, Kind: v.Rule.Kind, Statement: v.Rule.Statement, Outcome: string(v.Outcome), Label: v.Outcome.Label(),
			Figures: toAPIFigures(v.Figures), Shortfall: toAPIShortfall(v.Shortfall), Missing: nonNilStrings(v.Missing), Notes: nonNilStrings(v.Notes), Parts: []apiPart{}}
		for _, p := range v.Parts {
			x.Parts = append(x.Parts, apiPart{Label: p.Label, Outcome: string(p.Outcome), Figures: toAPIFigures(p.Figures),
				Shortfall: toAPIShortfall(p.Shortfall), Missing: nonNilStrings(p.Missing), Notes: nonNilStrings(p.Notes)})
		}
		out = append(out, x)
	}
	return out
}

type apiRulesDoc struct {
	Plan      string         `json:"piano"`
	Framework string         `json:"quadro_regionale"`
	Counts    map[string]int `json:"esiti"`
	Verdicts  []apiVerdict   `json:"regole"`
}

type apiPeriodAmount struct {
	From     int    `json:"dal"`
	To       int    `json:"al"`
	Cents    int64  `json:"centesimi"`
	Residual string `json:"residuo_di,omitempty"`
}

type apiQuota struct {
	Quota string `json:"quota"`
	Cents int64  `json:"centesimi"`
}

type apiQuotaPeriod struct {
	From      int        `json:"dal"`
	To        int        `json:"al"`
	Quotas    []apiQuota `json:"quote"`
	Sum       int64      `json:"somma_centesimi"`
	Available int64      `json:"importo_centesimi"`
}

type apiSourceMoney struct {
	Code      string            `json:"codice"`
	Name      string            `json:"nome"`
	Kind      string            `json:"tipo"`
	Parent    string            `json:"componente_di,omitempty"`
	FinSheet  string            `json:"scheda_finanziaria,omitempty"`
	Budget    bool              `json:"budget_ordinario"`
	Entries   []apiPeriodAmount `json:"disponibilita"`
	Available *int64            `json:"disponibile_centesimi,omitempty"`
	Allocated int64             `json:"programmato_centesimi"`
	Complete  bool              `json:"programmato_completo"`
	Quotas    []apiQuotaPeriod  `json:"quote_fnps"`
}

type apiBudgetRow struct {
	Code  string `json:"fonte"`
	Cents int64  `json:"centesimi"`
}

type apiBudget struct {
	Periods   []apiPeriodAmount `json:"periodi"`
	Rows      []apiBudgetRow    `json:"fonti"`
	Total     int64             `json:"totale_centesimi"`
	Allocated int64             `json:"programmato_centesimi"`
	Complete  bool              `json:"programmato_completo"`
}

type apiHistorical struct {
	From    int    `json:"dal"`
	To      int    `json:"al"`
	Cents   int64  `json:"centesimi"`
	Average *int64 `json:"media_annua_centesimi,omitempty"`
}

type apiCommitment struct {
	Year     int    `json:"anno"`
	Cash     *int64 `json:"denaro_centesimi,omitempty"`
	Services *int64 `json:"servizi_centesimi,omitempty"`
}

type apiCofinComune struct {
	Name         string          `json:"nome"`
	Population   *int64          `json:"popolazione,omitempty"`
	Share        string          `json:"quota_popolazione_percentuale,omitempty"`
	Minimum      *int64          `json:"minimo_centesimi,omitempty"`
	Cash         *int64          `json:"minimo_denaro_centesimi,omitempty"`
	Services     *int64          `json:"minimo_servizi_centesimi,omitempty"`
	ByPopulation *int64          `json:"minimo_per_popolazione_centesimi,omitempty"`
	Historical   *apiHistorical  `json:"spesa_storica,omitempty"`
	Commitments  []apiCommitment `json:"cofinanziamento"`
}

type apiCommitBlock struct {
	From            int    `json:"dal"`
	To              int    `json:"al"`
	Cash            *int64 `json:"denaro_centesimi,omitempty"`
	Services        *int64 `json:"servizi_centesimi,omitempty"`
	Origin          string `json:"origine"`
	SourcesCash     *int64 `json:"fonti_denaro_centesimi,omitempty"`
	SourcesServices *int64 `json:"fonti_servizi_centesimi,omitempty"`
	Disagree        string `json:"discordanza,omitempty"`
}

type apiCofin struct {
	Split           string           `json:"regola_riparto"`
	Date            string           `json:"data_popolazione,omitempty"`
	CashShare       string           `json:"quota_denaro_percentuale"`
	Base            *int64           `json:"trasferimenti_primo_anno_centesimi,omitempty"`
	Minimum         *int64           `json:"minimo_centesimi,omitempty"`
	Comuni          []apiCofinComune `json:"comuni"`
	Committed       []apiCommitBlock `json:"cofinanziamento_ambito"`
	HistTotal       *int64           `json:"spesa_storica_centesimi,omitempty"`
	HistAverage     *int64           `json:"spesa_storica_media_annua_centesimi,omitempty"`
	SplitIssues     []string         `json:"problemi_ripartizione"`
	RuleFromDefault bool             `json:"regola_predefinita"`
}

type apiStaff struct {
	Date       string   `json:"data,omitempty"`
	Count      string   `json:"numero"`
	Population *int64   `json:"popolazione,omitempty"`
	PopDate    string   `json:"data_popolazione,omitempty"`
	Missing    []string `json:"mancano"`
}

type apiProgress struct {
	Fund      string `json:"fondo"`
	Period    string `json:"periodo,omitempty"`
	Budget    *int64 `json:"programmato_centesimi,omitempty"`
	Committed *int64 `json:"impegnato_centesimi,omitempty"`
	Paid      *int64 `json:"liquidato_centesimi,omitempty"`
	Residual  *int64 `json:"residuo_centesimi,omitempty"`
	Percent   string `json:"avanzamento_percentuale,omitempty"`
	Target    string `json:"fonte_residui,omitempty"`
}

type apiTotal struct {
	Cents    int64 `json:"centesimi"`
	Complete bool  `json:"completo"`
}

type apiGroup struct {
	Key    string     `json:"chiave"`
	Label  string     `json:"etichetta"`
	ByYear []apiTotal `json:"per_anno"`
	Total  apiTotal   `json:"totale"`
}

type apiTotals struct {
	Years     []apiTotal `json:"per_anno"`
	Total     apiTotal   `json:"totale"`
	Sources   []apiGroup `json:"per_fonte"`
	FinSheets []apiGroup `json:"per_scheda_finanziaria"`
	Levels    []apiGroup `json:"per_livello"`
	Areas     []apiGroup `json:"per_area"`
	Macros    []apiGroup `json:"per_macro_attivita"`
	Sheets    []apiGroup `json:"per_scheda"`
}

type apiFinSheet struct {
	Code     string `json:"codice"`
	Title    string `json:"titolo"`
	Sheets   int    `json:"schede"`
	Total    int64  `json:"totale_centesimi"`
	Complete bool   `json:"completo"`
	URL      string `json:"url,omitempty"`
}

type apiMoneyCheck struct {
	Quantity string `json:"grandezza"`
	Subject  string `json:"riferimento"`
	Printed  string `json:"stampato"`
	Computed string `json:"calcolato,omitempty"`
	Diff     string `json:"differenza,omitempty"`
	Verdict  string `json:"esito"`
	Where    string `json:"dove"`
	Basis    string `json:"nota,omitempty"`
}

type apiMoneyDoc struct {
	Plan      string           `json:"piano"`
	Years     []int            `json:"anni"`
	Sources   []apiSourceMoney `json:"fonti"`
	Budget    apiBudget        `json:"budget"`
	Cofin     apiCofin         `json:"cofinanziamento"`
	Staff     apiStaff         `json:"assistenti_sociali"`
	Progress  []apiProgress    `json:"avanzamento_precedente"`
	Totals    apiTotals        `json:"programmato"`
	FinSheets []apiFinSheet    `json:"schede_finanziarie"`
	Verdicts  []apiVerdict     `json:"regole"`
	Checks    []apiMoneyCheck  `json:"verifiche"`
}

func ptrCents(v int64) *int64 { return &v }

func toAPIGroups(gs []risorse.Group) []apiGroup {
	out := []apiGroup{}
	for _, g := range gs {
		x := apiGroup{Key: g.Key, Label: g.Label, ByYear: []apiTotal{}, Total: apiTotal{g.Total.Cents, g.Total.Complete}}
		for _, a := range g.ByYear {
			x.ByYear = append(x.ByYear, apiTotal{a.Cents, a.Complete})
		}
		out = append(out, x)
	}
	return out
}

func (s *Server) toAPIMoney(r *http.Request, a *pdz.Ambito, rep *risorse.Report) apiMoneyDoc {
	p := rep.Plan
	doc := apiMoneyDoc{Plan: p.Slug, Years: nonNilInts(p.Years), Sources: []apiSourceMoney{}, Progress: []apiProgress{}, FinSheets: []apiFinSheet{},
		Verdicts: toAPIVerdicts(rep.Verdicts), Checks: []apiMoneyCheck{}}
	for _, m := range rep.Sources {
		x := apiSourceMoney{Code: m.Source.Code, Name: m.Source.Name, Kind: m.Source.Kind, FinSheet: m.FinSheet, Budget: m.Budget,
			Entries: []apiPeriodAmount{}, Allocated: m.AllocatedTotal.Cents, Complete: m.AllocatedTotal.Complete, Quotas: []apiQuotaPeriod{}}
		if m.Parent != nil {
			x.Parent = m.Parent.Code
		}
		for _, e := range m.Entries {
			x.Entries = append(x.Entries, apiPeriodAmount{e.From, e.To, e.Amount, e.Progress})
		}
		if m.HasAvailability {
			x.Available = ptrCents(m.Available)
		}
		for _, q := range m.Quotas {
			qp := apiQuotaPeriod{From: q.From, To: q.To, Quotas: []apiQuota{}, Sum: q.Sum, Available: q.Available}
			for _, fq := range p.Framework.FNPSQuotas {
				if v, ok := q.ByQuota[fq.Code]; ok {
					qp.Quotas = append(qp.Quotas, apiQuota{fq.Code, v})
				}
			}
			x.Quotas = append(x.Quotas, qp)
		}
		doc.Sources = append(doc.Sources, x)
	}
	b := rep.Budget
	doc.Budget = apiBudget{Periods: []apiPeriodAmount{}, Rows: []apiBudgetRow{}, Total: b.Total, Allocated: b.Allocated.Cents, Complete: b.Allocated.Complete}
	for i, per := range b.Periods {
		doc.Budget.Periods = append(doc.Budget.Periods, apiPeriodAmount{From: per.From, To: per.To, Cents: b.ByPeriod[i]})
	}
	for _, row := range b.Rows {
		doc.Budget.Rows = append(doc.Budget.Rows, apiBudgetRow{row.Source.Code, row.Total})
	}
	c := rep.Cofin
	doc.Cofin = apiCofin{Split: c.Rule.Split, CashShare: pdz.Decimal{Units: c.Rule.CashShare, Scale: 2}.String(), Comuni: []apiCofinComune{},
		Committed: []apiCommitBlock{}, SplitIssues: nonNilStrings(c.SplitIssues), RuleFromDefault: c.RuleDefault, Minimum: ptr(c.Minimum)}
	if !c.Rule.Date.IsZero() {
		doc.Cofin.Date = c.Rule.Date.String()
	}
	if c.MinRule != nil && len(c.BaseMissing) == 0 {
		doc.Cofin.Base = ptrCents(c.BaseTotal)
	}
	for _, cc := range c.Comuni {
		x := apiCofinComune{Name: cc.Comune.Name, Population: ptr(cc.Population), Minimum: ptr(cc.Minimum), Cash: ptr(cc.Cash), Services: ptr(cc.Services),
			ByPopulation: ptr(cc.ByPopulation), Commitments: []apiCommitment{}}
		if cc.Population.Set {
			x.Share = cc.Share.String()
		}
		if h := cc.Historical; h != nil {
			x.Historical = &apiHistorical{h.From, h.To, h.Amount, ptr(cc.HistAverage)}
		}
		for _, y := range c.CommitYears {
			if k, ok := cc.Commitments[y]; ok {
				x.Commitments = append(x.Commitments, apiCommitment{y, ptr(k.Cash), ptr(k.Services)})
			}
		}
		doc.Cofin.Comuni = append(doc.Cofin.Comuni, x)
	}
	for _, bl := range c.Blocks {
		x := apiCommitBlock{From: bl.From, To: bl.To, Origin: "fonti", Disagree: bl.Disagree}
		if bl.FromComuni {
			x.Origin = "comuni"
			if bl.HasSources {
				x.SourcesCash, x.SourcesServices = ptrCents(bl.SourcesCash), ptrCents(bl.SourcesServices)
			}
		}
		if bl.HasCash {
			x.Cash = ptrCents(bl.Cash)
		}
		if bl.HasServices {
			x.Services = ptrCents(bl.Services)
		}
		doc.Cofin.Committed = append(doc.Cofin.Committed, x)
	}
	if c.HistRows > 0 && len(c.HistMissing) == 0 {
		doc.Cofin.HistTotal, doc.Cofin.HistAverage = ptrCents(c.HistTotal), ptr(c.HistAverageCents())
	}
	st := rep.Staff
	doc.Staff = apiStaff{Count: pdz.Decimal{Units: st.Count, Scale: 2}.String(), Population: ptr(st.Population), Missing: nonNilStrings(st.Missing)}
	if !st.Date.IsZero() {
		doc.Staff.Date = st.Date.String()
	}
	if st.Population.Set {
		doc.Staff.PopDate = st.PopDate.String()
	}
	for _, x := range rep.Progress {
		row := apiProgress{Fund: x.Fund, Period: x.Period, Budget: ptr(x.Budget), Committed: ptr(x.Committed), Paid: ptr(x.Paid), Residual: ptr(x.Residual)}
		if x.HasPct {
			row.Percent = x.Percent.String()
		}
		if x.Target != nil {
			row.Target = x.Target.Code
		}
		doc.Progress = append(doc.Progress, row)
	}
	t := rep.Totals
	doc.Totals = apiTotals{Years: []apiTotal{}, Total: apiTotal{t.Grand.Cents, t.Grand.Complete}, Sources: toAPIGroups(t.Sources),
		FinSheets: toAPIGroups(t.FinSheets), Levels: toAPIGroups(t.Levels), Areas: toAPIGroups(t.Areas), Macros: toAPIGroups(t.Macros), Sheets: toAPIGroups(t.Sheets)}
	for _, y := range t.ByYear {
		doc.Totals.Years = append(doc.Totals.Years, apiTotal{y.Cents, y.Complete})
	}
	for _, f := range rep.FinSheets {
		x := apiFinSheet{Code: f.Code, Title: f.Title, Sheets: len(f.Rows), Total: f.Total.Cents, Complete: f.Total.Complete}
		if f.Code != "" {
			x.URL = s.absURL(r, planBase(a, p)+"/risorse/schede-finanziarie/"+f.Code)
		}
		doc.FinSheets = append(doc.FinSheets, x)
	}
	for _, ch := range rep.Checks {
		x := apiMoneyCheck{Quantity: ch.Declared.Quantity, Subject: ch.Subject, Printed: ch.Declared.Value.String(), Verdict: string(ch.Verdict),
			Where: ch.Declared.Table, Basis: ch.Basis}
		if ch.Known {
			x.Computed, x.Diff = ch.Computed.String(), ch.Diff.String()
		}
		doc.Checks = append(doc.Checks, x)
	}
	return doc
}

func (s *Server) apiMoney(w http.ResponseWriter, r *http.Request) error {
	return s.cached(w, r, func(w http.ResponseWriter, r *http.Request) error {
		a, _, rep, err := s.publishedMoney(r)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, s.toAPIMoney(r, &a, rep))
		return nil
	})
}

func (s *Server) apiRules(w http.ResponseWriter, r *http.Request) error {
	return s.cached(w, r, func(w http.ResponseWriter, r *http.Request) error {
		_, p, err := s.publishedPlan(r)
		if err != nil {
			return err
		}
		rep, err := s.moneyReport(r, &p)
		if err != nil {
			return err
		}
		doc := apiRulesDoc{Plan: p.Slug, Framework: p.Framework.Slug, Counts: map[string]int{string(risorse.Met): 0, string(risorse.NotMet): 0, string(risorse.Unknown): 0},
			Verdicts: toAPIVerdicts(rep.Verdicts)}
		for _, v := range rep.Verdicts {
			doc.Counts[string(v.Outcome)]++
		}
		writeJSON(w, http.StatusOK, doc)
		return nil
	})
}
