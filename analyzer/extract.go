package analyzer

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/bits"
	"mime"
	"net/url"
	"path"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// DefaultMaxBytes is the input size read when Input.MaxBytes is 0: 16 MiB.
// The largest real policy pages, inline scripts and styles included, weigh
// a few megabytes; 16 MiB of HTML parses in well under a second and takes
// a few hundred megabytes of memory at most. Text formats beyond the
// limit are truncated (the first 16 MiB hold the policy, and a partial
// analysis with a note beats none); a PDF beyond it is refused with
// ErrTooLarge, since a truncated PDF cannot be read.
const DefaultMaxBytes = 16 << 20

// Input describes the bytes given to Extract.
type Input struct {
	// URL is where the document came from; it names the Document and its
	// extension is a hint for the format.
	URL string
	// ContentType is the HTTP Content-Type header, charset included.
	ContentType string
	// Format overrides the format otherwise taken from ContentType, then
	// the URL's extension, then the content itself.
	Format Format
	// MaxBytes caps the bytes read; 0 means DefaultMaxBytes, a negative
	// value no limit.
	MaxBytes int64
	// Language is the Content-Language header, if any: a prior for the
	// language detection, like <html lang>.
	Language string
	// Fragment, for an HTML page, is the id of the element that is the
	// document: a policy that is one part of a wider page, which its link
	// pointed at ("rechtliches.html#datenschutz", a tab of a legal page).
	// Only that element is read; for a heading, or an empty anchor before
	// one, the part the heading opens (to the next heading of its level).
	// A page without it is read whole, with a note; Document.Fragment says
	// which.
	Fragment string
}

