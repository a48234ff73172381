package rules

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The pattern language. A pattern is a sequence of token atoms, matched
// against the tokens of one sentence (see text.go): case, accents, ligatures,
// apostrophe and hyphen variants never matter.
//
//	word        the token "word" ("données" also matches "donnees", "DONNÉES")
//	two words   the tokens in sequence; "d'accès" is the three tokens d·acces
//	            and also matches "daccès"; "opt-out" matches "opt out",
//	            "opt-out" and "optout"; German umlauts also match their
//	            transliteration ("löschung" matches "Loeschung")
//	word*       a token starting with "word" (at least 3 letters)
//	*word       a token ending with "word" (at least 4 letters), for the
//	            heads of German compounds ("*recht": "Auskunftsrecht")
//	*word*      a token containing "word" (at least 5 letters)
//	#           any number; #16 the number 16; #13-21 a number from 13 to 21
//	(a | b c)   alternatives, each a sequence
//	x?          the atom or group x is optional
//	~N          up to N tokens of anything (N from 1 to 8)
//
// Patterns compile at load time into flat token sequences (alternatives and
// optional atoms are expanded) that the index looks up by their first atom,
// so evaluation costs one hash lookup per token, not one regular expression
// per pattern.

type atomKind uint8

const (
	atomLit    atomKind = iota // one of keys, or the joined form of a compound
	atomPrefix                 // a token starting with one of keys
	atomSuffix                 // a token ending with one of keys
	atomInfix                  // a token containing one of keys
	atomNum                    // a number in [lo, hi]
	atomGap                    // up to hi tokens of anything
)

// An atom matches one token (or, for a gap, a bounded run of tokens).
type atom struct {
	kind   atomKind
	keys   []string
	lo, hi int
}

// A seq is one flat alternative of a compiled pattern.
type seq []atom

const (
	maxGap        = 8
	maxExpansions = 512
	minPrefix     = 3
	minSuffix     = 4
	minInfix      = 5
)

// node is the parse tree of a pattern before expansion.
type node struct {
	atom  *atom    // a leaf
	alts  [][]node // a group
	opt   bool
	group bool
}

// compilePattern parses src and expands it into flat sequences.
func compilePattern(src string) ([]seq, error) {
	p := &patternParser{src: src}
	nodes, err := p.parseSeq(0)
	if err != nil {
		return nil, err
	}
	if p.pos < len(p.src) {
		return nil, p.errorf("unexpected %q", p.src[p.pos])
	}
	if len(nodes) == 0 {
		return nil, fmt.Errorf("empty pattern")
	}
	isGap := func(n node) bool { return n.atom != nil && n.atom.kind == atomGap }
	if isGap(nodes[0]) || isGap(nodes[len(nodes)-1]) {
		return nil, fmt.Errorf("a gap (~N) must stand between two atoms")
	}
	for i := 1; i < len(nodes); i++ {
		if isGap(nodes[i]) && isGap(nodes[i-1]) {
			return nil, fmt.Errorf("two gaps (~N) in a row")
		}
	}
	seqs, err := expand(nodes, nil)
	if err != nil {
		return nil, err
	}
	out := seqs[:0]
	for _, s := range seqs {
		// An optional atom left out can leave a gap at an edge or two gaps
		// side by side: trim and merge them.
		var n seq
		for _, a := range s {
			if a.kind == atomGap {
				if len(n) == 0 {
					continue
				}
				if last := &n[len(n)-1]; last.kind == atomGap {
					last.hi += a.hi
					continue
				}
			}
			n = append(n, a)
		}
		for len(n) > 0 && n[len(n)-1].kind == atomGap {
			n = n[:len(n)-1]
		}
		if len(n) == 0 {
			return nil, fmt.Errorf("pattern can match nothing (every atom is optional)")
		}
		out = append(out, n)
	}
	return dedupeSeqs(out), nil
}

type patternParser struct {
	src string
	pos int
}

func (p *patternParser) errorf(format string, a ...any) error {
	return fmt.Errorf("column %d: %s", p.pos+1, fmt.Sprintf(format, a...))
}

func (p *patternParser) skipSpace() {
	for p.pos < len(p.src) && (p.src[p.pos] == ' ' || p.src[p.pos] == '\t') {
		p.pos++
	}
}

