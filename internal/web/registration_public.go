package web

import (
	"maps"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/pdz-ats/pdz/internal/document"
	"github.com/pdz-ats/pdz/internal/locale"
	"github.com/pdz-ats/pdz/internal/pdz"
	"github.com/pdz-ats/pdz/internal/security"
	"github.com/pdz-ats/pdz/internal/store"
)

// The public side of joining a process: the form, the receipt and the
// registrant's personal pages, the request of a new link, the list of
// participants.

func (s *Server) mailQueued() {
	if s.cfg.MailQueued != nil {
		s.cfg.MailQueued()
	}
}

// private marks a page that must not be cached, indexed or leak its URL
// (it carries a form token or a personal key).
func private(w http.ResponseWriter) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Robots-Tag", "noindex")
	w.Header().Set("Referrer-Policy", "no-referrer")
}

// registrationOpen reports whether the public form accepts registrations
// now: the deadline, checked again by the store when saving, is in
// Europe/Rome as entered in the notice.
func (s *Server) registrationOpen(p *pdz.Process) bool {
	return p.Deadline.IsZero() || !s.now().After(p.Deadline)
}

func joinURL(a *pdz.Ambito, p *pdz.Process) string { return processBase(a, p) + "/adesione" }

func (s *Server) joinView(r *http.Request, a *pdz.Ambito, p *pdz.Process, title string) View {
	v := s.processView(r, a, p, title)
	v["Crumbs"] = []Crumb{{"Home", "/"}, {a.Name, "/ambiti/" + a.Slug}, {p.Cycle, processBase(a, p)}, {title, ""}}
	v["JoinURL"] = joinURL(a, p)
	v["Open"] = s.registrationOpen(p)
	return v
}

// joinForm shows the choice (organisation or citizen), the form, or the
// notice that registrations are closed.
func (s *Server) joinForm(w http.ResponseWriter, r *http.Request) error {
	a, p, err := s.publishedProcess(r)
	if err != nil {
		return err
	}
	private(w)
	if !s.registrationOpen(&p) {
		v := s.joinView(r, &a, &p, "Iscrizioni chiuse")
		s.render(w, r, http.StatusOK, "public/join_closed", v)
		return nil
	}
	kind := r.URL.Query().Get("tipo")
	if kind != string(pdz.RegistrantOrganisation) && kind != string(pdz.RegistrantCitizen) {
		s.render(w, r, http.StatusOK, "public/join_start", s.joinView(r, &a, &p, "Manifestazione di interesse"))
		return nil
	}
	f := newForm(url.Values{"kind": {kind}})
	if kind == string(pdz.RegistrantOrganisation) {
		f.Values.Set("declarant_role", "Legale rappresentante")
	}
	return s.renderJoinForm(w, r, http.StatusOK, &a, &p, f, false)
}

func (s *Server) renderJoinForm(w http.ResponseWriter, r *http.Request, status int, a *pdz.Ambito, p *pdz.Process, f *Form, hadFile bool) error {
	title := "Manifestazione di interesse"
	if f.Get("kind") == string(pdz.RegistrantCitizen) {
		title += " – cittadina o cittadino"
	} else {
		title += " – organizzazione"
	}
	v := s.joinView(r, a, p, title)
	v["Action"] = joinURL(a, p)
	v["Mode"] = "nuova"
	if err := s.registrationFormView(r, v, a, p, f, hadFile); err != nil {
		return err
	}
	s.render(w, r, status, "public/join_form", v)
	return nil
}

// registrationProcess loads the Ambito and the published process of a
// public URL with the process's areas only: the submission is the hot path
// of the last minutes before a deadline.
func (s *Server) registrationProcess(r *http.Request) (pdz.Ambito, pdz.Process, error) {
	ctx := r.Context()
	a, err := s.store.AmbitoBySlug(ctx, r.PathValue("ambito"))
	if err != nil {
		return a, pdz.Process{}, err
	}
	p, err := s.store.RegistrationProcess(ctx, a.ID, r.PathValue("percorso"))
	if err == nil && !p.Published() {
		err = pdz.Errorf(pdz.ENOTFOUND, "Percorso non trovato.")
	}
	return a, p, err
}

