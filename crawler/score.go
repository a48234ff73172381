package crawler

import (
	"fmt"
	"math"
	"net/netip"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/publicsuffix"
)

// Candidate scoring, in the manner of katana's table of small parsers: every
// link of a page is described once (linkInfo), then each scorer looks at one
// signal and adds points, with a reason, to the roles the link may play.

// Thresholds: a link is fetched as the policy, a hub or the cookie policy
// only from these scores up.
const (
	policyThreshold = 45
	hubThreshold    = 50
	cookieThreshold = 50
	// weakPolicyScore is the least policy score of a link tried by
	// tryWeakLinks (discover.go): an address that names privacy
	// (scoreHref), with nothing against it.
	weakPolicyScore = 15
)

// Limits on candidates.
const (
	maxCandidatesPerPage = 200 // links kept per page after scoring
	maxReportedCands     = 50  // candidates listed in a Result
)

type role int

const (
	rolePolicy role = iota
	roleHub
	roleCookie
	numRoles
)

var roleNames = [numRoles]string{RolePolicy, "hub", RoleCookiePolicy}

// linkInfo describes one link of a page for the scorers.
type linkInfo struct {
	u        *url.URL
	key      string   // urlKey(u), when known
	text     string   // visible text
	attrText string   // aria-label, title, image alt, SVG title
	words    []string // folded visible text
	textM    matchSet
	attrM    matchSet
	hrefM    matchSet
	rel      string
	region   region
	tail     bool
	blog     string // the blog-like path segment, if any
	pageLang string
	method   string
	onHub    bool // the link is on a hub page, where the footer is the site's
	hosts    *hostMemo
	page     *url.URL // the page the link is on
	fragment string   // the href's fragment, unescaped (resolving drops it)
}

type contribution struct {
	role   role
	points float64
	reason string
}

type scorer func(w *Words, l *linkInfo) []contribution

// scorers is the table every link goes through.
var scorers = []scorer{
	scoreRel,
	scoreText,
	scoreAttrs,
	scoreHref,
	scorePosition,
	scoreBlogPath,
	scoreLength,
	scoreQuestion,
	scoreLangFolder,
	scoreLanguage,
	scorePlatformPolicy,
}

func all(points float64, reason string) []contribution {
	return []contribution{{rolePolicy, points, reason}, {roleHub, points, reason}, {roleCookie, points, reason}}
}

func scoreRel(_ *Words, l *linkInfo) []contribution {
	rels := strings.Fields(l.rel)
	switch {
	case slices.Contains(rels, "privacy-policy"):
		return []contribution{{rolePolicy, 100, `rel="privacy-policy" (RFC 6903)`}}
	case slices.Contains(rels, "terms-of-service"):
		return []contribution{{rolePolicy, -40, `rel="terms-of-service": the terms, not the policy`}}
	}
	return nil
}

// classPoints scores a text match; factor weighs where the text came from.
func classPoints(m matchSet, words []string, where string, factor float64) []contribution {
	ev := m.evidence()
	if ev == nil {
		return nil
	}
	q := quotePhrase(ev)
	switch m.class() {
	case classAction:
		r := where + " names a setting or form, not a document: " + q
		return []contribution{{rolePolicy, -100, r}, {roleHub, -100, r}, {roleCookie, -100, r}}
	case classPolicy:
		out := []contribution{{rolePolicy, 60 * factor, where + " names the privacy policy: " + q}}
		if words != nil && len(words) <= len(ev.words)+1 {
			out = append(out, contribution{rolePolicy, 10 * factor, where + " is exactly the policy's name"})
		}
		return out
	case classCookiePolicy:
		return []contribution{{roleCookie, 60 * factor, where + " names the cookie policy: " + q}}
	case classHub:
		if m[classHub] == nil { // a privacy word with a terms or security word
			other := m[classTerms]
			if other == nil {
				other = m[classSecurity]
			}
			q = quotePhrase(m[classPrivacy]) + " and " + quotePhrase(other)
		}
		out := []contribution{{roleHub, 60 * factor, where + " names a legal page or privacy centre: " + q}}
		if m[classPrivacy] != nil {
			out = append(out, contribution{rolePolicy, 25 * factor, where + " has a privacy word: " + quotePhrase(m[classPrivacy])})
		}
		return out
	case classPrivacy:
		return []contribution{
			{rolePolicy, 40 * factor, where + " is a privacy word: " + q},
			{roleHub, 20 * factor, where + " is a privacy word: " + q},
		}
	case classTerms:
		return []contribution{{rolePolicy, -40, where + " names terms of service or sale: " + q}}
	}
	return nil
}

