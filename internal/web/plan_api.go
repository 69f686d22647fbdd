package web

import (
	"encoding/csv"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/pdz-ats/pdz/internal/locale"
	"github.com/pdz-ats/pdz/internal/pdz"
	"github.com/pdz-ats/pdz/internal/pianofile"
	"github.com/pdz-ats/pdz/internal/profilo"
	"github.com/pdz-ats/pdz/internal/spreadsheet"
)

// The plan in the public JSON API (documented in openapi.json) and the
// downloads of its public pages. Money is in integer cents; ratios are
// decimal strings with a dot ("2.83"); absent figures are left out.

func (s *Server) planAPIRoutes() []route {
	const base = "/api/v1/ambiti/{ambito}/piani"
	return []route{
		{"GET " + base, public, s.apiPlans},
		{"GET " + base + "/{piano}", public, s.apiPlan},
		{"GET " + base + "/{piano}/profilo", public, s.apiProfile},
		{"GET " + base + "/{piano}/schede", public, s.apiSheets},
		{"GET " + base + "/{piano}/schede/{scheda}", public, s.apiSheet},
	}
}

type apiCode struct {
	Code  string `json:"codice"`
	Title string `json:"titolo"`
}

type apiPlanSummary struct {
	Slug        string `json:"id"`
	Title       string `json:"titolo"`
	Cycle       string `json:"ciclo"`
	Years       []int  `json:"anni"`
	Status      string `json:"stato"`
	AdoptedOn   string `json:"adottato_il,omitempty"`
	AdoptionAct string `json:"atto_adozione,omitempty"`
	Framework   string `json:"quadro_regionale"`
	UpdatedAt   string `json:"aggiornato_il"`
	URL         string `json:"url"`
}

type apiObjective struct {
	Area     string `json:"area"`
	Letter   string `json:"lettera,omitempty"`
	Title    string `json:"titolo"`
	Quoted   string `json:"titolo_citato,omitempty"`
	External bool   `json:"non_regionale"`
}

type apiPlanArea struct {
	Code       string         `json:"codice"`
	Title      string         `json:"titolo"`
	Objectives []apiObjective `json:"obiettivi"`
	Text       string         `json:"testo,omitempty"`
	Sheets     []string       `json:"schede"`
	URL        string         `json:"url"`
}

type apiSource struct {
	Code   string `json:"codice"`
	Name   string `json:"nome"`
	Kind   string `json:"tipo"`
	Action string `json:"azione,omitempty"`
	Act    string `json:"atto,omitempty"`
}

type apiYearTotal struct {
	Year     int   `json:"anno"`
	Cents    int64 `json:"centesimi"`
	Complete bool  `json:"completo"`
}

type apiSheetSummary struct {
	Code     string `json:"codice"`
	Title    string `json:"titolo"`
	Total    int64  `json:"totale_calcolato_centesimi"`
	Complete bool   `json:"importi_completi"`
	Missing  int    `json:"informazioni_mancanti"`
	Conflict int    `json:"incongruenze"`
	URL      string `json:"url"`
}

type apiPlan struct {
	apiPlanSummary
	Intro     string            `json:"introduzione,omitempty"`
	Areas     []apiPlanArea     `json:"aree"`
	Sources   []apiSource       `json:"fonti_finanziamento"`
	Sheets    []apiSheetSummary `json:"schede"`
	Years     []apiYearTotal    `json:"programmato_per_anno"`
	Downloads map[string]string `json:"scaricamenti"`
}

type apiBands struct {
	B0  *int64 `json:"0-3,omitempty"`
	B4  *int64 `json:"4-14,omitempty"`
	B15 *int64 `json:"15-17,omitempty"`
	B18 *int64 `json:"18-29,omitempty"`
	B30 *int64 `json:"30-64,omitempty"`
	B65 *int64 `json:"65+,omitempty"`
}

