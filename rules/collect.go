package rules

import (
	"context"
	"math/bits"
	"slices"
	"strings"
	"unicode"

	"github.com/vigie-audit/vigie/analyzer"
)

// Collecting hits: every rule and heading cue fired on a document.
//
// Each sentence is tokenised once and its tokens looked up once (prepare):
// that gives its distinct keys with their token positions, the presence
// bits of the atoms and clauses they match, and the positions of the eager
// atoms (markOne, markN). The positions of the other atoms, the lazy ones
// (see index.lazy), are marked when a pattern that reads them runs
// (markLazy); unmark clears what a sentence marked before the next one is
// prepared.
//
// The patterns evaluated on every sentence, the eager ones (the rules'
// triggers, and the companions of rules with a window, whose sentences
// come before and after), are listed by their anchors: only patterns whose
// anchor atom occurs in the sentence are tried, and each distinct pattern
// at most once. Everything else is lazy: a rule's vetoes and companions,
// and its topic's near misses, are evaluated only in a sentence where its
// trigger matched, and a pattern shared by many rules (a veto list copied
// onto ten rules) is evaluated once per sentence, its result kept for the
// others.

// span is a match over tokens [s, e).
type span struct{ s, e int32 }

// matcher holds the scratch space of one evaluation; Pack.free recycles
// them.
type matcher struct {
	s sentence
	// cache maps a token key to what it matches under the active languages;
	// caches holds one cache per language set met.
	cache  *keyTable
	caches map[string]*keyTable
	// active says, per pack language, whether its patterns apply.
	active []bool
	// gen numbers the sentences; the per-pattern and per-topic records
	// below hold the gen they were made in.
	gen   uint32
	pats  []patMemo // per pattern
	cands []int32   // eager candidates whose filter atom the sentence holds (see eagerCands)
	// grpBits has the bit of each eager group with a matching pattern in
	// the current sentence; scanSentence clears it as it reads it.
	grpBits []uint64
	maskGen []uint32 // topic's near-miss mask computed
	maskOff []int32  // its offset in masks, -1 for none
	masks   []uint64
	// text is the prepared sentence. names are the document's service
	// names (names.go), nameToks the tokens of its title; nameGen is the
	// gen of the sentence whose name mask is at masks[nameOff:] (-1 for
	// none).
	text     string
	names    []string
	nameToks tokens
	nameGen  uint32
	nameOff  int32
	// For a one-word sentence (see markOne), keys lists the keys its
	// tokens match, each once, in order of first token, as a slot
	// 2*info+joined; keyGen[slot] is the gen of the sentence that last
	// met it, keyPos[slot] its token positions there.
	keys   []int32
	keyGen []uint32
	keyPos []uint64
	// lazyGen is, per atom, the gen of the sentence in which markLazy
	// marked its positions.
	lazyGen []uint32
	// In a sentence longer than a word, the positions of key slot are
	// posN[keyOff[slot]:][:w] (see markN).
	keyOff []int32
	posN   []uint64
	// marked is the key table the keys of the sentence index, and
	// lazyMarked lists the lazy atoms markLazy marked: what unmark clears.
	marked     *keyTable
	lazyMarked []int32
	// Scratch sets of w words, and span lists.
	set, set2 []uint64
	spans     []span
	spans2    []span
	// secCues and cellCues hold the heading cues of a section's path and
	// of a table cell's label; openNear, per topic, whether the section's
	// opening sentence holds a near-miss of a cued topic (see
	// openingNearMisses).
	secCues, cellCues []bool
	openNear          []bool
	// dec tells the rules more hits would not change (Evaluate only).
	dec decided
	// passage holds the passage vetoes in force (passage.go).
	passage passageScope
	// lead reads list items with their lead-in (leadin.go).
	lead leadInScan
	// cut is set while a passage cut from a policy is evaluated
	// (Options.Passage): its heading is a section's, never the title of
	// the document (see hasTitle).
	cut bool
	// Buffers an evaluation reuses.
	hits     []hit
	sents    []sentRef
	secSents []analyzer.Sentence
	fired    []bool
	order    []int32
	sorted   []hit
	ruleIDs  []string // assess's scratch: a topic's distinct rule ids
}

// getMatcher takes a matcher from the pack's free list, or makes one. A
// free list, unlike a sync.Pool, keeps the matchers' key caches across
// garbage collections.
func (p *Pack) getMatcher() *matcher {
	select {
	case m := <-p.free:
		return m
	default:
		return &matcher{caches: map[string]*keyTable{}}
	}
}

func (p *Pack) putMatcher(m *matcher) {
	if cap(m.s.toks.toks) > 1<<16 || cap(m.s.toks.keys) > 1<<20 || cap(m.s.arena) > 1<<20 {
		m.s = sentence{} // do not keep huge buffers
		m.marked = nil   // nothing to clear
	}
	if cap(m.hits) > 1<<16 || cap(m.sents) > 1<<16 {
		m.hits, m.sents, m.sorted, m.order = nil, nil, nil, nil
	}
	select {
	case p.free <- m:
	default:
	}
}

