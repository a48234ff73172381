package crawler

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// Hostile servers: what a list of 500 vendors will contain. Each test
// serves one misbehaving site on loopback under a made-up name and checks
// that discovery ends, within its budgets, with the right status and a
// reason that says what happened.

// policyHTML is a real policy page (from the footer-en fixture).
func policyHTML(t testing.TB) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/sites/footer-en/www.acme-scales.test/privacy-policy.html")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

const hostileHome = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Hostile Inc.</title></head>
<body><main><h1>Smart things</h1></main><footer><a href="/privacy-policy">Privacy Policy</a></footer></body></html>`

// hostileSite serves handler for every host name ending in .test.
type hostileSite struct {
	srv      *httptest.Server
	requests atomic.Int64
}

func startHostile(t testing.TB, h http.Handler) *hostileSite {
	t.Helper()
	hs := &hostileSite{}
	hs.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hs.requests.Add(1)
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(hs.srv.Close)
	return hs
}

func (hs *hostileSite) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	host, _, _ := net.SplitHostPort(addr)
	if !strings.HasSuffix(host, ".test") {
		return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
	}
	var d net.Dialer
	return d.DialContext(ctx, network, hs.srv.Listener.Addr().String())
}

func discoverHostile(t *testing.T, h http.Handler, tune func(*Options)) (*Result, time.Duration) {
	t.Helper()
	hs := startHostile(t, h)
	o := testOptions(hs.dial)
	o.RequestTimeout = 2 * time.Second
	o.VendorTimeout = 10 * time.Second
	if tune != nil {
		tune(&o)
	}
	c := newTestCrawler(t, o)
	start := time.Now()
	res := c.Discover(context.Background(), "http://www.hostile.test/")
	elapsed := time.Since(start)
	t.Logf("%s in %s, %d requests: %s", res.Status, elapsed.Round(time.Millisecond), res.Requests, res.Reason)
	for _, l := range res.Tried {
		t.Logf("  %s", l)
	}
	if res.Requests > o.MaxRequests && o.MaxRequests > 0 {
		t.Errorf("%d requests, budget %d", res.Requests, o.MaxRequests)
	}
	if int64(res.Requests) < hs.requests.Load() {
		t.Errorf("server saw %d requests, result counts %d", hs.requests.Load(), res.Requests)
	}
	return res, elapsed
}

func wantStatus(t *testing.T, res *Result, status, reason string) {
	t.Helper()
	if res.Status != status {
		t.Errorf("status = %s, want %s (reason: %s)", res.Status, status, res.Reason)
	}
	if reason != "" && !strings.Contains(res.Reason, reason) {
		t.Errorf("reason %q does not contain %q", res.Reason, reason)
	}
}

// siteWith serves the hostile home page, the policy and robots.txt 404,
// with override taking precedence.
func siteWith(t testing.TB, override func(w http.ResponseWriter, r *http.Request) bool) http.Handler {
	pol := policyHTML(t)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if override != nil && override(w, r) {
			return
		}
		switch r.URL.Path {
		case "/":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, hostileHome)
		case "/privacy-policy":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write(pol)
		default:
			http.NotFound(w, r)
		}
	})
}

func TestHostileRedirectLoop(t *testing.T) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/":
			http.Redirect(w, r, "/a", http.StatusFound)
		case "/a":
			http.Redirect(w, r, "/b", http.StatusFound)
		case "/b":
			http.Redirect(w, r, "/a", http.StatusFound)
		default:
			http.NotFound(w, r)
		}
	})
	res, _ := discoverHostile(t, h, nil)
	wantStatus(t, res, StatusFetchError, "redirect loop")
}

func TestHostileRedirectChain50(t *testing.T) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var n int
		_, err := fmt.Sscanf(r.URL.Path, "/hop/%d", &n)
		if r.URL.Path == "/" || err == nil {
			if n < 50 {
				http.Redirect(w, r, fmt.Sprintf("/hop/%d", n+1), http.StatusMovedPermanently)
				return
			}
		}
		http.NotFound(w, r)
	})
	res, _ := discoverHostile(t, h, func(o *Options) { o.MaxRequests = 40 })
	wantStatus(t, res, StatusFetchError, "stopped after 10 redirects")
}

func TestHostileRedirectChainBudget(t *testing.T) {
	// With the default budget, a 50-hop chain is cut by the request
	// budget before the redirect limit.
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var n int
		fmt.Sscanf(r.URL.Path, "/hop/%d", &n)
		http.Redirect(w, r, fmt.Sprintf("/hop/%d", n+1), http.StatusMovedPermanently)
	})
	res, _ := discoverHostile(t, h, func(o *Options) { o.MaxRequests = 8 })
	wantStatus(t, res, StatusFetchError, "request budget of 8")
}

// endless writes filler forever, or until the client goes away.
func endless(w http.ResponseWriter, prefix string) {
	w.Write([]byte(prefix))
	chunk := bytes.Repeat([]byte("<p>filler filler filler filler</p>\n"), 1000)
	for {
		if _, err := w.Write(chunk); err != nil {
			return
		}
	}
}

func TestHostileOversizeBody(t *testing.T) {
	// A 5 GB Content-Length, and a body that never ends: both are read up
	// to the cap and cut. The footer link comes first and is still found.
	for _, declared := range []bool{true, false} {
		t.Run(fmt.Sprintf("content-length=%v", declared), func(t *testing.T) {
			h := siteWith(t, func(w http.ResponseWriter, r *http.Request) bool {
				if r.URL.Path != "/" {
					return false
				}
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				if declared {
					w.Header().Set("Content-Length", "5368709120")
				}
				endless(w, `<html lang="en"><body><nav><a href="/privacy-policy" rel="privacy-policy">Privacy Policy</a></nav>`)
				return true
			})
			res, _ := discoverHostile(t, h, func(o *Options) { o.MaxBodyBytes = 1 << 20 })
			wantStatus(t, res, StatusFound, "")
			if res.Home == nil || !res.Home.Truncated || res.Home.Bytes != 1<<20 {
				t.Errorf("home = %+v, want a body cut at 1 MiB", res.Home)
			}
			if !hasWarning(res, "cut at") {
				t.Errorf("no warning about the cut body: %q", res.Warnings)
			}
		})
	}
}

func hasWarning(res *Result, sub string) bool {
	for _, w := range res.Warnings {
		if strings.Contains(w, sub) {
			return true
		}
	}
	return false
}

func TestHostileGzipBomb(t *testing.T) {
	// 256 MiB of zeros compress to about 250 KiB; the cap applies to the
	// decompressed bytes.
	var bomb bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&bomb, gzip.BestCompression)
	zeros := make([]byte, 1<<20)
	for range 256 {
		zw.Write(zeros)
	}
	zw.Close()
	h := siteWith(t, func(w http.ResponseWriter, r *http.Request) bool {
		if r.URL.Path != "/" {
			return false
		}
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(bomb.Bytes())
		return true
	})
	res, _ := discoverHostile(t, h, func(o *Options) { o.MaxBodyBytes = 2 << 20 })
	if res.Home == nil || !res.Home.Truncated || res.Home.Bytes != 2<<20 {
		t.Fatalf("home = %+v, want the decompressed body cut at 2 MiB", res.Home)
	}
	// Nothing on the page: the policy is found at a common path.
	wantStatus(t, res, StatusFound, "well known path")
}

func TestHostile503Then200(t *testing.T) {
	var n atomic.Int32
	h := siteWith(t, func(w http.ResponseWriter, r *http.Request) bool {
		if r.URL.Path == "/" && n.Add(1) <= 2 {
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return true
		}
		return false
	})
	res, _ := discoverHostile(t, h, nil)
	wantStatus(t, res, StatusFound, "")
	retries := 0
	for _, l := range res.Tried {
		if strings.Contains(l, "503") && strings.Contains(l, "retrying in") {
			retries++
		}
	}
	if retries != 2 {
		t.Errorf("%d retries logged, want 2: %q", retries, res.Tried)
	}
}

func TestHostile503Always(t *testing.T) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "down for maintenance", http.StatusServiceUnavailable)
	})
	res, _ := discoverHostile(t, h, nil)
	// robots.txt answering 5xx means "disallow everything" (RFC 9309).
	wantStatus(t, res, StatusRobotsDisallowed, "disallow everything")
}

func TestHostile429RetryAfter(t *testing.T) {
	var n atomic.Int32
	h := siteWith(t, func(w http.ResponseWriter, r *http.Request) bool {
		if r.URL.Path == "/privacy-policy" && n.Add(1) == 1 {
			w.Header().Set("Retry-After", "1")
			http.Error(w, "slow down", http.StatusTooManyRequests)
			return true
		}
		return false
	})
	res, elapsed := discoverHostile(t, h, nil)
	wantStatus(t, res, StatusFound, "")
	if elapsed < 900*time.Millisecond {
		t.Errorf("finished in %s: Retry-After: 1 was not honoured", elapsed)
	}
}

func TestHostile429RetryAfterBeyondBudget(t *testing.T) {
	h := siteWith(t, func(w http.ResponseWriter, r *http.Request) bool {
		if r.URL.Path == "/privacy-policy" {
			w.Header().Set("Retry-After", "3600")
			http.Error(w, "slow down", http.StatusTooManyRequests)
			return true
		}
		return false
	})
	res, elapsed := discoverHostile(t, h, nil)
	wantStatus(t, res, StatusBrokenLink, "429")
	if elapsed > 5*time.Second {
		t.Errorf("waited %s for a Retry-After beyond the budget", elapsed)
	}
	found := false
	for _, l := range res.Tried {
		found = found || strings.Contains(l, "not retried")
	}
	if !found {
		t.Errorf("the refusal to wait is not recorded: %q", res.Tried)
	}
}

func TestHostileSlowBody(t *testing.T) {
	// Headers at once, then a byte every 100 ms: the request timeout covers
	// the body, not only the headers.
	h := siteWith(t, func(w http.ResponseWriter, r *http.Request) bool {
		if r.URL.Path != "/" {
			return false
		}
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusOK)
		for i := 0; i < 600; i++ {
			if _, err := w.Write([]byte("<")); err != nil {
				return true
			}
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
				return true
			case <-time.After(100 * time.Millisecond):
			}
		}
		return true
	})
	res, elapsed := discoverHostile(t, h, func(o *Options) {
		o.RequestTimeout = 500 * time.Millisecond
		o.Retries = 1
	})
	wantStatus(t, res, StatusFetchError, "timed out")
	if elapsed > 4*time.Second {
		t.Errorf("took %s", elapsed)
	}
}

func TestHostileSlowHeaders(t *testing.T) {
	h := siteWith(t, func(w http.ResponseWriter, r *http.Request) bool {
		if r.URL.Path != "/" {
			return false
		}
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
		return true
	})
	res, _ := discoverHostile(t, h, func(o *Options) {
		o.RequestTimeout = 300 * time.Millisecond
		o.Retries = NoRetries
	})
	wantStatus(t, res, StatusFetchError, "timed out")
}

func TestHostileVendorTimeout(t *testing.T) {
	// Every answer is slow but within the request timeout: the vendor's
	// own deadline ends the discovery.
	h := siteWith(t, func(w http.ResponseWriter, r *http.Request) bool {
		select {
		case <-r.Context().Done():
		case <-time.After(400 * time.Millisecond):
		}
		return false
	})
	res, elapsed := discoverHostile(t, h, func(o *Options) {
		o.VendorTimeout = 600 * time.Millisecond
	})
	if res.Status == StatusFound {
		t.Fatalf("found within a 600 ms budget of 400 ms answers")
	}
	if !strings.Contains(res.Reason, "vendor time budget of 600ms exhausted") {
		t.Errorf("reason %q does not name the vendor budget", res.Reason)
	}
	if elapsed > 2*time.Second {
		t.Errorf("took %s", elapsed)
	}
}

func TestHostileCancelled(t *testing.T) {
	hs := startHostile(t, siteWith(t, func(w http.ResponseWriter, r *http.Request) bool {
		<-r.Context().Done()
		return true
	}))
	c := newTestCrawler(t, testOptions(hs.dial))
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(200*time.Millisecond, cancel)
	res := c.Discover(ctx, "http://www.hostile.test/")
	wantStatus(t, res, StatusFetchError, "cancelled")
}

func TestHostileConnectionReset(t *testing.T) {
	h := siteWith(t, func(w http.ResponseWriter, r *http.Request) bool {
		if r.URL.Path != "/" {
			return false
		}
		conn, buf, err := w.(http.Hijacker).Hijack()
		if err != nil {
			return true
		}
		buf.WriteString("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n<html><body>half a page")
		buf.Flush()
		if tc, ok := conn.(*net.TCPConn); ok {
			tc.SetLinger(0) // RST, not FIN
		}
		conn.Close()
		return true
	})
	res, _ := discoverHostile(t, h, nil)
	wantStatus(t, res, StatusFetchError, "")
	if !strings.Contains(res.Reason, "reset before the response was complete") {
		t.Errorf("reason %q does not say the connection was cut", res.Reason)
	}
}

func TestHostileHugeRobots(t *testing.T) {
	// 10 MB of robots.txt: the first 512 KiB are read, the rest ignored.
	var robots bytes.Buffer
	robots.WriteString("User-agent: *\n")
	for i := 0; robots.Len() < 10<<20; i++ {
		fmt.Fprintf(&robots, "Disallow: /generated/%08d/\n", i)
	}
	robots.WriteString("Disallow: /privacy-policy\n") // beyond the cap
	h := siteWith(t, func(w http.ResponseWriter, r *http.Request) bool {
		if r.URL.Path == "/robots.txt" {
			w.Header().Set("Content-Type", "text/plain")
			w.Write(robots.Bytes())
			return true
		}
		return false
	})
	res, elapsed := discoverHostile(t, h, nil)
	wantStatus(t, res, StatusFound, "")
	if elapsed > 8*time.Second {
		t.Errorf("took %s", elapsed)
	}
}

func TestHostileSelfSitemap(t *testing.T) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/":
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, `<html><body><p>Nothing here</p></body></html>`)
		case "/robots.txt":
			fmt.Fprint(w, "User-agent: *\nAllow: /\nSitemap: http://www.hostile.test/sitemap.xml\n")
		case "/sitemap.xml":
			w.Header().Set("Content-Type", "application/xml")
			fmt.Fprint(w, `<?xml version="1.0"?><sitemapindex><sitemap><loc>http://www.hostile.test/sitemap.xml</loc></sitemap></sitemapindex>`)
		default:
			http.NotFound(w, r)
		}
	})
	res, _ := discoverHostile(t, h, nil)
	wantStatus(t, res, StatusNotFound, "")
	n := 0
	for _, l := range res.Tried {
		if strings.HasPrefix(l, "sitemap ") {
			n++
		}
	}
	if n != 1 {
		t.Errorf("sitemap fetched %d times, want once", n)
	}
}

