package web

import (
	"encoding/json"
	"maps"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/pdz-ats/pdz/internal/document"
	"github.com/pdz-ats/pdz/internal/locale"
	"github.com/pdz-ats/pdz/internal/pdz"
	"github.com/pdz-ats/pdz/internal/security"
	"github.com/pdz-ats/pdz/internal/store"
)

// The register of the manifestazioni di interesse in the back office.

func registrationsURL(a *pdz.Ambito, p *pdz.Process) string {
	return processAdminURL(a, p) + "/iscrizioni"
}

func registrationURL(a *pdz.Ambito, p *pdz.Process, id int64) string {
	return registrationsURL(a, p) + "/" + strconv.FormatInt(id, 10)
}

func (s *Server) registerCrumbs(a *pdz.Ambito, p *pdz.Process, more ...Crumb) []Crumb {
	return ambitoCrumbs(a, append([]Crumb{{p.Cycle, processAdminURL(a, p)}, {"Manifestazioni di interesse", registrationsURL(a, p)}}, more...)...)
}

const perPage = 50

func kindOptions(all string) []Option {
	opts := []Option{{"", all}, {string(pdz.RegistrantCitizen), "Cittadine e cittadini"}}
	for _, t := range pdz.OrgTypes {
		opts = append(opts, Option{string(t.Value), t.Label})
	}
	return opts
}

func (s *Server) registrationList(w http.ResponseWriter, r *http.Request) error {
	p, err := s.processOf(r)
	if err != nil {
		return err
	}
	a := info(r).ambito
	q := r.URL.Query()
	f := newForm(q)
	pr := pdz.Problems{}
	filter := pdz.RegistrationFilter{AreaID: formID(pr, q, "area", "Area tematica non valida."), Kind: q.Get("tipo"), Comune: q.Get("comune"),
		Status: pdz.RegistrationStatus(q.Get("stato")), Channel: pdz.Channel(q.Get("canale")), Query: strings.TrimSpace(q.Get("q"))}
	if filter.AreaID != 0 && p.Area(filter.AreaID) == nil {
		pr.Add("area", "Area tematica non valida.")
	}
	if filter.Status != "" && !filter.Status.Valid() {
		pr.Add("stato", "Stato non valido.")
	}
	if filter.Channel != "" && !filter.Channel.Valid() {
		pr.Add("canale", "Canale non valido.")
	}
	page, _ := strconv.Atoi(q.Get("pagina"))
	page = max(page, 1)
	filter.Limit, filter.Offset = perPage, (page-1)*perPage
	for k, msg := range pr {
		f.Errors[k] = msg
	}
	var regs []pdz.Registration
	total := 0
	if len(pr) == 0 {
		if regs, total, err = s.store.Registrations(r.Context(), a.ID, p.ID, filter); err != nil {
			return err
		}
	}
	counts, err := s.store.RegistrationCounts(r.Context(), a.ID, p.ID)
	if err != nil {
		return err
	}
	comuni, err := s.store.RegistrationComuni(r.Context(), a.ID, p.ID)
	if err != nil {
		return err
	}
	comuneOpts := []Option{{"", "Tutti i Comuni"}}
	for _, c := range comuni {
		comuneOpts = append(comuneOpts, Option{c, c})
	}
	statusOpts := []Option{{"", "Tutti gli stati"}}
	for _, st := range pdz.RegistrationStatuses {
		statusOpts = append(statusOpts, Option{string(st), st.Label()})
	}
	channelOpts := []Option{{"", "Tutti i canali"}}
	for _, c := range pdz.Channels {
		channelOpts = append(channelOpts, Option{string(c), c.Label()})
	}
	all := 0
	var parts []string
	for _, st := range pdz.RegistrationStatuses {
		if n := counts[st]; n > 0 {
			all += n
			parts = append(parts, locale.Count(n, strings.ToLower(st.Label()), statusPlurals[st]))
		}
	}
	countText := "nessuna manifestazione di interesse"
	if all > 0 {
		countText = locale.Int(int64(all)) + " in tutto: " + strings.Join(parts, ", ")
	}
	v := s.adminView(r, "Manifestazioni di interesse")
	v["Process"], v["Registrations"], v["Total"], v["CountText"] = &p, regs, total, countText
	v["Form"], v["AreaOptions"], v["KindOptions"], v["ComuneOptions"], v["StatusOptions"], v["ChannelOptions"] = f, areaOptions(&p, "Tutte le aree"),
		kindOptions("Tutti i soggetti"), comuneOpts, statusOpts, channelOpts
	v["Base"], v["ProcessURL"] = registrationsURL(a, &p), processAdminURL(a, &p)
	v["Filtered"] = filter.AreaID != 0 || filter.Kind != "" || filter.Comune != "" || filter.Status != "" || filter.Channel != "" || filter.Query != ""
	v["Page"], v["More"] = page, page*perPage < total
	qs := url.Values{}
	for _, k := range []string{"q", "area", "tipo", "comune", "stato", "canale"} {
		if x := q.Get(k); x != "" {
			qs.Set(k, x)
		}
	}
	v["Query"] = qs.Encode()
	exportQ := ""
	if filter.AreaID != 0 {
		exportQ = "?area=" + strconv.FormatInt(filter.AreaID, 10)
	}
	v["ExportQuery"] = exportQ
	v["Crumbs"] = ambitoCrumbs(a, Crumb{p.Cycle, processAdminURL(a, &p)}, Crumb{"Manifestazioni di interesse", ""})
	status := http.StatusOK
	if len(pr) > 0 {
		status = http.StatusBadRequest
	}
	s.render(w, r, status, "admin/registrations", v)
	return nil
}

