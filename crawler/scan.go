package crawler

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// The page scanner reads HTML with the tokenizer of golang.org/x/net/html,
// not a DOM: it runs in linear time and bounded memory on hostile pages (ten
// megabytes of markup, 100,000 nested divs, where the tree builder gives up
// after 512 open elements, a footer of 20,000 links) and keeps only what
// discovery and the built-in check need.

// Scanner limits.
const (
	maxOpenElements = 4096    // deeper nesting is counted, not tracked
	maxEndTagSearch = 64      // how far down the open elements an end tag may close
	maxHeadAnchors  = 1000    // anchors kept from the start of the page
	maxTailAnchors  = 2000    // anchors kept from the end (where footers are)
	maxLinkElements = 500     // <link> elements kept
	maxAnchorText   = 300     // bytes of text kept per anchor
	maxHeadings     = 60      // h1–h3 kept
	maxMarks        = 300     // headings and heading-like blocks kept (see htmlDoc.marks)
	maxMarkText     = 120     // bytes of a short block that may read as a heading
	maxHeadingText  = 300     // bytes per heading
	maxBodyText     = 1 << 20 // bytes of visible text kept
)

type region int

const (
	regionBody region = iota
	regionFooter
	regionNav
	regionHeader
)

// anchor is an <a href> of the page.
type anchor struct {
	href     string
	text     string // visible text, whitespace collapsed
	title    string
	aria     string
	alts     []string // alt of images and titles of SVG icons inside
	rel      string
	hreflang string
	region   region
	langMenu bool // inside a language switcher
	index    int  // position among all anchors of the page
	// rowFrom and rowTo are where the text of the table row the link
	// stands in, before it, lies in the page's text (a table of
	// documents: "Datenschutzerklärung | 4.0 | gültig | HTML"), or that of
	// the heading just before it when it is the first link after it (a
	// card's title): see htmlDoc.rowText.
	rowFrom, rowTo int32
}

// maxRowText is the longest row text read with an anchor.
const maxRowText = 200

// rowText is the text of the table row, or card, before the link a, ""
// when a stands in none.
func (d *htmlDoc) rowText(a *anchor) string {
	if a.rowTo <= a.rowFrom {
		return ""
	}
	return strings.TrimSpace(truncateUTF8(d.text[a.rowFrom:a.rowTo], maxRowText))
}

// briefRow is the text of the row or card of the link a when its own text
// is brief ("HTML", empty): what names it then. "" otherwise.
func (d *htmlDoc) briefRow(a *anchor) string {
	if !briefText(a.text) {
		return ""
	}
	return d.rowText(a)
}

// attrText is what an anchor's attributes say: its aria-label, title and
// the alternative texts inside it, trimmed.
func (a *anchor) attrText() string {
	if len(a.alts) == 0 {
		switch {
		case a.aria == "":
			return strings.TrimSpace(a.title)
		case a.title == "":
			return strings.TrimSpace(a.aria)
		}
	}
	return strings.TrimSpace(strings.Join(append([]string{a.aria, a.title}, a.alts...), " "))
}

// headLink is a <link> element.
type headLink struct {
	rel, href, hreflang, title string
}

// htmlDoc is what the scanner keeps of a page.
type htmlDoc struct {
	lang         string
	title        string
	base         string
	links        []headLink
	anchors      []*anchor
	totalAnchors int
	headings     []string
	h1           string
	// marks are the page's headings (h1–h6) and heading-like blocks (a
	// short <p> without a link, a bold run opening a block) outside its
	// header, footer and navigation, with where each starts in text: what
	// privacySection reads.
	marks []textMark
	// footerAt is where the last footer region starts in text (0 for
	// none): the end of the page's own content.
	footerAt int32
	// ids are the page's elements with an id (the first maxIDs), and the
	// text each holds: what a link's fragment points at (see fragmentPart).
	ids         []idSpan
	text        string
	ogType      string
	articles    int
	times       int
	metaRefresh string
	// refreshHeader: metaRefresh came from the HTTP Refresh header.
	refreshHeader bool

	// Signs of a page built by scripts (see RenderDecision).
	footers     int    // footer regions (<footer>, role=contentinfo, id or class "footer")
	footerText  int    // bytes of visible text inside them
	footerLinks int    // links inside them
	appRoot     string // a framework's root element: #__next, #root, [ng-version], …
	noscriptJS  bool   // a <noscript> asks for JavaScript
	// policyEmbed names the service whose script loads the page's policy
	// text into an element left empty in the HTML (see policyEmbedOf):
	// "Termly", "GetTerms", "Enzuzo"; "" for none.
	policyEmbed string
	// frames are the addresses of the frames (<iframe>, <frame>) of the
	// page's own text, not of its header, menus or footer: a page may show
	// its policy in one.
	frames []string
	// footerFrame is the address of a frame that holds the page's footer
	// (<iframe src="/partials/site-footer">): one in the footer, or whose
	// class, id, title or address names a footer.
	footerFrame string
}

// maxFrames is the number of frames a page's scan keeps.
const maxFrames = 4

// policyEmbedOf names the policy-hosting service whose embed the element
// is: a hosted policy is shown on the vendor's page by the service's
// script, which fills an empty element marked with the service's name
// (Termly's <div name="termly-embed" data-id=…>, GetTerms' <div
// class="getterms-document-embed">, Enzuzo's <div id="__enzuzo-root">).
// The page's HTML then holds none of the policy's text. "" for none.
func policyEmbedOf(id, class, name, dataName []byte) string {
	switch {
	case lowerIs(name, "termly-embed") || lowerIs(dataName, "termly-embed"):
		return "Termly"
	case lowerContains(class, "getterms-document-embed"):
		return "GetTerms"
	case lowerIs(id, "__enzuzo-root"):
		return "Enzuzo"
	}
	return ""
}

