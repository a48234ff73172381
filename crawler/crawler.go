package crawler

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/gocolly/colly/v2"
)

// Version is the version written in the default user agent; the command
// sets it from its build information.
var Version = "dev"

// Defaults. Each is documented on its Options field.
const (
	DefaultDelay          = time.Second
	DefaultParallelism    = 1
	DefaultRequestTimeout = 20 * time.Second
	DefaultVendorTimeout  = 60 * time.Second
	DefaultMaxRequests    = 16
	DefaultMaxBodyBytes   = 10 << 20
	DefaultRetries        = 2
	DefaultRetryWait      = time.Second
	DefaultMaxRedirects   = 10
	// MaxRetryAfter caps how long a Retry-After answer is waited for; a
	// longer one (or one beyond the vendor's remaining time) ends the tries.
	MaxRetryAfter = 30 * time.Second
)

// NoDelay, as Options.Delay, sends requests to the same host without delay
// (for local benchmarks). NoRetries, as Options.Retries, disables retries.
const (
	NoDelay   time.Duration = -1
	NoRetries int           = -1
)

// DefaultUserAgent names vigie, its version and where to read about it.
func DefaultUserAgent() string {
	return "vigie/" + Version + " (+https://github.com/vigie-audit/vigie; privacy-policy audit)"
}

// Options configure a Crawler. The zero value of each field means its
// default.
type Options struct {
	// UserAgent is sent with every request and matched against robots.txt
	// groups by its first word ("vigie"). Default DefaultUserAgent().
	UserAgent string
	// AcceptLanguage, when set, is sent as Accept-Language. By default none
	// is sent (unless Language is set) and sites answer in their default
	// language.
	AcceptLanguage string
	// Language is the language the policies are to be read in, as an ISO
	// 639-1 code ("fr"), with a region if need be ("fr-FR", preferred to
	// the other French versions): a regulator audits the notice the people
	// of its country are given. It is asked for in Accept-Language (unless
	// AcceptLanguage says otherwise); a policy found in another language
	// is exchanged for its version in this one when the policy page links
	// it (hreflang alternates, a language menu), and the Result warns
	// when it links none.
	Language string
	// IgnoreRobots disables robots.txt (for a regulator with a mandate);
	// every Result then records RobotsIgnored.
	IgnoreRobots bool
	// Delay between two requests to the same host (1 s). NoDelay for none.
	Delay time.Duration
	// Parallelism is the number of requests in flight to one host (1).
	Parallelism int
	// RequestTimeout bounds one request, from dialling to the last byte of
	// the body (20 s).
	RequestTimeout time.Duration
	// VendorTimeout bounds the discovery of one vendor, every request,
	// delay and retry included, and the scanning of its pages (60 s). A
	// vendor whose time runs out is a fetch_error naming the budget.
	VendorTimeout time.Duration
	// MaxRequests bounds the HTTP requests made for one vendor: robots.txt,
	// redirects and retries count (16).
	MaxRequests int
	// MaxBodyBytes caps a page body, counted after decompression (10 MiB);
	// longer bodies are cut and marked Truncated. robots.txt is capped at
	// 512 KiB and sitemaps at 4 MiB.
	MaxBodyBytes int64
	// Retries is the number of retries of a request that timed out, was
	// cut, or answered 429 or 5xx (2). NoRetries for none.
	Retries int
	// RetryWait is the first wait before a retry, doubled at each retry
	// (1 s); a Retry-After header replaces it, up to MaxRetryAfter and the
	// vendor's remaining time.
	RetryWait time.Duration
	// MaxRedirects bounds the redirects followed from one URL (10).
	MaxRedirects int
	// Logger receives debug logs of each request and the decisions of
	// discovery; nil discards them.
	Logger *slog.Logger
	// Words are the link words; nil means DefaultWords().
	Words *Words
	// DialContext, when set, replaces the network dialler: tests and the
	// offline demo use it to map made-up host names to local listeners.
	// The network guard still applies to the connections it returns.
	DialContext func(ctx context.Context, network, addr string) (net.Conn, error)
	// Verify, when set, decides whether a fetched page is the privacy
	// policy (Page.Role "policy") or the cookie policy ("cookie_policy").
	// When nil, a built-in check is used (see verify.go), as vigie's
	// commands do: it reads HTML and text, and takes a PDF on what its
	// link says; the analyzer then reads the PDF found, and the report
	// says when it holds no text. A part of a page that the policy link
	// points at (Page.Fragment, Page.Section) is judged by the built-in
	// part check, not by Verify.
	Verify func(ctx context.Context, p *Page) (ok bool, reason string)
	// Render says when a page is loaded in the Renderer: RenderAuto (the
	// default) when the plain fetch gave no policy link and the page looks
	// built by scripts, or looks bot-blocked (see RenderDecision);
	// RenderAlways for every home page; RenderNever not at all. In auto
	// mode without a Renderer, a page that would have been rendered gets a
	// warning on the Result instead.
	Render RenderMode
	// Renderer loads pages in a headless browser (package render); nil
	// means none is available.
	Renderer Renderer
	// Recorder, when set, receives every HTTP exchange of discovery
	// (robots.txt, redirects, retries and error answers included) and every
	// rendering, for an archive of what was seen (package warc). A failure
	// to record becomes a warning on the vendor's Result.
	Recorder Recorder
	// Now is the clock (time.Now); tests set it.
	Now func() time.Time
}

