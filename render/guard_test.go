package render_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/vigie-audit/vigie/crawler"
	"github.com/vigie-audit/vigie/render"
)

// The network guard in the browser: a rendered page on a public address
// must not make Chromium reach a private one, whatever it uses — a script
// or a frame, a fetch, a redirect, an HTTPS tunnel, a DNS name that
// resolves to a private address — while its own requests go through; a
// page that is itself on a private address (the user's target on loopback)
// reaches private addresses freely.
//
// Two loopback servers play the parts: the vendor's, whose connections the
// test's dialler makes look public (a TEST-NET-3 remote address, as the
// crawler's tests do), and the intranet's, plainly on loopback. The
// intranet counts every request it gets: it must get none from a public
// page.

// intranet is the auditor's own network: it answers everything and counts.
type intranet struct {
	srv  *httptest.Server
	hits atomic.Int64
	mu   sync.Mutex
	seen []string
}

func serveIntranet(t *testing.T) *intranet {
	t.Helper()
	in := &intranet{}
	in.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		in.hits.Add(1)
		in.mu.Lock()
		in.seen = append(in.seen, r.Host+r.URL.Path)
		in.mu.Unlock()
		w.Header().Set("Access-Control-Allow-Origin", "*")
		switch {
		case strings.HasSuffix(r.URL.Path, ".js"):
			w.Header().Set("Content-Type", "text/javascript")
			fmt.Fprint(w, `document.body.dataset.intranetScript = "TOP-SECRET";`)
		default:
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, `<html><body><p>TOP-SECRET router admin</p></body></html>`)
		}
	}))
	t.Cleanup(in.srv.Close)
	return in
}

func (in *intranet) port() string {
	_, p, _ := net.SplitHostPort(in.srv.Listener.Addr().String())
	return p
}

// vendorPage tries every way out to the intranet, and loads a script of its
// own.
func vendorPage(in *intranet) string {
	lit := "http://127.0.0.1:" + in.port()
	return `<!DOCTYPE html><html><head><title>Vendor</title>
<script src="/own.js"></script>
<script src="http://intranet.test/probe.js"></script>
<link rel="stylesheet" href="` + lit + `/style.css">
</head><body><main><h1>Connected scales</h1></main>
<iframe src="` + lit + `/frame"></iframe>
<script>
const note = (k, v) => { document.body.dataset[k] = v; };
fetch("http://intranet.test/secret").then(r => r.text()).then(t => note("fetched", t)).catch(() => note("fetchFailed", "1"));
fetch("https://intranet.test/tls").then(r => r.text()).then(t => note("tls", t)).catch(() => note("tlsFailed", "1"));
fetch("/go").then(r => r.text()).then(t => note("redirected", t)).catch(() => note("redirectFailed", "1"));
const x = new XMLHttpRequest(); x.open("GET", "` + lit + `/xhr"); x.send();
try { new WebSocket("ws://intranet.test/ws"); } catch (e) {}
</script>
<footer><a href="/privacy">Privacy</a></footer></body></html>`
}

// vendor serves the vendor's site.
func serveVendor(t *testing.T, in *intranet) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var own atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/robots.txt":
			fmt.Fprint(w, "User-agent: *\nAllow: /\n")
		case "/own.js":
			own.Add(1)
			w.Header().Set("Content-Type", "text/javascript")
			fmt.Fprint(w, `document.addEventListener("DOMContentLoaded", () => { document.body.dataset.own = "loaded"; });`)
		case "/go":
			http.Redirect(w, r, "http://intranet.test/redirected", http.StatusFound)
		case "/go-home":
			http.Redirect(w, r, "http://intranet.test/", http.StatusFound)
		case "/privacy":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, `<html><body><h1>Privacy policy</h1><p>We process your personal data.</p></body></html>`)
		default:
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, vendorPage(in))
		}
	}))
	t.Cleanup(srv.Close)
	return srv, &own
}

// publicConn makes a loopback connection look like one to a public address
// (TEST-NET-3), as a host on the internet would.
type publicConn struct{ net.Conn }

func (publicConn) RemoteAddr() net.Addr { return &net.TCPAddr{IP: net.IPv4(203, 0, 113, 7), Port: 80} }

