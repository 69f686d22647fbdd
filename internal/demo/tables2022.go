package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/pdz-ats/pdz/internal/locale"
	"github.com/pdz-ats/pdz/internal/pdz"
	"github.com/pdz-ats/pdz/internal/security"
	"github.com/pdz-ats/pdz/internal/store"
)

// What happened at the tables of Casarano 2022-2024, invented so that
// every screen of issue 4 shows something: the seed records the dates (the
// tables of 13-16 June 2022, the restitution of 21 June, the Cabina di Regia
// of 22 June, the election of three Third-Sector representatives on 14 July
// 2022) but not who came, what was said or proposed, nor the votes.
// Everything below is invented: organisations marked "(esempio)", people
// "(dato di esempio)", example.org addresses, tax codes that cannot belong
// to anyone; the writes are dated on the days of the path (store.Backdate).
// No e-mail is queued.

type org2022 struct {
	name     string
	typ      pdz.OrgType
	comune   string
	founded  pdz.Date
	manages  bool
	contact  string
	areas    []int // of Seed003Areas
	received time.Time
}

var orgs2022 = []org2022{
	{"Associazione «Famiglie in rete»", "aps", "Casarano", day(2009, 4, 2), false, "Carla Romano", []int{0, 6}, rome(2022, 6, 6, 10, 5)},
	{"ODV «Mani tese del Capo»", "odv", "Matino", day(2001, 10, 11), false, "Antonio Pellegrino", []int{3, 1}, rome(2022, 6, 6, 18, 40)},
	{"Cooperativa sociale «L'Approdo»", "cooperativa", "Casarano", day(1995, 2, 14), true, "Daniela Mariano", []int{0, 3}, rome(2022, 6, 7, 9, 15)},
	{"APS «Anziani attivi»", "aps", "Collepasso", day(2015, 6, 30), false, "Raffaele Vergine", []int{4}, rome(2022, 6, 7, 11, 50)},
	{"ODV «Antiviolenza Sud Salento»", "odv", "Casarano", day(2012, 11, 25), false, "Giulia Stefanelli", []int{2, 6}, rome(2022, 6, 8, 8, 30)},
	{"Cooperativa sociale «Orizzonti»", "cooperativa", "Parabita", day(2021, 9, 1), false, "Marco Piccinno", []int{3, 5}, rome(2022, 6, 8, 15, 20)},
	{"Associazione «Diversamente abili insieme»", "odv", "Ruffano", day(2005, 3, 21), false, "Rita Scarcia", []int{5, 4}, rome(2022, 6, 9, 10, 0)},
	{"APS «Pari opportunità Salento»", "aps", "Taurisano", day(2010, 3, 8), false, "Federica Ingrosso", []int{6, 2}, rome(2022, 6, 9, 17, 35)},
	{"Fondazione di comunità del Capo", "filantropico", "Casarano", day(2018, 1, 15), false, "Luigi Calò", []int{1, 3}, rome(2022, 6, 10, 12, 10)},
	{"Rete associativa «Terzo Settore Sud»", "rete", "Casarano", day(2014, 5, 5), false, "Sabrina Manco", []int{1, 0}, rome(2022, 6, 10, 16, 45)},
	{"Cooperativa sociale «Il Faro»", "cooperativa", "Supersano", day(2003, 7, 1), true, "Paolo Cazzato", []int{5}, rome(2022, 6, 11, 9, 5)},
	{"Istituto comprensivo «Polo 2»", "scuola", "Casarano", pdz.Date{}, false, "Angela Mele", []int{0}, rome(2022, 6, 11, 11, 30)},
	{"Sindacato pensionati – lega di Casarano", "sindacato", "Casarano", pdz.Date{}, false, "Cosimo Stasi", []int{4}, rome(2022, 6, 12, 10, 20)},
	{"Parrocchia San Giovanni Elemosiniere", "religioso", "Casarano", pdz.Date{}, false, "Don Franco Nuzzo", []int{3}, rome(2022, 6, 12, 19, 0)},
}

