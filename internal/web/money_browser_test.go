package web

import (
	"net/url"
	"strconv"
	"testing"
)

// moneyCheckedPages are the public pages of the money of the demo plan
// and the error states of its back-office forms, for the accessibility and
// validity check (the back-office pages come with the route table walk).
func moneyCheckedPages(t *testing.T, hs *harness) []checkedPage {
	t.Helper()
	p := hs.plan("casarano", "pdz-2022-2024")
	base := "/ambiti/casarano/piani/pdz-2022-2024/risorse"
	pages := []checkedPage{{path: base, status: 200}}
	for _, code := range []string{"A", "B-COM", "C"} {
		pages = append(pages, checkedPage{path: base + "/schede-finanziarie/" + code, status: 200})
	}
	adm := "/admin/a/casarano/piani/" + strconv.FormatInt(p.ID, 10) + "/risorse"
	fnps := strconv.FormatInt(p.SourceByCode("FNPS").ID, 10)
	comune := strconv.FormatInt(p.Money.Historical[0].ComuneID, 10)
	pages = append(pages,
		checkedPage{path: adm + "/fonti/" + fnps, admin: true, status: 400,
			form: url.Values{"parent_id": {"0"}, "av_1_from": {"2022"}, "av_1": {"dieci euro"}, "av_2_from": {"2021"}, "av_2": {"1"},
				"qp_1_from": {"2022"}, "qp_1_libera": {"-3"}}},
		checkedPage{path: adm + "/cofinanziamento", admin: true, status: 400,
			form: url.Values{"split": {"popolazione"}, "split_date": {"31/02/2021"}, "cash_share": {"centoventi"}}},
		checkedPage{path: adm + "/comuni/" + comune, admin: true, status: 400,
			form: url.Values{"hist_from": {"2020"}, "hist_to": {"2018"}, "hist_amount": {"molto"}, "y1_year": {""}, "y1": {"5"}}},
		checkedPage{path: adm + "/assistenti-sociali", admin: true, status: 400,
			form: url.Values{"date": {""}, "comune_id": {"0"}, "count": {"tanti"}}},
		checkedPage{path: adm + "/avanzamento", admin: true, status: 400,
			form: url.Values{"fund": {""}, "budget": {"-5"}, "target_id": {"0"}}},
		checkedPage{path: adm + "/avanzamento/importa", admin: true, status: 400,
			form: url.Values{"text": {"fondo;programmato\nPdZ 2018-2021;dieci\n"}}},
		checkedPage{path: adm + "/dati-stampati", admin: true, status: 400,
			form: url.Values{"quantity": {"quota_fnps"}, "value": {"tanto"}, "table": {""}, "from": {"duemila"}}},
	)
	return pages
}
