package analyzer

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Every format is first turned into a flat list of blocks; assemble then
// builds the section tree, the segments with their offsets and the
// sentences, the same way for HTML, Markdown, plain text and PDF.

type blockType uint8

const (
	blockText         blockType = iota
	blockHeading                // a real heading, level 1–6
	blockScopeHeading           // <summary>, <dt>: heads the rest of its scope
	blockScopeOpen              // <details>, <dl>
	blockScopeClose
)

type block struct {
	text string // cleaned
	// label is a table cell's headers, or a pseudo-heading's style
	label string
	// off and n place text in the walker's arena (n is 0 for blocks made
	// otherwise): there the texts of the blocks follow one another,
	// separated by '\n', as in the Document's text.
	off, n int
	level  int16 // 1–6 (0 for a pseudo-heading until ranked)
	typ    blockType
	kind   blockKind
	// bold: every letter of the block is bold. boldFirstLine: the first
	// line (up to a '\n') is all bold and more lines follow.
	bold, boldFirstLine bool
	// pseudo: the block stands alone at paragraph level, so it may be a
	// pseudo-heading (not a list item, a data-table cell, a <details> body).
	pseudo bool
	// ascii: text is known to be ASCII (its length is its code points);
	// false when unknown.
	ascii bool
}

// blockKind is a block's SegmentKind as a small number, which keeps a
// block at 56 bytes rather than 72 (blocks are made, copied and scanned
// several times per document): 512 fewer bytes allocated per farm page,
// 236 kB and 1.0 M instructions fewer per OPP-115 pass.
type blockKind uint8

const (
	kindParagraph blockKind = iota
	kindListItem
	kindTableCell
	kindDetails
	kindHeading
)

var segmentKinds = [...]SegmentKind{kindParagraph: KindParagraph, kindListItem: KindListItem,
	kindTableCell: KindTableCell, kindDetails: KindDetails, kindHeading: KindHeading}

// segmentKind returns the SegmentKind k stands for.
func (k blockKind) segmentKind() SegmentKind { return segmentKinds[k] }

// pseudo-heading styles, ranked by first appearance in a document.
const (
	styleBold  = "bold"
	styleCaps  = "caps"
	styleTitle = "title" // Title Case line: weak, needs body text after it
)

// Limits on what may be a pseudo-heading.
const (
	maxHeadingRunes = 150
	maxHeadingWords = 16
)

// A numbered heading is matched by numberedHeadingPrefix followed by
// `(\S.*)$`: "3. Your rights", "4.1 Access", "III. VOS DROITS", "B.
// Cookies", "(a) Data you give us", "§ 4 Ihre Rechte", "Article 5 – Vos
// droits". Groups: 1 arabic number, 2 roman, 3 capital letter, 4
// lower-case letter, 5 what follows.
const numberedHeadingPrefix = `^(?:(\d{1,2}(?:\.\d{1,2}){0,3})\.?|([IVXLC]{1,6})\.|([A-Z])[.)]|\(?([a-z])\)|§\s*\d{1,3}[a-z]?|(?i:art(?:icle|ikel|ículo|icolo|igo|\.)?)\s*\d{1,3}\.?)\s+[-–—:]?\s*`

// numberedHeadingStart is the numbered-heading expression up to the
// first character of group 5. On a line without '\n' (all headingStyle
// reads), ".*$" completes any match once that character is found, so
// both expressions find the same match, their paths being tried in the
// same order; this one stops there instead of reading the rest of the
// line. Group 5 is the rest of the line from that character
// (TestNumberedHeadingStartMatchesFull).
var numberedHeadingStart = regexp.MustCompile(numberedHeadingPrefix + `(\S)`)

// metadataLine matches the date lines policies open with ("Effective
// Date: April 1, 2015", "Stand: 01.03.2024"): bold or short, but no heading.
var metadataLine = regexp.MustCompile(`(?i)(effective|last (?:updated|modified|revised)|updated on|mise à jour|en vigueur|^stand\b|gültig|zuletzt|actualiza|aggiorna|bijgewerkt|atualiza|vigente|versione? du|version:)`)

// metadataWords are metadataLine's alternatives that an ASCII line may
// hold (the others hold letters beyond ASCII), lower case, but "^stand\b"
// (see isMetadataLine).
var metadataWords = []string{"effective", "last updated", "last modified", "last revised", "updated on",
	"en vigueur", "zuletzt", "actualiza", "aggiorna", "bijgewerkt", "atualiza", "vigente", "version du",
	"versione du", "version:"}

