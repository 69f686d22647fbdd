package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/pdz-ats/pdz/internal/locale"
	"github.com/pdz-ats/pdz/internal/pdz"
)

// Sessions (sedute) of the bodies, who was present, their acts and the
// files attached to the acts.

const sessionCols = `s.id, s.ambito_id, s.body_id, COALESCE(s.process_id, 0), COALESCE(s.meeting_id, 0), COALESCE(s.comune_id, 0),
	COALESCE(c.name, ''), s.number, s.day, s.start_time, s.end_time, s.place, s.convocation_number, s.convocation_date,
	s.agenda, s.guests, s.notes, s.status, s.published_at, s.created_at, s.updated_at`

const sessionFrom = ` FROM body_sessions s LEFT JOIN comuni c ON c.ambito_id = s.ambito_id AND c.id = s.comune_id`

func scanSession(r scanner) (pdz.BodySession, error) {
	var x pdz.BodySession
	var published sql.NullTime
	err := r.Scan(&x.ID, &x.AmbitoID, &x.BodyID, &x.ProcessID, &x.MeetingID, &x.ComuneID, &x.ComuneName, &x.Number, &x.Date,
		&x.StartTime, &x.EndTime, &x.Place, &x.ConvocationNumber, &x.ConvocationDate, &x.Agenda, &x.Guests, &x.Notes,
		&x.Status, &published, &x.CreatedAt, &x.UpdatedAt)
	x.PublishedAt = published.Time
	return x, err
}

const actCols = `a.id, a.session_id, a.position, a.kind, a.number, a.act_date, a.subject,
	COALESCE(f.id, 0), COALESCE(f.name, ''), COALESCE(f.size, 0), COALESCE(f.sha256, '')`

const actFrom = ` FROM session_acts a LEFT JOIN act_files f ON f.ambito_id = a.ambito_id AND f.id = a.file_id`

func scanAct(r scanner) (pdz.Act, error) {
	var a pdz.Act
	var f pdz.FileInfo
	err := r.Scan(&a.ID, &a.SessionID, &a.Position, &a.Kind, &a.Number, &a.Date, &a.Subject, &f.ID, &f.Name, &f.Size, &f.SHA256)
	if f.ID != 0 {
		a.File = &f
	}
	return a, err
}

// sessionOrder puts sessions in the order they were held.
const sessionOrder = ` ORDER BY s.day, COALESCE(s.start_time, ''), s.id`

// fillSessions loads the attendance and the acts of the sessions listed by
// where (a condition on body_sessions s).
func fillSessions(ctx context.Context, q querier, xs []pdz.BodySession, where string, args ...any) error {
	if len(xs) == 0 {
		return nil
	}
	idx := map[int64]int{}
	for i := range xs {
		idx[xs[i].ID] = i
	}
	type presence struct{ session, member int64 }
	ps, err := list(ctx, q, func(r scanner) (presence, error) {
		var p presence
		err := r.Scan(&p.session, &p.member)
		return p, err
	}, `SELECT sa.session_id, sa.member_id FROM session_attendance sa
		JOIN body_sessions s ON s.ambito_id = sa.ambito_id AND s.id = sa.session_id
		JOIN body_members m ON m.ambito_id = sa.ambito_id AND m.id = sa.member_id
		WHERE `+where+` ORDER BY m.position, m.id`, args...)
	if err != nil {
		return err
	}
	for _, p := range ps {
		if i, ok := idx[p.session]; ok {
			xs[i].Present = append(xs[i].Present, p.member)
		}
	}
	acts, err := list(ctx, q, scanAct, `SELECT `+actCols+actFrom+`
		JOIN body_sessions s ON s.ambito_id = a.ambito_id AND s.id = a.session_id
		WHERE `+where+` ORDER BY a.position, a.id`, args...)
	if err != nil {
		return err
	}
	for _, a := range acts {
		if i, ok := idx[a.SessionID]; ok {
			xs[i].Acts = append(xs[i].Acts, a)
		}
	}
	return nil
}

