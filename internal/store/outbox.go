package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/pdz-ats/pdz/internal/pdz"
)

// The e-mail outbox. Messages are inserted in the transaction of the change
// they announce (so a committed change always has its message, and a
// rolled-back one never does); the mailer's worker claims due rows with a
// lease, sends them and marks them sent.

const emailCols = `id, ambito_id, registration_id, kind, to_addr, reply_to, subject, body, created_at, attempts,
	next_attempt_at, sent_at, failed_at, last_error`

func scanEmail(r scanner) (pdz.Email, error) {
	var e pdz.Email
	var sent, failed sql.NullTime
	err := r.Scan(&e.ID, &e.AmbitoID, &e.RegistrationID, &e.Kind, &e.To, &e.ReplyTo, &e.Subject, &e.Body, &e.CreatedAt,
		&e.Attempts, &e.NextAttemptAt, &sent, &failed, &e.LastError)
	e.SentAt, e.FailedAt = sent.Time, failed.Time
	return e, err
}

const (
	qInsertOutbox = `INSERT INTO outbox (ambito_id, registration_id, kind, to_addr, reply_to, subject, body,
			created_at, next_attempt_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)`
	qInsertOutboxOnce = `INSERT INTO outbox (ambito_id, registration_id, kind, to_addr, reply_to, subject, body,
			created_at, next_attempt_at, dedup_key) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9) ON CONFLICT (dedup_key) DO NOTHING`
	qClaimCandidates = `SELECT id FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= $1
			AND (lease_until IS NULL OR lease_until < $1) ORDER BY next_attempt_at, id LIMIT $2`
	qClaim = `UPDATE outbox SET lease_owner = $1, lease_until = $2, attempts = attempts + 1
				WHERE id = $3 AND sent_at IS NULL AND failed_at IS NULL AND (lease_until IS NULL OR lease_until < $4)
				RETURNING ` + emailCols
	qMarkSent = `UPDATE outbox SET sent_at = $1, lease_until = NULL, last_error = '' WHERE id = $2 AND lease_owner = $3 AND sent_at IS NULL`
)

// enqueue writes messages into the outbox inside tx. A message with a
// DedupKey already in the outbox is not added again.
func (s *Store) enqueue(ctx context.Context, tx *sql.Tx, ambitoID int64, msgs []pdz.Email) error {
	now := s.Now()
	for _, m := range msgs {
		if strings.TrimSpace(m.To) == "" {
			continue
		}
		if m.DedupKey != "" {
			if _, err := tx.ExecContext(ctx, qInsertOutboxOnce,
				ambitoID, m.RegistrationID, m.Kind, m.To, m.ReplyTo, m.Subject, m.Body, now, m.DedupKey); err != nil {
				return internal("enqueue e-mail", err)
			}
			continue
		}
		if _, err := s.txExec(ctx, tx, qInsertOutbox,
			ambitoID, m.RegistrationID, m.Kind, m.To, m.ReplyTo, m.Subject, m.Body, now); err != nil {
			return internal("enqueue e-mail", err)
		}
	}
	return nil
}

// Enqueue queues messages that announce no change of their own (a test
// message, a reminder).
func (s *Store) Enqueue(ctx context.Context, ambitoID int64, msgs []pdz.Email) error {
	return s.write(ctx, func(tx *sql.Tx) error { return s.enqueue(ctx, tx, ambitoID, msgs) })
}

// ClaimEmails leases up to limit due messages to owner until now+lease and
// counts the attempt. A row leased by another owner whose lease has not
// expired is never returned, on either database: the lease is taken by a
// conditional UPDATE of the row, which PostgreSQL re-checks after waiting
// for a concurrent claimer's commit.
func (s *Store) ClaimEmails(ctx context.Context, owner string, lease time.Duration, limit int) ([]pdz.Email, error) {
	now := s.Now()
	var out []pdz.Email
	err := s.writeUnseen(ctx, func(tx *sql.Tx) error {
		rows, err := s.txQuery(ctx, tx, qClaimCandidates, now, limit)
		ids, err := collect(rows, err, func(r scanner) (int64, error) {
			var id int64
			return id, r.Scan(&id)
		})
		if err != nil {
			return err
		}
		for _, id := range ids {
			e, err := scanEmail(s.txQueryRow(ctx, tx, qClaim, owner, now.Add(lease), id, now))
			if errors.Is(err, sql.ErrNoRows) {
				continue // another server took it
			} else if err != nil {
				return internal("claim e-mail", err)
			}
			out = append(out, e)
		}
		return nil
	})
	return out, err
}

