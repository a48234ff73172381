// Package hostile serves misbehaving vendor sites on loopback, for vigie's
// reliability tests and figures: slow servers, bodies that never end,
// decompression bombs, redirect loops, huge pages, pages that lie about
// their type or charset, connections reset mid-body, rate limits, huge
// robots.txt files, self-referencing sitemaps, links into the auditor's own
// network and URLs carrying credentials. Each case is a realistic vendor
// site under its own made-up host name (slowloris.hostile.test, …) with the
// hostile part added, and a few well-behaved vendors are served alongside.
//
// One Server answers for every host; its Dial method, given to
// crawler.Options.DialContext, maps the names to the listener, makes the
// vendors look like hosts on the internet (a public TEST-NET address) except
// InternalHost, which keeps its loopback address, and refuses everything
// else, so that nothing ever leaves the machine.
package hostile

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"log"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"

	"github.com/vigie-audit/vigie/internal/farm"
)

// Domain is the made-up domain every vendor of the server lives under.
const Domain = "hostile.test"

// InternalHost is a name that resolves to a loopback address, as an
// intranet host or a DNS-rebinding name would: a public vendor's redirect
// there must be refused.
const InternalHost = "internal." + Domain

// Statuses the cases expect (the crawler's and the report's).
const (
	found      = "found"
	notFound   = "not_found"
	brokenLink = "broken_link"
	fetchError = "fetch_error"
)

// A Case is one vendor of the server: a hostile case or a good vendor.
type Case struct {
	// Name is the case's id; the vendor answers at http://Name.hostile.test/.
	Name string
	// Does says what the server does, for the reliability report.
	Does string
	// Status is the status vigie must give the vendor.
	Status string
	// Reason is a regular expression the vendor's reason must match.
	Reason string
	// LinkAt, when set, is how far into its page the case's policy link
	// lies. A crawler whose body cap is below it cannot see the link, and
	// must conclude CutStatus and CutReason instead (the policy is then
	// found at a common path, with the body cut noted).
	LinkAt               int64
	CutStatus, CutReason string
	// Good marks a well-behaved vendor: its policy is farm.Policy(Farm) and
	// its results must not depend on the hostile vendors beside it.
	Good bool
	// Farm is the farm vendor whose home page and policy a good vendor
	// serves.
	Farm int

	serve handler
}

// Expect returns the status and reason regular expression vigie must
// give the case with the given body cap (crawler.Options.MaxBodyBytes).
func (c Case) Expect(maxBody int64) (status, reason string) {
	if c.LinkAt > 0 && maxBody < c.LinkAt {
		return c.CutStatus, c.CutReason
	}
	return c.Status, c.Reason
}

// Host is the vendor's host name.
func (c Case) Host() string { return c.Name + "." + Domain }

// URL is the vendor's home page.
func (c Case) URL() string { return "http://" + c.Host() + "/" }

// handler answers a request of a case; it returns false to let the
// vendor's ordinary site (home page, policy, robots.txt) answer.
type handler func(s *Server, w http.ResponseWriter, r *http.Request) bool

// Hostile returns the hostile cases, in a fixed order.
func Hostile() []Case {
	var out []Case
	for _, c := range cases {
		if !c.Good {
			out = append(out, c)
		}
	}
	return out
}

// Good returns the well-behaved vendors.
func Good() []Case {
	var out []Case
	for _, c := range cases {
		if c.Good {
			out = append(out, c)
		}
	}
	return out
}

// All returns every vendor: the hostile cases, then the good ones.
func All() []Case { return append(Hostile(), Good()...) }

// Lookup returns the case of a name.
func Lookup(name string) (Case, bool) {
	for _, c := range cases {
		if c.Name == name {
			return c, true
		}
	}
	return Case{}, false
}

// A Server serves every case on one loopback listener.
type Server struct {
	ln  net.Listener
	srv *http.Server
	wg  sync.WaitGroup // handlers in flight

	mu       sync.Mutex
	hits     map[string]int // host → requests
	pathHits map[string]int // host+path → requests
	dials    map[string]int // address → dials asked of Dial
}

