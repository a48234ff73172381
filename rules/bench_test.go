package rules

import (
	"context"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/vigie-audit/vigie/analyzer"
)

// markdownDoc builds a Document from our benchmark policy: "#" lines start
// sections, other non-empty lines are segments.
func markdownDoc(tb testing.TB, name string) (*analyzer.Document, int) {
	tb.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		tb.Fatal(err)
	}
	d := &analyzer.Document{}
	var text strings.Builder
	runes := 0
	var path []string
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if strings.HasPrefix(line, "#") {
			level := len(line) - len(strings.TrimLeft(line, "#"))
			if level-1 < len(path) {
				path = path[:level-1]
			}
			path = append(path, strings.TrimSpace(strings.TrimLeft(line, "#")))
			d.Sections = append(d.Sections, analyzer.Section{Path: append([]string(nil), path...), Level: level})
			continue
		}
		if len(d.Sections) == 0 {
			d.Sections = append(d.Sections, analyzer.Section{})
		}
		line = strings.TrimLeft(line, "- ")
		if runes > 0 {
			text.WriteByte('\n')
			runes++
		}
		seg := analyzer.Segment{Kind: analyzer.KindParagraph, Text: line, Start: runes}
		text.WriteString(line)
		runes += utf8.RuneCountInString(line)
		seg.End = runes
		s := &d.Sections[len(d.Sections)-1]
		s.Segments = append(s.Segments, seg)
	}
	d.Text = text.String()
	return d, len(data)
}

func TestBenchmarkPolicyCovered(t *testing.T) {
	p, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	d, _ := markdownDoc(t, "testdata/bench/policy_en.md")
	a, err := p.Evaluate(context.Background(), d)
	if err != nil {
		t.Fatal(err)
	}
	for _, tr := range a.Topics {
		if !tr.Covered {
			t.Errorf("%s not covered: %+v", tr.ID, tr)
		}
		for _, ev := range tr.Evidence {
			if got := string([]rune(d.Text)[ev.Start:ev.End]); strings.Trim(ev.Text, "…") != strings.TrimSpace(got) {
				t.Errorf("%s evidence %q at [%d:%d] is %q", tr.ID, ev.Text, ev.Start, ev.End, got)
			}
		}
	}
	if a.Score < 90 {
		t.Errorf("score %d for a complete policy", a.Score)
	}
}

// BenchmarkEvaluate assesses a complete policy of our own writing.
func BenchmarkEvaluate(b *testing.B) {
	p, err := Default()
	if err != nil {
		b.Fatal(err)
	}
	d, n := markdownDoc(b, "testdata/bench/policy_en.md")
	ctx := context.Background()
	b.SetBytes(int64(n))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.Evaluate(ctx, d); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEvaluatePassages assesses the policy's paragraphs one by one as
// passages, as segment-level evaluation does.
func BenchmarkEvaluatePassages(b *testing.B) {
	p, err := Default()
	if err != nil {
		b.Fatal(err)
	}
	d, _ := markdownDoc(b, "testdata/bench/policy_en.md")
	var docs []*analyzer.Document
	total := 0
	for _, s := range d.Sections {
		for _, seg := range s.Segments {
			docs = append(docs, PassageDocument(seg.Text))
			total += len(seg.Text)
		}
	}
	ctx := context.Background()
	b.SetBytes(int64(total))
	b.ReportAllocs()
	for b.Loop() {
		for _, pd := range docs {
			if _, err := p.EvaluateWith(ctx, pd, Options{Passage: true}); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkTokenize measures the tokeniser alone.
func BenchmarkTokenize(b *testing.B) {
	data, err := os.ReadFile("testdata/bench/policy_en.md")
	if err != nil {
		b.Fatal(err)
	}
	s := string(data)
	var t tokens
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	for b.Loop() {
		t.tokenize(s)
	}
}
