package web

import (
	"bytes"
	"net/http"
	"path"
	"strconv"
	"strings"

	"github.com/pdz-ats/pdz/internal/document"
	"github.com/pdz-ats/pdz/internal/locale"
	"github.com/pdz-ats/pdz/internal/pdz"
	"github.com/pdz-ats/pdz/internal/spreadsheet"
	"github.com/pdz-ats/pdz/internal/store"
)

// The public pages of the tables: the overview, the proposals with their
// whole history, the prospetto di sintesi (page, PDF, XLSX, ODS), the
// published minutes, the results of the priority rounds and of the
// elections, the participation pact. Only published things; registrants
// named through the consent rule (pdz.Registrant).

func (s *Server) publicTables(w http.ResponseWriter, r *http.Request) error {
	return s.cached(w, r, func(w http.ResponseWriter, r *http.Request) error {
		a, p, err := s.publishedProcess(r)
		if err != nil {
			return err
		}
		ctx := r.Context()
		mins, err := s.store.ProcessMinutes(ctx, a.ID, p.ID, true)
		if err != nil {
			return err
		}
		att, err := s.store.ProcessAttendance(ctx, a.ID, p.ID)
		if err != nil {
			return err
		}
		props, err := s.store.Propostas(ctx, a.ID, p.ID, pdz.ProposalFilter{})
		if err != nil {
			return err
		}
		rounds, err := s.store.PriorityRounds(ctx, a.ID, p.ID, true)
		if err != nil {
			return err
		}
		elections, err := s.store.Elections(ctx, a.ID, p.ID, true)
		if err != nil {
			return err
		}
		pact, err := s.store.PactOf(ctx, a.ID, p.ID)
		if err != nil && pdz.ErrorCode(err) != pdz.ENOTFOUND {
			return err
		}
		published := map[int64]bool{}
		for _, m := range mins {
			published[m.MeetingID] = true
		}
		v := s.processView(r, &a, &p, "Tavoli ed esiti")
		v["Minutes"], v["Published"], v["Counts"], v["Proposals"], v["Rounds"], v["Elections"], v["Pact"] = mins, published,
			countAttendance(&p, att), store.CountPropostas(props), rounds, elections, pact
		v["Crumbs"] = []Crumb{{"Home", "/"}, {a.Name, "/ambiti/" + a.Slug}, {p.Cycle, processBase(&a, &p)}, {"Tavoli ed esiti", ""}}
		s.render(w, r, http.StatusOK, "public/tables", v)
		return nil
	})
}

// publicPropostas loads the published process of a public URL and lists
// the proposals the public sees, by area.
func (s *Server) publicPropostas(r *http.Request) (pdz.Ambito, pdz.Process, []pdz.Proposta, error) {
	a, p, err := s.publishedProcess(r)
	if err != nil {
		return a, p, nil, err
	}
	xs, err := s.store.Propostas(r.Context(), a.ID, p.ID, pdz.ProposalFilter{})
	if err != nil {
		return a, p, nil, err
	}
	out := xs[:0]
	for _, x := range xs {
		if x.Live() {
			out = append(out, x)
		}
	}
	store.SortByArea(out, areaPositions(&p))
	return a, p, out, nil
}

// publicTablesCrumbs is the breadcrumb trail of a public page under the
// tables of a process.
func publicTablesCrumbs(a *pdz.Ambito, p *pdz.Process, title string) []Crumb {
	base := processBase(a, p)
	return []Crumb{{"Home", "/"}, {a.Name, "/ambiti/" + a.Slug}, {p.Cycle, base}, {"Tavoli ed esiti", base + "/tavoli"}, {title, ""}}
}

// areaGroup is the proposals of one area.
type areaGroup struct {
	Area      pdz.Area
	Proposals []pdz.Proposta
}

func groupByArea(p *pdz.Process, xs []pdz.Proposta) []areaGroup {
	var out []areaGroup
	for _, ar := range p.Areas {
		g := areaGroup{Area: ar}
		for _, x := range xs {
			if x.AreaID == ar.ID {
				g.Proposals = append(g.Proposals, x)
			}
		}
		out = append(out, g)
	}
	return out
}

