package analyzer

import (
	"bytes"
	"context"
	"fmt"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer/html"
)

// Markdown is rendered to HTML by goldmark (CommonMark with GitHub's
// tables and strikethrough) and then read like any page: ATX and setext
// headings become h1–h6, a bold-only line a <p><strong>, lists and pipe
// tables their HTML elements, links their text. Raw HTML in the Markdown
// (common in policies archived from vendor sites) is kept, so the page
// chrome it carries (nav, footer, cookie banners, scripts) is removed by
// the same rules as for a page.
var markdown = goldmark.New(
	goldmark.WithExtensions(extension.Table, extension.Strikethrough),
	goldmark.WithRendererOptions(html.WithUnsafe()),
)

func markdownToHTML(ctx context.Context, src string) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	var out bytes.Buffer
	out.Grow(len(src) + len(src)/4)
	out.WriteString("<!DOCTYPE html><html><body>")
	if err := markdown.Convert([]byte(src), &out); err != nil {
		return "", fmt.Errorf("markdown: %w", err)
	}
	out.WriteString("</body></html>")
	return out.String(), nil
}
