package bench

import (
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/pdz-ats/pdz/internal/mailer/smtptest"
	"github.com/pdz-ats/pdz/internal/testdb"
)

// TestSubmissionsSurviveSIGKILL builds pdz, starts it on a fresh database
// (SQLite, or PostgreSQL when PDZ_TEST_DATABASE_URL is set) with a real SMTP
// server in this process, sends a burst of concurrent registrations, kills
// the server with SIGKILL in the middle of the burst, starts it again and
// sends again the forms whose answer was lost (same token, as a person
// pressing "send" again would). Then: every acknowledged submission is in the
// register with its protocol number; the numbers are 1..n with no gap and no
// repeat; every confirmation e-mail reaches the SMTP server. A message can be
// delivered twice only if the kill falls between the server's acceptance and
// the commit that records it: the test counts such duplicates by Message-ID,
// prints them and allows at most one per kill.
func TestSubmissionsSurviveSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the real server")
	}
	const total, clients, killAfter = 240, 16, 80
	dir := t.TempDir()
	bin := buildPDZ(t, dir)
	dsn := testdb.URL(t)
	ambitoID, formPath, areas := openProcess(t, dsn)
	smtp := smtptest.Start(t)
	port := freePort(t)
	base := "http://127.0.0.1:" + port
	start := func() *exec.Cmd {
		cmd := exec.Command(bin, "serve", "--db", dsn, "--addr", "127.0.0.1:"+port, "--base-url", base)
		cmd.Env = append(os.Environ(), "PDZ_SMTP_HOST=127.0.0.1", "PDZ_SMTP_PORT="+strconv.Itoa(smtp.Port), "PDZ_SMTP_TLS=none", "PDZ_PUBLIC_FORM_LIMIT=0",
			"PDZ_SMTP_FROM=Ufficio di Piano <noreply@prova.example.org>", "PDZ_SMTP_TIMEOUT=1s", "PDZ_MAIL_LEASE=6s", "GOMAXPROCS=2")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		for range 400 {
			if ok, _ := healthy(base); ok {
				return cmd
			}
			time.Sleep(25 * time.Millisecond)
		}
		cmd.Process.Kill()
		t.Fatal("pdz did not start")
		return nil
	}
	srv := start()

	tokens := make([]string, total)
	for i := range tokens {
		tokens[i] = newToken()
	}
	acked := make([]atomic.Bool, total)
	var ackedCount atomic.Int64
	var killed atomic.Bool
	var killOnce sync.Once
	kill := func() {
		killOnce.Do(func() {
			killed.Store(true)
			srv.Process.Signal(syscall.SIGKILL)
			srv.Wait()
		})
	}
	client := noRedirect(clients)
	next := make(chan int)
	var wg sync.WaitGroup
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if ok, _, _ := submit(client, base, formPath, submissionForm(i, tokens[i], areas)); ok {
					acked[i].Store(true)
					if ackedCount.Add(1) == killAfter {
						go kill() // mid-burst: other requests are in flight
					}
				}
			}
		}()
	}
	for i := range total {
		if killed.Load() {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	kill()
	before := int(ackedCount.Load())
	deliveredAtKill := len(smtp.Messages())
	committed := len(registrationCheck(t, dsn, ambitoID, nil))
	t.Logf("killed after %d acknowledged submissions: %d committed (%d whose answer was lost), %d e-mails delivered by then",
		before, committed, committed-before, deliveredAtKill)
	if before < killAfter {
		t.Fatalf("only %d submissions acknowledged before the kill", before)
	}

	// Restart; every form without an answer is sent again, with its token.
	srv = start()
	defer func() { srv.Process.Kill(); srv.Wait() }()
	resent := 0
	for i := range total {
		if acked[i].Load() {
			continue
		}
		ok, _, err := submit(client, base, formPath, submissionForm(i, tokens[i], areas))
		if !ok {
			t.Fatalf("submission %d after the restart: %v", i, err)
		}
		acked[i].Store(true)
		resent++
	}
	nums := registrationCheck(t, dsn, ambitoID, tokens)
	if len(nums) != total {
		t.Fatalf("%d registrations for %d distinct forms", len(nums), total)
	}

	// Every confirmation reaches the SMTP server; duplicates are counted.
	var msgs []smtptest.Message
	seen := map[string]int{}
	for end := time.Now().Add(90 * time.Second); len(seen) < total && time.Now().Before(end); time.Sleep(100 * time.Millisecond) {
		msgs = smtp.Messages()
		seen = map[string]int{}
		for _, m := range msgs {
			seen[m.MessageID]++
		}
	}
	time.Sleep(time.Second) // a late duplicate would arrive now
	msgs = smtp.Messages()
	seen = map[string]int{}
	for _, m := range msgs {
		seen[m.MessageID]++
	}
	duplicates := len(msgs) - len(seen)
	fmt.Printf("crash test: %d submissions, SIGKILL after %d acknowledged, %d sent again after the restart (same token); "+
		"protocol numbers 1..%d, no gap; %d confirmation e-mails delivered, %d distinct Message-IDs, %d duplicate(s)\n",
		total, before, resent, len(nums), len(msgs), len(seen), duplicates)
	if len(seen) != total {
		t.Fatalf("%d distinct e-mails delivered, want %d", len(seen), total)
	}
	if duplicates > 1 {
		t.Fatalf("%d duplicate deliveries for one kill (at most one message can be in the window between the SMTP server's reply and the commit)", duplicates)
	}
}
