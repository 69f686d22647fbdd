package bench

import (
	"io"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/pdz-ats/pdz/frameworks"
	"github.com/pdz-ats/pdz/internal/pdz"
	"github.com/pdz-ats/pdz/internal/risorse"
)

// The money of a plan (issue 6), in process: a synthetic plan of 60 sheets
// × 3 years × 12 funding sources (risorse.Synthetic, fixed seed), with
// availability, FNPS quotas, co-financing, historical spending, staff,
// progress and printed figures. BenchmarkMoneyCompute computes every total
// in every view, the budget, the co-financing split, the financial sheets,
// the checks and every rule's verdict; BenchmarkMoneyXLSX builds the
// workbook and writes it as XLSX. Targets (issue 6): ≤ 50 ms and ≤ 200 ms
// on the project's machines.
//
//	go test -run '^$' -bench Money ./internal/bench/
func moneyPlan(b *testing.B) (*risorse.Report, []pdz.Comune) {
	b.Helper()
	fws, err := frameworks.Builtin()
	if err != nil {
		b.Fatal(err)
	}
	p, comuni := risorse.Synthetic(rand.New(rand.NewPCG(60, 12)), &fws[0], 60, []int{2022, 2023, 2024}, 12)
	r := risorse.Compute(p, comuni)
	lines := 0
	for _, s := range p.Sheets {
		for _, y := range s.Years {
			lines += len(y.Lines)
		}
	}
	b.Logf("synthetic plan: %d sheets, %d years, %d sources, %d amounts, %d rules, %d printed figures",
		len(p.Sheets), len(p.Years), len(p.Sources), lines, len(r.Verdicts), len(r.Checks))
	return r, comuni
}

func BenchmarkMoneyCompute(b *testing.B) {
	r, comuni := moneyPlan(b)
	start := time.Now()
	for b.Loop() {
		risorse.Compute(r.Plan, comuni)
	}
	b.ReportMetric(float64(time.Since(start).Microseconds())/1000/float64(b.N), "ms/plan")
}

func BenchmarkMoneyXLSX(b *testing.B) {
	r, _ := moneyPlan(b)
	start := time.Now()
	for b.Loop() {
		if err := r.Workbook().WriteXLSX(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(time.Since(start).Microseconds())/1000/float64(b.N), "ms/file")
}