// parseSeq parses atoms until ')' , '|' or the end.
func (p *patternParser) parseSeq(depth int) ([]node, error) {
	if depth > 4 {
		return nil, p.errorf("groups nested too deep")
	}
	var nodes []node
	for {
		p.skipSpace()
		if p.pos >= len(p.src) {
			return nodes, nil
		}
		c := p.src[p.pos]
		switch c {
		case ')', '|':
			return nodes, nil
		case '?':
			return nil, p.errorf("'?' must follow an atom")
		case '(':
			p.pos++
			var alts [][]node
			for {
				alt, err := p.parseSeq(depth + 1)
				if err != nil {
					return nil, err
				}
				if len(alt) == 0 {
					return nil, p.errorf("empty alternative in group")
				}
				alts = append(alts, alt)
				if p.pos >= len(p.src) {
					return nil, p.errorf("unclosed '('")
				}
				if p.src[p.pos] == ')' {
					p.pos++
					break
				}
				p.pos++ // '|'
			}
			n := node{alts: alts, group: true}
			n.opt = p.optional()
			nodes = append(nodes, n)
		case '~':
			start := p.pos
			p.pos++
			j := p.pos
			for j < len(p.src) && '0' <= p.src[j] && p.src[j] <= '9' {
				j++
			}
			n, err := strconv.Atoi(p.src[p.pos:j])
			if err != nil || n < 1 || n > maxGap {
				p.pos = start
				return nil, p.errorf("a gap is ~N with N from 1 to %d", maxGap)
			}
			p.pos = j
			nodes = append(nodes, node{atom: &atom{kind: atomGap, hi: n}})
		default:
			start := p.pos
			for p.pos < len(p.src) && !strings.ContainsRune(" \t()|?~", rune(p.src[p.pos])) {
				p.pos++
			}
			word := p.src[start:p.pos]
			n, err := p.word(word, start)
			if err != nil {
				return nil, err
			}
			n.opt = p.optional()
			nodes = append(nodes, n)
		}
	}
}

func (p *patternParser) optional() bool {
	if p.pos < len(p.src) && p.src[p.pos] == '?' {
		p.pos++
		return true
	}
	return false
}

// word compiles one space-free piece of a pattern into a node.
func (p *patternParser) word(w string, col int) (node, error) {
	fail := func(format string, a ...any) (node, error) {
		return node{}, fmt.Errorf("column %d: %s", col+1, fmt.Sprintf(format, a...))
	}
	if strings.HasPrefix(w, "#") {
		a := atom{kind: atomNum, lo: 0, hi: maxNum}
		if rest := w[1:]; rest != "" {
			lo, hi, ok := strings.Cut(rest, "-")
			var err1, err2 error
			a.lo, err1 = strconv.Atoi(lo)
			a.hi = a.lo
			if ok {
				a.hi, err2 = strconv.Atoi(hi)
			}
			if err1 != nil || err2 != nil || a.lo < 0 || a.hi < a.lo || a.hi >= maxNum {
				return fail("bad number atom %q: want #, #N or #N-M", w)
			}
		}
		return node{atom: &a}, nil
	}
	if w == "+" {
		return node{atom: &atom{kind: atomLit, keys: []string{"+"}}}, nil
	}
	lead := strings.HasPrefix(w, "*")
	trail := strings.HasSuffix(w, "*") && len(w) > 1
	core := strings.TrimSuffix(strings.TrimPrefix(w, "*"), "*")
	if strings.Contains(core, "*") || core == "" {
		return fail("'*' may only start or end a word: %q", w)
	}
	if strings.ContainsAny(core, "#") {
		return fail("'#' may only start a number atom: %q", w)
	}
	var t tokens
	t.tokenize(core)
	if len(t.toks) == 0 {
		return fail("%q holds no letters or digits", w)
	}
	if trail && !lead && len(t.toks) > 1 {
		// "e-mail*": the tokens e·mail*, or the joined prefix email*.
		var parts []node
		joined := ""
		for i := range t.toks {
			raw := core[t.toks[i].start:t.toks[i].end]
			kind := atomLit
			if i == len(t.toks)-1 {
				kind = atomPrefix
			}
			parts = append(parts, node{atom: &atom{kind: kind, keys: variants(raw)}})
			joined += string(t.key(i))
		}
		last := parts[len(parts)-1].atom
		for _, k := range last.keys {
			if utf8.RuneCountInString(k) < 1 {
				return fail("empty wildcard stem in %q", w)
			}
		}
		if utf8.RuneCountInString(joined) < minPrefix {
			return fail("wildcard stem %q is too short (at least %d letters)", joined, minPrefix)
		}
		last.kind = atomPrefix
		if utf8.RuneCountInString(last.keys[0]) < minPrefix {
			// A short last part ("e-m*") only matches as a literal.
			last.kind = atomLit
		}
		whole := []node{{atom: &atom{kind: atomPrefix, keys: []string{joined}}}}
		return node{group: true, alts: [][]node{parts, whole}}, nil
	}
	if (lead || trail) && len(t.toks) != 1 {
		return fail("a wildcard word must be a single token: %q", w)
	}
	if lead || trail {
		tk := t.toks[0]
		if tk.start != 0 || tk.end != len(core) {
			return fail("a wildcard word must be a single token: %q", w)
		}
		keys := variants(core[tk.start:tk.end])
		kind, min := atomPrefix, minPrefix
		switch {
		case lead && trail:
			kind, min = atomInfix, minInfix
		case lead:
			kind, min = atomSuffix, minSuffix
		}
		for _, k := range keys {
			if utf8.RuneCountInString(k) < min {
				return fail("wildcard stem %q is too short (at least %d letters)", k, min)
			}
		}
		return node{atom: &atom{kind: kind, keys: keys}}, nil
	}
	// A literal: one node per token; hyphenated and elided pieces also
	// accept their joined form.
	var parts []node
	for i := range t.toks {
		raw := core[t.toks[i].start:t.toks[i].end]
		parts = append(parts, node{atom: &atom{kind: atomLit, keys: variants(raw)}})
	}
	if len(parts) == 1 {
		return parts[0], nil
	}
	joined := strings.Join(func() []string {
		var ks []string
		for i := range t.toks {
			ks = append(ks, string(t.key(i)))
		}
		return ks
	}(), "")
	whole := []node{{atom: &atom{kind: atomLit, keys: []string{joined}}}}
	return node{group: true, alts: [][]node{parts, whole}}, nil
}

