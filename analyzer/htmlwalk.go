package analyzer

import (
	"context"
	"math/bits"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// blockWalker turns the content root into blocks. It writes a separator
// at every element boundary that is not inline, so words are never glued,
// and tracks what the pseudo-heading heuristics need: bold text, the first
// line, links.
type blockWalker struct {
	ctx    context.Context
	err    error
	nodes  int
	blocks []block

	// arena holds the texts of the blocks, each followed by '\n': in block
	// order they are the Document's text (see block.off). The current
	// block is written after them, from start (see cur), raw: text makes
	// it the block's clean text where it lies, which spares copying every
	// block from a buffer of its own (and that buffer's growth).
	arena     []byte
	start     int
	all       string // the arena once the walk is done
	textBytes int    // non-space bytes in the current block
	boldBytes int
	lineText  bool // the current line holds text
	// pendingSpace: white space was seen since the last text; dirty: the
	// block holds characters cleanText must handle; high: the block holds
	// a byte beyond ASCII.
	pendingSpace, dirty, high bool
	// first line (up to the first <br>)
	firstDone            bool
	firstText, firstBold int
	linkBytes, links     int
	boldDepth, preDepth  int
	headDepth, linkDepth int
	frames               []frame
	// The cells of data tables and their labels, and the accordion
	// toggles: nil until the walk meets one (most pages have none).
	cellLabels         map[*html.Node]string
	toggles, dataCells map[*html.Node]bool
}

// frame is the context that decides the kind of the blocks inside it.
type frame struct {
	kind   blockKind
	label  string
	pseudo bool // blocks may be pseudo-headings
}

func newBlockWalker(ctx context.Context) *blockWalker {
	return &blockWalker{
		ctx: ctx,
		// room for the nesting of most pages: 2 fewer allocations each
		frames: append(make([]frame, 0, 8), frame{kind: kindParagraph, pseudo: true}),
	}
}

func (w *blockWalker) top() frame { return w.frames[len(w.frames)-1] }

func (w *blockWalker) push(f frame) { w.frames = append(w.frames, f) }

func (w *blockWalker) pop() { w.frames = w.frames[:len(w.frames)-1] }

// appendText adds a text node, collapsing white space as it goes, so that
// a block of plain text needs no second cleaning pass; a run holding a
// character cleanText must see (no-break or zero-width spaces, soft
// hyphens, combining marks, controls) marks the block for cleaning.
func (w *blockWalker) appendText(s string) {
	if w.preDepth > 0 {
		for {
			i := strings.IndexByte(s, '\n')
			if i < 0 {
				break
			}
			w.appendText(s[:i])
			w.lineBreak()
			s = s[i+1:]
		}
	}
	// DEL, a control character, would cost the eight-byte scan below 5
	// of its 19 operations per word: the scan reads only a text found
	// free of it by a vectorised search (a short text, most of them white
	// space between elements, is read byte by byte: cheaper than the
	// search). With scanWords, text nodes take 0.75 M fewer instructions
	// per OPP-115 pass than the scan inline, DEL tested in every word
	// (11.5 M, of which 0.3 M for DEL once the search is paid).
	wordEnd := 0 // the scan reads the words that end before wordEnd
	if len(s) >= 24 && strings.IndexByte(s, 0x7f) < 0 {
		wordEnd = len(s)
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c <= ' ' || c == 0x7f {
			if c != ' ' && c != '\n' && c != '\t' && c != '\r' && c != '\f' {
				w.dirty = true // a control character
			}
			w.pendingSpace = true
			i++
			continue
		}
		// A chunk of text whose white space is single inner spaces is
		// copied at once.
		j := i + 1
		high := c >= utf8.RuneSelf
		var highs uint64 // the words read eight bytes at a time, or-ed
	scan:
		for {
			// Eight bytes at a time: the first byte that ends the run (a
			// control character, or a space before a space or control)
			// stops the scan there.
			var h uint64
			var stop bool
			j, h, stop = scanWords(s, j, wordEnd)
			highs |= h
			if stop {
				break scan
			}
			for j < len(s) && textClass[s[j]] == textPlain {
				j++
			}
			if j >= len(s) {
				break
			}
			switch textClass[s[j]] {
			case textHigh:
				high = true
				j++
			case textSpace:
				if j+1 < len(s) && textClass[s[j+1]] <= textHigh {
					j++
					continue
				}
				break scan
			default:
				break scan
			}
		}
		run := s[i:j]
		high = high || highs&msb != 0
		if high {
			w.high = true
			if !w.dirty && needsCleaning(run) {
				w.dirty = true
			}
		}
		if w.pendingSpace && w.lineText {
			w.arena = append(w.arena, ' ')
		}
		w.pendingSpace = false
		w.arena = append(w.arena, run...)
		n := len(run) - strings.Count(run, " ")
		w.textBytes += n
		w.lineText = true
		if w.boldDepth > 0 || w.headDepth > 0 {
			w.boldBytes += n
		}
		if w.linkDepth > 0 {
			w.linkBytes += n
		}
		i = j
	}
}

// scanWords reads s from j eight bytes at a time, while a word ends
// before end: it returns where it stopped, the words read or-ed (up to
// that byte), and whether the byte there ends appendText's run (a
// control character, or a space before a space or control). end is 0 or
// the length of a text without DEL. In a function of its own, the loop
// keeps its values in registers (in appendText's it spilled two to the
// stack).
func scanWords(s string, j, end int) (int, uint64, bool) {
	var highs uint64
	hi, low7, add := scanConsts[0], scanConsts[1], scanConsts[2]
	s = s[:end]
	// Sixteen bytes a round while no byte ends the run, the tests of
	// the two words shared (one branch, one step): a round where one
	// does leaves the word to the loop below, which finds it. 0.8 M
	// fewer instructions per OPP-115 pass than eight bytes a round.
	for j+16 <= len(s) {
		w := s[j : j+16]
		x, y := load64(w, 0), load64(w, 8)
		lx := ^(x&low7 + add | x) & hi
		ly := ^(y&low7 + add | y) & hi
		sx, sy := lx&(x<<2), ly&(y<<2)
		// x's last byte is followed by y's first
		if lx&^sx|sx&(lx>>8|ly<<56)|ly&^sy|sy&(ly>>8) != 0 {
			break
		}
		highs |= x | y
		j += 16 - int(sy>>63)
	}
	for j+8 <= len(s) {
		x := load64(s, j)
		// The byte tests of above and equal, sharing their terms: le
		// marks the bytes up to the space (the controls, DEL aside), of
		// which the space is the one with bit 5 set (sp). Shifted, le
		// marks the byte that follows each (but the last).
		le := ^(x&low7 + add | x) & hi
		sp := le & (x << 2)
		if bad := le&^sp | sp&(le>>8); bad != 0 {
			k := bits.TrailingZeros64(bad) / 8
			return j + k, highs | x&(uint64(1)<<(8*k)-1), true
		}
		highs |= x
		// What follows a space in the last byte is not in this
		// window: the next one starts at the space.
		j += 8 - int(sp>>63)
	}
	return j, highs, false
}

// scanConsts are scanWords' word constants, msb, ^msb and the addend of
// above(x, ' '), read from a variable: the compiler keeps them in
// registers through the loop instead of writing each (a ten-byte move)
// at every use, five a word. Text nodes take 1.8 M fewer instructions
// per OPP-115 pass (10.0 -> 8.2 M).
var scanConsts = [3]uint64{msb, ^uint64(msb), lsb * (0x7f - ' ')}

// Byte classes for appendText: printable ASCII, a byte of a multi-byte
// sequence (text too), the space, and the other white space and controls.
const (
	textPlain = iota
	textHigh
	textSpace
	textBreak
)

var textClass = func() (t [256]uint8) {
	for c := 0; c < 256; c++ {
		switch {
		case c >= utf8.RuneSelf:
			t[c] = textHigh
		case c == ' ':
			t[c] = textSpace
		case c < ' ' || c == 0x7f:
			t[c] = textBreak
		}
	}
	return t
}()

// needsCleaning reports whether a run of non-space bytes holds a
// character cleanText changes: anything in U+0080–U+00BF (no-break space,
// soft hyphen, C1 controls), combining marks and other scripts, the
// special spaces, zero-width characters and separators of U+2000–U+206F,
// ligatures and the BOM. Latin letters with accents, typographic quotes
// and dashes, "…" and "€" need nothing.
func needsCleaning(run string) bool {
	for i := 0; i < len(run); i++ {
		if i+8 <= len(run) {
			high := load64(run, i) & msb
			if high == 0 {
				i += 7 // eight ASCII bytes
				continue
			}
			i += bits.TrailingZeros64(high) / 8 // the first byte beyond ASCII
		}
		c := run[i]
		if c < utf8.RuneSelf {
			continue
		}
		switch {
		case c >= 0xC3 && c <= 0xCB: // U+00C0–U+02FF: Latin letters
			i++
		case c == 0xE2 && i+2 < len(run) && run[i+1] == 0x80 &&
			(run[i+2] >= 0x90 && run[i+2] <= 0xA7 || run[i+2] >= 0xB0 && run[i+2] <= 0xBE):
			i += 2 // ‐ – — ‘ ’ “ ” „ † • … ‰ ′ ‹ ›
		case c == 0xE2 && i+2 < len(run) && run[i+1] == 0x82 && run[i+2] == 0xAC:
			i += 2 // €
		default:
			return true
		}
	}
	return false
}

func (w *blockWalker) space() { w.pendingSpace = true }

// ascii reports whether the current block's text is known to be ASCII:
// no byte beyond ASCII was added, and it needs no cleaning.
func (w *blockWalker) ascii() bool { return !w.high && !w.dirty }

// text returns the current block's text, clean: empty, or appended to
// the arena (at off), its string set when the walk is done (see
// finishTexts).
func (w *blockWalker) text() (off, n int) {
	off = w.start
	b := w.arena[off:]
	for len(b) > 0 && b[len(b)-1] == '\n' {
		b = b[:len(b)-1]
	}
	if w.dirty {
		// A dirty block holds a character cleanText must read: its fast
		// path (isClean), a reading of the whole block, would almost
		// always fail, and returns what cleanFull does when it does not
		// (TestIsCleanAgreesWithCleanText). Straight to cleanFull: 70 M
		// fewer instructions per pass over MAPP's German policies (532 M, 13%),
		// whose pages open with their language menus (Arabic, Chinese…).
		t := cleanFull(string(b))
		w.arena = append(w.arena[:off], t...)
	} else {
		w.arena = w.arena[:off+len(b)]
	}
	n = len(w.arena) - off
	if n == 0 {
		return off, 0
	}
	w.arena = append(w.arena, '\n')
	w.start = len(w.arena)
	return off, n
}

// cur returns the current block's text as written so far, raw.
func (w *blockWalker) cur() []byte { return w.arena[w.start:] }

// finishTexts sets the blocks' texts from the arena, which no longer
// changes: they share one backing array with the Document's text.
func (w *blockWalker) finishTexts() {
	all := ""
	if len(w.arena) > 0 {
		if cap(w.arena) > len(w.arena)+len(w.arena)/4+4096 {
			all = string(w.arena) // do not keep a much larger array alive
		} else {
			all = unsafe.String(unsafe.SliceData(w.arena), len(w.arena))
		}
	}
	w.arena = nil
	w.all = all
	for i := range w.blocks {
		if b := &w.blocks[i]; b.n > 0 {
			b.text = all[b.off : b.off+b.n]
		}
	}
}

// lineBreak handles <br>: a new line, or a new block after an empty line.
func (w *blockWalker) lineBreak() {
	if w.headDepth > 0 {
		w.space()
		return
	}
	if !w.lineText {
		if w.textBytes > 0 {
			w.flush()
		}
		return
	}
	if !w.firstDone {
		w.firstDone = true
		w.firstText, w.firstBold = w.textBytes, w.boldBytes
	}
	w.arena = append(w.arena, '\n')
	w.lineText = false
	w.pendingSpace = false
}

func (w *blockWalker) reset() {
	w.arena = w.arena[:w.start]
	w.textBytes, w.boldBytes, w.linkBytes, w.links = 0, 0, 0, 0
	w.lineText, w.firstDone = false, false
	w.pendingSpace, w.dirty, w.high = false, false, false
	w.firstText, w.firstBold = 0, 0
}

// flush ends the current block.
func (w *blockWalker) flush() {
	if w.headDepth > 0 {
		w.space()
		return
	}
	if w.textBytes == 0 {
		w.reset()
		return
	}
	f := w.top()
	// A paragraph made only of three or more links is a menu, a tag list
	// or a table of contents, not policy text.
	if linkOnly := w.links >= 3 && w.linkBytes*10 >= w.textBytes*9; linkOnly && f.kind == kindParagraph {
		w.reset()
		return
	}
	off, n := w.text()
	b := block{typ: blockText, kind: f.kind, off: off, n: n, label: f.label, pseudo: f.pseudo, ascii: w.ascii()}
	b.bold = w.boldBytes == w.textBytes
	b.boldFirstLine = w.firstDone && w.firstText > 0 && w.firstBold == w.firstText && w.textBytes > w.firstText
	w.reset()
	if n == 0 {
		return
	}
	w.blocks = append(w.blocks, b)
}

// heading collects the text of n as one heading block.
func (w *blockWalker) heading(n *html.Node, typ blockType, level int) {
	if w.headDepth > 0 {
		w.space()
		w.children(n)
		w.space()
		return
	}
	w.flush()
	w.headDepth++
	w.children(n)
	w.headDepth--
	off, size := w.text()
	ascii := w.ascii()
	w.reset()
	if size > 0 {
		w.blocks = append(w.blocks, block{typ: typ, kind: kindHeading, off: off, n: size, level: int16(level), ascii: ascii})
	}
}

func (w *blockWalker) children(n *html.Node) {
	for c := n.FirstChild; c != nil && w.err == nil; c = c.NextSibling {
		w.walk(c)
	}
}

// blockInside walks n as a block of its own with frame f.
func (w *blockWalker) blockInside(n *html.Node, f frame) {
	w.flush()
	w.push(f)
	w.children(n)
	w.flush()
	w.pop()
}

func (w *blockWalker) walk(n *html.Node) {
	w.nodes++
	if w.nodes%2048 == 0 {
		if err := w.ctx.Err(); err != nil {
			w.err = err
			return
		}
	}
	switch n.Type {
	case html.TextNode:
		w.appendText(n.Data)
		return
	case html.ElementNode:
	default:
		w.children(n)
		return
	}
	switch a := n.DataAtom; a {
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		w.heading(n, blockHeading, int(n.Data[1]-'0'))
	case atom.Summary:
		w.heading(n, blockScopeHeading, 0)
	case atom.Dt:
		w.heading(n, blockScopeHeading, 0)
	case atom.Button: // an accordion toggle (others were dropped)
		if w.toggles[n] {
			w.heading(n, blockScopeHeading, 0)
			return
		}
		w.heading(n, blockHeading, 0)
		if len(w.blocks) > 0 && w.blocks[len(w.blocks)-1].typ == blockHeading && w.blocks[len(w.blocks)-1].level == 0 {
			w.blocks[len(w.blocks)-1].label = "toggle"
		}
	case atom.Details:
		w.flush()
		w.blocks = append(w.blocks, block{typ: blockScopeOpen})
		w.blockInside(n, frame{kind: kindDetails})
		w.blocks = append(w.blocks, block{typ: blockScopeClose})
	case atom.Dl:
		w.flush()
		w.blocks = append(w.blocks, block{typ: blockScopeOpen})
		w.blockInside(n, w.top())
		w.blocks = append(w.blocks, block{typ: blockScopeClose})
	case atom.Dd:
		f := w.top()
		f.pseudo = false
		w.blockInside(n, f)
	case atom.Li:
		w.blockInside(n, frame{kind: kindListItem})
	case atom.Ul, atom.Ol, atom.Menu:
		if isAnchorList(n) {
			w.flush() // a table of contents: the headings follow anyway
			return
		}
		w.blockInside(n, w.top())
	case atom.Table:
		w.table(n)
	case atom.Td, atom.Th:
		if w.dataCells[n] {
			w.blockInside(n, frame{kind: kindTableCell, label: w.cellLabels[n]})
		} else {
			w.blockInside(n, w.top())
		}
	case atom.Br:
		w.lineBreak()
	case atom.Hr:
		w.flush()
	case atom.B, atom.Strong:
		w.boldDepth++
		w.children(n)
		w.boldDepth--
	case atom.A:
		if w.headDepth > 0 && permalink(n) {
			return // a heading's "#" or "¶" anchor is no part of its text
		}
		w.linkDepth++
		w.links++
		w.children(n)
		w.linkDepth--
	case atom.Pre:
		w.flush()
		w.preDepth++
		w.children(n)
		w.preDepth--
		w.flush()
	case atom.Wbr:
	default:
		switch {
		case inlineElements.has(a):
			if a == atom.Span || a == atom.Font {
				if style, ok := attr(n, "style"); ok && cssBold(style) {
					w.boldDepth++
					w.children(n)
					w.boldDepth--
					return
				}
			}
			w.children(n)
		case blockElements.has(a):
			if t := toggleChild(n); t != nil && w.headDepth == 0 {
				// An accordion item: the toggle heads the panel, up to
				// the end of the item.
				if w.toggles == nil {
					w.toggles = map[*html.Node]bool{}
				}
				w.toggles[t] = true
				w.flush()
				w.blocks = append(w.blocks, block{typ: blockScopeOpen})
				w.blockInside(n, w.top())
				w.blocks = append(w.blocks, block{typ: blockScopeClose})
				return
			}
			w.blockInside(n, w.top())
		default: // unknown or custom element: separate words, no block
			w.space()
			w.children(n)
			w.space()
		}
	}
}

// permalink reports whether link n is a heading's anchor to itself, as
// static-site generators add (VuePress's "#", Sphinx's "¶", a 🔗 icon):
// its target is in the page and its text holds no letter or digit.
func permalink(n *html.Node) bool {
	if href, _ := attr(n, "href"); !strings.HasPrefix(href, "#") {
		return false
	}
	return strings.IndexFunc(nodeText(n), func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) < 0
}

// toggleChild returns n's child that is an accordion toggle button.
func toggleChild(n *html.Node) *html.Node {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && c.DataAtom == atom.Button {
			return c
		}
	}
	return nil
}