// patMemo is what a matcher knows of a pattern in the current sentence
// (the one of generation gen): whether it matches (unmasked, ok), and
// whether it is listed among the eager candidates (cand == gen).
type patMemo struct {
	gen, cand uint32
	ok        bool
	// lazy == gen: the lazy atoms the pattern reads are marked (see
	// markLazy).
	lazy uint32
}

// next starts a new sentence generation, sizing the per-pattern records.
func (m *matcher) next(p *Pack) {
	if len(m.pats) < len(p.patterns) || len(m.grpBits) < (len(p.groups)+63)/64 || len(m.maskGen) < len(p.topics) {
		m.pats = make([]patMemo, len(p.patterns))
		m.grpBits = make([]uint64, (len(p.groups)+63)/64)
		m.maskGen = make([]uint32, len(p.topics))
		m.maskOff = make([]int32, len(p.topics))
		m.gen = 0
		clear(m.s.pos)
	}
	m.masks = m.masks[:0]
	m.gen++
	if m.gen == 0 {
		clear(m.pats)
		clear(m.maskGen)
		clear(m.keyGen)
		clear(m.lazyGen)
		clear(m.s.pos)
		m.nameGen = 0
		m.gen = 1
	}
	m.s.gen = m.gen
}

// prepare tokenises text, looks its tokens up, records the positions of
// every atom, and lists the eager candidate patterns.
func (p *Pack) prepare(m *matcher, text string) {
	if len(m.active) < len(p.langs) {
		p.setLanguage(m, "")
	}
	m.unmark()
	m.next(p)
	m.text = text
	s := &m.s
	s.toks.tokenize(text)
	t := &s.toks
	s.reset(len(t.toks), len(p.idx.atoms), p.idx.presBits)
	c := m.cache
	m.marked = c
	c.infos, c.arena, c.pres = c.infos[:c.cached], c.arena[:c.arenaCached], c.pres[:c.presCached]
	cands := m.cands[:0]
	if s.w == 1 {
		cands = p.markOne(m, cands)
	} else {
		cands = p.markN(m, cands)
	}
	m.cands = cands
	if len(m.set) < s.w {
		m.set, m.set2 = make([]uint64, s.w), make([]uint64, s.w)
	}
}

// markOne is prepare's marking for a one-word sentence: it gathers the
// positions of each distinct key (and joined key) first, so that a key
// met by several tokens marks its atoms once, then appends the eager
// candidates of the keys (eagerCands) to cands.
func (p *Pack) markOne(m *matcher, cands []int32) []int32 {
	s := &m.s
	t := &s.toks
	c := m.cache
	keys := m.keys[:0]
	m.sizeKeySlots(len(t.toks))
	for i := range t.toks {
		tk := &t.toks[i]
		bit := uint64(1) << uint(i)
		key := t.keys[tk.k0:tk.k1]
		k, ok := c.smallHit(key) // lookup, its first step inlined
		if !ok {
			k = m.lookupMiss(p, key, int(tk.num))
		}
		if k != 0 {
			keys = m.addKey(2*k, bit, keys)
		}
		// The joined key, for the few tokens that start a compound.
		if tk.j1 > tk.j0 {
			if k := m.tokenKey(p, t, tk, true); k != 0 {
				keys = m.addKey(2*k+1, bit, keys)
			}
		}
	}
	m.keys = keys
	present := s.present
	pos, gen := s.pos, s.gen
	for _, slot := range keys {
		ki := c.infos[slot>>1]
		bits := m.keyPos[slot]
		if slot&1 == 0 {
			// markK, with the positions and the generation held in
			// registers across the loop (as a call, it reloads them
			// from the sentence for every atom: +1.5% instructions).
			for _, a := range c.arena[ki.atoms.off : ki.atoms.off+ki.atoms.n] {
				if ap := &pos[a]; ap.gen != gen {
					*ap = atomPos{k: bits, gen: gen}
				} else {
					ap.k |= bits
				}
			}
		} else {
			s.joins = true
			for _, a := range c.arena[ki.atoms.off : ki.atoms.off+ki.atoms.n] {
				s.markJ(a, bits)
			}
		}
		// The atoms' presence bits and their clauses'.
		for _, pw := range c.pres[ki.pres.off : ki.pres.off+ki.pres.n] {
			present[pw.w] |= pw.bits
		}
	}
	return p.eagerCands(m, cands)
}

