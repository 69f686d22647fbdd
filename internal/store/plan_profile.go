package store

import (
	"context"
	"database/sql"

	"github.com/pdz-ats/pdz/internal/locale"
	"github.com/pdz-ats/pdz/internal/pdz"
)

// ---- raw demographic rows

const profileCols = `r.id, r.plan_id, r.ref_date, COALESCE(r.comune_id, 0), COALESCE(c.name, ''),
	r.band_0_3, r.band_4_14, r.band_15_17, r.band_18_29, r.band_30_64, r.band_65,
	r.households, r.surface, r.emigrations, r.immigrations, r.source, r.notes`

func scanProfileRow(r scanner) (pdz.ProfileRow, error) {
	var x pdz.ProfileRow
	err := r.Scan(&x.ID, &x.PlanID, &x.Date, &x.ComuneID, &x.ComuneName,
		&x.Bands[0], &x.Bands[1], &x.Bands[2], &x.Bands[3], &x.Bands[4], &x.Bands[5],
		&x.Households, &x.Surface, &x.Emigrations, &x.Immigrations, &x.Source, &x.Notes)
	return x, err
}

func readProfileRow(ctx context.Context, q querier, ambitoID, planID, id int64) (pdz.ProfileRow, error) {
	x, err := scanProfileRow(q.QueryRowContext(ctx, `SELECT `+profileCols+` FROM profile_rows r
		LEFT JOIN comuni c ON c.ambito_id = r.ambito_id AND c.id = r.comune_id
		WHERE r.ambito_id = $1 AND r.plan_id = $2 AND r.id = $3`, ambitoID, planID, id))
	return x, one(err, "Dato demografico")
}

func rowName(x *pdz.ProfileRow) string {
	where := "Ambito"
	if x.ComuneID != 0 {
		where = x.ComuneName
	}
	return where + " al " + locale.ShortDate(x.Date)
}

const rowTaken = "Per questo Comune e questa data esiste già una riga di dati: modifica quella."

// comuneName makes sure a Comune is the Ambito's and returns its name.
func comuneName(ctx context.Context, q querier, ambitoID, id int64, field string) (string, error) {
	if id == 0 {
		return "", nil
	}
	var name string
	err := q.QueryRowContext(ctx, `SELECT name FROM comuni WHERE ambito_id = $1 AND id = $2`, ambitoID, id).Scan(&name)
	if err == sql.ErrNoRows {
		return "", pdz.Problems{field: "Comune non valido: sceglilo tra i Comuni dell'Ambito."}.Err()
	}
	return name, internal("read comune", err)
}

// SaveProfileRow creates or updates the data of one Comune (or of the whole
// Ambito) at one reference date.
func (s *Store) SaveProfileRow(ctx context.Context, actor pdz.Actor, ambitoID int64, x *pdz.ProfileRow) error {
	if err := x.Validate(); err != nil {
		return err
	}
	return s.inPlan(ctx, ambitoID, x.PlanID, func(tx *sql.Tx) error { return s.saveProfileRow(ctx, tx, actor, ambitoID, x) })
}