// isMetadataLine is metadataLine.MatchString(line); an ASCII line is
// matched against its alternatives without the regular expression.
func isMetadataLine(line string) bool {
	if len(line) > 4*maxHeadingRunes || !isASCII(line) {
		return metadataLine.MatchString(line)
	}
	var lower [4 * maxHeadingRunes]byte
	l := lower[:len(line)]
	for i := 0; i < len(line); i++ {
		c := line[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		l[i] = c
	}
	// "^stand\b": at the start, before a non-word character or the end.
	if bytes.HasPrefix(l, []byte("stand")) && (len(l) == 5 || !isWordByte(l[5])) {
		return true
	}
	for _, w := range metadataWords {
		if bytes.Contains(l, []byte(w)) {
			return true
		}
	}
	return false
}

// isWordByte is \w of regexp for a lower-case ASCII byte.
func isWordByte(c byte) bool { return 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '_' }

// headingStyle tells whether line reads as a pseudo-heading and in which
// style. bold says the whole line is bold.
func headingStyle(line string, bold bool) string {
	// Cheap rejections first: most blocks are sentences.
	if line == "" || len(line) > 4*maxHeadingRunes {
		return ""
	}
	last, _ := utf8.DecodeLastRuneInString(line)
	switch last {
	case '.', ',', ';':
		return ""
	}
	if strings.IndexByte(line, '\n') >= 0 || len(line) > maxHeadingRunes && utf8.RuneCountInString(line) > maxHeadingRunes {
		return ""
	}
	if !fewWordsWithLetter(line) {
		return ""
	}
	if hasYear(line) && isMetadataLine(line) {
		return ""
	}
	if mayBeNumbered(line) {
		if m := numberedHeadingStart.FindStringSubmatchIndex(line); m != nil {
			rest := line[m[10]:] // numberedHeading's group 5
			first, _ := utf8.DecodeRuneInString(rest)
			if unicode.IsUpper(first) && countFieldsUpTo(rest, 13) <= 12 && !strings.Contains(rest, "@") {
				// Groups 1–4 are never empty when they match.
				switch {
				case m[2] >= 0:
					return "num" + string(rune('0'+strings.Count(line[m[2]:m[3]], ".")+1))
				case m[4] >= 0:
					return "roman"
				case m[6] >= 0:
					return "alpha"
				case m[8] >= 0:
					return "lower-alpha"
				}
				return "num1"
			}
		}
	}
	if bold {
		return styleBold
	}
	if isAllCaps(line) {
		return styleCaps
	}
	if last == ':' || strings.Contains(line, "http") || strings.Contains(line, "@") || strings.Contains(line, "©") {
		return ""
	}
	if isTitleCase(line) {
		return styleTitle
	}
	return ""
}

// Limits on a run-in heading (see runInHeading).
const (
	maxRunInLabelWords = 8
	minRunInBodyWords  = 4
)

// runInHeading finds the text a heading element holds after its label
// ("b. Cookies and similar technologies: the extension may read the
// supplier's cookies to log you in.", a list written as Markdown
// headings): a sentence after a colon that ends a short label. It returns
// "" for a heading of maxHeadingWords words or fewer, for a colon that
// does not end a short label, and for what follows it unless a sentence
// ends it: a long title ("Section 3: What we collect when you use our
// website, our app and our devices") or a question ("Q: Do you sell my
// data?") is a heading through and through.
func runInHeading(text string) string {
	if fewWords(text, maxHeadingWords) {
		return ""
	}
	i := strings.Index(text, ": ")
	if i <= 0 || strings.TrimSpace(text[:i]) == "" || !fewWords(text[:i], maxRunInLabelWords) {
		return ""
	}
	rest := strings.TrimSpace(text[i+2:])
	if fewWords(rest, minRunInBodyWords-1) {
		return ""
	}
	end := strings.TrimRight(rest, ")]\"'»”’ ")
	if r, _ := utf8.DecodeLastRuneInString(end); r != '.' && r != '!' && r != ';' && r != '…' {
		return ""
	}
	return rest
}

// splitRunInHeadings adds, after each heading element below the title
// that holds a label and its text (see runInHeading), that text as a
// paragraph of the heading's section. The heading keeps its whole text,
// whose words may name the section's topic ("Article 3: Rights of the
// data subject: access, rectification …"). The paragraph is not in the
// walker's arena (n is 0): the document's text then holds it twice.
func splitRunInHeadings(blocks []block) []block {
	var out []block
	for i, b := range blocks {
		rest := ""
		if b.typ == blockHeading && b.level > 1 {
			rest = runInHeading(b.text)
		}
		if rest == "" {
			if out != nil {
				out = append(out, b)
			}
			continue
		}
		if out == nil {
			out = make([]block, 0, len(blocks)+4)
			out = append(out, blocks[:i]...)
		}
		out = append(out, b, block{text: rest, typ: blockText, kind: kindParagraph, ascii: b.ascii})
	}
	if out == nil {
		return blocks
	}
	return out
}

// fewWords reports whether s holds at most n words separated by white
// space (as strings.Fields splits them, without its allocation).
func fewWords(s string, n int) bool {
	words, in := 0, false
	for _, r := range s {
		if unicode.IsSpace(r) {
			in = false
			continue
		}
		if !in {
			in = true
			if words++; words > n {
				return false
			}
		}
	}
	return true
}

// fewWordsWithLetter reports whether line holds at most maxHeadingWords
// space-separated words and a letter (an ASCII letter or a byte beyond
// ASCII). It finds the spaces by a vectorised search, then the first
// letter, where a byte loop did both. With hasYear's skip, heading
// detection takes 0.9 M fewer instructions per OPP-115 pass.
func fewWordsWithLetter(line string) bool {
	words := 1
	for i := 0; words <= maxHeadingWords; words++ {
		j := strings.IndexByte(line[i:], ' ')
		if j < 0 {
			break
		}
		i += j + 1
	}
	if words > maxHeadingWords {
		return false
	}
	for i := 0; i < len(line); i++ {
		if c := line[i]; c >= utf8.RuneSelf || isASCIILetter(c) {
			return true
		}
	}
	return false
}

// hasYear reports whether s holds a four-digit number from 1900 to 2099:
// the date lines metadataLine rejects all carry one. Eight bytes without
// a digit, where no year starts, are skipped at once (most headings hold
// no digit).
func hasYear(s string) bool {
	for i := 0; i+4 <= len(s); i++ {
		if i+8 <= len(s) {
			x := load64(s, i)
			if above(x, '0'-1)&^above(x, '9') == 0 {
				i += 7 // no digit in s[i:i+8]
				continue
			}
		}
		if (s[i] == '1' && s[i+1] == '9' || s[i] == '2' && s[i+1] == '0') &&
			s[i+2] >= '0' && s[i+2] <= '9' && s[i+3] >= '0' && s[i+3] <= '9' &&
			(i == 0 || s[i-1] < '0' || s[i-1] > '9') && (i+4 == len(s) || s[i+4] < '0' || s[i+4] > '9') {
			return true
		}
	}
	return false
}

// mayBeNumbered is a quick filter before numberedHeading: a digit, "(",
// "§" or "Art" first, or a first word of at most six characters ending in
// "." or ")".
func mayBeNumbered(line string) bool {
	c := line[0]
	if c >= '0' && c <= '9' || c == '(' || strings.HasPrefix(line, "§") {
		return true
	}
	if len(line) >= 3 && (line[:3] == "Art" || line[:3] == "art" || line[:3] == "ART") {
		return true
	}
	sp := strings.IndexByte(line, ' ')
	if sp < 2 || sp > 7 {
		return false
	}
	e := line[sp-1]
	return e == '.' || e == ')'
}

func isAllCaps(s string) bool {
	letters := 0
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsUpper(r) {
			letters++
		}
	}
	return letters >= 3
}

