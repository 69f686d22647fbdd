package store

import (
	"context"
	"database/sql"
	"strconv"

	"github.com/pdz-ats/pdz/internal/database"
	"github.com/pdz-ats/pdz/internal/pdz"
)

// Minutes (verbali) of the meetings and the needs they record. Minutes are
// edited as drafts, then approved (frozen) and published by the
// Responsabile; published minutes go back to approved when withdrawn.

const minutesCols = `id, process_id, meeting_id, status, others_present, summary, proposals_text, priorities,
	COALESCE(body_id, 0), COALESCE(session_id, 0), approved_at, approved_by, published_at, created_at, updated_at`

func scanMinutes(sc scanner) (pdz.Minutes, error) {
	var m pdz.Minutes
	var approved, published sql.NullTime
	err := sc.Scan(&m.ID, &m.ProcessID, &m.MeetingID, &m.Status, &m.OthersPresent, &m.Summary, &m.ProposalsText, &m.Priorities,
		&m.BodyID, &m.SessionID, &approved, &m.ApprovedBy, &published, &m.CreatedAt, &m.UpdatedAt)
	m.ApprovedAt, m.PublishedAt = approved.Time, published.Time
	return m, err
}

const needCols = `n.id, n.process_id, n.minutes_id, m.meeting_id, n.position, n.text, n.area_id, a.code, a.title, n.target,
	COALESCE(n.comune_id, 0), COALESCE(c.name, '')`

const needFrom = ` FROM minute_needs n JOIN minutes m ON m.id = n.minutes_id JOIN areas a ON a.id = n.area_id
	LEFT JOIN comuni c ON c.ambito_id = n.ambito_id AND c.id = n.comune_id`

func scanNeed(sc scanner) (pdz.Need, error) {
	var n pdz.Need
	var code, title string
	err := sc.Scan(&n.ID, &n.ProcessID, &n.MinutesID, &n.MeetingID, &n.Position, &n.Text, &n.AreaID, &code, &title, &n.Target, &n.ComuneID, &n.Comune)
	n.AreaName = (&pdz.Area{Code: code, Title: title}).Name()
	return n, err
}

// ProcessMinutes lists the minutes of a process (only the published ones
// when onlyPublished), with their needs and proposals.
func (s *Store) ProcessMinutes(ctx context.Context, ambitoID, processID int64, onlyPublished bool) ([]pdz.Minutes, error) {
	ms, err := list(ctx, s.read, scanMinutes, `SELECT `+minutesCols+` FROM minutes WHERE ambito_id = $1 AND process_id = $2
		AND (status = 'pubblicato' OR NOT $3) ORDER BY id`, ambitoID, processID, onlyPublished)
	if err != nil {
		return nil, err
	}
	return ms, s.fillMinutes(ctx, s.read, ambitoID, ms)
}

func (s *Store) fillMinutes(ctx context.Context, q querier, ambitoID int64, ms []pdz.Minutes) error {
	for i := range ms {
		m := &ms[i]
		var err error
		m.Needs, err = list(ctx, q, scanNeed, `SELECT `+needCols+needFrom+` WHERE n.ambito_id = $1 AND n.minutes_id = $2 ORDER BY n.position, n.id`, ambitoID, m.ID)
		if err != nil {
			return err
		}
		m.ProposalIDs, err = list(ctx, q, func(sc scanner) (int64, error) {
			var id int64
			return id, sc.Scan(&id)
		}, `SELECT proposal_id FROM minute_proposals WHERE ambito_id = $1 AND minutes_id = $2 ORDER BY proposal_id`, ambitoID, m.ID)
		if err != nil {
			return err
		}
	}
	return nil
}

