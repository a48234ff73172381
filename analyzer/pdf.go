package analyzer

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ledongthuc/pdf"
)

// PDF text is read with github.com/ledongthuc/pdf, page by page, from the
// positioned glyphs of each page's content stream: glyphs are grouped into
// lines by their baseline, words separated where the gap between glyphs
// is wider than a fraction of the font size, lines grouped into
// paragraphs by vertical gaps and font changes, words broken at the margin
// ("Daten-" / "schutz") re-joined. Lines set clearly larger than the body
// text are headings (the largest size is level 1); an all-bold line is a
// pseudo-heading. Page numbers and lines repeated at the top or bottom of
// most pages (running headers and footers) are dropped.
//
// The library panics on some malformed files: every call into it is
// guarded, a page that fails is noted and skipped. It runs in a goroutine
// so that a cancelled context returns at once even if the library is
// stuck in a pathological file.

// maxPDFPages bounds the pages read (policies run to a few dozen).
const maxPDFPages = 500

type pdfLine struct {
	text string
	x, y float64
	size float64
	bold bool
	page int
}

type pdfResult struct {
	blocks []block
	title  string
	notes  []string
	err    error
}

func pdfBlocks(ctx context.Context, data []byte) pdfResult {
	done := make(chan pdfResult, 1)
	go func() {
		done <- readPDF(ctx, data)
	}()
	select {
	case res := <-done:
		return res
	case <-ctx.Done():
		return pdfResult{err: ctx.Err()}
	}
}

func readPDF(ctx context.Context, data []byte) (res pdfResult) {
	defer func() {
		if r := recover(); r != nil {
			res = pdfResult{
				notes: []string{fmt.Sprintf("pdf could not be read: %v", r)},
				err:   fmt.Errorf("%w: pdf could not be read: %v", ErrMalformed, r),
			}
		}
	}()
	r, err := pdf.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		reason := err.Error()
		if strings.Contains(reason, "password") || strings.Contains(reason, "encrypt") {
			reason = "encrypted: " + reason
		}
		return pdfResult{
			notes: []string{"pdf could not be read: " + reason},
			err:   fmt.Errorf("%w: pdf could not be read: %s", ErrMalformed, reason),
		}
	}
	res.title = pdfTitle(r)
	n := r.NumPage()
	if n > maxPDFPages {
		res.notes = append(res.notes, fmt.Sprintf("pdf has %d pages; only the first %d were read", n, maxPDFPages))
		n = maxPDFPages
	}
	var pages [][]pdfLine
	failed := 0
	for i := 1; i <= n; i++ {
		if err := ctx.Err(); err != nil {
			return pdfResult{err: err}
		}
		lines, err := pageLines(r, i)
		if err != nil {
			failed++
			if failed <= 3 {
				res.notes = append(res.notes, fmt.Sprintf("pdf page %d could not be read: %v", i, err))
			}
			continue
		}
		pages = append(pages, lines)
	}
	if failed > 3 {
		res.notes = append(res.notes, fmt.Sprintf("%d pdf pages could not be read in all", failed))
	}
	lines := dropRunningLines(pages)
	res.blocks = pdfParagraphs(lines)
	if len(res.blocks) == 0 {
		if failed == n && n > 0 {
			res.notes = append(res.notes, "no pdf page could be read")
			res.err = fmt.Errorf("%w: pdf: no readable page", ErrMalformed)
			return res
		}
		res.notes = append(res.notes, fmt.Sprintf("pdf has no text layer (%d pages of images or drawings; it would need OCR)", n))
		res.err = fmt.Errorf("%w: pdf has no text layer", ErrNoText)
	}
	return res
}

func pdfTitle(r *pdf.Reader) (title string) {
	defer func() {
		if recover() != nil {
			title = ""
		}
	}()
	return cleanText(r.Trailer().Key("Info").Key("Title").Text())
}

// pageLines returns the text lines of page i in content-stream order.
func pageLines(r *pdf.Reader, i int) (lines []pdfLine, err error) {
	defer func() {
		if p := recover(); p != nil {
			lines, err = nil, fmt.Errorf("%v", p)
		}
	}()
	p := r.Page(i)
	if p.V.IsNull() {
		return nil, nil
	}
	content := p.Content()
	var cur *pdfLine
	var b strings.Builder
	var boldGlyphs, glyphs int
	var lastX, lastEnd float64
	finish := func() {
		if cur == nil {
			return
		}
		cur.text = strings.TrimSpace(b.String())
		cur.bold = glyphs > 0 && boldGlyphs == glyphs
		if cur.text != "" {
			lines = append(lines, *cur)
		}
		cur = nil
		b.Reset()
		boldGlyphs, glyphs = 0, 0
	}
	for _, g := range content.Text {
		if g.S == "" || g.S == "\n" || g.S == "\r" {
			continue
		}
		size := g.FontSize
		if size <= 0 || math.IsNaN(size) || math.IsInf(size, 0) {
			size = 1
		}
		if cur != nil {
			sameLine := math.Abs(g.Y-cur.y) <= 0.4*math.Max(size, cur.size) && g.X >= lastX-2*size
			if !sameLine {
				finish()
			}
		}
		if cur == nil {
			cur = &pdfLine{x: g.X, y: g.Y, size: size, page: i}
		} else {
			gap := g.X - lastEnd
			if gap > 0.2*size && !strings.HasSuffix(b.String(), " ") && g.S != " " {
				b.WriteByte(' ')
			}
		}
		if size > cur.size {
			cur.size = size
		}
		b.WriteString(g.S)
		if strings.TrimSpace(g.S) != "" {
			glyphs++
			if isBoldFont(g.Font) {
				boldGlyphs++
			}
		}
		lastX = g.X
		w := g.W
		if w <= 0 || math.IsNaN(w) {
			w = 0
		}
		lastEnd = g.X + w
	}
	finish()
	return lines, nil
}

