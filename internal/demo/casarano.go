package demo

import "github.com/pdz-ats/pdz/internal/pdz"

// The Ambito of Casarano. Populations at 31/12/2021 are those of the 2022-2024
// plan (seed 003, "Tabella n. 1" by age band, row totals); contacts are those
// printed on the 2013 and 2026 notices.
func (l *loader) casarano() pdz.Ambito {
	ref := day(2021, 12, 31)
	return l.ambito(pdz.Ambito{
		Slug: "casarano", Name: "Ambito Territoriale Sociale di Casarano", Province: "Lecce",
		Address: "Viale Stazione n. 44 – 73042 Casarano (LE)", Email: "udp@ambitodicasarano.it",
		Phone: "0833 502428", Website: "https://www.ambitodicasarano.it",
	}, []pdz.Comune{
		{Name: "Casarano", IstatCode: "075016", Population: 19552, PopulationDate: ref},
		{Name: "Collepasso", IstatCode: "075021", Population: 5717, PopulationDate: ref},
		{Name: "Matino", IstatCode: "075042", Population: 11108, PopulationDate: ref},
		{Name: "Parabita", IstatCode: "075059", Population: 8823, PopulationDate: ref},
		{Name: "Ruffano", IstatCode: "075064", Population: 9357, PopulationDate: ref},
		{Name: "Supersano", IstatCode: "075081", Population: 4228, PopulationDate: ref},
		{Name: "Taurisano", IstatCode: "075084", Population: 11489, PopulationDate: ref},
	}, "Casarano")
}

// Seed 000: the notice of 4 June 2026, as published.
const (
	salaFB       = `Sala "Falcone Borsellino" presso la sede dell'ATS`
	salaFBAddr   = "Viale Stazione nr.44 – 73042"
	seed000Body1 = "Con delibera della G.R. n.476 del 21 aprile 2026, la Regione Puglia ha approvato il VI Piano Regionale delle Politiche Sociali per il triennio 2026-2028 comprensivo degli indirizzi di programmazione Fondo Nazionale Non autosufficienze 2025/2027, Fondo Nazionale Politiche Sociali 2025/2026 e Fondo Globale Socio Assistenziale 2026/2027/2028."
	seed000Body2 = "Il predetto Piano ha definito la complessiva strategia di azione per il sistema di welfare regionale e ha dato avvio al percorso di programmazione partecipata per la stesura del VI Piano Sociale di Zona dell'Ambito Territoriale Sociale di Casarano, composto dai Comuni di Casarano, Collepasso, Matino, Parabita, Ruffano, Supersano, Taurisano."
	seed000Body3 = "Il processo di partecipazione e di concertazione ha come obiettivo il consolidamento di un sistema di servizi sociali e sociosanitari proteso al miglioramento della qualità della vita e delle condizioni di benessere, alla presa in carico delle persone con fragilità e all'inclusione sociale dei soggetti svantaggiati, mediante il coinvolgimento di tutti gli attori sociali, pubblici e privati, interessati alla pianificazione sociale, di cui agli artt. 1 e 3 della Legge n. 328/2000 e dell'art. 4 co.2 lett. c) della L.R. 19/2006 (cittadini singoli e associati, enti pubblici, associazioni familiari, organismi di tutela, organismi di rappresentanza del volontariato e della cooperazione sociale, ecc.)."
	seed000Body4 = "Tale percorso è finalizzato all'individuazione, da parte della Pubblica Amministrazione procedente, dei bisogni da soddisfare, degli interessi a tal fine necessari, delle modalità di realizzazione degli stessi e delle risorse disponibili."
	seed000Body5 = "Il percorso di programmazione partecipata avrà il seguente calendario:"
)

// Seed000Areas are the nine thematic areas of the 2026-2028 tables, in the
// order of the tables.
var Seed000Areas = []string{
	"L'integrazione delle politiche di welfare",
	"Il Benessere e innovazione sociale: processi partecipativi e ruolo del Terzo Settore",
	"Le politiche familiari e povertà educativa",
	"La promozione dell'inclusione sociale ed il contrasto alle povertà",
	"Il sistema di welfare d'accesso",
	"Le politiche per l'integrazione delle persone con disabilità e la presa in carico della non Autosufficienza",
	"La prevenzione ed il contrasto di tutte le forme di discriminazione, maltrattamento e violenza",
	"La conciliazione vita-lavoro e le politiche di genere",
	"L'invecchiamento attivo",
}

