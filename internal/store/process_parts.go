package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/pdz-ats/pdz/internal/database"
	"github.com/pdz-ats/pdz/internal/pdz"
)

// The parts of a notice (premises, phases, areas, signatories, meetings) share
// one way to be saved and deleted: check the process is the Ambito's, mark it
// changed, write the row, audit it with its state before and after.

// part describes one kind of part for the shared code below.
type part struct {
	table, entity, what string // what: Italian name for "not found"
}

var (
	premisePart   = part{"premises", "premise", "Premessa"}
	phasePart     = part{"phases", "phase", "Fase"}
	areaPart      = part{"areas", "area", "Area tematica"}
	signatoryPart = part{"signatories", "signatory", "Firmatario"}
	meetingPart   = part{"meetings", "meeting", "Incontro"}
)

// savePart creates (*id == 0) or updates a part. read loads the current row
// inside the transaction; insert must set *id.
func (s *Store) savePart(ctx context.Context, actor pdz.Actor, pt part, ambitoID, processID int64, id *int64, name string, v any,
	read func(tx *sql.Tx) (any, error), insert, update func(tx *sql.Tx) error) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		if err := s.lockProcess(ctx, tx, ambitoID, processID); err != nil {
			return err
		}
		if *id == 0 {
			if err := insert(tx); err != nil {
				return err
			}
			return s.audit(ctx, tx, actor, ambitoID, "create", pt.entity, *id, name, nil, v)
		}
		before, err := read(tx)
		if err != nil {
			return err
		}
		if err := update(tx); err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, ambitoID, "update", pt.entity, *id, name, before, v)
	})
}

// deletePart removes a part of a process. inUse is the message for a part
// that other rows still refer to.
func (s *Store) deletePart(ctx context.Context, actor pdz.Actor, pt part, ambitoID, processID, id int64, inUse string,
	read func(tx *sql.Tx) (any, string, error)) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		if err := s.lockProcess(ctx, tx, ambitoID, processID); err != nil {
			return err
		}
		before, name, err := read(tx)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM `+pt.table+` WHERE ambito_id = $1 AND process_id = $2 AND id = $3`, ambitoID, processID, id)
		if database.IsForeignKeyViolation(err) {
			return pdz.Errorf(pdz.ECONFLICT, "%s", inUse)
		} else if err != nil {
			return internal("delete "+pt.entity, err)
		}
		return s.audit(ctx, tx, actor, ambitoID, "delete", pt.entity, id, name, before, nil)
	})
}

// nextPosition is the position after the last part of a process.
func nextPosition(ctx context.Context, tx *sql.Tx, pt part, ambitoID, processID int64) (int, error) {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(position), 0) + 1 FROM `+pt.table+` WHERE ambito_id = $1 AND process_id = $2`, ambitoID, processID).Scan(&n)
	return n, internal("next position", err)
}

// ---- premises

const premiseCols = `id, process_id, position, lead, kind, number, act_date, subject, notes`

func scanPremise(r scanner) (pdz.Premise, error) {
	var x pdz.Premise
	err := r.Scan(&x.ID, &x.ProcessID, &x.Position, &x.Lead, &x.Kind, &x.Number, &x.Date, &x.Subject, &x.Notes)
	return x, err
}

func readPremise(ctx context.Context, q querier, ambitoID, processID, id int64) (pdz.Premise, error) {
	x, err := scanPremise(q.QueryRowContext(ctx, `SELECT `+premiseCols+` FROM premises WHERE ambito_id = $1 AND process_id = $2 AND id = $3`, ambitoID, processID, id))
	return x, one(err, premisePart.what)
}

// Premise returns one premise of a process.
func (s *Store) Premise(ctx context.Context, ambitoID, processID, id int64) (pdz.Premise, error) {
	return readPremise(ctx, s.read, ambitoID, processID, id)
}

