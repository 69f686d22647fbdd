package bench

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// TestMain lets the test binary double as the bare server: run with
// PDZ_BENCH_BARE_ADDR set, it serves a static page of PDZ_BENCH_BARE_SIZE
// bytes with plain net/http and nothing else.
func TestMain(m *testing.M) {
	if addr := os.Getenv("PDZ_BENCH_BARE_ADDR"); addr != "" {
		size, _ := strconv.Atoi(os.Getenv("PDZ_BENCH_BARE_SIZE"))
		page := make([]byte, size)
		for i := range page {
			page[i] = 'x'
		}
		http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write(page)
		})
		fmt.Fprintln(os.Stderr, http.ListenAndServe(addr, nil))
		os.Exit(1)
	}
	os.Exit(m.Run())
}

// BenchmarkNoticeUnderLoad serves the public notice page of the demo (the
// Casarano 2026-2028 notice) from the real binary on SQLite, 64 concurrent
// connections for 10 s, and in the same run a bare net/http handler that
// returns a static page of the same size. It reports requests/s and p50/p99
// of both, their ratio, and the peak resident memory of the pdz process.
// Targets (issue 2): ratio ≥ 0.5, p99 ≤ 25 ms, peak RSS ≤ 80 MB.
//
//	go test -run '^$' -bench NoticeUnderLoad -benchtime 1x ./internal/bench/
func BenchmarkNoticeUnderLoad(b *testing.B) {
	const conns = 64
	dur := 10 * time.Second
	if v := os.Getenv("PDZ_BENCH_SECONDS"); v != "" {
		n, _ := strconv.Atoi(v)
		dur = time.Duration(n) * time.Second
	}
	dir := b.TempDir()
	bin := buildPDZ(b, dir)
	db := filepath.Join(dir, "bench.db")
	if out, err := execOut(bin, "demo", "--db", db); err != nil {
		b.Fatalf("demo: %v %s", err, out)
	}
	port := freePort(b)
	base := "http://127.0.0.1:" + port
	srv := startServer(b, base+"/healthz", bin, []string{"serve", "--db", db, "--addr", "127.0.0.1:" + port, "--base-url", base}, "GOMAXPROCS=2")
	notice := base + "/ambiti/casarano/percorsi/pdz-2026-2028"
	resp, err := http.Get(notice)
	if err != nil {
		b.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b.Fatalf("notice: %d", resp.StatusCode)
	}
	barePort := freePort(b)
	self, _ := os.Executable()
	startServer(b, "http://127.0.0.1:"+barePort+"/", self, nil,
		"PDZ_BENCH_BARE_ADDR=127.0.0.1:"+barePort, "PDZ_BENCH_BARE_SIZE="+strconv.Itoa(len(body)), "GOMAXPROCS=2")

	b.ResetTimer()
	for range b.N {
		fmt.Printf("\nnotice page: %d bytes; %d connections for %s on %s\n", len(body), conns, dur, machine())
		bare := load("http://127.0.0.1:"+barePort+"/", conns, 2*time.Second, dur)
		report(b, "bare net/http", bare)
		got := load(notice, conns, 2*time.Second, dur)
		report(b, "pdz notice page", got)
		ratio := got.RPS() / bare.RPS()
		rss := peakRSS(srv.Process.Pid)
		fmt.Printf("ratio %.2f (target ≥ 0.50)   pdz p99 %.2f ms (target ≤ 25)   pdz peak RSS %.1f MB (target ≤ 80)\n", ratio, ms(got.P99), rss)
		b.ReportMetric(got.RPS(), "notice_req/s")
		b.ReportMetric(bare.RPS(), "bare_req/s")
		b.ReportMetric(ratio, "ratio")
		b.ReportMetric(ms(got.P50), "notice_p50_ms")
		b.ReportMetric(ms(got.P99), "notice_p99_ms")
		b.ReportMetric(ms(bare.P99), "bare_p99_ms")
		b.ReportMetric(rss, "pdz_peak_rss_MB")
		if got.Errors > 0 || bare.Errors > 0 {
			b.Errorf("errors: pdz %d, bare %d", got.Errors, bare.Errors)
		}
	}
}
