package crawler

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// The discovery cascade, in plain Go. From the home page:
//  1. score its links (rel="privacy-policy", footer, text, labels, URL) and
//     fetch the best policy candidates, verifying each;
//  2. follow the best hubs (legal notice, Impressum, privacy centre) and
//     the pages that were not the policy, and try the policy links there;
//  3. switch to another language version of the site (hreflang) and do
//     the same;
//  4. only when the page gave nothing definitive: its links on the site
//     whose address alone names the policy ("./app/privacy.html" under
//     the app's name), then the page given itself when it is a policy
//     titled so (an app's policy published as its own site), then the
//     sitemap, then common localised paths.
// A found policy that links a separate cookie policy (or a footer or hub
// that does) has that fetched too. With Options.Language, a policy found in
// another language is then exchanged for its version in that one, when it
// links it (preferLanguage).

// Bounds of the cascade.
const (
	maxPolicyTriesPerPage = 3
	maxHubs               = 2
	maxSecondHopPages     = 3
	maxWellKnownTries     = 4
	maxSitemapCandidates  = 2
	maxLanguageSwitches   = 1
	maxWeakLinks          = 2
)

// discovery is the cascade's state, embedded in the session.
type discovery struct {
	registry map[string]*cand
	order    []*cand
	visits   []*pageVisit // pages scanned for links, in order
	rejected []*pageVisit // pages tried as the policy and rejected
	switched int
	fail     *failure // the best candidate that ended definitively
	stopped  error    // budget or time ran out
	homeErr  string   // the home page answered an error
	hops2    int      // rejected pages scanned for links
	renders  int      // pages loaded through the Renderer
	policyBy *cand
	section  *policySection // a privacy part of a page that was not the policy
	thin     *thinPolicy    // a page linked and titled as privacy, rejected as too thin
	// pendingThin chooses a thin policy (pageSignals.thin) found among a
	// page's policy links once the page's other links are tried, should
	// none lead to a fuller one (see tryPolicies); deferThin is set while
	// tryPolicies tries them.
	pendingThin func() bool
	deferThin   bool
	notes       []string
	nextOrder   int
}

// pageVisit is a page scanned for links.
type pageVisit struct {
	u     *url.URL // final URL
	page  *Page
	doc   *htmlDoc
	chain []Step // steps from the input to this page, redirects included
	depth int    // 0 for the home page
	cands []*cand
	// centre: a page rejected as the policy that links the policy by its
	// name (a privacy centre, a summary), whose links are tried one hop
	// deeper than other rejected pages'.
	centre bool
}

// failure is a candidate that could not be the policy for a reason that
// settles the status: robots.txt, or a broken link.
type failure struct {
	status string
	reason string
	score  float64
}

// Discover finds, fetches and verifies the privacy policy of the vendor
// named by input (a URL or a bare domain). It never fails: every problem is
// the Result's status and reason. The vendor's discovery is bounded by
// Options.VendorTimeout and Options.MaxRequests; cancelling ctx stops it.
func (c *Crawler) Discover(ctx context.Context, input string) *Result {
	res := &Result{Input: input, RobotsIgnored: c.opts.IgnoreRobots, StartedAt: c.opts.Now()}
	if c.opts.IgnoreRobots {
		res.Warnings = append(res.Warnings, "robots.txt was ignored (--ignore-robots)")
	}
	u, err := ParseInput(input)
	if err != nil {
		res.Status, res.Reason = StatusInvalidInput, err.Error()
		res.FinishedAt = c.opts.Now()
		return res
	}
	res.URL = u.String()
	vctx, cancel := context.WithTimeout(ctx, c.opts.VendorTimeout)
	defer cancel()
	s := c.newSession(vctx, res)
	defer s.close()
	bare := !strings.Contains(strings.TrimSpace(input), "://")
	s.run(u, bare)
	s.preferLanguage()
	s.finish()
	res.Requests = int(s.requests.Load())
	res.FinishedAt = c.opts.Now()
	if c.opts.Logger.Enabled(ctx, slog.LevelDebug) {
		c.opts.Logger.Debug("crawler: vendor done", "vendor", input, "status", res.Status,
			"requests", res.Requests, "reason", res.Reason)
	}
	return res
}

func (s *session) run(start *url.URL, bare bool) {
	home := s.fetchHome(start, bare)
	if home == nil {
		return
	}
	if s.discoverFrom(home) {
		return
	}
	if s.fail == nil && s.stopped == nil {
		if alt := s.languageSwitch(home); alt != nil && s.discoverFrom(alt) {
			return
		}
	}
	if s.fail == nil && s.stopped == nil && s.res.Policy == nil {
		if sec := s.sectionHome(home); sec != nil && s.discoverFrom(sec) {
			return
		}
	}
	if s.fail == nil && s.stopped == nil && s.res.Policy == nil {
		if s.tryWeakLinks(home) {
			return
		}
		if c := s.contactPage(home); c != nil {
			s.scanVisit(c, MethodHubLink)
			if s.tryPolicies(c) {
				return
			}
		}
		if s.takeInput(home) {
			return
		}
		if s.trySitemap(home) {
			return
		}
		for _, v := range s.supportPages(home) {
			if s.discoverVia(v, MethodHubLink) {
				return
			}
		}
		s.tryWellKnown(home)
	}
	if s.res.Policy == nil && !s.takeSection() {
		s.takeThin()
	}
}

