package store_test

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pdz-ats/pdz/internal/locale"
	"github.com/pdz-ats/pdz/internal/pdz"
	"github.com/pdz-ats/pdz/internal/security"
	"github.com/pdz-ats/pdz/internal/store"
	"github.com/pdz-ats/pdz/internal/testdb"
)

// tablesFixture is a published process with three areas, a table on each
// of the first two, a plenary, and registered organisations.
type tablesFixture struct {
	s                 *store.Store
	a                 pdz.Ambito
	p                 pdz.Process
	table1, table2    int64
	plenary           int64
	regs              []*pdz.Registration
	byName            map[string]*pdz.Registration
	deadline          time.Time
	cabina            pdz.Body
	vacantSeats       int
	electionMeetingID int64
}

func newTables(t *testing.T, orgs int) *tablesFixture {
	t.Helper()
	s := newStore(t)
	a := mustAmbito(t, s, "casarano")
	deadline := time.Date(2026, 6, 17, 16, 0, 0, 0, time.UTC)
	p := openProcess(t, s, a, time.Time{})
	f := &tablesFixture{s: s, a: a, p: p, deadline: deadline, byName: map[string]*pdz.Registration{}}
	meeting := func(kind pdz.MeetingKind, d int, areas ...int64) int64 {
		m := pdz.Meeting{ProcessID: p.ID, Kind: kind, Title: "Incontro del " + fmt.Sprint(d), Date: pdz.NewDate(2026, 6, d), StartTime: pdz.NewClock(9, 0), EndTime: pdz.NewClock(11, 0), AreaIDs: areas}
		if _, err := s.SaveMeeting(ctx, admin, a.ID, &m, locale.Rome); err != nil {
			t.Fatal(err)
		}
		return m.ID
	}
	f.table1 = meeting(pdz.KindTavolo, 22, p.Areas[0].ID)
	f.table2 = meeting(pdz.KindTavolo, 23, p.Areas[1].ID)
	f.plenary = meeting(pdz.KindPlenaria, 30)
	f.electionMeetingID = meeting(pdz.KindPlenaria, 30)
	for i := range orgs {
		r := org(p, i+1, i%2)
		submit(t, s, a, r)
		f.regs = append(f.regs, r)
		f.byName[r.Name] = r
	}
	f.cabina = pdz.Body{AmbitoID: a.ID, Kind: pdz.BodyCabinaDiRegia, Name: "Cabina di Regia"}
	if err := s.SaveBody(ctx, admin, &f.cabina); err != nil {
		t.Fatal(err)
	}
	for range 2 { // two vacant seats, as the demo's; the third elected gets a new one
		m := pdz.Member{BodyID: f.cabina.ID, Role: pdz.DefaultMemberRole, MeetingID: f.electionMeetingID}
		if err := s.SaveMember(ctx, admin, a.ID, &m); err != nil {
			t.Fatal(err)
		}
		f.vacantSeats++
	}
	return f
}

func (f *tablesFixture) checkIn(t *testing.T, meeting int64, regs ...*pdz.Registration) {
	t.Helper()
	for _, r := range regs {
		if _, err := f.s.CheckIn(ctx, admin, f.a.ID, f.p.ID, meeting, r.ID, pdz.CheckInList, ""); err != nil {
			t.Fatal(err)
		}
	}
}

