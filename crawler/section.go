package crawler

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
)

// A policy inside another page. Many small sites have no policy page of
// their own: their legal notice, imprint or terms page holds a part headed
// "Privacy", "Datenschutz" or "Política de privacidad:". When discovery
// finds no policy page, such a part, met on a page it followed from the
// site (a hub, or a page tried as the policy and rejected), is reported as
// the policy: the page's URL, with Page.Section naming the part, so that
// the analysis reads that part alone and the report says the site has no
// policy page of its own.

// Bounds of a policy section.
const (
	maxSectionHeadingWords = 8  // a heading names the part; a sentence does not
	minSectionWords        = 40 // as for a page linked as the policy (minNamedPolicyWords)
	minShortSectionWords   = 25 // two sentences, that speak of minSectionSubjects
	minSectionSubjects     = 2  // policy subjects (verifyCategories)
	minWordsBefore         = 20 // of other parts before it: the page is about more
	// maxSectionTries bounds the headings naming privacy that are read
	// (each part's words are counted, up to the page's text cap).
	maxSectionTries = 3
)

// A policySection is a privacy part found on a page that was not the
// policy, kept until discovery ends without a policy page.
type policySection struct {
	page    *Page
	chain   []Step
	heading string
	words   int
	how     string // how the page was reached, for the reason
}

// privacySection finds the first part of d whose heading (or heading-like
// block, see htmlDoc.marks) names privacy or the privacy policy, in a few
// words, over at least minSectionWords words of text, or a shorter part
// (minShortSectionWords) that speaks of minSectionSubjects of the things a
// policy states (data, purposes, rights…). The part runs to the next
// heading of its level or above, or to the site's footer; a heading-like
// block's part, to the next true heading. It must come after other parts
// of the page (the legal notice, the licence), minWordsBefore words at
// least: a page that opens with its "Privacy Policy" heading is a policy
// page, which the verification judged as a whole. It returns the heading
// and the part's word count.
func (w *Words) privacySection(d *htmlDoc) (heading string, words int, ok bool) {
	if d == nil {
		return "", 0, false
	}
	tries := 0
	for i, m := range d.marks {
		if i == 0 {
			continue
		}
		if tries == maxSectionTries {
			break
		}
		if !w.namesPrivacy(m.text) {
			continue
		}
		tries++
		end := d.partEnd(i, min(m.level, markPseudo-1))
		start, first := int(m.off), int(d.marks[0].off)
		if first > start || start > end || end > len(d.text) {
			continue
		}
		// (the last few KiB before the part hold enough words to tell)
		if len(appendWords(nil, fold(d.text[max(first, start-4096):start]))) < minWordsBefore {
			continue
		}
		// The heading's own words are not the part's.
		body := strings.TrimSpace(d.text[start:end])
		body = strings.TrimSpace(strings.TrimPrefix(body, m.text))
		words := appendWords(nil, fold(body))
		if subjects, ok := w.partReads(words); ok && w.partStates(d, subjects) {
			return m.text, len(words), true
		}
	}
	return "", 0, false
}

// partReads reports whether the words of a part of a page read as a
// privacy part: minSectionWords of them, or minShortSectionWords that
// speak of minSectionSubjects policy subjects. It returns the subjects the
// part speaks of, when it has minShortSectionWords words.
func (w *Words) partReads(words []string) (subjects []string, ok bool) {
	if len(words) < minShortSectionWords {
		return nil, false
	}
	for k, n := range w.verifyHits(words) {
		if n > 0 {
			subjects = append(subjects, verifyCategories[k])
		}
	}
	return subjects, len(words) >= minSectionWords || len(subjects) >= minSectionSubjects
}

// partStates reports whether a privacy part of page d that speaks of
// subjects states enough to be a policy: on a legal page (a legal notice,
// an imprint, terms; see legalPage), any part that reads as a privacy part
// does, its heading saying what it is; elsewhere (a product's features, a
// commitments page, a FAQ), the part must speak of minSectionSubjects
// policy subjects: "Privacy zones and privacy mode", 98 words on how long
// clips are kept, is the product's word on privacy, not its policy.
func (w *Words) partStates(d *htmlDoc, subjects []string) bool {
	return len(subjects) >= minSectionSubjects || w.legalPage(d)
}

