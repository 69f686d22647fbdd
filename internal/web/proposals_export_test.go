package web

import (
	"context"
	"encoding/csv"
	"net/http"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/pdz-ats/pdz/internal/pdz"
)

// TestProposalsExportListsEveryProposal: the back office's proposals
// export lists every proposal of the process, whatever its origin and
// state — from the registrations, raised at tables, merged (and the
// merge), split (and its parts), withdrawn, deleted, and the proposal of a
// registration found not admissible — with its number, state, origin and
// authors; figures not given are blank cells, not 0; the total is the
// prospetto di sintesi's. CSV read as it is; XLSX and ODS opened with
// LibreOffice.
func TestProposalsExportListsEveryProposal(t *testing.T) {
	hs := newHarness(t, true)
	ctx := context.Background()
	resp := hs.user("resp@example.org", false, map[string]pdz.Role{"casarano": pdz.RoleResponsabile})
	p := hs.process("casarano", "pdz-2022-2024")
	actor := pdz.Actor{Email: "resp@example.org"}
	xs, err := hs.st.Propostas(ctx, p.AmbitoID, p.ID, pdz.ProposalFilter{WithDeleted: true})
	if err != nil {
		t.Fatal(err)
	}
	// The demo's proposals plus two: one raised at a table without cost or
	// beneficiaries, and the registration of an accepted proposal found not
	// admissible.
	var rejected, raiser int64
	for _, x := range xs {
		if x.Origin == pdz.OriginRegistration && x.Status == pdz.PropAccepted && rejected == 0 {
			rejected = x.RegistrationID
		}
	}
	for _, x := range xs {
		if x.Origin == pdz.OriginTable && x.RegistrationID != rejected && raiser == 0 {
			raiser = x.RegistrationID
		}
	}
	free := pdz.Proposta{ProcessID: p.ID, RegistrationID: raiser, MeetingID: p.Meetings[0].ID,
		Proposal: pdz.Proposal{AreaID: p.Areas[0].ID, Title: "Sportello di ascolto a cura dei volontari", Need: "Solitudine", Description: "Un pomeriggio a settimana."}}
	if err := hs.st.CreateTableProposal(ctx, actor, p.AmbitoID, &free); err != nil {
		t.Fatal(err)
	}
	if err := hs.st.SetRegistrationStatus(ctx, actor, p.AmbitoID, rejected, pdz.RegRejected, "Manca la firma del legale rappresentante.", nil); err != nil {
		t.Fatal(err)
	}
	// And a proposal with a cost withdrawn: listed, not in the total.
	gone := withdrawCostlyProposal(t, hs, p)
	xs, err = hs.st.Propostas(ctx, p.AmbitoID, p.ID, pdz.ProposalFilter{WithDeleted: true})
	if err != nil {
		t.Fatal(err)
	}

	// Every proposal of the process, as the database has them.
	rows, err := hs.st.DB().R.QueryContext(ctx, `SELECT id FROM proposals WHERE ambito_id = $1 AND process_id = $2`, p.AmbitoID, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	var all []string
	for rows.Next() {
		var id int64
		rows.Scan(&id)
		all = append(all, strconv.FormatInt(id, 10))
	}
	rows.Close()
	if len(all) != len(xs) {
		t.Fatalf("%d proposals read, %d in the database", len(xs), len(all))
	}

	// The expected rows, from the proposals' data. A cell is its text in
	// the CSV (money with a decimal comma) and, for LibreOffice, its raw
	// value.
	type cell struct{ csv, raw string }
	text := func(s string) cell { return cell{s, s} }
	money := func(c int64) cell {
		return cell{strconv.FormatInt(c/100, 10) + "," + strconv.FormatInt(c%100/10, 10) + strconv.FormatInt(c%10, 10),
			strings.TrimSuffix(strings.TrimRight(strconv.FormatInt(c/100, 10)+"."+strconv.FormatInt(c%100/10, 10)+strconv.FormatInt(c%10, 10), "0"), ".")}
	}
	byID := map[int64]*pdz.Proposta{}
	for i := range xs {
		byID[xs[i].ID] = &xs[i]
	}
	nums := func(ls []pdz.ProposalLink) string {
		var out []string
		for _, l := range ls {
			out = append(out, "n. "+strconv.FormatInt(l.ID, 10))
		}
		if len(out) > 1 {
			return strings.Join(out[:len(out)-1], ", ") + " e " + out[len(out)-1]
		}
		return strings.Join(out, "")
	}
	want := [][]cell{{text("N."), text("Area tematica"), text("Stato"), text("Nel prospetto di sintesi"), text("Origine"), text("Titolo"),
		text("Bisogno a cui risponde"), text("Descrizione"), text("Destinatari"), text("N. stimato di destinatari"), text("Comuni interessati"),
		text("Costo stimato"), text("Possibili partner"), text("Proponenti"), text("Risposta dell'Ufficio di Piano")}}
	areaPos := map[int64]int{}
	for i, ar := range p.Areas {
		areaPos[ar.ID] = i
	}
	ordered := slices.Clone(xs)
	slices.SortStableFunc(ordered, func(a, b pdz.Proposta) int {
		if areaPos[a.AreaID] != areaPos[b.AreaID] {
			return areaPos[a.AreaID] - areaPos[b.AreaID]
		}
		return int(a.ID - b.ID)
	})
	states, origins := map[string]bool{}, map[pdz.ProposalOrigin]bool{}
	var inProspetto int
	var total int64
	for _, x := range ordered {
		origins[x.Origin] = true
		holds := x.Origin != pdz.OriginRegistration || x.RegStatus == pdz.RegReceived || x.RegStatus == pdz.RegAccepted
		counted := holds && !x.Deleted() && x.Status != pdz.PropMerged && x.Status != pdz.PropSplit && x.Status != pdz.PropWithdrawn
		state := map[pdz.ProposalStatus]string{pdz.PropReceived: "Ricevuta", pdz.PropEvaluating: "In valutazione", pdz.PropAccepted: "Accolta",
			pdz.PropPartly: "Accolta in parte", pdz.PropRejected: "Non accolta", pdz.PropWithdrawn: "Ritirata"}[x.Status]
		states[string(x.Status)] = true
		switch {
		case x.Deleted():
			state = "Eliminata: " + x.DeletedReason
			states["eliminata"] = true
		case x.Status == pdz.PropMerged:
			state = "Accorpata nella " + nums(x.Into)
		case x.Status == pdz.PropSplit:
			state = "Scomposta nelle " + nums(x.Into)
		case !holds:
			state += " – iscrizione non ammissibile"
			states["iscrizione non ammissibile"] = true
		}
		origin := map[pdz.ProposalOrigin]string{pdz.OriginRegistration: "Presentata con la manifestazione di interesse",
			pdz.OriginTable: "Presentata al tavolo: " + x.MeetingName, pdz.OriginMerge: "Accorpamento di più proposte (" + nums(x.From) + ")",
			pdz.OriginSplit: "Parte di una proposta scomposta (" + nums(x.From) + ")"}[x.Origin]
		var authors []string
		for _, a := range x.Authors {
			authors = append(authors, a.Protocol+" "+a.Who.StaffName()+" ("+a.Who.StaffTypeLabel()+")")
		}
		yes, beneficiaries, cost, answer := text("no"), text(""), text(""), text("")
		if counted {
			yes = text("sì")
			inProspetto++
			total += x.CostCents
		}
		if x.Beneficiaries != 0 {
			beneficiaries = text(strconv.FormatInt(x.Beneficiaries, 10))
		}
		if x.CostCents != 0 {
			cost = money(x.CostCents)
		}
		if x.Answer != nil {
			answer = text(x.Answer.Text)
		}
		want = append(want, []cell{text(strconv.FormatInt(x.ID, 10)), text(x.AreaName), text(state), yes, text(origin), text(x.Title), text(x.Need),
			text(x.Description), text(x.Target), beneficiaries, text(strings.Join(x.Comuni, ", ")), cost, text(x.Partners),
			text(strings.Join(authors, "; ")), answer})
	}
	want = append(want, []cell{text(""), text("Totale del prospetto di sintesi"), text(strconv.Itoa(inProspetto) + " proposte su " + strconv.Itoa(len(xs))),
		text(""), text(""), text(""), text(""), text(""), text(""), text(""), text(""), money(total)})
	for _, s := range []string{"ricevuta", "in_valutazione", "accolta", "accolta_in_parte", "non_accolta", "ritirata", "accorpata", "scomposta",
		"eliminata", "iscrizione non ammissibile"} {
		if !states[s] {
			t.Errorf("no proposal in state %q: the test does not cover it", s)
		}
	}
	if x := byID[gone.ID]; x == nil || x.Status != pdz.PropWithdrawn || x.CostCents == 0 {
		t.Errorf("the withdrawn proposal n. %d is not in the export's data as withdrawn with a cost", gone.ID)
	}
	if len(origins) != 4 {
		t.Errorf("origins covered: %v, want all four", origins)
	}

	// The prospetto's figure, from its public page.
	page := hs.get("/ambiti/casarano/percorsi/pdz-2022-2024/prospetto", nil)
	m := regexp.MustCompile(`(\d+) proposte, per un costo stimato complessivo di €[\s\x{a0}]*([\d.]+),(\d\d)`).FindStringSubmatch(page.body)
	if m == nil {
		t.Fatalf("prospetto: no total in %.300s", page.body)
	}
	euros, _ := strconv.ParseInt(strings.ReplaceAll(m[2], ".", ""), 10, 64)
	cents, _ := strconv.ParseInt(m[3], 10, 64)
	if n, _ := strconv.Atoi(m[1]); n != inProspetto || euros*100+cents != total {
		t.Fatalf("prospetto: %s proposals, € %s,%s; the test counts %d, %d cents", m[1], m[2], m[3], inProspetto, total)
	}

	compare := func(format string, got [][]string, raw bool) {
		t.Helper()
		if len(got) != len(want) {
			t.Errorf("%s: %d rows, want %d", format, len(got), len(want))
		}
		for i := range min(len(got), len(want)) {
			for j, w := range want[i] {
				g, v := "", w.csv
				if j < len(got[i]) {
					g = got[i][j]
				}
				if raw {
					v = w.raw
				}
				if g != v {
					t.Errorf("%s: row %d column %d (%s) = %q, want %q", format, i+1, j+1, want[0][j].csv, g, v)
				}
			}
		}
		var ids []string
		for _, row := range got[1 : len(got)-1] {
			ids = append(ids, row[0])
		}
		if !slices.Equal(slices.Sorted(slices.Values(ids)), slices.Sorted(slices.Values(all))) {
			t.Errorf("%s lists proposals %v, the process has %v", format, ids, all)
		}
	}
	base := "/admin/a/casarano/percorsi/" + strconv.FormatInt(p.ID, 10) + "/esportazioni/proposte."
	r := hs.get(base+"csv", resp)
	if r.code != http.StatusOK {
		t.Fatalf("CSV: %d", r.code)
	}
	cr := csv.NewReader(strings.NewReader(strings.TrimPrefix(r.body, "\ufeff")))
	cr.Comma, cr.FieldsPerRecord = ';', -1
	got, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	compare("CSV", got, false)

	t.Run("XLSX and ODS in LibreOffice", func(t *testing.T) {
		out := sheetsAsCSV(t, hs, base, "proposte", resp)
		for _, ext := range []string{"xlsx", "ods"} {
			compare(ext, readCSV(t, filepath.Join(out, "proposte-"+ext+"-Proposte.csv")), true)
		}
	})
}
