package crawler

import (
	"bytes"
	"fmt"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
)

// Fallbacks of the cascade, for pages that give no usable link: another
// language version of the site, the sitemap, common localised paths (and
// the Renderer for footers built by scripts: render.go).

// languageSwitch picks another language version of the home page (hreflang
// alternates, a language menu) and fetches it.
func (s *session) languageSwitch(home *pageVisit) *pageVisit {
	if s.switched >= maxLanguageSwitches || home.doc == nil {
		return nil
	}
	alt, lang := pickAlternate(home, s.c.opts.Words.Languages(), s.c.opts.Language)
	if alt == nil {
		return nil
	}
	if _, seen := s.cache[urlKey(alt)]; seen {
		return nil
	}
	s.switched++
	f := s.fetch(alt, kindPage, hostPort(home.u))
	if s.stopping(f) || !f.ok() {
		s.notes = append(s.notes, fmt.Sprintf("language version %s (%s): %s", alt, lang, f.outcome(s)))
		return nil
	}
	page, doc := s.makePage(f, "")
	if doc == nil {
		return nil
	}
	step := Step{Method: MethodLanguageSwitch, URL: alt.String(), From: home.u.String(),
		Text: lang, Reason: fmt.Sprintf("no policy link on the %s page; its %s version", orUnknown(home.page.Language), lang)}
	return &pageVisit{u: f.final, page: page, doc: doc, chain: append(append(slices.Clone(home.chain), step), f.hops...)}
}

// contactPage returns the vendor's contact page, reached from the home
// page's first link whose words name one ("Kontakt", "Contact us"), on the
// vendor's site (after redirects too), for when the home page, its hubs,
// its other language and the links whose address names the policy gave
// none: a small site often links its privacy notice beside its contact
// form, which collects the data it covers. nil when there is none, or it
// cannot be fetched.
func (s *session) contactPage(home *pageVisit) *pageVisit {
	return s.linkedPage(home, s.c.opts.Words.namesContact, MethodContactPage, "contact page",
		"no policy link on the home page; a contact page links its form's privacy notice")
}

// supportPages returns the vendor's help centre (or customer service page),
// the page of its app and up to maxAccountPages account pages (sign-up,
// log-in), reached as the contact page is, for when the contact page and
// the sitemap gave no policy either: a vendor may keep its policy as an
// article of its help centre ("Support Center" > "Legal & Privacy" >
// "Privacy Policy", on a help.… host of its site), link it from its app's
// page only, where the app's store listing points, or from the sign-up
// form's consent box only.
func (s *session) supportPages(home *pageVisit) []*pageVisit {
	var out []*pageVisit
	if v := s.linkedPage(home, s.c.opts.Words.namesSupport, MethodSupportPage, "help centre",
		"no policy link on the home page, its hubs or its contact page; a help centre may keep the policy"); v != nil {
		out = append(out, v)
	}
	if v := s.linkedPage(home, s.c.opts.Words.namesApp, MethodSupportPage, "app page",
		"no policy link on the home page, its hubs or its contact page; the app's page may link the app's policy"); v != nil {
		out = append(out, v)
	}
	// An account's sign-up form links the policy its consent box names;
	// "My account" may lead to the log-in page first, which links it.
	for range maxAccountPages {
		v := s.linkedPage(home, s.c.opts.Words.namesAccount, MethodSupportPage, "account page",
			"no policy link on the home page, its hubs or its contact page; an account's sign-up form links the policy it asks to accept")
		if v == nil {
			break
		}
		out = append(out, v)
	}
	return out
}

// maxAccountPages bounds the account pages (sign-up, log-in) looked on.
const maxAccountPages = 2

