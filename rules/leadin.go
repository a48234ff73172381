package rules

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/vigie-audit/vigie/analyzer"
)

// Lead-ins. A lawyer reads a list item with the sentence that introduces
// it: under "We may disclose your information:", the item "to our
// advertising partners" is a sharing disclosure; under "We collect the
// following information:", the item "your IP address" is a data
// disclosure. Read alone, such an item names only the object, the
// recipient or the purpose of a practice its lead-in states.
//
// A lead-in is the last sentence of the block before a list, when it
// closes on a colon, or on a word after which a sentence cannot end and
// that opens an enumeration ("including", "such as", "notamment",
// "insbesondere"…). The list is what follows it in the same section:
//
//   - list items (analyzer.KindListItem: HTML <li>, Markdown, and the
//     bulleted or enumerated lines of plain text and PDF), or
//   - where the markup is lost (plain text, PDF, a corpus of bare
//     segments), paragraphs: the first after the lead-in, then each next
//     one while the run holds together — the item before it ends open (on
//     ";", ",", ":" or a conjunction, "; and"), or without any closing
//     punctuation and the next one opens with no other list marker, or both
//     open with a list marker of the same kind ("(iv)", "(v)").
//
// A heading, a table cell or a <details> body ends the run, and so does a
// paragraph after structural list items. An item that itself closes on a
// colon leads the items after it (a nested list). A block whose last
// sentence reads "lead-in: first item;" (the first item run into its
// lead-in, common in plain text) opens a run too: the items after it are
// read with the text up to the colon.
//
// How an item is read with its lead-in (readItem): the lead-in and the
// item's first sentence are read as one sentence. A rule that fires on
// that sentence counts for the item when the item takes part in the
// match: its trigger's match reaches into the item, or the rule does not
// fire on the lead-in alone (the item supplied a companion, a second
// category, the words a pattern needed). A rule that fires on the lead-in
// alone, on the lead-in's words only, does not: the lead-in is evidence
// for its own topics where it stands, and an item does not inherit them.
// So "to contact you" under "We use your information:" is a purpose (the
// item completes "use … to contact you"), not a data disclosure, although
// "We use your information" alone may count as one.
//
// A topic may choose to be inherited (lead_in: inherit in its file): an
// item then also counts for every rule of the topic that fires on its
// lead-in alone. This suits a topic whose disclosure is the practice
// itself, completed by whatever the item adds: under "We may disclose your
// information in the following cases:", each case ("to comply with a
// court order", "our carriers") states a condition or a recipient of the
// disclosure. It does not suit a topic whose disclosure is an object the
// item must name: a list of purposes under "We use your personal
// information:" names no data.
//
// The quote is the item's sentence; Evidence.LeadIn holds the lead-in, so
// that a reader sees why.

// maxLeadIn is the longest lead-in read with an item, in bytes: longer,
// only its end is kept (on a word boundary).
const maxLeadIn = 600

// leadInTails are the words (a sequence, matched without case) that end a
// lead-in without a colon.
var leadInTails = [][]string{
	{"including"}, {"include"}, {"includes"}, {"such", "as"}, {"as", "follows"},
	{"notamment"}, {"tels", "que"}, {"telles", "que"}, {"comme"}, {"a", "savoir"}, {"à", "savoir"},
	{"insbesondere"}, {"beispielsweise"}, {"etwa"}, {"wie"}, {"z.", "b."}, {"z.b."},
	{"incluyendo"}, {"incluidos"}, {"incluidas"}, {"tales", "como"}, {"como"},
	{"tra", "cui"}, {"quali"}, {"incluso"}, {"inclusi"},
	{"zoals"}, {"waaronder"}, {"bijvoorbeeld"},
	{"incluindo"}, {"tais", "como"},
}

// openWords are the conjunctions after which a list item continues.
var openWords = []string{"and", "or", "et", "ou", "und", "oder", "sowie", "y", "o", "e", "en", "of", "ed", "od"}

