package document

import (
	"strconv"
	"strings"

	"rsc.io/qr"
)

// QR codes (rsc.io/qr, pure Go) drawn as vector squares: in a PDF with
// fpdf rectangles, on a page as one SVG path. A code carries only what it
// is given: the receipt's carries the protocol number, a voting slip's the
// link with the voting code.

// qrQuiet is the light margin around a code, in modules, as the standard
// asks.
const qrQuiet = 4

// qrCode encodes text at error-correction level M (15%: a printed receipt
// folded or a phone screen with glare still reads).
func qrCode(text string) (*qr.Code, error) { return qr.Encode(text, qr.M) }

// qrRuns calls draw for every horizontal run of width dark modules starting
// at row, col: one shape per run instead of one per module.
func qrRuns(c *qr.Code, draw func(row, col, width int)) {
	for row := 0; row < c.Size; row++ {
		for col := 0; col < c.Size; {
			if !c.Black(col, row) {
				col++
				continue
			}
			run := col
			for run < c.Size && c.Black(run, row) {
				run++
			}
			draw(row, col, run-col)
			col = run
		}
	}
}

// qr draws the code of text with its top-left corner at x, y (mm), side
// mm wide including the quiet zone, as a figure with alternative text alt.
func (d *pdfDoc) qr(text, alt string, x, y, side float64) error {
	c, err := qrCode(text)
	if err != nil {
		return err
	}
	n := float64(c.Size + 2*qrQuiet)
	m := side / n
	e := d.mark("Figure", func() {
		d.f.SetFillColor(0, 0, 0)
		qrRuns(c, func(row, col, width int) {
			d.f.Rect(x+float64(col+qrQuiet)*m, y+float64(row+qrQuiet)*m, float64(width)*m, m, "F")
		})
		d.f.SetFillColor(255, 255, 255)
	})
	e.Alt = alt
	_, pageH := d.f.GetPageSize()
	k := d.f.GetConversionRatio()
	e.BBox = [4]float64{x * k, (pageH - y - side) * k, (x + side) * k, (pageH - y) * k}
	return nil
}

// QRSVG returns the code of text as an inline SVG element for a page,
// named by label for assistive technologies. Colours are attributes, not
// styles: the Content-Security-Policy forbids style attributes.
func QRSVG(text, label string) (string, error) {
	c, err := qrCode(text)
	if err != nil {
		return "", err
	}
	n := c.Size + 2*qrQuiet
	var path strings.Builder
	qrRuns(c, func(row, col, width int) {
		path.WriteString("M" + strconv.Itoa(col+qrQuiet) + " " + strconv.Itoa(row+qrQuiet) + "h" + strconv.Itoa(width) + "v1h-" + strconv.Itoa(width) + "z")
	})
	ns := strconv.Itoa(n)
	return `<svg xmlns="http://www.w3.org/2000/svg" class="pdz-qr" viewBox="0 0 ` + ns + ` ` + ns + `" role="img" aria-label="` + htmlEscape(label) +
		`" shape-rendering="crispEdges"><rect width="` + ns + `" height="` + ns + `" fill="#fff"/><path fill="#000" d="` + path.String() + `"/></svg>`, nil
}

func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&#39;").Replace(s)
}
