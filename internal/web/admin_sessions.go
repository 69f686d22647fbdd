package web

import (
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/pdz-ats/pdz/internal/locale"
	"github.com/pdz-ats/pdz/internal/pdz"
)

// Back office of the sessions (sedute) of a body: the session's own data,
// who was present, its acts with their attachments, publication.

func sessionAdminURL(a *pdz.Ambito, b *pdz.Body, x *pdz.BodySession) string {
	return bodyAdminURL(a, b) + "/sedute/" + strconv.FormatInt(x.ID, 10)
}

// sessionTitle is how the back office names a session: "Seduta del 02/11/2022".
func sessionTitle(b *pdz.Body, x *pdz.BodySession) string {
	t := "Seduta"
	if x.Number != "" {
		t += " n. " + x.Number
	}
	t += " del " + locale.ShortDate(x.Date)
	if b.Kind == pdz.BodyConsiglioComunale && x.ComuneName != "" {
		t += " – Consiglio Comunale di " + x.ComuneName
	}
	return t
}

// sessionOf loads the body {oid} and its session {sid}.
func (s *Server) sessionOf(r *http.Request) (pdz.Body, pdz.BodySession, error) {
	b, err := s.bodyOf(r)
	if err != nil {
		return b, pdz.BodySession{}, err
	}
	id, err := pathID(r, "sid")
	if err != nil {
		return b, pdz.BodySession{}, err
	}
	x, err := s.store.BodySession(r.Context(), b.AmbitoID, b.ID, id)
	return b, x, err
}

func (s *Server) sessionShow(w http.ResponseWriter, r *http.Request) error {
	b, x, err := s.sessionOf(r)
	if err != nil {
		return err
	}
	return s.renderSession(w, r, http.StatusOK, &b, &x, nil, nil)
}

// renderSession shows a session in the back office with its attendance
// form (af) and deletion form (df); nil forms start from the session.
func (s *Server) renderSession(w http.ResponseWriter, r *http.Request, status int, b *pdz.Body, x *pdz.BodySession, af, df *Form) error {
	a := info(r).ambito
	if af == nil {
		af = newForm(url.Values{"guests": {x.Guests}})
		for _, id := range x.Present {
			af.Values.Add("present", strconv.FormatInt(id, 10))
		}
	}
	if df == nil {
		df = newForm(nil)
	}
	var members []Option
	for _, m := range b.Members {
		if m.ActiveOn(x.Date) || x.IsPresent(m.ID) {
			members = append(members, Option{strconv.FormatInt(m.ID, 10), m.Who()})
		}
	}
	title := sessionTitle(b, x)
	v := s.adminView(r, title)
	v["Body"], v["Session"], v["Base"], v["BodyURL"] = b, x, sessionAdminURL(a, b, x), bodyAdminURL(a, b)
	v["AttendanceForm"], v["Form"], v["MemberOptions"] = af, df, members
	v["PublicURL"] = "/ambiti/" + a.Slug + "/organi/" + b.Slug + "/sedute/" + strconv.FormatInt(x.ID, 10)
	if x.ProcessID != 0 {
		if p, err := s.store.Process(r.Context(), a.ID, x.ProcessID); err == nil {
			v["Process"] = &p
			v["Meeting"] = p.Meeting(x.MeetingID)
		}
	}
	v["Crumbs"] = bodiesCrumbs(a, Crumb{b.Name, bodyAdminURL(a, b)}, Crumb{title, ""})
	s.render(w, r, status, "admin/session", v)
	return nil
}

func sessionValues(x *pdz.BodySession) url.Values {
	return url.Values{"number": {x.Number}, "date": {dateValue(x.Date)}, "start_time": {x.StartTime.String()}, "end_time": {x.EndTime.String()},
		"place": {x.Place}, "convocation_number": {x.ConvocationNumber}, "convocation_date": {dateValue(x.ConvocationDate)},
		"process_id": {idValue(x.ProcessID)}, "meeting_id": {idValue(x.MeetingID)}, "comune_id": {idValue(x.ComuneID)},
		"agenda": {x.Agenda}, "notes": {x.Notes}}
}

// sessionFromForm reads the session form. A meeting chosen without its
// process brings its process along.
func sessionFromForm(f *Form, x *pdz.BodySession, ps []pdz.Process) pdz.Problems {
	p := pdz.Problems{}
	v := f.Values
	x.Number, x.Place, x.ConvocationNumber = v.Get("number"), v.Get("place"), v.Get("convocation_number")
	x.Date, x.ConvocationDate = formDate(p, v, "date"), formDate(p, v, "convocation_date")
	x.StartTime, x.EndTime = formClock(p, v, "start_time"), formClock(p, v, "end_time")
	x.ProcessID = formID(p, v, "process_id", "Percorso non valido.")
	x.MeetingID = formID(p, v, "meeting_id", "Incontro non valido.")
	x.ComuneID = formID(p, v, "comune_id", "Comune non valido.")
	x.Agenda, x.Notes = strings.TrimSpace(v.Get("agenda")), strings.TrimSpace(v.Get("notes"))
	if x.MeetingID != 0 && x.ProcessID == 0 {
		for _, pr := range ps {
			if pr.Meeting(x.MeetingID) != nil {
				x.ProcessID = pr.ID
				f.Values.Set("process_id", strconv.FormatInt(pr.ID, 10))
			}
		}
	}
	return p
}

