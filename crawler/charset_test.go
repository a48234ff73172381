package crawler

import (
	"strings"
	"testing"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

func TestDecodeText(t *testing.T) {
	latin1 := func(s string) []byte {
		b, err := charmap.ISO8859_1.NewEncoder().Bytes([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	utf16, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte("<p>Confidentialité</p>"))
	long := "<html><body>" + strings.Repeat("<p>ascii only</p>", 200) + "<p>Confidentialité</p></body></html>"
	for _, tc := range []struct {
		name, ctype string
		body        []byte
		want, cs    string
	}{
		{"utf-8 header", "text/html; charset=utf-8", []byte("<p>Confidentialité</p>"), "Confidentialité", "utf-8"},
		{"latin-1 header", "text/html; charset=ISO-8859-1", latin1("<p>Confidentialité</p>"), "Confidentialité", "windows-1252"},
		{"latin-1 meta only", "text/html", latin1(`<meta charset="iso-8859-1"><p>Confidentialité</p>`), "Confidentialité", "windows-1252"},
		{"utf-16 bom", "text/html", utf16, "Confidentialité", "utf-16le"},
		{"undeclared utf-8 after 1 KiB", "text/html", []byte(long), "Confidentialité", "utf-8"},
		{"undeclared latin-1", "text/html", latin1(strings.Repeat("<p>la politique de confidentialité de nos données</p>", 20)), "confidentialité", ""},
		{"unknown label", "text/html; charset=klingon", []byte("<p>Confidentialité</p>"), "Confidentialité", "utf-8"},
		{"utf-16 label on ascii", "text/html; charset=utf-16", []byte("<p>Privacy</p>"), "Privacy", ""},
		{"empty", "text/html", nil, "", "utf-8"},
		// Declarations the bytes contradict.
		{"utf-8 labelled latin-1", "text/html; charset=iso-8859-1", []byte("<p>Politique de confidentialité</p>"), "confidentialité", "utf-8"},
		{"utf-8 with latin-1 meta", "text/html", []byte(`<meta charset="windows-1252"><p>Datenschutzerklärung</p>`), "Datenschutzerklärung", "utf-8"},
		{"latin-1 labelled utf-8", "text/html; charset=utf-8", latin1("<p>Politique de confidentialité, données</p>"), "confidentialité, données", "windows-1252"},
		{"ascii labelled latin-1", "text/html; charset=iso-8859-1", []byte("<p>Privacy</p>"), "Privacy", "windows-1252"},
		{"utf-8 with a stray byte", "text/html; charset=utf-8", []byte("<p>Données \xff personnelles, sécurité</p>"), "Données \ufffd personnelles, sécurité", "utf-8"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, cs := decodeText(tc.body, tc.ctype)
			if !strings.Contains(string(got), tc.want) {
				t.Errorf("decoded %q, want it to contain %q", got, tc.want)
			}
			if tc.cs != "" && cs != tc.cs {
				t.Errorf("charset %q, want %q", cs, tc.cs)
			}
		})
	}
}

func TestSniffKind(t *testing.T) {
	for _, tc := range []struct {
		ctype, body, want string
	}{
		{"text/html; charset=utf-8", "", "html"},
		{"application/xhtml+xml", "", "html"},
		{"application/pdf", "", "pdf"},
		{"application/octet-stream", "%PDF-1.7\n", "pdf"},
		{"", "<!DOCTYPE html><html>", "html"},
		{"text/plain", "Privacy policy\n\n1. Data", "text"},
		{"text/plain", "<html><body>x</body></html>", "html"},
		{"application/xml", "<urlset/>", "xml"},
		{"image/png", "\x89PNG", "other"},
	} {
		if got := sniffKind(tc.ctype, []byte(tc.body)); got != tc.want {
			t.Errorf("sniffKind(%q, %q) = %s, want %s", tc.ctype, tc.body, got, tc.want)
		}
	}
}

// TestDeclaredUTF8 checks declaredUTF8 against charset.DetermineEncoding:
// for every header it accepts, without a byte-order mark, whatever the
// page declares in a <meta>, DetermineEncoding reads UTF-8 for certain.
func TestDeclaredUTF8(t *testing.T) {
	for _, ct := range []string{"text/html; charset=utf-8", "text/html; charset=UTF-8", "text/html;charset=utf-8",
		"text/html;charset=UTF-8", `text/html; charset="utf-8"`, "text/html", "text/html; charset=iso-8859-1",
		"text/plain; charset=utf-8", "", "text/html; charset=utf8", "TEXT/HTML; charset=utf-8"} {
		for _, head := range []string{"", "<p>x</p>", `<meta charset="iso-8859-1"><p>é</p>`, "\xef\xbb\xbf<p>", "\xff\xfe<\x00p\x00",
			"\xfe\xff\x00<\x00p", `<meta http-equiv="content-type" content="text/html; charset=windows-1251">`} {
			_, name, certain := charset.DetermineEncoding([]byte(head), ct)
			if declaredUTF8(ct) && !bom([]byte(head)) && (name != "utf-8" || !certain) {
				t.Errorf("declaredUTF8(%q), but DetermineEncoding reads %q as %s (certain %v)", ct, head, name, certain)
			}
		}
	}
	if !declaredUTF8("text/html; charset=utf-8") {
		t.Error("the usual header is not recognised")
	}
}
