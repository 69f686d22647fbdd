package pdz

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// A Registration is a manifestazione di interesse: an organisation or a
// private citizen joins one or more thematic areas of a process, with one
// representative per area, optionally proposing interventions (proposte di
// intervento). It receives a protocol number when it is saved.

// RegistrantKind says who registers.
type RegistrantKind string

const (
	RegistrantOrganisation RegistrantKind = "organizzazione"
	RegistrantCitizen      RegistrantKind = "cittadino"
)

// Label is the kind's Italian name.
func (k RegistrantKind) Label() string {
	switch k {
	case RegistrantOrganisation:
		return "Organizzazione"
	case RegistrantCitizen:
		return "Cittadina o cittadino"
	}
	return string(k)
}

// OrgType is the legal form of an organisation, in the words of the Codice
// del Terzo Settore (D.Lgs. 117/2017) and of the notices (seeds 001, 002).
type OrgType string

// OrgTypes lists the types in the order the form offers them, with labels.
var OrgTypes = []struct {
	Value OrgType
	Label string
}{
	{"odv", "Organizzazione di volontariato (ODV)"},
	{"aps", "Associazione di promozione sociale (APS)"},
	{"cooperativa", "Cooperativa sociale o impresa sociale"},
	{"filantropico", "Ente filantropico"},
	{"rete", "Rete associativa"},
	{"mutuo_soccorso", "Società di mutuo soccorso"},
	{"ets", "Altro ente del Terzo Settore"},
	{"formazione", "Ente di formazione"},
	{"categoria", "Associazione di categoria"},
	{"sindacato", "Organizzazione sindacale"},
	{"religioso", "Parrocchia o ente religioso"},
	{"scuola", "Istituzione scolastica"},
	{"ente_pubblico", "Ente pubblico"},
	{"altro", "Altro"},
}

// OrgTypeOther is the type that asks for a description.
const OrgTypeOther OrgType = "altro"

// Label is the type's Italian name.
func (t OrgType) Label() string {
	for _, x := range OrgTypes {
		if x.Value == t {
			return x.Label
		}
	}
	return string(t)
}

// Valid reports whether t is a known type.
func (t OrgType) Valid() bool {
	for _, x := range OrgTypes {
		if x.Value == t {
			return true
		}
	}
	return false
}

// RegistrationStatus is where a registration stands in the Ufficio di
// Piano's review.
type RegistrationStatus string

const (
	RegReceived  RegistrationStatus = "ricevuta"
	RegAccepted  RegistrationStatus = "accettata"
	RegRejected  RegistrationStatus = "non_ammissibile"
	RegWithdrawn RegistrationStatus = "ritirata"
)

// RegistrationStatuses lists the statuses in the order filters offer them.
var RegistrationStatuses = []RegistrationStatus{RegReceived, RegAccepted, RegRejected, RegWithdrawn}

// Label is the status's Italian name.
func (s RegistrationStatus) Label() string {
	switch s {
	case RegReceived:
		return "Ricevuta"
	case RegAccepted:
		return "Accettata"
	case RegRejected:
		return "Non ammissibile"
	case RegWithdrawn:
		return "Ritirata"
	}
	return string(s)
}

// Valid reports whether s is a known status.
func (s RegistrationStatus) Valid() bool {
	for _, x := range RegistrationStatuses {
		if x == s {
			return true
		}
	}
	return false
}

// Holds reports whether a registration in this status keeps its places at
// the tables: a withdrawn or inadmissible one frees them, so the
// organisation may register again.
func (s RegistrationStatus) Holds() bool { return s == RegReceived || s == RegAccepted }

// Channel is how a registration reached the Ufficio di Piano.
type Channel string

const (
	ChannelOnline Channel = "online"      // the public form, before the deadline
	ChannelLate   Channel = "tardiva"     // entered by the UdP after the deadline
	ChannelOnSite Channel = "in_presenza" // taking part in the first session counts as joining (seed 002)
)

// Channels lists the channels in the order filters offer them.
var Channels = []Channel{ChannelOnline, ChannelLate, ChannelOnSite}

