package analyzer

import (
	"context"
	"math/bits"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/net/html/atom"
)

// appendText scans eight bytes at a time; it must leave the walker as the
// plain scan kept here does, whatever the mix of spaces, controls, DEL and
// multi-byte characters, in <pre> or not.
func TestAppendTextMatchesReference(t *testing.T) {
	pieces := []string{"a", "Z", " ", " ", "  ", "\n", "\t", "\r", "\f", "\x7f", "\x01", "\x00", "é", "\u00a0",
		"\u00ad", "\u200b", "—", "’", "€", "\xff", "\xc3", "privacy", "data ", ". "}
	rng := rand.New(rand.NewPCG(1, 2))
	for n := 0; n < 20000; n++ {
		s := randomPieces(rng, pieces, 40)
		got, want := newBlockWalker(context.Background()), newBlockWalker(context.Background())
		for _, w := range []*blockWalker{got, want} {
			w.preDepth = n % 3 / 2
			w.boldDepth = n % 2
			w.linkDepth = n % 5 / 4
			w.lineText = n%7 == 0
		}
		got.appendText(s)
		got.appendText(s)
		want.refAppendText(s)
		want.refAppendText(s)
		if string(got.cur()) != string(want.cur()) || got.textBytes != want.textBytes || got.boldBytes != want.boldBytes ||
			got.linkBytes != want.linkBytes || got.dirty != want.dirty || got.pendingSpace != want.pendingSpace ||
			got.lineText != want.lineText {
			t.Fatalf("%q: got %q %d/%d/%d dirty=%v, want %q %d/%d/%d dirty=%v", s,
				got.cur(), got.textBytes, got.boldBytes, got.linkBytes, got.dirty,
				want.cur(), want.textBytes, want.boldBytes, want.linkBytes, want.dirty)
		}
		if got.high == isASCII(string(got.cur())) {
			t.Fatalf("%q: high = %v for %q", s, got.high, got.cur())
		}
	}
}

func (w *blockWalker) refAppendText(s string) {
	if w.preDepth > 0 {
		for {
			i := strings.IndexByte(s, '\n')
			if i < 0 {
				break
			}
			w.refAppendText(s[:i])
			w.lineBreak()
			s = s[i+1:]
		}
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c <= ' ' || c == 0x7f {
			if c != ' ' && c != '\n' && c != '\t' && c != '\r' && c != '\f' {
				w.dirty = true // a control character
			}
			w.pendingSpace = true
			i++
			continue
		}
		// A chunk of text whose white space is single inner spaces is
		// copied at once.
		j, spaces := i+1, 0
		high := c >= utf8.RuneSelf
	scan:
		for {
			// Eight bytes at a time while more than eight remain: the
			// first byte that ends the run (a control character, or a
			// space before a space or control) stops the scan there.
			for j+9 <= len(s) {
				x, next := load64(s, j), load64(s, j+1)
				sp := equal(x, ' ')
				bad := (msb&^above(x, ' ')|equal(x, 0x7f))&^sp |
					sp&(msb&^above(next, ' ')|equal(next, 0x7f))
				if bad != 0 {
					k := bits.TrailingZeros64(bad) / 8
					before := uint64(1)<<(8*k) - 1
					spaces += bits.OnesCount64(sp & before)
					high = high || x&before&msb != 0
					j += k
					break scan
				}
				spaces += bits.OnesCount64(sp)
				high = high || x&msb != 0
				j += 8
			}
			for j < len(s) && textClass[s[j]] == textPlain {
				j++
			}
			if j >= len(s) {
				break
			}
			switch textClass[s[j]] {
			case textHigh:
				high = true
				j++
			case textSpace:
				if j+1 < len(s) && textClass[s[j+1]] <= textHigh {
					spaces++
					j++
					continue
				}
				break scan
			default:
				break scan
			}
		}
		run := s[i:j]
		if high && !w.dirty && needsCleaning(run) {
			w.dirty = true
		}
		if w.pendingSpace && w.lineText {
			w.arena = append(w.arena, ' ')
		}
		w.pendingSpace = false
		w.arena = append(w.arena, run...)
		n := len(run) - spaces
		w.textBytes += n
		w.lineText = true
		if w.boldDepth > 0 || w.headDepth > 0 {
			w.boldBytes += n
		}
		if w.linkDepth > 0 {
			w.linkBytes += n
		}
		i = j
	}
}