func (s *Server) publicProposals(w http.ResponseWriter, r *http.Request) error {
	return s.cached(w, r, func(w http.ResponseWriter, r *http.Request) error {
		a, p, xs, err := s.publicPropostas(r)
		if err != nil {
			return err
		}
		v := s.processView(r, &a, &p, "Proposte")
		v["Groups"], v["Total"] = groupByArea(&p, xs), len(xs)
		v["Crumbs"] = publicTablesCrumbs(&a, &p, "Proposte")
		s.render(w, r, http.StatusOK, "public/proposals", v)
		return nil
	})
}

// publicProposta loads the published process of a public URL and its
// proposal {id} for the public: any proposal of the process except those
// of a registration withdrawn or found not admissible.
func (s *Server) publicProposta(r *http.Request) (pdz.Ambito, pdz.Process, pdz.Proposta, error) {
	a, p, err := s.publishedProcess(r)
	if err != nil {
		return a, p, pdz.Proposta{}, err
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return a, p, pdz.Proposta{}, pdz.Errorf(pdz.ENOTFOUND, "Proposta non trovata.")
	}
	x, err := s.store.Proposta(r.Context(), a.ID, p.ID, id)
	if err == nil && x.Origin == pdz.OriginRegistration && x.RegStatus != "" && !x.RegStatus.Holds() {
		err = pdz.Errorf(pdz.ENOTFOUND, "Proposta non trovata.")
	}
	return a, p, x, err
}

func (s *Server) publicProposal(w http.ResponseWriter, r *http.Request) error {
	return s.cached(w, r, func(w http.ResponseWriter, r *http.Request) error {
		a, p, x, err := s.publicProposta(r)
		if err != nil {
			return err
		}
		hist, err := s.store.ProposalHistory(r.Context(), a.ID, x.ID, true)
		if err != nil {
			return err
		}
		answers, err := s.store.ProposalAnswers(r.Context(), a.ID, x.ID)
		if err != nil {
			return err
		}
		v := s.processView(r, &a, &p, "Proposta "+x.Number())
		v["Proposal"], v["History"], v["Answers"], v["Authors"] = &x, hist, answers, authorsText(&x)
		v["Crumbs"] = []Crumb{{"Home", "/"}, {a.Name, "/ambiti/" + a.Slug}, {p.Cycle, processBase(&a, &p)}, {"Proposte", processBase(&a, &p) + "/proposte"}, {x.Number(), ""}}
		s.render(w, r, http.StatusOK, "public/proposal", v)
		return nil
	})
}

// prospettoPropostas loads the published process of a public URL and its
// prospetto di sintesi: the proposals it counts (pdz.Proposta.InProspetto),
// by area, and apart those withdrawn by their proponents.
func (s *Server) prospettoPropostas(r *http.Request) (a pdz.Ambito, p pdz.Process, counted, withdrawn []pdz.Proposta, err error) {
	a, p, xs, err := s.publicPropostas(r)
	for _, x := range xs {
		if x.InProspetto() {
			counted = append(counted, x)
		} else {
			withdrawn = append(withdrawn, x)
		}
	}
	return a, p, counted, withdrawn, err
}

func (s *Server) publicProspetto(w http.ResponseWriter, r *http.Request) error {
	return s.cached(w, r, func(w http.ResponseWriter, r *http.Request) error {
		a, p, xs, withdrawn, err := s.prospettoPropostas(r)
		if err != nil {
			return err
		}
		var cost int64
		for _, x := range xs {
			cost += x.CostCents
		}
		v := s.processView(r, &a, &p, "Prospetto di sintesi delle proposte")
		v["Groups"], v["Total"], v["Cost"], v["Withdrawn"] = groupByArea(&p, xs), len(xs), cost, withdrawn
		v["Crumbs"] = publicTablesCrumbs(&a, &p, "Prospetto di sintesi")
		s.render(w, r, http.StatusOK, "public/prospetto", v)
		return nil
	})
}

// prospettoRow is a proposal as a row of the prospetto's PDF.
func prospettoRow(x *pdz.Proposta) document.ProspettoRow {
	row := document.ProspettoRow{Number: x.Number(), Title: x.Title, Proponents: authorsText(x), Origin: x.Origin.Label(), Status: x.Status.Label()}
	if x.CostCents > 0 {
		row.Cost = locale.Money(x.CostCents)
	}
	if x.Answer != nil {
		row.Answer, row.Criteria = x.Answer.Text, criteriaText(x.Answer.Criteria)
	}
	return row
}

