package analyzer

import (
	"bytes"
	"math/bits"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Sentence length limits. A run-on sentence longer than maxSentence code
// points (OPP-115-style enumerations, legal clauses) is cut after a ';' or,
// failing that, a ':' followed by a space, into pieces of at least
// minSentencePiece code points, so that a quote stays readable.
const (
	maxSentence      = 400
	minSentencePiece = 80
)

// SplitSentences splits text into sentences. Offsets count code points
// into text; each Sentence.Text is that span with surrounding spaces
// trimmed.
//
// A sentence ends at '.', '!', '?', '…' (with any closing quotes or
// brackets) followed by a space, and at every line break. A full stop does
// not end a sentence when the next word starts in lower case, after a
// known abbreviation in any of the supported languages ("e.g.", "Inc.",
// "z. B.", "Art. 6 Abs. 1 lit. a", "p. ex.", "c.-à-d.", "bzw.", "ecc.",
// "bijv.", "Sr."), a single letter (initials), dotted initialisms
// ("U.S.", "d.h."), a list number or Roman numeral opening the sentence
// ("3. Your rights", "III. VOS DROITS"), or a German ordinal date ("1.
// Januar"). Decimals, URLs and e-mail addresses never end a sentence since
// their dots are not followed by a space. French spacing before '?' and
// '!' is fine.
func SplitSentences(text string) []Sentence {
	var sp splitter
	return sp.split(text, 0, -1, nil)
}

// split appends the sentences of text to dst, their offsets shifted by
// base code points. A splitter reused across calls (assemble splits every
// segment of a document) allocates its work space once.
// runes is the number of code points of text when the caller knows it,
// else -1; either way sp.runes holds it afterwards (counted on the way
// when needed).
func (sp *splitter) split(text string, base, runes int, dst []Sentence) []Sentence {
	sp.spanText(text, runes)
	return sp.sentences(base, dst)
}

// spanText finds the sentences of text, as byte spans (sp.spans), which
// sentences then turns into Sentences: a caller may size dst in between.
func (sp *splitter) spanText(text string, runes int) {
	sp.text = text
	sp.ascii = runes == len(text) || runes < 0 && isASCII(text)
	sp.runes = runes
	if sp.ascii {
		sp.runes = len(text)
	}
	sp.spans = sp.spans[:0]
	// A short text (a heading, a list item) is read byte by byte: fewer
	// steps than a search per byte of sentenceBytes.
	sp.short = len(text) <= shortSplit
	if !sp.short {
		for k := range sp.at {
			sp.at[k] = -1
			if sp.ascii && sentenceBytes[k] >= utf8.RuneSelf {
				sp.at[k] = len(text) // none in ASCII
			}
		}
	}
	n := len(text)
	start := 0
	for i := 0; i < n; {
		i = sp.next(i)
		if i >= n {
			break
		}
		c := text[i]
		if c == '\n' {
			if labelLine(text, start, i) {
				i++ // a label reads with its value on the next line
				continue
			}
			sp.add(start, i)
			i++
			start = i
			continue
		}
		r, size := rune(c), 1
		if c >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		if !isTerminal(r) {
			i += size
			continue
		}
		// j: after the run of terminals and closing quotes or brackets
		j := i + size
		for j < n {
			r2, s2 := utf8.DecodeRuneInString(text[j:])
			if !isTerminal(r2) && !isCloser(r2) {
				break
			}
			j += s2
		}
		if j < n {
			if r2, _ := utf8.DecodeRuneInString(text[j:]); !isSpaceRune(r2) {
				i = j // "3.5", "example.com", "e.g.,"
				continue
			}
		}
		// k: the start of the next word
		k := j
		for k < n {
			r2, s2 := utf8.DecodeRuneInString(text[k:])
			if !isSpaceRune(r2) || r2 == '\n' {
				break
			}
			k += s2
		}
		if k >= n || text[k] == '\n' || !sp.endsSentence(start, i, j, k) {
			i = j // the line end or the text end closes it, or no end here
			continue
		}
		sp.add(start, j)
		start = k
		i = k
	}
	sp.add(start, n)
}

// maxLabelWords bounds a label that ends its line ("Zweck:", "Shared
// with:", "Daten, die wir erheben:").
const maxLabelWords = 5

// labelLine reports whether text[start:i], a line that a line break at i
// ends, is a label whose value the next line gives ("Zweck:\nAnzeige und
// Auswertung deiner Touren", "Gedeeld met:\nNiemand."): a few words
// ending with a colon, and a next line that holds text. The two read as
// one sentence, as "Zweck: Anzeige …" on one line does.
func labelLine(text string, start, i int) bool {
	line := strings.TrimSpace(text[start:i])
	if len(line) < 2 || line[len(line)-1] != ':' || len(line) > 60 {
		return false
	}
	if words := strings.Count(line, " ") + 1; words > maxLabelWords {
		return false
	}
	rest := text[i+1:]
	if j := strings.IndexByte(rest, '\n'); j >= 0 {
		rest = rest[:j]
	}
	return strings.TrimSpace(rest) != ""
}

// sentenceBytes are the bytes that may begin a line break or a sentence
// terminal: '\n', '.', '!', '?', and the lead bytes of "…", "‽", "。",
// "！", "？".
const sentenceBytes = "\n.!?\xe2\xe3\xef"

// shortSplit is the length up to which split reads a text byte by byte
// (see next).
const shortSplit = 96

// isSentenceByte marks sentenceBytes.
var isSentenceByte = func() (t [256]bool) {
	for i := 0; i < len(sentenceBytes); i++ {
		t[sentenceBytes[i]] = true
	}
	return t
}()

// next returns the index of the first of sentenceBytes in sp.text at or
// after i, or len(sp.text); i never decreases between calls for one text.
// It keeps the next position of each byte, found with strings.IndexByte
// (vectorised), and looks again for a byte only once i has passed it:
// each byte's search moves forward through the text once.
func (sp *splitter) next(i int) int {
	t := sp.text
	if sp.short {
		for i < len(t) && !isSentenceByte[t[i]] {
			i++
		}
		return i
	}
	best := len(t)
	for k := range sp.at {
		p := sp.at[k]
		if p < i {
			p = len(t)
			if q := strings.IndexByte(t[i:], sentenceBytes[k]); q >= 0 {
				p = i + q
			}
			sp.at[k] = p
		}
		best = min(best, p)
	}
	return best
}

// splitter collects sentences as byte offsets into text and converts them
// to code-point offsets at the end, in one pass.
type splitter struct {
	text  string
	ascii bool // text is ASCII: byte offsets are code-point offsets
	runes int  // the code points of text, or -1 until sentences counts them
	spans [][2]int
	// at[k] is the position of the next sentenceBytes[k] (see next),
	// unless short: text is read byte by byte
	at    [len(sentenceBytes)]int
	short bool
}

func (sp *splitter) sentences(base int, dst []Sentence) []Sentence {
	bytePos, runePos := 0, base
	for _, s := range sp.spans {
		b, e := s[0], s[1]
		if sp.ascii {
			dst = append(dst, Sentence{Text: sp.text[b:e], Start: base + b, End: base + e})
			continue
		}
		runePos += runeCount(sp.text[bytePos:b])
		rs := runePos
		runePos += runeCount(sp.text[b:e])
		bytePos = e
		dst = append(dst, Sentence{Text: sp.text[b:e], Start: rs, End: runePos})
	}
	if sp.runes < 0 {
		// The code points counted so far, and those after the last
		// sentence: the text is read once.
		sp.runes = runePos - base + runeCount(sp.text[bytePos:])
	}
	return dst
}

// add records text[s:e] trimmed, cut if it is too long.
func (sp *splitter) add(s, e int) {
	t := sp.text
	for s < e {
		if c := t[s]; c < utf8.RuneSelf {
			if !isSpaceRune(rune(c)) {
				break
			}
			s++
			continue
		}
		r, size := utf8.DecodeRuneInString(t[s:e])
		if !isSpaceRune(r) {
			break
		}
		s += size
	}
	for e > s {
		if c := t[e-1]; c < utf8.RuneSelf {
			if !isSpaceRune(rune(c)) {
				break
			}
			e--
			continue
		}
		r, size := utf8.DecodeLastRuneInString(t[s:e])
		if !isSpaceRune(r) {
			break
		}
		e -= size
	}
	if s >= e {
		return
	}
	if e-s > maxSentence && sp.count(t[s:e]) > maxSentence {
		for _, sep := range []byte{';', ':'} {
			if cuts := sp.cutPoints(s, e, sep); len(cuts) > 0 {
				prev := s
				for _, c := range cuts {
					sp.add(prev, c)
					prev = c
				}
				sp.add(prev, e)
				return
			}
		}
	}
	sp.spans = append(sp.spans, [2]int{s, e})
}

// count counts the code points of s, a piece of the text: in an ASCII
// text, they are its bytes, and the splitter counts none (1.2 M fewer
// instructions per OPP-115 pass, whose legal prose holds many long
// sentences).
func (sp *splitter) count(s string) int {
	if sp.ascii {
		return len(s)
	}
	return runeCount(s)
}

// cutPoints returns the byte positions just after each sep followed by a
// space where both the piece before and the rest are long enough.
func (sp *splitter) cutPoints(s, e int, sep byte) []int {
	t := sp.text
	var cuts []int
	total := sp.count(t[s:e])
	seen, piece := 0, 0 // code points up to each sep, and since the last cut
	for i := s; i < e-1; {
		q := strings.IndexByte(t[i:e-1], sep)
		if q < 0 {
			break
		}
		p := i + q
		k := p + 1 - i
		if !sp.ascii {
			k = runeStarts(t[i : p+1])
		}
		seen += k
		piece += k
		if t[p+1] == ' ' && piece >= minSentencePiece && total-seen >= minSentencePiece/2 {
			cuts = append(cuts, p+1)
			piece = 0
		}
		i = p + 1
	}
	return cuts
}

// runeStarts counts the bytes of s that are not UTF-8 continuation bytes
// (10xxxxxx): its code points when s is valid UTF-8.
func runeStarts(s string) int {
	n, i := len(s), 0
	for ; i+8 <= len(s); i += 8 {
		x := load64(s, i)
		n -= bits.OnesCount64(x &^ (x << 1) & msb)
	}
	for ; i < len(s); i++ {
		if s[i]&0xC0 == 0x80 {
			n--
		}
	}
	return n
}

// endsSentence decides whether the terminal at byte i (its punctuation
// run ending at j, the next word at k) closes the sentence begun at start.
func (sp *splitter) endsSentence(start, i, j, k int) bool {
	t := sp.text
	term, tsize := utf8.DecodeRuneInString(t[i:])
	next, _ := utf8.DecodeRuneInString(t[k:])
	lowerNext := unicode.IsLower(next)
	switch term {
	case '!', '?', '！', '？', '‽':
		return !lowerNext
	case '…':
		return unicode.IsUpper(next)
	}
	if lowerNext {
		return false
	}
	// An ellipsis written "..." ends a sentence only before a capital.
	if i > 0 && t[i-1] == '.' || i+tsize < j && t[i+tsize] == '.' {
		return unicode.IsUpper(next)
	}
	// The word before the full stop.
	ws := i
	for ws > start {
		if c := t[ws-1]; c < utf8.RuneSelf {
			if c <= ' ' && (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
				break
			}
			ws--
			continue
		}
		r, size := utf8.DecodeLastRuneInString(t[start:ws])
		if isSpaceRune(r) {
			break
		}
		ws -= size
	}
	for ws < i {
		if c := t[ws]; c < utf8.RuneSelf {
			if c != '(' && c != '[' && c != '{' && c != '"' && c != '\'' {
				break
			}
			ws++
			continue
		}
		r, size := utf8.DecodeRuneInString(t[ws:i])
		if !strings.ContainsRune("«‹“‘„", r) {
			break
		}
		ws += size
	}
	if ws == i {
		return true
	}
	w := t[ws:i]
	wlen := sp.count(w)
	if first, _ := utf8.DecodeRuneInString(w); wlen == 1 && unicode.IsLetter(first) {
		if letterCitations[strings.ToLower(strings.TrimSuffix(lastWord(t[start:ws]), "."))] {
			return unicode.IsUpper(next) // "Art. 6 Abs. 1 lit. f. Wir …"
		}
		return false // an initial, "z. B.", "p. ex."
	}
	if wlen <= 12 {
		// Abbreviations are short: only those words are looked up.
		var lower [48]byte
		lw := appendLower(lower[:0], w)
		kind := abbrevKinds.lookup(lw)
		if kind&abbrevMayEnd != 0 {
			return unicode.IsUpper(next)
		}
		if kind&abbrevListed != 0 || bytes.IndexByte(lw, '.') >= 0 && isDottedInitialism(string(lw)) {
			return false
		}
	}
	atStart := isBlank(t[start:ws])
	if isNumbering(w) {
		if atStart {
			return false // "3. Your rights", "1.2. Scope"
		}
		if isAllDigits(w) && len(w) <= 3 && isGermanOrdinal(t[start:ws], nextWord(t[k:])) {
			return false // "am 1. Januar", "das 16. Lebensjahr"
		}
	}
	if atStart && isRoman(w) {
		return false
	}
	return true
}

// isBlank reports whether s is white space only (strings.TrimSpace(s)
// is empty), reading ASCII bytes inline.
func isBlank(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf {
			return strings.TrimSpace(s[i:]) == ""
		} else if !isASCIISpace(c) {
			return false
		}
	}
	return true
}

