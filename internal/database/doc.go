// Package database opens the SQL database (embedded SQLite or PostgreSQL),
// holds the few differences between the two dialects, and applies the
// ordered migrations embedded in the binary.
//
// It knows nothing of the domain: queries live in package store.
package database
