// Package demo loads the demonstration data: the regional frameworks, the
// Ambiti and participatory processes of the seed documents (Casarano
// 2026-2028 exactly as its notice was published, Casarano 2022-2024 as its
// plan records the path, with the Ambito's bodies and their sessions,
// Casarano and Lecce 2014-2016, Putignano 2022), Casarano's Piano Sociale di
// Zona 2022-2024 (seed 003) and a demonstration account. Everything goes through the store, so the demo
// obeys the same rules as data typed by a user.
package demo

import (
	"context"
	"time"

	"github.com/pdz-ats/pdz/internal/locale"
	"github.com/pdz-ats/pdz/internal/pdz"
	"github.com/pdz-ats/pdz/internal/security"
	"github.com/pdz-ats/pdz/internal/store"
)

// Result tells what was loaded and how to log in.
type Result struct {
	Loaded   bool
	Email    string
	Password string // random, shown once
}

// DemoEmail is the demonstration account: Responsabile of every demo Ambito.
const DemoEmail = "responsabile@demo.pdz.invalid"

// LoadIfEmpty loads the demo only into a database without Ambiti.
func LoadIfEmpty(ctx context.Context, st *store.Store) (Result, error) {
	as, err := st.Ambiti(ctx)
	if err != nil || len(as) > 0 {
		return Result{}, err
	}
	return Load(ctx, st)
}

// Load adds the demo data unless the demo Ambito of Casarano exists already.
func Load(ctx context.Context, st *store.Store) (Result, error) {
	if _, err := st.AmbitoBySlug(ctx, "casarano"); err == nil {
		return Result{}, nil
	} else if pdz.ErrorCode(err) != pdz.ENOTFOUND {
		return Result{}, err
	}
	l := &loader{ctx: ctx, st: st}
	l.frameworks()
	casarano := l.casarano()
	l.casarano2026(casarano)
	l.casarano2022(casarano)
	l.casarano2014(casarano)
	l.plan2022(casarano)
	l.tables2022(casarano)
	lecce := l.lecce()
	putignano := l.putignano()
	if l.err != nil {
		return Result{}, l.err
	}
	pw := security.Token()[:20]
	hash, err := security.HashPassword(pw)
	if err != nil {
		return Result{}, err
	}
	u := pdz.User{Email: DemoEmail, Name: "Responsabile dimostrativo", PasswordHash: hash}
	if err := st.CreateUser(ctx, pdz.SystemActor, &u); err != nil {
		return Result{}, err
	}
	for _, a := range []int64{casarano.ID, lecce.ID, putignano.ID} {
		if err := st.SetMembership(ctx, pdz.SystemActor, u.ID, a, pdz.RoleResponsabile); err != nil {
			return Result{}, err
		}
	}
	return Result{Loaded: true, Email: DemoEmail, Password: pw}, nil
}

// loader keeps the first error, so the data below reads as a list.
type loader struct {
	ctx context.Context
	st  *store.Store
	err error
}

var actor = pdz.SystemActor

func (l *loader) ambito(a pdz.Ambito, comuni []pdz.Comune, capofila string) pdz.Ambito {
	if l.err != nil {
		return a
	}
	if l.err = l.st.CreateAmbito(l.ctx, actor, &a); l.err != nil {
		return a
	}
	for _, c := range comuni {
		c.AmbitoID = a.ID
		if l.err = l.st.SaveComune(l.ctx, actor, &c); l.err != nil {
			return a
		}
		if c.Name == capofila {
			a.CapofilaID = c.ID
		}
	}
	l.err = l.st.UpdateAmbito(l.ctx, actor, &a)
	return a
}

func (l *loader) process(p pdz.Process) *pdz.Process {
	if l.err == nil {
		l.err = l.st.CreateProcess(l.ctx, actor, &p)
	}
	return &p
}

func (l *loader) premise(p *pdz.Process, x pdz.Premise) {
	if l.err == nil {
		x.ProcessID = p.ID
		l.err = l.st.SavePremise(l.ctx, actor, p.AmbitoID, &x)
	}
}

func (l *loader) phase(p *pdz.Process, x pdz.Phase) int64 {
	if l.err == nil {
		x.ProcessID = p.ID
		l.err = l.st.SavePhase(l.ctx, actor, p.AmbitoID, &x)
	}
	return x.ID
}

func (l *loader) areas(p *pdz.Process, titles ...string) []int64 {
	var ids []int64
	for i, t := range titles {
		if l.err != nil {
			return ids
		}
		a := pdz.Area{ProcessID: p.ID, Code: itoa(i + 1), Title: t}
		l.err = l.st.SaveArea(l.ctx, actor, p.AmbitoID, &a)
		ids = append(ids, a.ID)
	}
	return ids
}

func (l *loader) meeting(p *pdz.Process, m pdz.Meeting) int64 {
	if l.err == nil {
		m.ProcessID = p.ID
		_, l.err = l.st.SaveMeeting(l.ctx, actor, p.AmbitoID, &m, locale.Rome)
	}
	return m.ID
}

func (l *loader) sign(p *pdz.Process, role, name string) {
	if l.err == nil {
		s := pdz.Signatory{ProcessID: p.ID, Role: role, Name: name}
		l.err = l.st.SaveSignatory(l.ctx, actor, p.AmbitoID, &s)
	}
}

func (l *loader) publish(p *pdz.Process) {
	if l.err == nil {
		l.err = l.st.SetProcessStatus(l.ctx, actor, p.AmbitoID, p.ID, pdz.StatusPublished)
	}
}

// Small constructors that keep the data readable.

func day(y, m, d int) pdz.Date { return pdz.NewDate(y, time.Month(m), d) }
func at(h, m int) pdz.Clock    { return pdz.NewClock(h, m) }

func rome(y, mo, d, h, mi int) time.Time {
	return time.Date(y, time.Month(mo), d, h, mi, 0, 0, locale.Rome)
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}
