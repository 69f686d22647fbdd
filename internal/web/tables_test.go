package web

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pdz-ats/pdz/internal/mailer"
	"github.com/pdz-ats/pdz/internal/mailer/smtptest"
	"github.com/pdz-ats/pdz/internal/pdz"
	"github.com/pdz-ats/pdz/internal/security"
)

// tablesSetup is the demo with a Responsabile and an operator of Casarano,
// and the 2026 process's fixtures of the tables.
type tablesSetup struct {
	hs       *harness
	resp, op *http.Cookie
	a        pdz.Ambito
	p        pdz.Process
	x        ids
	adm      string
}

func newTablesSetup(t *testing.T) *tablesSetup {
	t.Helper()
	hs := newHarness(t, true)
	ts := &tablesSetup{hs: hs}
	ts.resp = hs.user("resp@example.org", false, map[string]pdz.Role{"casarano": pdz.RoleResponsabile})
	ts.op = hs.user("op@example.org", false, map[string]pdz.Role{"casarano": pdz.RoleOperatore})
	ts.a, _ = hs.st.AmbitoBySlug(context.Background(), "casarano")
	ts.p = hs.process("casarano", "pdz-2026-2028")
	ts.x = hs.idsOf("casarano", "pdz-2026-2028", 0)
	ts.adm = "/admin/a/casarano/percorsi/" + strconv.FormatInt(ts.p.ID, 10)
	return ts
}

