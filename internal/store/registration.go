package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/pdz-ats/pdz/internal/database"
	"github.com/pdz-ats/pdz/internal/pdz"
)

// Registrations (manifestazioni di interesse). Everything a registration
// changes happens in one transaction: the protocol number, the rows of the
// registration, its history and the e-mails that announce it. Personal data
// never go into the audit log: its entries for registrations name the
// protocol number only.

// Submission is a new registration and what comes with it.
type Submission struct {
	Registration *pdz.Registration // filled with its id, protocol number and times
	// SubmissionHash is the SHA-256 of the form's random token: a second
	// submission with the same token returns the first registration.
	SubmissionHash string
	// AccessHash is the SHA-256 of the key of the personal link.
	AccessHash string
	// ReceivedAt is when the registration reached the UdP. Zero means now;
	// only the demo (backdating its sample registrations honestly) and the
	// UdP's late or on-site entries pass another time. For online
	// registrations the deadline is checked against it.
	ReceivedAt time.Time
	File       *pdz.Attachment // the signed form, with its bytes; nil if none
	Actor      pdz.Actor       // who enters it: pdz.Actor{} for the registrant
	// Compose writes the e-mails that announce the registration, once it has
	// its id and protocol number; they join the outbox in the same
	// transaction.
	Compose func(r *pdz.Registration) []pdz.Email
	// Process, when the caller has it from RegistrationProcess, spares
	// reading it again.
	Process *pdz.Process
	// NotifyHolder writes the notice to the holder of a place that this
	// submission was refused because of (the same codice fiscale or
	// partita IVA already holds the area): someone tried to register with
	// their data. Only registrants' attempts notify; nil sends nothing.
	NotifyHolder func(holder *pdz.Registration) []pdz.Email
	// CheckInMeetingID, when set, records the registrant present at that
	// meeting of the process in the same transaction: someone who comes to
	// a table without registering (seed 002).
	CheckInMeetingID int64
}

// errExisting ends the transaction of a submission whose token was used.
var errExisting = errors.New("submission already saved")

// actorName is what a registration's history says of who acted.
func actorName(a pdz.Actor) string {
	if a.Email == "" {
		return "registrante"
	}
	return a.Email
}

// processForRegistration loads what registrations need of a process: its
// own fields and its areas.
func (s *Store) processForRegistration(ctx context.Context, q querier, ambitoID, processID int64) (pdz.Process, error) {
	return s.registrationProcess(ctx, q, `ambito_id = $1 AND id = $2`, ambitoID, processID)
}

// RegistrationProcess returns a process of an Ambito, by slug, with its
// own fields and its areas only: what the registration form needs, in two
// queries instead of the seven of a whole process.
func (s *Store) RegistrationProcess(ctx context.Context, ambitoID int64, slug string) (pdz.Process, error) {
	return s.registrationProcess(ctx, s.read, `ambito_id = $1 AND slug = $2`, ambitoID, slug)
}

func (s *Store) registrationProcess(ctx context.Context, q querier, where string, args ...any) (pdz.Process, error) {
	p, err := scanProcess(q.QueryRowContext(ctx, `SELECT `+processCols+` FROM processes WHERE `+where, args...))
	if err != nil {
		return p, one(err, "Percorso")
	}
	if p.PublishedAt.IsZero() {
		return p, pdz.Errorf(pdz.ENOTFOUND, "Percorso non trovato.")
	}
	p.Areas, err = list(ctx, q, scanArea, `SELECT `+areaCols+` FROM areas WHERE ambito_id = $1 AND process_id = $2 ORDER BY position, id`, p.AmbitoID, p.ID)
	return p, err
}

// deadlineError is the message of a registration refused after the
// deadline.
func deadlineError(p *pdz.Process, loc *time.Location) error {
	return pdz.Errorf(pdz.ECONFLICT, "Il termine per la manifestazione di interesse è scaduto il %s alle ore %s: la manifestazione di interesse non è stata registrata. Per partecipare contattare l'Ufficio di Piano%s.",
		p.Deadline.In(loc).Format("02/01/2006"), p.Deadline.In(loc).Format("15:04"), emailSuffix(p.RegistrationEmail))
}

func emailSuffix(e string) string {
	if e == "" {
		return ""
	}
	return " (" + e + ")"
}

// SubmitRegistration records a new registration with the next protocol
// number of its Ambito for the year of its receipt. When SubmissionHash was
// already used, nothing is written and the earlier registration is loaded
// into sub.Registration: existing is then true.
func (s *Store) SubmitRegistration(ctx context.Context, ambitoID int64, sub Submission, loc *time.Location) (existing bool, err error) {
	r := sub.Registration
	var p pdz.Process
	if sub.Process != nil && sub.Process.ID == r.ProcessID && sub.Process.AmbitoID == ambitoID && !sub.Process.PublishedAt.IsZero() {
		p = *sub.Process
	} else if p, err = s.processForRegistration(ctx, s.read, ambitoID, r.ProcessID); err != nil {
		return false, err
	}
	now := s.Now()
	received := now
	if !sub.ReceivedAt.IsZero() {
		received = sub.ReceivedAt.UTC().Truncate(time.Microsecond)
	}
	if err := r.Validate(&p, pdz.DateOf(received.In(loc))); err != nil {
		return false, err
	}
	nameAreas(r, &p)
	if sub.SubmissionHash == "" || sub.AccessHash == "" {
		return false, internal("submit registration", errors.New("missing token hashes"))
	}
	r.AmbitoID, r.Status, r.Version = ambitoID, pdz.RegReceived, 1
	r.ReceivedAt, r.CreatedAt, r.UpdatedAt, r.ProtocolYear = received, now, now, received.In(loc).Year()
	if sub.File != nil {
		r.Attachment = &pdz.Attachment{Name: sub.File.Name, Size: sub.File.Size, SHA256: sub.File.SHA256}
	}
	err = s.write(ctx, func(tx *sql.Tx) error {
		var id int64
		err := s.txQueryRow(ctx, tx, qFindSubmission, sub.SubmissionHash, ambitoID).Scan(&id)
		if err == nil {
			r.ID = id
			return errExisting
		} else if !errors.Is(err, sql.ErrNoRows) {
			return internal("find submission", err)
		}
		if r.Channel == pdz.ChannelOnline && !p.Deadline.IsZero() && received.After(p.Deadline) {
			return deadlineError(&p, loc)
		}
		if err := s.checkOnePerArea(ctx, tx, r, 0); err != nil {
			return err
		}
		err = s.txQueryRow(ctx, tx, qInsertRegistration,
			ambitoID, r.ProcessID, r.ProtocolYear, nil, r.Kind, r.Channel, r.Status, r.SubjectKey(), r.Name, r.OrgType,
			r.OrgTypeOther, r.TaxCode, r.VATNumber, r.RUNTS, r.FoundedOn, r.Address, r.Comune, r.Email, r.PEC, r.Phone,
			r.ManagesServices, r.PublishName, r.Declarant.Name, r.Declarant.Role, r.Contact.Name, r.Contact.Role, r.Contact.Email, r.Contact.Phone,
			r.PrivacyAccepted, r.Truthful, attName(r), attSize(r), attHash(r), received, now,
			sub.SubmissionHash, sub.AccessHash, "").Scan(&r.ID)
		if err != nil {
			if database.IsUniqueViolation(err) {
				return errExisting // the same token, saved by a concurrent request
			}
			return internal("create registration", err)
		}
		if err := s.writeRegistrationParts(ctx, tx, r, sub.File, true); err != nil {
			return err
		}
		what := "Ricevuta online."
		switch r.Channel {
		case pdz.ChannelLate:
			what = "Registrata dall'Ufficio di Piano come iscrizione tardiva."
		case pdz.ChannelOnSite:
			what = "Registrata dall'Ufficio di Piano come partecipazione in presenza."
		}
		if err := s.event(ctx, tx, r, "creazione", actorName(sub.Actor), what, 0, nil); err != nil {
			return err
		}
		// The protocol number last: on PostgreSQL the counter row stays
		// locked from here to the commit, so the other submissions of the
		// Ambito wait for these few statements only, not for the whole
		// registration. A rollback from here on gives the number back.
		n, err := s.nextProtocol(ctx, tx, ambitoID, r.ProtocolYear)
		if err != nil {
			return err
		}
		r.ProtocolNumber = n
		if _, err := s.txExec(ctx, tx, qSetProtocol, n, searchText(r, &p), ambitoID, r.ID); err != nil {
			return internal("set protocol number", err)
		}
		if sub.Compose != nil {
			if err := s.enqueue(ctx, tx, ambitoID, sub.Compose(r)); err != nil {
				return err
			}
		}
		if sub.CheckInMeetingID != 0 {
			if _, err := s.checkIn(ctx, tx, sub.Actor, ambitoID, r.ProcessID, sub.CheckInMeetingID, r.ID, pdz.CheckInNew, ""); err != nil {
				return err
			}
		}
		if sub.Actor.Email != "" {
			return s.audit(ctx, tx, sub.Actor, ambitoID, "create", "registration", r.ID, "Registrata la manifestazione di interesse prot. n. "+r.Protocol()+" ("+r.Channel.Label()+")", nil, nil)
		}
		return nil
	})
	if errors.Is(err, errPlaceHeld) {
		r.ID, r.ProtocolNumber = 0, 0
		return false, s.refusePlaceHeld(ctx, &p, r, 0, sub.Actor, sub.NotifyHolder, loc)
	}
	if errors.Is(err, errExisting) {
		got, err := s.RegistrationBySubmission(ctx, ambitoID, sub.SubmissionHash)
		if err != nil {
			return false, err
		}
		*r = got
		return true, nil
	}
	if err != nil {
		r.ID, r.ProtocolNumber = 0, 0
	}
	return false, err
}

