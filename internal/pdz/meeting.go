package pdz

import (
	"sort"
	"strings"
	"time"
)

// MeetingKind is what sort of meeting an Incontro is.
type MeetingKind string

const (
	KindConcertazione MeetingKind = "concertazione" // sessione di concertazione (technical, unions, ASL)
	KindTavolo        MeetingKind = "tavolo"        // tavolo tematico
	KindFocusGroup    MeetingKind = "focus_group"
	KindPlenaria      MeetingKind = "plenaria"
	KindIstituzionale MeetingKind = "istituzionale" // Coordinamento Istituzionale, Consigli Comunali
	KindConferenza    MeetingKind = "conferenza"    // conferenza di concertazione / dei servizi
	KindLavoro        MeetingKind = "lavoro"        // a working period of the UdP (stesura schema piano)
)

// MeetingKinds lists the kinds in the order forms offer them.
var MeetingKinds = []MeetingKind{KindConcertazione, KindTavolo, KindFocusGroup, KindPlenaria, KindIstituzionale, KindConferenza, KindLavoro}

// Label is the kind's Italian name.
func (k MeetingKind) Label() string {
	switch k {
	case KindConcertazione:
		return "Sessione di concertazione"
	case KindTavolo:
		return "Tavolo tematico"
	case KindFocusGroup:
		return "Focus group"
	case KindPlenaria:
		return "Sessione plenaria"
	case KindIstituzionale:
		return "Seduta istituzionale"
	case KindConferenza:
		return "Conferenza"
	case KindLavoro:
		return "Attività dell'Ufficio di Piano"
	}
	return string(k)
}

// Valid reports whether k is a known kind.
func (k MeetingKind) Valid() bool {
	for _, x := range MeetingKinds {
		if x == k {
			return true
		}
	}
	return false
}

// Participatory reports whether the registration deadline governs meetings
// of this kind: the ones open to the people who register.
func (k MeetingKind) Participatory() bool {
	return k == KindTavolo || k == KindFocusGroup || k == KindPlenaria
}

// Meeting is an incontro of the process: a session, a thematic table, a focus
// group, a plenary, an institutional session, a conference or a dated working
// period. A meeting may run inside another (the focus groups of one
// itinerant meeting, the tables opened by a plenary session).
type Meeting struct {
	ID           int64
	ProcessID    int64
	PhaseID      int64 // 0: not in a phase
	ParentID     int64 // 0: a top-level meeting
	Position     int
	Kind         MeetingKind
	Label        string // "Tavolo 1", "PLENARIA"
	Title        string
	Description  string
	Date         Date
	EndDate      Date  // for periods over several days ("dal 12 al 15 novembre")
	StartTime    Clock // optional
	EndTime      Clock // optional
	VenueName    string
	VenueAddress string
	VenueCity    string // the Comune where it takes place
	Invited      string
	Notes        string
	AreaIDs      []int64
	UpdatedAt    time.Time

	Areas []Area // filled when loaded with a process
}

// Name is the meeting's label and title joined.
func (m *Meeting) Name() string {
	switch {
	case m.Label != "" && m.Title != "":
		return m.Label + " – " + m.Title
	case m.Label != "":
		return m.Label
	case m.Title != "":
		return m.Title
	}
	return m.Kind.Label()
}

// Starts is the start instant in loc; midnight when no start time is given.
func (m *Meeting) Starts(loc *time.Location) time.Time { return m.Date.At(m.StartTime, loc) }

// Ends is the end instant in loc: the end time, or the end of the last day.
func (m *Meeting) Ends(loc *time.Location) time.Time {
	last := m.Date
	if !m.EndDate.IsZero() {
		last = m.EndDate
	}
	if m.EndTime.IsZero() {
		return last.AddDays(1).At(Clock{}, loc)
	}
	return last.At(m.EndTime, loc)
}

// Venue is the place as one line.
func (m *Meeting) Venue() string {
	var parts []string
	for _, s := range []string{m.VenueName, m.VenueAddress, m.VenueCity} {
		if s = strings.TrimSpace(s); s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, " – ")
}

