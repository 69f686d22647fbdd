package web

import (
	"encoding/base64"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/pdz-ats/pdz/internal/pdz"
)

// A form with mistakes comes back with what was typed, a message next to
// each wrong field and nothing saved.
func TestMeetingFormKeepsInputAndExplains(t *testing.T) {
	hs := newHarness(t, true)
	c := hs.user("op@example.org", false, map[string]pdz.Role{"casarano": pdz.RoleOperatore})
	p := hs.process("casarano", "pdz-2026-2028")
	base := "/admin/a/casarano/percorsi/" + strconv.FormatInt(p.ID, 10) + "/incontri"
	cases := []struct {
		name  string
		form  url.Values
		field string
		msg   string
	}{
		{"bad date", url.Values{"kind": {"tavolo"}, "title": {"Tavolo extra <b>"}, "date": {"31/02/2026"}}, "date", "Data non valida"},
		{"end before start", url.Values{"kind": {"tavolo"}, "title": {"Tavolo extra <b>"}, "date": {"2026-06-30"}, "start_time": {"11:00"}, "end_time": {"9:00"}}, "end_time", "L'ora di fine deve essere successiva"},
		{"before the deadline", url.Values{"kind": {"tavolo"}, "title": {"Tavolo extra <b>"}, "date": {"2026-06-10"}, "start_time": {"9:00"}}, "date", "non può precedere la scadenza delle iscrizioni"},
		{"no kind", url.Values{"title": {"Tavolo extra <b>"}, "date": {"2026-06-30"}}, "kind", "Scegli il tipo di incontro"},
		{"bad time", url.Values{"kind": {"tavolo"}, "title": {"Tavolo extra <b>"}, "date": {"2026-06-30"}, "start_time": {"25:00"}}, "start_time", "Orario non valido"},
	}
	for _, tc := range cases {
		r := hs.post(base, tc.form, c)
		if r.code != http.StatusBadRequest {
			t.Errorf("%s: %d", tc.name, r.code)
			continue
		}
		d := r.doc(t)
		if msg := d.Find("#f-" + tc.field + "-error").Text(); !strings.Contains(msg, tc.msg) {
			t.Errorf("%s: message next to %s is %q", tc.name, tc.field, msg)
		}
		if v, _ := d.Find("#f-title").Attr("value"); v != "Tavolo extra <b>" {
			t.Errorf("%s: typed title lost: %q", tc.name, v)
		}
		if d.Find("#errori a[href='#f-"+tc.field+"']").Length() != 1 {
			t.Errorf("%s: the error summary does not link to the field", tc.name)
		}
	}
	if got := hs.process("casarano", "pdz-2026-2028"); len(got.Meetings) != len(p.Meetings) {
		t.Fatal("an invalid meeting was saved")
	}
	// A valid meeting in the same room and hour as a table saves with a warning.
	r := hs.post(base, url.Values{"kind": {"focus_group"}, "title": {"Gruppo"}, "date": {"2026-06-22"}, "start_time": {"9:00"}, "end_time": {"10:00"},
		"venue_name": {`Sala "Falcone Borsellino" presso la sede dell'ATS`}, "venue_address": {"Viale Stazione nr.44 – 73042"}}, c)
	if r.code != http.StatusSeeOther {
		t.Fatalf("valid meeting: %d", r.code)
	}
	mustContain(t, "warning", flashOf(t, r), "Attenzione: nello stesso luogo e nello stesso orario è previsto anche «Tavolo 1")
}

func TestProcessFormDeadlineRules(t *testing.T) {
	hs := newHarness(t, true)
	c := hs.user("op@example.org", false, map[string]pdz.Role{"casarano": pdz.RoleOperatore})
	p := hs.process("casarano", "pdz-2026-2028")
	path := "/admin/a/casarano/percorsi/" + strconv.FormatInt(p.ID, 10) + "/modifica"
	v := processValues(&p)
	v.Set("deadline_date", "2026-06-25")
	r := hs.post(path, v, c)
	if r.code != http.StatusBadRequest {
		t.Fatalf("deadline after the tables: %d", r.code)
	}
	// The message sits next to the deadline's date field and the summary links to it.
	d := r.doc(t)
	if !strings.Contains(d.Find("#f-deadline_date-error").Text(), "deve precedere gli incontri aperti agli iscritti") {
		t.Errorf("no message next to the deadline: %q", d.Find("#errori").Text())
	}
	if d.Find("#errori a[href='#f-deadline_date']").Length() != 1 {
		t.Error("the error summary does not link to the deadline field")
	}
	v = processValues(&p)
	v.Set("deadline_time", "")
	r = hs.post(path, v, c)
	if r.code != http.StatusBadRequest || !strings.Contains(r.body, "Indica l&#39;ora della scadenza") {
		t.Fatalf("deadline without an hour: %d", r.code)
	}
	v = processValues(&p)
	v.Set("title", "")
	v.Set("registration_email", "non-una-mail")
	r = hs.post(path, v, c)
	d = r.doc(t)
	if d.Find("#f-title-error").Length() != 1 || d.Find("#f-registration_email-error").Length() != 1 {
		t.Fatal("both mistakes must be shown at once")
	}
	if got := hs.process("casarano", "pdz-2026-2028"); got.Title != p.Title {
		t.Fatal("an invalid form changed the process")
	}
}

