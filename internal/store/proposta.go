package store

import (
	"context"
	"database/sql"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/pdz-ats/pdz/internal/locale"
	"github.com/pdz-ats/pdz/internal/pdz"
)

// Proposals in the hands of the Ufficio di Piano: table proposals, merges
// and splits, the evaluation (optimistic: every change bumps the version,
// and a save made against an older version is refused), the answers
// published together with their e-mails (once per answer and proponent),
// soft deletion, and the history. Every change of state writes a history
// entry and an audit entry in its transaction.

const propostaCols = `p.id, p.process_id, p.registration_id, p.area_id, a.code, a.title, p.title, p.need, p.description, p.target_group,
	p.beneficiaries, p.comuni, p.cost_cents, p.partners, p.origin, p.status, p.version, p.draft_status, p.draft_answer,
	p.crit_needs, p.crit_needs_note, p.crit_objectives, p.crit_objectives_note, p.crit_resources, p.crit_resources_note,
	p.answer_version, p.created_at, r.received_at, p.updated_at, p.updated_by, p.deleted_at, p.deleted_reason, r.status`

const propostaFrom = ` FROM proposals p JOIN areas a ON a.id = p.area_id
	JOIN registrations r ON r.ambito_id = p.ambito_id AND r.id = p.registration_id`

func scanProposta(sc scanner) (pdz.Proposta, error) {
	var x pdz.Proposta
	var code, title, comuni string
	var created, updated, deleted sql.NullTime
	var received time.Time
	d := &x.Draft
	c := &d.Criteria
	err := sc.Scan(&x.ID, &x.ProcessID, &x.RegistrationID, &x.AreaID, &code, &title, &x.Title, &x.Need, &x.Description, &x.Target,
		&x.Beneficiaries, &comuni, &x.CostCents, &x.Partners, &x.Origin, &x.Status, &x.Version, &d.Status, &d.Answer,
		&c.Needs, &c.NeedsNote, &c.Objectives, &c.ObjectivesNote, &c.Resources, &c.ResourcesNote,
		&x.AnswerVersion, &created, &received, &updated, &x.UpdatedBy, &deleted, &x.DeletedReason, &x.RegStatus)
	x.AreaName = (&pdz.Area{Code: code, Title: title}).Name()
	if comuni != "" {
		x.Comuni = strings.Split(comuni, "\n")
	}
	x.CreatedAt, x.UpdatedAt, x.DeletedAt = created.Time, updated.Time, deleted.Time
	if x.CreatedAt.IsZero() {
		x.CreatedAt = received
	}
	if x.UpdatedAt.IsZero() {
		x.UpdatedAt = x.CreatedAt
	}
	return x, err
}

// Propostas lists the proposals of a process matching f, by area and
// number, with their authors, answer in force, links, table and
// evaluators.
func (s *Store) Propostas(ctx context.Context, ambitoID, processID int64, f pdz.ProposalFilter) ([]pdz.Proposta, error) {
	return s.propostas(ctx, s.read, ambitoID, processID, 0, f)
}

func (s *Store) propostas(ctx context.Context, q querier, ambitoID, processID, only int64, f pdz.ProposalFilter) ([]pdz.Proposta, error) {
	xs, err := list(ctx, q, scanProposta, `SELECT `+propostaCols+propostaFrom+`
		WHERE p.ambito_id = $1 AND p.process_id = $2 AND ($3 = 0 OR p.id = $3) ORDER BY a.position, a.id, p.id`, ambitoID, processID, only)
	if err != nil {
		return nil, err
	}
	if err := s.fillPropostas(ctx, q, ambitoID, processID, xs); err != nil {
		return nil, err
	}
	out := xs[:0]
	words := strings.Fields(strings.ToLower(f.Query))
	for _, x := range xs {
		switch {
		case f.AreaID != 0 && x.AreaID != f.AreaID,
			f.Status != "" && x.Status != f.Status,
			!f.WithDeleted && x.Deleted(),
			f.OnlyPending && !x.DraftPending(),
			f.EvaluatorID != 0 && !slices.ContainsFunc(x.Evaluators, func(e pdz.Evaluator) bool { return e.UserID == f.EvaluatorID }):
			continue
		}
		if len(words) > 0 {
			text := strings.ToLower(strings.Join([]string{strconv.FormatInt(x.ID, 10), x.Title, x.Need, x.Description, x.Target, x.Partners}, "\n"))
			for _, a := range x.Authors {
				text += "\n" + strings.ToLower(a.Who.StaffName()+" "+a.Protocol)
			}
			found := true
			for _, w := range words {
				found = found && strings.Contains(text, w)
			}
			if !found {
				continue
			}
		}
		out = append(out, x)
	}
	return out, nil
}

// Proposta returns one proposal of a process with everything known of it,
// the sheets that take it up included.
func (s *Store) Proposta(ctx context.Context, ambitoID, processID, id int64) (pdz.Proposta, error) {
	return s.proposta(ctx, s.read, ambitoID, processID, id)
}

func (s *Store) proposta(ctx context.Context, q querier, ambitoID, processID, id int64) (pdz.Proposta, error) {
	xs, err := s.propostas(ctx, q, ambitoID, processID, id, pdz.ProposalFilter{WithDeleted: true})
	if err != nil {
		return pdz.Proposta{}, err
	}
	if len(xs) == 0 {
		return pdz.Proposta{}, notFound("Proposta")
	}
	x := xs[0]
	x.Sheets, err = list(ctx, q, func(sc scanner) (pdz.SheetRef, error) {
		var r pdz.SheetRef
		return r, sc.Scan(&r.PlanSlug, &r.PlanTitle, &r.Code, &r.Title, &r.Published)
	}, `SELECT pl.slug, pl.title, sh.code, sh.title, pl.published FROM sheet_proposals sp
		JOIN sheets sh ON sh.ambito_id = sp.ambito_id AND sh.id = sp.sheet_id
		JOIN plans pl ON pl.ambito_id = sh.ambito_id AND pl.id = sh.plan_id
		WHERE sp.ambito_id = $1 AND sp.proposal_id = $2 ORDER BY pl.slug, sh.position, sh.id`, ambitoID, id)
	return x, err
}

