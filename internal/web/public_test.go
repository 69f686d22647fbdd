package web

import (
	"bufio"
	"context"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/pdz-ats/pdz/internal/locale"
	"github.com/pdz-ats/pdz/internal/pdz"
)

const notice2026 = "/ambiti/casarano/percorsi/pdz-2026-2028"

// seedTable is a row of the calendar of seed 000.
type seedTable struct {
	table, date, from, to, place, area string
}

// readSeed000 parses the calendar table of the published notice (seed 000).
func readSeed000(t *testing.T) []seedTable {
	t.Helper()
	f, err := os.Open("testdata/seeds/000_02416bb558cb9d1d.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows []seedTable
	sc := bufio.NewScanner(f)
	areaRE := regexp.MustCompile(`" (.+) "`)
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) == 6 && cols[0] == "" && len(rows) > 0 { // a cell continued on the next line
			rows[len(rows)-1].place += " " + cols[4]
			continue
		}
		if len(cols) != 6 || cols[0] == "TAVOLO" || cols[0] == "--" || strings.TrimSpace(cols[1]) == "" {
			continue
		}
		area := ""
		if m := areaRE.FindStringSubmatch(cols[5]); m != nil {
			area = m[1]
		}
		rows = append(rows, seedTable{cols[0], cols[1], cols[2], cols[3], cols[4], area})
	}
	if len(rows) != 10 {
		t.Fatalf("seed 000: read %d calendar rows, want 10 (9 tables and the plenary)", len(rows))
	}
	return rows
}

// TestDemoMatchesSeed000 compares the demo process with the published notice
// field by field: every table's day, times, room and area; the plenary; the
// Fase I sessions; deadline, e-mail, rule, place, date and signatory.
func TestDemoMatchesSeed000(t *testing.T) {
	hs := newHarness(t, true)
	p := hs.process("casarano", "pdz-2026-2028")
	byLabel := map[string]pdz.Meeting{}
	for _, m := range p.Meetings {
		byLabel[m.Label] = m
	}
	for _, row := range readSeed000(t) {
		label := "Tavolo " + row.table
		if row.table == "PLENARIA" {
			label = "PLENARIA"
		}
		m, ok := byLabel[label]
		if !ok {
			t.Errorf("%s: missing", label)
			continue
		}
		d, _ := pdz.ParseDate(row.date)
		from, _ := pdz.ParseClock(row.from)
		to, _ := pdz.ParseClock(row.to)
		if !m.Date.Equal(d) || m.StartTime != from || m.EndTime != to {
			t.Errorf("%s: %s %s-%s, seed says %s %s-%s", label, m.Date, m.StartTime, m.EndTime, row.date, row.from, row.to)
		}
		if !strings.HasPrefix(row.place, m.VenueName) || !strings.Contains(row.place, m.VenueAddress) || !strings.Contains(strings.ToLower(row.place), strings.ToLower(m.VenueCity)) {
			t.Errorf("%s: venue %q, seed says %q", label, m.Venue(), row.place)
		}
		if row.area != "" && (len(m.Areas) != 1 || m.Areas[0].Title != row.area) {
			t.Errorf("%s: areas %v, seed says %q", label, m.Areas, row.area)
		}
		if m.Kind != pdz.KindTavolo && label != "PLENARIA" || label == "PLENARIA" && m.Kind != pdz.KindPlenaria {
			t.Errorf("%s: kind %s", label, m.Kind)
		}
	}
	if len(p.Areas) != 9 || len(p.Phases) != 2 || p.Phases[0].Name() != "Fase I: Concertazione e programmazione preliminare" || p.Phases[1].Name() != "Fase II: Programmazione partecipata" {
		t.Errorf("areas %d, phases %+v", len(p.Areas), p.Phases)
	}
	fase1 := p.PhaseMeetings(p.Phases[0].ID)
	if len(fase1) != 2 || fase1[0].StartTime.String() != "09:30" || fase1[1].StartTime.String() != "11:30" || !fase1[0].Date.Equal(pdz.NewDate(2026, 6, 19)) {
		t.Errorf("Fase I sessions: %+v", fase1)
	}
	if !strings.Contains(fase1[1].Invited, "Organizzazioni sindacali") {
		t.Errorf("second session invites %q", fase1[1].Invited)
	}
	if got := locale.ShortDateTime(p.Deadline); got != "17/06/2026 18:00" {
		t.Errorf("deadline %s", got)
	}
	if p.RegistrationEmail != "udp@ambitodicasarano.it" || !strings.Contains(p.RegistrationRules, "n.1 rappresentante per ciascuna organizzazione") {
		t.Errorf("registration: %q %q", p.RegistrationEmail, p.RegistrationRules)
	}
	if p.SignedPlace != "Casarano" || !p.SignedOn.Equal(pdz.NewDate(2026, 6, 4)) || len(p.Signatories) != 1 ||
		p.Signatories[0].Name != "Pompilio Giovanni Ottavio De Nuzzo" || p.Signatories[0].Role != "Il Presidente del Coordinamento Istituzionale" {
		t.Errorf("signature: %s %s %+v", p.SignedPlace, p.SignedOn, p.Signatories)
	}
	if len(p.Premises) != 1 || p.Premises[0].Number != "476" || !p.Premises[0].Date.Equal(pdz.NewDate(2026, 4, 21)) {
		t.Errorf("premises: %+v", p.Premises)
	}
	comuni, _ := hs.st.Comuni(context.Background(), p.AmbitoID)
	if len(comuni) != 7 {
		t.Errorf("Casarano has %d Comuni, want 7", len(comuni))
	}
}

