package store

import (
	"context"
	"database/sql"
	"errors"
	"math/rand/v2"
	"sort"
	"strings"

	"github.com/pdz-ats/pdz/internal/database"
	"github.com/pdz-ats/pdz/internal/locale"
	"github.com/pdz-ats/pdz/internal/pdz"
	"github.com/pdz-ats/pdz/internal/security"
)

// Elections of the Third-Sector representatives. The secret ballot rests
// on the schema (0019_elections.sql) and on three rules kept here:
//   - casting a vote writes, in one transaction, the row that says THAT
//     the organisation voted (election_voters: no time, no id) and an
//     anonymous ballot (random id, no time, no reference to the voter);
//   - nothing else written by a vote names its content: the audit log
//     says that an organisation voted, never for whom;
//   - closing the election rewrites the ballot box in a shuffled order
//     with new random ids in one transaction, then scrubs what the
//     database keeps of the old rows (database.Scrub).

const electionCols = `e.id, e.process_id, COALESCE(e.meeting_id, 0), COALESCE(m.kind, ''), COALESCE(m.label, ''), COALESCE(m.title, ''),
	COALESCE(e.body_id, 0), COALESCE(b.name, ''), e.title, e.seats, e.max_preferences, e.min_tables, e.registered_by, e.exclude_managers,
	e.founded_before, e.member_role, e.status, e.published, e.opened_at, e.closed_at, e.proclaimed_at, e.minutes,
	COALESCE(f.id, 0), COALESCE(f.name, ''), COALESCE(f.size, 0), COALESCE(f.sha256, ''), e.created_at, e.updated_at`

const electionFrom = ` FROM elections e LEFT JOIN meetings m ON m.ambito_id = e.ambito_id AND m.id = e.meeting_id
	LEFT JOIN bodies b ON b.ambito_id = e.ambito_id AND b.id = e.body_id
	LEFT JOIN act_files f ON f.ambito_id = e.ambito_id AND f.id = e.minutes_file_id`

func scanElection(sc scanner) (pdz.Election, error) {
	var e pdz.Election
	var mKind, mLabel, mTitle string
	var regBy, opened, closed, proclaimed sql.NullTime
	var f pdz.FileInfo
	err := sc.Scan(&e.ID, &e.ProcessID, &e.MeetingID, &mKind, &mLabel, &mTitle, &e.BodyID, &e.BodyName, &e.Title, &e.Seats, &e.MaxPreferences,
		&e.MinTables, &regBy, &e.ExcludeManagers, &e.FoundedBefore, &e.MemberRole, &e.Status, &e.Published, &opened, &closed, &proclaimed,
		&e.Minutes, &f.ID, &f.Name, &f.Size, &f.SHA256, &e.CreatedAt, &e.UpdatedAt)
	if e.MeetingID != 0 {
		e.MeetingName = (&pdz.Meeting{Kind: pdz.MeetingKind(mKind), Label: mLabel, Title: mTitle}).Name()
	}
	e.RegisteredBy, e.OpenedAt, e.ClosedAt, e.ProclaimedAt = regBy.Time, opened.Time, closed.Time, proclaimed.Time
	if f.ID != 0 {
		e.MinutesFile = &f
	}
	return e, err
}

// Elections lists a process's elections (the published ones only when
// onlyPublished).
func (s *Store) Elections(ctx context.Context, ambitoID, processID int64, onlyPublished bool) ([]pdz.Election, error) {
	return list(ctx, s.read, scanElection, `SELECT `+electionCols+electionFrom+` WHERE e.ambito_id = $1 AND e.process_id = $2
		AND (e.published OR NOT $3) ORDER BY e.id`, ambitoID, processID, onlyPublished)
}

// Election returns an election with its candidates.
func (s *Store) Election(ctx context.Context, ambitoID, processID, id int64) (pdz.Election, error) {
	return readElection(ctx, s.read, ambitoID, processID, id)
}

func readElection(ctx context.Context, q querier, ambitoID, processID, id int64) (pdz.Election, error) {
	e, err := scanElection(q.QueryRowContext(ctx, `SELECT `+electionCols+electionFrom+` WHERE e.ambito_id = $1 AND e.process_id = $2 AND e.id = $3`,
		ambitoID, processID, id))
	if err != nil {
		return e, one(err, "Elezione")
	}
	e.Candidates, err = list(ctx, q, func(sc scanner) (pdz.Candidate, error) {
		var c pdz.Candidate
		var reg pdz.Registration
		var lot sql.NullInt64
		var erased sql.NullTime
		err := sc.Scan(&c.ID, &c.RegistrationID, &c.SubjectKey, &c.Representative, &c.Position, &lot, &reg.Name, &reg.Kind, &reg.OrgType,
			&reg.OrgTypeOther, &c.FoundedOn, &c.MemberID, &erased)
		c.Organisation, c.TypeLabel, c.Lot = reg.Name, reg.TypeLabel(), int(lot.Int64)
		if erased.Valid { // the candidacy stays, naming nobody
			c.Representative = pdz.ErasedName
		}
		return c, err
	}, `SELECT c.id, c.registration_id, c.subject_key, c.representative, c.position, c.lot, r.name, r.kind, r.org_type, r.org_type_other,
		r.founded_on, COALESCE(em.member_id, 0), r.erased_at FROM election_candidates c
		JOIN registrations r ON r.ambito_id = c.ambito_id AND r.id = c.registration_id
		LEFT JOIN election_members em ON em.election_id = c.election_id AND em.candidate_id = c.id
		WHERE c.ambito_id = $1 AND c.election_id = $2 ORDER BY c.position, c.id`, ambitoID, id)
	return e, err
}

