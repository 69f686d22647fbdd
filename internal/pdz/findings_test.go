package pdz

import (
	"strings"
	"testing"
)

// A year's printed total is compared with the sum of its amounts per
// source whenever both are known, also when the sheet prints a total and
// no amount per source (the sum is then zero); a blank amount is missing,
// not a disagreement.
func TestSheetYearTotalFindings(t *testing.T) {
	line := func(c int64) SheetAmount { return SheetAmount{SourceID: 1, Amount: Some(c)} }
	for _, c := range []struct {
		name string
		year SheetYear
		kind string // the finding about the year's total, "" none
		want string
	}{
		{"agrees", SheetYear{Year: 2022, Selected: true, DeclaredTotal: Some(300), Lines: []SheetAmount{line(100), line(200)}}, "", ""},
		{"disagrees", SheetYear{Year: 2022, Selected: true, DeclaredTotal: Some(302), Lines: []SheetAmount{line(100), line(200)}}, FindingInconsistent,
			"Anno 2022: il totale stampato € 3,02 non è la somma degli importi per fonte (€ 3,00): differenza € 0,02."},
		{"total without amounts", SheetYear{Year: 2023, Selected: true, DeclaredTotal: Some(150000)}, FindingInconsistent,
			"Anno 2023: il totale stampato € 1.500,00 non è la somma degli importi per fonte (€ 0,00): differenza € 1.500,00."},
		{"zero without amounts", SheetYear{Year: 2023, Selected: true, DeclaredTotal: Some(0)}, "", ""},
		{"blank amount", SheetYear{Year: 2024, Selected: true, DeclaredTotal: Some(5), Lines: []SheetAmount{{SourceID: 1}}}, FindingMissing,
			"Anno 2024: importo da definire (€ ____)."},
		{"nothing", SheetYear{Year: 2024, Selected: true}, FindingMissing, "Anno 2024: importo programmato non indicato."},
	} {
		p := &Plan{Years: []int{2022, 2023, 2024}}
		s := &Sheet{Years: []SheetYear{c.year}}
		var got []Finding
		for _, f := range p.SheetFindings(s) {
			if strings.HasPrefix(f.Message, "Anno ") && !strings.Contains(f.Message, "fonte di finanziamento non indicata") {
				got = append(got, f)
			}
		}
		switch {
		case c.kind == "" && len(got) != 0:
			t.Errorf("%s: unexpected %+v", c.name, got)
		case c.kind != "" && (len(got) != 1 || got[0].Kind != c.kind || got[0].Message != c.want):
			t.Errorf("%s: got %+v, want %s %q", c.name, got, c.kind, c.want)
		}
	}
}