type apiTerritory struct {
	Name         string   `json:"nome"`
	Istat        string   `json:"codice_istat,omitempty"`
	Bands        apiBands `json:"fasce"`
	Population   *int64   `json:"popolazione,omitempty"`
	Households   *int64   `json:"famiglie,omitempty"`
	AvgHousehold string   `json:"ampiezza_media_famiglie,omitempty"`
	Surface      string   `json:"superficie_kmq,omitempty"`
	Density      string   `json:"densita,omitempty"`
	Emigrations  *int64   `json:"emigrati,omitempty"`
	Immigrations *int64   `json:"immigrati,omitempty"`
	Balance      *int64   `json:"saldo_migratorio,omitempty"`
	OldAge       string   `json:"indice_vecchiaia,omitempty"`
	Dependency   string   `json:"indice_dipendenza,omitempty"`
}

type apiChange struct {
	Quantity     string `json:"grandezza"`
	Value        int64  `json:"valore"`
	From         string `json:"dal"`
	FromDeclared bool   `json:"base_dichiarata"`
}

type apiCheck struct {
	Date      string `json:"data"`
	Territory string `json:"territorio"`
	Quantity  string `json:"grandezza"`
	Declared  string `json:"dichiarato"`
	Computed  string `json:"calcolato,omitempty"`
	Verdict   string `json:"esito"`
	Where     string `json:"fonte"`
}

type apiInventoryItem struct {
	Name   string `json:"denominazione"`
	Owner  string `json:"ente_titolare,omitempty"`
	Active string `json:"attivo"`
}

type apiProfile struct {
	Date      string             `json:"data_riferimento,omitempty"`
	Comuni    []apiTerritory     `json:"comuni"`
	Ambito    *apiTerritory      `json:"ambito,omitempty"`
	Changes   []apiChange        `json:"variazioni"`
	Checks    []apiCheck         `json:"verifiche"`
	Inventory []apiInventoryItem `json:"servizi_esistenti"`
	Emerging  string             `json:"fenomeni_emergenti,omitempty"`
	Welfare   string             `json:"stato_welfare,omitempty"`
}

type apiAmount struct {
	Source     string `json:"fonte,omitempty"`
	SourceName string `json:"nome_fonte,omitempty"`
	Cents      *int64 `json:"centesimi,omitempty"`
	ToDefine   bool   `json:"da_definire"`
}

type apiSheetYear struct {
	Year     int         `json:"anno"`
	Selected bool        `json:"spuntato"`
	Amounts  []apiAmount `json:"importi"`
	Computed int64       `json:"totale_calcolato_centesimi"`
	Complete bool        `json:"completo"`
	Declared *int64      `json:"totale_dichiarato_centesimi,omitempty"`
}

type apiArticle struct {
	Article string `json:"articolo"`
	Title   string `json:"titolo,omitempty"`
}

type apiService struct {
	Name       string       `json:"denominazione"`
	Articles   []apiArticle `json:"articoli_rr_4_2007"`
	OtherRef   string       `json:"altro_riferimento,omitempty"`
	Users      string       `json:"utenza,omitempty"`
	UsersCount *int64       `json:"numero_utenti,omitempty"`
	Documents  string       `json:"documenti_collegati,omitempty"`
	Operators  string       `json:"profilo_operatori,omitempty"`
	Actions    string       `json:"azioni,omitempty"`
}

type apiFinding struct {
	Kind    string `json:"tipo"`
	Message string `json:"messaggio"`
}

type apiScope struct {
	Ambito    bool   `json:"ambito"`
	Comuni    bool   `json:"singoli_comuni"`
	Distretto bool   `json:"distretto"`
	Other     string `json:"altro,omitempty"`
}

type apiManagement struct {
	Direct     bool   `json:"diretta"`
	Outsourced bool   `json:"affidamento_a_terzi"`
	Other      string `json:"altro,omitempty"`
}

type apiSheet struct {
	Code         string         `json:"codice"`
	Title        string         `json:"titolo"`
	Levels       []apiCode      `json:"livelli_priorita"`
	Areas        []apiCode      `json:"aree"`
	Objectives   []apiObjective `json:"obiettivi"`
	Results      string         `json:"risultati_attesi,omitempty"`
	Scope        apiScope       `json:"valenza_territoriale"`
	Management   apiManagement  `json:"modalita_gestione"`
	Macro        *apiCode       `json:"macro_attivita,omitempty"`
	Intervention *apiCode       `json:"intervento,omitempty"`
	Years        []apiSheetYear `json:"annualita"`
	Total        int64          `json:"totale_calcolato_centesimi"`
	Complete     bool           `json:"importi_completi"`
	Declared     *int64         `json:"totale_dichiarato_centesimi,omitempty"`
	Services     []apiService   `json:"servizi"`
	Findings     []apiFinding   `json:"rilievi"`
	URL          string         `json:"url"`
	// Only in the single sheet's document: the proposals it takes up and
	// the needs it answers (issue 4).
	Proposals []apiSheetProposal `json:"proposte,omitempty"`
	Needs     []apiSheetNeed     `json:"bisogni,omitempty"`
}

