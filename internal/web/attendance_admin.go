package web

import (
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/pdz-ats/pdz/internal/locale"
	"github.com/pdz-ats/pdz/internal/pdz"
	"github.com/pdz-ats/pdz/internal/store"
)

// Attendance at the meetings, in the back office: the hub of the tables of
// a process, the check-in page of a meeting (search the registered list,
// type or scan the receipt's code, register someone on the spot), late
// arrivals and early leaves, the signed paper sheets, and the counts.

// tableMeeting is one meeting on the hub, with what was recorded of it.
type tableMeeting struct {
	Meeting  pdz.Meeting
	Present  int
	Minutes  pdz.MinutesStatus // "" when none
	AdminURL string
}

func (s *Server) tablesHub(w http.ResponseWriter, r *http.Request) error {
	p, err := s.processOf(r)
	if err != nil {
		return err
	}
	a := info(r).ambito
	ctx := r.Context()
	att, err := s.store.ProcessAttendance(ctx, a.ID, p.ID)
	if err != nil {
		return err
	}
	mins, err := s.store.ProcessMinutes(ctx, a.ID, p.ID, false)
	if err != nil {
		return err
	}
	present := map[int64]int{}
	for _, x := range att {
		present[x.MeetingID]++
	}
	status := map[int64]pdz.MinutesStatus{}
	for _, m := range mins {
		status[m.MeetingID] = m.Status
	}
	var ms []tableMeeting
	for _, m := range p.Meetings {
		ms = append(ms, tableMeeting{Meeting: m, Present: present[m.ID], Minutes: status[m.ID], AdminURL: meetingAdminURL(a, &p, &m)})
	}
	props, err := s.store.Propostas(ctx, a.ID, p.ID, pdz.ProposalFilter{})
	if err != nil {
		return err
	}
	rounds, err := s.store.PriorityRounds(ctx, a.ID, p.ID, false)
	if err != nil {
		return err
	}
	elections, err := s.store.Elections(ctx, a.ID, p.ID, false)
	if err != nil {
		return err
	}
	pact, err := s.store.PactOf(ctx, a.ID, p.ID)
	if err != nil && pdz.ErrorCode(err) != pdz.ENOTFOUND {
		return err
	}
	v := s.adminView(r, "Tavoli e risultati")
	v["Process"], v["Meetings"], v["Counts"], v["Rounds"], v["Elections"], v["Pact"] = &p, ms, store.CountPropostas(props), rounds, elections, pact
	v["Base"], v["PublicURL"] = processAdminURL(a, &p), processBase(a, &p)+"/tavoli"
	v["Crumbs"] = ambitoCrumbs(a, Crumb{p.Cycle, processAdminURL(a, &p)}, Crumb{"Tavoli", ""})
	s.render(w, r, http.StatusOK, "admin/tables", v)
	return nil
}

// attendanceCounts counts the presences of a process per meeting, per area
// (people present at a meeting of the area) and per type of organisation.
type attendanceCounts struct {
	Meetings []pdz.AttendanceCount
	Areas    []pdz.AttendanceCount
	Types    []pdz.AttendanceCount
	Total    pdz.AttendanceCount // distinct registrations
}

func countAttendance(p *pdz.Process, list []pdz.Attendance) attendanceCounts {
	var c attendanceCounts
	byMeeting := map[int64][]pdz.Attendance{}
	for _, x := range list {
		byMeeting[x.MeetingID] = append(byMeeting[x.MeetingID], x)
	}
	for _, m := range p.Meetings {
		xs := byMeeting[m.ID]
		if len(xs) == 0 {
			continue
		}
		mc := pdz.AttendanceCount{Label: meetingLabel(&m)}
		for i := range xs {
			mc.Add(&xs[i])
		}
		c.Meetings = append(c.Meetings, mc)
	}
	for _, ar := range p.Areas {
		ac := pdz.AttendanceCount{Label: ar.Name()}
		seen := map[int64]bool{}
		for _, m := range p.Meetings {
			if !m.HasArea(ar.ID) {
				continue
			}
			for i, x := range byMeeting[m.ID] {
				if !seen[x.RegistrationID] {
					seen[x.RegistrationID] = true
					ac.Add(&byMeeting[m.ID][i])
				}
			}
		}
		c.Areas = append(c.Areas, ac)
	}
	types := map[string]*pdz.AttendanceCount{}
	var order []string
	seen := map[int64]bool{}
	for i := range list {
		x := &list[i]
		if seen[x.RegistrationID] {
			continue
		}
		seen[x.RegistrationID] = true
		c.Total.Add(x)
		label := x.TypeLabel
		if !x.IsOrganisation() {
			label = "Cittadine e cittadini"
		}
		if types[label] == nil {
			types[label] = &pdz.AttendanceCount{Label: label}
			order = append(order, label)
		}
		types[label].Add(x)
	}
	for _, l := range order {
		c.Types = append(c.Types, *types[l])
	}
	return c
}