func readMinutes(ctx context.Context, s *Store, q querier, ambitoID, processID, meetingID int64) (pdz.Minutes, error) {
	m, err := scanMinutes(q.QueryRowContext(ctx, `SELECT `+minutesCols+` FROM minutes WHERE ambito_id = $1 AND process_id = $2 AND meeting_id = $3`,
		ambitoID, processID, meetingID))
	if err != nil {
		return m, one(err, "Verbale")
	}
	ms := []pdz.Minutes{m}
	if err := s.fillMinutes(ctx, q, ambitoID, ms); err != nil {
		return m, err
	}
	return ms[0], nil
}

// MinutesOf returns the minutes of a meeting; ENOTFOUND if none yet.
func (s *Store) MinutesOf(ctx context.Context, ambitoID, processID, meetingID int64) (pdz.Minutes, error) {
	return readMinutes(ctx, s, s.read, ambitoID, processID, meetingID)
}

// ProcessNeeds lists the needs recorded in a process's minutes (only in
// published minutes when onlyPublished), by area.
func (s *Store) ProcessNeeds(ctx context.Context, ambitoID, processID int64, onlyPublished bool) ([]pdz.Need, error) {
	return list(ctx, s.read, scanNeed, `SELECT `+needCols+needFrom+` WHERE n.ambito_id = $1 AND n.process_id = $2
		AND (m.status = 'pubblicato' OR NOT $3) ORDER BY a.position, a.id, m.meeting_id, n.position, n.id`, ambitoID, processID, onlyPublished)
}

// SaveMinutes creates or updates the draft minutes of a meeting, with the
// proposals discussed.
func (s *Store) SaveMinutes(ctx context.Context, actor pdz.Actor, ambitoID int64, m *pdz.Minutes) error {
	if err := m.Validate(); err != nil {
		return err
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM meetings WHERE ambito_id = $1 AND process_id = $2 AND id = $3`,
			ambitoID, m.ProcessID, m.MeetingID).Scan(&n); err != nil {
			return internal("read meeting", err)
		} else if n == 0 {
			return notFound("Incontro")
		}
		if m.SessionID != 0 {
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM body_sessions WHERE ambito_id = $1 AND body_id = $2 AND id = $3`,
				ambitoID, m.BodyID, m.SessionID).Scan(&n); err != nil || n == 0 {
				return pdz.Problems{"session": "Seduta non valida."}.Err()
			}
		}
		for _, id := range m.ProposalIDs {
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM proposals WHERE ambito_id = $1 AND process_id = $2 AND id = $3`,
				ambitoID, m.ProcessID, id).Scan(&n); err != nil || n == 0 {
				return pdz.Problems{"proposals": "Una delle proposte scelte non è di questo percorso."}.Err()
			}
		}
		now := s.nowFor(ctx)
		before, err := readMinutes(ctx, s, tx, ambitoID, m.ProcessID, m.MeetingID)
		exists := err == nil
		if err != nil && pdz.ErrorCode(err) != pdz.ENOTFOUND {
			return err
		}
		if exists {
			if !before.Editable() {
				return pdz.Errorf(pdz.ECONFLICT, "Il verbale è %s: per correggerlo riportarlo prima in bozza.", lower(before.Status.Label()))
			}
			m.ID, m.Status, m.CreatedAt, m.UpdatedAt = before.ID, before.Status, before.CreatedAt, now
			if _, err := tx.ExecContext(ctx, `UPDATE minutes SET others_present = $1, summary = $2, proposals_text = $3, priorities = $4,
				body_id = $5, session_id = $6, updated_at = $7 WHERE ambito_id = $8 AND id = $9`, m.OthersPresent, m.Summary, m.ProposalsText,
				m.Priorities, nullID(m.BodyID), nullID(m.SessionID), now, ambitoID, m.ID); err != nil {
				return internal("update minutes", err)
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM minute_proposals WHERE ambito_id = $1 AND minutes_id = $2`, ambitoID, m.ID); err != nil {
				return internal("update minutes", err)
			}
		} else {
			m.Status, m.CreatedAt, m.UpdatedAt = pdz.MinutesDraft, now, now
			if err := tx.QueryRowContext(ctx, `INSERT INTO minutes (ambito_id, process_id, meeting_id, status, others_present, summary, proposals_text,
				priorities, body_id, session_id, created_at, updated_at) VALUES ($1, $2, $3, 'bozza', $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id`,
				ambitoID, m.ProcessID, m.MeetingID, m.OthersPresent, m.Summary, m.ProposalsText, m.Priorities, nullID(m.BodyID), nullID(m.SessionID), now).Scan(&m.ID); err != nil {
				return translate(err, "create minutes", "", "L'incontro ha già un verbale.")
			}
		}
		for _, id := range m.ProposalIDs {
			if _, err := tx.ExecContext(ctx, `INSERT INTO minute_proposals (ambito_id, process_id, minutes_id, proposal_id) VALUES ($1, $2, $3, $4)
				ON CONFLICT (minutes_id, proposal_id) DO NOTHING`, ambitoID, m.ProcessID, m.ID, id); err != nil {
				return internal("minutes proposals", err)
			}
		}
		audit := func(x pdz.Minutes) any {
			x.Needs = nil
			return x
		}
		if exists {
			return s.audit(ctx, tx, actor, ambitoID, "update", "minutes", m.ID, "Modificato il verbale dell'incontro", audit(before), audit(*m))
		}
		return s.audit(ctx, tx, actor, ambitoID, "create", "minutes", m.ID, "Creato il verbale dell'incontro", nil, audit(*m))
	})
}

