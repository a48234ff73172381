package analyzer

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
	"unsafe"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

type goldenCase struct {
	name        string
	file        string // under testdata/pages; empty when data is set
	data        []byte
	url         string
	contentType string
	format      Format
	wantErr     error
}

func goldenCases() []goldenCase {
	return []goldenCase{
		{name: "en_chrome", file: "en_chrome.html", url: "https://scalewise.example/privacy", contentType: "text/html; charset=utf-8"},
		{name: "fr", file: "fr.html", url: "https://lumiere.example/confidentialite"},
		{name: "de", file: "de.html", url: "https://waagenwerk.example/datenschutz", contentType: "text/html"},
		{name: "es", file: "es.html", contentType: "text/html; charset=UTF-8"},
		{name: "it", file: "it.html", contentType: "text/html"},
		{name: "nl", file: "nl.html", contentType: "text/html"},
		{name: "pt", file: "pt.html", contentType: "text/html"},
		{name: "latin1_header", file: "latin1.html", contentType: "text/html; charset=ISO-8859-1"},
		{name: "meta_charset", file: "meta_charset.html", contentType: "text/html"},
		{name: "mojibake", file: "mojibake.html", contentType: "text/html; charset=utf-8"},
		{name: "markdown", file: "policy.md", url: "https://raw.example/thermowise/privacy.md", contentType: "text/plain; charset=utf-8"},
		// a Markdown footer line of links and the copyright sign is chrome; a
		// paragraph of opt-out links without it is the policy's
		{name: "markdown-footer-bar", file: "footer-bar.md", url: "https://raw.example/brewly/privacy.md", contentType: "text/markdown; charset=utf-8"},
		{name: "text", file: "policy.txt", url: "file:///policies/nestling.txt"},
		// Drafts as legal teams write them, saved by real producers: pandoc
		// (Markdown to Word) and LibreOffice (Word to OpenDocument and back).
		{name: "docx_pandoc", file: "policy-pandoc.docx", url: "file:///drafts/kettlewise.docx"},
		{name: "odt_libreoffice", file: "policy-libreoffice.odt", contentType: "application/vnd.oasis.opendocument.text"},
		{name: "docx_libreoffice", file: "policy-libreoffice.docx"},
		{name: "pdf", data: samplePDF(), url: "https://scalewise.example/privacy.pdf", contentType: "application/pdf"},
		{name: "pdf_image_only", data: buildPDF("Scanned policy", [][]pdfTextLine{{}, {}}, true), contentType: "application/pdf", wantErr: ErrNoText},
	}
}

func TestExtractGolden(t *testing.T) {
	for _, tc := range goldenCases() {
		t.Run(tc.name, func(t *testing.T) {
			data := tc.data
			if tc.file != "" {
				var err error
				if data, err = os.ReadFile(filepath.Join("testdata", "pages", tc.file)); err != nil {
					t.Fatal(err)
				}
			}
			doc, err := Extract(context.Background(), bytes.NewReader(data), Input{URL: tc.url, ContentType: tc.contentType, Format: tc.format})
			if tc.wantErr != nil {
				if !errors.Is(err, tc.wantErr) {
					t.Fatalf("err = %v, want %v", err, tc.wantErr)
				}
			} else if err != nil {
				t.Fatalf("Extract: %v", err)
			}
			if doc == nil {
				t.Fatal("nil document")
			}
			checkDocument(t, doc)
			got, err := json.MarshalIndent(doc, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			golden := filepath.Join("testdata", "golden", tc.name+".json")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./analyzer -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("document differs from %s (run go test ./analyzer -update and review the diff):\n%s", golden, firstDiff(string(want), string(got)))
			}
		})
	}
}

func firstDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return "line " + itoa(i+1) + ":\n  want: " + w + "\n   got: " + g
		}
	}
	return ""
}

func itoa(i int) string {
	b, _ := json.Marshal(i)
	return string(b)
}

// checkDocument asserts the invariants every Document keeps: valid UTF-8,
// segment and sentence offsets that quote exactly their text, in order,
// inside their segment; no empty segment; clean text.
func checkDocument(t testing.TB, doc *Document) {
	t.Helper()
	if !utf8.ValidString(doc.Text) {
		t.Fatalf("Text is not valid UTF-8")
	}
	text := []rune(doc.Text)
	prevEnd := -1
	for _, sec := range doc.Sections {
		for _, seg := range sec.Segments {
			if seg.Text == "" {
				t.Fatalf("empty segment in %q", sec.Heading())
			}
			if seg.Start < 0 || seg.End > len(text) || seg.Start >= seg.End || seg.Start <= prevEnd {
				t.Fatalf("segment %q has bad offsets [%d,%d) (previous end %d, text %d)", seg.Text, seg.Start, seg.End, prevEnd, len(text))
			}
			if got := string(text[seg.Start:seg.End]); got != seg.Text {
				t.Fatalf("segment offsets quote %q, want %q", got, seg.Text)
			}
			if strings.ContainsAny(seg.Text, "\u00ad\u200b\ufeff\t\r") || strings.Contains(seg.Text, "  ") {
				t.Fatalf("segment %q holds unclean characters", seg.Text)
			}
			prevEnd = seg.End
			sentEnd := seg.Start
			for _, s := range seg.Sentences {
				if s.Start < sentEnd || s.End > seg.End || s.Start >= s.End {
					t.Fatalf("sentence %q [%d,%d) outside segment [%d,%d) or overlapping", s.Text, s.Start, s.End, seg.Start, seg.End)
				}
				if got := string(text[s.Start:s.End]); got != s.Text {
					t.Fatalf("sentence offsets quote %q, want %q", got, s.Text)
				}
				sentEnd = s.End
			}
		}
	}
	if doc.LanguageConfidence < 0 || doc.LanguageConfidence > 1 {
		t.Fatalf("confidence %v out of [0,1]", doc.LanguageConfidence)
	}
}