// sectionHome returns the home page of the section of the site that the
// home page leads into, when the home page is a landing page whose own
// links name no policy: most of its links, two at least, go into one
// folder ("Shop now" /shop/, /shop/products/…), the site proper, whose
// footer holds the legal links. nil when there is no such folder, or its
// page cannot be fetched.
func (s *session) sectionHome(home *pageVisit) *pageVisit {
	if home.doc == nil || s.out() {
		return nil
	}
	own, _, _ := strings.Cut(strings.TrimPrefix(home.u.Path, "/"), "/")
	counts := map[string]int{}
	total, best := 0, ""
	for _, a := range home.doc.anchors {
		u := resolveLink(home.u, a.href)
		if u == nil || u.Host != home.u.Host || urlKey(u) == urlKey(home.u) {
			continue
		}
		total++
		seg, rest, inFolder := strings.Cut(strings.TrimPrefix(u.Path, "/"), "/")
		if !inFolder || seg == "" || seg == own || rest == "" && u.RawQuery != "" || !pagePath(u.Path) {
			continue // (a folder of files, "/downloads/form.pdf", is no section)
		}
		counts[seg]++
		if counts[seg] > counts[best] {
			best = seg
		}
	}
	if best == "" || counts[best] < 2 || 2*counts[best] < total {
		return nil
	}
	u := *home.u
	u.Path, u.RawQuery, u.Fragment = "/"+best+"/", "", ""
	if _, seen := s.cache[urlKey(&u)]; seen {
		return nil
	}
	f := s.fetch(&u, kindPage, hostPort(home.u))
	if s.stopping(f) || !f.ok() {
		s.notes = append(s.notes, fmt.Sprintf("the site's section %s: %s", &u, f.outcome(s)))
		return nil
	}
	page, doc := s.makePage(f, "")
	if doc == nil {
		return nil
	}
	step := Step{Method: MethodPageLink, URL: u.String(), From: home.u.String(),
		Reason: fmt.Sprintf("no policy link on the home page, %d of whose %d links lead into %s", counts[best], total, u.Path)}
	return &pageVisit{u: f.final, page: page, doc: doc, depth: home.depth,
		chain: append(append(slices.Clone(home.chain), step), f.hops...)}
}

// pagePath reports whether an address's path names a page (no file
// extension, or a page's: .html, .php, .aspx…), not a file to download.
func pagePath(p string) bool {
	ext := pathExt(p)
	return ext == "" || slices.Contains(pageExts, ext) || ext == "shtml" || ext == "cfm"
}

// pageExts are the extensions of a page's address (not a file's).
var pageExts = []string{"html", "htm", "php", "asp", "aspx", "jsp"}

// pathExt is the extension of the last segment of a path, lower-cased,
// without its dot; "" for none.
func pathExt(p string) string {
	last := p[strings.LastIndexByte(p, '/')+1:]
	if dot := strings.LastIndexByte(last, '.'); dot >= 0 {
		return strings.ToLower(last[dot+1:])
	}
	return ""
}

// linkedPage fetches the page of the home page's first link, on the
// vendor's site, whose words names says name the page sought (what, for
// the notes), and that was not fetched before (the contact page: nil when
// it was); nil when there is none, or it cannot be fetched or leaves the
// site.
func (s *session) linkedPage(home *pageVisit, names func(string) bool, method, what, reason string) *pageVisit {
	if home.doc == nil || s.out() {
		return nil
	}
	for _, a := range home.doc.anchors {
		if !names(a.text) {
			continue
		}
		u := resolveLink(home.u, a.href)
		if u == nil || urlKey(u) == urlKey(home.u) || !sameSite(u, home.u) {
			continue
		}
		if _, seen := s.cache[urlKey(u)]; seen {
			if method == MethodContactPage {
				return nil
			}
			continue // fetched already (another fallback's page): the next link
		}
		f := s.fetch(u, kindPage, hostPort(home.u))
		if s.stopping(f) || !f.ok() {
			s.notes = append(s.notes, fmt.Sprintf("%s %s: %s", what, u, f.outcome(s)))
			return nil
		}
		if !sameSite(f.final, home.u) {
			// A form or help-desk service's page: its policy links are its own.
			s.notes = append(s.notes, fmt.Sprintf("%s %s: redirected to another site, %s", what, u, f.final.Host))
			return nil
		}
		page, doc := s.makePage(f, "")
		if doc == nil {
			return nil
		}
		step := Step{Method: method, URL: u.String(), From: home.u.String(), Text: a.text, Reason: reason}
		return &pageVisit{u: f.final, page: page, doc: doc, depth: home.depth + 1,
			chain: append(append(slices.Clone(home.chain), step), f.hops...)}
	}
	return nil
}

// languageOf names the language a page reads in, for a reason or a
// warning.
func languageOf(p *Page) string {
	if p.Language == "" {
		return "an undetermined language"
	}
	return p.Language
}

