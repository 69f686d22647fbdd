package pdz

import (
	"strings"
	"time"
)

// The Patti di partecipazione (seeds 001 and 002): the text of a process's
// pact, and the organisations that signed it. Seed 002 (Lecce) restricts
// them to bodies constituted at least one year before a date.

// Pact is the pact of a process.
type Pact struct {
	ID            int64
	ProcessID     int64
	Title         string
	Body          string // plain text: paragraphs, "- " lists
	FoundedBefore Date   // zero: no rule on the date of constitution
	Published     bool
	PublishedAt   time.Time
	CreatedAt     time.Time
	UpdatedAt     time.Time

	Signatures []PactSignature // filled when loaded
}

// Validate checks a pact's text.
func (p *Pact) Validate() error {
	pr := Problems{}
	p.Title, p.Body = strings.TrimSpace(p.Title), strings.TrimSpace(p.Body)
	required(pr, "title", p.Title, "Indica il titolo del patto.")
	maxLen(pr, "title", p.Title, 300)
	required(pr, "body", p.Body, "Scrivi il testo del patto di partecipazione.")
	maxLen(pr, "body", p.Body, 50000)
	return pr.Err()
}

// SignatureReasons lists why an organisation may not sign; none means it
// may. foundedOn is its date of constitution.
func (p *Pact) SignatureReasons(kind RegistrantKind, foundedOn Date) []string {
	var out []string
	if kind != RegistrantOrganisation {
		out = append(out, "i patti si sottoscrivono dalle organizzazioni")
	}
	if !p.FoundedBefore.IsZero() {
		switch limit := OneYearBefore(p.FoundedBefore); {
		case foundedOn.IsZero():
			out = append(out, "data di costituzione non dichiarata")
		case foundedOn.After(limit):
			out = append(out, "costituita da meno di un anno alla data del "+shortDate(p.FoundedBefore))
		}
	}
	return out
}

// PactSignature is the signature of an organisation.
type PactSignature struct {
	ID             int64
	RegistrationID int64
	Organisation   string
	TypeLabel      string // filled when loaded
	SignatoryName  string
	SignatoryRole  string
	SignedOn       Date
	File           *FileInfo // the signed paper, scanned; nil if none
	CreatedAt      time.Time
}

// Validate checks a signature.
func (s *PactSignature) Validate(today Date) error {
	p := Problems{}
	s.SignatoryName, s.SignatoryRole = strings.TrimSpace(s.SignatoryName), strings.TrimSpace(s.SignatoryRole)
	if s.RegistrationID == 0 {
		p.Add("registration_id", "Scegli l'organizzazione che sottoscrive.")
	}
	required(p, "signatory_name", s.SignatoryName, "Indica nome e cognome di chi firma.")
	maxLen(p, "signatory_name", s.SignatoryName, 120)
	maxLen(p, "signatory_role", s.SignatoryRole, 120)
	switch {
	case s.SignedOn.IsZero():
		p.Add("signed_on", "Indica la data della firma.")
	case s.SignedOn.After(today):
		p.Add("signed_on", "La data della firma non può essere futura.")
	}
	return p.Err()
}
