package web

// Browser checks of joining a process (issue 3): a keyboard-only person
// fills in the form, gets the protocol number and downloads the PDF receipt;
// registrationPages adds every page of the flow and its error states to the
// accessibility and validity walk of browser_test.go (the back-office pages
// of the register are in that walk already, through the route table).

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/pdz-ats/pdz/internal/security"
)

func regFocused(ctx context.Context) (string, error) {
	return chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement ? document.activeElement.id : ''`))
}

// regTabTo presses Tab until the element with id has the focus.
func regTabTo(t *testing.T, ctx context.Context, id string) {
	t.Helper()
	for range 400 {
		if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
			t.Fatal(err)
		}
		if got, err := regFocused(ctx); err != nil {
			t.Fatal(err)
		} else if got == id {
			return
		}
	}
	t.Fatalf("#%s never gets the focus with Tab", id)
}

func regKeys(t *testing.T, ctx context.Context, keys string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.KeyEvent(keys)); err != nil {
		t.Fatal(err)
	}
}

// regType tabs to a field and types into it.
func regType(t *testing.T, ctx context.Context, id, text string) {
	t.Helper()
	regTabTo(t, ctx, id)
	regKeys(t, ctx, text)
	if v, err := chromedp.Run(ctx, chromedp.Value(chromedp.ID(id))); err != nil || v != text {
		t.Fatalf("#%s: typed %q, value %q (%v)", id, text, v, err)
	}
}

// regEnter presses Enter and waits for the page it loads.
func regEnter(t *testing.T, ctx context.Context) *network.Response {
	t.Helper()
	res, err := chromedp.RunResponse(ctx, chromedp.KeyEvent(kb.Enter))
	if err != nil {
		t.Fatalf("Enter: %v", err)
	}
	return res
}

// TestKeyboardOnlyRegistration: from the notice page, with the keyboard
// alone, an association joins two areas with a proposal, reads its
// protocol number and downloads the PDF receipt.
func TestKeyboardOnlyRegistration(t *testing.T) {
	needTools(t, false)
	hs := newHarness(t, true)
	ts := httptest.NewServer(hs.h)
	defer ts.Close()
	tab := newBrowser(t)
	downloads := t.TempDir()
	if _, err := chromedp.CallBrowser(tab, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: downloads}); err != nil {
		t.Fatal(err)
	}
	p := hs.process("casarano", "pdz-2026-2028")
	a1, a9 := strconv.FormatInt(p.Areas[0].ID, 10), strconv.FormatInt(p.Areas[8].ID, 10)

	if err := chromedp.Do(tab, chromedp.Navigate(ts.URL+notice2026)); err != nil {
		t.Fatal(err)
	}
	for range 60 { // Tab to the link to the form
		regKeys(t, tab, kb.Tab)
		href, _ := chromedp.Run(tab, chromedp.Evaluate[string](`document.activeElement.getAttribute('href') || ''`))
		if strings.HasSuffix(href, "/adesione") {
			break
		}
	}
	if res := regEnter(t, tab); !strings.HasSuffix(res.URL, "/adesione") || res.Status != 200 {
		t.Fatalf("the link to the form leads to %s (%d)", res.URL, res.Status)
	}
	for range 60 {
		regKeys(t, tab, kb.Tab)
		href, _ := chromedp.Run(tab, chromedp.Evaluate[string](`document.activeElement.getAttribute('href') || ''`))
		if strings.HasSuffix(href, "?tipo=organizzazione") {
			break
		}
	}
	if res := regEnter(t, tab); !strings.Contains(res.URL, "tipo=organizzazione") {
		t.Fatalf("the organisation form is %s", res.URL)
	}

	regType(t, tab, "f-name", "Associazione Tastiera")
	regTabTo(t, tab, "f-org_type")
	regKeys(t, tab, kb.ArrowDown+kb.ArrowDown) // ODV, then APS
	if v, _ := chromedp.Run(tab, chromedp.Value(chromedp.ID("f-org_type"))); v != "aps" {
		t.Fatalf("type chosen with the arrows: %q", v)
	}
	regType(t, tab, "f-tax_code", "80078750587")
	regType(t, tab, "f-address", "Via dei Tasti 1")
	regType(t, tab, "f-comune", "Casarano")
	regType(t, tab, "f-email", "tastiera@example.org")
	regTabTo(t, tab, "f-manages_services-si")
	regKeys(t, tab, kb.ArrowRight) // the radio group: from Sì to No
	if v, _ := chromedp.Run(tab, chromedp.Evaluate[bool](`document.getElementById('f-manages_services-no').checked`)); !v {
		t.Fatal("the radio button was not chosen with the arrow")
	}
	regTabTo(t, tab, "f-publish_name")
	regKeys(t, tab, " ")
	regType(t, tab, "f-declarant_name", "Tina Tasti")
	regType(t, tab, "f-contact_name", "Tina Tasti")
	regType(t, tab, "f-contact_email", "tina@example.org")
	regTabTo(t, tab, "f-areas-"+a1)
	regKeys(t, tab, " ")
	regTabTo(t, tab, "f-areas-"+a9)
	regKeys(t, tab, " ")
	regTabTo(t, tab, "f-prop1_area")
	for range 9 {
		regKeys(t, tab, kb.ArrowDown) // to the last area
	}
	regType(t, tab, "f-prop1_title", "Merende in compagnia")
	regType(t, tab, "f-prop1_need", "Anziani soli")
	regType(t, tab, "f-prop1_description", "Pomeriggi insieme nei centri anziani")
	// The second proposal is hidden until asked for.
	if hidden, _ := chromedp.Run(tab, chromedp.Evaluate[bool](`document.querySelector('[data-block="2"]').hidden`)); !hidden {
		t.Error("the empty proposal blocks are not hidden")
	}
	regTabTo(t, tab, "aggiungi-proposta")
	regKeys(t, tab, kb.Enter)
	if f, _ := regFocused(tab); f != "f-prop2_area" {
		t.Errorf("after adding a proposal the focus is on #%s", f)
	}
	regTabTo(t, tab, "f-privacy")
	regKeys(t, tab, " ")
	regTabTo(t, tab, "f-truthful")
	regKeys(t, tab, " ")
	for range 40 { // on to the submit button
		regKeys(t, tab, kb.Tab)
		typ, _ := chromedp.Run(tab, chromedp.Evaluate[string](`document.activeElement.type || ''`))
		if typ == "submit" {
			break
		}
	}
	res := regEnter(t, tab)
	if res.Status != 200 || !strings.Contains(res.URL, "/adesione/") {
		body, _ := chromedp.Run(tab, chromedp.Text(chromedp.CSS("main")))
		t.Fatalf("after sending: %d %s\n%.2000s", res.Status, res.URL, body)
	}
	prot, err := chromedp.Run(tab, chromedp.Text(chromedp.ID("protocollo")))
	if err != nil || prot != "2026/000016" {
		t.Fatalf("protocol number on the page: %q %v", prot, err)
	}
	token := res.URL[strings.LastIndex(res.URL, "/")+1:]
	reg := hs.registrationByToken(token)
	if reg.Name != "Associazione Tastiera" || len(reg.Areas) != 2 || !reg.PublishName || reg.ManagesServices || len(reg.Proposals) != 1 ||
		reg.Proposals[0].AreaID != p.Areas[8].ID {
		t.Fatalf("saved: %+v", reg)
	}

	// The receipt, downloaded with the keyboard.
	regTabTo(t, tab, "scarica-ricevuta")
	regKeys(t, tab, kb.Enter)
	file := filepath.Join(downloads, "ricevuta-2026-000016.pdf")
	var pdf []byte
	for range 100 {
		if b, err := os.ReadFile(file); err == nil && len(b) > 0 && strings.HasSuffix(strings.TrimSpace(string(b)), "%%EOF") {
			pdf = b
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if !strings.HasPrefix(string(pdf), "%PDF-") {
		entries, _ := os.ReadDir(downloads)
		t.Fatalf("the receipt was not downloaded: %v", entries)
	}
	pdfContains(t, "downloaded receipt", string(pdf), "Protocollo n. 2026/000016", "Associazione Tastiera", "Merende in compagnia")
}

// registrationPages are the pages of joining a process and their error
// states, for TestBrowserAccessibilityAndValidity. It makes a registration
// with a correction (so its page shows a history) and one whose link was
// replaced (so its old form shows "already registered").
func (hs *harness) registrationPages(t *testing.T, x ids) []checkedPage {
	t.Helper()
	token := security.Token()
	if r := hs.post(join2026, orgForm(hs, token), nil); r.code != http.StatusSeeOther {
		t.Fatalf("registration for the walk: %d", r.code)
	}
	changed := orgForm(hs, token)
	changed.Set("name", "Associazione Prova corretta")
	if r := hs.post(join2026+"/"+token+"/modifica", changed, nil); r.code != http.StatusSeeOther {
		t.Fatalf("correction for the walk: %d", r.code)
	}
	old := orgForm(hs, security.Token())
	old.Set("tax_code", "06363391001")
	old.Set("email", "vecchio@example.org")
	hs.post(join2026, old, nil)
	hs.post(join2026+"/nuovo-link", url.Values{"email": {"vecchio@example.org"}}, nil)
	// The old link works until the new one is opened: open it.
	if r := hs.get(hs.newLink(old.Get("token")), nil); r.code != http.StatusOK {
		t.Fatalf("the new link for the walk: %d", r.code)
	}
	bad := orgForm(hs, security.Token())
	bad.Set("tax_code", "80078750588")
	bad.Del("truthful")
	bad.Set("prop1_cost", "tanti")
	trapped := orgForm(hs, security.Token())
	trapped.Set("sito_web", "https://spam.example")
	reg := hs.registrationByToken(token)
	p := hs.process("casarano", "pdz-2026-2028")
	admin := "/admin/a/casarano/percorsi/" + strconv.FormatInt(x.process, 10)
	regURL := admin + "/iscrizioni/" + strconv.FormatInt(reg.ID, 10)
	return []checkedPage{
		{path: join2026, status: 200},
		{path: join2026 + "?tipo=organizzazione", status: 200},
		{path: join2026 + "?tipo=cittadino", status: 200},
		{path: join2026, form: bad, status: 400},
		{path: join2026, form: trapped, status: 400}, // the trap for automatic submissions, shown
		{path: join2026, form: url.Values{"kind": {"cittadino"}, "token": {security.Token()}, "tax_code": {"RSSMRA85T10A562T"}}, status: 400},
		{path: join2026, form: old, status: 200}, // already registered, and its link replaced since
		{path: join2026 + "/" + token, status: 200},
		{path: join2026 + "/" + token + "/modifica", status: 200},
		{path: join2026 + "/" + token + "/ritira", form: url.Values{"conferma": {""}}, status: 400},
		{path: join2026 + "/nuovo-link", status: 200},
		{path: join2026 + "/nuovo-link", form: url.Values{"email": {"non valida"}}, status: 400},
		{path: notice2026 + "/aderenti", status: 200},
		{path: "/ambiti/casarano/percorsi/pdz-2014-2016/adesione", status: 200}, // closed: the deadline was in 2013
		{path: admin + "/iscrizioni?q=prova&stato=ricevuta&area=" + strconv.FormatInt(p.Areas[0].ID, 10), admin: true, status: 200},
		{path: admin + "/iscrizioni?stato=boh", admin: true, status: 400},
		{path: admin + "/iscrizioni/nuova?tipo=cittadino", admin: true, status: 200},
		{path: regURL, admin: true, status: 200},
		{path: regURL + "/esito", form: url.Values{"status": {"non_ammissibile"}}, admin: true, status: 400},
		{path: admin + "/iscrizioni", form: url.Values{"kind": {"organizzazione"}, "channel": {"tardiva"}, "received_date": {"2030-01-01"}}, admin: true, status: 400},
		{path: "/admin/a/casarano/informativa-privacy", form: url.Values{"body": {""}}, admin: true, status: 400},
		// A person's data (GDPR): the results of a search and its error state.
		{path: "/admin/a/casarano/dati-personali", form: url.Values{"chi": {reg.Email}}, admin: true, status: 200},
		{path: "/admin/a/casarano/dati-personali", form: url.Values{"chi": {"abc"}}, admin: true, status: 400},
		{path: "/admin/a/casarano/dati-personali/cancella", form: url.Values{"chi": {reg.Email}}, admin: true, status: 400}, // not confirmed
	}
}
