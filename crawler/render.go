package crawler

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/netip"
	"net/url"
	"slices"
	"strings"
	"time"
)

// Rendering: vigie fetches cheaply first and reaches for a browser only when
// it must. In auto mode (the default) a home page is loaded in the Renderer
// when its plain fetch
//   - offered no policy, hub or cookie-policy link and looks built by
//     scripts, or
//   - looks bot-blocked: a 403, 429 or 503 answer carrying a challenge page.
//
// RenderDecision is the rule. The rendered DOM replaces the static HTML for
// discovery; the browser's cookies join the home page's; the Rendering goes
// to the Recorder; Result.Rendered says which page was rendered and why.

// A RenderMode says when pages are rendered (Options.Render).
type RenderMode string

// Render modes.
const (
	RenderAuto   RenderMode = "auto"
	RenderAlways RenderMode = "always"
	RenderNever  RenderMode = "never"
)

// A Rendering is a page as a headless browser built it.
type Rendering struct {
	// URL is the page asked for; FinalURL the one the browser ended on,
	// after redirects and script navigation.
	URL      string
	FinalURL string
	// Status is the HTTP status of the main document the browser received
	// (0 when unknown).
	Status int
	// HTML is the serialised DOM after the page's scripts ran, UTF-8.
	HTML []byte
	// Screenshot is a PNG of the footer area (of the bottom of the page
	// when there is no footer); nil when it could not be taken.
	Screenshot []byte
	// Cookies are the browser's cookies after the load, every domain
	// included (scripts and third-party resources set them), before any
	// consent was given. Value may be empty: vigie reports names only.
	Cookies []*http.Cookie
	// At is when the load started; Elapsed how long rendering took.
	At      time.Time
	Elapsed time.Duration
	// Refused lists the browser's requests the network guard refused: from
	// a page on a public address to a loopback, private or link-local one
	// (see PrivateAllowed). Each reads "what was asked (the address it
	// resolved to)": a URL for plain HTTP, host:port for a tunnel (HTTPS,
	// WebSocket). Discover turns them into a warning on the vendor's Result.
	Refused []string
}

// The network guard holds in the browser too. A page rendered for a vendor
// on a public address must not make the browser reach into the auditor's
// network, through its subresources, scripts' requests, frames or
// redirects; a page on a private address (the user's own target on
// loopback or the intranet, or a page reached from one) may, as it may in
// the crawler. The Renderer enforces it on the addresses the browser's
// connections actually reach; Discover tells it which case applies.

type renderPrivateKey struct{}

// PrivateAllowed reports, for the ctx Discover passes to Renderer.Render,
// whether the browser's requests may reach loopback, private and
// link-local addresses (ok is true): allowed when the page rendered is on
// such an address itself, refused when it is on a public one, as the
// crawler knows from having fetched it. ok is false when ctx does not come
// from Discover: the Renderer then treats the page as the user's own
// target, whose own address decides.
func PrivateAllowed(ctx context.Context) (allowed, ok bool) {
	allowed, ok = ctx.Value(renderPrivateKey{}).(bool)
	return allowed, ok
}

// IsPrivateAddr reports whether a is not a public unicast address:
// loopback, private (RFC 1918, fc00::/7), link-local, multicast,
// unspecified, shared (100.64.0.0/10), "this network" (0.0.0.0/8) or
// benchmarking (198.18.0.0/15). It is the network guard's test, for
// Renderers that apply the guard to a browser.
func IsPrivateAddr(a netip.Addr) bool { return isPrivateAddr(a) }

// maxRefusedListed bounds the refused requests a warning names.
const maxRefusedListed = 5

// Thresholds of RenderDecision.
const (
	scriptBuiltWords   = 60 // fewer words of visible text: "little text"
	emptyFooterBytes   = 24 // less footer text than this, and no link: an empty footer
	maxRendersByVendor = 3  // the home page, a language version, a policy page
	challengeScanBytes = 64 << 10
)

