package web

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/pdz-ats/pdz/internal/demo"
	"github.com/pdz-ats/pdz/internal/pdz"
)

const (
	path2022       = "/ambiti/casarano/percorsi/pdz-2022-2024"
	chronology2022 = path2022 + "/cronologia"
)

// bodyRef holds the ids of a demo body, its first member, its first
// session and that session's first act.
type bodyRef struct {
	ambito                        pdz.Ambito
	body                          pdz.Body
	member, session, act, process int64
}

func (hs *harness) bodyIDs(ambito, slug string) bodyRef {
	hs.t.Helper()
	ctx := context.Background()
	a, err := hs.st.AmbitoBySlug(ctx, ambito)
	if err != nil {
		hs.t.Fatal(err)
	}
	b, err := hs.st.BodyBySlug(ctx, a.ID, slug)
	if err != nil {
		hs.t.Fatal(err)
	}
	xs, err := hs.st.BodySessions(ctx, a.ID, b.ID, false)
	if err != nil || len(xs) == 0 || len(xs[0].Acts) == 0 {
		hs.t.Fatalf("demo body %s: %v", slug, err)
	}
	ref := bodyRef{ambito: a, body: b, session: xs[0].ID, act: xs[0].Acts[0].ID, process: xs[0].ProcessID}
	if len(b.Members) > 0 {
		ref.member = b.Members[0].ID
	}
	return ref
}

// attendAndAttach records the first member as present at the session and
// gives its first act an attachment, so every field of the session shows.
func (hs *harness) attendAndAttach(c bodyRef) {
	hs.t.Helper()
	ctx := context.Background()
	if err := hs.st.SetAttendance(ctx, pdz.SystemActor, c.ambito.ID, c.body.ID, c.session, []int64{c.member}, "il Direttore del Distretto"); err != nil {
		hs.t.Fatal(err)
	}
	act, err := hs.st.Act(ctx, c.ambito.ID, c.body.ID, c.session, c.act)
	if err != nil {
		hs.t.Fatal(err)
	}
	f, _ := pdz.NewPDF("file", "verbale.pdf", []byte(testPDF))
	if err := hs.st.SaveAct(ctx, pdz.SystemActor, c.ambito.ID, c.body.ID, &act, f, false); err != nil {
		hs.t.Fatal(err)
	}
}

func (c bodyRef) admin() string {
	return "/admin/a/" + c.ambito.Slug + "/organi/" + strconv.FormatInt(c.body.ID, 10)
}

// normalizeSeed puts the seed's text and the log's in one form: straight
// quotes, one space, and the few spellings of protocol numbers and dates
// the seed varies where the log uses one ("prot. n.4114 del 31.01.2023").
func normalizeSeed(s string) string {
	s = strings.NewReplacer("’", "'", "“", `"`, "”", `"`, "«", `"`, "»", `"`).Replace(s)
	s = strings.Join(strings.Fields(s), " ")
	return strings.NewReplacer("prot. n.4114", "prot. n. 4114", "prot. 8513", "prot. n. 8513", "31.01.2023", "31/01/2023",
		"28.02.2023", "28/02/2023", "Cabina di Regia dell'ATS", "Cabina di Regia", "2023 nella seduta", "2023: nella seduta").Replace(s)
}

func readSeed003(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("testdata/seeds/003_f0dfc3e7d38e4e6a.intro.txt")
	if err != nil {
		t.Fatal(err)
	}
	_, intro, _ := strings.Cut(string(b), "----\n")
	return intro
}

