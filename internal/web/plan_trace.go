package web

import (
	"net/http"
	"slices"

	"github.com/pdz-ats/pdz/internal/pdz"
)

// The traceability of a service sheet (issue 4, left ready by issue 5): the
// proposals of the plan's participatory process it takes up and the needs
// of the published minutes it answers, as the public sheet page and the API
// show them.

// sheetTrace is what a public sheet cites from the tables.
type sheetTrace struct {
	ProcessBase string // the public address of the process; "" if not published
	Proposals   []pdz.Proposta
	Needs       []pdz.Need
}

func (s *Server) traceOf(r *http.Request, a *pdz.Ambito, p *pdz.Plan, sh *pdz.Sheet) (sheetTrace, error) {
	var t sheetTrace
	if p.ProcessID == 0 || (len(sh.ProposalIDs) == 0 && len(sh.NeedIDs) == 0) {
		return t, nil
	}
	proc, err := s.store.Process(r.Context(), a.ID, p.ProcessID)
	if err != nil || !proc.Published() {
		return t, err
	}
	t.ProcessBase = processBase(a, &proc)
	props, err := s.store.Propostas(r.Context(), a.ID, proc.ID, pdz.ProposalFilter{})
	if err != nil {
		return t, err
	}
	for _, x := range props {
		if slices.Contains(sh.ProposalIDs, x.ID) && (x.Origin != pdz.OriginRegistration || x.RegStatus.Holds()) {
			t.Proposals = append(t.Proposals, x)
		}
	}
	needs, err := s.store.ProcessNeeds(r.Context(), a.ID, proc.ID, true)
	if err != nil {
		return t, err
	}
	for _, n := range needs {
		if slices.Contains(sh.NeedIDs, n.ID) {
			t.Needs = append(t.Needs, n)
		}
	}
	return t, nil
}

type apiSheetProposal struct {
	ID     int64  `json:"id"`
	Title  string `json:"titolo"`
	Status string `json:"stato"`
	URL    string `json:"url"`
}

type apiSheetNeed struct {
	Text   string `json:"bisogno"`
	Area   string `json:"area"`
	Target string `json:"destinatari,omitempty"`
	Comune string `json:"comune,omitempty"`
}
