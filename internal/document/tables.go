package document

import (
	"strconv"
	"strings"
	"time"

	"github.com/pdz-ats/pdz/internal/document/tagged"
	"github.com/pdz-ats/pdz/internal/locale"
	"github.com/pdz-ats/pdz/internal/pdz"
)

// The documents of the tables (issue 4): the minutes of a meeting, the
// prospetto di sintesi of the proposals, a signed participation pact, the
// minutes of an election and the voting slips. They name organisations,
// never private citizens unless they agreed to it: the callers pass the
// public names.

// UnnamedPresent counts, in sentences, the organisations and the citizens
// present that the minutes may not name (pdz.Registrant).
func UnnamedPresent(organisations, citizens int) []string {
	var out []string
	switch {
	case organisations == 1:
		out = append(out, "1 organizzazione presente il cui nome non è pubblicato.")
	case organisations > 1:
		out = append(out, locale.Count(organisations, "organizzazione presente il cui nome non è pubblicato.", "organizzazioni presenti il cui nome non è pubblicato."))
	}
	switch {
	case citizens == 1:
		out = append(out, "1 cittadina o cittadino presente a titolo personale, non nominato.")
	case citizens > 1:
		out = append(out, locale.Count(citizens, "cittadina o cittadino presente a titolo personale, non nominato.", "cittadine e cittadini presenti a titolo personale, non nominati."))
	}
	return out
}

// MinutesInput is what the minutes of a meeting show.
type MinutesInput struct {
	Meeting   *pdz.Meeting
	When      string // "lunedì 13 giugno 2022, 9:00-11:00"
	Minutes   *pdz.Minutes
	Present   []string // organisations and citizens that may be named, by name
	Unnamed   []string // how many others were present (UnnamedPresent)
	Proposals []string // "n. 12 – Title (Organisation)"
	Published bool
}

// MinutesPDF is the verbale of a meeting.
func MinutesPDF(a *pdz.Ambito, p *pdz.Process, in MinutesInput, generated time.Time) ([]byte, error) {
	m := in.Minutes
	title := "Verbale – " + in.Meeting.Name()
	d := newPDF(title, a.Name, a.Name+" – "+p.Cycle+" – verbale", generated)
	d.centered("P", strings.ToUpper(a.Name), 12, "B")
	d.centered("P", p.Cycle+" – percorso di programmazione partecipata", 10, "")
	d.f.Ln(3)
	d.centered("H1", "VERBALE", 13, "B")
	d.centered("P", in.Meeting.Name(), 11, "B")
	d.f.Ln(2)
	status := "Bozza: documento non ancora approvato."
	switch m.Status {
	case pdz.MinutesApproved:
		status = "Approvato il " + locale.DateTime(m.ApprovedAt) + "."
	case pdz.MinutesPublished:
		status = "Approvato il " + locale.DateTime(m.ApprovedAt) + ", pubblicato il " + locale.DateTime(m.PublishedAt) + "."
	}
	d.box(in.When, status)
	d.heading(2, "Presenti", 11)
	if len(in.Present) == 0 && len(in.Unnamed) == 0 {
		d.para("Nessuna presenza registrata.")
	}
	d.list(in.Present)
	for _, x := range in.Unnamed {
		d.para(x)
	}
	if m.OthersPresent != "" {
		d.styled("Partecipano inoltre:", "B", "L")
		var others []string
		for _, l := range strings.Split(m.OthersPresent, "\n") {
			if l = strings.TrimSpace(l); l != "" {
				others = append(others, l)
			}
		}
		d.list(others)
	}
	d.heading(2, "Sintesi dell'incontro", 11)
	paragraphs(d, m.Summary)
	d.heading(2, "Bisogni emersi", 11)
	if len(m.Needs) == 0 {
		d.para("Nessun bisogno registrato.")
	} else {
		var rows [][]string
		for i, n := range m.Needs {
			rows = append(rows, []string{strconv.Itoa(i + 1), n.Text, n.AreaName, n.Target, orDash(n.Comune, "Tutto l'Ambito")})
		}
		d.table([]float64{8, 66, 44, 30, 26}, []string{"N.", "Bisogno", "Area tematica", "Destinatari", "Comune"}, rows)
	}
	d.heading(2, "Proposte discusse", 11)
	d.list(in.Proposals)
	if m.ProposalsText != "" {
		paragraphs(d, m.ProposalsText)
	}
	if len(in.Proposals) == 0 && m.ProposalsText == "" {
		d.para("Nessuna proposta discussa.")
	}
	d.heading(2, "Priorità espresse", 11)
	if m.Priorities != "" {
		paragraphs(d, m.Priorities)
	} else {
		d.para("Nessuna priorità registrata.")
	}
	d.f.Ln(4)
	d.note("Documento generato il " + locale.DateTime(generated) + ". Il verbale nomina le organizzazioni presenti; " +
		"le persone che partecipano a titolo personale sono nominate solo se vi hanno acconsentito.")
	return d.bytes()
}

