package web

import (
	"context"
	"fmt"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/pdz-ats/pdz/internal/pdz"
)

// planCheckedPages are the plan's public pages and the error states of its
// forms, for the accessibility and validity check (its back-office pages
// come with the route table walk).
func planCheckedPages(t *testing.T, hs *harness) []checkedPage {
	t.Helper()
	p := hs.plan("casarano", "pdz-2022-2024")
	base := "/ambiti/casarano/piani/pdz-2022-2024"
	pages := []checkedPage{
		{path: base, status: 200},
		{path: base + "/profilo", status: 200},
		{path: base + "/schede", status: 200},
		{path: base + "/schede?area=2", status: 200},
		{path: base + "/schede?area=nessuna", status: 400},
	}
	for _, code := range []string{"A.1", "B.1", "B.4", "E.3", "F.8", "T"} {
		pages = append(pages, checkedPage{path: base + "/schede/" + code, status: 200})
	}
	for _, a := range p.Framework.Areas {
		pages = append(pages, checkedPage{path: base + "/aree/" + a.Code, status: 200})
	}
	adm := "/admin/a/casarano/piani/" + strconv.FormatInt(p.ID, 10)
	b1 := p.SheetByCode("B.1")
	src := strconv.FormatInt(p.Sources[0].ID, 10)
	pages = append(pages,
		checkedPage{path: adm + "/schede", admin: true, status: 400,
			form: url.Values{"code": {"A 9"}, "title": {""}, "obj_1": {"1|Z"}, "y2022_sel": {"1"}, "y2022_src_1": {src}, "y2022_amt_1": {"dodici euro"}}},
		checkedPage{path: adm + "/schede/" + strconv.FormatInt(b1.ID, 10), admin: true, status: 400,
			form: url.Values{"code": {"B.1"}, "title": {"Integrazione al reddito"}, "intervention": {"B.9"}, "macro": {"B"}}},
		checkedPage{path: adm + "/schede/" + strconv.FormatInt(b1.ID, 10) + "/servizi", admin: true, status: 400,
			form: url.Values{"name": {"Servizio di prova"}, "articles": {"999"}, "users_count": {"molti"}}},
		checkedPage{path: adm + "/profilo/importa", admin: true, status: 400,
			form: url.Values{"kind": {"posas"}, "text": {"Popolazione al 1° gennaio 2022\nCodice comune;Comune;Età;Totale maschi;Totale femmine;Totale\n75016;Casarano;0;1;x;2\n"}}},
		checkedPage{path: adm + "/profilo/dichiarati", admin: true, status: 400,
			form: url.Values{"date": {"2021-12-31"}, "comune_id": {"0"}, "quantity": {"popolazione"}, "value": {"settantamila"}, "table": {""}}},
		checkedPage{path: adm + "/profilo/dati", admin: true, status: 400,
			form: url.Values{"date": {""}, "comune_id": {"0"}, "band_0": {"-3"}, "surface": {"tanta"}}},
		checkedPage{path: adm + "/fonti", admin: true, status: 400,
			form: url.Values{"code": {"pdz"}, "name": {""}, "kind": {""}}},
		checkedPage{path: "/admin/a/casarano/piani", admin: true, status: 400,
			form: url.Values{"title": {""}, "years": {"2029-2026"}}},
		checkedPage{path: "/admin/a/casarano/piani/importa", admin: true, status: 400,
			form: url.Values{"text": {`{"formato": "pdz-piano", "versione_formato": 7}`}}},
		checkedPage{path: "/admin/quadri", admin: true, status: 400,
			form: url.Values{"text": {`{"formato": "pdz-quadro-regionale", "versione_formato": 1, "id": "Puglia 2029"}`}}},
	)
	return pages
}

// plan returns a plan of the demo by Ambito and slug.
func (hs *harness) plan(ambito, slug string) pdz.Plan {
	hs.t.Helper()
	ctx := context.Background()
	a, err := hs.st.AmbitoBySlug(ctx, ambito)
	if err != nil {
		hs.t.Fatal(err)
	}
	p, err := hs.st.PlanBySlug(ctx, a.ID, slug)
	if err != nil {
		hs.t.Fatal(err)
	}
	return p
}

