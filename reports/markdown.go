package reports

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"
)

// Symbols of the coverage levels in the text formats (md, table). Each
// level has its own shape, so the tables read without colour.
const (
	symbolCovered  = "✓"
	symbolWeak     = "~"
	symbolMissing  = "✗"
	symbolAbsent   = "–" // not analysed
	legendSymbols  = symbolCovered + " covered · " + symbolWeak + " weak · " + symbolMissing + " missing · " + symbolAbsent + " not analysed"
	timeLayoutText = "2006-01-02 15:04 UTC"
)

func levelSymbol(t *Topic) string {
	if t == nil {
		return symbolAbsent
	}
	switch t.EffectiveLevel() {
	case LevelCovered:
		return symbolCovered
	case LevelWeak:
		return symbolWeak
	default:
		return symbolMissing
	}
}

// markdownWriter writes a ranked table, a coverage summary, and per vendor
// the missing topics and the quotes. Ranking needs every vendor, so it keeps
// them until End.
type markdownWriter struct {
	stream
	vendors []Vendor
	head    Report
}

var _ Writer = (*markdownWriter)(nil)

func newMarkdownWriter(w io.Writer) *markdownWriter { return &markdownWriter{stream: stream{w: w}} }

func (m *markdownWriter) Begin(r *Report) error {
	if err := m.begin(); err != nil {
		return err
	}
	m.head = *r
	m.head.Vendors = nil
	return nil
}

func (m *markdownWriter) WriteVendor(v *Vendor) error {
	if err := m.vendor(v); err != nil {
		return err
	}
	m.vendors = append(m.vendors, *v)
	return nil
}

func (m *markdownWriter) End(r *Report) error {
	sum, err := m.end(r)
	if err != nil {
		return err
	}
	b := bufio.NewWriterSize(m.w, 64<<10)
	h := &m.head
	fmt.Fprintf(b, "# vigie report\n\n")
	fmt.Fprintf(b, "%s %s · rules %s", mdText(h.Tool.Name), mdText(h.Tool.Version), mdText(h.Tool.RulesVersion))
	if h.Tool.RulesSHA256 != "" {
		fmt.Fprintf(b, " (%s)", mdCode(short(h.Tool.RulesSHA256, 12)))
	}
	fmt.Fprintf(b, " · generated %s\n\n", textTime(h.GeneratedAt))
	fmt.Fprintf(b, "Run: %s → %s", textTime(h.StartedAt), textTime(r.FinishedAt))
	if h.Manifest.UserAgent != "" {
		fmt.Fprintf(b, " · user agent %s · robots.txt %s", mdCode(h.Manifest.UserAgent), obeyed(h.Manifest.RobotsObeyed))
		if h.Manifest.Language != "" {
			fmt.Fprintf(b, " · policies asked for in %s", mdCode(h.Manifest.Language))
		}
	} else {
		b.WriteString(" · local files only, nothing fetched")
	}
	b.WriteString("\n\n")
	if r.Partial {
		b.WriteString("> **Partial run:** it was interrupted before every vendor finished; vendors not listed here were not audited.\n\n")
	}
	fmt.Fprintf(b, "%s · %d analysed · mean score %s\n\n", plural(sum.Vendors, "vendor"), sum.Analysed, formatMean(sum.MeanScore))

	ranked := Rank(m.vendors)
	b.WriteString("## Ranking\n\n| Rank | Vendor | Score | Status |")
	for _, t := range topics {
		fmt.Fprintf(b, " %s |", t.ID)
	}
	b.WriteString(" Missing |\n|---:|---|---:|---|")
	for range topics {
		b.WriteString(":-:|")
	}
	b.WriteString("---|\n")
	for _, rv := range ranked {
		v := rv.Vendor
		fmt.Fprintf(b, "| %d | [%s](#%s) | %d | %s |", rv.Rank, mdText(v.DisplayName()), vendorAnchor(rv.Index), v.Score, mdText(v.Status))
		for _, t := range topics {
			fmt.Fprintf(b, " %s |", levelSymbol(v.Topic(t.ID)))
		}
		fmt.Fprintf(b, " %s |\n", mdText(missingNote(v)))
	}
	fmt.Fprintf(b, "\n%s\n\n", legendSymbols)

	b.WriteString("## Coverage by topic\n\n| Topic | Covered | Weak | Missing |\n|---|---:|---:|---:|\n")
	for _, t := range topics {
		c, w := sum.TopicsCovered[t.ID], sum.TopicsWeak[t.ID]
		fmt.Fprintf(b, "| %s (`%s`) | %d | %d | %d |\n", t.Title, t.ID, c, w, max(sum.Analysed-c-w, 0))
	}
	fmt.Fprintf(b, "\nOut of %d analysed vendors.\n\n## Vendors\n", sum.Analysed)

	for _, rv := range ranked {
		m.writeVendor(b, rv)
	}
	if err := b.Flush(); err != nil {
		return m.fail(fmt.Errorf("write report: %w", err))
	}
	return nil
}