// statusPlurals is each status's label for more than one registration
// ("3 ricevute"), for locale.Count.
var statusPlurals = map[pdz.RegistrationStatus]string{
	pdz.RegReceived: "ricevute", pdz.RegAccepted: "accettate", pdz.RegRejected: "non ammissibili", pdz.RegWithdrawn: "ritirate",
}

// registrationOf loads the registration {id} of the route's process.
func (s *Server) registrationOf(r *http.Request) (pdz.Process, pdz.Registration, error) {
	p, err := s.processOf(r)
	if err != nil {
		return p, pdz.Registration{}, err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return p, pdz.Registration{}, err
	}
	reg, err := s.store.Registration(r.Context(), info(r).ambito.ID, id)
	if err == nil && reg.ProcessID != p.ID {
		err = pdz.Errorf(pdz.ENOTFOUND, "Manifestazione di interesse non trovata.")
	}
	return p, reg, err
}

func (s *Server) registrationShow(w http.ResponseWriter, r *http.Request) error {
	p, reg, err := s.registrationOf(r)
	if err != nil {
		return err
	}
	f := newForm(url.Values{"status": {string(reg.Status)}, "reason": {reg.StatusReason}})
	return s.renderRegistration(w, r, http.StatusOK, &p, &reg, f, newForm(nil))
}

func (s *Server) renderRegistration(w http.ResponseWriter, r *http.Request, status int, p *pdz.Process, reg *pdz.Registration, decision, erase *Form) error {
	a := info(r).ambito
	hist, err := s.store.RegistrationHistory(r.Context(), a.ID, reg.ID)
	if err != nil {
		return err
	}
	mails, err := s.store.RegistrationEmails(r.Context(), a.ID, reg.ID)
	if err != nil {
		return err
	}
	failed := false
	for _, m := range mails {
		failed = failed || !m.FailedAt.IsZero()
	}
	v := s.adminView(r, "Manifestazione di interesse prot. n. "+reg.Protocol())
	v["Process"], v["Registration"], v["History"], v["Emails"], v["FailedEmails"] = p, reg, hist, mails, failed
	v["Form"], v["EraseForm"] = decision, erase
	v["Base"] = registrationURL(a, p, reg.ID)
	v["StatusOptions"] = []Option{{string(pdz.RegReceived), "Ricevuta (da esaminare)"}, {string(pdz.RegAccepted), "Accettata"}, {string(pdz.RegRejected), "Non ammissibile"}}
	v["Declaration"] = pdz.TruthfulnessDeclaration
	v["Crumbs"] = s.registerCrumbs(a, p, Crumb{"Prot. n. " + reg.Protocol(), ""})
	s.render(w, r, status, "admin/registration", v)
	return nil
}

