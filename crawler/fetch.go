package crawler

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/gocolly/colly/v2"
	"golang.org/x/net/publicsuffix"
)

// A session is the discovery of one vendor: its context (with the vendor's
// deadline), its colly clone, cookie jar and request budget, and the state
// of the cascade (discover.go).
type session struct {
	c     *Crawler
	ctx   context.Context
	col   *colly.Collector
	cctx  *colly.Context
	jar   http.CookieJar // nil until a site sets a cookie (cookieJar)
	res   *Result
	log   *slog.Logger
	agent string

	requests atomic.Int32
	cache    map[string]*fetched // fetched pages by URL key

	// The connection pools of the sites this vendor has reached (see
	// Crawler.pool), released when its discovery ends.
	poolsMu sync.Mutex
	pools   map[string]*http.Transport

	discovery
}

func (c *Crawler) newSession(ctx context.Context, res *Result) *session {
	s := &session{
		c:     c,
		ctx:   ctx,
		col:   c.collector(),
		cctx:  c.cctx,
		res:   res,
		log:   c.opts.Logger,
		agent: c.agent,
		cache: map[string]*fetched{},
	}
	s.registry = map[string]*cand{}
	return s
}

// collector returns a colly clone for a vendor: one a finished vendor left
// (see session.close), else a new one. A clone keeps nothing of its vendor:
// no callbacks are registered on it, and its Context is set before each
// request; a new one costs eight allocations.
func (c *Crawler) collector() *colly.Collector {
	if col, ok := c.collectors.Get().(*colly.Collector); ok {
		return col
	}
	return c.base.Clone()
}

// close ends the vendor's session: its connection pools are released and
// its colly clone is left for the next vendor.
func (s *session) close() {
	s.releasePools()
	s.col.Context = context.Background() // nothing of the vendor kept alive
	s.c.collectors.Put(s.col)
	s.col = nil
}

// cookieJar returns the vendor's cookie jar, made when a site first sets a
// cookie: most vendors' requests then need no jar lookup.
func (s *session) cookieJar() http.CookieJar {
	if s.jar == nil {
		s.jar, _ = cookiejar.New(&cookiejar.Options{PublicSuffixList: publicsuffix.List})
	}
	return s.jar
}

// transportFor returns the connection pool for u's site, taking a hold on
// it for the rest of the vendor's discovery.
func (s *session) transportFor(u *url.URL) *http.Transport {
	site := registrable(u.Hostname())
	s.poolsMu.Lock()
	defer s.poolsMu.Unlock()
	if t, ok := s.pools[site]; ok {
		return t
	}
	if s.pools == nil {
		s.pools = map[string]*http.Transport{}
	}
	t := s.c.holdPool(site)
	s.pools[site] = t
	return t
}

// releasePools lets go of the vendor's pools: a site no other vendor is
// reaching has its connections closed.
func (s *session) releasePools() {
	s.poolsMu.Lock()
	defer s.poolsMu.Unlock()
	for site := range s.pools {
		s.c.releasePool(site)
	}
	s.pools = nil
}

// warn adds a warning to the result once.
func (s *session) warn(w string) {
	if !slices.Contains(s.res.Warnings, w) {
		s.res.Warnings = append(s.res.Warnings, w)
	}
}

// reserveRequest counts a request against the vendor's budget.
func (s *session) reserveRequest() error {
	for {
		n := s.requests.Load()
		if int(n) >= s.c.opts.MaxRequests {
			return errBudget
		}
		if s.requests.CompareAndSwap(n, n+1) {
			return nil
		}
	}
}

// setCookie is a Set-Cookie header and the URL that sent it.
type setCookie struct {
	u *url.URL
	c *http.Cookie
}

// fetched is the outcome of fetching a URL, redirects followed.
type fetched struct {
	req       *url.URL
	final     *url.URL
	hops      []Step // redirects, in order
	status    int
	header    http.Header
	body      []byte
	truncated bool
	skipped   string
	at        time.Time
	err       error
	robots    string // disallowed by robots.txt: why
	cookies   []setCookie
	released  bool // body dropped; fetch again if needed
}

func (f *fetched) ok() bool {
	return f.err == nil && f.robots == "" && f.skipped == "" && f.status >= 200 && f.status < 300
}