// needsCleaning skips ASCII eight bytes at a time; it must answer as the
// byte-by-byte loop kept here does.
func TestNeedsCleaningMatchesReference(t *testing.T) {
	pieces := []string{"a", "abcdefgh", " ", "é", "É", "ÿ", "\u00a0", "\u00ad", "—", "’", "€", "…", "\u200b", "\u2060",
		"\u0301", "ﬁ", "\ufeff", "\xe2", "\xe2\x80", "\xe2\x82", "\xc3", "\xff", "données"}
	agreeOnRandomTexts(t, "needsCleaning", 7, pieces, 20, 20000, needsCleaning, refNeedsCleaning)
}

func refNeedsCleaning(run string) bool {
	for i := 0; i < len(run); i++ {
		c := run[i]
		if c < utf8.RuneSelf {
			continue
		}
		switch {
		case c >= 0xC3 && c <= 0xCB:
			i++
		case c == 0xE2 && i+2 < len(run) && run[i+1] == 0x80 &&
			(run[i+2] >= 0x90 && run[i+2] <= 0xA7 || run[i+2] >= 0xB0 && run[i+2] <= 0xBE):
			i += 2
		case c == 0xE2 && i+2 < len(run) && run[i+1] == 0x82 && run[i+2] == 0xAC:
			i += 2
		default:
			return true
		}
	}
	return false
}

// An atomSet holds exactly its atoms.
func TestAtomSet(t *testing.T) {
	sets := map[*atomSet][]atom.Atom{}
	for _, set := range []*atomSet{nonText, inlineElements, blockElements, voidElements} {
		for a := atom.Atom(0); a < 1<<20; a++ {
			if set.has(a) {
				sets[set] = append(sets[set], a)
			}
		}
	}
	for _, set := range []*atomSet{nonText, inlineElements, blockElements, voidElements} {
		n := 0
		for _, a := range set.slots {
			if a != 0 {
				n++
			}
		}
		if len(sets[set]) != n {
			t.Errorf("set of %d atoms has %d: %v", n, len(sets[set]), sets[set])
		}
	}
	if !nonText.has(atom.Script) || nonText.has(atom.P) || !inlineElements.has(atom.Span) || inlineElements.has(atom.Div) ||
		!blockElements.has(atom.Div) || blockElements.has(atom.Span) || !voidElements.has(atom.Br) || voidElements.has(0) {
		t.Error("atomSet: wrong answer")
	}
}

// nonSpaceBytes sums eight bytes at a time; it must count as a plain loop.
func TestNonSpaceBytes(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for n := 0; n < 2000; n++ {
		b := make([]byte, rng.IntN(5000))
		for i := range b {
			switch rng.IntN(4) {
			case 0:
				b[i] = ' '
			case 1:
				b[i] = byte(rng.IntN(256))
			default:
				b[i] = 'a'
			}
		}
		want := 0
		for _, c := range b {
			if c > ' ' {
				want++
			}
		}
		if got := nonSpaceBytes(string(b)); got != want {
			t.Fatalf("nonSpaceBytes of %d bytes = %d, want %d", len(b), got, want)
		}
	}
	if got := nonSpaceBytes(strings.Repeat("\xff", 100000)); got != 100000 {
		t.Fatalf("nonSpaceBytes of 100000 high bytes = %d", got)
	}
}

// scanWords reads sixteen then eight bytes a round; where it stops must
// be the first byte that ends a run (a control, or a space before a
// space or a control), read byte by byte, and the bytes it read or-ed.
func TestScanWordsFindsRunEnd(t *testing.T) {
	pieces := []string{"a", "privacy", "data ", " ", " ", "  ", "\n", "\t", "\x01", "é", "’", "\xff", strings.Repeat("word ", 9)}
	rng := rand.New(rand.NewPCG(5, 6))
	for n := 0; n < 20000; n++ {
		s := randomPieces(rng, pieces, 60)
		if strings.IndexByte(s, 0x7f) >= 0 {
			continue
		}
		start := 0
		if len(s) > 0 {
			start = rng.IntN(len(s))
		}
		k, highs, stop := scanWords(s, start, len(s))
		bad := func(p int) bool {
			c := s[p]
			return c < ' ' || c == ' ' && p+1 < len(s) && s[p+1] <= ' '
		}
		var or byte
		for p := start; p < k; p++ {
			if bad(p) {
				t.Fatalf("%q from %d: stopped at %d after a run end at %d", s, start, k, p)
			}
			or |= s[p]
		}
		if stop && !bad(k) {
			t.Fatalf("%q from %d: stopped at %d, no run end", s, start, k)
		}
		if !stop && (k+8 <= len(s) || k > start && s[k-1] == ' ') {
			t.Fatalf("%q from %d: gave up at %d", s, start, k)
		}
		if (highs&msb != 0) != (or >= utf8.RuneSelf) {
			t.Fatalf("%q from %d: highs %x, bytes read or-ed %x", s, start, highs, or)
		}
	}
}
