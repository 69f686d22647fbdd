package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/pdz-ats/pdz/internal/locale"
	"github.com/pdz-ats/pdz/internal/pdz"
	"github.com/pdz-ats/pdz/internal/risorse"
)

// The back office of a plan's money ("Risorse"): the overview with the
// verdicts, then one form per thing the UdP enters (a source's
// availability and quotas, the co-financing rule, a Comune's historical
// spending and co-financing, social workers, the previous plan's progress,
// printed figures). Every handler has the usual shape: load → parse →
// validate → save → redirect.

func (s *Server) moneyReport(r *http.Request, p *pdz.Plan) (*risorse.Report, error) {
	cs, err := s.store.Comuni(r.Context(), p.AmbitoID)
	if err != nil {
		return nil, err
	}
	return risorse.Compute(p, cs), nil
}

// planMoney loads the plan of a back-office route and computes its money.
func (s *Server) planMoney(r *http.Request) (pdz.Plan, *risorse.Report, error) {
	p, err := s.planOf(r)
	if err != nil {
		return p, nil, err
	}
	rep, err := s.moneyReport(r, &p)
	return p, rep, err
}

func moneyAdminURL(r *http.Request, p *pdz.Plan) string {
	return planAdminURL(info(r).ambito, p) + "/risorse"
}

func (s *Server) moneyAdmin(w http.ResponseWriter, r *http.Request) error {
	p, rep, err := s.planMoney(r)
	if err != nil {
		return err
	}
	v := s.planView(r, &p, "Risorse e regole", Crumb{"Risorse e regole", ""})
	v["Money"], v["Downloads"] = buildMoney(rep), s.moneyDownloads(planAdminURL(info(r).ambito, &p))
	if p.Published {
		v["PublicMoney"] = planBase(info(r).ambito, &p) + "/risorse"
	}
	s.render(w, r, http.StatusOK, "admin/money", v)
	return nil
}

func (s *Server) moneyDownloadAdmin(w http.ResponseWriter, r *http.Request) error {
	p, rep, err := s.planMoney(r)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	return writeMoneyWorkbook(w, r, rep, info(r).ambito.Slug+"-"+p.Slug+"-risorse")
}

func (s *Server) moneyFinSheetAdmin(w http.ResponseWriter, r *http.Request) error {
	p, rep, err := s.planMoney(r)
	if err != nil {
		return err
	}
	f := rep.FinSheetByCode(r.PathValue("fin"))
	if f == nil {
		return pdz.Errorf(pdz.ENOTFOUND, "Scheda finanziaria non trovata nel quadro regionale del piano.")
	}
	title := "Scheda " + f.Code
	v := s.planView(r, &p, title, Crumb{"Risorse e regole", moneyAdminURL(r, &p)}, Crumb{title, ""})
	v["Fin"], v["Back"] = f, moneyAdminURL(r, &p)
	s.render(w, r, http.StatusOK, "admin/finsheet", v)
	return nil
}

// ---- a source's availability, component link and FNPS quotas

func (s *Server) renderSourceMoney(w http.ResponseWriter, r *http.Request, status int, p *pdz.Plan, x *pdz.FundingSource, f *Form) error {
	title := "Disponibilità di " + x.Code
	v := s.planView(r, p, title, Crumb{"Risorse e regole", moneyAdminURL(r, p)}, Crumb{title, ""})
	base := moneyAdminURL(r, p)
	v["Form"], v["Source"], v["Action"], v["Back"] = f, x, base+"/fonti/"+strconv.FormatInt(x.ID, 10), base+"#fonti"
	parents := []Option{{"0", "– nessuna: è una fonte a sé –"}}
	for _, o := range p.Sources {
		if o.ID != x.ID && o.ParentID == 0 {
			parents = append(parents, Option{strconv.FormatInt(o.ID, 10), o.Code + " – " + o.Name})
		}
	}
	years := []Option{{"", "–"}}
	for _, y := range p.Years {
		years = append(years, Option{strconv.Itoa(y), strconv.Itoa(y)})
	}
	v["ParentOptions"], v["YearOptions"] = parents, years
	v["AvRows"] = rowNumbers(f, "av_", 2)
	v["QRows"] = rowNumbers(f, "qp_", 1)
	v["Quotas"] = p.Framework.FNPSQuotas
	v["IsFNPS"] = x.Kind == "fnps"
	s.render(w, r, status, "admin/source_money_form", v)
	return nil
}

