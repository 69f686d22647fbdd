package store

import (
	"context"
	"database/sql"

	"github.com/pdz-ats/pdz/internal/pdz"
)

const sheetCols = `id, plan_id, position, code, title, levels, areas, results, scope_ambito, scope_comuni, scope_distretto, scope_other,
	mgmt_direct, mgmt_outsourced, mgmt_other, macro, intervention, declared_total, notes, updated_at`

func scanSheet(r scanner) (pdz.Sheet, error) {
	var x pdz.Sheet
	var levels, areas string
	err := r.Scan(&x.ID, &x.PlanID, &x.Position, &x.Code, &x.Title, &levels, &areas, &x.Results, &x.ScopeAmbito, &x.ScopeComuni,
		&x.ScopeDistretto, &x.ScopeOther, &x.MgmtDirect, &x.MgmtOutsourced, &x.MgmtOther, &x.Macro, &x.Intervention,
		&x.DeclaredTotal, &x.Notes, &x.UpdatedAt)
	x.Levels, x.Areas = splitCodes(levels), splitCodes(areas)
	return x, err
}

const serviceCols = `id, sheet_id, position, name, articles, other_ref, users, users_count, documents, operators, actions`

func scanService(r scanner) (pdz.SheetService, error) {
	var x pdz.SheetService
	var arts string
	err := r.Scan(&x.ID, &x.SheetID, &x.Position, &x.Name, &arts, &x.OtherRef, &x.Users, &x.UsersCount, &x.Documents, &x.Operators, &x.Actions)
	x.Articles = splitArticles(arts)
	return x, err
}

// planForCheck loads what validating a sheet needs: the plan's fields,
// framework and funding sources.
func planForCheck(ctx context.Context, q querier, ambitoID, planID int64) (pdz.Plan, error) {
	p, err := scanPlan(q.QueryRowContext(ctx, `SELECT `+planCols+` FROM plans WHERE ambito_id = $1 AND id = $2`, ambitoID, planID))
	if err != nil {
		return p, one(err, "Piano")
	}
	fw, err := readFramework(ctx, q, ambitoID, p.FrameworkID)
	if err != nil {
		return p, err
	}
	p.Framework = &fw.Framework
	p.Sources, err = list(ctx, q, scanSource, `SELECT `+sourceCols+` FROM plan_sources WHERE ambito_id = $1 AND plan_id = $2 ORDER BY position, id`, ambitoID, planID)
	return p, err
}

// readSheet loads one sheet of a plan with its parts.
func readSheet(ctx context.Context, q querier, ambitoID, planID, id int64) (pdz.Sheet, error) {
	x, err := scanSheet(q.QueryRowContext(ctx, `SELECT `+sheetCols+` FROM sheets WHERE ambito_id = $1 AND plan_id = $2 AND id = $3`, ambitoID, planID, id))
	if err != nil {
		return x, one(err, "Scheda")
	}
	xs := []pdz.Sheet{x}
	if err := loadSheetParts(ctx, q, ambitoID, planID, xs); err != nil {
		return x, err
	}
	return xs[0], nil
}

// sheetAudit is what the log keeps of a sheet: its fields and money, not
// the services (logged on their own).
func sheetAudit(x pdz.Sheet) pdz.Sheet {
	x.Services = nil
	return x
}

const sheetCodeTaken = "Il piano ha già una scheda con questo codice."

// SaveSheet creates or updates a sheet with its objectives and programming
// (its services are saved one by one). The sheet is checked against the
// plan's framework, years and funding sources; an incomplete sheet is saved.
func (s *Store) SaveSheet(ctx context.Context, actor pdz.Actor, ambitoID int64, x *pdz.Sheet) error {
	return s.inPlan(ctx, ambitoID, x.PlanID, func(tx *sql.Tx) error {
		p, err := planForCheck(ctx, tx, ambitoID, x.PlanID)
		if err != nil {
			return err
		}
		return s.saveSheet(ctx, tx, actor, ambitoID, &p, x)
	})
}

