package web

import (
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"

	"github.com/pdz-ats/pdz/internal/pdz"
)

// Public pages: no login, only published processes, nothing personal.

func (s *Server) publicHome(w http.ResponseWriter, r *http.Request) error {
	return s.cached(w, r, func(w http.ResponseWriter, r *http.Request) error {
		as, err := s.store.Ambiti(r.Context())
		if err != nil {
			return err
		}
		v := s.view(r, "Piani Sociali di Zona")
		v["Ambiti"] = as
		s.render(w, r, http.StatusOK, "public/home", v)
		return nil
	})
}

func (s *Server) accessibility(w http.ResponseWriter, r *http.Request) error {
	s.render(w, r, http.StatusOK, "public/accessibility", s.view(r, "Dichiarazione di accessibilità"))
	return nil
}

// publicView returns the common data of an Ambito's public pages.
func (s *Server) publicView(r *http.Request, a *pdz.Ambito, title string) View {
	v := s.view(r, title)
	v["Ambito"] = a
	v["Nav"] = []Crumb{{"Percorsi", "/ambiti/" + a.Slug}, {"Organi", "/ambiti/" + a.Slug + "/organi"}}
	return v
}

func (s *Server) publicAmbito(w http.ResponseWriter, r *http.Request) error {
	return s.cached(w, r, func(w http.ResponseWriter, r *http.Request) error {
		ctx := r.Context()
		a, err := s.store.AmbitoBySlug(ctx, r.PathValue("ambito"))
		if err != nil {
			return err
		}
		cs, err := s.store.Comuni(ctx, a.ID)
		if err != nil {
			return err
		}
		ps, err := s.store.Processes(ctx, a.ID, true)
		if err != nil {
			return err
		}
		plans, err := s.store.Plans(ctx, a.ID, true)
		if err != nil {
			return err
		}
		v := s.publicView(r, &a, a.Name)
		v["Comuni"], v["Processes"], v["Plans"] = cs, ps, plans
		v["Crumbs"] = []Crumb{{"Home", "/"}, {a.Name, ""}}
		s.render(w, r, http.StatusOK, "public/ambito", v)
		return nil
	})
}

// publishedProcess loads the Ambito and the published process of a public URL.
func (s *Server) publishedProcess(r *http.Request) (pdz.Ambito, pdz.Process, error) {
	ctx := r.Context()
	a, err := s.store.AmbitoBySlug(ctx, r.PathValue("ambito"))
	if err != nil {
		return a, pdz.Process{}, err
	}
	p, err := s.store.ProcessBySlug(ctx, a.ID, r.PathValue("percorso"))
	if err == nil && !p.Published() {
		err = pdz.Errorf(pdz.ENOTFOUND, "Percorso non trovato.")
	}
	return a, p, err
}

func processBase(a *pdz.Ambito, p *pdz.Process) string {
	return "/ambiti/" + a.Slug + "/percorsi/" + p.Slug
}

func (s *Server) processView(r *http.Request, a *pdz.Ambito, p *pdz.Process, title string) View {
	v := s.publicView(r, a, title)
	v["Process"] = p
	v["Base"] = processBase(a, p)
	return v
}

func (s *Server) publicNotice(w http.ResponseWriter, r *http.Request) error {
	return s.cached(w, r, func(w http.ResponseWriter, r *http.Request) error {
		a, p, err := s.publishedProcess(r)
		if err != nil {
			return err
		}
		s.renderNotice(w, r, &a, &p, false)
		return nil
	})
}

func (s *Server) renderNotice(w http.ResponseWriter, r *http.Request, a *pdz.Ambito, p *pdz.Process, preview bool) {
	v := s.processView(r, a, p, p.Cycle)
	v["Preview"] = preview
	v["Crumbs"] = []Crumb{{"Home", "/"}, {a.Name, "/ambiti/" + a.Slug}, {p.Cycle, ""}}
	s.render(w, r, http.StatusOK, "public/notice", v)
}

func (s *Server) publicMeetings(w http.ResponseWriter, r *http.Request) error {
	return s.cached(w, r, func(w http.ResponseWriter, r *http.Request) error {
		a, p, err := s.publishedProcess(r)
		if err != nil {
			return err
		}
		q := r.URL.Query()
		f := newForm(q)
		ms, problems := filterMeetings(&p, q)
		for k, msg := range problems {
			f.Errors[k] = msg
		}
		v := s.processView(r, &a, &p, "Tutti gli incontri – "+p.Cycle)
		v["Form"], v["Meetings"] = f, ms
		v["Filtered"] = q.Get("area") != "" || q.Get("comune") != "" || q.Get("dal") != "" || q.Get("al") != ""
		v["AreaOptions"], v["CityOptions"] = areaOptions(&p, "Tutte le aree"), cityOptions(&p)
		v["Crumbs"] = []Crumb{{"Home", "/"}, {a.Name, "/ambiti/" + a.Slug}, {p.Cycle, processBase(&a, &p)}, {"Incontri", ""}}
		status := http.StatusOK
		if len(problems) > 0 {
			status = http.StatusBadRequest
		}
		s.render(w, r, status, "public/meetings", v)
		return nil
	})
}

