package web

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

const purgedBI = "vendor/bootstrap-italia/css/bootstrap-italia.pdz.min.css"

var (
	cssClassRe  = regexp.MustCompile(`\.(-?[A-Za-z_][A-Za-z0-9_-]*)`)
	cssNoiseRe  = regexp.MustCompile(`"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|url\([^)"']*\)|/\*(?s:.*?)\*/`)
	cssRuleRe   = regexp.MustCompile(`([^{}]+)\{`)
	classAttrRe = regexp.MustCompile(`class="([^"]*)"`)
	goStringRe  = regexp.MustCompile("\"(?:[^\"\\\\\n]|\\\\.)*\"|`[^`]*`")
	wordRe      = regexp.MustCompile(`[A-Za-z0-9_-]+`)
)

// cssSelectors returns the class names of each selector of a stylesheet
// (of the preludes of at-rules too, which name none).
func cssSelectors(css string) [][]string {
	var sels [][]string
	for _, rule := range cssRuleRe.FindAllStringSubmatch(cssNoiseRe.ReplaceAllString(css, ""), -1) {
		for _, sel := range strings.Split(rule[1], ",") {
			var classes []string
			for _, m := range cssClassRe.FindAllStringSubmatch(sel, -1) {
				classes = append(classes, m[1])
			}
			sels = append(sels, classes)
		}
	}
	return sels
}

// cssClasses returns the class names the selectors of a stylesheet name.
func cssClasses(css string) map[string]bool {
	set := map[string]bool{}
	for _, sel := range cssSelectors(css) {
		for _, c := range sel {
			set[c] = true
		}
	}
	return set
}

// usedWords returns the words that can become a class on a page: those in
// the class attributes of the templates (the literals of their actions
// included), in the string literals of the Go sources and of our scripts.
func usedWords(t *testing.T, root string) map[string]bool {
	t.Helper()
	words := map[string]bool{}
	add := func(s string) {
		for _, w := range wordRe.FindAllString(s, -1) {
			words[w] = true
		}
	}
	err := filepath.WalkDir(filepath.Join(root, "internal"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		name := d.Name()
		switch {
		case strings.HasSuffix(name, ".html"):
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			for _, m := range classAttrRe.FindAllStringSubmatch(string(b), -1) {
				add(m[1])
			}
		case strings.HasSuffix(name, ".go") && !strings.HasSuffix(name, "_test.go"),
			strings.HasSuffix(name, ".js") && !strings.Contains(p, "vendor"):
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			for _, lit := range goStringRe.FindAllString(string(b), -1) {
				add(lit)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return words
}

// Every Bootstrap Italia selector whose classes a template, a Go file or our
// JavaScript can all put on a page keeps its classes in the purged
// stylesheet (a class that the full stylesheet only styles inside a
// component we do not use, e.g. ".navbar-collapsable .nav-item", may go).
func TestBootstrapItaliaPurgedKeepsUsedClasses(t *testing.T) {
	root := repoRoot(t)
	full, err := os.ReadFile(filepath.Join(root, "scripts", "bootstrap-italia", "bootstrap-italia.min.css"))
	if err != nil {
		t.Fatal(err)
	}
	purged, err := fs.ReadFile(staticFiles, "static/"+purgedBI)
	if err != nil {
		t.Fatal(err)
	}
	if len(purged)*4 > len(full) {
		t.Errorf("purged stylesheet %d bytes, full %d: expected under a quarter", len(purged), len(full))
	}
	fullSet, purgedSet := cssClasses(string(full)), cssClasses(string(purged))
	used := usedWords(t, root)
	// The extraction sees classes written literally, composed in templates
	// and returned by Go code.
	for _, w := range []string{"container", "form-control", "is-invalid", "bg-warning", "bg-danger", "visually-hidden", "nav-link", "active"} {
		if !used[w] {
			t.Errorf("class %q not found among the words used by pages: the extraction is broken", w)
		}
	}
	styled := map[string]bool{}
	for _, sel := range cssSelectors(string(full)) {
		all := len(sel) > 0
		for _, c := range sel {
			all = all && used[c]
		}
		if all {
			for _, c := range sel {
				styled[c] = true
			}
		}
	}
	for c := range styled {
		if !purgedSet[c] {
			t.Errorf("class %q is used by a page and styled by Bootstrap Italia, but missing from %s (run scripts/purge-bootstrap-italia.sh)", c, purgedBI)
		}
	}
	if len(styled) < 100 {
		t.Errorf("only %d Bootstrap Italia classes found in use", len(styled))
	}
	for _, w := range []string{"it-carousel-wrapper", "it-header-slim-wrapper", "modal-dialog", "timeline-element"} {
		if !fullSet[w] {
			t.Errorf("full stylesheet lacks %q: wrong file?", w)
		}
		if purgedSet[w] && !used[w] {
			t.Errorf("purged stylesheet keeps unused %q", w)
		}
	}
}

// The committed stylesheet is what scripts/purge-bootstrap-italia.sh writes
// from today's sources.
func TestBootstrapItaliaPurgedIsFresh(t *testing.T) {
	root := repoRoot(t)
	bin := filepath.Join(root, "node_modules", ".bin", "purgecss")
	if _, err := os.Stat(bin); err != nil {
		if os.Getenv("PDZ_REQUIRE_TOOLS") == "1" {
			t.Fatalf("%s missing (run `npm ci`); PDZ_REQUIRE_TOOLS=1 forbids skipping", bin)
		}
		t.Skipf("%s missing (run `npm ci`); set PDZ_REQUIRE_TOOLS=1 to make this a failure", bin)
	}
	out := t.TempDir()
	cmd := exec.Command(bin, "--config", filepath.Join(root, "scripts", "bootstrap-italia", "purgecss.config.cjs"), "--output", out)
	cmd.Dir = root
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("purgecss: %v\n%s", err, b)
	}
	want, err := os.ReadFile(filepath.Join(out, "bootstrap-italia.min.css"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := fs.ReadFile(staticFiles, "static/"+purgedBI)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s is stale (%d bytes, purgecss now writes %d): run scripts/purge-bootstrap-italia.sh and commit", purgedBI, len(got), len(want))
	}
}