// network dials www.vendor.test to the vendor (looking public when public
// is set), intranet.test to the intranet, and IP literals as they are.
func network(vendor *httptest.Server, in *intranet, public bool) func(ctx context.Context, network, addr string) (net.Conn, error) {
	return func(ctx context.Context, nw, addr string) (net.Conn, error) {
		var d net.Dialer
		host, _, err := net.SplitHostPort(addr)
		if err != nil {
			return nil, err
		}
		switch {
		case host == "www.vendor.test":
			c, err := d.DialContext(ctx, nw, vendor.Listener.Addr().String())
			if err != nil || !public {
				return c, err
			}
			return publicConn{c}, nil
		case host == "intranet.test":
			return d.DialContext(ctx, nw, in.srv.Listener.Addr().String())
		}
		if _, err := netip.ParseAddr(host); err == nil {
			return d.DialContext(ctx, nw, addr)
		}
		return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
	}
}

func guardBrowser(t *testing.T, dial func(context.Context, string, string) (net.Conn, error)) *render.Browser {
	t.Helper()
	return openBrowser(t, render.Options{DialContext: dial, PageTimeout: 15 * time.Second})
}

func TestGuardRefusesPrivateFromPublicPage(t *testing.T) {
	in := serveIntranet(t)
	vendor, own := serveVendor(t, in)
	b := guardBrowser(t, network(vendor, in, true))
	r, err := b.Render(context.Background(), "http://www.vendor.test/")
	if err != nil {
		t.Fatal(err)
	}
	if n := in.hits.Load(); n != 0 {
		t.Errorf("the intranet got %d requests from a public page: %q", n, in.seen)
	}
	if own.Load() == 0 || !strings.Contains(string(r.HTML), `data-own="loaded"`) {
		t.Errorf("the page's own script did not run (%d requests)", own.Load())
	}
	if strings.Contains(string(r.HTML), "TOP-SECRET") {
		t.Errorf("intranet content in the DOM:\n%s", r.HTML)
	}
	lit := "127.0.0.1:" + in.port()
	for _, want := range []string{
		"http://intranet.test/probe.js (127.0.0.1)",   // a script, by a name that resolves to loopback
		"http://intranet.test/secret (127.0.0.1)",     // fetch
		"intranet.test:443 (127.0.0.1)",               // an HTTPS tunnel
		"http://intranet.test/redirected (127.0.0.1)", // the page's own redirect
		"http://" + lit + "/frame (127.0.0.1)",        // a frame, by address
		"http://" + lit + "/xhr (127.0.0.1)",          // XMLHttpRequest
		"http://" + lit + "/style.css (127.0.0.1)",    // a style sheet
		"intranet.test:80 (127.0.0.1)",                // a WebSocket's tunnel
	} {
		if !slices.Contains(r.Refused, want) {
			t.Errorf("refused %q, want %q among them", r.Refused, want)
		}
	}

	// A public page that redirects the browser into the intranet is not
	// rendered at all.
	if _, err := b.Render(context.Background(), "http://www.vendor.test/go-home"); err == nil ||
		!strings.Contains(err.Error(), "network guard refused the page itself") {
		t.Errorf("a redirect into the intranet: %v", err)
	}
	if n := in.hits.Load(); n != 0 {
		t.Errorf("the intranet got %d requests: %q", n, in.seen)
	}
}

// TestGuardPrivateTarget: the user's own target on loopback may reach
// loopback, as the crawler may.
func TestGuardPrivateTarget(t *testing.T) {
	in := serveIntranet(t)
	vendor, own := serveVendor(t, in)
	b := guardBrowser(t, network(vendor, in, false))
	r, err := b.Render(context.Background(), "http://www.vendor.test/")
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Refused) != 0 {
		t.Errorf("refused %q from a page on loopback", r.Refused)
	}
	if own.Load() == 0 || in.hits.Load() == 0 {
		t.Errorf("own requests %d, intranet requests %d; want both", own.Load(), in.hits.Load())
	}
	if !strings.Contains(string(r.HTML), `data-fetched=`) {
		t.Errorf("the fetch to the intranet did not succeed:\n%s", r.HTML)
	}
}

