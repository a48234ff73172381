package render_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image/png"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/vigie-audit/vigie/crawler"
	"github.com/vigie-audit/vigie/render"
	"github.com/vigie-audit/vigie/warc"
)

// Browser tests need Chromium (Debian's chromium package; CI installs it).
// Where none is installed they skip, saying so, unless VIGIE_REQUIRE_CHROMIUM=1,
// which makes its absence a failure (CI sets it).
func requireChromium(t testing.TB) string {
	t.Helper()
	path, err := render.Find("")
	if err != nil {
		if os.Getenv("VIGIE_REQUIRE_CHROMIUM") == "1" {
			t.Fatalf("VIGIE_REQUIRE_CHROMIUM=1 but %v", err)
		}
		t.Skipf("browser test skipped: %v (set VIGIE_REQUIRE_CHROMIUM=1 to fail instead)", err)
	}
	return path
}

// fixtures serves testdata/sites/<name>/ as www.<name>.test, plus routes
// for the edge cases, and counts what the server saw.
type fixtures struct {
	srv        *httptest.Server
	images     atomic.Int64
	challenged atomic.Int64
	mu         sync.Mutex
	agents     []string
}

func serveFixtures(t testing.TB) *fixtures {
	t.Helper()
	fx := &fixtures{}
	read := func(site, name string) []byte {
		b, err := os.ReadFile(filepath.Join("testdata", "sites", site, name))
		if err != nil {
			t.Error(err)
		}
		return b
	}
	fx.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		site := strings.TrimSuffix(strings.TrimPrefix(hostOnly(r.Host), "www."), ".test")
		fx.mu.Lock()
		fx.agents = append(fx.agents, r.UserAgent())
		fx.mu.Unlock()
		html := func(b []byte) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write(b)
		}
		switch p := r.URL.Path; {
		case p == "/robots.txt":
			fmt.Fprint(w, "User-agent: *\nAllow: /\n")
		case (p == "/" || p == "/legal/lumen-notice") && site == "challenge":
			if c, err := r.Cookie("clearance"); err != nil || c.Value != "ok" {
				fx.challenged.Add(1)
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				w.WriteHeader(http.StatusForbidden)
				w.Write(read(site, "challenge.html"))
				return
			}
			if p == "/" {
				html(read(site, "index.html"))
			} else {
				html(read(site, "privacy.html"))
			}
		case p == "/":
			http.SetCookie(w, &http.Cookie{Name: "sid", Value: "s1", Path: "/", HttpOnly: true})
			html(read(site, "index.html"))
		case p == "/api/footer.json":
			time.Sleep(150 * time.Millisecond) // an API that takes its time
			w.Header().Set("Content-Type", "application/json")
			w.Write(read(site, "footer.json"))
		case p == "/legal/lumen-notice":
			html(read(site, "privacy.html"))
		case strings.HasPrefix(p, "/static/"):
			fx.images.Add(1)
			w.Header().Set("Content-Type", "image/png")
			w.Write([]byte("\x89PNG\r\n\x1a\n"))
		case strings.HasPrefix(p, "/cookie/"):
			name := strings.TrimPrefix(p, "/cookie/")
			html([]byte(`<html><body><footer>` + name + `</footer><script>document.cookie = "` + name + `=1; max-age=600; path=/";</script></body></html>`))
		case p == "/slow":
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusOK)
			fmt.Fprint(w, "<html><body><p>Loading")
			w.(http.Flusher).Flush()
			<-r.Context().Done()
		case p == "/download":
			w.Header().Set("Content-Type", "application/octet-stream")
			w.Header().Set("Content-Disposition", `attachment; filename="policy.bin"`)
			w.Write(bytes.Repeat([]byte{1}, 4096))
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(fx.srv.Close)
	return fx
}

func hostOnly(hostport string) string {
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		return h
	}
	return hostport
}

func (fx *fixtures) addr() string { return fx.srv.Listener.Addr().String() }

// dial maps every host to the fixture server, for the crawler and the
// browser.
func (fx *fixtures) dial(ctx context.Context, network, _ string) (net.Conn, error) {
	var d net.Dialer
	return d.DialContext(ctx, network, fx.addr())
}

func newBrowser(t testing.TB, fx *fixtures, tune func(*render.Options)) *render.Browser {
	t.Helper()
	o := render.Options{DialContext: fx.dial, PageTimeout: 15 * time.Second,
		UserAgent: "vigie/test (+https://github.com/vigie-audit/vigie)"}
	if tune != nil {
		tune(&o)
	}
	return openBrowser(t, o)
}

