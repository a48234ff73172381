package rules

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// The token index. Every atom of every pattern is interned and filed by its
// keys, so each token of a sentence finds the atoms it matches with a few
// hash lookups (a bitset per token); every pattern is filed under the atoms
// it can start with, so only patterns whose first atom matched are run.

type index struct {
	atoms  []*atom                // interned atoms, by id
	exact  map[string][]int32     // literal key → atom ids
	prefix map[string][]prefEntry // first minPrefix bytes of a stem → stems and atom ids
	scan   []int32                // suffix and infix atom ids
	num    []int32                // number atom ids
	starts [][]int32              // atom id → patterns that can start with it
	words  int                    // uint64 words in a token's atom bitset
}

type prefEntry struct {
	stem string
	atom int32
}

// addPattern adds a pattern line: one entry per program it compiled to.
func (p *Pack) addPattern(pt pattern, progs []*prog) {
	pt.langID = slices.Index(p.langs, pt.lang)
	if pt.langID < 0 {
		pt.langID = len(p.langs)
		p.langs = append(p.langs, pt.lang)
	}
	for _, pr := range progs {
		pt.prog = pr
		p.patterns = append(p.patterns, pt)
	}
}

// buildIndex interns the atoms of every pattern and files them by key, so a
// token finds the atoms it matches with a few hash lookups, and files each
// pattern under the atoms it can start with.
func (p *Pack) buildIndex() {
	ix := index{exact: map[string][]int32{}, prefix: map[string][]prefEntry{}}
	ids := map[string]int32{}
	intern := func(a *atom) *atom {
		sorted := func(l []string) string {
			l = append([]string(nil), l...)
			sort.Strings(l)
			return strings.Join(l, "\x00")
		}
		sig := fmt.Sprintf("%d|%d|%d|%s|%s|%s|%s", a.kind, a.lo, a.hi, sorted(a.keys), sorted(a.pre), sorted(a.suf), sorted(a.inf))
		if id, ok := ids[sig]; ok {
			return ix.atoms[id]
		}
		id := int32(len(ix.atoms))
		ids[sig] = id
		a.id = id
		ix.atoms = append(ix.atoms, a)
		switch a.kind {
		case atomWord:
			for _, k := range a.keys {
				ix.exact[k] = appendUnique(ix.exact[k], id)
			}
			for _, k := range a.pre {
				pk := k[:minPrefix]
				ix.prefix[pk] = append(ix.prefix[pk], prefEntry{k, id})
			}
			if len(a.suf)+len(a.inf) > 0 {
				ix.scan = append(ix.scan, id)
			}
		case atomNum:
			ix.num = append(ix.num, id)
		}
		return a
	}
	for pi := range p.patterns {
		pr := p.patterns[pi].prog
		pr.required = pr.required[:0]
		for i := range pr.code {
			if pr.code[i].a != nil {
				pr.code[i].a = intern(pr.code[i].a)
				if pr.code[i].required && !slices.Contains(pr.first, pr.code[i].a) {
					pr.required = append(pr.required, pr.code[i].a)
				}
			}
		}
		for i, a := range pr.first {
			pr.first[i] = intern(a)
		}
	}
	for pi := range p.patterns {
		if pr := p.patterns[pi].prog; len(pr.code) == 2 && pr.code[0].op == opAtom && pr.code[1].op == opMatch {
			pr.single = pr.code[0].a
		}
	}
	ix.starts = make([][]int32, len(ix.atoms))
	for pi := range p.patterns {
		for _, a := range p.patterns[pi].prog.first {
			ix.starts[a.id] = appendUnique(ix.starts[a.id], int32(pi))
		}
	}
	ix.words = (len(ix.atoms) + 63) / 64
	p.idx = ix
}

func appendUnique(s []int32, v int32) []int32 {
	for _, x := range s {
		if x == v {
			return s
		}
	}
	return append(s, v)
}

// maxCache bounds the per-matcher cache of token keys.
const maxCache = 1 << 15

// keyInfo is what a token key matches: atoms (and their bitset), and the
// patterns that can start with one of them.
type keyInfo struct {
	atoms []int32
	bits  []uint64 // nil when atoms is empty
	pats  []int32
}

// noMatch is the keyInfo of the (many) keys that match no atom.
var noMatch = &keyInfo{}

// lookup returns what key (a token's key or joined key, with its number
// value or -1) matches. It is computed once per key and cached: policy
// vocabulary repeats.
func (m *matcher) lookup(ix *index, key []byte, num int) *keyInfo {
	if ki, ok := m.cache[string(key)]; ok {
		return ki
	}
	ki := noMatch
	if atoms := ix.atomsOf(key, num); len(atoms) > 0 {
		ki = &keyInfo{atoms: atoms, bits: make([]uint64, ix.words)}
		for _, id := range atoms {
			ki.bits[id>>6] |= 1 << (id & 63)
			for _, pi := range ix.starts[id] {
				ki.pats = appendUnique(ki.pats, pi)
			}
		}
	}
	if m.cache == nil {
		m.cache = map[string]*keyInfo{}
	}
	if len(m.cache) < maxCache {
		m.cache[string(key)] = ki
	}
	return ki
}

