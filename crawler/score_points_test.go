package crawler

import (
	"fmt"
	"math"
	"net/url"
	"testing"
)

func TestPointsReasonMatchesFmt(t *testing.T) {
	for _, p := range []float64{0, math.Copysign(0, -1), 1, -1, 2.5, -2.5, 10, 40, -40, 1e21, 1e-7, 123456789, math.Inf(1), math.Inf(-1), math.NaN()} {
		want := fmt.Sprintf("%+g %s", p, "footer link")
		if got := pointsReason(p, "footer link"); got != want {
			t.Errorf("pointsReason(%v) = %q, want %q", p, got, want)
		}
	}
}

// A platform's own privacy policy is recognised on its site and its
// policies host, not on the platform's user-content hosts nor on other
// pages of the platform.
func TestPlatformPolicy(t *testing.T) {
	for raw, want := range map[string]string{
		"https://www.apple.com/legal/privacy/":                                                     "apple.com",
		"https://policies.google.com/privacy?hl=de":                                                "google.com",
		"https://www.google.com/intl/fr/policies/privacy/":                                         "google.com",
		"https://www.facebook.com/privacy/policy/":                                                 "facebook.com",
		"https://www.amazon.de/gp/help/customer/display.html?nodeId=privacy":                       "amazon.de",
		"https://docs.google.com/document/d/abc/privacy":                                           "",
		"https://sites.google.com/view/myapp/privacy":                                              "",
		"https://myapp.github.io/privacy.html":                                                     "",
		"https://www.apple.com/iphone/":                                                            "",
		"https://www.example-scales.test/privacy":                                                  "",
		"https://docs.github.com/en/site-policy/privacy-policies/github-general-privacy-statement": "github.com",
	} {
		u, err := url.Parse(raw)
		if err != nil {
			t.Fatal(err)
		}
		if got := platformPolicy(u); got != want {
			t.Errorf("platformPolicy(%s) = %q, want %q", raw, got, want)
		}
	}
}

// An immediate meta refresh (a delay of at most one second) is a redirect
// even on a page with links; a slower one, or none, is not.
func TestImmediateRefresh(t *testing.T) {
	for content, want := range map[string]bool{
		"0; url=/de/index.html": true,
		"1;URL='/en/'":          true,
		"0.5; url=/fr/":         true,
		"5; url=/news/":         false,
		"url=/de/":              false,
		"":                      false,
	} {
		if got := immediateRefresh(content); got != want {
			t.Errorf("immediateRefresh(%q) = %v, want %v", content, got, want)
		}
	}
}

// A link whose text is a question of three words or more is a headline:
// it loses points as the policy and as a hub; a short question and a
// plain name do not.
func TestScoreQuestion(t *testing.T) {
	for text, want := range map[string]bool{
		"Mähroboter mit Kamera: Was sagt der Datenschutz?": true,
		"Are my recordings private?":                       true,
		"Privacy?":                                         false,
		"Datenschutzerklärung":                             false,
		"What we collect":                                  false,
	} {
		l := &linkInfo{text: text, words: foldWords(text)}
		if got := scoreQuestion(nil, l) != nil; got != want {
			t.Errorf("scoreQuestion(%q) = %v, want %v", text, got, want)
		}
	}
}

// A link into another language's folder of the site loses points against
// the page's own language; a folder that is no language, the page's own
// language, or the folder the page itself is in, does not.
func TestScoreLangFolder(t *testing.T) {
	w, err := DefaultWords()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		page, link, lang string
		want             bool
	}{
		{"http://v.test/", "http://v.test/nl/juridisch/privacybeleid", "fr", true},
		{"http://v.test/", "http://v.test/pt_BR/privacidade", "fr", true},
		{"http://v.test/", "http://v.test/fr/juridique/vie-privee", "fr", false},
		{"http://v.test/", "http://v.test/app/privacy", "fr", false},
		{"http://v.test/nl/", "http://v.test/nl/privacy", "fr", false},
		{"http://v.test/", "http://v.test/xx/privacy", "fr", false},
	} {
		l := &linkInfo{u: mustURL(t, tc.link), page: mustURL(t, tc.page), pageLang: tc.lang}
		if got := scoreLangFolder(w, l) != nil; got != tc.want {
			t.Errorf("%s from %s (%s): penalised %v, want %v", tc.link, tc.page, tc.lang, got, tc.want)
		}
	}
}
