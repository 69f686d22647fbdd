package store_test

import (
	"strings"
	"testing"

	"github.com/pdz-ats/pdz/internal/locale"
	"github.com/pdz-ats/pdz/internal/pdz"
	"github.com/pdz-ats/pdz/internal/store"
)

// minimalPDF is a small valid PDF for attachments.
const minimalPDF = "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"

type bodyFixture struct {
	a       pdz.Ambito
	comune  pdz.Comune
	process pdz.Process
	meeting pdz.Meeting
	body    pdz.Body
	member  pdz.Member
	session pdz.BodySession
	act     pdz.Act
}

func mustBodyFixture(t *testing.T, s *store.Store, slug string) bodyFixture {
	t.Helper()
	var f bodyFixture
	f.a = mustAmbito(t, s, slug)
	f.comune = pdz.Comune{AmbitoID: f.a.ID, Name: "Comune di " + slug}
	if err := s.SaveComune(ctx, admin, &f.comune); err != nil {
		t.Fatal(err)
	}
	f.process = mustProcess(t, s, f.a.ID)
	f.meeting = pdz.Meeting{ProcessID: f.process.ID, Kind: pdz.KindConcertazione, Title: "Sessione con le OO.SS.", Date: pdz.NewDate(2022, 6, 22)}
	if _, err := s.SaveMeeting(ctx, admin, f.a.ID, &f.meeting, locale.Rome); err != nil {
		t.Fatal(err)
	}
	f.body = pdz.Body{AmbitoID: f.a.ID, Kind: pdz.BodyCoordinamento, Name: "Coordinamento Istituzionale"}
	if err := s.SaveBody(ctx, admin, &f.body); err != nil {
		t.Fatal(err)
	}
	f.member = pdz.Member{BodyID: f.body.ID, Role: "Sindaco o delegato", ComuneID: f.comune.ID}
	if err := s.SaveMember(ctx, admin, f.a.ID, &f.member); err != nil {
		t.Fatal(err)
	}
	f.session = pdz.BodySession{BodyID: f.body.ID, ProcessID: f.process.ID, MeetingID: f.meeting.ID, Date: pdz.NewDate(2022, 6, 22),
		ConvocationNumber: "39763", ConvocationDate: pdz.NewDate(2022, 6, 20)}
	if err := s.SaveBodySession(ctx, admin, f.a.ID, &f.session); err != nil {
		t.Fatal(err)
	}
	file, err := pdz.NewPDF("file", "verbale.pdf", []byte(minimalPDF))
	if err != nil {
		t.Fatal(err)
	}
	f.act = pdz.Act{SessionID: f.session.ID, Kind: pdz.ActDecisione, Subject: "viene costituito l'Ufficio di Piano"}
	if err := s.SaveAct(ctx, admin, f.a.ID, f.body.ID, &f.act, file, false); err != nil {
		t.Fatal(err)
	}
	if err := s.SetAttendance(ctx, admin, f.a.ID, f.body.ID, f.session.ID, []int64{f.member.ID}, "il Direttore del Distretto"); err != nil {
		t.Fatal(err)
	}
	return f
}

