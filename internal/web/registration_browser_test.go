package web

// Browser checks of joining a process (issue 3): a keyboard-only person
// fills in the form, gets the protocol number and downloads the PDF receipt;
// every page of the flow, public and back office, passes axe-core (WCAG 2.1
// A and AA) in Chromium and the Nu HTML Checker.
//
// They need Debian's chromium, a Java runtime and the npm packages axe-core
// and vnu-jar in node_modules (`npm ci`, or `npm install --no-save
// axe-core@4.14.1 vnu-jar@26.9.27`). Without them the tests skip, unless
// PDZ_REQUIRE_TOOLS=1.
//
// The helpers are prefixed reg so that this file stands beside the
// platform's browser test (browser_test.go) without clashing.

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
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

type regTools struct{ java, axe, vnu string }

func regNeedTools(t *testing.T) regTools {
	t.Helper()
	dir, _ := os.Getwd()
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		if filepath.Dir(dir) == dir {
			t.Fatal("go.mod not found")
		}
		dir = filepath.Dir(dir)
	}
	tl := regTools{axe: filepath.Join(dir, "node_modules", "axe-core", "axe.min.js"), vnu: filepath.Join(dir, "node_modules", "vnu-jar", "build", "dist", "vnu.jar")}
	var missing []string
	if _, err := os.Stat("/usr/bin/chromium"); err != nil {
		missing = append(missing, "chromium")
	}
	if p, err := exec.LookPath("java"); err != nil {
		missing = append(missing, "java")
	} else {
		tl.java = p
	}
	for _, f := range []string{tl.axe, tl.vnu} {
		if _, err := os.Stat(f); err != nil {
			missing = append(missing, f)
		}
	}
	if len(missing) > 0 {
		msg := "browser test tools missing: " + strings.Join(missing, ", ")
		if os.Getenv("PDZ_REQUIRE_TOOLS") == "1" {
			t.Fatal(msg)
		}
		t.Skip(msg + " (set PDZ_REQUIRE_TOOLS=1 to make this a failure)")
	}
	return tl
}

// regBrowser starts a headless Chromium and returns its first tab.
func regBrowser(t *testing.T) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath("/usr/bin/chromium"), chromedp.NoSandbox, chromedp.Headless, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("lang", "it-IT"), chromedp.WindowSize(1280, 900),
		chromedp.UserDataDir(t.TempDir()))
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(alloc)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

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
	regNeedTools(t)
	hs := newHarness(t, true)
	ts := httptest.NewServer(hs.h)
	defer ts.Close()
	tab := regBrowser(t)
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
	mustContain(t, "downloaded receipt", pdfText(t, string(pdf)), "Protocollo n. 2026/000016", "Associazione Tastiera", "Merende in compagnia")
}

// regPage is a page of the flow to check: a GET, or a POST of form.
type regPage struct {
	path   string
	form   url.Values
	staff  bool
	status int
	late   bool // after the deadline
}

func (p regPage) String() string {
	s := "GET " + p.path
	if p.form != nil {
		s = "POST " + p.path
	}
	if p.staff {
		s += " [ufficio di piano]"
	}
	return s
}

