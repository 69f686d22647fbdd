// Package pianofile reads and writes a whole plan as one JSON document
// (docs/PLAN-FORMAT.md): the plan, its regional framework, the Comuni it
// names, funding sources, community profile, services inventory, chapter II
// and service sheets. Writing then reading then writing gives the same
// bytes, so a plan can move between installations or be prepared outside
// the product. It must not know HTTP or storage.
package pianofile

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/pdz-ats/pdz/internal/pdz"
)

// Format and Version identify the document. Later versions of pdz add keys
// (the money of issue 6 is under "risorse"); a reader refuses keys it does
// not know, so a file is never imported with parts silently dropped.
const (
	Format  = "pdz-piano"
	Version = 1
)

// File is the document.
type File struct {
	Format    string          `json:"formato"`
	Version   int             `json:"versione_formato"`
	Plan      Plan            `json:"piano"`
	Framework pdz.Framework   `json:"quadro_regionale"`
	Comuni    []Comune        `json:"comuni"`
	Sources   []Source        `json:"fonti_finanziamento"`
	Profile   Profile         `json:"profilo"`
	Inventory []InventoryItem `json:"servizi_esistenti"`
	Areas     []Area          `json:"aree"`
	Sheets    []Sheet         `json:"schede"`
	Resources Resources       `json:"risorse"`
}

// Plan is the plan's own fields. Publication on a website is not part of
// the document: an imported plan starts unpublished.
type Plan struct {
	Slug        string `json:"id"`
	Title       string `json:"titolo"`
	Cycle       string `json:"ciclo"`
	Years       []int  `json:"anni"`
	Status      string `json:"stato"`
	AdoptedOn   string `json:"adottato_il"`
	AdoptionAct string `json:"atto_adozione"`
	Intro       string `json:"introduzione"`
}

// Comune names a municipality; profile rows refer to it by name.
type Comune struct {
	Name  string `json:"nome"`
	Istat string `json:"codice_istat"`
}

// Source is a funding source; sheet amounts refer to it by code.
type Source struct {
	Code   string `json:"codice"`
	Name   string `json:"nome"`
	Kind   string `json:"tipo"`
	Action string `json:"azione"`
	Act    string `json:"atto"`
	Notes  string `json:"note"`
}

// Profile is chapter I.
type Profile struct {
	Rows     []Row      `json:"dati"`
	Declared []Declared `json:"dichiarati"`
	Emerging string     `json:"fenomeni_emergenti"`
	Welfare  string     `json:"stato_welfare"`
}

// Bands are the age bands, by their codes.
type Bands struct {
	B0  pdz.OptInt `json:"0-3"`
	B4  pdz.OptInt `json:"4-14"`
	B15 pdz.OptInt `json:"15-17"`
	B18 pdz.OptInt `json:"18-29"`
	B30 pdz.OptInt `json:"30-64"`
	B65 pdz.OptInt `json:"65+"`
}

// Row is the raw data of a Comune ("" for the whole Ambito) at a date.
type Row struct {
	Date         string     `json:"data"`
	Comune       string     `json:"comune"`
	Bands        Bands      `json:"fasce"`
	Households   pdz.OptInt `json:"famiglie"`
	Surface      *string    `json:"superficie_kmq"`
	Emigrations  pdz.OptInt `json:"emigrati"`
	Immigrations pdz.OptInt `json:"immigrati"`
	Source       string     `json:"fonte"`
	Notes        string     `json:"note"`
}

// Declared is a figure as the document prints it.
type Declared struct {
	Date     string `json:"data"`
	Comune   string `json:"comune"`
	Quantity string `json:"grandezza"`
	Value    string `json:"valore"`
	Table    string `json:"dove"`
	Notes    string `json:"note"`
}

// InventoryItem is a row of the services inventory.
type InventoryItem struct {
	Name   string `json:"denominazione"`
	Owner  string `json:"ente_titolare"`
	Active string `json:"attivo"`
	Notes  string `json:"note"`
}