// fillPropostas loads the parts of the proposals of one process.
func (s *Store) fillPropostas(ctx context.Context, q querier, ambitoID, processID int64, xs []pdz.Proposta) error {
	if len(xs) == 0 {
		return nil
	}
	idx := map[int64]*pdz.Proposta{}
	for i := range xs {
		idx[xs[i].ID] = &xs[i]
	}
	consent, err := s.namedCitizens(ctx, q, ambitoID, processID)
	if err != nil {
		return err
	}
	type authorRow struct {
		proposal int64
		a        pdz.Author
	}
	rows, err := q.QueryContext(ctx, `SELECT x.proposal_id, x.main, r.id, r.protocol_year, COALESCE(r.protocol_number, 0), r.kind, r.name, r.org_type,
		r.org_type_other, r.email, r.contact_name, r.publish_name, r.erased_at FROM (
			SELECT id AS proposal_id, registration_id, 1 AS main FROM proposals WHERE ambito_id = $1 AND process_id = $2
			UNION ALL
			SELECT proposal_id, registration_id, 0 AS main FROM proposal_coauthors WHERE ambito_id = $1 AND process_id = $2
		) x JOIN registrations r ON r.ambito_id = $1 AND r.id = x.registration_id
		ORDER BY x.proposal_id, x.main DESC, r.protocol_year, r.protocol_number`, ambitoID, processID)
	authors, err := collect(rows, err, func(sc scanner) (authorRow, error) {
		var x authorRow
		var main int
		var reg pdz.Registration
		var erased sql.NullTime
		err := sc.Scan(&x.proposal, &main, &reg.ID, &reg.ProtocolYear, &reg.ProtocolNumber, &reg.Kind, &reg.Name, &reg.OrgType, &reg.OrgTypeOther,
			&reg.Email, &reg.Contact.Name, &reg.PublishName, &erased)
		agreed := reg.PublishName
		if !reg.IsOrganisation() {
			agreed = consent[reg.ID]
		}
		x.a = pdz.Author{RegistrationID: reg.ID, Protocol: reg.Protocol(), Who: pdz.NewRegistrant(reg.Kind, reg.Name, reg.TypeLabel(), agreed, erased.Valid),
			Email: reg.Email, Contact: reg.Contact.Name}
		return x, err
	})
	if err != nil {
		return err
	}
	for _, a := range authors {
		if x := idx[a.proposal]; x != nil {
			x.Authors = append(x.Authors, a.a)
		}
	}
	rows, err = q.QueryContext(ctx, `SELECT a.proposal_id, a.version, a.status, a.answer, a.crit_needs, a.crit_needs_note, a.crit_objectives,
		a.crit_objectives_note, a.crit_resources, a.crit_resources_note, a.published_at, a.published_by
		FROM proposal_answers a JOIN proposals p ON p.id = a.proposal_id AND p.answer_version = a.version
		WHERE p.ambito_id = $1 AND p.process_id = $2`, ambitoID, processID)
	type answerRow struct {
		proposal int64
		a        pdz.Answer
	}
	answers, err := collect(rows, err, func(sc scanner) (answerRow, error) {
		var x answerRow
		return x, scanAnswer(sc, &x.proposal, &x.a)
	})
	if err != nil {
		return err
	}
	for _, a := range answers {
		if x := idx[a.proposal]; x != nil {
			ans := a.a
			x.Answer = &ans
		}
	}
	type linkRow struct {
		from, to      int64
		kind          pdz.ProposalOrigin
		fTitle, tTitl string
		fSt, tSt      pdz.ProposalStatus
	}
	rows, err = q.QueryContext(ctx, `SELECT l.from_id, l.to_id, l.kind, f.title, f.status, t.title, t.status FROM proposal_links l
		JOIN proposals f ON f.id = l.from_id JOIN proposals t ON t.id = l.to_id
		WHERE l.ambito_id = $1 AND l.process_id = $2 ORDER BY l.from_id, l.to_id`, ambitoID, processID)
	links, err := collect(rows, err, func(sc scanner) (linkRow, error) {
		var x linkRow
		return x, sc.Scan(&x.from, &x.to, &x.kind, &x.fTitle, &x.fSt, &x.tTitl, &x.tSt)
	})
	if err != nil {
		return err
	}
	for _, l := range links {
		if x := idx[l.from]; x != nil {
			x.Into = append(x.Into, pdz.ProposalLink{ID: l.to, Title: l.tTitl, Kind: l.kind, Status: l.tSt})
		}
		if x := idx[l.to]; x != nil {
			x.From = append(x.From, pdz.ProposalLink{ID: l.from, Title: l.fTitle, Kind: l.kind, Status: l.fSt})
		}
	}
	type meetingRow struct {
		proposal int64
		m        pdz.Meeting
	}
	rows, err = q.QueryContext(ctx, `SELECT pm.proposal_id, m.id, m.kind, m.label, m.title, m.day FROM proposal_meetings pm
		JOIN meetings m ON m.ambito_id = pm.ambito_id AND m.id = pm.meeting_id WHERE pm.ambito_id = $1 AND pm.process_id = $2`, ambitoID, processID)
	ms, err := collect(rows, err, func(sc scanner) (meetingRow, error) {
		var x meetingRow
		return x, sc.Scan(&x.proposal, &x.m.ID, &x.m.Kind, &x.m.Label, &x.m.Title, &x.m.Date)
	})
	if err != nil {
		return err
	}
	for _, m := range ms {
		if x := idx[m.proposal]; x != nil {
			x.MeetingID, x.MeetingName = m.m.ID, m.m.Name()+" ("+locale.ShortDate(m.m.Date)+")"
		}
	}
	type evalRow struct {
		proposal int64
		e        pdz.Evaluator
	}
	rows, err = q.QueryContext(ctx, `SELECT e.proposal_id, u.id, u.name, u.email FROM proposal_evaluators e JOIN users u ON u.id = e.user_id
		JOIN proposals p ON p.id = e.proposal_id WHERE p.ambito_id = $1 AND p.process_id = $2 ORDER BY e.proposal_id, u.name`, ambitoID, processID)
	evs, err := collect(rows, err, func(sc scanner) (evalRow, error) {
		var x evalRow
		return x, sc.Scan(&x.proposal, &x.e.UserID, &x.e.Name, &x.e.Email)
	})
	if err != nil {
		return err
	}
	for _, e := range evs {
		if x := idx[e.proposal]; x != nil {
			x.Evaluators = append(x.Evaluators, e.e)
		}
	}
	return nil
}

func scanAnswer(sc scanner, proposal *int64, a *pdz.Answer) error {
	c := &a.Criteria
	return sc.Scan(proposal, &a.Version, &a.Status, &a.Text, &c.Needs, &c.NeedsNote, &c.Objectives, &c.ObjectivesNote,
		&c.Resources, &c.ResourcesNote, &a.PublishedAt, &a.PublishedBy)
}