// tables2022 records the tables of Casarano 2022-2024: registrations,
// attendance, minutes with needs, proposals with evaluations and answers,
// a merge and a split, the priorities of the plenary, the election of 14
// July 2022 with its results, the participation pact; and links accepted
// proposals and needs to sheets of the demo plan.
func (l *loader) tables2022(a pdz.Ambito) {
	if l.err != nil {
		return
	}
	ctx := l.ctx
	p, err := l.st.ProcessBySlug(ctx, a.ID, "pdz-2022-2024")
	if l.err = err; err != nil {
		return
	}
	areas := make([]int64, len(p.Areas))
	for i, ar := range p.Areas {
		areas[i] = ar.ID
	}
	// The meetings by day and kind, as casarano2022 records them.
	meeting := func(d pdz.Date, kind pdz.MeetingKind, nth int) pdz.Meeting {
		n := 0
		for _, m := range p.Meetings {
			if m.Date.Equal(d) && m.Kind == kind {
				if n == nth {
					return m
				}
				n++
			}
		}
		l.fail(fmt.Errorf("demo: no %s on %s", kind, d))
		return pdz.Meeting{}
	}
	tables := []pdz.Meeting{
		meeting(day(2022, 6, 13), pdz.KindTavolo, 0), meeting(day(2022, 6, 14), pdz.KindTavolo, 0), meeting(day(2022, 6, 14), pdz.KindTavolo, 1),
		meeting(day(2022, 6, 15), pdz.KindTavolo, 0), meeting(day(2022, 6, 16), pdz.KindTavolo, 0), meeting(day(2022, 6, 16), pdz.KindTavolo, 1),
	}
	plenary := meeting(day(2022, 6, 21), pdz.KindPlenaria, 0)
	concertation := meeting(day(2022, 6, 22), pdz.KindConcertazione, 0)
	electionDay := meeting(day(2022, 7, 14), pdz.KindPlenaria, 0)
	if l.err != nil {
		return
	}

	// Registrations: the organisations above and two citizens.
	regs := map[string]*pdz.Registration{}
	for i, o := range orgs2022 {
		r := pdz.Registration{ProcessID: p.ID, Kind: pdz.RegistrantOrganisation, Channel: pdz.ChannelOnline, Name: o.name + " (esempio)", OrgType: o.typ,
			TaxCode: orgCode(101 + i), Comune: o.comune, Address: "Via di esempio " + itoa(i+1), FoundedOn: o.founded, ManagesServices: o.manages,
			Email: fmt.Sprintf("tavoli2022-%02d@example.org", i+1), PublishName: i%3 != 2,
			Declarant:       pdz.Person{Name: o.contact + " (dato di esempio)", Role: "Legale rappresentante"},
			Contact:         pdz.Person{Name: o.contact + " (dato di esempio)", Role: "Referente", Email: fmt.Sprintf("referente2022-%02d@example.org", i+1)},
			PrivacyAccepted: true, Truthful: true}
		for _, ai := range o.areas {
			r.Areas = append(r.Areas, pdz.Participation{AreaID: areas[ai]})
		}
		l.register(a.ID, &r, o.received)
		regs[o.name] = &r
	}
	citizen := func(name, code, comune string, area int, at time.Time) *pdz.Registration {
		r := pdz.Registration{ProcessID: p.ID, Kind: pdz.RegistrantCitizen, Channel: pdz.ChannelOnline, Name: name + " (dato di esempio)",
			TaxCode: personCode(code), Comune: comune, Email: pdz.Slugify(name) + "@example.org", Areas: []pdz.Participation{{AreaID: areas[area]}},
			PrivacyAccepted: true, Truthful: true}
		l.register(a.ID, &r, at)
		return &r
	}
	lucia := citizen("Lucia Marra", "MRRLCU66A41Z999", "Matino", 4, rome(2022, 6, 8, 21, 0))
	pietro := citizen("Pietro Greco", "GRCPTR80M05Z999", "Casarano", 3, rome(2022, 6, 10, 20, 15))
	R := func(name string) *pdz.Registration { return regs[name] }
	if l.err != nil {
		return
	}

	// Attendance at the six tables, the plenary and the election day.
	at := func(m pdz.Meeting, h, mi int) context.Context {
		return store.Backdate(ctx, m.Date.At(pdz.NewClock(h, mi), locale.Rome))
	}
	present := func(m pdz.Meeting, h, mi int, rs ...*pdz.Registration) {
		for k, r := range rs {
			if l.err != nil {
				return
			}
			_, l.err = l.st.CheckIn(at(m, h, mi+k), actor, a.ID, p.ID, m.ID, r.ID, []pdz.CheckInMethod{pdz.CheckInList, pdz.CheckInCode}[k%2], "")
		}
	}
	present(tables[0], 8, 55, R("Associazione «Famiglie in rete»"), R("Cooperativa sociale «L'Approdo»"), R("Rete associativa «Terzo Settore Sud»"), R("Istituto comprensivo «Polo 2»"))
	present(tables[0], 9, 40, R("APS «Pari opportunità Salento»")) // late
	present(tables[1], 8, 50, R("ODV «Mani tese del Capo»"), R("Fondazione di comunità del Capo"), R("Rete associativa «Terzo Settore Sud»"))
	present(tables[2], 11, 25, R("ODV «Antiviolenza Sud Salento»"), R("APS «Pari opportunità Salento»"), R("Associazione «Famiglie in rete»"))
	present(tables[3], 8, 45, R("ODV «Mani tese del Capo»"), R("Cooperativa sociale «L'Approdo»"), R("Cooperativa sociale «Orizzonti»"),
		R("Fondazione di comunità del Capo"), R("Parrocchia San Giovanni Elemosiniere"), pietro)
	present(tables[4], 8, 50, R("APS «Anziani attivi»"), R("Associazione «Diversamente abili insieme»"), R("Cooperativa sociale «Il Faro»"),
		R("Sindacato pensionati – lega di Casarano"), R("Cooperativa sociale «Orizzonti»"), lucia)
	present(tables[5], 11, 20, R("APS «Pari opportunità Salento»"), R("ODV «Antiviolenza Sud Salento»"), R("Associazione «Famiglie in rete»"))
	var plenaryOrgs []*pdz.Registration
	for _, o := range orgs2022 {
		if o.typ != "scuola" {
			plenaryOrgs = append(plenaryOrgs, R(o.name))
		}
	}
	present(plenary, 8, 40, append(plenaryOrgs, lucia)...)
	var electorate []*pdz.Registration
	for _, o := range orgs2022 {
		if o.typ.ThirdSector() {
			electorate = append(electorate, R(o.name))
		}
	}
	present(electionDay, 9, 0, electorate...)
	l.attendanceDetails(at, a, p, tables[4], lucia, R("Sindacato pensionati – lega di Casarano"))
	if l.err != nil {
		return
	}

	// Minutes of the tables, with the needs that emerged.
	type needIn struct {
		text, target, comune string
		area                 int
	}
	comuni := map[string]int64{}
	if cs, err := l.st.Comuni(ctx, a.ID); err == nil {
		for _, c := range cs {
			comuni[c.Name] = c.ID
		}
	} else {
		l.err = err
		return
	}
	needIDs := map[string]int64{}
	minutes := func(m pdz.Meeting, others, summary, propText, priorities string, needs []needIn, publish bool, session ...int64) *pdz.Minutes {
		if l.err != nil {
			return nil
		}
		c := at(m, 13, 30)
		x := pdz.Minutes{ProcessID: p.ID, MeetingID: m.ID, OthersPresent: others, Summary: summary, ProposalsText: propText, Priorities: priorities}
		if len(session) == 2 {
			x.BodyID, x.SessionID = session[0], session[1]
		}
		if l.err = l.st.SaveMinutes(c, actor, a.ID, &x); l.err != nil {
			return nil
		}
		for _, n := range needs {
			y := pdz.Need{ProcessID: p.ID, Text: n.text, Target: n.target, AreaID: areas[n.area], ComuneID: comuni[n.comune]}
			if l.err = l.st.SaveNeed(c, actor, a.ID, m.ID, &y); l.err != nil {
				return nil
			}
			needIDs[n.text] = y.ID
		}
		if l.err = l.st.SetMinutesStatus(at(m, 18, 0), actor, a.ID, p.ID, m.ID, pdz.MinutesApproved); l.err != nil {
			return nil
		}
		if publish {
			l.err = l.st.SetMinutesStatus(store.Backdate(ctx, m.Date.AddDays(3).At(pdz.NewClock(10, 0), locale.Rome)), actor, a.ID, p.ID, m.ID, pdz.MinutesPublished)
		}
		return &x
	}
	staff := "La Responsabile dell'Ufficio di Piano\nUn'assistente sociale dell'Ambito\nUna facilitatrice dell'Ufficio di Piano"
	minutes(tables[0], staff,
		"Il tavolo ha condiviso la lettura dei dati sulle famiglie con minori e sui servizi educativi. Le organizzazioni hanno segnalato la crescita delle richieste di sostegno alla genitorialità dopo la pandemia e la difficoltà di raggiungere le famiglie più isolate dei Comuni minori.\n\nSi è discusso della rete tra scuole e servizi sociali e della necessità di un presidio educativo nel pomeriggio.",
		"Le proposte presentate con le manifestazioni di interesse sono state illustrate dai proponenti.",
		"- Sostegno alla genitorialità nei primi mille giorni;\n- presidio educativo pomeridiano nei Comuni minori.",
		[]needIn{{"Sostegno alla genitorialità per le famiglie con figli nei primi mille giorni di vita", "Famiglie con figli da 0 a 3 anni", "", 0},
			{"Spazi educativi pomeridiani per preadolescenti nei Comuni senza centri diurni", "Ragazze e ragazzi da 11 a 14 anni", "Supersano", 0}}, true)
	minutes(tables[1], staff,
		"Il tavolo ha esaminato il funzionamento del Segretariato Sociale e della Porta Unica di Accesso. È emersa la richiesta di orari più ampi e di un punto di accesso itinerante per chi non si sposta.",
		"", "", []needIn{{"Un accesso ai servizi più vicino alle persone che non possono spostarsi", "Anziani soli e persone senza mezzi di trasporto", "", 1}}, true)
	minutes(tables[2], staff,
		"Il tavolo ha ricostruito il percorso di una donna che chiede aiuto: dal primo contatto al Centro Anti Violenza, alla casa rifugio, all'autonomia. Le associazioni chiedono una formazione comune degli operatori di pronto soccorso, forze dell'ordine e servizi.",
		"", "- Formazione congiunta della rete antiviolenza.",
		[]needIn{{"Formazione comune degli operatori che incontrano per primi le donne vittime di violenza", "Operatori della rete antiviolenza", "", 2}}, true)
	minutes(tables[3], staff,
		"Il tavolo ha discusso della povertà alimentare e abitativa e dei percorsi di inclusione lavorativa. La Parrocchia e le organizzazioni di volontariato hanno descritto l'aumento delle richieste di aiuto da parte di famiglie con un reddito da lavoro.",
		"Le proposte sull'emporio solidale e sulla distribuzione alimentare sono state discusse insieme: i proponenti si sono detti disponibili a unirle.",
		"- Un luogo unico per l'aiuto alimentare, in rete con i servizi;\n- tirocini di inclusione.",
		[]needIn{{"Aiuto alimentare coordinato tra le associazioni e i servizi sociali", "Famiglie in povertà, anche con un reddito da lavoro", "Casarano", 3},
			{"Percorsi di inserimento lavorativo per chi riceve il reddito di cittadinanza", "Adulti in carico ai servizi", "", 3}}, true)
	minutes(tables[4], staff+"\nIl Direttore del Distretto socio-sanitario",
		"Il tavolo ha unito le aree dell'invecchiamento attivo e della disabilità. Sono stati discussi i bisogni di sollievo delle famiglie che assistono persone non autosufficienti e le opportunità di socialità per gli anziani.",
		"", "- Sollievo ai caregiver familiari;\n- trasporto verso i centri diurni.",
		[]needIn{{"Sollievo per i familiari che assistono persone non autosufficienti", "Caregiver familiari", "", 5},
			{"Occasioni di socialità e attività motoria per gli anziani soli", "Persone con più di 65 anni", "Collepasso", 4},
			{"Trasporto sociale verso i centri diurni per persone con disabilità", "Persone con disabilità", "Ruffano", 5}}, true)
	minutes(tables[5], staff,
		"Il tavolo ha discusso della conciliazione tra lavoro e cura e dei servizi per le madri lavoratrici, con attenzione ai Comuni più piccoli.",
		"", "", []needIn{{"Servizi di conciliazione vita-lavoro nei mesi estivi", "Madri lavoratrici con figli in età scolare", "", 6}}, true)
	var cabinaSession []int64
	if bs, err := l.st.Bodies(ctx, a.ID); err == nil {
		for _, b := range bs {
			if b.Kind == pdz.BodyCabinaDiRegia {
				xs, err := l.st.BodySessions(ctx, a.ID, b.ID, false)
				if err != nil {
					l.err = err
					return
				}
				for _, x := range xs {
					if x.Date.Equal(concertation.Date) {
						cabinaSession = []int64{b.ID, x.ID}
					}
				}
			}
		}
	}
	minutes(concertation, "Le Organizzazioni sindacali maggiormente rappresentative\nIl Direttore del Distretto socio-sanitario\nLa Responsabile dell'Ufficio di Piano",
		"Sessione di concertazione con le organizzazioni sindacali e la ASL, riunite nella Cabina di Regia. Si è preso atto dell'intero percorso e dell'esigenza di rafforzare l'integrazione socio-sanitaria.",
		"", "", nil, true, cabinaSession...)
	if l.err != nil {
		return
	}

	// Proposals: with the registrations (added by correcting them, as the
	// proponents did before the tables) and raised at the tables.
	propose := func(r *pdz.Registration, m pdz.Meeting, area int, title, need, desc, target string, ben, cost int64, comuni ...string) int64 {
		if l.err != nil {
			return 0
		}
		x := pdz.Proposta{ProcessID: p.ID, RegistrationID: r.ID, MeetingID: m.ID, Proposal: pdz.Proposal{AreaID: areas[area], Title: title, Need: need,
			Description: desc, Target: target, Beneficiaries: ben, CostCents: cost, Comuni: comuni}}
		l.err = l.st.CreateTableProposal(at(m, 10, 30), actor, a.ID, &x)
		return x.ID
	}
	emporio := l.registrationProposal(R("ODV «Mani tese del Capo»"), pdz.Proposal{AreaID: areas[3], Title: "Emporio solidale di comunità",
		Need: "Famiglie in povertà alimentare che non si rivolgono ai servizi.", Description: "Un emporio con tessera a punti gestito da volontari, con invio delle famiglie da parte dei servizi sociali.",
		Target: "Famiglie in povertà", Beneficiaries: 150, CostCents: 2200000, Comuni: []string{"Matino", "Casarano"}})
	dispensa := l.registrationProposal(R("Parrocchia San Giovanni Elemosiniere"), pdz.Proposal{AreaID: areas[3], Title: "Dispensa alimentare parrocchiale in rete",
		Need: "Aiuti alimentari distribuiti senza coordinamento.", Description: "Distribuzione di pacchi alimentari coordinata con gli altri punti di aiuto.",
		Target: "Famiglie seguite dalla Caritas", Beneficiaries: 80, CostCents: 600000})
	sollievo := l.registrationProposal(R("Associazione «Diversamente abili insieme»"), pdz.Proposal{AreaID: areas[5], Title: "Sollievo e tempo libero per le famiglie",
		Need: "Il carico di cura dei familiari di persone con disabilità grave.", Description: "Week-end di sollievo e attività di tempo libero per persone con disabilità, con educatori.",
		Target: "Persone con disabilità grave e famiglie", Beneficiaries: 30, CostCents: 4800000, Comuni: []string{"Ruffano", "Supersano", "Taurisano"}})
	cammino := l.registrationProposal(R("APS «Anziani attivi»"), pdz.Proposal{AreaID: areas[4], Title: "Gruppi di cammino e orti sociali",
		Need: "Solitudine e sedentarietà degli anziani.", Description: "Gruppi di cammino settimanali e orti sociali in due Comuni, con volontari.",
		Target: "Persone con più di 65 anni", Beneficiaries: 120, CostCents: 900000, Comuni: []string{"Collepasso", "Matino"}})
	formazione := propose(R("ODV «Antiviolenza Sud Salento»"), tables[2], 2, "Formazione congiunta della rete antiviolenza",
		"Operatori che non riconoscono i segnali della violenza.", "Quattro giornate di formazione comune per pronto soccorso, forze dell'ordine, servizi e scuole.",
		"Operatori della rete", 90, 1500000)
	sportello := propose(R("Fondazione di comunità del Capo"), tables[1], 1, "Sportello sociale itinerante",
		"Chi vive nelle frazioni non raggiunge il Segretariato Sociale.", "Un camper attrezzato che porta il Segretariato Sociale nelle frazioni una volta a settimana.",
		"Anziani e famiglie delle frazioni", 300, 3500000, "Ruffano", "Supersano", "Taurisano")
	doposcuola := propose(R("Associazione «Famiglie in rete»"), tables[0], 0, "Doposcuola e laboratori estivi",
		"Preadolescenti soli nel pomeriggio e d'estate.", "Un doposcuola con laboratori nei mesi estivi, in due Comuni a rotazione, con i servizi di conciliazione per i genitori.",
		"Ragazze e ragazzi da 11 a 14 anni e le loro famiglie", 60, 2600000, "Supersano", "Collepasso")
	tirocini := propose(R("Cooperativa sociale «Orizzonti»"), tables[3], 3, "Tirocini di inclusione in agricoltura sociale",
		"Persone in carico ai servizi senza lavoro.", "Tirocini di sei mesi in aziende agricole con tutoraggio.", "Adulti in carico al servizio sociale", 20, 6000000)
	trasporto := propose(lucia, tables[4], 5, "Trasporto solidale verso i centri diurni",
		"Persone con disabilità che non raggiungono i centri diurni.", "Un servizio di trasporto con volontari e un mezzo attrezzato.", "Persone con disabilità", 25, 1800000, "Ruffano")
	bancaTempo := propose(R("Rete associativa «Terzo Settore Sud»"), tables[1], 1, "Banca del tempo tra associazioni",
		"Le associazioni piccole non riescono a garantire la continuità dei servizi.", "Uno scambio di ore di volontariato tra associazioni, con una piattaforma comune.",
		"Associazioni del territorio", 0, 500000)
	doppione := propose(R("ODV «Mani tese del Capo»"), tables[3], 3, "Emporio solidale (copia consegnata al tavolo)",
		"Famiglie in povertà alimentare.", "La stessa proposta presentata con la manifestazione di interesse.", "", 0, 0)
	if l.err != nil {
		return
	}
	staffCtx := func(d pdz.Date, h int) context.Context {
		return store.Backdate(ctx, d.At(pdz.NewClock(h, 0), locale.Rome))
	}
	evalDay := day(2022, 7, 4)
	// The UdP merges the two food-aid proposals (the table agreed) and
	// splits the after-school proposal in two.
	var merged int64
	if l.err == nil {
		merged, l.err = l.st.MergeProposals(staffCtx(day(2022, 6, 27), 10), actor, a.ID, p.ID, []int64{emporio, dispensa}, pdz.Proposal{AreaID: areas[3],
			Title: "Rete dell'aiuto alimentare: emporio solidale e dispense", Need: "Aiuto alimentare frammentato e famiglie che non si rivolgono ai servizi.",
			Description: "Un emporio solidale a Matino e le dispense parrocchiali in un'unica rete, con una tessera comune e l'invio da parte dei servizi sociali.",
			Target:      "Famiglie in povertà alimentare", Beneficiaries: 230, CostCents: 2800000, Comuni: []string{"Matino", "Casarano"},
			Partners: "Caritas diocesana, supermercati della zona"})
	}
	var parts []int64
	if l.err == nil {
		parts, l.err = l.st.SplitProposal(staffCtx(day(2022, 6, 27), 11), actor, a.ID, p.ID, doposcuola, []pdz.Proposal{
			{AreaID: areas[0], Title: "Doposcuola nei Comuni minori", Need: "Preadolescenti soli nel pomeriggio.", Description: "Doposcuola con educatori tre pomeriggi a settimana a Supersano e Collepasso.",
				Target: "Ragazze e ragazzi da 11 a 14 anni", Beneficiaries: 40, CostCents: 1700000, Comuni: []string{"Supersano", "Collepasso"}},
			{AreaID: areas[6], Title: "Laboratori estivi per la conciliazione", Need: "Genitori che lavorano d'estate senza servizi per i figli.", Description: "Laboratori estivi di luglio e agosto.",
				Target: "Famiglie con figli da 11 a 14 anni", Beneficiaries: 30, CostCents: 900000},
		})
	}
	if l.err == nil {
		l.err = l.st.DeleteProposal(staffCtx(day(2022, 6, 27), 12), actor, a.ID, p.ID, doppione, "Doppione della proposta presentata con la manifestazione di interesse, già in esame.")
	}
	if l.err != nil || len(parts) != 2 {
		return
	}
	// Evaluations on the three criteria, answers drafted and published
	// together on 20 July 2022; one proposal still under evaluation, one
	// withdrawn by its proponent.
	type eval struct {
		id       int64
		st       pdz.ProposalStatus
		answer   string
		c        pdz.Criteria
		withdraw string
	}
	yes, part, no := pdz.VerdictYes, pdz.VerdictPartly, pdz.VerdictNo
	evals := []eval{
		{merged, pdz.PropAccepted, "La proposta è accolta: la rete dell'aiuto alimentare entra nella scheda B.7 (pronto intervento sociale e povertà estreme), con l'invio delle famiglie da parte del Servizio Sociale Professionale.",
			crit(yes, "Bisogno emerso al tavolo dell'inclusione", yes, "Obiettivo regionale di contrasto alla povertà estrema", part, "Finanziata in parte con il Fondo Povertà"), ""},
		{sollievo, pdz.PropPartly, "La proposta è accolta in parte: i week-end di sollievo rientrano nel sostegno ai caregiver (scheda F.3); il tempo libero resta alle attività delle associazioni.",
			crit(yes, "Bisogno di sollievo dei caregiver", yes, "Obiettivo di sostegno alla domiciliarità", part, "Risorse sufficienti per i soli week-end di sollievo"), ""},
		{cammino, pdz.PropAccepted, "La proposta è accolta nella scheda B.8 sull'invecchiamento attivo.",
			crit(yes, "Bisogno di socialità degli anziani soli", yes, "Invecchiamento attivo", yes, "Costo contenuto"), ""},
		{formazione, pdz.PropAccepted, "La proposta è accolta nella scheda A.3 (Centro Anti Violenza) come azione di formazione della rete.",
			crit(yes, "", yes, "Prevenzione e contrasto della violenza", yes, ""), ""},
		{sportello, pdz.PropRejected, "La proposta non è accolta: il Segretariato Sociale è già presente in tutti i sette Comuni; l'Ambito estenderà gli orari di apertura (scheda A.1). Il mezzo itinerante non è sostenibile con le risorse disponibili.",
			crit(part, "Il bisogno di prossimità è reale", yes, "Accesso", no, "Costo del mezzo e del personale non sostenibile"), ""},
		{parts[0], pdz.PropAccepted, "La proposta è accolta nella scheda B.2 (sostegno socio-educativo territoriale).",
			crit(yes, "Bisogno emerso al tavolo delle famiglie", yes, "", yes, ""), ""},
		{parts[1], pdz.PropPartly, "La proposta è accolta in parte nella scheda F.6 (conciliazione vita-lavoro), per il solo mese di luglio.",
			crit(yes, "", yes, "", part, "Risorse per un mese"), ""},
		{trasporto, pdz.PropAccepted, "La proposta è accolta nella scheda C.4 (trasporto sociale), in collaborazione con le associazioni di volontariato.",
			crit(yes, "", yes, "", yes, ""), ""},
		{tirocini, "", "", pdz.Criteria{Needs: yes, NeedsNote: "Bisogno emerso al tavolo dell'inclusione"}, ""},
		{bancaTempo, "", "", pdz.Criteria{}, "La rete presenterà la proposta direttamente alle associazioni aderenti, senza risorse del Piano."},
	}
	for _, e := range evals {
		if l.err != nil {
			return
		}
		x, err := l.st.Proposta(ctx, a.ID, p.ID, e.id)
		if l.err = err; err != nil {
			return
		}
		if l.err = l.st.SaveEvaluation(staffCtx(evalDay, 10), actor, a.ID, p.ID, e.id, x.Version, pdz.Draft{Status: e.st, Answer: e.answer, Criteria: e.c}); l.err != nil {
			return
		}
		if e.withdraw != "" {
			l.err = l.st.WithdrawProposal(staffCtx(day(2022, 7, 8), 9), actor, a.ID, p.ID, e.id, 0, e.withdraw, nil)
		}
	}
	if l.err == nil {
		_, l.err = l.st.PublishAnswers(staffCtx(day(2022, 7, 20), 12), actor, a.ID, p.ID, 0, nil)
	}
	// The proposal on agricultural traineeships stays under evaluation: its
	// draft has no outcome yet, so the prospetto shows it as such.
	if l.err != nil {
		return
	}
	// Proposals open through the personal link until the end of the tables.
	l.err = l.st.SetProposalsUntil(ctx, actor, a.ID, p.ID, rome(2022, 6, 30, 18, 0))

	// Minutes of the plenary, with its priorities round.
	minutes(plenary, staff, "Restituzione dei lavori dei sei tavoli tematici: per ogni tavolo sono stati letti i bisogni emersi e le proposte. Le organizzazioni presenti hanno votato le priorità dal telefono, con i codici di voto consegnati all'ingresso, o su scheda cartacea.",
		"Sono state presentate le proposte accorpate sull'aiuto alimentare e quella scomposta sul doposcuola.", "Le priorità condivise sono pubblicate con i conteggi.",
		nil, true)
	l.priorities2022(at, a, p, plenary, needIDs, []*pdz.Registration{R("ODV «Mani tese del Capo»"), R("Cooperativa sociale «L'Approdo»")})

	// The election of 14 July 2022 and the pact.
	l.election2022(at, a, p, electionDay, regs)
	l.pact2022(a, p, electionDay, regs)

	// The plan 2022-2024 cites the accepted proposals and the needs.
	l.trace2022(a, p, map[string][]int64{"B.7": {merged}, "F.3": {sollievo}, "B.8": {cammino}, "A.3": {formazione}, "B.2": {parts[0]}, "F.6": {parts[1]}, "C.4": {trasporto}},
		map[string][]string{
			"B.7": {"Aiuto alimentare coordinato tra le associazioni e i servizi sociali"},
			"F.3": {"Sollievo per i familiari che assistono persone non autosufficienti"},
			"B.8": {"Occasioni di socialità e attività motoria per gli anziani soli"},
			"A.3": {"Formazione comune degli operatori che incontrano per primi le donne vittime di violenza"},
			"C.4": {"Trasporto sociale verso i centri diurni per persone con disabilità"},
			"F.6": {"Servizi di conciliazione vita-lavoro nei mesi estivi"},
		}, needIDs)
}