// SaveElection creates or updates an election in preparation. The body
// must be the Ambito's.
func (s *Store) SaveElection(ctx context.Context, actor pdz.Actor, ambitoID int64, e *pdz.Election) error {
	if err := e.Validate(); err != nil {
		return err
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		var n int
		if e.MeetingID != 0 {
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM meetings WHERE ambito_id = $1 AND process_id = $2 AND id = $3`, ambitoID, e.ProcessID, e.MeetingID).Scan(&n); err != nil || n == 0 {
				return pdz.Problems{"meeting_id": "Scegli un incontro di questo percorso."}.Err()
			}
		}
		if e.BodyID != 0 {
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM bodies WHERE ambito_id = $1 AND id = $2`, ambitoID, e.BodyID).Scan(&n); err != nil || n == 0 {
				return pdz.Problems{"body_id": "Scegli un organo dell'Ambito."}.Err()
			}
		}
		now := s.nowFor(ctx)
		if e.ID == 0 {
			e.Status, e.CreatedAt, e.UpdatedAt = pdz.ElectionDraft, now, now
			if err := tx.QueryRowContext(ctx, `INSERT INTO elections (ambito_id, process_id, meeting_id, body_id, title, seats, max_preferences,
				min_tables, registered_by, exclude_managers, founded_before, member_role, status, minutes, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'bozza', $13, $14, $14) RETURNING id`,
				ambitoID, e.ProcessID, nullID(e.MeetingID), nullID(e.BodyID), e.Title, e.Seats, e.MaxPreferences, e.MinTables,
				nullTime(e.RegisteredBy), e.ExcludeManagers, e.FoundedBefore, e.MemberRole, e.Minutes, now).Scan(&e.ID); err != nil {
				return internal("create election", err)
			}
			return s.audit(ctx, tx, actor, ambitoID, "create", "election", e.ID, "Creata l'elezione «"+e.Title+"»", nil, electionAudit(*e))
		}
		before, err := readElection(ctx, tx, ambitoID, e.ProcessID, e.ID)
		if err != nil {
			return err
		}
		if before.Status != pdz.ElectionDraft {
			// Once voting started, only the minutes' text may change.
			if _, err := tx.ExecContext(ctx, `UPDATE elections SET minutes = $1, updated_at = $2 WHERE ambito_id = $3 AND id = $4`, e.Minutes, now, ambitoID, e.ID); err != nil {
				return internal("update election", err)
			}
			return s.audit(ctx, tx, actor, ambitoID, "update", "election", e.ID, "Modificato il verbale dell'elezione «"+before.Title+"»",
				map[string]string{"Verbale": before.Minutes}, map[string]string{"Verbale": e.Minutes})
		}
		if _, err := tx.ExecContext(ctx, `UPDATE elections SET meeting_id = $1, body_id = $2, title = $3, seats = $4, max_preferences = $5, min_tables = $6,
			registered_by = $7, exclude_managers = $8, founded_before = $9, member_role = $10, minutes = $11, updated_at = $12 WHERE ambito_id = $13 AND id = $14`,
			nullID(e.MeetingID), nullID(e.BodyID), e.Title, e.Seats, e.MaxPreferences, e.MinTables, nullTime(e.RegisteredBy), e.ExcludeManagers,
			e.FoundedBefore, e.MemberRole, e.Minutes, now, ambitoID, e.ID); err != nil {
			return internal("update election", err)
		}
		return s.audit(ctx, tx, actor, ambitoID, "update", "election", e.ID, "Modificata l'elezione «"+e.Title+"»", electionAudit(before), electionAudit(*e))
	})
}

func electionAudit(e pdz.Election) pdz.Election {
	e.Candidates = nil
	return e
}

// Electors lists the organisations of a process as the election rules see
// them: each organisation once (its registrations together), with the
// number of distinct tables where it was present.
func (s *Store) Electors(ctx context.Context, ambitoID, processID int64) ([]pdz.Elector, error) {
	return s.electors(ctx, s.read, ambitoID, processID)
}