// SavePremise creates or updates a premise of the notice.
func (s *Store) SavePremise(ctx context.Context, actor pdz.Actor, ambitoID int64, x *pdz.Premise) error {
	if err := x.Validate(); err != nil {
		return err
	}
	return s.savePart(ctx, actor, premisePart, ambitoID, x.ProcessID, &x.ID, x.Kind+" "+x.Number, x,
		func(tx *sql.Tx) (any, error) { return readPremise(ctx, tx, ambitoID, x.ProcessID, x.ID) },
		func(tx *sql.Tx) error {
			var err error
			if x.Position == 0 {
				if x.Position, err = nextPosition(ctx, tx, premisePart, ambitoID, x.ProcessID); err != nil {
					return err
				}
			}
			err = tx.QueryRowContext(ctx, `INSERT INTO premises (ambito_id, process_id, position, lead, kind, number, act_date, subject, notes)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
				ambitoID, x.ProcessID, x.Position, x.Lead, x.Kind, x.Number, x.Date, x.Subject, x.Notes).Scan(&x.ID)
			return internal("create premise", err)
		},
		func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, `UPDATE premises SET position = $1, lead = $2, kind = $3, number = $4, act_date = $5, subject = $6, notes = $7
				WHERE ambito_id = $8 AND process_id = $9 AND id = $10`,
				x.Position, x.Lead, x.Kind, x.Number, x.Date, x.Subject, x.Notes, ambitoID, x.ProcessID, x.ID)
			return internal("update premise", err)
		})
}

// DeletePremise removes a premise.
func (s *Store) DeletePremise(ctx context.Context, actor pdz.Actor, ambitoID, processID, id int64) error {
	return s.deletePart(ctx, actor, premisePart, ambitoID, processID, id, "", func(tx *sql.Tx) (any, string, error) {
		x, err := readPremise(ctx, tx, ambitoID, processID, id)
		return x, x.Kind + " " + x.Number, err
	})
}

// ---- phases

const phaseCols = `id, process_id, position, label, title, description, starts_on, ends_on`

func scanPhase(r scanner) (pdz.Phase, error) {
	var x pdz.Phase
	err := r.Scan(&x.ID, &x.ProcessID, &x.Position, &x.Label, &x.Title, &x.Description, &x.StartsOn, &x.EndsOn)
	return x, err
}

func readPhase(ctx context.Context, q querier, ambitoID, processID, id int64) (pdz.Phase, error) {
	x, err := scanPhase(q.QueryRowContext(ctx, `SELECT `+phaseCols+` FROM phases WHERE ambito_id = $1 AND process_id = $2 AND id = $3`, ambitoID, processID, id))
	return x, one(err, phasePart.what)
}

// Phase returns one phase of a process.
func (s *Store) Phase(ctx context.Context, ambitoID, processID, id int64) (pdz.Phase, error) {
	return readPhase(ctx, s.read, ambitoID, processID, id)
}

// SavePhase creates or updates a phase. Narrowing a phase's dates must not
// leave its meetings outside them.
func (s *Store) SavePhase(ctx context.Context, actor pdz.Actor, ambitoID int64, x *pdz.Phase) error {
	if err := x.Validate(); err != nil {
		return err
	}
	return s.savePart(ctx, actor, phasePart, ambitoID, x.ProcessID, &x.ID, x.Name(), x,
		func(tx *sql.Tx) (any, error) { return readPhase(ctx, tx, ambitoID, x.ProcessID, x.ID) },
		func(tx *sql.Tx) error {
			var err error
			if x.Position == 0 {
				if x.Position, err = nextPosition(ctx, tx, phasePart, ambitoID, x.ProcessID); err != nil {
					return err
				}
			}
			err = tx.QueryRowContext(ctx, `INSERT INTO phases (ambito_id, process_id, position, label, title, description, starts_on, ends_on)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
				ambitoID, x.ProcessID, x.Position, x.Label, x.Title, x.Description, x.StartsOn, x.EndsOn).Scan(&x.ID)
			return internal("create phase", err)
		},
		func(tx *sql.Tx) error {
			ms, err := list(ctx, tx, scanMeeting, `SELECT `+meetingCols+` FROM meetings WHERE ambito_id = $1 AND phase_id = $2`, ambitoID, x.ID)
			if err != nil {
				return err
			}
			for _, m := range ms {
				if !x.Contains(m.Date) || (!m.EndDate.IsZero() && !x.Contains(m.EndDate)) {
					return pdz.Problems{"starts_on": "Con queste date l'incontro «" + m.Name() + "» resterebbe fuori dalla fase: sposta prima l'incontro."}.Err()
				}
			}
			_, err = tx.ExecContext(ctx, `UPDATE phases SET position = $1, label = $2, title = $3, description = $4, starts_on = $5, ends_on = $6
				WHERE ambito_id = $7 AND process_id = $8 AND id = $9`,
				x.Position, x.Label, x.Title, x.Description, x.StartsOn, x.EndsOn, ambitoID, x.ProcessID, x.ID)
			return internal("update phase", err)
		})
}