func (l *loader) fail(err error) {
	if l.err == nil {
		l.err = err
	}
}

// register saves a demo registration received at a given time.
func (l *loader) register(ambitoID int64, r *pdz.Registration, at time.Time) {
	if l.err != nil {
		return
	}
	h := security.HashToken(security.Token())
	_, err := l.st.SubmitRegistration(l.ctx, ambitoID, store.Submission{Registration: r, SubmissionHash: h, AccessHash: security.HashToken(security.Token()),
		ReceivedAt: at}, locale.Rome)
	if err != nil {
		l.err = fmt.Errorf("demo registration %q: %w", r.Name, err)
	}
}

// registrationProposal adds a proposal to a registration, as a correction
// made before the tables, and returns its id.
func (l *loader) registrationProposal(r *pdz.Registration, x pdz.Proposal) int64 {
	if l.err != nil {
		return 0
	}
	cur, err := l.st.Registration(l.ctx, r.AmbitoID, r.ID)
	if l.err = err; err != nil {
		return 0
	}
	cur.Proposals = append(cur.Proposals, x)
	if l.err = l.st.UpdateRegistration(l.ctx, r.AmbitoID, store.Change{Registration: &cur, Actor: actor}, locale.Rome); l.err != nil {
		return 0
	}
	return cur.Proposals[len(cur.Proposals)-1].ID
}