func orDash(s, dash string) string {
	if strings.TrimSpace(s) == "" {
		return dash
	}
	return s
}

// ProspettoRow is one proposal in the prospetto di sintesi.
type ProspettoRow struct {
	Number     string
	Title      string
	Proponents string
	Origin     string
	Cost       string
	Status     string
	Answer     string
	Criteria   string
}

// ProspettoArea is the section of one area.
type ProspettoArea struct {
	Name string
	Rows []ProspettoRow
}

// ProspettoPDF is the prospetto di sintesi of a process's proposals, area
// by area, with state and answer (seeds 001 and 002), then, apart and out
// of its count, the proposals withdrawn by their proponents.
func ProspettoPDF(a *pdz.Ambito, p *pdz.Process, areas []ProspettoArea, withdrawn []ProspettoRow, note string, generated time.Time) ([]byte, error) {
	d := newPDF("Prospetto di sintesi delle proposte", a.Name, a.Name+" – "+p.Cycle+" – prospetto di sintesi", generated)
	d.f.SetAutoPageBreak(true, margin+4)
	d.centered("P", strings.ToUpper(a.Name), 12, "B")
	d.centered("P", p.Cycle, 10, "")
	d.f.Ln(3)
	d.centered("H1", "PROSPETTO DI SINTESI DELLE PROPOSTE", 13, "B")
	d.f.Ln(2)
	if note != "" {
		d.para(note)
	}
	table := func(rs []ProspettoRow) {
		var rows [][]string
		for _, r := range rs {
			t := r.Title
			if r.Cost != "" {
				t += "\nCosto stimato: " + r.Cost
			}
			ans := r.Answer
			if r.Criteria != "" {
				ans += "\n" + r.Criteria
			}
			rows = append(rows, []string{r.Number, t, r.Proponents, r.Status, ans})
		}
		d.table([]float64{12, 46, 36, 22, 58}, []string{"N.", "Proposta", "Proponenti", "Esito", "Risposta dell'Ufficio di Piano"}, rows)
	}
	total := 0
	for _, ar := range areas {
		d.heading(2, ar.Name, 11)
		if len(ar.Rows) == 0 {
			d.para("Nessuna proposta.")
			continue
		}
		table(ar.Rows)
		total += len(ar.Rows)
	}
	if len(withdrawn) > 0 {
		d.heading(2, "Proposte ritirate dai proponenti", 11)
		d.para("Ritirate dai proponenti, non sono più proposte al Piano: non rientrano nel numero né nel costo complessivo del prospetto.")
		table(withdrawn)
	}
	d.f.Ln(3)
	d.note(locale.Count(total, "proposta", "proposte") + ". Prospetto generato il " + locale.DateTime(generated) +
		". Le risposte sono quelle pubblicate dall'Ufficio di Piano; criteri di valutazione: congruenza con i bisogni del territorio, " +
		"con gli obiettivi regionali, sostenibilità economica nelle risorse disponibili.")
	return d.bytes()
}

