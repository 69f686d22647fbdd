package web

import (
	_ "embed"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/pdz-ats/pdz/internal/locale"
	"github.com/pdz-ats/pdz/internal/pdz"
)

// The public JSON API: read-only, published data only, no personal data.
// openapi.json documents it; a test keeps the two in step.

//go:embed openapi.json
var openAPIDoc []byte

func (s *Server) apiRoutes() []route {
	return append([]route{
		{"GET /api/v1/openapi.json", public, s.apiOpenAPI},
		{"GET /api/v1/ambiti", public, s.apiAmbiti},
		{"GET /api/v1/ambiti/{ambito}", public, s.apiAmbito},
		{"GET /api/v1/ambiti/{ambito}/percorsi", public, s.apiProcesses},
		{"GET /api/v1/ambiti/{ambito}/percorsi/{percorso}", public, s.apiProcess},
		{"GET /api/v1/ambiti/{ambito}/percorsi/{percorso}/incontri", public, s.apiMeetings},
		{"GET /api/v1/ambiti/{ambito}/percorsi/{percorso}/incontri/{id}", public, s.apiMeeting},
	}, s.planAPIRoutes()...)
}

func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Access-Control-Allow-Origin", "*") // public data, meant to be embedded
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}

type apiError struct {
	Error string `json:"errore"`
}

func writeJSONError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, apiError{msg})
}

// ---- the documents of the API

type apiComune struct {
	Name       string `json:"nome"`
	IstatCode  string `json:"codice_istat,omitempty"`
	Population int64  `json:"popolazione,omitempty"`
	PopDate    string `json:"data_popolazione,omitempty"`
	Capofila   bool   `json:"capofila"`
}

type apiAmbito struct {
	Slug     string      `json:"id"`
	Name     string      `json:"nome"`
	Province string      `json:"provincia,omitempty"`
	Address  string      `json:"indirizzo,omitempty"`
	Email    string      `json:"email,omitempty"`
	PEC      string      `json:"pec,omitempty"`
	Phone    string      `json:"telefono,omitempty"`
	Website  string      `json:"sito_web,omitempty"`
	URL      string      `json:"url"`
	Comuni   []apiComune `json:"comuni,omitempty"`
}

type apiProcessSummary struct {
	Slug        string `json:"id"`
	Title       string `json:"titolo"`
	Cycle       string `json:"ciclo"`
	Deadline    string `json:"scadenza_iscrizioni,omitempty"`
	PublishedAt string `json:"pubblicato_il"`
	UpdatedAt   string `json:"aggiornato_il"`
	URL         string `json:"url"`
}

type apiPremise struct {
	Lead    string `json:"formula,omitempty"`
	Kind    string `json:"tipo_atto"`
	Number  string `json:"numero,omitempty"`
	Date    string `json:"data,omitempty"`
	Subject string `json:"oggetto,omitempty"`
	Notes   string `json:"note,omitempty"`
}

type apiPhase struct {
	ID          int64  `json:"id"`
	Label       string `json:"etichetta,omitempty"`
	Title       string `json:"titolo"`
	Description string `json:"descrizione,omitempty"`
	StartsOn    string `json:"dal,omitempty"`
	EndsOn      string `json:"al,omitempty"`
}

type apiArea struct {
	ID          int64  `json:"id"`
	Code        string `json:"codice,omitempty"`
	Title       string `json:"titolo"`
	Description string `json:"descrizione,omitempty"`
}

type apiMeeting struct {
	ID          int64   `json:"id"`
	Kind        string  `json:"tipo"`
	KindLabel   string  `json:"tipo_descrizione"`
	Label       string  `json:"etichetta,omitempty"`
	Title       string  `json:"titolo,omitempty"`
	Name        string  `json:"nome"`
	Description string  `json:"descrizione,omitempty"`
	PhaseID     int64   `json:"fase_id,omitempty"`
	ParentID    int64   `json:"incontro_principale_id,omitempty"`
	Date        string  `json:"data"`
	EndDate     string  `json:"data_fine,omitempty"`
	StartTime   string  `json:"ora_inizio,omitempty"`
	EndTime     string  `json:"ora_fine,omitempty"`
	Start       string  `json:"inizio"`
	End         string  `json:"fine"`
	VenueName   string  `json:"luogo,omitempty"`
	Address     string  `json:"indirizzo,omitempty"`
	City        string  `json:"comune,omitempty"`
	AreaIDs     []int64 `json:"aree"`
	Invited     string  `json:"invitati,omitempty"`
	Notes       string  `json:"note,omitempty"`
	URL         string  `json:"url"`
	ICS         string  `json:"calendario_ics"`
}

