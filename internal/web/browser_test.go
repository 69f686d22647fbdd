package web

// The browser tests check the pages as people meet them: every public page,
// every back-office page and the error states of the main forms go through
// axe-core (WCAG 2.1 A and AA) in Chromium and through the Nu HTML Checker,
// and the main tasks are done with the keyboard alone.
//
// They need Debian's chromium, a Java runtime and the npm packages of
// package.json (`npm ci` in the repository root). Without them the tests
// skip, unless PDZ_REQUIRE_TOOLS=1, as in CI, where a missing tool fails.

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
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/pdz-ats/pdz/internal/demo"
	"github.com/pdz-ats/pdz/internal/pdz"
)

const chromiumPath = "/usr/bin/chromium"

// axeTags are the rule sets every page must pass.
var axeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa"}

// browserTools are the programs and files the browser tests use.
type browserTools struct {
	java string // java executable
	axe  string // axe.min.js
	vnu  string // vnu.jar
}

// repoRoot walks up from the working directory to the folder of go.mod.
func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found above the working directory")
		}
		dir = parent
	}
}

// needTools returns the tools, or skips the test when one is missing
// (fails instead when PDZ_REQUIRE_TOOLS=1). With checkers false, only the
// browser is needed.
func needTools(t *testing.T, checkers bool) browserTools {
	t.Helper()
	root := repoRoot(t)
	tl := browserTools{
		axe: filepath.Join(root, "node_modules", "axe-core", "axe.min.js"),
		vnu: filepath.Join(root, "node_modules", "vnu-jar", "build", "dist", "vnu.jar"),
	}
	var missing []string
	if _, err := os.Stat(chromiumPath); err != nil {
		missing = append(missing, "chromium ("+chromiumPath+", Debian package chromium)")
	}
	if checkers {
		if p, err := exec.LookPath("java"); err != nil {
			missing = append(missing, "java (a Java 17+ runtime, e.g. Debian package openjdk-17-jre-headless)")
		} else {
			tl.java = p
		}
		for _, f := range []string{tl.axe, tl.vnu} {
			if _, err := os.Stat(f); err != nil {
				missing = append(missing, f+" (run `npm ci` in "+root+")")
			}
		}
	}
	if len(missing) > 0 {
		msg := "browser test tools missing: " + strings.Join(missing, "; ")
		if os.Getenv("PDZ_REQUIRE_TOOLS") == "1" {
			t.Fatal(msg + " (PDZ_REQUIRE_TOOLS=1: the test may not skip)")
		}
		t.Skip(msg + " (set PDZ_REQUIRE_TOOLS=1 to make this a failure)")
	}
	return tl
}

// newBrowser starts one headless Chromium for the test and returns the
// context of its first tab; the browser stops at the end of the test.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath),
		chromedp.NoSandbox,
		chromedp.Headless,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.WindowSize(1280, 900),
		chromedp.UserDataDir(t.TempDir()),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// newTab opens a tab in a browser context of its own (own cookies) and sets