func (s *Server) renderSessionForm(w http.ResponseWriter, r *http.Request, status int, f *Form, b *pdz.Body, x *pdz.BodySession, ps []pdz.Process) error {
	a := info(r).ambito
	ctx := r.Context()
	title, action, back := "Nuova seduta – "+b.Name, bodyAdminURL(a, b)+"/sedute", bodyAdminURL(a, b)+"#sedute"
	crumbs := bodiesCrumbs(a, Crumb{b.Name, bodyAdminURL(a, b)}, Crumb{"Nuova seduta", ""})
	if x.ID != 0 {
		title, action, back = "Modifica della seduta", sessionAdminURL(a, b, x)+"/modifica", sessionAdminURL(a, b, x)
		crumbs = bodiesCrumbs(a, Crumb{b.Name, bodyAdminURL(a, b)}, Crumb{sessionTitle(b, x), sessionAdminURL(a, b, x)}, Crumb{"Modifica", ""})
	}
	comuni, err := s.comuneOptions(ctx, a.ID, "– nessuno –")
	if err != nil {
		return err
	}
	if ps == nil {
		if ps, err = s.ambitoProcesses(ctx, a.ID); err != nil {
			return err
		}
	}
	processes := []Option{{"", "– nessuno –"}}
	for _, p := range ps {
		processes = append(processes, Option{strconv.FormatInt(p.ID, 10), p.Cycle})
	}
	v := s.adminView(r, title)
	v["Form"], v["Body"], v["Action"], v["Back"], v["Crumbs"] = f, b, action, back, crumbs
	v["ComuneOptions"], v["ProcessOptions"], v["MeetingOptions"] = comuni, processes, meetingOptions(ps, "– nessuno –")
	v["IsConsiglio"] = b.Kind == pdz.BodyConsiglioComunale
	s.render(w, r, status, "admin/session_form", v)
	return nil
}

func (s *Server) sessionNew(w http.ResponseWriter, r *http.Request) error {
	b, err := s.bodyOf(r)
	if err != nil {
		return err
	}
	return s.renderSessionForm(w, r, http.StatusOK, newForm(nil), &b, &pdz.BodySession{}, nil)
}

func (s *Server) sessionCreate(w http.ResponseWriter, r *http.Request) error {
	b, err := s.bodyOf(r)
	if err != nil {
		return err
	}
	return s.sessionSave(w, r, &b, &pdz.BodySession{BodyID: b.ID})
}

func (s *Server) sessionEdit(w http.ResponseWriter, r *http.Request) error {
	b, x, err := s.sessionOf(r)
	if err != nil {
		return err
	}
	return s.renderSessionForm(w, r, http.StatusOK, newForm(sessionValues(&x)), &b, &x, nil)
}

func (s *Server) sessionUpdate(w http.ResponseWriter, r *http.Request) error {
	b, x, err := s.sessionOf(r)
	if err != nil {
		return err
	}
	return s.sessionSave(w, r, &b, &x)
}

func (s *Server) sessionSave(w http.ResponseWriter, r *http.Request, b *pdz.Body, x *pdz.BodySession) error {
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	a := info(r).ambito
	ps, err := s.ambitoProcesses(r.Context(), a.ID)
	if err != nil {
		return err
	}
	orig := *x
	problems := sessionFromForm(f, x, ps)
	if len(problems) > 0 {
		err = mergeProblems(problems, x.Validate())
	} else {
		err = s.store.SaveBodySession(r.Context(), actor(r), a.ID, x)
	}
	if err != nil {
		s.formFailed(r, f, err)
		return s.renderSessionForm(w, r, statusOf(pdz.ErrorCode(err)), f, b, &orig, ps)
	}
	msg := "Seduta salvata."
	if orig.ID == 0 {
		msg = "Seduta creata in bozza. Registra ora presenti e atti; la pubblicazione spetta al Responsabile dell'Ufficio di Piano."
	}
	return s.redirect(w, r, sessionAdminURL(a, b, x), msg)
}

