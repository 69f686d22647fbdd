package frameworks

import (
	"bytes"
	"testing"

	"github.com/pdz-ats/pdz/internal/pdz"
)

// The shipped files parse, validate, and are already in canonical form, so
// that a framework loaded and saved again does not change by a byte.
func TestBuiltinFrameworks(t *testing.T) {
	fws, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	if len(fws) != 2 {
		t.Fatalf("%d frameworks, want 2", len(fws))
	}
	for _, fw := range fws {
		raw, err := Files.ReadFile(fw.Slug + ".json")
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(raw, fw.Canonical()) {
			t.Errorf("%s.json is not in canonical form: format it with the product's own writer", fw.Slug)
		}
	}
	f22, f26 := fws[0], fws[1]
	if len(f22.Areas) != 7 || len(f26.Areas) != 9 {
		t.Errorf("areas: %d and %d, want 7 (seed 003) and 9 (seed 000)", len(f22.Areas), len(f26.Areas))
	}
	if f26.Areas[8].Title != "L'invecchiamento attivo" {
		t.Errorf("2026-2028 area 9: %q", f26.Areas[8].Title)
	}
	// Every intervention code seed 003's sheets use is in the 2022-2024 framework.
	for _, c := range []string{"A.1", "A.2", "A.3", "B.1", "B.2", "B.3", "B.4", "B.5", "B.6", "B.7", "B.8", "C.1", "C.2", "C.3", "C.4",
		"D.2", "D.4", "E.1", "E.3", "E.8", "F.2", "F.3", "F.4", "F.6", "F.7", "F.8", "T"} {
		if it, _ := f22.Intervention(c); it == nil {
			t.Errorf("intervention %s missing", c)
		}
	}
	for _, l := range []string{"leps", "potenziamento", "ods", "specificita"} {
		if f22.Level(l) == nil || f26.Level(l) == nil {
			t.Errorf("priority level %s missing", l)
		}
	}
	if f22.Complete || f26.Complete || len(f22.ToComplete) == 0 || len(f26.ToComplete) == 0 {
		t.Error("the frameworks must say they are incomplete: the official lists are not in the seeds")
	}
	if o := f22.Objective("2", "E"); o == nil || !pdz.SameTitle("Consolidare e potenziare gli interventi realizzati nell’ambito del programma \"Care Leavers\"", o.Title) {
		t.Errorf("objective 2.E: %+v", o)
	}
}
