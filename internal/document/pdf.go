package document

import (
	"bytes"
	"strconv"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"github.com/pdz-ats/pdz/internal/document/tagged"
)

// The documents use the PDF core fonts (Helvetica) in the Windows-1252
// encoding, which covers Italian (à è é ì ò ù, €, typographic quotes and
// dashes) and keeps files small; characters outside it are replaced.
//
// Every document is a tagged PDF: each primitive below draws its content
// as marked content of a structure element (a heading, a paragraph, a
// table cell, a figure with its alternative text), rules and frames and
// the page footer as artifacts, and bytes() adds the structure tree with
// package tagged. A primitive that draws outside mark, artifact or a
// primitive leaves untagged content: there is none in this package.

const (
	pageW   = 210.0
	margin  = 18.0
	bodyW   = pageW - 2*margin
	lineH   = 5.0
	fontSz  = 10.0
	smallSz = 8.5
	cellLH  = 4.2 // line height in table cells
)

// pdfDoc wraps fpdf with the few layout primitives the documents need.
type pdfDoc struct {
	f    *fpdf.Fpdf
	tr   func(string) string
	tags *tagged.Tree
	// The marked content being drawn: an element's, or an artifact. A page
	// break ends it on the old page and starts it again on the new one.
	open *tagged.Elem
	art  bool
}

// newPDF starts an A4 document with page numbers in the footer. title is
// what viewers show in their title bar.
func newPDF(title, author, footer string, created time.Time) *pdfDoc {
	f := fpdf.New("P", "mm", "A4", "")
	d := &pdfDoc{f: f, tr: f.UnicodeTranslatorFromDescriptor("cp1252"), tags: tagged.NewTree()}
	f.SetMargins(margin, margin, margin)
	f.SetAutoPageBreak(true, margin+4)
	f.SetTitle(title, true)
	f.SetAuthor(author, true)
	f.SetCreator("pdz", true)
	if !created.IsZero() {
		f.SetCreationDate(created)
		f.SetModificationDate(created)
	}
	f.AliasNbPages("{nb}")
	f.SetHeaderFunc(d.resume)
	f.SetFooterFunc(func() {
		d.suspend()
		d.raw(tagged.PaginationArtifact("Footer"))
		f.SetY(-margin)
		f.SetFont("Helvetica", "", smallSz)
		f.SetTextColor(90, 90, 90)
		f.CellFormat(bodyW/2, 4, d.tr(footer), "", 0, "L", false, 0, "")
		f.CellFormat(bodyW/2, 4, d.tr("Pagina ")+strconv.Itoa(f.PageNo())+" di {nb}", "", 0, "R", false, 0, "")
		f.SetTextColor(0, 0, 0)
		d.raw(tagged.End)
	})
	f.AddPage()
	f.SetFont("Helvetica", "", fontSz)
	return d
}

// bytes returns the finished, tagged PDF.
func (d *pdfDoc) bytes() ([]byte, error) {
	var b bytes.Buffer
	if err := d.f.Output(&b); err != nil {
		return nil, err
	}
	return tagged.Write(b.Bytes(), d.tags, "it-IT")
}

func (d *pdfDoc) raw(op string) { d.f.RawWriteStr(op) }

// mark draws the content of a new element of type typ, child of the
// current container.
func (d *pdfDoc) mark(typ string, draw func()) *tagged.Elem {
	e := d.tags.Add(typ)
	if d.open != nil || d.art {
		panic("document: marked content cannot nest")
	}
	d.open = e
	d.raw(d.tags.Begin(e, d.f.PageNo()))
	draw()
	d.raw(tagged.End)
	d.open = nil
	return e
}

// artifact draws what is not text: rules, frames, a repeated header. op
// opens it (tagged.Artifact or tagged.PaginationArtifact).
func (d *pdfDoc) artifact(op string, draw func()) {
	if d.open != nil || d.art {
		panic("document: marked content cannot nest")
	}
	d.art = true
	d.raw(op)
	draw()
	d.raw(tagged.End)
	d.art = false
}

// group opens a container element (a list, a table, a row) for what fill
// draws.
func (d *pdfDoc) group(typ string, fill func()) *tagged.Elem {
	e := d.tags.Open(typ)
	fill()
	d.tags.Close()
	return e
}

// suspend ends the open marked content before the page closes; resume
// starts it again on the new page (as a new run of the same element).
func (d *pdfDoc) suspend() {
	if d.open != nil || d.art {
		d.raw(tagged.End)
	}
}

func (d *pdfDoc) resume() {
	switch {
	case d.open != nil:
		d.raw(d.tags.Begin(d.open, d.f.PageNo()))
	case d.art:
		d.raw(tagged.Artifact)
	}
}

