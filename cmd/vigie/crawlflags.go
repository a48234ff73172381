package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/spf13/pflag"

	"github.com/vigie-audit/vigie/crawler"
	"github.com/vigie-audit/vigie/render"
	"github.com/vigie-audit/vigie/reports"
	"github.com/vigie-audit/vigie/rules"
	"github.com/vigie-audit/vigie/warc"
)

// crawlFlags are the politeness, budget and rendering flags of the commands
// that fetch pages (audit, analyze).
type crawlFlags struct {
	userAgent    string
	delay        time.Duration
	ignoreRobots bool
	timeout      time.Duration
	maxRequests  int
	render       string
	chrome       string
	renderTabs   int
	lang         string
}

func (c *crawlFlags) register(f *pflag.FlagSet) {
	f.StringVar(&c.userAgent, "user-agent", defaultUA(), "the User-Agent sent with every request; robots.txt groups are matched on its first word")
	f.DurationVar(&c.delay, "delay", crawler.DefaultDelay, "wait between two requests to the same host (0 for none: local tests only)")
	f.BoolVar(&c.ignoreRobots, "ignore-robots", false, "do not obey robots.txt (for a regulator with a mandate; the report records it)")
	f.DurationVar(&c.timeout, "timeout", crawler.DefaultVendorTimeout, "time budget of one vendor, every request and retry included")
	f.IntVar(&c.maxRequests, "max-requests", crawler.DefaultMaxRequests, "request budget of one vendor, robots.txt and redirects included")
	f.StringVar(&c.render, "render", string(crawler.RenderAuto), "headless Chromium: auto (only for script-built or bot-blocked pages), always, or never")
	f.StringVar(&c.chrome, "chrome", "", "the Chromium executable (default: /usr/bin/chromium, chromium, chromium-browser, google-chrome)")
	f.IntVar(&c.renderTabs, "render-tabs", render.DefaultTabs, "pages rendered at once in the one browser process")
	f.StringVar(&c.lang, "lang", "", "read the policies in this language (fr, de, fr-FR, …): asked for in Accept-Language, and a policy found in another language exchanged for its version in this one, linked from the policy or from the home page's version (the report warns when there is none)")
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
	Render       string        `json:"render,omitempty"`
	Chrome       string        `json:"chrome,omitempty"`
	RenderTabs   int           `json:"render_tabs,omitempty"`
	WARC         string        `json:"warc,omitempty"`
	Language     string        `json:"language,omitempty"`
}

func (c *crawlFlags) settings() crawlSettings {
	return crawlSettings{
		UserAgent:    c.userAgent,
		Delay:        c.delay,
		IgnoreRobots: c.ignoreRobots,
		Timeout:      c.timeout,
		MaxRequests:  c.maxRequests,
		Render:       c.render,
		Chrome:       c.chrome,
		RenderTabs:   c.renderTabs,
		Language:     c.lang,
	}
}

// crawlEnv is a crawler with what it owns: the browser it may start and
// the archive it records to.
type crawlEnv struct {
	crawler *crawler.Crawler
	browser *render.Browser
	archive *warc.Writer
	// browserVersion is set when a browser is available.
	browserVersion string
}

// Close stops the browser and closes the archive.
func (e *crawlEnv) Close() error {
	var errs []error
	if e.browser != nil {
		errs = append(errs, e.browser.Close())
	}
	if e.archive != nil {
		if err := e.archive.Close(); err != nil {
			errs = append(errs, fmt.Errorf("warc: %w", err))
		}
	}
	return errors.Join(errs...)
}

