package web

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/xuri/excelize/v2"

	"github.com/pdz-ats/pdz/internal/pdz"
	"github.com/pdz-ats/pdz/internal/security"
)

const join2026 = notice2026 + "/adesione"

// orgForm is a complete, valid form of an organisation joining areas 1
// and 3 of Casarano 2026, with one proposal.
func orgForm(hs *harness, token string) url.Values {
	p := hs.process("casarano", "pdz-2026-2028")
	a1, a3 := strconv.FormatInt(p.Areas[0].ID, 10), strconv.FormatInt(p.Areas[2].ID, 10)
	return url.Values{"token": {token}, "kind": {"organizzazione"}, "name": {"Associazione «Prova» & C."}, "org_type": {"aps"},
		"tax_code": {"80078750587"}, "address": {"Via Roma 1"}, "comune": {"Casarano"}, "email": {"prova@example.org"},
		"manages_services": {"no"}, "publish_name": {"1"}, "declarant_name": {"Carla Prova"}, "declarant_role": {"Presidente"},
		"contact_name": {"Carla Prova"}, "contact_email": {"carla@example.org"}, "areas": {a1, a3},
		"rep_" + a3 + "_name": {"Ugo Altro"}, "rep_" + a3 + "_email": {"ugo@example.org"},
		"prop1_area": {a3}, "prop1_title": {"Doposcuola"}, "prop1_need": {"Dispersione scolastica"}, "prop1_description": {"Aiuto compiti"},
		"prop1_cost": {"12.500,00"}, "prop1_beneficiaries": {"40"}, "prop1_comuni": {"Casarano", "Matino"},
		"privacy": {"1"}, "truthful": {"1"}}
}

// postSignedForm posts a registration form with its signed copy.
func (hs *harness) postSignedForm(path string, form url.Values, fileName string, file []byte, c *http.Cookie) resp {
	hs.t.Helper()
	return hs.postFile(path, form, "signed_form", fileName, file, c)
}

func (hs *harness) registrationByToken(token string) pdz.Registration {
	hs.t.Helper()
	a, _ := hs.st.AmbitoBySlug(context.Background(), "casarano")
	r, err := hs.st.RegistrationBySubmission(context.Background(), a.ID, security.HashToken(token))
	if err != nil {
		hs.t.Fatal(err)
	}
	return r
}

// pdfText extracts the text of a PDF with poppler's pdftotext, spaces
// collapsed. Without pdftotext it skips t (fails it under
// PDZ_REQUIRE_TOOLS=1): tests call it through checkPDF, so that only their
// PDF check skips.
func pdfText(t *testing.T, pdf string) string {
	t.Helper()
	out, err := pdftotext(t, pdf)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(strings.Fields(out), " ")
}

// pdftotext runs poppler's pdftotext on pdf. Without it, it skips t (fails
// it under PDZ_REQUIRE_TOOLS=1).
func pdftotext(t *testing.T, pdf string) (string, error) {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("PDZ_REQUIRE_TOOLS") == "1" {
			t.Fatal("pdftotext not installed")
		}
		t.Skip("pdftotext (poppler-utils) not installed")
	}
	cmd := exec.Command(bin, "-q", "-enc", "UTF-8", "-", "-")
	cmd.Stdin = strings.NewReader(pdf)
	out, err := cmd.Output()
	return string(out), err
}

// checkPDF checks that pdf is a PDF, then runs check on its text as a
// subtest: without poppler that subtest skips and the test goes on.
func checkPDF(t *testing.T, what, pdf string, check func(t *testing.T, text string)) {
	t.Helper()
	if !strings.HasPrefix(pdf, "%PDF-") {
		t.Errorf("%s: not a PDF: %.40q", what, pdf)
		return
	}
	t.Run("PDF "+what, func(t *testing.T) { check(t, pdfText(t, pdf)) })
}

// pdfContains checks that the text of a PDF contains each of want (see
// checkPDF).
func pdfContains(t *testing.T, what, pdf string, want ...string) {
	t.Helper()
	checkPDF(t, what, pdf, func(t *testing.T, text string) { mustContain(t, what, text, want...) })
}

func TestJoinProcessOnline(t *testing.T) {
	hs := newHarness(t, true)
	start := hs.get(join2026, nil)
	if start.code != http.StatusOK || !strings.Contains(start.body, "?tipo=organizzazione") || !strings.Contains(start.body, "?tipo=cittadino") {
		t.Fatalf("choice page: %d", start.code)
	}
	page := hs.get(join2026+"?tipo=organizzazione", nil)
	d := page.doc(t)
	token, _ := d.Find("input[name=token]").Attr("value")
	if page.code != http.StatusOK || !tokenRE.MatchString(token) || page.hdr.Get("Cache-Control") != "no-store" {
		t.Fatalf("form: %d token %q cache %q", page.code, token, page.hdr.Get("Cache-Control"))
	}
	if d.Find("input[name=areas]").Length() != 9 || !strings.Contains(page.body, "DICHIARA") || !strings.Contains(page.body, "INFORMATIVA SUL TRATTAMENTO") {
		t.Fatal("the form misses the areas or the declarations in full")
	}
	if again, _ := hs.get(join2026+"?tipo=organizzazione", nil).doc(t).Find("input[name=token]").Attr("value"); again == token {
		t.Fatal("two forms with the same token")
	}

	r := hs.post(join2026, orgForm(hs, token), nil)
	if r.code != http.StatusSeeOther || r.hdr.Get("Location") != join2026+"/"+token {
		t.Fatalf("submit: %d %s\n%s", r.code, r.hdr.Get("Location"), r.body)
	}
	reg := hs.registrationByToken(token)
	if reg.Protocol() != "2026/000016" { // the demo holds 15
		t.Fatalf("protocol %s", reg.Protocol())
	}
	mustContain(t, "flash", flashOf(t, r), "protocollo n. 2026/000016", "prova@example.org")
	if len(reg.Areas) != 2 || reg.Representative(reg.Areas[1]).Name != "Ugo Altro" || reg.Representative(reg.Areas[0]).Name != "Carla Prova" ||
		len(reg.Proposals) != 1 || reg.Proposals[0].CostCents != 1250000 || reg.Proposals[0].Beneficiaries != 40 || reg.TaxCode != "80078750587" {
		t.Fatalf("saved: %+v", reg)
	}

	// The receipt page and the PDF receipt.
	own := hs.get(join2026+"/"+token, nil)
	if own.code != http.StatusOK || own.doc(t).Find("#protocollo").Text() != "2026/000016" || own.hdr.Get("Referrer-Policy") != "no-referrer" {
		t.Fatalf("receipt page: %d", own.code)
	}
	mustContain(t, "receipt page", own.body, "Associazione «Prova» &amp; C.", "Ugo Altro", "Doposcuola", "€ 12.500,00", "ricevuta.pdf")
	pdf := hs.get(join2026+"/"+token+"/ricevuta.pdf", nil)
	if pdf.code != http.StatusOK || pdf.hdr.Get("Content-Type") != "application/pdf" {
		t.Fatalf("PDF: %d", pdf.code)
	}
	pdfContains(t, "receipt", pdf.body, "RICEVUTA DI MANIFESTAZIONE DI INTERESSE", "Protocollo n. 2026/000016",
		"lunedì 1 giugno 2026, ore 10:00", "Associazione «Prova» & C.", "80078750587", "Ugo Altro", "Doposcuola", "€ 12.500,00",
		"D.P.R. 28 dicembre 2000, n. 445")

	// The confirmation e-mail, in the outbox, carries the personal link.
	ms, _ := hs.st.RegistrationEmails(context.Background(), reg.AmbitoID, reg.ID)
	if len(ms) != 1 || ms[0].To != "prova@example.org" || !strings.Contains(ms[0].Subject, "2026/000016") ||
		!strings.Contains(ms[0].Body, "https://pdz.example.it"+join2026+"/"+token) || ms[0].ReplyTo != "udp@ambitodicasarano.it" {
		t.Fatalf("e-mail: %+v", ms)
	}

	// Sent again (double click, back and resend): the same registration.
	r = hs.post(join2026, orgForm(hs, token), nil)
	if r.code != http.StatusSeeOther || r.hdr.Get("Location") != join2026+"/"+token || !strings.Contains(flashOf(t, r), "era già stata registrata") {
		t.Fatalf("resubmission: %d %s %q", r.code, r.hdr.Get("Location"), flashOf(t, r))
	}
	a, _ := hs.st.AmbitoBySlug(context.Background(), "casarano")
	if nums, _ := hs.st.ProtocolNumbers(context.Background(), a.ID, 2026); len(nums) != 16 {
		t.Fatalf("%d registrations after a resubmission", len(nums))
	}

	// The same organisation cannot take area 1 again.
	dup := orgForm(hs, security.Token())
	r = hs.post(join2026, dup, nil)
	if r.code != http.StatusConflict || !strings.Contains(r.doc(t).Find("#f-areas-error").Text(), "Per le aree «1. L'integrazione delle politiche di welfare» e «3. Le politiche familiari e povertà educativa» esiste già") {
		t.Fatalf("one representative per area: %d\n%s", r.code, r.doc(t).Find("#errori").Text())
	}
}

