package web

import (
	"net/http"
	"net/url"
	"path"
	"strconv"

	"github.com/pdz-ats/pdz/internal/document"
	"github.com/pdz-ats/pdz/internal/pdz"
)

// The Patto di partecipazione of a process in the back office: its text,
// the organisations that signed it (with the scanned paper), each signed
// pact as PDF, publication of the list.

func pactURL(a *pdz.Ambito, p *pdz.Process) string { return processAdminURL(a, p) + "/patto" }

// defaultPactBody is the starting text of a pact: the commitments seeds 001
// and 002 describe, to adapt.
const defaultPactBody = `Con il presente Patto di partecipazione l'organizzazione sottoscrittrice e l'Ambito Territoriale Sociale si impegnano a collaborare all'attuazione, al monitoraggio e alla valutazione del Piano Sociale di Zona, nel rispetto dei principi di sussidiarietà, trasparenza e leale collaborazione.

L'organizzazione si impegna a:
- partecipare ai tavoli di programmazione partecipata e alle sessioni di monitoraggio;
- mettere a disposizione le proprie conoscenze dei bisogni del territorio e delle risorse della comunità;
- segnalare all'Ufficio di Piano proposte e criticità nell'attuazione degli interventi.

L'Ambito si impegna a:
- informare tempestivamente i sottoscrittori sull'andamento del Piano e sulle sue riprogrammazioni;
- rendere pubblici gli esiti della valutazione delle proposte e i verbali degli incontri;
- convocare periodicamente la Cabina di Regia e il tavolo di monitoraggio.`

func (s *Server) pactEdit(w http.ResponseWriter, r *http.Request) error {
	p, err := s.processOf(r)
	if err != nil {
		return err
	}
	pact, err := s.store.PactOf(r.Context(), info(r).ambito.ID, p.ID)
	if err != nil && pdz.ErrorCode(err) != pdz.ENOTFOUND {
		return err
	}
	v := url.Values{"title": {pact.Title}, "body": {pact.Body}, "founded_before": {dateValue(pact.FoundedBefore)}}
	if pact.ID == 0 {
		v.Set("title", "Patto di partecipazione – "+p.Cycle)
		v.Set("body", defaultPactBody)
	}
	return s.renderPact(w, r, http.StatusOK, &p, &pact, newForm(v))
}

func (s *Server) renderPact(w http.ResponseWriter, r *http.Request, status int, p *pdz.Process, pact *pdz.Pact, f *Form) error {
	a := info(r).ambito
	v := s.adminView(r, "Patto di partecipazione")
	v["Process"], v["Pact"], v["Form"], v["Base"], v["PublicURL"] = p, pact, f, pactURL(a, p), processBase(a, p)+"/patto"
	v["Crumbs"] = tablesCrumbs(a, p, Crumb{"Patto di partecipazione", ""})
	s.render(w, r, status, "admin/pact", v)
	return nil
}

func (s *Server) pactSave(w http.ResponseWriter, r *http.Request) error {
	p, err := s.processOf(r)
	if err != nil {
		return err
	}
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	a := info(r).ambito
	cur, err := s.store.PactOf(r.Context(), a.ID, p.ID)
	if err != nil && pdz.ErrorCode(err) != pdz.ENOTFOUND {
		return err
	}
	pr := pdz.Problems{}
	pact := pdz.Pact{ProcessID: p.ID, Title: f.Get("title"), Body: f.Get("body"), FoundedBefore: formDate(pr, f.Values, "founded_before")}
	if len(pr) > 0 {
		err = mergeProblems(pr, pact.Validate())
	} else {
		err = s.store.SavePact(r.Context(), actor(r), a.ID, &pact)
	}
	if err != nil {
		s.formFailed(r, f, err)
		return s.renderPact(w, r, statusOf(pdz.ErrorCode(err)), &p, &cur, f)
	}
	return s.redirect(w, r, pactURL(a, &p), "Patto salvato.")
}

func (s *Server) pactPublish(w http.ResponseWriter, r *http.Request) error {
	p, err := s.processOf(r)
	if err != nil {
		return err
	}
	a := info(r).ambito
	publish := path.Base(r.URL.Path) == "pubblica"
	if err := s.store.PublishPact(r.Context(), actor(r), a.ID, p.ID, publish); err != nil {
		pact, _ := s.store.PactOf(r.Context(), a.ID, p.ID)
		f := newForm(url.Values{"title": {pact.Title}, "body": {pact.Body}})
		s.formFailed(r, f, err)
		return s.renderPact(w, r, statusOf(pdz.ErrorCode(err)), &p, &pact, f)
	}
	msg := "Patto e sottoscrizioni pubblicati."
	if !publish {
		msg = "Patto ritirato dalla pubblicazione."
	}
	return s.redirect(w, r, pactURL(a, &p), msg)
}

func signatureValues(x *pdz.PactSignature) url.Values {
	return url.Values{"registration_id": {idValue(x.RegistrationID)}, "signatory_name": {x.SignatoryName}, "signatory_role": {x.SignatoryRole},
		"signed_on": {dateValue(x.SignedOn)}}
}

