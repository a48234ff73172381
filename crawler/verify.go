package crawler

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
)

// The built-in check that a fetched page reads like a privacy policy (or a
// cookie policy). The pipeline may supply a better one (Options.Verify,
// backed by the analyzer and the rules); this one needs only the link-words
// file: a policy-like title, enough text, and the vocabulary of enough of
// the things a policy states (controller, data, purposes, legal basis,
// recipients, rights, retention, security, cookies, children, contact).

// Thresholds of the built-in check.
const (
	minPolicyWords      = 120 // below: too short to be a policy
	minNamedPolicyWords = 40  // the same, for a page linked or titled as the policy
	maxSummaryWords     = 400 // below: a privacy page that links the policy is a centre or a summary
	minStubWords        = 8   // a page linked and titled as the policy: a stub, not an empty page
	minCategoriesTitled = 5   // with a policy title
	minCategoriesBare   = 7   // without one
	minCategoriesThin   = 3   // linked or titled as the policy itself, data among them
	minWordsBare        = 400
	minCookieWords      = 80
	minCookieMentions   = 3
)

// stubReason opens the reason of a page taken as a stub policy.
const stubReason = "a stub"

// pageSignals is what the check looks at, computed once per page.
type pageSignals struct {
	kind       string // html, pdf, text, xml, other
	title      string // <title>, else the first heading
	h1         string
	titleClass linkClass
	titleM     matchSet
	h1Class    linkClass
	words      int
	hits       []int // phrases found, by index in verifyCategories
	article    bool
	// linksPolicy: the page links another page of its site by the policy's
	// name ("Privacy Policy"): a privacy centre or a summary, when it is
	// shorter than a policy.
	linksPolicy bool
	// notFound: its title or main heading says the page was not found (a
	// server that answers 200 for any path).
	notFound bool
	// thin is set by verifyPolicy when it takes the page as the policy
	// for its link and title alone, though it covers little (a stub, a
	// thin policy): the page's other policy links are tried first (see
	// session.tryPolicies).
	thin bool
	// selling: a link in the page's own text (not its menus or footer)
	// names a price ("Buy the kit – 79 €"): a product page.
	selling bool
	// feature: the page's address files it among the product's features
	// (/features/privacy): a product page, however it is titled.
	feature bool
	// bareName: its title or main heading names privacy and little else
	// (namesBare), as a thin notice does.
	bareName bool
	// audience: the words of its title or main heading that name the
	// people another notice than the users' is for (otherAudience).
	audience string
	// full: the full policy that a short first layer links (fullPolicyLink);
	// on a short page titled as the policy or as privacy that offers its
	// language versions, the version in its own language (languageChoice);
	// or the frame a short page shows (frameOf). layer says which.
	full  *anchor
	layer layerKind
	// supplement: the words of its title or main heading that name a
	// notice for one state's residents ("California Privacy Notice"),
	// which supplements the policy it links.
	supplement string
	// placeholder: the text of a short page (maxSummaryWords) says the
	// policy is not published yet ("currently being updated and will be
	// published here shortly").
	placeholder bool
}

// hit returns the phrases found of a verify category.
func (s *pageSignals) hit(category string) int {
	if i := slices.Index(verifyCategories, category); i >= 0 && i < len(s.hits) {
		return s.hits[i]
	}
	return 0
}

