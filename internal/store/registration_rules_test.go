package store_test

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pdz-ats/pdz/internal/database"
	"github.com/pdz-ats/pdz/internal/locale"
	"github.com/pdz-ats/pdz/internal/pdz"
	"github.com/pdz-ats/pdz/internal/security"
	"github.com/pdz-ats/pdz/internal/store"
	"github.com/pdz-ats/pdz/internal/testdb"
)

// vatCode is the n-th fictitious partita IVA (office code 000, never
// assigned), distinct from every orgCode.
func vatCode(n int) string {
	s := fmt.Sprintf("0%09d", n)
	return s + fmt.Sprint(pdz.PartitaIVACheckDigit(s))
}

func trySubmit(s *store.Store, a pdz.Ambito, r *pdz.Registration, actor pdz.Actor) error {
	_, h := token()
	_, err := s.SubmitRegistration(ctx, a.ID, store.Submission{Registration: r, SubmissionHash: h, AccessHash: h, Actor: actor}, locale.Rome)
	return err
}

// An organisation is the same if its codice fiscale or its partita IVA
// matches, whichever of the two fields holds it, for the public form, the
// registrant's corrections, the UdP's late entries and corrections, and
// the decisions that give a place back.
func TestOneRepresentativeWhicheverCodeIsGiven(t *testing.T) {
	s := newStore(t)
	a := mustAmbito(t, s, "casarano")
	p := openProcess(t, s, a, time.Time{})
	first := org(p, 1, 0, 1)
	first.VATNumber = vatCode(1)
	submit(t, s, a, first)

	refused := func(what string, r *pdz.Registration, actor pdz.Actor) {
		t.Helper()
		if err := trySubmit(s, a, r, actor); pdz.ErrorCode(err) != pdz.ECONFLICT || pdz.ErrorFields(err)["areas"] == "" {
			t.Fatalf("%s: %v %v", what, err, pdz.ErrorFields(err))
		}
	}
	onlyVAT := org(p, 2, 1)
	onlyVAT.TaxCode, onlyVAT.VATNumber = "", vatCode(1)
	refused("the partita IVA alone", onlyVAT, pdz.Actor{})
	sameCF := org(p, 1, 1)
	refused("the codice fiscale alone", sameCF, pdz.Actor{})
	crossed := org(p, 3, 0) // its codice fiscale is the other's partita IVA: one register of numbers
	crossed.TaxCode = vatCode(1)
	refused("the partita IVA typed as codice fiscale", crossed, pdz.Actor{})
	late := org(p, 4, 0)
	late.TaxCode, late.VATNumber, late.Channel = "", vatCode(1), pdz.ChannelLate
	refused("a late entry of the UdP", late, admin)

	// Another area is free.
	other := org(p, 5, 2)
	other.TaxCode, other.VATNumber = "", vatCode(1)
	submit(t, s, a, other)

	// A correction cannot take a held place with either code.
	mover := org(p, 6, 2)
	submit(t, s, a, mover)
	mover.VATNumber = vatCode(1)
	mover.Areas = append(mover.Areas, pdz.Participation{AreaID: p.Areas[0].ID})
	for _, actor := range []pdz.Actor{{}, admin} {
		m := *mover
		if err := s.UpdateRegistration(ctx, a.ID, store.Change{Registration: &m, Actor: actor}, locale.Rome); pdz.ErrorCode(err) != pdz.ECONFLICT {
			t.Fatalf("correction by %q: %v", actor.Email, err)
		}
	}

	// Found not admissible, the first frees its places; giving them back
	// is refused once another registration with its partita IVA holds one.
	if err := s.SetRegistrationStatus(ctx, admin, a.ID, first.ID, pdz.RegRejected, "Doppia", nil); err != nil {
		t.Fatal(err)
	}
	again := org(p, 7, 0)
	again.TaxCode, again.VATNumber = "", vatCode(1)
	submit(t, s, a, again)
	if err := s.SetRegistrationStatus(ctx, admin, a.ID, first.ID, pdz.RegAccepted, "", nil); pdz.ErrorCode(err) != pdz.ECONFLICT {
		t.Fatalf("giving the place back: %v", err)
	}
	// The database itself refuses a second holder of the partita IVA.
	_, err := s.DB().W.ExecContext(ctx, `UPDATE registration_area_keys SET holds = TRUE WHERE registration_id = $1`, first.ID)
	if err == nil || !strings.Contains(strings.ToLower(err.Error()), "unique") {
		t.Fatalf("the unique index does not hold: %v", err)
	}
	// Erasure leaves no identifier behind.
	if err := errors.Join(s.EraseRegistration(ctx, admin, a.ID, first.ID)); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := s.DB().R.QueryRowContext(ctx, `SELECT COUNT(*) FROM registration_area_keys WHERE registration_id = $1`, first.ID).Scan(&n); err != nil || n != 0 {
		t.Fatalf("keys of an erased registration: %d %v", n, err)
	}
}

