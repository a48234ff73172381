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
		for _, mt := range p.matchSentence(m, text, listAll) {
			if mt.start < 0 || mt.end > int32(len(m.toks.toks)) || mt.start >= mt.end {
				t.Fatalf("match %+v of %d tokens", mt, len(m.toks.toks))
			}
		}
		p.putMatcher(m)
		if progs, err := compilePattern(text); err == nil {
			for _, pr := range progs {
				for i := range tk.toks {
					matchProg(pr, &tk, i)
				}
			}
		}
		_ = analyzer.Sentence{}
	})
}
