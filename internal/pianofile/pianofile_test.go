package pianofile

import (
	"strings"
	"testing"

	"github.com/pdz-ats/pdz/internal/pdz"
)

func TestDecodeRefusesWhatItDoesNotKnow(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{``, "vuoto o troncato"},
		{`{"formato": "altro", "versione_formato": 1}`, "non è un piano di pdz"},
		{`{"formato": "pdz-piano", "versione_formato": 2}`, "Versione del formato 2 non supportata"},
		{`{"formato": "pdz-piano", "versione_formato": 1, "risorse": {}}`, `campo sconosciuto "risorse"`},
		{`{"formato": "pdz-piano", "versione_formato": 1, "schede": [{"codice": 5}]}`, "tipo sbagliato"},
		{`{"formato": "pdz-piano"} {}`, "altro testo dopo"},
		{`{"formato": "pdz-piano",`, "vuoto o troncato"},
	} {
		_, err := Decode(strings.NewReader(c.in))
		if err == nil || !strings.Contains(pdz.ErrorMessage(err), c.want) {
			t.Errorf("%s: %v, want %q", c.in, err, c.want)
		}
	}
}

func TestToPlanChecksValues(t *testing.T) {
	for _, c := range []struct {
		f    File
		want string
	}{
		{File{Plan: Plan{Status: "approvato"}}, "piano.stato"},
		{File{Plan: Plan{Status: "bozza", AdoptedOn: "1/6"}}, "piano.adottato_il"},
		{File{Plan: Plan{Status: "bozza"}, Profile: Profile{Rows: []Row{{Date: ""}}}}, "profilo.dati[0].data"},
		{File{Plan: Plan{Status: "bozza"}, Profile: Profile{Rows: []Row{{Date: "2021-12-31", Surface: new("1,234")}}}}, "superficie_kmq"},
		{File{Plan: Plan{Status: "bozza"}, Profile: Profile{Declared: []Declared{{Date: "2021-12-31", Value: "tanti"}}}}, "profilo.dichiarati[0].valore"},
		{File{Plan: Plan{Status: "bozza"}, Comuni: []Comune{{Name: "Matino"}, {Name: "matino"}}}, "comuni[1]"},
	} {
		_, _, _, err := c.f.ToPlan()
		if err == nil || !strings.Contains(pdz.ErrorMessage(err), c.want) {
			t.Errorf("%+v: %v, want %q", c.f.Plan, err, c.want)
		}
	}
}