// Area is chapter II for one strategic area.
type Area struct {
	Area       string   `json:"area"`
	Objectives []string `json:"obiettivi"`
	Text       string   `json:"testo"`
}

// Sheet is a service sheet.
type Sheet struct {
	Code          string      `json:"codice"`
	Title         string      `json:"titolo"`
	Levels        []string    `json:"livelli_priorita"`
	Areas         []string    `json:"aree"`
	Objectives    []Objective `json:"obiettivi"`
	Results       string      `json:"risultati_attesi"`
	Scope         Scope       `json:"valenza_territoriale"`
	Management    Management  `json:"modalita_gestione"`
	Macro         string      `json:"macro_attivita"`
	Intervention  string      `json:"intervento"`
	DeclaredTotal pdz.OptInt  `json:"totale_dichiarato_centesimi"`
	Years         []Year      `json:"annualita"`
	Services      []Service   `json:"servizi"`
	Notes         string      `json:"note"`
}

// Objective cites a thematic objective of the framework ("" letter: «Altro»).
type Objective struct {
	Area   string `json:"area"`
	Letter string `json:"lettera"`
	Quoted string `json:"titolo_citato"`
}

// Scope is the territorial scope.
type Scope struct {
	Ambito    bool   `json:"ambito"`
	Comuni    bool   `json:"singoli_comuni"`
	Distretto bool   `json:"distretto"`
	Other     string `json:"altro"`
}

// Management is the management mode.
type Management struct {
	Direct     bool   `json:"diretta"`
	Outsourced bool   `json:"affidamento_a_terzi"`
	Other      string `json:"altro"`
}

// Year is the programming of a year.
type Year struct {
	Year          int        `json:"anno"`
	Selected      bool       `json:"spuntato"`
	DeclaredTotal pdz.OptInt `json:"totale_dichiarato_centesimi"`
	Amounts       []Amount   `json:"importi"`
}

// Amount is an amount from a funding source, in cents (null: "€ ____").
type Amount struct {
	Source string     `json:"fonte"`
	Cents  pdz.OptInt `json:"centesimi"`
}

// Service is a service of a sheet.
type Service struct {
	Name       string     `json:"denominazione"`
	Articles   []string   `json:"articoli_rr_4_2007"`
	OtherRef   string     `json:"altro_riferimento"`
	Users      string     `json:"utenza"`
	UsersCount pdz.OptInt `json:"numero_utenti"`
	Documents  string     `json:"documenti_collegati"`
	Operators  string     `json:"profilo_operatori"`
	Actions    string     `json:"azioni"`
}

// Resources is the money of the plan (issue 6) that is not in the sheets:
// the sources' availability, components and FNPS quotas; the co-financing
// rule and what the Comuni commit; the historical spending; the social
// workers; the previous plan's progress; the figures the document prints.
type Resources struct {
	Sources     []SourceMoney   `json:"fonti"`
	Cofinancing *Cofinancing    `json:"cofinanziamento"`
	Commitments []Commitment    `json:"impegni_comuni"`
	Historical  []Historical    `json:"spesa_storica"`
	Staff       []Staff         `json:"assistenti_sociali"`
	Progress    []Progress      `json:"avanzamento_precedente"`
	Declared    []MoneyDeclared `json:"dichiarati"`
}

// SourceMoney is the money of a funding source, by code.
type SourceMoney struct {
	Source       string         `json:"fonte"`
	Parent       string         `json:"componente_di"`
	Availability []Availability `json:"disponibilita"`
	Quotas       []Quota        `json:"quote_fnps"`
}

// Availability is what a source makes available in a year or period.
type Availability struct {
	From  int    `json:"dal"`
	To    int    `json:"al"`
	Cents int64  `json:"centesimi"`
	Notes string `json:"note"`
}

// Quota is an FNPS quota over a year or period.
type Quota struct {
	From  int    `json:"dal"`
	To    int    `json:"al"`
	Quota string `json:"quota"`
	Cents int64  `json:"centesimi"`
}