// takeInput takes the page given as the input as the policy, when nothing
// on it led to one and it is itself a policy that says so in its title or
// main heading: an app's policy published as a site of its own (a project
// page holding only the policy), or a policy's address given as the input.
// It comes before the sitemap and the guessed paths: the page given is
// better evidence than a page no link names.
func (s *session) takeInput(home *pageVisit) bool {
	if home.doc == nil || s.homeErr != "" {
		return false
	}
	page := *home.page // Res.Home stays the page as fetched, without a role
	ok, why, sig := s.verify(&page, home.doc, RolePolicy, false)
	if !ok || strings.HasPrefix(why, stubReason) {
		return false
	}
	if sig != nil && sig.titleClass != classPolicy && sig.h1Class != classPolicy {
		// A home page about many privacy subjects (a privacy product's
		// landing page) is not the policy unless it calls itself one.
		return false
	}
	s.res.Policy = &page
	s.res.DiscoveredVia = slices.Clone(home.chain)
	s.res.Status = StatusFound
	s.res.Reason = "the page given is itself the privacy policy, and links no other; verified: " + why
	s.fetchCookiePolicy(&page, home.doc, home.u)
	return true
}

// fetchHome fetches the input; nil when the vendor's status is settled.
func (s *session) fetchHome(start *url.URL, bare bool) *pageVisit {
	f := s.fetch(start, kindPage, "")
	if bare && f.err != nil && start.Scheme == "https" && fallbackToHTTP(f.err) {
		plain := *start
		plain.Scheme = "http"
		s.res.Warnings = append(s.res.Warnings, fmt.Sprintf("%s failed (%s); tried http://", start, describeErr(f.err, s.ctx, &s.c.opts)))
		if g := s.fetch(&plain, kindPage, ""); g.err == nil || g.robots != "" {
			f, start = g, &plain
		}
	}
	switch {
	case f.robots != "":
		s.res.Status = StatusRobotsDisallowed
		s.res.Reason = "the home page was not fetched: " + f.robots
		return nil
	case f.err != nil:
		s.res.Status = StatusFetchError
		s.res.Reason = fmt.Sprintf("home page %s: %s", f.final, describeErr(f.err, s.ctx, &s.c.opts))
		return nil
	case f.skipped != "":
		s.res.Status = StatusFetchError
		s.res.Reason = fmt.Sprintf("home page %s: %s", f.final, f.skipped)
		return nil
	}
	page, doc := s.makePage(f, "")
	s.res.Home = page
	s.res.Cookies = homeCookies(f.cookies, start, s.c.opts.Now())
	if f.status >= 500 && !(s.canRender() && challenge(f.status, f.header, f.body) != "") {
		s.res.Status = StatusFetchError
		s.res.Reason = fmt.Sprintf("home page %s answered %d %s", f.final, f.status, http.StatusText(f.status))
		return nil
	}
	if f.status >= 400 {
		// Error pages often carry the site's footer: read it, but if nothing
		// is found the site counts as unreachable. A bot challenge is
		// rendered (discoverFrom) and, if the browser gets past it, the
		// site counts as reached.
		s.homeErr = fmt.Sprintf("home page %s answered %d %s", f.final, f.status, http.StatusText(f.status))
		s.res.Warnings = append(s.res.Warnings, s.homeErr)
	}
	if f.truncated {
		s.res.Warnings = append(s.res.Warnings, fmt.Sprintf("home page body cut at %d bytes", len(f.body)))
	}
	chain := append([]Step{{Method: MethodInput, URL: start.String(), Reason: "the vendor's home page"}}, f.hops...)
	v := &pageVisit{u: f.final, page: page, doc: doc, chain: chain}
	// A meta refresh that stands for a redirect (language selectors,
	// parked front pages): a browser shows its target.
	if to := refreshRedirect(doc, f.final); to != nil && !s.linksPolicy(doc, f.final, to) {
		g := s.fetch(to, kindPage, hostPort(f.final))
		if g.ok() {
			p2, d2 := s.makePage(g, "")
			s.res.Home = p2
			v = &pageVisit{u: g.final, page: p2, doc: d2, chain: append(append(chain, refreshStep(f.final, to, doc.refreshHeader)), g.hops...)}
		}
	}
	return v
}

// linksPolicy reports whether the page links u as its privacy policy (a
// legal site whose front page refreshes at once to its policy, with a
// fallback link to it): the refresh is then not a new home page to search
// from, and the link is tried as the policy.
func (s *session) linksPolicy(doc *htmlDoc, page, u *url.URL) bool {
	key := urlKey(u)
	for _, c := range s.c.opts.Words.pageLinks(doc, page, MethodPageLink) {
		if c.key == key && c.scores[rolePolicy] >= weakPolicyScore {
			return true
		}
	}
	return false
}