func (s *Server) sessionAttendance(w http.ResponseWriter, r *http.Request) error {
	b, x, err := s.sessionOf(r)
	if err != nil {
		return err
	}
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	p := pdz.Problems{}
	present := formIDs(p, f.Values, "present", "Componente non valido.")
	if err = p.Err(); err == nil {
		err = s.store.SetAttendance(r.Context(), actor(r), b.AmbitoID, b.ID, x.ID, present, strings.TrimSpace(f.Get("guests")))
	}
	if err != nil {
		s.formFailed(r, f, err)
		return s.renderSession(w, r, statusOf(pdz.ErrorCode(err)), &b, &x, f, nil)
	}
	return s.redirect(w, r, sessionAdminURL(info(r).ambito, &b, &x)+"#presenze", "Presenze salvate.")
}

func (s *Server) sessionPublish(w http.ResponseWriter, r *http.Request) error {
	return s.sessionStatus(w, r, pdz.StatusPublished, "Seduta pubblicata: è visibile nella pagina pubblica dell'organo e nella cronologia del percorso.")
}

func (s *Server) sessionUnpublish(w http.ResponseWriter, r *http.Request) error {
	return s.sessionStatus(w, r, pdz.StatusDraft, "Seduta ritirata dalla pubblicazione.")
}

func (s *Server) sessionStatus(w http.ResponseWriter, r *http.Request, st pdz.Status, msg string) error {
	b, x, err := s.sessionOf(r)
	if err != nil {
		return err
	}
	if err := s.store.SetBodySessionStatus(r.Context(), actor(r), b.AmbitoID, b.ID, x.ID, st); err != nil {
		return err
	}
	return s.redirect(w, r, sessionAdminURL(info(r).ambito, &b, &x), msg)
}

func (s *Server) sessionDelete(w http.ResponseWriter, r *http.Request) error {
	b, x, err := s.sessionOf(r)
	if err != nil {
		return err
	}
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	if err = confirmed(f); err == nil {
		err = s.store.DeleteBodySession(r.Context(), actor(r), b.AmbitoID, b.ID, x.ID)
	}
	if err != nil {
		s.formFailed(r, f, err)
		return s.renderSession(w, r, statusOf(pdz.ErrorCode(err)), &b, &x, nil, f)
	}
	return s.redirect(w, r, bodyAdminURL(info(r).ambito, &b)+"#sedute", "Bozza della seduta eliminata.")
}

// ---- acts

// parseUpload reads a form that may carry a file in field: multipart (up to
// the attachment limit plus the other fields) or urlencoded. It returns the
// file's name and content, nil when none was chosen.
func parseUpload(w http.ResponseWriter, r *http.Request, field string) (*Form, string, []byte, error) {
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		f, err := parseForm(w, r)
		return f, "", nil, err
	}
	r.Body = http.MaxBytesReader(w, r.Body, pdz.MaxAttachmentSize+1<<20)
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		return nil, "", nil, pdz.Errorf(pdz.EINVALID, "Il modulo inviato non è leggibile o l'allegato supera i 10 MB consentiti.")
	}
	defer r.MultipartForm.RemoveAll()
	f, err := submittedForm(url.Values(r.MultipartForm.Value))
	if err != nil {
		return f, "", nil, err
	}
	fhs := r.MultipartForm.File[field]
	if len(fhs) == 0 || fhs[0].Size == 0 {
		return f, "", nil, nil
	}
	file, err := fhs[0].Open()
	if err != nil {
		return nil, "", nil, pdz.Errorf(pdz.EINVALID, "L'allegato non è leggibile.")
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, pdz.MaxAttachmentSize+1))
	if err != nil {
		return nil, "", nil, pdz.Errorf(pdz.EINVALID, "L'allegato non è leggibile.")
	}
	return f, fhs[0].Filename, data, nil
}

func actValues(x *pdz.Act) url.Values {
	return url.Values{"kind": {string(x.Kind)}, "number": {x.Number}, "date": {dateValue(x.Date)}, "subject": {x.Subject},
		"position": {positionValue(x.Position)}}
}

// actOf loads the body, the session and its act {id}.
func (s *Server) actOf(r *http.Request) (pdz.Body, pdz.BodySession, pdz.Act, error) {
	b, x, err := s.sessionOf(r)
	if err != nil {
		return b, x, pdz.Act{}, err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return b, x, pdz.Act{}, err
	}
	a := x.Act(id)
	if a == nil {
		return b, x, pdz.Act{}, pdz.Errorf(pdz.ENOTFOUND, "Atto non trovato.")
	}
	return b, x, *a, nil
}