func ptr(o pdz.OptInt) *int64 {
	if !o.Set {
		return nil
	}
	v := o.V
	return &v
}

func ratioText(r profilo.Ratio) string {
	if !r.OK() {
		return ""
	}
	return r.Round(2).String()
}

func (s *Server) toAPIPlanSummary(r *http.Request, a *pdz.Ambito, p *pdz.Plan) apiPlanSummary {
	return apiPlanSummary{Slug: p.Slug, Title: p.Title, Cycle: p.Cycle, Years: nonNilInts(p.Years), Status: string(p.Status),
		AdoptedOn: p.AdoptedOn.String(), AdoptionAct: p.AdoptionAct, Framework: p.Framework.Slug,
		UpdatedAt: p.UpdatedAt.In(locale.Rome).Format(time.RFC3339), URL: s.absURL(r, planBase(a, p))}
}

func nonNilInts(xs []int) []int {
	if xs == nil {
		return []int{}
	}
	return xs
}

func (s *Server) toAPIPlan(r *http.Request, a *pdz.Ambito, p *pdz.Plan) apiPlan {
	base := s.absURL(r, planBase(a, p))
	out := apiPlan{apiPlanSummary: s.toAPIPlanSummary(r, a, p), Intro: p.Intro, Areas: []apiPlanArea{}, Sources: []apiSource{},
		Sheets: []apiSheetSummary{}, Years: []apiYearTotal{},
		Downloads: map[string]string{"piano_json": base + "/piano.json", "profilo_csv": base + "/profilo.csv", "profilo_json": base + "/profilo.json",
			"schede_csv": base + "/schede.csv", "schede_json": base + "/schede.json"}}
	for _, row := range planAreaRows(p) {
		ar := apiPlanArea{Code: row.Area.Code, Title: row.Area.Title, Objectives: []apiObjective{}, Sheets: []string{},
			URL: base + "/aree/" + row.Area.Code}
		if row.Text != nil {
			ar.Text = row.Text.Body
		}
		for _, o := range row.Objectives {
			ar.Objectives = append(ar.Objectives, apiObjective{Area: row.Area.Code, Letter: o.Code, Title: o.Title})
		}
		for _, sh := range row.Sheets {
			ar.Sheets = append(ar.Sheets, sh.Code)
		}
		out.Areas = append(out.Areas, ar)
	}
	for _, x := range p.Sources {
		out.Sources = append(out.Sources, apiSource{x.Code, x.Name, x.Kind, x.Action, x.Act})
	}
	for _, row := range sheetRows(p) {
		out.Sheets = append(out.Sheets, apiSheetSummary{Code: row.Sheet.Code, Title: row.Sheet.Title, Total: row.Total, Complete: row.Complete,
			Missing: row.Missing, Conflict: row.Conflicts, URL: s.absURL(r, sheetPath(planBase(a, p), row.Sheet))})
	}
	for i, y := range planTotals(p).Years {
		out.Years = append(out.Years, apiYearTotal{Year: p.Years[i], Cents: y.Cents, Complete: y.Complete})
	}
	return out
}

func toAPITerritory(f *profilo.Figures, istat string) apiTerritory {
	t := apiTerritory{Name: f.Name, Istat: istat, Population: ptr(f.Population()), Households: ptr(f.Households),
		AvgHousehold: ratioText(f.Value("ampiezza_famiglie")), Surface: ratioText(f.Value("superficie")), Density: ratioText(f.Value("densita")),
		Emigrations: ptr(f.Emigrations), Immigrations: ptr(f.Immigrations), Balance: ptr(f.Balance()),
		OldAge: ratioText(f.Value("indice_vecchiaia")), Dependency: ratioText(f.Value("indice_dipendenza")),
		Bands: apiBands{ptr(f.Bands[0]), ptr(f.Bands[1]), ptr(f.Bands[2]), ptr(f.Bands[3]), ptr(f.Bands[4]), ptr(f.Bands[5])}}
	return t
}

