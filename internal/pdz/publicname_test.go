package pdz

import (
	"encoding/json"
	"fmt"
	"testing"
)

func TestRegistrantConsentRule(t *testing.T) {
	org, cit := RegistrantOrganisation, RegistrantCitizen
	for _, c := range []struct {
		kind                  RegistrantKind
		name, typ             string
		consent, erased       bool
		public, label, staffN string
	}{
		{org, "APS Il Ponte", "Associazione di promozione sociale", true, false, "APS Il Ponte", "APS Il Ponte (Associazione di promozione sociale)", "APS Il Ponte"},
		{org, "APS Il Ponte", "", true, false, "APS Il Ponte", "APS Il Ponte", "APS Il Ponte"},
		{org, "Coop Riservata", "Cooperativa sociale", false, false, "", "Organizzazione (nome non pubblicato)", "Coop Riservata"},
		{org, "Coop Cancellata", "Cooperativa sociale", true, true, "", "Organizzazione (nome non pubblicato)", ErasedName},
		{cit, "Lucia Marra", "", true, false, "Lucia Marra", "Lucia Marra (cittadina o cittadino)", "Lucia Marra"},
		{cit, "Pietro Greco", "", false, false, "", "Cittadina o cittadino (nome non pubblicato)", "Pietro Greco"},
		{cit, "Anna Erasa", "", true, true, "", "Cittadina o cittadino (nome non pubblicato)", ErasedName},
		{org, "", "", true, false, "", "Organizzazione (nome non pubblicato)", ""},
	} {
		r := NewRegistrant(c.kind, c.name, c.typ, c.consent, c.erased)
		if got := r.PublicName(); got != c.public {
			t.Errorf("%+v: PublicName %q, want %q", c, got, c.public)
		}
		if got := r.PublicLabel(); got != c.label {
			t.Errorf("%+v: PublicLabel %q, want %q", c, got, c.label)
		}
		if got := fmt.Sprint(r); got != c.label {
			t.Errorf("%+v: printed as %q, want the label %q", c, got, c.label)
		}
		b, err := json.Marshal(struct{ Who Registrant }{r})
		if want, _ := json.Marshal(struct{ Who string }{c.label}); err != nil || string(b) != string(want) {
			t.Errorf("%+v: JSON %s (%v), want %s", c, b, err, want)
		}
		if got := r.StaffName(); got != c.staffN {
			t.Errorf("%+v: StaffName %q, want %q", c, got, c.staffN)
		}
		if r.Named() != (c.public != "") {
			t.Errorf("%+v: Named %v", c, r.Named())
		}
	}
}