// namedCitizens lists the registrations of citizens who agreed, at a
// meeting of the process, to be named in published documents.
func (s *Store) namedCitizens(ctx context.Context, q querier, ambitoID, processID int64) (map[int64]bool, error) {
	ids, err := list(ctx, q, func(sc scanner) (int64, error) {
		var id int64
		return id, sc.Scan(&id)
	}, `SELECT DISTINCT registration_id FROM meeting_attendance WHERE ambito_id = $1 AND process_id = $2 AND name_consent`, ambitoID, processID)
	out := map[int64]bool{}
	for _, id := range ids {
		out[id] = true
	}
	return out, err
}

// ProposalAnswers lists every answer published for a proposal, oldest first.
func (s *Store) ProposalAnswers(ctx context.Context, ambitoID, id int64) ([]pdz.Answer, error) {
	return list(ctx, s.read, func(sc scanner) (pdz.Answer, error) {
		var a pdz.Answer
		var p int64
		return a, scanAnswer(sc, &p, &a)
	}, `SELECT proposal_id, version, status, answer, crit_needs, crit_needs_note, crit_objectives, crit_objectives_note, crit_resources,
		crit_resources_note, published_at, published_by FROM proposal_answers WHERE ambito_id = $1 AND proposal_id = $2 ORDER BY version`, ambitoID, id)
}

// ProposalHistory lists the history of a proposal, oldest first; the
// public page asks for the public entries only.
func (s *Store) ProposalHistory(ctx context.Context, ambitoID, id int64, onlyPublic bool) ([]pdz.ProposalEvent, error) {
	return list(ctx, s.read, func(sc scanner) (pdz.ProposalEvent, error) {
		var e pdz.ProposalEvent
		return e, sc.Scan(&e.At, &e.Action, &e.Actor, &e.Summary, &e.Public)
	}, `SELECT at, action, actor, summary, public FROM proposal_events WHERE ambito_id = $1 AND proposal_id = $2 AND (public OR NOT $3)
		ORDER BY at, id`, ambitoID, id, onlyPublic)
}

// proposalEvent writes a history entry.
func (s *Store) proposalEvent(ctx context.Context, tx *sql.Tx, ambitoID, id int64, action, actor, summary string, public bool) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO proposal_events (ambito_id, proposal_id, at, action, actor, summary, public)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, ambitoID, id, s.nowFor(ctx), action, actor, summary, public)
	return internal("write proposal history", err)
}

func propActor(a pdz.Actor) string {
	if a.Email == "" {
		return "proponente"
	}
	return a.Email
}

// insertProposal writes a new proposal (table, merge or split) with its
// table and co-authors.
func (s *Store) insertProposal(ctx context.Context, tx *sql.Tx, actor pdz.Actor, ambitoID int64, x *pdz.Proposta, coauthors []int64) error {
	now := s.nowFor(ctx)
	x.Status, x.Version, x.CreatedAt, x.UpdatedAt, x.UpdatedBy = pdz.PropReceived, 1, now, now, propActor(actor)
	err := tx.QueryRowContext(ctx, `INSERT INTO proposals (ambito_id, process_id, registration_id, area_id, position, title, need, description,
		target_group, beneficiaries, comuni, cost_cents, partners, origin, status, version, created_at, updated_at, updated_by)
		VALUES ($1, $2, $3, $4, 0, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 1, $15, $15, $16) RETURNING id`,
		ambitoID, x.ProcessID, x.RegistrationID, x.AreaID, x.Title, x.Need, x.Description, x.Target, x.Beneficiaries,
		strings.Join(x.Comuni, "\n"), x.CostCents, x.Partners, x.Origin, x.Status, now, x.UpdatedBy).Scan(&x.ID)
	if err != nil {
		return internal("create proposal", err)
	}
	if x.MeetingID != 0 {
		if _, err := tx.ExecContext(ctx, `INSERT INTO proposal_meetings (ambito_id, process_id, proposal_id, meeting_id) VALUES ($1, $2, $3, $4)`,
			ambitoID, x.ProcessID, x.ID, x.MeetingID); err != nil {
			return internal("proposal meeting", err)
		}
	}
	for _, reg := range coauthors {
		if reg == x.RegistrationID {
			continue
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO proposal_coauthors (ambito_id, process_id, proposal_id, registration_id) VALUES ($1, $2, $3, $4)`,
			ambitoID, x.ProcessID, x.ID, reg); err != nil {
			return internal("proposal co-author", err)
		}
	}
	return nil
}

// CreateTableProposal records a proposal raised at a table, entered by the
// UdP for a participant (actor set) or by the participant through the
// personal link (pdz.Actor{}: allowed until the process's proposals_until,
// in an area the registration joined).
func (s *Store) CreateTableProposal(ctx context.Context, actor pdz.Actor, ambitoID int64, x *pdz.Proposta) error {
	p, err := s.processForRegistration(ctx, s.read, ambitoID, x.ProcessID)
	if err != nil {
		return err
	}
	if err := x.ValidateContent(&p); err != nil {
		return err
	}
	x.Origin = pdz.OriginTable
	return s.write(ctx, func(tx *sql.Tx) error {
		r, err := s.loadRegistration(ctx, tx, `ambito_id = $1 AND process_id = $2 AND id = $3`, ambitoID, x.ProcessID, x.RegistrationID)
		if err != nil {
			return pdz.Problems{"registration_id": "Scegli chi presenta la proposta tra gli iscritti al percorso."}.Err()
		}
		if r.Erased() || !r.Status.Holds() {
			return pdz.Problems{"registration_id": "La manifestazione di interesse prot. n. " + r.Protocol() + " non è attiva: non può presentare proposte."}.Err()
		}
		if actor.Email == "" {
			var until sql.NullTime
			if err := tx.QueryRowContext(ctx, `SELECT proposals_until FROM processes WHERE ambito_id = $1 AND id = $2`, ambitoID, x.ProcessID).Scan(&until); err != nil {
				return one(err, "Percorso")
			}
			if !until.Valid || s.nowFor(ctx).After(until.Time) {
				return pdz.Errorf(pdz.ECONFLICT, "La presentazione di proposte con il link personale non è aperta: consegna la proposta all'Ufficio di Piano al tavolo.")
			}
			if !r.HasArea(x.AreaID) {
				return pdz.Problems{"area": "Scegli una delle aree a cui si partecipa."}.Err()
			}
		}
		if x.MeetingID != 0 {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM meetings WHERE ambito_id = $1 AND process_id = $2 AND id = $3`,
				ambitoID, x.ProcessID, x.MeetingID).Scan(&n); err != nil || n == 0 {
				return pdz.Problems{"meeting_id": "Scegli un incontro di questo percorso."}.Err()
			}
		}
		if err := s.insertProposal(ctx, tx, actor, ambitoID, x, nil); err != nil {
			return err
		}
		what := "Presentata al tavolo"
		if x.MeetingID == 0 {
			what = "Presentata durante i lavori dei tavoli"
		}
		if actor.Email == "" {
			what += " dal proponente con il link personale."
		} else {
			what += ", registrata dall'Ufficio di Piano."
		}
		if err := s.proposalEvent(ctx, tx, ambitoID, x.ID, "presentazione", propActor(actor), what, true); err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, ambitoID, "create", "proposal", x.ID, "Registrata la proposta n. "+strconv.FormatInt(x.ID, 10)+" «"+x.Title+"» (prot. n. "+r.Protocol()+")", nil, x.Proposal)
	})
}

