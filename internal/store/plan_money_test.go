package store_test

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/pdz-ats/pdz/frameworks"
	"github.com/pdz-ats/pdz/internal/pdz"
	"github.com/pdz-ats/pdz/internal/pianofile"
	"github.com/pdz-ats/pdz/internal/risorse"
)

func TestSourceMoney(t *testing.T) {
	s := newStore(t)
	a := mustAmbito(t, s, "casarano")
	p, pdzSrc, qfp := mustPlan(t, s, a)
	fnps := pdz.FundingSource{PlanID: p.ID, Code: "FNPS", Name: "FNPS", Kind: "fnps"}
	if err := s.SaveSource(ctx, admin, a.ID, &fnps); err != nil {
		t.Fatal(err)
	}
	fnps.ParentID = pdzSrc.ID
	fnps.Availability = []pdz.Availability{{From: 2022, To: 2022, Amount: 46245991}, {From: 2023, To: 2024, Amount: 67144387, Notes: "insieme"}}
	fnps.Quotas = []pdz.Quota{{From: 2022, To: 2022, Quota: "libera", Amount: 46245991}}
	if err := s.SaveSourceMoney(ctx, admin, a.ID, p.ID, &fnps); err != nil {
		t.Fatal(err)
	}
	got, err := s.Plan(ctx, a.ID, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	x := got.SourceByCode("FNPS")
	if x.ParentCode != "PDZ" || len(x.Availability) != 2 || x.Availability[1].Notes != "insieme" || len(x.Quotas) != 1 {
		t.Errorf("loaded %+v", x)
	}
	for _, c := range []struct {
		x     pdz.FundingSource
		field string
	}{
		{pdz.FundingSource{ID: fnps.ID, Availability: []pdz.Availability{{From: 2021, To: 2022, Amount: 1}}}, "av_1"},
		{pdz.FundingSource{ID: fnps.ID, Availability: []pdz.Availability{{From: 2022, To: 2023, Amount: 1}, {From: 2023, To: 2023, Amount: 1}}}, "av_2"},
		{pdz.FundingSource{ID: fnps.ID, Quotas: []pdz.Quota{{From: 2022, To: 2022, Quota: "ignota", Amount: 1}}}, "q_1"},
		{pdz.FundingSource{ID: fnps.ID, ParentID: fnps.ID}, "parent_id"},
		{pdz.FundingSource{ID: qfp.ID, Quotas: []pdz.Quota{{From: 2022, To: 2022, Quota: "libera", Amount: 1}}}, "q_1"},
		{pdz.FundingSource{ID: pdzSrc.ID, Availability: []pdz.Availability{{From: 2022, To: 2022, Amount: 1}}}, "av_1"}, // composite
		{pdz.FundingSource{ID: pdzSrc.ID, ParentID: qfp.ID}, "parent_id"},                                               // has components
	} {
		err := s.SaveSourceMoney(ctx, admin, a.ID, p.ID, &c.x)
		if _, ok := pdz.ErrorFields(err)[c.field]; !ok {
			t.Errorf("%+v: %v, want a message for %s", c.x, err, c.field)
		}
	}
	// The parent cannot go while it has components; the component can.
	if err := s.DeleteSource(ctx, admin, a.ID, p.ID, pdzSrc.ID); pdz.ErrorCode(err) != pdz.ECONFLICT {
		t.Errorf("delete composite: %v", err)
	}
	if err := s.DeleteSource(ctx, admin, a.ID, p.ID, fnps.ID); err != nil {
		t.Errorf("delete component: %v", err)
	}
	// Another Ambito's plan and source are not found.
	b := mustAmbito(t, s, "lecce")
	if err := s.SaveSourceMoney(ctx, admin, b.ID, p.ID, &pdz.FundingSource{ID: qfp.ID}); pdz.ErrorCode(err) != pdz.ENOTFOUND {
		t.Errorf("other Ambito: %v", err)
	}
}

func TestCofinancingStaffProgress(t *testing.T) {
	s := newStore(t)
	a := mustAmbito(t, s, "casarano")
	p, pdzSrc, _ := mustPlan(t, s, a)
	if err := s.SaveComune(ctx, admin, &pdz.Comune{AmbitoID: a.ID, Name: "Matino", IstatCode: "075042"}); err != nil {
		t.Fatal(err)
	}
	cs, err := s.Comuni(ctx, a.ID)
	if err != nil || len(cs) == 0 {
		t.Fatalf("comuni %v", err)
	}
	c := cs[0]
	if err := s.SaveCofinancing(ctx, admin, a.ID, p.ID, pdz.CofinancingRule{Split: "a caso"}, nil); pdz.ErrorFields(err)["split"] == "" {
		t.Errorf("bad rule: %v", err)
	}
	if err := s.SaveCofinancing(ctx, admin, a.ID, p.ID, pdz.CofinancingRule{Split: pdz.SplitEntered, CashShare: 5000},
		[]pdz.ComuneAmount{{ComuneID: c.ID, Amount: 12345}}); err != nil {
		t.Fatal(err)
	}
	hist := pdz.HistoricalSpending{From: 2018, To: 2020, Amount: 300}
	commits := []pdz.Commitment{{Year: 2018, Cash: pdz.Some(10)}, {Year: 2022, Cash: pdz.Some(20), Services: pdz.Some(30)}}
	if err := s.SaveComuneMoney(ctx, admin, a.ID, p.ID, c.ID, &hist, commits); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveComuneMoney(ctx, admin, a.ID, p.ID, c.ID, nil, []pdz.Commitment{{Year: 2022}, {Year: 2022}}); pdz.ErrorFields(err)["y2"] == "" {
		t.Errorf("year twice: %v", err)
	}
	w := pdz.SocialWorkers{PlanID: p.ID, Date: pdz.NewDate(2021, 12, 31), Count: 250}
	if err := s.SaveSocialWorkers(ctx, admin, a.ID, &w); err != nil {
		t.Fatal(err)
	}
	dup := w
	dup.ID = 0
	if err := s.SaveSocialWorkers(ctx, admin, a.ID, &dup); pdz.ErrorFields(err)["date"] == "" {
		t.Errorf("same date twice: %v", err)
	}
	pr := pdz.Progress{PlanID: p.ID, Fund: "PdZ 2018-2021", Budget: pdz.Some(1000), Committed: pdz.Some(900), TargetID: pdzSrc.ID}
	if err := s.SaveProgress(ctx, admin, a.ID, &pr); err != nil {
		t.Fatal(err)
	}
	d := pdz.DeclaredMoney{PlanID: p.ID, Quantity: "avanzamento_residuo", Subject: "PdZ 2018-2021", Value: pdz.Decimal{Units: 100, Scale: 2}, Table: "tabella"}
	if err := s.SaveDeclaredMoney(ctx, admin, a.ID, &d); err != nil {
		t.Fatal(err)
	}
	got, err := s.Plan(ctx, a.ID, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	m := got.Money
	if !m.RuleSet || m.Rule.Split != pdz.SplitEntered || len(m.Quotas) != 1 || m.Quotas[0].ComuneName != c.Name ||
		len(m.Historical) != 1 || len(m.Commitments) != 2 || m.Commitments[0].Services.Set || len(m.Staff) != 1 ||
		len(m.Progress) != 1 || m.Progress[0].TargetCode != "PDZ" || len(m.Declared) != 1 {
		t.Errorf("loaded %+v", m)
	}
	// the residual flows into the target source
	r := risorse.Compute(&got, cs)
	if src := risorse.SourceByCode(r.Sources, "PDZ"); src.Available != 100 || src.Entries[0].Progress != "PdZ 2018-2021" {
		t.Errorf("flow: %+v", src.Entries)
	}
	if r.Checks[0].Computed.Italian() != "1,00" || r.Checks[0].Verdict != "concorde" {
		t.Errorf("check %+v", r.Checks[0])
	}
	// A source receiving residui, or named by a declared figure, cannot go.
	if err := s.DeleteSource(ctx, admin, a.ID, p.ID, pdzSrc.ID); pdz.ErrorCode(err) != pdz.ECONFLICT || !strings.Contains(pdz.ErrorMessage(err), "residui") {
		t.Errorf("delete target: %v", err)
	}
	for _, del := range []func() error{
		func() error { return s.DeleteSocialWorkers(ctx, admin, a.ID, p.ID, w.ID) },
		func() error { return s.DeleteProgress(ctx, admin, a.ID, p.ID, pr.ID) },
		func() error { return s.DeleteDeclaredMoney(ctx, admin, a.ID, p.ID, d.ID) },
	} {
		if err := del(); err != nil {
			t.Error(err)
		}
	}
	if err := s.DeletePlan(ctx, admin, a.ID, p.ID); err != nil {
		t.Errorf("delete plan with its money: %v", err)
	}
}

// Property: a random plan with all its money, imported then exported,
// then imported into another Ambito and exported again, gives the same
// bytes.
func TestMoneyExportImportIdentity(t *testing.T) {
	s := newStore(t)
	fws, err := frameworks.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.InstallFrameworks(ctx, fws); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(6, 2026))
	n := 6
	if testing.Short() {
		n = 2
	}
	for i := 0; i < n; i++ {
		syn, comuni := risorse.Synthetic(rng, &fws[0], 5+rng.IntN(20), []int{2022, 2023, 2024}, 4+rng.IntN(12))
		syn.Slug = "sintetico"
		first := pianofile.Bytes(pianofile.Export(syn, comuni))
		var files [][]byte
		for j := 0; j < 2; j++ {
			a := mustAmbito(t, s, "sintetico-"+string(rune('a'+i))+string(rune('a'+j)))
			f, err := pianofile.Decode(bytes.NewReader(first))
			if err != nil {
				t.Fatal(err)
			}
			in, fw, cs, err := f.ToPlan()
			if err != nil {
				t.Fatal(err)
			}
			if err := s.ImportPlan(ctx, admin, a.ID, &in, fw, cs); err != nil {
				t.Fatalf("plan %d: %v %v", i, err, pdz.ErrorFields(err))
			}
			got, err := s.Plan(ctx, a.ID, in.ID)
			if err != nil {
				t.Fatal(err)
			}
			cs2, _ := s.Comuni(ctx, a.ID)
			out := pianofile.Bytes(pianofile.Export(&got, cs2))
			files = append(files, out)
			first = out
		}
		if !bytes.Equal(files[0], files[1]) {
			t.Fatalf("plan %d: export → import → export changed the file", i)
		}
		if !strings.Contains(string(files[0]), `"componente_di": "PDZ"`) || !strings.Contains(string(files[0]), `"quote_fnps": [`) {
			t.Fatalf("plan %d: the money is not in the file", i)
		}
	}
}

// The previous plan's progress imported from a file: all or nothing; a
// fund already there is updated with what the file gives; the printed
// residual is kept as a declared figure (updated, not duplicated, by a
// second import) and checked; the residual flows into its source.
func TestImportProgress(t *testing.T) {
	s := newStore(t)
	a := mustAmbito(t, s, "casarano")
	p, pdzSrc, qfp := mustPlan(t, s, a)
	old := pdz.Progress{PlanID: p.ID, Fund: "PdZ 2018-2021", Period: "2018-2021", Budget: pdz.Some(1000), Paid: pdz.Some(5), Notes: "a mano"}
	if err := s.SaveProgress(ctx, admin, a.ID, &old); err != nil {
		t.Fatal(err)
	}
	// an invalid row anywhere: nothing changes
	bad := []pdz.Progress{{Fund: "QFP 2018-2020", Budget: pdz.Some(10)}, {Fund: ""}}
	if _, err := s.ImportProgress(ctx, admin, a.ID, p.ID, bad, nil); pdz.ErrorCode(err) != pdz.EINVALID {
		t.Fatalf("invalid row: %v", err)
	}
	// a failure in the middle of the transaction (a source of another plan) rolls back the rows before it
	other := []pdz.Progress{{Fund: "QFP 2018-2020", Budget: pdz.Some(10)}, {Fund: "X", TargetID: 1 << 40}}
	if _, err := s.ImportProgress(ctx, admin, a.ID, p.ID, other, nil); pdz.ErrorFields(err)["target_id"] == "" {
		t.Fatalf("foreign source: %v", err)
	}
	if got, _ := s.Plan(ctx, a.ID, p.ID); len(got.Money.Progress) != 1 || got.Money.Progress[0].Committed.Set {
		t.Fatalf("a failed import changed the progress: %+v", got.Money.Progress)
	}
	rows := []pdz.Progress{
		{Fund: "PdZ 2018-2021", Committed: pdz.Some(900), TargetID: pdzSrc.ID},
		{Fund: "QFP 2018-2020", Budget: pdz.Some(50), Committed: pdz.Some(20), TargetID: qfp.ID},
	}
	declared := []pdz.DeclaredMoney{{Quantity: "avanzamento_residuo", Subject: "PdZ 2018-2021", Value: pdz.Decimal{Units: 99, Scale: 2}, Table: "importato"}}
	res, err := s.ImportProgress(ctx, admin, a.ID, p.ID, rows, declared)
	if err != nil || res.Added != 1 || res.Updated != 1 {
		t.Fatalf("import: %+v %v", res, err)
	}
	declared[0].Value = pdz.Decimal{Units: 100, Scale: 2}
	if res, err = s.ImportProgress(ctx, admin, a.ID, p.ID, rows[:1], declared); err != nil || res.Updated != 1 {
		t.Fatalf("second import: %+v %v", res, err)
	}
	got, err := s.Plan(ctx, a.ID, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	pr := got.Money.Progress
	if len(pr) != 2 || pr[0].ID != old.ID || pr[0].Budget.V != 1000 || pr[0].Committed.V != 900 || pr[0].Paid.V != 5 ||
		pr[0].Period != "2018-2021" || pr[0].Notes != "a mano" || pr[0].TargetCode != "PDZ" || pr[1].Fund != "QFP 2018-2020" || pr[1].TargetCode != "QFP" {
		t.Errorf("progress after import: %+v", pr)
	}
	if len(got.Money.Declared) != 1 || got.Money.Declared[0].Value.Units != 100 || got.Money.Declared[0].Table != "importato" {
		t.Errorf("declared after import: %+v", got.Money.Declared)
	}
	cs, err := s.Comuni(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	r := risorse.Compute(&got, cs)
	if src := risorse.SourceByCode(r.Sources, "PDZ"); src.Available != 100 {
		t.Errorf("PDZ available %d, want the residual 100", src.Available)
	}
	if src := risorse.SourceByCode(r.Sources, "QFP"); src.Available != 30 {
		t.Errorf("QFP available %d, want the residual 30", src.Available)
	}
	if len(r.Checks) != 1 || r.Checks[0].Verdict != "concorde" {
		t.Errorf("check of the printed residual: %+v", r.Checks)
	}
}