// TestSegmentsShareDocumentText: the texts of the segments and sentences
// of an HTML or Markdown page are substrings of Document.Text (one copy of
// the text, not three), at the offsets they give.
func TestSegmentsShareDocumentText(t *testing.T) {
	for _, name := range []string{"en_chrome.html", "de.html", "fr.html", "mojibake.html", "latin1.html", "policy.md"} {
		data, err := os.ReadFile(filepath.Join("testdata", "pages", name))
		if err != nil {
			t.Fatal(err)
		}
		doc, err := Extract(context.Background(), bytes.NewReader(data), Input{URL: name})
		if err != nil {
			t.Fatal(err)
		}
		base := uintptr(unsafe.Pointer(unsafe.StringData(doc.Text)))
		within := func(s string) bool {
			p := uintptr(unsafe.Pointer(unsafe.StringData(s)))
			return p >= base && p+uintptr(len(s)) <= base+uintptr(len(doc.Text))
		}
		rs := []rune(doc.Text)
		for _, sec := range doc.Sections {
			for _, seg := range sec.Segments {
				if !within(seg.Text) {
					t.Errorf("%s: segment %q is not in the document's text", name, seg.Text)
				}
				if got := string(rs[seg.Start:seg.End]); got != seg.Text {
					t.Errorf("%s: segment at [%d,%d) is %q, not %q", name, seg.Start, seg.End, got, seg.Text)
				}
				for _, s := range seg.Sentences {
					if !within(s.Text) {
						t.Errorf("%s: sentence %q is not in the document's text", name, s.Text)
					}
				}
			}
		}
	}
}

// Extract reuses the work space of earlier pages (scratchPool), their
// input buffers included: pages extracted at the same time, in any order,
// must come out as each does alone, and a Document must not change when
// later pages reuse its page's buffers. Run with -race, this also checks
// that no work space is shared.
func TestExtractConcurrentMatchesSerial(t *testing.T) {
	type page struct {
		data []byte
		in   Input
	}
	var pages []page
	for _, tc := range goldenCases() {
		if tc.file == "" {
			continue
		}
		data, err := os.ReadFile(filepath.Join("testdata", "pages", tc.file))
		if err != nil {
			t.Fatal(err)
		}
		pages = append(pages, page{data, Input{URL: tc.url, ContentType: tc.contentType, Format: tc.format}})
	}
	ctx := context.Background()
	want := make([][]byte, len(pages))
	docs := make([]*Document, len(pages))
	for i, p := range pages {
		docs[i], _ = Extract(ctx, bytes.NewReader(p.data), p.in)
		want[i], _ = json.Marshal(docs[i])
	}
	const workers = 4
	errs := make(chan error, workers)
	for w := range workers {
		go func() {
			for round := range 20 {
				i := (w*7 + round*3) % len(pages)
				doc, _ := Extract(ctx, bytes.NewReader(pages[i].data), pages[i].in)
				got, _ := json.Marshal(doc)
				if !bytes.Equal(got, want[i]) {
					errs <- errors.New("page " + pages[i].in.URL + " differs when extracted concurrently")
					return
				}
			}
			errs <- nil
		}()
	}
	for range workers {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
	for i, doc := range docs {
		if got, _ := json.Marshal(doc); !bytes.Equal(got, want[i]) {
			t.Errorf("page %q: its Document changed as later pages were extracted", pages[i].in.URL)
		}
	}
}

// randomPieces joins 1 to n pieces drawn at random from pieces: the texts
// the reference tests give a fast path and the code it replaced.
func randomPieces(rng *rand.Rand, pieces []string, n int) string {
	var b strings.Builder
	for k := rng.IntN(n); k >= 0; k-- {
		b.WriteString(pieces[rng.IntN(len(pieces))])
	}
	return b.String()
}

// agreeOnRandomTexts checks that f, a fast path, answers as ref, the code
// it replaced, on rounds random texts of up to maxPieces pieces (drawn
// from a generator seeded with seed and seed+1).
func agreeOnRandomTexts(t *testing.T, name string, seed uint64, pieces []string, maxPieces, rounds int, f, ref func(string) bool) {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, seed+1))
	for range rounds {
		s := randomPieces(rng, pieces, maxPieces)
		if got, want := f(s), ref(s); got != want {
			t.Fatalf("%s(%q) = %v, want %v", name, s, got, want)
		}
	}
}