// PactPDF is the participation pact signed by one organisation.
func PactPDF(a *pdz.Ambito, p *pdz.Process, pact *pdz.Pact, sig *pdz.PactSignature, generated time.Time) ([]byte, error) {
	d := newPDF(pact.Title+" – "+sig.Organisation, a.Name, a.Name+" – "+pact.Title, generated)
	d.centered("P", strings.ToUpper(a.Name), 12, "B")
	d.centered("P", p.Cycle, 10, "")
	d.f.Ln(3)
	d.centered("H1", strings.ToUpper(pact.Title), 13, "B")
	d.f.Ln(3)
	paragraphs(d, pact.Body)
	d.heading(2, "Sottoscrizione", 11)
	keyValues(d, [][2]string{{"Organizzazione", sig.Organisation}, {"Tipo", sig.TypeLabel}, {"Firmataria o firmatario", sig.SignatoryName},
		{"In qualità di", sig.SignatoryRole}, {"Data", locale.ShortDate(sig.SignedOn)}})
	if sig.File != nil {
		keyValues(d, [][2]string{{"Copia firmata", sig.File.Name}, {"Impronta SHA-256", sig.File.SHA256}})
	}
	d.f.Ln(10)
	d.styled("Per l'organizzazione ______________________________        Per l'Ambito ______________________________", "", "L")
	d.f.Ln(6)
	d.note("Documento generato il " + locale.DateTime(generated) + ".")
	return d.bytes()
}

// ElectionInput is what the minutes of an election show.
type ElectionInput struct {
	Election *pdz.Election
	Outcome  *pdz.Outcome
	When     string
}

// ElectionPDF is the minutes of an election: rules, electorate and
// turnout, candidates with their votes, the tie-break applied, the elected.
func ElectionPDF(a *pdz.Ambito, p *pdz.Process, in ElectionInput, generated time.Time) ([]byte, error) {
	e, o := in.Election, in.Outcome
	d := newPDF("Verbale – "+e.Title, a.Name, a.Name+" – verbale dell'elezione", generated)
	d.centered("P", strings.ToUpper(a.Name), 12, "B")
	d.centered("P", p.Cycle, 10, "")
	d.f.Ln(3)
	d.centered("H1", "VERBALE DELLE OPERAZIONI DI VOTO", 13, "B")
	d.centered("P", e.Title, 11, "B")
	d.f.Ln(2)
	if in.When != "" {
		d.box(in.When, "Stato: "+strings.ToLower(e.Status.Label())+".")
	}
	d.heading(2, "Regole", 11)
	d.list([]string{
		"Posti da eleggere: " + strconv.Itoa(e.Seats) + "; preferenze per scheda: " + strconv.Itoa(e.MaxPreferences) + ".",
		"Elettorato: " + ElectorateRule(e) + ".",
		"Candidature: " + CandidacyRule(e) + ".",
		"Voto segreto: il sistema registra che un'organizzazione ha votato e, separatamente, una scheda anonima; ogni organizzazione vota una sola volta.",
		"Parità: " + pdz.TieBreakRule,
	})
	d.heading(2, "Affluenza", 11)
	d.para("Aventi diritto: " + strconv.Itoa(o.Electorate) + ". Votanti: " + strconv.Itoa(o.Voters) + " (" + permille(o.TurnoutPermille()) +
		"). Schede: " + strconv.Itoa(o.Ballots) + ", di cui bianche " + strconv.Itoa(o.Blank) + ".")
	d.heading(2, "Risultati", 11)
	var rows [][]string
	for _, r := range o.Results {
		note := ""
		switch {
		case r.Elected:
			note = "Eletta"
		case r.Tied && len(o.NeedsLot) > 0:
			note = "Parità: sorteggio"
		}
		if r.Shared && r.Lot > 0 {
			note = joinNonEmpty("; ", note, "sorteggio n. "+strconv.Itoa(r.Lot))
		}
		rows = append(rows, []string{strconv.Itoa(r.Rank), r.Organisation + "\n" + r.Representative, strconv.Itoa(r.Votes), note})
	}
	d.table([]float64{14, 100, 20, 40}, []string{"Posizione", "Organizzazione e rappresentante", "Voti", "Esito"}, rows)
	if e.Minutes != "" {
		d.heading(2, "Verbale", 11)
		paragraphs(d, e.Minutes)
	}
	d.f.Ln(4)
	d.note("Documento generato il " + locale.DateTime(generated) + ".")
	return d.bytes()
}

