package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/xuri/excelize/v2"

	"github.com/pdz-ats/pdz/internal/pdz"
)

// The public "Risorse e regole" page of the demo plan: the verdicts with
// their figures, the seed's own arithmetic errors, the financial sheets.
func TestMoneyPublicPages(t *testing.T) {
	hs := newHarness(t, true)
	base := "/ambiti/casarano/piani/pdz-2022-2024"
	r := hs.get(base+"/risorse", nil)
	if r.code != 200 {
		t.Fatalf("risorse: %d", r.code)
	}
	mustContain(t, "risorse", r.body,
		"<strong>2 rispettate</strong>", "<strong>2 non rispettate</strong>", "<strong>4 non verificabili</strong>",
		"Spesa storica media annua", "€ 1.809.963,90", "€ 277.348,57", "€ 832.045,72", // the seed's "non rispetta il vincolo"
		"169,46%",                             // co-financing against the minimum
		"Pronto Intervento Sociale",           // the LEPS without ordinary money
		"la disponibilità della fonte «PAIS»", // what is missing
		"€ 8.515.853,75",                      // the budget, computed
		"€ 560.884,16", "€ 560.884,17",        // the seed's FGSA, printed and computed
		"€ 149.888,47", "€ 149.888,46", // Collepasso's 2018-2021 total
		"€ 27.205,90", "€ 27.205,91", // Supersano's cash half
		"per gli anni 2023-2024 insieme", // FGSA's one amount for two years
		"comprende € 273.854,03 residuo di «PdZ 2018-2021»",
		"metodo dei resti più alti", "arrotondate a due decimali",
		"Scheda A", "Scheda B-COM", "non programmata")
	doc := r.doc(t)
	if n := doc.Find("tr.pdz-row-flag").Length(); n != 7 {
		t.Errorf("%d flagged printed figures, want 7", n)
	}
	if doc.Find("[style]").Length() > 0 {
		t.Error("an element has an inline style")
	}
	a := hs.get(base+"/risorse/schede-finanziarie/A", nil)
	mustContain(t, "Scheda A", a.body, "Scheda A – I servizi e gli interventi a valenza di Ambito", "A.1 – Segretariato Sociale - PUA", "€ 5.440.662,04")
	if n := a.doc(t).Find("table:has(#tab-fin-tot) tbody tr").Length(); n != 19 {
		t.Errorf("Scheda A: %d rows", n)
	}
	c := hs.get(base+"/risorse/schede-finanziarie/C", nil)
	mustContain(t, "Scheda C", c.body, "PNRR-1.3", "B.1 – Integrazione al reddito", "con importi da definire")
	bcom := hs.get(base+"/risorse/schede-finanziarie/B-COM", nil)
	mustContain(t, "Scheda B-COM", bcom.body, "non è programmata")
	if r := hs.get(base+"/risorse/schede-finanziarie/Z", nil); r.code != 404 {
		t.Errorf("unknown financial sheet: %d", r.code)
	}
	// the plan's home page leads to it
	mustContain(t, "plan home", hs.get(base, nil).body, base+"/risorse")
}

func TestMoneyAPI(t *testing.T) {
	hs := newHarness(t, true)
	base := "/api/v1/ambiti/casarano/piani/pdz-2022-2024"
	var rules struct {
		Esiti  map[string]int `json:"esiti"`
		Regole []struct {
			ID, Esito string
			Scarto    *struct{ Valore, Testo string }
			Dati      []struct{ Etichetta, Valore, Unita string }
		} `json:"regole"`
	}
	if err := json.Unmarshal([]byte(hs.get(base+"/regole", nil).body), &rules); err != nil {
		t.Fatal(err)
	}
	if rules.Esiti["rispettata"] != 2 || rules.Esiti["non_rispettata"] != 2 || rules.Esiti["non_verificabile"] != 4 {
		t.Errorf("esiti %v", rules.Esiti)
	}
	for _, v := range rules.Regole {
		if v.ID == "cofinanziamento-spesa-storica" && (v.Esito != "non_rispettata" || v.Scarto == nil || v.Scarto.Valore != "832045.72") {
			t.Errorf("spesa storica: %+v", v)
		}
	}
	var money struct {
		Budget struct {
			Totale int64 `json:"totale_centesimi"`
		} `json:"budget"`
		Cofinanziamento struct {
			Minimo int64 `json:"minimo_centesimi"`
			Comuni []struct {
				Nome         string
				Minimo       int64 `json:"minimo_centesimi"`
				PerPop       int64 `json:"minimo_per_popolazione_centesimi"`
				SpesaStorica struct {
					Media int64 `json:"media_annua_centesimi"`
				} `json:"spesa_storica"`
			} `json:"comuni"`
		} `json:"cofinanziamento"`
		Verifiche []struct{ Grandezza, Stampato, Calcolato, Esito string } `json:"verifiche"`
	}
	if err := json.Unmarshal([]byte(hs.get(base+"/risorse", nil).body), &money); err != nil {
		t.Fatal(err)
	}
	if money.Budget.Totale != 851585375 || money.Cofinanziamento.Minimo != 90439685 {
		t.Errorf("budget %d, minimum %d", money.Budget.Totale, money.Cofinanziamento.Minimo)
	}
	for _, c := range money.Cofinanziamento.Comuni {
		if c.Nome == "Parabita" && (c.Minimo != 11355956 || c.PerPop != 11354830 || c.SpesaStorica.Media != 21552578) {
			t.Errorf("Parabita: %+v", c)
		}
	}
	flagged := 0
	for _, v := range money.Verifiche {
		if v.Esito == "discorde" {
			flagged++
		}
	}
	if flagged != 7 {
		t.Errorf("%d discordant figures in the API", flagged)
	}
}