func (s *Store) saveSheet(ctx context.Context, tx *sql.Tx, actor pdz.Actor, ambitoID int64, p *pdz.Plan, x *pdz.Sheet) error {
	services := x.Services
	x.Services = nil
	if err := p.CheckSheet(x); err != nil {
		return err
	}
	x.Services = services
	x.UpdatedAt = s.Now()
	var before *pdz.Sheet
	if x.ID == 0 {
		var err error
		if x.Position == 0 {
			if x.Position, err = nextPlanPosition(ctx, tx, "sheets", ambitoID, x.PlanID); err != nil {
				return err
			}
		}
		err = tx.QueryRowContext(ctx, `INSERT INTO sheets (ambito_id, plan_id, position, code, title, levels, areas, results, scope_ambito,
			scope_comuni, scope_distretto, scope_other, mgmt_direct, mgmt_outsourced, mgmt_other, macro, intervention, declared_total, notes, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20) RETURNING id`,
			ambitoID, x.PlanID, x.Position, x.Code, x.Title, joinCodes(x.Levels), joinCodes(x.Areas), x.Results, x.ScopeAmbito,
			x.ScopeComuni, x.ScopeDistretto, x.ScopeOther, x.MgmtDirect, x.MgmtOutsourced, x.MgmtOther, x.Macro, x.Intervention,
			x.DeclaredTotal, x.Notes, x.UpdatedAt).Scan(&x.ID)
		if err != nil {
			return translate(err, "create sheet", "code", sheetCodeTaken)
		}
	} else {
		old, err := readSheet(ctx, tx, ambitoID, x.PlanID, x.ID)
		if err != nil {
			return err
		}
		before = &old
		_, err = tx.ExecContext(ctx, `UPDATE sheets SET position = $1, code = $2, title = $3, levels = $4, areas = $5, results = $6,
			scope_ambito = $7, scope_comuni = $8, scope_distretto = $9, scope_other = $10, mgmt_direct = $11, mgmt_outsourced = $12,
			mgmt_other = $13, macro = $14, intervention = $15, declared_total = $16, notes = $17, updated_at = $18
			WHERE ambito_id = $19 AND plan_id = $20 AND id = $21`,
			x.Position, x.Code, x.Title, joinCodes(x.Levels), joinCodes(x.Areas), x.Results, x.ScopeAmbito, x.ScopeComuni,
			x.ScopeDistretto, x.ScopeOther, x.MgmtDirect, x.MgmtOutsourced, x.MgmtOther, x.Macro, x.Intervention,
			x.DeclaredTotal, x.Notes, x.UpdatedAt, ambitoID, x.PlanID, x.ID)
		if err != nil {
			return translate(err, "update sheet", "code", sheetCodeTaken)
		}
		for _, q := range []string{`DELETE FROM sheet_objectives WHERE ambito_id = $1 AND sheet_id = $2`,
			`DELETE FROM sheet_amounts WHERE ambito_id = $1 AND sheet_id = $2`,
			`DELETE FROM sheet_years WHERE ambito_id = $1 AND sheet_id = $2`,
			`DELETE FROM sheet_proposals WHERE ambito_id = $1 AND sheet_id = $2`,
			`DELETE FROM sheet_needs WHERE ambito_id = $1 AND sheet_id = $2`} {
			if _, err := tx.ExecContext(ctx, q, ambitoID, x.ID); err != nil {
				return internal("replace sheet parts", err)
			}
		}
	}
	for i, o := range x.Objectives {
		if _, err := tx.ExecContext(ctx, `INSERT INTO sheet_objectives (ambito_id, sheet_id, position, area_code, letter, quoted)
			VALUES ($1, $2, $3, $4, $5, $6)`, ambitoID, x.ID, i+1, o.Area, o.Letter, o.Quoted); err != nil {
			return internal("save sheet objective", err)
		}
	}
	for _, y := range x.Years {
		if _, err := tx.ExecContext(ctx, `INSERT INTO sheet_years (ambito_id, sheet_id, year, selected, declared_total) VALUES ($1, $2, $3, $4, $5)`,
			ambitoID, x.ID, y.Year, y.Selected, y.DeclaredTotal); err != nil {
			return internal("save sheet year", err)
		}
		for i, l := range y.Lines {
			if _, err := tx.ExecContext(ctx, `INSERT INTO sheet_amounts (ambito_id, sheet_id, year, position, source_id, amount)
				VALUES ($1, $2, $3, $4, $5, $6)`, ambitoID, x.ID, y.Year, i+1, nullID(l.SourceID), l.Amount); err != nil {
				return internal("save sheet amount", err)
			}
		}
	}
	if err := s.saveSheetLinks(ctx, tx, ambitoID, p, x); err != nil {
		return err
	}
	if before == nil {
		return s.audit(ctx, tx, actor, ambitoID, "create", "sheet", x.ID, "Aggiunta la scheda "+x.Code+" «"+x.Title+"»", nil, sheetAudit(*x))
	}
	return s.audit(ctx, tx, actor, ambitoID, "update", "sheet", x.ID, "Modificata la scheda "+x.Code+" «"+x.Title+"»", sheetAudit(*before), sheetAudit(*x))
}