// lockProposta reads a proposal inside a write transaction.
func (s *Store) lockProposta(ctx context.Context, tx *sql.Tx, ambitoID, processID, id int64) (pdz.Proposta, error) {
	return s.proposta(ctx, tx, ambitoID, processID, id)
}

// staleError tells an evaluator that someone saved the proposal meanwhile.
func staleError(cur *pdz.Proposta) error {
	who := cur.UpdatedBy
	if who == "" {
		who = "un'altra persona"
	}
	return &pdz.Error{Code: pdz.ECONFLICT, Message: "Nel frattempo la proposta è stata modificata da " + who + " alle " +
		cur.UpdatedAt.In(locale.Rome).Format("15:04") + " del " + cur.UpdatedAt.In(locale.Rome).Format("02/01/2006") +
		": le modifiche non sono state salvate. Il testo scritto è rimasto nel modulo; confrontarlo con la versione attuale, riportata sotto, e salvare di nuovo."}
}

// UpdateProposalContent corrects the content of a proposal that has no
// final answer yet. version is the one the form was filled against.
func (s *Store) UpdateProposalContent(ctx context.Context, actor pdz.Actor, ambitoID int64, x *pdz.Proposta, version int) error {
	p, err := s.processForRegistration(ctx, s.read, ambitoID, x.ProcessID)
	if err != nil {
		return err
	}
	if err := x.ValidateContent(&p); err != nil {
		return err
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		cur, err := s.lockProposta(ctx, tx, ambitoID, x.ProcessID, x.ID)
		if err != nil {
			return err
		}
		if cur.Version != version {
			return staleError(&cur)
		}
		if !cur.Changeable() {
			return pdz.Errorf(pdz.ECONFLICT, "La proposta ha già un esito (%s) o non è più attiva: il suo contenuto non si può più modificare.", strings.ToLower(cur.Status.Label()))
		}
		res, err := tx.ExecContext(ctx, `UPDATE proposals SET area_id = $1, title = $2, need = $3, description = $4, target_group = $5,
			beneficiaries = $6, comuni = $7, cost_cents = $8, partners = $9, version = version + 1, updated_at = $10, updated_by = $11
			WHERE ambito_id = $12 AND process_id = $13 AND id = $14 AND version = $15`,
			x.AreaID, x.Title, x.Need, x.Description, x.Target, x.Beneficiaries, strings.Join(x.Comuni, "\n"), x.CostCents, x.Partners,
			s.nowFor(ctx), propActor(actor), ambitoID, x.ProcessID, x.ID, version)
		if err != nil {
			return internal("update proposal", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return staleError(&cur)
		}
		if err := s.proposalEvent(ctx, tx, ambitoID, x.ID, "modifica", propActor(actor), "Contenuto corretto dall'Ufficio di Piano.", true); err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, ambitoID, "update", "proposal", x.ID, "Modificata la proposta n. "+strconv.FormatInt(x.ID, 10), cur.Proposal, x.Proposal)
	})
}

// SaveEvaluation saves an evaluator's work on a proposal: the criteria and
// the answer being drafted (private until published). version is the one
// the form was filled against: if someone saved in between, nothing is
// saved and the error says who and when. The first evaluation puts a
// received proposal "under evaluation".
func (s *Store) SaveEvaluation(ctx context.Context, actor pdz.Actor, ambitoID, processID, id int64, version int, d pdz.Draft) error {
	if err := d.Validate(); err != nil {
		return err
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		cur, err := s.lockProposta(ctx, tx, ambitoID, processID, id)
		if err != nil {
			return err
		}
		if cur.Version != version {
			return staleError(&cur)
		}
		if !cur.Live() {
			return pdz.Errorf(pdz.ECONFLICT, "La proposta non è più attiva (eliminata, accorpata o scomposta): non si valuta.")
		}
		c := d.Criteria
		res, err := tx.ExecContext(ctx, `UPDATE proposals SET draft_status = $1, draft_answer = $2, crit_needs = $3, crit_needs_note = $4,
			crit_objectives = $5, crit_objectives_note = $6, crit_resources = $7, crit_resources_note = $8, version = version + 1,
			updated_at = $9, updated_by = $10, status = CASE WHEN status = 'ricevuta' THEN 'in_valutazione' ELSE status END
			WHERE ambito_id = $11 AND process_id = $12 AND id = $13 AND version = $14`,
			d.Status, d.Answer, c.Needs, c.NeedsNote, c.Objectives, c.ObjectivesNote, c.Resources, c.ResourcesNote, s.nowFor(ctx), actor.Email,
			ambitoID, processID, id, version)
		if err != nil {
			return internal("save evaluation", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return staleError(&cur) // cannot happen under the transaction's lock; kept for safety
		}
		if err := s.evaluating(ctx, tx, actor, ambitoID, &cur); err != nil {
			return err
		}
		if err := s.proposalEvent(ctx, tx, ambitoID, id, "valutazione", actor.Email, "Valutazione aggiornata (esito in preparazione: "+draftLabel(d.Status)+").", false); err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, ambitoID, "evaluate", "proposal", id, "Valutazione della proposta n. "+strconv.FormatInt(id, 10), cur.Draft, d)
	})
}

func draftLabel(st pdz.ProposalStatus) string {
	if st == "" {
		return "da decidere"
	}
	return strings.ToLower(st.Label())
}