// SetMinutesStatus moves minutes through draft → approved → published;
// published minutes go back to approved when withdrawn, approved ones to
// draft to be corrected.
func (s *Store) SetMinutesStatus(ctx context.Context, actor pdz.Actor, ambitoID, processID, meetingID int64, to pdz.MinutesStatus) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		m, err := readMinutes(ctx, s, tx, ambitoID, processID, meetingID)
		if err != nil {
			return err
		}
		from := m.Status
		ok := (from == pdz.MinutesDraft && to == pdz.MinutesApproved) || (from == pdz.MinutesApproved && to == pdz.MinutesPublished) ||
			(from == pdz.MinutesPublished && to == pdz.MinutesApproved) || (from == pdz.MinutesApproved && to == pdz.MinutesDraft)
		if !ok {
			return pdz.Errorf(pdz.ECONFLICT, "Il verbale è %s: non può diventare %s.", lower(from.Label()), lower(to.Label()))
		}
		if to == pdz.MinutesApproved && from == pdz.MinutesDraft && len(m.Needs) == 0 && m.Summary == "" {
			return pdz.Errorf(pdz.ECONFLICT, "Il verbale è vuoto: scrivi la sintesi prima di approvarlo.")
		}
		now := s.nowFor(ctx)
		q := `UPDATE minutes SET status = $1, updated_at = $2 WHERE ambito_id = $3 AND id = $4`
		args := []any{to, now, ambitoID, m.ID}
		switch {
		case to == pdz.MinutesApproved && from == pdz.MinutesDraft:
			q = `UPDATE minutes SET status = $1, updated_at = $2, approved_at = $2, approved_by = $5 WHERE ambito_id = $3 AND id = $4`
			args = append(args, actor.Email)
		case to == pdz.MinutesPublished:
			q = `UPDATE minutes SET status = $1, updated_at = $2, published_at = $2 WHERE ambito_id = $3 AND id = $4`
		}
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return internal("minutes status", err)
		}
		return s.audit(ctx, tx, actor, ambitoID, "status", "minutes", m.ID, "Verbale dell'incontro: "+lower(to.Label()),
			map[string]any{"Stato": from}, map[string]any{"Stato": to})
	})
}

func lower(s string) string {
	if s == "" {
		return s
	}
	rs := []rune(s)
	return string(append([]rune{toLowerRune(rs[0])}, rs[1:]...))
}

func toLowerRune(r rune) rune {
	if r >= 'A' && r <= 'Z' {
		return r + 'a' - 'A'
	}
	return r
}