// Label is the channel's Italian name.
func (c Channel) Label() string {
	switch c {
	case ChannelOnline:
		return "Online"
	case ChannelLate:
		return "Tardiva"
	case ChannelOnSite:
		return "In presenza"
	}
	return string(c)
}

// Valid reports whether c is a known channel.
func (c Channel) Valid() bool { return c == ChannelOnline || c == ChannelLate || c == ChannelOnSite }

// Person is someone named in a registration: the main contact of an
// organisation or a representative at one table.
type Person struct {
	Name  string
	Role  string // role in the organisation ("presidente", "socia volontaria")
	Email string
	Phone string
}

// IsZero reports whether nothing was given.
func (p Person) IsZero() bool { return p == Person{} }

// Participation is the joining of one thematic area, with its
// representative. Rep is zero when the registration's main contact
// represents the organisation at that table.
type Participation struct {
	AreaID   int64
	AreaName string // filled when loaded
	Rep      Person
}

// Proposal is a proposta di intervento.
type Proposal struct {
	ID            int64
	AreaID        int64
	AreaName      string // filled when loaded
	Title         string
	Need          string // the need it answers
	Description   string
	Target        string // target group
	Beneficiaries int64  // estimated number, 0 if not given
	Comuni        []string
	CostCents     int64 // estimated cost, 0 if not given
	Partners      string
}

// Attachment is the signed form uploaded with a registration.
type Attachment struct {
	Name   string
	Size   int64
	SHA256 string // hex
	Data   []byte // only when the file itself is asked for
}

// Registration is a manifestazione di interesse.
type Registration struct {
	ID             int64
	AmbitoID       int64
	ProcessID      int64
	ProtocolYear   int
	ProtocolNumber int64
	Kind           RegistrantKind
	Channel        Channel
	Status         RegistrationStatus
	StatusReason   string // why it is not admissible
	StatusAt       time.Time

	// The organisation, or the citizen.
	Name            string // denomination, or first and last name
	OrgType         OrgType
	OrgTypeOther    string
	TaxCode         string // organisation: 11-digit codice fiscale; citizen: 16 characters
	VATNumber       string // organisation's partita IVA
	RUNTS           string // number in the Registro Unico Nazionale del Terzo Settore
	FoundedOn       Date
	Address         string // registered office
	Comune          string // of the registered office, or of residence
	Email           string // where the receipt and every message go
	PEC             string
	Phone           string
	ManagesServices bool // manages services on behalf of the Ambito
	PublishName     bool // consents to its name on the public list of participants
	Declarant       Person
	Contact         Person // the main contact; for a citizen, the citizen

	Areas     []Participation
	Proposals []Proposal

	PrivacyAccepted bool // has read the privacy notice
	Truthful        bool // declaration under D.P.R. 445/2000

	Attachment *Attachment // nil when no signed form was uploaded

	ReceivedAt time.Time // when it reached the UdP
	CreatedAt  time.Time // when it was recorded
	UpdatedAt  time.Time
	Version    int
	ErasedAt   time.Time // personal data erased on request (GDPR art. 17)
}

// Protocol is the protocol number as printed: "2026/000123".
func (r *Registration) Protocol() string {
	if r.ProtocolNumber == 0 {
		return ""
	}
	return fmt.Sprintf("%d/%06d", r.ProtocolYear, r.ProtocolNumber)
}

// IsOrganisation reports whether an organisation registers.
func (r *Registration) IsOrganisation() bool { return r.Kind == RegistrantOrganisation }

// Erased reports whether the personal data were erased.
func (r *Registration) Erased() bool { return !r.ErasedAt.IsZero() }

// SubjectKey identifies who registers, for the rule "one representative per
// organisation per area": the codice fiscale, or the partita IVA of an
// organisation that gave only that.
func (r *Registration) SubjectKey() string {
	if r.TaxCode != "" {
		return r.TaxCode
	}
	return r.VATNumber
}