// appendLower appends w in lower case to buf (strings.ToLower's result).
func appendLower(buf []byte, w string) []byte {
	n := len(buf)
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= utf8.RuneSelf {
			return append(buf[:n], strings.ToLower(w)...)
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf = append(buf, c)
	}
	return buf
}

// isGermanOrdinal reports whether a number written "16." between the
// text before (ending with a space) and the next word is a German ordinal
// rather than a number closing a sentence: before a month ("1. Januar",
// "25. Mai 2018", "3. Okt."), before a noun that counts in ordinals ("das
// 16. Lebensjahr", "im 2. Quartal", "der 3. Absatz"), or after an article
// or a preposition merged with one ("ab dem 16.", "zum 31.").
func isGermanOrdinal(before, next string) bool {
	nw := strings.ToLower(next)
	if germanMonths[nw] || germanMonthAbbrevs[nw] || germanOrdinalNouns[nw] {
		return true
	}
	return germanOrdinalArticles[strings.ToLower(lastWord(before))] && next != ""
}

// letterCitations are the words that cite a lettered point of a legal
// provision ("lit. f", "Buchst. b", "lett. a"): the letter may close the
// sentence.
var letterCitations = setOf("lit", "buchst", "buchstabe", "lett", "letra")

// lastWord returns the last space-separated word of s.
func lastWord(s string) string {
	s = strings.TrimRight(s, " ")
	return s[strings.LastIndexByte(s, ' ')+1:]
}