// rowNumbers is 1 … n for the rows of a repeated group of fields: those the
// form holds, plus extra blank ones.
func rowNumbers(f *Form, prefix string, extra int) []int {
	n := 0
	for k := range f.Values {
		if strings.HasPrefix(k, prefix) {
			rest := strings.TrimPrefix(k, prefix)
			num, _, _ := strings.Cut(rest, "_")
			if i, err := strconv.Atoi(num); err == nil && i > n {
				n = i
			}
		}
	}
	var out []int
	for i := 1; i <= n+extra; i++ {
		out = append(out, i)
	}
	return out
}

func (s *Server) sourceMoneyOf(r *http.Request) (pdz.Plan, *pdz.FundingSource, error) {
	p, err := s.planOf(r)
	if err != nil {
		return p, nil, err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return p, nil, err
	}
	x := p.Source(id)
	if x == nil {
		return p, nil, pdz.Errorf(pdz.ENOTFOUND, "Fonte di finanziamento non trovata.")
	}
	return p, x, nil
}

func (s *Server) sourceMoneyEdit(w http.ResponseWriter, r *http.Request) error {
	p, x, err := s.sourceMoneyOf(r)
	if err != nil {
		return err
	}
	v := url.Values{"parent_id": {strconv.FormatInt(x.ParentID, 10)}}
	for i, a := range x.Availability {
		k := "av_" + strconv.Itoa(i+1)
		v.Set(k+"_from", strconv.Itoa(a.From))
		v.Set(k+"_to", strconv.Itoa(a.To))
		v.Set(k, pdz.MoneyValue(a.Amount))
		v.Set(k+"_notes", a.Notes)
	}
	row := 0
	periods := map[[2]int]int{}
	for _, q := range x.Quotas {
		key := [2]int{q.From, q.To}
		n, ok := periods[key]
		if !ok {
			row++
			n = row
			periods[key] = n
			v.Set("qp_"+strconv.Itoa(n)+"_from", strconv.Itoa(q.From))
			v.Set("qp_"+strconv.Itoa(n)+"_to", strconv.Itoa(q.To))
		}
		v.Set("qp_"+strconv.Itoa(n)+"_"+q.Quota, pdz.MoneyValue(q.Amount))
	}
	return s.renderSourceMoney(w, r, http.StatusOK, &p, x, newForm(v))
}

// formYear reads a year chosen in a select ("" is none).
func formYear(v url.Values, name string) (int, bool) {
	t := strings.TrimSpace(v.Get(name))
	if t == "" {
		return 0, true
	}
	y, err := strconv.Atoi(t)
	return y, err == nil
}