// legalPage reports whether page d's title or first heading names a legal
// page: a legal notice, an imprint, a legal hub or terms.
func (w *Words) legalPage(d *htmlDoc) bool {
	for _, t := range []string{d.title, d.h1} {
		switch w.classifyText(t).class() {
		case classHub, classTerms:
			return true
		}
	}
	return false
}

// namesPrivacy reports whether heading names privacy or the privacy
// policy: the phrase that says so is most of its words ("Privacy",
// "4. Datenschutz", "Política de Privacidad:"), not a part of a longer
// title ("2. The personal data we collect", a policy's own subheading).
func (w *Words) namesPrivacy(heading string) bool {
	var words []string
	for _, x := range appendWords(nil, fold(heading)) {
		if strings.IndexFunc(x, unicode.IsLetter) >= 0 { // not a number
			words = append(words, x)
		}
	}
	if len(words) == 0 || len(words) > maxSectionHeadingWords {
		return false
	}
	m := w.classify(words, false)
	switch m.class() {
	case classPolicy, classPrivacy:
	default:
		return false
	}
	return 2*len(m.evidence().words) >= len(words)
}

// keepSection remembers the first privacy part of a page that was not the
// policy (see privacySection); it reports whether the page was kept, in
// which case its body must not be released.
func (s *session) keepSection(page *Page, doc *htmlDoc, chain []Step, how string) bool {
	if s.section != nil || page == nil || doc == nil {
		return false
	}
	if w := s.c.opts.Words; w.classifyText(doc.title).class() == classPolicy || w.classifyText(doc.h1).class() == classPolicy {
		// A page that calls itself the policy was judged as a whole.
		return false
	}
	h, n, ok := s.c.opts.Words.privacySection(doc)
	if !ok {
		return false
	}
	s.section = &policySection{page: page, chain: chain, heading: h, words: n, how: how}
	s.notes = append(s.notes, fmt.Sprintf("%s holds a privacy part, %q (%d words)", page.URL, h, n))
	return true
}

// takeSection reports the privacy part kept, when discovery ended without
// a policy page, its cascade complete (a page it did not reach may be the
// policy), and nothing settled the status (a broken policy link,
// robots.txt).
func (s *session) takeSection() bool {
	ps := s.section
	if ps == nil || s.res.Policy != nil || s.fail != nil || s.out() {
		return false
	}
	ps.page.Role = RolePolicy
	ps.page.Section = ps.heading
	s.res.Policy = ps.page
	s.res.DiscoveredVia = ps.chain
	s.res.Status = StatusFound
	s.res.Reason = fmt.Sprintf("found as the part %q (%d words) of %s, %s; the site has no policy page of its own",
		ps.heading, ps.words, ps.page.URL, ps.how)
	s.res.Warnings = append(s.res.Warnings, fmt.Sprintf("no privacy policy page: the policy is the part %q of %s", ps.heading, ps.page.URL))
	return true
}

// A fragmentPolicy is the part of a page a policy link's fragment points
// at: the element with the id, or, when heading is set, the part that
// heading opens.
type fragmentPolicy struct {
	id, heading string
	why         string
}