func nextWord(s string) string {
	for i, r := range s {
		if !unicode.IsLetter(r) {
			return s[:i]
		}
	}
	return s
}

func isTerminal(r rune) bool {
	switch r {
	case '.', '!', '?', '…', '。', '！', '？', '‽':
		return true
	}
	return false
}

func isCloser(r rune) bool {
	switch r {
	case ')', ']', '}', '"', '\'', '»', '”', '’', '›', '」', '*':
		return true
	}
	return false
}

// isSpaceRune is unicode.IsSpace, its ASCII case small enough to be
// inlined where the splitter trims and steps over spaces (one call fewer
// per test: 0.6 M fewer instructions per OPP-115 pass).
func isSpaceRune(r rune) bool {
	if r < utf8.RuneSelf {
		return r == ' ' || uint32(r)-'\t' <= '\r'-'\t' // \t \n \v \f \r
	}
	return unicode.IsSpace(r)
}

// isDottedInitialism matches "u.s", "e.g", "z.b", "s.r.l", "c.-à-d":
// two or more parts of at most three letters joined by dots.
func isDottedInitialism(w string) bool {
	if !strings.Contains(w, ".") {
		return false
	}
	parts := strings.Split(w, ".")
	if len(parts) < 2 {
		return false
	}
	for _, p := range parts {
		p = strings.Trim(p, "-")
		rs := []rune(p)
		if len(rs) == 0 || len(rs) > 3 {
			return false
		}
		for _, r := range rs {
			if !unicode.IsLetter(r) && r != '-' {
				return false
			}
		}
	}
	return true
}