// evaluating records the public step from "received" to "under
// evaluation", once.
func (s *Store) evaluating(ctx context.Context, tx *sql.Tx, actor pdz.Actor, ambitoID int64, cur *pdz.Proposta) error {
	if cur.Status != pdz.PropReceived {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `UPDATE proposals SET status = 'in_valutazione' WHERE ambito_id = $1 AND id = $2 AND status = 'ricevuta'`, ambitoID, cur.ID); err != nil {
		return internal("proposal under evaluation", err)
	}
	if err := s.proposalEvent(ctx, tx, ambitoID, cur.ID, "stato", actor.Email, "In valutazione presso l'Ufficio di Piano.", true); err != nil {
		return err
	}
	return s.audit(ctx, tx, actor, ambitoID, "status", "proposal", cur.ID, "Proposta n. "+strconv.FormatInt(cur.ID, 10)+": in valutazione",
		map[string]any{"Stato": pdz.PropReceived}, map[string]any{"Stato": pdz.PropEvaluating})
}

// AssignEvaluators sets who evaluates a proposal: staff of the Ambito.
func (s *Store) AssignEvaluators(ctx context.Context, actor pdz.Actor, ambitoID, processID, id int64, userIDs []int64) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		cur, err := s.lockProposta(ctx, tx, ambitoID, processID, id)
		if err != nil {
			return err
		}
		if !cur.Live() {
			return pdz.Errorf(pdz.ECONFLICT, "La proposta non è più attiva: non si assegna.")
		}
		for _, u := range userIDs {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM memberships WHERE ambito_id = $1 AND user_id = $2`, ambitoID, u).Scan(&n); err != nil {
				return internal("read membership", err)
			} else if n == 0 {
				return pdz.Problems{"evaluators": "Si possono assegnare solo persone dell'Ufficio di Piano dell'Ambito."}.Err()
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM proposal_evaluators WHERE ambito_id = $1 AND proposal_id = $2`, ambitoID, id); err != nil {
			return internal("assign evaluators", err)
		}
		for _, u := range userIDs {
			if _, err := tx.ExecContext(ctx, `INSERT INTO proposal_evaluators (ambito_id, proposal_id, user_id, assigned_at) VALUES ($1, $2, $3, $4)
				ON CONFLICT (proposal_id, user_id) DO NOTHING`, ambitoID, id, u, s.nowFor(ctx)); err != nil {
				return internal("assign evaluators", err)
			}
		}
		var before []int64
		for _, e := range cur.Evaluators {
			before = append(before, e.UserID)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE proposals SET version = version + 1, updated_at = $1, updated_by = $2 WHERE ambito_id = $3 AND id = $4`,
			s.nowFor(ctx), actor.Email, ambitoID, id); err != nil {
			return internal("assign evaluators", err)
		}
		if len(userIDs) > 0 {
			if err := s.evaluating(ctx, tx, actor, ambitoID, &cur); err != nil {
				return err
			}
		}
		if err := s.proposalEvent(ctx, tx, ambitoID, id, "valutatori", actor.Email, "Assegnata a "+locale.Count(len(userIDs), "valutatore", "valutatori")+".", false); err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, ambitoID, "assign", "proposal", id, "Valutatori della proposta n. "+strconv.FormatInt(id, 10),
			map[string]any{"Valutatori": before}, map[string]any{"Valutatori": userIDs})
	})
}

// ComposeAnswer writes the message that tells one author the answer to a
// proposal; nil for none.
type ComposeAnswer func(x *pdz.Proposta, a *pdz.Answer, to *pdz.Author) *pdz.Email

// answerKey makes the e-mail of an answer unique per proposal, answer
// version and recipient: queueing it twice adds nothing.
func answerKey(proposalID int64, version int, registrationID int64) string {
	return "proposta-" + strconv.FormatInt(proposalID, 10) + "-esito-" + strconv.Itoa(version) + "-iscrizione-" + strconv.FormatInt(registrationID, 10)
}

// publishAnswer publishes answer a as the next version of proposal x and
// queues its e-mails.
func (s *Store) publishAnswer(ctx context.Context, tx *sql.Tx, actor pdz.Actor, ambitoID int64, x *pdz.Proposta, a pdz.Answer, compose ComposeAnswer) error {
	a.Version, a.PublishedAt, a.PublishedBy = x.AnswerVersion+1, s.nowFor(ctx), propActor(actor)
	c := a.Criteria
	if _, err := tx.ExecContext(ctx, `INSERT INTO proposal_answers (ambito_id, proposal_id, version, status, answer, crit_needs, crit_needs_note,
		crit_objectives, crit_objectives_note, crit_resources, crit_resources_note, published_at, published_by)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`, ambitoID, x.ID, a.Version, a.Status, a.Text, c.Needs, c.NeedsNote,
		c.Objectives, c.ObjectivesNote, c.Resources, c.ResourcesNote, a.PublishedAt, a.PublishedBy); err != nil {
		return internal("publish answer", err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE proposals SET status = $1, answer_version = $2, version = version + 1, updated_at = $3, updated_by = $4
		WHERE ambito_id = $5 AND id = $6`, a.Status, a.Version, a.PublishedAt, a.PublishedBy, ambitoID, x.ID); err != nil {
		return internal("publish answer", err)
	}
	before := x.Status
	x.Status, x.AnswerVersion, x.Answer = a.Status, a.Version, &a
	summary := "Esito pubblicato: " + strings.ToLower(a.Status.Label()) + "."
	if a.Version > 1 {
		summary = "Esito aggiornato (versione " + strconv.Itoa(a.Version) + "): " + strings.ToLower(a.Status.Label()) + "."
	}
	if err := s.proposalEvent(ctx, tx, ambitoID, x.ID, "esito", a.PublishedBy, summary, true); err != nil {
		return err
	}
	if compose != nil {
		var msgs []pdz.Email
		for i := range x.Authors {
			au := &x.Authors[i]
			if au.Who.Erased() || au.Email == "" {
				continue
			}
			if m := compose(x, &a, au); m != nil {
				m.RegistrationID, m.DedupKey = au.RegistrationID, answerKey(x.ID, a.Version, au.RegistrationID)
				msgs = append(msgs, *m)
			}
		}
		if err := s.enqueue(ctx, tx, ambitoID, msgs); err != nil {
			return err
		}
	}
	return s.audit(ctx, tx, actor, ambitoID, "status", "proposal", x.ID, "Proposta n. "+strconv.FormatInt(x.ID, 10)+": "+strings.ToLower(summary),
		map[string]any{"Stato": before}, map[string]any{"Stato": a.Status, "Risposta": a.Text, "Versione": a.Version})
}