// SaveNeed creates or updates a need of draft minutes.
func (s *Store) SaveNeed(ctx context.Context, actor pdz.Actor, ambitoID, meetingID int64, n *pdz.Need) error {
	if err := n.Validate(); err != nil {
		return err
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		m, err := readMinutes(ctx, s, tx, ambitoID, n.ProcessID, meetingID)
		if err != nil {
			return err
		}
		if !m.Editable() {
			return pdz.Errorf(pdz.ECONFLICT, "Il verbale è %s: i bisogni non si modificano più.", lower(m.Status.Label()))
		}
		var c int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM areas WHERE ambito_id = $1 AND process_id = $2 AND id = $3`, ambitoID, n.ProcessID, n.AreaID).Scan(&c); err != nil || c == 0 {
			return pdz.Problems{"area_id": "Scegli un'area tematica di questo percorso."}.Err()
		}
		if n.ComuneID != 0 {
			if err := checkComune(ctx, tx, ambitoID, n.ComuneID, "comune_id"); err != nil {
				return err
			}
		}
		n.MinutesID, n.MeetingID = m.ID, meetingID
		if n.ID == 0 {
			if n.Position == 0 {
				if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(position), 0) + 1 FROM minute_needs WHERE ambito_id = $1 AND minutes_id = $2`,
					ambitoID, m.ID).Scan(&n.Position); err != nil {
					return internal("next need position", err)
				}
			}
			if err := tx.QueryRowContext(ctx, `INSERT INTO minute_needs (ambito_id, process_id, minutes_id, position, text, area_id, target, comune_id)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, ambitoID, n.ProcessID, m.ID, n.Position, n.Text, n.AreaID, n.Target, nullID(n.ComuneID)).Scan(&n.ID); err != nil {
				return internal("create need", err)
			}
			return s.audit(ctx, tx, actor, ambitoID, "create", "need", n.ID, "Aggiunto un bisogno al verbale", nil, n)
		}
		var before pdz.Need
		found := false
		for _, x := range m.Needs {
			if x.ID == n.ID {
				before, found = x, true
			}
		}
		if !found {
			return notFound("Bisogno")
		}
		if n.Position == 0 {
			n.Position = before.Position
		}
		if _, err := tx.ExecContext(ctx, `UPDATE minute_needs SET position = $1, text = $2, area_id = $3, target = $4, comune_id = $5
			WHERE ambito_id = $6 AND minutes_id = $7 AND id = $8`, n.Position, n.Text, n.AreaID, n.Target, nullID(n.ComuneID), ambitoID, m.ID, n.ID); err != nil {
			return internal("update need", err)
		}
		return s.audit(ctx, tx, actor, ambitoID, "update", "need", n.ID, "Modificato un bisogno del verbale", before, n)
	})
}

// DeleteNeed removes a need of draft minutes that no sheet or priority
// round cites.
func (s *Store) DeleteNeed(ctx context.Context, actor pdz.Actor, ambitoID, processID, meetingID, id int64) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		m, err := readMinutes(ctx, s, tx, ambitoID, processID, meetingID)
		if err != nil {
			return err
		}
		if !m.Editable() {
			return pdz.Errorf(pdz.ECONFLICT, "Il verbale è %s: i bisogni non si eliminano più.", lower(m.Status.Label()))
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM minute_needs WHERE ambito_id = $1 AND minutes_id = $2 AND id = $3`, ambitoID, m.ID, id)
		if database.IsForeignKeyViolation(err) {
			return pdz.Errorf(pdz.ECONFLICT, "Il bisogno è citato da una scheda del piano o da una votazione delle priorità: non si può eliminare.")
		} else if err != nil {
			return internal("delete need", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("Bisogno")
		}
		return s.audit(ctx, tx, actor, ambitoID, "delete", "need", id, "Eliminato il bisogno n. "+strconv.FormatInt(id, 10)+" dal verbale", nil, nil)
	})
}
