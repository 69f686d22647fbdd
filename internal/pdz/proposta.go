package pdz

import (
	"strconv"
	"strings"
	"time"
)

// A Proposta is a proposal (proposta di intervento) in the Ufficio di
// Piano's hands: its content (Proposal), where it came from, its authors,
// the state the public sees, the UdP's private evaluation on the three
// criteria of the seeds (congruence with the local needs, with the regional
// objectives, economic sustainability within the available resources) with
// the answer being drafted, the answers published, and its history.

// ProposalOrigin says how a proposal reached the UdP.
type ProposalOrigin string

const (
	OriginRegistration ProposalOrigin = "adesione"      // with the manifestazione di interesse
	OriginTable        ProposalOrigin = "tavolo"        // raised at a table
	OriginMerge        ProposalOrigin = "accorpamento"  // the merge of several proposals
	OriginSplit        ProposalOrigin = "scomposizione" // a part of a proposal that was split
)

// Label is the origin's Italian name.
func (o ProposalOrigin) Label() string {
	switch o {
	case OriginRegistration:
		return "Presentata con la manifestazione di interesse"
	case OriginTable:
		return "Presentata al tavolo"
	case OriginMerge:
		return "Accorpamento di più proposte"
	case OriginSplit:
		return "Parte di una proposta scomposta"
	}
	return string(o)
}

// ProposalStatus is the state of a proposal as published.
type ProposalStatus string

const (
	PropReceived   ProposalStatus = "ricevuta"
	PropEvaluating ProposalStatus = "in_valutazione"
	PropAccepted   ProposalStatus = "accolta"
	PropPartly     ProposalStatus = "accolta_in_parte"
	PropRejected   ProposalStatus = "non_accolta"
	PropWithdrawn  ProposalStatus = "ritirata"
	PropMerged     ProposalStatus = "accorpata" // merged into another: its authors follow that one
	PropSplit      ProposalStatus = "scomposta" // split into parts
)

// AnswerStatuses are the states an answer gives, in the order forms offer
// them; each needs a written answer.
var AnswerStatuses = []ProposalStatus{PropAccepted, PropPartly, PropRejected, PropWithdrawn}

// ProposalStatuses lists every state, for filters.
var ProposalStatuses = []ProposalStatus{PropReceived, PropEvaluating, PropAccepted, PropPartly, PropRejected, PropWithdrawn, PropMerged, PropSplit}

// Label is the state's Italian name.
func (s ProposalStatus) Label() string {
	switch s {
	case PropReceived:
		return "Ricevuta"
	case PropEvaluating:
		return "In valutazione"
	case PropAccepted:
		return "Accolta"
	case PropPartly:
		return "Accolta in parte"
	case PropRejected:
		return "Non accolta"
	case PropWithdrawn:
		return "Ritirata"
	case PropMerged:
		return "Accorpata"
	case PropSplit:
		return "Scomposta"
	}
	return string(s)
}

// Valid reports whether s is a known state.
func (s ProposalStatus) Valid() bool {
	for _, x := range ProposalStatuses {
		if x == s {
			return true
		}
	}
	return false
}

// IsAnswer reports whether s is a state given by an answer.
func (s ProposalStatus) IsAnswer() bool {
	for _, x := range AnswerStatuses {
		if x == s {
			return true
		}
	}
	return false
}

// Superseded reports whether the proposal lives on in others (merged or split).
func (s ProposalStatus) Superseded() bool { return s == PropMerged || s == PropSplit }

// Verdict is the judgement on one criterion.
type Verdict string

const (
	VerdictYes    Verdict = "si"
	VerdictPartly Verdict = "in_parte"
	VerdictNo     Verdict = "no"
)

// Verdicts lists the judgements in the order forms offer them.
var Verdicts = []Verdict{VerdictYes, VerdictPartly, VerdictNo}

// Label is the judgement's Italian name.
func (v Verdict) Label() string {
	switch v {
	case VerdictYes:
		return "Sì"
	case VerdictPartly:
		return "In parte"
	case VerdictNo:
		return "No"
	case "":
		return "Non espresso"
	}
	return string(v)
}

// Valid reports whether v is a known judgement or none.
func (v Verdict) Valid() bool {
	return v == "" || v == VerdictYes || v == VerdictPartly || v == VerdictNo
}

