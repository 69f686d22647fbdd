package store

import (
	"context"
	"database/sql"
	"strings"

	"github.com/pdz-ats/pdz/internal/database"
	"github.com/pdz-ats/pdz/internal/locale"
	"github.com/pdz-ats/pdz/internal/pdz"
)

// The Patti di partecipazione of a process and their signatures.

const pactCols = `id, process_id, title, body, founded_before, published, published_at, created_at, updated_at`

func scanPact(sc scanner) (pdz.Pact, error) {
	var p pdz.Pact
	var published sql.NullTime
	err := sc.Scan(&p.ID, &p.ProcessID, &p.Title, &p.Body, &p.FoundedBefore, &p.Published, &published, &p.CreatedAt, &p.UpdatedAt)
	p.PublishedAt = published.Time
	return p, err
}

// PactOf returns the pact of a process with its signatures; ENOTFOUND if
// it has none yet.
func (s *Store) PactOf(ctx context.Context, ambitoID, processID int64) (pdz.Pact, error) {
	return readPact(ctx, s.read, ambitoID, processID)
}

func readPact(ctx context.Context, q querier, ambitoID, processID int64) (pdz.Pact, error) {
	p, err := scanPact(q.QueryRowContext(ctx, `SELECT `+pactCols+` FROM pacts WHERE ambito_id = $1 AND process_id = $2`, ambitoID, processID))
	if err != nil {
		return p, one(err, "Patto di partecipazione")
	}
	p.Signatures, err = list(ctx, q, func(sc scanner) (pdz.PactSignature, error) {
		var x pdz.PactSignature
		var reg pdz.Registration
		var f pdz.FileInfo
		var erased sql.NullTime
		err := sc.Scan(&x.ID, &x.RegistrationID, &x.Organisation, &x.SignatoryName, &x.SignatoryRole, &x.SignedOn, &x.CreatedAt,
			&reg.Kind, &reg.OrgType, &reg.OrgTypeOther, &erased, &f.ID, &f.Name, &f.Size, &f.SHA256)
		x.TypeLabel = reg.TypeLabel()
		if erased.Valid { // the signature stays, naming nobody
			x.Organisation, x.SignatoryName, x.SignatoryRole = pdz.ErasedName, pdz.ErasedName, ""
		}
		if f.ID != 0 {
			x.File = &f
		}
		return x, err
	}, `SELECT g.id, g.registration_id, g.organisation, g.signatory_name, g.signatory_role, g.signed_on, g.created_at, r.kind, r.org_type, r.org_type_other,
		r.erased_at, COALESCE(f.id, 0), COALESCE(f.name, ''), COALESCE(f.size, 0), COALESCE(f.sha256, '') FROM pact_signatures g
		JOIN registrations r ON r.ambito_id = g.ambito_id AND r.id = g.registration_id
		LEFT JOIN act_files f ON f.ambito_id = g.ambito_id AND f.id = g.file_id
		WHERE g.ambito_id = $1 AND g.pact_id = $2 ORDER BY g.signed_on, g.id`, ambitoID, p.ID)
	return p, err
}

// SavePact creates or updates the pact of a process.
func (s *Store) SavePact(ctx context.Context, actor pdz.Actor, ambitoID int64, p *pdz.Pact) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		now := s.nowFor(ctx)
		before, err := readPact(ctx, tx, ambitoID, p.ProcessID)
		if pdz.ErrorCode(err) == pdz.ENOTFOUND {
			if err := tx.QueryRowContext(ctx, `INSERT INTO pacts (ambito_id, process_id, title, body, founded_before, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id`, ambitoID, p.ProcessID, p.Title, p.Body, p.FoundedBefore, now).Scan(&p.ID); err != nil {
				return translate(err, "create pact", "", "Il percorso ha già un patto di partecipazione.")
			}
			return s.audit(ctx, tx, actor, ambitoID, "create", "pact", p.ID, "Scritto il patto di partecipazione «"+p.Title+"»", nil, p)
		} else if err != nil {
			return err
		}
		if len(before.Signatures) > 0 && before.Body != p.Body {
			return pdz.Problems{"body": "Il patto è già stato sottoscritto da " + locale.Count(len(before.Signatures), "organizzazione", "organizzazioni") + ": il testo firmato non si può cambiare."}.Err()
		}
		p.ID = before.ID
		if _, err := tx.ExecContext(ctx, `UPDATE pacts SET title = $1, body = $2, founded_before = $3, updated_at = $4 WHERE ambito_id = $5 AND id = $6`,
			p.Title, p.Body, p.FoundedBefore, now, ambitoID, p.ID); err != nil {
			return internal("update pact", err)
		}
		before.Signatures = nil
		return s.audit(ctx, tx, actor, ambitoID, "update", "pact", p.ID, "Modificato il patto di partecipazione", before, p)
	})
}

