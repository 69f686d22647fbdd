package document

import (
	"strconv"
	"strings"
	"time"

	"github.com/pdz-ats/pdz/internal/locale"
	"github.com/pdz-ats/pdz/internal/pdz"
)

// ReceiptPDF is the receipt of a registration: everything submitted, the
// protocol number with date and time of receipt, the declarations in full
// and the SHA-256 of the uploaded signed form. noticeURL is the public page
// of the notice; generated is printed at the end.
func ReceiptPDF(a *pdz.Ambito, p *pdz.Process, r *pdz.Registration, noticeURL string, generated time.Time) ([]byte, error) {
	title := "Ricevuta della manifestazione di interesse prot. n. " + r.Protocol()
	d := newPDF(title, a.Name, a.Name+" – ricevuta prot. n. "+r.Protocol(), r.UpdatedAt)
	d.centered("P", strings.ToUpper(a.Name), 13, "B")
	d.f.Ln(4)
	d.centered("H1", "RICEVUTA DI MANIFESTAZIONE DI INTERESSE", 12, "B")
	d.f.Ln(1)
	d.centered("P", p.Cycle+" – percorso di programmazione partecipata", 10, "")
	d.f.Ln(4)
	box := "Protocollo n. " + r.Protocol() + ", ricevuta " + locale.DateTime(r.ReceivedAt) + " (" + strings.ToLower(r.Channel.Label()) + ")."
	if r.Version > 1 {
		box += " Versione " + strconv.Itoa(r.Version) + ", modificata " + locale.DateTime(r.UpdatedAt) + "."
	}
	box += " Stato: " + strings.ToLower(r.Status.Label()) + "."
	if r.Status == pdz.RegRejected && r.StatusReason != "" {
		box += " Motivo: " + r.StatusReason
	}
	if !r.Status.Holds() {
		// Withdrawn or not admissible: the receipt attests what was sent,
		// not a place at the tables.
		box += " Questa manifestazione di interesse non dà diritto a partecipare ai tavoli tematici."
	}
	d.box("Protocollo", box)
	if r.ProtocolNumber != 0 && r.Status.Holds() {
		// The check-in code of the tables: the protocol number, nothing else.
		d.needs(36)
		y := d.f.GetY()
		if err := d.qr(pdz.QRText(r), "Codice QR per la registrazione delle presenze: contiene il numero di protocollo "+r.Protocol()+".", margin, y, 30); err != nil {
			return nil, err
		}
		d.f.SetXY(margin+34, y+5)
		d.paraAt(bodyW-34, lineH, "B", fontSz, "Codice per la registrazione delle presenze")
		d.f.SetX(margin + 34)
		d.paraAt(bodyW-34, lineH, "", fontSz, "Mostra questo codice all'ingresso dei tavoli: l'Ufficio di Piano lo legge con il telefono o con un lettore "+
			"e registra la presenza. Contiene soltanto il numero di protocollo "+r.Protocol()+".")
		d.f.SetY(y + 33)
	}

	if r.IsOrganisation() {
		d.heading(2, "Organizzazione", 11)
		founded := ""
		if !r.FoundedOn.IsZero() {
			founded = locale.ShortDate(r.FoundedOn)
		}
		keyValues(d, [][2]string{
			{"Denominazione", r.Name}, {"Tipo", r.TypeLabel()}, {"Codice fiscale", r.TaxCode}, {"Partita IVA", r.VATNumber},
			{"Iscrizione al RUNTS", r.RUNTS}, {"Data di costituzione", founded}, {"Sede legale", joinNonEmpty(", ", r.Address, r.Comune)},
			{"E-mail", r.Email}, {"PEC", r.PEC}, {"Telefono", r.Phone},
			{"Gestisce servizi per conto dell'Ambito", yesNo(r.ManagesServices)},
			{"Consente la pubblicazione del nome", yesNo(r.PublishName)},
			{"Firma per l'organizzazione", joinNonEmpty(", ", r.Declarant.Name, r.Declarant.Role)},
			{"Persona di riferimento", personLine(r.Contact)},
		})
	} else {
		d.heading(2, "Cittadina o cittadino", 11)
		keyValues(d, [][2]string{{"Nome e cognome", r.Name}, {"Codice fiscale", r.TaxCode}, {"Comune di residenza", r.Comune},
			{"E-mail", r.Email}, {"Telefono", r.Phone}})
	}

	d.heading(2, "Aree tematiche e rappresentanti", 11)
	var rows [][]string
	for _, pa := range r.Areas {
		rep := r.Representative(pa)
		rows = append(rows, []string{pa.AreaName, rep.Name, rep.Role, joinNonEmpty("\n", rep.Email, rep.Phone)})
	}
	d.table([]float64{62, 40, 30, 42}, []string{"Area tematica", "Rappresentante", "Ruolo", "Recapiti"}, rows)

	if len(r.Proposals) > 0 {
		d.heading(2, "Proposte di intervento", 11)
		for i, x := range r.Proposals {
			d.heading(3, strconv.Itoa(i+1)+". "+x.Title, fontSz)
			ben, cost := "", ""
			if x.Beneficiaries > 0 {
				ben = locale.Int(x.Beneficiaries)
			}
			if x.CostCents > 0 {
				cost = locale.Money(x.CostCents)
			}
			keyValues(d, [][2]string{{"Area tematica", x.AreaName}, {"Bisogno a cui risponde", x.Need}, {"Descrizione", x.Description},
				{"Destinatari", x.Target}, {"Numero stimato di destinatari", ben}, {"Comuni interessati", strings.Join(x.Comuni, ", ")},
				{"Costo stimato", cost}, {"Possibili partner", x.Partners}})
		}
	}

	d.heading(2, "Dichiarazioni", 11)
	if r.Truthful {
		paragraphs(d, pdz.TruthfulnessDeclaration)
	}
	if r.PrivacyAccepted {
		d.para("Dichiara di aver preso visione dell'informativa sul trattamento dei dati personali (art. 13 del Regolamento UE 2016/679) pubblicata con il modulo.")
	}
	if r.Attachment != nil {
		d.heading(2, "Modulo firmato allegato", 11)
		keyValues(d, [][2]string{{"File", r.Attachment.Name}, {"Dimensione", locale.Count(int(r.Attachment.Size), "byte", "byte")},
			{"Impronta SHA-256", r.Attachment.SHA256}})
	}
	d.f.Ln(4)
	note := "Ricevuta generata il " + locale.DateTime(generated) + ". La manifestazione di interesse si può vedere, correggere o ritirare fino alla scadenza dell'avviso con il link personale inviato per e-mail."
	if noticeURL != "" {
		note += " Avviso: " + noticeURL
	}
	d.note(note)
	return d.bytes()
}

