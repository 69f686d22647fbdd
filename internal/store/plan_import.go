package store

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"

	"github.com/pdz-ats/pdz/internal/locale"
	"github.com/pdz-ats/pdz/internal/pdz"
)

// An import writes one audit entry for the whole plan rather than one per
// row: rowAuditOff marks the context of the import's transaction.
type auditKey struct{}

func rowAuditOff(ctx context.Context) context.Context {
	return context.WithValue(ctx, auditKey{}, true)
}
func rowAuditIsOff(ctx context.Context) bool { v, _ := ctx.Value(auditKey{}).(bool); return v }

// importFailure names where in the file an import failed.
func importFailure(where string, err error) error {
	if pdz.ErrorCode(err) == pdz.EINTERNAL {
		return err
	}
	msg := pdz.ErrorMessage(err)
	if fields := pdz.ErrorFields(err); len(fields) > 0 {
		keys := make([]string, 0, len(fields))
		for k := range fields {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var parts []string
		for _, k := range keys {
			parts = append(parts, k+": "+fields[k])
		}
		msg = strings.Join(parts, "; ")
	}
	return &pdz.Error{Code: pdz.ErrorCode(err), Message: "Il piano non è stato importato. " + where + ": " + msg, Err: err}
}

// ImportPlan adds a whole plan to an Ambito in one transaction: its
// framework (reused when the installation or the Ambito has an identical
// one), the Comuni it names (matched by ISTAT code or name, created when
// missing), its sources, profile, chapter II and sheets with their services.
// Profile rows and declared figures name their Comune in ComuneName (empty
// for the whole Ambito); sheet amounts name their source in SourceCode.
// Nothing is saved unless everything is valid. The plan is not published.
func (s *Store) ImportPlan(ctx context.Context, actor pdz.Actor, ambitoID int64, p *pdz.Plan, fw pdz.Framework, comuni []pdz.Comune) error {
	if err := fw.Validate(); err != nil {
		return importFailure("quadro_regionale", err)
	}
	p.AmbitoID = ambitoID
	p.FrameworkID = -1 // set below; Validate wants one
	if err := p.Validate(); err != nil {
		return importFailure("piano", err)
	}
	status := p.Status
	ctx = rowAuditOff(ctx)
	return s.write(ctx, func(tx *sql.Tx) error {
		var err error
		if p.FrameworkID, err = s.importFramework(ctx, tx, actor, ambitoID, &fw); err != nil {
			return err
		}
		ids, err := s.importComuni(ctx, tx, actor, ambitoID, comuni)
		if err != nil {
			return err
		}
		comune := func(where, name string) (int64, error) {
			if name == "" {
				return 0, nil
			}
			if id, ok := ids[strings.ToLower(name)]; ok {
				return id, nil
			}
			return 0, importFailure(where, pdz.Errorf(pdz.EINVALID, "il Comune «%s» non è nell'elenco «comuni» del file.", name))
		}
		now := s.Now()
		p.Status, p.Published, p.CreatedAt, p.UpdatedAt = status, false, now, now
		if p.Status != pdz.PlanAdopted {
			p.Status = pdz.PlanDraft
		}
		if err := s.insertPlan(ctx, tx, actor, p, "Importato il piano «"+p.Title+"»"); err != nil {
			return importFailure("piano", err)
		}
		codes := map[string]int64{}
		for i := range p.Sources {
			x := &p.Sources[i]
			x.ID, x.PlanID, x.Position = 0, p.ID, i+1
			if err := x.Validate(); err != nil {
				return importFailure(fmt.Sprintf("fonti_finanziamento[%d]", i), err)
			}
			if err := s.saveSource(ctx, tx, actor, ambitoID, x); err != nil {
				return importFailure(fmt.Sprintf("fonti_finanziamento[%d]", i), err)
			}
			codes[x.Code] = x.ID
		}
		if err := s.importSourceMoney(ctx, tx, ambitoID, p, &fw, codes); err != nil {
			return err
		}
		for i := range p.Inventory {
			x := &p.Inventory[i]
			x.ID, x.PlanID, x.Position = 0, p.ID, i+1
			if err := x.Validate(); err != nil {
				return importFailure(fmt.Sprintf("servizi_esistenti[%d]", i), err)
			}
			if err := s.saveInventory(ctx, tx, actor, ambitoID, x); err != nil {
				return importFailure(fmt.Sprintf("servizi_esistenti[%d]", i), err)
			}
		}
		for i := range p.Profile {
			x := &p.Profile[i]
			where := fmt.Sprintf("profilo.dati[%d]", i)
			x.ID, x.PlanID = 0, p.ID
			if x.ComuneID, err = comune(where, x.ComuneName); err != nil {
				return err
			}
			if err := x.Validate(); err != nil {
				return importFailure(where, err)
			}
			if err := s.saveProfileRow(ctx, tx, actor, ambitoID, x); err != nil {
				return importFailure(where, err)
			}
		}
		for i := range p.Declared {
			x := &p.Declared[i]
			where := fmt.Sprintf("profilo.dichiarati[%d]", i)
			x.ID, x.PlanID, x.Position = 0, p.ID, i+1
			if x.ComuneID, err = comune(where, x.ComuneName); err != nil {
				return err
			}
			if err := x.Validate(); err != nil {
				return importFailure(where, err)
			}
			if err := s.saveDeclared(ctx, tx, actor, ambitoID, x); err != nil {
				return importFailure(where, err)
			}
		}
		for i := range p.Areas {
			x := &p.Areas[i]
			x.PlanID = p.ID
			if err := s.savePlanArea(ctx, tx, actor, ambitoID, x); err != nil {
				return importFailure(fmt.Sprintf("aree[%d]", i), err)
			}
		}
		check := *p
		check.Framework = &fw
		for i := range p.Sheets {
			x := &p.Sheets[i]
			where := fmt.Sprintf("schede[%d] (%s)", i, x.Code)
			x.ID, x.PlanID, x.Position = 0, p.ID, i+1
			for yi := range x.Years {
				for li := range x.Years[yi].Lines {
					l := &x.Years[yi].Lines[li]
					if l.SourceCode == "" {
						l.SourceID = 0
						continue
					}
					id, ok := codes[l.SourceCode]
					if !ok {
						return importFailure(where, pdz.Errorf(pdz.EINVALID, "la fonte «%s» dell'anno %d non è tra le fonti di finanziamento del file.", l.SourceCode, x.Years[yi].Year))
					}
					l.SourceID = id
				}
			}
			if err := s.saveSheet(ctx, tx, actor, ambitoID, &check, x); err != nil {
				return importFailure(where, err)
			}
			for j := range x.Services {
				sv := &x.Services[j]
				sv.ID, sv.SheetID, sv.Position = 0, x.ID, j+1
				if err := s.saveService(ctx, tx, actor, ambitoID, &check, sv); err != nil {
					return importFailure(fmt.Sprintf("%s.servizi[%d]", where, j), err)
				}
			}
		}
		if err := s.importMoney(ctx, tx, actor, ambitoID, p, codes, comune); err != nil {
			return err
		}
		return s.audit(context.WithValue(ctx, auditKey{}, false), tx, actor, ambitoID, "import", "plan", p.ID,
			fmt.Sprintf("Importato il piano «%s»: %s, %s di dati demografici", p.Title, locale.Count(len(p.Sheets), "scheda", "schede"), locale.Count(len(p.Profile), "riga", "righe")), nil, planHead(*p))
	})
}

// importFramework returns the id of a framework identical to fw that the
// Ambito may use, creating the Ambito's own copy when there is none.
func (s *Store) importFramework(ctx context.Context, tx *sql.Tx, actor pdz.Actor, ambitoID int64, fw *pdz.Framework) (int64, error) {
	want := string(fw.Canonical())
	rows, err := list(ctx, tx, func(r scanner) (struct {
		id      int64
		ambito  int64
		content string
	}, error) {
		var x struct {
			id      int64
			ambito  int64
			content string
		}
		return x, r.Scan(&x.id, &x.ambito, &x.content)
	}, `SELECT id, COALESCE(ambito_id, 0), content FROM frameworks WHERE slug = $1 AND (ambito_id IS NULL OR ambito_id = $2)
		ORDER BY ambito_id IS NULL DESC`, fw.Slug, ambitoID)
	if err != nil {
		return 0, err
	}
	for _, r := range rows {
		if r.content == want {
			return r.id, nil
		}
	}
	for _, r := range rows {
		if r.ambito == ambitoID {
			return 0, importFailure("quadro_regionale", pdz.Errorf(pdz.ECONFLICT,
				"l'Ambito ha già un proprio quadro «%s» diverso da quello del file: cambia il campo «id» del quadro nel file o allinea i due quadri.", fw.Slug))
		}
	}
	rec := pdz.FrameworkRecord{Framework: *fw}
	now := s.Now()
	err = tx.QueryRowContext(ctx, `INSERT INTO frameworks (ambito_id, slug, title, content, builtin, created_at, updated_at)
		VALUES ($1, $2, $3, $4, FALSE, $5, $5) RETURNING id`, ambitoID, fw.Slug, fw.Title, want, now).Scan(&rec.ID)
	if err != nil {
		return 0, internal("import framework", err)
	}
	return rec.ID, s.audit(ctx, tx, actor, ambitoID, "create", "framework", rec.ID, "Importato il quadro regionale «"+fw.Title+"»", nil, nil)
}

// importComuni matches the file's Comuni with the Ambito's (ISTAT code
// first, then name) and creates the missing ones. It returns ids by
// lower-case name.
func (s *Store) importComuni(ctx context.Context, tx *sql.Tx, actor pdz.Actor, ambitoID int64, comuni []pdz.Comune) (map[string]int64, error) {
	have, err := list(ctx, tx, scanComune, `SELECT `+comuneCols+` FROM comuni WHERE ambito_id = $1`, ambitoID)
	if err != nil {
		return nil, err
	}
	ids := map[string]int64{}
	for i, c := range comuni {
		where := fmt.Sprintf("comuni[%d]", i)
		var found int64
		for _, h := range have {
			if (c.IstatCode != "" && h.IstatCode == c.IstatCode) || (c.IstatCode == "" && strings.EqualFold(h.Name, c.Name)) {
				found = h.ID
			}
		}
		if found == 0 {
			c.ID, c.AmbitoID = 0, ambitoID
			if err := c.Validate(); err != nil {
				return nil, importFailure(where, err)
			}
			err := tx.QueryRowContext(ctx, `INSERT INTO comuni (ambito_id, name, istat_code, population, population_date)
				VALUES ($1, $2, $3, $4, $5) RETURNING id`, ambitoID, c.Name, c.IstatCode, c.Population, c.PopulationDate).Scan(&found)
			if err != nil {
				return nil, importFailure(where, comuneConflict(err, "import comune"))
			}
			if err := s.audit(ctx, tx, actor, ambitoID, "create", "comune", found, "Aggiunto il Comune di "+c.Name+" (importazione di un piano)", nil, c); err != nil {
				return nil, err
			}
		}
		ids[strings.ToLower(c.Name)] = found
	}
	return ids, nil
}

// importSourceMoney saves the sources' components, availability and
// quotas, once every source of the file exists.
func (s *Store) importSourceMoney(ctx context.Context, tx *sql.Tx, ambitoID int64, p *pdz.Plan, fw *pdz.Framework, codes map[string]int64) error {
	for i := range p.Sources {
		x := &p.Sources[i]
		x.ParentID = 0
		if x.ParentCode != "" {
			id, ok := codes[x.ParentCode]
			if !ok {
				return importFailure(fmt.Sprintf("risorse.fonti (%s)", x.Code), pdz.Errorf(pdz.EINVALID, "la fonte composta «%s» non è tra le fonti di finanziamento del file.", x.ParentCode))
			}
			x.ParentID = id
		}
	}
	check := *p
	check.Framework = fw
	for i := range p.Sources {
		x := &p.Sources[i]
		if x.ParentID == 0 && len(x.Availability) == 0 && len(x.Quotas) == 0 {
			continue
		}
		where := fmt.Sprintf("risorse.fonti (%s)", x.Code)
		if err := check.CheckSourceMoney(x); err != nil {
			return importFailure(where, err)
		}
		if err := writeSourceMoney(ctx, tx, ambitoID, x); err != nil {
			return importFailure(where, err)
		}
	}
	return nil
}

// importMoney saves the co-financing, historical spending, staff, previous
// plan's progress and declared money figures of an imported plan.
func (s *Store) importMoney(ctx context.Context, tx *sql.Tx, actor pdz.Actor, ambitoID int64, p *pdz.Plan, codes map[string]int64,
	comune func(where, name string) (int64, error)) error {
	m := &p.Money
	source := func(where, code string) (int64, error) {
		if code == "" {
			return 0, nil
		}
		id, ok := codes[code]
		if !ok {
			return 0, importFailure(where, pdz.Errorf(pdz.EINVALID, "la fonte «%s» non è tra le fonti di finanziamento del file.", code))
		}
		return id, nil
	}
	var err error
	if m.RuleSet || len(m.Quotas) > 0 {
		where := "risorse.cofinanziamento"
		for i := range m.Quotas {
			if m.Quotas[i].ComuneID, err = comune(where, m.Quotas[i].ComuneName); err != nil {
				return err
			}
		}
		if err := m.Rule.Validate(); err != nil {
			return importFailure(where, err)
		}
		if err := pdz.ValidateEntered(m.Quotas); err != nil {
			return importFailure(where, err)
		}
		if err := s.saveCofinancing(ctx, tx, actor, ambitoID, p.ID, m.Rule, m.Quotas); err != nil {
			return importFailure(where, err)
		}
	}
	// historical spending and commitments, Comune by Comune
	var names []string
	seen := map[string]bool{}
	for _, h := range m.Historical {
		if !seen[h.ComuneName] {
			seen[h.ComuneName] = true
			names = append(names, h.ComuneName)
		}
	}
	for _, c := range m.Commitments {
		if !seen[c.ComuneName] {
			seen[c.ComuneName] = true
			names = append(names, c.ComuneName)
		}
	}
	for _, name := range names {
		where := "risorse (Comune di " + name + ")"
		id, err := comune(where, name)
		if err != nil {
			return err
		}
		if id == 0 {
			return importFailure(where, pdz.Errorf(pdz.EINVALID, "indica il Comune."))
		}
		var hist *pdz.HistoricalSpending
		for i := range m.Historical {
			if m.Historical[i].ComuneName == name {
				h := m.Historical[i]
				if err := h.Validate(); err != nil {
					return importFailure(where+", spesa storica", err)
				}
				hist = &h
			}
		}
		var commits []pdz.Commitment
		for _, c := range m.Commitments {
			if c.ComuneName == name {
				if err := c.Validate("anno"); err != nil {
					return importFailure(where+", cofinanziamento", err)
				}
				commits = append(commits, c)
			}
		}
		if err := s.saveComuneMoney(ctx, tx, actor, ambitoID, p.ID, id, hist, commits); err != nil {
			return importFailure(where, err)
		}
	}
	for i := range m.Staff {
		x := &m.Staff[i]
		where := fmt.Sprintf("risorse.assistenti_sociali[%d]", i)
		x.ID, x.PlanID = 0, p.ID
		if x.ComuneID, err = comune(where, x.ComuneName); err != nil {
			return err
		}
		if err := x.Validate(); err != nil {
			return importFailure(where, err)
		}
		if err := s.saveStaff(ctx, tx, actor, ambitoID, x); err != nil {
			return importFailure(where, err)
		}
	}
	for i := range m.Progress {
		x := &m.Progress[i]
		where := fmt.Sprintf("risorse.avanzamento_precedente[%d]", i)
		x.ID, x.PlanID, x.Position = 0, p.ID, i+1
		if x.TargetID, err = source(where, x.TargetCode); err != nil {
			return err
		}
		if err := x.Validate(); err != nil {
			return importFailure(where, err)
		}
		if err := s.saveProgress(ctx, tx, actor, ambitoID, x); err != nil {
			return importFailure(where, err)
		}
	}
	for i := range m.Declared {
		x := &m.Declared[i]
		where := fmt.Sprintf("risorse.dichiarati[%d]", i)
		x.ID, x.PlanID, x.Position = 0, p.ID, i+1
		if x.SourceID, err = source(where, x.SourceCode); err != nil {
			return err
		}
		if x.ComuneID, err = comune(where, x.ComuneName); err != nil {
			return err
		}
		if err := x.Validate(); err != nil {
			return importFailure(where, err)
		}
		if err := s.saveMoneyDeclared(ctx, tx, actor, ambitoID, x); err != nil {
			return importFailure(where, err)
		}
	}
	return nil
}
