package analyzer

import (
	"bytes"
	"context"
	"testing"

	"github.com/vigie-audit/vigie/internal/farm"
)

// BenchmarkExtractFarm extracts the policies of generated vendors (audit's
// BenchmarkFarm analyses these pages), one page per op:
//
//	go test ./analyzer -run '^$' -bench ExtractFarm -benchmem
func BenchmarkExtractFarm(b *testing.B) {
	var pages [][]byte
	for i := range 8 {
		pages = append(pages, []byte(farm.Policy(i)))
	}
	ctx := context.Background()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		p := pages[i%len(pages)]
		if _, err := Extract(ctx, bytes.NewReader(p), Input{URL: "http://127.0.0.2/legal/privacy", ContentType: "text/html; charset=utf-8"}); err != nil {
			b.Fatal(err)
		}
	}
}
