package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/pdz-ats/pdz/internal/database"
	"github.com/pdz-ats/pdz/internal/pdz"
)

const processCols = `id, ambito_id, slug, title, cycle, body, participation, venue_note, deadline, registration_email,
	registration_rules, signed_place, signed_on, status, published_at, created_at, updated_at`

func scanProcess(r scanner) (pdz.Process, error) {
	var p pdz.Process
	var deadline, published sql.NullTime
	err := r.Scan(&p.ID, &p.AmbitoID, &p.Slug, &p.Title, &p.Cycle, &p.Body, &p.Participation, &p.VenueNote, &deadline,
		&p.RegistrationEmail, &p.RegistrationRules, &p.SignedPlace, &p.SignedOn, &p.Status, &published, &p.CreatedAt, &p.UpdatedAt)
	p.Deadline, p.PublishedAt = deadline.Time, published.Time
	return p, err
}

// Processes lists an Ambito's processes, newest first; onlyPublished hides drafts.
func (s *Store) Processes(ctx context.Context, ambitoID int64, onlyPublished bool) ([]pdz.Process, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT `+processCols+` FROM processes
		WHERE ambito_id = $1 AND ($2 = FALSE OR status = 'pubblicato') ORDER BY created_at DESC, id DESC`, ambitoID, onlyPublished)
	return collect(rows, err, scanProcess)
}

// Process returns a process of an Ambito with everything in it.
func (s *Store) Process(ctx context.Context, ambitoID, id int64) (pdz.Process, error) {
	return s.loadProcess(ctx, s.read, `ambito_id = $1 AND id = $2`, ambitoID, id)
}

// ProcessBySlug returns a process of an Ambito, by slug, with everything in it.
func (s *Store) ProcessBySlug(ctx context.Context, ambitoID int64, slug string) (pdz.Process, error) {
	return s.loadProcess(ctx, s.read, `ambito_id = $1 AND slug = $2`, ambitoID, slug)
}

func (s *Store) loadProcess(ctx context.Context, q querier, where string, args ...any) (pdz.Process, error) {
	p, err := scanProcess(q.QueryRowContext(ctx, `SELECT `+processCols+` FROM processes WHERE `+where, args...))
	if err != nil {
		return p, one(err, "Percorso")
	}
	a, id := p.AmbitoID, p.ID
	if p.Premises, err = list(ctx, q, scanPremise, `SELECT `+premiseCols+` FROM premises WHERE ambito_id = $1 AND process_id = $2 ORDER BY position, id`, a, id); err != nil {
		return p, err
	}
	if p.Phases, err = list(ctx, q, scanPhase, `SELECT `+phaseCols+` FROM phases WHERE ambito_id = $1 AND process_id = $2 ORDER BY position, id`, a, id); err != nil {
		return p, err
	}
	if p.Areas, err = list(ctx, q, scanArea, `SELECT `+areaCols+` FROM areas WHERE ambito_id = $1 AND process_id = $2 ORDER BY position, id`, a, id); err != nil {
		return p, err
	}
	if p.Signatories, err = list(ctx, q, scanSignatory, `SELECT `+signatoryCols+` FROM signatories WHERE ambito_id = $1 AND process_id = $2 ORDER BY position, id`, a, id); err != nil {
		return p, err
	}
	if p.Meetings, err = list(ctx, q, scanMeeting, `SELECT `+meetingCols+` FROM meetings WHERE ambito_id = $1 AND process_id = $2`, a, id); err != nil {
		return p, err
	}
	type link struct{ meeting, area int64 }
	links, err := list(ctx, q, func(r scanner) (link, error) {
		var l link
		err := r.Scan(&l.meeting, &l.area)
		return l, err
	}, `SELECT ma.meeting_id, ma.area_id FROM meeting_areas ma
		JOIN areas ar ON ar.id = ma.area_id WHERE ma.ambito_id = $1 AND ar.process_id = $2 ORDER BY ar.position, ar.id`, a, id)
	if err != nil {
		return p, err
	}
	for _, l := range links {
		if m := p.Meeting(l.meeting); m != nil {
			m.AreaIDs = append(m.AreaIDs, l.area)
			if ar := p.Area(l.area); ar != nil {
				m.Areas = append(m.Areas, *ar)
			}
		}
	}
	pdz.SortMeetings(p.Meetings)
	return p, nil
}

// processHead is what the audit log keeps of a process's own fields.
func processHead(p pdz.Process) pdz.Process {
	p.Premises, p.Phases, p.Areas, p.Meetings, p.Signatories = nil, nil, nil, nil, nil
	return p
}

const processSlugTaken = "Un altro percorso dell'Ambito usa già questo identificativo."

// CreateProcess adds a draft process.
func (s *Store) CreateProcess(ctx context.Context, actor pdz.Actor, p *pdz.Process) error {
	if err := p.Validate(); err != nil {
		return err
	}
	now := s.Now()
	p.Status, p.CreatedAt, p.UpdatedAt, p.PublishedAt = pdz.StatusDraft, now, now, time.Time{}
	return s.write(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO processes (ambito_id, slug, title, cycle, body, participation, venue_note,
			deadline, registration_email, registration_rules, signed_place, signed_on, status, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14) RETURNING id`,
			p.AmbitoID, p.Slug, p.Title, p.Cycle, p.Body, p.Participation, p.VenueNote, nullTime(p.Deadline),
			p.RegistrationEmail, p.RegistrationRules, p.SignedPlace, p.SignedOn, p.Status, now).Scan(&p.ID)
		if err != nil {
			return translate(err, "create process", "slug", processSlugTaken)
		}
		return s.audit(ctx, tx, actor, p.AmbitoID, "create", "process", p.ID, "Creato il percorso «"+p.Cycle+"»", nil, processHead(*p))
	})
}