// Cofinancing is the plan's co-financing rule.
type Cofinancing struct {
	Split       string         `json:"regola_riparto"`
	Date        string         `json:"data_popolazione"`
	CashPercent string         `json:"quota_denaro_percentuale"`
	Notes       string         `json:"note"`
	Amounts     []ComuneAmount `json:"importi_comuni"`
}

// ComuneAmount is the minimum co-financing entered for a Comune.
type ComuneAmount struct {
	Comune string `json:"comune"`
	Cents  int64  `json:"centesimi"`
}

// Commitment is a Comune's co-financing in a year.
type Commitment struct {
	Comune   string     `json:"comune"`
	Year     int        `json:"anno"`
	Cash     pdz.OptInt `json:"denaro_centesimi"`
	Services pdz.OptInt `json:"servizi_centesimi"`
	Notes    string     `json:"note"`
}

// Historical is a Comune's historical social spending.
type Historical struct {
	Comune string `json:"comune"`
	From   int    `json:"dal"`
	To     int    `json:"al"`
	Cents  int64  `json:"centesimi"`
	Notes  string `json:"note"`
}

// Staff is the social workers of a Comune ("" the Ambito) at a date.
type Staff struct {
	Date   string `json:"data"`
	Comune string `json:"comune"`
	Count  string `json:"numero"`
	Notes  string `json:"note"`
}

// Progress is a row of the previous plan's progress.
type Progress struct {
	Fund      string     `json:"fondo"`
	Period    string     `json:"periodo"`
	Budget    pdz.OptInt `json:"programmato_centesimi"`
	Committed pdz.OptInt `json:"impegnato_centesimi"`
	Paid      pdz.OptInt `json:"liquidato_centesimi"`
	Target    string     `json:"fonte_residui"`
	Notes     string     `json:"note"`
}

// MoneyDeclared is a figure about money as the document prints it.
type MoneyDeclared struct {
	Quantity string `json:"grandezza"`
	Source   string `json:"fonte"`
	Quota    string `json:"quota"`
	Comune   string `json:"comune"`
	From     int    `json:"dal"`
	To       int    `json:"al"`
	Subject  string `json:"oggetto"`
	Value    string `json:"valore"`
	Table    string `json:"dove"`
	Notes    string `json:"note"`
}

func nonNil[T any](xs []T) []T {
	if xs == nil {
		return []T{}
	}
	return xs
}

