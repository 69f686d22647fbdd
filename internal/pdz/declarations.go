package pdz

import "strings"

// The texts a registrant declares, shown in full on the form, the receipt
// and the PDF. Plain text: blank lines separate paragraphs, "- " lines are
// list items (see Process.Body).

// TruthfulnessDeclaration is the declaration in lieu of certification
// (dichiarazione sostitutiva) under D.P.R. 28 dicembre 2000, n. 445.
const TruthfulnessDeclaration = `Il/La sottoscritto/a, consapevole delle sanzioni penali previste dall'art. 76 del D.P.R. 28 dicembre 2000, n. 445, per le ipotesi di falsità in atti e di dichiarazioni mendaci, e della decadenza dai benefici eventualmente conseguiti sulla base di dichiarazioni non veritiere prevista dall'art. 75 del medesimo decreto, ai sensi degli artt. 46 e 47 del D.P.R. 445/2000

DICHIARA

- che i dati e le informazioni riportati nella presente manifestazione di interesse corrispondono al vero;
- di avere titolo a presentarla (per le organizzazioni: in qualità di legale rappresentante o di persona da questi delegata);
- di aver preso visione dell'avviso pubblico e di accettarne le regole, compresa quella per cui per ciascuna area tematica è ammesso a partecipare un solo rappresentante per ciascuna organizzazione.`

// PrivacyTemplateMarker opens the default privacy notice: the Responsabile
// must adapt the template before relying on it, and the marker says so on
// every page that shows it until it is removed.
const PrivacyTemplateMarker = "[MODELLO DA ADATTARE]"

// DefaultPrivacyNotice is the template of the privacy notice (GDPR art. 13)
// of an Ambito's registration form. It names the Ambito and leaves in
// square brackets what only the Ambito knows (data controller's legal
// name, DPO contacts); the Responsabile edits it in the back office.
func DefaultPrivacyNotice(a *Ambito) string {
	contact := a.Email
	if a.PEC != "" {
		contact = a.PEC
	}
	if contact == "" {
		contact = "[indirizzo e-mail o PEC dell'Ufficio di Piano]"
	}
	r := strings.NewReplacer("{ambito}", a.Name, "{contatto}", contact)
	return r.Replace(PrivacyTemplateMarker + ` Questo testo è un modello predisposto dal programma: il Responsabile dell'Ufficio di Piano deve completarlo e verificarlo con il Responsabile della protezione dei dati dell'Ente prima dell'uso, quindi eliminare questa riga.

INFORMATIVA SUL TRATTAMENTO DEI DATI PERSONALI (art. 13 del Regolamento UE 2016/679, "GDPR")

Titolare del trattamento. Il titolare del trattamento è {ambito}, per il tramite del Comune capofila [denominazione, sede e codice fiscale del Comune capofila], contattabile all'indirizzo {contatto}.

Responsabile della protezione dei dati. Il Responsabile della protezione dei dati (RPD/DPO) è contattabile all'indirizzo [e-mail del RPD].

Finalità e base giuridica. I dati sono trattati per gestire la partecipazione al percorso di programmazione partecipata del Piano Sociale di Zona: registrazione e protocollazione della manifestazione di interesse, organizzazione dei tavoli tematici, fogli presenze, comunicazioni sul percorso, valutazione delle proposte di intervento. La base giuridica è l'esecuzione di un compito di interesse pubblico (art. 6, par. 1, lett. e, GDPR; art. 2-ter del D.Lgs. 196/2003), previsto dalla Legge 328/2000, dalla L.R. Puglia 19/2006 e dal Piano Regionale delle Politiche Sociali. Il nome dell'organizzazione compare sulle pagine e nei documenti pubblici del percorso (elenco dei partecipanti, proposte, prospetto di sintesi, verbali) solo con il consenso espresso nel modulo; senza consenso vi compare come «Organizzazione (nome non pubblicato)». I recapiti non sono mai pubblicati; i nomi delle persone soltanto per chi firma un patto di partecipazione per l'organizzazione, per chi è candidato nell'elezione dei rappresentanti del Terzo Settore e per la cittadina o il cittadino che acconsente, a un incontro, a essere nominato nei documenti pubblicati.

Dati trattati. Dati dell'organizzazione; nome, ruolo, recapiti e, per le cittadine e i cittadini, codice fiscale e Comune di residenza delle persone indicate nel modulo; contenuto delle proposte; eventuale modulo firmato. Non sono richiesti dati di categorie particolari (art. 9 GDPR): si chiede di non inserirli nelle proposte.

Natura del conferimento. Il conferimento dei dati indicati come obbligatori è necessario per partecipare al percorso; in mancanza la manifestazione di interesse non può essere registrata.

Destinatari. I dati sono trattati dal personale dell'Ufficio di Piano autorizzato e dal fornitore del servizio informatico, nominato responsabile del trattamento (art. 28 GDPR). Non sono diffusi, salvo il nome delle organizzazioni che vi hanno acconsentito, né trasferiti fuori dall'Unione europea. I nomi di persone, i recapiti e i codici fiscali non sono mai pubblicati.

Conservazione. I dati sono conservati per la durata del Piano Sociale di Zona e per il periodo previsto dalle norme sulla conservazione della documentazione amministrativa [indicare il periodo secondo il piano di conservazione dell'Ente].

Diritti. L'interessato può chiedere al titolare l'accesso ai dati, la rettifica, la cancellazione, la limitazione del trattamento e opporsi al trattamento (artt. 15-21 GDPR), scrivendo all'indirizzo {contatto}. Fino alla scadenza dell'avviso può anche vedere, correggere o ritirare la manifestazione di interesse con il link personale ricevuto per e-mail. Ha diritto di proporre reclamo al Garante per la protezione dei dati personali (www.garanteprivacy.it).`)
}

// IsPrivacyTemplate reports whether a privacy notice is still the unadapted
// template.
func IsPrivacyTemplate(text string) bool {
	return strings.Contains(text, PrivacyTemplateMarker)
}