func (s *Server) attendanceSummary(w http.ResponseWriter, r *http.Request) error {
	p, err := s.processOf(r)
	if err != nil {
		return err
	}
	a := info(r).ambito
	list, err := s.store.ProcessAttendance(r.Context(), a.ID, p.ID)
	if err != nil {
		return err
	}
	v := s.adminView(r, "Presenze agli incontri")
	v["Process"], v["Counts"] = &p, countAttendance(&p, list)
	v["Crumbs"] = tablesCrumbs(a, &p, Crumb{"Presenze", ""})
	s.render(w, r, http.StatusOK, "admin/attendance_summary", v)
	return nil
}

// checkInCandidate is a registration that can be checked in, with who
// represents it at the meeting.
type checkInCandidate struct {
	RegistrationID int64
	Protocol       string
	Name           string // the organisation, or the citizen
	Person         string
	TypeLabel      string
	Present        bool
}

func (s *Server) attendancePage(w http.ResponseWriter, r *http.Request) error {
	p, m, err := s.meetingOf(r)
	if err != nil {
		return err
	}
	return s.renderAttendance(w, r, http.StatusOK, &p, &m, newForm(url.Values{"q": {r.URL.Query().Get("q")}}))
}

func (s *Server) renderAttendance(w http.ResponseWriter, r *http.Request, status int, p *pdz.Process, m *pdz.Meeting, f *Form) error {
	a := info(r).ambito
	ctx := r.Context()
	list, err := s.store.MeetingAttendance(ctx, a.ID, p.ID, m.ID)
	if err != nil {
		return err
	}
	present := map[int64]bool{}
	var count pdz.AttendanceCount
	for i := range list {
		present[list[i].RegistrationID] = true
		count.Add(&list[i])
	}
	q := strings.TrimSpace(f.Get("q"))
	filter := pdz.RegistrationFilter{Query: q, Limit: 30}
	if q == "" && len(m.AreaIDs) > 0 {
		filter.AreaID = m.AreaIDs[0] // the people expected at this table
	}
	var cands []checkInCandidate
	if q != "" || filter.AreaID != 0 {
		regs, _, err := s.store.Registrations(ctx, a.ID, p.ID, filter)
		if err != nil {
			return err
		}
		for i := range regs {
			reg := &regs[i]
			if !reg.Status.Holds() || reg.Erased() || (q == "" && present[reg.ID]) {
				continue
			}
			person := reg.Contact.Name
			for _, id := range m.AreaIDs {
				if pa := reg.Participation(id); pa != nil {
					person = reg.Representative(*pa).Name
				}
			}
			cands = append(cands, checkInCandidate{RegistrationID: reg.ID, Protocol: reg.Protocol(), Name: reg.Name, Person: person,
				TypeLabel: reg.TypeLabel(), Present: present[reg.ID]})
		}
	}
	sheets, err := s.store.AttendanceSheets(ctx, a.ID, m.ID)
	if err != nil {
		return err
	}
	base := meetingAdminURL(a, p, m)
	v := s.adminView(r, "Presenze – "+m.Name())
	v["Process"], v["Meeting"], v["When"], v["Attendance"], v["Count"], v["Candidates"] = p, m, meetingWhen(m), list, count, cands
	v["Query"], v["Expected"], v["Form"], v["Sheets"], v["Base"] = q, q == "" && filter.AreaID != 0, f, sheets, base
	v["NewOrgURL"] = registrationsURL(a, p) + "/nuova?tipo=organizzazione&incontro=" + strconv.FormatInt(m.ID, 10)
	v["NewCitizenURL"] = registrationsURL(a, p) + "/nuova?tipo=cittadino&incontro=" + strconv.FormatInt(m.ID, 10)
	var areas []pdz.Area
	for _, id := range m.AreaIDs {
		if ar := p.Area(id); ar != nil {
			areas = append(areas, *ar)
		}
	}
	v["Areas"], v["AreasBase"] = areas, processAdminURL(a, p)+"/aree/"
	lates := map[int64]bool{}
	earlies := map[int64]bool{}
	for _, x := range list {
		lates[x.ID], earlies[x.ID] = x.Late(m, locale.Rome), x.LeftEarly(m, locale.Rome)
	}
	v["Late"], v["Early"] = lates, earlies
	v["Crumbs"] = tablesCrumbs(a, p, Crumb{m.Name(), ""})
	s.render(w, r, status, "admin/attendance", v)
	return nil
}

