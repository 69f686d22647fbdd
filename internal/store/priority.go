package store

import (
	"context"
	"database/sql"
	"errors"
	"sort"
	"strconv"
	"strings"

	"github.com/pdz-ats/pdz/internal/database"
	"github.com/pdz-ats/pdz/internal/locale"
	"github.com/pdz-ats/pdz/internal/pdz"
	"github.com/pdz-ats/pdz/internal/security"
)

// Plenary priority rounds. One vote per organisation and round is the
// UNIQUE (round_id, subject_key) of priority_votes: two phones of the same
// organisation, or a phone and a paper ballot, submitting at the same
// instant, make one vote and one refusal.

const roundCols = `r.id, r.process_id, COALESCE(r.meeting_id, 0), COALESCE(m.kind, ''), COALESCE(m.label, ''), COALESCE(m.title, ''),
	COALESCE(r.area_id, 0), COALESCE(a.code, ''), COALESCE(a.title, ''), r.title, r.description, r.max_choices, r.status, r.published,
	r.opened_at, r.closed_at, r.published_at, r.created_at, r.updated_at,
	(SELECT COUNT(*) FROM priority_votes v WHERE v.round_id = r.id)`

const roundFrom = ` FROM priority_rounds r LEFT JOIN meetings m ON m.ambito_id = r.ambito_id AND m.id = r.meeting_id
	LEFT JOIN areas a ON a.ambito_id = r.ambito_id AND a.id = r.area_id`

func scanRound(sc scanner) (pdz.PriorityRound, error) {
	var r pdz.PriorityRound
	var mKind, mLabel, mTitle, aCode, aTitle string
	var opened, closed, published sql.NullTime
	err := sc.Scan(&r.ID, &r.ProcessID, &r.MeetingID, &mKind, &mLabel, &mTitle, &r.AreaID, &aCode, &aTitle, &r.Title, &r.Description,
		&r.MaxChoices, &r.Status, &r.Published, &opened, &closed, &published, &r.CreatedAt, &r.UpdatedAt, &r.Votes)
	if r.MeetingID != 0 {
		r.MeetingName = (&pdz.Meeting{Kind: pdz.MeetingKind(mKind), Label: mLabel, Title: mTitle}).Name()
	}
	if r.AreaID != 0 {
		r.AreaName = (&pdz.Area{Code: aCode, Title: aTitle}).Name()
	}
	r.OpenedAt, r.ClosedAt, r.PublishedAt = opened.Time, closed.Time, published.Time
	return r, err
}

// PriorityRounds lists a process's rounds (the published ones only when
// onlyPublished).
func (s *Store) PriorityRounds(ctx context.Context, ambitoID, processID int64, onlyPublished bool) ([]pdz.PriorityRound, error) {
	return list(ctx, s.read, scanRound, `SELECT `+roundCols+roundFrom+` WHERE r.ambito_id = $1 AND r.process_id = $2 AND (r.published OR NOT $3)
		ORDER BY r.id`, ambitoID, processID, onlyPublished)
}

// PriorityRound returns a round with its items and their approvals.
func (s *Store) PriorityRound(ctx context.Context, ambitoID, processID, id int64) (pdz.PriorityRound, error) {
	return readRound(ctx, s.read, ambitoID, processID, id)
}

func readRound(ctx context.Context, q querier, ambitoID, processID, id int64) (pdz.PriorityRound, error) {
	r, err := scanRound(q.QueryRowContext(ctx, `SELECT `+roundCols+roundFrom+` WHERE r.ambito_id = $1 AND r.process_id = $2 AND r.id = $3`, ambitoID, processID, id))
	if err != nil {
		return r, one(err, "Votazione")
	}
	r.Items, err = list(ctx, q, func(sc scanner) (pdz.PriorityItem, error) {
		var it pdz.PriorityItem
		return it, sc.Scan(&it.ID, &it.Position, &it.NeedID, &it.ProposalID, &it.Label, &it.Votes)
	}, `SELECT i.id, i.position, COALESCE(i.need_id, 0), COALESCE(i.proposal_id, 0), i.label,
		(SELECT COUNT(*) FROM priority_choices c WHERE c.item_id = i.id) FROM priority_items i
		WHERE i.ambito_id = $1 AND i.round_id = $2 ORDER BY i.position, i.id`, ambitoID, id)
	return r, err
}