// atomsOf returns the atoms that key (with its number value, or -1)
// matches.
func (ix *index) atomsOf(key []byte, num int) []int32 {
	var list []int32
	set := func(id int32) { list = append(list, id) }
	for _, id := range ix.exact[string(key)] {
		set(id)
	}
	if len(key) >= minPrefix {
		for _, e := range ix.prefix[string(key[:minPrefix])] {
			if len(key) >= len(e.stem) && string(key[:len(e.stem)]) == e.stem {
				set(e.atom)
			}
		}
	}
	if len(key) > minSuffix {
		for _, id := range ix.scan {
			if a := ix.atoms[id]; a.matchAffix(key) {
				set(id)
			}
		}
	}
	if num >= 0 {
		for _, id := range ix.num {
			if a := ix.atoms[id]; num >= a.lo && num <= a.hi {
				set(id)
			}
		}
	}
	return slices.Compact(list)
}

// A match is one pattern matched in a sentence, over tokens [start, end).
type match struct {
	group      int32
	start, end int32
}

// matcher holds the scratch space of one evaluation; Pack.pool recycles
// them.
type matcher struct {
	toks    tokens
	stamp   []uint64 // per pattern: the position it was last tried at
	gen     uint64
	matches []match
	// kinfo and jinfo hold, per token, what its key and its joined key
	// match; sent is the union of the atoms of the sentence.
	kinfo, jinfo []*keyInfo
	sent         []uint64
	// plist holds the patterns that can start at each token, token i's from
	// poff[i] to poff[i+1].
	plist []int32
	poff  []int32
	// cache maps a token key to what it matches.
	cache map[string]*keyInfo
	// active says, per pack language, whether its patterns apply.
	active []bool
}

// getMatcher takes a matcher from the pack's free list, or makes one. A
// free list, unlike a sync.Pool, keeps the matchers' key caches across
// garbage collections.
func (p *Pack) getMatcher() *matcher {
	select {
	case m := <-p.free:
		return m
	default:
		return &matcher{stamp: make([]uint64, len(p.patterns))}
	}
}

func (p *Pack) putMatcher(m *matcher) {
	if cap(m.toks.toks) > 1<<16 || cap(m.toks.keys) > 1<<20 {
		m.toks, m.kinfo, m.jinfo = tokens{}, nil, nil // do not keep huge buffers
	}
	m.matches = m.matches[:0]
	select {
	case p.free <- m:
	default:
	}
}

func resize(b []uint64, n int) []uint64 {
	if cap(b) < n {
		return make([]uint64, n)
	}
	b = b[:n]
	clear(b)
	return b
}

// matchSentence tokenises s and returns every pattern match in it.
func (p *Pack) matchSentence(m *matcher, s string) []match {
	if len(m.active) < len(p.langs) {
		p.setLanguage(m, "")
	}
	m.toks.tokenize(s)
	m.matches = m.matches[:0]
	t := &m.toks
	w := p.idx.words
	m.sent = resize(m.sent, w)
	m.kinfo, m.jinfo = m.kinfo[:0], m.jinfo[:0]
	m.plist, m.poff = m.plist[:0], append(m.poff[:0], 0)
	for i := range t.toks {
		tk := &t.toks[i]
		ki := m.lookup(&p.idx, t.keys[tk.k0:tk.k1], int(tk.num))
		ji := noMatch
		if tk.j1 > tk.j0 {
			ji = m.lookup(&p.idx, t.keys[tk.j0:tk.j1], -1)
		}
		m.kinfo, m.jinfo = append(m.kinfo, ki), append(m.jinfo, ji)
		for _, x := range [2]*keyInfo{ki, ji} {
			if x.bits != nil {
				for _, id := range x.atoms {
					m.sent[id>>6] |= 1 << (id & 63)
				}
				m.plist = append(m.plist, x.pats...)
			}
		}
		m.poff = append(m.poff, int32(len(m.plist)))
	}
	v := vm{t: t, kinfo: m.kinfo, jinfo: m.jinfo}
	for i := range t.toks {
		m.gen++
		{
		next:
			for _, pi := range m.plist[m.poff[i]:m.poff[i+1]] {
				if m.stamp[pi] == m.gen {
					continue
				}
				m.stamp[pi] = m.gen
				if !m.active[p.patterns[pi].langID] {
					continue
				}
				pr := p.patterns[pi].prog
				for _, a := range pr.required {
					if m.sent[a.id>>6]&(1<<(a.id&63)) == 0 {
						continue next
					}
				}
				if pr.single != nil {
					// A one-atom pattern matched where its atom did.
					end := i + 1
					if !v.hit(pr.single, i, false) {
						end = int(t.toks[i].jEnd)
					}
					m.matches = append(m.matches, match{group: int32(p.patterns[pi].group), start: int32(i), end: int32(end)})
					continue
				}
				v.code, v.start, v.steps = pr.code, i, 0
				if end, ok := v.run(0, i); ok && end > i {
					m.matches = append(m.matches, match{group: int32(p.patterns[pi].group), start: int32(i), end: int32(end)})
				}
			}
		}
	}
	return m.matches
}