// isLeadIn reports whether sentence s introduces what follows it: it ends
// with a colon (after two words or more), or with one of leadInTails
// (after two words or more). It allocates nothing: it runs on the last
// sentence of every block.
func isLeadIn(s string) bool {
	s = strings.TrimRightFunc(s, unicode.IsSpace)
	if s == "" {
		return false
	}
	if strings.HasSuffix(s, ":") || strings.HasSuffix(s, "：") {
		return strings.IndexFunc(s, unicode.IsSpace) > 0
	}
	r, _ := utf8.DecodeLastRuneInString(s)
	if !unicode.IsLetter(r) && r != '.' {
		return false
	}
	// The last word first: most sentences end on a word no tail ends
	// with, and are ruled out before the words before it are read
	// (Evaluate over OPP-115: 388.9 → 383.2 M instructions per pass,
	// -1.5%).
	if !endsLikeTail(s[strings.LastIndexFunc(s, unicode.IsSpace)+1:]) {
		return false
	}
	// The last three words, last first.
	var words [3]string
	n, rest := 0, s
	for n < 3 && rest != "" {
		i := strings.LastIndexFunc(rest, unicode.IsSpace)
		words[n] = rest[i+1:]
		n++
		if i < 0 {
			rest = ""
			break
		}
		rest = strings.TrimRightFunc(rest[:i], unicode.IsSpace)
	}
	if n < 3 {
		return false
	}
	// Strings equal under case folding have as many runes: most tails
	// are ruled out by the length of their last word.
	last := utf8.RuneCountInString(words[0])
	for i, tail := range leadInTails {
		if leadInTailRunes[i] != last {
			continue
		}
		ok := true
		for k := range tail {
			ok = ok && strings.EqualFold(words[len(tail)-1-k], tail[k])
		}
		if ok {
			return true
		}
	}
	return false
}

// endsLikeTail reports whether word is the last word of one of
// leadInTails.
func endsLikeTail(word string) bool {
	n := utf8.RuneCountInString(word)
	for i, tail := range leadInTails {
		if leadInTailRunes[i] == n && strings.EqualFold(word, tail[len(tail)-1]) {
			return true
		}
	}
	return false
}

// leadInTailRunes is, per tail of leadInTails, the number of runes of its
// last word.
var leadInTailRunes = func() []int {
	n := make([]int, len(leadInTails))
	for i, tail := range leadInTails {
		n[i] = utf8.RuneCountInString(tail[len(tail)-1])
	}
	return n
}()

// Endings of a block, for the runs of plain-text items.
const (
	endClosed = iota // ". ! ? …"
	endBare          // no closing punctuation at all
	endOpen          // ";", ",", ":" or a conjunction
)

// ending classifies how text ends.
func ending(text string) int {
	s := strings.TrimRightFunc(text, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(`"'”’»)]`, r)
	})
	r, _ := utf8.DecodeLastRuneInString(s)
	switch {
	case s == "":
		return endClosed
	case strings.ContainsRune(";,:；，：", r):
		return endOpen
	case strings.ContainsRune(".!?…。", r):
		return endClosed
	}
	last := s[strings.LastIndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) })+1:]
	for _, w := range openWords {
		if strings.EqualFold(last, w) {
			return endOpen
		}
	}
	return endBare
}

// List markers, by kind.
const (
	markNone = iota
	markBullet
	markNumber
	markLetter
	markRoman
)

// marker returns the kind of list marker text opens with: "•", "-",
// "1.", "(2)", "a)", "(iv)".
func marker(text string) int {
	s := strings.TrimLeftFunc(text, unicode.IsSpace)
	r, n := utf8.DecodeRuneInString(s)
	if strings.ContainsRune("-*•·▪◦‣–—", r) {
		if rest := s[n:]; rest != "" && (rest[0] == ' ' || rest[0] == '\t') {
			return markBullet
		}
		return markNone
	}
	paren := strings.HasPrefix(s, "(")
	if paren {
		s = s[1:]
	}
	i := 0
	for i < len(s) && i < 6 && s[i] != ')' && s[i] != '.' && s[i] != ' ' {
		i++
	}
	if i == 0 || i >= len(s) || s[i] == ' ' || (s[i] == '.' && paren) {
		return markNone
	}
	if i+1 < len(s) && s[i+1] != ' ' {
		return markNone
	}
	tok := s[:i]
	switch {
	case strings.Trim(tok, "0123456789") == "" && i <= 3:
		return markNumber
	case strings.Trim(tok, "ivxIVX") == "" && (paren || s[i] == ')'):
		return markRoman
	case i == 1 && (tok[0]|0x20 >= 'a' && tok[0]|0x20 <= 'z'):
		return markLetter
	}
	return markNone
}

