package pdz

import (
	"strings"
	"time"
	"unicode"
)

// BodyKind is what sort of body (organo) of the Ambito a Body is.
type BodyKind string

const (
	BodyCoordinamento     BodyKind = "coordinamento_istituzionale" // the mayors or their delegates
	BodyUfficioDiPiano    BodyKind = "ufficio_di_piano"
	BodyCabinaDiRegia     BodyKind = "cabina_di_regia"
	BodyTavoloOOSS        BodyKind = "tavolo_oo_ss"       // Tavolo di confronto con le OO.SS.
	BodyReteInclusione    BodyKind = "rete_inclusione"    // Rete per l'inclusione e la protezione sociale
	BodyConsiglioComunale BodyKind = "consiglio_comunale" // one Comune's council, or the councils together
	BodyOther             BodyKind = "other"
)

// BodyKinds lists the kinds in the order forms offer them.
var BodyKinds = []BodyKind{BodyCoordinamento, BodyUfficioDiPiano, BodyCabinaDiRegia, BodyTavoloOOSS, BodyReteInclusione, BodyConsiglioComunale, BodyOther}

// Label is the kind's Italian name.
func (k BodyKind) Label() string {
	switch k {
	case BodyCoordinamento:
		return "Coordinamento Istituzionale"
	case BodyUfficioDiPiano:
		return "Ufficio di Piano"
	case BodyCabinaDiRegia:
		return "Cabina di Regia"
	case BodyTavoloOOSS:
		return "Tavolo di confronto con le OO.SS."
	case BodyReteInclusione:
		return "Rete per l'inclusione e la protezione sociale"
	case BodyConsiglioComunale:
		return "Consigli Comunali"
	case BodyOther:
		return "Altro organo"
	}
	return string(k)
}

// Valid reports whether k is a known kind.
func (k BodyKind) Valid() bool {
	for _, x := range BodyKinds {
		if x == k {
			return true
		}
	}
	return false
}

// Body is an organo of the Ambito: the Coordinamento Istituzionale, the
// Ufficio di Piano, the Cabina di Regia, the Tavolo con le OO.SS., the Rete
// per l'inclusione, the Consigli Comunali. Bodies are public: their members
// are public offices.
type Body struct {
	ID          int64
	AmbitoID    int64
	Kind        BodyKind
	Slug        string // in public URLs, unique in the Ambito
	Name        string // "Coordinamento Istituzionale"
	Description string // plain text, as the notice's
	ComuneID    int64  // the Comune of a single Consiglio Comunale; 0 otherwise
	ComuneName  string // filled when loaded
	Position    int
	CreatedAt   time.Time
	UpdatedAt   time.Time

	Members []Member // filled by Store.Body
}

// Validate checks a body's own fields.
func (b *Body) Validate() error {
	p := Problems{}
	b.Name = strings.TrimSpace(b.Name)
	b.Slug = strings.TrimSpace(strings.ToLower(b.Slug))
	if b.Slug == "" {
		b.Slug = Slugify(b.Name)
	}
	if !b.Kind.Valid() {
		p.Add("kind", "Scegli il tipo di organo.")
	}
	required(p, "name", b.Name, "Indica il nome dell'organo (es. Coordinamento Istituzionale).")
	maxLen(p, "name", b.Name, 200)
	checkSlug(p, "slug", b.Slug)
	maxLen(p, "description", b.Description, 10000)
	return p.Err()
}

// feminineHeads are the first words of body names that take a feminine
// article although they do not end in -a: "la Rete per l'inclusione".
var feminineHeads = map[string]bool{"rete": true, "commissione": true, "unità": true, "équipe": true, "equipe": true}

// masculineHeads end in -a but take a masculine article.
var masculineHeads = map[string]bool{"sistema": true, "programma": true, "comitato": true}

// grammar tells how a body's name agrees: feminine ("la Cabina di Regia"),
// plural ("i Consigli Comunali"), and the article's form.
func grammar(name string) (feminine, plural bool, head string) {
	words := strings.FieldsFunc(strings.ToLower(name), func(r rune) bool { return r == ' ' || r == '\'' || r == '’' })
	if len(words) == 0 {
		return false, false, ""
	}
	head = words[0]
	feminine = feminineHeads[head] || (strings.HasSuffix(head, "a") && !masculineHeads[head])
	plural = strings.HasSuffix(head, "i")
	return feminine, plural, head
}

// ofName is the name after "di" with its article: "del Coordinamento
// Istituzionale", "della Cabina di Regia", "dell'Ufficio di Piano", "dei
// Consigli Comunali", "dello Sportello sociale".
func ofName(name string) string {
	fem, plural, head := grammar(name)
	if head == "" {
		return ""
	}
	rs := []rune(head)
	vowel := strings.ContainsRune("aeiouàèéìòù", rs[0])
	impure := rs[0] == 'z' || (rs[0] == 's' && len(rs) > 1 && !strings.ContainsRune("aeiouàèéìòù", rs[1])) || strings.HasPrefix(head, "gn") || strings.HasPrefix(head, "ps")
	switch {
	case plural && fem:
		return "delle " + name
	case plural && (vowel || impure):
		return "degli " + name
	case plural:
		return "dei " + name
	case vowel:
		return "dell'" + name
	case fem:
		return "della " + name
	case impure:
		return "dello " + name
	}
	return "del " + name
}

