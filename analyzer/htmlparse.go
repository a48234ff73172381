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
			if voidElements[atom.Lookup(name)] {
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

var voidElements = map[atom.Atom]bool{
	atom.Area: true, atom.Base: true, atom.Br: true, atom.Col: true, atom.Embed: true,
	atom.Hr: true, atom.Img: true, atom.Input: true, atom.Link: true, atom.Meta: true,
	atom.Source: true, atom.Track: true, atom.Wbr: true, atom.Param: true, atom.Keygen: true,
}

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
				inline := inlineElements[c.DataAtom]
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
	return cleanText(strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' || r == '\r' {
			return ' '
		}
		return r
	}, b.String()))
}

// inlineElements do not break the flow of text: words on either side of
// them may be glued ("Daten<b>schutz</b>"). Everything else (blocks, list
// items, cells, line breaks, unknown elements) separates words.
var inlineElements = map[atom.Atom]bool{
	atom.A: true, atom.Abbr: true, atom.B: true, atom.Bdi: true, atom.Bdo: true,
	atom.Cite: true, atom.Code: true, atom.Data: true, atom.Dfn: true, atom.Em: true,
	atom.Font: true, atom.I: true, atom.Kbd: true, atom.Label: true, atom.Mark: true,
	atom.Q: true, atom.S: true, atom.Samp: true, atom.Small: true, atom.Span: true,
	atom.Strike: true, atom.Strong: true, atom.Sub: true, atom.Sup: true, atom.Time: true,
	atom.Tt: true, atom.U: true, atom.Var: true, atom.Big: true, atom.Del: true,
	atom.Ins: true, atom.Nobr: true, atom.Acronym: true, atom.Output: true,
}
