package store_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/pdz-ats/pdz/internal/pdz"
	"github.com/pdz-ats/pdz/internal/testdb"
)

// electionWith opens an election of the fixture's organisations (all of
// them present at the first table), with the first nCands as candidates,
// and casts ballot i of ballots(candidates) by the phone of the i-th voter,
// one at a time and in that order. The election is left open.
func (f *tablesFixture) electionWith(t *testing.T, seats, maxPref, nCands int, ballots func(c []int64) [][]int64) (pdz.Election, []int64) {
	t.Helper()
	s := f.s
	f.checkIn(t, f.table1, f.regs...)
	e := pdz.Election{ProcessID: f.p.ID, MeetingID: f.electionMeetingID, BodyID: f.cabina.ID, Title: "Elezione dei rappresentanti del Terzo Settore",
		Seats: seats, MaxPreferences: maxPref, MinTables: 1}
	if err := s.SaveElection(ctx, admin, f.a.ID, &e); err != nil {
		t.Fatal(err)
	}
	for i := range nCands {
		if err := s.AddCandidate(ctx, admin, f.a.ID, f.p.ID, e.ID, f.regs[i].ID, fmt.Sprintf("Rappresentante %d", i+1)); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.OpenElection(ctx, admin, f.a.ID, f.p.ID, e.ID); err != nil {
		t.Fatal(err)
	}
	e, err := s.Election(ctx, f.a.ID, f.p.ID, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	var cands []int64
	for _, c := range e.Candidates {
		cands = append(cands, c.ID)
	}
	voters, err := s.ElectionVoters(ctx, f.a.ID, f.p.ID, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	plan := ballots(cands)
	if len(plan) > len(voters) {
		t.Fatalf("%d ballots for %d voters", len(plan), len(voters))
	}
	for i, b := range plan {
		if err := s.CastBallot(ctx, f.a.ID, voters[i].Code, b); err != nil {
			t.Fatalf("ballot %d %v: %v", i, b, err)
		}
	}
	return e, cands
}

// TestElectionCountAbortsOnDatabaseErrors: when any query of the count
// fails (here: a table of the count is missing), the count, the lot and
// the proclamation return the error; nothing is proclaimed, no member is
// made, and the count is right again once the table is back.
func TestElectionCountAbortsOnDatabaseErrors(t *testing.T) {
	for _, table := range []string{"election_voters", "election_ballots", "election_ballot_choices", "meeting_attendance"} {
		t.Run(table, func(t *testing.T) {
			f := newTables(t, 4)
			s := f.s
			// Candidate 1 gets 3 votes, candidate 2 one: one seat, no tie.
			e, c := f.electionWith(t, 1, 1, 2, func(c []int64) [][]int64 { return [][]int64{{c[0]}, {c[0]}, {c[1]}, {c[0]}} })
			if _, err := s.CloseElection(ctx, admin, f.a.ID, f.p.ID, e.ID); err != nil {
				t.Fatal(err)
			}
			db := s.DB().W
			rename := func(from, to string) {
				t.Helper()
				if _, err := db.ExecContext(ctx, `ALTER TABLE `+from+` RENAME TO `+to); err != nil {
					t.Fatal(err)
				}
			}
			rename(table, table+"_fuori_uso")
			_, o, err := s.ElectionOutcome(ctx, f.a.ID, f.p.ID, e.ID)
			if pdz.ErrorCode(err) != pdz.EINTERNAL {
				t.Errorf("count without %s: %v, outcome %+v; want an internal error", table, err, o)
			}
			if err := s.DrawLots(ctx, admin, f.a.ID, f.p.ID, e.ID, c); pdz.ErrorCode(err) != pdz.EINTERNAL {
				t.Errorf("lot without %s: %v; want an internal error", table, err)
			}
			if err := s.ProclaimElection(ctx, admin, f.a.ID, f.p.ID, e.ID); pdz.ErrorCode(err) != pdz.EINTERNAL {
				t.Errorf("proclamation without %s: %v; want an internal error", table, err)
			}
			rename(table+"_fuori_uso", table)

			got, err := s.Election(ctx, f.a.ID, f.p.ID, e.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.Status != pdz.ElectionClosed {
				t.Errorf("status %s after failed counts, want %s", got.Status, pdz.ElectionClosed)
			}
			for _, x := range got.Candidates {
				if x.MemberID != 0 || x.Lot != 0 {
					t.Errorf("candidate %s: member %d, lot %d after failed counts", x.Organisation, x.MemberID, x.Lot)
				}
			}
			b, err := s.Body(ctx, f.a.ID, f.cabina.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range b.Members {
				if m.Name != "" {
					t.Errorf("member %q appointed by a failed proclamation", m.Name)
				}
			}
			_, o, err = s.ElectionOutcome(ctx, f.a.ID, f.p.ID, e.ID)
			if err != nil || o.Voters != 4 || o.Ballots != 4 || o.Electorate != 4 || len(o.Results) != 2 || o.Results[0].Votes != 3 || o.Results[1].Votes != 1 {
				t.Fatalf("count with every table: %+v, %v", o, err)
			}
			if err := s.ProclaimElection(ctx, admin, f.a.ID, f.p.ID, e.ID); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestBallotBoxShuffledAtClosing records, with a trigger of the test, the
// order in which ballots enter the box: 40 distinct ballots cast one after
// the other, then the box rewritten at closing. The rewrite must put every
// ballot back (same contents), under new ids, in an order that is neither
// the order of the votes nor the order the closing read them in (on
// SQLite that of the old ids, on PostgreSQL that of the heap). With 40
// distinct ballots a shuffle matches either order with probability 2/40!.
func TestBallotBoxShuffledAtClosing(t *testing.T) {
	const n = 40
	f := newTables(t, n)
	s := f.s
	db := s.DB().W
	if _, err := db.ExecContext(ctx, `CREATE TABLE test_ballot_log (seq BIGINT NOT NULL, ballot_id BIGINT NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	trigger := []string{`CREATE TRIGGER test_ballot_log AFTER INSERT ON election_ballots BEGIN
		INSERT INTO test_ballot_log (seq, ballot_id) SELECT COUNT(*) + 1, NEW.id FROM test_ballot_log; END`}
	if testdb.Postgres() {
		trigger = []string{`CREATE FUNCTION test_ballot_log() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
			INSERT INTO test_ballot_log (seq, ballot_id) SELECT COUNT(*) + 1, NEW.id FROM test_ballot_log; RETURN NEW; END $$`,
			`CREATE TRIGGER test_ballot_log AFTER INSERT ON election_ballots FOR EACH ROW EXECUTE FUNCTION test_ballot_log()`}
	}
	for _, q := range trigger {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	// Six candidates, up to three preferences: 41 distinct non-blank
	// ballots; the first 40 are cast.
	e, _ := f.electionWith(t, 3, 3, 6, func(c []int64) [][]int64 {
		var out [][]int64
		for i := range c {
			out = append(out, []int64{c[i]})
			for j := i + 1; j < len(c); j++ {
				out = append(out, []int64{c[i], c[j]})
				for k := j + 1; k < len(c); k++ {
					out = append(out, []int64{c[i], c[j], c[k]})
				}
			}
		}
		return out[:n]
	})
	// contents reads the box: ballot id → its choices as text.
	contents := func() map[int64]string {
		t.Helper()
		rows, err := db.QueryContext(ctx, `SELECT b.id, c.candidate_id FROM election_ballots b
			LEFT JOIN election_ballot_choices c ON c.ballot_id = b.id WHERE b.election_id = $1 ORDER BY b.id, c.candidate_id`, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		out := map[int64]string{}
		for rows.Next() {
			var id, cand int64
			if err := rows.Scan(&id, &cand); err != nil {
				t.Fatal(err)
			}
			out[id] += fmt.Sprint(cand) + " "
		}
		return out
	}
	logged := func() []int64 {
		t.Helper()
		rows, err := db.QueryContext(ctx, `SELECT ballot_id FROM test_ballot_log ORDER BY seq`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				t.Fatal(err)
			}
			out = append(out, id)
		}
		return out
	}
	before := contents()
	cast := logged()
	if len(before) != n || len(cast) != n {
		t.Fatalf("%d ballots in the box, %d logged, want %d", len(before), len(cast), n)
	}
	seq := func(ids []int64, box map[int64]string) []string {
		var out []string
		for _, id := range ids {
			out = append(out, box[id])
		}
		return out
	}
	voted := seq(cast, before)
	oldIDs := slices.Sorted(func(yield func(int64) bool) {
		for id := range before {
			if !yield(id) {
				return
			}
		}
	})
	byOldID := seq(oldIDs, before)
	heap := func() []string { // the order a query without ORDER BY reads the box in
		rows, err := db.QueryContext(ctx, `SELECT id FROM election_ballots WHERE election_id = $1`, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var ids []int64
		for rows.Next() {
			var id int64
			rows.Scan(&id)
			ids = append(ids, id)
		}
		return seq(ids, before)
	}()

	if _, err := s.CloseElection(ctx, admin, f.a.ID, f.p.ID, e.ID); err != nil {
		t.Fatal(err)
	}
	after := contents()
	all := logged()
	if len(all) != 2*n {
		t.Fatalf("%d ballots entered the box at closing, want %d (the box rewritten)", len(all)-n, n)
	}
	rewritten := all[n:]
	for _, id := range rewritten {
		if _, ok := before[id]; ok {
			t.Errorf("ballot id %d survived the closing: the box keeps its old ids", id)
		}
	}
	put := seq(rewritten, after)
	if !slices.Equal(slices.Sorted(slices.Values(put)), slices.Sorted(slices.Values(voted))) {
		t.Fatalf("the rewritten box holds other ballots:\n%v\nwant\n%v", put, voted)
	}
	for name, order := range map[string][]string{"the order of the votes": voted, "the order of the old ids": byOldID, "the order the box was read in": heap} {
		if slices.Equal(put, order) {
			t.Errorf("the ballots were put back in %s: the box was not shuffled\n%s", name, strings.Join(put, "| "))
		}
	}
}
