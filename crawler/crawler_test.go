package crawler

import (
	"context"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"
)

func caseByName(t testing.TB, name string) *fixtureCase {
	t.Helper()
	for _, c := range loadFixtureCases(t) {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("no fixture %s", name)
	return nil
}

func TestOptionsDefaultsAndValidation(t *testing.T) {
	c, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	o := c.Options()
	if o.Delay != DefaultDelay || o.Parallelism != 1 || o.RequestTimeout != DefaultRequestTimeout ||
		o.VendorTimeout != DefaultVendorTimeout || o.MaxRequests != DefaultMaxRequests ||
		o.MaxBodyBytes != DefaultMaxBodyBytes || o.Retries != DefaultRetries || o.MaxRedirects != DefaultMaxRedirects {
		t.Errorf("defaults = %+v", o)
	}
	if !strings.HasPrefix(o.UserAgent, "vigie/") || !strings.Contains(o.UserAgent, "https://github.com/vigie-audit/vigie") {
		t.Errorf("user agent %q", o.UserAgent)
	}
	for _, bad := range []Options{
		{Parallelism: -1},
		{MaxRequests: 1},
		{UserAgent: "vigie\r\nX-Evil: 1"},
		{RequestTimeout: -time.Second},
		{MaxBodyBytes: -1},
	} {
		if _, err := New(bad); err == nil {
			t.Errorf("New(%+v) accepted", bad)
		}
	}
}

// TestCollyEnvironmentIgnored checks that colly's COLLY_* variables and
// proxy variables do not change what the crawler does.
func TestCollyEnvironmentIgnored(t *testing.T) {
	t.Setenv("COLLY_IGNORE_ROBOTSTXT", "yes")
	t.Setenv("COLLY_USER_AGENT", "evil-bot")
	t.Setenv("COLLY_MAX_BODY_SIZE", "10")
	t.Setenv("COLLY_CACHE_DIR", t.TempDir())
	t.Setenv("COLLY_FOLLOW_REDIRECTS", "no")
	t.Setenv("HTTP_PROXY", "http://127.0.0.1:1")
	c := caseByName(t, "robots-home")
	fs := startFixtureSite(t, c)
	var uas []string
	var mu sync.Mutex
	inner := fs.srv.Config.Handler
	fs.srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		uas = append(uas, r.UserAgent())
		mu.Unlock()
		inner.ServeHTTP(w, r)
	})
	res := newTestCrawler(t, testOptions(fs.dial)).Discover(context.Background(), c.Input)
	if res.Status != StatusRobotsDisallowed {
		t.Errorf("status %s: robots.txt not obeyed (%s)", res.Status, res.Reason)
	}
	for _, ua := range uas {
		if !strings.HasPrefix(ua, "vigie/") {
			t.Errorf("user agent %q sent", ua)
		}
	}
	if len(uas) == 0 {
		t.Error("no request reached the server")
	}
}

// fakeRenderer stands in for the headless browser (package render, whose
// own tests drive Chromium): it returns the DOM a script would have built.
type fakeRenderer struct {
	html    string
	pages   map[string]string // by URL, before html
	cookies []*http.Cookie
	calls   int
	urls    []string
}

func (f *fakeRenderer) Render(_ context.Context, pageURL string) (*Rendering, error) {
	f.calls++
	f.urls = append(f.urls, pageURL)
	html, ok := f.pages[pageURL]
	if !ok {
		html = f.html
	}
	return &Rendering{URL: pageURL, FinalURL: pageURL, Status: 200, HTML: []byte(html),
		Screenshot: []byte("\x89PNG fake"), Cookies: f.cookies, At: fixedNow}, nil
}

func TestRendererHook(t *testing.T) {
	c := caseByName(t, "sitemap")
	fs := startFixtureSite(t, c)
	o := testOptions(fs.dial)
	r := &fakeRenderer{html: `<html lang="en"><body><main>Tempo</main><footer id="site-footer">
<a href="/legal/privacy-statement">Privacy Statement</a></footer></body></html>`}
	o.Renderer = r
	res := newTestCrawler(t, o).Discover(context.Background(), c.Input)
	if res.Status != StatusFound || r.calls != 1 || len(res.Rendered) != 1 {
		t.Fatalf("status %s, %d renders, rendered %+v: %s", res.Status, r.calls, res.Rendered, res.Reason)
	}
	if got := res.DiscoveredVia[len(res.DiscoveredVia)-1].Method; got != MethodFooterLink {
		t.Errorf("found through %s, want the rendered footer", got)
	}
	// A page whose HTML has the link is not rendered.
	c2 := caseByName(t, "footer-en")
	fs2 := startFixtureSite(t, c2)
	o2 := testOptions(fs2.dial)
	r2 := &fakeRenderer{}
	o2.Renderer = r2
	newTestCrawler(t, o2).Discover(context.Background(), c2.Input)
	if r2.calls != 0 {
		t.Errorf("rendered a page whose HTML links the policy")
	}
}

func TestVerifyHook(t *testing.T) {
	c := caseByName(t, "footer-en")
	fs := startFixtureSite(t, c)
	o := testOptions(fs.dial)
	var roles []string
	o.Verify = func(_ context.Context, p *Page) (bool, string) {
		roles = append(roles, p.Role)
		if len(p.Body) == 0 || p.SHA256 == "" {
			return false, "empty page"
		}
		return false, "analyzer: covers 1 of 7 topics"
	}
	res := newTestCrawler(t, o).Discover(context.Background(), c.Input)
	if res.Status != StatusNotFound {
		t.Errorf("status %s: %s", res.Status, res.Reason)
	}
	if len(roles) == 0 || roles[0] != RolePolicy {
		t.Errorf("roles %q", roles)
	}
	if len(res.Candidates) == 0 || res.Candidates[0].Outcome != "rejected: analyzer: covers 1 of 7 topics" {
		t.Errorf("candidates %+v", res.Candidates)
	}
}

