package analyzer

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	stdhtml "html"
	"io"
	"slices"
	"strconv"
	"strings"
)

// Word-processor documents — Office Open XML (.docx, what Word, Google
// Docs and Pages export) and OpenDocument Text (.odt, LibreOffice's) —
// are zip archives of XML parts, which the standard library reads. Legal
// teams draft policies in them, so a vendor can check the draft as it is.
//
// The document's body is rewritten as a small HTML page — headings
// (heading styles, outline levels) as h1–h6, numbered and bulleted
// paragraphs as list items, tables as tables — and then read like any
// page. Footnotes and endnotes are read where their reference stands.
// What a reader of the published policy would not see is left out:
// text deleted or moved away under tracked changes, reviewers' comments,
// hidden text, a table of contents (it repeats the headings), the page
// headers and footers, and the fallback copies of text boxes.

// maxOfficePart caps the bytes decompressed from one part of an archive,
// so that a zip bomb stops there. The XML of a 300-page document weighs a
// few megabytes.
const maxOfficePart = 64 << 20

// Media types of the word-processor formats.
const (
	mediaDOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	mediaODT  = "application/vnd.oasis.opendocument.text"
)

var zipMagic = []byte("PK\x03\x04")

// officeFormat tells which word-processor format a zip archive holds:
// FormatDOCX, FormatODT, or "" when it is neither (or not a zip).
func officeFormat(data []byte) Format {
	if !bytes.HasPrefix(data, zipMagic) {
		return ""
	}
	// An OpenDocument archive opens on its stored "mimetype" entry.
	if i := bytes.Index(data[:min(len(data), 256)], []byte("mimetype")); i >= 0 {
		if bytes.HasPrefix(data[i+len("mimetype"):], []byte(mediaODT)) {
			return FormatODT
		}
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		// A cut archive has lost its directory, at the end; the names of
		// the parts are in the headers of the first.
		head := data[:min(len(data), 64<<10)]
		if bytes.Contains(head, []byte("[Content_Types].xml")) && bytes.Contains(head, []byte("word/")) {
			return FormatDOCX
		}
		return ""
	}
	for _, f := range zr.File {
		switch f.Name {
		case "word/document.xml":
			return FormatDOCX
		case "content.xml":
			return FormatODT
		}
	}
	return ""
}

// officePage is a word-processor document rewritten as HTML.
type officePage struct {
	html  string
	notes []string
}

// officeToHTML rewrites the body of a .docx or .odt archive as an HTML
// page. Its errors wrap ErrMalformed (not such an archive, a part
// missing, broken XML) or ErrTooLarge (a part beyond maxOfficePart).
func officeToHTML(ctx context.Context, data []byte, format Format) (officePage, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return officePage{}, fmt.Errorf("%w: %s: not a readable zip archive (%v)", ErrMalformed, format, err)
	}
	parts := map[string]*zip.File{}
	for _, f := range zr.File {
		parts[f.Name] = f
	}
	read := func(name string, required bool) ([]byte, error) {
		f := parts[name]
		if f == nil {
			if required {
				return nil, fmt.Errorf("%w: %s archive without %s", ErrMalformed, format, name)
			}
			return nil, nil
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		rc, err := f.Open()
		if err != nil {
			return nil, fmt.Errorf("%w: %s: %s: %v", ErrMalformed, format, name, err)
		}
		defer rc.Close()
		b, err := io.ReadAll(io.LimitReader(rc, maxOfficePart+1))
		if err != nil {
			return nil, fmt.Errorf("%w: %s: %s: %v", ErrMalformed, format, name, err)
		}
		if len(b) > maxOfficePart {
			return nil, fmt.Errorf("%w: %s: %s decompresses to more than %s", ErrTooLarge, format, name, byteSize(maxOfficePart))
		}
		return b, nil
	}

	w := &pageWriter{}
	var title, lang string
	switch format {
	case FormatDOCX:
		styles, err := read("word/styles.xml", false)
		if err != nil {
			return officePage{}, err
		}
		st, err := docxStyles(ctx, styles)
		if err != nil {
			return officePage{}, err
		}
		lang = st.lang
		core, err := read("docProps/core.xml", false)
		if err != nil {
			return officePage{}, err
		}
		title = xmlText(core, "title")
		for _, part := range []string{"word/footnotes.xml", "word/endnotes.xml"} {
			notes, err := read(part, false)
			if err != nil {
				return officePage{}, err
			}
			st.notes = docxNotes(ctx, notes, st.notes)
		}
		body, err := read("word/document.xml", true)
		if err != nil {
			return officePage{}, err
		}
		if err := docxBody(ctx, body, st, w); err != nil {
			return officePage{}, err
		}
	case FormatODT:
		meta, err := read("meta.xml", false)
		if err != nil {
			return officePage{}, err
		}
		title, lang = xmlText(meta, "title"), xmlText(meta, "language")
		if lang == "" {
			styles, err := read("styles.xml", false)
			if err != nil {
				return officePage{}, err
			}
			lang = odtLanguage(styles)
		}
		body, err := read("content.xml", true)
		if err != nil {
			return officePage{}, err
		}
		if err := odtBody(ctx, body, w); err != nil {
			return officePage{}, err
		}
	default:
		return officePage{}, fmt.Errorf("%w: %q is not a word-processor format", ErrMalformed, format)
	}
	w.endList()

	var out strings.Builder
	out.Grow(w.body.Len() + 256)
	out.WriteString("<!DOCTYPE html><html")
	if lang != "" {
		out.WriteString(` lang="`)
		out.WriteString(stdhtml.EscapeString(lang))
		out.WriteString(`"`)
	}
	out.WriteString("><head>")
	if title = strings.TrimSpace(title); title != "" {
		out.WriteString("<title>")
		out.WriteString(stdhtml.EscapeString(title))
		out.WriteString("</title>")
	}
	out.WriteString("</head><body>")
	out.WriteString(w.body.String())
	out.WriteString("</body></html>")
	return officePage{html: out.String(), notes: w.notes()}, nil
}

