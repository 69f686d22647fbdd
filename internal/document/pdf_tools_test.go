package document

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The documents are checked with the programs people and validators use:
// poppler's pdfinfo (metadata, "Tagged", the structure tree with -struct),
// pdftotext (the text, page by page) and qpdf (syntax; the catalog and the
// structure elements as JSON). CI installs them (.ci/run); elsewhere these
// tests skip unless PDZ_REQUIRE_TOOLS=1.

func pdfTool(t *testing.T, name string) string {
	t.Helper()
	bin, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("PDZ_REQUIRE_TOOLS") == "1" {
			t.Fatalf("%s not installed; PDZ_REQUIRE_TOOLS=1 forbids skipping", name)
		}
		t.Skipf("%s not installed (Debian packages poppler-utils, qpdf)", name)
	}
	return bin
}

func run(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(pdfTool(t, name), args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

// pdfFile writes pdf to a temporary file and checks it with qpdf --check.
func pdfFile(t *testing.T, pdf []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	if out := run(t, "qpdf", "--check", path); !strings.Contains(out, "No syntax or stream encoding errors") {
		t.Fatalf("qpdf --check: %s", out)
	}
	return path
}

// pdfInfo is pdfinfo's "Key: value" lines.
func pdfInfo(t *testing.T, path string) map[string]string {
	t.Helper()
	info := map[string]string{}
	for _, l := range strings.Split(run(t, "pdfinfo", "-enc", "UTF-8", path), "\n") {
		if k, v, ok := strings.Cut(l, ":"); ok {
			info[k] = strings.TrimSpace(v)
		}
	}
	return info
}

// structTypes lists the structure elements pdfinfo -struct prints, in its
// (depth-first, reading) order.
func structTypes(t *testing.T, path string) []string {
	t.Helper()
	var out []string
	for _, l := range strings.Split(run(t, "pdfinfo", "-struct", path), "\n") {
		f := strings.Fields(l)
		if len(f) == 0 || strings.HasPrefix(f[0], "/") || strings.HasPrefix(f[0], `"`) {
			continue
		}
		out = append(out, strings.TrimSuffix(f[0], ":"))
	}
	return out
}

// catalogFacts reads, with qpdf's JSON, the catalog's /Lang and
// /ViewerPreferences and the /Alt of every Figure element.
func catalogFacts(t *testing.T, path string) (lang string, displayTitle bool, alts []string) {
	t.Helper()
	var doc struct {
		QPDF []map[string]json.RawMessage `json:"qpdf"`
	}
	if err := json.Unmarshal([]byte(run(t, "qpdf", "--json=2", "--json-key=qpdf", path)), &doc); err != nil || len(doc.QPDF) < 2 {
		t.Fatalf("qpdf --json: %v", err)
	}
	objects := map[string]map[string]any{}
	for k, raw := range doc.QPDF[1] {
		var o struct {
			Value any `json:"value"`
		}
		if json.Unmarshal(raw, &o) == nil {
			if d, ok := o.Value.(map[string]any); ok {
				objects[k] = d
			}
		}
	}
	root, _ := objects["trailer"]["/Root"].(string)
	cat := objects["obj:"+root]
	if cat == nil {
		t.Fatalf("no catalog %q", root)
	}
	lang, _ = cat["/Lang"].(string)
	vp, _ := cat["/ViewerPreferences"].(map[string]any)
	displayTitle, _ = vp["/DisplayDocTitle"].(bool)
	for _, o := range objects {
		if o["/S"] == "/Figure" {
			alt, _ := o["/Alt"].(string)
			alts = append(alts, strings.TrimPrefix(alt, "u:"))
		}
	}
	return strings.TrimPrefix(lang, "u:"), displayTitle, alts
}

// pageTexts is the text of each page in pdftotext's layout mode.
func pageTexts(t *testing.T, path string) []string {
	t.Helper()
	n, err := strconv.Atoi(pdfInfo(t, path)["Pages"])
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for i := 1; i <= n; i++ {
		out = append(out, run(t, "pdftotext", "-q", "-layout", "-enc", "UTF-8", "-f", strconv.Itoa(i), "-l", strconv.Itoa(i), path, "-"))
	}
	return out
}

// subsequence reports whether want appears in got in order (not
// necessarily adjacent).
func subsequence(got, want []string) bool {
	i := 0
	for _, g := range got {
		if i < len(want) && g == want[i] {
			i++
		}
	}
	return i == len(want)
}