func TestHostileHugeFooter(t *testing.T) {
	// 20,000 footer links, the policy last.
	var b strings.Builder
	b.WriteString(`<html lang="en"><body><footer>`)
	for i := range 20000 {
		fmt.Fprintf(&b, `<a href="/p/%d">Product %d</a>`, i, i)
		if i%50 == 0 {
			fmt.Fprintf(&b, `<a href="/legal/%d">Legal %d</a>`, i, i)
		}
	}
	b.WriteString(`<a href="/privacy-policy">Privacy Policy</a></footer></body></html>`)
	page := b.String()
	h := siteWith(t, func(w http.ResponseWriter, r *http.Request) bool {
		if r.URL.Path == "/" {
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, page)
			return true
		}
		return false
	})
	res, _ := discoverHostile(t, h, nil)
	wantStatus(t, res, StatusFound, "")
	if len(res.Candidates) > maxReportedCands {
		t.Errorf("%d candidates reported", len(res.Candidates))
	}
	if !hasWarning(res, "links; the first") {
		t.Errorf("no warning about the links not read: %q", res.Warnings)
	}
}

func TestHostileDeepNesting(t *testing.T) {
	page := `<html lang="en"><body>` + strings.Repeat("<div>", 100000) + "deep" +
		strings.Repeat("</div>", 100000) + `<footer><a href="/privacy-policy">Privacy Policy</a></footer></body></html>`
	h := siteWith(t, func(w http.ResponseWriter, r *http.Request) bool {
		if r.URL.Path == "/" {
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, page)
			return true
		}
		return false
	})
	res, _ := discoverHostile(t, h, nil)
	wantStatus(t, res, StatusFound, "")
}