func isBoldFont(name string) bool {
	n := strings.ToLower(name)
	return strings.Contains(n, "bold") || strings.Contains(n, "black") || strings.Contains(n, "heavy") || strings.Contains(n, "semibold")
}

var pageNumberLine = regexp.MustCompile(`(?i)^\s*(?:page|seite|página|pagina|pag\.|p\.|blz\.)?\s*\d{1,4}\s*(?:(?:/|of|von|sur|de|di|van)\s*\d{1,4})?\s*$|^\s*[-–]\s*\d{1,4}\s*[-–]\s*$`)

// dropRunningLines removes page numbers and running headers and footers
// (the same first or last line on most pages) and flattens the pages.
func dropRunningLines(pages [][]pdfLine) []pdfLine {
	for i, p := range pages {
		kept := p[:0:0]
		for _, l := range p {
			if !pageNumberLine.MatchString(l.text) {
				kept = append(kept, l)
			}
		}
		pages[i] = kept
	}
	edge := map[string]int{}
	if len(pages) >= 3 {
		for _, p := range pages {
			if len(p) == 0 {
				continue
			}
			edge[edgeKey(p[0].text)]++
			if len(p) > 1 {
				edge[edgeKey(p[len(p)-1].text)]++
			}
		}
	}
	var out []pdfLine
	for _, p := range pages {
		for j, l := range p {
			if (j == 0 || j == len(p)-1) && len(pages) >= 3 && edge[edgeKey(l.text)]*2 >= len(pages) {
				continue
			}
			out = append(out, l)
		}
	}
	return out
}

// edgeKey ignores digits, so "Privacy Policy – page 3" repeats.
func edgeKey(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsDigit(r) {
			return -1
		}
		return r
	}, s)
}

// pdfParagraphs groups lines into blocks.
func pdfParagraphs(lines []pdfLine) []block {
	if len(lines) == 0 {
		return nil
	}
	// The body size is the size carrying the most text.
	weight := map[float64]int{}
	for _, l := range lines {
		weight[roundSize(l.size)] += utf8.RuneCountInString(l.text)
	}
	body, best := 0.0, -1
	for s, w := range weight {
		if w > best || w == best && s < body {
			body, best = s, w
		}
	}
	// Heading sizes, largest first, become levels 1–6.
	var sizes []float64
	for s := range weight {
		if s >= body*1.15 {
			sizes = append(sizes, s)
		}
	}
	sort.Sort(sort.Reverse(sort.Float64Slice(sizes)))
	level := func(s float64) int {
		for i, hs := range sizes {
			if roundSize(s) == hs {
				if i >= 6 {
					return 6
				}
				return i + 1
			}
		}
		return 0
	}

	var blocks []block
	var para []pdfLine
	flush := func() {
		if len(para) == 0 {
			return
		}
		var b []byte
		allBold := true
		for i, l := range para {
			if !l.bold {
				allBold = false
			}
			if i > 0 {
				hyphen := len(b) > 1 && b[len(b)-1] == '-' && endsWithLetterHyphen(string(b[max(0, len(b)-8):]))
				switch {
				case hyphen && startsLower(l.text):
					b = b[:len(b)-1] // "Daten-" / "schutz"
				case hyphen:
					// "Datenschutz-" / "Grundverordnung": keep the hyphen
				case para[0].bold && i == 1 && !l.bold:
					b = append(b, '\n') // a bold first line then body
				default:
					b = append(b, ' ')
				}
			}
			b = append(b, l.text...)
		}
		text := cleanText(string(b))
		first := para[0]
		para = para[:0]
		if text == "" {
			return
		}
		if lv := level(first.size); lv > 0 && utf8.RuneCountInString(text) <= maxHeadingRunes {
			blocks = append(blocks, block{typ: blockHeading, kind: kindHeading, text: text, level: int16(lv)})
			return
		}
		kind := kindParagraph
		if bulletLine.MatchString(text) {
			kind = kindListItem
		}
		blocks = append(blocks, block{typ: blockText, kind: kind, text: text, pseudo: kind == kindParagraph,
			bold: allBold, boldFirstLine: first.bold && !allBold && strings.Contains(text, "\n")})
	}
	for i, l := range lines {
		if i > 0 {
			prev := lines[i-1]
			gap := prev.y - l.y
			lineH := math.Max(prev.size, l.size) * 1.2
			brk := false
			switch {
			case l.page != prev.page:
				// A page break splits a paragraph only after a full stop.
				last, _ := utf8.DecodeLastRuneInString(prev.text)
				brk = last == '.' || last == ':' || level(prev.size) > 0
			case gap > lineH*1.45 || gap < -lineH: // a blank line, or a jump up (new column)
				brk = true
			case roundSize(l.size) != roundSize(prev.size):
				brk = true
			case prev.bold != l.bold && prev.bold && len(para) > 1:
				brk = true
			case bulletLine.MatchString(l.text) || enumLine.MatchString(l.text):
				brk = true
			case l.bold && !prev.bold:
				brk = true
			}
			if brk {
				flush()
			}
		}
		para = append(para, l)
	}
	flush()
	return blocks
}

func roundSize(s float64) float64 { return math.Round(s*2) / 2 }

func endsWithLetterHyphen(s string) bool {
	s = strings.TrimSuffix(s, "-")
	r, _ := utf8.DecodeLastRuneInString(s)
	return unicode.IsLetter(r)
}
