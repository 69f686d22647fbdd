package risorse

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/pdz-ats/pdz/internal/pdz"
)

var progressSources = []pdz.FundingSource{{ID: 7, Code: "PDZ"}, {ID: 9, Code: "RESIDUI-PDZ"}}

// Seed 003 §1.3 as a spreadsheet would save it: the figures as printed,
// the residual and the percentage included.
func TestReadProgressCSVSeed003(t *testing.T) {
	in, err := ReadProgressCSV(strings.NewReader("\xef\xbb\xbfFondo;Periodo;Programmato;Impegnato;Residuo;Percentuale;Fonte_residui\n"+
		"PdZ 2018-2021;2018-2021;€ 5.478.132,88;€ 5.204.278,85;€ 273.854,03;95%;residui-pdz\n\n"+
		"FNA 2019-2020;;1000,5;;;;\n"), progressSources)
	if err != nil {
		t.Fatal(err)
	}
	want := []pdz.Progress{
		{Fund: "PdZ 2018-2021", Period: "2018-2021", Budget: pdz.Some(547813288), Committed: pdz.Some(520427885), TargetID: 9, TargetCode: "RESIDUI-PDZ"},
		{Fund: "FNA 2019-2020", Budget: pdz.Some(100050)},
	}
	if !reflect.DeepEqual(in.Rows, want) {
		t.Errorf("rows\n got %+v\nwant %+v", in.Rows, want)
	}
	wantD := []pdz.DeclaredMoney{
		{Quantity: "avanzamento_residuo", Subject: "PdZ 2018-2021", Value: pdz.Decimal{Units: 27385403, Scale: 2}, Table: ProgressTable},
		{Quantity: "avanzamento_percentuale", Subject: "PdZ 2018-2021", Value: pdz.Decimal{Units: 95}, Table: ProgressTable},
	}
	if !reflect.DeepEqual(in.Declared, wantD) {
		t.Errorf("declared\n got %+v\nwant %+v", in.Declared, wantD)
	}
	if r := in.Rows[0].Residual(); !r.Set || r.V != 27385403 {
		t.Errorf("residual %+v", r)
	}
}

func TestReadProgressCSVErrors(t *testing.T) {
	for _, c := range []struct{ name, file, want string }{
		{"empty", "", "il file è vuoto"},
		{"header only", "fondo;programmato\n", "non contiene righe di dati"},
		{"unknown column", "fondo;budget\nPdZ;1\n", "Riga 1, colonna «budget»: colonna sconosciuta"},
		{"repeated column", "fondo;fondo\nPdZ;PdZ\n", "Riga 1, colonna «fondo»: colonna ripetuta"},
		{"no fund column", "programmato;impegnato\n1;1\n", "manca la colonna «fondo»"},
		{"no fund", "fondo;programmato\nPdZ;1\n;2\n", "Riga 3, colonna «fondo»: indica il fondo"},
		{"fund twice", "fondo;programmato\nPdZ;1\npdz;2\n", "Riga 3, colonna «fondo»: «pdz» è già alla riga 2"},
		{"bad amount", "fondo;impegnato\nPdZ;5.204.278,85\nFNA;12x\n", "Riga 3, colonna «impegnato»: «12x» non è un importo"},
		{"negative", "fondo;liquidato\nPdZ;-5\n", "Riga 2, colonna «liquidato»: «-5» non è un importo"},
		{"three decimals", "fondo;programmato\nPdZ;1,234\n", "Riga 2, colonna «programmato»"},
		{"bad residual", "fondo;residuo\nPdZ;molto\n", "Riga 2, colonna «residuo»"},
		{"bad percentage", "fondo;percentuale\nPdZ;95,123\n", "Riga 2, colonna «percentuale»: «95,123» non è una percentuale"},
		{"unknown source", "fondo;fonte_residui\nPdZ;FNX\n", "Riga 2, colonna «fonte_residui»: il piano non ha la fonte «FNX»: le fonti sono PDZ, RESIDUI-PDZ"},
		{"fields", "fondo;programmato\nPdZ;1;2\n", "Riga 2: la riga ha 3 campi, l'intestazione 2"},
		{"quotes", "fondo;note\nPdZ;\"aperte\n", "testo CSV non valido"},
		{"long fund", "fondo\n" + strings.Repeat("x", 201) + "\n", "Riga 2, colonna «fondo»: testo troppo lungo"},
	} {
		in, err := ReadProgressCSV(strings.NewReader(c.file), progressSources)
		if err == nil {
			t.Errorf("%s: accepted %+v", c.name, in)
			continue
		}
		if pdz.ErrorCode(err) != pdz.EINVALID || !strings.HasPrefix(pdz.ErrorMessage(err), "Il file non è stato importato.") ||
			!strings.Contains(pdz.ErrorMessage(err), c.want) {
			t.Errorf("%s: %q (%s), want %q", c.name, pdz.ErrorMessage(err), pdz.ErrorCode(err), c.want)
		}
		if len(in.Rows) != 0 || len(in.Declared) != 0 {
			t.Errorf("%s: a failed read returned rows", c.name)
		}
	}
}

