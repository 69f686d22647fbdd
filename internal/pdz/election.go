package pdz

import (
	"sort"
	"strings"
	"time"
)

// The election of the Third-Sector representatives to the Cabina di Regia
// (seed 003: "elezione di n. 3 rappresentanti delle Organizzazioni del
// Terzo Settore, individuati tra i componenti del Tavolo di programmazione
// partecipato"; DOMAIN.md: they must not manage services on behalf of the
// Ambito; seed 002: bodies constituted at least one year before a date).
// The ballot is secret and each organisation votes once.

// ElectionStatus is where an election stands.
type ElectionStatus string

const (
	ElectionDraft      ElectionStatus = "bozza"      // rules and candidates being set
	ElectionOpen       ElectionStatus = "aperta"     // voting
	ElectionClosed     ElectionStatus = "chiusa"     // counted; a tie may wait for the lot
	ElectionProclaimed ElectionStatus = "proclamata" // the elected are members of the body
)

// Label is the status's Italian name.
func (s ElectionStatus) Label() string {
	switch s {
	case ElectionDraft:
		return "In preparazione"
	case ElectionOpen:
		return "Votazione aperta"
	case ElectionClosed:
		return "Votazione chiusa"
	case ElectionProclaimed:
		return "Eletti proclamati"
	}
	return string(s)
}

// DefaultSeats is the number of representatives seed 003 elects.
const DefaultSeats = 3

// DefaultMemberRole is the role the elected get in the body.
const DefaultMemberRole = "Rappresentante del Terzo Settore eletto"

// TieBreakRule is the rule as the election's page and minutes state it.
const TieBreakRule = "A parità di voti prevale l'organizzazione costituita da più tempo (data di costituzione dichiarata nella manifestazione di interesse; " +
	"chi non l'ha dichiarata segue); in caso di ulteriore parità decide il sorteggio, svolto in seduta pubblica dall'Ufficio di Piano e registrato nel verbale. " +
	"Un candidato senza voti non è eletto."

// Election is an election of representatives.
type Election struct {
	ID          int64
	ProcessID   int64
	MeetingID   int64 // the election day
	MeetingName string
	BodyID      int64 // the body the elected join (the Cabina di Regia)
	BodyName    string
	Title       string
	Seats       int
	// MaxPreferences is how many candidates a ballot may name.
	MaxPreferences int
	// The electorate: Third-Sector organisations present at MinTables
	// tables at least (0: presence not required) and registered by
	// RegisteredBy (zero: not required).
	MinTables    int
	RegisteredBy time.Time
	// The candidates: not managing services on behalf of the Ambito (when
	// ExcludeManagers), constituted at least one year before FoundedBefore
	// (zero: no such rule).
	ExcludeManagers bool
	FoundedBefore   Date
	MemberRole      string
	Status          ElectionStatus
	Published       bool
	OpenedAt        time.Time
	ClosedAt        time.Time
	ProclaimedAt    time.Time
	Minutes         string // the minutes' own text (verbale), besides the figures
	MinutesFile     *FileInfo
	CreatedAt       time.Time
	UpdatedAt       time.Time

	Candidates []Candidate // filled when loaded
}

// Validate checks an election's rules.
func (e *Election) Validate() error {
	p := Problems{}
	e.Title, e.MemberRole, e.Minutes = strings.TrimSpace(e.Title), strings.TrimSpace(e.MemberRole), strings.TrimSpace(e.Minutes)
	if e.MemberRole == "" {
		e.MemberRole = DefaultMemberRole
	}
	required(p, "title", e.Title, "Indica il titolo dell'elezione.")
	maxLen(p, "title", e.Title, 300)
	maxLen(p, "member_role", e.MemberRole, 200)
	maxLen(p, "minutes", e.Minutes, 20000)
	if e.Seats < 1 || e.Seats > 30 {
		p.Add("seats", "Indica il numero dei posti da eleggere (da 1 a 30).")
	}
	if e.MaxPreferences < 1 || e.MaxPreferences > max(e.Seats, 1) {
		p.Add("max_preferences", "Le preferenze per scheda vanno da 1 al numero dei posti.")
	}
	if e.MinTables < 0 || e.MinTables > 50 {
		p.Add("min_tables", "Indica il numero minimo di tavoli a cui aver partecipato (0 se non richiesto).")
	}
	if e.MinTables == 0 && e.RegisteredBy.IsZero() {
		p.Add("min_tables", "Indica almeno una regola per l'elettorato: la presenza ai tavoli o l'iscrizione entro una data.")
	}
	return p.Err()
}

