package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/pdz-ats/pdz/internal/demo"
	"github.com/pdz-ats/pdz/internal/pdz"
)

// The public pages of the demo plan show seed 003's figures computed, the
// printed ones beside them and the disagreements flagged.
func TestPlanPublicPages(t *testing.T) {
	hs := newHarness(t, true)
	base := "/ambiti/casarano/piani/pdz-2022-2024"
	home := hs.get(base, nil)
	mustContain(t, "plan home", home.body, "Piano Sociale di Zona 2022-2024", "Adottato il 1 giugno 2023",
		"Sistema di welfare d&#39;accesso", "piano.json", `role="img"`)
	prof := hs.get(base+"/profilo", nil)
	if prof.code != 200 {
		t.Fatalf("profile: %d", prof.code)
	}
	mustContain(t, "profile", prof.body,
		"70.274",                                              // computed total
		"2,83",                                                // Casarano's household size, computed
		"3,2",                                                 // …and as printed
		"Non coincide",                                        // the verdict
		"Tabella delle famiglie",                              // where the wrong figure is printed
		"8.824",                                               // Parabita's other population
		"44,46",                                               // density, right
		"-152",                                                // migration balance
		"Rete di servizi e strutture per PIS", "Non indicato", // inventory row 6, active not stated
		`aria-labelledby="grafico-famiglie-t grafico-famiglie-d"`, "<desc id=\"grafico-saldo-d\">",
		"Fenomeni sociali emergenti")
	doc := prof.doc(t)
	if n := doc.Find("svg[role=img]").Length(); n != 4 {
		t.Errorf("%d charts on the profile", n)
	}
	if doc.Find("[style]").Length() > 0 {
		t.Error("an element has an inline style: the Content-Security-Policy forbids it")
	}
	sheets := hs.get(base+"/schede", nil)
	mustContain(t, "sheets", sheets.body, "B.4 – Supporto alle famiglie e alle reti familiari", "€ 742.927,35", "informazioni mancanti")
	b4 := hs.get(base+"/schede/B.4", nil)
	mustContain(t, "sheet B.4", b4.body, "Il totale stampato € 742.927,33 non è la somma delle annualità (€ 742.927,35): differenza € 0,02.",
		"€ 211.500,00 PNRR-1.1.1", "art. 96 R.R. 4/2007 (Affidamento familiare e adozione)", "Citato nella scheda come")
	b1 := hs.get(base+"/schede/B.1", nil)
	mustContain(t, "sheet B.1", b1.body, "€ ____ FONDI-REGIONALI", "Anno 2022: importo da definire")
	if r := hs.get(base+"/schede/Z.9", nil); r.code != 404 {
		t.Errorf("missing sheet: %d", r.code)
	}
	area := hs.get(base+"/aree/2", nil)
	mustContain(t, "area 2", area.body, "Politiche familiari e la tutela dei minori", "Scheda B.2", "Scheda E.8", "Prevenire e contrastare il disagio minorile")
	// Downloads.
	csvr := hs.get(base+"/profilo.csv", nil)
	if !strings.HasPrefix(csvr.body, "data;comune;codice_istat;0-3;") || !strings.Contains(csvr.body, "31/12/2021;Parabita;075059;238;736;228;1092;4228;2301;3832;;143;136;") {
		t.Errorf("profile CSV:\n%s", csvr.body)
	}
	sc := hs.get(base+"/schede.csv", nil)
	if !strings.Contains(sc.body, "B.4;Supporto alle famiglie e alle reti familiari;") || !strings.Contains(sc.body, ";2023;sì;PNRR-1.1.1;") {
		t.Errorf("sheets CSV: %.400s", sc.body)
	}
	if file := hs.get(base+"/piano.json", nil); file.body != string(demo.Casarano2022()) {
		t.Error("the public plan file is not the export of the plan")
	}
	// API.
	var api struct {
		Verifiche []struct {
			Territorio, Grandezza, Dichiarato, Calcolato, Esito string
		} `json:"verifiche"`
	}
	if err := json.Unmarshal([]byte(hs.get("/api/v1"+base+"/profilo", nil).body), &api); err != nil {
		t.Fatal(err)
	}
	flagged := 0
	for _, v := range api.Verifiche {
		if v.Esito == "discorde" {
			flagged++
		}
		if v.Territorio == "Matino" && v.Grandezza == "ampiezza_famiglie" && (v.Dichiarato != "2" || v.Calcolato != "2.41" || v.Esito != "discorde") {
			t.Errorf("Matino: %+v", v)
		}
	}
	if flagged != 9 {
		t.Errorf("%d flagged figures in the API", flagged)
	}
	// An unpublished plan has no public pages.
	p := hs.plan("casarano", "pdz-2022-2024")
	if err := hs.st.SetPlanPublished(context.Background(), pdz.SystemActor, p.AmbitoID, p.ID, false); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{base, base + "/profilo", base + "/schede/A.1", base + "/piano.json", "/api/v1" + base} {
		if r := hs.get(path, nil); r.code != 404 {
			t.Errorf("%s of an unpublished plan: %d", path, r.code)
		}
	}
}