// HasArea reports whether the meeting treats area id.
func (m *Meeting) HasArea(id int64) bool {
	for _, x := range m.AreaIDs {
		if x == id {
			return true
		}
	}
	return false
}

// Validate checks the meeting's own fields.
func (m *Meeting) Validate() error {
	p := Problems{}
	m.Label = strings.TrimSpace(m.Label)
	m.Title = strings.TrimSpace(m.Title)
	if !m.Kind.Valid() {
		p.Add("kind", "Scegli il tipo di incontro.")
	}
	if m.Label == "" && m.Title == "" {
		p.Add("title", "Indica il titolo dell'incontro (o almeno un'etichetta come «Tavolo 1»).")
	}
	maxLen(p, "label", m.Label, 60)
	maxLen(p, "title", m.Title, 300)
	maxLen(p, "description", m.Description, 10000)
	maxLen(p, "venue_name", m.VenueName, 300)
	maxLen(p, "venue_address", m.VenueAddress, 300)
	maxLen(p, "venue_city", m.VenueCity, 120)
	maxLen(p, "invited", m.Invited, 4000)
	maxLen(p, "notes", m.Notes, 4000)
	if m.Date.IsZero() {
		p.Add("date", "Indica la data dell'incontro.")
	}
	if !m.EndDate.IsZero() && !m.Date.IsZero() {
		if m.EndDate.Before(m.Date) {
			p.Add("end_date", "La data di fine deve essere successiva alla data di inizio.")
		} else if m.EndDate.Equal(m.Date) {
			m.EndDate = Date{}
		}
	}
	if m.StartTime.IsZero() && !m.EndTime.IsZero() {
		p.Add("start_time", "Indica anche l'ora di inizio.")
	}
	if !m.StartTime.IsZero() && !m.EndTime.IsZero() && m.EndDate.IsZero() && m.EndTime.Minutes() <= m.StartTime.Minutes() {
		p.Add("end_time", "L'ora di fine deve essere successiva all'ora di inizio.")
	}
	return p.Err()
}

// Warning is a problem worth telling the user that does not stop a save.
type Warning struct {
	Field   string
	Message string
}