// newCrawlEnv builds the crawler from the settings: a headless browser when
// rendering may be needed and Chromium is there, and a WARC archive when
// one is asked for (appended to when a run resumes). Bad values are usage
// errors.
func newCrawlEnv(ctx context.Context, s crawlSettings, pack *rules.Pack, resume bool, log *slog.Logger) (*crawlEnv, error) {
	if s.Delay < 0 {
		return nil, usageErrorf("--delay %s: must not be negative", s.Delay)
	}
	if s.Timeout <= 0 {
		return nil, usageErrorf("--timeout %s: must be positive", s.Timeout)
	}
	mode := crawler.RenderMode(s.Render)
	if mode == "" {
		mode = crawler.RenderAuto
	}
	switch mode {
	case crawler.RenderAuto, crawler.RenderAlways, crawler.RenderNever:
	default:
		return nil, usageErrorf("--render %q: want auto, always or never", s.Render)
	}
	if s.RenderTabs < 0 {
		return nil, usageErrorf("--render-tabs %d: at least 1", s.RenderTabs)
	}
	if _, ok := crawler.LanguageTag(s.Language); s.Language != "" && !ok {
		return nil, usageErrorf("--lang %q: want an ISO 639-1 code such as fr or de, with a region if need be (fr-FR)", s.Language)
	}
	env := &crawlEnv{}
	opts := crawler.Options{
		UserAgent:     s.UserAgent,
		IgnoreRobots:  s.IgnoreRobots,
		Delay:         s.Delay,
		VendorTimeout: s.Timeout,
		MaxRequests:   s.MaxRequests,
		Render:        mode,
		Logger:        log,
		Language:      s.Language,
	}
	if s.Delay == 0 {
		opts.Delay = crawler.NoDelay
	}
	if mode != crawler.RenderNever {
		b, err := render.New(render.Options{Path: s.Chrome, Tabs: s.RenderTabs, UserAgent: s.UserAgent, Logger: log})
		switch {
		case errors.Is(err, render.ErrNoBrowser) && mode == crawler.RenderAuto && s.Chrome == "":
			log.Warn("no Chromium found: pages built by scripts will not be rendered (vendors concerned get a warning)")
		case err != nil:
			return nil, usageError(fmt.Errorf("--render %s: %w", mode, err))
		default:
			env.browser = b
			opts.Renderer = b
			if v, err := render.ExecutableVersion(ctx, b.Path()); err == nil {
				env.browserVersion = v
			}
		}
	}
	if s.WARC != "" {
		info := warc.Info{
			Software:    "vigie/" + toolVersion(),
			UserAgent:   s.UserAgent,
			Robots:      "obey",
			Description: "privacy-policy audit",
			Fields: []warc.Field{
				{Name: "render", Value: string(mode)},
				{Name: "rules", Value: pack.Version() + " sha256:" + pack.SHA256()},
				{Name: "delay", Value: s.Delay.String()},
			},
		}
		if s.IgnoreRobots {
			info.Robots = "ignore"
		}
		var err error
		if resume {
			env.archive, err = warc.Append(s.WARC, info)
		} else {
			env.archive, err = warc.Create(s.WARC, info)
		}
		if err != nil {
			env.Close()
			return nil, fmt.Errorf("--warc: %w", err)
		}
		opts.Recorder = env.archive
	}
	c, err := crawler.New(opts)
	if err != nil {
		env.Close()
		return nil, usageError(fmt.Errorf("crawler: %w", err))
	}
	env.crawler = c
	return env, nil
}

// languageTag normalises --lang for the manifest ("" when unset or bad).
func languageTag(s string) string {
	tag, _ := crawler.LanguageTag(s)
	return tag
}

// manifest records the options that affect results.
func (e *crawlEnv) manifest(command string, s crawlSettings) reports.Manifest {
	m := reports.Manifest{
		Command:      command,
		UserAgent:    s.UserAgent,
		RobotsObeyed: !s.IgnoreRobots,
		DelayMS:      s.Delay.Milliseconds(),
		Render:       s.Render,
		Browser:      e.browserVersion,
		WARC:         s.WARC,
		Concurrency:  s.Concurrency,
		TimeoutMS:    s.Timeout.Milliseconds(),
		MaxRequests:  s.MaxRequests,
		Language:     languageTag(s.Language),
	}
	if m.Render == "" {
		m.Render = string(crawler.RenderAuto)
	}
	return m
}

// defaultUA is the honest user agent: vigie, its version, and where to read
// what it does.
func defaultUA() string {
	return "vigie/" + toolVersion() + " (+https://github.com/vigie-audit/vigie; privacy-policy audit)"
}