func TestBodySessionLifecycle(t *testing.T) {
	s := newStore(t)
	f := mustBodyFixture(t, s, "casarano")
	got, err := s.BodySession(ctx, f.a.ID, f.body.ID, f.session.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != pdz.StatusDraft || len(got.Acts) != 1 || got.Acts[0].File == nil || got.Acts[0].File.Size != int64(len(minimalPDF)) ||
		len(got.Present) != 1 || got.Guests != "il Direttore del Distretto" || got.ConvocationNumber != "39763" {
		t.Fatalf("loaded session: %+v", got)
	}
	file, err := s.ActFile(ctx, f.a.ID, f.body.ID, f.session.ID, f.act.ID)
	if err != nil || string(file.Data) != minimalPDF || len(file.SHA256) != 64 {
		t.Fatalf("file: %v %q", err, file.SHA256)
	}
	// Drafts are not in the published lists; published ones are.
	if xs, _ := s.ProcessSessions(ctx, f.a.ID, f.process.ID, true); len(xs) != 0 {
		t.Fatalf("a draft is listed as published")
	}
	if err := s.SetBodySessionStatus(ctx, admin, f.a.ID, f.body.ID, f.session.ID, pdz.StatusPublished); err != nil {
		t.Fatal(err)
	}
	xs, err := s.ProcessSessions(ctx, f.a.ID, f.process.ID, true)
	if err != nil || len(xs) != 1 || xs[0].Body == nil || xs[0].Body.Name != "Coordinamento Istituzionale" || len(xs[0].Acts) != 1 {
		t.Fatalf("published sessions of the process: %v %+v", err, xs)
	}
	// Published: no deletion of the session or of its acts; withdrawal keeps it.
	if err := s.DeleteAct(ctx, admin, f.a.ID, f.body.ID, f.session.ID, f.act.ID); pdz.ErrorCode(err) != pdz.ECONFLICT {
		t.Fatalf("delete act of a published session: %v", err)
	}
	if err := s.SetBodySessionStatus(ctx, admin, f.a.ID, f.body.ID, f.session.ID, pdz.StatusDraft); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteBodySession(ctx, admin, f.a.ID, f.body.ID, f.session.ID); pdz.ErrorCode(err) != pdz.ECONFLICT {
		t.Fatalf("delete a once-published session: %v", err)
	}
	// A member present at a session is not deleted; a body that met is not deleted.
	if err := s.DeleteMember(ctx, admin, f.a.ID, f.body.ID, f.member.ID); pdz.ErrorCode(err) != pdz.ECONFLICT {
		t.Fatalf("delete a member who was present: %v", err)
	}
	if err := s.DeleteBody(ctx, admin, f.a.ID, f.body.ID); pdz.ErrorCode(err) != pdz.ECONFLICT {
		t.Fatalf("delete a body with sessions: %v", err)
	}
	// The meeting and the Comune a session names are not deleted from under it.
	if err := s.DeleteMeeting(ctx, admin, f.a.ID, f.process.ID, f.meeting.ID); pdz.ErrorCode(err) != pdz.ECONFLICT {
		t.Fatalf("delete a meeting a session names: %v", err)
	}
	if err := s.DeleteComune(ctx, admin, f.a.ID, f.comune.ID); pdz.ErrorCode(err) != pdz.ECONFLICT {
		t.Fatalf("delete a Comune a member names: %v", err)
	}
	if err := s.DeleteProcess(ctx, admin, f.a.ID, f.process.ID); pdz.ErrorCode(err) != pdz.ECONFLICT {
		t.Fatalf("delete a process a session belongs to: %v", err)
	}
	// Replacing an attachment keeps the old file.
	file2, _ := pdz.NewPDF("file", "verbale-2.pdf", []byte(minimalPDF+" "))
	act := f.act
	if err := s.SaveAct(ctx, admin, f.a.ID, f.body.ID, &act, file2, false); err != nil {
		t.Fatal(err)
	}
	var files int
	s.DB().R.QueryRowContext(ctx, `SELECT COUNT(*) FROM act_files WHERE ambito_id = $1`, f.a.ID).Scan(&files)
	if files != 2 || act.File.Name != "verbale-2.pdf" {
		t.Fatalf("files kept %d, act file %+v", files, act.File)
	}
	// Every change is audited, attachment replacement included.
	es, err := s.Audit(ctx, f.a.ID, pdz.AuditFilter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, e := range es {
		seen[e.Action+" "+e.Entity] = true
	}
	for _, want := range []string{"create body", "create member", "create body_session", "create act", "update attendance",
		"publish body_session", "unpublish body_session", "update act"} {
		if !seen[want] {
			t.Errorf("no audit entry %q", want)
		}
	}
	if !strings.Contains(es[0].After, "verbale-2.pdf") || !strings.Contains(es[0].Before, "verbale.pdf") {
		t.Errorf("attachment change not in the audit: %s -> %s", es[0].Before, es[0].After)
	}
}

func TestBodySessionLinksAreChecked(t *testing.T) {
	s := newStore(t)
	f := mustBodyFixture(t, s, "casarano")
	// A session during a meeting takes its day.
	x := pdz.BodySession{BodyID: f.body.ID, ProcessID: f.process.ID, MeetingID: f.meeting.ID, Date: pdz.NewDate(2022, 6, 23)}
	if err := s.SaveBodySession(ctx, admin, f.a.ID, &x); pdz.ErrorFields(err)["date"] == "" {
		t.Fatalf("session outside its meeting: %v", err)
	}
	// A meeting of another process is refused.
	other := mustProcessSlug(t, s, f.a.ID, "altro")
	x = pdz.BodySession{BodyID: f.body.ID, ProcessID: other.ID, MeetingID: f.meeting.ID, Date: pdz.NewDate(2022, 6, 22)}
	if err := s.SaveBodySession(ctx, admin, f.a.ID, &x); pdz.ErrorFields(err)["meeting_id"] == "" {
		t.Fatalf("meeting of another process: %v", err)
	}
	// A member of another body cannot be present.
	ufficio := pdz.Body{AmbitoID: f.a.ID, Kind: pdz.BodyUfficioDiPiano, Name: "Ufficio di Piano"}
	if err := s.SaveBody(ctx, admin, &ufficio); err != nil {
		t.Fatal(err)
	}
	resp := pdz.Member{BodyID: ufficio.ID, Role: "Responsabile dell'Ufficio di Piano", Name: "Gigliola Totisco"}
	if err := s.SaveMember(ctx, admin, f.a.ID, &resp); err != nil {
		t.Fatal(err)
	}
	if err := s.SetAttendance(ctx, admin, f.a.ID, f.body.ID, f.session.ID, []int64{resp.ID}, ""); pdz.ErrorFields(err)["present"] == "" {
		t.Fatalf("member of another body present: %v", err)
	}
	// Slugs are unique in the Ambito.
	dup := pdz.Body{AmbitoID: f.a.ID, Kind: pdz.BodyOther, Name: "Coordinamento Istituzionale"}
	if err := s.SaveBody(ctx, admin, &dup); pdz.ErrorFields(err)["slug"] == "" {
		t.Fatalf("duplicate slug: %v", err)
	}
}

func mustProcessSlug(t *testing.T, s *store.Store, ambitoID int64, slug string) pdz.Process {
	t.Helper()
	p := pdz.Process{AmbitoID: ambitoID, Title: "Avviso", Cycle: "Altro percorso", Slug: slug}
	if err := s.CreateProcess(ctx, admin, &p); err != nil {
		t.Fatal(err)
	}
	return p
}

// Ambito B cannot read, change or link into Ambito A's bodies, members,
// sessions, acts and files by id.
func TestBodiesTenancy(t *testing.T) {
	s := newStore(t)
	a := mustBodyFixture(t, s, "casarano")
	b := mustBodyFixture(t, s, "lecce")
	B := b.a.ID
	if _, err := s.Body(ctx, B, a.body.ID); pdz.ErrorCode(err) != pdz.ENOTFOUND {
		t.Errorf("read body: %v", err)
	}
	if _, err := s.Member(ctx, B, a.body.ID, a.member.ID); pdz.ErrorCode(err) != pdz.ENOTFOUND {
		t.Errorf("read member: %v", err)
	}
	if _, err := s.BodySession(ctx, B, a.body.ID, a.session.ID); pdz.ErrorCode(err) != pdz.ENOTFOUND {
		t.Errorf("read session: %v", err)
	}
	if _, err := s.ActFile(ctx, B, a.body.ID, a.session.ID, a.act.ID); pdz.ErrorCode(err) != pdz.ENOTFOUND {
		t.Errorf("read file: %v", err)
	}
	// B's own body with A's member, session or act ids.
	if _, err := s.Member(ctx, B, b.body.ID, a.member.ID); pdz.ErrorCode(err) != pdz.ENOTFOUND {
		t.Errorf("read A's member through B's body: %v", err)
	}
	upd := a.body
	upd.AmbitoID, upd.Name = B, "rubato"
	if err := s.SaveBody(ctx, admin, &upd); pdz.ErrorCode(err) != pdz.ENOTFOUND {
		t.Errorf("update body: %v", err)
	}
	m := a.member
	m.Role = "rubato"
	if err := s.SaveMember(ctx, admin, B, &m); pdz.ErrorCode(err) != pdz.ENOTFOUND {
		t.Errorf("update member: %v", err)
	}
	m = pdz.Member{BodyID: b.body.ID, Role: "x", ComuneID: a.comune.ID}
	if err := s.SaveMember(ctx, admin, B, &m); pdz.ErrorFields(err)["comune_id"] == "" {
		t.Errorf("member linked to A's Comune: %v", err)
	}
	m = pdz.Member{BodyID: b.body.ID, Role: "x", MeetingID: a.meeting.ID}
	if err := s.SaveMember(ctx, admin, B, &m); pdz.ErrorFields(err)["meeting_id"] == "" {
		t.Errorf("member linked to A's meeting: %v", err)
	}
	x := pdz.BodySession{BodyID: b.body.ID, ProcessID: a.process.ID, Date: pdz.NewDate(2022, 6, 22)}
	if err := s.SaveBodySession(ctx, admin, B, &x); pdz.ErrorFields(err)["process_id"] == "" {
		t.Errorf("session linked to A's process: %v", err)
	}
	x = a.session
	x.Notes = "rubato"
	if err := s.SaveBodySession(ctx, admin, B, &x); pdz.ErrorCode(err) != pdz.ENOTFOUND {
		t.Errorf("update session: %v", err)
	}
	if err := s.SetBodySessionStatus(ctx, admin, B, a.body.ID, a.session.ID, pdz.StatusPublished); pdz.ErrorCode(err) != pdz.ENOTFOUND {
		t.Errorf("publish session: %v", err)
	}
	if err := s.SetAttendance(ctx, admin, B, b.body.ID, b.session.ID, []int64{a.member.ID}, ""); pdz.ErrorFields(err)["present"] == "" {
		t.Errorf("A's member present at B's session: %v", err)
	}
	act := a.act
	act.Subject = "rubato"
	if err := s.SaveAct(ctx, admin, B, a.body.ID, &act, nil, false); pdz.ErrorCode(err) != pdz.ENOTFOUND {
		t.Errorf("update act: %v", err)
	}
	act = pdz.Act{ID: a.act.ID, SessionID: b.session.ID, Kind: pdz.ActDecisione, Subject: "rubato"}
	if err := s.SaveAct(ctx, admin, B, b.body.ID, &act, nil, false); pdz.ErrorCode(err) != pdz.ENOTFOUND {
		t.Errorf("update A's act through B's session: %v", err)
	}
	for name, err := range map[string]error{
		"delete body":    s.DeleteBody(ctx, admin, B, a.body.ID),
		"delete member":  s.DeleteMember(ctx, admin, B, a.body.ID, a.member.ID),
		"delete session": s.DeleteBodySession(ctx, admin, B, a.body.ID, a.session.ID),
		"delete act":     s.DeleteAct(ctx, admin, B, a.body.ID, a.session.ID, a.act.ID),
	} {
		if pdz.ErrorCode(err) != pdz.ENOTFOUND {
			t.Errorf("%s: %v", name, err)
		}
	}
	// A's data is unchanged, and B's audit log has nothing about it.
	got, _ := s.BodySession(ctx, a.a.ID, a.body.ID, a.session.ID)
	body, _ := s.Body(ctx, a.a.ID, a.body.ID)
	if got.Notes != "" || got.Status != pdz.StatusDraft || got.Acts[0].Subject != a.act.Subject || body.Name != a.body.Name || body.Members[0].Role != a.member.Role {
		t.Fatalf("A's data changed: %+v %+v", got, body)
	}
	es, _ := s.Audit(ctx, B, pdz.AuditFilter{Limit: 200})
	for _, e := range es {
		if strings.Contains(e.After, "rubato") {
			t.Errorf("B's audit log records a change to A: %s", e.Summary)
		}
	}
}