func respCookie(hs *harness) *http.Cookie {
	return hs.user("resp@example.org", false, map[string]pdz.Role{"casarano": pdz.RoleResponsabile})
}

// The sheet form saves an incomplete sheet and says what is missing;
// refuses what the framework does not know, keeping what was typed.
func TestSheetForm(t *testing.T) {
	hs := newHarness(t, true)
	c := respCookie(hs)
	p := hs.plan("casarano", "pdz-2022-2024")
	adm := "/admin/a/casarano/piani/" + strconv.FormatInt(p.ID, 10)
	pdzSrc := strconv.FormatInt(p.SourceByCode("PDZ").ID, 10)

	bad := url.Values{"code": {"G.1"}, "title": {"Nuova scheda"}, "obj_1": {"2|Z"}, "obj_quoted_1": {"Un obiettivo"},
		"intervention": {"B.9"}, "y2022_sel": {"1"}, "y2022_src_1": {pdzSrc}, "y2022_amt_1": {"1.000,5x"}}
	r := hs.post(adm+"/schede", bad, c)
	if r.code != 400 {
		t.Fatalf("bad sheet: %d", r.code)
	}
	mustContain(t, "bad sheet", r.body, "le lettere previste sono A, B, C, D, E, F, I, J, K", "Il codice di intervento «B.9» non esiste",
		"Importo non valido", `value="1.000,5x"`, `value="Un obiettivo"`)

	good := url.Values{"code": {"G.1"}, "title": {"Nuova scheda in bozza"}, "areas": {"2"}, "obj_1": {"2|K"},
		"macro": {"B"}, "intervention": {"B.2"}, "y2022_sel": {"1"}, "y2022_src_1": {pdzSrc}, "y2022_amt_1": {"1.000,50"},
		"y2023_sel": {"1"}, "y2023_src_1": {pdzSrc}, "y2023_amt_1": {""}}
	r = hs.post(adm+"/schede", good, c)
	if r.code != http.StatusSeeOther {
		t.Fatalf("incomplete sheet: %d %s", r.code, r.body)
	}
	after := hs.plan("casarano", "pdz-2022-2024")
	g := after.SheetByCode("G.1")
	if g == nil || g.Year(2022).Lines[0].Amount != pdz.Some(100050) || g.Year(2023).Lines[0].Amount.Set || g.Year(2024) != nil {
		t.Fatalf("saved: %+v", g)
	}
	page := hs.get(r.hdr.Get("Location"), c)
	mustContain(t, "sheet page", page.body, "Anno 2023: importo da definire", "Livello di priorità non indicato")
	// The dashboard lists it among the incomplete sheets.
	dash := hs.get(adm, c)
	mustContain(t, "dashboard", dash.body, "Schede incomplete", "Scheda G.1 – Nuova scheda in bozza")

	// A service with an article the framework does not list.
	sv := hs.post(adm+"/schede/"+strconv.FormatInt(g.ID, 10)+"/servizi", url.Values{"name": {"Sportello"}, "articles": {"83, 999"}}, c)
	if sv.code != 400 || !strings.Contains(sv.body, "L&#39;articolo 999 non è tra gli articoli del R.R. 4/2007") {
		t.Errorf("service with unknown article: %d", sv.code)
	}
	sv = hs.post(adm+"/schede/"+strconv.FormatInt(g.ID, 10)+"/servizi", url.Values{"name": {"Sportello"}, "articles": {"Artt. 83-87 bis"}, "users_count": {"150"}}, c)
	if sv.code != http.StatusSeeOther {
		t.Errorf("service: %d", sv.code)
	}
	after = hs.plan("casarano", "pdz-2022-2024")
	if s := after.SheetByCode("G.1").Services; len(s) != 1 || strings.Join(s[0].Articles, "|") != "83|87 bis" || s[0].UsersCount != pdz.Some(150) {
		t.Errorf("service saved: %+v", s)
	}
	// A used source cannot be deleted; the page explains.
	del := hs.post(adm+"/fonti/"+pdzSrc+"/elimina", url.Values{"conferma": {"1"}}, c)
	if del.code != http.StatusConflict || !strings.Contains(del.body, "usata negli importi") {
		t.Errorf("delete used source: %d", del.code)
	}
}