// isNumbering matches "3", "12", "1.2", "4.1.3": a section or list number.
func isNumbering(w string) bool {
	if w == "" {
		return false
	}
	for i := 0; i < len(w); i++ {
		c := w[i]
		if (c < '0' || c > '9') && c != '.' {
			return false
		}
	}
	return w[0] != '.'
}

func isAllDigits(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < '0' || w[i] > '9' {
			return false
		}
	}
	return w != ""
}

func isRoman(w string) bool {
	if len(w) == 0 || len(w) > 6 {
		return false
	}
	w = strings.ToUpper(w)
	for i := 0; i < len(w); i++ {
		if !strings.ContainsRune("IVXLC", rune(w[i])) {
			return false
		}
	}
	return true
}

// germanMonthAbbrevs are the German month abbreviations ("3. Okt.").
var germanMonthAbbrevs = setOf("jan", "jän", "feb", "febr", "mär", "mrz", "apr", "jun", "jul",
	"aug", "sep", "sept", "okt", "nov", "dez")

// germanOrdinalNouns are nouns German counts with ordinal numbers written
// "16.": ages and anniversaries, periods, parts of texts, ranks.
var germanOrdinalNouns = setOf(
	"lebensjahr", "lebensjahres", "lebensjahrs", "geburtstag", "geburtstags", "geburtstages",
	"jahrestag", "jahrhundert", "jahrhunderts", "jahr", "jahres", "jahrs", "kalenderjahr",
	"kalenderjahres", "geschäftsjahr", "geschäftsjahres", "halbjahr", "halbjahres", "quartal",
	"quartals", "monat", "monats", "woche", "kalenderwoche", "tag", "tages", "tags", "werktag",
	"werktages", "kalendertag", "kalendertages", "mal", "klasse", "stock", "etage", "platz",
	"rang", "stelle", "absatz", "absatzes", "unterabsatz", "unterabsatzes", "kapitel", "abschnitt",
	"abschnitts", "abschnittes", "satz", "satzes", "halbsatz", "teil", "teils", "buch", "buches",
	"titel", "änderung", "auflage", "fassung", "version", "stufe", "schritt", "alternative",
	"variante", "ebene", "instanz", "ausgabe", "runde", "lesung", "sitzung", "spiegelstrich")

