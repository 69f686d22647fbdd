package store

import (
	"context"
	"database/sql"
	"strconv"

	"github.com/pdz-ats/pdz/internal/locale"
	"github.com/pdz-ats/pdz/internal/pdz"
)

// The money of a plan (issue 6): the sources' components, availability and
// FNPS quotas; the co-financing rule, the amounts entered and committed per
// Comune; the historical spending; the social workers; the previous plan's
// progress; the figures the document prints. Nothing computed is stored.

// loadMoney fills the money of a plan loaded with its sources.
func loadMoney(ctx context.Context, q querier, a int64, p *pdz.Plan) error {
	id := p.ID
	src := map[int64]*pdz.FundingSource{}
	for i := range p.Sources {
		src[p.Sources[i].ID] = &p.Sources[i]
	}
	in := `SELECT id FROM plan_sources WHERE ambito_id = $1 AND plan_id = $2`
	rows, err := q.QueryContext(ctx, `SELECT source_id, parent_id FROM source_components WHERE ambito_id = $1 AND source_id IN (`+in+`)`, a, id)
	if _, err := collect(rows, err, func(r scanner) (int, error) {
		var sid, pid int64
		if err := r.Scan(&sid, &pid); err != nil {
			return 0, err
		}
		if x := src[sid]; x != nil {
			x.ParentID = pid
			if par := src[pid]; par != nil {
				x.ParentCode = par.Code
			}
		}
		return 0, nil
	}); err != nil {
		return err
	}
	rows, err = q.QueryContext(ctx, `SELECT source_id, from_year, to_year, amount, notes FROM source_availability
		WHERE ambito_id = $1 AND source_id IN (`+in+`) ORDER BY source_id, from_year`, a, id)
	if _, err := collect(rows, err, func(r scanner) (int, error) {
		var sid int64
		var x pdz.Availability
		if err := r.Scan(&sid, &x.From, &x.To, &x.Amount, &x.Notes); err != nil {
			return 0, err
		}
		if s := src[sid]; s != nil {
			s.Availability = append(s.Availability, x)
		}
		return 0, nil
	}); err != nil {
		return err
	}
	quotaOrder := map[string]int{}
	if p.Framework != nil {
		for i, q := range p.Framework.FNPSQuotas {
			quotaOrder[q.Code] = i + 1
		}
	}
	rows, err = q.QueryContext(ctx, `SELECT source_id, from_year, to_year, quota, amount FROM source_quotas
		WHERE ambito_id = $1 AND source_id IN (`+in+`) ORDER BY source_id, from_year, quota`, a, id)
	if _, err := collect(rows, err, func(r scanner) (int, error) {
		var sid int64
		var x pdz.Quota
		if err := r.Scan(&sid, &x.From, &x.To, &x.Quota, &x.Amount); err != nil {
			return 0, err
		}
		if s := src[sid]; s != nil {
			s.Quotas = append(s.Quotas, x)
		}
		return 0, nil
	}); err != nil {
		return err
	}
	for i := range p.Sources {
		sortQuotas(p.Sources[i].Quotas, quotaOrder)
	}
	m := &p.Money
	var splitDate pdz.Date
	err = q.QueryRowContext(ctx, `SELECT split_rule, split_date, cash_share, notes FROM plan_cofinancing WHERE ambito_id = $1 AND plan_id = $2`, a, id).
		Scan(&m.Rule.Split, &splitDate, &m.Rule.CashShare, &m.Rule.Notes)
	switch {
	case err == sql.ErrNoRows:
	case err != nil:
		return internal("read cofinancing", err)
	default:
		m.RuleSet, m.Rule.Date = true, splitDate
	}
	if m.Quotas, err = list(ctx, q, func(r scanner) (pdz.ComuneAmount, error) {
		var x pdz.ComuneAmount
		return x, r.Scan(&x.ComuneID, &x.ComuneName, &x.Amount)
	}, `SELECT q.comune_id, c.name, q.amount FROM cofinancing_quotas q JOIN comuni c ON c.ambito_id = q.ambito_id AND c.id = q.comune_id
		WHERE q.ambito_id = $1 AND q.plan_id = $2 ORDER BY c.name`, a, id); err != nil {
		return err
	}
	if m.Commitments, err = list(ctx, q, func(r scanner) (pdz.Commitment, error) {
		var x pdz.Commitment
		return x, r.Scan(&x.ComuneID, &x.ComuneName, &x.Year, &x.Cash, &x.Services, &x.Notes)
	}, `SELECT k.comune_id, c.name, k.year, k.cash, k.services, k.notes FROM cofinancing_commitments k
		JOIN comuni c ON c.ambito_id = k.ambito_id AND c.id = k.comune_id
		WHERE k.ambito_id = $1 AND k.plan_id = $2 ORDER BY c.name, k.year`, a, id); err != nil {
		return err
	}
	if m.Historical, err = list(ctx, q, func(r scanner) (pdz.HistoricalSpending, error) {
		var x pdz.HistoricalSpending
		return x, r.Scan(&x.ComuneID, &x.ComuneName, &x.From, &x.To, &x.Amount, &x.Notes)
	}, `SELECT h.comune_id, c.name, h.from_year, h.to_year, h.amount, h.notes FROM historical_spending h
		JOIN comuni c ON c.ambito_id = h.ambito_id AND c.id = h.comune_id
		WHERE h.ambito_id = $1 AND h.plan_id = $2 ORDER BY c.name`, a, id); err != nil {
		return err
	}
	if m.Staff, err = list(ctx, q, scanStaff, `SELECT `+staffCols+` FROM social_workers r LEFT JOIN comuni c ON c.ambito_id = r.ambito_id AND c.id = r.comune_id
		WHERE r.ambito_id = $1 AND r.plan_id = $2 ORDER BY r.ref_date, CASE WHEN r.comune_id IS NULL THEN 1 ELSE 0 END, c.name`, a, id); err != nil {
		return err
	}
	if m.Progress, err = list(ctx, q, scanProgress, `SELECT `+progressCols+` FROM previous_progress r LEFT JOIN plan_sources s ON s.ambito_id = r.ambito_id AND s.id = r.target_source_id
		WHERE r.ambito_id = $1 AND r.plan_id = $2 ORDER BY r.position, r.id`, a, id); err != nil {
		return err
	}
	m.Declared, err = list(ctx, q, scanMoneyDeclared, `SELECT `+moneyDeclaredCols+` FROM money_declared r
		LEFT JOIN plan_sources s ON s.ambito_id = r.ambito_id AND s.id = r.source_id
		LEFT JOIN comuni c ON c.ambito_id = r.ambito_id AND c.id = r.comune_id
		WHERE r.ambito_id = $1 AND r.plan_id = $2 ORDER BY r.position, r.id`, a, id)
	return err
}

