package document

import (
	"strings"
	"testing"

	"github.com/pdz-ats/pdz/internal/pdz"
)

// The rules the demo does not exercise: a session held in a focus group is
// told by the meeting that contains it, a session without acts lists its
// agenda, a convocation is told in a meeting's entry, consecutive entries of
// one phase share a group and a phase met again opens a new one.
func TestChronologyRules(t *testing.T) {
	d := pdz.NewDate
	p := &pdz.Process{
		Phases: []pdz.Phase{{ID: 1, Label: "Fase I", Title: "Concertazione"}, {ID: 2, Label: "Fase II", Title: "Tavoli"}},
		Meetings: []pdz.Meeting{
			{ID: 10, PhaseID: 1, Kind: pdz.KindConcertazione, Title: "Sessione con le OO.SS.", Date: d(2026, 6, 19), Invited: "Le Organizzazioni sindacali."},
			{ID: 11, PhaseID: 2, Kind: pdz.KindPlenaria, Label: "PLENARIA", Title: "Apertura", Date: d(2026, 6, 22)},
			{ID: 12, PhaseID: 2, ParentID: 11, Kind: pdz.KindFocusGroup, Label: "Gruppo 1", Date: d(2026, 6, 22)},
			{ID: 13, PhaseID: 1, Kind: pdz.KindConcertazione, Title: "Sessione tecnica", Date: d(2026, 6, 30)},
		},
	}
	cabina := &pdz.Body{Kind: pdz.BodyCabinaDiRegia, Name: "Cabina di Regia", Slug: "cabina-di-regia"}
	rete := &pdz.Body{Kind: pdz.BodyReteInclusione, Name: "Rete per l'inclusione", Slug: "rete"}
	sessions := []pdz.BodySession{
		{ID: 1, MeetingID: 10, Date: d(2026, 6, 19), ConvocationNumber: "12", ConvocationDate: d(2026, 6, 10), Body: cabina,
			Acts: []pdz.Act{{Kind: pdz.ActPresaDatto, Subject: "ha preso atto del calendario"}}},
		{ID: 2, MeetingID: 12, Date: d(2026, 6, 22), Body: rete, Acts: []pdz.Act{{Kind: pdz.ActDecisione, Subject: "sono stati scelti i referenti;"}}},
		{ID: 3, Date: d(2026, 6, 25), Body: rete, Agenda: "1. Insediamento\n2. Varie"},
	}
	c := NewChronology(p, sessions)
	var got []string
	for _, g := range c.Groups {
		name := "-"
		if g.Phase != nil {
			name = g.Phase.Label
		}
		got = append(got, name)
		for _, e := range g.Entries {
			got = append(got, e.Line())
			for _, it := range e.Items {
				got = append(got, "- "+it)
			}
		}
	}
	want := []string{
		"Fase I",
		"Venerdì 19 giugno 2026: Sessione con le OO.SS. Invitati: Le Organizzazioni sindacali. Seduta della Cabina di Regia, convocata con prot. n. 12 del 10/06/2026. Ha preso atto del calendario.",
		"Fase II",
		"Lunedì 22 giugno 2026: PLENARIA – Apertura. Sono stati scelti i referenti.",
		"-",
		"Giovedì 25 giugno 2026: nella seduta della Rete per l'inclusione, con il seguente ordine del giorno:",
		"- Insediamento;", "- Varie.",
		"Fase I",
		"Martedì 30 giugno 2026: Sessione tecnica.",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("log:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(c.Groups[1].Entries[0].Sessions) != 1 || c.Groups[1].Entries[0].Sessions[0].ID != 2 {
		t.Error("the focus group's session is not told by its meeting")
	}
}
