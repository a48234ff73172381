package crawler

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/temoto/robotstxt"
)

// robots.txt is obeyed with colly's own parser, temoto/robotstxt, but the
// file is fetched by the session rather than by colly. colly v2.3.0 fetches
// it outside the collector's context (the vendor's deadline and
// cancellation do not apply), without the host's rate limit, without
// counting it, with no size cap, without the network guard (a link to a
// private host would have its robots.txt fetched before any check), fails
// the page on a robots.txt with a syntax slip, and cannot say which
// robots.txt disallowed a URL. Here robots.txt is:
//   - fetched once per scheme, host and port for the whole run (shared by
//     concurrent vendors), counted in the vendor's requests, rate-limited,
//     retried on 429/5xx, redirects followed up to five hops (RFC 9309);
//   - capped at 512 KiB (the rest is ignored, as RFC 9309 allows);
//   - 4xx: no restrictions; 5xx or 429 after retries: complete disallow
//     (RFC 9309 §2.3.1.4); unreachable host: the site is unreachable;
//   - parsed leniently: lines a strict parse rejects are dropped and the
//     parse retried.
// The groups are matched on the user agent's product token ("vigie").

type robotsEntry struct {
	ready chan struct{}
	data  *robotstxt.RobotsData
	// group is, once the entry is compacted, the only part of a parsed
	// file kept: the group that applies to the crawler's agent (data is
	// then nil).
	group    *robotstxt.Group
	url      string
	note     string // how the file was read
	sitemaps []string
	err      error // the host could not be reached; the entry is not kept
}

// robotsAgent returns the product token of a user agent, for robots.txt.
func robotsAgent(ua string) string {
	tok := ua
	if i := strings.IndexAny(tok, "/ "); i >= 0 {
		tok = tok[:i]
	}
	if tok == "" {
		return "*"
	}
	return strings.ToLower(tok)
}

// robotsPath is what robots.txt rules are matched against.
func robotsPath(u *url.URL) string {
	p := u.EscapedPath()
	if p == "" {
		p = "/"
	}
	if u.RawQuery != "" {
		p += "?" + u.RawQuery
	}
	return p
}

// allows reports whether the entry lets agent fetch u, and if not, why.
// A compacted entry answers for the agent it was compacted for: the
// crawler's, the only one it is asked about.
func (e *robotsEntry) allows(u *url.URL, agent string) (bool, string) {
	g := e.group
	switch {
	case g != nil:
		if g.Test(robotsPath(u)) {
			return true, ""
		}
	case e.data == nil || e.data.TestAgent(robotsPath(u), agent):
		return true, ""
	default:
		g = e.data.FindGroup(agent)
	}
	group := "*"
	if g != nil && g.Agent != "" {
		group = g.Agent
	}
	if strings.Contains(e.note, "disallow everything") {
		return false, fmt.Sprintf("%s: %s", e.url, e.note)
	}
	return false, fmt.Sprintf("%s disallows %s for user-agent %q", e.url, robotsPath(u), group)
}

// compact keeps, of the file, only the group that applies to agent: every
// robots.txt of a run stays in memory until its end, and a site's file may
// have groups for dozens of other crawlers. For a parsed file, or the
// library's allow-all, TestAgent is that group's Test; the library's
// disallow-all (a 5xx answer) has no group that says so, and is kept whole
// (it is shared, and costs nothing).
func (e *robotsEntry) compact(agent string) {
	if e.data == nil {
		return
	}
	g := e.data.FindGroup(agent)
	if e.data.TestAgent("/", agent) != g.Test("/") {
		return
	}
	e.group, e.data = g, nil
}

// robotsFor returns the robots.txt entry for u's origin, fetching it if no
// vendor has yet. from is the page that led to u (for the network guard).
func (s *session) robotsFor(u *url.URL, from string) (*robotsEntry, error) {
	c := s.c
	key := origin(u)
	for {
		c.robotsMu.Lock()
		e, ok := c.robots[key]
		if !ok {
			e = &robotsEntry{ready: make(chan struct{}), url: key + "/robots.txt"}
			c.robots[key] = e
		}
		c.robotsMu.Unlock()
		if !ok {
			s.loadRobots(e, u, from)
			if e.err != nil {
				c.robotsMu.Lock()
				delete(c.robots, key)
				c.robotsMu.Unlock()
			}
			close(e.ready)
			return e, e.err
		}
		select {
		case <-e.ready:
		case <-s.ctx.Done():
			return nil, s.ctx.Err()
		}
		if e.err == nil {
			return e, nil
		}
		// The vendor that fetched it could not reach the host; try ourselves.
	}
}