// SavePriorityRound creates or updates a round in preparation.
func (s *Store) SavePriorityRound(ctx context.Context, actor pdz.Actor, ambitoID int64, r *pdz.PriorityRound) error {
	if err := r.Validate(); err != nil {
		return err
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		if r.MeetingID != 0 {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM meetings WHERE ambito_id = $1 AND process_id = $2 AND id = $3`, ambitoID, r.ProcessID, r.MeetingID).Scan(&n); err != nil || n == 0 {
				return pdz.Problems{"meeting_id": "Scegli un incontro di questo percorso."}.Err()
			}
		}
		if r.AreaID != 0 {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM areas WHERE ambito_id = $1 AND process_id = $2 AND id = $3`, ambitoID, r.ProcessID, r.AreaID).Scan(&n); err != nil || n == 0 {
				return pdz.Problems{"area_id": "Scegli un'area di questo percorso."}.Err()
			}
		}
		now := s.nowFor(ctx)
		if r.ID == 0 {
			r.Status, r.CreatedAt, r.UpdatedAt = pdz.RoundDraft, now, now
			if err := tx.QueryRowContext(ctx, `INSERT INTO priority_rounds (ambito_id, process_id, meeting_id, area_id, title, description, max_choices,
				status, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 'bozza', $8, $8) RETURNING id`,
				ambitoID, r.ProcessID, nullID(r.MeetingID), nullID(r.AreaID), r.Title, r.Description, r.MaxChoices, now).Scan(&r.ID); err != nil {
				return internal("create round", err)
			}
			return s.audit(ctx, tx, actor, ambitoID, "create", "priority_round", r.ID, "Creata la votazione delle priorità «"+r.Title+"»", nil, r)
		}
		before, err := readRound(ctx, tx, ambitoID, r.ProcessID, r.ID)
		if err != nil {
			return err
		}
		if before.Status != pdz.RoundDraft {
			return pdz.Errorf(pdz.ECONFLICT, "La votazione è %s: non si modifica più.", lower(before.Status.Label()))
		}
		if _, err := tx.ExecContext(ctx, `UPDATE priority_rounds SET meeting_id = $1, area_id = $2, title = $3, description = $4, max_choices = $5,
			updated_at = $6 WHERE ambito_id = $7 AND id = $8`, nullID(r.MeetingID), nullID(r.AreaID), r.Title, r.Description, r.MaxChoices, now, ambitoID, r.ID); err != nil {
			return internal("update round", err)
		}
		before.Items = nil
		return s.audit(ctx, tx, actor, ambitoID, "update", "priority_round", r.ID, "Modificata la votazione delle priorità «"+r.Title+"»", before, r)
	})
}

