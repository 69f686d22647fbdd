// Package chart draws the plan's charts as inline SVG on the server: no
// script, no style attributes (the Content-Security-Policy forbids inline
// styles: colours come from classes in static/pdz.css). Every chart is an
// image with a title and a description (role="img", aria-labelledby); the
// page puts the data table beside it, so that nothing is said only by the
// picture. It must not know HTTP or storage.
package chart

import (
	"fmt"
	"html"
	"html/template"
	"math"
	"strings"
)

// Series is one set of values: a bar per category.
type Series struct {
	Name   string
	Class  string    // CSS class of its bars: "pdz-s1" … "pdz-s6"
	Values []float64 // one per category; NaN for "no value"
	Labels []string  // the value as written beside the bar ("2,83"); empty: none
}

// Bars is a horizontal bar chart: one row per category, one bar per series
// in each row (grouped), from a zero line that may sit inside the chart when
// values are negative.
type Bars struct {
	ID         string // unique in the page; prefixes the ids of title and description
	Title      string
	Desc       string
	Categories []string
	Series     []Series
	Unit       string // written after the axis values: "%", ""
}

// Stacked is a horizontal stacked bar chart: one bar per category, one
// segment per series, values summing to the bar's length.
type Stacked struct {
	ID         string
	Title      string
	Desc       string
	Categories []string
	Series     []Series
	Percent    bool // draw each bar as 100% (shares) instead of absolute lengths
}

// The charts are drawn for a phone: a narrow canvas whose text keeps its
// size when the SVG fills a 320-375 px screen (an SVG scales its text with
// its width: on a 720-unit canvas 13-unit labels were 6 px on a phone). Each
// category's name sits on its own line above its bars, wrapped when long,
// so the bars get the whole width. The page caps the displayed width
// (.pdz-chart in pdz.css), so the text is not oversized on a desktop.
const (
	width     = 360.0
	valueW    = 64.0 // room for the value labels after the longest bar
	fontSize  = 15   // at 296-351 px of displayed width: 12.3-14.6 px
	lineH     = 19.0 // a line of text
	barH      = 16.0
	barStep   = 20.0 // from one bar of a group to the next
	stackH    = 22.0 // a stacked bar
	groupGap  = 12.0
	legendRow = 22.0
	charW     = fontSize * 0.55 // average advance of a Titillium Web character
)

func esc(s string) string { return html.EscapeString(s) }

// open writes the <svg> element with its accessible name.
func open(b *strings.Builder, id, title, desc string, h float64) {
	fmt.Fprintf(b, `<svg class="pdz-chart" role="img" aria-labelledby="%s-t %s-d" viewBox="0 0 %g %g" width="%g" height="%g" xmlns="http://www.w3.org/2000/svg">`,
		id, id, width, h, width, h)
	fmt.Fprintf(b, `<title id="%s-t">%s</title><desc id="%s-d">%s</desc>`, id, esc(title), id, esc(desc))
}

// wrap splits s into lines of at most max characters, at spaces (a longer
// word stays whole).
func wrap(s string, max int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		if line != "" && len([]rune(line))+1+len([]rune(w)) > max {
			lines = append(lines, line)
			line = w
			continue
		}
		if line != "" {
			line += " "
		}
		line += w
	}
	if line != "" || len(lines) == 0 {
		lines = append(lines, line)
	}
	return lines
}

// label writes a category name at y (its top), wrapped to the canvas, and
// returns the y under it.
func label(b *strings.Builder, name string, y float64) float64 {
	for _, l := range wrap(name, int(math.Floor(width/charW))) {
		fmt.Fprintf(b, `<text class="pdz-chart-text" x="0" y="%g" font-size="%d">%s</text>`, y+lineH-5, fontSize, esc(l))
		y += lineH
	}
	return y + 2
}

