package web

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/pdz-ats/pdz/internal/risorse"
	"github.com/pdz-ats/pdz/internal/spreadsheet"
)

// rawCell is what LibreOffice's CSV export (en-US, raw values) prints for
// a cell.
func rawCell(c spreadsheet.Cell) string {
	trim := func(v string) string {
		if strings.Contains(v, ".") {
			v = strings.TrimRight(strings.TrimRight(v, "0"), ".")
		}
		if v == "-0" || v == "" || v == "-" {
			return "0"
		}
		return v
	}
	switch c.Kind {
	case spreadsheet.KindInt, spreadsheet.KindYear:
		return strconv.FormatInt(c.Int, 10)
	case spreadsheet.KindMoney:
		return trim(risorse.Money(c.Int).String())
	case spreadsheet.KindDecimal:
		return trim(pdzDecimalString(c.Int, int(c.Scale)))
	}
	return c.Text
}

func pdzDecimalString(units int64, scale int) string {
	neg := units < 0
	if neg {
		units = -units
	}
	s := strconv.FormatInt(units, 10)
	if scale > 0 {
		for len(s) <= scale {
			s = "0" + s
		}
		s = s[:len(s)-scale] + "." + s[len(s)-scale:]
	}
	if neg {
		s = "-" + s
	}
	return s
}