// Start serves the cases on 127.0.0.1 (a free port).
func Start(ctx context.Context) (*Server, error) {
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("hostile: listen: %w", err)
	}
	// Build the big bodies now, not during a vendor's budget.
	garbage()
	deepPage()
	footerPage()
	robotsBlock()
	bomb()
	s := &Server{ln: ln, hits: map[string]int{}, pathHits: map[string]int{}, dials: map[string]int{}}
	// No server timeouts: the cases decide how long they take, and stop
	// when the client goes away or the server closes.
	s.srv = &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second, ErrorLog: discardLog()}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		_ = s.srv.Serve(ln)
	}()
	return s, nil
}

// Addr is the listener's address, 127.0.0.1:port.
func (s *Server) Addr() string { return s.ln.Addr().String() }

// Close stops the server and waits for its handlers.
func (s *Server) Close() error {
	err := s.srv.Close()
	s.wg.Wait()
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

// Requests returns how many requests host received (host as in the Host
// header: a name, or 127.0.0.1:port).
func (s *Server) Requests(host string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[strings.ToLower(host)]
}

// Dials returns how many connections to addr (host:port) were asked of
// Dial.
func (s *Server) Dials(addr string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.dials[addr]
}

// Dial connects to the server for the names under Domain and for the
// listener's own address; it refuses every other address without touching
// the network. Vendors look like public hosts: the connection reports a
// TEST-NET-3 address (203.0.113.0/24) as its remote end, except for
// InternalHost and the listener's own address, which report loopback.
func (s *Server) Dial(ctx context.Context, network, addr string) (net.Conn, error) {
	s.mu.Lock()
	s.dials[addr]++
	s.mu.Unlock()
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	var d net.Dialer
	switch {
	case addr == s.Addr() || host == InternalHost:
		return d.DialContext(ctx, network, s.Addr())
	case strings.HasSuffix(host, "."+Domain):
		conn, err := d.DialContext(ctx, network, s.Addr())
		if err != nil {
			return nil, err
		}
		return publicConn{conn, publicAddr(host)}, nil
	case net.ParseIP(host) != nil:
		return nil, &net.OpError{Op: "dial", Net: network, Err: errors.New("no route to host (test network)")}
	}
	return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
}

// publicConn is a loopback connection that reports a public remote
// address, as a connection to a host on the internet would.
type publicConn struct {
	net.Conn
	remote net.Addr
}

func (c publicConn) RemoteAddr() net.Addr { return c.remote }

func publicAddr(host string) net.Addr {
	h := fnv.New32a()
	h.Write([]byte(host))
	return &net.TCPAddr{IP: net.IPv4(203, 0, 113, byte(1+h.Sum32()%250)), Port: 80}
}

// ServeHTTP answers for every case.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.wg.Add(1)
	defer s.wg.Done()
	host := strings.ToLower(r.Host)
	s.mu.Lock()
	s.hits[host]++
	s.pathHits[host+r.URL.Path]++
	s.mu.Unlock()
	if host == InternalHost || host == s.Addr() {
		// What a vendor must never make vigie reach.
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<html><body><h1>Intranet</h1><p>Privacy policy of the internal network: secret.</p></body></html>`)
		return
	}
	name, ok := strings.CutSuffix(strings.Split(host, ":")[0], "."+Domain)
	c, known := Lookup(name)
	if !ok || !known {
		http.Error(w, "no such vendor", http.StatusNotFound)
		return
	}
	if c.serve != nil && c.serve(s, w, r) {
		return
	}
	if c.Good {
		serveFarm(w, r, c.Farm)
		return
	}
	serveSite(w, r, c)
}

// pathHit returns how many times host has been asked for path, this
// request included.
func (s *Server) pathHit(r *http.Request) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.pathHits[strings.ToLower(r.Host)+r.URL.Path]
}

// The ordinary site of a hostile vendor: an English home page whose footer
// links /privacy-policy, the policy (farm vendor 0's, which discloses every
// topic), and a robots.txt.
const (
	policyPath   = "/privacy-policy"
	policyVendor = 0
	robotsTxt    = "User-agent: *\nDisallow: /cart/\n"
)

func serveSite(w http.ResponseWriter, r *http.Request, c Case) {
	switch r.URL.Path {
	case "/":
		writeHTML(w, homePage(c.Name, "", policyPath))
	case policyPath:
		writeHTML(w, farm.Policy(policyVendor))
	case "/robots.txt":
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprint(w, robotsTxt)
	default:
		http.NotFound(w, r)
	}
}

// serveFarm serves farm vendor i's site: a good vendor.
func serveFarm(w http.ResponseWriter, r *http.Request, i int) {
	switch r.URL.Path {
	case "/":
		writeHTML(w, farm.Home(i))
	case farm.PolicyPath(i):
		writeHTML(w, farm.Policy(i))
	case "/robots.txt":
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprint(w, robotsTxt)
	default:
		http.NotFound(w, r)
	}
}

func writeHTML(w http.ResponseWriter, page string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = w.Write([]byte(page))
}

// Company is the display name of a case's vendor.
func Company(name string) string {
	words := strings.Split(name, "-")
	for i, w := range words {
		if w != "" {
			words[i] = strings.ToUpper(w[:1]) + w[1:]
		}
	}
	return strings.Join(words, " ") + " Devices"
}

// homePage is a vendor's home page: header, a product section (extra is
// added to it), and a footer whose third link is the privacy policy
// (policy; none when empty).
func homePage(name, extra, policy string) string {
	return homeHead(name) + homeMain(name, extra) + homeFooter(name, policy) + "</body></html>\n"
}

func homeHead(name string) string {
	return fmt.Sprintf(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>%s — connected scales and sleep trackers</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><header><nav><a href="/">%s</a> <a href="/shop">Shop</a> <a href="/support">Support</a></nav></header>
`, Company(name), Company(name))
}