func orUnknown(lang string) string {
	if lang == "" {
		return "home"
	}
	return lang
}

// pickAlternate chooses the language version to switch to: the language
// the policies are read in (Options.Language) if any, English, then
// x-default, then the languages of the link words in their order.
func pickAlternate(v *pageVisit, langs []string, want string) (*url.URL, string) {
	alts := alternates(v)
	rank := func(l string) int {
		switch l {
		case want:
			return -3
		case "en":
			return -2
		case "x-default":
			return -1
		}
		if i := slices.Index(langs, l); i >= 0 {
			return i
		}
		return len(langs)
	}
	best := -1
	for i, a := range alts {
		if best < 0 || rank(a.lang) < rank(alts[best].lang) {
			best = i
		}
	}
	if best < 0 {
		return nil, ""
	}
	return alts[best].u, alts[best].lang
}

// alternate is another language version of a page.
type alternate struct {
	u    *url.URL
	lang string // primary subtag, or x-default
	tag  string // the hreflang as written, or the menu's path segment
}

// alternates lists the other language (or regional) versions a page
// links, on its own site: hreflang alternates (<link> and <a>), then the
// links of a language menu, whose first path segment names the language.
func alternates(v *pageVisit) []alternate {
	cur := primaryLang(v.doc.lang)
	if cur == "" {
		cur = v.page.Language
	}
	type alt = alternate
	var alts []alt
	add := func(href, hreflang string) {
		u := resolveLink(v.u, href)
		if u == nil || urlKey(u) == urlKey(v.u) || !sameSite(u, v.u) {
			return
		}
		l := strings.ToLower(hreflang)
		if l != "x-default" {
			l = primaryLang(l)
		}
		// A version in the page's own language counts when it is another
		// region's ("nl-BE" beside "nl-NL"): a country chooser's home
		// pages, which a fallback may follow as it follows a language.
		if l == "" || l == cur && !strings.Contains(hreflang, "-") {
			return
		}
		alts = append(alts, alt{u, l, hreflang})
	}
	for _, l := range v.doc.links {
		if slices.Contains(strings.Fields(l.rel), "alternate") && l.hreflang != "" {
			add(l.href, l.hreflang)
		}
	}
	for _, a := range v.doc.anchors {
		switch {
		case a.hreflang != "":
			add(a.href, a.hreflang)
		case a.langMenu:
			if u := resolveLink(v.u, a.href); u != nil {
				seg, _, _ := strings.Cut(strings.TrimPrefix(u.Path, "/"), "/")
				add(a.href, seg)
			}
		}
	}
	return alts
}

// preferLanguage exchanges a policy found in another language than
// Options.Language for its version in that language: the one the policy
// page links (hreflang alternates, a language menu), else the policy that
// the home page's version in that language links. A version must read as
// the policy, in that language. Otherwise the Result warns that the policy
// is not in it, and why.
func (s *session) preferLanguage() {
	tag, p := s.c.opts.Language, s.res.Policy
	want := primaryLang(tag)
	if want == "" || p == nil || s.res.Status != StatusFound || p.Language == want {
		return
	}
	have := languageOf(p)
	var why []string
	seen := map[string]bool{urlKey(p.finalURL()): true}
	// 1. The policy's own version in that language.
	if doc := s.scanPage(p); doc != nil && p.Fragment == "" {
		v := &pageVisit{u: p.finalURL(), page: p, doc: doc}
		if alt := pickLanguage(alternates(v), tag); alt != nil {
			seen[urlKey(alt)] = true
			page, altv, reason := s.languageVersion(alt, v.u, want, true)
			if page != nil {
				s.takeLanguageVersion(page, altv, altv.chain, have, want, fmt.Sprintf("its %s version %s", want, alt), reason)
				return
			}
			why = append(why, fmt.Sprintf("its %s version %s %s", want, alt, reason))
			// A language menu may lead to the site's home in that language.
			if altv != nil && s.policyOfLanguageHome(altv, have, want, seen, &why) {
				return
			}
		}
	}
	// 2. The policy that the home page's version in that language links.
	if h := s.res.Home; h != nil {
		if doc := s.scanPage(h); doc != nil {
			v := &pageVisit{u: h.finalURL(), page: h, doc: doc}
			if alt := pickLanguage(alternates(v), tag); alt != nil && !seen[urlKey(alt)] {
				seen[urlKey(alt)] = true
				if s.out() {
					why = append(why, fmt.Sprintf("the home page's %s version %s was not fetched: the vendor's budget or time ran out", want, alt))
				} else if f := s.fetch(alt, kindPage, hostPort(v.u)); s.stopping(f) || !f.ok() {
					why = append(why, fmt.Sprintf("the home page's %s version %s: %s", want, alt, f.outcome(s)))
				} else if page, d := s.makePage(f, ""); d != nil {
					step := Step{Method: MethodLanguageSwitch, URL: alt.String(), From: v.u.String(), Text: want,
						Reason: fmt.Sprintf("the policy found is in %s; the home page's %s version", have, want)}
					hv := &pageVisit{u: f.final, page: page, doc: d, chain: append(append(s.homeChain(), step), f.hops...)}
					if s.policyOfLanguageHome(hv, have, want, seen, &why) {
						return
					}
				}
			}
		}
	}
	if len(why) == 0 {
		why = append(why, fmt.Sprintf("neither it nor the home page links a %s version", want))
	}
	s.res.Warnings = append(s.res.Warnings, fmt.Sprintf("the policy is in %s, not in %s (asked for): %s", have, want, strings.Join(why, "; ")))
}