// sortQuotas orders quotas by period, then in the framework's order.
func sortQuotas(qs []pdz.Quota, order map[string]int) {
	less := func(a, b pdz.Quota) bool {
		if a.From != b.From {
			return a.From < b.From
		}
		oa, ob := order[a.Quota], order[b.Quota]
		if oa == 0 || ob == 0 || oa == ob {
			return a.Quota < b.Quota
		}
		return oa < ob
	}
	for i := 1; i < len(qs); i++ {
		for j := i; j > 0 && less(qs[j], qs[j-1]); j-- {
			qs[j], qs[j-1] = qs[j-1], qs[j]
		}
	}
}

// sourceMoneyAudit is what the log keeps of a source's money.
type sourceMoneyAudit struct {
	Parent       string
	Availability []pdz.Availability
	Quotas       []pdz.Quota
}

// SaveSourceMoney replaces what a source makes available, its FNPS quotas
// and the source it is a component of; the rest of the source is not
// touched. They are checked against the plan (years, framework quotas, one
// level of components).
func (s *Store) SaveSourceMoney(ctx context.Context, actor pdz.Actor, ambitoID, planID int64, x *pdz.FundingSource) error {
	return s.inPlan(ctx, ambitoID, planID, func(tx *sql.Tx) error {
		p, err := s.loadPlan(ctx, tx, `ambito_id = $1 AND id = $2`, ambitoID, planID)
		if err != nil {
			return err
		}
		before := p.Source(x.ID)
		if before == nil || x.ID == 0 {
			return notFound("Fonte di finanziamento")
		}
		merged := *before
		merged.ParentID, merged.Availability, merged.Quotas = x.ParentID, x.Availability, x.Quotas
		merged.ParentCode = ""
		if par := p.Source(x.ParentID); par != nil && x.ParentID != 0 {
			merged.ParentCode = par.Code
		}
		if err := p.CheckSourceMoney(&merged); err != nil {
			return err
		}
		if err := writeSourceMoney(ctx, tx, ambitoID, &merged); err != nil {
			return err
		}
		*x = merged
		return s.audit(ctx, tx, actor, ambitoID, "update", "source_money", x.ID, "Modificate disponibilità e quote della fonte «"+x.Code+"»",
			sourceMoneyAudit{before.ParentCode, before.Availability, before.Quotas}, sourceMoneyAudit{x.ParentCode, x.Availability, x.Quotas})
	})
}

