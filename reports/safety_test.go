package reports

import (
	"bytes"
	"encoding/csv"
	"html"
	"regexp"
	"strings"
	"testing"
	"unicode"
)

func TestCSVCell(t *testing.T) {
	for in, want := range map[string]string{
		"=1+1":             "'=1+1",
		"+33 1 23":         "'+33 1 23",
		"-2+3":             "'-2+3",
		"@SUM(A1)":         "'@SUM(A1)",
		"\t=cmd":           "'\t=cmd",
		"\rfoo":            "'\rfoo",
		"  =2+5":           "'  =2+5",
		"\n@x":             "'\n@x",
		"a=b":              "a=b",
		"Acme Scale":       "Acme Scale",
		"":                 "",
		"  plain":          "  plain",
		"x\x1b[31mred\x07": "x[31mred",
	} {
		if got := csvCell(in); got != want {
			t.Errorf("csvCell(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestCSVOutputIsInert parses both CSV outputs of the hostile fixture: no
// cell may read as a formula in a spreadsheet.
func TestCSVOutputIsInert(t *testing.T) {
	for _, format := range []string{"csv", "csv-long"} {
		rows, err := csv.NewReader(bytes.NewReader(render(t, testReport(), format, Options{}))).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		found := false
		for _, row := range rows {
			for _, cell := range row {
				if cell == "" {
					continue
				}
				if strings.ContainsRune(csvFormulaStart, rune(cell[0])) {
					t.Errorf("%s: cell %q starts with a formula character", format, cell)
				}
				if trimmed := strings.TrimLeftFunc(cell, unicode.IsSpace); trimmed != "" && strings.ContainsRune("=+-@", rune(trimmed[0])) {
					t.Errorf("%s: cell %q is a formula after white space", format, cell)
				}
				if strings.HasPrefix(cell, "'") {
					found = true
				}
			}
		}
		if !found {
			t.Errorf("%s: no neutralised cell: the hostile fixture was not exercised", format)
		}
	}
}

func TestMarkdownText(t *testing.T) {
	for in, want := range map[string]string{
		"a | b":                       `a \| b`,
		"`code`":                      "\\`code\\`",
		"<script>alert(1)</script>":   "&lt;script&gt;alert(1)&lt;/script&gt;",
		"# heading":                   `\# heading`,
		"- item":                      `\- item`,
		"1. first":                    `1\. first`,
		"rules 2026.03.0":             "rules 2026.03.0",
		"[x](javascript:alert(1))":    `\[x\](javascript:alert(1))`,
		"**bold** _it_":               `\*\*bold\*\* \_it\_`,
		"line\nbreak\r\n\tand  space": "line break and space",
		"AT&amp;T":                    "AT&amp;amp;T",
		"![img](x)":                   `\!\[img\](x)`,
	} {
		if got := mdText(in); got != want {
			t.Errorf("mdText(%q) = %q, want %q", in, got, want)
		}
	}
	if got := mdLink("javascript:alert(1)"); strings.Contains(got, "<") || strings.Contains(got, "](") {
		t.Errorf("mdLink made a link of javascript: %q", got)
	}
	if got := mdLink("https://a.example/p?q=<x> y"); got != "<https://a.example/p?q=%3Cx%3E%20y>" && got != "https://a.example/p?q=&lt;x&gt; y" {
		t.Errorf("mdLink escaped badly: %q", got)
	}
}

// TestMarkdownOutputIsInert: no HTML tag reaches the Markdown but the
// report's own anchors and http(s) autolinks, and each ranking row keeps its column count.
func TestMarkdownOutputIsInert(t *testing.T) {
	md := string(render(t, testReport(), "md", Options{}))
	tag := regexp.MustCompile(`<[A-Za-z/!?]`)
	for _, m := range tag.FindAllStringIndex(md, -1) {
		rest := md[m[0]:]
		if !strings.HasPrefix(rest, `<a id="vendor-`) && !strings.HasPrefix(rest, "</a>") && !strings.HasPrefix(rest, "<http") {
			t.Errorf("raw HTML in Markdown: %q", rest[:min(len(rest), 40)])
		}
	}
	unescapedPipe := regexp.MustCompile(`(^|[^\\])\|`)
	for _, line := range strings.Split(md, "\n") {
		if strings.HasPrefix(line, "| ") && strings.Contains(line, "](#vendor-") {
			if n := len(unescapedPipe.FindAllString(line, -1)); n != 13 {
				t.Errorf("ranking row has %d cell separators, want 13: %s", n, line)
			}
		}
	}
	if strings.Contains(md, "\x1b") || strings.Contains(md, "\u202e") {
		t.Error("control characters reached the Markdown")
	}
}

func TestTableStripsControlsAndAligns(t *testing.T) {
	r := testReport()
	r.Vendors = append(r.Vendors,
		Vendor{Input: "https://jp.example", Name: "スマート体重計", Status: StatusNotFound, Reason: "none"},
		Vendor{Input: "https://emoji.example", Name: "Café ⌚ Montre\u0301s", Status: StatusNotFound, Reason: "none"},
	)
	for _, w := range []int{0, 100, 80} {
		out := string(render(t, r, "table", Options{Width: w}))
		for _, c := range out {
			if c != '\n' && isUnsafeRune(c) || c == '\t' || c == '\r' {
				t.Fatalf("width %d: control character %U in the table", w, c)
			}
		}
		lines := strings.Split(out, "\n")
		// Every row's status column starts at the header's.
		head := lines[0]
		col := width(head[:strings.Index(head, "STATUS")])
		for _, line := range lines[1 : len(r.Vendors)+1] {
			var at int = -1
			for _, st := range Statuses() {
				if i := strings.Index(line, "  "+st+" "); i >= 0 {
					at = width(line[:i+2])
					break
				}
			}
			if at != col {
				t.Errorf("width %d: status at column %d, header at %d:\n%s\n%s", w, at, col, head, line)
			}
			if w > 0 && width(line) > w {
				t.Errorf("width %d: line is %d columns: %s", w, width(line), line)
			}
		}
	}
}

func TestFit(t *testing.T) {
	for _, c := range []struct {
		in   string
		w    int
		want string
	}{
		{"Acme", 10, "Acme"},
		{"Acme Scale", 5, "Acme…"},
		{"スマート", 5, "スマ…"},
		{"e\u0301e\u0301e\u0301", 2, "e\u0301…"},
		{"abc", 0, ""},
	} {
		if got := fit(c.in, c.w); got != c.want {
			t.Errorf("fit(%q, %d) = %q, want %q", c.in, c.w, got, c.want)
		}
	}
}

func TestSafeURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://a.example/privacy":  "https://a.example/privacy",
		"HTTP://a.example/":          "http://a.example/",
		"javascript:alert(1)":        "",
		"JaVaScRiPt:alert(1)":        "",
		" javascript:alert(1)":       "",
		"data:text/html,<script>":    "",
		"vbscript:msgbox":            "",
		"//evil.example/x":           "",
		"/relative":                  "",
		"https://a.example/\x00x":    "",
		"https://a.example/ spaced":  "",
		"file:///etc/passwd":         "",
		"https:///nohost":            "",
		"https://a.example/p?q=<x>":  "https://a.example/p?q=<x>",
		"https://exemple.fr/données": "https://exemple.fr/donn%C3%A9es",
	} {
		if got := safeURL(in); got != want {
			t.Errorf("safeURL(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestHTMLStatic checks the page's structure: the CSP comes first, its
// hashes match the one inline style and the one inline script, and no
// vendor text opened an element.
func TestHTMLStatic(t *testing.T) {
	page := string(render(t, testReport(), "html", Options{}))
	lower := strings.ToLower(page)
	if n := strings.Count(lower, "<script"); n != 1 {
		t.Errorf("%d <script occurrences, want the report's own only", n)
	}
	if n := strings.Count(lower, "<style"); n != 1 {
		t.Errorf("%d <style occurrences, want the report's own only", n)
	}
	for _, bad := range []string{"<img", "<iframe", "<link", "<base", "href=\"javascript", "href=\"data:", "<a href=\"javascript"} {
		if strings.Contains(lower, bad) {
			t.Errorf("page contains %q", bad)
		}
	}
	csp := regexp.MustCompile(`<meta http-equiv="Content-Security-Policy" content="([^"]+)">`).FindStringSubmatch(page)
	if csp == nil {
		t.Fatal("no Content-Security-Policy meta tag")
	}
	if strings.Index(page, csp[0]) > strings.Index(page, "<style>") {
		t.Error("the CSP must come before the style and the script")
	}
	policy := html.UnescapeString(csp[1])
	style := page[strings.Index(page, "<style>")+len("<style>") : strings.Index(page, "</style>")]
	script := page[strings.Index(page, "<script>")+len("<script>") : strings.Index(page, "</script>")]
	for _, want := range []string{"default-src 'none'", "style-src '" + cspHash(style) + "'", "script-src '" + cspHash(script) + "'", "base-uri 'none'", "form-action 'none'"} {
		if !strings.Contains(policy, want) {
			t.Errorf("CSP %q lacks %q", policy, want)
		}
	}
	if strings.Contains(policy, "unsafe-inline") || strings.Contains(policy, "unsafe-eval") || strings.Contains(policy, "http") {
		t.Errorf("CSP too loose: %q", policy)
	}
	if strings.Contains(page, "\x1b") || strings.Contains(page, "\u202e") {
		t.Error("control characters reached the page")
	}
}

func TestStripWriterAcrossWrites(t *testing.T) {
	in := "é\x1b[31m✓\u202e ok\n"
	var out strings.Builder
	w := &stripWriter{w: &out}
	for i := 0; i < len(in); i++ { // one byte at a time: runes split across writes
		if _, err := w.Write([]byte{in[i]}); err != nil {
			t.Fatal(err)
		}
	}
	if got := out.String(); got != "é[31m✓ ok\n" {
		t.Errorf("got %q", got)
	}
}

// TestTableNoteExplainsZero: a vendor whose policy text could not be
// analysed shows why in the table, which is all a terminal shows of it,
// at the start of the column so that a narrow table keeps it; a vendor's
// other warnings stay out of the table.
func TestTableNoteExplainsZero(t *testing.T) {
	r := testReport()
	empty := Vendor{Input: "draft.html", Name: "draft.html", Status: StatusFound, Reason: "analysed local file draft.html",
		Policy:   &Policy{URL: "file:///draft.html", Error: "no extractable text: the page holds no text outside scripts"},
		Warnings: []string{"robots.txt was ignored (--ignore-robots)"}}
	for _, tp := range topics {
		empty.Topics = append(empty.Topics, Topic{ID: tp.ID, Level: LevelMissing})
	}
	r.Vendors = append(r.Vendors, empty)
	for w, want := range map[int]string{0: "no extractable text: the page holds no text outside scripts", 120: "no extracta"} {
		out := string(render(t, r, "table", Options{Width: w}))
		if !strings.Contains(out, want) {
			t.Errorf("width %d: the vendor's row lacks why its policy was not analysed:\n%s", w, out)
		}
		if strings.Contains(out, "robots.txt was ignored") {
			t.Errorf("width %d: a warning reached the table:\n%s", w, out)
		}
	}
}
