package rules

import (
	"math/rand/v2"
	"testing"
	"unicode/utf8"
)

// runeCount must agree with utf8.RuneCountInString, invalid UTF-8 included.
func TestRuneCountMatchesStandard(t *testing.T) {
	for _, s := range []string{"", "a", "abcdefgh", "abcdefghi", "données à caractère personnel", "We’re “here”", "\xff\xfeabcdefgh\xc3", "abcdefg\xe2\x80", "日本語のテキストです"} {
		if got, want := runeCount(s), utf8.RuneCountInString(s); got != want {
			t.Errorf("runeCount(%q) = %d, want %d", s, got, want)
		}
	}
	rng := rand.New(rand.NewPCG(3, 4))
	pieces := []string{"a", "b ", "abcdefgh", "é", "’", "日", "\x80", "\xc3", "\xe2\x80", "\xf0\x9f\x98\x80", "\xff"}
	for range 50000 {
		var b []byte
		for range rng.IntN(20) {
			b = append(b, pieces[rng.IntN(len(pieces))]...)
		}
		s := string(b)
		if got, want := runeCount(s), utf8.RuneCountInString(s); got != want {
			t.Fatalf("runeCount(%q) = %d, want %d", s, got, want)
		}
	}
}

func FuzzRuneCount(f *testing.F) {
	f.Add("données personnelles")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := runeCount(s), utf8.RuneCountInString(s); got != want {
			t.Fatalf("runeCount(%q) = %d, want %d", s, got, want)
		}
	})
}