// pinned003 are lines of the generated log, pinned exactly; each is also
// found in seed 003's introduction once both are normalized.
var pinned003 = []string{
	"Mercoledì 2 novembre 2022: nella seduta del Coordinamento Istituzionale, convocato con prot. n. 39763 del 28/10/2022, viene costituito l'Ufficio di Piano.",
	"Martedì 8 novembre 2022: nella seduta del Coordinamento Istituzionale, convocato con prot. n. 40541 del 04/11/2022, è stata approvata la proposta di schema di Convenzione per la Gestione Associata delle funzioni e dei servizi socio-assistenziali (ex art. 30 D.Lgs. n. 267/2000) dell'Ambito di Casarano (composto dai Comuni di Casarano, Collepasso, Matino, Parabita, Ruffano, Supersano e Taurisano) da presentare nei rispettivi Consigli Comunali.",
	"Venerdì 3 febbraio 2023: nella seduta del Tavolo Territoriale di Confronto, convocato con prot. n. 4114 del 31/01/2023, sono stati monitorati gli interventi ricompresi nel sistema di welfare regionale, a partire dall'attuazione dei LEPS e delle priorità di intervento definite “Obiettivi di Servizio”, ponendo l'attenzione al rispetto e alla qualità del lavoro in ambito sociale ed alla tutela dei diritti delle fasce più fragili della popolazione.",
	"Martedì 28 febbraio 2023: nella seduta del Coordinamento Istituzionale, convocato con prot. n. 7926 del 23/02/2023:",
	"- è stata sottoscritta la Convenzione per la Gestione Associata delle funzioni e dei servizi socio-assistenziali (ex art. 30 D.Lgs. n. 267/2000);",
	"- è stata individuata quale RUP, la Responsabile dell'Ufficio di Piano, Gigliola Totisco, già incaricata con Giusto Decreto Sindacale di nomina n.7/2014, integrato dal decreto n. 10/2023, allo svolgimento di ogni adempimento funzionale alla costruzione, stesura e gestione tecnica del Piano Sociale di Zona 2022-2024, che sarà poi formalmente nominata dal Sindaco del Comune capofila.",
	"Giovedì 2 marzo 2023: nella seduta della Cabina di Regia, convocata con prot. n. 8513 del 28/02/2023, vengono esaminate le schede di dettaglio del Piano Sociale di Zona 2022/2024 con la relativa programmazione finanziaria.",
	"Giovedì 1 giugno 2023: nella seduta del Coordinamento Istituzionale, convocato con prot. n. 21085 del 30/05/2023:",
	"- è stato adottato il Piano Sociale di Zona 2022/2024, completo di tutti i documenti ed atti ad esso collegati, in piena coerenza con quanto previsto dal piano Regionale delle Politiche Sociali.",
}

var seedDayRE = regexp.MustCompile(`(Lunedì|Martedì|Mercoledì|Giovedì|Venerdì|Sabato|Domenica) \d{1,2} \p{L}+ \d{4}`)