// AttendanceRow is one line of an attendance sheet.
type AttendanceRow struct {
	Name         string
	Organisation string
}

// AttendancePDF is the attendance sheet (foglio presenze) of the table of
// one area: the registered representatives by organisation, a column to
// sign, and blank lines for whoever comes without registering (seed 002:
// taking part counts as joining). when and where describe the meeting, ""
// if unknown.
func AttendancePDF(a *pdz.Ambito, p *pdz.Process, area *pdz.Area, when, where string, rows []AttendanceRow, generated time.Time) ([]byte, error) {
	title := "Foglio presenze – " + area.Name()
	d := newPDF(title, a.Name, a.Name+" – "+p.Cycle+" – foglio presenze", generated)
	d.centered("P", strings.ToUpper(a.Name), 12, "B")
	d.centered("P", p.Cycle, 10, "")
	d.f.Ln(3)
	d.centered("H1", "FOGLIO PRESENZE", 12, "B")
	d.centered("P", "Area tematica "+area.Name(), 11, "B")
	d.f.Ln(2)
	if when != "" {
		d.styled("Data e ora: "+when, "", "L")
	}
	if where != "" {
		d.styled("Luogo: "+where, "", "L")
	}
	d.f.Ln(3)
	widths := []float64{10, 52, 62, 50}
	header := []string{"N.", "Nome e cognome", "Organizzazione", "Firma"}
	const rowH = 11.0 // room for a signature
	var registered [][]string
	for i, r := range rows {
		registered = append(registered, []string{strconv.Itoa(i + 1), r.Name, r.Organisation, ""})
	}
	t := simpleTable(widths, header, registered)
	t.minH = rowH
	d.drawTable(t)
	d.f.Ln(2)
	d.heading(2, "Partecipanti non iscritti", 11)
	var blank [][]string
	for i := range 8 {
		blank = append(blank, []string{strconv.Itoa(len(rows) + i + 1), "", "", ""})
	}
	t = simpleTable(widths, header, blank)
	t.minH = rowH
	d.drawTable(t)
	d.f.Ln(2)
	d.note("Iscritti: " + strconv.Itoa(len(rows)) + ". Foglio generato il " + locale.DateTime(generated) +
		". I dati personali raccolti sono trattati secondo l'informativa pubblicata con il modulo di iscrizione.")
	return d.bytes()
}

// keyValues writes label: value lines, skipping empty values.
func keyValues(d *pdfDoc, kv [][2]string) {
	var rows [][]string
	for _, x := range kv {
		if strings.TrimSpace(x[1]) != "" {
			rows = append(rows, []string{x[0], x[1]})
		}
	}
	if len(rows) == 0 {
		return
	}
	// A two-column table without a header: each label heads its row.
	d.group("Table", func() {
		for _, r := range rows {
			d.f.SetFont("Helvetica", "", smallSz)
			d.needs(d.textHeight(r[1], bodyW-58, 4.4) + 1)
			y := d.f.GetY()
			d.group("TR", func() {
				d.f.SetXY(margin, y)
				d.mark("TH", func() {
					d.f.SetFont("Helvetica", "B", smallSz)
					d.text(56, 4.4, r[0], "L")
				}).Scope = "Row"
				yLabel := d.f.GetY()
				d.f.SetXY(margin+58, y)
				d.mark("TD", func() {
					d.f.SetFont("Helvetica", "", smallSz)
					d.text(bodyW-58, 4.4, r[1], "L")
				})
				d.f.SetY(max(d.f.GetY(), yLabel) + 0.8)
			})
		}
	})
	d.f.SetFont("Helvetica", "", fontSz)
	d.f.Ln(1)
}

func yesNo(b bool) string {
	if b {
		return "sì"
	}
	return "no"
}

func joinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}

func personLine(p pdz.Person) string {
	return joinNonEmpty(", ", p.Name, p.Role, p.Email, p.Phone)
}