func (s *Server) registrationDecide(w http.ResponseWriter, r *http.Request) error {
	p, reg, err := s.registrationOf(r)
	if err != nil {
		return err
	}
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	a := info(r).ambito
	m := s.regMail(a, &p)
	st := pdz.RegistrationStatus(f.Get("status"))
	if err := s.store.SetRegistrationStatus(r.Context(), actor(r), a.ID, reg.ID, st, f.Get("reason"), m.decided); err != nil {
		s.formFailed(r, f, err)
		return s.renderRegistration(w, r, statusOf(pdz.ErrorCode(err)), &p, &reg, f, newForm(nil))
	}
	s.mailQueued()
	msg := "Esito registrato: " + strings.ToLower(st.Label()) + "."
	if st != pdz.RegReceived && reg.Email != "" && !reg.Erased() {
		msg += " Il registrante ne riceve notizia per e-mail."
	}
	return s.redirect(w, r, registrationURL(a, &p, reg.ID), msg)
}

func (s *Server) registrationRetryMail(w http.ResponseWriter, r *http.Request) error {
	p, reg, err := s.registrationOf(r)
	if err != nil {
		return err
	}
	a := info(r).ambito
	mails, err := s.store.RegistrationEmails(r.Context(), a.ID, reg.ID)
	if err != nil {
		return err
	}
	n := 0
	for _, m := range mails {
		if !m.FailedAt.IsZero() {
			if err := s.store.RetryEmail(r.Context(), actor(r), a.ID, m.ID); err != nil {
				return err
			}
			n++
		}
	}
	s.mailQueued()
	return s.redirect(w, r, registrationURL(a, &p, reg.ID)+"#messaggi", itoaInt(n)+" messaggi rimessi in coda per un nuovo invio.")
}

// ---- late and on-site entries, and the UdP's corrections

func (s *Server) registrationNew(w http.ResponseWriter, r *http.Request) error {
	p, err := s.processOf(r)
	if err != nil {
		return err
	}
	kind := r.URL.Query().Get("tipo")
	if kind != string(pdz.RegistrantCitizen) {
		kind = string(pdz.RegistrantOrganisation)
	}
	now := s.now().In(locale.Rome)
	channel := pdz.ChannelLate
	if !s.registrationOpen(&p) {
		channel = pdz.ChannelOnSite
	}
	f := newForm(url.Values{"kind": {kind}, "channel": {string(channel)}, "received_date": {now.Format("2006-01-02")},
		"received_time": {now.Format("15:04")}, "privacy": {"1"}, "truthful": {"1"}})
	if kind == string(pdz.RegistrantOrganisation) {
		f.Values.Set("declarant_role", "Legale rappresentante")
	}
	// From the check-in page of a meeting: someone who came without
	// registering joins the meeting's areas and is checked in on saving.
	if id, err := strconv.ParseInt(r.URL.Query().Get("incontro"), 10, 64); err == nil {
		if m := p.Meeting(id); m != nil {
			f.Values.Set("checkin_meeting", strconv.FormatInt(m.ID, 10))
			f.Values.Set("channel", string(pdz.ChannelOnSite))
			for _, a := range m.AreaIDs {
				f.Values.Add("areas", strconv.FormatInt(a, 10))
			}
		}
	}
	return s.renderAdminRegistrationForm(w, r, http.StatusOK, &p, nil, f, false)
}