// Under concurrency the rule holds with either code: of many forms sent at
// once for the same area, some with the codice fiscale and the partita IVA,
// some with the partita IVA only, exactly one is saved.
func TestOneRepresentativeUnderConcurrencyWithEitherCode(t *testing.T) {
	s := newStore(t)
	a := mustAmbito(t, s, "casarano")
	p := openProcess(t, s, a, time.Time{})
	const n = 12
	var wg sync.WaitGroup
	var mu sync.Mutex
	saved, refused := 0, 0
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := org(p, 100+i, 0)
			if i%2 == 0 {
				r.TaxCode = orgCode(100)
			} else {
				r.TaxCode = ""
			}
			r.VATNumber = vatCode(100)
			err := trySubmit(s, a, r, pdz.Actor{})
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				saved++
			case pdz.ErrorCode(err) == pdz.ECONFLICT:
				refused++
			default:
				t.Errorf("unexpected error: %v", err)
			}
		}()
	}
	wg.Wait()
	if saved != 1 || refused != n-1 {
		t.Fatalf("%d saved, %d refused; want 1 and %d", saved, refused, n-1)
	}
}

// A refused duplicate tells the sender nothing of the holder's
// registration (no protocol number, no name), and the holder is warned by
// e-mail at most once a day.
func TestRefusedDuplicateRevealsNothingAndWarnsTheHolder(t *testing.T) {
	s := newStore(t)
	a := mustAmbito(t, s, "casarano")
	p := openProcess(t, s, a, time.Time{})
	holder := org(p, 1, 1)
	holder.Name = "Associazione Riservata"
	submit(t, s, a, holder)
	notify := func(h *pdz.Registration) []pdz.Email {
		return []pdz.Email{{Kind: "tentativo", To: h.Email, Subject: "Tentativo", Body: "prot. " + h.Protocol()}}
	}
	for i := range 3 {
		attacker := org(p, 1, 1) // the holder's codice fiscale, typed by someone else
		attacker.Email = fmt.Sprintf("curioso%d@example.org", i)
		_, h := token()
		_, err := s.SubmitRegistration(ctx, a.ID, store.Submission{Registration: attacker, SubmissionHash: h, AccessHash: h, NotifyHolder: notify}, locale.Rome)
		if pdz.ErrorCode(err) != pdz.ECONFLICT {
			t.Fatalf("duplicate accepted: %v", err)
		}
		all := pdz.ErrorMessage(err) + " " + pdz.ErrorFields(err)["areas"]
		for _, secret := range []string{holder.Protocol(), "000001", holder.Name, holder.Email, "iscritta"} {
			if strings.Contains(all, secret) {
				t.Fatalf("the refusal reveals %q: %s", secret, all)
			}
		}
		if want := "Per l'area «" + p.Areas[1].Name() + "» esiste già una manifestazione di interesse con questi dati. A chi l'ha presentata è stato inviato un avviso per e-mail"; !strings.Contains(all, want) {
			t.Fatalf("the refusal says %q, want %q", all, want)
		}
	}
	ms, err := s.RegistrationEmails(ctx, a.ID, holder.ID)
	if err != nil {
		t.Fatal(err)
	}
	var warnings []pdz.Email
	for _, m := range ms {
		if m.Kind == "tentativo" {
			warnings = append(warnings, m)
		}
	}
	if len(warnings) != 1 || warnings[0].To != holder.Email || warnings[0].Body != "prot. "+holder.Protocol() {
		t.Fatalf("warnings to the holder: %+v", warnings)
	}
	// The UdP's own entries warn nobody and name the registration they
	// collide with.
	late := org(p, 1, 1)
	late.Channel = pdz.ChannelLate
	_, h := token()
	_, err = s.SubmitRegistration(ctx, a.ID, store.Submission{Registration: late, SubmissionHash: h, AccessHash: h, Actor: admin, NotifyHolder: notify}, locale.Rome)
	if pdz.ErrorCode(err) != pdz.ECONFLICT || !strings.Contains(pdz.ErrorFields(err)["areas"], holder.Protocol()) {
		t.Fatalf("late entry: %v %v", err, pdz.ErrorFields(err))
	}
}