// Export turns a loaded plan into the document. comuni are the Ambito's.
func Export(p *pdz.Plan, comuni []pdz.Comune) File {
	f := File{Format: Format, Version: Version, Framework: *p.Framework,
		Plan: Plan{Slug: p.Slug, Title: p.Title, Cycle: p.Cycle, Years: nonNil(p.Years), Status: string(p.Status),
			AdoptedOn: p.AdoptedOn.String(), AdoptionAct: p.AdoptionAct, Intro: p.Intro},
		Comuni: []Comune{}, Sources: []Source{}, Inventory: []InventoryItem{}, Areas: []Area{}, Sheets: []Sheet{},
		Profile: Profile{Rows: []Row{}, Declared: []Declared{}, Emerging: p.EmergingText, Welfare: p.WelfareText}}
	cs := append([]pdz.Comune(nil), comuni...)
	sort.Slice(cs, func(i, j int) bool { return cs[i].Name < cs[j].Name })
	for _, c := range cs {
		f.Comuni = append(f.Comuni, Comune{Name: c.Name, Istat: c.IstatCode})
	}
	for _, s := range p.Sources {
		f.Sources = append(f.Sources, Source{s.Code, s.Name, s.Kind, s.Action, s.Act, s.Notes})
	}
	for _, r := range p.Profile {
		row := Row{Date: r.Date.String(), Comune: r.ComuneName, Households: r.Households, Emigrations: r.Emigrations,
			Immigrations: r.Immigrations, Source: r.Source, Notes: r.Notes,
			Bands: Bands{r.Bands[0], r.Bands[1], r.Bands[2], r.Bands[3], r.Bands[4], r.Bands[5]}}
		if r.Surface.Set {
			s := pdz.Decimal{Units: r.Surface.V, Scale: 2}.String()
			row.Surface = &s
		}
		f.Profile.Rows = append(f.Profile.Rows, row)
	}
	for _, d := range p.Declared {
		f.Profile.Declared = append(f.Profile.Declared, Declared{d.Date.String(), d.ComuneName, d.Quantity, d.Value.String(), d.Table, d.Notes})
	}
	for _, x := range p.Inventory {
		f.Inventory = append(f.Inventory, InventoryItem{x.Name, x.Owner, x.Active, x.Notes})
	}
	for _, a := range p.Areas {
		f.Areas = append(f.Areas, Area{a.AreaCode, nonNil(a.Objectives), a.Body})
	}
	for _, s := range p.Sheets {
		x := Sheet{Code: s.Code, Title: s.Title, Levels: nonNil(s.Levels), Areas: nonNil(s.Areas), Objectives: []Objective{},
			Results: s.Results, Scope: Scope{s.ScopeAmbito, s.ScopeComuni, s.ScopeDistretto, s.ScopeOther},
			Management: Management{s.MgmtDirect, s.MgmtOutsourced, s.MgmtOther}, Macro: s.Macro, Intervention: s.Intervention,
			DeclaredTotal: s.DeclaredTotal, Years: []Year{}, Services: []Service{}, Notes: s.Notes}
		for _, o := range s.Objectives {
			x.Objectives = append(x.Objectives, Objective{o.Area, o.Letter, o.Quoted})
		}
		for _, y := range s.Years {
			yy := Year{Year: y.Year, Selected: y.Selected, DeclaredTotal: y.DeclaredTotal, Amounts: []Amount{}}
			for _, l := range y.Lines {
				yy.Amounts = append(yy.Amounts, Amount{l.SourceCode, l.Amount})
			}
			x.Years = append(x.Years, yy)
		}
		for _, sv := range s.Services {
			x.Services = append(x.Services, Service{sv.Name, nonNil(sv.Articles), sv.OtherRef, sv.Users, sv.UsersCount, sv.Documents, sv.Operators, sv.Actions})
		}
		f.Sheets = append(f.Sheets, x)
	}
	f.Resources = exportResources(p)
	return f
}

func exportResources(p *pdz.Plan) Resources {
	r := Resources{Sources: []SourceMoney{}, Commitments: []Commitment{}, Historical: []Historical{}, Staff: []Staff{},
		Progress: []Progress{}, Declared: []MoneyDeclared{}}
	for _, s := range p.Sources {
		if s.ParentCode == "" && len(s.Availability) == 0 && len(s.Quotas) == 0 {
			continue
		}
		x := SourceMoney{Source: s.Code, Parent: s.ParentCode, Availability: []Availability{}, Quotas: []Quota{}}
		for _, a := range s.Availability {
			x.Availability = append(x.Availability, Availability{a.From, a.To, a.Amount, a.Notes})
		}
		for _, q := range s.Quotas {
			x.Quotas = append(x.Quotas, Quota{q.From, q.To, q.Quota, q.Amount})
		}
		r.Sources = append(r.Sources, x)
	}
	m := &p.Money
	if m.RuleSet || len(m.Quotas) > 0 {
		c := &Cofinancing{Split: m.Rule.Split, Date: m.Rule.Date.String(), CashPercent: pdz.Decimal{Units: m.Rule.CashShare, Scale: 2}.String(),
			Notes: m.Rule.Notes, Amounts: []ComuneAmount{}}
		for _, q := range m.Quotas {
			c.Amounts = append(c.Amounts, ComuneAmount{q.ComuneName, q.Amount})
		}
		r.Cofinancing = c
	}
	for _, c := range m.Commitments {
		r.Commitments = append(r.Commitments, Commitment{c.ComuneName, c.Year, c.Cash, c.Services, c.Notes})
	}
	for _, h := range m.Historical {
		r.Historical = append(r.Historical, Historical{h.ComuneName, h.From, h.To, h.Amount, h.Notes})
	}
	for _, x := range m.Staff {
		r.Staff = append(r.Staff, Staff{x.Date.String(), x.ComuneName, pdz.Decimal{Units: x.Count, Scale: 2}.String(), x.Notes})
	}
	for _, x := range m.Progress {
		r.Progress = append(r.Progress, Progress{x.Fund, x.Period, x.Budget, x.Committed, x.Paid, x.TargetCode, x.Notes})
	}
	for _, d := range m.Declared {
		r.Declared = append(r.Declared, MoneyDeclared{d.Quantity, d.SourceCode, d.Quota, d.ComuneName, d.From, d.To, d.Subject,
			d.Value.String(), d.Table, d.Notes})
	}
	return r
}

