package pdz

import (
	"sort"
	"strings"
	"time"
)

// Plenary priorities (issue 4; seed 003: "Restituzione dei lavori dei
// Tavoli Tematici. Discussione e condivisione delle priorità"). The UdP
// opens a round on a list of needs or proposals of one area; every
// organisation present approves up to MaxChoices items, once; the items are
// ranked by the number of organisations that approved them.

// RoundStatus is where a round stands.
type RoundStatus string

const (
	RoundDraft  RoundStatus = "bozza"  // being prepared: items can change
	RoundOpen   RoundStatus = "aperta" // voting
	RoundClosed RoundStatus = "chiusa" // counted
)

// Label is the status's Italian name.
func (s RoundStatus) Label() string {
	switch s {
	case RoundDraft:
		return "In preparazione"
	case RoundOpen:
		return "Votazione aperta"
	case RoundClosed:
		return "Chiusa"
	}
	return string(s)
}

// PriorityMethod is the method as the round's page states it.
const PriorityMethod = "Metodo: voto per approvazione. Ogni organizzazione presente all'incontro esprime un solo voto, " +
	"dal telefono in sala con il codice personale consegnato dall'Ufficio di Piano oppure su scheda cartacea registrata dall'Ufficio di Piano, " +
	"e approva fino al numero massimo di voci indicato. Le voci sono ordinate per numero di organizzazioni che le hanno approvate; " +
	"a parità di voti condividono la stessa posizione. Le cittadine e i cittadini partecipano alla discussione ma non votano: " +
	"il voto è espresso dalle organizzazioni, una per ciascuna."

// PriorityRound is a prioritisation round.
type PriorityRound struct {
	ID          int64
	ProcessID   int64
	MeetingID   int64 // the plenary where it is held; 0 if none
	MeetingName string
	AreaID      int64 // 0: the whole process
	AreaName    string
	Title       string
	Description string // what is asked, plain text
	MaxChoices  int
	Status      RoundStatus
	Published   bool
	OpenedAt    time.Time
	ClosedAt    time.Time
	PublishedAt time.Time
	CreatedAt   time.Time
	UpdatedAt   time.Time

	Items []PriorityItem // filled when loaded
	Votes int            // how many organisations voted
}

// Validate checks a round's own fields.
func (r *PriorityRound) Validate() error {
	p := Problems{}
	r.Title, r.Description = strings.TrimSpace(r.Title), strings.TrimSpace(r.Description)
	required(p, "title", r.Title, "Indica il titolo della votazione (es. Priorità dell'area Anziani).")
	maxLen(p, "title", r.Title, 200)
	maxLen(p, "description", r.Description, 5000)
	if r.MaxChoices < 1 || r.MaxChoices > 50 {
		p.Add("max_choices", "Indica quante voci può approvare ciascuna organizzazione (da 1 a 50).")
	}
	return p.Err()
}

// Item returns the item with id, nil if none.
func (r *PriorityRound) Item(id int64) *PriorityItem {
	for i := range r.Items {
		if r.Items[i].ID == id {
			return &r.Items[i]
		}
	}
	return nil
}

// PriorityItem is one item of a round: a need from the minutes or a
// proposal.
type PriorityItem struct {
	ID         int64
	Position   int
	NeedID     int64
	ProposalID int64
	Label      string
	Votes      int // approvals, filled when counted
	Rank       int // 1 for the most approved; equal counts share a rank
}

// CheckChoices checks the items an organisation approves: at least one,
// at most MaxChoices, each of the round, none twice.
func (r *PriorityRound) CheckChoices(ids []int64) error {
	p := Problems{}
	seen := map[int64]bool{}
	for _, id := range ids {
		if r.Item(id) == nil {
			p.Add("items", "Una delle voci scelte non appartiene a questa votazione.")
		}
		if seen[id] {
			p.Add("items", "Una voce è stata scelta due volte.")
		}
		seen[id] = true
	}
	switch {
	case len(ids) == 0:
		p.Add("items", "Scegli almeno una voce.")
	case len(ids) > r.MaxChoices:
		p.Add("items", "Sono state scelte troppe voci (scelte: "+itoa(len(ids))+"; al massimo: "+itoa(r.MaxChoices)+").")
	}
	return p.Err()
}

// RankItems sorts the items by approvals, most first (position breaks
// the order of equal counts, which share a rank).
func RankItems(items []PriorityItem) {
	sort.SliceStable(items, func(i, j int) bool {
		if items[i].Votes != items[j].Votes {
			return items[i].Votes > items[j].Votes
		}
		return items[i].Position < items[j].Position
	})
	for i := range items {
		if i > 0 && items[i].Votes == items[i-1].Votes {
			items[i].Rank = items[i-1].Rank
		} else {
			items[i].Rank = i + 1
		}
	}
}

// PriorityVoter is an organisation entitled to vote in a round, with its
// voting code while the round is open.
type PriorityVoter struct {
	SubjectKey     string
	RegistrationID int64
	Organisation   string
	Code           string // "" once used or when the round is not open
	Voted          bool
	Channel        string // "telefono" or "carta", when voted
}
