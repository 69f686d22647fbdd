package pdz

import "encoding/json"

// Personal data and consent: how every public output (pages, API, PDFs,
// spreadsheets, feeds) names who registered. One rule, here.
//
//   - An organisation is named only if it consented on its registration
//     (publish_name).
//   - A private citizen is named only if they agreed, at a meeting, to be
//     named in published documents.
//   - An erased registration names nobody.
//
// Everyone else is referred to with a neutral label that says what kind of
// participant it is and nothing else. The acts public by their nature (a
// signed pact, a candidacy in an election, a seat in a body) name the
// organisation through the act itself, never through this rule: see
// docs/DECISIONS.md, "Consent on every public output".

// Labels of the registrants a public output does not name.
const (
	UnnamedOrganisation = "Organizzazione (nome non pubblicato)"
	UnnamedCitizen      = "Cittadina o cittadino (nome non pubblicato)"
)

// Registrant is a registration as the outputs of the tables refer to it.
// Its name can only be read through the rule (PublicName, PublicLabel, and
// String and MarshalJSON, which print the label) or, by the back office,
// through StaffName: an output cannot show the name by forgetting a check.
type Registrant struct {
	kind      RegistrantKind
	name      string
	typeLabel string
	consent   bool
	erased    bool
}

// NewRegistrant builds a Registrant. consent is, for an organisation, the
// consent to the publication of its name given with its registration; for
// a citizen, the agreement to be named given at a meeting of the process.
func NewRegistrant(kind RegistrantKind, name, typeLabel string, consent, erased bool) Registrant {
	return Registrant{kind: kind, name: name, typeLabel: typeLabel, consent: consent, erased: erased}
}

// Kind is whether an organisation or a citizen registered.
func (r Registrant) Kind() RegistrantKind { return r.kind }

// IsOrganisation reports whether an organisation registered.
func (r Registrant) IsOrganisation() bool { return r.kind == RegistrantOrganisation }

// Erased reports whether the personal data were erased.
func (r Registrant) Erased() bool { return r.erased }

// Named reports whether public outputs may name it.
func (r Registrant) Named() bool { return r.consent && !r.erased && r.name != "" }

// PublicName is the name public outputs may show, "" when they must not
// name it.
func (r Registrant) PublicName() string {
	if !r.Named() {
		return ""
	}
	return r.name
}

// PublicLabel is how a public output refers to it: an organisation by name
// and type, a citizen by name, when they may be named; otherwise a neutral
// label.
func (r Registrant) PublicLabel() string {
	switch {
	case !r.Named() && r.IsOrganisation():
		return UnnamedOrganisation
	case !r.Named():
		return UnnamedCitizen
	case r.IsOrganisation() && r.typeLabel != "":
		return r.name + " (" + r.typeLabel + ")"
	case r.IsOrganisation():
		return r.name
	}
	return r.name + " (cittadina o cittadino)"
}

// String is the public label: printing a Registrant in a template or a
// document shows only what may be public.
func (r Registrant) String() string { return r.PublicLabel() }

// MarshalJSON writes the public label.
func (r Registrant) MarshalJSON() ([]byte, error) {
	return json.Marshal(r.PublicLabel())
}

// StaffName is the name as registered, for the back office only (the
// Ufficio di Piano sees the register anyway). An erased registration has
// no name left.
func (r Registrant) StaffName() string {
	if r.erased {
		return ErasedName
	}
	return r.name
}

// StaffTypeLabel is the type as registered, for the back office only (for
// the type "altro" it is what the registrant typed).
func (r Registrant) StaffTypeLabel() string { return r.typeLabel }