func (s *Server) attendanceCheckIn(w http.ResponseWriter, r *http.Request) error {
	p, m, err := s.meetingOf(r)
	if err != nil {
		return err
	}
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	a := info(r).ambito
	var got pdz.Attendance
	if code := strings.TrimSpace(f.Get("codice")); code != "" || f.Get("registration_id") == "" {
		if code == "" {
			err = pdz.Problems{"codice": "Leggi o digita il codice della ricevuta (es. 2026/000123), oppure cerca per nome."}.Err()
		} else {
			got, err = s.store.CheckInByCode(r.Context(), actor(r), a.ID, p.ID, m.ID, code)
		}
	} else {
		pr := pdz.Problems{}
		id := formID(pr, f.Values, "registration_id", "Iscrizione non valida.")
		if err = pr.Err(); err == nil {
			got, err = s.store.CheckIn(r.Context(), actor(r), a.ID, p.ID, m.ID, id, pdz.CheckInList, "")
		}
	}
	if err != nil {
		s.formFailed(r, f, err)
		if _, ok := f.Errors["codice"]; !ok && f.Message == "" {
			f.Message = pdz.ErrorMessage(err)
		}
		return s.renderAttendance(w, r, statusOf(pdz.ErrorCode(err)), &p, &m, f)
	}
	who := got.PersonName
	if got.IsOrganisation() {
		who += " (" + got.Who.StaffName() + ")"
	}
	return s.redirect(w, r, meetingAdminURL(a, &p, &m)+"/presenze", "Presente: "+who+", alle "+got.ArrivedAt.In(locale.Rome).Format("15:04")+".")
}

// attendanceOf loads the meeting and the presence {tid}.
func (s *Server) attendanceOf(r *http.Request) (pdz.Process, pdz.Meeting, pdz.Attendance, error) {
	p, m, err := s.meetingOf(r)
	if err != nil {
		return p, m, pdz.Attendance{}, err
	}
	id, err := pathID(r, "tid")
	if err != nil {
		return p, m, pdz.Attendance{}, err
	}
	x, err := s.store.Attendance(r.Context(), info(r).ambito.ID, m.ID, id)
	return p, m, x, err
}

func attendanceValues(x *pdz.Attendance) url.Values {
	v := url.Values{"person_name": {x.PersonName}, "arrived": {clockValue(x.ArrivedAt)}, "left": {clockValue(x.LeftAt)}, "notes": {x.Notes}}
	if x.NameConsent {
		v.Set("name_consent", "1")
	}
	return v
}

func (s *Server) attendanceEdit(w http.ResponseWriter, r *http.Request) error {
	p, m, x, err := s.attendanceOf(r)
	if err != nil {
		return err
	}
	return s.renderAttendanceForm(w, r, http.StatusOK, &p, &m, &x, newForm(attendanceValues(&x)))
}

func (s *Server) renderAttendanceForm(w http.ResponseWriter, r *http.Request, status int, p *pdz.Process, m *pdz.Meeting, x *pdz.Attendance, f *Form) error {
	a := info(r).ambito
	base := meetingAdminURL(a, p, m) + "/presenze"
	v := s.adminView(r, "Presenza di "+x.PersonName)
	v["Form"], v["Attendance"], v["Meeting"], v["Action"], v["Back"] = f, x, m, base+"/"+strconv.FormatInt(x.ID, 10), base
	v["Crumbs"] = tablesCrumbs(a, p, Crumb{m.Name(), base}, Crumb{x.PersonName, ""})
	s.render(w, r, status, "admin/attendance_form", v)
	return nil
}

func (s *Server) attendanceUpdate(w http.ResponseWriter, r *http.Request) error {
	p, m, x, err := s.attendanceOf(r)
	if err != nil {
		return err
	}
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	orig := x
	pr := pdz.Problems{}
	x.PersonName, x.Notes, x.NameConsent = f.Get("person_name"), f.Get("notes"), f.Get("name_consent") == "1"
	x.ArrivedAt = formLocalTime(pr, "arrived", f.Get("arrived"), m.Date)
	x.LeftAt = formLocalTime(pr, "left", f.Get("left"), m.Date)
	if len(pr) > 0 {
		err = mergeProblems(pr, x.Validate())
	} else {
		err = s.store.UpdateAttendance(r.Context(), actor(r), info(r).ambito.ID, &x)
	}
	if err != nil {
		s.formFailed(r, f, err)
		return s.renderAttendanceForm(w, r, statusOf(pdz.ErrorCode(err)), &p, &m, &orig, f)
	}
	return s.redirect(w, r, meetingAdminURL(info(r).ambito, &p, &m)+"/presenze", "Presenza corretta.")
}