// the session cookie c for the server at base, if given.
func newTab(t *testing.T, browser context.Context, base string, c *http.Cookie) context.Context {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	t.Cleanup(func() { cancel() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("open tab: %v", err)
	}
	if c != nil {
		if _, err := chromedp.Call(ctx, network.SetCookie, network.SetCookieParams{Name: c.Name, Value: c.Value, URL: base + "/",
			HTTPOnly: new(true), SameSite: network.CookieSameSiteLax}); err != nil {
			t.Fatalf("set session cookie: %v", err)
		}
	}
	return ctx
}

// checkedPage is one page under test: a GET, or a POST of form (an error
// state of a form), anonymous or as the installation administrator.
type checkedPage struct {
	path   string
	form   url.Values // non-nil: POST
	admin  bool
	status int
}

func (p checkedPage) String() string {
	s := "GET " + p.path
	if p.form != nil {
		s = "POST " + p.path + " (" + p.form.Encode() + ")"
	}
	if p.admin {
		s += " [amministratore]"
	}
	return s
}

// checkedPages lists every page the accessibility test visits.
func checkedPages(t *testing.T, hs *harness) []checkedPage {
	t.Helper()
	ctx := context.Background()
	pages := []checkedPage{
		{path: "/", status: 200},
		{path: "/accessibilita", status: 200},
		{path: "/accedi", status: 200},
		{path: "/pagina-che-non-esiste", status: 404},
	}
	as, err := hs.st.Ambiti(ctx)
	if err != nil {
		t.Fatal(err)
	}
	processes := 0
	for _, a := range as {
		pages = append(pages, checkedPage{path: "/ambiti/" + a.Slug, status: 200})
		ps, err := hs.st.Processes(ctx, a.ID, true)
		if err != nil {
			t.Fatal(err)
		}
		for _, listed := range ps {
			p, err := hs.st.Process(ctx, a.ID, listed.ID)
			if err != nil {
				t.Fatal(err)
			}
			processes++
			base := processBase(&a, &p)
			pages = append(pages,
				checkedPage{path: base, status: 200},
				checkedPage{path: base + "/incontri", status: 200},
				checkedPage{path: base + "/incontri?dal=x", status: 400},
			)
			if len(p.Areas) > 0 {
				pages = append(pages, checkedPage{path: base + "/incontri?area=" + strconv.FormatInt(p.Areas[0].ID, 10), status: 200})
			}
			// A meeting, a meeting with focus groups or tables inside it,
			// and one of those.
			var ms []int64
			if len(p.Meetings) > 0 {
				ms = append(ms, p.Meetings[0].ID)
			}
			for _, m := range p.Meetings {
				if cs := p.Children(m.ID); len(cs) > 0 {
					ms = append(ms, m.ID, cs[0].ID)
					break
				}
			}
			for _, id := range slices.Compact(ms) {
				pages = append(pages, checkedPage{path: base + "/incontri/" + strconv.FormatInt(id, 10), status: 200})
			}
		}
	}
	if len(as) < 3 || processes < 4 {
		t.Fatalf("demo data: %d Ambiti, %d published processes", len(as), processes)
	}

	// The bodies, a body with members and sessions, the Consigli Comunali,
	// a session with attendance, acts and an attachment, and the log of a
	// process (the page; its text and PDF are downloads).
	cabina := hs.bodyIDs("casarano", "cabina-di-regia")
	hs.attendAndAttach(cabina)
	pages = append(pages,
		checkedPage{path: "/ambiti/casarano/organi", status: 200},
		checkedPage{path: "/ambiti/lecce/organi", status: 200},
		checkedPage{path: "/ambiti/casarano/organi/coordinamento-istituzionale", status: 200},
		checkedPage{path: "/ambiti/casarano/organi/consigli-comunali", status: 200},
		checkedPage{path: "/ambiti/casarano/organi/rete-per-l-inclusione-e-la-protezione-sociale", status: 200},
		checkedPage{path: "/ambiti/casarano/organi/cabina-di-regia/sedute/" + strconv.FormatInt(cabina.session, 10), status: 200},
		checkedPage{path: "/ambiti/casarano/percorsi/pdz-2022-2024/cronologia", status: 200},
		checkedPage{path: "/ambiti/casarano/percorsi/pdz-2026-2028/cronologia", status: 200},
	)

	pages = append(pages, planCheckedPages(t, hs)...)
	pages = append(pages, moneyCheckedPages(t, hs)...)

	// Every back-office page of the route table, as the installation
	// administrator; the user page is the demo account's, which has roles.
	du, err := hs.st.UserByEmail(ctx, demo.DemoEmail)
	if err != nil {
		t.Fatal(err)
	}
	x := hs.idsOf("casarano", "pdz-2026-2028", du.ID)
	backOffice := 0
	for _, rt := range hs.srv.routes() {
		if rt.access == public || !strings.HasPrefix(rt.pattern, "GET ") {
			continue
		}
		if path.Ext(rt.pattern) != "" { // a download (…/allegato.pdf), not a page
			continue
		}
		_, p := fill(rt.pattern, x)
		if strings.Contains(p, "{") {
			t.Fatalf("route %q: no id to fill in", rt.pattern)
		}
		pages = append(pages, checkedPage{path: p, admin: true, status: 200})
		backOffice++
	}
	if backOffice < 20 {
		t.Fatalf("only %d back-office pages: the route table walk is broken", backOffice)
	}

	// Joining a process (issue 3): the public pages and the error states.
	pages = append(pages, hs.registrationPages(t, x)...)

	// The tables (issue 4): public pages, ballots, error states.
	pages = append(pages, hs.tablePages(t, x)...)

	// The error states of the forms.
	pid := strconv.FormatInt(x.process, 10)
	pages = append(pages,
		checkedPage{path: "/accedi", form: url.Values{"email": {""}, "password": {""}, "dopo": {""}}, status: 400},
		checkedPage{path: "/admin/a/casarano/percorsi/" + pid + "/incontri", admin: true, status: 400,
			form: url.Values{"kind": {"tavolo"}, "title": {"Tavolo aggiuntivo"}, "date": {"31/02/2026"}, "start_time": {"9:30"}}},
		checkedPage{path: "/admin/a/casarano/percorsi", admin: true, status: 400,
			form: url.Values{"title": {""}, "cycle": {"Piano Sociale di Zona 2029-2031"}}},
		checkedPage{path: "/admin/a/casarano/comuni", admin: true, status: 400,
			form: url.Values{"name": {"Comune di prova"}, "istat_code": {"12345"}, "population": {"1.234"}}},
		checkedPage{path: cabina.admin() + "/sedute", admin: true, status: 400,
			form: url.Values{"date": {"31/02/2023"}, "convocation_number": {"8513"}, "start_time": {"9:30"}}},
		checkedPage{path: cabina.admin() + "/componenti", admin: true, status: 400,
			form: url.Values{"role": {""}, "starts_on": {"2023-01-01"}, "ends_on": {"2022-01-01"}}},
		checkedPage{path: cabina.admin() + "/sedute/" + strconv.FormatInt(cabina.session, 10) + "/atti", admin: true, status: 400,
			form: url.Values{"kind": {"deliberazione"}, "subject": {""}}},
		checkedPage{path: "/admin/a/casarano/organi", admin: true, status: 400,
			form: url.Values{"kind": {""}, "name": {""}}},
	)
	return pages
}

// fetchRaw returns the HTML the server sends for p, as a plain client.
func fetchRaw(client *http.Client, base string, p checkedPage, c *http.Cookie) (int, string, string, error) {
	method, body := "GET", io.Reader(nil)
	if p.form != nil {
		method, body = "POST", strings.NewReader(p.form.Encode())
	}
	req, err := http.NewRequest(method, base+p.path, body)
	if err != nil {
		return 0, "", "", err
	}
	if p.form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if p.admin {
		req.AddCookie(c)
	}
	res, err := client.Do(req)
	if err != nil {
		return 0, "", "", err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	return res.StatusCode, res.Header.Get("Content-Type"), string(b), err
}

// vnuMessage is one message of the Nu HTML Checker's JSON output.
type vnuMessage struct {
	Type    string `json:"type"`
	URL     string `json:"url"`
	Line    int    `json:"lastLine"`
	Column  int    `json:"firstColumn"`
	Message string `json:"message"`
	Extract string `json:"extract"`
}

// runVNU validates the files with one Java process and returns its errors.
func runVNU(tl browserTools, files []string) ([]vnuMessage, error) {
	args := append([]string{"-jar", tl.vnu, "--format", "json", "--errors-only"}, files...)
	cmd := exec.Command(tl.java, args...)
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run() // exits 1 when a file has errors: the JSON tells
	out := stderr.String()
	if !strings.Contains(out, `"messages"`) {
		out = stdout.String()
	}
	var res struct {
		Messages []vnuMessage `json:"messages"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		return nil, fmt.Errorf("vnu: %v; unreadable output (%v): %.2000s", runErr, err, stderr.String()+stdout.String())
	}
	var errs []vnuMessage
	for _, m := range res.Messages {
		if m.Type == "error" || m.Type == "non-document-error" {
			errs = append(errs, m)
		}
	}
	if runErr != nil && len(errs) == 0 {
		return nil, fmt.Errorf("vnu failed without reporting an error: %v: %.2000s", runErr, out)
	}
	return errs, nil
}

// viewport is a screen a page is checked on.
type viewport struct {
	name          string
	width, height int64
}

// viewports are the screens axe-core and the layout checks see every page
// on: a desktop, a common phone and the narrowest phone still sold.
var viewports = []viewport{{"schermo 1280×900", 1280, 900}, {"telefono 375×812", 375, 812}, {"telefono 320×640", 320, 640}}

// axeViolation is one failed rule, with the elements that fail it.
type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target  json.RawMessage `json:"target"`
		HTML    string          `json:"html"`
		Summary string          `json:"summary"`
	} `json:"nodes"`
}

func (v axeViolation) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s): %s", v.ID, v.Impact, v.Help)
	for _, n := range v.Nodes {
		fmt.Fprintf(&b, "\n      %s %.160s", n.Target, n.HTML)
		if n.Summary != "" {
			fmt.Fprintf(&b, "\n        %s", strings.ReplaceAll(n.Summary, "\n", "\n        "))
		}
	}
	return b.String()
}

// axeRun is the script that runs axe-core on the page and returns its
// violations.
var axeRun = func() string {
	tags, _ := json.Marshal(axeTags)
	return `axe.run(document, {runOnly: {type: 'tag', values: ` + string(tags) + `}, resultTypes: ['violations']})
		.then(r => JSON.stringify(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
			nodes: v.nodes.map(n => ({target: n.target, html: n.html, summary: n.failureSummary}))}))))`
}()

// postForm makes the tab submit form to path as a real form would, and
// waits for the answer.
func postForm(ctx context.Context, path string, form url.Values) (*network.Response, error) {
	var pairs [][2]string
	for k, vs := range form {
		for _, v := range vs {
			pairs = append(pairs, [2]string{k, v})
		}
	}
	p, _ := json.Marshal(path)
	kv, _ := json.Marshal(pairs)
	script := `(() => {
		const f = document.createElement('form');
		f.method = 'post';
		f.action = ` + string(p) + `;
		for (const [k, v] of ` + string(kv) + `) {
			const i = document.createElement('input');
			i.type = 'hidden'; i.name = k; i.value = v;
			f.appendChild(i);
		}
		document.body.appendChild(f);
		f.submit();
	})()`
	return chromedp.RunResponse(ctx, chromedp.Evaluate[chromedp.Void](script))
}

// loadPage loads p in the tab (a GET, or a form sent from a page of the
// site) and checks the status and the address the browser ends on.
func loadPage(ctx context.Context, base string, p checkedPage) error {
	var res *network.Response
	var err error
	if p.form != nil {
		// A page of the site first, so the form is sent from the site.
		if err := chromedp.Do(ctx, chromedp.Navigate(base+"/accessibilita")); err != nil {
			return err
		}
		res, err = postForm(ctx, p.path, p.form)
	} else {
		res, err = chromedp.Run(ctx, chromedp.NavigateResponse(base+p.path))
	}
	if err != nil {
		return err
	}
	if res == nil || int(res.Status) != p.status {
		status := 0
		if res != nil {
			status = int(res.Status)
		}
		return fmt.Errorf("the browser got status %d, want %d", status, p.status)
	}
	if got, _ := url.Parse(res.URL); got == nil || got.Path != strings.SplitN(p.path, "?", 2)[0] {
		return fmt.Errorf("the browser ended on %s", res.URL)
	}
	return nil
}

// injectAxe loads axe-core into the page the tab shows.
func injectAxe(ctx context.Context, axeSource string) error {
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](axeSource+"\n;0")); err != nil {
		return fmt.Errorf("inject axe-core: %w", err)
	}
	return nil
}

// axeCheck returns the violations axe-core finds in the page the tab shows,
// as it is laid out now.
func axeCheck(ctx context.Context) ([]axeViolation, error) {
	out, err := chromedp.Run(ctx, chromedp.Evaluate[string](axeRun, chromedp.EvalAwaitPromise))
	if err != nil {
		return nil, fmt.Errorf("axe.run: %w", err)
	}
	var vs []axeViolation
	if err := json.Unmarshal([]byte(out), &vs); err != nil {
		return nil, fmt.Errorf("axe result: %w", err)
	}
	return vs, nil
}

// TestBrowserAccessibilityAndValidity checks every public page, every
// back-office page and the error states of the main forms: zero axe-core
// violations (WCAG 2.0/2.1 A and AA) in Chromium, zero Nu HTML Checker
// errors in the HTML the server sends.
func TestBrowserAccessibilityAndValidity(t *testing.T) {
	tl := needTools(t, true)
	start := time.Now()
	axeSource, err := os.ReadFile(tl.axe)
	if err != nil {
		t.Fatal(err)
	}
	hs := newHarness(t, true)
	admin := hs.user("admin@example.org", true, nil)
	ts := httptest.NewServer(hs.h)
	t.Cleanup(ts.Close) // after the browser, which the later cleanups stop
	pages := checkedPages(t, hs)

	// The raw HTML of every page, for the Nu HTML Checker, checked while
	// the browser works.
	client := &http.Client{Timeout: 30 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	dir := t.TempDir()
	var files []string
	fileURL := map[string]string{}
	for i, p := range pages {
		status, ctype, body, err := fetchRaw(client, ts.URL, p, admin)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if status != p.status || !strings.HasPrefix(ctype, "text/html") {
			t.Errorf("%s: status %d (%s), want %d and HTML", p, status, ctype, p.status)
			continue
		}
		if p.status == http.StatusBadRequest && (!strings.Contains(body, `id="errori"`) || !strings.Contains(body, `aria-invalid="true"`)) {
			t.Errorf("%s: not an error state (no error summary or no field marked invalid)", p)
		}
		name := fmt.Sprintf("pagina-%03d.html", i)
		f := filepath.Join(dir, name)
		if err := os.WriteFile(f, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
		fileURL[name] = p.String()
	}
	type vnuResult struct {
		msgs []vnuMessage
		err  error
		took time.Duration
	}
	vnuDone := make(chan vnuResult, 1)
	go func() {
		t0 := time.Now()
		msgs, err := runVNU(tl, files)
		vnuDone <- vnuResult{msgs, err, time.Since(t0)}
	}()

	// axe-core in the browser: one tab for visitors, one for the
	// administrator, each with its own cookies. Each page is loaded once
	// and seen on every screen (the layout follows the viewport), where
	// axe-core and the layout checks run; then its fields are filled in, as
	// a person would, and the labels are measured again on every screen.
	browser := newBrowser(t)
	anon := newTab(t, browser, ts.URL, nil)
	staff := newTab(t, browser, ts.URL, admin)
	t0 := time.Now()
	for _, p := range pages {
		tab := anon
		if p.admin {
			tab = staff
		}
		for _, msg := range checkPageOnScreens(tab, ts.URL, string(axeSource), p) {
			t.Errorf("%s, %s", p, msg)
		}
	}
	axeTook := time.Since(t0)

	r := <-vnuDone
	if r.err != nil {
		t.Error(r.err)
	}
	for _, m := range r.msgs {
		name := filepath.Base(strings.TrimPrefix(m.URL, "file:"))
		t.Errorf("%s (%s): Nu HTML Checker, line %d col %d: %s [%s]", fileURL[name], name, m.Line, m.Column, m.Message, m.Extract)
	}
	t.Logf("%d pages: axe-core and layout on %d screens %s, Nu HTML Checker %s (in parallel), total %s", len(pages), len(viewports), axeTook.Round(time.Millisecond),
		r.took.Round(time.Millisecond), time.Since(start).Round(time.Millisecond))
}

// ---- keyboard only

// activeElement describes the element that has the focus.
type activeElement struct {
	ID     string `json:"id"`
	Tag    string `json:"tag"`
	Text   string `json:"text"`
	Href   string `json:"href"`
	InMain bool   `json:"inMain"`
}

func focused(ctx context.Context) (activeElement, error) {
	var a activeElement
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => {
		const e = document.activeElement;
		const main = document.getElementById('contenuto');
		return JSON.stringify({id: e ? e.id : '', tag: e ? e.tagName.toLowerCase() : '',
			text: e ? (e.textContent || '').trim() : '', href: (e && e.getAttribute('href')) || '',
			inMain: !!(main && e && e !== main && main.contains(e))});
	})()`))
	if err == nil {
		err = json.Unmarshal([]byte(s), &a)
	}
	return a, err
}

