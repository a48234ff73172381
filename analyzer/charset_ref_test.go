package analyzer

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/unicode/norm"
)

// repairMojibake jumps from one candidate 0xC3 byte to the next; it must
// repair exactly what the rune-by-rune reading kept here repairs, on
// mojibake, genuine accented text, invalid bytes and truncated sequences.
func TestRepairMojibakeMatchesReference(t *testing.T) {
	pieces := []string{"a", " ", "é", "données", "Ã©", "Ã", "Ã ", "â€™", "â€", "Ã¼", "Ã\u00a0", "\xc3", "\xc3\xc3",
		"\xc3\xa9\xc2", "Ã\u0153", "Å“", "€", "’", "\u00a0", "\xff", "ðŸ˜€", "ð\u009f\u0098\u0080", "Ã¢â‚¬â„¢", "ç", "ü", "\n"}
	rng := rand.New(rand.NewPCG(3, 4))
	for n := 0; n < 50000; n++ {
		s := randomPieces(rng, pieces, 12)
		got, gn := repairMojibake(s)
		want, wn := refRepairMojibake(s)
		if got != want || gn != wn {
			t.Fatalf("repairMojibake(%q) = %q, %d; want %q, %d", s, got, gn, want, wn)
		}
	}
}

// refRepairMojibake is repairMojibake reading every rune.
func refRepairMojibake(s string) (string, int) {
	if strings.IndexByte(s, 0xC3) < 0 {
		return s, 0
	}
	var b strings.Builder
	n := 0
	last := 0
	var seq [4]byte
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r < 0xC2 || r > 0xF4 {
			i += size
			continue
		}
		need := 1
		if r >= 0xF0 {
			need = 3
		} else if r >= 0xE0 {
			need = 2
		}
		seq[0] = byte(r)
		j := i + size
		ok := true
		for k := 1; k <= need; k++ {
			c, csize := utf8.DecodeRuneInString(s[j:])
			cb, isCont := continuationByte(c)
			if csize == 0 || !isCont {
				ok = false
				break
			}
			seq[k] = cb
			j += csize
		}
		if ok {
			fixed, fsize := utf8.DecodeRune(seq[:need+1])
			if fixed != utf8.RuneError && fsize == need+1 {
				b.WriteString(s[last:i])
				b.WriteRune(fixed)
				last = j
				n++
				i = j
				continue
			}
		}
		i += size
	}
	if n == 0 {
		return s, 0
	}
	b.WriteString(s[last:])
	out := b.String()
	if k := strings.Count(out, "Ã "); k > 0 {
		out = strings.ReplaceAll(out, "Ã ", "à ")
		n += k
	}
	return out, n
}

// isClean lets cleanText return text holding the characters needsCleaning
// accepts as they are: each must be left so by cleanText, and in NFC
// after any other (a starter that composes with nothing before it).
func TestCleanCharactersAreNFC(t *testing.T) {
	n := 0
	for r := rune(0x80); r <= 0xFFFF; r++ {
		c := string(r)
		if !utf8.ValidString(c) || needsCleaning(c) {
			continue
		}
		n++
		// Marks (U+0300…), which could combine with it, are not clean.
		p := norm.NFC.PropertiesString(c)
		if !p.BoundaryBefore() || p.CCC() != 0 || !norm.NFC.IsNormalString("aé"+c+c+"’e") {
			t.Errorf("%U (%q) may combine with what precedes it: not clean", r, c)
		}
		if got := cleanFull("a" + c + "a"); got != "a"+c+"a" {
			t.Errorf("cleanText changes %U (%q): %q", r, c, got)
		}
	}
	if n < 100 {
		t.Errorf("only %d clean characters", n)
	}
}

// cleanText's fast path (isClean) must agree with its full reading.
func TestIsCleanAgreesWithCleanText(t *testing.T) {
	pieces := []string{"a", "Z", " ", "  ", "\n", "\n\n", " \n", "\t", "\x00", "\x7f", "é", "É", "’", "—", "€", "…",
		"\u00a0", "\u00ad", "\u200b", "\u0301", "ﬁ", "\xc3", "\xe2\x80", "\xff", "données"}
	rng := rand.New(rand.NewPCG(13, 14))
	for n := 0; n < 50000; n++ {
		s := randomPieces(rng, pieces, 10)
		if isClean(s) && cleanFull(s) != s {
			t.Fatalf("isClean(%q) but cleanText gives %q", s, cleanFull(s))
		}
	}
}

// lookupCharset answers "utf-8" without charset.Lookup; it must answer as
// the look-up kept here does.
func TestLookupCharsetMatchesReference(t *testing.T) {
	for _, label := range []string{"utf-8", "UTF-8", "Utf-8", " utf-8 ", "utf8", "unicode-1-1-utf-8", "utf-16", "utf-16le",
		"iso-8859-1", "latin1", "windows-1252", "shift_jis", "replacement", "x-unknown", ""} {
		for _, fromMeta := range []bool{false, true} {
			ge, gn := lookupCharset(label, fromMeta)
			we, wn := refLookupCharset(label, fromMeta)
			// (charset.Lookup makes a new value for some encodings at
			// each call: they are compared by what they print)
			if fmt.Sprint(ge) != fmt.Sprint(we) || (ge == encoding.Nop) != (we == encoding.Nop) || gn != wn {
				t.Errorf("lookupCharset(%q, %v) = %v, %q; want %v, %q", label, fromMeta, ge, gn, we, wn)
			}
		}
	}
}

func refLookupCharset(label string, fromMeta bool) (encoding.Encoding, string) {
	label = strings.TrimSpace(label)
	if label == "" {
		return nil, ""
	}
	e, name := charset.Lookup(label)
	if e == nil {
		return nil, ""
	}
	if name == "utf-8" || (fromMeta && strings.HasPrefix(name, "utf-16")) {
		return encoding.Nop, "utf-8"
	}
	if name == "replacement" {
		return nil, ""
	}
	return e, name
}