// legend draws the series names at y and returns the y under them.
func legend(b *strings.Builder, series []Series, y float64) float64 {
	if len(series) < 2 {
		return y
	}
	x := 0.0
	for _, s := range series {
		w := 20 + float64(len([]rune(s.Name)))*charW
		if x > 0 && x+w > width {
			x = 0
			y += legendRow
		}
		fmt.Fprintf(b, `<rect class="%s" x="%g" y="%g" width="14" height="14"/>`, s.Class, x, y+2)
		fmt.Fprintf(b, `<text class="pdz-chart-text" x="%g" y="%g" font-size="%d">%s</text>`, x+20, y+14, fontSize, esc(s.Name))
		x += w + 14
	}
	return y + legendRow
}

// HTML renders a grouped bar chart.
func (c Bars) HTML() template.HTML {
	lo, hi := 0.0, 0.0
	for _, s := range c.Series {
		for _, v := range s.Values {
			if !math.IsNaN(v) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	if hi == lo {
		hi = lo + 1
	}
	left := 0.0
	if lo < 0 {
		left = valueW // the labels of negative bars go left of them
	}
	plotW := width - left - valueW
	scale := plotW / (hi - lo)
	zero := left + (-lo)*scale
	var body strings.Builder
	y := 4.0
	barsTop, barsBottom := 0.0, 0.0
	for i, cat := range c.Categories {
		y = label(&body, cat, y)
		if i == 0 {
			barsTop = y
		}
		for _, s := range c.Series {
			if i < len(s.Values) && !math.IsNaN(s.Values[i]) {
				v := s.Values[i]
				x, w := zero, v*scale
				if v < 0 {
					x, w = zero+v*scale, -v*scale
				}
				fmt.Fprintf(&body, `<rect class="%s" x="%.1f" y="%.1f" width="%.1f" height="%g"/>`, s.Class, x, y, math.Max(w, 0.5), barH)
				if i < len(s.Labels) && s.Labels[i] != "" {
					lx, anchor := x+w+4, "start"
					if v < 0 {
						lx, anchor = x-4, "end"
					}
					fmt.Fprintf(&body, `<text class="pdz-chart-text" x="%.1f" y="%.1f" font-size="%d" text-anchor="%s">%s</text>`,
						lx, y+barH-3, fontSize, anchor, esc(s.Labels[i]))
				}
			}
			y += barStep
		}
		barsBottom = y
		y += groupGap
	}
	if lo < 0 && len(c.Categories) > 0 { // the zero line, when bars go both ways
		fmt.Fprintf(&body, `<line class="pdz-chart-axis" x1="%.1f" y1="%g" x2="%.1f" y2="%g"/>`, zero, barsTop-2, zero, barsBottom)
	}
	y = legend(&body, c.Series, y)
	var b strings.Builder
	open(&b, c.ID, c.Title, c.Desc, y+4)
	b.WriteString(body.String())
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) // every text went through esc
}

// HTML renders a stacked bar chart.
func (c Stacked) HTML() template.HTML {
	totals := make([]float64, len(c.Categories))
	maxT := 0.0
	for i := range c.Categories {
		for _, s := range c.Series {
			if i < len(s.Values) && !math.IsNaN(s.Values[i]) {
				totals[i] += s.Values[i]
			}
		}
		maxT = math.Max(maxT, totals[i])
	}
	if maxT == 0 {
		maxT = 1
	}
	var body strings.Builder
	y := 4.0
	for i, cat := range c.Categories {
		y = label(&body, cat, y)
		full := totals[i] / maxT * width
		if c.Percent {
			full = width
		}
		x := 0.0
		for _, s := range c.Series {
			if i >= len(s.Values) || math.IsNaN(s.Values[i]) || totals[i] == 0 {
				continue
			}
			w := s.Values[i] / totals[i] * full
			fmt.Fprintf(&body, `<rect class="%s pdz-chart-segment" x="%.1f" y="%.1f" width="%.1f" height="%g"/>`, s.Class, x, y, w, stackH)
			x += w
		}
		y += stackH + groupGap
	}
	y = legend(&body, c.Series, y)
	var b strings.Builder
	open(&b, c.ID, c.Title, c.Desc, y+4)
	b.WriteString(body.String())
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}