// SetPriorityItems replaces the items of a round in preparation with needs
// and proposals of the process, in that order.
func (s *Store) SetPriorityItems(ctx context.Context, actor pdz.Actor, ambitoID, processID, roundID int64, needIDs, proposalIDs []int64) error {
	if len(needIDs)+len(proposalIDs) < 2 {
		return pdz.Problems{"items": "Scegli almeno due voci (bisogni o proposte) su cui votare."}.Err()
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		r, err := readRound(ctx, tx, ambitoID, processID, roundID)
		if err != nil {
			return err
		}
		if r.Status != pdz.RoundDraft {
			return pdz.Errorf(pdz.ECONFLICT, "La votazione è %s: le voci non cambiano più.", lower(r.Status.Label()))
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM priority_items WHERE ambito_id = $1 AND round_id = $2`, ambitoID, roundID); err != nil {
			return internal("replace items", err)
		}
		pos := 0
		for _, id := range needIDs {
			var text string
			if err := tx.QueryRowContext(ctx, `SELECT text FROM minute_needs WHERE ambito_id = $1 AND process_id = $2 AND id = $3`, ambitoID, processID, id).Scan(&text); err != nil {
				return pdz.Problems{"items": "Uno dei bisogni scelti non è di questo percorso."}.Err()
			}
			pos++
			if _, err := tx.ExecContext(ctx, `INSERT INTO priority_items (ambito_id, process_id, round_id, position, need_id, label) VALUES ($1, $2, $3, $4, $5, $6)`,
				ambitoID, processID, roundID, pos, id, (&pdz.Need{Text: text}).Label()); err != nil {
				return internal("add item", err)
			}
		}
		for _, id := range proposalIDs {
			var title string
			if err := tx.QueryRowContext(ctx, `SELECT title FROM proposals WHERE ambito_id = $1 AND process_id = $2 AND id = $3 AND deleted_at IS NULL`, ambitoID, processID, id).Scan(&title); err != nil {
				return pdz.Problems{"items": "Una delle proposte scelte non è di questo percorso."}.Err()
			}
			pos++
			if _, err := tx.ExecContext(ctx, `INSERT INTO priority_items (ambito_id, process_id, round_id, position, proposal_id, label) VALUES ($1, $2, $3, $4, $5, $6)`,
				ambitoID, processID, roundID, pos, id, "Proposta n. "+strconv.FormatInt(id, 10)+" – "+title); err != nil {
				return internal("add item", err)
			}
		}
		return s.audit(ctx, tx, actor, ambitoID, "update", "priority_round", roundID, "Voci della votazione «"+r.Title+"»: "+locale.Count(pos, "voce", "voci"), nil,
			map[string]any{"Bisogni": needIDs, "Proposte": proposalIDs})
	})
}

// presentOrganisation is an organisation present at a meeting of a
// process: its identity (subject_key) and the registration that
// represents it.
type presentOrganisation struct {
	subject      string
	registration int64
	name         string
	typeLabel    string
}

// presentOrganisations lists the organisations present at the given
// meetings (every meeting of the process when meetings is nil), one per
// organisation, by name.
func (s *Store) presentOrganisations(ctx context.Context, q querier, ambitoID, processID int64, meetings map[int64]bool) ([]presentOrganisation, error) {
	type row struct {
		meeting int64
		o       presentOrganisation
	}
	rows, err := list(ctx, q, func(sc scanner) (row, error) {
		var x row
		var reg pdz.Registration
		err := sc.Scan(&x.meeting, &reg.ID, &reg.Kind, &reg.Name, &reg.OrgType, &reg.OrgTypeOther, &x.o.subject)
		x.o.registration, x.o.name, x.o.typeLabel = reg.ID, reg.Name, reg.TypeLabel()
		return x, err
	}, `SELECT t.meeting_id, r.id, r.kind, r.name, r.org_type, r.org_type_other, r.subject_key FROM meeting_attendance t
		JOIN registrations r ON r.ambito_id = t.ambito_id AND r.id = t.registration_id
		WHERE t.ambito_id = $1 AND t.process_id = $2 AND r.kind = 'organizzazione' AND r.erased_at IS NULL AND r.status IN ('ricevuta', 'accettata')
		ORDER BY r.id`, ambitoID, processID)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var out []presentOrganisation
	for _, x := range rows {
		if meetings != nil && !meetings[x.meeting] {
			continue
		}
		if seen[x.o.subject] {
			continue
		}
		seen[x.o.subject] = true
		out = append(out, x.o)
	}
	sort.Slice(out, func(i, j int) bool { return strings.ToLower(out[i].name) < strings.ToLower(out[j].name) })
	return out, nil
}

// roundMeetings is the set of meetings whose organisations vote in a
// round: its meeting (with the groups inside it), else the meetings of its
// area, else every meeting of the process (nil).
func roundMeetings(ctx context.Context, q querier, ambitoID int64, r *pdz.PriorityRound) (map[int64]bool, error) {
	var ids []int64
	var err error
	switch {
	case r.MeetingID != 0:
		ids, err = list(ctx, q, scanID, `SELECT id FROM meetings WHERE ambito_id = $1 AND (id = $2 OR parent_id = $2)`, ambitoID, r.MeetingID)
	case r.AreaID != 0:
		ids, err = list(ctx, q, scanID, `SELECT meeting_id FROM meeting_areas WHERE ambito_id = $1 AND area_id = $2`, ambitoID, r.AreaID)
	default:
		return nil, nil
	}
	set := map[int64]bool{}
	for _, id := range ids {
		set[id] = true
	}
	return set, err
}

func scanID(sc scanner) (int64, error) {
	var id int64
	return id, sc.Scan(&id)
}

// PriorityVoters lists the organisations entitled to vote in a round, with
// their codes while it is open and whether they voted.
func (s *Store) PriorityVoters(ctx context.Context, ambitoID, processID, roundID int64) ([]pdz.PriorityVoter, error) {
	r, err := readRound(ctx, s.read, ambitoID, processID, roundID)
	if err != nil {
		return nil, err
	}
	set, err := roundMeetings(ctx, s.read, ambitoID, &r)
	if err != nil {
		return nil, err
	}
	orgs, err := s.presentOrganisations(ctx, s.read, ambitoID, processID, set)
	if err != nil {
		return nil, err
	}
	codes := map[string]string{}
	rows, err := list(ctx, s.read, func(sc scanner) ([2]string, error) {
		var a, b string
		return [2]string{a, b}, sc.Scan(&a, &b)
	}, `SELECT subject_key, code FROM priority_codes WHERE ambito_id = $1 AND round_id = $2`, ambitoID, roundID)
	if err != nil {
		return nil, err
	}
	for _, x := range rows {
		codes[x[0]] = x[1]
	}
	voted := map[string]string{}
	rows, err = list(ctx, s.read, func(sc scanner) ([2]string, error) {
		var a, b string
		return [2]string{a, b}, sc.Scan(&a, &b)
	}, `SELECT subject_key, channel FROM priority_votes WHERE ambito_id = $1 AND round_id = $2`, ambitoID, roundID)
	if err != nil {
		return nil, err
	}
	for _, x := range rows {
		voted[x[0]] = x[1]
	}
	var out []pdz.PriorityVoter
	for _, o := range orgs {
		ch, ok := voted[o.subject]
		out = append(out, pdz.PriorityVoter{SubjectKey: o.subject, RegistrationID: o.registration, Organisation: o.name, Code: codes[o.subject], Voted: ok, Channel: ch})
	}
	return out, nil
}

// OpenPriorityRound opens the vote: every organisation entitled gets a
// voting code.
func (s *Store) OpenPriorityRound(ctx context.Context, actor pdz.Actor, ambitoID, processID, id int64) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		r, err := readRound(ctx, tx, ambitoID, processID, id)
		if err != nil {
			return err
		}
		if r.Status != pdz.RoundDraft {
			return pdz.Errorf(pdz.ECONFLICT, "La votazione è %s.", lower(r.Status.Label()))
		}
		if len(r.Items) < 2 {
			return pdz.Errorf(pdz.ECONFLICT, "Scegli prima almeno due voci su cui votare.")
		}
		set, err := roundMeetings(ctx, tx, ambitoID, &r)
		if err != nil {
			return err
		}
		orgs, err := s.presentOrganisations(ctx, tx, ambitoID, processID, set)
		if err != nil {
			return err
		}
		if len(orgs) == 0 {
			return pdz.Errorf(pdz.ECONFLICT, "Nessuna organizzazione risulta presente agli incontri della votazione: registra prima le presenze.")
		}
		for _, o := range orgs {
			if _, err := tx.ExecContext(ctx, `INSERT INTO priority_codes (code, ambito_id, process_id, round_id, subject_key, registration_id)
				VALUES ($1, $2, $3, $4, $5, $6)`, security.VoteCode(), ambitoID, processID, id, o.subject, o.registration); err != nil {
				return internal("voting code", err)
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE priority_rounds SET status = 'aperta', opened_at = $1, updated_at = $1 WHERE ambito_id = $2 AND id = $3`,
			s.nowFor(ctx), ambitoID, id); err != nil {
			return internal("open round", err)
		}
		return s.audit(ctx, tx, actor, ambitoID, "status", "priority_round", id, "Aperta la votazione «"+r.Title+"»: "+locale.Count(len(orgs), "organizzazione avente diritto", "organizzazioni aventi diritto"),
			map[string]any{"Stato": r.Status}, map[string]any{"Stato": pdz.RoundOpen})
	})
}

