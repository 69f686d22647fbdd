package demo

import "github.com/pdz-ats/pdz/internal/pdz"

// Seed 004: the Ambito of Putignano and "Spazi di Comunità", its itinerant
// co-programming week of July 2022: one meeting in each of the five Comuni,
// each running seven parallel focus groups (one per strategic area), then a
// plenary.
func (l *loader) putignano() pdz.Ambito {
	a := l.ambito(pdz.Ambito{Slug: "putignano", Name: "Ambito Territoriale Sociale di Putignano", Province: "Bari",
		Website: "https://www.resettamiweb.it/ambitoputignano/"},
		[]pdz.Comune{{Name: "Putignano"}, {Name: "Noci"}, {Name: "Castellana Grotte"}, {Name: "Locorotondo"}, {Name: "Alberobello"}},
		"Putignano")
	p := l.process(pdz.Process{
		AmbitoID: a.ID, Slug: "spazi-di-comunita-2022",
		Title: "«Spazi di Comunità»: il percorso di co-programmazione del Piano Sociale di Zona",
		Cycle: "Piano Sociale di Zona 2022-2024",
		Body: "Da lunedì 25 luglio a venerdì 29 una settimana di incontri nei cinque Comuni per un percorso consapevole, aperto e condiviso. Da Putignano a Putignano, passando per Noci, Castellana Grotte, Locorotondo e Alberobello: una settimana di confronti, incontri, dibattiti nei cinque Comuni dell'Ambito Territoriale Sociale.\n\n" +
			"Il percorso prevede cinque tavoli e una sessione plenaria. In ogni incontro sono previsti sette focus group sulle sette aree strategiche di attenzione e intervento del V Piano delle Politiche Sociali regionale 2022-2024, che è lo strumento a partire dal quale ogni Ambito territoriale pugliese costruisce il proprio Piano di Zona.",
		SignedPlace: "Putignano", SignedOn: day(2022, 7, 20),
	})
	areas := l.areas(p,
		"Il sistema del welfare di accesso",
		"Le politiche familiari e la tutela dei minori",
		"L'invecchiamento attivo",
		"Le politiche per l'integrazione delle persone con disabilità e la presa in carico della non autosufficienza",
		"La promozione dell'inclusione sociale e il contrasto alle povertà",
		"La prevenzione e il contrasto di tutte le forme di maltrattamento e violenza su donne e minori",
		"Le pari opportunità e la conciliazione vita-lavoro")
	stops := []pdz.Meeting{
		{Label: "Putignano", Date: day(2022, 7, 25), StartTime: at(10, 0), EndTime: at(13, 0), VenueName: "Centro Anziani", VenueAddress: "via Gianfedele Angelini 26/L", VenueCity: "Putignano"},
		{Label: "Noci", Date: day(2022, 7, 25), StartTime: at(17, 0), EndTime: at(20, 0), VenueName: "Laboratori Urbani", VenueAddress: "via Repubblica, 4", VenueCity: "Noci"},
		{Label: "Castellana Grotte", Date: day(2022, 7, 26), StartTime: at(10, 0), EndTime: at(13, 0), VenueName: "Sala delle Cerimonie, Palazzo Municipale", VenueCity: "Castellana Grotte"},
		{Label: "Locorotondo", Date: day(2022, 7, 27), StartTime: at(17, 0), EndTime: at(20, 0), VenueName: "Villa Mitolo, sala don Lino Palmisano", VenueAddress: "via Almirante", VenueCity: "Locorotondo"},
		{Label: "Alberobello", Date: day(2022, 7, 28), StartTime: at(17, 0), EndTime: at(20, 0), VenueName: "Casa Alberobello", VenueAddress: "largo Martellotta", VenueCity: "Alberobello"},
	}
	for _, s := range stops {
		m := s
		m.Kind, m.Title, m.Label = pdz.KindTavolo, "Tavolo di co-programmazione a "+s.Label, "Spazi di Comunità"
		parent := l.meeting(p, m)
		for i, id := range areas {
			fg := s
			fg.Kind, fg.ParentID, fg.Label, fg.Title, fg.AreaIDs = pdz.KindFocusGroup, parent, "Focus group "+itoa(i+1), "", []int64{id}
			fg.Title = "Focus group a " + s.Label
			l.meeting(p, fg)
		}
	}
	l.meeting(p, pdz.Meeting{Kind: pdz.KindPlenaria, Label: "Plenaria", Title: "Sessione plenaria: illustrazione e condivisione dei tavoli di co-programmazione",
		Date: day(2022, 7, 29), StartTime: at(10, 0), EndTime: at(13, 0), VenueName: "Sala consiliare del Comune", VenueCity: "Putignano"})
	l.sign(p, "Per l'Ufficio di Piano dell'Ambito Territoriale Sociale di Putignano", "Patrizia Nettis")
	l.publish(p)
	return a
}