func TestTLSFailureAndHTTPFallback(t *testing.T) {
	pol := policyHTML(t)
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/":
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, hostileHome)
		case "/privacy-policy":
			w.Header().Set("Content-Type", "text/html")
			w.Write(pol)
		default:
			http.NotFound(w, r)
		}
	})
	tlsSrv := httptest.NewUnstartedServer(handler) // its certificate is not trusted
	tlsSrv.Config.ErrorLog = log.New(io.Discard, "", 0)
	tlsSrv.StartTLS()
	defer tlsSrv.Close()
	plain := httptest.NewServer(handler)
	defer plain.Close()
	dial := func(ctx context.Context, network, addr string) (net.Conn, error) {
		var d net.Dialer
		if strings.HasSuffix(addr, ":443") {
			return d.DialContext(ctx, network, tlsSrv.Listener.Addr().String())
		}
		return d.DialContext(ctx, network, plain.Listener.Addr().String())
	}
	c := newTestCrawler(t, testOptions(dial))

	res := c.Discover(context.Background(), "https://www.self-signed.test/")
	if res.Status != StatusFetchError || !strings.Contains(res.Reason, "TLS handshake") {
		t.Errorf("https URL: %s: %s", res.Status, res.Reason)
	}
	// A bare domain means https, and falls back to http when TLS fails.
	res = c.Discover(context.Background(), "www.self-signed.test")
	if res.Status != StatusFound || !hasWarning(res, "tried http://") {
		t.Errorf("bare domain: %s: %s %q", res.Status, res.Reason, res.Warnings)
	}
}

// TestPoliteness runs two vendors of the same host at once: robots.txt is
// fetched once for both, and requests to the host are spaced by the delay.
func TestPoliteness(t *testing.T) {
	c := caseByName(t, "footer-en")
	fs := startFixtureSite(t, c)
	var mu sync.Mutex
	var times []time.Time
	robots := 0
	inner := fs.srv.Config.Handler
	fs.srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		times = append(times, time.Now())
		if r.URL.Path == "/robots.txt" {
			robots++
		}
		mu.Unlock()
		inner.ServeHTTP(w, r)
	})
	o := testOptions(fs.dial)
	o.Delay = 150 * time.Millisecond
	cr := newTestCrawler(t, o)
	var wg sync.WaitGroup
	results := make([]*Result, 2)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = cr.Discover(context.Background(), c.Input)
		}()
	}
	wg.Wait()
	for _, r := range results {
		if r.Status != StatusFound {
			t.Errorf("status %s: %s", r.Status, r.Reason)
		}
	}
	if robots != 1 {
		t.Errorf("robots.txt fetched %d times", robots)
	}
	for i := 1; i < len(times); i++ {
		// The delay runs from the end of one response to the next request;
		// allow a little scheduling slack below it.
		if gap := times[i].Sub(times[i-1]); gap < 120*time.Millisecond {
			t.Errorf("requests %d and %d only %s apart", i-1, i, gap)
		}
	}
}

// TestConcurrentVendors runs every fixture vendor at once through one
// Crawler (run with -race).
func TestConcurrentVendors(t *testing.T) {
	cases := loadFixtureCases(t)
	route := map[string]*fixtureSite{}
	var run []*fixtureCase
	for _, c := range cases {
		if c.Site != "" || c.Options.IgnoreRobots || len(c.Public) > 0 || len(c.Refused) > 0 {
			continue
		}
		fs := startFixtureSite(t, c)
		for h := range fs.hosts {
			route[h] = fs
		}
		run = append(run, c)
	}
	dial := func(ctx context.Context, network, addr string) (net.Conn, error) {
		host, _, _ := net.SplitHostPort(addr)
		if fs, ok := route[host]; ok {
			return fs.dial(ctx, network, addr)
		}
		return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
	}
	cr := newTestCrawler(t, testOptions(dial))
	var wg sync.WaitGroup
	for _, c := range run {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res := cr.Discover(context.Background(), c.Input)
			if res.Status != c.Want.Status {
				t.Errorf("%s: status %s (%s), want %s", c.Name, res.Status, res.Reason, c.Want.Status)
			}
		}()
	}
	wg.Wait()
}

func TestMain(m *testing.M) {
	// Tests never touch the internet: the fixture dialers refuse any name
	// they do not serve. Make sure no proxy variable redirects them either.
	os.Unsetenv("HTTP_PROXY")
	os.Unsetenv("HTTPS_PROXY")
	os.Exit(m.Run())
}

func TestCrawlDelayHonoured(t *testing.T) {
	var mu sync.Mutex
	var times []time.Time
	pol := policyHTML(t)
	hs := startHostile(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		times = append(times, time.Now())
		mu.Unlock()
		switch r.URL.Path {
		case "/robots.txt":
			fmt.Fprint(w, "User-agent: vigie\nCrawl-delay: 0.3\nDisallow: /private\n")
		case "/":
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, hostileHome)
		case "/privacy-policy":
			w.Header().Set("Content-Type", "text/html")
			w.Write(pol)
		}
	}))
	res := newTestCrawler(t, testOptions(hs.dial)).Discover(context.Background(), "http://www.hostile.test/")
	if res.Status != StatusFound {
		t.Fatalf("%s: %s", res.Status, res.Reason)
	}
	for i := 2; i < len(times); i++ { // after robots.txt was read
		if gap := times[i].Sub(times[i-1]); gap < 250*time.Millisecond {
			t.Errorf("requests %d and %d only %s apart despite Crawl-delay 0.3", i-1, i, gap)
		}
	}
}