// RenderDecision says whether, in auto mode, a page whose plain fetch
// answered status with header and body must be loaded in a browser, and
// why; "" when it need not. hasCandidate is whether the page offered a
// policy, hub or cookie-policy link.
//
// A page is rendered when it looks bot-blocked — status 403, 429 or 503
// with a challenge: Cloudflare's cf-mitigated header or its "Just a
// moment" / cf-chl page, "Checking your browser", a CAPTCHA, Imperva
// (Incapsula), Akamai, DataDome, PerimeterX, Sucuri, DDoS-Guard, AWS WAF —
// whatever links it has. A page with no candidate is rendered when it
// looks built by scripts: at least two of little visible text (under 60
// words), no footer or an empty one, a framework's root element (#__next,
// #root, #app, #__nuxt, <app-root>, [ng-version], [data-reactroot], …),
// and a <noscript> asking for JavaScript.
func RenderDecision(status int, header http.Header, body []byte, hasCandidate bool) string {
	if why := challenge(status, header, body); why != "" {
		return why
	}
	if hasCandidate || sniffKind(header.Get("Content-Type"), body) != "html" {
		return ""
	}
	text, _ := decodeText(body, header.Get("Content-Type"))
	return scriptBuilt(scanHTML(text))
}

// scriptBuilt gives the reason to render a page without candidates, or "".
func scriptBuilt(d *htmlDoc) string {
	signs := scriptSigns(d)
	if len(signs) < 2 {
		return ""
	}
	return "no policy link in the page's HTML, which looks built by scripts: " + strings.Join(signs, ", ")
}

// scriptSigns lists the signs that a page is built by scripts.
func scriptSigns(d *htmlDoc) []string {
	if d == nil {
		return nil
	}
	var signs []string
	if n := len(strings.Fields(d.text)); n < scriptBuiltWords {
		signs = append(signs, fmt.Sprintf("%d words of text", n))
	}
	switch {
	case d.footers == 0:
		signs = append(signs, "no <footer>")
	case d.footerLinks == 0 && d.footerText < emptyFooterBytes:
		signs = append(signs, "an empty <footer>")
	}
	if d.appRoot != "" {
		signs = append(signs, "framework root "+d.appRoot)
	}
	if d.noscriptJS {
		signs = append(signs, "<noscript> asks for JavaScript")
	}
	if d.policyEmbed != "" {
		signs = append(signs, "a "+d.policyEmbed+" policy embed")
	}
	return signs
}

// challengeMarkers name bot-protection pages by what their body contains
// (lower-cased).
var challengeMarkers = []struct{ marker, name string }{
	{"cf-chl", "a Cloudflare challenge"},
	{"cf_chl", "a Cloudflare challenge"},
	{"challenge-platform", "a Cloudflare challenge"},
	{"just a moment", `a "Just a moment" challenge`},
	{"checking your browser", `a "Checking your browser" challenge`},
	{"checking if the site connection is secure", "a browser check"},
	{"verify you are human", "a human-verification challenge"},
	{"incapsula", "an Imperva (Incapsula) challenge"},
	{"imperva", "an Imperva challenge"},
	{"akamai", "an Akamai block page"},
	{"edgesuite.net", "an Akamai block page"},
	{"datadome", "a DataDome challenge"},
	{"perimeterx", "a PerimeterX challenge"},
	{"px-captcha", "a PerimeterX challenge"},
	{"sucuri", "a Sucuri firewall page"},
	{"ddos-guard", "a DDoS-Guard challenge"},
	{"awswaf", "an AWS WAF challenge"},
	{"captcha", "a CAPTCHA"},
}

// challenge gives the reason a plain fetch looks bot-blocked, or "".
func challenge(status int, header http.Header, body []byte) string {
	switch status {
	case http.StatusForbidden, http.StatusTooManyRequests, http.StatusServiceUnavailable:
	default:
		return ""
	}
	what := ""
	if strings.EqualFold(header.Get("Cf-Mitigated"), "challenge") {
		what = "a Cloudflare challenge"
	} else {
		head := bytes.ToLower(body[:min(len(body), challengeScanBytes)])
		for _, m := range challengeMarkers {
			if bytes.Contains(head, []byte(m.marker)) {
				what = m.name
				break
			}
		}
	}
	if what == "" {
		return ""
	}
	return fmt.Sprintf("the plain fetch looks bot-blocked: %d %s with %s", status, http.StatusText(status), what)
}

