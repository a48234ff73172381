package crawler

import (
	"net/http"
	"time"
)

// Statuses: every Result carries exactly one, with a human-readable reason.
// They are the report's vendor statuses (reports.Status*).
const (
	// StatusFound: a page that reads like a privacy policy was fetched.
	StatusFound = "found"
	// StatusNotFound: the site answered but no policy was found; Tried and
	// Candidates say what was tried.
	StatusNotFound = "not_found"
	// StatusRobotsDisallowed: robots.txt disallows the home page or the
	// policy link; the page was not fetched.
	StatusRobotsDisallowed = "robots_disallowed"
	// StatusBrokenLink: the policy link answers 4xx/5xx, or leads to a host
	// that cannot be reached.
	StatusBrokenLink = "broken_link"
	// StatusFetchError: the site itself is unreachable (DNS, refused, TLS,
	// timeout, an error answer to every try) or the run was cancelled.
	StatusFetchError = "fetch_error"
	// StatusInvalidInput: the input is not a URL vigie accepts.
	StatusInvalidInput = "invalid_input"
)

// Discovery methods, for Step.Method and Candidate.Method.
const (
	MethodInput          = "input"           // the URL the user gave
	MethodRedirect       = "redirect"        // an HTTP redirect or meta refresh
	MethodRelLink        = "rel_link"        // <link rel="privacy-policy"> (RFC 6903)
	MethodFooterLink     = "footer_link"     // a link in the page's footer or last links
	MethodPageLink       = "page_link"       // a link elsewhere on the page
	MethodHubLink        = "hub_link"        // a link on a legal-notice page or privacy centre
	MethodSitemap        = "sitemap"         // an entry of the site's sitemap
	MethodWellKnownPath  = "well_known_path" // a common localised path such as /privacy
	MethodLanguageSwitch = "language_switch" // the same site in another language
	MethodContactPage    = "contact_page"    // the site's contact page, when the home page links no policy
	MethodSupportPage    = "support_page"    // the site's help centre, its app's page or an account page, when the contact page and the sitemap give no policy either
)

// Document roles.
const (
	RolePolicy       = "policy"
	RoleCookiePolicy = "cookie_policy"
)

// A Result is the outcome of discovering one vendor's privacy policy. Its
// fields map one to one onto reports.Vendor and reports.Policy.
type Result struct {
	// Input is the vendor as given; URL the start URL it was read as.
	Input  string `json:"input"`
	URL    string `json:"url,omitempty"`
	Status string `json:"status"`
	Reason string `json:"reason"`
	// Home is the fetched home page (after redirects).
	Home *Page `json:"home,omitempty"`
	// Policy is the fetched privacy policy (Status found).
	Policy *Page `json:"policy,omitempty"`
	// Documents are further documents of the vendor's disclosure: a separate
	// cookie policy (Role cookie_policy).
	Documents []*Page `json:"documents,omitempty"`
	// DiscoveredVia is the chain of steps from the input to the policy,
	// first step first.
	DiscoveredVia []Step `json:"discovered_via,omitempty"`
	// Candidates are the links considered, best first.
	Candidates []Candidate `json:"candidates,omitempty"`
	// Tried lists every request made, in order, with its outcome.
	Tried []string `json:"tried,omitempty"`
	// Requests counts the HTTP requests made for this vendor (robots.txt,
	// redirects and retries included).
	Requests int `json:"requests"`
	// Cookies are the cookies the home page set before any consent.
	Cookies []Cookie `json:"cookies,omitempty"`
	// Rendered lists pages loaded through the Renderer, and why.
	Rendered []RenderedPage `json:"rendered,omitempty"`
	// RobotsIgnored is true when robots.txt was not obeyed (--ignore-robots).
	RobotsIgnored bool      `json:"robots_ignored"`
	Warnings      []string  `json:"warnings,omitempty"`
	StartedAt     time.Time `json:"started_at"`
	FinishedAt    time.Time `json:"finished_at"`
}

