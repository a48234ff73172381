package rules

import (
	"bytes"
	"errors"
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
//	~N          up to N tokens of anything (N from 1 to 12)
//	^ x         x only at the start of the sentence
//
// Patterns compile at load time into small bit-parallel programs (bits.go):
// a program runs once over a sentence, carrying the set of token positions
// every partial match can have reached, so a pattern costs a few word
// operations per element whatever the number of places it could start at.

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
	maxGap    = 12
	maxGaps   = 4   // gaps per pattern
	maxCode   = 512 // instructions per pattern
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

// compilePattern parses src into its node sequence; anchored reports a
// leading ^.
func compilePattern(src string) (nodes []node, anchored bool, err error) {
	return parsePattern(src, nil, "")
}

// parsePattern is compilePattern for a pattern of language lang whose @name
// references lists resolves.
func parsePattern(src string, lists *listScope, lang string) (nodes []node, anchored bool, err error) {
	p := &patternParser{src: src, lists: lists, lang: lang}
	nodes, err = p.parseSeq(0)
	if err != nil {
		return nil, false, err
	}
	if p.pos < len(p.src) {
		return nil, false, p.errorf("unexpected %q", p.src[p.pos])
	}
	if len(nodes) > 0 && nodes[0].atom != nil && nodes[0].atom.kind == atomStart {
		anchored = true
		nodes = nodes[1:]
	}
	if len(nodes) == 0 {
		if anchored {
			return nil, false, fmt.Errorf("pattern can match nothing (every atom is optional)")
		}
		return nil, false, fmt.Errorf("empty pattern")
	}
	isGap := func(n node) bool { return n.atom != nil && n.atom.kind == atomGap }
	if isGap(nodes[0]) || isGap(nodes[len(nodes)-1]) {
		return nil, false, fmt.Errorf("a gap (~N) must stand between two atoms")
	}
	for i := 1; i < len(nodes); i++ {
		if isGap(nodes[i]) && isGap(nodes[i-1]) {
			return nil, false, fmt.Errorf("two gaps (~N) in a row")
		}
	}
	if gaps := countGaps(nodes); gaps > maxGaps {
		return nil, false, fmt.Errorf("more than %d gaps (~N) in one pattern; split it", maxGaps)
	}
	if nullable(nodes) {
		return nil, false, fmt.Errorf("pattern can match nothing (every atom is optional)")
	}
	if size := codeSize(nodes); size > maxCode {
		return nil, false, fmt.Errorf("pattern too long (%d instructions, at most %d); split it", size, maxCode)
	}
	return nodes, anchored, nil
}

// canonical writes a pattern's parse tree in a form that identical
// patterns share, whatever their spacing.
func canonical(nodes []node, anchored bool) string {
	var b strings.Builder
	if anchored {
		b.WriteString("^ ")
	}
	writeNodes(&b, nodes)
	return b.String()
}

func writeNodes(b *strings.Builder, nodes []node) {
	for i, n := range nodes {
		if i > 0 {
			b.WriteByte(' ')
		}
		if n.group {
			b.WriteByte('(')
			for k, alt := range n.alts {
				if k > 0 {
					b.WriteByte('|')
				}
				writeNodes(b, alt)
			}
			b.WriteByte(')')
		} else {
			a := n.atom
			switch a.kind {
			case atomGap:
				fmt.Fprintf(b, "~%d", a.hi)
			case atomNum:
				fmt.Fprintf(b, "#%d-%d", a.lo, a.hi)
			default:
				for k, l := range [][]string{a.keys, a.pre, a.suf, a.inf} {
					if len(l) > 0 {
						b.WriteByte("kpsi"[k])
						b.WriteByte(':')
						b.WriteString(strings.Join(l, ","))
						b.WriteByte(';')
					}
				}
			}
		}
		if n.opt {
			b.WriteByte('?')
		}
	}
}

// countGaps counts the gaps a match can pass through: the most along any
// path of the pattern.
func countGaps(nodes []node) int {
	n := 0
	for _, x := range nodes {
		switch {
		case x.group:
			most := 0
			for _, alt := range x.alts {
				most = max(most, countGaps(alt))
			}
			n += most
		case x.atom.kind == atomGap:
			n++
		}
	}
	return n
}

// deadGap reports a gap that no required atom follows: in "x ~2 (y)?" the
// (y)? can never decide a match (a match is the shortest, and "x" alone is
// one), so the pattern says less than it seems to. Unanchored, a gap with
// only optional atoms before it is as dead; anchored, "^ (x)? ~2 y" is y
// among the first three tokens. The engine reads such patterns as written
// (compilePattern takes them); a pack's loader refuses them.
func deadGap(nodes []node, anchored bool) error {
	for i, n := range nodes {
		if n.atom == nil || n.atom.kind != atomGap {
			continue
		}
		if nullable(nodes[i+1:]) {
			return fmt.Errorf("a gap (~N) with only optional atoms after it: they never decide a match (drop the gap, or the ?)")
		}
		if !anchored && nullable(nodes[:i]) {
			return fmt.Errorf("a gap (~N) with only optional atoms before it: they never decide a match (drop the gap, or the ?)")
		}
	}
	return nil
}

// optionalAlt reports a group, not itself optional, one of whose
// alternatives can match nothing ("analytics (tools|sdks?)", where the
// regular-expression reader meant "sdk or sdks"): the whole group is then
// optional, and "analytics" alone matches. Written "(tools|sdks)?" it says
// so; written "(tools|sdk|sdks)" it says what was meant.
func optionalAlt(nodes []node) error {
	for _, n := range nodes {
		if !n.group {
			continue
		}
		for _, alt := range n.alts {
			if !n.opt && nullable(alt) {
				return fmt.Errorf("an alternative of a group can match nothing (such as a lone \"sdks?\"), which makes the whole group optional: mark the group with ?, or make the alternative required (\"sdk|sdks\")")
			}
			if err := optionalAlt(alt); err != nil {
				return err
			}
		}
	}
	return nil
}

// nullable reports whether nodes can match without consuming a token.
func nullable(nodes []node) bool {
	for _, x := range nodes {
		if x.opt {
			continue
		}
		switch {
		case x.group:
			ok := false
			for _, alt := range x.alts {
				ok = ok || nullable(alt)
			}
			if !ok {
				return false
			}
		case x.atom.kind == atomGap, x.atom.kind == atomStart:
		default:
			return false
		}
	}
	return true
}

// codeSize is the number of instructions nodes compile to.
func codeSize(nodes []node) int {
	n := 0
	for _, x := range nodes {
		if x.opt {
			n += 2
		}
		if !x.group {
			n++
			continue
		}
		if _, rest, ok := collapse(x.alts); ok && len(rest) == 0 {
			n++
			continue
		}
		alts := x.alts
		if lit, rest, ok := collapse(x.alts); ok {
			alts = append([][]node{{{atom: &lit}}}, rest...)
		}
		if len(alts) == 1 {
			n += codeSize(alts[0])
			continue
		}
		n += 1 + len(alts)
		for _, alt := range alts {
			n += codeSize(alt)
		}
	}
	return n
}

type patternParser struct {
	src string
	pos int
	// lists resolves @name references (nil: none are defined); lang is the
	// pattern's language, whose items a reference takes.
	lists *listScope
	lang  string
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
		case '@':
			start := p.pos
			p.pos++
			j := p.pos
			for j < len(p.src) && isNameByte(p.src[j]) {
				j++
			}
			name := p.src[p.pos:j]
			if name == "" {
				return nil, p.errorf("'@' must name a list (@name)")
			}
			p.pos = j
			alts, err := p.lists.resolve(name, p.lang)
			if err != nil {
				var fe *FileError
				if errors.Is(err, errListBroken) || errors.As(err, &fe) {
					return nil, err
				}
				p.pos = start
				return nil, p.errorf("%v", err)
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
			for p.pos < len(p.src) && !strings.ContainsRune(" \t()|?~^@", rune(p.src[p.pos])) {
				p.pos++
			}
			word := p.src[start:p.pos]
			n, ok := node{}, false
			if p.lists != nil && p.lists.words != nil {
				n, ok = p.lists.words[word]
			}
			if !ok {
				var err error
				if n, err = p.word(word, start); err != nil {
					return nil, err
				}
				if p.lists != nil && p.lists.words != nil {
					// Its atoms are shared: nothing writes to a parsed
					// atom (intern copies it).
					p.lists.words[word] = n
				}
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

func isNameByte(c byte) bool { return 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '_' }

// A listScope holds the named lists a topic's patterns may use: the
// topic's own and the pack's.
type listScope struct {
	defs map[string]*listDef
	// words, when set, remembers the parse of each word (see
	// patternParser.word) for the whole pack: policy vocabulary recurs in
	// hundreds of patterns.
	words map[string]node
}

// listDef is one named list.
type listDef struct {
	name, file string
	line       int
	items      rawPatterns
	pack       bool // defined in the manifest
	used       bool
	busy       bool                // being parsed (a reference cycle)
	parsed     map[string][][]node // per language: its items' parse trees
	broken     map[string]bool     // per language: an item failed to parse
}

// errListBroken is the error of a reference to a list whose items did not
// parse (their errors are reported where they stand).
var errListBroken = fmt.Errorf("the list has errors")

// resolve returns the alternatives of list name for lang.
func (s *listScope) resolve(name, lang string) ([][]node, error) {
	var d *listDef
	if s != nil {
		d = s.defs[name]
	}
	if d == nil {
		return nil, fmt.Errorf("unknown list @%s", name)
	}
	d.used = true
	if alts, ok := d.parsed[lang]; ok {
		return alts, nil
	}
	if d.broken[lang] {
		return nil, errListBroken
	}
	items := d.items[lang]
	if len(items) == 0 {
		return nil, fmt.Errorf("list @%s has no %s items", name, lang)
	}
	if d.busy {
		return nil, fmt.Errorf("list @%s refers to itself", name)
	}
	alts, err := s.parseItems(d, lang)
	if err != nil {
		return nil, err
	}
	return alts, nil
}

// parseItems parses the items of list d in lang; a bad item makes a
// *FileError at its line.
func (s *listScope) parseItems(d *listDef, lang string) ([][]node, error) {
	d.busy = true
	defer func() { d.busy = false }()
	var alts [][]node
	for _, it := range d.items[lang] {
		p := &patternParser{src: it.Value, lists: s, lang: lang}
		nodes, err := p.parseSeq(1)
		if err == nil && p.pos < len(p.src) {
			err = p.errorf("unexpected %q", p.src[p.pos])
		}
		if err == nil && len(nodes) == 0 {
			err = fmt.Errorf("empty item")
		}
		if err == nil && nullable(nodes) {
			err = fmt.Errorf("an item must read at least one token (every element of it is optional)")
		}
		if err != nil {
			if d.broken == nil {
				d.broken = map[string]bool{}
			}
			d.broken[lang] = true
			var fe *FileError
			if errors.Is(err, errListBroken) || errors.As(err, &fe) {
				return nil, err // an item of a list this one uses
			}
			return nil, &FileError{File: d.file, Line: it.Line, Msg: fmt.Sprintf("list %s (%s): item %q: %v", d.name, lang, it.Value, err)}
		}
		alts = append(alts, nodes)
	}
	if d.parsed == nil {
		d.parsed = map[string][][]node{}
	}
	d.parsed[lang] = alts
	return alts, nil
}