func TestCheckInByCodeListAndWalkIn(t *testing.T) {
	f := newTables(t, 3)
	s := f.s
	r := f.regs[0]
	got, err := s.CheckInByCode(ctx, admin, f.a.ID, f.p.ID, f.table1, "PDZ "+r.Protocol())
	if err != nil || got.RegistrationID != r.ID || got.Method != pdz.CheckInCode || got.PersonName != "Anna Bianchi" {
		t.Fatalf("check-in by code: %+v %v", got, err)
	}
	// The same receipt scanned again: a conflict naming the time.
	if _, err := s.CheckInByCode(ctx, admin, f.a.ID, f.p.ID, f.table1, r.Protocol()); pdz.ErrorCode(err) != pdz.ECONFLICT || !strings.Contains(pdz.ErrorMessage(err), "già presente dalle") {
		t.Fatalf("second check-in: %v", err)
	}
	if _, err := s.CheckInByCode(ctx, admin, f.a.ID, f.p.ID, f.table1, "2026/999999"); pdz.ErrorCode(err) != pdz.ENOTFOUND {
		t.Fatalf("unknown protocol: %v", err)
	}
	if _, err := s.CheckInByCode(ctx, admin, f.a.ID, f.p.ID, f.table1, "Mario"); pdz.ErrorCode(err) != pdz.EINVALID {
		t.Fatalf("not a code: %v", err)
	}
	// A walk-in is registered with the same validation as the public form,
	// and checked in in the same transaction.
	walk := org(f.p, 77, 0)
	walk.Channel, walk.Email, walk.Contact.Email = pdz.ChannelOnSite, "", ""
	walk.TaxCode = "12345678901" // wrong check digit: refused as on the public form
	_, h := token()
	_, err = s.SubmitRegistration(ctx, f.a.ID, store.Submission{Registration: walk, SubmissionHash: h, AccessHash: h, Actor: admin, CheckInMeetingID: f.table1}, locale.Rome)
	if pdz.ErrorCode(err) != pdz.EINVALID || pdz.ErrorFields(err)["tax_code"] == "" {
		t.Fatalf("walk-in with a bad code: %v", err)
	}
	walk.TaxCode = orgCode(77)
	if _, err := s.SubmitRegistration(ctx, f.a.ID, store.Submission{Registration: walk, SubmissionHash: h, AccessHash: h, Actor: admin, CheckInMeetingID: f.table1}, locale.Rome); err != nil {
		t.Fatal(err)
	}
	list, err := s.MeetingAttendance(ctx, f.a.ID, f.p.ID, f.table1)
	if err != nil || len(list) != 2 || list[1].RegistrationID != walk.ID || list[1].Method != pdz.CheckInNew {
		t.Fatalf("attendance: %+v %v", list, err)
	}
	// Early leave, and a correction of the arrival.
	if err := s.MarkLeft(ctx, admin, f.a.ID, f.table1, list[0].ID); err != nil {
		t.Fatal(err)
	}
	a0, _ := s.Attendance(ctx, f.a.ID, f.table1, list[0].ID)
	if a0.LeftAt.IsZero() {
		t.Fatal("leave not recorded")
	}
	// Another Ambito's meeting id is not found.
	other := mustAmbito(t, s, "lecce")
	if _, err := s.CheckIn(ctx, admin, other.ID, f.p.ID, f.table1, r.ID, pdz.CheckInList, ""); err == nil {
		t.Fatal("check-in through another Ambito")
	}
}

