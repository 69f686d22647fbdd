package document

import (
	"strings"

	"github.com/pdz-ats/pdz/internal/document/tagged"
)

// Tables break across pages the way a printed notice for the Albo
// pretorio should: the header row is repeated at the top of every page the
// table continues on (as a pagination artifact: it is read once), a header
// is never left alone at the bottom of a page (it moves to the next page
// with the first rows), and a row stays on the page together with the rows
// nested in it (the focus groups of a meeting) whenever they fit on one.

// pdfTable is a table to draw.
type pdfTable struct {
	widths []float64
	header []string
	groups [][]pdfRow // a row and the rows nested in it
	minH   float64    // minimum row height (room to sign)
}

// pdfRow is a row of cells, one per column, or, when span, a nested row:
// one cell across the whole width, indented.
type pdfRow struct {
	cells []string
	span  bool
}

const spanIndent = 6.0

// simpleTable is a table of plain rows.
func simpleTable(widths []float64, header []string, rows [][]string) *pdfTable {
	t := &pdfTable{widths: widths, header: header}
	for _, r := range rows {
		t.groups = append(t.groups, []pdfRow{{cells: r}})
	}
	return t
}

// table draws rows under a header.
func (d *pdfDoc) table(widths []float64, header []string, rows [][]string) {
	d.drawTable(simpleTable(widths, header, rows))
}

func (d *pdfDoc) rowHeight(t *pdfTable, r pdfRow, bold bool) float64 {
	style := ""
	if bold {
		style = "B"
	}
	d.f.SetFont("Helvetica", style, smallSz)
	if r.span {
		return d.textHeight(r.cells[0], bodyW-spanIndent-2, cellLH) + 1.6
	}
	h := t.minH
	for i, c := range r.cells {
		h = max(h, float64(d.lineCount(c, t.widths[i]-2))*cellLH+2)
	}
	return h
}

// groupHeight is the height a group needs on one page: all of it, or, if
// it cannot fit on any page, its first row.
func (d *pdfDoc) groupHeight(t *pdfTable, g []pdfRow) float64 {
	total := 0.0
	for _, r := range g {
		total += d.rowHeight(t, r, false)
	}
	if total > d.pageRoom()-d.rowHeight(t, pdfRow{cells: t.header}, true) {
		return d.rowHeight(t, g[0], false)
	}
	return total
}

// tableStart is the height the table needs where it starts: its header
// and first group.
func (d *pdfDoc) tableStart(t *pdfTable) float64 {
	h := d.rowHeight(t, pdfRow{cells: t.header}, true)
	if len(t.groups) > 0 {
		h += d.groupHeight(t, t.groups[0])
	}
	return h
}

func (d *pdfDoc) drawTable(t *pdfTable) {
	headH := d.rowHeight(t, pdfRow{cells: t.header}, true)
	newPage := func() {
		d.f.AddPage()
		d.artifact(tagged.PaginationArtifact(""), func() { d.drawRow(t, pdfRow{cells: t.header}, headH, true, nil) })
	}
	d.group("Table", func() {
		d.needs(d.tableStart(t))
		d.group("TR", func() {
			d.drawRow(t, pdfRow{cells: t.header}, headH, true, func(draw func()) { d.mark("TH", draw).Scope = "Column" })
		})
		for _, g := range t.groups {
			if !d.fits(d.groupHeight(t, g)) {
				newPage()
			}
			for _, r := range g {
				h := d.rowHeight(t, r, false)
				if !d.fits(h) {
					newPage()
				}
				d.group("TR", func() {
					d.drawRow(t, r, h, false, func(draw func()) {
						e := d.mark("TD", draw)
						if r.span {
							e.ColSpan = len(t.widths)
						}
					})
				})
			}
		}
	})
	d.f.SetFont("Helvetica", "", fontSz)
	d.f.Ln(2)
}

// drawRow draws a row of height h at the current position: each cell's
// frame as an artifact, its text through cell (which marks it), or, when
// cell is nil, everything in the artifact already open.
func (d *pdfDoc) drawRow(t *pdfTable, r pdfRow, h float64, header bool, cell func(draw func())) {
	style := ""
	if header {
		style = "B"
	}
	x, y := margin, d.f.GetY()
	frame := func(x, w float64) {
		if header {
			d.f.SetFillColor(220, 230, 242)
			d.f.Rect(x, y, w, h, "FD")
			return
		}
		d.f.Rect(x, y, w, h, "D")
	}
	framed := func(x, w float64) {
		if cell == nil {
			frame(x, w)
			return
		}
		d.artifact(tagged.Artifact, func() { frame(x, w) })
	}
	text := func(x, w float64, s string) {
		draw := func() {
			d.f.SetFont("Helvetica", style, smallSz)
			d.f.SetXY(x+1, y+1)
			d.text(w-2, cellLH, s, "L")
		}
		if cell == nil {
			draw()
			return
		}
		cell(draw)
	}
	if r.span {
		framed(margin, bodyW)
		text(margin+spanIndent, bodyW-spanIndent, r.cells[0])
	} else {
		for i, c := range r.cells {
			framed(x, t.widths[i])
			text(x, t.widths[i], c)
			x += t.widths[i]
		}
	}
	d.f.SetXY(margin, y+h)
}

// autoWidths shares the body's width among columns the way browsers lay
// out an automatic table: a column gets at least its longest word (its
// longest line when nowrap) and the rest of the width goes to each column
// in proportion to how much more its longest line wants.
func (d *pdfDoc) autoWidths(header []string, rows [][]string, nowrap []bool) []float64 {
	n := len(header)
	minW, maxW := make([]float64, n), make([]float64, n)
	measure := func(i int, s string, style string) {
		d.f.SetFont("Helvetica", style, smallSz)
		for _, line := range strings.Split(s, "\n") {
			maxW[i] = max(maxW[i], d.f.GetStringWidth(d.tr(line))+4.5)
			for _, w := range strings.Fields(line) {
				minW[i] = max(minW[i], d.f.GetStringWidth(d.tr(w))+4.5)
			}
		}
	}
	for i, h := range header {
		measure(i, h, "B")
	}
	for _, r := range rows {
		for i, c := range r {
			measure(i, c, "")
		}
	}
	var sumMin, sumMax float64
	for i := range n {
		if nowrap[i] {
			minW[i] = maxW[i]
		}
		sumMin += minW[i]
		sumMax += maxW[i]
	}
	out := make([]float64, n)
	for i := range n {
		switch {
		case sumMax <= bodyW:
			out[i] = maxW[i] * bodyW / sumMax
		case sumMin >= bodyW || sumMax == sumMin:
			out[i] = minW[i] * bodyW / sumMin
		default:
			out[i] = minW[i] + (bodyW-sumMin)*(maxW[i]-minW[i])/(sumMax-sumMin)
		}
	}
	return out
}