func (w *Words) signals(p *Page, d *htmlDoc) *pageSignals {
	s := &pageSignals{kind: sniffKind(p.ContentType, p.Body)}
	if d == nil {
		return s
	}
	s.title = d.title
	if s.title == "" && len(d.headings) > 0 {
		s.title = d.headings[0]
	}
	s.titleM = w.classifyText(d.title)
	s.titleClass = s.titleM.class()
	s.h1, s.h1Class = d.h1, w.classifyText(d.h1).class()
	// The page's words are needed only for counting: they go in a
	// slice used again by the next page.
	buf := wordBufs.Get().(*[]string)
	words := appendWords((*buf)[:0], fold(d.text))
	s.words = len(words)
	s.hits = w.verifyHits(words)
	if s.words < maxSummaryWords {
		s.placeholder = hasPhrase(w.placeholder, words)
	}
	clear(words)
	*buf = words[:0]
	wordBufs.Put(buf)
	s.article = d.ogType == "article" || (d.articles > 0 && d.times > 0)
	s.notFound = saysNotFound(d.title) || saysNotFound(d.h1)
	s.selling = sellsAtPrice(d.anchors)
	host := ""
	u := pageURL(p)
	if u != nil {
		// An address among the blog's posts makes an article too.
		s.article = s.article || w.blogSegment(u) != ""
		s.feature = w.featureSegment(u) != ""
		host = fold(u.Hostname())
	}
	s.bareName = w.namesBare(d.title, host) || w.namesBare(d.h1, host)
	if s.audience = w.otherAudience(d.title); s.audience == "" {
		s.audience = w.otherAudience(d.h1)
	}
	if s.supplement = firstPhrase(w.supplement, d.title); s.supplement == "" {
		s.supplement = firstPhrase(w.supplement, d.h1)
	}
	if s.words < maxSummaryWords {
		s.full = w.fullPolicyLink(p, d)
		titled := namesPolicy(s.titleClass) || namesPolicy(s.h1Class)
		if s.full == nil && u != nil && titled {
			if s.full = languageChoice(u, d); s.full != nil {
				s.layer = layerChooser
			}
		}
		if s.full == nil && u != nil {
			if s.full = frameOf(u, d); s.full != nil {
				s.layer = layerFrame
			}
		}
		if s.full == nil && u != nil && s.words < minNamedPolicyWords && titled {
			// A stub titled as the policy that sends the reader on, by a
			// script and a "click here" link, to the page that holds it.
			s.full = onlyLink(u, d)
		}
	}
	if s.words < minPolicyWords || s.titleClass != classPolicy && s.h1Class != classPolicy || s.supplement != "" {
		// (read only of a page shorter than a policy, or one that does
		// not call itself the policy: see verifyPolicy)
		s.linksPolicy = w.linksPolicy(p, d)
	}
	return s
}

// fullPolicyLink returns the link, in the text of a short page, to another
// page of its site that names the privacy policy ("our Política de
// Tratamiento de Datos Personales"), or, when the page's title or main
// heading calls it a policy's first layer or summary ("Política de
// privacidad – Información básica", "Privacy at a glance"), that calls it
// the full policy or its further information ("información adicional y
// detallada sobre protección de datos", "read the full privacy notice"): a
// layered notice, or a short notice that points to the policy, whose full
// text is the policy. nil when there is none.
func (w *Words) fullPolicyLink(p *Page, d *htmlDoc) *anchor {
	base := pageURL(p)
	if base == nil {
		return nil
	}
	summary := mentions(w.summary, d.title) || mentions(w.summary, d.h1)
	var offsite *anchor
	for _, a := range d.anchors {
		if a.region != regionBody {
			continue
		}
		// A short notice's pointer to the policy by its name ("Puedes
		// consultar la política completa en nuestra Política de
		// Tratamiento de Datos Personales"), a first layer's to its
		// further information, or a list of the policy's versions' to the
		// one in force ("Consultar a versão em vigor").
		name := w.linkName(d, a)
		named := w.classifyText(name).class() == classPolicy
		if !named && !(summary && mentions(w.full, name)) && !mentions(w.current, name) {
			continue
		}
		u := resolveLink(base, a.href)
		switch {
		case u == nil:
		case sameSite(u, base):
			if !samePage(u, base) {
				return a
			}
		case named && offsite == nil:
			// A short notice may name the full policy published on
			// another host (a document or policy-hosting service): the
			// link must name the policy itself, and the page it leads to
			// must name the vendor (see secondLayer). A link on its own
			// site comes first.
			offsite = a
		}
	}
	return offsite
}

