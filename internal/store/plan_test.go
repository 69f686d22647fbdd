package store_test

import (
	"strings"
	"testing"

	"github.com/pdz-ats/pdz/frameworks"
	"github.com/pdz-ats/pdz/internal/pdz"
	"github.com/pdz-ats/pdz/internal/store"
)

// mustPlan installs the shipped frameworks and creates a 2022-2024 plan with
// two funding sources.
func mustPlan(t *testing.T, s *store.Store, a pdz.Ambito) (pdz.Plan, pdz.FundingSource, pdz.FundingSource) {
	t.Helper()
	fws, err := frameworks.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.InstallFrameworks(ctx, fws); err != nil {
		t.Fatal(err)
	}
	recs, err := s.Frameworks(ctx, a.ID)
	if err != nil || len(recs) != 2 {
		t.Fatalf("frameworks: %v %d", err, len(recs))
	}
	p := pdz.Plan{AmbitoID: a.ID, FrameworkID: recs[0].ID, Title: "Piano Sociale di Zona 2022-2024", Years: []int{2022, 2023, 2024}}
	if err := s.CreatePlan(ctx, admin, &p); err != nil {
		t.Fatal(err)
	}
	pdzSrc := pdz.FundingSource{PlanID: p.ID, Code: "PDZ", Name: "Budget ordinario PdZ", Kind: "budget_ordinario"}
	qfp := pdz.FundingSource{PlanID: p.ID, Code: "QFP", Name: "Quota Fondo Povertà", Kind: "qfp"}
	for _, x := range []*pdz.FundingSource{&pdzSrc, &qfp} {
		if err := s.SaveSource(ctx, admin, a.ID, x); err != nil {
			t.Fatal(err)
		}
	}
	return p, pdzSrc, qfp
}

