package analyzer

import (
	"bytes"
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
)

// badInput is degenerate input and what Extract must say of it.
type badInput struct {
	name     string
	data     []byte
	in       Input
	wantErr  error
	wantNote string
}

func TestExtractBadInput(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	garbage := make([]byte, 4096)
	for i := range garbage {
		garbage[i] = byte(rng.IntN(256))
	}
	tests := []badInput{
		{"empty", nil, Input{}, ErrEmpty, "empty input"},
		{"whitespace", []byte(" \n\t  \r\n"), Input{ContentType: "text/html"}, ErrEmpty, "empty input"},
		{"random bytes", garbage, Input{}, ErrBinary, "binary data"},
		{"random bytes as html", garbage, Input{ContentType: "text/html"}, ErrBinary, "binary data"},
		{"png", append([]byte("\x89PNG\r\n\x1a\n"), garbage...), Input{URL: "https://x.example/privacy"}, ErrBinary, "image"},
		{"gzip", append([]byte("\x1f\x8b\x08\x00"), garbage...), Input{ContentType: "text/html"}, ErrBinary, "gzip"},
		{"only markup", []byte("<html><head><title>x</title></head><body><div><span></span></div></body></html>"), Input{}, ErrNoText, "no text"},
		{"javascript app shell", []byte(`<html><body><div id="root"></div><script>render("We collect your data")</script><noscript>Enable JavaScript.</noscript></body></html>`), Input{}, ErrNoText, "JavaScript"},
		{"pdf without text", buildPDF("", [][]pdfTextLine{{}}, true), Input{}, ErrNoText, "no text layer"},
		{"broken pdf", []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF"), Input{}, ErrMalformed, "pdf could not be read"},
		{"truncated pdf", samplePDF()[:300], Input{}, ErrMalformed, "pdf could not be read"},
		{"pdf over the limit", samplePDF(), Input{MaxBytes: 512}, ErrTooLarge, "truncated pdf"},
	}
	tests = append(tests, officeBadInputs(t)...)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Extract(context.Background(), bytes.NewReader(tt.data), tt.in)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if doc == nil {
				t.Fatal("nil document with a degenerate-input error: callers cannot record the reason")
			}
			if !strings.Contains(strings.Join(doc.Notes, "; "), tt.wantNote) {
				t.Errorf("notes %q do not mention %q", doc.Notes, tt.wantNote)
			}
			if !strings.Contains(err.Error(), tt.wantNote) {
				t.Errorf("error %q does not mention %q", err, tt.wantNote)
			}
		})
	}
}

// bigPolicy returns an HTML page of at least n bytes of policy paragraphs.
func bigPolicy(n int) []byte {
	var b bytes.Buffer
	b.WriteString("<!DOCTYPE html><html lang=en><head><title>Privacy</title></head><body><main><h1>Privacy Policy</h1>")
	for i := 0; b.Len() < n; i++ {
		if i%20 == 0 {
			b.WriteString("<h2>Section</h2>")
		}
		b.WriteString("<p>We collect the e-mail address you give us and the measurements of your scale. We keep them for as long as your account is open, then delete them.</p>\n")
	}
	b.WriteString("</main></body></html>")
	return b.Bytes()
}

func TestExtractHugeInputIsTruncated(t *testing.T) {
	data := bigPolicy(50 << 20)
	r := &countingReader{r: bytes.NewReader(data)}
	doc, err := Extract(context.Background(), r, Input{ContentType: "text/html"})
	if err != nil {
		t.Fatalf("Extract: %v", err)
	}
	if !doc.Truncated {
		t.Error("Truncated not set")
	}
	if !strings.Contains(strings.Join(doc.Notes, "; "), "only the first 16 MiB were analysed") {
		t.Errorf("notes %q do not say the input was truncated", doc.Notes)
	}
	if r.n > DefaultMaxBytes+1<<20 {
		t.Errorf("read %d bytes of a 50 MB input; the limit is %d", r.n, DefaultMaxBytes)
	}
	if doc.Language != "en" || len(doc.Sections) < 100 {
		t.Errorf("truncated document: language %q, %d sections", doc.Language, len(doc.Sections))
	}
}