// centered writes a line of centred text as an element of type typ.
func (d *pdfDoc) centered(typ, s string, size float64, style string) {
	d.mark(typ, func() {
		d.f.SetFont("Helvetica", style, size)
		d.text(bodyW, size*0.5, s, "C")
		d.f.SetFont("Helvetica", "", fontSz)
	})
}

// heading writes a heading of level (2 for sections, 3 below), keeping it
// with the next lines.
func (d *pdfDoc) heading(level int, s string, size float64) {
	d.needs(size*0.5 + 3*lineH)
	d.f.Ln(3)
	d.mark("H"+strconv.Itoa(level), func() {
		d.f.SetFont("Helvetica", "B", size)
		d.text(bodyW, size*0.5, s, "L")
		d.f.SetFont("Helvetica", "", fontSz)
	})
	d.f.Ln(1)
}

// para writes a justified paragraph.
func (d *pdfDoc) para(s string) {
	if strings.TrimSpace(s) == "" {
		return
	}
	d.mark("P", func() {
		d.f.SetFont("Helvetica", "", fontSz)
		d.text(bodyW, lineH, s, "J")
	})
	d.f.Ln(1.5)
}

// paraAt writes a left-aligned paragraph w wide from the current position,
// in Helvetica of style and size, with lines lh apart: the blocks beside a
// QR code and inside boxes.
func (d *pdfDoc) paraAt(w, lh float64, style string, size float64, s string) {
	d.mark("P", func() {
		d.f.SetFont("Helvetica", style, size)
		d.text(w, lh, s, "L")
	})
}

// shade draws the frame of a highlighted box (an artifact: the text inside
// is the content) from y, h high, across the body.
func (d *pdfDoc) shade(y, h float64) {
	d.artifact(tagged.Artifact, func() {
		d.f.SetFillColor(235, 242, 250)
		d.f.SetDrawColor(0, 102, 204)
		d.f.Rect(margin, y, bodyW, h, "FD")
		d.f.SetDrawColor(0, 0, 0)
	})
}

// styled writes a paragraph in a given style and alignment.
func (d *pdfDoc) styled(s, style, align string) {
	d.mark("P", func() {
		d.f.SetFont("Helvetica", style, fontSz)
		d.text(bodyW, lineH, s, align)
		d.f.SetFont("Helvetica", "", fontSz)
	})
}

// note writes the small italic closing note of a document.
func (d *pdfDoc) note(s string) {
	d.mark("P", func() {
		d.f.SetFont("Helvetica", "I", smallSz)
		d.text(bodyW, 4, s, "L")
		d.f.SetFont("Helvetica", "", fontSz)
	})
}

// list writes a bulleted list.
func (d *pdfDoc) list(items []string) {
	if len(items) == 0 {
		return
	}
	d.group("L", func() {
		for _, s := range items {
			d.needs(lineH)
			d.group("LI", func() {
				d.f.SetFont("Helvetica", "", fontSz)
				x := d.f.GetX()
				d.mark("Lbl", func() { d.f.CellFormat(5, lineH, d.tr("•"), "", 0, "L", false, 0, "") })
				d.mark("LBody", func() { d.text(bodyW-5, lineH, s, "J") })
				d.f.SetX(x)
				d.f.Ln(0.5)
			})
		}
	})
}

// box writes text in a framed, shaded box.
func (d *pdfDoc) box(title, text string) {
	d.f.SetFont("Helvetica", "", fontSz)
	lines := d.lineCount(text, bodyW-6) + 1
	h := float64(lines)*lineH + 6
	d.needs(h + 2)
	y := d.f.GetY()
	d.group("Div", func() {
		d.shade(y, h)
		d.f.SetXY(margin+3, y+3)
		d.paraAt(bodyW-6, lineH, "B", fontSz, title)
		d.f.SetX(margin + 3)
		d.paraAt(bodyW-6, lineH, "", fontSz, text)
	})
	d.f.SetY(y + h + 3)
}

// fits reports whether h millimetres are left on this page.
func (d *pdfDoc) fits(h float64) bool {
	_, pageH := d.f.GetPageSize()
	_, _, _, bottom := d.f.GetMargins()
	return d.f.GetY()+h <= pageH-bottom-4
}

// needs starts a new page unless h millimetres are left on this one.
func (d *pdfDoc) needs(h float64) {
	if !d.fits(h) {
		d.f.AddPage()
	}
}

// pageRoom is the height available on an empty page.
func (d *pdfDoc) pageRoom() float64 {
	_, pageH := d.f.GetPageSize()
	_, top, _, bottom := d.f.GetMargins()
	return pageH - top - bottom - 4
}

// textHeight is the height of s wrapped at width w with line height lh in
// the current font.
func (d *pdfDoc) textHeight(s string, w, lh float64) float64 {
	if strings.TrimSpace(s) == "" {
		return 0
	}
	return float64(d.lineCount(s, w)) * lh
}
