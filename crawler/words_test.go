package crawler

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/goccy/go-yaml"
	"golang.org/x/text/unicode/norm"
)

func TestDefaultWordsLoad(t *testing.T) {
	w, err := DefaultWords()
	if err != nil {
		t.Fatal(err)
	}
	// The issue asks for at least these twelve languages.
	for _, l := range []string{"en", "fr", "de", "es", "it", "nl", "pt", "pl", "sv", "da", "fi", "cs"} {
		if w.LanguageName(l) == "" {
			t.Errorf("language %s missing", l)
		}
		if len(w.paths[l]) == 0 {
			t.Errorf("language %s has no common paths", l)
		}
	}
}

// TestWordExamples runs every example of the words file, language by
// language: each must classify as its class (policy words match sample
// anchors, decoys do not). ParseWords checks this at load too; this test
// names the failing language and example.
func TestWordExamples(t *testing.T) {
	var raw rawWords
	if err := yaml.Unmarshal(defaultWordsFile, &raw); err != nil {
		t.Fatal(err)
	}
	w, err := DefaultWords()
	if err != nil {
		t.Fatal(err)
	}
	core := map[string]bool{"en": true, "fr": true, "de": true, "es": true, "it": true, "nl": true,
		"pt": true, "pl": true, "sv": true, "da": true, "fi": true, "cs": true}
	for _, l := range raw.Languages {
		t.Run(l.Lang, func(t *testing.T) {
			if core[l.Lang] {
				for _, class := range []string{"policy", "privacy", "cookie_policy", "terms", "action", "none"} {
					if len(l.Examples[class]) == 0 {
						t.Errorf("no %s examples", class)
					}
				}
				if len(l.Verify) < 9 {
					t.Errorf("verify vocabulary covers %d categories", len(l.Verify))
				}
			}
			for class, exs := range l.Examples {
				want, _ := classByName(class)
				for _, ex := range exs {
					if got := w.classify(foldWords(ex), false).class(); got != want {
						t.Errorf("%q classifies as %s, want %s", ex, got, want)
					}
					// Decoys never score as the policy.
					if want == classAction || want == classTerms || want == classNone {
						c := w.scoreLink(&linkInfo{u: mustURL(t, "http://v.test/x"), text: ex, region: regionFooter})
						if c != nil && c.scores[rolePolicy] >= policyThreshold {
							t.Errorf("decoy %q scores %g as a policy link", ex, c.scores[rolePolicy])
						}
					}
				}
			}
		})
	}
}

// TestWordsPeersMistakes checks the mistakes PEERS.md §4 found in other
// tools' lists do not recur.
func TestWordsPeersMistakes(t *testing.T) {
	w, _ := DefaultWords()
	for _, text := range []string{
		"Om webbplatsen",                  // Swedish "about the website"
		"Maintenance", "Finance", "Nancy", // the stray "nan" stem
		"Policies", "Legal terms and conditions of sale",
		"Noticias", "Condiciones",
	} {
		switch c := w.classify(foldWords(text), false).class(); c {
		case classPolicy, classPrivacy, classCookiePolicy:
			t.Errorf("%q classifies as %s", text, c)
		}
	}
	// Unicode words that \b-based patterns miss (PEERS.md §4.1).
	for text, want := range map[string]linkClass{
		"Confidentialité":        classPrivacy,
		"Prywatność":             classPrivacy,
		"Πολιτική απορρήτου":     classPolicy,
		"Datenschutzerklärung":   classPolicy,
		"DATENSCHUTZERKLÄRUNG":   classPolicy,
		"Ochrana osobních údajů": classPolicy,
		"Tietosuojaseloste":      classPolicy,
	} {
		if got := w.classify(foldWords(text), false).class(); got != want {
			t.Errorf("%q classifies as %s, want %s", text, got, want)
		}
	}
}

func TestWordsInURLs(t *testing.T) {
	w, _ := DefaultWords()
	for raw, want := range map[string]linkClass{
		"http://v.test/privacy-policy":                  classPolicy,
		"http://v.test/privacypolicy.html":              classPolicy,
		"http://v.test/de/datenschutzerklaerung":        classPolicy,
		"http://v.test/fr/politique-de-confidentialite": classPolicy,
		"http://v.test/legal/privacy_notice.php":        classPolicy,
		"http://v.test/cookie-settings":                 classAction,
		"http://v.test/tos":                             classNone,
		"http://privacy.v.test/":                        classPrivacy,
		"http://v.test/page?id=privacy":                 classPrivacy,
		"http://v.test/p/8812":                          classNone,
	} {
		if got := w.classify(urlWords(mustURL(t, raw)), true).class(); got != want {
			t.Errorf("%s classifies as %s, want %s", raw, got, want)
		}
	}
}

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"Politique de Confidentialité":                 "politique de confidentialite",
		"Privacy & Cookies":                            "privacy and cookies",
		"Datenschutz-Erklärung":                        "datenschutz erklarung",
		"  Straße  ":                                   "strasse",
		"Polityka prywatności":                         "polityka prywatnosci",
		"conditions d’utilisation":                     "conditions d utilisation",
		"ΑΠΌΡΡΗΤΟ":                                     "απορρητο",
		"Daten\u00adschutz\u00ader\u00adklä\u00adrung": "datenschutzerklarung",
		"Privacy\u200bPolicy":                          "privacypolicy",
		"":                                             "",
	} {
		if got := fold(in); got != want {
			t.Errorf("fold(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestInvalidWords loads each file of testdata/words/invalid and checks
// the error names the problem (the file's "# want:" line).
func TestInvalidWords(t *testing.T) {
	files, _ := filepath.Glob("testdata/words/invalid/*.yaml")
	if len(files) == 0 {
		t.Fatal("no invalid words files")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			first, _ := bufio.NewReader(bytes.NewReader(data)).ReadString('\n')
			want := strings.TrimSpace(strings.TrimPrefix(first, "# want:"))
			_, err = ParseWords(data)
			if err == nil {
				t.Fatalf("no error, want %q", want)
			}
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error %q does not contain %q", err, want)
			}
		})
	}
}