func TestOperatorCannotPublishButResponsabileCan(t *testing.T) {
	hs := newHarness(t, true)
	op := hs.user("op@example.org", false, map[string]pdz.Role{"casarano": pdz.RoleOperatore})
	resp := hs.user("resp@example.org", false, map[string]pdz.Role{"casarano": pdz.RoleResponsabile})
	r := hs.post("/admin/a/casarano/percorsi", url.Values{"title": {"Avviso"}, "cycle": {"Piano Sociale di Zona 2029-2031"}}, op)
	if r.code != http.StatusSeeOther {
		t.Fatalf("create: %d %s", r.code, r.body)
	}
	loc := r.hdr.Get("Location")
	if r := hs.post(loc+"/pubblica", nil, op); r.code != http.StatusForbidden {
		t.Errorf("operator publishes: %d", r.code)
	}
	if r := hs.get("/ambiti/casarano/percorsi/piano-sociale-di-zona-2029-2031", nil); r.code != http.StatusNotFound {
		t.Errorf("draft visible: %d", r.code)
	}
	if r := hs.post(loc+"/pubblica", nil, resp); r.code != http.StatusSeeOther {
		t.Errorf("responsabile publishes: %d", r.code)
	}
	if r := hs.get("/ambiti/casarano/percorsi/piano-sociale-di-zona-2029-2031", nil); r.code != http.StatusOK {
		t.Errorf("published not visible: %d", r.code)
	}
	// A published process stays on record; a draft is deleted only with the confirmation box.
	if r := hs.post(loc+"/elimina", url.Values{"conferma": {"1"}}, resp); r.code != http.StatusConflict || !strings.Contains(r.body, "resta agli atti") {
		t.Errorf("delete a published process: %d", r.code)
	}
	r = hs.post("/admin/a/casarano/percorsi", url.Values{"title": {"Avviso"}, "cycle": {"Bozza da eliminare"}}, op)
	draft := r.hdr.Get("Location")
	if r := hs.post(draft+"/elimina", url.Values{}, resp); r.code != http.StatusBadRequest || !strings.Contains(r.body, "Spunta la casella") {
		t.Errorf("delete without confirmation: %d", r.code)
	}
	if r := hs.post(draft+"/elimina", url.Values{"conferma": {"1"}}, resp); r.code != http.StatusSeeOther {
		t.Errorf("delete a draft: %d", r.code)
	}
	if r := hs.get(draft, resp); r.code != http.StatusNotFound {
		t.Errorf("deleted draft: %d", r.code)
	}
}

func TestAdminManagesAmbitiAndUsers(t *testing.T) {
	hs := newHarness(t, false)
	admin := hs.user("admin@example.org", true, nil)
	r := hs.post("/admin/ambiti", url.Values{"name": {"Ambito di Prova"}, "slug": {"Prova Con Spazi"}}, admin)
	if r.code != http.StatusBadRequest || !strings.Contains(r.body, "Usa solo lettere minuscole") || !strings.Contains(r.body, `value="Ambito di Prova"`) {
		t.Fatalf("bad slug: %d", r.code)
	}
	r = hs.post("/admin/ambiti", url.Values{"name": {"Ambito di Prova"}, "slug": {"prova"}, "email": {"udp@prova.it"}}, admin)
	if r.code != http.StatusSeeOther || r.hdr.Get("Location") != "/admin/a/prova" {
		t.Fatalf("create ambito: %d %s", r.code, r.hdr.Get("Location"))
	}
	r = hs.post("/admin/a/prova/comuni", url.Values{"name": {"Prova"}, "istat_code": {"12345"}}, admin)
	if r.code != http.StatusBadRequest || !strings.Contains(r.body, "6 cifre") {
		t.Fatalf("bad ISTAT code: %d", r.code)
	}
	if r := hs.post("/admin/a/prova/comuni", url.Values{"name": {"Prova"}, "istat_code": {"075999"}, "population": {"1.234"}, "population_date": {"31/12/2025"}}, admin); r.code != http.StatusSeeOther {
		t.Fatalf("comune: %d %s", r.code, r.body)
	}
	r = hs.post("/admin/utenti", url.Values{"name": {"Mario Bianchi"}, "email": {"mario@prova.it"}, "password": {"breve"}}, admin)
	if r.code != http.StatusBadRequest || strings.Contains(r.body, "breve") {
		t.Fatalf("short password: %d", r.code)
	}
	r = hs.post("/admin/utenti", url.Values{"name": {"Mario Bianchi"}, "email": {"mario@prova.it"}, "password": {"una password lunga"}}, admin)
	if r.code != http.StatusSeeOther {
		t.Fatalf("create user: %d", r.code)
	}
	userURL := r.hdr.Get("Location")
	a, _ := hs.st.AmbitoBySlug(t.Context(), "prova")
	if r := hs.post(userURL+"/ruoli", url.Values{"ambito_id": {strconv.FormatInt(a.ID, 10)}, "role": {"responsabile"}}, admin); r.code != http.StatusSeeOther {
		t.Fatalf("role: %d", r.code)
	}
	if r := hs.post(userURL+"/ruoli", url.Values{"ambito_id": {"99999"}, "role": {"responsabile"}}, admin); r.code != http.StatusBadRequest || !strings.Contains(r.body, "Scegli un Ambito") {
		t.Fatalf("role in a missing Ambito: %d", r.code)
	}
	u, _ := hs.st.UserByEmail(t.Context(), "mario@prova.it")
	if u.RoleIn(a.ID) != pdz.RoleResponsabile {
		t.Fatalf("role not saved: %+v", u.Memberships)
	}
}

// flashOf returns the message a redirect carries to the next page.
func flashOf(t *testing.T, r resp) string {
	t.Helper()
	for _, c := range (&http.Response{Header: r.hdr}).Cookies() {
		if c.Name == flashCookie {
			b, err := base64.RawURLEncoding.DecodeString(c.Value)
			if err != nil {
				t.Fatal(err)
			}
			return string(b)
		}
	}
	return ""
}
