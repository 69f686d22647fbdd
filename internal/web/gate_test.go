package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
)

// The gate lets at most its size of pages be built at once; the others wait
// and all are served in the end. A request whose client leaves while
// waiting is not built. A request holding a place passes again (no
// deadlock when a back-office handler goes through the page cache), and a
// POST never waits.
func TestRenderGate(t *testing.T) {
	hs := newHarness(t, false)
	hs.srv.renders = make(renderGate, 2)
	var inFlight, most, done atomic.Int32
	started := make(chan struct{}, 10)
	release := make(chan struct{})
	page := func(w http.ResponseWriter, r *http.Request) error {
		n := inFlight.Add(1)
		for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
		}
		started <- struct{}{}
		<-release
		inFlight.Add(-1)
		done.Add(1)
		return nil
	}
	var wg sync.WaitGroup
	for range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := withInfo(httptest.NewRequest("GET", "/pagina", nil), &reqInfo{})
			if err := hs.srv.gated(httptest.NewRecorder(), r, page); err != nil {
				t.Error(err)
			}
		}()
	}
	<-started
	<-started // two are in; the other four wait for a place
	if n := inFlight.Load(); n != 2 {
		t.Fatalf("%d pages in flight with a gate of 2", n)
	}
	// While the gate is full: a POST and a request already holding a place
	// go through, and a request whose client leaves is not built.
	post := withInfo(httptest.NewRequest("POST", "/pagina", nil), &reqInfo{})
	ran := false
	hs.srv.gated(httptest.NewRecorder(), post, func(w http.ResponseWriter, r *http.Request) error { ran = true; return nil })
	if !ran {
		t.Error("a POST waited for the gate")
	}
	holder := withInfo(httptest.NewRequest("GET", "/pagina", nil), &reqInfo{gated: true})
	ran = false
	hs.srv.gated(httptest.NewRecorder(), holder, func(w http.ResponseWriter, r *http.Request) error { ran = true; return nil })
	if !ran {
		t.Error("a request holding a place waited for a second one")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	gone := withInfo(httptest.NewRequest("GET", "/pagina", nil).WithContext(ctx), &reqInfo{})
	ran = false
	if err := hs.srv.gated(httptest.NewRecorder(), gone, func(w http.ResponseWriter, r *http.Request) error { ran = true; return nil }); err != nil || ran {
		t.Errorf("a request whose client left was built (%v, %v)", ran, err)
	}
	close(release)
	wg.Wait()
	if most.Load() != 2 || done.Load() != 6 {
		t.Errorf("at most %d pages at once (want 2), %d of 6 served", most.Load(), done.Load())
	}
	if len(hs.srv.renders) != 0 {
		t.Errorf("%d places still held", len(hs.srv.renders))
	}
}