// DeletePhase removes a phase that has no meetings.
func (s *Store) DeletePhase(ctx context.Context, actor pdz.Actor, ambitoID, processID, id int64) error {
	return s.deletePart(ctx, actor, phasePart, ambitoID, processID, id,
		"La fase contiene incontri: spostali in un'altra fase o eliminali prima di eliminare la fase.",
		func(tx *sql.Tx) (any, string, error) {
			x, err := readPhase(ctx, tx, ambitoID, processID, id)
			return x, x.Name(), err
		})
}

// ---- areas

const areaCols = `id, process_id, position, code, title, description`

func scanArea(r scanner) (pdz.Area, error) {
	var x pdz.Area
	err := r.Scan(&x.ID, &x.ProcessID, &x.Position, &x.Code, &x.Title, &x.Description)
	return x, err
}

func readArea(ctx context.Context, q querier, ambitoID, processID, id int64) (pdz.Area, error) {
	x, err := scanArea(q.QueryRowContext(ctx, `SELECT `+areaCols+` FROM areas WHERE ambito_id = $1 AND process_id = $2 AND id = $3`, ambitoID, processID, id))
	return x, one(err, areaPart.what)
}

// Area returns one thematic area of a process.
func (s *Store) Area(ctx context.Context, ambitoID, processID, id int64) (pdz.Area, error) {
	return readArea(ctx, s.read, ambitoID, processID, id)
}