type apiSignatory struct {
	Role string `json:"ruolo"`
	Name string `json:"nome"`
}

type apiProcess struct {
	apiProcessSummary
	Body              string         `json:"testo,omitempty"`
	Participation     string         `json:"come_partecipare,omitempty"`
	VenueNote         string         `json:"nota_luoghi,omitempty"`
	RegistrationEmail string         `json:"email_iscrizioni,omitempty"`
	RegistrationRules string         `json:"regole_partecipazione,omitempty"`
	SignedPlace       string         `json:"luogo_firma,omitempty"`
	SignedOn          string         `json:"data_firma,omitempty"`
	Premises          []apiPremise   `json:"premesse"`
	Phases            []apiPhase     `json:"fasi"`
	Areas             []apiArea      `json:"aree"`
	Meetings          []apiMeeting   `json:"incontri"`
	Signatories       []apiSignatory `json:"firmatari"`
	ICS               string         `json:"calendario_ics"`
	PDF               string         `json:"avviso_pdf"`
}

func (s *Server) toAPIAmbito(r *http.Request, a *pdz.Ambito, cs []pdz.Comune) apiAmbito {
	out := apiAmbito{Slug: a.Slug, Name: a.Name, Province: a.Province, Address: a.Address, Email: a.Email, PEC: a.PEC,
		Phone: a.Phone, Website: a.Website, URL: s.absURL(r, "/ambiti/"+a.Slug)}
	for _, c := range cs {
		out.Comuni = append(out.Comuni, apiComune{Name: c.Name, IstatCode: c.IstatCode, Population: c.Population,
			PopDate: c.PopulationDate.String(), Capofila: c.ID == a.CapofilaID})
	}
	return out
}

func (s *Server) toAPISummary(r *http.Request, a *pdz.Ambito, p *pdz.Process) apiProcessSummary {
	out := apiProcessSummary{Slug: p.Slug, Title: p.Title, Cycle: p.Cycle, URL: s.absURL(r, processBase(a, p)),
		PublishedAt: p.PublishedAt.In(locale.Rome).Format(time.RFC3339),
		UpdatedAt:   p.UpdatedAt.In(locale.Rome).Format(time.RFC3339)}
	if !p.Deadline.IsZero() {
		out.Deadline = p.Deadline.In(locale.Rome).Format(time.RFC3339)
	}
	return out
}

func (s *Server) toAPIMeeting(r *http.Request, a *pdz.Ambito, p *pdz.Process, m *pdz.Meeting) apiMeeting {
	base := s.absURL(r, processBase(a, p)+"/incontri/"+itoa64(m.ID))
	ids := m.AreaIDs
	if ids == nil {
		ids = []int64{}
	}
	return apiMeeting{ID: m.ID, Kind: string(m.Kind), KindLabel: m.Kind.Label(), Label: m.Label, Title: m.Title, Name: m.Name(),
		Description: m.Description, PhaseID: m.PhaseID, ParentID: m.ParentID, Date: m.Date.String(), EndDate: m.EndDate.String(),
		StartTime: m.StartTime.String(), EndTime: m.EndTime.String(),
		Start: m.Starts(locale.Rome).Format(time.RFC3339), End: m.Ends(locale.Rome).Format(time.RFC3339),
		VenueName: m.VenueName, Address: m.VenueAddress, City: m.VenueCity, AreaIDs: ids, Invited: m.Invited, Notes: m.Notes,
		URL: base, ICS: base + "/calendario.ics"}
}

func (s *Server) apiOpenAPI(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Access-Control-Allow-Origin", "*")
	w.Write(openAPIDoc)
	return nil
}

func (s *Server) apiAmbiti(w http.ResponseWriter, r *http.Request) error {
	return s.cached(w, r, func(w http.ResponseWriter, r *http.Request) error {
		as, err := s.store.Ambiti(r.Context())
		if err != nil {
			return err
		}
		out := []apiAmbito{}
		for i := range as {
			out = append(out, s.toAPIAmbito(r, &as[i], nil))
		}
		writeJSON(w, http.StatusOK, out)
		return nil
	})
}

