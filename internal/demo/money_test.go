package demo_test

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/pdz-ats/pdz/internal/pianofile"
	"github.com/pdz-ats/pdz/internal/profilo"
	"github.com/pdz-ats/pdz/internal/risorse"
)

var update = flag.Bool("update", false, "rewrite casarano-2022-2024.json with the exporter's output (after editing it by hand)")

// With -update, the demo file is rewritten in the exporter's canonical
// form, so that a hand edit can be normalised before TestPlanFileRoundTrip
// compares it byte for byte.
func TestUpdateDemoFile(t *testing.T) {
	if !*update {
		t.Skip("run with -update to rewrite the demo file")
	}
	st, a, p := loadDemo(t)
	cs, _ := st.Comuni(ctx, a.ID)
	if err := os.WriteFile("casarano-2022-2024.json", pianofile.Bytes(pianofile.Export(&p, cs)), 0o644); err != nil {
		t.Fatal(err)
	}
}

func moneyReport(t *testing.T) *risorse.Report {
	t.Helper()
	st, a, p := loadDemo(t)
	cs, err := st.Comuni(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	return risorse.Compute(&p, cs)
}

// The figures chapter III (and §§ 1.3-1.4) of seed 003 prints, against
// those computed from its own data: seven disagree (hand-summed totals and
// a hand-split cent), two are roundings, the rest agree.
func TestDemoMoneyChecks(t *testing.T) {
	r := moneyReport(t)
	var flagged, rounded []string
	for _, c := range r.Checks {
		line := fmt.Sprintf("%s %s: %s ≠ %s (%s)", c.Declared.Quantity, c.Subject, c.Declared.Value.Italian(), c.Computed.Italian(), c.Diff.Italian())
		switch {
		case c.Verdict.Flagged():
			flagged = append(flagged, line)
		case c.Verdict == profilo.Rounded:
			rounded = append(rounded, line)
		case c.Verdict != profilo.Agree:
			t.Errorf("not computed: %s: %s", line, c.Basis)
		}
	}
	want := []string{
		// § 1.4, co-financing 2018-2021: a row total and two column totals
		"cofinanziamento_denaro Collepasso, 2018-2021: 149.888,47 ≠ 149.888,46 (0,01)",
		"cofinanziamento_denaro Ambito, 2019: 370.494,57 ≠ 370.494,56 (0,01)",
		"cofinanziamento_denaro Ambito, 2020: 457.937,24 ≠ 457.937,25 (-0,01)",
		// § 3.1, minimum co-financing: Supersano's € 54.411,81 halved as
		// 27.205,90 + 27.205,90 loses a cent; the services column's total is
		// not the sum of its rows
		"cofinanziamento_minimo_denaro Supersano: 27.205,90 ≠ 27.205,91 (-0,01)",
		"cofinanziamento_minimo_servizi Ambito: 452.198,43 ≠ 452.198,42 (0,01)",
		// § 3.1, BUDGET PDZ 2022-2024: FGSA 560.884,16 where its own table
		// sums to 560.884,17, and the budget total with it
		"budget_ordinario 2022-2024: 8.515.853,74 ≠ 8.515.853,75 (-0,01)",
		"disponibilita_fonte FGSA, 2022-2024: 560.884,16 ≠ 560.884,17 (-0,01)",
	}
	got := strings.Join(flagged, "\n")
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("not flagged: %s\nflagged:\n%s", w, got)
		}
	}
	if len(flagged) != len(want) {
		t.Errorf("%d flagged, want %d:\n%s", len(flagged), len(want), got)
	}
	if len(rounded) != 2 || !strings.Contains(rounded[0], "cofinanziamento_percentuale 2022: 169 ≠ 169,46") ||
		!strings.Contains(rounded[1], "cofinanziamento_servizi_percentuale 2022: 119 ≠ 119,46") {
		t.Errorf("rounded: %v", rounded)
	}
	if s := r.Summary(); s.Flagged != 7 || s.Rounded != 2 || s.Unverifiable != 0 || s.Agree != len(r.Checks)-9 {
		t.Errorf("summary %+v of %d", s, len(r.Checks))
	}
}

