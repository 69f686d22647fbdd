package store

import (
	"context"
	"database/sql"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/pdz-ats/pdz/internal/database"
	"github.com/pdz-ats/pdz/internal/pdz"
)

const planCols = `id, ambito_id, framework_id, slug, title, cycle, years, status, adopted_on, adoption_act, published,
	published_at, intro, emerging_text, welfare_text, created_at, updated_at,
	COALESCE((SELECT pp.process_id FROM plan_processes pp WHERE pp.plan_id = plans.id), 0)`

func scanPlan(r scanner) (pdz.Plan, error) {
	var p pdz.Plan
	var years string
	var published sql.NullTime
	err := r.Scan(&p.ID, &p.AmbitoID, &p.FrameworkID, &p.Slug, &p.Title, &p.Cycle, &years, &p.Status, &p.AdoptedOn, &p.AdoptionAct,
		&p.Published, &published, &p.Intro, &p.EmergingText, &p.WelfareText, &p.CreatedAt, &p.UpdatedAt, &p.ProcessID)
	p.PublishedAt = published.Time
	p.Years, _ = pdz.ParseYears(years)
	return p, err
}

func yearsColumn(ys []int) string {
	var parts []string
	for _, y := range ys {
		parts = append(parts, strconv.Itoa(y))
	}
	return strings.Join(parts, " ")
}

// codes are stored space-separated (framework codes have no spaces).
func joinCodes(xs []string) string { return strings.Join(xs, " ") }
func splitCodes(s string) []string { return strings.Fields(s) }

