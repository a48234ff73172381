package crawler

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Text folding for word matching. Matching is on whole words of folded text,
// never on regular-expression word boundaries: RE2's \b is ASCII-only and
// silently misses words ending in é, ś or any Greek letter (PEERS.md §4.1).

// foldSpecial maps letters that do not decompose into a base letter plus
// combining marks.
var foldSpecial = map[rune]string{
	'ß': "ss", 'ẞ': "ss", 'ł': "l", 'Ł': "l", 'ø': "o", 'Ø': "o",
	'æ': "ae", 'Æ': "ae", 'œ': "oe", 'Œ': "oe", 'đ': "d", 'Đ': "d",
	'ð': "d", 'Ð': "d", 'þ': "th", 'Þ': "th", 'ı': "i", 'ς': "σ",
}

// foldWords lower-cases s, removes accents, turns "&" into the word "and"
// and every other run of non-letters, non-digits into a single space, and
// returns the words.
func foldWords(s string) []string {
	f := fold(s)
	if f == "" {
		return nil
	}
	// fold separates words by single spaces, with none at either end.
	return strings.Split(f, " ")
}

// appendWords appends the words of folded text f to words.
func appendWords(words []string, f string) []string {
	for f != "" {
		i := strings.IndexByte(f, ' ')
		if i < 0 {
			return append(words, f)
		}
		words = append(words, f[:i])
		f = f[i+1:]
	}
	return words
}

// fold returns s folded (see foldWords), words separated by single spaces.
func fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := true // at start, or after a space was written
	var table []foldEntry
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch asciiKind[c] {
			case asciiKeep:
				// A run of lower-case letters and digits is copied whole.
				j := i + 1
				for j < len(s) && byteKind[s[j]] == asciiKeep {
					j++
				}
				b.WriteString(s[i:j])
				space = false
				i = j
				continue
			case asciiUpper:
				// An upper-case letter and the lower-case run after it (the
				// usual capitalised word) go in one write.
				j := i + 1
				for j < len(s) && byteKind[s[j]] == asciiKeep {
					j++
				}
				b.WriteByte(c + 'a' - 'A')
				b.WriteString(s[i+1 : j])
				space = false
				i = j
				continue
			case asciiAmp:
				if !space {
					b.WriteByte(' ')
				}
				b.WriteString("and ")
				space = true
			default:
				if !space {
					b.WriteByte(' ')
					space = true
				}
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		var out string
		var sep bool
		if table == nil {
			table = foldTable()
		}
		if int(r) < len(table) {
			e := table[r]
			out, sep = e.out, e.sep
		} else {
			out, sep = foldRune(r)
		}
		if sep {
			if !space {
				b.WriteByte(' ')
				space = true
			}
			continue
		}
		if out != "" {
			b.WriteString(out)
			space = false
		}
	}
	return strings.TrimRight(b.String(), " ")
}

// What folding does with an ASCII byte.
const (
	asciiSep      = iota // separates words
	asciiKeep            // a lower-case letter or a digit, kept
	asciiUpper           // an upper-case letter, lower-cased
	asciiAmp             // "&", the word "and"
	asciiNonASCII        // in byteKind only: a byte of a multi-byte rune
)

// byteKind is asciiKind for every byte value, the bytes of non-ASCII runes
// separating nothing of their own (asciiNonASCII): a run of kept bytes is
// found with one look-up a byte.
var byteKind = func() (k [256]uint8) {
	copy(k[:], asciiKind[:])
	for c := utf8.RuneSelf; c < len(k); c++ {
		k[c] = asciiNonASCII
	}
	return k
}()

var asciiKind = func() (k [utf8.RuneSelf]uint8) {
	for c := range k {
		switch {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
			k[c] = asciiKeep
		case 'A' <= c && c <= 'Z':
			k[c] = asciiUpper
		case c == '&':
			k[c] = asciiAmp
		}
	}
	return k
}()

// foldRune folds one non-ASCII rune: the letters it stands for, lower-case
// and without accents ("" for a lone combining mark), or sep when it
// separates words.
func foldRune(r rune) (out string, sep bool) {
	if rep, ok := foldSpecial[r]; ok {
		return rep, false
	}
	switch {
	case r == 0x00AD, r >= 0x200B && r <= 0x200D, r == 0x2060, r == 0xFEFF, r == 0x180E:
		// A soft hyphen, a zero-width space or joiner, a word joiner, a BOM:
		// invisible, inside a word ("Daten\u00adschutz\u00ader\u00adklärung").
		return "", false
	}
	r = unicode.ToLower(r)
	if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r) {
		return "", true
	}
	var b strings.Builder
	for _, d := range norm.NFD.String(string(r)) {
		if unicode.Is(unicode.Mn, d) {
			continue
		}
		if rep, ok := foldSpecial[d]; ok {
			b.WriteString(rep)
		} else {
			b.WriteRune(unicode.ToLower(d))
		}
	}
	return b.String(), false
}

// foldTable holds foldRune of the runes below U+2000 (Latin, Greek,
// Cyrillic and the other European scripts), computed once: folding a page
// of accented text, or of binary garbage read as Windows-1252, then costs
// a table lookup per rune instead of a Unicode decomposition.
var foldTable = sync.OnceValue(func() []foldEntry {
	t := make([]foldEntry, 0x2000)
	for r := range t {
		if r >= utf8.RuneSelf {
			t[r].out, t[r].sep = foldRune(rune(r))
		}
	}
	return t
})

type foldEntry struct {
	out string
	sep bool
}

// germanAlt spells ä, ö and ü as ae, oe and ue, the way German URLs and
// some link texts write them; it returns "" when s has none.
func germanAlt(s string) string {
	if !strings.ContainsAny(s, "äöüÄÖÜ") {
		return ""
	}
	return strings.NewReplacer("ä", "ae", "ö", "oe", "ü", "ue", "Ä", "Ae", "Ö", "Oe", "Ü", "Ue").Replace(s)
}
