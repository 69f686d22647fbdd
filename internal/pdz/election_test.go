package pdz

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// The electorate and the candidates, rule by rule (issue 4; seed 002's
// "costituite da almeno un anno alla data del 14 novembre 2013").
func TestElectionEligibilityRules(t *testing.T) {
	deadline := time.Date(2022, 6, 10, 16, 0, 0, 0, time.UTC)
	e := Election{MinTables: 1, RegisteredBy: deadline, ExcludeManagers: true, FoundedBefore: NewDate(2013, 11, 14)}
	base := Elector{OrgType: "aps", TypeLabel: "APS", Tables: 2, RegisteredAt: deadline.Add(-time.Hour), FoundedOn: NewDate(2010, 3, 1)}
	cases := []struct {
		name          string
		change        func(x *Elector)
		vote, stand   bool
		reasonContain string
	}{
		{"APS present, registered in time, old enough", func(*Elector) {}, true, true, ""},
		{"not Third Sector (union)", func(x *Elector) { x.OrgType, x.TypeLabel = "sindacato", "Organizzazione sindacale" }, false, false, "non è un ente del Terzo Settore"},
		{"never at a table", func(x *Elector) { x.Tables = 0 }, false, false, "tavoli tematici a cui è stata presente: 0 (richiesti: 1)"},
		{"registered after the deadline", func(x *Elector) { x.RegisteredAt = deadline.Add(time.Minute) }, false, false, "non iscritta entro il termine"},
		{"registered exactly at the deadline", func(x *Elector) { x.RegisteredAt = deadline }, true, true, ""},
		{"manages services for the Ambito", func(x *Elector) { x.ManagesServices = true }, true, false, "gestisce servizi per conto dell'Ambito"},
		{"constituted exactly one year before", func(x *Elector) { x.FoundedOn = NewDate(2012, 11, 14) }, true, true, ""},
		{"constituted one day too late", func(x *Elector) { x.FoundedOn = NewDate(2012, 11, 15) }, true, false, "costituita da meno di un anno alla data del 14/11/2013"},
		{"date of constitution not declared", func(x *Elector) { x.FoundedOn = Date{} }, true, false, "data di costituzione non dichiarata"},
		{"erased registration", func(x *Elector) { x.Erased = true }, false, false, "cancellati"},
		{"cooperativa sociale", func(x *Elector) { x.OrgType = "cooperativa" }, true, true, ""},
	}
	for _, c := range cases {
		x := base
		c.change(&x)
		vr, cr := e.VotingReasons(&x), e.CandidacyReasons(&x)
		if (len(vr) == 0) != c.vote || (len(cr) == 0) != c.stand {
			t.Errorf("%s: votes %v (%v), stands %v (%v)", c.name, len(vr) == 0, vr, len(cr) == 0, cr)
		}
		if c.reasonContain != "" && !strings.Contains(strings.Join(cr, "; "), c.reasonContain) {
			t.Errorf("%s: reasons %v, want %q", c.name, cr, c.reasonContain)
		}
	}
	// Rules switched off: registration alone, no presence; managers and
	// young bodies may stand.
	loose := Election{MinTables: 0, RegisteredBy: deadline}
	x := base
	x.Tables, x.ManagesServices, x.FoundedOn = 0, true, Date{}
	if r := loose.CandidacyReasons(&x); len(r) != 0 {
		t.Errorf("loose rules: %v", r)
	}
	if OneYearBefore(NewDate(2024, 2, 29)) != NewDate(2023, 2, 28) {
		t.Errorf("one year before 29/02/2024: %s", OneYearBefore(NewDate(2024, 2, 29)))
	}
}

