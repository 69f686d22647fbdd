package spreadsheet

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// sample is a workbook with every kind of cell and the texts that break
// naive writers: accents and €, quotes, separators, line breaks, runs of
// spaces, control characters, would-be formulas, telephone numbers, long
// and clashing sheet names.
func sample() *Workbook {
	wb := &Workbook{Title: "Iscrizioni – prova"}
	s := wb.Sheet("Iscrizioni: area 1/2 [tutte] con un nome davvero molto lungo",
		Column{Title: "Organizzazione"}, Column{Title: "Destinatari", Width: 10}, Column{Title: "Costo stimato"},
		Column{Title: "Costituita il"}, Column{Title: "Ricevuta il"}, Column{Title: "Telefono"}, Column{Title: "Percentuale"})
	s.Add(Text("Associazione «Il Faro» – àèéìòù €"), Int(1234567), Money(123456789), Date(time.Date(2026, 6, 17, 23, 30, 0, 0, time.UTC)),
		DateTime(time.Date(2026, 6, 17, 18, 5, 59, 0, time.FixedZone("CEST", 7200))), Text("+39 0833 502428"), Decimal(16946, 2))
	s.Add(Text("Cooperativa \"La Rete\"; sede a Matino, via Roma\nseconda riga"), Int(0), Money(-5), Date(time.Time{}), DateTime(time.Time{}), Text(""), Decimal(-5, 3))
	s.Add(Text("=HYPERLINK(\"http://example.org\",\"clic\")"), Int(-42), Money(1), Date(time.Date(1999, 12, 31, 0, 0, 0, 0, time.UTC)),
		DateTime(time.Date(2027, 1, 2, 0, 0, 0, 0, time.UTC)), Text("@SUM(A1)"), Decimal(1406, 2))
	s.Add(Text("  due spazi  in mezzo\ttab\x00\x07fine"), Int(10_000_000_000), Money(99), Text("testo libero"), Text("-"), Text("-5"), Decimal(5, 0))
	wb.Sheet("Iscrizioni: area 1/2 [tutte] con un nome davvero molto lungo", Column{Title: "Titolo"}).Add(Text("seconda scheda"))
	return wb
}

// wantRaw is what LibreOffice's CSV export prints for a cell (en-US, raw
// values): what the reader of every format must see.
func wantRaw(c Cell) string {
	switch c.Kind {
	case KindInt:
		return strconv.FormatInt(c.Int, 10)
	case KindMoney, KindDecimal:
		v := moneyPlain(c.Int, ".")
		if c.Kind == KindDecimal {
			v = decimalPlain(c.Int, c.Scale, ".")
		}
		if strings.Contains(v, ".") {
			v = strings.TrimRight(strings.TrimRight(v, "0"), ".")
		}
		if v == "-" || v == "" || v == "-0" {
			return "0"
		}
		return v
	case KindDate:
		return c.Time.Format("01/02/2006")
	case KindDateTime:
		return c.Time.Format("01/02/2006 15:04:05")
	}
	return cleanText(c.Text)
}