// An unpublished plan has no public money pages.
func TestMoneyUnpublished(t *testing.T) {
	hs := newHarness(t, true)
	resp := hs.user("resp@example.org", false, map[string]pdz.Role{"casarano": pdz.RoleResponsabile})
	p := hs.plan("casarano", "pdz-2022-2024")
	if r := hs.post("/admin/a/casarano/piani/"+strconv.FormatInt(p.ID, 10)+"/ritira", url.Values{}, resp); r.code != http.StatusSeeOther {
		t.Fatalf("unpublish: %d", r.code)
	}
	for _, path := range []string{"/ambiti/casarano/piani/pdz-2022-2024/risorse", "/ambiti/casarano/piani/pdz-2022-2024/risorse/schede-finanziarie/A",
		"/api/v1/ambiti/casarano/piani/pdz-2022-2024/risorse", "/api/v1/ambiti/casarano/piani/pdz-2022-2024/regole"} {
		if r := hs.get(path, nil); r.code != 404 {
			t.Errorf("%s: %d", path, r.code)
		}
	}
	// the back office still shows everything
	if r := hs.get("/admin/a/casarano/piani/"+strconv.FormatInt(p.ID, 10)+"/risorse", resp); r.code != 200 || !strings.Contains(r.body, "€ 832.045,72") {
		t.Errorf("back office: %d", r.code)
	}
}

