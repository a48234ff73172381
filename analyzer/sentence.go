package analyzer

import (
	"strings"
	"unicode"
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
	if strings.TrimSpace(text) == "" {
		return nil
	}
	rs := []rune(text)
	n := len(rs)
	var out []Sentence
	start := 0
	for i := 0; i < n; i++ {
		r := rs[i]
		if r == '\n' {
			out = appendSentence(out, rs, start, i)
			start = i + 1
			continue
		}
		if !isTerminal(r) {
			continue
		}
		j := i + 1
		for j < n && (isTerminal(rs[j]) || isCloser(rs[j])) {
			j++
		}
		if j < n && !isSpaceRune(rs[j]) {
			i = j - 1 // "3.5", "example.com", "e.g.,"
			continue
		}
		k := j
		for k < n && isSpaceRune(rs[k]) && rs[k] != '\n' {
			k++
		}
		if k >= n || rs[k] == '\n' {
			i = j - 1 // the line end or the text end closes it
			continue
		}
		if !endsSentence(rs, start, i, j, k) {
			i = j - 1
			continue
		}
		out = appendSentence(out, rs, start, j)
		start = k
		i = k - 1
	}
	out = appendSentence(out, rs, start, n)
	return out
}

// appendSentence appends rs[s:e] trimmed, cutting it if it is too long.
func appendSentence(out []Sentence, rs []rune, s, e int) []Sentence {
	for s < e && isSpaceRune(rs[s]) {
		s++
	}
	for e > s && isSpaceRune(rs[e-1]) {
		e--
	}
	if s >= e {
		return out
	}
	if e-s > maxSentence {
		if cuts := cutPoints(rs, s, e, ';'); len(cuts) > 0 {
			return appendPieces(out, rs, s, e, cuts)
		}
		if cuts := cutPoints(rs, s, e, ':'); len(cuts) > 0 {
			return appendPieces(out, rs, s, e, cuts)
		}
	}
	return append(out, Sentence{Text: string(rs[s:e]), Start: s, End: e})
}

func appendPieces(out []Sentence, rs []rune, s, e int, cuts []int) []Sentence {
	prev := s
	for _, c := range cuts {
		out = appendSentence(out, rs, prev, c)
		prev = c
	}
	return appendSentence(out, rs, prev, e)
}

// cutPoints returns the positions just after each sep followed by a space
// where both the piece before and the rest are long enough.
func cutPoints(rs []rune, s, e int, sep rune) []int {
	var cuts []int
	prev := s
	for i := s; i < e-1; i++ {
		if rs[i] == sep && isSpaceRune(rs[i+1]) && i+1-prev >= minSentencePiece && e-(i+1) >= minSentencePiece/2 {
			cuts = append(cuts, i+1)
			prev = i + 1
		}
	}
	return cuts
}

// endsSentence decides whether the terminal at rs[i] (its punctuation run
// ending at j, the next word at k) closes the sentence begun at start.
func endsSentence(rs []rune, start, i, j, k int) bool {
	next := rs[k]
	lowerNext := unicode.IsLower(next)
	switch rs[i] {
	case '!', '?', '！', '？', '‽':
		return !lowerNext
	case '…':
		return unicode.IsUpper(next)
	}
	if lowerNext {
		return false
	}
	// An ellipsis written "..." ends a sentence only before a capital.
	if i > 0 && rs[i-1] == '.' || j-i > 1 && rs[i+1] == '.' {
		return unicode.IsUpper(next)
	}
	// The word before the full stop.
	ws := i
	for ws > start && !isSpaceRune(rs[ws-1]) {
		ws--
	}
	w := strings.TrimLeft(string(rs[ws:i]), "([{\"'«‹“‘„")
	if w == "" {
		return true
	}
	lw := strings.ToLower(w)
	if mayEndAbbrev[lw] {
		return unicode.IsUpper(next)
	}
	if abbreviations[lw] {
		return false
	}
	wr := []rune(w)
	if len(wr) == 1 && unicode.IsLetter(wr[0]) {
		return false // an initial, "z. B.", "p. ex."
	}
	if isDottedInitialism(lw) {
		return false
	}
	atStart := strings.TrimSpace(string(rs[start:ws])) == ""
	if isNumbering(w) {
		if atStart {
			return false // "3. Your rights", "1.2. Scope"
		}
		if isAllDigits(w) && len(w) <= 2 && germanMonths[strings.ToLower(nextWord(rs, k))] {
			return false // "am 1. Januar"
		}
	}
	if atStart && isRoman(w) {
		return false
	}
	return true
}

func nextWord(rs []rune, k int) string {
	e := k
	for e < len(rs) && unicode.IsLetter(rs[e]) {
		e++
	}
	return string(rs[k:e])
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

func isSpaceRune(r rune) bool {
	return r == ' ' || r == '\n' || r == '\t' || r == '\r' || unicode.IsSpace(r)
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

var germanMonths = setOf("januar", "jänner", "februar", "märz", "april", "mai", "juni",
	"juli", "august", "september", "oktober", "november", "dezember")

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
	"dgl", "m.e", "zit", "s.o", "s.u",
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