// articles are stored comma-separated ("60,60 ter").
func joinArticles(xs []string) string { return strings.Join(xs, ",") }
func splitArticles(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// Plans lists an Ambito's plans (their own fields only), newest cycle first;
// onlyPublished hides those not on the public site.
func (s *Store) Plans(ctx context.Context, ambitoID int64, onlyPublished bool) ([]pdz.Plan, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT `+planCols+` FROM plans
		WHERE ambito_id = $1 AND ($2 = FALSE OR published = TRUE) ORDER BY years DESC, id DESC`, ambitoID, onlyPublished)
	return collect(rows, err, scanPlan)
}

// Plan returns a plan of an Ambito with everything in it.
func (s *Store) Plan(ctx context.Context, ambitoID, id int64) (pdz.Plan, error) {
	return s.loadPlan(ctx, s.read, `ambito_id = $1 AND id = $2`, ambitoID, id)
}

// PlanBySlug returns a plan of an Ambito, by slug, with everything in it.
func (s *Store) PlanBySlug(ctx context.Context, ambitoID int64, slug string) (pdz.Plan, error) {
	return s.loadPlan(ctx, s.read, `ambito_id = $1 AND slug = $2`, ambitoID, slug)
}

func (s *Store) loadPlan(ctx context.Context, q querier, where string, args ...any) (pdz.Plan, error) {
	p, err := scanPlan(q.QueryRowContext(ctx, `SELECT `+planCols+` FROM plans WHERE `+where, args...))
	if err != nil {
		return p, one(err, "Piano")
	}
	a, id := p.AmbitoID, p.ID
	fw, err := readFramework(ctx, q, a, p.FrameworkID)
	if err != nil {
		return p, err
	}
	p.Framework = &fw.Framework
	if p.Sources, err = list(ctx, q, scanSource, `SELECT `+sourceCols+` FROM plan_sources WHERE ambito_id = $1 AND plan_id = $2 ORDER BY position, id`, a, id); err != nil {
		return p, err
	}
	if p.Inventory, err = list(ctx, q, scanInventory, `SELECT `+inventoryCols+` FROM plan_inventory WHERE ambito_id = $1 AND plan_id = $2 ORDER BY position, id`, a, id); err != nil {
		return p, err
	}
	if p.Profile, err = list(ctx, q, scanProfileRow, `SELECT `+profileCols+` FROM profile_rows r LEFT JOIN comuni c ON c.ambito_id = r.ambito_id AND c.id = r.comune_id
		WHERE r.ambito_id = $1 AND r.plan_id = $2 ORDER BY r.ref_date, CASE WHEN r.comune_id IS NULL THEN 1 ELSE 0 END, c.name`, a, id); err != nil {
		return p, err
	}
	if p.Declared, err = list(ctx, q, scanDeclared, `SELECT `+declaredCols+` FROM profile_declared r LEFT JOIN comuni c ON c.ambito_id = r.ambito_id AND c.id = r.comune_id
		WHERE r.ambito_id = $1 AND r.plan_id = $2 ORDER BY r.position, r.id`, a, id); err != nil {
		return p, err
	}
	if p.Areas, err = list(ctx, q, scanPlanArea, `SELECT plan_id, area_code, objectives, body FROM plan_areas WHERE ambito_id = $1 AND plan_id = $2`, a, id); err != nil {
		return p, err
	}
	order := map[string]int{}
	for i, ar := range fw.Framework.Areas {
		order[ar.Code] = i + 1
	}
	sort.SliceStable(p.Areas, func(i, j int) bool {
		oi, oj := order[p.Areas[i].AreaCode], order[p.Areas[j].AreaCode]
		if oi == 0 || oj == 0 || oi == oj {
			return p.Areas[i].AreaCode < p.Areas[j].AreaCode
		}
		return oi < oj
	})
	if p.Sheets, err = list(ctx, q, scanSheet, `SELECT `+sheetCols+` FROM sheets WHERE ambito_id = $1 AND plan_id = $2 ORDER BY position, id`, a, id); err != nil {
		return p, err
	}
	if err := loadSheetParts(ctx, q, a, id, p.Sheets); err != nil {
		return p, err
	}
	return p, loadMoney(ctx, q, a, &p)
}

// loadSheetParts fills the objectives, years, amounts and services of sheets.
func loadSheetParts(ctx context.Context, q querier, ambitoID, planID int64, sheets []pdz.Sheet) error {
	idx := map[int64]*pdz.Sheet{}
	for i := range sheets {
		idx[sheets[i].ID] = &sheets[i]
	}
	in := `SELECT id FROM sheets WHERE ambito_id = $1 AND plan_id = $2`
	rows, err := q.QueryContext(ctx, `SELECT sheet_id, area_code, letter, quoted FROM sheet_objectives
		WHERE ambito_id = $1 AND sheet_id IN (`+in+`) ORDER BY sheet_id, position`, ambitoID, planID)
	if _, err := collect(rows, err, func(r scanner) (int, error) {
		var sid int64
		var o pdz.SheetObjective
		if err := r.Scan(&sid, &o.Area, &o.Letter, &o.Quoted); err != nil {
			return 0, err
		}
		if sh := idx[sid]; sh != nil {
			sh.Objectives = append(sh.Objectives, o)
		}
		return 0, nil
	}); err != nil {
		return err
	}
	rows, err = q.QueryContext(ctx, `SELECT sheet_id, year, selected, declared_total FROM sheet_years
		WHERE ambito_id = $1 AND sheet_id IN (`+in+`) ORDER BY sheet_id, year`, ambitoID, planID)
	if _, err := collect(rows, err, func(r scanner) (int, error) {
		var sid int64
		var y pdz.SheetYear
		if err := r.Scan(&sid, &y.Year, &y.Selected, &y.DeclaredTotal); err != nil {
			return 0, err
		}
		if sh := idx[sid]; sh != nil {
			sh.Years = append(sh.Years, y)
		}
		return 0, nil
	}); err != nil {
		return err
	}
	rows, err = q.QueryContext(ctx, `SELECT a.sheet_id, a.year, COALESCE(a.source_id, 0), COALESCE(s.code, ''), a.amount FROM sheet_amounts a
		LEFT JOIN plan_sources s ON s.ambito_id = a.ambito_id AND s.id = a.source_id
		WHERE a.ambito_id = $1 AND a.sheet_id IN (`+in+`) ORDER BY a.sheet_id, a.year, a.position`, ambitoID, planID)
	if _, err := collect(rows, err, func(r scanner) (int, error) {
		var sid int64
		var year int
		var l pdz.SheetAmount
		if err := r.Scan(&sid, &year, &l.SourceID, &l.SourceCode, &l.Amount); err != nil {
			return 0, err
		}
		if sh := idx[sid]; sh != nil {
			if y := sh.Year(year); y != nil {
				y.Lines = append(y.Lines, l)
			}
		}
		return 0, nil
	}); err != nil {
		return err
	}
	for _, link := range []struct {
		table, col string
		add        func(sh *pdz.Sheet, id int64)
	}{
		{"sheet_proposals", "proposal_id", func(sh *pdz.Sheet, id int64) { sh.ProposalIDs = append(sh.ProposalIDs, id) }},
		{"sheet_needs", "need_id", func(sh *pdz.Sheet, id int64) { sh.NeedIDs = append(sh.NeedIDs, id) }},
	} {
		rows, err = q.QueryContext(ctx, `SELECT sheet_id, `+link.col+` FROM `+link.table+`
			WHERE ambito_id = $1 AND sheet_id IN (`+in+`) ORDER BY sheet_id, `+link.col, ambitoID, planID)
		if _, err := collect(rows, err, func(r scanner) (int, error) {
			var sid, id int64
			if err := r.Scan(&sid, &id); err != nil {
				return 0, err
			}
			if sh := idx[sid]; sh != nil {
				link.add(sh, id)
			}
			return 0, nil
		}); err != nil {
			return err
		}
	}
	rows, err = q.QueryContext(ctx, `SELECT `+serviceCols+` FROM sheet_services
		WHERE ambito_id = $1 AND sheet_id IN (`+in+`) ORDER BY sheet_id, position, id`, ambitoID, planID)
	_, err = collect(rows, err, func(r scanner) (int, error) {
		x, err := scanService(r)
		if err != nil {
			return 0, err
		}
		if sh := idx[x.SheetID]; sh != nil {
			sh.Services = append(sh.Services, x)
		}
		return 0, nil
	})
	return err
}

// planHead is what the audit log keeps of a plan's own fields.
func planHead(p pdz.Plan) pdz.Plan {
	p.Framework, p.Sources, p.Inventory, p.Profile, p.Declared, p.Areas, p.Sheets = nil, nil, nil, nil, nil, nil, nil
	p.Money = pdz.PlanMoney{}
	return p
}

const planSlugTaken = "Un altro piano dell'Ambito usa già questo identificativo."

// checkFramework makes sure the Ambito may use the framework.
func checkFramework(ctx context.Context, q querier, ambitoID, id int64) (pdz.FrameworkRecord, error) {
	fw, err := readFramework(ctx, q, ambitoID, id)
	if pdz.ErrorCode(err) == pdz.ENOTFOUND {
		return fw, pdz.Problems{"framework_id": "Quadro regionale non disponibile per questo Ambito."}.Err()
	}
	return fw, err
}

// CreatePlan adds a draft plan.
func (s *Store) CreatePlan(ctx context.Context, actor pdz.Actor, p *pdz.Plan) error {
	if err := p.Validate(); err != nil {
		return err
	}
	now := s.Now()
	p.Status, p.Published, p.PublishedAt, p.CreatedAt, p.UpdatedAt = pdz.PlanDraft, false, time.Time{}, now, now
	return s.write(ctx, func(tx *sql.Tx) error {
		if _, err := checkFramework(ctx, tx, p.AmbitoID, p.FrameworkID); err != nil {
			return err
		}
		return s.insertPlan(ctx, tx, actor, p, "Creato il piano «"+p.Title+"»")
	})
}

func (s *Store) insertPlan(ctx context.Context, tx *sql.Tx, actor pdz.Actor, p *pdz.Plan, summary string) error {
	err := tx.QueryRowContext(ctx, `INSERT INTO plans (ambito_id, framework_id, slug, title, cycle, years, status, adopted_on, adoption_act,
		published, published_at, intro, emerging_text, welfare_text, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15) RETURNING id`,
		p.AmbitoID, p.FrameworkID, p.Slug, p.Title, p.Cycle, yearsColumn(p.Years), p.Status, p.AdoptedOn, p.AdoptionAct,
		p.Published, nullTime(p.PublishedAt), p.Intro, p.EmergingText, p.WelfareText, p.CreatedAt).Scan(&p.ID)
	if err != nil {
		return translate(err, "create plan", "slug", planSlugTaken)
	}
	return s.audit(ctx, tx, actor, p.AmbitoID, "create", "plan", p.ID, summary, nil, planHead(*p))
}

// UpdatePlan saves a plan's own fields (not its status). The years cannot
// drop a year that sheets still program.
func (s *Store) UpdatePlan(ctx context.Context, actor pdz.Actor, p *pdz.Plan) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		before, err := scanPlan(tx.QueryRowContext(ctx, `SELECT `+planCols+` FROM plans WHERE ambito_id = $1 AND id = $2`, p.AmbitoID, p.ID))
		if err != nil {
			return one(err, "Piano")
		}
		if _, err := checkFramework(ctx, tx, p.AmbitoID, p.FrameworkID); err != nil {
			return err
		}
		used, err := list(ctx, tx, func(r scanner) (int, error) {
			var y int
			return y, r.Scan(&y)
		}, `SELECT DISTINCT y.year FROM sheet_years y JOIN sheets s ON s.ambito_id = y.ambito_id AND s.id = y.sheet_id
			WHERE s.ambito_id = $1 AND s.plan_id = $2`, p.AmbitoID, p.ID)
		if err != nil {
			return err
		}
		for _, y := range used {
			if !p.HasYear(y) {
				return pdz.Problems{"years": "Alcune schede hanno la programmazione dell'anno " + strconv.Itoa(y) + ": toglila dalle schede prima di togliere l'anno dal piano."}.Err()
			}
		}
		p.Status, p.AdoptedOn, p.AdoptionAct = before.Status, before.AdoptedOn, before.AdoptionAct
		p.Published, p.PublishedAt, p.CreatedAt, p.UpdatedAt = before.Published, before.PublishedAt, before.CreatedAt, s.Now()
		_, err = tx.ExecContext(ctx, `UPDATE plans SET framework_id = $1, slug = $2, title = $3, cycle = $4, years = $5, intro = $6,
			emerging_text = $7, welfare_text = $8, updated_at = $9 WHERE ambito_id = $10 AND id = $11`,
			p.FrameworkID, p.Slug, p.Title, p.Cycle, yearsColumn(p.Years), p.Intro, p.EmergingText, p.WelfareText, p.UpdatedAt, p.AmbitoID, p.ID)
		if err != nil {
			return translate(err, "update plan", "slug", planSlugTaken)
		}
		return s.audit(ctx, tx, actor, p.AmbitoID, "update", "plan", p.ID, "Modificato il piano «"+p.Title+"»", planHead(before), planHead(*p))
	})
}

// SetPlanStatus records the adoption of a plan (date and act) or takes it
// back to draft.
func (s *Store) SetPlanStatus(ctx context.Context, actor pdz.Actor, ambitoID, id int64, status pdz.PlanStatus, on pdz.Date, act string) error {
	if status == pdz.PlanAdopted && on.IsZero() {
		return pdz.Problems{"adopted_on": "Indica la data di adozione."}.Err()
	}
	if len([]rune(act)) > 500 {
		return pdz.Problems{"adoption_act": "Il testo è troppo lungo: al massimo 500 caratteri."}.Err()
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		before, err := scanPlan(tx.QueryRowContext(ctx, `SELECT `+planCols+` FROM plans WHERE ambito_id = $1 AND id = $2`, ambitoID, id))
		if err != nil {
			return one(err, "Piano")
		}
		summary := "Riportato in bozza il piano «" + before.Title + "»"
		if status == pdz.PlanAdopted {
			summary = "Registrata l'adozione del piano «" + before.Title + "»"
		} else {
			on, act = before.AdoptedOn, before.AdoptionAct
		}
		if _, err := tx.ExecContext(ctx, `UPDATE plans SET status = $1, adopted_on = $2, adoption_act = $3, updated_at = $4
			WHERE ambito_id = $5 AND id = $6`, status, on, strings.TrimSpace(act), s.Now(), ambitoID, id); err != nil {
			return internal("set plan status", err)
		}
		return s.audit(ctx, tx, actor, ambitoID, "status", "plan", id, summary,
			map[string]any{"Status": before.Status, "AdoptedOn": before.AdoptedOn, "AdoptionAct": before.AdoptionAct},
			map[string]any{"Status": status, "AdoptedOn": on, "AdoptionAct": act})
	})
}

// SetPlanPublished puts a plan's public pages online or takes them down;
// the first publication date is kept.
func (s *Store) SetPlanPublished(ctx context.Context, actor pdz.Actor, ambitoID, id int64, published bool) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		before, err := scanPlan(tx.QueryRowContext(ctx, `SELECT `+planCols+` FROM plans WHERE ambito_id = $1 AND id = $2`, ambitoID, id))
		if err != nil {
			return one(err, "Piano")
		}
		if before.Published == published {
			return nil
		}
		now := s.Now()
		at := before.PublishedAt
		action, summary := "unpublish", "Ritirato dal sito pubblico il piano «"+before.Title+"»"
		if published {
			action, summary = "publish", "Pubblicato sul sito il piano «"+before.Title+"»"
			if at.IsZero() {
				at = now
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE plans SET published = $1, published_at = $2, updated_at = $3 WHERE ambito_id = $4 AND id = $5`,
			published, nullTime(at), now, ambitoID, id); err != nil {
			return internal("publish plan", err)
		}
		return s.audit(ctx, tx, actor, ambitoID, action, "plan", id, summary, map[string]any{"Published": before.Published}, map[string]any{"Published": published})
	})
}