func (s *Server) sourceMoneySave(w http.ResponseWriter, r *http.Request) error {
	p, x, err := s.sourceMoneyOf(r)
	if err != nil {
		return err
	}
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	pr := pdz.Problems{}
	in := pdz.FundingSource{ID: x.ID, ParentID: formID(pr, f.Values, "parent_id", "Fonte composta non valida.")}
	var avField, qField []string
	for _, i := range rowNumbers(f, "av_", 0) {
		k := "av_" + strconv.Itoa(i)
		amount := formMoney(pr, f.Values, k)
		from, ok1 := formYear(f.Values, k+"_from")
		to, ok2 := formYear(f.Values, k+"_to")
		if !ok1 || !ok2 {
			pr.Add(k, "Anno non valido.")
		}
		if !amount.Set && from == 0 && to == 0 {
			continue // a blank row
		}
		if from == 0 {
			from = to
		}
		if to == 0 {
			to = from
		}
		if !amount.Set {
			pr.Add(k, "Indica l'importo disponibile (0 se la fonte non dà nulla in quegli anni).")
		}
		in.Availability = append(in.Availability, pdz.Availability{From: from, To: to, Amount: amount.V, Notes: strings.TrimSpace(f.Get(k + "_notes"))})
		avField = append(avField, k)
	}
	for _, i := range rowNumbers(f, "qp_", 0) {
		k := "qp_" + strconv.Itoa(i)
		from, ok1 := formYear(f.Values, k+"_from")
		to, ok2 := formYear(f.Values, k+"_to")
		if !ok1 || !ok2 {
			pr.Add(k+"_from", "Anno non valido.")
		}
		if to == 0 {
			to = from
		}
		for _, q := range p.Framework.FNPSQuotas {
			name := k + "_" + q.Code
			amount := formMoney(pr, f.Values, name)
			if !amount.Set {
				continue
			}
			if from == 0 {
				pr.Add(k+"_from", "Indica gli anni delle quote.")
			}
			in.Quotas = append(in.Quotas, pdz.Quota{From: from, To: to, Quota: q.Code, Amount: amount.V})
			qField = append(qField, name)
		}
	}
	// what is malformed and what the plan refuses, shown together; the
	// checks name the rows by their position among those given
	check := *x
	check.ParentID, check.Availability, check.Quotas = in.ParentID, in.Availability, in.Quotas
	for k, msg := range pdz.ErrorFields(p.CheckSourceMoney(&check)) {
		pr.Add(remap(k, "av_", avField, "q_", qField), msg)
	}
	if err := pr.Err(); err != nil {
		s.formFailed(r, f, err)
		return s.renderSourceMoney(w, r, statusOf(pdz.ErrorCode(err)), &p, x, f)
	}
	if err := s.store.SaveSourceMoney(r.Context(), actor(r), p.AmbitoID, p.ID, &in); err != nil {
		fields := map[string]string{}
		for k, msg := range pdz.ErrorFields(err) {
			fields[remap(k, "av_", avField, "q_", qField)] = msg
		}
		s.formFailed(r, f, &pdz.Error{Code: pdz.ErrorCode(err), Message: pdz.ErrorMessage(err), Fields: fields, Err: err})
		return s.renderSourceMoney(w, r, statusOf(pdz.ErrorCode(err)), &p, x, f)
	}
	return s.redirect(w, r, moneyAdminURL(r, &p)+"#fonti", "Disponibilità e quote di «"+x.Code+"» salvate.")
}

// remap turns "av_3" (the third row given) into the name of its field.
func remap(k string, pre1 string, names1 []string, pre2 string, names2 []string) string {
	for _, c := range []struct {
		pre   string
		names []string
	}{{pre1, names1}, {pre2, names2}} {
		if rest, ok := strings.CutPrefix(k, c.pre); ok {
			if i, err := strconv.Atoi(rest); err == nil && i >= 1 && i <= len(c.names) {
				return c.names[i-1]
			}
		}
	}
	return k
}

// ---- the co-financing rule

func (s *Server) renderCofin(w http.ResponseWriter, r *http.Request, status int, p *pdz.Plan, f *Form) error {
	title := "Regola del cofinanziamento comunale"
	v := s.planView(r, p, title, Crumb{"Risorse e regole", moneyAdminURL(r, p)}, Crumb{title, ""})
	v["Form"], v["Action"], v["Back"] = f, moneyAdminURL(r, p)+"/cofinanziamento", moneyAdminURL(r, p)+"#cofinanziamento"
	v["SplitOptions"] = []Option{{pdz.SplitPopulation, "In proporzione alla popolazione residente a una data"}, {pdz.SplitEntered, "Importi indicati per ciascun Comune"}}
	cs, err := s.store.Comuni(r.Context(), p.AmbitoID)
	if err != nil {
		return err
	}
	v["Comuni"] = cs
	s.render(w, r, status, "admin/cofin_form", v)
	return nil
}

func (s *Server) cofinEdit(w http.ResponseWriter, r *http.Request) error {
	p, rep, err := s.planMoney(r)
	if err != nil {
		return err
	}
	rule := rep.Cofin.Rule
	v := url.Values{"split": {rule.Split}, "split_date": {dateValue(rule.Date)}, "cash_share": {pdz.PercentText(rule.CashShare)}, "notes": {rule.Notes}}
	for _, q := range p.Money.Quotas {
		v.Set("q_"+strconv.FormatInt(q.ComuneID, 10), pdz.MoneyValue(q.Amount))
	}
	return s.renderCofin(w, r, http.StatusOK, &p, newForm(v))
}