func (s *Server) renderAdminRegistrationForm(w http.ResponseWriter, r *http.Request, status int, p *pdz.Process, reg *pdz.Registration, f *Form, hadFile bool) error {
	a := info(r).ambito
	title := "Nuova manifestazione di interesse tardiva o in presenza"
	action, back := registrationsURL(a, p), registrationsURL(a, p)
	crumbs := s.registerCrumbs(a, p, Crumb{"Nuova", ""})
	if reg != nil {
		title = "Modifica della manifestazione di interesse prot. n. " + reg.Protocol()
		action, back = registrationURL(a, p, reg.ID)+"/modifica", registrationURL(a, p, reg.ID)
		crumbs = s.registerCrumbs(a, p, Crumb{"Prot. n. " + reg.Protocol(), back}, Crumb{"Modifica", ""})
	}
	v := s.adminView(r, title)
	v["Action"], v["Back"], v["Crumbs"], v["Registration"] = action, back, crumbs, reg
	v["Mode"] = "udp"
	v["ChannelOptions"] = []Option{{string(pdz.ChannelLate), "Tardiva: arrivata dopo la scadenza"}, {string(pdz.ChannelOnSite), "In presenza: partecipazione alla prima sessione"}}
	v["JoinURL"] = registrationsURL(a, p) + "/nuova"
	if id, err := strconv.ParseInt(f.Get("checkin_meeting"), 10, 64); err == nil && reg == nil {
		if m := p.Meeting(id); m != nil {
			v["CheckInMeeting"] = m
			v["JoinExtra"] = "&incontro=" + strconv.FormatInt(m.ID, 10)
			v["Back"] = meetingAdminURL(a, p, m) + "/presenze"
		}
	}
	if err := s.registrationFormView(r, v, a, p, f, hadFile); err != nil {
		return err
	}
	s.render(w, r, status, "admin/registration_form", v)
	return nil
}

func (s *Server) registrationCreate(w http.ResponseWriter, r *http.Request) error {
	p, err := s.processOf(r)
	if err != nil {
		return err
	}
	a := info(r).ambito
	f, up, badText, err := readRegistrationForm(w, r)
	if err != nil {
		return err
	}
	token := formToken(f)
	reg := pdz.Registration{ProcessID: p.ID, Channel: pdz.Channel(f.Get("channel"))}
	problems := registrationFromForm(f, &reg)
	maps.Copy(problems, badText)
	if reg.Channel != pdz.ChannelLate && reg.Channel != pdz.ChannelOnSite {
		problems.Add("channel", "Indica se l'iscrizione è tardiva o in presenza.")
	}
	received := receivedAt(problems, f.Values, s.now())
	att := checkUpload(up, problems)
	var checkIn int64
	if id := formID(problems, f.Values, "checkin_meeting", "Incontro non valido."); id != 0 {
		if m := p.Meeting(id); m != nil {
			checkIn = m.ID
		}
	}
	if p.PublishedAt.IsZero() {
		err = pdz.Errorf(pdz.ECONFLICT, "Il percorso non è mai stato pubblicato: non può ricevere manifestazioni di interesse.")
	} else if len(problems) > 0 {
		err = mergeProblems(problems, reg.Validate(&p, pdz.DateOf(s.now().In(locale.Rome))))
	} else {
		hash := security.HashToken(token)
		m := s.regMail(a, &p)
		var existing bool
		existing, err = s.store.SubmitRegistration(r.Context(), a.ID, store.Submission{Registration: &reg, SubmissionHash: hash, AccessHash: hash,
			ReceivedAt: received, File: att, Actor: actor(r), Compose: func(x *pdz.Registration) []pdz.Email { return m.received(x, token) },
			CheckInMeetingID: checkIn}, locale.Rome)
		if err == nil && existing {
			return s.redirect(w, r, registrationURL(a, &p, reg.ID), "Questa manifestazione di interesse era già stata registrata, con protocollo n. "+reg.Protocol()+".")
		}
	}
	if err != nil {
		s.formFailed(r, f, err)
		return s.renderAdminRegistrationForm(w, r, statusOf(pdz.ErrorCode(err)), &p, nil, f, up.present || up.tooBig)
	}
	s.mailQueued()
	if checkIn != 0 {
		return s.redirect(w, r, meetingAdminURL(a, &p, p.Meeting(checkIn))+"/presenze",
			"Iscritta con protocollo n. "+reg.Protocol()+" e registrata presente: "+reg.Name+".")
	}
	return s.redirect(w, r, registrationURL(a, &p, reg.ID), "Manifestazione di interesse registrata con protocollo n. "+reg.Protocol()+".")
}