// fallbackToHTTP reports whether a bare domain that failed over https is
// worth trying over http: refused or TLS failures, not DNS or timeouts.
func fallbackToHTTP(err error) bool {
	d := describeErr(err, nil, &Options{})
	return strings.HasPrefix(d, "connection refused") || strings.HasPrefix(d, "TLS handshake")
}

// discoverFrom tries the policy links of a page, then its hubs, then the
// links of the pages that were not the policy. It reports whether the
// policy was found.
func (s *session) discoverFrom(v *pageVisit) bool { return s.discoverVia(v, MethodPageLink) }

// discoverVia is discoverFrom for a page whose links are scored as method
// (a fallback page's, MethodHubLink).
func (s *session) discoverVia(v *pageVisit, method string) bool {
	s.scanVisit(v, method)
	if v.depth == 0 {
		s.footerFrame(v, method)
		s.maybeRender(v)
	}
	if s.tryPolicies(v) {
		return true
	}
	if s.tryHubs(v) {
		return true
	}
	return s.trySecondHops()
}

// footerFrame adds to the page's candidates the links of its footer when
// a frame of the same site holds it (<iframe src="/partials/site-footer">)
// and the page has no footer links of its own: they are the page's footer
// links, as a browser shows them.
func (s *session) footerFrame(v *pageVisit, method string) {
	if v.doc == nil || v.doc.footerFrame == "" || v.doc.footerLinks > 0 || s.out() {
		return
	}
	u := resolveLink(v.u, v.doc.footerFrame)
	if u == nil || !sameSite(u, v.u) || samePage(u, v.u) {
		return
	}
	f := s.fetch(u, kindPage, hostPort(v.u))
	if !f.ok() {
		return
	}
	_, doc := s.makePage(f, "")
	if doc == nil {
		return
	}
	for _, a := range doc.anchors {
		a.region = regionFooter
	}
	s.addLinks(v, doc, f.final, method)
	s.notes = append(s.notes, fmt.Sprintf("the footer of %s is the frame %s", v.u, f.final))
}

func hasUseful(cs []*cand) bool {
	for _, c := range cs {
		if c.scores[rolePolicy] >= policyThreshold || c.scores[roleHub] >= hubThreshold {
			return true
		}
	}
	return false
}

// scanVisit scores the links of a visited page and registers them.
func (s *session) scanVisit(v *pageVisit, method string) {
	if v.doc == nil || v.cands != nil {
		return
	}
	s.visits = append(s.visits, v)
	s.addLinks(v, v.doc, v.u, method)
	if v.doc.totalAnchors > maxHeadAnchors+maxTailAnchors {
		s.res.Warnings = append(s.res.Warnings, fmt.Sprintf("%s has %d links; the first %d and last %d were read",
			v.u, v.doc.totalAnchors, maxHeadAnchors, maxTailAnchors))
	}
}

// addLinks scores the links of doc, read at page, and registers them as
// candidates of the visit v (v's own links, or those of the frame that
// holds its footer).
func (s *session) addLinks(v *pageVisit, doc *htmlDoc, page *url.URL, method string) {
	brands := s.vendorBrands(page)
	for _, c := range s.c.opts.Words.pageLinks(doc, page, method) {
		c.chain, c.depth = v.chain, v.depth
		if brand := namesBrand(c, brands); brand != "" && c.scores[rolePolicy] > 0 {
			c.scores[rolePolicy] += brandPoints
			c.reasons[rolePolicy] = append(c.reasons[rolePolicy],
				reason{brandPoints, fmt.Sprintf("names the vendor's brand %q on another site's page", brand), true})
		}
		v.cands = append(v.cands, s.register(c))
	}
}

// brandPoints is what a policy link on another site's page gains when it
// names the vendor's brand: a group's privacy page that lists a policy per
// brand ("Riegatec – Política de privacidad de la app") leads to the
// vendor's, not to the group's corporate site's or another brand's.
const brandPoints = 30

// vendorBrands returns the vendor's brands, the first word of the first
// label of its start address's and its home page's registrable domains
// ("riegatec" for www.riegatec.cl), when page is on neither site; nil on
// the vendor's own site, whose links all bear its name.
func (s *session) vendorBrands(page *url.URL) []string {
	var brands []string
	for _, raw := range []string{s.res.URL, s.homeURL()} {
		u, err := url.Parse(raw)
		if raw == "" || err != nil || u.Host == "" {
			continue
		}
		if sameSite(u, page) {
			return nil
		}
		// (the label's first word: "riegatec" of riegatec-latam.com)
		label, _, _ := strings.Cut(registrable(u.Hostname()), ".")
		if w := foldWords(label); len(w) > 0 && len(w[0]) >= minBrandLetters && !slices.Contains(brands, w[0]) {
			brands = append(brands, w[0])
		}
	}
	return brands
}