// Sheet returns one sheet of a plan with its parts.
func (s *Store) Sheet(ctx context.Context, ambitoID, planID, id int64) (pdz.Sheet, error) {
	return readSheet(ctx, s.read, ambitoID, planID, id)
}

// DeleteSheet removes a sheet with its services and programming.
func (s *Store) DeleteSheet(ctx context.Context, actor pdz.Actor, ambitoID, planID, id int64) error {
	return s.inPlan(ctx, ambitoID, planID, func(tx *sql.Tx) error {
		before, err := readSheet(ctx, tx, ambitoID, planID, id)
		if err != nil {
			return err
		}
		for _, q := range []string{`DELETE FROM sheet_objectives WHERE ambito_id = $1 AND sheet_id = $2`,
			`DELETE FROM sheet_amounts WHERE ambito_id = $1 AND sheet_id = $2`,
			`DELETE FROM sheet_years WHERE ambito_id = $1 AND sheet_id = $2`,
			`DELETE FROM sheet_services WHERE ambito_id = $1 AND sheet_id = $2`,
			`DELETE FROM sheets WHERE ambito_id = $1 AND id = $2`} {
			if _, err := tx.ExecContext(ctx, q, ambitoID, id); err != nil {
				return internal("delete sheet", err)
			}
		}
		return s.audit(ctx, tx, actor, ambitoID, "delete", "sheet", id, "Eliminata la scheda "+before.Code+" «"+before.Title+"»", before, nil)
	})
}

// ---- services of a sheet

func readService(ctx context.Context, q querier, ambitoID, sheetID, id int64) (pdz.SheetService, error) {
	x, err := scanService(q.QueryRowContext(ctx, `SELECT `+serviceCols+` FROM sheet_services WHERE ambito_id = $1 AND sheet_id = $2 AND id = $3`, ambitoID, sheetID, id))
	return x, one(err, "Servizio della scheda")
}

