package rules

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Passage vetoes. A rule's (or a topic's) passage_unless patterns look at
// what a passage is about rather than at the sentence a rule fires on: the
// headings of its section (every level of the path), the header label of a
// table cell, and the passage's opening (where a heading run into the
// text, "California privacy rights: …", or a topic sentence sits).
// When one matches, the rule (every rule of the topic) fires on no
// sentence of the passage. A passage is one segment of the document: a
// paragraph, a list item, a table cell, or a whole OPP-115 or MAPP
// segment.
//
// The opening of a passage is its first sentence, read whole. Where the
// heading markup is lost (plain text, PDF, HTML styled without headings,
// the OPP-115 and MAPP segments), a short heading is often run into the
// passage, and the passage's own topic sentence comes after it:
//
//   - a heading that is a sentence of its own, "Cookies. We may set…",
//     "How do we use your data? We…": when the first sentence reads as a
//     heading (leadShape), the second is read too, ^ anchoring at its start;
//   - a label closed by a colon, "Email address: we use…": when the text
//     before the colon reads as a heading, the text after it is read too,
//     ^ anchoring right after the colon.
//
// The label or heading itself is read as the first sentence is, so a veto
// that names it ("^ security") holds as under a real heading.
//
// The vetoes a heading sets are read with its cues, once per heading text
// (headingOf); those of the first sentence right after it is scanned,
// before any hit of the passage is kept, so the pruning of decided rules
// (decided.go) only ever sees hits that stand. When the first sentence
// reads as a heading, the second may still veto a rule that fired on the
// first: the first sentence's hits are then held (passageScope.held: not
// settled) until the second has been read, and the filter drops the
// vetoed rules' hits of both.

// passageVetoes are a pack's passage vetoes: the group of each, by ordinal
// (Rule.passageUnless and Topic.passageUnless hold the ordinal, -1 for
// none).
type passageVetoes struct {
	groups []int
	// anchored: some veto has a pattern anchored with ^.
	anchored bool
}

// passageScope is a matcher's state of passage vetoes: per ordinal, whether
// the current section's headings (sec) or the current passage (seg) set it.
type passageScope struct {
	sec, seg []bool
	// any: some veto of the current passage is set.
	any bool
	// base is the index of the passage's first hit; held says the first
	// sentence reads as a heading and the second is still to be read for
	// vetoes: the passage's hits may not be settled yet (collectWith).
	base int
	held bool
}

// compilePassageUnless compiles the passage_unless patterns of a rule
// (rule >= 0) or a topic into a new veto and returns its ordinal, or -1
// when there are none.
func (c *compiler) compilePassageUnless(file string, line int, what string, pats rawPatterns, topic, rule int) int {
	if pats == nil {
		return -1
	}
	if len(pats) == 0 {
		c.errorf(file, line, "%s passage_unless: no patterns (remove it, or give patterns per language)", what)
		return -1
	}
	g := c.newGroup(topic, rule)
	c.addPatterns(file, line, what+" passage_unless", pats, g)
	c.p.passage.groups = append(c.p.passage.groups, g)
	for _, pi := range c.p.groups[g].pats {
		c.p.passage.anchored = c.p.passage.anchored || c.p.patterns[pi].anchored
	}
	return len(c.p.passage.groups) - 1
}

// passageSection finds the vetoes that the headings of a section's path
// set; they hold for every passage of the section.
func (p *Pack) passageSection(m *matcher, path []string) {
	n := len(p.passage.groups)
	if n == 0 {
		return
	}
	ps := &m.passage
	ps.sec = resizeBools(ps.sec, n)
	for _, h := range path {
		orBools(ps.sec, p.headingOf(m, h).vetoes)
	}
}

// passageSegment starts a passage: the vetoes of its section, and those
// its table-cell header label (when it has one) sets.
func (p *Pack) passageSegment(m *matcher, label string) {
	n := len(p.passage.groups)
	if n == 0 {
		return
	}
	ps := &m.passage
	ps.seg = resizeBools(ps.seg, n)
	copy(ps.seg, ps.sec)
	if label != "" {
		orBools(ps.seg, p.headingOf(m, label).vetoes)
	}
	ps.any, ps.held = false, false
	for _, v := range ps.seg {
		ps.any = ps.any || v
	}
}

// vetoesOf reports, per passage veto, whether the prepared sentence (a
// heading) sets it; nil when it sets none.
func (p *Pack) vetoesOf(m *matcher) []bool {
	var set []bool
	for i, g := range p.passage.groups {
		if p.groupExists(m, g, nil) {
			if set == nil {
				set = make([]bool, len(p.passage.groups))
			}
			set[i] = true
		}
	}
	return set
}

// orBools sets in dst what src sets (src may be nil).
func orBools(dst, src []bool) {
	for i, v := range src {
		dst[i] = dst[i] || v
	}
}