// joinSubmit saves a registration from the public form. A form sent twice
// (same token) leads to the receipt of the first.
func (s *Server) joinSubmit(w http.ResponseWriter, r *http.Request) error {
	a, p, err := s.registrationProcess(r)
	if err != nil {
		return err
	}
	private(w)
	f, up, badText, err := readRegistrationForm(w, r)
	if err != nil {
		return err
	}
	if err := s.publicFormAllowed(w, r); err != nil {
		if pdz.ErrorCode(err) != pdz.ETOOMANY {
			return err
		}
		s.formFailed(r, f, err)
		return s.renderJoinForm(w, r, statusOf(pdz.ErrorCode(err)), &a, &p, f, up.present || up.tooBig)
	}
	token := formToken(f)
	reg := pdz.Registration{ProcessID: p.ID, Channel: pdz.ChannelOnline}
	problems := registrationFromForm(f, &reg)
	maps.Copy(problems, badText)
	att := checkUpload(up, problems)
	if f.Get("sito_web") != "" {
		// The trap field of join_form.html: a program filled it in. Nothing
		// is saved and no protocol number is taken; a person who typed in
		// it by mistake reads why and sends the form again.
		problems["sito_web"] = "Lascia vuoto questo campo: serve a fermare gli invii automatici."
	}
	if len(problems) > 0 {
		err = mergeProblems(problems, reg.Validate(&p, pdz.DateOf(s.now().In(locale.Rome))))
	} else {
		hash := security.HashToken(token)
		m := s.regMail(&a, &p)
		var existing bool
		existing, err = s.store.SubmitRegistration(r.Context(), a.ID, store.Submission{Registration: &reg, SubmissionHash: hash, AccessHash: hash,
			File: att, Process: &p, Compose: func(x *pdz.Registration) []pdz.Email { return m.received(x, token) }, NotifyHolder: m.someoneTried}, locale.Rome)
		if err == nil && existing {
			return s.alreadyRegistered(w, r, &a, &p, &reg, token)
		}
	}
	if err != nil {
		if pdz.ErrorCode(err) == pdz.ECONFLICT {
			s.mailQueued() // the holder of a place may have been warned
		}
		s.formFailed(r, f, err)
		return s.renderJoinForm(w, r, statusOf(pdz.ErrorCode(err)), &a, &p, f, up.present || up.tooBig)
	}
	s.mailQueued()
	msg := "Manifestazione di interesse registrata con protocollo n. " + reg.Protocol() + "."
	if reg.Email != "" {
		msg += " La conferma, con il link a questa pagina, è stata inviata a " + reg.Email + "."
	}
	return s.redirect(w, r, joinURL(&a, &p)+"/"+token, msg)
}

// alreadyRegistered answers a form sent again: the receipt of the
// registration it made, or, if its personal link was replaced since, the
// protocol number and where to find the new link.
func (s *Server) alreadyRegistered(w http.ResponseWriter, r *http.Request, a *pdz.Ambito, p *pdz.Process, reg *pdz.Registration, token string) error {
	h, err := s.store.AccessHashOf(r.Context(), a.ID, reg.ID)
	if err != nil {
		return err
	}
	if h == security.HashToken(token) {
		return s.redirect(w, r, joinURL(a, p)+"/"+token, "Questa manifestazione di interesse era già stata registrata, con protocollo n. "+reg.Protocol()+": ecco la ricevuta.")
	}
	v := s.joinView(r, a, p, "Manifestazione di interesse già registrata")
	v["Registration"] = reg
	s.render(w, r, http.StatusOK, "public/join_already", v)
	return nil
}

// personal loads the registration of a personal link and marks the
// response private. Erased registrations and replaced links are "not
// found".
func (s *Server) personal(w http.ResponseWriter, r *http.Request) (pdz.Ambito, pdz.Process, pdz.Registration, string, error) {
	a, p, err := s.publishedProcess(r)
	if err != nil {
		return a, p, pdz.Registration{}, "", err
	}
	key := r.PathValue("chiave")
	notFound := pdz.Errorf(pdz.ENOTFOUND, "Il link non è valido o non è più attivo. Se hai chiesto un nuovo link, usa l'ultimo ricevuto per e-mail; altrimenti puoi chiederne uno nuovo dalla pagina della manifestazione di interesse.")
	if !tokenRE.MatchString(key) {
		return a, p, pdz.Registration{}, "", notFound
	}
	reg, err := s.store.RegistrationByAccess(r.Context(), a.ID, p.ID, security.HashToken(key))
	if pdz.ErrorCode(err) == pdz.ENOTFOUND || err == nil && reg.Erased() {
		err = notFound
	}
	if err == nil {
		private(w)
	}
	return a, p, reg, key, err
}

