// Package smtptest runs a real SMTP server (github.com/emersion/go-smtp) on
// 127.0.0.1 inside a test and keeps every message it accepts, so tests can
// check what was delivered, how often, and what happens when the server
// refuses. Only tests import it.
package smtptest

import (
	"bytes"
	"encoding/base64"
	"errors"
	"io"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// Message is one accepted message.
type Message struct {
	From      string
	To        []string
	MessageID string // without angle brackets
	Subject   string
	Header    mail.Header
	Body      string
	Raw       []byte
}

// Server is a running SMTP server.
type Server struct {
	Host string
	Port int

	mu       sync.Mutex
	msgs     []Message
	failNext int    // temporary failures (451) still to give
	reject   string // recipients containing this are refused with 550
	srv      *smtp.Server
}

// Start starts a server on a free port of 127.0.0.1; it stops at the end of
// the test.
func Start(t testing.TB) *Server {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{Host: "127.0.0.1", Port: l.Addr().(*net.TCPAddr).Port}
	s.srv = smtp.NewServer(s)
	s.srv.Domain = "smtptest.invalid"
	s.srv.AllowInsecureAuth = true
	s.srv.ReadTimeout = 30 * time.Second
	s.srv.WriteTimeout = 30 * time.Second
	s.srv.MaxMessageBytes = 20 << 20
	s.srv.ErrorLog = nopLogger{}
	go s.srv.Serve(l)
	t.Cleanup(func() { s.srv.Close() })
	return s
}

// Addr is "127.0.0.1:port".
func (s *Server) Addr() string { return s.Host + ":" + strconv.Itoa(s.Port) }

// FailNext makes the next n deliveries fail with a temporary error (451).
func (s *Server) FailNext(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failNext = n
}

// Reject makes the server refuse, permanently (550), recipients that
// contain substr.
func (s *Server) Reject(substr string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reject = substr
}

// Messages returns a copy of the messages accepted so far.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.msgs...)
}

// Wait waits until at least n messages were accepted, or the timeout.
func (s *Server) Wait(n int, timeout time.Duration) []Message {
	end := time.Now().Add(timeout)
	for {
		ms := s.Messages()
		if len(ms) >= n || time.Now().After(end) {
			return ms
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// NewSession implements smtp.Backend.
func (s *Server) NewSession(*smtp.Conn) (smtp.Session, error) { return &session{s: s}, nil }

type session struct {
	s    *Server
	from string
	to   []string
}

func (x *session) Reset()        { x.from, x.to = "", nil }
func (x *session) Logout() error { return nil }

func (x *session) Mail(from string, _ *smtp.MailOptions) error {
	x.from = from
	return nil
}

func (x *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	x.s.mu.Lock()
	reject := x.s.reject
	x.s.mu.Unlock()
	if reject != "" && strings.Contains(to, reject) {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "Mailbox unknown"}
	}
	x.to = append(x.to, to)
	return nil
}

func (x *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	x.s.mu.Lock()
	defer x.s.mu.Unlock()
	if x.s.failNext > 0 {
		x.s.failNext--
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "Try again later"}
	}
	m := Message{From: x.from, To: append([]string(nil), x.to...), Raw: raw}
	if pm, err := mail.ReadMessage(bytes.NewReader(raw)); err == nil {
		m.Header = pm.Header
		m.MessageID = strings.Trim(pm.Header.Get("Message-Id"), "<> ")
		m.Subject, _ = new(mime.WordDecoder).DecodeHeader(pm.Header.Get("Subject"))
		var body io.Reader = pm.Body
		switch strings.ToLower(pm.Header.Get("Content-Transfer-Encoding")) {
		case "quoted-printable":
			body = quotedprintable.NewReader(body)
		case "base64":
			body = base64.NewDecoder(base64.StdEncoding, body)
		}
		b, _ := io.ReadAll(body)
		m.Body = string(b)
	} else {
		return errors.New("unreadable message")
	}
	x.s.msgs = append(x.s.msgs, m)
	return nil
}

type nopLogger struct{}

func (nopLogger) Printf(string, ...any) {}
func (nopLogger) Println(...any)        {}