func (s *Store) electors(ctx context.Context, q querier, ambitoID, processID int64) ([]pdz.Elector, error) {
	regs, err := list(ctx, q, func(sc scanner) (pdz.Registration, error) {
		var r pdz.Registration
		var erased sql.NullTime
		var subject string
		err := sc.Scan(&r.ID, &subject, &r.Name, &r.OrgType, &r.OrgTypeOther, &r.Contact.Name, &r.ReceivedAt, &r.ManagesServices, &r.FoundedOn, &erased, &r.Status)
		r.Kind, r.ErasedAt, r.TaxCode = pdz.RegistrantOrganisation, erased.Time, subject
		return r, err
	}, `SELECT id, subject_key, name, org_type, org_type_other, contact_name, received_at, manages_services, founded_on, erased_at, status
		FROM registrations WHERE ambito_id = $1 AND process_id = $2 AND kind = 'organizzazione' AND status IN ('ricevuta', 'accettata')
		ORDER BY received_at, id`, ambitoID, processID)
	if err != nil {
		return nil, err
	}
	type presence struct {
		reg, meeting int64
	}
	ps, err := list(ctx, q, func(sc scanner) (presence, error) {
		var p presence
		return p, sc.Scan(&p.reg, &p.meeting)
	}, `SELECT t.registration_id, t.meeting_id FROM meeting_attendance t JOIN meetings m ON m.ambito_id = t.ambito_id AND m.id = t.meeting_id
		WHERE t.ambito_id = $1 AND t.process_id = $2 AND m.kind IN ('tavolo', 'focus_group')`, ambitoID, processID)
	if err != nil {
		return nil, err
	}
	subjectOf := map[int64]string{}
	idx := map[string]*pdz.Elector{}
	var order []string
	for _, r := range regs {
		subjectOf[r.ID] = r.TaxCode
		x := idx[r.TaxCode]
		if x == nil {
			x = &pdz.Elector{SubjectKey: r.TaxCode, RegistrationID: r.ID, Organisation: r.Name, OrgType: r.OrgType, TypeLabel: r.TypeLabel(),
				Representative: r.Contact.Name, RegisteredAt: r.ReceivedAt, FoundedOn: r.FoundedOn, Erased: r.Erased()}
			idx[r.TaxCode] = x
			order = append(order, r.TaxCode)
		}
		x.ManagesServices = x.ManagesServices || r.ManagesServices
	}
	tables := map[string]map[int64]bool{}
	for _, p := range ps {
		sub, ok := subjectOf[p.reg]
		if !ok {
			continue
		}
		if tables[sub] == nil {
			tables[sub] = map[int64]bool{}
		}
		tables[sub][p.meeting] = true
	}
	out := make([]pdz.Elector, 0, len(order))
	for _, k := range order {
		x := idx[k]
		x.Tables = len(tables[k])
		out = append(out, *x)
	}
	sort.SliceStable(out, func(i, j int) bool {
		return strings.ToLower(out[i].Organisation) < strings.ToLower(out[j].Organisation)
	})
	return out, nil
}

// AddCandidate adds an eligible organisation as a candidate of an election
// in preparation; representative is the person who would sit in the body.
func (s *Store) AddCandidate(ctx context.Context, actor pdz.Actor, ambitoID, processID, electionID, registrationID int64, representative string) error {
	representative = strings.TrimSpace(representative)
	p := pdz.Problems{}
	if registrationID == 0 {
		p.Add("registration_id", "Scegli l'organizzazione candidata.")
	}
	if representative == "" {
		p.Add("representative", "Indica chi rappresenterà l'organizzazione se eletta.")
	} else if len([]rune(representative)) > 120 {
		p.Add("representative", "Al massimo 120 caratteri.")
	}
	if err := p.Err(); err != nil {
		return err
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		e, err := readElection(ctx, tx, ambitoID, processID, electionID)
		if err != nil {
			return err
		}
		if e.Status != pdz.ElectionDraft {
			return pdz.Errorf(pdz.ECONFLICT, "Le candidature si chiudono all'apertura del voto.")
		}
		xs, err := s.electors(ctx, tx, ambitoID, processID)
		if err != nil {
			return err
		}
		var x *pdz.Elector
		for i := range xs {
			if xs[i].RegistrationID == registrationID {
				x = &xs[i]
			}
		}
		if x == nil {
			return pdz.Problems{"registration_id": "L'organizzazione scelta non risulta tra quelle del percorso."}.Err()
		}
		if reasons := e.CandidacyReasons(x); len(reasons) > 0 {
			return pdz.Problems{"registration_id": x.Organisation + " non è candidabile: " + strings.Join(reasons, "; ") + "."}.Err()
		}
		var c pdz.Candidate
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(position), 0) + 1 FROM election_candidates WHERE ambito_id = $1 AND election_id = $2`,
			ambitoID, electionID).Scan(&c.Position); err != nil {
			return internal("next candidate", err)
		}
		err = tx.QueryRowContext(ctx, `INSERT INTO election_candidates (ambito_id, process_id, election_id, registration_id, subject_key, representative, position)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, ambitoID, processID, electionID, registrationID, x.SubjectKey, representative, c.Position).Scan(&c.ID)
		if database.IsUniqueViolation(err) {
			return pdz.Problems{"registration_id": x.Organisation + " è già candidata."}.Err()
		} else if err != nil {
			return internal("add candidate", err)
		}
		return s.audit(ctx, tx, actor, ambitoID, "create", "candidate", c.ID, "Candidata all'elezione «"+e.Title+"»: "+x.Organisation, nil, nil)
	})
}

