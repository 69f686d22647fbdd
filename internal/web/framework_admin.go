package web

import (
	"bytes"
	"net/http"
	"net/url"
	"strconv"

	"github.com/pdz-ats/pdz/internal/pdz"
)

// Regional frameworks: the installation administrator loads and edits the
// installation's frameworks; an Ambito's Responsabile makes the Ambito's
// own copy of one and completes it (objectives, LEPS …). A framework is
// edited as its JSON document (docs/FRAMEWORK.md), pasted or uploaded.

func frameworkID(r *http.Request) (int64, error) { return pathID(r, "qid") }

// frameworkOf loads the framework {qid} as the Ambito ambitoID sees it (0:
// the installation).
func (s *Server) frameworkOf(r *http.Request, ambitoID int64) (pdz.FrameworkRecord, error) {
	id, err := frameworkID(r)
	if err != nil {
		return pdz.FrameworkRecord{}, err
	}
	return s.store.Framework(r.Context(), ambitoID, id)
}

// installFrameworkCrumbs is the trail of the installation's frameworks.
func installFrameworkCrumbs() []Crumb {
	return []Crumb{{"Area riservata", "/admin"}, {"Quadri regionali", "/admin/quadri"}}
}

func (s *Server) renderFrameworkList(w http.ResponseWriter, r *http.Request, recs []pdz.FrameworkRecord, base string, crumbs []Crumb) {
	v := s.adminView(r, "Quadri regionali")
	v["Frameworks"], v["Base"], v["Crumbs"] = recs, base, crumbs
	v["InstallAdmin"] = info(r).ambito == nil
	s.render(w, r, http.StatusOK, "admin/frameworks", v)
}

func (s *Server) ambitoFrameworks(w http.ResponseWriter, r *http.Request) error {
	a := info(r).ambito
	recs, err := s.store.Frameworks(r.Context(), a.ID)
	if err != nil {
		return err
	}
	s.renderFrameworkList(w, r, recs, "/admin/a/"+a.Slug+"/quadri", ambitoCrumbs(a, Crumb{"Quadri regionali", ""}))
	return nil
}

func (s *Server) installFrameworks(w http.ResponseWriter, r *http.Request) error {
	recs, err := s.store.Frameworks(r.Context(), 0)
	if err != nil {
		return err
	}
	s.renderFrameworkList(w, r, recs, "/admin/quadri", []Crumb{{"Area riservata", "/admin"}, {"Quadri regionali", ""}})
	return nil
}

// ambitoFramework shows a framework in readable tables.
func (s *Server) ambitoFramework(w http.ResponseWriter, r *http.Request) error {
	a := info(r).ambito
	rec, err := s.frameworkOf(r, a.ID)
	if err != nil {
		return err
	}
	base := "/admin/a/" + a.Slug + "/quadri"
	v := s.adminView(r, rec.Framework.Title)
	v["Record"], v["F"], v["Base"] = rec, rec.Framework, base
	v["Own"] = rec.AmbitoID == a.ID
	v["Crumbs"] = ambitoCrumbs(a, Crumb{"Quadri regionali", base}, Crumb{rec.Framework.Cycle, ""})
	s.render(w, r, http.StatusOK, "admin/framework", v)
	return nil
}

func downloadFramework(w http.ResponseWriter, rec pdz.FrameworkRecord) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+rec.Framework.Slug+`.json"`)
	_, err := w.Write(rec.Framework.Canonical())
	return err
}

func (s *Server) ambitoFrameworkDownload(w http.ResponseWriter, r *http.Request) error {
	rec, err := s.frameworkOf(r, info(r).ambito.ID)
	if err != nil {
		return err
	}
	return downloadFramework(w, rec)
}

func (s *Server) installFrameworkDownload(w http.ResponseWriter, r *http.Request) error {
	rec, err := s.frameworkOf(r, 0)
	if err != nil {
		return err
	}
	return downloadFramework(w, rec)
}

func (s *Server) ambitoFrameworkCopy(w http.ResponseWriter, r *http.Request) error {
	a := info(r).ambito
	id, err := frameworkID(r)
	if err != nil {
		return err
	}
	cp, err := s.store.CopyFramework(r.Context(), actor(r), a.ID, id)
	if err != nil {
		return err
	}
	return s.redirect(w, r, "/admin/a/"+a.Slug+"/quadri/"+strconv.FormatInt(cp.ID, 10),
		"Creata la copia dell'Ambito: ora si può completare e poi sceglierla come quadro dei piani.")
}

func (s *Server) ambitoFrameworkDelete(w http.ResponseWriter, r *http.Request) error {
	a := info(r).ambito
	id, err := frameworkID(r)
	if err != nil {
		return err
	}
	if err := s.store.DeleteFramework(r.Context(), actor(r), a.ID, id); err != nil {
		return err
	}
	return s.redirect(w, r, "/admin/a/"+a.Slug+"/quadri", "Quadro regionale eliminato.")
}

// renderFrameworkForm shows the JSON editor of a framework. editable is
// false when the Ambito looks at an installation framework: the page then
// explains how to make a copy instead of offering a form that would fail.
func (s *Server) renderFrameworkForm(w http.ResponseWriter, r *http.Request, status int, f *Form, rec *pdz.FrameworkRecord, action, back string, crumbs []Crumb, editable bool) {
	title := "Nuovo quadro regionale"
	if rec.ID != 0 {
		title = "Modifica del quadro «" + rec.Framework.Title + "»"
	}
	v := s.adminView(r, title)
	v["Form"], v["Record"], v["Action"], v["Back"], v["Crumbs"], v["Editable"] = f, rec, action, back, append(crumbs, Crumb{title, ""}), editable
	s.render(w, r, status, "admin/framework_form", v)
}