// Chapter II: objectives must be the framework's; the sheets of the area
// are listed without being typed.
func TestPlanAreaForm(t *testing.T) {
	hs := newHarness(t, true)
	c := respCookie(hs)
	p := hs.plan("casarano", "pdz-2022-2024")
	adm := "/admin/a/casarano/piani/" + strconv.FormatInt(p.ID, 10)
	r := hs.post(adm+"/aree/3", url.Values{"objectives": {"A", "Q"}, "body": {"# Anziani\nTesto con <b>tag</b>"}}, c)
	if r.code != 400 || !strings.Contains(r.body, "L&#39;obiettivo «Q» non esiste") {
		t.Fatalf("unknown objective: %d", r.code)
	}
	r = hs.post(adm+"/aree/3", url.Values{"objectives": {"A", "C"}, "body": {"## Anziani\n\nTesto con <b>tag</b> e **forza**."}}, c)
	if r.code != http.StatusSeeOther {
		t.Fatalf("area: %d", r.code)
	}
	page := hs.get("/ambiti/casarano/piani/pdz-2022-2024/aree/3", nil)
	mustContain(t, "area 3", page.body, "<h4>Anziani</h4>", "Testo con &lt;b&gt;tag&lt;/b&gt; e <strong>forza</strong>.",
		"Implementare l&#39;Assistenza Domiciliare Sociale", "Scheda B.8", "Scheda C.1")
	if strings.Contains(page.body, "<b>tag</b>") {
		t.Error("typed HTML reached the page")
	}
}

// A POSAS file uploaded through the form updates the bands of the
// Comuni; a malformed one imports nothing and names line and column.
func TestProfileImportForm(t *testing.T) {
	hs := newHarness(t, true)
	c := respCookie(hs)
	p := hs.plan("casarano", "pdz-2022-2024")
	adm := "/admin/a/casarano/piani/" + strconv.FormatInt(p.ID, 10)
	sample, err := os.ReadFile("../profilo/testdata/posas_lecce_2022.csv")
	if err != nil {
		t.Fatal(err)
	}
	broken := bytes.Replace(sample, []byte("75042;Matino;17;"), []byte("75042;Matino;17x;"), 1)
	r := hs.postMultipart(adm+"/profilo/importa", url.Values{"kind": {"posas"}}, "posas.csv", broken, c)
	if r.code != 400 || !strings.Contains(r.body, "colonna «Età»") || !strings.Contains(r.body, "Il file non è stato importato. Riga") {
		t.Fatalf("broken file: %d %.300s", r.code, r.body)
	}
	// The real one, for a new reference date, adds seven rows.
	newer := bytes.Replace(sample, []byte("1° gennaio 2022"), []byte("1° gennaio 2023"), 1)
	r = hs.postMultipart(adm+"/profilo/importa", url.Values{"kind": {"posas"}}, "posas.csv", newer, c)
	if r.code != http.StatusSeeOther {
		t.Fatalf("import: %d %s", r.code, r.body)
	}
	after := hs.plan("casarano", "pdz-2022-2024")
	added := 0
	for _, row := range after.Profile {
		if row.Date == pdz.NewDate(2022, 12, 31) {
			added++
			if row.ComuneName == "Casarano" && (row.Bands[0].V != 537 || row.Bands[5].V != 4532 || row.Households.Set) {
				t.Errorf("Casarano imported: %+v", row)
			}
		}
	}
	if added != 7 {
		t.Errorf("%d rows at 31/12/2022", added)
	}
	// The CSV of pdz, pasted in the text area, works the same way.
	csvText := "data;comune;famiglie\n31/12/2022;Casarano;6.900\n"
	r = hs.post(adm+"/profilo/importa", url.Values{"kind": {"csv"}, "text": {csvText}}, c)
	if r.code != http.StatusSeeOther {
		t.Fatalf("CSV import: %d %s", r.code, r.body)
	}
	after = hs.plan("casarano", "pdz-2022-2024")
	for _, row := range after.Profile {
		if row.Date == pdz.NewDate(2022, 12, 31) && row.ComuneName == "Casarano" && (row.Households != pdz.Some(6900) || row.Bands[0].V != 537) {
			t.Errorf("merged row: %+v", row)
		}
	}
}

