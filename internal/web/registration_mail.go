package web

import (
	"strconv"
	"strings"

	"github.com/pdz-ats/pdz/internal/locale"
	"github.com/pdz-ats/pdz/internal/pdz"
)

// The e-mails about a registration, in Italian, plain text. They go into
// the outbox in the transaction of the change they announce.

// mailer is what the messages need to know: where they come from and the
// links they carry.
type regMail struct {
	s *Server
	a *pdz.Ambito
	p *pdz.Process
}

func (s *Server) regMail(a *pdz.Ambito, p *pdz.Process) regMail { return regMail{s, a, p} }

// personalURL is the registrant's personal link.
func (m regMail) personalURL(key string) string {
	return m.s.cfg.BaseURL + processBase(m.a, m.p) + "/adesione/" + key
}

func (m regMail) replyTo() string {
	if m.p.RegistrationEmail != "" {
		return m.p.RegistrationEmail
	}
	return m.a.Email
}

func (m regMail) email(r *pdz.Registration, kind, subject string, body ...string) []pdz.Email {
	if r.Email == "" || r.Erased() {
		return nil
	}
	var b strings.Builder
	name := r.Contact.Name
	if name == "" {
		name = r.Name
	}
	b.WriteString("Gentile " + name + ",\n\n")
	for _, para := range body {
		if para != "" {
			b.WriteString(para + "\n\n")
		}
	}
	b.WriteString("Cordiali saluti,\nUfficio di Piano – " + m.a.Name + "\n")
	var contacts []string
	if e := m.replyTo(); e != "" {
		contacts = append(contacts, "e-mail "+e)
	}
	if m.a.Phone != "" {
		contacts = append(contacts, "tel. "+m.a.Phone)
	}
	if len(contacts) > 0 {
		b.WriteString(strings.Join(contacts, ", ") + "\n")
	}
	b.WriteString("\nMessaggio inviato automaticamente dalla piattaforma del percorso di programmazione partecipata: per rispondere scrivi all'indirizzo dell'Ufficio di Piano.\n")
	return []pdz.Email{{RegistrationID: r.ID, Kind: kind, To: r.Email, ReplyTo: m.replyTo(),
		Subject: subject + " – prot. n. " + r.Protocol(), Body: b.String()}}
}

// summary is the registration in a few lines.
func (m regMail) summary(r *pdz.Registration) string {
	var b strings.Builder
	b.WriteString("Protocollo n. " + r.Protocol() + " del " + locale.ShortDateTime(r.ReceivedAt) + "\n")
	if r.IsOrganisation() {
		b.WriteString("Organizzazione: " + r.Name + " (" + r.TypeLabel() + ")\n")
	} else {
		b.WriteString("Cittadina o cittadino: " + r.Name + "\n")
	}
	b.WriteString("Aree tematiche e rappresentanti:\n")
	for _, pa := range r.Areas {
		b.WriteString("- " + pa.AreaName + ": " + r.Representative(pa).Name + "\n")
	}
	if n := len(r.Proposals); n > 0 {
		b.WriteString("Proposte di intervento: " + strconv.Itoa(n) + "\n")
		for _, x := range r.Proposals {
			b.WriteString("- «" + x.Title + "»\n")
		}
	}
	if r.Attachment != nil {
		b.WriteString("Modulo firmato: " + r.Attachment.Name + " (SHA-256 " + r.Attachment.SHA256 + ")\n")
	}
	return strings.TrimRight(b.String(), "\n")
}

// untilDeadline is "fino alle ore 18:00 di mercoledì 17 giugno 2026".
func (m regMail) untilDeadline() string {
	if m.p.Deadline.IsZero() {
		return "fino alla chiusura delle iscrizioni"
	}
	return "fino alla scadenza dell'avviso (" + locale.DateTime(m.p.Deadline) + ")"
}

func (m regMail) linkParagraph(key string) string {
	if key == "" {
		return ""
	}
	return "Con questo link personale puoi vedere la manifestazione di interesse, scaricare la ricevuta in PDF, correggerla o ritirarla " +
		m.untilDeadline() + ":\n" + m.personalURL(key) + "\n\nIl link è personale: non inoltrarlo. Se lo perdi puoi chiederne uno nuovo da " +
		m.s.cfg.BaseURL + processBase(m.a, m.p) + "/adesione/nuovo-link"
}

// received is the confirmation of a new registration.
func (m regMail) received(r *pdz.Registration, key string) []pdz.Email {
	intro := "l'Ufficio di Piano ha ricevuto la tua manifestazione di interesse per il percorso di programmazione partecipata del " + m.p.Cycle + "."
	switch r.Channel {
	case pdz.ChannelLate:
		intro = "l'Ufficio di Piano ha registrato, dopo la scadenza dell'avviso, la tua manifestazione di interesse per il percorso di programmazione partecipata del " + m.p.Cycle + "."
	case pdz.ChannelOnSite:
		intro = "l'Ufficio di Piano ha registrato la tua partecipazione in presenza al percorso di programmazione partecipata del " + m.p.Cycle + ", che vale come manifestazione di interesse."
	}
	return m.email(r, "ricevuta", "Manifestazione di interesse ricevuta", intro, m.summary(r), m.linkParagraph(key),
		"Il calendario degli incontri è pubblicato all'indirizzo "+m.s.cfg.BaseURL+processBase(m.a, m.p)+"/incontri")
}

