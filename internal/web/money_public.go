package web

import (
	"bytes"
	"net/http"
	"path"
	"strings"

	"github.com/pdz-ats/pdz/internal/pdz"
	"github.com/pdz-ats/pdz/internal/risorse"
)

// Public pages of a published plan's money: "Risorse e regole" and one
// page per financial sheet.

// download is a link to a file of the page.
type download struct {
	URL, Label string
}

// moneyDownloads are the spreadsheets of a plan's money under base.
func (s *Server) moneyDownloads(base string) []download {
	return []download{{base + "/risorse.xlsx", "XLSX (Excel)"}, {base + "/risorse.ods", "ODS (LibreOffice, OpenDocument)"}}
}

// writeMoneyWorkbook sends the money of a plan as a spreadsheet, the format
// named by the URL's extension.
func writeMoneyWorkbook(w http.ResponseWriter, r *http.Request, rep *risorse.Report, name string) error {
	format := strings.TrimPrefix(path.Ext(r.URL.Path), ".")
	wb := rep.Workbook()
	var b bytes.Buffer
	var err error
	switch format {
	case "xlsx":
		err = wb.WriteXLSX(&b)
	case "ods":
		err = wb.WriteODS(&b)
	default:
		return pdz.Errorf(pdz.ENOTFOUND, "Formato non disponibile: xlsx o ods.")
	}
	if err != nil {
		return err
	}
	attachment(w, name+"."+format, exportTypes[format])
	w.Write(b.Bytes())
	return nil
}

// publishedMoney loads a published plan and computes its money.
func (s *Server) publishedMoney(r *http.Request) (pdz.Ambito, pdz.Plan, *risorse.Report, error) {
	a, p, err := s.publishedPlan(r)
	if err != nil {
		return a, p, nil, err
	}
	rep, err := s.moneyReport(r, &p)
	return a, p, rep, err
}

func (s *Server) downloadMoney(w http.ResponseWriter, r *http.Request) error {
	return s.cached(w, r, func(w http.ResponseWriter, r *http.Request) error {
		a, p, rep, err := s.publishedMoney(r)
		if err != nil {
			return err
		}
		return writeMoneyWorkbook(w, r, rep, a.Slug+"-"+p.Slug+"-risorse")
	})
}

func (s *Server) publicMoney(w http.ResponseWriter, r *http.Request) error {
	return s.cached(w, r, func(w http.ResponseWriter, r *http.Request) error {
		a, p, rep, err := s.publishedMoney(r)
		if err != nil {
			return err
		}
		v := s.planPublicView(r, &a, &p, "Risorse e regole – "+p.Title, Crumb{"Risorse e regole", ""})
		v["Money"], v["Downloads"] = buildMoney(rep), s.moneyDownloads(planBase(&a, &p))
		s.render(w, r, http.StatusOK, "public/plan_money", v)
		return nil
	})
}

func (s *Server) publicFinSheet(w http.ResponseWriter, r *http.Request) error {
	return s.cached(w, r, func(w http.ResponseWriter, r *http.Request) error {
		a, p, rep, err := s.publishedMoney(r)
		if err != nil {
			return err
		}
		f := rep.FinSheetByCode(r.PathValue("fin"))
		if f == nil {
			return pdz.Errorf(pdz.ENOTFOUND, "Scheda finanziaria non trovata.")
		}
		base := planBase(&a, &p)
		v := s.planPublicView(r, &a, &p, "Scheda "+f.Code+" – "+p.Title, Crumb{"Risorse e regole", base + "/risorse"}, Crumb{"Scheda " + f.Code, ""})
		v["Fin"], v["Back"] = f, base+"/risorse"
		s.render(w, r, http.StatusOK, "public/plan_finsheet", v)
		return nil
	})
}