// namesVendor reports whether the page read at u names the vendor: true
// on the vendor's own site (and for a document whose text is not read);
// on another, when a word of its title or text, of four letters or more,
// is one of the vendor's brands (vendorBrands) or begins or ends one
// ("Noxa" for noxasleep.be, "Withings" for getwithings.com), or its text
// names the vendor's registrable domain.
func (s *session) namesVendor(u *url.URL, d *htmlDoc) bool {
	brands := s.vendorBrands(u)
	if len(brands) == 0 || d == nil {
		// On the vendor's site, a name too short to look for, or a
		// document (a PDF) whose text the built-in check does not read.
		return true
	}
	for _, w := range foldWords(d.title + " " + d.text) {
		if len(w) < minBrandLetters {
			continue
		}
		for _, b := range brands {
			// (a brand has minBrandLetters at least: the word that is
			// the brand begins it too)
			if strings.HasPrefix(b, w) || strings.HasSuffix(b, w) {
				return true
			}
		}
	}
	text := strings.ToLower(d.text)
	for _, raw := range []string{s.res.URL, s.homeURL()} {
		if v, err := url.Parse(raw); err == nil && v.Host != "" && strings.Contains(text, registrable(v.Hostname())) {
			return true
		}
	}
	return false
}

// minBrandLetters: a shorter label ("ab", "tv") is no name to look for.
const minBrandLetters = 4

// homeURL is the home page's address after redirects, "" before it is
// fetched.
func (s *session) homeURL() string {
	if h := s.res.Home; h != nil {
		if h.FinalURL != "" {
			return h.FinalURL
		}
		return h.URL
	}
	return ""
}

// pathWords parts an address's path into words.
var pathWords = strings.NewReplacer("/", " ", "-", " ", "_", " ", ".", " ")

// namesBrand returns the brand of brands that candidate c's words or its
// address's path name as a word, "" for none.
func namesBrand(c *cand, brands []string) string {
	if len(brands) == 0 {
		return ""
	}
	words := foldWords(c.text + " " + pathWords.Replace(c.u.Path))
	for _, b := range brands {
		if slices.Contains(words, b) {
			return b
		}
	}
	return ""
}

// register adds a candidate to the vendor's list, or improves the entry of
// the same URL if it was not tried yet.
func (s *session) register(c *cand) *cand {
	if prev, ok := s.registry[c.key]; ok {
		if !prev.tried && c.scores[c.best()] > prev.scores[prev.best()] {
			order := prev.order
			*prev = *c
			prev.order = order
		}
		return prev
	}
	c.order = s.nextOrder
	s.nextOrder++
	s.registry[c.key] = c
	s.order = append(s.order, c)
	return c
}

// byRole returns the untried candidates of a page for a role, best first.
func byRole(cs []*cand, r role, threshold float64) []*cand {
	var out []*cand
	for _, c := range cs {
		if !c.tried && c.scores[r] >= threshold {
			out = append(out, c)
		}
	}
	slices.SortStableFunc(out, func(a, b *cand) int {
		switch {
		case a.scores[r] > b.scores[r]:
			return -1
		case a.scores[r] < b.scores[r]:
			return 1
		}
		return a.order - b.order
	})
	return out
}

func (s *session) out() bool { return s.stopped != nil || s.ctx.Err() != nil }

// tryPolicies fetches the page's best policy candidates.
func (s *session) tryPolicies(v *pageVisit) bool {
	tries := 0
	s.deferThin, s.pendingThin = true, nil
	defer func() { s.deferThin, s.pendingThin = false, nil }()
	for _, c := range byRole(v.cands, rolePolicy, policyThreshold) {
		if tries >= maxPolicyTriesPerPage || s.out() {
			break
		}
		if c.class == classHub && c.scores[roleHub] >= hubThreshold {
			continue // a legal page or privacy centre: followed as a hub
		}
		tries++
		if s.tryPolicy(c) {
			return true
		}
	}
	if choose := s.pendingThin; choose != nil {
		// No other link of the page leads to a fuller policy: the thin
		// one is the vendor's, and that it says little is what the audit
		// must report.
		s.pendingThin = nil
		return choose()
	}
	return false
}

// tryWeakLinks tries the home page's links on the vendor's site that
// scored below the policy threshold but whose address names the policy or
// privacy: an app maker's page that lists its apps, each linked by name to
// "./app/privacy.html", with "— Privacy Policy" outside the link. Each is
// fetched first and verified as any candidate; a missing one is no broken
// policy link (the link never said it was the policy).
func (s *session) tryWeakLinks(home *pageVisit) bool {
	tries := 0
	for _, c := range byRole(home.cands, rolePolicy, weakPolicyScore) {
		if c.scores[rolePolicy] >= policyThreshold || !sameSite(c.u, home.u) {
			continue
		}
		if tries >= maxWeakLinks || s.out() {
			break
		}
		tries++
		c.reasons[rolePolicy] = append(c.reasons[rolePolicy], reason{text: "tried because its address names the policy and the page gave no policy link"})
		f := s.fetch(c.u, kindPage, hostPort(home.u))
		if !f.ok() {
			c.tried, c.triedAs = true, rolePolicy
			c.outcome = "rejected: " + f.outcome(s)
			if s.stopping(f) {
				break
			}
			continue
		}
		if s.tryPolicy(c) {
			return true
		}
	}
	return false
}

