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

func (s *Server) proposalsWorkbook(r *http.Request, a *pdz.Ambito, p *pdz.Process, area *pdz.Area) (*spreadsheet.Workbook, error) {
	var areaID int64
	title := "Proposte di intervento – " + p.Cycle
	if area != nil {
		areaID = area.ID
		title += " – area " + area.Name()
	}
	rows, err := s.store.Proposals(r.Context(), a.ID, p.ID, areaID)
	if err != nil {
		return nil, err
	}
	T, W := spreadsheet.Text, func(t string, w float64) spreadsheet.Column { return spreadsheet.Column{Title: t, Width: w} }
	wb := &spreadsheet.Workbook{Title: title}
	sheet := wb.Sheet("Proposte", W("Area tematica", 36), W("Titolo", 36), W("Bisogno a cui risponde", 40), W("Descrizione", 60),
		W("Destinatari", 30), W("N. stimato di destinatari", 12), W("Comuni interessati", 30), W("Costo stimato", 14), W("Possibili partner", 30),
		W("Protocollo", 13), W("Proponente", 36), W("Tipo", 30), W("Stato dell'iscrizione", 15))
	var total int64
	for _, x := range rows {
		pr, reg := x.Proposal, x.Registration
		total += pr.CostCents
		sheet.Add(T(pr.AreaName), T(pr.Title), T(pr.Need), T(pr.Description), T(pr.Target), spreadsheet.Int(pr.Beneficiaries),
			T(strings.Join(pr.Comuni, ", ")), spreadsheet.Money(pr.CostCents), T(pr.Partners), T(reg.Protocol()), T(reg.Name), T(reg.TypeLabel()),
			T(reg.Status.Label()))
	}
	if len(rows) > 0 {
		sheet.Add(T("Totale"), T(strconv.Itoa(len(rows))+" proposte"), T(""), T(""), T(""), T(""), T(""), spreadsheet.Money(total))
	}
	return wb, nil
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
