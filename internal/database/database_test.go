package database_test

import (
	"context"
	"database/sql"
	"sync"
	"testing"
	"time"

	"github.com/pdz-ats/pdz/internal/database"
	"github.com/pdz-ats/pdz/internal/testdb"
)

// Several servers starting at once on one database apply each migration once.
func TestConcurrentMigrations(t *testing.T) {
	dsn := testdb.URL(t)
	ms, err := database.Migrations()
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	applied := make([][]string, 4)
	errs := make([]error, 4)
	for i := range applied {
		wg.Add(1)
		go func() {
			defer wg.Done()
			db, err := database.Open(dsn, database.Options{})
			if err != nil {
				errs[i] = err
				return
			}
			defer db.Close()
			applied[i], errs[i] = db.Migrate(context.Background())
		}()
	}
	wg.Wait()
	total := 0
	for i := range applied {
		if errs[i] != nil {
			t.Fatalf("server %d: %v", i, errs[i])
		}
		total += len(applied[i])
	}
	if total != len(ms) {
		t.Fatalf("%d migrations applied in all, want %d (each exactly once)", total, len(ms))
	}
	db, err := database.Open(dsn, database.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if v, err := db.Version(context.Background()); err != nil || v != ms[len(ms)-1].Version {
		t.Fatalf("version %d %v", v, err)
	}
	if again, err := db.Migrate(context.Background()); err != nil || len(again) != 0 {
		t.Fatalf("second run applied %v (%v)", again, err)
	}
}

func TestOpenRefusesMemory(t *testing.T) {
	if _, err := database.Open(":memory:", database.Options{}); err == nil {
		t.Fatal(":memory: must be refused: the two pools would see two databases")
	}
}

// Every PostgreSQL connection, readers' and writers', carries the lock and
// statement timeouts: given, by default, or as the URL sets them.
func TestPostgresTimeoutsOnEveryConnection(t *testing.T) {
	if !testdb.Postgres() {
		t.Skip("PostgreSQL's timeouts")
	}
	dsn := testdb.URL(t)
	show := func(db *database.DB) (lock, stmt string) {
		t.Helper()
		for _, pool := range []*sql.DB{db.W, db.R} {
			var l, s string
			if err := pool.QueryRow(`SELECT current_setting('lock_timeout'), current_setting('statement_timeout')`).Scan(&l, &s); err != nil {
				t.Fatal(err)
			}
			if lock != "" && (l != lock || s != stmt) {
				t.Fatalf("the pools differ: %s %s and %s %s", lock, stmt, l, s)
			}
			lock, stmt = l, s
		}
		return lock, stmt
	}
	for _, c := range []struct {
		dsn        string
		o          database.Options
		lock, stmt string
	}{
		{dsn, database.Options{}, "5s", "30s"},
		{dsn, database.Options{LockTimeout: 1500 * time.Millisecond, StatementTimeout: time.Minute}, "1500ms", "1min"},
		{dsn + "&lock_timeout=7000", database.Options{LockTimeout: time.Second}, "7s", "30s"},
	} {
		db, err := database.Open(c.dsn, c.o)
		if err != nil {
			t.Fatal(err)
		}
		if lock, stmt := show(db); lock != c.lock || stmt != c.stmt {
			t.Errorf("%+v: lock_timeout %s statement_timeout %s, want %s %s", c.o, lock, stmt, c.lock, c.stmt)
		}
		db.Close()
	}
}
