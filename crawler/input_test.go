package crawler

import (
	"strings"
	"testing"
)

func TestParseInput(t *testing.T) {
	for _, tc := range []struct {
		in, want, err string
	}{
		{in: "acme-scales.com", want: "https://acme-scales.com/"},
		{in: "  acme-scales.com/fr/  ", want: "https://acme-scales.com/fr/"},
		{in: "HTTPS://WWW.Acme-Scales.com", want: "https://www.acme-scales.com/"},
		{in: "http://acme.test:8080/x?y=1#frag", want: "http://acme.test:8080/x?y=1"},
		{in: "localhost:8080", want: "https://localhost:8080/"},
		{in: "//acme.test/", want: "https://acme.test/"},
		{in: "bücher.example", want: "https://xn--bcher-kva.example/"},
		{in: "http://[::1]:8080/", want: "http://[::1]:8080/"},
		{in: "http://127.0.0.1/", want: "http://127.0.0.1/"},
		{in: "acme.test.", want: "https://acme.test/"},
		{in: "", err: "empty input"},
		{in: "ftp://acme.test/", err: `scheme "ftp" is not supported`},
		{in: "mailto:privacy@acme.test", err: `scheme "mailto" is not supported`},
		{in: "javascript:alert(1)", err: `scheme "javascript" is not supported`},
		{in: "file:///etc/passwd", err: `scheme "file" is not supported`},
		{in: "http://", err: "no host"},
		{in: "http://user:pw@acme.test/", err: "user name or password"},
		{in: "http://acme.test:99999/", err: "out of range"},
		{in: "acme test.com", err: "spaces"},
		{in: "http://acme.test/\x00", err: "control characters"},
		{in: "http://exa mple.com", err: "spaces"},
		{in: "http://" + strings.Repeat("a", 3000) + ".test", err: "bytes long"},
		{in: "http://-bad-.test%zz/", err: "not a URL"},
	} {
		u, err := ParseInput(tc.in)
		switch {
		case tc.err != "":
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("ParseInput(%q) = %v, %v; want error containing %q", tc.in, u, err, tc.err)
			}
		case err != nil:
			t.Errorf("ParseInput(%q): %v", tc.in, err)
		case u.String() != tc.want:
			t.Errorf("ParseInput(%q) = %s, want %s", tc.in, u, tc.want)
		}
	}
}

func TestResolveLink(t *testing.T) {
	base := mustURL(t, "http://v.test/a/b")
	for href, want := range map[string]string{
		"c":                     "http://v.test/a/c",
		"/privacy#top":          "http://v.test/privacy",
		"//other.test/p":        "http://other.test/p",
		"HTTPS://Other.Test/P":  "https://other.test/P",
		"#top":                  "",
		"javascript:void(0)":    "",
		"mailto:x@v.test":       "",
		"tel:+33123":            "",
		"data:text/html,hi":     "",
		"":                      "",
		"   ":                   "",
		"http://user@v.test/":   "",
		"ftp://v.test/file.txt": "",
		"\n\t/legal/politica-de-\n  privacidade\r\n": "http://v.test/legal/politica-de-%20%20privacidade",
		"/legal/politica-de-\nprivacidade":           "http://v.test/legal/politica-de-privacidade",
	} {
		got := ""
		if u := resolveLink(base, href); u != nil {
			got = u.String()
		}
		if got != want {
			t.Errorf("resolveLink(%q) = %q, want %q", href, got, want)
		}
	}
}
