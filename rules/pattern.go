package rules

import (
	"bytes"
	"fmt"
	"slices"
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
//	^ x         x only at the start of the sentence
//
// Patterns compile at load time into flat token sequences (alternatives and
// optional atoms are expanded) that the index looks up by their first atom,
// so evaluation costs one hash lookup per token, not one regular expression
// per pattern.

type atomKind uint8

const (
	atomWord  atomKind = iota // a token (or joined compound) equal to one of keys, or with one of the prefixes, suffixes or infixes
	atomNum                   // a number in [lo, hi]
	atomGap                   // up to hi tokens of anything
	atomStart                 // the start of the sentence (consumes nothing)
)

// An atom matches one token (or, for a gap, a bounded run of tokens).
type atom struct {
	kind   atomKind
	keys   []string // exact keys
	pre    []string // prefixes
	suf    []string // suffixes
	inf    []string // infixes
	lo, hi int
	id     int32 // index in the pack's interned atoms
}

const (
	maxGap    = 8
	maxGaps   = 4   // gaps per pattern
	maxCode   = 512 // instructions per pattern
	maxSteps  = 4096
	minPrefix = 3
	minSuffix = 4
	minInfix  = 5
)

// node is the parse tree of a pattern.
type node struct {
	atom  *atom    // a leaf
	alts  [][]node // a group
	opt   bool
	group bool
}

// A compiled pattern is a small program for a backtracking matcher, like a
// regular-expression VM whose characters are tokens: alternatives and
// optional atoms branch, gaps skip a bounded number of tokens.
type opcode uint8

const (
	opAtom opcode = iota
	opSplit
	opJmp
	opGap
	opStart
	opMatch
)

type inst struct {
	op       opcode
	required bool // an atom every match contains
	a        *atom
	id       int32 // a's id in the pack's index, once interned
	x, y     int   // opSplit: try x then y; opJmp: go to x
	n        int   // opGap: up to n tokens
}

// cinst is inst for runIndexed: 12 bytes, the atom by id.
type cinst struct {
	op   opcode
	id   int32 // opAtom
	x, y int32 // opSplit: try x then y; opJmp: go to x; opGap: up to x tokens
}

type prog struct {
	code []inst
	// icode is code for runIndexed, once the atoms are interned.
	icode []cinst
	// first lists the atoms a match can start with, for the index.
	first []*atom
	// required lists atoms every match contains: a sentence without one of
	// them cannot match, and the pattern is not run on it. req holds their
	// ids in the pack's index.
	required []*atom
	req      []int32
	// clauses lists, for each group every match goes through, the atoms
	// its alternatives start with (ids in the pack's index): a sentence
	// without any atom of a clause cannot match. clausePCs are their pcs.
	clausePCs [][]int
	clauses   [][]int32
	// single is the atom of a one-atom pattern, which needs no matcher run;
	// singleID its id, -1 for other patterns.
	single   *atom
	singleID int32
}

// compilePattern parses src and compiles it.
func compilePattern(src string) ([]*prog, error) {
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
	var out []*prog
	for _, alt := range expandFront(nodes, maxFront) {
		if len(alt) == 0 {
			return nil, fmt.Errorf("pattern can match nothing (every atom is optional)")
		}
		c := &codegen{}
		c.emit(alt, true)
		c.code = append(c.code, inst{op: opMatch})
		if c.gaps > maxGaps {
			return nil, fmt.Errorf("more than %d gaps (~N) in one pattern; split it", maxGaps)
		}
		if len(c.code) > maxCode {
			return nil, fmt.Errorf("pattern too long (%d instructions, at most %d); split it", len(c.code), maxCode)
		}
		pr := &prog{code: c.code, clausePCs: c.clauses}
		seen := map[int]bool{}
		if pr.firstAtoms(0, seen) {
			return nil, fmt.Errorf("pattern can match nothing (every atom is optional)")
		}
		out = append(out, pr)
	}
	return out, nil
}

// maxFront bounds the programs a pattern's leading alternatives expand to.
const maxFront = 64

// expandFront expands the optional atoms and the groups at the front of a
// pattern into separate sequences, so that each starts with one definite
// atom and the index, not the matcher, picks the alternative. Single-word
// alternatives stay merged in one atom. It stops at limit sequences.
func expandFront(nodes []node, limit int) [][]node {
	if len(nodes) == 0 {
		return [][]node{nil}
	}
	n := nodes[0]
	rest := nodes[1:]
	var out [][]node
	switch {
	case n.atom != nil && n.atom.kind == atomStart:
		for _, alt := range expandFront(rest, limit) {
			out = append(out, append([]node{n}, alt...))
		}
		return out
	case n.atom != nil && n.atom.kind == atomGap:
		// A gap left at the front by an optional atom: drop it.
		return expandFront(rest, limit)
	case n.opt:
		m := n
		m.opt = false
		out = append(out, expandFront(append([]node{m}, rest...), limit)...)
		out = append(out, expandFront(rest, limit)...)
	case n.group:
		lit, others, ok := collapse(n.alts)
		if ok && len(others) == 0 {
			return [][]node{nodes}
		}
		alts := n.alts
		if ok {
			alts = append([][]node{{{atom: &lit}}}, others...)
		}
		for _, alt := range alts {
			seq := append(append([]node(nil), alt...), rest...)
			out = append(out, expandFront(seq, limit)...)
		}
	default:
		return [][]node{nodes}
	}
	if len(out) > limit {
		return [][]node{nodes}
	}
	return out
}

// firstAtoms collects the atoms reachable from pc without consuming a
// token; it reports whether the end is reachable that way.
func (pr *prog) firstAtoms(pc int, seen map[int]bool) bool {
	if seen[pc] {
		return false
	}
	seen[pc] = true
	in := &pr.code[pc]
	switch in.op {
	case opMatch:
		return true
	case opJmp:
		return pr.firstAtoms(in.x, seen)
	case opSplit:
		a := pr.firstAtoms(in.x, seen)
		b := pr.firstAtoms(in.y, seen)
		return a || b
	case opGap, opStart:
		return pr.firstAtoms(pc+1, seen)
	default:
		pr.first = append(pr.first, in.a)
		return false
	}
}

type codegen struct {
	code []inst
	gaps int
	// clauses lists, per group of the pattern's own sequence that every
	// match goes through, the pcs of its alternatives' first atoms: a match
	// contains one of them (see prog.clauses).
	clauses [][]int
}

// emit appends the code of nodes; top is set for the pattern's own sequence,
// whose non-optional atoms every match contains.
func (c *codegen) emit(nodes []node, top bool) {
	for _, n := range nodes {
		if len(c.code) > maxCode {
			return
		}
		split := -1
		if n.opt {
			split = len(c.code)
			c.code = append(c.code, inst{op: opSplit, x: split + 1})
		}
		switch {
		case !n.group && n.atom.kind == atomGap:
			c.gaps++
			c.code = append(c.code, inst{op: opGap, n: n.atom.hi})
		case !n.group && n.atom.kind == atomStart:
			c.code = append(c.code, inst{op: opStart})
		case !n.group:
			a := *n.atom
			c.code = append(c.code, inst{op: opAtom, a: &a, required: top && !n.opt})
		default:
			alts := n.alts
			if lit, rest, ok := collapse(n.alts); ok {
				if len(rest) == 0 {
					c.code = append(c.code, inst{op: opAtom, a: &lit, required: top && !n.opt})
					break
				}
				alts = append([][]node{{{atom: &lit}}}, rest...)
			}
			var jumps []int
			var clause []int
			every := top && !n.opt // every match goes through one alternative
			for i, alt := range alts {
				pc := len(c.code) // where the alternative's code starts
				if i < len(alts)-1 {
					pc++ // after its split
				}
				if a := alt[0]; a.group || a.opt || a.atom == nil || (a.atom.kind != atomWord && a.atom.kind != atomNum) {
					every = false // no definite first atom
				}
				clause = append(clause, pc)
				if i < len(alts)-1 {
					sp := len(c.code)
					c.code = append(c.code, inst{op: opSplit, x: sp + 1})
					c.emit(alt, false)
					jumps = append(jumps, len(c.code))
					c.code = append(c.code, inst{op: opJmp})
					c.code[sp].y = len(c.code)
				} else {
					c.emit(alt, false)
				}
			}
			for _, j := range jumps {
				c.code[j].x = len(c.code)
			}
			if every {
				c.clauses = append(c.clauses, clause)
			}
		}
		if split >= 0 {
			c.code[split].y = len(c.code)
		}
	}
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
		case '^':
			if len(nodes) > 0 || depth > 0 {
				return nil, p.errorf("'^' (start of sentence) may only begin a pattern")
			}
			p.pos++
			nodes = append(nodes, node{atom: &atom{kind: atomStart}})
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
			for p.pos < len(p.src) && !strings.ContainsRune(" \t()|?~^", rune(p.src[p.pos])) {
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
		return node{atom: &atom{kind: atomWord, keys: []string{"+"}}}, nil
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
			parts = append(parts, node{atom: &atom{kind: atomWord, keys: variants(raw)}})
			joined += string(t.key(i))
		}
		if utf8.RuneCountInString(joined) < minPrefix {
			return fail("wildcard stem %q is too short (at least %d letters)", joined, minPrefix)
		}
		if last := parts[len(parts)-1].atom; utf8.RuneCountInString(last.keys[0]) >= minPrefix {
			// "e-mail*": the last part is a prefix; a short one ("e-m*")
			// only matches as a literal.
			last.pre, last.keys = last.keys, nil
		}
		whole := []node{{atom: &atom{kind: atomWord, pre: []string{joined}}}}
		return node{group: true, alts: [][]node{parts, whole}}, nil
	}
	if (lead || trail) && len(t.toks) != 1 {
		return fail("a wildcard word must be a single token: %q", w)
	}
	if lead || trail {
		tk := t.toks[0]
		if tk.start != 0 || int(tk.end) != len(core) {
			return fail("a wildcard word must be a single token: %q", w)
		}
		keys := variants(core[tk.start:tk.end])
		a := &atom{kind: atomWord}
		min := minPrefix
		switch {
		case lead && trail:
			a.inf, min = keys, minInfix
		case lead:
			a.suf, min = keys, minSuffix
		default:
			a.pre = keys
		}
		for _, k := range keys {
			if utf8.RuneCountInString(k) < min {
				return fail("wildcard stem %q is too short (at least %d letters)", k, min)
			}
		}
		return node{atom: a}, nil
	}
	// A literal: one node per token; hyphenated and elided pieces also
	// accept their joined form.
	var parts []node
	for i := range t.toks {
		raw := core[t.toks[i].start:t.toks[i].end]
		parts = append(parts, node{atom: &atom{kind: atomWord, keys: variants(raw)}})
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
	whole := []node{{atom: &atom{kind: atomWord, keys: []string{joined}}}}
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

// collapse merges the alternatives of a group that are one word atom each
// into one atom; the other alternatives (sequences, numbers) are returned
// apart. ok is false when fewer than two alternatives merge.
func collapse(alts [][]node) (merged atom, rest [][]node, ok bool) {
	merged.kind = atomWord
	n := 0
	for _, alt := range alts {
		if len(alt) == 1 && !alt[0].group && !alt[0].opt && alt[0].atom != nil && alt[0].atom.kind == atomWord {
			a := alt[0].atom
			merged.keys = append(merged.keys, a.keys...)
			merged.pre = append(merged.pre, a.pre...)
			merged.suf = append(merged.suf, a.suf...)
			merged.inf = append(merged.inf, a.inf...)
			n++
			continue
		}
		rest = append(rest, alt)
	}
	return merged, rest, n >= 2 || (n == 1 && len(rest) == 0)
}

// matchKey reports whether word atom a matches the token key k. (The
// engine looks atoms up through the pack's index; this serves the plain
// matcher, run.)
func (a *atom) matchKey(k []byte) bool {
	for _, w := range a.keys {
		if string(k) == w {
			return true
		}
	}
	for _, w := range a.pre {
		if len(k) >= len(w) && string(k[:len(w)]) == w {
			return true
		}
	}
	return a.matchAffix(k)
}

// matchAffix reports whether the suffixes or infixes of a match k.
func (a *atom) matchAffix(k []byte) bool {
	for _, w := range a.suf {
		if len(k) > len(w) && string(k[len(k)-len(w):]) == w {
			return true
		}
	}
	for _, w := range a.inf {
		if len(k) > len(w) && bytes.Contains(k, []byte(w)) {
			return true
		}
	}
	return false
}

// vm runs a program on a sentence's tokens.
type vm struct {
	code  []inst
	icode []cinst // for runIndexed
	t     *tokens
	start int
	steps int
	// For runIndexed: kinfo and jinfo hold, per token, the index in infos
	// of what its key and its joined key match (see matcher.lookup). run
	// matches atoms key by key.
	kinfo, jinfo []int32
	infos        []keyInfo
	arena        []int32
}

// hit reports whether atom a matches the key (join false) or the joined
// key (join true) of token pos.
func (m *vm) hit(a *atom, pos int, join bool) bool {
	tk := &m.t.toks[pos]
	if join && tk.j1 <= tk.j0 {
		return false
	}
	if a.kind == atomNum {
		return !join && int(tk.num) >= a.lo && int(tk.num) <= a.hi
	}
	if join {
		return a.matchKey(m.t.keys[tk.j0:tk.j1])
	}
	return a.matchKey(m.t.keys[tk.k0:tk.k1])
}

// run matches the program from pc at token pos and returns the index after
// the last matched token.
func (m *vm) run(pc, pos int) (int, bool) {
	for {
		m.steps++
		if m.steps > maxSteps {
			return 0, false
		}
		in := &m.code[pc]
		switch in.op {
		case opMatch:
			return pos, true
		case opJmp:
			pc = in.x
		case opStart:
			if pos != 0 {
				return 0, false
			}
			pc++
		case opSplit:
			if end, ok := m.run(in.x, pos); ok {
				return end, true
			}
			pc = in.y
		case opGap:
			n := in.n
			if pos == m.start {
				n = 0 // an optional first atom was left out
			}
			for g := 0; g <= n && pos+g <= len(m.t.toks); g++ {
				if end, ok := m.run(pc+1, pos+g); ok {
					return end, true
				}
			}
			return 0, false
		default:
			if pos >= len(m.t.toks) {
				return 0, false
			}
			key, join := m.hit(in.a, pos, false), m.hit(in.a, pos, true)
			switch {
			case key && join:
				// The token and the compound it starts both match: try
				// the token first.
				if end, ok := m.run(pc+1, pos+1); ok {
					return end, true
				}
				pc, pos = pc+1, int(m.t.toks[pos].jEnd)
			case key:
				pc, pos = pc+1, pos+1
			case join:
				pc, pos = pc+1, int(m.t.toks[pos].jEnd)
			default:
				return 0, false
			}
		}
	}
}

// runIndexed is run for a vm whose kinfo, jinfo and infos are set: an
// atom is one bit test per token. Where a branch or a gap position would
// start with an atom that does not match, it counts the step such an
// attempt costs and moves on without recursing.
func (m *vm) runIndexed(pc, pos int) (int, bool) {
	for {
		m.steps++
		if m.steps > maxSteps {
			return 0, false
		}
		in := &m.icode[pc]
		switch in.op {
		case opMatch:
			return pos, true
		case opJmp:
			pc = int(in.x)
		case opStart:
			if pos != 0 {
				return 0, false
			}
			pc++
		case opSplit:
			if x := &m.icode[in.x]; x.op == opAtom && !m.atomAny(x.id, pos) {
				m.steps++ // the attempt fails at once
			} else if end, ok := m.runIndexed(int(in.x), pos); ok {
				return end, true
			}
			pc = int(in.y)
		case opGap:
			n := int(in.x)
			if pos == m.start {
				n = 0 // an optional first atom was left out
			}
			next := &m.icode[pc+1]
			for g := 0; g <= n && pos+g <= len(m.kinfo); g++ {
				if next.op == opAtom && !m.atomAny(next.id, pos+g) {
					m.steps++ // the attempt fails at once
					continue
				}
				if end, ok := m.runIndexed(pc+1, pos+g); ok {
					return end, true
				}
			}
			return 0, false
		default:
			if pos >= len(m.kinfo) {
				return 0, false
			}
			key, join := m.atomAt(in.id, pos)
			switch {
			case key && join:
				// The token and the compound it starts both match: try
				// the token first.
				if end, ok := m.runIndexed(pc+1, pos+1); ok {
					return end, true
				}
				pc, pos = pc+1, int(m.t.toks[pos].jEnd)
			case key:
				pc, pos = pc+1, pos+1
			case join:
				pc, pos = pc+1, int(m.t.toks[pos].jEnd)
			default:
				return 0, false
			}
		}
	}
}

// atomAt reports whether atom id matches the key and the joined key of
// token pos (see runIndexed). Index 0 of infos is noMatch, any other entry
// matches some atom.
func (m *vm) atomAt(id int32, pos int) (key, join bool) {
	return m.has(m.kinfo[pos], id), m.jinfo[pos] != 0 && m.has(m.jinfo[pos], id)
}

// has reports whether the key of infos[k] matches atom id.
func (m *vm) has(k, id int32) bool {
	ki := &m.infos[k]
	if ki.bloom&(1<<(id&63)) == 0 {
		return false
	}
	return slices.Contains(m.arena[ki.atoms.off:ki.atoms.off+ki.atoms.n], id)
}

// atomAny reports whether atom id matches token pos (its key or its joined
// key); false past the last token.
func (m *vm) atomAny(id int32, pos int) bool {
	if pos >= len(m.kinfo) {
		return false
	}
	key, join := m.atomAt(id, pos)
	return key || join
}

// matchProg matches pr at token position p of t.
func matchProg(pr *prog, t *tokens, p int) (int, bool) {
	m := vm{code: pr.code, t: t, start: p}
	return m.run(0, p)
}