// The tie-break: votes, then the older organisation, then the lot; a tie
// across the last seat that only a lot can break blocks those seats.
func TestElectionTieBreak(t *testing.T) {
	c := func(id int64, founded Date, lot int) Candidate {
		return Candidate{ID: id, Position: int(id), FoundedOn: founded, Lot: lot}
	}
	old, mid, young := NewDate(1995, 1, 1), NewDate(2005, 1, 1), NewDate(2019, 1, 1)
	elected := func(o Outcome) []int64 {
		var ids []int64
		for _, r := range o.Elected() {
			ids = append(ids, r.ID)
		}
		slices.Sort(ids)
		return ids
	}

	// Clear winners: 9, 7, 5, 2 votes, 3 seats.
	o := Count(3, []Candidate{c(1, young, 0), c(2, young, 0), c(3, young, 0), c(4, young, 0)}, map[int64]int{1: 9, 2: 7, 3: 5, 4: 2})
	if got := elected(o); !slices.Equal(got, []int64{1, 2, 3}) || len(o.NeedsLot) != 0 {
		t.Fatalf("clear count: elected %v, lot %v", got, o.NeedsLot)
	}

	// 3 and 4 tie on 5 votes for the last seat: the older (4) wins.
	o = Count(3, []Candidate{c(1, young, 0), c(2, young, 0), c(3, young, 0), c(4, old, 0)}, map[int64]int{1: 9, 2: 7, 3: 5, 4: 5})
	if got := elected(o); !slices.Equal(got, []int64{1, 2, 4}) || len(o.NeedsLot) != 0 {
		t.Fatalf("tie by date: elected %v, lot %v", got, o.NeedsLot)
	}
	if o.Results[2].ID != 4 || !o.Results[2].Shared || o.Results[2].Tied || o.Results[3].Rank != 4 {
		t.Errorf("tie by date: order %+v", o.Results)
	}

	// An undeclared date comes after any declared one.
	o = Count(1, []Candidate{c(1, Date{}, 0), c(2, young, 0)}, map[int64]int{1: 4, 2: 4})
	if got := elected(o); !slices.Equal(got, []int64{2}) {
		t.Fatalf("undeclared date: elected %v", got)
	}

	// Same votes, same date across the last seat: the lot is needed, and
	// the two seats not in doubt are assigned.
	o = Count(3, []Candidate{c(1, mid, 0), c(2, mid, 0), c(3, mid, 0), c(4, mid, 0)}, map[int64]int{1: 9, 2: 7, 3: 5, 4: 5})
	if got := elected(o); !slices.Equal(got, []int64{1, 2}) || !slices.Equal(sorted(o.NeedsLot), []int64{3, 4}) {
		t.Fatalf("tie needing lot: elected %v, lot %v", got, o.NeedsLot)
	}
	// The lot drawn: 4 first.
	o = Count(3, []Candidate{c(1, mid, 0), c(2, mid, 0), c(3, mid, 2), c(4, mid, 1)}, map[int64]int{1: 9, 2: 7, 3: 5, 4: 5})
	if got := elected(o); !slices.Equal(got, []int64{1, 2, 4}) || len(o.NeedsLot) != 0 {
		t.Fatalf("after the lot: elected %v, lot %v", got, o.NeedsLot)
	}

	// A tie within the seats needs nothing: both are elected.
	o = Count(3, []Candidate{c(1, mid, 0), c(2, mid, 0), c(3, mid, 0)}, map[int64]int{1: 6, 2: 6, 3: 1})
	if got := elected(o); !slices.Equal(got, []int64{1, 2, 3}) || len(o.NeedsLot) != 0 {
		t.Fatalf("tie within the seats: elected %v, lot %v", got, o.NeedsLot)
	}

	// No votes, no seat.
	o = Count(3, []Candidate{c(1, mid, 0), c(2, mid, 0)}, map[int64]int{1: 3})
	if got := elected(o); !slices.Equal(got, []int64{1}) || len(o.NeedsLot) != 0 {
		t.Fatalf("zero votes: elected %v, lot %v", got, o.NeedsLot)
	}
	o.Voters, o.Electorate = 2, 3
	if o.TurnoutPermille() != 667 {
		t.Errorf("turnout %d‰", o.TurnoutPermille())
	}
}