// variants returns the keys a pattern word matches: its folded form and,
// for German umlauts, the transliterated one (ä→ae, ö→oe, ü→ue).
func variants(raw string) []string {
	k := foldKey(raw)
	out := []string{k}
	lower := strings.ToLower(raw)
	if strings.ContainsAny(lower, "äöü") {
		tr := strings.NewReplacer("ä", "ae", "ö", "oe", "ü", "ue").Replace(lower)
		if v := foldKey(tr); v != k {
			out = append(out, v)
		}
	}
	return out
}

// expand turns a node list into the flat sequences it matches.
func expand(nodes []node, prefix []seq) ([]seq, error) {
	acc := []seq{{}}
	for _, n := range nodes {
		var opts []seq
		switch {
		case n.group:
			// A group of single literal atoms collapses into one atom.
			if lit, ok := collapse(n.alts); ok {
				opts = []seq{{lit}}
				break
			}
			for _, alt := range n.alts {
				s, err := expand(alt, nil)
				if err != nil {
					return nil, err
				}
				opts = append(opts, s...)
			}
		default:
			opts = []seq{{*n.atom}}
		}
		if n.opt {
			opts = append(opts, seq{})
		}
		next := make([]seq, 0, len(acc)*len(opts))
		for _, a := range acc {
			for _, o := range opts {
				s := make(seq, 0, len(a)+len(o))
				s = append(append(s, a...), o...)
				next = append(next, s)
			}
		}
		if len(next) > maxExpansions {
			return nil, fmt.Errorf("pattern expands to more than %d sequences; split it", maxExpansions)
		}
		acc = next
	}
	return acc, nil
}

// collapse merges a group whose alternatives are all one literal (or all one
// prefix) atom into one atom with every key.
func collapse(alts [][]node) (atom, bool) {
	var out atom
	for i, alt := range alts {
		if len(alt) != 1 || alt[0].group || alt[0].opt || alt[0].atom == nil {
			return atom{}, false
		}
		a := alt[0].atom
		if a.kind != atomLit && a.kind != atomPrefix {
			return atom{}, false
		}
		if i == 0 {
			out.kind = a.kind
		} else if a.kind != out.kind {
			return atom{}, false
		}
		out.keys = append(out.keys, a.keys...)
	}
	return out, true
}

func dedupeSeqs(in []seq) []seq {
	seen := map[string]bool{}
	out := in[:0]
	for _, s := range in {
		var b strings.Builder
		for _, a := range s {
			fmt.Fprintf(&b, "%d:%v:%d:%d;", a.kind, a.keys, a.lo, a.hi)
		}
		if !seen[b.String()] {
			seen[b.String()] = true
			out = append(out, s)
		}
	}
	return out
}

// matchAtom reports whether atom a matches the token key k.
func (a *atom) matchKey(k []byte) bool {
	switch a.kind {
	case atomLit:
		for _, w := range a.keys {
			if string(k) == w {
				return true
			}
		}
	case atomPrefix:
		for _, w := range a.keys {
			if len(k) >= len(w) && string(k[:len(w)]) == w {
				return true
			}
		}
	case atomSuffix:
		for _, w := range a.keys {
			if len(k) > len(w) && string(k[len(k)-len(w):]) == w {
				return true
			}
		}
	case atomInfix:
		for _, w := range a.keys {
			if len(k) > len(w) && bytes.Contains(k, []byte(w)) {
				return true
			}
		}
	}
	return false
}

// matchSeq matches s[ai:] at token position p of t and returns the index
// after the last matched token.
func matchSeq(s seq, ai int, t *tokens, p int) (int, bool) {
	if ai == len(s) {
		return p, true
	}
	a := &s[ai]
	if a.kind == atomGap {
		for g := 0; g <= a.hi && p+g < len(t.toks); g++ {
			if end, ok := matchSeq(s, ai+1, t, p+g); ok {
				return end, true
			}
		}
		return 0, false
	}
	if p >= len(t.toks) {
		return 0, false
	}
	tk := &t.toks[p]
	if a.kind == atomNum {
		if tk.num >= a.lo && tk.num <= a.hi {
			return matchSeq(s, ai+1, t, p+1)
		}
		return 0, false
	}
	if a.matchKey(t.keys[tk.k0:tk.k1]) {
		if end, ok := matchSeq(s, ai+1, t, p+1); ok {
			return end, true
		}
	}
	if tk.j1 > tk.j0 && a.matchKey(t.keys[tk.j0:tk.j1]) {
		return matchSeq(s, ai+1, t, tk.jEnd)
	}
	return 0, false
}