func TestNoticePage(t *testing.T) {
	hs := newHarness(t, true)
	r := hs.get(notice2026, nil)
	if r.code != http.StatusOK {
		t.Fatalf("status %d", r.code)
	}
	d := r.doc(t)
	if got := strings.TrimSpace(d.Find("h1").Text()); !strings.HasPrefix(got, "Avviso pubblico di avvio del percorso") {
		t.Errorf("h1 %q", got)
	}
	if n := d.Find("table.pdz-calendar tbody tr").Length(); n != 12 {
		t.Errorf("calendar rows %d, want 12 (2 sessions, 9 tables, plenary)", n)
	}
	row := d.Find("table.pdz-calendar tbody tr").Eq(2) // Tavolo 1
	cells := row.Find("td")
	if got := strings.TrimSpace(cells.Eq(0).Text()); got != "lunedì 22 giugno 2026" {
		t.Errorf("Tavolo 1 date %q", got)
	}
	if cells.Eq(1).Text() != "9:00" || cells.Eq(2).Text() != "11:00" {
		t.Errorf("Tavolo 1 times %q %q", cells.Eq(1).Text(), cells.Eq(2).Text())
	}
	mustContain(t, "notice", r.body, "mercoledì 17 giugno 2026, ore 18:00", "Pompilio Giovanni Ottavio De Nuzzo",
		"Per ciascuna area è ammesso a partecipare n.1 rappresentante", "Vista la Deliberazione della Giunta Regionale n. 476 del 21 aprile 2026")
	if strings.Contains(r.body, "aggiornato il") {
		t.Error("a notice not changed since publication shows «aggiornato il»")
	}
	if r.hdr.Get("ETag") == "" {
		t.Error("no ETag")
	}
	if again := hs.do("GET", notice2026, nil, nil, "If-None-Match", r.hdr.Get("ETag")); again.code != http.StatusNotModified {
		t.Errorf("conditional GET: %d", again.code)
	}
}

// A change after publication shows at once (the page cache follows the
// store) and the page says when.
func TestChangeAfterPublication(t *testing.T) {
	hs := newHarness(t, true)
	resp := hs.user("resp@example.org", false, map[string]pdz.Role{"casarano": pdz.RoleResponsabile})
	if r := hs.get(notice2026, nil); strings.Contains(r.body, "Sala Rossa") {
		t.Fatal("precondition")
	}
	p := hs.process("casarano", "pdz-2026-2028")
	m := p.Meetings[len(p.Meetings)-1] // the plenary
	hs.clock = hs.clock.Add(10 * time.Minute)
	v := meetingValues(&m)
	v.Set("venue_name", "Sala Rossa")
	r := hs.post("/admin/a/casarano/percorsi/"+strconv.FormatInt(p.ID, 10)+"/incontri/"+strconv.FormatInt(m.ID, 10), v, resp)
	if r.code != http.StatusSeeOther {
		t.Fatalf("update: %d %s", r.code, r.body)
	}
	page := hs.get(notice2026, nil)
	mustContain(t, "updated notice", page.body, "Sala Rossa", "aggiornato il")
	log := hs.get("/admin/a/casarano/registro", resp)
	mustContain(t, "audit log", log.body, "resp@example.org", "Incontro – modifica", "Sala Rossa")
}

