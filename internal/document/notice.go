package document

import (
	"strings"
	"time"

	"github.com/pdz-ats/pdz/internal/document/tagged"
	"github.com/pdz-ats/pdz/internal/locale"
	"github.com/pdz-ats/pdz/internal/pdz"
)

// NoticePDF renders the public notice of a process, laid out for the Albo
// pretorio: the Ambito's heading, title, premises, text, the deadline and
// the online channel, the calendar table of every phase, how to take part
// and the signatures. url is the notice's public page; joinURL the online
// form of the manifestazione di interesse, "" when it no longer accepts
// any (the notice then does not offer it). generated is the instant
// printed at the end.
func NoticePDF(a *pdz.Ambito, p *pdz.Process, url, joinURL string, generated time.Time) ([]byte, error) {
	d := newPDF(locale.Title(p.Title, p.Cycle), a.Name, a.Name+" – "+p.Cycle, p.UpdatedAt)
	d.centered("P", strings.ToUpper(a.Name), 13, "B")
	if a.Province != "" {
		d.centered("P", "Provincia di "+a.Province, 10, "")
	}
	var contacts []string
	for _, c := range []struct{ label, v string }{{"", a.Address}, {"Tel. ", a.Phone}, {"E-mail ", a.Email}, {"PEC ", a.PEC}, {"", a.Website}} {
		if c.v != "" {
			contacts = append(contacts, c.label+c.v)
		}
	}
	if len(contacts) > 0 {
		d.centered("P", strings.Join(contacts, " · "), smallSz, "")
	}
	d.f.Ln(5)
	d.centered("H1", strings.ToUpper(p.Title), 12, "B")
	d.f.Ln(1)
	d.centered("P", p.Cycle, 11, "")
	d.f.Ln(3)

	var premises []string
	for _, x := range p.Premises {
		premises = append(premises, premiseText(&x))
	}
	d.list(premises)
	d.f.Ln(1)
	paragraphs(d, p.Body)
	if err := noticeChannels(d, p, joinURL); err != nil {
		return nil, err
	}

	d.heading(2, "Calendario del percorso", 12)
	venue := commonVenue(p)
	if venue != "" {
		d.para("Luogo di tutti gli incontri: " + venue + ".")
	}
	phase := func(name string, dates, description string, ms []pdz.Meeting) {
		var t *pdfTable
		if len(ms) > 0 {
			t = calendarTable(d, p, ms, venue == "")
		}
		// Keep the phase's heading, dates and description with the start
		// of its table when they fit in half a page.
		keep := 3 + d.textHeight(name, bodyW, 5.5) + 1 + d.textHeight(dates, bodyW, lineH) + paragraphsHeight(d, description)
		if t != nil {
			keep += d.tableStart(t)
		}
		if keep <= d.pageRoom()/2 {
			d.needs(keep)
		}
		if name != "" {
			d.heading(3, name, 11)
		}
		if dates != "" {
			d.styled(dates, "I", "L")
		}
		paragraphs(d, description)
		if t != nil {
			d.drawTable(t)
		}
	}
	for _, ph := range p.Phases {
		dates := ""
		if !ph.StartsOn.IsZero() {
			dates = locale.DateRange(ph.StartsOn, ph.EndsOn)
		}
		phase(ph.Name(), dates, ph.Description, p.PhaseMeetings(ph.ID))
	}
	if ms := p.PhaseMeetings(0); len(ms) > 0 {
		name := ""
		if len(p.Phases) > 0 {
			name = "Altri incontri"
		}
		phase(name, "", "", ms)
	}
	paragraphs(d, p.VenueNote)

	if p.Participation != "" || p.RegistrationRules != "" {
		d.heading(2, "Come partecipare", 12)
		paragraphs(d, p.Participation)
		paragraphs(d, p.RegistrationRules)
	}

	d.f.Ln(3)
	// Place and date on the left, level with the first signature on the
	// right, as on a signed paper notice.
	d.needs(2*lineH + 3)
	if p.SignedPlace != "" {
		place := p.SignedPlace
		if !p.SignedOn.IsZero() {
			place += ", " + locale.MediumDate(p.SignedOn)
		}
		y := d.f.GetY()
		d.styled(place, "", "L")
		if len(p.Signatories) > 0 {
			d.f.SetY(y)
		} else {
			d.f.Ln(3)
		}
	}
	for _, sg := range p.Signatories {
		d.needs(2*lineH + 3)
		d.styled(sg.Role, "", "R")
		d.styled(sg.Name, "B", "R")
		d.f.Ln(3)
	}
	d.f.Ln(2)
	note := "Documento generato il " + locale.DateTime(generated) + "."
	if url != "" {
		note += " Versione aggiornata: " + url
	}
	d.note(note)
	return d.bytes()
}

