package store

import (
	"context"
	"database/sql"

	"github.com/pdz-ats/pdz/internal/database"
	"github.com/pdz-ats/pdz/internal/pdz"
)

// Bodies (organi) of an Ambito and their members. A body belongs to the
// Ambito, not to a process: the Coordinamento Istituzionale outlives every
// plan cycle.

const bodyCols = `b.id, b.ambito_id, b.kind, b.slug, b.name, b.description, COALESCE(b.comune_id, 0), COALESCE(c.name, ''),
	b.position, b.created_at, b.updated_at`

const bodyFrom = ` FROM bodies b LEFT JOIN comuni c ON c.ambito_id = b.ambito_id AND c.id = b.comune_id`

func scanBody(r scanner) (pdz.Body, error) {
	var b pdz.Body
	err := r.Scan(&b.ID, &b.AmbitoID, &b.Kind, &b.Slug, &b.Name, &b.Description, &b.ComuneID, &b.ComuneName, &b.Position, &b.CreatedAt, &b.UpdatedAt)
	return b, err
}

const memberCols = `m.id, m.body_id, m.position, m.role, m.name, m.represents, COALESCE(m.comune_id, 0), COALESCE(c.name, ''),
	m.appointment, COALESCE(m.meeting_id, 0), m.starts_on, m.ends_on`

const memberFrom = ` FROM body_members m LEFT JOIN comuni c ON c.ambito_id = m.ambito_id AND c.id = m.comune_id`

func scanMember(r scanner) (pdz.Member, error) {
	var m pdz.Member
	err := r.Scan(&m.ID, &m.BodyID, &m.Position, &m.Role, &m.Name, &m.Represents, &m.ComuneID, &m.ComuneName,
		&m.Appointment, &m.MeetingID, &m.StartsOn, &m.EndsOn)
	return m, err
}

// Bodies lists an Ambito's bodies in their order, each with its members.
func (s *Store) Bodies(ctx context.Context, ambitoID int64) ([]pdz.Body, error) {
	bs, err := list(ctx, s.read, scanBody, `SELECT `+bodyCols+bodyFrom+` WHERE b.ambito_id = $1 ORDER BY b.position, b.id`, ambitoID)
	if err != nil {
		return nil, err
	}
	ms, err := list(ctx, s.read, scanMember, `SELECT `+memberCols+memberFrom+` WHERE m.ambito_id = $1 ORDER BY m.position, m.id`, ambitoID)
	if err != nil {
		return nil, err
	}
	for i := range bs {
		for _, m := range ms {
			if m.BodyID == bs[i].ID {
				bs[i].Members = append(bs[i].Members, m)
			}
		}
	}
	return bs, nil
}

// Body returns one body of an Ambito with its members.
func (s *Store) Body(ctx context.Context, ambitoID, id int64) (pdz.Body, error) {
	return s.loadBody(ctx, s.read, `b.ambito_id = $1 AND b.id = $2`, ambitoID, id)
}

// BodyBySlug returns one body of an Ambito, by slug, with its members.
func (s *Store) BodyBySlug(ctx context.Context, ambitoID int64, slug string) (pdz.Body, error) {
	return s.loadBody(ctx, s.read, `b.ambito_id = $1 AND b.slug = $2`, ambitoID, slug)
}

func (s *Store) loadBody(ctx context.Context, q querier, where string, args ...any) (pdz.Body, error) {
	b, err := scanBody(q.QueryRowContext(ctx, `SELECT `+bodyCols+bodyFrom+` WHERE `+where, args...))
	if err != nil {
		return b, one(err, "Organo")
	}
	b.Members, err = list(ctx, q, scanMember, `SELECT `+memberCols+memberFrom+` WHERE m.ambito_id = $1 AND m.body_id = $2 ORDER BY m.position, m.id`, b.AmbitoID, b.ID)
	return b, err
}

// bodyHead is what the audit log keeps of a body's own fields.
func bodyHead(b pdz.Body) pdz.Body {
	b.Members = nil
	return b
}

const bodySlugTaken = "Un altro organo dell'Ambito usa già questo identificativo."

