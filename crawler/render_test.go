package crawler

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// Rendering and recording, with stand-ins for the browser and the archive
// (package render drives a real Chromium, package warc writes real WARC
// files; both test against this package's hooks end to end).

func TestRenderDecision(t *testing.T) {
	html := http.Header{"Content-Type": {"text/html; charset=utf-8"}}
	words := strings.Repeat("Our connected scales measure weight and body composition. ", 20)
	cases := []struct {
		name   string
		status int
		header http.Header
		body   string
		cand   bool
		want   string // substring of the reason; "" for none
	}{
		{"app shell", 200, html, `<html><body><div id="root"></div><noscript>You need to enable JavaScript to run this app.</noscript></body></html>`, false,
			"looks built by scripts: 0 words of text, no <footer>, framework root #root, <noscript> asks for JavaScript"},
		{"empty footer and app div", 200, html, `<html><body><main id="app"><h1>Analog looks</h1><p>Loading…</p></main><div id="site-footer"></div></body></html>`, false,
			"an empty <footer>, framework root #app"},
		{"angular", 200, html, `<html><body><app-root ng-version="17.0.1"></app-root></body></html>`, false, "framework root <app-root>"},
		{"next.js rendered on the server", 200, html, `<html><body><div id="__next"><main>` + words + `</main><footer><a href="/about">About</a> © Acme</footer></div></body></html>`, false, ""},
		{"static page without a policy link", 200, html, `<html><body><main>` + words + `</main><footer>© Acme 2025 — all rights reserved</footer></body></html>`, false, ""},
		{"tiny page without footer", 200, html, `<html><body><p>Coming soon.</p></body></html>`, false, "2 words of text, no <footer>"},
		{"has a candidate", 200, html, `<html><body><div id="root"></div></body></html>`, true, ""},
		{"not html", 200, http.Header{"Content-Type": {"application/pdf"}}, "%PDF-1.4 tiny", false, ""},
		{"cloudflare 403", 403, html, `<html><head><title>Just a moment...</title></head><body><div id="cf-chl-widget"></div><footer><a href="/privacy">Privacy</a></footer></body></html>`, true,
			"bot-blocked: 403 Forbidden with a Cloudflare challenge"},
		{"cloudflare header", 503, http.Header{"Content-Type": {"text/html"}, "Cf-Mitigated": {"challenge"}}, `<html></html>`, false,
			"503 Service Unavailable with a Cloudflare challenge"},
		{"checking your browser 429", 429, html, `<p>Checking your browser before accessing shop.test.</p>`, false, `429 Too Many Requests with a "Checking your browser" challenge`},
		{"imperva", 403, html, `<html><body><iframe src="/_Incapsula_Resource?SWUDNSAI=31"></iframe></body></html>`, false, "Imperva (Incapsula)"},
		{"akamai", 403, html, `<H1>Access Denied</H1>Reference&#32;&#35;18.4b1 https://errors.edgesuite.net/18.4b1`, false, "Akamai"},
		{"captcha on a 404 is no block", 404, html, `<p>captcha</p>`, true, ""},
		{"plain 403 without a challenge", 403, html, `<html><body>` + words + `<footer><a href="/legal">Legal</a></footer></body></html>`, true, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := RenderDecision(c.status, c.header, []byte(c.body), c.cand)
			switch {
			case c.want == "" && got != "":
				t.Errorf("rendered: %q", got)
			case c.want != "" && !strings.Contains(got, c.want):
				t.Errorf("reason %q, want it to contain %q", got, c.want)
			}
		})
	}
}