// privacyNamed reports whether both the link's words and its address name
// privacy ("Datenschutz" to /datenschutz.html, "Confidentialité" to
// confidentialite.html): a site's footer names its policy "Datenschutz" as
// often as "Datenschutzerklärung", and such a link is at least as strong
// as a common path guessed on the site (/datenschutz), which the check
// takes as naming the policy. A privacy word in the text alone is not
// enough: "Privacy" may link a certificate or a form. A link whose words
// name nothing ("©", an icon, "here") names the policy by its address
// alone when that spells the policy (politique-de-confidentialite.html).
func (c *cand) privacyNamed() bool {
	return c.class == classPrivacy && (c.hrefClass == classPolicy || c.hrefClass == classPrivacy) ||
		c.class == classNone && c.hrefClass == classPolicy
}

// tryPolicy fetches a candidate and verifies it.
func (s *session) tryPolicy(c *cand) bool {
	c.tried, c.triedAs = true, rolePolicy
	f := s.fetch(c.u, kindPage, hostPort(c.from))
	desc := describeCand(c)
	strong := c.class == classPolicy || c.method == MethodRelLink || c.privacyNamed()
	// A policy link the plain client is turned away from is loaded in the
	// browser (render.go).
	rpage, rdoc := s.renderBlocked(f, c.u, RolePolicy)
	switch {
	case rpage != nil:
	case s.stopping(f):
		c.outcome = "not_tried: " + f.outcome(s)
		return false
	case f.robots != "":
		c.outcome = "robots_disallowed: " + f.robots
		s.settle(c, StatusRobotsDisallowed, fmt.Sprintf("the policy link %s was not fetched: %s", desc, f.robots))
		return false
	case f.err != nil:
		c.outcome = "broken: " + f.outcome(s)
		s.settle(c, StatusBrokenLink, fmt.Sprintf("the policy link %s is broken: %s", desc, f.outcome(s)))
		return false
	case f.status >= 400:
		c.outcome = "broken: " + f.outcome(s)
		s.settle(c, StatusBrokenLink, fmt.Sprintf("the policy link %s %s", desc, f.outcome(s)))
		return false
	case !f.ok():
		c.outcome = "rejected: " + f.outcome(s)
		s.notes = append(s.notes, desc+": "+f.outcome(s))
		return false
	}
	page, doc := rpage, rdoc
	if page == nil {
		page, doc = s.makePage(f, RolePolicy)
		f, page, doc = s.followRefresh(f, page, doc)
	}
	var ok bool
	var why string
	var sig *pageSignals // the built-in check's reading of page
	named := true        // the page names the vendor (read with the built-in check only)
	if part, found := s.c.opts.Words.fragmentPart(doc, c.fragment, c.fragmentText); found {
		// The link points at the policy's part of a wider page.
		ok, why = true, part.why
		page.Section, page.Fragment = part.heading, part.id
	} else {
		ok, why, sig = s.verify(page, doc, RolePolicy, strong)
		named = sig == nil || s.namesVendor(f.final, doc)
		if ok && !named {
			// A policy on another site that names neither the vendor's
			// brand nor its domain: a widget's or a service's own policy
			// ("Bekijk alle beoordelingen · Privacyverklaring"), not the
			// vendor's.
			ok, why = false, fmt.Sprintf("another company's policy: on %s, and it names neither the vendor nor its site", f.final.Hostname())
		}
	}
	// A policy page whose HTML is an app shell: its text is built by
	// scripts. (A stub's few words may be the shell's: the rendered page,
	// when it reads as a policy, is the policy.)
	renderedToo := false // a rendering of the page was read, and was not the policy either
	if (!ok || strings.HasPrefix(why, stubReason)) && !page.Rendered {
		if p2, d2 := s.renderShell(page, doc, c.u, RolePolicy); p2 != nil {
			if ok2, why2, _ := s.verify(p2, d2, RolePolicy, strong); ok2 {
				page, doc, ok, why = p2, d2, ok2, why2
			} else {
				renderedToo = true
			}
		}
	}
	if !ok && strong && sig != nil && !page.Rendered && doc != nil && doc.policyEmbed != "" {
		// The link names the policy and the page holds a policy host's
		// embed: the page is the policy, whose text the host's script
		// loads. Unrendered, its text cannot be read (Page.Embed). Only
		// the built-in check is overruled so (sig): a pipeline's own
		// check, Options.Verify, decides alone, as for keepThin.
		how := "not rendered"
		if renderedToo {
			how = "which the rendered page did not fill either"
		}
		ok, why = true, fmt.Sprintf("its text is loaded by a %s policy embed (a script), %s; the page's own HTML: %s", doc.policyEmbed, how, why)
		page.Embed = doc.policyEmbed
		s.res.Warnings = append(s.res.Warnings, fmt.Sprintf("the policy's text is loaded by a %s embed, %s: the page's HTML holds none of it", doc.policyEmbed, how))
	}
	// A layered notice's first layer, which links its full text: the
	// full text is the policy.
	hops := f.hops // the steps from the link to the policy
	// So is a short page titled as the policy or as privacy that is not
	// the policy itself but leads to it: a chooser of its language
	// versions, whose version in its own language is the policy.
	chooser := !ok && sig != nil && sig.layer == layerChooser && sig.audience == ""
	thin := ok && sig != nil && sig.thin && page.Section == ""
	if (ok || chooser) && sig != nil && sig.full != nil && page.Section == "" {
		if g, p2, d2, why2, step := s.secondLayer(f, sig.full, sig.layer); g != nil {
			hops = append(append(slices.Clone(f.hops), step), g.hops...)
			release(f, page)
			f, page, doc, why, ok = g, p2, d2, why2, true
			thin = false
		}
	}
	if !ok {
		c.outcome = "rejected: " + why
		s.notes = append(s.notes, desc+": not the policy, "+why)
		chain := append(append(slices.Clone(c.chain), c.step()), f.hops...)
		kept := s.keepSection(page, doc, chain, "reached through the "+desc)
		if named {
			// (another company's thin privacy page, an app store's, is no
			// stand-in for the vendor's policy)
			kept = s.keepThin(c, page, sig, chain, desc) || kept
		}
		if !kept {
			release(f, page)
		}
		// A privacy centre found behind a hub ("Trust Center" >
		// "Datenschutz" > the policy) leads to the policy in one more
		// hop, however deep it was found itself.
		centre := sig != nil && sig.linksPolicy
		if doc != nil && (c.depth < 1 || centre && c.depth < 2) {
			s.rejected = append(s.rejected, &pageVisit{
				u: f.final, page: page, doc: doc, depth: c.depth + 1, chain: chain, centre: centre,
			})
		}
		return false
	}
	choose := func() bool {
		return s.choose(c, f, page, doc, hops, desc, why)
	}
	if thin && s.deferThin {
		if s.pendingThin == nil {
			// A thin policy: the page's other policy links are tried
			// first, in case one leads to a fuller text (a product page
			// "Vie privée" beside the policy's "Données personnelles").
			c.outcome = "kept: a thin policy, chosen if no other link of the page leads to a fuller one"
			s.pendingThin = choose
		} else {
			c.outcome = "rejected: a thin policy, and a link tried before it leads to one too"
			release(f, page)
		}
		return false
	}
	return choose()
}

