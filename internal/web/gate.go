package web

import (
	"net/http"
	"runtime"
)

// renderGate bounds how many pages are built at once: loaded from the
// database, executed and compressed. Beyond the processors' count more
// pages in flight do not finish sooner, they only hold more memory each
// (a plan's money page allocates about 2 MB): 64 connections asking for it
// uncached took the server to 152 MB. A request past the bound waits for a
// place, or gives up when its client goes away.
//
// Only reading requests are gated (GET and HEAD: a form's POST reads its
// body from the client, which a slow client could stretch while holding a
// place), and among them the page cache's misses and the back office;
// cache hits, static files and /healthz never wait.
type renderGate chan struct{}

func newRenderGate() renderGate { return make(renderGate, max(8, 4*runtime.GOMAXPROCS(0))) }

// gated runs h once there is a place. It writes nothing when the client
// left while waiting.
// A request holds at most one place: a back-office handler that went
// through the page cache would otherwise wait for a second place while
// holding the first, and enough of them at once would wait forever.
func (s *Server) gated(w http.ResponseWriter, r *http.Request, h handler) error {
	i := info(r)
	if i.gated || (r.Method != http.MethodGet && r.Method != http.MethodHead) {
		return h(w, r)
	}
	select {
	case s.renders <- struct{}{}:
	case <-r.Context().Done():
		return nil
	}
	i.gated = true
	defer func() {
		i.gated = false
		<-s.renders
	}()
	return h(w, r)
}