// openBrowser starts the Chromium the tests use with o, closed when t ends.
func openBrowser(t testing.TB, o render.Options) *render.Browser {
	t.Helper()
	o.Path = requireChromium(t)
	b, err := render.New(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return b
}

func TestRenderScriptBuiltFooter(t *testing.T) {
	fx := serveFixtures(t)
	b := newBrowser(t, fx, nil)
	ctx := context.Background()
	r, err := b.Render(ctx, "http://www.js-footer.test/")
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("rendered in %s, %d bytes of DOM, %d bytes of PNG, %d cookies; %s", r.Elapsed.Round(time.Millisecond),
		len(r.HTML), len(r.Screenshot), len(r.Cookies), b.Version())
	if !bytes.Contains(r.HTML, []byte(`<a href="/legal/lumen-notice">Privacy Policy</a>`)) {
		t.Errorf("the injected footer is not in the DOM:\n%s", r.HTML)
	}
	if !bytes.HasPrefix(r.HTML, []byte("<!DOCTYPE html>")) {
		t.Errorf("DOM starts %q", r.HTML[:min(40, len(r.HTML))])
	}
	if r.FinalURL != "http://www.js-footer.test/" || r.Status != 200 || r.URL != "http://www.js-footer.test/" {
		t.Errorf("url %s → %s, status %d", r.URL, r.FinalURL, r.Status)
	}
	img, err := png.Decode(bytes.NewReader(r.Screenshot))
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if bd := img.Bounds(); bd.Dx() < 320 || bd.Dy() < 100 {
		t.Errorf("screenshot of %v", bd)
	}
	cookies := map[string]*http.Cookie{}
	for _, c := range r.Cookies {
		cookies[c.Name] = c
	}
	if c := cookies["_lumen_analytics"]; c == nil || c.Domain != "www.js-footer.test" ||
		time.Until(c.Expires) < 364*24*time.Hour || time.Until(c.Expires) > 366*24*time.Hour {
		t.Errorf("the script's cookie: %+v", c)
	}
	if c := cookies["sid"]; c == nil || !c.Expires.IsZero() || !c.HttpOnly {
		t.Errorf("the Set-Cookie cookie: %+v", c)
	}
	if n := fx.images.Load(); n != 0 {
		t.Errorf("%d image requests, want none (images off)", n)
	}
	fx.mu.Lock()
	defer fx.mu.Unlock()
	for _, ua := range fx.agents {
		if !strings.Contains(ua, "Chrome/") || !strings.HasSuffix(ua, " vigie/test (+https://github.com/vigie-audit/vigie)") {
			t.Errorf("user agent %q", ua)
		}
	}
}

func TestRenderLazyFooter(t *testing.T) {
	fx := serveFixtures(t)
	b := newBrowser(t, fx, nil)
	r, err := b.Render(context.Background(), "http://www.lazy-footer.test/")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(r.HTML, []byte(`href="/legal/lumen-notice"`)) {
		t.Errorf("the footer loaded on scroll is not in the DOM")
	}
	if _, err := png.Decode(bytes.NewReader(r.Screenshot)); err != nil {
		t.Errorf("screenshot: %v", err)
	}
}

// discover runs the crawler with the browser and a WARC writer, and
// reads the archive back.
func discover(t *testing.T, fx *fixtures, b *render.Browser, input string) (*crawler.Result, *warc.Archive) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "run.warc.gz")
	w, err := warc.Create(path, warc.Info{Software: "vigie/test", UserAgent: "vigie/test", Fields: []warc.Field{{Name: "render", Value: "auto"}}})
	if err != nil {
		t.Fatal(err)
	}
	o := crawler.Options{Delay: crawler.NoDelay, DialContext: fx.dial, Recorder: w,
		UserAgent: "vigie/test (+https://github.com/vigie-audit/vigie)"}
	if b != nil {
		o.Renderer = b
	} else {
		o.Render = crawler.RenderNever
	}
	c, err := crawler.New(o)
	if err != nil {
		t.Fatal(err)
	}
	res := c.Discover(context.Background(), input)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	a, err := warc.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Problems) > 0 {
		t.Errorf("archive problems: %v", a.Problems)
	}
	return res, a
}