// Two phones of one organisation (and a paper ballot) voting at the same
// instant: one vote is counted, the others are refused; every
// organisation votes once. Run on both databases by the suite.
func TestPriorityOneVotePerOrganisationUnderConcurrency(t *testing.T) {
	f := newTables(t, 12)
	s := f.s
	f.checkIn(t, f.plenary, f.regs...)
	needs := f.needs(t, 3)
	r := pdz.PriorityRound{ProcessID: f.p.ID, MeetingID: f.plenary, Title: "Priorità", MaxChoices: 2}
	if err := s.SavePriorityRound(ctx, admin, f.a.ID, &r); err != nil {
		t.Fatal(err)
	}
	if err := s.SetPriorityItems(ctx, admin, f.a.ID, f.p.ID, r.ID, needs, nil); err != nil {
		t.Fatal(err)
	}
	if err := s.OpenPriorityRound(ctx, admin, f.a.ID, f.p.ID, r.ID); err != nil {
		t.Fatal(err)
	}
	voters, err := s.PriorityVoters(ctx, f.a.ID, f.p.ID, r.ID)
	if err != nil || len(voters) != 12 {
		t.Fatalf("%d voters (%v)", len(voters), err)
	}
	round, _ := s.PriorityRound(ctx, f.a.ID, f.p.ID, r.ID)
	items := []int64{round.Items[0].ID, round.Items[2].ID}
	var wg sync.WaitGroup
	var mu sync.Mutex
	okBy := map[string]int{}
	var unexpected []error
	for _, v := range voters {
		for try := range 4 { // three phones and a paper ballot per organisation, at once
			wg.Add(1)
			go func() {
				defer wg.Done()
				var err error
				if try == 3 {
					err = s.RecordPaperPriorityVote(ctx, admin, f.a.ID, f.p.ID, r.ID, v.RegistrationID, items)
				} else {
					err = s.CastPriorityVote(ctx, f.a.ID, strings.ToLower(security.FormatVoteCode(v.Code)), items)
				}
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err == nil:
					okBy[v.SubjectKey]++
				case pdz.ErrorCode(err) != pdz.ECONFLICT && pdz.ErrorCode(err) != pdz.EINVALID:
					unexpected = append(unexpected, err)
				}
			}()
		}
	}
	wg.Wait()
	if len(unexpected) > 0 {
		t.Fatalf("unexpected errors: %v", unexpected)
	}
	for _, v := range voters {
		if okBy[v.SubjectKey] != 1 {
			t.Errorf("%s: %d votes accepted, want 1", v.Organisation, okBy[v.SubjectKey])
		}
	}
	if n, _ := s.PriorityVoteCount(ctx, f.a.ID, r.ID); n != 12 {
		t.Fatalf("%d votes stored, want 12", n)
	}
	// The database itself refuses a second vote of the same organisation,
	// whatever the code path.
	_, err = s.DB().W.ExecContext(ctx, `INSERT INTO priority_votes (ambito_id, process_id, round_id, subject_key, registration_id, channel, cast_at)
		VALUES ($1, $2, $3, $4, $5, 'carta', $6)`, f.a.ID, f.p.ID, r.ID, voters[0].SubjectKey, voters[0].RegistrationID, time.Now())
	if err == nil {
		t.Fatal("the UNIQUE constraint let a second vote in")
	}
	if err := s.ClosePriorityRound(ctx, admin, f.a.ID, f.p.ID, r.ID); err != nil {
		t.Fatal(err)
	}
	round, _ = s.PriorityRound(ctx, f.a.ID, f.p.ID, r.ID)
	if round.Items[0].Votes != 12 || round.Items[1].Votes != 0 || round.Items[2].Votes != 12 {
		t.Fatalf("counts %+v", round.Items)
	}
	if _, err := s.VoteCodeTarget(ctx, f.a.ID, voters[1].Code); pdz.ErrorCode(err) != pdz.ENOTFOUND {
		t.Fatalf("a code after closing: %v", err)
	}
}

// needs writes minutes with n needs at the first table and returns their ids.
func (f *tablesFixture) needs(t *testing.T, n int) []int64 {
	t.Helper()
	m := pdz.Minutes{ProcessID: f.p.ID, MeetingID: f.table1, Summary: "Sintesi."}
	if err := f.s.SaveMinutes(ctx, admin, f.a.ID, &m); err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for i := range n {
		x := pdz.Need{ProcessID: f.p.ID, Text: fmt.Sprintf("Bisogno %d", i+1), AreaID: f.p.Areas[0].ID}
		if err := f.s.SaveNeed(ctx, admin, f.a.ID, f.table1, &x); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, x.ID)
	}
	return ids
}

