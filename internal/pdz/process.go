package pdz

import (
	"strings"
	"time"
)

// Status of a process: a draft is seen only by the back office.
type Status string

const (
	StatusDraft     Status = "bozza"
	StatusPublished Status = "pubblicato"
)

// Process is a percorso di programmazione partecipata: the participatory
// process of one plan cycle, published through its notice (avviso).
type Process struct {
	ID       int64
	AmbitoID int64
	Slug     string
	Title    string // the notice's heading: "Avviso pubblico di avvio del percorso…"
	Cycle    string // "Piano Sociale di Zona 2026-2028"
	// Body is the notice's text before the calendar; Participation is the text
	// after it (how to take part). Plain text: blank lines separate
	// paragraphs, lines starting with "- " are list items.
	Body          string
	Participation string
	VenueNote     string // "Tutti gli incontri si svolgeranno presso…"
	// Registration: deadline (an instant, entered and shown in Europe/Rome),
	// where to send, the rules stated in the notice.
	Deadline          time.Time // zero: no deadline
	RegistrationEmail string
	RegistrationRules string
	SignedPlace       string
	SignedOn          Date
	Status            Status
	PublishedAt       time.Time // first publication
	UpdatedAt         time.Time // last change of the process or of anything in it
	CreatedAt         time.Time

	Premises    []Premise
	Phases      []Phase
	Areas       []Area
	Meetings    []Meeting
	Signatories []Signatory
}

// Published reports whether the public pages are live.
func (p *Process) Published() bool { return p.Status == StatusPublished }

// UpdatedAfterPublication reports whether to show "aggiornato il …".
func (p *Process) UpdatedAfterPublication() bool {
	return p.Published() && !p.PublishedAt.IsZero() && p.UpdatedAt.Sub(p.PublishedAt) > time.Minute
}

// Validate checks the process's own fields.
func (p *Process) Validate() error {
	pr := Problems{}
	p.Title = strings.TrimSpace(p.Title)
	p.Cycle = strings.TrimSpace(p.Cycle)
	p.Slug = strings.TrimSpace(strings.ToLower(p.Slug))
	if p.Slug == "" {
		p.Slug = Slugify(p.Cycle)
	}
	required(pr, "title", p.Title, "Indica il titolo dell'avviso.")
	maxLen(pr, "title", p.Title, 300)
	required(pr, "cycle", p.Cycle, "Indica il ciclo di programmazione (es. Piano Sociale di Zona 2026-2028).")
	maxLen(pr, "cycle", p.Cycle, 200)
	checkSlug(pr, "slug", p.Slug)
	maxLen(pr, "body", p.Body, 20000)
	maxLen(pr, "participation", p.Participation, 20000)
	maxLen(pr, "venue_note", p.VenueNote, 2000)
	maxLen(pr, "registration_rules", p.RegistrationRules, 4000)
	checkEmail(pr, "registration_email", &p.RegistrationEmail)
	maxLen(pr, "signed_place", p.SignedPlace, 120)
	return pr.Err()
}

// Premise is one of the notice's legal premises ("Vista la …"): an act.
type Premise struct {
	ID        int64
	ProcessID int64
	Position  int
	Lead      string // the opening formula: "Vista la", "Visto il", "Con"
	Kind      string // "Legge", "Deliberazione della Giunta Regionale", …
	Number    string // "328/00", "476"
	Date      Date
	Subject   string
	Notes     string // e.g. publication in the regional bulletin
}

// Validate checks a premise.
func (x *Premise) Validate() error {
	p := Problems{}
	x.Kind = strings.TrimSpace(x.Kind)
	required(p, "kind", x.Kind, "Indica il tipo di atto (es. Legge, Deliberazione della Giunta Regionale).")
	maxLen(p, "kind", x.Kind, 200)
	maxLen(p, "lead", x.Lead, 40)
	maxLen(p, "number", x.Number, 40)
	maxLen(p, "subject", x.Subject, 2000)
	maxLen(p, "notes", x.Notes, 1000)
	return p.Err()
}

// Phase is a fase of the process.
type Phase struct {
	ID          int64
	ProcessID   int64
	Position    int
	Label       string // "Fase I"
	Title       string // "Concertazione e programmazione preliminare"
	Description string
	StartsOn    Date // optional
	EndsOn      Date // optional
}

// Name is "Fase I: Concertazione…" or whichever parts exist.
func (ph *Phase) Name() string {
	switch {
	case ph.Label != "" && ph.Title != "":
		return ph.Label + ": " + ph.Title
	case ph.Label != "":
		return ph.Label
	}
	return ph.Title
}

// Validate checks a phase.
func (ph *Phase) Validate() error {
	p := Problems{}
	ph.Label = strings.TrimSpace(ph.Label)
	ph.Title = strings.TrimSpace(ph.Title)
	required(p, "title", ph.Title, "Indica il titolo della fase.")
	maxLen(p, "title", ph.Title, 300)
	maxLen(p, "label", ph.Label, 40)
	maxLen(p, "description", ph.Description, 10000)
	if !ph.StartsOn.IsZero() && !ph.EndsOn.IsZero() && ph.EndsOn.Before(ph.StartsOn) {
		p.Add("ends_on", "La data di fine deve essere uguale o successiva alla data di inizio.")
	}
	if ph.StartsOn.IsZero() && !ph.EndsOn.IsZero() {
		p.Add("starts_on", "Indica anche la data di inizio.")
	}
	return p.Err()
}

// Contains reports whether day d falls within the phase's dates; a phase
// without dates contains every day.
func (ph *Phase) Contains(d Date) bool {
	if ph.StartsOn.IsZero() {
		return true
	}
	end := ph.EndsOn
	if end.IsZero() {
		end = ph.StartsOn
	}
	return !d.Before(ph.StartsOn) && !d.After(end)
}

// Area is a thematic area (area tematica / strategica) of the process.
type Area struct {
	ID          int64
	ProcessID   int64
	Position    int
	Code        string // optional short code: "1", "A"
	Title       string
	Description string
}

// Name is "1. Title" when the area has a code.
func (a *Area) Name() string {
	if a.Code != "" {
		return a.Code + ". " + a.Title
	}
	return a.Title
}

// Validate checks an area.
func (a *Area) Validate() error {
	p := Problems{}
	a.Title = strings.TrimSpace(a.Title)
	a.Code = strings.TrimSpace(a.Code)
	required(p, "title", a.Title, "Indica il titolo dell'area tematica.")
	maxLen(p, "title", a.Title, 300)
	maxLen(p, "code", a.Code, 10)
	maxLen(p, "description", a.Description, 4000)
	return p.Err()
}

// Signatory signs the notice.
type Signatory struct {
	ID        int64
	ProcessID int64
	Position  int
	Role      string // "Il Presidente del Coordinamento Istituzionale"
	Name      string
}

// Validate checks a signatory.
func (s *Signatory) Validate() error {
	p := Problems{}
	s.Role = strings.TrimSpace(s.Role)
	s.Name = strings.TrimSpace(s.Name)
	required(p, "role", s.Role, "Indica il ruolo di chi firma.")
	required(p, "name", s.Name, "Indica il nome di chi firma.")
	maxLen(p, "role", s.Role, 200)
	maxLen(p, "name", s.Name, 200)
	return p.Err()
}
