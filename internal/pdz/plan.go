package pdz

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// PlanStatus is where a Piano Sociale di Zona stands: a draft being written,
// or adopted by the Coordinamento Istituzionale.
type PlanStatus string

const (
	PlanDraft   PlanStatus = "bozza"
	PlanAdopted PlanStatus = "adottato"
)

// Label is the status in Italian.
func (s PlanStatus) Label() string {
	if s == PlanAdopted {
		return "Adottato"
	}
	return "Bozza"
}

// Plan is a Piano Sociale di Zona: it belongs to an Ambito, covers a cycle of
// years and follows a regional framework. Its parts are the community
// profile (chapter I), the priorities per strategic area (chapter II), the
// funding sources and the service sheets (chapter III).
type Plan struct {
	ID          int64
	AmbitoID    int64
	FrameworkID int64
	Slug        string
	Title       string // "Piano Sociale di Zona 2022-2024"
	Cycle       string // "2022-2024"
	Years       []int
	Status      PlanStatus
	AdoptedOn   Date
	AdoptionAct string // "Deliberazione del Coordinamento Istituzionale del 01/06/2023"
	Published   bool   // public pages live
	PublishedAt time.Time
	// Texts in the restricted markup of package testo: the introduction and
	// the two narrative sections of chapter I.
	Intro        string
	EmergingText string // fenomeni sociali emergenti
	WelfareText  string // lo "stato di salute" del sistema di welfare locale
	CreatedAt    time.Time
	UpdatedAt    time.Time
	// ProcessID is the participatory process whose tables fed the plan
	// (0: none recorded): its proposals and needs are those the sheets cite.
	ProcessID int64

	// Loaded with the plan.
	Framework *Framework
	Sources   []FundingSource
	Inventory []InventoryItem
	Profile   []ProfileRow
	Declared  []DeclaredFigure
	Areas     []PlanArea
	Sheets    []Sheet
	Money     PlanMoney // co-financing, historical spending, staff, previous plan, printed figures (issue 6)
}

// Validate checks the plan's own fields.
func (p *Plan) Validate() error {
	pr := Problems{}
	p.Title = strings.TrimSpace(p.Title)
	p.Cycle = strings.TrimSpace(p.Cycle)
	p.Slug = strings.TrimSpace(strings.ToLower(p.Slug))
	if p.Slug == "" {
		p.Slug = Slugify(p.Title)
	}
	required(pr, "title", p.Title, "Indica il titolo del piano (es. Piano Sociale di Zona 2022-2024).")
	maxLen(pr, "title", p.Title, 300)
	checkSlug(pr, "slug", p.Slug)
	if len(p.Years) == 0 {
		pr.Add("years", "Indica gli anni del piano (es. 2022, 2023, 2024).")
	} else if len(p.Years) > 10 {
		pr.Add("years", "Un piano copre al massimo 10 anni.")
	}
	for i, y := range p.Years {
		if y < 2000 || y > 2100 || (i > 0 && y <= p.Years[i-1]) {
			pr.Add("years", "Indica anni distinti in ordine crescente, tra il 2000 e il 2100.")
		}
	}
	if p.Cycle == "" && len(p.Years) > 0 {
		p.Cycle = strconv.Itoa(p.Years[0])
		if len(p.Years) > 1 {
			p.Cycle += "-" + strconv.Itoa(p.Years[len(p.Years)-1])
		}
	}
	maxLen(pr, "cycle", p.Cycle, 40)
	if p.FrameworkID == 0 {
		pr.Add("framework_id", "Scegli il quadro regionale di riferimento.")
	}
	if p.Status != PlanDraft && p.Status != PlanAdopted {
		p.Status = PlanDraft
	}
	maxLen(pr, "adoption_act", p.AdoptionAct, 500)
	maxLen(pr, "intro", p.Intro, 100000)
	maxLen(pr, "emerging_text", p.EmergingText, 100000)
	maxLen(pr, "welfare_text", p.WelfareText, 100000)
	return pr.Err()
}

