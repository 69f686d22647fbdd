package document

import (
	"sort"
	"strings"
	"time"

	"github.com/pdz-ats/pdz/internal/locale"
	"github.com/pdz-ats/pdz/internal/pdz"
)

// The dated log of a participatory path (cronologia del percorso), as the
// introduction of a Piano Sociale di Zona tells it (seed 003): the meetings
// of the process and the sessions of the bodies that belong to it, in date
// order, grouped by phase where the meetings have one, each written as a
// sentence that starts with the date:
//
//	Mercoledì 2 novembre 2022: nella seduta del Coordinamento Istituzionale,
//	convocato con prot. n. 39763 del 28/10/2022, viene costituito l'Ufficio di Piano.
//
// The same structure feeds the public page, the API, the plain text and the PDF.

// ChronologyTitle is the log's heading, the one of seed 003's introduction.
const ChronologyTitle = "Il percorso di concertazione e di programmazione partecipata"

// Chronology is the dated log of one process.
type Chronology struct {
	Groups []ChronologyGroup
}

// ChronologyGroup is a run of consecutive entries of one phase; Phase is
// nil for entries outside any phase (the sessions of the bodies, meetings
// without a phase).
type ChronologyGroup struct {
	Phase   *pdz.Phase
	Entries []ChronologyEntry
}

// ChronologyEntry is one dated step: a meeting (with the sessions of bodies
// held during it) or a session of a body.
type ChronologyEntry struct {
	Date    pdz.Date
	EndDate pdz.Date
	When    string   // "Mercoledì 2 novembre 2022"
	Text    string   // what follows "When: "; ends with ":" when Items follow
	Items   []string // the decisions, when a session took several
	Meeting *pdz.Meeting
	// Sessions are the sessions the entry tells: the one of a session
	// entry, or those held during the meeting. Each has its Body.
	Sessions []*pdz.BodySession
}

// Line is the entry's first line: "Mercoledì 2 novembre 2022: nella seduta …".
func (e *ChronologyEntry) Line() string { return e.When + ": " + e.Text }

// Len is the number of entries.
func (c *Chronology) Len() int {
	n := 0
	for _, g := range c.Groups {
		n += len(g.Entries)
	}
	return n
}

// NewChronology builds the log of process p from its meetings and from
// sessions, the published sessions of the bodies that belong to it (each
// with its Body, as Store.ProcessSessions returns them). Focus groups and
// tables held inside another meeting are told by that meeting's entry.
func NewChronology(p *pdz.Process, sessions []pdz.BodySession) Chronology {
	linked := map[int64][]*pdz.BodySession{}
	var entries []ChronologyEntry
	var alone []*pdz.BodySession
	for i := range sessions {
		x := &sessions[i]
		if x.Body == nil {
			continue
		}
		m := p.Meeting(x.MeetingID)
		if m != nil && m.ParentID != 0 {
			m = p.Meeting(m.ParentID)
		}
		if m == nil {
			alone = append(alone, x)
			continue
		}
		linked[m.ID] = append(linked[m.ID], x)
	}
	for i := range p.Meetings {
		m := &p.Meetings[i]
		if m.ParentID != 0 {
			continue
		}
		entries = append(entries, meetingEntry(m, linked[m.ID]))
	}
	for _, x := range alone {
		entries = append(entries, sessionEntry(x))
	}
	// Meetings come sorted; on the same day a meeting precedes the sessions
	// held apart from it.
	sort.SliceStable(entries, func(i, j int) bool { return entries[i].Date.Before(entries[j].Date) })

	var c Chronology
	for _, e := range entries {
		var phaseID int64
		if e.Meeting != nil {
			phaseID = e.Meeting.PhaseID
		}
		n := len(c.Groups)
		if n == 0 || groupPhaseID(&c.Groups[n-1]) != phaseID {
			c.Groups = append(c.Groups, ChronologyGroup{Phase: p.Phase(phaseID)})
			n++
		}
		c.Groups[n-1].Entries = append(c.Groups[n-1].Entries, e)
	}
	return c
}

func groupPhaseID(g *ChronologyGroup) int64 {
	if g.Phase == nil {
		return 0
	}
	return g.Phase.ID
}

func when(from, to pdz.Date) string { return pdz.UpperFirst(locale.DateRange(from, to)) }

// meetingEntry tells a meeting: its name, who was invited, and what the
// sessions of bodies held during it decided.
func meetingEntry(m *pdz.Meeting, sessions []*pdz.BodySession) ChronologyEntry {
	e := ChronologyEntry{Date: m.Date, EndDate: m.EndDate, When: when(m.Date, m.EndDate), Meeting: m, Sessions: sessions}
	text := sentence(m.Name())
	if m.Invited != "" {
		text += " Invitati: " + sentence(m.Invited)
	}
	for _, x := range sessions {
		b := x.Body
		if conv := x.Convocation(b); conv != "" || len(x.Acts) == 0 {
			head := "Seduta " + x.BodyOf(b)
			if conv != "" {
				head += ", " + conv
			}
			text += " " + sentence(head)
		}
		for _, a := range x.Acts {
			text += " " + pdz.UpperFirst(sentence(actPhrase(&a)))
		}
	}
	e.Text = text
	return e
}

