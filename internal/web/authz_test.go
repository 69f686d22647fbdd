package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/pdz-ats/pdz/internal/pdz"
)

// ids are the real ids substituted into route patterns.
type ids struct {
	ambito                                   string
	process, comune, user                    int64
	premise, phase, area, meeting, signatory int64
	body, member, session, act               int64
	// the plan (issue 5): plan, sheet and its first service, funding
	// source, inventory row, profile row, declared figure, framework, area
	plan, sheet, service, source, inventory, row, declared, framework int64
	planArea                                                          string
	registration                                                      int64 // a demo registration with a signed form
	// the tables (issue 4): a presence at the meeting and a signed sheet, a
	// need of its minutes, a proposal, a priority round, an election with a
	// candidate, a signature of the pact
	attendance, sheetFile, need, proposal, round, election, candidate, signature int64
	// the money (issue 6): social workers, previous plan's progress,
	// printed money figure, financial sheet
	staff, progress, moneyDeclared int64
	finSheet                       string
}

func (hs *harness) idsOf(ambito, process string, userID int64) ids {
	hs.t.Helper()
	ctx := context.Background()
	a, _ := hs.st.AmbitoBySlug(ctx, ambito)
	cs, _ := hs.st.Comuni(ctx, a.ID)
	p := hs.process(ambito, process)
	x := ids{ambito: ambito, process: p.ID, comune: cs[0].ID, user: userID,
		premise: p.Premises[0].ID, phase: p.Phases[0].ID, area: p.Areas[0].ID, meeting: p.Meetings[0].ID, signatory: p.Signatories[0].ID}
	// The first body of the Ambito, its first member, its first session and
	// that session's first act, which gets an attachment if it has none, so
	// that the download route has something to serve.
	bs, err := hs.st.Bodies(ctx, a.ID)
	if err != nil || len(bs) == 0 || len(bs[0].Members) == 0 {
		hs.t.Fatalf("demo bodies of %s: %v", ambito, err)
	}
	xs, err := hs.st.BodySessions(ctx, a.ID, bs[0].ID, false)
	if err != nil || len(xs) == 0 || len(xs[0].Acts) == 0 {
		hs.t.Fatalf("demo sessions of %s: %v", bs[0].Name, err)
	}
	x.body, x.member, x.session, x.act = bs[0].ID, bs[0].Members[0].ID, xs[0].ID, xs[0].Acts[0].ID
	if act := xs[0].Acts[0]; act.File == nil {
		f, err := pdz.NewPDF("file", "verbale.pdf", []byte(testPDF))
		if err == nil {
			err = hs.st.SaveAct(ctx, pdz.SystemActor, a.ID, bs[0].ID, &act, f, false)
		}
		if err != nil {
			hs.t.Fatal(err)
		}
	}
	if plans, _ := hs.st.Plans(ctx, a.ID, false); len(plans) > 0 {
		pl, err := hs.st.Plan(ctx, a.ID, plans[0].ID)
		if err != nil {
			hs.t.Fatal(err)
		}
		x.plan, x.sheet, x.service, x.source = pl.ID, pl.Sheets[0].ID, pl.Sheets[0].Services[0].ID, pl.Sources[0].ID
		x.inventory, x.row, x.declared, x.framework = pl.Inventory[0].ID, pl.Profile[0].ID, pl.Declared[0].ID, pl.FrameworkID
		x.planArea = pl.Framework.Areas[0].Code
		if len(pl.Money.Staff) == 0 || len(pl.Money.Progress) == 0 || len(pl.Money.Declared) == 0 || len(pl.Framework.FinancialSheets) == 0 {
			hs.t.Fatalf("the demo plan of %s has no money to walk", ambito)
		}
		x.staff, x.progress, x.moneyDeclared = pl.Money.Staff[0].ID, pl.Money.Progress[0].ID, pl.Money.Declared[0].ID
		x.finSheet = pl.Framework.FinancialSheets[0].Code
	}
	regs, _, _ := hs.st.Registrations(ctx, a.ID, p.ID, pdz.RegistrationFilter{})
	for _, r := range regs {
		if r.Attachment != nil {
			x.registration = r.ID
		}
	}
	if x.registration == 0 {
		hs.t.Fatal("the demo has no registration with a signed form")
	}
	hs.tableIDs(&x, a, p)
	return x
}