func (m *markdownWriter) writeVendor(b *bufio.Writer, rv Ranked) {
	v := rv.Vendor
	fmt.Fprintf(b, "\n<a id=\"%s\"></a>\n\n### %d. %s\n\n", vendorAnchor(rv.Index), rv.Rank, mdText(v.DisplayName()))
	fmt.Fprintf(b, "- Input: %s\n", mdLink(v.Input))
	fmt.Fprintf(b, "- Status: %s", mdText(v.Status))
	if v.Reason != "" {
		fmt.Fprintf(b, " (%s)", mdText(v.Reason))
	}
	fmt.Fprintf(b, "\n- Score: %d/100\n", v.Score)
	if p := v.Policy; p != nil {
		fmt.Fprintf(b, "- Policy: %s", mdLink(p.URL))
		var meta []string
		switch {
		case p.Fragment != "":
			part := "#" + p.Fragment
			if p.Section != "" {
				part = "“" + p.Section + "” (#" + p.Fragment + ")"
			}
			meta = append(meta, "the part "+mdText(part)+" its link points at only")
		case p.Section != "":
			meta = append(meta, "the part "+mdText("“"+p.Section+"”")+" only (no policy page of its own)")
		}
		if p.Language != "" {
			meta = append(meta, "language "+mdText(p.Language))
		}
		if !p.FetchedAt.IsZero() {
			meta = append(meta, "fetched "+textTime(p.FetchedAt))
		}
		if p.SHA256 != "" {
			meta = append(meta, "sha256 "+mdCode(p.SHA256))
		}
		if len(meta) > 0 {
			fmt.Fprintf(b, " (%s)", strings.Join(meta, ", "))
		}
		b.WriteString("\n")
		if len(p.DiscoveredVia) > 0 {
			b.WriteString("- Found via:\n")
			for _, s := range p.DiscoveredVia {
				fmt.Fprintf(b, "  - %s", mdText(s.Method))
				if s.Text != "" {
					fmt.Fprintf(b, " “%s”", mdText(s.Text))
				}
				if s.From != "" {
					fmt.Fprintf(b, " on %s", mdLink(s.From))
				}
				fmt.Fprintf(b, " → %s\n", mdLink(s.URL))
			}
		}
	}
	for _, d := range v.Documents {
		fmt.Fprintf(b, "- Also analysed (%s): %s\n", mdText(d.Role), mdLink(d.URL))
	}
	if v.Analysed() {
		fmt.Fprintf(b, "- Missing: %s\n", topicList(v.MissingTopics()))
		fmt.Fprintf(b, "- Weak: %s\n", topicList(v.WeakTopics()))
	} else if len(v.Tried) > 0 {
		b.WriteString("- Tried:\n")
		for _, t := range v.Tried {
			fmt.Fprintf(b, "  - %s\n", mdText(t))
		}
	}
	for _, f := range v.Findings {
		fmt.Fprintf(b, "- Finding: %s", mdText(f.Message))
		if len(f.Items) > 0 {
			items := make([]string, len(f.Items))
			for i, it := range f.Items {
				items[i] = mdText(it)
			}
			fmt.Fprintf(b, " (%s)", strings.Join(items, ", "))
		}
		b.WriteString("\n")
	}
	for _, w := range v.Warnings {
		fmt.Fprintf(b, "- Warning: %s\n", mdText(w))
	}
	for _, t := range sortedTopics(v.Topics) {
		fmt.Fprintf(b, "\n#### %s %s: %s\n", levelSymbol(&t), mdText(TopicTitle(t.ID)), t.EffectiveLevel())
		if len(t.Evidence) == 0 {
			b.WriteString("\nNo quote.\n")
		}
		for _, e := range t.Evidence {
			fmt.Fprintf(b, "\n> %s\n", mdText(e.Quote()))
			var src []string
			if e.Section != "" {
				src = append(src, "section “"+mdText(e.Section)+"”")
			}
			if e.Document != "" {
				src = append(src, "in "+mdLink(e.Document))
			}
			if len(src) > 0 {
				fmt.Fprintf(b, ">\n> — %s\n", strings.Join(src, ", "))
			}
		}
		if g := whatToAdd(v, &t); g != "" {
			fmt.Fprintf(b, "\n*What to add:* %s\n", mdText(g))
		}
	}
}

// vendorAnchor is the id of a vendor's section in the md and html reports:
// its position in the report, so it never depends on vendor text.
func vendorAnchor(index int) string { return fmt.Sprintf("vendor-%d", index+1) }

// missingNote is the "missing" cell of the ranked tables: the missing topics
// of an analysed vendor, else why it was not analysed.
func missingNote(v *Vendor) string {
	if v.Analysed() {
		return strings.Join(v.MissingTopics(), ", ")
	}
	if v.Reason != "" {
		return v.Status + ": " + v.Reason
	}
	return v.Status
}

func topicList(ids []string) string {
	if len(ids) == 0 {
		return "none"
	}
	return strings.Join(ids, ", ")
}

func textTime(t time.Time) string {
	if t.IsZero() {
		return "unknown"
	}
	return t.UTC().Format(timeLayoutText)
}

func obeyed(b bool) string {
	if b {
		return "obeyed"
	}
	return "ignored"
}

func formatMean(f float64) string { return fmt.Sprintf("%.1f", f) }

func short(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// plural writes a count and a noun, with an s unless the count is 1.
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