// TestBrowserRegistrationPagesAccessibleAndValid runs axe-core in Chromium
// and the Nu HTML Checker on every page of joining a process and of the
// register, with their error states.
func TestBrowserRegistrationPagesAccessibleAndValid(t *testing.T) {
	tl := regNeedTools(t)
	axeSource, err := os.ReadFile(tl.axe)
	if err != nil {
		t.Fatal(err)
	}
	hs := newHarness(t, true)
	admin := hs.user("admin@example.org", true, nil)
	ts := httptest.NewServer(hs.h)
	defer ts.Close()
	p := hs.process("casarano", "pdz-2026-2028")
	// A registration with a correction (its history shows a version) and
	// a new-link request (its old form finds it without opening it).
	token := security.Token()
	if r := hs.post(join2026, orgForm(hs, token), nil); r.code != http.StatusSeeOther {
		t.Fatal(r.code)
	}
	changed := orgForm(hs, token)
	changed.Set("name", "Associazione Prova corretta")
	if r := hs.post(join2026+"/"+token+"/modifica", changed, nil); r.code != http.StatusSeeOther {
		t.Fatal(r.code)
	}
	oldToken := security.Token()
	old := orgForm(hs, oldToken)
	old.Set("tax_code", "06363391001")
	old.Set("email", "vecchio@example.org")
	hs.post(join2026, old, nil)
	hs.post(join2026+"/nuovo-link", url.Values{"email": {"vecchio@example.org"}}, nil)
	reg := hs.registrationByToken(token)
	regBase := "/admin/a/casarano/percorsi/" + strconv.FormatInt(p.ID, 10)
	regURL := regBase + "/iscrizioni/" + strconv.FormatInt(reg.ID, 10)
	bad := orgForm(hs, security.Token())
	bad.Set("tax_code", "80078750588")
	bad.Del("truthful")
	bad.Set("prop1_cost", "tanti")
	pages := []regPage{
		{path: join2026, status: 200},
		{path: join2026 + "?tipo=organizzazione", status: 200},
		{path: join2026 + "?tipo=cittadino", status: 200},
		{path: join2026, form: bad, status: 400},
		{path: join2026, form: url.Values{"kind": {"cittadino"}, "token": {security.Token()}, "tax_code": {"RSSMRA85T10A562T"}}, status: 400},
		{path: join2026, form: old, status: 200}, // already registered, link replaced
		{path: join2026 + "/" + token, status: 200},
		{path: join2026 + "/" + token + "/modifica", status: 200},
		{path: join2026 + "/" + token + "/ritira", form: url.Values{}, status: 400},
		{path: join2026 + "/nuovo-link", status: 200},
		{path: join2026 + "/nuovo-link", form: url.Values{"email": {"non valida"}}, status: 400},
		{path: notice2026 + "/aderenti", status: 200},
		{path: notice2026, status: 200},
		{path: regBase + "/iscrizioni", staff: true, status: 200},
		{path: regBase + "/iscrizioni?q=prova&stato=ricevuta&area=" + strconv.FormatInt(p.Areas[0].ID, 10), staff: true, status: 200},
		{path: regBase + "/iscrizioni?stato=boh", staff: true, status: 400},
		{path: regURL, staff: true, status: 200},
		{path: regURL + "/esito", form: url.Values{"status": {"non_ammissibile"}}, staff: true, status: 400},
		{path: regURL + "/modifica", staff: true, status: 200},
		{path: regBase + "/iscrizioni/nuova", staff: true, status: 200},
		{path: regBase + "/iscrizioni/nuova?tipo=cittadino", staff: true, status: 200},
		{path: regBase + "/iscrizioni", form: url.Values{"kind": {"organizzazione"}, "channel": {"tardiva"}, "received_date": {"2030-01-01"}}, staff: true, status: 400},
		{path: regBase + "/aree/" + strconv.FormatInt(p.Areas[8].ID, 10) + "/partecipanti", staff: true, status: 200},
		{path: "/admin/a/casarano/informativa-privacy", staff: true, status: 200},
		{path: "/admin/a/casarano/percorsi/" + strconv.FormatInt(p.ID, 10), staff: true, status: 200},
		{path: join2026, status: 200, late: true},
		{path: join2026 + "/" + token, status: 200, late: true},
		{path: join2026 + "/" + token + "/modifica", status: 409, late: true},
	}
	clockFor := func(pg regPage) {
		hs.clock = testNow
		if pg.late {
			hs.clock = time.Date(2026, 6, 20, 8, 0, 0, 0, time.UTC)
		}
	}
	// Nu HTML Checker on the HTML as sent.
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	dir := t.TempDir()
	var files []string
	names := map[string]string{}
	for i, pg := range pages {
		clockFor(pg)
		method, body := "GET", io.Reader(nil)
		if pg.form != nil {
			method, body = "POST", strings.NewReader(pg.form.Encode())
		}
		req, _ := http.NewRequest(method, ts.URL+pg.path, body)
		if pg.form != nil {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		if pg.staff {
			req.AddCookie(admin)
		}
		res, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != pg.status || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
			t.Errorf("%s: %d %s, want %d and HTML", pg, res.StatusCode, res.Header.Get("Content-Type"), pg.status)
			continue
		}
		name := fmt.Sprintf("pagina-%02d.html", i)
		os.WriteFile(filepath.Join(dir, name), b, 0o600)
		files = append(files, filepath.Join(dir, name))
		names[name] = pg.String()
	}
	vnuDone := make(chan error, 1)
	var vnuMsgs []struct {
		Type, URL, Message, Extract string
		LastLine                    int
	}
	go func() {
		cmd := exec.Command(tl.java, append([]string{"-jar", tl.vnu, "--format", "json", "--errors-only"}, files...)...)
		var out strings.Builder
		cmd.Stderr = &out
		runErr := cmd.Run()
		var res struct {
			Messages []struct {
				Type, URL, Message, Extract string
				LastLine                    int
			} `json:"messages"`
		}
		if err := json.Unmarshal([]byte(out.String()), &res); err != nil {
			vnuDone <- fmt.Errorf("vnu: %v %v: %.1000s", runErr, err, out.String())
			return
		}
		vnuMsgs = res.Messages
		vnuDone <- nil
	}()

	// axe-core in the browser: one tab for visitors, one for the staff.
	b := regBrowser(t)
	visitor, cancelV := chromedp.NewContext(b, chromedp.WithNewBrowserContext())
	defer cancelV()
	staff, cancelS := chromedp.NewContext(b, chromedp.WithNewBrowserContext())
	defer cancelS()
	// Open the tabs now: a tab opened by the first action lives only as long
	// as that action's context, and each page below has its own timeout.
	if err := chromedp.Do(visitor); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(staff); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(staff, network.SetCookie, network.SetCookieParams{Name: admin.Name, Value: admin.Value, URL: ts.URL + "/"}); err != nil {
		t.Fatal(err)
	}
	run := `axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}, resultTypes: ['violations']})
		.then(r => JSON.stringify(r.violations.map(v => v.id + ': ' + v.help + ' ' + v.nodes.map(n => n.html.slice(0, 160)).join(' | '))))`
	for _, pg := range pages {
		clockFor(pg)
		tab := visitor
		if pg.staff {
			tab = staff
		}
		ctx, cancel := context.WithTimeout(tab, 45*time.Second)
		var res *network.Response
		if pg.form != nil {
			if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/accessibilita")); err != nil {
				t.Fatal(err)
			}
			data, _ := json.Marshal(pg.form)
			res, err = chromedp.RunResponse(ctx, chromedp.Evaluate[chromedp.Void](`(() => {
				const f = document.createElement('form'); f.method = 'post'; f.action = `+strconv.Quote(pg.path)+`;
				for (const [k, vs] of Object.entries(`+string(data)+`)) for (const v of vs) {
					const i = document.createElement('input'); i.type = 'hidden'; i.name = k; i.value = v; f.appendChild(i);
				}
				document.body.appendChild(f); f.submit();
			})()`))
		} else {
			res, err = chromedp.Run(ctx, chromedp.NavigateResponse(ts.URL+pg.path))
		}
		if err != nil || res == nil || int(res.Status) != pg.status {
			t.Errorf("%s in the browser: %v (%v)", pg, res, err)
			cancel()
			continue
		}
		if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](string(axeSource)+"\n;0")); err != nil {
			t.Fatal(err)
		}
		out, err := chromedp.Run(ctx, chromedp.Evaluate[string](run, chromedp.EvalAwaitPromise))
		cancel()
		if err != nil {
			t.Fatalf("%s: axe: %v", pg, err)
		}
		var violations []string
		json.Unmarshal([]byte(out), &violations)
		for _, v := range violations {
			t.Errorf("%s: axe-core %s", pg, v)
		}
	}
	if err := <-vnuDone; err != nil {
		t.Fatal(err)
	}
	for _, m := range vnuMsgs {
		if m.Type == "error" || m.Type == "non-document-error" {
			t.Errorf("%s: Nu HTML Checker, line %d: %s [%s]", names[filepath.Base(strings.TrimPrefix(m.URL, "file:"))], m.LastLine, m.Message, m.Extract)
		}
	}
	t.Logf("%d pages checked with axe-core and the Nu HTML Checker", len(pages))
}
