package analyzer

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
)

func TestRepairMojibake(t *testing.T) {
	tests := []struct{ in, want string }{
		{"vos donnÃ©es personnelles", "vos données personnelles"},
		{"lâ€™accÃ¨s", "l’accès"},
		{"Ãœbermittlung und LÃ¶schung", "Übermittlung und Löschung"},
		{"protecÃ§Ã£o de dados", "protecção de dados"},
		{"rÃ©servÃ© Ã\u00a0 notre Ã©quipe", "réservé à notre équipe"},
		{"rÃ©servÃ© Ã notre Ã©quipe", "réservé à notre équipe"},
		{"â€œquotedâ€\u009d", "“quoted”"},
		// genuine text is left alone
		{"São Paulo, NÃO, ÃO", "São Paulo, NÃO, ÃO"},
		{"Ärger über Öl", "Ärger über Öl"},
		{"plain ascii", "plain ascii"},
	}
	for _, tt := range tests {
		got, _ := repairMojibake(tt.in)
		if got != tt.want {
			t.Errorf("repairMojibake(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCleanText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"  Daten\u00adschutz  ", "Datenschutz"},
		{"Article\u00a08 \u2009 and\u202f16\u00a0years", "Article 8 and 16 years"},
		{"d’accès\u200bici\ufeff", "d’accèsici"},
		{"Lo\u0308schung", "Löschung"},
		{"con\ufb01dentialité", "confidentialité"},
		{"a \n  b\n\n\nc", "a\nb\nc"},
		{"tab\there\r\nnext", "tab here\nnext"},
		{"ctrl\x01\x7f\u0085chars", "ctrl\nchars"},
		{"« Données »", "« Données »"},
		{"L'ACCÈS Straße", "L'ACCÈS Straße"},
	}
	for _, tt := range tests {
		if got := cleanText(tt.in); got != tt.want {
			t.Errorf("cleanText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestDecodeCharsets(t *testing.T) {
	fr := "Données à caractère personnel – « accès »"
	latin1, _ := charmap.ISO8859_1.NewEncoder().String("Données à caractère personnel")
	cp1252, _ := charmap.Windows1252.NewEncoder().String(fr)
	tests := []struct {
		name, data, contentType string
		html                    bool
		want, charset, note     string
	}{
		{"utf-8 sniffed", fr, "", true, fr, "utf-8", ""},
		{"bom", "\xef\xbb\xbf" + fr, "text/html; charset=windows-1252", true, fr, "utf-8", ""},
		{"header latin-1", latin1, "text/html; charset=iso-8859-1", true, "Données à caractère personnel", "windows-1252", ""},
		{"meta charset", `<meta charset="windows-1252">` + cp1252, "", true, `<meta charset="windows-1252">` + fr, "windows-1252", ""},
		{"meta http-equiv", `<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-15">` + latin1, "", true, "", "iso-8859-15", ""},
		{"header beats meta", `<meta charset="utf-8">` + cp1252, "text/html; charset=windows-1252", true, `<meta charset="utf-8">` + fr, "windows-1252", ""},
		{"unlabelled latin-1", cp1252, "", true, fr, "windows-1252", ""},
		{"declared utf-8 but latin-1", cp1252, "text/html; charset=utf-8", true, fr, "windows-1252", "not UTF-8"},
		{"declared latin-1 but utf-8", fr, "text/html; charset=iso-8859-1", true, fr, "utf-8", "valid UTF-8"},
		{"utf-16 bom", "\xff\xfeh\x00\xe9\x00", "", false, "hé", "utf-16le", ""},
		{"meta ignored for text", `<meta charset="koi8-r">` + fr, "", false, `<meta charset="koi8-r">` + fr, "utf-8", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := decodeText([]byte(tt.data), parseMediaType(tt.contentType), tt.html)
			if d.charset != tt.charset {
				t.Errorf("charset %q, want %q", d.charset, tt.charset)
			}
			if tt.want != "" && d.text != tt.want {
				t.Errorf("text %q, want %q", d.text, tt.want)
			}
			if notes := strings.Join(d.notes, "; "); tt.note != "" && !strings.Contains(notes, tt.note) {
				t.Errorf("notes %q lack %q", notes, tt.note)
			}
		})
	}
}

// TestExtractFromHTTP serves the Latin-1 page with its charset in the
// Content-Type header only, as a crawler would hand it over.
func TestExtractFromHTTP(t *testing.T) {
	page, err := os.ReadFile(filepath.Join("testdata", "pages", "latin1.html"))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=ISO-8859-1")
		w.Header().Set("Content-Language", "fr-FR")
		w.Write(page)
	}))
	defer srv.Close()
	resp, err := srv.Client().Get(srv.URL + "/donnees-personnelles")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	doc, err := Extract(context.Background(), resp.Body, Input{
		URL:         resp.Request.URL.String(),
		ContentType: resp.Header.Get("Content-Type"),
		Language:    resp.Header.Get("Content-Language"),
	})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(doc.Text, "Éclair SARL traite les données") || doc.Charset != "windows-1252" {
		t.Errorf("charset %q, text %q", doc.Charset, doc.Text)
	}
	if doc.Language != "fr" || doc.DeclaredLanguage != "fr" || doc.Title != "Données personnelles" {
		t.Errorf("language %q declared %q title %q", doc.Language, doc.DeclaredLanguage, doc.Title)
	}
}

func TestDetectFormat(t *testing.T) {
	tests := []struct {
		in   Input
		data string
		want Format
	}{
		{Input{Format: FormatText, ContentType: "text/html"}, "<p>x</p>", FormatText},
		{Input{ContentType: "text/html; charset=utf-8"}, "plain", FormatHTML},
		{Input{ContentType: "application/pdf"}, "x", FormatPDF},
		{Input{ContentType: "text/markdown"}, "x", FormatMarkdown},
		{Input{ContentType: "text/plain", URL: "https://raw.example/a/PRIVACY.md?x=1"}, "x", FormatMarkdown},
		{Input{ContentType: "text/plain"}, "Privacy\n\nWe collect data.", FormatText},
		{Input{ContentType: "text/plain"}, "<!DOCTYPE html><html><body>x", FormatHTML},
		{Input{URL: "https://x.example/privacy.pdf"}, "x", FormatPDF},
		{Input{URL: "https://x.example/privacy.txt"}, "<p>x</p>", FormatText},
		{Input{ContentType: "application/octet-stream"}, "%PDF-1.7\n", FormatPDF},
		{Input{}, "Privacy Policy <br> <br> We collect data. <br> <br>", FormatHTML},
		{Input{}, "# Privacy\n\n## Data\n\nWe [collect](x) data.\n", FormatMarkdown},
		{Input{}, "PRIVACY\n\n1. DATA\nWe collect data.", FormatText},
	}
	for _, tt := range tests {
		if got := detectFormat(tt.in, parseMediaType(tt.in.ContentType), []byte(tt.data)); got != tt.want {
			t.Errorf("detectFormat(%+v, %q) = %q, want %q", tt.in, tt.data, got, tt.want)
		}
	}
}

func TestCleanTitle(t *testing.T) {
	tests := []struct{ title, h1, want string }{
		{"Privacy Policy | Acme", "", "Privacy Policy"},
		{"Acme – Datenschutzerklärung", "", "Datenschutzerklärung"},
		{"Acme - Home - About", "", "Acme"},
		{"", "Politique de confidentialité", "Politique de confidentialité"},
		{"Plain title", "H1", "Plain title"},
	}
	for _, tt := range tests {
		if got := cleanTitle(tt.title, tt.h1); got != tt.want {
			t.Errorf("cleanTitle(%q, %q) = %q, want %q", tt.title, tt.h1, got, tt.want)
		}
	}
}