// The protocol year is the year of receipt in Europe/Rome: 31 December at
// 23:30 in Rome is 22:30 UTC, still the old year; 00:30 of 1 January in
// Rome is 23:30 UTC of 31 December, already the new year.
func TestProtocolYearIsRomes(t *testing.T) {
	var now time.Time
	s := store.New(testdb.Open(t), func() time.Time { return now })
	now = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	a := mustAmbito(t, s, "casarano")
	p := openProcess(t, s, a, time.Time{})
	for i, tc := range []struct {
		at   time.Time
		want string
	}{
		{time.Date(2026, 12, 31, 22, 30, 0, 0, time.UTC), "2026/000001"},
		{time.Date(2026, 12, 31, 23, 30, 0, 0, time.UTC), "2027/000001"},
		{time.Date(2027, 1, 1, 10, 0, 0, 0, time.UTC), "2027/000002"},
	} {
		now = tc.at
		r := org(p, i+1, 0)
		submit(t, s, a, r)
		if r.Protocol() != tc.want || r.ProtocolYear != tc.at.In(locale.Rome).Year() {
			t.Fatalf("received %s (Rome %s): protocol %s, want %s", tc.at.Format(time.RFC3339), tc.at.In(locale.Rome).Format("2006-01-02 15:04"), r.Protocol(), tc.want)
		}
	}
}

// A new personal link does not revoke the old one: the old key works until
// the new one is first used; a second request replaces the first pending
// key.
func TestNewLinkKeepsTheOldUntilUsed(t *testing.T) {
	var now time.Time
	s := store.New(testdb.Open(t), func() time.Time { return now })
	now = time.Date(2026, 6, 1, 10, 0, 0, 0, time.UTC)
	a := mustAmbito(t, s, "casarano")
	p := openProcess(t, s, a, time.Time{})
	r := org(p, 1, 0)
	old, h := token()
	if _, err := s.SubmitRegistration(ctx, a.ID, store.Submission{Registration: r, SubmissionHash: h, AccessHash: h}, locale.Rome); err != nil {
		t.Fatal(err)
	}
	opens := func(key string) bool {
		t.Helper()
		got, err := s.RegistrationByAccess(ctx, a.ID, p.ID, security.HashToken(key))
		if err != nil && pdz.ErrorCode(err) != pdz.ENOTFOUND {
			t.Fatal(err)
		}
		return err == nil && got.ID == r.ID
	}
	var keys []string
	compose := func(r *pdz.Registration, k string) pdz.Email {
		keys = append(keys, k)
		return pdz.Email{RegistrationID: r.ID, Kind: "link", To: r.Email, Subject: "Link", Body: k}
	}
	ask := func() {
		t.Helper()
		if n, err := s.NewAccessLinks(ctx, a.ID, p.ID, r.Email, func() (string, string) { return token() }, compose); err != nil || n != 1 {
			t.Fatalf("new link: %d %v", n, err)
		}
	}
	ask()
	if !opens(old) {
		t.Fatal("asking for a new link revoked the old one")
	}
	now = now.Add(3 * time.Minute)
	ask() // a second request replaces the first pending key
	if opens(keys[0]) {
		t.Fatal("a replaced pending key still opens the registration")
	}
	if !opens(old) {
		t.Fatal("the old link stopped working before the new one was used")
	}
	if !opens(keys[1]) {
		t.Fatal("the new link does not work")
	}
	if opens(old) {
		t.Fatal("the old link still works after the new one was used")
	}
	if !opens(keys[1]) {
		t.Fatal("the new link works only once")
	}
	hist, err := s.RegistrationHistory(ctx, a.ID, r.ID)
	if err != nil || !strings.Contains(hist[len(hist)-1].Summary, "il link precedente non è più valido") {
		t.Fatalf("history: %+v %v", hist, err)
	}
}