// Encode writes the document: two-space indentation, no HTML escaping, a
// final newline.
func Encode(w io.Writer, f File) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(f)
}

// Bytes is Encode into memory.
func Bytes(f File) []byte {
	var buf bytes.Buffer
	if err := Encode(&buf, f); err != nil {
		panic(err) // plain structs always encode
	}
	return buf.Bytes()
}

// MaxSize bounds a plan file.
const MaxSize = 32 << 20

// Decode reads a document, refusing unknown keys, other formats and newer
// versions.
func Decode(r io.Reader) (File, error) {
	var f File
	dec := json.NewDecoder(io.LimitReader(r, MaxSize))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return f, pdz.Errorf(pdz.EINVALID, "Il file del piano non è leggibile: %s", problem(err))
	}
	if dec.More() {
		return f, pdz.Errorf(pdz.EINVALID, "Il file del piano contiene altro testo dopo la fine del documento JSON.")
	}
	if f.Format != Format {
		return f, pdz.Errorf(pdz.EINVALID, "Il file non è un piano di pdz: il campo «formato» deve valere «%s».", Format)
	}
	if f.Version != Version {
		return f, pdz.Errorf(pdz.EINVALID, "Versione del formato %d non supportata: questa versione di pdz legge la versione %d.", f.Version, Version)
	}
	return f, nil
}

func problem(err error) string {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return fmt.Sprintf("errore di sintassi JSON al carattere %d.", se.Offset)
	case errors.As(err, &te):
		return fmt.Sprintf("il campo «%s» ha un valore del tipo sbagliato.", te.Field)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "il documento è vuoto o troncato."
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return "campo sconosciuto " + strings.TrimPrefix(err.Error(), "json: unknown field ") + "."
	}
	return "documento JSON non valido (" + err.Error() + ")."
}