// appRootIDs are ids of the elements single-page frameworks mount into.
var appRootIDs = map[string]bool{
	"__next": true, "root": true, "app": true, "__nuxt": true, "___gatsby": true,
	"svelte": true, "q-app": true, "app-root": true, "main-app": true, "react-root": true,
}

// appRootAttrs are attributes frameworks leave on their root element.
var appRootAttrs = [...]string{"ng-version", "data-reactroot", "data-v-app", "ng-app", "data-react-helmet"}

// A textMark is a heading of a page, or a block that reads like one, and
// where it starts in the page's text.
type textMark struct {
	text  string
	level int8 // 1–6 for h1–h6, markPseudo for a heading-like block
	off   int32
}

// An idSpan is an element with an id and where its text runs in the
// page's text, [start, end).
type idSpan struct {
	id         string
	start, end int32
	heading    bool // h1–h6
}

// maxIDs bounds the ids a page's scan keeps.
const maxIDs = 512

// markPseudo is the level of a heading-like block: below every heading.
const markPseudo = 7

// scanAttr is an attribute the scanner reads.
type scanAttr uint8

const (
	attrAlt scanAttr = iota
	attrAriaLabel
	attrClass
	attrContent
	attrHref
	attrHreflang
	attrHTTPEquiv
	attrID
	attrLang
	attrName
	attrDataName
	attrProperty
	attrRel
	attrRole
	attrTitle
	attrXMLLang
	attrOnclick
	attrSrc
	attrValue
	attrDataHref
	// attrAppRoot+i is appRootAttrs[i].
	attrAppRoot
	numScanAttrs = int(attrAppRoot) + len(appRootAttrs)
)

// scanAttrs are the attributes the scanner reads, by name.
var scanAttrs = func() map[string]scanAttr {
	m := map[string]scanAttr{
		"alt": attrAlt, "aria-label": attrAriaLabel, "class": attrClass, "content": attrContent,
		"href": attrHref, "hreflang": attrHreflang, "http-equiv": attrHTTPEquiv, "id": attrID,
		"lang": attrLang, "name": attrName, "data-name": attrDataName, "property": attrProperty, "rel": attrRel, "role": attrRole,
		"title": attrTitle, "xml:lang": attrXMLLang, "onclick": attrOnclick, "src": attrSrc, "value": attrValue,
		"data-href": attrDataHref, "data-url": attrDataHref, "data-link": attrDataHref,
	}
	for i, a := range appRootAttrs {
		m[a] = attrAppRoot + scanAttr(i)
	}
	return m
}()

// tagAttrs holds the attributes the scanner reads of one tag, the first
// value of each: in an array, not a map, since a page has thousands of
// tags and most of their attributes are looked up. The values are the
// tokenizer's bytes, valid until its next token: a value is copied into a
// string only when the scanner keeps it (get); id, class and role, read on
// every tag but only compared, never are (bytes).
type tagAttrs struct {
	val [numScanAttrs][]byte
	has uint32 // bit a: attribute a is present
}

func (t *tagAttrs) set(a scanAttr, v []byte) {
	if t.has&(1<<a) == 0 {
		t.has |= 1 << a
		t.val[a] = v
	}
}

// get returns the attribute's value, "" when absent.
func (t *tagAttrs) get(a scanAttr) string { return string(t.bytes(a)) }

// bytes returns the attribute's value, nil when absent; valid until the
// tokenizer's next token.
func (t *tagAttrs) bytes(a scanAttr) []byte {
	if t.has&(1<<a) == 0 {
		return nil
	}
	return t.val[a]
}

func (t *tagAttrs) present(a scanAttr) bool { return t.has&(1<<a) != 0 }

// mayReadAttrs reports whether the raw bytes of a start tag may hold an
// attribute the scanner reads; false only when none of its attributes is
// one. The tokenizer starts an attribute's name after white space, '/' or
// the quote that closes the previous value, and ends it at white space,
// '/', '=' or '>'; it lower-cases ASCII letters. Every such run that could
// be a name is checked, values included: a value that reads like a wanted
// name only costs the tag's TagAttr calls.
func mayReadAttrs(raw []byte) bool {
	for i := 1; i < len(raw); i++ {
		switch raw[i-1] {
		case ' ', '\t', '\n', '\r', '\f', '/', '"', '\'':
		default:
			continue
		}
		j := i
		for j < len(raw) && tagNameByte[raw[j]] != nameEnd && raw[j] != '=' {
			j++
		}
		if j > i && wantedAttrName(raw[i:j]) {
			return true
		}
	}
	return false
}

// wantedAttrName reports whether the scanner reads the attribute named
// name, lower-cased as the tokenizer does (ASCII letters only).
func wantedAttrName(name []byte) bool {
	var buf [24]byte
	if len(name) > len(buf) {
		return false // longer than every name in scanAttrs
	}
	for i, c := range name {
		buf[i] = lowerASCII(c)
	}
	_, ok := scanAttrs[string(buf[:len(name)])]
	return ok
}

// lowerIs reports whether strings.ToLower(string(b)) == w, for w in
// lower-case ASCII: ASCII bytes are compared folded, and only a value with
// other bytes is lower-cased as a string (ToLower turns İ into i and the
// Kelvin sign into k).
func lowerIs(b []byte, w string) bool {
	for i, c := range b {
		if c >= utf8.RuneSelf {
			return strings.ToLower(string(b)) == w
		}
		if i >= len(w) || lowerASCII(c) != w[i] {
			return false
		}
	}
	return len(b) == len(w)
}