func TestCSVForItalianExcel(t *testing.T) {
	var b bytes.Buffer
	if err := sample().Sheets[0].WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if !strings.HasPrefix(out, "\ufeffOrganizzazione;Destinatari;Costo stimato;Costituita il;Ricevuta il;Telefono;Percentuale\r\n") {
		t.Fatalf("header: %q", out[:120])
	}
	for _, want := range []string{
		"Associazione «Il Faro» – àèéìòù €;1234567;1234567,89;17/06/2026;17/06/2026 18:05;+39 0833 502428;169,46\r\n",
		"\"Cooperativa \"\"La Rete\"\"; sede a Matino, via Roma\r\nseconda riga\";0;-0,05;;;;-0,005\r\n",
		"\"'=HYPERLINK(\"\"http://example.org\"\",\"\"clic\"\")\";-42;0,01;31/12/1999;02/01/2027 00:00;'@SUM(A1);14,06\r\n",
		"  due spazi  in mezzo\ttab\x07", // not there: control characters are dropped
	} {
		if strings.HasPrefix(want, "  due") {
			if strings.Contains(out, want) {
				t.Errorf("control characters kept")
			}
			continue
		}
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
	if !strings.Contains(out, "\"  due spazi  in mezzo\ttabfine\";10000000000;0,99;testo libero;-;-5;5\r\n") {
		t.Errorf("last row:\n%s", out)
	}
}

func TestSheetNames(t *testing.T) {
	got := sheetNames([]*Sheet{{Name: "Iscrizioni: area 1/2 [tutte] con un nome davvero molto lungo"}, {Name: "Iscrizioni: area 1/2 [tutte] con un nome davvero molto lungo"}, {Name: ""}, {Name: "'x'"}})
	want := []string{"Iscrizioni  area 1 2  tutte  co", "Iscrizioni  area 1 2  tutte (2)", "Foglio", "x"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("%q, want %q", got, want)
	}
}

func TestXLSXCells(t *testing.T) {
	var b bytes.Buffer
	wb := sample()
	if err := wb.WriteXLSX(&b); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	names := f.GetSheetList()
	if len(names) != 2 || names[0] != "Iscrizioni  area 1 2  tutte  co" {
		t.Fatalf("sheets %q", names)
	}
	// Numbers are numbers and dates are dates, not text.
	for ref, want := range map[string]excelize.CellType{"A2": excelize.CellTypeInlineString, "B2": excelize.CellTypeUnset, "C2": excelize.CellTypeUnset, "D2": excelize.CellTypeUnset} {
		if ct, err := f.GetCellType(names[0], ref); err != nil || ct != want {
			t.Errorf("%s: type %v (%v), want %v (numbers and dates are numeric cells)", ref, ct, err, want)
		}
	}
	if v, _ := f.GetCellValue(names[0], "C2", excelize.Options{RawCellValue: true}); v != "1234567.89" {
		t.Errorf("money raw value %q", v)
	}
	if v, _ := f.GetCellValue(names[0], "A4"); v != `=HYPERLINK("http://example.org","clic")` {
		t.Errorf("formula-like text %q", v)
	}
	if fm, _ := f.GetCellFormula(names[0], "A4"); fm != "" {
		t.Errorf("a text became the formula %q", fm)
	}
}

func TestODSStructure(t *testing.T) {
	var b bytes.Buffer
	if err := sample().WriteODS(&b); err != nil {
		t.Fatal(err)
	}
	raw := b.Bytes()
	// The mimetype is the first entry, stored, readable at byte 30 and 38.
	if string(raw[30:38]) != "mimetype" || string(raw[38:38+len(odsMime)]) != odsMime {
		t.Fatalf("the file does not start with the stored mimetype: %q", raw[:90])
	}
	z, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range z.File {
		names = append(names, f.Name)
	}
	if fmt.Sprint(names) != "[mimetype META-INF/manifest.xml content.xml styles.xml meta.xml]" || z.File[0].Method != zip.Store || len(z.File[0].Extra) != 0 {
		t.Fatalf("entries %v, first method %d", names, z.File[0].Method)
	}
}

// TestLibreOfficeReadsAllFormats opens the XLSX, the ODS and the CSV with
// LibreOffice (the headless soffice), exports each to CSV and checks every
// cell of every sheet.
func TestLibreOfficeReadsAllFormats(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		if os.Getenv("PDZ_REQUIRE_TOOLS") == "1" {
			t.Fatal("soffice missing (Debian package libreoffice-calc-nogui); PDZ_REQUIRE_TOOLS=1 forbids skipping")
		}
		t.Skip("soffice missing (Debian package libreoffice-calc-nogui); set PDZ_REQUIRE_TOOLS=1 to make this a failure")
	}
	dir := t.TempDir()
	wb := sample()
	write := func(name string, fn func(*bytes.Buffer) error) string {
		var b bytes.Buffer
		if err := fn(&b); err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b.Bytes(), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	xlsx := write("xlsx.xlsx", func(b *bytes.Buffer) error { return wb.WriteXLSX(b) })
	ods := write("ods.ods", func(b *bytes.Buffer) error { return wb.WriteODS(b) })
	csvFile := write("csv.csv", func(b *bytes.Buffer) error { return wb.Sheets[0].WriteCSV(b) })
	out := filepath.Join(dir, "out")
	profile := "-env:UserInstallation=file://" + filepath.Join(dir, "profile")
	// Raw values (not as shown), en-US, every sheet to its own file.
	export := "csv:Text - txt - csv (StarCalc):44,34,76,1,,1033,false,true,false,false,false,-1"
	run := func(args ...string) {
		cmd := exec.Command(soffice, append([]string{"--headless", "--norestore", profile}, args...)...)
		cmd.Dir = dir
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("soffice %v: %v\n%s", args, err, b)
		}
	}
	run("--convert-to", export, "--outdir", out, xlsx, ods)
	// The CSV as Italian Excel reads it: semicolons, UTF-8, Italian numbers.
	run("--infilter=CSV:59,34,76,1,,1040", "--convert-to", strings.TrimSuffix(export, ",-1"), "--outdir", filepath.Join(out, "csv"), csvFile)

	names := sheetNames(wb.Sheets)
	check := func(file string, s *Sheet, csvRules, ods bool) {
		t.Helper()
		f, err := os.Open(file)
		if err != nil {
			t.Errorf("LibreOffice wrote no %s: %v", filepath.Base(file), err)
			return
		}
		defer f.Close()
		r := csv.NewReader(f)
		r.FieldsPerRecord = -1
		recs, err := r.ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		want := [][]string{{}}
		for _, c := range s.Columns {
			want[0] = append(want[0], c.Title)
		}
		for _, row := range s.Rows {
			var w []string
			for _, c := range row {
				v := wantRaw(c)
				if csvRules && c.Kind == KindText {
					v = csvText(c.Text)
				}
				if ods {
					v = strings.ReplaceAll(v, "\t", " ") // see paras
				}
				if csvRules && c.Kind == KindDateTime {
					v = c.Time.Truncate(time.Minute).Format("01/02/2006 15:04:05")
				}
				w = append(w, v)
			}
			want = append(want, w)
		}
		if len(recs) != len(want) {
			t.Errorf("%s: %d rows, want %d:\n%q", filepath.Base(file), len(recs), len(want), recs)
			return
		}
		for i := range want {
			for j := range want[i] {
				got := ""
				if j < len(recs[i]) {
					got = recs[i][j]
				}
				if got != want[i][j] {
					t.Errorf("%s: row %d col %d = %q, want %q", filepath.Base(file), i+1, j+1, got, want[i][j])
				}
			}
		}
	}
	for _, kind := range []string{"xlsx", "ods"} {
		for i, s := range wb.Sheets {
			check(filepath.Join(out, kind+"-"+names[i]+".csv"), s, false, kind == "ods")
		}
	}
	check(filepath.Join(out, "csv", "csv.csv"), wb.Sheets[0], true, false)
}

