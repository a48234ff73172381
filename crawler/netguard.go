package crawler

import (
	"context"
	"errors"
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
	conn, ip, err := DialChecked(ctx, c.opts.DialContext, network, addr, min(dialTimeout, c.opts.RequestTimeout),
		func(ip netip.Addr) bool { return !allow && c.guard.isPrivate(ip) })
	if errors.Is(err, ErrRefusedAddress) {
		c.guard.record(addr, true)
		return nil, &privateAddressError{From: from, Host: addr, Addr: ip}
	}
	if err != nil {
		return nil, err
	}
	c.guard.record(addr, ip.IsValid() && c.guard.isPrivate(ip))
	return conn, nil
}

// ErrRefusedAddress is DialChecked's refusal of the address it reached.
var ErrRefusedAddress = errors.New("address refused by the network guard")

// refusedAddrError is the default dialer's refusal of addr, before it
// connects.
type refusedAddrError struct{ addr netip.Addr }

func (e *refusedAddrError) Error() string { return ErrRefusedAddress.Error() + ": " + e.addr.String() }

// DialChecked connects to addr and returns the address reached; refuse
// says which addresses it must not reach. With dial nil, a net.Dialer of
// the given timeout refuses such an address before connecting; with a dial
// of the caller's, the connection it returns is checked and closed. A
// refusal returns ErrRefusedAddress with the address refused. It is the
// network guard's dialler, for Renderers that apply the guard to a browser
// too.
func DialChecked(ctx context.Context, dial func(ctx context.Context, network, addr string) (net.Conn, error),
	network, addr string, timeout time.Duration, refuse func(netip.Addr) bool) (net.Conn, netip.Addr, error) {
	if dial == nil {
		d := &net.Dialer{
			Timeout:   timeout,
			KeepAlive: 30 * time.Second,
			ControlContext: func(_ context.Context, _, address string, _ syscall.RawConn) error {
				ap, err := netip.ParseAddrPort(address)
				if err != nil || !refuse(ap.Addr()) {
					return nil
				}
				return &refusedAddrError{ap.Addr().Unmap()}
			},
		}
		dial = d.DialContext
	}
	conn, err := dial(ctx, network, addr)
	if err != nil {
		// The dialer may try several addresses at once (RFC 8305): the
		// refused one travels in the error, not in a shared variable.
		if re := (*refusedAddrError)(nil); errors.As(err, &re) {
			return nil, re.addr, ErrRefusedAddress
		}
		return nil, netip.Addr{}, err
	}
	ip := remoteAddr(conn)
	if ip.IsValid() && refuse(ip) {
		conn.Close()
		return nil, ip, ErrRefusedAddress
	}
	return conn, ip, nil
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
