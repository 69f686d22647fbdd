package store

import (
	"context"
	"database/sql"
	"sync"
)

// SQLite parses a statement every time database/sql runs it, and parsing
// was a third of the time of a registration. The statements of the hot
// paths (a submission, the outbox worker) are prepared once on SQLite's
// single write connection and reused by every transaction; PostgreSQL's
// driver (pgx) caches its prepared statements by itself.

// hotStatements are the statements prepared once.
var hotStatements = []string{qNextProtocol, qInitCounter, qFindSubmission, qHeldAreas, qInsertRegistration, qInsertArea,
	qInsertAreaKey, qInsertProposal, qInsertEvent, qSetProtocol, qInsertOutbox, qClaimCandidates, qClaim, qMarkSent}

// prepareHot prepares the hot statements, before the first write
// transaction takes the connection (preparing inside it would wait for the
// connection the transaction holds). A failure (a database not migrated
// yet) leaves the statements unprepared, to be tried again.
func (s *Store) prepareHot(ctx context.Context) {
	if s.prepared.Load() {
		return
	}
	for _, q := range hotStatements {
		if _, ok := s.stmts.Load(q); ok {
			continue
		}
		st, err := s.db.W.PrepareContext(ctx, q)
		if err != nil {
			return
		}
		s.stmts.Store(q, st)
	}
	s.prepared.Store(true)
}

// stmt returns the prepared form of q bound to tx, or nil.
func (s *Store) stmt(ctx context.Context, tx *sql.Tx, q string) *sql.Stmt {
	if v, ok := s.stmts.Load(q); ok {
		return tx.StmtContext(ctx, v.(*sql.Stmt))
	}
	return nil
}

func (s *Store) txExec(ctx context.Context, tx *sql.Tx, q string, args ...any) (sql.Result, error) {
	if st := s.stmt(ctx, tx, q); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return tx.ExecContext(ctx, q, args...)
}

func (s *Store) txQueryRow(ctx context.Context, tx *sql.Tx, q string, args ...any) *sql.Row {
	if st := s.stmt(ctx, tx, q); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return tx.QueryRowContext(ctx, q, args...)
}

func (s *Store) txQuery(ctx context.Context, tx *sql.Tx, q string, args ...any) (*sql.Rows, error) {
	if st := s.stmt(ctx, tx, q); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return tx.QueryContext(ctx, q, args...)
}

// readStmts runs the read queries of SQLite's read pool through statements
// prepared once per connection and kept: a page runs the same few dozen
// queries on every request, and parsing them was about a fifth of the time
// of an uncached page. database/sql prepares a Stmt again on each pooled
// connection that runs it and keeps it there. Query texts are constants or
// built from a few fixed parts, so their number is small; past
// maxReadStmts a query runs unprepared, so that an unforeseen variety of
// texts cannot pile up statements.
type readStmts struct {
	db    *sql.DB
	mu    sync.RWMutex
	stmts map[string]*sql.Stmt
}

const maxReadStmts = 400

func newReadStmts(db *sql.DB) *readStmts {
	return &readStmts{db: db, stmts: map[string]*sql.Stmt{}}
}

// stmt returns the prepared form of q, preparing it if there is room; nil
// when q is to run unprepared.
func (c *readStmts) stmt(ctx context.Context, q string) *sql.Stmt {
	c.mu.RLock()
	st, ok := c.stmts[q]
	full := len(c.stmts) >= maxReadStmts
	c.mu.RUnlock()
	if ok || full {
		return st
	}
	st, err := c.db.PrepareContext(ctx, q)
	if err != nil {
		return nil // the query itself will report the error
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if prev, ok := c.stmts[q]; ok {
		st.Close()
		return prev
	}
	c.stmts[q] = st
	return st
}

func (c *readStmts) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if st := c.stmt(ctx, q); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return c.db.QueryContext(ctx, q, args...)
}

func (c *readStmts) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	if st := c.stmt(ctx, q); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return c.db.QueryRowContext(ctx, q, args...)
}

func (c *readStmts) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return c.db.ExecContext(ctx, q, args...) // the read pool is query_only
}