// pageWriter writes the blocks of a document as HTML, grouping the list
// items that follow one another in a list.
type pageWriter struct {
	body    strings.Builder
	inList  bool
	skipped map[string]int // what was left out, for the notes
}

func (w *pageWriter) endList() {
	if w.inList {
		w.body.WriteString("</ul>")
		w.inList = false
	}
}

// block writes one paragraph: a heading when level > 0, a list item when
// item is set.
func (w *pageWriter) block(text string, level int, item bool) {
	text = strings.Join(strings.Fields(text), " ")
	if text == "" {
		return
	}
	text = stdhtml.EscapeString(text)
	switch {
	case level > 0:
		w.endList()
		h := strconv.Itoa(min(level, 6))
		w.body.WriteString("<h" + h + ">" + text + "</h" + h + ">")
	case item:
		if !w.inList {
			w.body.WriteString("<ul>")
			w.inList = true
		}
		w.body.WriteString("<li>" + text + "</li>")
	default:
		w.endList()
		w.body.WriteString("<p>" + text + "</p>")
	}
}

// raw writes table markup, closing an open list first.
func (w *pageWriter) raw(tag string) {
	w.endList()
	w.body.WriteString(tag)
}

func (w *pageWriter) skip(what string) {
	if w.skipped == nil {
		w.skipped = map[string]int{}
	}
	w.skipped[what]++
}

func (w *pageWriter) notes() []string {
	var out []string
	for _, what := range []string{"deleted", "comment", "hidden", "contents"} {
		n := w.skipped[what]
		if n == 0 {
			continue
		}
		switch what {
		case "deleted":
			out = append(out, fmt.Sprintf("tracked changes: %d deleted or moved %s left out", n, plural(n, "passage", "passages")))
		case "comment":
			out = append(out, fmt.Sprintf("%d reviewer %s left out", n, plural(n, "comment", "comments")))
		case "hidden":
			out = append(out, fmt.Sprintf("hidden text left out (%d %s)", n, plural(n, "run", "runs")))
		case "contents":
			out = append(out, "a table of contents left out")
		}
	}
	return out
}

// para is a paragraph being read.
type para struct {
	text   strings.Builder
	level  int  // heading level, 0 for body text
	item   bool // a list item
	toc    bool // a table-of-contents entry
	hidden bool // the current run is hidden
}

// docxStyle is what a paragraph style says of its paragraphs.
type docxStyle struct {
	level   int  // heading level, 0 for none
	list    bool // numbered or bulleted
	toc     bool // a table-of-contents style
	basedOn string
	set     bool // level or list was set by the style itself
}

type docxStyleSheet struct {
	styles map[string]docxStyle
	lang   string
	// notes holds the text of the footnotes and endnotes, by kind and id
	// ("footnote 2"): a note is read where its reference stands.
	notes map[string]string
}