// eagerCands appends to cands the eager patterns anchored at the keys of
// the prepared sentence whose filter atom (see keyInfo.eager) it holds,
// each once, in the order of the keys: the presence bits are complete.
func (p *Pack) eagerCands(m *matcher, cands []int32) []int32 {
	c := m.cache
	gen := m.gen
	pats := m.pats
	present := m.s.present
	for _, slot := range m.keys {
		ki := c.infos[slot>>1]
		eg := c.arena[ki.eager.off : ki.eager.off+2*ki.eager.n]
		for q := 0; q+1 < len(eg); q += 2 {
			if a := eg[q+1]; a >= 0 && present[a>>6]&(1<<uint(a&63)) == 0 {
				continue // not feasible
			}
			if pi := eg[q]; pats[pi].cand != gen {
				pats[pi].cand = gen
				cands = append(cands, pi)
			}
		}
	}
	return cands
}

// unmark clears the positions the previous sentence, longer than a word,
// marked: the eager atoms of its keys (markN) and the lazy atoms of
// markLazy. It runs before prepare drops the key table's entries that
// served that sentence only.
func (m *matcher) unmark() {
	s := &m.s
	c := m.marked
	if c == nil {
		return
	}
	m.marked = nil
	// A one-word sentence's positions need no clearing: they are of a
	// past generation (atomPos).
	if s.w > 1 {
		for _, slot := range m.keys {
			ki := c.infos[slot>>1]
			for _, a := range c.arena[ki.atoms.off : ki.atoms.off+ki.atoms.n] {
				s.slot[a] = 0
			}
		}
		for _, a := range m.lazyMarked {
			s.slot[a] = 0
		}
	}
	m.lazyMarked = m.lazyMarked[:0]
}

// markN is markOne for a sentence longer than a word: a key's positions
// take w words (keyOff), and so do an atom's (sentence.slot).
func (p *Pack) markN(m *matcher, cands []int32) []int32 {
	s := &m.s
	t := &s.toks
	c := m.cache
	gen := m.gen
	w := s.w
	keys := m.keys[:0]
	m.sizeKeySlots(len(t.toks))
	if len(m.keyOff) < len(m.keyGen) {
		m.keyOff = make([]int32, len(m.keyGen))
	}
	posN := m.posN[:0]
	add := func(slot int32, i int) {
		if m.keyGen[slot] != gen {
			m.keyGen[slot] = gen
			m.keyOff[slot] = int32(len(posN))
			posN = append(posN, make([]uint64, w)...)
			keys = append(keys, slot)
		}
		posN[int(m.keyOff[slot])+i/64] |= 1 << uint(i%64)
	}
	for i := range t.toks {
		tk := &t.toks[i]
		key := t.keys[tk.k0:tk.k1]
		k, ok := c.smallHit(key) // lookup, its first step inlined
		if !ok {
			k = m.lookupMiss(p, key, int(tk.num))
		}
		if k != 0 {
			add(2*k, i)
		}
		if tk.j1 > tk.j0 {
			if k := m.tokenKey(p, t, tk, true); k != 0 {
				add(2*k+1, i)
			}
		}
	}
	m.keys, m.posN = keys, posN
	for _, slot := range keys {
		ki := c.infos[slot>>1]
		pos := m.keyPositions(slot)
		for _, a := range c.arena[ki.atoms.off : ki.atoms.off+ki.atoms.n] {
			s.markSet(a, pos, slot&1 != 0)
		}
		for _, pw := range c.pres[ki.pres.off : ki.pres.off+ki.pres.n] {
			s.present[pw.w] |= pw.bits
		}
	}
	return p.eagerCands(m, cands)
}

// keyPositions returns the token positions (w words) of key slot in the
// current sentence, longer than a word (see markN).
func (m *matcher) keyPositions(slot int32) []uint64 {
	off := int(m.keyOff[slot])
	return m.posN[off : off+m.s.w]
}

// markLazy marks, in a one-word sentence, the positions of the lazy atoms
// (see index.lazy) that pattern pi reads, before it runs: markOne marks
// the eager atoms only. An atom the sentence does not hold has no
// positions; one it holds takes those of its keys in the sentence, found
// through the key table's lazyKeys.
func (p *Pack) markLazy(m *matcher, pi int32) {
	pm := &m.pats[pi]
	if pm.lazy == m.gen {
		return
	}
	pm.lazy = m.gen
	h := &p.hot[pi]
	s := &m.s
	if len(m.lazyGen) < len(p.idx.atoms) {
		m.lazyGen = make([]uint32, len(p.idx.atoms))
	}
	for _, a := range p.ints[h.lazy0:h.lazy1] {
		if s.present[a>>6]&(1<<uint(a&63)) == 0 || m.lazyGen[a] == m.gen {
			continue
		}
		m.lazyGen[a] = m.gen
		m.lazyMarked = append(m.lazyMarked, a)
		if s.w == 1 {
			k, j := m.lazyPositions(a)
			s.pos[a] = atomPos{k, j, s.gen}
		} else {
			m.lazyPositionsN(a)
		}
	}
}