func (s *Server) registrationEdit(w http.ResponseWriter, r *http.Request) error {
	p, reg, err := s.registrationOf(r)
	if err != nil {
		return err
	}
	return s.renderAdminRegistrationForm(w, r, http.StatusOK, &p, &reg, newForm(registrationValues(&reg)), false)
}

func (s *Server) registrationUpdate(w http.ResponseWriter, r *http.Request) error {
	p, reg, err := s.registrationOf(r)
	if err != nil {
		return err
	}
	a := info(r).ambito
	f, up, badText, err := readRegistrationForm(w, r)
	if err != nil {
		return err
	}
	f.Values.Set("kind", string(reg.Kind))
	changed := pdz.Registration{ID: reg.ID, ProcessID: p.ID, Kind: reg.Kind, Channel: reg.Channel}
	problems := registrationFromForm(f, &changed)
	maps.Copy(problems, badText)
	att := checkUpload(up, problems)
	if len(problems) > 0 {
		err = mergeProblems(problems, changed.Validate(&p, pdz.DateOf(s.now().In(locale.Rome))))
	} else {
		m := s.regMail(a, &p)
		err = s.store.UpdateRegistration(r.Context(), a.ID, store.Change{Registration: &changed, File: att, RemoveFile: f.Get("remove_file") == "1",
			Actor: actor(r), Compose: func(x *pdz.Registration) []pdz.Email { return m.changed(x, "") }}, locale.Rome)
	}
	if err != nil {
		s.formFailed(r, f, err)
		return s.renderAdminRegistrationForm(w, r, statusOf(pdz.ErrorCode(err)), &p, &reg, f, up.present || up.tooBig)
	}
	s.mailQueued()
	return s.redirect(w, r, registrationURL(a, &p, reg.ID), "Modifica registrata: la versione precedente resta nella storia della manifestazione di interesse.")
}

// ---- documents and personal data

func (s *Server) registrationReceipt(w http.ResponseWriter, r *http.Request) error {
	p, reg, err := s.registrationOf(r)
	if err != nil {
		return err
	}
	return s.receiptPDF(w, r, info(r).ambito, &p, &reg)
}

func (s *Server) registrationFile(w http.ResponseWriter, r *http.Request) error {
	_, reg, err := s.registrationOf(r)
	if err != nil {
		return err
	}
	return s.sendFile(w, r, info(r).ambito.ID, reg.ID)
}

// personalData is what the UdP hands to a person who asks for their data
// (GDPR art. 15): the registration as saved, its history with the earlier
// versions, and the e-mails sent about it.
type personalData struct {
	Esportato   time.Time               `json:"esportato_il"`
	Titolare    string                  `json:"titolare"`
	Percorso    string                  `json:"percorso"`
	Ruolo       []string                `json:"ruolo_della_persona,omitempty"`
	Iscrizione  *pdz.Registration       `json:"manifestazione_di_interesse"`
	Storia      []pdz.RegistrationEvent `json:"storia"`
	Messaggi    []personalMail          `json:"messaggi"`
	Spiegazione string                  `json:"nota"`
}

