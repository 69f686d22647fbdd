package chart

import (
	"encoding/xml"
	"math"
	"strings"
	"testing"
)

// wellFormed parses the SVG as XML and returns its element names.
func wellFormed(t *testing.T, svg string) []string {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(svg))
	var names []string
	for {
		tok, err := dec.Token()
		if err != nil {
			if err.Error() == "EOF" {
				return names
			}
			t.Fatalf("not well-formed: %v\n%s", err, svg)
		}
		if se, ok := tok.(xml.StartElement); ok {
			names = append(names, se.Name.Local)
			for _, a := range se.Attr {
				if a.Name.Local == "style" {
					t.Fatalf("style attribute in %s", se.Name.Local)
				}
			}
		}
	}
}

func TestBars(t *testing.T) {
	c := Bars{ID: "c1", Title: "Famiglie <e> componenti", Desc: "Casarano & altri",
		Categories: []string{"Casarano", "Matino"},
		Series: []Series{{Name: "Calcolato", Class: "pdz-s1", Values: []float64{2.83, 2.41}, Labels: []string{"2,83", "2,41"}},
			{Name: "Dichiarato", Class: "pdz-s2", Values: []float64{3.2, math.NaN()}, Labels: []string{"3,2", ""}}}}
	svg := string(c.HTML())
	names := wellFormed(t, svg)
	if names[0] != "svg" || names[1] != "title" || names[2] != "desc" {
		t.Errorf("elements %v", names[:3])
	}
	for _, want := range []string{`role="img"`, `aria-labelledby="c1-t c1-d"`, "Famiglie &lt;e&gt; componenti", "Casarano &amp; altri", "Dichiarato"} {
		if !strings.Contains(svg, want) {
			t.Errorf("missing %q", want)
		}
	}
	if strings.Count(svg, "<rect") != 3+2 { // three bars, two legend keys
		t.Errorf("%d rects", strings.Count(svg, "<rect"))
	}
	neg := Bars{ID: "c2", Title: "Saldo", Categories: []string{"A", "B"}, Series: []Series{{Class: "pdz-s1", Values: []float64{-40, 13}}}}
	wellFormed(t, string(neg.HTML()))
}

func TestStacked(t *testing.T) {
	c := Stacked{ID: "s", Title: "Fasce", Categories: []string{"Casarano"}, Percent: true,
		Series: []Series{{Name: "0-3", Class: "pdz-s1", Values: []float64{537}}, {Name: "4-14", Class: "pdz-s2", Values: []float64{1895}}}}
	svg := string(c.HTML())
	wellFormed(t, svg)
	if strings.Count(svg, "pdz-chart-segment") != 2 {
		t.Error("segments")
	}
}