// Seed000Tables are the days and times of tables 1-9 (seed 000's calendar).
var Seed000Tables = []struct {
	Day      pdz.Date
	From, To pdz.Clock
}{
	{day(2026, 6, 22), at(9, 0), at(11, 0)}, {day(2026, 6, 22), at(11, 30), at(13, 30)},
	{day(2026, 6, 23), at(9, 0), at(11, 0)}, {day(2026, 6, 23), at(11, 30), at(13, 30)},
	{day(2026, 6, 24), at(9, 0), at(11, 0)}, {day(2026, 6, 24), at(11, 30), at(13, 30)},
	{day(2026, 6, 25), at(9, 0), at(11, 0)}, {day(2026, 6, 25), at(11, 30), at(13, 30)},
	{day(2026, 6, 26), at(9, 0), at(11, 0)},
}

func (l *loader) casarano2026(a pdz.Ambito) {
	p := l.process(pdz.Process{
		AmbitoID: a.ID, Slug: "pdz-2026-2028",
		Title:     "Avviso pubblico di avvio del percorso di programmazione partecipata per la stesura del Piano Sociale di Zona 2026-2028",
		Cycle:     "Piano Sociale di Zona 2026-2028",
		Body:      seed000Body1 + "\n\n" + seed000Body2 + "\n\n" + seed000Body3 + "\n\n" + seed000Body4 + "\n\n" + seed000Body5,
		VenueNote: `Tutti gli incontri si svolgeranno presso la sede dell'Ambito Territoriale Sociale di Casarano, presso la sala "Falcone-Borsellino" sita in Viale Stazione n.44 – cap. 73042 - Casarano.`,
		Participation: "I soggetti interessati a prendere parte al processo di partecipazione e cittadinanza attiva per la programmazione del Piano Sociale di Zona, potranno far pervenire la loro Manifestazione di Interesse (con eventuale proposta di intervento) all'Ufficio di Piano dell'ATS di Casarano, utilizzando i format allegati al presente Avviso.\n\n" +
			"Nella Manifestazione di Interesse, debitamente compilata, datata e sottoscritta, occorrerà segnare l'area tematica a cui si intende partecipare.\n\n" +
			"Gli interessati dovranno far pervenire la propria Manifestazione di interesse all'indirizzo di posta elettronica: udp@ambitodicasarano.it entro le ore 18,00 del 17.06.2026.",
		Deadline:          rome(2026, 6, 17, 18, 0),
		RegistrationEmail: "udp@ambitodicasarano.it",
		RegistrationRules: "Per ciascuna area è ammesso a partecipare n.1 rappresentante per ciascuna organizzazione.",
		SignedPlace:       "Casarano", SignedOn: day(2026, 6, 4),
	})
	l.premise(p, pdz.Premise{Lead: "Vista la", Kind: "Deliberazione della Giunta Regionale", Number: "476", Date: day(2026, 4, 21),
		Subject: "Approvazione del VI Piano Regionale delle Politiche Sociali per il triennio 2026-2028"})
	f1 := l.phase(p, pdz.Phase{Label: "Fase I", Title: "Concertazione e programmazione preliminare"})
	f2 := l.phase(p, pdz.Phase{Label: "Fase II", Title: "Programmazione partecipata"})
	areas := l.areas(p, Seed000Areas...)
	l.meeting(p, pdz.Meeting{PhaseID: f1, Kind: pdz.KindConcertazione, Title: "Sessione di concertazione e programmazione preliminare sui servizi",
		Invited: "Il Servizio Sociale Professionale di Ambito e i referenti delle Amministrazioni Pubbliche coinvolte nelle tematiche dei servizi dell'area socio-educativa, socio-assistenziale e socio-sanitaria",
		Date:    day(2026, 6, 19), StartTime: at(9, 30), VenueName: salaFB, VenueAddress: salaFBAddr, VenueCity: "Casarano"})
	l.meeting(p, pdz.Meeting{PhaseID: f1, Kind: pdz.KindConcertazione, Title: "Sessione di concertazione e programmazione preliminare",
		Invited: "Le Organizzazioni sindacali maggiormente rappresentative e la ASL",
		Date:    day(2026, 6, 19), StartTime: at(11, 30), VenueName: salaFB, VenueAddress: salaFBAddr, VenueCity: "Casarano"})
	for i, t := range Seed000Tables {
		if len(areas) <= i {
			break
		}
		l.meeting(p, pdz.Meeting{PhaseID: f2, Kind: pdz.KindTavolo, Label: "Tavolo " + itoa(i+1),
			Title: "Confronto sull'area tematica «" + Seed000Areas[i] + "»",
			Date:  t.Day, StartTime: t.From, EndTime: t.To, VenueName: salaFB, VenueAddress: salaFBAddr, VenueCity: "Casarano",
			AreaIDs: []int64{areas[i]}})
	}
	l.meeting(p, pdz.Meeting{PhaseID: f2, Kind: pdz.KindPlenaria, Label: "PLENARIA",
		Title: "Restituzione dei lavori dei Tavoli Tematici. Discussione e condivisione delle priorità.",
		Date:  day(2026, 7, 1), StartTime: at(9, 0), EndTime: at(13, 0), VenueName: salaFB, VenueAddress: salaFBAddr, VenueCity: "Casarano"})
	l.sign(p, "Il Presidente del Coordinamento Istituzionale", "Pompilio Giovanni Ottavio De Nuzzo")
	l.publish(p)
	l.sampleRegistrations(p, areas)
}

