package warc_test

import (
	"bytes"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/vigie-audit/vigie/crawler"
	"github.com/vigie-audit/vigie/warc"
)

// BenchmarkRecordExchange writes the request and response records of a
// 100 KB HTML page to a compressed WARC file, and reports the file's size
// per exchange:
//
//	go test ./warc -run '^$' -bench RecordExchange
func BenchmarkRecordExchange(b *testing.B) {
	path := filepath.Join(b.TempDir(), "bench.warc.gz")
	w, err := warc.Create(path, warc.Info{Software: "vigie/bench"})
	if err != nil {
		b.Fatal(err)
	}
	body := bytes.Repeat([]byte("<p>We process your personal data to provide the service, and keep it safe.</p>\n"), 100<<10/80)
	req, _ := http.NewRequest(http.MethodGet, "http://www.bench.test/privacy", nil)
	req.Header.Set("User-Agent", "vigie/bench")
	ex := &crawler.Exchange{Request: req, Body: body, RemoteAddr: "192.0.2.1:80",
		Response: &http.Response{StatusCode: 200, Proto: "HTTP/1.1", Header: http.Header{"Content-Type": {"text/html; charset=utf-8"}}}}
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		if err := w.RecordExchange(ex); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	if err := w.Close(); err != nil {
		b.Fatal(err)
	}
	st, _ := os.Stat(path)
	b.ReportMetric(float64(st.Size())/float64(b.N), "file-bytes/op")
}
