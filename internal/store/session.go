package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/pdz-ats/pdz/internal/pdz"
)

// CreateSession stores a session for a user under the hash of its token.
func (s *Store) CreateSession(ctx context.Context, tokenHash string, userID int64, ttl time.Duration) error {
	now := s.Now()
	return s.writeUnseen(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at < $1`, now); err != nil {
			return internal("purge sessions", err)
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at)
			VALUES ($1, $2, $3, $3, $4)`, tokenHash, userID, now, now.Add(ttl))
		return internal("create session", err)
	})
}

// SessionUser returns the active user of a live session. Sessions idle for
// longer than idle expire; a live one is extended at most once a minute, so
// that reading pages does not turn every request into a write.
func (s *Store) SessionUser(ctx context.Context, tokenHash string, idle time.Duration) (pdz.User, error) {
	now := s.Now()
	var userID int64
	var lastSeen, expires time.Time
	err := s.read.QueryRowContext(ctx, `SELECT user_id, last_seen_at, expires_at FROM sessions WHERE token_hash = $1`, tokenHash).
		Scan(&userID, &lastSeen, &expires)
	if err != nil {
		return pdz.User{}, one(err, "Sessione")
	}
	if now.After(expires) || now.Sub(lastSeen) > idle {
		return pdz.User{}, notFound("Sessione")
	}
	u, err := s.User(ctx, userID)
	if err != nil {
		return u, err
	}
	if !u.Active {
		return pdz.User{}, notFound("Sessione")
	}
	if now.Sub(lastSeen) > time.Minute {
		err = s.writeUnseen(ctx, func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, `UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2`, now, tokenHash)
			return internal("touch session", err)
		})
	}
	return u, err
}

// DeleteSession ends a session.
func (s *Store) DeleteSession(ctx context.Context, tokenHash string) error {
	return s.writeUnseen(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = $1`, tokenHash)
		return internal("delete session", err)
	})
}