func (s *Server) cofinSave(w http.ResponseWriter, r *http.Request) error {
	p, err := s.planOf(r)
	if err != nil {
		return err
	}
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	pr := pdz.Problems{}
	rule := pdz.CofinancingRule{Split: f.Get("split"), Notes: strings.TrimSpace(f.Get("notes"))}
	if strings.TrimSpace(f.Get("split_date")) != "" {
		rule.Date = formDate(pr, f.Values, "split_date")
	}
	if bp, err := pdz.ParsePercent(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(f.Get("cash_share")), "%"))); err != nil {
		pr.Add("cash_share", "Indica la percentuale in denaro, tra 0 e 100 (es. 50).")
	} else {
		rule.CashShare = bp
	}
	cs, err := s.store.Comuni(r.Context(), p.AmbitoID)
	if err != nil {
		return err
	}
	var quotas []pdz.ComuneAmount
	for _, c := range cs {
		name := "q_" + strconv.FormatInt(c.ID, 10)
		if a := formMoney(pr, f.Values, name); a.Set {
			quotas = append(quotas, pdz.ComuneAmount{ComuneID: c.ID, Amount: a.V})
		} else if rule.Split == pdz.SplitEntered && pr[name] == "" {
			pr.Add(name, "Indica l'importo del Comune di "+c.Name+".")
		}
	}
	if err := finish(pr, rule.Validate, func() error { return s.store.SaveCofinancing(r.Context(), actor(r), p.AmbitoID, p.ID, rule, quotas) }); err != nil {
		s.formFailed(r, f, err)
		return s.renderCofin(w, r, statusOf(pdz.ErrorCode(err)), &p, f)
	}
	return s.redirect(w, r, moneyAdminURL(r, &p)+"#cofinanziamento", "Regola del cofinanziamento salvata.")
}

// ---- a Comune's historical spending and co-financing per year

func (s *Server) comuneMoneyOf(r *http.Request) (pdz.Plan, pdz.Comune, error) {
	p, err := s.planOf(r)
	if err != nil {
		return p, pdz.Comune{}, err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return p, pdz.Comune{}, err
	}
	c, err := s.store.Comune(r.Context(), p.AmbitoID, id)
	return p, c, err
}

func (s *Server) renderComuneMoney(w http.ResponseWriter, r *http.Request, status int, p *pdz.Plan, c *pdz.Comune, f *Form) error {
	title := "Comune di " + c.Name + ": spesa storica e cofinanziamento"
	v := s.planView(r, p, title, Crumb{"Risorse e regole", moneyAdminURL(r, p)}, Crumb{"Comune di " + c.Name, ""})
	v["Form"], v["Comune"] = f, c
	v["Action"], v["Back"] = moneyAdminURL(r, p)+"/comuni/"+strconv.FormatInt(c.ID, 10), moneyAdminURL(r, p)+"#cofinanziamento"
	v["YRows"] = rowNumbers(f, "y", 2)
	s.render(w, r, status, "admin/comune_money_form", v)
	return nil
}

func (s *Server) comuneMoneyEdit(w http.ResponseWriter, r *http.Request) error {
	p, c, err := s.comuneMoneyOf(r)
	if err != nil {
		return err
	}
	v := url.Values{}
	for _, h := range p.Money.Historical {
		if h.ComuneID == c.ID {
			v.Set("hist_from", strconv.Itoa(h.From))
			v.Set("hist_to", strconv.Itoa(h.To))
			v.Set("hist_amount", pdz.MoneyValue(h.Amount))
			v.Set("hist_notes", h.Notes)
		}
	}
	seen := map[int]bool{}
	i := 0
	row := func(x pdz.Commitment) {
		i++
		k := "y" + strconv.Itoa(i)
		v.Set(k+"_year", strconv.Itoa(x.Year))
		if x.Cash.Set {
			v.Set(k, pdz.MoneyValue(x.Cash.V))
		}
		if x.Services.Set {
			v.Set(k+"_services", pdz.MoneyValue(x.Services.V))
		}
		v.Set(k+"_notes", x.Notes)
		seen[x.Year] = true
	}
	for _, x := range p.Money.Commitments {
		if x.ComuneID == c.ID {
			row(x)
		}
	}
	for _, y := range p.Years {
		if !seen[y] {
			i++
			v.Set("y"+strconv.Itoa(i)+"_year", strconv.Itoa(y))
		}
	}
	return s.renderComuneMoney(w, r, http.StatusOK, &p, &c, newForm(v))
}

