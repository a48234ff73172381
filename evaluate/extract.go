package evaluate

import (
	"bytes"
	"io"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"

	"github.com/vigie-audit/vigie/analyzer"
)

// Stopgap extraction until analyzer.Extract lands: enough structure for the
// rules (sections under headings, one segment a paragraph) from HTML,
// Markdown or plain text. Sentences are left to the rule engine.

type block struct {
	heading bool
	level   int
	text    string
}

// builder assembles a Document from blocks.
type builder struct {
	doc   analyzer.Document
	text  strings.Builder
	runes int
	path  []string
	lvls  []int
}

func (b *builder) add(bl block) {
	t := strings.Join(strings.Fields(bl.text), " ")
	if t == "" {
		return
	}
	if bl.heading {
		for len(b.lvls) > 0 && b.lvls[len(b.lvls)-1] >= bl.level {
			b.lvls = b.lvls[:len(b.lvls)-1]
			b.path = b.path[:len(b.path)-1]
		}
		b.path = append(b.path, t)
		b.lvls = append(b.lvls, bl.level)
		b.doc.Sections = append(b.doc.Sections, analyzer.Section{Path: append([]string(nil), b.path...), Level: bl.level})
		return
	}
	if len(b.doc.Sections) == 0 {
		b.doc.Sections = append(b.doc.Sections, analyzer.Section{})
	}
	if b.runes > 0 {
		b.text.WriteByte('\n')
		b.runes++
	}
	start := b.runes
	b.text.WriteString(t)
	b.runes += utf8.RuneCountInString(t)
	sec := &b.doc.Sections[len(b.doc.Sections)-1]
	sec.Segments = append(sec.Segments, analyzer.Segment{Kind: analyzer.KindParagraph, Text: t, Start: start, End: b.runes})
}

func (b *builder) document(format analyzer.Format) *analyzer.Document {
	b.doc.Text = b.text.String()
	b.doc.Format = format
	return &b.doc
}

var blockTags = map[string]bool{
	"p": true, "div": true, "li": true, "br": true, "tr": true, "td": true, "th": true, "table": true,
	"ul": true, "ol": true, "section": true, "article": true, "blockquote": true, "dd": true, "dt": true,
	"header": true, "footer": true, "nav": true, "pre": true, "hr": true, "main": true, "aside": true, "details": true, "summary": true,
}

// extractHTML reads HTML into a document: headings (h1–h6, and a paragraph
// that is wholly bold) start sections, block elements end segments.
func extractHTML(r io.Reader) *analyzer.Document {
	z := html.NewTokenizer(r)
	var b builder
	var cur strings.Builder
	heading := 0
	skip := 0
	boldOnly, sawText := true, false
	bold := 0
	flush := func() {
		t := cur.String()
		cur.Reset()
		if strings.TrimSpace(t) == "" {
			boldOnly, sawText = true, false
			return
		}
		switch {
		case heading > 0:
			b.add(block{heading: true, level: heading, text: t})
		case boldOnly && sawText && len(strings.Fields(t)) <= 12:
			b.add(block{heading: true, level: 7, text: t})
		default:
			b.add(block{text: t})
		}
		boldOnly, sawText = true, false
	}
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			flush()
			return b.document(analyzer.FormatHTML)
		case html.TextToken:
			if skip > 0 {
				continue
			}
			t := string(z.Text())
			if strings.TrimSpace(t) != "" {
				sawText = true
				if bold == 0 && heading == 0 {
					boldOnly = false
				}
			}
			cur.WriteString(t)
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			tag := string(name)
			switch tag {
			case "script", "style", "noscript", "template", "svg":
				if tt == html.StartTagToken {
					skip++
				} else if tt == html.EndTagToken && skip > 0 {
					skip--
				}
				continue
			case "strong", "b":
				if tt == html.StartTagToken {
					bold++
				} else if tt == html.EndTagToken && bold > 0 {
					bold--
				}
				continue
			case "h1", "h2", "h3", "h4", "h5", "h6":
				flush()
				if tt == html.StartTagToken {
					heading = int(tag[1] - '0')
				} else {
					heading = 0
				}
				continue
			}
			if blockTags[tag] {
				flush()
			} else {
				cur.WriteByte(' ')
			}
		}
	}
}