// Extract reads a policy document and returns its analysable text.
//
// For degenerate input it returns a non-nil Document whose Notes say why,
// together with an error wrapping ErrEmpty, ErrBinary, ErrNoText,
// ErrTooLarge or ErrMalformed. A cancelled ctx returns ctx.Err() (and a
// nil Document) as soon as it is noticed, including part-way through a
// large page.
func Extract(ctx context.Context, r io.Reader, in Input) (*Document, error) {
	doc := &Document{URL: in.URL, DeclaredLanguage: primaryTag(in.Language)}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	limit := in.MaxBytes
	if limit == 0 {
		limit = DefaultMaxBytes
	}
	// The work space of an earlier page, its input buffer included; it
	// goes back to scratchPool only when this page is HTML (see release).
	sc := scratchPool.Get().(*htmlScratch)
	data, err := readAll(ctxReader{ctx, r}, limit, r, sc.input[:0])
	sc.input = nil
	if err != nil {
		if cerr := ctx.Err(); cerr != nil {
			return nil, cerr
		}
		return nil, fmt.Errorf("read %s: %w", nameOf(in), err)
	}
	if limit > 0 && int64(len(data)) > limit {
		data = data[:limit]
		doc.Truncated = true
	}

	ct := parseMediaType(in.ContentType) // read once, for the format and the charset
	doc.Format = detectFormat(in, ct, data)
	if len(bytes.TrimSpace(data)) == 0 {
		return fail(doc, ErrEmpty, "empty input")
	}
	if doc.Truncated {
		if doc.Format == FormatPDF || doc.Format == FormatDOCX || doc.Format == FormatODT {
			return fail(doc, ErrTooLarge, fmt.Sprintf("%s larger than the %s limit; a truncated %s cannot be read", doc.Format, byteSize(limit), doc.Format))
		}
		doc.Notes = append(doc.Notes, fmt.Sprintf("input larger than the %s limit: only the first %s were analysed", byteSize(limit), byteSize(limit)))
		data = trimPartialRune(data)
	}
	if doc.Format != FormatPDF && doc.Format != FormatDOCX && doc.Format != FormatODT {
		if why := binaryReason(data); why != "" {
			return fail(doc, ErrBinary, why)
		}
	}

	var blocks []block
	var arena string // the blocks' texts, when they were laid out together
	// what goes back to scratchPool once the Document is assembled: the
	// work space of htmlBlocks, and the input of an HTML page, of which
	// the parser copied all it keeps (no Document refers to it)
	var done *htmlScratch
	var input []byte
	switch doc.Format {
	case FormatPDF:
		res := pdfBlocks(ctx, data)
		if cerr := ctx.Err(); cerr != nil {
			return nil, cerr
		}
		doc.Notes = append(doc.Notes, res.notes...)
		doc.Title = res.title
		if res.err != nil {
			return doc, &ExtractError{nameOf(in), res.err}
		}
		blocks, doc.Title = res.blocks, res.title
	case FormatText:
		d := decodeText(data, ct, false)
		doc.Charset = d.charset
		doc.Notes = append(doc.Notes, d.notes...)
		if blocks, err = textBlocks(ctx, d.text); err != nil {
			return nil, err
		}
	case FormatDOCX, FormatODT:
		page, err := officeToHTML(ctx, data, doc.Format)
		if err != nil {
			if cerr := ctx.Err(); cerr != nil {
				return nil, cerr
			}
			doc.Notes = append(doc.Notes, err.Error())
			return doc, &ExtractError{nameOf(in), err}
		}
		doc.Notes = append(doc.Notes, page.notes...)
		if blocks, arena, err = htmlBlocks(ctx, doc, page.html, "", sc); err != nil {
			return htmlFailure(ctx, doc, in, err)
		}
		done = sc
	case FormatMarkdown:
		d := decodeText(data, ct, false)
		doc.Charset = d.charset
		doc.Notes = append(doc.Notes, d.notes...)
		page, err := markdownToHTML(ctx, d.text)
		if err != nil {
			if cerr := ctx.Err(); cerr != nil {
				return nil, cerr
			}
			return fail(doc, ErrMalformed, err.Error())
		}
		if blocks, arena, err = htmlBlocks(ctx, doc, page, "", sc); err != nil {
			return htmlFailure(ctx, doc, in, err)
		}
		done = sc
	default:
		d := decodeText(data, ct, true)
		doc.Charset = d.charset
		doc.Notes = append(doc.Notes, d.notes...)
		if blocks, arena, err = htmlBlocks(ctx, doc, d.text, in.Fragment, sc); err != nil {
			return htmlFailure(ctx, doc, in, err)
		}
		done, input = sc, data
	}

	if err := assemble(ctx, doc, blocks, arena); err != nil {
		return nil, err
	}
	if done != nil {
		done.release(blocks, input)
	}
	if doc.Title == "" {
		doc.Title = firstHeading(doc)
	}
	if doc.Text == "" {
		why := "no text found"
		switch doc.Format {
		case FormatDOCX, FormatODT:
			why = "the document holds no text in its body"
		case FormatHTML, FormatMarkdown:
			why = "the page holds no text outside scripts, styles and site chrome (rendered by JavaScript?)"
		}
		return fail(doc, ErrNoText, why)
	}
	doc.Language, doc.LanguageConfidence = detectLanguage(doc.Text, doc.DeclaredLanguage)
	return doc, nil
}

func htmlFailure(ctx context.Context, doc *Document, in Input, err error) (*Document, error) {
	if cerr := ctx.Err(); cerr != nil {
		return nil, cerr
	}
	if errors.Is(err, ErrMalformed) {
		doc.Notes = append(doc.Notes, err.Error())
		return doc, &ExtractError{nameOf(in), err}
	}
	return nil, &ExtractError{nameOf(in), err}
}

// fail records why the input yields nothing and returns the document with
// an error wrapping sentinel.
func fail(doc *Document, sentinel error, why string) (*Document, error) {
	doc.Notes = append(doc.Notes, why)
	name := doc.URL
	if name == "" {
		name = "input"
	}
	return doc, &ExtractError{name, fmt.Errorf("%w: %s", sentinel, why)}
}

func nameOf(in Input) string {
	if in.URL != "" {
		return in.URL
	}
	return "input"
}

func byteSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// readAll reads up to limit+1 bytes (all when limit < 0), sizing its
// buffer from the reader's Len or Size when it has one.
// buf is an empty buffer to read into if it is large enough.
func readAll(src io.Reader, limit int64, orig io.Reader, buf []byte) ([]byte, error) {
	size := int64(32 << 10)
	switch r := orig.(type) {
	case interface{ Len() int }:
		size = int64(r.Len()) + 1
	case interface{ Size() int64 }:
		size = r.Size() + 1
	}
	if limit >= 0 {
		src = io.LimitReader(src, limit+1)
		if size > limit+1 {
			size = limit + 1
		}
	}
	if int64(cap(buf)) < size {
		buf = make([]byte, 0, size)
	}
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := src.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
}

// trimPartialRune drops an incomplete UTF-8 sequence cut by truncation.
func trimPartialRune(data []byte) []byte {
	for i := len(data) - 1; i >= 0 && i >= len(data)-3; i-- {
		if utf8.RuneStart(data[i]) {
			if !utf8.FullRune(data[i:]) {
				return data[:i]
			}
			break
		}
	}
	return data
}

// htmlBlocks parses a page and returns the blocks of its main content and
// the arena their texts are in (see block.off); it fills doc's title,
// declared language and notes.
func htmlBlocks(ctx context.Context, doc *Document, src, fragment string, sc *htmlScratch) ([]block, string, error) {
	root, notes, err := parseHTML(ctx, src)
	if err != nil {
		return nil, "", err
	}
	doc.Notes = append(doc.Notes, notes...)
	meta := readMeta(root)
	if doc.DeclaredLanguage == "" {
		doc.DeclaredLanguage = meta.lang
	}
	doc.Title = cleanTitle(meta.title, meta.h1)

	body := findBody(root)
	if body == nil {
		return nil, "", nil
	}
	// The element a fragment names, before the chrome goes: a tab a
	// script hides may look like chrome, and it is the document.
	var part *html.Node
	if fragment != "" {
		if part = findID(body, fragment); part == nil {
			doc.Notes = append(doc.Notes, fmt.Sprintf("no element #%s on the page: the whole page was read", fragment))
		}
	}
	elems := dropNonText(body)
	p := &chromePruner{stats: sc.statCache(elems)}
	p.total = p.stats.fill(body).text
	before := p.total
	p.visit(body, false)
	after := p.stats.of(body).text
	if before > 0 && after*10 < before {
		// Removing chrome left almost nothing: the page is not laid out
		// as we expect. Keep everything rather than lose the policy.
		root, _, err = parseHTML(ctx, src)
		if err != nil {
			return nil, "", err
		}
		body = findBody(root)
		if part != nil {
			part = findID(body, fragment)
		}
		elems = dropNonText(body)
		p = &chromePruner{stats: sc.statCache(elems)}
		doc.Notes = append(doc.Notes, "site-chrome removal would have left under 10% of the text: kept the whole page")
	}
	content := []*html.Node{p.contentRoot(body)}
	if part != nil {
		content = fragmentNodes(part)
		doc.Fragment = fragment
	}
	w := newBlockWalker(ctx)
	// The text is about the non-space bytes under the content root, plus
	// a space between words.
	est := 0
	for _, n := range content {
		est += p.stats.of(n).text
	}
	w.arena = make([]byte, 0, est+est/4+64)
	w.blocks = sc.blockSlice(est/128 + 16) // blocks hold a hundred bytes or so
	for _, n := range content {
		w.walk(n)
	}
	w.flush()
	if w.err != nil {
		return nil, "", w.err
	}
	w.finishTexts()
	return w.blocks, w.all, nil
}

// htmlScratch is the work space of htmlBlocks that no Document keeps: the
// text statistics of the page's elements and its blocks, and the buffer an
// HTML page is read into. Extract takes one
// from scratchPool and puts it back once the Document is assembled, so
// that a page reuses the map and the slice of one before it: 2.4 kB and 5
// allocations fewer per farm page, 0.95 MB fewer per OPP-115 pass. Work
// spaces grown by a large page are dropped rather than kept.
type htmlScratch struct {
	stats  statCache
	blocks []block
	input  []byte
}

