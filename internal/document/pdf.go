package document

import (
	"bytes"
	"strconv"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"
)

// The documents use the PDF core fonts (Helvetica) in the Windows-1252
// encoding, which covers Italian (à è é ì ò ù, €, typographic quotes and
// dashes) and keeps files small; characters outside it are replaced.

const (
	pageW   = 210.0
	margin  = 18.0
	bodyW   = pageW - 2*margin
	lineH   = 5.0
	fontSz  = 10.0
	smallSz = 8.5
)

// pdfDoc wraps fpdf with the few layout primitives the documents need.
type pdfDoc struct {
	f  *fpdf.Fpdf
	tr func(string) string
}

// newPDF starts an A4 document with page numbers in the footer.
func newPDF(title, author, footer string, created time.Time) *pdfDoc {
	f := fpdf.New("P", "mm", "A4", "")
	d := &pdfDoc{f: f, tr: f.UnicodeTranslatorFromDescriptor("cp1252")}
	f.SetMargins(margin, margin, margin)
	f.SetAutoPageBreak(true, margin+4)
	f.SetTitle(title, true)
	f.SetAuthor(author, true)
	f.SetCreator("pdz", true)
	f.SetLang("it-IT")
	if !created.IsZero() {
		f.SetCreationDate(created)
		f.SetModificationDate(created)
	}
	f.AliasNbPages("{nb}")
	f.SetFooterFunc(func() {
		f.SetY(-margin)
		f.SetFont("Helvetica", "", smallSz)
		f.SetTextColor(90, 90, 90)
		f.CellFormat(bodyW/2, 4, d.tr(footer), "", 0, "L", false, 0, "")
		f.CellFormat(bodyW/2, 4, d.tr("Pagina ")+strconv.Itoa(f.PageNo())+" di {nb}", "", 0, "R", false, 0, "")
		f.SetTextColor(0, 0, 0)
	})
	f.AddPage()
	f.SetFont("Helvetica", "", fontSz)
	return d
}

// bytes returns the finished PDF.
func (d *pdfDoc) bytes() ([]byte, error) {
	var b bytes.Buffer
	if err := d.f.Output(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// centered writes a line of centred text.
func (d *pdfDoc) centered(s string, size float64, style string) {
	d.f.SetFont("Helvetica", style, size)
	d.f.MultiCell(bodyW, size*0.5, d.tr(s), "", "C", false)
	d.f.SetFont("Helvetica", "", fontSz)
}

// heading writes a section heading, keeping it with the next lines.
func (d *pdfDoc) heading(s string, size float64) {
	d.needs(size*0.5 + 3*lineH)
	d.f.Ln(3)
	d.f.SetFont("Helvetica", "B", size)
	d.f.MultiCell(bodyW, size*0.5, d.tr(s), "", "L", false)
	d.f.SetFont("Helvetica", "", fontSz)
	d.f.Ln(1)
}

// para writes a justified paragraph.
func (d *pdfDoc) para(s string) {
	if strings.TrimSpace(s) == "" {
		return
	}
	d.f.SetFont("Helvetica", "", fontSz)
	d.f.MultiCell(bodyW, lineH, d.tr(s), "", "J", false)
	d.f.Ln(1.5)
}

// styled writes a paragraph in a given style and alignment.
func (d *pdfDoc) styled(s, style, align string) {
	d.f.SetFont("Helvetica", style, fontSz)
	d.f.MultiCell(bodyW, lineH, d.tr(s), "", align, false)
	d.f.SetFont("Helvetica", "", fontSz)
}

// bullet writes a list item.
func (d *pdfDoc) bullet(s string) {
	d.f.SetFont("Helvetica", "", fontSz)
	x := d.f.GetX()
	d.f.CellFormat(5, lineH, d.tr("•"), "", 0, "L", false, 0, "")
	d.f.MultiCell(bodyW-5, lineH, d.tr(s), "", "J", false)
	d.f.SetX(x)
	d.f.Ln(0.5)
}

// box writes text in a framed, shaded box.
func (d *pdfDoc) box(title, text string) {
	lines := len(d.f.SplitText(d.tr(text), bodyW-6)) + 1
	d.needs(float64(lines)*lineH + 8)
	d.f.SetFillColor(235, 242, 250)
	d.f.SetDrawColor(0, 102, 204)
	y := d.f.GetY()
	d.f.Rect(margin, y, bodyW, float64(lines)*lineH+6, "FD")
	d.f.SetXY(margin+3, y+3)
	d.f.SetFont("Helvetica", "B", fontSz)
	d.f.MultiCell(bodyW-6, lineH, d.tr(title), "", "L", false)
	d.f.SetX(margin + 3)
	d.f.SetFont("Helvetica", "", fontSz)
	d.f.MultiCell(bodyW-6, lineH, d.tr(text), "", "L", false)
	d.f.SetY(y + float64(lines)*lineH + 9)
	d.f.SetDrawColor(0, 0, 0)
}

// needs starts a new page unless h millimetres are left on this one.
func (d *pdfDoc) needs(h float64) {
	_, pageH := d.f.GetPageSize()
	_, _, _, bottom := d.f.GetMargins()
	if d.f.GetY()+h > pageH-bottom-4 {
		d.f.AddPage()
	}
}

// table draws rows with a header repeated on every page; cells wrap.
func (d *pdfDoc) table(widths []float64, header []string, rows [][]string) {
	drawRow := func(cells []string, bold bool, fill bool) {
		style := ""
		if bold {
			style = "B"
		}
		d.f.SetFont("Helvetica", style, smallSz)
		h := 0.0
		for i, c := range cells {
			n := len(d.f.SplitText(d.tr(c), widths[i]-2))
			if n == 0 {
				n = 1
			}
			if hh := float64(n)*4.2 + 2; hh > h {
				h = hh
			}
		}
		d.needs(h)
		if d.f.GetY() < margin+1 && !bold { // new page: repeat the header
			d.rowAt(widths, header, "B", true, d.headerHeight(widths, header))
		}
		d.rowAt(widths, cells, style, fill, h)
	}
	d.f.SetFillColor(220, 230, 242)
	drawRow(header, true, true)
	for _, r := range rows {
		drawRow(r, false, false)
	}
	d.f.SetFont("Helvetica", "", fontSz)
	d.f.Ln(2)
}

func (d *pdfDoc) headerHeight(widths []float64, cells []string) float64 {
	d.f.SetFont("Helvetica", "B", smallSz)
	h := 0.0
	for i, c := range cells {
		if hh := float64(len(d.f.SplitText(d.tr(c), widths[i]-2)))*4.2 + 2; hh > h {
			h = hh
		}
	}
	return h
}

func (d *pdfDoc) rowAt(widths []float64, cells []string, style string, fill bool, h float64) {
	d.f.SetFont("Helvetica", style, smallSz)
	x, y := margin, d.f.GetY()
	for i, c := range cells {
		if fill {
			d.f.SetFillColor(220, 230, 242)
			d.f.Rect(x, y, widths[i], h, "FD")
		} else {
			d.f.Rect(x, y, widths[i], h, "D")
		}
		d.f.SetXY(x+1, y+1)
		d.f.MultiCell(widths[i]-2, 4.2, d.tr(c), "", "L", false)
		x += widths[i]
	}
	d.f.SetXY(margin, y+h)
}
