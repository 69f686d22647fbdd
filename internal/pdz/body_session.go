package pdz

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"
)

// BodySession is a seduta of a body: a dated session, convened with a
// protocol number, with its agenda, who was present and what it decided. A
// session may belong to a participatory process and take place during one
// of its meetings (the Cabina di Regia during the concertation session with
// the unions and the ASL); the dated log of the process is made of its
// meetings and of these sessions.
type BodySession struct {
	ID        int64
	AmbitoID  int64
	BodyID    int64
	ProcessID int64 // 0: not part of a process
	MeetingID int64 // 0: not held during a meeting of the process
	// ComuneID names the Comune whose council met, for the sessions of the
	// Consigli Comunali; 0 otherwise.
	ComuneID          int64
	ComuneName        string // filled when loaded
	Number            string // "n. 3/2022", optional
	Date              Date
	StartTime         Clock
	EndTime           Clock
	Place             string
	ConvocationNumber string // the protocol number of the convocation: "39763"
	ConvocationDate   Date
	Agenda            string // one item per line
	Guests            string // who attended without being a member
	Notes             string
	Status            Status
	PublishedAt       time.Time // first publication
	CreatedAt         time.Time
	UpdatedAt         time.Time

	Present []int64 // ids of the members present
	Acts    []Act
	Body    *Body // filled by the loaders that list sessions of several bodies
}

// Published reports whether the session is public.
func (s *BodySession) Published() bool { return s.Status == StatusPublished }

// Validate checks the session's own fields.
func (s *BodySession) Validate() error {
	p := Problems{}
	s.Number = strings.TrimSpace(s.Number)
	s.Place = strings.TrimSpace(s.Place)
	s.ConvocationNumber = strings.TrimSpace(s.ConvocationNumber)
	s.Guests = strings.TrimSpace(s.Guests)
	if s.Date.IsZero() {
		p.Add("date", "Indica la data della seduta.")
	}
	maxLen(p, "number", s.Number, 40)
	maxLen(p, "place", s.Place, 300)
	maxLen(p, "convocation_number", s.ConvocationNumber, 60)
	maxLen(p, "agenda", s.Agenda, 10000)
	maxLen(p, "guests", s.Guests, 4000)
	maxLen(p, "notes", s.Notes, 10000)
	if s.StartTime.IsZero() && !s.EndTime.IsZero() {
		p.Add("start_time", "Indica anche l'ora di inizio.")
	}
	if !s.StartTime.IsZero() && !s.EndTime.IsZero() && s.EndTime.Minutes() <= s.StartTime.Minutes() {
		p.Add("end_time", "L'ora di fine deve essere successiva all'ora di inizio.")
	}
	if !s.ConvocationDate.IsZero() && !s.Date.IsZero() && s.ConvocationDate.After(s.Date) {
		p.Add("convocation_date", "La convocazione deve precedere la seduta (o essere dello stesso giorno).")
	}
	if s.MeetingID != 0 && s.ProcessID == 0 {
		p.Add("process_id", "Indica il percorso a cui appartiene l'incontro scelto.")
	}
	return p.Err()
}

// AgendaItems are the items of the agenda, one per non-empty line, without
// the list marks people type ("-", "1.", "a)").
func (s *BodySession) AgendaItems() []string {
	var out []string
	for _, l := range strings.Split(s.Agenda, "\n") {
		l = strings.TrimSpace(l)
		l = strings.TrimSpace(strings.TrimLeft(l, "-•*"))
		if i := strings.IndexAny(l, ".)"); i > 0 && i <= 3 && strings.Trim(l[:i], "0123456789abcdefghij") == "" {
			l = strings.TrimSpace(l[i+1:])
		}
		if l != "" {
			out = append(out, l)
		}
	}
	return out
}

// IsPresent reports whether member id was present.
func (s *BodySession) IsPresent(id int64) bool {
	for _, x := range s.Present {
		if x == id {
			return true
		}
	}
	return false
}

// Act returns the session's act with that id, nil if none.
func (s *BodySession) Act(id int64) *Act {
	for i := range s.Acts {
		if s.Acts[i].ID == id {
			return &s.Acts[i]
		}
	}
	return nil
}

// BodyName is the name of the body that met: the body's, or "Consiglio
// Comunale di Casarano" for a session of the Consigli Comunali that names
// its Comune.
func (s *BodySession) BodyName(b *Body) string {
	if b.Kind == BodyConsiglioComunale && s.ComuneName != "" {
		return "Consiglio Comunale di " + s.ComuneName
	}
	return b.Name
}

// BodyOf is BodyName after "di": "del Consiglio Comunale di Casarano".
func (s *BodySession) BodyOf(b *Body) string { return ofName(s.BodyName(b)) }