// RemoveCandidate withdraws a candidacy before the vote opens.
func (s *Store) RemoveCandidate(ctx context.Context, actor pdz.Actor, ambitoID, processID, electionID, candidateID int64) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		e, err := readElection(ctx, tx, ambitoID, processID, electionID)
		if err != nil {
			return err
		}
		c := e.Candidate(candidateID)
		if c == nil {
			return notFound("Candidatura")
		}
		if e.Status != pdz.ElectionDraft {
			return pdz.Errorf(pdz.ECONFLICT, "Le candidature si chiudono all'apertura del voto.")
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM election_candidates WHERE ambito_id = $1 AND election_id = $2 AND id = $3`, ambitoID, electionID, candidateID); err != nil {
			return internal("remove candidate", err)
		}
		return s.audit(ctx, tx, actor, ambitoID, "delete", "candidate", candidateID, "Ritirata la candidatura di "+c.Organisation+" all'elezione «"+e.Title+"»", nil, nil)
	})
}

// ElectionVoter is an organisation of the electorate.
type ElectionVoter struct {
	pdz.Elector
	Code    string // while the vote is open and it has not voted
	Voted   bool
	Channel string
}

// ElectionVoters lists the electorate of an election with codes and
// whether each organisation voted (never how).
func (s *Store) ElectionVoters(ctx context.Context, ambitoID, processID, electionID int64) ([]ElectionVoter, error) {
	e, err := readElection(ctx, s.read, ambitoID, processID, electionID)
	if err != nil {
		return nil, err
	}
	xs, err := s.electors(ctx, s.read, ambitoID, processID)
	if err != nil {
		return nil, err
	}
	codes := map[string]string{}
	pairs, err := list(ctx, s.read, scanPair, `SELECT subject_key, code FROM election_codes WHERE ambito_id = $1 AND election_id = $2`, ambitoID, electionID)
	if err != nil {
		return nil, err
	}
	for _, p := range pairs {
		codes[p[0]] = p[1]
	}
	voted := map[string]string{}
	pairs, err = list(ctx, s.read, scanPair, `SELECT subject_key, channel FROM election_voters WHERE ambito_id = $1 AND election_id = $2`, ambitoID, electionID)
	if err != nil {
		return nil, err
	}
	for _, p := range pairs {
		voted[p[0]] = p[1]
	}
	var out []ElectionVoter
	for _, x := range xs {
		if len(e.VotingReasons(&x)) > 0 {
			continue
		}
		ch, ok := voted[x.SubjectKey]
		out = append(out, ElectionVoter{Elector: x, Code: codes[x.SubjectKey], Voted: ok, Channel: ch})
	}
	return out, nil
}

func scanPair(sc scanner) ([2]string, error) {
	var a, b string
	return [2]string{a, b}, sc.Scan(&a, &b)
}

// OpenElection opens the vote: the electorate is fixed by the rules now,
// and each of its organisations gets a voting code.
func (s *Store) OpenElection(ctx context.Context, actor pdz.Actor, ambitoID, processID, id int64) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		e, err := readElection(ctx, tx, ambitoID, processID, id)
		if err != nil {
			return err
		}
		if e.Status != pdz.ElectionDraft {
			return pdz.Errorf(pdz.ECONFLICT, "L'elezione è %s.", lower(e.Status.Label()))
		}
		if len(e.Candidates) == 0 {
			return pdz.Errorf(pdz.ECONFLICT, "Aggiungi prima le candidature.")
		}
		xs, err := s.electors(ctx, tx, ambitoID, processID)
		if err != nil {
			return err
		}
		n := 0
		for _, x := range xs {
			if len(e.VotingReasons(&x)) > 0 {
				continue
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO election_codes (code, ambito_id, process_id, election_id, subject_key, registration_id)
				VALUES ($1, $2, $3, $4, $5, $6)`, security.VoteCode(), ambitoID, processID, id, x.SubjectKey, x.RegistrationID); err != nil {
				return internal("voting code", err)
			}
			n++
		}
		if n == 0 {
			return pdz.Errorf(pdz.ECONFLICT, "Nessuna organizzazione ha diritto di voto con le regole scelte: controlla le presenze ai tavoli e le regole dell'elettorato.")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE elections SET status = 'aperta', opened_at = $1, updated_at = $1 WHERE ambito_id = $2 AND id = $3`, s.nowFor(ctx), ambitoID, id); err != nil {
			return internal("open election", err)
		}
		return s.audit(ctx, tx, actor, ambitoID, "status", "election", id, "Aperta la votazione dell'elezione «"+e.Title+"»: "+locale.Count(n, "organizzazione avente diritto", "organizzazioni aventi diritto"),
			map[string]any{"Stato": e.Status}, map[string]any{"Stato": pdz.ElectionOpen})
	})
}

var errBallotCast = errors.New("already voted")

// checkBallot checks the choices of a ballot: candidates of the election,
// none twice, at most MaxPreferences; none is a blank ballot.
func checkBallot(e *pdz.Election, ids []int64) error {
	seen := map[int64]bool{}
	for _, id := range ids {
		if e.Candidate(id) == nil || seen[id] {
			return pdz.Problems{"candidates": "Scelta non valida: indica candidati di questa elezione, ciascuno una volta."}.Err()
		}
		seen[id] = true
	}
	if len(ids) > e.MaxPreferences {
		return pdz.Problems{"candidates": locale.Plural(e.MaxPreferences, "Si può indicare al massimo ", "Si possono indicare al massimo ") + locale.Count(e.MaxPreferences, "preferenza", "preferenze") + "."}.Err()
	}
	return nil
}

// insertBallot puts an anonymous ballot in the box: a random id, the
// choices, nothing else.
func insertBallot(ctx context.Context, tx *sql.Tx, ambitoID, electionID int64, choices []int64) error {
	for attempt := 0; ; attempt++ {
		id := security.RandomID()
		res, err := tx.ExecContext(ctx, `INSERT INTO election_ballots (id, ambito_id, election_id) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING`, id, ambitoID, electionID)
		if err != nil {
			return internal("cast ballot", err)
		}
		if n, _ := res.RowsAffected(); n == 0 { // 2^-63: draw again
			if attempt == 3 {
				return internal("cast ballot", errors.New("no free ballot id"))
			}
			continue
		}
		for _, c := range choices {
			if _, err := tx.ExecContext(ctx, `INSERT INTO election_ballot_choices (ambito_id, election_id, ballot_id, candidate_id) VALUES ($1, $2, $3, $4)`,
				ambitoID, electionID, id, c); err != nil {
				return internal("cast ballot", err)
			}
		}
		return nil
	}
}

// CastBallot records the vote of the organisation of a voting code: THAT
// it voted, and an anonymous ballot with its choices (none: a blank
// ballot), in one transaction. The code is used up.
func (s *Store) CastBallot(ctx context.Context, ambitoID int64, code string, choices []int64) error {
	code = security.NormalizeVoteCode(code)
	err := s.write(ctx, func(tx *sql.Tx) error {
		var processID, electionID int64
		var subject string
		err := tx.QueryRowContext(ctx, `SELECT process_id, election_id, subject_key FROM election_codes WHERE code = $1 AND ambito_id = $2`,
			code, ambitoID).Scan(&processID, &electionID, &subject)
		if errors.Is(err, sql.ErrNoRows) {
			return errBallotCast
		} else if err != nil {
			return internal("read voting code", err)
		}
		e, err := readElection(ctx, tx, ambitoID, processID, electionID)
		if err != nil {
			return err
		}
		if e.Status != pdz.ElectionOpen {
			return errBallotCast
		}
		if err := checkBallot(&e, choices); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO election_voters (ambito_id, election_id, subject_key, channel) VALUES ($1, $2, $3, 'telefono')`,
			ambitoID, electionID, subject)
		if database.IsUniqueViolation(err) {
			return errBallotCast
		} else if err != nil {
			return internal("record voter", err)
		}
		if err := insertBallot(ctx, tx, ambitoID, electionID, choices); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM election_codes WHERE code = $1`, code); err != nil {
			return internal("use voting code", err)
		}
		return s.audit(ctx, tx, pdz.Actor{Email: "votante"}, ambitoID, "vote", "election", electionID, "Un'organizzazione dell'elettorato ha votato dal telefono", nil, nil)
	})
	if errors.Is(err, errBallotCast) {
		return pdz.Errorf(pdz.ECONFLICT, "Il voto di questa organizzazione è già stato registrato, oppure la votazione è chiusa: ogni organizzazione vota una sola volta.")
	}
	return err
}

// RecordPaperVoter records that an organisation of the electorate voted on
// paper: its ballot goes into the box anonymously (RecordPaperBallot).
func (s *Store) RecordPaperVoter(ctx context.Context, actor pdz.Actor, ambitoID, processID, electionID, registrationID int64) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		e, err := readElection(ctx, tx, ambitoID, processID, electionID)
		if err != nil {
			return err
		}
		if e.Status != pdz.ElectionOpen {
			return errBallotCast
		}
		var subject, name string
		err = tx.QueryRowContext(ctx, `SELECT c.subject_key, r.name FROM election_codes c JOIN registrations r ON r.id = c.registration_id
			WHERE c.ambito_id = $1 AND c.election_id = $2 AND c.registration_id = $3`, ambitoID, electionID, registrationID).Scan(&subject, &name)
		if errors.Is(err, sql.ErrNoRows) {
			return pdz.Problems{"registration_id": "L'organizzazione scelta non è nell'elettorato o ha già votato."}.Err()
		} else if err != nil {
			return internal("read voting code", err)
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO election_voters (ambito_id, election_id, subject_key, channel) VALUES ($1, $2, $3, 'carta')`,
			ambitoID, electionID, subject)
		if database.IsUniqueViolation(err) {
			return errBallotCast
		} else if err != nil {
			return internal("record voter", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM election_codes WHERE ambito_id = $1 AND election_id = $2 AND subject_key = $3`, ambitoID, electionID, subject); err != nil {
			return internal("use voting code", err)
		}
		return s.audit(ctx, tx, actor, ambitoID, "vote", "election", electionID, "Ha votato su scheda cartacea: "+name, nil, nil)
	})
	if errors.Is(err, errBallotCast) {
		return pdz.Errorf(pdz.ECONFLICT, "Il voto di questa organizzazione è già stato registrato, oppure la votazione è chiusa: ogni organizzazione vota una sola volta.")
	}
	return err
}

// RecordPaperBallot puts a paper ballot, read from the box, into the
// count: anonymous, and never more ballots than organisations that voted.
func (s *Store) RecordPaperBallot(ctx context.Context, actor pdz.Actor, ambitoID, processID, electionID int64, choices []int64) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		e, err := readElection(ctx, tx, ambitoID, processID, electionID)
		if err != nil {
			return err
		}
		if e.Status != pdz.ElectionOpen {
			return pdz.Errorf(pdz.ECONFLICT, "Le schede si registrano mentre la votazione è aperta.")
		}
		if err := checkBallot(&e, choices); err != nil {
			return err
		}
		var voters, ballots int
		if err := tx.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM election_voters WHERE ambito_id = $1 AND election_id = $2),
			(SELECT COUNT(*) FROM election_ballots WHERE ambito_id = $1 AND election_id = $2)`, ambitoID, electionID).Scan(&voters, &ballots); err != nil {
			return internal("count ballots", err)
		}
		if ballots >= voters {
			return pdz.Errorf(pdz.ECONFLICT, "Le schede nell'urna sono già tante quante le organizzazioni che hanno votato (%d): registra prima chi ha votato su carta.", voters)
		}
		if err := insertBallot(ctx, tx, ambitoID, electionID, choices); err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, ambitoID, "vote", "election", electionID, "Registrata una scheda cartacea nello scrutinio", nil, nil)
	})
}