// isTitleCase: the first word and at least three quarters of the words of
// four letters or more begin with a capital ("Information We Collect",
// "Use of Cookies", "Rechte der Betroffenen"). Words are split as by
// strings.Fields.
func isTitleCase(line string) bool {
	long, capital := 0, 0
	i := 0
	for n := 0; ; n++ {
		var w string
		if w, i = nextField(line, i); w == "" {
			break
		}
		if c := w[0]; c >= utf8.RuneSelf || c == '(' || c == '[' || c == '"' || c == '\'' {
			w = strings.TrimLeft(w, "([\"'“«") // (an opening quote or bracket)
		}
		first, _ := utf8.DecodeRuneInString(w)
		if n == 0 && !unicode.IsUpper(first) {
			return false
		}
		if utf8.RuneCountInString(w) < 4 {
			continue
		}
		long++
		if unicode.IsUpper(first) {
			capital++
		}
	}
	if long == 0 {
		return false
	}
	return capital*4 >= long*3
}

// shortSentenceCase reports a line of two or three words in sentence
// case, letters only, that ends with no punctuation ("Datos recogidos",
// "Dati raccolti", "Wie wir teilen"): a heading when a body follows it on
// the next lines of the same block.
func shortSentenceCase(line string) bool {
	if line == "" || len(line) > 40 {
		return false
	}
	first, _ := utf8.DecodeRuneInString(line)
	if !unicode.IsUpper(first) {
		return false
	}
	words := strings.Fields(line)
	if len(words) < 2 || len(words) > 3 {
		return false
	}
	for _, w := range words {
		for _, r := range w {
			if !unicode.IsLetter(r) && r != '\'' && r != '’' && r != '-' {
				return false
			}
		}
	}
	return true
}

