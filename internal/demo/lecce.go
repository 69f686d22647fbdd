package demo

import "github.com/pdz-ats/pdz/internal/pdz"

// Seed 002: the Ambito of Lecce and its notice of 9 October 2013.
func (l *loader) lecce() pdz.Ambito {
	a := l.ambito(pdz.Ambito{Slug: "lecce", Name: "Ambito Territoriale Sociale di Lecce", Province: "Lecce",
		Address: "Via San Massimiliano Kolbe – Lecce", Email: "segretariatosociale@comune.lecce.it", Phone: "800 724292",
		Website: "https://www.comune.lecce.it"},
		[]pdz.Comune{{Name: "Lecce"}, {Name: "Arnesano"}, {Name: "Cavallino"}, {Name: "Lequile"}, {Name: "Lizzanello"},
			{Name: "Monteroni di Lecce"}, {Name: "San Cesario di Lecce"}, {Name: "San Pietro in Lama"}, {Name: "Surbo"}, {Name: "Vernole"}},
		"Lecce")
	p := l.process(pdz.Process{
		AmbitoID: a.ID, Slug: "pdz-2014-2016",
		Title: "Avviso per la partecipazione al Processo di pianificazione e di concertazione per l'elaborazione del Piano di Zona",
		Cycle: "Piano Sociale di Zona 2014-2016",
		Body: "Al fine di valorizzare e coinvolgere tutti gli attori sociali pubblici e privati e i soggetti del terzo settore nelle attività di co-progettazione dei servizi e realizzazione concreta degli stessi;\n\n" +
			"Considerato che la partecipazione e la co-progettazione vanno promosse e sostenute come esercizio di cittadinanza attiva e di responsabilità condivisa da parte dei soggetti pubblici e privati;\n\n" +
			"L'Ambito Territoriale Sociale di Lecce comunica l'avvio del percorso di concertazione e programmazione partecipata per la stesura del Piano Sociale di Zona 2014-2016 secondo il seguente calendario.",
		Participation: "Tutti coloro che sono interessati alla progettazione partecipata per la definizione del nuovo Piano Sociale di Zona, sono invitati a partecipare alle sessioni di concertazione di cui alla citata Fase 2 e ad iscriversi ai lavori attraverso apposita scheda di adesione (scaricabile dal sito www.comune.lecce.it) che deve pervenire tramite fax al n. 0832/315842 o tramite e-mail: segretariatosociale@comune.lecce.it entro e non oltre le ore 12.00 del 18 ottobre 2013.\n\n" +
			"Per maggiori informazioni e chiarimenti, tutti gli interessati potranno rivolgersi allo sportello di segretariato sociale dell'Ambito territoriale in Via San Massimiliano Kolbe, dal Lunedì al Venerdì dalle ore 09,00 alle ore 13,00 al n. tel. 800724292.",
		Deadline: rome(2013, 10, 18, 12, 0), RegistrationEmail: "segretariatosociale@comune.lecce.it",
		RegistrationRules: "L'intervento nella prima sessione vale quale adesione alla concertazione ed istituzione del tavolo di progettazione partecipata.\n\n" +
			"I Patti di partecipazione si sottoscrivono con associazioni di volontariato, associazioni di promozione sociale e organizzazioni del terzo settore costituite da almeno un anno alla data del 14 novembre 2013.",
		SignedPlace: "Lecce", SignedOn: day(2013, 10, 9),
	})
	l.premise(p, pdz.Premise{Lead: "Vista la", Kind: "Legge quadro", Number: "328/00", Subject: "realizzazione del sistema integrato di interventi e servizi sociali"})
	l.premise(p, pdz.Premise{Lead: "Vista la", Kind: "Legge regionale", Number: "19/06", Subject: "Disciplina del sistema integrato dei servizi sociali per la dignità ed il benessere delle donne e degli uomini di Puglia"})
	l.premise(p, pdz.Premise{Lead: "Visto il", Kind: "Regolamento Regionale", Number: "4/07", Notes: "e s.m. e i."})
	l.premise(p, pdz.Premise{Lead: "Vista la", Kind: "D.G.R.", Number: "1534", Date: day(2013, 8, 2),
		Subject: "L.r. n. 19/2006, art. 9 e art. 18 – Piano regionale delle Politiche Sociali III triennio (2013-2015)", Notes: "pubblicata sul B.U.R.P. n. 123 del 17 settembre 2013"})
	l.premise(p, pdz.Premise{Lead: "Vista la", Kind: "Deliberazione del Coordinamento istituzionale", Number: "11", Date: day(2013, 10, 9),
		Subject: "Avvio del processo di Pianificazione partecipata e coprogettazione Piano Sociale di Zona"})
	f1 := l.phase(p, pdz.Phase{Label: "Fase 1", Title: "Concertazione e programmazione preliminare"})
	f2 := l.phase(p, pdz.Phase{Label: "Fase 2", Title: "Progettazione partecipata",
		Description: "Sono invitati tutti gli attori sociali, pubblici e privati e liberi cittadini del territorio (a puro titolo esemplificativo: OdV, ApS, Cooperative Sociali, Enti di Formazione, Organizzazioni no profit, Associazioni di Categoria, Onlus, Parrocchie, istituti scolastici di ogni ordine e grado, etc.) interessati alla pianificazione sociale."})
	f3 := l.phase(p, pdz.Phase{Label: "Fase 3", Title: "Elaborazione del Nuovo Piano Sociale di Zona"})
	f4 := l.phase(p, pdz.Phase{Label: "Fase 4", Title: "Conferenza di Concertazione Generale"})
	f5 := l.phase(p, pdz.Phase{Label: "Fase 5", Title: "Adozione Piano"})
	l.phase(p, pdz.Phase{Label: "Fase 6", Title: "Conferenza dei Servizi per l'approvazione ed il finanziamento del III Piano di Zona",
		Description: "Con la partecipazione della Regione Puglia, della Asl e della Provincia di Lecce."})
	areas := l.areas(p,
		"Prima infanzia e la conciliazione dei tempi e PAC Infanzia (Piani di azione e coesione)",
		"Contrasto alla povertà e percorsi di inclusione attiva",
		"La cultura dell'accoglienza",
		"Il sostegno alla genitorialità e la tutela dei diritti dei minori",
		"L'integrazione socio sanitaria e la presa in carico integrata delle non autosufficienze e PAC Anziani (Piani di azione e coesione)",
		"Il contrasto al maltrattamento ed alla violenza")
	udp := pdz.Meeting{VenueName: "Ufficio di Piano", VenueAddress: "Via San Massimiliano Kolbe", VenueCity: "Lecce"}
	kolbe := pdz.Meeting{VenueName: "Sala Conferenze San Massimiliano Kolbe", VenueAddress: "Via Terni", VenueCity: "Lecce"}
	tech := "Ufficio di Piano, Servizio Sociale Professionale e servizi del distretto socio sanitario"
	unions := "Organizzazioni sindacali maggiormente rappresentative (CGIL, CISL, UIL, UGL, CISAL), Ufficio di Piano, Servizio Sociale Professionale e Sindaci dei Comuni dell'Ambito"
	l.meeting(p, place(udp, pdz.Meeting{PhaseID: f1, Kind: pdz.KindIstituzionale, Date: day(2013, 10, 17), StartTime: at(9, 0),
		Title: "Coordinamento Istituzionale di Ambito con la Provincia e la ASL", Description: "Definizione di indirizzi programmatici per la concertazione."}))
	l.meeting(p, place(udp, pdz.Meeting{PhaseID: f1, Kind: pdz.KindConcertazione, Date: day(2013, 10, 18), StartTime: at(9, 0),
		Title: "Sessione di concertazione e programmazione preliminare tecnica sui servizi ad integrazione socio sanitaria", Invited: tech}))
	l.meeting(p, place(udp, pdz.Meeting{PhaseID: f1, Kind: pdz.KindConcertazione, Date: day(2013, 10, 21), StartTime: at(9, 0),
		Title: "Sessione di concertazione e programmazione preliminare tecnica", Invited: unions}))
	first := l.meeting(p, place(kolbe, pdz.Meeting{PhaseID: f2, Kind: pdz.KindPlenaria, Label: "Prima sessione", Title: "Sessione Plenaria e apertura dei tavoli",
		Date: day(2013, 10, 22), StartTime: at(15, 0), EndTime: at(20, 0),
		Description: "Presentazione generale Piano Regionale ed obiettivi di servizio; la valutazione ex post del secondo ciclo di programmazione Piano sociale di zona 2010-2013; la governance per la programmazione sociale e il ruolo del terzo settore.\n\nL'intervento nella prima sessione vale quale adesione alla concertazione ed istituzione del tavolo di progettazione partecipata."}))
	for i, id := range areas {
		l.meeting(p, place(kolbe, pdz.Meeting{PhaseID: f2, ParentID: first, Kind: pdz.KindTavolo, Label: "Tavolo " + itoa(i+1), Title: "Apertura del tavolo",
			Date: day(2013, 10, 22), StartTime: at(15, 0), EndTime: at(20, 0), AreaIDs: []int64{id}}))
	}
	l.meeting(p, pdz.Meeting{PhaseID: f2, Kind: pdz.KindTavolo, Label: "Seconda sessione", Title: "Tavoli tematici",
		Date: day(2013, 10, 23), StartTime: at(15, 0), EndTime: at(20, 0), VenueName: "San Massimiliano Kolbe", VenueAddress: "Via Terni", VenueCity: "Lecce", AreaIDs: areas,
		Description: "Nei singoli tavoli saranno elaborate, condivise e valutate ipotesi operative di intervento. Il prospetto di sintesi delle proposte raccolte sarà valutato in sede di programmazione tecnica presso l'ambito e gli esiti valutativi saranno resi noti ai soggetti del Terzo settore nell'incontro di illustrazione e condivisione del Piano Sociale di Zona.\n\nIn questa giornata saranno individuati i Soggetti con cui sottoscrivere i \"Patti di partecipazione\" e saranno individuati i Referenti che faranno parte del tavolo di Monitoraggio e valutazione nel triennio di attuazione del Piano sociale di Zona 2014-2016 denominato Cabina di Regia."})
	l.meeting(p, place(udp, pdz.Meeting{PhaseID: f2, Kind: pdz.KindConcertazione, Date: day(2013, 10, 24), StartTime: at(9, 0),
		Title: "Sessione di concertazione e programmazione tecnica sui servizi ad integrazione socio sanitaria", Invited: tech}))
	l.meeting(p, place(udp, pdz.Meeting{PhaseID: f2, Kind: pdz.KindConcertazione, Date: day(2013, 10, 25), StartTime: at(9, 0),
		Title: "Sessione di concertazione e programmazione tecnica sui servizi ad integrazione socio sanitaria – PAC anziani", Invited: tech}))
	l.meeting(p, place(udp, pdz.Meeting{PhaseID: f2, Kind: pdz.KindConcertazione, Date: day(2013, 10, 28), StartTime: at(9, 0),
		Title: "Sessione di concertazione e programmazione", Invited: unions,
		Description: "Sottoscrizione protocollo di intesa su strumenti e metodi per l'attuazione e la valutazione partecipata del PdZ 2014-2016."}))
	l.meeting(p, pdz.Meeting{PhaseID: f3, Kind: pdz.KindLavoro, Title: "Stesura schema piano", Date: day(2013, 10, 29), EndDate: day(2013, 11, 8),
		Description: "- predisposizione bozza III Piano di zona;\n- definizione scelte strategiche per l'assetto gestionale ed organizzativo dell'ambito;\n- adeguamento regolamenti di ambito;\n- programmazione finanziaria;\n- predisposizione PAC anziani e infanzia."})
	l.meeting(p, place(udp, pdz.Meeting{PhaseID: f3, Kind: pdz.KindIstituzionale, Date: day(2013, 11, 11), StartTime: at(9, 0),
		Title: "Coordinamento Istituzionale di Ambito", Invited: "Provincia e ASL nella figura del Direttore del Distretto", Description: "Condivisione schema piano."}))
	l.meeting(p, place(udp, pdz.Meeting{PhaseID: f4, Kind: pdz.KindConferenza, Date: day(2013, 11, 13), StartTime: at(9, 0),
		Title: "Illustrazione e condivisione schema del Piano di Zona con le Organizzazioni sindacali"}))
	l.meeting(p, place(kolbe, pdz.Meeting{PhaseID: f4, Kind: pdz.KindConferenza, Date: day(2013, 11, 14), StartTime: at(15, 0),
		Title:       "Illustrazione e condivisione schema del Piano di Zona con tutti gli attori sociali, pubblici e privati",
		Description: "Sottoscrizione Patti di Partecipazione ed istituzione Cabina di regia territoriale."}))
	l.meeting(p, place(udp, pdz.Meeting{PhaseID: f5, Kind: pdz.KindIstituzionale, Date: day(2013, 11, 15), StartTime: at(9, 0),
		Title: "Coordinamento Istituzionale per l'adozione del Piano di Zona e indizione della Conferenza dei Servizi"}))
	l.meeting(p, pdz.Meeting{PhaseID: f5, Kind: pdz.KindIstituzionale, Date: day(2013, 11, 18), EndDate: day(2013, 11, 30),
		Title: "Consigli Comunali: approvazione convenzione per la gestione associata e presa d'atto Documento programmatico di Piano"})
	l.sign(p, "Il Responsabile dell'Ufficio di Piano", "Dott.ssa Anna Maria Perulli")
	l.sign(p, "Il Presidente del Coordinamento", "Dott. Paolo Perrone")
	l.publish(p)
	return a
}
