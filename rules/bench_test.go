package rules

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/vigie-audit/vigie/analyzer"
	"github.com/vigie-audit/vigie/internal/cputime"
	"github.com/vigie-audit/vigie/internal/farm"
)

// policyDoc extracts our benchmark policy with the analyzer.
func policyDoc(tb testing.TB, name string) (*analyzer.Document, []byte) {
	tb.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		tb.Fatal(err)
	}
	d, err := analyzer.Extract(context.Background(), bytes.NewReader(data), analyzer.Input{URL: name})
	if err != nil {
		tb.Fatal(err)
	}
	return d, data
}

// A corpusFile is a file of the folder named by VIGIE_BENCH_CORPUS.
type corpusFile struct {
	name string
	data []byte
}

// benchCorpus reads the files of the folder named by VIGIE_BENCH_CORPUS,
// OPP-115's segment separator "|||" made "<hr>" as in vigie eval; it skips
// tb when the variable is unset or the folder holds no file.
func benchCorpus(tb testing.TB) []corpusFile {
	tb.Helper()
	dir := os.Getenv("VIGIE_BENCH_CORPUS")
	if dir == "" {
		tb.Skip("VIGIE_BENCH_CORPUS is not set")
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		tb.Fatal(err)
	}
	var files []corpusFile
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			tb.Fatal(err)
		}
		files = append(files, corpusFile{e.Name(), bytes.ReplaceAll(data, []byte("|||"), []byte("<hr>"))})
	}
	if len(files) == 0 {
		tb.Skipf("no files in %s", dir)
	}
	return files
}

// corpusDoc is f as the analyzer reads it.
func corpusDoc(tb testing.TB, f corpusFile) *analyzer.Document {
	tb.Helper()
	d, err := analyzer.Extract(context.Background(), bytes.NewReader(f.data), analyzer.Input{URL: f.name})
	if err != nil {
		tb.Fatal(err)
	}
	return d
}

func TestBenchmarkPolicyCovered(t *testing.T) {
	p, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	d, _ := policyDoc(t, "testdata/bench/policy_en.md")
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
	d, data := policyDoc(b, "testdata/bench/policy_en.md")
	ctx := context.Background()
	cpuMBps(b, len(data), func() {
		if _, err := p.Evaluate(ctx, d); err != nil {
			b.Fatal(err)
		}
	})
}

