package database

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// The only dialect differences of the project live in this file.
//
// Migrations are written in PostgreSQL's DDL; toSQLite rewrites the few type
// names SQLite spells differently, and turns the comment /* WITHOUT ROWID */
// after a table into SQLite's table option: a table of anonymous ballots
// must not keep the hidden, sequential rowid that would record the order of
// its rows (PostgreSQL has no such column). Queries use the common subset
// ($N placeholders, RETURNING, ON CONFLICT, TRUE/FALSE) and need no
// rewriting.

var sqliteDDL = strings.NewReplacer(
	"BIGSERIAL PRIMARY KEY", "INTEGER PRIMARY KEY AUTOINCREMENT",
	"TIMESTAMPTZ", "TIMESTAMP",
	"BYTEA", "BLOB",
	"/* WITHOUT ROWID */", "WITHOUT ROWID",
)

func (d Dialect) ddl(sql string) string {
	if d == SQLite {
		return sqliteDDL.Replace(sql)
	}
	return sql
}

// IsUniqueViolation reports whether err is a unique-constraint violation.
func IsUniqueViolation(err error) bool {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		return pg.Code == "23505"
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	return false
}

// IsForeignKeyViolation reports whether err is a foreign-key violation
// (deleting a row others still refer to).
func IsForeignKeyViolation(err error) bool {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		return pg.Code == "23503"
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() == sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY
	}
	return false
}

// IsBusy reports whether err is the database giving up on a statement that
// waited too long: PostgreSQL's lock_timeout (lock_not_available) or
// statement_timeout (query_canceled), SQLite's busy timeout. Trying again
// shortly may succeed: the request is answered "temporarily unavailable".
func IsBusy(err error) bool {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		return pg.Code == "55P03" || pg.Code == "57014"
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code()&0xff == sqlite3.SQLITE_BUSY || se.Code()&0xff == sqlite3.SQLITE_LOCKED
	}
	return false
}

// isCatalogRace reports whether err is PostgreSQL refusing a CREATE … IF NOT
// EXISTS that raced with the same statement in another session.
func isCatalogRace(err error) bool {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		return pg.Code == "23505" || pg.Code == "42P07" || pg.Code == "42710"
	}
	return false
}

// Scrub removes what a rewrite of tables leaves behind outside the rows
// SQL can read, so that it cannot be recovered from the database files: on
// PostgreSQL the dead row versions and the bytes a plain VACUUM leaves in
// the free space of its pages (VACUUM FULL rewrites each table and its
// indexes into new files; it cannot run inside a transaction and locks the
// table for the few milliseconds of the rewrite); on SQLite the old pages
// kept in the write-ahead log (a checkpoint that truncates the log;
// deleted content in the file itself is overwritten by secure_delete).
// The ballot box of an election is scrubbed after it is shuffled at
// closing, the registrations after an erasure (GDPR art. 17). On
// PostgreSQL it first waits (up to scrubWait) for the transactions that
// began before it, which would keep the old versions they may read. A
// SQLite reader of an older snapshot makes the checkpoint fail (an error);
// VACUUM needs the tables' owner.
func (db *DB) Scrub(ctx context.Context, tables ...string) error {
	if db.Dialect == SQLite {
		return db.Checkpoint(ctx)
	}
	if err := db.waitOlderTransactions(ctx); err != nil {
		return err
	}
	for _, t := range tables {
		if _, err := db.W.ExecContext(ctx, "VACUUM FULL "+t); err != nil {
			return err
		}
	}
	return nil
}

// scrubWait bounds how long Scrub waits for older transactions.
const scrubWait = 10 * time.Second

// waitOlderTransactions waits until no session of this database still runs
// a transaction that began before now: PostgreSQL keeps, even through
// VACUUM FULL, the row versions such a transaction may still read. Only
// the sessions the application's role may see are counted (all of them
// with pg_read_all_stats); after scrubWait it gives up with an error.
func (db *DB) waitOlderTransactions(ctx context.Context) error {
	var since time.Time
	if err := db.W.QueryRowContext(ctx, `SELECT clock_timestamp()`).Scan(&since); err != nil {
		return err
	}
	deadline := time.Now().Add(scrubWait)
	for {
		var n int
		err := db.W.QueryRowContext(ctx, `SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database()
			AND pid <> pg_backend_pid() AND backend_type = 'client backend' AND (backend_xid IS NOT NULL OR backend_xmin IS NOT NULL)
			AND xact_start < $1`, since).Scan(&n)
		if err != nil {
			return err
		}
		if n == 0 {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("scrub: %d transactions older than the change are still open after %v", n, scrubWait)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
}
