// Package mailer sends the e-mails of the outbox (the outbox table, filled
// by the store in the transaction of each change): a background Worker
// claims due messages with a lease, hands them to a Transport (SMTP through
// github.com/wneessen/go-mail, or a folder of .eml files in development
// mode), marks each one sent as soon as the server accepted it, and retries
// failures with exponential backoff.
//
// It must not compose messages (the web layer writes them, in Italian) nor
// know which change a message announces.
package mailer
