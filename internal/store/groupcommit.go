package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
)

// Group commit on SQLite. SQLite has one writer at a time and, with
// synchronous=FULL, every commit waits for the disk (fsync). When many
// people submit at once (the last minutes before a deadline), the writes
// waiting for the connection are run one after the other inside one
// transaction, each in a SAVEPOINT of its own, and committed together: one
// disk flush for the group instead of one each.
//
// The guarantees of a transaction per write are kept: a write that fails
// is rolled back to its savepoint and leaves nothing behind (the protocol
// counter included, so numbers stay gap-free); a write sees the writes
// before it; no caller is told its write succeeded before the commit that
// makes it durable; if the commit fails, every write of the group fails.
// The queue is served in arrival order, which also keeps the slowest
// writes close to the median (database/sql hands a freed connection to a
// random waiter).

// maxGroup bounds a group, so that the first writer of a long burst does
// not wait for all the others.
const maxGroup = 64

type writeReq struct {
	ctx  context.Context
	fn   func(tx *sql.Tx) error
	seen bool // a page may show the change: the group moves the generation
	done chan error
}

type groupCommit struct {
	mu        sync.Mutex
	pending   []*writeReq
	committer bool // a goroutine is committing groups
}

// groupWrite queues fn and waits for the commit of its group. The
// committing goroutine exists only while there are writes to run.
func (s *Store) groupWrite(ctx context.Context, fn func(tx *sql.Tx) error, seen bool) error {
	if err := ctx.Err(); err != nil {
		return internal("begin", err)
	}
	req := &writeReq{ctx: ctx, fn: fn, seen: seen, done: make(chan error, 1)}
	g := s.group
	g.mu.Lock()
	g.pending = append(g.pending, req)
	if !g.committer {
		g.committer = true
		go s.commitGroups()
	}
	g.mu.Unlock()
	// Wait for the outcome even if ctx ends: the write may be committing,
	// and the caller must not report a failure for a durable change.
	return <-req.done
}

func (s *Store) commitGroups() {
	g := s.group
	for {
		g.mu.Lock()
		n := min(len(g.pending), maxGroup)
		if n == 0 {
			g.committer = false
			g.mu.Unlock()
			return
		}
		batch := append([]*writeReq(nil), g.pending[:n]...)
		g.pending = g.pending[n:]
		g.mu.Unlock()
		s.commitGroup(batch)
	}
}

// commitGroup runs a group of writes in one transaction.
func (s *Store) commitGroup(batch []*writeReq) {
	results := make([]error, len(batch))
	finish := func(err error) {
		for i, req := range batch {
			if results[i] == nil && err != nil {
				results[i] = err
			}
			req.done <- results[i]
		}
	}
	ctx := context.Background() // the group outlives any one request
	s.prepareHot(ctx)
	tx, err := s.db.W.BeginTx(ctx, nil)
	if err != nil {
		finish(internal("begin", err))
		return
	}
	alone := len(batch) == 1
	ran, seen := 0, false
	for i, req := range batch {
		if err := req.ctx.Err(); err != nil { // the caller left before its turn
			results[i] = internal("begin", err)
			continue
		}
		if !alone {
			if _, err := tx.ExecContext(ctx, "SAVEPOINT w"); err != nil {
				tx.Rollback()
				finish(internal("savepoint", err))
				return
			}
		}
		err := runWrite(req, tx)
		switch {
		case err != nil && alone:
			tx.Rollback()
			results[i] = err
			finish(nil)
			return
		case err != nil:
			results[i] = err
			if _, e := tx.ExecContext(ctx, "ROLLBACK TO SAVEPOINT w"); e != nil {
				tx.Rollback()
				finish(internal("rollback to savepoint", errors.Join(err, e)))
				return
			}
			fallthrough
		default:
			if !alone {
				if _, e := tx.ExecContext(ctx, "RELEASE SAVEPOINT w"); e != nil {
					tx.Rollback()
					finish(internal("release savepoint", e))
					return
				}
			}
		}
		if err == nil {
			ran++
			seen = seen || req.seen
		}
	}
	if ran == 0 {
		tx.Rollback()
		finish(nil)
		return
	}
	if err := tx.Commit(); err != nil {
		finish(internal("commit", err))
		return
	}
	if seen {
		s.gen.Add(1)
	}
	finish(nil)
}

// runWrite runs one write, turning a panic into an internal error so that
// one bad write cannot stop the others' commit.
func runWrite(req *writeReq, tx *sql.Tx) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = internal("write", fmt.Errorf("panic: %v", v))
		}
	}()
	return req.fn(tx)
}