// germanOrdinalArticles are the German articles and prepositions merged
// with one after which a number is an ordinal ("ab dem 16.", "zum 31.").
// "am" and "die", which are also English words, are left out.
var germanOrdinalArticles = setOf("dem", "den", "der", "des", "das", "im", "vom", "zum", "zur", "beim")

var germanMonths = setOf("januar", "jänner", "februar", "märz", "april", "mai", "juni",
	"juli", "august", "september", "oktober", "november", "dezember")

// What abbrevKinds tells of a word.
const (
	abbrevMayEnd = 1 << iota // in mayEndAbbrev
	abbrevListed             // in abbreviations
)

// abbrevKinds holds the words of mayEndAbbrev and abbreviations for the
// look-up endsSentence makes at every full stop.
var abbrevKinds = func() *shortWords {
	kinds := map[string]uint8{}
	for w := range mayEndAbbrev {
		kinds[w] |= abbrevMayEnd
	}
	for w := range abbreviations {
		kinds[w] |= abbrevListed
	}
	return newShortWords(kinds)
}()

// shortWords maps words of up to eight bytes to small values: an
// open-addressing table on their bytes read as a little-endian word, one
// multiplication and a comparison or two where a map hashes a string.
type shortWords struct {
	slots []shortWordSlot
	shift uint
}

type shortWordSlot struct {
	key      uint64
	len, val uint8 // len 0: an empty slot
}

func newShortWords(words map[string]uint8) *shortWords {
	t := &shortWords{shift: 64}
	for 1<<(64-t.shift) < 4*len(words) {
		t.shift--
	}
	t.slots = make([]shortWordSlot, 1<<(64-t.shift))
	mask := uint64(len(t.slots) - 1)
	for w, v := range words {
		if w == "" || len(w) > 8 {
			panic("shortWords: " + w)
		}
		key := packWord(w)
		p := key * 0x9E3779B97F4A7C15 >> t.shift
		for t.slots[p].len != 0 {
			p = (p + 1) & mask
		}
		t.slots[p] = shortWordSlot{key, uint8(len(w)), v}
	}
	return t
}

