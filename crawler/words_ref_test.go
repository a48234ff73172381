package crawler

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/vigie-audit/vigie/internal/farm"
)

// refFind is phraseSet.find without its word filters: every word is
// looked up in byFirst and joined, and tried against every prefix phrase
// of its first byte.
func (s *phraseSet) refFind(words []string, urlMode bool, fn func(p *phrase)) {
	for i, w := range words {
		for _, p := range s.byFirst[w] {
			if p.matchesAt(words, i) {
				fn(p)
			}
		}
		if w != "" {
			for _, p := range s.prefixFirst[w[0]] {
				if p.matchesAt(words, i) {
					fn(p)
				}
			}
		}
		for _, p := range s.prefixEmpty {
			if p.matchesAt(words, i) {
				fn(p)
			}
		}
		if !urlMode {
			continue
		}
		for _, p := range s.joined[w] {
			fn(p)
		}
		for _, p := range s.joinedPrefix {
			if strings.HasPrefix(w, p.joined) {
				fn(p)
			}
		}
	}
}

// TestFindMatchesReference checks that the word filters of find change
// nothing: the same phrases, in the same order, as refFind, for the
// merged sets discovery looks words up in, on the farm's pages, on the
// phrases' own words (with prefixes extended) and on random mixes of them.
func TestFindMatchesReference(t *testing.T) {
	w, err := DefaultWords()
	if err != nil {
		t.Fatal(err)
	}
	sets := map[string]*phraseSet{"classAll": w.classAll, "verifyAll": w.verifyAll, "all": w.all}
	var vocab []string
	w.all.each(func(p *phrase) {
		vocab = append(vocab, p.words...)
		for i, pw := range p.words {
			if p.prefix[i] {
				vocab = append(vocab, pw+"s", pw+"ung", pw[:len(pw)-1])
			}
		}
		if p.joined != "" {
			vocab = append(vocab, p.joined, p.joined+"x")
		}
	})
	vocab = append(vocab, "", "a", "é", "x", "policy", "privacy", "datenschutz", "données")
	var texts [][]string
	for i := range 30 {
		texts = append(texts, foldWords(scanHTML([]byte(farm.Home(i))).text), foldWords(scanHTML([]byte(farm.Policy(i))).text))
	}
	texts = append(texts, vocab)
	rng := rand.New(rand.NewPCG(5, 6))
	for range 3000 {
		words := make([]string, rng.IntN(12))
		for i := range words {
			words[i] = vocab[rng.IntN(len(vocab))]
		}
		texts = append(texts, words)
	}
	for name, s := range sets {
		for _, urlMode := range []bool{false, true} {
			for _, words := range texts {
				var got, want []*phrase
				s.find(words, urlMode, func(p *phrase) { got = append(got, p) })
				s.refFind(words, urlMode, func(p *phrase) { want = append(want, p) })
				if !slices.Equal(got, want) {
					t.Fatalf("%s (url mode %v): find(%q) found %d phrases, refFind %d", name, urlMode, words, len(got), len(want))
				}
			}
		}
	}
}

// TestWordFilterHoldsKeys checks that the filters say "maybe" for every
// key of the maps they stand in front of.
func TestWordFilterHoldsKeys(t *testing.T) {
	w, err := DefaultWords()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []*phraseSet{w.classAll, w.verifyAll, w.all} {
		for k := range s.byFirst {
			if !s.firstKeys.has(k) {
				t.Errorf("first word %q not in the filter", k)
			}
		}
		for k := range s.joined {
			if !s.joinedKeys.has(k) {
				t.Errorf("joined phrase %q not in the filter", k)
			}
		}
		for _, ps := range s.prefixFirst {
			for _, p := range ps {
				if !s.prefixStarts.has(prefixStart(p.words[0])) {
					t.Errorf("prefix %q not in the filter", p.words[0])
				}
			}
		}
	}
}