var (
	mdLink    = regexp.MustCompile(`!?\[([^\]]*)\]\([^)]*\)`)
	mdHeading = regexp.MustCompile(`^(#{1,6})\s+(.*?)\s*#*\s*$`)
	mdRule    = regexp.MustCompile(`^\s*(=+|-+|\*{3,}|_{3,})\s*$`)
	mdEmph    = regexp.MustCompile(`(\*\*|__|\*|_|~~|` + "`" + `)`)
	mdBoldAll = regexp.MustCompile(`^\s*(\*\*|__)([^*_]+)(\*\*|__)\s*:?\s*$`)
)

// extractMarkdown reads Markdown into a document: ATX and setext headings,
// and wholly bold lines, start sections; each other line is a segment
// (table rows split into cells).
func extractMarkdown(data []byte) *analyzer.Document {
	var b builder
	lines := strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n")
	for i := 0; i < len(lines); i++ {
		line := mdLink.ReplaceAllString(lines[i], "$1")
		if m := mdHeading.FindStringSubmatch(line); m != nil {
			b.add(block{heading: true, level: len(m[1]), text: mdEmph.ReplaceAllString(m[2], "")})
			continue
		}
		if i+1 < len(lines) && strings.TrimSpace(line) != "" {
			if u := strings.TrimSpace(lines[i+1]); u != "" && (strings.Trim(u, "=") == "" || strings.Trim(u, "-") == "") && len(u) >= 3 {
				level := 1
				if u[0] == '-' {
					level = 2
				}
				b.add(block{heading: true, level: level, text: mdEmph.ReplaceAllString(line, "")})
				i++
				continue
			}
		}
		if mdRule.MatchString(line) {
			continue
		}
		if m := mdBoldAll.FindStringSubmatch(line); m != nil && len(strings.Fields(m[2])) <= 12 {
			b.add(block{heading: true, level: 7, text: m[2]})
			continue
		}
		t := strings.TrimSpace(line)
		t = strings.TrimLeft(t, ">")
		if strings.HasPrefix(t, "|") {
			for _, cell := range strings.Split(strings.Trim(t, "|"), "|") {
				if c := strings.TrimSpace(mdEmph.ReplaceAllString(cell, "")); strings.Trim(c, "-: ") != "" {
					b.add(block{text: c})
				}
			}
			continue
		}
		t = strings.TrimLeft(t, "*-+ ")
		b.add(block{text: mdEmph.ReplaceAllString(t, "")})
	}
	return b.document(analyzer.FormatMarkdown)
}

// extractText reads plain text: one segment a non-empty line.
func extractText(data []byte) *analyzer.Document {
	var b builder
	for _, line := range strings.Split(string(data), "\n") {
		b.add(block{text: line})
	}
	return b.document(analyzer.FormatText)
}

// extractFile turns a policy file into a document by its extension.
// OPP-115's segment separator ||| becomes a paragraph break.
func extractFile(name string, data []byte) *analyzer.Document {
	switch ext := strings.ToLower(name[strings.LastIndexByte(name, '.')+1:]); ext {
	case "html", "htm", "xhtml":
		return extractHTML(bytes.NewReader(bytes.ReplaceAll(data, []byte("|||"), []byte("<br><br>"))))
	case "md", "markdown":
		return extractMarkdown(bytes.ReplaceAll(data, []byte("|||"), []byte("\n\n")))
	default:
		return extractText(bytes.ReplaceAll(data, []byte("|||"), []byte("\n\n")))
	}
}