// ClosePriorityRound closes the vote and deletes the codes.
func (s *Store) ClosePriorityRound(ctx context.Context, actor pdz.Actor, ambitoID, processID, id int64) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		r, err := readRound(ctx, tx, ambitoID, processID, id)
		if err != nil {
			return err
		}
		if r.Status != pdz.RoundOpen {
			return pdz.Errorf(pdz.ECONFLICT, "La votazione non è aperta.")
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM priority_codes WHERE ambito_id = $1 AND round_id = $2`, ambitoID, id); err != nil {
			return internal("close round", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE priority_rounds SET status = 'chiusa', closed_at = $1, updated_at = $1 WHERE ambito_id = $2 AND id = $3`,
			s.nowFor(ctx), ambitoID, id); err != nil {
			return internal("close round", err)
		}
		return s.audit(ctx, tx, actor, ambitoID, "status", "priority_round", id, "Chiusa la votazione «"+r.Title+"»: "+locale.Count(r.Votes, "voto", "voti"),
			map[string]any{"Stato": r.Status}, map[string]any{"Stato": pdz.RoundClosed})
	})
}

// PublishPriorityRound publishes (or withdraws) the results of a closed round.
func (s *Store) PublishPriorityRound(ctx context.Context, actor pdz.Actor, ambitoID, processID, id int64, publish bool) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		r, err := readRound(ctx, tx, ambitoID, processID, id)
		if err != nil {
			return err
		}
		if r.Status != pdz.RoundClosed {
			return pdz.Errorf(pdz.ECONFLICT, "Si pubblicano i risultati di una votazione chiusa.")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE priority_rounds SET published = $1, published_at = CASE WHEN $1 THEN $2 ELSE published_at END, updated_at = $2
			WHERE ambito_id = $3 AND id = $4`, publish, s.nowFor(ctx), ambitoID, id); err != nil {
			return internal("publish round", err)
		}
		what := "Pubblicati i risultati"
		if !publish {
			what = "Ritirati dalla pubblicazione i risultati"
		}
		return s.audit(ctx, tx, actor, ambitoID, "status", "priority_round", id, what+" della votazione «"+r.Title+"»", nil, nil)
	})
}

// VoteTarget is what a voting code opens.
type VoteTarget struct {
	AmbitoID       int64
	ProcessID      int64
	RoundID        int64 // a priority round
	ElectionID     int64 // or an election
	Organisation   string
	RegistrationID int64
	SubjectKey     string
}

// VoteCodeTarget finds the open round or election of a voting code.
func (s *Store) VoteCodeTarget(ctx context.Context, ambitoID int64, code string) (VoteTarget, error) {
	code = security.NormalizeVoteCode(code)
	var t VoteTarget
	err := s.read.QueryRowContext(ctx, `SELECT c.ambito_id, c.process_id, c.round_id, c.subject_key, c.registration_id, g.name FROM priority_codes c
		JOIN priority_rounds r ON r.id = c.round_id AND r.status = 'aperta'
		JOIN registrations g ON g.ambito_id = c.ambito_id AND g.id = c.registration_id
		WHERE c.code = $1 AND c.ambito_id = $2`, code, ambitoID).Scan(&t.AmbitoID, &t.ProcessID, &t.RoundID, &t.SubjectKey, &t.RegistrationID, &t.Organisation)
	if err == nil {
		return t, nil
	} else if !errors.Is(err, sql.ErrNoRows) {
		return t, internal("read voting code", err)
	}
	err = s.read.QueryRowContext(ctx, `SELECT c.ambito_id, c.process_id, c.election_id, c.subject_key, c.registration_id, g.name FROM election_codes c
		JOIN elections e ON e.id = c.election_id AND e.status = 'aperta'
		JOIN registrations g ON g.ambito_id = c.ambito_id AND g.id = c.registration_id
		WHERE c.code = $1 AND c.ambito_id = $2`, code, ambitoID).Scan(&t.AmbitoID, &t.ProcessID, &t.ElectionID, &t.SubjectKey, &t.RegistrationID, &t.Organisation)
	if errors.Is(err, sql.ErrNoRows) {
		return t, &pdz.Error{Code: pdz.ENOTFOUND, Message: "Codice di voto non valido, già usato o scaduto (la votazione è chiusa).",
			Fields: map[string]string{"codice": "Codice non valido, già usato o scaduto: controlla il codice ricevuto o chiedi all'Ufficio di Piano."}}
	}
	return t, internal("read voting code", err)
}

var errVoted = errors.New("already voted")

// CastPriorityVote records the vote of the organisation of a voting code:
// it approves the items itemIDs. The code is used up.
func (s *Store) CastPriorityVote(ctx context.Context, ambitoID int64, code string, itemIDs []int64) error {
	code = security.NormalizeVoteCode(code)
	err := s.write(ctx, func(tx *sql.Tx) error {
		var processID, roundID, reg int64
		var subject string
		err := tx.QueryRowContext(ctx, `SELECT process_id, round_id, subject_key, registration_id FROM priority_codes WHERE code = $1 AND ambito_id = $2`,
			code, ambitoID).Scan(&processID, &roundID, &subject, &reg)
		if errors.Is(err, sql.ErrNoRows) {
			return errVoted
		} else if err != nil {
			return internal("read voting code", err)
		}
		if err := s.insertPriorityVote(ctx, tx, ambitoID, processID, roundID, subject, reg, "telefono", "", itemIDs); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM priority_codes WHERE code = $1`, code)
		return internal("use voting code", err)
	})
	if errors.Is(err, errVoted) {
		return pdz.Errorf(pdz.ECONFLICT, "Il voto di questa organizzazione è già stato registrato, oppure la votazione è chiusa: ogni organizzazione vota una sola volta.")
	}
	return err
}