// tabTo presses Tab until the element with the given id has the focus.
func tabTo(t *testing.T, ctx context.Context, id string) {
	t.Helper()
	for range 80 {
		if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
			t.Fatal(err)
		}
		a, err := focused(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if a.ID == id {
			return
		}
	}
	t.Fatalf("#%s never gets the focus with Tab", id)
}

// typeKeys types text with key events into the focused element.
func typeKeys(t *testing.T, ctx context.Context, text string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.KeyEvent(text)); err != nil {
		t.Fatal(err)
	}
}

// pressEnter presses Enter and waits for the page it loads.
func pressEnter(t *testing.T, ctx context.Context) *network.Response {
	t.Helper()
	res, err := chromedp.RunResponse(ctx, chromedp.KeyEvent(kb.Enter))
	if err != nil {
		t.Fatalf("Enter: %v", err)
	}
	return res
}

// localeKeys returns the keys that type 30 June 2026, 9:30 into a date or
// time field: the fields follow the order (and the 12 or 24 hours) of the
// browser's locale, whose language packs Debian ships apart.
func localeKeys(t *testing.T, ctx context.Context, format string) string {
	t.Helper()
	keys, err := chromedp.Run(ctx, chromedp.Evaluate[string](`new Intl.DateTimeFormat(navigator.language, `+format+`)
		.formatToParts(new Date(2026, 5, 30, 9, 30))
		.filter(p => p.type !== 'literal')
		.map(p => p.type === 'dayPeriod' ? p.value.charAt(0) : p.value).join('')`))
	if err != nil {
		t.Fatal(err)
	}
	return keys
}