// writeSourceMoney replaces a source's component link, availability and quotas.
func writeSourceMoney(ctx context.Context, tx *sql.Tx, ambitoID int64, x *pdz.FundingSource) error {
	for _, q := range []string{`DELETE FROM source_components WHERE ambito_id = $1 AND source_id = $2`,
		`DELETE FROM source_availability WHERE ambito_id = $1 AND source_id = $2`,
		`DELETE FROM source_quotas WHERE ambito_id = $1 AND source_id = $2`} {
		if _, err := tx.ExecContext(ctx, q, ambitoID, x.ID); err != nil {
			return internal("replace source money", err)
		}
	}
	if x.ParentID != 0 {
		if _, err := tx.ExecContext(ctx, `INSERT INTO source_components (ambito_id, source_id, parent_id) VALUES ($1, $2, $3)`,
			ambitoID, x.ID, x.ParentID); err != nil {
			return internal("save source component", err)
		}
	}
	for _, a := range x.Availability {
		if _, err := tx.ExecContext(ctx, `INSERT INTO source_availability (ambito_id, source_id, from_year, to_year, amount, notes)
			VALUES ($1, $2, $3, $4, $5, $6)`, ambitoID, x.ID, a.From, a.To, a.Amount, a.Notes); err != nil {
			return internal("save availability", err)
		}
	}
	for _, q := range x.Quotas {
		if _, err := tx.ExecContext(ctx, `INSERT INTO source_quotas (ambito_id, source_id, from_year, to_year, quota, amount)
			VALUES ($1, $2, $3, $4, $5, $6)`, ambitoID, x.ID, q.From, q.To, q.Quota, q.Amount); err != nil {
			return internal("save quota", err)
		}
	}
	return nil
}

// ---- co-financing

type cofinAudit struct {
	Rule   pdz.CofinancingRule
	Quotas []pdz.ComuneAmount
}

// SaveCofinancing saves the plan's co-financing rule (how the minimum is
// split among the Comuni, the share in cash) and the amounts entered per
// Comune, replacing those saved before.
func (s *Store) SaveCofinancing(ctx context.Context, actor pdz.Actor, ambitoID, planID int64, rule pdz.CofinancingRule, quotas []pdz.ComuneAmount) error {
	if err := rule.Validate(); err != nil {
		return err
	}
	if err := pdz.ValidateEntered(quotas); err != nil {
		return err
	}
	return s.inPlan(ctx, ambitoID, planID, func(tx *sql.Tx) error {
		return s.saveCofinancing(ctx, tx, actor, ambitoID, planID, rule, quotas)
	})
}

func (s *Store) saveCofinancing(ctx context.Context, tx *sql.Tx, actor pdz.Actor, ambitoID, planID int64, rule pdz.CofinancingRule, quotas []pdz.ComuneAmount) error {
	var before cofinAudit
	var d pdz.Date
	err := tx.QueryRowContext(ctx, `SELECT split_rule, split_date, cash_share, notes FROM plan_cofinancing WHERE ambito_id = $1 AND plan_id = $2`,
		ambitoID, planID).Scan(&before.Rule.Split, &d, &before.Rule.CashShare, &before.Rule.Notes)
	before.Rule.Date = d
	splitDate := rule.Date
	switch {
	case err == sql.ErrNoRows:
		_, err = tx.ExecContext(ctx, `INSERT INTO plan_cofinancing (ambito_id, plan_id, split_rule, split_date, cash_share, notes) VALUES ($1, $2, $3, $4, $5, $6)`,
			ambitoID, planID, rule.Split, splitDate, rule.CashShare, rule.Notes)
	case err == nil:
		_, err = tx.ExecContext(ctx, `UPDATE plan_cofinancing SET split_rule = $1, split_date = $2, cash_share = $3, notes = $4 WHERE ambito_id = $5 AND plan_id = $6`,
			rule.Split, splitDate, rule.CashShare, rule.Notes, ambitoID, planID)
	}
	if err != nil {
		return internal("save cofinancing", err)
	}
	if before.Quotas, err = list(ctx, tx, func(r scanner) (pdz.ComuneAmount, error) {
		var x pdz.ComuneAmount
		return x, r.Scan(&x.ComuneID, &x.Amount)
	}, `SELECT comune_id, amount FROM cofinancing_quotas WHERE ambito_id = $1 AND plan_id = $2`, ambitoID, planID); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM cofinancing_quotas WHERE ambito_id = $1 AND plan_id = $2`, ambitoID, planID); err != nil {
		return internal("replace cofinancing quotas", err)
	}
	for i := range quotas {
		x := &quotas[i]
		if x.ComuneName, err = comuneName(ctx, tx, ambitoID, x.ComuneID, "q_"+strconv.FormatInt(x.ComuneID, 10)); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO cofinancing_quotas (ambito_id, plan_id, comune_id, amount) VALUES ($1, $2, $3, $4)`,
			ambitoID, planID, x.ComuneID, x.Amount); err != nil {
			return internal("save cofinancing quota", err)
		}
	}
	return s.audit(ctx, tx, actor, ambitoID, "update", "cofinancing", planID, "Modificata la regola del cofinanziamento comunale",
		before, cofinAudit{rule, quotas})
}