// The back-office forms: each saves, or re-renders with what was typed and
// a message per field.
func TestMoneyForms(t *testing.T) {
	hs := newHarness(t, true)
	op := hs.user("op@example.org", false, map[string]pdz.Role{"casarano": pdz.RoleOperatore})
	p := hs.plan("casarano", "pdz-2022-2024")
	adm := "/admin/a/casarano/piani/" + strconv.FormatInt(p.ID, 10) + "/risorse"
	id := func(code string) string { return strconv.FormatInt(p.SourceByCode(code).ID, 10) }

	// PAIS gets its availability: the capacity rule can now tell for it
	r := hs.post(adm+"/fonti/"+id("PAIS"), url.Values{"parent_id": {"0"}, "av_1_from": {"2022"}, "av_1_to": {"2023"}, "av_1": {"377.416,00"}}, op)
	if r.code != http.StatusSeeOther {
		t.Fatalf("PAIS availability: %d %s", r.code, r.body)
	}
	pl := hs.plan("casarano", "pdz-2022-2024")
	if x := pl.SourceByCode("PAIS"); len(x.Availability) != 1 || x.Availability[0].Amount != 37741600 || x.Availability[0].To != 2023 {
		t.Errorf("PAIS: %+v", x.Availability)
	}
	// errors stay on their fields, with what was typed
	r = hs.post(adm+"/fonti/"+id("FNPS"), url.Values{"parent_id": {id("PDZ")}, "av_1_from": {"2022"}, "av_1": {"dieci"},
		"av_2_from": {"2023"}, "av_2_to": {"2024"}, "av_2": {"5"}, "av_3_from": {"2024"}, "av_3": {"6"}, "qp_1_from": {"2022"}, "qp_1_libera": {"1"}}, op)
	if r.code != 400 {
		t.Fatalf("bad FNPS: %d", r.code)
	}
	mustContain(t, "FNPS form", r.body, "Importo non valido", "dieci")
	r = hs.post(adm+"/fonti/"+id("FNPS"), url.Values{"parent_id": {id("PDZ")}, "av_1_from": {"2022"}, "av_1": {"10"},
		"av_2_from": {"2023"}, "av_2_to": {"2024"}, "av_2": {"5"}, "av_3_from": {"2024"}, "av_3": {"6"}}, op)
	if r.code != 400 || !strings.Contains(r.doc(t).Find("#f-av_3-error").Text(), "L'anno 2024 ha già una disponibilità") {
		t.Errorf("overlapping years: %d %s", r.code, r.doc(t).Find(".invalid-feedback").Text())
	}
	// co-financing: by population at 31/12/2021, 60% in cash
	r = hs.post(adm+"/cofinanziamento", url.Values{"split": {"popolazione"}, "split_date": {"2021-12-31"}, "cash_share": {"60"}}, op)
	if r.code != http.StatusSeeOther {
		t.Fatalf("cofinancing: %d %s", r.code, r.body)
	}
	page := hs.get(adm, op)
	mustContain(t, "after the rule", page.body, "in proporzione alla popolazione residente al 31/12/2021", "parte in denaro 60%", "€ 251.626,03")
	r = hs.post(adm+"/cofinanziamento", url.Values{"split": {"importi"}, "cash_share": {"101"}}, op)
	if r.code != 400 || !strings.Contains(r.body, "tra 0 e 100") || !strings.Contains(r.body, "Indica l&#39;importo del Comune di Casarano") {
		t.Errorf("bad rule: %d", r.code)
	}
	// a Comune's historical spending and co-financing
	matino := ""
	for _, c := range pl.Money.Historical {
		if c.ComuneName == "Matino" {
			matino = strconv.FormatInt(c.ComuneID, 10)
		}
	}
	r = hs.post(adm+"/comuni/"+matino, url.Values{"hist_from": {"2018"}, "hist_to": {"2020"}, "hist_amount": {"1.083.018,04"},
		"y1_year": {"2022"}, "y1": {"71.476,63"}, "y1_services": {"300.000"}}, op)
	if r.code != http.StatusSeeOther {
		t.Fatalf("Matino: %d %s", r.code, r.body)
	}
	mustContain(t, "after Matino", hs.get(adm, op).body, "Matino, 2022", "€ 371.476,63") // its own part of the historical-spending rule
	r = hs.post(adm+"/comuni/"+matino, url.Values{"hist_from": {"2020"}, "hist_to": {"2018"}, "hist_amount": {"1"}, "y1_year": {""}, "y1": {"5"}}, op)
	if r.code != 400 || !strings.Contains(r.body, "Indica gli anni del periodo") || !strings.Contains(r.body, "Indica l&#39;anno") {
		t.Errorf("bad Comune: %d %s", r.code, r.doc(t).Find(".alert-danger").Text())
	}
	// staff, progress and printed figures
	if r := hs.post(adm+"/assistenti-sociali", url.Values{"date": {"2020-12-31"}, "comune_id": {matino}, "count": {"2,5"}}, op); r.code != http.StatusSeeOther {
		t.Errorf("staff: %d %s", r.code, r.body)
	}
	if r := hs.post(adm+"/assistenti-sociali", url.Values{"date": {""}, "comune_id": {"0"}, "count": {"tanti"}}, op); r.code != 400 {
		t.Errorf("bad staff: %d", r.code)
	}
	if r := hs.post(adm+"/avanzamento", url.Values{"fund": {"QFP 2018-2020"}, "budget": {"100"}, "committed": {"120"}, "target_id": {id("RESIDUI-QFP")}}, op); r.code != http.StatusSeeOther {
		t.Errorf("progress: %d %s", r.code, r.body)
	}
	if r := hs.post(adm+"/dati-stampati", url.Values{"quantity": {"disponibilita_fonte"}, "source_id": {id("FNA")}, "from": {"2022"}, "value": {"€ 208.235,21"},
		"table": {"prova"}}, op); r.code != http.StatusSeeOther {
		t.Errorf("declared: %d %s", r.code, r.body)
	}
	if r := hs.post(adm+"/dati-stampati", url.Values{"quantity": {"quota_fnps"}, "value": {"tanto"}, "table": {""}}, op); r.code != 400 ||
		!strings.Contains(r.body, "Indica la fonte") || !strings.Contains(r.body, "Indica la quota") {
		t.Errorf("bad declared: %d", r.code)
	}
	page = hs.get(adm, op)
	mustContain(t, "after the forms", page.body,
		"QFP 2018-2020: impegnato non superiore al programmato", // the new progress row, not met
		"€ 208.235,21", "€ 208.235,20") // the new printed figure, flagged
	// the audit log has them all
	a, _ := hs.st.AmbitoBySlug(t.Context(), "casarano")
	for _, e := range []string{"source_money", "cofinancing", "comune_money", "social_workers", "progress", "money_declared"} {
		es, err := hs.st.Audit(t.Context(), a.ID, pdz.AuditFilter{Entity: e, Limit: 10})
		if err != nil || len(es) == 0 {
			t.Errorf("no audit entry for %s: %v", e, err)
		}
	}
}