// quotePhrase quotes a matched phrase and names its language, as fmt's
// "%q (%s)" would (compilePhrase writes it once per phrase).
func quotePhrase(p *phrase) string { return p.quoted }

func scoreText(_ *Words, l *linkInfo) []contribution {
	return classPoints(l.textM, l.words, "link text", 1)
}

func scoreAttrs(_ *Words, l *linkInfo) []contribution {
	if l.textM.class() != classNone {
		return nil
	}
	return classPoints(l.attrM, nil, "label (aria-label, title or image alt)", 0.85)
}

func scoreHref(_ *Words, l *linkInfo) []contribution {
	ev := l.hrefM.evidence()
	if ev == nil {
		return nil
	}
	q := "URL has " + quotePhrase(ev) // fmt's "URL has %q (%s)"
	switch l.hrefM.class() {
	case classAction:
		return all(-40, q+": a setting or form")
	case classPolicy:
		return []contribution{{rolePolicy, 25, q}}
	case classPrivacy:
		return []contribution{{rolePolicy, 15, q}, {roleHub, 5, q}}
	case classCookiePolicy:
		return []contribution{{roleCookie, 20, q}}
	case classHub:
		c := []contribution{{roleHub, 20, q}}
		if l.hrefM[classPrivacy] != nil {
			c = append(c, contribution{rolePolicy, 10, q})
		}
		return c
	case classTerms:
		return []contribution{{rolePolicy, -20, q + ": terms"}}
	}
	return nil
}

func scorePosition(_ *Words, l *linkInfo) []contribution {
	switch {
	case l.onHub:
		return nil
	case l.region == regionFooter:
		return inFooter
	case l.tail && l.region == regionBody:
		return amongLast
	}
	return nil
}

// The contributions of a link's position, the same for every link: the
// scorers' callers only read them.
var (
	inFooter  = all(20, "in the page footer")
	amongLast = all(10, "among the last links of the page")
)

func scoreBlogPath(_ *Words, l *linkInfo) []contribution {
	if l.blog == "" {
		return nil
	}
	return all(-40, fmt.Sprintf("path segment %q: an article, not a policy", l.blog))
}

func scoreLength(_ *Words, l *linkInfo) []contribution {
	if len(l.words) <= 8 {
		return nil
	}
	r := fmt.Sprintf("long link text (%d words) reads like a headline", len(l.words))
	return []contribution{{rolePolicy, -15, r}, {roleHub, -15, r}}
}

// scoreQuestion marks a link whose text is a question of a few words or
// more ("Mähroboter mit Kamera: Was sagt der Datenschutz?"): an article's
// or a FAQ's headline, which names no document.
func scoreQuestion(_ *Words, l *linkInfo) []contribution {
	t := strings.TrimSpace(l.text)
	if len(l.words) < 3 || !strings.HasSuffix(t, "?") {
		return nil
	}
	return questionText
}

var questionText = []contribution{{rolePolicy, -25, "link text is a question: a headline, not a document's name"}, {roleHub, -25, "link text is a question: a headline, not a document's name"}}

// scoreLangFolder marks a link into another language's folder of the site
// (/nl/juridisch/privacybeleid from a page in French, whose own links lead
// to /fr/juridique/vie-privee): the page's own language comes first, in a
// footer that lists two languages' documents.
func scoreLangFolder(w *Words, l *linkInfo) []contribution {
	if l.pageLang == "" || l.u == nil {
		return nil
	}
	lang := pathLang(l.u)
	if lang == "" || lang == l.pageLang || w.names[lang] == "" || l.page != nil && pathLang(l.page) == lang {
		return nil
	}
	// As much as a policy's name and its address earn beyond a bare
	// privacy word: "Vie privée" in the page's language outranks
	// "Privacybeleid" in another's.
	r := fmt.Sprintf("leads into the site's %s folder, not the page's language (%s)", lang, l.pageLang)
	return []contribution{{rolePolicy, -50, r}, {roleHub, -50, r}}
}

