package rules

import (
	"errors"

	"github.com/vigie-audit/vigie/analyzer"
)

var errNilDocument = errors.New("evaluate: nil document")

// splitSentencesAt appends to dst the sentences of text (analyzer's
// splitter), their offsets shifted by base. It serves documents whose
// segments carry no sentences (built by hand, or by a caller holding bare
// text).
func splitSentencesAt(dst []analyzer.Sentence, text string, base int) []analyzer.Sentence {
	for _, s := range analyzer.SplitSentences(text) {
		s.Start += base
		s.End += base
		dst = append(dst, s)
	}
	return dst
}

// TopicLanguages are the languages the default pack covers.
var TopicLanguages = []string{"en", "fr", "de", "es", "it", "nl", "pt"}
