package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/pdz-ats/pdz/internal/locale"
	"github.com/pdz-ats/pdz/internal/pdz"
)

// The JSON API of the tables: the proposals with their state, answer and
// the sheets that take them up (the prospetto di sintesi as data), one
// proposal with its public history, the published priority rounds and
// elections. Published data only, no personal data: authors are named as
// on the public pages.

type apiCriteria struct {
	Needs          string `json:"congruenza_bisogni,omitempty"`
	NeedsNote      string `json:"congruenza_bisogni_giudizio,omitempty"`
	Objectives     string `json:"congruenza_obiettivi_regionali,omitempty"`
	ObjectivesNote string `json:"congruenza_obiettivi_regionali_giudizio,omitempty"`
	Resources      string `json:"sostenibilita_economica,omitempty"`
	ResourcesNote  string `json:"sostenibilita_economica_giudizio,omitempty"`
}

type apiAnswer struct {
	Status      string       `json:"esito"`
	Text        string       `json:"risposta"`
	Version     int          `json:"versione"`
	PublishedAt string       `json:"pubblicata_il"`
	Criteria    *apiCriteria `json:"criteri,omitempty"`
}

type apiSheetRef struct {
	Plan  string `json:"piano"`
	Code  string `json:"scheda"`
	Title string `json:"titolo"`
}

type apiProposal struct {
	ID            int64         `json:"id"`
	Title         string        `json:"titolo"`
	Area          string        `json:"area"`
	Origin        string        `json:"origine"`
	Status        string        `json:"stato"`
	Proponents    []string      `json:"proponenti"`
	CostCents     int64         `json:"costo_stimato_centesimi,omitempty"`
	Beneficiaries int64         `json:"destinatari_stimati,omitempty"`
	Comuni        []string      `json:"comuni,omitempty"`
	Answer        *apiAnswer    `json:"risposta,omitempty"`
	Sheets        []apiSheetRef `json:"schede,omitempty"`
	URL           string        `json:"url"`
}

type apiProposalEvent struct {
	At      string `json:"data"`
	Summary string `json:"descrizione"`
}

type apiProposalDetail struct {
	apiProposal
	Need        string             `json:"bisogno"`
	Description string             `json:"descrizione"`
	Target      string             `json:"destinatari,omitempty"`
	Partners    string             `json:"partner,omitempty"`
	From        []int64            `json:"nasce_da,omitempty"`
	Into        []int64            `json:"diventata,omitempty"`
	Deleted     bool               `json:"eliminata"`
	History     []apiProposalEvent `json:"storia"`
}

func apiTime(t time.Time) string { return t.In(locale.Rome).Format(time.RFC3339) }

func (s *Server) toAPIProposal(r *http.Request, a *pdz.Ambito, p *pdz.Process, x *pdz.Proposta) apiProposal {
	out := apiProposal{ID: x.ID, Title: x.Title, Area: x.AreaName, Origin: string(x.Origin), Status: string(x.Status), CostCents: x.CostCents,
		Beneficiaries: x.Beneficiaries, Comuni: x.Comuni, URL: s.absURL(r, proposalPublicURL(a, p, x.ID)), Proponents: []string{}}
	for i := range x.Authors {
		out.Proponents = append(out.Proponents, x.Authors[i].Who.PublicLabel())
	}
	if ans := x.Answer; ans != nil {
		out.Answer = &apiAnswer{Status: string(ans.Status), Text: ans.Text, Version: ans.Version, PublishedAt: apiTime(ans.PublishedAt)}
		if c := ans.Criteria; !c.IsZero() {
			out.Answer.Criteria = &apiCriteria{string(c.Needs), c.NeedsNote, string(c.Objectives), c.ObjectivesNote, string(c.Resources), c.ResourcesNote}
		}
	}
	for _, sh := range x.Sheets {
		if sh.Published {
			out.Sheets = append(out.Sheets, apiSheetRef{Plan: sh.PlanSlug, Code: sh.Code, Title: sh.Title})
		}
	}
	return out
}

func (s *Server) apiProposals(w http.ResponseWriter, r *http.Request) error {
	return s.cached(w, r, func(w http.ResponseWriter, r *http.Request) error {
		a, p, xs, err := s.publicPropostas(r)
		if err != nil {
			return err
		}
		out := []apiProposal{}
		for i := range xs {
			x, err := s.store.Proposta(r.Context(), a.ID, p.ID, xs[i].ID) // with its sheets
			if err != nil {
				return err
			}
			out = append(out, s.toAPIProposal(r, &a, &p, &x))
		}
		writeJSON(w, http.StatusOK, out)
		return nil
	})
}