// nameAreas fills the area names of a registration built from a form, for
// the messages composed before it is read back.
func nameAreas(r *pdz.Registration, p *pdz.Process) {
	for i := range r.Areas {
		if a := p.Area(r.Areas[i].AreaID); a != nil {
			r.Areas[i].AreaName = a.Name()
		}
	}
	for i := range r.Proposals {
		if a := p.Area(r.Proposals[i].AreaID); a != nil {
			r.Proposals[i].AreaName = a.Name()
		}
	}
}

// nextProtocol assigns the next protocol number of an Ambito for a year:
// UPDATE … RETURNING on the counter row, which PostgreSQL locks until the
// transaction ends; the first number of a year creates the row.
func (s *Store) nextProtocol(ctx context.Context, tx *sql.Tx, ambitoID int64, year int) (int64, error) {
	var n int64
	for range 2 {
		err := s.txQueryRow(ctx, tx, qNextProtocol, ambitoID, year).Scan(&n)
		if !errors.Is(err, sql.ErrNoRows) {
			return n, internal("next protocol number", err)
		}
		if _, err := s.txExec(ctx, tx, qInitCounter, ambitoID, year); err != nil {
			return 0, internal("protocol counter", err)
		}
	}
	return 0, internal("next protocol number", errors.New("no counter row"))
}

const (
	qNextProtocol   = `UPDATE protocol_counters SET last_number = last_number + 1 WHERE ambito_id = $1 AND year = $2 RETURNING last_number`
	qInitCounter    = `INSERT INTO protocol_counters (ambito_id, year, last_number) VALUES ($1, $2, 0) ON CONFLICT (ambito_id, year) DO NOTHING`
	qFindSubmission = `SELECT id FROM registrations WHERE submission_hash = $1 AND ambito_id = $2`
	qHeldAreas      = `SELECT DISTINCT k.area_id, k.registration_id, r.protocol_year, r.protocol_number FROM registration_area_keys k
		JOIN registrations r ON r.id = k.registration_id
		WHERE k.ambito_id = $1 AND k.process_id = $2 AND (k.subject_key = $3 OR k.subject_key = $4) AND k.holds AND k.registration_id <> $5
		ORDER BY k.area_id, k.registration_id`
	qInsertRegistration = `INSERT INTO registrations (ambito_id, process_id, protocol_year, protocol_number, kind, channel,
			status, subject_key, name, org_type, org_type_other, tax_code, vat_number, runts, founded_on, address, comune, email, pec, phone,
			manages_services, publish_name, declarant_name, declarant_role, contact_name, contact_role, contact_email, contact_phone,
			privacy_accepted, truthful, attachment_name, attachment_size, attachment_sha256, received_at, created_at, updated_at, version,
			submission_hash, access_hash, search_text)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25,
			$26, $27, $28, $29, $30, $31, $32, $33, $34, $35, $35, 1, $36, $37, $38) RETURNING id`
	qInsertArea = `INSERT INTO registration_areas (ambito_id, process_id, registration_id, area_id, subject_key, holds,
			rep_name, rep_role, rep_email, rep_phone) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`
	qInsertAreaKey = `INSERT INTO registration_area_keys (ambito_id, process_id, registration_id, area_id, subject_key, holds)
			VALUES ($1, $2, $3, $4, $5, $6)`
	qInsertProposal = `INSERT INTO proposals (ambito_id, process_id, registration_id, area_id, position, title, need,
			description, target_group, beneficiaries, comuni, cost_cents, partners) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
			RETURNING id`
	qSetProtocol = `UPDATE registrations SET protocol_number = $1, search_text = $2 WHERE ambito_id = $3 AND id = $4`
	qInsertEvent = `INSERT INTO registration_events (ambito_id, registration_id, at, action, actor, summary, version, snapshot)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`
)

// errPlaceHeld ends the transaction of a registration that would give a
// second place in an area to the same organisation or person;
// refusePlaceHeld then explains it, after the rollback.
var errPlaceHeld = errors.New("place held")

// heldPlace is an area of r's choice already held by another registration
// with one of r's identifiers.
type heldPlace struct {
	area   int64
	holder int64
	year   int
	number int64
}

// heldPlaces lists the places of r's areas held by other registrations (not
// self) with the codice fiscale or the partita IVA of r.
func (s *Store) heldPlaces(ctx context.Context, q querier, r *pdz.Registration, self int64) ([]heldPlace, error) {
	keys := r.SubjectKeys()
	if len(keys) == 0 {
		return nil, nil
	}
	k1, k2 := keys[0], keys[len(keys)-1]
	var rows *sql.Rows
	var err error
	if tx, ok := q.(*sql.Tx); ok { // inside a submission: the prepared statement
		rows, err = s.txQuery(ctx, tx, qHeldAreas, r.AmbitoID, r.ProcessID, k1, k2, self)
	} else {
		rows, err = q.QueryContext(ctx, qHeldAreas, r.AmbitoID, r.ProcessID, k1, k2, self)
	}
	all, err := collect(rows, err, func(sc scanner) (heldPlace, error) {
		var h heldPlace
		return h, sc.Scan(&h.area, &h.holder, &h.year, &h.number)
	})
	if err != nil {
		return nil, err
	}
	var out []heldPlace
	for _, h := range all {
		if r.HasArea(h.area) {
			out = append(out, h)
		}
	}
	return out, nil
}

// checkOnePerArea refuses, before the database does, a registration that
// would give the same organisation or person (same codice fiscale or same
// partita IVA) a second place in an area. self is the registration being
// corrected, whose own places do not count.
func (s *Store) checkOnePerArea(ctx context.Context, tx *sql.Tx, r *pdz.Registration, self int64) error {
	held, err := s.heldPlaces(ctx, tx, r, self)
	if err != nil {
		return err
	}
	if len(held) > 0 {
		return errPlaceHeld
	}
	return nil
}

