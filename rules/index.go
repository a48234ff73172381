package rules

import (
	"encoding/binary"
	"hash/maphash"
	"math/bits"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// The token index. Every atom of every pattern is interned and filed by its
// keys, so each token of a sentence finds the atoms it matches with a few
// hash lookups, cached per key. Every pattern evaluated on every sentence
// (the rules' triggers, see Pack.buildIndex) is filed under its anchor: the
// rarest atoms one of which every match holds, so a sentence lists only the
// patterns whose anchor it holds.

type index struct {
	atoms  []*atom                // interned atoms, by id
	exact  map[string][]int32     // literal key → atom ids
	prefix map[string][]prefEntry // first minPrefix bytes of a stem → stems and atom ids
	scan   []int32                // suffix and infix atom ids
	num    []int32                // number atom ids
	// anchored lists, per atom, the eager patterns anchored at it.
	anchored [][]int32
	// A sentence's presence bits (sentence.present) hold a bit per atom,
	// then, from clauseBase (the atoms rounded up to a word), a bit per
	// distinct clause of the patterns' filters ("one of these atoms"),
	// set when any of its atoms matches: a pattern's filter is then a list
	// of bits that must all be set. atomClauses lists, per atom, the
	// clause bits it sets; presBits is the number of bits.
	clauseBase  int32
	atomClauses [][]int32
	presBits    int
	// lazy is set, per atom, for the atoms no eager pattern reads: those of
	// the patterns evaluated only where a trigger matched (vetoes,
	// companions, near misses) and of heading cues and passage vetoes. A
	// sentence marks their positions only when a pattern that reads them
	// runs (see matcher.markLazy), most sentences never.
	lazy []bool
	// bitRead is set, per atom, when its presence bit is read: it is
	// required by a pattern (filters), or lazy (markLazy). The keys set no
	// presence bit for the other atoms.
	bitRead []bool
}

type prefEntry struct {
	stem string
	atom int32
}

// interner interns atoms by their signature: kind, bounds and sorted key
// lists.
type interner struct {
	ix      *index
	ids     map[string]int32
	sigBuf  []byte
	sortBuf []string
	// byPtr remembers the atoms of the parse trees, and merged the merged
	// single-word alternatives of their groups (see collapse): compiling a
	// pattern reads each several times (program, first atoms,
	// requirements).
	byPtr  map[*atom]int32
	merged map[*[]node]mergedAlts
}

type mergedAlts struct {
	lit  *atom
	rest [][]node
	ok   bool
	n    int // len(alts)
}

// collapse is collapse(alts), remembered per group.
func (in *interner) collapse(alts [][]node) (*atom, [][]node, bool) {
	if len(alts) == 0 || in.merged == nil {
		lit, rest, ok := collapse(alts)
		return &lit, rest, ok
	}
	if m, ok := in.merged[&alts[0]]; ok && len(alts) == m.n {
		return m.lit, m.rest, m.ok
	}
	lit, rest, ok := collapse(alts)
	in.merged[&alts[0]] = mergedAlts{&lit, rest, ok, len(alts)}
	return &lit, rest, ok
}

func (in *interner) intern(a *atom) int32 {
	if id, ok := in.byPtr[a]; ok {
		return id
	}
	id := in.internSig(a)
	if in.byPtr != nil {
		in.byPtr[a] = id
	}
	return id
}

func (in *interner) internSig(a *atom) int32 {
	ix := in.ix
	b := strconv.AppendInt(in.sigBuf[:0], int64(a.kind), 10)
	b = append(b, '|')
	b = strconv.AppendInt(b, int64(a.lo), 10)
	b = append(b, '|')
	b = strconv.AppendInt(b, int64(a.hi), 10)
	for _, l := range [][]string{a.keys, a.pre, a.suf, a.inf} {
		b = append(b, '|')
		in.sortBuf = append(in.sortBuf[:0], l...)
		sort.Strings(in.sortBuf)
		for i, k := range in.sortBuf {
			if i > 0 {
				b = append(b, 0)
			}
			b = append(b, k...)
		}
	}
	in.sigBuf = b
	if id, ok := in.ids[string(b)]; ok {
		return id
	}
	id := int32(len(ix.atoms))
	in.ids[string(b)] = id
	c := *a
	c.id = id
	ix.atoms = append(ix.atoms, &c)
	switch c.kind {
	case atomWord:
		for _, k := range c.keys {
			ix.exact[k] = appendUnique(ix.exact[k], id)
		}
		for _, k := range c.pre {
			pk := k[:minPrefix]
			ix.prefix[pk] = append(ix.prefix[pk], prefEntry{k, id})
		}
		if len(c.suf)+len(c.inf) > 0 {
			ix.scan = append(ix.scan, id)
		}
	case atomNum:
		ix.num = append(ix.num, id)
	}
	return id
}

// buildIndex interns the atoms of every pattern, compiles the patterns to
// bit programs with their filters, and files the eager patterns under
// their anchors.
func (p *Pack) buildIndex() {
	ix := index{exact: map[string][]int32{}, prefix: map[string][]prefEntry{}}
	in := &interner{ix: &ix, ids: map[string]int32{}, byPtr: map[*atom]int32{}, merged: map[*[]node]mergedAlts{}}
	for pi := range p.patterns {
		pt := &p.patterns[pi]
		g := bitgen{intern: in.intern, in: in}
		g.seq(pt.nodes)
		g.finish()
		pt.code = slices.Clip(g.code)
		pt.first = slices.Clip(firstAtoms(pt.nodes, in, nil))
	}
	p.idx = ix
	freq, keys := p.exampleFrequency()
	ix.anchored = make([][]int32, len(ix.atoms))
	for pi := range p.patterns {
		pt := &p.patterns[pi]
		cost := func(a int32) int { return atomCost(ix.atoms[a], freq) }
		// The requirements once the atoms' frequencies are known: a
		// clause takes the rarest atom of each alternative (see
		// requirements). The program interned every atom they read.
		pt.req, pt.clauses = requirements(pt.nodes, in, cost)
		pt.anchors = chooseAnchors(pt, ix.atoms, freq)
		// The filter tests the rarest required atom first, and a clause's
		// commonest atom first.
		slices.SortStableFunc(pt.req, func(a, b int32) int { return cost(a) - cost(b) })
		for _, cl := range pt.clauses {
			slices.SortStableFunc(cl, func(a, b int32) int { return cost(b) - cost(a) })
		}
		// And the rarest clause first: a pattern with no required atom is
		// ruled out by its first clause's bit (groupPats, keyInfoOf).
		slices.SortStableFunc(pt.clauses, func(a, b []int32) int { return clauseCost(a, cost) - clauseCost(b, cost) })
		if pt.eager {
			for _, a := range pt.anchors {
				ix.anchored[a] = appendUnique(ix.anchored[a], int32(pi))
			}
		}
		// The tree served compiling only.
		pt.nodes = nil
	}
	p.idx = ix
	p.renumberAtoms(freq, keys)
	p.findLazy(freq)
	p.internClauses()
	p.packHot()
	p.splitSkips()
}

// splitSkips fills each group's skipAlone and skipShared (see group).
func (p *Pack) splitSkips() {
	for g := range p.groups {
		gr := &p.groups[g]
		gr.skipAlone, gr.skipShared = nil, nil
		for _, pi := range gr.pats {
			alone := true
			for _, eg := range p.patterns[pi].eagerGroups {
				alone = alone && eg == int32(g)
			}
			if alone {
				gr.skipAlone = append(gr.skipAlone, pi)
			} else {
				gr.skipShared = append(gr.skipShared, pi)
			}
		}
	}
}

// lazyRatio: an atom that eager patterns read is lazy too when they would
// run, by the pack's examples, in fewer than one in lazyRatio of the
// sentences that hold it.
const lazyRatio = 4

// findLazy sets index.lazy: the atoms no eager pattern reads, and those
// that they seldom read where they occur. freq is the atoms' frequency in
// the pack's example sentences (see exampleFrequency).
//
// A sentence marks the positions of its eager atoms as it looks its keys
// up, and those of a lazy atom when a pattern that reads it runs; but a
// pattern runs only in the sentences that hold its anchor and every atom it
// requires, while a common word's atoms occur in most sentences. Over
// OPP-115, a sentence marks about 200 eager atoms when every atom an
// eager pattern reads is eager, and patterns read about 17 of them.
func (p *Pack) findLazy(freq []int32) {
	ix := &p.idx
	ix.lazy = make([]bool, len(ix.atoms))
	reads := make([]int64, len(ix.atoms)) // per atom, how often eager patterns that read it run
	readers := make([]int32, len(ix.atoms))
	for pi := range p.patterns {
		pt := &p.patterns[pi]
		if !pt.eager {
			continue
		}
		// How often the pattern runs: in the sentences that hold one of
		// its anchors and all its required atoms.
		var runs int64
		for _, a := range pt.anchors {
			runs += int64(freq[a])
		}
		for _, a := range pt.req {
			runs = min(runs, int64(freq[a]))
		}
		read := func(a int32) {
			if readers[a] != int32(pi)+1 {
				readers[a] = int32(pi) + 1
				reads[a] += runs
			}
		}
		for _, in := range pt.code {
			if readsAtom(in.op) {
				read(in.arg)
			}
		}
		for _, a := range pt.first {
			read(a)
		}
	}
	for a := range ix.lazy {
		ix.lazy[a] = readers[a] == 0 || reads[a]*lazyRatio < int64(freq[a])
	}
	ix.bitRead = slices.Clone(ix.lazy)
	for pi := range p.patterns {
		for _, a := range p.patterns[pi].req {
			ix.bitRead[a] = true
		}
	}
}

// renumberAtoms numbers the atoms from the commonest to the rarest in the
// example sentences. The atoms of the common words of any sentence then
// share a few cache lines of the per-atom arrays a sentence writes and
// reads (position sets, presence bits), instead of one line each.
//
// The atoms of one key are numbered together, key by key from the
// commonest key of the examples: a key's atoms then fill few words of the
// presence bits, which the key sets word by word (keyInfo.pres). The
// atoms no example key matches come last, commonest first.
func (p *Pack) renumberAtoms(freq []int32, keys []keyFreq) {
	ix := &p.idx
	n := len(ix.atoms)
	order := make([]int32, 0, n) // new id → old id
	placed := make([]bool, n)
	byFreq := func(l []int32) {
		slices.SortStableFunc(l, func(a, b int32) int { return int(freq[b]) - int(freq[a]) })
	}
	for _, k := range keys {
		var l []int32
		for _, a := range ix.atomsOf([]byte(k.key), -1) {
			if !placed[a] {
				placed[a] = true
				l = append(l, a)
			}
		}
		byFreq(l)
		order = append(order, l...)
	}
	var rest []int32
	for a := range n {
		if !placed[a] {
			rest = append(rest, int32(a))
		}
	}
	byFreq(rest)
	order = append(order, rest...)
	perm := make([]int32, n) // old id → new id
	for nw, old := range order {
		perm[old] = int32(nw)
	}
	byNew := make([]int32, n)
	for old, f := range freq {
		byNew[perm[old]] = f
	}
	copy(freq, byNew)
	atoms := make([]*atom, n)
	anchored := make([][]int32, n)
	for nw, old := range order {
		a := ix.atoms[old]
		a.id = int32(nw)
		atoms[nw] = a
		anchored[nw] = ix.anchored[old]
	}
	ix.atoms, ix.anchored = atoms, anchored
	mapped := func(l []int32) []int32 {
		if l == nil {
			return nil
		}
		out := make([]int32, len(l))
		for i, a := range l {
			out[i] = perm[a]
		}
		return out
	}
	for k, l := range ix.exact {
		ix.exact[k] = mapped(l)
	}
	for k, l := range ix.prefix {
		out := slices.Clone(l)
		for i := range out {
			out[i].atom = perm[out[i].atom]
		}
		ix.prefix[k] = out
	}
	ix.scan, ix.num = mapped(ix.scan), mapped(ix.num)
	for pi := range p.patterns {
		pt := &p.patterns[pi]
		code := slices.Clone(pt.code)
		for i := range code {
			if readsAtom(code[i].op) {
				code[i].arg = perm[code[i].arg]
			}
		}
		pt.code = code
		pt.first, pt.req, pt.anchors = mapped(pt.first), mapped(pt.req), mapped(pt.anchors)
		clauses := make([][]int32, len(pt.clauses))
		for i, cl := range pt.clauses {
			clauses[i] = mapped(cl)
		}
		pt.clauses = clauses
	}
}

// internClauses gives each distinct clause of the patterns' filters (of two
// atoms or more), and of the groups (see group.bit), a presence bit past
// the atoms' (see index.clauseBase).
//
// The clauses are numbered in the order of their first atom: atoms are
// numbered key by key from the commonest key (renumberAtoms), so the
// clauses a key satisfies then share few words of the presence bits, which
// the key sets word by word (keyInfo.pres).
func (p *Pack) internClauses() {
	ix := &p.idx
	ix.clauseBase = int32((len(ix.atoms) + 63) &^ 63)
	ix.atomClauses = make([][]int32, len(ix.atoms))
	ids := map[string]int32{} // clause's atoms → index in distinct
	var distinct [][]int32    // the distinct clauses, their atoms sorted
	var key []byte
	clauseOf := make([][]int32, len(p.patterns)) // per pattern, its clauses' indices in distinct
	intern := func(cl []int32) int32 {
		sorted := slices.Clone(cl)
		slices.Sort(sorted)
		sorted = slices.Compact(sorted)
		key = key[:0]
		for _, a := range sorted {
			key = strconv.AppendInt(key, int64(a), 10)
			key = append(key, ',')
		}
		id, ok := ids[string(key)]
		if !ok {
			id = int32(len(distinct))
			ids[string(key)] = id
			distinct = append(distinct, sorted)
		}
		return id
	}
	for pi := range p.patterns {
		pt := &p.patterns[pi]
		for _, cl := range pt.clauses {
			clauseOf[pi] = append(clauseOf[pi], intern(cl))
		}
	}
	// A group's clause: the first required atom of each of its patterns,
	// or the atoms of its first clause when it requires none (see
	// group.bit).
	groupClause := make([]int32, len(p.groups)) // index in distinct, -1 for none
	for g := range p.groups {
		groupClause[g] = -1
		var cl []int32
		for _, pi := range p.groups[g].pats {
			pt := &p.patterns[pi]
			if len(pt.req) == 0 && len(pt.clauses) == 0 {
				cl = nil
				break
			}
			if len(pt.req) > 0 {
				cl = append(cl, pt.req[0])
			} else {
				cl = append(cl, pt.clauses[0]...)
			}
		}
		if len(cl) > 0 {
			groupClause[g] = intern(cl)
		}
	}
	order := make([]int32, len(distinct)) // bit order → index in distinct
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortStableFunc(order, func(a, b int32) int { return slices.Compare(distinct[a], distinct[b]) })
	bit := make([]int32, len(distinct)) // index in distinct → presence bit
	for i, d := range order {
		bit[d] = ix.clauseBase + int32(i)
		for _, a := range distinct[d] {
			ix.atomClauses[a] = append(ix.atomClauses[a], bit[d])
		}
	}
	for pi := range p.patterns {
		pt := &p.patterns[pi]
		for _, d := range clauseOf[pi] {
			pt.clauseBits = append(pt.clauseBits, bit[d])
		}
	}
	for g, d := range groupClause {
		p.groups[g].bit = -1
		if d >= 0 {
			p.groups[g].bit = bit[d]
		}
	}
	ix.presBits = int(ix.clauseBase) + len(distinct)
}

// patHot is what the matcher reads of a pattern on every sentence, packed
// in 40 bytes with its lists in two shared arenas (Pack.code, Pack.ints):
// the patterns a sentence tries are scattered over the pack, and a few
// dense cache lines cost less than the pattern struct and its slices.
type patHot struct {
	code0, code1 int32 // Pack.code[code0:code1]: the bit program
	// Pack.ints[filt0:filt1] is the filter: presence bits that must all be
	// set, the required atoms (rarest first), then the clauses' bits.
	filt0, filt1   int32
	first0, first1 int32 // Pack.ints: the atoms a match can start with
	eg0, eg1       int32 // Pack.ints: the eager groups of the pattern
	langID         int32
	anchored       bool
	// Pack.ints[lazy0:lazy1] lists the lazy atoms the pattern reads (see
	// index.lazy).
	lazy0, lazy1 int32
}

// packHot lays out the patterns' hot data (see patHot), and points each
// pattern's code and lists into the arenas.
func (p *Pack) packHot() {
	nc, ni := 0, 0
	for i := range p.patterns {
		pt := &p.patterns[i]
		nc += len(pt.code)
		ni += len(pt.req) + len(pt.clauseBits) + 2*len(pt.first) + len(pt.eagerGroups) + len(pt.code)
		for _, cl := range pt.clauses {
			ni += len(cl)
		}
	}
	code := make([]binst, 0, nc)
	ints := make([]int32, 0, ni)
	hot := make([]patHot, len(p.patterns))
	put := func(l []int32) (int32, int32, []int32) {
		o := len(ints)
		ints = append(ints, l...)
		return int32(o), int32(len(ints)), ints[o:len(ints):len(ints)]
	}
	for i := range p.patterns {
		pt := &p.patterns[i]
		h := &hot[i]
		h.code0 = int32(len(code))
		code = append(code, pt.code...)
		h.code1 = int32(len(code))
		markAltAtoms(code[h.code0:h.code1])
		pt.code = code[h.code0:h.code1:h.code1]
		h.filt0 = int32(len(ints))
		_, _, pt.req = put(pt.req)
		_, _, pt.clauseBits = put(pt.clauseBits)
		h.filt1 = int32(len(ints))
		for ci, cl := range pt.clauses {
			_, _, pt.clauses[ci] = put(cl)
		}
		h.first0, h.first1, pt.first = put(pt.first)
		h.eg0, h.eg1, pt.eagerGroups = put(pt.eagerGroups)
		var lazy []int32
		for _, in := range pt.code {
			if readsAtom(in.op) && p.idx.lazy[in.arg] {
				lazy = appendUnique(lazy, in.arg)
			}
		}
		for _, a := range pt.first {
			if p.idx.lazy[a] {
				lazy = appendUnique(lazy, a)
			}
		}
		h.lazy0, h.lazy1, _ = put(lazy)
		h.langID = int32(pt.langID)
		h.anchored = pt.anchored
	}
	p.code, p.ints, p.hot = code, ints, hot
}

// firstAtoms appends to dst the atoms a match of nodes can start with.
func firstAtoms(nodes []node, in *interner, dst []int32) []int32 {
	intern := in.intern
	for _, n := range nodes {
		switch {
		case !n.group && n.atom.kind == atomGap:
			continue // a gap before the first atom reads nothing
		case !n.group:
			dst = appendUnique(dst, intern(n.atom))
		default:
			alts := n.alts
			if lit, rest, ok := in.collapse(alts); ok {
				dst = appendUnique(dst, intern(lit))
				alts = rest
			}
			for _, alt := range alts {
				dst = firstAtoms(alt, in, dst)
			}
		}
		if !n.opt && !nullable([]node{n}) {
			return dst
		}
	}
	return dst
}

// clauseCost is the cost of a filter clause: the sum of its atoms'.
func clauseCost(cl []int32, cost func(int32) int) int {
	c := 0
	for _, a := range cl {
		c += cost(a)
	}
	return c
}

// requirements returns the atoms every match of nodes holds (its
// non-optional atoms) and its clauses: for each non-optional group, atoms
// one of which every match holds (one atom every match of each alternative
// holds), when there are such. An alternative gives its clause its
// cheapest atom by cost (its rarest: "enforcement" of "law enforcement"),
// or its cheapest clause: a sentence that holds a common word of an
// alternative but not the alternative then fails the filter rather than a
// run of the program.
func requirements(nodes []node, in *interner, cost func(int32) int) (req []int32, clauses [][]int32) {
	intern := in.intern
	for _, n := range nodes {
		if n.opt {
			continue
		}
		switch {
		case !n.group && n.atom.kind == atomGap:
		case !n.group:
			req = appendUnique(req, intern(n.atom))
		default:
			alts := n.alts
			var clause []int32
			if lit, rest, ok := in.collapse(alts); ok {
				if len(rest) == 0 {
					req = appendUnique(req, intern(lit))
					continue
				}
				clause = append(clause, intern(lit))
				alts = rest
			}
			ok := true
			for _, alt := range alts {
				r, cl := requirements(alt, in, cost)
				switch {
				case len(r) > 0:
					best := r[0]
					for _, a := range r[1:] {
						if cost(a) < cost(best) {
							best = a
						}
					}
					clause = appendUnique(clause, best)
				case len(cl) > 0:
					best, bestCost := 0, -1
					for i, c := range cl {
						if sum := clauseCost(c, cost); bestCost < 0 || sum < bestCost {
							best, bestCost = i, sum
						}
					}
					for _, a := range cl[best] {
						clause = appendUnique(clause, a)
					}
				default:
					ok = false
				}
			}
			if ok && len(clause) > 0 {
				clauses = append(clauses, clause)
			}
		}
	}
	return req, clauses
}

// atomCost estimates how often atom a occurs in sentences: its document
// frequency over the pack's example sentences first, then how broad it is.
func atomCost(a *atom, freq []int32) int {
	broad := len(a.keys) + 4*len(a.pre) + 8*(len(a.suf)+len(a.inf))
	if a.kind == atomNum {
		broad += 16 * (a.hi - a.lo + 1)
	}
	return 64*int(freq[a.id]) + broad
}

// chooseAnchors picks the atoms a pattern is filed under: one of them is in
// every match. The rarest required atom, else the cheapest clause, else the
// atoms a match starts with.
func chooseAnchors(pt *pattern, atoms []*atom, freq []int32) []int32 {
	best, bestCost := []int32(nil), -1
	for _, a := range pt.req {
		if c := atomCost(atoms[a], freq); bestCost < 0 || c < bestCost {
			best, bestCost = []int32{a}, c
		}
	}
	for _, cl := range pt.clauses {
		c := 0
		for _, a := range cl {
			c += atomCost(atoms[a], freq)
		}
		if bestCost < 0 || c < bestCost {
			best, bestCost = cl, c
		}
	}
	if best == nil {
		best = pt.first
	}
	return slices.Clone(best)
}

// keyFreq is a token key and the number of its occurrences in the
// pack's example sentences.
type keyFreq struct {
	key string
	n   int32
}

// exampleFrequency counts, per atom, the example sentences of the pack
// that hold it: a sample of policy language that tells common atoms
// ("we", "data") from rare ones.
func (p *Pack) exampleFrequency() (freq []int32, keys []keyFreq) {
	ix := &p.idx
	freq = make([]int32, len(ix.atoms))
	seen := make([]int32, len(ix.atoms))
	memo := map[string][]int32{}
	keyCount := map[string]int32{}
	var t tokens
	stamp := int32(0)
	count := func(text string) {
		stamp++
		t.tokenize(text)
		for i := range t.toks {
			for k := 0; k < 2; k++ {
				key, num := t.key(i), int(t.toks[i].num)
				if k == 1 {
					if t.toks[i].j1 <= t.toks[i].j0 {
						continue
					}
					key, num = t.join(i), -1
				}
				// Only keys without a number value are remembered (see
				// lookupJoinedNumber).
				ids, ok := []int32(nil), false
				if num < 0 {
					ids, ok = memo[string(key)]
				}
				if !ok {
					ids = ix.atomsOf(key, num)
					if num < 0 {
						memo[string(key)] = ids
					}
				}
				if len(ids) > 0 && num < 0 {
					keyCount[string(key)]++
				}
				for _, id := range ids {
					if seen[id] != stamp {
						seen[id] = stamp
						freq[id]++
					}
				}
			}
		}
	}
	each := func(ex map[string]rawExamples) {
		for _, e := range ex {
			for _, s := range e.Match {
				count(s.Value)
			}
			for _, s := range e.NoMatch {
				count(s.Value)
			}
		}
	}
	for _, t := range p.topics {
		each(t.examples)
		for _, r := range t.Rules {
			each(r.examples)
		}
	}
	for k, n := range keyCount {
		keys = append(keys, keyFreq{k, n})
	}
	slices.SortFunc(keys, func(a, b keyFreq) int {
		if a.n != b.n {
			return int(b.n - a.n)
		}
		return strings.Compare(a.key, b.key)
	})
	return freq, keys
}

func appendUnique(s []int32, v int32) []int32 {
	for _, x := range s {
		if x == v {
			return s
		}
	}
	return append(s, v)
}

// maxCache bounds each of a matcher's caches of token keys (a variable for
// the tests).
var maxCache = 1 << 15

// keyInfo is what a token key matches under a set of active languages: its
// atoms, and the eager patterns anchored at one of them. Both lists are
// spans of their keyTable's arena.
type keyInfo struct {
	// atoms are the eager atoms the key matches, whose positions every
	// sentence marks; lazy, its lazy atoms (see index.lazy).
	atoms, lazy arenaSpan
	// eager is the eager patterns anchored at the key's atoms, each with
	// its filter atom (pattern, atom pairs: n pairs).
	eager arenaSpan
	// pres is the presence bits of the key's atoms and of the clauses they
	// satisfy (see index.clauseBase): a span of the table's pres.
	pres arenaSpan
}

// presWord is a word of a sentence's presence bits (see sentence.present)
// and the bits a key sets in it.
type presWord struct {
	w    int32
	bits uint64
}

// arenaSpan is a list in a keyTable's arena.
type arenaSpan struct{ off, n int32 }

// noMatch is the keyInfo of the (many) keys that match no atom; it is
// always at index 0 of a keyTable.
var noMatch = keyInfo{}

// keyInfoOf computes what key matches under the active languages, its
// lists appended to c's arena; false when it matches no atom.
func (p *Pack) keyInfoOf(c *keyTable, active []bool, key []byte, num int) (keyInfo, bool) {
	ix := &p.idx
	atoms := ix.atomsOf(key, num)
	if len(atoms) == 0 {
		return noMatch, false
	}
	var eager []int32
	for _, id := range atoms {
		for _, pi := range ix.anchored[id] {
			if active[p.patterns[pi].langID] {
				eager = appendUnique(eager, pi)
			}
		}
	}
	// In ascending order (after the eager list, whose order is that of
	// atomsOf), a key's atoms gather in few presence words.
	slices.Sort(atoms)
	// Each eager pattern goes with a presence bit (see index.clauseBase)
	// that the key does not set, -1 for none: its rarest required atom
	// that the key does not match, else its rarest clause that the key
	// does not satisfy. A sentence without it rules the pattern out before
	// its record is read.
	pairs := make([]int32, 0, 2*len(eager))
	for _, pi := range eager {
		pt := &p.patterns[pi]
		f := int32(-1)
		for _, a := range pt.req {
			if _, found := slices.BinarySearch(atoms, a); !found {
				f = a
				break
			}
		}
		// Else its rarest clause that the key does not satisfy: a
		// presence bit too.
		for ci := 0; f < 0 && ci < len(pt.clauses); ci++ {
			if !slices.ContainsFunc(pt.clauses[ci], func(a int32) bool {
				_, found := slices.BinarySearch(atoms, a)
				return found
			}) {
				f = pt.clauseBits[ci]
			}
		}
		pairs = append(pairs, pi, f)
	}
	put := func(l []int32) arenaSpan {
		sp := arenaSpan{int32(len(c.arena)), int32(len(l))}
		c.arena = append(c.arena, l...)
		return sp
	}
	// The atoms' presence bits (of the atoms whose bit is read), then
	// their clauses' (see index.clauseBase).
	bitsOf := c.scratch[:0]
	for _, a := range atoms {
		if ix.bitRead[a] {
			bitsOf = append(bitsOf, a)
		}
	}
	n := len(bitsOf)
	for _, a := range atoms {
		bitsOf = append(bitsOf, ix.atomClauses[a]...)
	}
	slices.Sort(bitsOf[n:])
	bitsOf = slices.Compact(bitsOf)
	c.scratch = bitsOf
	pres := arenaSpan{off: int32(len(c.pres))}
	for _, a := range bitsOf {
		if n := len(c.pres); n > int(pres.off) && c.pres[n-1].w == a>>6 {
			c.pres[n-1].bits |= 1 << uint(a&63)
		} else {
			c.pres = append(c.pres, presWord{a >> 6, 1 << uint(a&63)})
		}
	}
	pres.n = int32(len(c.pres)) - pres.off
	eg := put(pairs)
	eg.n = int32(len(eager))
	var lazy []int32
	eagerAtoms := atoms[:0]
	for _, a := range atoms {
		if ix.lazy[a] {
			lazy = append(lazy, a)
		} else {
			eagerAtoms = append(eagerAtoms, a)
		}
	}
	return keyInfo{atoms: put(eagerAtoms), lazy: put(lazy), eager: eg, pres: pres}, true
}

// tokenKey looks up token tk's key, or with join its joined key (the
// token glued to the next), in the sentence's tokens t; 0 when it matches
// nothing or the token has no joined key.
func (m *matcher) tokenKey(p *Pack, t *tokens, tk *token, join bool) int32 {
	if !join {
		return m.lookup(p, t.keys[tk.k0:tk.k1], int(tk.num))
	}
	if tk.j1 <= tk.j0 {
		return 0
	}
	key := t.keys[tk.j0:tk.j1]
	if numberKey(key) {
		return m.lookupJoinedNumber(p, key)
	}
	return m.lookup(p, key, -1)
}

// numberKey reports whether a token with key would have a number value
// (see tokens.tokenize): up to seven ASCII digits.
func numberKey(key []byte) bool {
	if len(key) == 0 || len(key) > 7 {
		return false
	}
	for _, c := range key {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// lookupJoinedNumber is lookup for a joined key of digits only ("1-3"
// joins to "13"). A joined key has no number value, so it matches no number
// atom where the token "13" does: the two have separate cache entries, or
// whichever came first in the matcher's history would answer for both.
func (m *matcher) lookupJoinedNumber(p *Pack, key []byte) int32 {
	c := m.cache
	if i, ok := c.joinedNums[string(key)]; ok {
		return i
	}
	ki, ok := p.keyInfoOf(c, m.active, key, -1)
	info := int32(0)
	if ok {
		c.infos = append(c.infos, ki)
		info = int32(len(c.infos) - 1)
	}
	if c.n >= maxCache {
		return info // for this sentence only
	}
	if ok {
		c.keep(info)
	}
	c.n++
	c.joinedNums[string(key)] = info
	return info
}

// lookup returns the index in m.cache.infos of what key (a token's key or
// joined key, with its number value or -1) matches. It is computed once
// per key and language set and cached: policy vocabulary repeats.
func (m *matcher) lookup(p *Pack, key []byte, num int) int32 {
	if info, ok := m.cache.smallHit(key); ok {
		return info
	}
	return m.lookupMiss(p, key, num)
}

// smallHit is lookup's first step: short keys, most words, go through a
// direct-mapped cache, whose tag is the key itself packed in a word
// (smallTag). Small enough to be inlined in the callers' token loops.
func (c *keyTable) smallHit(key []byte) (int32, bool) {
	if len(key) > smallKey || cap(key) < 8 {
		return 0, false
	}
	packed := smallTag(key)
	sl := &c.small[smallSlotOf(packed)]
	return sl.info - 1, sl.info != 0 && sl.key == packed
}

// smallTag packs a key of up to smallKey bytes, with a capacity of 8 bytes
// at least, in a word: one load, the bytes past the key masked off, and
// the length in the top byte.
func smallTag(key []byte) uint64 {
	return binary.LittleEndian.Uint64(key[:8])&(1<<(8*uint(len(key)))-1) | uint64(len(key))<<56
}

// smallSlotOf is the direct-mapped cache's slot of a packed key.
func smallSlotOf(packed uint64) uint64 { return (packed * 0x9E3779B97F4A7C15) >> (64 - smallBits) }

// lookupMiss is lookup past the direct-mapped cache: a long key, or a
// short one the cache does not hold.
func (m *matcher) lookupMiss(p *Pack, key []byte, num int) int32 {
	c := m.cache
	if len(key) > smallKey {
		if len(key) <= mediumKey && cap(key) >= 16 {
			return m.lookupMedium(p, key, num)
		}
		info, _ := m.lookupTable(p, key, num)
		return info
	}
	var packed uint64
	if cap(key) >= 8 {
		packed = smallTag(key)
	} else {
		for i, b := range key {
			packed |= uint64(b) << (8 * i)
		}
		packed |= uint64(len(key)) << 56
	}
	sl := &c.small[smallSlotOf(packed)]
	if sl.info != 0 && sl.key == packed {
		return sl.info - 1
	}
	info, cached := m.lookupTable(p, key, num)
	if cached {
		sl.key, sl.info = packed, info+1
	}
	return info
}

// smallKey is the longest key the direct-mapped cache holds; smallBits
// sizes it.
const (
	smallKey  = 7
	smallBits = 12
)

// lookupMedium is lookupMiss for a key of smallKey+1 to mediumKey bytes,
// with a capacity of 16 bytes at least: a second direct-mapped cache,
// whose tag is the key packed in two words (mediumTag), saves hashing
// and comparing the longer words of policies ("information", "personal",
// "advertising"…) in the hash table: Evaluate over OPP-115, 393.4 → 388.9 M
// instructions per pass (-1.1%).
func (m *matcher) lookupMedium(p *Pack, key []byte, num int) int32 {
	c := m.cache
	lo, hi := mediumTag(key)
	sl := &c.medium[mediumSlotOf(lo, hi)]
	if sl.info != 0 && sl.lo == lo && sl.hi == hi {
		return sl.info - 1
	}
	info, cached := m.lookupTable(p, key, num)
	if cached {
		sl.lo, sl.hi, sl.info = lo, hi, info+1
	}
	return info
}

// mediumKey is the longest key the second direct-mapped cache holds
// (lookupMedium); mediumBits sizes it.
const (
	mediumKey  = 15
	mediumBits = 11
)

// mediumSlot is an entry of the second direct-mapped cache: a key packed
// in two words and its index in infos, +1 (0 for an empty slot).
type mediumSlot struct {
	lo, hi uint64
	info   int32
}

// mediumTag packs a key of 8 to mediumKey bytes, with a capacity of 16
// bytes at least, in two words: its first 8 bytes, then the others (the
// bytes past the key masked off) with the length in the top byte.
func mediumTag(key []byte) (lo, hi uint64) {
	lo = binary.LittleEndian.Uint64(key[:8])
	hi = binary.LittleEndian.Uint64(key[8:16])&(1<<(8*uint(len(key)-8))-1) | uint64(len(key))<<56
	return lo, hi
}

// mediumSlotOf is the second direct-mapped cache's slot of a packed key.
func mediumSlotOf(lo, hi uint64) uint64 {
	return ((lo ^ bits.RotateLeft64(hi, 29)) * 0x9E3779B97F4A7C15) >> (64 - mediumBits)
}

// smallSlot is an entry of the direct-mapped cache: a packed key and its
// index in infos, +1 (0 for an empty slot).
type smallSlot struct {
	key  uint64
	info int32
}

// lookupTable is lookup in the hash table; cached is false for an entry
// that serves one sentence only (a full table).
func (m *matcher) lookupTable(p *Pack, key []byte, num int) (info int32, cached bool) {
	c := m.cache
	h := maphash.Bytes(c.seed, key)
	if i, ok := c.find(h, key); ok {
		return i, true
	}
	ki, ok := p.keyInfoOf(c, m.active, key, num)
	if c.n >= maxCache {
		// A full cache: an entry for this sentence only, past the cached
		// ones (prepare drops them).
		if !ok {
			return 0, false
		}
		c.infos = append(c.infos, ki)
		return int32(len(c.infos) - 1), false
	}
	if !ok {
		return c.add(h, key, -1), true
	}
	c.infos = append(c.infos, ki)
	c.keep(int32(len(c.infos) - 1))
	return c.add(h, key, int32(len(c.infos)-1)), true
}

// keep makes the table's the entry info just appended to infos, and files
// it under its lazy atoms (see keyTable.lazyKeys).
func (c *keyTable) keep(info int32) {
	c.cached, c.arenaCached, c.presCached = len(c.infos), len(c.arena), len(c.pres)
	ki := &c.infos[info]
	for _, a := range c.arena[ki.lazy.off : ki.lazy.off+ki.lazy.n] {
		for int(a) >= len(c.lazyKeys) {
			c.lazyKeys = append(c.lazyKeys, nil)
		}
		c.lazyKeys[a] = append(c.lazyKeys[a], info)
	}
}

// keyTable maps token keys to what they match, for one language set: an
// open-addressing hash table (cheaper than a map[string] for the short keys
// of words, which it holds in its slots) over infos, whose entry 0 is
// noMatch. Keys longer than a slot holds go to long.
type keyTable struct {
	small [1 << smallBits]smallSlot
	// medium is lookupMedium's direct-mapped cache.
	medium [1 << mediumBits]mediumSlot
	seed   maphash.Seed
	slots  []keySlot // a power of two, at most half full
	long   map[string]int32
	// joinedNums holds the joined keys of digits only (see
	// lookupJoinedNumber).
	joinedNums map[string]int32
	n          int // keys held
	infos      []keyInfo
	arena      []int32
	// infos[:cached] and arena[:arenaCached] are the table's; entries past
	// them serve one sentence (a full table).
	cached, arenaCached, presCached int
	// pres holds the keys' presence words (see keyInfo.pres).
	pres []presWord
	// scratch is keyInfoOf's.
	scratch []int32
	// lazyKeys lists, per lazy atom (see index.lazy), the entries of infos
	// (up to cached) of the keys that match it: a sentence marks a lazy
	// atom from the positions of those of its keys (matcher.markLazy).
	lazyKeys [][]int32
	// headings caches what a heading text says (see headingOf); at most
	// maxCache.
	headings map[string]headingFacts
	// active says, per pack language, whether the table's set holds it.
	active []bool
	// groups lists, per group, its patterns of the active languages, in
	// groupArena; nil until first needed.
	groups     []arenaSpan
	groupArena []groupPat
}

// groupPat is a pattern of a group and a presence bit of its filter (see
// groupPats).
type groupPat struct{ pat, bit int32 }

// groupPats returns the patterns of group g in the table's languages and,
// for each, a presence bit (see index.clauseBase) of its filter, -1 for
// none: its rarest required atom, else its rarest clause. A sentence
// without it rules the pattern out before its record is read.
//
// A pattern and its bit lie side by side in one list, which groupExists
// and groupSpans read in one pass, rather than in two lists; and the
// lists are built apart (listGroups), leaving groupPats small (Evaluate
// over OPP-115: 376.3 → 372.4 M instructions per pass, -1.0%).
func (c *keyTable) groupPats(p *Pack, g int) []groupPat {
	if c.groups == nil {
		c.listGroups(p)
	}
	sp := c.groups[g]
	return c.groupArena[sp.off : sp.off+sp.n]
}

// listGroups fills the table's groups and groupArena (see groupPats).
func (c *keyTable) listGroups(p *Pack) {
	c.groups = make([]arenaSpan, len(p.groups))
	for gi := range p.groups {
		off := len(c.groupArena)
		for _, pi := range p.groups[gi].pats {
			if c.active[p.hot[pi].langID] {
				r := int32(-1)
				if pt := &p.patterns[pi]; len(pt.req) > 0 {
					r = pt.req[0]
				} else if len(pt.clauseBits) > 0 {
					r = pt.clauseBits[0] // its rarest clause
				}
				c.groupArena = append(c.groupArena, groupPat{pi, r})
			}
		}
		c.groups[gi] = arenaSpan{int32(off), int32(len(c.groupArena) - off)}
	}
}

// slotKey is the longest key a slot holds.
const slotKey = 23

// keySlot is 32 bytes: two per cache line.
type keySlot struct {
	hash uint32
	info int32 // index in infos, +1; 0 for an empty slot
	n    uint8 // key length
	key  [slotKey]byte
}

func newKeyTable() *keyTable {
	return &keyTable{seed: maphash.MakeSeed(), slots: make([]keySlot, 1024), long: map[string]int32{}, joinedNums: map[string]int32{}, headings: map[string]headingFacts{},
		infos: []keyInfo{noMatch}, cached: 1}
}

func (c *keyTable) find(h uint64, key []byte) (int32, bool) {
	if len(key) > slotKey {
		i, ok := c.long[string(key)]
		return i, ok
	}
	mask := uint64(len(c.slots) - 1)
	h32 := uint32(h)
	for i := h & mask; ; i = (i + 1) & mask {
		sl := &c.slots[i]
		if sl.info == 0 {
			return 0, false
		}
		if sl.hash == h32 && int(sl.n) == len(key) && string(sl.key[:sl.n]) == string(key) {
			return sl.info - 1, true
		}
	}
}

// add records key (of hash h) with its index in infos, -1 for noMatch.
func (c *keyTable) add(h uint64, key []byte, info int32) int32 {
	info = max(info, 0)
	c.n++
	if len(key) > slotKey {
		c.long[string(key)] = info
		return info
	}
	if 2*(c.n-len(c.long)) > len(c.slots) {
		c.grow()
	}
	sl := keySlot{hash: uint32(h), info: info + 1, n: uint8(len(key))}
	copy(sl.key[:], key)
	c.insert(h, sl)
	return info
}

func (c *keyTable) insert(h uint64, sl keySlot) {
	mask := uint64(len(c.slots) - 1)
	i := h & mask
	for c.slots[i].info != 0 {
		i = (i + 1) & mask
	}
	c.slots[i] = sl
}

func (c *keyTable) grow() {
	old := c.slots
	c.slots = make([]keySlot, 2*len(old))
	for _, sl := range old {
		if sl.info != 0 {
			c.insert(uint64(sl.hash), sl) // the position takes the low bits only
		}
	}
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