// pathLang returns the language of an address's first path segment when it
// names one ("/nl/…", "/fr-be/…", "/pt_BR/…"), "" otherwise.
func pathLang(u *url.URL) string {
	seg, _, _ := strings.Cut(strings.TrimPrefix(u.Path, "/"), "/")
	if len(seg) != 2 && !(len(seg) == 5 && (seg[2] == '-' || seg[2] == '_')) {
		return ""
	}
	return primaryLang(seg)
}

func scoreLanguage(_ *Words, l *linkInfo) []contribution {
	if l.pageLang == "" {
		return nil
	}
	ev := l.textM.evidence()
	if ev == nil {
		ev = l.attrM.evidence()
	}
	if ev == nil || ev.lang != l.pageLang {
		return nil
	}
	return ev.inPageLang
}

// cand is a candidate link during discovery.
type cand struct {
	u       *url.URL
	key     string
	text    string
	method  string
	from    *url.URL // page the link was found on
	scores  [numRoles]float64
	reasons [numRoles][]reason
	lang    string // language of the deciding phrase
	class   linkClass
	// hrefClass is what the link's address alone names (see privacyNamed).
	hrefClass linkClass
	// fragment is the fragment of a link to it whose words name privacy or
	// the policy ("Datenschutz" to rechtliches.html#datenschutz): where on
	// the page the policy is (see fragmentPart), and that link's text;
	// fragmentConflict, that two such links point at different parts.
	fragment, fragmentText string
	fragmentConflict       bool
	chain                  []Step // steps that led to the page the link is on
	depth                  int    // 0 on the home page
	order                  int
	outcome                string
	tried                  bool
	triedAs                role
	button                 string // the href of a link that is not a page (#, javascript:)
}

// growReasons gives the candidate's reasons room for a link's usual few
// contributions per role, in one allocation.
func (c *cand) growReasons() {
	const per = 4
	buf := make([]reason, numRoles*per)
	for r := range c.reasons {
		c.reasons[r] = buf[int(r)*per : int(r)*per : (int(r)+1)*per]
	}
}

// reportRole is the role a candidate is reported under: the one it was
// tried as, else the one its words name.
func (c *cand) reportRole() role {
	if c.tried {
		return c.triedAs
	}
	switch {
	case c.class == classCookiePolicy:
		return roleCookie
	case c.class == classHub && c.scores[roleHub] > c.scores[rolePolicy]:
		return roleHub
	case c.class == classNone && c.scores[roleHub] > c.scores[rolePolicy]:
		return roleHub
	}
	return rolePolicy
}

func (c *cand) best() role {
	b := rolePolicy
	for r := rolePolicy; r < numRoles; r++ {
		if c.scores[r] > c.scores[b] {
			b = r
		}
	}
	return b
}

func (c *cand) step() Step {
	r := c.reportRole()
	return Step{
		Method: c.method, URL: c.u.String(), From: c.from.String(), Text: c.text,
		Score: c.scores[r], Reason: joinReasons(c.reasons[r]),
	}
}