// passageSet sets in set the vetoes that match the prepared sentence and
// reports whether it set one that was not set.
func (p *Pack) passageSet(m *matcher, set []bool) bool {
	added := false
	for i, g := range p.passage.groups {
		if !set[i] && p.groupExists(m, g, nil) {
			set[i], added = true, true
		}
	}
	return added
}

// passageFilter is called after sentence j of the current passage has been
// scanned (it is still the prepared sentence, text), its hits being
// hits[n0:]. On the first sentence it adds the vetoes the passage's
// opening sets: the sentence, and the text after a label run into it; when
// the sentence reads as a heading, the second sentence's vetoes are added
// on the second. It then drops the hits of vetoed rules: the new ones, or
// when the second sentence added a veto, all the passage's; it returns
// the hits and the index from which they are new (n0, or the passage's
// first hit). Reading the text after a label prepares it: the caller reads
// what it needs of the sentence (its tokens) before.
func (p *Pack) passageFilter(m *matcher, j int, text string, hits []hit, n0 int) ([]hit, int) {
	if len(p.passage.groups) == 0 {
		return hits, n0
	}
	ps := &m.passage
	switch {
	case j == 0:
		ps.base = n0
		p.passageSet(m, ps.seg)
		heading, after := leadShape(&m.s.toks, text)
		ps.held = heading
		if after > 0 && p.passage.anchored {
			// Only ^ patterns can match the text after the label and not
			// the whole sentence: its tokens are the sentence's last.
			p.prepare(m, text[after:])
			p.passageSet(m, ps.seg)
		}
		for _, v := range ps.seg {
			ps.any = ps.any || v
		}
	case j == 1 && ps.held:
		ps.held = false
		if p.passageSet(m, ps.seg) {
			ps.any = true
			n0 = ps.base
		}
	}
	return p.passageDrop(m, hits, n0), n0
}

// passageDrop drops from hits[n0:] the hits of the rules the current
// passage vetoes.
func (p *Pack) passageDrop(m *matcher, hits []hit, n0 int) []hit {
	ps := &m.passage
	if !ps.any || len(hits) == n0 {
		return hits
	}
	kept := hits[:n0]
	for _, h := range hits[n0:] {
		if h.rule == nil || !passageVetoed(h.rule, ps.seg) {
			kept = append(kept, h)
		}
	}
	return kept
}

// passageHeld reports whether the hits of the current passage must not be
// settled yet: its second sentence may still veto rules (passageFilter).
func (m *matcher) passageHeld() bool { return m.passage.held }

// passageVetoed reports whether rule r's passage veto, or its topic's
// (unless the rule opts out, topic_passage_unless: false), is set in set.
func passageVetoed(r *Rule, set []bool) bool {
	return (r.passageUnless >= 0 && set[r.passageUnless]) ||
		(r.topicPassage && set[r.Topic.passageUnless])
}

// maxLeadWords is the longest heading run into a passage, in words: "Your
// California privacy rights", "How do we use your information?",
// "Informationen, die wir erheben". Seven words hold the headings policies
// use (OPP-115's run-in headings are mostly one to six words) and few
// sentences that state a practice, which are longer.
const maxLeadWords = 7

// leadShape reads the prepared first sentence of a passage (text, its
// tokens t) for a heading run into it. heading: the whole sentence reads
// as a heading ("Cookies.", "Your choices.", "What do we collect?"), so
// the passage's topic sentence is the next. after: the byte offset in text
// just past the colon that closes a label opening the sentence ("Email
// address: we use…"), the label reading as a heading and some text
// following it; 0 when there is none.
//
// A heading is at most maxLeadWords words, a list number or letter apart
// ("3.", "iv)"), and is a question, or Title Case (some word of four
// letters or more and all capitalised, or all capitals: "Do Not Track"),
// or has no
// verb-ish shape: it does not open with a subject pronoun ("We use
// cookies.") and holds no finite auxiliary, modal or copula ("Cookies are
// small files.", "You can opt out."), words of a small closed class per
// language (leadVerbs). Short statements without such a word ("Our site
// changes often.") pass for headings: their next sentence is read too,
// which costs nothing when it opens no other topic. After a label, what
// follows it must read as a heading for the sentence to ("Security: Our
// measures."; not "Security: we encrypt data.").
func leadShape(t *tokens, text string) (heading bool, after int) {
	if len(t.toks) == 0 {
		return false, 0
	}
	// The label before a colon followed by a space: the sentence then
	// reads as a heading when what follows the label does.
	from := 0
	if c := leadColon(t, text); c > 0 {
		n := 0 // tokens before the colon
		for n < len(t.toks) && int(t.toks[n].end) <= c {
			n++
		}
		if n > 0 && n < len(t.toks) && headingWords(t, text, 0, n, false) {
			after, from = c+1, n
		}
	}
	q := strings.TrimRight(text, " \t\"'”’»)]")
	question := strings.HasSuffix(q, "?") || strings.HasSuffix(q, "？")
	return headingWords(t, text, from, len(t.toks), question), after
}

