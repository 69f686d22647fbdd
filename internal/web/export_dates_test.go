package web

import (
	"encoding/csv"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pdz-ats/pdz/internal/pdz"
)

// rawCSVFilter is the LibreOffice filter that writes every sheet of a
// spreadsheet to its own CSV ("file-Sheet.csv"), comma-separated, with the
// cells' raw values (1234.5, not "€ 1.234,50").
const rawCSVFilter = "csv:Text - txt - csv (StarCalc):44,34,76,1,,1033,false,true,false,false,false,-1"

// sofficeCSV converts files with LibreOffice (headless, the time zone of
// the process set to tz) to CSV, every sheet to its own file in out, with
// the given filter options (rawCSVFilter, or see money_export_test.go).
// Without soffice it skips t, or fails it under PDZ_REQUIRE_TOOLS=1.
func sofficeCSV(t *testing.T, dir, tz, filter, out string, files ...string) {
	t.Helper()
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		if os.Getenv("PDZ_REQUIRE_TOOLS") == "1" {
			t.Fatal("soffice missing (Debian package libreoffice-calc-nogui); PDZ_REQUIRE_TOOLS=1 forbids skipping")
		}
		t.Skip("soffice missing (Debian package libreoffice-calc-nogui); set PDZ_REQUIRE_TOOLS=1 to make this a failure")
	}
	cmd := exec.Command(soffice, append([]string{"--headless", "--norestore", "-env:UserInstallation=file://" + filepath.Join(dir, "profile"),
		"--convert-to", filter, "--outdir", out}, files...)...)
	cmd.Dir, cmd.Env = dir, append(os.Environ(), "TZ="+tz)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, b)
	}
}

// sheetsAsCSV downloads prefix+"xlsx" and prefix+"ods" as c, has
// LibreOffice (Europe/Rome) write every sheet of both as CSV, and returns
// the folder: the sheet S of the EXT file is name-EXT-S.csv there.
func sheetsAsCSV(t *testing.T, hs *harness, prefix, name string, c *http.Cookie) string {
	t.Helper()
	dir := t.TempDir()
	var files []string
	for _, ext := range []string{"xlsx", "ods"} {
		r := hs.get(prefix+ext, c)
		if r.code != http.StatusOK {
			t.Fatalf("%s: %d", prefix+ext, r.code)
		}
		f := filepath.Join(dir, name+"-"+ext+"."+ext)
		if err := os.WriteFile(f, []byte(r.body), 0o600); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	out := filepath.Join(dir, "out")
	sofficeCSV(t, dir, "Europe/Rome", rawCSVFilter, out, files...)
	return out
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("LibreOffice wrote no %s: %v", filepath.Base(path), err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return recs
}

// A date exported is the date entered: the founding date of «Il Ponte»,
// 15/03/2004, in the registrations' CSV, XLSX and ODS as LibreOffice reads
// them, with the server and LibreOffice in Europe/Rome and in UTC (the
// exports once gave 14/03/2004).
func TestExportedDatesAreTheDatesEntered(t *testing.T) {
	hs := newHarness(t, true)
	op := hs.user("op@example.org", false, map[string]pdz.Role{"casarano": pdz.RoleOperatore})
	p := hs.process("casarano", "pdz-2026-2028")
	base := "/admin/a/casarano/percorsi/" + strconv.FormatInt(p.ID, 10) + "/esportazioni/iscrizioni."
	saved := time.Local
	defer func() { time.Local = saved }()
	for _, zone := range []string{"Europe/Rome", "UTC"} {
		loc, err := time.LoadLocation(zone)
		if err != nil {
			t.Fatal(err)
		}
		time.Local = loc
		dir := t.TempDir()
		var files []string
		for _, ext := range []string{"csv", "xlsx", "ods"} {
			r := hs.get(base+ext, op)
			if r.code != 200 {
				t.Fatalf("%s: %d", ext, r.code)
			}
			if ext == "csv" {
				if !strings.Contains(r.body, ";15/03/2004;") || strings.Contains(r.body, "14/03/2004") {
					t.Errorf("TZ %s: the CSV does not give the founding date 15/03/2004", zone)
				}
			}
			f := filepath.Join(dir, ext+"."+ext)
			if err := os.WriteFile(f, []byte(r.body), 0o600); err != nil {
				t.Fatal(err)
			}
			files = append(files, f)
		}
		out := filepath.Join(dir, "out")
		// raw values, en-US: a date is mm/dd/yyyy
		sofficeCSV(t, dir, zone, rawCSVFilter, out, files[1:]...)
		sofficeCSV(t, dir, zone, "csv:Text - txt - csv (StarCalc):44,34,76,1,,1033,false,true,false,false,false", filepath.Join(out, "csv"),
			"--infilter=CSV:59,34,76,1,,1040", files[0])
		for _, file := range []string{"xlsx-Iscrizioni.csv", "ods-Iscrizioni.csv", filepath.Join("csv", "csv.csv")} {
			recs := readCSV(t, filepath.Join(out, file))
			col := -1
			for j, h := range recs[0] {
				if h == "Costituita il" {
					col = j
				}
			}
			found := false
			for _, row := range recs[1:] {
				for _, c := range row {
					if strings.HasPrefix(c, "Associazione di volontariato «Il Ponte»") && col >= 0 {
						found = true
						if row[col] != "03/15/2004" {
							t.Errorf("TZ %s, %s: founding date %q, want 03/15/2004", zone, file, row[col])
						}
					}
				}
			}
			if !found {
				t.Errorf("TZ %s, %s: no «Il Ponte» row or no «Costituita il» column", zone, file)
			}
		}
	}
}