// BodySessions lists a body's sessions in date order, with attendance and
// acts; onlyPublished hides drafts.
func (s *Store) BodySessions(ctx context.Context, ambitoID, bodyID int64, onlyPublished bool) ([]pdz.BodySession, error) {
	where := `s.ambito_id = $1 AND s.body_id = $2 AND ($3 = FALSE OR s.status = 'pubblicato')`
	xs, err := list(ctx, s.read, scanSession, `SELECT `+sessionCols+sessionFrom+` WHERE `+where+sessionOrder, ambitoID, bodyID, onlyPublished)
	if err != nil {
		return nil, err
	}
	return xs, fillSessions(ctx, s.read, xs, where, ambitoID, bodyID, onlyPublished)
}

// ProcessSessions lists the sessions of every body that belong to a
// process, in date order, each with its body (without members), attendance
// and acts; onlyPublished hides drafts. They make the process's dated log.
func (s *Store) ProcessSessions(ctx context.Context, ambitoID, processID int64, onlyPublished bool) ([]pdz.BodySession, error) {
	where := `s.ambito_id = $1 AND s.process_id = $2 AND ($3 = FALSE OR s.status = 'pubblicato')`
	xs, err := list(ctx, s.read, scanSession, `SELECT `+sessionCols+sessionFrom+` WHERE `+where+sessionOrder, ambitoID, processID, onlyPublished)
	if err != nil {
		return nil, err
	}
	if err := fillSessions(ctx, s.read, xs, where, ambitoID, processID, onlyPublished); err != nil {
		return nil, err
	}
	bodies := map[int64]*pdz.Body{}
	for i := range xs {
		b, ok := bodies[xs[i].BodyID]
		if !ok {
			x, err := scanBody(s.read.QueryRowContext(ctx, `SELECT `+bodyCols+bodyFrom+` WHERE b.ambito_id = $1 AND b.id = $2`, ambitoID, xs[i].BodyID))
			if err != nil {
				return nil, one(err, "Organo")
			}
			b = &x
			bodies[x.ID] = b
		}
		xs[i].Body = b
	}
	return xs, nil
}

func readSession(ctx context.Context, q querier, ambitoID, bodyID, id int64) (pdz.BodySession, error) {
	x, err := scanSession(q.QueryRowContext(ctx, `SELECT `+sessionCols+sessionFrom+` WHERE s.ambito_id = $1 AND s.body_id = $2 AND s.id = $3`, ambitoID, bodyID, id))
	if err != nil {
		return x, one(err, "Seduta")
	}
	xs := []pdz.BodySession{x}
	err = fillSessions(ctx, q, xs, `s.ambito_id = $1 AND s.body_id = $2 AND s.id = $3`, ambitoID, bodyID, id)
	return xs[0], err
}

// BodySession returns one session of a body with its attendance and acts.
func (s *Store) BodySession(ctx context.Context, ambitoID, bodyID, id int64) (pdz.BodySession, error) {
	return readSession(ctx, s.read, ambitoID, bodyID, id)
}

// sessionHead is what the audit log keeps of a session's own fields.
func sessionHead(x pdz.BodySession) pdz.BodySession {
	x.Acts, x.Present, x.Body = nil, nil, nil
	return x
}