// BenchmarkEvaluatePassages assesses the policy's paragraphs one by one as
// passages, as segment-level evaluation does.
func BenchmarkEvaluatePassages(b *testing.B) {
	p, err := Default()
	if err != nil {
		b.Fatal(err)
	}
	d, _ := policyDoc(b, "testdata/bench/policy_en.md")
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

// BenchmarkAnalyze is the whole analysis of a policy: extraction
// (analyzer.Extract: format, sections, segments, sentences, language), then
// the rules.
func BenchmarkAnalyze(b *testing.B) {
	p, err := Default()
	if err != nil {
		b.Fatal(err)
	}
	for _, name := range []string{"testdata/bench/policy_en.md", "testdata/bench/policy_fr.html"} {
		data, err := os.ReadFile(name)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(filepath.Base(name), func(b *testing.B) {
			ctx := context.Background()
			cpuMBps(b, len(data), func() {
				d, err := analyzer.Extract(ctx, bytes.NewReader(data), analyzer.Input{URL: name})
				if err != nil {
					b.Fatal(err)
				}
				if _, err := p.Evaluate(ctx, d); err != nil {
					b.Fatal(err)
				}
			})
		})
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

func TestBenchmarkPolicyFrenchCovered(t *testing.T) {
	p, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	d, _ := policyDoc(t, "testdata/bench/policy_fr.html")
	a, err := p.Evaluate(context.Background(), d)
	if err != nil {
		t.Fatal(err)
	}
	if a.Language != "fr" {
		t.Errorf("language %q", a.Language)
	}
	for _, tr := range a.Topics {
		if !tr.Covered {
			t.Errorf("%s not covered: %+v", tr.ID, tr)
		}
	}
}

// cpuMBps runs the benchmark loop body and reports, beside the wall-clock
// MB/s, the MB/s in process CPU time ("cpu-MB/s"): on a machine shared with
// other work the wall clock counts the time spent waiting for a core.
func cpuMBps(b *testing.B, bytes int, body func()) {
	b.SetBytes(int64(bytes))
	b.ReportAllocs()
	start := cputime.Now()
	n := 0
	for b.Loop() {
		body()
		n++
	}
	if d := (cputime.Now() - start).Seconds(); d > 0 {
		b.ReportMetric(float64(bytes)*float64(n)/d/1e6, "cpu-MB/s")
	}
}

// BenchmarkAnalyzeCorpus is the whole analysis (analyzer.Extract, then the
// rules) of every file in the folder named by VIGIE_BENCH_CORPUS, against
// html.Parse alone on the same bytes; it skips when the variable is unset.
// OPP-115's segment separator "|||" becomes "<hr>", as in vigie eval:
//
//	VIGIE_BENCH_CORPUS=/work/shared/eval/opp115/policies go test ./rules -run '^$' -bench AnalyzeCorpus -benchmem
func BenchmarkAnalyzeCorpus(b *testing.B) {
	files := benchCorpus(b)
	total := 0
	for _, f := range files {
		total += len(f.data)
	}
	p, err := Default()
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.Run("html.Parse", func(b *testing.B) {
		cpuMBps(b, total, func() {
			for _, f := range files {
				if _, err := html.Parse(bytes.NewReader(f.data)); err != nil {
					b.Fatal(err)
				}
			}
		})
	})
	b.Run("Extract", func(b *testing.B) {
		cpuMBps(b, total, func() {
			for _, f := range files {
				if _, err := analyzer.Extract(ctx, bytes.NewReader(f.data), analyzer.Input{URL: f.name}); err != nil {
					b.Fatal(err)
				}
			}
		})
	})
	b.Run("Evaluate", func(b *testing.B) {
		var docs []*analyzer.Document
		for _, f := range files {
			d, err := analyzer.Extract(ctx, bytes.NewReader(f.data), analyzer.Input{URL: f.name})
			if err != nil {
				b.Fatal(err)
			}
			docs = append(docs, d)
		}
		b.ResetTimer()
		cpuMBps(b, total, func() {
			for _, d := range docs {
				if _, err := p.Evaluate(ctx, d); err != nil {
					b.Fatal(err)
				}
			}
		})
	})
	b.Run("Analyze", func(b *testing.B) {
		cpuMBps(b, total, func() {
			for _, f := range files {
				d, err := analyzer.Extract(ctx, bytes.NewReader(f.data), analyzer.Input{URL: f.name})
				if err != nil {
					b.Fatal(err)
				}
				if _, err := p.Evaluate(ctx, d); err != nil {
					b.Fatal(err)
				}
			}
		})
	})
}

// BenchmarkMatchPhases splits the rules' cost on the sentences of the
// VIGIE_BENCH_CORPUS files (skipped when unset) into its phases:
// tokenising, then looking the tokens up (prepare, which tokenises too),
// then everything (scanSentence: candidates, programs, rules):
//
//	VIGIE_BENCH_CORPUS=/work/shared/eval/opp115/policies go test ./rules -run '^$' -bench MatchPhases
func BenchmarkMatchPhases(b *testing.B) {
	var sents []string
	total := 0
	for _, f := range benchCorpus(b) {
		d := corpusDoc(b, f)
		for _, s := range d.Sections {
			for _, g := range s.Segments {
				for _, ss := range g.Sentences {
					sents = append(sents, ss.Text)
					total += len(ss.Text)
				}
			}
		}
	}
	p, err := Default()
	if err != nil {
		b.Fatal(err)
	}
	m := p.getMatcher()
	p.setLanguage(m, "en")
	b.Run("tokenize", func(b *testing.B) {
		cpuMBps(b, total, func() {
			for _, s := range sents {
				m.s.toks.tokenize(s)
			}
		})
	})
	b.Run("prepare", func(b *testing.B) {
		cpuMBps(b, total, func() {
			for _, s := range sents {
				p.prepare(m, s)
			}
		})
	})
	b.Run("scan", func(b *testing.B) {
		cpuMBps(b, total, func() {
			for _, s := range sents {
				p.scanSentence(m, s, 0, 0, nil)
			}
		})
	})
}

// BenchmarkLoad compiles the built-in pack, as every vigie command does
// once at start (the cost of a one-file `vigie analyze` in CI).
func BenchmarkLoad(b *testing.B) {
	sub, err := fs.Sub(defaultsFS, "defaults")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	start, n := cputime.Now(), 0
	for b.Loop() {
		if _, err := Load(sub); err != nil {
			b.Fatal(err)
		}
		n++
	}
	// The process CPU time per load: on a shared machine the wall clock
	// counts the time spent waiting for a core.
	b.ReportMetric(float64(cputime.Now()-start)/1e6/float64(n), "cpu-ms/op")
}

// BenchmarkEvaluateFarm assesses the generated policies of the loopback
// farm (internal/farm, the sites of the audit benchmark): short policies
// in English, French and German, some topics left out, as vigie meets
// them a thousand times in `go test ./audit -bench Farm`. One op is the
// 30 policies of vendors 0..29 (every language, product and omission
// pattern of the first vendors).
func BenchmarkEvaluateFarm(b *testing.B) {
	p, err := Default()
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	var docs []*analyzer.Document
	total := 0
	for i := range 30 {
		page := farm.Policy(i)
		d, err := analyzer.Extract(ctx, strings.NewReader(page), analyzer.Input{URL: "http://" + farm.Addr(i) + farm.PolicyPath(i)})
		if err != nil {
			b.Fatal(err)
		}
		docs = append(docs, d)
		total += len(page)
	}
	cpuMBps(b, total, func() {
		for _, d := range docs {
			if _, err := p.Evaluate(ctx, d); err != nil {
				b.Fatal(err)
			}
		}
	})
}
