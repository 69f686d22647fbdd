package demo

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/pdz-ats/pdz/internal/locale"
	"github.com/pdz-ats/pdz/internal/pdz"
	"github.com/pdz-ats/pdz/internal/security"
	"github.com/pdz-ats/pdz/internal/store"
)

// Sample manifestazioni di interesse for Casarano 2026-2028, so that the
// register, the tables, the attendance sheets and the exports can be tried
// at once. Everything here is invented: organisations marked "(esempio)",
// people "(dato di esempio)", e-mail addresses at example.org, tax codes that
// pass the check digit but cannot belong to anyone (organisations: office
// code 000, never assigned; people: born in "Z999", no place). They are
// saved through the store as if received on the dates given, all before the
// deadline of 17 June 2026 at 18:00, except the late and on-site entries the
// Ufficio di Piano made after it; no e-mail is sent for them.

// orgCode is a fictitious 11-digit codice fiscale: 9, six digits, office
// code 000, check digit.
func orgCode(n int) string {
	s := fmt.Sprintf("9%06d000", n)
	return s + itoa(pdz.PartitaIVACheckDigit(s))
}

// personCode completes 15 characters with their check character.
func personCode(first15 string) string {
	return first15 + string(pdz.CodiceFiscaleCheckChar(first15))
}

func sampleRep(name, role string, n int) pdz.Person {
	return pdz.Person{Name: name + " (dato di esempio)", Role: role, Email: fmt.Sprintf("referente%02d@example.org", n), Phone: fmt.Sprintf("0833 00%04d", n)}
}

// samplePDF is a one-page PDF saying it is a sample signed form.
func samplePDF(title string) []byte {
	var b bytes.Buffer
	var offsets []int
	obj := func(s string) {
		offsets = append(offsets, b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", len(offsets), s)
	}
	b.WriteString("%PDF-1.4\n")
	stream := "BT /F1 14 Tf 72 760 Td (" + title + ") Tj ET"
	obj("<< /Type /Catalog /Pages 2 0 R >>")
	obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
	obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>")
	obj(fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(stream), stream))
	obj("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(offsets)+1)
	for _, o := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(offsets)+1, xref)
	return b.Bytes()
}

type sample struct {
	r        pdz.Registration
	at       time.Time // received
	status   pdz.RegistrationStatus
	reason   string
	withFile bool
}