// PublishAnswers publishes together every answer drafted and ready for the
// live proposals of a process (of one area, when areaID is not 0) that
// differs from the one in force, and queues one e-mail per answer and
// proponent. Returns how many answers were published.
func (s *Store) PublishAnswers(ctx context.Context, actor pdz.Actor, ambitoID, processID, areaID int64, compose ComposeAnswer) (int, error) {
	n := 0
	err := s.write(ctx, func(tx *sql.Tx) error {
		n = 0
		xs, err := s.propostas(ctx, tx, ambitoID, processID, 0, pdz.ProposalFilter{AreaID: areaID, OnlyPending: true})
		if err != nil {
			return err
		}
		for i := range xs {
			x := &xs[i]
			if err := s.publishAnswer(ctx, tx, actor, ambitoID, x, pdz.Answer{Status: x.Draft.Status, Text: x.Draft.Answer, Criteria: x.Draft.Criteria}, compose); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}

// RequeueAnswerEmails queues again the e-mails of the answers in force of a
// process: the outbox keys make it a no-op for messages already queued. It
// is what a retried publication does, and what the tests call.
func (s *Store) RequeueAnswerEmails(ctx context.Context, ambitoID, processID int64, compose ComposeAnswer) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		xs, err := s.propostas(ctx, tx, ambitoID, processID, 0, pdz.ProposalFilter{WithDeleted: true})
		if err != nil {
			return err
		}
		var msgs []pdz.Email
		for i := range xs {
			x := &xs[i]
			if x.Answer == nil {
				continue
			}
			for j := range x.Authors {
				au := &x.Authors[j]
				if m := compose(x, x.Answer, au); m != nil && !au.Who.Erased() {
					m.RegistrationID, m.DedupKey = au.RegistrationID, answerKey(x.ID, x.Answer.Version, au.RegistrationID)
					msgs = append(msgs, *m)
				}
			}
		}
		return s.enqueue(ctx, tx, ambitoID, msgs)
	})
}

// WithdrawProposal withdraws a proposal at its proponent's request: the
// answer "withdrawn" with the reason is published at once. byProponent
// marks a withdrawal made through the personal link (registrationID must
// be an author, the actor empty).
func (s *Store) WithdrawProposal(ctx context.Context, actor pdz.Actor, ambitoID, processID, id, registrationID int64, reason string, compose ComposeAnswer) error {
	if err := pdz.ReasonProblem("withdraw_reason", reason, "Indica il motivo del ritiro (sarà la risposta pubblicata)."); err != nil {
		return err
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		cur, err := s.lockProposta(ctx, tx, ambitoID, processID, id)
		if err != nil {
			return err
		}
		if registrationID != 0 && !cur.HasAuthor(registrationID) {
			return notFound("Proposta")
		}
		if !cur.Live() || cur.Status == pdz.PropWithdrawn {
			return pdz.Errorf(pdz.ECONFLICT, "La proposta non è attiva o è già ritirata.")
		}
		text := strings.TrimSpace(reason)
		if actor.Email == "" {
			text = "Ritirata dal proponente: " + text
		} else {
			text = "Ritirata su richiesta del proponente: " + text
		}
		return s.publishAnswer(ctx, tx, actor, ambitoID, &cur, pdz.Answer{Status: pdz.PropWithdrawn, Text: text, Criteria: cur.Draft.Criteria}, compose)
	})
}

// DeleteProposal deletes a proposal (a duplicate, a mistake): it stays on
// record with the reason, out of the lists and the prospetto.
func (s *Store) DeleteProposal(ctx context.Context, actor pdz.Actor, ambitoID, processID, id int64, reason string) error {
	if err := pdz.ReasonProblem("reason", reason, "Indica il motivo dell'eliminazione: resta nella storia della proposta."); err != nil {
		return err
	}
	reason = strings.TrimSpace(reason)
	return s.write(ctx, func(tx *sql.Tx) error {
		cur, err := s.lockProposta(ctx, tx, ambitoID, processID, id)
		if err != nil {
			return err
		}
		if cur.Deleted() {
			return pdz.Errorf(pdz.ECONFLICT, "La proposta è già eliminata.")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE proposals SET deleted_at = $1, deleted_reason = $2, version = version + 1, updated_at = $1, updated_by = $3
			WHERE ambito_id = $4 AND id = $5`, s.nowFor(ctx), reason, actor.Email, ambitoID, id); err != nil {
			return internal("delete proposal", err)
		}
		if err := s.proposalEvent(ctx, tx, ambitoID, id, "eliminazione", actor.Email, "Eliminata dall'Ufficio di Piano. Motivo: "+reason, true); err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, ambitoID, "delete", "proposal", id, "Eliminata la proposta n. "+strconv.FormatInt(id, 10)+" «"+cur.Title+"». Motivo: "+reason, nil, nil)
	})
}

// RestoreProposal undoes a deletion.
func (s *Store) RestoreProposal(ctx context.Context, actor pdz.Actor, ambitoID, processID, id int64) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		cur, err := s.lockProposta(ctx, tx, ambitoID, processID, id)
		if err != nil {
			return err
		}
		if !cur.Deleted() {
			return pdz.Errorf(pdz.ECONFLICT, "La proposta non è eliminata.")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE proposals SET deleted_at = NULL, deleted_reason = '', version = version + 1, updated_at = $1, updated_by = $2
			WHERE ambito_id = $3 AND id = $4`, s.nowFor(ctx), actor.Email, ambitoID, id); err != nil {
			return internal("restore proposal", err)
		}
		if err := s.proposalEvent(ctx, tx, ambitoID, id, "ripristino", actor.Email, "Ripristinata dall'Ufficio di Piano.", true); err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, ambitoID, "restore", "proposal", id, "Ripristinata la proposta n. "+strconv.FormatInt(id, 10), nil, nil)
	})
}

func numbers(ids []int64) string {
	var parts []string
	for _, id := range ids {
		parts = append(parts, "n. "+strconv.FormatInt(id, 10))
	}
	return strings.Join(parts, ", ")
}

