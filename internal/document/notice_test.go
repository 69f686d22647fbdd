package document

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func isTableHeader(line string) bool {
	return strings.HasPrefix(strings.TrimSpace(line), "Incontro") && strings.Contains(line, "Data e orario")
}

// contentLines are a page's non-empty lines without the page footer.
func contentLines(page string) []string {
	var out []string
	for _, l := range strings.Split(page, "\n") {
		if strings.TrimSpace(l) != "" && !strings.Contains(l, "Pagina ") {
			out = append(out, l)
		}
	}
	return out
}

// The calendar of a notice breaks across pages for the Albo pretorio: no
// page ends with a table's header row (it moves to the next page with the
// first rows), each page a table continues on starts with the header
// again, a meeting stays with the meetings held inside it, which take the
// whole width of the table. The phase's description grows one line at a
// time past half a page (where the phase's heading no longer waits for its
// table), moving the table's start and every later break down the page
// through every position.
func TestNoticeTableBreaksAcrossPages(t *testing.T) {
	for n := 20; n < 75; n++ {
		description := strings.TrimSpace(strings.Repeat("Testo della fase che occupa una riga intera della pagina stampata, lo stesso. ", n))
		pdf, err := NoticePDF(testAmbito(), testProcess(14, description), testPage, testJoin, fixedNow)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), "avviso.pdf")
		if err := os.WriteFile(path, pdf, 0o600); err != nil {
			t.Fatal(err)
		}
		pages := strings.Split(strings.TrimSuffix(run(t, "pdftotext", "-q", "-layout", "-enc", "UTF-8", path, "-"), "\f"), "\f")
		if len(pages) < 3 {
			t.Fatalf("%d lines: %d pages, the table should span at least two", n, len(pages))
		}
		tableSeen := false
		for i, page := range pages {
			lines := contentLines(page)
			if len(lines) == 0 {
				t.Fatalf("%d lines: page %d is empty", n, i+1)
			}
			if isTableHeader(lines[len(lines)-1]) {
				t.Errorf("%d lines: page %d ends with the table header and no row under it", n, i+1)
			}
			hasRow := strings.Contains(page, "Riunione n. ")
			if tableSeen && hasRow && !isTableHeader(lines[0]) {
				t.Errorf("%d lines: page %d continues the table without its header: starts %q", n, i+1, lines[0])
			}
			if hasRow {
				tableSeen = true
			}
			// The focus groups, full width, each on one line, on the page
			// of their meeting.
			for _, fg := range []string{"Gruppo 1 – Focus group sull'invecchiamento – area tematica: L'invecchiamento attivo",
				"Gruppo 2 – Focus group sulle famiglie (11:00–13:00) – area tematica: Le politiche familiari e la tutela dei minori"} {
				if strings.Contains(page, fg[:10]) {
					if !strings.Contains(page, fg) {
						t.Errorf("%d lines: %q is not on one line:\n%s", n, fg, page)
					}
					if !strings.Contains(page, "Plenaria – Apertura") {
						t.Errorf("%d lines: page %d shows a focus group without its meeting", n, i+1)
					}
				}
			}
		}
		if !tableSeen {
			t.Fatalf("%d lines: no meeting row found", n)
		}
	}
}

// The notice states the online channel, with the address of the form and
// its QR code, while the form accepts manifestazioni di interesse; a
// notice printed after the deadline does not offer it.
func TestNoticeStatesTheOnlineChannel(t *testing.T) {
	p := testProcess(1, "Testo.")
	for _, join := range []string{testJoin, ""} {
		pdf, err := NoticePDF(testAmbito(), p, testPage, join, fixedNow)
		if err != nil {
			t.Fatal(err)
		}
		path := pdfFile(t, pdf)
		text := strings.Join(strings.Fields(strings.Join(pageTexts(t, path), " ")), " ")
		_, _, alts := catalogFacts(t, path)
		if join == "" {
			if strings.Contains(text, "online") || len(alts) > 0 {
				t.Errorf("a closed form is offered: %v %q", strings.Contains(text, "online"), alts)
			}
			continue
		}
		want := "Si può inviare anche online, con ricevuta e numero di protocollo immediati, compilando il modulo all'indirizzo " + testJoin + " o inquadrando il codice QR."
		if !strings.Contains(text, want) {
			t.Errorf("no online channel sentence %q in\n%s", want, text)
		}
		// The sentence runs over three lines: read through the structure
		// tree, as assistive technologies do, its words stay apart where
		// the lines break.
		if st := run(t, "pdfinfo", "-struct-text", path); !strings.Contains(st, `"`+want+`"`) {
			t.Errorf("the structure's text of the sentence is not %q:\n%s", want, st)
		}
		if !strings.Contains(text, "Entro mercoledì 17 giugno 2026, ore 18:00, all'indirizzo udp@example.it.") {
			t.Errorf("the deadline and the e-mail channel are gone:\n%s", text)
		}
		if len(alts) != 1 || !strings.Contains(alts[0], testJoin) {
			t.Errorf("QR code's alternative text: %q", alts)
		}
	}
}
