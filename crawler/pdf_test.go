package crawler_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vigie-audit/vigie/analyzer"
	"github.com/vigie-audit/vigie/crawler"
)

// A policy published as a PDF, from the footer link to the analyzer: the
// crawler fetches it (by extension or by content type), keeps its bytes
// and hash, and the analyzer reads the text — or says the PDF is an image
// with no text layer. (This test imports the analyzer as the pipeline
// does; the crawler itself does not.)

// makePDF writes a small PDF 1.4 file: one page per entry of pages, each
// line drawn in Helvetica; imageOnly draws an image and no text.
func makePDF(pages [][]string, imageOnly bool) []byte {
	var objs []string
	add := func(s string) int { objs = append(objs, s); return len(objs) }
	catalog, pagesObj := add(""), add("")
	font := add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
	img := add("<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8 /Length 4 >>\nstream\n\x00\xff\xff\x00\nendstream")
	var kids []string
	for _, lines := range pages {
		var c strings.Builder
		if imageOnly {
			c.WriteString("q 400 0 0 500 100 150 cm /Im1 Do Q\n")
		}
		for i, l := range lines {
			size := 11
			if i == 0 {
				size = 18
			}
			esc := strings.NewReplacer(`\`, `\\`, `(`, `\(`, `)`, `\)`).Replace(l)
			fmt.Fprintf(&c, "BT /F1 %d Tf 72 %d Td (%s) Tj ET\n", size, 780-i*18, esc)
		}
		stream := add(fmt.Sprintf("<< /Length %d >>\nstream\n%sendstream", c.Len(), c.String()))
		page := add(fmt.Sprintf("<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents %d 0 R /Resources << /Font << /F1 %d 0 R >> /XObject << /Im1 %d 0 R >> >> >>", pagesObj, stream, font, img))
		kids = append(kids, fmt.Sprintf("%d 0 R", page))
	}
	objs[catalog-1] = fmt.Sprintf("<< /Type /Catalog /Pages %d 0 R >>", pagesObj)
	objs[pagesObj-1] = fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), len(kids))
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, catalog, xref)
	return b.Bytes()
}

var pdfPolicy = [][]string{{
	"Privacy Policy",
	"Greenplug Ltd is the controller of your personal data.",
	"We collect your name, your email address and the energy use of your plugs.",
	"We process these data to run the app and to send you monthly reports.",
	"We share data only with our hosting provider, under contract.",
	"You may access, correct or erase your data by writing to privacy@greenplug.example.",
}, {
	"Cookies and security",
	"Our website sets cookies only with your consent.",
	"Data are encrypted in transit and at rest.",
	"Our services are not directed to children under sixteen.",
}}

// pdfSite serves a home page whose footer links path, and the PDF there
// with the given content type.
func pdfSite(t *testing.T, path, ctype string, pdf []byte) func(context.Context, string, string) (net.Conn, error) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprintf(w, `<html lang="en"><body><main>Smart plugs</main><footer><a href="%s">Privacy Policy</a></footer></body></html>`, path)
		case path:
			w.Header().Set("Content-Type", ctype)
			w.Write(pdf)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return func(ctx context.Context, network, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, network, srv.Listener.Addr().String())
	}
}

func discoverPDF(t *testing.T, path, ctype string, pdf []byte) (*crawler.Result, *analyzer.Document, error) {
	t.Helper()
	c, err := crawler.New(crawler.Options{Delay: crawler.NoDelay, DialContext: pdfSite(t, path, ctype, pdf),
		Now: func() time.Time { return time.Date(2025, 3, 1, 9, 30, 0, 0, time.UTC) }})
	if err != nil {
		t.Fatal(err)
	}
	res := c.Discover(context.Background(), "http://www.greenplug.test/")
	if res.Status != crawler.StatusFound {
		t.Fatalf("%s: %s", res.Status, res.Reason)
	}
	p := res.Policy
	if !bytes.Equal(p.Body, pdf) || p.Bytes != int64(len(pdf)) || p.SHA256 == "" {
		t.Fatalf("policy page: %d bytes, hash %q", p.Bytes, p.SHA256)
	}
	// What the pipeline does with it.
	doc, err := analyzer.Extract(context.Background(), bytes.NewReader(p.Body),
		analyzer.Input{URL: p.FinalURL, ContentType: p.ContentType, Language: p.Language})
	return res, doc, err
}

func TestPDFPolicy(t *testing.T) {
	pdf := makePDF(pdfPolicy, false)
	for _, tc := range []struct{ name, path, ctype string }{
		{"by extension", "/docs/Privacy-Policy-2025.pdf", "application/octet-stream"},
		{"by content type", "/legal/privacy", "application/pdf"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, doc, err := discoverPDF(t, tc.path, tc.ctype, pdf)
			if err != nil {
				t.Fatalf("extract: %v", err)
			}
			if doc.Language != "en" || !strings.Contains(doc.Text, "We collect your name, your email address") ||
				!strings.Contains(doc.Text, "not directed to children under sixteen") {
				t.Errorf("document: language %q, text %q", doc.Language, doc.Text)
			}
		})
	}
}

// TestImageOnlyPDFPolicy: the PDF is found and kept as evidence, and the
// analyzer says there is no text to read (ErrNoText). The pipeline turns
// that into the vendor's reason: "the policy is a PDF without a text layer
// (image only): no text to analyse" (docs/architecture.md, Evidence).
func TestImageOnlyPDFPolicy(t *testing.T) {
	res, doc, err := discoverPDF(t, "/docs/scan.pdf", "application/pdf", makePDF([][]string{{}, {}}, true))
	if !errors.Is(err, analyzer.ErrNoText) {
		t.Fatalf("extract: %v", err)
	}
	if doc == nil || len(doc.Notes) == 0 || !strings.Contains(strings.Join(doc.Notes, " "), "no text layer") {
		t.Errorf("notes of the image-only PDF: %+v", doc)
	}
	if !strings.Contains(res.Reason, "a PDF linked as the privacy policy") {
		t.Errorf("reason %q", res.Reason)
	}
}

func TestPDFCapped(t *testing.T) {
	pdf := makePDF(pdfPolicy, false)
	c, err := crawler.New(crawler.Options{Delay: crawler.NoDelay, DialContext: pdfSite(t, "/p.pdf", "application/pdf", pdf), MaxBodyBytes: 512})
	if err != nil {
		t.Fatal(err)
	}
	res := c.Discover(context.Background(), "http://www.greenplug.test/")
	if res.Policy == nil || !res.Policy.Truncated || res.Policy.Bytes != 512 {
		t.Fatalf("policy %+v", res.Policy)
	}
	if !strings.Contains(strings.Join(res.Warnings, "; "), "policy body cut at 512 bytes") {
		t.Errorf("warnings %q", res.Warnings)
	}
	// A cut PDF cannot be read: the analyzer says so, it does not crash.
	_, err = analyzer.Extract(context.Background(), bytes.NewReader(res.Policy.Body), analyzer.Input{ContentType: "application/pdf"})
	if !errors.Is(err, analyzer.ErrMalformed) {
		t.Errorf("extract a cut PDF: %v", err)
	}
}

// TestWordPolicy: a policy published as a word-processor document (a
// .docx written by pandoc, an .odt by LibreOffice) is taken on its link
// like a PDF, whatever the server calls it, and the analyzer reads it.
func TestWordPolicy(t *testing.T) {
	for _, tc := range []struct{ name, file, path, ctype, lang, want string }{
		{"docx by content type", "privacy.docx", "/legal/privacy", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "en", "We do not sell your personal data."},
		{"docx as octet-stream", "privacy.docx", "/files/privacy-policy.docx", "application/octet-stream", "en", "the kettle’s serial number and firmware version"},
		{"odt as zip", "confidentialite.odt", "/docs/confidentialite.odt", "application/zip", "fr", "Le service n’est pas destiné aux enfants de moins de 15 ans."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", "documents", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			res, doc, err := discoverPDF(t, tc.path, tc.ctype, data)
			if err != nil {
				t.Fatalf("extract: %v", err)
			}
			if !strings.Contains(res.Reason, "a word-processor document linked as the privacy policy") {
				t.Errorf("reason %q", res.Reason)
			}
			if doc.Language != tc.lang || !strings.Contains(doc.Text, tc.want) {
				t.Errorf("document: language %q, text %q", doc.Language, doc.Text)
			}
		})
	}
}
