package analyzer

import (
	"bytes"
	"context"
	"fmt"
	stdhtml "html"
	"regexp"
	"strings"

	"github.com/goccy/go-yaml"
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
	fm, src := frontMatter(src)
	src = stripESM(src)
	var out bytes.Buffer
	out.Grow(len(src) + len(src)/4)
	out.WriteString("<!DOCTYPE html><html>")
	if fm.title != "" {
		out.WriteString("<head><title>")
		out.WriteString(stdhtml.EscapeString(fm.title))
		out.WriteString("</title></head>")
	}
	out.WriteString("<body>")
	for _, p := range fm.prose {
		out.WriteString(p)
	}
	if err := markdown.Convert([]byte(src), &out); err != nil {
		return "", fmt.Errorf("markdown: %w", err)
	}
	out.WriteString("</body></html>")
	return out.String(), nil
}

// meta is what a page's front matter holds for the reader: its title and
// its prose, as HTML.
type meta struct {
	title string
	prose []string
}

// minFrontProse is the length from which a front-matter value is the
// page's text rather than a setting ("layout: post", "date: …"), unless it
// is HTML.
const minFrontProse = 200

// frontMatter splits the metadata block that static-site generators
// (Jekyll, Hugo, Eleventy) put at the top of a Markdown page, between
// "---" lines (YAML) or "+++" lines (TOML), from src, and returns what it
// holds for a reader and the body. Rendered as Markdown, the block would be
// a thematic break and a heading made of its lines ("author: … date:
// 2018-11-08T16:25:13+00:00 title: …"), read as the policy's first words.
// Its title becomes the page's; a value of prose or HTML (some sites keep
// the whole policy in "content_html:") is kept as the page's first text.
// A block is front matter only when it opens on the first line, closes,
// and its first entry is a key ("title:", "title ="); a "---" block, when
// it parses as YAML too (a page may open on a thematic break and "Last
// updated: May 2024").
func frontMatter(src string) (m meta, body string) {
	first, rest, _ := strings.Cut(src, "\n")
	delim := strings.TrimRight(first, "\r \t")
	if delim != "---" && delim != "+++" {
		return meta{}, src
	}
	keyed := false
	off := 0 // of the line in rest
	for raw := range strings.Lines(rest) {
		line := strings.TrimRight(raw, "\r\n \t")
		switch {
		case line == delim || delim == "---" && line == "...":
			if !keyed {
				return meta{}, src
			}
			m, ok := frontMeta(rest[:off], delim)
			if !ok {
				return meta{}, src
			}
			return m, rest[off+len(raw):]
		case keyed || line == "" || line[0] == '#':
		default:
			if _, _, ok := cutKey(line); !ok {
				return meta{}, src
			}
			keyed = true
		}
		off += len(raw)
	}
	return meta{}, src // never closed: a thematic break, not front matter
}

// frontMeta reads a front-matter block: YAML through goccy/go-yaml (ok is
// false when it does not parse), TOML (rarer, and Hugo's) for its title
// line only.
func frontMeta(block, delim string) (m meta, ok bool) {
	if delim == "+++" {
		for line := range strings.Lines(block) {
			if key, value, ok := cutKey(strings.TrimSpace(line)); ok && strings.EqualFold(key, "title") {
				m.title = strings.Trim(strings.TrimSpace(value), "\"'")
				break
			}
		}
		return m, true
	}
	var items yaml.MapSlice
	if yaml.Unmarshal([]byte(block), &items) != nil {
		return meta{}, false
	}
	for _, it := range items {
		key, _ := it.Key.(string)
		value, ok := it.Value.(string)
		value = strings.TrimSpace(value)
		switch {
		case !ok || value == "":
		case strings.EqualFold(key, "title"):
			if m.title == "" {
				m.title = value
			}
		case strings.Contains(value, "</"):
			m.prose = append(m.prose, value)
		case len(value) >= minFrontProse:
			m.prose = append(m.prose, "<p>"+stdhtml.EscapeString(value)+"</p>")
		}
	}
	return m, true
}

// cutKey splits a front-matter line "key: value" (YAML) or "key = value"
// (TOML); a key is a word of letters, digits, '_' and '-'.
func cutKey(line string) (key, value string, ok bool) {
	i := strings.IndexAny(line, ":=")
	if i <= 0 {
		return "", "", false
	}
	key = strings.TrimSpace(line[:i])
	for _, r := range key {
		if !(r == '_' || r == '-' || r >= '0' && r <= '9' || r|0x20 >= 'a' && r|0x20 <= 'z') {
			return "", "", false
		}
	}
	return key, line[i+1:], key != ""
}

// esmLine matches the first line of an MDX ESM block: an import or export
// statement at the top level of the page ("import Layout from …", "export
// const meta = {", "export default ({ children }) => …"). Rendered as
// Markdown, it would be a paragraph of code read as the policy's words
// ("{children}" reads as a statement about children). A named import
// needs its quoted module ("import Layout from '…'"), so that prose such
// as "import data from your watch" stays.
var esmLine = regexp.MustCompile(`^(import|export)\s+(\{|\*|["']|default\b|const\b|let\b|var\b|function\b|class\b|async\b|type\b|interface\b|[A-Za-z_$][\w$]*\s*(,\s*\{|\s+from\s+["']))`)

// stripESM removes the import and export blocks MDX pages (Next.js,
// Docusaurus, Astro) hold at the top level, each up to the next blank line,
// outside fenced code. In plain Markdown no paragraph opens on a lower-case
// "import {" or "export const", so every Markdown page goes through it:
// MDX is also served and stored as .md.
func stripESM(src string) string {
	if !strings.Contains(src, "import ") && !strings.Contains(src, "export ") {
		return src
	}
	var out strings.Builder
	out.Grow(len(src))
	fence := ""
	inESM := false
	blankBefore := true
	for line := range strings.Lines(src) {
		trimmed := strings.TrimRight(line, "\r\n")
		blank := strings.TrimSpace(trimmed) == ""
		switch {
		case inESM:
			if blank {
				inESM = false
				out.WriteString(line)
			}
		case fence != "":
			if strings.HasPrefix(strings.TrimSpace(trimmed), fence) {
				fence = ""
			}
			out.WriteString(line)
		case strings.HasPrefix(strings.TrimSpace(trimmed), "```"), strings.HasPrefix(strings.TrimSpace(trimmed), "~~~"):
			fence = strings.TrimSpace(trimmed)[:3]
			out.WriteString(line)
		case blankBefore && esmLine.MatchString(trimmed):
			inESM = true
		default:
			out.WriteString(line)
		}
		blankBefore = blank
	}
	return out.String()
}