func homeMain(name, extra string) string {
	return fmt.Sprintf(`<main><h1>Know your body, sleep better</h1>
<p>The %s smart scale measures weight, body fat and heart rate, and the sleep tracker follows your nights. Everything syncs to the app.</p>
%s</main>
`, Company(name), extra)
}

func homeFooter(name, policy string) string {
	var b strings.Builder
	b.WriteString("<footer><ul>\n<li><a href=\"/about\">About us</a></li>\n<li><a href=\"/terms\">Terms of Use</a></li>\n")
	if policy != "" {
		fmt.Fprintf(&b, "<li><a href=%q>Privacy Policy</a></li>\n", policy)
	}
	fmt.Fprintf(&b, "<li><a href=\"/contact\">Contact</a></li>\n</ul><p>© 2026 %s</p></footer>\n", Company(name))
	return b.String()
}

// keepWriting writes chunk until the client goes away or limit bytes are
// written (0: no limit), flushing as it goes.
func keepWriting(w http.ResponseWriter, r *http.Request, chunk []byte, limit int64) {
	var n int64
	for limit == 0 || n < limit {
		if r.Context().Err() != nil {
			return
		}
		c := chunk
		if limit > 0 && n+int64(len(c)) > limit {
			c = c[:limit-n]
		}
		m, err := w.Write(c)
		n += int64(m)
		if err != nil {
			return
		}
	}
}

// sleep waits d or until the client goes away; false when it went away.
func sleep(r *http.Request, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
		return false
	}
}

// filler is 256 KiB of page text, written in one piece so that serving
// megabytes costs the test process little.
var filler = []byte(strings.Repeat("<p>Free delivery across Europe. Thirty-day returns. Two-year warranty.</p>\n", 3449))