type personalMail struct {
	Data      time.Time `json:"data"`
	A         string    `json:"a"`
	Oggetto   string    `json:"oggetto"`
	Testo     string    `json:"testo"`
	Stato     string    `json:"stato"`
	InviatoIl time.Time `json:"inviato_il,omitzero"`
}

// registrationPersonalData is what a registration holds about the people it
// names: the data, the history with every earlier version, the e-mails.
func (s *Server) registrationPersonalData(r *http.Request, p *pdz.Process, reg *pdz.Registration) (personalData, error) {
	a := info(r).ambito
	hist, err := s.store.RegistrationHistory(r.Context(), a.ID, reg.ID)
	if err != nil {
		return personalData{}, err
	}
	mails, err := s.store.RegistrationEmails(r.Context(), a.ID, reg.ID)
	if err != nil {
		return personalData{}, err
	}
	out := personalData{Esportato: s.now().In(locale.Rome), Titolare: a.Name, Percorso: p.Cycle, Iscrizione: reg, Storia: hist,
		Spiegazione: "Dati personali trattati per la partecipazione al percorso di programmazione partecipata (art. 15 GDPR). Le date sono in formato ISO 8601."}
	for _, m := range mails {
		out.Messaggi = append(out.Messaggi, personalMail{Data: m.CreatedAt.In(locale.Rome), A: m.To, Oggetto: m.Subject, Testo: m.Body,
			Stato: m.StatusLabel(), InviatoIl: m.SentAt})
	}
	return out, nil
}