// nextField returns the field of s (as strings.Fields splits it) that
// starts at or after byte i, and the byte after it; "" at the end.
func nextField(s string, i int) (string, int) {
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if !isASCIISpace(c) {
				break
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsSpace(r) {
			break
		}
		i += size
	}
	start := i
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if isASCIISpace(c) {
				break
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			break
		}
		i += size
	}
	return s[start:i], i
}

// isASCIISpace is unicode.IsSpace for an ASCII byte: '\t', '\n', '\v',
// '\f', '\r' and ' '.
func isASCIISpace(c byte) bool { return c == ' ' || c-'\t' <= '\r'-'\t' }

// countFields is len(strings.Fields(s)) without the slice.
func countFields(s string) int { return countFieldsUpTo(s, len(s)+1) }

// countFieldsUpTo is min(countFields(s), limit): it stops reading s at the
// limit-th field.
func countFieldsUpTo(s string, limit int) int {
	n := 0
	for i := 0; n < limit; n++ {
		var w string
		if w, i = nextField(s, i); w == "" {
			return n
		}
	}
	return n
}

// bodyLike: text that reads as running prose, what follows a heading.
func bodyLike(s string) bool {
	w := countFieldsUpTo(s, 8)
	if w >= 8 {
		return true
	}
	last, _ := utf8.DecodeLastRuneInString(strings.TrimSpace(s))
	return w >= 3 && (last == '.' || last == '!' || last == ':' || last == ';' || last == ',')
}

// resolvePseudoHeadings turns paragraph-level blocks that read as
// headings into heading blocks (level 0 for now, ranked later), splitting
// a block whose first line is a heading from its body.
func resolvePseudoHeadings(blocks []block) []block {
	real := 0
	for _, b := range blocks {
		if b.typ == blockHeading {
			real++
		}
	}
	allowTitle := real < 2 // only where the author marked up no structure
	// Blocks change in place until one splits in two; from there on they
	// are copied to out.
	var out []block
	emit := func(i int, b block) {
		if out == nil {
			blocks[i] = b
		} else {
			out = append(out, b)
		}
	}
	// keep is emit(i, blocks[i]): nothing to write while in place.
	keep := func(i int) {
		if out != nil {
			out = append(out, blocks[i])
		}
	}
	for i, b := range blocks {
		if b.typ != blockText || !b.pseudo {
			keep(i)
			continue
		}
		if startsWithBullet(b.text) {
			// "- item" or "• item" written as a paragraph
			b.kind, b.pseudo = kindListItem, false
			emit(i, b)
			continue
		}
		first, rest, multi := strings.Cut(b.text, "\n")
		if !multi {
			style := headingStyle(b.text, b.bold)
			if style == styleTitle && !(allowTitle && nextIsBody(blocks, i)) {
				style = ""
			}
			if style != "" {
				h := pseudoHeading(b.text, style)
				h.off, h.n, h.ascii = b.off, b.n, b.ascii
				h.bold = b.bold
				emit(i, h)
				continue
			}
			keep(i)
			continue
		}
		style := headingStyle(first, b.bold || b.boldFirstLine)
		if style == "" && shortSentenceCase(first) {
			// "Datos recogidos" over its body: most languages but
			// English write headings in sentence case.
			style = styleTitle
		}
		if style == styleTitle && !(allowTitle && bodyLike(rest)) {
			style = ""
		}
		if style == "" {
			keep(i)
			continue
		}
		h := pseudoHeading(first, style)
		h.ascii, h.bold = b.ascii, b.bold || b.boldFirstLine
		if b.n > 0 {
			h.off, h.n = b.off, len(first)
			b.off, b.n = b.off+len(first)+1, len(rest)
		}
		b.text = rest
		b.bold, b.boldFirstLine = false, false
		if out == nil {
			out = make([]block, 0, len(blocks)+8)
			out = append(out, blocks[:i]...)
		}
		out = append(out, h, b)
	}
	if out == nil {
		return blocks
	}
	return out
}