// TestDiscoverRenderedFooter: the policy link exists only in the DOM the
// scripts build. Without the browser discovery finds nothing; with it, the
// policy is found, the browser's cookies are reported, and the archive
// holds the exchanges, the rendered DOM and the footer screenshot.
func TestDiscoverRenderedFooter(t *testing.T) {
	fx := serveFixtures(t)
	res, _ := discover(t, fx, nil, "http://www.js-footer.test/")
	if res.Status != crawler.StatusNotFound {
		t.Errorf("without rendering: %s (%s)", res.Status, res.Reason)
	}

	b := newBrowser(t, fx, nil)
	res, a := discover(t, fx, b, "http://www.js-footer.test/")
	if res.Status != crawler.StatusFound || res.Policy.FinalURL != "http://www.js-footer.test/legal/lumen-notice" {
		t.Fatalf("with rendering: %s (%s)", res.Status, res.Reason)
	}
	if len(res.Rendered) != 1 || !strings.Contains(res.Rendered[0].Reason, "looks built by scripts") {
		t.Errorf("rendered %+v", res.Rendered)
	}
	var sources []string
	for _, c := range res.Cookies {
		sources = append(sources, c.Name+":"+c.Source)
	}
	if got := strings.Join(sources, " "); got != "_lumen_analytics:browser sid:set-cookie" {
		t.Errorf("cookies %s", got)
	}
	// The archive: every exchange, the policy's hash, the DOM and the PNG.
	if a.Count("response") != res.Requests || a.Count("request") != res.Requests {
		t.Errorf("%d responses, %d requests recorded for %d requests", a.Count("response"), a.Count("request"), res.Requests)
	}
	if v := a.Check(res.Policy.SHA256, res.Policy.FinalURL); v.Status != warc.OK {
		t.Errorf("policy not in the archive: %+v", v)
	}
	rp := res.Rendered[0]
	if v := a.Check(rp.SHA256, rp.URL); v.Status != warc.OK || v.Record.Type != "resource" || v.Record.ContentType != "text/html; charset=utf-8" {
		t.Errorf("rendered DOM: %+v", v)
	}
	if v := a.Check(rp.ScreenshotSHA256, "urn:view:"+rp.URL); v.Status != warc.OK || v.Record.ContentType != "image/png" {
		t.Errorf("screenshot: %+v", v)
	}
}

// TestDiscoverChallenge: the site answers the plain client 403 with a
// browser check, on the home page and on the policy; the browser passes
// it, the footer leads to the policy, and the policy is the DOM the
// browser got, archived as a resource record.
func TestDiscoverChallenge(t *testing.T) {
	fx := serveFixtures(t)
	b := newBrowser(t, fx, nil)
	res, a := discover(t, fx, b, "http://www.challenge.test/")
	if res.Status != crawler.StatusFound {
		t.Fatalf("%s: %s; warnings %q", res.Status, res.Reason, res.Warnings)
	}
	if len(res.Rendered) != 2 || !strings.Contains(res.Rendered[0].Reason, "bot-blocked: 403 Forbidden") ||
		res.Rendered[1].URL != "http://www.challenge.test/legal/lumen-notice" {
		t.Errorf("rendered %+v", res.Rendered)
	}
	if !res.Policy.Rendered || !bytes.Contains(res.Policy.Body, []byte("Lumen Lighting Ltd is the controller")) {
		t.Errorf("policy %+v", res.Policy)
	}
	if v := a.Check(res.Policy.SHA256, res.Policy.FinalURL, res.Policy.URL); v.Status != warc.OK || v.Record.Type != "resource" {
		t.Errorf("rendered policy in the archive: %+v", v)
	}
	if fx.challenged.Load() < 4 { // the crawler's fetches and the browser's first loads
		t.Errorf("challenge served %d times", fx.challenged.Load())
	}
	var challenge bool
	for _, r := range a.Records {
		if r.Type == "response" && r.URI == "http://www.challenge.test/" && r.Status == 403 {
			challenge = true
		}
	}
	if !challenge {
		t.Error("the 403 challenge answer is not in the archive")
	}
}

