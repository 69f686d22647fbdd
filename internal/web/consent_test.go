package web

import (
	"archive/zip"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/pdz-ats/pdz/internal/pdz"
)

// The consent rule on every public output (issue 10): a crawl from the
// public home follows every link of every public page and every file
// (PDF, XLSX, ODS, CSV, iCalendar, JSON), calls every path of the API's
// OpenAPI document with the values the pages use, and looks in each for
// what must never be public: the name of an organisation that did not
// consent to its publication, the name of a private citizen who did not
// agree to be named, an erased registration's data, anyone's e-mail,
// phone, address or codice fiscale. A page added later is crawled without
// touching this test; a file of a format the crawl cannot read fails it.

// actOutput matches the outputs of the acts public by their nature: an
// election (its candidates and their representatives), the participation
// pact (who signed it, for which organisation) and the bodies (the
// elected members). DECISIONS.md, "Consent on every public output".
var actOutput = regexp.MustCompile(`/elezioni|/patto|/organi(/|$)`)

// secret is something one public output or all of them must not show.
type secret struct {
	text  string
	why   string
	byAct bool // may appear on the outputs of the acts (actOutput)
}

// consentFixture adds to the demo's Casarano 2022-2024 a non-consenting
// organisation that authored a proposal, co-authors a merged one and was
// present at a meeting whose minutes are published, and an organisation
// that consented, authored a proposal and attended, then had its data
// erased, and a candidate of the election that was not elected, erased
// too. It returns the erased registrations as they were before.
func (hs *harness) consentFixture(t *testing.T) (hidden pdz.Registration, erased []pdz.Registration, proposals []int64, meeting int64) {
	t.Helper()
	ctx := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	a, err := hs.st.AmbitoBySlug(ctx, "casarano")
	must(err)
	p := hs.process("casarano", "pdz-2022-2024")
	regs, _, err := hs.st.Registrations(ctx, a.ID, p.ID, pdz.RegistrationFilter{})
	must(err)
	var hid, era *pdz.Registration
	for i := range regs {
		if r := &regs[i]; r.IsOrganisation() && r.Status.Holds() && len(r.Areas) > 0 && !r.PublishName {
			hid = r
			break
		}
	}
	if hid == nil {
		t.Fatal("the demo has no organisation without consent")
	}
	area := hid.Areas[0].AreaID
	for i := range regs {
		if r := &regs[i]; r.IsOrganisation() && r.Status.Holds() && r.PublishName && r.HasArea(area) {
			era = r
		}
	}
	if era == nil {
		t.Fatal("no consenting organisation shares an area with the one without consent")
	}
	mins, err := hs.st.ProcessMinutes(ctx, a.ID, p.ID, true)
	must(err)
	if len(mins) == 0 {
		t.Fatal("no published minutes in the demo")
	}
	meeting = mins[0].MeetingID
	actor := pdz.SystemActor
	for _, r := range []*pdz.Registration{hid, era} {
		if _, err := hs.st.CheckIn(ctx, actor, a.ID, p.ID, meeting, r.ID, pdz.CheckInList, ""); err != nil && pdz.ErrorCode(err) != pdz.ECONFLICT {
			t.Fatal(err)
		}
	}
	propose := func(r *pdz.Registration, title string) int64 {
		x := pdz.Proposta{ProcessID: p.ID, RegistrationID: r.ID, Proposal: pdz.Proposal{AreaID: area, Title: title, Need: "Mobilità",
			Description: "Una proposta del test."}}
		must(hs.st.CreateTableProposal(ctx, actor, a.ID, &x))
		return x.ID
	}
	own := propose(hid, "Sportello di ascolto riservato")
	first, second := propose(hid, "Trasporto sociale di prossimità"), propose(era, "Accompagnamento alle visite")
	merged, err := hs.st.MergeProposals(ctx, actor, a.ID, p.ID, []int64{first, second}, pdz.Proposal{AreaID: area,
		Title: "Mobilità sociale accorpata", Need: "Mobilità", Description: "Pulmino e volontari."})
	must(err)
	propose(era, "Orto sociale condiviso")
	must(errors.Join(hs.st.EraseRegistration(ctx, actor, a.ID, era.ID)))
	erased = []pdz.Registration{*era}
	// A candidate of the published election, not elected, erased too.
	es, err := hs.st.Elections(ctx, a.ID, p.ID, true)
	must(err)
	for _, e := range es {
		full, err := hs.st.Election(ctx, a.ID, p.ID, e.ID)
		must(err)
		for _, c := range full.Candidates {
			if c.MemberID != 0 || c.RegistrationID == era.ID || c.RegistrationID == hid.ID || len(erased) > 1 {
				continue
			}
			for i := range regs {
				if regs[i].ID == c.RegistrationID {
					must(errors.Join(hs.st.EraseRegistration(ctx, actor, a.ID, c.RegistrationID)))
					erased = append(erased, regs[i])
				}
			}
		}
	}
	if len(erased) < 2 {
		t.Fatal("the demo election has no candidate left unelected")
	}
	hs.clock = hs.clock.Add(hs.srv.cfg.PageCacheTTL * 2) // past the page cache
	return *hid, erased, []int64{own, merged}, meeting
}