func TestDraftsAreNotPublic(t *testing.T) {
	hs := newHarness(t, true)
	resp := hs.user("resp@example.org", false, map[string]pdz.Role{"casarano": pdz.RoleResponsabile})
	p := hs.process("casarano", "pdz-2026-2028")
	if r := hs.post("/admin/a/casarano/percorsi/"+strconv.FormatInt(p.ID, 10)+"/ritira", nil, resp); r.code != http.StatusSeeOther {
		t.Fatalf("unpublish: %d", r.code)
	}
	for _, path := range []string{notice2026, notice2026 + "/incontri", notice2026 + "/calendario.ics", notice2026 + "/avviso.pdf",
		"/api/v1/ambiti/casarano/percorsi/pdz-2026-2028", notice2026 + "/incontri/" + strconv.FormatInt(p.Meetings[0].ID, 10)} {
		if r := hs.get(path, nil); r.code != http.StatusNotFound {
			t.Errorf("draft %s: %d", path, r.code)
		}
	}
	if r := hs.get("/ambiti/casarano", nil); strings.Contains(r.body, "2026-2028") {
		t.Error("the Ambito page lists a draft")
	}
	if r := hs.get("/admin/a/casarano/percorsi/"+strconv.FormatInt(p.ID, 10)+"/anteprima", resp); r.code != http.StatusOK || !strings.Contains(r.body, "in bozza") {
		t.Errorf("preview: %d", r.code)
	}
}

func TestMeetingsFilter(t *testing.T) {
	hs := newHarness(t, true)
	p := hs.process("putignano", "spazi-di-comunita-2022")
	base := "/ambiti/putignano/percorsi/spazi-di-comunita-2022/incontri"
	count := func(q string) int {
		r := hs.get(base+q, nil)
		if r.code != http.StatusOK {
			t.Fatalf("%s: %d", q, r.code)
		}
		return r.doc(t).Find("table.pdz-calendar tbody tr").Length()
	}
	if n := count(""); n != 41 { // 5 meetings × (1 + 7 focus groups) + plenary
		t.Errorf("all: %d", n)
	}
	if n := count("?comune=Noci"); n != 8 {
		t.Errorf("Noci: %d", n)
	}
	// An area matches each itinerant meeting (through its focus group) and the focus groups themselves.
	if n := count("?area=" + strconv.FormatInt(p.Areas[2].ID, 10)); n != 10 {
		t.Errorf("area: %d", n)
	}
	if n := count("?dal=2022-07-28&al=2022-07-29"); n != 9 {
		t.Errorf("dates: %d", n)
	}
	r := hs.get(base+"?dal=29/07/2022&al=28/07/2022", nil)
	if r.code != http.StatusBadRequest || !strings.Contains(r.body, "La data finale deve seguire quella iniziale") {
		t.Errorf("bad range: %d", r.code)
	}
	if r := hs.get(base+"?area=abc", nil); r.code != http.StatusBadRequest || !strings.Contains(r.body, "Area tematica non valida") {
		t.Errorf("bad area: %d", r.code)
	}
	// A Comune that is not in the list is an error next to the field, not an
	// empty list under "Tutti i Comuni"; the API says the same.
	if r := hs.get(base+"?comune=99999", nil); r.code != http.StatusBadRequest || !strings.Contains(r.doc(t).Find("#f-comune-error").Text(), "Comune non valido") {
		t.Errorf("unknown Comune: %d", r.code)
	}
	if r := hs.get("/api/v1/ambiti/putignano/percorsi/spazi-di-comunita-2022/incontri?comune=Atlantide", nil); r.code != http.StatusBadRequest ||
		!strings.Contains(r.body, "Comune non valido") {
		t.Errorf("API, unknown Comune: %d %s", r.code, r.body)
	}
}

