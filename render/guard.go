package render

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httputil"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/vigie-audit/vigie/crawler"
)

// The network guard, in the browser. Every rendering gets its own proxy on
// loopback, and its browser context sends every request through it
// (Target.createBrowserContext's proxyServer, with "<-loopback>" so that
// loopback is not bypassed): plain HTTP is forwarded, HTTPS and WebSockets
// are tunnelled with CONNECT. The proxy dials for the browser and checks
// the address each connection actually reaches — not the URL's host, which
// a DNS name can hide, nor a resolution of its own that a rebinding DNS
// server could contradict later: the default dialer checks the address
// before connecting, and an Options.DialContext's connections are checked
// on their remote address.
//
// The rule is the crawler's: a page on a public address may not reach a
// loopback, private or link-local one; a page on a private address (the
// user's own target on loopback or the intranet) may. Discover says which
// (crawler.PrivateAllowed); called by anyone else, the rendering decides
// from the address the page's own host is first dialled at, private
// addresses being refused until then.
//
// A refused tunnel fails in the browser (ERR_TUNNEL_CONNECTION_FAILED); a
// refused plain request gets a 403 from the proxy. Refusals are logged and
// listed in Rendering.Refused.

// maxRefused bounds the refusals a rendering lists (a page may make
// thousands of requests).
const maxRefused = 50

// guardDialTimeout bounds one connection of the browser.
const guardDialTimeout = 10 * time.Second

// proxyPolicy is what a rendering allows.
type proxyPolicy int

const (
	policyByTarget proxyPolicy = iota // the page's own address decides
	policyPublic                      // private addresses refused
	policyPrivate                     // private addresses allowed
)

// guardProxy is one rendering's proxy.
type guardProxy struct {
	page      string // the page rendered
	target    string // its host:port
	dial      func(ctx context.Context, network, addr string) (net.Conn, error)
	isPrivate func(netip.Addr) bool
	log       *slog.Logger
	ln        net.Listener
	srv       *http.Server
	transport *http.Transport
	fwd       *httputil.ReverseProxy

	mu      sync.Mutex
	policy  proxyPolicy
	refused []string
	seen    map[string]bool
	hosts   map[string]bool // host:port refused
	tunnels map[net.Conn]struct{}
	closed  bool
}

// errRefused is a connection the guard refused.
type errRefused struct {
	host string
	addr netip.Addr
}

func (e *errRefused) Error() string {
	return fmt.Sprintf("refused: %s is the private address %s, asked for by a page on a public address", e.host, e.addr)
}

// startGuard starts the proxy of a rendering of pageURL.
func (b *Browser) startGuard(ctx context.Context, pageURL string) (*guardProxy, error) {
	u, err := url.Parse(pageURL)
	if err != nil {
		return nil, fmt.Errorf("page url: %w", err)
	}
	g := &guardProxy{
		page: pageURL, target: hostPort(u), dial: b.opts.DialContext, isPrivate: b.isPrivate,
		log: b.log, seen: map[string]bool{}, hosts: map[string]bool{}, tunnels: map[net.Conn]struct{}{},
	}
	if g.isPrivate == nil {
		g.isPrivate = crawler.IsPrivateAddr
	}
	if allowed, ok := crawler.PrivateAllowed(ctx); ok {
		g.policy = policyPublic
		if allowed {
			g.policy = policyPrivate
		}
	}
	g.ln, err = net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("start the guard proxy: %w", err)
	}
	g.transport = &http.Transport{
		Proxy:                 nil, // never the environment's
		DialContext:           g.dialGuarded,
		DisableCompression:    true, // the browser's Accept-Encoding goes as it is
		MaxIdleConnsPerHost:   4,
		IdleConnTimeout:       30 * time.Second,
		ResponseHeaderTimeout: b.opts.PageTimeout,
	}
	g.fwd = &httputil.ReverseProxy{
		Rewrite: func(pr *httputil.ProxyRequest) {
			// A proxy request's URL is absolute: it is the destination,
			// already in pr.Out; no X-Forwarded headers are added.
			pr.Out.Host = pr.In.Host
			pr.Out.Header.Del("Proxy-Connection")
			pr.Out.Header.Del("Proxy-Authorization")
		},
		Transport:     g.transport,
		FlushInterval: -1,
		ErrorLog:      slog.NewLogLogger(b.log.Handler(), slog.LevelDebug),
		ErrorHandler:  g.forwardError,
	}
	g.srv = &http.Server{
		Handler:           g,
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          slog.NewLogLogger(b.log.Handler(), slog.LevelDebug),
	}
	go g.srv.Serve(g.ln)
	return g, nil
}

// addr is the proxy's address, for the browser context.
func (g *guardProxy) addr() string { return "http://" + g.ln.Addr().String() }

// close stops the proxy: its listener, forwarded connections and tunnels.
func (g *guardProxy) close() {
	g.mu.Lock()
	g.closed = true
	for c := range g.tunnels {
		c.Close()
	}
	g.mu.Unlock()
	g.srv.Close()
	g.transport.CloseIdleConnections()
}

// refusals returns what the proxy refused, in order.
func (g *guardProxy) refusals() []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]string(nil), g.refused...)
}

func (g *guardProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodConnect {
		g.tunnel(w, r)
		return
	}
	if r.URL.Host == "" || r.URL.Scheme != "http" {
		http.Error(w, "vigie render proxy: not a proxy request", http.StatusBadRequest)
		return
	}
	ctx := context.WithValue(r.Context(), askedKey{}, r.URL.String())
	g.fwd.ServeHTTP(w, r.WithContext(ctx))
}

// askedKey carries the URL of a forwarded request to the dialer, for the
// record of refusals.
type askedKey struct{}