// Plan turns the document into what the store imports: the plan with its
// parts (Comuni and sources by name and code), the framework, the Comuni.
func (f *File) ToPlan() (pdz.Plan, pdz.Framework, []pdz.Comune, error) {
	fail := func(where, format string, args ...any) error {
		return pdz.Errorf(pdz.EINVALID, "Il piano non è stato importato. %s: %s", where, fmt.Sprintf(format, args...))
	}
	date := func(where, s string) (pdz.Date, error) {
		d, err := pdz.ParseDate(s)
		if err != nil {
			return d, fail(where, "data «%s» non valida (usa aaaa-mm-gg).", s)
		}
		return d, nil
	}
	p := pdz.Plan{Slug: f.Plan.Slug, Title: f.Plan.Title, Cycle: f.Plan.Cycle, Years: f.Plan.Years, Status: pdz.PlanStatus(f.Plan.Status),
		AdoptionAct: f.Plan.AdoptionAct, Intro: f.Plan.Intro, EmergingText: f.Profile.Emerging, WelfareText: f.Profile.Welfare}
	if p.Status != pdz.PlanDraft && p.Status != pdz.PlanAdopted {
		return p, f.Framework, nil, fail("piano.stato", "«%s»: usa «bozza» o «adottato».", f.Plan.Status)
	}
	if where, c, ok := f.moneyOutOfBounds(); !ok {
		return p, f.Framework, nil, fail(where, "%s centesimi: %s.", strconv.FormatInt(c, 10), pdz.MoneyTooLargeReason)
	}
	var err error
	if p.AdoptedOn, err = date("piano.adottato_il", f.Plan.AdoptedOn); err != nil {
		return p, f.Framework, nil, err
	}
	var comuni []pdz.Comune
	names := map[string]bool{}
	for i, c := range f.Comuni {
		if names[strings.ToLower(c.Name)] {
			return p, f.Framework, nil, fail(fmt.Sprintf("comuni[%d]", i), "il Comune «%s» compare due volte.", c.Name)
		}
		names[strings.ToLower(c.Name)] = true
		comuni = append(comuni, pdz.Comune{Name: c.Name, IstatCode: c.Istat})
	}
	for _, s := range f.Sources {
		p.Sources = append(p.Sources, pdz.FundingSource{Code: s.Code, Name: s.Name, Kind: s.Kind, Action: s.Action, Act: s.Act, Notes: s.Notes})
	}
	for i, r := range f.Profile.Rows {
		where := fmt.Sprintf("profilo.dati[%d]", i)
		d, err := date(where+".data", r.Date)
		if err != nil {
			return p, f.Framework, nil, err
		}
		if d.IsZero() {
			return p, f.Framework, nil, fail(where+".data", "indica la data di riferimento.")
		}
		row := pdz.ProfileRow{Date: d, ComuneName: r.Comune, Households: r.Households, Emigrations: r.Emigrations,
			Immigrations: r.Immigrations, Source: r.Source, Notes: r.Notes,
			Bands: [6]pdz.OptInt{r.Bands.B0, r.Bands.B4, r.Bands.B15, r.Bands.B18, r.Bands.B30, r.Bands.B65}}
		if r.Surface != nil {
			v, err := pdz.ParseDecimal(*r.Surface)
			if err != nil || v.Scale > 2 || v.Units <= 0 {
				return p, f.Framework, nil, fail(where+".superficie_kmq", "«%s» non è una superficie in km² con al massimo due decimali.", *r.Surface)
			}
			u := v.Units
			for s := v.Scale; s < 2; s++ {
				u *= 10
			}
			row.Surface = pdz.Some(u)
		}
		p.Profile = append(p.Profile, row)
	}
	for i, d := range f.Profile.Declared {
		where := fmt.Sprintf("profilo.dichiarati[%d]", i)
		dt, err := date(where+".data", d.Date)
		if err != nil {
			return p, f.Framework, nil, err
		}
		v, err := pdz.ParseDecimal(d.Value)
		if err != nil {
			return p, f.Framework, nil, fail(where+".valore", "«%s» non è un numero.", d.Value)
		}
		p.Declared = append(p.Declared, pdz.DeclaredFigure{Date: dt, ComuneName: d.Comune, Quantity: d.Quantity, Value: v, Table: d.Table, Notes: d.Notes})
	}
	for _, x := range f.Inventory {
		p.Inventory = append(p.Inventory, pdz.InventoryItem{Name: x.Name, Owner: x.Owner, Active: x.Active, Notes: x.Notes})
	}
	for _, a := range f.Areas {
		p.Areas = append(p.Areas, pdz.PlanArea{AreaCode: a.Area, Objectives: a.Objectives, Body: a.Text})
	}
	for _, s := range f.Sheets {
		x := pdz.Sheet{Code: s.Code, Title: s.Title, Levels: s.Levels, Areas: s.Areas, Results: s.Results,
			ScopeAmbito: s.Scope.Ambito, ScopeComuni: s.Scope.Comuni, ScopeDistretto: s.Scope.Distretto, ScopeOther: s.Scope.Other,
			MgmtDirect: s.Management.Direct, MgmtOutsourced: s.Management.Outsourced, MgmtOther: s.Management.Other,
			Macro: s.Macro, Intervention: s.Intervention, DeclaredTotal: s.DeclaredTotal, Notes: s.Notes}
		for _, o := range s.Objectives {
			x.Objectives = append(x.Objectives, pdz.SheetObjective{Area: o.Area, Letter: o.Letter, Quoted: o.Quoted})
		}
		for _, y := range s.Years {
			yy := pdz.SheetYear{Year: y.Year, Selected: y.Selected, DeclaredTotal: y.DeclaredTotal}
			for _, a := range y.Amounts {
				yy.Lines = append(yy.Lines, pdz.SheetAmount{SourceCode: a.Source, Amount: a.Cents})
			}
			x.Years = append(x.Years, yy)
		}
		for _, sv := range s.Services {
			x.Services = append(x.Services, pdz.SheetService{Name: sv.Name, Articles: sv.Articles, OtherRef: sv.OtherRef, Users: sv.Users,
				UsersCount: sv.UsersCount, Documents: sv.Documents, Operators: sv.Operators, Actions: sv.Actions})
		}
		p.Sheets = append(p.Sheets, x)
	}
	if err := f.Resources.toPlan(&p, fail, date); err != nil {
		return p, f.Framework, nil, err
	}
	return p, f.Framework, comuni, nil
}