func TestRenderModes(t *testing.T) {
	c := caseByName(t, "well-known") // an app shell: <div id="root"> and a noscript
	fs := startFixtureSite(t, c)

	// auto without a browser: a warning, not a failure.
	res := newTestCrawler(t, testOptions(fs.dial)).Discover(context.Background(), c.Input)
	if res.Status != StatusFound || !hasWarning(res, "page looks script-built but no Chromium is installed: rendered discovery skipped") {
		t.Errorf("auto without a renderer: %s, warnings %q", res.Status, res.Warnings)
	}
	// never: no warning.
	o := testOptions(fs.dial)
	o.Render = RenderNever
	res = newTestCrawler(t, o).Discover(context.Background(), c.Input)
	if hasWarning(res, "Chromium") || len(res.Rendered) != 0 {
		t.Errorf("never: warnings %q, rendered %+v", res.Warnings, res.Rendered)
	}
	// always needs a renderer; an unknown mode is refused.
	o.Render = RenderAlways
	if _, err := New(o); err == nil || !strings.Contains(err.Error(), "needs a Renderer") {
		t.Errorf("always without a renderer: %v", err)
	}
	o.Render = "sometimes"
	if _, err := New(o); err == nil || !strings.Contains(err.Error(), `render mode "sometimes"`) {
		t.Errorf("unknown mode: %v", err)
	}
	// always renders a page whose HTML has the link.
	c2 := caseByName(t, "footer-en")
	fs2 := startFixtureSite(t, c2)
	o2 := testOptions(fs2.dial)
	o2.Render = RenderAlways
	r := &fakeRenderer{html: `<html><body><footer><a href="/privacy-policy">Privacy Policy</a></footer></body></html>`}
	o2.Renderer = r
	res = newTestCrawler(t, o2).Discover(context.Background(), c2.Input)
	if res.Status != StatusFound || r.calls != 1 || len(res.Rendered) != 1 || res.Rendered[0].Reason != "render mode always" {
		t.Errorf("always: %s, %d calls, rendered %+v", res.Status, r.calls, res.Rendered)
	}
	if got := res.Rendered[0]; got.SHA256 != sum256([]byte(r.html)) || got.ScreenshotSHA256 == "" || !got.RenderedAt.Equal(fixedNow) {
		t.Errorf("rendered page %+v", got)
	}
}

// challengeSite answers the home page with a bot challenge (status) to
// the plain client; the policy is served to anyone.
func challengeSite(t *testing.T, status int) http.Handler {
	return siteWith(t, func(w http.ResponseWriter, r *http.Request) bool {
		if r.URL.Path != "/" {
			return false
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(status)
		fmt.Fprint(w, `<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>
<noscript>Enable JavaScript and cookies to continue</noscript><div id="challenge-body">Checking your browser before accessing www.hostile.test.</div></body></html>`)
		return true
	})
}

func TestRenderBotBlocked(t *testing.T) {
	dom := `<html><body><main>Smart things</main><footer><a href="/privacy-policy">Privacy Policy</a></footer></body></html>`
	for _, status := range []int{http.StatusForbidden, http.StatusServiceUnavailable} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			r := &fakeRenderer{html: dom}
			res, _ := discoverHostile(t, challengeSite(t, status), func(o *Options) { o.Renderer = r })
			wantStatus(t, res, StatusFound, "footer link")
			if len(res.Rendered) != 1 || !strings.Contains(res.Rendered[0].Reason, fmt.Sprintf("bot-blocked: %d", status)) {
				t.Errorf("rendered %+v", res.Rendered)
			}
			// Without a browser: a 503 leaves the site unreachable; a 403 is
			// read as an error page (the policy is then found at a common
			// path), with a warning that rendering was skipped.
			res, _ = discoverHostile(t, challengeSite(t, status), nil)
			if status == http.StatusServiceUnavailable {
				wantStatus(t, res, StatusFetchError, "503")
			} else if !hasWarning(res, "page looks bot-blocked but no Chromium is installed: rendered discovery skipped") {
				t.Errorf("warnings %q", res.Warnings)
			}
		})
	}
}