// CloseElection closes the vote, deletes the unused codes and rewrites the
// ballot box: every ballot read, the box emptied, the ballots put back in
// a random order with new random ids, in one transaction. Then it scrubs
// the old rows from the database files (best effort, logged by the caller).
func (s *Store) CloseElection(ctx context.Context, actor pdz.Actor, ambitoID, processID, id int64) (scrubErr error, err error) {
	err = s.write(ctx, func(tx *sql.Tx) error {
		e, err := readElection(ctx, tx, ambitoID, processID, id)
		if err != nil {
			return err
		}
		if e.Status != pdz.ElectionOpen {
			return pdz.Errorf(pdz.ECONFLICT, "La votazione non è aperta.")
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM election_codes WHERE ambito_id = $1 AND election_id = $2`, ambitoID, id); err != nil {
			return internal("close election", err)
		}
		if err := shuffleBallots(ctx, tx, ambitoID, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE elections SET status = 'chiusa', closed_at = $1, updated_at = $1 WHERE ambito_id = $2 AND id = $3`, s.nowFor(ctx), ambitoID, id); err != nil {
			return internal("close election", err)
		}
		return s.audit(ctx, tx, actor, ambitoID, "status", "election", id, "Chiusa la votazione dell'elezione «"+e.Title+"»",
			map[string]any{"Stato": e.Status}, map[string]any{"Stato": pdz.ElectionClosed})
	})
	if err != nil {
		return nil, err
	}
	return s.db.Scrub(ctx, "election_ballot_choices", "election_ballots"), nil
}