func sorted(xs []int64) []int64 {
	out := slices.Clone(xs)
	slices.Sort(out)
	return out
}

func TestParseCheckInCode(t *testing.T) {
	for _, c := range []struct {
		in   string
		y    int
		n    int64
		fine bool
	}{
		{"PDZ 2026/000123", 2026, 123, true},
		{"2026/123", 2026, 123, true},
		{"  prot. n. 2022/000007\n", 2022, 7, true},
		{"2026 / 45", 2026, 45, true},
		{"Mario Rossi", 0, 0, false},
		{"12026/000123", 0, 0, false},
		{"2026/0", 0, 0, false},
	} {
		y, n, ok := ParseCheckInCode(c.in)
		if ok != c.fine || y != c.y || n != c.n {
			t.Errorf("%q: %d/%d %v", c.in, y, n, ok)
		}
	}
	r := Registration{ProtocolYear: 2026, ProtocolNumber: 42}
	if QRText(&r) != "PDZ 2026/000042" {
		t.Errorf("QR text %q", QRText(&r))
	}
}

func TestPriorityRanking(t *testing.T) {
	items := []PriorityItem{{ID: 1, Position: 1, Votes: 3}, {ID: 2, Position: 2, Votes: 5}, {ID: 3, Position: 3, Votes: 3}, {ID: 4, Position: 4}}
	RankItems(items)
	var got []int
	for _, it := range items {
		got = append(got, int(it.ID)*10+it.Rank)
	}
	if !slices.Equal(got, []int{21, 12, 32, 44}) {
		t.Errorf("ranks %v", got)
	}
	r := PriorityRound{MaxChoices: 2, Items: items}
	if err := r.CheckChoices([]int64{1, 2, 3}); err == nil || !strings.Contains(ErrorFields(err)["items"], "al massimo: 2") {
		t.Errorf("three choices: %v", err)
	}
	if err := r.CheckChoices([]int64{1, 9}); err == nil {
		t.Error("an item of another round accepted")
	}
	if err := r.CheckChoices([]int64{2, 4}); err != nil {
		t.Error(err)
	}
}

// The tie-break by date of constitution compares civil days: founded on
// 10/05/2004 beats 11/05/2004 by one day, whatever the machine's zone, and
// the same day read through the database drivers (text or time) is a tie.
func TestElectionTieBreakByOneDay(t *testing.T) {
	saved := time.Local
	defer func() { time.Local = saved }()
	for _, zone := range []string{"UTC", "Europe/Rome"} {
		loc, err := time.LoadLocation(zone)
		if err != nil {
			t.Fatal(err)
		}
		time.Local = loc
		var first, second, same Date
		for src, d := range map[any]*Date{"2004-05-10": &first, time.Date(2004, 5, 11, 0, 0, 0, 0, time.UTC): &second, time.Date(2004, 5, 10, 0, 0, 0, 0, loc): &same} {
			if err := d.Scan(src); err != nil {
				t.Fatal(err)
			}
		}
		cands := []Candidate{{ID: 1, Position: 1, FoundedOn: second}, {ID: 2, Position: 2, FoundedOn: first}, {ID: 3, Position: 3, FoundedOn: first}}
		o := Count(1, cands[:2], map[int64]int{1: 4, 2: 4})
		if el := o.Elected(); len(el) != 1 || el[0].ID != 2 || len(o.NeedsLot) != 0 {
			t.Errorf("TZ %s: founded 10/05/2004 against 11/05/2004: elected %+v, lot %v", zone, el, o.NeedsLot)
		}
		cands[2].FoundedOn = same
		o = Count(1, cands[1:], map[int64]int{2: 4, 3: 4})
		if len(o.Elected()) != 0 || len(o.NeedsLot) != 2 {
			t.Errorf("TZ %s: the same day read two ways must tie: elected %+v, lot %v", zone, o.Elected(), o.NeedsLot)
		}
	}
}