func frameworkValues(rec *pdz.FrameworkRecord) url.Values {
	return url.Values{"text": {string(rec.Framework.Canonical())}}
}

// saveFrameworkForm parses the posted document and saves it.
func (s *Server) saveFrameworkForm(w http.ResponseWriter, r *http.Request, ambitoID int64, rec *pdz.FrameworkRecord) (*Form, error) {
	f, data, err := uploadOrText(w, r, "file", "text", 4<<20)
	if err != nil {
		return newForm(nil), err
	}
	if len(data) == 0 {
		return f, pdz.Problems{"text": "Incolla il documento JSON del quadro o scegli il file."}.Err()
	}
	fw, err := pdz.ParseFramework(bytes.NewReader(data))
	if err != nil {
		return f, frameworkProblem(err)
	}
	rec.Framework = fw
	return f, s.store.SaveFramework(r.Context(), actor(r), ambitoID, rec)
}

// frameworkProblem puts the problems of a framework file, which are keyed by
// their place in the file, in one message beside the text area.
func frameworkProblem(err error) error {
	fields := pdz.ErrorFields(err)
	if len(fields) == 0 {
		return pdz.Problems{"text": pdz.ErrorMessage(err)}.Err()
	}
	msg := "Il documento non è valido: "
	n := 0
	for _, k := range pdz.Problems(fields).Sorted() {
		if n == 5 {
			msg += " …"
			break
		}
		if n > 0 {
			msg += "; "
		}
		msg += k + ": " + fields[k]
		n++
	}
	return pdz.Problems{"text": msg}.Err()
}

func (s *Server) ambitoFrameworkEdit(w http.ResponseWriter, r *http.Request) error {
	a := info(r).ambito
	rec, err := s.frameworkOf(r, a.ID)
	if err != nil {
		return err
	}
	base := "/admin/a/" + a.Slug + "/quadri"
	one := base + "/" + strconv.FormatInt(rec.ID, 10)
	s.renderFrameworkForm(w, r, http.StatusOK, newForm(frameworkValues(&rec)), &rec, one+"/modifica", one,
		ambitoCrumbs(a, Crumb{"Quadri regionali", base}, Crumb{rec.Framework.Cycle, one}), rec.AmbitoID == a.ID)
	return nil
}

func (s *Server) ambitoFrameworkSave(w http.ResponseWriter, r *http.Request) error {
	a := info(r).ambito
	rec, err := s.frameworkOf(r, a.ID)
	if err != nil {
		return err
	}
	if rec.AmbitoID != a.ID {
		return pdz.Errorf(pdz.EFORBIDDEN, "Questo quadro regionale è dell'installazione: crea prima una copia dell'Ambito.")
	}
	base := "/admin/a/" + a.Slug + "/quadri"
	one := base + "/" + strconv.FormatInt(rec.ID, 10)
	f, err := s.saveFrameworkForm(w, r, a.ID, &rec)
	if err != nil {
		s.formFailed(r, f, err)
		s.renderFrameworkForm(w, r, statusOf(pdz.ErrorCode(err)), f, &rec, one+"/modifica", one,
			ambitoCrumbs(a, Crumb{"Quadri regionali", base}, Crumb{rec.Framework.Cycle, one}), true)
		return nil
	}
	return s.redirect(w, r, one, "Quadro regionale salvato.")
}

func (s *Server) installFrameworkNew(w http.ResponseWriter, r *http.Request) error {
	s.renderFrameworkForm(w, r, http.StatusOK, newForm(nil), &pdz.FrameworkRecord{}, "/admin/quadri", "/admin/quadri",
		installFrameworkCrumbs(), true)
	return nil
}

func (s *Server) installFrameworkCreate(w http.ResponseWriter, r *http.Request) error {
	rec := pdz.FrameworkRecord{}
	f, err := s.saveFrameworkForm(w, r, 0, &rec)
	if err != nil {
		s.formFailed(r, f, err)
		s.renderFrameworkForm(w, r, statusOf(pdz.ErrorCode(err)), f, &pdz.FrameworkRecord{}, "/admin/quadri", "/admin/quadri",
			installFrameworkCrumbs(), true)
		return nil
	}
	return s.redirect(w, r, "/admin/quadri", "Quadro regionale caricato.")
}

func (s *Server) installFrameworkEdit(w http.ResponseWriter, r *http.Request) error {
	rec, err := s.frameworkOf(r, 0)
	if err != nil {
		return err
	}
	action := "/admin/quadri/" + strconv.FormatInt(rec.ID, 10)
	s.renderFrameworkForm(w, r, http.StatusOK, newForm(frameworkValues(&rec)), &rec, action, "/admin/quadri",
		installFrameworkCrumbs(), true)
	return nil
}

func (s *Server) installFrameworkSave(w http.ResponseWriter, r *http.Request) error {
	rec, err := s.frameworkOf(r, 0)
	if err != nil {
		return err
	}
	action := "/admin/quadri/" + strconv.FormatInt(rec.ID, 10)
	f, err := s.saveFrameworkForm(w, r, 0, &rec)
	if err != nil {
		s.formFailed(r, f, err)
		s.renderFrameworkForm(w, r, statusOf(pdz.ErrorCode(err)), f, &rec, action, "/admin/quadri",
			installFrameworkCrumbs(), true)
		return nil
	}
	return s.redirect(w, r, "/admin/quadri", "Quadro regionale salvato.")
}
