package analyzer

import (
	"testing"
	"unicode/utf8"
)

// fewWordsWithLetter counts spaces by a vectorised search; it must
// answer as the byte loop kept here does.
func TestFewWordsWithLetterMatchesReference(t *testing.T) {
	pieces := []string{"a", "Z", "1", " ", "  ", "-", "é", "\xff", "word ", "Privacy Policy", "§ 3", "12.", "(", ":"}
	agreeOnRandomTexts(t, "fewWordsWithLetter", 19, pieces, 40, 50000, fewWordsWithLetter, refFewWordsWithLetter)
}

func refFewWordsWithLetter(line string) bool {
	words, hasLetter := 1, false
	for i := 0; i < len(line) && words <= maxHeadingWords; i++ {
		c := line[i]
		if c == ' ' {
			words++
		} else if c >= utf8.RuneSelf || isASCIILetter(c) {
			hasLetter = true
		}
	}
	return words <= maxHeadingWords && hasLetter
}

// hasYear skips eight bytes without a digit at once; it must answer as
// the byte loop kept here does.
func TestHasYearMatchesReference(t *testing.T) {
	pieces := []string{"1", "9", "2", "0", "5", "19", "20", "2024", "1899", "2100", "12345", "a", " ", "Updated ", "é", "/", ":", "\xff", "/0"}
	agreeOnRandomTexts(t, "hasYear", 21, pieces, 20, 100000, hasYear, refHasYear)
}

func refHasYear(s string) bool {
	for i := 0; i+4 <= len(s); i++ {
		if (s[i] == '1' && s[i+1] == '9' || s[i] == '2' && s[i+1] == '0') &&
			s[i+2] >= '0' && s[i+2] <= '9' && s[i+3] >= '0' && s[i+3] <= '9' &&
			(i == 0 || s[i-1] < '0' || s[i-1] > '9') && (i+4 == len(s) || s[i+4] < '0' || s[i+4] > '9') {
			return true
		}
	}
	return false
}
