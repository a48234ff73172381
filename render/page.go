package render

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/storage"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"

	"github.com/vigie-audit/vigie/crawler"
)

type emptyParams = cdp.Empty

var browserGetVersion = browser.GetVersion

// How a page is judged settled: its document has loaded, and neither its
// DOM nor its list of fetched resources has changed for settleQuiet
// (checked every settlePoll), at least settleAfterLoad after the load; or
// the settle time runs out and the page is taken as it is. The second
// settle, after scrolling, only waits for settleAfterLoad and
// settleQuietScrolled.
const (
	settlePoll      = 150 * time.Millisecond
	settleQuiet     = 700 * time.Millisecond
	settleAfterLoad = 500 * time.Millisecond
	// After scrolling to the bottom: the page has settled once already.
	settleQuietScrolled = 400 * time.Millisecond
	captureReserve      = 3 * time.Second // of the page timeout, kept for the DOM, screenshot and cookies
	maxShotHeight       = 1600            // CSS pixels of the footer screenshot
	minShotHeight       = 120
)

// watchMutations counts the DOM's mutations from the start of every
// document, for settle.
const watchMutations = `(() => {
  if (window.__vigieMutations !== undefined) return;
  window.__vigieMutations = 0;
  new MutationObserver(() => { window.__vigieMutations++; })
    .observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
})();`

const probeJS = `({href: location.href, ready: document.readyState, mutations: window.__vigieMutations | 0,
  resources: performance.getEntriesByType('resource').length})`

type probe struct {
	Href      string `json:"href"`
	Ready     string `json:"ready"`
	Mutations int    `json:"mutations"`
	Resources int    `json:"resources"`
}

// captureJS reads the rendered document, its status and where its footer
// is (else the bottom of the page), in CSS pixels of the document.
const captureJS = `(() => {
  const de = document.documentElement;
  const html = de ? (document.doctype ? new XMLSerializer().serializeToString(document.doctype) + "\n" : "") + de.outerHTML : "";
  const nav = performance.getEntriesByType('navigation')[0];
  const visible = e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  let el = [...document.querySelectorAll('footer, [role=contentinfo]')].filter(visible).pop();
  if (!el) el = [...document.querySelectorAll('[id*=footer i], [class*=footer i]')].filter(visible).pop();
  const width = Math.max(de ? de.clientWidth : 0, window.innerWidth || 0, 320);
  const height = Math.max(de ? de.scrollHeight : 0, document.body ? document.body.scrollHeight : 0, window.innerHeight || 0);
  let box = {x: 0, y: Math.max(0, height - window.innerHeight), w: width, h: window.innerHeight, footer: false};
  if (el) {
    const r = el.getBoundingClientRect();
    box = {x: 0, y: Math.max(0, r.top + window.scrollY), w: width, h: r.height, footer: true};
  }
  return {href: location.href, status: nav && nav.responseStatus ? nav.responseStatus : 0, html, box, height};
})()`

type capture struct {
	Href   string `json:"href"`
	Status int    `json:"status"`
	HTML   string `json:"html"`
	Box    struct {
		X      float64 `json:"x"`
		Y      float64 `json:"y"`
		W      float64 `json:"w"`
		H      float64 `json:"h"`
		Footer bool    `json:"footer"`
	} `json:"box"`
	Height float64 `json:"height"`
}