// PublishPact publishes (or withdraws) the pact and its list of signatures.
func (s *Store) PublishPact(ctx context.Context, actor pdz.Actor, ambitoID, processID int64, publish bool) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		p, err := readPact(ctx, tx, ambitoID, processID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE pacts SET published = $1, published_at = CASE WHEN $1 THEN $2 ELSE published_at END, updated_at = $2
			WHERE ambito_id = $3 AND id = $4`, publish, s.nowFor(ctx), ambitoID, p.ID); err != nil {
			return internal("publish pact", err)
		}
		what := "Pubblicato il patto di partecipazione"
		if !publish {
			what = "Ritirato dalla pubblicazione il patto di partecipazione"
		}
		return s.audit(ctx, tx, actor, ambitoID, "status", "pact", p.ID, what, nil, nil)
	})
}

// SaveSignature records (ID 0) or corrects the signature of an
// organisation of the process, with the scanned paper if given.
func (s *Store) SaveSignature(ctx context.Context, actor pdz.Actor, ambitoID, processID int64, x *pdz.PactSignature, file *pdz.File) error {
	if err := x.Validate(pdz.DateOf(s.nowFor(ctx))); err != nil {
		return err
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		p, err := readPact(ctx, tx, ambitoID, processID)
		if err != nil {
			return err
		}
		r, err := s.loadRegistration(ctx, tx, `ambito_id = $1 AND process_id = $2 AND id = $3`, ambitoID, processID, x.RegistrationID)
		if err != nil {
			return pdz.Problems{"registration_id": "Scegli un'organizzazione iscritta al percorso."}.Err()
		}
		if r.Erased() || !r.Status.Holds() {
			return pdz.Problems{"registration_id": "La manifestazione di interesse di questa organizzazione non è attiva."}.Err()
		}
		if reasons := p.SignatureReasons(r.Kind, r.FoundedOn); len(reasons) > 0 {
			return pdz.Problems{"registration_id": r.Name + " non può sottoscrivere il patto: " + strings.Join(reasons, "; ") + "."}.Err()
		}
		x.Organisation = r.Name
		var fileID sql.NullInt64
		if file != nil {
			info, err := s.storeFile(ctx, tx, ambitoID, file)
			if err != nil {
				return err
			}
			x.File = &info
		}
		if x.File != nil {
			fileID = sql.NullInt64{Int64: x.File.ID, Valid: true}
		}
		if x.ID == 0 {
			x.CreatedAt = s.nowFor(ctx)
			err := tx.QueryRowContext(ctx, `INSERT INTO pact_signatures (ambito_id, process_id, pact_id, registration_id, organisation, signatory_name,
				signatory_role, signed_on, file_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
				ambitoID, processID, p.ID, x.RegistrationID, x.Organisation, x.SignatoryName, x.SignatoryRole, x.SignedOn, fileID, x.CreatedAt).Scan(&x.ID)
			if database.IsUniqueViolation(err) {
				return pdz.Problems{"registration_id": r.Name + " ha già sottoscritto il patto."}.Err()
			} else if err != nil {
				return internal("sign pact", err)
			}
			return s.audit(ctx, tx, actor, ambitoID, "create", "pact_signature", x.ID, "Sottoscrizione del patto: "+x.Organisation, nil, x)
		}
		var before *pdz.PactSignature
		for i := range p.Signatures {
			if p.Signatures[i].ID == x.ID {
				before = &p.Signatures[i]
			}
		}
		if before == nil {
			return notFound("Sottoscrizione")
		}
		if x.File == nil && file == nil {
			x.File = before.File
			if x.File != nil {
				fileID = sql.NullInt64{Int64: x.File.ID, Valid: true}
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE pact_signatures SET registration_id = $1, organisation = $2, signatory_name = $3, signatory_role = $4,
			signed_on = $5, file_id = $6 WHERE ambito_id = $7 AND pact_id = $8 AND id = $9`, x.RegistrationID, x.Organisation, x.SignatoryName,
			x.SignatoryRole, x.SignedOn, fileID, ambitoID, p.ID, x.ID); err != nil {
			return translate(err, "update signature", "registration_id", r.Name+" ha già sottoscritto il patto.")
		}
		return s.audit(ctx, tx, actor, ambitoID, "update", "pact_signature", x.ID, "Corretta la sottoscrizione del patto: "+x.Organisation, before, x)
	})
}

// DeleteSignature removes a signature recorded by mistake (the audit log
// keeps it).
func (s *Store) DeleteSignature(ctx context.Context, actor pdz.Actor, ambitoID, processID, id int64) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		p, err := readPact(ctx, tx, ambitoID, processID)
		if err != nil {
			return err
		}
		for _, x := range p.Signatures {
			if x.ID == id {
				if _, err := tx.ExecContext(ctx, `DELETE FROM pact_signatures WHERE ambito_id = $1 AND pact_id = $2 AND id = $3`, ambitoID, p.ID, id); err != nil {
					return internal("delete signature", err)
				}
				return s.audit(ctx, tx, actor, ambitoID, "delete", "pact_signature", id, "Eliminata la sottoscrizione del patto registrata per errore: "+x.Organisation, x, nil)
			}
		}
		return notFound("Sottoscrizione")
	})
}

// SignatureFile returns the scanned signed pact of a signature.
func (s *Store) SignatureFile(ctx context.Context, ambitoID, processID, id int64) (pdz.File, error) {
	var fileID sql.NullInt64
	err := s.read.QueryRowContext(ctx, `SELECT file_id FROM pact_signatures WHERE ambito_id = $1 AND process_id = $2 AND id = $3`, ambitoID, processID, id).Scan(&fileID)
	if err != nil {
		return pdz.File{}, one(err, "Sottoscrizione")
	}
	if !fileID.Valid {
		return pdz.File{}, notFound("Patto firmato")
	}
	return storedFile(ctx, s.read, ambitoID, fileID.Int64)
}
