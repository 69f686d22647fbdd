package web

import (
	"context"
	"database/sql"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pdz-ats/pdz/internal/database"
	"github.com/pdz-ats/pdz/internal/pdz"
	"github.com/pdz-ats/pdz/internal/store"
	"github.com/pdz-ats/pdz/internal/testdb"
)

// TestHeldLockAnswers503AndHealthStaysUp: another session holds an ACCESS
// EXCLUSIVE lock on the table of the Ambiti (a long migration, a manual
// maintenance). The public pages that read it answer promptly "temporarily
// unavailable" (503, Retry-After, an Italian page; JSON under /api/)
// instead of hanging, even with many requests at once, and /healthz keeps
// answering. Once the lock goes, the pages answer again. PostgreSQL only:
// SQLite's readers never wait for a lock (WAL) and its writers queue in Go.
func TestHeldLockAnswers503AndHealthStaysUp(t *testing.T) {
	if !testdb.Postgres() {
		t.Skip("table locks that block readers are PostgreSQL's")
	}
	dsn := testdb.URL(t)
	db, err := database.Open(dsn, database.Options{LockTimeout: 300 * time.Millisecond, StatementTimeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	st := store.New(db, func() time.Time { return testNow })
	a := pdz.Ambito{Slug: "casarano", Name: "Ambito di Casarano"}
	if err := st.CreateAmbito(ctx, pdz.SystemActor, &a); err != nil {
		t.Fatal(err)
	}
	srv, err := New(st, Config{BaseURL: "https://pdz.example.it", Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Now: func() time.Time { return testNow }, Version: "test"}) // no page cache: every request reads
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	client := &http.Client{Timeout: 4 * time.Second}
	get := func(path string) (int, http.Header, string, time.Duration) {
		start := time.Now()
		res, err := client.Get(ts.URL + path)
		if err != nil {
			t.Errorf("GET %s: %v (after %v)", path, err, time.Since(start))
			return 0, nil, "", time.Since(start)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, res.Header, string(b), time.Since(start)
	}
	if code, _, _, _ := get("/ambiti/casarano"); code != http.StatusOK {
		t.Fatalf("before the lock: %d", code)
	}

	holder, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	tx, err := holder.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `LOCK TABLE ambiti IN ACCESS EXCLUSIVE MODE`); err != nil {
		t.Fatal(err)
	}

	// Many requests at once: more than every pool of the server holds.
	var wg sync.WaitGroup
	for range 30 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if code, hdr, body, took := get("/ambiti/casarano"); code != http.StatusServiceUnavailable || hdr.Get("Retry-After") == "" ||
				!strings.Contains(body, "Servizio temporaneamente non disponibile, riprovare tra poco.") || took > 3*time.Second {
				t.Errorf("page under a held lock: %d Retry-After %q in %v", code, hdr.Get("Retry-After"), took)
			}
		}()
	}
	time.Sleep(50 * time.Millisecond)
	if code, _, body, took := get("/healthz"); code != http.StatusOK || took > time.Second {
		t.Errorf("healthz while the pages wait: %d %q in %v", code, body, took)
	}
	wg.Wait()
	code, hdr, body, _ := get("/api/v1/ambiti/casarano")
	var e map[string]string
	if code != http.StatusServiceUnavailable || hdr.Get("Retry-After") == "" || json.Unmarshal([]byte(body), &e) != nil ||
		e["errore"] != pdz.Unavailable {
		t.Errorf("API under a held lock: %d %q", code, body)
	}
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	if code, _, _, _ := get("/ambiti/casarano"); code != http.StatusOK {
		t.Fatalf("after the lock: %d", code)
	}
}
