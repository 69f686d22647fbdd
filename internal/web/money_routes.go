package web

// The routes of the money of a plan (issue 6): the public "Risorse e
// regole" page and financial sheets of a published plan, the JSON API of
// the money and the rules' verdicts, the back office's "Risorse".
func (s *Server) moneyRoutes() []route {
	const pub = "/ambiti/{ambito}/piani/{piano}"
	const api = "/api/v1/ambiti/{ambito}/piani/{piano}"
	const one = "/admin/a/{ambito}/piani/{plid}/risorse"
	rs := []route{
		{"GET " + pub + "/risorse", public, s.publicMoney},
		{"GET " + pub + "/risorse/schede-finanziarie/{fin}", public, s.publicFinSheet},
		{"GET " + pub + "/risorse.xlsx", public, s.downloadMoney},
		{"GET " + pub + "/risorse.ods", public, s.downloadMoney},

		{"GET " + api + "/risorse", public, s.apiMoney},
		{"GET " + api + "/regole", public, s.apiRules},

		{"GET " + one, operatore, s.moneyAdmin},
		{"GET " + one + ".xlsx", operatore, s.moneyDownloadAdmin},
		{"GET " + one + ".ods", operatore, s.moneyDownloadAdmin},
		{"GET " + one + "/schede-finanziarie/{fin}", operatore, s.moneyFinSheetAdmin},
		{"GET " + one + "/fonti/{id}", operatore, s.sourceMoneyEdit},
		{"POST " + one + "/fonti/{id}", operatore, s.sourceMoneySave},
		{"GET " + one + "/cofinanziamento", operatore, s.cofinEdit},
		{"POST " + one + "/cofinanziamento", operatore, s.cofinSave},
		{"GET " + one + "/comuni/{id}", operatore, s.comuneMoneyEdit},
		{"POST " + one + "/comuni/{id}", operatore, s.comuneMoneySave},
		{"GET " + one + "/avanzamento/importa", operatore, s.progressImportForm},
		{"POST " + one + "/avanzamento/importa", operatore, s.progressImport},
		{"GET " + one + "/avanzamento.csv", operatore, s.progressDownload},
	}
	rs = append(rs, s.staffPart().routes("nuovo")...)
	rs = append(rs, s.progressPart().routes("nuovo")...)
	rs = append(rs, s.moneyDeclaredPart().routes("nuovo")...)
	return rs
}