func TestHostileTenMegabytesOfHTML(t *testing.T) {
	var b strings.Builder
	b.WriteString(`<html lang="en"><body><main>`)
	for b.Len() < 10_000_000 {
		b.WriteString("<p>Our scales measure weight, body fat and muscle mass, every morning.</p>\n")
	}
	b.WriteString(`</main><footer><a href="/privacy-policy">Privacy Policy</a></footer></body></html>`)
	page := b.String()
	h := siteWith(t, func(w http.ResponseWriter, r *http.Request) bool {
		if r.URL.Path == "/" {
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, page)
			return true
		}
		return false
	})
	// The point is size, not speed: allow a slow machine (or -race) the
	// time to read 10 MB over loopback.
	res, _ := discoverHostile(t, h, func(o *Options) {
		o.RequestTimeout = 60 * time.Second
		o.VendorTimeout = 120 * time.Second
	})
	wantStatus(t, res, StatusFound, "")
}

func TestHostileBinaryGarbage(t *testing.T) {
	garbage := make([]byte, 1<<20)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range garbage {
		garbage[i] = byte(r.UintN(256))
	}
	h := siteWith(t, func(w http.ResponseWriter, r *http.Request) bool {
		if r.URL.Path == "/" || r.URL.Path == "/privacy-policy" {
			w.Header().Set("Content-Type", "text/html")
			w.Write(garbage)
			return true
		}
		return false
	})
	res, _ := discoverHostile(t, h, nil)
	wantStatus(t, res, StatusNotFound, "")
}