func (s *Server) renderActForm(w http.ResponseWriter, r *http.Request, status int, f *Form, b *pdz.Body, x *pdz.BodySession, act *pdz.Act) error {
	a := info(r).ambito
	title, action := "Nuovo atto o decisione", sessionAdminURL(a, b, x)+"/atti"
	if act.ID != 0 {
		title = act.Kind.Label()
		if ref := act.Reference(); ref != "" {
			title = ref
		}
		action += "/" + strconv.FormatInt(act.ID, 10)
	}
	kinds := []Option{}
	for _, k := range pdz.ActKinds {
		kinds = append(kinds, Option{string(k), k.Label()})
	}
	v := s.adminView(r, title)
	v["Form"], v["Body"], v["Session"], v["Act"], v["Action"] = f, b, x, act, action
	v["Back"], v["PartID"], v["KindOptions"] = sessionAdminURL(a, b, x)+"#atti", act.ID, kinds
	v["Crumbs"] = bodiesCrumbs(a, Crumb{b.Name, bodyAdminURL(a, b)}, Crumb{sessionTitle(b, x), sessionAdminURL(a, b, x)}, Crumb{title, ""})
	s.render(w, r, status, "admin/act_form", v)
	return nil
}

func (s *Server) actNew(w http.ResponseWriter, r *http.Request) error {
	b, x, err := s.sessionOf(r)
	if err != nil {
		return err
	}
	kind := pdz.ActDecisione
	if b.Kind == pdz.BodyConsiglioComunale {
		kind = pdz.ActDeliberazione
	}
	vals := url.Values{"kind": {string(kind)}, "date": {dateValue(x.Date)}}
	return s.renderActForm(w, r, http.StatusOK, newForm(vals), &b, &x, &pdz.Act{})
}

func (s *Server) actCreate(w http.ResponseWriter, r *http.Request) error {
	b, x, err := s.sessionOf(r)
	if err != nil {
		return err
	}
	return s.actSave(w, r, &b, &x, &pdz.Act{SessionID: x.ID})
}

func (s *Server) actEdit(w http.ResponseWriter, r *http.Request) error {
	b, x, act, err := s.actOf(r)
	if err != nil {
		return err
	}
	return s.renderActForm(w, r, http.StatusOK, newForm(actValues(&act)), &b, &x, &act)
}

func (s *Server) actUpdate(w http.ResponseWriter, r *http.Request) error {
	b, x, act, err := s.actOf(r)
	if err != nil {
		return err
	}
	return s.actSave(w, r, &b, &x, &act)
}

func (s *Server) actSave(w http.ResponseWriter, r *http.Request, b *pdz.Body, x *pdz.BodySession, act *pdz.Act) error {
	f, name, data, err := parseUpload(w, r, "file")
	if err != nil {
		return err
	}
	orig := *act
	p := pdz.Problems{}
	v := f.Values
	act.Kind, act.Number, act.Subject = pdz.ActKind(v.Get("kind")), v.Get("number"), v.Get("subject")
	act.Date = formDate(p, v, "date")
	act.Position = position(p, v)
	var file *pdz.File
	if data != nil {
		file, err = pdz.NewPDF("file", name, data)
		for k, msg := range pdz.ErrorFields(err) {
			p.Add(k, msg)
		}
	}
	if len(p) > 0 {
		err = mergeProblems(p, act.Validate())
	} else {
		err = s.store.SaveAct(r.Context(), actor(r), b.AmbitoID, b.ID, act, file, v.Get("remove_file") == "1")
	}
	if err != nil {
		s.formFailed(r, f, err)
		if data != nil && f.Errors["file"] == "" {
			f.Errors["file"] = "Il file scelto non è stato salvato perché il modulo contiene errori: selezionarlo di nuovo."
		}
		return s.renderActForm(w, r, statusOf(pdz.ErrorCode(err)), f, b, x, &orig)
	}
	msg := "Atto salvato."
	if orig.ID == 0 {
		msg = "Atto aggiunto."
	}
	return s.redirect(w, r, sessionAdminURL(info(r).ambito, b, x)+"#atti", msg)
}

func (s *Server) actDelete(w http.ResponseWriter, r *http.Request) error {
	b, x, act, err := s.actOf(r)
	if err != nil {
		return err
	}
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	if err = confirmed(f); err == nil {
		err = s.store.DeleteAct(r.Context(), actor(r), b.AmbitoID, b.ID, x.ID, act.ID)
	}
	if err != nil {
		form := newForm(actValues(&act))
		s.formFailed(r, form, err)
		return s.renderActForm(w, r, statusOf(pdz.ErrorCode(err)), form, &b, &x, &act)
	}
	return s.redirect(w, r, sessionAdminURL(info(r).ambito, &b, &x)+"#atti", "Atto eliminato.")
}

func (s *Server) actFileAdmin(w http.ResponseWriter, r *http.Request) error {
	b, x, act, err := s.actOf(r)
	if err != nil {
		return err
	}
	f, err := s.store.ActFile(r.Context(), b.AmbitoID, b.ID, x.ID, act.ID)
	if err != nil {
		return err
	}
	serveFile(w, r, &f, "private, no-store")
	return nil
}
