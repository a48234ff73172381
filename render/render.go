package render

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/netip"
	"os/exec"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/vigie-audit/vigie/crawler"
)

// Defaults of Options.
const (
	DefaultTabs        = 2
	DefaultPageTimeout = 20 * time.Second
	// StartTimeout bounds the start of the browser process.
	StartTimeout = 30 * time.Second
)

// ErrNoBrowser: no Chromium executable was found. In auto mode the
// pipeline carries on without rendering (the crawler warns on the pages
// that needed it).
var ErrNoBrowser = errors.New("no Chromium found")

// candidates are the executables Find looks for, in order, after the path
// it is given.
var candidates = []string{
	"/usr/bin/chromium", // Debian's chromium package
	"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome", "headless_shell",
}

// Find returns the Chromium executable to use: path when it is given (an
// error wrapping ErrNoBrowser when it is not an executable), else the first
// of /usr/bin/chromium, chromium, chromium-browser, google-chrome (and
// google-chrome-stable, chrome, headless_shell) found on the PATH.
func Find(path string) (string, error) {
	if path != "" {
		p, err := exec.LookPath(path)
		if err != nil {
			return "", fmt.Errorf("%w at %s: %v", ErrNoBrowser, path, err)
		}
		return p, nil
	}
	for _, c := range candidates {
		if p, err := exec.LookPath(c); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("%w (looked for %s; install Debian's chromium package or give --chrome PATH)",
		ErrNoBrowser, strings.Join(candidates, ", "))
}

// Options configure a Browser. The zero value of each field means its
// default.
type Options struct {
	// Path is the Chromium executable; "" lets Find choose.
	Path string
	// Tabs bounds the pages rendered at once (2).
	Tabs int
	// PageTimeout bounds the rendering of one page, from opening its tab to
	// the screenshot (20 s).
	PageTimeout time.Duration
	// UserAgent, when set, is appended to the browser's own user agent, so
	// that sites see both what renders the page and who asks (vigie's
	// honest user agent).
	UserAgent string
	// AcceptLanguage, when set, is sent as Accept-Language.
	AcceptLanguage string
	// DialContext, when set, replaces the dialler of the browser's
	// connections (which all go through the rendering's guard proxy):
	// tests map made-up host names to local listeners with it. The
	// network guard applies to the connections it returns, by their
	// remote address.
	DialContext func(ctx context.Context, network, addr string) (net.Conn, error)
	// Logger receives debug logs of each page and of the browser; nil
	// discards them.
	Logger *slog.Logger
}

// A Browser renders pages in one headless Chromium process, started on
// the first Render, with at most Options.Tabs pages at once. Each page gets
// a fresh browser context (its own cookies and cache), so that vendors do
// not see each other's cookies. It implements crawler.Renderer and is safe
// for concurrent use. Close stops the process and removes its profile.
type Browser struct {
	opts Options
	path string
	log  *slog.Logger
	tabs chan struct{}
	// isPrivate classifies the addresses the browser reaches
	// (crawler.IsPrivateAddr; tests swap it).
	isPrivate func(netip.Addr) bool

	mu        sync.Mutex
	allocStop context.CancelFunc
	ctx       context.Context // the browser's chromedp context
	stop      context.CancelFunc
	version   string
	agent     string // user agent sent by the tabs
	starts    int
	closed    bool
	rendered  int
}

var _ crawler.Renderer = (*Browser)(nil)

// New returns a Browser for the Chromium that Find locates; it fails with
// an error wrapping ErrNoBrowser when there is none. The process starts on
// the first Render.
func New(opts Options) (*Browser, error) {
	path, err := Find(opts.Path)
	if err != nil {
		return nil, err
	}
	if opts.Tabs <= 0 {
		opts.Tabs = DefaultTabs
	}
	if opts.PageTimeout <= 0 {
		opts.PageTimeout = DefaultPageTimeout
	}
	if strings.ContainsAny(opts.UserAgent+opts.AcceptLanguage, "\r\n") {
		return nil, errors.New("render: user agent and language must be one line")
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Browser{opts: opts, path: path, log: log, tabs: make(chan struct{}, opts.Tabs)}, nil
}

// Path returns the Chromium executable.
func (b *Browser) Path() string { return b.path }

// Version returns the browser's product and version ("Chrome/156.0…"),
// once it has started.
func (b *Browser) Version() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.version
}

// flags are the Chromium switches: headless and quiet on a closed network
// (no background networking, component updates, sync, pings or crash
// reports), no GPU, no images, no QUIC, no WebRTC UDP outside the proxy, a
// fixed window; chromedp adds a fresh
// --user-data-dir (removed on Close), --remote-debugging-pipe, and
// --no-sandbox when running as root.
func (b *Browser) flags() []chromedp.ExecAllocatorOption {
	opts := append([]chromedp.ExecAllocatorOption{}, chromedp.DefaultExecAllocatorOptions[:]...)
	opts = append(opts,
		chromedp.ExecPath(b.path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.WindowSize(1280, 900),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-domain-reliability", true),
		chromedp.Flag("no-pings", true),
		chromedp.Flag("disable-breakpad", true),
		chromedp.Flag("mute-audio", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("deny-permission-prompts", true),
		chromedp.Flag("autoplay-policy", "user-gesture-required"),
		chromedp.Flag("blink-settings", "imagesEnabled=false"),
		// Every request goes through the rendering's guard proxy (see
		// guard.go); WebRTC would send UDP around it.
		chromedp.Flag("force-webrtc-ip-handling-policy", "disable_non_proxied_udp"),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-features", "Translate,OptimizationHints,MediaRouter,DialMediaRouteProvider,InterestFeedContentSuggestions,CertificateTransparencyComponentUpdater,AutofillServerCommunication"),
		chromedp.CombinedOutput(logWriter{b.log}),
	)
	if b.opts.AcceptLanguage != "" {
		opts = append(opts, chromedp.Flag("accept-lang", b.opts.AcceptLanguage))
	}
	return opts
}

// start starts the browser process if it is not running (or has died);
// ctx bounds the start only.
func (b *Browser) start(ctx context.Context) (context.Context, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return nil, errors.New("render: browser closed")
	}
	if b.ctx != nil && b.ctx.Err() == nil {
		return b.ctx, nil
	}
	if b.ctx != nil {
		// The process died (crash, killed): start another, a few times.
		b.log.Warn("render: the browser stopped; starting it again", "path", b.path)
		b.stopLocked()
		if b.starts >= 3 {
			return nil, errors.New("render: the browser stopped three times; giving up")
		}
	}
	b.starts++
	begin := time.Now()
	// The browser lives until Close, not until the first caller's context
	// ends: it is detached from ctx's cancellation, and ctx bounds only
	// the start below.
	allocCtx, allocStop := chromedp.NewExecAllocator(context.WithoutCancel(ctx), b.flags()...)
	bctx, stop := chromedp.NewContext(allocCtx,
		chromedp.WithErrorf(func(f string, a ...any) { b.log.Debug("render: chromedp: " + fmt.Sprintf(f, a...)) }),
	)
	startCtx, cancel := context.WithTimeout(ctx, StartTimeout)
	defer cancel()
	abort := context.AfterFunc(startCtx, stop)
	err := chromedp.Do(bctx)
	aborted := !abort()
	if err == nil && aborted {
		err = startCtx.Err()
	}
	if err != nil {
		stop()
		allocStop()
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("start chromium %s: %w", b.path, err)
	}
	b.ctx, b.stop, b.allocStop = bctx, stop, allocStop
	if v, err := chromedp.CallBrowser(bctx, browserGetVersion, emptyParams{}); err == nil {
		b.version = v.Product
		b.agent = v.UserAgent
		if b.opts.UserAgent != "" {
			b.agent = v.UserAgent + " " + b.opts.UserAgent
		}
	}
	b.log.Debug("render: browser started", "path", b.path, "version", b.version,
		"pid", b.pid(), "elapsed", time.Since(begin))
	return b.ctx, nil
}

func (b *Browser) pid() int {
	if b.ctx == nil {
		return 0
	}
	c := chromedp.FromContext(b.ctx)
	if c == nil || c.Browser == nil || c.Browser.Process() == nil {
		return 0
	}
	return c.Browser.Process().Pid
}

func (b *Browser) stopLocked() {
	if b.stop != nil {
		b.stop()
	}
	if b.allocStop != nil {
		b.allocStop() // waits for the process and removes the profile
	}
	b.ctx, b.stop, b.allocStop = nil, nil, nil
}

// Close stops the browser process and removes its profile directory. It
// waits for renders in progress to end (their contexts are cancelled).
func (b *Browser) Close() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return nil
	}
	b.closed = true
	b.stopLocked()
	return nil
}

// logWriter sends the browser's output to the logger, line by line.
type logWriter struct{ log *slog.Logger }

func (w logWriter) Write(p []byte) (int, error) {
	for _, line := range strings.Split(strings.TrimRight(string(p), "\n"), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			w.log.Debug("render: chromium", "line", line)
		}
	}
	return len(p), nil
}

var _ io.Writer = logWriter{}

// ExecutableVersion asks a Chromium executable for its version
// ("Chromium 156.0.8078.108 built on Debian …") without starting a browser
// session, for the report's manifest.
func ExecutableVersion(ctx context.Context, path string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, path, "--version").Output()
	if err != nil {
		return "", fmt.Errorf("%s --version: %w", path, err)
	}
	return strings.TrimSpace(string(out)), nil
}