// Each proponent is told of each answer exactly once, end to end:
// publishing through the back office, publishing again, and queueing the
// answers again (a retried publication) add no message; the mailer
// delivers one message per answer and proponent over SMTP.
func TestAnswerEmailsSentExactlyOnce(t *testing.T) {
	ts := newTablesSetup(t)
	hs := ts.hs
	ctx := context.Background()
	x, err := hs.st.Proposta(ctx, ts.a.ID, ts.p.ID, ts.x.proposal)
	if err != nil {
		t.Fatal(err)
	}
	// A merge gives the answer two proponents.
	var other int64
	props, _ := hs.st.Propostas(ctx, ts.a.ID, ts.p.ID, pdz.ProposalFilter{})
	for _, y := range props {
		if y.ID != x.ID && y.Changeable() && y.RegistrationID != x.RegistrationID && len(y.Authors) > 0 && y.Authors[0].Email != "" {
			other = y.ID
			break
		}
	}
	if other == 0 {
		t.Fatal("no second proposal to merge")
	}
	form := url.Values{"ids": {strconv.FormatInt(x.ID, 10), strconv.FormatInt(other, 10)}, "area": {strconv.FormatInt(x.AreaID, 10)},
		"title": {"Proposta accorpata"}, "need": {"Un bisogno"}, "description": {"Insieme"}}
	r := hs.post(ts.adm+"/proposte/accorpa", form, ts.op)
	if r.code != http.StatusSeeOther {
		t.Fatalf("merge: %d %s", r.code, r.body)
	}
	merged, _ := strconv.ParseInt(r.hdr.Get("Location")[strings.LastIndex(r.hdr.Get("Location"), "/")+1:], 10, 64)
	m, _ := hs.st.Proposta(ctx, ts.a.ID, ts.p.ID, merged)
	if len(m.Authors) != 2 {
		t.Fatalf("merged proposal has %d authors", len(m.Authors))
	}
	r = hs.post(ts.adm+"/proposte/"+strconv.FormatInt(merged, 10)+"/valutazione", url.Values{"version": {strconv.Itoa(m.Version)},
		"draft_status": {"accolta"}, "draft_answer": {"Accolta nella scheda A.1."}, "crit_needs": {"si"}}, ts.op)
	if r.code != http.StatusSeeOther {
		t.Fatalf("evaluation: %d", r.code)
	}
	// Operators cannot publish; the Responsabile publishes, twice.
	if r := hs.post(ts.adm+"/proposte/pubblica-risposte", url.Values{}, ts.op); r.code != http.StatusForbidden {
		t.Fatalf("operator publishing: %d", r.code)
	}
	for range 2 {
		if r := hs.post(ts.adm+"/proposte/pubblica-risposte", url.Values{}, ts.resp); r.code != http.StatusSeeOther {
			t.Fatalf("publish: %d", r.code)
		}
	}
	a := ts.a
	for range 3 {
		if err := hs.st.RequeueAnswerEmails(ctx, a.ID, ts.p.ID, hs.srv.answerMail(&a, &ts.p)); err != nil {
			t.Fatal(err)
		}
	}
	srv := smtptest.Start(t)
	tr, err := mailer.NewSMTP(mailer.SMTPConfig{Host: srv.Host, Port: srv.Port, TLS: "none", Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	w := mailer.NewWorker(hs.st, tr, "noreply@pdz.example.it", "pdz.example.it", slog.New(slog.NewTextHandler(io.Discard, nil)))
	for range 20 {
		if n, err := w.RunOnce(ctx); err != nil {
			t.Fatal(err)
		} else if n == 0 {
			break
		}
	}
	got := map[string]int{}
	for _, msg := range srv.Messages() {
		if strings.HasPrefix(msg.Subject, "Esito della proposta") {
			got[msg.To[0]]++
			if !strings.Contains(msg.Body, "Accolta nella scheda A.1.") || !strings.Contains(msg.Body, "/proposte/"+strconv.FormatInt(merged, 10)) {
				t.Errorf("message to %s: %.400s", msg.To[0], msg.Body)
			}
		}
	}
	if len(got) != 2 {
		t.Fatalf("answer messages to %v, want the two proponents", got)
	}
	for to, n := range got {
		if n != 1 {
			t.Errorf("%s received the answer %d times", to, n)
		}
	}
}

// Two evaluators on one proposal: the second save, from a form of the
// earlier version, keeps what was typed and says who saved meanwhile.
func TestStaleEvaluationKeepsTypedText(t *testing.T) {
	ts := newTablesSetup(t)
	hs := ts.hs
	x, _ := hs.st.Proposta(context.Background(), ts.a.ID, ts.p.ID, ts.x.proposal)
	url1 := ts.adm + "/proposte/" + strconv.FormatInt(x.ID, 10) + "/valutazione"
	v := strconv.Itoa(x.Version)
	if r := hs.post(url1, url.Values{"version": {v}, "crit_needs": {"si"}, "crit_needs_note": {"Coerente"}}, ts.resp); r.code != http.StatusSeeOther {
		t.Fatalf("first save: %d", r.code)
	}
	typed := "Risposta scritta dalla seconda valutatrice, da non perdere."
	r := hs.post(url1, url.Values{"version": {v}, "draft_status": {"non_accolta"}, "draft_answer": {typed}}, ts.op)
	if r.code != http.StatusConflict {
		t.Fatalf("stale save: %d", r.code)
	}
	d := r.doc(t)
	if got := d.Find("#f-draft_answer").Text(); got != typed {
		t.Errorf("typed answer lost: %q", got)
	}
	if !strings.Contains(d.Find("#errori").Text(), "resp@example.org") || !strings.Contains(r.body, "Versione attuale salvata") {
		t.Errorf("the page does not say who saved meanwhile: %.300s", d.Find("#errori").Text())
	}
	if val, _ := d.Find(`input[name="version"]`).Attr("value"); val == v {
		t.Error("the form still refers to the stale version")
	}
}

// The forms of the tables keep what was typed when they are refused.
func TestTableFormsKeepInput(t *testing.T) {
	ts := newTablesSetup(t)
	hs := ts.hs
	cases := []struct {
		path  string
		form  url.Values
		field string
		want  string
	}{
		{ts.adm + "/proposte", url.Values{"registration_id": {""}, "title": {"Titolo tenuto"}, "cost": {"tanti"}}, "f-title", "Titolo tenuto"},
		{ts.adm + "/priorita", url.Values{"title": {"Priorità tenute"}, "max_choices": {"0"}}, "f-title", "Priorità tenute"},
		{ts.adm + "/elezioni", url.Values{"title": {"Elezione tenuta"}, "seats": {"0"}, "max_preferences": {"1"}, "min_tables": {"1"}}, "f-title", "Elezione tenuta"},
		{ts.adm + "/patto", url.Values{"title": {"Patto tenuto"}, "body": {""}}, "f-title", "Patto tenuto"},
		{ts.adm + "/incontri/" + strconv.FormatInt(ts.x.meeting, 10) + "/verbale", url.Values{"summary": {""}, "priorities": {"Priorità scritte"}}, "f-priorities", "Priorità scritte"},
	}
	for _, c := range cases {
		r := hs.post(c.path, c.form, ts.op)
		if r.code != http.StatusBadRequest {
			t.Errorf("%s: %d", c.path, r.code)
			continue
		}
		d := r.doc(t)
		got := d.Find("#" + c.field).Text()
		if v, ok := d.Find("#" + c.field).Attr("value"); ok {
			got = v
		}
		if got != c.want {
			t.Errorf("%s: %s = %q, want %q", c.path, c.field, got, c.want)
		}
	}
}

// Voting from a phone through the HTTP pages: the code opens the ballot,
// a vote is counted once, the code then no longer works.
func TestPhoneVote(t *testing.T) {
	ts := newTablesSetup(t)
	hs := ts.hs
	code := hs.openVoteCode(t)
	r := hs.get("/ambiti/casarano/voto/"+strings.ToLower(code[:4])+"-"+strings.ToLower(code[4:]), nil)
	if r.code != http.StatusOK || r.hdr.Get("Cache-Control") != "no-store" || !strings.Contains(r.body, "Scheda di voto") {
		t.Fatalf("ballot: %d %s", r.code, r.hdr.Get("Cache-Control"))
	}
	d := r.doc(t)
	first, _ := d.Find(`input[name="scelte"]`).First().Attr("value")
	second, _ := d.Find(`input[name="scelte"]`).Eq(1).Attr("value")
	if r := hs.post("/ambiti/casarano/voto/"+code, url.Values{"scelte": {first, second}}, nil); r.code != http.StatusBadRequest || !strings.Contains(r.body, "al massimo: 1") {
		t.Fatalf("two choices on a one-choice round: %d", r.code)
	}
	if r := hs.post("/ambiti/casarano/voto/"+code, url.Values{"scelte": {first}}, nil); r.code != http.StatusSeeOther {
		t.Fatalf("vote: %d %s", r.code, r.body)
	}
	if r := hs.post("/ambiti/casarano/voto/"+code, url.Values{"scelte": {second}}, nil); r.code == http.StatusSeeOther {
		t.Fatal("the same code voted twice")
	}
	if r := hs.post("/ambiti/casarano/voto", url.Values{"codice": {code}}, nil); r.code != http.StatusNotFound {
		t.Fatalf("used code: %d", r.code)
	}
}

// A draft answer is never public (what public outputs may name is
// TestPublicOutputsRespectConsent's).
func TestDraftAnswerIsNotPublic(t *testing.T) {
	hs := newHarness(t, true)
	ctx := context.Background()
	a, _ := hs.st.AmbitoBySlug(ctx, "casarano")
	p := hs.process("casarano", "pdz-2022-2024")
	xs, _ := hs.st.Propostas(ctx, a.ID, p.ID, pdz.ProposalFilter{})
	x := xs[0]
	for _, y := range xs {
		if y.Changeable() {
			x = y
		}
	}
	hs2 := hs.user("resp@example.org", false, map[string]pdz.Role{"casarano": pdz.RoleResponsabile})
	admin := "/admin/a/casarano/percorsi/" + strconv.FormatInt(p.ID, 10) + "/proposte/" + strconv.FormatInt(x.ID, 10)
	if r := hs.post(admin+"/valutazione", url.Values{"version": {strconv.Itoa(x.Version)}, "draft_status": {"non_accolta"},
		"draft_answer": {"Bozza riservata della risposta"}}, hs2); r.code != http.StatusSeeOther {
		t.Fatalf("draft: %d", r.code)
	}
	hs.clock = hs.clock.Add(time.Minute) // past the page cache
	if r := hs.get(base2022+"/proposte/"+strconv.FormatInt(x.ID, 10), nil); strings.Contains(r.body, "Bozza riservata") {
		t.Error("a draft answer is public")
	}
}

// The sheet that takes up a proposal shows it, and the proposal shows the
// sheet (traceability, left ready by issue 5).
func TestSheetAndProposalTraceability(t *testing.T) {
	hs := newHarness(t, true)
	id := hs.citedProposal()
	r := hs.get(base2022+"/proposte/"+strconv.FormatInt(id, 10), nil)
	if r.code != http.StatusOK || !strings.Contains(r.body, "Nel Piano Sociale di Zona") || !strings.Contains(r.body, "/piani/pdz-2022-2024/schede/") {
		t.Fatalf("proposal page: %d", r.code)
	}
	r = hs.get("/ambiti/casarano/piani/pdz-2022-2024/schede/B.7", nil)
	if !strings.Contains(r.body, "Dai tavoli del percorso partecipato") || !strings.Contains(r.body, "Aiuto alimentare coordinato") {
		t.Fatalf("sheet B.7 does not show its proposals and needs: %d", r.code)
	}
	r = hs.get("/api/v1/ambiti/casarano/piani/pdz-2022-2024/schede/B.7", nil)
	if !strings.Contains(r.body, `"proposte"`) || !strings.Contains(r.body, `"bisogni"`) {
		t.Fatalf("API of sheet B.7: %.300s", r.body)
	}
}

// The documents of the tables: the prospetto in three formats, the
// minutes, the election's minutes, a signed pact; the receipt carries the
// check-in code.
func TestTableDocuments(t *testing.T) {
	hs := newHarness(t, true)
	ctx := context.Background()
	a, _ := hs.st.AmbitoBySlug(ctx, "casarano")
	p := hs.process("casarano", "pdz-2022-2024")
	for _, ext := range []string{"xlsx", "ods"} {
		r := hs.get(base2022+"/prospetto."+ext, nil)
		if r.code != http.StatusOK || !strings.HasPrefix(r.body, "PK") || !strings.Contains(r.hdr.Get("Content-Disposition"), "prospetto-pdz-2022-2024."+ext) {
			t.Errorf("prospetto.%s: %d %q", ext, r.code, r.hdr.Get("Content-Disposition"))
		}
	}
	r := hs.get(base2022+"/prospetto.pdf", nil)
	pdfContains(t, "prospetto", r.body, "PROSPETTO DI SINTESI DELLE PROPOSTE", "Rete dell'aiuto alimentare", "Accolta",
		"Congruenza con i bisogni del territorio")
	mins, _ := hs.st.ProcessMinutes(ctx, a.ID, p.ID, true)
	r = hs.get(base2022+"/incontri/"+strconv.FormatInt(mins[0].MeetingID, 10)+"/verbale.pdf", nil)
	checkPDF(t, "minutes", r.body, func(t *testing.T, text string) {
		mustContain(t, "minutes", text, "VERBALE", "Presenti", "Bisogni emersi")
		if strings.Contains(text, "Pietro Greco") {
			t.Error("the minutes name a citizen who did not consent")
		}
	})
	es, _ := hs.st.Elections(ctx, a.ID, p.ID, true)
	r = hs.get(base2022+"/elezioni/"+strconv.FormatInt(es[0].ID, 10)+"/verbale.pdf", nil)
	pdfContains(t, "election minutes", r.body, "VERBALE DELLE OPERAZIONI DI VOTO", "Aventi diritto: 11. Votanti: 8", "Eletta",
		"prevale l'organizzazione costituita da più tempo")
	pact, _ := hs.st.PactOf(ctx, a.ID, p.ID)
	r = hs.get(base2022+"/patto/firme/"+strconv.FormatInt(pact.Signatures[0].ID, 10)+"/patto.pdf", nil)
	pdfContains(t, "pact", r.body, "PATTO DI PARTECIPAZIONE", pact.Signatures[0].Organisation)
	// The receipt of a registration carries the check-in code.
	regs, _, _ := hs.st.Registrations(ctx, a.ID, p.ID, pdz.RegistrationFilter{})
	admin := hs.user("admin@example.org", true, nil)
	r = hs.get("/admin/a/casarano/percorsi/"+strconv.FormatInt(p.ID, 10)+"/iscrizioni/"+strconv.FormatInt(regs[0].ID, 10)+"/ricevuta.pdf", admin)
	pdfContains(t, "receipt", r.body, "Codice per la registrazione delle presenze", "Contiene soltanto il numero di protocollo "+regs[0].Protocol())
}

// personalToken registers an organisation of Casarano 2026 through the
// public form and returns the key of its personal link; proposals through
// the link are opened until the end of the year.
func (hs *harness) personalToken(t *testing.T, n int) string {
	t.Helper()
	token := security.Token()
	form := orgForm(hs, token)
	code := fmt.Sprintf("7%06d000", n)
	form.Set("tax_code", code+strconv.Itoa(pdz.PartitaIVACheckDigit(code)))
	if r := hs.post(join2026, form, nil); r.code != http.StatusSeeOther {
		t.Fatalf("registration: %d", r.code)
	}
	ctx := context.Background()
	a, _ := hs.st.AmbitoBySlug(ctx, "casarano")
	p := hs.process("casarano", "pdz-2026-2028")
	if err := hs.st.SetProposalsUntil(ctx, pdz.SystemActor, a.ID, p.ID, time.Date(2026, 12, 31, 17, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	return token
}

// A participant presents a proposal raised at a table with the personal
// link, sees it on the personal page, and withdraws it.
func TestPersonalLinkProposal(t *testing.T) {
	hs := newHarness(t, true)
	token := hs.personalToken(t, 1)
	base := join2026 + "/" + token
	reg := hs.registrationByToken(token)
	area := strconv.FormatInt(reg.Areas[0].AreaID, 10)
	if r := hs.get(base+"/proposta", nil); r.code != http.StatusOK || !strings.Contains(r.body, "Proposta nata al tavolo") {
		t.Fatalf("form: %d", r.code)
	}
	bad := url.Values{"area": {area}, "title": {"Titolo scritto"}, "need": {""}, "description": {""}}
	if r := hs.post(base+"/proposta", bad, nil); r.code != http.StatusBadRequest || !strings.Contains(r.body, "Titolo scritto") {
		t.Fatalf("invalid proposal: %d", r.code)
	}
	good := url.Values{"area": {area}, "title": {"Sportello nato al tavolo"}, "need": {"Un bisogno"}, "description": {"Una descrizione"}}
	if r := hs.post(base+"/proposta", good, nil); r.code != http.StatusSeeOther {
		t.Fatalf("proposal: %d %s", r.code, r.body)
	}
	page := hs.get(base, nil)
	if !strings.Contains(page.body, "Sportello nato al tavolo") || !strings.Contains(page.body, "Presenta una proposta nata al tavolo") {
		t.Fatal("the personal page does not list the proposal")
	}
	ctx := context.Background()
	a, _ := hs.st.AmbitoBySlug(ctx, "casarano")
	xs, _ := hs.st.ProposalsOfRegistration(ctx, a.ID, reg.ProcessID, reg.ID)
	var id int64
	for _, x := range xs {
		if x.Title == "Sportello nato al tavolo" {
			id = x.ID
			if x.Origin != pdz.OriginTable {
				t.Errorf("origin %s", x.Origin)
			}
		}
	}
	// Without a reason: the message is next to this proposal's field, which
	// the summary links to and which is shown open.
	withdraw := base + "/proposte/" + strconv.FormatInt(id, 10) + "/ritira"
	r := hs.post(withdraw, url.Values{"withdraw_reason": {" "}}, nil)
	doc := r.doc(t)
	field := "f-withdraw_reason-" + strconv.FormatInt(id, 10)
	if r.code != http.StatusBadRequest || doc.Find("#errori a[href='#"+field+"']").Length() != 1 ||
		!strings.Contains(doc.Find("#"+field+"-error").Text(), "motivo del ritiro") || doc.Find("#"+field).AttrOr("aria-invalid", "") != "true" ||
		doc.Find("#"+field).AttrOr("aria-describedby", "") != field+"-error" || doc.Find("#"+field).Closest("details").AttrOr("open", "no") == "no" {
		t.Fatalf("withdrawal without a reason: %d %q", r.code, doc.Find("#errori").Text())
	}
	if r := hs.post(withdraw, url.Values{"withdraw_reason": {"Ci ripensiamo"}}, nil); r.code != http.StatusSeeOther {
		t.Fatalf("withdrawal: %d", r.code)
	}
	x, _ := hs.st.Proposta(ctx, a.ID, reg.ProcessID, id)
	if x.Status != pdz.PropWithdrawn || x.Answer == nil || !strings.Contains(x.Answer.Text, "Ci ripensiamo") {
		t.Fatalf("after withdrawal: %s %+v", x.Status, x.Answer)
	}
	// Another registrant's link cannot withdraw it.
	other := hs.personalToken(t, 2)
	if r := hs.post(join2026+"/"+other+"/proposte/"+strconv.FormatInt(id, 10)+"/ritira", url.Values{"withdraw_reason": {"x"}}, nil); r.code == http.StatusSeeOther {
		t.Fatal("a proposal withdrawn through someone else's link")
	}
}

// Someone who comes to a table without registering is registered on the
// spot, with the checks of the public form, and is present.
func TestWalkInRegistration(t *testing.T) {
	ts := newTablesSetup(t)
	hs := ts.hs
	mid := strconv.FormatInt(ts.x.meeting, 10)
	r := hs.get(ts.adm+"/iscrizioni/nuova?tipo=cittadino&incontro="+mid, ts.op)
	if r.code != http.StatusOK || !strings.Contains(r.body, `name="checkin_meeting" value="`+mid+`"`) {
		t.Fatalf("walk-in form: %d", r.code)
	}
	form := url.Values{"token": {security.Token()}, "kind": {"cittadino"}, "channel": {"in_presenza"}, "received_date": {"2026-06-01"},
		"received_time": {"09:10"}, "name": {"Rosa Presente"}, "tax_code": {"RSSMRA85T10A562X"}, "comune": {"Casarano"},
		"areas": {strconv.FormatInt(ts.p.Areas[0].ID, 10)}, "privacy": {"1"}, "truthful": {"1"}, "checkin_meeting": {mid}}
	if r := hs.post(ts.adm+"/iscrizioni", form, ts.op); r.code != http.StatusBadRequest || !strings.Contains(r.body, "Rosa Presente") {
		t.Fatalf("a wrong codice fiscale: %d", r.code)
	}
	form.Set("tax_code", "RSSMRA85T10A562S")
	r = hs.post(ts.adm+"/iscrizioni", form, ts.op)
	if r.code != http.StatusSeeOther || !strings.HasSuffix(r.hdr.Get("Location"), "/incontri/"+mid+"/presenze") {
		t.Fatalf("walk-in: %d %s", r.code, r.hdr.Get("Location"))
	}
	list, _ := hs.st.MeetingAttendance(context.Background(), ts.a.ID, ts.p.ID, ts.x.meeting)
	found := false
	for _, x := range list {
		found = found || (x.PersonName == "Rosa Presente" && x.Method == pdz.CheckInNew)
	}
	if !found {
		t.Fatal("the walk-in is not present")
	}
}

// Checking in a registration that does not exist says so in agreeing Italian.
func TestCheckInUnknownRegistration(t *testing.T) {
	ts := newTablesSetup(t)
	path := ts.adm + "/incontri/" + strconv.FormatInt(ts.x.meeting, 10) + "/presenze"
	r := ts.hs.post(path, url.Values{"registration_id": {"999999"}}, ts.op)
	if r.code != http.StatusNotFound {
		t.Fatalf("unknown registration: %d", r.code)
	}
	mustContain(t, "check-in", r.body, "Manifestazione di interesse non trovata.")
}

// Splitting with a single part filled in says where the second one goes:
// the message sits beside the first empty part and the summary links to it;
// what was typed stays and nothing is split.
func TestSplitNeedsTwoPartsExplained(t *testing.T) {
	ts := newTablesSetup(t)
	hs := ts.hs
	x, err := hs.st.Proposta(context.Background(), ts.a.ID, ts.p.ID, ts.x.proposal)
	if err != nil || !x.Changeable() {
		t.Fatalf("proposal: %v %v", err, x.Status)
	}
	path := ts.adm + "/proposte/" + strconv.FormatInt(x.ID, 10) + "/scomponi"
	r := hs.post(path, url.Values{"part1_title": {"Una parte sola"}, "part1_need": {"Un bisogno"}, "part1_description": {"Descritta"},
		"part1_area": {strconv.FormatInt(x.AreaID, 10)}}, ts.op)
	if r.code != http.StatusBadRequest {
		t.Fatalf("one part: %d", r.code)
	}
	d := r.doc(t)
	if !strings.Contains(d.Find("#f-part2_title-error").Text(), "almeno due parti") {
		t.Errorf("no message beside the second part: %q", d.Find("#errori").Text())
	}
	if d.Find("#errori a[href='#f-part2_title']").Length() != 1 {
		t.Error("the error summary does not link to the second part")
	}
	if v, _ := d.Find("#f-part1_title").Attr("value"); v != "Una parte sola" {
		t.Errorf("typed title lost: %q", v)
	}
	if y, _ := hs.st.Proposta(context.Background(), ts.a.ID, ts.p.ID, x.ID); y.Status != x.Status {
		t.Error("the proposal changed")
	}
}