func (s *Server) registrationData(w http.ResponseWriter, r *http.Request) error {
	p, reg, err := s.registrationOf(r)
	if err != nil {
		return err
	}
	out, err := s.registrationPersonalData(r, &p, &reg)
	if err != nil {
		return err
	}
	b, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="dati-personali-`+strings.ReplaceAll(reg.Protocol(), "/", "-")+`.json"`)
	w.Write(b)
	return nil
}

func (s *Server) registrationErase(w http.ResponseWriter, r *http.Request) error {
	p, reg, err := s.registrationOf(r)
	if err != nil {
		return err
	}
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	a := info(r).ambito
	if f.Get("conferma") != "1" {
		err = pdz.Problems{"conferma": "Spunta la casella per confermare la cancellazione dei dati personali."}.Err()
	} else {
		var scrubErr error
		scrubErr, err = s.store.EraseRegistration(r.Context(), actor(r), a.ID, reg.ID)
		s.logScrub(scrubErr)
	}
	if err != nil {
		s.formFailed(r, f, err)
		return s.renderRegistration(w, r, statusOf(pdz.ErrorCode(err)), &p, &reg, newForm(url.Values{"status": {string(reg.Status)}}), f)
	}
	return s.redirect(w, r, registrationURL(a, &p, reg.ID), "Dati personali cancellati: nel registro restano solo protocollo, date, tipo di soggetto e aree.")
}

// ---- tables

// areaOf loads the area {id} of the route's process.
func (s *Server) areaOf(r *http.Request) (pdz.Process, *pdz.Area, error) {
	p, err := s.processOf(r)
	if err != nil {
		return p, nil, err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return p, nil, err
	}
	ar := p.Area(id)
	if ar == nil {
		return p, nil, pdz.Errorf(pdz.ENOTFOUND, "Area tematica non trovata.")
	}
	return p, ar, nil
}

// tableOf returns the first table or focus group of an area, to print its
// day, time and place on the attendance sheet.
func tableOf(p *pdz.Process, areaID int64) *pdz.Meeting {
	for i := range p.Meetings {
		m := &p.Meetings[i]
		if m.HasArea(areaID) && (m.Kind == pdz.KindTavolo || m.Kind == pdz.KindFocusGroup) {
			return m
		}
	}
	return nil
}

func (s *Server) areaParticipants(w http.ResponseWriter, r *http.Request) error {
	p, ar, err := s.areaOf(r)
	if err != nil {
		return err
	}
	a := info(r).ambito
	ps, err := s.store.AreaParticipants(r.Context(), a.ID, p.ID, ar.ID)
	if err != nil {
		return err
	}
	v := s.adminView(r, "Partecipanti – "+ar.Name())
	v["Process"], v["Area"], v["Participants"], v["Table"] = &p, ar, ps, tableOf(&p, ar.ID)
	v["RegisterURL"], v["AreaURL"] = registrationsURL(a, &p), processAdminURL(a, &p)+"/aree/"+strconv.FormatInt(ar.ID, 10)
	v["Crumbs"] = s.registerCrumbs(a, &p, Crumb{"Partecipanti – " + ar.Name(), ""})
	s.render(w, r, http.StatusOK, "admin/area_participants", v)
	return nil
}

func (s *Server) attendanceSheet(w http.ResponseWriter, r *http.Request) error {
	p, ar, err := s.areaOf(r)
	if err != nil {
		return err
	}
	a := info(r).ambito
	ps, err := s.store.AreaParticipants(r.Context(), a.ID, p.ID, ar.ID)
	if err != nil {
		return err
	}
	var rows []document.AttendanceRow
	for _, x := range ps {
		org := x.Organisation
		if x.Kind == pdz.RegistrantCitizen {
			org = "Cittadina/o"
		}
		rows = append(rows, document.AttendanceRow{Name: x.Rep.Name, Organisation: org})
	}
	when, where := "", ""
	if m := tableOf(&p, ar.ID); m != nil {
		when = strings.TrimSuffix(locale.DateRange(m.Date, m.EndDate)+", "+locale.TimeRange(m.StartTime, m.EndTime), ", ")
		where = m.Venue()
	}
	b, err := document.AttendancePDF(a, &p, ar, when, where, rows, s.now())
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `inline; filename="foglio-presenze-area-`+strconv.FormatInt(ar.ID, 10)+`.pdf"`)
	w.Write(b)
	return nil
}

// ---- privacy notice

func (s *Server) privacyForm(w http.ResponseWriter, r *http.Request) error {
	a := info(r).ambito
	body, at, err := s.store.PrivacyNotice(r.Context(), a.ID)
	if pdz.ErrorCode(err) == pdz.ENOTFOUND {
		body, err = pdz.DefaultPrivacyNotice(a), nil
	}
	if err != nil {
		return err
	}
	return s.renderPrivacyForm(w, r, http.StatusOK, newForm(url.Values{"body": {body}}), at)
}

func (s *Server) renderPrivacyForm(w http.ResponseWriter, r *http.Request, status int, f *Form, at time.Time) error {
	a := info(r).ambito
	v := s.adminView(r, "Informativa sul trattamento dei dati personali")
	v["Form"], v["UpdatedAt"], v["IsTemplate"] = f, at, pdz.IsPrivacyTemplate(f.Get("body"))
	v["Crumbs"] = ambitoCrumbs(a, Crumb{"Informativa privacy", ""})
	s.render(w, r, status, "admin/privacy_form", v)
	return nil
}

func (s *Server) privacySave(w http.ResponseWriter, r *http.Request) error {
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	a := info(r).ambito
	if err := s.store.SavePrivacyNotice(r.Context(), actor(r), a.ID, f.Get("body")); err != nil {
		s.formFailed(r, f, err)
		return s.renderPrivacyForm(w, r, statusOf(pdz.ErrorCode(err)), f, time.Time{})
	}
	msg := "Informativa salvata: è quella mostrata da ora nel modulo di iscrizione."
	if pdz.IsPrivacyTemplate(f.Get("body")) {
		msg += " Attenzione: contiene ancora l'indicazione " + pdz.PrivacyTemplateMarker + ", da togliere dopo averla completata."
	}
	return s.redirect(w, r, "/admin/a/"+a.Slug+"/informativa-privacy", msg)
}