func TestJoinFormExplainsEveryMistakeAndKeepsInput(t *testing.T) {
	hs := newHarness(t, true)
	cases := []struct {
		name, field, msg string
		edit             func(v url.Values)
	}{
		{"wrong tax code", "tax_code", "cifra di controllo", func(v url.Values) { v.Set("tax_code", "80078750588") }},
		{"personal code for an organisation", "tax_code", "codice fiscale di una persona", func(v url.Values) { v.Set("tax_code", "RSSMRA85T10A562S") }},
		{"bad VAT number", "vat_number", "La partita IVA deve avere 11 cifre", func(v url.Values) { v.Set("vat_number", "1234") }},
		{"no area", "areas", "Scegli almeno un'area", func(v url.Values) { v.Del("areas"); v.Del("prop1_area") }},
		{"bad e-mail", "email", "Indirizzo e-mail non valido", func(v url.Values) { v.Set("email", "prova@") }},
		{"no declaration", "truthful", "dichiarazione sostitutiva", func(v url.Values) { v.Del("truthful") }},
		{"no privacy", "privacy", "informativa", func(v url.Values) { v.Del("privacy") }},
		{"no answer on services", "manages_services", "gestisce servizi", func(v url.Values) { v.Del("manages_services") }},
		{"bad cost", "prop1_cost", "costo stimato in euro", func(v url.Values) { v.Set("prop1_cost", "dodicimila") }},
		{"bad beneficiaries", "prop1_beneficiaries", "numero stimato di destinatari", func(v url.Values) { v.Set("prop1_beneficiaries", "tanti") }},
		{"proposal outside the areas", "prop1_area", "una di quelle a cui si aderisce", func(v url.Values) {
			v.Set("prop1_area", strconv.FormatInt(hs.process("casarano", "pdz-2026-2028").Areas[8].ID, 10))
		}},
		{"future foundation", "founded_on", "non può essere futura", func(v url.Values) { v.Set("founded_on", "2027-01-01") }},
		{"representative without e-mail", "rep_" + strconv.FormatInt(hs.process("casarano", "pdz-2026-2028").Areas[2].ID, 10) + "_email",
			"e-mail di chi rappresenta", func(v url.Values) {
				v.Del("rep_" + strconv.FormatInt(hs.process("casarano", "pdz-2026-2028").Areas[2].ID, 10) + "_email")
			}},
		{"other type not described", "org_type_other", "Specifica il tipo", func(v url.Values) { v.Set("org_type", "altro") }},
	}
	for _, tc := range cases {
		v := orgForm(hs, security.Token())
		tc.edit(v)
		r := hs.post(join2026, v, nil)
		if r.code != http.StatusBadRequest {
			t.Errorf("%s: %d", tc.name, r.code)
			continue
		}
		d := r.doc(t)
		if msg := d.Find("#f-" + tc.field + "-error").Text(); !strings.Contains(msg, tc.msg) {
			t.Errorf("%s: message next to %s is %q", tc.name, tc.field, msg)
		}
		if d.Find("#errori a[href='#f-"+tc.field+"']").Length() != 1 {
			t.Errorf("%s: the summary does not link to #f-%s", tc.name, tc.field)
		}
		if got, _ := d.Find("#f-name").Attr("value"); got != "Associazione «Prova» & C." {
			t.Errorf("%s: the name typed is lost: %q", tc.name, got)
		}
		if got := d.Find("#f-prop1_description").Text(); tc.field != "areas" && got != "Aiuto compiti" {
			t.Errorf("%s: the proposal typed is lost: %q", tc.name, got)
		}
		if tok, _ := d.Find("input[name=token]").Attr("value"); tok != v.Get("token") {
			t.Errorf("%s: the form token changed", tc.name)
		}
	}
	// A citizen: 16-character code with its check character and omocodia.
	p := hs.process("casarano", "pdz-2026-2028")
	cit := url.Values{"token": {security.Token()}, "kind": {"cittadino"}, "name": {"Luca Test"}, "tax_code": {"RSSMRA85T10A562T"},
		"comune": {"Matino"}, "email": {"luca@example.org"}, "areas": {strconv.FormatInt(p.Areas[4].ID, 10)}, "privacy": {"1"}, "truthful": {"1"}}
	r := hs.post(join2026, cit, nil)
	if r.code != http.StatusBadRequest || !strings.Contains(r.doc(t).Find("#f-tax_code-error").Text(), "carattere di controllo") {
		t.Fatalf("citizen with a wrong code: %d", r.code)
	}
	cit.Set("tax_code", "rssmraurtmlarnng")
	if r := hs.post(join2026, cit, nil); r.code != http.StatusSeeOther {
		t.Fatalf("citizen with omocodia: %d %s", r.code, r.doc(t).Find("#errori").Text())
	}
	if got := hs.registrationByToken(cit.Get("token")); got.TaxCode != "RSSMRAURTMLARNNG" || got.Kind != pdz.RegistrantCitizen || got.Contact.Name != "Luca Test" {
		t.Fatalf("citizen saved: %+v", got)
	}
}