// HasYear reports whether year is one of the plan's years.
func (p *Plan) HasYear(y int) bool {
	for _, x := range p.Years {
		if x == y {
			return true
		}
	}
	return false
}

// YearsText is "2022, 2023, 2024".
func (p *Plan) YearsText() string { return YearsText(p.Years) }

// YearsText writes years separated by commas.
func YearsText(ys []int) string {
	var parts []string
	for _, y := range ys {
		parts = append(parts, strconv.Itoa(y))
	}
	return strings.Join(parts, ", ")
}

// ParseYears reads "2022, 2023, 2024", "2022 2023 2024" or "2022-2024".
func ParseYears(s string) ([]int, bool) {
	s = strings.TrimSpace(s)
	if a, b, ok := strings.Cut(s, "-"); ok && !strings.ContainsAny(s, ", ") {
		x, err1 := strconv.Atoi(strings.TrimSpace(a))
		y, err2 := strconv.Atoi(strings.TrimSpace(b))
		if err1 != nil || err2 != nil || y < x || y-x > 9 {
			return nil, false
		}
		var out []int
		for i := x; i <= y; i++ {
			out = append(out, i)
		}
		return out, true
	}
	var out []int
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == ';' }) {
		n, err := strconv.Atoi(f)
		if err != nil {
			return nil, false
		}
		out = append(out, n)
	}
	return out, len(out) > 0
}

// Source returns the funding source with that id, nil if none.
func (p *Plan) Source(id int64) *FundingSource {
	for i := range p.Sources {
		if p.Sources[i].ID == id {
			return &p.Sources[i]
		}
	}
	return nil
}

// SourceByCode returns the funding source with that code, nil if none.
func (p *Plan) SourceByCode(code string) *FundingSource {
	for i := range p.Sources {
		if p.Sources[i].Code == code {
			return &p.Sources[i]
		}
	}
	return nil
}

// Sheet returns the sheet with that id, nil if none.
func (p *Plan) Sheet(id int64) *Sheet {
	for i := range p.Sheets {
		if p.Sheets[i].ID == id {
			return &p.Sheets[i]
		}
	}
	return nil
}

// SheetByCode returns the sheet with that code, nil if none.
func (p *Plan) SheetByCode(code string) *Sheet {
	for i := range p.Sheets {
		if strings.EqualFold(p.Sheets[i].Code, code) {
			return &p.Sheets[i]
		}
	}
	return nil
}

// Area returns the chapter II text of a strategic area, nil if none.
func (p *Plan) Area(code string) *PlanArea {
	for i := range p.Areas {
		if p.Areas[i].AreaCode == code {
			return &p.Areas[i]
		}
	}
	return nil
}

// SheetsOfArea lists the sheets that mark the strategic area: chapter II
// shows them under the area without anyone listing them by hand.
func (p *Plan) SheetsOfArea(code string) []*Sheet {
	var out []*Sheet
	for i := range p.Sheets {
		if p.Sheets[i].HasArea(code) {
			out = append(out, &p.Sheets[i])
		}
	}
	return out
}

// ---- funding sources

// SourceKinds are the types of funding source. The availability per year,
// the FNPS quotas, the financial sheets and the rules of issue 6 (money)
// work on these types.
var SourceKinds = []struct{ Code, Label string }{
	{"budget_ordinario", "Budget ordinario del Piano di Zona (Fondo Unico di Ambito)"},
	{"fnps", "Fondo Nazionale Politiche Sociali (FNPS)"},
	{"fna", "Fondo Nazionale Non Autosufficienza (FNA)"},
	{"fgsa", "Fondo Globale Socio-Assistenziale (FGSA)"},
	{"qfp", "Fondo Povertà (Quota Fondo Povertà)"},
	{"cofinanziamento_denaro", "Cofinanziamento comunale in denaro"},
	{"cofinanziamento_servizi", "Cofinanziamento comunale in servizi"},
	{"residui", "Residui dei piani precedenti"},
	{"pais", "PAIS (PON Inclusione, Avviso 1/2019)"},
	{"pon_inclusione", "PON Inclusione"},
	{"pnrr", "PNRR"},
	{"pac", "Piano di Azione e Coesione (PAC)"},
	{"regionale", "Misura regionale"},
	{"nazionale", "Fondo o programma nazionale"},
	{"europeo", "Programma europeo"},
	{"comunale", "Risorse proprie comunali per ulteriori servizi a valenza comunale"},
	{"altro", "Altra fonte"},
}