// What pdz writes it reads back as it was, printed figures included.
func TestProgressCSVRoundTrip(t *testing.T) {
	rows := []pdz.Progress{
		{Fund: "PdZ 2018-2021", Period: "2018-2021", Budget: pdz.Some(547813288), Committed: pdz.Some(520427885), TargetID: 9, TargetCode: "RESIDUI-PDZ",
			Notes: "Il residuo è relativo al FNA 2019-2020;\n\"liquidato\" non indicato."},
		{Fund: "QFP 2018-2020", Budget: pdz.Some(0), Committed: pdz.Some(0), Paid: pdz.Some(1)},
		{Fund: "vuoto"},
	}
	declared := []pdz.DeclaredMoney{
		{Quantity: "avanzamento_residuo", Subject: "PdZ 2018-2021", Value: pdz.Decimal{Units: 27385403, Scale: 2}, Table: ProgressTable},
		{Quantity: "avanzamento_percentuale", Subject: "PdZ 2018-2021", Value: pdz.Decimal{Units: 9512, Scale: 2}, Table: ProgressTable},
		{Quantity: "avanzamento_percentuale", Subject: "QFP 2018-2020", Value: pdz.Decimal{Units: 0}, Table: ProgressTable},
	}
	var buf bytes.Buffer
	if err := WriteProgressCSV(&buf, rows, declared); err != nil {
		t.Fatal(err)
	}
	in, err := ReadProgressCSV(bytes.NewReader(buf.Bytes()), progressSources)
	if err != nil {
		t.Fatalf("%v\n%s", err, buf.String())
	}
	if !reflect.DeepEqual(in.Rows, rows) {
		t.Errorf("rows\n got %+v\nwant %+v", in.Rows, rows)
	}
	if !reflect.DeepEqual(in.Declared, declared) {
		t.Errorf("declared\n got %+v\nwant %+v", in.Declared, declared)
	}
}

func FuzzReadProgressCSV(f *testing.F) {
	f.Add([]byte("fondo;periodo;programmato;impegnato;liquidato;residuo;percentuale;fonte_residui;note\nPdZ 2018-2021;2018-2021;5.478.132,88;5.204.278,85;;273.854,03;95;RESIDUI-PDZ;\n"))
	f.Add([]byte("fondo,programmato\nFNA,\"1.000,50\"\n"))
	f.Add([]byte("\xef\xbb\xbffondo\n\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		in, err := ReadProgressCSV(bytes.NewReader(b), progressSources)
		if err != nil {
			if pdz.ErrorCode(err) != pdz.EINVALID {
				t.Fatalf("error is not a validation error: %v", err)
			}
			if len(in.Rows) != 0 || len(in.Declared) != 0 {
				t.Fatal("a failed read returned rows")
			}
			return
		}
		if len(in.Rows) == 0 {
			t.Fatal("accepted a file without rows")
		}
		for i := range in.Rows {
			if err := in.Rows[i].Validate(); err != nil {
				t.Fatalf("accepted an invalid row %+v: %v", in.Rows[i], err)
			}
		}
		for i := range in.Declared {
			if err := in.Declared[i].Validate(); err != nil {
				t.Fatalf("accepted an invalid printed figure %+v: %v", in.Declared[i], err)
			}
		}
		// what was read, written and read again, is the same
		var buf bytes.Buffer
		if err := WriteProgressCSV(&buf, in.Rows, in.Declared); err != nil {
			t.Fatal(err)
		}
		again, err := ReadProgressCSV(bytes.NewReader(buf.Bytes()), progressSources)
		if err != nil || !reflect.DeepEqual(again.Rows, in.Rows) {
			t.Fatalf("written and read again: %v\n got %+v\nwant %+v", err, again.Rows, in.Rows)
		}
	})
}