// Candidate returns the candidate with id, nil if none.
func (e *Election) Candidate(id int64) *Candidate {
	for i := range e.Candidates {
		if e.Candidates[i].ID == id {
			return &e.Candidates[i]
		}
	}
	return nil
}

// Candidate is a candidate organisation with its representative.
type Candidate struct {
	ID             int64
	RegistrationID int64
	SubjectKey     string
	Representative string // the person who would sit in the body
	Organisation   string // filled when loaded
	TypeLabel      string
	FoundedOn      Date
	Position       int
	Lot            int // order drawn by lot (1 first); 0 if not drawn
	MemberID       int64
}

// ThirdSector reports whether an organisation of this type belongs to the
// Third Sector (D.Lgs. 117/2017): the electorate of the representatives.
func (t OrgType) ThirdSector() bool {
	switch t {
	case "odv", "aps", "cooperativa", "filantropico", "rete", "mutuo_soccorso", "ets":
		return true
	}
	return false
}

// Elector is an organisation of the process as the rules see it: its
// registrations taken together.
type Elector struct {
	SubjectKey      string
	RegistrationID  int64 // the registration that represents it (the earliest holding one)
	Organisation    string
	OrgType         OrgType
	TypeLabel       string
	Representative  string // its main contact
	Tables          int    // distinct tables (thematic tables, focus groups) where it was present
	RegisteredAt    time.Time
	ManagesServices bool
	FoundedOn       Date
	Erased          bool
}

// OneYearBefore is the latest date of constitution allowed by the rule
// "constituted at least one year before d" (seed 002: "costituite da
// almeno un anno alla data del 14 novembre 2013").
func OneYearBefore(d Date) Date {
	y, m, day := d.Year()-1, d.Month(), d.Day()
	if m == time.February && day == 29 {
		day = 28
	}
	return NewDate(y, m, day)
}

// VotingReasons lists why an organisation is not in the electorate; none
// means it may vote.
func (e *Election) VotingReasons(x *Elector) []string {
	var out []string
	if x.Erased {
		return []string{"i dati della manifestazione di interesse sono stati cancellati"}
	}
	if !x.OrgType.ThirdSector() {
		out = append(out, "non è un ente del Terzo Settore ("+x.TypeLabel+")")
	}
	if e.MinTables > 0 && x.Tables < e.MinTables {
		out = append(out, "tavoli tematici a cui è stata presente: "+itoa(x.Tables)+" (richiesti: "+itoa(e.MinTables)+")")
	}
	if !e.RegisteredBy.IsZero() && (x.RegisteredAt.IsZero() || x.RegisteredAt.After(e.RegisteredBy)) {
		out = append(out, "non iscritta entro il termine")
	}
	return out
}

// CandidacyReasons lists why an organisation may not be a candidate; none
// means it may.
func (e *Election) CandidacyReasons(x *Elector) []string {
	out := e.VotingReasons(x)
	if e.ExcludeManagers && x.ManagesServices {
		out = append(out, "gestisce servizi per conto dell'Ambito")
	}
	if !e.FoundedBefore.IsZero() {
		limit := OneYearBefore(e.FoundedBefore)
		switch {
		case x.FoundedOn.IsZero():
			out = append(out, "data di costituzione non dichiarata")
		case x.FoundedOn.After(limit):
			out = append(out, "costituita da meno di un anno alla data del "+shortDate(e.FoundedBefore))
		}
	}
	return out
}

// CandidateResult is a candidate with its votes and outcome.
type CandidateResult struct {
	Candidate
	Votes   int
	Rank    int  // 1 for the first; equal votes and date share a rank until the lot
	Elected bool // within the seats, every tie resolved
	Shared  bool // another candidate has the same votes
	Tied    bool // votes and date equal to another's across the last seat: the lot decides
}

