package store

import (
	"context"
	"database/sql"

	"github.com/pdz-ats/pdz/internal/database"
	"github.com/pdz-ats/pdz/internal/pdz"
)

const ambitoCols = `id, slug, name, province, COALESCE(capofila_comune_id, 0), address, email, pec, phone, website, created_at, updated_at`

func scanAmbito(r scanner) (pdz.Ambito, error) {
	var a pdz.Ambito
	err := r.Scan(&a.ID, &a.Slug, &a.Name, &a.Province, &a.CapofilaID, &a.Address, &a.Email, &a.PEC, &a.Phone, &a.Website, &a.CreatedAt, &a.UpdatedAt)
	return a, err
}

// Ambiti lists every Ambito of the installation by name.
func (s *Store) Ambiti(ctx context.Context) ([]pdz.Ambito, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT `+ambitoCols+` FROM ambiti ORDER BY name`)
	return collect(rows, err, scanAmbito)
}

// AmbitoBySlug returns the Ambito with that slug.
func (s *Store) AmbitoBySlug(ctx context.Context, slug string) (pdz.Ambito, error) {
	a, err := scanAmbito(s.read.QueryRowContext(ctx, `SELECT `+ambitoCols+` FROM ambiti WHERE slug = $1`, slug))
	return a, one(err, "Ambito")
}

// Ambito returns the Ambito with that id.
func (s *Store) Ambito(ctx context.Context, id int64) (pdz.Ambito, error) {
	a, err := scanAmbito(s.read.QueryRowContext(ctx, `SELECT `+ambitoCols+` FROM ambiti WHERE id = $1`, id))
	return a, one(err, "Ambito")
}

const slugTaken = "Questo identificativo è già usato da un altro Ambito."

// CreateAmbito adds an Ambito.
func (s *Store) CreateAmbito(ctx context.Context, actor pdz.Actor, a *pdz.Ambito) error {
	if err := a.Validate(); err != nil {
		return err
	}
	now := s.Now()
	return s.write(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO ambiti (slug, name, province, address, email, pec, phone, website, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id`,
			a.Slug, a.Name, a.Province, a.Address, a.Email, a.PEC, a.Phone, a.Website, now).Scan(&a.ID)
		if err != nil {
			return translate(err, "create ambito", "slug", slugTaken)
		}
		a.CreatedAt, a.UpdatedAt = now, now
		return s.audit(ctx, tx, actor, a.ID, "create", "ambito", a.ID, "Creato l'Ambito «"+a.Name+"»", nil, a)
	})
}

