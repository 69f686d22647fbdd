package web

import (
	"net/http"

	"github.com/pdz-ats/pdz/internal/document"
)

func (s *Server) noticePDF(w http.ResponseWriter, r *http.Request) error {
	return s.cached(w, r, func(w http.ResponseWriter, r *http.Request) error {
		a, p, err := s.publishedProcess(r)
		if err != nil {
			return err
		}
		online := "" // a notice printed after the deadline does not offer the form
		if s.registrationOpen(&p) {
			online = s.absURL(r, joinURL(&a, &p))
		}
		b, err := document.NoticePDF(&a, &p, s.absURL(r, processBase(&a, &p)), online, s.now())
		if err != nil {
			return err
		}
		w.Header().Set("Content-Type", "application/pdf")
		w.Header().Set("Content-Disposition", `inline; filename="avviso-`+p.Slug+`.pdf"`)
		w.Write(b)
		return nil
	})
}
