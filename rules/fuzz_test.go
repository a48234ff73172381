package rules

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/vigie-audit/vigie/analyzer"
)

// fuzzSeeds adds the seed texts of testdata/fuzz (one file a seed) plus a
// few built-in edge cases.
func fuzzSeeds(f *testing.F) {
	files, _ := filepath.Glob("testdata/fuzz/*.txt")
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
	for _, s := range []string{
		"", " ", "\x00", "\xff\xfe", "l’âge 16+ ans", "Daten-\n", "-\n-\n", "a‑", "ﬁﬁﬁ", "İıß", "\u00ad\u200b\ufeff",
		"#", "~8", "(((", "cookies.We", "AbCdEfGh", strings.Repeat("a-", 50), "16.", "e.g. Art. 6 Abs. 1 lit. b DSGVO.",
	} {
		f.Add(s)
	}
}

// FuzzEvaluate evaluates arbitrary text with the default pack, as a
// passage and as a document: never a panic, offsets inside the text, and
// bounded time.
func FuzzEvaluate(f *testing.F) {
	fuzzSeeds(f)
	p, err := Default()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if len(text) > 1<<16 {
			return
		}
		d := PassageDocument(text)
		d.Sections[0].Path = []string{text}
		n := utf8.RuneCountInString(text)
		start := time.Now()
		for _, opts := range []Options{{}, {Passage: true}} {
			a, err := p.EvaluateWith(context.Background(), d, opts)
			if err != nil {
				t.Fatal(err)
			}
			if a.Score < 0 || a.Score > 100 || len(a.Topics) != len(TopicIDs) {
				t.Fatalf("score %d, %d topics", a.Score, len(a.Topics))
			}
			for _, tr := range a.Topics {
				if tr.Strength < 0 || tr.Strength > 1 || len(tr.Evidence) > MaxEvidence {
					t.Fatalf("topic %+v", tr)
				}
				for _, ev := range tr.Evidence {
					if ev.Start < 0 || ev.End > n || ev.Start > ev.End {
						t.Fatalf("evidence [%d:%d] outside [0:%d]", ev.Start, ev.End, n)
					}
				}
			}
		}
		if el := time.Since(start); el > 2*time.Second {
			t.Fatalf("%d bytes took %v", len(text), el)
		}
	})
}

// FuzzMatch tokenises arbitrary text and runs every pattern on it, and
// compiles the text as a pattern: never a panic.
func FuzzMatch(f *testing.F) {
	fuzzSeeds(f)
	p, err := Default()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if len(text) > 1<<16 {
			return
		}
		var tk tokens
		tk.tokenize(text)
		for i, x := range tk.toks {
			if x.start < 0 || int(x.end) > len(text) || x.start >= x.end {
				t.Fatalf("token %d span [%d:%d] of %d bytes", i, x.start, x.end, len(text))
			}
			if x.j1 > x.j0 && (int(x.jEnd) <= i || int(x.jEnd) > len(tk.toks)) {
				t.Fatalf("token %d joins to %d of %d", i, x.jEnd, len(tk.toks))
			}
		}
		m := p.getMatcher()
		p.setLanguage(m, "")
		p.prepare(m, text)
		for pi := range p.patterns {
			if !p.exists(m, int32(pi)) {
				continue
			}
			for _, x := range p.matchSpans(m, int32(pi), nil, false, nil) {
				if x.s < 0 || int(x.e) > m.s.n || x.s >= x.e {
					t.Fatalf("match %+v of %d tokens", x, m.s.n)
				}
			}
		}
		p.putMatcher(m)
		if nodes, anchored, err := compilePattern(text); err == nil {
			rm := &refMatcher{t: &tk}
			rm.spans(nodes, anchored)
		}
		_ = analyzer.Sentence{}
	})
}