// TestGuardDefaultDialer: without a DialContext the dialer refuses a
// private address before connecting. 127.0.0.2 plays the intranet, and
// every other address is taken as public.
func TestGuardDefaultDialer(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.2:0")
	if err != nil {
		t.Skipf("no 127.0.0.2 on this machine: %v", err)
	}
	in := &intranet{}
	in.srv = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		in.hits.Add(1)
		w.Header().Set("Access-Control-Allow-Origin", "*")
		fmt.Fprint(w, "TOP-SECRET")
	}))
	in.srv.Listener.Close()
	in.srv.Listener = l
	in.srv.Start()
	t.Cleanup(in.srv.Close)
	priv := "http://" + l.Addr().String()
	var own atomic.Int64
	vendor := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/own" {
			own.Add(1)
			fmt.Fprint(w, "mine")
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<html><body><p>Vendor</p><iframe src="`+priv+`/frame"></iframe><script>
fetch("`+priv+`/secret").catch(() => {});
fetch("/own").then(r => r.text()).then(t => { document.body.dataset.own = t; });
</script></body></html>`)
	}))
	t.Cleanup(vendor.Close)
	b := guardBrowser(t, nil)
	render.SetPrivate(b, func(a netip.Addr) bool { return a == netip.MustParseAddr("127.0.0.2") })
	r, err := b.Render(context.Background(), vendor.URL+"/")
	if err != nil {
		t.Fatal(err)
	}
	if n := in.hits.Load(); n != 0 {
		t.Errorf("the private server got %d requests", n)
	}
	if own.Load() == 0 || !strings.Contains(string(r.HTML), `data-own="mine"`) {
		t.Errorf("the page's own request failed")
	}
	for _, want := range []string{priv + "/frame (127.0.0.2)", priv + "/secret (127.0.0.2)"} {
		if !slices.Contains(r.Refused, want) {
			t.Errorf("refused %q, want %q among them", r.Refused, want)
		}
	}
}

// TestGuardThroughCrawler: Discover tells the browser that the vendor is
// public (the crawler reached it at a public address), the browser refuses
// the intranet, and the vendor's Result says so. When the vendor's name
// resolves to a private address in the browser (DNS rebinding between the
// crawler's fetch and the browser's), the page itself is refused.
func TestGuardThroughCrawler(t *testing.T) {
	in := serveIntranet(t)
	vendor, _ := serveVendor(t, in)
	run := func(browserDial func(context.Context, string, string) (net.Conn, error)) *crawler.Result {
		b := guardBrowser(t, browserDial)
		c, err := crawler.New(crawler.Options{Delay: crawler.NoDelay, DialContext: network(vendor, in, true),
			Render: crawler.RenderAlways, Renderer: b})
		if err != nil {
			t.Fatal(err)
		}
		return c.Discover(context.Background(), "http://www.vendor.test/")
	}
	res := run(network(vendor, in, true))
	if n := in.hits.Load(); n != 0 {
		t.Errorf("the intranet got %d requests: %q", n, in.seen)
	}
	if len(res.Rendered) == 0 {
		t.Fatalf("nothing rendered; warnings %q", res.Warnings)
	}
	var warned bool
	for _, w := range res.Warnings {
		if strings.Contains(w, "the network guard refused") && strings.Contains(w, "intranet.test") {
			warned = true
		}
	}
	if !warned {
		t.Errorf("no warning of the refusals: %q", res.Warnings)
	}
	if r := res.Rendered[0]; len(r.Refused) == 0 || !strings.Contains(strings.Join(r.Refused, " "), "intranet.test") {
		t.Errorf("the rendered page does not list the refused requests: %+v", r)
	}

	// Rebinding: the browser's dialler finds www.vendor.test on loopback.
	res = run(network(vendor, in, false))
	if n := in.hits.Load(); n != 0 {
		t.Errorf("the intranet got %d requests: %q", n, in.seen)
	}
	var refused bool
	for _, w := range res.Warnings {
		if strings.Contains(w, "network guard refused the page itself") {
			refused = true
		}
	}
	if !refused || len(res.Rendered) != 0 {
		t.Errorf("rendered %+v; warnings %q", res.Rendered, res.Warnings)
	}
}