func (s *Server) prospettoPDF(w http.ResponseWriter, r *http.Request) error {
	return s.cached(w, r, func(w http.ResponseWriter, r *http.Request) error {
		a, p, xs, withdrawn, err := s.prospettoPropostas(r)
		if err != nil {
			return err
		}
		var areas []document.ProspettoArea
		for _, g := range groupByArea(&p, xs) {
			pa := document.ProspettoArea{Name: g.Area.Name()}
			for i := range g.Proposals {
				pa.Rows = append(pa.Rows, prospettoRow(&g.Proposals[i]))
			}
			areas = append(areas, pa)
		}
		var apart []document.ProspettoRow
		for i := range withdrawn {
			apart = append(apart, prospettoRow(&withdrawn[i]))
		}
		b, err := document.ProspettoPDF(&a, &p, areas, apart, "Tutte le proposte presentate con le manifestazioni di interesse e ai tavoli, con lo stato e la risposta dell'Ufficio di Piano.", s.now())
		if err != nil {
			return err
		}
		sendPDF(w, "prospetto-"+p.Slug+".pdf", b)
		return nil
	})
}

// The prospetto's workbook: the sheet "Prospetto" has the proposals it
// counts, the sheet "Ritirate" those withdrawn by their proponents, so a
// sum of the first sheet is the prospetto's.
func (s *Server) prospettoSheet(w http.ResponseWriter, r *http.Request) error {
	return s.cached(w, r, func(w http.ResponseWriter, r *http.Request) error {
		_, p, xs, withdrawn, err := s.prospettoPropostas(r)
		if err != nil {
			return err
		}
		wb := &spreadsheet.Workbook{Title: "Prospetto di sintesi delle proposte – " + p.Cycle}
		col := func(t string, w float64) spreadsheet.Column { return spreadsheet.Column{Title: t, Width: w} }
		cols := []spreadsheet.Column{col("N.", 6), col("Area tematica", 36), col("Titolo", 40), col("Proponenti", 40), col("Origine", 24),
			col("Bisogno", 40), col("Destinatari", 24), col("Numero destinatari", 12), col("Comuni", 24), col("Costo stimato", 14),
			col("Stato", 16), col("Risposta dell'Ufficio di Piano", 60), col(pdz.CriterionNames[0], 14), col(pdz.CriterionNames[1], 14),
			col(pdz.CriterionNames[2], 14), col("Risposta pubblicata il", 17)}
		T := spreadsheet.Text
		for _, sheet := range []struct {
			name string
			xs   []pdz.Proposta
		}{{"Prospetto", xs}, {"Ritirate", withdrawn}} {
			sh := wb.Sheet(sheet.name, cols...)
			for i := range sheet.xs {
				x := &sheet.xs[i]
				ans, when := "", spreadsheet.Text("")
				var c pdz.Criteria
				if x.Answer != nil {
					ans, c, when = x.Answer.Text, x.Answer.Criteria, spreadsheet.DateTime(x.Answer.PublishedAt.In(locale.Rome))
				}
				verdict := func(v pdz.Verdict, note string) spreadsheet.Cell {
					if v == "" && note == "" {
						return T("")
					}
					return T(strings.TrimSuffix(v.Label()+" – "+note, " – "))
				}
				beneficiaries, cost := figureCells(x)
				sh.Add(spreadsheet.Int(x.ID), T(x.AreaName), T(x.Title), T(authorsText(x)), T(x.Origin.Label()), T(x.Need), T(x.Target),
					beneficiaries, T(strings.Join(x.Comuni, ", ")), cost, T(x.Status.Label()), T(ans),
					verdict(c.Needs, c.NeedsNote), verdict(c.Objectives, c.ObjectivesNote), verdict(c.Resources, c.ResourcesNote), when)
			}
		}
		var b bytes.Buffer
		format := strings.TrimPrefix(path.Ext(r.URL.Path), ".")
		if format == "xlsx" {
			err = wb.WriteXLSX(&b)
		} else {
			err = wb.WriteODS(&b)
		}
		if err != nil {
			return err
		}
		w.Header().Set("Content-Type", exportTypes[format])
		w.Header().Set("Content-Disposition", `attachment; filename="prospetto-`+p.Slug+`.`+format+`"`)
		w.Write(b.Bytes())
		return nil
	})
}

