package demo

import "github.com/pdz-ats/pdz/internal/pdz"

// Seed 003: the participatory path of the Piano Sociale di Zona 2022-2024 of
// Casarano, as the plan's introduction records it (meetings, sessions of the
// bodies with their convocation protocol numbers and decisions, the seven
// deliberations of the Consigli Comunali), and the bodies as its governance
// chapter describes them. What the seed leaves blank ("_________") is left
// out: the later phases have no dated meetings, members whose names the seed
// does not print have none, and nobody's attendance is recorded.

// Seed003Areas are the strategic areas of the six tables of June 2022 (the
// fifth table treated two).
var Seed003Areas = []string{
	"Le politiche familiari e la tutela dei minori",
	"Il sistema di Welfare per l'accesso",
	"La prevenzione e contrasto di tutte le forme di maltrattamento e violenza su donne e minori",
	"La promozione dell'inclusione sociale ed il contrasto alle povertà",
	"L'invecchiamento attivo",
	"Le politiche per l'integrazione delle persone con disabilità e la presa in carico della non autosufficienza",
	"Le pari opportunità e la conciliazione vita-lavoro",
}

// Seed003Deliberations are the Consigli Comunali's deliberations (number
// and date), in the seed's order.
var Seed003Deliberations = []struct {
	Comune, Number string
	Date           pdz.Date
}{
	{"Casarano", "71", day(2022, 12, 7)},
	{"Collepasso", "65", day(2022, 12, 15)},
	{"Matino", "80", day(2022, 12, 20)},
	{"Parabita", "113", day(2022, 12, 29)},
	{"Ruffano", "5", day(2023, 2, 10)},
	{"Supersano", "41", day(2022, 12, 29)},
	{"Taurisano", "78", day(2022, 12, 20)},
}

const (
	seed003Body1 = "Il V Piano Regionale delle Politiche Sociali 2022-2024 “Ripartire, valorizzare, includere: la sfida rinnovata del welfare pugliese”, approvato con Deliberazione n.353 del 14/03/2022 e pubblicato sul Bollettino Ufficiale della Regione Puglia n. 40 del 05/04/2022, in continuità con i precedenti, ha come obiettivo il benessere sociale della comunità attraverso lo strumento del sistema integrato di interventi e servizi sociali. Tale strumento di programmazione ha definito la complessiva strategia di azione per il sistema di welfare regionale, dando avvio al percorso di programmazione partecipata per la stesura del V Piano Sociale di Zona dell'Ambito Territoriale Sociale di Casarano, composto dai Comuni di Casarano, Collepasso, Matino, Parabita, Ruffano, Supersano, Taurisano."
	seed003Body2 = "Elemento essenziale per la costruzione del PdZ è il processo di partecipazione e di concertazione con tutti gli attori sociali, pubblici e privati, interessati alla pianificazione sociale, di cui agli artt. 1 e 3 della Legge n. 328/2000 e dell'art. 4 co.2 lett. c) della L.R. 19/2006 (cittadini singoli e associati, enti pubblici, associazioni familiari, organismi di tutela, organismi di rappresentanza del volontariato e della cooperazione sociale, ecc.). L'obiettivo di tale percorso è l'individuazione dei bisogni da soddisfare, degli interventi a tal fine necessari, delle modalità di realizzazione degli stessi e delle risorse disponibili per realizzarli."
	seed003Body3 = "Il Coordinamento Istituzionale di Ambito, nella seduta del 20 maggio 2022, ha definito gli indirizzi programmatici per la concertazione e, al fine di garantire il coinvolgimento di tali soggetti nella programmazione degli interventi, promuovendo la loro partecipazione attiva, ai sensi dell'art. 16 del R.R. n. 4/2007, ha dato avvio al percorso di programmazione partecipata, pubblicando l'Avviso Pubblico, secondo il seguente calendario:"
	udpSeat      = "Ufficio di Piano – Viale Stazione n. 44 - Casarano"
	reteName     = "Rete per l'inclusione e la protezione sociale dell'Ambito Territoriale"
)

