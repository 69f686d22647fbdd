package pdz

import "time"

// Actor is who makes a change: written into the audit log with it.
type Actor struct {
	UserID int64  // 0 for the system (demo loader, command line)
	Email  string // kept even if the account is later removed
}

// SystemActor is the actor of changes made by the program itself.
var SystemActor = Actor{Email: "sistema"}

// AuditEntry is one change made in the back office.
type AuditEntry struct {
	ID       int64
	AmbitoID int64 // 0 for installation-level changes
	At       time.Time
	UserID   int64
	Email    string
	Action   string // "create", "update", "delete", "publish", …
	Entity   string // "process", "meeting", …
	EntityID int64
	Summary  string // Italian, for people
	Before   string // JSON of the entity before, "" on create
	After    string // JSON after, "" on delete
}

// ActionLabel is the Italian name of an audited action.
func (e *AuditEntry) ActionLabel() string {
	switch e.Action {
	case "create":
		return "creazione"
	case "update":
		return "modifica"
	case "delete":
		return "eliminazione"
	case "publish":
		return "pubblicazione"
	case "unpublish":
		return "ritiro dalla pubblicazione"
	case "login":
		return "accesso"
	case "status":
		return "esito"
	case "erase":
		return "cancellazione dei dati personali"
	case "import":
		return "importazione"
	case "vote":
		return "voto"
	case "evaluate":
		return "valutazione"
	case "assign":
		return "assegnazione dei valutatori"
	case "restore":
		return "ripristino"
	}
	return e.Action
}

// EntityLabel is the Italian name of an audited entity.
func (e *AuditEntry) EntityLabel() string {
	if l, ok := entityLabels[e.Entity]; ok {
		return l
	}
	return e.Entity
}

var entityLabels = map[string]string{
	"ambito": "Ambito", "comune": "Comune", "user": "Utente", "membership": "Ruolo",
	"process": "Percorso", "premise": "Premessa", "phase": "Fase", "area": "Area tematica",
	"meeting": "Incontro", "signatory": "Firmatario",
	"registration": "Manifestazione di interesse", "email": "Messaggio e-mail", "privacy_notice": "Informativa privacy",
	"body": "Organo", "member": "Componente", "body_session": "Seduta", "attendance": "Presenze", "act": "Atto",
	"source_money": "Disponibilità e quote di una fonte", "cofinancing": "Regola del cofinanziamento",
	"comune_money": "Spesa storica e cofinanziamento di un Comune", "social_workers": "Assistenti sociali",
	"progress": "Avanzamento del piano precedente", "money_declared": "Dato dichiarato sulle risorse",
	"meeting_attendance": "Presenza a un incontro", "attendance_sheet": "Foglio presenze firmato",
	"proposal": "Proposta", "need": "Bisogno", "minutes": "Verbale", "priority_round": "Votazione delle priorità",
	"election": "Elezione", "candidate": "Candidatura", "pact": "Patto di partecipazione", "pact_signature": "Firma del patto",
	"framework": "Quadro regionale", "plan": "Piano", "plan_area": "Capitolo II del piano", "source": "Fonte di finanziamento",
	"sheet": "Scheda", "sheet_service": "Servizio di una scheda", "inventory": "Elenco dei servizi",
	"profile_row": "Dati del profilo di comunità", "declared": "Dato dichiarato del profilo",
}

// AuditFilter selects audit entries.
type AuditFilter struct {
	Entity string
	Limit  int
	Offset int
}