// changed acknowledges a correction.
func (m regMail) changed(r *pdz.Registration, key string) []pdz.Email {
	return m.email(r, "modifica", "Modifica registrata",
		"la modifica della tua manifestazione di interesse è stata registrata ("+locale.DateTime(r.UpdatedAt)+"; versione "+strconv.Itoa(r.Version)+"). La versione precedente resta agli atti.",
		m.summary(r), m.linkParagraph(key))
}

// withdrawn acknowledges a withdrawal.
func (m regMail) withdrawn(r *pdz.Registration) []pdz.Email {
	again := "Se vuoi, puoi presentarne una nuova fino alla scadenza dell'avviso."
	if r.IsOrganisation() {
		// One representative per organisation and area: the withdrawal
		// frees the organisation's places, which only it could hold.
		again = "Le aree tematiche che l'organizzazione aveva scelto sono di nuovo libere: se vuoi, puoi presentare per l'organizzazione una nuova manifestazione di interesse fino alla scadenza dell'avviso."
	}
	return m.email(r, "ritiro", "Manifestazione di interesse ritirata",
		"la tua manifestazione di interesse n. "+r.Protocol()+" è stata ritirata il "+locale.DateTime(r.UpdatedAt)+". "+again)
}

// someoneTried tells the holder of a place that a registration with the
// same codice fiscale or partita IVA was refused for an area they hold:
// someone may be using their data. The sender of that form was told only
// that the holder has been warned.
func (m regMail) someoneTried(holder *pdz.Registration) []pdz.Email {
	code := "il tuo codice fiscale"
	who := "Se sei stato tu"
	if holder.IsOrganisation() {
		code = "il codice fiscale o la partita IVA della tua organizzazione"
		who = "Se sei stato tu o un'altra persona della tua organizzazione"
	}
	return m.email(holder, "tentativo", "Tentativo di iscrizione con i tuoi dati",
		"il "+locale.DateTime(m.s.now())+" è stata inviata una nuova manifestazione di interesse per il percorso di programmazione partecipata del "+m.p.Cycle+
			" con "+code+", per aree tematiche già coperte dalla tua manifestazione di interesse n. "+holder.Protocol()+
			". La nuova manifestazione di interesse non è stata registrata per quelle aree; la tua resta com'è, e a chi ha inviato il modulo non è stato mostrato nessuno dei tuoi dati.",
		who+", non devi fare nulla: per cambiare aree o rappresentanti usa il link personale ricevuto con la tua manifestazione di interesse "+
			"(se non lo trovi puoi chiederne uno nuovo da "+m.s.cfg.BaseURL+processBase(m.a, m.p)+"/adesione/nuovo-link).",
		"Se invece non ne sai nulla, segnalalo all'Ufficio di Piano rispondendo a questo messaggio o ai recapiti qui sotto. "+
			"Per non riempire la casella di posta, un avviso come questo è inviato al massimo una volta al giorno.")
}

// newLink sends a new personal link.
func (m regMail) newLink(r *pdz.Registration, key string) pdz.Email {
	msgs := m.email(r, "link", "Nuovo link personale",
		"come richiesto, ecco un nuovo link personale per la manifestazione di interesse n. "+r.Protocol()+
			". Il link inviato in precedenza continua a funzionare finché non apri questo nuovo: da quel momento funziona solo il nuovo.",
		m.linkParagraph(key), "Se non hai chiesto tu un nuovo link, puoi ignorare questo messaggio: la manifestazione di interesse resta com'è e il link precedente continua a funzionare.")
	if len(msgs) == 0 {
		return pdz.Email{}
	}
	return msgs[0]
}

// decided tells the UdP's decision: accepted, or not admissible with the
// reason.
func (m regMail) decided(r *pdz.Registration) []pdz.Email {
	switch r.Status {
	case pdz.RegAccepted:
		return m.email(r, "esito", "Manifestazione di interesse accettata",
			"l'Ufficio di Piano ha esaminato e accettato la tua manifestazione di interesse n. "+r.Protocol()+" per il "+m.p.Cycle+".",
			m.summary(r), "Il calendario degli incontri è pubblicato all'indirizzo "+m.s.cfg.BaseURL+processBase(m.a, m.p)+"/incontri")
	case pdz.RegRejected:
		return m.email(r, "esito", "Manifestazione di interesse non ammissibile",
			"l'Ufficio di Piano ha esaminato la tua manifestazione di interesse n. "+r.Protocol()+" per il "+m.p.Cycle+" e non l'ha ritenuta ammissibile, per questo motivo:",
			r.StatusReason, "Per chiarimenti puoi rispondere a questo messaggio o scrivere all'Ufficio di Piano.")
	}
	return nil
}