// A new plan with nothing entered: the page says what is missing, never
// fails, and each rule cannot tell.
func TestMoneyEmptyPlan(t *testing.T) {
	hs := newHarness(t, true)
	op := hs.user("op@example.org", false, map[string]pdz.Role{"casarano": pdz.RoleOperatore})
	a, _ := hs.st.AmbitoBySlug(t.Context(), "casarano")
	recs, err := hs.st.Frameworks(t.Context(), a.ID)
	if err != nil {
		t.Fatal(err)
	}
	p := pdz.Plan{AmbitoID: a.ID, FrameworkID: recs[0].ID, Title: "Piano Sociale di Zona 2026-2028", Years: []int{2026, 2027, 2028}}
	if err := hs.st.CreatePlan(t.Context(), pdz.SystemActor, &p); err != nil {
		t.Fatal(err)
	}
	adm := "/admin/a/casarano/piani/" + strconv.FormatInt(p.ID, 10) + "/risorse"
	r := hs.get(adm, op)
	if r.code != 200 {
		t.Fatalf("empty plan: %d", r.code)
	}
	mustContain(t, "empty plan", r.body, "<strong>0 rispettate</strong>", "Il piano non ha fonti di finanziamento", "la spesa sociale storica dei Comuni",
		"il numero di assistenti sociali dei Comuni e dell&#39;Ambito", "l&#39;avanzamento della spesa del piano precedente")
	for _, ext := range []string{".xlsx", ".ods"} {
		if r := hs.get(adm+ext, op); r.code != 200 || len(r.body) < 1000 {
			t.Errorf("%s of an empty plan: %d", ext, r.code)
		}
	}
}

