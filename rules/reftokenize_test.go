package rules

import (
	"os"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// refTokenize is the tokeniser without its ASCII fast path: the
// reference the fast path must agree with.
func (t *tokens) refTokenize(s string) {
	t.toks = t.toks[:0]
	t.keys = t.keys[:0]
	compoundStart := -1 // index of the first token of the current compound
	inCompound := false // the next token continues a compound
	i := 0
	for i < len(s) {
		if c := s[i]; c < utf8.RuneSelf && asciiClass[c] == 0 && c != '+' && c != '-' {
			// An ASCII separator: the common case, handled first.
			if compoundStart >= 0 {
				t.closeCompound(compoundStart)
				compoundStart = -1
			}
			inCompound = false
			i++
			continue
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
		// would fire rules.
		if j := urlEnd(s, i); j > i {
			t.closeCompound(compoundStart)
			compoundStart, inCompound = -1, false
			i = j
			continue
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

// tokensEqual reports whether two tokenisations agree, keys included.
func tokensEqual(a, b *tokens) bool {
	if len(a.toks) != len(b.toks) {
		return false
	}
	for i := range a.toks {
		x, y := a.toks[i], b.toks[i]
		if x.start != y.start || x.end != y.end || x.num != y.num || x.compound != y.compound || x.jEnd != y.jEnd ||
			string(a.key(i)) != string(b.key(i)) || string(a.join(i)) != string(b.join(i)) {
			return false
		}
	}
	return true
}

func TestTokenizeMatchesReference(t *testing.T) {
	texts := []string{
		"La sécurité des données.", "cookies.We use", "VorgabenderDatenschutz", "opt-out", "Daten-\nschutz",
		"16+ only", "under 13, 16+ and 99999999", "see https://example.com/cookies-policy now", "e-mail*",
		"ABC def GHi jKL mnoP QRstu", "x-Y z--a", "12345678 1234567 a1 1a", "Ünter Straße-Weg ",
		"e-mail-Adresse", "camelCaseWord endsWithX", "l'accès d’accès", "a-\n b", "word-", "-word", "+",
		// Plain words (plainWords) around eight bytes, and what ends them.
		"abcdefg abcdefgh abcdefghi abcdefghijklmnopq Abcdefgh", "abcdefghé abcdefgÉ café", "abcdefgh1 hello1 aB Www when",
		"http www.x.org https://y wwwx", "We’re [data] {a}|b~c`d", "a+ b- c\td\ne",
	}
	for _, f := range []string{"testdata/bench/policy_en.md", "testdata/bench/policy_fr.html"} {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, strings.Split(string(data), "\n")...)
	}
	for _, s := range texts {
		var a, b tokens
		a.tokenize(s)
		b.refTokenize(s)
		if !tokensEqual(&a, &b) {
			t.Errorf("tokenize(%q) differs from the reference:\n%+v\n%+v", s, a.toks, b.toks)
		}
	}
}

func FuzzTokenizeReference(f *testing.F) {
	for _, s := range []string{"cookies.We use", "Daten-\nschutz", "16+ only", "camelCase ÄBC-déf", "e-mail*"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var a, b tokens
		a.tokenize(s)
		b.refTokenize(s)
		if !tokensEqual(&a, &b) {
			t.Fatalf("tokenize(%q) differs from the reference:\n%+v\n%+v", s, a.toks, b.toks)
		}
	})
}