// pageLinks turns the links of a scanned page into scored candidates.
// method is the method for links outside the footer (page_link on a home
// page, hub_link on a hub).
func (w *Words) pageLinks(d *htmlDoc, page *url.URL, method string) []*cand {
	base := page
	if d.base != "" {
		if b, err := page.Parse(d.base); err == nil && (b.Scheme == "http" || b.Scheme == "https") {
			base = b
		}
	}
	lang := primaryLang(d.lang)
	tailFrom := d.totalAnchors - max(20, d.totalAnchors/5)
	var out []*cand
	byKey := map[string]*cand{}
	pageKey := urlKey(page)
	hosts := &hostMemo{}
	li := &linkInfo{}
	// anchor: an <a> of the page, skipped when it leads to the page
	// itself; a <link rel> element is kept even then.
	add := func(l *linkInfo, order int, anchor bool) bool {
		c := w.scoreLink(l)
		if c == nil {
			return false
		}
		if anchor && c.key == pageKey && (c.fragment == "" || !namesPolicy(c.class)) {
			// The page itself, or an anchor on it; but a link named for
			// the policy to a part of the page ("Privacidade" to
			// #privacidade) is kept: the part may be the policy.
			return false
		}
		c.from = page
		c.order = order
		if prev, ok := byKey[c.key]; ok {
			mergeCand(prev, c)
			return true
		}
		byKey[c.key] = c
		out = append(out, c)
		return true
	}
	// button reports a link that leads to no page (see buttonCand).
	button := func(a *anchor) {
		if c := w.buttonCand(a, page, lang); c != nil && len(out) < maxCandidatesPerPage {
			c.from, c.order = page, a.index
			if _, dup := byKey[c.key]; !dup {
				byKey[c.key] = c
				out = append(out, c)
			}
		}
	}
	for _, hl := range d.links {
		rels := strings.Fields(hl.rel)
		if !slices.Contains(rels, "privacy-policy") && !slices.Contains(rels, "terms-of-service") {
			continue
		}
		u := resolveLinkHosts(base, hl.href, hosts)
		if u == nil {
			continue
		}
		add(&linkInfo{u: u, rel: hl.rel, attrText: hl.title, pageLang: lang, method: MethodRelLink, hosts: hosts}, -1, false)
	}
	for _, a := range d.anchors {
		u := resolveLinkHosts(base, a.href, hosts)
		self := u == nil && selfPart(a.href)
		if self {
			// "#privacidade": a part of the page itself, which a one-page
			// site's policy may be (see add, and fragmentPart).
			u = page
		}
		if u == nil {
			button(a)
			continue
		}
		// The link's key (urlKey) is computed only when it scores: most
		// links of a page speak of nothing discovery looks for.
		attr := a.attrText()
		if row := d.briefRow(a); row != "" {
			// A link named only "HTML" or "PDF" in a table of documents:
			// its row names the document.
			attr = strings.TrimSpace(attr + " " + row)
		}
		// One linkInfo serves every anchor: scoreLink keeps nothing of it.
		l := li
		*l = linkInfo{
			u: u, text: a.text, attrText: attr, rel: a.rel, region: a.region,
			tail: a.index >= tailFrom, pageLang: lang, method: method, onHub: method == MethodHubLink,
			hosts: hosts, page: page, fragment: hrefFragment(a.href),
		}
		if !l.onHub && (a.region == regionFooter || (l.tail && a.region == regionBody)) {
			l.method = MethodFooterLink
		}
		if slices.Contains(strings.Fields(a.rel), "privacy-policy") {
			l.method = MethodRelLink
		}
		if !add(l, a.index, true) && self {
			button(a)
		}
	}
	slices.SortStableFunc(out, func(a, b *cand) int { return compareCands(a, b) })
	if len(out) > maxCandidatesPerPage {
		out = out[:maxCandidatesPerPage]
	}
	return out
}