// choose makes the page the policy, found through candidate c (fetched
// as f, through hops, verified for why).
func (s *session) choose(c *cand, f *fetched, page *Page, doc *htmlDoc, hops []Step, desc, why string) bool {
	c.outcome = "chosen"
	page.Canonical = canonicalOf(doc, f.final)
	s.res.Policy = page
	s.policyBy = c
	s.res.DiscoveredVia = append(append(slices.Clone(c.chain), c.step()), hops...)
	s.res.Status = StatusFound
	s.res.Reason = fmt.Sprintf("found through the %s on %s (score %g); verified: %s",
		desc, c.from, c.scores[rolePolicy], why)
	if f.truncated {
		s.res.Warnings = append(s.res.Warnings, fmt.Sprintf("policy body cut at %d bytes", len(f.body)))
	}
	if !sameSite(c.u, f.final) || !sameSite(s.res.Home.finalURL(), f.final) {
		s.res.Warnings = append(s.res.Warnings, fmt.Sprintf("the policy is on another site: %s", f.final.Host))
	}
	s.fetchCookiePolicy(page, doc, f.final)
	return true
}

// canonicalOf returns the address that the page read at final declares
// as its own (<link rel="canonical">), when it is the same document at
// another address: same site and path, another query string, host form or
// scheme. A canonical link to another path (a template's link to the home
// page, a translation) is not trusted. "" otherwise.
func canonicalOf(d *htmlDoc, final *url.URL) string {
	if d == nil || final == nil {
		return ""
	}
	for _, l := range d.links {
		if !slices.Contains(strings.Fields(l.rel), "canonical") {
			continue
		}
		u := resolveLink(final, l.href)
		if u == nil || !sameSite(u, final) || strings.TrimSuffix(u.Path, "/") != strings.TrimSuffix(final.Path, "/") {
			return ""
		}
		u.Fragment = ""
		if c := u.String(); c != final.String() {
			return c
		}
		return ""
	}
	return ""
}