func (l *loader) casarano2022(a pdz.Ambito) {
	p := l.process(pdz.Process{
		AmbitoID: a.ID, Slug: "pdz-2022-2024",
		Title: "Il percorso di concertazione e di programmazione partecipata",
		Cycle: "Piano Sociale di Zona 2022-2024",
		Body:  seed003Body1 + "\n\n" + seed003Body2 + "\n\n" + seed003Body3,
	})
	l.premise(p, pdz.Premise{Lead: "Visto il", Kind: "V Piano Regionale delle Politiche Sociali 2022-2024", Subject: "Ripartire, valorizzare, includere: la sfida rinnovata del welfare pugliese",
		Notes: "approvato con Deliberazione n.353 del 14/03/2022 e pubblicato sul Bollettino Ufficiale della Regione Puglia n. 40 del 05/04/2022"})
	f1 := l.phase(p, pdz.Phase{Label: "Fase I", Title: "Concertazione e programmazione preliminare"})
	f2 := l.phase(p, pdz.Phase{Label: "Fase II", Title: "Programmazione partecipata",
		Description: "Nei Tavoli tematici relativi alle singole aree strategiche individuate dal Piano Regionale, sono stati condivisi gli obiettivi fondamentali, partendo da una puntuale analisi dei bisogni rilevati sul territorio e da un'attenta lettura del contesto di riferimento."})
	l.phase(p, pdz.Phase{Label: "Fase III", Title: "Elaborazione del Piano Sociale di Zona",
		Description: "- valutazione delle proposte progettuali del Terzo Settore;\n- predisposizione bozza V Piano di Zona;\n- definizione delle scelte strategiche per l'assetto gestionale ed organizzativo dell'Ambito;\n- adeguamento regolamenti di Ambito;\n- programmazione finanziaria.\n\nCoordinamento Istituzionale di Ambito con la partecipazione della ASL per condivisione schema Piano."})
	l.phase(p, pdz.Phase{Label: "Fase IV", Title: "Conferenza di Concertazione Generale",
		Description: udpSeat + "\n\n- Illustrazione e condivisione schema del Piano di Zona con le Organizzazioni Sindacali;\n- Illustrazione e condivisione schema del Piano di Zona con tutti gli attori sociali, pubblici e privati."})
	l.phase(p, pdz.Phase{Label: "Fase V", Title: "Adozione Piano",
		Description: udpSeat + "\n\nCoordinamento Istituzionale per l'adozione del Piano di Zona e indizione della Conferenza dei Servizi.\n\nApprovazione della Convenzione per la gestione associata e presa d'atto Documento programmatico di Piano a cura dei singoli Consigli Comunali."})
	l.phase(p, pdz.Phase{Label: "Fase 6", Title: "Conferenza dei Servizi per l'approvazione ed il finanziamento del V Piano di Zona",
		Description: "Con la partecipazione di Regione Puglia, Distretto Socio-sanitario e dei componenti del Coordinamento Istituzionale.\n\n" + udpSeat})
	areas := l.areas(p, Seed003Areas...)
	area := func(i ...int) []int64 {
		var ids []int64
		for _, n := range i {
			if n < len(areas) {
				ids = append(ids, areas[n])
			}
		}
		return ids
	}
	l.meeting(p, pdz.Meeting{PhaseID: f1, Kind: pdz.KindConcertazione, Date: day(2022, 5, 26),
		Title:   "Avvio del percorso di progettazione partecipata per la stesura del Piano Sociale di Zona 2022-2024",
		Invited: "Responsabili Servizi Sociali, Assistenti Sociali Comunali e Segretariati Sociali"})
	l.meeting(p, pdz.Meeting{PhaseID: f1, Kind: pdz.KindConcertazione, Date: day(2022, 6, 8),
		Title:   "Sessione di concertazione e programmazione preliminare sui servizi",
		Invited: "Il Servizio Sociale Professionale di Ambito e i referenti delle Amministrazioni Pubbliche coinvolte nelle tematiche dei servizi dell'area socio-educativa, socio-assistenziale e socio-sanitaria (Servizi sociali Comunali, Centro per l'Impiego, tribunale dei Minori, USSM, UDEPE, Istituti Comprensivi)"})
	tables := []struct {
		d     pdz.Date
		title string
		areas []int64
	}{
		{day(2022, 6, 13), "“" + Seed003Areas[0] + "”", area(0)},
		{day(2022, 6, 14), "“" + Seed003Areas[1] + "”", area(1)},
		{day(2022, 6, 14), "“" + Seed003Areas[2] + "”", area(2)},
		{day(2022, 6, 15), "“" + Seed003Areas[3] + "”", area(3)},
		{day(2022, 6, 16), "“" + Seed003Areas[4] + "” e “" + Seed003Areas[5] + "”", area(4, 5)},
		{day(2022, 6, 16), "“" + Seed003Areas[6] + "”", area(6)},
	}
	for i, t := range tables {
		l.meeting(p, pdz.Meeting{PhaseID: f2, Kind: pdz.KindTavolo, Label: "Tavolo Tematico n. " + itoa(i+1), Title: t.title, Date: t.d, AreaIDs: t.areas})
	}
	l.meeting(p, pdz.Meeting{PhaseID: f2, Kind: pdz.KindPlenaria, Date: day(2022, 6, 21),
		Title: "Restituzione dei lavori dei Tavoli Tematici. Discussione e condivisione delle priorità"})
	concertazione := l.meeting(p, pdz.Meeting{Kind: pdz.KindConcertazione, Date: day(2022, 6, 22),
		Title:   "Sessione di concertazione e programmazione preliminare",
		Invited: "Le Organizzazioni sindacali maggiormente rappresentative e la ASL (Cabina di Regia)"})
	election := l.meeting(p, pdz.Meeting{Kind: pdz.KindPlenaria, Date: day(2022, 7, 14),
		Title: "Elezione di n. 3 rappresentanti delle Organizzazioni del Terzo Settore, individuati tra i componenti del Tavolo di programmazione partecipato denominato “" + reteName + "”"})
	l.publish(p)

	comuni := map[string]int64{}
	if l.err == nil {
		cs, err := l.st.Comuni(l.ctx, a.ID)
		l.err = err
		for _, c := range cs {
			comuni[c.Name] = c.ID
		}
	}
	order := []string{"Casarano", "Collepasso", "Matino", "Parabita", "Ruffano", "Supersano", "Taurisano"}

	// Coordinamento Istituzionale: the mayors or their delegates of the seven Comuni.
	ci := l.body(pdz.Body{AmbitoID: a.ID, Kind: pdz.BodyCoordinamento, Name: "Coordinamento Istituzionale",
		Description: "L'organo politico dell'Ambito, composto dai Sindaci dei Comuni associati o dai loro delegati: avvia il percorso di programmazione, adotta il Piano Sociale di Zona, approva la programmazione finanziaria e ne indirizza l'attuazione."})
	l.member(ci, pdz.Member{Role: "Presidente del Coordinamento Istituzionale", Name: "Pompilio Giovanni Ottavio De Nuzzo"})
	for _, c := range order {
		l.member(ci, pdz.Member{Role: "Sindaco o delegato", ComuneID: comuni[c]})
	}
	// Ufficio di Piano: its Responsabile and the three functions of its organigram.
	udp := l.body(pdz.Body{AmbitoID: a.ID, Kind: pdz.BodyUfficioDiPiano, Name: "Ufficio di Piano",
		Description: "La struttura tecnico-amministrativa dell'Ambito, con sede in viale Stazione n.44 – Casarano: cura il percorso partecipato, la stesura e l'attuazione del Piano Sociale di Zona e la gestione del Fondo Unico di Ambito. Dipende dal Coordinamento Istituzionale ed è diretta dal Responsabile dell'Ufficio di Piano."})
	l.member(udp, pdz.Member{Role: "Responsabile dell'Ufficio di Piano", Name: "Gigliola Totisco",
		Appointment: "Decreto Sindacale di nomina n. 7/2014, integrato dal decreto n. 10/2023; individuata quale RUP dal Coordinamento Istituzionale nella seduta del 28/02/2023"})
	l.member(udp, pdz.Member{Role: "Funzione di programmazione e progettazione"})
	l.member(udp, pdz.Member{Role: "Funzione di gestione tecnica e amministrativa"})
	l.member(udp, pdz.Member{Role: "Funzione di gestione contabile e finanziaria"})
	// Cabina di Regia: its composition as the governance chapter lists it.
	cabina := l.body(pdz.Body{AmbitoID: a.ID, Kind: pdz.BodyCabinaDiRegia, Name: "Cabina di Regia",
		Description: "La Cabina di Regia territoriale, costituita all'interno della Rete per l'inclusione e la protezione sociale di Ambito e coordinata dal Responsabile dell'Ufficio di Piano, si riunisce periodicamente durante l'intero triennio per assicurare il monitoraggio e la valutazione delle fasi attuative nonché la necessaria partecipazione alle eventuali fasi di riprogrammazione."})
	l.member(cabina, pdz.Member{Role: "Coordinamento (Responsabile dell'Ufficio di Piano)", Name: "Gigliola Totisco"})
	l.member(cabina, pdz.Member{Role: "Componenti del Coordinamento Istituzionale dell'Ambito"})
	l.member(cabina, pdz.Member{Role: "Componenti dell'Ufficio di Piano"})
	for _, u := range []string{"CGIL", "CISL", "UIL"} {
		l.member(cabina, pdz.Member{Role: "Rappresentante dell'Organizzazione Sindacale", Represents: u})
	}
	l.member(cabina, pdz.Member{Role: "Referente per le categorie dei Pensionati", Represents: "CGIL, CISL e UIL"})
	l.member(cabina, pdz.Member{Role: "Direttore del Distretto socio-sanitario di Casarano", Represents: "ASL"})
	for range 3 {
		l.member(cabina, pdz.Member{Role: "Rappresentante del Terzo Settore eletto", Represents: "Organizzazioni del Terzo Settore",
			MeetingID: election, StartsOn: day(2022, 7, 14),
			Appointment: "Eletto il 14 luglio 2022 tra i componenti del Tavolo di programmazione partecipato “" + reteName + "”"})
	}
	// Tavolo Territoriale di Confronto with the unions.
	tavolo := l.body(pdz.Body{AmbitoID: a.ID, Kind: pdz.BodyTavoloOOSS, Name: "Tavolo Territoriale di Confronto",
		Description: "Il “Tavolo di confronto con le OO.SS”, strumento stabile di interlocuzione tra Ambito e Organizzazioni Sindacali confederali (referenti delle segreterie e referenti della componente dei pensionati). Il suo compito è monitorare costantemente l'efficacia degli interventi attivati dal Piano di Zona, nel rispetto dell'attuazione dei LEPS e delle priorità degli obiettivi di servizio regionali."})
	l.member(tavolo, pdz.Member{Role: "Referenti delle segreterie", Represents: "Organizzazioni Sindacali confederali"})
	l.member(tavolo, pdz.Member{Role: "Referenti della componente dei pensionati", Represents: "Organizzazioni Sindacali confederali"})
	l.body(pdz.Body{AmbitoID: a.ID, Kind: pdz.BodyReteInclusione, Name: "Rete per l'inclusione e la protezione sociale",
		Description: "Organismo di coordinamento del sistema degli interventi e dei servizi sociali, articolato in tavoli territoriali (art. 21 D.Lgs. 147/2017): ricomprende i rappresentanti delle istituzioni e delle organizzazioni attive in materia di welfare sul territorio e supporta il Coordinamento Istituzionale e l'Ufficio di Piano nel monitoraggio e nella valutazione dell'attuazione del Piano Sociale di Zona. Tra i suoi componenti sono eletti i tre rappresentanti del Terzo Settore nella Cabina di Regia."})
	consigli := l.body(pdz.Body{AmbitoID: a.ID, Kind: pdz.BodyConsiglioComunale, Name: "Consigli Comunali",
		Description: "Il Consiglio Comunale di ciascun Comune dell'Ambito approva la Convenzione per la gestione associata e prende atto del Documento programmatico di Piano. Ogni deliberazione è registrata come seduta del Consiglio del Comune che l'ha adottata."})

	// The sessions, with the protocol numbers and decisions as printed.
	s := l.session(ci, pdz.BodySession{ProcessID: p.ID, Date: day(2022, 5, 20)})
	l.act(ci, s, pdz.ActDecisione, "ha definito gli indirizzi programmatici per la concertazione")
	l.act(ci, s, pdz.ActDecisione, "ai sensi dell'art. 16 del R.R. n. 4/2007, ha dato avvio al percorso di programmazione partecipata, pubblicando l'Avviso Pubblico")
	s = l.session(cabina, pdz.BodySession{ProcessID: p.ID, MeetingID: concertazione, Date: day(2022, 6, 22)})
	l.act(cabina, s, pdz.ActPresaDatto, "La Cabina di Regia ha preso atto dell'intero percorso, evidenziando che l'integrazione socio-sanitaria è uno degli ambiti in cui occorre garantire e potenziare la collaborazione. Un approccio sociale basato sui LEPS deve interagire con i livelli essenziali sanitari e socio-sanitari (LEA). Dai Punti Unici di Accesso (PUA) alla valutazione multidimensionale dei bisogni, ai servizi residenziali e domiciliari alle equipe integrate (affido e adozione, abuso e maltrattamento), la dimensione sanitaria deve operare in stretto raccordo con quella sociale.")
	s = l.session(ci, pdz.BodySession{ProcessID: p.ID, Date: day(2022, 11, 2), ConvocationNumber: "39763", ConvocationDate: day(2022, 10, 28)})
	l.act(ci, s, pdz.ActDecisione, "viene costituito l'Ufficio di Piano")
	s = l.session(ci, pdz.BodySession{ProcessID: p.ID, Date: day(2022, 11, 8), ConvocationNumber: "40541", ConvocationDate: day(2022, 11, 4)})
	l.act(ci, s, pdz.ActDecisione, "è stata approvata la proposta di schema di Convenzione per la Gestione Associata delle funzioni e dei servizi socio-assistenziali (ex art. 30 D.Lgs. n. 267/2000) dell'Ambito di Casarano (composto dai Comuni di Casarano, Collepasso, Matino, Parabita, Ruffano, Supersano e Taurisano) da presentare nei rispettivi Consigli Comunali")
	for _, d := range Seed003Deliberations {
		s = l.session(consigli, pdz.BodySession{ProcessID: p.ID, ComuneID: comuni[d.Comune], Date: d.Date})
		l.actRef(consigli, s, pdz.Act{Kind: pdz.ActDeliberazione, Number: d.Number, Date: d.Date,
			Subject: "Approvazione della Convenzione per la gestione associata e presa d'atto Documento programmatico di Piano"})
	}
	s = l.session(tavolo, pdz.BodySession{ProcessID: p.ID, Date: day(2023, 2, 3), ConvocationNumber: "4114", ConvocationDate: day(2023, 1, 31)})
	l.act(tavolo, s, pdz.ActAttivita, "sono stati monitorati gli interventi ricompresi nel sistema di welfare regionale, a partire dall'attuazione dei LEPS e delle priorità di intervento definite “Obiettivi di Servizio”, ponendo l'attenzione al rispetto e alla qualità del lavoro in ambito sociale ed alla tutela dei diritti delle fasce più fragili della popolazione")
	s = l.session(ci, pdz.BodySession{ProcessID: p.ID, Date: day(2023, 2, 28), ConvocationNumber: "7926", ConvocationDate: day(2023, 2, 23)})
	l.act(ci, s, pdz.ActDecisione, "è stata sottoscritta la Convenzione per la Gestione Associata delle funzioni e dei servizi socio-assistenziali (ex art. 30 D.Lgs. n. 267/2000)")
	l.act(ci, s, pdz.ActDecisione, "sono stati approvati gli schemi di regolamento per la gestione contabile del Fondo Unico di Ambito; di funzionamento dell'Ufficio di Piano; Cabina di regia e Protocollo Operativo; disciplinare di funzionamento del Coordinamento Istituzionale con le modifiche apportate all'art.8 “Validità delle riunioni e votazioni”")
	l.act(ci, s, pdz.ActDecisione, "è stata individuata quale RUP, la Responsabile dell'Ufficio di Piano, Gigliola Totisco, già incaricata con Giusto Decreto Sindacale di nomina n.7/2014, integrato dal decreto n. 10/2023, allo svolgimento di ogni adempimento funzionale alla costruzione, stesura e gestione tecnica del Piano Sociale di Zona 2022-2024, che sarà poi formalmente nominata dal Sindaco del Comune capofila")
	s = l.session(cabina, pdz.BodySession{ProcessID: p.ID, Date: day(2023, 3, 2), ConvocationNumber: "8513", ConvocationDate: day(2023, 2, 28)})
	l.act(cabina, s, pdz.ActAttivita, "vengono esaminate le schede di dettaglio del Piano Sociale di Zona 2022/2024 con la relativa programmazione finanziaria")
	s = l.session(ci, pdz.BodySession{ProcessID: p.ID, Date: day(2023, 6, 1), ConvocationNumber: "21085", ConvocationDate: day(2023, 5, 30)})
	l.act(ci, s, pdz.ActDecisione, "è stata approvata la rendicontazione come da prospetto riepilogativo delle somme programmate e impegnate nel Piano Sociale di Zona 2018-2021 (triennio 2018-2020 e anno 2021)")
	l.act(ci, s, pdz.ActDecisione, "è stata approvata la programmazione finanziaria del nuovo Piano di Zona 2022-2024")
	l.act(ci, s, pdz.ActDecisione, "è stato adottato il Piano Sociale di Zona 2022/2024, completo di tutti i documenti ed atti ad esso collegati, in piena coerenza con quanto previsto dal piano Regionale delle Politiche Sociali")
	l.publishSessions(ci, cabina, tavolo, consigli)
}

