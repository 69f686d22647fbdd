package web

import (
	"net/http"
	"time"

	"github.com/pdz-ats/pdz/internal/document"
	"github.com/pdz-ats/pdz/internal/locale"
	"github.com/pdz-ats/pdz/internal/pdz"
)

// The JSON API of the bodies, their published sessions and the dated log of
// a process. Documented in openapi.json like the rest of the API.

type apiMember struct {
	Role        string `json:"ruolo"`
	Name        string `json:"nome,omitempty"`
	Represents  string `json:"rappresenta,omitempty"`
	Comune      string `json:"comune,omitempty"`
	Appointment string `json:"nomina,omitempty"`
	MeetingID   int64  `json:"incontro_id,omitempty"`
	StartsOn    string `json:"dal,omitempty"`
	EndsOn      string `json:"al,omitempty"`
	Current     bool   `json:"in_carica"`
}

type apiBodySummary struct {
	Slug        string      `json:"id"`
	Kind        string      `json:"tipo"`
	KindLabel   string      `json:"tipo_descrizione"`
	Name        string      `json:"nome"`
	Description string      `json:"descrizione,omitempty"`
	Comune      string      `json:"comune,omitempty"`
	URL         string      `json:"url"`
	Members     []apiMember `json:"componenti"`
}

type apiSessionSummary struct {
	ID                int64  `json:"id"`
	Body              string `json:"organo"`
	BodyName          string `json:"organo_nome"`
	Number            string `json:"numero,omitempty"`
	Date              string `json:"data"`
	StartTime         string `json:"ora_inizio,omitempty"`
	EndTime           string `json:"ora_fine,omitempty"`
	Place             string `json:"luogo,omitempty"`
	ConvocationNumber string `json:"convocazione_protocollo,omitempty"`
	ConvocationDate   string `json:"convocazione_data,omitempty"`
	Comune            string `json:"comune,omitempty"`
	Process           string `json:"percorso,omitempty"`
	MeetingID         int64  `json:"incontro_id,omitempty"`
	PublishedAt       string `json:"pubblicata_il"`
	URL               string `json:"url"`
}

type apiBodyDetail struct {
	apiBodySummary
	Sessions []apiSessionSummary `json:"sedute"`
}

type apiFile struct {
	URL    string `json:"url"`
	Name   string `json:"nome"`
	Size   int64  `json:"dimensione"`
	SHA256 string `json:"sha256"`
}

type apiAct struct {
	Kind      string   `json:"tipo"`
	KindLabel string   `json:"tipo_descrizione"`
	Number    string   `json:"numero,omitempty"`
	Date      string   `json:"data,omitempty"`
	Subject   string   `json:"oggetto"`
	File      *apiFile `json:"allegato,omitempty"`
}

type apiPresent struct {
	Role       string `json:"ruolo"`
	Name       string `json:"nome,omitempty"`
	Represents string `json:"rappresenta,omitempty"`
}

type apiSessionDetail struct {
	apiSessionSummary
	Agenda  []string     `json:"ordine_del_giorno"`
	Present []apiPresent `json:"presenti"`
	Guests  string       `json:"altri_presenti,omitempty"`
	Acts    []apiAct     `json:"atti"`
	Notes   string       `json:"note,omitempty"`
}

type apiChronologyEntry struct {
	Date       string   `json:"data"`
	EndDate    string   `json:"data_fine,omitempty"`
	Text       string   `json:"testo"`
	Items      []string `json:"voci"`
	MeetingID  int64    `json:"incontro_id,omitempty"`
	SessionIDs []int64  `json:"sedute"`
}

type apiChronologyGroup struct {
	PhaseID int64                `json:"fase_id,omitempty"`
	Phase   string               `json:"fase,omitempty"`
	Entries []apiChronologyEntry `json:"voci"`
}

type apiChronology struct {
	Process string               `json:"percorso"`
	Title   string               `json:"titolo"`
	Groups  []apiChronologyGroup `json:"gruppi"`
	Text    string               `json:"testo_url"`
	PDF     string               `json:"pdf_url"`
	URL     string               `json:"url"`
}

func toAPIMember(m *pdz.Member, today pdz.Date) apiMember {
	return apiMember{Role: m.Role, Name: m.Name, Represents: m.RepresentsText(), Comune: m.ComuneName, Appointment: m.Appointment,
		MeetingID: m.MeetingID, StartsOn: m.StartsOn.String(), EndsOn: m.EndsOn.String(), Current: m.ActiveOn(today)}
}

func (s *Server) toAPIBody(r *http.Request, a *pdz.Ambito, b *pdz.Body, members []pdz.Member) apiBodySummary {
	out := apiBodySummary{Slug: b.Slug, Kind: string(b.Kind), KindLabel: b.Kind.Label(), Name: b.Name, Description: b.Description,
		Comune: b.ComuneName, URL: s.absURL(r, bodyBase(a, b)), Members: []apiMember{}}
	today := s.today()
	for i := range members {
		out.Members = append(out.Members, toAPIMember(&members[i], today))
	}
	return out
}