func (s *Server) comuneMoneySave(w http.ResponseWriter, r *http.Request) error {
	p, c, err := s.comuneMoneyOf(r)
	if err != nil {
		return err
	}
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	pr := pdz.Problems{}
	var hist *pdz.HistoricalSpending
	amount := formMoney(pr, f.Values, "hist_amount")
	from, ok1 := formYear(f.Values, "hist_from")
	to, ok2 := formYear(f.Values, "hist_to")
	if !ok1 || !ok2 {
		pr.Add("hist_from", "Anni non validi: indicali per esteso (es. 2018 e 2020).")
	}
	if amount.Set || from != 0 || to != 0 {
		if !amount.Set {
			pr.Add("hist_amount", "Indica la spesa complessiva del periodo.")
		}
		hist = &pdz.HistoricalSpending{From: from, To: to, Amount: amount.V, Notes: strings.TrimSpace(f.Get("hist_notes"))}
	}
	var commits []pdz.Commitment
	var fields []string
	for _, i := range rowNumbers(f, "y", 0) {
		k := "y" + strconv.Itoa(i)
		cash := formMoney(pr, f.Values, k)
		services := formMoney(pr, f.Values, k+"_services")
		notes := strings.TrimSpace(f.Get(k + "_notes"))
		if !cash.Set && !services.Set && notes == "" {
			continue // a year with nothing given
		}
		year, ok := formYear(f.Values, k+"_year")
		if !ok || year == 0 {
			pr.Add(k, "Indica l'anno.")
		}
		commits = append(commits, pdz.Commitment{Year: year, Cash: cash, Services: services, Notes: notes})
		fields = append(fields, k)
	}
	// what is malformed and what is invalid, shown together
	if hist != nil {
		for k, msg := range pdz.ErrorFields(hist.Validate()) {
			pr.Add(k, msg)
		}
	}
	if err := pr.Err(); err != nil {
		s.formFailed(r, f, err)
		return s.renderComuneMoney(w, r, statusOf(pdz.ErrorCode(err)), &p, &c, f)
	}
	if err := s.store.SaveComuneMoney(r.Context(), actor(r), p.AmbitoID, p.ID, c.ID, hist, commits); err != nil {
		mapped := map[string]string{}
		for k, msg := range pdz.ErrorFields(err) {
			mapped[remap(k, "y", fields, "", nil)] = msg
		}
		s.formFailed(r, f, &pdz.Error{Code: pdz.ErrorCode(err), Message: pdz.ErrorMessage(err), Fields: mapped, Err: err})
		return s.renderComuneMoney(w, r, statusOf(pdz.ErrorCode(err)), &p, &c, f)
	}
	return s.redirect(w, r, moneyAdminURL(r, &p)+"#cofinanziamento", "Dati del Comune di "+c.Name+" salvati.")
}

// ---- social workers, progress, printed figures: small parts of the plan