// checkSessionLinks verifies the process, meeting and Comune a session names:
// all the Ambito's, the meeting one of the process's, and the session held
// during the meeting.
func checkSessionLinks(ctx context.Context, tx *sql.Tx, ambitoID int64, x *pdz.BodySession) error {
	if err := checkComune(ctx, tx, ambitoID, x.ComuneID, "comune_id"); err != nil {
		return err
	}
	if x.ProcessID != 0 {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM processes WHERE ambito_id = $1 AND id = $2`, ambitoID, x.ProcessID).Scan(&n); err != nil {
			return internal("check process", err)
		}
		if n == 0 {
			return pdz.Problems{"process_id": "Scegli uno dei percorsi dell'Ambito."}.Err()
		}
	}
	if x.MeetingID != 0 {
		m, err := scanMeeting(tx.QueryRowContext(ctx, `SELECT `+meetingCols+` FROM meetings WHERE ambito_id = $1 AND process_id = $2 AND id = $3`,
			ambitoID, x.ProcessID, x.MeetingID))
		if errors.Is(err, sql.ErrNoRows) {
			return pdz.Problems{"meeting_id": "L'incontro scelto non appartiene al percorso indicato."}.Err()
		} else if err != nil {
			return internal("check meeting", err)
		}
		last := m.Date
		if !m.EndDate.IsZero() {
			last = m.EndDate
		}
		if x.Date.Before(m.Date) || x.Date.After(last) {
			return pdz.Problems{"date": "La seduta si svolge durante l'incontro scelto: la data deve essere quella dell'incontro (" + locale.ShortDate(m.Date) + ")."}.Err()
		}
	}
	return nil
}

// SaveBodySession creates (ID 0, as a draft) or updates a session's own
// fields; publication is SetBodySessionStatus's.
func (s *Store) SaveBodySession(ctx context.Context, actor pdz.Actor, ambitoID int64, x *pdz.BodySession) error {
	if err := x.Validate(); err != nil {
		return err
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		if err := s.lockBody(ctx, tx, ambitoID, x.BodyID); err != nil {
			return err
		}
		if err := checkSessionLinks(ctx, tx, ambitoID, x); err != nil {
			return err
		}
		now := s.Now()
		x.AmbitoID = ambitoID
		summary := "Seduta del " + x.Date.String()
		if x.ID == 0 {
			x.Status, x.CreatedAt, x.UpdatedAt, x.PublishedAt = pdz.StatusDraft, now, now, time.Time{}
			err := tx.QueryRowContext(ctx, `INSERT INTO body_sessions (ambito_id, body_id, process_id, meeting_id, comune_id, number, day,
				start_time, end_time, place, convocation_number, convocation_date, agenda, guests, notes, status, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17) RETURNING id`,
				ambitoID, x.BodyID, nullID(x.ProcessID), nullID(x.MeetingID), nullID(x.ComuneID), x.Number, x.Date, x.StartTime, x.EndTime,
				x.Place, x.ConvocationNumber, x.ConvocationDate, x.Agenda, x.Guests, x.Notes, x.Status, now).Scan(&x.ID)
			if err != nil {
				return internal("create session", err)
			}
			return s.audit(ctx, tx, actor, ambitoID, "create", "body_session", x.ID, summary, nil, sessionHead(*x))
		}
		before, err := readSession(ctx, tx, ambitoID, x.BodyID, x.ID)
		if err != nil {
			return err
		}
		x.Status, x.PublishedAt, x.CreatedAt, x.UpdatedAt = before.Status, before.PublishedAt, before.CreatedAt, now
		_, err = tx.ExecContext(ctx, `UPDATE body_sessions SET process_id = $1, meeting_id = $2, comune_id = $3, number = $4, day = $5,
			start_time = $6, end_time = $7, place = $8, convocation_number = $9, convocation_date = $10, agenda = $11, guests = $12,
			notes = $13, updated_at = $14 WHERE ambito_id = $15 AND body_id = $16 AND id = $17`,
			nullID(x.ProcessID), nullID(x.MeetingID), nullID(x.ComuneID), x.Number, x.Date, x.StartTime, x.EndTime, x.Place,
			x.ConvocationNumber, x.ConvocationDate, x.Agenda, x.Guests, x.Notes, now, ambitoID, x.BodyID, x.ID)
		if err != nil {
			return internal("update session", err)
		}
		return s.audit(ctx, tx, actor, ambitoID, "update", "body_session", x.ID, summary, sessionHead(before), sessionHead(*x))
	})
}

// SetBodySessionStatus publishes a session or takes it back to draft. The
// first publication date is kept.
func (s *Store) SetBodySessionStatus(ctx context.Context, actor pdz.Actor, ambitoID, bodyID, id int64, status pdz.Status) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		before, err := scanSession(tx.QueryRowContext(ctx, `SELECT `+sessionCols+sessionFrom+` WHERE s.ambito_id = $1 AND s.body_id = $2 AND s.id = $3`, ambitoID, bodyID, id))
		if err != nil {
			return one(err, "Seduta")
		}
		if before.Status == status {
			return nil
		}
		if err := s.lockBody(ctx, tx, ambitoID, bodyID); err != nil {
			return err
		}
		now := s.Now()
		published := before.PublishedAt
		action, summary := "unpublish", "Ritirata dalla pubblicazione la seduta del "+before.Date.String()
		if status == pdz.StatusPublished {
			action, summary = "publish", "Pubblicata la seduta del "+before.Date.String()
			if published.IsZero() {
				published = now
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE body_sessions SET status = $1, published_at = $2, updated_at = $3
			WHERE ambito_id = $4 AND body_id = $5 AND id = $6`, status, nullTime(published), now, ambitoID, bodyID, id); err != nil {
			return internal("set session status", err)
		}
		return s.audit(ctx, tx, actor, ambitoID, action, "body_session", id, summary,
			map[string]any{"Status": before.Status}, map[string]any{"Status": status})
	})
}

