package document

import (
	"math"
	"strconv"
	"strings"
)

// Text is wrapped here rather than by fpdf's MultiCell for two reasons.
// fpdf's SplitText measures runes while the core fonts are drawn from
// Windows-1252 bytes, so it misjudges "à" or "«" and row heights came out
// short of the text MultiCell then drew. And MultiCell drops the space
// where it breaks a line, so a screen reader or a copy of the text read
// "dellePolitiche": here a line broken at a space keeps it (invisible at
// the end of the line), and justified lines get their word spacing with
// the Tw operator.

// wrap splits s into lines at width w in the current font, the way
// MultiCell does: at the last space that fits, or inside a word longer
// than the line. soft[i] reports a line broken at a space.
func (d *pdfDoc) wrap(s string, w float64) (lines []string, soft []bool) {
	return d.wrapAfter(s, w, w)
}

// wrapAfter is wrap with a first line first wide (what is left of a line
// already begun).
func (d *pdfDoc) wrapAfter(s string, first, w float64) (lines []string, soft []bool) {
	b := strings.TrimSuffix(strings.ReplaceAll(d.tr(s), "\r", ""), "\n")
	_, size := d.f.GetFontSize()
	units := func(w float64) int { return int(math.Ceil((w - 2*d.f.GetCellMargin()) * 1000 / size)) }
	wmax := units(first)
	var cw [256]int
	for c := range cw {
		cw[c] = d.f.GetStringSymbolWidth(string([]byte{byte(c)}))
	}
	i, j, sep, l := 0, 0, -1, 0
	for i < len(b) {
		c := b[i]
		if c == '\n' {
			lines, soft = append(lines, b[j:i]), append(soft, false)
			i++
			j, sep, l, wmax = i, -1, 0, units(w)
			continue
		}
		if c == ' ' {
			sep = i
		}
		l += cw[c]
		if l <= wmax {
			i++
			continue
		}
		if sep == -1 {
			if i == j && (len(lines) > 0 || first == w) {
				i++
			}
			lines, soft = append(lines, b[j:i]), append(soft, false)
		} else {
			lines, soft = append(lines, b[j:sep]), append(soft, true)
			i = sep + 1
		}
		j, sep, l, wmax = i, -1, 0, units(w)
	}
	if j < len(b) || len(lines) == 0 {
		lines, soft = append(lines, b[j:]), append(soft, false)
	}
	return lines, soft
}

// text writes s wrapped at width w from the current position, lh apart,
// aligned "L", "C", "R" or "J" (justified but for the last line of a
// paragraph), and leaves the position at the left margin under it, as
// MultiCell does.
func (d *pdfDoc) text(w, lh float64, s, align string) {
	lines, soft := d.wrap(s, w)
	x := d.f.GetX()
	cm := d.f.GetCellMargin()
	k := d.f.GetConversionRatio()
	for i, line := range lines {
		lineW := d.f.GetStringWidth(line)
		free := w - 2*cm - lineW
		t := line
		if soft[i] {
			t += " " // a separator for text extraction; nothing to see
		}
		d.f.SetX(x)
		switch {
		case align == "J" && soft[i] && strings.Count(line, " ") > 0:
			d.raw(strconv.FormatFloat(free/float64(strings.Count(line, " "))*k, 'f', 3, 64) + " Tw")
			d.f.CellFormat(w, lh, t, "", 2, "L", false, 0, "")
			d.raw("0 Tw")
		case align == "C":
			d.f.SetX(x + free/2)
			d.f.CellFormat(w-free/2, lh, t, "", 2, "L", false, 0, "")
		case align == "R":
			d.f.SetX(x + free)
			d.f.CellFormat(w-free, lh, t, "", 2, "L", false, 0, "")
		default:
			d.f.CellFormat(w, lh, t, "", 2, "L", false, 0, "")
		}
	}
	left, _, _, _ := d.f.GetMargins()
	d.f.SetX(left)
}

// lineCount is how many lines s takes at width w in the current font.
func (d *pdfDoc) lineCount(s string, w float64) int {
	lines, _ := d.wrap(s, w)
	return len(lines)
}

// runIn writes lead in bold and text after it on the same line, wrapped
// at the body's width, lh apart (a dated entry: "Lunedì 13 giugno 2022:
// …").
func (d *pdfDoc) runIn(lead, text string, lh float64) {
	d.f.SetFont("Helvetica", "B", fontSz)
	leadW := d.f.GetStringWidth(d.tr(lead))
	d.f.CellFormat(leadW, lh, d.tr(lead), "", 0, "L", false, 0, "")
	d.f.SetFont("Helvetica", "", fontSz)
	x0 := d.f.GetX()
	left, _, _, _ := d.f.GetMargins()
	lines, soft := d.wrapAfter(text, bodyW-(x0-left), bodyW)
	for i, line := range lines {
		if soft[i] {
			line += " "
		}
		if i == 0 {
			// The text starts a cell margin after the lead's cell, where
			// the lead's text (drawn a margin in) ends.
			d.f.SetX(x0)
			d.f.CellFormat(bodyW-(x0-left), lh, line, "", 2, "L", false, 0, "")
			continue
		}
		d.f.SetX(left)
		d.f.CellFormat(bodyW, lh, line, "", 2, "L", false, 0, "")
	}
	d.f.SetX(left)
}
