package demo_test

import (
	"flag"
	"os"
	"testing"

	"github.com/pdz-ats/pdz/internal/pianofile"
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
