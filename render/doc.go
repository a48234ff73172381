// Package render loads pages in a headless Chromium, for the pages whose
// footer a script builds and the sites that turn plain HTTP clients away.
// A Browser implements crawler.Renderer; the crawler decides when to call
// it (crawler.RenderDecision).
//
// It drives Chromium (Debian's chromium package at /usr/bin/chromium, or
// the executable Find locates) through chromedp, over a pipe: one browser
// process, started on the first Render and stopped by Close, with at most
// Options.Tabs pages at once. Each page is rendered in a tab of its own
// browser context — its own cookies, cache and storage — so that vendors
// rendered one after another never see each other's cookies, and the
// cookies read after the load are the ones that page set before any
// consent. Downloads are denied, images are not loaded, and Chromium runs
// with the switches that keep it quiet on a closed network (no background
// networking, component updates, sync, pings or crash reports) and a fresh
// profile directory that Close removes.
//
// A page is rendered until its DOM and its list of fetched resources have
// been quiet for 700 ms after the load, then once more after scrolling to
// the bottom (footers loaded when they come into view), within
// Options.PageTimeout. The result is the serialised DOM, the final URL and
// status, a PNG of the footer area (the bottom of the page when there is no
// footer) and the browser's cookies, every domain included.
//
// Wiring, in the pipeline:
//
//	b, err := render.New(render.Options{Path: chromeFlag, Tabs: tabs, UserAgent: ua, Logger: log})
//	switch {
//	case errors.Is(err, render.ErrNoBrowser) && mode == crawler.RenderAuto:
//		// no renderer: the crawler warns on the pages that needed one
//	case err != nil:
//		return err
//	default:
//		defer b.Close()
//		opts.Renderer = b
//	}
//
// The browser's own requests are not the crawler's: they do not go
// through its politeness gate, robots.txt is checked for the page only (by
// the crawler, before it asks for a rendering), and they are not HTTP
// exchanges of the WARC; the rendered DOM and the screenshot are recorded
// instead (package warc).
//
// They do go through the crawler's network guard. Each rendering runs
// behind a proxy of its own on loopback, set on its browser context (with
// "<-loopback>", so that loopback is not bypassed), which dials every
// connection of the browser — plain HTTP forwarded, HTTPS and WebSockets
// tunnelled with CONNECT — and checks the address actually reached: a page
// on a public address cannot make the browser reach a loopback, private or
// link-local address (the auditor's own network) by a subresource, a
// script's request, a frame or a redirect, whether by address or by a DNS
// name that resolves there, rebinding included; a page on a private address
// (the user's own target, as in the offline demo) may. Discover says which
// applies (crawler.PrivateAllowed); otherwise the address the page's own
// host is first reached at decides. Refused requests are logged as
// warnings and listed in Rendering.Refused, which the crawler turns into a
// warning on the vendor; a page that is refused itself (a redirect into
// the intranet, a name rebound to it) fails to render. QUIC is off and
// WebRTC may not send UDP around the proxy.
package render