// TestChronologyMatchesSeed003 compares the log the product generates for
// the demo with the introduction of the plan (seed 003): pinned lines, the
// order of every dated step, the Consigli Comunali's deliberations, the
// grouping by phase, and the same content on the page and in the API.
func TestChronologyMatchesSeed003(t *testing.T) {
	hs := newHarness(t, true)
	r := hs.get(chronology2022+".txt", nil)
	if r.code != http.StatusOK || r.hdr.Get("Content-Type") != "text/plain; charset=utf-8" ||
		!strings.Contains(r.hdr.Get("Content-Disposition"), `filename="cronologia-pdz-2022-2024.txt"`) {
		t.Fatalf("text: %d %s %s", r.code, r.hdr.Get("Content-Type"), r.hdr.Get("Content-Disposition"))
	}
	text := r.body
	lines := strings.Split(text, "\n")
	seed := normalizeSeed(readSeed003(t))
	for _, want := range pinned003 {
		if !contains(lines, want) {
			t.Errorf("log: missing the line\n%s", want)
		}
		if !strings.Contains(seed, normalizeSeed(strings.TrimPrefix(want, "- "))) {
			t.Errorf("seed 003 does not say\n%s", want)
		}
	}
	// The Cabina di Regia's session is told within the meeting it was held in.
	mustContain(t, "log", text, "Mercoledì 22 giugno 2022: Sessione di concertazione e programmazione preliminare. Invitati: Le Organizzazioni sindacali maggiormente rappresentative e la ASL (Cabina di Regia). La Cabina di Regia ha preso atto dell'intero percorso,",
		"Venerdì 20 maggio 2022: nella seduta del Coordinamento Istituzionale:\n- ha definito gli indirizzi programmatici per la concertazione;",
		"Fase I: Concertazione e programmazione preliminare\n\nGiovedì 26 maggio 2022: Avvio del percorso di progettazione partecipata per la stesura del Piano Sociale di Zona 2022-2024.",
		"Fase II: Programmazione partecipata\n\nLunedì 13 giugno 2022: Tavolo Tematico n. 1 – “Le politiche familiari e la tutela dei minori”.")
	if !strings.Contains(seed, normalizeSeed("La Cabina di Regia ha preso atto dell'intero percorso, evidenziando che l'integrazione socio-sanitaria è uno degli ambiti in cui occorre garantire e potenziare la collaborazione.")) {
		t.Error("seed 003 does not say what the Cabina di Regia took note of")
	}

	// Every dated step of the seed, in the seed's order (the session of 20
	// May 2022 comes first, told without its weekday in the seed).
	wantDays := append([]string{"Venerdì 20 maggio 2022"}, seedDayRE.FindAllString(seed, -1)...)
	var gotDays []string
	for _, l := range lines {
		if m := seedDayRE.FindString(l); m != "" && strings.HasPrefix(l, m+":") && !strings.Contains(l, "Consiglio Comunale di") {
			gotDays = append(gotDays, m)
		}
	}
	if strings.Join(gotDays, "\n") != strings.Join(wantDays, "\n") {
		t.Errorf("dated steps:\n%s\nseed 003:\n%s", strings.Join(gotDays, "\n"), strings.Join(wantDays, "\n"))
	}
	// The seven deliberations, each told on its day.
	delibRE := regexp.MustCompile(`Comune di (\p{L}+)\W+Delibera n\.?\s*(\d+) del (\d\d/\d\d/\d{4})`)
	found := delibRE.FindAllStringSubmatch(seed, -1)
	if len(found) != 7 {
		t.Fatalf("seed 003: %d deliberations read, want 7", len(found))
	}
	for _, d := range found {
		want := "nella seduta del Consiglio Comunale di " + d[1] + ", approvazione della Convenzione per la gestione associata e presa d'atto Documento programmatico di Piano (Deliberazione n. " + d[2] + " del " + d[3] + ")."
		if !strings.Contains(text, want) {
			t.Errorf("log: missing the deliberation of %s: %s", d[1], want)
		}
	}
	if i, j := strings.Index(text, "Consiglio Comunale di Casarano"), strings.Index(text, "Consiglio Comunale di Ruffano"); i < 0 || j < i ||
		strings.Index(text, "Venerdì 3 febbraio 2023") > j {
		t.Error("the deliberations are not in date order among the other steps")
	}

	// The page tells the same steps, with links to the meeting and the session.
	page := hs.get(chronology2022, nil)
	if page.code != http.StatusOK {
		t.Fatalf("page: %d", page.code)
	}
	d := page.doc(t)
	items := d.Find(".pdz-chronology > li")
	if items.Length() != len(gotDays)+7 {
		t.Errorf("page: %d entries, want %d", items.Length(), len(gotDays)+7)
	}
	if got := normalizeSeed(items.Eq(0).Find("p").First().Text()); !strings.HasPrefix(got, "Venerdì 20 maggio 2022: nella seduta del Coordinamento Istituzionale:") {
		t.Errorf("first entry %q", got)
	}
	if d.Find("h2").FilterFunction(func(_ int, s *goquery.Selection) bool { return strings.HasPrefix(s.Text(), "Fase") }).Length() != 2 {
		t.Error("page: the two phases with meetings are not headings")
	}
	if d.Find(`a[href^="/ambiti/casarano/organi/cabina-di-regia/sedute/"]`).Length() != 2 || d.Find(`a[href$="/cronologia.pdf"]`).Length() != 1 {
		t.Error("page: links to the sessions or to the PDF missing")
	}
	for _, want := range pinned003[:3] {
		if !strings.Contains(normalizeSeed(d.Find("main").Text()), normalizeSeed(want)) {
			t.Errorf("page: missing %q", want)
		}
	}
	// The notice links to its log.
	if hs.get(path2022, nil).doc(t).Find(`a[href="`+chronology2022+`"]`).Length() != 1 {
		t.Error("the notice does not link to the log")
	}
}

func contains(lines []string, want string) bool {
	for _, l := range lines {
		if l == want {
			return true
		}
	}
	return false
}

