package web

import (
	"bytes"
	"html/template"
	"mime"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/pdz-ats/pdz/internal/document"
	"github.com/pdz-ats/pdz/internal/locale"
	"github.com/pdz-ats/pdz/internal/pdz"
	"github.com/pdz-ats/pdz/internal/spreadsheet"
)

// What the pages of the tables share: addresses, breadcrumbs, loading the
// meeting of a route, the public names of people and organisations.

func tablesURL(a *pdz.Ambito, p *pdz.Process) string { return processAdminURL(a, p) + "/tavoli" }

func meetingAdminURL(a *pdz.Ambito, p *pdz.Process, m *pdz.Meeting) string {
	return processAdminURL(a, p) + "/incontri/" + strconv.FormatInt(m.ID, 10)
}

func proposalAdminURL(a *pdz.Ambito, p *pdz.Process, id int64) string {
	return processAdminURL(a, p) + "/proposte/" + strconv.FormatInt(id, 10)
}

func proposalPublicURL(a *pdz.Ambito, p *pdz.Process, id int64) string {
	return processBase(a, p) + "/proposte/" + strconv.FormatInt(id, 10)
}

// tablesCrumbs starts the breadcrumb trail of the tables of a process.
func tablesCrumbs(a *pdz.Ambito, p *pdz.Process, more ...Crumb) []Crumb {
	return ambitoCrumbs(a, append([]Crumb{{p.Cycle, processAdminURL(a, p)}, {"Tavoli", tablesURL(a, p)}}, more...)...)
}

// meetingOf loads the process {pid} and its meeting {mid}.
func (s *Server) meetingOf(r *http.Request) (pdz.Process, pdz.Meeting, error) {
	p, err := s.processOf(r)
	if err != nil {
		return p, pdz.Meeting{}, err
	}
	id, err := pathID(r, "mid")
	if err != nil {
		return p, pdz.Meeting{}, err
	}
	m := p.Meeting(id)
	if m == nil {
		return p, pdz.Meeting{}, pdz.Errorf(pdz.ENOTFOUND, "Incontro non trovato.")
	}
	return p, *m, nil
}

// meetingWhen is a meeting's day and times in words.
func meetingWhen(m *pdz.Meeting) string {
	s := locale.DateRange(m.Date, m.EndDate)
	if t := locale.TimeRange(m.StartTime, m.EndTime); t != "" {
		s += ", " + t
	}
	return s
}

// meetingLabel names a meeting with its day, for selects.
func meetingLabel(m *pdz.Meeting) string { return locale.ShortDate(m.Date) + " – " + m.Name() }

// meetingChoices lists a process's meetings for a select.
func meetingChoices(p *pdz.Process, none string) []Option {
	opts := []Option{{"", none}}
	for i := range p.Meetings {
		m := &p.Meetings[i]
		opts = append(opts, Option{strconv.FormatInt(m.ID, 10), meetingLabel(m)})
	}
	return opts
}

// areaPositions maps each area of a process to its position.
func areaPositions(p *pdz.Process) map[int64]int {
	out := map[int64]int{}
	for i, a := range p.Areas {
		out[a.ID] = i
	}
	return out
}

// authorsText names the authors of a proposal as public outputs do.
func authorsText(x *pdz.Proposta) string {
	var out []string
	for i := range x.Authors {
		out = append(out, x.Authors[i].Who.PublicLabel())
	}
	return strings.Join(out, "; ")
}

// staffAuthorsText names the authors of a proposal as the back office
// does: by the names and types they registered with.
func staffAuthorsText(x *pdz.Proposta) string {
	var out []string
	for i := range x.Authors {
		who := x.Authors[i].Who
		if who.Erased() || who.StaffTypeLabel() == "" {
			out = append(out, who.StaffName())
		} else {
			out = append(out, who.StaffName()+" ("+who.StaffTypeLabel()+")")
		}
	}
	return strings.Join(out, "; ")
}

// figureCells are a proposal's estimated number of beneficiaries and cost
// as spreadsheet cells: blank when not given (stored as 0).
func figureCells(x *pdz.Proposta) (beneficiaries, cost spreadsheet.Cell) {
	beneficiaries, cost = spreadsheet.Text(""), spreadsheet.Text("")
	if x.Beneficiaries > 0 {
		beneficiaries = spreadsheet.Int(x.Beneficiaries)
	}
	if x.CostCents > 0 {
		cost = spreadsheet.Money(x.CostCents)
	}
	return beneficiaries, cost
}