func TestSignedFormUpload(t *testing.T) {
	hs := newHarness(t, true)
	pdf := []byte("%PDF-1.4\n% modulo firmato\n%%EOF\n")
	// Not a PDF (whatever its name): refused, the typed values kept, and
	// the note that the file must be chosen again.
	v := orgForm(hs, security.Token())
	r := hs.postSignedForm(join2026, v, "modulo.pdf", []byte("<html>non sono un pdf</html>"), nil)
	d := r.doc(t)
	if r.code != http.StatusBadRequest || !strings.Contains(d.Find("#f-signed_form-error").Text(), "non è un PDF") ||
		!strings.Contains(d.Find("#f-signed_form-lost").Text(), "sceglilo di nuovo") {
		t.Fatalf("not a PDF: %d", r.code)
	}
	if got, _ := d.Find("#f-name").Attr("value"); got != "Associazione «Prova» & C." || d.Find("#f-prop1_comuni-0").AttrOr("checked", "x") != "" {
		t.Fatalf("values lost in a multipart form: %q", got)
	}
	// Over 10 MB: refused without losing the fields sent before it.
	big := append([]byte("%PDF-1.4\n"), make([]byte, 10<<20)...)
	r = hs.postSignedForm(join2026, v, "grande.pdf", big, nil)
	if r.code != http.StatusBadRequest || !strings.Contains(r.doc(t).Find("#f-signed_form-error").Text(), "supera i 10 MB") {
		t.Fatalf("too big: %d", r.code)
	}
	// A PDF: saved with its SHA-256, shown on the receipt, downloadable.
	r = hs.postSignedForm(join2026, v, `C:\Documenti\modulo firmato.pdf`, pdf, nil)
	if r.code != http.StatusSeeOther {
		t.Fatalf("PDF: %d %s", r.code, r.doc(t).Find("#errori").Text())
	}
	reg := hs.registrationByToken(v.Get("token"))
	sum := sha256.Sum256(pdf)
	if reg.Attachment == nil || reg.Attachment.Name != "modulo firmato.pdf" || reg.Attachment.Size != int64(len(pdf)) ||
		reg.Attachment.SHA256 != hex.EncodeToString(sum[:]) {
		t.Fatalf("attachment: %+v", reg.Attachment)
	}
	page := hs.get(join2026+"/"+v.Get("token"), nil)
	mustContain(t, "receipt", page.body, reg.Attachment.SHA256)
	file := hs.get(join2026+"/"+v.Get("token")+"/modulo.pdf", nil)
	if file.code != http.StatusOK || file.body != string(pdf) {
		t.Fatalf("download: %d", file.code)
	}
}

func TestDeadlineClosesTheForm(t *testing.T) {
	hs := newHarness(t, true)
	token := security.Token()
	form := orgForm(hs, token)
	hs.clock = time.Date(2026, 6, 17, 16, 0, 1, 0, time.UTC) // 18:00:01 in Rome
	if r := hs.get(join2026+"?tipo=organizzazione", nil); r.code != http.StatusOK || !strings.Contains(r.body, "Iscrizioni online chiuse") {
		t.Fatalf("closed form: %d", r.code)
	}
	r := hs.post(join2026, form, nil)
	if r.code != http.StatusConflict || !strings.Contains(r.body, "scaduto il 17/06/2026 alle ore 18:00") {
		t.Fatalf("late submission: %d", r.code)
	}
	if got, _ := r.doc(t).Find("#f-name").Attr("value"); got != "Associazione «Prova» & C." {
		t.Fatal("a late submission loses what was typed")
	}
	hs.clock = time.Date(2026, 6, 17, 15, 59, 59, 0, time.UTC) // 17:59:59
	if r := hs.post(join2026, form, nil); r.code != http.StatusSeeOther {
		t.Fatalf("one second before the deadline: %d", r.code)
	}
}

func TestPersonalLinkCorrectionAndWithdrawal(t *testing.T) {
	hs := newHarness(t, true)
	token := security.Token()
	if r := hs.post(join2026, orgForm(hs, token), nil); r.code != http.StatusSeeOther {
		t.Fatal(r.code)
	}
	base := join2026 + "/" + token
	edit := hs.get(base+"/modifica", nil)
	d := edit.doc(t)
	if edit.code != http.StatusOK || d.Find("#f-name").AttrOr("value", "") != "Associazione «Prova» & C." || d.Find("#f-prop1_cost").AttrOr("value", "") != "12.500,00" {
		t.Fatalf("edit form: %d", edit.code)
	}
	v := orgForm(hs, token)
	v.Set("name", "Associazione Prova rinominata")
	v.Set("kind", "cittadino") // ignored: who registered does not change
	r := hs.post(base+"/modifica", v, nil)
	if r.code != http.StatusSeeOther || !strings.Contains(flashOf(t, r), "versione 2") {
		t.Fatalf("correction: %d %s", r.code, r.doc(t).Find("#errori").Text())
	}
	reg := hs.registrationByToken(token)
	if reg.Name != "Associazione Prova rinominata" || reg.Version != 2 || reg.Kind != pdz.RegistrantOrganisation || reg.Protocol() != "2026/000016" {
		t.Fatalf("after the correction: %+v", reg)
	}
	page := hs.get(base, nil)
	mustContain(t, "history", page.body, "Versione 1, come era prima della modifica", "Associazione «Prova» &amp; C.", "Modificata dal registrante")
	// Withdrawal needs the box; then the areas are free again.
	if r := hs.post(base+"/ritira", url.Values{}, nil); r.code != http.StatusBadRequest {
		t.Fatalf("withdrawal without confirmation: %d", r.code)
	}
	if r := hs.post(base+"/ritira", url.Values{"conferma": {"1"}}, nil); r.code != http.StatusSeeOther {
		t.Fatalf("withdrawal: %d", r.code)
	}
	if got := hs.registrationByToken(token); got.Status != pdz.RegWithdrawn {
		t.Fatalf("status %s", got.Status)
	}
	if r := hs.post(base+"/modifica", v, nil); r.code != http.StatusConflict {
		t.Fatalf("correction after withdrawal: %d", r.code)
	}
	if r := hs.post(join2026, orgForm(hs, security.Token()), nil); r.code != http.StatusSeeOther {
		t.Fatalf("registering again after withdrawing: %d", r.code)
	}
	ms, _ := hs.st.RegistrationEmails(context.Background(), reg.AmbitoID, reg.ID)
	var kinds []string
	for _, m := range ms {
		kinds = append(kinds, m.Kind)
	}
	if strings.Join(kinds, ",") != "ricevuta,modifica,ritiro" {
		t.Fatalf("e-mails: %v", kinds)
	}
	// After the deadline the link still shows the receipt, but changes are refused.
	hs.clock = time.Date(2026, 6, 18, 8, 0, 0, 0, time.UTC)
	if r := hs.get(base, nil); r.code != http.StatusOK || strings.Contains(r.body, base+"/modifica") {
		t.Fatalf("after the deadline: %d", r.code)
	}
	// A wrong key is a 404 that tells what to do.
	if r := hs.get(join2026+"/"+security.Token(), nil); r.code != http.StatusNotFound || !strings.Contains(r.body, "nuovo link") {
		t.Fatalf("wrong key: %d", r.code)
	}
}

