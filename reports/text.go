package reports

import (
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Vendor-supplied text (names, reasons, headings, quotes, URLs) is untrusted:
// a policy may contain markup, spreadsheet formulas or terminal escape
// sequences. The functions here make it inert for each output.

// isUnsafeRune reports runes that no text output keeps: control characters
// (C0 except \t \n \r, DEL, C1), and the bidirectional controls that can make
// text display in another order than it reads (Trojan Source).
func isUnsafeRune(r rune) bool {
	switch {
	case r == '\t' || r == '\n' || r == '\r':
		return false
	case r < 0x20 || (r >= 0x7f && r <= 0x9f):
		return true
	case r == 0x061c || r == 0x200e || r == 0x200f,
		r >= 0x202a && r <= 0x202e,
		r >= 0x2066 && r <= 0x2069:
		return true
	case r == utf8.RuneError:
		return true
	}
	return false
}

// stripUnsafe removes the unsafe runes, keeping tabs and line breaks.
func stripUnsafe(s string) string {
	if strings.IndexFunc(s, isUnsafeRune) < 0 {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if !isUnsafeRune(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// oneLine strips unsafe runes and folds every run of white space (line
// breaks and tabs included) into one space, trimmed.
func oneLine(s string) string {
	return strings.Join(strings.FieldsFunc(stripUnsafe(s), unicode.IsSpace), " ")
}

// safeURL returns u when it is an absolute http or https URL, the only
// URLs any output turns into a link, and "" otherwise.
func safeURL(u string) string {
	u = strings.TrimSpace(u)
	p, err := url.Parse(u)
	if err != nil || p.Host == "" {
		return ""
	}
	if s := strings.ToLower(p.Scheme); s != "http" && s != "https" {
		return ""
	}
	if strings.IndexFunc(u, func(r rune) bool { return r <= ' ' || isUnsafeRune(r) }) >= 0 {
		return ""
	}
	return p.String()
}

// csvFormulaStart lists the characters that make a spreadsheet read a cell
// as a formula (OWASP's CSV injection list).
const csvFormulaStart = "=+-@\t\r"

// csvCell makes a cell inert in a spreadsheet: unsafe runes go, and a cell
// that starts with a formula character, also after leading white space, gets
// a leading apostrophe so it reads as text.
func csvCell(s string) string {
	s = stripUnsafe(s)
	if s == "" {
		return s
	}
	if strings.ContainsRune(csvFormulaStart, rune(s[0])) {
		return "'" + s
	}
	if t := strings.TrimLeftFunc(s, unicode.IsSpace); t != s && t != "" && strings.ContainsRune("=+-@", rune(t[0])) {
		return "'" + s
	}
	return s
}

// mdText escapes text for Markdown (CommonMark and GitHub's): on one line,
// with every character that could start markup escaped, and HTML turned
// into entities so no tag reaches a renderer that passes HTML through.
func mdText(s string) string {
	s = oneLine(s)
	var b strings.Builder
	for i, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '\\', '`', '*', '_', '[', ']', '|', '~', '!':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '#', '-', '+', '=':
			if i == 0 {
				b.WriteByte('\\')
			}
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	out := b.String()
	// "1. " or "1) " at the start of a line would open an ordered list.
	if n := len(out) - len(strings.TrimLeft(out, "0123456789")); n > 0 && n < len(out) && (out[n] == '.' || out[n] == ')') &&
		(n+1 == len(out) || out[n+1] == ' ') {
		out = out[:n] + "\\" + out[n:]
	}
	return out
}

// mdLink renders a URL in Markdown: an autolink when it is http(s), else
// escaped text that no renderer makes into a link.
func mdLink(u string) string {
	if safe := safeURL(u); safe != "" {
		r := strings.NewReplacer("<", "%3C", ">", "%3E", " ", "%20", "`", "%60")
		return "<" + r.Replace(safe) + ">"
	}
	return mdText(u)
}

// mdCode renders short machine text (hashes, ids) in a code span.
func mdCode(s string) string {
	s = oneLine(s)
	if s == "" {
		return ""
	}
	if strings.Contains(s, "`") {
		return mdText(s)
	}
	return "`" + s + "`"
}
