package crawler

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/net/html"

	"github.com/vigie-audit/vigie/internal/farm"
)

// checkTokenText tokenizes page twice in step and checks that tokenText
// gives, for every text token, what the tokenizer's Text gives (up to
// its cut).
func checkTokenText(t *testing.T, page []byte) {
	t.Helper()
	z1 := html.NewTokenizer(bytes.NewReader(page))
	z2 := html.NewTokenizer(bytes.NewReader(page))
	for {
		tt := z1.Next()
		if tt2 := z2.Next(); tt2 != tt {
			t.Fatalf("tokenizers out of step: %v, %v", tt, tt2)
		}
		switch tt {
		case html.ErrorToken:
			return
		case html.TextToken:
			raw := string(z1.Raw())
			// Text may be three times the page (each NUL becomes U+FFFD).
			got, want := tokenText(z1, 3*len(page)+1), z2.Text()
			if !bytes.Equal(got, want) {
				t.Fatalf("text token %q: tokenText gives %q, Text %q", raw, got, want)
			}
		}
	}
}

// tokenTextPages are pages whose text tokens meet every case of Text:
// character references, "\r\n" and "\r", NUL in text and in raw text,
// script, style, title, textarea, plaintext, comments, unclosed tags.
var tokenTextPages = []string{
	"<p>plain text</p>", "<p>a &amp; b &lt;c&gt; &eacute; &#233; &#xE9; &notanentity; &amp</p>",
	"<p>line\r\nbreak\rcarriage\n</p>", "<p>nul\x00here</p>", "<script>if (a < b && c) {}\r\n</script>",
	"<style>a > b { content: '&amp;' }\x00</style>", "<title>A &amp; B\r\n</title>", "<textarea>x &lt; y\x00</textarea>",
	"<plaintext>all &amp; the rest\r\n<p>", "a < b and c <d", "<!-- comment & -->text", "<p>unclosed &", "text at the end\r",
	"<xmp>&amp;</xmp><noscript>&lt;</noscript><iframe>&amp;</iframe><noembed>\r</noembed>", "<svg><![CDATA[x&amp;]]></svg>",
	"", "&", "\r", "\x00",
}

// TestTokenTextMatchesText checks tokenText's raw-bytes path against the
// tokenizer's Text on the pages above, the fixture sites and the farm.
func TestTokenTextMatchesText(t *testing.T) {
	for _, p := range tokenTextPages {
		checkTokenText(t, []byte(p))
	}
	pages, _ := filepath.Glob("testdata/sites/*/*/*.html")
	for _, p := range pages {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		checkTokenText(t, b)
	}
	for i := range 12 {
		checkTokenText(t, []byte(farm.Home(i)))
		checkTokenText(t, []byte(farm.Policy(i)))
	}
}

// FuzzTokenText checks tokenText against the tokenizer's Text on
// arbitrary markup.
//
//	go test ./crawler -run '^$' -fuzz FuzzTokenText -fuzztime 30s
func FuzzTokenText(f *testing.F) {
	for _, p := range tokenTextPages {
		f.Add([]byte(p))
	}
	addFixturePages(f)
	f.Fuzz(func(t *testing.T, page []byte) { checkTokenText(t, page) })
}
