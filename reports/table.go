package reports

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/rivo/uniseg"
)

// tableWriter prints the ranked summary table for a terminal: rank, vendor,
// score, status, one column per topic (✓ ~ ✗), and the missing topics (or
// why the vendor was not analysed). Columns are aligned by display width
// (wide characters count two), and the table narrows to Options.Width by
// abbreviating topic headers and shortening text columns. Vendor text is
// stripped of control characters, so a name cannot carry escape sequences
// to the terminal.
type tableWriter struct {
	stream
	width   int
	vendors []tableRow
}

var _ Writer = (*tableWriter)(nil)

// tableRow keeps only what the table shows of a vendor.
type tableRow struct {
	name, input, status, note string
	score                     int
	levels                    []string
	short                     []string // the missing and weak topics, when analysed
}

func newTableWriter(w io.Writer, o Options) *tableWriter {
	return &tableWriter{stream: stream{w: w}, width: o.Width}
}

func (t *tableWriter) Begin(*Report) error { return t.begin() }

func (t *tableWriter) WriteVendor(v *Vendor) error {
	if err := t.vendor(v); err != nil {
		return err
	}
	row := tableRow{name: oneLine(v.DisplayName()), input: v.Input, status: oneLine(v.Status), note: oneLine(tableNote(v)), score: v.Score}
	for _, tp := range topics {
		row.levels = append(row.levels, levelSymbol(v.Topic(tp.ID)))
	}
	for _, id := range append(v.MissingTopics(), v.WeakTopics()...) {
		if whatToAdd(v, v.Topic(id)) != "" {
			row.short = append(row.short, id)
		}
	}
	t.vendors = append(t.vendors, row)
	return nil
}

func (t *tableWriter) End(r *Report) error {
	sum, err := t.end(r)
	if err != nil {
		return err
	}
	// Rank on stand-in vendors carrying only what the order needs.
	stand := make([]Vendor, len(t.vendors))
	for i, row := range t.vendors {
		stand[i] = Vendor{Name: row.name, Input: row.input, Score: row.score}
	}
	ranked := Rank(stand)

	heads := TopicIDs()
	rankW := max(len(strconv.Itoa(len(ranked))), 1)
	nameW, statusW, noteW := width("VENDOR"), width("STATUS"), width("MISSING")
	for _, row := range t.vendors {
		nameW = max(nameW, width(row.name))
		statusW = max(statusW, width(row.status))
		noteW = max(noteW, width(row.note))
	}
	nameW = min(nameW, 40)
	const scoreW, gap = 5, 2
	total := func() int {
		n := rankW + gap + nameW + gap + scoreW + gap + statusW + gap + noteW
		for _, h := range heads {
			n += width(h) + 1
		}
		return n
	}
	if t.width > 0 && total() > t.width {
		natName, natNote := nameW, noteW
		shrink := func(col *int, floor int) {
			for over := total() - t.width; over > 0 && *col > floor; over = total() - t.width {
				*col--
			}
		}
		// Full topic names if shortening the text columns is enough, else
		// three-letter ones and the text columns as wide as they can be.
		shrink(&noteW, 12)
		shrink(&nameW, 12)
		if total() > t.width {
			nameW, noteW = natName, natNote
			for i, h := range heads {
				heads[i] = h[:3]
			}
			shrink(&noteW, 12)
			shrink(&nameW, 12)
			shrink(&statusW, 9)
			shrink(&noteW, 0)
		}
	}

	var b bytes.Buffer
	line := func(rank, name, score, status string, levels []string, note string) {
		var l strings.Builder
		l.WriteString(padLeft(rank, rankW))
		l.WriteString("  ")
		l.WriteString(padRight(fit(name, nameW), nameW))
		l.WriteString("  ")
		l.WriteString(padLeft(score, scoreW))
		l.WriteString("  ")
		l.WriteString(padRight(fit(status, statusW), statusW))
		for i, lv := range levels {
			l.WriteString(" ")
			l.WriteString(padCenter(lv, width(heads[i])))
		}
		if noteW > 0 {
			l.WriteString("  ")
			l.WriteString(fit(note, noteW))
		}
		b.WriteString(strings.TrimRight(l.String(), " "))
		b.WriteString("\n")
	}
	line("#", "VENDOR", "SCORE", "STATUS", heads, "MISSING")
	for _, rv := range ranked {
		row := t.vendors[rv.Index]
		line(strconv.Itoa(rv.Rank), row.name, strconv.Itoa(row.score), row.status, row.levels, row.note)
	}
	b.WriteString("\n")
	b.WriteString(legendSymbols)
	b.WriteString("\n")
	fmt.Fprintf(&b, "%s, %d analysed, mean score %s\n", plural(sum.Vendors, "vendor"), sum.Analysed, formatMean(sum.MeanScore))
	if sum.Analysed > 0 {
		parts := make([]string, len(topics))
		for i, tp := range topics {
			parts[i] = fmt.Sprintf("%s %d/%d", tp.ID, sum.TopicsCovered[tp.ID], sum.Analysed)
		}
		fmt.Fprintf(&b, "covered: %s\n", strings.Join(parts, ", "))
	}
	if r.Partial {
		b.WriteString("PARTIAL RUN: interrupted before every vendor finished\n")
	}
	// One document (a vendor checking a draft): what each missing or weak
	// topic needs, under the table.
	if len(t.vendors) == 1 && len(t.vendors[0].short) > 0 {
		b.WriteString("\nwhat to add:\n")
		idW := 0
		for _, id := range t.vendors[0].short {
			idW = max(idW, width(id))
		}
		indent := strings.Repeat(" ", idW+4)
		for _, id := range t.vendors[0].short {
			b.WriteString("  " + padRight(id, idW) + "  ")
			b.WriteString(wrapWords(TopicGuidance(id), t.width-len(indent), indent))
			b.WriteString("\n")
		}
	}
	return t.write(b.Bytes())
}