// The "new link" form answers the same whether or not the address is
// known, and sends a link only to a known one.
func TestNewLinkRevealsNothing(t *testing.T) {
	hs := newHarness(t, true)
	token := security.Token()
	hs.post(join2026, orgForm(hs, token), nil)
	known := hs.post(join2026+"/nuovo-link", url.Values{"email": {"prova@example.org"}}, nil)
	unknown := hs.post(join2026+"/nuovo-link", url.Values{"email": {"nessuno@example.org"}}, nil)
	if known.code != unknown.code || known.hdr.Get("Location") != unknown.hdr.Get("Location") ||
		strings.ReplaceAll(flashOf(t, known), "prova@example.org", "X") != strings.ReplaceAll(flashOf(t, unknown), "nessuno@example.org", "X") {
		t.Fatalf("the answers differ: %d %q / %d %q", known.code, flashOf(t, known), unknown.code, flashOf(t, unknown))
	}
	if r := hs.get(hs.newLink(token), nil); r.code != http.StatusOK {
		t.Fatalf("the new link: %d", r.code)
	}
	if r := hs.get(join2026+"/"+token, nil); r.code != http.StatusNotFound {
		t.Fatalf("the old link still works: %d", r.code)
	}
	// The old form sent again still finds its registration, without opening it.
	if r := hs.post(join2026, orgForm(hs, token), nil); r.code != http.StatusOK || !strings.Contains(r.body, "già registrata") || strings.Contains(r.body, "Ugo Altro") {
		t.Fatalf("old form again: %d", r.code)
	}
	if r := hs.post(join2026+"/nuovo-link", url.Values{"email": {"non valida"}}, nil); r.code != http.StatusBadRequest {
		t.Fatalf("invalid address: %d", r.code)
	}
}

func TestPublicParticipantsShowsNothingPersonal(t *testing.T) {
	hs := newHarness(t, true)
	r := hs.get(notice2026+"/aderenti", nil)
	if r.code != http.StatusOK {
		t.Fatal(r.code)
	}
	d := r.doc(t)
	row := d.Find("tbody tr").FilterFunction(func(_ int, s *goquery.Selection) bool {
		return strings.Contains(s.Find("th").Text(), "Le politiche familiari")
	})
	if cells := row.Find("td"); cells.Eq(0).Text() != "3" || !strings.Contains(cells.Eq(2).Text(), "Ludoteca Girotondo") {
		t.Fatalf("area 3: %q", row.Text())
	}
	for _, secret := range []string{"dato di esempio", "Rete Donne Sud", "example.org", "0833 10", "Valle Alta", "BNCMRA"} {
		if strings.Contains(r.body, secret) {
			t.Errorf("the public page shows %q", secret)
		}
	}
	if !strings.Contains(r.body, "Associazione di volontariato «Il Ponte» (esempio)") {
		t.Error("a consenting organisation is not listed")
	}
}

func TestRegisterInTheBackOffice(t *testing.T) {
	hs := newHarness(t, true)
	op := hs.user("op@example.org", false, map[string]pdz.Role{"casarano": pdz.RoleOperatore})
	resp := hs.user("resp@example.org", false, map[string]pdz.Role{"casarano": pdz.RoleResponsabile})
	p := hs.process("casarano", "pdz-2026-2028")
	base := "/admin/a/casarano/percorsi/" + strconv.FormatInt(p.ID, 10)
	list := hs.get(base+"/iscrizioni", op)
	if list.code != http.StatusOK || list.doc(t).Find("tbody tr").Length() != 15 || !strings.Contains(list.body, "15 in tutto") {
		t.Fatalf("register: %d %d", list.code, list.doc(t).Find("tbody tr").Length())
	}
	filters := map[string]int{
		"?area=" + strconv.FormatInt(p.Areas[8].ID, 10): 5, "?tipo=cittadino": 3, "?comune=Matino": 1, "?stato=accettata": 5,
		"?canale=in_presenza": 2, "?canale=tardiva": 1, "?q=girotondo": 1, "?q=lucia+ferri": 1, "?q=emporio": 1, "?q=2026%2F000003": 1,
		"?tipo=cooperativa&comune=Taurisano": 1,
	}
	for q, want := range filters {
		r := hs.get(base+"/iscrizioni"+q, op)
		if n := r.doc(t).Find("tbody tr").Length(); r.code != http.StatusOK || n != want {
			t.Errorf("%s: %d rows (%d), want %d", q, n, r.code, want)
		}
	}
	if r := hs.get(base+"/iscrizioni?stato=boh", op); r.code != http.StatusBadRequest {
		t.Errorf("bad filter: %d", r.code)
	}

	// A late entry by an operator, without e-mail (from paper).
	lateTok := security.Token()
	v := url.Values{"token": {lateTok}, "kind": {"cittadino"}, "channel": {"in_presenza"}, "received_date": {"2026-05-30"}, "received_time": {"9:30"},
		"name": {"Rita Presente"}, "tax_code": {"RSSMRA85T10A562S"}, "comune": {"Ruffano"}, "areas": {strconv.FormatInt(p.Areas[1].ID, 10)},
		"privacy": {"1"}, "truthful": {"1"}}
	r := hs.post(base+"/iscrizioni", v, op)
	if r.code != http.StatusSeeOther {
		t.Fatalf("late entry: %d %s", r.code, r.doc(t).Find("#errori").Text())
	}
	late := hs.registrationByToken(lateTok)
	if late.Channel != pdz.ChannelOnSite || late.Protocol() != "2026/000016" || romeTime(late.ReceivedAt) != "30/05/2026 09:30" {
		t.Fatalf("late entry: %+v", late)
	}
	detail := hs.get(r.hdr.Get("Location"), op)
	mustContain(t, "detail", detail.body, "Rita Presente", "In presenza", "Registrata dall&#39;Ufficio di Piano come partecipazione in presenza")

	// Not admissible needs a reason, which is e-mailed.
	target := hs.registrationsNamed(t, "Ludoteca Girotondo")
	regURL := base + "/iscrizioni/" + strconv.FormatInt(target.ID, 10)
	if r := hs.post(regURL+"/esito", map[string][]string{"status": {"non_ammissibile"}}, op); r.code != http.StatusBadRequest ||
		!strings.Contains(r.doc(t).Find("#f-reason-error").Text(), "Indica il motivo") {
		t.Fatalf("no reason: %d", r.code)
	}
	if r := hs.post(regURL+"/esito", map[string][]string{"status": {"non_ammissibile"}, "reason": {"Manca la firma del legale rappresentante."}}, op); r.code != http.StatusSeeOther {
		t.Fatalf("decision: %d", r.code)
	}
	ms, _ := hs.st.RegistrationEmails(context.Background(), target.AmbitoID, target.ID)
	if len(ms) != 1 || !strings.Contains(ms[0].Body, "Manca la firma del legale rappresentante.") || !strings.Contains(ms[0].Subject, "non ammissibile") {
		t.Fatalf("decision e-mail: %+v", ms)
	}

	// Personal data: export (JSON) by the staff, erasure by the Responsabile only.
	data := hs.get(regURL+"/dati.json", op)
	var out map[string]any
	if data.code != http.StatusOK || json.Unmarshal([]byte(data.body), &out) != nil || !strings.Contains(data.body, "Anna Esposito (dato di esempio)") {
		t.Fatalf("export: %d", data.code)
	}
	if r := hs.post(regURL+"/cancella-dati", map[string][]string{"conferma": {"1"}}, op); r.code != http.StatusForbidden {
		t.Fatalf("operator erases: %d", r.code)
	}
	if r := hs.post(regURL+"/cancella-dati", nil, resp); r.code != http.StatusBadRequest {
		t.Fatalf("erasure without confirmation: %d", r.code)
	}
	if r := hs.post(regURL+"/cancella-dati", map[string][]string{"conferma": {"1"}}, resp); r.code != http.StatusSeeOther {
		t.Fatalf("erasure: %d", r.code)
	}
	after := hs.get(regURL, resp)
	if strings.Contains(after.body, "Anna Esposito") || !strings.Contains(after.body, "Dati personali cancellati") || !strings.Contains(after.body, target.Protocol()) {
		t.Fatalf("after erasure the page shows personal data or lost the trace")
	}
}