// criteriaText states the judgements of an answer in one line.
func criteriaText(c pdz.Criteria) string {
	if c.IsZero() {
		return ""
	}
	var parts []string
	for i, x := range []struct {
		v    pdz.Verdict
		note string
	}{{c.Needs, c.NeedsNote}, {c.Objectives, c.ObjectivesNote}, {c.Resources, c.ResourcesNote}} {
		if x.v == "" && x.note == "" {
			continue
		}
		part := pdz.CriterionNames[i] + ": " + strings.ToLower(x.v.Label())
		if x.note != "" {
			part += " (" + x.note + ")"
		}
		parts = append(parts, part)
	}
	return strings.Join(parts, "; ")
}

// publicPresent names who was at a meeting as published documents do
// (pdz.Registrant): those who may be named, once each, by name; the
// others counted in sentences.
func publicPresent(list []pdz.Attendance) (names, unnamed []string) {
	seen := map[string]bool{}
	orgs, citizens := 0, 0
	for i := range list {
		who := list[i].Who
		switch {
		case !who.Named() && who.IsOrganisation():
			orgs++
		case !who.Named():
			citizens++
		case !seen[who.PublicLabel()]:
			seen[who.PublicLabel()] = true
			names = append(names, who.PublicLabel())
		}
	}
	sort.Slice(names, func(i, j int) bool { return strings.ToLower(names[i]) < strings.ToLower(names[j]) })
	return names, document.UnnamedPresent(orgs, citizens)
}

// qrSVG renders a QR code for a page; "" if the text cannot be encoded.
func qrSVG(text, label string) string {
	svg, err := document.QRSVG(text, label)
	if err != nil {
		return ""
	}
	return svg
}

// sendPDF writes a generated PDF.
func sendPDF(w http.ResponseWriter, name string, b []byte) {
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `inline; filename="`+name+`"`)
	w.Write(b)
}

// sendStoredFile writes a kept file (a signed sheet, minutes or pact) with
// its SHA-256 as ETag, sandboxed.
func sendStoredFile(w http.ResponseWriter, r *http.Request, f pdz.File) {
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Security-Policy", "sandbox; default-src 'none'")
	w.Header().Set("ETag", `"`+f.SHA256+`"`)
	cd := mime.FormatMediaType("attachment", map[string]string{"filename": f.Name})
	if cd == "" {
		cd = `attachment; filename="documento.pdf"`
	}
	w.Header().Set("Content-Disposition", cd)
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(f.Data))
}

// formLocalTime reads a "hh:mm" field as an instant on day d in Rome; an
// empty field gives the zero time.
func formLocalTime(p pdz.Problems, name, v string, d pdz.Date) time.Time {
	if strings.TrimSpace(v) == "" {
		return time.Time{}
	}
	c, err := pdz.ParseClock(v)
	if err != nil || c.IsZero() {
		p.Add(name, "Orario non valido: usa il formato hh:mm (es. 9:30).")
		return time.Time{}
	}
	return d.At(c, locale.Rome)
}

// formDateTime reads a date and a time field as an instant in Rome; both
// empty give the zero time.
func formDateTime(p pdz.Problems, dateName, timeName string, f *Form) time.Time {
	ds, ts := strings.TrimSpace(f.Get(dateName)), strings.TrimSpace(f.Get(timeName))
	if ds == "" && ts == "" {
		return time.Time{}
	}
	d, err := pdz.ParseDate(ds)
	if err != nil || d.IsZero() {
		p.Add(dateName, "Data non valida: usa il formato gg/mm/aaaa.")
		return time.Time{}
	}
	if ts == "" {
		ts = "23:59"
	}
	return formLocalTime(p, timeName, ts, d)
}

func clockValue(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(locale.Rome).Format("15:04")
}

func dateOfValue(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(locale.Rome).Format("2006-01-02")
}

// safeHTML marks markup this program generated (a QR code's SVG, whose
// only text is escaped) as safe for a template.
func safeHTML(s string) template.HTML { return template.HTML(s) }

// tableFuncs are the template functions of the tables' pages.
func tableFuncs() template.FuncMap {
	return template.FuncMap{
		"hhmm":           clockValue,
		"criterionNames": func() [3]string { return pdz.CriterionNames },
		"permille":       func(n int) string { return strconv.Itoa(n/10) + "," + strconv.Itoa(n%10) + "%" },
	}
}
