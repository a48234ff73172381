package crawler

import (
	"bytes"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/saintfish/chardet"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"

	sniff "github.com/vigie-audit/vigie/internal/charset"
)

// decodeText converts a fetched body to UTF-8 and names the encoding it
// read. The order is the HTML standard's: byte-order mark, the
// Content-Type charset, a <meta> declaration in the first 1024 bytes; then,
// with nothing declared, UTF-8 when the whole body is valid UTF-8, else the
// detector colly uses (chardet), else windows-1252. Unknown charset labels
// are ignored rather than failing the page. Like the analyzer, it believes
// the bytes over a declaration they contradict: a page declared in a
// single-byte charset whose bytes are valid UTF-8 with non-ASCII characters
// is UTF-8 (a server's default label on a UTF-8 site), and a page declared
// UTF-8 whose bytes are mostly stray high bytes is read as detected.
func decodeText(body []byte, contentType string) (text []byte, name string) {
	if len(body) == 0 {
		return body, "utf-8"
	}
	head := body
	if len(head) > 1024 {
		head = head[:1024]
	}
	var enc encoding.Encoding
	var certain bool
	if declaredUTF8(contentType) && !bom(head) {
		// What DetermineEncoding answers for such a header without a BOM
		// (the encoding itself is not used for UTF-8).
		name, certain = "utf-8", true
	} else {
		enc, name, certain = charset.DetermineEncoding(head, contentType)
	}
	if strings.HasPrefix(name, "utf-16") && !bytes.Contains(head, []byte{0}) {
		// A page labelled UTF-16 without a single zero byte is not UTF-16
		// (a BOM would have been seen first): ignore the label.
		enc, name, certain = charset.DetermineEncoding(head, "")
	}
	declared := certain || (name != "windows-1252" && name != "utf-8") ||
		(name == "windows-1252" && bytes.Contains(bytes.ToLower(head), []byte("charset")))
	// A valid UTF-8 body has no stray high byte, so it never looks
	// Latin-1: the rune-by-rune count runs only on invalid bodies, and the
	// validity is checked once.
	valid := utf8.Valid(body)
	switch {
	case !declared, name == "utf-8" && !valid && !bom(head) && sniff.LooksLatin1(body):
		if valid {
			return body, "utf-8"
		}
		enc, name = detectCharset(body)
	case !bom(head) && sniff.IsSingleByte(name) && sniff.HasMultibyteUTF8(body):
		return body, "utf-8"
	}
	if enc == nil || enc == encoding.Nop || name == "utf-8" {
		if valid {
			return body, "utf-8"
		}
		return bytes.ToValidUTF8(body, []byte("\uFFFD")), "utf-8"
	}
	out, err := enc.NewDecoder().Bytes(body)
	if err != nil {
		return bytes.ToValidUTF8(body, []byte("\uFFFD")), "utf-8"
	}
	return out, name
}

// declaredUTF8 reports whether a Content-Type header is one of the usual
// spellings of HTML in UTF-8, which charset.DetermineEncoding reads, after
// a byte-order mark, as UTF-8 for certain. Its parse of the header with
// mime.ParseMediaType (a map of parameters) and its look-up of the label
// were a tenth of decoding and scanning a small page: most servers send
// one of these.
func declaredUTF8(contentType string) bool {
	switch contentType {
	case "text/html; charset=utf-8", "text/html; charset=UTF-8", "text/html;charset=utf-8", "text/html;charset=UTF-8",
		"text/html; charset=\"utf-8\"":
		return true
	}
	return false
}

// detectCharset guesses the encoding of an undeclared, non-UTF-8 body.
func detectCharset(body []byte) (encoding.Encoding, string) {
	sample := body
	if len(sample) > 64<<10 {
		sample = sample[:64<<10]
	}
	if r, err := chardet.NewHtmlDetector().DetectBest(sample); err == nil && r.Confidence >= 50 {
		if e, name := charset.Lookup(r.Charset); e != nil && name != "utf-8" {
			return e, name
		}
	}
	return charmap.Windows1252, "windows-1252"
}

// mediaType returns the lower-case media type of a Content-Type header.
func mediaType(contentType string) string {
	// What mime.ParseMediaType would give, valid or not, without parsing
	// the parameters.
	mt, _, _ := strings.Cut(contentType, ";")
	return strings.ToLower(strings.TrimSpace(mt))
}

// sniffKind classifies a fetched body: html, pdf, office (a .docx or
// .odt document), text, xml or other.
func sniffKind(contentType string, body []byte) string {
	mt := mediaType(contentType)
	switch {
	case mt == "text/html" || mt == "application/xhtml+xml":
		return "html"
	case mt == "application/pdf":
		return "pdf"
	case mt == "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
		mt == "application/vnd.oasis.opendocument.text":
		return "office"
	case mt == "text/markdown" || mt == "text/x-markdown":
		return "text"
	case mt == "text/plain":
		if looksLikeHTML(body) {
			return "html"
		}
		return "text"
	case strings.HasSuffix(mt, "/xml") || strings.HasSuffix(mt, "+xml"):
		return "xml"
	}
	if bytes.HasPrefix(body, []byte("%PDF-")) {
		return "pdf"
	}
	if isOfficeArchive(body) {
		return "office"
	}
	if mt == "" || mt == "application/octet-stream" {
		if looksLikeHTML(body) {
			return "html"
		}
	}
	return "other"
}

func looksLikeHTML(body []byte) bool {
	head := body
	if len(head) > 512 {
		head = head[:512]
	}
	return strings.HasPrefix(http.DetectContentType(head), "text/html")
}

// bom reports whether data starts with a byte-order mark, which no
// contradiction overrides.
func bom(data []byte) bool {
	return bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) || bytes.HasPrefix(data, []byte("\xfe\xff")) ||
		bytes.HasPrefix(data, []byte("\xff\xfe"))
}

// isOfficeArchive reports a zip archive whose first parts are those of a
// .docx ("[Content_Types].xml", "word/…") or an .odt (a stored
// "mimetype" naming OpenDocument Text): what a server sends as
// application/octet-stream or application/zip.
func isOfficeArchive(body []byte) bool {
	if !bytes.HasPrefix(body, []byte("PK\x03\x04")) {
		return false
	}
	head := body[:min(len(body), 64<<10)]
	return bytes.Contains(head, []byte("[Content_Types].xml")) && bytes.Contains(head, []byte("word/")) ||
		bytes.Contains(head[:min(len(head), 128)], []byte("mimetypeapplication/vnd.oasis.opendocument.text"))
}
