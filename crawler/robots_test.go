package crawler

import (
	"strings"
	"testing"
)

func TestParseRobots(t *testing.T) {
	for _, tc := range []struct {
		name   string
		status int
		body   string
		path   string
		allow  bool
		note   string
	}{
		{"allowed", 200, "User-agent: *\nDisallow: /admin\n", "/privacy", true, "read"},
		{"disallowed", 200, "User-agent: *\nDisallow: /legal/\n", "/legal/privacy", false, "read"},
		{"vigie group wins", 200, "User-agent: *\nDisallow: /\n\nUser-agent: vigie\nAllow: /\n", "/privacy", true, "read"},
		{"vigie group disallows", 200, "User-agent: *\nAllow: /\n\nUser-agent: vigie\nDisallow: /private\n", "/private/x", false, "read"},
		{"longest match", 200, "User-agent: *\nDisallow: /legal\nAllow: /legal/privacy\n", "/legal/privacy", true, "read"},
		{"wildcard", 200, "User-agent: *\nDisallow: /*.pdf$\n", "/privacy.pdf", false, "read"},
		{"query", 200, "User-agent: *\nDisallow: /page?id=\n", "/page?id=privacy", false, "read"},
		{"empty", 200, "", "/x", true, "read"},
		{"not found", 404, "", "/x", true, "no restrictions"},
		{"forbidden", 403, "", "/x", true, "no restrictions"},
		{"server error", 503, "", "/x", false, "disallow everything"},
		{"too many requests", 429, "", "/x", false, "disallow everything"},
		{"rule before agent", 200, "Disallow: /nothing\nUser-agent: *\nDisallow: /legal\n", "/legal/p", false, "ignored"},
		{"bad crawl-delay", 200, "User-agent: *\nCrawl-delay: soon\nDisallow: /legal\n", "/legal/p", false, "ignored"},
		{"garbage", 200, "\x00\x01\xff<html>not robots</html>", "/x", true, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, note := parseRobots(tc.status, []byte(tc.body))
			e := &robotsEntry{data: d, url: "http://v.test/robots.txt", note: note}
			u := mustURL(t, "http://v.test"+tc.path)
			ok, why := e.allows(u, "vigie")
			if ok != tc.allow {
				t.Errorf("allows = %v (%s), want %v", ok, why, tc.allow)
			}
			if !strings.Contains(note, tc.note) {
				t.Errorf("note %q does not contain %q", note, tc.note)
			}
			if !ok && why == "" {
				t.Error("no reason for a refusal")
			}
			// As the crawler keeps it: only the group for its agent.
			c := &robotsEntry{data: d, url: e.url, note: note}
			c.compact("vigie")
			if cok, cwhy := c.allows(u, "vigie"); cok != ok || cwhy != why {
				t.Errorf("compacted entry says %v %q, the whole file %v %q", cok, cwhy, ok, why)
			}
		})
	}
}

func TestRobotsAgent(t *testing.T) {
	for ua, want := range map[string]string{
		DefaultUserAgent():  "vigie",
		"Mozilla/5.0 (X11)": "mozilla",
		"MyBot":             "mybot",
		"":                  "*",
	} {
		if got := robotsAgent(ua); got != want {
			t.Errorf("robotsAgent(%q) = %q, want %q", ua, got, want)
		}
	}
}