func romeTime(t time.Time) string {
	return t.In(time.FixedZone("CEST", 7200)).Format("02/01/2006 15:04")
}

func (hs *harness) registrationsNamed(t *testing.T, name string) pdz.Registration {
	t.Helper()
	p := hs.process("casarano", "pdz-2026-2028")
	regs, _, err := hs.st.Registrations(context.Background(), p.AmbitoID, p.ID, pdz.RegistrationFilter{Query: name})
	if err != nil || len(regs) != 1 {
		t.Fatalf("registration %q: %v %d", name, err, len(regs))
	}
	return regs[0]
}

func TestExportsAndAttendanceSheet(t *testing.T) {
	hs := newHarness(t, true)
	op := hs.user("op@example.org", false, map[string]pdz.Role{"casarano": pdz.RoleOperatore})
	p := hs.process("casarano", "pdz-2026-2028")
	base := "/admin/a/casarano/percorsi/" + strconv.FormatInt(p.ID, 10)
	csv := hs.get(base+"/esportazioni/iscrizioni.csv", op)
	if csv.code != http.StatusOK || !strings.HasPrefix(csv.body, "\ufeffProtocollo;Ricevuta il;") || !strings.HasPrefix(csv.hdr.Get("Content-Type"), "text/csv") ||
		strings.Count(csv.body, "\r\n2026/0000") != 15 || !strings.Contains(csv.hdr.Get("Content-Disposition"), "iscrizioni-pdz-2026-2028.csv") {
		t.Fatalf("CSV: %d %q", csv.code, csv.body[:min(len(csv.body), 200)])
	}
	area3 := strconv.FormatInt(p.Areas[2].ID, 10)
	perArea := hs.get(base+"/esportazioni/iscrizioni.csv?area="+area3, op)
	if strings.Count(perArea.body, "\r\n2026/0000") != 3 || !strings.Contains(perArea.body, "Rappresentante al tavolo") {
		t.Fatalf("CSV of area 3:\n%s", perArea.body)
	}
	for _, f := range []string{"iscrizioni.xlsx", "proposte.xlsx", "iscrizioni.ods?area=" + area3, "proposte.ods", "proposte.csv"} {
		r := hs.get(base+"/esportazioni/"+f, op)
		ext := strings.Split(strings.Split(f, "?")[0], ".")[1]
		if r.code != http.StatusOK || r.hdr.Get("Content-Type") != exportTypes[ext] {
			t.Errorf("%s: %d %s", f, r.code, r.hdr.Get("Content-Type"))
		}
		if strings.HasSuffix(f, ".xlsx") {
			x, err := excelize.OpenReader(strings.NewReader(r.body))
			if err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			rows, _ := x.GetRows(x.GetSheetList()[0])
			if f == "proposte.xlsx" && (len(rows) != 8 || rows[0][0] != "N." || rows[7][1] != "Totale del prospetto di sintesi") { // 6 proposals, a header, a total
				t.Errorf("proposals: %d rows %q", len(rows), rows)
			}
			if f == "iscrizioni.xlsx" && (len(rows) != 16 || rows[1][0] != "2026/000001") {
				t.Errorf("registrations: %d rows", len(rows))
			}
		}
	}
	if r := hs.get(base+"/esportazioni/iscrizioni.doc", op); r.code != http.StatusNotFound {
		t.Errorf("unknown format: %d", r.code)
	}
	if r := hs.get(base+"/esportazioni/iscrizioni.csv?area=999999", op); r.code != http.StatusNotFound {
		t.Errorf("unknown area: %d", r.code)
	}
	page := hs.get(base+"/aree/"+strconv.FormatInt(p.Areas[8].ID, 10)+"/partecipanti", op)
	mustContain(t, "participants of area 9", page.body, "Lucia Ferri (dato di esempio)", "Maria Bianchi (dato di esempio)", "Anna Neri (dato di esempio)", "Tavolo 9")
	sheet := hs.get(base+"/aree/"+strconv.FormatInt(p.Areas[8].ID, 10)+"/foglio-presenze.pdf", op)
	if sheet.code != http.StatusOK || sheet.hdr.Get("Content-Type") != "application/pdf" {
		t.Fatalf("attendance sheet: %d", sheet.code)
	}
	pdfContains(t, "attendance sheet", sheet.body, "FOGLIO PRESENZE", "Area tematica 9. L'invecchiamento attivo",
		"venerdì 26 giugno 2026, 9:00–11:00", "Nome e cognome", "Organizzazione", "Firma", "Lucia Ferri (dato di esempio)",
		"Associazione di volontariato «Il Ponte» (esempio)", "Cittadina/o", "Partecipanti non iscritti", "Iscritti: 5")
}

