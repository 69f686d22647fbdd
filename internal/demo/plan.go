package demo

import (
	"bytes"
	_ "embed"

	"github.com/pdz-ats/pdz/frameworks"
	"github.com/pdz-ats/pdz/internal/pdz"
	"github.com/pdz-ats/pdz/internal/pianofile"
)

// plan2022 is the Piano Sociale di Zona 2022-2024 of Casarano (seed 003)
// in the plan file format (docs/PLAN-FORMAT.md): the demographic tables with
// the figures as printed (wrong ones included, as declared figures), the
// inventory of 23 services, chapter II's opening texts and all 27 service
// sheets with their programmed amounts and funding sources as printed;
// blanks ("€ ____") stay blank. Loading it also exercises the importer.
//
//go:embed casarano-2022-2024.json
var plan2022 []byte

// Casarano2022 returns the demo plan file.
func Casarano2022() []byte { return plan2022 }

// frameworks installs the regional frameworks shipped with the program.
func (l *loader) frameworks() {
	if l.err != nil {
		return
	}
	fws, err := frameworks.Builtin()
	if err != nil {
		l.err = err
		return
	}
	_, l.err = l.st.InstallFrameworks(l.ctx, fws)
}

// plan2022 imports the 2022-2024 plan and publishes it.
func (l *loader) plan2022(a pdz.Ambito) {
	if l.err != nil {
		return
	}
	f, err := pianofile.Decode(bytes.NewReader(plan2022))
	if err != nil {
		l.err = err
		return
	}
	p, fw, comuni, err := f.ToPlan()
	if err != nil {
		l.err = err
		return
	}
	if l.err = l.st.ImportPlan(l.ctx, actor, a.ID, &p, fw, comuni); l.err != nil {
		return
	}
	l.err = l.st.SetPlanPublished(l.ctx, actor, a.ID, p.ID, true)
}
