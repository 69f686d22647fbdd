package bench

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Result is what one load run measured.
type Result struct {
	Requests int
	Errors   int
	Duration time.Duration
	P50, P99 time.Duration
}

// RPS is requests per second.
func (r Result) RPS() float64 { return float64(r.Requests) / r.Duration.Seconds() }

// load sends GET url with the headers hdr (nil: none; the client never
// adds Accept-Encoding of its own) from conns concurrent keep-alive
// connections for d, after a warm-up, and measures every request; the
// body is read whole, as it arrived on the wire (not decompressed).
func load(url string, hdr http.Header, conns int, warm, d time.Duration) Result {
	tr := &http.Transport{MaxIdleConnsPerHost: conns, MaxConnsPerHost: conns, DisableCompression: true}
	client := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	defer tr.CloseIdleConnections()
	run := func(d time.Duration, record bool) Result {
		ctx, cancel := context.WithTimeout(context.Background(), d)
		defer cancel()
		var mu sync.Mutex
		var all []time.Duration
		errs := 0
		var wg sync.WaitGroup
		start := time.Now()
		for range conns {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var mine []time.Duration
				bad := 0
				for ctx.Err() == nil {
					t0 := time.Now()
					req, _ := http.NewRequestWithContext(context.Background(), http.MethodGet, url, nil)
					for k, v := range hdr {
						req.Header[k] = v
					}
					resp, err := client.Do(req)
					if err != nil {
						if ctx.Err() == nil {
							bad++
						}
						continue
					}
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if resp.StatusCode != http.StatusOK {
						bad++
						continue
					}
					mine = append(mine, time.Since(t0))
				}
				mu.Lock()
				all = append(all, mine...)
				errs += bad
				mu.Unlock()
			}()
		}
		wg.Wait()
		if !record {
			return Result{}
		}
		sort.Slice(all, func(i, j int) bool { return all[i] < all[j] })
		r := Result{Requests: len(all), Errors: errs, Duration: time.Since(start)}
		if len(all) > 0 {
			r.P50, r.P99 = all[len(all)*50/100], all[len(all)*99/100]
		}
		return r
	}
	run(warm, false)
	return run(d, true)
}

// repoRoot is the folder of go.mod.
func repoRoot(t testing.TB) string {
	dir, _ := os.Getwd()
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found")
		}
		dir = parent
	}
}

// buildPDZ compiles the product into dir.
func buildPDZ(t testing.TB, dir string) string {
	bin := filepath.Join(dir, "pdz")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/pdz")
	cmd.Dir = repoRoot(t)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	return bin
}

func freePort(t testing.TB) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
}

// startServer starts a process and waits until url answers 200.
func startServer(t testing.TB, url string, name string, args []string, env ...string) *exec.Cmd {
	cmd := exec.Command(name, args...)
	cmd.Env = append(os.Environ(), env...)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	for i := 0; i < 200; i++ {
		if resp, err := http.Get(url); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return cmd
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("%s did not start", name)
	return nil
}

// peakRSS is the peak resident memory of a process, in MB (VmHWM).
func peakRSS(pid int) float64 {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			kb, _ := strconv.ParseFloat(strings.Fields(line)[1], 64)
			return kb / 1024
		}
	}
	return 0
}

func report(b *testing.B, name string, r Result) {
	fmt.Printf("%-28s %8.0f req/s  p50 %7.2f ms  p99 %7.2f ms  requests %d  errors %d\n",
		name, r.RPS(), ms(r.P50), ms(r.P99), r.Requests, r.Errors)
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func machine() string {
	return fmt.Sprintf("%s/%s, %d CPU", runtime.GOOS, runtime.GOARCH, runtime.NumCPU())
}
