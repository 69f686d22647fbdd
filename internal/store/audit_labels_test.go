package store

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/pdz-ats/pdz/internal/pdz"
)

// Every action and entity the store writes to the audit log has an Italian
// label: the log page shows labels, never the identifiers of the code.
func TestAuditLabelsCoverTheStore(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	call := regexp.MustCompile(`s\.audit\([^,]+, tx, [^,]+, [^,]+, (?:"([a-z_]+)"|\w+), (?:"([a-z_]+)"|[\w.]+),`)
	actionVar := regexp.MustCompile(`action(?:, summary)? :?= "([a-z_]+)"`)
	partEntity := regexp.MustCompile(`part\{"[a-z_]+", "([a-z_]+)"`)
	planDelete := regexp.MustCompile(`deleteInPlan\(ctx, [^"]*"[a-z_]+", "([a-z_]+)"`)
	actions, entities := map[string]bool{}, map[string]bool{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		src := string(b)
		for _, m := range call.FindAllStringSubmatch(src, -1) {
			if m[1] != "" {
				actions[m[1]] = true
			}
			if m[2] != "" {
				entities[m[2]] = true
			}
		}
		for _, m := range actionVar.FindAllStringSubmatch(src, -1) {
			actions[m[1]] = true
		}
		for _, re := range []*regexp.Regexp{partEntity, planDelete} {
			for _, m := range re.FindAllStringSubmatch(src, -1) {
				entities[m[1]] = true
			}
		}
	}
	if len(actions) < 5 || len(entities) < 20 {
		t.Fatalf("the scan found too little: %v %v", actions, entities)
	}
	for a := range actions {
		if e := (pdz.AuditEntry{Action: a}); e.ActionLabel() == a {
			t.Errorf("action %q has no Italian label", a)
		}
	}
	for n := range entities {
		if e := (pdz.AuditEntry{Entity: n}); e.EntityLabel() == n {
			t.Errorf("entity %q has no Italian label", n)
		}
	}
}