var scratchPool = sync.Pool{New: func() any { return new(htmlScratch) }}

// maxScratchElems and maxScratchBlocks bound the work space put back in
// scratchPool: a large policy page's worth. (Clearing a map costs as much
// as its capacity, so a large page's map is not kept for small ones.)
const (
	maxScratchElems  = 1024
	maxScratchBlocks = 4096
	maxScratchInput  = 256 << 10
)

// statCache returns an empty statCache for a page of elems elements.
func (sc *htmlScratch) statCache(elems int) statCache {
	if sc.stats == nil || elems > maxScratchElems {
		sc.stats = make(statCache, elems+1)
	} else {
		clear(sc.stats)
	}
	return sc.stats
}

// blockSlice returns an empty slice of blocks of capacity n or more.
func (sc *htmlScratch) blockSlice(n int) []block {
	if cap(sc.blocks) < n {
		sc.blocks = make([]block, 0, n)
	}
	return sc.blocks[:0]
}

// release puts sc back in scratchPool once blocks, its slice, and input,
// the page read (nil but for HTML), are no longer used, dropping what a
// large page made large.
func (sc *htmlScratch) release(blocks []block, input []byte) {
	if cap(input) <= maxScratchInput {
		sc.input = input[:0]
	}
	if len(sc.stats) > maxScratchElems {
		sc.stats = nil
	}
	if cap(blocks) > maxScratchBlocks {
		sc.blocks = nil
	} else {
		clear(blocks) // no Document's text stays reachable from the pool
		sc.blocks = blocks[:0]
	}
	scratchPool.Put(sc)
}

type pageMeta struct {
	title, h1, lang string
}

// readMeta finds the <title>, the first <h1> and the declared language.
func readMeta(root *html.Node) pageMeta {
	var m pageMeta
	var contentLang string
	var visit func(n *html.Node) bool
	visit = func(n *html.Node) bool {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			switch c.DataAtom {
			case atom.Html:
				if v, ok := attr(c, "lang"); ok {
					m.lang = primaryTag(v)
				} else if v, ok := attr(c, "xml:lang"); ok {
					m.lang = primaryTag(v)
				}
			case atom.Title:
				if m.title == "" {
					m.title = nodeText(c)
				}
				continue
			case atom.Meta:
				if v, _ := attr(c, "http-equiv"); strings.EqualFold(v, "content-language") {
					content, _ := attr(c, "content")
					contentLang = primaryTag(content)
				}
				continue
			case atom.H1:
				if m.h1 == "" {
					m.h1 = nodeText(c)
				}
				continue
			case atom.Script, atom.Style, atom.Template, atom.Svg:
				continue
			}
			if visit(c) {
				return true
			}
		}
		return m.title != "" && m.h1 != "" && m.lang != ""
	}
	visit(root)
	if m.lang == "" {
		m.lang = contentLang
	}
	return m
}

func findBody(root *html.Node) *html.Node {
	for n := root.FirstChild; n != nil; n = n.NextSibling {
		if n.Type == html.ElementNode && n.DataAtom == atom.Html {
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				if c.Type == html.ElementNode && (c.DataAtom == atom.Body || c.DataAtom == atom.Frameset) {
					return c
				}
			}
		}
	}
	return nil
}