// The previous plan's progress through a CSV file: the demo's table
// downloaded, corrected and imported again; the residual reaches its
// source and the printed one is checked against it; a file with a mistake
// imports nothing and says where the mistake is, next to the file field.
func TestProgressImport(t *testing.T) {
	hs := newHarness(t, true)
	op := hs.user("op@example.org", false, map[string]pdz.Role{"casarano": pdz.RoleOperatore})
	p := hs.plan("casarano", "pdz-2022-2024")
	adm := "/admin/a/casarano/piani/" + strconv.FormatInt(p.ID, 10) + "/risorse"

	dl := hs.get(adm+"/avanzamento.csv", op)
	if dl.code != 200 || !strings.HasPrefix(dl.hdr.Get("Content-Type"), "text/csv") {
		t.Fatalf("download: %d %s", dl.code, dl.hdr.Get("Content-Type"))
	}
	wantCSV := "fondo;periodo;programmato;impegnato;liquidato;residuo;percentuale;fonte_residui;note\n" +
		"PdZ 2018-2021;2018-2021;5.478.132,88;5.204.278,85;;273.854,03;95;RESIDUI-PDZ;"
	if !strings.HasPrefix(dl.body, wantCSV) {
		t.Fatalf("download:\n%s", dl.body)
	}
	form := hs.get(adm+"/avanzamento/importa", op)
	if form.code != 200 || form.doc(t).Find("input#f-file[type=file]").Length() != 1 {
		t.Fatalf("form: %d", form.code)
	}
	mustContain(t, "money page", hs.get(adm, op).body, adm+"/avanzamento/importa")

	// one cent more committed: the residual becomes 273.854,02, the printed 273.854,03 no longer agrees
	file := strings.Replace(dl.body, "5.204.278,85", "5.204.278,86", 1) + "FNA 2019-2020;2019-2020;€ 100,00;€ 40,00;;;;RESIDUI-PDZ;\n"
	r := hs.postMultipart(adm+"/avanzamento/importa", nil, "file", []byte(file), op)
	if r.code != http.StatusSeeOther {
		t.Fatalf("import: %d %s", r.code, r.body)
	}
	pl := hs.plan("casarano", "pdz-2022-2024")
	if pr := pl.Money.Progress; len(pr) != 2 || pr[0].Committed.V != 520427886 || pr[1].Fund != "FNA 2019-2020" || pr[1].TargetCode != "RESIDUI-PDZ" {
		t.Fatalf("progress: %+v", pr)
	}
	page := hs.get(adm, op)
	if loc := r.hdr.Get("Location"); loc != adm+"#avanzamento" {
		t.Errorf("redirect to %q", loc)
	}
	mustContain(t, "after the import", page.body, "€ 273.854,02", "comprende € 60,00 residuo di «FNA 2019-2020»")
	flagged := page.doc(t).Find("tr.pdz-row-flag")
	// the printed residual (table and text) and the printed RESIDUI-PDZ no longer agree: 7 + 3
	if flagged.Length() != 10 || !strings.Contains(flagged.Text(), "€ 273.854,03") || !strings.Contains(flagged.Text(), "€ 273.854,02") {
		t.Errorf("%d flagged printed figures: %s", flagged.Length(), flagged.Text())
	}

	// a mistake on the third line: nothing imported, the message beside the file field
	before := hs.plan("casarano", "pdz-2022-2024").Money
	bad := "fondo;programmato;fonte_residui\nPdZ 2018-2021;1,00;PDZ\nQFP;dieci;PDZ\n"
	r = hs.postMultipart(adm+"/avanzamento/importa", nil, "file", []byte(bad), op)
	if r.code != http.StatusBadRequest {
		t.Fatalf("bad file: %d", r.code)
	}
	msg := r.doc(t).Find("#f-file-error").Text()
	if !strings.Contains(msg, "Il file non è stato importato. Riga 3, colonna «programmato»: «dieci» non è un importo") {
		t.Errorf("message: %q", msg)
	}
	if after := hs.plan("casarano", "pdz-2022-2024").Money; len(after.Progress) != len(before.Progress) ||
		after.Progress[0].Budget != before.Progress[0].Budget || len(after.Declared) != len(before.Declared) {
		t.Error("a file with a mistake changed the progress")
	}
	r = hs.post(adm+"/avanzamento/importa", url.Values{"text": {""}}, op)
	if r.code != http.StatusBadRequest || !strings.Contains(r.doc(t).Find("#f-file-error").Text(), "Scegli il file") {
		t.Errorf("no file: %d", r.code)
	}
	// pasted text works as well
	r = hs.post(adm+"/avanzamento/importa", url.Values{"text": {"fondo;liquidato\nPdZ 2018-2021;5.000.000,00\n"}}, op)
	if r.code != http.StatusSeeOther || hs.plan("casarano", "pdz-2022-2024").Money.Progress[0].Paid.V != 500000000 {
		t.Errorf("pasted: %d %s", r.code, r.body)
	}
}

// An amount no plan can hold is refused next to its field, with what was
// typed kept and nothing saved; the progress CSV with one is refused with
// its line and column.
func TestMoneyAmountsBounded(t *testing.T) {
	hs := newHarness(t, true)
	op := hs.user("op@example.org", false, map[string]pdz.Role{"casarano": pdz.RoleOperatore})
	p := hs.plan("casarano", "pdz-2022-2024")
	adm := "/admin/a/casarano/piani/" + strconv.FormatInt(p.ID, 10) + "/risorse"
	pais := p.SourceByCode("PAIS")
	const huge = "46.000.000.000.000.000"
	const msg = "L'importo supera il massimo consentito di € 999.999.999.999,99."
	r := hs.post(adm+"/fonti/"+strconv.FormatInt(pais.ID, 10), url.Values{"parent_id": {"0"}, "av_1_from": {"2022"}, "av_1": {"1.000,00"},
		"av_2_from": {"2023"}, "av_2": {huge}}, op)
	if r.code != http.StatusBadRequest {
		t.Fatalf("huge availability: %d", r.code)
	}
	doc := r.doc(t)
	if got := doc.Find("#f-av_2-error").Text(); !strings.Contains(got, msg) {
		t.Errorf("message next to the field: %q", got)
	}
	if v, _ := doc.Find("#f-av_2").Attr("value"); v != huge {
		t.Errorf("input not kept: %q", v)
	}
	if pl := hs.plan("casarano", "pdz-2022-2024"); len(pl.SourceByCode("PAIS").Availability) != len(pais.Availability) {
		t.Errorf("something saved: %+v", pl.SourceByCode("PAIS").Availability)
	}
	// the largest amount is accepted
	r = hs.post(adm+"/fonti/"+strconv.FormatInt(pais.ID, 10), url.Values{"parent_id": {"0"}, "av_1_from": {"2022"}, "av_1": {"999.999.999.999,99"}}, op)
	if r.code != http.StatusSeeOther {
		t.Fatalf("the maximum: %d %s", r.code, r.doc(t).Find(".invalid-feedback").Text())
	}
	pl := hs.plan("casarano", "pdz-2022-2024")
	if x := pl.SourceByCode("PAIS"); len(x.Availability) != 1 || x.Availability[0].Amount != pdz.MaxMoney {
		t.Errorf("the maximum saved as %+v", x.Availability)
	}
	// a Comune's co-financing
	var matino string
	for _, h := range p.Money.Historical {
		if h.ComuneName == "Matino" {
			matino = strconv.FormatInt(h.ComuneID, 10)
		}
	}
	r = hs.post(adm+"/comuni/"+matino, url.Values{"y1_year": {"2022"}, "y1": {"10"}, "y1_services": {"1.000.000.000.000,00"}}, op)
	if r.code != http.StatusBadRequest || !strings.Contains(r.doc(t).Find("#f-y1_services-error").Text(), msg) {
		t.Errorf("Comune: %d %q", r.code, r.doc(t).Find(".invalid-feedback").Text())
	}
	// the progress CSV: refused, line and column named, nothing imported
	before := hs.plan("casarano", "pdz-2022-2024").Money.Progress
	r = hs.post(adm+"/avanzamento/importa", url.Values{"text": {"fondo;programmato;impegnato\nPdZ 2018-2021;100,00;50,00\nQFP;1,00;" + huge + "\n"}}, op)
	if r.code != http.StatusBadRequest {
		t.Fatalf("huge CSV: %d", r.code)
	}
	if got := r.doc(t).Find("#f-file-error").Text(); !strings.Contains(got, "Riga 3, colonna «impegnato»: «"+huge+"»: l'importo supera il massimo consentito di € 999.999.999.999,99") {
		t.Errorf("CSV message: %q", got)
	}
	if after := hs.plan("casarano", "pdz-2022-2024").Money.Progress; len(after) != len(before) || after[0].Budget != before[0].Budget {
		t.Error("a refused file changed the progress")
	}
}

