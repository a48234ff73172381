package render_test

import (
	"context"
	"testing"
)

// BenchmarkRender renders the script-built fixture page over and over on
// one browser, and reports the memory of the browser's processes (PSS)
// after the last page:
//
//	go test ./render -run '^$' -bench Render -benchtime 10x
func BenchmarkRender(b *testing.B) {
	fx := serveFixtures(b)
	br := newBrowser(b, fx, nil)
	ctx := context.Background()
	if _, err := br.Render(ctx, "http://www.js-footer.test/"); err != nil { // starts the browser
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := br.Render(ctx, "http://www.js-footer.test/"); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	s := br.Stats()
	b.ReportMetric(float64(s.Memory)/(1<<20), "MiB-browser")
	b.ReportMetric(float64(s.Processes), "processes")
}
