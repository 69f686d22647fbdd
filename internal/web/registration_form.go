package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"mime"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/pdz-ats/pdz/internal/locale"
	"github.com/pdz-ats/pdz/internal/pdz"
	"github.com/pdz-ats/pdz/internal/security"
)

// The registration form (manifestazione di interesse) is shared by the
// public page, the registrant's correction and the UdP's late or on-site
// entries. This file turns it into a pdz.Registration and back.

const (
	maxUpload     = 10 << 20 // the signed form
	maxFormFields = 1 << 20  // every other field together
	maxFormBody   = 32 << 20 // beyond this the rest of the request is not read
)

// upload is the signed form sent with the registration form.
type upload struct {
	name    string
	data    []byte
	tooBig  bool
	present bool
}

var tokenRE = regexp.MustCompile(`^[A-Za-z0-9_-]{43}$`)

// readRegistrationForm reads the form, multipart (with the signed form) or
// urlencoded. The fields are read before the file (the file input is the
// last of the form), and a file over 10 MB is noted, not kept, so a too big
// file never loses what was typed. Text that is not valid (submittedForm)
// comes back as problems, with the form, to be shown next to its fields
// with the others.
func readRegistrationForm(w http.ResponseWriter, r *http.Request) (*Form, *upload, pdz.Problems, error) {
	f, up, err := readRegistrationParts(w, r)
	if f == nil {
		return nil, nil, nil, err
	}
	return f, up, pdz.Problems(pdz.ErrorFields(err)), nil
}

