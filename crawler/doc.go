// Package crawler finds a vendor's privacy policy the way a careful person
// would, fetches it politely, and hands it on.
//
// Given a vendor's home page, Discover scores the page's links as a cascade
// of signals — <link rel="privacy-policy"> (RFC 6903), footer position,
// link text, labels of icon links and URL words in eighteen European
// languages (linkwords.yaml) — fetches the best candidates and keeps the
// first that reads like a policy. When the footer leads only to a legal
// notice, an Impressum or a privacy centre, it follows that hub (and fetches
// a separate cookie policy it links to); when the home page offers nothing,
// it tries another language version of the site, its contact page, the
// sitemap, its help centre and its app's page, and common localised paths.
// A layered notice's short first layer leads to its full text, which is the
// policy; a notice for job applicants, staff or people CCTV films is not.
// Every candidate considered, and the chain of steps to
// the winner, are in the Result, with exactly one status and a reason.
//
// # Politeness and defaults
//
// Requests go through colly with its defaults made right for an audit:
//   - robots.txt is obeyed (colly ignores it by default); see robots.go for
//     why the session fetches it rather than colly. Options.IgnoreRobots
//     turns it off, and every Result records that it did.
//   - The user agent names vigie, its version and a contact URL.
//   - One request at a time per host, one second apart, across all the
//     vendors of a run (a per-host gate in place of colly's LimitRule, see
//     hostGate); a robots.txt Crawl-delay slows a host further, up to 10 s.
//   - Per request: 20 s from dialling to the last body byte. Per vendor:
//     60 s and 16 requests, robots.txt, redirects and retries included.
//   - Bodies are capped at 10 MiB after decompression (a gzip bomb stops
//     at the cap), robots.txt at 512 KiB, sitemaps at 4 MiB.
//   - 429, 5xx, timeouts and cut connections are retried twice with
//     backoff (1 s, 2 s), or after Retry-After when it fits within 30 s
//     and the vendor's remaining time.
//   - Redirects are followed hop by hop (at most 10; robots.txt 5), each
//     hop checked against robots.txt and the network guard, loops stopped.
//   - Only http and https. A link or redirect from a public host to a
//     loopback, private or link-local address is refused and reported;
//     targets the user names are fetched wherever they are.
//   - Each vendor has its own cookie jar; the cookies its home page sets
//     are reported (Result.Cookies).
//   - Character sets: BOM, header, <meta>, then detection; the raw bytes
//     are kept as evidence (Page.Body, Page.SHA256) and the encoding read
//     is named (Page.Charset).
//
// The collector is built with colly's Init, not NewCollector, so colly's
// COLLY_* environment variables (COLLY_IGNORE_ROBOTSTXT, COLLY_USER_AGENT,
// COLLY_CACHE_DIR, COLLY_MAX_BODY_SIZE, …) have no effect, and the
// transport ignores HTTP_PROXY and HTTPS_PROXY.
//
// # Rendering and evidence
//
// When the plain fetch of a home page offers no policy link and the page
// looks built by scripts, or the fetch looks bot-blocked (a 403, 429 or 503
// challenge), discovery loads the page through Options.Renderer (package
// render: headless Chromium) and reads the DOM its scripts built; see
// RenderDecision and Options.Render (auto, always, never). Without a
// Renderer, auto mode warns instead. The browser's cookies join the home
// page's (Source "browser"); Result.Rendered says which page was rendered,
// why, and the hashes of its DOM and screenshot.
//
// Options.Recorder (package warc) receives every HTTP exchange exactly as
// sent and received — robots.txt, redirects, retries and error answers
// included, bodies as served (still gzip-encoded) up to the caps, cut bodies
// marked — and every Rendering. The transport asks for gzip itself
// (Accept-Encoding: gzip) so that net/http never decodes behind its back and
// the recorded request is the one sent.
//
// No colly or goquery type crosses the package boundary; pages are read
// with the HTML tokenizer (scan.go), which holds up on hostile markup where
// a DOM gives up.
package crawler