// moneyOutOfBounds finds the first amount of the file above pdz.MaxMoney:
// where it is, and the amount.
func (f *File) moneyOutOfBounds() (string, int64, bool) {
	type amount struct {
		where string
		c     pdz.OptInt
	}
	var all []amount
	add := func(where string, c pdz.OptInt) { all = append(all, amount{where, c}) }
	for i, s := range f.Sheets {
		add(fmt.Sprintf("schede[%d].totale_dichiarato_centesimi", i), s.DeclaredTotal)
		for j, y := range s.Years {
			add(fmt.Sprintf("schede[%d].annualita[%d].totale_dichiarato_centesimi", i, j), y.DeclaredTotal)
			for k, a := range y.Amounts {
				add(fmt.Sprintf("schede[%d].annualita[%d].importi[%d].centesimi", i, j, k), a.Cents)
			}
		}
	}
	r := &f.Resources
	for i, x := range r.Sources {
		for j, a := range x.Availability {
			add(fmt.Sprintf("risorse.fonti[%d].disponibilita[%d].centesimi", i, j), pdz.Some(a.Cents))
		}
		for j, q := range x.Quotas {
			add(fmt.Sprintf("risorse.fonti[%d].quote_fnps[%d].centesimi", i, j), pdz.Some(q.Cents))
		}
	}
	if c := r.Cofinancing; c != nil {
		for i, a := range c.Amounts {
			add(fmt.Sprintf("risorse.cofinanziamento.importi_comuni[%d].centesimi", i), pdz.Some(a.Cents))
		}
	}
	for i, c := range r.Commitments {
		add(fmt.Sprintf("risorse.impegni_comuni[%d].denaro_centesimi", i), c.Cash)
		add(fmt.Sprintf("risorse.impegni_comuni[%d].servizi_centesimi", i), c.Services)
	}
	for i, h := range r.Historical {
		add(fmt.Sprintf("risorse.spesa_storica[%d].centesimi", i), pdz.Some(h.Cents))
	}
	for i, x := range r.Progress {
		add(fmt.Sprintf("risorse.avanzamento_precedente[%d].programmato_centesimi", i), x.Budget)
		add(fmt.Sprintf("risorse.avanzamento_precedente[%d].impegnato_centesimi", i), x.Committed)
		add(fmt.Sprintf("risorse.avanzamento_precedente[%d].liquidato_centesimi", i), x.Paid)
	}
	for _, a := range all {
		if a.c.Set && a.c.V > pdz.MaxMoney {
			return a.where, a.c.V, false
		}
	}
	return "", 0, true
}

