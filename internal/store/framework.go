package store

import (
	"context"
	"database/sql"
	"strings"
	"sync"

	"github.com/pdz-ats/pdz/internal/locale"
	"github.com/pdz-ats/pdz/internal/pdz"
)

// Regional frameworks are documents: the store keeps each one whole, as its
// canonical JSON, at installation level (ambito_id NULL) or as an Ambito's
// own copy.

const frameworkCols = `id, COALESCE(ambito_id, 0), builtin, content, created_at, updated_at`

func scanFramework(r scanner) (pdz.FrameworkRecord, error) {
	var x pdz.FrameworkRecord
	var content string
	if err := r.Scan(&x.ID, &x.AmbitoID, &x.Builtin, &content, &x.CreatedAt, &x.UpdatedAt); err != nil {
		return x, err
	}
	fw, err := parseFramework(content)
	if err != nil && pdz.ErrorCode(err) != pdz.EINVALID {
		return x, err
	}
	x.Framework = fw
	return x, nil
}

// parsedFrameworks memoises pdz.ParseFramework by the stored text: every
// plan page reads its framework (tens of KB of JSON), and parsing it was a
// seventh of the time of loading a plan. The same text always gives the
// same framework, so the memo cannot be stale; a changed framework is
// another text. The Frameworks it returns share their slices, which no
// caller changes. At most maxParsedFrameworks texts are kept.
var parsedFrameworks = struct {
	sync.Mutex
	m map[string]parsedFramework
}{m: map[string]parsedFramework{}}

type parsedFramework struct {
	fw  pdz.Framework
	err error
}

const maxParsedFrameworks = 32

func parseFramework(content string) (pdz.Framework, error) {
	parsedFrameworks.Lock()
	p, ok := parsedFrameworks.m[content]
	parsedFrameworks.Unlock()
	if ok {
		return p.fw, p.err
	}
	fw, err := pdz.ParseFramework(strings.NewReader(content))
	parsedFrameworks.Lock()
	if len(parsedFrameworks.m) >= maxParsedFrameworks {
		clear(parsedFrameworks.m)
	}
	parsedFrameworks.m[content] = parsedFramework{fw, err}
	parsedFrameworks.Unlock()
	return fw, err
}