// Criteria is the evaluation of a proposal on the three criteria of the
// seeds, each with a short judgement.
type Criteria struct {
	Needs          Verdict // congruence with the local needs
	NeedsNote      string
	Objectives     Verdict // congruence with the regional objectives
	ObjectivesNote string
	Resources      Verdict // economic sustainability within the available resources
	ResourcesNote  string
}

// CriterionNames are the criteria as the seeds name them.
var CriterionNames = [3]string{
	"Congruenza con i bisogni del territorio",
	"Congruenza con gli obiettivi regionali",
	"Sostenibilità economica nelle risorse disponibili",
}

// IsZero reports whether no criterion was judged.
func (c Criteria) IsZero() bool { return c == Criteria{} }

// Draft is what the UdP prepares privately: the evaluation and the answer
// to publish with the others.
type Draft struct {
	Status   ProposalStatus // one of AnswerStatuses, or "" while undecided
	Answer   string
	Criteria Criteria
}

// Ready reports whether the draft can be published.
func (d *Draft) Ready() bool { return d.Status.IsAnswer() && strings.TrimSpace(d.Answer) != "" }

// Validate checks a draft: a state needs its written answer.
func (d *Draft) Validate() error {
	p := Problems{}
	d.Answer = strings.TrimSpace(d.Answer)
	c := &d.Criteria
	c.NeedsNote, c.ObjectivesNote, c.ResourcesNote = strings.TrimSpace(c.NeedsNote), strings.TrimSpace(c.ObjectivesNote), strings.TrimSpace(c.ResourcesNote)
	if d.Status != "" && !d.Status.IsAnswer() {
		p.Add("draft_status", "Scegli l'esito tra quelli proposti.")
	}
	if d.Status != "" && d.Answer == "" {
		p.Add("draft_answer", "La risposta scritta è obbligatoria: motiva l'esito per chi ha presentato la proposta.")
	}
	maxLen(p, "draft_answer", d.Answer, 5000)
	for _, x := range []struct {
		field string
		v     Verdict
		note  string
	}{{"crit_needs", c.Needs, c.NeedsNote}, {"crit_objectives", c.Objectives, c.ObjectivesNote}, {"crit_resources", c.Resources, c.ResourcesNote}} {
		if !x.v.Valid() {
			p.Add(x.field, "Giudizio non valido.")
		}
		maxLen(p, x.field+"_note", x.note, 1000)
	}
	return p.Err()
}

// Answer is a published answer (esito valutativo), numbered per proposal.
type Answer struct {
	Version     int
	Status      ProposalStatus
	Text        string
	Criteria    Criteria
	PublishedAt time.Time
	PublishedBy string
}

// Author is a proponent: a registration of the process. Who names it
// through the consent rule (publicname.go); Email and Contact are for the
// message of the answer and never public.
type Author struct {
	RegistrationID int64
	Protocol       string
	Who            Registrant
	Email          string // where the answer is sent
	Contact        string // whom the message greets
}

// ProposalLink is a merge or a split seen from one side.
type ProposalLink struct {
	ID     int64
	Title  string
	Kind   ProposalOrigin // OriginMerge or OriginSplit
	Status ProposalStatus
}

// Evaluator is a staff member assigned to evaluate a proposal.
type Evaluator struct {
	UserID int64
	Name   string
	Email  string
}

// ProposalEvent is one entry of a proposal's history.
type ProposalEvent struct {
	At      time.Time
	Action  string
	Actor   string
	Summary string
	Public  bool
}

// SheetRef names a service sheet of a plan.
type SheetRef struct {
	PlanSlug  string
	PlanTitle string
	Code      string
	Title     string
	Published bool // the plan is published
}

// Proposta is a proposal with everything the UdP and the public know of it.
type Proposta struct {
	Proposal
	ProcessID      int64
	RegistrationID int64
	Origin         ProposalOrigin
	Status         ProposalStatus // as published
	Version        int            // bumped by every change: evaluators save against it
	Draft          Draft
	AnswerVersion  int
	Answer         *Answer // the published answer in force; nil if none
	MeetingID      int64   // the table where it was raised
	MeetingName    string
	Authors        []Author
	From           []ProposalLink // the proposals it came from (merge, split)
	Into           []ProposalLink // what it became
	Evaluators     []Evaluator
	DeletedAt      time.Time
	DeletedReason  string
	CreatedAt      time.Time
	UpdatedAt      time.Time
	UpdatedBy      string
	RegStatus      RegistrationStatus // of the registration that carries it
	Sheets         []SheetRef         // filled when asked for
}

