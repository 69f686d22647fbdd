package web

import (
	"net/http"

	"github.com/pdz-ats/pdz/internal/pdz"
)

// Public pages of a published plan's money: "Risorse e regole" and one
// page per financial sheet.

// download is a link to a file of the page.
type download struct {
	URL, Label string
}

// moneyDownloads are the spreadsheets of a plan's money under base.
func (s *Server) moneyDownloads(base string) []download {
	return nil
}

func (s *Server) publicMoney(w http.ResponseWriter, r *http.Request) error {
	return s.cached(w, r, func(w http.ResponseWriter, r *http.Request) error {
		a, p, err := s.publishedPlan(r)
		if err != nil {
			return err
		}
		rep, err := s.moneyReport(r, &p)
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
		a, p, err := s.publishedPlan(r)
		if err != nil {
			return err
		}
		rep, err := s.moneyReport(r, &p)
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