// docxStyles reads word/styles.xml: the heading level of each paragraph
// style (by its built-in name — "heading 1" whatever the interface
// language — or its outline level, through the styles it is based on),
// whether it numbers its paragraphs, and the document's default language.
func docxStyles(ctx context.Context, data []byte) (docxStyleSheet, error) {
	sheet := docxStyleSheet{styles: map[string]docxStyle{}}
	if len(data) == 0 {
		return sheet, nil
	}
	x := newPartWalker(ctx, "docx: word/styles.xml", data)
	var id string
	var cur docxStyle
	for {
		tok, err := x.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return sheet, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "style":
				id, cur = "", docxStyle{}
				if xattr(t, "type") == "paragraph" {
					id = xattr(t, "styleId")
				}
			case "name":
				if id != "" && x.in(1) == "style" {
					name := strings.ToLower(xattr(t, "val"))
					switch {
					case name == "title":
						cur.level, cur.set = 1, true
					case strings.HasPrefix(name, "heading "):
						if n, err := strconv.Atoi(strings.TrimPrefix(name, "heading ")); err == nil && n >= 1 && n <= 9 {
							cur.level, cur.set = n, true
						}
					case strings.HasPrefix(name, "toc "), name == "toc heading":
						cur.toc = true
					case strings.HasPrefix(name, "list "), name == "list paragraph":
						cur.list = true
					}
				}
			case "basedOn":
				if id != "" && x.in(1) == "style" {
					cur.basedOn = xattr(t, "val")
				}
			case "outlineLvl":
				if id != "" && x.in(1) == "pPr" && !cur.set {
					if n, err := strconv.Atoi(xattr(t, "val")); err == nil && n >= 0 && n < 9 {
						cur.level, cur.set = n+1, true
					}
				}
			case "numPr":
				if id != "" && x.in(1) == "pPr" {
					cur.list = true
				}
			case "lang":
				if sheet.lang == "" && x.within("docDefaults") {
					sheet.lang = xattr(t, "val")
				}
			}
		case xml.EndElement:
			if t.Name.Local == "style" && id != "" {
				sheet.styles[id] = cur
				id = ""
			}
		}
	}
	// A style based on a heading is a heading, unless it says otherwise.
	for id, s := range sheet.styles {
		base := s.basedOn
		for depth := 0; base != "" && depth < 16 && !s.set; depth++ {
			b, ok := sheet.styles[base]
			if !ok {
				break
			}
			if b.set {
				s.level, s.set = b.level, true
			}
			s.list = s.list || b.list
			base = b.basedOn
		}
		sheet.styles[id] = s
	}
	return sheet, nil
}

// partWalker reads an XML part token by token: it keeps the path of the
// open elements' local names, leaves out whole the elements it is told to
// skip, holds the paragraphs being read (innermost last: a text box or a
// note opens a paragraph inside another), and checks ctx every few
// thousand tokens.
type partWalker struct {
	ctx   context.Context
	part  string // "docx: word/document.xml", for errors
	dec   *xml.Decoder
	path  []string
	skip  int // depth inside an element left out
	n     int
	paras []*para
}

func newPartWalker(ctx context.Context, part string, data []byte) *partWalker {
	return &partWalker{ctx: ctx, part: part, dec: xml.NewDecoder(bytes.NewReader(data))}
}

// next returns the next token outside the skipped elements, or io.EOF at
// the end. A StartElement's name is on the path when it is returned, an
// EndElement's off it.
func (x *partWalker) next() (xml.Token, error) {
	for {
		if x.n++; x.n&4095 == 0 {
			if err := x.ctx.Err(); err != nil {
				return nil, err
			}
		}
		tok, err := x.dec.Token()
		if err == io.EOF {
			return nil, err
		}
		if err != nil {
			return nil, fmt.Errorf("%w: %s: %v", ErrMalformed, x.part, err)
		}
		switch tok.(type) {
		case xml.StartElement:
			x.path = append(x.path, tok.(xml.StartElement).Name.Local)
			if x.skip > 0 {
				x.skip++
				continue
			}
		case xml.EndElement:
			if len(x.path) > 0 {
				x.path = x.path[:len(x.path)-1]
			}
			if x.skip > 0 {
				x.skip--
				continue
			}
		case xml.CharData:
			if x.skip > 0 {
				continue
			}
		}
		return tok, nil
	}
}

// skipElement leaves out the element whose StartElement next returned.
func (x *partWalker) skipElement() { x.skip = 1 }

// in returns the local name of the open element n levels up: 0 for the
// innermost, 1 for its parent.
func (x *partWalker) in(n int) string {
	if len(x.path) <= n {
		return ""
	}
	return x.path[len(x.path)-1-n]
}