// publishedMinutes loads the published minutes of the meeting {id}.
func (s *Server) publishedMinutes(r *http.Request) (pdz.Ambito, pdz.Process, pdz.Meeting, pdz.Minutes, error) {
	a, p, err := s.publishedProcess(r)
	if err != nil {
		return a, p, pdz.Meeting{}, pdz.Minutes{}, err
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	m := p.Meeting(id)
	if err != nil || m == nil {
		return a, p, pdz.Meeting{}, pdz.Minutes{}, pdz.Errorf(pdz.ENOTFOUND, "Incontro non trovato.")
	}
	min, err := s.store.MinutesOf(r.Context(), a.ID, p.ID, m.ID)
	if err == nil && !min.Published() {
		err = pdz.Errorf(pdz.ENOTFOUND, "Il verbale di questo incontro non è pubblicato.")
	}
	return a, p, *m, min, err
}

func (s *Server) publicMinutes(w http.ResponseWriter, r *http.Request) error {
	return s.cached(w, r, func(w http.ResponseWriter, r *http.Request) error {
		a, p, m, min, err := s.publishedMinutes(r)
		if err != nil {
			return err
		}
		att, err := s.store.MeetingAttendance(r.Context(), a.ID, p.ID, m.ID)
		if err != nil {
			return err
		}
		names, unnamed := publicPresent(att)
		props, err := s.store.Propostas(r.Context(), a.ID, p.ID, pdz.ProposalFilter{})
		if err != nil {
			return err
		}
		var discussed []pdz.Proposta
		for _, x := range props {
			for _, id := range min.ProposalIDs {
				if x.ID == id {
					discussed = append(discussed, x)
				}
			}
		}
		v := s.processView(r, &a, &p, "Verbale – "+m.Name())
		v["Meeting"], v["When"], v["Minutes"], v["Present"], v["Unnamed"], v["Discussed"] = &m, meetingWhen(&m), &min, names, unnamed, discussed
		v["Crumbs"] = publicTablesCrumbs(&a, &p, "Verbale")
		s.render(w, r, http.StatusOK, "public/minutes", v)
		return nil
	})
}

func (s *Server) publicMinutesPDF(w http.ResponseWriter, r *http.Request) error {
	return s.cached(w, r, func(w http.ResponseWriter, r *http.Request) error {
		a, p, m, min, err := s.publishedMinutes(r)
		if err != nil {
			return err
		}
		b, err := s.minutesDocument(r, &a, &p, &m, &min)
		if err != nil {
			return err
		}
		sendPDF(w, "verbale-"+strconv.FormatInt(m.ID, 10)+".pdf", b)
		return nil
	})
}

func (s *Server) publicRound(w http.ResponseWriter, r *http.Request) error {
	return s.cached(w, r, func(w http.ResponseWriter, r *http.Request) error {
		a, p, err := s.publishedProcess(r)
		if err != nil {
			return err
		}
		id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
		if err != nil {
			return pdz.Errorf(pdz.ENOTFOUND, "Votazione non trovata.")
		}
		x, err := s.store.PriorityRound(r.Context(), a.ID, p.ID, id)
		if err == nil && !x.Published {
			err = pdz.Errorf(pdz.ENOTFOUND, "Votazione non trovata.")
		}
		if err != nil {
			return err
		}
		ranked := append([]pdz.PriorityItem(nil), x.Items...)
		pdz.RankItems(ranked)
		v := s.processView(r, &a, &p, x.Title)
		v["Round"], v["Ranked"], v["Method"] = &x, ranked, pdz.PriorityMethod
		v["Crumbs"] = publicTablesCrumbs(&a, &p, "Priorità")
		s.render(w, r, http.StatusOK, "public/round", v)
		return nil
	})
}

// publishedElection loads a published election of a public URL.
func (s *Server) publishedElection(r *http.Request) (pdz.Ambito, pdz.Process, pdz.Election, error) {
	a, p, err := s.publishedProcess(r)
	if err != nil {
		return a, p, pdz.Election{}, err
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return a, p, pdz.Election{}, pdz.Errorf(pdz.ENOTFOUND, "Elezione non trovata.")
	}
	e, err := s.store.Election(r.Context(), a.ID, p.ID, id)
	if err == nil && !e.Published {
		err = pdz.Errorf(pdz.ENOTFOUND, "Elezione non trovata.")
	}
	return a, p, e, err
}

func (s *Server) publicElection(w http.ResponseWriter, r *http.Request) error {
	return s.cached(w, r, func(w http.ResponseWriter, r *http.Request) error {
		a, p, e, err := s.publishedElection(r)
		if err != nil {
			return err
		}
		_, o, err := s.store.ElectionOutcome(r.Context(), a.ID, p.ID, e.ID)
		if err != nil {
			return err
		}
		v := s.processView(r, &a, &p, e.Title)
		v["Election"], v["Outcome"], v["ElectorateRule"], v["CandidacyRule"], v["TieBreak"] = &e, &o, document.ElectorateRule(&e), document.CandidacyRule(&e), pdz.TieBreakRule
		v["Crumbs"] = publicTablesCrumbs(&a, &p, "Elezione")
		if e.BodyID != 0 {
			if b, err := s.store.Body(r.Context(), a.ID, e.BodyID); err == nil {
				v["BodyURL"], v["BodyName"] = "/ambiti/"+a.Slug+"/organi/"+b.Slug, b.Name
			}
		}
		s.render(w, r, http.StatusOK, "public/election", v)
		return nil
	})
}

func (s *Server) publicElectionPDF(w http.ResponseWriter, r *http.Request) error {
	return s.cached(w, r, func(w http.ResponseWriter, r *http.Request) error {
		a, p, e, err := s.publishedElection(r)
		if err != nil {
			return err
		}
		b, err := s.electionDocument(r, &a, &p, e.ID)
		if err != nil {
			return err
		}
		sendPDF(w, "verbale-elezione-"+strconv.FormatInt(e.ID, 10)+".pdf", b)
		return nil
	})
}

func (s *Server) publicElectionMinutesFile(w http.ResponseWriter, r *http.Request) error {
	a, p, e, err := s.publishedElection(r)
	if err != nil {
		return err
	}
	f, err := s.store.ElectionMinutesFile(r.Context(), a.ID, p.ID, e.ID)
	if err != nil {
		return err
	}
	sendStoredFile(w, r, f)
	return nil
}

// publishedPact loads the published pact of a public URL.
func (s *Server) publishedPact(r *http.Request) (pdz.Ambito, pdz.Process, pdz.Pact, error) {
	a, p, err := s.publishedProcess(r)
	if err != nil {
		return a, p, pdz.Pact{}, err
	}
	pact, err := s.store.PactOf(r.Context(), a.ID, p.ID)
	if err == nil && !pact.Published {
		err = pdz.Errorf(pdz.ENOTFOUND, "Patto di partecipazione non pubblicato.")
	}
	return a, p, pact, err
}

func (s *Server) publicPact(w http.ResponseWriter, r *http.Request) error {
	return s.cached(w, r, func(w http.ResponseWriter, r *http.Request) error {
		a, p, pact, err := s.publishedPact(r)
		if err != nil {
			return err
		}
		v := s.processView(r, &a, &p, pact.Title)
		v["Pact"] = &pact
		v["Crumbs"] = publicTablesCrumbs(&a, &p, "Patto di partecipazione")
		s.render(w, r, http.StatusOK, "public/pact", v)
		return nil
	})
}

func (s *Server) publicPactPDF(w http.ResponseWriter, r *http.Request) error {
	return s.cached(w, r, func(w http.ResponseWriter, r *http.Request) error {
		a, p, pact, err := s.publishedPact(r)
		if err != nil {
			return err
		}
		id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
		for _, x := range pact.Signatures {
			if x.ID == id {
				b, err := document.PactPDF(&a, &p, &pact, &x, s.now())
				if err != nil {
					return err
				}
				sendPDF(w, "patto-"+pdz.Slugify(x.Organisation)+".pdf", b)
				return nil
			}
		}
		return pdz.Errorf(pdz.ENOTFOUND, "Sottoscrizione non trovata.")
	})
}