// SourceKindLabel is the Italian name of a source type.
func SourceKindLabel(code string) string {
	for _, k := range SourceKinds {
		if k.Code == code {
			return k.Label
		}
	}
	return code
}

// FundingSource is one source of money of a plan (a row of the plan's list:
// "PdZ", "QFP", "PAIS", "PNRR" …). Sheets' amounts refer to it.
type FundingSource struct {
	ID       int64
	PlanID   int64
	Position int
	Code     string // short, as the sheets print it: "PDZ", "QFP"
	Name     string
	Kind     string // one of SourceKinds
	Action   string // PNRR action code (1.1.1, 1.2, 1.3 …) or programme line
	Act      string // the act that assigns it (DGR 220/2020 …)
	Notes    string

	// The money (issue 6). A source may be a component of another (FNPS
	// of "PdZ", the ordinary budget): the composite's availability is the
	// sum of its components'.
	ParentID     int64
	ParentCode   string // loaded
	Availability []Availability
	Quotas       []Quota
}

var sourceCodeRE = regexp.MustCompile(`^[A-Z0-9][A-Z0-9._-]{0,29}$`)

// Validate checks a funding source.
func (s *FundingSource) Validate() error {
	p := Problems{}
	s.Code = strings.ToUpper(strings.TrimSpace(s.Code))
	s.Name = strings.TrimSpace(s.Name)
	if !sourceCodeRE.MatchString(s.Code) {
		p.Add("code", "Il codice è breve, in maiuscolo, senza spazi (es. PDZ, QFP, PNRR-1.2).")
	}
	required(p, "name", s.Name, "Indica il nome della fonte di finanziamento.")
	maxLen(p, "name", s.Name, 300)
	if SourceKindLabel(s.Kind) == s.Kind {
		p.Add("kind", "Scegli il tipo di fonte.")
	}
	maxLen(p, "action", s.Action, 40)
	maxLen(p, "act", s.Act, 300)
	maxLen(p, "notes", s.Notes, 2000)
	return p.Err()
}

// ---- services inventory

// InventoryItem is a row of the inventory of services of the previous plan
// (seed 003's table of 23 services): name, owner, active.
type InventoryItem struct {
	ID       int64
	PlanID   int64
	Position int
	Name     string
	Owner    string // ente titolare
	Active   string // "si", "no", "" when the document does not say
	Notes    string
}

// ActiveLabel is "Sì", "No" or "Non indicato".
func (x *InventoryItem) ActiveLabel() string {
	switch x.Active {
	case "si":
		return "Sì"
	case "no":
		return "No"
	}
	return "Non indicato"
}

// Validate checks an inventory row.
func (x *InventoryItem) Validate() error {
	p := Problems{}
	x.Name = strings.TrimSpace(x.Name)
	x.Owner = strings.TrimSpace(x.Owner)
	required(p, "name", x.Name, "Indica la denominazione del servizio.")
	maxLen(p, "name", x.Name, 300)
	maxLen(p, "owner", x.Owner, 200)
	if x.Active != "" && x.Active != "si" && x.Active != "no" {
		p.Add("active", "Indica se il servizio è attivo: sì, no o non indicato.")
	}
	maxLen(p, "notes", x.Notes, 2000)
	return p.Err()
}

// ---- chapter II