// signatureOf loads the process, its pact and the signature {gid} (none
// for a new one).
func (s *Server) signatureOf(r *http.Request) (pdz.Process, pdz.Pact, pdz.PactSignature, error) {
	p, err := s.processOf(r)
	if err != nil {
		return p, pdz.Pact{}, pdz.PactSignature{}, err
	}
	pact, err := s.store.PactOf(r.Context(), info(r).ambito.ID, p.ID)
	if err != nil {
		return p, pact, pdz.PactSignature{}, err
	}
	if r.PathValue("gid") == "" {
		return p, pact, pdz.PactSignature{}, nil
	}
	id, err := pathID(r, "gid")
	if err != nil {
		return p, pact, pdz.PactSignature{}, err
	}
	for _, x := range pact.Signatures {
		if x.ID == id {
			return p, pact, x, nil
		}
	}
	return p, pact, pdz.PactSignature{}, pdz.Errorf(pdz.ENOTFOUND, "Sottoscrizione non trovata.")
}

func (s *Server) renderSignatureForm(w http.ResponseWriter, r *http.Request, status int, p *pdz.Process, pact *pdz.Pact, x *pdz.PactSignature, f *Form) error {
	a := info(r).ambito
	regs, err := s.registrationChoices(r, a, p, true)
	if err != nil {
		return err
	}
	title, action := "Nuova sottoscrizione", pactURL(a, p)+"/firme"
	if x.ID != 0 {
		title, action = "Sottoscrizione di "+x.Organisation, action+"/"+strconv.FormatInt(x.ID, 10)
	}
	v := s.adminView(r, title)
	v["Form"], v["Pact"], v["Signature"], v["Action"], v["Back"], v["PartID"], v["RegistrationOptions"] = f, pact, x, action, pactURL(a, p), x.ID, regs
	v["Crumbs"] = tablesCrumbs(a, p, Crumb{"Patto di partecipazione", pactURL(a, p)}, Crumb{title, ""})
	s.render(w, r, status, "admin/signature_form", v)
	return nil
}

func (s *Server) signatureNew(w http.ResponseWriter, r *http.Request) error {
	p, pact, x, err := s.signatureOf(r)
	if err != nil {
		return err
	}
	return s.renderSignatureForm(w, r, http.StatusOK, &p, &pact, &x, newForm(url.Values{"signed_on": {s.today().String()}, "signatory_role": {"Legale rappresentante"}}))
}

func (s *Server) signatureEdit(w http.ResponseWriter, r *http.Request) error {
	p, pact, x, err := s.signatureOf(r)
	if err != nil {
		return err
	}
	return s.renderSignatureForm(w, r, http.StatusOK, &p, &pact, &x, newForm(signatureValues(&x)))
}

func (s *Server) signatureCreate(w http.ResponseWriter, r *http.Request) error {
	return s.signatureSave(w, r)
}
func (s *Server) signatureUpdate(w http.ResponseWriter, r *http.Request) error {
	return s.signatureSave(w, r)
}

func (s *Server) signatureSave(w http.ResponseWriter, r *http.Request) error {
	p, pact, x, err := s.signatureOf(r)
	if err != nil {
		return err
	}
	orig := x
	f, file, err := readPDFUpload(w, r)
	if pdz.ErrorFields(err)["file"] == "Scegli il file PDF da caricare." {
		err = nil // the scanned paper is optional
	}
	pr := pdz.Problems{}
	for k, msg := range pdz.ErrorFields(err) {
		pr.Add(k, msg)
	}
	x.RegistrationID = formID(pr, f.Values, "registration_id", "Organizzazione non valida.")
	x.SignatoryName, x.SignatoryRole = f.Get("signatory_name"), f.Get("signatory_role")
	x.SignedOn = formDate(pr, f.Values, "signed_on")
	if len(pr) > 0 {
		err = mergeProblems(pr, x.Validate(s.today()))
	} else {
		err = s.store.SaveSignature(r.Context(), actor(r), info(r).ambito.ID, p.ID, &x, file)
	}
	if err != nil {
		s.formFailed(r, f, err)
		return s.renderSignatureForm(w, r, statusOf(pdz.ErrorCode(err)), &p, &pact, &orig, f)
	}
	return s.redirect(w, r, pactURL(info(r).ambito, &p), "Sottoscrizione di "+x.Organisation+" registrata.")
}

func (s *Server) signatureDelete(w http.ResponseWriter, r *http.Request) error {
	p, pact, x, err := s.signatureOf(r)
	if err != nil {
		return err
	}
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	if err = confirmed(f); err == nil {
		err = s.store.DeleteSignature(r.Context(), actor(r), info(r).ambito.ID, p.ID, x.ID)
	}
	if err != nil {
		form := newForm(signatureValues(&x))
		s.formFailed(r, form, err)
		return s.renderSignatureForm(w, r, statusOf(pdz.ErrorCode(err)), &p, &pact, &x, form)
	}
	return s.redirect(w, r, pactURL(info(r).ambito, &p), "Sottoscrizione eliminata.")
}

func (s *Server) pactPDFAdmin(w http.ResponseWriter, r *http.Request) error {
	p, pact, x, err := s.signatureOf(r)
	if err != nil {
		return err
	}
	b, err := document.PactPDF(info(r).ambito, &p, &pact, &x, s.now())
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	sendPDF(w, "patto-"+pdz.Slugify(x.Organisation)+".pdf", b)
	return nil
}

func (s *Server) signatureFileAdmin(w http.ResponseWriter, r *http.Request) error {
	p, _, x, err := s.signatureOf(r)
	if err != nil {
		return err
	}
	f, err := s.store.SignatureFile(r.Context(), info(r).ambito.ID, p.ID, x.ID)
	if err != nil {
		return err
	}
	sendStoredFile(w, r, f)
	return nil
}
