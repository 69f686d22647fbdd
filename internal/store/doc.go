// Package store reads and writes the domain in the SQL database, with
// hand-written SQL that runs unchanged on SQLite and PostgreSQL.
//
// Every method that touches tenant data takes the Ambito's id and every query
// filters on it: a caller cannot reach another Ambito's rows by guessing ids.
// Every change made on behalf of a person writes an audit entry in the same
// transaction. Driver errors never leave this package: they become
// *pdz.Error values with Italian messages.
package store
