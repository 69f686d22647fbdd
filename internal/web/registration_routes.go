package web

// registrationRoutes are the routes of joining a process online (issue 3):
// the public form and the registrant's personal pages (public: the key in
// the URL is the credential), the public list of participants, and the
// register in the back office. Operators of the Ambito manage the register;
// erasing a person's data and editing the privacy notice are the
// Responsabile's.
func (s *Server) registrationRoutes() []route {
	pub := "/ambiti/{ambito}/percorsi/{percorso}"
	adm := "/admin/a/{ambito}/percorsi/{pid}"
	rs := []route{
		{"GET " + pub + "/adesione", public, s.joinForm},
		{"POST " + pub + "/adesione", public, s.joinSubmit},
		{"GET " + pub + "/adesione/nuovo-link", public, s.newLinkForm},
		{"POST " + pub + "/adesione/nuovo-link", public, s.newLinkSend},
		{"GET " + pub + "/adesione/{chiave}", public, s.personalPage},
		{"GET " + pub + "/adesione/{chiave}/ricevuta.pdf", public, s.personalReceipt},
		{"GET " + pub + "/adesione/{chiave}/modulo.pdf", public, s.personalFile},
		{"GET " + pub + "/adesione/{chiave}/modifica", public, s.personalEdit},
		{"POST " + pub + "/adesione/{chiave}/modifica", public, s.personalUpdate},
		{"POST " + pub + "/adesione/{chiave}/ritira", public, s.personalWithdraw},
		{"GET " + pub + "/aderenti", public, s.publicParticipants},

		{"GET " + adm + "/iscrizioni", operatore, s.registrationList},
		{"GET " + adm + "/iscrizioni/nuova", operatore, s.registrationNew},
		{"POST " + adm + "/iscrizioni", operatore, s.registrationCreate},
		{"GET " + adm + "/iscrizioni/{id}", operatore, s.registrationShow},
		{"GET " + adm + "/iscrizioni/{id}/modifica", operatore, s.registrationEdit},
		{"POST " + adm + "/iscrizioni/{id}/modifica", operatore, s.registrationUpdate},
		{"POST " + adm + "/iscrizioni/{id}/esito", operatore, s.registrationDecide},
		{"POST " + adm + "/iscrizioni/{id}/messaggi", operatore, s.registrationRetryMail},
		{"GET " + adm + "/iscrizioni/{id}/ricevuta.pdf", operatore, s.registrationReceipt},
		{"GET " + adm + "/iscrizioni/{id}/modulo.pdf", operatore, s.registrationFile},
		{"GET " + adm + "/iscrizioni/{id}/dati.json", operatore, s.registrationData},
		{"POST " + adm + "/iscrizioni/{id}/cancella-dati", responsabile, s.registrationErase},
		{"GET " + adm + "/aree/{id}/partecipanti", operatore, s.areaParticipants},
		{"GET " + adm + "/aree/{id}/foglio-presenze.pdf", operatore, s.attendanceSheet},
		{"GET /admin/a/{ambito}/dati-personali", operatore, s.personData},
		{"POST /admin/a/{ambito}/dati-personali", operatore, s.personDataSearch},
		{"POST /admin/a/{ambito}/dati-personali.json", operatore, s.personDataExport},
		{"POST /admin/a/{ambito}/dati-personali/cancella", responsabile, s.personDataErase},
		{"GET /admin/a/{ambito}/informativa-privacy", responsabile, s.privacyForm},
		{"POST /admin/a/{ambito}/informativa-privacy", responsabile, s.privacySave},
	}
	// Exports: registrations or proposals, as CSV, XLSX or ODS (?area= for one area).
	for _, what := range []string{"iscrizioni", "proposte"} {
		for _, ext := range []string{"csv", "xlsx", "ods"} {
			rs = append(rs, route{"GET " + adm + "/esportazioni/" + what + "." + ext, operatore, s.registrationExport})
		}
	}
	return rs
}