func (s *Server) staffPart() *planPart {
	return &planPart{s: s, slug: "risorse/assistenti-sociali", back: "risorse", backName: "Risorse e regole", anchor: "assistenti-sociali",
		newTitle: "Nuovo numero di assistenti sociali", tmpl: "admin/staff_form",
		load: func(r *http.Request, p *pdz.Plan, id int64) (url.Values, string, error) {
			for _, x := range p.Money.Staff {
				if x.ID == id {
					name := x.ComuneName
					if x.ComuneID == 0 {
						name = "Ambito"
					}
					return url.Values{"date": {dateValue(x.Date)}, "comune_id": {strconv.FormatInt(x.ComuneID, 10)}, "count": {x.CountText()},
						"notes": {x.Notes}}, "Assistenti sociali: " + name + " al " + locale.ShortDate(x.Date), nil
				}
			}
			return nil, "", pdz.Errorf(pdz.ENOTFOUND, "Numero di assistenti sociali non trovato.")
		},
		save: func(r *http.Request, p *pdz.Plan, id int64, f *Form) error {
			pr := pdz.Problems{}
			v := f.Values
			x := pdz.SocialWorkers{ID: id, PlanID: p.ID, Date: formDate(pr, v, "date"), ComuneID: formID(pr, v, "comune_id", "Comune non valido."),
				Notes: strings.TrimSpace(v.Get("notes"))}
			if n, err := pdz.ParsePercent(strings.TrimSpace(v.Get("count"))); err != nil {
				pr.Add("count", "Indica un numero, con al massimo due decimali per i tempi parziali (es. 5 o 2,5).")
			} else {
				x.Count = n
			}
			return finish(pr, x.Validate, func() error { return s.store.SaveSocialWorkers(r.Context(), actor(r), p.AmbitoID, &x) })
		},
		del: func(r *http.Request, p *pdz.Plan, id int64) error {
			return s.store.DeleteSocialWorkers(r.Context(), actor(r), p.AmbitoID, p.ID, id)
		},
		extra: func(r *http.Request, v View, p *pdz.Plan) error {
			opts, err := s.planComuneOptions(r)
			if len(opts) > 0 {
				opts[0].Label = "Ambito (servizio sociale professionale di Ambito)"
			}
			v["ComuneOptions"] = opts
			return err
		},
	}
}

func sourceOptions(p *pdz.Plan, none string) []Option {
	opts := []Option{{"0", none}}
	for _, x := range p.Sources {
		opts = append(opts, Option{strconv.FormatInt(x.ID, 10), x.Code + " – " + x.Name})
	}
	return opts
}

func (s *Server) progressPart() *planPart {
	return &planPart{s: s, slug: "risorse/avanzamento", back: "risorse", backName: "Risorse e regole", anchor: "avanzamento",
		newTitle: "Nuova riga dell'avanzamento del piano precedente", tmpl: "admin/progress_form",
		load: func(r *http.Request, p *pdz.Plan, id int64) (url.Values, string, error) {
			for _, x := range p.Money.Progress {
				if x.ID == id {
					m := func(o pdz.OptInt) string {
						if !o.Set {
							return ""
						}
						return pdz.MoneyValue(o.V)
					}
					return url.Values{"fund": {x.Fund}, "period": {x.Period}, "budget": {m(x.Budget)}, "committed": {m(x.Committed)}, "paid": {m(x.Paid)},
						"target_id": {strconv.FormatInt(x.TargetID, 10)}, "notes": {x.Notes}, "position": {positionValue(x.Position)}}, "Avanzamento: " + x.Fund, nil
				}
			}
			return nil, "", pdz.Errorf(pdz.ENOTFOUND, "Riga dell'avanzamento non trovata.")
		},
		save: func(r *http.Request, p *pdz.Plan, id int64, f *Form) error {
			pr := pdz.Problems{}
			v := f.Values
			x := pdz.Progress{ID: id, PlanID: p.ID, Position: position(pr, v), Fund: v.Get("fund"), Period: strings.TrimSpace(v.Get("period")),
				Budget: formMoney(pr, v, "budget"), Committed: formMoney(pr, v, "committed"), Paid: formMoney(pr, v, "paid"),
				TargetID: formID(pr, v, "target_id", "Fonte non valida."), Notes: strings.TrimSpace(v.Get("notes"))}
			return finish(pr, x.Validate, func() error { return s.store.SaveProgress(r.Context(), actor(r), p.AmbitoID, &x) })
		},
		del: func(r *http.Request, p *pdz.Plan, id int64) error {
			return s.store.DeleteProgress(r.Context(), actor(r), p.AmbitoID, p.ID, id)
		},
		extra: func(r *http.Request, v View, p *pdz.Plan) error {
			v["SourceOptions"] = sourceOptions(p, "– nessuna –")
			return nil
		},
	}
}