// A Page is a fetched document.
type Page struct {
	// URL is the URL requested; FinalURL the one that answered, after
	// redirects.
	URL        string `json:"url"`
	FinalURL   string `json:"final_url,omitempty"`
	StatusCode int    `json:"status_code"`
	// ContentType is the Content-Type header as sent.
	ContentType string      `json:"content_type,omitempty"`
	Header      http.Header `json:"-"`
	// Body holds the bytes as served (after content decoding such as gzip,
	// before any charset conversion), at most Options.MaxBodyBytes.
	Body      []byte    `json:"-"`
	FetchedAt time.Time `json:"fetched_at"`
	// SHA256 is the hex SHA-256 of Body.
	SHA256 string `json:"sha256"`
	Bytes  int64  `json:"bytes"`
	// Truncated is true when the body was longer than the cap and was cut.
	Truncated bool `json:"truncated,omitempty"`
	// Charset is the character encoding the crawler read Body with (from
	// the BOM, the header, a <meta> tag or detection); the analyzer should
	// use the same.
	Charset string `json:"charset,omitempty"`
	// Title and Language come from the HTML (<title>, <html lang>,
	// Content-Language).
	Title    string `json:"title,omitempty"`
	Language string `json:"language,omitempty"`
	// Canonical is the address the page declares as its own (<link
	// rel="canonical">) when it names the same document, on the same site
	// and path, at another address than FinalURL: without the query
	// string the link added ("?src=footer"), for instance. It is the
	// policy's stable address, whichever link led to it.
	Canonical string `json:"canonical,omitempty"`
	// Role is policy or cookie_policy for documents of the disclosure.
	Role string `json:"role,omitempty"`
	// Rendered is true when the page is the DOM a headless browser built
	// (Options.Renderer), not the body of an HTTP response: the plain fetch
	// was bot-blocked, or its HTML was an app shell. Body is then that DOM
	// (UTF-8), SHA256 its hash, and the archive holds it as a resource
	// record; StatusCode is the status the browser received.
	Rendered bool `json:"rendered,omitempty"`
	// Embed names the policy-hosting service (Termly, GetTerms, Enzuzo)
	// whose script loads the policy's text into this page, when the page
	// was taken as the policy without that text: its HTML holds none of
	// it, and only a rendering (Rendered) would.
	Embed string `json:"embed,omitempty"`
	// Section is set when the policy is a part of a wider page (a legal
	// notice with a "Privacy" part, on a site with no policy page of its
	// own): the heading that opens the part, as the page shows it. Only
	// that part is the policy.
	Section string `json:"section,omitempty"`
	// Fragment is set when the policy is the element of the page with
	// this id, which the policy link pointed at
	// ("rechtliches.html#datenschutz": a tab of a legal page): only that
	// element is the policy.
	Fragment string `json:"fragment,omitempty"`
}

// A Step is one hop of discovery: which method found which URL from which
// page, and why.
type Step struct {
	Method string  `json:"method"`
	URL    string  `json:"url"`
	From   string  `json:"from,omitempty"`
	Text   string  `json:"text,omitempty"`
	Score  float64 `json:"score,omitempty"`
	Reason string  `json:"reason,omitempty"`
}

// A Candidate is a link discovery considered.
type Candidate struct {
	URL    string  `json:"url"`
	Text   string  `json:"text,omitempty"`
	Method string  `json:"method"`
	Score  float64 `json:"score"`
	// Reasons explain the score, signal by signal; the first names the
	// role the link was scored for (policy, hub, cookie_policy).
	Reasons []string `json:"reasons,omitempty"`
	// Outcome says what became of the candidate: chosen, rejected: …,
	// robots_disallowed: …, broken: …, followed: …, fetched: …, not_tried.
	Outcome string `json:"outcome,omitempty"`
}

// A Cookie is a cookie the vendor's home page set before any consent, read
// from its Set-Cookie headers (Source "set-cookie") or, when the page was
// rendered, from the browser's cookie store (Source "browser": cookies set
// by scripts and by the page's third-party resources).
type Cookie struct {
	Name   string `json:"name"`
	Domain string `json:"domain"`
	// ThirdParty is true when the cookie's domain is not the vendor's site
	// (its registrable domain differs from the start URL's).
	ThirdParty bool `json:"third_party"`
	// LifetimeSeconds is 0 for a session cookie.
	LifetimeSeconds int64  `json:"lifetime_seconds"`
	Source          string `json:"source"`
}

// A RenderedPage is a page loaded through the Renderer, and why.
type RenderedPage struct {
	URL    string `json:"url"`
	Reason string `json:"reason"`
	// FinalURL is the URL the browser ended on, when it differs from URL.
	FinalURL string `json:"final_url,omitempty"`
	// SHA256 is the hex SHA-256 of the rendered DOM (Rendering.HTML), and
	// ScreenshotSHA256 that of the PNG screenshot: both are in the archive
	// when one is written (Options.Recorder).
	SHA256           string    `json:"sha256,omitempty"`
	ScreenshotSHA256 string    `json:"screenshot_sha256,omitempty"`
	RenderedAt       time.Time `json:"rendered_at,omitzero"`
	// Refused lists the browser's requests the network guard refused, as
	// "URL (address)" (Rendering.Refused).
	Refused []string `json:"refused,omitempty"`
}