// noticeChannels is the framed box with the deadline and the ways to send
// the manifestazione di interesse: by e-mail if the notice names an
// address, online with the address and a QR code of the form while it is
// open.
func noticeChannels(d *pdfDoc, p *pdz.Process, joinURL string) error {
	var texts []string
	title := "Manifestazione di interesse"
	if !p.Deadline.IsZero() {
		title = "Scadenza per la manifestazione di interesse"
		t := "Entro " + locale.DateTime(p.Deadline)
		if p.RegistrationEmail != "" {
			t += ", all'indirizzo " + p.RegistrationEmail
		}
		texts = append(texts, t+".")
	}
	if joinURL != "" {
		lead := "Si può inviare anche online"
		if p.Deadline.IsZero() && p.RegistrationEmail == "" {
			lead = "Si può inviare online"
		}
		texts = append(texts, lead+", con ricevuta e numero di protocollo immediati, compilando il modulo all'indirizzo "+
			joinURL+" o inquadrando il codice QR.")
	}
	if len(texts) == 0 {
		return nil
	}
	const pad, qrSide = 3.0, 26.0
	textW := bodyW - 2*pad
	if joinURL != "" {
		textW -= qrSide + 2
	}
	d.f.SetFont("Helvetica", "B", fontSz)
	h := d.textHeight(title, textW, lineH)
	d.f.SetFont("Helvetica", "", fontSz)
	for _, t := range texts {
		h += d.textHeight(t, textW, lineH) + 1
	}
	if joinURL != "" {
		h = max(h, qrSide-2*pad+2)
	}
	h += 2 * pad
	d.f.Ln(1)
	d.needs(h + 2)
	y := d.f.GetY()
	var err error
	d.group("Div", func() {
		d.shade(y, h)
		d.f.SetXY(margin+pad, y+pad)
		d.paraAt(textW, lineH, "B", fontSz, title)
		for _, t := range texts {
			d.f.SetX(margin + pad)
			d.paraAt(textW, lineH, "", fontSz, t)
			d.f.Ln(1)
		}
		if joinURL != "" {
			d.f.SetFillColor(255, 255, 255)
			d.artifact(tagged.Artifact, func() { d.f.Rect(margin+bodyW-qrSide-1, y+1, qrSide, qrSide, "F") })
			err = d.qr(joinURL, "Codice QR del modulo online della manifestazione di interesse: "+joinURL, margin+bodyW-qrSide-1, y+1, qrSide)
		}
	})
	d.f.SetY(y + h + 3)
	return err
}

// commonVenue is the place of every meeting of p when they all have the
// same one, "" otherwise: the calendar then says it once instead of in a
// column.
func commonVenue(p *pdz.Process) string {
	venue := ""
	for _, m := range p.Meetings {
		v := m.Venue()
		if v == "" || (venue != "" && v != venue) {
			return ""
		}
		venue = v
	}
	return venue
}

func premiseText(x *pdz.Premise) string {
	var b strings.Builder
	if x.Lead != "" {
		b.WriteString(x.Lead + " ")
	}
	b.WriteString(x.Kind)
	if x.Number != "" {
		b.WriteString(" n. " + x.Number)
	}
	if !x.Date.IsZero() {
		b.WriteString(" del " + locale.MediumDate(x.Date))
	}
	if x.Subject != "" {
		b.WriteString(", avente ad oggetto: «" + x.Subject + "»")
	}
	if x.Notes != "" {
		b.WriteString(" (" + x.Notes + ")")
	}
	b.WriteString(";")
	return b.String()
}

// paragraphs writes plain text the way the web pages show it: blank lines
// separate paragraphs, "- " lines are list items.
func paragraphs(d *pdfDoc, text string) {
	for _, b := range textBlocks(text) {
		if b.list {
			d.list(b.lines)
			d.f.Ln(1)
			continue
		}
		d.para(b.lines[0])
	}
}