// Sizes of the big cases.
const (
	fiveGB      = 5 << 30
	tenMB       = 10_000_000
	footerLinks = 20_000
	nestedDivs  = 100_000
	garbageSize = 256 << 10
	robotsSize  = 10 << 20
	bombMember  = 1 << 20 // zeros per gzip member of the bomb
	hops        = 50
)

// The big bodies are built once, so that serving them costs the test
// process (whose heap the figures measure) little.
var (
	garbage = sync.OnceValue(func() []byte {
		b := make([]byte, garbageSize)
		rand.NewChaCha8([32]byte{1, 2, 3}).Read(b)
		return b
	})
	deepPage = sync.OnceValue(func() string {
		return homeHead("deep-nesting") + homeMain("deep-nesting", "") +
			strings.Repeat("<div>", nestedDivs) + "Made with care." + strings.Repeat("</div>", nestedDivs) +
			homeFooter("deep-nesting", policyPath) + "</body></html>\n"
	})
	footerPage = sync.OnceValue(func() string {
		var b strings.Builder
		b.WriteString(homeHead("huge-footer") + homeMain("huge-footer", "") + "<footer><ul>\n")
		for i := range footerLinks {
			if i%100 == 0 {
				fmt.Fprintf(&b, "<li><a href=\"/legal/%d\">Legal notice %d</a></li>\n", i, i)
			} else {
				fmt.Fprintf(&b, "<li><a href=\"/p/%d\">Product %d</a></li>\n", i, i)
			}
		}
		fmt.Fprintf(&b, "<li><a href=%q>Privacy Policy</a></li>\n</ul></footer></body></html>\n", policyPath)
		return b.String()
	})
	// robotsBlock is 256 KiB of Disallow lines; the 10 MiB robots.txt
	// repeats it.
	robotsBlock = sync.OnceValue(func() []byte {
		var b bytes.Buffer
		for i := 0; b.Len() < 256<<10; i++ {
			fmt.Fprintf(&b, "Disallow: /generated/%08d/\n", i)
		}
		return b.Bytes()
	})
)

// bomb holds the compressed members of the gzip bomb, built once.
var bomb = sync.OnceValues(func() (home, zeros []byte) {
	member := func(write func(*gzip.Writer)) []byte {
		var b bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
		write(zw)
		zw.Close()
		return b.Bytes()
	}
	home = member(func(zw *gzip.Writer) { zw.Write([]byte(homePage("gzip-bomb", "", policyPath))) })
	zeros = member(func(zw *gzip.Writer) {
		zw.Write(make([]byte, bombMember))
	})
	return home, zeros
})

// BombSizes returns the gzip bomb's size on the wire and once inflated.
func BombSizes() (wire, inflated int64) {
	home, zeros := bomb()
	n := int64(fiveGB / bombMember)
	return int64(len(home)) + n*int64(len(zeros)), int64(len(homePage("gzip-bomb", "", policyPath))) + n*bombMember
}