// SubjectKeys are every identifier of who registers: the codice fiscale
// and the partita IVA when it differs. Two registrations whose keys share
// one are the same organisation (or person) for the rule "one
// representative per organisation per area".
func (r *Registration) SubjectKeys() []string {
	var keys []string
	for _, k := range []string{r.TaxCode, r.VATNumber} {
		if k != "" && (len(keys) == 0 || keys[0] != k) {
			keys = append(keys, k)
		}
	}
	return keys
}

// TypeLabel is the organisation's type, or "Cittadina o cittadino".
func (r *Registration) TypeLabel() string {
	if r.Kind != RegistrantOrganisation {
		return r.Kind.Label()
	}
	if r.OrgType == OrgTypeOther && r.OrgTypeOther != "" {
		return r.OrgTypeOther
	}
	return r.OrgType.Label()
}

// Representative is who represents the registrant at the table of area
// participation p.
func (r *Registration) Representative(p Participation) Person {
	if !p.Rep.IsZero() {
		return p.Rep
	}
	return r.Contact
}

// HasArea reports whether the registration joins area id.
func (r *Registration) HasArea(id int64) bool {
	for _, p := range r.Areas {
		if p.AreaID == id {
			return true
		}
	}
	return false
}

// Participation returns the participation in area id, nil if none.
func (r *Registration) Participation(id int64) *Participation {
	for i := range r.Areas {
		if r.Areas[i].AreaID == id {
			return &r.Areas[i]
		}
	}
	return nil
}

// MaxProposals is how many proposals one registration may carry.
const MaxProposals = 5

var runtsRE = regexp.MustCompile(`^[0-9A-Za-z][0-9A-Za-z /.-]{0,29}$`)