// foldReference is fold as first written, decomposing every non-ASCII rune:
// the table of fold must change nothing.
func foldReference(s string) string {
	var b strings.Builder
	space := true
	emitSpace := func() {
		if !space {
			b.WriteByte(' ')
			space = true
		}
	}
	for _, r := range s {
		if r < utf8.RuneSelf {
			switch {
			case 'A' <= r && r <= 'Z':
				b.WriteByte(byte(r + 'a' - 'A'))
				space = false
			case 'a' <= r && r <= 'z', '0' <= r && r <= '9':
				b.WriteByte(byte(r))
				space = false
			case r == '&':
				emitSpace()
				b.WriteString("and")
				space = false
				emitSpace()
			default:
				emitSpace()
			}
			continue
		}
		if rep, ok := foldSpecial[r]; ok {
			b.WriteString(rep)
			space = false
			continue
		}
		if r == 0x00AD || r >= 0x200B && r <= 0x200D || r == 0x2060 || r == 0xFEFF || r == 0x180E {
			continue // invisible inside a word
		}
		r = unicode.ToLower(r)
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r) {
			emitSpace()
			continue
		}
		for _, d := range norm.NFD.String(string(r)) {
			if unicode.Is(unicode.Mn, d) {
				continue
			}
			if rep, ok := foldSpecial[d]; ok {
				b.WriteString(rep)
			} else {
				b.WriteRune(unicode.ToLower(d))
			}
			space = false
		}
	}
	return strings.TrimRight(b.String(), " ")
}

func TestFoldMatchesReference(t *testing.T) {
	var all strings.Builder
	for r := rune(1); r < 0x3000; r++ {
		if r >= 0xD800 && r < 0xE000 {
			continue
		}
		s := "a" + string(r) + "b " + string(r) + " \u0301" + string(r)
		if got, want := fold(s), foldReference(s); got != want {
			t.Errorf("fold(%q) = %q, want %q", s, got, want)
		}
		all.WriteRune(r)
	}
	for _, s := range []string{all.String(), "Politique de confidentialité – Données & Sécurité", "Datenschutzerklärung ẞ Łódź Ørsted", "\xff\xfe bad \xc3"} {
		if got, want := fold(s), foldReference(s); got != want {
			t.Errorf("fold(%q) = %q, want %q", s, got, want)
		}
	}
}

func TestNamesContact(t *testing.T) {
	w, err := DefaultWords()
	if err != nil {
		t.Fatal(err)
	}
	for text, want := range map[string]bool{
		"Kontakt":              true,
		"Contact us":           true,
		"Contactez-nous":       true,
		"Contatti":             true,
		"Fale conosco":         true,
		"Contact & directions": true,
		"Contact our data protection officer about your privacy": false,
		"Privacy":  false,
		"Kontakte": false,
	} {
		if got := w.namesContact(text); got != want {
			t.Errorf("namesContact(%q) = %v, want %v", text, got, want)
		}
	}
}

func TestNamesSupportAndApp(t *testing.T) {
	w, err := DefaultWords()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		text         string
		support, app bool
	}{
		{"Support Center", true, false},
		{"Service à la clientèle", true, false},
		{"Hilfe", true, false},
		{"Centro de ayuda", true, false},
		{"Assistenza clienti", true, false},
		{"Veelgestelde vragen", true, false},
		{"Perguntas frequentes", true, false},
		{"Application Boréal+", false, true},
		{"Die App", false, true},
		{"Download the app", false, true},
		{"O aplicativo", false, true},
		// a sentence that mentions help or the app is no link to its page
		{"We can help you set up the app on your phone in a few minutes", false, false},
		{"Privacy", false, false},
	} {
		if got := w.namesSupport(tc.text); got != tc.support {
			t.Errorf("namesSupport(%q) = %v, want %v", tc.text, got, tc.support)
		}
		if got := w.namesApp(tc.text); got != tc.app {
			t.Errorf("namesApp(%q) = %v, want %v", tc.text, got, tc.app)
		}
	}
}

func TestNamesAccount(t *testing.T) {
	w, err := DefaultWords()
	if err != nil {
		t.Fatal(err)
	}
	for text, want := range map[string]bool{
		"Créer mon compte Tintamo": true,
		"Mon compte":               true,
		"Create an account":        true,
		"Konto erstellen":          true,
		"Regístrate":               true,
		"Account aanmaken":         true,
		"Criar conta":              true,
		"Your account is created once you confirm your e-mail address": false,
		"Privacy": false,
	} {
		if got := w.namesAccount(text); got != want {
			t.Errorf("namesAccount(%q) = %v, want %v", text, got, want)
		}
	}
}