// A plan built through the back-office forms as a new Ambito would: the
// funds, the co-financing sources, the rule with amounts per Comune, each
// Comune's commitments. The Ambito's co-financing is one figure — the sum
// of the Comuni's commitments — on the page, in the rule's verdict, in the
// API and in the workbook; the co-financing sources' different figure is
// pointed out, not used. Expected values computed by hand below.
func TestMoneyCofinancingOneFigure(t *testing.T) {
	hs := newHarness(t, true)
	rs := hs.user("resp@example.org", false, map[string]pdz.Role{"casarano": pdz.RoleResponsabile})
	a, _ := hs.st.AmbitoBySlug(t.Context(), "casarano")
	recs, err := hs.st.Frameworks(t.Context(), a.ID)
	if err != nil {
		t.Fatal(err)
	}
	p := pdz.Plan{AmbitoID: a.ID, FrameworkID: recs[0].ID, Slug: "pdz-2026-2028-prova", Title: "Piano Sociale di Zona 2026-2028", Cycle: "2026-2028",
		Years: []int{2026, 2027, 2028}}
	if err := hs.st.CreatePlan(t.Context(), pdz.SystemActor, &p); err != nil {
		t.Fatal(err)
	}
	planURL := "/admin/a/casarano/piani/" + strconv.FormatInt(p.ID, 10)
	adm := planURL + "/risorse"
	ok := func(what string, r resp) {
		t.Helper()
		if r.code != http.StatusSeeOther {
			t.Fatalf("%s: %d %s", what, r.code, r.doc(t).Find(".invalid-feedback, .alert-danger").Text())
		}
	}
	// the sources, as the plan's form creates them
	for _, s := range [][3]string{{"PDZ", "Budget ordinario del Piano", "budget_ordinario"}, {"FNPS", "FNPS", "fnps"}, {"FNA", "FNA", "fna"},
		{"FGSA", "FGSA", "fgsa"}, {"COFIN-D", "Cofinanziamento comunale in denaro", "cofinanziamento_denaro"},
		{"COFIN-S", "Cofinanziamento comunale in servizi", "cofinanziamento_servizi"}} {
		ok("source "+s[0], hs.post(planURL+"/fonti", url.Values{"code": {s[0]}, "name": {s[1]}, "kind": {s[2]}}, rs))
	}
	pl, err := hs.st.PlanBySlug(t.Context(), a.ID, p.Slug)
	if err != nil {
		t.Fatal(err)
	}
	id := func(code string) string { return strconv.FormatInt(pl.SourceByCode(code).ID, 10) }
	// the first year's transfers: 600.000 + 300.000 + 100.000 = 1.000.000,00, the minimum (100%)
	for code, amount := range map[string]string{"FNPS": "600.000,00", "FNA": "300.000,00", "FGSA": "100.000,00"} {
		ok("availability "+code, hs.post(adm+"/fonti/"+id(code), url.Values{"parent_id": {id("PDZ")}, "av_1_from": {"2026"}, "av_1": {amount}}, rs))
	}
	// the co-financing sources: 500.000 in cash and 500.000 in services a year (1.000.000,00)
	for _, code := range []string{"COFIN-D", "COFIN-S"} {
		ok("availability "+code, hs.post(adm+"/fonti/"+id(code), url.Values{"parent_id": {id("PDZ")}, "av_1_from": {"2026"}, "av_1": {"500.000,00"},
			"av_2_from": {"2027"}, "av_2": {"500.000,00"}, "av_3_from": {"2028"}, "av_3": {"500.000,00"}}, rs))
	}
	// the minimum split by amounts entered: six Comuni 142.857,14, the last 142.857,16 (1.000.000,00)
	cs, err := hs.st.Comuni(t.Context(), a.ID)
	if err != nil || len(cs) != 7 {
		t.Fatalf("Comuni: %d %v", len(cs), err)
	}
	rule := url.Values{"split": {"importi"}, "cash_share": {"50"}}
	for i, c := range cs {
		q := "142.857,14"
		if i == len(cs)-1 {
			q = "142.857,16"
		}
		rule.Set("q_"+strconv.FormatInt(c.ID, 10), q)
	}
	ok("rule", hs.post(adm+"/cofinanziamento", rule, rs))
	// each Comune commits 100.000,00 in cash and 114.285,71 in services a
	// year (the last 114.285,74): 700.000,00 + 800.000,00 = 1.500.000,00
	for i, c := range cs {
		services := "114.285,71"
		if i == len(cs)-1 {
			services = "114.285,74"
		}
		v := url.Values{}
		for j, y := range []string{"2026", "2027", "2028"} {
			k := "y" + strconv.Itoa(j+1)
			v.Set(k+"_year", y)
			v.Set(k, "100.000,00")
			v.Set(k+"_services", services)
		}
		ok("Comune "+c.Name, hs.post(adm+"/comuni/"+strconv.FormatInt(c.ID, 10), v, rs))
	}

	// the page: the rule, the Ambito's table and the Comuni's total agree
	page := hs.get(adm, rs)
	doc := page.doc(t)
	minimum := doc.Find("#regola-cofinanziamento-minimo").Parent()
	row2026 := minimum.Find("tbody tr").FilterFunction(func(_ int, s *goquery.Selection) bool { return strings.TrimSpace(s.Find("th").Text()) == "2026" })
	if txt := row2026.Text(); row2026.Length() != 1 || !strings.Contains(txt, "Cofinanziamento (denaro e servizi): € 1.500.000,00") ||
		!strings.Contains(txt, "In denaro: € 700.000,00") || !strings.Contains(txt, "Cofinanziamento in rapporto al minimo: 150,00%") {
		t.Errorf("the minimum's 2026: %q", txt)
	}
	if strings.Contains(minimum.Text(), "Cofinanziamento (denaro e servizi): € 1.000.000,00") {
		t.Error("the rule still uses the co-financing sources' figure")
	}
	blocks := doc.Find("table:has(#tab-cof-2) tbody tr")
	if blocks.Length() != 3 || !strings.Contains(blocks.First().Text(), "€ 1.500.000,00") || !strings.Contains(blocks.First().Text(), "150,00%") {
		t.Errorf("the Ambito's table: %q", blocks.Text())
	}
	if tot := doc.Find("table:has(#tab-cof-3) tfoot").Text(); strings.Count(tot, "€ 700.000,00 / € 800.000,00") != 3 {
		t.Errorf("the Comuni's total: %q", tot)
	}
	if d := doc.Find(".pdz-cofin-disagree"); d.Length() != 3 || !strings.Contains(d.First().Text(), "(€ 1.000.000,00)") || !strings.Contains(d.First().Text(), "(€ 1.500.000,00)") {
		t.Errorf("the disagreement with the sources: %q", d.Text())
	}
	if v := doc.Find("#regola-cofinanziamento-minimo .badge").Text(); v != "Rispettata" {
		t.Errorf("minimum: %q", v)
	}

	// the API of the published plan
	ok("publish", hs.post(planURL+"/pubblica", url.Values{}, rs))
	api := "/api/v1/ambiti/casarano/piani/" + p.Slug
	var money struct {
		Cofinanziamento struct {
			Ambito []struct {
				Dal, Al     int
				Denaro      int64  `json:"denaro_centesimi"`
				Servizi     int64  `json:"servizi_centesimi"`
				Origine     string `json:"origine"`
				FontiDenaro int64  `json:"fonti_denaro_centesimi"`
				Discordanza string `json:"discordanza"`
			} `json:"cofinanziamento_ambito"`
		} `json:"cofinanziamento"`
	}
	if err := json.Unmarshal([]byte(hs.get(api+"/risorse", nil).body), &money); err != nil {
		t.Fatal(err)
	}
	if b := money.Cofinanziamento.Ambito; len(b) != 3 || b[0].Dal != 2026 || b[0].Denaro != 70000000 || b[0].Servizi != 80000000 || b[0].Origine != "comuni" ||
		b[0].FontiDenaro != 50000000 || b[0].Discordanza == "" {
		t.Errorf("API: %+v", b)
	}
	var rules struct {
		Regole []struct {
			ID        string
			Esito     string
			Verifiche []struct {
				Etichetta string
				Esito     string
				Dati      []struct{ Etichetta, Valore string }
			}
		} `json:"regole"`
	}
	if err := json.Unmarshal([]byte(hs.get(api+"/regole", nil).body), &rules); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, v := range rules.Regole {
		for _, part := range v.Verifiche {
			if v.ID == "cofinanziamento-minimo" && part.Etichetta == "2026" {
				for _, d := range part.Dati {
					if d.Etichetta == "Cofinanziamento (denaro e servizi)" {
						found = d.Valore == "1500000.00"
					}
				}
			}
		}
	}
	if !found {
		t.Error("API: the minimum's 2026 does not use € 1.500.000,00")
	}

	// the workbook
	wb := hs.get(adm+".xlsx", rs)
	x, err := excelize.OpenReader(strings.NewReader(wb.body))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := x.GetRows("Cofinanziamento per anno", excelize.Options{RawCellValue: true})
	if len(rows) < 3 || rows[1][0] != "Ambito (somma degli impegni dei Comuni)" || rows[1][1] != "2026" || rows[1][3] != "700000" || rows[1][4] != "800000" ||
		rows[2][0] != "Fonti di cofinanziamento del piano" || rows[2][3] != "500000" {
		t.Errorf("workbook: %q", rows)
	}
	found = false
	regole, _ := x.GetRows("Regole", excelize.Options{RawCellValue: true})
	part := ""
	for _, r := range regole {
		if len(r) > 2 && r[0] == "cofinanziamento-minimo" && r[1] != "" {
			part = r[2]
		}
		if len(r) > 4 && r[0] == "cofinanziamento-minimo" && part == "2026" && r[3] == "Cofinanziamento (denaro e servizi)" {
			found = r[4] == "1500000"
		}
	}
	if !found {
		t.Error("workbook: the minimum's 2026 does not use € 1.500.000,00")
	}
}

