package demo_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/pdz-ats/pdz/internal/demo"
	"github.com/pdz-ats/pdz/internal/pdz"
	"github.com/pdz-ats/pdz/internal/pianofile"
	"github.com/pdz-ats/pdz/internal/profilo"
	"github.com/pdz-ats/pdz/internal/store"
	"github.com/pdz-ats/pdz/internal/testdb"
)

var ctx = context.Background()

func loadDemo(t *testing.T) (*store.Store, pdz.Ambito, pdz.Plan) {
	t.Helper()
	clock := time.Date(2026, 6, 1, 8, 0, 0, 0, time.UTC)
	st := store.New(testdb.Open(t), func() time.Time { return clock })
	if _, err := demo.Load(ctx, st); err != nil {
		t.Fatal(err)
	}
	a, err := st.AmbitoBySlug(ctx, "casarano")
	if err != nil {
		t.Fatal(err)
	}
	p, err := st.PlanBySlug(ctx, a.ID, "pdz-2022-2024")
	if err != nil {
		t.Fatal(err)
	}
	return st, a, p
}

// The demo holds seed 003's plan: 27 sheets, 23 services, the demographic
// tables, published.
func TestDemoPlanIsSeed003(t *testing.T) {
	_, _, p := loadDemo(t)
	if !p.Published || p.Status != pdz.PlanAdopted || p.AdoptedOn != pdz.NewDate(2023, 6, 1) {
		t.Errorf("published %v status %s adopted %s", p.Published, p.Status, p.AdoptedOn)
	}
	var codes []string
	services := 0
	for _, s := range p.Sheets {
		codes = append(codes, s.Code)
		services += len(s.Services)
	}
	want := "A.1 A.2 A.3 B.1 B.2 B.3 B.4 B.5 B.6 B.7 B.8 C.1 C.2 C.3 C.4 D.2 D.4 E.1 E.3 E.8 F.2 F.3 F.4 F.6 F.7 F.8 T"
	if strings.Join(codes, " ") != want {
		t.Errorf("sheets %s", strings.Join(codes, " "))
	}
	if len(p.Inventory) != 23 || services != 52 || len(p.Profile) != 9 {
		t.Errorf("%d inventory rows, %d services, %d profile rows", len(p.Inventory), services, len(p.Profile))
	}
	active := map[string]int{}
	for _, x := range p.Inventory {
		active[x.Active]++
	}
	if active["si"] != 20 || active["no"] != 2 || active[""] != 1 {
		t.Errorf("inventory active: %v (seed: 20 SI, 2 NO, 1 blank)", active)
	}
	// Programmed totals, computed from the amounts by source.
	var all int64
	for _, s := range p.Sheets {
		v, _ := s.Computed()
		all += v
	}
	sheet := func(code string) *pdz.Sheet { return p.SheetByCode(code) }
	for code, want := range map[string]int64{"A.1": 91288668, "A.2": 138302626, "B.3": 122714879, "B.4": 74292735, "F.6": 107895915, "T": 26824203} {
		if got, _ := sheet(code).Computed(); got != want {
			t.Errorf("%s total %s, want %s", code, pdz.MoneyValue(got), pdz.MoneyValue(want))
		}
	}
	if _, complete := sheet("B.1").Computed(); complete {
		t.Error("B.1 has blank amounts: its total is not complete")
	}
	if all != 993919722 {
		t.Errorf("sum of every sheet's known amounts: € %s", pdz.MoneyValue(all))
	}
}