// shuffleBallots rewrites the ballot box of an election in a random order
// with new random ids.
func shuffleBallots(ctx context.Context, tx *sql.Tx, ambitoID, electionID int64) error {
	ids, err := list(ctx, tx, scanID, `SELECT id FROM election_ballots WHERE ambito_id = $1 AND election_id = $2`, ambitoID, electionID)
	if err != nil {
		return err
	}
	type choice struct{ ballot, candidate int64 }
	cs, err := list(ctx, tx, func(sc scanner) (choice, error) {
		var c choice
		return c, sc.Scan(&c.ballot, &c.candidate)
	}, `SELECT ballot_id, candidate_id FROM election_ballot_choices WHERE ambito_id = $1 AND election_id = $2`, ambitoID, electionID)
	if err != nil {
		return err
	}
	byBallot := map[int64][]int64{}
	for _, c := range cs {
		byBallot[c.ballot] = append(byBallot[c.ballot], c.candidate)
	}
	ballots := make([][]int64, 0, len(ids))
	for _, id := range ids {
		ch := byBallot[id]
		sort.Slice(ch, func(i, j int) bool { return ch[i] < ch[j] })
		ballots = append(ballots, ch)
	}
	rand.Shuffle(len(ballots), func(i, j int) { ballots[i], ballots[j] = ballots[j], ballots[i] })
	for _, q := range []string{`DELETE FROM election_ballot_choices WHERE ambito_id = $1 AND election_id = $2`,
		`DELETE FROM election_ballots WHERE ambito_id = $1 AND election_id = $2`} {
		if _, err := tx.ExecContext(ctx, q, ambitoID, electionID); err != nil {
			return internal("shuffle ballots", err)
		}
	}
	for _, b := range ballots {
		if err := insertBallot(ctx, tx, ambitoID, electionID, b); err != nil {
			return err
		}
	}
	return nil
}

// ElectionOutcome counts an election: votes per candidate, ballots, blank
// ballots, voters and electorate, with the tie-break applied. While the
// vote is open it counts nothing but the voters.
func (s *Store) ElectionOutcome(ctx context.Context, ambitoID, processID, id int64) (pdz.Election, pdz.Outcome, error) {
	e, err := readElection(ctx, s.read, ambitoID, processID, id)
	if err != nil {
		return e, pdz.Outcome{}, err
	}
	o, err := s.outcome(ctx, s.read, ambitoID, processID, &e)
	return e, o, err
}

