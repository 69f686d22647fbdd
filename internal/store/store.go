package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pdz-ats/pdz/internal/database"
	"github.com/pdz-ats/pdz/internal/pdz"
)

// Store is the project's storage.
type Store struct {
	db *database.DB
	// read runs the queries that only read: the read pool, through
	// statements prepared once on SQLite (see readStmts).
	read querier
	now  func() time.Time
	gen  atomic.Int64 // bumped on every committed change; caches key on it
	// group is SQLite's group commit (see groupcommit.go); nil on
	// PostgreSQL.
	group *groupCommit
	// stmts holds the hot statements prepared once on SQLite's write
	// connection (see prepared.go).
	stmts    sync.Map
	prepared atomic.Bool
}

// New returns a Store over db. now is the clock (time.Now outside tests).
func New(db *database.DB, now func() time.Time) *Store {
	if now == nil {
		now = time.Now
	}
	st := &Store{db: db, now: now, read: db.R}
	if db.Dialect == database.SQLite {
		st.group = &groupCommit{}
		st.read = newReadStmts(db.R)
	}
	return st
}

// DB returns the underlying database.
func (s *Store) DB() *database.DB { return s.db }

// Now is the store's clock, truncated to what both databases keep.
func (s *Store) Now() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

// Generation changes whenever this process commits a change that a page may
// show; in-process caches compare it to know whether what they hold may be
// stale. Writes no page shows (writeUnseen) leave it alone.
func (s *Store) Generation() int64 { return s.gen.Load() }

// write runs fn in a write transaction and commits it. On SQLite the
// transaction may be shared with other writers of this process (group
// commit); fn's changes are then undone alone if it fails, and write
// returns only once the whole group is committed.
func (s *Store) write(ctx context.Context, fn func(tx *sql.Tx) error) error {
	return s.commit(ctx, fn, true)
}

// writeUnseen is write for the changes no page shows: sessions, the login
// throttle, the public forms' counter, the outbox's delivery state. It
// keeps the generation, so that failed logins or e-mails being sent do not
// empty the page cache (an attacker's failed logins would otherwise make
// every public page render afresh).
func (s *Store) writeUnseen(ctx context.Context, fn func(tx *sql.Tx) error) error {
	return s.commit(ctx, fn, false)
}

func (s *Store) commit(ctx context.Context, fn func(tx *sql.Tx) error, seen bool) error {
	if s.group != nil {
		return s.groupWrite(ctx, fn, seen)
	}
	tx, err := s.db.W.BeginTx(ctx, nil)
	if err != nil {
		return internal("begin", err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return internal("commit", err)
	}
	if seen {
		s.gen.Add(1)
	}
	return nil
}

// internal wraps a driver error as an internal error; the message shown to
// users is the generic one.
func internal(what string, err error) error {
	if err == nil {
		return nil
	}
	var pe *pdz.Error
	if errors.As(err, &pe) {
		return Classify(err)
	}
	return Classify(&pdz.Error{Code: pdz.EINTERNAL, Message: what, Err: err})
}

// Classify gives the error of a store call its domain code where the
// driver's error says more than "internal": the database gave up waiting
// for a lock or on a slow statement (database.IsBusy) is EUNAVAILABLE,
// which the web layer answers 503 with Retry-After. Many reads return the
// driver's error as it is; the web layer passes every error through
// Classify before answering, so it never looks at driver errors itself.
func Classify(err error) error {
	if pdz.ErrorCode(err) == pdz.EINTERNAL && database.IsBusy(err) {
		return &pdz.Error{Code: pdz.EUNAVAILABLE, Message: pdz.Unavailable, Err: err}
	}
	return err
}

// translate turns constraint violations into domain errors with the given
// Italian messages, other errors into internal ones.
func translate(err error, what, conflictField, conflictMsg string) error {
	switch {
	case err == nil:
		return nil
	case database.IsUniqueViolation(err):
		e := &pdz.Error{Code: pdz.ECONFLICT, Message: conflictMsg, Err: err}
		if conflictField != "" {
			e.Fields = map[string]string{conflictField: conflictMsg}
		}
		return e
	}
	return internal(what, err)
}

// notFound is "<what> non trovato.", with the participle agreeing with the
// noun: people read it ("Proposta non trovata.").
func notFound(what string) error {
	head, _, _ := strings.Cut(what, " ")
	if feminine[head] {
		return pdz.Errorf(pdz.ENOTFOUND, "%s non trovata.", what)
	}
	return pdz.Errorf(pdz.ENOTFOUND, "%s non trovato.", what)
}

// feminine are the feminine nouns that start the names given to notFound.
var feminine = map[string]bool{
	"Area": true, "Candidatura": true, "Elezione": true, "Fase": true, "Fonte": true, "Informativa": true, "Manifestazione": true,
	"Premessa": true, "Presenza": true, "Proposta": true, "Scheda": true, "Seduta": true, "Sessione": true, "Sottoscrizione": true,
	"Votazione": true,
}

// one maps sql.ErrNoRows to ENOTFOUND.
func one(err error, what string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return notFound(what)
	}
	return internal("read "+what, err)
}

// audit writes one audit entry inside tx.
func (s *Store) audit(ctx context.Context, tx *sql.Tx, a pdz.Actor, ambitoID int64, action, entity string, entityID int64, summary string, before, after any) error {
	if rowAuditIsOff(ctx) {
		return nil // a plan import logs itself once (plan_import.go)
	}
	var amb sql.NullInt64
	if ambitoID != 0 {
		amb = sql.NullInt64{Int64: ambitoID, Valid: true}
	}
	var uid sql.NullInt64
	if a.UserID != 0 {
		uid = sql.NullInt64{Int64: a.UserID, Valid: true}
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO audit_log
		(ambito_id, at, user_id, email, action, entity, entity_id, summary, before_json, after_json)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		amb, s.Now(), uid, a.Email, action, entity, entityID, summary, jsonOf(before), jsonOf(after))
	return internal("write audit", err)
}

func jsonOf(v any) string {
	if v == nil {
		return ""
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("%q", fmt.Sprint(v))
	}
	return string(b)
}

// nullTime stores the zero time as NULL.
func nullTime(t time.Time) sql.NullTime {
	if t.IsZero() {
		return sql.NullTime{}
	}
	return sql.NullTime{Time: t.UTC().Truncate(time.Microsecond), Valid: true}
}

func nullID(id int64) sql.NullInt64 {
	if id == 0 {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: id, Valid: true}
}

// scanner is a *sql.Row or *sql.Rows.
type scanner interface{ Scan(dest ...any) error }

// querier is a *sql.DB or *sql.Tx.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// collect scans every row with scan.
func collect[T any](rows *sql.Rows, err error, scan func(scanner) (T, error)) ([]T, error) {
	if err != nil {
		return nil, internal("query", err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, internal("scan", err)
		}
		out = append(out, v)
	}
	return out, internal("rows", rows.Err())
}

// list runs a query and scans every row with scan.
func list[T any](ctx context.Context, q querier, scan func(scanner) (T, error), query string, args ...any) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	return collect(rows, err, scan)
}