// attendanceDetails records an early leave and a citizen's consent.
func (l *loader) attendanceDetails(at func(pdz.Meeting, int, int) context.Context, a pdz.Ambito, p pdz.Process, m pdz.Meeting, consenting, leaving *pdz.Registration) {
	if l.err != nil {
		return
	}
	list, err := l.st.MeetingAttendance(l.ctx, a.ID, p.ID, m.ID)
	if l.err = err; err != nil {
		return
	}
	for _, x := range list {
		switch x.RegistrationID {
		case consenting.ID:
			x.NameConsent = true
			l.err = l.st.UpdateAttendance(l.ctx, actor, a.ID, &x)
		case leaving.ID:
			l.err = l.st.MarkLeft(at(m, 10, 15), actor, a.ID, m.ID, x.ID)
		}
		if l.err != nil {
			return
		}
	}
}

// priorities2022 holds the round of the plenary of 21 June 2022: the
// organisations present approve up to three needs; most vote from a phone,
// two on paper.
func (l *loader) priorities2022(at func(pdz.Meeting, int, int) context.Context, a pdz.Ambito, p pdz.Process, m pdz.Meeting, needs map[string]int64, paper []*pdz.Registration) {
	if l.err != nil {
		return
	}
	r := pdz.PriorityRound{ProcessID: p.ID, MeetingID: m.ID, Title: "Priorità condivise dalla plenaria", MaxChoices: 3,
		Description: "Quali bisogni emersi ai tavoli il Piano Sociale di Zona deve affrontare per primi? Ogni organizzazione presente ne approva fino a tre."}
	if l.err = l.st.SavePriorityRound(at(m, 10, 0), actor, a.ID, &r); l.err != nil {
		return
	}
	order := []string{
		"Aiuto alimentare coordinato tra le associazioni e i servizi sociali",
		"Sollievo per i familiari che assistono persone non autosufficienti",
		"Sostegno alla genitorialità per le famiglie con figli nei primi mille giorni di vita",
		"Trasporto sociale verso i centri diurni per persone con disabilità",
		"Occasioni di socialità e attività motoria per gli anziani soli",
		"Servizi di conciliazione vita-lavoro nei mesi estivi",
	}
	var ids []int64
	for _, t := range order {
		ids = append(ids, needs[t])
	}
	if l.err = l.st.SetPriorityItems(at(m, 10, 5), actor, a.ID, p.ID, r.ID, ids, nil); l.err != nil {
		return
	}
	if l.err = l.st.OpenPriorityRound(at(m, 11, 0), actor, a.ID, p.ID, r.ID); l.err != nil {
		return
	}
	round, err := l.st.PriorityRound(l.ctx, a.ID, p.ID, r.ID)
	if l.err = err; err != nil {
		return
	}
	voters, err := l.st.PriorityVoters(l.ctx, a.ID, p.ID, r.ID)
	if l.err = err; err != nil {
		return
	}
	item := func(i ...int) []int64 {
		var out []int64
		for _, n := range i {
			out = append(out, round.Items[n].ID)
		}
		return out
	}
	// The ballots, in the order the organisations come (invented).
	choices := [][]int64{item(0, 1, 2), item(0, 1, 3), item(1, 3, 4), item(0, 2, 5), item(1, 4), item(0, 1, 3), item(2, 5, 0), item(1, 3, 0),
		item(0, 3, 4), item(1, 2, 0), item(0, 5), item(3, 1, 4), item(0, 1)}
	isPaper := map[int64]bool{}
	for _, r := range paper {
		isPaper[r.ID] = true
	}
	for i, v := range voters {
		if l.err != nil {
			return
		}
		c := at(m, 11, 5+i)
		if isPaper[v.RegistrationID] {
			l.err = l.st.RecordPaperPriorityVote(c, actor, a.ID, p.ID, r.ID, v.RegistrationID, choices[i%len(choices)])
		} else {
			l.err = l.st.CastPriorityVote(c, a.ID, v.Code, choices[i%len(choices)])
		}
	}
	if l.err == nil {
		l.err = l.st.ClosePriorityRound(at(m, 11, 45), actor, a.ID, p.ID, r.ID)
	}
	if l.err == nil {
		l.err = l.st.PublishPriorityRound(at(m, 13, 0), actor, a.ID, p.ID, r.ID, true)
	}
}