var cases = []Case{
	{
		Name:   "slow-headers",
		Does:   "accepts the connection and never sends the response headers",
		Status: fetchError, Reason: `home page .*(timed out|time budget)`,
		serve: func(s *Server, w http.ResponseWriter, r *http.Request) bool {
			if r.URL.Path != "/" {
				return false
			}
			sleep(r, 10*time.Minute)
			return true
		},
	},
	{
		Name:   "slowloris",
		Does:   "sends the headers and the start of the home page, then one byte a second, forever",
		Status: fetchError, Reason: `home page .*(timed out|time budget)`,
		serve: func(s *Server, w http.ResponseWriter, r *http.Request) bool {
			if r.URL.Path != "/" {
				return false
			}
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			page := homePage("slowloris", "", policyPath)
			w.Write([]byte(page[:200]))
			w.(http.Flusher).Flush()
			for i := 200; ; i++ {
				if !sleep(r, time.Second) {
					return true
				}
				if _, err := w.Write([]byte{page[i%len(page)]}); err != nil {
					return true
				}
				w.(http.Flusher).Flush()
			}
		},
	},
	{
		Name:   "endless-body",
		Does:   "a home page whose body never ends (chunked, no length)",
		Status: found, Reason: `found through the footer link`,
		serve: func(s *Server, w http.ResponseWriter, r *http.Request) bool {
			if r.URL.Path != "/" {
				return false
			}
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write([]byte(homeHead("endless-body") + homeFooter("endless-body", policyPath) + homeMain("endless-body", "")))
			keepWriting(w, r, filler, 0)
			return true
		},
	},
	{
		Name:   "five-gigabytes",
		Does:   "declares Content-Length: 5 GB and sends until the client hangs up",
		Status: found, Reason: `found through the footer link`,
		serve: func(s *Server, w http.ResponseWriter, r *http.Request) bool {
			if r.URL.Path != "/" {
				return false
			}
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Header().Set("Content-Length", strconv.Itoa(fiveGB))
			head := homeHead("five-gigabytes") + homeFooter("five-gigabytes", policyPath) + homeMain("five-gigabytes", "")
			w.Write([]byte(head))
			keepWriting(w, r, filler, fiveGB-int64(len(head)))
			return true
		},
	},
	{
		Name:   "gzip-bomb",
		Does:   "a gzip home page: 5.4 MB on the wire that inflate to 5 GiB (the page, then zeros)",
		Status: found, Reason: `found through the footer link`,
		serve: func(s *Server, w http.ResponseWriter, r *http.Request) bool {
			if r.URL.Path != "/" {
				return false
			}
			home, zeros := bomb()
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Header().Set("Content-Encoding", "gzip")
			if _, err := w.Write(home); err != nil {
				return true
			}
			for range fiveGB / bombMember {
				if _, err := w.Write(zeros); err != nil || r.Context().Err() != nil {
					return true
				}
			}
			return true
		},
	},
	{
		Name:   "redirect-loop",
		Does:   "the home page redirects / → /a → /b → /a …",
		Status: fetchError, Reason: `redirect loop`,
		serve: func(s *Server, w http.ResponseWriter, r *http.Request) bool {
			switch r.URL.Path {
			case "/":
				http.Redirect(w, r, "/a", http.StatusFound)
			case "/a":
				http.Redirect(w, r, "/b", http.StatusFound)
			case "/b":
				http.Redirect(w, r, "/a", http.StatusFound)
			default:
				return false
			}
			return true
		},
	},
	{
		Name:   "redirect-chain",
		Does:   "the home page is the start of a 50-hop redirect chain",
		Status: fetchError, Reason: `stopped after 10 redirects`,
		serve: func(s *Server, w http.ResponseWriter, r *http.Request) bool {
			n := 0
			if r.URL.Path != "/" {
				var err error
				if n, err = strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/hop/")); err != nil {
					return false
				}
			}
			if n >= hops {
				writeHTML(w, homePage("redirect-chain", "", policyPath))
				return true
			}
			http.Redirect(w, r, fmt.Sprintf("/hop/%d", n+1), http.StatusMovedPermanently)
			return true
		},
	},
	{
		Name:   "ten-megabytes",
		Does:   "a 10 MB home page (paragraphs of text), the footer at the very end",
		Status: found, Reason: `found through the footer link`,
		LinkAt: tenMB - 400, CutStatus: found, CutReason: `found through the well known path`,
		serve: func(s *Server, w http.ResponseWriter, r *http.Request) bool {
			if r.URL.Path != "/" {
				return false
			}
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			head := homeHead("ten-megabytes") + homeMain("ten-megabytes", "")
			foot := homeFooter("ten-megabytes", policyPath) + "</body></html>\n"
			w.Header().Set("Content-Length", strconv.Itoa(tenMB))
			io.WriteString(w, head)
			n := len(head)
			for n+len(filler)+len(foot) <= tenMB {
				if _, err := w.Write(filler); err != nil {
					return true
				}
				n += len(filler)
			}
			io.WriteString(w, strings.Repeat(" ", tenMB-n-len(foot))+foot)
			return true
		},
	},
	{
		Name:   "binary-garbage",
		Does:   "the page linked as the policy is 256 KiB of random bytes served as text/html",
		Status: notFound, Reason: `no privacy policy found`,
		serve: func(s *Server, w http.ResponseWriter, r *http.Request) bool {
			if r.URL.Path != policyPath {
				return false
			}
			w.Header().Set("Content-Type", "text/html")
			w.Write(garbage())
			return true
		},
	},
	{
		Name:   "charset-lie",
		Does:   "French home page and policy in UTF-8, served as charset=iso-8859-1",
		Status: found, Reason: `found through the footer link`,
		serve: func(s *Server, w http.ResponseWriter, r *http.Request) bool {
			var page string
			switch r.URL.Path {
			case "/":
				page = farm.Home(1)
			case farm.PolicyPath(1):
				page = farm.Policy(1)
			default:
				return false
			}
			w.Header().Set("Content-Type", "text/html; charset=iso-8859-1")
			w.Write([]byte(strings.Replace(page, `<meta charset="utf-8">`, "", 1)))
			return true
		},
	},
	{
		Name:   "charset-lie-latin1",
		Does:   "French home page and policy in Windows-1252, declared UTF-8 (header and <meta>)",
		Status: found, Reason: `found through the footer link`,
		serve: func(s *Server, w http.ResponseWriter, r *http.Request) bool {
			var page string
			switch r.URL.Path {
			case "/":
				page = farm.Home(1)
			case farm.PolicyPath(1):
				page = farm.Policy(1)
			default:
				return false
			}
			b, err := encoding.ReplaceUnsupported(charmap.Windows1252.NewEncoder()).Bytes([]byte(page))
			if err != nil {
				http.Error(w, err.Error(), http.StatusInternalServerError)
				return true
			}
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write(b)
			return true
		},
	},
	{
		Name:   "deep-nesting",
		Does:   "a home page of 100,000 nested <div>s before the footer",
		Status: found, Reason: `found through the footer link`,
		serve: func(s *Server, w http.ResponseWriter, r *http.Request) bool {
			if r.URL.Path != "/" {
				return false
			}
			writeHTML(w, deepPage())
			return true
		},
	},
	{
		Name:   "huge-footer",
		Does:   "a footer of 20,000 links (products, legal pages), the policy link last",
		Status: found, Reason: `found through the footer link`,
		serve: func(s *Server, w http.ResponseWriter, r *http.Request) bool {
			if r.URL.Path != "/" {
				return false
			}
			writeHTML(w, footerPage())
			return true
		},
	},
	{
		Name:   "connection-reset",
		Does:   "the policy page: headers for 100 kB, half a page, then a TCP reset",
		Status: brokenLink, Reason: `reset before the response was complete`,
		serve: func(s *Server, w http.ResponseWriter, r *http.Request) bool {
			if r.URL.Path != policyPath {
				return false
			}
			conn, buf, err := w.(http.Hijacker).Hijack()
			if err != nil {
				return true
			}
			pol := farm.Policy(policyVendor)
			fmt.Fprintf(buf, "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: 100000\r\n\r\n%s", pol[:len(pol)/2])
			buf.Flush()
			if tc, ok := conn.(*net.TCPConn); ok {
				tc.SetLinger(0) // RST, not FIN
			}
			conn.Close()
			return true
		},
	},
	{
		Name:   "flaky-503",
		Does:   "the home page answers 503 twice, then 200",
		Status: found, Reason: `found through the footer link`,
		serve: func(s *Server, w http.ResponseWriter, r *http.Request) bool {
			if r.URL.Path != "/" || s.pathHit(r) > 2 {
				return false
			}
			http.Error(w, "Service Unavailable: please try again", http.StatusServiceUnavailable)
			return true
		},
	},
	{
		Name:   "rate-limited",
		Does:   "the policy answers 429 with Retry-After: 2 once, then 200",
		Status: found, Reason: `found through the footer link`,
		serve: func(s *Server, w http.ResponseWriter, r *http.Request) bool {
			if r.URL.Path != policyPath || s.pathHit(r) > 1 {
				return false
			}
			w.Header().Set("Retry-After", "2")
			http.Error(w, "Too Many Requests", http.StatusTooManyRequests)
			return true
		},
	},
	{
		Name:   "huge-robots",
		Does:   "a 10 MiB robots.txt (its last line would disallow the policy)",
		Status: found, Reason: `found through the footer link`,
		serve: func(s *Server, w http.ResponseWriter, r *http.Request) bool {
			if r.URL.Path != "/robots.txt" {
				return false
			}
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			io.WriteString(w, "User-agent: *\n")
			block := robotsBlock()
			for range robotsSize / len(block) {
				if _, err := w.Write(block); err != nil {
					return true
				}
			}
			fmt.Fprintf(w, "Disallow: %s\n", policyPath)
			return true
		},
	},
	{
		Name:   "sitemap-loop",
		Does:   "no policy link; robots.txt names a sitemap index that lists itself",
		Status: notFound, Reason: `no privacy policy found`,
		serve: func(s *Server, w http.ResponseWriter, r *http.Request) bool {
			switch r.URL.Path {
			case "/":
				writeHTML(w, homePage("sitemap-loop", "", ""))
			case "/robots.txt":
				fmt.Fprintf(w, "User-agent: *\nAllow: /\nSitemap: http://%s/sitemap.xml\n", r.Host)
			case "/sitemap.xml":
				w.Header().Set("Content-Type", "application/xml")
				fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>http://%s/sitemap.xml</loc></sitemap></sitemapindex>`, r.Host)
			default:
				http.NotFound(w, r)
			}
			return true
		},
	},
	{
		Name:   "page-maze",
		Does:   "every footer link leads to a thin \"privacy notice\" page linking three more, without end",
		Status: notFound, Reason: `request budget of \d+ requests per vendor exhausted`,
		serve: func(s *Server, w http.ResponseWriter, r *http.Request) bool {
			maze := func(n int) string {
				var b strings.Builder
				for k := 1; k <= 3; k++ {
					fmt.Fprintf(&b, "<p><a href=\"/privacy-notice/%d\">Privacy notice %d</a> · <a href=\"/legal-notice/%d\">Legal notice %d</a></p>\n", 3*n+k, 3*n+k, 3*n+k, 3*n+k)
				}
				return b.String()
			}
			var n int
			switch {
			case r.URL.Path == "/":
				writeHTML(w, homeHead("page-maze")+homeMain("page-maze", "")+"<footer>"+maze(0)+"</footer></body></html>")
				return true
			case r.URL.Path == "/robots.txt":
				return false
			case sscan(r.URL.Path, "/privacy-notice/%d", &n), sscan(r.URL.Path, "/legal-notice/%d", &n):
				writeHTML(w, fmt.Sprintf(`<html lang="en"><head><title>Notice %d</title></head><body><main><h1>Notice %d</h1>
<p>Our commitments are described in the following notices.</p>%s</main></body></html>`, n, n, maze(n)))
				return true
			}
			http.NotFound(w, r)
			return true
		},
	},
	{
		Name:   "ssrf-metadata",
		Does:   "the footer's privacy link points to the cloud metadata service, http://169.254.169.254/",
		Status: brokenLink, Reason: `refused to follow a link from .* to the private host 169\.254\.169\.254:80`,
		serve: func(s *Server, w http.ResponseWriter, r *http.Request) bool {
			if r.URL.Path != "/" {
				return false
			}
			writeHTML(w, homePage("ssrf-metadata", "", "http://169.254.169.254/latest/meta-data/iam/security-credentials/"))
			return true
		},
	},
	{
		Name:   "ssrf-loopback",
		Does:   "the footer's privacy link points to the auditor's loopback, http://127.0.0.1:<port>/ (the test server itself)",
		Status: brokenLink, Reason: `refused to follow a link from .* to the private host 127\.0\.0\.1:\d+`,
		serve: func(s *Server, w http.ResponseWriter, r *http.Request) bool {
			if r.URL.Path != "/" {
				return false
			}
			writeHTML(w, homePage("ssrf-loopback", "", "http://"+s.Addr()+"/privacy-policy"))
			return true
		},
	},
	{
		Name:   "ssrf-private",
		Does:   "the footer's privacy link points to a private address, http://10.0.0.1/",
		Status: brokenLink, Reason: `refused to follow a link from .* to the private host 10\.0\.0\.1:80`,
		serve: func(s *Server, w http.ResponseWriter, r *http.Request) bool {
			if r.URL.Path != "/" {
				return false
			}
			writeHTML(w, homePage("ssrf-private", "", "http://10.0.0.1/privacy"))
			return true
		},
	},
	{
		Name:   "ssrf-redirect",
		Does:   "the policy link redirects to " + InternalHost + ", a name that resolves to loopback",
		Status: brokenLink, Reason: `refused to follow a link from .* to ` + strings.ReplaceAll(InternalHost, ".", `\.`) + `:80, which is the private address 127\.0\.0\.1`,
		serve: func(s *Server, w http.ResponseWriter, r *http.Request) bool {
			if r.URL.Path != policyPath {
				return false
			}
			http.Redirect(w, r, "http://"+InternalHost+"/privacy", http.StatusFound)
			return true
		},
	},
	{
		Name:   "ssrf-redirect-metadata",
		Does:   "the policy link redirects to http://169.254.169.254/",
		Status: brokenLink, Reason: `refused to follow a link from .* to the private host 169\.254\.169\.254:80`,
		serve: func(s *Server, w http.ResponseWriter, r *http.Request) bool {
			if r.URL.Path != policyPath {
				return false
			}
			http.Redirect(w, r, "http://169.254.169.254/latest/meta-data/", http.StatusFound)
			return true
		},
	},
	{
		Name:   "credentials-link",
		Does:   "the footer's privacy link carries a user name and password (http://admin:…@…)",
		Status: found, Reason: `well known path`,
		serve: func(s *Server, w http.ResponseWriter, r *http.Request) bool {
			switch r.URL.Path {
			case "/":
				writeHTML(w, homePage("credentials-link", "", "http://admin:"+Secret+"@"+r.Host+"/privacy-policy"))
				return true
			}
			return false
		},
	},
	{
		Name:   "credentials-redirect",
		Does:   "the policy link redirects to a URL carrying a user name and password",
		Status: brokenLink, Reason: `invalid redirect`,
		serve: func(s *Server, w http.ResponseWriter, r *http.Request) bool {
			if r.URL.Path != policyPath {
				return false
			}
			w.Header().Set("Location", "http://admin:"+Secret+"@"+r.Host+"/legal/privacy")
			w.WriteHeader(http.StatusFound)
			return true
		},
	},

	// Good vendors: farm sites in three languages, one of them with a
	// policy that leaves topics out.
	{Name: "good-en", Does: "a well-formed English site", Status: found, Reason: `found through the footer link`, Good: true, Farm: 0},
	{Name: "good-fr", Does: "a well-formed French site", Status: found, Reason: `found through the footer link`, Good: true, Farm: 1},
	{Name: "good-de", Does: "a well-formed German site", Status: found, Reason: `found through the footer link`, Good: true, Farm: 2},
	{Name: "good-gaps", Does: "a well-formed French site whose policy leaves three topics out", Status: found, Reason: `found through the footer link`, Good: true, Farm: 10},
}

// Secret is the password the credentials cases put in URLs; it must never
// reach a log or a report.
const Secret = "hunter2-s3cr3t"

func sscan(s, format string, n *int) bool {
	var rest string
	k, _ := fmt.Sscanf(s, format+"%s", n, &rest)
	return k == 1
}

func discardLog() *log.Logger { return log.New(io.Discard, "", 0) }
