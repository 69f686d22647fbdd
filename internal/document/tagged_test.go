package document

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pdz-ats/pdz/internal/pdz"
)

var (
	fixedNow  = time.Date(2026, 6, 10, 9, 30, 0, 0, time.UTC)
	testJoin  = "https://pdz.example.it/ambiti/prova/percorsi/pdz-2026-2028/adesione"
	testPage  = "https://pdz.example.it/ambiti/prova/percorsi/pdz-2026-2028"
	testArea1 = pdz.Area{ID: 1, Title: "L'invecchiamento attivo"}
	testArea2 = pdz.Area{ID: 2, Title: "Le politiche familiari e la tutela dei minori"}
)

func testAmbito() *pdz.Ambito {
	return &pdz.Ambito{Name: "Ambito Territoriale Sociale di Prova", Province: "Lecce", Address: "Via Roma 1", Email: "udp@example.it"}
}

// testProcess is a notice with premises, a deadline, two phases, the
// second described by description and holding n meetings with a plenary
// in the middle that has two focus groups inside it.
func testProcess(n int, description string) *pdz.Process {
	d := pdz.NewDate
	p := &pdz.Process{
		Title: "Avviso pubblico di avvio del percorso di programmazione partecipata", Cycle: "Piano Sociale di Zona 2026-2028",
		Body:     "Il percorso si apre con una sessione plenaria.\n\n- primo punto\n- secondo punto",
		Deadline: time.Date(2026, 6, 17, 16, 0, 0, 0, time.UTC), RegistrationEmail: "udp@example.it",
		Premises:    []pdz.Premise{{Lead: "Vista la", Kind: "Legge", Number: "328/2000"}},
		Phases:      []pdz.Phase{{ID: 1, Label: "Fase I", Title: "Concertazione"}, {ID: 2, Label: "Fase II", Title: "Tavoli tematici", Description: description}},
		SignedPlace: "Prova", SignedOn: d(2026, 6, 4),
		Signatories: []pdz.Signatory{{Role: "Il Presidente", Name: "Maria Rossi"}},
		UpdatedAt:   fixedNow,
	}
	p.Meetings = append(p.Meetings,
		pdz.Meeting{ID: 1, PhaseID: 1, Title: "Riunione di apertura con le organizzazioni sindacali", Date: d(2026, 6, 19), StartTime: pdz.NewClock(9, 30), VenueName: "Sala consiliare", VenueCity: "Prova"})
	riunione := func(i int) pdz.Meeting {
		return pdz.Meeting{ID: int64(10 + i), PhaseID: 2, Label: "Riunione n. " + strconv.Itoa(i+1),
			Title: "Confronto sull'area tematica «Le politiche per l'integrazione delle persone con disabilità e la presa in carico della non autosufficienza»",
			Date:  d(2026, 6, 22+i%5), StartTime: pdz.NewClock(9, 0), EndTime: pdz.NewClock(11, 0),
			VenueName: "Biblioteca comunale", VenueAddress: "Piazza Garibaldi 3", VenueCity: "Prova", Areas: []pdz.Area{testArea1, testArea2}}
	}
	for i := range n / 2 {
		p.Meetings = append(p.Meetings, riunione(i))
	}
	p.Meetings = append(p.Meetings,
		pdz.Meeting{ID: 2, PhaseID: 2, Label: "Plenaria", Title: "Apertura dei focus group", Date: d(2026, 6, 20), StartTime: pdz.NewClock(9, 0), EndTime: pdz.NewClock(13, 0), VenueName: "Centro anziani", VenueCity: "Prova"},
		pdz.Meeting{ID: 3, PhaseID: 2, ParentID: 2, Label: "Gruppo 1", Title: "Focus group sull'invecchiamento", Date: d(2026, 6, 20), StartTime: pdz.NewClock(9, 0), EndTime: pdz.NewClock(13, 0), VenueName: "Centro anziani", VenueCity: "Prova", Areas: []pdz.Area{testArea1}},
		pdz.Meeting{ID: 4, PhaseID: 2, ParentID: 2, Label: "Gruppo 2", Title: "Focus group sulle famiglie", Date: d(2026, 6, 20), StartTime: pdz.NewClock(11, 0), EndTime: pdz.NewClock(13, 0), VenueName: "Centro anziani", VenueCity: "Prova", Areas: []pdz.Area{testArea2}},
	)
	for i := n / 2; i < n; i++ {
		p.Meetings = append(p.Meetings, riunione(i))
	}
	return p
}

