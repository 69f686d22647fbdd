// Package web is the HTTP interface: public pages, the back office, the JSON
// API, the calendar feeds and the PDF of the notice.
//
// All routes are listed in routes.go with the access they require; every
// handler has the same shape (load → not found → parse → validate → save →
// redirect) and returns an error that is turned into an Italian page once,
// in errors.go. Templates and static files are embedded and checked when the
// server is built: a broken template stops the start, not a user.
//
// This package must not write SQL (package store does) nor hold domain
// rules (package pdz does).
package web