// buttonCand reports a link that leads to no page (href "#", javascript:,
// mailto:) when its words speak of privacy, terms or settings, so that the
// report shows it was seen and set aside.
func (w *Words) buttonCand(a *anchor, page *url.URL, lang string) *cand {
	href := strings.TrimSpace(a.href)
	creds := hasCredentials(href)
	href = RedactURL(href)
	l := &linkInfo{u: page, text: a.text, attrText: strings.Join(append([]string{a.aria, a.title}, a.alts...), " "), pageLang: lang, method: MethodPageLink}
	if a.region == regionFooter {
		l.method = MethodFooterLink
	}
	l.words = foldWords(l.text)
	l.textM = w.classify(l.words, false)
	l.attrM = w.classifyText(l.attrText)
	if l.textM.class() == classNone && l.attrM.class() == classNone {
		return nil
	}
	c := &cand{u: page, key: "button\x00" + href + "\x00" + l.text, text: l.text, method: l.method, button: href}
	if c.text == "" {
		c.text = l.attrText
	}
	for _, sc := range []scorer{scoreText, scoreAttrs, scorePosition} {
		for _, ct := range sc(w, l) {
			c.scores[ct.role] += ct.points
			c.reasons[ct.role] = append(c.reasons[ct.role], reason{ct.points, ct.reason, true})
		}
	}
	c.class = l.textM.class()
	if c.class == classNone {
		c.class = l.attrM.class()
	}
	if href == "" {
		href = "(none)"
	}
	r := c.reportRole()
	c.tried, c.triedAs = true, r
	c.outcome = fmt.Sprintf("rejected: not a link to a page (href %s)", truncateUTF8(href, 60))
	if creds {
		c.outcome = fmt.Sprintf("rejected: a user name or password in the URL is not accepted (href %s)", truncateUTF8(href, 60))
	}
	return c
}

// scoreLink runs the scorers over one link; nil when nothing about the link
// speaks of privacy, legal pages, terms or settings.
func (w *Words) scoreLink(l *linkInfo) *cand {
	// The words of the link's text serve its scoring only: they go in a
	// slice used again by the next link.
	if f := fold(l.text); f != "" {
		buf := wordBufs.Get().(*[]string)
		l.words = appendWords((*buf)[:0], f)
		defer func() {
			clear(l.words)
			*buf, l.words = l.words[:0], nil
			wordBufs.Put(buf)
		}()
	} else {
		l.words = nil
	}
	l.textM = w.classify(l.words, false)
	l.attrM = w.classifyText(l.attrText)
	l.hrefM = w.classifyFolded(fold(urlText(l.u, l.hosts)), true)
	if l.rel == "" && l.textM.class() == classNone && l.attrM.class() == classNone && l.hrefM.class() == classNone {
		return nil
	}
	l.blog = w.blogSegment(l.u) // for the scorers only: after the links that do not score are set aside
	if l.key == "" {
		l.key = urlKey(l.u)
	}
	c := &cand{u: l.u, key: l.key, text: l.text, method: l.method}
	if c.text == "" {
		c.text = l.attrText
	}
	c.growReasons()
	for _, s := range scorers {
		for _, ct := range s(w, l) {
			c.scores[ct.role] += ct.points
			c.reasons[ct.role] = append(c.reasons[ct.role], reason{ct.points, ct.reason, true})
		}
	}
	c.class, c.hrefClass = l.textM.class(), l.hrefM.class()
	if c.class == classNone {
		c.class = l.attrM.class()
	}
	if c.class == classNone {
		c.class = l.hrefM.class()
	}
	for _, m := range []matchSet{l.textM, l.attrM, l.hrefM} {
		if ev := m.evidence(); ev != nil {
			c.lang = ev.lang
			break
		}
	}
	if namesPolicy(l.textM.class()) || l.textM.class() == classNone && namesPolicy(l.attrM.class()) {
		c.fragment, c.fragmentText = l.fragment, c.text
	}
	return c
}

// mergeCand folds a second link to the same URL into the first: the higher
// score per role wins; a URL linked by two different means (a rel link and
// a footer link) gets a bonus for the corroboration.
func mergeCand(dst, src *cand) {
	dstMethod := dst.method
	for r := rolePolicy; r < numRoles; r++ {
		if src.scores[r] > dst.scores[r] {
			dst.scores[r] = src.scores[r]
			dst.reasons[r] = slices.Clone(src.reasons[r])
			if r == rolePolicy && dst.method != MethodRelLink {
				dst.method, dst.class, dst.lang = src.method, src.class, src.lang
			}
		}
	}
	if dst.text == "" {
		dst.text = src.text
	}
	switch {
	case dst.fragmentConflict || src.fragment == "":
	case dst.fragment == "":
		dst.fragment, dst.fragmentText = src.fragment, src.fragmentText
	case dst.fragment != src.fragment:
		// Two privacy links into different parts of one page: neither
		// is the policy's part for sure; the page is judged whole.
		dst.fragment, dst.fragmentText, dst.fragmentConflict = "", "", true
	}
	if src.method != dstMethod && dst.scores[rolePolicy] > 0 && src.scores[rolePolicy] > 0 {
		dst.scores[rolePolicy] += 10
		dst.reasons[rolePolicy] = append(dst.reasons[rolePolicy],
			reason{10, fmt.Sprintf("also linked as %s %q", strings.ReplaceAll(src.method, "_", " "), src.text), true})
	} else if src.text != "" && src.text != dst.text {
		for r := rolePolicy; r < numRoles; r++ {
			dst.reasons[r] = append(dst.reasons[r], reason{text: fmt.Sprintf("also linked as %q", src.text)})
		}
	}
}