func (s *session) loadRobots(e *robotsEntry, u *url.URL, from string) {
	ru := &url.URL{Scheme: u.Scheme, Host: u.Host, Path: "/robots.txt"}
	f := s.fetch(ru, kindRobots, from)
	if errors.Is(f.err, errTooManyRedirects) || errors.Is(f.err, errRedirectLoop) || errors.Is(f.err, errBadRedirect) {
		// RFC 9309 §2.3.1.2: a robots.txt not reached within five
		// redirects is unavailable, and unavailable means no restrictions.
		e.data, _ = robotstxt.FromStatusAndBytes(http.StatusNotFound, nil)
		e.note = "unavailable (" + describeErr(f.err, s.ctx, &s.c.opts) + "): no restrictions"
		return
	}
	if f.err != nil {
		e.err = f.err
		return
	}
	e.data, e.note = parseRobots(f.status, f.body)
	if f.truncated {
		e.note += fmt.Sprintf("; only its first %d KiB were read", maxRobotsBytes>>10)
	}
	if e.data != nil {
		e.sitemaps = e.data.Sitemaps
		if g := e.data.FindGroup(s.agent); g != nil && g.CrawlDelay > 0 {
			d := s.c.gate(u.Host).slowDown(g.CrawlDelay)
			e.note += fmt.Sprintf("; Crawl-delay %s: requests to %s spaced by %s", g.CrawlDelay, u.Host, d)
		}
		e.compact(s.agent)
	}
	if s.log.Enabled(s.ctx, slog.LevelDebug) {
		s.log.Debug("crawler: robots.txt", "vendor", s.res.Input, "url", e.url, "note", e.note)
	}
}

// parseRobots reads a robots.txt answer.
func parseRobots(status int, body []byte) (*robotstxt.RobotsData, string) {
	switch {
	case status == http.StatusTooManyRequests || status >= 500:
		d, _ := robotstxt.FromStatusAndBytes(http.StatusServiceUnavailable, nil)
		return d, fmt.Sprintf("answered %d %s: treated as disallow everything (RFC 9309 §2.3.1.4)", status, http.StatusText(status))
	case status >= 400:
		d, _ := robotstxt.FromStatusAndBytes(status, nil)
		return d, fmt.Sprintf("answered %d: no restrictions", status)
	case status < 200 || status >= 300:
		d, _ := robotstxt.FromStatusAndBytes(http.StatusNotFound, nil)
		return d, fmt.Sprintf("answered %d: no restrictions", status)
	}
	d, err := robotstxt.FromBytes(body)
	if err == nil {
		return d, "read"
	}
	d, err = robotstxt.FromBytes(sanitizeRobots(body))
	if err == nil {
		return d, "read, lines it could not parse ignored"
	}
	d, _ = robotstxt.FromStatusAndBytes(http.StatusNotFound, nil)
	return d, "could not be parsed: no restrictions"
}

// sanitizeRobots drops the lines a strict parse rejects: rules before any
// user-agent line and crawl-delays that are not numbers.
func sanitizeRobots(body []byte) []byte {
	var out bytes.Buffer
	seenAgent := false
	for _, line := range bytes.Split(body, []byte("\n")) {
		l := bytes.TrimSpace(line)
		if i := bytes.IndexByte(l, '#'); i >= 0 {
			l = bytes.TrimSpace(l[:i])
		}
		key, val, ok := bytes.Cut(l, []byte(":"))
		if ok {
			k := strings.ToLower(strings.TrimSpace(string(key)))
			switch k {
			case "user-agent", "useragent":
				seenAgent = true
			case "allow", "disallow", "crawl-delay":
				if !seenAgent {
					continue
				}
				if k == "crawl-delay" {
					if _, err := strconv.ParseFloat(strings.TrimSpace(string(val)), 64); err != nil {
						continue
					}
				}
			}
		}
		out.Write(line)
		out.WriteByte('\n')
	}
	return out.Bytes()
}
