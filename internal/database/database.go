package database

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // driver "pgx"
	_ "modernc.org/sqlite"             // driver "sqlite"
)

// Dialect names the SQL engine.
type Dialect string

const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DB is an open database. W serves writes (and reads inside write
// transactions); R serves plain reads. On SQLite W is a single connection, so
// writers queue in Go instead of failing with "database is locked", while R
// lets readers proceed in parallel under WAL. On PostgreSQL they are two
// pools of the same server, so that writers waiting for a lock cannot take
// every connection from the readers; a third pool of one connection serves
// only Ping (/healthz), which therefore answers even when both are busy.
type DB struct {
	W       *sql.DB
	R       *sql.DB
	health  *sql.DB
	Dialect Dialect
}

// Options are the limits of a PostgreSQL connection; zero values take the
// defaults. SQLite does not use them: its writers queue in Go on one
// connection and its readers never wait for them (WAL).
type Options struct {
	// LockTimeout is how long a statement waits for a lock held by another
	// transaction before failing (PostgreSQL lock_timeout): a long lock on
	// a table answers "temporarily unavailable" instead of freezing pages.
	LockTimeout time.Duration
	// StatementTimeout bounds any statement (PostgreSQL statement_timeout).
	StatementTimeout time.Duration
}

// The defaults of Options, and the pool sizes of PostgreSQL (per server:
// readers, writers, and the one connection of Ping).
const (
	DefaultLockTimeout      = 5 * time.Second
	DefaultStatementTimeout = 30 * time.Second
	pgReaders, pgWriters    = 12, 8
)

// Close closes the pools.
func (db *DB) Close() error {
	err := db.W.Close()
	if db.R != db.W {
		err = errors.Join(err, db.R.Close())
	}
	if db.health != nil && db.health != db.R {
		err = errors.Join(err, db.health.Close())
	}
	return err
}

// Ping reports whether the database answers. On PostgreSQL it has a
// connection of its own, so it never waits behind requests stuck on a lock.
func (db *DB) Ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	return db.health.PingContext(ctx)
}

// IsPostgres reports whether url names a PostgreSQL database.
func IsPostgres(url string) bool {
	return strings.HasPrefix(url, "postgres://") || strings.HasPrefix(url, "postgresql://")
}

// Open opens a database: a postgres:// URL, or the path of a SQLite file
// (created with its folder if missing). ":memory:" is not accepted: two pools
// would see two different databases.
func Open(dsn string, o Options) (*DB, error) {
	if IsPostgres(dsn) {
		return openPostgres(dsn, o)
	}
	path := strings.TrimPrefix(dsn, "sqlite://")
	if path == "" || path == ":memory:" {
		return nil, errors.New("indicare il percorso di un file SQLite")
	}
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("create database folder: %w", err)
		}
	}
	// busy_timeout first so that the WAL switch itself waits for other
	// processes; synchronous(FULL) makes every acknowledged commit durable
	// across power loss; _txlock=immediate takes the write lock at BEGIN, so a
	// read-then-write transaction never fails half-way with SQLITE_BUSY.
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(FULL)")
	q.Add("_pragma", "foreign_keys(1)")
	// Deleted content is overwritten, not left in free pages: erased
	// personal data (GDPR art. 17) and the ballot box rewritten when an
	// election closes must not survive in the file.
	q.Add("_pragma", "secure_delete(1)")
	q.Set("_time_format", "sqlite")
	w, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode()+"&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("open sqlite: %w", err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxIdleTime(0)
	// Switching a new file to WAL needs an exclusive lock, and SQLite may
	// answer SQLITE_BUSY at once, without waiting on busy_timeout, when
	// several processes open the same new database together (servers
	// starting side by side): the connection is simply tried again.
	for deadline := time.Now().Add(10 * time.Second); ; {
		err := w.Ping()
		if err == nil {
			break
		}
		if !strings.Contains(err.Error(), "SQLITE_BUSY") || time.Now().After(deadline) {
			w.Close()
			return nil, fmt.Errorf("open sqlite %s: %w", path, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	rq := url.Values{}
	rq.Add("_pragma", "busy_timeout(10000)")
	rq.Add("_pragma", "foreign_keys(1)")
	rq.Add("_pragma", "query_only(1)")
	rq.Set("_time_format", "sqlite")
	r, err := sql.Open("sqlite", "file:"+path+"?"+rq.Encode())
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("open sqlite: %w", err)
	}
	r.SetMaxOpenConns(8)
	r.SetMaxIdleConns(8)
	r.SetConnMaxIdleTime(0)
	return &DB{W: w, R: r, health: r, Dialect: SQLite}, nil
}

// openPostgres opens the pools of a PostgreSQL database. lock_timeout and
// statement_timeout are set on every connection, through the URL's
// run-time parameters, unless the URL sets them itself.
func openPostgres(dsn string, o Options) (*DB, error) {
	if o.LockTimeout <= 0 {
		o.LockTimeout = DefaultLockTimeout
	}
	if o.StatementTimeout <= 0 {
		o.StatementTimeout = DefaultStatementTimeout
	}
	u, err := url.Parse(dsn)
	if err != nil {
		return nil, fmt.Errorf("postgres URL: %w", err)
	}
	q := u.Query()
	for k, v := range map[string]time.Duration{"lock_timeout": o.LockTimeout, "statement_timeout": o.StatementTimeout} {
		if q.Get(k) == "" {
			q.Set(k, strconv.FormatInt(v.Milliseconds(), 10))
		}
	}
	u.RawQuery = q.Encode()
	pool := func(n int) (*sql.DB, error) {
		db, err := sql.Open("pgx", u.String())
		if err != nil {
			return nil, fmt.Errorf("open postgres: %w", err)
		}
		db.SetMaxOpenConns(n)
		db.SetMaxIdleConns(n)
		db.SetConnMaxIdleTime(5 * time.Minute)
		return db, nil
	}
	db := &DB{Dialect: Postgres}
	for _, p := range []struct {
		to **sql.DB
		n  int
	}{{&db.W, pgWriters}, {&db.R, pgReaders}, {&db.health, 1}} {
		if *p.to, err = pool(p.n); err != nil {
			break
		}
		if err = (*p.to).Ping(); err != nil {
			err = fmt.Errorf("connect postgres: %w", err)
			(*p.to).Close()
			*p.to = nil
			break
		}
	}
	if err != nil {
		for _, c := range []*sql.DB{db.W, db.R, db.health} {
			if c != nil {
				c.Close()
			}
		}
		return nil, err
	}
	return db, nil
}

// Checkpoint folds the SQLite write-ahead log into the database file and
// truncates the log to nothing; the server calls it periodically so the
// log does not grow without bound, and Scrub so that it keeps no old page.
// It waits (busy_timeout) for readers of older snapshots, and reports an
// error if one still held the log: SQLite answers that in its result row,
// not as an error.
func (db *DB) Checkpoint(ctx context.Context) error {
	if db.Dialect != SQLite {
		return nil
	}
	var busy, logged, done int
	if err := db.W.QueryRowContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)").Scan(&busy, &logged, &done); err != nil {
		return err
	}
	if busy != 0 {
		return fmt.Errorf("wal checkpoint: the log is still in use (%d of %d pages copied)", done, logged)
	}
	return nil
}