func TestRenderTimeoutAndCancel(t *testing.T) {
	fx := serveFixtures(t)
	b := newBrowser(t, fx, func(o *render.Options) { o.PageTimeout = 4 * time.Second })
	start := time.Now()
	r, err := b.Render(context.Background(), "http://www.js-footer.test/slow")
	// A page that never finishes loading is taken as it is when the settle
	// time runs out, or fails with the timeout: never later.
	if elapsed := time.Since(start); elapsed > 8*time.Second {
		t.Errorf("took %s with a 4s page timeout", elapsed)
	}
	if err == nil && !bytes.Contains(r.HTML, []byte("Loading")) {
		t.Errorf("partial page: %q", r.HTML)
	}
	if err != nil && !strings.Contains(err.Error(), "timed out") {
		t.Errorf("error %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(300*time.Millisecond, cancel)
	start = time.Now()
	if _, err := b.Render(ctx, "http://www.js-footer.test/slow"); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
	if elapsed := time.Since(start); elapsed > 3*time.Second {
		t.Errorf("cancel took %s", elapsed)
	}
	// The browser is still usable.
	if _, err := b.Render(context.Background(), "http://www.js-footer.test/"); err != nil {
		t.Errorf("after a timeout: %v", err)
	}
}

func TestRenderDownloadRefused(t *testing.T) {
	fx := serveFixtures(t)
	b := newBrowser(t, fx, nil)
	_, err := b.Render(context.Background(), "http://www.js-footer.test/download")
	if err == nil || !strings.Contains(err.Error(), "net::ERR_ABORTED") {
		t.Errorf("a download: %v", err)
	}
}

// TestRenderTabsIsolated renders pages at once on two tabs: each sees only
// its own cookie.
func TestRenderTabsIsolated(t *testing.T) {
	fx := serveFixtures(t)
	b := newBrowser(t, fx, func(o *render.Options) { o.Tabs = 2 })
	var wg sync.WaitGroup
	for i := range 5 {
		wg.Go(func() {
			name := fmt.Sprintf("c%d", i)
			r, err := b.Render(context.Background(), "http://www.tabs.test/cookie/"+name)
			if err != nil {
				t.Error(err)
				return
			}
			var got []string
			for _, c := range r.Cookies {
				got = append(got, c.Name)
			}
			if strings.Join(got, ",") != name {
				t.Errorf("page %s sees cookies %q", name, got)
			}
		})
	}
	wg.Wait()
	if s := b.Stats(); s.Rendered != 5 || s.PID == 0 {
		t.Errorf("stats %+v", s)
	}
}

func TestCloseStopsTheBrowser(t *testing.T) {
	fx := serveFixtures(t)
	b := newBrowser(t, fx, nil)
	if _, err := b.Render(context.Background(), "http://www.js-footer.test/"); err != nil {
		t.Fatal(err)
	}
	s := b.Stats()
	// The browser's own profile, from its command line: other test
	// packages start browsers of their own at the same time.
	profile := userDataDir(s.PID)
	if profile == "" {
		t.Fatalf("browser pid %d: no --user-data-dir on its command line", s.PID)
	}
	if _, err := os.Stat(profile); err != nil {
		t.Fatalf("profile %s: %v", profile, err)
	}
	t.Logf("browser pid %d: %d processes, %.1f MiB (PSS); profile %s", s.PID, s.Processes, float64(s.Memory)/(1<<20), profile)
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(fmt.Sprintf("/proc/%d", s.PID)); err == nil {
		t.Errorf("browser process %d still running", s.PID)
	}
	if _, err := os.Stat(profile); err == nil {
		t.Errorf("profile %s left behind", profile)
	}
	if _, err := b.Render(context.Background(), "http://www.js-footer.test/"); err == nil {
		t.Error("rendered after Close")
	}
}

// userDataDir reads the --user-data-dir argument of process pid.
func userDataDir(pid int) string {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
	if err != nil {
		return ""
	}
	for _, arg := range bytes.Split(b, []byte{0}) {
		if dir, ok := strings.CutPrefix(string(arg), "--user-data-dir="); ok {
			return dir
		}
	}
	return ""
}

func TestFindNoBrowser(t *testing.T) {
	if _, err := render.Find("/nonexistent/chromium"); !errors.Is(err, render.ErrNoBrowser) {
		t.Errorf("Find: %v", err)
	}
	if _, err := render.New(render.Options{Path: "/nonexistent/chromium"}); !errors.Is(err, render.ErrNoBrowser) {
		t.Errorf("New: %v", err)
	}
	t.Setenv("PATH", t.TempDir())
	if _, err := exec("/usr/bin/chromium"); err == nil {
		// Debian's chromium is installed: Find prefers it, even without PATH.
		if p, err := render.Find(""); err != nil || p != "/usr/bin/chromium" {
			t.Errorf("Find() = %q, %v", p, err)
		}
	} else if _, err := render.Find(""); !errors.Is(err, render.ErrNoBrowser) {
		t.Errorf("Find() with nothing installed: %v", err)
	}
}

func exec(path string) (os.FileInfo, error) { return os.Stat(path) }