// DeleteBodySession removes a session that was never published, with its
// attendance and acts (their files stay). A session that has been published
// is part of the public record.
func (s *Store) DeleteBodySession(ctx context.Context, actor pdz.Actor, ambitoID, bodyID, id int64) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		before, err := readSession(ctx, tx, ambitoID, bodyID, id)
		if err != nil {
			return err
		}
		if !before.PublishedAt.IsZero() {
			return pdz.Errorf(pdz.ECONFLICT, "La seduta è stata pubblicata e resta agli atti: si può ritirare dalla pubblicazione ma non eliminare.")
		}
		if err := s.lockBody(ctx, tx, ambitoID, bodyID); err != nil {
			return err
		}
		for _, q := range []string{
			`DELETE FROM session_attendance WHERE ambito_id = $1 AND body_id = $2 AND session_id = $3`,
			`DELETE FROM session_acts WHERE ambito_id = $1 AND body_id = $2 AND session_id = $3`,
			`DELETE FROM body_sessions WHERE ambito_id = $1 AND body_id = $2 AND id = $3`,
		} {
			if _, err := tx.ExecContext(ctx, q, ambitoID, bodyID, id); err != nil {
				return internal("delete session", err)
			}
		}
		return s.audit(ctx, tx, actor, ambitoID, "delete", "body_session", id, "Eliminata la bozza della seduta del "+before.Date.String(), before, nil)
	})
}

// lockSession checks that a session belongs to the body and the Ambito and
// marks it changed, inside a write transaction. It returns the session's
// own fields as they were.
func (s *Store) lockSession(ctx context.Context, tx *sql.Tx, ambitoID, bodyID, sessionID int64) (pdz.BodySession, error) {
	x, err := scanSession(tx.QueryRowContext(ctx, `SELECT `+sessionCols+sessionFrom+` WHERE s.ambito_id = $1 AND s.body_id = $2 AND s.id = $3`, ambitoID, bodyID, sessionID))
	if err != nil {
		return x, one(err, "Seduta")
	}
	if _, err := tx.ExecContext(ctx, `UPDATE body_sessions SET updated_at = $1 WHERE ambito_id = $2 AND id = $3`, s.Now(), ambitoID, sessionID); err != nil {
		return x, internal("touch session", err)
	}
	return x, s.lockBody(ctx, tx, ambitoID, bodyID)
}