func TestCalendarFeed(t *testing.T) {
	hs := newHarness(t, true)
	r := hs.get(notice2026+"/calendario.ics", nil)
	if r.code != http.StatusOK || !strings.HasPrefix(r.hdr.Get("Content-Type"), "text/calendar") {
		t.Fatalf("%d %s", r.code, r.hdr.Get("Content-Type"))
	}
	for i, line := range strings.Split(strings.TrimSuffix(r.body, "\r\n"), "\r\n") {
		if len(line) > 75 {
			t.Errorf("line %d longer than 75 octets: %q", i, line)
		}
		if strings.Contains(line, "\n") {
			t.Errorf("line %d has a bare LF", i)
		}
	}
	cal, err := ics.ParseCalendar(strings.NewReader(r.body))
	if err != nil {
		t.Fatalf("a calendar parser refuses the feed: %v", err)
	}
	events := cal.Events()
	if len(events) != 12 {
		t.Fatalf("%d events, want 12", len(events))
	}
	if len(cal.Timezones()) != 1 {
		t.Error("no VTIMEZONE")
	}
	var tavolo1 *ics.VEvent
	for _, e := range events {
		if strings.HasPrefix(e.GetProperty(ics.ComponentPropertySummary).Value, "Tavolo 1 ") {
			tavolo1 = e
		}
	}
	if tavolo1 == nil {
		t.Fatal("no Tavolo 1")
	}
	start := tavolo1.GetProperty(ics.ComponentPropertyDtStart)
	if start.Value != "20260622T090000" || start.ICalParameters["TZID"][0] != "Europe/Rome" {
		t.Errorf("DTSTART %v %v", start.Value, start.ICalParameters)
	}
	if st, err := tavolo1.GetStartAt(); err != nil || !st.Equal(time.Date(2026, 6, 22, 7, 0, 0, 0, time.UTC)) {
		t.Errorf("Tavolo 1 starts at %v (%v), want 07:00 UTC (09:00 in Rome)", st, err)
	}
	if loc := tavolo1.GetProperty(ics.ComponentPropertyLocation).Value; !strings.Contains(loc, "Falcone Borsellino") {
		t.Errorf("LOCATION %q", loc)
	}
	uid := tavolo1.GetProperty(ics.ComponentPropertyUniqueId).Value
	if !strings.HasSuffix(uid, "casarano@pdz.example.it") {
		t.Errorf("UID %q", uid)
	}
	// Stable: the same UID in the meeting's own feed and in a later request.
	p := hs.process("casarano", "pdz-2026-2028")
	for _, m := range p.Meetings {
		if m.Label == "Tavolo 1" {
			one := hs.get(notice2026+"/incontri/"+strconv.FormatInt(m.ID, 10)+"/calendario.ics", nil)
			if !strings.Contains(one.body, "UID:"+uid) {
				t.Error("the meeting's feed has another UID")
			}
		}
	}
	// A period over several days without hours is an all-day event with an exclusive end.
	old := hs.get("/ambiti/casarano/percorsi/pdz-2014-2016/calendario.ics", nil)
	mustContain(t, "2014 feed", old.body, "DTSTART;VALUE=DATE:20131112\r\nDTEND;VALUE=DATE:20131116")
}

