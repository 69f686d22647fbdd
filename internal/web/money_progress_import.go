package web

import (
	"bytes"
	"net/http"
	"strings"

	"github.com/pdz-ats/pdz/internal/locale"
	"github.com/pdz-ats/pdz/internal/pdz"
	"github.com/pdz-ats/pdz/internal/profilo"
	"github.com/pdz-ats/pdz/internal/risorse"
)

// The previous plan's progress as a CSV file: imported (all or nothing, the
// mistake named next to the file field) and downloaded in the same format,
// so that the table can be prepared or corrected in a spreadsheet.

func (s *Server) renderProgressImport(w http.ResponseWriter, r *http.Request, status int, p *pdz.Plan, f *Form) error {
	title := "Importa l'avanzamento del piano precedente"
	v := s.planView(r, p, title, Crumb{"Risorse e regole", moneyAdminURL(r, p)}, Crumb{"Importa l'avanzamento", ""})
	v["Form"], v["Action"], v["Back"] = f, moneyAdminURL(r, p)+"/avanzamento/importa", moneyAdminURL(r, p)+"#avanzamento"
	v["Columns"] = strings.Join(risorse.ProgressCSVColumns, ";")
	var codes []string
	for _, x := range p.Sources {
		codes = append(codes, x.Code)
	}
	v["SourceCodes"] = strings.Join(codes, ", ")
	v["Download"] = moneyAdminURL(r, p) + "/avanzamento.csv"
	s.render(w, r, status, "admin/progress_import", v)
	return nil
}

func (s *Server) progressImportForm(w http.ResponseWriter, r *http.Request) error {
	p, err := s.planOf(r)
	if err != nil {
		return err
	}
	return s.renderProgressImport(w, r, http.StatusOK, &p, newForm(nil))
}

func (s *Server) progressImport(w http.ResponseWriter, r *http.Request) error {
	p, err := s.planOf(r)
	if err != nil {
		return err
	}
	f, data, err := uploadOrText(w, r, "file", "text", profilo.MaxImportSize)
	if err != nil {
		return err
	}
	fail := func(err error) error {
		dropLargePaste(f, "text")
		s.formFailed(r, f, err)
		if len(f.Errors) == 0 { // a problem of the file: shown beside it
			f.Errors["file"] = pdz.ErrorMessage(err)
		}
		return s.renderProgressImport(w, r, statusOf(pdz.ErrorCode(err)), &p, f)
	}
	if len(data) == 0 {
		return fail(pdz.Problems{"file": "Scegli il file da importare o incollane il testo."}.Err())
	}
	in, err := risorse.ReadProgressCSV(bytes.NewReader(data), p.Sources)
	if err != nil {
		return fail(err)
	}
	res, err := s.store.ImportProgress(r.Context(), actor(r), p.AmbitoID, p.ID, in.Rows, in.Declared)
	if err != nil {
		return fail(err)
	}
	return s.redirect(w, r, moneyAdminURL(r, &p)+"#avanzamento",
		"Avanzamento importato: "+locale.Count(res.Added, "riga nuova", "righe nuove")+", "+locale.Count(res.Updated, "aggiornata", "aggiornate")+".")
}

func (s *Server) progressDownload(w http.ResponseWriter, r *http.Request) error {
	p, err := s.planOf(r)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	attachment(w, info(r).ambito.Slug+"-"+p.Slug+"-avanzamento.csv", "text/csv; charset=utf-8")
	return risorse.WriteProgressCSV(w, p.Money.Progress, p.Money.Declared)
}
