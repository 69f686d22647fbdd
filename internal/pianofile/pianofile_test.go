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
		{`{"formato": "pdz-piano", "versione_formato": 1, "soldi": {}}`, `campo sconosciuto "soldi"`},
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
		// an amount above € 999.999.999.999,99, named by its place in the file
		{File{Plan: Plan{Status: "bozza"}, Sheets: []Sheet{{Years: []Year{{Amounts: []Amount{{Cents: pdz.Some(1)}, {Cents: pdz.Some(4_600_000_000_000_000_000)}}}}}}},
			"schede[0].annualita[0].importi[1].centesimi: 4600000000000000000 centesimi: l'importo supera il massimo consentito di € 999.999.999.999,99"},
		{File{Plan: Plan{Status: "bozza"}, Resources: Resources{Sources: []SourceMoney{{Source: "FNPS", Availability: []Availability{{From: 2022, To: 2022, Cents: 10_000_000_000_000_000}}}}}},
			"risorse.fonti[0].disponibilita[0].centesimi"},
		{File{Plan: Plan{Status: "bozza"}, Resources: Resources{Commitments: []Commitment{{Comune: "Matino", Year: 2022, Services: pdz.Some(100_000_000_000_000)}}}},
			"risorse.impegni_comuni[0].servizi_centesimi"},
	} {
		_, _, _, err := c.f.ToPlan()
		if err == nil || !strings.Contains(pdz.ErrorMessage(err), c.want) {
			t.Errorf("%+v: %v, want %q", c.f.Plan, err, c.want)
		}
	}
}

// Whatever the bytes, reading a plan file either fails with a validation
// error (never a panic or an internal error) or gives values that keep
// the file's rules.
func FuzzDecode(f *testing.F) {
	f.Add([]byte(`{"formato": "pdz-piano", "versione_formato": 1, "piano": {"id": "p", "titolo": "P", "anni": [2022], "stato": "bozza", "adottato_il": ""},
		"profilo": {"dati": [{"data": "2021-12-31", "comune": "", "fasce": {"0-3": 5}, "superficie_kmq": "12.5"}], "dichiarati": [{"data": "2021-12-31", "grandezza": "popolazione", "valore": "70.275"}]},
		"schede": [{"codice": "A.1", "annualita": [{"anno": 2022, "importi": [{"fonte": "PDZ", "centesimi": null}]}]}]}`))
	f.Add([]byte(`{"formato": "pdz-piano", "versione_formato": 1, "piano": {"stato": "adottato", "adottato_il": "2023-06-01"}}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, b []byte) {
		doc, err := Decode(strings.NewReader(string(b)))
		if err != nil {
			if pdz.ErrorCode(err) != pdz.EINVALID {
				t.Fatalf("not a validation error: %v", err)
			}
			return
		}
		p, _, _, err := doc.ToPlan()
		if err != nil {
			if pdz.ErrorCode(err) != pdz.EINVALID {
				t.Fatalf("not a validation error: %v", err)
			}
			return
		}
		for _, r := range p.Profile {
			if r.Surface.Set && r.Surface.V <= 0 {
				t.Fatalf("surface %d accepted", r.Surface.V)
			}
		}
	})
}