// TestNoticePDF extracts the text of the PDF with poppler and checks what it
// says. CI installs poppler; elsewhere the text check is skipped unless
// PDZ_REQUIRE_TOOLS=1.
func TestNoticePDF(t *testing.T) {
	hs := newHarness(t, true)
	r := hs.get(notice2026+"/avviso.pdf", nil)
	if r.code != http.StatusOK || r.hdr.Get("Content-Type") != "application/pdf" {
		t.Fatalf("%d %s", r.code, r.hdr.Get("Content-Type"))
	}
	checkPDF(t, "notice", r.body, func(t *testing.T, text string) {
		mustContain(t, "PDF", text,
			"AMBITO TERRITORIALE SOCIALE DI CASARANO", "Provincia di Lecce",
			"AVVISO PUBBLICO DI AVVIO DEL PERCORSO DI PROGRAMMAZIONE PARTECIPATA",
			"Vista la Deliberazione della Giunta Regionale n. 476 del 21 aprile 2026",
			"Entro mercoledì 17 giugno 2026, ore 18:00, all'indirizzo udp@ambitodicasarano.it",
			"Fase I: Concertazione e programmazione preliminare", "Fase II: Programmazione partecipata",
			"venerdì 19 giugno 2026", "lunedì 22 giugno 2026", "mercoledì 1 luglio 2026", "11:30", "13:30",
			"Il Presidente del Coordinamento Istituzionale", "Pompilio Giovanni Ottavio De Nuzzo", "Casarano, 4 giugno 2026")
		for _, area := range []string{"L'invecchiamento attivo", "La conciliazione vita-lavoro e le politiche di genere"} {
			if !strings.Contains(text, area) {
				t.Errorf("PDF misses area %q", area)
			}
		}
		// The form is open: the notice offers it (internal/document's
		// tests check the layout and the tagging of every document).
		mustContain(t, "PDF", text, "Si può inviare anche online, con ricevuta e numero di protocollo immediati, compilando il modulo all'indirizzo https://pdz.example.it"+notice2026+"/adesione")
		// pdfinfo comes with pdftotext (poppler-utils).
		path := t.TempDir() + "/avviso.pdf"
		os.WriteFile(path, []byte(r.body), 0o600)
		info, err := exec.Command("pdfinfo", path).Output()
		if err != nil || !strings.Contains(string(info), "A4") || !regexp.MustCompile(`(?m)^Tagged:\s+yes$`).Match(info) {
			t.Errorf("pdfinfo: %v, not A4 or not tagged: %s", err, info)
		}
	})
	// A notice past its deadline does not offer the closed form.
	old := hs.get("/ambiti/casarano/percorsi/pdz-2014-2016/avviso.pdf", nil)
	checkPDF(t, "notice past its deadline", old.body, func(t *testing.T, text string) {
		mustContain(t, "PDF", text, "Scadenza per la manifestazione di interesse")
		if strings.Contains(text, "online") || strings.Contains(text, "/adesione") {
			t.Errorf("a notice past its deadline offers the online form: %s", text)
		}
	})
}

func TestNotFoundIsItalian(t *testing.T) {
	hs := newHarness(t, true)
	for _, p := range []string{"/non-esiste", "/ambiti/nessuno", notice2026 + "/incontri/999999", notice2026 + "/incontri/abc", "/static/x/none.css", "/ambiti/casarano/percorsi/nessuno"} {
		r := hs.get(p, nil)
		if r.code != http.StatusNotFound || !strings.Contains(r.body, "Pagina non trovata") || !strings.Contains(r.body, `lang="it"`) {
			t.Errorf("%s: %d", p, r.code)
		}
	}
	if r := hs.get("/api/v1/ambiti/nessuno", nil); r.code != http.StatusNotFound || !strings.Contains(r.body, `"errore"`) {
		t.Errorf("API 404: %d %s", r.code, r.body)
	}
}

func TestHealthz(t *testing.T) {
	hs := newHarness(t, false)
	if r := hs.get("/healthz", nil); r.code != http.StatusOK {
		t.Fatalf("%d", r.code)
	}
	hs.st.DB().Close()
	if r := hs.get("/healthz", nil); r.code != http.StatusServiceUnavailable {
		t.Fatalf("closed database: %d", r.code)
	}
}

// A page's address with a trailing slash leads to the page; an address that
// would make the redirect leave the site stays a 404.
func TestTrailingSlashRedirects(t *testing.T) {
	hs := newHarness(t, true)
	for path, want := range map[string]string{
		"/ambiti/casarano/": "/ambiti/casarano",
		"/ambiti/casarano/percorsi/pdz-2026-2028/incontri/?area=1": "/ambiti/casarano/percorsi/pdz-2026-2028/incontri?area=1",
		"/api/v1/ambiti/casarano/":                                 "/api/v1/ambiti/casarano",
	} {
		r := hs.get(path, nil)
		if r.code != http.StatusMovedPermanently || r.hdr.Get("Location") != want {
			t.Errorf("%s: %d to %q, want 301 to %q", path, r.code, r.hdr.Get("Location"), want)
		}
	}
	if r := hs.get("/ambiti/casarano", nil); r.code != 200 {
		t.Errorf("the page itself: %d", r.code)
	}
	for _, path := range []string{"/\\evil.example/", "/%5Cevil.example/"} {
		r := hs.get(path, nil)
		if loc := r.hdr.Get("Location"); strings.HasPrefix(loc, "//") || strings.HasPrefix(loc, "/\\") {
			t.Errorf("%s redirects off the site to %q", path, loc)
		}
	}
	if r := hs.do("POST", "/ambiti/casarano/", url.Values{}, nil, "Sec-Fetch-Site", "same-origin"); r.code != http.StatusNotFound {
		t.Errorf("POST with a trailing slash: %d, want 404", r.code)
	}
}
