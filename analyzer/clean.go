package analyzer

import (
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// cleanText normalises the text of one segment: valid UTF-8 in NFC; soft
// hyphens, zero-width characters, byte-order marks and control characters
// deleted; every space separator (\p{Zs}: NBSP, narrow NBSP, thin space…)
// and tab turned into a plain space; typographic ligatures (U+FB00–U+FB06,
// common in PDF output) spelled out; runs of spaces collapsed to one; '\n'
// kept as a hard line break (U+2028/U+2029 become '\n'), with the spaces
// around it and repeated breaks removed; ends trimmed.
//
// Case, accents, apostrophes and quotes are left as the vendor wrote them:
// folding for matching belongs to the rules.
func cleanText(s string) string {
	if isClean(s) {
		return s
	}
	return cleanFull(s)
}

// cleanFull is cleanText reading every character.
func cleanFull(s string) string {
	b := make([]byte, 0, len(s))
	space, nl := false, false // a space or a line break is pending
	started := false
	emit := func(r rune) {
		if started {
			if nl {
				b = append(b, '\n')
			} else if space {
				b = append(b, ' ')
			}
		}
		space, nl = false, false
		started = true
		b = utf8.AppendRune(b, r)
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c > ' ' && c < 0x7f {
			// a run of printable ASCII, copied at once
			j := i + 1
			for j < len(s) && s[j] > ' ' && s[j] < 0x7f {
				j++
			}
			if started && (space || nl) {
				if nl {
					b = append(b, '\n')
				} else {
					b = append(b, ' ')
				}
			}
			space, nl = false, false
			started = true
			b = append(b, s[i:j]...)
			i = j
			continue
		}
		if c < utf8.RuneSelf {
			i++
			switch {
			case c == '\n':
				nl = true
			case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
				space = true
			case c < 0x20 || c == 0x7f:
				// other C0 controls: drop
			default:
				if started && (space || nl) {
					if nl {
						b = append(b, '\n')
					} else {
						b = append(b, ' ')
					}
				}
				space, nl = false, false
				started = true
				b = append(b, c)
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError && size == 1:
			emit(utf8.RuneError)
		case r == 0x00AD, r >= 0x200B && r <= 0x200D, r == 0x2060, r == 0xFEFF, r == 0x180E:
			// soft hyphen, zero-width space/joiners, word joiner, BOM,
			// Mongolian vowel separator: invisible, deleted.
		case r == 0x2028 || r == 0x2029 || r == 0x85:
			nl = true
		case unicode.Is(unicode.Zs, r):
			space = true
		case r < 0xA0 || unicode.Is(unicode.Cc, r) || (r >= 0xFFF9 && r <= 0xFFFB):
			// C1 controls, interlinear annotation marks: drop
		case r >= 0xFB00 && r <= 0xFB06:
			for _, l := range ligatures[r-0xFB00] {
				emit(l)
			}
		default:
			emit(r)
		}
	}
	if !isASCIIBytes(b) && !norm.NFC.IsNormal(b) {
		return string(norm.NFC.Bytes(b))
	}
	return string(b)
}

var ligatures = [...]string{"ff", "fi", "fl", "ffi", "ffl", "st", "st"}

// isClean reports whether cleanText would return s unchanged, for the
// common case: printable text with single inner spaces or line breaks,
// no leading or trailing white space, and beyond ASCII only valid UTF-8
// characters that need no cleaning (accented Latin letters, typographic
// quotes and dashes: see needsCleaning), which are in NFC whatever
// their order (TestCleanCharactersAreNFC). The fast path of cleanText.
func isClean(s string) bool {
	if s == "" {
		return true
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' || s[0] == '\n' || s[len(s)-1] == '\n' {
		return false
	}
	prev := byte('x')
	high := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			high = true
		} else if (c < 0x20 && c != '\n') || c == 0x7f {
			return false
		}
		if (c == ' ' || c == '\n') && (prev == ' ' || prev == '\n') {
			return false
		}
		prev = c
	}
	return !high || utf8.ValidString(s) && !needsCleaning(s)
}

func isASCIIBytes(s []byte) bool {
	for _, c := range s {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func isASCII(s string) bool {
	i := 0
	for ; i+8 <= len(s); i += 8 {
		if load64(s, i)&0x8080808080808080 != 0 {
			return false
		}
	}
	for ; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// runeCount is utf8.RuneCountInString, skipping runs of ASCII eight
// bytes at a time and reading two-byte characters (accented Latin
// letters) without a call.
func runeCount(s string) int {
	n, i := 0, 0
	for i < len(s) {
		if i+8 <= len(s) && load64(s, i)&msb == 0 {
			i += 8
			n += 8
			continue
		}
		switch c := s[i]; {
		case c < utf8.RuneSelf:
			i++
		case c >= 0xC2 && c <= 0xDF && i+1 < len(s) && s[i+1]&0xC0 == 0x80:
			i += 2 // always a valid character: what DecodeRune would read
		default:
			_, size := utf8.DecodeRuneInString(s[i:])
			i += size
		}
		n++
	}
	return n
}

// Word-at-a-time byte tests: each sets the high bit of the bytes of w
// that pass and clears every other bit. They are exact per byte (no carry
// crosses bytes), so their results may be combined with & and |.
const (
	lsb = 0x0101010101010101
	msb = 0x8080808080808080
)

// above marks the bytes of w greater than c (c < 0x80): the bytes of
// 0x80 and over, and ASCII bytes above c.
func above(w uint64, c byte) uint64 {
	return ((w &^ msb) + lsb*uint64(0x7f-c) | w) & msb
}

// equal marks the bytes of w equal to c.
func equal(w uint64, c byte) uint64 {
	v := w ^ lsb*uint64(c)
	return ^((v &^ msb) + lsb*0x7f | v) & msb
}

// load64 reads the eight bytes of s at i as a little-endian word (the
// compiler makes it one load).
func load64(s string, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}