// onlyLink returns the one link of the page's own text to another page
// of its site (not its home page), nil when there is none or more than
// one.
func onlyLink(base *url.URL, d *htmlDoc) *anchor {
	var one *anchor
	var to string // where one leads
	for _, a := range d.anchors {
		if a.region != regionBody {
			continue
		}
		u := resolveLink(base, a.href)
		if u == nil || !sameSite(u, base) || samePage(u, base) || strings.Trim(u.Path, "/") == "" {
			continue
		}
		if one != nil && u.String() != to {
			return nil
		}
		one, to = a, u.String()
	}
	return one
}

// layerKind is how a short page leads to the policy's text (see
// pageSignals.full).
type layerKind uint8

const (
	layerFull    layerKind = iota // it links the full text
	layerChooser                  // it offers the policy's language versions
	layerFrame                    // it shows the text in a frame
)

// frameOf returns the first frame of the page's own text (d.frames) that
// holds a page of its site: a short page that shows its policy in an
// <iframe>. nil when there is none.
func frameOf(base *url.URL, d *htmlDoc) *anchor {
	for _, src := range d.frames {
		if u := resolveLink(base, src); u != nil && sameSite(u, base) && !samePage(u, base) {
			return &anchor{href: src, region: regionBody}
		}
	}
	return nil
}

// languageChoice returns, on a page that offers the same text in several
// languages (links of two languages or more in its own text, each marked
// with hreflang: "Deutsch · Français · Italiano · English" under the title
// "Datenschutz"), the link to the version in the page's own language
// (<html lang>), on its site. nil when the page offers no such choice.
func languageChoice(base *url.URL, d *htmlDoc) *anchor {
	own := primaryLang(d.lang)
	if own == "" {
		return nil
	}
	var pick *anchor
	langs := map[string]bool{}
	for _, a := range d.anchors {
		l := primaryLang(a.hreflang)
		if a.region != regionBody || l == "" {
			continue
		}
		u := resolveLink(base, a.href)
		if u == nil || !sameSite(u, base) || samePage(u, base) {
			continue
		}
		langs[l] = true
		if l == own && pick == nil {
			pick = a
		}
	}
	if len(langs) < 2 {
		return nil
	}
	return pick
}

// linkName is what names the link a of page d: its text, read after its
// table row's or card's when that text is brief and names nothing itself
// ("HTML", an empty stretched link under "Datenschutzerklärung": see
// htmlDoc.rowText).
func (w *Words) linkName(d *htmlDoc, a *anchor) string {
	if row := d.briefRow(a); row != "" && w.classifyText(a.text).class() == classNone {
		return row + " " + a.text
	}
	return a.text
}

// linksPolicy reports whether the page links another page of its site by
// the policy's name ("Privacy Policy"). A PDF is another document: a
// club's statement may link its federation's general policy.
func (w *Words) linksPolicy(p *Page, d *htmlDoc) bool {
	base := pageURL(p)
	if base == nil {
		return false
	}
	for _, a := range d.anchors {
		if w.classifyText(w.linkName(d, a)).class() != classPolicy {
			continue
		}
		if u := resolveLink(base, a.href); u != nil && sameSite(u, base) && !samePage(u, base) &&
			!strings.HasSuffix(strings.ToLower(u.Path), ".pdf") {
			return true
		}
	}
	return false
}

// pageURL returns the address a page was read from (after redirects), or
// nil when it has none with a host.
func pageURL(p *Page) *url.URL {
	u, _ := url.Parse(p.FinalURL)
	if u == nil || u.Host == "" {
		u, _ = url.Parse(p.URL)
	}
	if u == nil || u.Host == "" {
		return nil
	}
	return u
}