// election2022 is the election of 14 July 2022: three seats, one
// preference; the electorate is the Third-Sector organisations present at
// a table at least; managers of services for the Ambito may not stand, nor
// (a rule of seed 002, enabled here to show it) bodies constituted less
// than a year before the election. The ballots give a tie for the third
// seat that the date of constitution breaks; the three elected fill the
// three seats of the Cabina di Regia left for them.
func (l *loader) election2022(at func(pdz.Meeting, int, int) context.Context, a pdz.Ambito, p pdz.Process, m pdz.Meeting, regs map[string]*pdz.Registration) {
	if l.err != nil {
		return
	}
	var cabina int64
	bs, err := l.st.Bodies(l.ctx, a.ID)
	if l.err = err; err != nil {
		return
	}
	for _, b := range bs {
		if b.Kind == pdz.BodyCabinaDiRegia {
			cabina = b.ID
		}
	}
	e := pdz.Election{ProcessID: p.ID, MeetingID: m.ID, BodyID: cabina, Seats: 3, MaxPreferences: 1, MinTables: 1, ExcludeManagers: true,
		FoundedBefore: m.Date, MemberRole: pdz.DefaultMemberRole,
		Title:   "Elezione di n. 3 rappresentanti delle Organizzazioni del Terzo Settore nella Cabina di Regia",
		Minutes: "Alle ore 9.30 la Responsabile dell'Ufficio di Piano ha dichiarato aperta la seduta, ha illustrato le regole dell'elettorato e delle candidature e ha consegnato a ciascuna organizzazione avente diritto il proprio codice di voto; un'organizzazione ha votato su scheda cartacea, depositata nell'urna. Alle ore 11.00 la votazione è stata chiusa e si è proceduto allo scrutinio. (Testo di esempio.)"}
	if l.err = l.st.SaveElection(at(m, 9, 0), actor, a.ID, &e); l.err != nil {
		return
	}
	for _, c := range []struct{ org, rep string }{
		{"ODV «Mani tese del Capo»", "Antonio Pellegrino (dato di esempio)"},
		{"ODV «Antiviolenza Sud Salento»", "Giulia Stefanelli (dato di esempio)"},
		{"APS «Anziani attivi»", "Raffaele Vergine (dato di esempio)"},
		{"Associazione «Diversamente abili insieme»", "Rita Scarcia (dato di esempio)"},
		{"Rete associativa «Terzo Settore Sud»", "Sabrina Manco (dato di esempio)"},
	} {
		if l.err = l.st.AddCandidate(at(m, 9, 10), actor, a.ID, p.ID, e.ID, regs[c.org].ID, c.rep); l.err != nil {
			return
		}
	}
	if l.err = l.st.OpenElection(at(m, 9, 30), actor, a.ID, p.ID, e.ID); l.err != nil {
		return
	}
	e, err = l.st.Election(l.ctx, a.ID, p.ID, e.ID)
	if l.err = err; err != nil {
		return
	}
	cand := map[string]int64{}
	for _, c := range e.Candidates {
		cand[c.Organisation] = c.ID
	}
	ch := func(org string) []int64 { return []int64{cand[org+" (esempio)"]} }
	voters, err := l.st.ElectionVoters(l.ctx, a.ID, p.ID, e.ID)
	if l.err = err; err != nil {
		return
	}
	// 3 to Antiviolenza, 2 to Mani tese, 1 each to Anziani attivi (2015)
	// and Diversamente abili (2005): the older takes the third seat; one
	// blank ballot; Terzo Settore Sud gets no vote.
	ballots := [][]int64{ch("ODV «Antiviolenza Sud Salento»"), ch("ODV «Mani tese del Capo»"), ch("ODV «Antiviolenza Sud Salento»"),
		ch("APS «Anziani attivi»"), ch("ODV «Mani tese del Capo»"), ch("Associazione «Diversamente abili insieme»"), ch("ODV «Antiviolenza Sud Salento»"), nil}
	paperOrg := regs["Cooperativa sociale «Il Faro»"].ID
	var paperBallot []int64
	n := 0
	for _, v := range voters {
		if l.err != nil {
			return
		}
		if n >= len(ballots) {
			break
		}
		if v.RegistrationID == paperOrg {
			l.err = l.st.RecordPaperVoter(at(m, 10, 0), actor, a.ID, p.ID, e.ID, v.RegistrationID)
			paperBallot = ballots[n]
		} else {
			l.err = l.st.CastBallot(at(m, 10, 5+n), a.ID, v.Code, ballots[n])
		}
		n++
	}
	if l.err == nil {
		l.err = l.st.RecordPaperBallot(at(m, 11, 5), actor, a.ID, p.ID, e.ID, paperBallot)
	}
	if l.err == nil {
		_, l.err = l.st.CloseElection(at(m, 11, 0), actor, a.ID, p.ID, e.ID)
	}
	if l.err == nil {
		l.err = l.st.ProclaimElection(at(m, 11, 30), actor, a.ID, p.ID, e.ID)
	}
	if l.err == nil {
		l.err = l.st.PublishElection(at(m, 12, 0), actor, a.ID, p.ID, e.ID, true)
	}
	if l.err == nil {
		f, err := pdz.NewPDF("file", "verbale-elezione-14-07-2022.pdf", samplePDF("Verbale firmato dell'elezione del 14 luglio 2022 - documento di esempio"))
		if l.err = err; err == nil {
			l.err = l.st.SaveElectionMinutesFile(at(m, 12, 30), actor, a.ID, p.ID, e.ID, f)
		}
	}
}

