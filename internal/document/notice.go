package document

import (
	"strings"
	"time"

	"github.com/pdz-ats/pdz/internal/locale"
	"github.com/pdz-ats/pdz/internal/pdz"
)

// NoticePDF renders the public notice of a process: the Ambito's heading,
// title, premises, text, the calendar table of every phase, the deadline,
// how to take part and the signatures. generated is the instant printed in
// the footer.
func NoticePDF(a *pdz.Ambito, p *pdz.Process, url string, generated time.Time) ([]byte, error) {
	d := newPDF(p.Title+" – "+p.Cycle, a.Name, a.Name+" – "+p.Cycle, p.UpdatedAt)
	d.centered(strings.ToUpper(a.Name), 13, "B")
	if a.Province != "" {
		d.centered("Provincia di "+a.Province, 10, "")
	}
	var contacts []string
	for _, c := range []struct{ label, v string }{{"", a.Address}, {"Tel. ", a.Phone}, {"E-mail ", a.Email}, {"PEC ", a.PEC}, {"", a.Website}} {
		if c.v != "" {
			contacts = append(contacts, c.label+c.v)
		}
	}
	if len(contacts) > 0 {
		d.centered(strings.Join(contacts, " · "), smallSz, "")
	}
	d.f.Ln(6)
	d.centered(strings.ToUpper(p.Title), 12, "B")
	d.f.Ln(1)
	d.centered(p.Cycle, 11, "")
	d.f.Ln(4)

	if len(p.Premises) > 0 {
		for _, x := range p.Premises {
			d.bullet(premiseText(&x))
		}
		d.f.Ln(2)
	}
	paragraphs(d, p.Body)

	if !p.Deadline.IsZero() {
		text := "Entro " + locale.DateTime(p.Deadline)
		if p.RegistrationEmail != "" {
			text += ", all'indirizzo " + p.RegistrationEmail
		}
		d.box("Scadenza per la manifestazione di interesse", text+".")
	}

	d.heading("Calendario del percorso", 12)
	for _, ph := range p.Phases {
		d.heading(ph.Name(), 11)
		if !ph.StartsOn.IsZero() {
			d.styled(locale.DateRange(ph.StartsOn, ph.EndsOn), "I", "L")
		}
		paragraphs(d, ph.Description)
		calendarTable(d, p, p.PhaseMeetings(ph.ID))
	}
	if ms := p.PhaseMeetings(0); len(ms) > 0 {
		if len(p.Phases) > 0 {
			d.heading("Altri incontri", 11)
		}
		calendarTable(d, p, ms)
	}
	paragraphs(d, p.VenueNote)

	if p.Participation != "" || p.RegistrationRules != "" {
		d.heading("Come partecipare", 12)
		paragraphs(d, p.Participation)
		paragraphs(d, p.RegistrationRules)
	}

	d.f.Ln(4)
	if p.SignedPlace != "" {
		place := p.SignedPlace
		if !p.SignedOn.IsZero() {
			place += ", " + locale.MediumDate(p.SignedOn)
		}
		d.styled(place, "", "L")
		d.f.Ln(4)
	}
	for _, sg := range p.Signatories {
		d.needs(3 * lineH)
		d.styled(sg.Role, "", "R")
		d.styled(sg.Name, "B", "R")
		d.f.Ln(3)
	}
	d.f.Ln(4)
	d.f.SetFont("Helvetica", "I", smallSz)
	note := "Documento generato il " + locale.DateTime(generated) + "."
	if url != "" {
		note += " Versione aggiornata: " + url
	}
	d.f.MultiCell(bodyW, 4, d.tr(note), "", "L", false)
	return d.bytes()
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
			for _, l := range lines {
				d.bullet(strings.TrimPrefix(strings.TrimSpace(l), "- "))
			}
			d.f.Ln(1)
			continue
		}
		d.para(strings.Join(strings.Fields(block), " "))
	}
}

func calendarTable(d *pdfDoc, p *pdz.Process, ms []pdz.Meeting) {
	if len(ms) == 0 {
		return
	}
	var rows [][]string
	for _, m := range ms {
		areas := areaTitles(m.Areas)
		for _, c := range p.Children(m.ID) {
			line := "– " + c.Name()
			if len(c.Areas) > 0 {
				line += ": " + areaTitles(c.Areas)
			}
			areas = strings.TrimSpace(areas + "\n" + line)
		}
		rows = append(rows, []string{m.Name(), locale.DateRange(m.Date, m.EndDate), locale.Clock(m.StartTime), locale.Clock(m.EndTime), m.Venue(), areas})
	}
	d.table([]float64{30, 30, 13, 13, 42, 46}, []string{"Incontro", "Data", "Dalle ore", "Alle ore", "Luogo", "Aree tematiche"}, rows)
}

func areaTitles(as []pdz.Area) string {
	var ts []string
	for _, a := range as {
		ts = append(ts, a.Title)
	}
	return strings.Join(ts, "; ")
}