func toAPIProfile(p *pdz.Plan, cs []pdz.Comune) apiProfile {
	prof := profilo.Build(p.Profile, p.Declared, cs)
	out := apiProfile{Comuni: []apiTerritory{}, Changes: []apiChange{}, Checks: []apiCheck{}, Inventory: []apiInventoryItem{},
		Emerging: p.EmergingText, Welfare: p.WelfareText}
	codes := map[int64]string{}
	for _, c := range cs {
		codes[c.ID] = c.IstatCode
	}
	if latest := prof.Latest(); latest != nil {
		out.Date = latest.Date.String()
		for i := range latest.Comuni {
			out.Comuni = append(out.Comuni, toAPITerritory(&latest.Comuni[i], codes[latest.Comuni[i].ComuneID]))
		}
		amb := toAPITerritory(&latest.Ambito, "")
		out.Ambito = &amb
		for _, q := range []string{"var_popolazione", "var_minori", "var_65", "var_famiglie"} {
			if ch := prof.Change(q, 0, latest.Date); ch.OK {
				out.Changes = append(out.Changes, apiChange{q, ch.Value, ch.From.String(), ch.FromDeclared})
			}
		}
	}
	for _, c := range prof.Checks() {
		ac := apiCheck{Date: c.Declared.Date.String(), Territory: c.Territory, Quantity: c.Declared.Quantity,
			Declared: c.Declared.Value.String(), Verdict: string(c.Verdict), Where: c.Declared.Table}
		if c.Known {
			ac.Computed = c.Computed.String()
		}
		out.Checks = append(out.Checks, ac)
	}
	for _, x := range p.Inventory {
		out.Inventory = append(out.Inventory, apiInventoryItem{x.Name, x.Owner, x.Active})
	}
	return out
}

func (s *Server) toAPISheet(r *http.Request, a *pdz.Ambito, p *pdz.Plan, sh *pdz.Sheet) apiSheet {
	fw := p.Framework
	v := buildSheet(p, sh)
	out := apiSheet{Code: sh.Code, Title: sh.Title, Levels: []apiCode{}, Areas: []apiCode{}, Objectives: []apiObjective{}, Results: sh.Results,
		Scope:      apiScope{sh.ScopeAmbito, sh.ScopeComuni, sh.ScopeDistretto, sh.ScopeOther},
		Management: apiManagement{sh.MgmtDirect, sh.MgmtOutsourced, sh.MgmtOther},
		Years:      []apiSheetYear{}, Total: v.sheetRow.Total, Complete: v.Complete, Declared: ptr(sh.DeclaredTotal),
		Services: []apiService{}, Findings: []apiFinding{}, URL: s.absURL(r, sheetPath(planBase(a, p), sh))}
	for _, l := range sh.Levels {
		if x := fw.Level(l); x != nil {
			out.Levels = append(out.Levels, apiCode{x.Code, x.Title})
		}
	}
	for _, c := range sh.Areas {
		if x := fw.Area(c); x != nil {
			out.Areas = append(out.Areas, apiCode{x.Code, x.Title})
		}
	}
	for _, o := range v.Objectives {
		title := o.Title
		if o.Other() {
			title = o.Quoted
		}
		out.Objectives = append(out.Objectives, apiObjective{Area: o.Area, Letter: o.Letter, Title: title, Quoted: o.Quoted, External: o.Other()})
	}
	if m := fw.Macro(sh.Macro); m != nil {
		out.Macro = &apiCode{m.Code, m.Title}
	} else if sh.Macro == pdz.MacroOther {
		out.Macro = &apiCode{pdz.MacroOther, "Altro"}
	}
	if it, _ := fw.Intervention(sh.Intervention); it != nil {
		out.Intervention = &apiCode{it.Code, it.Title}
	}
	for i := range sh.Years {
		y := &sh.Years[i]
		c, ok := y.Computed()
		ay := apiSheetYear{Year: y.Year, Selected: y.Selected, Amounts: []apiAmount{}, Computed: c, Complete: ok && (len(y.Lines) > 0 || y.DeclaredTotal.Set),
			Declared: ptr(y.DeclaredTotal)}
		for _, l := range y.Lines {
			am := apiAmount{Source: l.SourceCode, Cents: ptr(l.Amount), ToDefine: !l.Amount.Set}
			if src := p.Source(l.SourceID); src != nil {
				am.SourceName = src.Name
			}
			ay.Amounts = append(ay.Amounts, am)
		}
		out.Years = append(out.Years, ay)
	}
	for _, sv := range v.Services {
		as := apiService{Name: sv.Name, Articles: []apiArticle{}, OtherRef: sv.OtherRef, Users: sv.Users, UsersCount: ptr(sv.UsersCount),
			Documents: sv.Documents, Operators: sv.Operators, Actions: sv.SheetService.Actions}
		for _, art := range sv.Articles {
			as.Articles = append(as.Articles, apiArticle{art.Code, art.Title})
		}
		out.Services = append(out.Services, as)
	}
	for _, f := range v.Findings {
		out.Findings = append(out.Findings, apiFinding{f.Kind, f.Message})
	}
	return out
}