// pact2022 writes the participation pact and the signatures of six
// organisations on the election day.
func (l *loader) pact2022(a pdz.Ambito, p pdz.Process, m pdz.Meeting, regs map[string]*pdz.Registration) {
	if l.err != nil {
		return
	}
	c := store.Backdate(l.ctx, m.Date.At(pdz.NewClock(12, 0), locale.Rome))
	pact := pdz.Pact{ProcessID: p.ID, Title: "Patto di partecipazione per il Piano Sociale di Zona 2022-2024", Body: defaultPactText}
	if l.err = l.st.SavePact(c, actor, a.ID, &pact); l.err != nil {
		return
	}
	for i, o := range []string{"Associazione «Famiglie in rete»", "ODV «Mani tese del Capo»", "ODV «Antiviolenza Sud Salento»", "APS «Anziani attivi»",
		"Associazione «Diversamente abili insieme»", "Fondazione di comunità del Capo"} {
		r := regs[o]
		sig := pdz.PactSignature{RegistrationID: r.ID, SignatoryName: r.Declarant.Name, SignatoryRole: "Legale rappresentante", SignedOn: m.Date}
		var f *pdz.File
		if i == 0 {
			var err error
			if f, err = pdz.NewPDF("file", "patto-firmato.pdf", samplePDF("Patto di partecipazione firmato - documento di esempio")); err != nil {
				l.err = err
				return
			}
		}
		if l.err = l.st.SaveSignature(c, actor, a.ID, p.ID, &sig, f); l.err != nil {
			return
		}
	}
	l.err = l.st.PublishPact(c, actor, a.ID, p.ID, true)
}