// fragmentNodes returns what a fragment's element stands for: the element
// itself; or, for a heading, or an empty element (an anchor) before one,
// the heading and what follows it up to the next heading of its level or
// above, going up from wrappers the heading ends ("<header><h2 id=x>").
func fragmentNodes(el *html.Node) []*html.Node {
	h := el
	if headingLevel(h) == 0 {
		if hasText(el) {
			return []*html.Node{el}
		}
		// An empty anchor: the part of the heading after it, if one
		// follows among its next siblings (or its parent's).
		h = nil
		for n := el; n != nil && h == nil; n = n.Parent {
			for s := n.NextSibling; s != nil; s = s.NextSibling {
				if headingLevel(s) > 0 {
					h = s
					break
				}
				if s.Type == html.ElementNode && hasText(s) {
					return []*html.Node{s} // text before any heading: from there
				}
			}
			if n.Parent != nil && n.Parent.DataAtom == atom.Body {
				break
			}
		}
		if h == nil {
			return []*html.Node{el}
		}
	}
	level := headingLevel(h)
	nodes := []*html.Node{h}
	for n := h; n != nil; n = n.Parent {
		for s := n.NextSibling; s != nil; s = s.NextSibling {
			if l := headingLevel(s); l > 0 && l <= level || containsHeading(s, level) {
				return nodes
			}
			nodes = append(nodes, s)
		}
		if n.Parent == nil || n.Parent.DataAtom == atom.Body || n.Parent.DataAtom == atom.Main || len(nodes) > 1 {
			break
		}
	}
	return nodes
}

// headingLevel is 1–6 for an h1–h6 element, 0 otherwise.
func headingLevel(n *html.Node) int {
	if n.Type != html.ElementNode {
		return 0
	}
	switch n.DataAtom {
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		return int(n.Data[1] - '0')
	}
	return 0
}

// containsHeading reports whether n holds a heading of level or above.
func containsHeading(n *html.Node, level int) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if l := headingLevel(c); l > 0 && l <= level || containsHeading(c, level) {
			return true
		}
	}
	return false
}

// hasText reports whether n holds text other than white space.
func hasText(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.TextNode && strings.TrimSpace(c.Data) != "" || c.Type == html.ElementNode && hasText(c) {
			return true
		}
	}
	return false
}

// findID returns the first element under n whose id is id.
func findID(n *html.Node, id string) *html.Node {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		if v, ok := attr(c, "id"); ok && v == id {
			return c
		}
		if f := findID(c, id); f != nil {
			return f
		}
	}
	return nil
}

var titleSeparators = []string{" | ", " – ", " — ", " - ", " · ", " :: ", " » ", " • ", " ~ ", " // "}

var privacyWords = []string{"privacy", "datenschutz", "confidentialité", "données", "privacidad",
	"privacidade", "riservatezza", "privacy", "cookie", "gegevens", "rgpd", "gdpr", "dsgvo",
	"protección", "proteção", "protezione", "legal", "mentions", "impressum", "terms"}

// cleanTitle strips a " | Brand" suffix (or "Brand – " prefix) from a page
// title, keeping the part that names the policy; without a title it
// falls back to the first h1.
func cleanTitle(title, h1 string) string {
	title = strings.TrimSpace(title)
	if title == "" {
		return h1
	}
	for _, sep := range titleSeparators {
		if !strings.Contains(title, sep) {
			continue
		}
		parts := strings.Split(title, sep)
		for _, p := range parts {
			lp := strings.ToLower(p)
			for _, w := range privacyWords {
				if strings.Contains(lp, w) {
					return strings.TrimSpace(p)
				}
			}
		}
		return strings.TrimSpace(parts[0])
	}
	return title
}

func firstHeading(doc *Document) string {
	for i, s := range doc.Sections {
		if i > 3 {
			break
		}
		for _, seg := range s.Segments {
			if seg.Kind == KindHeading {
				return seg.Text
			}
		}
	}
	return ""
}

// mediaType is a Content-Type header as mime.ParseMediaType reads it.
type mediaType struct {
	typ, charset string
	ok           bool // false for an empty or malformed header
}

// parseMediaType reads a Content-Type header; the headers most servers
// send are read once, in advance (commonMediaTypes): 2.3 k instructions
// and two allocations fewer per page.
func parseMediaType(contentType string) mediaType {
	if mt, ok := commonMediaTypes[contentType]; ok {
		return mt
	}
	return parseMediaTypeFull(contentType)
}