// outcome counts an election. Any query that fails aborts the count: a
// count from a partial read would elect the wrong candidates.
func (s *Store) outcome(ctx context.Context, q querier, ambitoID, processID int64, e *pdz.Election) (pdz.Outcome, error) {
	var o pdz.Outcome
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM election_voters WHERE ambito_id = $1 AND election_id = $2`, ambitoID, e.ID).Scan(&o.Voters); err != nil {
		return o, internal("count voters", err)
	}
	xs, err := s.electors(ctx, q, ambitoID, processID)
	if err != nil {
		return o, err
	}
	for _, x := range xs {
		if len(e.VotingReasons(&x)) == 0 {
			o.Electorate++
		}
	}
	if e.Status == pdz.ElectionOpen || e.Status == pdz.ElectionDraft {
		o.Results = pdz.Count(e.Seats, e.Candidates, nil).Results
		for i := range o.Results {
			o.Results[i].Elected, o.Results[i].Rank = false, 0
		}
		return o, nil
	}
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM election_ballots WHERE ambito_id = $1 AND election_id = $2`, ambitoID, e.ID).Scan(&o.Ballots); err != nil {
		return o, internal("count ballots", err)
	}
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM election_ballots b WHERE b.ambito_id = $1 AND b.election_id = $2
		AND NOT EXISTS (SELECT 1 FROM election_ballot_choices c WHERE c.ballot_id = b.id)`, ambitoID, e.ID).Scan(&o.Blank); err != nil {
		return o, internal("count blank ballots", err)
	}
	rows, err := list(ctx, q, func(sc scanner) ([2]int64, error) {
		var c, n int64
		return [2]int64{c, n}, sc.Scan(&c, &n)
	}, `SELECT candidate_id, COUNT(*) FROM election_ballot_choices WHERE ambito_id = $1 AND election_id = $2 GROUP BY candidate_id`, ambitoID, e.ID)
	if err != nil {
		return o, err
	}
	votes := map[int64]int{}
	for _, r := range rows {
		votes[r[0]] = int(r[1])
	}
	c := pdz.Count(e.Seats, e.Candidates, votes)
	c.Ballots, c.Blank, c.Voters, c.Electorate = o.Ballots, o.Blank, o.Voters, o.Electorate
	return c, nil
}

// DrawLots records the order drawn by lot among the candidates the rules
// leave tied across the last seat: order lists them, first drawn first.
func (s *Store) DrawLots(ctx context.Context, actor pdz.Actor, ambitoID, processID, id int64, order []int64) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		e, err := readElection(ctx, tx, ambitoID, processID, id)
		if err != nil {
			return err
		}
		if e.Status != pdz.ElectionClosed {
			return pdz.Errorf(pdz.ECONFLICT, "Il sorteggio si registra a votazione chiusa, prima della proclamazione.")
		}
		o, err := s.outcome(ctx, tx, ambitoID, processID, &e)
		if err != nil {
			return err
		}
		want := append([]int64(nil), o.NeedsLot...)
		got := append([]int64(nil), order...)
		sort.Slice(want, func(i, j int) bool { return want[i] < want[j] })
		sort.Slice(got, func(i, j int) bool { return got[i] < got[j] })
		if len(want) == 0 || len(want) != len(got) || !equalIDs(want, got) {
			return pdz.Problems{"lot": "Indica l'ordine estratto di tutti e soli i candidati in parità."}.Err()
		}
		var names []string
		for i, cid := range order {
			if _, err := tx.ExecContext(ctx, `UPDATE election_candidates SET lot = $1 WHERE ambito_id = $2 AND election_id = $3 AND id = $4`, i+1, ambitoID, id, cid); err != nil {
				return internal("draw lots", err)
			}
			names = append(names, e.Candidate(cid).Organisation)
		}
		return s.audit(ctx, tx, actor, ambitoID, "update", "election", id, "Sorteggio tra i candidati in parità: "+strings.Join(names, ", "), nil, map[string]any{"Ordine": order})
	})
}

func equalIDs(a, b []int64) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// ProclaimElection proclaims the elected: each becomes a member of the
// election's body (a vacant seat of the same role, if the body lists one,
// otherwise a new member), linked to the election.
func (s *Store) ProclaimElection(ctx context.Context, actor pdz.Actor, ambitoID, processID, id int64) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		e, err := readElection(ctx, tx, ambitoID, processID, id)
		if err != nil {
			return err
		}
		if e.Status != pdz.ElectionClosed {
			return pdz.Errorf(pdz.ECONFLICT, "Si proclamano gli eletti di un'elezione chiusa.")
		}
		o, err := s.outcome(ctx, tx, ambitoID, processID, &e)
		if err != nil {
			return err
		}
		if len(o.NeedsLot) > 0 {
			return pdz.Errorf(pdz.ECONFLICT, "C'è una parità che solo il sorteggio può risolvere: registra prima l'ordine estratto.")
		}
		elected := o.Elected()
		if e.BodyID != 0 && len(elected) > 0 {
			var day pdz.Date
			if e.MeetingID != 0 {
				if err := tx.QueryRowContext(ctx, `SELECT day FROM meetings WHERE ambito_id = $1 AND id = $2`, ambitoID, e.MeetingID).Scan(&day); err != nil {
					return internal("read meeting", err)
				}
			} else {
				day = pdz.DateOf(s.nowFor(ctx).In(locale.Rome))
			}
			for _, r := range elected {
				var memberID int64
				err := tx.QueryRowContext(ctx, `SELECT m.id FROM body_members m WHERE m.ambito_id = $1 AND m.body_id = $2 AND m.role = $3 AND m.name = ''
					AND (m.meeting_id IS NULL OR m.meeting_id = $4) AND NOT EXISTS (SELECT 1 FROM election_members em WHERE em.member_id = m.id)
					ORDER BY m.position, m.id LIMIT 1`, ambitoID, e.BodyID, e.MemberRole, nullID(e.MeetingID)).Scan(&memberID)
				appointment := "Eletto il " + locale.LongDate(day) + " (" + e.Title + ") con " + locale.Count(r.Votes, "voto", "voti")
				switch {
				case errors.Is(err, sql.ErrNoRows):
					var pos int
					if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(position), 0) + 1 FROM body_members WHERE ambito_id = $1 AND body_id = $2`, ambitoID, e.BodyID).Scan(&pos); err != nil {
						return internal("next member position", err)
					}
					if err := tx.QueryRowContext(ctx, `INSERT INTO body_members (ambito_id, body_id, position, role, name, represents, appointment, meeting_id, starts_on)
						VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`, ambitoID, e.BodyID, pos, e.MemberRole, r.Representative, r.Organisation,
						appointment, nullID(e.MeetingID), day).Scan(&memberID); err != nil {
						return internal("create member", err)
					}
				case err != nil:
					return internal("find seat", err)
				default:
					if _, err := tx.ExecContext(ctx, `UPDATE body_members SET name = $1, represents = $2, appointment = $3, meeting_id = $4, starts_on = $5
						WHERE ambito_id = $6 AND id = $7`, r.Representative, r.Organisation, appointment, nullID(e.MeetingID), day, ambitoID, memberID); err != nil {
						return internal("fill seat", err)
					}
				}
				if _, err := tx.ExecContext(ctx, `INSERT INTO election_members (ambito_id, election_id, candidate_id, member_id) VALUES ($1, $2, $3, $4)`,
					ambitoID, id, r.ID, memberID); err != nil {
					return internal("link member", err)
				}
				if err := s.audit(ctx, tx, actor, ambitoID, "create", "member", memberID, "Componente eletto: "+r.Representative+" ("+r.Organisation+")", nil, nil); err != nil {
					return err
				}
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE elections SET status = 'proclamata', proclaimed_at = $1, updated_at = $1 WHERE ambito_id = $2 AND id = $3`, s.nowFor(ctx), ambitoID, id); err != nil {
			return internal("proclaim", err)
		}
		var names []string
		for _, r := range elected {
			names = append(names, r.Organisation)
		}
		return s.audit(ctx, tx, actor, ambitoID, "status", "election", id, "Proclamati gli eletti dell'elezione «"+e.Title+"»: "+strings.Join(names, ", "),
			map[string]any{"Stato": e.Status}, map[string]any{"Stato": pdz.ElectionProclaimed})
	})
}

// PublishElection publishes (or withdraws) the results of a closed election.
func (s *Store) PublishElection(ctx context.Context, actor pdz.Actor, ambitoID, processID, id int64, publish bool) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		e, err := readElection(ctx, tx, ambitoID, processID, id)
		if err != nil {
			return err
		}
		if publish && e.Status != pdz.ElectionClosed && e.Status != pdz.ElectionProclaimed {
			return pdz.Errorf(pdz.ECONFLICT, "Si pubblicano i risultati di un'elezione chiusa.")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE elections SET published = $1, updated_at = $2 WHERE ambito_id = $3 AND id = $4`, publish, s.nowFor(ctx), ambitoID, id); err != nil {
			return internal("publish election", err)
		}
		what := "Pubblicati i risultati"
		if !publish {
			what = "Ritirati dalla pubblicazione i risultati"
		}
		return s.audit(ctx, tx, actor, ambitoID, "status", "election", id, what+" dell'elezione «"+e.Title+"»", nil, nil)
	})
}