// homeChain is the start of the policy's discovery chain that reached the
// home page: the input and its redirects.
func (s *session) homeChain() []Step {
	n := 0
	for n < len(s.res.DiscoveredVia) && (s.res.DiscoveredVia[n].Method == MethodInput || s.res.DiscoveredVia[n].Method == MethodRedirect) {
		n++
	}
	return slices.Clone(s.res.DiscoveredVia[:n])
}

// pickLanguage returns the alternate for tag: the exact tag ("fr-FR")
// first, then the language alone ("fr"), then any region of it; nil when
// there is none.
func pickLanguage(alts []alternate, tag string) *url.URL {
	want := primaryLang(tag)
	best, rank := (*url.URL)(nil), 3
	for _, a := range alts {
		if a.lang != want {
			continue
		}
		r := 2
		switch {
		case strings.EqualFold(a.tag, tag):
			r = 0
		case strings.EqualFold(a.tag, want):
			r = 1
		}
		if r < rank {
			best, rank = a.u, r
		}
	}
	return best
}

// languageVersion fetches u, a version of a page in language want, and
// returns it as the policy when it reads as one, in that language; else a
// nil page, why not, and the page visited (nil when it could not be
// fetched or is not HTML), which may be a home page to look on.
func (s *session) languageVersion(u, from *url.URL, want string, strong bool) (*Page, *pageVisit, string) {
	if s.out() {
		return nil, nil, "was not fetched: the vendor's budget or time ran out"
	}
	f := s.fetch(u, kindPage, hostPort(from))
	if s.stopping(f) || !f.ok() {
		return nil, nil, f.outcome(s)
	}
	page, doc := s.makePage(f, RolePolicy)
	step := Step{Method: MethodLanguageSwitch, URL: u.String(), From: from.String(), Text: primaryLang(want),
		Reason: fmt.Sprintf("the policy found is in %s; its %s version, as asked", orUnknown(s.res.Policy.Language), want)}
	v := &pageVisit{u: f.final, page: page, doc: doc, chain: append(append(slices.Clone(s.res.DiscoveredVia), step), f.hops...)}
	if doc == nil && sniffKind(page.ContentType, page.Body) == "html" {
		return nil, nil, "could not be read"
	}
	ok, why, _ := s.verify(page, doc, RolePolicy, strong)
	switch {
	case !ok:
		if doc == nil {
			v = nil
		}
		return nil, v, "is not the policy: " + why
	case page.Language != want:
		return nil, nil, fmt.Sprintf("reads as %s", orUnknown(page.Language))
	}
	return page, v, why
}