// MergeProposals merges proposals that have no final answer into a new one
// with the given content: the new proposal keeps every author of the
// originals, which stay on record as "merged" and link to it.
func (s *Store) MergeProposals(ctx context.Context, actor pdz.Actor, ambitoID, processID int64, ids []int64, content pdz.Proposal) (int64, error) {
	p, err := s.processForRegistration(ctx, s.read, ambitoID, processID)
	if err != nil {
		return 0, err
	}
	ids = slices.Compact(slices.Sorted(slices.Values(ids)))
	if len(ids) < 2 {
		return 0, pdz.Problems{"ids": "Scegli almeno due proposte da accorpare."}.Err()
	}
	if err := content.ValidateContent(&p); err != nil {
		return 0, err
	}
	var newID int64
	err = s.write(ctx, func(tx *sql.Tx) error {
		var originals []pdz.Proposta
		var authors []int64
		for _, id := range ids {
			x, err := s.lockProposta(ctx, tx, ambitoID, processID, id)
			if err != nil {
				return err
			}
			if !x.Changeable() {
				return pdz.Problems{"ids": "La proposta n. " + strconv.FormatInt(id, 10) + " ha già un esito o non è attiva: non si può accorpare."}.Err()
			}
			originals = append(originals, x)
			for _, a := range x.Authors {
				if !slices.Contains(authors, a.RegistrationID) {
					authors = append(authors, a.RegistrationID)
				}
			}
		}
		merged := pdz.Proposta{Proposal: content, ProcessID: processID, RegistrationID: originals[0].RegistrationID, Origin: pdz.OriginMerge}
		if err := s.insertProposal(ctx, tx, actor, ambitoID, &merged, authors); err != nil {
			return err
		}
		newID = merged.ID
		for _, x := range originals {
			if _, err := tx.ExecContext(ctx, `INSERT INTO proposal_links (ambito_id, process_id, from_id, to_id, kind) VALUES ($1, $2, $3, $4, 'accorpamento')`,
				ambitoID, processID, x.ID, merged.ID); err != nil {
				return internal("link merged proposal", err)
			}
			if _, err := tx.ExecContext(ctx, `UPDATE proposals SET status = 'accorpata', version = version + 1, updated_at = $1, updated_by = $2
				WHERE ambito_id = $3 AND id = $4`, s.nowFor(ctx), actor.Email, ambitoID, x.ID); err != nil {
				return internal("merge proposal", err)
			}
			if err := s.proposalEvent(ctx, tx, ambitoID, x.ID, "accorpamento", actor.Email, "Accorpata nella proposta n. "+strconv.FormatInt(merged.ID, 10)+" «"+merged.Title+"», che ne raccoglie gli autori.", true); err != nil {
				return err
			}
			if err := s.audit(ctx, tx, actor, ambitoID, "status", "proposal", x.ID, "Proposta n. "+strconv.FormatInt(x.ID, 10)+": accorpata nella n. "+strconv.FormatInt(merged.ID, 10),
				map[string]any{"Stato": x.Status}, map[string]any{"Stato": pdz.PropMerged}); err != nil {
				return err
			}
			for _, e := range x.Evaluators {
				if _, err := tx.ExecContext(ctx, `INSERT INTO proposal_evaluators (ambito_id, proposal_id, user_id, assigned_at) VALUES ($1, $2, $3, $4)
					ON CONFLICT (proposal_id, user_id) DO NOTHING`, ambitoID, merged.ID, e.UserID, s.nowFor(ctx)); err != nil {
					return internal("carry evaluators", err)
				}
			}
		}
		if err := s.proposalEvent(ctx, tx, ambitoID, merged.ID, "accorpamento", actor.Email, "Nata dall'accorpamento delle proposte "+numbers(ids)+".", true); err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, ambitoID, "create", "proposal", merged.ID, "Accorpate le proposte "+numbers(ids)+" nella n. "+strconv.FormatInt(merged.ID, 10)+" «"+merged.Title+"»", nil, merged.Proposal)
	})
	return newID, err
}

// SplitProposal splits a proposal that has no final answer into parts,
// each with the same authors; the original stays on record as "split" and
// links to them.
func (s *Store) SplitProposal(ctx context.Context, actor pdz.Actor, ambitoID, processID, id int64, parts []pdz.Proposal) ([]int64, error) {
	p, err := s.processForRegistration(ctx, s.read, ambitoID, processID)
	if err != nil {
		return nil, err
	}
	if len(parts) < 2 {
		return nil, pdz.Problems{"parts": "Indica almeno due parti."}.Err()
	}
	pr := pdz.Problems{}
	for i := range parts {
		if err := parts[i].ValidateContent(&p); err != nil {
			for k, v := range pdz.ErrorFields(err) {
				pr.Add("part"+strconv.Itoa(i+1)+"_"+k, v)
			}
		}
	}
	if err := pr.Err(); err != nil {
		return nil, err
	}
	var out []int64
	err = s.write(ctx, func(tx *sql.Tx) error {
		out = nil
		x, err := s.lockProposta(ctx, tx, ambitoID, processID, id)
		if err != nil {
			return err
		}
		if !x.Changeable() {
			return pdz.Errorf(pdz.ECONFLICT, "La proposta ha già un esito o non è attiva: non si può scomporre.")
		}
		var authors []int64
		for _, a := range x.Authors {
			authors = append(authors, a.RegistrationID)
		}
		for _, c := range parts {
			part := pdz.Proposta{Proposal: c, ProcessID: processID, RegistrationID: x.RegistrationID, Origin: pdz.OriginSplit, MeetingID: x.MeetingID}
			if err := s.insertProposal(ctx, tx, actor, ambitoID, &part, authors); err != nil {
				return err
			}
			out = append(out, part.ID)
			if _, err := tx.ExecContext(ctx, `INSERT INTO proposal_links (ambito_id, process_id, from_id, to_id, kind) VALUES ($1, $2, $3, $4, 'scomposizione')`,
				ambitoID, processID, x.ID, part.ID); err != nil {
				return internal("link split proposal", err)
			}
			if err := s.proposalEvent(ctx, tx, ambitoID, part.ID, "scomposizione", actor.Email, "Nata dalla scomposizione della proposta n. "+strconv.FormatInt(x.ID, 10)+" «"+x.Title+"».", true); err != nil {
				return err
			}
			if err := s.audit(ctx, tx, actor, ambitoID, "create", "proposal", part.ID, "Parte della proposta n. "+strconv.FormatInt(x.ID, 10)+": n. "+strconv.FormatInt(part.ID, 10)+" «"+part.Title+"»", nil, part.Proposal); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE proposals SET status = 'scomposta', version = version + 1, updated_at = $1, updated_by = $2
			WHERE ambito_id = $3 AND id = $4`, s.nowFor(ctx), actor.Email, ambitoID, x.ID); err != nil {
			return internal("split proposal", err)
		}
		if err := s.proposalEvent(ctx, tx, ambitoID, x.ID, "scomposizione", actor.Email, "Scomposta nelle proposte "+numbers(out)+".", true); err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, ambitoID, "status", "proposal", x.ID, "Proposta n. "+strconv.FormatInt(x.ID, 10)+": scomposta nelle "+numbers(out),
			map[string]any{"Stato": x.Status}, map[string]any{"Stato": pdz.PropSplit})
	})
	return out, err
}

// SetProposalsUntil sets until when registrants may add proposals raised at
// a table through their personal link (zero: not through the link).
func (s *Store) SetProposalsUntil(ctx context.Context, actor pdz.Actor, ambitoID, processID int64, until time.Time) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		var before sql.NullTime
		if err := tx.QueryRowContext(ctx, `SELECT proposals_until FROM processes WHERE ambito_id = $1 AND id = $2`, ambitoID, processID).Scan(&before); err != nil {
			return one(err, "Percorso")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE processes SET proposals_until = $1 WHERE ambito_id = $2 AND id = $3`, nullTime(until), ambitoID, processID); err != nil {
			return internal("proposals until", err)
		}
		return s.audit(ctx, tx, actor, ambitoID, "update", "process", processID, "Termine per le proposte dal link personale",
			map[string]any{"Fino a": before.Time}, map[string]any{"Fino a": until})
	})
}