func (s *Server) toAPISession(r *http.Request, a *pdz.Ambito, b *pdz.Body, x *pdz.BodySession, processSlug string) apiSessionSummary {
	return apiSessionSummary{ID: x.ID, Body: b.Slug, BodyName: x.BodyName(b), Number: x.Number, Date: x.Date.String(),
		StartTime: x.StartTime.String(), EndTime: x.EndTime.String(), Place: x.Place, ConvocationNumber: x.ConvocationNumber,
		ConvocationDate: x.ConvocationDate.String(), Comune: x.ComuneName, Process: processSlug, MeetingID: x.MeetingID,
		PublishedAt: x.PublishedAt.In(locale.Rome).Format(time.RFC3339), URL: s.absURL(r, sessionBase(a, b, x))}
}

// publishedProcessSlugs maps the ids of an Ambito's published processes to
// their slugs: a session names its process only when the process is public.
func (s *Server) publishedProcessSlugs(r *http.Request, ambitoID int64) (map[int64]string, error) {
	ps, err := s.store.Processes(r.Context(), ambitoID, true)
	if err != nil {
		return nil, err
	}
	out := map[int64]string{}
	for _, p := range ps {
		out[p.ID] = p.Slug
	}
	return out, nil
}

func (s *Server) apiBodies(w http.ResponseWriter, r *http.Request) error {
	return s.cached(w, r, func(w http.ResponseWriter, r *http.Request) error {
		a, err := s.store.AmbitoBySlug(r.Context(), r.PathValue("ambito"))
		if err != nil {
			return err
		}
		bs, err := s.store.Bodies(r.Context(), a.ID)
		if err != nil {
			return err
		}
		out := []apiBodySummary{}
		for i := range bs {
			out = append(out, s.toAPIBody(r, &a, &bs[i], bs[i].CurrentMembers(s.today())))
		}
		writeJSON(w, http.StatusOK, out)
		return nil
	})
}

func (s *Server) apiBody(w http.ResponseWriter, r *http.Request) error {
	return s.cached(w, r, func(w http.ResponseWriter, r *http.Request) error {
		a, b, err := s.publicBodyOf(r)
		if err != nil {
			return err
		}
		xs, err := s.store.BodySessions(r.Context(), a.ID, b.ID, true)
		if err != nil {
			return err
		}
		slugs, err := s.publishedProcessSlugs(r, a.ID)
		if err != nil {
			return err
		}
		out := apiBodyDetail{apiBodySummary: s.toAPIBody(r, &a, &b, b.Members), Sessions: []apiSessionSummary{}}
		for i := range xs {
			out.Sessions = append(out.Sessions, s.toAPISession(r, &a, &b, &xs[i], slugs[xs[i].ProcessID]))
		}
		writeJSON(w, http.StatusOK, out)
		return nil
	})
}

func (s *Server) apiBodySession(w http.ResponseWriter, r *http.Request) error {
	return s.cached(w, r, func(w http.ResponseWriter, r *http.Request) error {
		a, b, x, err := s.publishedSession(r)
		if err != nil {
			return err
		}
		slugs, err := s.publishedProcessSlugs(r, a.ID)
		if err != nil {
			return err
		}
		out := apiSessionDetail{apiSessionSummary: s.toAPISession(r, &a, &b, &x, slugs[x.ProcessID]), Agenda: x.AgendaItems(),
			Present: []apiPresent{}, Guests: x.Guests, Acts: []apiAct{}, Notes: x.Notes}
		if out.Agenda == nil {
			out.Agenda = []string{}
		}
		for _, id := range x.Present {
			if m := b.Member(id); m != nil {
				out.Present = append(out.Present, apiPresent{m.Role, m.Name, m.RepresentsText()})
			}
		}
		base := s.absURL(r, sessionBase(&a, &b, &x))
		for _, act := range x.Acts {
			o := apiAct{Kind: string(act.Kind), KindLabel: act.Kind.Label(), Number: act.Number, Date: act.Date.String(), Subject: act.Subject}
			if act.File != nil {
				o.File = &apiFile{URL: base + "/atti/" + itoa64(act.ID) + "/allegato.pdf", Name: act.File.Name, Size: act.File.Size, SHA256: act.File.SHA256}
			}
			out.Acts = append(out.Acts, o)
		}
		writeJSON(w, http.StatusOK, out)
		return nil
	})
}

func (s *Server) apiChronology(w http.ResponseWriter, r *http.Request) error {
	return s.cached(w, r, func(w http.ResponseWriter, r *http.Request) error {
		a, p, c, err := s.chronologyOf(r)
		if err != nil {
			return err
		}
		base := s.absURL(r, processBase(&a, &p)+"/cronologia")
		out := apiChronology{Process: p.Slug, Title: document.ChronologyTitle, Groups: []apiChronologyGroup{},
			Text: base + ".txt", PDF: base + ".pdf", URL: base}
		for _, g := range c.Groups {
			og := apiChronologyGroup{Entries: []apiChronologyEntry{}}
			if g.Phase != nil {
				og.PhaseID, og.Phase = g.Phase.ID, g.Phase.Name()
			}
			for _, e := range g.Entries {
				oe := apiChronologyEntry{Date: e.Date.String(), EndDate: e.EndDate.String(), Text: e.Line(), Items: e.Items, SessionIDs: []int64{}}
				if oe.Items == nil {
					oe.Items = []string{}
				}
				if e.Meeting != nil {
					oe.MeetingID = e.Meeting.ID
				}
				for _, x := range e.Sessions {
					oe.SessionIDs = append(oe.SessionIDs, x.ID)
				}
				og.Entries = append(og.Entries, oe)
			}
			out.Groups = append(out.Groups, og)
		}
		writeJSON(w, http.StatusOK, out)
		return nil
	})
}