// toPlan reads the money of the plan into p (whose sources are read).
func (r *Resources) toPlan(p *pdz.Plan, fail func(where, format string, args ...any) error, date func(where, s string) (pdz.Date, error)) error {
	for i, x := range r.Sources {
		where := fmt.Sprintf("risorse.fonti[%d]", i)
		s := p.SourceByCode(x.Source)
		if s == nil {
			return fail(where, "la fonte «%s» non è tra le fonti di finanziamento del file.", x.Source)
		}
		if len(s.Availability) > 0 || len(s.Quotas) > 0 || s.ParentCode != "" {
			return fail(where, "la fonte «%s» compare due volte.", x.Source)
		}
		s.ParentCode = x.Parent
		for _, a := range x.Availability {
			s.Availability = append(s.Availability, pdz.Availability{From: a.From, To: a.To, Amount: a.Cents, Notes: a.Notes})
		}
		for _, q := range x.Quotas {
			s.Quotas = append(s.Quotas, pdz.Quota{From: q.From, To: q.To, Quota: q.Quota, Amount: q.Cents})
		}
	}
	m := &p.Money
	if c := r.Cofinancing; c != nil {
		d, err := date("risorse.cofinanziamento.data_popolazione", c.Date)
		if err != nil {
			return err
		}
		bp, err := pdz.ParsePercent(c.CashPercent)
		if err != nil {
			return fail("risorse.cofinanziamento.quota_denaro_percentuale", "«%s» non è una percentuale.", c.CashPercent)
		}
		m.RuleSet, m.Rule = true, pdz.CofinancingRule{Split: c.Split, Date: d, CashShare: bp, Notes: c.Notes}
		for _, a := range c.Amounts {
			m.Quotas = append(m.Quotas, pdz.ComuneAmount{ComuneName: a.Comune, Amount: a.Cents})
		}
	}
	for _, c := range r.Commitments {
		m.Commitments = append(m.Commitments, pdz.Commitment{ComuneName: c.Comune, Year: c.Year, Cash: c.Cash, Services: c.Services, Notes: c.Notes})
	}
	for _, h := range r.Historical {
		m.Historical = append(m.Historical, pdz.HistoricalSpending{ComuneName: h.Comune, From: h.From, To: h.To, Amount: h.Cents, Notes: h.Notes})
	}
	for i, x := range r.Staff {
		where := fmt.Sprintf("risorse.assistenti_sociali[%d]", i)
		d, err := date(where+".data", x.Date)
		if err != nil {
			return err
		}
		n, err := pdz.ParsePercent(x.Count) // hundredths, like a percentage's basis points
		if err != nil {
			return fail(where+".numero", "«%s» non è un numero con al massimo due decimali.", x.Count)
		}
		m.Staff = append(m.Staff, pdz.SocialWorkers{Date: d, ComuneName: x.Comune, Count: n, Notes: x.Notes})
	}
	for _, x := range r.Progress {
		m.Progress = append(m.Progress, pdz.Progress{Fund: x.Fund, Period: x.Period, Budget: x.Budget, Committed: x.Committed, Paid: x.Paid,
			TargetCode: x.Target, Notes: x.Notes})
	}
	for i, x := range r.Declared {
		where := fmt.Sprintf("risorse.dichiarati[%d]", i)
		v, err := pdz.ParseDecimal(x.Value)
		if err != nil {
			return fail(where+".valore", "«%s» non è un numero.", x.Value)
		}
		m.Declared = append(m.Declared, pdz.DeclaredMoney{Quantity: x.Quantity, SourceCode: x.Source, Quota: x.Quota, ComuneName: x.Comune,
			From: x.From, To: x.To, Subject: x.Subject, Value: v, Table: x.Table, Notes: x.Notes})
	}
	return nil
}
