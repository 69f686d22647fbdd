package pdz

import (
	"strconv"
	"time"
)

// Email is a message in the outbox: written in the same transaction as the
// change it tells about, then sent by a background worker.
type Email struct {
	ID             int64
	AmbitoID       int64
	RegistrationID int64  // 0 when not about a registration
	Kind           string // "ricevuta", "modifica", "ritiro", "link", "esito"
	To             string
	ReplyTo        string
	Subject        string
	Body           string // plain text
	// DedupKey, when set, makes the message unique in the outbox: queueing
	// it again (a retried publication) adds nothing, so it is sent once.
	DedupKey      string
	CreatedAt     time.Time
	Attempts      int
	NextAttemptAt time.Time
	SentAt        time.Time
	FailedAt      time.Time // the worker gave up
	LastError     string
}

// MessageID is the Message-ID of the row (without angle brackets): derived
// from the row alone, so every attempt to send it carries the same one and
// a message sent twice after a crash is recognisable as the same message.
func (e *Email) MessageID(host string) string {
	return "pdz-" + strconv.FormatInt(e.ID, 10) + "." + strconv.FormatInt(e.CreatedAt.UnixMicro(), 36) + "@" + host
}

// StatusLabel is the delivery state in Italian.
func (e *Email) StatusLabel() string {
	switch {
	case !e.SentAt.IsZero():
		return "inviata"
	case !e.FailedAt.IsZero():
		return "non recapitata"
	case e.Attempts > 0:
		return "in nuovo tentativo"
	}
	return "in coda"
}