// sessionEntry tells a session held apart from the meetings: "nella seduta
// del …, convocato con prot. n. … del …, <what it decided>".
func sessionEntry(x *pdz.BodySession) ChronologyEntry {
	b := x.Body
	e := ChronologyEntry{Date: x.Date, When: when(x.Date, pdz.Date{}), Sessions: []*pdz.BodySession{x}}
	head := "nella seduta " + x.BodyOf(b)
	if conv := x.Convocation(b); conv != "" {
		head += ", " + conv
	}
	switch len(x.Acts) {
	case 0:
		if items := x.AgendaItems(); len(items) > 0 {
			e.Text = head + ", con il seguente ordine del giorno:"
			e.Items = listItems(items)
		} else {
			e.Text = sentence(head)
		}
	case 1:
		e.Text = head + ", " + pdz.LowerFirst(sentence(actPhrase(&x.Acts[0])))
	default:
		e.Text = head + ":"
		var items []string
		for _, a := range x.Acts {
			items = append(items, actPhrase(&a))
		}
		e.Items = listItems(items)
	}
	return e
}

// actPhrase is what an act says in the log: its subject, and its reference
// when it has a number: "… (Deliberazione n. 71 del 07/12/2022)".
func actPhrase(a *pdz.Act) string {
	s := trimPunct(a.Subject)
	if ref := a.Reference(); ref != "" {
		s += " (" + ref + ")"
	}
	return s
}

// listItems ends every item with ";" and the last with ".", as the seed does.
func listItems(items []string) []string {
	out := make([]string, len(items))
	for i, it := range items {
		end := ";"
		if i == len(items)-1 {
			end = "."
		}
		out[i] = trimPunct(it) + end
	}
	return out
}

// trimPunct collapses spaces and drops the final punctuation.
func trimPunct(s string) string {
	return strings.TrimRight(strings.Join(strings.Fields(s), " "), ".;:, ")
}

// sentence ends s with a full stop.
func sentence(s string) string {
	s = trimPunct(s)
	if s == "" {
		return s
	}
	return s + "."
}

// PlainText is the log as UTF-8 text ready to paste into the plan document:
// the heading, then every entry as a paragraph, phase names as headings,
// decisions as "- " lines.
func (c *Chronology) PlainText(a *pdz.Ambito, p *pdz.Process) string {
	var b strings.Builder
	b.WriteString(a.Name + "\n" + p.Cycle + "\n\n" + strings.ToUpper(ChronologyTitle) + "\n\n")
	for _, g := range c.Groups {
		if g.Phase != nil {
			b.WriteString(g.Phase.Name() + "\n\n")
		}
		for _, e := range g.Entries {
			b.WriteString(e.Line() + "\n")
			for _, it := range e.Items {
				b.WriteString("- " + it + "\n")
			}
			b.WriteString("\n")
		}
	}
	return b.String()
}

// ChronologyPDF renders the log: the Ambito's heading, the title, the
// entries by phase, and the generation date with the public address.
func ChronologyPDF(a *pdz.Ambito, p *pdz.Process, c *Chronology, url string, generated time.Time) ([]byte, error) {
	d := newPDF(locale.Title(ChronologyTitle, p.Cycle), a.Name, a.Name+" – "+p.Cycle, generated)
	d.centered("P", strings.ToUpper(a.Name), 13, "B")
	if a.Province != "" {
		d.centered("P", "Provincia di "+a.Province, 10, "")
	}
	d.f.Ln(6)
	d.centered("H1", strings.ToUpper(ChronologyTitle), 12, "B")
	d.f.Ln(1)
	d.centered("P", p.Cycle, 11, "")
	d.f.Ln(4)
	if c.Len() == 0 {
		d.para("Non sono ancora registrati incontri o sedute di questo percorso.")
	}
	for _, g := range c.Groups {
		if g.Phase != nil {
			d.heading(2, g.Phase.Name(), 11)
		}
		for _, e := range g.Entries {
			d.needs(2 * lineH)
			d.mark("P", func() { d.runIn(e.When+": ", e.Text, lineH) })
			d.list(e.Items)
			d.f.Ln(2)
		}
	}
	d.f.Ln(4)
	note := "Documento generato il " + locale.DateTime(generated) + " dalle sedute pubblicate e dal calendario del percorso."
	if url != "" {
		note += " Versione aggiornata: " + url
	}
	d.note(note)
	return d.bytes()
}
