package web

// tableRoutes are the routes of what happens at the tables and after
// (issue 4): attendance, minutes and needs, proposals with their
// evaluation and answers, the prospetto di sintesi, plenary priorities,
// the election of the Third-Sector representatives, the participation
// pacts, and the voting pages. Operators do the work of the tables;
// publishing (answers, minutes, results, pacts), opening and closing an
// election and proclaiming the elected are the Responsabile's.
func (s *Server) tableRoutes() []route {
	const (
		adm  = "/admin/a/{ambito}/percorsi/{pid}"
		mtg  = adm + "/incontri/{mid}"
		prop = adm + "/proposte"
		one  = prop + "/{prid}"
		rnd  = adm + "/priorita/{rid}"
		ele  = adm + "/elezioni/{eid}"
		pub  = "/ambiti/{ambito}/percorsi/{percorso}"
		api  = "/api/v1/ambiti/{ambito}/percorsi/{percorso}"
	)
	return []route{
		{"GET " + adm + "/tavoli", operatore, s.tablesHub},
		{"GET " + adm + "/presenze", operatore, s.attendanceSummary},
		{"GET " + mtg + "/presenze", operatore, s.attendancePage},
		{"POST " + mtg + "/presenze", operatore, s.attendanceCheckIn},
		{"GET " + mtg + "/presenze/{tid}", operatore, s.attendanceEdit},
		{"POST " + mtg + "/presenze/{tid}", operatore, s.attendanceUpdate},
		{"POST " + mtg + "/presenze/{tid}/uscita", operatore, s.attendanceLeave},
		{"POST " + mtg + "/presenze/{tid}/elimina", operatore, s.attendanceDelete},
		{"POST " + mtg + "/fogli-firmati", operatore, s.attendanceSheetUpload},
		{"GET " + mtg + "/fogli-firmati/{fid}/foglio.pdf", operatore, s.attendanceSheetFile},

		{"GET " + mtg + "/verbale", operatore, s.minutesEdit},
		{"POST " + mtg + "/verbale", operatore, s.minutesSave},
		{"POST " + mtg + "/verbale/approva", responsabile, s.minutesStatus},
		{"POST " + mtg + "/verbale/bozza", responsabile, s.minutesStatus},
		{"POST " + mtg + "/verbale/pubblica", responsabile, s.minutesStatus},
		{"POST " + mtg + "/verbale/ritira", responsabile, s.minutesStatus},
		{"GET " + mtg + "/verbale/verbale.pdf", operatore, s.minutesPDFAdmin},
		{"GET " + mtg + "/verbale/bisogni/nuovo", operatore, s.needNew},
		{"POST " + mtg + "/verbale/bisogni", operatore, s.needCreate},
		{"GET " + mtg + "/verbale/bisogni/{nid}", operatore, s.needEdit},
		{"POST " + mtg + "/verbale/bisogni/{nid}", operatore, s.needUpdate},
		{"POST " + mtg + "/verbale/bisogni/{nid}/elimina", operatore, s.needDelete},

		{"GET " + prop, operatore, s.proposalList},
		{"GET " + prop + "/nuova", operatore, s.proposalNew},
		{"POST " + prop, operatore, s.proposalCreate},
		{"POST " + prop + "/pubblica-risposte", responsabile, s.proposalPublishAnswers},
		{"POST " + prop + "/termine", operatore, s.proposalDeadline},
		{"GET " + prop + "/accorpa", operatore, s.proposalMergeForm},
		{"POST " + prop + "/accorpa", operatore, s.proposalMerge},
		{"GET " + one, operatore, s.proposalShow},
		{"GET " + one + "/modifica", operatore, s.proposalEdit},
		{"POST " + one + "/modifica", operatore, s.proposalUpdate},
		{"POST " + one + "/valutazione", operatore, s.proposalEvaluate},
		{"POST " + one + "/valutatori", operatore, s.proposalEvaluators},
		{"POST " + one + "/ritira", operatore, s.proposalWithdraw},
		{"POST " + one + "/elimina", operatore, s.proposalDelete},
		{"POST " + one + "/ripristina", operatore, s.proposalRestore},
		{"GET " + one + "/scomponi", operatore, s.proposalSplitForm},
		{"POST " + one + "/scomponi", operatore, s.proposalSplit},

		{"GET " + adm + "/priorita", operatore, s.roundList},
		{"GET " + adm + "/priorita/nuova", operatore, s.roundNew},
		{"POST " + adm + "/priorita", operatore, s.roundCreate},
		{"GET " + rnd, operatore, s.roundShow},
		{"GET " + rnd + "/modifica", operatore, s.roundEdit},
		{"POST " + rnd + "/modifica", operatore, s.roundUpdate},
		{"POST " + rnd + "/voci", operatore, s.roundItems},
		{"POST " + rnd + "/apri", operatore, s.roundOpen},
		{"POST " + rnd + "/chiudi", operatore, s.roundClose},
		{"POST " + rnd + "/schede", operatore, s.roundPaperVote},
		{"POST " + rnd + "/pubblica", responsabile, s.roundPublish},
		{"POST " + rnd + "/ritira", responsabile, s.roundPublish},
		{"GET " + rnd + "/codici", operatore, s.roundCodes},
		{"GET " + rnd + "/codici.pdf", operatore, s.roundSlips},

		{"GET " + adm + "/elezioni", operatore, s.electionList},
		{"GET " + adm + "/elezioni/nuova", operatore, s.electionNew},
		{"POST " + adm + "/elezioni", operatore, s.electionCreate},
		{"GET " + ele, operatore, s.electionShow},
		{"GET " + ele + "/modifica", operatore, s.electionEdit},
		{"POST " + ele + "/modifica", operatore, s.electionUpdate},
		{"POST " + ele + "/candidati", operatore, s.electionAddCandidate},
		{"POST " + ele + "/candidati/{cid}/elimina", operatore, s.electionRemoveCandidate},
		{"POST " + ele + "/apri", responsabile, s.electionOpen},
		{"POST " + ele + "/chiudi", responsabile, s.electionClose},
		{"POST " + ele + "/votanti", operatore, s.electionPaperVoter},
		{"POST " + ele + "/schede", operatore, s.electionPaperBallot},
		{"POST " + ele + "/sorteggio", responsabile, s.electionLot},
		{"POST " + ele + "/proclama", responsabile, s.electionProclaim},
		{"POST " + ele + "/pubblica", responsabile, s.electionPublish},
		{"POST " + ele + "/ritira", responsabile, s.electionPublish},
		{"POST " + ele + "/verbale-firmato", operatore, s.electionMinutesUpload},
		{"GET " + ele + "/codici", operatore, s.electionCodes},
		{"GET " + ele + "/codici.pdf", operatore, s.electionSlips},
		{"GET " + ele + "/verbale.pdf", operatore, s.electionPDFAdmin},
		{"GET " + ele + "/verbale-firmato.pdf", operatore, s.electionMinutesFileAdmin},

		{"GET " + adm + "/patto", operatore, s.pactEdit},
		{"POST " + adm + "/patto", operatore, s.pactSave},
		{"POST " + adm + "/patto/pubblica", responsabile, s.pactPublish},
		{"POST " + adm + "/patto/ritira", responsabile, s.pactPublish},
		{"GET " + adm + "/patto/firme/nuova", operatore, s.signatureNew},
		{"POST " + adm + "/patto/firme", operatore, s.signatureCreate},
		{"GET " + adm + "/patto/firme/{gid}", operatore, s.signatureEdit},
		{"POST " + adm + "/patto/firme/{gid}", operatore, s.signatureUpdate},
		{"POST " + adm + "/patto/firme/{gid}/elimina", operatore, s.signatureDelete},
		{"GET " + adm + "/patto/firme/{gid}/patto.pdf", operatore, s.pactPDFAdmin},
		{"GET " + adm + "/patto/firme/{gid}/firmato.pdf", operatore, s.signatureFileAdmin},

		{"POST /admin/a/{ambito}/piani/{plid}/percorso", operatore, s.planProcessSave},

		{"GET " + pub + "/tavoli", public, s.publicTables},
		{"GET " + pub + "/proposte", public, s.publicProposals},
		{"GET " + pub + "/proposte/{id}", public, s.publicProposal},
		{"GET " + pub + "/prospetto", public, s.publicProspetto},
		{"GET " + pub + "/prospetto.pdf", public, s.prospettoPDF},
		{"GET " + pub + "/prospetto.xlsx", public, s.prospettoSheet},
		{"GET " + pub + "/prospetto.ods", public, s.prospettoSheet},
		{"GET " + pub + "/incontri/{id}/verbale", public, s.publicMinutes},
		{"GET " + pub + "/incontri/{id}/verbale.pdf", public, s.publicMinutesPDF},
		{"GET " + pub + "/priorita/{id}", public, s.publicRound},
		{"GET " + pub + "/elezioni/{id}", public, s.publicElection},
		{"GET " + pub + "/elezioni/{id}/verbale.pdf", public, s.publicElectionPDF},
		{"GET " + pub + "/elezioni/{id}/verbale-firmato.pdf", public, s.publicElectionMinutesFile},
		{"GET " + pub + "/patto", public, s.publicPact},
		{"GET " + pub + "/patto/firme/{id}/patto.pdf", public, s.publicPactPDF},
		{"GET " + pub + "/adesione/{chiave}/proposta", public, s.personalProposalForm},
		{"POST " + pub + "/adesione/{chiave}/proposta", public, s.personalProposalCreate},
		{"POST " + pub + "/adesione/{chiave}/proposte/{id}/ritira", public, s.personalProposalWithdraw},
		{"GET /ambiti/{ambito}/voto", public, s.voteStart},
		{"POST /ambiti/{ambito}/voto", public, s.voteFind},
		{"GET /ambiti/{ambito}/voto/{codice}", public, s.voteBallot},
		{"POST /ambiti/{ambito}/voto/{codice}", public, s.voteCast},

		{"GET " + api + "/proposte", public, s.apiProposals},
		{"GET " + api + "/proposte/{id}", public, s.apiProposal},
		{"GET " + api + "/priorita", public, s.apiRounds},
		{"GET " + api + "/elezioni", public, s.apiElections},
	}
}