// testPDF is a small valid PDF.
const testPDF = "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"

// fill replaces the wildcards of a route pattern with real ids.
func fill(pattern string, x ids) (method, path string) {
	method, path, _ = strings.Cut(pattern, " ")
	idFor := map[string]int64{"/comuni/": x.comune, "/utenti/": x.user, "/premesse/": x.premise, "/fasi/": x.phase,
		"/aree/": x.area, "/incontri/": x.meeting, "/firmatari/": x.signatory,
		"/fonti/": x.source, "/servizi-esistenti/": x.inventory, "/dati/": x.row, "/dichiarati/": x.declared, "/servizi/": x.service, "/componenti/": x.member, "/atti/": x.act,
		"/iscrizioni/":         x.registration,
		"/assistenti-sociali/": x.staff, "/avanzamento/": x.progress, "/dati-stampati/": x.moneyDeclared}
	for seg, id := range idFor {
		path = strings.Replace(path, seg+"{id}", seg+strconv.FormatInt(id, 10), 1)
	}
	path = strings.ReplaceAll(path, "{ambito}", x.ambito)
	path = strings.ReplaceAll(path, "{pid}", strconv.FormatInt(x.process, 10))
	path = strings.ReplaceAll(path, "{oid}", strconv.FormatInt(x.body, 10))
	path = strings.ReplaceAll(path, "{sid}", strconv.FormatInt(x.session, 10))
	path = strings.ReplaceAll(path, "{plid}", strconv.FormatInt(x.plan, 10))
	path = strings.ReplaceAll(path, "{schid}", strconv.FormatInt(x.sheet, 10))
	path = strings.ReplaceAll(path, "{qid}", strconv.FormatInt(x.framework, 10))
	path = strings.ReplaceAll(path, "{area}", x.planArea)
	for name, id := range map[string]int64{"{mid}": x.meeting, "{tid}": x.attendance, "{fid}": x.sheetFile, "{nid}": x.need, "{prid}": x.proposal,
		"{rid}": x.round, "{eid}": x.election, "{cid}": x.candidate, "{gid}": x.signature} {
		path = strings.ReplaceAll(path, name, strconv.FormatInt(id, 10))
	}
	path = strings.ReplaceAll(path, "{fin}", x.finSheet)
	return method, path
}

// TestEveryRouteEnforcesItsAccess walks the whole route table and checks
// every protected route against anonymous visitors, staff of another Ambito,
// operators on Responsabile routes and non-administrators on installation
// routes, then checks that the people entitled get through.
func TestEveryRouteEnforcesItsAccess(t *testing.T) {
	hs := newHarness(t, true)
	admin := hs.user("admin@example.org", true, nil)
	resp := hs.user("resp@example.org", false, map[string]pdz.Role{"casarano": pdz.RoleResponsabile})
	op := hs.user("op@example.org", false, map[string]pdz.Role{"casarano": pdz.RoleOperatore})
	other := hs.user("lecce@example.org", false, map[string]pdz.Role{"lecce": pdz.RoleResponsabile})
	target, _ := hs.st.UserByEmail(context.Background(), "op@example.org")
	x := hs.idsOf("casarano", "pdz-2026-2028", target.ID)

	type who struct {
		name    string
		cookie  *http.Cookie
		allowed func(access) bool
	}
	people := []who{
		{"anonimo", nil, func(a access) bool { return a == public }},
		{"responsabile di un altro Ambito", other, func(a access) bool { return a == public || a == signedIn }},
		{"operatore", op, func(a access) bool { return a != installAdmin && a != responsabile }},
		{"responsabile", resp, func(a access) bool { return a != installAdmin }},
		{"amministratore", admin, func(a access) bool { return true }},
	}
	checked := 0
	for _, rt := range hs.srv.routes() {
		if rt.access == public {
			continue
		}
		method, path := fill(rt.pattern, x)
		if strings.Contains(path, "{") {
			t.Fatalf("route %q: no id to fill in", rt.pattern)
		}
		for _, p := range people {
			if p.allowed(rt.access) {
				continue
			}
			r := hs.do(method, path, formFor(method), p.cookie)
			switch {
			case p.cookie == nil && method == "GET":
				if r.code != http.StatusSeeOther || !strings.HasPrefix(r.hdr.Get("Location"), "/accedi") {
					t.Errorf("%s %s as %s: got %d %s, want a redirect to /accedi", method, path, p.name, r.code, r.hdr.Get("Location"))
				}
			case p.cookie == nil:
				if r.code != http.StatusUnauthorized {
					t.Errorf("%s %s as %s: got %d, want 401", method, path, p.name, r.code)
				}
			default:
				if r.code != http.StatusForbidden {
					t.Errorf("%s %s as %s: got %d, want 403", method, path, p.name, r.code)
				}
			}
			checked++
		}
	}
	// The entitled get through: every GET answers 200.
	for _, rt := range hs.srv.routes() {
		if rt.access == public || !strings.HasPrefix(rt.pattern, "GET ") {
			continue
		}
		_, path := fill(rt.pattern, x)
		for _, p := range people {
			if !p.allowed(rt.access) || p.cookie == nil {
				continue
			}
			if r := hs.get(path, p.cookie); r.code != http.StatusOK {
				t.Errorf("GET %s as %s: got %d, want 200", path, p.name, r.code)
			}
		}
	}
	if checked < 100 {
		t.Fatalf("only %d denials checked: the route table walk is broken", checked)
	}
}