// lastSentence returns the last sentence of a segment.
func lastSentence(g *analyzer.Segment) string {
	if n := len(g.Sentences); n > 0 {
		return g.Sentences[n-1].Text
	}
	ss := analyzer.SplitSentences(g.Text)
	if len(ss) == 0 {
		return ""
	}
	return ss[len(ss)-1].Text
}

// trimLeadIn keeps the end of a very long lead-in.
func trimLeadIn(s string) string {
	s = strings.TrimSpace(s)
	if len(s) <= maxLeadIn {
		return s
	}
	i := len(s) - maxLeadIn
	for i < len(s) && !utf8.RuneStart(s[i]) {
		i++
	}
	if j := strings.IndexByte(s[i:], ' '); j >= 0 && j < 40 {
		i += j + 1
	}
	return s[i:]
}

// gluedLeadIn returns the lead-in of a block whose last sentence runs its
// first list item into its lead-in ("… with third parties: to provide the
// service;"): the text up to the colon, when the block ends open.
func gluedLeadIn(last string) string {
	if ending(last) != endOpen || strings.HasSuffix(strings.TrimSpace(last), ":") {
		return ""
	}
	i := strings.LastIndex(last, ": ")
	if i <= 0 {
		return ""
	}
	lead := last[:i+1]
	if len(strings.Fields(lead)) < 3 {
		return "" // a label ("Email: …")
	}
	return lead
}

// findLeadIns sets out[i] to the lead-in of segs[i] ("" when it is no
// list item under a lead-in) and returns out. segs are the segments of one
// section, in order.
func findLeadIns(segs []analyzer.Segment, out []string) []string {
	out = out[:0]
	lead := "" // lead-in of the current run
	var prev *analyzer.Segment
	first, structural := false, false
	for i := range segs {
		g := &segs[i]
		out = append(out, "")
		if lead != "" && continuesRun(g, prev, first, structural) {
			out[i] = lead
			if first {
				structural = g.Kind == analyzer.KindListItem
			}
			first = false
			prev = g
			if last := lastSentence(g); isLeadIn(last) {
				lead, first, structural = trimLeadIn(last), true, false
			}
			continue
		}
		lead, prev = "", nil
		if g.Kind == analyzer.KindHeading || g.Kind == analyzer.KindTableCell {
			continue
		}
		last := lastSentence(g)
		if isLeadIn(last) {
			lead, prev, first = trimLeadIn(last), g, true
		} else if glued := gluedLeadIn(last); glued != "" {
			lead, prev, first = trimLeadIn(glued), g, false
			structural = g.Kind == analyzer.KindListItem
		}
	}
	return out
}

// continuesRun reports whether g is the next item of a run whose previous
// block (the lead-in's, when first, else the previous item) is prev;
// structural says the run's items are list items.
func continuesRun(g, prev *analyzer.Segment, first, structural bool) bool {
	switch g.Kind {
	case analyzer.KindListItem:
		return true
	case analyzer.KindParagraph:
	default:
		return false
	}
	if first {
		return true
	}
	if structural {
		return false
	}
	mg, mp := marker(g.Text), marker(prev.Text)
	if mg != markNone && mg == mp {
		return true
	}
	switch ending(prev.Text) {
	case endOpen:
		return true
	case endBare:
		return mg == markNone || mg == mp
	}
	return false
}