// InstallFrameworks adds at installation level the frameworks shipped with
// the program that the installation does not have yet. An installation
// level framework with the same id is left alone: it may have been edited.
func (s *Store) InstallFrameworks(ctx context.Context, fws []pdz.Framework) ([]string, error) {
	var added []string
	err := s.write(ctx, func(tx *sql.Tx) error {
		for i := range fws {
			fw := &fws[i]
			if err := fw.Validate(); err != nil {
				return err
			}
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM frameworks WHERE ambito_id IS NULL AND slug = $1`, fw.Slug).Scan(&n); err != nil {
				return internal("read frameworks", err)
			}
			if n > 0 {
				continue
			}
			now := s.Now()
			var id int64
			err := tx.QueryRowContext(ctx, `INSERT INTO frameworks (ambito_id, slug, title, content, builtin, created_at, updated_at)
				VALUES (NULL, $1, $2, $3, TRUE, $4, $4) RETURNING id`, fw.Slug, fw.Title, string(fw.Canonical()), now).Scan(&id)
			if err != nil {
				return internal("install framework", err)
			}
			if err := s.audit(ctx, tx, pdz.SystemActor, 0, "create", "framework", id, "Installato il quadro regionale «"+fw.Title+"»", nil, nil); err != nil {
				return err
			}
			added = append(added, fw.Slug)
		}
		return nil
	})
	return added, err
}

// Frameworks lists the installation's frameworks and, when ambitoID is not
// 0, that Ambito's own copies; PlanCount counts the plans using each one
// (the Ambito's plans only, when ambitoID is not 0).
func (s *Store) Frameworks(ctx context.Context, ambitoID int64) ([]pdz.FrameworkRecord, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT `+frameworkCols+`,
		(SELECT COUNT(*) FROM plans p WHERE p.framework_id = f.id AND ($2 OR p.ambito_id = $1))
		FROM frameworks f WHERE f.ambito_id IS NULL OR f.ambito_id = $1 ORDER BY f.ambito_id IS NULL DESC, f.slug`, ambitoID, ambitoID == 0)
	return collect(rows, err, func(r scanner) (pdz.FrameworkRecord, error) {
		var x pdz.FrameworkRecord
		var content string
		if err := r.Scan(&x.ID, &x.AmbitoID, &x.Builtin, &content, &x.CreatedAt, &x.UpdatedAt, &x.PlanCount); err != nil {
			return x, err
		}
		x.Framework, _ = parseFramework(content)
		return x, nil
	})
}

// Framework returns a framework the Ambito may use: the installation's or
// its own (ambitoID 0: installation level only).
func (s *Store) Framework(ctx context.Context, ambitoID, id int64) (pdz.FrameworkRecord, error) {
	return readFramework(ctx, s.read, ambitoID, id)
}

func readFramework(ctx context.Context, q querier, ambitoID, id int64) (pdz.FrameworkRecord, error) {
	x, err := scanFramework(q.QueryRowContext(ctx, `SELECT `+frameworkCols+` FROM frameworks
		WHERE id = $2 AND (ambito_id IS NULL OR ambito_id = $1)`, ambitoID, id))
	return x, one(err, "Quadro regionale")
}

const frameworkTaken = "Esiste già un quadro regionale con questo identificativo: cambia il campo «id» del file."

// SaveFramework creates (ID 0) or replaces a framework: at installation level
// when ambitoID is 0, else as the Ambito's own copy. Only a framework of the
// same level can be replaced.
func (s *Store) SaveFramework(ctx context.Context, actor pdz.Actor, ambitoID int64, x *pdz.FrameworkRecord) error {
	if err := x.Framework.Validate(); err != nil {
		return err
	}
	content := string(x.Framework.Canonical())
	return s.write(ctx, func(tx *sql.Tx) error {
		now := s.Now()
		if x.ID == 0 {
			err := tx.QueryRowContext(ctx, `INSERT INTO frameworks (ambito_id, slug, title, content, builtin, created_at, updated_at)
				VALUES ($1, $2, $3, $4, FALSE, $5, $5) RETURNING id`, nullID(ambitoID), x.Framework.Slug, x.Framework.Title, content, now).Scan(&x.ID)
			if err != nil {
				return translate(err, "create framework", "content", frameworkTaken)
			}
			x.AmbitoID, x.CreatedAt, x.UpdatedAt = ambitoID, now, now
			return s.audit(ctx, tx, actor, ambitoID, "create", "framework", x.ID, "Caricato il quadro regionale «"+x.Framework.Title+"»", nil, nil)
		}
		before, err := readFramework(ctx, tx, ambitoID, x.ID)
		if err != nil {
			return err
		}
		if before.AmbitoID != ambitoID {
			return pdz.Errorf(pdz.EFORBIDDEN, "Questo quadro regionale è dell'installazione: l'Ambito può modificarne solo una propria copia.")
		}
		_, err = tx.ExecContext(ctx, `UPDATE frameworks SET slug = $1, title = $2, content = $3, updated_at = $4
			WHERE id = $5 AND (($6 AND ambito_id IS NULL) OR ambito_id = $7)`,
			x.Framework.Slug, x.Framework.Title, content, now, x.ID, ambitoID == 0, ambitoID)
		if err != nil {
			return translate(err, "update framework", "content", frameworkTaken)
		}
		x.AmbitoID, x.Builtin, x.CreatedAt, x.UpdatedAt = ambitoID, before.Builtin, before.CreatedAt, now
		if _, err := tx.ExecContext(ctx, `UPDATE plans SET updated_at = $1 WHERE framework_id = $2`, now, x.ID); err != nil {
			return internal("touch plans", err)
		}
		return s.audit(ctx, tx, actor, ambitoID, "update", "framework", x.ID, "Modificato il quadro regionale «"+x.Framework.Title+"»",
			map[string]any{"revisione": before.Framework.Revision, "contenuto": string(before.Framework.Canonical())},
			map[string]any{"revisione": x.Framework.Revision, "contenuto": content})
	})
}

// CopyFramework makes an installation framework the Ambito's own copy, so
// that its Ufficio di Piano can complete it.
func (s *Store) CopyFramework(ctx context.Context, actor pdz.Actor, ambitoID, id int64) (pdz.FrameworkRecord, error) {
	src, err := s.Framework(ctx, 0, id)
	if err != nil {
		return src, err
	}
	cp := pdz.FrameworkRecord{Framework: src.Framework}
	err = s.SaveFramework(ctx, actor, ambitoID, &cp)
	if pdz.ErrorCode(err) == pdz.ECONFLICT {
		err = pdz.Errorf(pdz.ECONFLICT, "L'Ambito ha già una propria copia del quadro «%s».", src.Framework.Title)
	}
	return cp, err
}

// DeleteFramework removes a framework no plan uses. The frameworks shipped
// with the program cannot be removed (they would come back at the next start).
func (s *Store) DeleteFramework(ctx context.Context, actor pdz.Actor, ambitoID, id int64) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		x, err := readFramework(ctx, tx, ambitoID, id)
		if err != nil {
			return err
		}
		if x.AmbitoID != ambitoID {
			return pdz.Errorf(pdz.EFORBIDDEN, "Questo quadro regionale è dell'installazione: l'Ambito non può eliminarlo.")
		}
		if x.Builtin {
			return pdz.Errorf(pdz.ECONFLICT, "Il quadro «%s» è distribuito con il programma e non si elimina: si può modificare.", x.Framework.Title)
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM plans WHERE framework_id = $1`, id).Scan(&n); err != nil {
			return internal("count plans", err)
		}
		if n > 0 {
			return pdz.Errorf(pdz.ECONFLICT, "Il quadro «%s» è usato da %s: non si può eliminare.", x.Framework.Title, locale.Count(n, "piano", "piani"))
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM frameworks WHERE id = $1`, id); err != nil {
			return internal("delete framework", err)
		}
		return s.audit(ctx, tx, actor, ambitoID, "delete", "framework", id, "Eliminato il quadro regionale «"+x.Framework.Title+"»", nil, nil)
	})
}
