package chart

import (
	"encoding/xml"
	"math"
	"strconv"
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

// TestTextSizeOnPhones: every text of a chart is at least 12 px when the
// SVG is drawn 296 px wide (the content of a 320 px screen), and a long
// category name is wrapped so that no line runs past the canvas.
func TestTextSizeOnPhones(t *testing.T) {
	long := "Comune con un nome lunghissimo che non starebbe su una sola riga del grafico"
	charts := map[string]string{
		"bars": string(Bars{ID: "b", Title: "T", Categories: []string{"Casarano", long},
			Series: []Series{{Name: "Calcolato", Class: "pdz-s1", Values: []float64{-2, 3}, Labels: []string{"-2", "3"}},
				{Name: "Dichiarato nel documento", Class: "pdz-s2", Values: []float64{1, 2}, Labels: []string{"1", "2"}}}}.HTML()),
		"stacked": string(Stacked{ID: "s", Title: "T", Categories: []string{long}, Percent: true,
			Series: []Series{{Name: "0-3", Class: "pdz-s1", Values: []float64{5}}, {Name: "4-14", Class: "pdz-s2", Values: []float64{7}}}}.HTML()),
	}
	for name, svg := range charts {
		wellFormed(t, svg)
		dec := xml.NewDecoder(strings.NewReader(svg))
		var vbW float64
		lines := 0
		for {
			tok, err := dec.Token()
			if err != nil {
				break
			}
			se, ok := tok.(xml.StartElement)
			if !ok {
				continue
			}
			attr := map[string]string{}
			for _, a := range se.Attr {
				attr[a.Name.Local] = a.Value
			}
			switch se.Name.Local {
			case "svg":
				f := strings.Fields(attr["viewBox"])
				vbW, _ = strconv.ParseFloat(f[2], 64)
			case "text":
				size, _ := strconv.ParseFloat(attr["font-size"], 64)
				if px := size * 296 / vbW; px < 12 {
					t.Errorf("%s: a text of font-size %g on a %g-wide canvas is %.1f px at 296 px", name, size, vbW, px)
				}
				var s string
				if err := dec.DecodeElement(&s, &se); err != nil {
					t.Fatal(err)
				}
				x, _ := strconv.ParseFloat(attr["x"], 64)
				// Titillium Web averages about 0.55 em a character.
				if attr["text-anchor"] == "" && x+float64(len([]rune(s)))*size*0.55 > vbW {
					t.Errorf("%s: %q runs past the canvas", name, s)
				}
				if strings.HasPrefix(long, s) || strings.HasSuffix(long, s) {
					lines++
				}
			}
		}
		if lines < 2 {
			t.Errorf("%s: the long category name is on %d line(s), want it wrapped", name, lines)
		}
	}
}
