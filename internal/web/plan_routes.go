package web

// The routes of the plan (issue 5): public pages and downloads of a
// published plan, its back office, the regional frameworks. The JSON API of
// the plan is in planAPIRoutes (plan_api.go), listed with the other API
// routes so that the OpenAPI test covers it.
func (s *Server) planRoutes() []route {
	const pub = "/ambiti/{ambito}/piani/{piano}"
	const adm = "/admin/a/{ambito}/piani"
	const one = adm + "/{plid}"
	rs := []route{
		{"GET " + pub, public, s.publicPlan},
		{"GET " + pub + "/profilo", public, s.publicProfile},
		{"GET " + pub + "/aree/{area}", public, s.publicPlanArea},
		{"GET " + pub + "/schede", public, s.publicSheets},
		{"GET " + pub + "/schede/{scheda}", public, s.publicSheet},
		{"GET " + pub + "/profilo.csv", public, s.downloadProfileCSV},
		{"GET " + pub + "/profilo.json", public, s.downloadProfileJSON},
		{"GET " + pub + "/schede.csv", public, s.downloadSheetsCSV},
		{"GET " + pub + "/schede.json", public, s.downloadSheetsJSON},
		{"GET " + pub + "/piano.json", public, s.downloadPlanFile},

		{"GET " + adm, operatore, s.planList},
		{"GET " + adm + "/nuovo", operatore, s.planNew},
		{"POST " + adm, operatore, s.planCreate},
		{"GET " + adm + "/importa", operatore, s.planImportForm},
		{"POST " + adm + "/importa", operatore, s.planImport},
		{"GET " + one, operatore, s.planShow},
		{"GET " + one + "/modifica", operatore, s.planEdit},
		{"POST " + one + "/modifica", operatore, s.planUpdate},
		{"GET " + one + "/piano.json", operatore, s.planExport},
		{"POST " + one + "/adotta", responsabile, s.planAdopt},
		{"POST " + one + "/bozza", responsabile, s.planToDraft},
		{"POST " + one + "/pubblica", responsabile, s.planPublish},
		{"POST " + one + "/ritira", responsabile, s.planUnpublish},
		{"POST " + one + "/elimina", responsabile, s.planDelete},

		{"GET " + one + "/profilo", operatore, s.profileAdmin},
		{"GET " + one + "/profilo/testi", operatore, s.profileTexts},
		{"POST " + one + "/profilo/testi", operatore, s.profileTextsSave},
		{"GET " + one + "/profilo/importa", operatore, s.profileImportForm},
		{"POST " + one + "/profilo/importa", operatore, s.profileImport},
		{"GET " + one + "/aree/{area}", operatore, s.planAreaEdit},
		{"POST " + one + "/aree/{area}", operatore, s.planAreaSave},

		{"GET " + one + "/schede/nuova", operatore, s.sheetNew},
		{"POST " + one + "/schede", operatore, s.sheetCreate},
		{"GET " + one + "/schede/{schid}", operatore, s.sheetEdit},
		{"POST " + one + "/schede/{schid}", operatore, s.sheetUpdate},
		{"POST " + one + "/schede/{schid}/elimina", operatore, s.sheetDelete},
		{"GET " + one + "/schede/{schid}/servizi/nuovo", operatore, s.serviceNew},
		{"POST " + one + "/schede/{schid}/servizi", operatore, s.serviceCreate},
		{"GET " + one + "/schede/{schid}/servizi/{id}", operatore, s.serviceEdit},
		{"POST " + one + "/schede/{schid}/servizi/{id}", operatore, s.serviceUpdate},
		{"POST " + one + "/schede/{schid}/servizi/{id}/elimina", operatore, s.serviceDelete},

		{"GET /admin/a/{ambito}/quadri", operatore, s.ambitoFrameworks},
		{"GET /admin/a/{ambito}/quadri/{qid}", operatore, s.ambitoFramework},
		{"GET /admin/a/{ambito}/quadri/{qid}/quadro.json", operatore, s.ambitoFrameworkDownload},
		{"POST /admin/a/{ambito}/quadri/{qid}/copia", responsabile, s.ambitoFrameworkCopy},
		{"GET /admin/a/{ambito}/quadri/{qid}/modifica", responsabile, s.ambitoFrameworkEdit},
		{"POST /admin/a/{ambito}/quadri/{qid}/modifica", responsabile, s.ambitoFrameworkSave},
		{"POST /admin/a/{ambito}/quadri/{qid}/elimina", responsabile, s.ambitoFrameworkDelete},

		{"GET /admin/quadri", installAdmin, s.installFrameworks},
		{"GET /admin/quadri/nuovo", installAdmin, s.installFrameworkNew},
		{"POST /admin/quadri", installAdmin, s.installFrameworkCreate},
		{"GET /admin/quadri/{qid}", installAdmin, s.installFrameworkEdit},
		{"POST /admin/quadri/{qid}", installAdmin, s.installFrameworkSave},
		{"GET /admin/quadri/{qid}/quadro.json", installAdmin, s.installFrameworkDownload},
	}
	rs = append(rs, s.sourcePart().routes("nuova")...)
	rs = append(rs, s.inventoryPart().routes("nuovo")...)
	rs = append(rs, s.rowPart().routes("nuovo")...)
	rs = append(rs, s.declaredPart().routes("nuovo")...)
	return rs
}