// DeletePlan removes a plan never published, with everything in it.
func (s *Store) DeletePlan(ctx context.Context, actor pdz.Actor, ambitoID, id int64) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		before, err := s.loadPlan(ctx, tx, `ambito_id = $1 AND id = $2`, ambitoID, id)
		if err != nil {
			return err
		}
		if !before.PublishedAt.IsZero() {
			return pdz.Errorf(pdz.ECONFLICT, "Il piano è stato pubblicato e resta agli atti: si può ritirare dal sito ma non eliminare.")
		}
		sheets := `SELECT id FROM sheets WHERE ambito_id = $1 AND plan_id = $2`
		for _, q := range []string{
			`DELETE FROM sheet_amounts WHERE ambito_id = $1 AND sheet_id IN (` + sheets + `)`,
			`DELETE FROM sheet_years WHERE ambito_id = $1 AND sheet_id IN (` + sheets + `)`,
			`DELETE FROM sheet_objectives WHERE ambito_id = $1 AND sheet_id IN (` + sheets + `)`,
			`DELETE FROM sheet_services WHERE ambito_id = $1 AND sheet_id IN (` + sheets + `)`,
			`DELETE FROM sheets WHERE ambito_id = $1 AND plan_id = $2`,
			`DELETE FROM money_declared WHERE ambito_id = $1 AND plan_id = $2`,
			`DELETE FROM previous_progress WHERE ambito_id = $1 AND plan_id = $2`,
			`DELETE FROM social_workers WHERE ambito_id = $1 AND plan_id = $2`,
			`DELETE FROM historical_spending WHERE ambito_id = $1 AND plan_id = $2`,
			`DELETE FROM cofinancing_commitments WHERE ambito_id = $1 AND plan_id = $2`,
			`DELETE FROM cofinancing_quotas WHERE ambito_id = $1 AND plan_id = $2`,
			`DELETE FROM plan_cofinancing WHERE ambito_id = $1 AND plan_id = $2`,
			`DELETE FROM source_components WHERE ambito_id = $1 AND source_id IN (SELECT id FROM plan_sources WHERE ambito_id = $1 AND plan_id = $2)`,
			`DELETE FROM plan_sources WHERE ambito_id = $1 AND plan_id = $2`,
			`DELETE FROM plan_inventory WHERE ambito_id = $1 AND plan_id = $2`,
			`DELETE FROM profile_rows WHERE ambito_id = $1 AND plan_id = $2`,
			`DELETE FROM profile_declared WHERE ambito_id = $1 AND plan_id = $2`,
			`DELETE FROM plan_areas WHERE ambito_id = $1 AND plan_id = $2`,
			`DELETE FROM plans WHERE ambito_id = $1 AND id = $2`,
		} {
			if _, err := tx.ExecContext(ctx, q, ambitoID, id); err != nil {
				return internal("delete plan", err)
			}
		}
		return s.audit(ctx, tx, actor, ambitoID, "delete", "plan", id, "Eliminata la bozza del piano «"+before.Title+"»", planHead(before), nil)
	})
}

