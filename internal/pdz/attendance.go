package pdz

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Attendance at the meetings of a process (issue 4). Whoever is checked in
// is a registration of the process: people who come without registering
// are registered on the spot, with the validation of the public form
// (seed 002: taking part in the first session counts as joining).

// CheckInMethod is how a presence was recorded.
type CheckInMethod string

const (
	CheckInList CheckInMethod = "elenco"           // found in the registered list
	CheckInCode CheckInMethod = "codice"           // the QR code of the receipt, scanned or typed
	CheckInNew  CheckInMethod = "nuova_iscrizione" // registered on the spot
)

// Label is the method's Italian name.
func (m CheckInMethod) Label() string {
	switch m {
	case CheckInList:
		return "dall'elenco degli iscritti"
	case CheckInCode:
		return "con il codice della ricevuta"
	case CheckInNew:
		return "iscritto sul posto"
	}
	return string(m)
}

// LateAfter is how long after a meeting's start an arrival counts as late.
const LateAfter = 15 * time.Minute

// Attendance is the presence of one registration at one meeting.
type Attendance struct {
	ID             int64
	ProcessID      int64
	MeetingID      int64
	RegistrationID int64
	PersonName     string // who came: the representative at the table, or a delegate
	Method         CheckInMethod
	ArrivedAt      time.Time
	LeftAt         time.Time // zero: stayed to the end
	NameConsent    bool      // a citizen agrees to be named in the published minutes
	Notes          string
	RecordedBy     string

	// Filled when loaded, from the registration.
	Protocol  string
	Kind      RegistrantKind
	OrgType   OrgType
	TypeLabel string
	Erased    bool
	// Who names the organisation, or the citizen who came, through the
	// consent rule (publicname.go): a citizen's consent is NameConsent.
	Who Registrant
}

// IsOrganisation reports whether an organisation was present.
func (a *Attendance) IsOrganisation() bool { return a.Kind == RegistrantOrganisation }

// Late reports whether the arrival was more than LateAfter after the
// meeting's start (never when the meeting has no start time).
func (a *Attendance) Late(m *Meeting, loc *time.Location) bool {
	if m.StartTime.IsZero() || a.ArrivedAt.IsZero() {
		return false
	}
	return a.ArrivedAt.After(m.Date.At(m.StartTime, loc).Add(LateAfter))
}

// LeftEarly reports whether the person left before the meeting's end (any
// recorded leave, when the meeting has no end time).
func (a *Attendance) LeftEarly(m *Meeting, loc *time.Location) bool {
	if a.LeftAt.IsZero() {
		return false
	}
	if m.EndTime.IsZero() {
		return true
	}
	return a.LeftAt.Before(m.Date.At(m.EndTime, loc))
}

// Validate checks the fields the staff can correct.
func (a *Attendance) Validate() error {
	p := Problems{}
	a.PersonName, a.Notes = strings.TrimSpace(a.PersonName), strings.TrimSpace(a.Notes)
	required(p, "person_name", a.PersonName, "Indica il nome di chi è presente.")
	maxLen(p, "person_name", a.PersonName, 120)
	maxLen(p, "notes", a.Notes, 1000)
	if a.ArrivedAt.IsZero() {
		p.Add("arrived", "Indica l'orario di arrivo.")
	}
	if !a.LeftAt.IsZero() && !a.ArrivedAt.IsZero() && a.LeftAt.Before(a.ArrivedAt) {
		p.Add("left", "L'orario di uscita non può precedere quello di arrivo.")
	}
	return p.Err()
}

// protocolRE finds a protocol number ("2026/000123") in what a scanner or
// a person typed: the QR code of the receipt carries "PDZ 2026/000123".
var protocolRE = regexp.MustCompile(`(?:^|[^0-9])((?:19|20)[0-9]{2})\s*/\s*([0-9]{1,9})(?:[^0-9]|$)`)

// ParseCheckInCode reads the protocol number of a registration from the
// scanned or typed code of its receipt. ok is false when the text holds no
// protocol number.
func ParseCheckInCode(s string) (year int, number int64, ok bool) {
	m := protocolRE.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return 0, 0, false
	}
	y, _ := strconv.Atoi(m[1])
	n, err := strconv.ParseInt(m[2], 10, 64)
	if err != nil || n <= 0 {
		return 0, 0, false
	}
	return y, n, true
}

// QRText is what the QR code on a registration's receipt carries: the
// protocol number only, never a name or a code of a person.
func QRText(r *Registration) string { return "PDZ " + r.Protocol() }

// AttendanceCount counts presences: people (registrations), organisations
// and citizens.
type AttendanceCount struct {
	Label         string
	People        int
	Organisations int
	Citizens      int
}

// Add counts one presence.
func (c *AttendanceCount) Add(a *Attendance) {
	c.People++
	if a.IsOrganisation() {
		c.Organisations++
	} else {
		c.Citizens++
	}
}
