package web

// Browser checks of the tables (issue 4): tablePages adds the public pages
// (overview, proposals in every state, prospetto, minutes, priorities,
// election, pact, the sheet that cites proposals, the voting pages of a
// priority round and of an election) and the
// error states of the new forms to the accessibility and validity walk of
// browser_test.go; the back-office pages are in the walk through the route
// table. TestKeyboardCheckInOnPhone checks 30 people in from a phone-sized
// screen with the keyboard alone.

import (
	"context"
	"fmt"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/pdz-ats/pdz/internal/locale"
	"github.com/pdz-ats/pdz/internal/pdz"
	"github.com/pdz-ats/pdz/internal/security"
	"github.com/pdz-ats/pdz/internal/store"
)

const base2022 = "/ambiti/casarano/percorsi/pdz-2022-2024"

// openVoteCode opens a priority round on the needs of the demo's 2022
// plenary and returns the voting code of one organisation present.
func (hs *harness) openVoteCode(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	a, _ := hs.st.AmbitoBySlug(ctx, "casarano")
	p := hs.process("casarano", "pdz-2022-2024")
	var plenary int64
	for _, m := range p.Meetings {
		if m.Kind == pdz.KindPlenaria && plenary == 0 {
			plenary = m.ID
		}
	}
	needs, err := hs.st.ProcessNeeds(ctx, a.ID, p.ID, false)
	if err != nil || len(needs) < 2 {
		t.Fatalf("needs: %v", err)
	}
	r := pdz.PriorityRound{ProcessID: p.ID, MeetingID: plenary, Title: "Seconda votazione di prova", MaxChoices: 1}
	for _, err := range []error{
		hs.st.SavePriorityRound(ctx, pdz.SystemActor, a.ID, &r),
		hs.st.SetPriorityItems(ctx, pdz.SystemActor, a.ID, p.ID, r.ID, []int64{needs[0].ID, needs[1].ID}, nil),
		hs.st.OpenPriorityRound(ctx, pdz.SystemActor, a.ID, p.ID, r.ID),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	voters, err := hs.st.PriorityVoters(ctx, a.ID, p.ID, r.ID)
	if err != nil || len(voters) == 0 {
		t.Fatalf("voters: %v", err)
	}
	return voters[0].Code
}

// openElectionCode opens an election on the demo's 2022 tables, with up to
// three candidates among the organisations eligible to stand and maxPref
// preferences per ballot, and returns the voting code of one elector and
// the ids of the candidates.
func (hs *harness) openElectionCode(t *testing.T, title string, maxPref int) (string, []int64) {
	t.Helper()
	ctx := context.Background()
	a, _ := hs.st.AmbitoBySlug(ctx, "casarano")
	p := hs.process("casarano", "pdz-2022-2024")
	var plenary int64
	for _, m := range p.Meetings {
		if m.Kind == pdz.KindPlenaria && plenary == 0 {
			plenary = m.ID
		}
	}
	e := pdz.Election{ProcessID: p.ID, MeetingID: plenary, Title: title, Seats: 3, MaxPreferences: maxPref, MinTables: 1, ExcludeManagers: true}
	if err := hs.st.SaveElection(ctx, pdz.SystemActor, a.ID, &e); err != nil {
		t.Fatal(err)
	}
	electors, err := hs.st.Electors(ctx, a.ID, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, x := range electors {
		if n == 3 {
			break
		}
		if hs.st.AddCandidate(ctx, pdz.SystemActor, a.ID, p.ID, e.ID, x.RegistrationID, "Rappresentante di prova "+strconv.Itoa(n+1)) == nil {
			n++
		}
	}
	if n < 3 {
		t.Fatalf("only %d candidates eligible among %d electors", n, len(electors))
	}
	if err := hs.st.OpenElection(ctx, pdz.SystemActor, a.ID, p.ID, e.ID); err != nil {
		t.Fatal(err)
	}
	voters, err := hs.st.ElectionVoters(ctx, a.ID, p.ID, e.ID)
	if err != nil || len(voters) == 0 {
		t.Fatalf("voters: %v", err)
	}
	e, _ = hs.st.Election(ctx, a.ID, p.ID, e.ID)
	var cands []int64
	for _, c := range e.Candidates {
		cands = append(cands, c.ID)
	}
	return voters[0].Code, cands
}

func (hs *harness) tablePages(t *testing.T, x ids) []checkedPage {
	t.Helper()
	ctx := context.Background()
	a, _ := hs.st.AmbitoBySlug(ctx, "casarano")
	p := hs.process("casarano", "pdz-2022-2024")
	xs, err := hs.st.Propostas(ctx, a.ID, p.ID, pdz.ProposalFilter{WithDeleted: true})
	if err != nil {
		t.Fatal(err)
	}
	pages := []checkedPage{
		{path: base2022 + "/tavoli", status: 200},
		{path: base2022 + "/proposte", status: 200},
		{path: base2022 + "/prospetto", status: 200},
		{path: base2022 + "/patto", status: 200},
		{path: "/ambiti/casarano/piani/pdz-2022-2024/schede/B.7", status: 200},
		{path: "/ambiti/casarano/voto", status: 200},
		{path: "/ambiti/casarano/voto", form: url.Values{"codice": {"nonvale"}}, status: 404},
	}
	// One proposal of each kind: merged, split, deleted, withdrawn, accepted
	// and cited, under evaluation.
	seen := map[string]bool{}
	for _, y := range xs {
		key := string(y.Status)
		if y.Deleted() {
			key = "eliminata"
		}
		if !seen[key] {
			seen[key] = true
			pages = append(pages, checkedPage{path: base2022 + "/proposte/" + strconv.FormatInt(y.ID, 10), status: 200})
		}
	}
	mins, _ := hs.st.ProcessMinutes(ctx, a.ID, p.ID, true)
	if len(mins) > 0 {
		id := strconv.FormatInt(mins[0].MeetingID, 10)
		pages = append(pages, checkedPage{path: base2022 + "/incontri/" + id + "/verbale", status: 200}, checkedPage{path: base2022 + "/incontri/" + id, status: 200})
	}
	rounds, _ := hs.st.PriorityRounds(ctx, a.ID, p.ID, true)
	es, _ := hs.st.Elections(ctx, a.ID, p.ID, true)
	if len(rounds) == 0 || len(es) == 0 || len(mins) == 0 {
		t.Fatal("the demo's 2022 tables are missing")
	}
	pages = append(pages, checkedPage{path: base2022 + "/priorita/" + strconv.FormatInt(rounds[0].ID, 10), status: 200},
		checkedPage{path: base2022 + "/elezioni/" + strconv.FormatInt(es[0].ID, 10), status: 200})

	// The ballot of an open round, and its error state (no choice).
	code := hs.openVoteCode(t)
	pages = append(pages, checkedPage{path: "/ambiti/casarano/voto/" + code, status: 200},
		checkedPage{path: "/ambiti/casarano/voto/" + code, form: url.Values{"scelte": {""}}, status: 400})

	// The ballots of an open election: one preference (radio buttons and
	// the blank ballot), two preferences (checkboxes) and its error state
	// (three preferences).
	code1, _ := hs.openElectionCode(t, "Elezione di prova, una preferenza", 1)
	code2, cands := hs.openElectionCode(t, "Elezione di prova, due preferenze", 2)
	three := make([]string, 0, len(cands))
	for _, c := range cands {
		three = append(three, strconv.FormatInt(c, 10))
	}
	pages = append(pages, checkedPage{path: "/ambiti/casarano/voto/" + code1, status: 200},
		checkedPage{path: "/ambiti/casarano/voto/" + code2, status: 200},
		checkedPage{path: "/ambiti/casarano/voto/" + code2, form: url.Values{"scelte": three}, status: 400})

	// A proposal raised at a table, through the personal link.
	token := hs.personalToken(t, 9)
	pages = append(pages, checkedPage{path: join2026 + "/" + token + "/proposta", status: 200},
		checkedPage{path: join2026 + "/" + token + "/proposta", form: url.Values{"title": {"Solo il titolo"}}, status: 400})

	// The back office of the 2022 tables (the walk covers 2026's), and the
	// error states of the forms.
	adm := "/admin/a/casarano/percorsi/" + strconv.FormatInt(p.ID, 10)
	adm26 := "/admin/a/casarano/percorsi/" + strconv.FormatInt(x.process, 10)
	mtg26 := adm26 + "/incontri/" + strconv.FormatInt(x.meeting, 10)
	pages = append(pages,
		checkedPage{path: adm + "/tavoli", admin: true, status: 200},
		checkedPage{path: adm + "/presenze", admin: true, status: 200},
		checkedPage{path: adm + "/proposte?stato=accolta&eliminate=1", admin: true, status: 200},
		checkedPage{path: adm + "/priorita/" + strconv.FormatInt(rounds[0].ID, 10), admin: true, status: 200},
		checkedPage{path: adm + "/elezioni/" + strconv.FormatInt(es[0].ID, 10), admin: true, status: 200},
		checkedPage{path: adm + "/incontri/" + strconv.FormatInt(mins[0].MeetingID, 10) + "/verbale", admin: true, status: 200},
		checkedPage{path: adm + "/incontri/" + strconv.FormatInt(mins[0].MeetingID, 10) + "/presenze?q=associazione", admin: true, status: 200},
		checkedPage{path: adm + "/patto", admin: true, status: 200},
		checkedPage{path: mtg26 + "/presenze", form: url.Values{"codice": {"non è un codice"}}, admin: true, status: 400},
		checkedPage{path: mtg26 + "/verbale", form: url.Values{"summary": {""}}, admin: true, status: 400},
		checkedPage{path: mtg26 + "/verbale/bisogni", form: url.Values{"text": {""}, "area_id": {""}}, admin: true, status: 400},
		checkedPage{path: adm26 + "/proposte", form: url.Values{"registration_id": {""}, "title": {""}, "cost": {"tanti"}}, admin: true, status: 400},
		checkedPage{path: adm26 + "/proposte/" + strconv.FormatInt(x.proposal, 10) + "/valutazione",
			form: url.Values{"version": {"1"}, "draft_status": {"accolta"}, "draft_answer": {""}}, admin: true, status: 400},
		checkedPage{path: adm26 + "/proposte/accorpa", form: url.Values{"ids": {strconv.FormatInt(x.proposal, 10)}, "title": {"Accorpata"}}, admin: true, status: 400},
		checkedPage{path: adm26 + "/priorita", form: url.Values{"title": {""}, "max_choices": {"0"}}, admin: true, status: 400},
		checkedPage{path: adm26 + "/elezioni", form: url.Values{"title": {""}, "seats": {"0"}, "max_preferences": {"1"}, "min_tables": {"0"}}, admin: true, status: 400},
		checkedPage{path: adm26 + "/patto", form: url.Values{"title": {""}, "body": {""}}, admin: true, status: 400},
		checkedPage{path: adm26 + "/iscrizioni/nuova?tipo=organizzazione&incontro=" + strconv.FormatInt(x.meeting, 10), admin: true, status: 200},
	)
	return pages
}

// TestKeyboardCheckInOnPhone: on a phone-sized screen, with key events
// alone, an operator checks 30 people in at a table of Casarano 2026: half
// by typing the code of their receipt, half by searching the name and
// pressing the button of the result.
func TestKeyboardCheckInOnPhone(t *testing.T) {
	needTools(t, false)
	hs := newHarness(t, true)
	ctx := context.Background()
	a, _ := hs.st.AmbitoBySlug(ctx, "casarano")
	p := hs.process("casarano", "pdz-2026-2028")
	var table pdz.Meeting
	for _, m := range p.Meetings {
		if m.Kind == pdz.KindTavolo && len(m.AreaIDs) > 0 {
			table = m
			break
		}
	}
	// 30 people registered for the table's area.
	var regs []*pdz.Registration
	for i := range 30 {
		code := fmt.Sprintf("8%06d000", 500+i)
		r := &pdz.Registration{ProcessID: p.ID, Kind: pdz.RegistrantOrganisation, Channel: pdz.ChannelOnline,
			Name: fmt.Sprintf("Organizzazione Zeta%02d", i+1), OrgType: "aps", TaxCode: code + strconv.Itoa(pdz.PartitaIVACheckDigit(code)),
			Address: "Via Roma 1", Comune: "Casarano", Email: fmt.Sprintf("zeta%02d@example.org", i+1),
			Declarant: pdz.Person{Name: "Firma", Role: "Presidente"}, Contact: pdz.Person{Name: fmt.Sprintf("Persona Zeta%02d", i+1), Email: "p@example.org"},
			Areas: []pdz.Participation{{AreaID: table.AreaIDs[0]}}, PrivacyAccepted: true, Truthful: true}
		h := security.HashToken(security.Token())
		if _, err := hs.st.SubmitRegistration(ctx, a.ID, store.Submission{Registration: r, SubmissionHash: h, AccessHash: h}, locale.Rome); err != nil {
			t.Fatal(err)
		}
		regs = append(regs, r)
	}
	op := hs.user("operatrice@example.org", false, map[string]pdz.Role{"casarano": pdz.RoleOperatore})
	ts := httptest.NewServer(hs.h)
	t.Cleanup(ts.Close)
	browser := newBrowser(t)
	tab := newTab(t, browser, ts.URL, op)
	if err := chromedp.Do(tab, chromedp.EmulateViewport(390, 844)); err != nil {
		t.Fatal(err)
	}
	page := fmt.Sprintf("%s/admin/a/casarano/percorsi/%d/incontri/%d/presenze", ts.URL, p.ID, table.ID)
	if err := chromedp.Do(tab, chromedp.Navigate(page)); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	for i, r := range regs {
		if i%2 == 0 {
			// The receipt's code, as a scanner or a person types it.
			tabTo(t, tab, "f-codice")
			typeKeys(t, tab, "PDZ "+r.Protocol())
		} else {
			tabTo(t, tab, "f-q")
			typeKeys(t, tab, r.Name)
			if res := pressEnter(t, tab); res.Status != 200 {
				t.Fatalf("search %q: %d", r.Name, res.Status)
			}
			tabTo(t, tab, "presente-"+strconv.FormatInt(r.ID, 10))
		}
		res := pressEnter(t, tab)
		if res.Status != 200 || !strings.HasSuffix(strings.SplitN(res.URL, "?", 2)[0], "/presenze") {
			body, _ := chromedp.Run(tab, chromedp.Text(chromedp.CSS("main")))
			t.Fatalf("check-in %d (%s): %d %s: %.500s", i+1, r.Name, res.Status, res.URL, body)
		}
		want := fmt.Sprintf("Presenti: %d", i+1)
		if got, err := chromedp.Run(tab, chromedp.Text(chromedp.ID("conteggio"))); err != nil || !strings.HasPrefix(strings.TrimSpace(got), want) {
			t.Fatalf("after check-in %d the page says %q (%v), want %q", i+1, got, err, want)
		}
	}
	list, err := hs.st.MeetingAttendance(ctx, a.ID, p.ID, table.ID)
	if err != nil || len(list) != 30 {
		t.Fatalf("%d presences recorded (%v), want 30", len(list), err)
	}
	byCode := 0
	for _, x := range list {
		if x.Method == pdz.CheckInCode {
			byCode++
		}
	}
	if byCode != 15 {
		t.Errorf("%d presences by code, want 15", byCode)
	}
	t.Logf("30 check-ins with the keyboard on a 390×844 screen in %s", time.Since(start).Round(time.Millisecond))
}