func TestHostileWrongCharsets(t *testing.T) {
	for _, ct := range []string{
		"text/html; charset=klingon",    // unknown label
		"text/html; charset=utf-16",     // an ASCII page labelled UTF-16
		"text/html; charset=iso-8859-1", // a UTF-8 page labelled Latin-1
	} {
		t.Run(ct, func(t *testing.T) {
			h := siteWith(t, func(w http.ResponseWriter, r *http.Request) bool {
				if r.URL.Path == "/" {
					w.Header().Set("Content-Type", ct)
					fmt.Fprint(w, strings.Replace(hostileHome, "<main>", "<main>Données – ", 1))
					return true
				}
				return false
			})
			res, _ := discoverHostile(t, h, nil)
			wantStatus(t, res, StatusFound, "")
		})
	}
}

func TestHostileNotADocument(t *testing.T) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/" {
			w.Header().Set("Content-Type", "image/png")
			w.Write(bytes.Repeat([]byte{0x89, 'P', 'N', 'G'}, 1000))
			return
		}
		http.NotFound(w, r)
	})
	res, _ := discoverHostile(t, h, nil)
	wantStatus(t, res, StatusFetchError, "image/png is not a document")
}

func TestHostileLinkToPrivateAddress(t *testing.T) {
	// A public page linking straight to a private address: refused before
	// any connection, and reported.
	hs := startHostile(t, siteWith(t, func(w http.ResponseWriter, r *http.Request) bool {
		if r.URL.Path == "/" {
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, `<html lang="en"><body><footer><a href="http://10.1.2.3/privacy">Privacy Policy</a></footer></body></html>`)
			return true
		}
		return false
	}))
	dial := func(ctx context.Context, network, addr string) (net.Conn, error) {
		conn, err := hs.dial(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		return publicConn{conn}, nil
	}
	c := newTestCrawler(t, testOptions(dial))
	res := c.Discover(context.Background(), "http://www.hostile.test/")
	wantStatus(t, res, StatusBrokenLink, "private host 10.1.2.3:80")
	if !hasWarning(res, "refused") {
		t.Errorf("refusal not in warnings: %q", res.Warnings)
	}
	if got := hs.requests.Load(); int(got) != res.Requests {
		t.Errorf("server saw %d requests, result %d", got, res.Requests)
	}
}

