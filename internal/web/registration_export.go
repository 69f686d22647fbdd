package web

import (
	"bytes"
	"net/http"
	"path"
	"strconv"
	"strings"

	"github.com/pdz-ats/pdz/internal/locale"
	"github.com/pdz-ats/pdz/internal/pdz"
	"github.com/pdz-ats/pdz/internal/spreadsheet"
)

// Exports of the register: registrations and proposals, all or one area's,
// as CSV, XLSX or ODS.

var exportTypes = map[string]string{
	"csv":  "text/csv; charset=utf-8",
	"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	"ods":  "application/vnd.oasis.opendocument.spreadsheet",
}

func yesNoCell(b bool) spreadsheet.Cell {
	if b {
		return spreadsheet.Text("sì")
	}
	return spreadsheet.Text("no")
}

func (s *Server) registrationExport(w http.ResponseWriter, r *http.Request) error {
	p, err := s.processOf(r)
	if err != nil {
		return err
	}
	a := info(r).ambito
	what, format, _ := strings.Cut(path.Base(r.URL.Path), ".")
	ctype, ok := exportTypes[format]
	if !ok || (what != "iscrizioni" && what != "proposte") {
		return pdz.Errorf(pdz.ENOTFOUND, "Esportazione non trovata: sono disponibili iscrizioni e proposte in formato csv, xlsx e ods.")
	}
	var area *pdz.Area
	if q := r.URL.Query().Get("area"); q != "" {
		id, _ := strconv.ParseInt(q, 10, 64)
		if area = p.Area(id); area == nil {
			return pdz.Errorf(pdz.ENOTFOUND, "Area tematica non trovata.")
		}
	}
	var wb *spreadsheet.Workbook
	if what == "iscrizioni" {
		wb, err = s.registrationsWorkbook(r, a, &p, area)
	} else {
		wb, err = s.proposalsWorkbook(r, a, &p, area)
	}
	if err != nil {
		return err
	}
	var b bytes.Buffer
	switch format {
	case "csv":
		err = wb.Sheets[0].WriteCSV(&b)
	case "xlsx":
		err = wb.WriteXLSX(&b)
	case "ods":
		err = wb.WriteODS(&b)
	}
	if err != nil {
		return err
	}
	name := what + "-" + p.Slug
	if area != nil {
		name += "-area-" + pdz.Slugify(area.Code+" "+area.Title)
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", `attachment; filename="`+strings.TrimSuffix(name[:min(len(name), 100)], "-")+"."+format+`"`)
	w.Header().Set("Cache-Control", "no-store")
	w.Write(b.Bytes())
	return nil
}

func (s *Server) registrationsWorkbook(r *http.Request, a *pdz.Ambito, p *pdz.Process, area *pdz.Area) (*spreadsheet.Workbook, error) {
	f := pdz.RegistrationFilter{}
	title := "Manifestazioni di interesse – " + p.Cycle
	if area != nil {
		f.AreaID = area.ID
		title += " – area " + area.Name()
	}
	regs, _, err := s.store.Registrations(r.Context(), a.ID, p.ID, f)
	if err != nil {
		return nil, err
	}
	// Oldest protocol first, as in a register.
	for i, j := 0, len(regs)-1; i < j; i, j = i+1, j-1 {
		regs[i], regs[j] = regs[j], regs[i]
	}
	wb := &spreadsheet.Workbook{Title: title}
	T, W := spreadsheet.Text, func(t string, w float64) spreadsheet.Column { return spreadsheet.Column{Title: t, Width: w} }
	cols := []spreadsheet.Column{W("Protocollo", 13), W("Ricevuta il", 17), W("Canale", 12), W("Stato", 15), W("Motivo", 30),
		W("Soggetto", 14), W("Denominazione o nome", 36), W("Tipo", 30), W("Codice fiscale", 18), W("Partita IVA", 13), W("N. RUNTS", 12),
		W("Costituita il", 12), W("Indirizzo", 30), W("Comune", 16), W("E-mail", 28), W("PEC", 28), W("Telefono", 16),
		W("Gestisce servizi per l'Ambito", 12), W("Consente la pubblicazione del nome", 12), W("Firma", 24), W("Ruolo di chi firma", 18),
		W("Persona di riferimento", 24), W("E-mail di riferimento", 28), W("Telefono di riferimento", 16)}
	if area != nil {
		cols = append(cols, W("Rappresentante al tavolo", 24), W("Ruolo", 18), W("E-mail del rappresentante", 28), W("Telefono del rappresentante", 16))
	} else {
		cols = append(cols, W("Aree tematiche", 50))
	}
	cols = append(cols, W("Proposte", 10), W("Modulo firmato (SHA-256)", 30), W("Versione", 9), W("Ultima modifica", 17))
	sheet := wb.Sheet("Iscrizioni", cols...)
	reps := wb.Sheet("Rappresentanti", W("Protocollo", 13), W("Organizzazione o nome", 36), W("Area tematica", 40), W("Rappresentante", 24),
		W("Ruolo", 18), W("E-mail", 28), W("Telefono", 16), W("Stato", 15))
	for _, x := range regs {
		soggetto := "Organizzazione"
		if !x.IsOrganisation() {
			soggetto = "Cittadino/a"
		}
		hash := ""
		if x.Attachment != nil {
			hash = x.Attachment.SHA256
		}
		row := []spreadsheet.Cell{T(x.Protocol()), spreadsheet.DateTime(x.ReceivedAt.In(locale.Rome)), T(x.Channel.Label()), T(x.Status.Label()),
			T(x.StatusReason), T(soggetto), T(x.Name), T(x.TypeLabel()), T(x.TaxCode), T(x.VATNumber), T(x.RUNTS), dateCell(x.FoundedOn),
			T(x.Address), T(x.Comune), T(x.Email), T(x.PEC), T(x.Phone), boolCell(x.IsOrganisation(), x.ManagesServices),
			boolCell(x.IsOrganisation(), x.PublishName), T(x.Declarant.Name), T(x.Declarant.Role), T(x.Contact.Name), T(x.Contact.Email), T(x.Contact.Phone)}
		if area != nil {
			rep := pdz.Person{}
			if pa := x.Participation(area.ID); pa != nil {
				rep = x.Representative(*pa)
			}
			row = append(row, T(rep.Name), T(rep.Role), T(rep.Email), T(rep.Phone))
		} else {
			var names []string
			for _, pa := range x.Areas {
				names = append(names, pa.AreaName+": "+x.Representative(pa).Name)
			}
			row = append(row, T(strings.Join(names, "\n")))
		}
		row = append(row, spreadsheet.Int(int64(len(x.Proposals))), T(hash), spreadsheet.Int(int64(x.Version)), spreadsheet.DateTime(x.UpdatedAt.In(locale.Rome)))
		sheet.Add(row...)
		for _, pa := range x.Areas {
			if area != nil && pa.AreaID != area.ID {
				continue
			}
			rep := x.Representative(pa)
			reps.Add(T(x.Protocol()), T(x.Name), T(pa.AreaName), T(rep.Name), T(rep.Role), T(rep.Email), T(rep.Phone), T(x.Status.Label()))
		}
	}
	return wb, nil
}

// proposalsWorkbook is every proposal of the process (or of one area) for
// the staff: from the registrations, raised at a table, merged and split,
// withdrawn, deleted, and those of registrations withdrawn or not
// admissible, each with its number, state and origin (a merged proposal
// says which one it went into, a merge which ones it gathers), its authors
// by name and the answer in force. Figures not given stay blank. The last
// row is the total of the prospetto di sintesi: the proposals it lists
// (column "Nel prospetto di sintesi") and their estimated cost.
func (s *Server) proposalsWorkbook(r *http.Request, a *pdz.Ambito, p *pdz.Process, area *pdz.Area) (*spreadsheet.Workbook, error) {
	f := pdz.ProposalFilter{WithDeleted: true}
	title := "Proposte di intervento – " + p.Cycle
	if area != nil {
		f.AreaID = area.ID
		title += " – area " + area.Name()
	}
	xs, err := s.store.Propostas(r.Context(), a.ID, p.ID, f)
	if err != nil {
		return nil, err
	}
	T, W := spreadsheet.Text, func(t string, w float64) spreadsheet.Column { return spreadsheet.Column{Title: t, Width: w} }
	wb := &spreadsheet.Workbook{Title: title}
	sheet := wb.Sheet("Proposte", W("N.", 6), W("Area tematica", 36), W("Stato", 28), W("Nel prospetto di sintesi", 12), W("Origine", 36),
		W("Titolo", 36), W("Bisogno a cui risponde", 40), W("Descrizione", 60), W("Destinatari", 30), W("N. stimato di destinatari", 12),
		W("Comuni interessati", 30), W("Costo stimato", 14), W("Possibili partner", 30), W("Proponenti", 50), W("Risposta dell'Ufficio di Piano", 60))
	var listed int
	var total int64
	for i := range xs {
		x := &xs[i]
		if x.InProspetto() {
			listed++
			total += x.CostCents
		}
		beneficiaries, cost := figureCells(x)
		var authors []string
		for _, au := range x.Authors {
			if au.Who.Erased() {
				authors = append(authors, au.Protocol+" (dati cancellati)")
			} else {
				authors = append(authors, au.Protocol+" "+au.Who.StaffName()+" ("+au.Who.StaffTypeLabel()+")")
			}
		}
		answer := ""
		if x.Answer != nil {
			answer = x.Answer.Text
		}
		sheet.Add(spreadsheet.Int(x.ID), T(x.AreaName), T(proposalStateText(x)), yesNoCell(x.InProspetto()), T(proposalOriginText(x)), T(x.Title),
			T(x.Need), T(x.Description), T(x.Target), beneficiaries, T(strings.Join(x.Comuni, ", ")), cost, T(x.Partners),
			T(strings.Join(authors, "; ")), T(answer))
	}
	sheet.Add(T(""), T("Totale del prospetto di sintesi"), T(locale.Count(listed, "proposta", "proposte")+" su "+locale.Int(int64(len(xs)))), T(""), T(""), T(""),
		T(""), T(""), T(""), T(""), T(""), spreadsheet.Money(total))
	return wb, nil
}

// proposalStateText is a proposal's state as the staff read it: where a
// merged or split proposal went, why a deleted one was deleted, and the
// state of a registration that takes its proposal out of the prospetto.
func proposalStateText(x *pdz.Proposta) string {
	var into []int64
	for _, l := range x.Into {
		into = append(into, l.ID)
	}
	switch {
	case x.Deleted():
		return "Eliminata: " + x.DeletedReason
	case x.Status == pdz.PropMerged:
		return "Accorpata nella " + numbersText(into)
	case x.Status == pdz.PropSplit:
		return "Scomposta nelle " + numbersText(into)
	case x.Origin == pdz.OriginRegistration && x.RegStatus != "" && !x.RegStatus.Holds():
		return x.Status.Label() + " – iscrizione " + strings.ToLower(x.RegStatus.Label())
	}
	return x.Status.Label()
}

// proposalOriginText is where a proposal came from: the table where it was
// raised, the proposals a merge gathers or the one a part comes from.
func proposalOriginText(x *pdz.Proposta) string {
	var from []int64
	for _, l := range x.From {
		from = append(from, l.ID)
	}
	switch {
	case x.Origin == pdz.OriginTable && x.MeetingName != "":
		return x.Origin.Label() + ": " + x.MeetingName
	case (x.Origin == pdz.OriginMerge || x.Origin == pdz.OriginSplit) && len(from) > 0:
		return x.Origin.Label() + " (" + numbersText(from) + ")"
	}
	return x.Origin.Label()
}

// numbersText names proposals by number: "n. 7", "n. 7 e n. 8",
// "n. 3, n. 5 e n. 7".
func numbersText(ids []int64) string {
	var ns []string
	for _, id := range ids {
		ns = append(ns, "n. "+strconv.FormatInt(id, 10))
	}
	if len(ns) < 2 {
		return strings.Join(ns, "")
	}
	return strings.Join(ns[:len(ns)-1], ", ") + " e " + ns[len(ns)-1]
}

func dateCell(d pdz.Date) spreadsheet.Cell {
	if d.IsZero() {
		return spreadsheet.Text("")
	}
	return spreadsheet.Date(d.At(pdz.Clock{}, locale.Rome))
}

func boolCell(applies, v bool) spreadsheet.Cell {
	if !applies {
		return spreadsheet.Text("")
	}
	return yesNoCell(v)
}