func TestPrivacyNoticeIsTheAmbitos(t *testing.T) {
	hs := newHarness(t, true)
	resp := hs.user("resp@example.org", false, map[string]pdz.Role{"casarano": pdz.RoleResponsabile})
	form := hs.get("/admin/a/casarano/informativa-privacy", resp)
	if !strings.Contains(form.body, "[MODELLO DA ADATTARE]") || !strings.Contains(form.body, "Ambito Territoriale Sociale di Casarano") {
		t.Fatal("the template is not offered")
	}
	if r := hs.post("/admin/a/casarano/informativa-privacy", url.Values{"body": {" "}}, resp); r.code != http.StatusBadRequest {
		t.Fatalf("empty notice: %d", r.code)
	}
	text := "Informativa dell'Ambito di Casarano.\n\nTitolare: il Comune di Casarano."
	if r := hs.post("/admin/a/casarano/informativa-privacy", url.Values{"body": {text}}, resp); r.code != http.StatusSeeOther {
		t.Fatalf("save: %d", r.code)
	}
	page := hs.get(join2026+"?tipo=cittadino", nil)
	if !strings.Contains(page.body, "Titolare: il Comune di Casarano.") || strings.Contains(page.body, "[MODELLO DA ADATTARE]") {
		t.Fatal("the form does not show the Ambito's notice")
	}
}

