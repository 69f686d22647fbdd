package store

import (
	"context"
	"database/sql"
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