// TestKeyboardEditsASheet completes sheet B.1 of the demo (its 2022 and
// 2023 amounts are "€ ____" in seed 003) and marks a priority level, with
// key events alone, as an operator.
func TestKeyboardEditsASheet(t *testing.T) {
	needTools(t, false)
	hs := newHarness(t, true)
	op := hs.user("operatore@example.org", false, map[string]pdz.Role{"casarano": pdz.RoleOperatore})
	ts := httptest.NewServer(hs.h)
	t.Cleanup(ts.Close)
	browser := newBrowser(t)
	tab := newTab(t, browser, ts.URL, op)

	p := hs.plan("casarano", "pdz-2022-2024")
	b1 := p.SheetByCode("B.1")
	if y := b1.Year(2022); y == nil || len(y.Lines) != 1 || y.Lines[0].Amount.Set {
		t.Fatalf("demo B.1 2022 should be blank: %+v", y)
	}
	page := fmt.Sprintf("%s/admin/a/casarano/piani/%d/schede/%d", ts.URL, p.ID, b1.ID)
	if err := chromedp.Do(tab, chromedp.Navigate(page)); err != nil {
		t.Fatal(err)
	}
	// A priority level: Tab to its checkbox, Space ticks it.
	tabTo(t, tab, "f-levels-potenziamento")
	if err := chromedp.Do(tab, chromedp.KeyEvent(" ")); err != nil {
		t.Fatal(err)
	}
	tabTo(t, tab, "f-y2022_amt_1")
	typeKeys(t, tab, "12.500,00")
	tabTo(t, tab, "f-y2023_amt_1")
	typeKeys(t, tab, "13.000")
	// Enter in a text field sends the form.
	res := pressEnter(t, tab)
	if res.Status != 200 || !strings.HasSuffix(strings.SplitN(res.URL, "?", 2)[0], fmt.Sprintf("/schede/%d", b1.ID)) {
		t.Fatalf("after Enter: %d %s", res.Status, res.URL)
	}
	body, err := chromedp.Run(tab, chromedp.Text(chromedp.CSS("main")))
	if err != nil || !strings.Contains(body, "Scheda salvata.") {
		t.Fatalf("no confirmation after saving (%v): %.800s", err, body)
	}
	after := hs.plan("casarano", "pdz-2022-2024")
	saved := after.SheetByCode("B.1")
	got := func(y int) pdz.OptInt { return saved.Year(y).Lines[0].Amount }
	if got(2022) != pdz.Some(1250000) || got(2023) != pdz.Some(1300000) || got(2024).Set {
		t.Errorf("amounts: 2022 %+v, 2023 %+v, 2024 %+v", got(2022), got(2023), got(2024))
	}
	if strings.Join(saved.Levels, " ") != "potenziamento ods" && strings.Join(saved.Levels, " ") != "ods potenziamento" {
		t.Errorf("levels %v", saved.Levels)
	}
	// Nothing else of the sheet changed.
	if saved.Title != b1.Title || len(saved.Objectives) != 1 || saved.Objectives[0] != b1.Objectives[0] || len(saved.Services) != 1 ||
		strings.Join(saved.Areas, " ") != strings.Join(b1.Areas, " ") || saved.Year(2022).Lines[0].SourceID != b1.Year(2022).Lines[0].SourceID {
		t.Errorf("the keyboard save changed other fields: %+v", saved)
	}
	// The page now lists only the 2024 amount as missing.
	if strings.Contains(body, "Anno 2022: importo da definire") || !strings.Contains(body, "Anno 2024: importo da definire") {
		t.Errorf("findings after saving: %.1500s", body)
	}

	// A mistake typed with the keyboard comes back with its message, the
	// typed value kept, and the error summary.
	if err := chromedp.Do(tab, chromedp.Navigate(page)); err != nil {
		t.Fatal(err)
	}
	tabTo(t, tab, "f-y2024_amt_1")
	typeKeys(t, tab, "mille")
	if res := pressEnter(t, tab); res.Status != 400 {
		t.Fatalf("a wrong amount: status %d", res.Status)
	}
	if v := valueOf(t, tab, "f-y2024_amt_1"); v != "mille" {
		t.Errorf("typed value lost: %q", v)
	}
	if body, _ := chromedp.Run(tab, chromedp.Text(chromedp.CSS("#errori"))); !strings.Contains(body, "Importo non valido") {
		t.Errorf("error summary: %q", body)
	}
}
