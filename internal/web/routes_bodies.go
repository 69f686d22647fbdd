package web

// bodyRoutes are the routes of the bodies (organi) of an Ambito, their
// members and sessions, and of the dated log of a process: back office,
// public pages, downloads and JSON API.
func (s *Server) bodyRoutes() []route {
	const (
		bo  = "/admin/a/{ambito}/organi"
		one = bo + "/{oid}"
		ses = one + "/sedute/{sid}"
		pub = "/ambiti/{ambito}/organi"
		api = "/api/v1/ambiti/{ambito}"
	)
	return []route{
		{"GET " + bo, operatore, s.bodyList},
		{"GET " + bo + "/nuovo", operatore, s.bodyNew},
		{"POST " + bo, operatore, s.bodyCreate},
		{"GET " + one, operatore, s.bodyShow},
		{"GET " + one + "/modifica", operatore, s.bodyEdit},
		{"POST " + one + "/modifica", operatore, s.bodyUpdate},
		{"POST " + one + "/elimina", responsabile, s.bodyDelete},
		{"GET " + one + "/componenti/nuovo", operatore, s.memberNew},
		{"POST " + one + "/componenti", operatore, s.memberCreate},
		{"GET " + one + "/componenti/{id}", operatore, s.memberEdit},
		{"POST " + one + "/componenti/{id}", operatore, s.memberUpdate},
		{"POST " + one + "/componenti/{id}/elimina", operatore, s.memberDelete},
		{"GET " + one + "/sedute/nuova", operatore, s.sessionNew},
		{"POST " + one + "/sedute", operatore, s.sessionCreate},
		{"GET " + ses, operatore, s.sessionShow},
		{"GET " + ses + "/modifica", operatore, s.sessionEdit},
		{"POST " + ses + "/modifica", operatore, s.sessionUpdate},
		{"POST " + ses + "/presenze", operatore, s.sessionAttendance},
		{"POST " + ses + "/pubblica", responsabile, s.sessionPublish},
		{"POST " + ses + "/ritira", responsabile, s.sessionUnpublish},
		{"POST " + ses + "/elimina", responsabile, s.sessionDelete},
		{"GET " + ses + "/atti/nuovo", operatore, s.actNew},
		{"POST " + ses + "/atti", operatore, s.actCreate},
		{"GET " + ses + "/atti/{id}", operatore, s.actEdit},
		{"POST " + ses + "/atti/{id}", operatore, s.actUpdate},
		{"POST " + ses + "/atti/{id}/elimina", operatore, s.actDelete},
		{"GET " + ses + "/atti/{id}/allegato.pdf", operatore, s.actFileAdmin},

		{"GET " + pub, public, s.publicBodies},
		{"GET " + pub + "/{organo}", public, s.publicBody},
		{"GET " + pub + "/{organo}/sedute/{id}", public, s.publicSession},
		{"GET " + pub + "/{organo}/sedute/{id}/atti/{aid}/allegato.pdf", public, s.publicActFile},
		{"GET /ambiti/{ambito}/percorsi/{percorso}/cronologia", public, s.publicChronology},
		{"GET /ambiti/{ambito}/percorsi/{percorso}/cronologia.txt", public, s.chronologyText},
		{"GET /ambiti/{ambito}/percorsi/{percorso}/cronologia.pdf", public, s.chronologyPDF},

		{"GET " + api + "/organi", public, s.apiBodies},
		{"GET " + api + "/organi/{organo}", public, s.apiBody},
		{"GET " + api + "/organi/{organo}/sedute/{id}", public, s.apiBodySession},
		{"GET " + api + "/percorsi/{percorso}/cronologia", public, s.apiChronology},
	}
}