func (s *Server) moneyDeclaredPart() *planPart {
	return &planPart{s: s, slug: "risorse/dati-stampati", back: "risorse", backName: "Risorse e regole", anchor: "verifica-risorse",
		newTitle: "Nuovo dato dichiarato sulle risorse", tmpl: "admin/money_declared_form",
		load: func(r *http.Request, p *pdz.Plan, id int64) (url.Values, string, error) {
			for _, x := range p.Money.Declared {
				if x.ID == id {
					q := pdz.MoneyQuantityOf(x.Quantity)
					value := x.Value.Italian()
					if q != nil && !q.Percent {
						value = pdz.MoneyValue(x.Value.Units * pow10(2-x.Value.Scale))
					}
					v := url.Values{"quantity": {x.Quantity}, "source_id": {strconv.FormatInt(x.SourceID, 10)}, "quota": {x.Quota},
						"comune_id": {strconv.FormatInt(x.ComuneID, 10)}, "subject": {x.Subject}, "value": {value}, "table": {x.Table},
						"notes": {x.Notes}, "position": {positionValue(x.Position)}}
					if x.From != 0 {
						v.Set("from", strconv.Itoa(x.From))
						v.Set("to", strconv.Itoa(x.To))
					}
					label := x.Quantity
					if q != nil {
						label = q.Label
					}
					return v, label + " (" + x.Table + ")", nil
				}
			}
			return nil, "", pdz.Errorf(pdz.ENOTFOUND, "Dato dichiarato non trovato.")
		},
		save: func(r *http.Request, p *pdz.Plan, id int64, f *Form) error {
			pr := pdz.Problems{}
			v := f.Values
			x := pdz.DeclaredMoney{ID: id, PlanID: p.ID, Position: position(pr, v), Quantity: v.Get("quantity"),
				SourceID: formID(pr, v, "source_id", "Fonte non valida."), Quota: v.Get("quota"), ComuneID: formID(pr, v, "comune_id", "Comune non valido."),
				Subject: strings.TrimSpace(v.Get("subject")), Table: v.Get("table"), Notes: strings.TrimSpace(v.Get("notes"))}
			from, ok1 := formYear(v, "from")
			to, ok2 := formYear(v, "to")
			if !ok1 || !ok2 {
				pr.Add("from", "Anni non validi: indicali per esteso (es. 2022).")
			}
			if to == 0 {
				to = from
			}
			x.From, x.To = from, to
			q := pdz.MoneyQuantityOf(x.Quantity)
			raw := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v.Get("value")), "%"))
			switch {
			case q != nil && !q.Percent:
				if c, err := pdz.ParseMoney(raw); errors.Is(err, pdz.ErrMoneyTooLarge) {
					pr.Add("value", pdz.MoneyTooLargeMessage)
				} else if err != nil {
					pr.Add("value", "Indica l'importo come stampato, in euro (es. 560.884,16).")
				} else {
					x.Value = pdz.Decimal{Units: c, Scale: 2}
				}
			default:
				if d, err := pdz.ParseDecimal(raw); err != nil {
					pr.Add("value", "Indica la percentuale come stampata (es. 95 o 169,46).")
				} else {
					x.Value = d
				}
			}
			return finish(pr, x.Validate, func() error { return s.store.SaveDeclaredMoney(r.Context(), actor(r), p.AmbitoID, &x) })
		},
		del: func(r *http.Request, p *pdz.Plan, id int64) error {
			return s.store.DeleteDeclaredMoney(r.Context(), actor(r), p.AmbitoID, p.ID, id)
		},
		extra: func(r *http.Request, v View, p *pdz.Plan) error {
			qs := []Option{{"", choosePlaceholder}}
			for _, q := range pdz.MoneyQuantities {
				qs = append(qs, Option{q.Code, q.Label})
			}
			quotas := []Option{{"", "– nessuna –"}}
			for _, q := range p.Framework.FNPSQuotas {
				quotas = append(quotas, Option{q.Code, q.Title})
			}
			opts, err := s.planComuneOptions(r)
			if len(opts) > 0 {
				opts[0].Label = "Intero Ambito"
			}
			v["QuantityOptions"], v["QuotaOptions"], v["ComuneOptions"] = qs, quotas, opts
			v["SourceOptions"] = sourceOptions(p, "– nessuna –")
			return err
		},
	}
}
