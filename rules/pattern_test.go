package rules

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

// patMatches reports whether pattern src matches somewhere in text, by its
// bit program; it fails t when the plain matcher disagrees.
func patMatches(t *testing.T, src, text string) bool {
	t.Helper()
	nodes, anchored, err := compilePattern(src)
	if err != nil {
		t.Fatalf("compilePattern(%q): %v", src, err)
	}
	ix := index{exact: map[string][]int32{}, prefix: map[string][]prefEntry{}}
	in := &interner{ix: &ix, ids: map[string]int32{}}
	g := bitgen{intern: in.intern}
	g.seq(nodes)
	g.finish()
	markAltAtoms(g.code)
	var s sentence
	s.toks.tokenize(text)
	s.reset(len(s.toks.toks), len(ix.atoms), len(ix.atoms))
	for i := range s.toks.toks {
		tk := s.toks.toks[i]
		for _, a := range ix.atomsOf(s.toks.key(i), int(tk.num)) {
			s.mark(a, i, false)
		}
		if tk.j1 > tk.j0 {
			for _, a := range ix.atomsOf(s.toks.join(i), -1) {
				s.mark(a, i, true)
			}
		}
	}
	got := false
	if s.n > 0 {
		if s.w == 1 {
			s0 := s.valid >> 1
			if anchored {
				s0 = 1
			}
			got = s.run1(g.code, s0, 0) != 0
		} else {
			s0 := make([]uint64, s.w)
			for i := range s.n {
				if !anchored || i == 0 {
					s0[i/64] |= 1 << uint(i%64)
				}
			}
			got = s.runN(g.code, s0, s.zero, make([]uint64, s.w))
		}
	}
	rm := &refMatcher{t: &s.toks}
	if want := len(rm.spans(nodes, anchored)) > 0; want != got {
		t.Errorf("pattern %q on %q: bit program %v, plain matcher %v", src, text, got, want)
	}
	return got
}

func TestPatternMatch(t *testing.T) {
	tests := []struct {
		pat, text string
		want      bool
	}{
		// Unicode edges that RE2's \b gets wrong (TOPICS.md §9.1).
		{"sécurité", "la sécurité des données", true},
		{"sécurité", "LA SECURITE DES DONNEES", true},
		{"données", "vos données.", true},
		{"droit d'accès", "le droit d’accès", true},
		{"droit d'accès", "le droit daccès", true},
		{"âge", "l’âge requis", true},
		{"âge", "cette page", false},
		{"âge", "usage", false},
		{"löschung", "Recht auf Lo\u0308schung", true},
		{"löschung", "Recht auf Loeschung", true},
		{"schung", "Löschung", false},
		{"à", "droit à l'oubli", true},
		{"übermittlung", "die Übermittlung", true},
		{"16 ans", "moins de 16\u00a0ans", true},
		{"confidentialité", "conﬁdentialité", true},
		{"datenschutz", "Daten\u00adschutz", true},
		{"cookies", "cookies.We use", true},
		{"datenschutz", "VorgabenderDatenschutz-Grundverordnung", true},
		// Tokens, not substrings (§9.6).
		{"kind", "Kindle", false},
		{"kind", "das Kind", true},
		{"recht", "oben rechts", false},
		{"recht", "Rechtsgrundlage", false},
		{"droit", "en haut à droite", false},
		{"minor", "minority", false},
		{"sicher*", "Versicherung", false},
		{"sicher*", "Sicherheit", true},
		{"secur*", "securely", true},
		{"*recht", "Auskunftsrecht", true},
		{"*recht", "Recht", false},
		{"*sicherheit*", "Datensicherheitskonzept", true},
		// Hyphen and joined forms.
		{"opt-out", "you can opt out", true},
		{"opt-out", "you can opt-out", true},
		{"opt-out", "an optout link", true},
		{"datenschutzerklärung", "die Datenschutz-Erklärung", true},
		{"e-mail", "your email", true},
		// Sequences, alternatives, optional atoms, gaps, numbers.
		{"(share|disclose) ~3 third part*", "we may share your data with third parties", true},
		{"(share|disclose) ~2 third part*", "we may share your personal data with third parties", false},
		{"not (directed|intended) (to|for) children", "not intended for children", true},
		{"personal? data", "data", true},
		{"personal? data", "personal data", true},
		{"(under|below) the? age of #13-18", "under the age of 16", true},
		{"(under|below) the? age of #13-18", "under the age of 12", false},
		{"#16 +", "users aged 16+ only", true},
		{"(we do not|we don't) sell", "we don't sell", true},
		{"(right to|may) (access|delete)", "you may delete", true},
		{"(a b|c) d", "c d", true},
		{"(a b|c) d", "a b d", true},
		{"(a b|c) d", "a d", false},
		{"x? ~3 y", "y", true},
		{"^ (provide|deliver) the? services", "Provide the services you request", true},
		{"^ (provide|deliver) the? services", "We provide the services you request", false},
		{"^ (a b|c) d", "c d e", true},
		{"x? ~3 y", "x a b y", true},
		{"a ~2 b?", "a", true},
		{"a (b|c d)? e", "a c d e", true},
		{"a (b|c d)? e", "a c e", false},
	}
	for _, tt := range tests {
		if got := patMatches(t, tt.pat, tt.text); got != tt.want {
			t.Errorf("pattern %q on %q = %v, want %v", tt.pat, tt.text, got, tt.want)
		}
	}
	// Around the longest sentences one and two words hold (62 and 126
	// tokens, see sentence.w): a match of the pattern's head that ends
	// past the last token must not make the tail start anew.
	for _, n := range []int{58, 59, 60, 61, 62, 63, 64, 65, 66, 124, 125, 126, 127, 128} {
		text := "y " + strings.Repeat("q ", n-2) + "x"
		for _, pat := range []string{"x y", "x ~2 y", "x y?", "x (y | z)", "(a | x) (b | y)", "q x ~1 (y | q)", "q ~3 x ~2 y?", "y ~8 q ~8 x"} {
			patMatches(t, pat, text)
		}
	}
}