func testRegistration() *pdz.Registration {
	return &pdz.Registration{ProtocolYear: 2026, ProtocolNumber: 42, Kind: pdz.RegistrantOrganisation, Channel: pdz.ChannelOnline, Status: pdz.RegReceived,
		Name: "Associazione Esempio", TaxCode: "12345678901", Email: "info@esempio.it", Comune: "Prova",
		Contact: pdz.Person{Name: "Anna Bianchi", Email: "anna@esempio.it"},
		Areas:   []pdz.Participation{{AreaID: 1, AreaName: testArea1.Title}}, Truthful: true, PrivacyAccepted: true,
		ReceivedAt: fixedNow, UpdatedAt: fixedNow, Version: 1}
}

// Every document the product generates is a tagged PDF: pdfinfo says
// "Tagged: yes" and shows the document's title, the catalog gives the
// language and asks viewers to show the title, qpdf finds no error, and
// the structure tree holds the document's parts in reading order: the
// title (H1) first, sections, tables with header cells, lists, figures
// with alternative text.
func TestDocumentsAreTagged(t *testing.T) {
	a := testAmbito()
	p := testProcess(3, "I tavoli si riuniscono nella biblioteca comunale.")
	area := testArea1
	d := pdz.NewDate
	meeting := p.Meeting(2)
	must := func(b []byte, err error) []byte {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	chron := NewChronology(p, nil)
	docs := []struct {
		name, title string
		pdf         []byte
		types       []string // in this order, not necessarily adjacent
		alt         string   // a Figure's /Alt contains it
		text        string   // an element's text, whole (words kept apart where lines break)
	}{
		{"notice", p.Title + " – " + p.Cycle, must(NoticePDF(a, p, testPage, testJoin, fixedNow)),
			[]string{"Document", "P", "H1", "L", "LI", "Lbl", "LBody", "P", "Div", "P", "Figure", "H2", "H3", "Table", "TR", "TH", "TR", "TD", "H3", "Table", "TH", "TD", "TD"}, testJoin, ""},
		{"receipt", "Ricevuta della manifestazione di interesse prot. n. 2026/000042", must(ReceiptPDF(a, p, testRegistration(), testPage, fixedNow)),
			[]string{"Document", "P", "H1", "Div", "Figure", "P", "H2", "Table", "TR", "TH", "TD", "H2", "Table", "TH", "TD"}, "2026/000042", ""},
		{"attendance", "Foglio presenze – " + area.Name(), must(AttendancePDF(a, p, &area, "sabato 20 giugno 2026, 9:00", "Centro anziani",
			[]AttendanceRow{{Name: "Anna Bianchi", Organisation: "Associazione Esempio"}}, fixedNow)),
			[]string{"Document", "P", "H1", "Table", "TR", "TH", "TH", "TH", "TH", "TR", "TD", "TD", "TD", "TD", "H2", "Table", "TH"}, "", ""},
		{"minutes", "Verbale – " + meeting.Name(), must(MinutesPDF(a, p, MinutesInput{Meeting: meeting, When: "sabato 20 giugno 2026",
			Minutes: &pdz.Minutes{Status: pdz.MinutesDraft, Summary: "Si discute.", Needs: []pdz.Need{{Text: "Trasporti", AreaName: area.Title}}},
			Present: []string{"Associazione Esempio"}}, fixedNow)),
			[]string{"Document", "H1", "Div", "H2", "L", "LI", "LBody", "H2", "P", "H2", "Table", "TH", "TD"}, "", ""},
		{"prospetto", "Prospetto di sintesi delle proposte", must(ProspettoPDF(a, p, []ProspettoArea{{Name: area.Title, Rows: []ProspettoRow{{Number: "1", Title: "Centro diurno", Proponents: "Associazione Esempio", Status: "Accolta"}}}}, nil, "", fixedNow)),
			[]string{"Document", "H1", "H2", "Table", "TR", "TH", "TR", "TD"}, "", ""},
		{"pact", "Patto di partecipazione – Associazione Esempio", must(PactPDF(a, p, &pdz.Pact{Title: "Patto di partecipazione", Body: "Le parti convengono."},
			&pdz.PactSignature{Organisation: "Associazione Esempio", SignatoryName: "Anna Bianchi", SignedOn: d(2026, 6, 1)}, fixedNow)),
			[]string{"Document", "H1", "P", "H2", "Table", "TR", "TH", "TD"}, "", ""},
		{"election", "Verbale – Elezione della Cabina di Regia", must(ElectionPDF(a, p, ElectionInput{Election: &pdz.Election{Title: "Elezione della Cabina di Regia", Seats: 2, MaxPreferences: 1},
			Outcome: &pdz.Outcome{Results: []pdz.CandidateResult{{Candidate: pdz.Candidate{Organisation: "Associazione Esempio"}, Votes: 3, Rank: 1, Elected: true}}}}, fixedNow)),
			[]string{"Document", "H1", "H2", "L", "LI", "H2", "P", "H2", "Table", "TH", "TD"}, "", ""},
		{"slips", "Codici di voto – Priorità", must(SlipsPDF(a, "Priorità", []Slip{{Organisation: "Associazione Esempio", Code: "ACDE-FGHJ", URL: "https://pdz.example.it/v/ACDEFGHJ"}}, fixedNow)),
			[]string{"Document", "Div", "Figure", "P", "P", "P"}, "ACDE-FGHJ", ""},
		{"chronology", ChronologyTitle + " – " + p.Cycle, must(ChronologyPDF(a, p, &chron, testPage, fixedNow)),
			[]string{"Document", "P", "H1", "P", "H2", "P"}, "", longEntry(t, &chron)},
	}
	for _, doc := range docs {
		t.Run(doc.name, func(t *testing.T) {
			path := pdfFile(t, doc.pdf)
			info := pdfInfo(t, path)
			if info["Tagged"] != "yes" {
				t.Errorf("pdfinfo: Tagged %q", info["Tagged"])
			}
			if info["Title"] != doc.title {
				t.Errorf("pdfinfo: Title %q, want %q", info["Title"], doc.title)
			}
			lang, display, alts := catalogFacts(t, path)
			if lang != "it-IT" || !display {
				t.Errorf("catalog: /Lang %q, DisplayDocTitle %v", lang, display)
			}
			types := structTypes(t, path)
			if !subsequence(types, doc.types) {
				t.Errorf("structure %v\nlacks, in this order, %v", types, doc.types)
			}
			for _, ty := range types {
				if strings.HasPrefix(ty, "H") && len(ty) == 2 {
					if ty != "H1" && doc.name != "slips" {
						t.Errorf("the first heading is %s, not H1", ty)
					}
					break
				}
			}
			if doc.alt != "" {
				found := false
				for _, a := range alts {
					found = found || strings.Contains(a, doc.alt)
				}
				if !found {
					t.Errorf("no figure with alternative text about %q: %q", doc.alt, alts)
				}
			}
			for _, a := range alts {
				if strings.TrimSpace(a) == "" {
					t.Error("a figure without alternative text")
				}
			}
			if doc.text != "" {
				if st := run(t, "pdfinfo", "-struct-text", path); !strings.Contains(st, `"`+doc.text+`"`) {
					t.Errorf("no element reads %q:\n%s", doc.text, st)
				}
			}
		})
	}
}

// longEntry is the first line of the chronology longer than a printed
// line.
func longEntry(t *testing.T, c *Chronology) string {
	for _, g := range c.Groups {
		for _, e := range g.Entries {
			if len(e.Line()) > 150 {
				return e.Line()
			}
		}
	}
	t.Fatal("no long entry in the chronology")
	return ""
}

// TestNoticeTitleSaysItsCycleOnce: a notice whose title already names its
// cycle (as Casarano's does) does not take it twice in the document's
// title; one that does not name it gets it after a dash.
func TestNoticeTitleSaysItsCycleOnce(t *testing.T) {
	a := testAmbito()
	p := testProcess(2, "")
	p.Title = "Avviso pubblico per la stesura del Piano Sociale di Zona 2026-2028"
	must := func(b []byte, err error) []byte {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	info := pdfInfo(t, pdfFile(t, must(NoticePDF(a, p, testPage, testJoin, fixedNow))))
	if got := info["Title"]; got != "Avviso pubblico per la stesura del Piano Sociale di Zona 2026-2028" {
		t.Errorf("title naming its cycle: %q", got)
	}
	p.Title = "Avviso pubblico di avvio del percorso"
	info = pdfInfo(t, pdfFile(t, must(NoticePDF(a, p, testPage, testJoin, fixedNow))))
	if got := info["Title"]; got != "Avviso pubblico di avvio del percorso – Piano Sociale di Zona 2026-2028" {
		t.Errorf("title without its cycle: %q", got)
	}
}