// samePage reports whether u is the page at base however its address
// ends (a trailing slash, an index file), or a template's relative link
// to it that repeats its folder ("privacy/index.html" on /privacy/index.html).
func samePage(u, base *url.URL) bool {
	trim := func(p string) string {
		p = strings.TrimSuffix(strings.TrimSuffix(p, "index.html"), "index.htm")
		return strings.TrimSuffix(p, "/")
	}
	a, b := trim(u.Path), trim(base.Path)
	return a == b || b != "" && strings.HasSuffix(a, b)
}

// priceRE matches a price: an amount with a currency sign or code before
// or after it ("79 €", "€ 89", "$99", "£49.99", "CHF 120", "349 kr", "R$ 99").
var priceRE = regexp.MustCompile(`(?i)(?:[€$£¥]|\b(?:eur|usd|gbp|chf|r\$))\s?\d{1,5}(?:[.,]\d{2})?\b|\b\d{1,5}(?:[.,]\d{2})?\s?(?:€|\$|£|\b(?:eur|usd|gbp|chf|kr|zł|zl|kč)\b)`)

// sellsAtPrice reports whether a link of the page's own text (not of its
// menus, header or footer) names a price: a shop's button.
func sellsAtPrice(anchors []*anchor) bool {
	for _, a := range anchors {
		if a.region == regionBody && priceRE.MatchString(a.text) {
			return true
		}
	}
	return false
}

// notFoundWords are the folded words of a "not found" page's title.
var notFoundWords = []string{"not found", "404", "page introuvable", "introuvable", "nicht gefunden",
	"no encontrada", "no encontrado", "non trovata", "non trovato", "niet gevonden",
	"nao encontrada", "nao encontrado", "page does not exist"}

// saysNotFound reports whether a title or heading says the page was not
// found.
func saysNotFound(t string) bool {
	if t == "" {
		return false
	}
	f := " " + strings.Join(appendWords(nil, fold(t)), " ") + " "
	for _, w := range notFoundWords {
		if strings.Contains(f, " "+w+" ") {
			return true
		}
	}
	return false
}

// wordBufs holds word slices for signals.
var wordBufs = sync.Pool{New: func() any { return new([]string) }}

func namesPolicy(c linkClass) bool { return c == classPolicy || c == classPrivacy }

// covered lists the categories with at least one hit, sorted.
func (s *pageSignals) covered() []string {
	out := make([]string, 0, len(s.hits))
	for i, n := range s.hits {
		if n > 0 {
			out = append(out, verifyCategories[i])
		}
	}
	sort.Strings(out)
	return out
}