// A Renderer loads a page in a headless browser and returns the document
// its scripts built (see Rendering). Discover calls it as Options.Render
// says; the browser's requests are not HTTP exchanges of the crawler: they
// are not counted in Result.Requests, not subject to the per-host gate, and
// not recorded (the Recorder gets the Rendering instead). Render must be
// safe for concurrent use and honour ctx.
type Renderer interface {
	Render(ctx context.Context, pageURL string) (*Rendering, error)
}

// withDefaults fills the zero fields and checks the others.
func (o Options) withDefaults() (Options, error) {
	if o.UserAgent == "" {
		o.UserAgent = DefaultUserAgent()
	}
	if strings.ContainsAny(o.UserAgent, "\r\n") {
		return o, errors.New("user agent must be one line")
	}
	if o.Language != "" {
		tag, ok := LanguageTag(o.Language)
		if !ok {
			return o, fmt.Errorf("language %q: want an ISO 639-1 code such as fr or de, with a region if need be (fr-FR)", o.Language)
		}
		o.Language = tag
		if o.AcceptLanguage == "" {
			if l := primaryLang(tag); l != tag {
				o.AcceptLanguage = tag + ", " + l + ";q=0.9, *;q=0.5"
			} else {
				o.AcceptLanguage = tag + ", *;q=0.5"
			}
		}
	}
	if strings.ContainsAny(o.AcceptLanguage, "\r\n") {
		return o, errors.New("accept-language must be one line")
	}
	if o.Delay == 0 {
		o.Delay = DefaultDelay
	}
	if o.Parallelism == 0 {
		o.Parallelism = DefaultParallelism
	}
	if o.RequestTimeout == 0 {
		o.RequestTimeout = DefaultRequestTimeout
	}
	if o.VendorTimeout == 0 {
		o.VendorTimeout = DefaultVendorTimeout
	}
	if o.MaxRequests == 0 {
		o.MaxRequests = DefaultMaxRequests
	}
	if o.MaxBodyBytes == 0 {
		o.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if o.Retries == 0 {
		o.Retries = DefaultRetries
	}
	if o.RetryWait == 0 {
		o.RetryWait = DefaultRetryWait
	}
	if o.MaxRedirects == 0 {
		o.MaxRedirects = DefaultMaxRedirects
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	switch o.Render {
	case "":
		o.Render = RenderAuto
	case RenderAuto, RenderNever:
	case RenderAlways:
		if o.Renderer == nil {
			return o, errors.New("render mode always needs a Renderer (no browser available)")
		}
	default:
		return o, fmt.Errorf("render mode %q: want auto, always or never", o.Render)
	}
	if o.Words == nil {
		w, err := DefaultWords()
		if err != nil {
			return o, err
		}
		o.Words = w
	}
	var errs []error
	if o.Parallelism < 0 {
		errs = append(errs, fmt.Errorf("parallelism %d: must be at least 1", o.Parallelism))
	}
	if o.RequestTimeout < 0 || o.VendorTimeout < 0 || o.RetryWait < 0 {
		errs = append(errs, errors.New("timeouts must not be negative"))
	}
	if o.MaxRequests < 0 || o.MaxBodyBytes < 0 || o.MaxRedirects < 0 {
		errs = append(errs, errors.New("budgets and caps must not be negative"))
	}
	if o.MaxRequests > 0 && o.MaxRequests < 2 {
		errs = append(errs, fmt.Errorf("max requests %d: at least 2 are needed (robots.txt and the home page)", o.MaxRequests))
	}
	return o, errors.Join(errs...)
}

// LanguageTag checks and normalises a language tag for Options.Language:
// an ISO 639-1 (or 639-2) code, lower case, with an optional region of two
// letters (upper case) or three digits ("fr", "fr-FR", "es-419").
func LanguageTag(s string) (string, bool) {
	lang, region, hasRegion := strings.Cut(strings.TrimSpace(s), "-")
	l := strings.ToLower(lang)
	if len(l) < 2 || len(l) > 3 || strings.Trim(l, "abcdefghijklmnopqrstuvwxyz") != "" {
		return "", false
	}
	if !hasRegion {
		return l, true
	}
	r := strings.ToUpper(region)
	switch {
	case len(r) == 2 && strings.Trim(r, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == "":
	case len(r) == 3 && strings.Trim(r, "0123456789") == "":
	default:
		return "", false
	}
	return l + "-" + r, true
}

// A Crawler finds and fetches vendors' privacy policies. It is safe for
// concurrent use: discoveries of different vendors share the per-host
// politeness limits, the robots.txt cache and the connection pool.
type Crawler struct {
	opts Options
	base *colly.Collector
	// collectors holds clones of base that finished vendors left.
	collectors sync.Pool
	// cctx is the colly context of every request: colly only reads it
	// (vigie registers no callbacks that could store anything in it).
	cctx *colly.Context
	// agent is the user agent's product token, for robots.txt.
	agent string
	// headers are the headers of every request; read-only.
	headers http.Header
	guard   *netGuard

	gatesMu sync.Mutex
	gates   map[string]*hostGate // host:port → politeness gate

	poolsMu sync.Mutex
	pools   map[string]*sitePool // registrable domain → connection pool

	robotsMu sync.Mutex
	robots   map[string]*robotsEntry // scheme://host:port → entry
}

// New returns a Crawler. It fails only on invalid options or link words.
func New(opts Options) (*Crawler, error) {
	o, err := opts.withDefaults()
	if err != nil {
		return nil, fmt.Errorf("crawler options: %w", err)
	}
	c := &Crawler{
		opts:   o,
		guard:  newNetGuard(),
		gates:  map[string]*hostGate{},
		robots: map[string]*robotsEntry{},
		pools:  map[string]*sitePool{},
	}
	c.base = c.newCollector()
	c.cctx = colly.NewContext()
	c.agent = robotsAgent(o.UserAgent)
	return c, nil
}

// newCollector builds the colly collector every vendor clones. It is built
// with Init, not NewCollector, so COLLY_* environment variables have no
// effect, and every default that matters is set here explicitly.
func (c *Crawler) newCollector() *colly.Collector {
	col := &colly.Collector{}
	col.Init()
	col.UserAgent = c.opts.UserAgent
	hdr := http.Header{}
	hdr.Set("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,application/pdf;q=0.9,text/plain;q=0.8,*/*;q=0.5")
	hdr.Set("Accept-Encoding", "gzip") // see transport.RoundTrip
	if c.opts.AcceptLanguage != "" {
		hdr.Set("Accept-Language", c.opts.AcceptLanguage)
	}
	col.Headers = &hdr
	// Every request carries these same headers: one map, handed to colly
	// with each request (so that it does not copy them into a new one), and
	// never written to. The transport copies a request before it adds
	// anything (a cookie).
	c.headers = hdr.Clone()
	c.headers.Set("User-Agent", c.opts.UserAgent)
	// robots.txt is enforced by the session before every request, with
	// colly's own parser (temoto/robotstxt), so that its fetch is counted,
	// rate-limited, bound to the vendor's context and guarded: see robots.go.
	col.IgnoreRobotsTxt = true
	col.AllowURLRevisit = true // retries fetch a URL again; the session dedups
	col.ParseHTTPErrorResponse = true
	col.MaxBodySize = 0       // the transport caps the decompressed body
	col.DetectCharset = false // the session decodes from the raw bytes
	col.MaxDepth = 0
	col.MaxRequests = 0 // the per-vendor budget lives in the session
	col.CacheDir = ""
	col.TraceHTTP = false
	col.Async = false
	col.SetClient(&http.Client{
		Transport: c.newTransport(),
		Jar:       nil, // one cookie jar per vendor, in the transport
		// No Client.Timeout: the session bounds each request with a
		// context deadline (visit). With a RoundTripper of its own, the
		// client would otherwise start a timer, two channels and a
		// goroutine per request to enforce the same bound.
	})
	// Redirects are followed by the session, hop by hop, so that each hop
	// is checked against robots.txt and the network guard, rate-limited and
	// recorded.
	col.SetRedirectHandler(func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse })
	return col
}

// hostGate spaces the requests to one host: at most Parallelism at a time,
// each starting at least Delay after the previous one ended. It replaces
// colly's LimitRule, which counts parallelism per rule rather than per host
// (one "*" rule would serialise every host), cannot be added safely while
// other requests run (colly v2.3.0 reads its rule list without the lock and
// publishes a rule before initialising it: the race detector catches both),
// and sleeps without regard to the vendor's context.
type hostGate struct {
	slots chan struct{}
	mu    sync.Mutex
	next  time.Time     // earliest start of the next request
	delay time.Duration // between requests: Options.Delay or the site's Crawl-delay
}

// MaxCrawlDelay caps the Crawl-delay of a robots.txt that vigie honours.
const MaxCrawlDelay = 10 * time.Second

func (c *Crawler) gate(host string) *hostGate {
	c.gatesMu.Lock()
	defer c.gatesMu.Unlock()
	g := c.gates[host]
	if g == nil {
		g = &hostGate{slots: make(chan struct{}, c.opts.Parallelism), delay: max(0, c.opts.Delay)}
		c.gates[host] = g
	}
	return g
}

// acquire waits for a slot and for the delay since the last request, or
// for ctx to end.
func (g *hostGate) acquire(ctx context.Context) error {
	select {
	case g.slots <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	for {
		g.mu.Lock()
		wait := time.Until(g.next)
		if wait <= 0 {
			g.mu.Unlock()
			return nil
		}
		g.mu.Unlock()
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			<-g.slots
			return ctx.Err()
		}
	}
}

// release frees the slot; the next request may start after the delay.
func (g *hostGate) release() {
	g.mu.Lock()
	g.next = time.Now().Add(g.delay)
	g.mu.Unlock()
	<-g.slots
}

// slowDown raises the gate's delay to a robots.txt Crawl-delay, up to
// MaxCrawlDelay; it returns the delay in effect.
func (g *hostGate) slowDown(d time.Duration) time.Duration {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.delay = max(g.delay, min(d, MaxCrawlDelay))
	return g.delay
}

// Options returns the options in effect, defaults filled in (Delay and
// Retries stay negative when set to NoDelay or NoRetries).
func (c *Crawler) Options() Options { return c.opts }