func (s *Server) apiAmbito(w http.ResponseWriter, r *http.Request) error {
	return s.cached(w, r, func(w http.ResponseWriter, r *http.Request) error {
		a, err := s.store.AmbitoBySlug(r.Context(), r.PathValue("ambito"))
		if err != nil {
			return err
		}
		cs, err := s.store.Comuni(r.Context(), a.ID)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, s.toAPIAmbito(r, &a, cs))
		return nil
	})
}

func (s *Server) apiProcesses(w http.ResponseWriter, r *http.Request) error {
	return s.cached(w, r, func(w http.ResponseWriter, r *http.Request) error {
		a, err := s.store.AmbitoBySlug(r.Context(), r.PathValue("ambito"))
		if err != nil {
			return err
		}
		ps, err := s.store.Processes(r.Context(), a.ID, true)
		if err != nil {
			return err
		}
		out := []apiProcessSummary{}
		for i := range ps {
			out = append(out, s.toAPISummary(r, &a, &ps[i]))
		}
		writeJSON(w, http.StatusOK, out)
		return nil
	})
}

func (s *Server) apiProcess(w http.ResponseWriter, r *http.Request) error {
	return s.cached(w, r, func(w http.ResponseWriter, r *http.Request) error {
		a, p, err := s.publishedProcess(r)
		if err != nil {
			return err
		}
		base := s.absURL(r, processBase(&a, &p))
		out := apiProcess{apiProcessSummary: s.toAPISummary(r, &a, &p), Body: p.Body, Participation: p.Participation, VenueNote: p.VenueNote,
			RegistrationEmail: p.RegistrationEmail, RegistrationRules: p.RegistrationRules, SignedPlace: p.SignedPlace,
			SignedOn: p.SignedOn.String(), ICS: base + "/calendario.ics", PDF: base + "/avviso.pdf",
			Premises: []apiPremise{}, Phases: []apiPhase{}, Areas: []apiArea{}, Meetings: []apiMeeting{}, Signatories: []apiSignatory{}}
		for _, x := range p.Premises {
			out.Premises = append(out.Premises, apiPremise{x.Lead, x.Kind, x.Number, x.Date.String(), x.Subject, x.Notes})
		}
		for _, x := range p.Phases {
			out.Phases = append(out.Phases, apiPhase{x.ID, x.Label, x.Title, x.Description, x.StartsOn.String(), x.EndsOn.String()})
		}
		for _, x := range p.Areas {
			out.Areas = append(out.Areas, apiArea{x.ID, x.Code, x.Title, x.Description})
		}
		for i := range p.Meetings {
			out.Meetings = append(out.Meetings, s.toAPIMeeting(r, &a, &p, &p.Meetings[i]))
		}
		for _, x := range p.Signatories {
			out.Signatories = append(out.Signatories, apiSignatory{x.Role, x.Name})
		}
		writeJSON(w, http.StatusOK, out)
		return nil
	})
}

func (s *Server) apiMeetings(w http.ResponseWriter, r *http.Request) error {
	return s.cached(w, r, func(w http.ResponseWriter, r *http.Request) error {
		a, p, err := s.publishedProcess(r)
		if err != nil {
			return err
		}
		ms, problems := filterMeetings(&p, r.URL.Query())
		if err := problems.Err(); err != nil {
			var msgs []string
			for _, k := range problems.Sorted() {
				msgs = append(msgs, k+": "+problems[k])
			}
			writeJSONError(w, http.StatusBadRequest, strings.Join(msgs, " "))
			return nil
		}
		out := []apiMeeting{}
		for i := range ms {
			out = append(out, s.toAPIMeeting(r, &a, &p, &ms[i]))
		}
		writeJSON(w, http.StatusOK, out)
		return nil
	})
}

func (s *Server) apiMeeting(w http.ResponseWriter, r *http.Request) error {
	return s.cached(w, r, func(w http.ResponseWriter, r *http.Request) error {
		a, p, m, err := s.publishedMeeting(r)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, s.toAPIMeeting(r, &a, &p, m))
		return nil
	})
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }
