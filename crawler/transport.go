package crawler

import (
	"bufio"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"path"
	"strings"
	"time"
)

// The transport sits under colly's http.Client. It is where every request
// of a vendor is counted against its budget, gets the vendor's own cookies,
// passes the network guard, and where the body is read: decompressed, then
// capped on the decompressed bytes (a gzip bomb stops at the cap), inside
// the request timeout (a body dripping a byte a second is cut by it). colly
// then gets an empty body: discovery reads the raw bytes from the attempt,
// so colly's charset conversion never touches the evidence.

type fetchKind int

const (
	kindPage fetchKind = iota
	kindRobots
	kindSitemap
)

var kindNames = [...]string{kindPage: "page", kindRobots: "robots", kindSitemap: "sitemap"}

// Body caps for robots.txt (RFC 9309 asks crawlers to read at least
// 500 KiB) and sitemaps, and for the body of a redirect.
const (
	maxRobotsBytes   = 512 << 10
	maxSitemapBytes  = 4 << 20
	maxRedirectBytes = 64 << 10
)

// attempt is one HTTP request. It travels in the request's context from
// the session, through colly, to the transport and the dialer, and carries
// back what the transport saw.
type attempt struct {
	sess         *session
	kind         fetchKind
	from         string // host:port of the page that led here; "" for the user's target
	allowPrivate bool
	limit        int64

	status     int
	header     http.Header
	body       []byte
	truncated  bool
	skipped    string // why the body was not read
	setCookies []*http.Cookie
	sent       bool

	// For the Recorder: the body as received, before content decoding (nil
	// when it is body itself), and an error recording the exchange.
	raw       *cappedBuffer
	decoded   bool // body was decoded from raw (gzip, deflate)
	recordErr error
}

type attemptKey struct{}

type transport struct {
	c *Crawler
}

// Connections are pooled per site (registrable domain), not in one pool
// for the whole run: a site's pool lives while a vendor is reaching the
// site, and its connections are closed when the last such vendor is done.
// The host gate lets one request at a time reach a host, and a host is
// always in the same pool, so a host gets one connection, as with one
// shared pool; but one shared pool, with thousands of vendors, kept each
// site's idle connection until it was the oldest of its hundred idle ones,
// and closed it then under the pool's lock while other vendors waited.
type sitePool struct {
	t     *http.Transport
	holds int
}

// holdPool returns the pool of a site, and counts a hold on it.
func (c *Crawler) holdPool(site string) *http.Transport {
	c.poolsMu.Lock()
	defer c.poolsMu.Unlock()
	p := c.pools[site]
	if p == nil {
		p = &sitePool{t: c.newHTTPTransport()}
		c.pools[site] = p
	}
	p.holds++
	return p.t
}

// releasePool drops a hold on a site's pool; the last one closes it.
func (c *Crawler) releasePool(site string) {
	c.poolsMu.Lock()
	p := c.pools[site]
	if p == nil {
		c.poolsMu.Unlock()
		return
	}
	p.holds--
	if p.holds > 0 {
		c.poolsMu.Unlock()
		return
	}
	delete(c.pools, site)
	c.poolsMu.Unlock()
	p.t.CloseIdleConnections()
}

func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	a, _ := req.Context().Value(attemptKey{}).(*attempt)
	if a == nil {
		return nil, errors.New("request made outside a discovery session")
	}
	s := a.sess
	hp := hostPort(req.URL)
	if !a.allowPrivate {
		if private, known := t.c.guard.class(hp); (known && private) || t.c.guard.literalPrivate(req.URL.Hostname()) {
			return nil, &privateAddressError{From: a.from, Host: hp}
		}
	}
	if err := s.reserveRequest(); err != nil {
		return nil, err
	}
	a.sent = true
	// gzip is asked for explicitly (the collector's headers carry it), so
	// that net/http does not decompress behind our back: readBody decodes,
	// and the Recorder gets the bytes as sent. The request is copied only
	// when something must be added to it (a RoundTripper must not change
	// its request).
	var cookies []*http.Cookie
	if s.jar != nil {
		cookies = s.jar.Cookies(req.URL)
	}
	if len(cookies) > 0 || req.Header.Get("Accept-Encoding") == "" {
		req = req.Clone(req.Context())
		for _, ck := range cookies {
			req.AddCookie(ck)
		}
		if req.Header.Get("Accept-Encoding") == "" {
			req.Header.Set("Accept-Encoding", "gzip")
		}
	}
	rec := t.c.opts.Recorder
	var remote string
	if rec != nil {
		a.raw = &cappedBuffer{limit: a.limit + maxRawSlack}
		req = req.WithContext(httptrace.WithClientTrace(req.Context(), &httptrace.ClientTrace{
			GotConn: func(ci httptrace.GotConnInfo) {
				if ci.Conn != nil {
					remote = ci.Conn.RemoteAddr().String()
				}
			},
		}))
	}
	at := t.c.opts.Now()
	resp, err := s.transportFor(req.URL).RoundTrip(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if cs := resp.Cookies(); len(cs) > 0 {
		s.cookieJar().SetCookies(req.URL, cs)
		a.setCookies = cs
	}
	a.status, a.header = resp.StatusCode, resp.Header
	rerr := readBody(resp, a)
	if rec != nil {
		a.recordErr = rec.RecordExchange(newExchange(req, resp, a, rerr, remote, at))
	}
	if rerr != nil {
		return nil, rerr
	}
	resp.Body = http.NoBody
	resp.ContentLength = 0
	resp.Uncompressed = true
	if _, ok := resp.Header["Content-Encoding"]; ok {
		// colly gets the body decoded: its header says so, while a.header
		// keeps the header as it was received.
		resp.Header = resp.Header.Clone()
		resp.Header.Del("Content-Encoding")
	}
	return resp, nil
}

