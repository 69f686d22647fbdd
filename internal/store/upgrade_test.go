package store_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/pdz-ats/pdz/internal/database"
	"github.com/pdz-ats/pdz/internal/locale"
	"github.com/pdz-ats/pdz/internal/pdz"
	"github.com/pdz-ats/pdz/internal/store"
	"github.com/pdz-ats/pdz/internal/testdb"
)

// oldSchema is the version an older release left the database at: the
// tables of elections (0019), before the limit per address of the public
// form and everything after it.
const oldSchema = 19

// TestUpgradeKeepsData: a database migrated to an older version, holding a
// registration written with the SQL of that version (areas with a
// representative, a proposal, the signed form, its history, an e-mail
// still to send, the protocol counter), is migrated to the latest version;
// the registration then reads back whole through the store, and the
// register keeps working: the e-mail is sent, a new registration takes the
// next protocol number, the old one can be corrected and erased.
func TestUpgradeKeepsData(t *testing.T) {
	db, err := database.Open(testdb.URL(t), database.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.MigrateTo(ctx, oldSchema); err != nil {
		t.Fatal(err)
	}
	if v, err := db.Version(ctx); err != nil || v != oldSchema {
		t.Fatalf("old version: %d %v", v, err)
	}

	at := time.Date(2026, 5, 20, 9, 30, 0, 0, time.UTC)
	file := []byte("%PDF-1.4 modulo firmato\x00\x01\x02")
	w := db.W
	id := func(query string, args ...any) int64 {
		t.Helper()
		var id int64
		if err := w.QueryRowContext(ctx, query+" RETURNING id", args...).Scan(&id); err != nil {
			t.Fatalf("%s: %v", query, err)
		}
		return id
	}
	exec := func(query string, args ...any) {
		t.Helper()
		if _, err := w.ExecContext(ctx, query, args...); err != nil {
			t.Fatalf("%s: %v", query, err)
		}
	}
	amb := id(`INSERT INTO ambiti (slug, name, created_at, updated_at) VALUES ('casarano', 'Ambito di Casarano', $1, $1)`, at)
	proc := id(`INSERT INTO processes (ambito_id, slug, title, cycle, status, published_at, created_at, updated_at)
		VALUES ($1, 'pdz-2026', 'Avviso', 'Piano Sociale di Zona 2026-2028', 'pubblicato', $2, $2, $2)`, amb, at)
	area1 := id(`INSERT INTO areas (ambito_id, process_id, position, code, title) VALUES ($1, $2, 1, '1', 'Le politiche familiari')`, amb, proc)
	area2 := id(`INSERT INTO areas (ambito_id, process_id, position, code, title) VALUES ($1, $2, 2, '2', 'L''invecchiamento attivo')`, amb, proc)
	exec(`INSERT INTO protocol_counters (ambito_id, year, last_number) VALUES ($1, 2026, 1)`, amb)
	reg := id(`INSERT INTO registrations (ambito_id, process_id, protocol_year, protocol_number, kind, channel, status, subject_key, name,
			org_type, tax_code, address, comune, email, declarant_name, declarant_role, contact_name, contact_email, publish_name,
			privacy_accepted, truthful, attachment_name, attachment_size, attachment_sha256, received_at, created_at, updated_at,
			submission_hash, access_hash, search_text)
		VALUES ($1, $2, 2026, 1, 'organizzazione', 'online', 'ricevuta', $3, 'Associazione Il Faro', 'odv', $3, 'Via Roma 1', 'Casarano',
			'faro@example.org', 'Mario Rossi', 'Presidente', 'Anna Bianchi', 'anna@example.org', TRUE, TRUE, TRUE, 'modulo.pdf', $4, 'abc',
			$5, $5, $5, 'sub-hash', 'access-hash', 'associazione il faro')`, amb, proc, orgCode(7), len(file), at)
	exec(`INSERT INTO registration_areas (ambito_id, process_id, registration_id, area_id, subject_key, holds, rep_name, rep_email)
		VALUES ($1, $2, $3, $4, $5, TRUE, 'Luigi Verdi', 'luigi@example.org')`, amb, proc, reg, area1, orgCode(7))
	exec(`INSERT INTO registration_areas (ambito_id, process_id, registration_id, area_id, subject_key, holds)
		VALUES ($1, $2, $3, $4, $5, TRUE)`, amb, proc, reg, area2, orgCode(7))
	exec(`INSERT INTO proposals (ambito_id, process_id, registration_id, area_id, position, title, need, description, comuni, cost_cents, created_at, updated_at)
		VALUES ($1, $2, $3, $4, 1, 'Centro diurno', 'Solitudine degli anziani', 'Apertura pomeridiana', 'Casarano', 1250000, $5, $5)`, amb, proc, reg, area2, at)
	exec(`INSERT INTO registration_files (ambito_id, registration_id, version, name, size, sha256, data, created_at)
		VALUES ($1, $2, 1, 'modulo.pdf', $3, 'abc', $4, $5)`, amb, reg, len(file), file, at)
	exec(`INSERT INTO registration_events (ambito_id, registration_id, at, action, actor, summary, version)
		VALUES ($1, $2, $3, 'creazione', 'registrante', 'Manifestazione di interesse ricevuta.', 1)`, amb, reg, at)
	exec(`INSERT INTO outbox (ambito_id, registration_id, kind, to_addr, subject, body, created_at, next_attempt_at)
		VALUES ($1, $2, 'ricevuta', 'faro@example.org', 'Ricevuta prot. 2026/000001', 'Gentile Anna Bianchi', $3, $3)`, amb, reg, at)

	applied, err := db.Migrate(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ms, _ := database.Migrations()
	if v, _ := db.Version(ctx); v != ms[len(ms)-1].Version || len(applied) == 0 {
		t.Fatalf("upgrade: version %d, applied %v", v, applied)
	}

	clock := time.Date(2026, 6, 1, 10, 0, 0, 0, time.UTC)
	s := store.New(db, func() time.Time { clock = clock.Add(time.Second); return clock })
	r, err := s.Registration(ctx, amb, reg)
	if err != nil {
		t.Fatal(err)
	}
	if r.Protocol() != "2026/000001" || r.Name != "Associazione Il Faro" || r.Email != "faro@example.org" || r.Contact.Email != "anna@example.org" ||
		r.Status != pdz.RegReceived || !r.ReceivedAt.Equal(at) || r.Erased() {
		t.Fatalf("registration after the upgrade: %+v", r)
	}
	if len(r.Areas) != 2 || r.Areas[0].AreaID != area1 || r.Areas[0].Rep.Email != "luigi@example.org" || r.Areas[1].AreaID != area2 {
		t.Fatalf("areas after the upgrade: %+v", r.Areas)
	}
	if len(r.Proposals) != 1 || r.Proposals[0].Description != "Apertura pomeridiana" || r.Proposals[0].CostCents != 1250000 ||
		len(r.Proposals[0].Comuni) != 1 || r.Proposals[0].Comuni[0] != "Casarano" {
		t.Fatalf("proposals after the upgrade: %+v", r.Proposals)
	}
	if f, err := s.RegistrationFile(ctx, amb, reg); err != nil || !bytes.Equal(f.Data, file) {
		t.Fatalf("signed form after the upgrade: %v", err)
	}
	if h, err := s.RegistrationHistory(ctx, amb, reg); err != nil || len(h) != 1 || h[0].Action != "creazione" {
		t.Fatalf("history after the upgrade: %+v %v", h, err)
	}
	if found, err := s.PersonRegistrations(ctx, amb, "LUIGI@example.org"); err != nil || len(found) != 1 || found[0].ID != reg {
		t.Fatalf("person search after the upgrade: %v %v", found, err)
	}
	// The proposal is in the workflow of the tables added after it.
	xs, err := s.Propostas(ctx, amb, proc, pdz.ProposalFilter{})
	if err != nil || len(xs) != 1 || xs[0].Title != "Centro diurno" || xs[0].Status != pdz.PropReceived {
		t.Fatalf("proposals of the tables after the upgrade: %+v %v", xs, err)
	}

	// The register keeps working.
	mails, err := s.ClaimEmails(ctx, "worker", time.Minute, 10)
	if err != nil || len(mails) != 1 || mails[0].To != "faro@example.org" || mails[0].RegistrationID != reg {
		t.Fatalf("pending e-mail after the upgrade: %+v %v", mails, err)
	}
	p, err := s.Process(ctx, amb, proc)
	if err != nil {
		t.Fatal(err)
	}
	next := org(p, 8, 0)
	submit(t, s, pdz.Ambito{ID: amb}, next)
	if next.Protocol() != "2026/000002" {
		t.Fatalf("protocol after the upgrade: %s", next.Protocol())
	}
	r.Phone = "0833 123456"
	if err := s.UpdateRegistration(ctx, amb, store.Change{Registration: &r, Actor: admin}, locale.Rome); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Registration(ctx, amb, reg); got.Phone != "0833 123456" || got.Version != 2 || len(got.Areas) != 2 || len(got.Proposals) != 1 {
		t.Fatalf("correction after the upgrade: %+v", got)
	}
	if _, err := s.EraseRegistration(ctx, admin, amb, reg); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Registration(ctx, amb, reg); !got.Erased() || strings.Contains(got.Name, "Faro") {
		t.Fatalf("erasure after the upgrade: %+v", got)
	}
}