func (l *loader) sampleRegistrations(p *pdz.Process, areas []int64) {
	if l.err != nil || len(areas) < 9 {
		return
	}
	area := func(n ...int) []pdz.Participation {
		var out []pdz.Participation
		for _, i := range n {
			out = append(out, pdz.Participation{AreaID: areas[i-1]})
		}
		return out
	}
	yes := func(r pdz.Registration) pdz.Registration {
		r.ProcessID, r.PrivacyAccepted, r.Truthful = p.ID, true, true
		if r.Kind == "" {
			r.Kind = pdz.RegistrantOrganisation
		}
		if r.Channel == "" {
			r.Channel = pdz.ChannelOnline
		}
		return r
	}
	org := func(n int, name string, t pdz.OrgType, comune, address string) pdz.Registration {
		return pdz.Registration{Name: name + " (esempio)", OrgType: t, TaxCode: orgCode(n), Comune: comune, Address: address,
			Email: fmt.Sprintf("segreteria%02d@example.org", n), Phone: fmt.Sprintf("0833 10%04d", n)}
	}
	samples := []sample{
		{r: func() pdz.Registration {
			r := org(1, "Associazione di volontariato «Il Ponte»", "odv", "Casarano", "Via delle Rose 12")
			r.RUNTS, r.FoundedOn, r.PublishName = "104211", day(2004, 3, 15), true
			r.Declarant, r.Contact = pdz.Person{Name: "Mario Rossi (dato di esempio)", Role: "Presidente"}, sampleRep("Mario Rossi", "Presidente", 1)
			r.Areas = area(4, 9)
			r.Areas[1].Rep = sampleRep("Lucia Ferri", "Volontaria", 2)
			r.Proposals = []pdz.Proposal{{AreaID: areas[3], Title: "Emporio solidale di comunità", Need: "Famiglie in povertà alimentare non raggiunte dai servizi.",
				Description: "Un emporio con tessera a punti gestito da volontari, in rete con i servizi sociali dei Comuni per l'invio delle famiglie.",
				Target:      "Famiglie con ISEE sotto la soglia di povertà", Beneficiaries: 120, Comuni: []string{"Casarano", "Matino"}, CostCents: 1850000,
				Partners: "Parrocchie, Caritas, supermercati della zona"}}
			return r
		}(), at: rome(2026, 6, 5, 10, 12), status: pdz.RegAccepted, withFile: true},
		{r: func() pdz.Registration {
			r := org(2, "APS «Ludoteca Girotondo»", "aps", "Matino", "Piazza Municipio 3")
			r.FoundedOn, r.PublishName = day(2011, 9, 1), true
			r.Declarant, r.Contact = pdz.Person{Name: "Anna Esposito (dato di esempio)", Role: "Legale rappresentante"}, sampleRep("Anna Esposito", "Legale rappresentante", 3)
			r.Areas = area(3, 8)
			r.Areas[1].Rep = sampleRep("Paolo Greco", "Educatore", 4)
			r.Proposals = []pdz.Proposal{{AreaID: areas[2], Title: "Centro estivo inclusivo", Need: "Mancano servizi estivi per bambini con disabilità.",
				Description: "Otto settimane di centro estivo con educatori di sostegno e trasporto.", Target: "Bambine e bambini da 6 a 11 anni",
				Beneficiaries: 60, Comuni: []string{"Matino", "Parabita"}, CostCents: 2400000}}
			return r
		}(), at: rome(2026, 6, 8, 17, 40), status: pdz.RegAccepted},
		{r: func() pdz.Registration {
			r := org(3, "Cooperativa sociale «Sole e Terra»", "cooperativa", "Taurisano", "Via Lecce 88")
			r.VATNumber, r.FoundedOn, r.ManagesServices, r.PublishName = "", day(1998, 5, 20), true, true
			r.Declarant, r.Contact = pdz.Person{Name: "Giovanni Conte (dato di esempio)", Role: "Presidente del CdA"}, sampleRep("Chiara De Luca", "Coordinatrice", 5)
			r.Areas = area(4, 6)
			r.Proposals = []pdz.Proposal{
				{AreaID: areas[3], Title: "Inserimenti lavorativi in agricoltura sociale", Need: "Persone in carico ai servizi senza occupazione.",
					Description: "Tirocini di inclusione in aziende agricole del territorio con tutoraggio.", Target: "Adulti in carico al servizio sociale",
					Beneficiaries: 25, Comuni: []string{"Taurisano", "Ruffano", "Casarano"}, CostCents: 7500000, Partners: "Aziende agricole, Centro per l'impiego"},
				{AreaID: areas[5], Title: "Sollievo per le famiglie", Need: "Carico di cura dei familiari di persone non autosufficienti.",
					Description: "Ore di assistenza domiciliare di sollievo nei fine settimana.", Target: "Famiglie di persone non autosufficienti",
					Beneficiaries: 40, CostCents: 3200000},
			}
			return r
		}(), at: rome(2026, 6, 10, 9, 5), status: pdz.RegReceived},
		{r: func() pdz.Registration {
			r := org(4, "Parrocchia Santa Maria del Borgo", "religioso", "Ruffano", "Largo Chiesa 1")
			r.PublishName = true
			r.Declarant, r.Contact = pdz.Person{Name: "Don Luigi Marino (dato di esempio)", Role: "Parroco"}, sampleRep("Teresa Gallo", "Operatrice Caritas parrocchiale", 6)
			r.Areas = area(4, 9)
			return r
		}(), at: rome(2026, 6, 11, 12, 30), status: pdz.RegReceived},
		{r: func() pdz.Registration {
			r := org(5, "Istituto comprensivo statale «Don Milani»", "scuola", "Collepasso", "Via della Scuola 2")
			r.PublishName = true
			r.Declarant, r.Contact = pdz.Person{Name: "Rosa Leone (dato di esempio)", Role: "Dirigente scolastica"}, sampleRep("Franco Russo", "Docente referente per l'inclusione", 7)
			r.Areas = area(3, 7)
			return r
		}(), at: rome(2026, 6, 12, 8, 55), status: pdz.RegAccepted},
		{r: func() pdz.Registration {
			r := org(6, "Sindacato pensionati – lega territoriale", "sindacato", "Casarano", "Via Roma 40")
			r.PublishName = true
			r.Declarant, r.Contact = pdz.Person{Name: "Vito Caputo (dato di esempio)", Role: "Segretario"}, sampleRep("Vito Caputo", "Segretario", 8)
			r.Areas = area(9, 1)
			return r
		}(), at: rome(2026, 6, 15, 16, 20), status: pdz.RegReceived},
		{r: func() pdz.Registration {
			r := org(7, "Associazione artigiani del Capo", "categoria", "Supersano", "Via Fiume 9")
			r.Declarant, r.Contact = pdz.Person{Name: "Nicola Serra (dato di esempio)", Role: "Presidente"}, sampleRep("Nicola Serra", "Presidente", 9)
			r.Areas = area(8)
			return r
		}(), at: rome(2026, 6, 16, 11, 0), status: pdz.RegReceived},
		{r: func() pdz.Registration {
			r := org(8, "Formazione e Lavoro Salento", "formazione", "Parabita", "Via Ofanto 5")
			r.PublishName = true
			r.Declarant, r.Contact = pdz.Person{Name: "Elena Martini (dato di esempio)", Role: "Direttrice"}, sampleRep("Elena Martini", "Direttrice", 10)
			r.Areas = area(8, 4)
			r.Proposals = []pdz.Proposal{{AreaID: areas[7], Title: "Sportello conciliazione vita-lavoro", Need: "Madri che rinunciano al lavoro per mancanza di servizi.",
				Description: "Uno sportello itinerante nei sette Comuni con orientamento e voucher di conciliazione.", Target: "Donne con figli sotto i 14 anni",
				Beneficiaries: 80, Comuni: []string{"Casarano", "Collepasso", "Matino", "Parabita", "Ruffano", "Supersano", "Taurisano"}, CostCents: 4500000}}
			return r
		}(), at: rome(2026, 6, 17, 17, 58), status: pdz.RegReceived},
		{r: func() pdz.Registration {
			r := org(9, "ODV «Rete Donne Sud»", "odv", "Casarano", "Via Garibaldi 21")
			r.RUNTS = "118903"
			r.Declarant, r.Contact = pdz.Person{Name: "Silvia Longo (dato di esempio)", Role: "Presidente"}, sampleRep("Silvia Longo", "Presidente", 11)
			r.Areas = area(7)
			return r
		}(), at: rome(2026, 6, 14, 19, 45), status: pdz.RegAccepted},
		{r: pdz.Registration{Kind: pdz.RegistrantCitizen, Name: "Maria Bianchi (dato di esempio)", TaxCode: personCode("BNCMRA58L45Z999"),
			Comune: "Supersano", Email: "cittadina01@example.org", Phone: "0833 200001", Areas: area(9),
			Proposals: []pdz.Proposal{{AreaID: areas[8], Title: "Gruppi di cammino nei Comuni", Need: "Solitudine e sedentarietà delle persone anziane.",
				Description: "Gruppi di cammino settimanali guidati da volontari, con un punto d'incontro in ogni Comune.", Target: "Persone con più di 65 anni",
				Beneficiaries: 150, CostCents: 300000}}},
			at: rome(2026, 6, 9, 21, 10), status: pdz.RegReceived},
		{r: pdz.Registration{Kind: pdz.RegistrantCitizen, Name: "Giuseppe Verdi (dato di esempio)", TaxCode: personCode("VRDGPP71C12Z999"),
			Comune: "Parabita", Email: "cittadino02@example.org", Areas: area(2)},
			at: rome(2026, 6, 13, 10, 0), status: pdz.RegReceived},
		{r: func() pdz.Registration {
			r := org(10, "Associazione sportiva Valle Alta", "ets", "Bergamo", "Via Monte Rosa 2")
			r.Declarant, r.Contact = pdz.Person{Name: "Marco Colombo (dato di esempio)", Role: "Presidente"}, sampleRep("Marco Colombo", "Presidente", 12)
			r.Areas = area(2)
			return r
		}(), at: rome(2026, 6, 16, 9, 30), status: pdz.RegRejected,
			reason: "L'associazione non ha sede né attività nel territorio dell'Ambito, come richiesto dall'avviso (motivo di esempio)."},
		{r: func() pdz.Registration {
			r := org(11, "Associazione genitori «Crescere insieme»", "aps", "Taurisano", "Via Dante 7")
			r.Channel = pdz.ChannelLate
			r.Declarant, r.Contact = pdz.Person{Name: "Laura Fabbri (dato di esempio)", Role: "Presidente"}, sampleRep("Laura Fabbri", "Presidente", 13)
			r.Areas = area(3)
			return r
		}(), at: rome(2026, 6, 19, 10, 15), status: pdz.RegReceived},
		{r: func() pdz.Registration {
			r := org(12, "Cooperativa sociale «Il Mosaico»", "cooperativa", "Casarano", "Via Ruffano 60")
			r.Channel, r.ManagesServices = pdz.ChannelOnSite, true
			r.Declarant, r.Contact = pdz.Person{Name: "Stefano Rizzo (dato di esempio)", Role: "Presidente"}, sampleRep("Stefano Rizzo", "Presidente", 14)
			r.Areas = area(1)
			return r
		}(), at: rome(2026, 6, 22, 9, 5), status: pdz.RegAccepted},
		{r: pdz.Registration{Kind: pdz.RegistrantCitizen, Channel: pdz.ChannelOnSite, Name: "Anna Neri (dato di esempio)", TaxCode: personCode("NRENNA49E50Z999"),
			Comune: "Casarano", Areas: area(9)},
			at: rome(2026, 6, 26, 9, 0), status: pdz.RegReceived},
	}
	for _, x := range samples {
		if l.err != nil {
			return
		}
		r := yes(x.r)
		if r.IsOrganisation() && r.Declarant.Role == "" {
			r.Declarant.Role = "Legale rappresentante"
		}
		hash := security.HashToken(security.Token())
		sub := store.Submission{Registration: &r, SubmissionHash: hash, AccessHash: security.HashToken(security.Token()), ReceivedAt: x.at}
		if r.Channel != pdz.ChannelOnline {
			sub.Actor = actor
		}
		if x.withFile {
			data := samplePDF("Modulo di manifestazione di interesse firmato - documento di esempio")
			sum := sha256.Sum256(data)
			sub.File = &pdz.Attachment{Name: "manifestazione-interesse-firmata.pdf", Size: int64(len(data)), SHA256: hex.EncodeToString(sum[:]), Data: data}
		}
		if _, l.err = l.st.SubmitRegistration(l.ctx, p.AmbitoID, sub, locale.Rome); l.err != nil {
			l.err = fmt.Errorf("demo registration %q: %w", r.Name, l.err)
			return
		}
		if x.status != pdz.RegReceived {
			l.err = l.st.SetRegistrationStatus(l.ctx, actor, p.AmbitoID, r.ID, x.status, x.reason, nil)
		}
	}
}