// filterMeetings applies the filters of the "all meetings" view and its API:
// area (id), comune (the venue's Comune), dal and al (days, inclusive). A
// meeting matches an area when it or one of its focus groups treats it.
func filterMeetings(p *pdz.Process, q url.Values) ([]pdz.Meeting, pdz.Problems) {
	problems := pdz.Problems{}
	areaID := formID(problems, q, "area", "Area tematica non valida.")
	from := formDate(problems, q, "dal")
	to := formDate(problems, q, "al")
	if areaID != 0 && p.Area(areaID) == nil {
		problems.Add("area", "Area tematica non valida.")
	}
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		problems.Add("al", "La data finale deve seguire quella iniziale.")
	}
	city := q.Get("comune")
	if city != "" && !slices.ContainsFunc(p.Meetings, func(m pdz.Meeting) bool { return m.VenueCity == city }) {
		// The list offers only the Comuni with a meeting: any other name
		// would show "Tutti i Comuni" chosen over an empty list.
		problems.Add("comune", "Comune non valido: sceglilo dall'elenco.")
	}
	var out []pdz.Meeting
	for _, m := range p.Meetings {
		if areaID != 0 && !m.HasArea(areaID) {
			inChild := false
			for _, c := range p.Children(m.ID) {
				inChild = inChild || c.HasArea(areaID)
			}
			if !inChild {
				continue
			}
		}
		if city != "" && m.VenueCity != city {
			continue
		}
		last := m.Date
		if !m.EndDate.IsZero() {
			last = m.EndDate
		}
		if (!from.IsZero() && last.Before(from)) || (!to.IsZero() && m.Date.After(to)) {
			continue
		}
		out = append(out, m)
	}
	return out, problems
}

func areaOptions(p *pdz.Process, none string) []Option {
	opts := []Option{{"", none}}
	for _, a := range p.Areas {
		opts = append(opts, Option{strconv.FormatInt(a.ID, 10), a.Name()})
	}
	return opts
}

func cityOptions(p *pdz.Process) []Option {
	seen := map[string]bool{}
	var cities []string
	for _, m := range p.Meetings {
		if m.VenueCity != "" && !seen[m.VenueCity] {
			seen[m.VenueCity] = true
			cities = append(cities, m.VenueCity)
		}
	}
	sort.Strings(cities)
	opts := []Option{{"", "Tutti i Comuni"}}
	for _, c := range cities {
		opts = append(opts, Option{c, c})
	}
	return opts
}

// publishedMeeting loads the Ambito, the published process and the meeting
// {id} of a public URL.
func (s *Server) publishedMeeting(r *http.Request) (pdz.Ambito, pdz.Process, *pdz.Meeting, error) {
	a, p, err := s.publishedProcess(r)
	if err != nil {
		return a, p, nil, err
	}
	m, err := meetingOf(r, &p)
	return a, p, m, err
}

// meetingOf returns the meeting named by the {id} of a public URL.
func meetingOf(r *http.Request, p *pdz.Process) (*pdz.Meeting, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return nil, pdz.Errorf(pdz.ENOTFOUND, "Incontro non trovato.")
	}
	m := p.Meeting(id)
	if m == nil {
		return nil, pdz.Errorf(pdz.ENOTFOUND, "Incontro non trovato.")
	}
	return m, nil
}

func (s *Server) publicMeeting(w http.ResponseWriter, r *http.Request) error {
	return s.cached(w, r, func(w http.ResponseWriter, r *http.Request) error {
		a, p, m, err := s.publishedMeeting(r)
		if err != nil {
			return err
		}
		v := s.processView(r, &a, &p, m.Name())
		v["Meeting"] = m
		v["Children"] = p.Children(m.ID)
		if ph := p.Phase(m.PhaseID); ph != nil {
			v["Phase"] = ph
		}
		if par := p.Meeting(m.ParentID); par != nil {
			v["Parent"] = par
		}
		v["Crumbs"] = []Crumb{{"Home", "/"}, {a.Name, "/ambiti/" + a.Slug}, {p.Cycle, processBase(&a, &p)}, {m.Name(), ""}}
		// What happened at it (issue 4): how many were present, the minutes.
		att, err := s.store.MeetingAttendance(r.Context(), a.ID, p.ID, m.ID)
		if err != nil {
			return err
		}
		var count pdz.AttendanceCount
		for i := range att {
			count.Add(&att[i])
		}
		v["Present"] = count
		if min, err := s.store.MinutesOf(r.Context(), a.ID, p.ID, m.ID); err == nil && min.Published() {
			v["MinutesURL"] = processBase(&a, &p) + "/incontri/" + strconv.FormatInt(m.ID, 10) + "/verbale"
		}
		s.render(w, r, http.StatusOK, "public/meeting", v)
		return nil
	})
}