// Number is how pages cite the proposal: "n. 12".
func (p *Proposta) Number() string { return "n. " + strconv.FormatInt(p.ID, 10) }

// Deleted reports whether the proposal was deleted (it stays on record).
func (p *Proposta) Deleted() bool { return !p.DeletedAt.IsZero() }

// Live reports whether the proposal is among those the UdP answers: not
// deleted, not merged or split into others, and, for a proposal sent with a
// registration, the registration was not withdrawn or found not
// admissible.
func (p *Proposta) Live() bool {
	if p.Deleted() || p.Status.Superseded() {
		return false
	}
	return p.Origin != OriginRegistration || p.RegStatus == "" || p.RegStatus.Holds()
}

// InProspetto reports whether the proposal counts in the prospetto di
// sintesi: live and not withdrawn by its proponent (a withdrawn proposal is
// no longer a proposal to the plan; the prospetto lists it apart, out of its
// count and total cost).
func (p *Proposta) InProspetto() bool { return p.Live() && p.Status != PropWithdrawn }

// Changeable reports whether merges, splits and content changes are still
// possible: before a final answer.
func (p *Proposta) Changeable() bool {
	return p.Live() && (p.Status == PropReceived || p.Status == PropEvaluating)
}

// DraftPending reports whether the draft differs from the answer in force
// and can be published.
func (p *Proposta) DraftPending() bool {
	if !p.Live() || !p.Draft.Ready() {
		return false
	}
	a := p.Answer
	return a == nil || a.Status != p.Draft.Status || a.Text != p.Draft.Answer || a.Criteria != p.Draft.Criteria
}

// HasAuthor reports whether registration id is one of the authors.
func (p *Proposta) HasAuthor(id int64) bool {
	for _, a := range p.Authors {
		if a.RegistrationID == id {
			return true
		}
	}
	return false
}

// ValidateContent checks a proposal entered by the UdP or by a participant
// (raised at a table, or a part of a split) against its process; field
// names are those of the proposal form.
func (x *Proposal) ValidateContent(pr *Process) error {
	p := Problems{}
	for _, s := range []*string{&x.Title, &x.Need, &x.Description, &x.Target, &x.Partners} {
		*s = strings.TrimSpace(*s)
	}
	if x.AreaID == 0 || pr.Area(x.AreaID) == nil {
		p.Add("area", "Scegli l'area tematica della proposta.")
	}
	required(p, "title", x.Title, "Indica il titolo della proposta.")
	maxLen(p, "title", x.Title, 200)
	required(p, "need", x.Need, "Indica il bisogno a cui la proposta risponde.")
	maxLen(p, "need", x.Need, 2000)
	required(p, "description", x.Description, "Descrivi la proposta.")
	maxLen(p, "description", x.Description, 5000)
	maxLen(p, "target", x.Target, 500)
	maxLen(p, "partners", x.Partners, 1000)
	if x.Beneficiaries < 0 || x.Beneficiaries > 10_000_000 {
		p.Add("beneficiaries", "Indica il numero stimato di destinatari come numero intero.")
	}
	if x.CostCents < 0 || x.CostCents > 100_000_000_00 {
		p.Add("cost", "Indica il costo stimato in euro (es. 12.500,00).")
	}
	return p.Err()
}

// ProposalFilter selects proposals in the back office.
type ProposalFilter struct {
	AreaID      int64
	Status      ProposalStatus
	EvaluatorID int64 // assigned to this staff member
	Query       string
	WithDeleted bool
	OnlyPending bool // drafts ready to publish
}

// ReasonProblem checks the reason given for a deletion or a withdrawal.
func ReasonProblem(field, reason, msg string) error {
	p := Problems{}
	required(p, field, strings.TrimSpace(reason), msg)
	maxLen(p, field, strings.TrimSpace(reason), 2000)
	return p.Err()
}