// checkComune verifies that comuneID (if any) is one of the Ambito's Comuni.
func checkComune(ctx context.Context, tx *sql.Tx, ambitoID, comuneID int64, field string) error {
	if comuneID == 0 {
		return nil
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM comuni WHERE ambito_id = $1 AND id = $2`, ambitoID, comuneID).Scan(&n); err != nil {
		return internal("check comune", err)
	}
	if n == 0 {
		return pdz.Problems{field: "Scegli uno dei Comuni dell'Ambito."}.Err()
	}
	return nil
}

// SaveBody creates (ID 0) or updates a body's own fields.
func (s *Store) SaveBody(ctx context.Context, actor pdz.Actor, b *pdz.Body) error {
	if err := b.Validate(); err != nil {
		return err
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		if err := checkComune(ctx, tx, b.AmbitoID, b.ComuneID, "comune_id"); err != nil {
			return err
		}
		now := s.Now()
		if b.ID == 0 {
			if b.Position == 0 {
				if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(position), 0) + 1 FROM bodies WHERE ambito_id = $1`, b.AmbitoID).Scan(&b.Position); err != nil {
					return internal("next body position", err)
				}
			}
			b.CreatedAt, b.UpdatedAt = now, now
			err := tx.QueryRowContext(ctx, `INSERT INTO bodies (ambito_id, kind, slug, name, description, comune_id, position, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id`,
				b.AmbitoID, b.Kind, b.Slug, b.Name, b.Description, nullID(b.ComuneID), b.Position, now).Scan(&b.ID)
			if err != nil {
				return translate(err, "create body", "slug", bodySlugTaken)
			}
			return s.audit(ctx, tx, actor, b.AmbitoID, "create", "body", b.ID, "Creato l'organo «"+b.Name+"»", nil, bodyHead(*b))
		}
		before, err := s.loadBody(ctx, tx, `b.ambito_id = $1 AND b.id = $2`, b.AmbitoID, b.ID)
		if err != nil {
			return err
		}
		if b.Position == 0 {
			b.Position = before.Position
		}
		b.CreatedAt, b.UpdatedAt = before.CreatedAt, now
		_, err = tx.ExecContext(ctx, `UPDATE bodies SET kind = $1, slug = $2, name = $3, description = $4, comune_id = $5, position = $6,
			updated_at = $7 WHERE ambito_id = $8 AND id = $9`,
			b.Kind, b.Slug, b.Name, b.Description, nullID(b.ComuneID), b.Position, now, b.AmbitoID, b.ID)
		if err != nil {
			return translate(err, "update body", "slug", bodySlugTaken)
		}
		return s.audit(ctx, tx, actor, b.AmbitoID, "update", "body", b.ID, "Modificato l'organo «"+b.Name+"»", bodyHead(before), bodyHead(*b))
	})
}

