package cli

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/pdz-ats/pdz/internal/database"
	"github.com/pdz-ats/pdz/internal/pdz"
	"github.com/pdz-ats/pdz/internal/security"
	"github.com/pdz-ats/pdz/internal/store"
	"github.com/pdz-ats/pdz/internal/testdb"
)

func run(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func TestCommands(t *testing.T) {
	dsn := testdb.URL(t)
	if code, out, _ := run(t, "", "version"); code != 0 || !strings.HasPrefix(out, "pdz ") {
		t.Fatalf("version: %d %q", code, out)
	}
	if code, out, errs := run(t, "", "migrate", "--db", dsn); code != 0 || !strings.Contains(out, "applicata 0001_platform") {
		t.Fatalf("migrate: %d %q %q", code, out, errs)
	}
	if code, out, _ := run(t, "", "migrate", "--db", dsn); code != 0 || !strings.Contains(out, "schema già aggiornato") {
		t.Fatalf("migrate again: %d %q", code, out)
	}
	code, out, errs := run(t, "", "demo", "--db", dsn)
	if code != 0 || !strings.Contains(out, "password: ") {
		t.Fatalf("demo: %d %q %q", code, out, errs)
	}
	demoPassword := strings.TrimSpace(out[strings.Index(out, "password: ")+10:])
	if code, out, _ := run(t, "", "demo", "--db", dsn); code != 0 || !strings.Contains(out, "già presenti") {
		t.Fatalf("demo twice: %d %q", code, out)
	}
	// user add reads the password from stdin, never from a flag.
	if code, _, errs := run(t, "breve\n", "user", "add", "--db", dsn, "--email", "a@example.org", "--name", "A"); code != 1 || !strings.Contains(errs, "almeno 12 caratteri") {
		t.Fatalf("short password: %d %q", code, errs)
	}
	// Weak passwords are refused with the reason, the account's own words
	// and the Ambito's name included; nothing is created.
	for _, tc := range []struct{ pw, why string }{
		{"aaaaaaaaaaaa", "ripete"},
		{"password1234", "password molto comune"},
		{"mario.rossi2026", "contiene il nome"},
		{"rossimario1234", "contiene il nome"},
		{"casarano2026!", "contiene il nome"},
	} {
		code, _, errs := run(t, tc.pw+"\n", "user", "add", "--db", dsn, "--email", "mario.rossi@example.org", "--name", "Mario Rossi",
			"--ambito", "casarano", "--role", "operatore")
		if code != 1 || !strings.Contains(errs, tc.why) || !strings.Contains(errs, "frase di quattro o più parole") {
			t.Errorf("weak password %q: %d %q", tc.pw, code, errs)
		}
	}
	if code, out, errs := run(t, "una password lunga\n", "user", "add", "--db", dsn, "--email", "Anna@Example.org", "--name", "Anna Rossi",
		"--ambito", "casarano", "--role", "operatore"); code != 0 || !strings.Contains(out, "anna@example.org") {
		t.Fatalf("user add: %d %q %q", code, out, errs)
	}
	if code, _, errs := run(t, "una password lunga\n", "user", "add", "--db", dsn, "--email", "anna@example.org", "--name", "Anna"); code != 1 || !strings.Contains(errs, "Esiste già") {
		t.Fatalf("duplicate: %d %q", code, errs)
	}
	if code, _, errs := run(t, "x\n", "user", "add", "--db", dsn, "--email", "b@example.org", "--name", "B", "--ambito", "casarano"); code != 1 || !strings.Contains(errs, "insieme") {
		t.Fatalf("ambito without role: %d %q", code, errs)
	}
	if code, _, _ := run(t, "", "nonsense"); code != 2 {
		t.Fatal("unknown command must exit 2")
	}

	db, err := database.Open(dsn, database.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	st := store.New(db, nil)
	u, err := st.UserByEmail(context.Background(), "anna@example.org")
	if err != nil || len(u.Memberships) != 1 || u.Memberships[0].AmbitoSlug != "casarano" || string(u.Memberships[0].Role) != "operatore" {
		t.Fatalf("account: %+v %v", u, err)
	}
	if ok, _ := security.CheckPassword(u.PasswordHash, "una password lunga"); !ok {
		t.Fatal("password not stored")
	}
	if _, err := st.UserByEmail(context.Background(), "mario.rossi@example.org"); pdz.ErrorCode(err) != pdz.ENOTFOUND {
		t.Fatalf("an account refused for its password exists: %v", err)
	}
	d, err := st.UserByEmail(context.Background(), "responsabile@demo.pdz.invalid")
	if msg := pdz.CheckPassword(demoPassword, d.Email, d.Name, "casarano"); msg != "" {
		t.Errorf("the demo's password %q would be refused: %s", demoPassword, msg)
	}
	if ok, _ := security.CheckPassword(d.PasswordHash, demoPassword); err != nil || !ok {
		t.Fatal("the printed demo password does not open the demo account")
	}
}

// export then import into an empty Ambito gives back the same file.
func TestExportImport(t *testing.T) {
	dsn := testdb.URL(t)
	if code, _, errs := run(t, "", "demo", "--db", dsn); code != 0 {
		t.Fatalf("demo: %s", errs)
	}
	code, file, errs := run(t, "", "export", "--db", dsn, "--ambito", "casarano", "--piano", "pdz-2022-2024")
	if code != 0 || !strings.HasPrefix(file, "{\n  \"formato\": \"pdz-piano\"") {
		t.Fatalf("export: %d %q %.200s", code, errs, file)
	}
	if code, _, errs := run(t, "", "export", "--db", dsn, "--ambito", "casarano", "--piano", "nessuno"); code != 1 || !strings.Contains(errs, "Piano non trovato") {
		t.Fatalf("export of a missing plan: %d %q", code, errs)
	}
	db, err := database.Open(dsn, database.Options{})
	if err != nil {
		t.Fatal(err)
	}
	st := store.New(db, nil)
	empty := pdz.Ambito{Slug: "vuoto", Name: "Ambito vuoto"}
	if err := st.CreateAmbito(context.Background(), pdz.SystemActor, &empty); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if code, out, errs := run(t, file, "import", "--db", dsn, "--ambito", "vuoto"); code != 0 || !strings.Contains(out, "27 schede") {
		t.Fatalf("import: %d %q %q", code, out, errs)
	}
	if code, _, errs := run(t, file, "import", "--db", dsn, "--ambito", "vuoto"); code != 1 || !strings.Contains(errs, "identificativo") {
		t.Fatalf("second import: %d %q", code, errs)
	}
	if code, _, errs := run(t, "{\"formato\": \"altro\"}", "import", "--db", dsn, "--ambito", "vuoto"); code != 1 || !strings.Contains(errs, "non è un piano di pdz") {
		t.Fatalf("not a plan: %d %q", code, errs)
	}
	code, again, errs := run(t, "", "export", "--db", dsn, "--ambito", "vuoto", "--piano", "pdz-2022-2024")
	if code != 0 || again != file {
		t.Fatalf("export after import differs (%d %q)", code, errs)
	}
}

func TestParseProxies(t *testing.T) {
	got, err := parseProxies(" 127.0.0.1, 10.0.0.0/8 ,::1,")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"127.0.0.1/32", "10.0.0.0/8", "::1/128"}
	if len(got) != len(want) {
		t.Fatalf("%v, want %v", got, want)
	}
	for i := range want {
		if got[i].String() != want[i] {
			t.Errorf("%d: %v, want %s", i, got[i], want[i])
		}
	}
	if _, err := parseProxies("10.0.0.0/8,proxy.example"); err == nil || !strings.Contains(err.Error(), "non è un indirizzo IP") {
		t.Errorf("a host name is refused with an Italian message, got %v", err)
	}
}

// The database timeouts: defaults, environment, flags, and a bad value
// refused by name.
func TestDatabaseTimeoutFlags(t *testing.T) {
	o, _, err := flags("serve", nil, nil)
	if err != nil || o.dbLimits != (database.Options{LockTimeout: 5 * time.Second, StatementTimeout: 30 * time.Second}) {
		t.Fatalf("defaults: %+v %v", o.dbLimits, err)
	}
	t.Setenv("PDZ_DB_LOCK_TIMEOUT", "2s")
	o, _, err = flags("serve", []string{"--db-statement-timeout", "1m"}, nil)
	if err != nil || o.dbLimits != (database.Options{LockTimeout: 2 * time.Second, StatementTimeout: time.Minute}) {
		t.Fatalf("environment and flag: %+v %v", o.dbLimits, err)
	}
	t.Setenv("PDZ_DB_LOCK_TIMEOUT", "cinque")
	if _, _, err := flags("serve", nil, nil); err == nil || !strings.Contains(err.Error(), "PDZ_DB_LOCK_TIMEOUT") {
		t.Fatalf("a bad duration: %v", err)
	}
}