// Validate checks a registration against its process (the areas it may
// join) on day today. It normalises what it checks (trims, upper-cases tax
// codes) and reports every problem at once, keyed by the field names of the
// registration form.
func (r *Registration) Validate(p *Process, today Date) error {
	pr := Problems{}
	trim := func(ss ...*string) {
		for _, s := range ss {
			*s = strings.TrimSpace(*s)
		}
	}
	trim(&r.Name, &r.OrgTypeOther, &r.TaxCode, &r.VATNumber, &r.RUNTS, &r.Address, &r.Comune, &r.Email, &r.PEC, &r.Phone)
	trim(&r.Declarant.Name, &r.Declarant.Role, &r.Contact.Name, &r.Contact.Role, &r.Contact.Email, &r.Contact.Phone)
	r.Email = strings.ToLower(r.Email)
	if !r.Channel.Valid() {
		r.Channel = ChannelOnline
	}
	// The public form needs an address for the receipt; the UdP's late and
	// on-site entries come from paper and may have none.
	online := r.Channel == ChannelOnline
	contactEmail := ""
	if online {
		contactEmail = "Indica l'e-mail della persona di riferimento."
	}
	switch r.Kind {
	case RegistrantOrganisation:
		required(pr, "name", r.Name, "Indica la denominazione dell'organizzazione.")
		maxLen(pr, "name", r.Name, 200)
		if !r.OrgType.Valid() {
			pr.Add("org_type", "Scegli il tipo di organizzazione.")
		} else if r.OrgType == OrgTypeOther {
			required(pr, "org_type_other", r.OrgTypeOther, "Specifica il tipo di organizzazione.")
		} else {
			r.OrgTypeOther = ""
		}
		maxLen(pr, "org_type_other", r.OrgTypeOther, 120)
		if r.TaxCode == "" && r.VATNumber == "" {
			pr.Add("tax_code", "Indica il codice fiscale dell'organizzazione (11 cifre) o, se non lo ha, la partita IVA.")
		}
		if r.TaxCode != "" {
			code, err := CheckPartitaIVA(r.TaxCode)
			if err != nil {
				pr.Add("tax_code", strings.Replace(err.Error(), "Il codice ", "Il codice fiscale ", 1))
			}
			r.TaxCode = code
		}
		if r.VATNumber != "" {
			code, err := CheckPartitaIVA(r.VATNumber)
			if err != nil {
				pr.Add("vat_number", partitaIVAMessage(err.Error()))
			}
			r.VATNumber = code
		}
		if r.RUNTS != "" && !runtsRE.MatchString(r.RUNTS) {
			pr.Add("runts", "Il numero di iscrizione al RUNTS può contenere cifre, lettere, spazi, punti, barre e trattini (al massimo 30 caratteri).")
		}
		if !r.FoundedOn.IsZero() && (r.FoundedOn.After(today) || r.FoundedOn.Year() < 1800) {
			pr.Add("founded_on", "La data di costituzione non può essere futura né anteriore al 1800.")
		}
		required(pr, "address", r.Address, "Indica l'indirizzo della sede legale.")
		maxLen(pr, "address", r.Address, 300)
		required(pr, "comune", r.Comune, "Indica il Comune della sede legale.")
		required(pr, "declarant_name", r.Declarant.Name, "Indica nome e cognome di chi firma per l'organizzazione.")
		maxLen(pr, "declarant_name", r.Declarant.Name, 120)
		required(pr, "declarant_role", r.Declarant.Role, "Indica il ruolo di chi firma (es. legale rappresentante).")
		maxLen(pr, "declarant_role", r.Declarant.Role, 120)
		checkEmail(pr, "pec", &r.PEC)
		checkPerson(pr, "contact", &r.Contact, "Indica il nome della persona di riferimento.", contactEmail)
	case RegistrantCitizen:
		required(pr, "name", r.Name, "Indica nome e cognome.")
		maxLen(pr, "name", r.Name, 120)
		code, err := CheckCodiceFiscale(r.TaxCode)
		if err != nil {
			pr.Add("tax_code", err.Error())
		}
		r.TaxCode = code
		required(pr, "comune", r.Comune, "Indica il Comune di residenza.")
		// A citizen represents themself at every table and has no
		// organisation data.
		r.OrgType, r.OrgTypeOther, r.VATNumber, r.RUNTS, r.FoundedOn, r.Address, r.PEC = "", "", "", "", Date{}, "", ""
		r.ManagesServices, r.PublishName = false, false
		r.Declarant = Person{Name: r.Name}
		r.Contact = Person{Name: r.Name, Email: r.Email, Phone: r.Phone}
	default:
		pr.Add("kind", "Indica se si iscrive un'organizzazione o una cittadina o un cittadino.")
	}
	maxLen(pr, "comune", r.Comune, 120)
	if online {
		required(pr, "email", r.Email, "Indica l'indirizzo e-mail a cui inviare la ricevuta.")
	}
	checkEmail(pr, "email", &r.Email)
	checkPhone(pr, "phone", &r.Phone)

	seen := map[int64]bool{}
	areas := r.Areas[:0]
	for _, a := range r.Areas {
		if seen[a.AreaID] {
			continue
		}
		seen[a.AreaID] = true
		if p.Area(a.AreaID) == nil {
			pr.Add("areas", "Un'area scelta non appartiene a questo percorso.")
			continue
		}
		if r.Kind == RegistrantCitizen {
			a.Rep = Person{}
		} else if !a.Rep.IsZero() {
			repEmail := ""
			if online {
				repEmail = "Indica l'e-mail di chi rappresenta l'organizzazione a questo tavolo."
			}
			checkPerson(pr, "rep_"+strconv.FormatInt(a.AreaID, 10), &a.Rep, "Indica il nome di chi rappresenta l'organizzazione a questo tavolo, oppure lascia vuoti i campi per indicare la persona di riferimento.", repEmail)
		}
		areas = append(areas, a)
	}
	r.Areas = areas
	if len(r.Areas) == 0 {
		pr.Add("areas", "Scegli almeno un'area tematica a cui partecipare.")
	}

	if len(r.Proposals) > MaxProposals {
		pr.Add("proposals", "Si possono presentare al massimo "+itoa(MaxProposals)+" proposte.")
	}
	for i := range r.Proposals {
		x := &r.Proposals[i]
		f := "prop" + itoa(i+1) + "_"
		trim(&x.Title, &x.Need, &x.Description, &x.Target, &x.Partners)
		switch {
		case x.AreaID == 0:
			pr.Add(f+"area", "Scegli l'area tematica della proposta.")
		case !r.HasArea(x.AreaID):
			pr.Add(f+"area", "L'area della proposta deve essere una di quelle a cui si aderisce.")
		}
		required(pr, f+"title", x.Title, "Indica il titolo della proposta.")
		maxLen(pr, f+"title", x.Title, 200)
		required(pr, f+"need", x.Need, "Indica il bisogno a cui la proposta risponde.")
		maxLen(pr, f+"need", x.Need, 2000)
		required(pr, f+"description", x.Description, "Descrivi la proposta.")
		maxLen(pr, f+"description", x.Description, 5000)
		maxLen(pr, f+"target", x.Target, 500)
		maxLen(pr, f+"partners", x.Partners, 1000)
		if x.Beneficiaries < 0 || x.Beneficiaries > 10_000_000 {
			pr.Add(f+"beneficiaries", "Indica il numero stimato di destinatari come numero intero.")
		}
		if x.CostCents < 0 || x.CostCents > 100_000_000_00 {
			pr.Add(f+"cost", "Indica il costo stimato in euro (es. 12.500,00).")
		}
	}
	if !r.PrivacyAccepted {
		pr.Add("privacy", "Per inviare la manifestazione di interesse occorre dichiarare di aver letto l'informativa sul trattamento dei dati personali.")
	}
	if !r.Truthful {
		pr.Add("truthful", "Per inviare la manifestazione di interesse occorre rendere la dichiarazione sostitutiva (D.P.R. 445/2000).")
	}
	return pr.Err()
}