// notDocument lists media types never read as pages.
func notDocument(mt string) bool {
	for _, p := range []string{"image/", "video/", "audio/", "font/", "model/"} {
		if strings.HasPrefix(mt, p) {
			return true
		}
	}
	switch mt {
	case "application/zip", "application/gzip", "application/x-gzip", "application/x-tar",
		"application/x-7z-compressed", "application/vnd.rar", "application/x-rar-compressed",
		"application/x-msdownload", "application/wasm", "application/java-archive":
		return true
	}
	return false
}

// officeDocument reports a word-processor document (.docx, .odt) that a
// server sends as a zip archive, which it is.
func officeDocument(mt string, req *http.Request) bool {
	if mt != "application/zip" || req == nil || req.URL == nil {
		return false
	}
	switch strings.ToLower(path.Ext(req.URL.Path)) {
	case ".docx", ".odt":
		return true
	}
	return false
}

func readBody(resp *http.Response, a *attempt) error {
	limit := a.limit
	if resp.StatusCode >= 300 && resp.StatusCode < 400 {
		limit = min(limit, maxRedirectBytes)
	}
	mt := mediaType(resp.Header.Get("Content-Type"))
	if a.kind == kindPage && notDocument(mt) && !officeDocument(mt, resp.Request) {
		a.skipped = fmt.Sprintf("content type %s is not a document", mt)
		return nil
	}
	var r io.Reader = resp.Body
	if a.raw != nil {
		r = io.TeeReader(r, a.raw)
	}
	if !resp.Uncompressed {
		switch ce := strings.ToLower(strings.TrimSpace(resp.Header.Get("Content-Encoding"))); ce {
		case "", "identity":
		case "gzip", "x-gzip":
			a.decoded = true
			gz, err := gzip.NewReader(r)
			if err != nil {
				return fmt.Errorf("invalid gzip body: %w", err)
			}
			defer gz.Close()
			r = gz
		case "deflate":
			a.decoded = true
			br := bufio.NewReader(r)
			if head, err := br.Peek(2); err == nil && (uint16(head[0])<<8|uint16(head[1]))%31 == 0 && head[0]&0x0f == 8 {
				zr, err := zlib.NewReader(br)
				if err != nil {
					return fmt.Errorf("invalid deflate body: %w", err)
				}
				defer zr.Close()
				r = zr
			} else {
				fr := flate.NewReader(br)
				defer fr.Close()
				r = fr
			}
		default:
			a.skipped = fmt.Sprintf("content encoding %q is not supported", ce)
			return nil
		}
	}
	if a.kind == kindSitemap {
		br := bufio.NewReader(r)
		if head, err := br.Peek(2); err == nil && head[0] == 0x1f && head[1] == 0x8b {
			a.decoded = true
			gz, err := gzip.NewReader(br)
			if err != nil {
				return fmt.Errorf("invalid gzip sitemap: %w", err)
			}
			defer gz.Close()
			r = gz
		} else {
			r = br
		}
	}
	body, err := readUpTo(r, limit+1, resp.ContentLength)
	if int64(len(body)) > limit {
		body = body[:limit]
		a.truncated = true
		err = nil // the rest is not wanted
	}
	a.body = body
	if err != nil {
		return fmt.Errorf("reading the response body: %w", err)
	}
	return nil
}

// readUpTo reads r to its end or to n bytes. A body that announced its
// length is read into one buffer of that length (and one byte to see the
// end), without the regrowth and copy of bytes.Buffer.ReadFrom, which
// wants 512 free bytes before each read.
func readUpTo(r io.Reader, n, size int64) ([]byte, error) {
	c := int64(512)
	if size > 0 {
		c = size + 1
	}
	b := make([]byte, 0, min(c, n, 1<<20))
	r = io.LimitReader(r, n)
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		m, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+m]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
	}
}

// newTransport builds the HTTP transport under colly's client.
func (c *Crawler) newTransport() http.RoundTripper {
	return &transport{c: c}
}

// newHTTPTransport builds a site's connection pool.
func (c *Crawler) newHTTPTransport() *http.Transport {
	return &http.Transport{
		Proxy:                  nil, // no HTTP_PROXY surprises either; see doc.go
		DialContext:            c.dial,
		ForceAttemptHTTP2:      true,
		TLSHandshakeTimeout:    min(10*time.Second, c.opts.RequestTimeout),
		ResponseHeaderTimeout:  c.opts.RequestTimeout,
		ExpectContinueTimeout:  time.Second,
		MaxIdleConns:           100,
		MaxIdleConnsPerHost:    max(2, c.opts.Parallelism),
		IdleConnTimeout:        30 * time.Second,
		MaxResponseHeaderBytes: 256 << 10,
	}
}
