package analyzer

import (
	"math/bits"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// The splitter looks for its next candidate byte with forward IndexByte
// searches; it must cut exactly where the byte-by-byte scan kept here
// does.
func TestSplitMatchesReference(t *testing.T) {
	pieces := []string{"word", "Word", " ", "  ", "\n", "\t", ". ", ".", "! ", "? ", "…", "… ", "。", "！", "？", "‽",
		"e.g. ", "U.S. ", "3. ", "Art. 6 ", "z. B. ", "etc. The ", "\u00a0", "é", "’", "”", ") ", ";", "; ", ": ",
		"\xe2", "\xef", "\xe3", "\xff", strings.Repeat("long clause words ", 12)}
	texts := []string{"", " ", ".", "A. B. C.", "\n\n"}
	files, _ := filepath.Glob(filepath.Join("testdata", "lang", "*.txt"))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, string(data))
	}
	// Run-on sentences cut at ';' or ':' near the piece-length limits.
	for n := minSentencePiece - 4; n <= minSentencePiece+4; n++ {
		for _, sep := range []string{"; ", ": ", ";", "é; "} {
			head := strings.Repeat("x", n-1)
			texts = append(texts,
				head+sep+strings.Repeat("word ", 100)+"end.",
				strings.Repeat("word ", 90)+sep+strings.Repeat("y", n/2-1)+".",
				strings.Repeat("é", n-1)+sep+strings.Repeat("mot ", 80)+sep+strings.Repeat("z", n)+".")
		}
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for n := 0; n < 20000; n++ {
		texts = append(texts, randomPieces(rng, pieces, 60))
	}
	var sp, ref splitter
	for _, text := range texts {
		runes := -1
		if len(text)%2 == 0 {
			runes = utf8.RuneCountInString(text)
		}
		got := sp.split(text, 7, runes, nil)
		want := ref.refSplit(text, 7, runes, nil)
		if !slices.Equal(got, want) {
			t.Fatalf("%q:\n got %v\nwant %v", text, got, want)
		}
		if n := utf8.RuneCountInString(text); sp.runes != n {
			t.Fatalf("%q: splitter counted %d code points, want %d", text, sp.runes, n)
		}
	}
}

func (sp *splitter) refSplit(text string, base, runes int, dst []Sentence) []Sentence {
	sp.text = text
	sp.ascii = runes == len(text) || runes < 0 && isASCII(text)
	sp.spans = sp.spans[:0]
	n := len(text)
	start := 0
	for i := 0; i < n; {
		i = refNextSentenceByte(text, i)
		if i >= n {
			break
		}
		c := text[i]
		if c == '\n' {
			if labelLine(text, start, i) {
				i++
				continue
			}
			sp.refAdd(start, i)
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
		sp.refAdd(start, j)
		start = k
		i = k
	}
	sp.refAdd(start, n)
	return sp.sentences(base, dst)
}
func refNextSentenceByte(text string, i int) int {
	for i < len(text) && !sentenceByte[text[i]] {
		if i+8 <= len(text) {
			w := load64(text, i)
			m := equal(w, '.') | equal(w, '\n') | equal(w, '!') | equal(w, '?') | w&msb
			if m == 0 {
				i += 8
				continue
			}
			i += bits.TrailingZeros64(m) / 8
			if sentenceByte[text[i]] {
				break
			}
		}
		i++
	}
	return i
}
func (sp *splitter) refAdd(s, e int) {
	t := sp.text
	for s < e {
		r, size := utf8.DecodeRuneInString(t[s:e])
		if !isSpaceRune(r) {
			break
		}
		s += size
	}
	for e > s {
		r, size := utf8.DecodeLastRuneInString(t[s:e])
		if !isSpaceRune(r) {
			break
		}
		e -= size
	}
	if s >= e {
		return
	}
	if e-s > maxSentence && runeCount(t[s:e]) > maxSentence {
		for _, sep := range []byte{';', ':'} {
			if cuts := sp.refCutPoints(s, e, sep); len(cuts) > 0 {
				prev := s
				for _, c := range cuts {
					sp.refAdd(prev, c)
					prev = c
				}
				sp.refAdd(prev, e)
				return
			}
		}
	}
	sp.spans = append(sp.spans, [2]int{s, e})
}

var sentenceByte = func() (t [256]bool) {
	for _, c := range []byte("\n.!?\xe2\xe3\xef") {
		t[c] = true
	}
	return t
}()

func (sp *splitter) refCutPoints(s, e int, sep byte) []int {
	t := sp.text
	var cuts []int
	total := runeCount(t[s:e])
	seen, piece := 0, 0 // code points before i, and since the last cut
	for i := s; i < e-1; i++ {
		if c := t[i]; c < utf8.RuneSelf || utf8.RuneStart(c) {
			seen++
			piece++
		}
		if t[i] != sep || t[i+1] != ' ' {
			continue
		}
		if piece >= minSentencePiece && total-seen >= minSentencePiece/2 {
			cuts = append(cuts, i+1)
			piece = 0
		}
	}
	return cuts
}

// isSpaceRune reads ASCII inline; it must answer as unicode.IsSpace.
func TestIsSpaceRuneMatchesUnicode(t *testing.T) {
	for r := rune(-1); r <= unicode.MaxRune+1; r++ {
		if isSpaceRune(r) != unicode.IsSpace(r) {
			t.Fatalf("isSpaceRune(%U) = %v", r, isSpaceRune(r))
		}
	}
}