// lazyPositionsN marks the positions of lazy atom a in the current
// sentence, longer than a word: those of its keys and joined keys.
func (m *matcher) lazyPositionsN(a int32) {
	c := m.cache
	gen := m.gen
	s := &m.s
	add := func(info int32) {
		for join := range int32(2) {
			if slot := 2*info + join; m.keyGen[slot] == gen {
				s.markSet(a, m.keyPositions(slot), join == 1)
			}
		}
	}
	if int(a) < len(c.lazyKeys) {
		for _, info := range c.lazyKeys[a] {
			add(info)
		}
	}
	for info := c.cached; info < len(c.infos); info++ {
		ki := &c.infos[info]
		if slices.Contains(c.arena[ki.lazy.off:ki.lazy.off+ki.lazy.n], a) {
			add(int32(info))
		}
	}
}

// lazyPositions returns the positions of lazy atom a in the current
// one-word sentence: those of its keys (kp) and joined keys (jp).
func (m *matcher) lazyPositions(a int32) (kp, jp uint64) {
	c := m.cache
	gen := m.gen
	joins := m.s.joins
	add := func(info int32) {
		if slot := 2 * info; m.keyGen[slot] == gen {
			kp |= m.keyPos[slot]
		}
		if slot := 2*info + 1; joins && m.keyGen[slot] == gen {
			jp |= m.keyPos[slot]
		}
	}
	if int(a) < len(c.lazyKeys) {
		for _, info := range c.lazyKeys[a] {
			add(info)
		}
	}
	// The entries that serve this sentence only (a full table) are filed
	// nowhere.
	for info := c.cached; info < len(c.infos); info++ {
		ki := &c.infos[info]
		if slices.Contains(c.arena[ki.lazy.off:ki.lazy.off+ki.lazy.n], a) {
			add(int32(info))
		}
	}
	return kp, jp
}

// sizeKeySlots sizes keyGen and keyPos for every key slot the n tokens of
// a sentence can meet: each token adds at most a key and a joined key to
// the cache.
func (m *matcher) sizeKeySlots(n int) {
	if k := 2 * (len(m.cache.infos) + 2*n); k > len(m.keyGen) {
		k = max(2*k, 1024)
		m.keyGen = append(m.keyGen, make([]uint32, k-len(m.keyGen))...)
		m.keyPos = append(m.keyPos, make([]uint64, k-len(m.keyPos))...)
	}
}

// addKey adds the token positions bit to key slot (see matcher.keys) of
// the current sentence, appending the slot to keys when the sentence
// meets it first.
func (m *matcher) addKey(slot int32, bit uint64, keys []int32) []int32 {
	if m.keyGen[slot] != m.gen {
		m.keyGen[slot] = m.gen
		m.keyPos[slot] = 0
		keys = append(keys, slot)
	}
	m.keyPos[slot] |= bit
	return keys
}

// feasible reports whether the sentence holds every atom pattern pi
// requires and an atom of each of its clauses: every bit of its filter.
func (p *Pack) feasible(m *matcher, pi int32) bool {
	h := &p.hot[pi]
	present := m.s.present
	for _, a := range p.ints[h.filt0:h.filt1] {
		if present[a>>6]&(1<<uint(a&63)) == 0 {
			return false
		}
	}
	return true
}

// exists reports whether pattern pi matches the sentence (no mask); the
// answer is kept for the sentence.
func (p *Pack) exists(m *matcher, pi int32) bool {
	pm := &m.pats[pi]
	if pm.gen == m.gen {
		return pm.ok
	}
	ok := p.feasible(m, pi) && p.runAll(m, pi, nil)
	pm.gen, pm.ok = m.gen, ok
	return ok
}

// runAll runs pattern pi from every start position with mask (nil for
// none) and reports whether it matches.
func (p *Pack) runAll(m *matcher, pi int32, mask []uint64) bool {
	pt := &p.hot[pi]
	code := p.code[pt.code0:pt.code1]
	s := &m.s
	if s.n == 0 {
		return false
	}
	if pt.lazy1 > pt.lazy0 {
		p.markLazy(m, pi)
	}
	if s.w == 1 {
		var mk uint64
		if mask != nil {
			mk = mask[0]
		}
		s0 := s.valid >> 1 // positions 0..n-1
		if pt.anchored {
			// A match of an anchored pattern reads the first token with
			// one of its first atoms: without one there, no run.
			var fs uint64
			for _, a := range p.ints[pt.first0:pt.first1] {
				k, j := s.at(a)
				fs |= k | j
			}
			if fs&^mk&1 == 0 {
				return false
			}
			s0 = 1
		}
		return s.run1(code, s0, mk) != 0
	}
	s0 := m.set2[:s.w]
	clear(s0)
	if pt.anchored {
		s0[0] = 1
	} else {
		// positions 0..n-1
		for i := range s.n / 64 {
			s0[i] = ^uint64(0)
		}
		if r := s.n % 64; r > 0 {
			s0[s.n/64] = uint64(1)<<uint(r) - 1
		}
	}
	mk := mask
	if mk == nil {
		mk = s.zero
	}
	return s.runN(code, s0, mk, m.set[:s.w])
}