func TestExtractMaxBytes(t *testing.T) {
	data := bigPolicy(64 << 10)
	doc, err := Extract(context.Background(), bytes.NewReader(data), Input{MaxBytes: 10 << 10})
	if err != nil {
		t.Fatal(err)
	}
	if !doc.Truncated || len([]rune(doc.Text)) > 10<<10 {
		t.Errorf("MaxBytes 10 KiB: truncated=%v, %d characters of text", doc.Truncated, len([]rune(doc.Text)))
	}
	// A negative limit means none.
	doc, err = Extract(context.Background(), bytes.NewReader(data), Input{MaxBytes: -1})
	if err != nil || doc.Truncated {
		t.Errorf("MaxBytes -1: err %v, truncated %v", err, doc.Truncated)
	}
}

type countingReader struct {
	r io.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

func TestExtractDeepNesting(t *testing.T) {
	for _, tag := range []string{"div", "span", "table", "b", "li"} {
		t.Run(tag, func(t *testing.T) {
			depth := 100000
			var b strings.Builder
			b.WriteString("<html><body><p>We collect your e-mail address to send you receipts.</p>")
			b.WriteString(strings.Repeat("<"+tag+">", depth))
			b.WriteString("Deep text about cookies.")
			b.WriteString(strings.Repeat("</"+tag+">", depth))
			b.WriteString("<p>We never sell your data.</p></body></html>")
			doc, err := Extract(context.Background(), strings.NewReader(b.String()), Input{ContentType: "text/html"})
			if err != nil {
				t.Fatalf("Extract: %v", err)
			}
			checkDocument(t, doc)
			for _, want := range []string{"We collect your e-mail address", "Deep text about cookies.", "We never sell your data."} {
				if !strings.Contains(doc.Text, want) {
					t.Errorf("text lost %q", want)
				}
			}
			// x/net/html closes <li>, <b> and <span> runs itself; <div>
			// nests for real and needs flattening.
			if tag == "div" && !strings.Contains(strings.Join(doc.Notes, "; "), "nested deeper than") {
				t.Errorf("notes %q do not mention the flattened nesting", doc.Notes)
			}
		})
	}
}

func TestExtractCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	doc, err := Extract(ctx, strings.NewReader("<p>hello</p>"), Input{})
	if !errors.Is(err, context.Canceled) || doc != nil {
		t.Fatalf("cancelled context: doc %v, err %v", doc, err)
	}
}

// TestExtractCancelledMidway cancels the context part-way through a
// large page, deterministically: once half the bytes are read, and once all
// are read (so parsing, walking and segmenting are what must notice).
// Extract must return context.Canceled and no document.
func TestExtractCancelledMidway(t *testing.T) {
	data := bigPolicy(8 << 20)
	for _, at := range []int{len(data) / 2, len(data)} {
		ctx, cancel := context.WithCancel(context.Background())
		r := &cancellingReader{r: bytes.NewReader(data), after: at, cancel: cancel}
		doc, err := Extract(ctx, r, Input{ContentType: "text/html"})
		cancel()
		if !errors.Is(err, context.Canceled) || doc != nil {
			t.Errorf("cancelled after %d of %d bytes: doc %v, err %v", at, len(data), doc != nil, err)
		}
	}
	// A reader that blocks is abandoned at cancellation too.
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	defer pw.Close()
	go func() {
		pw.Write(data[:1<<20])
		cancel()
		pw.Write(data[1<<20 : 2<<20])
	}()
	if _, err := Extract(ctx, pr, Input{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled while reading: err %v", err)
	}
}

// cancellingReader calls cancel once after bytes have been read.
type cancellingReader struct {
	r      io.Reader
	after  int
	n      int
	cancel func()
}

func (c *cancellingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	if c.n >= c.after {
		c.cancel()
	}
	return n, err
}

func TestExtractNeverPanicsOnMalformedPDFs(t *testing.T) {
	good := samplePDF()
	rng := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 300; i++ {
		data := append([]byte(nil), good...)
		for k := 0; k < 1+rng.IntN(8); k++ {
			data[rng.IntN(len(data))] = byte(rng.IntN(256))
		}
		doc, err := Extract(context.Background(), bytes.NewReader(data), Input{Format: FormatPDF})
		if err == nil {
			checkDocument(t, doc)
		} else if doc == nil {
			t.Fatalf("mutation %d: nil document with error %v", i, err)
		}
	}
}