// secondLayer fetches the full policy that a short page (fetched as f)
// links as a: a layered notice's first layer, a short notice that names
// the policy, a list of the policy's versions that links the one in force
// (see fullPolicyLink), a chooser of the policy's language versions that
// links the one in its own language (languageChoice), or a page that shows
// the policy in a frame (frameOf), as kind says; and verifies it. It is
// nil when the full policy cannot be fetched or does not read as the
// policy (the short page stays the policy). It returns the step from the
// short page to it.
func (s *session) secondLayer(f *fetched, a *anchor, kind layerKind) (*fetched, *Page, *htmlDoc, string, Step) {
	u := resolveLink(f.final, a.href)
	if u == nil || s.out() {
		return nil, nil, nil, "", Step{}
	}
	g := s.fetch(u, kindPage, hostPort(f.final))
	if s.stopping(g) || !g.ok() {
		s.notes = append(s.notes, fmt.Sprintf("the page %s that the short page %s links: %s", u, f.final, g.outcome(s)))
		return nil, nil, nil, "", Step{}
	}
	page, doc := s.makePage(g, RolePolicy)
	ok, why, _ := s.verify(page, doc, RolePolicy, true)
	if ok && !sameSite(g.final, f.final) && !s.namesVendor(g.final, doc) {
		// Another site's policy (a service the notice mentions), not the
		// vendor's published on another host.
		ok, why = false, "on another site, and it does not name the vendor"
	}
	if !ok {
		s.notes = append(s.notes, fmt.Sprintf("the page %s that the short page %s links: not the policy, %s", u, f.final, why))
		release(g, page)
		return nil, nil, nil, "", Step{}
	}
	switch kind {
	case layerChooser:
		step := Step{Method: MethodPageLink, URL: u.String(), From: f.final.String(), Text: a.text,
			Reason: "the language chooser links the policy in the page's language"}
		return g, page, doc, fmt.Sprintf("the %s version that the language chooser %s links as %q; %s", primaryLang(a.hreflang), f.final, a.text, why), step
	case layerFrame:
		step := Step{Method: MethodPageLink, URL: u.String(), From: f.final.String(),
			Reason: "the short page shows the policy in a frame"}
		return g, page, doc, fmt.Sprintf("the document that the short page %s shows in a frame; %s", f.final, why), step
	}
	step := Step{Method: MethodPageLink, URL: u.String(), From: f.final.String(), Text: a.text,
		Reason: "the short page links the policy's full text"}
	return g, page, doc, fmt.Sprintf("the full text that the short page %s links as %q; %s", f.final, a.text, why), step
}

// followRefresh follows a meta refresh that stands for a redirect
// (refreshRedirect: an old address left behind when a policy moved to the
// group's legal site). A browser shows its target, which is then read as
// the page the link leads to; the refresh is a redirect step of the chain.
// Anything else returns f, page and doc.
func (s *session) followRefresh(f *fetched, page *Page, doc *htmlDoc) (*fetched, *Page, *htmlDoc) {
	to := refreshRedirect(doc, f.final)
	if to == nil {
		return f, page, doc
	}
	g := s.fetch(to, kindPage, hostPort(f.final))
	if !g.ok() {
		return f, page, doc
	}
	p2, d2 := s.makePage(g, RolePolicy)
	g.hops = append(append(slices.Clone(f.hops), refreshStep(f.final, to, doc.refreshHeader)), g.hops...)
	release(f, page)
	return g, p2, d2
}

func (p *Page) finalURL() *url.URL {
	u, err := url.Parse(p.FinalURL)
	if err != nil {
		return &url.URL{}
	}
	return u
}

// release drops the body of a page that will not be in the result: a
// vendor keeps at most its home page, policy and cookie policy in memory,
// not every page it tried (up to MaxRequests × MaxBodyBytes otherwise).
func release(f *fetched, p *Page) {
	f.body, f.released = nil, true
	if p != nil {
		p.Body = nil
	}
}

// stopping reports whether a fetch failed because the vendor's budget or
// time ran out, and records it.
func (s *session) stopping(f *fetched) bool {
	if f.err == nil {
		return false
	}
	if errors.Is(f.err, errBudget) || s.ctx.Err() != nil {
		if s.stopped == nil {
			s.stopped = f.err
		}
		return true
	}
	return false
}

// settle records a definitive failure of a candidate; the best-scored one
// decides the status if nothing is found.
func (s *session) settle(c *cand, status, reason string) {
	score := c.scores[rolePolicy]
	if s.fail == nil || score > s.fail.score {
		s.fail = &failure{status: status, reason: reason, score: score}
	}
	s.notes = append(s.notes, reason)
}