// matchSpans appends to dst, for each token where pattern pi (which
// matches the sentence) has a match starting, the shortest such match; in
// token order. first stops at the first.
func (p *Pack) matchSpans(m *matcher, pi int32, mask []uint64, first bool, dst []span) []span {
	pt := &p.hot[pi]
	code := p.code[pt.code0:pt.code1]
	firsts := p.ints[pt.first0:pt.first1]
	s := &m.s
	if pt.lazy1 > pt.lazy0 {
		p.markLazy(m, pi)
	}
	if s.w == 1 {
		var fs uint64
		for _, a := range firsts {
			k, j := s.at(a)
			fs |= k | j
		}
		if pt.anchored {
			fs &= 1
		}
		var mk uint64
		if mask != nil {
			mk = mask[0]
			fs &^= mk
		}
		for fs != 0 {
			i := bits.TrailingZeros64(fs)
			fs &= fs - 1
			if end := s.run1(code, 1<<uint(i), mk); end != 0 {
				dst = append(dst, span{int32(i), int32(63 - bits.LeadingZeros64(end))})
				if first {
					break
				}
			}
		}
		return dst
	}
	w := s.w
	fs := make([]uint64, w) // long sentences only
	for _, a := range firsts {
		k, j := s.keysN(a)
		for i := range k {
			fs[i] |= k[i] | j[i]
		}
	}
	if pt.anchored {
		clear(fs[1:])
		fs[0] &= 1
	}
	mk := mask
	if mk == nil {
		mk = s.zero
	}
	s0 := make([]uint64, w)
	for wi := range w {
		for x := fs[wi] &^ mk[wi]; x != 0; x &= x - 1 {
			i := wi*64 + bits.TrailingZeros64(x)
			clear(s0)
			s0[i/64] = 1 << uint(i%64)
			out := m.set[:w]
			if s.runN(code, s0, mk, out) {
				for oi := len(out) - 1; oi >= 0; oi-- {
					if v := out[oi]; v != 0 {
						dst = append(dst, span{int32(i), int32(oi*64 + 63 - bits.LeadingZeros64(v))})
						break
					}
				}
				if first {
					return dst
				}
			}
		}
	}
	return dst
}

// groupExists reports whether a pattern of group g matches the sentence,
// none of the tokens it reads masked (mask nil: no mask).
func (p *Pack) groupExists(m *matcher, g int, mask []uint64) bool {
	present := m.s.present
	if b := p.groups[g].bit; b >= 0 && present[b>>6]&(1<<uint(b&63)) == 0 {
		return false // no pattern of the group can match
	}
	for _, e := range m.cache.groupPats(p, g) {
		pi := e.pat
		if a := e.bit; (a >= 0 && present[a>>6]&(1<<uint(a&63)) == 0) || !p.exists(m, pi) {
			continue
		}
		if mask == nil || p.runAll(m, pi, mask) {
			return true
		}
	}
	return false
}

// groupSpans appends to dst the matches of group g in the sentence: per
// start token, the shortest match of any of its patterns of language lang
// (-1: any), in token order. first keeps the first only.
func (p *Pack) groupSpans(m *matcher, g int, mask []uint64, lang int, first bool, dst []span) []span {
	n0 := len(dst)
	present := m.s.present
	if b := p.groups[g].bit; b >= 0 && present[b>>6]&(1<<uint(b&63)) == 0 {
		return dst // no pattern of the group can match
	}
	for _, e := range m.cache.groupPats(p, g) {
		pi := e.pat
		if a := e.bit; a >= 0 && present[a>>6]&(1<<uint(a&63)) == 0 {
			continue // not feasible
		}
		if (lang >= 0 && int(p.hot[pi].langID) != lang) || !p.exists(m, pi) {
			continue
		}
		dst = p.matchSpans(m, pi, mask, first, dst)
	}
	out := dst[n0:]
	slices.SortFunc(out, func(a, b span) int {
		if a.s != b.s {
			return int(a.s - b.s)
		}
		return int(b.e - a.e)
	})
	// One match per start: the longest.
	k := 0
	for i, x := range out {
		if i > 0 && x.s == out[k-1].s {
			continue
		}
		out[k] = x
		k++
	}
	if first && k > 1 {
		k = 1
	}
	return dst[:n0+k]
}

// mask returns what the rules of topic t cannot read in the sentence (w
// words): its near misses and the document's names (names.go); nil when
// the sentence holds neither.
func (p *Pack) mask(m *matcher, t int) []uint64 {
	mk := p.nearMask(m, t)
	nm := m.nameMask()
	switch {
	case nm == nil:
		return mk
	case mk == nil:
		return nm
	}
	off := len(m.masks)
	m.masks = append(m.masks, mk...)
	u := m.masks[off:]
	for i := range u {
		u[i] |= nm[i]
	}
	return u
}