// publicSecrets lists, from every registration of every process, what
// public outputs must not show; named lists the names they may show (a
// consenting organisation, a citizen who agreed).
func (hs *harness) publicSecrets(t *testing.T, extra ...pdz.Registration) (secrets []secret, named []string) {
	t.Helper()
	ctx := context.Background()
	as, err := hs.st.Ambiti(ctx)
	if err != nil {
		t.Fatal(err)
	}
	allowed := map[string]bool{}
	var regs []pdz.Registration
	byAct := map[string]bool{} // names public through an act
	for _, a := range as {
		ps, err := hs.st.Processes(ctx, a.ID, false)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range ps {
			rs, _, err := hs.st.Registrations(ctx, a.ID, p.ID, pdz.RegistrationFilter{})
			if err != nil {
				t.Fatal(err)
			}
			regs = append(regs, rs...)
			att, err := hs.st.ProcessAttendance(ctx, a.ID, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			agreed := map[int64]bool{}
			for _, x := range att {
				if x.NameConsent && x.Kind == pdz.RegistrantCitizen {
					agreed[x.RegistrationID] = true
				}
			}
			for _, r := range rs {
				if r.Erased() {
					continue
				}
				if (r.IsOrganisation() && r.PublishName) || agreed[r.ID] {
					allowed[r.Name] = true
				}
			}
			es, err := hs.st.Elections(ctx, a.ID, p.ID, true)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range es {
				full, err := hs.st.Election(ctx, a.ID, p.ID, e.ID)
				if err != nil {
					t.Fatal(err)
				}
				for _, c := range full.Candidates {
					byAct[c.Organisation], byAct[c.Representative] = true, true
				}
			}
			if pact, err := hs.st.PactOf(ctx, a.ID, p.ID); err == nil && pact.Published {
				for _, s := range pact.Signatures {
					byAct[s.Organisation], byAct[s.SignatoryName] = true, true
				}
			}
		}
	}
	seen := map[string]bool{}
	add := func(text, why string, erased bool) {
		text = strings.TrimSpace(text)
		if len([]rune(text)) < 6 || seen[text] || text == pdz.ErasedName || (allowed[text] && !erased) {
			return
		}
		seen[text] = true
		secrets = append(secrets, secret{text: text, why: why, byAct: byAct[text] && !erased})
	}
	for _, r := range append(regs, extra...) {
		e := r.Erased()
		for i := range extra {
			e = e || extra[i].ID == r.ID
		}
		switch {
		case e:
			add(r.Name, "registrazione cancellata", true)
		case r.IsOrganisation() && !allowed[r.Name]:
			add(r.Name, "organizzazione senza consenso", false)
		case !r.IsOrganisation() && !allowed[r.Name]:
			add(r.Name, "cittadina o cittadino non consenziente", false)
		}
		if strings.HasSuffix(r.Name, " (dato di esempio)") && !allowed[r.Name] { // the demo's citizens, without the marker
			add(strings.TrimSuffix(r.Name, " (dato di esempio)"), "cittadina o cittadino non consenziente", e)
		}
		for _, x := range []string{r.Email, r.PEC, r.Phone, r.TaxCode, r.VATNumber, r.Address, r.Contact.Email, r.Contact.Phone} {
			add(x, "recapito o codice", e)
		}
		for _, x := range []string{r.Contact.Name, r.Declarant.Name} {
			add(x, "persona di un'organizzazione", e)
		}
		for _, ar := range r.Areas {
			add(ar.Rep.Name, "rappresentante al tavolo", e)
			add(ar.Rep.Email, "recapito o codice", e)
			add(ar.Rep.Phone, "recapito o codice", e)
		}
	}
	for n := range allowed {
		named = append(named, n)
	}
	sort.Strings(named)
	return secrets, named
}

// crawled is one public output read as text.
type crawled struct {
	path, kind, text string
}

// crawlPublic reads every public output reachable from the home page and
// every path of the API.
func (hs *harness) crawlPublic(t *testing.T) []crawled {
	t.Helper()
	base := hs.srv.cfg.BaseURL
	seen := map[string]bool{}
	var queue []string
	var out []crawled
	push := func(ref string) {
		u, err := url.Parse(strings.TrimSpace(ref))
		if err != nil || (u.Scheme != "" && !strings.HasPrefix(ref, base)) || u.Opaque != "" {
			return
		}
		p := u.Path
		if p == "" || !strings.HasPrefix(p, "/") {
			return
		}
		if strings.HasPrefix(p, "/static/") || strings.HasPrefix(p, "/admin") {
			return
		}
		if u.RawQuery != "" {
			p += "?" + u.RawQuery
		}
		if !seen[p] {
			seen[p] = true
			queue = append(queue, p)
		}
	}
	visit := func() {
		for len(queue) > 0 {
			p := queue[0]
			queue = queue[1:]
			if len(seen) > 20000 {
				t.Fatal("the crawl does not end: more than 20000 addresses")
			}
			r := hs.get(p, nil)
			if r.code >= 300 && r.code < 400 {
				push(r.hdr.Get("Location"))
				continue
			}
			if r.code != http.StatusOK {
				continue
			}
			ct := r.hdr.Get("Content-Type")
			c := crawled{path: p, kind: strings.TrimSpace(strings.SplitN(ct, ";", 2)[0])}
			switch c.kind {
			case "text/html":
				d, err := goquery.NewDocumentFromReader(strings.NewReader(r.body))
				if err != nil {
					t.Fatalf("%s: %v", p, err)
				}
				d.Find("a[href], link[href]").Each(func(_ int, s *goquery.Selection) { push(s.AttrOr("href", "")) })
				c.text = html.UnescapeString(r.body)
			case "application/json":
				var v any
				if err := json.Unmarshal([]byte(r.body), &v); err != nil {
					t.Fatalf("%s: %v", p, err)
				}
				var b strings.Builder
				jsonStrings(v, func(s string) {
					b.WriteString(s + "\n")
					if strings.HasPrefix(s, base+"/") {
						push(s)
					}
				})
				c.text = b.String()
			case "application/pdf":
				c.text = pdfTextOrRaw(t, r.body)
			case "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/vnd.oasis.opendocument.spreadsheet":
				c.text = zipXMLText(t, p, r.body)
			case "text/csv", "text/plain":
				c.text = r.body
			case "text/calendar":
				c.text = strings.NewReplacer("\r\n ", "", "\\,", ",", "\\;", ";", "\\n", "\n", "\\N", "\n", "\\\\", "\\").Replace(r.body)
			default:
				t.Errorf("%s: the crawl cannot read %q; teach it this format", p, ct)
				continue
			}
			out = append(out, c)
		}
	}
	push("/")
	visit()

	// The API: every path of the OpenAPI document, with the values of the
	// public pages at the same places.
	var doc struct {
		Paths map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(openAPIDoc, &doc); err != nil {
		t.Fatal(err)
	}
	var pages []string
	for p := range seen {
		pages = append(pages, strings.SplitN(p, "?", 2)[0])
	}
	for tmpl := range doc.Paths {
		n := 0
		for _, p := range pages {
			if api, ok := bindAPIPath(tmpl, p); ok {
				push("/api/v1" + api)
				n++
			}
		}
		if n == 0 {
			t.Errorf("API path %s: no public page gives its parameters, so the crawl cannot call it", tmpl)
		}
	}
	visit()
	return out
}

// bindAPIPath fills the parameters of an API path template with the
// segments of a public page's path at the same places: the pages and the
// API share their addresses.
func bindAPIPath(tmpl, page string) (string, bool) {
	ts, ps := strings.Split(strings.Trim(tmpl, "/"), "/"), strings.Split(strings.Trim(page, "/"), "/")
	out := make([]string, len(ts))
	lastParam := -1
	for i, s := range ts {
		if strings.HasPrefix(s, "{") {
			lastParam = i
		}
	}
	for i, s := range ts {
		switch {
		case strings.HasPrefix(s, "{"):
			if i >= len(ps) || ps[i] == "" || strings.Contains(ps[i], ".") {
				return "", false
			}
			out[i] = ps[i]
		case i < len(ps) && ps[i] == s:
			out[i] = s
		case i > lastParam:
			out[i] = s
		default:
			return "", false
		}
	}
	return "/" + strings.Join(out, "/"), true
}

// jsonStrings calls f with every string of a decoded JSON value, keys
// included.
func jsonStrings(v any, f func(string)) {
	switch x := v.(type) {
	case string:
		f(x)
	case []any:
		for _, y := range x {
			jsonStrings(y, f)
		}
	case map[string]any:
		for k, y := range x {
			f(k)
			jsonStrings(y, f)
		}
	}
}

// zipXMLText is the text of every XML part of an XLSX or ODS file.
func zipXMLText(t *testing.T, path, body string) string {
	t.Helper()
	z, err := zip.NewReader(strings.NewReader(body), int64(len(body)))
	if err != nil {
		t.Fatalf("%s: not a zip file: %v", path, err)
	}
	var b strings.Builder
	for _, f := range z.File {
		if !strings.HasSuffix(f.Name, ".xml") {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		dec := xml.NewDecoder(rc)
		for {
			tok, err := dec.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%s %s: %v", path, f.Name, err)
			}
			if cd, ok := tok.(xml.CharData); ok {
				b.Write(cd)
				b.WriteString(" ")
			}
		}
		rc.Close()
	}
	return b.String()
}

// pdfTextOrRaw is a PDF's text through pdftotext; a file pdftotext cannot
// read (the tests' one-line uploads) is searched as it is.
func pdfTextOrRaw(t *testing.T, body string) string {
	t.Helper()
	if text, err := pdftotext(t, body); err == nil {
		return text
	}
	return body
}

// normal lower-cases a text and reduces its spaces, so that a name broken
// across lines of a PDF is still found.
func normal(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

func TestPublicOutputsRespectConsent(t *testing.T) {
	hs := newHarness(t, true)
	hidden, erased, fixture, meeting := hs.consentFixture(t)
	secrets, named := hs.publicSecrets(t, erased...)
	outputs := hs.crawlPublic(t)

	kinds := map[string]int{}
	paths := map[string]bool{}
	shown := map[string]bool{}
	for _, o := range outputs {
		kinds[o.kind]++
		paths[strings.SplitN(o.path, "?", 2)[0]] = true
		text := normal(o.text)
		for _, s := range secrets {
			if s.byAct && actOutput.MatchString(o.path) {
				continue
			}
			if strings.Contains(text, normal(s.text)) {
				t.Errorf("%s shows %q (%s)", o.path, s.text, s.why)
			}
		}
		for _, n := range named {
			if strings.Contains(text, normal(n)) {
				shown[n] = true
			}
		}
	}

	// The crawl reached every kind of output, and the outputs of the
	// fixture.
	for _, k := range []string{"text/html", "application/json", "application/pdf", "text/csv", "text/calendar",
		"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/vnd.oasis.opendocument.spreadsheet"} {
		if kinds[k] == 0 {
			t.Errorf("the crawl read no %s", k)
		}
	}
	b := base2022
	for _, p := range []string{b + "/proposte", b + "/prospetto", b + "/prospetto.pdf", b + "/prospetto.xlsx", b + "/prospetto.ods",
		b + "/aderenti", b + "/tavoli", b + "/patto", "/api/v1" + b + "/proposte", "/api/v1" + b + "/elezioni"} {
		if !paths[p] {
			t.Errorf("the crawl did not reach %s", p)
		}
	}
	// The proposals of the fixture are public, with neutral labels.
	for _, id := range fixture {
		p := b + "/proposte/" + strconv.FormatInt(id, 10)
		found := false
		for _, o := range outputs {
			if o.path == p {
				found = true
				if !strings.Contains(o.text, pdz.UnnamedOrganisation) {
					t.Errorf("%s does not say %q", p, pdz.UnnamedOrganisation)
				}
			}
		}
		if !found {
			t.Errorf("the crawl did not reach %s", p)
		}
	}
	// The minutes of the fixture's meeting count who they do not name.
	for _, p := range []string{"/verbale", "/verbale.pdf"} {
		p = b + "/incontri/" + strconv.FormatInt(meeting, 10) + p
		found := false
		for _, o := range outputs {
			if o.path == p {
				found = true
				if !strings.Contains(normal(o.text), "presenti il cui nome non è pubblicato") {
					t.Errorf("%s does not count the organisations it does not name", p)
				}
			}
		}
		if !found {
			t.Errorf("the crawl did not reach %s", p)
		}
	}
	minutes := 0
	for p := range paths {
		if strings.HasSuffix(p, "/verbale.pdf") && strings.Contains(p, "/incontri/") {
			minutes++
		}
	}
	if minutes == 0 {
		t.Error("the crawl read no published minutes")
	}
	t.Logf("%d outputs read (%v); %d secrets; organisation without consent: %q; erased: %q, %q", len(outputs), kinds, len(secrets), hidden.Name, erased[0].Name, erased[1].Name)

	// The rule hides only what it must: organisations that consented and
	// the citizen who agreed are named.
	for _, n := range []string{"Lucia Marra (dato di esempio)", "Associazione di volontariato «Il Ponte» (esempio)"} {
		if !shown[n] {
			t.Errorf("%q consented and is named nowhere", n)
		}
	}
	if len(shown) < 10 {
		t.Errorf("only %d consenting names shown anywhere", len(shown))
	}
}

// The back office names the registrants as registered: the merge form
// offers the proposal of an organisation that did not consent with the
// organisation's name and type, while its public page keeps the neutral
// label.
func TestMergeFormNamesAuthorsForStaff(t *testing.T) {
	hs := newHarness(t, true)
	hidden, _, fixture, _ := hs.consentFixture(t)
	own := strconv.FormatInt(fixture[0], 10)
	op := hs.user("op@example.org", false, map[string]pdz.Role{"casarano": pdz.RoleOperatore})
	p := hs.process("casarano", "pdz-2022-2024")
	r := hs.get("/admin/a/casarano/percorsi/"+strconv.FormatInt(p.ID, 10)+"/proposte/accorpa", op)
	if r.code != http.StatusOK {
		t.Fatalf("merge form: %d", r.code)
	}
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(r.body))
	if err != nil {
		t.Fatal(err)
	}
	var label string
	doc.Find("label").Each(func(_ int, s *goquery.Selection) {
		if strings.HasPrefix(strings.TrimSpace(s.Text()), "n. "+own+" ") {
			label = normal(s.Text())
		}
	})
	if label == "" {
		t.Fatalf("the merge form does not offer n. %s", own)
	}
	if want := normal(hidden.Name + " (" + hidden.TypeLabel() + ")"); !strings.Contains(label, want) || strings.Contains(label, normal(pdz.UnnamedOrganisation)) {
		t.Errorf("merge form offers %q, want the organisation as registered, %q", label, want)
	}
	pub := hs.get(base2022+"/proposte/"+own, nil)
	text := normal(html.UnescapeString(pub.body))
	if pub.code != http.StatusOK || strings.Contains(text, normal(hidden.Name)) || !strings.Contains(text, normal(pdz.UnnamedOrganisation)) {
		t.Errorf("public page of n. %s: %d, names the organisation %q or lacks the neutral label", own, pub.code, hidden.Name)
	}
}