// Lines pasted by hand with a mistake come back in the text area to be
// corrected there; a whole file pasted is not echoed.
func TestProfileImportKeepsPastedText(t *testing.T) {
	hs := newHarness(t, true)
	c := respCookie(hs)
	p := hs.plan("casarano", "pdz-2022-2024")
	adm := "/admin/a/casarano/piani/" + strconv.FormatInt(p.ID, 10)
	for _, path := range []string{adm + "/profilo/importa", adm + "/risorse/avanzamento/importa"} {
		typed := "data;comune;famiglie\n31/02/2022;Casarano;sei\n"
		r := hs.post(path, url.Values{"kind": {"csv"}, "text": {typed}}, c)
		if r.code != http.StatusBadRequest {
			t.Fatalf("%s: %d", path, r.code)
		}
		if got := r.doc(t).Find("#f-text").Text(); got != typed {
			t.Errorf("%s: pasted text lost: %q", path, got)
		}
		big := typed + strings.Repeat("31/12/2022;Casarano;1\n", maxPasteEcho/20)
		r = hs.post(path, url.Values{"kind": {"csv"}, "text": {big}}, c)
		if r.code != http.StatusBadRequest || r.doc(t).Find("#f-text").Text() != "" {
			t.Errorf("%s: a whole pasted file was echoed: %d", path, r.code)
		}
	}
}

// Export from the back office, import into an empty Ambito through the form.
func TestPlanImportForm(t *testing.T) {
	hs := newHarness(t, true)
	ctx := context.Background()
	empty := pdz.Ambito{Slug: "vuoto", Name: "Ambito vuoto"}
	if err := hs.st.CreateAmbito(ctx, pdz.SystemActor, &empty); err != nil {
		t.Fatal(err)
	}
	c := hs.user("resp@example.org", false, map[string]pdz.Role{"casarano": pdz.RoleResponsabile, "vuoto": pdz.RoleResponsabile})
	p := hs.plan("casarano", "pdz-2022-2024")
	file := hs.get(fmt.Sprintf("/admin/a/casarano/piani/%d/piano.json", p.ID), c)
	if file.code != 200 || file.body != string(demo.Casarano2022()) {
		t.Fatalf("export: %d", file.code)
	}
	r := hs.postMultipart("/admin/a/vuoto/piani/importa", nil, "piano.json", []byte(file.body), c)
	if r.code != http.StatusSeeOther {
		t.Fatalf("import: %d %.500s", r.code, r.body)
	}
	imported := hs.plan("vuoto", "pdz-2022-2024")
	if len(imported.Sheets) != 27 || imported.Published {
		t.Errorf("imported: %d sheets, published %v", len(imported.Sheets), imported.Published)
	}
	// A broken file is refused with the reason.
	r = hs.post("/admin/a/vuoto/piani/importa", url.Values{"text": {strings.Replace(file.body, `"centesimi": 14621031`, `"centesimi": "tanti"`, 1)}}, c)
	if r.code != 400 || !strings.Contains(r.body, "tipo sbagliato") {
		t.Errorf("broken file: %d", r.code)
	}
}