func cssBold(style string) bool {
	s := strings.ToLower(style)
	i := strings.Index(s, "font-weight")
	if i < 0 {
		return false
	}
	v := strings.TrimLeft(s[i+len("font-weight"):], " :")
	return strings.HasPrefix(v, "bold") || strings.HasPrefix(v, "bolder") ||
		strings.HasPrefix(v, "600") || strings.HasPrefix(v, "700") ||
		strings.HasPrefix(v, "800") || strings.HasPrefix(v, "900")
}

var blockElements = newAtomSet(
	atom.Address, atom.Article, atom.Aside, atom.Blockquote, atom.Body, atom.Center, atom.Dialog,
	atom.Dir, atom.Div, atom.Fieldset, atom.Figcaption, atom.Figure, atom.Footer, atom.Form,
	atom.Header, atom.Hgroup, atom.Main, atom.Nav, atom.P, atom.Section, atom.Caption, atom.Legend,
	atom.Html, atom.Tbody, atom.Thead, atom.Tfoot, atom.Tr, atom.Search, atom.Noframes, atom.Listing,
	atom.Plaintext, atom.Xmp,
)

// isAnchorList reports whether list n is a table of contents: three or
// more items, each nothing but a link to an anchor of the page.
func isAnchorList(n *html.Node) bool {
	items := 0
	for li := n.FirstChild; li != nil; li = li.NextSibling {
		if li.Type != html.ElementNode {
			if li.Type == html.TextNode && strings.TrimSpace(li.Data) != "" {
				return false
			}
			continue
		}
		if li.DataAtom != atom.Li {
			return false
		}
		items++
		anchored := 0
		var find func(*html.Node)
		find = func(x *html.Node) {
			for c := x.FirstChild; c != nil; c = c.NextSibling {
				if c.Type != html.ElementNode {
					continue
				}
				if c.DataAtom == atom.A {
					if href, _ := attr(c, "href"); strings.HasPrefix(strings.TrimSpace(href), "#") {
						anchored += nonSpaceBytes(nodeText(c))
					}
					continue
				}
				find(c) // nested lists included: a sub-contents counts too
			}
		}
		find(li)
		if anchored == 0 {
			return false
		}
		if total := nonSpaceBytes(nodeText(li)); anchored*10 < total*9 {
			return false
		}
	}
	return items >= 3
}