// commonMediaTypes maps the most common Content-Type headers to their
// mediaType; it is never written after its initialisation.
var commonMediaTypes = func() map[string]mediaType {
	m := map[string]mediaType{}
	for _, typ := range []string{"text/html", "text/plain", "application/xhtml+xml", "text/markdown"} {
		for _, params := range []string{"", "; charset=utf-8", "; charset=UTF-8", ";charset=utf-8", ";charset=UTF-8"} {
			m[typ+params] = parseMediaTypeFull(typ + params)
		}
	}
	m["application/pdf"] = parseMediaTypeFull("application/pdf")
	return m
}()

func parseMediaTypeFull(contentType string) mediaType {
	typ, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return mediaType{}
	}
	return mediaType{typ: typ, charset: params["charset"], ok: true}
}

// detectFormat: Input.Format, else the content type, else the URL's
// extension, else the bytes.
func detectFormat(in Input, ct mediaType, data []byte) Format {
	if in.Format != "" {
		return in.Format
	}
	if ct.ok {
		switch ct.typ {
		case "text/html", "application/xhtml+xml", "application/xml", "text/xml":
			return FormatHTML
		case "text/markdown", "text/x-markdown":
			return FormatMarkdown
		case "application/pdf", "application/x-pdf":
			return FormatPDF
		case mediaDOCX:
			return FormatDOCX
		case mediaODT:
			return FormatODT
		case "text/plain":
			// Raw Markdown files are commonly served as text/plain.
			if f, ok := extFormats[urlExt(in.URL)]; ok && f == FormatMarkdown {
				return f
			}
			if bytes.HasPrefix(data, []byte("%PDF-")) {
				return FormatPDF
			}
			if looksHTML(data) && !looksMarkdown(data) {
				return FormatHTML
			}
			return FormatText
		}
	}
	if f, ok := extFormats[urlExt(in.URL)]; ok {
		if f != FormatDOCX && f != FormatODT {
			return f
		}
		// A word-processor extension on what is not such an archive
		// (a page saved under the wrong name) is read for what it is.
		if officeFormat(data) == f {
			return f
		}
	}
	return sniffFormat(data)
}

var extFormats = map[string]Format{
	".html": FormatHTML, ".htm": FormatHTML, ".xhtml": FormatHTML, ".php": FormatHTML,
	".asp": FormatHTML, ".aspx": FormatHTML, ".jsp": FormatHTML, ".shtml": FormatHTML,
	".md": FormatMarkdown, ".markdown": FormatMarkdown, ".mdown": FormatMarkdown, ".mkd": FormatMarkdown, ".mdx": FormatMarkdown,
	".txt": FormatText, ".text": FormatText,
	".pdf":  FormatPDF,
	".docx": FormatDOCX, ".docm": FormatDOCX, ".odt": FormatODT,
}

func urlExt(raw string) string {
	if raw == "" {
		return ""
	}
	p := raw
	if u, err := url.Parse(raw); err == nil {
		p = u.Path
	}
	return strings.ToLower(path.Ext(p))
}

// sniffFormat guesses the format from the first bytes.
func sniffFormat(data []byte) Format {
	head := data
	if len(head) > 1024 {
		head = head[:1024]
	}
	if bytes.Contains(head, []byte("%PDF-")) {
		return FormatPDF
	}
	if f := officeFormat(data); f != "" {
		return f
	}
	if looksMarkdown(data) {
		return FormatMarkdown
	}
	if looksHTML(data) {
		return FormatHTML
	}
	return FormatText
}

var htmlMarkers = []string{"<!doctype html", "<html", "<head", "<body", "<p>", "<p ", "<div", "<br",
	"<li>", "<ul", "<ol", "<table", "<h1", "<h2", "<h3", "<a href", "<span", "<strong>", "<b>", "<section", "<meta"}