func TestChronologyPDF(t *testing.T) {
	hs := newHarness(t, true)
	r := hs.get(chronology2022+".pdf", nil)
	if r.code != http.StatusOK || r.hdr.Get("Content-Type") != "application/pdf" {
		t.Fatalf("%d %s", r.code, r.hdr.Get("Content-Type"))
	}
	pdfContains(t, "chronology", r.body,
		"AMBITO TERRITORIALE SOCIALE DI CASARANO", "IL PERCORSO DI CONCERTAZIONE E DI PROGRAMMAZIONE PARTECIPATA", "Piano Sociale di Zona 2022-2024",
		"Fase I: Concertazione e programmazione preliminare", "Fase II: Programmazione partecipata",
		pinned003[0], pinned003[6],
		"Martedì 28 febbraio 2023: nella seduta del Coordinamento Istituzionale, convocato con prot. n. 7926 del 23/02/2023:",
		"Mercoledì 7 dicembre 2022: nella seduta del Consiglio Comunale di Casarano",
		"Versione aggiornata: https://pdz.example.it"+chronology2022)
}

func TestPublicBodies(t *testing.T) {
	hs := newHarness(t, true)
	r := hs.get("/ambiti/casarano/organi", nil)
	if r.code != http.StatusOK {
		t.Fatalf("bodies: %d", r.code)
	}
	d := r.doc(t)
	var names []string
	d.Find("main h2").Each(func(_ int, s *goquery.Selection) { names = append(names, strings.TrimSpace(s.Text())) })
	if strings.Join(names, "|") != "Coordinamento Istituzionale|Ufficio di Piano|Cabina di Regia|Tavolo Territoriale di Confronto|Rete per l'inclusione e la protezione sociale|Consigli Comunali" {
		t.Errorf("bodies: %v", names)
	}
	mustContain(t, "bodies", normalizeSeed(d.Find("main").Text()), "Presidente del Coordinamento Istituzionale: Pompilio Giovanni Ottavio De Nuzzo",
		"Sindaco o delegato (Comune di Matino)", "Responsabile dell'Ufficio di Piano: Gigliola Totisco",
		// The three seats of the Third Sector, filled by the demo's election of
		// 14 July 2022 (issue 4).
		"Rappresentante del Terzo Settore eletto: Giulia Stefanelli (dato di esempio) (ODV \"Antiviolenza Sud Salento\" (esempio))",
		"Direttore del Distretto socio-sanitario di Casarano (ASL)")
	if d.Find(`nav a[href="/ambiti/casarano/organi"]`).Length() == 0 {
		t.Error("the menu does not lead to the bodies")
	}

	body := hs.get("/ambiti/casarano/organi/coordinamento-istituzionale", nil)
	if body.code != http.StatusOK {
		t.Fatalf("body: %d", body.code)
	}
	bd := body.doc(t)
	if n := bd.Find("tbody tr").Length(); n != 8 {
		t.Errorf("Coordinamento: %d members in office, want 8", n)
	}
	if n := bd.Find(`a[href^="/ambiti/casarano/organi/coordinamento-istituzionale/sedute/"]`).Length(); n != 5 {
		t.Errorf("Coordinamento: %d sessions, want 5", n)
	}
	mustContain(t, "body", normalizeSeed(bd.Text()), "convocato con prot. n. 39763 del 28/10/2022", "viene costituito l'Ufficio di Piano")

	consigli := hs.get("/ambiti/casarano/organi/consigli-comunali", nil).body
	mustContain(t, "Consigli Comunali", consigli, "Consiglio Comunale di Ruffano", "Deliberazione n. 5 del 10/02/2023")

	c := hs.bodyIDs("casarano", "cabina-di-regia")
	hs.attendAndAttach(c)
	sp := hs.get("/ambiti/casarano/organi/cabina-di-regia/sedute/"+strconv.FormatInt(c.session, 10), nil)
	if sp.code != http.StatusOK {
		t.Fatalf("session: %d", sp.code)
	}
	sd := sp.doc(t)
	mustContain(t, "session", normalizeSeed(sd.Find("main").Text()), "Cabina di Regia – seduta del 22 giugno 2022",
		"Coordinamento (Responsabile dell'Ufficio di Piano): Gigliola Totisco", "Altri presenti: il Direttore del Distretto",
		"Presa d'atto: La Cabina di Regia ha preso atto", "Sessione di concertazione e programmazione preliminare")
	link, ok := sd.Find(`a[href$="/allegato.pdf"]`).Attr("href")
	if !ok {
		t.Fatal("session: no link to the attachment")
	}
	f := hs.get(link, nil)
	if f.code != http.StatusOK || f.body != testPDF || f.hdr.Get("Content-Type") != "application/pdf" || len(f.hdr.Get("ETag")) != 66 {
		t.Errorf("attachment: %d %s %q", f.code, f.hdr.Get("Content-Type"), f.hdr.Get("ETag"))
	}
	if again := hs.do("GET", link, nil, nil, "If-None-Match", f.hdr.Get("ETag")); again.code != http.StatusNotModified {
		t.Errorf("attachment revalidation: %d", again.code)
	}
	for _, p := range []string{"/ambiti/casarano/organi/nessuno", "/ambiti/lecce/organi/cabina-di-regia",
		"/ambiti/casarano/organi/cabina-di-regia/sedute/999999", "/ambiti/casarano/organi/ufficio-di-piano/sedute/" + strconv.FormatInt(c.session, 10)} {
		if r := hs.get(p, nil); r.code != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", p, r.code)
		}
	}
}