// fragmentPart reads the part of page d that a policy link's fragment
// points at ("rechtliches.html#datenschutz", the link's words, linkText,
// naming privacy): the element with that id, or, when it is a heading,
// the part the heading opens (see partEnd). It is the policy when it reads
// as a privacy part (see partReads) and is not most of the page, which the
// check then reads as a whole; on a page that calls itself the policy or
// privacy, the fragment is only where the link opens it.
func (w *Words) fragmentPart(d *htmlDoc, fragment, linkText string) (fragmentPolicy, bool) {
	if d == nil || fragment == "" {
		return fragmentPolicy{}, false
	}
	if namesPolicy(w.classifyText(d.title).class()) || namesPolicy(w.classifyText(d.h1).class()) {
		// A page that calls itself the policy, or privacy, is the
		// policy, whichever of its parts the link opens it at ("Your
		// data" to privacy#your-data).
		return fragmentPolicy{}, false
	}
	i := slices.IndexFunc(d.ids, func(s idSpan) bool { return s.id == fragment })
	if i < 0 {
		return fragmentPolicy{}, false
	}
	sp := d.ids[i]
	start, end := int(sp.start), int(sp.end)
	heading := ""
	if sp.heading {
		// The heading's part: from its mark to the next of its level.
		// (a heading in a header, footer or navigation has no mark: no
		// part of the page's own)
		j := slices.IndexFunc(d.marks, func(m textMark) bool { return int(m.off) == start && m.level < markPseudo })
		if j < 0 {
			return fragmentPolicy{}, false
		}
		heading, end = d.marks[j].text, d.partEnd(j, d.marks[j].level)
	} else if j := slices.IndexFunc(d.marks, func(m textMark) bool { return int(m.off) >= start }); j >= 0 &&
		strings.TrimSpace(d.text[start:min(int(d.marks[j].off), end)]) == "" && int(d.marks[j].off) < end && d.marks[j].level < markPseudo {
		// An element that opens on a heading (<section id="privacidade">
		// <h2>…): the heading names the part.
		heading = d.marks[j].text
	}
	if start < 0 || start > end || end > len(d.text) {
		return fragmentPolicy{}, false
	}
	words := appendWords(nil, fold(d.text[start:end]))
	subjects, ok := w.partReads(words)
	if !ok || 10*len(words) >= 9*len(appendWords(nil, fold(d.text))) {
		return fragmentPolicy{}, false
	}
	if len(subjects) == 0 && (heading == "" || !w.namesPrivacy(heading)) {
		// Not headed "Privacy" and speaking of nothing a policy states: a
		// product's or a FAQ's word on privacy ("Your family, your
		// privacy": no social network, no camera but in calls), which a
		// link named for privacy may point at too.
		return fragmentPolicy{}, false
	}
	if !w.partStates(d, subjects) {
		return fragmentPolicy{}, false
	}
	covers := ""
	if len(subjects) > 0 {
		covers = " covering " + strings.Join(subjects, ", ")
	}
	fp := fragmentPolicy{id: fragment, heading: heading, why: fmt.Sprintf("the part #%s that the link %q points at (%d words%s)", fragment, linkText, len(words), covers)}
	if heading != "" {
		fp.why = fmt.Sprintf("the part %q that the link %q points at (#%s, %d words%s)", heading, linkText, fragment, len(words), covers)
	}
	return fp, true
}

// partEnd returns where the part that mark i opens ends in the page's
// text: at the next mark of level or above, or at the site's footer, which
// is no part of the page's parts.
func (d *htmlDoc) partEnd(i int, level int8) int {
	end := len(d.text)
	if f := int(d.footerAt); f > int(d.marks[i].off) && f < end {
		end = f
	}
	for _, n := range d.marks[i+1:] {
		if int(n.off) >= end {
			break
		}
		if n.level <= level {
			return int(n.off)
		}
	}
	return end
}

// A thinPolicy is a page that a privacy link leads to and whose title
// names privacy, rejected because it covers too few of a policy's
// subjects (a short bilingual "Privacy" page: no cookies, nothing sent,
// e-mails answered). When discovery finds no policy and no privacy part,
// it is the site's privacy statement, however thin: the audit reports
// what it lacks, which is the point, rather than no policy at all.
type thinPolicy struct {
	cand     *cand
	page     *Page
	chain    []Step
	desc     string
	title    string
	words    int
	subjects []string
}

// keepThin remembers the best rejected candidate that is a thin privacy
// page (see readsThin), from sig, the built-in check's reading of it: the
// one covering the most subjects, then the longest. It reports whether the
// page was kept, in which case its body must not be released. Without sig
// (a pipeline's own check, Options.Verify, decides alone) nothing is kept.
func (s *session) keepThin(c *cand, page *Page, sig *pageSignals, chain []Step, desc string) bool {
	if page == nil || sig == nil || !namesPolicy(c.class) {
		return false
	}
	if !readsThin(sig) {
		return false
	}
	subjects := sig.covered()
	if t := s.thin; t != nil && (len(t.subjects) > len(subjects) || len(t.subjects) == len(subjects) && t.words >= sig.words) {
		return false
	}
	title := sig.title
	if !namesPolicy(sig.titleClass) {
		title = sig.h1
	}
	s.thin = &thinPolicy{cand: c, page: page, chain: chain, desc: desc, title: title, words: sig.words, subjects: subjects}
	return true
}