// paragraphsHeight is the height paragraphs(d, text) takes.
func paragraphsHeight(d *pdfDoc, text string) float64 {
	d.f.SetFont("Helvetica", "", fontSz)
	h := 0.0
	for _, b := range textBlocks(text) {
		if b.list {
			for _, l := range b.lines {
				h += d.textHeight(l, bodyW-5, lineH) + 0.5
			}
			h++
			continue
		}
		h += d.textHeight(b.lines[0], bodyW, lineH) + 1.5
	}
	return h
}

// textBlock is a paragraph (one line, spaces collapsed) or a list.
type textBlock struct {
	list  bool
	lines []string
}

func textBlocks(text string) []textBlock {
	var out []textBlock
	for _, block := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n") {
		block = strings.TrimSpace(block)
		if block == "" {
			continue
		}
		lines := strings.Split(block, "\n")
		list := true
		for _, l := range lines {
			list = list && strings.HasPrefix(strings.TrimSpace(l), "- ")
		}
		if list {
			var items []string
			for _, l := range lines {
				items = append(items, strings.TrimPrefix(strings.TrimSpace(l), "- "))
			}
			out = append(out, textBlock{list: true, lines: items})
			continue
		}
		out = append(out, textBlock{lines: []string{strings.Join(strings.Fields(block), " ")}})
	}
	return out
}

// calendarTable is the table of meetings ms: what, when, where (unless
// every meeting has the same place) and which areas (when any has one);
// the meetings held inside one (focus groups, tables opened by a plenary)
// follow it as full-width rows.
func calendarTable(d *pdfDoc, p *pdz.Process, ms []pdz.Meeting, withVenue bool) *pdfTable {
	withAreas := false
	for _, m := range ms {
		withAreas = withAreas || len(m.Areas) > 0
	}
	header := []string{"Incontro", "Data e orario"}
	nowrap := []bool{false, true}
	if withVenue {
		header = append(header, "Luogo")
		nowrap = append(nowrap, false)
	}
	if withAreas {
		header = append(header, "Aree tematiche")
		nowrap = append(nowrap, false)
	}
	t := &pdfTable{header: header}
	var rows [][]string
	for _, m := range ms {
		row := []string{m.Name(), strings.TrimSpace(locale.DateRange(m.Date, m.EndDate) + "\n" + locale.TimeRange(m.StartTime, m.EndTime))}
		if withVenue {
			row = append(row, m.Venue())
		}
		if withAreas {
			row = append(row, areaTitles(m.Areas))
		}
		rows = append(rows, row)
		g := []pdfRow{{cells: row}}
		for _, c := range p.Children(m.ID) {
			g = append(g, pdfRow{span: true, cells: []string{nestedMeeting(&m, &c)}})
		}
		t.groups = append(t.groups, g)
	}
	t.widths = d.autoWidths(header, rows, nowrap)
	return t
}

// nestedMeeting is the line of meeting c held inside m: its name, what
// differs from m (day, hours, place) and its areas.
func nestedMeeting(m, c *pdz.Meeting) string {
	var diff []string
	if !c.Date.IsZero() && (!c.Date.Equal(m.Date) || !c.EndDate.Equal(m.EndDate)) {
		diff = append(diff, locale.DateRange(c.Date, c.EndDate))
	}
	if c.StartTime != m.StartTime || c.EndTime != m.EndTime {
		if tr := locale.TimeRange(c.StartTime, c.EndTime); tr != "" {
			diff = append(diff, tr)
		}
	}
	if v := c.Venue(); v != "" && v != m.Venue() {
		diff = append(diff, v)
	}
	s := c.Name()
	if len(diff) > 0 {
		s += " (" + strings.Join(diff, ", ") + ")"
	}
	switch len(c.Areas) {
	case 0:
	case 1:
		s += " – area tematica: " + c.Areas[0].Title
	default:
		s += " – aree tematiche: " + areaTitles(c.Areas)
	}
	return s
}

func areaTitles(as []pdz.Area) string {
	var ts []string
	for _, a := range as {
		ts = append(ts, a.Title)
	}
	return strings.Join(ts, "; ")
}
