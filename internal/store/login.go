package store

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/pdz-ats/pdz/internal/pdz"
)

// BeginLogin weighs the failed logins that bear on an attempt for email
// from ip and returns when an attempt may be made (pdz.LoginFailures). When
// that is now, the attempt is recorded as a failure at once, and
// LoginSucceeded takes it back: concurrent attempts, on this server or
// another, see each other, since each first takes the account's and the
// address's row of login_locks. Failures older than the window are dropped
// on the way. An attempt refused on a first reading writes nothing: a
// flood of attempts that must wait costs reads only.
func (s *Store) BeginLogin(ctx context.Context, email, ip string) (time.Time, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	now := s.Now()
	since := now.Add(-pdz.LoginFailureWindow)
	f, err := loginFailures(ctx, s.read, email, ip, since)
	if err != nil {
		return time.Time{}, err
	}
	if retry := f.RetryAt(); retry.After(now) {
		return retry, nil
	}
	var retry time.Time
	err = s.writeUnseen(ctx, func(tx *sql.Tx) error {
		// Always the account first, then the address: no two attempts wait
		// for each other in a circle.
		for _, key := range []string{"account:" + email, "address:" + ip} {
			if _, err := tx.ExecContext(ctx, `INSERT INTO login_locks (lock_key, at) VALUES ($1, $2)
				ON CONFLICT (lock_key) DO UPDATE SET at = excluded.at`, key, now); err != nil {
				return internal("lock login", err)
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM login_failures WHERE at <= $1`, since); err != nil {
			return internal("purge login failures", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM login_locks WHERE at <= $1`, since); err != nil {
			return internal("purge login locks", err)
		}
		f, err := loginFailures(ctx, tx, email, ip, since)
		if err != nil {
			return err
		}
		if retry = f.RetryAt(); retry.After(now) {
			return nil
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO login_failures (email, ip, at) VALUES ($1, $2, $3)`, email, ip, now)
		return internal("record login failure", err)
	})
	return retry, err
}

func loginFailures(ctx context.Context, tx querier, email, ip string, since time.Time) (pdz.LoginFailures, error) {
	var f pdz.LoginFailures
	rows, err := tx.QueryContext(ctx, `SELECT ip, at FROM login_failures WHERE email = $1 AND at > $2`, email, since)
	if err != nil {
		return f, internal("login failures", err)
	}
	defer rows.Close()
	addresses := map[string]bool{}
	for rows.Next() {
		var from string
		var at time.Time
		if err := rows.Scan(&from, &at); err != nil {
			return f, internal("login failures", err)
		}
		f.Account++
		addresses[from] = true
		f.AccountLast = later(f.AccountLast, at)
		if from == ip {
			f.Pair++
			f.PairLast = later(f.PairLast, at)
		}
	}
	if err := rows.Err(); err != nil {
		return f, internal("login failures", err)
	}
	f.AccountAddresses = len(addresses)
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM login_failures WHERE ip = $1 AND at > $2`, ip, since).Scan(&f.Address); err != nil {
		return f, internal("login failures", err)
	}
	if f.Address > 0 {
		err := tx.QueryRowContext(ctx, `SELECT at FROM login_failures WHERE ip = $1 ORDER BY at DESC LIMIT 1`, ip).Scan(&f.AddressLast)
		if err != nil {
			return f, internal("login failures", err)
		}
	}
	return f, nil
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// LoginSucceeded forgets the failures of an account from the address it
// has just signed in from, the attempt BeginLogin recorded included.
func (s *Store) LoginSucceeded(ctx context.Context, email, ip string) error {
	return s.writeUnseen(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM login_failures WHERE email = $1 AND ip = $2`,
			strings.ToLower(strings.TrimSpace(email)), ip)
		return internal("clear login failures", err)
	})
}

// KnownDevice returns the account that signed in on the device whose token
// has this hash, used within ttl; ENOTFOUND otherwise.
func (s *Store) KnownDevice(ctx context.Context, tokenHash string, ttl time.Duration) (int64, error) {
	var userID int64
	err := s.read.QueryRowContext(ctx, `SELECT user_id FROM known_devices WHERE token_hash = $1 AND last_used_at > $2`,
		tokenHash, s.Now().Add(-ttl)).Scan(&userID)
	return userID, one(err, "Dispositivo")
}

// RememberDevice records that userID signed in on the device whose token
// has this hash (or that it did again: its failures start over), and
// forgets the devices unused for longer than ttl.
func (s *Store) RememberDevice(ctx context.Context, tokenHash string, userID int64, ttl time.Duration) error {
	now := s.Now()
	return s.writeUnseen(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM known_devices WHERE last_used_at <= $1`, now.Add(-ttl)); err != nil {
			return internal("purge known devices", err)
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO known_devices (token_hash, user_id, created_at, last_used_at, failures)
			VALUES ($1, $2, $3, $3, 0)
			ON CONFLICT (token_hash) DO UPDATE SET user_id = excluded.user_id, last_used_at = excluded.last_used_at, failures = 0`,
			tokenHash, userID, now)
		return internal("remember device", err)
	})
}

// KnownDeviceFailed counts a failed login from a known device; at max
// failures the device is forgotten, so that its cookie, if stolen, gives
// only a few tries free of the throttling.
func (s *Store) KnownDeviceFailed(ctx context.Context, tokenHash string, max int) error {
	return s.writeUnseen(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE known_devices SET failures = failures + 1 WHERE token_hash = $1`, tokenHash); err != nil {
			return internal("count device failure", err)
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM known_devices WHERE token_hash = $1 AND failures >= $2`, tokenHash, max)
		return internal("forget device", err)
	})
}