// MarkEmailSent records that the SMTP server accepted message id. It is
// the commit that closes the window in which a crash would send the message
// again, so it is one short statement.
func (s *Store) MarkEmailSent(ctx context.Context, id int64, owner string) error {
	return s.writeUnseen(ctx, func(tx *sql.Tx) error {
		_, err := s.txExec(ctx, tx, qMarkSent, s.Now(), id, owner)
		return internal("mark e-mail sent", err)
	})
}

// MarkEmailsSent records several accepted messages in one transaction (the
// folder writer of development mode, whose rewrite of a file is harmless).
func (s *Store) MarkEmailsSent(ctx context.Context, ids []int64, owner string) error {
	if len(ids) == 0 {
		return nil
	}
	now := s.Now()
	return s.writeUnseen(ctx, func(tx *sql.Tx) error {
		for _, id := range ids {
			if _, err := s.txExec(ctx, tx, qMarkSent, now, id, owner); err != nil {
				return internal("mark e-mail sent", err)
			}
		}
		return nil
	})
}

// MarkEmailFailed records a failed attempt: the message is tried again at
// next, or never again when giveUp.
func (s *Store) MarkEmailFailed(ctx context.Context, id int64, owner, reason string, next time.Time, giveUp bool) error {
	if len(reason) > 500 {
		reason = reason[:500]
	}
	return s.writeUnseen(ctx, func(tx *sql.Tx) error {
		var failed sql.NullTime
		if giveUp {
			failed = nullTime(s.Now())
		}
		_, err := tx.ExecContext(ctx, `UPDATE outbox SET lease_until = NULL, last_error = $1, next_attempt_at = $2, failed_at = $3
			WHERE id = $4 AND lease_owner = $5 AND sent_at IS NULL`, reason, next.UTC().Truncate(time.Microsecond), failed, id, owner)
		return internal("mark e-mail failed", err)
	})
}

// RetryEmail puts a message the worker gave up on back in the queue.
func (s *Store) RetryEmail(ctx context.Context, actor pdz.Actor, ambitoID, id int64) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE outbox SET failed_at = NULL, attempts = 0, next_attempt_at = $1, lease_until = NULL
			WHERE ambito_id = $2 AND id = $3 AND sent_at IS NULL`, s.Now(), ambitoID, id)
		if err != nil {
			return internal("retry e-mail", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("Messaggio")
		}
		return s.audit(ctx, tx, actor, ambitoID, "update", "email", id, "Rimesso in coda un messaggio e-mail non recapitato", nil, nil)
	})
}

// OutboxCounts tells how many messages are waiting, sent and given up.
type OutboxCounts struct {
	Pending, Sent, Failed int
}

// Outbox counts the installation's messages by state.
func (s *Store) Outbox(ctx context.Context) (OutboxCounts, error) {
	var c OutboxCounts
	err := s.read.QueryRowContext(ctx, `SELECT
		COALESCE(SUM(CASE WHEN sent_at IS NULL AND failed_at IS NULL THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN sent_at IS NOT NULL THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN failed_at IS NOT NULL THEN 1 ELSE 0 END), 0) FROM outbox`).Scan(&c.Pending, &c.Sent, &c.Failed)
	return c, internal("count outbox", err)
}

// RegistrationEmails lists the messages about a registration, oldest first.
func (s *Store) RegistrationEmails(ctx context.Context, ambitoID, registrationID int64) ([]pdz.Email, error) {
	return list(ctx, s.read, scanEmail, `SELECT `+emailCols+` FROM outbox WHERE ambito_id = $1 AND registration_id = $2 ORDER BY id`,
		ambitoID, registrationID)
}

// Email returns one message of an Ambito.
func (s *Store) Email(ctx context.Context, ambitoID, id int64) (pdz.Email, error) {
	e, err := scanEmail(s.read.QueryRowContext(ctx, `SELECT `+emailCols+` FROM outbox WHERE ambito_id = $1 AND id = $2`, ambitoID, id))
	return e, one(err, "Messaggio")
}