func looksHTML(data []byte) bool {
	head := data
	if len(head) > 8192 {
		head = head[:8192]
	}
	trimmed := bytes.TrimSpace(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")))
	lower := bytes.ToLower(trimmed)
	if bytes.HasPrefix(lower, []byte("<!doctype html")) || bytes.HasPrefix(lower, []byte("<html")) {
		return true
	}
	hits := 0
	for _, m := range htmlMarkers {
		hits += bytes.Count(lower, []byte(m))
		if hits >= 2 {
			return true
		}
	}
	return false
}

// looksMarkdown counts Markdown constructs at line starts: ATX headings,
// setext underlines, bold-only lines, [links](…) and pipe tables.
func looksMarkdown(data []byte) bool {
	head := data
	if len(head) > 8192 {
		head = head[:8192]
	}
	if bytes.HasPrefix(bytes.TrimSpace(head), []byte("<")) {
		return false
	}
	score := 0
	for _, line := range bytes.Split(head, []byte("\n")) {
		l := bytes.TrimSpace(line)
		switch {
		case len(l) > 2 && l[0] == '#' && (bytes.HasPrefix(bytes.TrimLeft(l, "#"), []byte(" "))):
			score += 2
		case len(l) >= 3 && (bytes.Count(l, []byte("=")) == len(l) || bytes.Count(l, []byte("-")) == len(l)):
			score++
		case bytes.HasPrefix(l, []byte("**")) && bytes.HasSuffix(l, []byte("**")) && len(l) > 4:
			score++
		case bytes.HasPrefix(l, []byte("|")) && bytes.HasSuffix(l, []byte("|")):
			score++
		}
		if bytes.Contains(l, []byte("](")) {
			score++
		}
	}
	return score >= 3
}

// countControls counts the NUL bytes of s and its other control bytes
// below 0x20 but the white space ones and ESC. It reads sixteen bytes at
// a time and visits only the bytes below 0x20 they hold (a line break
// every few dozen bytes in text): 3.7 k instructions for a farm page
// where a loop leaving its fast path at every line break took 7.3 k.
func countControls(s []byte) (nul, ctrl int) {
	for len(s) >= 16 {
		// the bytes below 0x20 of each half
		lo := msb &^ above(binary.LittleEndian.Uint64(s), 0x1f)
		hi := msb &^ above(binary.LittleEndian.Uint64(s[8:16]), 0x1f)
		if lo|hi != 0 {
			for low, k := lo, 0; ; low, k = hi, 8 {
				for ; low != 0; low &= low - 1 {
					switch s[k+bits.TrailingZeros64(low)>>3] {
					case 0:
						nul++
					case '\n', '\r', '\t', '\f', '\v', 0x1b:
					default:
						ctrl++
					}
				}
				if k == 8 {
					break
				}
			}
		}
		s = s[16:]
	}
	for _, c := range s {
		switch {
		case c == 0:
			nul++
		case c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != '\v' && c != 0x1b:
			ctrl++
		}
	}
	return nul, ctrl
}

// binaryReason returns why data is not text, or "".
func binaryReason(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte("\xfe\xff")), bytes.HasPrefix(data, []byte("\xff\xfe")):
		return "" // UTF-16 text with a byte-order mark
	case bytes.HasPrefix(data, []byte("\x1f\x8b")):
		return "gzip-compressed data (decompress it first)"
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return "zip archive that holds no .docx or .odt document: not supported"
	case bytes.HasPrefix(data, []byte("\x89PNG")), bytes.HasPrefix(data, []byte("\xff\xd8\xff")),
		bytes.HasPrefix(data, []byte("GIF8")), bytes.HasPrefix(data, []byte("RIFF")):
		return "image data, not text"
	case bytes.HasPrefix(data, []byte("\xd0\xcf\x11\xe0")):
		return "legacy Office document (.doc): not supported; save it as .docx or .odt"
	}
	head := data
	if len(head) > 8192 {
		head = head[:8192]
	}
	nul, ctrl := countControls(head)
	if nul > 0 {
		return fmt.Sprintf("binary data (%d NUL bytes in the first %d)", nul, len(head))
	}
	if ctrl*20 > len(head) {
		return fmt.Sprintf("binary data (%d control bytes in the first %d)", ctrl, len(head))
	}
	return ""
}
