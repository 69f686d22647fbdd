package web

import (
	"context"
	"time"

	"github.com/pdz-ats/pdz/internal/pdz"
)

// tableIDs makes sure the process has one of everything the routes of the
// tables address (a presence, a signed sheet, minutes with a need, a
// proposal, a priority round, an election with a candidate and signed
// minutes, a pact with a signature), creating what is missing, and fills
// their ids in.
func (hs *harness) tableIDs(x *ids, a pdz.Ambito, p pdz.Process) {
	hs.t.Helper()
	ctx := context.Background()
	st := hs.st
	must := func(err error) {
		hs.t.Helper()
		if err != nil {
			hs.t.Fatal(err)
		}
	}
	actor := pdz.SystemActor
	regs, _, err := st.Registrations(ctx, a.ID, p.ID, pdz.RegistrationFilter{})
	must(err)
	var reg *pdz.Registration
	for i := range regs {
		if regs[i].Status.Holds() && regs[i].IsOrganisation() && regs[i].OrgType.ThirdSector() && !regs[i].ManagesServices {
			reg = &regs[i]
		}
	}
	if reg == nil {
		hs.t.Fatal("no Third-Sector registration in the process")
	}
	pdf := func() *pdz.File {
		f, err := pdz.NewPDF("file", "documento.pdf", []byte(testPDF))
		must(err)
		return f
	}

	list, err := st.MeetingAttendance(ctx, a.ID, p.ID, x.meeting)
	must(err)
	if len(list) == 0 {
		got, err := st.CheckIn(ctx, actor, a.ID, p.ID, x.meeting, reg.ID, pdz.CheckInList, "")
		must(err)
		list = append(list, got)
	}
	x.attendance = list[0].ID
	sheets, err := st.AttendanceSheets(ctx, a.ID, x.meeting)
	must(err)
	if len(sheets) == 0 {
		must(st.SaveAttendanceSheet(ctx, actor, a.ID, p.ID, x.meeting, pdf(), "prova"))
		sheets, err = st.AttendanceSheets(ctx, a.ID, x.meeting)
		must(err)
	}
	x.sheetFile = sheets[0].ID

	m, err := st.MinutesOf(ctx, a.ID, p.ID, x.meeting)
	if pdz.ErrorCode(err) == pdz.ENOTFOUND {
		m = pdz.Minutes{ProcessID: p.ID, MeetingID: x.meeting, Summary: "Sintesi di prova."}
		must(st.SaveMinutes(ctx, actor, a.ID, &m))
	} else {
		must(err)
	}
	if len(m.Needs) == 0 {
		n := pdz.Need{ProcessID: p.ID, Text: "Un bisogno di prova", AreaID: p.Areas[0].ID}
		must(st.SaveNeed(ctx, actor, a.ID, x.meeting, &n))
		x.need = n.ID
	} else {
		x.need = m.Needs[0].ID
	}

	props, err := st.Propostas(ctx, a.ID, p.ID, pdz.ProposalFilter{})
	must(err)
	for _, pr := range props {
		if pr.Changeable() {
			x.proposal = pr.ID
			break
		}
	}
	if x.proposal == 0 {
		pr := pdz.Proposta{ProcessID: p.ID, RegistrationID: reg.ID, Proposal: pdz.Proposal{AreaID: p.Areas[0].ID, Title: "Prova", Need: "Bisogno", Description: "Descrizione"}}
		must(st.CreateTableProposal(ctx, actor, a.ID, &pr))
		x.proposal = pr.ID
	}

	rounds, err := st.PriorityRounds(ctx, a.ID, p.ID, false)
	must(err)
	if len(rounds) == 0 {
		r := pdz.PriorityRound{ProcessID: p.ID, MeetingID: x.meeting, Title: "Priorità di prova", MaxChoices: 2}
		must(st.SavePriorityRound(ctx, actor, a.ID, &r))
		rounds = append(rounds, r)
	}
	x.round = rounds[0].ID

	elections, err := st.Elections(ctx, a.ID, p.ID, false)
	must(err)
	if len(elections) == 0 {
		e := pdz.Election{ProcessID: p.ID, Title: "Elezione di prova", Seats: 3, MaxPreferences: 1, RegisteredBy: time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC), ExcludeManagers: true}
		must(st.SaveElection(ctx, actor, a.ID, &e))
		must(st.AddCandidate(ctx, actor, a.ID, p.ID, e.ID, reg.ID, "Rappresentante di prova"))
		must(st.SaveElectionMinutesFile(ctx, actor, a.ID, p.ID, e.ID, pdf()))
		elections = append(elections, e)
	}
	e, err := st.Election(ctx, a.ID, p.ID, elections[0].ID)
	must(err)
	x.election = e.ID
	if len(e.Candidates) > 0 {
		x.candidate = e.Candidates[0].ID
	}

	pact, err := st.PactOf(ctx, a.ID, p.ID)
	if pdz.ErrorCode(err) == pdz.ENOTFOUND {
		pact = pdz.Pact{ProcessID: p.ID, Title: "Patto di prova", Body: "Testo del patto."}
		must(st.SavePact(ctx, actor, a.ID, &pact))
	} else {
		must(err)
	}
	if len(pact.Signatures) == 0 {
		sig := pdz.PactSignature{RegistrationID: reg.ID, SignatoryName: "Firmataria di prova", SignedOn: pdz.DateOf(hs.clock)}
		must(st.SaveSignature(ctx, actor, a.ID, p.ID, &sig, pdf()))
		pact, err = st.PactOf(ctx, a.ID, p.ID)
		must(err)
	}
	x.signature = pact.Signatures[0].ID
}

// citedProposal is a proposal of Casarano 2022-2024 that a sheet of the
// demo plan takes up.
func (hs *harness) citedProposal() int64 {
	hs.t.Helper()
	ctx := context.Background()
	a, _ := hs.st.AmbitoBySlug(ctx, "casarano")
	p := hs.process("casarano", "pdz-2022-2024")
	xs, err := hs.st.Propostas(ctx, a.ID, p.ID, pdz.ProposalFilter{})
	if err != nil {
		hs.t.Fatal(err)
	}
	for _, x := range xs {
		if y, _ := hs.st.Proposta(ctx, a.ID, p.ID, x.ID); len(y.Sheets) > 0 {
			return x.ID
		}
	}
	hs.t.Fatal("no demo proposal is taken up by a sheet")
	return 0
}