func (l *loader) body(b pdz.Body) *pdz.Body {
	if l.err == nil {
		l.err = l.st.SaveBody(l.ctx, actor, &b)
	}
	return &b
}

func (l *loader) member(b *pdz.Body, m pdz.Member) {
	if l.err == nil {
		m.BodyID = b.ID
		l.err = l.st.SaveMember(l.ctx, actor, b.AmbitoID, &m)
	}
}

func (l *loader) session(b *pdz.Body, x pdz.BodySession) *pdz.BodySession {
	if l.err == nil {
		x.BodyID = b.ID
		l.err = l.st.SaveBodySession(l.ctx, actor, b.AmbitoID, &x)
	}
	return &x
}

func (l *loader) act(b *pdz.Body, x *pdz.BodySession, kind pdz.ActKind, subject string) {
	l.actRef(b, x, pdz.Act{Kind: kind, Subject: subject})
}

func (l *loader) actRef(b *pdz.Body, x *pdz.BodySession, a pdz.Act) {
	if l.err == nil {
		a.SessionID = x.ID
		l.err = l.st.SaveAct(l.ctx, actor, b.AmbitoID, b.ID, &a, nil, false)
	}
}

// publishSessions publishes every session of the bodies.
func (l *loader) publishSessions(bs ...*pdz.Body) {
	for _, b := range bs {
		if l.err != nil {
			return
		}
		xs, err := l.st.BodySessions(l.ctx, b.AmbitoID, b.ID, false)
		if l.err = err; err != nil {
			return
		}
		for _, x := range xs {
			if l.err = l.st.SetBodySessionStatus(l.ctx, actor, b.AmbitoID, b.ID, x.ID, pdz.StatusPublished); l.err != nil {
				return
			}
		}
	}
}