// verifyPolicy decides whether a page reads like a privacy policy.
// strongLink is true when the link itself named the policy (used for PDFs,
// which this check cannot read).
func verifyPolicy(s *pageSignals, strongLink bool) (bool, string) {
	switch s.kind {
	case "pdf", "office":
		what := docName(s.kind)
		if strongLink {
			return true, "a " + what + " linked as the privacy policy (the built-in check does not read " + what + "s)"
		}
		return false, "a " + what + " not linked as the privacy policy (the built-in check does not read " + what + "s)"
	case "html", "text":
	default:
		return false, "not a document (content type is neither HTML, text, PDF nor a word-processor document)"
	}
	if s.notFound {
		return false, fmt.Sprintf("a page not found (title %q)", s.title)
	}
	if s.audience != "" {
		// A notice for job applicants, staff or people filmed, which a
		// privacy centre or a careers page lists beside the policy.
		return false, fmt.Sprintf("a privacy notice for other people than the service's users (%q in %q)", s.audience, s.policyTitle())
	}
	if s.supplement != "" && s.linksPolicy {
		// A state's supplement ("California Privacy Notice") that links
		// the policy it supplements: that policy is the one sought.
		return false, fmt.Sprintf("a notice for one state's residents (%q in %q) that links the policy it supplements", s.supplement, s.policyTitle())
	}
	titled := namesPolicy(s.titleClass) || namesPolicy(s.h1Class)
	named := strongLink || s.titleClass == classPolicy || s.h1Class == classPolicy
	cats := s.covered()
	if s.placeholder && (s.words < minPolicyWords || len(cats) < minCategoriesThin) {
		// Linked and titled as the policy, but saying that the policy is
		// being written or updated and covering little: the policy is not
		// published, which is what the audit must report.
		return false, fmt.Sprintf("a placeholder (title %q): its text says the policy is not published yet, and it covers %d of %d policy subjects",
			s.title, len(cats), len(verifyCategories))
	}
	minWords := minPolicyWords
	if named {
		// A page linked or titled as the privacy policy may be a short one.
		minWords = minNamedPolicyWords
	}
	switch {
	case s.words < minWords && strongLink && (s.titleClass == classPolicy || s.h1Class == classPolicy) && s.words >= minStubWords:
		// Linked and titled as the policy, yet a line or two ("this site
		// is hosted by GitHub: see GitHub's privacy statement"): that is
		// the vendor's policy, and that it says nothing is what the audit
		// must report.
		s.thin = true
		return true, fmt.Sprintf("%s: linked and titled %q as the privacy policy, but only %d words", stubReason, s.policyTitle(), s.words)
	case s.words < minWords:
		return false, fmt.Sprintf("too short for a policy (%d words)", s.words)
	case !titled && (s.titleClass == classTerms || s.h1Class == classTerms):
		return false, fmt.Sprintf("reads like terms of service (title %q)", s.title)
	case !titled && (s.titleClass == classAction || s.h1Class == classAction):
		return false, fmt.Sprintf("a settings or request page (title %q)", s.title)
	case s.article && s.titleClass != classPolicy:
		return false, fmt.Sprintf("reads like an article (title %q), not a policy", s.title)
	case s.selling && len(cats) < minCategoriesTitled:
		// A page about privacy that sells the product ("Your data stay
		// home … Buy the kit – 79 €"): a product page, not a short notice.
		return false, fmt.Sprintf("a product page (title %q): a link in its text sells at a price, and it covers only %d of %d policy subjects",
			s.title, len(cats), len(verifyCategories))
	case s.linksPolicy && s.words < maxSummaryWords && s.titleClass != classPolicy && s.h1Class != classPolicy:
		// Short, not titled as the policy, and linking the policy by its
		// name: a privacy centre or a summary, whatever it touches on in
		// a line per link ("Central de Privacidade": your rights, cookies,
		// the DPO…); the policy is the page it links. (Should that page
		// fail, this one is still kept as a thin privacy page.)
		return false, fmt.Sprintf("a privacy page (title %q) of %d words, not titled as the policy, that links the policy itself",
			s.title, s.words)
	case titled && len(cats) >= minCategoriesTitled:
		return true, fmt.Sprintf("%s names a privacy policy; %d words covering %d of %d policy subjects (%s)",
			s.naming(), s.words, len(cats), len(verifyCategories), strings.Join(cats, ", "))
	case named && len(cats) >= minCategoriesThin && slices.Contains(cats, "data") && s.linksPolicy && s.words < minPolicyWords:
		// A privacy centre or a summary that links the policy itself:
		// that page is the policy, not this one.
		return false, fmt.Sprintf("a privacy page (title %q) that links the policy itself; %d words covering %d of %d policy subjects",
			s.title, s.words, len(cats), len(verifyCategories))
	case named && s.linksPolicy && s.titleClass != classPolicy && s.h1Class != classPolicy && len(cats) < minCategoriesTitled:
		// A page about privacy that does not call itself the policy, says
		// little of what one states, and links the policy by its name (a
		// support article, a summary): the policy is the page it links.
		return false, fmt.Sprintf("a page about privacy (title %q) that links the policy itself and covers only %d of %d policy subjects",
			s.title, len(cats), len(verifyCategories))
	case strongLink && (s.titleClass == classPolicy || s.h1Class == classPolicy) && !s.linksPolicy && len(cats) < minCategoriesThin:
		// Linked and titled as the policy, and longer than a stub, yet
		// covering little ("no data is collected"): the vendor's policy,
		// as a stub is.
		s.thin = true
		return true, fmt.Sprintf("linked and titled %q as the privacy policy; %d words covering only %d of %d policy subjects (%s)",
			s.policyTitle(), s.words, len(cats), len(verifyCategories), strings.Join(cats, ", "))
	case named && len(cats) >= minCategoriesThin && slices.Contains(cats, "data"):
		// A thin policy is still the vendor's policy: that it says little
		// is what the audit must report, not a reason to look elsewhere.
		s.thin = true
		return true, fmt.Sprintf("linked and titled %q as a privacy policy; %d words covering only %d of %d policy subjects (%s)",
			s.title, s.words, len(cats), len(verifyCategories), strings.Join(cats, ", "))
	case len(cats) >= minCategoriesBare && s.words >= minWordsBare:
		return true, fmt.Sprintf("%d words covering %d of %d policy subjects (%s), though the title %q does not name a policy",
			s.words, len(cats), len(verifyCategories), strings.Join(cats, ", "), s.title)
	case titled && named:
		return false, fmt.Sprintf("%s names privacy but the page covers only %d of %d policy subjects (%s); %d needed, data among them, for a page linked or titled as the policy",
			s.naming(), len(cats), len(verifyCategories), strings.Join(cats, ", "), minCategoriesThin)
	case titled:
		return false, fmt.Sprintf("%s names privacy but the page covers only %d of %d policy subjects (%s); %d needed",
			s.naming(), len(cats), len(verifyCategories), strings.Join(cats, ", "), minCategoriesTitled)
	}
	return false, fmt.Sprintf("title %q does not name a policy and the page covers %d of %d policy subjects (%s); %d needed",
		s.title, len(cats), len(verifyCategories), strings.Join(cats, ", "), minCategoriesBare)
}