// TestPersonDataAcrossProcesses: a person's data are found, exported and
// erased as a person's (GDPR arts. 15 and 17), in every process of the
// Ambito: here the contact of a demo organisation of 2022 who registers
// again as a citizen in 2026.
func TestPersonDataAcrossProcesses(t *testing.T) {
	hs := newHarness(t, true)
	ctx := context.Background()
	op := hs.user("op@example.org", false, map[string]pdz.Role{"casarano": pdz.RoleOperatore})
	resp := hs.user("resp@example.org", false, map[string]pdz.Role{"casarano": pdz.RoleResponsabile})
	other := hs.user("op-lecce@example.org", false, map[string]pdz.Role{"lecce": pdz.RoleOperatore})
	p22, p26 := hs.process("casarano", "pdz-2022-2024"), hs.process("casarano", "pdz-2026-2028")
	regs22, _, err := hs.st.Registrations(ctx, p22.AmbitoID, p22.ID, pdz.RegistrationFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var org pdz.Registration
	for _, r := range regs22 {
		if r.Contact.Email != "" && !strings.EqualFold(r.Contact.Email, r.Email) {
			org = r
			break
		}
	}
	if org.ID == 0 {
		t.Fatal("no demo organisation of 2022 with its own contact e-mail")
	}
	email := org.Contact.Email

	// The same person registers as a citizen in 2026 (on paper, at a table).
	tok := security.Token()
	v := url.Values{"token": {tok}, "kind": {"cittadino"}, "channel": {"in_presenza"}, "received_date": {"2026-05-30"}, "received_time": {"9:30"},
		"name": {"Persona Due Volte"}, "tax_code": {"RSSMRA85T10A562S"}, "comune": {"Ruffano"}, "email": {strings.ToUpper(email)},
		"areas": {strconv.FormatInt(p26.Areas[1].ID, 10)}, "privacy": {"1"}, "truthful": {"1"}}
	if r := hs.post("/admin/a/casarano/percorsi/"+strconv.FormatInt(p26.ID, 10)+"/iscrizioni", v, op); r.code != http.StatusSeeOther {
		t.Fatalf("citizen entry: %d %s", r.code, r.doc(t).Find("#errori").Text())
	}
	citizen := hs.registrationByToken(tok)

	page := hs.post("/admin/a/casarano/dati-personali", url.Values{"chi": {" " + email + " "}}, op)
	rows := page.doc(t).Find("tbody tr")
	if page.code != http.StatusOK || rows.Length() != 2 {
		t.Fatalf("search by e-mail: %d, %d rows", page.code, rows.Length())
	}
	mustContain(t, "person page", rows.Text(), org.Protocol(), citizen.Protocol(), p22.Cycle, p26.Cycle, "Referente dell", "Soggetto che si iscrive (e-mail)")
	if r := hs.post("/admin/a/casarano/dati-personali", url.Values{"chi": {"rssmra85t10a562s"}}, op); r.doc(t).Find("tbody tr").Length() != 1 ||
		!strings.Contains(r.body, citizen.Protocol()) {
		t.Errorf("search by codice fiscale: %d", r.doc(t).Find("tbody tr").Length())
	}
	if r := hs.post("/admin/a/casarano/dati-personali", url.Values{"chi": {"nessuno@example.invalid"}}, op); r.doc(t).Find("tbody tr").Length() != 0 ||
		!strings.Contains(r.body, "Nessuna manifestazione di interesse nomina") {
		t.Errorf("unknown person: %d rows", r.doc(t).Find("tbody tr").Length())
	}
	if r := hs.post("/admin/a/casarano/dati-personali", url.Values{"chi": {"abc"}}, op); r.code != http.StatusBadRequest ||
		!strings.Contains(r.doc(t).Find("#f-chi-error").Text(), "codice fiscale") || r.doc(t).Find("#f-chi").AttrOr("value", "") != "abc" {
		t.Errorf("invalid search: %d", r.code)
	}
	// Staff of another Ambito find nothing of Casarano's.
	if r := hs.post("/admin/a/casarano/dati-personali", url.Values{"chi": {email}}, other); r.code != http.StatusForbidden {
		t.Errorf("another Ambito's operator: %d", r.code)
	}
	if r := hs.post("/admin/a/lecce/dati-personali", url.Values{"chi": {email}}, other); r.doc(t).Find("tbody tr").Length() != 0 {
		t.Errorf("Lecce sees Casarano's registrations")
	}

	// One JSON file with both registrations, their history and e-mails.
	data := hs.post("/admin/a/casarano/dati-personali.json", url.Values{"chi": {email}}, op)
	var out struct {
		Persona    string `json:"persona"`
		Iscrizioni []struct {
			Percorso   string                `json:"percorso"`
			Ruolo      []string              `json:"ruolo_della_persona"`
			Iscrizione struct{ Name string } `json:"manifestazione_di_interesse"`
			Storia     []any                 `json:"storia"`
		} `json:"manifestazioni_di_interesse"`
	}
	if data.code != http.StatusOK || json.Unmarshal([]byte(data.body), &out) != nil || len(out.Iscrizioni) != 2 {
		t.Fatalf("export: %d %s", data.code, data.body[:min(len(data.body), 300)])
	}
	if out.Iscrizioni[0].Percorso != p22.Cycle || out.Iscrizioni[1].Iscrizione.Name != "Persona Due Volte" || len(out.Iscrizioni[1].Storia) == 0 ||
		len(out.Iscrizioni[0].Ruolo) == 0 || !strings.Contains(data.body, org.Name) {
		t.Errorf("export content: %+v", out)
	}
	if r := hs.post("/admin/a/casarano/dati-personali.json", url.Values{"chi": {""}}, op); r.code != http.StatusBadRequest {
		t.Errorf("export without a person: %d", r.code)
	}

	// Once a registration is erased, it names nobody.
	regURL := registrationURL(&pdz.Ambito{Slug: "casarano"}, &p26, citizen.ID)
	if r := hs.post(regURL+"/cancella-dati", url.Values{"conferma": {"1"}}, resp); r.code != http.StatusSeeOther {
		t.Fatalf("erasure: %d", r.code)
	}
	if r := hs.post("/admin/a/casarano/dati-personali", url.Values{"chi": {email}}, resp); r.doc(t).Find("tbody tr").Length() != 1 ||
		strings.Contains(r.body, citizen.Protocol()) {
		t.Errorf("after erasure: %d rows", r.doc(t).Find("tbody tr").Length())
	}
}

// TestPersonErasureInOneAction: the Responsabile erases a person's data
// from every registration that names them in one confirmed action (GDPR
// art. 17); the operator sees the list but cannot erase; a list that
// changed after the search erases nothing.
func TestPersonErasureInOneAction(t *testing.T) {
	hs := newHarness(t, true)
	ctx := context.Background()
	op := hs.user("op@example.org", false, map[string]pdz.Role{"casarano": pdz.RoleOperatore})
	resp := hs.user("resp@example.org", false, map[string]pdz.Role{"casarano": pdz.RoleResponsabile})
	p26 := hs.process("casarano", "pdz-2026-2028")
	person := "persona.due@example.org"
	var regs []pdz.Registration
	for i, cf := range []string{"RSSMRA85T10A562S", "BNCGLI70E41F205L"} {
		tok := security.Token()
		v := url.Values{"token": {tok}, "kind": {"cittadino"}, "channel": {"in_presenza"}, "received_date": {"2026-05-30"}, "received_time": {"9:30"},
			"name": {"Persona " + strconv.Itoa(i)}, "tax_code": {cf}, "comune": {"Ruffano"}, "email": {person},
			"areas": {strconv.FormatInt(p26.Areas[i].ID, 10)}, "privacy": {"1"}, "truthful": {"1"}}
		if r := hs.post("/admin/a/casarano/percorsi/"+strconv.FormatInt(p26.ID, 10)+"/iscrizioni", v, op); r.code != http.StatusSeeOther {
			t.Fatalf("entry %d: %d %s", i, r.code, r.doc(t).Find("#errori").Text())
		}
		regs = append(regs, hs.registrationByToken(tok))
	}
	erased := func() int {
		n := 0
		for _, r := range regs {
			if got, err := hs.st.Registration(ctx, r.AmbitoID, r.ID); err != nil || got.Erased() {
				n++
			}
		}
		return n
	}
	const eraseURL = "/admin/a/casarano/dati-personali/cancella"
	seen := func(r pdz.Registration) string { return strconv.FormatInt(r.ID, 10) + ":" + strconv.Itoa(r.Version) }
	confirmed := url.Values{"chi": {person}, "id": {seen(regs[0]), seen(regs[1])}, "conferma": {"1"}}

	// The operator finds the person but is offered no erasure and cannot erase.
	if r := hs.post("/admin/a/casarano/dati-personali", url.Values{"chi": {person}}, op); r.doc(t).Find(`form[action="`+eraseURL+`"]`).Length() != 0 ||
		r.doc(t).Find("tbody tr").Length() != 2 {
		t.Error("the operator is offered the erasure of a person")
	}
	if r := hs.post(eraseURL, confirmed, op); r.code != http.StatusForbidden || erased() != 0 {
		t.Fatalf("operator's erasure: %d, %d erased", r.code, erased())
	}

	// The Responsabile's form carries the person and the registrations listed.
	page := hs.post("/admin/a/casarano/dati-personali", url.Values{"chi": {person}}, resp).doc(t)
	form := page.Find(`form[action="` + eraseURL + `"]`)
	if form.Length() != 1 || form.Find(`input[name=chi]`).AttrOr("value", "") != person || form.Find(`input[name=id]`).Length() != 2 ||
		!strings.Contains(form.Find("label[for=f-conferma]").Text(), "tutte le 2 manifestazioni") {
		t.Fatalf("erasure form: %d forms", form.Length())
	}
	if got := form.Find(`input[name=id]`).Map(func(_ int, s *goquery.Selection) string { return s.AttrOr("value", "") }); !slices.Equal(got, confirmed["id"]) {
		t.Fatalf("the form carries %v, want the registrations with their versions %v", got, confirmed["id"])
	}
	// Not confirmed: the list again, a message next to the box, nothing erased.
	r := hs.post(eraseURL, url.Values{"chi": {person}, "id": confirmed["id"]}, resp)
	if r.code != http.StatusBadRequest || r.doc(t).Find("#f-conferma-error").Length() != 1 || r.doc(t).Find("tbody tr").Length() != 2 || erased() != 0 {
		t.Fatalf("unconfirmed: %d, %d erased", r.code, erased())
	}
	// The registrations naming the person changed after the search.
	if r := hs.post(eraseURL, url.Values{"chi": {person}, "id": {seen(regs[0])}, "conferma": {"1"}}, resp); r.code != http.StatusConflict ||
		!strings.Contains(r.doc(t).Find("#errori").Text(), "cambiate dopo la ricerca") || erased() != 0 {
		t.Fatalf("stale list: %d, %d erased", r.code, erased())
	}
	if r := hs.post(eraseURL, url.Values{"chi": {""}, "conferma": {"1"}}, resp); r.code != http.StatusBadRequest || erased() != 0 {
		t.Fatalf("no person: %d", r.code)
	}

	r = hs.post(eraseURL, confirmed, resp)
	if r.code != http.StatusSeeOther || r.hdr.Get("Location") != "/admin/a/casarano/dati-personali" || erased() != 2 {
		t.Fatalf("erasure: %d %s, %d erased", r.code, r.hdr.Get("Location"), erased())
	}
	mustContain(t, "flash", flashOf(t, r), "Dati personali cancellati delle 2 manifestazioni di interesse", regs[0].Protocol(), regs[1].Protocol())
	for _, reg := range regs {
		got, _ := hs.st.Registration(ctx, reg.AmbitoID, reg.ID)
		if got.Name != pdz.ErasedName || got.Email != "" || got.TaxCode != "" || got.Protocol() != reg.Protocol() {
			t.Errorf("%s after erasure: %+v", reg.Protocol(), got)
		}
	}
	if r := hs.post("/admin/a/casarano/dati-personali", url.Values{"chi": {person}}, resp); r.doc(t).Find("tbody tr").Length() != 0 {
		t.Error("the person is still found after the erasure")
	}
	a, _ := hs.st.AmbitoBySlug(ctx, "casarano")
	es, _ := hs.st.Audit(ctx, a.ID, pdz.AuditFilter{Entity: "registration", Limit: 200})
	audited := 0
	for _, e := range es {
		if e.Action == "erase" && e.Email == "resp@example.org" {
			audited++
		}
	}
	if audited != 2 {
		t.Errorf("%d erasures audited, want 2", audited)
	}
}

// TestJoinFormTrapsAutomaticSubmissions: the public form carries a field
// that people leave empty and programs fill in; a form with it filled in
// saves nothing, takes no protocol number and says why next to the field,
// keeping what was typed.
func TestJoinFormTrapsAutomaticSubmissions(t *testing.T) {
	hs := newHarness(t, true)
	page := hs.get(join2026+"?tipo=organizzazione", nil).doc(t)
	trap := page.Find("form input[name=sito_web]")
	if trap.Length() != 1 || trap.AttrOr("tabindex", "") != "-1" || !trap.Parent().HasClass("visually-hidden") ||
		page.Find("label[for=f-sito_web]").Length() != 1 {
		t.Fatal("the public form has no hidden, labelled trap field out of the tab order")
	}
	token := security.Token()
	bot := orgForm(hs, token)
	bot.Set("sito_web", "https://spam.example")
	r := hs.post(join2026, bot, nil)
	d := r.doc(t)
	if r.code != http.StatusBadRequest || !strings.Contains(d.Find("#f-sito_web-error").Text(), "Lascia vuoto") ||
		d.Find("#f-sito_web").Parent().HasClass("visually-hidden") || d.Find("#f-name").AttrOr("value", "") != bot.Get("name") {
		t.Fatalf("trap filled in: %d", r.code)
	}
	a, _ := hs.st.AmbitoBySlug(context.Background(), "casarano")
	if _, err := hs.st.RegistrationBySubmission(context.Background(), a.ID, security.HashToken(token)); pdz.ErrorCode(err) != pdz.ENOTFOUND {
		t.Fatalf("a trapped form was saved: %v", err)
	}
	// The person empties the field and sends again: the next number, no gap.
	if r := hs.post(join2026, orgForm(hs, token), nil); r.code != http.StatusSeeOther {
		t.Fatalf("resubmit: %d", r.code)
	}
	if reg := hs.registrationByToken(token); reg.Protocol() != "2026/000016" {
		t.Fatalf("protocol %s after a trapped form, want 2026/000016", reg.Protocol())
	}
	// The Ufficio di Piano's form has no trap.
	op := hs.user("op@example.org", false, map[string]pdz.Role{"casarano": pdz.RoleOperatore})
	p := hs.process("casarano", "pdz-2026-2028")
	if n := hs.get("/admin/a/casarano/percorsi/"+strconv.FormatInt(p.ID, 10)+"/iscrizioni/nuova?tipo=organizzazione", op).doc(t).Find("input[name=sito_web]").Length(); n != 0 {
		t.Error("the back-office form has the trap field")
	}
}

// TestPublicFormsLimitPerAddress: beyond Config.PublicFormLimit forms in
// ten minutes from one address, the registration form and the request for
// a new link answer 429 keeping what was typed and save nothing; other
// addresses are not affected, and the address may send again once the
// window has passed.
func TestPublicFormsLimitPerAddress(t *testing.T) {
	hs := newHarness(t, true)
	srv, err := New(hs.st, Config{BaseURL: "https://pdz.example.it", Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Now: func() time.Time { return hs.clock }, Version: "test", PublicFormLimit: 3})
	if err != nil {
		t.Fatal(err)
	}
	hs.h = srv.Handler()
	from := func(ip string, path string, form url.Values) resp {
		req := httptest.NewRequest("POST", path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.RemoteAddr = ip + ":40000"
		rec := httptest.NewRecorder()
		hs.h.ServeHTTP(rec, req)
		return resp{rec.Code, rec.Header(), rec.Body.String()}
	}
	newLink := url.Values{"email": {"prova@example.org"}}
	for i, r := range []resp{
		from("192.0.2.10", join2026, orgForm(hs, security.Token())),
		from("192.0.2.10", join2026+"/nuovo-link", newLink),
		from("192.0.2.10", join2026, url.Values{"kind": {"cittadino"}, "token": {security.Token()}}), // invalid: counts too
	} {
		if r.code == http.StatusTooManyRequests {
			t.Fatalf("submission %d refused under the limit", i+1)
		}
	}
	token := security.Token()
	r := from("192.0.2.10", join2026, orgForm(hs, token))
	d := r.doc(t)
	if r.code != http.StatusTooManyRequests || r.hdr.Get("Retry-After") == "" || !strings.Contains(d.Find("#errori").Text()+r.body, "Troppi moduli inviati") ||
		d.Find("#f-name").AttrOr("value", "") != orgForm(hs, token).Get("name") {
		t.Fatalf("over the limit: %d", r.code)
	}
	a, _ := hs.st.AmbitoBySlug(context.Background(), "casarano")
	if _, err := hs.st.RegistrationBySubmission(context.Background(), a.ID, security.HashToken(token)); pdz.ErrorCode(err) != pdz.ENOTFOUND {
		t.Fatalf("a refused form was saved: %v", err)
	}
	if r := from("192.0.2.10", join2026+"/nuovo-link", newLink); r.code != http.StatusTooManyRequests || r.doc(t).Find("#f-email").AttrOr("value", "") != "prova@example.org" {
		t.Errorf("new link over the limit: %d", r.code)
	}
	if r := from("198.51.100.7", join2026, url.Values{"kind": {"cittadino"}, "token": {security.Token()}}); r.code != http.StatusBadRequest {
		t.Errorf("another address: %d, want the form's own 400", r.code)
	}
	hs.clock = hs.clock.Add(publicFormWindow + time.Minute)
	again := orgForm(hs, token)
	again.Set("tax_code", "06363391001") // another organisation than the first
	if r := from("192.0.2.10", join2026, again); r.code != http.StatusSeeOther {
		t.Errorf("after the window: %d %s", r.code, r.doc(t).Find("#errori").Text())
	}
}

// TestPDFCheckSkipsOnlyItself: without poppler, a test's PDF check skips
// alone and the test goes on with its other checks (e-mails, pages, API).
func TestPDFCheckSkipsOnlyItself(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	t.Setenv("PDZ_REQUIRE_TOOLS", "")
	went := false
	t.Run("a test with a PDF check", func(t *testing.T) {
		pdfContains(t, "document", testPDF, "anything")
		went = true
	})
	if !went {
		t.Fatal("without pdftotext the test stopped at its PDF check: the checks after it did not run")
	}
}
