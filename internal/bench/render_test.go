package bench

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/pdz-ats/pdz/internal/database"
	"github.com/pdz-ats/pdz/internal/demo"
	"github.com/pdz-ats/pdz/internal/security"
	"github.com/pdz-ats/pdz/internal/store"
	"github.com/pdz-ats/pdz/internal/web"
	"strconv"
	"syscall"
)

// BenchmarkRender renders pages of the demo in process, with the page
// cache off, through the whole handler (middleware, session, store on a
// SQLite file, templates, compression for a client accepting gzip): no
// network and no load client, so its CPU and allocation profiles show the
// server's own work. One sub-benchmark per page: the notice, the meetings,
// the public plan, its money (risorse), a sheet of the plan and three
// back-office pages.
//
//	go test -run '^$' -bench Render -benchmem ./internal/bench/
//	go test -run '^$' -bench 'Render/risorse' -cpuprofile cpu.out -memprofile mem.out ./internal/bench/
func BenchmarkRender(b *testing.B) {
	ctx := context.Background()
	db, err := database.Open(filepath.Join(b.TempDir(), "render.db"), database.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	st := store.New(db, nil)
	if _, err := demo.Load(ctx, st); err != nil {
		b.Fatal(err)
	}
	u, err := st.UserByEmail(ctx, demo.DemoEmail)
	if err != nil {
		b.Fatal(err)
	}
	token := security.Token()
	if err := st.CreateSession(ctx, security.HashToken(token), u.ID, time.Hour); err != nil {
		b.Fatal(err)
	}
	srv, err := web.New(st, web.Config{BaseURL: "http://127.0.0.1", Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		b.Fatal(err)
	}
	h := srv.Handler()
	a, err := st.AmbitoBySlug(ctx, "casarano")
	if err != nil {
		b.Fatal(err)
	}
	p, err := st.ProcessBySlug(ctx, a.ID, "pdz-2026-2028")
	if err != nil {
		b.Fatal(err)
	}
	pages := []struct {
		name, path string
		staff      bool
	}{
		{"notice", "/ambiti/casarano/percorsi/pdz-2026-2028", false},
		{"meetings", "/ambiti/casarano/percorsi/pdz-2026-2028/incontri", false},
		{"plan", "/ambiti/casarano/piani/pdz-2022-2024", false},
		{"risorse", "/ambiti/casarano/piani/pdz-2022-2024/risorse", false},
		{"sheet", "/ambiti/casarano/piani/pdz-2022-2024/schede/B.7", false},
		{"area", "/ambiti/casarano/piani/pdz-2022-2024/aree/1", false},
		{"registrations", "/admin/a/casarano/percorsi/" + itoa(p.ID) + "/iscrizioni", true},
		{"process", "/admin/a/casarano/percorsi/" + itoa(p.ID), true},
		{"admin-risorse", "/admin/a/casarano/piani/1/risorse", true},
	}
	for _, pg := range pages {
		b.Run(pg.name, func(b *testing.B) {
			req := httptest.NewRequest(http.MethodGet, pg.path, nil)
			req.Header.Set("Accept-Encoding", "gzip, deflate, br")
			if pg.staff {
				req.AddCookie(&http.Cookie{Name: "pdz_session", Value: token})
			}
			cpu0 := cpuTime()
			for b.Loop() {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("%s: %d", pg.path, rec.Code)
				}
			}
			b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(b.N), "cpu-ms/op")
		})
	}
}

// cpuTime is the processor time this process has used (user and
// system): on a machine shared with other jobs, wall-clock time per page
// swings with their load, while the processor time a page costs does not.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