// convened is "convocato", agreeing with name: "convocata" for the Cabina di Regia.
func convened(name string) string {
	fem, plural, _ := grammar(name)
	switch {
	case fem && plural:
		return "convocate"
	case plural:
		return "convocati"
	case fem:
		return "convocata"
	}
	return "convocato"
}

// Of is the body's name after "di": "del Coordinamento Istituzionale".
func (b *Body) Of() string { return ofName(b.Name) }

// Member returns the body's member with that id, nil if none.
func (b *Body) Member(id int64) *Member {
	for i := range b.Members {
		if b.Members[i].ID == id {
			return &b.Members[i]
		}
	}
	return nil
}

// CurrentMembers are the members in office on day d.
func (b *Body) CurrentMembers(d Date) []Member {
	var out []Member
	for _, m := range b.Members {
		if m.ActiveOn(d) {
			out = append(out, m)
		}
	}
	return out
}

// FormerMembers are the members whose office ended before day d.
func (b *Body) FormerMembers(d Date) []Member {
	var out []Member
	for _, m := range b.Members {
		if !m.EndsOn.IsZero() && m.EndsOn.Before(d) {
			out = append(out, m)
		}
	}
	return out
}

// Member is a seat in a body: a role (Presidente, Sindaco o delegato del
// Comune di …, Responsabile dell'Ufficio di Piano, rappresentante della CGIL,
// rappresentante del Terzo Settore eletto), who holds it when known, whom it
// represents, and for how long.
type Member struct {
	ID          int64
	BodyID      int64
	Position    int
	Role        string
	Name        string // optional: the office holder's name as the records print it
	Represents  string // the Comune or organisation represented, as text
	ComuneID    int64  // optional link to one of the Ambito's Comuni
	ComuneName  string // filled when loaded
	Appointment string // how the member was appointed: a decree, an election
	// MeetingID is the meeting of a process where the member was chosen (the
	// election of the Third-Sector representatives); 0 if none.
	MeetingID int64
	StartsOn  Date
	EndsOn    Date
}

// Validate checks a member.
func (m *Member) Validate() error {
	p := Problems{}
	m.Role = strings.TrimSpace(m.Role)
	m.Name = strings.TrimSpace(m.Name)
	m.Represents = strings.TrimSpace(m.Represents)
	m.Appointment = strings.TrimSpace(m.Appointment)
	required(p, "role", m.Role, "Indica il ruolo nell'organo (es. Presidente, Sindaco o delegato).")
	maxLen(p, "role", m.Role, 200)
	maxLen(p, "name", m.Name, 200)
	maxLen(p, "represents", m.Represents, 300)
	maxLen(p, "appointment", m.Appointment, 1000)
	if !m.StartsOn.IsZero() && !m.EndsOn.IsZero() && m.EndsOn.Before(m.StartsOn) {
		p.Add("ends_on", "La fine dell'incarico deve seguire il suo inizio.")
	}
	return p.Err()
}

// ActiveOn reports whether the member is in office on day d; a member
// without dates always is.
func (m *Member) ActiveOn(d Date) bool {
	return (m.StartsOn.IsZero() || !m.StartsOn.After(d)) && (m.EndsOn.IsZero() || !m.EndsOn.Before(d))
}

// Who is the member as one line: "Presidente – Nome Cognome (Comune di X)".
func (m *Member) Who() string {
	s := m.Role
	if m.Name != "" {
		s += " – " + m.Name
	}
	if rep := m.RepresentsText(); rep != "" && !strings.Contains(s, rep) {
		s += " (" + rep + ")"
	}
	return s
}

// RepresentsText is what the member represents, falling back on the linked Comune.
func (m *Member) RepresentsText() string {
	if m.Represents != "" {
		return m.Represents
	}
	if m.ComuneName != "" {
		return "Comune di " + m.ComuneName
	}
	return ""
}

// lowerFirst puts the first letter in lower case unless the word is an
// acronym: "La Cabina" → "la Cabina", "PUA" stays.
func lowerFirst(s string) string {
	rs := []rune(s)
	if len(rs) == 0 || !unicode.IsUpper(rs[0]) || (len(rs) > 1 && unicode.IsUpper(rs[1])) {
		return s
	}
	rs[0] = unicode.ToLower(rs[0])
	return string(rs)
}

// UpperFirst puts the first letter in upper case: "mercoledì 2 novembre" →
// "Mercoledì 2 novembre".
func UpperFirst(s string) string {
	rs := []rune(s)
	if len(rs) == 0 {
		return s
	}
	rs[0] = unicode.ToUpper(rs[0])
	return string(rs)
}

// LowerFirst is lowerFirst for the packages that write sentences.
func LowerFirst(s string) string { return lowerFirst(s) }