// table walks a table: a data table's cells become table-cell segments
// labelled with their row and column headers; a layout table (headings,
// paragraphs or nested tables inside, a single column, role=presentation)
// is walked as ordinary blocks.
func (w *blockWalker) table(t *html.Node) {
	w.flush()
	rows := tableRows(t)
	if isLayoutTable(t, rows) {
		w.blockInside(t, w.top())
		return
	}
	var colHeads []string
	headerRow := -1
	for i, row := range rows {
		if i > 1 {
			break
		}
		allTH := len(row.cells) > 0
		for _, c := range row.cells {
			if c.DataAtom != atom.Th {
				allTH = false
			}
		}
		if allTH || (row.inHead && i == 0) {
			headerRow = i
			for _, c := range row.cells {
				span := colspan(c)
				text := nodeText(c)
				for k := 0; k < span; k++ {
					colHeads = append(colHeads, text)
				}
			}
			break
		}
	}
	if w.dataCells == nil {
		w.dataCells, w.cellLabels = map[*html.Node]bool{}, map[*html.Node]string{}
	}
	for i, row := range rows {
		col := 0
		rowHead := ""
		for j, c := range row.cells {
			w.dataCells[c] = true
			span := colspan(c)
			if i == headerRow {
				col += span
				continue
			}
			scope, _ := attr(c, "scope")
			if j == 0 && (c.DataAtom == atom.Th || strings.EqualFold(scope, "row")) {
				rowHead = nodeText(c)
				col += span
				continue
			}
			if j == 0 && len(colHeads) > 0 {
				// The first cell names the row ("Temperature history" |
				// "24 months"): a short one labels the others, and is
				// itself labelled by its column.
				if t := nodeText(c); utf8.RuneCountInString(t) <= 60 {
					rowHead = t
				}
				if col < len(colHeads) {
					w.cellLabels[c] = colHeads[col]
				}
				col += span
				continue
			}
			var parts []string
			if rowHead != "" {
				parts = append(parts, rowHead)
			}
			if col < len(colHeads) && colHeads[col] != "" {
				parts = append(parts, colHeads[col])
			}
			w.cellLabels[c] = strings.Join(parts, " / ")
			col += span
		}
	}
	w.blockInside(t, w.top())
}