// renderReason applies Options.Render to a visited page: why to render it,
// or "".
func (s *session) renderReason(v *pageVisit) string {
	switch s.c.opts.Render {
	case RenderNever:
		return ""
	case RenderAlways:
		return "render mode always"
	}
	if why := challenge(v.page.StatusCode, v.page.Header, v.page.Body); why != "" {
		return why
	}
	if hasUseful(v.cands) {
		return ""
	}
	if k := sniffKind(v.page.ContentType, v.page.Body); k != "html" {
		return ""
	}
	return scriptBuilt(v.doc)
}

// canRender reports whether a page may be rendered (the mode allows it and
// a Renderer is there).
func (s *session) canRender() bool {
	return s.c.opts.Render != RenderNever && s.c.opts.Renderer != nil && s.renders < maxRendersByVendor
}

// maybeRender renders a visited home page when Options.Render says so,
// and rescans it. It reports whether the page was rendered.
func (s *session) maybeRender(v *pageVisit) bool {
	reason := s.renderReason(v)
	if reason == "" || s.renders >= maxRendersByVendor || s.out() {
		return false
	}
	if s.c.opts.Renderer == nil {
		if strings.HasPrefix(reason, "the plain fetch looks bot-blocked") {
			s.warn("page looks bot-blocked but no Chromium is installed: rendered discovery skipped")
		} else {
			s.warn("page looks script-built but no Chromium is installed: rendered discovery skipped")
		}
		return false
	}
	return s.render(v, reason)
}

// load renders u through the Renderer, records the Rendering and lists it
// in Result.Rendered; nil when rendering failed (a warning says why).
func (s *session) load(u *url.URL, reason string) *Rendering {
	s.renders++
	ctx := context.WithValue(s.ctx, renderPrivateKey{}, s.c.guard.allowsPrivate(hostPort(u)))
	r, err := s.c.opts.Renderer.Render(ctx, u.String())
	if err != nil {
		s.warn(fmt.Sprintf("rendering %s failed: %v", u, err))
		return nil
	}
	if n := len(r.Refused); n > 0 {
		listed := strings.Join(r.Refused[:min(n, maxRefusedListed)], ", ")
		if n > maxRefusedListed {
			listed += fmt.Sprintf(" and %d more", n-maxRefusedListed)
		}
		s.warn(fmt.Sprintf("rendering %s: the network guard refused %d of the browser's requests from this public page to private addresses: %s",
			u, n, listed))
	}
	if r.URL == "" {
		r.URL = u.String()
	}
	rp := RenderedPage{URL: u.String(), Reason: reason, SHA256: sum256(r.HTML), RenderedAt: r.At, Refused: r.Refused}
	if r.FinalURL != "" && r.FinalURL != rp.URL {
		rp.FinalURL = r.FinalURL
	}
	if len(r.Screenshot) > 0 {
		rp.ScreenshotSHA256 = sum256(r.Screenshot)
	}
	s.res.Rendered = append(s.res.Rendered, rp)
	if rec := s.c.opts.Recorder; rec != nil {
		if err := rec.RecordRendering(r); err != nil {
			s.warn(fmt.Sprintf("%v: %v", errRecorder, err))
		}
	}
	s.log.Debug("crawler: rendered", "vendor", s.res.Input, "url", rp.URL, "final", r.FinalURL,
		"bytes", len(r.HTML), "cookies", len(r.Cookies), "elapsed", r.Elapsed, "reason", reason)
	return r
}

// renderBlocked renders a page of discovery (not the home page) whose
// plain fetch looks bot-blocked, and returns it as a Page; nil when it is
// not blocked, cannot be rendered, or the browser is blocked too.
func (s *session) renderBlocked(f *fetched, u *url.URL, role string) (*Page, *htmlDoc) {
	if f.err != nil || f.robots != "" || s.c.opts.Render == RenderNever {
		return nil, nil
	}
	why := challenge(f.status, f.header, f.body)
	if why == "" {
		return nil, nil
	}
	if s.c.opts.Renderer == nil {
		s.warn("page looks bot-blocked but no Chromium is installed: rendered discovery skipped")
		return nil, nil
	}
	return s.renderedPage(u, why, role)
}

