package store

import (
	"context"
	"database/sql"
	"sync"
	"testing"

	"github.com/pdz-ats/pdz/internal/database"
	"github.com/pdz-ats/pdz/internal/pdz"
	"github.com/pdz-ats/pdz/internal/testdb"
)

// Writes grouped in one SQLite transaction stay independent: a failing or
// panicking write leaves nothing behind and does not stop the others.
func TestGroupCommitKeepsWritesApart(t *testing.T) {
	db := testdb.Open(t)
	if db.Dialect != database.SQLite {
		t.Skip("group commit is SQLite's")
	}
	s := New(db, nil)
	ctx := context.Background()
	a := pdz.Ambito{Slug: "a", Name: "A"}
	if err := s.CreateAmbito(ctx, pdz.SystemActor, &a); err != nil {
		t.Fatal(err)
	}
	insert := func(name string) func(tx *sql.Tx) error {
		return func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO comuni (ambito_id, name) VALUES ($1, $2)`, a.ID, name)
			return err
		}
	}
	var wg sync.WaitGroup
	errs := make([]error, 60)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			name := "Comune " + string(rune('A'+i%26)) + string(rune('a'+i/26))
			switch i % 6 {
			case 1: // fails after writing: its row must go
				errs[i] = s.write(ctx, func(tx *sql.Tx) error {
					insert(name)(tx)
					return pdz.Errorf(pdz.EINVALID, "no")
				})
			case 2: // panics after writing
				errs[i] = s.write(ctx, func(tx *sql.Tx) error {
					insert(name)(tx)
					panic("boom")
				})
			case 3: // a constraint violation inside the group
				errs[i] = s.write(ctx, func(tx *sql.Tx) error {
					if err := insert(name)(tx); err != nil {
						return err
					}
					return insert(name)(tx)
				})
			default:
				errs[i] = s.write(ctx, insert(name))
			}
		}()
	}
	wg.Wait()
	var n int
	db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM comuni`).Scan(&n)
	for i, err := range errs {
		if (i%6 == 1 || i%6 == 2 || i%6 == 3) != (err != nil) {
			t.Errorf("write %d: %v", i, err)
		}
	}
	if n != 30 {
		t.Fatalf("%d rows, want 30: failed writes left rows or good ones were lost", n)
	}
	// A caller whose context ends before its turn gets an error, nothing written.
	done, cancel := context.WithCancel(ctx)
	cancel()
	if err := s.write(done, insert("Tardivo")); err == nil {
		t.Fatal("a cancelled write succeeded")
	}
}