// sheetOfPlan checks that a sheet belongs to the plan and the Ambito, and
// marks it changed.
func (s *Store) sheetOfPlan(ctx context.Context, tx *sql.Tx, ambitoID, planID, sheetID int64) error {
	res, err := tx.ExecContext(ctx, `UPDATE sheets SET updated_at = $1 WHERE ambito_id = $2 AND plan_id = $3 AND id = $4`, s.Now(), ambitoID, planID, sheetID)
	if err != nil {
		return internal("touch sheet", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return notFound("Scheda")
	}
	return nil
}

// SaveSheetService creates or updates a service of a sheet; its articles
// must be in the plan's framework.
func (s *Store) SaveSheetService(ctx context.Context, actor pdz.Actor, ambitoID, planID int64, x *pdz.SheetService) error {
	return s.inPlan(ctx, ambitoID, planID, func(tx *sql.Tx) error {
		p, err := planForCheck(ctx, tx, ambitoID, planID)
		if err != nil {
			return err
		}
		return s.saveService(ctx, tx, actor, ambitoID, &p, x)
	})
}

func (s *Store) saveService(ctx context.Context, tx *sql.Tx, actor pdz.Actor, ambitoID int64, p *pdz.Plan, x *pdz.SheetService) error {
	if err := p.CheckService(x); err != nil {
		return err
	}
	if err := s.sheetOfPlan(ctx, tx, ambitoID, p.ID, x.SheetID); err != nil {
		return err
	}
	if x.ID == 0 {
		if x.Position == 0 {
			if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(position), 0) + 1 FROM sheet_services WHERE ambito_id = $1 AND sheet_id = $2`,
				ambitoID, x.SheetID).Scan(&x.Position); err != nil {
				return internal("next position", err)
			}
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO sheet_services (ambito_id, sheet_id, position, name, articles, other_ref, users, users_count,
			documents, operators, actions) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
			ambitoID, x.SheetID, x.Position, x.Name, joinArticles(x.Articles), x.OtherRef, x.Users, x.UsersCount,
			x.Documents, x.Operators, x.Actions).Scan(&x.ID)
		if err != nil {
			return internal("create sheet service", err)
		}
		return s.audit(ctx, tx, actor, ambitoID, "create", "sheet_service", x.ID, "Aggiunto il servizio «"+x.Name+"»", nil, x)
	}
	before, err := readService(ctx, tx, ambitoID, x.SheetID, x.ID)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE sheet_services SET position = $1, name = $2, articles = $3, other_ref = $4, users = $5,
		users_count = $6, documents = $7, operators = $8, actions = $9 WHERE ambito_id = $10 AND sheet_id = $11 AND id = $12`,
		x.Position, x.Name, joinArticles(x.Articles), x.OtherRef, x.Users, x.UsersCount, x.Documents, x.Operators, x.Actions,
		ambitoID, x.SheetID, x.ID)
	if err != nil {
		return internal("update sheet service", err)
	}
	return s.audit(ctx, tx, actor, ambitoID, "update", "sheet_service", x.ID, "Modificato il servizio «"+x.Name+"»", before, x)
}

// DeleteSheetService removes a service of a sheet.
func (s *Store) DeleteSheetService(ctx context.Context, actor pdz.Actor, ambitoID, planID, sheetID, id int64) error {
	return s.inPlan(ctx, ambitoID, planID, func(tx *sql.Tx) error {
		if err := s.sheetOfPlan(ctx, tx, ambitoID, planID, sheetID); err != nil {
			return err
		}
		before, err := readService(ctx, tx, ambitoID, sheetID, id)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sheet_services WHERE ambito_id = $1 AND sheet_id = $2 AND id = $3`, ambitoID, sheetID, id); err != nil {
			return internal("delete sheet service", err)
		}
		return s.audit(ctx, tx, actor, ambitoID, "delete", "sheet_service", id, "Eliminato il servizio «"+before.Name+"»", before, nil)
	})
}

// saveSheetLinks writes the proposals and needs a sheet cites: they must
// belong to the plan's participatory process.
func (s *Store) saveSheetLinks(ctx context.Context, tx *sql.Tx, ambitoID int64, p *pdz.Plan, x *pdz.Sheet) error {
	if (len(x.ProposalIDs) > 0 || len(x.NeedIDs) > 0) && p.ProcessID == 0 {
		return pdz.Problems{"proposals": "Indica prima, nella pagina del piano, il percorso partecipato da cui nasce."}.Err()
	}
	seen := map[int64]bool{}
	for _, id := range x.ProposalIDs {
		if seen[id] {
			continue
		}
		seen[id] = true
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM proposals WHERE ambito_id = $1 AND process_id = $2 AND id = $3`, ambitoID, p.ProcessID, id).Scan(&n); err != nil || n == 0 {
			return pdz.Problems{"proposals": "Una delle proposte scelte non è del percorso del piano."}.Err()
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO sheet_proposals (ambito_id, sheet_id, proposal_id) VALUES ($1, $2, $3)`, ambitoID, x.ID, id); err != nil {
			return internal("sheet proposal", err)
		}
	}
	seen = map[int64]bool{}
	for _, id := range x.NeedIDs {
		if seen[id] {
			continue
		}
		seen[id] = true
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM minute_needs WHERE ambito_id = $1 AND process_id = $2 AND id = $3`, ambitoID, p.ProcessID, id).Scan(&n); err != nil || n == 0 {
			return pdz.Problems{"needs": "Uno dei bisogni scelti non è del percorso del piano."}.Err()
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO sheet_needs (ambito_id, sheet_id, need_id) VALUES ($1, $2, $3)`, ambitoID, x.ID, id); err != nil {
			return internal("sheet need", err)
		}
	}
	return nil
}