// Outcome is the count of an election.
type Outcome struct {
	Results    []CandidateResult // in order of the count and the tie-break
	Ballots    int               // ballots in the box
	Blank      int               // ballots without a choice
	Voters     int               // organisations that voted
	Electorate int               // organisations entitled to vote
	// NeedsLot lists the candidates tied across the last seat whom only a
	// lot can separate, until their order is drawn.
	NeedsLot []int64
}

// Elected lists the elected candidates.
func (o *Outcome) Elected() []CandidateResult {
	var out []CandidateResult
	for _, r := range o.Results {
		if r.Elected {
			out = append(out, r)
		}
	}
	return out
}

// TurnoutPermille is the share of the electorate that voted, in tenths of
// a percent (rounded half up), for display.
func (o *Outcome) TurnoutPermille() int {
	if o.Electorate == 0 {
		return 0
	}
	return (o.Voters*1000 + o.Electorate/2) / o.Electorate
}

// Count ranks the candidates by votes and applies the tie-break rule
// (TieBreakRule): more votes first; then the earlier date of constitution
// (unknown last); then the order drawn by lot. A tie across the last seat
// that the date does not break and no lot has settled leaves NeedsLot set
// and those seats unassigned. Candidates without votes are not elected.
func Count(seats int, cands []Candidate, votes map[int64]int) Outcome {
	var o Outcome
	rs := make([]CandidateResult, len(cands))
	for i, c := range cands {
		rs[i] = CandidateResult{Candidate: c, Votes: votes[c.ID]}
	}
	older := func(a, b Date) int { // -1: a older
		switch {
		case a.IsZero() && b.IsZero():
			return 0
		case a.IsZero():
			return 1
		case b.IsZero():
			return -1
		case a.Before(b):
			return -1
		case b.Before(a):
			return 1
		}
		return 0
	}
	// same reports whether the rules (votes, date) cannot separate a and b.
	same := func(a, b CandidateResult) bool { return a.Votes == b.Votes && older(a.FoundedOn, b.FoundedOn) == 0 }
	sort.SliceStable(rs, func(i, j int) bool {
		a, b := rs[i], rs[j]
		if a.Votes != b.Votes {
			return a.Votes > b.Votes
		}
		if c := older(a.FoundedOn, b.FoundedOn); c != 0 {
			return c < 0
		}
		if (a.Lot == 0) != (b.Lot == 0) {
			return a.Lot != 0
		}
		if a.Lot != b.Lot {
			return a.Lot < b.Lot
		}
		return a.Position < b.Position
	})
	for i := range rs {
		rs[i].Shared = (i > 0 && rs[i-1].Votes == rs[i].Votes) || (i+1 < len(rs) && rs[i+1].Votes == rs[i].Votes)
		if i > 0 && same(rs[i], rs[i-1]) {
			rs[i].Rank = rs[i-1].Rank
		} else {
			rs[i].Rank = i + 1
		}
	}
	// The group tied with the candidate on the last seat: if it reaches past
	// that seat, only the lot separates it.
	last := min(seats, len(rs)) - 1
	start, end := last, last
	if last >= 0 {
		for start > 0 && same(rs[start-1], rs[last]) {
			start--
		}
		for end+1 < len(rs) && same(rs[end+1], rs[last]) {
			end++
		}
	}
	straddles := last >= 0 && end > last && rs[last].Votes > 0
	drawn := true
	if straddles {
		for i := start; i <= end; i++ {
			rs[i].Tied = true
			if rs[i].Lot == 0 {
				drawn = false
			}
		}
		if !drawn {
			for i := start; i <= end; i++ {
				o.NeedsLot = append(o.NeedsLot, rs[i].ID)
			}
		}
	}
	for i := range rs {
		if i >= seats || rs[i].Votes == 0 {
			continue
		}
		if straddles && !drawn && i >= start {
			continue
		}
		rs[i].Elected = true
	}
	o.Results = rs
	return o
}