// The rules of the 2022-2024 framework on the demo: the seed says the
// Ambito does not keep its historical spending, and by how much.
func TestDemoMoneyVerdicts(t *testing.T) {
	r := moneyReport(t)
	figure := func(fs []risorse.Figure, label string) string {
		for _, f := range fs {
			if f.Label == label {
				return f.Text()
			}
		}
		return "(assente: " + label + ")"
	}
	outcome := map[string]risorse.Outcome{}
	for _, v := range r.Verdicts {
		outcome[v.Rule.ID] = v.Outcome
	}
	want := map[string]risorse.Outcome{
		"capienza-fonti":                risorse.Unknown, // the seed gives no availability for PAIS, PNRR, PAC, regional funds …
		"quote-fnps":                    risorse.Met,
		"cofinanziamento-spesa-storica": risorse.NotMet,
		"cofinanziamento-minimo":        risorse.Met,
		"leps-finanziati":               risorse.NotMet, // Pronto Intervento Sociale: B.7 has REACT-EU money only
		"assistenti-sociali-minimo":     risorse.Unknown,
		"assistenti-sociali-obiettivo":  risorse.Unknown,
		"avanzamento-coerente":          risorse.Unknown, // the paid amount (liquidato) is not given
	}
	for id, o := range want {
		if outcome[id] != o {
			t.Errorf("%s: %s, want %s", id, outcome[id], o)
		}
	}
	v := r.Verdict("cofinanziamento-spesa-storica")
	if figure(v.Figures, "Spesa storica media annua") != "€ 1.809.963,90" || v.Shortfall == nil || v.Shortfall.Text() != "€ 832.045,72" {
		t.Errorf("spesa storica: %+v %+v", v.Figures, v.Shortfall)
	}
	for _, p := range v.Parts {
		if figure(p.Figures, "Cofinanziamento (denaro e servizi)") != "€ 1.532.615,33" || p.Shortfall.Text() != "€ 277.348,57" {
			t.Errorf("spesa storica %s: %+v %+v", p.Label, p.Figures, p.Shortfall)
		}
	}
	v = r.Verdict("cofinanziamento-minimo")
	if figure(v.Figures, "Trasferimenti ordinari 2022") != "€ 904.396,85" || figure(v.Parts[0].Figures, "Cofinanziamento in rapporto al minimo") != "169,46%" {
		t.Errorf("minimo: %+v %+v", v.Figures, v.Parts[0].Figures)
	}
	v = r.Verdict("capienza-fonti")
	parts := map[string]risorse.Part{}
	for _, p := range v.Parts {
		parts[strings.SplitN(p.Label, " ", 2)[0]] = p
	}
	if p := parts["PDZ"]; p.Outcome != risorse.Met || figure(p.Figures, "Disponibile nel piano") != "€ 6.774.723,17" ||
		figure(p.Figures, "Programmato nel piano") != "€ 3.731.520,65" || figure(p.Figures, "Non programmato") != "€ 3.043.202,52" {
		t.Errorf("PDZ: %+v", p)
	}
	// QFP: € 15.000 programmed in 2023 is covered by what 2022 left (carry-over)
	if p := parts["QFP"]; p.Outcome != risorse.Met || figure(p.Figures, "Non programmato") != "€ 31.989,19" ||
		figure(p.Figures, "2023: riportato dagli anni precedenti") != "€ 46.989,19" {
		t.Errorf("QFP: %+v", p)
	}
	if p := parts["PAIS"]; p.Outcome != risorse.Unknown || p.Missing[0] != "la disponibilità della fonte «PAIS»" {
		t.Errorf("PAIS: %+v", p)
	}
	v = r.Verdict("leps-finanziati")
	for _, p := range v.Parts {
		if (p.Label == "Pronto Intervento Sociale") != (p.Outcome == risorse.NotMet) {
			t.Errorf("LEPS %s: %s %v", p.Label, p.Outcome, p.Notes)
		}
	}
	v = r.Verdict("assistenti-sociali-minimo")
	if figure(v.Figures, "Assistenti sociali necessari (1 ogni 5.000 abitanti)") != "14,06" || figure(v.Figures, "Abitanti per assistente sociale") != "14.055" ||
		!strings.Contains(v.Missing[0], "Casarano, Collepasso, Matino, Parabita, Ruffano, Supersano e Taurisano") {
		t.Errorf("assistenti sociali: %+v %v", v.Figures, v.Missing)
	}
	v = r.Verdict("avanzamento-coerente")
	if v.Parts[0].Outcome != risorse.Met || v.Parts[1].Missing[0] != "l'importo liquidato di «PdZ 2018-2021»" {
		t.Errorf("avanzamento: %+v", v.Parts)
	}
}

// Budget, financial sheets, co-financing split, as computed on the demo.
func TestDemoMoneyTables(t *testing.T) {
	r := moneyReport(t)
	if r.Budget.Total != 851585375 || len(r.Budget.Periods) != 2 || r.Budget.ByPeriod[0] != 445199679 || r.Budget.ByPeriod[1] != 406385696 {
		t.Errorf("budget %d %v %v", r.Budget.Total, r.Budget.Periods, r.Budget.ByPeriod)
	}
	if r.Budget.Allocated.Cents != 544066204 || !r.Budget.Allocated.Complete {
		t.Errorf("allocated from the budget: %+v", r.Budget.Allocated)
	}
	fin := map[string]risorse.FinSheet{}
	for _, f := range r.FinSheets {
		fin[f.Code] = f
	}
	if a := fin["A"]; len(a.Rows) != 19 || a.Total.Cents != 544066204 || !a.Total.Complete {
		t.Errorf("Scheda A: %d rows, %+v", len(a.Rows), a.Total)
	}
	if b := fin["B-COM"]; !b.Empty() {
		t.Errorf("Scheda B-COM is not programmed in seed 003: %+v", b.Total)
	}
	if c := fin["C"]; len(c.Rows) != 16 || c.Total.Cents != 449853518 || c.Total.Complete {
		t.Errorf("Scheda C: %d rows, %+v (B.1's amounts are blank)", len(c.Rows), c.Total)
	}
	if r.Totals.Grand.Cents != 993919722 || fin["A"].Total.Cents+fin["C"].Total.Cents != r.Totals.Grand.Cents {
		t.Errorf("grand total %+v", r.Totals.Grand)
	}
	// The minimum split as printed, and by the population of the age-band
	// table (31/12/2021): the printed one uses Parabita 8.824 and 70.275.
	diff := map[string]int64{}
	for _, c := range r.Cofin.Comuni {
		diff[c.Comune.Name] = c.ByPopulation.V - c.Minimum.V
	}
	wantDiff := map[string]int64{"Casarano": 359, "Collepasso": 105, "Matino": 203, "Parabita": -1126, "Ruffano": 172, "Supersano": 77, "Taurisano": 210}
	for k, v := range wantDiff {
		if diff[k] != v {
			t.Errorf("%s: by population − printed = %d cents, want %d", k, diff[k], v)
		}
	}
	if r.Cofin.Minimum.V != 90439685 || r.Cofin.Cash.V != 45219843 || r.Cofin.Services.V != 45219842 {
		t.Errorf("minimum %v, cash %v, services %v", r.Cofin.Minimum, r.Cofin.Cash, r.Cofin.Services)
	}
}
