package analyzer

import (
	"context"
	"regexp"
	"strings"
	"unicode/utf8"
)

// Plain text: paragraphs are separated by blank lines (or form feeds).
// Inside a paragraph, lines opening with a bullet or an enumerator start
// list items; a line underlined with "===" or "---" is a heading; other
// lines are re-joined when they are hard-wrapped (a line as long as the
// paragraph's longest one continues on the next) and kept as line breaks
// otherwise, so a short first line can be recognised as a heading.

var (
	bulletLine   = regexp.MustCompile(`^\s*(?:[-*•·▪◦‣–]|o(?:\s))\s+\S`)
	enumLine     = regexp.MustCompile(`^\s*(?:\(?\d{1,3}[.)]|\(?[a-z][.)]|\([ivx]{1,5}\))\s+\S`)
	bulletMarker = regexp.MustCompile(`^\s*(?:[-*•·▪◦‣–]|o)\s+`)
	setextMarker = regexp.MustCompile(`^\s*(?:={3,}|-{3,})\s*$`)
)

func textBlocks(ctx context.Context, src string) ([]block, error) {
	src = strings.ReplaceAll(src, "\r\n", "\n")
	src = strings.ReplaceAll(src, "\r", "\n")
	src = strings.ReplaceAll(src, "\f", "\n\n")
	var blocks []block
	var para []string
	flushPara := func() {
		blocks = appendTextParagraph(blocks, para)
		para = para[:0]
	}
	lines := strings.Split(src, "\n")
	for i, line := range lines {
		if i%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		if strings.TrimSpace(line) == "" {
			flushPara()
			continue
		}
		if setextMarker.MatchString(line) && len(para) > 0 {
			heading := para[len(para)-1]
			para = para[:len(para)-1]
			flushPara()
			level := 2
			if strings.Contains(line, "=") {
				level = 1
			}
			blocks = append(blocks, block{typ: blockHeading, kind: kindHeading, text: cleanText(heading), level: int16(level)})
			continue
		}
		para = append(para, line)
	}
	flushPara()
	return blocks, nil
}

func appendTextParagraph(blocks []block, lines []string) []block {
	if len(lines) == 0 {
		return blocks
	}
	if len(lines) == 1 && !bulletLine.MatchString(lines[0]) {
		// A single line: paragraph (it may be a numbered heading).
		return appendPlain(blocks, lines, kindParagraph, true)
	}
	// Enumerated lines make a list only when there are several of them:
	// "2. HOW WE USE IT" followed by prose is a heading and its paragraph.
	enums := 0
	for _, l := range lines {
		if enumLine.MatchString(l) {
			enums++
		}
	}
	var run []string
	kind := kindParagraph
	flush := func() {
		if len(run) > 0 {
			blocks = appendPlain(blocks, run, kind, kind == kindParagraph)
			run = run[:0]
		}
	}
	for _, l := range lines {
		if bulletLine.MatchString(l) {
			flush()
			kind = kindListItem
			run = append(run, bulletMarker.ReplaceAllString(l, ""))
			continue
		}
		if enums >= 2 && enumLine.MatchString(l) {
			flush()
			kind = kindListItem
			run = append(run, strings.TrimLeft(l, " \t"))
			continue
		}
		run = append(run, l)
	}
	flush()
	return blocks
}

// appendPlain joins lines into one block, re-joining hard-wrapped lines.
func appendPlain(blocks []block, lines []string, kind blockKind, pseudo bool) []block {
	maxLen := 0
	for _, l := range lines {
		if n := utf8.RuneCountInString(strings.TrimSpace(l)); n > maxLen {
			maxLen = n
		}
	}
	var b []byte
	for i, l := range lines {
		l = strings.TrimSpace(l)
		if i > 0 {
			prev := strings.TrimSpace(lines[i-1])
			wrapped := maxLen >= 40 && utf8.RuneCountInString(prev)*10 >= maxLen*6
			switch {
			case wrapped && strings.HasSuffix(prev, "-") && len(prev) > 1 && startsLower(l):
				// "Daten-" + "schutz": a word broken at the margin
				b = b[:len(b)-1]
			case wrapped:
				b = append(b, ' ')
			default:
				b = append(b, '\n')
			}
		}
		b = append(b, l...)
	}
	text := cleanText(string(b))
	if text == "" {
		return blocks
	}
	return append(blocks, block{typ: blockText, kind: kind, text: text, pseudo: pseudo})
}

func startsLower(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return r >= 'a' && r <= 'z' || r > 0x7f && strings.ToLower(string(r)) == string(r) && strings.ToUpper(string(r)) != string(r)
}