// SaveArea creates or updates a thematic area.
func (s *Store) SaveArea(ctx context.Context, actor pdz.Actor, ambitoID int64, x *pdz.Area) error {
	if err := x.Validate(); err != nil {
		return err
	}
	// Two areas with one code would make "Area 1" ambiguous in the notice,
	// the registrations and the exports.
	uniqueCode := func(tx *sql.Tx) error {
		if x.Code == "" {
			return nil
		}
		var other string
		err := tx.QueryRowContext(ctx, `SELECT title FROM areas WHERE ambito_id = $1 AND process_id = $2 AND code = $3 AND id <> $4`,
			ambitoID, x.ProcessID, x.Code, x.ID).Scan(&other)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return internal("area code", err)
		}
		return (pdz.Problems{"code": "Il codice «" + x.Code + "» è già dell'area «" + other + "» di questo percorso: scegline un altro."}).Err()
	}
	return s.savePart(ctx, actor, areaPart, ambitoID, x.ProcessID, &x.ID, x.Name(), x,
		func(tx *sql.Tx) (any, error) { return readArea(ctx, tx, ambitoID, x.ProcessID, x.ID) },
		func(tx *sql.Tx) error {
			if err := uniqueCode(tx); err != nil {
				return err
			}
			var err error
			if x.Position == 0 {
				if x.Position, err = nextPosition(ctx, tx, areaPart, ambitoID, x.ProcessID); err != nil {
					return err
				}
			}
			err = tx.QueryRowContext(ctx, `INSERT INTO areas (ambito_id, process_id, position, code, title, description)
				VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
				ambitoID, x.ProcessID, x.Position, x.Code, x.Title, x.Description).Scan(&x.ID)
			return internal("create area", err)
		},
		func(tx *sql.Tx) error {
			if err := uniqueCode(tx); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, `UPDATE areas SET position = $1, code = $2, title = $3, description = $4
				WHERE ambito_id = $5 AND process_id = $6 AND id = $7`,
				x.Position, x.Code, x.Title, x.Description, ambitoID, x.ProcessID, x.ID)
			return internal("update area", err)
		})
}

// DeleteArea removes an area no meeting treats.
func (s *Store) DeleteArea(ctx context.Context, actor pdz.Actor, ambitoID, processID, id int64) error {
	return s.deletePart(ctx, actor, areaPart, ambitoID, processID, id,
		"L'area è trattata da uno o più incontri o ha già manifestazioni di interesse o proposte: toglila prima dagli incontri; un'area con iscritti non si può eliminare.",
		func(tx *sql.Tx) (any, string, error) {
			x, err := readArea(ctx, tx, ambitoID, processID, id)
			return x, x.Name(), err
		})
}

// ---- signatories

const signatoryCols = `id, process_id, position, role, name`

func scanSignatory(r scanner) (pdz.Signatory, error) {
	var x pdz.Signatory
	err := r.Scan(&x.ID, &x.ProcessID, &x.Position, &x.Role, &x.Name)
	return x, err
}

func readSignatory(ctx context.Context, q querier, ambitoID, processID, id int64) (pdz.Signatory, error) {
	x, err := scanSignatory(q.QueryRowContext(ctx, `SELECT `+signatoryCols+` FROM signatories WHERE ambito_id = $1 AND process_id = $2 AND id = $3`, ambitoID, processID, id))
	return x, one(err, signatoryPart.what)
}

// Signatory returns one signatory of a notice.
func (s *Store) Signatory(ctx context.Context, ambitoID, processID, id int64) (pdz.Signatory, error) {
	return readSignatory(ctx, s.read, ambitoID, processID, id)
}

// SaveSignatory creates or updates a signatory.
func (s *Store) SaveSignatory(ctx context.Context, actor pdz.Actor, ambitoID int64, x *pdz.Signatory) error {
	if err := x.Validate(); err != nil {
		return err
	}
	return s.savePart(ctx, actor, signatoryPart, ambitoID, x.ProcessID, &x.ID, x.Role+" "+x.Name, x,
		func(tx *sql.Tx) (any, error) { return readSignatory(ctx, tx, ambitoID, x.ProcessID, x.ID) },
		func(tx *sql.Tx) error {
			var err error
			if x.Position == 0 {
				if x.Position, err = nextPosition(ctx, tx, signatoryPart, ambitoID, x.ProcessID); err != nil {
					return err
				}
			}
			err = tx.QueryRowContext(ctx, `INSERT INTO signatories (ambito_id, process_id, position, role, name)
				VALUES ($1, $2, $3, $4, $5) RETURNING id`, ambitoID, x.ProcessID, x.Position, x.Role, x.Name).Scan(&x.ID)
			return internal("create signatory", err)
		},
		func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, `UPDATE signatories SET position = $1, role = $2, name = $3
				WHERE ambito_id = $4 AND process_id = $5 AND id = $6`, x.Position, x.Role, x.Name, ambitoID, x.ProcessID, x.ID)
			return internal("update signatory", err)
		})
}

// DeleteSignatory removes a signatory.
func (s *Store) DeleteSignatory(ctx context.Context, actor pdz.Actor, ambitoID, processID, id int64) error {
	return s.deletePart(ctx, actor, signatoryPart, ambitoID, processID, id, "", func(tx *sql.Tx) (any, string, error) {
		x, err := readSignatory(ctx, tx, ambitoID, processID, id)
		return x, x.Role + " " + x.Name, err
	})
}

// ---- meetings

const meetingCols = `id, process_id, COALESCE(phase_id, 0), COALESCE(parent_id, 0), position, kind, label, title, description,
	day, end_day, start_time, end_time, venue_name, venue_address, venue_city, invited, notes, updated_at`

func scanMeeting(r scanner) (pdz.Meeting, error) {
	var m pdz.Meeting
	err := r.Scan(&m.ID, &m.ProcessID, &m.PhaseID, &m.ParentID, &m.Position, &m.Kind, &m.Label, &m.Title, &m.Description,
		&m.Date, &m.EndDate, &m.StartTime, &m.EndTime, &m.VenueName, &m.VenueAddress, &m.VenueCity, &m.Invited, &m.Notes, &m.UpdatedAt)
	return m, err
}

// meetingAudit is what the log keeps of a meeting: its fields, not the loaded areas.
func meetingAudit(m pdz.Meeting) pdz.Meeting {
	m.Areas = nil
	return m
}

// SaveMeeting creates or updates a meeting after checking it against the
// rest of its process (phase dates, parent meeting, deadline). It returns
// the warnings the user should see, such as another meeting in the same
// room at the same time.
func (s *Store) SaveMeeting(ctx context.Context, actor pdz.Actor, ambitoID int64, m *pdz.Meeting, loc *time.Location) ([]pdz.Warning, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	var warnings []pdz.Warning
	err := s.write(ctx, func(tx *sql.Tx) error {
		proc, err := s.loadProcess(ctx, tx, `ambito_id = $1 AND id = $2`, ambitoID, m.ProcessID)
		if err != nil {
			return err
		}
		var before *pdz.Meeting
		if m.ID != 0 {
			if before = proc.Meeting(m.ID); before == nil {
				return notFound(meetingPart.what)
			}
			if m.ParentID != 0 && len(proc.Children(m.ID)) > 0 {
				return pdz.Problems{"parent_id": "Questo incontro ne contiene altri e non può stare a sua volta dentro un incontro."}.Err()
			}
		}
		if warnings, err = pdz.CheckMeetingInProcess(m, &proc, loc); err != nil {
			return err
		}
		if m.ID != 0 {
			for _, c := range proc.Children(m.ID) {
				if c.Starts(loc).Before(m.Starts(loc)) || c.Ends(loc).After(m.Ends(loc)) {
					return pdz.Problems{"date": "«" + c.Name() + "» si svolge dentro questo incontro e resterebbe fuori dai nuovi orari: spostalo prima."}.Err()
				}
			}
		}
		m.UpdatedAt = s.Now()
		if err := s.lockProcess(ctx, tx, ambitoID, m.ProcessID); err != nil {
			return err
		}
		if m.ID == 0 {
			if m.Position == 0 {
				if m.Position, err = nextPosition(ctx, tx, meetingPart, ambitoID, m.ProcessID); err != nil {
					return err
				}
			}
			err = tx.QueryRowContext(ctx, `INSERT INTO meetings (ambito_id, process_id, phase_id, parent_id, position, kind, label, title,
				description, day, end_day, start_time, end_time, venue_name, venue_address, venue_city, invited, notes, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19) RETURNING id`,
				ambitoID, m.ProcessID, nullID(m.PhaseID), nullID(m.ParentID), m.Position, m.Kind, m.Label, m.Title, m.Description,
				m.Date, m.EndDate, m.StartTime, m.EndTime, m.VenueName, m.VenueAddress, m.VenueCity, m.Invited, m.Notes, m.UpdatedAt).Scan(&m.ID)
			if err != nil {
				return internal("create meeting", err)
			}
		} else {
			_, err = tx.ExecContext(ctx, `UPDATE meetings SET phase_id = $1, parent_id = $2, position = $3, kind = $4, label = $5, title = $6,
				description = $7, day = $8, end_day = $9, start_time = $10, end_time = $11, venue_name = $12, venue_address = $13,
				venue_city = $14, invited = $15, notes = $16, updated_at = $17 WHERE ambito_id = $18 AND process_id = $19 AND id = $20`,
				nullID(m.PhaseID), nullID(m.ParentID), m.Position, m.Kind, m.Label, m.Title, m.Description, m.Date, m.EndDate,
				m.StartTime, m.EndTime, m.VenueName, m.VenueAddress, m.VenueCity, m.Invited, m.Notes, m.UpdatedAt, ambitoID, m.ProcessID, m.ID)
			if err != nil {
				return internal("update meeting", err)
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM meeting_areas WHERE ambito_id = $1 AND meeting_id = $2`, ambitoID, m.ID); err != nil {
				return internal("update meeting areas", err)
			}
		}
		for _, a := range m.AreaIDs {
			if _, err := tx.ExecContext(ctx, `INSERT INTO meeting_areas (ambito_id, meeting_id, area_id) VALUES ($1, $2, $3)
				ON CONFLICT (meeting_id, area_id) DO NOTHING`, ambitoID, m.ID, a); err != nil {
				return internal("save meeting areas", err)
			}
		}
		action := "create"
		var old any
		if before != nil {
			action, old = "update", meetingAudit(*before)
		}
		return s.audit(ctx, tx, actor, ambitoID, action, meetingPart.entity, m.ID, m.Name(), old, meetingAudit(*m))
	})
	return warnings, err
}

// DeleteMeeting removes a meeting that contains no other meeting.
func (s *Store) DeleteMeeting(ctx context.Context, actor pdz.Actor, ambitoID, processID, id int64) error {
	return s.deletePart(ctx, actor, meetingPart, ambitoID, processID, id,
		"L'incontro ne contiene altri o vi fanno riferimento sedute o componenti degli organi: eliminali, spostali o scollegali prima.",
		func(tx *sql.Tx) (any, string, error) {
			m, err := scanMeeting(tx.QueryRowContext(ctx, `SELECT `+meetingCols+` FROM meetings WHERE ambito_id = $1 AND process_id = $2 AND id = $3`, ambitoID, processID, id))
			if err != nil {
				return nil, "", one(err, meetingPart.what)
			}
			_, err = tx.ExecContext(ctx, `DELETE FROM meeting_areas WHERE ambito_id = $1 AND meeting_id = $2`, ambitoID, id)
			return meetingAudit(m), m.Name(), internal("delete meeting areas", err)
		})
}