func (g *guardProxy) forwardError(w http.ResponseWriter, r *http.Request, err error) {
	var refused *errRefused
	if errors.As(err, &refused) {
		http.Error(w, "vigie: "+refused.Error(), http.StatusForbidden)
		return
	}
	if r.Context().Err() == nil {
		g.log.Debug("render: proxy", "url", r.URL.String(), "err", err)
	}
	w.WriteHeader(http.StatusBadGateway)
}

// tunnel serves CONNECT: dials the destination through the guard and
// copies both ways.
func (g *guardProxy) tunnel(w http.ResponseWriter, r *http.Request) {
	hostport := r.Host
	if _, _, err := net.SplitHostPort(hostport); err != nil {
		http.Error(w, "vigie render proxy: CONNECT needs host:port", http.StatusBadRequest)
		return
	}
	dst, err := g.dialGuarded(r.Context(), "tcp", hostport)
	if err != nil {
		var refused *errRefused
		if errors.As(err, &refused) {
			http.Error(w, "vigie: "+refused.Error(), http.StatusForbidden)
			return
		}
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	hj, ok := w.(http.Hijacker)
	if !ok {
		dst.Close()
		http.Error(w, "vigie render proxy: cannot tunnel", http.StatusInternalServerError)
		return
	}
	src, buf, err := hj.Hijack()
	if err != nil {
		dst.Close()
		return
	}
	if !g.track(src, dst) {
		src.Close()
		dst.Close()
		return
	}
	defer g.untrack(src, dst)
	if _, err := io.WriteString(src, "HTTP/1.1 200 Connection established\r\n\r\n"); err != nil {
		return
	}
	done := make(chan struct{}, 2)
	go func() {
		// Bytes the browser sent after CONNECT, already buffered.
		if n := buf.Reader.Buffered(); n > 0 {
			b, _ := buf.Reader.Peek(n)
			if _, err := dst.Write(b); err != nil {
				done <- struct{}{}
				return
			}
		}
		io.Copy(dst, src)
		closeWrite(dst)
		done <- struct{}{}
	}()
	go func() {
		io.Copy(src, dst)
		closeWrite(src)
		done <- struct{}{}
	}()
	<-done
	<-done
}

func closeWrite(c net.Conn) {
	if cw, ok := c.(interface{ CloseWrite() error }); ok {
		cw.CloseWrite()
		return
	}
	c.Close()
}

func (g *guardProxy) track(cs ...net.Conn) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.closed {
		return false
	}
	for _, c := range cs {
		g.tunnels[c] = struct{}{}
	}
	return true
}

func (g *guardProxy) untrack(cs ...net.Conn) {
	g.mu.Lock()
	for _, c := range cs {
		delete(g.tunnels, c)
		c.Close()
	}
	g.mu.Unlock()
}

// refusedHost reports whether a connection to hostport was refused.
func (g *guardProxy) refusedHost(hostport string) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.hosts[strings.ToLower(hostport)]
}

// allowsPrivate says whether a connection to hostport may reach a private
// address, and whether this dial decides the page's own class (the first
// dial of its host, when the rendering decides by itself).
func (g *guardProxy) allowsPrivate(hostport string) (allow, decides bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	switch g.policy {
	case policyPrivate:
		return true, false
	case policyPublic:
		return false, false
	}
	if strings.EqualFold(hostport, g.target) {
		return true, true
	}
	return false, false
}

// decide fixes the page's class from its host's first connection.
func (g *guardProxy) decide(private bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.policy != policyByTarget {
		return
	}
	if private {
		g.policy = policyPrivate
	} else {
		g.policy = policyPublic
	}
}

// dialGuarded connects for the browser and applies the guard to the
// address reached.
func (g *guardProxy) dialGuarded(ctx context.Context, network, hostport string) (net.Conn, error) {
	allow, decides := g.allowsPrivate(hostport)
	conn, ip, err := crawler.DialChecked(ctx, g.dial, network, hostport, guardDialTimeout, func(ip netip.Addr) bool {
		return !allow && g.isPrivate(ip)
	})
	if errors.Is(err, crawler.ErrRefusedAddress) {
		refused := &errRefused{host: hostport, addr: ip}
		g.refuse(ctx, refused)
		return nil, refused
	}
	if err != nil {
		return nil, err
	}
	if decides {
		g.decide(ip.IsValid() && g.isPrivate(ip))
	}
	return conn, nil
}

// refuse records and logs a refused connection, once per what was asked,
// up to maxRefused.
func (g *guardProxy) refuse(ctx context.Context, e *errRefused) {
	asked, _ := ctx.Value(askedKey{}).(string)
	if asked == "" {
		asked = e.host
	}
	entry := fmt.Sprintf("%s (%s)", crawler.RedactURL(asked), e.addr)
	g.mu.Lock()
	g.hosts[strings.ToLower(e.host)] = true
	dup := g.seen[entry]
	listed := false
	if !dup {
		g.seen[entry] = true
		if listed = len(g.refused) < maxRefused; listed {
			g.refused = append(g.refused, entry)
		}
	}
	g.mu.Unlock()
	if listed {
		g.log.Warn("render: refused a request of the browser to a private address", "page", g.page,
			"host", e.host, "addr", e.addr.String(), "asked", crawler.RedactURL(asked))
	}
}

// hostPort is u's host:port, the default port added.
func hostPort(u *url.URL) string {
	if u.Port() != "" {
		return strings.ToLower(u.Host)
	}
	port := "80"
	if u.Scheme == "https" || u.Scheme == "wss" {
		port = "443"
	}
	return net.JoinHostPort(strings.ToLower(u.Hostname()), port)
}
