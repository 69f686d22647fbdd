package pdz

import (
	"strings"
	"time"
)

// MinutesStatus is where the minutes (verbale) of a meeting stand: a draft
// that the staff edit, approved (frozen), then published.
type MinutesStatus string

const (
	MinutesDraft     MinutesStatus = "bozza"
	MinutesApproved  MinutesStatus = "approvato"
	MinutesPublished MinutesStatus = "pubblicato"
)

// Label is the status's Italian name.
func (s MinutesStatus) Label() string {
	switch s {
	case MinutesDraft:
		return "Bozza"
	case MinutesApproved:
		return "Approvato"
	case MinutesPublished:
		return "Pubblicato"
	}
	return string(s)
}

// Minutes is the verbale of a meeting: who was present (the attendance of
// the meeting, and others by role), a summary, the needs that emerged, the
// proposals discussed, the priorities expressed.
type Minutes struct {
	ID            int64
	ProcessID     int64
	MeetingID     int64
	Status        MinutesStatus
	OthersPresent string // staff of the UdP, guests: by role, one per line
	Summary       string // plain text, paragraphs
	ProposalsText string // what was said of the proposals, besides the list
	Priorities    string // the priorities expressed
	BodyID        int64  // the body whose session the meeting also was
	SessionID     int64
	ApprovedAt    time.Time
	ApprovedBy    string
	PublishedAt   time.Time
	CreatedAt     time.Time
	UpdatedAt     time.Time

	Needs       []Need  // filled when loaded
	ProposalIDs []int64 // the proposals discussed
}

// Editable reports whether the minutes may still change: only drafts do.
func (m *Minutes) Editable() bool { return m.Status == MinutesDraft || m.Status == "" }

// Published reports whether the minutes are public.
func (m *Minutes) Published() bool { return m.Status == MinutesPublished }

// Validate checks the minutes' own fields.
func (m *Minutes) Validate() error {
	p := Problems{}
	m.OthersPresent, m.Summary = strings.TrimSpace(m.OthersPresent), strings.TrimSpace(m.Summary)
	m.ProposalsText, m.Priorities = strings.TrimSpace(m.ProposalsText), strings.TrimSpace(m.Priorities)
	maxLen(p, "others_present", m.OthersPresent, 5000)
	required(p, "summary", m.Summary, "Scrivi la sintesi dell'incontro.")
	maxLen(p, "summary", m.Summary, 30000)
	maxLen(p, "proposals_text", m.ProposalsText, 20000)
	maxLen(p, "priorities", m.Priorities, 20000)
	if (m.BodyID == 0) != (m.SessionID == 0) {
		p.Add("session", "Seduta non valida.")
	}
	return p.Err()
}

// Need is a bisogno that emerged at a meeting, tagged with the area and,
// where relevant, the target group and the Comune.
type Need struct {
	ID        int64
	ProcessID int64
	MinutesID int64
	MeetingID int64 // filled when loaded
	Position  int
	Text      string
	AreaID    int64
	AreaName  string // filled when loaded
	Target    string // target group
	ComuneID  int64  // 0: the whole Ambito
	Comune    string // filled when loaded
}

// Validate checks a need.
func (n *Need) Validate() error {
	p := Problems{}
	n.Text, n.Target = strings.TrimSpace(n.Text), strings.TrimSpace(n.Target)
	required(p, "text", n.Text, "Descrivi il bisogno emerso.")
	maxLen(p, "text", n.Text, 2000)
	maxLen(p, "target", n.Target, 300)
	if n.AreaID == 0 {
		p.Add("area_id", "Scegli l'area tematica del bisogno.")
	}
	return p.Err()
}

// Label is the need in one line, for lists and checklists.
func (n *Need) Label() string {
	s := n.Text
	if rs := []rune(s); len(rs) > 160 {
		s = string(rs[:157]) + "…"
	}
	return s
}