// A session is a draft until the Responsabile publishes it: neither its page,
// nor its attachment, nor its step in the log is public before.
func TestSessionPublication(t *testing.T) {
	hs := newHarness(t, true)
	op := hs.user("op@example.org", false, map[string]pdz.Role{"casarano": pdz.RoleOperatore})
	resp := hs.user("resp@example.org", false, map[string]pdz.Role{"casarano": pdz.RoleResponsabile})
	c := hs.bodyIDs("casarano", "coordinamento-istituzionale")
	r := hs.post(c.admin()+"/sedute", url.Values{"date": {"01/12/2022"}, "start_time": {"10:00"}, "place": {"Sala consiliare"},
		"convocation_number": {"123"}, "convocation_date": {"2022-11-25"}, "process_id": {strconv.FormatInt(c.process, 10)},
		"agenda": {"1. Approvazione del verbale\n2. Varie"}}, op)
	if r.code != http.StatusSeeOther {
		t.Fatalf("new session: %d %s", r.code, r.body)
	}
	sessionURL := r.hdr.Get("Location")
	id := sessionURL[strings.LastIndex(sessionURL, "/")+1:]
	if r := hs.post(sessionURL+"/atti", url.Values{"kind": {"decisione"}, "subject": {"è stata approvata una prova."}}, op); r.code != http.StatusSeeOther {
		t.Fatalf("new act: %d", r.code)
	}
	if r := hs.post(sessionURL+"/presenze", url.Values{"present": {strconv.FormatInt(c.member, 10)}, "guests": {"il Segretario"}}, op); r.code != http.StatusSeeOther {
		t.Fatalf("attendance: %d", r.code)
	}
	public := "/ambiti/casarano/organi/coordinamento-istituzionale/sedute/" + id
	step := "Giovedì 1 dicembre 2022: nella seduta del Coordinamento Istituzionale, convocato con prot. n. 123 del 25/11/2022, è stata approvata una prova."
	if r := hs.get(public, nil); r.code != http.StatusNotFound {
		t.Errorf("draft session page: %d", r.code)
	}
	if strings.Contains(hs.get(chronology2022+".txt", nil).body, "1 dicembre 2022") {
		t.Error("a draft session is in the public log")
	}
	if r := hs.post(sessionURL+"/pubblica", nil, op); r.code != http.StatusForbidden {
		t.Errorf("operator publishes: %d", r.code)
	}
	if r := hs.post(sessionURL+"/pubblica", nil, resp); r.code != http.StatusSeeOther {
		t.Fatalf("responsabile publishes: %d", r.code)
	}
	page := hs.get(public, nil)
	if page.code != http.StatusOK {
		t.Fatalf("published session page: %d", page.code)
	}
	mustContain(t, "session", normalizeSeed(page.doc(t).Find("main").Text()), "Approvazione del verbale", "Sala consiliare",
		"convocato con prot. n. 123 del 25/11/2022", "Presidente del Coordinamento Istituzionale: Pompilio Giovanni Ottavio De Nuzzo", "Altri presenti: il Segretario")
	if !contains(strings.Split(hs.get(chronology2022+".txt", nil).body, "\n"), step) {
		t.Errorf("published session: the log misses\n%s", step)
	}
	// Once published it stays on record: withdrawn, not deleted.
	if r := hs.post(sessionURL+"/ritira", nil, resp); r.code != http.StatusSeeOther {
		t.Fatalf("withdraw: %d", r.code)
	}
	if r := hs.get(public, nil); r.code != http.StatusNotFound {
		t.Errorf("withdrawn session page: %d", r.code)
	}
	if r := hs.post(sessionURL+"/elimina", url.Values{"conferma": {"1"}}, resp); r.code != http.StatusConflict || !strings.Contains(r.body, "resta agli atti") {
		t.Errorf("delete a once-published session: %d", r.code)
	}
}