// inPlan runs fn in a write transaction after checking that the plan is the
// Ambito's and marking it changed.
func (s *Store) inPlan(ctx context.Context, ambitoID, planID int64, fn func(tx *sql.Tx) error) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE plans SET updated_at = $1 WHERE ambito_id = $2 AND id = $3`, s.Now(), ambitoID, planID)
		if err != nil {
			return internal("touch plan", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("Piano")
		}
		return fn(tx)
	})
}

// nextPlanPosition is the position after the last row of a plan's table.
func nextPlanPosition(ctx context.Context, tx *sql.Tx, table string, ambitoID, planID int64) (int, error) {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(position), 0) + 1 FROM `+table+` WHERE ambito_id = $1 AND plan_id = $2`, ambitoID, planID).Scan(&n)
	return n, internal("next position", err)
}

// deleteInPlan removes one row of a plan's table.
func (s *Store) deleteInPlan(ctx context.Context, actor pdz.Actor, ambitoID, planID, id int64, table, entity, inUse string,
	read func(tx *sql.Tx) (any, string, error)) error {
	return s.inPlan(ctx, ambitoID, planID, func(tx *sql.Tx) error {
		before, name, err := read(tx)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE ambito_id = $1 AND plan_id = $2 AND id = $3`, ambitoID, planID, id)
		if database.IsForeignKeyViolation(err) {
			return pdz.Errorf(pdz.ECONFLICT, "%s", inUse)
		} else if err != nil {
			return internal("delete "+entity, err)
		}
		return s.audit(ctx, tx, actor, ambitoID, "delete", entity, id, name, before, nil)
	})
}

// ---- funding sources

const sourceCols = `id, plan_id, position, code, name, kind, action_code, act, notes`

func scanSource(r scanner) (pdz.FundingSource, error) {
	var x pdz.FundingSource
	err := r.Scan(&x.ID, &x.PlanID, &x.Position, &x.Code, &x.Name, &x.Kind, &x.Action, &x.Act, &x.Notes)
	return x, err
}

func readSource(ctx context.Context, q querier, ambitoID, planID, id int64) (pdz.FundingSource, error) {
	x, err := scanSource(q.QueryRowContext(ctx, `SELECT `+sourceCols+` FROM plan_sources WHERE ambito_id = $1 AND plan_id = $2 AND id = $3`, ambitoID, planID, id))
	return x, one(err, "Fonte di finanziamento")
}

const sourceCodeTaken = "Il piano ha già una fonte di finanziamento con questo codice."

// SaveSource creates or updates a funding source of a plan.
func (s *Store) SaveSource(ctx context.Context, actor pdz.Actor, ambitoID int64, x *pdz.FundingSource) error {
	if err := x.Validate(); err != nil {
		return err
	}
	return s.inPlan(ctx, ambitoID, x.PlanID, func(tx *sql.Tx) error { return s.saveSource(ctx, tx, actor, ambitoID, x) })
}

func (s *Store) saveSource(ctx context.Context, tx *sql.Tx, actor pdz.Actor, ambitoID int64, x *pdz.FundingSource) error {
	if x.ID == 0 {
		var err error
		if x.Position == 0 {
			if x.Position, err = nextPlanPosition(ctx, tx, "plan_sources", ambitoID, x.PlanID); err != nil {
				return err
			}
		}
		err = tx.QueryRowContext(ctx, `INSERT INTO plan_sources (ambito_id, plan_id, position, code, name, kind, action_code, act, notes)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
			ambitoID, x.PlanID, x.Position, x.Code, x.Name, x.Kind, x.Action, x.Act, x.Notes).Scan(&x.ID)
		if err != nil {
			return translate(err, "create source", "code", sourceCodeTaken)
		}
		return s.audit(ctx, tx, actor, ambitoID, "create", "source", x.ID, "Aggiunta la fonte di finanziamento «"+x.Code+"»", nil, x)
	}
	before, err := readSource(ctx, tx, ambitoID, x.PlanID, x.ID)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE plan_sources SET position = $1, code = $2, name = $3, kind = $4, action_code = $5, act = $6, notes = $7
		WHERE ambito_id = $8 AND plan_id = $9 AND id = $10`, x.Position, x.Code, x.Name, x.Kind, x.Action, x.Act, x.Notes, ambitoID, x.PlanID, x.ID)
	if err != nil {
		return translate(err, "update source", "code", sourceCodeTaken)
	}
	return s.audit(ctx, tx, actor, ambitoID, "update", "source", x.ID, "Modificata la fonte di finanziamento «"+x.Code+"»", before, x)
}

// DeleteSource removes a funding source no sheet uses.
func (s *Store) DeleteSource(ctx context.Context, actor pdz.Actor, ambitoID, planID, id int64) error {
	return s.deleteInPlan(ctx, actor, ambitoID, planID, id, "plan_sources", "source",
		"La fonte è usata negli importi di una o più schede, come fonte composta da altre, per i residui del piano precedente o in un dato dichiarato: toglila prima da lì.",
		func(tx *sql.Tx) (any, string, error) {
			x, err := readSource(ctx, tx, ambitoID, planID, id)
			return x, "Eliminata la fonte di finanziamento «" + x.Code + "»", err
		})
}

// ---- services inventory

const inventoryCols = `id, plan_id, position, name, owner, active, notes`

func scanInventory(r scanner) (pdz.InventoryItem, error) {
	var x pdz.InventoryItem
	err := r.Scan(&x.ID, &x.PlanID, &x.Position, &x.Name, &x.Owner, &x.Active, &x.Notes)
	return x, err
}

func readInventory(ctx context.Context, q querier, ambitoID, planID, id int64) (pdz.InventoryItem, error) {
	x, err := scanInventory(q.QueryRowContext(ctx, `SELECT `+inventoryCols+` FROM plan_inventory WHERE ambito_id = $1 AND plan_id = $2 AND id = $3`, ambitoID, planID, id))
	return x, one(err, "Servizio")
}

// SaveInventoryItem creates or updates a row of the services inventory.
func (s *Store) SaveInventoryItem(ctx context.Context, actor pdz.Actor, ambitoID int64, x *pdz.InventoryItem) error {
	if err := x.Validate(); err != nil {
		return err
	}
	return s.inPlan(ctx, ambitoID, x.PlanID, func(tx *sql.Tx) error { return s.saveInventory(ctx, tx, actor, ambitoID, x) })
}

func (s *Store) saveInventory(ctx context.Context, tx *sql.Tx, actor pdz.Actor, ambitoID int64, x *pdz.InventoryItem) error {
	if x.ID == 0 {
		var err error
		if x.Position == 0 {
			if x.Position, err = nextPlanPosition(ctx, tx, "plan_inventory", ambitoID, x.PlanID); err != nil {
				return err
			}
		}
		err = tx.QueryRowContext(ctx, `INSERT INTO plan_inventory (ambito_id, plan_id, position, name, owner, active, notes)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, ambitoID, x.PlanID, x.Position, x.Name, x.Owner, x.Active, x.Notes).Scan(&x.ID)
		if err != nil {
			return internal("create inventory item", err)
		}
		return s.audit(ctx, tx, actor, ambitoID, "create", "inventory", x.ID, "Aggiunto all'elenco dei servizi «"+x.Name+"»", nil, x)
	}
	before, err := readInventory(ctx, tx, ambitoID, x.PlanID, x.ID)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE plan_inventory SET position = $1, name = $2, owner = $3, active = $4, notes = $5
		WHERE ambito_id = $6 AND plan_id = $7 AND id = $8`, x.Position, x.Name, x.Owner, x.Active, x.Notes, ambitoID, x.PlanID, x.ID)
	if err != nil {
		return internal("update inventory item", err)
	}
	return s.audit(ctx, tx, actor, ambitoID, "update", "inventory", x.ID, "Modificato nell'elenco dei servizi «"+x.Name+"»", before, x)
}

// DeleteInventoryItem removes a row of the services inventory.
func (s *Store) DeleteInventoryItem(ctx context.Context, actor pdz.Actor, ambitoID, planID, id int64) error {
	return s.deleteInPlan(ctx, actor, ambitoID, planID, id, "plan_inventory", "inventory", "", func(tx *sql.Tx) (any, string, error) {
		x, err := readInventory(ctx, tx, ambitoID, planID, id)
		return x, "Tolto dall'elenco dei servizi «" + x.Name + "»", err
	})
}

// ---- chapter II

func scanPlanArea(r scanner) (pdz.PlanArea, error) {
	var x pdz.PlanArea
	var objs string
	err := r.Scan(&x.PlanID, &x.AreaCode, &objs, &x.Body)
	x.Objectives = splitCodes(objs)
	return x, err
}

// SavePlanArea saves chapter II of a strategic area: the objectives must be
// the framework's.
func (s *Store) SavePlanArea(ctx context.Context, actor pdz.Actor, ambitoID int64, x *pdz.PlanArea) error {
	return s.inPlan(ctx, ambitoID, x.PlanID, func(tx *sql.Tx) error { return s.savePlanArea(ctx, tx, actor, ambitoID, x) })
}

func (s *Store) savePlanArea(ctx context.Context, tx *sql.Tx, actor pdz.Actor, ambitoID int64, x *pdz.PlanArea) error {
	p, err := scanPlan(tx.QueryRowContext(ctx, `SELECT `+planCols+` FROM plans WHERE ambito_id = $1 AND id = $2`, ambitoID, x.PlanID))
	if err != nil {
		return one(err, "Piano")
	}
	fw, err := readFramework(ctx, tx, ambitoID, p.FrameworkID)
	if err != nil {
		return err
	}
	area := fw.Framework.Area(x.AreaCode)
	if area == nil {
		return pdz.Errorf(pdz.ENOTFOUND, "Area strategica non trovata nel quadro regionale.")
	}
	pr := pdz.Problems{}
	for _, l := range x.Objectives {
		if fw.Framework.Objective(x.AreaCode, l) == nil {
			pr.Add("objectives", "L'obiettivo «"+l+"» non esiste nell'area «"+area.Title+"» del quadro regionale: le lettere previste sono "+area.Letters()+".")
		}
	}
	if len([]rune(x.Body)) > 200000 {
		pr.Add("body", "Il testo è troppo lungo: al massimo 200.000 caratteri.")
	}
	if err := pr.Err(); err != nil {
		return err
	}
	before, err := scanPlanArea(tx.QueryRowContext(ctx, `SELECT plan_id, area_code, objectives, body FROM plan_areas
		WHERE ambito_id = $1 AND plan_id = $2 AND area_code = $3`, ambitoID, x.PlanID, x.AreaCode))
	var old any
	switch {
	case err == sql.ErrNoRows:
		_, err = tx.ExecContext(ctx, `INSERT INTO plan_areas (ambito_id, plan_id, area_code, objectives, body) VALUES ($1, $2, $3, $4, $5)`,
			ambitoID, x.PlanID, x.AreaCode, joinCodes(x.Objectives), x.Body)
	case err == nil:
		old = before
		_, err = tx.ExecContext(ctx, `UPDATE plan_areas SET objectives = $1, body = $2 WHERE ambito_id = $3 AND plan_id = $4 AND area_code = $5`,
			joinCodes(x.Objectives), x.Body, ambitoID, x.PlanID, x.AreaCode)
	}
	if err != nil {
		return internal("save plan area", err)
	}
	return s.audit(ctx, tx, actor, ambitoID, "update", "plan_area", x.PlanID, "Modificato il capitolo II, area «"+area.Title+"»", old, x)
}

// SetPlanProcess records the participatory process whose tables fed a
// plan (0: none); its sheets then cite that process's proposals and needs.
// A process cannot change while sheets cite proposals or needs of another.
func (s *Store) SetPlanProcess(ctx context.Context, actor pdz.Actor, ambitoID, planID, processID int64) error {
	return s.inPlan(ctx, ambitoID, planID, func(tx *sql.Tx) error {
		p, err := scanPlan(tx.QueryRowContext(ctx, `SELECT `+planCols+` FROM plans WHERE ambito_id = $1 AND id = $2`, ambitoID, planID))
		if err != nil {
			return one(err, "Piano")
		}
		if processID != 0 {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM processes WHERE ambito_id = $1 AND id = $2`, ambitoID, processID).Scan(&n); err != nil || n == 0 {
				return pdz.Problems{"process_id": "Scegli un percorso dell'Ambito."}.Err()
			}
		}
		if processID != p.ProcessID {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM sheet_proposals sp JOIN sheets sh ON sh.id = sp.sheet_id WHERE sh.ambito_id = $1 AND sh.plan_id = $2)
				+ (SELECT COUNT(*) FROM sheet_needs sn JOIN sheets sh ON sh.id = sn.sheet_id WHERE sh.ambito_id = $1 AND sh.plan_id = $2)`, ambitoID, planID).Scan(&n); err != nil {
				return internal("count sheet links", err)
			}
			if n > 0 {
				return pdz.Problems{"process_id": "Le schede citano proposte o bisogni del percorso attuale: togli prima quei riferimenti."}.Err()
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM plan_processes WHERE ambito_id = $1 AND plan_id = $2`, ambitoID, planID); err != nil {
			return internal("plan process", err)
		}
		if processID != 0 {
			if _, err := tx.ExecContext(ctx, `INSERT INTO plan_processes (ambito_id, plan_id, process_id) VALUES ($1, $2, $3)`, ambitoID, planID, processID); err != nil {
				return internal("plan process", err)
			}
		}
		return s.audit(ctx, tx, actor, ambitoID, "update", "plan", planID, "Percorso partecipato del piano «"+p.Title+"»",
			map[string]int64{"Percorso": p.ProcessID}, map[string]int64{"Percorso": processID})
	})
}
