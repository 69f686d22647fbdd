package web

import (
	"strings"

	"github.com/pdz-ats/pdz/internal/pdz"
	"github.com/pdz-ats/pdz/internal/store"
)

// answerMail composes the message that tells a proponent the answer to its
// proposal: the state, the written answer, the link to the proposal's
// public page. The store gives it a key per proposal, answer version and
// proponent, so it is queued, and sent, once.
func (s *Server) answerMail(a *pdz.Ambito, p *pdz.Process) store.ComposeAnswer {
	m := s.regMail(a, p)
	return func(x *pdz.Proposta, ans *pdz.Answer, to *pdz.Author) *pdz.Email {
		name := to.Contact
		if name == "" {
			name = to.Who.StaffName()
		}
		var b strings.Builder
		b.WriteString("Gentile " + name + ",\n\n")
		b.WriteString("l'Ufficio di Piano ha pubblicato la risposta alla proposta " + x.Number() + " «" + x.Title + "» (" + x.AreaName + "), ")
		b.WriteString("presentata nel percorso «" + p.Cycle + "».\n\n")
		b.WriteString("Esito: " + strings.ToLower(ans.Status.Label()) + "\n\n")
		b.WriteString(ans.Text + "\n\n")
		if c := criteriaText(ans.Criteria); c != "" {
			b.WriteString("Valutazione: " + c + ".\n\n")
		}
		if ans.Version > 1 {
			b.WriteString("Questa risposta aggiorna quella comunicata in precedenza.\n\n")
		}
		b.WriteString("La proposta, con tutta la sua storia: " + s.cfg.BaseURL + proposalPublicURL(a, p, x.ID) + "\n")
		b.WriteString("Il prospetto di sintesi di tutte le proposte: " + s.cfg.BaseURL + processBase(a, p) + "/prospetto\n\n")
		b.WriteString("Cordiali saluti,\nUfficio di Piano – " + a.Name + "\n")
		if e := m.replyTo(); e != "" {
			b.WriteString("e-mail " + e + "\n")
		}
		b.WriteString("\nMessaggio inviato automaticamente dalla piattaforma del percorso di programmazione partecipata: per rispondere scrivi all'indirizzo dell'Ufficio di Piano.\n")
		return &pdz.Email{Kind: "esito_proposta", To: to.Email, ReplyTo: m.replyTo(),
			Subject: "Esito della proposta " + x.Number() + " – prot. n. " + to.Protocol, Body: b.String()}
	}
}
