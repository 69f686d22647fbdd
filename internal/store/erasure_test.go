package store_test

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"os"
	"testing"
	"time"

	"github.com/pdz-ats/pdz/internal/database"
	"github.com/pdz-ats/pdz/internal/locale"
	"github.com/pdz-ats/pdz/internal/pdz"
	"github.com/pdz-ats/pdz/internal/store"
	"github.com/pdz-ats/pdz/internal/testdb"
)

// TestErasedDataGoneFromDisk: once ErasePerson returns, none of the
// personal data of the erased registration can be read from the database's
// files: on SQLite neither the database file nor its write-ahead log holds
// them; on PostgreSQL no page of any table, TOAST table or index of the
// schema does (old row versions included). Every field is marked with a
// word of its own, so a leak names the field. Before the erasure every
// word is found where the test looks: the test can see them.
func TestErasedDataGoneFromDisk(t *testing.T) {
	s := newStore(t)
	a := mustAmbito(t, s, "casarano")
	p := openProcess(t, s, a, time.Time{})
	m := pdz.Meeting{ProcessID: p.ID, Kind: pdz.KindTavolo, Title: "Primo tavolo", Date: pdz.NewDate(2026, 6, 22),
		StartTime: pdz.NewClock(9, 0), EndTime: pdz.NewClock(11, 0), AreaIDs: []int64{p.Areas[0].ID}}
	if _, err := s.SaveMeeting(ctx, admin, a.ID, &m, locale.Rome); err != nil {
		t.Fatal(err)
	}
	// The words that must vanish, one per field, and the ones of the
	// corrected version (kept until then in the history's snapshot).
	marks := []string{"quaglierini", orgCode(4242), "indirizzomarker", "sedemarker", "pecmarker", "3479988776",
		"dichiarantemarker", "referentemarker", "3381122334", "rappresentantemarker", "rappmarker", "3395566778",
		"bisognomarker", "descrizionemarker", "destinatarimarker", "partnermarker", "filenamemarker", "contenutomarker",
		"notamarker", "vecchiomarker", "tavolomarker", "bisognotavolomarker"}
	r := org(p, 1, 0)
	r.Name, r.TaxCode, r.Address, r.Email, r.PEC, r.Phone = "Associazione Quaglierini", orgCode(4242), "Via Indirizzomarker 7",
		"sedemarker@example.org", "pecmarker@pec.example.org", "3479988776"
	r.Declarant = pdz.Person{Name: "Dichiarantemarker Rossi", Role: "Presidente"}
	r.Contact = pdz.Person{Name: "Referentemarker Bianchi", Email: "referentemarker@example.org", Phone: "3381122334"}
	r.Areas[0].Rep = pdz.Person{Name: "Rappresentantemarker Verdi", Email: "rappmarker@example.org", Phone: "3395566778"}
	r.Proposals = []pdz.Proposal{{AreaID: p.Areas[0].ID, Title: "Orti sociali", Need: "Bisognomarker", Description: "Descrizionemarker",
		Target: "Destinatarimarker", Partners: "Partnermarker", Comuni: []string{"Casarano"}}}
	// The file: a marker in random bytes, so that PostgreSQL cannot
	// compress it out of sight.
	data := make([]byte, 6000)
	rand.Read(data)
	copy(data[100:], "Contenutomarker")
	file := func(d []byte) *pdz.Attachment {
		sum := sha256.Sum256(d)
		return &pdz.Attachment{Name: "filenamemarker.pdf", Size: int64(len(d)), SHA256: hex.EncodeToString(sum[:]), Data: d}
	}
	_, h := token()
	compose := func(r *pdz.Registration) []pdz.Email {
		return []pdz.Email{{RegistrationID: r.ID, Kind: "ricevuta", To: r.Email, Subject: "Prot. " + r.Protocol(), Body: "Gentile " + r.Contact.Name}}
	}
	if _, err := s.SubmitRegistration(ctx, a.ID, store.Submission{Registration: r, SubmissionHash: h, AccessHash: h, File: file(data), Compose: compose}, locale.Rome); err != nil {
		t.Fatal(err)
	}
	// A correction: the replaced version goes into the history as JSON,
	// with the old address; a second file is kept beside the first.
	fixed, err := s.Registration(ctx, a.ID, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	fixed.Address = "Via Vecchiomarker 9"
	data2 := append([]byte("Contenutomarker"), data...)
	if err := s.UpdateRegistration(ctx, a.ID, store.Change{Registration: &fixed, File: file(data2), Actor: admin, Compose: compose}, locale.Rome); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CheckIn(ctx, admin, a.ID, p.ID, m.ID, r.ID, pdz.CheckInList, ""); err != nil {
		t.Fatal(err)
	}
	at, err := s.MeetingAttendance(ctx, a.ID, p.ID, m.ID)
	if err != nil || len(at) != 1 {
		t.Fatalf("attendance: %v %v", at, err)
	}
	at[0].Notes = "Notamarker"
	if err := s.UpdateAttendance(ctx, admin, a.ID, &at[0]); err != nil {
		t.Fatal(err)
	}

	// A proposal raised at the table for it: its text is also in the audit
	// log's record of the change.
	x := pdz.Proposta{ProcessID: p.ID, RegistrationID: r.ID, Proposal: pdz.Proposal{AreaID: p.Areas[0].ID, Title: "Sportello di quartiere",
		Description: "Tavolomarker", Need: "Bisognotavolomarker"}}
	if err := s.CreateTableProposal(ctx, admin, a.ID, &x); err != nil {
		t.Fatal(err)
	}

	db := s.DB()
	if missing := absent(readDisk(t, db), marks); len(missing) > 0 {
		t.Fatalf("before the erasure the test cannot see %v: it would prove nothing", missing)
	}
	// A reader in the middle of a transaction begun before the erasure
	// (a long report): its snapshot may still read the old rows, so the
	// erasure's scrub waits for it to end rather than leave them.
	conn, err := db.R.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	reader, err := conn.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	var name string
	if err := reader.QueryRowContext(ctx, `SELECT name FROM registrations WHERE id = $1`, r.ID).Scan(&name); err != nil || name != r.Name {
		t.Fatalf("reader: %q %v", name, err)
	}
	const held = 300 * time.Millisecond
	go func() {
		time.Sleep(held)
		reader.Commit()
	}()
	start := time.Now()
	if _, scrubErr, err := s.ErasePerson(ctx, admin, a.ID, "referentemarker@example.org", []store.Seen{{ID: r.ID, Version: 2}}); err != nil || scrubErr != nil {
		t.Fatal(err, scrubErr)
	}
	if took := time.Since(start); took < held {
		t.Fatalf("the erasure returned in %v, before the older reader ended", took)
	}
	disk := readDisk(t, db)
	var left []string
	for _, w := range marks {
		if bytes.Contains(disk, []byte(w)) {
			left = append(left, w)
		}
	}
	if len(left) > 0 {
		t.Fatalf("after the erasure the database files still hold %v", left)
	}
	// The anonymised trace stays usable.
	got, err := s.Registration(ctx, a.ID, r.ID)
	if err != nil || !got.Erased() || got.Protocol() != r.Protocol() || len(got.Proposals) != 1 || got.Proposals[0].Title != "Orti sociali" {
		t.Fatalf("trace after the erasure: %+v %v", got, err)
	}
	if at, err := s.MeetingAttendance(ctx, a.ID, p.ID, m.ID); err != nil || len(at) != 1 || !at[0].Erased || at[0].Notes != "" {
		t.Fatalf("attendance after the erasure: %+v %v", at, err)
	}
}

// absent returns the words of marks not found in disk.
func absent(disk []byte, marks []string) []string {
	var out []string
	for _, w := range marks {
		if !bytes.Contains(disk, []byte(w)) {
			out = append(out, w)
		}
	}
	return out
}

// readDisk returns, lower-cased, every byte the database keeps in its
// files: on SQLite the database file and its write-ahead log; on
// PostgreSQL every page of every table, TOAST table and index of the
// test's schema, read with pageinspect (dead row versions included).
func readDisk(t *testing.T, db *database.DB) []byte {
	t.Helper()
	var all bytes.Buffer
	if !testdb.Postgres() {
		var seq int
		var name, path string
		if err := db.R.QueryRowContext(ctx, `PRAGMA database_list`).Scan(&seq, &name, &path); err != nil {
			t.Fatal(err)
		}
		for _, f := range []string{path, path + "-wal"} {
			b, err := os.ReadFile(f)
			if err != nil && !os.IsNotExist(err) {
				t.Fatal(err)
			}
			all.Write(b)
		}
		return bytes.ToLower(all.Bytes())
	}
	for attempt := 0; ; attempt++ { // tests of other packages may create it at the same instant
		_, err := db.W.ExecContext(ctx, `CREATE EXTENSION IF NOT EXISTS pageinspect SCHEMA public`)
		if err == nil {
			break
		}
		if attempt == 3 || !database.IsUniqueViolation(err) {
			t.Fatalf("pageinspect (PostgreSQL contrib) is needed to read the pages: %v", err)
		}
	}
	rows, err := db.R.QueryContext(ctx, `WITH rels AS (
			SELECT c.oid, c.reltoastrelid FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'i')),
		toast AS (SELECT reltoastrelid AS oid FROM rels WHERE reltoastrelid <> 0),
		toastidx AS (SELECT i.indexrelid AS oid FROM pg_index i JOIN toast ON i.indrelid = toast.oid),
		every AS (SELECT oid FROM rels UNION SELECT oid FROM toast UNION SELECT oid FROM toastidx)
		SELECT oid::regclass::text, pg_relation_size(oid) / current_setting('block_size')::int FROM every`)
	if err != nil {
		t.Fatal(err)
	}
	type rel struct {
		name   string
		blocks int64
	}
	var rels []rel
	for rows.Next() {
		var r rel
		if err := rows.Scan(&r.name, &r.blocks); err != nil {
			t.Fatal(err)
		}
		rels = append(rels, r)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	rows.Close()
	if len(rels) < 50 {
		t.Fatalf("only %d relations found in the schema", len(rels))
	}
	for _, r := range rels {
		for b := int64(0); b < r.blocks; b++ {
			var page []byte
			if err := db.R.QueryRowContext(ctx, `SELECT public.get_raw_page($1, $2::int)`, r.name, b).Scan(&page); err != nil {
				t.Fatalf("page %d of %s: %v", b, r.name, err)
			}
			all.Write(page)
		}
	}
	return bytes.ToLower(all.Bytes())
}