// startsWithBullet: "- item", "• item" written as text.
func startsWithBullet(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	if !strings.ContainsRune("-*•·▪◦‣–o", r) {
		return false
	}
	return bulletLine.MatchString(s)
}

// pseudoHeading makes a heading block of level 0 (ranked by assemble);
// its label carries the style.
func pseudoHeading(text, style string) block {
	return block{typ: blockHeading, kind: kindHeading, text: text, label: style}
}

// nextIsBody reports whether the text block after blocks[i] reads as
// running prose and not as another heading.
func nextIsBody(blocks []block, i int) bool {
	for _, b := range blocks[i+1:] {
		switch b.typ {
		case blockText:
			if b.bold || headingStyle(firstLine(b.text), false) != "" && !bodyLike(b.text) {
				return false
			}
			// A sentence, or an item of a list written without bullets
			// ("Information We Collect" / "Account information (email,
			// age confirmation)"): a line of three words or more that
			// does not read as a heading itself.
			return bodyLike(b.text) || countFieldsUpTo(b.text, 3) >= 3
		case blockScopeOpen, blockScopeClose:
			continue
		default:
			return false
		}
	}
	return false
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}

// sentenceSizeGuess is the length in bytes of an average sentence, by
// which assemble sizes the chunks of sentences: 128 over OPP-115.
const sentenceSizeGuess = 128