// Render loads pageURL in a new tab with its own browser context, lets its
// scripts build the page (until the DOM is quiet, and once more after
// scrolling to the bottom, where lazy footers load), and returns the
// serialised DOM, the final URL and status, a PNG of the footer area and
// the cookies the browser holds. Every request of the page goes through
// the network guard (see the package documentation): what it refused is
// in Rendering.Refused, and a page refused itself is an error. It waits
// for a free tab; ctx and Options.PageTimeout bound the rest.
func (b *Browser) Render(ctx context.Context, pageURL string) (*crawler.Rendering, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	select {
	case b.tabs <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { <-b.tabs }()
	bctx, err := b.start(ctx)
	if err != nil {
		return nil, err
	}
	guard, err := b.startGuard(ctx, pageURL)
	if err != nil {
		return nil, fmt.Errorf("render %s: %w", pageURL, err)
	}
	defer guard.close() // after the tab
	at := time.Now()
	tctx, closeTab := chromedp.NewContext(bctx, chromedp.WithNewBrowserContext(
		func(p *target.CreateBrowserContextParams) {
			p.ProxyServer = guard.addr()
			p.ProxyBypassList = "<-loopback>" // loopback goes through the guard too
		}))
	defer closeTab()
	var timedOut atomic.Bool
	timer := time.AfterFunc(b.opts.PageTimeout, func() { timedOut.Store(true); closeTab() })
	defer timer.Stop()
	defer context.AfterFunc(ctx, closeTab)()

	r, err := b.renderTab(tctx, pageURL, at.Add(b.opts.PageTimeout-captureReserve))
	switch {
	case err == nil && guard.refusedHost(finalHost(r.FinalURL, guard.target)):
		return nil, fmt.Errorf("render %s: the network guard refused the page itself: %s",
			pageURL, strings.Join(guard.refusals(), ", "))
	case err == nil:
	case guard.refusedHost(guard.target):
		return nil, fmt.Errorf("render %s: the network guard refused the page itself: %s",
			pageURL, strings.Join(guard.refusals(), ", "))
	case timedOut.Load():
		return nil, fmt.Errorf("render %s: timed out after %s", pageURL, b.opts.PageTimeout)
	case ctx.Err() != nil:
		return nil, ctx.Err()
	case bctx.Err() != nil:
		return nil, fmt.Errorf("render %s: the browser stopped: %w", pageURL, err)
	default:
		if refused := guard.refusals(); len(refused) > 0 {
			return nil, fmt.Errorf("render %s: %w (the network guard refused %s)", pageURL, err, strings.Join(refused, ", "))
		}
		return nil, fmt.Errorf("render %s: %w", pageURL, err)
	}
	r.At, r.Elapsed = at, time.Since(at)
	r.Refused = guard.refusals()
	b.mu.Lock()
	b.rendered++
	b.mu.Unlock()
	b.log.Debug("render: page", "url", pageURL, "final", r.FinalURL, "status", r.Status,
		"bytes", len(r.HTML), "screenshot", len(r.Screenshot), "cookies", len(r.Cookies), "elapsed", r.Elapsed)
	return r, nil
}

func (b *Browser) renderTab(ctx context.Context, pageURL string, settleBy time.Time) (*crawler.Rendering, error) {
	if err := chromedp.Do(ctx); err != nil { // opens the tab in its own browser context
		return nil, fmt.Errorf("open a tab: %w", err)
	}
	bcid := chromedp.FromContext(ctx).BrowserContextID
	if _, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorDeny, BrowserContextID: bcid,
	}); err != nil {
		return nil, fmt.Errorf("deny downloads: %w", err)
	}
	if b.agent != "" || b.opts.AcceptLanguage != "" {
		if _, err := chromedp.Call(ctx, emulation.SetUserAgentOverride, emulation.SetUserAgentOverrideParams{
			UserAgent: b.agent, AcceptLanguage: b.opts.AcceptLanguage,
		}); err != nil {
			return nil, fmt.Errorf("set the user agent: %w", err)
		}
	}
	// Images and media are refused at the request (the blink setting alone
	// leaves the preload scanner fetching them).
	paused := chromedp.Events(ctx, fetch.RequestPaused)
	go func() {
		for ev, err := range paused {
			if err != nil {
				return
			}
			_, _ = chromedp.Call(ctx, fetch.FailRequest, fetch.FailRequestParams{
				RequestID: ev.RequestID, ErrorReason: network.ErrorReasonBlockedByClient,
			})
		}
	}()
	if _, err := chromedp.Call(ctx, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{
		{ResourceType: network.ResourceTypeImage}, {ResourceType: network.ResourceTypeMedia},
	}}); err != nil {
		return nil, fmt.Errorf("block images: %w", err)
	}
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: watchMutations}); err != nil {
		return nil, fmt.Errorf("watch the page: %w", err)
	}
	nav, err := chromedp.Call(ctx, page.Navigate, page.NavigateParams{URL: pageURL})
	if err != nil {
		return nil, fmt.Errorf("navigate: %w", err)
	}
	if nav.ErrorText != "" {
		return nil, fmt.Errorf("navigate: %s", nav.ErrorText)
	}
	if err := settle(ctx, settleBy, settleQuiet); err != nil {
		return nil, err
	}
	// Footers that load when scrolled into view, on pages taller than the
	// window.
	scrolled, err := chromedp.Run(ctx, chromedp.Evaluate[bool](scrollJS))
	if err == nil && scrolled {
		if err := settle(ctx, minTime(settleBy, time.Now().Add(2*time.Second)), settleQuietScrolled); err != nil {
			return nil, err
		}
	}
	c, err := chromedp.Run(ctx, chromedp.Evaluate[capture](captureJS))
	if err != nil {
		return nil, fmt.Errorf("read the document: %w", err)
	}
	r := &crawler.Rendering{URL: pageURL, FinalURL: c.Href, Status: c.Status, HTML: []byte(c.HTML)}
	r.Screenshot, err = screenshot(ctx, c)
	if err != nil {
		return nil, fmt.Errorf("screenshot: %w", err)
	}
	cs, err := chromedp.CallBrowser(ctx, storage.GetCookies, storage.GetCookiesParams{BrowserContextID: bcid})
	if err != nil {
		return nil, fmt.Errorf("read cookies: %w", err)
	}
	for _, c := range cs.Cookies {
		hc := &http.Cookie{Name: c.Name, Domain: c.Domain, Path: c.Path, Secure: c.Secure, HttpOnly: c.HTTPOnly}
		if !c.Session && c.Expires > 0 && !math.IsInf(c.Expires, 0) {
			sec, frac := math.Modf(c.Expires)
			hc.Expires = time.Unix(int64(sec), int64(frac*1e9)).UTC()
		}
		r.Cookies = append(r.Cookies, hc)
	}
	return r, nil
}