func (s *Server) apiPlans(w http.ResponseWriter, r *http.Request) error {
	return s.cached(w, r, func(w http.ResponseWriter, r *http.Request) error {
		a, err := s.store.AmbitoBySlug(r.Context(), r.PathValue("ambito"))
		if err != nil {
			return err
		}
		ps, err := s.store.Plans(r.Context(), a.ID, true)
		if err != nil {
			return err
		}
		out := []apiPlanSummary{}
		for _, head := range ps {
			p, err := s.store.Plan(r.Context(), a.ID, head.ID)
			if err != nil {
				return err
			}
			out = append(out, s.toAPIPlanSummary(r, &a, &p))
		}
		writeJSON(w, http.StatusOK, out)
		return nil
	})
}

func (s *Server) apiPlan(w http.ResponseWriter, r *http.Request) error {
	return s.cached(w, r, func(w http.ResponseWriter, r *http.Request) error {
		a, p, err := s.publishedPlan(r)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, s.toAPIPlan(r, &a, &p))
		return nil
	})
}

func (s *Server) apiProfile(w http.ResponseWriter, r *http.Request) error {
	return s.cached(w, r, func(w http.ResponseWriter, r *http.Request) error {
		_, p, cs, err := s.publishedPlanComuni(r)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, toAPIProfile(&p, cs))
		return nil
	})
}

func (s *Server) apiSheetList(r *http.Request, a *pdz.Ambito, p *pdz.Plan) []apiSheet {
	out := []apiSheet{}
	for i := range p.Sheets {
		out = append(out, s.toAPISheet(r, a, p, &p.Sheets[i]))
	}
	return out
}

func (s *Server) apiSheets(w http.ResponseWriter, r *http.Request) error {
	return s.cached(w, r, func(w http.ResponseWriter, r *http.Request) error {
		a, p, err := s.publishedPlan(r)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, s.apiSheetList(r, &a, &p))
		return nil
	})
}

func (s *Server) apiSheet(w http.ResponseWriter, r *http.Request) error {
	return s.cached(w, r, func(w http.ResponseWriter, r *http.Request) error {
		a, p, sh, err := s.publishedSheet(r)
		if err != nil {
			return err
		}
		out := s.toAPISheet(r, &a, &p, sh)
		trace, err := s.traceOf(r, &a, &p, sh)
		if err != nil {
			return err
		}
		for _, x := range trace.Proposals {
			out.Proposals = append(out.Proposals, apiSheetProposal{ID: x.ID, Title: x.Title, Status: string(x.Status), URL: s.absURL(r, trace.ProcessBase+"/proposte/"+itoa64(x.ID))})
		}
		for _, n := range trace.Needs {
			out.Needs = append(out.Needs, apiSheetNeed{Text: n.Text, Area: n.AreaName, Target: n.Target, Comune: n.Comune})
		}
		writeJSON(w, http.StatusOK, out)
		return nil
	})
}

// ---- downloads of the public pages

func attachment(w http.ResponseWriter, name, contentType string) {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
}

