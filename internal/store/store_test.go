package store_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pdz-ats/pdz/internal/locale"
	"github.com/pdz-ats/pdz/internal/pdz"
	"github.com/pdz-ats/pdz/internal/store"
	"github.com/pdz-ats/pdz/internal/testdb"
)

var ctx = context.Background()

func newStore(t *testing.T) *store.Store {
	t.Helper()
	clock := time.Date(2026, 6, 1, 10, 0, 0, 0, time.UTC)
	var mu sync.Mutex // concurrent tests read the clock from many goroutines
	return store.New(testdb.Open(t), func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		clock = clock.Add(time.Second)
		return clock
	})
}

var admin = pdz.Actor{UserID: 0, Email: "test@example.org"}

func mustAmbito(t *testing.T, s *store.Store, slug string) pdz.Ambito {
	t.Helper()
	a := pdz.Ambito{Slug: slug, Name: "Ambito di " + slug}
	if err := s.CreateAmbito(ctx, admin, &a); err != nil {
		t.Fatal(err)
	}
	return a
}

func mustProcess(t *testing.T, s *store.Store, ambitoID int64) pdz.Process {
	t.Helper()
	p := pdz.Process{AmbitoID: ambitoID, Title: "Avviso", Cycle: "Piano Sociale di Zona 2026-2028"}
	if err := s.CreateProcess(ctx, admin, &p); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestProcessLifecycle(t *testing.T) {
	s := newStore(t)
	a := mustAmbito(t, s, "casarano")
	p := mustProcess(t, s, a.ID)
	if p.Slug != "piano-sociale-di-zona-2026-2028" || p.Status != pdz.StatusDraft {
		t.Fatalf("slug %q status %q", p.Slug, p.Status)
	}
	ph := pdz.Phase{ProcessID: p.ID, Label: "Fase II", Title: "Programmazione partecipata", StartsOn: pdz.NewDate(2026, 6, 22), EndsOn: pdz.NewDate(2026, 7, 1)}
	if err := s.SavePhase(ctx, admin, a.ID, &ph); err != nil {
		t.Fatal(err)
	}
	ar := pdz.Area{ProcessID: p.ID, Code: "1", Title: "L'invecchiamento attivo"}
	if err := s.SaveArea(ctx, admin, a.ID, &ar); err != nil {
		t.Fatal(err)
	}
	m := pdz.Meeting{ProcessID: p.ID, PhaseID: ph.ID, Kind: pdz.KindTavolo, Label: "Tavolo 1", Date: pdz.NewDate(2026, 6, 22),
		StartTime: pdz.NewClock(9, 0), EndTime: pdz.NewClock(11, 0), VenueName: "Sala A", AreaIDs: []int64{ar.ID}}
	if _, err := s.SaveMeeting(ctx, admin, a.ID, &m, locale.Rome); err != nil {
		t.Fatal(err)
	}
	// Outside the phase: refused with a message on the date.
	bad := m
	bad.ID, bad.Date = 0, pdz.NewDate(2026, 7, 5)
	if _, err := s.SaveMeeting(ctx, admin, a.ID, &bad, locale.Rome); pdz.ErrorFields(err)["date"] == "" {
		t.Fatalf("meeting outside its phase: got %v", err)
	}
	// Same room, overlapping: saved with a warning.
	twin := m
	twin.ID, twin.Label = 0, "Tavolo 2"
	warns, err := s.SaveMeeting(ctx, admin, a.ID, &twin, locale.Rome)
	if err != nil || len(warns) != 1 {
		t.Fatalf("overlap: warnings %v err %v", warns, err)
	}
	got, err := s.Process(ctx, a.ID, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Meetings) != 2 || len(got.Meetings[0].Areas) != 1 || got.Meetings[0].Areas[0].Title != ar.Title {
		t.Fatalf("loaded meetings: %+v", got.Meetings)
	}
	// A deadline after a table is refused.
	got.Deadline = time.Date(2026, 6, 23, 16, 0, 0, 0, time.UTC)
	if err := s.UpdateProcess(ctx, admin, &got, locale.Rome); pdz.ErrorFields(err)["deadline_date"] == "" {
		t.Fatalf("deadline after a table: got %v", err)
	}
	// Deleting an area in use, or a phase with meetings, is refused.
	if err := s.DeleteArea(ctx, admin, a.ID, p.ID, ar.ID); pdz.ErrorCode(err) != pdz.ECONFLICT {
		t.Fatalf("delete area in use: %v", err)
	}
	if err := s.DeletePhase(ctx, admin, a.ID, p.ID, ph.ID); pdz.ErrorCode(err) != pdz.ECONFLICT {
		t.Fatalf("delete phase with meetings: %v", err)
	}
	if err := s.SetProcessStatus(ctx, admin, a.ID, p.ID, pdz.StatusPublished); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteProcess(ctx, admin, a.ID, p.ID); pdz.ErrorCode(err) != pdz.ECONFLICT {
		t.Fatalf("a published process must not be deleted: %v", err)
	}
	log, err := s.Audit(ctx, a.ID, pdz.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(log) < 6 || log[0].Action != "publish" || log[0].Email != admin.Email {
		t.Fatalf("audit log: %+v", log)
	}
}

func TestDeleteDraftProcess(t *testing.T) {
	s := newStore(t)
	a := mustAmbito(t, s, "lecce")
	p := mustProcess(t, s, a.ID)
	ph := pdz.Phase{ProcessID: p.ID, Title: "Fase"}
	s.SavePhase(ctx, admin, a.ID, &ph)
	ar := pdz.Area{ProcessID: p.ID, Title: "Area"}
	s.SaveArea(ctx, admin, a.ID, &ar)
	parent := pdz.Meeting{ProcessID: p.ID, PhaseID: ph.ID, Kind: pdz.KindPlenaria, Title: "Incontro", Date: pdz.NewDate(2026, 7, 1), AreaIDs: []int64{ar.ID}}
	if _, err := s.SaveMeeting(ctx, admin, a.ID, &parent, locale.Rome); err != nil {
		t.Fatal(err)
	}
	child := pdz.Meeting{ProcessID: p.ID, PhaseID: ph.ID, ParentID: parent.ID, Kind: pdz.KindFocusGroup, Title: "Focus", Date: pdz.NewDate(2026, 7, 1), AreaIDs: []int64{ar.ID}}
	if _, err := s.SaveMeeting(ctx, admin, a.ID, &child, locale.Rome); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteMeeting(ctx, admin, a.ID, p.ID, parent.ID); pdz.ErrorCode(err) != pdz.ECONFLICT {
		t.Fatalf("delete a meeting with children: %v", err)
	}
	if err := s.DeleteProcess(ctx, admin, a.ID, p.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Process(ctx, a.ID, p.ID); pdz.ErrorCode(err) != pdz.ENOTFOUND {
		t.Fatalf("deleted process still there: %v", err)
	}
}

// Every read and write of a process part is scoped by the Ambito: the ids of
// Ambito A's rows are useless in Ambito B.
func TestTenantIsolation(t *testing.T) {
	s := newStore(t)
	a := mustAmbito(t, s, "casarano")
	b := mustAmbito(t, s, "putignano")
	p := mustProcess(t, s, a.ID)
	ar := pdz.Area{ProcessID: p.ID, Title: "Area di A"}
	if err := s.SaveArea(ctx, admin, a.ID, &ar); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Process(ctx, b.ID, p.ID); pdz.ErrorCode(err) != pdz.ENOTFOUND {
		t.Fatalf("B reads A's process: %v", err)
	}
	if _, err := s.Area(ctx, b.ID, p.ID, ar.ID); pdz.ErrorCode(err) != pdz.ENOTFOUND {
		t.Fatalf("B reads A's area: %v", err)
	}
	hijack := pdz.Area{ID: ar.ID, ProcessID: p.ID, Title: "rubata"}
	if err := s.SaveArea(ctx, admin, b.ID, &hijack); pdz.ErrorCode(err) != pdz.ENOTFOUND {
		t.Fatalf("B updates A's area: %v", err)
	}
	newInA := pdz.Area{ProcessID: p.ID, Title: "intrusa"}
	if err := s.SaveArea(ctx, admin, b.ID, &newInA); pdz.ErrorCode(err) != pdz.ENOTFOUND {
		t.Fatalf("B adds an area to A's process: %v", err)
	}
	if err := s.DeleteArea(ctx, admin, b.ID, p.ID, ar.ID); pdz.ErrorCode(err) != pdz.ENOTFOUND {
		t.Fatalf("B deletes A's area: %v", err)
	}
	// A meeting of B cannot treat an area of A.
	pb := mustProcess(t, s, b.ID)
	m := pdz.Meeting{ProcessID: pb.ID, Kind: pdz.KindTavolo, Title: "T", Date: pdz.NewDate(2026, 7, 1), AreaIDs: []int64{ar.ID}}
	if _, err := s.SaveMeeting(ctx, admin, b.ID, &m, locale.Rome); pdz.ErrorFields(err)["area_ids"] == "" {
		t.Fatalf("B's meeting with A's area: %v", err)
	}
	c := pdz.Comune{AmbitoID: a.ID, Name: "Casarano", IstatCode: "075016"}
	if err := s.SaveComune(ctx, admin, &c); err != nil {
		t.Fatal(err)
	}
	bAmb, _ := s.Ambito(ctx, b.ID)
	bAmb.CapofilaID = c.ID
	if err := s.UpdateAmbito(ctx, admin, &bAmb); pdz.ErrorFields(err)["capofila_id"] == "" {
		t.Fatalf("B takes A's Comune as capofila: %v", err)
	}
	if log, _ := s.Audit(ctx, b.ID, pdz.AuditFilter{}); len(log) != 2 {
		t.Fatalf("B's audit log shows %d entries, want its own 2", len(log))
	}
}

func TestConflicts(t *testing.T) {
	s := newStore(t)
	a := mustAmbito(t, s, "casarano")
	dup := pdz.Ambito{Slug: "casarano", Name: "Altro"}
	if err := s.CreateAmbito(ctx, admin, &dup); pdz.ErrorFields(err)["slug"] == "" {
		t.Fatalf("duplicate slug: %v", err)
	}
	p := mustProcess(t, s, a.ID)
	p2 := pdz.Process{AmbitoID: a.ID, Title: "Altro", Cycle: "Altro", Slug: p.Slug}
	if err := s.CreateProcess(ctx, admin, &p2); pdz.ErrorFields(err)["slug"] == "" {
		t.Fatalf("duplicate process slug: %v", err)
	}
	u := pdz.User{Email: "Anna@Example.org", Name: "Anna", PasswordHash: "x"}
	if err := s.CreateUser(ctx, admin, &u); err != nil {
		t.Fatal(err)
	}
	u2 := pdz.User{Email: "anna@example.org", Name: "Anna 2", PasswordHash: "x"}
	if err := s.CreateUser(ctx, admin, &u2); pdz.ErrorFields(err)["email"] == "" {
		t.Fatalf("duplicate e-mail: %v", err)
	}
	if got, err := s.UserByEmail(ctx, " ANNA@example.org "); err != nil || got.ID != u.ID {
		t.Fatalf("lookup by e-mail: %v %v", got, err)
	}
}

// Two thematic areas of one process cannot share a code; another process
// can use it, and an area keeps its own code when it is saved again.
func TestAreaCodesAreUniqueInAProcess(t *testing.T) {
	s := newStore(t)
	a := mustAmbito(t, s, "casarano")
	p := mustProcess(t, s, a.ID)
	first := pdz.Area{ProcessID: p.ID, Code: "1", Title: "Invecchiamento attivo"}
	if err := s.SaveArea(ctx, admin, a.ID, &first); err != nil {
		t.Fatal(err)
	}
	first.Title = "Invecchiamento attivo e domiciliarità"
	if err := s.SaveArea(ctx, admin, a.ID, &first); err != nil {
		t.Fatalf("saving an area again with its own code: %v", err)
	}
	dup := pdz.Area{ProcessID: p.ID, Code: "1", Title: "Famiglie e minori"}
	err := s.SaveArea(ctx, admin, a.ID, &dup)
	if msg := pdz.ErrorFields(err)["code"]; !strings.Contains(msg, "«1» è già dell'area «Invecchiamento attivo e domiciliarità»") || dup.ID != 0 {
		t.Fatalf("a second area with code 1: %v %q (id %d)", err, msg, dup.ID)
	}
	other := pdz.Area{ProcessID: p.ID, Code: "2", Title: "Famiglie e minori"}
	if err := s.SaveArea(ctx, admin, a.ID, &other); err != nil {
		t.Fatal(err)
	}
	other.Code = "1"
	if err := s.SaveArea(ctx, admin, a.ID, &other); pdz.ErrorFields(err)["code"] == "" {
		t.Fatalf("renaming an area to a code in use: %v", err)
	}
	if got, _ := s.Area(ctx, a.ID, p.ID, other.ID); got.Code != "2" {
		t.Errorf("the refused change was saved: code %q", got.Code)
	}
	q := pdz.Process{AmbitoID: a.ID, Title: "Altro avviso", Cycle: "Piano Sociale di Zona 2029-2031"}
	if err := s.CreateProcess(ctx, admin, &q); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveArea(ctx, admin, a.ID, &pdz.Area{ProcessID: q.ID, Code: "1", Title: "Invecchiamento attivo"}); err != nil {
		t.Errorf("another process may use code 1: %v", err)
	}
}
