package bench

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/pdz-ats/pdz/internal/mailer/smtptest"
	"github.com/pdz-ats/pdz/internal/testdb"
)

// BenchmarkSubmissions sends 1,000 registrations from 50 concurrent
// clients to the real binary on 127.0.0.1, on SQLite (synchronous=FULL:
// every acknowledged registration is on disk) and on PostgreSQL, each with
// a real SMTP server in this process receiving the confirmations. It
// reports throughput, p50 and p99 latency of the submissions, errors, and
// how long the e-mails took to be all delivered. Target (issue 3): p99 ≤ 150
// ms on SQLite, zero errors.
//
// PostgreSQL is used when PDZ_BENCH_POSTGRES_URL (or PDZ_TEST_DATABASE_URL)
// names a database; each run gets a schema of its own, dropped at the end.
//
//	go test -run '^$' -bench Submissions -benchtime 1x ./internal/bench/
func BenchmarkSubmissions(b *testing.B) {
	const total, clients = 1000, 50
	dir := b.TempDir()
	bin := buildPDZ(b, dir)
	dbs := []struct{ name, dsn string }{{"SQLite", filepath.Join(dir, "bench.db")}}
	if pg := os.Getenv("PDZ_BENCH_POSTGRES_URL"); pg != "" {
		b.Setenv(testdb.EnvURL, pg)
	}
	if testdb.Postgres() {
		dbs = append(dbs, struct{ name, dsn string }{"PostgreSQL", testdb.URL(b)})
	} else {
		fmt.Println("PostgreSQL skipped: set PDZ_BENCH_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test")
	}
	for _, db := range dbs {
		b.Run(db.name, func(b *testing.B) {
			ambitoID, formPath, areas := openProcess(b, db.dsn)
			smtp := smtptest.Start(b)
			port := freePort(b)
			base := "http://127.0.0.1:" + port
			startServer(b, base+"/healthz", bin, []string{"serve", "--db", db.dsn, "--addr", "127.0.0.1:" + port, "--base-url", base},
				"PDZ_SMTP_HOST=127.0.0.1", "PDZ_SMTP_PORT="+strconv.Itoa(smtp.Port), "PDZ_SMTP_TLS=none", "PDZ_PUBLIC_FORM_LIMIT=0", "GOMAXPROCS=2")
			client := noRedirect(clients)
			// Warm up the connections and the server.
			for i := range clients {
				submit(client, base, formPath, submissionForm(100000+i, newToken(), areas))
			}
			b.ResetTimer()
			for range b.N {
				tokens := make([]string, total)
				for i := range tokens {
					tokens[i] = newToken()
				}
				lat := make([]time.Duration, total)
				errs := 0
				var mu sync.Mutex
				next := make(chan int)
				var wg sync.WaitGroup
				t0 := time.Now()
				for range clients {
					wg.Add(1)
					go func() {
						defer wg.Done()
						for i := range next {
							ok, d, _ := submit(client, base, formPath, submissionForm(i, tokens[i], areas))
							mu.Lock()
							lat[i] = d
							if !ok {
								errs++
							}
							mu.Unlock()
						}
					}()
				}
				for i := range total {
					next <- i
				}
				close(next)
				wg.Wait()
				elapsed := time.Since(t0)
				mailsAll := smtp.Wait(total+clients, 5*time.Minute)
				mailTime := time.Since(t0)
				sorted := append([]time.Duration(nil), lat...)
				sort.Slice(sorted, func(i, j int) bool { return sorted[i] < sorted[j] })
				p50, p99 := sorted[total*50/100], sorted[total*99/100]
				nums := registrationCheck(b, db.dsn, ambitoID, tokens)
				fmt.Printf("\n%s on %s: %d submissions from %d clients in %.2f s: %.0f submissions/s, p50 %.1f ms, p99 %.1f ms, max %.1f ms, errors %d; "+
					"%d registrations numbered 1..%d; %d confirmation e-mails delivered %.1f s after the start\n",
					db.name, machine(), total, clients, elapsed.Seconds(), float64(total)/elapsed.Seconds(), ms(p50), ms(p99), ms(sorted[total-1]), errs,
					len(nums), len(nums), len(mailsAll), mailTime.Seconds())
				b.ReportMetric(float64(total)/elapsed.Seconds(), "submissions/s")
				b.ReportMetric(ms(p50), "p50_ms")
				b.ReportMetric(ms(p99), "p99_ms")
				b.ReportMetric(float64(errs), "errors")
				if errs > 0 {
					b.Errorf("%d errors", errs)
				}
			}
		})
	}
}
