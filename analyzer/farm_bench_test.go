package analyzer

import (
	"bytes"
	"context"
	"testing"

	"golang.org/x/net/html"

	"github.com/vigie-audit/vigie/internal/farm"
)

// BenchmarkExtractFarm extracts the policies of generated vendors (audit's
// BenchmarkFarm analyses these pages), one page per op;
// BenchmarkHTMLParseFarm parses the same pages with x/net/html alone:
//
//	go test ./analyzer -run '^$' -bench Farm -benchmem
func BenchmarkExtractFarm(b *testing.B) {
	pages := farmPages()
	ctx := context.Background()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		p := pages[i%len(pages)]
		if _, err := Extract(ctx, bytes.NewReader(p), Input{URL: "http://127.0.0.2/legal/privacy", ContentType: "text/html; charset=utf-8"}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkHTMLParseFarm(b *testing.B) {
	pages := farmPages()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := html.Parse(bytes.NewReader(pages[i%len(pages)])); err != nil {
			b.Fatal(err)
		}
	}
}

func farmPages() [][]byte {
	var pages [][]byte
	for i := range 8 {
		pages = append(pages, []byte(farm.Policy(i)))
	}
	return pages
}