func TestPatternErrors(t *testing.T) {
	tests := []struct{ pat, want string }{
		{"", "empty pattern"},
		{"(a|b", "unclosed"},
		{"a)", "unexpected"},
		{"~3 a", "gap"},
		{"a ~3", "gap"},
		{"a ~13 b", "gap is ~N"},
		{"a ~2 ~2 b", "two gaps"},
		{"se*", "too short"},
		{"*abc", "too short"},
		{"*abcd*", "too short"},
		{"a*b", "'*' may only"},
		{"#x", "bad number"},
		{"#20-10", "bad number"},
		{"a? b?", "every atom is optional"},
		{"?", "'?' must follow"},
		{"(a|)", "empty alternative"},
		{"a ^ b", "may only begin"},
		{"^", "match nothing"},
		{"!!!", "no letters"},
		{"a ~1 b ~1 c ~1 d ~1 e ~1 f", "more than 4 gaps"},
		{"(a ~1 b|c) ~1 d", "ok"},
	}
	for _, tt := range tests {
		_, _, err := compilePattern(tt.pat)
		if tt.want == "ok" {
			if err != nil {
				t.Errorf("compilePattern(%q): %v", tt.pat, err)
			}
			continue
		}
		if err == nil {
			t.Errorf("compilePattern(%q): no error, want %q", tt.pat, tt.want)
			continue
		}
		if !strings.Contains(err.Error(), tt.want) {
			t.Errorf("compilePattern(%q) = %v, want it to contain %q", tt.pat, err, tt.want)
		}
	}
}

func TestPatternClauses(t *testing.T) {
	tests := []struct {
		pattern string
		want    [][]string // per clause, the keys of its atoms
	}{
		{"we ~3 (collect* | ask for)", [][]string{{"collect", "ask"}}},
		{"we (share | sell | disclose) data", nil},                          // one atom, required
		{"we (share | ask for)? data", nil},                                 // optional group
		{"x (a | (b | c) d)", [][]string{{"a", "b"}}},                       // an alternative's required atom: (b|c)
		{"x (a b | c d) ~2 (e f | #13)", [][]string{{"a", "c"}, {"e", ""}}}, // a number atom has no key
		{"x (a? | b)", nil}, // an alternative requires nothing
		// The rarest atom of an alternative ("law" costs more below).
		{"x (law enforcement | subpoena)", [][]string{{"enforcement", "subpoena"}}},
		{"x (a (law | legal) | b (law | court))", [][]string{{"a", "b"}}},
		{"x ((law | legal) ~2 (police | court) | b)", [][]string{{"police", "b"}}}, // (police | court): one atom
	}
	for _, tt := range tests {
		nodes, _, err := compilePattern(tt.pattern)
		if err != nil {
			t.Fatalf("%s: %v", tt.pattern, err)
		}
		ix := index{exact: map[string][]int32{}, prefix: map[string][]prefEntry{}}
		in := &interner{ix: &ix, ids: map[string]int32{}}
		cost := func(a int32) int {
			if slices.Contains(ix.atoms[a].keys, "law") {
				return 10
			}
			return 0
		}
		_, clauses := requirements(nodes, in, cost)
		var got [][]string
		for _, cl := range clauses {
			var keys []string
			for _, id := range cl {
				a := ix.atoms[id]
				k := ""
				if len(a.keys) > 0 {
					k = a.keys[0]
				} else if len(a.pre) > 0 {
					k = a.pre[0]
				}
				keys = append(keys, k)
			}
			got = append(got, keys)
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: clauses %q, want %q", tt.pattern, got, tt.want)
		}
	}
}

// TestSmear checks the gap's shifts by doubling against one shift per
// token.
func TestSmear(t *testing.T) {
	xs := []uint64{0, 1, 1 << 5, 1<<63 | 1, 0x8000_0000_0000_0001, 0x0123_4567_89ab_cdef, ^uint64(0)}
	for n := int32(0); n <= 70; n++ {
		for _, x := range xs {
			want := x
			for k := int32(0); k < n; k++ {
				want |= want << 1
			}
			if got := smear(x, n); got != want {
				t.Errorf("smear(%#x, %d) = %#x, want %#x", x, n, got, want)
			}
			for _, hi := range xs {
				wl, wh := x, hi
				for k := int32(0); k < n; k++ {
					wl, wh = wl|wl<<1, wh|wh<<1|wl>>63
				}
				if gl, gh := smear2(x, hi, n); gl != wl || gh != wh {
					t.Errorf("smear2(%#x, %#x, %d) = %#x %#x, want %#x %#x", x, hi, n, gl, gh, wl, wh)
				}
			}
		}
	}
}
