package demo_test

import (
	"strings"
	"testing"

	"github.com/pdz-ats/pdz/internal/pdz"
)

// The demo's tables of Casarano 2022-2024: every screen of issue 4 has
// something to show, and the path's facts (the election of three
// representatives on 14 July 2022 into the Cabina di Regia) hold.
func TestDemoTables2022(t *testing.T) {
	st, a, plan := loadDemo(t)
	p, err := st.ProcessBySlug(ctx, a.ID, "pdz-2022-2024")
	if err != nil {
		t.Fatal(err)
	}
	att, err := st.ProcessAttendance(ctx, a.ID, p.ID)
	if err != nil || len(att) < 40 {
		t.Fatalf("%d presences (%v)", len(att), err)
	}
	mins, _ := st.ProcessMinutes(ctx, a.ID, p.ID, true)
	needs, _ := st.ProcessNeeds(ctx, a.ID, p.ID, true)
	if len(mins) != 8 || len(needs) < 9 {
		t.Fatalf("%d published minutes, %d needs", len(mins), len(needs))
	}
	xs, err := st.Propostas(ctx, a.ID, p.ID, pdz.ProposalFilter{WithDeleted: true})
	if err != nil {
		t.Fatal(err)
	}
	by := map[pdz.ProposalStatus]int{}
	deleted := 0
	for _, x := range xs {
		by[x.Status]++
		if x.Deleted() {
			deleted++
		}
	}
	if by[pdz.PropAccepted] < 4 || by[pdz.PropPartly] != 2 || by[pdz.PropRejected] != 1 || by[pdz.PropWithdrawn] != 1 ||
		by[pdz.PropEvaluating] < 1 || by[pdz.PropMerged] != 2 || by[pdz.PropSplit] != 1 || deleted != 1 {
		t.Fatalf("proposals by status %v, %d deleted", by, deleted)
	}
	rounds, _ := st.PriorityRounds(ctx, a.ID, p.ID, true)
	if len(rounds) != 1 || rounds[0].Votes < 10 {
		t.Fatalf("rounds %+v", rounds)
	}
	es, _ := st.Elections(ctx, a.ID, p.ID, true)
	if len(es) != 1 {
		t.Fatalf("%d published elections", len(es))
	}
	e, o, err := st.ElectionOutcome(ctx, a.ID, p.ID, es[0].ID)
	if err != nil || e.Status != pdz.ElectionProclaimed || len(o.Elected()) != 3 || o.Blank != 1 {
		t.Fatalf("election %s, elected %d, blank %d (%v)", e.Status, len(o.Elected()), o.Blank, err)
	}
	third := o.Results[2]
	if !third.Shared || !strings.Contains(third.Organisation, "Diversamente abili") {
		t.Errorf("third seat: %+v (the older organisation should win the tie)", third)
	}
	b, err := st.BodyBySlug(ctx, a.ID, "cabina-di-regia")
	if err != nil {
		t.Fatal(err)
	}
	elected := 0
	for _, m := range b.Members {
		if m.Role == pdz.DefaultMemberRole {
			if m.Name == "" {
				t.Errorf("seat left empty: %+v", m)
			}
			elected++
		}
	}
	if elected != 3 {
		t.Errorf("%d elected seats in the Cabina di Regia, want the seed's 3", elected)
	}
	pact, err := st.PactOf(ctx, a.ID, p.ID)
	if err != nil || !pact.Published || len(pact.Signatures) != 6 {
		t.Fatalf("pact: %d signatures, published %v (%v)", len(pact.Signatures), pact.Published, err)
	}
	plan, _ = st.Plan(ctx, a.ID, plan.ID)
	cited := 0
	for _, sh := range plan.Sheets {
		cited += len(sh.ProposalIDs)
	}
	if plan.ProcessID != p.ID || cited != 7 {
		t.Fatalf("plan process %d, %d proposals cited", plan.ProcessID, cited)
	}
}