func readRegistrationParts(w http.ResponseWriter, r *http.Request) (*Form, *upload, error) {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct != "multipart/form-data" {
		f, err := parseForm(w, r)
		return f, &upload{}, err
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBody)
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, nil, pdz.Errorf(pdz.EINVALID, "Il modulo inviato non è leggibile.")
	}
	vals := url.Values{}
	up := &upload{}
	size := 0
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			// A body cut short (too big, connection lost): keep what was read.
			if len(vals) == 0 {
				return nil, nil, pdz.Errorf(pdz.EINVALID, "Il modulo inviato non è leggibile o è troppo grande.")
			}
			up.tooBig = up.tooBig || up.present
			break
		}
		name := part.FormName()
		if part.FileName() != "" || name == "signed_form" {
			if name != "signed_form" {
				part.Close()
				continue
			}
			data, err := io.ReadAll(io.LimitReader(part, maxUpload+1))
			if err != nil && len(data) <= maxUpload {
				up.tooBig = true
			}
			if len(data) > 0 || part.FileName() != "" {
				up.present = len(data) > 0
				up.name = filepath.Base(strings.ReplaceAll(part.FileName(), `\`, "/"))
				if len(data) > maxUpload {
					up.tooBig, data = true, nil
					io.Copy(io.Discard, part)
				}
				up.data = data
			}
			part.Close()
			continue
		}
		b, err := io.ReadAll(io.LimitReader(part, maxFormFields-int64(size)+1))
		part.Close()
		size += len(b)
		if err != nil || size > maxFormFields {
			return nil, nil, pdz.Errorf(pdz.EINVALID, "Il modulo inviato è troppo grande.")
		}
		vals.Add(name, string(b))
	}
	f, err := submittedForm(vals)
	return f, up, err
}

// checkUpload checks the signed form: PDF (by its content, not its name),
// at most 10 MB. It returns the attachment with its SHA-256, or nil.
func checkUpload(up *upload, p pdz.Problems) *pdz.Attachment {
	if up == nil || (!up.present && !up.tooBig) {
		return nil
	}
	if up.tooBig {
		p.Add("signed_form", "Il file supera i 10 MB: riducine la dimensione (per esempio scansionando in bianco e nero a 150 dpi) e sceglilo di nuovo.")
		return nil
	}
	if !bytes.HasPrefix(up.data, []byte("%PDF-")) {
		p.Add("signed_form", "Il file scelto non è un PDF: carica il modulo firmato in formato PDF.")
		return nil
	}
	sum := sha256.Sum256(up.data)
	name := up.name
	if name == "" || name == "." || name == "/" {
		name = "modulo-firmato.pdf"
	}
	if len([]rune(name)) > 120 {
		name = string([]rune(name)[:116]) + ".pdf"
	}
	return &pdz.Attachment{Name: name, Size: int64(len(up.data)), SHA256: hex.EncodeToString(sum[:]), Data: up.data}
}

// proposalFields are the fields of one proposal block, after "propN_".
var proposalFields = []string{"area", "title", "need", "description", "target", "beneficiaries", "comuni", "cost", "partners"}

// personFields are the fields of a person, after a prefix and "_".
var personFields = []string{"name", "role", "email", "phone"}

// compactProposals moves the filled proposal blocks to the first places
// (blocks 1 and 3 filled become 1 and 2), so messages and blocks match.
func compactProposals(v url.Values) {
	n := 0
	for i := 1; i <= pdz.MaxProposals; i++ {
		from := "prop" + strconv.Itoa(i) + "_"
		filled := false
		for _, f := range proposalFields {
			for _, x := range v[from+f] {
				if strings.TrimSpace(x) != "" {
					filled = true
				}
			}
		}
		if !filled {
			for _, f := range proposalFields {
				v.Del(from + f)
			}
			continue
		}
		n++
		if n != i {
			to := "prop" + strconv.Itoa(n) + "_"
			for _, f := range proposalFields {
				v[to+f] = v[from+f]
				v.Del(from + f)
			}
		}
	}
}

// registrationFromForm fills r from the form. Parse problems (a date, a
// number) are returned; the rules are pdz.Registration.Validate's.
func registrationFromForm(f *Form, r *pdz.Registration) pdz.Problems {
	pr := pdz.Problems{}
	compactProposals(f.Values)
	v := f.Values
	get := func(k string) string { return strings.TrimSpace(v.Get(k)) }
	person := func(prefix string) pdz.Person {
		return pdz.Person{Name: get(prefix + "_name"), Role: get(prefix + "_role"), Email: get(prefix + "_email"), Phone: get(prefix + "_phone")}
	}
	if k := pdz.RegistrantKind(get("kind")); k == pdz.RegistrantOrganisation || k == pdz.RegistrantCitizen {
		r.Kind = k
	}
	r.Name, r.OrgType, r.OrgTypeOther = get("name"), pdz.OrgType(get("org_type")), get("org_type_other")
	r.TaxCode, r.VATNumber, r.RUNTS = get("tax_code"), get("vat_number"), get("runts")
	r.FoundedOn = formDate(pr, v, "founded_on")
	r.Address, r.Comune, r.Email, r.PEC, r.Phone = get("address"), get("comune"), get("email"), get("pec"), get("phone")
	r.PublishName = get("publish_name") == "1"
	r.Declarant, r.Contact = pdz.Person{Name: get("declarant_name"), Role: get("declarant_role")}, person("contact")
	if r.Kind == pdz.RegistrantOrganisation {
		switch get("manages_services") {
		case "si":
			r.ManagesServices = true
		case "no":
			r.ManagesServices = false
		default:
			pr.Add("manages_services", "Indica se l'organizzazione gestisce servizi per conto dell'Ambito.")
		}
	}
	r.Areas = nil
	for _, id := range formIDs(pr, v, "areas", "Area tematica non valida.") {
		r.Areas = append(r.Areas, pdz.Participation{AreaID: id, Rep: person("rep_" + strconv.FormatInt(id, 10))})
	}
	r.Proposals = nil
	for i := 1; i <= pdz.MaxProposals; i++ {
		p := "prop" + strconv.Itoa(i) + "_"
		present := false
		for _, name := range proposalFields {
			if _, ok := v[p+name]; ok {
				present = true
			}
		}
		if !present { // compactProposals left the filled blocks first
			break
		}
		x := pdz.Proposal{AreaID: formID(pr, v, p+"area", "Area tematica non valida."), Title: get(p + "title"), Need: get(p + "need"),
			Description: get(p + "description"), Target: get(p + "target"), Partners: get(p + "partners"),
			Beneficiaries: formInt(pr, v, p+"beneficiaries", "Indica il numero stimato di destinatari come numero intero (es. 40).")}
		for _, c := range v[p+"comuni"] {
			if c = strings.TrimSpace(c); c != "" {
				x.Comuni = append(x.Comuni, c)
			}
		}
		cost, err := locale.ParseMoney(get(p + "cost"))
		if err != nil || cost < 0 {
			pr.Add(p+"cost", "Indica il costo stimato in euro, es. 12.500,00.")
		}
		x.CostCents = cost
		r.Proposals = append(r.Proposals, x)
	}
	r.PrivacyAccepted, r.Truthful = get("privacy") == "1", get("truthful") == "1"
	return pr
}

// registrationValues is the form of an existing registration.
func registrationValues(r *pdz.Registration) url.Values {
	v := url.Values{"kind": {string(r.Kind)}, "name": {r.Name}, "org_type": {string(r.OrgType)}, "org_type_other": {r.OrgTypeOther},
		"tax_code": {r.TaxCode}, "vat_number": {r.VATNumber}, "runts": {r.RUNTS}, "founded_on": {dateValue(r.FoundedOn)},
		"address": {r.Address}, "comune": {r.Comune}, "email": {r.Email}, "pec": {r.PEC}, "phone": {r.Phone},
		"declarant_name": {r.Declarant.Name}, "declarant_role": {r.Declarant.Role}}
	if r.IsOrganisation() {
		v.Set("manages_services", "no")
		if r.ManagesServices {
			v.Set("manages_services", "si")
		}
		setPerson(v, "contact", r.Contact)
	}
	if r.PublishName {
		v.Set("publish_name", "1")
	}
	for _, a := range r.Areas {
		id := strconv.FormatInt(a.AreaID, 10)
		v.Add("areas", id)
		setPerson(v, "rep_"+id, a.Rep)
	}
	for i, x := range r.Proposals {
		p := "prop" + strconv.Itoa(i+1) + "_"
		v.Set(p+"area", idValue(x.AreaID))
		v.Set(p+"title", x.Title)
		v.Set(p+"need", x.Need)
		v.Set(p+"description", x.Description)
		v.Set(p+"target", x.Target)
		if x.Beneficiaries > 0 {
			v.Set(p+"beneficiaries", strconv.FormatInt(x.Beneficiaries, 10))
		}
		v[p+"comuni"] = x.Comuni
		v.Set(p+"cost", locale.MoneyInput(x.CostCents))
		v.Set(p+"partners", x.Partners)
	}
	if r.PrivacyAccepted {
		v.Set("privacy", "1")
	}
	if r.Truthful {
		v.Set("truthful", "1")
	}
	return v
}

func setPerson(v url.Values, prefix string, p pdz.Person) {
	if p.IsZero() {
		return
	}
	for i, x := range []string{p.Name, p.Role, p.Email, p.Phone} {
		v.Set(prefix+"_"+personFields[i], x)
	}
}

// formToken is the submission token of a form: the one it carries, or a
// new one.
func formToken(f *Form) string {
	if t := f.Get("token"); tokenRE.MatchString(t) {
		return t
	}
	t := security.Token()
	f.Values.Set("token", t)
	return t
}

// registrationFormView adds to v what every registration form shows: the
// areas, the types, the Comuni, the proposal blocks, the declarations.
func (s *Server) registrationFormView(r *http.Request, v View, a *pdz.Ambito, p *pdz.Process, f *Form, hadFile bool) error {
	cs, err := s.store.Comuni(r.Context(), a.ID)
	if err != nil {
		return err
	}
	var comuni []Option
	for _, c := range cs {
		comuni = append(comuni, Option{c.Name, c.Name})
	}
	types := []Option{{"", choosePlaceholder}}
	for _, t := range pdz.OrgTypes {
		types = append(types, Option{string(t.Value), t.Label})
	}
	areas := []Option{{"", choosePlaceholder}}
	for _, ar := range p.Areas {
		areas = append(areas, Option{strconv.FormatInt(ar.ID, 10), ar.Name()})
	}
	var blocks []int
	for i := 1; i <= pdz.MaxProposals; i++ {
		blocks = append(blocks, i)
	}
	filled := 0
	for i := 1; i <= pdz.MaxProposals; i++ {
		if f.Get("prop"+strconv.Itoa(i)+"_title") != "" || f.Get("prop"+strconv.Itoa(i)+"_area") != "" || f.Get("prop"+strconv.Itoa(i)+"_description") != "" {
			filled = i
		}
	}
	privacy, _, err := s.store.PrivacyNotice(r.Context(), a.ID)
	if pdz.ErrorCode(err) == pdz.ENOTFOUND {
		privacy, err = pdz.DefaultPrivacyNotice(a), nil
	}
	if err != nil {
		return err
	}
	v["Form"], v["Process"], v["ComuniOptions"], v["TypeOptions"], v["AreaChoices"] = f, p, comuni, types, areas
	v["ProposalBlocks"], v["FilledProposals"], v["Declaration"], v["Privacy"] = blocks, filled, pdz.TruthfulnessDeclaration, privacy
	v["PrivacyIsTemplate"] = pdz.IsPrivacyTemplate(privacy)
	v["Kind"] = f.Get("kind")
	v["HadFile"], v["FileLostNote"] = hadFile && f.Invalid(), fileLost
	v["Token"] = formToken(f)
	return nil
}

// fileLost is the note shown when a form with a file comes back with
// mistakes: browsers never keep a chosen file.
const fileLost = "Il file scelto non viene conservato quando il modulo contiene errori: sceglilo di nuovo prima di inviare."

// receivedAt reads the date and time of receipt of a late or on-site entry.
func receivedAt(p pdz.Problems, v url.Values, now time.Time) time.Time {
	t, err := locale.ParseDateTime(v.Get("received_date"), v.Get("received_time"))
	switch {
	case err != nil:
		p.Add("received_date", "Data o ora non valide (es. 22/06/2026 e 9:30).")
	case t.IsZero():
		return now
	case t.After(now):
		p.Add("received_date", "La data di ricevimento non può essere futura.")
	}
	return t
}