// Convocation is "convocato con prot. n. 39763 del 28/10/2022", agreeing
// with the body; "" when the session has no convocation recorded.
func (s *BodySession) Convocation(b *Body) string {
	var parts []string
	if s.ConvocationNumber != "" {
		parts = append(parts, "con prot. n. "+s.ConvocationNumber)
	}
	if !s.ConvocationDate.IsZero() {
		if len(parts) > 0 {
			parts = append(parts, "del "+shortDate(s.ConvocationDate))
		} else {
			parts = append(parts, "il "+shortDate(s.ConvocationDate))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return convened(s.BodyName(b)) + " " + strings.Join(parts, " ")
}

func shortDate(d Date) string { return d.t.Format("02/01/2006") }

// ActKind is what an act of a session is.
type ActKind string

const (
	ActDecisione      ActKind = "decisione" // a decision recorded in the minutes, without a number of its own
	ActDeliberazione  ActKind = "deliberazione"
	ActDeterminazione ActKind = "determinazione"
	ActDecreto        ActKind = "decreto"
	ActPresaDatto     ActKind = "presa_datto"
	ActVerbale        ActKind = "verbale"
	ActAttivita       ActKind = "attivita" // what the session did without deciding: an examination, a monitoring
	ActAltro          ActKind = "altro"
)

// ActKinds lists the kinds in the order forms offer them.
var ActKinds = []ActKind{ActDecisione, ActDeliberazione, ActDeterminazione, ActDecreto, ActPresaDatto, ActVerbale, ActAttivita, ActAltro}

// Label is the kind's Italian name.
func (k ActKind) Label() string {
	switch k {
	case ActDecisione:
		return "Decisione"
	case ActDeliberazione:
		return "Deliberazione"
	case ActDeterminazione:
		return "Determinazione"
	case ActDecreto:
		return "Decreto"
	case ActPresaDatto:
		return "Presa d'atto"
	case ActVerbale:
		return "Verbale"
	case ActAttivita:
		return "Attività svolta"
	case ActAltro:
		return "Altro atto"
	}
	return string(k)
}

// Valid reports whether k is a known kind.
func (k ActKind) Valid() bool {
	for _, x := range ActKinds {
		if x == k {
			return true
		}
	}
	return false
}

// Act is a decision or an act of a session: its kind, number and date when
// it has them, and its subject, written as it should read in the log
// ("viene costituito l'Ufficio di Piano"). It may carry a PDF.
type Act struct {
	ID        int64
	SessionID int64
	Position  int
	Kind      ActKind
	Number    string
	Date      Date
	Subject   string
	File      *FileInfo // nil: no attachment
}

// Validate checks an act.
func (a *Act) Validate() error {
	p := Problems{}
	a.Number = strings.TrimSpace(a.Number)
	a.Subject = strings.TrimSpace(a.Subject)
	if !a.Kind.Valid() {
		p.Add("kind", "Scegli il tipo di atto.")
	}
	required(p, "subject", a.Subject, "Indica l'oggetto dell'atto o che cosa è stato deciso.")
	maxLen(p, "subject", a.Subject, 4000)
	maxLen(p, "number", a.Number, 40)
	return p.Err()
}

// Reference is "Deliberazione n. 71 del 07/12/2022", or "" for an act
// without a number.
func (a *Act) Reference() string {
	if a.Number == "" {
		return ""
	}
	s := a.Kind.Label() + " n. " + a.Number
	if !a.Date.IsZero() {
		s += " del " + shortDate(a.Date)
	}
	return s
}

// FileInfo describes a stored file without its content.
type FileInfo struct {
	ID     int64
	Name   string // as uploaded, for people
	Size   int64
	SHA256 string // hex
}

// File is an uploaded file with its content.
type File struct {
	FileInfo
	ContentType string
	Data        []byte
}

// MaxAttachmentSize is the largest attachment accepted: 10 MB.
const MaxAttachmentSize = 10 << 20

// NewPDF checks an uploaded file by its content (a PDF: the header at the
// start, the end-of-file mark at the end; not what its name or the browser
// claim) and its size, and returns it with its SHA-256. field names the
// form field for the messages.
func NewPDF(field, name string, data []byte) (*File, error) {
	p := Problems{}
	switch {
	case len(data) == 0:
		p.Add(field, "Il file è vuoto.")
	case len(data) > MaxAttachmentSize:
		p.Add(field, "Il file supera i 10 MB consentiti.")
	case !bytes.HasPrefix(data, []byte("%PDF-")) || !bytes.Contains(data[max(0, len(data)-2048):], []byte("%%EOF")):
		p.Add(field, "Il file non è un PDF valido: allega un documento PDF.")
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	name = filepath.Base(strings.ReplaceAll(strings.TrimSpace(name), "\\", "/"))
	if name == "." || name == "/" || name == "" || !utf8.ValidString(name) {
		name = "allegato.pdf"
	}
	name = strings.Map(func(r rune) rune {
		if r < 32 || r == 127 || r == '"' {
			return -1
		}
		return r
	}, name)
	if rs := []rune(name); len(rs) > 150 {
		name = string(rs[:150])
	}
	if !strings.HasSuffix(strings.ToLower(name), ".pdf") {
		name += ".pdf"
	}
	sum := sha256.Sum256(data)
	return &File{FileInfo: FileInfo{Name: name, Size: int64(len(data)), SHA256: hex.EncodeToString(sum[:])},
		ContentType: "application/pdf", Data: data}, nil
}

// HumanSize is the size for people: "245 kB", "1,2 MB".
func (f FileInfo) HumanSize() string {
	switch {
	case f.Size >= 1<<20:
		tenths := f.Size * 10 / (1 << 20)
		return itoa(int(tenths/10)) + "," + itoa(int(tenths%10)) + " MB"
	case f.Size >= 1024:
		return itoa(int(f.Size/1024)) + " kB"
	}
	return itoa(int(f.Size)) + " byte"
}
