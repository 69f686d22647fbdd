package mailer

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// Transport delivers messages. Deliver sends msgs in order and calls done
// for each message as soon as its fate is known, before sending the next:
// the worker records a delivery in that call, which keeps the window in
// which a crash would send a message twice as short as one database commit.
type Transport interface {
	Deliver(ctx context.Context, msgs []*gomail.Msg, done func(i int, err error))
	// Idempotent reports whether delivering a message twice is harmless
	// (the folder rewrites the same file), so deliveries may be recorded
	// together at the end of a batch.
	Idempotent() bool
	// Name describes the transport for the log.
	Name() string
}

// SMTPConfig is the connection to the mail server.
type SMTPConfig struct {
	Host     string
	Port     int    // 0: 587, or 465 with TLS "tls"
	User     string // empty: no authentication
	Password string
	// TLS is "starttls" (the default: STARTTLS required), "tls" (implicit
	// TLS, usually port 465) or "none" (a relay on the local network).
	TLS     string
	Timeout time.Duration // for each SMTP command; 0: 30 s
}

// SMTP delivers over SMTP with go-mail, one connection per batch.
type SMTP struct {
	cfg    SMTPConfig
	client *gomail.Client
}

// NewSMTP checks the configuration and prepares the client.
func NewSMTP(cfg SMTPConfig) (*SMTP, error) {
	if cfg.Timeout == 0 {
		cfg.Timeout = 30 * time.Second
	}
	opts := []gomail.Option{gomail.WithTimeout(cfg.Timeout)}
	switch strings.ToLower(cfg.TLS) {
	case "", "starttls":
		if cfg.Port == 0 {
			cfg.Port = 587
		}
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	case "tls":
		if cfg.Port == 0 {
			cfg.Port = 465
		}
		opts = append(opts, gomail.WithSSL())
	case "none":
		if cfg.Port == 0 {
			cfg.Port = 25
		}
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	default:
		return nil, fmt.Errorf("PDZ_SMTP_TLS: %q non valido (starttls, tls o none)", cfg.TLS)
	}
	opts = append(opts, gomail.WithPort(cfg.Port))
	if cfg.User != "" {
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover), gomail.WithUsername(cfg.User), gomail.WithPassword(cfg.Password))
	}
	c, err := gomail.NewClient(cfg.Host, opts...)
	if err != nil {
		return nil, fmt.Errorf("SMTP %s: %w", cfg.Host, err)
	}
	return &SMTP{cfg: cfg, client: c}, nil
}

func (s *SMTP) Name() string {
	return fmt.Sprintf("SMTP %s:%d (%s)", s.cfg.Host, s.cfg.Port, s.client.TLSPolicy())
}
func (s *SMTP) Idempotent() bool { return false }

// Deliver sends a batch over one connection.
func (s *SMTP) Deliver(ctx context.Context, msgs []*gomail.Msg, done func(int, error)) {
	if err := s.client.DialWithContext(ctx); err != nil {
		for i := range msgs {
			done(i, temporary(err))
		}
		return
	}
	defer s.client.Close()
	for i, m := range msgs {
		// Send nothing that might still be in flight when the lease ends.
		if dl, ok := ctx.Deadline(); ctx.Err() != nil || ok && time.Until(dl) < 2*s.cfg.Timeout {
			for j := i; j < len(msgs); j++ {
				done(j, errNotAttempted)
			}
			return
		}
		err := s.client.Send(m)
		if m.IsDelivered() {
			// The server said 250 to the DATA. A failure after it (the RSET
			// go-mail sends next) does not undo the delivery.
			err = nil
		}
		done(i, err)
	}
}

// errNotAttempted reports a message left for the next batch.
var errNotAttempted = tempError{errors.New("not attempted: the lease is about to end")}

// Dir writes each message as an .eml file named after its Message-ID, for
// development without a mail server. Writing a message again replaces its
// file.
type Dir struct {
	Path string
}

func (d Dir) Name() string     { return "cartella " + d.Path }
func (d Dir) Idempotent() bool { return true }

// Deliver writes the files.
func (d Dir) Deliver(ctx context.Context, msgs []*gomail.Msg, done func(int, error)) {
	if err := os.MkdirAll(d.Path, 0o750); err != nil {
		for i := range msgs {
			done(i, temporary(err))
		}
		return
	}
	for i, m := range msgs {
		done(i, d.write(m))
	}
}

func (d Dir) write(m *gomail.Msg) error {
	id := strings.Trim(m.GetMessageID(), "<>")
	name := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-' || r == '@' || r == '_' {
			return r
		}
		return '_'
	}, id)
	if name == "" {
		return errors.New("message without Message-ID")
	}
	f, err := os.CreateTemp(d.Path, ".tmp-*")
	if err != nil {
		return temporary(err)
	}
	defer os.Remove(f.Name())
	if _, err := m.WriteTo(f); err != nil {
		f.Close()
		return temporary(err)
	}
	if err := f.Close(); err != nil {
		return temporary(err)
	}
	return temporary(os.Rename(f.Name(), filepath.Join(d.Path, name+".eml")))
}

// tempError marks an error worth retrying.
type tempError struct{ err error }

func (e tempError) Error() string { return e.err.Error() }
func (e tempError) Unwrap() error { return e.err }

func temporary(err error) error {
	if err == nil {
		return nil
	}
	return tempError{err}
}

// isTemporary reports whether a failed delivery may succeed later: network
// and file errors, and SMTP 4xx replies; an SMTP 5xx reply (unknown
// mailbox, refused message) is permanent.
func isTemporary(err error) bool {
	var te tempError
	if errors.As(err, &te) {
		return true
	}
	var se *gomail.SendError
	if errors.As(err, &se) {
		if se.IsTemp() {
			return true
		}
		if se.ErrorCode() >= 500 {
			return false // a permanent SMTP reply: unknown mailbox, refused message
		}
		switch se.Reason {
		case gomail.ErrGetSender, gomail.ErrGetRcpts, gomail.ErrNoUnencoded:
			return false // the message itself is wrong
		}
	}
	return true // connection problems
}
