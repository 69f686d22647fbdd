package database

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
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
// lets readers proceed in parallel under WAL. On PostgreSQL both are the
// same pool.
type DB struct {
	W       *sql.DB
	R       *sql.DB
	Dialect Dialect
}

// Close closes both pools.
func (db *DB) Close() error {
	err := db.W.Close()
	if db.R != db.W {
		err = errors.Join(err, db.R.Close())
	}
	return err
}

// Ping reports whether the database answers.
func (db *DB) Ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	return db.R.PingContext(ctx)
}

// IsPostgres reports whether url names a PostgreSQL database.
func IsPostgres(url string) bool {
	return strings.HasPrefix(url, "postgres://") || strings.HasPrefix(url, "postgresql://")
}

// Open opens a database: a postgres:// URL, or the path of a SQLite file
// (created with its folder if missing). ":memory:" is not accepted: two pools
// would see two different databases.
func Open(dsn string) (*DB, error) {
	if IsPostgres(dsn) {
		db, err := sql.Open("pgx", dsn)
		if err != nil {
			return nil, fmt.Errorf("open postgres: %w", err)
		}
		db.SetMaxOpenConns(20)
		db.SetMaxIdleConns(20)
		db.SetConnMaxIdleTime(5 * time.Minute)
		if err := db.Ping(); err != nil {
			db.Close()
			return nil, fmt.Errorf("connect postgres: %w", err)
		}
		return &DB{W: db, R: db, Dialect: Postgres}, nil
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
	return &DB{W: w, R: r, Dialect: SQLite}, nil
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