// scrollJS scrolls to the bottom of a page taller than the window, and
// says whether it did.
const scrollJS = `(() => {
  const h = Math.max(document.documentElement ? document.documentElement.scrollHeight : 0, document.body ? document.body.scrollHeight : 0);
  if (h <= window.innerHeight + 1) return false;
  window.scrollTo(0, h);
  return true;
})()`

// settle waits until the page has loaded and gone quiet for quiet, or
// until by.
func settle(ctx context.Context, by time.Time, quiet time.Duration) error {
	var last probe
	quietSince := time.Now()
	var loadedAt time.Time
	for {
		p, err := chromedp.Run(ctx, chromedp.Evaluate[probe](probeJS))
		now := time.Now()
		switch {
		case ctx.Err() != nil:
			return ctx.Err()
		case err != nil:
			// Between two documents (a redirect, a challenge that reloads
			// the page): not quiet.
			quietSince, loadedAt, last = now, time.Time{}, probe{}
		case p != last:
			last, quietSince = p, now
		}
		if err == nil && p.Ready == "complete" && loadedAt.IsZero() {
			loadedAt = now
		}
		if !loadedAt.IsZero() && now.Sub(quietSince) >= quiet && now.Sub(loadedAt) >= settleAfterLoad {
			return nil
		}
		if now.After(by) {
			if last.Href == "" {
				return errors.New("the page did not load in time")
			}
			return nil // taken as it is
		}
		t := time.NewTimer(settlePoll)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		}
	}
}

// screenshot captures the footer box (or the bottom of the page) as PNG.
func screenshot(ctx context.Context, c capture) ([]byte, error) {
	y, h := c.Box.Y, c.Box.H
	if h < minShotHeight { // a thin footer: show what is around it
		y, h = math.Max(0, y-(minShotHeight-h)/2), minShotHeight
	}
	if h > maxShotHeight { // a tall footer: its top, where the links are
		h = maxShotHeight
	}
	if c.Height > 0 && y+h > c.Height {
		y = math.Max(0, c.Height-h)
	}
	w := math.Max(c.Box.W, 320)
	res, err := chromedp.Call(ctx, page.CaptureScreenshot, page.CaptureScreenshotParams{
		Format:                page.CaptureScreenshotFormatPng,
		Clip:                  &page.Viewport{X: 0, Y: y, Width: w, Height: h, Scale: 1},
		CaptureBeyondViewport: new(true),
	})
	if err != nil {
		return nil, err
	}
	return res.Data, nil
}

// finalHost is the host:port of the URL a page ended on; def when it has
// none.
func finalHost(final, def string) string {
	u, err := url.Parse(final)
	if err != nil || u.Host == "" {
		return def
	}
	return hostPort(u)
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// Stats are figures of the running browser.
type Stats struct {
	// PID is the browser's process id; 0 before it starts.
	PID int
	// Processes counts the browser and its child processes (renderers,
	// GPU, network service); Memory is their memory in bytes, summed as
	// proportional set sizes (shared pages divided among the processes that
	// share them; Linux only, 0 elsewhere).
	Processes int
	Memory    int64
	// Rendered counts the pages rendered so far.
	Rendered int
}

// Stats returns figures of the browser: its processes and their memory.
func (b *Browser) Stats() Stats {
	b.mu.Lock()
	pid, n := b.pid(), b.rendered
	b.mu.Unlock()
	s := Stats{PID: pid, Rendered: n}
	if pid != 0 {
		s.Processes, s.Memory = treeRSS(pid)
	}
	return s
}
