package database

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"math"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Migration is one embedded schema change, "NNNN_name.sql".
type Migration struct {
	Version int64
	Name    string
	SQL     string
}

// Migrations returns the embedded migrations in order.
func Migrations() ([]Migration, error) {
	entries, err := fs.ReadDir(migrationFiles, "migrations")
	if err != nil {
		return nil, err
	}
	var out []Migration
	for _, e := range entries {
		num, name, ok := strings.Cut(strings.TrimSuffix(e.Name(), ".sql"), "_")
		v, err := strconv.ParseInt(num, 10, 64)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration %s: name must be NNNN_name.sql", e.Name())
		}
		b, err := migrationFiles.ReadFile(path.Join("migrations", e.Name()))
		if err != nil {
			return nil, err
		}
		out = append(out, Migration{Version: v, Name: name, SQL: string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	for i := 1; i < len(out); i++ {
		if out[i].Version == out[i-1].Version {
			return nil, fmt.Errorf("two migrations numbered %d", out[i].Version)
		}
	}
	return out, nil
}

// Migrate applies every migration not yet applied, each in its own
// transaction. Several servers may start at once: on PostgreSQL the
// migrations table is locked for the length of each transaction (no session
// locks, so it also works through connection poolers); on SQLite the
// immediate transaction is the lock.
func (db *DB) Migrate(ctx context.Context) (applied []string, err error) {
	return db.MigrateTo(ctx, math.MaxInt64)
}

// MigrateTo applies, as Migrate does, the migrations not yet applied up to
// and including version. The tests of upgrades use it to build a database
// as an older release left it.
func (db *DB) MigrateTo(ctx context.Context, version int64) (applied []string, err error) {
	ms, err := Migrations()
	if err != nil {
		return nil, err
	}
	create := db.Dialect.ddl(`CREATE TABLE IF NOT EXISTS schema_migrations (
		version BIGINT PRIMARY KEY,
		name TEXT NOT NULL,
		applied_at TIMESTAMPTZ NOT NULL)`)
	// Two PostgreSQL servers creating the table at the same instant: one
	// loses on the catalog (a unique violation, or "type already exists")
	// even with IF NOT EXISTS; the table then exists, and trying again is a
	// no-op.
	for attempt := 0; ; attempt++ {
		_, err := db.W.ExecContext(ctx, create)
		if err == nil {
			break
		}
		if attempt == 3 || !isCatalogRace(err) {
			return nil, fmt.Errorf("create schema_migrations: %w", err)
		}
	}
	for _, m := range ms {
		if m.Version > version {
			break
		}
		done, err := db.apply(ctx, m)
		if err != nil {
			return applied, fmt.Errorf("migration %04d_%s: %w", m.Version, m.Name, err)
		}
		if done {
			applied = append(applied, fmt.Sprintf("%04d_%s", m.Version, m.Name))
		}
	}
	return applied, nil
}

func (db *DB) apply(ctx context.Context, m Migration) (bool, error) {
	tx, err := db.W.BeginTx(ctx, nil)
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	if db.Dialect == Postgres {
		// A migration may rewrite a large table, and a server starting
		// beside another waits here for the other's migrations: neither
		// is bound by the timeouts of requests.
		for _, stmt := range []string{"SET LOCAL lock_timeout = 0", "SET LOCAL statement_timeout = 0",
			"LOCK TABLE schema_migrations IN EXCLUSIVE MODE"} {
			if _, err := tx.ExecContext(ctx, stmt); err != nil {
				return false, err
			}
		}
	}
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM schema_migrations WHERE version = $1", m.Version).Scan(&n); err != nil {
		return false, err
	}
	if n > 0 {
		return false, nil
	}
	for _, stmt := range splitStatements(db.Dialect.ddl(m.SQL)) {
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			return false, fmt.Errorf("%w\n%s", err, stmt)
		}
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
		m.Version, m.Name, time.Now().UTC()); err != nil {
		return false, err
	}
	return true, tx.Commit()
}

// Version returns the newest applied migration, 0 for an empty database.
func (db *DB) Version(ctx context.Context) (int64, error) {
	var v sql.NullInt64
	err := db.R.QueryRowContext(ctx, "SELECT MAX(version) FROM schema_migrations").Scan(&v)
	if err != nil {
		return 0, err
	}
	return v.Int64, nil
}

// splitStatements splits a migration on semicolons at the end of a line.
// Migrations keep to that shape (no function bodies), so no SQL parser is needed.
func splitStatements(s string) []string {
	var out []string
	var cur strings.Builder
	for _, line := range strings.Split(s, "\n") {
		trim := strings.TrimSpace(line)
		if strings.HasPrefix(trim, "--") {
			continue
		}
		cur.WriteString(line)
		cur.WriteByte('\n')
		if strings.HasSuffix(trim, ";") {
			if stmt := strings.TrimSpace(cur.String()); stmt != ";" {
				out = append(out, strings.TrimSuffix(stmt, ";"))
			}
			cur.Reset()
		}
	}
	if stmt := strings.TrimSpace(cur.String()); stmt != "" {
		out = append(out, stmt)
	}
	return out
}
