package bench

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pdz-ats/pdz/internal/database"
	"github.com/pdz-ats/pdz/internal/locale"
	"github.com/pdz-ats/pdz/internal/pdz"
	"github.com/pdz-ats/pdz/internal/security"
	"github.com/pdz-ats/pdz/internal/store"
)

// openProcess prepares, in the database at dsn, an Ambito with a published
// process open to registrations (deadline tomorrow) and three areas. It
// returns the public path of the form and the ids of the areas.
func openProcess(t testing.TB, dsn string) (ambitoID int64, formPath string, areas []int64) {
	t.Helper()
	ctx := context.Background()
	db, err := database.Open(dsn, database.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	st := store.New(db, nil)
	a := pdz.Ambito{Slug: "prova", Name: "Ambito Territoriale Sociale di Prova", Email: "udp@prova.example.org"}
	if err := st.CreateAmbito(ctx, pdz.SystemActor, &a); err != nil {
		t.Fatal(err)
	}
	p := pdz.Process{AmbitoID: a.ID, Title: "Avviso", Cycle: "Piano Sociale di Zona 2026-2028", Deadline: time.Now().Add(24 * time.Hour)}
	if err := st.CreateProcess(ctx, pdz.SystemActor, &p); err != nil {
		t.Fatal(err)
	}
	for i, title := range []string{"L'integrazione delle politiche di welfare", "Le politiche familiari", "L'invecchiamento attivo"} {
		ar := pdz.Area{ProcessID: p.ID, Code: strconv.Itoa(i + 1), Title: title}
		if err := st.SaveArea(ctx, pdz.SystemActor, a.ID, &ar); err != nil {
			t.Fatal(err)
		}
		areas = append(areas, ar.ID)
	}
	if err := st.SetProcessStatus(ctx, pdz.SystemActor, a.ID, p.ID, pdz.StatusPublished); err != nil {
		t.Fatal(err)
	}
	return a.ID, "/ambiti/prova/percorsi/" + p.Slug + "/adesione", areas
}

// orgCode is the n-th fictitious 11-digit codice fiscale.
func orgCode(n int) string {
	s := fmt.Sprintf("9%06d000", n)
	return s + strconv.Itoa(pdz.PartitaIVACheckDigit(s))
}

// submissionForm is the form of organisation n, as a browser sends it.
func submissionForm(n int, token string, areas []int64) url.Values {
	a1, a2 := strconv.FormatInt(areas[n%len(areas)], 10), strconv.FormatInt(areas[(n+1)%len(areas)], 10)
	return url.Values{"token": {token}, "kind": {"organizzazione"}, "name": {"Associazione di prova n. " + strconv.Itoa(n)},
		"org_type": {"odv"}, "tax_code": {orgCode(n)}, "address": {"Via Roma " + strconv.Itoa(n)}, "comune": {"Casarano"},
		"email": {fmt.Sprintf("associazione%d@example.org", n)}, "phone": {"0833 000000"}, "manages_services": {"no"}, "publish_name": {"1"},
		"declarant_name": {"Persona di prova"}, "declarant_role": {"Presidente"}, "contact_name": {"Persona di prova"},
		"contact_email": {fmt.Sprintf("referente%d@example.org", n)}, "areas": {a1, a2},
		"prop1_area": {a1}, "prop1_title": {"Proposta di prova"}, "prop1_need": {"Un bisogno del territorio"},
		"prop1_description": {strings.Repeat("Descrizione della proposta di intervento. ", 20)}, "prop1_cost": {"12.500,00"},
		"privacy": {"1"}, "truthful": {"1"}}
}

// newToken is a submission token like the one the form carries.
func newToken() string { return security.Token() }

// submit sends a registration form; it reports whether the server
// acknowledged it (303 to the receipt) and how long it took.
func submit(client *http.Client, base, formPath string, form url.Values) (bool, time.Duration, error) {
	t0 := time.Now()
	req, err := http.NewRequest("POST", base+formPath, strings.NewReader(form.Encode()))
	if err != nil {
		return false, 0, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res, err := client.Do(req)
	if err != nil {
		return false, time.Since(t0), err
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	d := time.Since(t0)
	if res.StatusCode != http.StatusSeeOther || !strings.HasSuffix(res.Header.Get("Location"), "/"+form.Get("token")) {
		return false, d, fmt.Errorf("status %d, location %q", res.StatusCode, res.Header.Get("Location"))
	}
	return true, d, nil
}

// healthy reports whether the server at base answers its health check.
func healthy(base string) (bool, error) {
	res, err := http.Get(base + "/healthz")
	if err != nil {
		return false, err
	}
	res.Body.Close()
	return res.StatusCode == http.StatusOK, nil
}

// noRedirect is a client that returns the 303 of a submission.
func noRedirect(conns int) *http.Client {
	tr := &http.Transport{MaxIdleConnsPerHost: conns, MaxConnsPerHost: conns, DisableCompression: true}
	return &http.Client{Transport: tr, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// registrationCheck verifies, in the database, that every token has its
// registration with a protocol number, and that the Ambito's numbers of the
// year are 1..n. It returns the protocol numbers and the ids.
func registrationCheck(t testing.TB, dsn string, ambitoID int64, tokens []string) []int64 {
	t.Helper()
	ctx := context.Background()
	db, err := database.Open(dsn, database.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	st := store.New(db, nil)
	for _, tok := range tokens {
		r, err := st.RegistrationBySubmission(ctx, ambitoID, security.HashToken(tok))
		if err != nil {
			t.Errorf("an acknowledged submission is missing: %v", err)
			continue
		}
		if r.ProtocolNumber == 0 {
			t.Errorf("registration %d has no protocol number", r.ID)
		}
	}
	nums, err := st.ProtocolNumbers(ctx, ambitoID, time.Now().In(locale.Rome).Year())
	if err != nil {
		t.Fatal(err)
	}
	for i, n := range nums {
		if n != int64(i+1) {
			t.Fatalf("protocol numbers are not 1..%d without gaps or repeats: position %d holds %d", len(nums), i+1, n)
		}
	}
	return nums
}