// attendanceRecord is what the audit log keeps of an attendance change.
type attendanceRecord struct {
	Present []int64
	Guests  string
}

// SetAttendance records who among the body's members was present at a
// session, and the guests. Every member named must be the body's.
func (s *Store) SetAttendance(ctx context.Context, actor pdz.Actor, ambitoID, bodyID, sessionID int64, present []int64, guests string) error {
	p := pdz.Problems{}
	if len([]rune(guests)) > 4000 {
		p.Add("guests", "Il testo è troppo lungo: al massimo 4000 caratteri.")
	}
	if err := p.Err(); err != nil {
		return err
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		x, err := s.lockSession(ctx, tx, ambitoID, bodyID, sessionID)
		if err != nil {
			return err
		}
		before := []pdz.BodySession{x}
		if err := fillSessions(ctx, tx, before, `s.ambito_id = $1 AND s.id = $2`, ambitoID, sessionID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM session_attendance WHERE ambito_id = $1 AND body_id = $2 AND session_id = $3`, ambitoID, bodyID, sessionID); err != nil {
			return internal("clear attendance", err)
		}
		seen := map[int64]bool{}
		var kept []int64
		for _, id := range present {
			if seen[id] {
				continue
			}
			seen[id] = true
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM body_members WHERE ambito_id = $1 AND body_id = $2 AND id = $3`, ambitoID, bodyID, id).Scan(&n); err != nil {
				return internal("check member", err)
			}
			if n == 0 {
				return pdz.Problems{"present": "Uno dei presenti indicati non è componente di questo organo."}.Err()
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO session_attendance (ambito_id, body_id, session_id, member_id) VALUES ($1, $2, $3, $4)`,
				ambitoID, bodyID, sessionID, id); err != nil {
				return internal("save attendance", err)
			}
			kept = append(kept, id)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE body_sessions SET guests = $1 WHERE ambito_id = $2 AND id = $3`, guests, ambitoID, sessionID); err != nil {
			return internal("save guests", err)
		}
		return s.audit(ctx, tx, actor, ambitoID, "update", "attendance", sessionID, "Presenze della seduta del "+x.Date.String(),
			attendanceRecord{before[0].Present, x.Guests}, attendanceRecord{kept, guests})
	})
}

// ---- acts

func readAct(ctx context.Context, q querier, ambitoID, bodyID, sessionID, id int64) (pdz.Act, error) {
	a, err := scanAct(q.QueryRowContext(ctx, `SELECT `+actCols+actFrom+` WHERE a.ambito_id = $1 AND a.body_id = $2 AND a.session_id = $3 AND a.id = $4`,
		ambitoID, bodyID, sessionID, id))
	return a, one(err, "Atto")
}

// Act returns one act of a session.
func (s *Store) Act(ctx context.Context, ambitoID, bodyID, sessionID, id int64) (pdz.Act, error) {
	return readAct(ctx, s.read, ambitoID, bodyID, sessionID, id)
}

