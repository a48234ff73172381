package rules

import (
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/vigie-audit/vigie/analyzer"
)

var errNilDocument = errors.New("evaluate: nil document")

// splitSentencesAt appends to dst the sentences of text, with offsets in
// code points shifted by base. It serves documents whose segments carry no
// sentences (built by hand, or by an older analyzer).
//
// Stopgap until analyzer.SplitSentences lands: a sentence ends at . ! ? or
// ; followed by a space and an upper-case letter, a digit or an opening
// quote, and at every line break.
func splitSentencesAt(dst []analyzer.Sentence, text string, base int) []analyzer.Sentence {
	runeAt := 0 // code points before byte i
	start, startRune := 0, 0
	emit := func(end, endRune int) {
		s := text[start:end]
		lead := len(s) - len(strings.TrimLeftFunc(s, unicode.IsSpace))
		t := strings.TrimSpace(s)
		if t != "" {
			r0 := startRune + utf8.RuneCountInString(s[:lead])
			dst = append(dst, analyzer.Sentence{Text: t, Start: base + r0, End: base + r0 + utf8.RuneCountInString(t)})
		}
	}
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		next := i + size
		runeAt++
		switch {
		case r == '\n':
			emit(i, runeAt-1)
			start, startRune = next, runeAt
		case r == '.' || r == '!' || r == '?' || r == ';':
			// Look past closing quotes and brackets, then for a space and a
			// sentence start.
			j := next
			for j < len(text) && strings.ContainsRune(")\"'”»’", rune(text[j])) {
				j++
			}
			if j < len(text) && (text[j] == ' ' || text[j] == '\t') {
				k := j
				for k < len(text) && (text[k] == ' ' || text[k] == '\t') {
					k++
				}
				if k < len(text) {
					c, _ := utf8.DecodeRuneInString(text[k:])
					if unicode.IsUpper(c) || unicode.IsDigit(c) || strings.ContainsRune("\"“«(¿¡•-–", c) {
						if !abbreviation(text[start:next]) && !ordinal(text[start:i], text[k:]) {
							end := j
							emit(end, runeAt+utf8.RuneCountInString(text[next:j]))
							runeAt += utf8.RuneCountInString(text[next:j])
							start, startRune = j, runeAt
							i = j
							continue
						}
					}
				}
			}
		}
		i = next
	}
	emit(len(text), runeAt)
	return dst
}

// abbreviation reports whether s ends with a common abbreviation whose
// period does not end a sentence ("e.g.", "Art.", "Abs.", "z. B.").
func abbreviation(s string) bool {
	s = strings.TrimRight(s, ".")
	i := strings.LastIndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && r != '.' })
	w := strings.ToLower(s[i+1:])
	switch w {
	case "e.g", "i.e", "etc", "inc", "ltd", "co", "corp", "no", "nr", "art", "abs", "lit", "z", "b", "z.b", "bzw", "ggf", "vgl", "ca", "mr", "mrs", "ms", "dr", "st", "u.s", "p", "pp", "cf", "vs", "sec", "s", "ziff", "gem", "n", "al", "incl":
		return true
	}
	return len(w) == 1
}

// ordinal reports whether a period after a one- or two-digit number is a
// German ordinal ("das 16. Lebensjahr", "1. Januar") rather than the end of
// a sentence.
func ordinal(before, after string) bool {
	n := 0
	for n < len(before) && n < 3 && before[len(before)-1-n] >= '0' && before[len(before)-1-n] <= '9' {
		n++
	}
	if n == 0 || n > 2 {
		return false
	}
	w := strings.ToLower(after)
	for _, p := range []string{"lebensjahr", "januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "dezember", "jahrhundert", "geburtstag", "absatz", "kapitel"} {
		if strings.HasPrefix(w, p) {
			return true
		}
	}
	return false
}

// stop words that tell the seven languages apart.
var stopWords = map[string][]string{
	"en": {"the", "and", "of", "to", "we", "you", "your", "is", "are", "with", "for", "that", "this"},
	"fr": {"le", "la", "les", "des", "et", "vous", "nous", "vos", "est", "pour", "dans", "une", "sur"},
	"de": {"der", "die", "das", "und", "sie", "wir", "ihre", "ist", "nicht", "mit", "von", "zu", "werden"},
	"es": {"el", "los", "las", "y", "de", "que", "sus", "para", "con", "por", "usted", "una", "datos"},
	"it": {"il", "di", "che", "e", "gli", "per", "sono", "con", "della", "dei", "una", "nel", "i"},
	"nl": {"de", "het", "een", "en", "van", "wij", "u", "uw", "zijn", "voor", "niet", "met", "worden"},
	"pt": {"o", "os", "as", "e", "de", "que", "para", "com", "dos", "uma", "seus", "não", "nos"},
}

// stopIndex maps a stop word's key to the indexes in TopicLanguages of the
// languages it belongs to.
var stopIndex = func() map[string][]int {
	idx := map[string][]int{}
	for li, lang := range TopicLanguages {
		for _, w := range stopWords[lang] {
			idx[foldKey(w)] = append(idx[foldKey(w)], li)
		}
	}
	return idx
}()

// guessLanguage returns the most likely of the seven languages of text from
// stop-word counts over its first words, with a rough confidence; "" when
// too little text. Stopgap until analyzer.DetectLanguage lands.
func guessLanguage(text string) (string, float64) {
	var t tokens
	return guessLanguageTokens(text, &t)
}

// guessLanguageTokens is guessLanguage with a reusable token buffer.
func guessLanguageTokens(text string, t *tokens) (string, float64) {
	if len(text) > 6000 {
		cut := 6000
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut]
	}
	t.tokenize(text)
	var counts [8]int
	total := 0
	for i := range t.toks {
		for _, li := range stopIndex[string(t.key(i))] {
			counts[li]++
			total++
		}
	}
	best, bestN := "", 0
	for li, lang := range TopicLanguages {
		if counts[li] > bestN {
			best, bestN = lang, counts[li]
		}
	}
	if bestN < 3 {
		return "", 0
	}
	return best, float64(bestN) / float64(total)
}

// TopicLanguages are the languages the default pack covers.
var TopicLanguages = []string{"en", "fr", "de", "es", "it", "nl", "pt"}
