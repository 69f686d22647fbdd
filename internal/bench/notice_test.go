package bench

import (
	"fmt"
	"net/http"
	"os"
	"strconv"
	"testing"
	"time"
)

// TestMain lets the test binary double as the bare server: run with
// PDZ_BENCH_BARE_ADDR set, it serves the file PDZ_BENCH_BARE_BODY with the
// Content-Type PDZ_BENCH_BARE_TYPE and the Content-Encoding
// PDZ_BENCH_BARE_ENCODING (if any), with plain net/http and nothing else.
func TestMain(m *testing.M) {
	if addr := os.Getenv("PDZ_BENCH_BARE_ADDR"); addr != "" {
		page, err := os.ReadFile(os.Getenv("PDZ_BENCH_BARE_BODY"))
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		ctype, enc := os.Getenv("PDZ_BENCH_BARE_TYPE"), os.Getenv("PDZ_BENCH_BARE_ENCODING")
		http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", ctype)
			if enc != "" {
				w.Header().Set("Content-Encoding", enc)
			}
			w.Write(page)
		})
		fmt.Fprintln(os.Stderr, http.ListenAndServe(addr, nil))
		os.Exit(1)
	}
	os.Exit(m.Run())
}

// BenchmarkNoticeUnderLoad serves the public notice page of the demo (the
// Casarano 2026-2028 notice) side by side, each for 10 s at 64 concurrent
// keep-alive connections after a 2 s warm-up, from three servers on
// 127.0.0.1, each its own process with GOMAXPROCS=2:
//
//   - bare: a plain net/http handler writing the very bytes pdz sends for
//     the page, with the same Content-Type and Content-Encoding;
//   - cache on: pdz serve on the demo's SQLite file with the page cache
//     (--page-cache-ttl 5s, the default: the page is rendered once and
//     served from memory);
//   - cache off: pdz serve with --page-cache-ttl 0 (every request reads
//     the database and renders the page).
//
// The load client sends "Accept-Encoding: gzip, deflate, br" as browsers
// do and reads the body as it arrives (no decompression), so every line
// moves the same gzipped bytes. It reports requests/s, p50/p99, the ratio to
// the bare handler and the peak resident memory (VmHWM) of each pdz
// process. Targets (issue 11): cache off ≥ 0.25 of bare with p99 ≤ 25 ms;
// cache on ≥ 0.80 of bare; peak RSS ≤ 80 MB.
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
	bin, db, _ := demoDB(b, dir)
	const notice = "/ambiti/casarano/percorsi/pdz-2026-2028"
	on, onPID := serveDemo(b, bin, db, 5*time.Second)
	off, offPID := serveDemo(b, bin, db, 0)
	browser := header("Accept-Encoding", "gzip, deflate, br")
	resp, body := fetch(b, on+notice, browser)
	_, plain := fetch(b, on+notice, header())
	enc := resp.Header.Get("Content-Encoding")
	if _, offBody := fetch(b, off+notice, browser); len(offBody) == 0 {
		b.Fatal("cache off: empty page")
	}
	bodyFile := dir + "/notice.body"
	if err := os.WriteFile(bodyFile, body, 0o600); err != nil {
		b.Fatal(err)
	}
	barePort := freePort(b)
	self, _ := os.Executable()
	bare := "http://127.0.0.1:" + barePort
	startServer(b, bare+"/", self, nil, "PDZ_BENCH_BARE_ADDR=127.0.0.1:"+barePort, "PDZ_BENCH_BARE_BODY="+bodyFile,
		"PDZ_BENCH_BARE_TYPE="+resp.Header.Get("Content-Type"), "PDZ_BENCH_BARE_ENCODING="+enc, "GOMAXPROCS=2")

	b.ResetTimer()
	for range b.N {
		fmt.Printf("\nnotice page %s: %s as sent (Content-Encoding %q), %s decoded; client sends Accept-Encoding: %s; %d connections for %s each on %s\n",
			notice, kb(len(body)), enc, kb(len(plain)), browser.Get("Accept-Encoding"), conns, dur, machine())
		rb := load(bare+"/", browser, conns, 2*time.Second, dur)
		report(b, "bare net/http (same bytes)", rb)
		ron := load(on+notice, browser, conns, 2*time.Second, dur)
		report(b, "pdz, page cache on (5s)", ron)
		roff := load(off+notice, browser, conns, 2*time.Second, dur)
		report(b, "pdz, page cache off (0)", roff)
		rssOn, rssOff := peakRSS(onPID), peakRSS(offPID)
		fmt.Printf("cache on:  ratio %.2f (target ≥ 0.80)   p99 %6.2f ms   peak RSS %.1f MB (target ≤ 80)\n", ron.RPS()/rb.RPS(), ms(ron.P99), rssOn)
		fmt.Printf("cache off: ratio %.2f (target ≥ 0.25)   p99 %6.2f ms (target ≤ 25)   peak RSS %.1f MB (target ≤ 80)\n", roff.RPS()/rb.RPS(), ms(roff.P99), rssOff)
		b.ReportMetric(rb.RPS(), "bare_req/s")
		b.ReportMetric(ron.RPS(), "on_req/s")
		b.ReportMetric(roff.RPS(), "off_req/s")
		b.ReportMetric(ron.RPS()/rb.RPS(), "on_ratio")
		b.ReportMetric(roff.RPS()/rb.RPS(), "off_ratio")
		b.ReportMetric(ms(ron.P99), "on_p99_ms")
		b.ReportMetric(ms(roff.P99), "off_p99_ms")
		b.ReportMetric(rssOn, "on_peak_rss_MB")
		b.ReportMetric(rssOff, "off_peak_rss_MB")
		if rb.Errors+ron.Errors+roff.Errors > 0 {
			b.Errorf("errors: bare %d, cache on %d, cache off %d", rb.Errors, ron.Errors, roff.Errors)
		}
	}
}