// ProposalsUntil tells until when registrants may add proposals through
// their personal link (zero: not through the link).
func (s *Store) ProposalsUntil(ctx context.Context, ambitoID, processID int64) (time.Time, error) {
	var t sql.NullTime
	err := s.read.QueryRowContext(ctx, `SELECT proposals_until FROM processes WHERE ambito_id = $1 AND id = $2`, ambitoID, processID).Scan(&t)
	return t.Time, one(err, "Percorso")
}

// correctProposals applies a correction of a registration to the proposals
// it carries, in place: the n-th proposal of the form is the n-th of the
// registration (same id: the UdP's work on it refers to it); a proposal
// the correction drops is deleted with the reason, never removed.
func (s *Store) correctProposals(ctx context.Context, tx *sql.Tx, r *pdz.Registration, before []pdz.Proposal, actor string) error {
	now := s.nowFor(ctx)
	for i := range r.Proposals {
		x := &r.Proposals[i]
		if i < len(before) {
			old := before[i]
			x.ID = old.ID
			if old.AreaID == x.AreaID && old.Title == x.Title && old.Need == x.Need && old.Description == x.Description && old.Target == x.Target &&
				old.Beneficiaries == x.Beneficiaries && slices.Equal(old.Comuni, x.Comuni) && old.CostCents == x.CostCents && old.Partners == x.Partners {
				continue
			}
			if _, err := tx.ExecContext(ctx, `UPDATE proposals SET area_id = $1, position = $2, title = $3, need = $4, description = $5, target_group = $6,
				beneficiaries = $7, comuni = $8, cost_cents = $9, partners = $10, version = version + 1, updated_at = $11, updated_by = $12
				WHERE ambito_id = $13 AND id = $14`, x.AreaID, i+1, x.Title, x.Need, x.Description, x.Target, x.Beneficiaries,
				strings.Join(x.Comuni, "\n"), x.CostCents, x.Partners, now, actor, r.AmbitoID, x.ID); err != nil {
				return internal("correct proposal", err)
			}
			if err := s.proposalEvent(ctx, tx, r.AmbitoID, x.ID, "modifica", actor, "Corretta con la manifestazione di interesse (versione "+strconv.Itoa(r.Version)+").", true); err != nil {
				return err
			}
			continue
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO proposals (ambito_id, process_id, registration_id, area_id, position, title, need,
			description, target_group, beneficiaries, comuni, cost_cents, partners, created_at, updated_at, updated_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14, $15) RETURNING id`,
			r.AmbitoID, r.ProcessID, r.ID, x.AreaID, i+1, x.Title, x.Need, x.Description, x.Target, x.Beneficiaries,
			strings.Join(x.Comuni, "\n"), x.CostCents, x.Partners, now, actor).Scan(&x.ID); err != nil {
			return internal("save proposal", err)
		}
	}
	for _, old := range before[min(len(before), len(r.Proposals)):] {
		reason := "Tolta con la correzione della manifestazione di interesse (versione " + strconv.Itoa(r.Version) + ")."
		if _, err := tx.ExecContext(ctx, `UPDATE proposals SET deleted_at = $1, deleted_reason = $2, version = version + 1, updated_at = $1, updated_by = $3
			WHERE ambito_id = $4 AND id = $5`, now, reason, actor, r.AmbitoID, old.ID); err != nil {
			return internal("drop proposal", err)
		}
		if err := s.proposalEvent(ctx, tx, r.AmbitoID, old.ID, "eliminazione", actor, reason, true); err != nil {
			return err
		}
	}
	return nil
}

// ProposalsOfRegistration lists the live proposals a registration authors
// (with the registration, raised at a table, merged), for the personal
// page.
func (s *Store) ProposalsOfRegistration(ctx context.Context, ambitoID, processID, registrationID int64) ([]pdz.Proposta, error) {
	xs, err := s.Propostas(ctx, ambitoID, processID, pdz.ProposalFilter{})
	if err != nil {
		return nil, err
	}
	out := xs[:0]
	for _, x := range xs {
		if x.HasAuthor(registrationID) && !x.Status.Superseded() {
			out = append(out, x)
		}
	}
	return out, nil
}

// ProposalCounts counts the live proposals of a process by area and state.
type ProposalCounts struct {
	Total       int
	ByStatus    map[pdz.ProposalStatus]int
	Pending     int // drafts ready to publish
	InProspetto int // what the prospetto di sintesi counts: not withdrawn
	Withdrawn   int // withdrawn by their proponents
}

// CountPropostas counts a list.
func CountPropostas(xs []pdz.Proposta) ProposalCounts {
	c := ProposalCounts{ByStatus: map[pdz.ProposalStatus]int{}}
	for _, x := range xs {
		if !x.Live() {
			continue
		}
		c.Total++
		c.ByStatus[x.Status]++
		if x.InProspetto() {
			c.InProspetto++
		} else {
			c.Withdrawn++
		}
		if x.DraftPending() {
			c.Pending++
		}
	}
	return c
}

// SortByArea orders proposals as the prospetto does: by area position
// then number.
func SortByArea(xs []pdz.Proposta, areaPos map[int64]int) {
	sort.SliceStable(xs, func(i, j int) bool {
		if areaPos[xs[i].AreaID] != areaPos[xs[j].AreaID] {
			return areaPos[xs[i].AreaID] < areaPos[xs[j].AreaID]
		}
		return xs[i].ID < xs[j].ID
	})
}