// Amounts that reached the database some other way and add up beyond what
// int64 holds: the pages, the API and the workbooks say so, and show no
// wrapped negative total.
func TestMoneyOverflowSaid(t *testing.T) {
	hs := newHarness(t, true)
	rs := hs.user("resp@example.org", false, map[string]pdz.Role{"casarano": pdz.RoleResponsabile})
	p := hs.plan("casarano", "pdz-2022-2024")
	adm := "/admin/a/casarano/piani/" + strconv.FormatInt(p.ID, 10) + "/risorse"
	for i, code := range []string{"PAIS", "PON-INCLUSIONE", "FNA"} {
		x := p.SourceByCode(code)
		if x == nil {
			t.Fatalf("no source %s", code)
		}
		in := *x
		in.Availability = []pdz.Availability{{From: 2022 + i, To: 2022 + i, Amount: 4_600_000_000_000_000_000}}
		if err := hs.st.SaveSourceMoney(t.Context(), pdz.SystemActor, p.AmbitoID, p.ID, &in); err != nil {
			t.Fatal(err)
		}
	}
	page := hs.get(adm, rs)
	if page.code != 200 || !strings.Contains(page.body, "superano il massimo che pdz sa calcolare") || strings.Contains(page.body, "-€") {
		t.Errorf("page: %d", page.code)
	}
	for _, path := range []string{"/ambiti/casarano/piani/pdz-2022-2024/risorse", "/api/v1/ambiti/casarano/piani/pdz-2022-2024/risorse",
		"/api/v1/ambiti/casarano/piani/pdz-2022-2024/regole", adm + ".xlsx", adm + ".ods"} {
		if r := hs.get(path, rs); r.code != 200 {
			t.Errorf("%s: %d", path, r.code)
		}
	}
}
