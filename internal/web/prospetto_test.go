package web

import (
	"encoding/json"
	"html"
	"net/http"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/pdz-ats/pdz/internal/pdz"
)

// withdrawCostlyProposal withdraws, at its proponent's request, a proposal
// of p with an estimated cost that the prospetto counts, and returns it as
// it was.
func withdrawCostlyProposal(t *testing.T, hs *harness, p pdz.Process) pdz.Proposta {
	t.Helper()
	xs, err := hs.st.Propostas(t.Context(), p.AmbitoID, p.ID, pdz.ProposalFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range xs {
		if x.CostCents > 0 && x.Status != pdz.PropWithdrawn && x.Status != pdz.PropMerged && x.Status != pdz.PropSplit &&
			(x.Origin != pdz.OriginRegistration || x.RegStatus == pdz.RegReceived || x.RegStatus == pdz.RegAccepted) {
			if err := hs.st.WithdrawProposal(t.Context(), pdz.Actor{Email: "resp@example.org"}, p.AmbitoID, p.ID, x.ID, 0,
				"L'associazione non ha più i volontari per realizzarla.", nil); err != nil {
				t.Fatal(err)
			}
			hs.clock = hs.clock.Add(hs.srv.cfg.PageCacheTTL * 2) // past the page cache
			return x
		}
	}
	t.Fatal("no proposal with a cost to withdraw")
	return pdz.Proposta{}
}

// rawMoney is a sum of cents as LibreOffice writes the raw value of a
// cell: 1234.5 for € 1.234,50, 1200 for € 1.200,00.
func rawMoney(c int64) string {
	return strings.TrimSuffix(strings.TrimRight(strconv.FormatInt(c/100, 10)+"."+strconv.FormatInt(c%100/10, 10)+strconv.FormatInt(c%10, 10), "0"), ".")
}

// TestProspettoAgreesEverywhere: the prospetto di sintesi counts the
// proposals still proposed to the plan — not the withdrawn ones, listed
// apart — and its page, PDF, XLSX, ODS (opened with LibreOffice) and the
// API give the same proposals and the same total cost, computed here from
// the proposals' data; a figure not given is a blank cell, not 0.
func TestProspettoAgreesEverywhere(t *testing.T) {
	hs := newHarness(t, true)
	ctx := t.Context()
	p := hs.process("casarano", "pdz-2022-2024")
	xs, err := hs.st.Propostas(ctx, p.AmbitoID, p.ID, pdz.ProposalFilter{})
	if err != nil {
		t.Fatal(err)
	}
	// A proposal raised at a table without cost or beneficiaries, and a
	// proposal with a cost withdrawn.
	var raiser int64
	for _, x := range xs {
		if x.Origin == pdz.OriginTable && raiser == 0 {
			raiser = x.RegistrationID
		}
	}
	free := pdz.Proposta{ProcessID: p.ID, RegistrationID: raiser, MeetingID: p.Meetings[0].ID,
		Proposal: pdz.Proposal{AreaID: p.Areas[0].ID, Title: "Sportello di ascolto a cura dei volontari", Need: "Solitudine", Description: "Un pomeriggio a settimana."}}
	if err := hs.st.CreateTableProposal(ctx, pdz.Actor{Email: "resp@example.org"}, p.AmbitoID, &free); err != nil {
		t.Fatal(err)
	}
	gone := withdrawCostlyProposal(t, hs, p)
	xs, err = hs.st.Propostas(ctx, p.AmbitoID, p.ID, pdz.ProposalFilter{WithDeleted: true})
	if err != nil {
		t.Fatal(err)
	}

	// What the prospetto must say, by area and number.
	areaPos := map[int64]int{}
	for i, ar := range p.Areas {
		areaPos[ar.ID] = i
	}
	slices.SortStableFunc(xs, func(a, b pdz.Proposta) int {
		if areaPos[a.AreaID] != areaPos[b.AreaID] {
			return areaPos[a.AreaID] - areaPos[b.AreaID]
		}
		return int(a.ID - b.ID)
	})
	var counted, apart []pdz.Proposta
	var total int64
	for _, x := range xs {
		holds := x.Origin != pdz.OriginRegistration || x.RegStatus == pdz.RegReceived || x.RegStatus == pdz.RegAccepted
		switch {
		case x.Deleted() || x.Status == pdz.PropMerged || x.Status == pdz.PropSplit || !holds:
		case x.Status == pdz.PropWithdrawn:
			apart = append(apart, x)
		default:
			counted = append(counted, x)
			total += x.CostCents
		}
	}
	ids := func(xs []pdz.Proposta) []string {
		var out []string
		for _, x := range xs {
			out = append(out, strconv.FormatInt(x.ID, 10))
		}
		return out
	}
	wantCounted, wantApart := ids(counted), ids(apart)
	if len(apart) < 2 || !slices.Contains(wantApart, strconv.FormatInt(gone.ID, 10)) || !slices.Contains(wantCounted, strconv.FormatInt(free.ID, 10)) {
		t.Fatalf("fixture: counted %v, withdrawn %v", wantCounted, wantApart)
	}

	t.Run("page", func(t *testing.T) {
		r := hs.get(base2022+"/prospetto", nil)
		if r.code != http.StatusOK {
			t.Fatalf("%d", r.code)
		}
		m := regexp.MustCompile(`(\d+) proposte, per un costo stimato complessivo di €[\s\x{a0}]*([\d.]+),(\d\d)`).FindStringSubmatch(r.body)
		if m == nil {
			t.Fatalf("no total in %.300s", r.body)
		}
		euros, _ := strconv.ParseInt(strings.ReplaceAll(m[2], ".", ""), 10, 64)
		cents, _ := strconv.ParseInt(m[3], 10, 64)
		if n, _ := strconv.Atoi(m[1]); n != len(counted) || euros*100+cents != total {
			t.Errorf("%s proposals, € %s,%s; want %d, %d cents", m[1], m[2], m[3], len(counted), total)
		}
		i := strings.Index(r.body, `id="ritirate"`)
		if i < 0 {
			t.Fatal("no section of the withdrawn proposals")
		}
		areas, withdrawn := r.body[:i], r.body[i:]
		link := regexp.MustCompile(`/proposte/(\d+)"`)
		found := func(s string) []string {
			var out []string
			for _, m := range link.FindAllStringSubmatch(s, -1) {
				out = append(out, m[1])
			}
			return out
		}
		if got := found(areas); !slices.Equal(got, wantCounted) {
			t.Errorf("areas list %v, want %v", got, wantCounted)
		}
		if got := found(withdrawn); !slices.Equal(got, wantApart) {
			t.Errorf("withdrawn: %v, want %v", got, wantApart)
		}
		if !strings.Contains(withdrawn, html.EscapeString(gone.Title)) {
			t.Errorf("the withdrawn section does not show %q", gone.Title)
		}
	})

	t.Run("PDF", func(t *testing.T) {
		r := hs.get(base2022+"/prospetto.pdf", nil)
		if r.code != http.StatusOK {
			t.Fatalf("%d", r.code)
		}
		text := pdfText(t, r.body)
		if !strings.Contains(text, strconv.Itoa(len(counted))+" proposte. Prospetto generato") {
			t.Errorf("the PDF does not count %d proposals:\n%s", len(counted), text)
		}
		i := strings.Index(text, "Proposte ritirate dai proponenti")
		if i < 0 {
			t.Fatalf("no section of the withdrawn proposals:\n%s", text)
		}
		number := regexp.MustCompile(`\bn\. (\d+)\b`)
		var before, after []string
		for _, m := range number.FindAllStringSubmatchIndex(text, -1) {
			if m[0] < i {
				before = append(before, text[m[2]:m[3]])
			} else {
				after = append(after, text[m[2]:m[3]])
			}
		}
		if !slices.Equal(slices.Sorted(slices.Values(before)), slices.Sorted(slices.Values(wantCounted))) {
			t.Errorf("areas list %v, want %v", before, wantCounted)
		}
		if !slices.Equal(slices.Sorted(slices.Values(after)), slices.Sorted(slices.Values(wantApart))) {
			t.Errorf("withdrawn: %v, want %v", after, wantApart)
		}
	})

	t.Run("XLSX and ODS in LibreOffice", func(t *testing.T) {
		out := sheetsAsCSV(t, hs, base2022+"/prospetto.", "prospetto", nil)
		for _, ext := range []string{"xlsx", "ods"} {
			for _, sheet := range []struct {
				name string
				want []pdz.Proposta
			}{{"Prospetto", counted}, {"Ritirate", apart}} {
				rows := readCSV(t, filepath.Join(out, "prospetto-"+ext+"-"+sheet.name+".csv"))
				if len(rows) != len(sheet.want)+1 || rows[0][7] != "Numero destinatari" || rows[0][9] != "Costo stimato" {
					t.Errorf("%s %s: %d rows, want %d; header %v", ext, sheet.name, len(rows), len(sheet.want)+1, rows[0])
					continue
				}
				var sum int64
				for i, x := range sheet.want {
					row := rows[i+1]
					beneficiaries, cost := "", ""
					if x.Beneficiaries != 0 {
						beneficiaries = strconv.FormatInt(x.Beneficiaries, 10)
					}
					if x.CostCents != 0 {
						cost = rawMoney(x.CostCents)
					}
					if row[0] != strconv.FormatInt(x.ID, 10) || row[7] != beneficiaries || row[9] != cost {
						t.Errorf("%s %s, row %d: n. %s, beneficiaries %q, cost %q; want n. %d, %q, %q", ext, sheet.name, i+2, row[0], row[7], row[9], x.ID, beneficiaries, cost)
					}
					if row[9] != "" {
						euros, dec, _ := strings.Cut(row[9], ".")
						e, _ := strconv.ParseInt(euros, 10, 64)
						c, _ := strconv.ParseInt((dec + "00")[:2], 10, 64)
						sum += e*100 + c
					}
				}
				if sheet.name == "Prospetto" && sum != total {
					t.Errorf("%s: the costs add up to %d cents, the prospetto's total is %d", ext, sum, total)
				}
			}
		}
	})

	t.Run("API", func(t *testing.T) {
		r := hs.get("/api/v1"+base2022+"/proposte", nil)
		if r.code != http.StatusOK {
			t.Fatalf("%d", r.code)
		}
		var got []struct {
			ID     int64  `json:"id"`
			Status string `json:"stato"`
			Cost   int64  `json:"costo_stimato_centesimi"`
		}
		if err := json.Unmarshal([]byte(r.body), &got); err != nil {
			t.Fatal(err)
		}
		var in, out []string
		var sum int64
		for _, x := range got {
			if x.Status == string(pdz.PropWithdrawn) {
				out = append(out, strconv.FormatInt(x.ID, 10))
			} else {
				in = append(in, strconv.FormatInt(x.ID, 10))
				sum += x.Cost
			}
		}
		if !slices.Equal(in, wantCounted) || !slices.Equal(out, wantApart) || sum != total {
			t.Errorf("API: %v and withdrawn %v, %d cents; want %v, %v, %d", in, out, sum, wantCounted, wantApart, total)
		}
	})

	t.Run("tables overview", func(t *testing.T) {
		r := hs.get("/ambiti/casarano/percorsi/pdz-2022-2024/tavoli", nil)
		want := strconv.Itoa(len(counted)) + " proposte in esame o con risposta"
		if !strings.Contains(r.body, want) {
			t.Errorf("the overview does not say %q", want)
		}
	})
}