// naming quotes what names the page as the policy or as privacy: its
// title (`title "Privacy Notice"`), else its main heading, when the title
// names neither (`main heading "Aviso de Privacidade"` under a title left
// from another page).
func (s *pageSignals) naming() string {
	if !namesPolicy(s.titleClass) && namesPolicy(s.h1Class) {
		return fmt.Sprintf("main heading %q", s.h1)
	}
	return fmt.Sprintf("title %q", s.title)
}

// policyTitle is the page's title, or its h1 when the h1, not the
// title, names the policy.
func (s *pageSignals) policyTitle() string {
	if s.titleClass != classPolicy && s.h1Class == classPolicy {
		return s.h1
	}
	return s.title
}

// verifyCookiePolicy decides whether a page reads like a cookie policy.
func verifyCookiePolicy(s *pageSignals, strongLink bool) (bool, string) {
	switch s.kind {
	case "pdf", "office":
		return strongLink, "a " + docName(s.kind) + " linked as the cookie policy (the built-in check does not read " + docName(s.kind) + "s)"
	case "html", "text":
	default:
		return false, "not a document"
	}
	titled := s.titleClass == classCookiePolicy || s.titleClass == classPolicy ||
		s.h1Class == classCookiePolicy || s.h1Class == classPolicy
	switch {
	case s.titleClass == classAction || s.h1Class == classAction:
		return false, fmt.Sprintf("a cookie settings page (title %q)", s.title)
	case s.words < minCookieWords:
		return false, fmt.Sprintf("too short for a cookie policy (%d words)", s.words)
	case !titled:
		return false, fmt.Sprintf("title %q does not name a cookie policy", s.title)
	case s.hit("cookies") < minCookieMentions:
		return false, fmt.Sprintf("mentions cookies %d times", s.hit("cookies"))
	}
	return true, fmt.Sprintf("title %q names a cookie policy; %d words, cookies mentioned %d times", s.title, s.words, s.hit("cookies"))
}

// docName names a document kind the built-in check cannot read.
func docName(kind string) string {
	if kind == "office" {
		return "word-processor document"
	}
	return "PDF"
}