func TestRenderBrowserCookies(t *testing.T) {
	h := siteWith(t, func(w http.ResponseWriter, r *http.Request) bool {
		if r.URL.Path != "/" {
			return false
		}
		http.SetCookie(w, &http.Cookie{Name: "sid", Value: "1", Path: "/"})
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<html><body><div id="root"></div></body></html>`)
		return true
	})
	r := &fakeRenderer{
		html: `<html><body><footer><a href="/privacy-policy">Privacy Policy</a></footer></body></html>`,
		cookies: []*http.Cookie{
			{Name: "sid", Domain: "www.hostile.test"}, // also set by the header
			{Name: "_ga", Domain: ".hostile.test", Expires: fixedNow.Add(400 * 24 * time.Hour)},
			{Name: "IDE", Domain: ".doubleclick.test", Expires: fixedNow.Add(390 * 24 * time.Hour)},
			{Name: "gone", Domain: "www.hostile.test", Expires: fixedNow.Add(-time.Hour)},
		},
	}
	res, _ := discoverHostile(t, h, func(o *Options) { o.Renderer = r })
	wantStatus(t, res, StatusFound, "")
	want := []Cookie{
		{Name: "IDE", Domain: "doubleclick.test", ThirdParty: true, LifetimeSeconds: 390 * 24 * 3600, Source: "browser"},
		{Name: "_ga", Domain: "hostile.test", LifetimeSeconds: 400 * 24 * 3600, Source: "browser"},
		{Name: "sid", Domain: "www.hostile.test", Source: "set-cookie"},
	}
	if fmt.Sprint(res.Cookies) != fmt.Sprint(want) {
		t.Errorf("cookies\n got %+v\nwant %+v", res.Cookies, want)
	}
}

// memRecorder keeps what it is given.
type memRecorder struct {
	mu         sync.Mutex
	exchanges  []*Exchange
	renderings []*Rendering
	fail       error
}

func (m *memRecorder) RecordExchange(ex *Exchange) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.exchanges = append(m.exchanges, ex)
	return m.fail
}

func (m *memRecorder) RecordRendering(r *Rendering) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.renderings = append(m.renderings, r)
	return m.fail
}

func gz(t *testing.T, b []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

func TestRecorderSeesEveryExchange(t *testing.T) {
	pol := policyHTML(t)
	var seen sync.Map
	h := siteWith(t, func(w http.ResponseWriter, r *http.Request) bool {
		seen.Store(r.URL.Path, r.Header.Get("Accept-Encoding"))
		switch r.URL.Path {
		case "/robots.txt":
			fmt.Fprint(w, "User-agent: *\nAllow: /\n")
		case "/":
			http.Redirect(w, r, "/en/", http.StatusMovedPermanently)
		case "/en/":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, `<html><body><main>Smart things</main><footer><a href="/privacy-policy">Privacy Policy</a></footer></body></html>`)
		case "/privacy-policy":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Header().Set("Content-Encoding", "gzip")
			w.Write(gz(t, pol))
		default:
			return false
		}
		return true
	})
	rec := &memRecorder{}
	res, _ := discoverHostile(t, h, func(o *Options) { o.Recorder = rec })
	wantStatus(t, res, StatusFound, "")
	if len(rec.exchanges) != res.Requests {
		t.Errorf("%d exchanges recorded, %d requests made", len(rec.exchanges), res.Requests)
	}
	byPath := map[string]*Exchange{}
	for _, ex := range rec.exchanges {
		byPath[ex.Request.URL.Path] = ex
		if ex.RemoteAddr == "" || !ex.At.Equal(fixedNow) || ex.Request.Header.Get("User-Agent") == "" {
			t.Errorf("%s: remote %q, at %s, headers %v", ex.Request.URL, ex.RemoteAddr, ex.At, ex.Request.Header)
		}
		if ae := ex.Request.Header.Get("Accept-Encoding"); ae != "gzip" {
			t.Errorf("%s: recorded Accept-Encoding %q", ex.Request.URL, ae)
		}
		if sent, _ := seen.Load(ex.Request.URL.Path); sent != ex.Request.Header.Get("Accept-Encoding") {
			t.Errorf("%s: the server got Accept-Encoding %q, the record says %q", ex.Request.URL, sent, ex.Request.Header.Get("Accept-Encoding"))
		}
	}
	for path, status := range map[string]int{"/robots.txt": 200, "/": 301, "/en/": 200, "/privacy-policy": 200} {
		ex := byPath[path]
		if ex == nil {
			t.Errorf("%s: not recorded", path)
			continue
		}
		if ex.Response.StatusCode != status || ex.Truncated != "" {
			t.Errorf("%s: recorded %d (truncated %q), want %d", path, ex.Response.StatusCode, ex.Truncated, status)
		}
	}
	if loc := byPath["/"].Response.Header.Get("Location"); loc != "/en/" {
		t.Errorf("redirect recorded with Location %q", loc)
	}
	// The policy is recorded as sent (gzip); decoded, it is the report's.
	ex := byPath["/privacy-policy"]
	if ex.Response.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("policy headers %v", ex.Response.Header)
	}
	zr, err := gzip.NewReader(bytes.NewReader(ex.Body))
	if err != nil {
		t.Fatal(err)
	}
	plain, _ := io.ReadAll(zr)
	sum := sha256.Sum256(plain)
	if hex.EncodeToString(sum[:]) != res.Policy.SHA256 {
		t.Errorf("decoded record hash %x, policy %s", sum, res.Policy.SHA256)
	}
}

func TestRecorderTruncationAndRendering(t *testing.T) {
	h := siteWith(t, func(w http.ResponseWriter, r *http.Request) bool {
		switch r.URL.Path {
		case "/":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, `<html><body><div id="root"></div>`+strings.Repeat("<!-- padding -->", 10000)+`</body></html>`)
		case "/logo.png":
			w.Header().Set("Content-Type", "image/png")
			w.Write(bytes.Repeat([]byte{0x89}, 100))
		default:
			return false
		}
		return true
	})
	r := &fakeRenderer{html: `<html><body><footer><a href="/privacy-policy">Privacy Policy</a></footer></body></html>`}
	rec := &memRecorder{}
	res, _ := discoverHostile(t, h, func(o *Options) {
		o.Recorder, o.Renderer, o.MaxBodyBytes = rec, r, 64<<10
	})
	if res.Home == nil || !res.Home.Truncated {
		t.Fatalf("home %+v", res.Home)
	}
	byPath := map[string]*Exchange{}
	for _, ex := range rec.exchanges {
		byPath[ex.Request.URL.Path] = ex
	}
	if home := byPath["/"]; home == nil || home.Truncated != TruncatedLength || !bytes.Equal(home.Body, res.Home.Body) {
		t.Errorf("home exchange: %+v", home)
	}
	if robots := byPath["/robots.txt"]; robots == nil || robots.Response.StatusCode != 404 {
		t.Errorf("robots.txt exchange: %+v", robots)
	}
	if len(rec.renderings) != 1 || rec.renderings[0].URL != "http://www.hostile.test/" || string(rec.renderings[0].HTML) != r.html {
		t.Errorf("renderings %+v", rec.renderings)
	}

	// A recorder that fails costs a warning, not the vendor.
	rec = &memRecorder{fail: errors.New("disk full")}
	res, _ = discoverHostile(t, h, func(o *Options) { o.Recorder, o.Renderer = rec, r })
	wantStatus(t, res, StatusFound, "")
	if !hasWarning(res, "evidence not recorded: disk full") {
		t.Errorf("warnings %q", res.Warnings)
	}
}

// TestRenderPolicyPage: the policy link itself is bot-blocked, or its HTML
// is an app shell; the browser's DOM is the policy (Page.Rendered).
func TestRenderPolicyPage(t *testing.T) {
	pol := string(policyHTML(t))
	shell := `<!DOCTYPE html><html><head><title>Acme</title></head><body><div id="root"></div><noscript>Please enable JavaScript.</noscript></body></html>`
	// A policy host's embed in the site's own frame: one sign, decisive.
	embed := `<!DOCTYPE html><html><head><title>Acme</title></head><body><nav><a href="/">Acme</a> <a href="/shop">Shop</a></nav>
<div name="termly-embed" data-id="0b6f"></div><footer><a href="/privacy-policy">Privacy Policy</a> © Acme, all the gadgets you need</footer></body></html>`
	for _, tc := range []struct {
		name   string
		status int
		body   string
		reason string
		embed  string // Page.Embed of the policy taken without a browser
	}{
		{"blocked", http.StatusForbidden, `<title>Just a moment...</title><div class="cf-chl">Checking your browser</div>`, "bot-blocked: 403", ""},
		{"app shell", http.StatusOK, shell, "the page's HTML looks built by scripts", ""},
		{"policy embed", http.StatusOK, embed, "a Termly policy embed", "Termly"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := siteWith(t, func(w http.ResponseWriter, r *http.Request) bool {
				if r.URL.Path != "/privacy-policy" {
					return false
				}
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				w.WriteHeader(tc.status)
				fmt.Fprint(w, tc.body)
				return true
			})
			r := &fakeRenderer{pages: map[string]string{"http://www.hostile.test/privacy-policy": pol}}
			rec := &memRecorder{}
			res, _ := discoverHostile(t, h, func(o *Options) { o.Renderer, o.Recorder = r, rec })
			wantStatus(t, res, StatusFound, "footer link")
			if res.Policy == nil || !res.Policy.Rendered || res.Policy.SHA256 != sum256([]byte(pol)) || res.Policy.StatusCode != 200 {
				t.Fatalf("policy %+v", res.Policy)
			}
			if len(res.Rendered) != 1 || !strings.Contains(res.Rendered[0].Reason, tc.reason) || res.Rendered[0].SHA256 != res.Policy.SHA256 {
				t.Errorf("rendered %+v", res.Rendered)
			}
			if len(rec.renderings) != 1 || string(rec.renderings[0].HTML) != pol {
				t.Errorf("recorded renderings: %d", len(rec.renderings))
			}
			// Without a browser: a warning, and the link stays what it was;
			// a policy host's embed is the policy, its text unread.
			res, _ = discoverHostile(t, h, nil)
			if !hasWarning(res, "but no Chromium is installed: rendered discovery skipped") {
				t.Errorf("without a browser: warnings %q", res.Warnings)
			}
			switch {
			case tc.embed == "" && res.Status == StatusFound:
				t.Errorf("without a browser: %s %s", res.Status, res.Reason)
			case tc.embed != "" && (res.Policy == nil || res.Policy.Embed != tc.embed || res.Policy.Rendered || !hasWarning(res, tc.embed+" embed, not rendered")):
				t.Errorf("without a browser: %s %+v, warnings %q", res.Status, res.Policy, res.Warnings)
			}
			if tc.embed == "" {
				return
			}
			// A browser whose rendering holds no policy either (the host's
			// script did not load): still the policy, its text unread.
			r = &fakeRenderer{pages: map[string]string{"http://www.hostile.test/privacy-policy": tc.body}}
			res, _ = discoverHostile(t, h, func(o *Options) { o.Renderer = r })
			if res.Policy == nil || res.Policy.Embed != tc.embed || res.Policy.Rendered || !hasWarning(res, "the rendered page did not fill either") {
				t.Errorf("rendered without the policy: %s %+v, warnings %q", res.Status, res.Policy, res.Warnings)
			}
		})
	}
}

// guardRenderer notes what Discover allows the browser, and reports the
// refusals a browser behind the guard would.
type guardRenderer struct {
	allowed, ok []bool
	refused     []string
}

func (g *guardRenderer) Render(ctx context.Context, pageURL string) (*Rendering, error) {
	a, ok := PrivateAllowed(ctx)
	g.allowed, g.ok = append(g.allowed, a), append(g.ok, ok)
	html := `<html><body><footer><a href="/privacy-policy">Privacy Policy</a></footer></body></html>`
	return &Rendering{URL: pageURL, FinalURL: pageURL, Status: 200, HTML: []byte(html), Refused: g.refused, At: fixedNow}, nil
}

// TestRenderPrivateAllowed: the browser may reach private addresses when
// the page rendered is on one (the user's target on loopback), not when
// it is public; the refusals become a warning.
func TestRenderPrivateAllowed(t *testing.T) {
	if _, ok := PrivateAllowed(context.Background()); ok {
		t.Error("PrivateAllowed outside Discover")
	}
	for _, public := range []bool{false, true} {
		hs := startHostile(t, siteWith(t, nil))
		dial := hs.dial
		if public {
			dial = func(ctx context.Context, network, addr string) (net.Conn, error) {
				c, err := hs.dial(ctx, network, addr)
				if err != nil {
					return nil, err
				}
				return publicConn{c}, nil
			}
		}
		o := testOptions(dial)
		o.Render = RenderAlways
		refused := make([]string, 7)
		for i := range refused {
			refused[i] = fmt.Sprintf("http://10.0.0.%d/ (10.0.0.%d)", i+1, i+1)
		}
		r := &guardRenderer{refused: refused}
		o.Renderer = r
		res := newTestCrawler(t, o).Discover(context.Background(), "http://www.hostile.test/")
		if len(r.allowed) != 1 || !r.ok[0] || r.allowed[0] == public {
			t.Errorf("public %v: allowed %v (ok %v)", public, r.allowed, r.ok)
		}
		want := "rendering http://www.hostile.test/: the network guard refused 7 of the browser's requests from this public page to private addresses: " +
			"http://10.0.0.1/ (10.0.0.1), http://10.0.0.2/ (10.0.0.2), http://10.0.0.3/ (10.0.0.3), http://10.0.0.4/ (10.0.0.4), http://10.0.0.5/ (10.0.0.5) and 2 more"
		if !hasWarning(res, want) {
			t.Errorf("public %v: warnings %q", public, res.Warnings)
		}
	}
}
