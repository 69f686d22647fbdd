package cli

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/pdz-ats/pdz/frameworks"
	"github.com/pdz-ats/pdz/internal/database"
	"github.com/pdz-ats/pdz/internal/locale"
	"github.com/pdz-ats/pdz/internal/pdz"
	"github.com/pdz-ats/pdz/internal/pianofile"
	"github.com/pdz-ats/pdz/internal/store"
)

// installFrameworks adds the regional frameworks shipped with the program
// that the installation does not have yet (an edited one is left alone).
func installFrameworks(ctx context.Context, db *database.DB) error {
	fws, err := frameworks.Builtin()
	if err != nil {
		return err
	}
	_, err = store.New(db, nil).InstallFrameworks(ctx, fws)
	return err
}

// exportPlan writes a plan of an Ambito as its JSON document on stdout.
func exportPlan(args []string, stdout io.Writer) error {
	var ambito, piano string
	o, _, err := flags("export", args, func(fs *flag.FlagSet) {
		fs.StringVar(&ambito, "ambito", "", "identificativo dell'Ambito")
		fs.StringVar(&piano, "piano", "", "identificativo del piano")
	})
	if err != nil {
		return err
	}
	if ambito == "" || piano == "" {
		return errors.New("indica --ambito e --piano")
	}
	ctx := context.Background()
	db, _, err := open(ctx, o)
	if err != nil {
		return err
	}
	defer db.Close()
	st := store.New(db, nil)
	a, err := st.AmbitoBySlug(ctx, ambito)
	if err != nil {
		return describe(err)
	}
	p, err := st.PlanBySlug(ctx, a.ID, piano)
	if err != nil {
		return describe(err)
	}
	cs, err := st.Comuni(ctx, a.ID)
	if err != nil {
		return describe(err)
	}
	w := bufio.NewWriter(stdout)
	if err := pianofile.Encode(w, pianofile.Export(&p, cs)); err != nil {
		return err
	}
	return w.Flush()
}

// importPlan reads a plan's JSON document from stdin into an Ambito, all or
// nothing; the plan starts unpublished.
func importPlan(args []string, stdin io.Reader, stdout io.Writer) error {
	var ambito string
	o, _, err := flags("import", args, func(fs *flag.FlagSet) {
		fs.StringVar(&ambito, "ambito", "", "identificativo dell'Ambito in cui importare il piano")
	})
	if err != nil {
		return err
	}
	if ambito == "" {
		return errors.New("indica --ambito")
	}
	f, err := pianofile.Decode(stdin)
	if err != nil {
		return describe(err)
	}
	p, fw, comuni, err := f.ToPlan()
	if err != nil {
		return describe(err)
	}
	ctx := context.Background()
	db, _, err := open(ctx, o)
	if err != nil {
		return err
	}
	defer db.Close()
	st := store.New(db, nil)
	a, err := st.AmbitoBySlug(ctx, ambito)
	if err != nil {
		return describe(err)
	}
	if err := st.ImportPlan(ctx, pdz.SystemActor, a.ID, &p, fw, comuni); err != nil {
		return describe(err)
	}
	fmt.Fprintf(stdout, "piano importato: %s (%s) nell'Ambito %s, non pubblicato\n", p.Slug, locale.Count(len(p.Sheets), "scheda", "schede"), a.Slug)
	return nil
}