// UpdateProcess saves a process's own fields. A new deadline must precede
// the participatory meetings already scheduled.
func (s *Store) UpdateProcess(ctx context.Context, actor pdz.Actor, p *pdz.Process, loc *time.Location) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		before, err := s.loadProcess(ctx, tx, `ambito_id = $1 AND id = $2`, p.AmbitoID, p.ID)
		if err != nil {
			return err
		}
		if err := pdz.CheckDeadline(&before, p.Deadline, loc); err != nil {
			return err
		}
		p.Status, p.PublishedAt, p.CreatedAt, p.UpdatedAt = before.Status, before.PublishedAt, before.CreatedAt, s.Now()
		_, err = tx.ExecContext(ctx, `UPDATE processes SET slug = $1, title = $2, cycle = $3, body = $4, participation = $5,
			venue_note = $6, deadline = $7, registration_email = $8, registration_rules = $9, signed_place = $10, signed_on = $11,
			updated_at = $12 WHERE ambito_id = $13 AND id = $14`,
			p.Slug, p.Title, p.Cycle, p.Body, p.Participation, p.VenueNote, nullTime(p.Deadline), p.RegistrationEmail,
			p.RegistrationRules, p.SignedPlace, p.SignedOn, p.UpdatedAt, p.AmbitoID, p.ID)
		if err != nil {
			return translate(err, "update process", "slug", processSlugTaken)
		}
		return s.audit(ctx, tx, actor, p.AmbitoID, "update", "process", p.ID, "Modificato il percorso «"+p.Cycle+"»", processHead(before), processHead(*p))
	})
}

// SetProcessStatus publishes a process (its public pages go live) or takes
// it back to draft. The first publication date is kept.
func (s *Store) SetProcessStatus(ctx context.Context, actor pdz.Actor, ambitoID, id int64, status pdz.Status) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		before, err := scanProcess(tx.QueryRowContext(ctx, `SELECT `+processCols+` FROM processes WHERE ambito_id = $1 AND id = $2`, ambitoID, id))
		if err != nil {
			return one(err, "Percorso")
		}
		if before.Status == status {
			return nil
		}
		now := s.Now()
		published := before.PublishedAt
		action, summary := "unpublish", "Ritirato dalla pubblicazione il percorso «"+before.Cycle+"»"
		if status == pdz.StatusPublished {
			action, summary = "publish", "Pubblicato il percorso «"+before.Cycle+"»"
			if published.IsZero() {
				published = now
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE processes SET status = $1, published_at = $2, updated_at = $3
			WHERE ambito_id = $4 AND id = $5`, status, nullTime(published), now, ambitoID, id); err != nil {
			return internal("set status", err)
		}
		return s.audit(ctx, tx, actor, ambitoID, action, "process", id, summary,
			map[string]any{"Status": before.Status}, map[string]any{"Status": status})
	})
}

// DeleteProcess removes a draft process and everything in it. A process that
// has been published is part of the public record and is not deleted.
func (s *Store) DeleteProcess(ctx context.Context, actor pdz.Actor, ambitoID, id int64) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		before, err := s.loadProcess(ctx, tx, `ambito_id = $1 AND id = $2`, ambitoID, id)
		if err != nil {
			return err
		}
		if !before.PublishedAt.IsZero() {
			return pdz.Errorf(pdz.ECONFLICT, "Il percorso è stato pubblicato e resta agli atti: si può ritirare dalla pubblicazione ma non eliminare.")
		}
		// Children first: meetings reference phases, areas and each other.
		for _, q := range []string{
			`DELETE FROM meeting_areas WHERE ambito_id = $1 AND meeting_id IN (SELECT id FROM meetings WHERE ambito_id = $1 AND process_id = $2)`,
			`DELETE FROM meetings WHERE ambito_id = $1 AND process_id = $2 AND parent_id IS NOT NULL`,
			`DELETE FROM meetings WHERE ambito_id = $1 AND process_id = $2`,
			`DELETE FROM processes WHERE ambito_id = $1 AND id = $2`,
		} {
			if _, err := tx.ExecContext(ctx, q, ambitoID, id); database.IsForeignKeyViolation(err) {
				return pdz.Errorf(pdz.ECONFLICT, "Altri dati fanno riferimento a questo percorso o ai suoi incontri (ad esempio le sedute degli organi): scollegali prima di eliminare la bozza.")
			} else if err != nil {
				return internal("delete process", err)
			}
		}
		return s.audit(ctx, tx, actor, ambitoID, "delete", "process", id, "Eliminata la bozza del percorso «"+before.Cycle+"»", before, nil)
	})
}

// lockProcess checks that a process belongs to the Ambito and marks it
// changed, inside a write transaction: every change to a part of the notice
// goes through here, so the public page can say "aggiornato il …".
func (s *Store) lockProcess(ctx context.Context, tx *sql.Tx, ambitoID, processID int64) error {
	res, err := tx.ExecContext(ctx, `UPDATE processes SET updated_at = $1 WHERE ambito_id = $2 AND id = $3`, s.Now(), ambitoID, processID)
	if err != nil {
		return internal("touch process", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return notFound("Percorso")
	}
	return nil
}
