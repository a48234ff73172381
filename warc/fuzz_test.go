package warc_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/vigie-audit/vigie/warc"
)

// FuzzOpen feeds damaged archives to Open (vigie verify reads files it did
// not write): it must return an error or problems, never panic.
//
//	go test ./warc -run '^$' -fuzz FuzzOpen -fuzztime 60s
func FuzzOpen(f *testing.F) {
	dir := f.TempDir()
	path := filepath.Join(dir, "seed.warc.gz")
	w, err := warc.Create(path, warc.Info{Software: "vigie/test"})
	if err != nil {
		f.Fatal(err)
	}
	w.Close()
	gz, _ := os.ReadFile(path)
	zr, _ := gzip.NewReader(bytes.NewReader(gz))
	plain, _ := io.ReadAll(zr)
	f.Add(gz)
	f.Add(plain)
	f.Add([]byte("WARC/1.1\r\nWARC-Type: response\r\nContent-Length: 5\r\n\r\nHTTP/\r\n\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(t.TempDir(), "f.warc")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		a, err := warc.Open(context.Background(), p)
		if err == nil && a == nil {
			t.Fatal("no archive and no error")
		}
		if a != nil {
			a.Check("00", "http://x/")
		}
	})
}