// DeleteBody removes a body without sessions, with its members. A body that
// has met keeps its record.
func (s *Store) DeleteBody(ctx context.Context, actor pdz.Actor, ambitoID, id int64) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		before, err := s.loadBody(ctx, tx, `b.ambito_id = $1 AND b.id = $2`, ambitoID, id)
		if err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM body_sessions WHERE ambito_id = $1 AND body_id = $2`, ambitoID, id).Scan(&n); err != nil {
			return internal("count sessions", err)
		}
		if n > 0 {
			return pdz.Errorf(pdz.ECONFLICT, "L'organo ha sedute registrate e resta agli atti: elimina prima le sedute in bozza, se sono errori.")
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM body_members WHERE ambito_id = $1 AND body_id = $2`, ambitoID, id); err != nil {
			return internal("delete members", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM bodies WHERE ambito_id = $1 AND id = $2`, ambitoID, id); err != nil {
			return internal("delete body", err)
		}
		return s.audit(ctx, tx, actor, ambitoID, "delete", "body", id, "Eliminato l'organo «"+before.Name+"»", before, nil)
	})
}

// lockBody checks that a body belongs to the Ambito and marks it changed,
// inside a write transaction.
func (s *Store) lockBody(ctx context.Context, tx *sql.Tx, ambitoID, bodyID int64) error {
	res, err := tx.ExecContext(ctx, `UPDATE bodies SET updated_at = $1 WHERE ambito_id = $2 AND id = $3`, s.Now(), ambitoID, bodyID)
	if err != nil {
		return internal("touch body", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return notFound("Organo")
	}
	return nil
}

// ---- members

func readMember(ctx context.Context, q querier, ambitoID, bodyID, id int64) (pdz.Member, error) {
	m, err := scanMember(q.QueryRowContext(ctx, `SELECT `+memberCols+memberFrom+` WHERE m.ambito_id = $1 AND m.body_id = $2 AND m.id = $3`, ambitoID, bodyID, id))
	return m, one(err, "Componente")
}

// Member returns one member of a body.
func (s *Store) Member(ctx context.Context, ambitoID, bodyID, id int64) (pdz.Member, error) {
	return readMember(ctx, s.read, ambitoID, bodyID, id)
}

// SaveMember creates (ID 0) or updates a member of a body. The Comune and
// the meeting it names must be the Ambito's.
func (s *Store) SaveMember(ctx context.Context, actor pdz.Actor, ambitoID int64, m *pdz.Member) error {
	if err := m.Validate(); err != nil {
		return err
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		if err := s.lockBody(ctx, tx, ambitoID, m.BodyID); err != nil {
			return err
		}
		if err := checkComune(ctx, tx, ambitoID, m.ComuneID, "comune_id"); err != nil {
			return err
		}
		if m.MeetingID != 0 {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM meetings WHERE ambito_id = $1 AND id = $2`, ambitoID, m.MeetingID).Scan(&n); err != nil {
				return internal("check meeting", err)
			}
			if n == 0 {
				return pdz.Problems{"meeting_id": "Scegli uno degli incontri dei percorsi dell'Ambito."}.Err()
			}
		}
		summary := m.Role
		if m.Name != "" {
			summary += " " + m.Name
		}
		if m.ID == 0 {
			if m.Position == 0 {
				if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(position), 0) + 1 FROM body_members WHERE ambito_id = $1 AND body_id = $2`,
					ambitoID, m.BodyID).Scan(&m.Position); err != nil {
					return internal("next member position", err)
				}
			}
			err := tx.QueryRowContext(ctx, `INSERT INTO body_members (ambito_id, body_id, position, role, name, represents, comune_id,
				appointment, meeting_id, starts_on, ends_on) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
				ambitoID, m.BodyID, m.Position, m.Role, m.Name, m.Represents, nullID(m.ComuneID), m.Appointment, nullID(m.MeetingID),
				m.StartsOn, m.EndsOn).Scan(&m.ID)
			if err != nil {
				return internal("create member", err)
			}
			return s.audit(ctx, tx, actor, ambitoID, "create", "member", m.ID, "Aggiunto il componente «"+summary+"»", nil, m)
		}
		before, err := readMember(ctx, tx, ambitoID, m.BodyID, m.ID)
		if err != nil {
			return err
		}
		if m.Position == 0 {
			m.Position = before.Position
		}
		_, err = tx.ExecContext(ctx, `UPDATE body_members SET position = $1, role = $2, name = $3, represents = $4, comune_id = $5,
			appointment = $6, meeting_id = $7, starts_on = $8, ends_on = $9 WHERE ambito_id = $10 AND body_id = $11 AND id = $12`,
			m.Position, m.Role, m.Name, m.Represents, nullID(m.ComuneID), m.Appointment, nullID(m.MeetingID), m.StartsOn, m.EndsOn,
			ambitoID, m.BodyID, m.ID)
		if err != nil {
			return internal("update member", err)
		}
		return s.audit(ctx, tx, actor, ambitoID, "update", "member", m.ID, "Modificato il componente «"+summary+"»", before, m)
	})
}

// DeleteMember removes a member who was never recorded present at a
// session; one who was must be given an end date instead.
func (s *Store) DeleteMember(ctx context.Context, actor pdz.Actor, ambitoID, bodyID, id int64) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		if err := s.lockBody(ctx, tx, ambitoID, bodyID); err != nil {
			return err
		}
		before, err := readMember(ctx, tx, ambitoID, bodyID, id)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM body_members WHERE ambito_id = $1 AND body_id = $2 AND id = $3`, ambitoID, bodyID, id)
		if database.IsForeignKeyViolation(err) {
			return pdz.Errorf(pdz.ECONFLICT, "Il componente risulta presente a una o più sedute o è stato eletto, e resta agli atti: indica la data di fine dell'incarico invece di eliminarlo.")
		} else if err != nil {
			return internal("delete member", err)
		}
		return s.audit(ctx, tx, actor, ambitoID, "delete", "member", id, "Eliminato il componente «"+before.Role+"»", before, nil)
	})
}