// The XLSX and ODS of the demo plan's money open in LibreOffice: every cell
// of every sheet is what the workbook holds, and the workbook holds the
// computed figures (Scheda A's total, the budget, the historical-spending
// shortfall, the seven printed figures that do not add up).
func TestMoneySpreadsheetsInLibreOffice(t *testing.T) {
	hs := newHarness(t, true)
	base := "/ambiti/casarano/piani/pdz-2022-2024"
	p := hs.plan("casarano", "pdz-2022-2024")
	cs, err := hs.st.Comuni(t.Context(), p.AmbitoID)
	if err != nil {
		t.Fatal(err)
	}
	rep := risorse.Compute(&p, cs)
	wb := rep.Workbook()
	dir := t.TempDir()
	var files []string
	for _, ext := range []string{"xlsx", "ods"} {
		r := hs.get(base+"/risorse."+ext, nil)
		if r.code != 200 || !strings.Contains(r.hdr.Get("Content-Disposition"), "casarano-pdz-2022-2024-risorse."+ext) {
			t.Fatalf("%s: %d %s", ext, r.code, r.hdr.Get("Content-Disposition"))
		}
		f := filepath.Join(dir, ext+"."+ext)
		if err := os.WriteFile(f, []byte(r.body), 0o600); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	out := filepath.Join(dir, "out")
	sofficeCSV(t, dir, "UTC", rawCSVFilter, out, files...)
	read := func(kind, sheet string) [][]string {
		t.Helper()
		return readCSV(t, filepath.Join(out, kind+"-"+strings.NewReplacer("/", " ", ":", " ").Replace(sheet)+".csv"))
	}
	for _, kind := range []string{"xlsx", "ods"} {
		for _, s := range wb.Sheets {
			recs := read(kind, s.Name)
			want := [][]string{{}}
			for _, c := range s.Columns {
				want[0] = append(want[0], c.Title)
			}
			for _, row := range s.Rows {
				var w []string
				for _, c := range row {
					w = append(w, rawCell(c))
				}
				want = append(want, w)
			}
			if len(recs) != len(want) {
				t.Errorf("%s, %s: %d rows, want %d", kind, s.Name, len(recs), len(want))
				continue
			}
			for i := range want {
				for j := range want[i] {
					got := ""
					if j < len(recs[i]) {
						got = recs[i][j]
					}
					if got != want[i][j] {
						t.Errorf("%s, %s: row %d column %d = %q, want %q", kind, s.Name, i+1, j+1, got, want[i][j])
					}
				}
			}
		}
		// the computed figures, as LibreOffice reads them
		last := func(recs [][]string) []string { return recs[len(recs)-1] }
		a := read(kind, "Scheda A")
		if row := last(a); row[0] != "2022-2024" || row[1] != "Totale" || row[len(row)-2] != "5440662.04" {
			t.Errorf("%s: Scheda A's total row %q", kind, row)
		}
		budget := read(kind, "Budget PdZ")
		found := false
		for _, row := range budget {
			if row[0] == "BUDGET PDZ 2022-2024" && row[len(row)-1] == "8515853.75" {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: budget %q", kind, budget)
		}
		// PDZ and QFP each with its own total (seed 003, § 3.1: residui PdZ
		// 273.854,03 + FNPS 1.133.903,78 + FNA 208.235,20 + FGSA 560.884,17
		// + co-financing 4.597.845,99; QFP 777.922,40 + residui QFP
		// 963.208,18), which add up to the budget
		subtotals := map[string]string{}
		for _, row := range budget {
			if strings.HasPrefix(row[0], "Totale ") {
				subtotals[row[0]] = row[len(row)-1]
			}
			if row[0] == "QFP-2021" && row[2] != "QFP" {
				t.Errorf("%s: QFP 2021 not shown as a component of QFP: %q", kind, row)
			}
		}
		if subtotals["Totale PDZ"] != "6774723.17" || subtotals["Totale QFP"] != "1741130.58" || len(subtotals) != 2 {
			t.Errorf("%s: budget subtotals %v", kind, subtotals)
		}
		shortfall := false
		for _, row := range read(kind, "Regole") {
			if row[0] == "cofinanziamento-spesa-storica" && row[3] == "Scarto: Scarto sull'intero piano" && row[4] == "832045.72" {
				shortfall = true
			}
		}
		if !shortfall {
			t.Errorf("%s: no historical-spending shortfall in Regole", kind)
		}
		disagree := 0
		for _, row := range read(kind, "Verifiche") {
			if row[5] == "Non coincide" {
				disagree++
			}
		}
		if disagree != 7 {
			t.Errorf("%s: %d printed figures do not add up, want 7", kind, disagree)
		}
	}
	// As shown: a year is a year (2023, not 2.023), a priority level its
	// title as on the pages (LEPS, not leps).
	shown := filepath.Join(dir, "shown")
	sofficeCSV(t, dir, "Europe/Rome", "csv:Text - txt - csv (StarCalc):44,34,76,1,,1040,false,true,true,false,false,-1", shown, files...)
	year := regexp.MustCompile(`^(19|20)[0-9]{2}$`)
	for _, kind := range []string{"xlsx", "ods"} {
		years := 0
		for _, sheet := range []string{"Disponibilità", "Quote FNPS", "Cofinanziamento per anno"} {
			for i, row := range readCSV(t, filepath.Join(shown, kind+"-"+sheet+".csv"))[1:] {
				for _, c := range row[1:3] {
					years++
					if !year.MatchString(c) {
						t.Errorf("%s, %s, row %d: year shown as %q", kind, sheet, i+2, c)
					}
				}
			}
		}
		hist := readCSV(t, filepath.Join(shown, kind+"-Cofinanziamento.csv"))
		if row := hist[1]; row[7] != "2018" || row[8] != "2020" {
			t.Errorf("%s: historical spending years shown as %q", kind, row[7:9])
		}
		levels := map[string]bool{}
		a := readCSV(t, filepath.Join(shown, kind+"-Scheda A.csv"))
		for i, row := range a[1:] {
			if row[1] != "Totale" && row[0] != "2022-2024" {
				if !year.MatchString(row[0]) {
					t.Errorf("%s, Scheda A, row %d: year shown as %q", kind, i+2, row[0])
				}
			}
			for _, l := range strings.Split(row[4], ", ") {
				levels[l] = true
			}
		}
		if years < 20 || !levels["LEPS"] || !levels["Potenziamento"] || levels["leps"] || levels["potenziamento"] || levels["ods"] || levels["specificita"] {
			t.Errorf("%s: %d years checked; levels shown %v", kind, years, levels)
		}
	}
}