// newMask appends a clear mask of the sentence's w words to masks, and
// returns its offset there and the mask.
func (m *matcher) newMask() (int32, []uint64) {
	off := len(m.masks)
	for range m.s.w {
		m.masks = append(m.masks, 0)
	}
	return int32(off), m.masks[off:]
}

// nearMask returns the near-miss mask of topic t in the sentence (w
// words), nil when no near miss of the topic matches.
func (p *Pack) nearMask(m *matcher, t int) []uint64 {
	g := p.topics[t].nearMiss
	if g < 0 {
		return nil
	}
	s := &m.s
	if m.maskGen[t] != m.gen {
		m.maskGen[t] = m.gen
		m.maskOff[t] = -1
		sp := p.groupSpans(m, g, nil, -1, false, m.spans2[:0])
		m.spans2 = sp
		if len(sp) > 0 {
			off, mk := m.newMask()
			for _, x := range sp {
				for i := x.s; i < x.e; i++ {
					mk[i/64] |= 1 << uint(i%64)
				}
			}
			m.maskOff[t] = off
		}
	}
	if off := m.maskOff[t]; off >= 0 {
		return m.masks[off : int(off)+s.w]
	}
	return nil
}

// sentRef is one sentence of the document as evaluation sees it.
type sentRef struct {
	text       string
	start, end int // code points into Document.Text
	section    int
	ntoks      int
	leadIn     string // the lead-in of a list item's first sentence
}

// hit is one rule firing on one sentence.
type hit struct {
	rule     *Rule // nil for a heading cue
	topic    int
	strength float64
	sent     int
	ts, te   int32 // token span of the trigger match
	bs, be   int   // byte span of the match in the sentence text
	weakened bool
	// window: the rule's companions in nearby sentences are still to be
	// checked (at the end of the segment); j is the sentence's index in
	// its segment.
	window bool
	j      int32
	// leadIn: the hit is the item's, read with its lead-in (leadin.go).
	leadIn bool
}

// collect fires every rule and heading cue on doc.
//
// Patterns of the document's language and English patterns apply (English
// terms such as cookie, opt-out or Google Analytics appear in policies of
// every language); all apply when the language is unknown. So German
// "Kind" never fires on English "this kind of", nor English "data" rules on
// Italian text.
func (p *Pack) collect(ctx context.Context, doc *analyzer.Document, lang string) (hits []hit, sents []sentRef, err error) {
	m := p.getMatcher()
	defer p.putMatcher(m)
	return p.collectWith(ctx, m, doc, lang, false, nil, nil)
}