// outcome describes a fetch in a few words, for candidates and reasons.
func (f *fetched) outcome(s *session) string {
	switch {
	case f.robots != "":
		return "robots.txt disallows it (" + f.robots + ")"
	case f.err != nil:
		return describeErr(f.err, s.ctx, &s.c.opts)
	case f.skipped != "":
		return f.skipped
	}
	return fmt.Sprintf("answered %d %s", f.status, http.StatusText(f.status))
}

func isRedirect(status int) bool {
	switch status {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther,
		http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
		return true
	}
	return false
}

func retryStatus(status int) bool {
	switch status {
	case http.StatusTooManyRequests, http.StatusInternalServerError, http.StatusBadGateway,
		http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// fetch gets u, following redirects hop by hop: each hop is checked
// against robots.txt and the network guard, rate-limited, retried and
// recorded. from is the host:port of the page that led to u ("" for the
// user's own target).
func (s *session) fetch(u *url.URL, kind fetchKind, from string) *fetched {
	if kind != kindPage {
		return s.fetchUncached(u, "", kind, from)
	}
	key := urlKey(u)
	if f, ok := s.cache[key]; ok && !f.released {
		return f
	}
	f := s.fetchUncached(u, key, kind, from)
	s.cache[key] = f
	return f
}

// fetchUncached is fetch without the session's cache; key is urlKey(u),
// or "" when the caller has not worked it out.
func (s *session) fetchUncached(u *url.URL, key string, kind fetchKind, from string) *fetched {
	f := &fetched{req: u, final: u}
	maxHops := s.c.opts.MaxRedirects
	if kind == kindRobots {
		maxHops = 5 // RFC 9309 §2.3.1.2
	}
	var seen map[string]int // URL key → times reached, made at the first redirect
	cur := u
	for hop := 0; ; hop++ {
		f.final = cur
		if kind != kindRobots && !s.c.opts.IgnoreRobots {
			e, err := s.robotsFor(cur, from)
			if err != nil {
				f.err = &fetchError{URL: origin(cur) + "/robots.txt", Stage: "robots.txt", Err: err}
				return f
			}
			if ok, why := e.allows(cur, s.agent); !ok {
				f.robots = why
				s.res.Tried = append(s.res.Tried, fmt.Sprintf("%s %s: not fetched, %s", kindNames[kind], cur, why))
				return f
			}
		}
		a, err := s.attempt(cur, kind, from)
		for _, ck := range a.setCookies {
			f.cookies = append(f.cookies, setCookie{cur, ck})
		}
		if err != nil {
			f.err = err
			return f
		}
		f.status, f.header, f.body, f.truncated, f.skipped = a.status, a.header, a.body, a.truncated, a.skipped
		f.at = s.c.opts.Now()
		loc := a.header.Get("Location")
		if !isRedirect(a.status) || loc == "" {
			return f
		}
		next, perr := cur.Parse(strings.TrimSpace(loc))
		if perr == nil {
			next, perr = checkURL(next)
		}
		if perr != nil {
			f.err = fmt.Errorf("%w from %s to %q: %v", errBadRedirect, cur, RedactURL(loc), perr)
			return f
		}
		if hop+1 > maxHops {
			f.err = fmt.Errorf("%w: stopped after %d redirects from %s", errTooManyRedirects, maxHops, u)
			return f
		}
		if seen == nil {
			if key == "" {
				key = urlKey(u)
			}
			seen = map[string]int{key: 1}
		}
		k := urlKey(next)
		seen[k]++
		if seen[k] > 2 {
			f.err = fmt.Errorf("%w: %s redirects back to %s", errRedirectLoop, cur, next)
			return f
		}
		f.hops = append(f.hops, Step{
			Method: MethodRedirect, URL: next.String(), From: cur.String(),
			Reason: fmt.Sprintf("%d %s", a.status, http.StatusText(a.status)),
		})
		from = hostPort(cur)
		cur = next
		f.status, f.header, f.body = 0, nil, nil
	}
}

func (s *session) limitFor(kind fetchKind) int64 {
	switch kind {
	case kindRobots:
		return maxRobotsBytes
	case kindSitemap:
		return maxSitemapBytes
	}
	return s.c.opts.MaxBodyBytes
}

// attempt makes one request, retried on timeouts, cut connections, 429 and
// 5xx with exponential backoff or the server's Retry-After, within the
// vendor's remaining time.
func (s *session) attempt(u *url.URL, kind fetchKind, from string) (*attempt, error) {
	retries := max(0, s.c.opts.Retries)
	us := u.String()
	for try := 0; ; try++ {
		a := &attempt{
			sess: s, kind: kind, from: from,
			allowPrivate: s.c.guard.allowsPrivate(from),
			limit:        s.limitFor(kind),
		}
		start := time.Now()
		err := s.visit(u, us, a)
		if a.recordErr != nil {
			s.warn(fmt.Sprintf("%v: %v", errRecorder, a.recordErr))
		}
		if err != nil && a.sent && s.ctx.Err() == nil && !isTimeout(err) &&
			time.Since(start) >= s.c.opts.RequestTimeout-10*time.Millisecond {
			err = fmt.Errorf("%w: %w", errRequestTimeout, err)
		}
		var line string
		switch {
		case err != nil && !a.sent:
			line = kindNames[kind] + " " + us + ": not sent, " + describeErr(err, s.ctx, &s.c.opts)
		case err != nil:
			line = kindNames[kind] + " " + us + ": error, " + describeErr(err, s.ctx, &s.c.opts)
		default:
			// One allocation for the line of a request that was answered:
			// the status is formatted on the stack.
			var num [20]byte
			line = kindNames[kind] + " " + us + ": " + string(strconv.AppendInt(num[:0], int64(a.status), 10)) +
				" " + http.StatusText(a.status)
			if a.truncated {
				line += fmt.Sprintf(", body cut at %d bytes", a.limit)
			}
			if a.skipped != "" {
				line += ", " + a.skipped
			}
		}
		if err != nil {
			// pe escapes to the heap: only when there is an error to look in.
			var pe *privateAddressError
			if errors.As(err, &pe) {
				s.warn("refused: " + pe.Error())
			}
		}
		if s.log.Enabled(s.ctx, slog.LevelDebug) {
			s.log.Debug("crawler: request", "vendor", s.res.Input, "url", us, "kind", kindNames[kind],
				"status", a.status, "bytes", len(a.body), "err", err, "elapsed", time.Since(start))
		}
		again := (err == nil && retryStatus(a.status)) || (err != nil && a.sent && isRetryable(err))
		if !again || try >= retries || s.ctx.Err() != nil {
			s.res.Tried = append(s.res.Tried, line)
			return a, err
		}
		wait := s.c.opts.RetryWait << try
		if err == nil {
			if ra, ok := retryAfter(a.header.Get("Retry-After"), time.Now()); ok {
				wait = ra
			}
		}
		remaining := time.Duration(1 << 62)
		if dl, ok := s.ctx.Deadline(); ok {
			remaining = time.Until(dl)
		}
		if wait > MaxRetryAfter || wait >= remaining {
			bound := "the longest wait allowed (" + MaxRetryAfter.String() + ")"
			if wait >= remaining {
				bound = "the vendor's remaining time (" + remaining.Round(time.Second).String() + ")"
			}
			s.res.Tried = append(s.res.Tried, line+fmt.Sprintf("; not retried: a wait of %s exceeds %s", wait.Round(time.Millisecond), bound))
			return a, err
		}
		s.res.Tried = append(s.res.Tried, line+fmt.Sprintf("; retrying in %s", wait.Round(time.Millisecond)))
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-s.ctx.Done():
			t.Stop()
			return a, s.ctx.Err()
		}
	}
}

// visit makes one request through colly; us is u.String().
func (s *session) visit(u *url.URL, us string, a *attempt) error {
	if err := s.ctx.Err(); err != nil {
		return err
	}
	g := s.c.gate(u.Host)
	if err := g.acquire(s.ctx); err != nil {
		return err
	}
	defer g.release()
	// Options.RequestTimeout bounds the request from dialling to the last
	// byte of the body, which the transport reads before it returns.
	ctx, cancel := context.WithTimeout(s.ctx, s.c.opts.RequestTimeout)
	defer cancel()
	s.col.Context = context.WithValue(ctx, attemptKey{}, a)
	// A GET as Visit makes it, with the shared headers and the crawler's
	// colly context (nothing is stored in it) rather than new ones.
	return s.col.Request(http.MethodGet, us, nil, s.cctx, s.c.headers)
}

// makePage turns a successful fetch into a Page and, for HTML and text,
// scans it.
func (s *session) makePage(f *fetched, role string) (*Page, *htmlDoc) {
	sum := sha256.Sum256(f.body)
	reqURL, finalURL := f.req.String(), ""
	if f.final == f.req {
		finalURL = reqURL // not redirected: one string for both
	} else {
		finalURL = f.final.String()
	}
	p := &Page{
		URL: reqURL, FinalURL: finalURL, StatusCode: f.status,
		ContentType: f.header.Get("Content-Type"), Header: f.header, Body: f.body,
		FetchedAt: f.at, SHA256: hex.EncodeToString(sum[:]), Bytes: int64(len(f.body)),
		Truncated: f.truncated, Role: role,
	}
	d := s.scanPage(p)
	if h := strings.TrimSpace(f.header.Get("Refresh")); d != nil && d.metaRefresh == "" && h != "" {
		// The HTTP header a server sends for a refresh, read as the
		// <meta http-equiv="refresh"> it stands for.
		d.metaRefresh, d.refreshHeader = h, true
	}
	return p, d
}

// Bounds on the title of a text document (see textTitle).
const (
	maxTextTitleWords = 12 // words of a line taken as the title
	maxTextTitleLines = 15 // lines looked at for a heading
)

// textTitle is the title of a plain-text or Markdown document (a PRIVACY.md
// served raw): its first Markdown heading ("# Privacy Policy") among its
// first lines, else its first line, when short enough for a title. A
// byte-order mark, YAML front matter, HTML comments and badge or image
// lines are passed over.
func textTitle(text string) string {
	text = strings.TrimPrefix(text, "\ufeff")
	first, seen, inFront, inComment := "", 0, false, false
	for line := range strings.Lines(text) {
		line = strings.TrimSpace(line)
		switch {
		case line == "":
			continue
		case seen == 0 && line == "---" && !inFront:
			inFront = true
			continue
		case inFront:
			inFront = line != "---" && line != "..."
			continue
		case inComment || strings.HasPrefix(line, "<!--"):
			inComment = !strings.Contains(line, "-->")
			continue
		case strings.HasPrefix(line, "[![") || strings.HasPrefix(line, "!["):
			continue
		}
		if seen++; seen > maxTextTitleLines {
			break
		}
		if strings.HasPrefix(line, "#") {
			return shortTitle(strings.TrimLeft(line, "#"))
		}
		if first == "" {
			first = line
		}
	}
	return shortTitle(first)
}

// shortTitle trims a title line of emphasis marks, or returns "" when it
// is too long for a title.
func shortTitle(line string) string {
	line = strings.Trim(strings.TrimSpace(line), "*_ ")
	if fewFields(line, maxTextTitleWords) {
		return line
	}
	return ""
}

// fewFields reports whether s holds at most n space-separated words.
func fewFields(s string, n int) bool {
	words := 0
	for range strings.FieldsSeq(s) {
		if words++; words > n {
			return false
		}
	}
	return true
}

// scanPage decodes and scans a page; nil for documents that are not HTML
// or text.
func (s *session) scanPage(p *Page) *htmlDoc {
	kind := sniffKind(p.ContentType, p.Body)
	if kind != "html" && kind != "text" {
		return nil
	}
	text, cs := decodeText(p.Body, p.ContentType)
	p.Charset = cs
	var d *htmlDoc
	if kind == "html" {
		d = scanHTMLContext(s.ctx, text)
	} else {
		d = &htmlDoc{text: string(text), title: textTitle(string(text))}
	}
	p.Title = d.title
	p.Language = primaryLang(d.lang)
	if p.Language == "" && p.Header != nil {
		p.Language = primaryLang(strings.Split(p.Header.Get("Content-Language"), ",")[0])
	}
	if p.Language == "" {
		p.Language = s.c.opts.Words.guessLang(foldWords(d.title + " " + truncateUTF8(d.text, 20000)))
	}
	return d
}

func truncateUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