// PlanArea is chapter II for one strategic area: the objectives the plan
// pursues and its narrative text (restricted markup).
type PlanArea struct {
	PlanID     int64
	AreaCode   string
	Objectives []string // letters of the framework's objectives
	Body       string
}

// ---- service sheets

// Sheet is a scheda di progettazione di dettaglio: what will be done, for
// whom, by whom, under which regional objective and with which money.
type Sheet struct {
	ID             int64
	PlanID         int64
	Position       int
	Code           string // "A.1", "F7", "T"
	Title          string
	Levels         []string // priority level codes of the framework
	Areas          []string // strategic area codes
	Objectives     []SheetObjective
	Results        string // expected results (restricted markup)
	ScopeAmbito    bool
	ScopeComuni    bool
	ScopeDistretto bool
	ScopeOther     string
	MgmtDirect     bool // diretta – in economia
	MgmtOutsourced bool // affidamento a terzi
	MgmtOther      string
	Macro          string // macro-activity code, "" not stated, "ALTRO"
	Intervention   string // intervention code of the framework, "" not stated
	DeclaredTotal  OptInt // the total the document prints, in cents
	Years          []SheetYear
	Services       []SheetService
	Notes          string
	UpdatedAt      time.Time
	// Traceability: the proposals of the plan's process the sheet takes up,
	// and the needs from its minutes the sheet answers.
	ProposalIDs []int64
	NeedIDs     []int64
}

// MacroOther marks a sheet whose macro-activity is "Altro" (seed 003, F.8).
const MacroOther = "ALTRO"

// SheetObjective cites a thematic objective of the framework: area and
// letter. Quoted is the title as the document prints it (it may differ from
// the framework's). An objective outside the framework ("Altro") has no
// area and letter and its own title in Quoted.
type SheetObjective struct {
	Area   string
	Letter string
	Quoted string
}

// Other reports whether the objective is not one of the framework's.
func (o SheetObjective) Other() bool { return o.Letter == "" }

// SheetYear is the programming of one year: whether the document ticks the
// year, the total it prints and the amounts per funding source.
type SheetYear struct {
	Year          int
	Selected      bool
	DeclaredTotal OptInt // cents, as printed
	Lines         []SheetAmount
}

// SheetAmount is an amount of one year from one funding source. A blank
// amount ("€ ____") is an absent Amount; a line may name no source.
type SheetAmount struct {
	SourceID   int64
	SourceCode string // loaded; used to match sources when importing
	Amount     OptInt // cents
}

// Computed is the sum of the year's amounts and whether every amount is
// known.
func (y *SheetYear) Computed() (int64, bool) {
	var sum int64
	complete := true
	for _, l := range y.Lines {
		if l.Amount.Set {
			sum += l.Amount.V
		} else {
			complete = false
		}
	}
	return sum, complete
}

// Programmed reports whether the year is part of the sheet's programming:
// ticked, or with any amount printed.
func (y *SheetYear) Programmed() bool {
	if y.Selected || y.DeclaredTotal.Set {
		return true
	}
	for _, l := range y.Lines {
		if l.Amount.Set || l.SourceID != 0 {
			return true
		}
	}
	return false
}

// SheetService is a service or intervention of a sheet, with its users,
// linked documents, operator profiles and actions.
type SheetService struct {
	ID         int64
	SheetID    int64
	Position   int
	Name       string
	Articles   []string // articles of R.R. 4/2007
	OtherRef   string   // another legal reference ("L.R. n.3/2016", "PNRR M5C2 L. 1.2")
	Users      string
	UsersCount OptInt
	Documents  string
	Operators  string // one per line
	Actions    string // restricted markup
}

// Year returns the programming of year y, nil if the sheet has none.
func (s *Sheet) Year(y int) *SheetYear {
	for i := range s.Years {
		if s.Years[i].Year == y {
			return &s.Years[i]
		}
	}
	return nil
}

// HasArea reports whether the sheet marks the strategic area.
func (s *Sheet) HasArea(code string) bool {
	for _, a := range s.Areas {
		if a == code {
			return true
		}
	}
	return false
}