// tryHubs follows the page's best hubs and tries the policy links there.
func (s *session) tryHubs(v *pageVisit) bool {
	for i, c := range byRole(v.cands, roleHub, hubThreshold) {
		if i >= maxHubs || s.out() {
			break
		}
		c.tried, c.triedAs = true, roleHub
		f := s.fetch(c.u, kindPage, hostPort(c.from))
		desc := describeCand(c)
		if s.stopping(f) {
			c.outcome = "not_tried: " + f.outcome(s)
			return false
		}
		if !f.ok() {
			c.outcome = "broken: " + f.outcome(s)
			s.notes = append(s.notes, "hub "+desc+": "+f.outcome(s))
			continue
		}
		page, doc := s.makePage(f, "")
		if doc == nil {
			c.outcome = "rejected: not an HTML page"
			continue
		}
		c.outcome = "followed: legal page or privacy centre"
		hub := &pageVisit{u: f.final, page: page, doc: doc, depth: v.depth + 1,
			chain: append(append(slices.Clone(c.chain), c.step()), f.hops...)}
		s.scanVisit(hub, MethodHubLink)
		if s.tryPolicies(hub) {
			return true
		}
		// The hub may itself be the policy (a "Privacy" page).
		ok, why, _ := s.verify(page, doc, RolePolicy, false)
		if ok {
			c.outcome = "chosen"
			page.Role = RolePolicy
			s.res.Policy = page
			s.policyBy = c
			s.res.DiscoveredVia = hub.chain
			s.res.Status = StatusFound
			s.res.Reason = fmt.Sprintf("found through the %s on %s (score %g); verified: %s", desc, c.from, c.scores[roleHub], why)
			s.fetchCookiePolicy(page, doc, f.final)
			return true
		}
		s.notes = append(s.notes, "hub "+desc+": no policy link there, and not itself the policy: "+why)
		if !s.keepSection(page, doc, hub.chain, "reached through the "+desc) {
			release(f, page)
		}
	}
	return false
}

// trySecondHops tries the policy links of pages that were tried as the
// policy and were not (a privacy page that links to the full policy).
func (s *session) trySecondHops() bool {
	for len(s.rejected) > 0 && !s.out() {
		v := s.rejected[0]
		s.rejected = s.rejected[1:]
		if v.depth > 1 && !v.centre || s.hops2 >= maxSecondHopPages {
			continue
		}
		s.hops2++
		s.scanVisit(v, MethodHubLink)
		if s.tryPolicies(v) {
			return true
		}
	}
	return false
}

// cookieLink reports whether c is a link to a cookie policy: it scores as
// one, and better than as the privacy policy.
func (c *cand) cookieLink() bool {
	return c.scores[roleCookie] >= cookieThreshold && c.scores[roleCookie] > c.scores[rolePolicy]
}

// fetchCookiePolicy fetches a separate cookie policy linked from the
// policy, a hub or the home page's footer.
func (s *session) fetchCookiePolicy(policy *Page, doc *htmlDoc, final *url.URL) {
	if doc != nil {
		// Only the policy's links to a cookie policy are of interest here.
		for _, c := range s.c.opts.Words.pageLinks(doc, final, MethodHubLink) {
			if c.cookieLink() {
				c.chain, c.depth = s.res.DiscoveredVia, 2
				s.register(c)
			}
		}
	}
	var best *cand
	for _, c := range s.order {
		// A link tried as the policy and rejected may still be the
		// cookie policy ("Cookies", tried when a fallback page's links
		// were: a cookie policy does not read as the privacy policy).
		retry := c.triedAs == rolePolicy && strings.HasPrefix(c.outcome, "rejected")
		if c.tried && !retry || !c.cookieLink() {
			continue
		}
		if c.key == urlKey(final) || c.key == urlKey(policy.finalURL()) {
			continue
		}
		if best == nil || c.scores[roleCookie] > best.scores[roleCookie] {
			best = c
		}
	}
	if best == nil || s.out() {
		return
	}
	if page := s.tryCookiePolicy(best, final); page != nil {
		s.res.Documents = append(s.res.Documents, page)
	}
}

// tryCookiePolicy fetches candidate c as the cookie policy of the policy
// at final: the page when it reads as one, else nil (c's outcome says why).
func (s *session) tryCookiePolicy(c *cand, final *url.URL) *Page {
	c.tried, c.triedAs = true, roleCookie
	f := s.fetch(c.u, kindPage, hostPort(c.from))
	if !f.ok() {
		c.outcome = "broken: " + f.outcome(s)
		s.res.Warnings = append(s.res.Warnings, fmt.Sprintf("cookie policy link %q (%s): %s", c.text, c.u, f.outcome(s)))
		return nil
	}
	if urlKey(f.final) == urlKey(final) {
		c.outcome = "rejected: leads to the privacy policy itself"
		return nil
	}
	page, d := s.makePage(f, RoleCookiePolicy)
	ok, why, _ := s.verify(page, d, RoleCookiePolicy, c.class == classCookiePolicy)
	if !ok {
		c.outcome = "rejected: " + why
		return nil
	}
	c.outcome = "fetched: cookie policy, part of the disclosure (" + why + ")"
	page.Canonical = canonicalOf(d, f.final)
	return page
}

// verify runs Options.Verify, or the built-in check; sig is what the
// built-in check read of the page (nil under Options.Verify).
func (s *session) verify(p *Page, d *htmlDoc, role string, strongLink bool) (ok bool, why string, sig *pageSignals) {
	p.Role = role
	if s.c.opts.Verify != nil {
		ok, why = s.c.opts.Verify(s.ctx, p)
		return ok, why, nil
	}
	sig = s.c.opts.Words.signals(p, d)
	if role == RoleCookiePolicy {
		ok, why = verifyCookiePolicy(sig, strongLink)
	} else {
		ok, why = verifyPolicy(sig, strongLink)
	}
	return ok, why, sig
}
