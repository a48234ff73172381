package crawler

import (
	"context"
	"net"
	"net/netip"
	"strings"
	"sync"
	"syscall"
	"time"
)

// The network guard refuses links and redirects from a public host to a
// loopback, private or link-local address (a vendor page must not make vigie
// reach into the auditor's own network). Targets the user names are fetched
// wherever they are, and so are links from such a target: the rule is about
// the hop from public to private.
//
// The check runs on the address actually dialled (the default dialer checks
// it before connecting; a DialContext hook is checked on the connection it
// returns), and again before every request, from the class remembered for
// the host, because a pooled connection is not dialled again.

type netGuard struct {
	mu        sync.Mutex
	classes   map[string]bool // host:port → private, as last dialled
	isPrivate func(netip.Addr) bool
}

func newNetGuard() *netGuard {
	return &netGuard{classes: map[string]bool{}, isPrivate: isPrivateAddr}
}

func (g *netGuard) class(hostport string) (private, known bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	private, known = g.classes[hostport]
	return
}

func (g *netGuard) record(hostport string, private bool) {
	g.mu.Lock()
	g.classes[hostport] = private
	g.mu.Unlock()
}

var (
	cgnatPrefix   = netip.MustParsePrefix("100.64.0.0/10")
	thisNetPrefix = netip.MustParsePrefix("0.0.0.0/8")
	benchPrefix   = netip.MustParsePrefix("198.18.0.0/15")
)

// isPrivateAddr reports whether a is not a public unicast address.
func isPrivateAddr(a netip.Addr) bool {
	a = a.Unmap()
	return a.IsLoopback() || a.IsPrivate() || a.IsLinkLocalUnicast() || a.IsLinkLocalMulticast() ||
		a.IsInterfaceLocalMulticast() || a.IsMulticast() || a.IsUnspecified() ||
		cgnatPrefix.Contains(a) || thisNetPrefix.Contains(a) || benchPrefix.Contains(a)
}

// literalPrivate reports whether a host name is private before any lookup:
// localhost names and private IP literals.
func (g *netGuard) literalPrivate(host string) bool {
	host = strings.TrimSuffix(strings.ToLower(strings.Trim(host, "[]")), ".")
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	if a, err := netip.ParseAddr(host); err == nil {
		return g.isPrivate(a)
	}
	return false
}

// allowsPrivate reports whether a request that comes from the page at
// fromHostPort may reach a private address: only when that page was itself
// on a private address. "" (the user's own target) may.
func (g *netGuard) allowsPrivate(fromHostPort string) bool {
	if fromHostPort == "" {
		return true
	}
	if h, _, err := net.SplitHostPort(fromHostPort); err == nil && g.literalPrivate(h) {
		return true
	}
	private, known := g.class(fromHostPort)
	return known && private
}

// dialTimeout bounds connecting, within the request timeout.
const dialTimeout = 10 * time.Second

// dial connects for the transport and applies the guard.
func (c *Crawler) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	a, _ := ctx.Value(attemptKey{}).(*attempt)
	allow, from := true, ""
	if a != nil {
		allow, from = a.allowPrivate, a.from
	}
	var (
		conn net.Conn
		err  error
	)
	if c.opts.DialContext != nil {
		conn, err = c.opts.DialContext(ctx, network, addr)
	} else {
		d := &net.Dialer{
			Timeout:   min(dialTimeout, c.opts.RequestTimeout),
			KeepAlive: 30 * time.Second,
			ControlContext: func(_ context.Context, _, address string, _ syscall.RawConn) error {
				ap, perr := netip.ParseAddrPort(address)
				if perr != nil {
					return nil
				}
				if c.guard.isPrivate(ap.Addr()) && !allow {
					c.guard.record(addr, true)
					return &privateAddressError{From: from, Host: addr, Addr: ap.Addr().Unmap()}
				}
				return nil
			},
		}
		conn, err = d.DialContext(ctx, network, addr)
	}
	if err != nil {
		return nil, err
	}
	ip := remoteAddr(conn)
	private := ip.IsValid() && c.guard.isPrivate(ip)
	c.guard.record(addr, private)
	if private && !allow {
		conn.Close()
		return nil, &privateAddressError{From: from, Host: addr, Addr: ip}
	}
	return conn, nil
}

func remoteAddr(conn net.Conn) netip.Addr {
	if conn.RemoteAddr() == nil {
		return netip.Addr{}
	}
	ap, err := netip.ParseAddrPort(conn.RemoteAddr().String())
	if err != nil {
		return netip.Addr{}
	}
	return ap.Addr().Unmap()
}
