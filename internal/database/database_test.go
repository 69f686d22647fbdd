package database_test

import (
	"context"
	"sync"
	"testing"

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
			db, err := database.Open(dsn)
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
	db, err := database.Open(dsn)
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
	if _, err := database.Open(":memory:"); err == nil {
		t.Fatal(":memory: must be refused: the two pools would see two databases")
	}
}
