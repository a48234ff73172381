package analyzer

import (
	"bytes"
	"context"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"codeberg.org/readeck/go-readability/v2"
	"golang.org/x/net/html"
)

// Benchmarks compare Extract with x/net/html.Parse alone on the same
// bytes (b.SetBytes, so `go test -bench` prints MB/s):
//
//	go test ./analyzer -run '^$' -bench . -benchmem
//	VIGIE_BENCH_CORPUS=/work/shared/eval/opp115/policies go test ./analyzer -run '^$' -bench Corpus -benchmem
//
// The corpus benchmark reads every file of the folder named by
// VIGIE_BENCH_CORPUS (OPP-115 files separate segments with "|||", which
// is stripped first) and skips when the variable is unset. Its readability
// sub-benchmark measures go-readability on the same pages, to weigh what
// a readability pass would cost.

func benchFixture(b *testing.B) []byte {
	b.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "pages", "en_chrome.html"))
	if err != nil {
		b.Fatal(err)
	}
	return data
}

func BenchmarkExtract(b *testing.B) {
	data := benchFixture(b)
	ctx := context.Background()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Extract(ctx, bytes.NewReader(data), Input{ContentType: "text/html; charset=utf-8"}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkHTMLParse(b *testing.B) {
	data := benchFixture(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := html.Parse(bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSplitSentences(b *testing.B) {
	doc, err := Extract(context.Background(), bytes.NewReader(benchFixture(b)), Input{})
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(doc.Text)))
	for b.Loop() {
		SplitSentences(doc.Text)
	}
}

func BenchmarkDetectLanguage(b *testing.B) {
	doc, err := Extract(context.Background(), bytes.NewReader(benchFixture(b)), Input{})
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(doc.Text)))
	for b.Loop() {
		DetectLanguage(doc.Text)
	}
}

func loadCorpus(b *testing.B) [][]byte {
	b.Helper()
	dir := os.Getenv("VIGIE_BENCH_CORPUS")
	if dir == "" {
		b.Skip("VIGIE_BENCH_CORPUS is not set")
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		b.Fatal(err)
	}
	var docs [][]byte
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			b.Fatal(err)
		}
		docs = append(docs, bytes.ReplaceAll(data, []byte("|||"), nil))
	}
	if len(docs) == 0 {
		b.Skipf("no files in %s", dir)
	}
	return docs
}

func BenchmarkCorpus(b *testing.B) {
	docs := loadCorpus(b)
	total := 0
	for _, d := range docs {
		total += len(d)
	}
	b.Run("html.Parse", func(b *testing.B) {
		b.SetBytes(int64(total))
		b.ReportAllocs()
		for b.Loop() {
			for _, d := range docs {
				if _, err := html.Parse(bytes.NewReader(d)); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("Extract", func(b *testing.B) {
		ctx := context.Background()
		b.SetBytes(int64(total))
		b.ReportAllocs()
		for b.Loop() {
			for _, d := range docs {
				if _, err := Extract(ctx, bytes.NewReader(d), Input{ContentType: "text/html"}); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("readability", func(b *testing.B) {
		u, _ := url.Parse("https://example.com/privacy")
		b.SetBytes(int64(total))
		b.ReportAllocs()
		for b.Loop() {
			for _, d := range docs {
				p := readability.NewParser()
				// errors (too little content) are part of the cost measured
				_, _ = p.Parse(strings.NewReader(string(d)), u)
			}
		}
	})
}