func (s *Store) saveProfileRow(ctx context.Context, tx *sql.Tx, actor pdz.Actor, ambitoID int64, x *pdz.ProfileRow) error {
	name, err := comuneName(ctx, tx, ambitoID, x.ComuneID, "comune_id")
	if err != nil {
		return err
	}
	x.ComuneName = name
	b := x.Bands
	if x.ID == 0 {
		err := tx.QueryRowContext(ctx, `INSERT INTO profile_rows (ambito_id, plan_id, ref_date, comune_id, band_0_3, band_4_14, band_15_17,
			band_18_29, band_30_64, band_65, households, surface, emigrations, immigrations, source, notes)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id`,
			ambitoID, x.PlanID, x.Date, nullID(x.ComuneID), b[0], b[1], b[2], b[3], b[4], b[5],
			x.Households, x.Surface, x.Emigrations, x.Immigrations, x.Source, x.Notes).Scan(&x.ID)
		if err != nil {
			return translate(err, "create profile row", "date", rowTaken)
		}
		return s.audit(ctx, tx, actor, ambitoID, "create", "profile_row", x.ID, "Aggiunti i dati demografici: "+rowName(x), nil, x)
	}
	before, err := readProfileRow(ctx, tx, ambitoID, x.PlanID, x.ID)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE profile_rows SET ref_date = $1, comune_id = $2, band_0_3 = $3, band_4_14 = $4, band_15_17 = $5,
		band_18_29 = $6, band_30_64 = $7, band_65 = $8, households = $9, surface = $10, emigrations = $11, immigrations = $12,
		source = $13, notes = $14 WHERE ambito_id = $15 AND plan_id = $16 AND id = $17`,
		x.Date, nullID(x.ComuneID), b[0], b[1], b[2], b[3], b[4], b[5], x.Households, x.Surface, x.Emigrations, x.Immigrations,
		x.Source, x.Notes, ambitoID, x.PlanID, x.ID)
	if err != nil {
		return translate(err, "update profile row", "date", rowTaken)
	}
	return s.audit(ctx, tx, actor, ambitoID, "update", "profile_row", x.ID, "Modificati i dati demografici: "+rowName(x), before, x)
}

// DeleteProfileRow removes a row of demographic data.
func (s *Store) DeleteProfileRow(ctx context.Context, actor pdz.Actor, ambitoID, planID, id int64) error {
	return s.deleteInPlan(ctx, actor, ambitoID, planID, id, "profile_rows", "profile_row", "", func(tx *sql.Tx) (any, string, error) {
		x, err := readProfileRow(ctx, tx, ambitoID, planID, id)
		return x, "Eliminati i dati demografici: " + rowName(&x), err
	})
}

// ImportResult says what an import did.
type ImportResult struct {
	Added, Updated int
}

// ImportProfileRows saves imported rows all together or not at all. A row
// for a Comune and date that exists already is updated with the values the
// file gives; values the file does not give are kept (a POSAS file gives the
// age bands, not the households).
func (s *Store) ImportProfileRows(ctx context.Context, actor pdz.Actor, ambitoID, planID int64, rows []pdz.ProfileRow, what string) (ImportResult, error) {
	var res ImportResult
	for i := range rows {
		if err := rows[i].Validate(); err != nil {
			return res, err
		}
	}
	err := s.inPlan(ctx, ambitoID, planID, func(tx *sql.Tx) error {
		for i := range rows {
			x := rows[i]
			x.PlanID = planID
			if _, err := comuneName(ctx, tx, ambitoID, x.ComuneID, "comune_id"); err != nil {
				return err
			}
			var id int64
			err := tx.QueryRowContext(ctx, `SELECT id FROM profile_rows WHERE ambito_id = $1 AND plan_id = $2 AND ref_date = $3
				AND COALESCE(comune_id, 0) = $4`, ambitoID, planID, x.Date, x.ComuneID).Scan(&id)
			switch {
			case err == sql.ErrNoRows:
				x.ID = 0
				res.Added++
			case err != nil:
				return internal("find profile row", err)
			default:
				old, err := readProfileRow(ctx, tx, ambitoID, planID, id)
				if err != nil {
					return err
				}
				x = mergeRow(old, x)
				res.Updated++
			}
			if err := s.saveProfileRow(ctx, tx, actor, ambitoID, &x); err != nil {
				return err
			}
		}
		return s.audit(ctx, tx, actor, ambitoID, "import", "profile_row", planID,
			"Importati i dati demografici ("+what+"): "+locale.Count(res.Added, "riga nuova", "righe nuove")+", "+locale.Count(res.Updated, "aggiornata", "aggiornate"), nil, nil)
	})
	if err != nil {
		return ImportResult{}, err
	}
	return res, nil
}

// mergeRow overlays the values an import gives on an existing row.
func mergeRow(old, in pdz.ProfileRow) pdz.ProfileRow {
	pick := func(a, b pdz.OptInt) pdz.OptInt {
		if b.Set {
			return b
		}
		return a
	}
	for i := range old.Bands {
		old.Bands[i] = pick(old.Bands[i], in.Bands[i])
	}
	old.Households = pick(old.Households, in.Households)
	old.Surface = pick(old.Surface, in.Surface)
	old.Emigrations = pick(old.Emigrations, in.Emigrations)
	old.Immigrations = pick(old.Immigrations, in.Immigrations)
	if in.Source != "" {
		old.Source = in.Source
	}
	if in.Notes != "" {
		old.Notes = in.Notes
	}
	return old
}

// ---- declared figures

const declaredCols = `r.id, r.plan_id, r.position, r.ref_date, COALESCE(r.comune_id, 0), COALESCE(c.name, ''), r.quantity, r.value,
	r.source_table, r.notes`

func scanDeclared(r scanner) (pdz.DeclaredFigure, error) {
	var x pdz.DeclaredFigure
	var value string
	if err := r.Scan(&x.ID, &x.PlanID, &x.Position, &x.Date, &x.ComuneID, &x.ComuneName, &x.Quantity, &value, &x.Table, &x.Notes); err != nil {
		return x, err
	}
	d, err := pdz.ParseDecimal(value)
	x.Value = d
	return x, err
}

func readDeclared(ctx context.Context, q querier, ambitoID, planID, id int64) (pdz.DeclaredFigure, error) {
	x, err := scanDeclared(q.QueryRowContext(ctx, `SELECT `+declaredCols+` FROM profile_declared r
		LEFT JOIN comuni c ON c.ambito_id = r.ambito_id AND c.id = r.comune_id
		WHERE r.ambito_id = $1 AND r.plan_id = $2 AND r.id = $3`, ambitoID, planID, id))
	return x, one(err, "Dato dichiarato")
}

// SaveDeclared creates or updates a figure as the document prints it.
func (s *Store) SaveDeclared(ctx context.Context, actor pdz.Actor, ambitoID int64, x *pdz.DeclaredFigure) error {
	if err := x.Validate(); err != nil {
		return err
	}
	return s.inPlan(ctx, ambitoID, x.PlanID, func(tx *sql.Tx) error { return s.saveDeclared(ctx, tx, actor, ambitoID, x) })
}

func (s *Store) saveDeclared(ctx context.Context, tx *sql.Tx, actor pdz.Actor, ambitoID int64, x *pdz.DeclaredFigure) error {
	name, err := comuneName(ctx, tx, ambitoID, x.ComuneID, "comune_id")
	if err != nil {
		return err
	}
	x.ComuneName = name
	summary := pdz.QuantityOf(x.Quantity).Label + " = " + x.Value.Italian() + " (" + x.Table + ")"
	if x.ID == 0 {
		if x.Position == 0 {
			if x.Position, err = nextPlanPosition(ctx, tx, "profile_declared", ambitoID, x.PlanID); err != nil {
				return err
			}
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO profile_declared (ambito_id, plan_id, position, ref_date, comune_id, quantity, value, source_table, notes)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
			ambitoID, x.PlanID, x.Position, x.Date, nullID(x.ComuneID), x.Quantity, x.Value.String(), x.Table, x.Notes).Scan(&x.ID)
		if err != nil {
			return internal("create declared figure", err)
		}
		return s.audit(ctx, tx, actor, ambitoID, "create", "declared", x.ID, "Aggiunto il dato dichiarato: "+summary, nil, x)
	}
	before, err := readDeclared(ctx, tx, ambitoID, x.PlanID, x.ID)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE profile_declared SET position = $1, ref_date = $2, comune_id = $3, quantity = $4, value = $5,
		source_table = $6, notes = $7 WHERE ambito_id = $8 AND plan_id = $9 AND id = $10`,
		x.Position, x.Date, nullID(x.ComuneID), x.Quantity, x.Value.String(), x.Table, x.Notes, ambitoID, x.PlanID, x.ID)
	if err != nil {
		return internal("update declared figure", err)
	}
	return s.audit(ctx, tx, actor, ambitoID, "update", "declared", x.ID, "Modificato il dato dichiarato: "+summary, before, x)
}

// DeleteDeclared removes a declared figure.
func (s *Store) DeleteDeclared(ctx context.Context, actor pdz.Actor, ambitoID, planID, id int64) error {
	return s.deleteInPlan(ctx, actor, ambitoID, planID, id, "profile_declared", "declared", "", func(tx *sql.Tx) (any, string, error) {
		x, err := readDeclared(ctx, tx, ambitoID, planID, id)
		return x, "Eliminato un dato dichiarato", err
	})
}