// The session form keeps what was typed and puts each message next to its field.
func TestSessionFormKeepsInputAndExplains(t *testing.T) {
	hs := newHarness(t, true)
	op := hs.user("op@example.org", false, map[string]pdz.Role{"casarano": pdz.RoleOperatore})
	c := hs.bodyIDs("casarano", "cabina-di-regia")
	p2026 := hs.process("casarano", "pdz-2026-2028")
	p2022 := hs.process("casarano", "pdz-2022-2024")
	var restitution pdz.Meeting
	for _, m := range p2022.Meetings {
		if m.Date.Equal(pdz.NewDate(2022, 6, 21)) {
			restitution = m
		}
	}
	before, _ := hs.st.BodySessions(context.Background(), c.ambito.ID, c.body.ID, false)
	cases := []struct {
		name  string
		form  url.Values
		field string
		msg   string
	}{
		{"bad date", url.Values{"date": {"31/02/2023"}}, "date", "Data non valida"},
		{"no date", url.Values{"date": {""}}, "date", "Indica la data della seduta"},
		{"convened after", url.Values{"date": {"2023-03-02"}, "convocation_date": {"2023-03-05"}}, "convocation_date", "La convocazione deve precedere la seduta"},
		{"bad time", url.Values{"date": {"2023-03-02"}, "start_time": {"25:00"}}, "start_time", "Orario non valido"},
		{"meeting of another process", url.Values{"date": {"2022-06-21"}, "process_id": {strconv.FormatInt(p2026.ID, 10)},
			"meeting_id": {strconv.FormatInt(restitution.ID, 10)}}, "meeting_id", "non appartiene al percorso indicato"},
		{"not on the meeting's day", url.Values{"date": {"2022-06-22"}, "meeting_id": {strconv.FormatInt(restitution.ID, 10)}}, "date", "la data deve essere quella dell'incontro (21/06/2022)"},
	}
	for _, tc := range cases {
		tc.form.Set("place", "Sala <b>Falcone</b>")
		tc.form.Set("convocation_number", "8513")
		r := hs.post(c.admin()+"/sedute", tc.form, op)
		if r.code != http.StatusBadRequest {
			t.Errorf("%s: %d", tc.name, r.code)
			continue
		}
		d := r.doc(t)
		if msg := d.Find("#f-" + tc.field + "-error").Text(); !strings.Contains(msg, tc.msg) {
			t.Errorf("%s: message next to %s is %q", tc.name, tc.field, msg)
		}
		if v, _ := d.Find("#f-place").Attr("value"); v != "Sala <b>Falcone</b>" {
			t.Errorf("%s: typed place lost: %q", tc.name, v)
		}
		if v, _ := d.Find("#f-convocation_number").Attr("value"); v != "8513" {
			t.Errorf("%s: typed protocol lost: %q", tc.name, v)
		}
		if d.Find("#errori a[href='#f-"+tc.field+"']").Length() != 1 {
			t.Errorf("%s: the error summary does not link to the field", tc.name)
		}
	}
	// A meeting chosen without its process brings the process along.
	r := hs.post(c.admin()+"/sedute", url.Values{"date": {"2022-06-21"}, "meeting_id": {strconv.FormatInt(restitution.ID, 10)}}, op)
	if r.code != http.StatusSeeOther {
		t.Fatalf("session during a meeting: %d", r.code)
	}
	after, _ := hs.st.BodySessions(context.Background(), c.ambito.ID, c.body.ID, false)
	if len(after) != len(before)+1 || after[0].ProcessID != p2022.ID || after[0].MeetingID != restitution.ID {
		t.Fatalf("sessions: %d before, %d after; first %+v", len(before), len(after), after[0])
	}
	// The body and member forms too.
	r = hs.post("/admin/a/casarano/organi", url.Values{"kind": {""}, "name": {""}, "description": {"Testo <i>scritto</i>"}}, op)
	if r.code != http.StatusBadRequest || !strings.Contains(r.doc(t).Find("#f-kind-error").Text(), "Scegli il tipo di organo") ||
		r.doc(t).Find("#f-description").Text() != "Testo <i>scritto</i>" {
		t.Errorf("body form: %d", r.code)
	}
	r = hs.post(c.admin()+"/componenti", url.Values{"role": {""}, "name": {"Mario Rossi"}, "starts_on": {"2023-01-01"}, "ends_on": {"2022-01-01"}}, op)
	if d := r.doc(t); r.code != http.StatusBadRequest || !strings.Contains(d.Find("#f-role-error").Text(), "Indica il ruolo") ||
		!strings.Contains(d.Find("#f-ends_on-error").Text(), "deve seguire") {
		t.Errorf("member form: %d", r.code)
	} else if v, _ := d.Find("#f-name").Attr("value"); v != "Mario Rossi" {
		t.Errorf("member form lost the name: %q", v)
	}
}