// SaveElectionMinutesFile keeps the signed minutes of the election (PDF).
func (s *Store) SaveElectionMinutesFile(ctx context.Context, actor pdz.Actor, ambitoID, processID, id int64, f *pdz.File) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		e, err := readElection(ctx, tx, ambitoID, processID, id)
		if err != nil {
			return err
		}
		info, err := s.storeFile(ctx, tx, ambitoID, f)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE elections SET minutes_file_id = $1, updated_at = $2 WHERE ambito_id = $3 AND id = $4`, info.ID, s.nowFor(ctx), ambitoID, id); err != nil {
			return internal("election minutes", err)
		}
		return s.audit(ctx, tx, actor, ambitoID, "update", "election", id, "Caricato il verbale firmato dell'elezione «"+e.Title+"» (SHA-256 "+info.SHA256+")", nil, nil)
	})
}

// ElectionMinutesFile returns the signed minutes of an election.
func (s *Store) ElectionMinutesFile(ctx context.Context, ambitoID, processID, id int64) (pdz.File, error) {
	var fileID sql.NullInt64
	err := s.read.QueryRowContext(ctx, `SELECT minutes_file_id FROM elections WHERE ambito_id = $1 AND process_id = $2 AND id = $3`, ambitoID, processID, id).Scan(&fileID)
	if err != nil {
		return pdz.File{}, one(err, "Elezione")
	}
	if !fileID.Valid {
		return pdz.File{}, notFound("Verbale firmato")
	}
	return storedFile(ctx, s.read, ambitoID, fileID.Int64)
}