// A year is shown as a year: 2023 in XLSX, ODS and CSV as LibreOffice
// shows them (an integer, for comparison, is 2.023 or 2,023).
func TestYearsShownWithoutSeparator(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		if os.Getenv("PDZ_REQUIRE_TOOLS") == "1" {
			t.Fatal("soffice missing (Debian package libreoffice-calc-nogui); PDZ_REQUIRE_TOOLS=1 forbids skipping")
		}
		t.Skip("soffice missing (Debian package libreoffice-calc-nogui); set PDZ_REQUIRE_TOOLS=1 to make this a failure")
	}
	wb := &Workbook{}
	s := wb.Sheet("Anni", Column{Title: "Anno"}, Column{Title: "Dal"}, Column{Title: "Numero"})
	s.Add(Year(2023), Year(1999), Int(2023))
	dir := t.TempDir()
	var files []string
	for _, f := range []struct {
		name string
		fn   func(io.Writer) error
	}{{"x.xlsx", wb.WriteXLSX}, {"o.ods", wb.WriteODS}, {"c.csv", s.WriteCSV}} {
		var b bytes.Buffer
		if err := f.fn(&b); err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, f.name)
		if err := os.WriteFile(p, b.Bytes(), 0o600); err != nil {
			t.Fatal(err)
		}
		files = append(files, p)
	}
	if b, err := os.ReadFile(files[2]); err != nil || !strings.Contains(string(b), "\r\n2023;1999;2023\r\n") {
		t.Errorf("CSV: %q", b)
	}
	// as shown, Italian: thousands with a dot
	shown := "csv:Text - txt - csv (StarCalc):59,34,76,1,,1040,false,true,true,false,false"
	run := func(out string, args ...string) {
		cmd := exec.Command(soffice, append([]string{"--headless", "--norestore", "-env:UserInstallation=file://" + filepath.Join(dir, "profile"),
			"--convert-to", shown, "--outdir", out}, args...)...)
		cmd.Dir = dir
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("soffice: %v\n%s", err, b)
		}
	}
	run(filepath.Join(dir, "out"), files[0], files[1])
	run(filepath.Join(dir, "out", "csv"), "--infilter=CSV:59,34,76,1,,1040", files[2])
	for _, f := range []string{"x.csv", "o.csv", filepath.Join("csv", "c.csv")} {
		b, err := os.ReadFile(filepath.Join(dir, "out", f))
		if err != nil {
			t.Fatalf("LibreOffice wrote no %s: %v", f, err)
		}
		// the integer shows the grouping of LibreOffice's locale; a CSV
		// number has no format at all
		want := []string{"2023;1999;2.023", "2023;1999;2,023"}
		if strings.HasPrefix(f, "csv") {
			want = []string{"2023;1999;2023"}
		}
		if got := strings.Split(strings.TrimSpace(string(b)), "\n"); len(got) != 2 || !slices.Contains(want, strings.TrimSpace(got[1])) {
			t.Errorf("%s as shown: %q, want %q", f, got, want)
		}
	}
}