func valueOf(t *testing.T, ctx context.Context, id string) string {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Value(chromedp.ID(id)))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestKeyboardOnly does the main tasks with key events alone: the skip
// link, the login, and a new meeting.
func TestKeyboardOnly(t *testing.T) {
	needTools(t, false)
	hs := newHarness(t, true)
	u := hs.account("anna@example.org", "correct horse battery")
	ctx := context.Background()
	a, err := hs.st.AmbitoBySlug(ctx, "casarano")
	if err != nil {
		t.Fatal(err)
	}
	if err := hs.st.SetMembership(ctx, pdz.SystemActor, u.ID, a.ID, pdz.RoleOperatore); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(hs.h)
	t.Cleanup(ts.Close)
	browser := newBrowser(t)
	tab := newTab(t, browser, ts.URL, nil)

	// The first Tab reaches the skip link; Enter moves to the content, so
	// the next Tab lands inside it.
	if err := chromedp.Do(tab, chromedp.Navigate(ts.URL+"/")); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(tab, chromedp.KeyEvent(kb.Tab)); err != nil {
		t.Fatal(err)
	}
	if f, err := focused(tab); err != nil || f.Text != "Vai al contenuto principale" || f.Href != "#contenuto" {
		t.Fatalf("first Tab focuses %+v (%v), want the skip link", f, err)
	}
	if err := chromedp.Do(tab, chromedp.KeyEvent(kb.Enter)); err != nil {
		t.Fatal(err)
	}
	if loc, err := chromedp.Run(tab, chromedp.Poll[string](`location.hash === '#contenuto' && location.href`,
		chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		t.Fatalf("after Enter on the skip link: %s (%v)", loc, err)
	}
	if err := chromedp.Do(tab, chromedp.KeyEvent(kb.Tab)); err != nil {
		t.Fatal(err)
	}
	if f, err := focused(tab); err != nil || !f.InMain {
		t.Fatalf("the Tab after the skip link focuses %+v (%v), not the main content", f, err)
	}

	// Login: Tab to the e-mail, type, Tab to the password, type, Enter.
	if err := chromedp.Do(tab, chromedp.Navigate(ts.URL+"/accedi")); err != nil {
		t.Fatal(err)
	}
	tabTo(t, tab, "f-email")
	typeKeys(t, tab, "anna@example.org")
	if err := chromedp.Do(tab, chromedp.KeyEvent(kb.Tab)); err != nil {
		t.Fatal(err)
	}
	if f, _ := focused(tab); f.ID != "f-password" {
		t.Fatalf("Tab after the e-mail focuses %+v, want the password", f)
	}
	typeKeys(t, tab, "correct horse battery")
	res := pressEnter(t, tab)
	if got, _ := url.Parse(res.URL); got == nil || got.Path != "/admin" || res.Status != 200 {
		t.Fatalf("after login: %d %s, want /admin", res.Status, res.URL)
	}
	if body, err := chromedp.Run(tab, chromedp.Text(chromedp.CSS("body"))); err != nil || !strings.Contains(body, "anna@example.org") {
		t.Fatalf("after login the page does not show the account (%v)", err)
	}

	// A new meeting of Casarano 2026, typed and sent with the keyboard.
	p := hs.process("casarano", "pdz-2026-2028")
	if err := chromedp.Do(tab, chromedp.Navigate(fmt.Sprintf("%s/admin/a/casarano/percorsi/%d/incontri/nuovo", ts.URL, p.ID))); err != nil {
		t.Fatal(err)
	}
	const title = "Incontro inserito da tastiera"
	tabTo(t, tab, "f-title")
	typeKeys(t, tab, title)
	tabTo(t, tab, "f-date")
	typeKeys(t, tab, localeKeys(t, tab, "{year: 'numeric', month: '2-digit', day: '2-digit'}"))
	if v := valueOf(t, tab, "f-date"); v != "2026-06-30" {
		t.Fatalf("date typed: value %q", v)
	}
	tabTo(t, tab, "f-start_time")
	typeKeys(t, tab, localeKeys(t, tab, "{hour: '2-digit', minute: '2-digit'}"))
	if v := valueOf(t, tab, "f-start_time"); v != "09:30" {
		t.Fatalf("time typed: value %q", v)
	}
	res = pressEnter(t, tab)
	if res.Status != 200 {
		t.Fatalf("after sending the meeting: %d %s", res.Status, res.URL)
	}
	var found *pdz.Meeting
	for _, m := range hs.process("casarano", "pdz-2026-2028").Meetings {
		if m.Title == title {
			found = &m
		}
	}
	if found == nil {
		body, _ := chromedp.Run(tab, chromedp.Text(chromedp.CSS("main")))
		t.Fatalf("the meeting typed with the keyboard was not saved; the page says: %.1500s", body)
	}
	if found.Date.String() != "2026-06-30" || found.StartTime.String() != "09:30" || found.Kind != pdz.KindTavolo {
		t.Errorf("saved meeting: %s %s %s", found.Date, found.StartTime, found.Kind)
	}
}
