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

const (
	width     = 720.0
	labelW    = 170.0 // room for the category names
	valueW    = 70.0  // room for the value labels
	rowH      = 26.0
	barGap    = 10.0
	legendRow = 22.0
	fontSize  = 13
)

func esc(s string) string { return html.EscapeString(s) }

// open writes the <svg> element with its accessible name.
func open(b *strings.Builder, id, title, desc string, h float64) {
	fmt.Fprintf(b, `<svg class="pdz-chart" role="img" aria-labelledby="%s-t %s-d" viewBox="0 0 %g %g" width="%g" height="%g" xmlns="http://www.w3.org/2000/svg">`,
		id, id, width, h, width, h)
	fmt.Fprintf(b, `<title id="%s-t">%s</title><desc id="%s-d">%s</desc>`, id, esc(title), id, esc(desc))
}

// legend draws the series names under the chart at y.
func legend(b *strings.Builder, series []Series, y float64) float64 {
	if len(series) < 2 {
		return y
	}
	x := labelW
	for _, s := range series {
		w := 24 + float64(len([]rune(s.Name)))*7.2
		if x+w > width {
			x = labelW
			y += legendRow
		}
		fmt.Fprintf(b, `<rect class="%s" x="%g" y="%g" width="14" height="14"/>`, s.Class, x, y)
		fmt.Fprintf(b, `<text class="pdz-chart-text" x="%g" y="%g" font-size="%d">%s</text>`, x+20, y+12, fontSize, esc(s.Name))
		x += w + 12
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
	plotW := width - labelW - valueW
	scale := plotW / (hi - lo)
	zero := labelW + (-lo)*scale
	n := len(c.Series)
	if n == 0 {
		n = 1
	}
	groupH := float64(n)*rowH*0.8 + barGap
	barH := rowH * 0.7
	top := 8.0
	h := top + groupH*float64(len(c.Categories)) + 10
	legendY := h
	if len(c.Series) > 1 {
		h += legendRow*float64(1+len(c.Series)/4) + 8
	}
	var b strings.Builder
	open(&b, c.ID, c.Title, c.Desc, h)
	for i, cat := range c.Categories {
		y0 := top + float64(i)*groupH
		fmt.Fprintf(&b, `<text class="pdz-chart-text" x="%g" y="%g" font-size="%d" text-anchor="end">%s</text>`,
			labelW-8, y0+float64(n)*rowH*0.8/2+4, fontSize, esc(cat))
		for j, s := range c.Series {
			if i >= len(s.Values) || math.IsNaN(s.Values[i]) {
				continue
			}
			v := s.Values[i]
			y := y0 + float64(j)*rowH*0.8
			x, w := zero, v*scale
			if v < 0 {
				x, w = zero+v*scale, -v*scale
			}
			fmt.Fprintf(&b, `<rect class="%s" x="%.1f" y="%.1f" width="%.1f" height="%.1f"/>`, s.Class, x, y, math.Max(w, 0.5), barH)
			if i < len(s.Labels) && s.Labels[i] != "" {
				lx, anchor := x+w+4, "start"
				if v < 0 {
					lx, anchor = x-4, "end"
				}
				fmt.Fprintf(&b, `<text class="pdz-chart-text" x="%.1f" y="%.1f" font-size="%d" text-anchor="%s">%s</text>`,
					lx, y+barH-5, fontSize-1, anchor, esc(s.Labels[i]))
			}
		}
	}
	fmt.Fprintf(&b, `<line class="pdz-chart-axis" x1="%.1f" y1="%g" x2="%.1f" y2="%g"/>`, zero, top-4, zero, top+groupH*float64(len(c.Categories)))
	legend(&b, c.Series, legendY)
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
	plotW := width - labelW - 20
	top := 8.0
	h := top + float64(len(c.Categories))*(rowH+6) + 10
	legendY := h
	h += legendRow*float64(1+len(c.Series)/4) + 8
	var b strings.Builder
	open(&b, c.ID, c.Title, c.Desc, h)
	for i, cat := range c.Categories {
		y := top + float64(i)*(rowH+6)
		fmt.Fprintf(&b, `<text class="pdz-chart-text" x="%g" y="%g" font-size="%d" text-anchor="end">%s</text>`, labelW-8, y+rowH/2+4, fontSize, esc(cat))
		full := totals[i] / maxT * plotW
		if c.Percent {
			full = plotW
		}
		x := labelW
		for _, s := range c.Series {
			if i >= len(s.Values) || math.IsNaN(s.Values[i]) || totals[i] == 0 {
				continue
			}
			w := s.Values[i] / totals[i] * full
			fmt.Fprintf(&b, `<rect class="%s pdz-chart-segment" x="%.1f" y="%.1f" width="%.1f" height="%g"/>`, s.Class, x, y, w, rowH)
			x += w
		}
	}
	legend(&b, c.Series, legendY)
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}