func compareCands(a, b *cand) int {
	as, bs := a.scores[a.reportRole()], b.scores[b.reportRole()]
	switch {
	case as > bs:
		return -1
	case as < bs:
		return 1
	}
	return a.order - b.order
}

// resolveLink resolves href against base; nil for links that do not lead
// to a web page (javascript:, mailto:, tel:, data:, empty).
func resolveLink(base *url.URL, href string) *url.URL { return resolveLinkHosts(base, href, nil) }

// resolveLinkHosts is resolveLink remembering the hosts it checked (see
// checkURLHosts).
func resolveLinkHosts(base *url.URL, href string, hosts *hostMemo) *url.URL {
	href = strings.TrimSpace(href)
	if strings.ContainsAny(href, "\t\n\r") {
		// A browser drops tabs and line breaks anywhere in an address
		// (WHATWG URL: "remove all ASCII tab or newline"), as in an href
		// wrapped by a template ("/legal/politica-de-\nprivacidade").
		href = dropTabsNewlines.Replace(href)
	}
	if href == "" || strings.HasPrefix(href, "#") || len(href) > maxInputLen {
		return nil
	}
	u, err := base.Parse(href)
	if err != nil {
		return nil
	}
	u, err = checkURLHosts(u, hosts)
	if err != nil {
		return nil
	}
	return u
}

// dropTabsNewlines removes ASCII tabs and line breaks (see resolveLinkHosts).
var dropTabsNewlines = strings.NewReplacer("\t", "", "\n", "", "\r", "")

// selfPart reports whether href points at an element of the page itself
// ("#privacidade"): not a bare "#", and not a script's route ("#/privacy",
// "#!/privacy").
func selfPart(href string) bool {
	href = strings.TrimSpace(href)
	return len(href) > 1 && href[0] == '#' && !strings.ContainsAny(href[1:2], "/!") && len(href) <= maxInputLen
}

// hrefFragment returns the fragment of a link's href, unescaped: the id
// of the element it points at.
func hrefFragment(href string) string {
	i := strings.IndexByte(href, '#')
	if i < 0 {
		return ""
	}
	f := strings.TrimSpace(href[i+1:])
	if u, err := url.PathUnescape(f); err == nil {
		return u
	}
	return f
}

// urlWords returns the folded words of a URL's subdomain labels, path and
// query values: what a link's address says about where it leads.
func urlWords(u *url.URL) []string { return foldWords(urlText(u, nil)) }

// urlText is what urlWords folds: the subdomain labels, the path without
// its extension and the query values, separated by spaces. Most links have
// neither subdomain nor query: their text is their path, not copied.
func urlText(u *url.URL, m *hostMemo) string {
	host := u.Hostname()
	sub, ok := m.subdomain(host)
	if !ok {
		sub = subdomainOf(host)
		m.setSubdomain(host, sub)
	}
	p := u.Path
	if ext := path.Ext(p); ext != "" && len(ext) <= 6 {
		p = strings.TrimSuffix(p, ext)
	}
	if sub == "" && u.RawQuery == "" {
		return p
	}
	var parts []string
	if sub != "" {
		parts = append(parts, sub)
	}
	parts = append(parts, p)
	if u.RawQuery != "" {
		for _, vs := range u.Query() {
			parts = append(parts, vs...)
		}
	}
	return strings.Join(parts, " ")
}