// collectWith is collect with a matcher, appending to hits and sents; with
// prune, it stops trying the rules that more hits would not change (see
// decided).
func (p *Pack) collectWith(ctx context.Context, m *matcher, doc *analyzer.Document, lang string, prune bool, hits []hit, sents []sentRef) ([]hit, []sentRef, error) {
	p.setLanguage(m, lang)
	m.dec.start(p, prune, len(hits))
	secSents := m.secSents
	defer func() { m.secSents = secSents[:0] }()
	titled := !m.cut && hasTitle(doc)
	m.names = m.names[:0]
	if !m.cut {
		m.names = p.titleNames(m, doc, titled)
	}
	defer func() { clear(m.names); m.names = m.names[:0] }()
	m.lead.valid = false
	for si := range doc.Sections {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		sec := &doc.Sections[si]
		// The document's title names the document, not its sections: it
		// neither cues a topic nor vetoes a passage.
		path := sec.Path
		if titled && len(path) > 0 {
			path = path[1:]
		}
		cues := p.headingCues(m, path, &m.secCues)
		p.passageSection(m, path)
		leads := p.sectionLeadIns(m, sec, si == 0)
		firstContent := -1
		for gi := range sec.Segments {
			seg := &sec.Segments[gi]
			if seg.Kind == analyzer.KindHeading {
				continue
			}
			ss := seg.Sentences
			if len(ss) == 0 && strings.TrimSpace(seg.Text) != "" {
				secSents = splitSentencesAt(secSents[:0], seg.Text, seg.Start)
				ss = secSents
			}
			p.passageSegment(m, seg.Label)
			// A table cell's headers ("Contact data / Purpose") are its
			// headings: they cue the cell like a section heading, and as
			// at a section's opening (openingNearMisses) not where the
			// cell's first sentence holds a near miss of the topic
			// ("Destinatarios | Consulte la información adicional").
			if seg.Label != "" && len(ss) > 0 {
				prepared := false
				for ti, ok := range p.headingCues(m, []string{seg.Label}, &m.cellCues) {
					if !ok {
						continue
					}
					if !prepared {
						p.prepare(m, ss[0].Text)
						prepared = true
					}
					if p.nearMask(m, ti) == nil {
						hits = append(hits, hit{topic: ti, strength: p.topics[ti].headingStrong, sent: len(sents), bs: 0, be: len(ss[0].Text)})
					}
				}
			}
			if len(ss) == 0 {
				continue
			}
			base, hitBase := len(sents), len(hits)
			pending := false
			for j := range ss {
				n0 := len(hits)
				hits = p.scanSentence(m, ss[j].Text, j, base+j, hits)
				ntoks := m.s.n // passageFilter may prepare another text
				if firstContent < 0 && ntoks >= 3 && cues != nil {
					p.openingNearMisses(m, cues)
				}
				hits, n0 = p.passageFilter(m, j, ss[j].Text, hits, n0)
				for _, h := range hits[n0:] {
					pending = pending || h.window
				}
				// Hits held for a veto of the next sentence (a passage
				// opening on a heading, passage.go) are settled after it.
				if !pending && !m.passageHeld() && len(hits) > n0 {
					m.dec.settle(p, hits)
				}
				sents = append(sents, sentRef{text: ss[j].Text, start: ss[j].Start, end: ss[j].End, section: si, ntoks: ntoks})
				if firstContent < 0 && (ntoks >= 3 || cues != nil && ntoks == 1 && bareAnswer(ss[j].Text)) {
					firstContent = base + j
				}
				if j == 0 && leads[gi] != "" {
					// A list item: its first sentence read with its
					// lead-in (leadin.go), before the next sentence.
					n1 := len(hits)
					sents[base].leadIn = leads[gi]
					hits = p.readItem(m, leads[gi], ss[0].Text, base, hits)
					if !pending && !m.passageHeld() && len(hits) > n1 {
						m.dec.settle(p, hits)
					}
				}
			}
			if pending {
				// The companions of rules with a window, in the sentences
				// around their triggers.
				kept := hits[:hitBase]
				text := func(k int) string { return ss[k].Text }
				for _, h := range hits[hitBase:] {
					if !h.window || p.windowHolds(m, h, text, len(ss)) {
						h.window = false
						kept = append(kept, h)
					}
				}
				hits = kept
			}
			m.dec.settle(p, hits)
		}
		if firstContent >= 0 {
			for ti, ok := range cues {
				if ok && !m.openNear[ti] {
					s := sents[firstContent]
					hits = append(hits, hit{topic: ti, strength: p.topics[ti].headingStrong, sent: firstContent, bs: 0, be: len(s.text)})
				}
			}
			m.dec.settle(p, hits)
		}
	}
	return hits, sents, nil
}

// openingNearMisses records, for each topic a section's headings cue, whether
// the section's opening sentence (the prepared one, which the cue falls
// on) holds a near-miss of the topic: its words there mean something else
// ("Porch-party cookies" over a recipe, "Cookies" over "for more
// information about cookies, see our cookie policy"), and the heading
// names no section on the topic. The rules of the topic still read every
// sentence of the section.
func (p *Pack) openingNearMisses(m *matcher, cues []bool) {
	if cap(m.openNear) < len(p.topics) {
		m.openNear = make([]bool, len(p.topics))
	}
	m.openNear = m.openNear[:len(p.topics)]
	for ti, ok := range cues {
		m.openNear[ti] = ok && p.nearMask(m, ti) != nil
	}
}

// windowHolds checks the window companions of a hit's rule in the
// sentences around its trigger, in its segment of n sentences (text(k) is
// the k-th): each of the rule's context groups, and its with groups unless
// it has a near, must match one of them. It prepares those sentences anew
// (but the one the matcher holds: a lead-in read alone, a segment's last
// sentence), so the matcher may no longer hold the one last scanned.
// Companions are read only here, where a trigger fired (markEager).
func (p *Pack) windowHolds(m *matcher, h hit, text func(int) string, n int) bool {
	r := h.rule
	var buf [8]int
	need := append(buf[:0], r.context...)
	if r.Near == 0 {
		need = append(need, r.with...)
	}
	j := int(h.j)
	for k := max(0, j-r.Window); k <= min(n-1, j+r.Window) && len(need) > 0; k++ {
		if t := text(k); t != m.text {
			p.prepare(m, t)
		}
		left := need[:0]
		for _, g := range need {
			if !p.groupExists(m, g, p.mask(m, p.groups[g].topic)) {
				left = append(left, g)
			}
		}
		need = left
	}
	return len(need) == 0
}