// ElectorateRule states an election's electorate in words.
func ElectorateRule(e *pdz.Election) string {
	var parts []string
	parts = append(parts, "organizzazioni del Terzo Settore iscritte al percorso")
	if e.MinTables > 0 {
		n := "a un tavolo tematico"
		if e.MinTables > 1 {
			n = "ad almeno " + locale.Count(e.MinTables, "tavolo tematico", "tavoli tematici")
		}
		parts = append(parts, "presenti "+n)
	}
	if !e.RegisteredBy.IsZero() {
		parts = append(parts, "iscritte entro il "+locale.DateTime(e.RegisteredBy))
	}
	return strings.Join(parts, ", ")
}

// CandidacyRule states who may stand.
func CandidacyRule(e *pdz.Election) string {
	parts := []string{"organizzazioni dell'elettorato"}
	if e.ExcludeManagers {
		parts = append(parts, "che non gestiscono servizi per conto dell'Ambito")
	}
	if !e.FoundedBefore.IsZero() {
		parts = append(parts, "costituite da almeno un anno alla data del "+locale.ShortDate(e.FoundedBefore))
	}
	return strings.Join(parts, ", ")
}

func permille(n int) string {
	return strconv.Itoa(n/10) + "," + strconv.Itoa(n%10) + "%"
}

// Slip is one voting slip: an organisation and its code.
type Slip struct {
	Organisation string
	Code         string // as shown: "ACDE-FGHJ"
	URL          string // the voting page with the code
}

// SlipsPDF prints the voting slips of a round or an election, four to a
// page, each with its QR code, to hand to the representatives at the desk.
func SlipsPDF(a *pdz.Ambito, title string, slips []Slip, generated time.Time) ([]byte, error) {
	d := newPDF("Codici di voto – "+title, a.Name, a.Name+" – codici di voto", generated)
	const h = 60.0
	for i, s := range slips {
		if i > 0 && i%4 == 0 {
			d.f.AddPage()
		}
		y := margin + float64(i%4)*h
		var err error
		d.group("Div", func() {
			d.artifact(tagged.Artifact, func() {
				d.f.SetDrawColor(150, 150, 150)
				d.f.Rect(margin, y, bodyW, h-4, "D")
				d.f.SetDrawColor(0, 0, 0)
			})
			if err = d.qr(s.URL, "Codice QR: apre la pagina di voto con il codice "+s.Code+".", margin+2, y+2, 50); err != nil {
				return
			}
			d.f.SetXY(margin+56, y+5)
			d.paraAt(bodyW-60, lineH, "B", fontSz, title)
			d.f.SetX(margin + 56)
			d.paraAt(bodyW-60, lineH, "", fontSz, s.Organisation)
			d.f.SetX(margin + 56)
			d.mark("P", func() {
				d.f.SetFont("Helvetica", "B", 16)
				d.f.CellFormat(bodyW-60, 10, s.Code, "", 1, "L", false, 0, "")
			})
			d.f.SetX(margin + 56)
			d.paraAt(bodyW-60, 4, "", smallSz, "Inquadra il codice con il telefono, oppure apri "+s.URL+". Il codice vale una sola volta e fino alla chiusura del voto.")
		})
		if err != nil {
			return nil, err
		}
	}
	if len(slips) == 0 {
		d.para("Nessun codice da stampare: la votazione non è aperta o tutte le organizzazioni hanno votato.")
	}
	return d.bytes()
}