func TestHostileBudgetCapsRequests(t *testing.T) {
	// Every link of a large legal footer answers 404 and the site has no
	// sitemap: the vendor costs at most its request budget.
	var b strings.Builder
	b.WriteString(`<html lang="en"><body><footer>`)
	for i := range 30 {
		fmt.Fprintf(&b, `<a href="/privacy-%d">Privacy notice %d</a><a href="/legal-%d">Legal notice %d</a>`, i, i, i, i)
	}
	b.WriteString(`</footer></body></html>`)
	page := b.String()
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/" {
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, page)
			return
		}
		http.NotFound(w, r)
	})
	res, _ := discoverHostile(t, h, func(o *Options) { o.MaxRequests = 6 })
	if res.Requests > 6 {
		t.Errorf("%d requests", res.Requests)
	}
	wantStatus(t, res, StatusBrokenLink, "")
}

func TestHostileHomeErrors(t *testing.T) {
	// A 404 error page that carries the footer still leads to the policy; a
	// 404 without it means the site is unreachable; a 5xx home page ends
	// discovery at once.
	for _, tc := range []struct {
		name   string
		status int
		body   string
		want   string
	}{
		{"404 with footer", 404, hostileHome, StatusFound},
		{"404 bare", 404, "<html><body>Not found</body></html>", StatusFetchError},
		{"500", 500, hostileHome, StatusFetchError},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := siteWith(t, func(w http.ResponseWriter, r *http.Request) bool {
				switch r.URL.Path {
				case "/":
					w.Header().Set("Content-Type", "text/html")
					w.WriteHeader(tc.status)
					fmt.Fprint(w, tc.body)
					return true
				case "/robots.txt":
					http.NotFound(w, r)
					return true
				case "/privacy-policy":
					if tc.want == StatusFetchError {
						http.NotFound(w, r)
						return true
					}
				}
				return false
			})
			res, _ := discoverHostile(t, h, nil)
			wantStatus(t, res, tc.want, "")
			if tc.want == StatusFetchError && !strings.Contains(res.Reason, fmt.Sprintf("answered %d", tc.status)) {
				t.Errorf("reason %q", res.Reason)
			}
		})
	}
}