// subdomainOf returns the labels of host before its registrable domain
// ("shop" of shop.example.co.uk); "" for none, and for an IP address.
func subdomainOf(host string) string {
	if _, err := netip.ParseAddr(host); err == nil {
		return "" // an IP address has no labels to read (and no registrable domain)
	}
	if etld1, err := publicsuffix.EffectiveTLDPlusOne(host); err == nil && etld1 != host {
		return strings.TrimSuffix(host, "."+etld1)
	}
	return ""
}

// hostMemo remembers, for the links of one page, what was worked out of
// each host: its checked ASCII form and its subdomain labels. A page's
// links mostly share one or two hosts, and the IDNA mapping, the IP parse
// and the public-suffix lookup of a host cost more than the rest of a
// link's scoring. A nil memo remembers nothing; the zero memo is ready.
type hostMemo struct {
	ascii map[string]asciiHost
	sub   map[string]string
	// The last host's subdomain, before the map: most links of a page
	// are on its own host.
	lastHost, lastSub string
}

func (m *hostMemo) subdomain(host string) (string, bool) {
	switch {
	case m == nil:
		return "", false
	case m.lastHost == host && host != "":
		return m.lastSub, true
	}
	s, ok := m.sub[host]
	return s, ok
}

func (m *hostMemo) setSubdomain(host, sub string) {
	if m == nil {
		return
	}
	if m.lastHost != "" {
		if m.sub == nil {
			m.sub = map[string]string{}
		}
		m.sub[m.lastHost] = m.lastSub
	}
	m.lastHost, m.lastSub = host, sub
}

// featureSegment returns the path segment that files u among a
// product's features (/features/privacy, /funktionen/datenschutz): a page
// there presents a feature, however it is titled.
func (w *Words) featureSegment(u *url.URL) string {
	for seg := range strings.SplitSeq(u.Path, "/") {
		if inPathSet(seg, w.feature) {
			return seg
		}
	}
	return ""
}

// inPathSet reports whether path segment seg folds to one word of set.
func inPathSet(seg string, set map[string]bool) bool {
	// One folded word (fold separates words by single spaces): no slice
	// of words to build for every segment of every link.
	f := fold(seg)
	return f != "" && strings.IndexByte(f, ' ') < 0 && set[f]
}

// blogSegment returns the path segment that marks u as an article.
func (w *Words) blogSegment(u *url.URL) string {
	for seg := range strings.SplitSeq(u.Path, "/") {
		if seg == "" {
			continue
		}
		if inPathSet(seg, w.blog) {
			return seg
		}
		// Dated paths: /2024/05/…
		if len(seg) == 4 && seg[0] >= '1' && seg[0] <= '2' && strings.Trim(seg, "0123456789") == "" && strings.Contains(u.Path, "/"+seg+"/") {
			rest := u.Path[strings.Index(u.Path, "/"+seg+"/")+len(seg)+2:]
			if len(rest) >= 3 && rest[0] >= '0' && rest[0] <= '9' {
				return seg
			}
		}
	}
	return ""
}

// primaryLang returns the primary subtag of a language tag, lower-case.
func primaryLang(tag string) string {
	tag = strings.ToLower(strings.TrimSpace(tag))
	if i := strings.IndexAny(tag, "-_"); i >= 0 {
		tag = tag[:i]
	}
	if len(tag) < 2 || len(tag) > 3 || strings.Trim(tag, "abcdefghijklmnopqrstuvwxyz") != "" {
		return ""
	}
	if tag == "nb" || tag == "nn" {
		return "no"
	}
	return tag
}

// sameSite reports whether a and b share a registrable domain.
func sameSite(a, b *url.URL) bool {
	return registrable(a.Hostname()) == registrable(b.Hostname())
}

func registrable(host string) string {
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if _, err := netip.ParseAddr(host); err == nil {
		// An IP address is its own site: EffectiveTLDPlusOne would say so
		// with an error, formatted with fmt at each of a vendor's calls.
		return host
	}
	if d, err := publicsuffix.EffectiveTLDPlusOne(host); err == nil {
		return d
	}
	return host
}