// tableNote is the MISSING column: the missing topics, or why the vendor
// was not analysed, or why its policy's text could not be (a page whose
// text scripts build, an empty file): every topic is then missing, and
// the table is all a terminal user sees.
func tableNote(v *Vendor) string {
	if v.Policy != nil && v.Policy.Error != "" {
		return v.Policy.Error
	}
	return missingNote(v)
}

// wrapWords breaks text into lines of at most w columns (no limit when w
// is under 20), the lines after the first starting with indent.
func wrapWords(text string, w int, indent string) string {
	if w < 20 {
		return text
	}
	var b strings.Builder
	col := 0
	for i, word := range strings.Fields(text) {
		ww := width(word)
		switch {
		case i == 0:
		case col+1+ww > w:
			b.WriteString("\n" + indent)
			col = 0
		default:
			b.WriteByte(' ')
			col++
		}
		b.WriteString(word)
		col += ww
	}
	return b.String()
}

// width is the display width of s in a terminal.
func width(s string) int { return uniseg.StringWidth(s) }

// fit shortens s to w columns, ending with "…" when it cuts.
func fit(s string, w int) string {
	if width(s) <= w {
		return s
	}
	if w <= 0 {
		return ""
	}
	var b strings.Builder
	used := 0
	g := uniseg.NewGraphemes(s)
	for g.Next() {
		cw := g.Width()
		if used+cw > w-1 {
			break
		}
		b.WriteString(g.Str())
		used += cw
	}
	return b.String() + "…"
}

func padRight(s string, w int) string { return s + strings.Repeat(" ", max(w-width(s), 0)) }
func padLeft(s string, w int) string  { return strings.Repeat(" ", max(w-width(s), 0)) + s }
func padCenter(s string, w int) string {
	left := max(w-width(s), 0) / 2
	return padRight(strings.Repeat(" ", left)+s, w)
}