func TestPlanSheetsAgainstFramework(t *testing.T) {
	s := newStore(t)
	a := mustAmbito(t, s, "casarano")
	p, pdzSrc, qfp := mustPlan(t, s, a)
	if p.Slug != "piano-sociale-di-zona-2022-2024" || p.Cycle != "2022-2024" || p.Status != pdz.PlanDraft {
		t.Fatalf("%q %q %q", p.Slug, p.Cycle, p.Status)
	}
	sh := pdz.Sheet{PlanID: p.ID, Code: "A.1", Title: "Segretariato Sociale - PUA", Levels: []string{"leps", "specificita"}, Areas: []string{"1"},
		Objectives:  []pdz.SheetObjective{{Area: "1", Letter: "C", Quoted: "Organizzare le PUA di Ambito Territoriale ed il relativo sistema di sportelli in rete"}},
		ScopeAmbito: true, MgmtDirect: true, Macro: "A", Intervention: "A.1", DeclaredTotal: pdz.Some(91288668),
		Years: []pdz.SheetYear{
			{Year: 2022, Selected: true, DeclaredTotal: pdz.Some(81865049), Lines: []pdz.SheetAmount{{SourceID: pdzSrc.ID, Amount: pdz.Some(14621031)}, {SourceID: qfp.ID, Amount: pdz.Some(67244018)}}},
			{Year: 2023, Selected: true, Lines: []pdz.SheetAmount{{SourceID: pdzSrc.ID, Amount: pdz.Some(9423619)}}},
			{Year: 2024, Selected: true, Lines: []pdz.SheetAmount{{SourceID: pdzSrc.ID}}},
		}}
	if err := s.SaveSheet(ctx, admin, a.ID, &sh); err != nil {
		t.Fatal(err)
	}
	sv := pdz.SheetService{SheetID: sh.ID, Name: "Servizio di Segretariato Sociale/PUA", Articles: []string{"83"}, Users: "Cittadini residenti"}
	if err := s.SaveSheetService(ctx, admin, a.ID, p.ID, &sv); err != nil {
		t.Fatal(err)
	}
	got, err := s.Plan(ctx, a.ID, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	g := got.Sheet(sh.ID)
	if g == nil || len(g.Years) != 3 || len(g.Years[0].Lines) != 2 || g.Years[0].Lines[1].SourceCode != "QFP" || len(g.Services) != 1 {
		t.Fatalf("sheet read back: %+v", g)
	}
	if g.Years[2].Lines[0].Amount.Set {
		t.Error("a blank amount came back as a number")
	}
	// Findings: the blank 2024 amount and the wrong printed 2022 total.
	fs := got.SheetFindings(g)
	text := ""
	for _, f := range fs {
		text += f.Kind + ": " + f.Message + "\n"
	}
	if !strings.Contains(text, "Anno 2024: importo da definire") {
		t.Errorf("findings lack the blank 2024 amount:\n%s", text)
	}
	if strings.Contains(text, "Anno 2022: il totale") {
		t.Errorf("2022 adds up, yet flagged:\n%s", text)
	}
	if !pdz.Incomplete(fs) {
		t.Error("a sheet with a blank amount is incomplete")
	}

	// Codes and objectives outside the framework are refused, with the reason.
	bad := sh
	bad.ID, bad.Code = 0, "A.9"
	bad.Objectives = []pdz.SheetObjective{{Area: "1", Letter: "Z"}}
	bad.Intervention = "A.9"
	bad.Years = []pdz.SheetYear{{Year: 2025, Selected: true}}
	err = s.SaveSheet(ctx, admin, a.ID, &bad)
	fields := pdz.ErrorFields(err)
	if !strings.Contains(fields["obj_1"], "le lettere previste sono A, B, C, D, E") || !strings.Contains(fields["intervention"], "A.9") ||
		!strings.Contains(fields["years"], "2025") {
		t.Errorf("bad sheet: %v", fields)
	}
	sv2 := pdz.SheetService{SheetID: sh.ID, Name: "X", Articles: []string{"999"}}
	if err := s.SaveSheetService(ctx, admin, a.ID, p.ID, &sv2); !strings.Contains(pdz.ErrorFields(err)["articles"], "999") {
		t.Errorf("unknown article: %v", err)
	}

	// A source used by amounts cannot be deleted; an unused one can.
	if err := s.DeleteSource(ctx, admin, a.ID, p.ID, qfp.ID); pdz.ErrorCode(err) != pdz.ECONFLICT {
		t.Errorf("delete used source: %v", err)
	}
	// The plan's years cannot drop one the sheets program.
	got.Years = []int{2022, 2023}
	if err := s.UpdatePlan(ctx, admin, &got); pdz.ErrorFields(err)["years"] == "" {
		t.Errorf("dropping 2024: %v", err)
	}
	// Another Ambito does not see the plan.
	other := mustAmbito(t, s, "lecce")
	if _, err := s.Plan(ctx, other.ID, p.ID); pdz.ErrorCode(err) != pdz.ENOTFOUND {
		t.Errorf("other Ambito reads the plan: %v", err)
	}
	if err := s.DeleteSheet(ctx, admin, other.ID, p.ID, sh.ID); pdz.ErrorCode(err) != pdz.ENOTFOUND {
		t.Errorf("other Ambito deletes a sheet: %v", err)
	}
	// Publication is kept on record: a published plan is not deleted.
	if err := s.SetPlanPublished(ctx, admin, a.ID, p.ID, true); err != nil {
		t.Fatal(err)
	}
	if err := s.SetPlanPublished(ctx, admin, a.ID, p.ID, false); err != nil {
		t.Fatal(err)
	}
	if err := s.DeletePlan(ctx, admin, a.ID, p.ID); pdz.ErrorCode(err) != pdz.ECONFLICT {
		t.Errorf("delete published plan: %v", err)
	}
}

func TestProfileRowsImportIsAllOrNothing(t *testing.T) {
	s := newStore(t)
	a := mustAmbito(t, s, "casarano")
	p, _, _ := mustPlan(t, s, a)
	c := pdz.Comune{AmbitoID: a.ID, Name: "Casarano", IstatCode: "075016"}
	if err := s.SaveComune(ctx, admin, &c); err != nil {
		t.Fatal(err)
	}
	d := pdz.NewDate(2021, 12, 31)
	row := pdz.ProfileRow{PlanID: p.ID, Date: d, ComuneID: c.ID, Households: pdz.Some(6917)}
	if err := s.SaveProfileRow(ctx, admin, a.ID, &row); err != nil {
		t.Fatal(err)
	}
	dup := row
	dup.ID = 0
	if err := s.SaveProfileRow(ctx, admin, a.ID, &dup); pdz.ErrorCode(err) != pdz.ECONFLICT {
		t.Errorf("duplicate row: %v", err)
	}
	imp := pdz.ProfileRow{Date: d, ComuneID: c.ID, Source: "ISTAT POSAS"}
	for i, v := range []int64{537, 1895, 563, 2563, 9462, 4532} {
		imp.Bands[i] = pdz.Some(v)
	}
	badRow := pdz.ProfileRow{Date: d, ComuneID: 999999}
	if _, err := s.ImportProfileRows(ctx, admin, a.ID, p.ID, []pdz.ProfileRow{imp, badRow}, "prova"); err == nil {
		t.Fatal("an import with an unknown Comune succeeded")
	}
	got, _ := s.Plan(ctx, a.ID, p.ID)
	if got.Profile[0].Bands[0].Set {
		t.Fatal("the failed import left data behind")
	}
	res, err := s.ImportProfileRows(ctx, admin, a.ID, p.ID, []pdz.ProfileRow{imp}, "prova")
	if err != nil || res.Updated != 1 || res.Added != 0 {
		t.Fatalf("import: %+v %v", res, err)
	}
	got, _ = s.Plan(ctx, a.ID, p.ID)
	r := got.Profile[0]
	if r.Bands[5].V != 4532 || r.Households.V != 6917 || r.Source != "ISTAT POSAS" {
		t.Errorf("merged row: %+v", r)
	}
	// A Comune with plan data is not deleted.
	if err := s.DeleteComune(ctx, admin, a.ID, c.ID); pdz.ErrorCode(err) != pdz.ECONFLICT {
		t.Errorf("delete comune with data: %v", err)
	}
}

// Frameworks are parsed once per stored text (parseFramework): a changed
// framework shows at once in the plans that use it, and the plans of the
// unchanged one keep theirs.
func TestPlanShowsChangedFrameworkAtOnce(t *testing.T) {
	s := newStore(t)
	a := mustAmbito(t, s, "casarano")
	p, _, _ := mustPlan(t, s, a)
	before, err := s.Plan(ctx, a.ID, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	rec, err := s.Framework(ctx, a.ID, p.FrameworkID)
	if err != nil {
		t.Fatal(err)
	}
	if before.Framework.Title != rec.Framework.Title || before.Framework.Title == "" {
		t.Fatalf("plan's framework %q, stored %q", before.Framework.Title, rec.Framework.Title)
	}
	rec.Framework.Title = "Piano regionale modificato"
	rec.Framework.Revision++
	if err := s.SaveFramework(ctx, admin, 0, &rec); err != nil {
		t.Fatal(err)
	}
	after, err := s.Plan(ctx, a.ID, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if after.Framework.Title != "Piano regionale modificato" || after.Framework.Revision != rec.Framework.Revision {
		t.Errorf("after the change the plan reads the framework %q revision %d", after.Framework.Title, after.Framework.Revision)
	}
	if before.Framework.Title == after.Framework.Title {
		t.Errorf("the plan loaded before the change was altered: %q", before.Framework.Title)
	}
}
