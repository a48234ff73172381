package rules

import (
	"encoding/binary"
	"math/bits"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Text normalisation and tokenisation (TOPICS.md §9.9).
//
// Matching works on tokens, never on substrings of the raw text: Go's RE2
// \b and \w are ASCII-only and miss "sécurité" or "l’âge". A token is a run
// of letters, combining marks and digits. Each token keeps its byte span in
// the original sentence and a key: the NFKD-decomposed, case-folded,
// accent-stripped form ("Löschung", "Lo\u0308schung" and "LÖSCHUNG" all give
// "loschung"; "ﬁ" gives "fi"; "ß" gives "ss"; "İ" and "ı" give "i").
//
// Apostrophes of every kind split tokens, so the elisions of French and
// Italian (l', d', qu', dell') stand as their own tokens: "droit d’accès"
// and "droit d'accès" both give droit·d·acces. Soft hyphens and zero-width
// characters are dropped inside a token. A hyphen between letters (or a
// hyphen at a line break, "Daten-\nschutz") and a change from lower to upper
// case inside a word ("VorgabenderDatenschutz") split the token, and the
// first part also carries the joined form of the whole compound, so
// "Datenschutz-Erklärung" matches both "datenschutz" and
// "datenschutzerklarung", and "opt-out" matches "opt out" and "optout".

// token is one word of a sentence.
type token struct {
	start, end int32 // byte span in the sentence text
	k0, k1     int32 // key: keys[k0:k1]
	// j0, j1 is the joined key of the compound that starts here (keys[j0:j1]),
	// and jEnd the index of the token after the compound; j1 == 0 when this
	// token starts no compound.
	j0, j1 int32
	jEnd   int32
	num    int32 // value of an all-digit token (capped), -1 otherwise
	// compound is true for a token that continues a compound (after a hyphen
	// or a case change).
	compound bool
}

// tokens is a reusable tokenisation of one sentence.
type tokens struct {
	toks []token
	// keys holds the tokens' keys: a copy of the sentence, where the keys
	// of plain ASCII words lie in place, then the others (see tokenize).
	keys []byte
	tmp  []byte
}

func (t *tokens) key(i int) []byte  { return t.keys[t.toks[i].k0:t.toks[i].k1] }
func (t *tokens) join(i int) []byte { return t.keys[t.toks[i].j0:t.toks[i].j1] }

// ignorable reports runes deleted before matching: the soft hyphen and the
// zero-width characters (TOPICS.md §9.2, §9.7).
func ignorable(r rune) bool {
	switch r {
	case 0x00AD, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF:
		return true
	}
	return false
}

func isHyphen(r rune) bool {
	switch r {
	case '-', 0x2010, 0x2011, 0x2012, 0x2013, 0x2212, 0xFE63, 0xFF0D:
		return true
	}
	return false
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	if r == 0x02BC || r == 0x02BB || r == 0x02B9 { // modifier-letter apostrophes and prime
		return false
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r)
}

const maxNum = 1 << 20

// ASCII classes for the tokeniser's fast path: 0 is a separator.
const (
	clsLower = 1 + iota
	clsUpper
	clsDigit
	clsHigh // a byte of a multi-byte sequence (wordClass only)
)

var asciiClass = func() (t [utf8.RuneSelf]uint8) {
	for c := 'a'; c <= 'z'; c++ {
		t[c] = clsLower
	}
	for c := 'A'; c <= 'Z'; c++ {
		t[c] = clsUpper
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = clsDigit
	}
	return t
}()

// tokenize splits s into tokens, replacing the previous content of t.
func (tt *tokens) tokenize(s string) {
	// Work on a copy on the stack: appending to the slices of a heap
	// object costs a write barrier each time while the collector runs.
	//
	// keys opens with a copy of s: the key of a word of ASCII letters and
	// digits is its own bytes there (lower-cased in place), one copy of
	// the sentence instead of one per token. The other keys follow it.
	// (Evaluate over OPP-115: 513 → 501 M instructions per pass, -2.4%.)
	lt := tokens{toks: tt.toks[:0], keys: append(tt.keys[:0], s...), tmp: tt.tmp}
	t := &lt
	defer func() { *tt = lt }()
	compoundStart := -1 // index of the first token of the current compound
	inCompound := false // the next token continues a compound
	i := 0
	for i < len(s) {
		if compoundStart < 0 && !inCompound {
			// Plain words and separators, most of any text, in a loop
			// of their own; it stops where a step below is needed.
			if i = t.plainWords(s, i); i >= len(s) {
				break
			}
		}
		c := s[i]
		cl := wordClass[c]
		if cl == 0 && c != '+' && c != '-' {
			// An ASCII separator: the common case, handled first.
			if compoundStart >= 0 {
				t.closeCompound(compoundStart)
				compoundStart = -1
			}
			inCompound = false
			i++
			continue
		}
		if cl != clsHigh && cl != 0 {
			// An ASCII letter or digit starts a word (a URL is no word).
			if mayOpenURL(s, i) {
				if j := urlEnd(s, i); j > i {
					t.closeCompound(compoundStart)
					compoundStart, inCompound = -1, false
					i = j
					continue
				}
			}
			// The fast path: a word of ASCII letters and digits with no
			// case change to split at, ended by an ASCII byte.
			j, prevLower := i, 0
			upper, digits, fast := false, true, true
		scan:
			for ; j < len(s); j++ {
				switch wordClass[s[j]] {
				case clsLower:
					// A run of lower-case letters, the bulk of any text.
					k := j + 1
					for k < len(s) && wordClass[s[k]] == clsLower {
						k++
					}
					prevLower += k - j
					digits = false
					j = k - 1
				case clsUpper:
					if prevLower >= 2 {
						fast = false // camelCase glue
						break scan
					}
					prevLower = 0
					upper, digits = true, false
				case clsDigit:
					prevLower = 0
				case clsHigh:
					fast = false
					break scan
				default:
					break scan
				}
			}
			if fast {
				if inCompound && compoundStart < 0 {
					compoundStart = len(lt.toks) - 1
				}
				if upper {
					for q, c := range lt.keys[i:j] {
						if 'A' <= c && c <= 'Z' {
							lt.keys[i+q] = c + 'a' - 'A'
						}
					}
				}
				num := -1
				if digits && j-i <= 7 {
					num = 0
					for _, c := range []byte(s[i:j]) {
						num = num*10 + int(c-'0')
					}
				}
				// Grow and set in place: a composite literal would be built
				// on the stack and copied with wide loads that stall on
				// the narrow stores just made.
				n := len(lt.toks)
				if n == cap(lt.toks) {
					lt.toks = slices.Grow(lt.toks, 1)
				}
				lt.toks = lt.toks[:n+1]
				tk := &lt.toks[n]
				tk.start, tk.end, tk.k0, tk.k1 = int32(i), int32(j), int32(i), int32(j)
				tk.j0, tk.j1, tk.jEnd, tk.num, tk.compound = 0, 0, 0, int32(num), inCompound
				inCompound = false
				i = j
				continue
			}
		}
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		if isCrossMark(r) {
			// "❌ Advertising identifiers": a cross mark says no.
			t.closeCompound(compoundStart)
			compoundStart, inCompound = -1, false
			t.appendKeyed(i, i+size, "no")
			i += size
			continue
		}
		if !isWordRune(r) || ignorable(r) {
			if r == '+' && len(t.toks) > 0 && int(t.toks[len(t.toks)-1].end) == i && t.toks[len(t.toks)-1].num >= 0 {
				// "16+": the plus is a token of its own.
				t.appendToken(s, i, i+1, false)
				compoundStart, inCompound = -1, false
				i++
				continue
			}
			// A hyphen between word runes continues a compound; so does a
			// hyphen at a line break followed by a lower-case letter.
			if isHyphen(r) && len(t.toks) > 0 && int(t.toks[len(t.toks)-1].end) == i {
				if j, ok := compoundContinues(s, i+size); ok {
					if compoundStart < 0 {
						compoundStart = len(t.toks) - 1
					}
					inCompound = true
					i = j
					continue
				}
			}
			if !ignorable(r) {
				t.closeCompound(compoundStart)
				compoundStart, inCompound = -1, false
			}
			i += size
			continue
		}
		// URLs are not words: their tokens ("https", "cookies" in a path)
		// would fire rules. (An ASCII start was checked above.)
		if r >= utf8.RuneSelf {
			if j := urlEnd(s, i); j > i {
				t.closeCompound(compoundStart)
				compoundStart, inCompound = -1, false
				i = j
				continue
			}
		}
		// A word: scan to its end, splitting at lower→upper case changes.
		start := i
		prevLower := 0 // length of the current run of lower-case letters
		j := i
		for j < len(s) {
			if c := s[j]; c < utf8.RuneSelf {
				cl := asciiClass[c]
				if cl == 0 {
					break
				}
				if cl == clsUpper && prevLower >= 2 && j > start {
					if compoundStart < 0 || !inCompound {
						compoundStart = len(t.toks)
					}
					t.appendToken(s, start, j, inCompound)
					inCompound = true
					start = j
				}
				if cl == clsLower {
					prevLower++
				} else {
					prevLower = 0
				}
				j++
				continue
			}
			r2, sz := rune(s[j]), 1
			if r2 >= utf8.RuneSelf {
				r2, sz = utf8.DecodeRuneInString(s[j:])
			}
			if ignorable(r2) {
				j += sz
				continue
			}
			if !isWordRune(r2) {
				break
			}
			if unicode.IsUpper(r2) && prevLower >= 2 && j > start {
				// camelCase glue: "cookiesWe", "VorgabenderDatenschutz".
				if compoundStart < 0 || !inCompound {
					compoundStart = len(t.toks)
				}
				t.appendToken(s, start, j, inCompound)
				inCompound = true
				start = j
				prevLower = 0
			}
			if unicode.IsLower(r2) {
				prevLower++
			} else if !unicode.Is(unicode.Mn, r2) {
				prevLower = 0
			}
			j += sz
		}
		if inCompound && compoundStart < 0 {
			compoundStart = len(t.toks) - 1
		}
		t.appendToken(s, start, j, inCompound)
		inCompound = false
		i = j
	}
	t.closeCompound(compoundStart)
	t.dropEnumerators(s)
}

// dropEnumerators removes the markers of an enumeration inside a sentence
// ("to (i) provide the services and (ii) process payments", "para a)
// gestionar"): a letter, a roman numeral up to xii or a digit closed by a
// parenthesis, after a space, an opening parenthesis, a colon or a
// semicolon, or at the start. They stand between a verb and its object or
// a preposition and its verb, where a pattern's tokens must follow each
// other. "partner(s)" and "Art. 6(1)" keep theirs: no space before.
func (t *tokens) dropEnumerators(s string) {
	if strings.IndexByte(s, ')') < 0 {
		return // most sentences: nothing to look at
	}
	n := 0
	for k := range t.toks {
		tk := &t.toks[k]
		if tk.j1 > 0 {
			tk.jEnd -= int32(k - n) // no marker is inside a compound
		}
		if isEnumerator(s, tk) {
			continue
		}
		t.toks[n] = *tk
		n++
	}
	t.toks = t.toks[:n]
}

// isEnumerator reports whether token tk of s is an enumeration marker
// (see dropEnumerators).
func isEnumerator(s string, tk *token) bool {
	start, end := int(tk.start), int(tk.end)
	if end >= len(s) || s[end] != ')' || end-start > 4 || tk.compound || tk.j1 > 0 {
		return false
	}
	b := start
	if b > 0 && s[b-1] == '(' {
		b--
	}
	if b > 0 {
		switch s[b-1] {
		case ' ', '\t', '\n', ':', ';', '(':
		default:
			return false
		}
	}
	w := s[start:end]
	if len(w) == 1 {
		c := w[0] | 0x20
		return 'a' <= c && c <= 'z' || '1' <= w[0] && w[0] <= '9'
	}
	switch strings.ToLower(w) {
	case "ii", "iii", "iv", "vi", "vii", "viii", "ix", "xi", "xii":
		return true
	}
	return false
}

// plainWords tokenises s from i while it holds ASCII separators (but '+'
// and '-') and plain words: ASCII lower-case letters, the first maybe
// upper-case, ended by such a separator, not a URL. It returns where it
// stopped: the end of s, or a byte or word that tokenize's general steps
// read (a hyphen, a digit, a letter beyond ASCII, a case change, a URL).
// No compound may be open. It gives the tokens tokenize's steps give, in
// fewer instructions (Evaluate over OPP-115: 429 → 417 M per pass, -3.0%).
func (t *tokens) plainWords(s string, i int) int {
	for i < len(s) {
		c := s[i]
		cl := wordClass[c]
		if cl == 0 {
			if c == '+' || c == '-' {
				return i
			}
			i++
			continue
		}
		if cl != clsLower && cl != clsUpper {
			return i
		}
		if mayOpenURL(s, i) {
			if urlEnd(s, i) > i {
				return i
			}
		}
		j := lowerRun(t.keys[:len(s)], i+1) // s's copy
		if j < len(s) && wordClass[s[j]] != 0 {
			return i
		}
		if cl == clsUpper {
			t.keys[i] = c + 'a' - 'A'
		}
		// Grown and set in place as in tokenize's word loop. A method
		// shared by the two is too large to be inlined, and its call cost
		// 1.6% of Evaluate's instructions over OPP-115.
		n := len(t.toks)
		if n == cap(t.toks) {
			t.toks = slices.Grow(t.toks, 1)
		}
		t.toks = t.toks[:n+1]
		tk := &t.toks[n]
		tk.start, tk.end, tk.k0, tk.k1 = int32(i), int32(j), int32(i), int32(j)
		tk.j0, tk.j1, tk.jEnd, tk.num, tk.compound = 0, 0, 0, -1, false
		i = j
	}
	return i
}

// lowerRun returns the end of the run of ASCII lower-case letters that
// starts at b[j]: eight bytes at a time, where it can.
func lowerRun(b []byte, j int) int {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	for j+8 <= len(b) {
		x := binary.LittleEndian.Uint64(b[j:])
		// The top bit of each byte: set when it is at least 'a' (ge), more
		// than 'z' (gt), beyond ASCII (x). A byte beyond ASCII may carry
		// into the next, past the first that fails.
		ge := x + ones*(0x80-'a')
		gt := x + ones*(0x80-'z'-1)
		ok := ge &^ gt &^ x & highs
		if ok != highs {
			return j + bits.TrailingZeros64(^ok&highs)/8
		}
		j += 8
	}
	for j < len(b) && wordClass[b[j]] == clsLower {
		j++
	}
	return j
}

// wordClass is asciiClass over every byte value, clsHigh for the bytes of
// multi-byte UTF-8 sequences.
var wordClass = func() (t [256]uint8) {
	copy(t[:], asciiClass[:])
	for c := utf8.RuneSelf; c < 256; c++ {
		t[c] = clsHigh
	}
	return t
}()

// mayOpenURL reports whether a URL may start at s[i]: its first two bytes
// are "ht" or "ww" (either case), and two more bytes follow. It rules out,
// without a call to urlEnd, the many words that start with an h or a w
// ("we", "which", "how"; Evaluate over OPP-115: 372.6 → 370.2 M
// instructions per pass, -0.65%, means of three runs). Checking two bytes
// at every word instead of the first alone cost +0.3%.
func mayOpenURL(s string, i int) bool {
	c := s[i] | 0x20
	if c != 'h' && c != 'w' || i+4 > len(s) {
		return false
	}
	d := s[i+1] | 0x20
	return c == 'h' && d == 't' || c == 'w' && d == 'w'
}

// urlEnd returns the end of the URL starting at i ("http://", "https://"
// or "www."), or i when none starts there.
func urlEnd(s string, i int) int {
	if c := s[i] | 0x20; c != 'h' && c != 'w' {
		return i
	}
	if i > 0 && isWordRune(rune(s[i-1])) {
		return i
	}
	rest := s[i:]
	if len(rest) < 4 {
		return i
	}
	switch c := rest[0] | 0x20; {
	case c == 'h' && (hasPrefixFold(rest, "http://") || hasPrefixFold(rest, "https://")):
	case c == 'w' && hasPrefixFold(rest, "www."):
	default:
		return i
	}
	j := i
	for j < len(s) {
		c := s[j]
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '"' || c == '<' || c == '>' || c == ')' || c == ']' {
			break
		}
		j++
	}
	return j
}

func hasPrefixFold(s, prefix string) bool {
	if len(s) < len(prefix) {
		return false
	}
	for k := 0; k < len(prefix); k++ {
		c := s[k]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != prefix[k] {
			return false
		}
	}
	return true
}

// compoundContinues reports whether the text after a hyphen at i continues
// the word: a word rune at once, or a line break then a lower-case letter.
// It returns where the next word starts.
func compoundContinues(s string, i int) (int, bool) {
	if i >= len(s) {
		return 0, false
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	if isWordRune(r) {
		return i, true
	}
	j, sawNewline := i, false
	for j < len(s) {
		r, sz := utf8.DecodeRuneInString(s[j:])
		switch {
		case r == '\n' || r == '\r':
			sawNewline = true
		case r == ' ' || r == '\t':
		default:
			if sawNewline && unicode.IsLower(r) {
				return j, true
			}
			return 0, false
		}
		j += sz
	}
	return 0, false
}

// closeCompound records the joined key of the compound that started at
// token first and ends with the last token, if it has two parts or more.
func (t *tokens) closeCompound(first int) {
	if first < 0 || first >= len(t.toks)-1 {
		return
	}
	j0 := len(t.keys)
	for k := first; k < len(t.toks); k++ {
		t.keys = append(t.keys, t.keys[t.toks[k].k0:t.toks[k].k1]...)
	}
	t.toks[first].j0, t.toks[first].j1 = int32(j0), int32(len(t.keys))
	t.toks[first].jEnd = int32(len(t.toks))
}

func (t *tokens) appendToken(s string, start, end int, compound bool) {
	k0 := len(t.keys)
	t.keys, t.tmp = appendKey(t.keys, t.tmp, s[start:end])
	num := -1
	if k1 := len(t.keys); k1 > k0 && k1-k0 <= 7 {
		num = 0
		for _, c := range t.keys[k0:k1] {
			if c < '0' || c > '9' {
				num = -1
				break
			}
			num = num*10 + int(c-'0')
		}
	}
	t.toks = append(t.toks, token{start: int32(start), end: int32(end), k0: int32(k0), k1: int32(len(t.keys)), num: int32(num), compound: compound})
}

// appendKeyed appends a token of the text s[start:end] whose key is key.
func (t *tokens) appendKeyed(start, end int, key string) {
	k0 := len(t.keys)
	t.keys = append(t.keys, key...)
	t.toks = append(t.toks, token{start: int32(start), end: int32(end), k0: int32(k0), k1: int32(len(t.keys)), num: -1})
}

// isCrossMark reports the marks that strike an item out of a list ("❌
// Advertising identifiers" under "Data we do not collect", "✗ Tracking"):
// each reads as the word "no".
func isCrossMark(r rune) bool {
	switch r {
	case '\u274C', '\u2717', '\u2718', '\U0001F6AB', '\u26D4':
		return true
	}
	return false
}

// appendKey appends the matching key of word w to dst: case-folded, without
// accents, compatibility-decomposed. tmp is scratch space, returned for
// reuse.
func appendKey(dst, tmp []byte, w string) ([]byte, []byte) {
	ascii := true
	for i := 0; i < len(w); i++ {
		if w[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		for i := 0; i < len(w); i++ {
			c := w[i]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			dst = append(dst, c)
		}
		return dst, tmp
	}
	tmp = norm.NFKD.AppendString(tmp[:0], w)
	for i := 0; i < len(tmp); {
		r, size := utf8.DecodeRune(tmp[i:])
		i += size
		if r < utf8.RuneSelf {
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
			dst = append(dst, byte(r))
			continue
		}
		if ignorable(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r) {
			continue
		}
		switch r {
		case 'ß', 'ẞ':
			dst = append(dst, "ss"...)
			continue
		case 'ı':
			r = 'i'
		case 'œ', 'Œ':
			dst = append(dst, "oe"...)
			continue
		case 'æ', 'Æ':
			dst = append(dst, "ae"...)
			continue
		case 'ø', 'Ø':
			r = 'o'
		case 'ł', 'Ł':
			r = 'l'
		case 'đ', 'Đ':
			r = 'd'
		}
		dst = utf8.AppendRune(dst, unicode.ToLower(r))
	}
	return dst, tmp
}

// foldKey returns the matching key of a single word, for patterns.
func foldKey(w string) string {
	k, _ := appendKey(nil, nil, w)
	return string(k)
}