// postFile posts fields and, unless fileName is empty, one file in the form
// field named field, as multipart/form-data.
func (hs *harness) postFile(path string, fields url.Values, field, fileName string, data []byte, c *http.Cookie) resp {
	hs.t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, vs := range fields {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	if fileName != "" {
		w, err := mw.CreateFormFile(field, fileName)
		if err != nil {
			hs.t.Fatal(err)
		}
		w.Write(data)
	}
	mw.Close()
	req := httptest.NewRequest("POST", path, &b)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	if c != nil {
		req.AddCookie(c)
	}
	rec := httptest.NewRecorder()
	hs.h.ServeHTTP(rec, req)
	return resp{rec.Code, rec.Header(), rec.Body.String()}
}

// postMultipart posts fields and the file of an act or a session.
func (hs *harness) postMultipart(path string, fields url.Values, file string, data []byte, c *http.Cookie) resp {
	hs.t.Helper()
	return hs.postFile(path, fields, "file", file, data, c)
}

// Attachments are checked by their content and size, kept with their
// SHA-256, and served only from published sessions.
func TestActAttachment(t *testing.T) {
	hs := newHarness(t, true)
	op := hs.user("op@example.org", false, map[string]pdz.Role{"casarano": pdz.RoleOperatore})
	c := hs.bodyIDs("casarano", "consigli-comunali")
	base := c.admin() + "/sedute/" + strconv.FormatInt(c.session, 10) + "/atti"
	fields := url.Values{"kind": {"deliberazione"}, "number": {"72"}, "date": {"2022-12-07"}, "subject": {"Presa d'atto <del> Piano"}}
	for name, tc := range map[string]struct {
		file string
		data []byte
		msg  string
	}{
		"not a PDF":   {"delibera.pdf", []byte("GIF89a not a pdf at all"), "Il file non è un PDF valido"},
		"too large":   {"delibera.pdf", append([]byte("%PDF-1.4\n"), make([]byte, pdz.MaxAttachmentSize)...), "supera i 10 MB"},
		"no EOF mark": {"delibera.pdf", []byte("%PDF-1.4\n1 0 obj\n"), "Il file non è un PDF valido"},
	} {
		r := hs.postMultipart(base, fields, tc.file, tc.data, op)
		if r.code != http.StatusBadRequest {
			t.Errorf("%s: %d", name, r.code)
			continue
		}
		d := r.doc(t)
		if msg := d.Find("#f-file-error").Text(); !strings.Contains(msg, tc.msg) {
			t.Errorf("%s: message %q", name, msg)
		}
		if d.Find("#f-subject").Text() != "Presa d'atto <del> Piano" {
			t.Errorf("%s: typed subject lost", name)
		}
	}
	// Another mistake in the form: the file chosen must be chosen again.
	bad := url.Values{"kind": {"deliberazione"}, "subject": {""}}
	if r := hs.postMultipart(base, bad, "delibera.pdf", []byte(testPDF), op); r.code != http.StatusBadRequest ||
		!strings.Contains(r.doc(t).Find("#f-file-error").Text(), "selezionarlo di nuovo") {
		t.Errorf("file with another error: %d", r.code)
	}
	r := hs.postMultipart(base, fields, `C:\atti\Delibera "71".pdf`, []byte(testPDF), op)
	if r.code != http.StatusSeeOther {
		t.Fatalf("valid attachment: %d %s", r.code, r.body)
	}
	x, _ := hs.st.BodySession(context.Background(), c.ambito.ID, c.body.ID, c.session)
	act := x.Acts[len(x.Acts)-1]
	if act.File == nil || act.File.Name != "Delibera 71.pdf" || act.File.Size != int64(len(testPDF)) || len(act.File.SHA256) != 64 {
		t.Fatalf("stored file: %+v", act.File)
	}
	admin := hs.get(base+"/"+strconv.FormatInt(act.ID, 10)+"/allegato.pdf", op)
	if admin.code != http.StatusOK || admin.body != testPDF || !strings.Contains(admin.hdr.Get("Content-Disposition"), "Delibera 71.pdf") {
		t.Errorf("back-office download: %d %s", admin.code, admin.hdr.Get("Content-Disposition"))
	}
	// Public while the session is published; not once withdrawn.
	public := "/ambiti/casarano/organi/consigli-comunali/sedute/" + strconv.FormatInt(c.session, 10) + "/atti/" + strconv.FormatInt(act.ID, 10) + "/allegato.pdf"
	if r := hs.get(public, nil); r.code != http.StatusOK || r.hdr.Get("ETag") != `"`+act.File.SHA256+`"` {
		t.Errorf("public download: %d %s", r.code, r.hdr.Get("ETag"))
	}
	if err := hs.st.SetBodySessionStatus(context.Background(), pdz.SystemActor, c.ambito.ID, c.body.ID, c.session, pdz.StatusDraft); err != nil {
		t.Fatal(err)
	}
	if r := hs.get(public, nil); r.code != http.StatusNotFound {
		t.Errorf("download from a withdrawn session: %d", r.code)
	}
}

// The demo's bodies are those of seed 003's governance chapter, with the
// Responsabile and the President as printed and the elected
// representatives linked to the election day.
func TestDemoBodiesMatchSeed003(t *testing.T) {
	hs := newHarness(t, true)
	ctx := context.Background()
	a, _ := hs.st.AmbitoBySlug(ctx, "casarano")
	bs, err := hs.st.Bodies(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[pdz.BodyKind]pdz.Body{}
	for _, b := range bs {
		kinds[b.Kind] = b
	}
	ci := kinds[pdz.BodyCoordinamento]
	comuni := map[string]bool{}
	for _, m := range ci.Members {
		if m.ComuneName != "" {
			comuni[m.ComuneName] = true
		}
	}
	if len(comuni) != 7 || ci.Members[0].Name != "Pompilio Giovanni Ottavio De Nuzzo" {
		t.Errorf("Coordinamento Istituzionale: %d Comuni, first member %+v", len(comuni), ci.Members[0])
	}
	if udp := kinds[pdz.BodyUfficioDiPiano]; udp.Members[0].Name != "Gigliola Totisco" || udp.Members[0].Role != "Responsabile dell'Ufficio di Piano" {
		t.Errorf("Ufficio di Piano: %+v", udp.Members[0])
	}
	p := hs.process("casarano", "pdz-2022-2024")
	elected := 0
	for _, m := range kinds[pdz.BodyCabinaDiRegia].Members {
		if m.Role == "Rappresentante del Terzo Settore eletto" {
			elected++
			if mt := p.Meeting(m.MeetingID); mt == nil || !mt.Date.Equal(pdz.NewDate(2022, 7, 14)) {
				t.Errorf("elected representative not linked to the election of 14 July 2022: %+v", m)
			}
		}
	}
	if elected != 3 {
		t.Errorf("%d elected Third-Sector representatives, want 3", elected)
	}
	xs, _ := hs.st.BodySessions(ctx, a.ID, kinds[pdz.BodyConsiglioComunale].ID, true)
	if len(xs) != len(demo.Seed003Deliberations) {
		t.Errorf("Consigli Comunali: %d sessions", len(xs))
	}
	// Nothing the seed leaves blank is filled in: no attendance, no venue.
	for _, b := range bs {
		xs, _ := hs.st.BodySessions(ctx, a.ID, b.ID, false)
		for _, x := range xs {
			if len(x.Present) > 0 || x.Place != "" || !x.Published() {
				t.Errorf("%s %s: invented attendance or place, or not published", b.Name, x.Date)
			}
		}
	}
}