// An Ambito completes its own copy of a framework; the installation's
// framework is not editable by the Ambito.
func TestFrameworkCopy(t *testing.T) {
	hs := newHarness(t, true)
	c := respCookie(hs)
	p := hs.plan("casarano", "pdz-2022-2024")
	q := strconv.FormatInt(p.FrameworkID, 10)
	if r := hs.post("/admin/a/casarano/quadri/"+q+"/modifica", url.Values{"text": {"{}"}}, c); r.code != http.StatusForbidden {
		t.Errorf("editing the installation framework: %d", r.code)
	}
	r := hs.post("/admin/a/casarano/quadri/"+q+"/copia", url.Values{}, c)
	if r.code != http.StatusSeeOther {
		t.Fatalf("copy: %d", r.code)
	}
	copyURL := r.hdr.Get("Location")
	var fw pdz.Framework
	raw := hs.get(copyURL+"/quadro.json", c).body
	if err := json.Unmarshal([]byte(raw), &fw); err != nil {
		t.Fatal(err)
	}
	fw.Areas[1].Objectives = append(fw.Areas[1].Objectives, pdz.FrameworkItem{Code: "G", Title: "Obiettivo completato dall'Ambito"})
	fw.Revision = 2
	r = hs.post(copyURL+"/modifica", url.Values{"text": {string(fw.Canonical())}}, c)
	if r.code != http.StatusSeeOther {
		t.Fatalf("save copy: %d %s", r.code, r.body)
	}
	bad := hs.post(copyURL+"/modifica", url.Values{"text": {strings.Replace(string(fw.Canonical()), `"codice": "G"`, `"codice": "g!"`, 1)}}, c)
	if bad.code != 400 || !strings.Contains(bad.body, "aree_strategiche[1].obiettivi[9].codice") {
		t.Errorf("invalid framework: %d", bad.code)
	}
	page := hs.get(copyURL, c)
	mustContain(t, "copy", page.body, "Copia dell'Ambito.", "Obiettivo completato dall&#39;Ambito")
}