// SaveAct creates (ID 0) or updates an act of a session. file, if not nil,
// becomes its attachment (a new stored file: the one it replaces is kept);
// dropFile removes the attachment from the act.
func (s *Store) SaveAct(ctx context.Context, actor pdz.Actor, ambitoID, bodyID int64, a *pdz.Act, file *pdz.File, dropFile bool) error {
	if err := a.Validate(); err != nil {
		return err
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		if _, err := s.lockSession(ctx, tx, ambitoID, bodyID, a.SessionID); err != nil {
			return err
		}
		var before *pdz.Act
		if a.ID != 0 {
			b, err := readAct(ctx, tx, ambitoID, bodyID, a.SessionID, a.ID)
			if err != nil {
				return err
			}
			before = &b
			if !dropFile {
				a.File = b.File
			}
		}
		if dropFile {
			a.File = nil
		}
		if file != nil {
			f := *file
			err := tx.QueryRowContext(ctx, `INSERT INTO act_files (ambito_id, name, content_type, size, sha256, data, created_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
				ambitoID, f.Name, f.ContentType, f.Size, f.SHA256, f.Data, s.Now()).Scan(&f.ID)
			if err != nil {
				return internal("store file", err)
			}
			info := f.FileInfo
			a.File = &info
		}
		var fileID int64
		if a.File != nil {
			fileID = a.File.ID
		}
		summary := a.Kind.Label()
		if ref := a.Reference(); ref != "" {
			summary = ref
		}
		if before == nil {
			if a.Position == 0 {
				if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(position), 0) + 1 FROM session_acts WHERE ambito_id = $1 AND session_id = $2`,
					ambitoID, a.SessionID).Scan(&a.Position); err != nil {
					return internal("next act position", err)
				}
			}
			err := tx.QueryRowContext(ctx, `INSERT INTO session_acts (ambito_id, body_id, session_id, position, kind, number, act_date, subject, file_id)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
				ambitoID, bodyID, a.SessionID, a.Position, a.Kind, a.Number, a.Date, a.Subject, nullID(fileID)).Scan(&a.ID)
			if err != nil {
				return internal("create act", err)
			}
			return s.audit(ctx, tx, actor, ambitoID, "create", "act", a.ID, summary, nil, a)
		}
		if a.Position == 0 {
			a.Position = before.Position
		}
		_, err := tx.ExecContext(ctx, `UPDATE session_acts SET position = $1, kind = $2, number = $3, act_date = $4, subject = $5, file_id = $6
			WHERE ambito_id = $7 AND body_id = $8 AND session_id = $9 AND id = $10`,
			a.Position, a.Kind, a.Number, a.Date, a.Subject, nullID(fileID), ambitoID, bodyID, a.SessionID, a.ID)
		if err != nil {
			return internal("update act", err)
		}
		return s.audit(ctx, tx, actor, ambitoID, "update", "act", a.ID, summary, before, a)
	})
}

// DeleteAct removes an act of a session that was never published; the acts
// of a published session are part of the record and can only be corrected.
func (s *Store) DeleteAct(ctx context.Context, actor pdz.Actor, ambitoID, bodyID, sessionID, id int64) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		x, err := s.lockSession(ctx, tx, ambitoID, bodyID, sessionID)
		if err != nil {
			return err
		}
		before, err := readAct(ctx, tx, ambitoID, bodyID, sessionID, id)
		if err != nil {
			return err
		}
		if !x.PublishedAt.IsZero() {
			return pdz.Errorf(pdz.ECONFLICT, "La seduta è stata pubblicata: i suoi atti restano agli atti e si possono correggere ma non eliminare.")
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM session_acts WHERE ambito_id = $1 AND body_id = $2 AND session_id = $3 AND id = $4`, ambitoID, bodyID, sessionID, id)
		if err != nil {
			return internal("delete act", err)
		}
		return s.audit(ctx, tx, actor, ambitoID, "delete", "act", id, before.Kind.Label(), before, nil)
	})
}

// ActFile returns the attachment of an act, with its content.
func (s *Store) ActFile(ctx context.Context, ambitoID, bodyID, sessionID, actID int64) (pdz.File, error) {
	var f pdz.File
	err := s.read.QueryRowContext(ctx, `SELECT f.id, f.name, f.size, f.sha256, f.content_type, f.data
		FROM session_acts a JOIN act_files f ON f.ambito_id = a.ambito_id AND f.id = a.file_id
		WHERE a.ambito_id = $1 AND a.body_id = $2 AND a.session_id = $3 AND a.id = $4`, ambitoID, bodyID, sessionID, actID).
		Scan(&f.ID, &f.Name, &f.Size, &f.SHA256, &f.ContentType, &f.Data)
	return f, one(err, "Allegato")
}