// RecordPaperPriorityVote records, for an organisation entitled to vote,
// the items its paper ballot approves.
func (s *Store) RecordPaperPriorityVote(ctx context.Context, actor pdz.Actor, ambitoID, processID, roundID, registrationID int64, itemIDs []int64) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		var subject string
		err := tx.QueryRowContext(ctx, `SELECT subject_key FROM priority_codes WHERE ambito_id = $1 AND round_id = $2 AND registration_id = $3`,
			ambitoID, roundID, registrationID).Scan(&subject)
		if errors.Is(err, sql.ErrNoRows) {
			return pdz.Problems{"registration_id": "L'organizzazione scelta non ha diritto di voto in questa votazione, ha già votato, o la votazione è chiusa."}.Err()
		} else if err != nil {
			return internal("read voting code", err)
		}
		if err := s.insertPriorityVote(ctx, tx, ambitoID, processID, roundID, subject, registrationID, "carta", actor.Email, itemIDs); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM priority_codes WHERE ambito_id = $1 AND round_id = $2 AND subject_key = $3`, ambitoID, roundID, subject); err != nil {
			return internal("use voting code", err)
		}
		return s.audit(ctx, tx, actor, ambitoID, "vote", "priority_round", roundID, "Registrata la scheda cartacea di un'organizzazione (manifestazione di interesse n. "+strconv.FormatInt(registrationID, 10)+")", nil, map[string]any{"Voci": itemIDs})
	})
	if errors.Is(err, errVoted) {
		return pdz.Errorf(pdz.ECONFLICT, "Il voto di questa organizzazione è già stato registrato, oppure la votazione è chiusa: ogni organizzazione vota una sola volta.")
	}
	return err
}

func (s *Store) insertPriorityVote(ctx context.Context, tx *sql.Tx, ambitoID, processID, roundID int64, subject string, reg int64, channel, by string, itemIDs []int64) error {
	r, err := readRound(ctx, tx, ambitoID, processID, roundID)
	if err != nil {
		return err
	}
	if r.Status != pdz.RoundOpen {
		return errVoted
	}
	if err := r.CheckChoices(itemIDs); err != nil {
		return err
	}
	var voteID int64
	err = tx.QueryRowContext(ctx, `INSERT INTO priority_votes (ambito_id, process_id, round_id, subject_key, registration_id, channel, cast_at, recorded_by)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, ambitoID, processID, roundID, subject, reg, channel, s.nowFor(ctx), by).Scan(&voteID)
	if database.IsUniqueViolation(err) {
		return errVoted
	} else if err != nil {
		return internal("cast vote", err)
	}
	for _, it := range itemIDs {
		if _, err := tx.ExecContext(ctx, `INSERT INTO priority_choices (ambito_id, round_id, vote_id, item_id) VALUES ($1, $2, $3, $4)`,
			ambitoID, roundID, voteID, it); err != nil {
			return internal("cast vote", err)
		}
	}
	return nil
}

// PriorityVoteCount counts the votes of a round per organisation: what the
// concurrency tests check.
func (s *Store) PriorityVoteCount(ctx context.Context, ambitoID, roundID int64) (int, error) {
	var n int
	err := s.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM priority_votes WHERE ambito_id = $1 AND round_id = $2`, ambitoID, roundID).Scan(&n)
	return n, internal("count votes", err)
}