// canChange reports whether the registrant may still correct or withdraw.
func (s *Server) canChange(p *pdz.Process, reg *pdz.Registration) bool {
	return reg.Status != pdz.RegWithdrawn && s.registrationOpen(p)
}

func (s *Server) personalPage(w http.ResponseWriter, r *http.Request) error {
	a, p, reg, key, err := s.personal(w, r)
	if err != nil {
		return err
	}
	return s.renderPersonal(w, r, http.StatusOK, &a, &p, &reg, key, newForm(nil))
}

func (s *Server) renderPersonal(w http.ResponseWriter, r *http.Request, status int, a *pdz.Ambito, p *pdz.Process, reg *pdz.Registration, key string, f *Form) error {
	hist, err := s.store.RegistrationHistory(r.Context(), a.ID, reg.ID)
	if err != nil {
		return err
	}
	v := s.joinView(r, a, p, "Manifestazione di interesse prot. n. "+reg.Protocol())
	v["Registration"], v["History"], v["Form"] = reg, hist, f
	v["Base"] = joinURL(a, p) + "/" + key
	v["CanChange"] = s.canChange(p, reg)
	v["Declaration"] = pdz.TruthfulnessDeclaration
	// The check-in code of the tables, and the proposals the registrant
	// authors with their answers (issue 4).
	v["QR"] = safeHTML(qrSVG(pdz.QRText(reg), "Codice QR per la registrazione delle presenze: protocollo "+reg.Protocol()))
	props, err := s.store.ProposalsOfRegistration(r.Context(), a.ID, p.ID, reg.ID)
	if err != nil {
		return err
	}
	until, err := s.store.ProposalsUntil(r.Context(), a.ID, p.ID)
	if err != nil {
		return err
	}
	v["Proposals"], v["ProposalsOpen"], v["ProposalsUntil"] = props, s.proposalsOpen(until) && reg.Status.Holds(), until
	s.render(w, r, status, "public/registration", v)
	return nil
}

func (s *Server) personalReceipt(w http.ResponseWriter, r *http.Request) error {
	a, p, reg, _, err := s.personal(w, r)
	if err != nil {
		return err
	}
	return s.receiptPDF(w, r, &a, &p, &reg)
}