// The profile reproduces seed 003's right figures and flags the wrong ones.
func TestDemoProfileChecks(t *testing.T) {
	st, a, p := loadDemo(t)
	cs, err := st.Comuni(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	prof := profilo.Build(p.Profile, p.Declared, cs)
	latest := prof.Latest()
	amb := latest.Ambito
	if amb.Population().V != 70274 || amb.Households.V != 27619 || amb.Balance().V != -152 {
		t.Errorf("Ambito: population %v households %v balance %v", amb.Population(), amb.Households, amb.Balance())
	}
	var flagged, rounded []string
	summary := profilo.Summarize(prof.Checks())
	for _, c := range prof.Checks() {
		line := fmt.Sprintf("%s %s %s: %s ≠ %s (%s)", c.Declared.Date, c.Territory, c.Declared.Quantity, c.Declared.Value.Italian(), c.Computed.Italian(), c.Declared.Table)
		switch {
		case c.Verdict.Flagged():
			flagged = append(flagged, line)
		case c.Verdict == profilo.Rounded:
			rounded = append(rounded, line)
		}
	}
	sort.Strings(flagged)
	want := []string{
		"2021-12-31 Ambito popolazione: 70.275 ≠ 70.274 (Tabella delle famiglie)",
		"2021-12-31 Ambito popolazione: 70.275 ≠ 70.274 (Tabella n. 1)",
		"2021-12-31 Ambito popolazione: 70.275 ≠ 70.274 (Testo del cap. I)",
		"2021-12-31 Ambito var_popolazione: -1.529 ≠ -1.530 (Testo del cap. I)",
		"2021-12-31 Casarano ampiezza_famiglie: 3,2 ≠ 2,83 (Tabella delle famiglie)",
		"2021-12-31 Casarano ampiezza_famiglie: 3,2 ≠ 2,83 (Testo del cap. I)",
		"2021-12-31 Matino ampiezza_famiglie: 2 ≠ 2,41 (Tabella delle famiglie)",
		"2021-12-31 Parabita popolazione: 8.824 ≠ 8.823 (Tabella delle famiglie)",
		"2021-12-31 Supersano ampiezza_famiglie: 3 ≠ 2,51 (Tabella delle famiglie)",
	}
	if strings.Join(flagged, "\n") != strings.Join(want, "\n") {
		t.Errorf("flagged:\n%s\nwant:\n%s", strings.Join(flagged, "\n"), strings.Join(want, "\n"))
	}
	if len(rounded) != 2 || !strings.Contains(rounded[0], "ampiezza_famiglie: 2,5 ≠ 2,54") {
		t.Errorf("rounded: %v", rounded)
	}
	// Everything else the seed prints is right, or (2018) cannot be recomputed.
	if summary.Agree != 58 || summary.Unverifiable != 2 {
		t.Errorf("summary %+v", summary)
	}
}

// Sheets: what is missing and what disagrees, as the seed prints them.
func TestDemoSheetFindings(t *testing.T) {
	_, _, p := loadDemo(t)
	var incomplete []string
	found := map[string]string{}
	for i := range p.Sheets {
		s := &p.Sheets[i]
		fs := p.SheetFindings(s)
		if pdz.Incomplete(fs) {
			incomplete = append(incomplete, s.Code)
		}
		for _, f := range fs {
			found[s.Code] += f.Kind + ": " + f.Message + "\n"
		}
		if err := p.CheckSheet(s); err != nil {
			t.Errorf("%s does not pass the framework check: %v", s.Code, pdz.ErrorFields(err))
		}
	}
	for code, want := range map[string][]string{
		"B.4": {"incoerente: Il totale stampato € 742.927,33 non è la somma delle annualità (€ 742.927,35): differenza € 0,02.",
			"mancante: Livello di priorità non indicato.", "mancante: Area strategica non indicata.",
			"incoerente: L'obiettivo C dell'area «Politiche familiari e la tutela dei minori» è citato come «PROMUOVERE LA DIFFUSIONE"},
		"E.8": {"incoerente: L'obiettivo E dell'area «Politiche familiari e la tutela dei minori» è citato come «Potenziare le diverse forme di accoglienza»"},
		"F.3": {"incoerente: L'obiettivo E dell'area «Politiche per l'integrazione delle persone con disabilità"},
		"F.6": {"incoerente: L'obiettivo A dell'area «Pari opportunità e conciliazione vita-lavoro» appartiene a un'area strategica non indicata nella scheda."},
		"B.1": {"mancante: Anno 2022: importo da definire (€ ____).", "mancante: Anno 2024: importo da definire (€ ____)."},
		"E.3": {"mancante: Nessuna annualità programmata: importi da definire."},
		"T":   {"avviso: Anno 2022: sono indicati importi ma l'annualità non è spuntata.", "mancante: Macro-attività non indicata."},
		"F.8": {"avviso: Obiettivo non previsto dal quadro regionale: «Superamento ed eliminazione delle barriere architettoniche in favore di disabili»."},
	} {
		for _, w := range want {
			if !strings.Contains(found[code], w) {
				t.Errorf("%s lacks %q; it has:\n%s", code, w, found[code])
			}
		}
	}
	// Sheets that agree with the framework are not flagged for their titles.
	for _, code := range []string{"A.1", "A.2", "C.2", "C.3", "D.2"} {
		if strings.Contains(found[code], "è citato come") {
			t.Errorf("%s: a faithful citation is flagged:\n%s", code, found[code])
		}
	}
	// Incomplete sheets are listed; these eight say everything the sheet asks.
	want := "A.2 A.3 B.1 B.2 B.4 B.5 B.6 B.7 C.2 C.3 E.1 E.3 E.8 F.2 F.3 F.6 F.7 F.8 T"
	if strings.Join(incomplete, " ") != want {
		t.Errorf("incomplete: %s\nwant:       %s", strings.Join(incomplete, " "), want)
	}
}

// Export → import into an empty Ambito → export gives the same bytes, and
// the demo file itself is what the exporter writes.
func TestPlanFileRoundTrip(t *testing.T) {
	st, a, p := loadDemo(t)
	cs, _ := st.Comuni(ctx, a.ID)
	first := pianofile.Bytes(pianofile.Export(&p, cs))
	if !bytes.Equal(first, demo.Casarano2022()) {
		os.WriteFile(filepath.Join(t.TempDir(), "export.json"), first, 0o644)
		t.Errorf("the export of the demo plan differs from the embedded file (%d vs %d bytes)", len(first), len(demo.Casarano2022()))
		diffAt(t, first, demo.Casarano2022())
	}
	empty := pdz.Ambito{Slug: "vuoto", Name: "Ambito vuoto"}
	if err := st.CreateAmbito(ctx, pdz.SystemActor, &empty); err != nil {
		t.Fatal(err)
	}
	f, err := pianofile.Decode(bytes.NewReader(first))
	if err != nil {
		t.Fatal(err)
	}
	in, fw, comuni, err := f.ToPlan()
	if err != nil {
		t.Fatal(err)
	}
	if err := st.ImportPlan(ctx, pdz.SystemActor, empty.ID, &in, fw, comuni); err != nil {
		t.Fatal(err)
	}
	q, err := st.Plan(ctx, empty.ID, in.ID)
	if err != nil {
		t.Fatal(err)
	}
	cs2, _ := st.Comuni(ctx, empty.ID)
	second := pianofile.Bytes(pianofile.Export(&q, cs2))
	if !bytes.Equal(first, second) {
		t.Errorf("round trip changed the file")
		diffAt(t, first, second)
	}
	// Importing the same plan again is refused (same identifier), and
	// leaves nothing behind.
	before, _ := st.Plans(ctx, empty.ID, false)
	in2, fw2, comuni2, _ := f.ToPlan()
	if err := st.ImportPlan(ctx, pdz.SystemActor, empty.ID, &in2, fw2, comuni2); pdz.ErrorCode(err) != pdz.ECONFLICT {
		t.Errorf("second import: %v", err)
	}
	after, _ := st.Plans(ctx, empty.ID, false)
	if len(after) != len(before) {
		t.Error("a failed import left a plan behind")
	}
}

func diffAt(t *testing.T, a, b []byte) {
	t.Helper()
	n := min(len(a), len(b))
	for i := 0; i < n; i++ {
		if a[i] != b[i] {
			lo := max(0, i-200)
			t.Errorf("first difference at byte %d:\n--- a ---\n%s\n--- b ---\n%s", i, a[lo:min(len(a), i+200)], b[lo:min(len(b), i+200)])
			return
		}
	}
}
