package web

import (
	"context"
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
	"github.com/pdz-ats/pdz/internal/security"
)

// sendOutbox delivers the outbox to a real SMTP server in the test and
// returns the messages it received.
func sendOutbox(t *testing.T, hs *harness, srv *smtptest.Server) []smtptest.Message {
	t.Helper()
	tr, err := mailer.NewSMTP(mailer.SMTPConfig{Host: srv.Host, Port: srv.Port, TLS: "none", Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	w := mailer.NewWorker(hs.st, tr, "noreply@pdz.example.it", "pdz.example.it", slog.New(slog.NewTextHandler(io.Discard, nil)))
	for range 20 {
		if n, err := w.RunOnce(context.Background()); err != nil {
			t.Fatal(err)
		} else if n == 0 {
			break
		}
	}
	return srv.Messages()
}

func warningsTo(msgs []smtptest.Message, to string) []smtptest.Message {
	var out []smtptest.Message
	for _, m := range msgs {
		if strings.HasPrefix(m.Subject, "Tentativo di iscrizione con i tuoi dati") && len(m.To) == 1 && m.To[0] == to {
			out = append(out, m)
		}
	}
	return out
}

// Typing someone else's codice fiscale in the public form tells nothing of
// their registration (no protocol number, name, e-mail or whether they are
// an organisation); the holder is warned by e-mail, at most once a day, in
// words that fit an organisation and a private citizen.
func TestDuplicateRevealsNothingAndWarnsTheHolder(t *testing.T) {
	hs := newHarness(t, true)
	srv := smtptest.Start(t)
	p := hs.process("casarano", "pdz-2026-2028")
	area5 := strconv.FormatInt(p.Areas[4].ID, 10)
	holderTok := security.Token()
	if r := hs.post(join2026, orgForm(hs, holderTok), nil); r.code != http.StatusSeeOther {
		t.Fatal(r.code)
	}
	holder := hs.registrationByToken(holderTok)
	cit := url.Values{"token": {security.Token()}, "kind": {"cittadino"}, "name": {"Luca Riservato"}, "tax_code": {"RSSMRA85T10A562S"},
		"comune": {"Matino"}, "email": {"luca@example.org"}, "areas": {area5}, "privacy": {"1"}, "truthful": {"1"}}
	if r := hs.post(join2026, cit, nil); r.code != http.StatusSeeOther {
		t.Fatal(r.code, r.doc(t).Find("#errori").Text())
	}
	citizen := hs.registrationByToken(cit.Get("token"))
	sendOutbox(t, hs, srv)

	attempt := func(form url.Values, secrets ...string) {
		t.Helper()
		r := hs.post(join2026, form, nil)
		msg := strings.Join(strings.Fields(r.doc(t).Find("#f-areas-error").Text()), " ")
		if r.code != http.StatusConflict || !strings.Contains(msg, "esiste già una manifestazione di interesse con quest") ||
			!strings.Contains(msg, ". A chi l'ha presentata è stato inviato un avviso per e-mail") {
			t.Fatalf("duplicate: %d %q", r.code, msg)
		}
		if strings.Contains(msg, "protocollo") || strings.Contains(msg, "iscritt") {
			t.Fatalf("the message next to the areas says more than it should: %q", msg)
		}
		for _, s := range secrets {
			if strings.Contains(r.body, s) {
				t.Fatalf("the answer to a duplicate reveals %q", s)
			}
		}
	}
	for i := range 3 {
		v := orgForm(hs, security.Token())
		v.Set("name", "Curioso "+strconv.Itoa(i))
		v.Set("email", "curioso@example.org")
		v.Set("contact_email", "curioso@example.org")
		v.Set("contact_name", "Curioso")
		v.Set("declarant_name", "Curioso")
		attempt(v, holder.Protocol(), "000016", "Associazione «Prova»", "Associazione &laquo;Prova", "prova@example.org", "carla@example.org", "Carla Prova")
		c := url.Values{}
		for k, x := range cit {
			c[k] = x
		}
		c.Set("token", security.Token())
		c.Set("name", "Curioso")
		c.Set("email", "curioso@example.org")
		attempt(c, citizen.Protocol(), "Luca Riservato", "luca@example.org")
	}
	msgs := sendOutbox(t, hs, srv)
	org, cz := warningsTo(msgs, "prova@example.org"), warningsTo(msgs, "luca@example.org")
	if len(org) != 1 || len(cz) != 1 {
		t.Fatalf("%d warnings to the organisation, %d to the citizen; want one each (three attempts each)", len(org), len(cz))
	}
	for _, tc := range []struct {
		body, prot, code string
	}{{org[0].Body, holder.Protocol(), "il codice fiscale o la partita IVA della tua organizzazione"}, {cz[0].Body, citizen.Protocol(), "con il tuo codice fiscale"}} {
		body := strings.Join(strings.Fields(strings.ReplaceAll(tc.body, "=\r\n", "")), " ")
		mustContain(t, "warning", body, tc.prot, tc.code, "non è stata registrata", "Ufficio di Piano", join2026+"/nuovo-link", "al massimo una volta al giorno")
		if strings.Contains(body, "curioso") || strings.Contains(body, "Curioso") {
			t.Errorf("the warning names the sender: %s", body)
		}
	}
	if strings.Contains(cz[0].Body, "organizzazione") {
		t.Errorf("a citizen reads organisation wording: %s", cz[0].Body)
	}
	// The next day, a new attempt warns again.
	hs.clock = hs.clock.Add(24 * time.Hour)
	cit.Set("token", security.Token())
	cit.Set("name", "Curioso")
	attempt(cit)
	if got := warningsTo(sendOutbox(t, hs, srv), "luca@example.org"); len(got) != 2 {
		t.Fatalf("%d warnings after an attempt the next day, want 2", len(got))
	}
}

// Asking for a new link does not lock the registrant out: the old link
// works until the new one is opened.
func TestNewLinkDoesNotRevokeTheOldUntilUsed(t *testing.T) {
	hs := newHarness(t, true)
	token := security.Token()
	hs.post(join2026, orgForm(hs, token), nil)
	hs.post(join2026+"/nuovo-link", url.Values{"email": {"prova@example.org"}}, nil)
	if r := hs.get(join2026+"/"+token, nil); r.code != http.StatusOK {
		t.Fatalf("the old link after a request for a new one: %d", r.code)
	}
	reg := hs.registrationByToken(token)
	ms, _ := hs.st.RegistrationEmails(context.Background(), reg.AmbitoID, reg.ID)
	mustContain(t, "new link e-mail", ms[len(ms)-1].Body, "continua a funzionare finché non apri questo nuovo")
	if r := hs.get(hs.newLink(token), nil); r.code != http.StatusOK {
		t.Fatalf("the new link: %d", r.code)
	}
	if r := hs.get(join2026+"/"+token, nil); r.code != http.StatusNotFound {
		t.Fatalf("the old link once the new one was used: %d", r.code)
	}
}

// A withdrawn or inadmissible registration's page and PDF receipt do not
// tell to show the code at the tables.
func TestWithdrawnReceiptIsNoPassToTheTables(t *testing.T) {
	hs := newHarness(t, true)
	token := security.Token()
	hs.post(join2026, orgForm(hs, token), nil)
	base := join2026 + "/" + token
	if r := hs.get(base, nil); !strings.Contains(r.body, "Mostralo all'ingresso dei tavoli") || r.doc(t).Find("#codice-presenze").Length() != 1 {
		t.Fatal("a received registration has no check-in code")
	}
	if !strings.Contains(pdfText(t, hs.get(base+"/ricevuta.pdf", nil).body), "Mostra questo codice all'ingresso dei tavoli") {
		t.Fatal("the receipt of a received registration has no check-in code")
	}
	if r := hs.post(base+"/ritira", url.Values{"conferma": {"1"}}, nil); r.code != http.StatusSeeOther {
		t.Fatalf("withdrawal: %d", r.code)
	}
	r := hs.get(base, nil)
	d := r.doc(t)
	if r.code != http.StatusOK || strings.Contains(r.body, "ingresso dei tavoli") || d.Find("#codice-presenze").Length() != 0 || d.Find("svg").Length() != 0 ||
		!strings.Contains(d.Find("#non-valida-ai-tavoli").Text(), "è stata ritirata: non dà diritto a partecipare ai tavoli") {
		t.Fatalf("withdrawn page: %d %q", r.code, d.Find("#non-valida-ai-tavoli").Text())
	}
	pdf := pdfText(t, hs.get(base+"/ricevuta.pdf", nil).body)
	if strings.Contains(pdf, "ingresso dei tavoli") || !strings.Contains(pdf, "Stato: ritirata. Questa manifestazione di interesse non dà diritto a partecipare ai tavoli tematici.") {
		t.Fatalf("withdrawn receipt: %s", pdf)
	}
}

// Text that is not valid UTF-8, or that holds a NUL character, is refused
// on both databases with a message next to its field, the rest of what was
// typed kept and nothing saved; a form whose handler does not show it again
// answers 400 with an Italian message.
func TestInvalidTextIsRefusedNextToItsField(t *testing.T) {
	hs := newHarness(t, true)
	a, _ := hs.st.AmbitoBySlug(context.Background(), "casarano")
	before, _ := hs.st.ProtocolNumbers(context.Background(), a.ID, 2026)
	for _, tc := range []struct{ field, value string }{
		{"name", "Associazione \xff\xfe Prova"},
		{"address", "Via Roma\x00 1"},
		{"prop1_description", "Aiuto \xc3 compiti"},
	} {
		v := orgForm(hs, security.Token())
		v.Set(tc.field, tc.value)
		for _, multipart := range []bool{false, true} {
			var r resp
			if multipart {
				r = hs.postSignedForm(join2026, v, "", nil, nil)
			} else {
				r = hs.post(join2026, v, nil)
			}
			d := r.doc(t)
			sel := "#f-" + tc.field
			got := d.Find(sel).AttrOr("value", d.Find(sel).Text())
			if r.code != http.StatusBadRequest || !strings.Contains(d.Find(sel+"-error").Text(), "caratteri non validi") ||
				!strings.Contains(got, "\uFFFD") || d.Find("#f-tax_code").AttrOr("value", "") != "80078750587" {
				t.Fatalf("%s (multipart %v): %d %q %q", tc.field, multipart, r.code, d.Find(sel+"-error").Text(), got)
			}
		}
	}
	if after, _ := hs.st.ProtocolNumbers(context.Background(), a.ID, 2026); len(after) != len(before) {
		t.Fatalf("%d registrations saved from invalid text", len(after)-len(before))
	}
	// Any other form: refused with a message, nothing done.
	r := hs.post(join2026+"/nuovo-link", url.Values{"email": {"prova\x00@example.org"}}, nil)
	if r.code != http.StatusBadRequest || !strings.Contains(r.body, "caratteri non validi") {
		t.Fatalf("new link with a NUL: %d", r.code)
	}
}

// An internal error of the public form is logged (the user reads only the
// Italian message).
func TestJoinFormLogsInternalErrors(t *testing.T) {
	hs := newHarness(t, true)
	var logged strings.Builder
	hs.srv.log = slog.New(slog.NewTextHandler(&logged, nil))
	if _, err := hs.st.DB().W.Exec(`DROP TABLE protocol_counters`); err != nil {
		t.Fatal(err)
	}
	r := hs.post(join2026, orgForm(hs, security.Token()), nil)
	if r.code != http.StatusInternalServerError || !strings.Contains(r.body, "errore interno") || strings.Contains(r.body, "protocol_counters") {
		t.Fatalf("internal error: %d", r.code)
	}
	if !strings.Contains(logged.String(), "protocol_counters") || !strings.Contains(logged.String(), join2026) {
		t.Fatalf("not logged: %q", logged.String())
	}
}

// A private citizen who withdraws is not told about "your organisation".
func TestCitizenWithdrawalMailSpeaksToAPerson(t *testing.T) {
	hs := newHarness(t, true)
	p := hs.process("casarano", "pdz-2026-2028")
	tok := security.Token()
	cit := url.Values{"token": {tok}, "kind": {"cittadino"}, "name": {"Luca Test"}, "tax_code": {"RSSMRA85T10A562S"},
		"comune": {"Matino"}, "email": {"luca@example.org"}, "areas": {strconv.FormatInt(p.Areas[4].ID, 10)}, "privacy": {"1"}, "truthful": {"1"}}
	if r := hs.post(join2026, cit, nil); r.code != http.StatusSeeOther {
		t.Fatal(r.code)
	}
	if r := hs.post(join2026+"/"+tok+"/ritira", url.Values{"conferma": {"1"}}, nil); r.code != http.StatusSeeOther {
		t.Fatalf("withdrawal: %d", r.code)
	}
	reg := hs.registrationByToken(tok)
	ms, _ := hs.st.RegistrationEmails(context.Background(), reg.AmbitoID, reg.ID)
	last := ms[len(ms)-1]
	if last.Kind != "ritiro" || strings.Contains(last.Body, "organizzazione") || strings.Contains(last.Body, "aree tematiche") ||
		!strings.Contains(last.Body, "Se vuoi, puoi presentarne una nuova fino alla scadenza dell'avviso.") {
		t.Fatalf("withdrawal e-mail to a citizen: %s", last.Body)
	}
}

// newLink is the path of the personal link in the last e-mail "nuovo link"
// of the registration made with the form token token (2026-2028 process).
func (hs *harness) newLink(token string) string {
	hs.t.Helper()
	reg := hs.registrationByToken(token)
	ms, err := hs.st.RegistrationEmails(context.Background(), reg.AmbitoID, reg.ID)
	if err != nil || len(ms) == 0 || ms[len(ms)-1].Kind != "link" {
		hs.t.Fatalf("no new-link e-mail: %v %+v", err, ms)
	}
	body := ms[len(ms)-1].Body
	i := strings.Index(body, join2026+"/")
	if i < 0 || len(body) < i+len(join2026)+1+43 {
		hs.t.Fatalf("no link in %q", body)
	}
	return body[i : i+len(join2026)+1+43]
}