func (s *Server) receiptPDF(w http.ResponseWriter, r *http.Request, a *pdz.Ambito, p *pdz.Process, reg *pdz.Registration) error {
	b, err := document.ReceiptPDF(a, p, reg, s.absURL(r, processBase(a, p)), s.now())
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="ricevuta-`+strings.ReplaceAll(reg.Protocol(), "/", "-")+`.pdf"`)
	w.Write(b)
	return nil
}

func (s *Server) personalFile(w http.ResponseWriter, r *http.Request) error {
	a, _, reg, _, err := s.personal(w, r)
	if err != nil {
		return err
	}
	return s.sendFile(w, r, a.ID, reg.ID)
}

// sendFile sends the signed form of a registration.
func (s *Server) sendFile(w http.ResponseWriter, r *http.Request, ambitoID, id int64) error {
	f, err := s.store.RegistrationFile(r.Context(), ambitoID, id)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/pdf")
	cd := mime.FormatMediaType("attachment", map[string]string{"filename": f.Name})
	if cd == "" {
		cd = `attachment; filename="modulo-firmato.pdf"`
	}
	w.Header().Set("Content-Disposition", cd)
	w.Header().Set("Content-Security-Policy", "sandbox; default-src 'none'")
	w.Write(f.Data)
	return nil
}

func (s *Server) personalEdit(w http.ResponseWriter, r *http.Request) error {
	a, p, reg, key, err := s.personal(w, r)
	if err != nil {
		return err
	}
	if !s.canChange(&p, &reg) {
		f := newForm(nil)
		s.formFailed(r, f, changeRefused(&reg))
		return s.renderPersonal(w, r, http.StatusConflict, &a, &p, &reg, key, f)
	}
	f := newForm(registrationValues(&reg))
	f.Values.Set("token", key)
	return s.renderEditForm(w, r, http.StatusOK, &a, &p, &reg, key, f, false)
}

func changeRefused(reg *pdz.Registration) error {
	if reg.Status == pdz.RegWithdrawn {
		return pdz.Errorf(pdz.ECONFLICT, "La manifestazione di interesse è stata ritirata: non si può più modificare.")
	}
	return pdz.Errorf(pdz.ECONFLICT, "Il termine dell'avviso è scaduto: la manifestazione di interesse non si può più modificare o ritirare online. Per richieste scrivi all'Ufficio di Piano.")
}

func (s *Server) renderEditForm(w http.ResponseWriter, r *http.Request, status int, a *pdz.Ambito, p *pdz.Process, reg *pdz.Registration, key string, f *Form, hadFile bool) error {
	v := s.joinView(r, a, p, "Modifica della manifestazione di interesse prot. n. "+reg.Protocol())
	base := joinURL(a, p) + "/" + key
	v["Crumbs"] = []Crumb{{"Home", "/"}, {a.Name, "/ambiti/" + a.Slug}, {p.Cycle, processBase(a, p)}, {"Prot. n. " + reg.Protocol(), base}, {"Modifica", ""}}
	v["Action"], v["Back"], v["Mode"], v["Registration"] = base+"/modifica", base, "modifica", reg
	if err := s.registrationFormView(r, v, a, p, f, hadFile); err != nil {
		return err
	}
	s.render(w, r, status, "public/join_form", v)
	return nil
}

func (s *Server) personalUpdate(w http.ResponseWriter, r *http.Request) error {
	a, p, reg, key, err := s.personal(w, r)
	if err != nil {
		return err
	}
	f, up, badText, err := readRegistrationForm(w, r)
	if err != nil {
		return err
	}
	f.Values.Set("kind", string(reg.Kind)) // who registered does not change
	f.Values.Set("token", key)
	changed := pdz.Registration{ID: reg.ID, ProcessID: p.ID, Kind: reg.Kind, Channel: reg.Channel}
	problems := registrationFromForm(f, &changed)
	maps.Copy(problems, badText)
	att := checkUpload(up, problems)
	if !s.canChange(&p, &reg) {
		err = changeRefused(&reg)
	} else if len(problems) > 0 {
		err = mergeProblems(problems, changed.Validate(&p, pdz.DateOf(s.now().In(locale.Rome))))
	} else {
		m := s.regMail(&a, &p)
		err = s.store.UpdateRegistration(r.Context(), a.ID, store.Change{Registration: &changed, File: att, RemoveFile: f.Get("remove_file") == "1",
			Compose: func(x *pdz.Registration) []pdz.Email { return m.changed(x, key) }, NotifyHolder: m.someoneTried}, locale.Rome)
	}
	if err != nil {
		if pdz.ErrorCode(err) == pdz.ECONFLICT {
			s.mailQueued() // the holder of a place may have been warned
		}
		s.formFailed(r, f, err)
		return s.renderEditForm(w, r, statusOf(pdz.ErrorCode(err)), &a, &p, &reg, key, f, up.present || up.tooBig)
	}
	s.mailQueued()
	return s.redirect(w, r, joinURL(&a, &p)+"/"+key, "Modifica registrata (versione "+itoaInt(changed.Version)+"): la versione precedente resta agli atti. Una conferma è stata inviata per e-mail.")
}

func (s *Server) personalWithdraw(w http.ResponseWriter, r *http.Request) error {
	a, p, reg, key, err := s.personal(w, r)
	if err != nil {
		return err
	}
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	switch {
	case !s.canChange(&p, &reg):
		err = changeRefused(&reg)
	case f.Get("conferma") != "1":
		err = pdz.Problems{"conferma": "Spunta la casella per confermare il ritiro."}.Err()
	default:
		m := s.regMail(&a, &p)
		err = s.store.WithdrawRegistration(r.Context(), a.ID, p.ID, reg.ID, m.withdrawn, locale.Rome)
	}
	if err != nil {
		s.formFailed(r, f, err)
		return s.renderPersonal(w, r, statusOf(pdz.ErrorCode(err)), &a, &p, &reg, key, f)
	}
	s.mailQueued()
	return s.redirect(w, r, joinURL(&a, &p)+"/"+key, "Manifestazione di interesse ritirata. Una conferma è stata inviata per e-mail.")
}

// ---- a new personal link

func (s *Server) newLinkForm(w http.ResponseWriter, r *http.Request) error {
	a, p, err := s.publishedProcess(r)
	if err != nil {
		return err
	}
	private(w)
	return s.renderNewLink(w, r, http.StatusOK, &a, &p, newForm(nil))
}

func (s *Server) renderNewLink(w http.ResponseWriter, r *http.Request, status int, a *pdz.Ambito, p *pdz.Process, f *Form) error {
	v := s.joinView(r, a, p, "Nuovo link personale")
	v["Form"] = f
	s.render(w, r, status, "public/new_link", v)
	return nil
}

// newLinkSend e-mails a new link to every registration of the process made
// with the address. The answer is the same whether or not there is one.
func (s *Server) newLinkSend(w http.ResponseWriter, r *http.Request) error {
	a, p, err := s.publishedProcess(r)
	if err != nil {
		return err
	}
	private(w)
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	email := strings.TrimSpace(f.Get("email"))
	if err = s.publicFormAllowed(w, r); err != nil {
		if pdz.ErrorCode(err) != pdz.ETOOMANY {
			return err
		}
	} else if email == "" {
		err = pdz.Problems{"email": "Indica l'indirizzo e-mail usato nella manifestazione di interesse."}.Err()
	} else if msg := pdz.EmailProblem(email); msg != "" {
		err = pdz.Problems{"email": msg}.Err()
	}
	if err != nil {
		s.formFailed(r, f, err)
		return s.renderNewLink(w, r, statusOf(pdz.ErrorCode(err)), &a, &p, f)
	}
	m := s.regMail(&a, &p)
	n, err := s.store.NewAccessLinks(r.Context(), a.ID, p.ID, email, func() (string, string) {
		k := security.Token()
		return k, security.HashToken(k)
	}, m.newLink)
	if err != nil {
		return err
	}
	if n > 0 {
		s.mailQueued()
	}
	return s.redirect(w, r, joinURL(&a, &p)+"/nuovo-link", "Richiesta ricevuta. Se l'indirizzo "+email+
		" corrisponde a una manifestazione di interesse di questo percorso, riceverai a breve un messaggio con il nuovo link personale; il link precedente smetterà di funzionare quando aprirai quello nuovo.")
}

// ---- who takes part

// publicParticipants shows, area by area, how many organisations and
// citizens joined and the names of the organisations that consented.
func (s *Server) publicParticipants(w http.ResponseWriter, r *http.Request) error {
	return s.cached(w, r, func(w http.ResponseWriter, r *http.Request) error {
		a, p, err := s.publishedProcess(r)
		if err != nil {
			return err
		}
		stats, err := s.store.PublicParticipation(r.Context(), a.ID, p.ID)
		if err != nil {
			return err
		}
		v := s.joinView(r, &a, &p, "Chi partecipa")
		v["Stats"], v["Organisations"], v["Citizens"] = stats.Areas, stats.Organisations, stats.Citizens
		s.render(w, r, http.StatusOK, "public/participants", v)
		return nil
	})
}

func itoaInt(n int) string { return locale.Int(int64(n)) }

// publicFormWindow is the window of Config.PublicFormLimit.
const publicFormWindow = 10 * time.Minute

// publicFormAllowed counts a submission of a public form from the client's
// address and refuses it (ETOOMANY) beyond Config.PublicFormLimit in
// publicFormWindow. The count is in the database, so it holds across
// application servers; behind a reverse proxy every client has the
// proxy's address, hence a generous default (see README).
func (s *Server) publicFormAllowed(w http.ResponseWriter, r *http.Request) error {
	if s.cfg.PublicFormLimit <= 0 {
		return nil
	}
	n, err := s.store.CountPublicPost(r.Context(), s.clientIP(r), s.now(), publicFormWindow)
	if err != nil {
		return err
	}
	if n > s.cfg.PublicFormLimit {
		w.Header().Set("Retry-After", "600")
		return pdz.Errorf(pdz.ETOOMANY, "Troppi moduli inviati da questa rete negli ultimi 10 minuti. Quanto inserito è ancora qui: attendi qualche minuto e invia di nuovo.")
	}
	return nil
}