// policyOfLanguageHome tries the best policy link of v, a home page in
// language want (its footer's, as discovery scores them).
func (s *session) policyOfLanguageHome(v *pageVisit, have, want string, seen map[string]bool, why *[]string) bool {
	if v.doc == nil {
		return false
	}
	var best *cand
	for _, c := range s.c.opts.Words.pageLinks(v.doc, v.u, MethodFooterLink) {
		if c.scores[rolePolicy] >= policyThreshold && !seen[c.key] && (best == nil || c.scores[rolePolicy] > best.scores[rolePolicy]) {
			best = c
		}
	}
	if best == nil {
		*why = append(*why, fmt.Sprintf("%s links no policy", v.u))
		return false
	}
	seen[best.key] = true
	best.chain = v.chain
	page, pv, reason := s.languageVersion(best.u, v.u, want, best.class == classPolicy || best.privacyNamed())
	if page == nil {
		*why = append(*why, fmt.Sprintf("the policy link %q of %s (%s) %s", best.text, v.u, best.u, reason))
		return false
	}
	chain := append(slices.Clone(v.chain), best.step())
	if n := len(pv.chain) - len(s.res.DiscoveredVia) - 1; n > 0 {
		chain = append(chain, pv.chain[len(pv.chain)-n:]...) // the link's redirects
	}
	s.takeLanguageVersion(page, pv, chain, have, want, fmt.Sprintf("the %s of %s", describeCand(best), v.u), reason)
	return true
}

// takeLanguageVersion makes page, reached by chain, the policy; v is its
// visit (its links).
func (s *session) takeLanguageVersion(page *Page, v *pageVisit, chain []Step, have, want, how, why string) {
	page.Role = RolePolicy
	s.res.DiscoveredVia = chain
	s.res.Policy = page
	s.res.Reason += fmt.Sprintf("; read in %s (the policy found was in %s): %s (%s)", want, have, how, why)
	s.swapCookiePolicy(v, want)
}

// swapCookiePolicy follows the policy into language want: a separate
// cookie policy read beside the first policy, in another language, gives
// way to the one the policy in want links, when that one reads as a
// cookie policy in want. Otherwise it stays, and the result warns that it
// is not in want: the disclosure keeps what the vendor publishes.
func (s *session) swapCookiePolicy(v *pageVisit, want string) {
	old := slices.IndexFunc(s.res.Documents, func(d *Page) bool {
		return d.Role == RoleCookiePolicy && d.Language != want
	})
	if old < 0 {
		return
	}
	prev := s.res.Documents[old]
	var best *cand
	if v != nil && v.doc != nil {
		for _, c := range s.c.opts.Words.pageLinks(v.doc, v.u, MethodHubLink) {
			if c.cookieLink() && (best == nil || c.scores[roleCookie] > best.scores[roleCookie]) {
				best = c
			}
		}
	}
	var why string
	switch {
	case best == nil:
		why = "the policy in " + want + " links no cookie policy"
	case s.registry[best.key] != nil && s.registry[best.key].tried:
		why = fmt.Sprintf("the cookie policy it links, %s, was already tried", best.u)
	case s.out():
		why = fmt.Sprintf("the cookie policy it links, %s, was not fetched: the vendor's budget or time ran out", best.u)
	default:
		best.chain, best.depth = s.res.DiscoveredVia, 2
		c := s.register(best)
		page := s.tryCookiePolicy(c, v.u)
		switch {
		case page == nil:
			why = fmt.Sprintf("the cookie policy it links, %s, %s", c.u, c.outcome)
		case page.Language != want:
			why = fmt.Sprintf("the cookie policy it links, %s, reads as %s", c.u, languageOf(page))
			c.outcome = "rejected: not in " + want
		default:
			s.res.Documents[old] = page
			s.res.Reason += fmt.Sprintf("; its cookie policy too: %s", c.u)
			return
		}
	}
	s.res.Warnings = append(s.res.Warnings, fmt.Sprintf("the cookie policy %s is in %s, not in %s (asked for): %s",
		prev.finalURL(), languageOf(prev), want, why))
}

