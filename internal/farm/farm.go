// Package farm serves a farm of generated vendor sites on loopback, for
// vigie's throughput, memory and crash-resume measurements: each vendor is
// its own origin (its own 127.x.y.z address on a shared port), with a home
// page whose footer links the privacy policy, the policy itself, and a
// robots.txt. Vendors differ by language and by the topics their policy
// leaves out, deterministically from their index.
package farm

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// A Farm is a running set of generated vendor sites.
type Farm struct {
	N    int
	Port int
	// Latency is added to every response (a slow network or server).
	Latency time.Duration

	srv *http.Server
	wg  sync.WaitGroup
	mu  sync.Mutex
	// hits counts requests per path kind, for tests.
	hits map[string]int
}

// Start serves n generated sites on 0.0.0.0:port (0 picks a free port);
// vendor i answers at http://Addr(i):port/.
func Start(ctx context.Context, n int, latency time.Duration) (*Farm, error) {
	if n < 1 || n > 65000 {
		return nil, fmt.Errorf("farm: %d sites: want 1 to 65000", n)
	}
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", "0.0.0.0:0")
	if err != nil {
		return nil, fmt.Errorf("farm: listen: %w", err)
	}
	f := &Farm{N: n, Port: ln.Addr().(*net.TCPAddr).Port, Latency: latency, hits: map[string]int{}}
	f.srv = &http.Server{Handler: f, ReadHeaderTimeout: 10 * time.Second}
	f.wg.Add(1)
	go func() {
		defer f.wg.Done()
		_ = f.srv.Serve(ln)
	}()
	return f, nil
}

// Addr is the loopback address of vendor i: 127.x.y.z, never 127.0.0.1.
func Addr(i int) string {
	i += 2
	return fmt.Sprintf("127.%d.%d.%d", (i>>16)&0xff, (i>>8)&0xff, i&0xff)
}

// index is the vendor behind a loopback address, or -1.
func index(host string) int {
	h, _, err := net.SplitHostPort(host)
	if err != nil {
		h = host
	}
	parts := strings.Split(h, ".")
	if len(parts) != 4 || parts[0] != "127" {
		return -1
	}
	n := 0
	for _, p := range parts[1:] {
		v, err := strconv.Atoi(p)
		if err != nil || v < 0 || v > 255 {
			return -1
		}
		n = n<<8 | v
	}
	return n - 2
}

// URL is vendor i's home page.
func (f *Farm) URL(i int) string { return fmt.Sprintf("http://%s:%d/", Addr(i), f.Port) }

// PolicyURL is vendor i's privacy policy.
func (f *Farm) PolicyURL(i int) string {
	return fmt.Sprintf("http://%s:%d%s", Addr(i), f.Port, policyPath(i))
}

// List is the vendor list of the farm, one URL a line, as vigie audit -i
// reads it.
func (f *Farm) List() string {
	var b strings.Builder
	b.WriteString("# generated vendor farm\n")
	for i := range f.N {
		b.WriteString(f.URL(i))
		b.WriteByte('\n')
	}
	return b.String()
}

// Hits returns how many requests each kind of page received.
func (f *Farm) Hits() map[string]int {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := map[string]int{}
	for k, v := range f.hits {
		out[k] = v
	}
	return out
}

// Close stops the farm.
func (f *Farm) Close() error {
	err := f.srv.Close()
	f.wg.Wait()
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

// ServeHTTP answers for every vendor of the farm.
func (f *Farm) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	i := index(r.Host)
	if i < 0 || i >= f.N {
		http.Error(w, "no such vendor", http.StatusNotFound)
		return
	}
	if f.Latency > 0 {
		select {
		case <-time.After(f.Latency):
		case <-r.Context().Done():
			return
		}
	}
	kind := "other"
	var body, ctype string
	switch r.URL.Path {
	case "/":
		kind, body, ctype = "home", Home(i), "text/html; charset=utf-8"
	case "/robots.txt":
		kind, body, ctype = "robots", "User-agent: *\nDisallow: /cart/\n", "text/plain; charset=utf-8"
	case policyPath(i):
		kind, body, ctype = "policy", Policy(i), "text/html; charset=utf-8"
	}
	f.mu.Lock()
	f.hits[kind]++
	f.mu.Unlock()
	if body == "" {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", ctype)
	_, _ = w.Write([]byte(body))
}