type tableRow struct {
	cells  []*html.Node
	inHead bool
}

// tableRows lists the rows of t (not of nested tables).
func tableRows(t *html.Node) []tableRow {
	var rows []tableRow
	var visit func(n *html.Node, inHead bool)
	visit = func(n *html.Node, inHead bool) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			switch c.DataAtom {
			case atom.Thead:
				visit(c, true)
			case atom.Tbody, atom.Tfoot:
				visit(c, false)
			case atom.Tr:
				var r tableRow
				r.inHead = inHead
				for cell := c.FirstChild; cell != nil; cell = cell.NextSibling {
					if cell.Type == html.ElementNode && (cell.DataAtom == atom.Td || cell.DataAtom == atom.Th) {
						r.cells = append(r.cells, cell)
					}
				}
				rows = append(rows, r)
			}
		}
	}
	visit(t, false)
	return rows
}

func colspan(c *html.Node) int {
	if v, ok := attr(c, "colspan"); ok {
		if n, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && n > 1 {
			if n > 64 {
				n = 64
			}
			return n
		}
	}
	return 1
}

func isLayoutTable(t *html.Node, rows []tableRow) bool {
	if role, _ := attr(t, "role"); role == "presentation" || role == "none" {
		return true
	}
	maxCells := 0
	for _, r := range rows {
		if len(r.cells) > maxCells {
			maxCells = len(r.cells)
		}
	}
	if maxCells <= 1 {
		return true
	}
	layout := false
	var visit func(n *html.Node)
	visit = func(n *html.Node) {
		for c := n.FirstChild; c != nil && !layout; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			switch c.DataAtom {
			case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Table, atom.Article, atom.Main, atom.Section:
				layout = true
				return
			}
			visit(c)
		}
	}
	visit(t)
	return layout
}