// UpdateAmbito saves an Ambito's details. The capofila must be one of its Comuni.
func (s *Store) UpdateAmbito(ctx context.Context, actor pdz.Actor, a *pdz.Ambito) error {
	if err := a.Validate(); err != nil {
		return err
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		before, err := scanAmbito(tx.QueryRowContext(ctx, `SELECT `+ambitoCols+` FROM ambiti WHERE id = $1`, a.ID))
		if err != nil {
			return one(err, "Ambito")
		}
		if a.CapofilaID != 0 {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM comuni WHERE ambito_id = $1 AND id = $2`, a.ID, a.CapofilaID).Scan(&n); err != nil {
				return internal("check capofila", err)
			}
			if n == 0 {
				return pdz.Problems{"capofila_id": "Il Comune capofila deve essere uno dei Comuni dell'Ambito."}.Err()
			}
		}
		a.UpdatedAt = s.Now()
		a.CreatedAt = before.CreatedAt
		_, err = tx.ExecContext(ctx, `UPDATE ambiti SET slug = $1, name = $2, province = $3, capofila_comune_id = $4,
			address = $5, email = $6, pec = $7, phone = $8, website = $9, updated_at = $10 WHERE id = $11`,
			a.Slug, a.Name, a.Province, nullID(a.CapofilaID), a.Address, a.Email, a.PEC, a.Phone, a.Website, a.UpdatedAt, a.ID)
		if err != nil {
			return translate(err, "update ambito", "slug", slugTaken)
		}
		return s.audit(ctx, tx, actor, a.ID, "update", "ambito", a.ID, "Modificati i dati dell'Ambito", before, a)
	})
}

const comuneCols = `id, ambito_id, name, istat_code, population, population_date`

func scanComune(r scanner) (pdz.Comune, error) {
	var c pdz.Comune
	err := r.Scan(&c.ID, &c.AmbitoID, &c.Name, &c.IstatCode, &c.Population, &c.PopulationDate)
	return c, err
}

// Comuni lists an Ambito's Comuni by name.
func (s *Store) Comuni(ctx context.Context, ambitoID int64) ([]pdz.Comune, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT `+comuneCols+` FROM comuni WHERE ambito_id = $1 ORDER BY name`, ambitoID)
	return collect(rows, err, scanComune)
}

// Comune returns one Comune of an Ambito.
func (s *Store) Comune(ctx context.Context, ambitoID, id int64) (pdz.Comune, error) {
	c, err := scanComune(s.read.QueryRowContext(ctx, `SELECT `+comuneCols+` FROM comuni WHERE ambito_id = $1 AND id = $2`, ambitoID, id))
	return c, one(err, "Comune")
}

func comuneConflict(err error, what string) error {
	return translate(err, what, "name", "Nell'Ambito esiste già un Comune con questo nome o codice ISTAT.")
}

// SaveComune creates (ID 0) or updates a Comune of an Ambito.
func (s *Store) SaveComune(ctx context.Context, actor pdz.Actor, c *pdz.Comune) error {
	if err := c.Validate(); err != nil {
		return err
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		if c.ID == 0 {
			err := tx.QueryRowContext(ctx, `INSERT INTO comuni (ambito_id, name, istat_code, population, population_date)
				VALUES ($1, $2, $3, $4, $5) RETURNING id`, c.AmbitoID, c.Name, c.IstatCode, c.Population, c.PopulationDate).Scan(&c.ID)
			if err != nil {
				return comuneConflict(err, "create comune")
			}
			return s.audit(ctx, tx, actor, c.AmbitoID, "create", "comune", c.ID, "Aggiunto il Comune di "+c.Name, nil, c)
		}
		before, err := scanComune(tx.QueryRowContext(ctx, `SELECT `+comuneCols+` FROM comuni WHERE ambito_id = $1 AND id = $2`, c.AmbitoID, c.ID))
		if err != nil {
			return one(err, "Comune")
		}
		_, err = tx.ExecContext(ctx, `UPDATE comuni SET name = $1, istat_code = $2, population = $3, population_date = $4
			WHERE ambito_id = $5 AND id = $6`, c.Name, c.IstatCode, c.Population, c.PopulationDate, c.AmbitoID, c.ID)
		if err != nil {
			return comuneConflict(err, "update comune")
		}
		return s.audit(ctx, tx, actor, c.AmbitoID, "update", "comune", c.ID, "Modificato il Comune di "+c.Name, before, c)
	})
}

// DeleteComune removes a Comune; the capofila cannot be removed.
func (s *Store) DeleteComune(ctx context.Context, actor pdz.Actor, ambitoID, id int64) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		before, err := scanComune(tx.QueryRowContext(ctx, `SELECT `+comuneCols+` FROM comuni WHERE ambito_id = $1 AND id = $2`, ambitoID, id))
		if err != nil {
			return one(err, "Comune")
		}
		var capofila sql.NullInt64
		if err := tx.QueryRowContext(ctx, `SELECT capofila_comune_id FROM ambiti WHERE id = $1`, ambitoID).Scan(&capofila); err != nil {
			return internal("read capofila", err)
		}
		if capofila.Valid && capofila.Int64 == id {
			return pdz.Errorf(pdz.ECONFLICT, "Il Comune di %s è il capofila dell'Ambito: scegli prima un altro capofila.", before.Name)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM comuni WHERE ambito_id = $1 AND id = $2`, ambitoID, id); database.IsForeignKeyViolation(err) {
			return pdz.Errorf(pdz.ECONFLICT, "Il Comune di %s è indicato negli organi dell'Ambito (componenti o sedute) o nei dati del profilo di comunità di un piano: toglilo prima da lì.", before.Name)
		} else if err != nil {
			return internal("delete comune", err)
		}
		return s.audit(ctx, tx, actor, ambitoID, "delete", "comune", id, "Eliminato il Comune di "+before.Name, before, nil)
	})
}
