package rules

import (
	"hash/maphash"
	"slices"
	"sort"
	"strconv"

	"github.com/vigie-audit/vigie/analyzer"
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
	// required marks the atoms some pattern requires (prog.required).
	required []bool
	words    int // uint64 words in a token's atom bitset
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
	var sigBuf []byte
	var sortBuf []string
	intern := func(a *atom) *atom {
		// The atom's signature: kind, bounds and its sorted key lists.
		b := strconv.AppendInt(sigBuf[:0], int64(a.kind), 10)
		b = append(b, '|')
		b = strconv.AppendInt(b, int64(a.lo), 10)
		b = append(b, '|')
		b = strconv.AppendInt(b, int64(a.hi), 10)
		for _, l := range [][]string{a.keys, a.pre, a.suf, a.inf} {
			b = append(b, '|')
			sortBuf = append(sortBuf[:0], l...)
			sort.Strings(sortBuf)
			for i, k := range sortBuf {
				if i > 0 {
					b = append(b, 0)
				}
				b = append(b, k...)
			}
		}
		sigBuf = b
		if id, ok := ids[string(b)]; ok {
			return ix.atoms[id]
		}
		id := int32(len(ix.atoms))
		ids[string(b)] = id
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
				pr.code[i].id = pr.code[i].a.id
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
	ix.required = make([]bool, len(ix.atoms))
	for pi := range p.patterns {
		pr := p.patterns[pi].prog
		pr.req = pr.req[:0]
		for _, a := range pr.required {
			ix.required[a.id] = true
			pr.req = append(pr.req, a.id)
		}
		pr.singleID = -1
		if pr.single != nil {
			pr.singleID = pr.single.id
		}
		pr.icode = pr.icode[:0]
		for _, in := range pr.code {
			ci := cinst{op: in.op, x: int32(in.x), y: int32(in.y)}
			switch in.op {
			case opAtom:
				ci.id = in.a.id
			case opGap:
				ci.x = int32(in.n)
			}
			pr.icode = append(pr.icode, ci)
		}
		pr.clauses = pr.clauses[:0]
		for _, pcs := range pr.clausePCs {
			var ids []int32
			for _, pc := range pcs {
				id := pr.code[pc].a.id
				ix.required[id] = true
				if !slices.Contains(ids, id) {
					ids = append(ids, id)
				}
			}
			pr.clauses = append(pr.clauses, ids)
		}
		// What only building needed: the heap the collector marks at every
		// cycle stays small.
		pr.first, pr.required, pr.clausePCs = nil, nil, nil
	}
	ix.words = (len(ix.atoms) + 63) / 64
	p.idx = ix
	p.buildGroupInfo()
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

// keyInfo is what a token key matches: atoms, and the patterns of the
// active languages that can start with one of them, by use: rule patterns
// (triggers, companions, vetoes), near misses, and heading cues (with their
// vetoes and the near misses). Each list keeps the index's order, which
// decides which of two matches at one token a rule keeps. The lists are
// spans of their keyTable's arena, side by side, so that a token's look-ups
// touch one or two cache lines.
type keyInfo struct {
	// bloom has bit a&63 set for each atom a: most atoms a token does not
	// match are told without reading the list.
	bloom uint64
	atoms arenaSpan
	// req lists the atoms that some pattern requires (see prog.required):
	// only they need marking in a sentence's atom set.
	req  arenaSpan
	body arenaSpan
	nm   arenaSpan
	head arenaSpan
}

// arenaSpan is a list in a keyTable's arena.
type arenaSpan struct{ off, n int32 }

// noMatch is the keyInfo of the (many) keys that match no atom; it is
// always at index 0 of a keyTable.
var noMatch = keyInfo{}

// Pattern roles, per group, for the evaluation of body sentences.
const (
	roleRule     = iota // a trigger, companion or veto
	roleNearMiss        // masks its topic's triggers and companions
	roleHeading         // heading cues and their vetoes: headings only
)

// groupInfo is what evaluation needs to know of a group.
type groupInfo struct {
	role uint8
	// once: the group's first match in a sentence (its first unmasked one
	// when masked) is all that counts; every match counts for the
	// companions of a rule with Near, whose positions matter (they are
	// matched apart, see scanSentence).
	once    bool
	masked  bool // near misses of its topic mask it (triggers, companions)
	trigger bool
	topic   int32
	rule    int32 // -1 for topic-level groups
}

// patRef is a pattern as evaluation sees it: what a candidate needs, in
// one place.
type patRef struct {
	prog  *prog
	group int32
	lang  int32
	// filter is the offset in Pack.filters of the atoms a sentence must
	// hold for the pattern to match there: the count of required atoms,
	// them, the count of clauses, then each clause's count and atoms.
	filter int32
	// the group's (see groupInfo)
	topic, rule           int32
	once, masked, trigger bool
	single                bool // a one-atom pattern
	anchored              bool // it opens with ^
}

// buildGroupInfo fills p.ginfo and p.pats from the compiled groups, rules
// and patterns.
func (p *Pack) buildGroupInfo() {
	p.ginfo = make([]groupInfo, len(p.groups))
	for gi, g := range p.groups {
		inf := groupInfo{once: true, topic: int32(g.topic), rule: int32(g.rule)}
		switch g.kind {
		case groupNearMiss:
			inf.role = roleNearMiss
		case groupHeading, groupHeadingUnless:
			inf.role = roleHeading
		case groupTrigger:
			inf.trigger, inf.masked = true, true
		case groupWith:
			inf.masked = true
			if r := p.rules[g.rule]; r.Near > 0 && slices.Contains(r.with, gi) {
				inf.once = false
			}
		}
		p.ginfo[gi] = inf
	}
	p.pats = make([]patRef, len(p.patterns))
	p.filters = p.filters[:0]
	for pi := range p.patterns {
		pt := &p.patterns[pi]
		gi := &p.ginfo[pt.group]
		pr := pt.prog
		p.pats[pi] = patRef{prog: pr, group: int32(pt.group), lang: int32(pt.langID), filter: int32(len(p.filters)),
			topic: gi.topic, rule: gi.rule, once: gi.once, masked: gi.masked, trigger: gi.trigger, single: pr.singleID >= 0,
			anchored: len(pr.icode) > 0 && pr.icode[0].op == opStart}
		p.filters = append(p.filters, int32(len(pr.req)))
		p.filters = append(p.filters, pr.req...)
		p.filters = append(p.filters, int32(len(pr.clauses)))
		for _, cl := range pr.clauses {
			p.filters = append(p.filters, int32(len(cl)))
			p.filters = append(p.filters, cl...)
		}
	}
}

// lookup returns the index in m.cache.infos of what key (a token's key or
// joined key, with its number value or -1) matches. It is computed once
// per key and language set and cached: policy vocabulary repeats.
func (m *matcher) lookup(p *Pack, key []byte, num int) int32 {
	c := m.cache
	if len(key) > smallKey {
		info, _ := m.lookupTable(p, key, num)
		return info
	}
	// Short keys, most words, go through a direct-mapped cache first: the
	// key itself, packed in a word, is its tag.
	var packed uint64
	for i, b := range key {
		packed |= uint64(b) << (8 * i)
	}
	packed |= uint64(len(key)) << 56
	sl := &c.small[(packed*0x9E3779B97F4A7C15)>>(64-smallBits)]
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
	c.cached, c.arenaCached = len(c.infos), len(c.arena)
	return c.add(h, key, int32(len(c.infos)-1)), true
}

// keyInfoOf computes what key matches under the active languages, its
// lists appended to c's arena; false when it matches no atom.
func (p *Pack) keyInfoOf(c *keyTable, active []bool, key []byte, num int) (keyInfo, bool) {
	ix := &p.idx
	atoms := ix.atomsOf(key, num)
	if len(atoms) == 0 {
		return noMatch, false
	}
	var ki keyInfo
	var req, body, nm, head []int32
	for _, id := range atoms {
		ki.bloom |= 1 << (id & 63)
		if ix.required[id] && !slices.Contains(req, id) {
			req = append(req, id)
		}
		for _, pi := range ix.starts[id] {
			pr := &p.pats[pi]
			if !active[pr.lang] {
				continue
			}
			switch p.ginfo[pr.group].role {
			case roleRule:
				body = appendUnique(body, pi)
			case roleNearMiss:
				nm = appendUnique(nm, pi)
				head = appendUnique(head, pi)
			default:
				head = appendUnique(head, pi)
			}
		}
	}
	put := func(l []int32) arenaSpan {
		sp := arenaSpan{int32(len(c.arena)), int32(len(l))}
		c.arena = append(c.arena, l...)
		return sp
	}
	ki.atoms, ki.req, ki.body, ki.nm, ki.head = put(atoms), put(req), put(body), put(nm), put(head)
	return ki, true
}

// keyTable maps token keys to what they match, for one language set: an
// open-addressing hash table (cheaper than a map[string] for the short keys
// of words, which it holds in its slots) over infos, whose entry 0 is
// noMatch. Keys longer than a slot holds go to long.
type keyTable struct {
	small [1 << smallBits]smallSlot
	seed  maphash.Seed
	slots []keySlot // a power of two, at most half full
	long  map[string]int32
	n     int // keys held
	infos []keyInfo
	arena []int32
	// infos[:cached] and arena[:arenaCached] are the table's; entries past
	// them serve one sentence (a full table).
	cached, arenaCached int
}

// list returns the list sp of c's arena.
func (c *keyTable) list(sp arenaSpan) []int32 { return c.arena[sp.off : sp.off+sp.n] }

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
	return &keyTable{seed: maphash.MakeSeed(), slots: make([]keySlot, 1024), long: map[string]int32{},
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

// A match is one pattern matched in a sentence, over tokens [start, end).
type match struct {
	group      int32
	start, end int32
}

// posPat is a candidate pattern at a token position; join says that it
// matches only the token's joined key there.
type posPat struct {
	pos, pat int32
	join     bool
}

// matcher holds the scratch space of one evaluation; Pack.free recycles
// them.
type matcher struct {
	toks    tokens
	matches []match
	// kinfo and jinfo hold, per token, what its key and its joined key
	// match; sent is the union of the atoms of the sentence.
	kinfo, jinfo []int32
	sent         []uint64
	// plist holds the candidate patterns at each token, token i's from
	// poff[i] to poff[i+1]; nmc the near-miss candidates, in token order.
	plist []int32
	poff  []int32
	nmc   []posPat
	masks []span
	need  []int32  // Near companion groups to match in the sentence
	nearc []posPat // the sentence's candidates of Near companion groups
	// counted holds, per rule with a Min, its matches in the sentence.
	counted []ruleCount
	// cache maps a token key to what it matches under the active languages;
	// caches holds one cache per language set met.
	cache  *keyTable
	caches map[string]*keyTable
	// active says, per pack language, whether its patterns apply.
	active []bool
	// cues caches the heading cues of a heading text (for the active
	// languages); secCues and cellCues hold those of a section's path and
	// of a table cell's label.
	cues              map[string][]bool
	secCues, cellCues []bool
	// Buffers an evaluation reuses.
	hits     []hit
	sents    []sentRef
	bitbuf   []uint64
	secSents []analyzer.Sentence
	segMs    []sentMatch
	fired    []bool
	order    []int32
	sorted   []hit
}

// getMatcher takes a matcher from the pack's free list, or makes one. A
// free list, unlike a sync.Pool, keeps the matchers' key caches across
// garbage collections.
func (p *Pack) getMatcher() *matcher {
	select {
	case m := <-p.free:
		return m
	default:
		return &matcher{caches: map[string]*keyTable{}, cues: map[string][]bool{}}
	}
}

func (p *Pack) putMatcher(m *matcher) {
	if cap(m.toks.toks) > 1<<16 || cap(m.toks.keys) > 1<<20 {
		m.toks, m.kinfo, m.jinfo = tokens{}, nil, nil // do not keep huge buffers
	}
	if cap(m.hits) > 1<<16 || cap(m.sents) > 1<<16 {
		m.hits, m.sents, m.sorted, m.order, m.bitbuf = nil, nil, nil, nil, nil
	}
	m.matches = m.matches[:0]
	select {
	case p.free <- m:
	default:
	}
}

func resizeBools(b []bool, n int) []bool {
	if cap(b) < n {
		return make([]bool, n)
	}
	b = b[:n]
	clear(b)
	return b
}

func resize(b []uint64, n int) []uint64 {
	if cap(b) < n {
		return make([]uint64, n)
	}
	b = b[:n]
	clear(b)
	return b
}

// Candidate lists prepare builds.
const (
	listBody = iota // rule patterns, near misses apart
	listHead        // heading cues, their vetoes, near misses
	listAll         // every pattern
)

// prepare tokenises s, looks up its tokens and, for listHead and listAll,
// lists the candidate patterns at each token: every pattern of the list
// whose first atom matches there, once. For listBody, the scan reads the
// candidates from kinfo and jinfo, and prepare lists the near misses.
func (p *Pack) prepare(m *matcher, s string, list int) {
	if len(m.active) < len(p.langs) {
		p.setLanguage(m, "")
	}
	m.toks.tokenize(s)
	t := &m.toks
	// Locals, stored back at the end: appending to the matcher's slices
	// would cost write barriers while the collector runs.
	sent := resize(m.sent, p.idx.words)
	kinfo, jinfo := m.kinfo[:0], m.jinfo[:0]
	nmc := m.nmc[:0]
	c := m.cache
	c.infos, c.arena = c.infos[:c.cached], c.arena[:c.arenaCached]
	if list == listBody {
		// The hot path, on its own.
		n := len(t.toks)
		if cap(kinfo) < n {
			kinfo, jinfo = make([]int32, n), make([]int32, n)
		}
		kinfo, jinfo = kinfo[:n], jinfo[:n]
		for i := range t.toks {
			tk := &t.toks[i]
			k := m.lookup(p, t.keys[tk.k0:tk.k1], int(tk.num))
			kinfo[i] = k
			j := int32(0)
			if tk.j1 > tk.j0 {
				j = m.lookup(p, t.keys[tk.j0:tk.j1], -1)
			}
			jinfo[i] = j
			if k != 0 {
				ki := &c.infos[k]
				for _, id := range c.arena[ki.req.off : ki.req.off+ki.req.n] {
					sent[id>>6] |= 1 << (id & 63)
				}
				for _, pi := range c.arena[ki.nm.off : ki.nm.off+ki.nm.n] {
					nmc = append(nmc, posPat{int32(i), pi, false})
				}
			}
			if j != 0 {
				ji := &c.infos[j]
				for _, id := range c.list(ji.req) {
					sent[id>>6] |= 1 << (id & 63)
				}
				for _, pi := range c.list(ji.nm) {
					if !slices.Contains(c.list(c.infos[k].nm), pi) {
						nmc = append(nmc, posPat{int32(i), pi, true})
					}
				}
			}
		}
		m.sent, m.kinfo, m.jinfo, m.nmc = sent, kinfo, jinfo, nmc
		return
	}
	plist, poff := m.plist[:0], append(m.poff[:0], 0)
	for i := range t.toks {
		tk := &t.toks[i]
		k := m.lookup(p, t.keys[tk.k0:tk.k1], int(tk.num))
		j := int32(0)
		if tk.j1 > tk.j0 {
			j = m.lookup(p, t.keys[tk.j0:tk.j1], -1)
		}
		kinfo, jinfo = append(kinfo, k), append(jinfo, j)
		if k == 0 && j == 0 {
			if list != listBody {
				poff = append(poff, int32(len(plist)))
			}
			continue
		}
		ki, ji := &c.infos[k], &c.infos[j]
		for _, id := range c.list(ki.req) {
			sent[id>>6] |= 1 << (id & 63)
		}
		for _, id := range c.list(ji.req) {
			sent[id>>6] |= 1 << (id & 63)
		}
		switch list {
		case listBody:
			for _, pi := range c.list(ki.nm) {
				nmc = append(nmc, posPat{int32(i), pi, false})
			}
			for _, pi := range c.list(ji.nm) {
				if !slices.Contains(c.list(ki.nm), pi) {
					nmc = append(nmc, posPat{int32(i), pi, true})
				}
			}
			continue
		case listHead:
			plist = append(plist, c.list(ki.head)...)
			plist = appendNew(plist, int(poff[i]), c.list(ji.head))
		default:
			from := int(poff[i])
			plist = append(plist, c.list(ki.body)...)
			plist = appendNew(plist, from, c.list(ki.nm))
			plist = appendNew(plist, from, c.list(ki.head))
			plist = appendNew(plist, from, c.list(ji.body))
			plist = appendNew(plist, from, c.list(ji.nm))
			plist = appendNew(plist, from, c.list(ji.head))
		}
		poff = append(poff, int32(len(plist)))
	}
	m.sent, m.kinfo, m.jinfo, m.plist, m.poff, m.nmc = sent, kinfo, jinfo, plist, poff, nmc
}

// appendNew appends to list the patterns of add not in list[from:].
func appendNew(list []int32, from int, add []int32) []int32 {
	n := len(list)
	for _, pi := range add {
		if !slices.Contains(list[from:n], pi) {
			list = append(list, pi)
		}
	}
	return list
}

// feasible reports whether the sentence holds every atom pattern pi
// requires and an atom of each of its clauses (see patRef.filter).
func (m *matcher) feasible(p *Pack, pi int32) bool {
	f := p.filters[p.pats[pi].filter:]
	n := int(f[0])
	for _, a := range f[1 : 1+n] {
		if m.sent[a>>6]&(1<<(a&63)) == 0 {
			return false
		}
	}
	f = f[1+n:]
	clauses := int(f[0])
	f = f[1:]
next:
	for ; clauses > 0; clauses-- {
		n := int(f[0])
		cl := f[1 : 1+n]
		f = f[1+n:]
		for _, a := range cl {
			if m.sent[a>>6]&(1<<(a&63)) != 0 {
				continue next
			}
		}
		return false
	}
	return true
}

// runAt matches pr at token i, a candidate position where its first atom
// matches the token's key (or only its joined key, join), and returns the
// end of the match.
func (p *Pack) runAt(m *matcher, v *vm, pr *prog, i int, join bool) (int, bool) {
	if pr.singleID >= 0 {
		// A one-atom pattern matched where its atom did.
		if !join {
			return i + 1, true
		}
		return int(m.toks.toks[i].jEnd), true
	}
	v.icode, v.start, v.steps = pr.icode, i, 0
	pc, pos := 0, i
	if in := &pr.icode[0]; in.op == opAtom {
		// The candidate list told which of the token's keys the first atom
		// matches: the run takes its first step here, unless both do.
		switch {
		case join:
			pc, pos = 1, int(m.toks.toks[i].jEnd)
		case m.jinfo[i] == 0 || !v.has(m.jinfo[i], in.id):
			pc, pos = 1, i+1
		}
		if pc == 1 {
			v.steps = 1
		}
	}
	end, ok := v.runIndexed(pc, pos)
	return end, ok && end > i
}

// matchSentence tokenises s and returns every match in it of the patterns
// of list (listHead or listAll).
func (p *Pack) matchSentence(m *matcher, s string, list int) []match {
	p.prepare(m, s, list)
	m.matches = m.matches[:0]
	t := &m.toks
	v := vm{t: t, kinfo: m.kinfo, jinfo: m.jinfo, infos: m.cache.infos, arena: m.cache.arena}
	c := m.cache
	for i := range t.toks {
		katoms := c.list(c.infos[m.kinfo[i]].atoms)
		for _, pi := range m.plist[m.poff[i]:m.poff[i+1]] {
			pr := p.pats[pi].prog
			if !m.feasible(p, pi) {
				continue
			}
			join := pr.singleID >= 0 && !slices.Contains(katoms, pr.singleID)
			if end, ok := p.runAt(m, &v, pr, i, join); ok {
				m.matches = append(m.matches, match{group: p.pats[pi].group, start: int32(i), end: int32(end)})
			}
		}
	}
	return m.matches
}

// scanSentence matches the rule patterns on s, the j-th sentence of a
// segment (sentence sent of the document). It sets in row the bit of every
// group that matched (unmasked, for triggers and companions), appends a
// hit for each rule whose trigger fires and, for the companions of rules
// with Near, every match with its sentence.
//
// Only what evaluation uses is computed: a group whose first match is all
// that counts stops being tried once it matched.
func (p *Pack) scanSentence(m *matcher, s string, row []uint64, j, sent int, hits []hit, segMs []sentMatch) ([]hit, []sentMatch) {
	p.prepare(m, s, listBody)
	t := &m.toks
	v := vm{t: t, kinfo: m.kinfo, jinfo: m.jinfo, infos: m.cache.infos, arena: m.cache.arena}
	m.masks = m.masks[:0]
	for _, c := range m.nmc {
		pr := p.pats[c.pat].prog
		if !m.feasible(p, c.pat) {
			continue
		}
		if end, ok := p.runAt(m, &v, pr, int(c.pos), c.join); ok {
			m.masks = append(m.masks, span{int(p.ginfo[p.pats[c.pat].group].topic), c.pos, int32(end)})
		}
	}
	if len(p.minRules) > 0 {
		if len(m.counted) < len(p.rules) {
			m.counted = make([]ruleCount, len(p.rules))
		}
		for _, r := range p.minRules {
			m.counted[r] = ruleCount{}
		}
	}
	m.nearc = m.nearc[:0]
	sc := scan{p: p, m: m, v: vm{t: t, kinfo: m.kinfo, jinfo: m.jinfo, infos: m.cache.infos, arena: m.cache.arena}, row: row, j: j, sent: sent, hits: hits, segMs: segMs}
	c := m.cache
	for i := range t.toks {
		kbody := c.list(c.infos[m.kinfo[i]].body)
		for _, pi := range kbody {
			sc.try(pi, i, false)
		}
		if j := m.jinfo[i]; j != 0 {
			for _, pi := range c.list(c.infos[j].body) {
				if !slices.Contains(kbody, pi) {
					sc.try(pi, i, true)
				}
			}
		}
	}
	// The companions of a rule with Near count only around its trigger, in
	// its sentence: they are matched only where such a rule fired.
	need := m.need[:0]
	for _, h := range sc.hits[len(hits):] {
		if r := h.rule; r != nil && r.Near > 0 {
			for _, g := range r.with {
				if !slices.Contains(need, int32(g)) {
					need = append(need, int32(g))
				}
			}
		}
	}
	m.need = need
	if len(need) > 0 {
		for _, c := range m.nearc {
			if slices.Contains(need, p.pats[c.pat].group) {
				sc.tryNear(c.pat, int(c.pos), c.join)
			}
		}
	}
	return sc.hits, sc.segMs
}

// tryNear runs candidate pi, a companion of a rule with Near, at token i
// and records its match with its position.
func (sc *scan) tryNear(pi int32, i int, join bool) {
	p, m := sc.p, sc.m
	pt := &p.pats[pi]
	if !m.feasible(p, pi) {
		return
	}
	e, ok := p.runAt(m, &sc.v, pt.prog, i, join)
	if !ok {
		return
	}
	start, end := int32(i), int32(e)
	if len(m.masks) > 0 && masked(m.masks, int(pt.topic), start, end) {
		return
	}
	sc.segMs = append(sc.segMs, sentMatch{sent: int32(sc.j), match: match{group: pt.group, start: start, end: end}})
}

// scan is the state of scanSentence.
type scan struct {
	p     *Pack
	m     *matcher
	v     vm
	row   []uint64
	j     int
	sent  int
	hits  []hit
	segMs []sentMatch
}

// try runs candidate pattern pi at token i (matching only the token's
// joined key there, join) and records its match.
func (sc *scan) try(pi int32, i int, join bool) {
	p, m := sc.p, sc.m
	pt := &p.pats[pi]
	g := pt.group
	bit := uint64(1) << (g & 63)
	if !pt.once {
		// A Near companion: kept for later (see tryNear).
		m.nearc = append(m.nearc, posPat{int32(i), pi, join})
		return
	}
	if sc.row[g>>6]&bit != 0 {
		return // matched already
	}
	if pt.anchored && i != 0 {
		return // "^ …" matches at the start of the sentence only
	}
	if !m.feasible(p, pi) {
		return
	}
	e, ok := p.runAt(m, &sc.v, pt.prog, i, join)
	if !ok {
		return
	}
	start, end := int32(i), int32(e)
	if pt.masked && len(m.masks) > 0 && masked(m.masks, int(pt.topic), start, end) {
		return
	}
	if pt.trigger {
		r := p.rules[pt.rule]
		if r.Min > 1 {
			// Count the rule's matches at distinct tokens; it fires at
			// the Min-th.
			c := &m.counted[pt.rule]
			if start >= c.next {
				c.n++
				c.next = end
			}
			if c.n < r.Min {
				return
			}
		}
		// The match that makes the rule fire is its evidence span.
		t := &m.toks
		tk0, tk1 := t.toks[start], t.toks[end-1]
		sc.hits = append(sc.hits, hit{rule: r, topic: int(pt.topic), strength: r.Strength,
			sent: sc.sent, ts: start, te: end, bs: int(tk0.start), be: int(tk1.end)})
	}
	sc.row[g>>6] |= bit
}