// CheckMeetingInProcess applies the rules that need the rest of the process:
// the meeting falls inside its phase's dates, it does not start before the
// registration deadline when the deadline governs it (errors), and it does
// not overlap another meeting in the same room (a warning: parallel focus
// groups in one building are normal, in one room they are a mistake).
func CheckMeetingInProcess(m *Meeting, proc *Process, loc *time.Location) ([]Warning, error) {
	p := Problems{}
	if m.PhaseID != 0 {
		var phase *Phase
		for i := range proc.Phases {
			if proc.Phases[i].ID == m.PhaseID {
				phase = &proc.Phases[i]
			}
		}
		switch {
		case phase == nil:
			p.Add("phase_id", "La fase scelta non appartiene a questo percorso.")
		case !phase.Contains(m.Date) || (!m.EndDate.IsZero() && !phase.Contains(m.EndDate)):
			p.Add("date", "L'incontro deve cadere entro le date della sua fase ("+phaseSpan(phase)+").")
		}
	}
	if m.ParentID != 0 {
		found := false
		for i := range proc.Meetings {
			par := &proc.Meetings[i]
			if par.ID != m.ParentID {
				continue
			}
			found = true
			if par.ID == m.ID || par.ParentID != 0 {
				p.Add("parent_id", "Un incontro può stare dentro un incontro principale, non dentro se stesso o dentro un sotto-incontro.")
			} else if m.Starts(loc).Before(par.Starts(loc)) || m.Ends(loc).After(par.Ends(loc)) {
				p.Add("date", "L'incontro deve svolgersi entro data e orari dell'incontro che lo contiene.")
			}
		}
		if !found {
			p.Add("parent_id", "L'incontro principale scelto non appartiene a questo percorso.")
		}
	}
	for _, id := range m.AreaIDs {
		if proc.Area(id) == nil {
			p.Add("area_ids", "Un'area scelta non appartiene a questo percorso.")
		}
	}
	if !proc.Deadline.IsZero() && m.Kind.Participatory() && !m.Date.IsZero() && !m.Starts(loc).After(proc.Deadline) {
		p.Add("date", "L'incontro è aperto a chi si iscrive e non può precedere la scadenza delle iscrizioni ("+proc.Deadline.In(loc).Format("02/01/2006 15:04")+").")
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	var warnings []Warning
	if room := venueKey(m); room != "" && !m.Date.IsZero() {
		for i := range proc.Meetings {
			o := &proc.Meetings[i]
			related := (m.ID != 0 && (o.ID == m.ID || o.ParentID == m.ID)) || o.ID == m.ParentID || (m.ParentID != 0 && o.ParentID == m.ParentID)
			if related || venueKey(o) != room {
				continue
			}
			if m.Starts(loc).Before(o.Ends(loc)) && o.Starts(loc).Before(m.Ends(loc)) {
				warnings = append(warnings, Warning{Field: "venue_name", Message: "Nello stesso luogo e nello stesso orario è previsto anche «" + o.Name() + "». Verifica che non sia un errore."})
			}
		}
	}
	return warnings, nil
}

// CheckDeadline applies the rule the other way round: a new deadline must
// precede every participatory meeting already scheduled. The problem is keyed
// by the form's date field so that the message shows next to it.
func CheckDeadline(proc *Process, deadline time.Time, loc *time.Location) error {
	if deadline.IsZero() {
		return nil
	}
	for i := range proc.Meetings {
		m := &proc.Meetings[i]
		if m.Kind.Participatory() && !m.Starts(loc).After(deadline) {
			return Problems{"deadline_date": "La scadenza delle iscrizioni deve precedere gli incontri aperti agli iscritti: «" + m.Name() + "» inizia prima."}.Err()
		}
	}
	return nil
}

func venueKey(m *Meeting) string {
	n := strings.ToLower(strings.Join(strings.Fields(m.VenueName+" "+m.VenueAddress), " "))
	return strings.Map(func(r rune) rune {
		if r == '"' || r == '“' || r == '”' || r == '«' || r == '»' || r == '-' || r == '–' {
			return ' '
		}
		return r
	}, n)
}

func phaseSpan(ph *Phase) string {
	if ph.EndsOn.IsZero() || ph.EndsOn.Equal(ph.StartsOn) {
		return ph.StartsOn.t.Format("02/01/2006")
	}
	return ph.StartsOn.t.Format("02/01/2006") + " – " + ph.EndsOn.t.Format("02/01/2006")
}

// Area returns the process's area with that id, nil if none.
func (p *Process) Area(id int64) *Area {
	for i := range p.Areas {
		if p.Areas[i].ID == id {
			return &p.Areas[i]
		}
	}
	return nil
}

// Phase returns the process's phase with that id, nil if none.
func (p *Process) Phase(id int64) *Phase {
	for i := range p.Phases {
		if p.Phases[i].ID == id {
			return &p.Phases[i]
		}
	}
	return nil
}

// Meeting returns the process's meeting with that id, nil if none.
func (p *Process) Meeting(id int64) *Meeting {
	for i := range p.Meetings {
		if p.Meetings[i].ID == id {
			return &p.Meetings[i]
		}
	}
	return nil
}

// SortMeetings orders meetings by day, start time, then position.
func SortMeetings(ms []Meeting) {
	sort.SliceStable(ms, func(i, j int) bool {
		a, b := &ms[i], &ms[j]
		if !a.Date.Equal(b.Date) {
			return a.Date.Before(b.Date)
		}
		if a.StartTime != b.StartTime {
			return a.StartTime.Minutes() < b.StartTime.Minutes()
		}
		return a.Position < b.Position
	})
}

// Children returns the meetings that run inside meeting id, in order.
func (p *Process) Children(id int64) []Meeting {
	var out []Meeting
	for _, m := range p.Meetings {
		if m.ParentID == id {
			out = append(out, m)
		}
	}
	return out
}

// PhaseMeetings returns the top-level meetings of a phase (0: without phase).
func (p *Process) PhaseMeetings(phaseID int64) []Meeting {
	var out []Meeting
	for _, m := range p.Meetings {
		if m.PhaseID == phaseID && m.ParentID == 0 {
			out = append(out, m)
		}
	}
	return out
}