// lowerContains reports whether strings.ToLower(string(b)) contains w, for
// w in lower-case ASCII without an i or a k: ToLower turns no other
// non-ASCII rune into ASCII, and leaves ASCII bytes where they were, so the
// folded ASCII bytes of b decide.
func lowerContains(b []byte, w string) bool {
	for i := 0; i+len(w) <= len(b); i++ {
		j := 0
		for j < len(w) && lowerASCII(b[i+j]) == w[j] {
			j++
		}
		if j == len(w) {
			return true
		}
	}
	return false
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// appRootID returns strings.ToLower(strings.TrimSpace(id)) when it names an
// app root (appRootIDs), copying nothing for the ids of a page that do not.
func appRootID(id []byte) (string, bool) {
	for _, c := range id {
		if c >= utf8.RuneSelf {
			s := strings.ToLower(strings.TrimSpace(string(id)))
			return s, appRootIDs[s]
		}
	}
	// ASCII: TrimSpace and ToLower work byte by byte.
	t := bytes.TrimSpace(id)
	var buf [16]byte
	if len(t) > len(buf) {
		return "", false // longer than every app root id
	}
	for i, c := range t {
		buf[i] = lowerASCII(c)
	}
	if appRootIDs[string(buf[:len(t)])] {
		return string(buf[:len(t)]), true
	}
	return "", false
}

// tagNames are common element names, so that a tag's name is not copied
// for each of a page's thousands of elements, with whether each is a void
// element (voidElements), so that one look-up serves both.
var tagNames = func() map[string]knownTag {
	m := map[string]knownTag{}
	for _, t := range strings.Fields(`a abbr address article aside b base blockquote body br button caption
		code dd details div dl dt em figcaption figure footer form h1 h2 h3 h4 h5 h6 head header hr html
		i iframe img input label li link main meta nav noscript ol option p path picture pre script section
		select small source span strong style sub summary sup svg table tbody td template textarea tfoot
		th thead time title tr u ul app-root use g symbol circle rect`) {
		m[t] = knownTag{t, voidElements[t]}
	}
	for t := range voidElements {
		m[t] = knownTag{t, true}
	}
	return m
}()

// A knownTag is an element name and whether it is a void element.
type knownTag struct {
	name string
	void bool
}

type openEl struct {
	name                           string
	row, main                      bool
	footer, nav, header, langMenu  bool
	skipText, heading, svg, anchor bool
	noscript, option               bool
	// id is 1 + the element's index in htmlDoc.ids, 0 for none.
	id int32
	// sectioning is an <article> or <section>: a <header> inside heads
	// it, not the page.
	sectioning bool
	// bold opens a heading-like bold run; para is a <p> in the body (see
	// htmlDoc.marks).
	bold, para bool
}

// closesP are the elements whose start tag ends an open <p> (the HTML
// parser's "close a p element").
var closesP = map[string]bool{
	"address": true, "article": true, "aside": true, "blockquote": true, "details": true,
	"div": true, "dl": true, "fieldset": true, "figcaption": true, "figure": true,
	"footer": true, "form": true, "h1": true, "h2": true, "h3": true, "h4": true,
	"h5": true, "h6": true, "header": true, "hr": true, "main": true, "menu": true,
	"nav": true, "ol": true, "p": true, "pre": true, "section": true, "table": true, "ul": true,
}

// openItem returns the index in stack of the list item that the start
// tag of tag (li, dd or dt) ends, or -1: the HTML parser's steps for
// those tags, which look down the open elements past phrasing ones, p,
// div and address, and stop at any other of its "special" elements.
//
// Like an end tag, it looks at most maxEndTagSearch elements down: a page of
// thousands of open inline elements costs no quadratic time.
func openItem(stack []openEl, tag string) int {
	if tag != "li" && tag != "dd" && tag != "dt" {
		return -1
	}
	for i := len(stack) - 1; i >= 0 && i >= len(stack)-maxEndTagSearch; i-- {
		switch n := stack[i].name; {
		case n == tag, tag != "li" && (n == "dd" || n == "dt"):
			return i
		case n == "address" || n == "div" || n == "p":
		case parserSpecial[n]:
			return -1
		}
	}
	return -1
}

// parserSpecial are the HTML elements of the parser's "special" category
// (the HTML standard, 13.2.4.3) that can hold a list item, with the
// MathML and SVG elements the standard names there (a list item inside
// <foreignObject> or <mi> opens a list of its own).
var parserSpecial = map[string]bool{
	"mi": true, "mo": true, "mn": true, "ms": true, "mtext": true, "annotation-xml": true,
	"foreignobject": true, "desc": true, "title": true,
	"applet": true, "article": true, "aside": true, "blockquote": true, "body": true,
	"button": true, "caption": true, "center": true, "details": true, "dir": true,
	"dl": true, "fieldset": true, "figcaption": true, "figure": true, "footer": true,
	"form": true, "frameset": true, "h1": true, "h2": true, "h3": true, "h4": true,
	"h5": true, "h6": true, "header": true, "hgroup": true, "html": true, "iframe": true,
	"li": true, "dd": true, "dt": true, "listing": true, "main": true, "marquee": true,
	"menu": true, "nav": true, "noembed": true, "noframes": true, "noscript": true,
	"object": true, "ol": true, "plaintext": true, "pre": true, "search": true,
	"section": true, "select": true, "summary": true, "table": true, "tbody": true,
	"td": true, "template": true, "textarea": true, "tfoot": true, "th": true,
	"thead": true, "tr": true, "ul": true, "xmp": true,
}

var voidElements = map[string]bool{
	"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true,
	"img": true, "input": true, "link": true, "meta": true, "param": true,
	"source": true, "track": true, "wbr": true,
}

// scanHTML reads a UTF-8 HTML page.
func scanHTML(body []byte) *htmlDoc { return scanHTMLContext(context.Background(), body) }

// scanHTMLContext reads a UTF-8 HTML page, and stops reading when ctx ends
// (the vendor's time is up): what was read so far is kept. Ten megabytes
// of markup take a tenth of a second on a free core, but many times that
// on a busy one, and the vendor's deadline must hold there too.
func scanHTMLContext(ctx context.Context, body []byte) *htmlDoc {
	d := &htmlDoc{}
	r := &ctxReader{ctx: ctx}
	r.r.Reset(body)
	z := html.NewTokenizer(r)
	sp := openEls.Get().(*[]openEl)
	var (
		stack                               = (*sp)[:0]
		overflow                            int
		footer, nav, header, langMenu, skip int
		rows                                int  // open table rows
		mains                               int  // open <main> elements (role=main)
		rowOff                              int  // where the last row's text starts
		cardOff                             = -1 // where the last heading starts, until a link follows it
		sectioning                          int
		svg, noscript                       int
		cur                                 *anchor
		option                              *anchor // an open <option> naming a page (see "option")
		optionText                          strings.Builder
		finishOption                        func() // set below, once addAnchor is defined
		openAnchor                          func(href string, attrs *tagAttrs)
		curText, curAlt                     strings.Builder
		inTitle                             bool
		titleText                           strings.Builder
		heading                             *strings.Builder // &headingText while in a heading
		headingText                         strings.Builder
		headingName                         string
		headingOff                          int              // where the heading starts in text
		headingBody                         bool             // outside header, footer, navigation and links
		bold                                *strings.Builder // &boldText in a bold run opening a block
		boldText                            strings.Builder
		boldOff                             int
		blockText                           bool // the current block holds text already
		paraOff                             int  // where the open <p> starts in text
		paraLink                            bool // it holds a link
		text                                strings.Builder
		tail                                []*anchor // made when the head is full
		attrs                               tagAttrs
		nameBuf                             []byte
		tailStart                           int // ring buffer start once full
	)
	addMark := func(h string, level int8, off int) {
		if len(d.marks) < maxMarks {
			d.marks = append(d.marks, textMark{text: h, level: level, off: int32(off)})
		}
	}
	finishAnchor := func() {
		if cur == nil {
			return
		}
		cur.text = collapse(curText.String())
		if alt := collapse(curAlt.String()); alt != "" {
			cur.alts = append(cur.alts, alt)
		}
		curText.Reset()
		curAlt.Reset()
		cur = nil
	}
	finishHeading := func() {
		if heading == nil {
			return
		}
		h := trimPermalink(collapse(heading.String()))
		if h != "" && headingName <= "h3" && len(d.headings) < maxHeadings {
			d.headings = append(d.headings, h)
			if headingName == "h1" && d.h1 == "" {
				d.h1 = h
			}
		}
		if h != "" && headingBody {
			addMark(h, int8(headingName[1]-'0'), headingOff)
		}
		heading.Reset()
		heading = nil
	}
	finishBold := func() {
		if bold == nil {
			return
		}
		if h := collapse(bold.String()); h != "" {
			addMark(h, markPseudo, boldOff)
		}
		bold.Reset()
		bold = nil
		blockText = true
	}
	pop := func(e openEl) {
		if e.sectioning {
			sectioning--
		}
		if e.main {
			mains--
		}
		if e.id > 0 {
			d.ids[e.id-1].end = int32(text.Len())
		}
		if e.footer {
			footer--
		}
		if e.nav {
			nav--
		}
		if e.row {
			rows--
		}
		if e.header {
			header--
		}
		if e.langMenu {
			langMenu--
		}
		if e.skipText {
			skip--
			finishOption() // an option left open ends with its menu
		}
		if e.option {
			finishOption()
		}
		if e.svg {
			svg--
		}
		if e.noscript {
			noscript--
		}
		if e.heading {
			finishHeading()
		}
		if e.bold {
			finishBold()
		}
		if e.para {
			// A short paragraph without a link may be a heading
			// ("Política de privacidad:"); not one a bold run opening it
			// was already.
			all := text.String()
			if paraOff <= len(all) && !paraLink && (len(d.marks) == 0 || int(d.marks[len(d.marks)-1].off) < paraOff) {
				if p := strings.TrimSpace(all[paraOff:]); p != "" && len(p) <= maxMarkText {
					addMark(collapse(p), markPseudo, paraOff)
				}
			}
		}
		if e.anchor {
			finishAnchor()
		}
	}
	// closeTo ends the open elements from the top of the stack down to
	// index i: an end tag's, or a start tag's implied end tags.
	closeTo := func(i int) {
		for j := len(stack) - 1; j >= i; j-- {
			pop(stack[j])
		}
		stack = stack[:i]
	}

	// regionHere is the region of the page the scan is in.
	regionHere := func() region {
		switch {
		case footer > 0:
			return regionFooter
		case nav > 0:
			return regionNav
		case header > 0:
			return regionHeader
		}
		return regionBody
	}
	addAnchor := func(a *anchor) {
		a.index = d.totalAnchors
		d.totalAnchors++
		if a.region == regionFooter {
			d.footerLinks++
		}
		if len(d.anchors) < maxHeadAnchors {
			if d.anchors == nil {
				d.anchors = make([]*anchor, 0, 8)
			}
			d.anchors = append(d.anchors, a)
			return
		}
		if len(tail) < maxTailAnchors {
			if tail == nil {
				tail = make([]*anchor, 0, 64)
			}
			tail = append(tail, a)
			return
		}
		tail[tailStart] = a
		tailStart = (tailStart + 1) % maxTailAnchors
	}
	// openAnchor opens the link to href of the tag whose attributes are
	// attrs: cur, until its element ends.
	openAnchor = func(href string, attrs *tagAttrs) {
		cur = &anchor{
			href: strings.TrimSpace(href), title: attrs.get(attrTitle), aria: attrs.get(attrAriaLabel),
			rel: strings.ToLower(attrs.get(attrRel)), hreflang: attrs.get(attrHreflang),
			langMenu: langMenu > 0,
		}
		switch {
		case rows > 0:
			cur.rowFrom, cur.rowTo = int32(rowOff), int32(text.Len())
		case cardOff >= 0 && heading == nil && text.Len()-cardOff <= maxRowText:
			// The first link after a heading, close by: a card's link,
			// which its title names ("Política de privacidad", then an
			// empty stretched link).
			cur.rowFrom, cur.rowTo = int32(cardOff), int32(text.Len())
		}
		cardOff = -1
		cur.region = regionHere()
		addAnchor(cur)
	}
	// finishOption ends the open option link, if any (see "option").
	finishOption = func() {
		if option == nil {
			return
		}
		option.text = collapse(optionText.String())
		optionText.Reset()
		if option.text != "" {
			addAnchor(option)
		}
		option = nil
	}
	appendText := func(b *strings.Builder, s []byte, limit int) {
		if b.Len() >= limit {
			return
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		if room := limit - b.Len(); len(s) > room {
			s = s[:room]
		}
		b.Write(s)
	}
	// Most of a page's visible text is kept: room for it at once.
	text.Grow(min(len(body), 64<<10))

	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			// The tokenizer fails only on I/O: the end of the page, or the
			// end of ctx.
			finishAnchor()
			finishHeading()
			finishBold()
			// The stack, grown if it grew, goes to the next page, with
			// nothing of this one.
			stack = stack[:cap(stack)]
			clear(stack)
			*sp = stack[:0]
			openEls.Put(sp)
			d.title = collapse(titleText.String())
			d.text = text.String()
			for i := range d.ids {
				if d.ids[i].end < 0 {
					d.ids[i].end = int32(len(d.text)) // never closed
				}
			}
			if len(tail) > 0 {
				d.anchors = append(d.anchors, tail[tailStart:]...)
				d.anchors = append(d.anchors, tail[:tailStart]...)
			}
			return d
		case html.TextToken:
			if option != nil {
				appendText(&optionText, tokenText(z, maxAnchorText), maxAnchorText)
				continue
			}
			if !inTitle && (skip > 0 && noscript == 0 || cur == nil && heading == nil && (svg > 0 || text.Len() >= maxBodyText)) {
				// Nothing wants this text (past the first MiB of a huge
				// page): do not copy it.
				continue
			}
			t := tokenText(z, maxBodyText-text.Len()+1)
			if inTitle {
				appendText(&titleText, t, maxAnchorText)
				continue
			}
			if noscript > 0 && !d.noscriptJS && bytes.Contains(bytes.ToLower(t), []byte("javascript")) {
				d.noscriptJS = true
			}
			if noscript > 0 && cur == nil {
				// The tokenizer reads a <noscript> as text: its links, the
				// plain pages a script-built site offers without scripts,
				// are read from that text.
				for _, a := range noscriptAnchors(t) {
					a.region, a.langMenu = regionHere(), langMenu > 0
					addAnchor(a)
				}
			}
			if skip > 0 {
				continue
			}
			if footer > 0 && svg == 0 {
				d.footerText += len(bytes.TrimSpace(t))
			}
			if cur != nil {
				if svg > 0 {
					appendText(&curAlt, t, maxAnchorText)
				} else {
					appendText(&curText, t, maxAnchorText)
				}
			}
			if heading != nil {
				appendText(heading, t, maxHeadingText)
			}
			if svg == 0 {
				appendText(&text, t, maxBodyText)
				if bold != nil {
					appendText(bold, t, maxHeadingText)
				} else if !blockText && len(bytes.TrimSpace(t)) > 0 {
					blockText = true
				}
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name := tagName(z.Raw(), &nameBuf)
			tn, known := tagNames[string(name)]
			if !known {
				// Every void element is in tagNames.
				tn = knownTag{name: string(name)}
			}
			tag := tn.name
			// Implied end tags, as the HTML parser applies them (not past
			// maxOpenElements, where the tracked stack's top is not the
			// open element).
			if overflow == 0 {
				if closesP[tag] && len(stack) > 0 && stack[len(stack)-1].name == "p" {
					// A block start ends an open paragraph ("<p
					// id=x><b>Privacy</b><div>…": the div is not the
					// paragraph's, nor its id's text).
					closeTo(len(stack) - 1)
				}
				if i := openItem(stack, tag); i >= 0 {
					// A list item's start ends the open item
					// ("<li id=privacy>Privacy<li>Terms").
					closeTo(i)
				}
			}
			attrs.has = 0
			// A tag without attributes gives a nil key at once (so does
			// an attribute without a name, which the scanner never reads).
			// TagAttr copies every key and value: a tag none of whose
			// attributes the scanner reads (script src, path d, span
			// style, meta charset) is not asked for them.
			for more := mayReadAttrs(z.Raw()); more; {
				var k, v []byte
				k, v, more = z.TagAttr()
				// Only the attributes the scanner reads are copied
				// (style, src, data-… are most of a page's markup).
				if a, wanted := scanAttrs[string(k)]; wanted && !attrs.present(a) {
					attrs.set(a, v)
				}
			}
			e := openEl{name: tag}
			if tag != "a" && cur == nil && attrs.present(attrDataHref) {
				// An element a script turns into a link (<span role="link"
				// data-href="/datenschutz/">, a <button data-href>): a
				// link, when its address reads as a page's.
				if h := strings.TrimSpace(attrs.get(attrDataHref)); pageAddress(h) {
					finishAnchor()
					openAnchor(h, &attrs)
					e.anchor = true
				}
			}
			switch tag {
			case "html":
				if d.lang == "" {
					d.lang = attrs.get(attrLang)
					if d.lang == "" {
						d.lang = attrs.get(attrXMLLang)
					}
				}
			case "base":
				if d.base == "" {
					d.base = attrs.get(attrHref)
				}
			case "meta":
				if bytes.EqualFold(attrs.bytes(attrProperty), []byte("og:type")) {
					d.ogType = strings.ToLower(strings.TrimSpace(attrs.get(attrContent)))
				}
				if bytes.EqualFold(attrs.bytes(attrHTTPEquiv), []byte("refresh")) && d.metaRefresh == "" {
					d.metaRefresh = attrs.get(attrContent)
				}
			case "link":
				if len(d.links) < maxLinkElements {
					d.links = append(d.links, headLink{
						rel: strings.ToLower(attrs.get(attrRel)), href: attrs.get(attrHref),
						hreflang: attrs.get(attrHreflang), title: attrs.get(attrTitle),
					})
				}
			case "title":
				if svg == 0 && cur == nil && d.title == "" && titleText.Len() == 0 {
					inTitle = true
				}
			case "a":
				finishAnchor()
				paraLink = true
				if attrs.present(attrHref) {
					href := attrs.get(attrHref)
					if scriptHref(href) {
						// A link that a script follows: the address it
						// opens, written in the link's script (a pop-up).
						if u := scriptURL(href); u != "" {
							href = u
						} else if u := scriptURL(attrs.get(attrOnclick)); u != "" {
							href = u
						}
					}
					openAnchor(href, &attrs)
					e.anchor = true
				}
			case "iframe", "frame":
				src := strings.TrimSpace(attrs.get(attrSrc))
				switch {
				case src == "":
				case d.footerFrame == "" && (regionHere() == regionFooter || framesFooter(src, attrs.get(attrClass), attrs.get(attrID), attrs.get(attrTitle))):
					d.footerFrame = src
				case regionHere() == regionBody && len(d.frames) < maxFrames:
					d.frames = append(d.frames, src)
				}
			case "img":
				if cur != nil {
					if alt := bytes.TrimSpace(attrs.bytes(attrAlt)); len(alt) > 0 {
						appendText(&curAlt, alt, maxAnchorText)
					}
				}
			case "svg":
				e.svg = true
				if cur != nil {
					if l := bytes.TrimSpace(attrs.bytes(attrAriaLabel)); len(l) > 0 {
						appendText(&curAlt, l, maxAnchorText)
					}
				}
			case "h1", "h2", "h3", "h4", "h5", "h6":
				finishHeading()
				heading = &headingText
				headingName = tag
				headingOff = text.Len()
				cardOff = headingOff
				headingBody = footer == 0 && nav == 0 && header == 0 && cur == nil
				e.heading = true
				blockText = false
			case "p":
				blockText = false
				if footer == 0 && nav == 0 && header == 0 {
					e.para = true
					paraOff, paraLink = text.Len(), false
				}
			case "strong", "b":
				if heading == nil && bold == nil && cur == nil && !blockText && skip == 0 && footer == 0 && nav == 0 && header == 0 {
					bold = &boldText
					boldOff = text.Len()
					e.bold = true
				}
			case "div", "li", "td", "th", "dd", "dt", "br", "hr", "tr", "section", "blockquote", "ul", "ol", "table", "main":
				blockText = false
				if tag == "tr" {
					e.row, rowOff = true, text.Len()
				}
			case "option":
				// A menu of documents that navigates on change ("Documenti
				// legali" ▾): an option whose value is a page's address
				// is a link named by the option's text.
				finishOption()
				if v := strings.TrimSpace(attrs.get(attrValue)); pageAddress(v) {
					option = &anchor{href: v, region: regionHere(), langMenu: langMenu > 0}
					e.option = true
				}
			case "script", "style", "template", "noscript", "textarea", "select":
				e.skipText = true
				e.noscript = tag == "noscript"
			case "app-root":
				if d.appRoot == "" {
					d.appRoot = "<app-root>"
				}
			case "article":
				d.articles++
			case "time":
				d.times++
			}
			// What the role, id and class say, read from their bytes: the
			// same answers as strings.ToLower of the values (and of id and
			// class joined by a space), without copying them (see
			// lowerIs and lowerContains).
			role, id, class := attrs.bytes(attrRole), attrs.bytes(attrID), attrs.bytes(attrClass)
			idClassHas := func(w string) bool { return lowerContains(id, w) || lowerContains(class, w) }
			// (an id or class names the page's footer outside its main
			// content only: inside it, "ks-footer" or "card-footer" ends a
			// widget or a card)
			e.main = tag == "main" || lowerIs(role, "main")
			e.footer = tag == "footer" || lowerIs(role, "contentinfo") || mains == 0 && (idClassHas("footer") || (len(id) > 0 || len(class) > 0) && footerNamed(idClassHas))
			e.nav = tag == "nav" || lowerIs(role, "navigation")
			// (a <header> inside an article or section heads that part,
			// not the page: its heading is one of the page's own)
			e.header = tag == "header" && sectioning == 0 || lowerIs(role, "banner") || (tag != "a" && tag != "header" && idClassHas("header") && !e.footer)
			e.sectioning = tag == "article" || tag == "section"
			e.langMenu = tag != "a" && (idClassHas("lang") || idClassHas("locale"))
			if d.policyEmbed == "" && (len(id) > 0 || len(class) > 0 || attrs.has&(1<<attrName|1<<attrDataName) != 0) {
				d.policyEmbed = policyEmbedOf(id, class, attrs.bytes(attrName), attrs.bytes(attrDataName))
			}
			if d.appRoot == "" {
				if len(id) > 0 {
					if root, ok := appRootID(id); ok {
						d.appRoot = "#" + root
					}
				}
				for i, a := range appRootAttrs {
					if attrs.present(attrAppRoot+scanAttr(i)) && d.appRoot == "" {
						d.appRoot = "[" + a + "]"
					}
				}
			}
			if e.footer && footer == 0 && tt != html.SelfClosingTagToken && !tn.void {
				d.footers++
				d.footerAt = int32(text.Len())
			}
			if tt == html.SelfClosingTagToken || tn.void {
				if tag == "a" {
					finishAnchor()
				}
				continue
			}
			if len(stack) >= maxOpenElements {
				overflow++
				continue
			}
			if len(id) > 0 && len(d.ids) < maxIDs && svg == 0 && skip == 0 && !e.svg && !e.skipText {
				d.ids = append(d.ids, idSpan{id: string(id), start: int32(text.Len()), end: -1, heading: e.heading})
				e.id = int32(len(d.ids))
			}
			if e.footer {
				footer++
			}
			if e.sectioning {
				sectioning++
			}
			if e.main {
				mains++
			}
			if e.nav {
				nav++
			}
			if e.row {
				rows++
			}
			if e.header {
				header++
			}
			if e.langMenu {
				langMenu++
			}
			if e.skipText {
				skip++
			}
			if e.svg {
				svg++
			}
			if e.noscript {
				noscript++
			}
			stack = append(stack, e)
		case html.EndTagToken:
			name := tagName(z.Raw(), &nameBuf)
			if string(name) == "title" {
				inTitle = false
			}
			if overflow > 0 {
				overflow--
				continue
			}
			for i := len(stack) - 1; i >= 0 && i >= len(stack)-maxEndTagSearch; i-- {
				if stack[i].name == string(name) {
					closeTo(i)
					break
				}
			}
		}
	}
}

// tagName returns the name of the tag token whose raw bytes are raw, as
// the tokenizer's TagName gives it (lower-cased ASCII, NUL as U+FFFD),
// without TagName's copy of every name: the name is raw's own bytes when
// it is lower-case already, else a copy in *buf. Valid until the next
// token, like raw.
func tagName(raw []byte, buf *[]byte) []byte {
	// The tokenizer's tag tokens start with "<" or "</" and the name runs
	// to white space, '/' or '>' (or the end of the input).
	i := 1
	if len(raw) > 1 && raw[1] == '/' {
		i = 2
	}
	if i > len(raw) {
		return nil
	}
	j, plain := i, true
	for ; j < len(raw); j++ {
		k := tagNameByte[raw[j]]
		if k == nameEnd {
			break
		}
		if k == nameFold {
			plain = false
		}
	}
	name := raw[i:j]
	if plain {
		return name
	}
	b := (*buf)[:0]
	for _, c := range name {
		switch {
		case c == 0:
			b = append(b, "\uFFFD"...)
		case 'A' <= c && c <= 'Z':
			b = append(b, c+'a'-'A')
		default:
			b = append(b, c)
		}
	}
	*buf = b
	return b
}

// What a byte is to a tag's name (tagName).
const (
	nameKeep = iota // part of the name as it is
	nameFold        // part of the name, changed: upper-case ASCII, NUL
	nameEnd         // ends the name: white space, '/', '>'
)

var tagNameByte = func() (k [256]uint8) {
	for c := 'A'; c <= 'Z'; c++ {
		k[c] = nameFold
	}
	k[0] = nameFold
	for _, c := range " \n\r\t\f/>" {
		k[c] = nameEnd
	}
	return k
}()

// trimPermalink drops from a collapsed heading the anchor to itself that
// static-site generators put before or after its words (VuePress's "#",
// Sphinx's "¶", a 🔗 icon): "# Datenschutz" is the part "Datenschutz".
func trimPermalink(h string) string {
	for _, g := range permalinkGlyphs {
		h = strings.TrimSuffix(strings.TrimPrefix(h, g+" "), " "+g)
	}
	return h
}

var permalinkGlyphs = []string{"#", "¶", "🔗", "⚓"}

// collapse trims s and collapses runs of white space to one space.
func collapse(s string) string {
	// Most texts are collapsed already (single spaces between words):
	// they are returned as they are, without two copies.
	done := true
	for i := 0; i < len(s) && done; i++ {
		switch c := s[i]; {
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRuneInString(s[i:])
			done = !unicode.IsSpace(r)
			i += size - 1
		case c == ' ':
			done = i > 0 && i < len(s)-1 && s[i-1] != ' '
		case c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r':
			done = false
		}
	}
	if done {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// openEls holds the open-element stacks of finished scans.
var openEls = sync.Pool{New: func() any {
	s := make([]openEl, 0, 32)
	return &s
}}

// ctxReader reads a page until ctx ends; the HTML tokenizer reads a few
// kilobytes at a time.
type ctxReader struct {
	ctx context.Context
	r   bytes.Reader
}

func (c *ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// tokenText returns the text of the current text token, cut to need bytes
// (at least what an anchor or a heading keeps): a token of ten megabytes
// (a page of text without a tag, a gzip bomb's zeros) is not copied whole
// when the scanner keeps a megabyte of it at most.
//
// The bytes are the tokenizer's: valid until its next token, and copied
// only into what the scanner keeps.
func tokenText(z *html.Tokenizer, need int) []byte {
	// Text is the token's bytes with "\r\n" and "\r" read as "\n", NUL
	// replaced in raw text, and character references decoded, found by
	// byte-by-byte loops (a twentieth of scanning a small page): text
	// with no '\r', NUL or '&' is its raw bytes.
	b := z.Raw()
	if bytes.IndexByte(b, '\r') >= 0 || bytes.IndexByte(b, '&') >= 0 || bytes.IndexByte(b, 0) >= 0 {
		b = z.Text()
	}
	if need = max(need, maxAnchorText, maxHeadingText); len(b) > need {
		// Cut at a rune's start: Text may be longer than the raw bytes
		// (a NUL becomes U+FFFD, three bytes), and half a rune is no text.
		for need > 0 && !utf8.RuneStart(b[need]) {
			need--
		}
		b = b[:need]
	}
	return b
}

// footerNames are the names of the footer in the id or class of a site
// built in another language than English: <div id="rodape">, "pied-de-page",
// "Fusszeile", "voettekst", "sidfot".
var footerNames = []string{
	"rodape", "pied-de-page", "pieddepage", "pied_de_page", "pie-de-pagina", "piedepagina",
	"pie_de_pagina", "piepagina", "pie-pagina", "fusszeile", "fussbereich", "voettekst",
	"piede", "pie-di-pagina", "piedipagina", "stopka", "sidfot", "sidefod", "bunntekst",
	"alatunniste",
}

// footerNamed reports whether an element's id or class (idClassHas) names
// a footer in another language (footerNames).
func footerNamed(idClassHas func(string) bool) bool {
	for _, n := range footerNames {
		if idClassHas(n) {
			return true
		}
	}
	return false
}

// framesFooter reports whether a frame's address, class, id or title names
// a footer (<iframe class="footer-frame" src="/partials/site-footer">).
func framesFooter(src, class, id, title string) bool {
	for _, v := range []string{src, class, id, title} {
		v = strings.ToLower(v)
		if strings.Contains(v, "footer") || footerNamed(func(w string) bool { return strings.Contains(v, w) }) {
			return true
		}
	}
	return false
}

// scriptHref reports whether a link's address is a script's or none at
// all ("javascript:void(0)", "#"): the page opens its target by a script.
func scriptHref(href string) bool {
	h := strings.TrimSpace(href)
	return h == "" || h == "#" || len(h) >= 11 && strings.EqualFold(h[:11], "javascript:")
}

// scriptURL returns the address a link's script opens: the first quoted
// string of the script that reads as a page's address (a path, an http(s)
// URL, or a file name with a page extension), as in
// "AbrirJanela('/PT/Institucional/PoliticaPrivacidade.aspx', 820, 640)" or
// "window.open('privacy.html')". "" when it has none.
func scriptURL(script string) string {
	for i := 0; i < len(script); i++ {
		q := script[i]
		if q != '\'' && q != '"' {
			continue
		}
		j := strings.IndexByte(script[i+1:], q)
		if j < 0 {
			return ""
		}
		v := strings.TrimSpace(script[i+1 : i+1+j])
		i += j + 1
		if pageAddress(v) {
			return v
		}
	}
	return ""
}

// pageAddress reports whether a script's string reads as a page's address.
func pageAddress(v string) bool {
	if v == "" || strings.ContainsAny(v, " <>{}") {
		return false
	}
	l := strings.ToLower(v)
	if strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://") || strings.HasPrefix(v, "/") && !strings.HasPrefix(v, "//") || strings.HasPrefix(v, "./") || strings.HasPrefix(v, "../") {
		return true
	}
	path, _, _ := strings.Cut(l, "?")
	ext := pathExt(path)
	return slices.Contains(pageExts, ext) || ext == "pdf"
}

// maxNoscriptAnchors bounds the links read of one <noscript>.
const maxNoscriptAnchors = 64

// noscriptAnchors returns the links (<a href>) in the HTML of a
// <noscript>, with their text, at most maxNoscriptAnchors.
func noscriptAnchors(markup []byte) []*anchor {
	if !bytes.Contains(markup, []byte("<a")) && !bytes.Contains(markup, []byte("<A")) {
		return nil
	}
	var out []*anchor
	var cur *anchor
	var text strings.Builder
	z := html.NewTokenizer(bytes.NewReader(markup))
	for len(out) < maxNoscriptAnchors {
		switch z.Next() {
		case html.ErrorToken:
			if cur != nil {
				cur.text = collapse(text.String())
			}
			return out
		case html.StartTagToken:
			name, hasAttr := z.TagName()
			if string(name) != "a" {
				continue
			}
			if cur != nil {
				cur.text = collapse(text.String())
			}
			cur = nil
			text.Reset()
			a := &anchor{}
			href := false
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				switch string(k) {
				case "href":
					a.href, href = strings.TrimSpace(string(v)), true
				case "title":
					a.title = string(v)
				case "aria-label":
					a.aria = string(v)
				case "hreflang":
					a.hreflang = string(v)
				case "rel":
					a.rel = strings.ToLower(string(v))
				}
			}
			if href {
				cur = a
				out = append(out, a)
			}
		case html.EndTagToken:
			if name, _ := z.TagName(); string(name) == "a" && cur != nil {
				cur.text = collapse(text.String())
				cur = nil
				text.Reset()
			}
		case html.TextToken:
			if cur != nil && text.Len() < maxAnchorText {
				text.Write(z.Text())
			}
		}
	}
	if cur != nil {
		cur.text = collapse(text.String())
	}
	return out
}
