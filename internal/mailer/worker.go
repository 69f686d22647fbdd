package mailer

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"os"
	"time"

	gomail "github.com/wneessen/go-mail"

	"github.com/pdz-ats/pdz/internal/pdz"
	"github.com/pdz-ats/pdz/internal/store"
)

// Worker sends the outbox. Every application server runs one; leases keep
// them from sending the same message at once.
type Worker struct {
	st        *store.Store
	transport Transport
	from      string
	host      string // domain of the Message-IDs
	owner     string
	log       *slog.Logger
	wake      chan struct{}

	// Interval is how often the outbox is polled when nobody wakes the
	// worker (messages queued by another server).
	Interval time.Duration
	// Lease is how long a claimed message is reserved; it must be well above
	// the time a batch takes to send.
	Lease time.Duration
	// Batch is how many messages are claimed and sent at a time.
	Batch int
	// MaxAttempts is how many attempts are made before giving up.
	MaxAttempts int
	// Backoff is the wait after the first failed attempt; it doubles with
	// each further attempt, up to MaxBackoff.
	Backoff, MaxBackoff time.Duration
}

// NewWorker returns a worker sending the outbox of st through t, From the
// address from; host names the Message-IDs ("pdz.ambito.it").
func NewWorker(st *store.Store, t Transport, from, host string, log *slog.Logger) *Worker {
	if log == nil {
		log = slog.Default()
	}
	hostname, _ := os.Hostname()
	b := make([]byte, 4)
	rand.Read(b)
	return &Worker{st: st, transport: t, from: from, host: host, log: log, wake: make(chan struct{}, 1),
		owner:    fmt.Sprintf("%s/%d/%s", hostname, os.Getpid(), hex.EncodeToString(b)),
		Interval: 2 * time.Second, Lease: 5 * time.Minute, Batch: 20, MaxAttempts: 10,
		Backoff: 30 * time.Second, MaxBackoff: 6 * time.Hour}
}

// Wake asks the worker to look at the outbox now (a message was queued).
func (w *Worker) Wake() {
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

// Run sends until ctx ends.
func (w *Worker) Run(ctx context.Context) {
	w.log.Info("invio e-mail attivo", "mezzo", w.transport.Name(), "mittente", w.from)
	t := time.NewTicker(w.Interval)
	defer t.Stop()
	for {
		for {
			n, err := w.RunOnce(ctx)
			if err != nil {
				if ctx.Err() == nil {
					w.log.Error("outbox", "err", err)
				}
				break
			}
			if n < w.Batch { // the queue is drained
				break
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-w.wake:
		}
	}
}

// RunOnce claims one batch of due messages and sends it; it returns how
// many messages it claimed.
func (w *Worker) RunOnce(ctx context.Context) (int, error) {
	claimed, err := w.st.ClaimEmails(ctx, w.owner, w.Lease, w.Batch)
	if err != nil || len(claimed) == 0 {
		return 0, err
	}
	// Stop before the lease runs out: past it, another server may take the
	// message and send it too.
	deadline := time.Now().Add(w.Lease * 4 / 5)
	sendCtx, cancel := context.WithDeadline(ctx, deadline)
	defer cancel()
	var msgs []*gomail.Msg
	var rows []pdz.Email
	for _, e := range claimed {
		m, err := w.message(&e)
		if err != nil {
			w.fail(ctx, &e, err, false)
			continue
		}
		msgs, rows = append(msgs, m), append(rows, e)
	}
	var delivered []int64
	w.transport.Deliver(sendCtx, msgs, func(i int, err error) {
		e := &rows[i]
		switch {
		case err != nil:
			w.fail(ctx, e, err, isTemporary(err))
		case w.transport.Idempotent():
			delivered = append(delivered, e.ID)
		default:
			// Recorded at once: this commit is the only thing between the
			// server's acceptance and a possible second delivery after a
			// crash.
			if err := w.st.MarkEmailSent(ctx, e.ID, w.owner); err != nil {
				w.log.Error("outbox: registrazione dell'invio", "id", e.ID, "err", err)
			}
		}
	})
	if err := w.st.MarkEmailsSent(ctx, delivered, w.owner); err != nil {
		return len(claimed), err
	}
	return len(claimed), nil
}

// fail records a failed attempt, to be retried after the backoff unless the
// failure is permanent or the attempts are over.
func (w *Worker) fail(ctx context.Context, e *pdz.Email, err error, temporary bool) {
	giveUp := !temporary || e.Attempts >= w.MaxAttempts
	next := w.st.Now().Add(w.backoff(e.Attempts))
	if err == errNotAttempted {
		next = w.st.Now()
	}
	w.log.Warn("outbox: invio non riuscito", "id", e.ID, "tentativo", e.Attempts, "rinuncia", giveUp, "err", err)
	if err := w.st.MarkEmailFailed(ctx, e.ID, w.owner, err.Error(), next, giveUp); err != nil {
		w.log.Error("outbox: registrazione dell'errore", "id", e.ID, "err", err)
	}
}

// backoff is the wait after the given number of attempts: Backoff,
// 2×Backoff, 4×Backoff, … up to MaxBackoff.
func (w *Worker) backoff(attempts int) time.Duration {
	d := w.Backoff
	for i := 1; i < attempts && d < w.MaxBackoff; i++ {
		d *= 2
	}
	return min(d, w.MaxBackoff)
}

// message builds the e-mail of an outbox row. Its Message-ID and Date come
// from the row, so every attempt sends the same message.
func (w *Worker) message(e *pdz.Email) (*gomail.Msg, error) {
	m := gomail.NewMsg()
	if err := m.From(w.from); err != nil {
		return nil, fmt.Errorf("mittente %q: %w", w.from, err)
	}
	if err := m.To(e.To); err != nil {
		return nil, fmt.Errorf("destinatario %q: %w", e.To, err)
	}
	if e.ReplyTo != "" {
		if err := m.ReplyTo(e.ReplyTo); err != nil {
			return nil, fmt.Errorf("rispondi a %q: %w", e.ReplyTo, err)
		}
	}
	m.Subject(e.Subject)
	m.SetMessageIDWithValue(e.MessageID(w.host))
	m.SetDateWithValue(e.CreatedAt)
	m.SetGenHeader("Auto-Submitted", "auto-generated")
	m.SetBodyString(gomail.TypeTextPlain, e.Body)
	return m, nil
}