// checkPerson checks a contact or representative: name required, e-mail
// required unless emailMsg is "", phone optional. Fields are prefix+"_name", "_role", "_email", "_phone".
func checkPerson(pr Problems, prefix string, x *Person, nameMsg, emailMsg string) {
	x.Name, x.Role, x.Email, x.Phone = strings.TrimSpace(x.Name), strings.TrimSpace(x.Role), strings.ToLower(strings.TrimSpace(x.Email)), strings.TrimSpace(x.Phone)
	required(pr, prefix+"_name", x.Name, nameMsg)
	maxLen(pr, prefix+"_name", x.Name, 120)
	maxLen(pr, prefix+"_role", x.Role, 120)
	if emailMsg != "" {
		required(pr, prefix+"_email", x.Email, emailMsg)
	}
	checkEmail(pr, prefix+"_email", &x.Email)
	checkPhone(pr, prefix+"_phone", &x.Phone)
}

// EmailProblem returns the Italian reason an e-mail address is refused, or
// "" when it is acceptable.
func EmailProblem(s string) string {
	p := Problems{}
	checkEmail(p, "email", &s)
	return p["email"]
}

// RegistrationFilter selects registrations in the back office.
type RegistrationFilter struct {
	AreaID  int64
	Kind    string // "cittadino", or an OrgType
	Comune  string
	Status  RegistrationStatus
	Channel Channel
	Query   string // words searched in names, codes, e-mails, protocol, proposals
	Limit   int
	Offset  int
}

// RegistrationEvent is one entry of a registration's history: its
// creation, a correction (with the version it replaced), a withdrawal, a
// decision of the UdP, an erasure.
type RegistrationEvent struct {
	ID       int64
	At       time.Time
	Version  int    // the version this event closed (its snapshot); 0 for none
	Action   string // "creazione", "modifica", "ritiro", "esito", "cancellazione", "nuovo_link"
	Actor    string // "registrante", or the e-mail of the UdP's staff member
	Summary  string // Italian
	Snapshot *Registration
}

// ErasedName replaces every personal datum of an erased registration.
const ErasedName = "[dati personali cancellati]"

// partitaIVAMessage turns a message of CheckPartitaIVA, written for "il
// codice", into one about "la partita IVA", agreeing in gender.
func partitaIVAMessage(msg string) string {
	return strings.NewReplacer(
		"Il codice non è valido", "La partita IVA non è valida",
		"di averlo trascritto", "di averla trascritta",
		"Il codice non può essere composto", "La partita IVA non può essere composta",
		"Il codice ", "La partita IVA ",
	).Replace(msg)
}