// scanSentence evaluates the rules on s, the j-th sentence of a segment
// (sentence sent of the document), appending their hits. A hit of a rule
// with a window waits for windowHolds.
func (p *Pack) scanSentence(m *matcher, s string, j, sent int, hits []hit) []hit {
	p.prepare(m, s)
	// The eager groups with a matching pattern, as a bitset read in
	// increasing order (Pack.groups has a few hundred): a list kept unique
	// by generation, then sorted, cost more (Evaluate over OPP-115: 368.7
	// → 367.2 M instructions per pass, -0.4%, means of three runs).
	gb := m.grpBits
	for _, pi := range m.cands {
		if m.dec.skippedPat(pi) || !p.exists(m, pi) {
			continue
		}
		h := &p.hot[pi]
		for _, g := range p.ints[h.eg0:h.eg1] {
			gb[g/64] |= 1 << (g % 64)
		}
	}
	for w, x := range gb {
		if x == 0 {
			continue
		}
		gb[w] = 0
		for ; x != 0; x &= x - 1 {
			g := int32(w*64 + bits.TrailingZeros64(x))
			if m.dec.skipped(g) {
				continue
			}
			// Every eager group is a rule's trigger (markEager).
			hits = p.evalRule(m, p.rules[p.groups[g].rule], j, sent, hits)
		}
	}
	return hits
}

// nearAll makes a rule with near consider every match of its trigger in
// the sentence, not only the first.
var nearAll = false

// evalRule fires rule r on the current sentence if its trigger matches
// (unmasked) and its requirements in the sentence hold.
func (p *Pack) evalRule(m *matcher, r *Rule, j, sent int, hits []hit) []hit {
	mask := p.mask(m, r.Topic.index)
	if mask != nil && !p.groupExists(m, r.trigger, mask) {
		return hits
	}
	// The cheap conditions first: existence of vetoes and companions,
	// answered once per sentence for every rule that shares them.
	if r.unless >= 0 && p.groupExists(m, r.unless, nil) {
		return hits
	}
	if r.topicUnless && p.groupExists(m, r.Topic.unless, nil) {
		return hits
	}
	if r.Window == 0 {
		for _, g := range r.context {
			if !p.groupExists(m, g, mask) {
				return hits
			}
		}
		if r.Near == 0 {
			for _, g := range r.with {
				if !p.groupExists(m, g, mask) {
					return hits
				}
			}
		}
	}
	first := r.Min <= 1 && (r.Near == 0 || !nearAll)
	ms := p.groupSpans(m, r.trigger, mask, -1, first, m.spans[:0])
	m.spans = ms
	if len(ms) == 0 {
		return hits
	}
	if r.Min > 1 {
		// The rule's matches at distinct places: it fires at the Min-th.
		n, next := 0, int32(0)
		var at span
		for _, x := range ms {
			if x.s >= next {
				n++
				next = x.e
				if n == r.Min {
					at = x
					break
				}
			}
		}
		if n < r.Min {
			return hits
		}
		ms = append(ms[:0], at)
	}
	at := ms[0]
	if r.Near > 0 {
		ok := false
		near := int32(r.Near)
		for _, x := range ms {
			if p.nearHolds(m, r, x, near, mask) {
				at, ok = x, true
				break
			}
			if !nearAll {
				break
			}
		}
		if !ok {
			return hits
		}
	}
	t := &m.s.toks
	tk0, tk1 := t.toks[at.s], t.toks[at.e-1]
	return append(hits, hit{rule: r, topic: r.Topic.index, strength: r.Strength,
		sent: sent, ts: at.s, te: at.e, bs: int(tk0.start), be: int(tk1.end),
		window: r.Window > 0 && (len(r.context) > 0 || (r.Near == 0 && len(r.with) > 0)), j: int32(j)})
}

// nearHolds reports whether every with group of r matches within near
// tokens of the trigger match x.
func (p *Pack) nearHolds(m *matcher, r *Rule, x span, near int32, mask []uint64) bool {
	for _, g := range r.with {
		found := false
		cs := p.groupSpans(m, g, mask, -1, false, m.spans2[:0])
		m.spans2 = cs
		for _, c := range cs {
			if c.s < x.e+near && x.s < c.e+near {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

func resizeBools(b []bool, n int) []bool {
	if cap(b) < n {
		return make([]bool, n)
	}
	b = b[:n]
	clear(b)
	return b
}

// bareAnswers are the one-word answers a question heading may get ("Do
// you share my data with third parties?" — "No."): the section's content,
// which its heading's cue falls on, as on a sentence of three words or more.
var bareAnswers = map[string]bool{
	"no": true, "yes": true, "none": true, "never": true,
	"non": true, "oui": true, "aucun": true, "aucune": true, "jamais": true,
	"nein": true, "ja": true, "keine": true, "nie": true, "niemals": true,
	"si": true, "sí": true, "ninguno": true, "ninguna": true, "nunca": true,
	"sì": true, "nessuno": true, "nessuna": true, "mai": true,
	"nee": true, "geen": true, "nooit": true,
	"não": true, "nao": true, "sim": true, "nenhum": true, "nenhuma": true,
}

// bareAnswer reports whether a sentence is a one-word answer (see
// bareAnswers), its punctuation and bullets aside.
func bareAnswer(text string) bool {
	w := strings.TrimFunc(text, func(r rune) bool { return !unicode.IsLetter(r) })
	if w == "" || len(w) > 8 {
		return false
	}
	return bareAnswers[strings.ToLower(w)]
}