func (s *Server) attendanceLeave(w http.ResponseWriter, r *http.Request) error {
	p, m, x, err := s.attendanceOf(r)
	if err != nil {
		return err
	}
	a := info(r).ambito
	if err := s.store.MarkLeft(r.Context(), actor(r), a.ID, m.ID, x.ID); err != nil {
		f := newForm(nil)
		s.formFailed(r, f, err)
		return s.renderAttendance(w, r, statusOf(pdz.ErrorCode(err)), &p, &m, f)
	}
	return s.redirect(w, r, meetingAdminURL(a, &p, &m)+"/presenze", "Registrata l'uscita di "+x.PersonName+".")
}

func (s *Server) attendanceDelete(w http.ResponseWriter, r *http.Request) error {
	p, m, x, err := s.attendanceOf(r)
	if err != nil {
		return err
	}
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	a := info(r).ambito
	if err = confirmed(f); err == nil {
		err = s.store.DeleteAttendance(r.Context(), actor(r), a.ID, m.ID, x.ID)
	}
	if err != nil {
		s.formFailed(r, f, err)
		return s.renderAttendanceForm(w, r, statusOf(pdz.ErrorCode(err)), &p, &m, &x, f)
	}
	return s.redirect(w, r, meetingAdminURL(a, &p, &m)+"/presenze", "Presenza tolta.")
}

// readPDFUpload reads the PDF of a multipart form (field "file") after the
// other fields, checked by content.
func readPDFUpload(w http.ResponseWriter, r *http.Request) (*Form, *pdz.File, error) {
	r.Body = http.MaxBytesReader(w, r.Body, pdz.MaxAttachmentSize+1<<20)
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		return newForm(nil), nil, pdz.Problems{"file": "Il file supera i 10 MB consentiti o il modulo non è leggibile."}.Err()
	}
	f, err := submittedForm(url.Values(r.MultipartForm.Value))
	if err != nil {
		return f, nil, err
	}
	fh := r.MultipartForm.File["file"]
	if len(fh) == 0 || fh[0].Size == 0 {
		return f, nil, pdz.Problems{"file": "Scegli il file PDF da caricare."}.Err()
	}
	in, err := fh[0].Open()
	if err != nil {
		return f, nil, pdz.Problems{"file": "Il file non è leggibile."}.Err()
	}
	defer in.Close()
	data, err := io.ReadAll(io.LimitReader(in, pdz.MaxAttachmentSize+1))
	if err != nil {
		return f, nil, pdz.Problems{"file": "Il file non è leggibile."}.Err()
	}
	file, err := pdz.NewPDF("file", fh[0].Filename, data)
	return f, file, err
}

func (s *Server) attendanceSheetUpload(w http.ResponseWriter, r *http.Request) error {
	p, m, err := s.meetingOf(r)
	if err != nil {
		return err
	}
	f, file, err := readPDFUpload(w, r)
	if err == nil {
		notes := strings.TrimSpace(f.Get("notes"))
		if len([]rune(notes)) > 500 {
			err = pdz.Problems{"notes": "Al massimo 500 caratteri."}.Err()
		} else {
			err = s.store.SaveAttendanceSheet(r.Context(), actor(r), info(r).ambito.ID, p.ID, m.ID, file, notes)
		}
	}
	if err != nil {
		s.formFailed(r, f, err)
		return s.renderAttendance(w, r, statusOf(pdz.ErrorCode(err)), &p, &m, f)
	}
	return s.redirect(w, r, meetingAdminURL(info(r).ambito, &p, &m)+"/presenze#fogli", "Foglio presenze firmato caricato (SHA-256 "+file.SHA256[:12]+"…).")
}

func (s *Server) attendanceSheetFile(w http.ResponseWriter, r *http.Request) error {
	_, m, err := s.meetingOf(r)
	if err != nil {
		return err
	}
	id, err := pathID(r, "fid")
	if err != nil {
		return err
	}
	f, err := s.store.AttendanceSheetFile(r.Context(), info(r).ambito.ID, m.ID, id)
	if err != nil {
		return err
	}
	sendStoredFile(w, r, f)
	return nil
}