// trySitemap looks for the policy among the site's sitemap entries.
func (s *session) trySitemap(home *pageVisit) bool {
	var queue []*url.URL
	seen := map[string]bool{}
	push := func(raw string) {
		u, err := url.Parse(strings.TrimSpace(raw))
		if err != nil {
			return
		}
		if u, err = checkURL(u); err != nil || seen[urlKey(u)] {
			return
		}
		seen[urlKey(u)] = true
		queue = append(queue, u)
	}
	if !s.c.opts.IgnoreRobots {
		if e, err := s.robotsFor(home.u, ""); err == nil {
			for _, sm := range e.sitemaps {
				if len(queue) < 2 {
					push(sm)
				}
			}
		}
	}
	if len(queue) == 0 {
		push(origin(home.u) + "/sitemap.xml")
	}
	var pages []string
	for fetches := 0; len(queue) > 0 && fetches < maxSitemapFetches && !s.out(); fetches++ {
		sm := queue[0]
		queue = queue[1:]
		f := s.fetch(sm, kindSitemap, hostPort(home.u))
		if s.stopping(f) {
			break
		}
		if !f.ok() {
			s.notes = append(s.notes, fmt.Sprintf("sitemap %s: %s", sm, f.outcome(s)))
			continue
		}
		ps, children := parseSitemap(f.body)
		pages = append(pages, ps...)
		slices.SortStableFunc(children, func(a, b string) int { return childSitemapRank(a) - childSitemapRank(b) })
		for _, ch := range children {
			if childSitemapRank(ch) < 2 {
				push(ch)
			}
		}
		if len(ps) > 0 && len(queue) == 0 {
			break
		}
	}
	var cands []*cand
	for _, p := range pages {
		u, err := url.Parse(p)
		if err != nil {
			continue
		}
		if u, err = checkURL(u); err != nil {
			continue
		}
		l := &linkInfo{u: u, pageLang: primaryLang(home.doc.lang), method: MethodSitemap}
		c := s.c.opts.Words.scoreLink(l)
		if c == nil {
			continue
		}
		c.text = u.Path
		c.from, c.chain = home.u, home.chain
		// A sitemap entry has only its URL: it counts as link text would.
		switch c.class {
		case classPolicy, classPrivacy:
			c.scores[rolePolicy] += 40
			c.reasons[rolePolicy] = append(c.reasons[rolePolicy], reason{40, "listed in the sitemap", true})
		}
		if sameSite(u, home.u) {
			c.scores[rolePolicy] += 5
			c.reasons[rolePolicy] = append(c.reasons[rolePolicy], reason{5, "on the vendor's site", true})
		}
		cands = append(cands, c)
	}
	slices.SortStableFunc(cands, func(a, b *cand) int {
		if d := b.scores[rolePolicy] - a.scores[rolePolicy]; d != 0 {
			if d > 0 {
				return 1
			}
			return -1
		}
		return len(a.u.Path) - len(b.u.Path)
	})
	for i, c := range cands {
		if i >= 20 {
			break
		}
		cands[i] = s.register(c)
	}
	tries := 0
	for _, c := range cands {
		if c.tried || c.scores[rolePolicy] < policyThreshold {
			continue
		}
		if tries >= maxSitemapCandidates || s.out() {
			break
		}
		tries++
		if s.tryPolicy(c) {
			return true
		}
	}
	return false
}

// tryWellKnown tries common localised paths, the page's language first:
// under the home page's folder first when the site lives in one (a GitHub
// project page: "/ZenBreak/politique-de-confidentialite"), then from the
// root, up to maxWellKnownTries from each.
func (s *session) tryWellKnown(home *pageVisit) bool {
	lang := home.page.Language
	paths := s.c.opts.Words.wellKnownPaths(lang)
	bases := []string{"/"}
	// On a host shared by many sites (a GitHub project page), the root's
	// policy may be another project's: it must name the site's folder.
	needs := ""
	if dir := siteFolder(home.u.Path); dir != "/" {
		bases = []string{dir, "/"}
		if sharedHost(home.u.Hostname()) {
			needs = strings.ToLower(path.Base(dir))
		}
	}
	total := 0
bases:
	for _, base := range bases {
		tries := 0
		for _, p := range paths {
			if tries >= maxWellKnownTries || s.out() {
				break
			}
			u, err := home.u.Parse(base + strings.TrimPrefix(p, "/"))
			if err != nil {
				continue
			}
			name := ""
			if base == "/" {
				name = needs
			}
			tried, found, stop := s.tryWellKnownPath(home, u, lang, name)
			if tried {
				tries++
				total++
			}
			if found {
				return true
			}
			if stop {
				break bases
			}
		}
	}
	if total > 0 {
		s.notes = append(s.notes, fmt.Sprintf("%d common paths tried", total))
	}
	return false
}