// LeadIns returns, for blocks of plain text in document order (the
// paragraphs of one section, or the segments of a policy as a corpus gives
// them), the lead-in each is read with: the sentence that introduces it
// when it is an item of a list, else "". The rules are those the engine
// applies to a document's paragraphs (see the top of leadin.go), so that
// a corpus of bare segments is read as the engine reads the same text in
// a plain-text or PDF policy.
func LeadIns(blocks []string) []string {
	segs := make([]analyzer.Segment, len(blocks))
	for i, b := range blocks {
		segs[i] = analyzer.Segment{Kind: analyzer.KindParagraph, Text: b}
	}
	return findLeadIns(segs, make([]string, 0, len(blocks)))
}

// leadInScan is a matcher's state for reading items with their lead-in:
// the lead-in last read alone and the rules that fired on it.
type leadInScan struct {
	// doc is the lead-in of the passage being evaluated
	// (Options.LeadIn).
	doc   string
	text  string
	valid bool
	fired []bool   // per rule
	hits  []hit    // the lead-in's hits of inherited topics
	segs  []string // per segment of the current section
}

// sectionLeadIns returns the lead-in of each segment of sec; a passage's
// lead-in (Options.LeadIn) applies to the document's first segment that
// has none.
func (p *Pack) sectionLeadIns(m *matcher, sec *analyzer.Section, first bool) []string {
	li := &m.lead
	li.segs = findLeadIns(sec.Segments, li.segs)
	if first && li.doc != "" {
		for i := range sec.Segments {
			if sec.Segments[i].Kind == analyzer.KindHeading {
				continue
			}
			if li.segs[i] == "" {
				li.segs[i] = trimLeadIn(li.doc)
			}
			break
		}
	}
	return li.segs
}

// readItem reads the first sentence of a list item (sentence sent of the
// document, text item) with its lead-in and appends the hits the item
// takes part in (see the top of leadin.go).
func (p *Pack) readItem(m *matcher, lead, item string, sent int, hits []hit) []hit {
	li := &m.lead
	// The rules that fire on the lead-in alone.
	if !li.valid || li.text != lead {
		li.text, li.valid = lead, true
		li.fired = resizeBools(li.fired, len(p.rules))
		hs := p.scanSentence(m, lead, 0, 0, li.hits[:0])
		li.hits = hs[:0]
		onLead := func(int) string { return lead }
		for _, h := range hs {
			if !h.window || p.windowHolds(m, h, onLead, 1) {
				li.fired[h.rule.index] = true
				if h.rule.Topic.leadInherit {
					li.hits = append(li.hits, h)
				}
			}
		}
		clear(hs[len(li.hits):])
	}
	off := len(lead) + 1
	n0 := len(hits)
	read := lead + " " + item
	hits = p.scanSentence(m, read, 0, sent, hits)
	hits = p.passageDrop(m, hits, n0)
	kept := hits[:n0]
	onRead := func(int) string { return read }
	for _, h := range hits[n0:] {
		if h.window && !p.windowHolds(m, h, onRead, 1) {
			continue
		}
		if h.be <= len(lead) && li.fired[h.rule.index] {
			continue // the lead-in's own statement
		}
		h.window, h.leadIn = false, true
		h.bs, h.be = max(0, h.bs-off), max(0, h.be-off)
		kept = append(kept, h)
	}
	// The rules of inherited topics that fire on the lead-in alone.
	for _, h := range li.hits {
		if m.passage.any && passageVetoed(h.rule, m.passage.seg) {
			continue
		}
		h.sent, h.j, h.window, h.leadIn = sent, 0, false, true
		h.ts, h.te, h.bs, h.be = 0, 0, 0, len(item)
		kept = append(kept, h)
	}
	return kept
}

// compileLeadIn reads a topic's lead_in: whether it is inherited.
func (c *compiler) compileLeadIn(file string, v rawString) bool {
	switch v.Value {
	case "", "contribute":
		return false
	case "inherit":
		return true
	}
	c.errorf(file, v.Line, "lead_in: got %q, want contribute or inherit", v.Value)
	return false
}