func formFor(method string) map[string][]string {
	if method == "POST" {
		return map[string][]string{}
	}
	return nil
}

// Staff of Lecce, using their own Ambito in the URL, cannot reach Casarano's
// rows by id: every such request is "not found" and changes nothing.
func TestIDsOfAnotherAmbitoAreNotFound(t *testing.T) {
	hs := newHarness(t, true)
	lecce := hs.user("lecce@example.org", false, map[string]pdz.Role{"lecce": pdz.RoleResponsabile})
	x := hs.idsOf("casarano", "pdz-2026-2028", 0)
	x.ambito = "lecce" // Lecce's URL, Casarano's ids
	before := hs.process("casarano", "pdz-2026-2028")
	beforeBodies := hs.bodiesAudit("casarano")
	for _, rt := range hs.srv.routes() {
		if rt.access != operatore && rt.access != responsabile {
			continue
		}
		if !strings.Contains(rt.pattern, "{pid}") && !strings.Contains(rt.pattern, "/comuni/{id}") && !strings.Contains(rt.pattern, "{oid}") &&
			!strings.Contains(rt.pattern, "{plid}") {
			continue
		}
		method, path := fill(rt.pattern, x)
		form := map[string][]string(nil)
		if method == "POST" {
			form = map[string][]string{"conferma": {"1"}, "title": {"rubato"}, "cycle": {"rubato"}, "kind": {"tavolo"},
				"name": {"rubato"}, "role": {"rubato"}, "date": {"2026-07-01"}}
		}
		if r := hs.do(method, path, form, lecce); r.code != http.StatusNotFound {
			t.Errorf("%s %s: got %d, want 404", method, path, r.code)
		}
	}
	after := hs.process("casarano", "pdz-2026-2028")
	if !after.UpdatedAt.Equal(before.UpdatedAt) || after.Title != before.Title || len(after.Meetings) != len(before.Meetings) {
		t.Fatal("Casarano's process changed through Lecce's URLs")
	}
	if afterBodies := hs.bodiesAudit("casarano"); afterBodies != beforeBodies {
		t.Fatalf("Casarano's bodies changed through Lecce's URLs: %d audit entries, %d before", afterBodies, beforeBodies)
	}
}

// bodiesAudit counts the audit entries about an Ambito's bodies, members,
// sessions, attendance and acts: any change to them writes one.
func (hs *harness) bodiesAudit(ambito string) int {
	hs.t.Helper()
	a, err := hs.st.AmbitoBySlug(context.Background(), ambito)
	if err != nil {
		hs.t.Fatal(err)
	}
	n := 0
	for _, e := range []string{"body", "member", "body_session", "attendance", "act"} {
		es, err := hs.st.Audit(context.Background(), a.ID, pdz.AuditFilter{Entity: e, Limit: 500})
		if err != nil {
			hs.t.Fatal(err)
		}
		n += len(es)
	}
	return n
}
