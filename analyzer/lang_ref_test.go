package analyzer

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// scoreWords scores words of ASCII letters where they lie; it must give
// exactly the scores of the plain word-by-word reading kept here.
func TestScoreWordsMatchesReference(t *testing.T) {
	texts := []string{
		"The DATA we Collect and HOW we use it: l'accès, l’accès, don't, Datenschutz-Erklärung.",
		"Wir VERARBEITEN Ihre personenbezogenen Daten gemäß Art. 6 DSGVO; Verarbeitung, Löschung.",
		"nationalité UNIVERSITÉ informação INFORMAÇÃO protección", "a", "", "'", "l'", "x’y",
		"2×3 a÷b é×é STRAßE ÿ ÀÉÎÕÜÞ àéîõüþ DONNÉES ÉTÉ \xc3 é\xc3", "ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖ×ØÙÚÛÜÝÞßàáâãäåæçèéêëìíîïðñòóôõö÷øùúûüýþÿ",
		strings.Repeat("Abcdefghijklmnopqrstuvwxyzabcdefghij ", 3) + "processing Processing PROCESSING",
	}
	files, _ := filepath.Glob(filepath.Join("testdata", "lang", "*.txt"))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, string(data), strings.ToUpper(string(data)))
	}
	for _, text := range texts {
		var got, want langWeights
		gw, ww := scoreWords(text, &got), refScoreWords(text, &want)
		if got != want || gw != ww {
			t.Errorf("%.40q: scores %v (%d words), want %v (%d words)", text, got, gw, want, ww)
		}
	}
}

func refScoreWords(text string, scores *langWeights) int {
	words := 0
	var arr [64]byte
	buf := arr[:0]
	i := 0
	for i < len(text) {
		c := text[i]
		if c < utf8.RuneSelf {
			if !isASCIILetter(c) {
				i++
				continue
			}
		} else if r, size := utf8.DecodeRuneInString(text[i:]); !unicode.IsLetter(r) {
			i += size
			continue
		}
		buf = buf[:0]
		h := uint32(fnvOffset)
		for i < len(text) {
			c := text[i]
			if c < utf8.RuneSelf {
				if isASCIILetter(c) {
					buf = append(buf, c|0x20)
					h = (h ^ uint32(c|0x20)) * fnvPrime
					i++
					continue
				}
				if c == '\'' && i+1 < len(text) && isASCIILetter(text[i+1]) {
					buf = append(buf, '\'')
					h = (h ^ '\'') * fnvPrime
					i++
				}
				break
			}
			r, size := utf8.DecodeRuneInString(text[i:])
			if unicode.IsLetter(r) || unicode.Is(unicode.Mn, r) {
				n := len(buf)
				buf = utf8.AppendRune(buf, unicode.ToLower(r))
				for _, b := range buf[n:] {
					h = (h ^ uint32(b)) * fnvPrime
				}
				i += size
				continue
			}
			if r == '’' {
				if n, nsize := utf8.DecodeRuneInString(text[i+size:]); nsize > 0 && unicode.IsLetter(n) {
					buf = append(buf, '\'')
					h = (h ^ '\'') * fnvPrime
					i += size
				}
			}
			break
		}
		words++
		if len(buf) < maxProfileWord && langFirstLen[buf[0]]&(1<<len(buf)) != 0 {
			if k, ok := langWordIndex(h, buf); ok {
				w := &langWeightsOf[k]
				for l := range scores {
					scores[l] += w[l]
				}
			}
		}
		if len(buf) > 5 {
			for _, sf := range suffixesByLast[buf[len(buf)-1]] {
				if len(buf) > len(sf.suffix)+2 && string(buf[len(buf)-len(sf.suffix):]) == sf.suffix {
					scores[sf.lang] += 0.5
					break
				}
			}
		}
	}
	return words
}

func TestShortSlotsMatchTable(t *testing.T) {
	key := func(w string) uint64 {
		var k uint64
		for i := len(w) - 1; i >= 0; i-- {
			k = k<<8 | uint64(w[i])
		}
		return k
	}
	found := 0
	for w, k := range langTable {
		if len(w) > 8 || asciiLetterEnd(w, 0) != len(w) {
			continue
		}
		found++
		sl, ok := shortWordIndex(key(w))
		if !ok || sl.idx != k {
			t.Errorf("%q: %v %v, want index %d", w, sl, ok, k)
			continue
		}
		// addShort adds what add adds, to the bit, whatever the scores
		// before (never negative)
		got, want := langWeights{0, 0.5, 1.0 / 3, 7, 0.25, 2, 1e6}, langWeights{0, 0.5, 1.0 / 3, 7, 0.25, 2, 1e6}
		got.addShort(sl)
		want.add(&langWeightsOf[k])
		if got != want {
			t.Errorf("%q: addShort gives %v, add %v", w, got, want)
		}
	}
	if found < 100 {
		t.Errorf("only %d short profile words", found)
	}
	for _, w := range []string{"privacy", "zzz", "thee", "xy", "a" + "b", "datas"} {
		_, inTable := langTable[w]
		if _, ok := shortWordIndex(key(w)); ok != inTable {
			t.Errorf("%q: found %v, in table %v", w, ok, inTable)
		}
	}
}
