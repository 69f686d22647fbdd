package store

import (
	"context"
	"time"
)

type backdateKey struct{}

// Backdate returns a context in which the writes of the tables
// (attendance, minutes, proposals and their answers and history, priority
// rounds, elections, pacts) record t as their time instead of the clock's:
// the demo tells a past participatory path with its own dates. Audit
// entries keep the real time of the change.
func Backdate(ctx context.Context, t time.Time) context.Context {
	return context.WithValue(ctx, backdateKey{}, t.UTC().Truncate(time.Microsecond))
}

// nowFor is the time a write of the tables records: the backdated time of
// ctx, if any, else the clock's.
func (s *Store) nowFor(ctx context.Context) time.Time {
	if t, ok := ctx.Value(backdateKey{}).(time.Time); ok {
		return t
	}
	return s.Now()
}
