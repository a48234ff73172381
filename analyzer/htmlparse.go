package analyzer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// x/net/html refuses documents nested deeper than 512 elements (it
// returns an error rather than go quadratic). Such a page, whether an
// attack or a broken generator, still holds text: parseHTML then flattens
// the nesting beyond flattenDepth in a tokenizer pass and parses again,
// noting it. Normal pages pay nothing for this.
const flattenDepth = 256

// parseHTML parses src, flattening over-deep nesting when the parser
// refuses it. The reader checks ctx, so a cancelled context stops the
// parse of a large page part-way.
func parseHTML(ctx context.Context, src string) (*html.Node, []string, error) {
	root, err := html.Parse(ctxReader{ctx, strings.NewReader(src)})
	if err == nil {
		return root, nil, nil
	}
	if cerr := ctx.Err(); cerr != nil {
		return nil, nil, cerr
	}
	for _, depth := range []int{flattenDepth, 32} {
		flat, dropped, ferr := flattenNesting(ctx, src, depth)
		if ferr != nil {
			return nil, nil, ferr
		}
		root, err = html.Parse(ctxReader{ctx, strings.NewReader(flat)})
		if err == nil {
			note := fmt.Sprintf("html nested deeper than %d elements: %d tags beyond that depth were dropped (their text kept)", depth, dropped)
			return root, []string{note}, nil
		}
		if cerr := ctx.Err(); cerr != nil {
			return nil, nil, cerr
		}
	}
	return nil, nil, fmt.Errorf("%w: html: %v", ErrMalformed, err)
}

// flattenNesting copies src, dropping start tags (and their end tags) that
// would open an element deeper than maxDepth. Text and void elements are
// kept. It counts nesting from the tags alone (no implied end tags), so it
// errs on the side of flattening.
func flattenNesting(ctx context.Context, src string, maxDepth int) (string, int, error) {
	z := html.NewTokenizer(strings.NewReader(src))
	var b strings.Builder
	b.Grow(len(src))
	depth, dropped := 0, 0
	skipped := map[string]int{}
	for i := 0; ; i++ {
		if i%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return "", 0, err
			}
		}
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			if err := z.Err(); err != nil && !errors.Is(err, io.EOF) {
				return "", 0, err
			}
			return b.String(), dropped, nil
		case html.StartTagToken:
			name, _ := z.TagName()
			if voidElements.has(atom.Lookup(name)) {
				break
			}
			if depth >= maxDepth {
				skipped[string(name)]++
				dropped++
				continue
			}
			depth++
		case html.EndTagToken:
			name, _ := z.TagName()
			if n := skipped[string(name)]; n > 0 {
				skipped[string(name)] = n - 1
				continue
			}
			if depth > 0 {
				depth--
			}
		}
		b.Write(z.Raw())
	}
}

var voidElements = newAtomSet(
	atom.Area, atom.Base, atom.Br, atom.Col, atom.Embed, atom.Hr, atom.Img, atom.Input, atom.Link,
	atom.Meta, atom.Source, atom.Track, atom.Wbr, atom.Param, atom.Keygen,
)

// ctxReader fails reads once ctx is done.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	if len(p) > 256<<10 {
		p = p[:256<<10]
	}
	return c.r.Read(p)
}

// attr returns the value of the attribute key of n.
func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key && a.Namespace == "" {
			return a.Val, true
		}
	}
	return "", false
}

// nodeText returns the text under n with a space at every element
// boundary (never gluing words), cleaned.
func nodeText(n *html.Node) string {
	if c := n.FirstChild; c != nil && c == n.LastChild && c.Type == html.TextNode {
		// A single text node, as most titles and headings are: its
		// text as it is, without a copy.
		return spacedText(c.Data)
	}
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch c.Type {
			case html.TextNode:
				b.WriteString(c.Data)
			case html.ElementNode:
				if c.DataAtom == atom.Script || c.DataAtom == atom.Style {
					continue
				}
				inline := inlineElements.has(c.DataAtom)
				if !inline {
					b.WriteByte(' ')
				}
				walk(c)
				if !inline {
					b.WriteByte(' ')
				}
			}
		}
	}
	walk(n)
	return spacedText(b.String())
}

// spacedText turns the line breaks and tabs of text into spaces and
// cleans it: nodeText's last step.
func spacedText(text string) string {
	if strings.ContainsAny(text, "\n\t\r") {
		text = strings.Map(func(r rune) rune {
			if r == '\n' || r == '\t' || r == '\r' {
				return ' '
			}
			return r
		}, text)
	}
	return cleanText(text)
}

// inlineElements do not break the flow of text: words on either side of
// them may be glued ("Daten<b>schutz</b>"). Everything else (blocks, list
// items, cells, line breaks, unknown elements) separates words.
var inlineElements = newAtomSet(
	atom.A, atom.Abbr, atom.B, atom.Bdi, atom.Bdo, atom.Cite, atom.Code, atom.Data, atom.Dfn, atom.Em,
	atom.Font, atom.I, atom.Kbd, atom.Label, atom.Mark, atom.Q, atom.S, atom.Samp, atom.Small,
	atom.Span, atom.Strike, atom.Strong, atom.Sub, atom.Sup, atom.Time, atom.Tt, atom.U, atom.Var,
	atom.Big, atom.Del, atom.Ins, atom.Nobr, atom.Acronym, atom.Output,
)

// atomSet is a set of element names: an open-addressing table of atoms,
// which the walks over every element of a page look up in a few
// instructions where a map hashes.
type atomSet struct {
	slots [128]atom.Atom // 0 for an empty slot: no set holds atom 0
}

func newAtomSet(atoms ...atom.Atom) *atomSet {
	s := new(atomSet)
	if 2*len(atoms) > len(s.slots) {
		panic("atomSet: too many atoms")
	}
	for _, a := range atoms {
		i := atomSlot(a)
		for s.slots[i] != 0 && s.slots[i] != a {
			i = (i + 1) % uint32(len(s.slots))
		}
		s.slots[i] = a
	}
	return s
}

func atomSlot(a atom.Atom) uint32 { return uint32(a) * 0x9E3779B9 >> 25 }

// has reports whether a is in s.
func (s *atomSet) has(a atom.Atom) bool {
	for i := atomSlot(a); ; i = (i + 1) % uint32(len(s.slots)) {
		switch s.slots[i] {
		case a:
			return a != 0
		case 0:
			return false
		}
	}
}
