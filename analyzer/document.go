// Package analyzer turns a policy document (HTML in any charset, plain text,
// Markdown or PDF) into a Document: its title, its language and an ordered
// list of sections holding segments split into sentences.
//
// The analyzer takes an io.Reader plus a content type and a URL; it knows
// nothing of how the bytes were fetched.
//
// Files, one concept each:
//   - extract.go: Extract, Input, format detection, size limit, binary input.
//   - charset.go: decoding (BOM, header, <meta>, sniffing) and mojibake repair.
//   - clean.go: the text normalisation every segment goes through.
//   - htmlparse.go, chrome.go, htmlwalk.go: parsing (with the deep-nesting
//     fallback), site-chrome removal and content root, the walk from nodes
//     to blocks (headings, paragraphs, list items, cells, <details>).
//   - markdown.go, text.go, pdf.go: the other formats, down to blocks.
//   - outline.go: blocks to sections and segments, pseudo-headings.
//   - sentence.go, lang.go: SplitSentences, DetectLanguage.
//   - errors.go: the sentinel errors for degenerate input.
package analyzer

import "strings"

// Format is the kind of input a Document was extracted from.
type Format string

// Input formats.
const (
	FormatHTML     Format = "html"
	FormatText     Format = "text"
	FormatMarkdown Format = "markdown"
	FormatPDF      Format = "pdf"
	FormatDOCX     Format = "docx" // Office Open XML (Word)
	FormatODT      Format = "odt"  // OpenDocument Text
)

// SegmentKind says which structural element a segment came from.
type SegmentKind string

// Segment kinds.
const (
	KindParagraph SegmentKind = "paragraph"
	KindListItem  SegmentKind = "list_item"
	KindTableCell SegmentKind = "table_cell"
	KindDetails   SegmentKind = "details"
	KindHeading   SegmentKind = "heading"
)

// A Document is the analysable text of one policy.
//
// Offsets (Start, End) everywhere in a Document count Unicode code points
// (characters, not bytes) into Text, half-open: Text[Start:End] in runes is
// the quoted span.
type Document struct {
	URL      string
	Title    string
	Format   Format
	Language string // ISO 639-1 code ("en", "fr", …); "" when undetermined
	// LanguageConfidence is in [0, 1].
	LanguageConfidence float64
	// DeclaredLanguage is the language the page claims (<html lang>, a
	// Content-Language meta tag or Input.Language), as a lower-case primary
	// subtag; it is only a prior for Language.
	DeclaredLanguage string
	// Charset is the encoding the input was decoded from ("utf-8",
	// "windows-1252", …); empty for PDF.
	Charset string
	// Truncated reports that the input was longer than the byte limit and
	// only its beginning was analysed (a note says so too).
	Truncated bool
	// Text is the extracted main text: segments separated by newlines. A
	// segment may itself hold newlines (a <br>, a line of a PDF paragraph).
	Text     string
	Sections []Section
	// Notes explain an empty or degraded result ("pdf has no text layer")
	// and any repair made on the way (flattened nesting, mojibake).
	Notes []string
	// Fragment is Input.Fragment when the document is that part of the
	// page alone; "" when none was asked for or the page has no such
	// element (a note says so).
	Fragment string
}

// A Section is the run of segments under one heading.
type Section struct {
	// Path is the heading path, outermost first ("Your rights", "Access");
	// empty for the text before the first heading.
	Path []string
	// Level is the level of the section's heading: 1–6 for h1–h6 (and
	// Markdown or PDF headings); pseudo-headings (a bold-only paragraph, an
	// ALL-CAPS or numbered short line, <summary>, <dt>) rank below any real
	// heading, at 7 and deeper. 0 for the text before the first heading.
	Level    int
	Segments []Segment
}

// Heading returns the section's heading path joined with " > ".
func (s *Section) Heading() string { return strings.Join(s.Path, " > ") }

// A Segment is one block of text: a paragraph, a list item, a table cell or
// the body of a <details> element.
type Segment struct {
	Kind SegmentKind
	Text string
	// Label is the context a table cell takes from its headers: the row
	// header and the column header joined with " / " ("Contact data /
	// Purpose"); empty for other kinds and for header cells themselves.
	Label     string `json:",omitempty"`
	Start     int
	End       int
	Sentences []Sentence
}

// A Sentence is one sentence of a segment.
type Sentence struct {
	Text  string
	Start int
	End   int
}
