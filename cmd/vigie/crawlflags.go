package main

import (
	"fmt"
	"log/slog"
	"time"

	"github.com/spf13/pflag"

	"github.com/vigie-audit/vigie/crawler"
)

// crawlFlags are the politeness and budget flags of the commands that fetch
// pages (audit, analyze, demo).
type crawlFlags struct {
	userAgent    string
	delay        time.Duration
	ignoreRobots bool
	timeout      time.Duration
	maxRequests  int
}

func (c *crawlFlags) register(f *pflag.FlagSet) {
	f.StringVar(&c.userAgent, "user-agent", defaultUA(), "the User-Agent sent with every request; robots.txt groups are matched on its first word")
	f.DurationVar(&c.delay, "delay", crawler.DefaultDelay, "wait between two requests to the same host (0 for none: local tests only)")
	f.BoolVar(&c.ignoreRobots, "ignore-robots", false, "do not obey robots.txt (for a regulator with a mandate; the report records it)")
	f.DurationVar(&c.timeout, "timeout", crawler.DefaultVendorTimeout, "time budget of one vendor, every request and retry included")
	f.IntVar(&c.maxRequests, "max-requests", crawler.DefaultMaxRequests, "request budget of one vendor, robots.txt and redirects included")
}

// crawlSettings are the crawl settings kept with a run so that a resume
// audits the rest of the list exactly as the first part.
type crawlSettings struct {
	UserAgent    string        `json:"user_agent"`
	Delay        time.Duration `json:"delay"`
	IgnoreRobots bool          `json:"ignore_robots"`
	Timeout      time.Duration `json:"timeout"`
	MaxRequests  int           `json:"max_requests"`
	Concurrency  int           `json:"concurrency"`
	Rules        string        `json:"rules,omitempty"`
}

func (c *crawlFlags) settings() crawlSettings {
	return crawlSettings{
		UserAgent:    c.userAgent,
		Delay:        c.delay,
		IgnoreRobots: c.ignoreRobots,
		Timeout:      c.timeout,
		MaxRequests:  c.maxRequests,
	}
}

// newCrawler builds the crawler from the settings; bad values are usage
// errors.
func newCrawler(s crawlSettings, log *slog.Logger) (*crawler.Crawler, error) {
	if s.Delay < 0 {
		return nil, usageErrorf("--delay %s: must not be negative", s.Delay)
	}
	if s.Timeout <= 0 {
		return nil, usageErrorf("--timeout %s: must be positive", s.Timeout)
	}
	delay := s.Delay
	if delay == 0 {
		delay = crawler.NoDelay
	}
	c, err := crawler.New(crawler.Options{
		UserAgent:     s.UserAgent,
		IgnoreRobots:  s.IgnoreRobots,
		Delay:         delay,
		VendorTimeout: s.Timeout,
		MaxRequests:   s.MaxRequests,
		Logger:        log,
	})
	if err != nil {
		return nil, usageError(fmt.Errorf("crawler: %w", err))
	}
	return c, nil
}

// defaultUA is the honest user agent: vigie, its version, and where to read
// what it does.
func defaultUA() string {
	return "vigie/" + toolVersion() + " (+https://github.com/vigie-audit/vigie; privacy-policy audit)"
}