const defaultPactText = `Con il presente Patto di partecipazione l'organizzazione sottoscrittrice e l'Ambito Territoriale Sociale di Casarano si impegnano a collaborare all'attuazione, al monitoraggio e alla valutazione del Piano Sociale di Zona 2022-2024, nel rispetto dei principi di sussidiarietà, trasparenza e leale collaborazione. (Testo di esempio.)

L'organizzazione si impegna a:
- partecipare ai tavoli di programmazione partecipata e alle sessioni di monitoraggio della Cabina di Regia;
- mettere a disposizione le proprie conoscenze dei bisogni del territorio e delle risorse della comunità;
- segnalare all'Ufficio di Piano proposte e criticità nell'attuazione degli interventi.

L'Ambito si impegna a:
- informare i sottoscrittori sull'andamento del Piano e sulle sue riprogrammazioni;
- pubblicare gli esiti della valutazione delle proposte e i verbali degli incontri;
- convocare periodicamente la Cabina di Regia e il tavolo di monitoraggio.`

// trace2022 records that the demo plan 2022-2024 comes from this process
// and makes some of its sheets cite the accepted proposals and the needs.
func (l *loader) trace2022(a pdz.Ambito, p pdz.Process, props map[string][]int64, needs map[string][]string, needIDs map[string]int64) {
	if l.err != nil {
		return
	}
	plan, err := l.st.PlanBySlug(l.ctx, a.ID, "pdz-2022-2024")
	if l.err = err; err != nil {
		return
	}
	if l.err = l.st.SetPlanProcess(l.ctx, actor, a.ID, plan.ID, p.ID); l.err != nil {
		return
	}
	plan, err = l.st.Plan(l.ctx, a.ID, plan.ID)
	if l.err = err; err != nil {
		return
	}
	for _, sh := range plan.Sheets {
		ids, ok := props[sh.Code]
		if !ok {
			continue
		}
		sh.ProposalIDs = ids
		for _, t := range needs[sh.Code] {
			sh.NeedIDs = append(sh.NeedIDs, needIDs[t])
		}
		if l.err = l.st.SaveSheet(l.ctx, actor, a.ID, &sh); l.err != nil {
			l.err = fmt.Errorf("demo sheet %s: %w", sh.Code, l.err)
			return
		}
	}
}

func crit(n pdz.Verdict, nn string, o pdz.Verdict, on string, r pdz.Verdict, rn string) pdz.Criteria {
	return pdz.Criteria{Needs: n, NeedsNote: nn, Objectives: o, ObjectivesNote: on, Resources: r, ResourcesNote: rn}
}