// refusePlaceHeld is the answer to a registration refused by the rule "one
// representative per organisation per area", read after its transaction
// was rolled back (a concurrent registration may be the holder). The staff
// read which registration holds each place (they see the register anyway).
// A registrant reads only that the data they typed already hold the areas
// they chose, and that the holder was told: typing someone else's codice
// fiscale must reveal nothing of their registration. The holder is e-mailed
// (notify) at most once a day per registration, through the outbox's
// deduplication, so the form cannot be used to flood their mailbox.
func (s *Store) refusePlaceHeld(ctx context.Context, p *pdz.Process, r *pdz.Registration, self int64, actor pdz.Actor,
	notify func(holder *pdz.Registration) []pdz.Email, loc *time.Location) error {
	held, err := s.heldPlaces(ctx, s.read, r, self)
	if err != nil {
		return err
	}
	var names, withProtocol []string
	var holders []int64
	seen := map[int64]bool{}
	for _, h := range held {
		name := ""
		if a := p.Area(h.area); a != nil {
			name = "«" + a.Name() + "»"
		}
		if len(names) == 0 || names[len(names)-1] != name {
			names = append(names, name)
		}
		prot := (&pdz.Registration{ProtocolYear: h.year, ProtocolNumber: h.number}).Protocol()
		withProtocol = append(withProtocol, name+" (protocollo n. "+prot+")")
		if !seen[h.holder] {
			seen[h.holder] = true
			holders = append(holders, h.holder)
		}
	}
	// The message depends on who registers: an organisation has one
	// representative per area and may change it; a private citizen has only
	// their own registration, which they can see and correct.
	msg := "Per ciascuna area è ammesso un solo rappresentante per organizzazione."
	if !r.IsOrganisation() {
		msg = "Con questo codice fiscale risulta già una manifestazione di interesse per le aree scelte."
	}
	if actor.Email != "" {
		field := "Per una delle aree scelte questa organizzazione o persona ha già un rappresentante iscritto."
		if len(withProtocol) > 0 {
			field = "Con lo stesso codice fiscale o la stessa partita IVA risulta già iscritta a " + areaList(withProtocol) +
				" un'altra manifestazione di interesse. Togli l'area da questa o correggi l'altra."
		}
		return &pdz.Error{Code: pdz.ECONFLICT, Message: msg, Fields: map[string]string{"areas": field}}
	}
	which := "l'area"
	if len(names) > 1 {
		which = "quelle aree"
	}
	warned := " A chi l'ha presentata è stato inviato un avviso per e-mail, all'indirizzo indicato in quella manifestazione di interesse."
	var field string
	if r.IsOrganisation() {
		field = "Per una delle aree scelte esiste già una manifestazione di interesse con questi dati."
		if len(names) > 0 {
			field = "Per " + areaList(names) + " esiste già una manifestazione di interesse con questi dati."
		}
		field += warned + " Togli da questo modulo " + which + "; chi ha presentato quella manifestazione di interesse può cambiarne il rappresentante con il proprio link personale."
	} else {
		field = "Per una delle aree scelte esiste già una manifestazione di interesse con questo codice fiscale."
		if len(names) > 0 {
			field = "Per " + areaList(names) + " esiste già una manifestazione di interesse con questo codice fiscale."
		}
		field += warned + " Togli da questo modulo " + which + ". Se l'hai presentata tu, puoi vederla e correggerla con il link personale ricevuto per e-mail, o chiederne uno nuovo."
	}
	if notify != nil && len(holders) > 0 {
		day := s.Now().In(loc).Format("2006-01-02")
		err := s.write(ctx, func(tx *sql.Tx) error {
			for _, id := range holders {
				h, err := s.loadRegistration(ctx, tx, `ambito_id = $1 AND id = $2`, r.AmbitoID, id)
				if err != nil {
					return err
				}
				msgs := notify(&h)
				for i := range msgs {
					msgs[i].RegistrationID = h.ID
					msgs[i].DedupKey = "tentativo-con-i-suoi-dati:" + strconv.FormatInt(h.ID, 10) + ":" + day
				}
				if err := s.enqueue(ctx, tx, r.AmbitoID, msgs); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return &pdz.Error{Code: pdz.ECONFLICT, Message: msg, Fields: map[string]string{"areas": field}}
}

// areaList is "l'area «A»" or "le aree «A» e «B»".
func areaList(names []string) string {
	if len(names) == 1 {
		return "l'area " + names[0]
	}
	return "le aree " + strings.Join(names[:len(names)-1], ", ") + " e " + names[len(names)-1]
}

func attName(r *pdz.Registration) string {
	if r.Attachment == nil {
		return ""
	}
	return r.Attachment.Name
}

func attSize(r *pdz.Registration) int64 {
	if r.Attachment == nil {
		return 0
	}
	return r.Attachment.Size
}

func attHash(r *pdz.Registration) string {
	if r.Attachment == nil {
		return ""
	}
	return r.Attachment.SHA256
}

// searchText is what the back office's search looks into, lower case.
func searchText(r *pdz.Registration, p *pdz.Process) string {
	parts := []string{r.Protocol(), r.Name, r.TaxCode, r.VATNumber, r.RUNTS, r.Email, r.PEC, r.Phone, r.Comune, r.Address,
		r.Declarant.Name, r.Contact.Name, r.Contact.Email, r.OrgTypeOther}
	for _, a := range r.Areas {
		parts = append(parts, a.Rep.Name, a.Rep.Email)
	}
	for _, x := range r.Proposals {
		parts = append(parts, x.Title, x.Partners)
	}
	var b strings.Builder
	for _, s := range parts {
		if s = strings.TrimSpace(s); s != "" {
			b.WriteString(strings.ToLower(s))
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// writeRegistrationParts inserts the areas and new file of r (after the
// old areas were removed, for a correction) and, for a new registration,
// its proposals; a correction changes its proposals in place
// (correctProposals), since the UdP's work on them refers to them.
func (s *Store) writeRegistrationParts(ctx context.Context, tx *sql.Tx, r *pdz.Registration, file *pdz.Attachment, newProposals bool) error {
	holds := r.Status.Holds()
	for _, a := range r.Areas {
		_, err := s.txExec(ctx, tx, qInsertArea,
			r.AmbitoID, r.ProcessID, r.ID, a.AreaID, r.SubjectKey(), holds, a.Rep.Name, a.Rep.Role, a.Rep.Email, a.Rep.Phone)
		if database.IsUniqueViolation(err) {
			return errPlaceHeld
		} else if err != nil {
			return internal("save registration areas", err)
		}
		for _, k := range r.SubjectKeys() {
			_, err := s.txExec(ctx, tx, qInsertAreaKey, r.AmbitoID, r.ProcessID, r.ID, a.AreaID, k, holds)
			if database.IsUniqueViolation(err) {
				return errPlaceHeld // a concurrent registration took the place first
			} else if err != nil {
				return internal("save registration areas", err)
			}
		}
	}
	for i := range r.Proposals {
		if !newProposals {
			break
		}
		x := &r.Proposals[i]
		err := s.txQueryRow(ctx, tx, qInsertProposal, r.AmbitoID, r.ProcessID, r.ID, x.AreaID, i+1, x.Title, x.Need, x.Description, x.Target, x.Beneficiaries,
			strings.Join(x.Comuni, "\n"), x.CostCents, x.Partners).Scan(&x.ID)
		if err != nil {
			return internal("save proposal", err)
		}
	}
	if file != nil {
		_, err := tx.ExecContext(ctx, `INSERT INTO registration_files (ambito_id, registration_id, version, name, size, sha256, data, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, r.AmbitoID, r.ID, r.Version, file.Name, file.Size, file.SHA256, file.Data, s.Now())
		if err != nil {
			return internal("save signed form", err)
		}
	}
	return nil
}

// event writes an entry of a registration's history; snapshot, when given,
// is the version the change replaced.
func (s *Store) event(ctx context.Context, tx *sql.Tx, r *pdz.Registration, action, actor, summary string, version int, snapshot *pdz.Registration) error {
	snap := ""
	if snapshot != nil {
		b, err := json.Marshal(snapshot)
		if err != nil {
			return internal("snapshot registration", err)
		}
		snap = string(b)
	}
	_, err := s.txExec(ctx, tx, qInsertEvent, r.AmbitoID, r.ID, s.Now(), action, actor, summary, version, snap)
	return internal("write registration history", err)
}

const registrationCols = `id, ambito_id, process_id, protocol_year, COALESCE(protocol_number, 0), kind, channel, status, status_reason, status_at,
	name, org_type, org_type_other, tax_code, vat_number, runts, founded_on, address, comune, email, pec, phone, manages_services,
	publish_name, declarant_name, declarant_role, contact_name, contact_role, contact_email, contact_phone, privacy_accepted, truthful,
	attachment_name, attachment_size, attachment_sha256, received_at, created_at, updated_at, version, erased_at`

func scanRegistration(sc scanner) (pdz.Registration, error) {
	var r pdz.Registration
	var statusAt, erased sql.NullTime
	var attName, attHash string
	var attSize int64
	err := sc.Scan(&r.ID, &r.AmbitoID, &r.ProcessID, &r.ProtocolYear, &r.ProtocolNumber, &r.Kind, &r.Channel, &r.Status, &r.StatusReason,
		&statusAt, &r.Name, &r.OrgType, &r.OrgTypeOther, &r.TaxCode, &r.VATNumber, &r.RUNTS, &r.FoundedOn, &r.Address, &r.Comune,
		&r.Email, &r.PEC, &r.Phone, &r.ManagesServices, &r.PublishName, &r.Declarant.Name, &r.Declarant.Role, &r.Contact.Name,
		&r.Contact.Role, &r.Contact.Email, &r.Contact.Phone, &r.PrivacyAccepted, &r.Truthful, &attName, &attSize, &attHash,
		&r.ReceivedAt, &r.CreatedAt, &r.UpdatedAt, &r.Version, &erased)
	r.StatusAt, r.ErasedAt = statusAt.Time, erased.Time
	if attHash != "" {
		r.Attachment = &pdz.Attachment{Name: attName, Size: attSize, SHA256: attHash}
	}
	return r, err
}

// loadRegistration reads one registration with its areas and proposals.
func (s *Store) loadRegistration(ctx context.Context, q querier, where string, args ...any) (pdz.Registration, error) {
	r, err := scanRegistration(q.QueryRowContext(ctx, `SELECT `+registrationCols+` FROM registrations WHERE `+where, args...))
	if err != nil {
		return r, one(err, "Manifestazione di interesse")
	}
	regs := []pdz.Registration{r}
	if err := s.fillRegistrations(ctx, q, r.AmbitoID, r.ProcessID, regs, r.ID); err != nil {
		return r, err
	}
	return regs[0], nil
}

// fillRegistrations loads the areas and proposals of registrations of one
// process (of registration only, when only is not 0).
func (s *Store) fillRegistrations(ctx context.Context, q querier, ambitoID, processID int64, regs []pdz.Registration, only int64) error {
	if len(regs) == 0 {
		return nil
	}
	byID := map[int64]*pdz.Registration{}
	for i := range regs {
		byID[regs[i].ID] = &regs[i]
	}
	type areaRow struct {
		reg int64
		p   pdz.Participation
	}
	rows, err := q.QueryContext(ctx, `SELECT ra.registration_id, ra.area_id, a.code, a.title, ra.rep_name, ra.rep_role, ra.rep_email, ra.rep_phone
		FROM registration_areas ra JOIN areas a ON a.id = ra.area_id
		WHERE ra.ambito_id = $1 AND ra.process_id = $2 AND ($3 = 0 OR ra.registration_id = $3) ORDER BY a.position, a.id`, ambitoID, processID, only)
	areas, err := collect(rows, err, func(sc scanner) (areaRow, error) {
		var x areaRow
		var code, title string
		err := sc.Scan(&x.reg, &x.p.AreaID, &code, &title, &x.p.Rep.Name, &x.p.Rep.Role, &x.p.Rep.Email, &x.p.Rep.Phone)
		x.p.AreaName = (&pdz.Area{Code: code, Title: title}).Name()
		return x, err
	})
	if err != nil {
		return err
	}
	for _, a := range areas {
		if r := byID[a.reg]; r != nil {
			r.Areas = append(r.Areas, a.p)
		}
	}
	type propRow struct {
		reg int64
		x   pdz.Proposal
	}
	rows, err = q.QueryContext(ctx, `SELECT p.registration_id, p.id, p.area_id, a.code, a.title, p.title, p.need, p.description, p.target_group,
		p.beneficiaries, p.comuni, p.cost_cents, p.partners FROM proposals p JOIN areas a ON a.id = p.area_id
		WHERE p.ambito_id = $1 AND p.process_id = $2 AND ($3 = 0 OR p.registration_id = $3) AND p.origin = 'adesione' AND p.deleted_at IS NULL
		ORDER BY p.registration_id, p.position`, ambitoID, processID, only)
	props, err := collect(rows, err, scanProposalRow(func(reg int64, x pdz.Proposal) propRow { return propRow{reg, x} }))
	if err != nil {
		return err
	}
	for _, p := range props {
		if r := byID[p.reg]; r != nil {
			r.Proposals = append(r.Proposals, p.x)
		}
	}
	return nil
}

func scanProposalRow[T any](mk func(int64, pdz.Proposal) T) func(scanner) (T, error) {
	return func(sc scanner) (T, error) {
		var reg int64
		var x pdz.Proposal
		var code, title, comuni string
		err := sc.Scan(&reg, &x.ID, &x.AreaID, &code, &title, &x.Title, &x.Need, &x.Description, &x.Target, &x.Beneficiaries,
			&comuni, &x.CostCents, &x.Partners)
		x.AreaName = (&pdz.Area{Code: code, Title: title}).Name()
		if comuni != "" {
			x.Comuni = strings.Split(comuni, "\n")
		}
		return mk(reg, x), err
	}
}

// Registration returns a registration of an Ambito with its areas and
// proposals.
func (s *Store) Registration(ctx context.Context, ambitoID, id int64) (pdz.Registration, error) {
	return s.loadRegistration(ctx, s.read, `ambito_id = $1 AND id = $2`, ambitoID, id)
}

// RegistrationByAccess returns the registration of a process whose personal
// link has the key of this hash. The key of a new link asked for
// (NewAccessLinks) opens it too, and its first use makes it the only key:
// the old link stops working then, not when the new one is asked for (anyone
// who knows the registrant's e-mail can ask).
func (s *Store) RegistrationByAccess(ctx context.Context, ambitoID, processID int64, accessHash string) (pdz.Registration, error) {
	r, err := s.loadRegistration(ctx, s.read, `ambito_id = $1 AND process_id = $2 AND access_hash = $3`, ambitoID, processID, accessHash)
	if pdz.ErrorCode(err) != pdz.ENOTFOUND {
		return r, err
	}
	err = s.write(ctx, func(tx *sql.Tx) error {
		var id int64
		err := tx.QueryRowContext(ctx, `UPDATE registrations SET access_hash = pending_access_hash, pending_access_hash = NULL
			WHERE ambito_id = $1 AND process_id = $2 AND pending_access_hash = $3 AND erased_at IS NULL RETURNING id`,
			ambitoID, processID, accessHash).Scan(&id)
		if err != nil {
			return one(err, "Manifestazione di interesse")
		}
		if r, err = s.loadRegistration(ctx, tx, `ambito_id = $1 AND id = $2`, ambitoID, id); err != nil {
			return err
		}
		return s.event(ctx, tx, &r, "nuovo_link", "registrante", "Usato per la prima volta il nuovo link personale: il link precedente non è più valido.", 0, nil)
	})
	return r, err
}

// RegistrationBySubmission returns the registration saved from the form
// with this token hash.
func (s *Store) RegistrationBySubmission(ctx context.Context, ambitoID int64, submissionHash string) (pdz.Registration, error) {
	return s.loadRegistration(ctx, s.read, `ambito_id = $1 AND submission_hash = $2`, ambitoID, submissionHash)
}

// AccessHashOf tells whether the personal link key whose hash is given
// still opens registration id (it does not once a new link was used).
func (s *Store) AccessHashOf(ctx context.Context, ambitoID, id int64) (string, error) {
	var h string
	err := s.read.QueryRowContext(ctx, `SELECT access_hash FROM registrations WHERE ambito_id = $1 AND id = $2`, ambitoID, id).Scan(&h)
	return h, one(err, "Manifestazione di interesse")
}

// likePattern makes a LIKE pattern that finds word anywhere.
func likePattern(word string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(strings.ToLower(word)) + "%"
}

// Registrations lists a process's registrations matching f, newest protocol
// first, with the total number of matches.
func (s *Store) Registrations(ctx context.Context, ambitoID, processID int64, f pdz.RegistrationFilter) ([]pdz.Registration, int, error) {
	where := []string{`ambito_id = $1`, `process_id = $2`}
	args := []any{ambitoID, processID}
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, strings.ReplaceAll(cond, "?", "$"+strconv.Itoa(len(args))))
	}
	if f.AreaID != 0 {
		add(`id IN (SELECT registration_id FROM registration_areas WHERE ambito_id = $1 AND area_id = ?)`, f.AreaID)
	}
	switch {
	case f.Kind == string(pdz.RegistrantCitizen):
		add(`kind = ?`, f.Kind)
	case f.Kind != "":
		add(`kind = 'organizzazione' AND org_type = ?`, f.Kind)
	}
	if f.Comune != "" {
		add(`comune = ?`, f.Comune)
	}
	if f.Status != "" {
		add(`status = ?`, f.Status)
	}
	if f.Channel != "" {
		add(`channel = ?`, f.Channel)
	}
	for _, w := range strings.Fields(f.Query) {
		add(`search_text LIKE ? ESCAPE '\'`, likePattern(w))
	}
	cond := strings.Join(where, " AND ")
	var total int
	if err := s.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM registrations WHERE `+cond, args...).Scan(&total); err != nil {
		return nil, 0, internal("count registrations", err)
	}
	if f.Limit <= 0 || f.Limit > 5000 {
		f.Limit = 5000
	}
	q := `SELECT ` + registrationCols + ` FROM registrations WHERE ` + cond +
		` ORDER BY protocol_year DESC, protocol_number DESC LIMIT ` + strconv.Itoa(f.Limit) + ` OFFSET ` + strconv.Itoa(max(f.Offset, 0))
	regs, err := list(ctx, s.read, scanRegistration, q, args...)
	if err != nil {
		return nil, 0, err
	}
	return regs, total, s.fillRegistrations(ctx, s.read, ambitoID, processID, regs, 0)
}

// RegistrationComuni lists the Comuni named by a process's registrations,
// for the filter of the register.
func (s *Store) RegistrationComuni(ctx context.Context, ambitoID, processID int64) ([]string, error) {
	return list(ctx, s.read, func(sc scanner) (string, error) {
		var c string
		return c, sc.Scan(&c)
	}, `SELECT DISTINCT comune FROM registrations WHERE ambito_id = $1 AND process_id = $2 AND comune <> '' ORDER BY comune`, ambitoID, processID)
}

// RegistrationCounts counts a process's registrations by status.
func (s *Store) RegistrationCounts(ctx context.Context, ambitoID, processID int64) (map[pdz.RegistrationStatus]int, error) {
	type row struct {
		st pdz.RegistrationStatus
		n  int
	}
	rows, err := list(ctx, s.read, func(sc scanner) (row, error) {
		var x row
		return x, sc.Scan(&x.st, &x.n)
	}, `SELECT status, COUNT(*) FROM registrations WHERE ambito_id = $1 AND process_id = $2 GROUP BY status`, ambitoID, processID)
	out := map[pdz.RegistrationStatus]int{}
	for _, r := range rows {
		out[r.st] = r.n
	}
	return out, err
}

// Change is a correction of a registration.
type Change struct {
	Registration *pdz.Registration // the new data; its id names the registration
	File         *pdz.Attachment   // a new signed form; nil keeps the current one
	RemoveFile   bool              // drop the current signed form (it stays in the history)
	Actor        pdz.Actor         // pdz.Actor{} for the registrant
	Compose      func(r *pdz.Registration) []pdz.Email
	// NotifyHolder is Submission.NotifyHolder, for a correction.
	NotifyHolder func(holder *pdz.Registration) []pdz.Email
}

// UpdateRegistration saves a correction. The version it replaces is kept
// in the history. The registrant may correct until the deadline; the UdP
// at any time. A withdrawn or erased registration cannot change.
func (s *Store) UpdateRegistration(ctx context.Context, ambitoID int64, c Change, loc *time.Location) error {
	r := c.Registration
	p, err := s.processForRegistration(ctx, s.read, ambitoID, r.ProcessID)
	if err != nil {
		return err
	}
	now := s.Now()
	if err := r.Validate(&p, pdz.DateOf(now.In(loc))); err != nil {
		return err
	}
	nameAreas(r, &p)
	err = s.write(ctx, func(tx *sql.Tx) error {
		before, err := s.loadRegistration(ctx, tx, `ambito_id = $1 AND process_id = $2 AND id = $3`, ambitoID, r.ProcessID, r.ID)
		if err != nil {
			return err
		}
		if err := changeable(&before); err != nil {
			return err
		}
		if c.Actor.Email == "" {
			if err := s.registrantDeadline(ctx, tx, &p, loc); err != nil {
				return err
			}
		}
		// What the registrant cannot change stays as it was.
		r.AmbitoID, r.Kind, r.ProtocolYear, r.ProtocolNumber = ambitoID, before.Kind, before.ProtocolYear, before.ProtocolNumber
		r.Channel, r.Status, r.StatusReason, r.StatusAt = before.Channel, before.Status, before.StatusReason, before.StatusAt
		r.ReceivedAt, r.CreatedAt, r.UpdatedAt, r.Version = before.ReceivedAt, before.CreatedAt, now, before.Version+1
		r.Attachment = before.Attachment
		if c.RemoveFile {
			r.Attachment = nil
		}
		if c.File != nil {
			r.Attachment = &pdz.Attachment{Name: c.File.Name, Size: c.File.Size, SHA256: c.File.SHA256}
		}
		if err := s.checkOnePerArea(ctx, tx, r, r.ID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM registration_area_keys WHERE ambito_id = $1 AND registration_id = $2`, ambitoID, r.ID); err != nil {
			return internal("update registration", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM registration_areas WHERE ambito_id = $1 AND registration_id = $2`, ambitoID, r.ID); err != nil {
			return internal("update registration", err)
		}
		_, err = tx.ExecContext(ctx, `UPDATE registrations SET subject_key = $1, name = $2, org_type = $3, org_type_other = $4, tax_code = $5,
			vat_number = $6, runts = $7, founded_on = $8, address = $9, comune = $10, email = $11, pec = $12, phone = $13, manages_services = $14,
			publish_name = $15, declarant_name = $16, declarant_role = $17, contact_name = $18, contact_role = $19, contact_email = $20,
			contact_phone = $21, privacy_accepted = $22, truthful = $23, attachment_name = $24, attachment_size = $25, attachment_sha256 = $26,
			updated_at = $27, version = $28, search_text = $29 WHERE ambito_id = $30 AND id = $31`,
			r.SubjectKey(), r.Name, r.OrgType, r.OrgTypeOther, r.TaxCode, r.VATNumber, r.RUNTS, r.FoundedOn, r.Address, r.Comune, r.Email,
			r.PEC, r.Phone, r.ManagesServices, r.PublishName, r.Declarant.Name, r.Declarant.Role, r.Contact.Name, r.Contact.Role,
			r.Contact.Email, r.Contact.Phone, r.PrivacyAccepted, r.Truthful, attName(r), attSize(r), attHash(r), now, r.Version,
			searchText(r, &p), ambitoID, r.ID)
		if err != nil {
			return internal("update registration", err)
		}
		if err := s.writeRegistrationParts(ctx, tx, r, c.File, false); err != nil {
			return err
		}
		if err := s.correctProposals(ctx, tx, r, before.Proposals, actorName(c.Actor)); err != nil {
			return err
		}
		summary := "Modificata dal registrante: versione " + strconv.Itoa(r.Version) + "."
		if c.Actor.Email != "" {
			summary = "Modificata dall'Ufficio di Piano: versione " + strconv.Itoa(r.Version) + "."
		}
		if err := s.event(ctx, tx, r, "modifica", actorName(c.Actor), summary, before.Version, &before); err != nil {
			return err
		}
		if c.Compose != nil {
			if err := s.enqueue(ctx, tx, ambitoID, c.Compose(r)); err != nil {
				return err
			}
		}
		if c.Actor.Email != "" {
			return s.audit(ctx, tx, c.Actor, ambitoID, "update", "registration", r.ID, "Modificata la manifestazione di interesse prot. n. "+r.Protocol(), nil, nil)
		}
		return nil
	})
	if errors.Is(err, errPlaceHeld) {
		return s.refusePlaceHeld(ctx, &p, r, r.ID, c.Actor, c.NotifyHolder, loc)
	}
	return err
}

func changeable(r *pdz.Registration) error {
	switch {
	case r.Erased():
		return pdz.Errorf(pdz.ECONFLICT, "I dati personali di questa manifestazione di interesse sono stati cancellati: non si può modificare.")
	case r.Status == pdz.RegWithdrawn:
		return pdz.Errorf(pdz.ECONFLICT, "La manifestazione di interesse è stata ritirata: non si può più modificare.")
	}
	return nil
}

// registrantDeadline refuses a registrant's change after the deadline.
func (s *Store) registrantDeadline(ctx context.Context, tx *sql.Tx, p *pdz.Process, loc *time.Location) error {
	var deadline sql.NullTime
	if err := tx.QueryRowContext(ctx, `SELECT deadline FROM processes WHERE ambito_id = $1 AND id = $2`, p.AmbitoID, p.ID).Scan(&deadline); err != nil {
		return one(err, "Percorso")
	}
	if deadline.Valid && s.Now().After(deadline.Time) {
		return pdz.Errorf(pdz.ECONFLICT, "Il termine dell'avviso è scaduto il %s alle ore %s: la manifestazione di interesse non si può più modificare o ritirare online. Per richieste contattare l'Ufficio di Piano%s.",
			deadline.Time.In(loc).Format("02/01/2006"), deadline.Time.In(loc).Format("15:04"), emailSuffix(p.RegistrationEmail))
	}
	return nil
}

// WithdrawRegistration withdraws a registration at the registrant's
// request (until the deadline) and frees its places.
func (s *Store) WithdrawRegistration(ctx context.Context, ambitoID, processID, id int64, compose func(r *pdz.Registration) []pdz.Email, loc *time.Location) error {
	p, err := s.processForRegistration(ctx, s.read, ambitoID, processID)
	if err != nil {
		return err
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		r, err := s.loadRegistration(ctx, tx, `ambito_id = $1 AND process_id = $2 AND id = $3`, ambitoID, processID, id)
		if err != nil {
			return err
		}
		if err := changeable(&r); err != nil {
			return err
		}
		if err := s.registrantDeadline(ctx, tx, &p, loc); err != nil {
			return err
		}
		if err := s.setStatus(ctx, tx, &r, pdz.RegWithdrawn, ""); err != nil {
			return err
		}
		if err := s.event(ctx, tx, &r, "ritiro", "registrante", "Ritirata dal registrante.", 0, nil); err != nil {
			return err
		}
		if compose != nil {
			return s.enqueue(ctx, tx, ambitoID, compose(&r))
		}
		return nil
	})
}

// setStatus changes the status and whether the registration holds its places.
func (s *Store) setStatus(ctx context.Context, tx *sql.Tx, r *pdz.Registration, st pdz.RegistrationStatus, reason string) error {
	now := s.Now()
	if _, err := tx.ExecContext(ctx, `UPDATE registrations SET status = $1, status_reason = $2, status_at = $3, updated_at = $3
		WHERE ambito_id = $4 AND id = $5`, st, reason, now, r.AmbitoID, r.ID); err != nil {
		return internal("set registration status", err)
	}
	_, err := tx.ExecContext(ctx, `UPDATE registration_areas SET holds = $1 WHERE ambito_id = $2 AND registration_id = $3`, st.Holds(), r.AmbitoID, r.ID)
	if err == nil {
		_, err = tx.ExecContext(ctx, `UPDATE registration_area_keys SET holds = $1 WHERE ambito_id = $2 AND registration_id = $3`, st.Holds(), r.AmbitoID, r.ID)
	}
	if database.IsUniqueViolation(err) {
		return &pdz.Error{Code: pdz.ECONFLICT, Err: err, Message: "Nel frattempo la stessa organizzazione si è iscritta di nuovo a una di queste aree: per ciascuna area è ammesso un solo rappresentante. Rendi prima non ammissibile l'altra iscrizione."}
	} else if err != nil {
		return internal("set registration status", err)
	}
	r.Status, r.StatusReason, r.StatusAt, r.UpdatedAt = st, reason, now, now
	return nil
}

// SetRegistrationStatus records the UdP's decision on a registration:
// accepted, not admissible (a reason is required: it is e-mailed to the
// registrant) or back to received.
func (s *Store) SetRegistrationStatus(ctx context.Context, actor pdz.Actor, ambitoID, id int64, st pdz.RegistrationStatus, reason string,
	compose func(r *pdz.Registration) []pdz.Email) error {
	reason = strings.TrimSpace(reason)
	switch {
	case st != pdz.RegAccepted && st != pdz.RegRejected && st != pdz.RegReceived:
		return pdz.Problems{"status": "Scegli l'esito."}.Err()
	case st == pdz.RegRejected && reason == "":
		return pdz.Problems{"reason": "Indica il motivo della non ammissibilità: sarà comunicato per e-mail."}.Err()
	case len([]rune(reason)) > 2000:
		return pdz.Problems{"reason": "Il motivo è troppo lungo: al massimo 2000 caratteri."}.Err()
	}
	if st != pdz.RegRejected {
		reason = ""
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		r, err := s.loadRegistration(ctx, tx, `ambito_id = $1 AND id = $2`, ambitoID, id)
		if err != nil {
			return err
		}
		if r.Status == pdz.RegWithdrawn {
			return pdz.Errorf(pdz.ECONFLICT, "La manifestazione di interesse è stata ritirata dal registrante: l'esito non si può più cambiare.")
		}
		if r.Status == st && r.StatusReason == reason {
			return nil
		}
		before := r.Status
		if err := s.setStatus(ctx, tx, &r, st, reason); err != nil {
			return err
		}
		summary := "Esito: " + strings.ToLower(st.Label()) + "."
		if reason != "" {
			summary = "Esito: non ammissibile. Motivo: " + reason
		}
		if err := s.event(ctx, tx, &r, "esito", actor.Email, summary, 0, nil); err != nil {
			return err
		}
		if compose != nil && !r.Erased() {
			if err := s.enqueue(ctx, tx, ambitoID, compose(&r)); err != nil {
				return err
			}
		}
		return s.audit(ctx, tx, actor, ambitoID, "status", "registration", r.ID, "Manifestazione di interesse prot. n. "+r.Protocol()+": "+strings.ToLower(st.Label()),
			map[string]any{"Status": before}, map[string]any{"Status": st})
	})
}

// NewAccessLinks gives every registration of a process made with this
// e-mail a new personal link key and e-mails it. The old key keeps working
// until the new one is first used (RegistrationByAccess); a new request
// replaces a new key never used, so one at most is pending. To spare
// inboxes, a registration gets at most one new link every two minutes. It
// tells nothing of whether the e-mail was found: callers answer the same
// either way, so the form reveals no one's registration.
func (s *Store) NewAccessLinks(ctx context.Context, ambitoID, processID int64, email string, newKey func() (key, hash string),
	compose func(r *pdz.Registration, key string) pdz.Email) (int, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	if email == "" {
		return 0, nil
	}
	now := s.Now()
	sent := 0
	err := s.write(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT `+registrationCols+` FROM registrations WHERE ambito_id = $1 AND process_id = $2
			AND email = $3 AND erased_at IS NULL AND (link_sent_at IS NULL OR link_sent_at < $4)`, ambitoID, processID, email, now.Add(-2*time.Minute))
		regs, err := collect(rows, err, scanRegistration)
		if err != nil {
			return err
		}
		for i := range regs {
			r := &regs[i]
			key, hash := newKey()
			if _, err := tx.ExecContext(ctx, `UPDATE registrations SET pending_access_hash = $1, link_sent_at = $2 WHERE ambito_id = $3 AND id = $4`,
				hash, now, ambitoID, r.ID); err != nil {
				return internal("new access link", err)
			}
			if err := s.event(ctx, tx, r, "nuovo_link", "registrante", "Inviato un nuovo link personale all'indirizzo e-mail della manifestazione di interesse; il precedente resta valido finché non si usa il nuovo.", 0, nil); err != nil {
				return err
			}
			if err := s.enqueue(ctx, tx, ambitoID, []pdz.Email{compose(r, key)}); err != nil {
				return err
			}
			sent++
		}
		return nil
	})
	return sent, err
}

// RegistrationHistory lists a registration's history, oldest first.
func (s *Store) RegistrationHistory(ctx context.Context, ambitoID, id int64) ([]pdz.RegistrationEvent, error) {
	return list(ctx, s.read, func(sc scanner) (pdz.RegistrationEvent, error) {
		var e pdz.RegistrationEvent
		var snap string
		if err := sc.Scan(&e.ID, &e.At, &e.Action, &e.Actor, &e.Summary, &e.Version, &snap); err != nil {
			return e, err
		}
		if snap != "" {
			e.Snapshot = &pdz.Registration{}
			if err := json.Unmarshal([]byte(snap), e.Snapshot); err != nil {
				return e, err
			}
		}
		return e, nil
	}, `SELECT id, at, action, actor, summary, version, snapshot FROM registration_events WHERE ambito_id = $1 AND registration_id = $2
		ORDER BY at, id`, ambitoID, id)
}

// RegistrationFile returns the current signed form of a registration, with
// its bytes.
func (s *Store) RegistrationFile(ctx context.Context, ambitoID, id int64) (pdz.Attachment, error) {
	var a pdz.Attachment
	err := s.read.QueryRowContext(ctx, `SELECT f.name, f.size, f.sha256, f.data FROM registration_files f
		JOIN registrations r ON r.id = f.registration_id AND r.attachment_sha256 = f.sha256
		WHERE f.ambito_id = $1 AND f.registration_id = $2 ORDER BY f.version DESC LIMIT 1`, ambitoID, id).Scan(&a.Name, &a.Size, &a.SHA256, &a.Data)
	return a, one(err, "Modulo firmato")
}

// PersonRegistrations finds every registration of an Ambito, in all its
// processes, that names one person (GDPR arts. 15 and 17 are asked by a
// person, not by a registration): who is an e-mail address matches the
// registrant's e-mail or PEC, the main contact's and every area
// representative's e-mail; otherwise it is a codice fiscale (or partita
// IVA) and matches the registrant's code. Erased registrations name nobody
// and are left out. Oldest first.
func (s *Store) PersonRegistrations(ctx context.Context, ambitoID int64, who string) ([]pdz.Registration, error) {
	seen, err := personRegistrations(ctx, s.read, ambitoID, who)
	if err != nil {
		return nil, err
	}
	out := make([]pdz.Registration, 0, len(seen))
	for _, x := range seen {
		r, err := s.loadRegistration(ctx, s.read, `ambito_id = $1 AND id = $2`, ambitoID, x.ID)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// Seen is a registration as the Responsabile saw it before confirming an
// erasure: its id and its version (a correction makes a new version).
type Seen struct {
	ID      int64
	Version int
}

// personRegistrations are the registrations of the Ambito, not yet
// erased, that name who (an e-mail or a code), oldest first.
func personRegistrations(ctx context.Context, q querier, ambitoID int64, who string) ([]Seen, error) {
	who = strings.TrimSpace(who)
	if who == "" {
		return nil, nil
	}
	match, arg := `UPPER(r.tax_code) = $2 OR UPPER(r.vat_number) = $2`, strings.ToUpper(strings.ReplaceAll(who, " ", ""))
	if strings.Contains(who, "@") {
		match, arg = `LOWER(r.email) = $2 OR LOWER(r.pec) = $2 OR LOWER(r.contact_email) = $2
			OR EXISTS (SELECT 1 FROM registration_areas ra WHERE ra.ambito_id = r.ambito_id AND ra.registration_id = r.id AND LOWER(ra.rep_email) = $2)`, strings.ToLower(who)
	}
	seen, err := list(ctx, q, func(sc scanner) (Seen, error) {
		var x Seen
		return x, sc.Scan(&x.ID, &x.Version)
	}, `SELECT r.id, r.version FROM registrations r WHERE r.ambito_id = $1 AND r.erased_at IS NULL AND (`+match+`) ORDER BY r.received_at, r.id`, ambitoID, arg)
	if err != nil {
		return nil, internal("person registrations", err)
	}
	return seen, nil
}

// EraseRegistration erases the personal data of a registration at the
// request of the person (GDPR art. 17), leaving an anonymised trace in the
// register: protocol number, dates, channel, status, type, areas, and the
// area, title, beneficiaries and cost of its proposals. The history, the
// uploaded forms and the e-mails about it are deleted.
//
// Once the erasure is committed, the database files are scrubbed of the
// old versions of the rows (scrubErasure): scrubErr reports a scrub that
// failed, the erasure itself stands.
func (s *Store) EraseRegistration(ctx context.Context, actor pdz.Actor, ambitoID, id int64) (scrubErr, err error) {
	err = s.write(ctx, func(tx *sql.Tx) error {
		_, err := s.eraseRegistration(ctx, tx, actor, ambitoID, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.scrubErasure(ctx), nil
}

// erasedTables are the tables an erasure rewrites or deletes from: every
// table that holds personal data of a registration.
var erasedTables = []string{"registrations", "registration_areas", "registration_area_keys", "proposals", "registration_files",
	"registration_events", "outbox", "meeting_attendance", "audit_log"}

// scrubErasure removes from the database files what an erasure leaves
// outside the rows SQL reads (GDPR art. 17: the data must not be
// recoverable from the disk): on SQLite the pages in the write-ahead log
// (deleted content in the file itself is overwritten by secure_delete), on
// PostgreSQL the old row versions. See database.Scrub.
func (s *Store) scrubErasure(ctx context.Context) error {
	return s.db.Scrub(ctx, erasedTables...)
}

// ErasePerson erases, in one transaction, the personal data of every
// registration of the Ambito that names who (GDPR art. 17 for a person,
// not a registration), each exactly as EraseRegistration does, with its
// own history entry and audit entry. confirmed are the registrations, with
// their versions, that the Responsabile saw and confirmed: if the
// registrations naming the person are no longer exactly those (one was
// added, corrected or erased meanwhile, even if their number is the same),
// nothing is erased and the answer is ECONFLICT, so nobody's data go
// without being seen. It returns the protocol numbers erased.
//
// Like EraseRegistration, it scrubs the database files once the erasure is
// committed; scrubErr reports a scrub that failed.
func (s *Store) ErasePerson(ctx context.Context, actor pdz.Actor, ambitoID int64, who string, confirmed []Seen) (protocols []string, scrubErr, err error) {
	if len(confirmed) == 0 {
		return nil, nil, pdz.Errorf(pdz.EINVALID, "Nessuna manifestazione di interesse da cancellare.")
	}
	err = s.write(ctx, func(tx *sql.Tx) error {
		protocols = protocols[:0]
		seen, err := personRegistrations(ctx, tx, ambitoID, who)
		if err != nil {
			return err
		}
		if !sameSeen(seen, confirmed) {
			return pdz.Errorf(pdz.ECONFLICT, "Le manifestazioni di interesse che nominano la persona sono cambiate dopo la ricerca: nulla è stato cancellato. Controlla di nuovo l'elenco e conferma.")
		}
		for _, x := range seen {
			r, err := s.eraseRegistration(ctx, tx, actor, ambitoID, x.ID)
			if err != nil {
				return err
			}
			protocols = append(protocols, r)
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return protocols, s.scrubErasure(ctx), nil
}

// sameSeen reports whether a and b hold the same registrations in the same
// versions, in any order.
func sameSeen(a, b []Seen) bool {
	if len(a) != len(b) {
		return false
	}
	seen := make(map[Seen]int, len(a))
	for _, x := range a {
		seen[x]++
	}
	for _, x := range b {
		if seen[x] == 0 {
			return false
		}
		seen[x]--
	}
	return true
}

// eraseRegistration is the erasure of one registration inside tx; it
// returns its protocol number.
func (s *Store) eraseRegistration(ctx context.Context, tx *sql.Tx, actor pdz.Actor, ambitoID, id int64) (string, error) {
	r, err := s.loadRegistration(ctx, tx, `ambito_id = $1 AND id = $2`, ambitoID, id)
	if err != nil {
		return "", err
	}
	if r.Erased() {
		return "", pdz.Errorf(pdz.ECONFLICT, "I dati personali di questa manifestazione di interesse sono già stati cancellati.")
	}
	gone := "cancellato-" + strconv.FormatInt(r.ID, 10)
	now := s.Now()
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`UPDATE registrations SET subject_key = $1, name = $2, org_type_other = '', tax_code = '', vat_number = '', runts = '', founded_on = NULL,
			address = '', comune = '', email = '', pec = '', phone = '', publish_name = FALSE, declarant_name = '', declarant_role = '',
			contact_name = '', contact_role = '', contact_email = '', contact_phone = '', attachment_name = '', attachment_size = 0,
			attachment_sha256 = '', status_reason = '', access_hash = $1, pending_access_hash = NULL, link_sent_at = NULL, search_text = $3, erased_at = $4, updated_at = $4
			WHERE ambito_id = $5 AND id = $6`, []any{gone, pdz.ErasedName, strings.ToLower(r.Protocol()), now, ambitoID, id}},
		{`DELETE FROM registration_area_keys WHERE ambito_id = $1 AND registration_id = $2`, []any{ambitoID, id}},
		{`UPDATE registration_areas SET subject_key = $1, rep_name = '', rep_role = '', rep_email = '', rep_phone = '' WHERE ambito_id = $2 AND registration_id = $3`, []any{gone, ambitoID, id}},
		// The audit log recorded the content of its proposals raised at the
		// tables (before and after each change): the entries stay, with
		// their summaries, without the content.
		{`UPDATE audit_log SET before_json = '', after_json = '' WHERE ambito_id = $1 AND entity = 'proposal'
			AND entity_id IN (SELECT id FROM proposals WHERE ambito_id = $1 AND registration_id = $2)`, []any{ambitoID, id}},
		{`UPDATE proposals SET need = '', description = '', target_group = '', comuni = '', partners = '' WHERE ambito_id = $1 AND registration_id = $2`, []any{ambitoID, id}},
		{`DELETE FROM registration_files WHERE ambito_id = $1 AND registration_id = $2`, []any{ambitoID, id}},
		{`DELETE FROM registration_events WHERE ambito_id = $1 AND registration_id = $2`, []any{ambitoID, id}},
		{`DELETE FROM outbox WHERE ambito_id = $1 AND registration_id = $2`, []any{ambitoID, id}},
		// Who came to a meeting for it, and the notes about them: the
		// presence stays, counted, without a name.
		{`UPDATE meeting_attendance SET person_name = '', notes = '' WHERE ambito_id = $1 AND registration_id = $2`, []any{ambitoID, id}},
	} {
		if _, err := tx.ExecContext(ctx, q.sql, q.args...); err != nil {
			return "", internal("erase registration", err)
		}
	}
	if err := s.event(ctx, tx, &r, "cancellazione", actor.Email, "Dati personali cancellati su richiesta dell'interessato (art. 17 GDPR). Restano protocollo, date, tipo, aree e titoli delle proposte.", 0, nil); err != nil {
		return "", err
	}
	return r.Protocol(), s.audit(ctx, tx, actor, ambitoID, "erase", "registration", id, "Cancellati i dati personali della manifestazione di interesse prot. n. "+r.Protocol(), nil, nil)
}

// Participant is one person at a table: a representative, with the
// organisation they represent.
type Participant struct {
	RegistrationID int64
	Protocol       string
	Kind           pdz.RegistrantKind
	Organisation   string // the organisation's name; "" for a citizen
	TypeLabel      string
	Rep            pdz.Person
	Channel        pdz.Channel
	Status         pdz.RegistrationStatus
	Erased         bool
}

// AreaParticipants lists who takes part in the table of an area: every
// registration that holds a place in it, by organisation and name.
func (s *Store) AreaParticipants(ctx context.Context, ambitoID, processID, areaID int64) ([]Participant, error) {
	regs, _, err := s.Registrations(ctx, ambitoID, processID, pdz.RegistrationFilter{AreaID: areaID})
	if err != nil {
		return nil, err
	}
	var out []Participant
	for i := range regs {
		r := &regs[i]
		p := r.Participation(areaID)
		if p == nil || !r.Status.Holds() {
			continue
		}
		x := Participant{RegistrationID: r.ID, Protocol: r.Protocol(), Kind: r.Kind, TypeLabel: r.TypeLabel(), Rep: r.Representative(*p),
			Channel: r.Channel, Status: r.Status, Erased: r.Erased()}
		if r.IsOrganisation() {
			x.Organisation = r.Name
		}
		out = append(out, x)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if (a.Organisation == "") != (b.Organisation == "") {
			return a.Organisation != ""
		}
		if !strings.EqualFold(a.Organisation, b.Organisation) {
			return strings.ToLower(a.Organisation) < strings.ToLower(b.Organisation)
		}
		return strings.ToLower(a.Rep.Name) < strings.ToLower(b.Rep.Name)
	})
	return out, nil
}

// AreaParticipation is what the public page says of one area.
type AreaParticipation struct {
	Area          pdz.Area
	Organisations int      // organisations holding a place
	Citizens      int      // citizens holding a place
	Names         []string // organisations that consented to publication
}

// ProcessParticipation is what the public page says of a process: the
// distinct organisations and citizens that joined, and each area.
type ProcessParticipation struct {
	Organisations, Citizens int
	Areas                   []AreaParticipation
}

// PublicParticipation counts, area by area, the organisations and citizens
// that joined a process, with the names of the organisations the consent
// rule lets it name (pdz.Registrant). Nothing personal.
func (s *Store) PublicParticipation(ctx context.Context, ambitoID, processID int64) (ProcessParticipation, error) {
	var pp ProcessParticipation
	areas, err := list(ctx, s.read, scanArea, `SELECT `+areaCols+` FROM areas WHERE ambito_id = $1 AND process_id = $2 ORDER BY position, id`, ambitoID, processID)
	if err != nil {
		return pp, err
	}
	type row struct {
		reg     int64
		area    int64
		kind    string
		name    string
		publish bool
		erased  bool
	}
	rows, err := list(ctx, s.read, func(sc scanner) (row, error) {
		var x row
		var erased sql.NullTime
		err := sc.Scan(&x.reg, &x.area, &x.kind, &x.name, &x.publish, &erased)
		x.erased = erased.Valid
		return x, err
	}, `SELECT ra.registration_id, ra.area_id, r.kind, r.name, r.publish_name, r.erased_at FROM registration_areas ra JOIN registrations r ON r.id = ra.registration_id
		WHERE ra.ambito_id = $1 AND ra.process_id = $2 AND ra.holds`, ambitoID, processID)
	if err != nil {
		return pp, err
	}
	out := make([]AreaParticipation, len(areas))
	idx := map[int64]int{}
	seen := map[int64]bool{}
	for i, a := range areas {
		out[i].Area = a
		idx[a.ID] = i
	}
	for _, x := range rows {
		i, ok := idx[x.area]
		if !ok {
			continue
		}
		if !seen[x.reg] {
			seen[x.reg] = true
			if x.kind == string(pdz.RegistrantCitizen) {
				pp.Citizens++
			} else {
				pp.Organisations++
			}
		}
		if x.kind == string(pdz.RegistrantCitizen) {
			out[i].Citizens++
			continue
		}
		out[i].Organisations++
		if n := pdz.NewRegistrant(pdz.RegistrantOrganisation, x.name, "", x.publish, x.erased).PublicName(); n != "" {
			out[i].Names = append(out[i].Names, n)
		}
	}
	for i := range out {
		sort.Slice(out[i].Names, func(a, b int) bool { return strings.ToLower(out[i].Names[a]) < strings.ToLower(out[i].Names[b]) })
	}
	pp.Areas = out
	return pp, nil
}

// ProtocolNumbers lists the protocol numbers an Ambito assigned in a year,
// in order: tests check that they are 1, 2, 3, … with no gap.
func (s *Store) ProtocolNumbers(ctx context.Context, ambitoID int64, year int) ([]int64, error) {
	return list(ctx, s.read, func(sc scanner) (int64, error) {
		var n int64
		return n, sc.Scan(&n)
	}, `SELECT protocol_number FROM registrations WHERE ambito_id = $1 AND protocol_year = $2 ORDER BY protocol_number`, ambitoID, year)
}

// ---- privacy notice

// PrivacyNotice returns an Ambito's privacy notice for the registration
// form and when it was last changed; ENOTFOUND when the Ambito has not
// written one yet (the caller shows the template).
func (s *Store) PrivacyNotice(ctx context.Context, ambitoID int64) (string, time.Time, error) {
	var body string
	var at time.Time
	err := s.read.QueryRowContext(ctx, `SELECT body, updated_at FROM privacy_notices WHERE ambito_id = $1`, ambitoID).Scan(&body, &at)
	return body, at, one(err, "Informativa")
}

// SavePrivacyNotice saves an Ambito's privacy notice.
func (s *Store) SavePrivacyNotice(ctx context.Context, actor pdz.Actor, ambitoID int64, body string) error {
	body = strings.TrimSpace(strings.ReplaceAll(body, "\r\n", "\n"))
	switch {
	case body == "":
		return pdz.Problems{"body": "Il testo dell'informativa non può essere vuoto."}.Err()
	case len([]rune(body)) > 20000:
		return pdz.Problems{"body": "Il testo è troppo lungo: al massimo 20000 caratteri."}.Err()
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		var before string
		err := tx.QueryRowContext(ctx, `SELECT body FROM privacy_notices WHERE ambito_id = $1`, ambitoID).Scan(&before)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return internal("read privacy notice", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO privacy_notices (ambito_id, body, updated_at) VALUES ($1, $2, $3)
			ON CONFLICT (ambito_id) DO UPDATE SET body = $2, updated_at = $3`, ambitoID, body, s.Now()); err != nil {
			return internal("save privacy notice", err)
		}
		return s.audit(ctx, tx, actor, ambitoID, "update", "privacy_notice", ambitoID, "Modificata l'informativa sul trattamento dei dati personali",
			map[string]string{"Testo": before}, map[string]string{"Testo": body})
	})
}
