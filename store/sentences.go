package store

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// splitSentences splits a policy text into sentences for diffing: every line
// (the analyzer separates segments with newlines) is split after ., !, ? or …
// (and any closing quotes or brackets) when whitespace and then something
// other than a lower-case letter follows, and after the CJK full stops.
// Common abbreviations ("e.g.", "Mr.", "z.B.", single initials) do not end a
// sentence. Whitespace inside a sentence is collapsed.
//
// It is deliberately simple: a diff only needs stable, human-sized units.
func splitSentences(text string) []string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		line = normaliseText(line)
		if line == "" {
			continue
		}
		out = appendSentences(out, line)
	}
	return out
}

func appendSentences(out []string, line string) []string {
	start := 0
	for i := 0; i < len(line); {
		r, w := utf8.DecodeRuneInString(line[i:])
		i += w
		switch r {
		case '。', '！', '？':
			out = appendTrimmed(out, line[start:i])
			start = i
			continue
		case '.', '!', '?', '…':
		default:
			continue
		}
		// Take any closing punctuation.
		j := i
		for j < len(line) {
			c, cw := utf8.DecodeRuneInString(line[j:])
			if !strings.ContainsRune(`"'”’»)]`, c) && c != '.' {
				break
			}
			j += cw
		}
		if j >= len(line) || line[j] != ' ' {
			continue
		}
		next, _ := utf8.DecodeRuneInString(line[j+1:])
		if unicode.IsLower(next) {
			continue
		}
		if r == '.' && isAbbreviation(line[start:i-1]) {
			continue
		}
		out = appendTrimmed(out, line[start:j])
		start = j + 1
		i = j + 1
	}
	return appendTrimmed(out, line[start:])
}

func appendTrimmed(out []string, s string) []string {
	if s = strings.TrimSpace(s); s != "" {
		out = append(out, s)
	}
	return out
}

// abbreviations that end in a full stop without ending a sentence, lower
// case, without the final dot.
var abbreviations = map[string]bool{
	"e.g": true, "i.e": true, "etc": true, "mr": true, "mrs": true, "ms": true, "dr": true, "st": true,
	"no": true, "nr": true, "art": true, "vs": true, "cf": true, "approx": true, "inc": true, "ltd": true,
	"z.b": true, "bzw": true, "ca": true, "vgl": true, "abs": true, "gem": true, "usw": true,
	"p.ex": true, "mme": true, "mlle": true, "cf. art": true, "ex": true,
	"ecc": true, "sig": true, "dott": true, "sr": true, "sra": true, "pág": true, "núm": true,
}

// isAbbreviation reports whether the text before a full stop ends with an
// abbreviation or a single letter (an initial).
func isAbbreviation(before string) bool {
	k := strings.LastIndexAny(before, " (")
	word := strings.ToLower(before[k+1:])
	if word == "" {
		return false
	}
	if utf8.RuneCountInString(word) == 1 {
		r, _ := utf8.DecodeRuneInString(word)
		return unicode.IsLetter(r)
	}
	return abbreviations[word]
}