// within reports whether an element named local is open.
func (x *partWalker) within(local string) bool { return slices.Contains(x.path, local) }

// para returns the innermost paragraph being read, or nil.
func (x *partWalker) para() *para {
	if len(x.paras) == 0 {
		return nil
	}
	return x.paras[len(x.paras)-1]
}

func (x *partWalker) push(p *para) { x.paras = append(x.paras, p) }

// pop ends the innermost paragraph; nil when none is open.
func (x *partWalker) pop() *para {
	p := x.para()
	if p != nil {
		x.paras = x.paras[:len(x.paras)-1]
	}
	return p
}

// docxNotes adds to notes the text of each footnote or endnote of a
// word/footnotes.xml or word/endnotes.xml part, by kind and id; broken
// XML ends the reading (the notes are only a complement).
func docxNotes(ctx context.Context, data []byte, notes map[string]string) map[string]string {
	if len(data) == 0 {
		return notes
	}
	if notes == nil {
		notes = map[string]string{}
	}
	x := newPartWalker(ctx, "docx notes", data)
	var key string
	var b strings.Builder
	for {
		tok, err := x.next()
		if err != nil {
			return notes
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch local := t.Name.Local; {
			case local == "footnote" || local == "endnote":
				key = local + " " + xattr(t, "id")
				b.Reset()
			case local == "delText" || local == "moveFrom" || local == "Fallback" || local == "instrText":
				x.skipElement()
			case local == "tab" && x.in(1) == "r", local == "p":
				b.WriteByte(' ')
			}
		case xml.EndElement:
			if (t.Name.Local == "footnote" || t.Name.Local == "endnote") && key != "" {
				if text := strings.TrimSpace(b.String()); text != "" {
					notes[key] = text
				}
				key = ""
			}
		case xml.CharData:
			if key != "" && x.in(0) == "t" {
				b.Write(t)
			}
		}
	}
}

// docxBody reads word/document.xml into w.
func docxBody(ctx context.Context, data []byte, st docxStyleSheet, w *pageWriter) error {
	x := newPartWalker(ctx, "docx: word/document.xml", data)
	for {
		tok, err := x.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			p := x.para()
			switch t.Name.Local {
			case "footnoteReference", "endnoteReference":
				kind := strings.TrimSuffix(t.Name.Local, "Reference")
				if note := st.notes[kind+" "+xattr(t, "id")]; note != "" {
					w.block(note, 0, p != nil && p.item)
				}
				x.skipElement()
			case "delText", "moveFrom":
				w.skip("deleted")
				x.skipElement()
			case "instrText", "Fallback", "commentReference":
				x.skipElement()
			case "p":
				x.push(&para{})
			case "pStyle":
				if p != nil && x.in(1) == "pPr" {
					s := st.styles[xattr(t, "val")]
					p.level, p.item, p.toc = s.level, s.list, s.toc
				}
			case "outlineLvl":
				if p != nil && x.in(1) == "pPr" {
					if n, err := strconv.Atoi(xattr(t, "val")); err == nil && n >= 0 && n < 9 {
						p.level = n + 1
					}
				}
			case "numId":
				if p != nil && x.in(1) == "numPr" && x.within("pPr") {
					p.item = xattr(t, "val") != "0"
				}
			case "r":
				if p != nil {
					p.hidden = false
				}
			case "vanish", "webHidden":
				if p != nil && x.in(1) == "rPr" && x.in(2) == "r" && on(xattr(t, "val")) {
					p.hidden = true
					w.skip("hidden")
				}
			case "tab", "br", "cr", "noBreakHyphen":
				if p != nil && x.in(1) == "r" && !p.hidden {
					if t.Name.Local == "noBreakHyphen" {
						p.text.WriteByte('-')
					} else {
						p.text.WriteByte(' ')
					}
				}
			case "tbl":
				w.raw("<table>")
			case "tr":
				w.raw("<tr>")
			case "tc":
				w.raw("<td>")
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "p":
				p := x.pop()
				switch {
				case p == nil:
				case p.toc:
					if w.skipped["contents"] == 0 {
						w.skip("contents")
					}
				default:
					w.block(p.text.String(), p.level, p.item)
				}
			case "tbl":
				w.raw("</table>")
			case "tr":
				w.raw("</tr>")
			case "tc":
				w.raw("</td>")
			}
		case xml.CharData:
			if p := x.para(); p != nil && !p.hidden && x.in(0) == "t" {
				p.text.Write(t)
			}
		}
	}
}