func TestHostileCredentialsInLinks(t *testing.T) {
	// A footer link and a redirect carrying a user name and password: both
	// are refused, and the password reaches neither the result nor the
	// logs, whose requests are logged at debug level.
	const secret = "hunter2-s3cr3t"
	for _, tc := range []struct {
		name, status, reason string
		override             func(w http.ResponseWriter, r *http.Request) bool
	}{
		{"link", StatusFound, "", func(w http.ResponseWriter, r *http.Request) bool {
			if r.URL.Path != "/" {
				return false
			}
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprintf(w, `<html lang="en"><body><footer><a href="http://admin:%s@www.hostile.test/privacy-policy">Privacy Policy</a></footer></body></html>`, secret)
			return true
		}},
		{"redirect", StatusBrokenLink, "invalid redirect", func(w http.ResponseWriter, r *http.Request) bool {
			if r.URL.Path != "/privacy-policy" {
				return false
			}
			w.Header().Set("Location", "http://admin:"+secret+"@www.hostile.test/legal/privacy")
			w.WriteHeader(http.StatusFound)
			return true
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var logs bytes.Buffer
			res, _ := discoverHostile(t, siteWith(t, tc.override), func(o *Options) {
				o.Logger = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
			})
			wantStatus(t, res, tc.status, tc.reason)
			out, err := json.Marshal(res)
			if err != nil {
				t.Fatal(err)
			}
			if bytes.Contains(out, []byte(secret)) || bytes.Contains(logs.Bytes(), []byte(secret)) {
				t.Errorf("the password leaked:\nresult %s\nlogs %s", out, logs.Bytes())
			}
			if !bytes.Contains(out, []byte("redacted@")) {
				t.Errorf("the refused URL is not shown redacted: %s", out)
			}
		})
	}
}

func TestRedactURL(t *testing.T) {
	for in, want := range map[string]string{
		"http://example.test/privacy":               "http://example.test/privacy",
		"http://admin:pw@example.test/privacy":      "http://redacted@example.test/privacy",
		"https://token@example.test/":               "https://redacted@example.test/",
		"//admin:pw@example.test/x":                 "//redacted@example.test/x",
		"http://admin:p w%zz@example.test/":         "http://redacted@example.test/",
		"mailto:privacy@example.test":               "mailto:privacy@example.test",
		"http://example.test/contact?to=dpo@x.test": "http://example.test/contact?to=dpo@x.test",
		"http://example.test/a//b@c":                "http://example.test/a//b@c",
		"/team/@jane":                               "/team/@jane",
	} {
		if got := RedactURL(in); got != want {
			t.Errorf("RedactURL(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestHostileBudgetEndsWhileWorking(t *testing.T) {
	// The vendor's time runs out while the crawler works on a page (here a
	// slow verification; in a batch, scanning a huge page on a busy
	// machine) rather than while it waits on the network. The cascade did
	// not end: the vendor is a fetch_error naming the budget, not a
	// not_found claiming the site has no policy.
	res, elapsed := discoverHostile(t, siteWith(t, nil), func(o *Options) {
		o.VendorTimeout = 300 * time.Millisecond
		o.Verify = func(ctx context.Context, p *Page) (bool, string) {
			<-ctx.Done()
			return false, "too slow to tell"
		}
	})
	wantStatus(t, res, StatusFetchError, "vendor time budget of 300ms exhausted")
	if elapsed > 2*time.Second {
		t.Errorf("took %s", elapsed)
	}
}
