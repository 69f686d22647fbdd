package web

import (
	"context"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/pdz-ats/pdz/internal/pdz"
	"github.com/pdz-ats/pdz/internal/security"
)

// templateTexts returns every embedded template's text by path.
func templateTexts(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := fs.WalkDir(templateFiles, "templates", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		b, err := fs.ReadFile(templateFiles, p)
		out[p] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

var (
	// printedThenWord is an action printing a value and, after inline
	// tags and at least one space, a word or an {{if}}: "{{.N}} schede",
	// "<strong>{{.N}}</strong> dati", "{{.N}} {{if eq .N 1}}…".
	printedThenWord = regexp.MustCompile(`\{\{-?\s*([^{}]+?)\s*-?\}\}((?:\s|</?(?:strong|span|a|b|em)\b[^>]*>)*)(\{\{-?\s*if\b|\pL+)`)
	// textAction is an action that prints text, never a bare number: a
	// date, an amount, a name, a label, an identifier such as a proposal's
	// number or a protocol. count and plural are the helpers themselves.
	textAction = regexp.MustCompile(`^(?:(?:count|plural|money|amount|dateTime|shortDate|longDate|mediumDate|dateRange|timeRange|shortDateTime|clock|hhmm|join|quantity|decimal)\s.*` +
		`|\$?[\w.]*\.(?:\w*(?:Label|Name|Title|Code|Cycle|Rule|Protocol|URL|Slug|Summary|Representative|Organisation|Person|Actor|Address|Place|Other|OtherRef))` +
		`|\.Number|\.BodyOf .*|\.Value|\$p)$`)
	controlAction = regexp.MustCompile(`^(?:end|else|if|range|with|define|template|block|/\*)\b|^\$\w+\s*:?=`)
	// notANoun are the words a bare number may precede: "1.234 contro
	// 1.230", "3 su 12".
	notANoun = regexp.MustCompile(`^(?:contro|su)$`)
)

// countWithoutHelper reports whether a match of printedThenWord is a
// number followed by a word, written without count or plural.
func countWithoutHelper(m []string) bool {
	expr, gap, next := strings.TrimSpace(m[1]), m[2], m[3]
	if controlAction.MatchString(expr) || !strings.ContainsAny(gap, " \n\t") {
		return false
	}
	return strings.HasPrefix(next, "{{") || !textAction.MatchString(expr) && !notANoun.MatchString(next)
}

// Every number a template prints before a word goes through count (or
// plural): a number followed by a noun written by hand gave "1 schede" and
// "fino a 1 preferenze". An action printing something other than a number
// before a word must be recognisably text (textAction); anything else fails
// here, so a new count cannot skip the helper.
func TestTemplateCountsGoThroughTheHelper(t *testing.T) {
	for p, text := range templateTexts(t) {
		for _, m := range printedThenWord.FindAllStringSubmatch(text, -1) {
			if countWithoutHelper(m) {
				t.Errorf("%s: %q prints a number before a word without count/plural", p, m[0])
			}
		}
	}
}

// The guard above catches what it must: the forms found in the review.
func TestTemplateCountGuardCatchesHandMadePlurals(t *testing.T) {
	bad := []string{
		`{{len .Rows}} schede`,
		`<strong>{{.Summary.Flagged}}</strong> dati`,
		`{{.N}} {{if eq .N 1}}incontro{{else}}incontri{{end}}`,
		`fino a {{$x.MaxChoices}} voci`,
		`{{.Missing}} informazioni mancanti`,
	}
	good := []string{
		`{{count (len .Rows) "scheda" "schede"}}, altro`,
		`{{.Status.Label}} il`,
		`{{mediumDate .D}} alle`,
		`{{len .Rows}}</td>`,
		`{{int .A}} contro {{int .B}}`,
		`{{$p := .P}}
{{if .X}}`,
	}
	flagged := func(s string) bool {
		for _, m := range printedThenWord.FindAllStringSubmatch(s, -1) {
			if countWithoutHelper(m) {
				return true
			}
		}
		return false
	}
	for _, s := range bad {
		if !flagged(s) {
			t.Errorf("not caught: %s", s)
		}
	}
	for _, s := range good {
		if flagged(s) {
			t.Errorf("wrongly caught: %s", s)
		}
	}
}

// The meetings list counts 0, 1 and 2 meetings found by a filter with the
// noun and the participle agreeing.
func TestMeetingCountsAgree(t *testing.T) {
	hs := newHarness(t, true)
	p := hs.process("casarano", "pdz-2026-2028")
	// Find a day with exactly one meeting and a span with exactly two.
	var one, twoFrom, twoTo string
	for _, m := range p.Meetings {
		d := m.Date.String()
		if ms, _ := filterMeetings(&p, url.Values{"dal": {d}, "al": {d}}); len(ms) == 1 && one == "" {
			one = d
		}
		for _, m2 := range p.Meetings {
			d2 := m2.Date.String()
			if d2 > d {
				if ms, _ := filterMeetings(&p, url.Values{"dal": {d}, "al": {d2}}); len(ms) == 2 && twoFrom == "" {
					twoFrom, twoTo = d, d2
				}
			}
		}
	}
	if one == "" || twoFrom == "" {
		t.Fatalf("the demo has no day with one meeting or span with two: %q %q %q", one, twoFrom, twoTo)
	}
	cases := map[string]string{
		"?dal=2001-01-01&al=2001-01-02":    "0 incontri corrispondenti ai filtri",
		"?dal=" + one + "&al=" + one:       "1 incontro corrispondente ai filtri",
		"?dal=" + twoFrom + "&al=" + twoTo: "2 incontri corrispondenti ai filtri",
	}
	for q, want := range cases {
		r := hs.get(notice2026+"/incontri"+q, nil)
		lead := strings.Join(strings.Fields(r.doc(t).Find("p.lead").First().Text()), " ")
		if !strings.Contains(lead, want) {
			t.Errorf("%s: %q, want %q", q, lead, want)
		}
	}
}

// oneWithPlural is "1" followed by a plural noun of the product.
var oneWithPlural = regexp.MustCompile(`(?:^|[^\d.,])1 (?:incontri|organizzazioni|schede|proposte|preferenze|informazioni|voti|voci|righe|sottoscrizioni|incongruenze|presenze|partecipanti|cittadine|iscritti|manifestazioni|risposte|Comuni|obiettivi|tentativi|dati|aventi)\b`)

// Every page's <title> is "Page – Ambito – pdz": the Ambito's name once
// (the Ambito's home page said it twice), "pdz" once at the end, no part
// repeated; and no page writes "1" before a plural noun.
func TestPageTitlesDoNotRepeat(t *testing.T) {
	hs := newHarness(t, true)
	admin := hs.user("titoli@example.org", true, nil)
	ambiti, err := hs.st.Ambiti(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range checkedPages(t, hs) {
		c := admin
		if !p.admin {
			c = nil
		}
		var r resp
		if p.form != nil {
			r = hs.post(p.path, p.form, c)
		} else {
			r = hs.get(p.path, c)
		}
		if m := oneWithPlural.FindString(r.doc(t).Find("body").Text()); m != "" {
			t.Errorf("%s: %q", p, m)
		}
		title := r.doc(t).Find("head > title").Text()
		parts := strings.Split(title, " – ")
		if parts[len(parts)-1] != "pdz" || strings.Count(title, "pdz") != 1 {
			t.Errorf("%s: title %q does not end with a single «pdz»", p, title)
		}
		seen := map[string]bool{}
		for _, part := range parts {
			if seen[part] {
				t.Errorf("%s: title %q repeats %q", p, title, part)
			}
			seen[part] = true
		}
		for _, a := range ambiti {
			if n := strings.Count(title, a.Name); n > 1 {
				t.Errorf("%s: title %q names the Ambito %d times", p, title, n)
			}
		}
	}
	if got := pageTitle(View{"Title": "Ambito Territoriale Sociale di Lecce", "Ambito": &pdz.Ambito{Name: "Ambito Territoriale Sociale di Lecce"}}); got != "Ambito Territoriale Sociale di Lecce – pdz" {
		t.Errorf("Ambito home: %q", got)
	}
	if got := pageTitle(View{"Title": "Organi dell'Ambito", "Ambito": &pdz.Ambito{Name: "Ambito Territoriale Sociale di Lecce"}}); got != "Organi dell'Ambito – Ambito Territoriale Sociale di Lecce – pdz" {
		t.Errorf("Ambito page: %q", got)
	}
	if !oneWithPlural.MatchString("trovati 1 incontri") || oneWithPlural.MatchString("11 incontri") || oneWithPlural.MatchString("1 incontro") {
		t.Error("oneWithPlural does not tell 1 from 11 or a plural from a singular")
	}
	if got := pageTitle(View{"Title": "Accedi"}); got != "Accedi – pdz" {
		t.Errorf("no Ambito: %q", got)
	}
}

// A private citizen reads words about a person, an organisation words
// about an organisation: the help for the signed form, the message when
// the areas are already taken with the same code, the withdrawal e-mail.
func TestCitizenAndOrganisationWording(t *testing.T) {
	hs := newHarness(t, true)
	p := hs.process("casarano", "pdz-2026-2028")
	area := strconv.FormatInt(p.Areas[4].ID, 10)
	citizen := func(tok string) url.Values {
		return url.Values{"token": {tok}, "kind": {"cittadino"}, "name": {"Luca Test"}, "tax_code": {"RSSMRA85T10A562S"},
			"comune": {"Matino"}, "email": {"luca@example.org"}, "areas": {area}, "privacy": {"1"}, "truthful": {"1"}}
	}

	// The form's help texts.
	cf := hs.get(join2026+"?tipo=cittadino", nil).doc(t)
	if help := cf.Find("#f-signed_form-help").Text(); strings.Contains(help, "organizzazione") || !strings.Contains(help, "Se hai compilato e firmato il modulo cartaceo") {
		t.Errorf("citizen upload help: %q", help)
	}
	if strings.Contains(cf.Find("#f-areas").Text(), "rappresentante per organizzazione") {
		t.Error("the citizen form speaks of one representative per organisation")
	}
	of := hs.get(join2026+"?tipo=organizzazione", nil).doc(t)
	if help := of.Find("#f-signed_form-help").Text(); !strings.Contains(help, "Se l'organizzazione usa il modulo cartaceo") {
		t.Errorf("organisation upload help: %q", help)
	}

	// The same person again for the same area.
	tok := security.Token()
	if r := hs.post(join2026, citizen(tok), nil); r.code != http.StatusSeeOther {
		t.Fatal(r.code)
	}
	r := hs.post(join2026, citizen(security.Token()), nil)
	d := r.doc(t)
	dup := d.Find("#f-areas-error").Text() + " " + d.Find("#errori").Text()
	if r.code != http.StatusConflict || strings.Contains(dup, "organizzazione") || strings.Contains(dup, "rappresentante") ||
		!strings.Contains(dup, "con questo codice fiscale") || !strings.Contains(dup, "Se l'hai presentata tu") {
		t.Errorf("citizen duplicate: %d %q", r.code, dup)
	}
	// The same organisation again: its representatives.
	if r := hs.post(join2026, orgForm(hs, security.Token()), nil); r.code != http.StatusSeeOther {
		t.Fatal(r.code)
	}
	r = hs.post(join2026, orgForm(hs, security.Token()), nil)
	d = r.doc(t)
	dup = d.Find("#f-areas-error").Text() + " " + d.Find("#errori").Text()
	if r.code != http.StatusConflict || !strings.Contains(dup, "un solo rappresentante per organizzazione") || !strings.Contains(dup, "cambiarne il rappresentante") {
		t.Errorf("organisation duplicate: %d %q", r.code, dup)
	}

	// Withdrawal e-mails.
	withdraw := func(tok string) string {
		if r := hs.post(join2026+"/"+tok+"/ritira", url.Values{"conferma": {"1"}}, nil); r.code != http.StatusSeeOther {
			t.Fatalf("withdrawal: %d", r.code)
		}
		reg := hs.registrationByToken(tok)
		ms, _ := hs.st.RegistrationEmails(context.Background(), reg.AmbitoID, reg.ID)
		return ms[len(ms)-1].Body
	}
	if body := withdraw(tok); strings.Contains(body, "organizzazione") || !strings.Contains(body, "la tua manifestazione di interesse") {
		t.Errorf("citizen withdrawal e-mail: %s", body)
	}
	orgTok := security.Token()
	if r := hs.post(join2026, func() url.Values {
		v := orgForm(hs, orgTok)
		v.Set("tax_code", "01234567897")
		v["areas"] = []string{area}
		v.Set("prop1_area", area)
		return v
	}(), nil); r.code != http.StatusSeeOther {
		t.Fatalf("second organisation: %d %s", r.code, r.doc(t).Find("#errori").Text())
	}
	if body := withdraw(orgTok); !strings.Contains(body, "Le aree tematiche che l'organizzazione aveva scelto sono di nuovo libere") {
		t.Errorf("organisation withdrawal e-mail: %s", body)
	}
}

// otherRegister are forms of the polite register (Lei) and impersonal
// instructions ("Indicare …"): the product says tu everywhere (see
// docs/DECISIONS.md), so none may appear in a template or in a message.
var otherRegister = regexp.MustCompile(`(?i:\b(?:Lei|La preghiamo|La invitiamo|Le chiediamo|Le ricordiamo|usi il|usi l|indichi|scelga|inserisca|alleghi|compili|verifichi|legga|apra|scriva|ignori|conservi|inoltri|chieda|ha chiesto lei|è stato lei|se vuole|se lo perde|non lo trova|riceverà|può ignorare|non deve fare|la sua manifestazione|il suo codice fiscale|i suoi dati)\b)` +
	`|(?:^|"|\. |: |; |\? |>|– )(?:Indicare|Scegliere|Spuntare|Riprovare|Verificare|Usare|Lasciare|Correggere|Scrivere|Controllare|Tornare|Inserire|Allegare|Caricare|Compilare|Digitare|Incollare|Inquadrare|Mostrare|Aprire|Stampare|Consegnare|Firmare|indicare|scegliere|usare|correggere|riprovare|controllare|spuntare)\b`)

// goStrings returns the string literals of the non-test Go files of the
// packages that write what people read.
func goStrings(t *testing.T) map[string][]string {
	t.Helper()
	lit := regexp.MustCompile(`"(?:[^"\\\n]|\\.)*"`)
	out := map[string][]string{}
	for _, dir := range []string{".", "../pdz", "../store", "../document", "../mailer", "../cli", "../risorse", "../profilo", "../pianofile", "../locale", "../spreadsheet"} {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			out[f] = lit.FindAllString(string(b), -1)
		}
	}
	return out
}

func TestOneFormOfAddress(t *testing.T) {
	for p, text := range templateTexts(t) {
		if m := otherRegister.FindAllString(text, -1); m != nil {
			t.Errorf("%s: %q", p, m)
		}
	}
	n := 0
	for f, lits := range goStrings(t) {
		for _, s := range lits {
			n++
			if m := otherRegister.FindAllString(s, -1); m != nil {
				t.Errorf("%s: %q in %s", f, m, s)
			}
		}
	}
	if n < 1000 {
		t.Fatalf("only %d string literals read: the scan is broken", n)
	}
	// The e-mails as sent, a citizen's and an organisation's.
	hs := newHarness(t, true)
	tok := security.Token()
	if r := hs.post(join2026, orgForm(hs, tok), nil); r.code != http.StatusSeeOther {
		t.Fatal(r.code)
	}
	hs.post(join2026+"/"+tok+"/ritira", url.Values{"conferma": {"1"}}, nil)
	reg := hs.registrationByToken(tok)
	ms, _ := hs.st.RegistrationEmails(context.Background(), reg.AmbitoID, reg.ID)
	if len(ms) < 2 {
		t.Fatalf("%d e-mails", len(ms))
	}
	for _, m := range ms {
		if bad := otherRegister.FindAllString(m.Subject+"\n"+m.Body, -1); bad != nil {
			t.Errorf("e-mail %q: %q", m.Subject, bad)
		}
		if !strings.Contains(m.Body, "tua") && !strings.Contains(m.Body, "puoi") {
			t.Errorf("e-mail %q does not say tu:\n%s", m.Subject, m.Body)
		}
	}
	// The guard knows the forms it must refuse.
	for _, s := range []string{"Se lo perde può chiederne uno", "usi il link personale", `"Indicare la data."`, "Riprovare più tardi", "non inoltrarlo. Lei", "– scegliere –"} {
		if !otherRegister.MatchString(s) {
			t.Errorf("not caught: %q", s)
		}
	}
}