type comuneMoneyAudit struct {
	Historical  *pdz.HistoricalSpending
	Commitments []pdz.Commitment
}

// SaveComuneMoney saves a Comune's historical spending (nil removes it) and
// its co-financing per year, replacing the years saved before.
func (s *Store) SaveComuneMoney(ctx context.Context, actor pdz.Actor, ambitoID, planID, comuneID int64, hist *pdz.HistoricalSpending, commits []pdz.Commitment) error {
	pr := pdz.Problems{}
	if hist != nil {
		if err := hist.Validate(); err != nil {
			for k, v := range pdz.ErrorFields(err) {
				pr.Add(k, v)
			}
		}
	}
	years := map[int]bool{}
	for i := range commits {
		field := "y" + strconv.Itoa(i+1)
		if err := commits[i].Validate(field); err != nil {
			for k, v := range pdz.ErrorFields(err) {
				pr.Add(k, v)
			}
		}
		if years[commits[i].Year] {
			pr.Add(field, "L'anno "+strconv.Itoa(commits[i].Year)+" è indicato due volte.")
		}
		years[commits[i].Year] = true
	}
	if err := pr.Err(); err != nil {
		return err
	}
	return s.inPlan(ctx, ambitoID, planID, func(tx *sql.Tx) error {
		return s.saveComuneMoney(ctx, tx, actor, ambitoID, planID, comuneID, hist, commits)
	})
}

func (s *Store) saveComuneMoney(ctx context.Context, tx *sql.Tx, actor pdz.Actor, ambitoID, planID, comuneID int64, hist *pdz.HistoricalSpending, commits []pdz.Commitment) error {
	name, err := comuneName(ctx, tx, ambitoID, comuneID, "comune_id")
	if err != nil {
		return err
	}
	if comuneID == 0 {
		return notFound("Comune")
	}
	var before comuneMoneyAudit
	hs, err := list(ctx, tx, func(r scanner) (pdz.HistoricalSpending, error) {
		var x pdz.HistoricalSpending
		return x, r.Scan(&x.From, &x.To, &x.Amount, &x.Notes)
	}, `SELECT from_year, to_year, amount, notes FROM historical_spending WHERE ambito_id = $1 AND plan_id = $2 AND comune_id = $3`, ambitoID, planID, comuneID)
	if err != nil {
		return err
	}
	if len(hs) > 0 {
		before.Historical = &hs[0]
	}
	if before.Commitments, err = list(ctx, tx, func(r scanner) (pdz.Commitment, error) {
		var x pdz.Commitment
		return x, r.Scan(&x.Year, &x.Cash, &x.Services, &x.Notes)
	}, `SELECT year, cash, services, notes FROM cofinancing_commitments WHERE ambito_id = $1 AND plan_id = $2 AND comune_id = $3 ORDER BY year`,
		ambitoID, planID, comuneID); err != nil {
		return err
	}
	for _, q := range []string{`DELETE FROM historical_spending WHERE ambito_id = $1 AND plan_id = $2 AND comune_id = $3`,
		`DELETE FROM cofinancing_commitments WHERE ambito_id = $1 AND plan_id = $2 AND comune_id = $3`} {
		if _, err := tx.ExecContext(ctx, q, ambitoID, planID, comuneID); err != nil {
			return internal("replace comune money", err)
		}
	}
	if hist != nil {
		hist.ComuneID, hist.ComuneName = comuneID, name
		if _, err := tx.ExecContext(ctx, `INSERT INTO historical_spending (ambito_id, plan_id, comune_id, from_year, to_year, amount, notes)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, ambitoID, planID, comuneID, hist.From, hist.To, hist.Amount, hist.Notes); err != nil {
			return internal("save historical spending", err)
		}
	}
	for i := range commits {
		c := &commits[i]
		c.ComuneID, c.ComuneName = comuneID, name
		if _, err := tx.ExecContext(ctx, `INSERT INTO cofinancing_commitments (ambito_id, plan_id, comune_id, year, cash, services, notes)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, ambitoID, planID, comuneID, c.Year, c.Cash, c.Services, c.Notes); err != nil {
			return internal("save commitment", err)
		}
	}
	return s.audit(ctx, tx, actor, ambitoID, "update", "comune_money", comuneID, "Modificati spesa storica e cofinanziamento del Comune di "+name,
		before, comuneMoneyAudit{hist, commits})
}

