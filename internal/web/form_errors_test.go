package web

import (
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/pdz-ats/pdz/internal/pdz"
)

// A back-office form whose save fails inside the database shows the Italian
// message and keeps what was typed, and the cause reaches the log: a form
// shown again must not swallow an internal error.
func TestBackOfficeFormLogsInternalErrors(t *testing.T) {
	hs := newHarness(t, true)
	var logged strings.Builder
	hs.srv.log = slog.New(slog.NewTextHandler(&logged, nil))
	c := hs.user("resp@example.org", false, map[string]pdz.Role{"casarano": pdz.RoleResponsabile})
	p := hs.process("casarano", "pdz-2026-2028")
	// Every change writes its audit entry in the same transaction: without
	// the table the save fails as an internal error.
	if _, err := hs.st.DB().W.Exec(`DROP TABLE audit_log`); err != nil {
		t.Fatal(err)
	}
	path := "/admin/a/casarano/percorsi/" + strconv.FormatInt(p.ID, 10) + "/premesse"
	r := hs.post(path, url.Values{"lead": {"Vista la"}, "kind": {"Delibera"}, "number": {"77"},
		"date": {"2026-03-10"}, "subject": {"Oggetto da non perdere"}}, c)
	if r.code != http.StatusInternalServerError || !strings.Contains(r.body, "errore interno") ||
		strings.Contains(r.body, "audit_log") || !strings.Contains(r.body, "Oggetto da non perdere") {
		t.Fatalf("internal error on a form: %d %s", r.code, r.body)
	}
	if !strings.Contains(logged.String(), "audit_log") || !strings.Contains(logged.String(), path) {
		t.Fatalf("not logged: %q", logged.String())
	}
}

// Handlers show a failed save only through Server.formFailed, which logs
// internal errors: Form.fail is called nowhere else.
func TestFormErrorsGoThroughFormFailed(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	call := regexp.MustCompile(`\bf\w*\.fail\(|\bform\.fail\(`)
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") || f == "errors.go" {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(b), "\n") {
			if call.MatchString(line) && !strings.Contains(line, "func (f *Form) fail(") {
				t.Errorf("%s:%d calls fail directly: use s.formFailed", f, i+1)
			}
		}
	}
}