// Seed 001: the notice of 30 October 2013 for the 2014-2016 plan.
func (l *loader) casarano2014(a pdz.Ambito) {
	p := l.process(pdz.Process{
		AmbitoID: a.ID, Slug: "pdz-2014-2016",
		Title: "Avviso per la partecipazione al Processo di pianificazione e di concertazione per l'elaborazione del Piano di Zona 2014-2016 e del Piano di Azione e Coesione (PAC)",
		Cycle: "Piano Sociale di Zona 2014-2016 e Piano di Azione e Coesione (PAC)",
		Body:  "Al fine di valorizzare e coinvolgere tutti gli attori sociali, pubblici e privati, e i soggetti del Terzo Settore nelle attività di co-progettazione e realizzazione dei servizi, quali azioni tese alla promozione e all'esercizio di cittadinanza attiva e di responsabilità condivisa, l'Ambito Territoriale Sociale di Casarano comunica l'avvio del percorso di concertazione e programmazione partecipata per la stesura del Piano Sociale di Zona 2014-2016 e del Piano di Azione e Coesione (PAC) secondo il seguente calendario.",
		Participation: "Tutti coloro che sono interessati alla progettazione partecipata per la definizione del nuovo Piano Sociale di Zona, sono invitati a partecipare alle sessioni di concertazione di cui alla citata Fase 2 e ad iscriversi ai lavori attraverso apposita scheda di adesione (scaricabile dal sito www.ambitodicasarano.it) che deve pervenire tramite e-mail all'indirizzo: dirigente@ambitodicasarano.it entro e non oltre le ore 12.00 del 05 novembre 2013.\n\n" +
			"Per maggiori informazioni e chiarimenti, tutti gli interessati potranno rivolgersi presso gli sportelli di Segretariato Sociale presenti in tutti i Comuni dell'Ambito Territoriale Sociale di Casarano.",
		Deadline: rome(2013, 11, 5, 12, 0), RegistrationEmail: "dirigente@ambitodicasarano.it",
		RegistrationRules: "L'intervento nella prima sessione vale quale adesione alla concertazione e quale istituzione del tavolo di progettazione partecipata, qualora non si provveda preventivamente all'invio di manifestazione di interesse.",
		SignedPlace:       "Casarano", SignedOn: day(2013, 10, 30),
	})
	l.premise(p, pdz.Premise{Lead: "Vista la", Kind: "Legge quadro", Number: "328/00", Subject: "realizzazione del sistema integrato di interventi e servizi sociali"})
	l.premise(p, pdz.Premise{Lead: "Vista la", Kind: "Legge regionale", Number: "19/06", Subject: "Disciplina del sistema integrato dei servizi sociali per la dignità ed il benessere delle donne e degli uomini di Puglia"})
	l.premise(p, pdz.Premise{Lead: "Visto il", Kind: "Regolamento Regionale", Number: "4/07", Notes: "e ss.mm.ii."})
	l.premise(p, pdz.Premise{Lead: "Vista la", Kind: "D.G.R.", Number: "1534", Date: day(2013, 8, 2),
		Subject: "L.r. n. 19/2006, art. 9 e art. 18 – Piano regionale delle Politiche Sociali III triennio (2013-2015)", Notes: "pubblicata sul B.U.R.P. n. 123 del 17 settembre 2013"})
	l.premise(p, pdz.Premise{Lead: "Viste le", Kind: "determinazioni del Coordinamento Istituzionale", Date: day(2013, 10, 22),
		Subject: "Avvio del processo di Pianificazione partecipata e coprogettazione del Piano Sociale di Zona"})
	f1 := l.phase(p, pdz.Phase{Label: "Fase 1", Title: "Concertazione e programmazione preliminare"})
	f2 := l.phase(p, pdz.Phase{Label: "Fase 2", Title: "Progettazione partecipata",
		Description: "Sono invitati tutti gli attori sociali, pubblici e privati, e i liberi cittadini del territorio (a puro titolo esemplificativo: OdV, ApS, Cooperative Sociali, Enti di Formazione, Organizzazioni no profit, Associazioni di Categoria, Onlus, Parrocchie, istituti scolastici di ogni ordine e grado, etc.) interessati alla pianificazione sociale."})
	f3 := l.phase(p, pdz.Phase{Label: "Fase 3", Title: "Elaborazione del nuovo Piano Sociale di Zona"})
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
	udp := pdz.Meeting{VenueName: "Ufficio di Piano", VenueAddress: "viale Stazione, 42", VenueCity: "Casarano"}
	consiliare := pdz.Meeting{VenueName: "Sala Consiliare – sede municipale", VenueCity: "Casarano"}
	anziani := pdz.Meeting{VenueName: "Centro anziani", VenueAddress: "vico Araldo", VenueCity: "Casarano"}
	l.meeting(p, place(udp, pdz.Meeting{PhaseID: f1, Kind: pdz.KindConcertazione, Date: day(2013, 10, 31), StartTime: at(16, 0),
		Title:   "Sessione di concertazione e programmazione preliminare tecnica sui servizi ad integrazione socio-sanitaria",
		Invited: "Ufficio di Piano, Servizio Sociale Professionale, Segretariato Sociale Professionale e servizi del Distretto Socio Sanitario"}))
	l.meeting(p, place(consiliare, pdz.Meeting{PhaseID: f1, Kind: pdz.KindConcertazione, Date: day(2013, 11, 4), StartTime: at(9, 30),
		Title:   "Sessione di concertazione e programmazione preliminare tecnica",
		Invited: "Organizzazioni sindacali maggiormente rappresentative, Ufficio di Piano, Servizio Sociale Professionale e Sindaci dei Comuni dell'Ambito"}))
	first := l.meeting(p, pdz.Meeting{PhaseID: f2, Kind: pdz.KindPlenaria, Label: "Prima sessione", Title: "Sessione Plenaria e apertura dei tavoli tematici",
		Date: day(2013, 11, 6), StartTime: at(15, 30), VenueName: "Auditorium Comunale", VenueCity: "Casarano",
		Description: "Presentazione generale Piano Regionale 2013-2015 ed obiettivi di servizio; la valutazione ex post del secondo ciclo di programmazione (Piano sociale di Zona 2010-2013); la governance per la programmazione sociale e il ruolo del Terzo Settore.\n\nL'intervento nella prima sessione vale quale adesione alla concertazione e quale istituzione del tavolo di progettazione partecipata."})
	for i, id := range areas {
		l.meeting(p, pdz.Meeting{PhaseID: f2, ParentID: first, Kind: pdz.KindTavolo, Label: "Tavolo " + itoa(i+1), Title: "Apertura del tavolo tematico",
			Date: day(2013, 11, 6), StartTime: at(15, 30), VenueName: "Auditorium Comunale", VenueCity: "Casarano", AreaIDs: []int64{id}})
	}
	l.meeting(p, place(anziani, pdz.Meeting{PhaseID: f2, Kind: pdz.KindTavolo, Label: "Seconda sessione", Title: "Tavoli tematici",
		Date: day(2013, 11, 7), StartTime: at(15, 30), AreaIDs: areas,
		Description: "Nei singoli Tavoli saranno condivise ipotesi operative di intervento. Il prospetto di sintesi delle proposte raccolte sarà valutato in sede di programmazione tecnica e gli esiti valutativi saranno resi noti ai soggetti del Terzo Settore nell'incontro di illustrazione e condivisione del Piano Sociale di Zona del 18 novembre 2013.\n\nIn questa giornata saranno individuati i Soggetti con cui sottoscrivere i \"Patti di partecipazione\" e saranno individuati i Referenti che faranno parte del Tavolo di Monitoraggio e Valutazione nel triennio di attuazione del Piano sociale di Zona 2014-2016 denominato Cabina di Regia."}))
	l.meeting(p, pdz.Meeting{PhaseID: f2, Kind: pdz.KindConcertazione, Date: day(2013, 11, 8), StartTime: at(8, 30),
		Title: "Sessione di concertazione e programmazione tecnica sui servizi ad integrazione socio sanitaria", VenueName: "Sala riunioni Distretto Socio Sanitario di Casarano", VenueAddress: "via Spagna", VenueCity: "Casarano",
		Invited: "Ufficio di Piano, Servizio Sociale Professionale, Segretariato Sociale Professionale e servizi del Distretto Socio Sanitario"})
	l.meeting(p, place(consiliare, pdz.Meeting{PhaseID: f2, Kind: pdz.KindConcertazione, Date: day(2013, 11, 11), StartTime: at(8, 30),
		Title:       "Sessione di concertazione e programmazione",
		Invited:     "Organizzazioni Sindacali maggiormente rappresentative, Ufficio di Piano, Servizio Sociale Professionale e Sindaci dei Comuni dell'Ambito",
		Description: "Sottoscrizione Protocollo di Intesa su strumenti e metodi per l'attuazione e la valutazione partecipata del PdZ 2014-2016."}))
	l.meeting(p, pdz.Meeting{PhaseID: f3, Kind: pdz.KindLavoro, Title: "Stesura schema piano", Date: day(2013, 11, 12), EndDate: day(2013, 11, 15),
		Description: "- valutazione delle proposte progettuali del Terzo Settore;\n- predisposizione bozza III Piano di Zona;\n- definizione scelte strategiche per l'assetto gestionale ed organizzativo dell'Ambito;\n- adeguamento regolamenti di Ambito;\n- programmazione finanziaria;\n- predisposizione PAC anziani e infanzia."})
	l.meeting(p, place(consiliare, pdz.Meeting{PhaseID: f3, Kind: pdz.KindIstituzionale, Date: day(2013, 11, 15), StartTime: at(16, 0),
		Title: "Coordinamento Istituzionale di Ambito", Invited: "Provincia e ASL", Description: "Condivisione schema Piano."}))
	l.meeting(p, place(anziani, pdz.Meeting{PhaseID: f4, Kind: pdz.KindConferenza, Date: day(2013, 11, 18), StartTime: at(9, 0),
		Title: "Illustrazione e condivisione schema del Piano di Zona con le Organizzazioni Sindacali"}))
	l.meeting(p, place(anziani, pdz.Meeting{PhaseID: f4, Kind: pdz.KindConferenza, Date: day(2013, 11, 18), StartTime: at(11, 0),
		Title:       "Illustrazione e condivisione schema del Piano di Zona con tutti gli attori sociali, pubblici e privati",
		Description: "Sottoscrizione Patti di Partecipazione ed istituzione Cabina di regia territoriale."}))
	l.meeting(p, place(consiliare, pdz.Meeting{PhaseID: f5, Kind: pdz.KindIstituzionale, Date: day(2013, 11, 18), StartTime: at(16, 0),
		Title: "Coordinamento Istituzionale per l'adozione del Piano di Zona e indizione della Conferenza dei Servizi"}))
	l.meeting(p, pdz.Meeting{PhaseID: f5, Kind: pdz.KindIstituzionale, Date: day(2013, 11, 19), EndDate: day(2013, 11, 30),
		Title: "Consigli Comunali: approvazione convenzione per la gestione associata e presa d'atto Documento programmatico di Piano"})
	l.sign(p, "Il Responsabile dell'Ufficio di Piano", "Dott.ssa Antonella Ferraro")
	l.sign(p, "Il Presidente del Coordinamento", "Dott. Gianni Stefano")
	l.publish(p)
}

// place copies the venue of v into m.
func place(v, m pdz.Meeting) pdz.Meeting {
	m.VenueName, m.VenueAddress, m.VenueCity = v.VenueName, v.VenueAddress, v.VenueCity
	return m
}
