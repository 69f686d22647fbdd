package store

import (
	"context"

	"github.com/pdz-ats/pdz/internal/pdz"
)

// Audit lists an Ambito's audit entries, newest first.
func (s *Store) Audit(ctx context.Context, ambitoID int64, f pdz.AuditFilter) ([]pdz.AuditEntry, error) {
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 100
	}
	rows, err := s.read.QueryContext(ctx, `SELECT id, COALESCE(ambito_id, 0), at, COALESCE(user_id, 0), email, action, entity, entity_id, summary, before_json, after_json
		FROM audit_log WHERE ambito_id = $1 AND ($2 = '' OR entity = $2)
		ORDER BY at DESC, id DESC LIMIT $3 OFFSET $4`, ambitoID, f.Entity, f.Limit, f.Offset)
	return collect(rows, err, scanAudit)
}

// InstallationAudit lists the installation-level entries (accounts), newest first.
func (s *Store) InstallationAudit(ctx context.Context, limit int) ([]pdz.AuditEntry, error) {
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	rows, err := s.read.QueryContext(ctx, `SELECT id, 0, at, COALESCE(user_id, 0), email, action, entity, entity_id, summary, before_json, after_json
		FROM audit_log WHERE ambito_id IS NULL ORDER BY at DESC, id DESC LIMIT $1`, limit)
	return collect(rows, err, scanAudit)
}

func scanAudit(r scanner) (pdz.AuditEntry, error) {
	var e pdz.AuditEntry
	err := r.Scan(&e.ID, &e.AmbitoID, &e.At, &e.UserID, &e.Email, &e.Action, &e.Entity, &e.EntityID, &e.Summary, &e.Before, &e.After)
	return e, err
}
