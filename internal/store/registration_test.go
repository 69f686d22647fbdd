package store_test

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pdz-ats/pdz/internal/locale"
	"github.com/pdz-ats/pdz/internal/pdz"
	"github.com/pdz-ats/pdz/internal/security"
	"github.com/pdz-ats/pdz/internal/store"
)

// openProcess creates a published process with three areas whose
// registration deadline is deadline (zero: none).
func openProcess(t *testing.T, s *store.Store, a pdz.Ambito, deadline time.Time) pdz.Process {
	t.Helper()
	p := pdz.Process{AmbitoID: a.ID, Title: "Avviso", Cycle: "Piano Sociale di Zona 2026-2028", Deadline: deadline}
	if err := s.CreateProcess(ctx, admin, &p); err != nil {
		t.Fatal(err)
	}
	for i, title := range []string{"L'integrazione delle politiche di welfare", "Le politiche familiari", "L'invecchiamento attivo"} {
		ar := pdz.Area{ProcessID: p.ID, Code: strconv.Itoa(i + 1), Title: title}
		if err := s.SaveArea(ctx, admin, a.ID, &ar); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.SetProcessStatus(ctx, admin, a.ID, p.ID, pdz.StatusPublished); err != nil {
		t.Fatal(err)
	}
	got, err := s.Process(ctx, a.ID, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// orgCode returns the n-th fictitious 11-digit codice fiscale, with its
// check digit.
func orgCode(n int) string {
	s := fmt.Sprintf("9%09d", n)
	return s + strconv.Itoa(pdz.PartitaIVACheckDigit(s))
}

func org(p pdz.Process, n int, areas ...int) *pdz.Registration {
	r := &pdz.Registration{ProcessID: p.ID, Kind: pdz.RegistrantOrganisation, Name: "Associazione di prova " + strconv.Itoa(n),
		OrgType: "odv", TaxCode: orgCode(n), Address: "Via Roma 1", Comune: "Casarano", Email: fmt.Sprintf("assoc%d@example.org", n),
		Declarant: pdz.Person{Name: "Mario Rossi", Role: "Presidente"}, Contact: pdz.Person{Name: "Anna Bianchi", Email: "anna@example.org"},
		PrivacyAccepted: true, Truthful: true}
	for _, i := range areas {
		r.Areas = append(r.Areas, pdz.Participation{AreaID: p.Areas[i].ID})
	}
	return r
}

func token() (string, string) {
	t := security.Token()
	return t, security.HashToken(t)
}

func submit(t *testing.T, s *store.Store, a pdz.Ambito, r *pdz.Registration) {
	t.Helper()
	_, h := token()
	if _, err := s.SubmitRegistration(ctx, a.ID, store.Submission{Registration: r, SubmissionHash: h, AccessHash: h}, locale.Rome); err != nil {
		t.Fatal(err)
	}
}

func TestRegistrationProtocolAndResubmission(t *testing.T) {
	s := newStore(t)
	a := mustAmbito(t, s, "casarano")
	p := openProcess(t, s, a, time.Date(2026, 6, 17, 16, 0, 0, 0, time.UTC))
	r1 := org(p, 1, 0, 2)
	r1.Proposals = []pdz.Proposal{{AreaID: p.Areas[2].ID, Title: "Orti sociali", Need: "Solitudine", Description: "Orti condivisi", Comuni: []string{"Casarano", "Matino"}, CostCents: 1250000}}
	_, h1 := token()
	mails := 0
	compose := func(r *pdz.Registration) []pdz.Email {
		mails++
		return []pdz.Email{{RegistrationID: r.ID, Kind: "ricevuta", To: r.Email, Subject: "Prot. " + r.Protocol(), Body: "ok"}}
	}
	existing, err := s.SubmitRegistration(ctx, a.ID, store.Submission{Registration: r1, SubmissionHash: h1, AccessHash: h1, Compose: compose}, locale.Rome)
	if err != nil || existing {
		t.Fatal(existing, err)
	}
	if r1.Protocol() != "2026/000001" || r1.Status != pdz.RegReceived {
		t.Fatalf("first: %s %s", r1.Protocol(), r1.Status)
	}
	r2 := org(p, 2, 1)
	submit(t, s, a, r2)
	if r2.Protocol() != "2026/000002" {
		t.Fatalf("second: %s", r2.Protocol())
	}
	// The same form again: the first registration, no new number, no new e-mail.
	again := org(p, 1, 0, 2)
	again.Name = "Altro nome"
	existing, err = s.SubmitRegistration(ctx, a.ID, store.Submission{Registration: again, SubmissionHash: h1, AccessHash: h1, Compose: compose}, locale.Rome)
	if err != nil || !existing || again.ID != r1.ID || again.Protocol() != "2026/000001" || again.Name != r1.Name {
		t.Fatalf("resubmission: %v %v %+v", existing, err, again)
	}
	if mails != 1 {
		t.Fatalf("%d confirmation e-mails composed, want 1", mails)
	}
	r3 := org(p, 3, 1)
	submit(t, s, a, r3)
	if r3.Protocol() != "2026/000003" {
		t.Fatalf("after a resubmission the next number is %s, want 2026/000003", r3.Protocol())
	}
	got, err := s.Registration(ctx, a.ID, r1.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Areas) != 2 || got.Areas[0].AreaName != p.Areas[0].Name() || len(got.Proposals) != 1 ||
		got.Proposals[0].CostCents != 1250000 || strings.Join(got.Proposals[0].Comuni, ",") != "Casarano,Matino" {
		t.Fatalf("loaded: %+v", got)
	}
	if ms, _ := s.RegistrationEmails(ctx, a.ID, r1.ID); len(ms) != 1 || ms[0].Subject != "Prot. 2026/000001" {
		t.Fatalf("outbox: %+v", ms)
	}
	// Another Ambito numbers from 1, and cannot see Casarano's rows.
	b := mustAmbito(t, s, "lecce")
	pb := openProcess(t, s, b, time.Time{})
	rb := org(pb, 1, 0)
	submit(t, s, b, rb)
	if rb.Protocol() != "2026/000001" {
		t.Fatalf("Lecce: %s", rb.Protocol())
	}
	if _, err := s.Registration(ctx, b.ID, r1.ID); pdz.ErrorCode(err) != pdz.ENOTFOUND {
		t.Fatalf("Lecce reads Casarano's registration: %v", err)
	}
}

func TestOneRepresentativePerOrganisationPerArea(t *testing.T) {
	s := newStore(t)
	a := mustAmbito(t, s, "casarano")
	p := openProcess(t, s, a, time.Time{})
	first := org(p, 7, 0, 1)
	submit(t, s, a, first)
	dup := org(p, 7, 1, 2)
	dup.Contact.Name = "Un'altra persona"
	_, h := token()
	_, err := s.SubmitRegistration(ctx, a.ID, store.Submission{Registration: dup, SubmissionHash: h, AccessHash: h}, locale.Rome)
	if pdz.ErrorCode(err) != pdz.ECONFLICT || !strings.Contains(pdz.ErrorFields(err)["areas"], "Per l'area «2. Le politiche familiari» esiste già") {
		t.Fatalf("same organisation, same area: %v %v", err, pdz.ErrorFields(err))
	}
	// Another area is fine.
	submit(t, s, a, org(p, 7, 2))
	// Withdrawing frees the place.
	if err := s.WithdrawRegistration(ctx, a.ID, p.ID, first.ID, nil, locale.Rome); err != nil {
		t.Fatal(err)
	}
	submit(t, s, a, org(p, 7, 1))
	// The database itself refuses a second holder, whatever the code above does.
	_, err = s.DB().W.ExecContext(ctx, `UPDATE registration_areas SET holds = TRUE WHERE registration_id = $1`, first.ID)
	if err == nil || !strings.Contains(strings.ToLower(err.Error()), "unique") {
		t.Fatalf("the unique index does not hold: %v", err)
	}
}

func TestRegistrationDeadline(t *testing.T) {
	s := newStore(t) // the clock starts on 1 June 2026, 10:00 UTC
	a := mustAmbito(t, s, "casarano")
	p := openProcess(t, s, a, time.Date(2026, 5, 31, 16, 0, 0, 0, time.UTC))
	r := org(p, 1, 0)
	_, h := token()
	_, err := s.SubmitRegistration(ctx, a.ID, store.Submission{Registration: r, SubmissionHash: h, AccessHash: h}, locale.Rome)
	if pdz.ErrorCode(err) != pdz.ECONFLICT || !strings.Contains(pdz.ErrorMessage(err), "scaduto il 31/05/2026 alle ore 18:00") {
		t.Fatalf("after the deadline: %v", err)
	}
	// Backdated before the deadline (the demo) it is accepted; so is a late
	// entry by the UdP.
	r = org(p, 1, 0)
	_, h = token()
	if _, err := s.SubmitRegistration(ctx, a.ID, store.Submission{Registration: r, SubmissionHash: h, AccessHash: h,
		ReceivedAt: time.Date(2026, 5, 30, 9, 0, 0, 0, locale.Rome)}, locale.Rome); err != nil {
		t.Fatal(err)
	}
	late := org(p, 2, 0)
	late.Channel = pdz.ChannelLate
	_, h = token()
	if _, err := s.SubmitRegistration(ctx, a.ID, store.Submission{Registration: late, SubmissionHash: h, AccessHash: h, Actor: admin}, locale.Rome); err != nil {
		t.Fatal(err)
	}
	// The registrant can no longer change or withdraw.
	r.Name = "Nuovo nome"
	if err := s.UpdateRegistration(ctx, a.ID, store.Change{Registration: r}, locale.Rome); pdz.ErrorCode(err) != pdz.ECONFLICT {
		t.Fatalf("change after the deadline: %v", err)
	}
	if err := s.WithdrawRegistration(ctx, a.ID, p.ID, r.ID, nil, locale.Rome); pdz.ErrorCode(err) != pdz.ECONFLICT {
		t.Fatalf("withdrawal after the deadline: %v", err)
	}
	// The UdP can.
	if err := s.UpdateRegistration(ctx, a.ID, store.Change{Registration: r, Actor: admin}, locale.Rome); err != nil {
		t.Fatal(err)
	}
}

// Protocol numbers stay unique and gap-free when many people submit at
// once, some of them twice with the same form, some breaking the rule of one
// representative per area, which rolls their transaction back after it took
// a number.
func TestProtocolNumbersUnderConcurrency(t *testing.T) {
	s := newStore(t)
	a := mustAmbito(t, s, "casarano")
	p := openProcess(t, s, a, time.Time{})
	const n = 60
	var wg sync.WaitGroup
	var mu sync.Mutex
	ids := map[int64]bool{}
	var errs []error
	for i := range n {
		_, h := token()
		k := i
		if i%10 == 9 { // the same organisation and area as the one before: one of the two is refused
			k = i - 1
		}
		for range 1 + i%2 { // every other form is sent twice at once
			wg.Add(1)
			go func() {
				defer wg.Done()
				r := org(p, k, k%3)
				_, err := s.SubmitRegistration(ctx, a.ID, store.Submission{Registration: r, SubmissionHash: h, AccessHash: h}, locale.Rome)
				mu.Lock()
				defer mu.Unlock()
				if err != nil {
					errs = append(errs, err)
					return
				}
				ids[r.ID] = true
			}()
		}
	}
	wg.Wait()
	for _, err := range errs {
		if pdz.ErrorCode(err) != pdz.ECONFLICT {
			t.Fatalf("unexpected error: %v", err)
		}
	}
	nums, err := s.ProtocolNumbers(ctx, a.ID, 2026)
	if err != nil {
		t.Fatal(err)
	}
	for i, got := range nums {
		if got != int64(i+1) {
			t.Fatalf("protocol numbers %v: not 1..%d", nums, len(nums))
		}
	}
	if len(nums) != len(ids) || len(nums) != n-6 || len(errs) < 6 {
		t.Fatalf("%d numbers, %d distinct registrations, %d refused; want %d, %d, at least 6", len(nums), len(ids), len(errs), n-6, n-6)
	}
}

func TestCorrectionKeepsHistoryAndStatusRules(t *testing.T) {
	s := newStore(t)
	a := mustAmbito(t, s, "casarano")
	p := openProcess(t, s, a, time.Time{})
	r := org(p, 1, 0)
	file := &pdz.Attachment{Name: "modulo.pdf", Size: 9, SHA256: "abc", Data: []byte("%PDF-1.4\n")}
	_, h := token()
	if _, err := s.SubmitRegistration(ctx, a.ID, store.Submission{Registration: r, SubmissionHash: h, AccessHash: h, File: file}, locale.Rome); err != nil {
		t.Fatal(err)
	}
	changed := org(p, 1, 0, 1)
	changed.ID, changed.Name = r.ID, "Associazione rinominata"
	changed.Areas[1].Rep = pdz.Person{Name: "Luca Verdi", Email: "luca@example.org"}
	if err := s.UpdateRegistration(ctx, a.ID, store.Change{Registration: changed}, locale.Rome); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Registration(ctx, a.ID, r.ID)
	if got.Version != 2 || got.Name != "Associazione rinominata" || len(got.Areas) != 2 || got.Representative(got.Areas[1]).Name != "Luca Verdi" ||
		got.Representative(got.Areas[0]).Name != "Anna Bianchi" || got.Attachment == nil || got.Attachment.Name != "modulo.pdf" {
		t.Fatalf("after the correction: %+v", got)
	}
	hist, err := s.RegistrationHistory(ctx, a.ID, r.ID)
	if err != nil || len(hist) != 2 || hist[1].Action != "modifica" || hist[1].Snapshot == nil || hist[1].Snapshot.Name != "Associazione di prova 1" || hist[1].Version != 1 {
		t.Fatalf("history: %v %+v", err, hist)
	}
	if f, err := s.RegistrationFile(ctx, a.ID, r.ID); err != nil || string(f.Data) != "%PDF-1.4\n" {
		t.Fatalf("file: %v %q", err, f.Data)
	}
	// Not admissible needs a reason; the reason is e-mailed.
	if err := s.SetRegistrationStatus(ctx, admin, a.ID, r.ID, pdz.RegRejected, " ", nil); pdz.ErrorFields(err)["reason"] == "" {
		t.Fatalf("no reason: %v", err)
	}
	compose := func(r *pdz.Registration) []pdz.Email {
		return []pdz.Email{{RegistrationID: r.ID, Kind: "esito", To: r.Email, Subject: "Esito", Body: r.StatusReason}}
	}
	if err := s.SetRegistrationStatus(ctx, admin, a.ID, r.ID, pdz.RegRejected, "Ente non del territorio", compose); err != nil {
		t.Fatal(err)
	}
	ms, _ := s.RegistrationEmails(ctx, a.ID, r.ID)
	if len(ms) != 1 || ms[0].Body != "Ente non del territorio" {
		t.Fatalf("e-mails: %+v", ms)
	}
	// Not admissible frees the places; accepting again takes them back.
	if err := s.SetRegistrationStatus(ctx, admin, a.ID, r.ID, pdz.RegAccepted, "", nil); err != nil {
		t.Fatal(err)
	}
	if ps, _ := s.AreaParticipants(ctx, a.ID, p.ID, p.Areas[1].ID); len(ps) != 1 || ps[0].Rep.Name != "Luca Verdi" || ps[0].Organisation != "Associazione rinominata" {
		t.Fatalf("participants: %+v", ps)
	}
}

func TestEraseLeavesAnAnonymousTrace(t *testing.T) {
	s := newStore(t)
	a := mustAmbito(t, s, "casarano")
	p := openProcess(t, s, a, time.Time{})
	r := &pdz.Registration{ProcessID: p.ID, Kind: pdz.RegistrantCitizen, Name: "Maria Bianchi", TaxCode: "BNCGLI70E41F205L", Comune: "Matino",
		Email: "maria@example.org", Phone: "333 1234567", PrivacyAccepted: true, Truthful: true,
		Areas:     []pdz.Participation{{AreaID: p.Areas[1].ID}},
		Proposals: []pdz.Proposal{{AreaID: p.Areas[1].ID, Title: "Spazio compiti", Need: "Mia figlia…", Description: "Doposcuola", CostCents: 500000}}}
	submit(t, s, a, r)
	if scrubErr, err := s.EraseRegistration(ctx, admin, a.ID, r.ID); err != nil || scrubErr != nil {
		t.Fatal(err, scrubErr)
	}
	got, err := s.Registration(ctx, a.ID, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Erased() || got.Name != pdz.ErasedName || got.TaxCode != "" || got.Email != "" || got.Phone != "" || got.Comune != "" ||
		got.Protocol() != r.Protocol() || got.Kind != pdz.RegistrantCitizen || len(got.Areas) != 1 || len(got.Proposals) != 1 ||
		got.Proposals[0].Need != "" || got.Proposals[0].Title != "Spazio compiti" {
		t.Fatalf("after erasure: %+v", got)
	}
	regs, total, _ := s.Registrations(ctx, a.ID, p.ID, pdz.RegistrationFilter{Query: "bianchi"})
	if total != 0 || len(regs) != 0 {
		t.Fatal("the erased name is still searchable")
	}
	var n int
	s.DB().R.QueryRowContext(ctx, `SELECT COUNT(*) FROM outbox WHERE registration_id = $1`, r.ID).Scan(&n)
	var dump string
	s.DB().R.QueryRowContext(ctx, `SELECT COALESCE(MAX(before_json || after_json || summary), '') FROM audit_log WHERE entity = 'registration'`).Scan(&dump)
	if strings.Contains(dump, "Bianchi") || strings.Contains(dump, "BNCGLI") {
		t.Fatal("the audit log holds personal data")
	}
	if _, err := s.EraseRegistration(ctx, admin, a.ID, r.ID); pdz.ErrorCode(err) != pdz.ECONFLICT {
		t.Fatalf("second erasure: %v", err)
	}
	stats, _ := s.PublicParticipation(ctx, a.ID, p.ID)
	if stats.Areas[1].Citizens != 1 || stats.Citizens != 1 {
		t.Fatalf("the trace no longer counts: %+v", stats)
	}
}

// TestErasePersonErasesEveryRegistrationNamingThem: the erasure of a
// person (GDPR art. 17) erases, in one transaction, every registration of
// the Ambito that names them, exactly as the erasure of each one does, and
// nothing else; a list that changed after the Responsabile confirmed it
// erases nothing.
func TestErasePersonErasesEveryRegistrationNamingThem(t *testing.T) {
	s := newStore(t)
	a := mustAmbito(t, s, "casarano")
	other := mustAmbito(t, s, "lecce")
	p := openProcess(t, s, a, time.Time{})
	q := openProcess(t, s, other, time.Time{})
	citizen := &pdz.Registration{ProcessID: p.ID, Kind: pdz.RegistrantCitizen, Name: "Maria Bianchi", TaxCode: "BNCGLI70E41F205L", Comune: "Matino",
		Email: "Maria@Example.org", PrivacyAccepted: true, Truthful: true, Areas: []pdz.Participation{{AreaID: p.Areas[1].ID}}}
	submit(t, s, a, citizen)
	rep := org(p, 1, 0) // Maria represents an organisation at a table
	rep.Areas[0].Rep = pdz.Person{Name: "Maria Bianchi", Email: "maria@example.org"}
	submit(t, s, a, rep)
	unrelated := org(p, 2, 0)
	submit(t, s, a, unrelated)
	elsewhere := org(q, 3, 0) // another Ambito's registration naming her
	elsewhere.Contact.Email = "maria@example.org"
	submit(t, s, other, elsewhere)

	// The Responsabile saw only the citizen's registration: nothing is erased.
	if _, _, err := s.ErasePerson(ctx, admin, a.ID, "maria@example.org", []store.Seen{{ID: citizen.ID, Version: 1}}); pdz.ErrorCode(err) != pdz.ECONFLICT {
		t.Fatalf("stale confirmation: %v", err)
	}
	if _, _, err := s.ErasePerson(ctx, admin, a.ID, "maria@example.org", nil); pdz.ErrorCode(err) != pdz.EINVALID {
		t.Fatalf("nothing confirmed: %v", err)
	}
	if got, _ := s.Registration(ctx, a.ID, citizen.ID); got.Erased() {
		t.Fatal("a refused erasure erased the citizen's registration")
	}

	protocols, scrubErr, err := s.ErasePerson(ctx, admin, a.ID, " MARIA@example.org ", []store.Seen{{ID: rep.ID, Version: 1}, {ID: citizen.ID, Version: 1}})
	if err != nil || scrubErr != nil {
		t.Fatal(err, scrubErr)
	}
	if len(protocols) != 2 || protocols[0] != citizen.Protocol() || protocols[1] != rep.Protocol() {
		t.Fatalf("protocols: %v", protocols)
	}
	for _, r := range []*pdz.Registration{citizen, rep} {
		got, err := s.Registration(ctx, a.ID, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !got.Erased() || got.Name != pdz.ErasedName || got.Email != "" || got.TaxCode != "" || got.Contact.Email != "" ||
			got.Areas[0].Rep.Email != "" || got.Protocol() != r.Protocol() || len(got.Areas) != 1 {
			t.Errorf("%s after erasure: %+v", r.Protocol(), got)
		}
		if hist, _ := s.RegistrationHistory(ctx, a.ID, r.ID); len(hist) != 1 || hist[0].Action != "cancellazione" {
			t.Errorf("%s history: %+v", r.Protocol(), hist)
		}
	}
	if got, _ := s.Registration(ctx, a.ID, unrelated.ID); got.Erased() || got.Contact.Email != "anna@example.org" {
		t.Error("a registration that does not name her was erased")
	}
	if got, _ := s.Registration(ctx, other.ID, elsewhere.ID); got.Erased() || got.Contact.Email != "maria@example.org" {
		t.Error("another Ambito's registration was erased")
	}
	if left, _ := s.PersonRegistrations(ctx, a.ID, "maria@example.org"); len(left) != 0 {
		t.Errorf("still found after erasure: %d", len(left))
	}
	// Audited once per registration, with the protocol number only.
	es, err := s.Audit(ctx, a.ID, pdz.AuditFilter{Entity: "registration", Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	erased := map[int64]bool{}
	for _, e := range es {
		if e.Action == "erase" {
			erased[e.EntityID] = true
			if strings.Contains(e.Summary+e.Before+e.After, "Bianchi") || strings.Contains(e.Summary+e.Before+e.After, "maria@") {
				t.Errorf("the audit log holds personal data: %+v", e)
			}
		}
	}
	if len(erased) != 2 || !erased[citizen.ID] || !erased[rep.ID] {
		t.Errorf("audit entries of the erasure: %v", erased)
	}
	// Nobody is named any more: a second request finds nothing to erase.
	if _, _, err := s.ErasePerson(ctx, admin, a.ID, "maria@example.org", []store.Seen{{ID: citizen.ID, Version: 1}, {ID: rep.ID, Version: 1}}); pdz.ErrorCode(err) != pdz.ECONFLICT {
		t.Fatalf("second erasure: %v", err)
	}
}

func TestRegistrationSearchAndFilters(t *testing.T) {
	s := newStore(t)
	a := mustAmbito(t, s, "casarano")
	p := openProcess(t, s, a, time.Time{})
	r1 := org(p, 1, 0)
	r1.Name, r1.Comune = "Cooperativa «Il Sole» 100%_vero", "Matino"
	r1.OrgType = "cooperativa"
	r1.PublishName = true
	submit(t, s, a, r1)
	r2 := org(p, 2, 1)
	r2.Contact.Name = "Giuseppe Àlvaro"
	submit(t, s, a, r2)
	cases := []struct {
		f    pdz.RegistrationFilter
		want []int64
	}{
		{pdz.RegistrationFilter{Query: "sole"}, []int64{r1.ID}},
		{pdz.RegistrationFilter{Query: "100%_v"}, []int64{r1.ID}},
		{pdz.RegistrationFilter{Query: "%"}, []int64{r1.ID}},
		{pdz.RegistrationFilter{Query: "àlvaro"}, []int64{r2.ID}},
		{pdz.RegistrationFilter{Query: "ÀLVARO giuseppe"}, []int64{r2.ID}},
		{pdz.RegistrationFilter{Query: r2.TaxCode}, []int64{r2.ID}},
		{pdz.RegistrationFilter{Query: "2026/000001"}, []int64{r1.ID}},
		{pdz.RegistrationFilter{AreaID: p.Areas[1].ID}, []int64{r2.ID}},
		{pdz.RegistrationFilter{Kind: "cooperativa"}, []int64{r1.ID}},
		{pdz.RegistrationFilter{Comune: "Matino"}, []int64{r1.ID}},
		{pdz.RegistrationFilter{Status: pdz.RegReceived}, []int64{r2.ID, r1.ID}},
		{pdz.RegistrationFilter{Channel: pdz.ChannelLate}, nil},
		{pdz.RegistrationFilter{Kind: "cittadino"}, nil},
	}
	for _, tc := range cases {
		regs, total, err := s.Registrations(ctx, a.ID, p.ID, tc.f)
		var got []int64
		for _, r := range regs {
			got = append(got, r.ID)
		}
		if err != nil || total != len(tc.want) || fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("%+v: %v (total %d, %v), want %v", tc.f, got, total, err, tc.want)
		}
	}
	stats, err := s.PublicParticipation(ctx, a.ID, p.ID)
	if err != nil || stats.Organisations != 2 || stats.Areas[0].Organisations != 1 || len(stats.Areas[0].Names) != 1 || stats.Areas[1].Organisations != 1 || len(stats.Areas[1].Names) != 0 {
		t.Fatalf("public participation: %v %+v", err, stats)
	}
}

func TestNewAccessLinks(t *testing.T) {
	s := newStore(t)
	a := mustAmbito(t, s, "casarano")
	p := openProcess(t, s, a, time.Time{})
	r := org(p, 1, 0)
	tok, h := token()
	if _, err := s.SubmitRegistration(ctx, a.ID, store.Submission{Registration: r, SubmissionHash: h, AccessHash: h}, locale.Rome); err != nil {
		t.Fatal(err)
	}
	if got, err := s.RegistrationByAccess(ctx, a.ID, p.ID, security.HashToken(tok)); err != nil || got.ID != r.ID {
		t.Fatalf("by access: %v", err)
	}
	var key string
	compose := func(r *pdz.Registration, k string) pdz.Email {
		key = k
		return pdz.Email{RegistrationID: r.ID, Kind: "link", To: r.Email, Subject: "Link", Body: k}
	}
	n, err := s.NewAccessLinks(ctx, a.ID, p.ID, "ASSOC1@example.org ", func() (string, string) { return token() }, compose)
	if err != nil || n != 1 {
		t.Fatalf("new link: %d %v", n, err)
	}
	if got, err := s.RegistrationByAccess(ctx, a.ID, p.ID, security.HashToken(key)); err != nil || got.ID != r.ID {
		t.Fatalf("the new link: %v", err)
	}
	if _, err := s.RegistrationByAccess(ctx, a.ID, p.ID, security.HashToken(tok)); pdz.ErrorCode(err) != pdz.ENOTFOUND {
		t.Fatal("the old link still works once the new one was used")
	}
	// At most one new link every two minutes; unknown addresses do nothing.
	if n, _ := s.NewAccessLinks(ctx, a.ID, p.ID, "assoc1@example.org", func() (string, string) { return token() }, compose); n != 0 {
		t.Fatal("a second link at once")
	}
	if n, _ := s.NewAccessLinks(ctx, a.ID, p.ID, "nessuno@example.org", func() (string, string) { return token() }, compose); n != 0 {
		t.Fatal("a link for an unknown address")
	}
}

func TestOutboxLeases(t *testing.T) {
	s := newStore(t)
	a := mustAmbito(t, s, "casarano")
	p := openProcess(t, s, a, time.Time{})
	for i := range 20 {
		r := org(p, i, 0)
		_, h := token()
		if _, err := s.SubmitRegistration(ctx, a.ID, store.Submission{Registration: r, SubmissionHash: h, AccessHash: h,
			Compose: func(r *pdz.Registration) []pdz.Email {
				return []pdz.Email{{RegistrationID: r.ID, Kind: "ricevuta", To: r.Email, Subject: r.Protocol(), Body: "x"}}
			}}, locale.Rome); err != nil {
			t.Fatal(err)
		}
	}
	// Four workers claim at once: every message goes to exactly one.
	var wg sync.WaitGroup
	var mu sync.Mutex
	seen := map[int64]string{}
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			owner := "w" + strconv.Itoa(w)
			for range 5 {
				ms, err := s.ClaimEmails(ctx, owner, time.Minute, 3)
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				for _, m := range ms {
					if prev, ok := seen[m.ID]; ok {
						t.Errorf("message %d claimed by %s and %s", m.ID, prev, owner)
					}
					seen[m.ID] = owner
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if len(seen) != 20 {
		t.Fatalf("%d messages claimed, want 20", len(seen))
	}
	// Nothing is due while leased; an expired lease (a crashed server) makes
	// the message available again, with the attempt counted.
	if ms, _ := s.ClaimEmails(ctx, "other", time.Minute, 50); len(ms) != 0 {
		t.Fatalf("leased messages claimed again: %d", len(ms))
	}
	for id, owner := range seen {
		if err := s.MarkEmailSent(ctx, id, owner); err != nil {
			t.Fatal(err)
		}
	}
	c, _ := s.Outbox(ctx)
	if c.Sent != 20 || c.Pending != 0 {
		t.Fatalf("outbox: %+v", c)
	}
	// A failure is retried at the time given, then given up.
	r := org(p, 99, 1)
	_, h := token()
	s.SubmitRegistration(ctx, a.ID, store.Submission{Registration: r, SubmissionHash: h, AccessHash: h,
		Compose: func(r *pdz.Registration) []pdz.Email {
			return []pdz.Email{{RegistrationID: r.ID, Kind: "ricevuta", To: r.Email, Subject: "x", Body: "x"}}
		}}, locale.Rome)
	ms, _ := s.ClaimEmails(ctx, "w", time.Millisecond, 5)
	if len(ms) != 1 || ms[0].Attempts != 1 {
		t.Fatalf("claim: %+v", ms)
	}
	if err := s.MarkEmailFailed(ctx, ms[0].ID, "w", "451 riprovare", s.Now().Add(time.Hour), false); err != nil {
		t.Fatal(err)
	}
	if again, _ := s.ClaimEmails(ctx, "w", time.Minute, 5); len(again) != 0 {
		t.Fatal("retried before its time")
	}
	if err := s.MarkEmailFailed(ctx, ms[0].ID, "w", "550 utente sconosciuto", time.Time{}, true); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Email(ctx, a.ID, ms[0].ID)
	if got.FailedAt.IsZero() || got.LastError != "550 utente sconosciuto" || got.StatusLabel() != "non recapitata" {
		t.Fatalf("given up: %+v", got)
	}
	if err := s.RetryEmail(ctx, admin, a.ID, got.ID); err != nil {
		t.Fatal(err)
	}
	if again, _ := s.ClaimEmails(ctx, "w", time.Minute, 5); len(again) != 1 {
		t.Fatal("not back in the queue")
	}
}

// TestErasePersonRefusesAChangedListOfTheSameLength: between the search and
// the confirmation, one registration naming the person is erased on its
// own page and another naming them arrives. The list has the same length
// but is not the one the Responsabile saw: nothing is erased, and the new
// registration keeps its data.
func TestErasePersonRefusesAChangedListOfTheSameLength(t *testing.T) {
	s := newStore(t)
	a := mustAmbito(t, s, "casarano")
	p := openProcess(t, s, a, time.Time{})
	seen := org(p, 1, 0)
	seen.Contact.Email = "maria@example.org"
	submit(t, s, a, seen)
	found, err := s.PersonRegistrations(ctx, a.ID, "maria@example.org")
	if err != nil || len(found) != 1 || found[0].ID != seen.ID {
		t.Fatalf("search: %v %v", found, err)
	}
	if _, err := s.EraseRegistration(ctx, admin, a.ID, seen.ID); err != nil {
		t.Fatal(err)
	}
	arrived := org(p, 2, 1)
	arrived.Areas[0].Rep = pdz.Person{Name: "Maria Bianchi", Email: "maria@example.org"}
	submit(t, s, a, arrived)
	if now, _ := s.PersonRegistrations(ctx, a.ID, "maria@example.org"); len(now) != len(found) {
		t.Fatalf("the list should have kept its length: %d", len(now))
	}

	_, _, err = s.ErasePerson(ctx, admin, a.ID, "maria@example.org", []store.Seen{{ID: seen.ID, Version: found[0].Version}})
	if pdz.ErrorCode(err) != pdz.ECONFLICT {
		t.Fatalf("erasure confirmed on another list: %v", err)
	}
	got, err := s.Registration(ctx, a.ID, arrived.ID)
	if err != nil || got.Erased() || got.Areas[0].Rep.Email != "maria@example.org" {
		t.Fatalf("the registration nobody saw was erased: %+v %v", got, err)
	}
}

// TestErasePersonRefusesACorrectedRegistration: the registrant corrects a
// registration after the Responsabile saw the list (a new representative,
// whose data the Responsabile never saw): the same registrations, but not
// as seen; nothing is erased until the list is looked at again.
func TestErasePersonRefusesACorrectedRegistration(t *testing.T) {
	s := newStore(t)
	a := mustAmbito(t, s, "casarano")
	p := openProcess(t, s, a, time.Time{})
	r := org(p, 1, 0)
	r.Contact.Email = "maria@example.org"
	submit(t, s, a, r)
	found, err := s.PersonRegistrations(ctx, a.ID, "maria@example.org")
	if err != nil || len(found) != 1 {
		t.Fatalf("search: %v %v", found, err)
	}
	saw := []store.Seen{{ID: found[0].ID, Version: found[0].Version}}
	fixed := found[0]
	fixed.Areas = append(fixed.Areas, pdz.Participation{AreaID: p.Areas[2].ID, Rep: pdz.Person{Name: "Carlo Neri", Email: "carlo@example.org"}})
	if err := s.UpdateRegistration(ctx, a.ID, store.Change{Registration: &fixed}, locale.Rome); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.ErasePerson(ctx, admin, a.ID, "maria@example.org", saw); pdz.ErrorCode(err) != pdz.ECONFLICT {
		t.Fatalf("erasure of a registration corrected after the search: %v", err)
	}
	if got, _ := s.Registration(ctx, a.ID, r.ID); got.Erased() || len(got.Areas) != 2 {
		t.Fatalf("a refused erasure changed the registration: %+v", got)
	}
	again, err := s.PersonRegistrations(ctx, a.ID, "maria@example.org")
	if err != nil || len(again) != 1 || again[0].Version == saw[0].Version {
		t.Fatalf("search again: %v %v", again, err)
	}
	if _, _, err := s.ErasePerson(ctx, admin, a.ID, "maria@example.org", []store.Seen{{ID: again[0].ID, Version: again[0].Version}}); err != nil {
		t.Fatalf("erasure of the list seen again: %v", err)
	}
}