// The migration gives existing places their identifiers; where two
// registrations accepted under the old rule share one for an area, the
// earlier keeps it and nothing is refused.
func TestAreaKeysBackfill(t *testing.T) {
	s := newStore(t)
	a := mustAmbito(t, s, "casarano")
	p := openProcess(t, s, a, time.Time{})
	first := org(p, 1, 0)
	first.VATNumber = vatCode(1)
	submit(t, s, a, first)
	second := org(p, 2, 0)
	submit(t, s, a, second)
	citizen := &pdz.Registration{ProcessID: p.ID, Kind: pdz.RegistrantCitizen, Name: "Maria Rossi", TaxCode: "RSSMRA85T10A562S", Comune: "Casarano",
		Email: "maria@example.org", PrivacyAccepted: true, Truthful: true, Areas: []pdz.Participation{{AreaID: p.Areas[0].ID}}}
	submit(t, s, a, citizen)
	db := s.DB().W
	// The state before the migration: no keys, and the second made the same
	// organisation by its partita IVA alone (the old rule let it in).
	for _, q := range []string{`DELETE FROM registration_area_keys`,
		fmt.Sprintf(`UPDATE registrations SET tax_code = '', vat_number = '%s' WHERE id = %d`, vatCode(1), second.ID)} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	ms, err := database.Migrations()
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if m.Version != 21 {
			continue
		}
		for _, stmt := range strings.Split(m.SQL, ";\n") {
			if i := strings.Index(stmt, "INSERT INTO"); i >= 0 {
				if _, err := db.ExecContext(ctx, stmt[i:]); err != nil {
					t.Fatalf("%v\n%s", err, stmt)
				}
			}
		}
	}
	rows, err := s.DB().R.QueryContext(ctx, `SELECT registration_id, subject_key FROM registration_area_keys ORDER BY registration_id, subject_key`)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for rows.Next() {
		var id int64
		var k string
		rows.Scan(&id, &k)
		got = append(got, fmt.Sprintf("%d:%s", id, k))
	}
	rows.Close()
	want := []string{fmt.Sprintf("%d:%s", first.ID, vatCode(1)), fmt.Sprintf("%d:%s", first.ID, orgCode(1)), fmt.Sprintf("%d:RSSMRA85T10A562S", citizen.ID)}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("keys %v, want %v", got, want)
	}
	// From now on the rule holds for the partita IVA.
	dup := org(p, 3, 0)
	dup.TaxCode, dup.VATNumber = "", vatCode(1)
	if err := trySubmit(s, a, dup, pdz.Actor{}); pdz.ErrorCode(err) != pdz.ECONFLICT {
		t.Fatalf("after the backfill: %v", err)
	}
}
