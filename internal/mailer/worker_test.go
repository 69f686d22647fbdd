package mailer_test

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pdz-ats/pdz/internal/mailer"
	"github.com/pdz-ats/pdz/internal/mailer/smtptest"
	"github.com/pdz-ats/pdz/internal/pdz"
	"github.com/pdz-ats/pdz/internal/store"
	"github.com/pdz-ats/pdz/internal/testdb"
)

var ctx = context.Background()

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

func setup(t *testing.T, n int) (*store.Store, pdz.Ambito) {
	t.Helper()
	st := store.New(testdb.Open(t), nil)
	a := pdz.Ambito{Slug: "casarano", Name: "Ambito Territoriale Sociale di Casarano"}
	if err := st.CreateAmbito(ctx, pdz.SystemActor, &a); err != nil {
		t.Fatal(err)
	}
	var msgs []pdz.Email
	for i := range n {
		msgs = append(msgs, pdz.Email{Kind: "prova", To: "persona" + strconv.Itoa(i) + "@example.org", ReplyTo: "udp@example.org",
			Subject: "Manifestazione di interesse ricevuta – prot. n. 2026/" + strconv.Itoa(i), Body: "Gentile utente,\nàèìòù € – ricevuta n. " + strconv.Itoa(i)})
	}
	if err := st.Enqueue(ctx, a.ID, msgs); err != nil {
		t.Fatal(err)
	}
	return st, a
}

func smtpTransport(t *testing.T, srv *smtptest.Server) mailer.Transport {
	t.Helper()
	tr, err := mailer.NewSMTP(mailer.SMTPConfig{Host: srv.Host, Port: srv.Port, TLS: "none", Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

func drain(t *testing.T, w *mailer.Worker) {
	t.Helper()
	for range 100 {
		n, err := w.RunOnce(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			return
		}
	}
	t.Fatal("the outbox never drains")
}

func TestWorkerSendsOverSMTP(t *testing.T) {
	st, a := setup(t, 45)
	srv := smtptest.Start(t)
	w := mailer.NewWorker(st, smtpTransport(t, srv), "pdz <noreply@pdz.example.it>", "pdz.example.it", quiet)
	drain(t, w)
	got := srv.Messages()
	if len(got) != 45 {
		t.Fatalf("%d messages delivered, want 45", len(got))
	}
	c, _ := st.Outbox(ctx)
	if c.Sent != 45 || c.Pending != 0 {
		t.Fatalf("outbox: %+v", c)
	}
	m := got[0]
	row, err := st.Email(ctx, a.ID, 1)
	if err != nil {
		t.Fatal(err)
	}
	if m.MessageID != row.MessageID("pdz.example.it") || !strings.HasSuffix(m.MessageID, "@pdz.example.it") {
		t.Errorf("Message-ID %q, want the row's %q", m.MessageID, row.MessageID("pdz.example.it"))
	}
	if m.Subject != "Manifestazione di interesse ricevuta – prot. n. 2026/0" || !strings.Contains(m.Body, "àèìòù € – ricevuta n. 0") ||
		m.Header.Get("Reply-To") != "<udp@example.org>" || m.To[0] != "persona0@example.org" || m.From != "noreply@pdz.example.it" {
		t.Errorf("message: %q %q %q %v %q", m.Subject, m.Body, m.Header.Get("Reply-To"), m.To, m.From)
	}
	if d, err := m.Header.Date(); err != nil || !d.Equal(row.CreatedAt.Truncate(time.Second)) {
		t.Errorf("Date %v (%v), want the row's creation %v", d, err, row.CreatedAt)
	}
}

func TestWorkerRetriesWithBackoffAndGivesUp(t *testing.T) {
	st, a := setup(t, 2)
	srv := smtptest.Start(t)
	srv.FailNext(1)
	srv.Reject("persona1@")
	w := mailer.NewWorker(st, smtpTransport(t, srv), "noreply@pdz.example.it", "pdz.example.it", quiet)
	w.Backoff = 200 * time.Millisecond
	w.RunOnce(ctx)
	if n := len(srv.Messages()); n != 0 {
		t.Fatalf("%d delivered during a 451", n)
	}
	first, _ := st.Email(ctx, a.ID, 1)
	second, _ := st.Email(ctx, a.ID, 2)
	if first.LastError == "" || !first.FailedAt.IsZero() || first.Attempts != 1 {
		t.Fatalf("temporary failure: %+v", first)
	}
	if second.FailedAt.IsZero() || !strings.Contains(second.LastError, "550") {
		t.Fatalf("permanent failure: %+v", second)
	}
	if n, _ := w.RunOnce(ctx); n != 0 {
		t.Fatal("retried before the backoff")
	}
	time.Sleep(250 * time.Millisecond)
	drain(t, w)
	if ms := srv.Messages(); len(ms) != 1 || ms[0].To[0] != "persona0@example.org" {
		t.Fatalf("after the retry: %+v", ms)
	}
	first, _ = st.Email(ctx, a.ID, 1)
	if first.SentAt.IsZero() || first.Attempts != 2 {
		t.Fatalf("after the retry: %+v", first)
	}
}

// Three workers (three application servers) on one outbox: every message is
// delivered exactly once.
func TestWorkersShareTheOutbox(t *testing.T) {
	st, _ := setup(t, 90)
	srv := smtptest.Start(t)
	var wg sync.WaitGroup
	for range 3 {
		w := mailer.NewWorker(st, smtpTransport(t, srv), "noreply@pdz.example.it", "pdz.example.it", quiet)
		w.Batch = 7
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 50 {
				if n, err := w.RunOnce(ctx); err != nil {
					t.Error(err)
					return
				} else if n == 0 {
					return
				}
			}
		}()
	}
	wg.Wait()
	seen := map[string]int{}
	for _, m := range srv.Messages() {
		seen[m.MessageID]++
	}
	if len(seen) != 90 {
		t.Fatalf("%d distinct messages delivered, want 90", len(seen))
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("%s delivered %d times", id, n)
		}
	}
}

func TestDevelopmentFolder(t *testing.T) {
	st, a := setup(t, 3)
	dir := filepath.Join(t.TempDir(), "mail")
	w := mailer.NewWorker(st, mailer.Dir{Path: dir}, "noreply@localhost", "localhost", quiet)
	drain(t, w)
	files, _ := filepath.Glob(filepath.Join(dir, "*.eml"))
	if len(files) != 3 {
		t.Fatalf("%d files: %v", len(files), files)
	}
	row, _ := st.Email(ctx, a.ID, 1)
	b, err := os.ReadFile(filepath.Join(dir, row.MessageID("localhost")+".eml"))
	if err != nil || !strings.Contains(string(b), "Message-ID: <"+row.MessageID("localhost")+">") {
		t.Fatalf("file of message 1: %v\n%s", err, b)
	}
	if c, _ := st.Outbox(ctx); c.Sent != 3 {
		t.Fatalf("outbox: %+v", c)
	}
}
