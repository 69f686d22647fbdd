package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/pdz-ats/pdz/internal/ical"
	"github.com/pdz-ats/pdz/internal/locale"
	"github.com/pdz-ats/pdz/internal/pdz"
)

// meetingEvent maps a meeting to an iCalendar event. The UID depends only on
// the installation's host, the Ambito and the meeting id, so that calendar
// programs update the same event when the notice changes.
func (s *Server) meetingEvent(r *http.Request, a *pdz.Ambito, p *pdz.Process, m *pdz.Meeting) ical.Event {
	host := r.Host
	if u, err := url.Parse(s.cfg.BaseURL); err == nil && u.Host != "" {
		host = u.Host
	}
	if h, _, ok := strings.Cut(host, ":"); ok {
		host = h
	}
	e := ical.Event{
		UID:      "incontro-" + strconv.FormatInt(m.ID, 10) + "." + a.Slug + "@" + host,
		Stamp:    m.UpdatedAt,
		Summary:  m.Name() + " – " + p.Cycle,
		Location: m.Venue(),
		URL:      s.absURL(r, processBase(a, p)+"/incontri/"+strconv.FormatInt(m.ID, 10)),
	}
	var desc []string
	desc = append(desc, m.Kind.Label()+" del percorso di programmazione partecipata «"+p.Cycle+"» – "+a.Name+".")
	if len(m.Areas) > 0 {
		var names []string
		for _, ar := range m.Areas {
			names = append(names, ar.Title)
			e.Categories = append(e.Categories, ar.Title)
		}
		desc = append(desc, "Aree tematiche: "+strings.Join(names, "; ")+".")
	}
	for _, c := range p.Children(m.ID) {
		desc = append(desc, "– "+c.Name())
	}
	if m.Description != "" {
		desc = append(desc, m.Description)
	}
	if m.Invited != "" {
		desc = append(desc, "Sono invitati: "+m.Invited)
	}
	e.Description = strings.Join(desc, "\n")
	if m.StartTime.IsZero() {
		e.Day, e.LastDay = m.Date, m.EndDate
	} else {
		e.Start = m.Starts(locale.Rome)
		if !m.EndTime.IsZero() {
			e.End = m.Ends(locale.Rome)
		}
	}
	return e
}

func (s *Server) writeICS(w http.ResponseWriter, filename string, cal ical.Calendar) {
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+filename+`"`)
	w.Write(ical.Write(cal, locale.Rome))
}

func (s *Server) processICS(w http.ResponseWriter, r *http.Request) error {
	return s.cached(w, r, func(w http.ResponseWriter, r *http.Request) error {
		a, p, err := s.publishedProcess(r)
		if err != nil {
			return err
		}
		cal := ical.Calendar{Name: p.Cycle + " – " + a.Name}
		for i := range p.Meetings {
			cal.Events = append(cal.Events, s.meetingEvent(r, &a, &p, &p.Meetings[i]))
		}
		s.writeICS(w, p.Slug+".ics", cal)
		return nil
	})
}

func (s *Server) meetingICS(w http.ResponseWriter, r *http.Request) error {
	return s.cached(w, r, func(w http.ResponseWriter, r *http.Request) error {
		a, p, m, err := s.publishedMeeting(r)
		if err != nil {
			return err
		}
		cal := ical.Calendar{Name: m.Name() + " – " + p.Cycle, Events: []ical.Event{s.meetingEvent(r, &a, &p, m)}}
		s.writeICS(w, "incontro-"+strconv.FormatInt(m.ID, 10)+".ics", cal)
		return nil
	})
}