// renderShell renders a page of discovery whose HTML was rejected and
// looks built by scripts (an app shell serving every route).
func (s *session) renderShell(p *Page, d *htmlDoc, u *url.URL, role string) (*Page, *htmlDoc) {
	if s.c.opts.Render == RenderNever || d == nil || sniffKind(p.ContentType, p.Body) != "html" {
		return nil, nil
	}
	signs := scriptSigns(d)
	if len(signs) < 2 && d.policyEmbed == "" { // an embed alone says it
		return nil, nil
	}
	if s.c.opts.Renderer == nil {
		s.warn("page looks script-built but no Chromium is installed: rendered discovery skipped")
		return nil, nil
	}
	return s.renderedPage(u, "the page's HTML looks built by scripts: "+strings.Join(signs, ", "), role)
}

// renderedPage renders u and makes a Page of the DOM.
func (s *session) renderedPage(u *url.URL, reason, role string) (*Page, *htmlDoc) {
	if !s.canRender() || s.out() {
		return nil, nil
	}
	r := s.load(u, reason)
	if r == nil {
		return nil, nil
	}
	if why := challenge(r.Status, http.Header{}, r.HTML); why != "" || r.Status >= 400 {
		s.warn(fmt.Sprintf("%s: the browser was turned away too (status %d)", u, r.Status))
		return nil, nil
	}
	final := r.FinalURL
	if final == "" {
		final = u.String()
	}
	p := &Page{
		URL: u.String(), FinalURL: final, StatusCode: r.Status, ContentType: "text/html; charset=utf-8",
		Body: r.HTML, FetchedAt: r.At, SHA256: sum256(r.HTML), Bytes: int64(len(r.HTML)), Role: role, Rendered: true,
	}
	return p, s.scanPage(p)
}

// render loads a visited home page through the Renderer, merges the
// browser's cookies, and rescans the page from the rendered DOM.
func (s *session) render(v *pageVisit, reason string) bool {
	r := s.load(v.u, reason)
	if r == nil {
		return false
	}
	if start, err := url.Parse(s.res.URL); err == nil {
		s.res.Cookies = mergeCookies(s.res.Cookies, browserCookies(r.Cookies, start, s.c.opts.Now()))
	}
	u := v.u
	if fu, err := url.Parse(r.FinalURL); err == nil && r.FinalURL != "" {
		if fu, err = checkURL(fu); err == nil {
			u = fu
		}
	}
	text, _ := decodeText(r.HTML, "text/html; charset=utf-8")
	doc := scanHTMLContext(s.ctx, text)
	if s.homeErr != "" && v.depth == 0 && challenge(r.Status, http.Header{}, r.HTML) == "" &&
		(r.Status == 0 || r.Status < 400) {
		// The browser got past what blocked the plain fetch.
		s.homeErr = ""
	}
	v.doc, v.u, v.cands = doc, u, nil
	if v.page.Title == "" {
		v.page.Title = doc.title
	}
	s.scanVisit(v, MethodPageLink)
	return true
}

// browserCookies turns the browser's cookies into the report's, Source
// "browser": expired ones left out, lifetimes from now.
func browserCookies(cs []*http.Cookie, start *url.URL, now time.Time) []Cookie {
	site := registrable(start.Hostname())
	var out []Cookie
	for _, c := range cs {
		if c == nil || c.Name == "" {
			continue
		}
		domain := strings.TrimPrefix(strings.ToLower(c.Domain), ".")
		if domain == "" {
			domain = strings.ToLower(start.Hostname())
		}
		var life int64
		if !c.Expires.IsZero() {
			life = int64(c.Expires.Sub(now).Seconds())
			if life <= 0 {
				continue
			}
		}
		out = append(out, Cookie{Name: c.Name, Domain: domain, ThirdParty: registrable(domain) != site,
			LifetimeSeconds: life, Source: "browser"})
	}
	return out
}

// mergeCookies adds the browser's cookies to those the Set-Cookie headers
// set; a cookie of the same name and domain is listed once, as set-cookie.
func mergeCookies(have, browser []Cookie) []Cookie {
	type key struct{ name, domain string }
	seen := map[key]bool{}
	for _, c := range have {
		seen[key{c.Name, c.Domain}] = true
	}
	for _, c := range browser {
		k := key{c.Name, c.Domain}
		if seen[k] {
			continue
		}
		seen[k] = true
		have = append(have, c)
	}
	slices.SortStableFunc(have, func(a, b Cookie) int {
		if c := strings.Compare(a.Domain, b.Domain); c != 0 {
			return c
		}
		return strings.Compare(a.Name, b.Name)
	})
	return have
}

func sum256(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}