func (s *Server) apiProposal(w http.ResponseWriter, r *http.Request) error {
	return s.cached(w, r, func(w http.ResponseWriter, r *http.Request) error {
		a, p, x, err := s.publicProposta(r)
		if err != nil {
			return err
		}
		hist, err := s.store.ProposalHistory(r.Context(), a.ID, x.ID, true)
		if err != nil {
			return err
		}
		out := apiProposalDetail{apiProposal: s.toAPIProposal(r, &a, &p, &x), Deleted: x.Deleted(), History: []apiProposalEvent{}}
		if !x.Deleted() {
			out.Need, out.Description, out.Target, out.Partners = x.Need, x.Description, x.Target, x.Partners
		}
		for _, l := range x.From {
			out.From = append(out.From, l.ID)
		}
		for _, l := range x.Into {
			out.Into = append(out.Into, l.ID)
		}
		out.History = append(out.History, apiProposalEvent{At: apiTime(x.CreatedAt), Summary: x.Origin.Label()})
		for _, e := range hist {
			out.History = append(out.History, apiProposalEvent{At: apiTime(e.At), Summary: e.Summary})
		}
		writeJSON(w, http.StatusOK, out)
		return nil
	})
}

type apiRoundItem struct {
	Label      string `json:"voce"`
	ProposalID int64  `json:"proposta,omitempty"`
	Votes      int    `json:"approvazioni"`
	Rank       int    `json:"posizione"`
}

type apiRound struct {
	ID         int64          `json:"id"`
	Title      string         `json:"titolo"`
	Area       string         `json:"area,omitempty"`
	Meeting    string         `json:"incontro,omitempty"`
	MaxChoices int            `json:"voci_approvabili"`
	Votes      int            `json:"organizzazioni_votanti"`
	Method     string         `json:"metodo"`
	Items      []apiRoundItem `json:"risultati"`
	URL        string         `json:"url"`
}

func (s *Server) apiRounds(w http.ResponseWriter, r *http.Request) error {
	return s.cached(w, r, func(w http.ResponseWriter, r *http.Request) error {
		a, p, err := s.publishedProcess(r)
		if err != nil {
			return err
		}
		rounds, err := s.store.PriorityRounds(r.Context(), a.ID, p.ID, true)
		if err != nil {
			return err
		}
		out := []apiRound{}
		for _, x := range rounds {
			full, err := s.store.PriorityRound(r.Context(), a.ID, p.ID, x.ID)
			if err != nil {
				return err
			}
			pdz.RankItems(full.Items)
			ar := apiRound{ID: x.ID, Title: x.Title, Area: x.AreaName, Meeting: x.MeetingName, MaxChoices: x.MaxChoices, Votes: x.Votes,
				Method: pdz.PriorityMethod, Items: []apiRoundItem{}, URL: s.absURL(r, processBase(&a, &p)+"/priorita/"+strconv.FormatInt(x.ID, 10))}
			for _, it := range full.Items {
				ar.Items = append(ar.Items, apiRoundItem{Label: it.Label, ProposalID: it.ProposalID, Votes: it.Votes, Rank: it.Rank})
			}
			out = append(out, ar)
		}
		writeJSON(w, http.StatusOK, out)
		return nil
	})
}

type apiCandidate struct {
	Organisation   string `json:"organizzazione"`
	Representative string `json:"rappresentante"`
	Votes          int    `json:"voti"`
	Rank           int    `json:"posizione"`
	Elected        bool   `json:"eletta"`
	Lot            int    `json:"sorteggio,omitempty"`
}

type apiElection struct {
	ID         int64          `json:"id"`
	Title      string         `json:"titolo"`
	Status     string         `json:"stato"`
	Seats      int            `json:"posti"`
	Electorate int            `json:"aventi_diritto"`
	Voters     int            `json:"votanti"`
	Ballots    int            `json:"schede"`
	Blank      int            `json:"schede_bianche"`
	Results    []apiCandidate `json:"risultati"`
	TieBreak   string         `json:"regola_parita"`
	URL        string         `json:"url"`
}

func (s *Server) apiElections(w http.ResponseWriter, r *http.Request) error {
	return s.cached(w, r, func(w http.ResponseWriter, r *http.Request) error {
		a, p, err := s.publishedProcess(r)
		if err != nil {
			return err
		}
		es, err := s.store.Elections(r.Context(), a.ID, p.ID, true)
		if err != nil {
			return err
		}
		out := []apiElection{}
		for _, x := range es {
			e, o, err := s.store.ElectionOutcome(r.Context(), a.ID, p.ID, x.ID)
			if err != nil {
				return err
			}
			ae := apiElection{ID: e.ID, Title: e.Title, Status: string(e.Status), Seats: e.Seats, Electorate: o.Electorate, Voters: o.Voters,
				Ballots: o.Ballots, Blank: o.Blank, Results: []apiCandidate{}, TieBreak: pdz.TieBreakRule,
				URL: s.absURL(r, processBase(&a, &p)+"/elezioni/"+strconv.FormatInt(e.ID, 10))}
			for _, c := range o.Results {
				ae.Results = append(ae.Results, apiCandidate{Organisation: c.Organisation, Representative: c.Representative, Votes: c.Votes,
					Rank: c.Rank, Elected: c.Elected, Lot: c.Lot})
			}
			out = append(out, ae)
		}
		writeJSON(w, http.StatusOK, out)
		return nil
	})
}