// packWord reads w, of up to eight bytes, as a little-endian word.
func packWord[S string | []byte](w S) uint64 {
	var key uint64
	for k := len(w) - 1; k >= 0; k-- {
		key = key<<8 | uint64(w[k])
	}
	return key
}

// lookup returns the value of w, 0 if it is not in t.
func (t *shortWords) lookup(w []byte) uint8 {
	if len(w) == 0 || len(w) > 8 {
		return 0
	}
	key := packWord(w)
	mask := uint64(len(t.slots) - 1)
	for p := key * 0x9E3779B97F4A7C15 >> t.shift; ; p = (p + 1) & mask {
		sl := &t.slots[p]
		if sl.len == 0 {
			return 0
		}
		if sl.key == key && int(sl.len) == len(w) {
			return sl.val
		}
	}
}

// mayEndAbbrev are abbreviations that often close a sentence ("names,
// addresses, etc. We …"): a capital after them starts a new sentence.
var mayEndAbbrev = setOf("etc", "usw", "ecc", "enz", "etc.", "u.s.w")

// abbreviations (lower case, without the final dot) after which a full
// stop does not end a sentence, whatever follows. Single letters and
// dotted initialisms are handled by rule, not listed.
var abbreviations = setOf(
	// English
	"e.g", "i.e", "eg", "ie", "inc", "ltd", "co", "corp", "llc", "plc", "no", "nos",
	"vs", "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "approx", "dept", "est",
	"fig", "jan", "feb", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
	"pp", "para", "paras", "sec", "secs", "art", "arts", "ch", "cf", "al", "ca", "resp",
	"tel", "ref", "vol", "cal", "civ", "stat", "ave", "blvd", "rd", "ste", "min", "max",
	// French
	"ex", "mme", "mmes", "mlle", "mlles", "mm", "env", "tél", "chap", "éd", "réf",
	"c.-à-d", "c-à-d", "cà-d", "av", "bd", "sté", "ste", "dép", "n°",
	// German
	"z.b", "d.h", "bzw", "abs", "lit", "nr", "ggf", "u.a", "z.t", "vgl", "inkl", "evtl",
	"sog", "bspw", "gem", "ff", "i.v.m", "u.u", "v.a", "zzgl", "str", "hr", "fr", "tel",
	"bzgl", "ca", "insb", "mind", "max", "abschn", "ziff", "kap", "anm", "allg", "eingetr",
	"gegr", "geb", "jh", "jhd", "lfd", "mio", "mrd", "rdnr", "rn", "u.ä", "o.ä",
	"dgl", "m.e", "zit", "s.o", "s.u", "uabs", "unterabs", "hs", "buchst", "rz", "erwgr", "erwg",
	"anh", "jän", "febr", "mär", "mrz", "okt", "dez",
	// Spanish
	"ej", "sra", "sras", "srta", "dra", "núm", "num", "pág", "págs", "ud", "uds", "vd",
	"vds", "dña", "admón", "aprox", "avda", "c.p", "cía", "dpto", "excmo", "ilmo", "lic",
	"ntra", "sres", "s.a", "s.l", "s.l.u", "tfno",
	// Italian
	"es", "sig", "sigg", "dott", "dott.ssa", "ing", "avv", "pag", "p.es", "s.p.a",
	"s.r.l", "c.d", "cd", "ss", "segg", "n.b", "rag", "geom", "spett", "tit",
	// Dutch
	"bijv", "b.v", "d.w.z", "o.a", "m.b.t", "t.a.v", "jl", "evt", "zgn", "o.b.v",
	"blz", "mevr", "dhr", "m.u.v", "t.o.v", "i.p.v", "a.s", "ivm", "nl",
	// Portuguese
	"n.º", "nº", "lda", "v.g", "sr.ª", "dr.ª", "exmo", "exma", "pág", "tel", "cód",
)

func setOf(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}