// odtTitle reports whether paragraph style name is the built-in Title
// style, directly or through an automatic style (parents maps the
// automatic styles, the "P1" that LibreOffice makes when a paragraph's
// format is touched, to the named styles they are based on). A named
// style based on Title (LibreOffice's Subtitle is one) is not the title.
func odtTitle(parents map[string]string, name string) bool {
	if p, ok := parents[name]; ok {
		name = p
	}
	return name == "Title"
}

// odtBody reads the office:text element of content.xml into w. The
// automatic paragraph styles before it are noted on the way, so that a
// paragraph in the Title style is a first-level heading, as in .docx.
func odtBody(ctx context.Context, data []byte, w *pageWriter) error {
	x := newPartWalker(ctx, "odt: content.xml", data)
	inBody := false
	lists := 0 // depth of text:list-item
	parents := map[string]string{}
	for {
		tok, err := x.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if !inBody {
				if t.Name.Local == "style" && xattr(t, "family") == "paragraph" && len(parents) < 10000 {
					if name := xattr(t, "name"); name != "" {
						parents[name] = xattr(t, "parent-style-name")
					}
				}
				inBody = t.Name.Local == "text" && x.in(1) == "body"
				continue
			}
			p := x.para()
			switch t.Name.Local {
			case "annotation":
				w.skip("comment")
				x.skipElement()
			case "tracked-changes":
				w.skip("deleted")
				x.skipElement()
			case "table-of-content", "alphabetical-index", "illustration-index", "table-index",
				"object-index", "user-index", "bibliography":
				w.skip("contents")
				x.skipElement()
			case "note-citation", "sequence-decls", "variable-decls", "user-field-decls", "desc", "title", "covered-table-cell":
				x.skipElement()
			case "h":
				level := 1
				if n, err := strconv.Atoi(xattr(t, "outline-level")); err == nil && n >= 1 {
					level = n
				}
				x.push(&para{level: level})
			case "p":
				if lists == 0 && odtTitle(parents, xattr(t, "style-name")) {
					x.push(&para{level: 1})
				} else {
					x.push(&para{item: lists > 0})
				}
			case "list-item", "list-header":
				lists++
			case "s", "tab", "line-break":
				if p != nil {
					p.text.WriteByte(' ')
				}
			case "table":
				w.raw("<table>")
			case "table-row":
				w.raw("<tr>")
			case "table-cell":
				w.raw("<td>")
			}
		case xml.EndElement:
			if !inBody {
				continue
			}
			switch t.Name.Local {
			case "text":
				inBody = x.in(0) != "body"
			case "h", "p":
				if p := x.pop(); p != nil {
					w.block(p.text.String(), p.level, p.item)
				}
			case "list-item", "list-header":
				lists--
			case "table":
				w.raw("</table>")
			case "table-row":
				w.raw("</tr>")
			case "table-cell":
				w.raw("</td>")
			}
		case xml.CharData:
			if p := x.para(); inBody && p != nil {
				p.text.Write(t)
			}
		}
	}
}

// odtLanguage reads the default language of an OpenDocument styles.xml:
// fo:language (and fo:country) of the default paragraph style.
func odtLanguage(data []byte) string {
	if len(data) == 0 {
		return ""
	}
	dec := xml.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := dec.Token()
		if err != nil {
			return ""
		}
		if t, ok := tok.(xml.StartElement); ok && t.Name.Local == "text-properties" {
			if l := xattr(t, "language"); l != "" && l != "zxx" && l != "none" {
				return l
			}
		}
	}
}

// xmlText returns the text of the first element named local in data, or
// "" (also for broken XML: metadata is only a help).
func xmlText(data []byte, local string) string {
	if len(data) == 0 {
		return ""
	}
	dec := xml.NewDecoder(bytes.NewReader(data))
	in := false
	var b strings.Builder
	for {
		tok, err := dec.Token()
		if err != nil {
			return ""
		}
		switch t := tok.(type) {
		case xml.StartElement:
			in = t.Name.Local == local
		case xml.CharData:
			if in {
				b.Write(t)
			}
		case xml.EndElement:
			if in {
				return strings.TrimSpace(b.String())
			}
		}
	}
}

func xattr(t xml.StartElement, local string) string {
	for _, a := range t.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// on reads an OOXML on/off attribute: absent means on.
func on(v string) bool {
	switch v {
	case "0", "false", "off":
		return false
	}
	return true
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