// HasLevel reports whether the sheet marks the priority level.
func (s *Sheet) HasLevel(code string) bool {
	for _, l := range s.Levels {
		if l == code {
			return true
		}
	}
	return false
}

// Computed is the sheet's total over its years and whether every amount is
// known.
func (s *Sheet) Computed() (int64, bool) {
	var sum int64
	complete := true
	for i := range s.Years {
		if !s.Years[i].Programmed() {
			continue
		}
		v, ok := s.Years[i].Computed()
		sum += v
		if !ok || (len(s.Years[i].Lines) == 0 && !s.Years[i].DeclaredTotal.Set) {
			complete = false
		}
	}
	return sum, complete
}

// Service returns the service with that id, nil if none.
func (s *Sheet) Service(id int64) *SheetService {
	for i := range s.Services {
		if s.Services[i].ID == id {
			return &s.Services[i]
		}
	}
	return nil
}

var sheetCodeRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9.\-]{0,11}$`)

// Validate checks a sheet's own fields; CheckSheet checks it against the
// plan and its framework.
func (s *Sheet) Validate() error {
	p := Problems{}
	s.Code = strings.TrimSpace(s.Code)
	s.Title = strings.TrimSpace(s.Title)
	if !sheetCodeRE.MatchString(s.Code) {
		p.Add("code", "Il codice della scheda è breve, senza spazi (es. A.1, F7, T).")
	}
	required(p, "title", s.Title, "Indica il titolo della scheda.")
	maxLen(p, "title", s.Title, 300)
	maxLen(p, "results", s.Results, 20000)
	maxLen(p, "scope_other", s.ScopeOther, 300)
	maxLen(p, "mgmt_other", s.MgmtOther, 300)
	maxLen(p, "notes", s.Notes, 20000)
	if s.DeclaredTotal.Set && s.DeclaredTotal.V < 0 {
		p.Add("declared_total", "Il totale non può essere negativo.")
	}
	for i, o := range s.Objectives {
		maxLen(p, "obj_quoted_"+strconv.Itoa(i+1), o.Quoted, 2000)
		if o.Other() && strings.TrimSpace(o.Quoted) == "" {
			p.Add("obj_quoted_"+strconv.Itoa(i+1), "Per un obiettivo non regionale («Altro») indicarne il titolo.")
		}
	}
	for _, y := range s.Years {
		for _, l := range y.Lines {
			if l.Amount.Set && l.Amount.V < 0 {
				p.Add("y"+strconv.Itoa(y.Year), "Gli importi non possono essere negativi.")
			}
		}
	}
	return p.Err()
}

// Validate checks a service of a sheet.
func (x *SheetService) Validate() error {
	p := Problems{}
	x.Name = strings.TrimSpace(x.Name)
	required(p, "name", x.Name, "Indica la denominazione del servizio o dell'intervento.")
	maxLen(p, "name", x.Name, 500)
	maxLen(p, "other_ref", x.OtherRef, 300)
	maxLen(p, "users", x.Users, 2000)
	maxLen(p, "documents", x.Documents, 4000)
	maxLen(p, "operators", x.Operators, 4000)
	maxLen(p, "actions", x.Actions, 20000)
	if x.UsersCount.Set && x.UsersCount.V < 0 {
		p.Add("users_count", "Il numero di utenti non può essere negativo.")
	}
	for _, a := range x.Articles {
		if !articleRE.MatchString(a) {
			p.Add("articles", "Articolo «"+a+"» non valido: indica i numeri degli articoli del R.R. 4/2007 (es. 83, 87 bis).")
		}
	}
	return p.Err()
}

// CheckSheet validates a sheet against its plan: the codes and objectives
// must exist in the plan's framework, the years must be the plan's, the
// funding sources the plan's. These are errors (the sheet is not saved);
// what is merely missing is reported by SheetGaps instead.
func (p *Plan) CheckSheet(s *Sheet) error {
	pr := Problems{}
	if err := s.Validate(); err != nil {
		for k, v := range ErrorFields(err) {
			pr.Add(k, v)
		}
	}
	fw := p.Framework
	if fw == nil {
		return Errorf(EINTERNAL, "plan without framework")
	}
	for _, l := range s.Levels {
		if fw.Level(l) == nil {
			pr.Add("levels", "Il livello di priorità «"+l+"» non esiste nel quadro regionale «"+fw.Title+"».")
		}
	}
	for _, a := range s.Areas {
		if fw.Area(a) == nil {
			pr.Add("areas", "L'area strategica «"+a+"» non esiste nel quadro regionale «"+fw.Title+"».")
		}
	}
	for i, o := range s.Objectives {
		field := "obj_" + strconv.Itoa(i+1)
		if o.Other() {
			continue
		}
		area := fw.Area(o.Area)
		switch {
		case area == nil:
			pr.Add(field, "L'obiettivo "+o.Area+"."+o.Letter+" rimanda a un'area strategica che non esiste nel quadro regionale «"+fw.Title+"».")
		case fw.Objective(o.Area, o.Letter) == nil:
			pr.Add(field, "L'obiettivo «"+o.Letter+"» non esiste nell'area «"+area.Title+"» del quadro regionale: le lettere previste sono "+area.Letters()+". Se l'obiettivo manca dal quadro, completare prima il quadro regionale.")
		}
	}
	switch {
	case s.Macro == "" || s.Macro == MacroOther:
	case fw.Macro(s.Macro) == nil:
		pr.Add("macro", "La macro-attività «"+s.Macro+"» non esiste nel quadro regionale «"+fw.Title+"».")
	}
	if s.Intervention != "" {
		it, m := fw.Intervention(s.Intervention)
		switch {
		case it == nil:
			pr.Add("intervention", "Il codice di intervento «"+s.Intervention+"» non esiste nel quadro regionale «"+fw.Title+"».")
		case s.Macro != "" && s.Macro != MacroOther && m.Code != s.Macro:
			pr.Add("intervention", "Il codice di intervento «"+s.Intervention+"» appartiene alla macro-attività "+m.Code+", non alla "+s.Macro+".")
		}
	}
	seen := map[int]bool{}
	for _, y := range s.Years {
		field := "y" + strconv.Itoa(y.Year)
		if !p.HasYear(y.Year) {
			pr.Add("years", "L'anno "+strconv.Itoa(y.Year)+" non è tra gli anni del piano ("+p.YearsText()+").")
		}
		if seen[y.Year] {
			pr.Add("years", "L'anno "+strconv.Itoa(y.Year)+" compare due volte.")
		}
		seen[y.Year] = true
		for _, l := range y.Lines {
			if l.SourceID != 0 && p.Source(l.SourceID) == nil {
				pr.Add(field, "Fonte di finanziamento non valida per l'anno "+strconv.Itoa(y.Year)+": sceglila tra le fonti del piano.")
			}
		}
	}
	for _, sv := range s.Services {
		if err := p.CheckService(&sv); err != nil {
			for k, v := range ErrorFields(err) {
				pr.Add("service_"+k, "«"+sv.Name+"»: "+v)
			}
		}
	}
	return pr.Err()
}

// CheckService validates a service against the framework's articles.
func (p *Plan) CheckService(x *SheetService) error {
	pr := Problems{}
	if err := x.Validate(); err != nil {
		for k, v := range ErrorFields(err) {
			pr.Add(k, v)
		}
	}
	if p.Framework != nil {
		for _, a := range x.Articles {
			if articleRE.MatchString(a) && p.Framework.Article(a) == nil {
				pr.Add("articles", "L'articolo "+a+" non è tra gli articoli del R.R. 4/2007 del quadro regionale «"+p.Framework.Title+"»: correggilo, oppure aggiungilo al quadro, oppure indicalo come altro riferimento normativo.")
			}
		}
	}
	return pr.Err()
}