func (s *Server) downloadProfileCSV(w http.ResponseWriter, r *http.Request) error {
	return s.cached(w, r, func(w http.ResponseWriter, r *http.Request) error {
		a, p, cs, err := s.publishedPlanComuni(r)
		if err != nil {
			return err
		}
		attachment(w, a.Slug+"-"+p.Slug+"-profilo.csv", "text/csv; charset=utf-8")
		return profilo.WriteCSV(w, p.Profile, cs)
	})
}

func (s *Server) downloadProfileJSON(w http.ResponseWriter, r *http.Request) error {
	return s.cached(w, r, func(w http.ResponseWriter, r *http.Request) error {
		a, p, cs, err := s.publishedPlanComuni(r)
		if err != nil {
			return err
		}
		w.Header().Set("Content-Disposition", `attachment; filename="`+a.Slug+"-"+p.Slug+`-profilo.json"`)
		writeJSON(w, http.StatusOK, toAPIProfile(&p, cs))
		return nil
	})
}

func (s *Server) downloadSheetsJSON(w http.ResponseWriter, r *http.Request) error {
	return s.cached(w, r, func(w http.ResponseWriter, r *http.Request) error {
		a, p, err := s.publishedPlan(r)
		if err != nil {
			return err
		}
		w.Header().Set("Content-Disposition", `attachment; filename="`+a.Slug+"-"+p.Slug+`-schede.json"`)
		writeJSON(w, http.StatusOK, s.apiSheetList(r, &a, &p))
		return nil
	})
}

// downloadSheetsCSV writes one row per sheet, year and funding source, with
// the sheet's fields repeated: the shape a spreadsheet pivot table wants.
func (s *Server) downloadSheetsCSV(w http.ResponseWriter, r *http.Request) error {
	return s.cached(w, r, func(w http.ResponseWriter, r *http.Request) error {
		a, p, err := s.publishedPlan(r)
		if err != nil {
			return err
		}
		attachment(w, a.Slug+"-"+p.Slug+"-schede.csv", "text/csv; charset=utf-8")
		cw := csv.NewWriter(w)
		cw.Comma = ';'
		cw.Write([]string{"scheda", "titolo", "livelli_priorita", "aree", "macro_attivita", "intervento", "anno", "spuntato",
			"fonte", "nome_fonte", "importo_euro", "importo_centesimi", "servizi", "completa"})
		for _, row := range sheetRows(&p) {
			sh := row.Sheet
			var services []string
			for _, sv := range sh.Services {
				services = append(services, sv.Name)
			}
			// Texts typed in the back office go through the formula guard:
			// this file is downloaded by anyone and opened in a spreadsheet.
			text := spreadsheet.CSVText
			head := []string{text(sh.Code), text(sh.Title), text(strings.Join(row.LevelTitles, ", ")), text(strings.Join(row.AreaTitles, ", ")), text(sh.Macro), text(sh.Intervention)}
			tail := []string{text(strings.Join(services, " | ")), yesNo(row.Missing == 0)}
			written := false
			for _, y := range sh.Years {
				for _, l := range y.Lines {
					name := ""
					if src := p.Source(l.SourceID); src != nil {
						name = text(src.Name)
					}
					euro, cents := "", ""
					if l.Amount.Set {
						euro, cents = pdz.MoneyValue(l.Amount.V), strconv.FormatInt(l.Amount.V, 10)
					}
					cw.Write(append(append(append([]string{}, head...), strconv.Itoa(y.Year), yesNo(y.Selected), l.SourceCode, name, euro, cents), tail...))
					written = true
				}
			}
			if !written {
				cw.Write(append(append(append([]string{}, head...), "", "", "", "", "", ""), tail...))
			}
		}
		cw.Flush()
		return cw.Error()
	})
}

func yesNo(b bool) string {
	if b {
		return "sì"
	}
	return "no"
}

func (s *Server) downloadPlanFile(w http.ResponseWriter, r *http.Request) error {
	return s.cached(w, r, func(w http.ResponseWriter, r *http.Request) error {
		a, p, cs, err := s.publishedPlanComuni(r)
		if err != nil {
			return err
		}
		attachment(w, a.Slug+"-"+p.Slug+".json", "application/json; charset=utf-8")
		w.Header().Set("Access-Control-Allow-Origin", "*")
		return pianofile.Encode(w, pianofile.Export(&p, cs))
	})
}