// ---- social workers

const staffCols = `r.id, r.plan_id, r.ref_date, COALESCE(r.comune_id, 0), COALESCE(c.name, ''), r.count_hundredths, r.notes`

func scanStaff(r scanner) (pdz.SocialWorkers, error) {
	var x pdz.SocialWorkers
	err := r.Scan(&x.ID, &x.PlanID, &x.Date, &x.ComuneID, &x.ComuneName, &x.Count, &x.Notes)
	return x, err
}

func readStaff(ctx context.Context, q querier, ambitoID, planID, id int64) (pdz.SocialWorkers, error) {
	x, err := scanStaff(q.QueryRowContext(ctx, `SELECT `+staffCols+` FROM social_workers r LEFT JOIN comuni c ON c.ambito_id = r.ambito_id AND c.id = r.comune_id
		WHERE r.ambito_id = $1 AND r.plan_id = $2 AND r.id = $3`, ambitoID, planID, id))
	return x, one(err, "Numero di assistenti sociali")
}

func staffName(x *pdz.SocialWorkers) string {
	where := "Ambito"
	if x.ComuneID != 0 {
		where = x.ComuneName
	}
	return where + " al " + locale.ShortDate(x.Date)
}

const staffTaken = "Per questo Comune (o per l'Ambito) e questa data il numero è già indicato: modifica quello."

// SaveSocialWorkers creates or updates the number of social workers of a
// Comune (or of the Ambito) at a date.
func (s *Store) SaveSocialWorkers(ctx context.Context, actor pdz.Actor, ambitoID int64, x *pdz.SocialWorkers) error {
	if err := x.Validate(); err != nil {
		return err
	}
	return s.inPlan(ctx, ambitoID, x.PlanID, func(tx *sql.Tx) error { return s.saveStaff(ctx, tx, actor, ambitoID, x) })
}