// assemble builds the Document's sections, segments, text and sentences.
// arena, when not empty, holds the blocks' texts (see block.off): when
// they follow one another there as the Document's text does, it becomes
// the Document's text and the segments and sentences share it.
func assemble(ctx context.Context, doc *Document, blocks []block, arena string) error {
	blocks = splitRunInHeadings(resolvePseudoHeadings(blocks))
	shared := arena != "" && inArena(blocks, arena)
	rank := map[string]int{}

	type heading struct {
		level int
		text  string
	}
	// The heading stack, the splitter's spans and segStart start with
	// room most documents never outgrow: 6 fewer allocations per farm
	// page than growing them from nothing.
	var stackArr [8]heading
	stack := stackArr[:0]
	type scope struct {
		stack  []heading // the heading stack when the scope opened
		base   int       // the level scoped headings nest under
		pushes int       // headings pushed before the scope opened
	}
	var scopes []scope
	pushes := 0

	var text strings.Builder
	size, nseg, nsec := 0, 0, 1
	for _, b := range blocks {
		size += len(b.text) + 1
		if b.text != "" {
			nseg++
		}
		if b.typ == blockHeading || b.typ == blockScopeHeading || b.typ == blockScopeClose {
			nsec++ // what may open a section
		}
	}
	if !shared {
		text.Grow(size)
	}
	var splitter splitter
	splitter.spans = make([][2]int, 0, 16)
	// The sentences share backing arrays, in chunks: one for the
	// sentences of an average 128 bytes the text may hold, then, when a
	// segment's sentences do not fit in what is left, another sized
	// likewise for the rest of the text. A chunk sized for sentences of
	// 80 bytes, grown by append, allocated 690 kB per OPP-115 pass where
	// its 13.2 k sentences take 420 kB (the allocations of an Extract
	// pass: 9.58 -> 9.34 MB).
	sentences := make([]Sentence, 0, size/sentenceSizeGuess+8)
	// All segments share one backing array too: a section's segments are
	// a run of it (segStart), since every section gets its first segment
	// as it opens and the next section opens after its last.
	segs := make([]Segment, 0, nseg)
	segStart := make([]int, 0, min(nsec, nseg))
	doc.Sections = make([]Section, 0, min(nsec, nseg))
	pos := 0
	var cur *Section
	// The sections' heading paths share backing arrays too, each path a
	// full slice expression of one.
	paths := make([]string, 0, 2*min(nsec, nseg)+4)
	newSection := func(level int) {
		if cap(paths)-len(paths) < len(stack) {
			paths = make([]string, 0, max(cap(paths), 2*len(stack)))
		}
		from := len(paths)
		for _, h := range stack {
			paths = append(paths, h.text)
		}
		path := paths[from:len(paths):len(paths)]
		doc.Sections = append(doc.Sections, Section{Path: path, Level: level})
		segStart = append(segStart, len(segs))
		cur = &doc.Sections[len(doc.Sections)-1]
	}
	curLevel := func() int {
		if len(stack) == 0 {
			return 0
		}
		return stack[len(stack)-1].level
	}
	// addSegment adds s; ascii says s is known to be ASCII, which spares
	// the splitter looking.
	addSegment := func(kind SegmentKind, s, label string, ascii bool) {
		if cur == nil {
			newSection(curLevel())
		}
		if pos > 0 {
			if !shared {
				text.WriteByte('\n')
			}
			pos++
		}
		n := -1
		if ascii {
			n = len(s)
		}
		// A segment's sentences are a run of a chunk (a new one when
		// they do not fit in the current one's room); each segment gets
		// a full slice expression so appending to it cannot clobber the
		// next. (size-pos, bytes less code points, is at least the
		// bytes left.)
		splitter.spanText(s, n)
		if k := len(splitter.spans); cap(sentences)-len(sentences) < k {
			sentences = make([]Sentence, 0, k+(size-pos)/sentenceSizeGuess)
		}
		from := len(sentences)
		sentences = splitter.sentences(pos, sentences)
		n = splitter.runes // counted by the splitter if need be
		seg := Segment{Kind: kind, Text: s, Label: label, Start: pos, End: pos + n}
		if len(sentences) > from {
			seg.Sentences = sentences[from:len(sentences):len(sentences)]
		}
		if !shared {
			text.WriteString(s)
		}
		pos += n
		segs = append(segs, seg)
	}
	push := func(level int, s string, ascii bool) {
		for len(stack) > 0 && stack[len(stack)-1].level >= level {
			stack = stack[:len(stack)-1]
		}
		stack = append(stack, heading{level, s})
		pushes++
		newSection(level)
		addSegment(KindHeading, s, "", ascii)
	}

	// A pseudo-heading opening the document is its title: everything
	// nests under it, whatever the styles of the headings that follow.
	for i := range blocks {
		if blocks[i].typ == blockText {
			break
		}
		if blocks[i].typ == blockHeading {
			if blocks[i].level == 0 {
				blocks[i].level = 1
			}
			break
		}
	}
	for i, b := range blocks {
		if i%256 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		switch b.typ {
		case blockText:
			if b.text != "" {
				addSegment(b.kind.segmentKind(), b.text, b.label, b.ascii)
			}
		case blockHeading:
			if b.text == "" {
				continue
			}
			level := int(b.level)
			if level == 0 { // pseudo-heading: rank its style
				r, ok := rank[b.label]
				if rb, seen := rank[styleBold]; !ok && seen && b.bold {
					// Bold numbered headings after a bold one ("**Data
					// security**" over "**1. How we collect**") are its
					// siblings, not its subsections: bold ranks them.
					r, ok = rb, true
					rank[b.label] = r
				}
				if !ok {
					r = len(rank)
					rank[b.label] = r
				}
				level = 7 + r
			}
			push(level, b.text, b.ascii)
		case blockScopeHeading:
			if b.text == "" {
				continue
			}
			if utf8.RuneCountInString(b.text) > 2*maxHeadingRunes {
				addSegment(KindParagraph, b.text, "", b.ascii)
				continue
			}
			base := 0
			if len(scopes) > 0 {
				base = scopes[len(scopes)-1].base
			}
			push(base+1, b.text, b.ascii)
		case blockScopeOpen:
			scopes = append(scopes, scope{append([]heading(nil), stack...), curLevel(), pushes})
		case blockScopeClose:
			if len(scopes) == 0 {
				continue
			}
			sc := scopes[len(scopes)-1]
			scopes = scopes[:len(scopes)-1]
			if sc.pushes != pushes {
				stack = sc.stack
				cur = nil // text after the scope opens a section of its own
			}
		}
	}
	for i := range doc.Sections {
		end := len(segs)
		if i+1 < len(segStart) {
			end = segStart[i+1]
		}
		doc.Sections[i].Segments = segs[segStart[i]:end:end]
	}
	if len(doc.Sections) == 0 {
		doc.Sections = nil
	}
	if shared {
		doc.Text = arena[:len(arena)-1]
	} else {
		doc.Text = text.String()
	}
	return nil
}

// inArena reports whether the texts of blocks, in order, are the whole of
// arena, each followed by '\n'.
func inArena(blocks []block, arena string) bool {
	next := 0
	for _, b := range blocks {
		if b.text == "" {
			continue
		}
		off, n := b.off, b.n
		if n != len(b.text) || off != next || next+n >= len(arena) || arena[next+n] != '\n' {
			return false
		}
		next += n + 1
	}
	return next == len(arena)
}