// leadColon returns the byte offset of the first colon of text that a
// space follows ("Label: text"; not "https://", "10:30"), or -1. It looks
// only as far as a label may reach: maxLeadWords words and a list marker.
func leadColon(t *tokens, text string) int {
	limit, words := len(text), 0
	for k := range t.toks {
		if t.toks[k].compound {
			continue
		}
		if words++; words > maxLeadWords+1 {
			limit = int(t.toks[k].start)
			break
		}
	}
	head := text[:limit]
	for i := 0; i < len(head); {
		c := strings.IndexByte(head[i:], ':')
		if w := strings.Index(head[i:], "："); w >= 0 && (c < 0 || w < c) {
			c = w
		}
		if c < 0 {
			return -1
		}
		c += i
		_, size := utf8.DecodeRuneInString(text[c:])
		if r, _ := utf8.DecodeRuneInString(text[c+size:]); unicode.IsSpace(r) {
			return c + size - 1
		}
		i = c + size
	}
	return -1
}

// headingWords reports whether tokens [i, j) of text read as a heading
// (see leadShape); question says the text is a question.
func headingWords(t *tokens, text string, i, j int, question bool) bool {
	// A list marker opening it: a number, a letter, a roman numeral.
	if j-i > 1 && leadMarker(t, text, i) {
		i++
	}
	// Most sentences are longer than a heading: their words counted
	// first, they are ruled out before any is looked up (Evaluate over
	// OPP-115: 383.2 → 376.3 M instructions per pass, -1.8%).
	n := 0
	for k := i; k < j && n <= maxLeadWords; k++ {
		if !t.toks[k].compound {
			n++
		}
	}
	if n > maxLeadWords {
		return false
	}
	// title: a word of four letters or more, none in lower case.
	words, title, long := 0, true, false
	verbish := false
	for k := i; k < j; k++ {
		tk := &t.toks[k]
		if tk.compound {
			continue // "e-mail", "Daten-schutz": one word
		}
		words++
		if words > maxLeadWords {
			return false
		}
		if leadVerbs[string(t.key(k))] || (k == i && leadPronouns[string(t.key(k))]) {
			verbish = true
		}
		w := text[tk.start:tk.end]
		if utf8.RuneCountInString(w) >= 4 {
			long = true
			if r, _ := utf8.DecodeRuneInString(w); unicode.IsLower(r) {
				title = false
			}
		}
	}
	return words > 0 && (question || (title && long) || !verbish)
}

// leadMarker reports whether token k of text is a list marker: digits, a
// single letter, or a roman numeral up to viii.
func leadMarker(t *tokens, text string, k int) bool {
	tk := &t.toks[k]
	if tk.num >= 0 || tk.end-tk.start == 1 {
		return true
	}
	switch string(t.key(k)) {
	case "ii", "iii", "iv", "vi", "vii", "viii", "ix", "xi", "xii":
		return true
	}
	return false
}

// leadPronouns are the subject pronouns (token keys) that open a statement
// rather than a heading, in the pack's seven languages.
var leadPronouns = setOf(
	"we", "i", "you", "they", "he", "she", "it",
	"nous", "vous", "je", "ils", "elles", "il", "elle",
	"wir", "ich", "du", "sie", "es",
	"nosotros", "usted", "ustedes",
	"noi", "voi", "io",
	"wij", "ik", "jij",
	"voce", "voces",
)

// leadVerbs are finite auxiliaries, modals and copulas (token keys,
// accents stripped): a sentence holding one states something. Words that
// fold onto a preposition or a conjunction (French "a", Italian "e",
// Spanish "está"/"esta") are left out.
var leadVerbs = setOf(
	// English
	"is", "are", "was", "were", "am", "be", "been", "will", "would", "may", "might",
	"can", "could", "shall", "should", "must", "do", "does", "did", "has", "have", "had", "cannot",
	// French
	"est", "sont", "etait", "sera", "seront", "peut", "peuvent", "pouvez", "pouvons",
	"doit", "doivent", "devez", "devons", "avons", "avez", "ont", "sommes", "etes",
	// German
	"ist", "sind", "war", "waren", "wird", "werden", "wurde", "wurden", "kann", "konnen",
	"muss", "mussen", "darf", "durfen", "soll", "sollen", "hat", "haben", "habe",
	// Spanish
	"son", "era", "seran", "puede", "pueden", "puedes", "podemos", "debe", "deben", "ha", "han", "hemos", "hay",
	// Italian
	"sono", "sara", "puo", "possono", "possiamo", "deve", "devono", "hanno", "abbiamo",
	// Dutch
	"zijn", "wordt", "worden", "werd", "kunnen", "kunt", "moet", "moeten", "mag", "mogen",
	"heeft", "hebben", "hebt", "zal", "zullen",
	// Portuguese
	"sao", "pode", "podem", "deve", "devem", "tem", "temos", "foi",
)

func setOf(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}