func (s *Store) saveStaff(ctx context.Context, tx *sql.Tx, actor pdz.Actor, ambitoID int64, x *pdz.SocialWorkers) error {
	name, err := comuneName(ctx, tx, ambitoID, x.ComuneID, "comune_id")
	if err != nil {
		return err
	}
	x.ComuneName = name
	if x.ID == 0 {
		err := tx.QueryRowContext(ctx, `INSERT INTO social_workers (ambito_id, plan_id, ref_date, comune_id, count_hundredths, notes)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, ambitoID, x.PlanID, x.Date, nullID(x.ComuneID), x.Count, x.Notes).Scan(&x.ID)
		if err != nil {
			return translate(err, "create social workers", "date", staffTaken)
		}
		return s.audit(ctx, tx, actor, ambitoID, "create", "social_workers", x.ID, "Aggiunti gli assistenti sociali: "+staffName(x), nil, x)
	}
	before, err := readStaff(ctx, tx, ambitoID, x.PlanID, x.ID)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE social_workers SET ref_date = $1, comune_id = $2, count_hundredths = $3, notes = $4
		WHERE ambito_id = $5 AND plan_id = $6 AND id = $7`, x.Date, nullID(x.ComuneID), x.Count, x.Notes, ambitoID, x.PlanID, x.ID)
	if err != nil {
		return translate(err, "update social workers", "date", staffTaken)
	}
	return s.audit(ctx, tx, actor, ambitoID, "update", "social_workers", x.ID, "Modificati gli assistenti sociali: "+staffName(x), before, x)
}

// DeleteSocialWorkers removes a staff row.
func (s *Store) DeleteSocialWorkers(ctx context.Context, actor pdz.Actor, ambitoID, planID, id int64) error {
	return s.deleteInPlan(ctx, actor, ambitoID, planID, id, "social_workers", "social_workers", "", func(tx *sql.Tx) (any, string, error) {
		x, err := readStaff(ctx, tx, ambitoID, planID, id)
		return x, "Eliminati gli assistenti sociali: " + staffName(&x), err
	})
}

// ---- the previous plan's progress

const progressCols = `r.id, r.plan_id, r.position, r.fund, r.period, r.budget, r.committed, r.paid, COALESCE(r.target_source_id, 0),
	COALESCE(s.code, ''), r.notes`

func scanProgress(r scanner) (pdz.Progress, error) {
	var x pdz.Progress
	err := r.Scan(&x.ID, &x.PlanID, &x.Position, &x.Fund, &x.Period, &x.Budget, &x.Committed, &x.Paid, &x.TargetID, &x.TargetCode, &x.Notes)
	return x, err
}

func readProgress(ctx context.Context, q querier, ambitoID, planID, id int64) (pdz.Progress, error) {
	x, err := scanProgress(q.QueryRowContext(ctx, `SELECT `+progressCols+` FROM previous_progress r
		LEFT JOIN plan_sources s ON s.ambito_id = r.ambito_id AND s.id = r.target_source_id
		WHERE r.ambito_id = $1 AND r.plan_id = $2 AND r.id = $3`, ambitoID, planID, id))
	return x, one(err, "Avanzamento del piano precedente")
}

// sourceOfPlan checks that a source is the plan's and returns its code.
func sourceOfPlan(ctx context.Context, q querier, ambitoID, planID, id int64, field string) (string, error) {
	if id == 0 {
		return "", nil
	}
	var code string
	err := q.QueryRowContext(ctx, `SELECT code FROM plan_sources WHERE ambito_id = $1 AND plan_id = $2 AND id = $3`, ambitoID, planID, id).Scan(&code)
	if err == sql.ErrNoRows {
		return "", pdz.Problems{field: "Fonte non valida: sceglila tra le fonti del piano."}.Err()
	}
	return code, internal("read source", err)
}

// SaveProgress creates or updates a row of the previous plan's progress.
func (s *Store) SaveProgress(ctx context.Context, actor pdz.Actor, ambitoID int64, x *pdz.Progress) error {
	if err := x.Validate(); err != nil {
		return err
	}
	return s.inPlan(ctx, ambitoID, x.PlanID, func(tx *sql.Tx) error { return s.saveProgress(ctx, tx, actor, ambitoID, x) })
}

func (s *Store) saveProgress(ctx context.Context, tx *sql.Tx, actor pdz.Actor, ambitoID int64, x *pdz.Progress) error {
	code, err := sourceOfPlan(ctx, tx, ambitoID, x.PlanID, x.TargetID, "target_id")
	if err != nil {
		return err
	}
	x.TargetCode = code
	if x.ID == 0 {
		if x.Position == 0 {
			if x.Position, err = nextPlanPosition(ctx, tx, "previous_progress", ambitoID, x.PlanID); err != nil {
				return err
			}
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO previous_progress (ambito_id, plan_id, position, fund, period, budget, committed, paid, target_source_id, notes)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
			ambitoID, x.PlanID, x.Position, x.Fund, x.Period, x.Budget, x.Committed, x.Paid, nullID(x.TargetID), x.Notes).Scan(&x.ID)
		if err != nil {
			return internal("create progress", err)
		}
		return s.audit(ctx, tx, actor, ambitoID, "create", "progress", x.ID, "Aggiunto l'avanzamento «"+x.Fund+"»", nil, x)
	}
	before, err := readProgress(ctx, tx, ambitoID, x.PlanID, x.ID)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE previous_progress SET position = $1, fund = $2, period = $3, budget = $4, committed = $5, paid = $6,
		target_source_id = $7, notes = $8 WHERE ambito_id = $9 AND plan_id = $10 AND id = $11`,
		x.Position, x.Fund, x.Period, x.Budget, x.Committed, x.Paid, nullID(x.TargetID), x.Notes, ambitoID, x.PlanID, x.ID)
	if err != nil {
		return internal("update progress", err)
	}
	return s.audit(ctx, tx, actor, ambitoID, "update", "progress", x.ID, "Modificato l'avanzamento «"+x.Fund+"»", before, x)
}

// DeleteProgress removes a row of the previous plan's progress.
func (s *Store) DeleteProgress(ctx context.Context, actor pdz.Actor, ambitoID, planID, id int64) error {
	return s.deleteInPlan(ctx, actor, ambitoID, planID, id, "previous_progress", "progress", "", func(tx *sql.Tx) (any, string, error) {
		x, err := readProgress(ctx, tx, ambitoID, planID, id)
		return x, "Eliminato l'avanzamento «" + x.Fund + "»", err
	})
}

// ImportProgress adds or updates, all or nothing, the rows of the previous
// plan's progress read from a file: a row whose fund the plan has already
// is updated with the values the file gives (the others are kept), the
// others are added after the existing ones. The figures the file prints
// (residual, percentage) are kept as declared figures about the row's
// fund, replacing the value of the same figure already declared.
func (s *Store) ImportProgress(ctx context.Context, actor pdz.Actor, ambitoID, planID int64, rows []pdz.Progress, declared []pdz.DeclaredMoney) (ImportResult, error) {
	var res ImportResult
	for i := range rows {
		if err := rows[i].Validate(); err != nil {
			return res, err
		}
	}
	for i := range declared {
		if err := declared[i].Validate(); err != nil {
			return res, err
		}
	}
	err := s.inPlan(ctx, ambitoID, planID, func(tx *sql.Tx) error {
		for i := range rows {
			x := rows[i]
			x.ID, x.PlanID, x.Position = 0, planID, 0
			var id int64
			err := tx.QueryRowContext(ctx, `SELECT id FROM previous_progress WHERE ambito_id = $1 AND plan_id = $2 AND fund = $3
				ORDER BY position, id LIMIT 1`, ambitoID, planID, x.Fund).Scan(&id)
			switch {
			case err == sql.ErrNoRows:
				res.Added++
			case err != nil:
				return internal("find progress", err)
			default:
				old, err := readProgress(ctx, tx, ambitoID, planID, id)
				if err != nil {
					return err
				}
				x = mergeProgress(old, x)
				res.Updated++
			}
			if err := s.saveProgress(ctx, tx, actor, ambitoID, &x); err != nil {
				return err
			}
		}
		for i := range declared {
			d := declared[i]
			d.ID, d.PlanID, d.Position, d.SourceID, d.ComuneID = 0, planID, 0, 0, 0
			var id int64
			err := tx.QueryRowContext(ctx, `SELECT id FROM money_declared WHERE ambito_id = $1 AND plan_id = $2 AND quantity = $3 AND subject = $4
				AND source_id IS NULL AND comune_id IS NULL ORDER BY position, id LIMIT 1`, ambitoID, planID, d.Quantity, d.Subject).Scan(&id)
			switch {
			case err == sql.ErrNoRows:
			case err != nil:
				return internal("find money declared", err)
			default:
				old, err := readMoneyDeclared(ctx, tx, ambitoID, planID, id)
				if err != nil {
					return err
				}
				if old.Value == d.Value {
					continue
				}
				old.Value = d.Value
				d = old
			}
			if err := s.saveMoneyDeclared(ctx, tx, actor, ambitoID, &d); err != nil {
				return err
			}
		}
		return s.audit(ctx, tx, actor, ambitoID, "import", "progress", planID,
			"Importato l'avanzamento del piano precedente: "+locale.Count(res.Added, "riga nuova", "righe nuove")+", "+locale.Count(res.Updated, "aggiornata", "aggiornate"), nil, nil)
	})
	if err != nil {
		return ImportResult{}, err
	}
	return res, nil
}

// mergeProgress overlays the values an import gives on an existing row.
func mergeProgress(old, in pdz.Progress) pdz.Progress {
	pick := func(a, b pdz.OptInt) pdz.OptInt {
		if b.Set {
			return b
		}
		return a
	}
	old.Budget, old.Committed, old.Paid = pick(old.Budget, in.Budget), pick(old.Committed, in.Committed), pick(old.Paid, in.Paid)
	if in.Period != "" {
		old.Period = in.Period
	}
	if in.TargetID != 0 {
		old.TargetID = in.TargetID
	}
	if in.Notes != "" {
		old.Notes = in.Notes
	}
	return old
}

// ---- figures about money as printed

const moneyDeclaredCols = `r.id, r.plan_id, r.position, r.quantity, COALESCE(r.source_id, 0), COALESCE(s.code, ''), r.quota,
	COALESCE(r.comune_id, 0), COALESCE(c.name, ''), r.from_year, r.to_year, r.subject, r.value, r.source_table, r.notes`

func scanMoneyDeclared(r scanner) (pdz.DeclaredMoney, error) {
	var x pdz.DeclaredMoney
	var value string
	if err := r.Scan(&x.ID, &x.PlanID, &x.Position, &x.Quantity, &x.SourceID, &x.SourceCode, &x.Quota, &x.ComuneID, &x.ComuneName,
		&x.From, &x.To, &x.Subject, &value, &x.Table, &x.Notes); err != nil {
		return x, err
	}
	d, err := pdz.ParseDecimal(value)
	x.Value = d
	return x, err
}

func readMoneyDeclared(ctx context.Context, q querier, ambitoID, planID, id int64) (pdz.DeclaredMoney, error) {
	x, err := scanMoneyDeclared(q.QueryRowContext(ctx, `SELECT `+moneyDeclaredCols+` FROM money_declared r
		LEFT JOIN plan_sources s ON s.ambito_id = r.ambito_id AND s.id = r.source_id
		LEFT JOIN comuni c ON c.ambito_id = r.ambito_id AND c.id = r.comune_id
		WHERE r.ambito_id = $1 AND r.plan_id = $2 AND r.id = $3`, ambitoID, planID, id))
	return x, one(err, "Dato dichiarato")
}

// SaveDeclaredMoney creates or updates a figure about money as printed.
func (s *Store) SaveDeclaredMoney(ctx context.Context, actor pdz.Actor, ambitoID int64, x *pdz.DeclaredMoney) error {
	if err := x.Validate(); err != nil {
		return err
	}
	return s.inPlan(ctx, ambitoID, x.PlanID, func(tx *sql.Tx) error { return s.saveMoneyDeclared(ctx, tx, actor, ambitoID, x) })
}

func (s *Store) saveMoneyDeclared(ctx context.Context, tx *sql.Tx, actor pdz.Actor, ambitoID int64, x *pdz.DeclaredMoney) error {
	var err error
	if x.ComuneName, err = comuneName(ctx, tx, ambitoID, x.ComuneID, "comune_id"); err != nil {
		return err
	}
	if x.SourceCode, err = sourceOfPlan(ctx, tx, ambitoID, x.PlanID, x.SourceID, "source_id"); err != nil {
		return err
	}
	summary := pdz.MoneyQuantityOf(x.Quantity).Label + " = " + x.Value.Italian() + " (" + x.Table + ")"
	if x.ID == 0 {
		if x.Position == 0 {
			if x.Position, err = nextPlanPosition(ctx, tx, "money_declared", ambitoID, x.PlanID); err != nil {
				return err
			}
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO money_declared (ambito_id, plan_id, position, quantity, source_id, quota, comune_id, from_year, to_year,
			subject, value, source_table, notes) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
			ambitoID, x.PlanID, x.Position, x.Quantity, nullID(x.SourceID), x.Quota, nullID(x.ComuneID), x.From, x.To, x.Subject,
			x.Value.String(), x.Table, x.Notes).Scan(&x.ID)
		if err != nil {
			return internal("create money declared", err)
		}
		return s.audit(ctx, tx, actor, ambitoID, "create", "money_declared", x.ID, "Aggiunto il dato dichiarato: "+summary, nil, x)
	}
	before, err := readMoneyDeclared(ctx, tx, ambitoID, x.PlanID, x.ID)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE money_declared SET position = $1, quantity = $2, source_id = $3, quota = $4, comune_id = $5, from_year = $6,
		to_year = $7, subject = $8, value = $9, source_table = $10, notes = $11 WHERE ambito_id = $12 AND plan_id = $13 AND id = $14`,
		x.Position, x.Quantity, nullID(x.SourceID), x.Quota, nullID(x.ComuneID), x.From, x.To, x.Subject, x.Value.String(), x.Table, x.Notes,
		ambitoID, x.PlanID, x.ID)
	if err != nil {
		return internal("update money declared", err)
	}
	return s.audit(ctx, tx, actor, ambitoID, "update", "money_declared", x.ID, "Modificato il dato dichiarato: "+summary, before, x)
}

// DeleteDeclaredMoney removes a figure about money as printed.
func (s *Store) DeleteDeclaredMoney(ctx context.Context, actor pdz.Actor, ambitoID, planID, id int64) error {
	return s.deleteInPlan(ctx, actor, ambitoID, planID, id, "money_declared", "money_declared", "", func(tx *sql.Tx) (any, string, error) {
		x, err := readMoneyDeclared(ctx, tx, ambitoID, planID, id)
		return x, "Eliminato un dato dichiarato sulle risorse", err
	})
}