// The election end to end: electorate and candidates by the rules, one
// vote per organisation under concurrency, ballot secrecy in the database
// after closing, the tie-break by lot, proclamation into the body.
func TestElectionSecretBallotAndProclamation(t *testing.T) {
	f := newTables(t, 10)
	s := f.s
	// Organisations 1-8 at a table; 9 and 10 never came.
	f.checkIn(t, f.table1, f.regs[0], f.regs[2], f.regs[4], f.regs[6])
	f.checkIn(t, f.table2, f.regs[1], f.regs[3], f.regs[5], f.regs[7])
	e := pdz.Election{ProcessID: f.p.ID, MeetingID: f.electionMeetingID, BodyID: f.cabina.ID, Title: "Elezione dei rappresentanti del Terzo Settore",
		Seats: 3, MaxPreferences: 1, MinTables: 1, ExcludeManagers: true}
	if err := s.SaveElection(ctx, admin, f.a.ID, &e); err != nil {
		t.Fatal(err)
	}
	// Organisation 1 manages services for the Ambito: it votes, it cannot stand.
	f.regs[0].ManagesServices = true
	if err := s.UpdateRegistration(ctx, f.a.ID, store.Change{Registration: f.regs[0], Actor: admin}, locale.Rome); err != nil {
		t.Fatal(err)
	}
	err := s.AddCandidate(ctx, admin, f.a.ID, f.p.ID, e.ID, f.regs[0].ID, "Anna Bianchi")
	if pdz.ErrorCode(err) != pdz.EINVALID || !strings.Contains(pdz.ErrorFields(err)["registration_id"], "gestisce servizi") {
		t.Fatalf("manager as candidate: %v", err)
	}
	if err := s.AddCandidate(ctx, admin, f.a.ID, f.p.ID, e.ID, f.regs[8].ID, "Piero"); pdz.ErrorCode(err) != pdz.EINVALID {
		t.Fatalf("absent organisation as candidate: %v", err)
	}
	for _, i := range []int{1, 2, 3, 4} {
		if err := s.AddCandidate(ctx, admin, f.a.ID, f.p.ID, e.ID, f.regs[i].ID, fmt.Sprintf("Rappresentante %d", i+1)); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.OpenElection(ctx, admin, f.a.ID, f.p.ID, e.ID); err != nil {
		t.Fatal(err)
	}
	voters, err := s.ElectionVoters(ctx, f.a.ID, f.p.ID, e.ID)
	if err != nil || len(voters) != 8 {
		t.Fatalf("electorate %d (%v), want the 8 present", len(voters), err)
	}
	e, _ = s.Election(ctx, f.a.ID, f.p.ID, e.ID)
	cand := map[string]int64{}
	for _, c := range e.Candidates {
		cand[c.Organisation] = c.ID
	}
	c2, c3, c4, c5 := cand[f.regs[1].Name], cand[f.regs[2].Name], cand[f.regs[3].Name], cand[f.regs[4].Name]
	// Ballots: c2 ×3, c3 ×2, c4 ×1, c5 ×1, one blank; the phone votes race
	// with a second phone of the same organisation.
	plan := [][]int64{{c2}, {c2}, {c2}, {c3}, {c3}, {c4}, {c5}, {}}
	var wg sync.WaitGroup
	var mu sync.Mutex
	accepted := 0
	for i, v := range voters {
		if i == 7 {
			continue // votes on paper below
		}
		for range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				err := s.CastBallot(ctx, f.a.ID, v.Code, plan[i])
				mu.Lock()
				defer mu.Unlock()
				if err == nil {
					accepted++
				} else if pdz.ErrorCode(err) != pdz.ECONFLICT {
					t.Errorf("ballot: %v", err)
				}
			}()
		}
	}
	wg.Wait()
	if accepted != 7 {
		t.Fatalf("%d phone ballots accepted, want 7 (one per organisation)", accepted)
	}
	if err := s.RecordPaperBallot(ctx, admin, f.a.ID, f.p.ID, e.ID, nil); pdz.ErrorCode(err) != pdz.ECONFLICT {
		t.Fatalf("a paper ballot before its voter: %v", err)
	}
	if err := s.RecordPaperVoter(ctx, admin, f.a.ID, f.p.ID, e.ID, voters[7].RegistrationID); err != nil {
		t.Fatal(err)
	}
	if err := s.RecordPaperVoter(ctx, admin, f.a.ID, f.p.ID, e.ID, voters[7].RegistrationID); pdz.ErrorCode(err) == "" {
		t.Fatal("the same organisation recorded twice")
	}
	if err := s.RecordPaperBallot(ctx, admin, f.a.ID, f.p.ID, e.ID, plan[7]); err != nil {
		t.Fatal(err)
	}
	if err := s.CastBallot(ctx, f.a.ID, voters[7].Code, []int64{c2}); pdz.ErrorCode(err) != pdz.ECONFLICT {
		t.Fatalf("phone after paper: %v", err)
	}
	scrubErr, err := s.CloseElection(ctx, admin, f.a.ID, f.p.ID, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	if scrubErr != nil {
		t.Fatalf("scrub of the old ballot box: %v", scrubErr)
	}

	assertBallotSecrecy(t, s, f.a.ID, e.ID, len(voters))

	// The count: c2 3, c3 2, then c4 and c5 tie on 1 for the third seat
	// with the same (undeclared) date of constitution: the lot decides.
	_, o, err := s.ElectionOutcome(ctx, f.a.ID, f.p.ID, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	if o.Ballots != 8 || o.Blank != 1 || o.Voters != 8 || o.Electorate != 8 || !slices.Equal(sorted(o.NeedsLot), sorted([]int64{c4, c5})) {
		t.Fatalf("outcome: ballots %d blank %d voters %d electorate %d lot %v", o.Ballots, o.Blank, o.Voters, o.Electorate, o.NeedsLot)
	}
	if err := s.ProclaimElection(ctx, admin, f.a.ID, f.p.ID, e.ID); pdz.ErrorCode(err) != pdz.ECONFLICT {
		t.Fatalf("proclaimed before the lot: %v", err)
	}
	if err := s.DrawLots(ctx, admin, f.a.ID, f.p.ID, e.ID, []int64{c5}); pdz.ErrorCode(err) != pdz.EINVALID {
		t.Fatalf("partial lot: %v", err)
	}
	if err := s.DrawLots(ctx, admin, f.a.ID, f.p.ID, e.ID, []int64{c5, c4}); err != nil {
		t.Fatal(err)
	}
	if err := s.ProclaimElection(ctx, admin, f.a.ID, f.p.ID, e.ID); err != nil {
		t.Fatal(err)
	}
	b, err := s.Body(ctx, f.a.ID, f.cabina.ID)
	if err != nil {
		t.Fatal(err)
	}
	var named []string
	for _, m := range b.Members {
		if m.Name != "" {
			named = append(named, m.Represents)
		}
	}
	want := []string{f.regs[1].Name, f.regs[2].Name, f.regs[4].Name}
	slices.Sort(named)
	slices.Sort(want)
	if !slices.Equal(named, want) || len(b.Members) != 3 {
		t.Fatalf("members of the Cabina: %v (%d seats), want %v in the 2 vacant seats and 1 new", named, len(b.Members), want)
	}
	e, _ = s.Election(ctx, f.a.ID, f.p.ID, e.ID)
	linked := 0
	for _, c := range e.Candidates {
		if c.MemberID != 0 {
			linked++
		}
	}
	if linked != 3 || e.Status != pdz.ElectionProclaimed {
		t.Fatalf("%d elected linked to members, status %s", linked, e.Status)
	}
}

// assertBallotSecrecy reads the database after an election and looks for
// any way from a ballot to a voter: the ballot tables have no column that
// names, numbers or dates the voter; on SQLite no hidden rowid; on
// PostgreSQL no ballot was written by a voter's transaction.
func assertBallotSecrecy(t *testing.T, s *store.Store, ambitoID, electionID int64, voters int) {
	t.Helper()
	db := s.DB().W
	for table, allowed := range map[string][]string{
		"election_ballots":        {"id", "ambito_id", "election_id"},
		"election_ballot_choices": {"ambito_id", "election_id", "ballot_id", "candidate_id"},
		"election_voters":         {"ambito_id", "election_id", "subject_key", "channel"},
	} {
		rows, err := db.QueryContext(ctx, `SELECT * FROM `+table+` WHERE 1 = 0`)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		rows.Close()
		if !slices.Equal(sorted2(cols), sorted2(allowed)) {
			t.Errorf("%s has columns %v: only %v may be there (no time, no serial id, no voter)", table, cols, allowed)
		}
	}
	if testdb.Postgres() {
		// A row written in the voter's transaction shares its xmin.
		var n int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM election_ballots b JOIN election_voters v ON v.xmin = b.xmin
			WHERE b.election_id = $1`, electionID).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Errorf("%d ballots share the transaction of a voter's row", n)
		}
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM election_ballot_choices c JOIN election_voters v ON v.xmin = c.xmin
			WHERE c.election_id = $1`, electionID).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Errorf("%d choices share the transaction of a voter's row", n)
		}
	} else {
		for _, table := range []string{"election_ballots", "election_ballot_choices", "election_voters"} {
			if _, err := db.ExecContext(ctx, `SELECT rowid FROM `+table); err == nil {
				t.Errorf("%s has a rowid: the order of its rows would be recorded", table)
			}
		}
	}
	// The ballots are as many as the voters, and their ids tell nothing:
	// not consecutive, not in the order of anything.
	var ids []int64
	rows, err := db.QueryContext(ctx, `SELECT id FROM election_ballots WHERE election_id = $1`, electionID)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id int64
		rows.Scan(&id)
		ids = append(ids, id)
	}
	rows.Close()
	if len(ids) != voters {
		t.Fatalf("%d ballots for %d voters", len(ids), voters)
	}
	slices.Sort(ids)
	for i := 1; i < len(ids); i++ {
		if ids[i]-ids[i-1] < 1<<20 {
			t.Errorf("ballot ids %d and %d are close: not random", ids[i-1], ids[i])
		}
	}
	// Nothing in the audit log says who voted for whom.
	es, err := s.Audit(ctx, ambitoID, pdz.AuditFilter{Entity: "election", Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range es {
		if e.Action == "vote" && (e.Before != "" || e.After != "") {
			t.Errorf("audit entry of a vote carries data: %+v", e)
		}
	}
}

func sorted2(xs []string) []string {
	out := slices.Clone(xs)
	slices.Sort(out)
	return out
}

func sorted(xs []int64) []int64 {
	out := slices.Clone(xs)
	slices.Sort(out)
	return out
}

// tableProposal records a proposal raised at the first table for r.
func (f *tablesFixture) tableProposal(t *testing.T, r *pdz.Registration, title string) pdz.Proposta {
	t.Helper()
	x := pdz.Proposta{ProcessID: f.p.ID, RegistrationID: r.ID, MeetingID: f.table1,
		Proposal: pdz.Proposal{AreaID: f.p.Areas[0].ID, Title: title, Need: "Un bisogno", Description: "Una descrizione", CostCents: 100000}}
	if err := f.s.CreateTableProposal(ctx, admin, f.a.ID, &x); err != nil {
		t.Fatal(err)
	}
	return x
}

func authorIDs(x pdz.Proposta) []int64 {
	var ids []int64
	for _, a := range x.Authors {
		ids = append(ids, a.RegistrationID)
	}
	slices.Sort(ids)
	return ids
}

// Merging keeps every author; splitting gives each part the same authors;
// the originals stay on record, linked, out of the live list.
func TestMergeAndSplitKeepAuthors(t *testing.T) {
	f := newTables(t, 4)
	s := f.s
	a := f.tableProposal(t, f.regs[0], "Doposcuola")
	b := f.tableProposal(t, f.regs[1], "Sostegno allo studio")
	c := f.tableProposal(t, f.regs[2], "Centro estivo")
	content := pdz.Proposal{AreaID: f.p.Areas[0].ID, Title: "Doposcuola e sostegno allo studio", Need: "Dispersione", Description: "Insieme"}
	if _, err := s.MergeProposals(ctx, admin, f.a.ID, f.p.ID, []int64{a.ID}, content); pdz.ErrorCode(err) != pdz.EINVALID {
		t.Fatalf("merge of one: %v", err)
	}
	merged, err := s.MergeProposals(ctx, admin, f.a.ID, f.p.ID, []int64{a.ID, b.ID}, content)
	if err != nil {
		t.Fatal(err)
	}
	m, _ := s.Proposta(ctx, f.a.ID, f.p.ID, merged)
	if !slices.Equal(authorIDs(m), sorted([]int64{f.regs[0].ID, f.regs[1].ID})) || m.Origin != pdz.OriginMerge || len(m.From) != 2 {
		t.Fatalf("merged: authors %v, origin %s, from %v", authorIDs(m), m.Origin, m.From)
	}
	oa, _ := s.Proposta(ctx, f.a.ID, f.p.ID, a.ID)
	if oa.Status != pdz.PropMerged || oa.Live() || len(oa.Into) != 1 || oa.Into[0].ID != merged {
		t.Fatalf("original after merge: %s live=%v into %v", oa.Status, oa.Live(), oa.Into)
	}
	if _, err := s.MergeProposals(ctx, admin, f.a.ID, f.p.ID, []int64{a.ID, c.ID}, content); pdz.ErrorCode(err) != pdz.EINVALID {
		t.Fatalf("merging a merged proposal: %v", err)
	}
	// Split the merged proposal: both parts keep both authors.
	parts, err := s.SplitProposal(ctx, admin, f.a.ID, f.p.ID, merged, []pdz.Proposal{
		{AreaID: f.p.Areas[0].ID, Title: "Doposcuola", Need: "Dispersione", Description: "Pomeriggi"},
		{AreaID: f.p.Areas[1].ID, Title: "Tutoraggio", Need: "Dispersione", Description: "Tutor"},
	})
	if err != nil || len(parts) != 2 {
		t.Fatalf("split: %v %v", parts, err)
	}
	for _, id := range parts {
		x, _ := s.Proposta(ctx, f.a.ID, f.p.ID, id)
		if !slices.Equal(authorIDs(x), authorIDs(m)) || x.Origin != pdz.OriginSplit || len(x.From) != 1 || x.From[0].ID != merged {
			t.Errorf("part %d: authors %v, origin %s, from %v", id, authorIDs(x), x.Origin, x.From)
		}
	}
	m, _ = s.Proposta(ctx, f.a.ID, f.p.ID, merged)
	if m.Status != pdz.PropSplit || len(m.Into) != 2 {
		t.Fatalf("split original: %s %v", m.Status, m.Into)
	}
	live, _ := s.Propostas(ctx, f.a.ID, f.p.ID, pdz.ProposalFilter{})
	n := 0
	for _, x := range live {
		if x.Live() {
			n++
		}
	}
	if n != 3 { // c and the two parts
		t.Fatalf("%d live proposals, want 3", n)
	}
	hist, _ := s.ProposalHistory(ctx, f.a.ID, a.ID, true)
	if len(hist) < 2 || !strings.Contains(hist[len(hist)-1].Summary, "Accorpata nella proposta") {
		t.Fatalf("public history of the original: %+v", hist)
	}
	// Nothing deleted is lost: a deletion keeps the row and its reason.
	if err := s.DeleteProposal(ctx, admin, f.a.ID, f.p.ID, c.ID, ""); pdz.ErrorCode(err) != pdz.EINVALID {
		t.Fatalf("deletion without a reason: %v", err)
	}
	if err := s.DeleteProposal(ctx, admin, f.a.ID, f.p.ID, c.ID, "Doppione della n. 1"); err != nil {
		t.Fatal(err)
	}
	gone, err := s.Proposta(ctx, f.a.ID, f.p.ID, c.ID)
	if err != nil || !gone.Deleted() || gone.DeletedReason != "Doppione della n. 1" || gone.Title != "Centro estivo" {
		t.Fatalf("deleted proposal: %+v %v", gone, err)
	}
}

// Two evaluators on one proposal: the second save, made against the
// version both started from, is refused with who and when.
func TestEvaluationOptimisticConcurrency(t *testing.T) {
	f := newTables(t, 1)
	s := f.s
	x := f.tableProposal(t, f.regs[0], "Sportello")
	d1 := pdz.Draft{Status: pdz.PropAccepted, Answer: "Accolta nella scheda A.1.", Criteria: pdz.Criteria{Needs: pdz.VerdictYes, NeedsNote: "Coerente"}}
	if err := s.SaveEvaluation(ctx, admin, f.a.ID, f.p.ID, x.ID, x.Version, pdz.Draft{Status: pdz.PropRejected}); pdz.ErrorCode(err) != pdz.EINVALID {
		t.Fatalf("an outcome without its answer: %v", err)
	}
	if err := s.SaveEvaluation(ctx, admin, f.a.ID, f.p.ID, x.ID, x.Version, d1); err != nil {
		t.Fatal(err)
	}
	other := pdz.Actor{Email: "collega@example.org"}
	err := s.SaveEvaluation(ctx, other, f.a.ID, f.p.ID, x.ID, x.Version, pdz.Draft{Status: pdz.PropRejected, Answer: "No."})
	if pdz.ErrorCode(err) != pdz.ECONFLICT || !strings.Contains(pdz.ErrorMessage(err), admin.Email) {
		t.Fatalf("stale save: %v", err)
	}
	got, _ := s.Proposta(ctx, f.a.ID, f.p.ID, x.ID)
	if got.Draft.Status != pdz.PropAccepted || got.Status != pdz.PropEvaluating {
		t.Fatalf("after the stale save: draft %s, status %s", got.Draft.Status, got.Status)
	}
	// The draft is private until published: the public state is still
	// "under evaluation", and publishing makes it the answer.
	n, err := s.PublishAnswers(ctx, admin, f.a.ID, f.p.ID, 0, nil)
	if err != nil || n != 1 {
		t.Fatalf("published %d (%v)", n, err)
	}
	if n, _ := s.PublishAnswers(ctx, admin, f.a.ID, f.p.ID, 0, nil); n != 0 {
		t.Fatalf("published again: %d", n)
	}
	got, _ = s.Proposta(ctx, f.a.ID, f.p.ID, x.ID)
	if got.Status != pdz.PropAccepted || got.Answer == nil || got.Answer.Version != 1 || got.Answer.Criteria.NeedsNote != "Coerente" {
		t.Fatalf("published: %s %+v", got.Status, got.Answer)
	}
}

// Each proponent is told of each answer once: publishing and queueing
// again adds no message (the outbox key is per proposal, answer version
// and proponent).
func TestAnswerMessagesQueuedOnce(t *testing.T) {
	f := newTables(t, 3)
	s := f.s
	x := f.tableProposal(t, f.regs[0], "Uno")
	y := f.tableProposal(t, f.regs[1], "Due")
	merged, err := s.MergeProposals(ctx, admin, f.a.ID, f.p.ID, []int64{x.ID, y.ID},
		pdz.Proposal{AreaID: f.p.Areas[0].ID, Title: "Uno e due", Need: "N", Description: "D"})
	if err != nil {
		t.Fatal(err)
	}
	m, _ := s.Proposta(ctx, f.a.ID, f.p.ID, merged)
	if err := s.SaveEvaluation(ctx, admin, f.a.ID, f.p.ID, merged, m.Version, pdz.Draft{Status: pdz.PropPartly, Answer: "In parte."}); err != nil {
		t.Fatal(err)
	}
	compose := func(x *pdz.Proposta, a *pdz.Answer, to *pdz.Author) *pdz.Email {
		return &pdz.Email{Kind: "esito_proposta", To: to.Email, Subject: "Esito", Body: a.Text}
	}
	if _, err := s.PublishAnswers(ctx, admin, f.a.ID, f.p.ID, 0, compose); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if err := s.RequeueAnswerEmails(ctx, f.a.ID, f.p.ID, compose); err != nil {
			t.Fatal(err)
		}
	}
	count := func() map[int64]int {
		out := map[int64]int{}
		for _, r := range f.regs {
			es, _ := s.RegistrationEmails(ctx, f.a.ID, r.ID)
			for _, e := range es {
				if e.Kind == "esito_proposta" {
					out[r.ID]++
				}
			}
		}
		return out
	}
	got := count()
	if got[f.regs[0].ID] != 1 || got[f.regs[1].ID] != 1 || got[f.regs[2].ID] != 0 {
		t.Fatalf("answer messages per registration: %v, want one to each of the two authors", got)
	}
	// A new answer is a new message.
	m, _ = s.Proposta(ctx, f.a.ID, f.p.ID, merged)
	if err := s.SaveEvaluation(ctx, admin, f.a.ID, f.p.ID, merged, m.Version, pdz.Draft{Status: pdz.PropAccepted, Answer: "Accolta dopo il riesame."}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PublishAnswers(ctx, admin, f.a.ID, f.p.ID, 0, compose); err != nil {
		t.Fatal(err)
	}
	if got := count(); got[f.regs[0].ID] != 2 || got[f.regs[1].ID] != 2 {
		t.Fatalf("after a second answer: %v", got)
	}
}

// Correcting a registration keeps the ids of its proposals (the UdP's work
// refers to them) and deletes, with a reason, the one it drops.
func TestRegistrationCorrectionKeepsProposals(t *testing.T) {
	s := newStore(t)
	a := mustAmbito(t, s, "casarano")
	p := openProcess(t, s, a, time.Time{})
	r := org(p, 1, 0)
	r.Proposals = []pdz.Proposal{{AreaID: p.Areas[0].ID, Title: "Prima", Need: "N", Description: "D"}, {AreaID: p.Areas[0].ID, Title: "Seconda", Need: "N", Description: "D"}}
	submit(t, s, a, r)
	first, second := r.Proposals[0].ID, r.Proposals[1].ID
	r.Proposals = []pdz.Proposal{{AreaID: p.Areas[0].ID, Title: "Prima, corretta", Need: "N", Description: "D"}}
	if err := s.UpdateRegistration(ctx, a.ID, store.Change{Registration: r}, locale.Rome); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Registration(ctx, a.ID, r.ID)
	if len(got.Proposals) != 1 || got.Proposals[0].ID != first || got.Proposals[0].Title != "Prima, corretta" {
		t.Fatalf("after the correction: %+v", got.Proposals)
	}
	dropped, err := s.Proposta(ctx, a.ID, p.ID, second)
	if err != nil || !dropped.Deleted() || !strings.Contains(dropped.DeletedReason, "correzione") {
		t.Fatalf("dropped proposal: %+v %v", dropped, err)
	}
}