// siteFolder is the folder of a home page's path: "/ZenBreak/" for
// "/ZenBreak/" or "/ZenBreak/index.html", "/" at the root.
func siteFolder(p string) string {
	if p == "" {
		return "/"
	}
	return p[:strings.LastIndexByte(p, '/')+1]
}

// sharedHosts are hosting domains whose sites are folders or subdomains of
// one host: a page at the root may belong to another site.
var sharedHosts = []string{"github.io", "gitlab.io", "codeberg.page", "netlify.app", "vercel.app", "pages.dev"}

func sharedHost(h string) bool {
	h = strings.ToLower(h)
	for _, d := range sharedHosts {
		if h == d || strings.HasSuffix(h, "."+d) {
			return true
		}
	}
	return false
}

// tryWellKnownPath tries the common path at u: tried when it was
// fetched, found when it is the policy, stop when the session must stop.
// A page that does not hold name (when given) is not the site's.
func (s *session) tryWellKnownPath(home *pageVisit, u *url.URL, lang, name string) (tried, found, stop bool) {
	c := &cand{u: u, key: urlKey(u), text: u.Path, method: MethodWellKnownPath, from: home.u,
		chain: home.chain, class: classPolicy}
	c.scores[rolePolicy] = policyThreshold
	c.reasons[rolePolicy] = []reason{{text: fmt.Sprintf("common path for %s sites, tried because the page gave no policy link", orUnknown(lang))}}
	c = s.register(c)
	if c.tried {
		return false, false, false
	}
	f := s.fetch(u, kindPage, hostPort(home.u))
	switch {
	case !f.ok():
		// A missing common path is not a broken link.
		c.tried, c.triedAs = true, rolePolicy
		c.outcome = "rejected: " + f.outcome(s)
		return true, false, s.stopping(f)
	case name != "" && !bytes.Contains(bytes.ToLower(f.body), []byte(name)):
		c.tried, c.triedAs = true, rolePolicy
		c.outcome = fmt.Sprintf("rejected: at the root of a shared host and never names the site's folder %q (another site's page?)", name)
		return true, false, false
	}
	c.tried = false
	return true, s.tryPolicy(c), false
}

// immediateRefresh reports whether a <meta http-equiv="refresh"> content
// sends the reader on at once (a delay of at most one second): a
// browser shows the target, not the page.
func immediateRefresh(content string) bool {
	delay, _, _ := strings.Cut(content, ";")
	delay = strings.TrimSpace(delay)
	if i := strings.IndexByte(delay, '.'); i >= 0 {
		delay = delay[:i]
	}
	n, err := strconv.Atoi(delay)
	return err == nil && n >= 0 && n <= 1
}

// refreshRedirect returns where a page's meta refresh sends a browser
// when the refresh stands for a redirect: an immediate one, or one on a
// page without links (a language selector, a parked front page, an old
// address left behind when a policy moved). nil for none, or for one back
// to the page itself.
func refreshRedirect(doc *htmlDoc, page *url.URL) *url.URL {
	if doc == nil || doc.metaRefresh == "" || doc.totalAnchors > 0 && !immediateRefresh(doc.metaRefresh) {
		return nil
	}
	to := metaRefreshURL(page, doc.metaRefresh)
	if to == nil || urlKey(to) == urlKey(page) {
		return nil
	}
	return to
}

// refreshStep is the step of a discovery chain that a meta refresh (or
// the HTTP Refresh header, when header is set) from one page to another
// stands for.
func refreshStep(from, to *url.URL, header bool) Step {
	reason := "meta refresh"
	if header {
		reason = "Refresh header"
	}
	return Step{Method: MethodRedirect, URL: to.String(), From: from.String(), Reason: reason}
}

// metaRefreshURL reads the URL of a <meta http-equiv="refresh"> content.
func metaRefreshURL(base *url.URL, content string) *url.URL {
	_, rest, ok := strings.Cut(content, ";")
	if !ok {
		return nil
	}
	rest = strings.TrimSpace(rest)
	if len(rest) >= 4 && strings.EqualFold(rest[:4], "url=") {
		rest = rest[4:]
	}
	rest = strings.Trim(strings.TrimSpace(rest), `'"`)
	return resolveLink(base, rest)
}