// reason is one line of a candidate's score: the points of a contribution
// and what earned them, formatted only for the role the candidate is
// reported under (a link's reasons are kept for its three roles, and most
// candidates are never reported at all).
type reason struct {
	points float64
	text   string
	scored bool // the text follows its points ("+60 link text …")
}

func (r reason) String() string {
	if r.scored {
		return pointsReason(r.points, r.text)
	}
	return r.text
}

// appendReasons appends the formatted reasons rs to out.
func appendReasons(out []string, rs []reason) []string {
	for _, r := range rs {
		out = append(out, r.String())
	}
	return out
}

// joinReasons formats reasons rs as one line, separated by "; ".
func joinReasons(rs []reason) string {
	var b strings.Builder
	for i, r := range rs {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(r.String())
	}
	return b.String()
}

// pointsReason formats a contribution as fmt's "%+g %s" would (a signed
// number of points, then the reason) without fmt's cost: every link of
// every page gets a few.
func pointsReason(points float64, reason string) string {
	// The number is formatted on the stack, and the line built in one
	// allocation.
	var num [32]byte
	n := num[:0]
	if (!math.Signbit(points) && !math.IsInf(points, 1)) || math.IsNaN(points) {
		n = append(n, '+')
	}
	n = strconv.AppendFloat(n, points, 'g', -1, 64)
	var b strings.Builder
	b.Grow(len(n) + 1 + len(reason))
	b.Write(n)
	b.WriteByte(' ')
	b.WriteString(reason)
	return b.String()
}

// platformPolicyHosts are the sites of platforms whose own privacy policy
// an app's or a small vendor's pages often link ("Apple's privacy
// policy", "Google Privacy Policy"): that policy is the platform's, not
// the vendor's, unless the vendor is that platform (the link stays on the
// page's own site). Their user-content hosts (docs.google.com,
// sites.google.com, github.io) are not the platforms' policies.
var platformPolicyHosts = map[string]bool{
	"apple.com": true, "google.com": true, "youtube.com": true, "facebook.com": true,
	"meta.com": true, "instagram.com": true, "whatsapp.com": true, "microsoft.com": true,
	"twitter.com": true, "x.com": true, "linkedin.com": true, "tiktok.com": true,
	"github.com": true, "paypal.com": true, "stripe.com": true, "amazon.com": true,
	"amazon.de": true, "amazon.fr": true, "amazon.es": true, "amazon.it": true,
	"amazon.nl": true, "amazon.co.uk": true, "amazon.com.br": true,
}

// platformPolicy reports the platform whose own privacy policy u is (see
// platformPolicyHosts), or "".
func platformPolicy(u *url.URL) string {
	host := strings.ToLower(u.Hostname())
	site := registrable(host)
	if !platformPolicyHosts[site] {
		return ""
	}
	switch host {
	case "docs.google.com", "sites.google.com", "drive.google.com", "gist.github.com":
		return "" // user content
	}
	p := strings.ToLower(u.EscapedPath() + "?" + u.RawQuery)
	if strings.HasPrefix(host, "policies.") || strings.HasPrefix(host, "privacy.") ||
		strings.Contains(p, "privacy") || strings.Contains(p, "policies") || strings.Contains(p, "datenschutz") {
		return site
	}
	return ""
}

// scorePlatformPolicy sets aside a link to a platform's own privacy policy
// from another site's page (see platformPolicyHosts).
func scorePlatformPolicy(_ *Words, l *linkInfo) []contribution {
	// The platform test first: it reads one registrable domain, the
	// same-site test two, and most links are on no platform.
	if l.page == nil {
		return nil
	}
	site := platformPolicy(l.u)
	if site == "" || sameSite(l.u, l.page) {
		return nil
	}
	why := "the platform's own policy (" + site + "), not the vendor's"
	return []contribution{{rolePolicy, -100, why}, {roleCookie, -100, why}}
}

// briefText reports whether a link's text is too short to name what it
// leads to ("HTML", "PDF", "Ansehen", "View"): one or two words of 16
// letters at most.
func briefText(text string) bool {
	return utf8.RuneCountInString(text) <= 16 && len(strings.Fields(text)) <= 2
}
