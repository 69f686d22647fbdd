package database

import (
	"errors"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// The only dialect differences of the project live in this file.
//
// Migrations are written in PostgreSQL's DDL; toSQLite rewrites the few type
// names SQLite spells differently. Queries use the common subset ($N
// placeholders, RETURNING, ON CONFLICT, TRUE/FALSE) and need no rewriting.

var sqliteDDL = strings.NewReplacer(
	"BIGSERIAL PRIMARY KEY", "INTEGER PRIMARY KEY AUTOINCREMENT",
	"TIMESTAMPTZ", "TIMESTAMP",
	"BYTEA", "BLOB",
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

// isCatalogRace reports whether err is PostgreSQL refusing a CREATE … IF NOT
// EXISTS that raced with the same statement in another session.
func isCatalogRace(err error) bool {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		return pg.Code == "23505" || pg.Code == "42P07" || pg.Code == "42710"
	}
	return false
}
