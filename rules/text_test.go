package rules

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

func keys(s string) []string {
	var t tokens
	t.tokenize(s)
	var out []string
	for i := range t.toks {
		out = append(out, string(t.key(i)))
	}
	return out
}

func joins(s string) []string {
	var t tokens
	t.tokenize(s)
	var out []string
	for i := range t.toks {
		if j := t.join(i); len(j) > 0 {
			out = append(out, string(j))
		}
	}
	return out
}

func TestTokenizeKeys(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"La sécurité des données.", "la securite des donnees"},
		{"LA SÉCURITÉ DES DONNÉES", "la securite des donnees"},
		{"Recht auf Lo\u0308schung", "recht auf loschung"},                             // NFD
		{"Recht auf Löschung", "recht auf loschung"},                                   // NFC
		{"droit d’accès et d'accès et dʼaccès", "droit d acces et d acces et d acces"}, // apostrophes
		{"l’âge requis", "l age requis"},
		{"16\u00a0ans", "16 ans"},                   // NBSP
		{"moins de 15\u202fans", "moins de 15 ans"}, // narrow NBSP
		{"conﬁdentialité", "confidentialite"},       // ligature
		{"Daten\u00adschutz", "datenschutz"},        // soft hyphen
		{"d’accès\u200bici", "d accesici"},          // zero-width space is not a break
		{"STRASSE Straße", "strasse strasse"},       // ß folds to ss
		{"İSTANBUL prıvacy", "istanbul privacy"},    // dotted capital I, dotless i
		{"ＤＡＴＡ", "data"},                            // full-width
		{"cookies.We use", "cookies we use"},
		{"Kindle Kind", "kindle kind"},
		{"16+ only", "16 + only"},
		{"dell’interessato", "dell interessato"},
		{"œuvre", "oeuvre"},
		{"see https://example.com/cookies-policy now", "see now"},
		{"(www.Example.com/security) ok", "ok"},
		{"cookies.We", "cookies we"},
		{"- ❌ Advertising identifiers, ✗ Tracking", "no advertising identifiers no tracking"}, // a cross mark says no
		{"✅ Crash reports", "crash reports"},
		// enumeration markers inside a sentence go; glued ones stay
		{"to (i) provide and (ii) process payments", "to provide and process payments"},
		{"para: a) gestionar; b) enviar", "para gestionar enviar"},
		{"(IV) Rights and 3) security", "rights and security"},
		{"our partner(s) and Art. 6(1)(f)", "our partner s and art 6 1 f"},
		{"aged (16) or over", "aged 16 or over"},
	}
	for _, tt := range tests {
		if got := strings.Join(keys(tt.in), " "); got != tt.want {
			t.Errorf("keys(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestTokenizeCompounds(t *testing.T) {
	tests := []struct {
		in        string
		wantKeys  string
		wantJoins []string
	}{
		{"Datenschutz-Erklärung", "datenschutz erklarung", []string{"datenschutzerklarung"}},
		{"opt-out", "opt out", []string{"optout"}},
		{"opt‑out", "opt out", []string{"optout"}}, // non-breaking hyphen
		{"Daten-\nschutz", "daten schutz", []string{"datenschutz"}},
		{"Daten- und Schutz", "daten und schutz", nil},
		{"VorgabenderDatenschutz", "vorgabender datenschutz", []string{"vorgabenderdatenschutz"}},
		{"iPhone eBay", "iphone ebay", nil},
		{"YouTube", "you tube", []string{"youtube"}},
		{"e-mail", "e mail", []string{"email"}},
		{"Web-Beacons", "web beacons", []string{"webbeacons"}},
	}
	for _, tt := range tests {
		if got := strings.Join(keys(tt.in), " "); got != tt.wantKeys {
			t.Errorf("keys(%q) = %q, want %q", tt.in, got, tt.wantKeys)
		}
		if got := joins(tt.in); !slices.Equal(got, tt.wantJoins) {
			t.Errorf("joins(%q) = %q, want %q", tt.in, got, tt.wantJoins)
		}
	}
}

func TestTokenizeOffsets(t *testing.T) {
	s := "Vos données « personnelles »"
	var tk tokens
	tk.tokenize(s)
	var got []string
	for _, x := range tk.toks {
		got = append(got, s[x.start:x.end])
	}
	want := []string{"Vos", "données", "personnelles"}
	if !slices.Equal(got, want) {
		t.Fatalf("spans = %q, want %q", got, want)
	}
}

func TestTokenizeNumbers(t *testing.T) {
	var tk tokens
	tk.tokenize("under 13, 16+ and 99999999")
	var nums []int
	for _, x := range tk.toks {
		nums = append(nums, int(x.num))
	}
	want := []int{-1, 13, 16, -1, -1, -1}
	if !slices.Equal(nums, want) {
		t.Fatalf("nums = %v, want %v", nums, want)
	}
}

// TestLowerRun compares lowerRun, eight bytes at a time, with a byte loop,
// from every start of texts that end runs with every kind of byte.
func TestLowerRun(t *testing.T) {
	var texts []string
	for c := 0; c < 256; c++ {
		for n := range 20 {
			texts = append(texts, "abcdefghijklmnopqrstuvwxyz"[:n]+string([]byte{byte(c)})+"xyz")
		}
	}
	for _, s := range texts {
		b := []byte(s)
		for j := range len(b) + 1 {
			want := j
			for want < len(b) && 'a' <= b[want] && b[want] <= 'z' {
				want++
			}
			if got := lowerRun(b, j); got != want {
				t.Errorf("lowerRun(%q, %d) = %d, want %d", s, j, got, want)
			}
		}
	}
}

// mayOpenURL must hold wherever urlEnd finds a URL: tokenize calls urlEnd
// only where it holds.
func TestMayOpenURL(t *testing.T) {
	check := func(s string) {
		t.Helper()
		for i := range len(s) {
			if urlEnd(s, i) > i && !mayOpenURL(s, i) {
				t.Fatalf("mayOpenURL(%q) = false, but a URL starts at %d", s, i)
			}
		}
	}
	for _, s := range []string{"see https://example.com now", "HTTP://X", "WwW.example.org", "www.", "a www.b", "no url here.", "w.", ".w", "://"} {
		check(s)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	const alphabet = "hHtTpPsSwW:/. xé"
	for range 200000 {
		b := make([]byte, 1+rng.IntN(12))
		for k := range b {
			b[k] = alphabet[rng.IntN(len(alphabet))]
		}
		check(string(b))
	}
}
