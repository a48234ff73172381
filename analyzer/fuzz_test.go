package analyzer

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// Seeds live in testdata/fuzz/FuzzExtract and testdata/fuzz/FuzzSplitSentences
// (Go's corpus format); crashers found by `go test -fuzz` land there too
// and run as regression tests on every `go test`.

var fuzzFormats = []Format{FormatHTML, FormatMarkdown, FormatText, "", FormatDOCX, FormatODT}

// FuzzExtract feeds arbitrary bytes as HTML, Markdown, plain text,
// sniffed input, .docx or .odt. Extract must not panic, must finish quickly, and any
// document it returns must keep the Document invariants.
func FuzzExtract(f *testing.F) {
	f.Add([]byte("<p>We collect data.</p>"), uint8(0))
	f.Add([]byte("# Privacy\n\n**Cookies**\n\n- item\n"), uint8(1))
	f.Add([]byte("1. DATA\nWe collect data.\n\n2. RIGHTS\nYou may ask."), uint8(2))
	f.Add(testDOCX(f, testDocxBody), uint8(4))
	f.Add(testODT(f, testOdtBody), uint8(5))
	f.Fuzz(func(t *testing.T, data []byte, format uint8) {
		if len(data) > 1<<16 {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		in := Input{Format: fuzzFormats[int(format)%len(fuzzFormats)]}
		doc, err := Extract(ctx, bytes.NewReader(data), in)
		if ctx.Err() != nil {
			t.Fatalf("Extract took longer than 10 s on %d bytes", len(data))
		}
		if err != nil {
			if doc == nil {
				t.Fatalf("error %v without a document", err)
			}
			if len(doc.Notes) == 0 {
				t.Fatalf("error %v without a note", err)
			}
			return
		}
		checkDocument(t, doc)
		if doc.Text == "" {
			t.Fatal("no error but no text")
		}
	})
}

// FuzzSplitSentences checks that sentences quote their text exactly, in
// order, without overlap, trimmed, and cover every non-space character.
func FuzzSplitSentences(f *testing.F) {
	f.Add("We collect data. You may ask e.g. for a copy! Art. 6 Abs. 1 lit. a DSGVO.")
	f.Add("Des questions\u202f? Écrivez à M. Dupont… Merci.\nLigne deux")
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) {
			return
		}
		rs := []rune(text)
		covered := make([]bool, len(rs))
		prev := 0
		for _, s := range SplitSentences(text) {
			if s.Start < prev || s.End > len(rs) || s.Start >= s.End {
				t.Fatalf("bad offsets [%d,%d) after %d in %d runes", s.Start, s.End, prev, len(rs))
			}
			if got := string(rs[s.Start:s.End]); got != s.Text {
				t.Fatalf("offsets quote %q, want %q", got, s.Text)
			}
			if strings.TrimSpace(s.Text) != s.Text || s.Text == "" {
				t.Fatalf("sentence %q not trimmed", s.Text)
			}
			for i := s.Start; i < s.End; i++ {
				covered[i] = true
			}
			prev = s.End
		}
		for i, r := range rs {
			if !covered[i] && !isSpaceRune(r) {
				t.Fatalf("character %q at %d is in no sentence", r, i)
			}
		}
	})
}