// A plan from creation to publication: the operator creates and fills it,
// the Responsabile adopts and publishes it; a published plan is not deleted.
func TestPlanLifecycle(t *testing.T) {
	hs := newHarness(t, true)
	op := hs.user("op@example.org", false, map[string]pdz.Role{"lecce": pdz.RoleOperatore})
	resp := hs.user("resp@example.org", false, map[string]pdz.Role{"lecce": pdz.RoleResponsabile})
	recs, err := hs.st.Frameworks(context.Background(), 0)
	if err != nil || len(recs) != 2 {
		t.Fatalf("frameworks: %v", err)
	}
	fw26 := strconv.FormatInt(recs[1].ID, 10)
	r := hs.post("/admin/a/lecce/piani", url.Values{"title": {"Piano Sociale di Zona 2026-2028"}, "years": {"2026-2028"}, "framework_id": {fw26}}, op)
	if r.code != http.StatusSeeOther {
		t.Fatalf("create: %d %s", r.code, r.body)
	}
	p := hs.plan("lecce", "piano-sociale-di-zona-2026-2028")
	if p.Cycle != "2026-2028" || p.YearsText() != "2026, 2027, 2028" || p.Framework.Slug != "puglia-2026-2028" {
		t.Fatalf("plan: %q %q %q", p.Cycle, p.YearsText(), p.Framework.Slug)
	}
	adm := "/admin/a/lecce/piani/" + strconv.FormatInt(p.ID, 10)
	if r := hs.post(adm+"/fonti", url.Values{"code": {"fnps"}, "name": {"Fondo Nazionale Politiche Sociali"}, "kind": {"fnps"}}, op); r.code != http.StatusSeeOther {
		t.Fatalf("source: %d", r.code)
	}
	// The 2026-2028 framework has no objectives yet: citing one is refused
	// with the reason, a sheet without it is saved.
	r = hs.post(adm+"/schede", url.Values{"code": {"A.1"}, "title": {"Segretariato sociale"}, "areas": {"5"}, "obj_1": {"5|A"}}, op)
	if r.code != 400 || !strings.Contains(r.body, "le lettere previste sono nessuna") {
		t.Errorf("objective of an empty area: %d", r.code)
	}
	if r := hs.post(adm+"/schede", url.Values{"code": {"A.1"}, "title": {"Segretariato sociale"}, "areas": {"5"}, "intervention": {"A.1"}}, op); r.code != http.StatusSeeOther {
		t.Fatalf("sheet: %d", r.code)
	}
	// The operator may not adopt or publish.
	for _, path := range []string{"/adotta", "/pubblica"} {
		if r := hs.post(adm+path, url.Values{"adopted_on": {"2026-09-30"}}, op); r.code != http.StatusForbidden {
			t.Errorf("operator %s: %d", path, r.code)
		}
	}
	if r := hs.post(adm+"/adotta", url.Values{"adopted_on": {""}}, resp); r.code != 400 {
		t.Errorf("adoption without a date: %d", r.code)
	}
	if r := hs.post(adm+"/adotta", url.Values{"adopted_on": {"2026-09-30"}, "adoption_act": {"Coordinamento Istituzionale, seduta del 30/09/2026"}}, resp); r.code != http.StatusSeeOther {
		t.Fatalf("adopt: %d", r.code)
	}
	if hs.get("/ambiti/lecce/piani/piano-sociale-di-zona-2026-2028", nil).code != 404 {
		t.Error("an unpublished plan is public")
	}
	if r := hs.post(adm+"/pubblica", nil, resp); r.code != http.StatusSeeOther {
		t.Fatalf("publish: %d", r.code)
	}
	page := hs.get("/ambiti/lecce/piani/piano-sociale-di-zona-2026-2028", nil)
	mustContain(t, "published plan", page.body, "Adottato il 30 settembre 2026", "L&#39;integrazione delle politiche di welfare")
	mustContain(t, "Ambito page", hs.get("/ambiti/lecce", nil).body, "Piani sociali di zona", "/ambiti/lecce/piani/piano-sociale-di-zona-2026-2028")
	if r := hs.post(adm+"/ritira", nil, resp); r.code != http.StatusSeeOther {
		t.Fatalf("withdraw: %d", r.code)
	}
	if r := hs.post(adm+"/elimina", url.Values{"conferma": {"1"}}, resp); r.code != http.StatusConflict {
		t.Errorf("delete a plan once published: %d", r.code)
	}
}

// The public sheets CSV is opened in spreadsheets by anyone: a text typed in
// the back office that a spreadsheet would run as a formula is neutralised.
func TestSheetsCSVGuardsFormulas(t *testing.T) {
	hs := newHarness(t, true)
	ctx := context.Background()
	a, err := hs.st.AmbitoBySlug(ctx, "casarano")
	if err != nil {
		t.Fatal(err)
	}
	p, err := hs.st.PlanBySlug(ctx, a.ID, "pdz-2022-2024")
	if err != nil {
		t.Fatal(err)
	}
	var sh *pdz.Sheet
	for i := range p.Sheets {
		if p.Sheets[i].Code == "B.4" {
			sh = &p.Sheets[i]
		}
	}
	if sh == nil {
		t.Fatal("no sheet B.4 in the demo")
	}
	sh.Title = `=HYPERLINK("http://example.invalid";"Apri")`
	if err := hs.st.SaveSheet(ctx, pdz.SystemActor, a.ID, sh); err != nil {
		t.Fatal(err)
	}
	body := hs.get("/ambiti/casarano/piani/pdz-2022-2024/schede.csv", nil).body
	if !strings.Contains(body, `B.4;"'=HYPERLINK(`) || strings.Contains(body, `B.4;"=HYPERLINK(`) {
		t.Errorf("the formula in the title is not neutralised:\n%.600s", body)
	}
}