// readsThin reports whether a page, reached through a privacy link, is a
// thin privacy page: an HTML page whose title or main heading names
// privacy, with the words of a short policy (minPolicyWords), that speaks
// of at least one policy subject and reads neither as an article nor as
// a settings page nor as a product page, by a price or by an address
// among the product's features, that does not say the policy is not
// published yet, and that calls itself by the privacy word and little
// else (namesBare). (A consent form, a cookie-settings panel or a product
// page titled "Privacy" holds a few dozen words; a raw text file titled
// so may be a README.)
func readsThin(s *pageSignals) bool {
	switch {
	case s.kind != "html":
		return false
	case !namesPolicy(s.titleClass) && !namesPolicy(s.h1Class):
		return false
	case s.article || s.selling || s.feature || s.audience != "" || s.titleClass == classAction || s.h1Class == classAction:
		return false
	case s.placeholder:
		// a page that says the policy is not published yet
		return false
	case !s.bareName:
		return false
	}
	return s.words >= minPolicyWords && len(s.covered()) >= 1
}

// namesBare reports whether a part of a page's title or main heading
// names privacy and little else, as a thin notice calls itself
// ("Privacy", "Privacidade — QuadroRápido", "Privacy & Cookies", "Your
// privacy at Acme"), unlike a page about a feature's privacy
// ("Confidentialité de vos trajets", "Prywatność w aplikacji Iskrio",
// "Integritet i fokus"). Parts are split at the separators titles put
// before a site's name; words of three letters or fewer ("at", "de",
// "und"), words of the site's host name and words of the title's other
// parts (the site's name again) do not count.
func (w *Words) namesBare(title, host string) bool {
	parts := strings.FieldsFunc(title, isTitleSeparator)
	folded := make([][]string, len(parts))
	for i, part := range parts {
		folded[i] = foldWords(part)
	}
	for i, words := range folded {
		if !namesPolicy(w.classify(words, false).class()) {
			continue
		}
		var found []*phrase
		w.classAll.find(words, false, func(p *phrase) { found = append(found, p) })
		named := func(x string) bool {
			if len(x) <= 3 || strings.Contains(host, x) || slices.ContainsFunc(found, func(p *phrase) bool { return p.hasWord(x) }) {
				return true
			}
			for j, other := range folded {
				if j != i && slices.Contains(other, x) {
					return true
				}
			}
			return false
		}
		if !slices.ContainsFunc(words, func(x string) bool { return !named(x) }) {
			return true
		}
	}
	return false
}

// isTitleSeparator reports the runes that part a title from a site's
// name ("Privacy | Acme", "Privacidade — QuadroRápido").
func isTitleSeparator(r rune) bool {
	switch r {
	case '|', '–', '—', '·', '•', ':', '/', '»', '«':
		return true
	}
	return false
}

// hasWord reports whether word x is one of the phrase's words (a prefix
// word matching any word that starts with it).
func (p *phrase) hasWord(x string) bool {
	for i, pw := range p.words {
		if pw == x || p.prefix[i] && strings.HasPrefix(x, pw) {
			return true
		}
	}
	return false
}

// takeThin reports the thin privacy page kept, under the same conditions
// as takeSection.
func (s *session) takeThin() bool {
	tp := s.thin
	if tp == nil || s.res.Policy != nil || s.fail != nil || s.out() {
		return false
	}
	tp.page.Role = RolePolicy
	tp.cand.outcome = "chosen: a thin privacy page, the site having no fuller policy"
	s.policyBy = tp.cand
	s.res.Policy = tp.page
	s.res.DiscoveredVia = tp.chain
	s.res.Status = StatusFound
	s.res.Reason = fmt.Sprintf("found through the %s: linked and titled %q as privacy, %d words covering only %d of %d policy subjects (%s); the site has no fuller policy",
		tp.desc, tp.title, tp.words, len(tp.subjects), len(verifyCategories), strings.Join(tp.subjects, ", "))
	s.res.Warnings = append(s.res.Warnings, fmt.Sprintf("a thin privacy page: %s covers only %d of the %d subjects the crawler's check looks for", tp.page.URL, len(tp.subjects), len(verifyCategories)))
	return true
}
