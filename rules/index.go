package rules

// The token index: every flat pattern sequence is filed under its first
// atom, so matching a sentence costs a few hash lookups per token.

type index struct {
	exact  map[string][]int32 // literal key → seqs starting with it
	prefix map[string][]int32 // first minPrefix bytes of a stem → seqs starting with that prefix
	scan   []int32            // seqs starting with a suffix or infix atom
	num    []int32            // seqs starting with a number
}

func (p *Pack) addPattern(pt pattern, seqs []seq) {
	p.patterns = append(p.patterns, pt)
	pi := int32(len(p.patterns) - 1)
	for _, s := range seqs {
		p.seqs = append(p.seqs, s)
		p.seqPat = append(p.seqPat, pi)
	}
}

func (p *Pack) buildIndex() {
	p.idx = index{exact: map[string][]int32{}, prefix: map[string][]int32{}}
	for si, s := range p.seqs {
		id := int32(si)
		a := s[0]
		switch a.kind {
		case atomLit:
			for _, k := range a.keys {
				p.idx.exact[k] = appendUnique(p.idx.exact[k], id)
			}
		case atomPrefix:
			for _, k := range a.keys {
				pk := k[:minPrefix]
				p.idx.prefix[pk] = appendUnique(p.idx.prefix[pk], id)
			}
		case atomSuffix, atomInfix:
			p.idx.scan = append(p.idx.scan, id)
		case atomNum:
			p.idx.num = append(p.idx.num, id)
		}
	}
}

func appendUnique(s []int32, v int32) []int32 {
	if n := len(s); n > 0 && s[n-1] == v {
		return s
	}
	return append(s, v)
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
	stamp   []uint64 // per seq: the position it was last tried at
	gen     uint64
	matches []match
}

func (p *Pack) getMatcher() *matcher {
	if m, ok := p.pool.Get().(*matcher); ok {
		return m
	}
	return &matcher{stamp: make([]uint64, len(p.seqs))}
}

func (p *Pack) putMatcher(m *matcher) {
	if cap(m.toks.toks) > 1<<16 || cap(m.toks.keys) > 1<<20 {
		m.toks = tokens{} // do not keep huge buffers
	}
	m.matches = m.matches[:0]
	p.pool.Put(m)
}

// matchSentence tokenises s and returns every pattern match in it.
func (p *Pack) matchSentence(m *matcher, s string) []match {
	m.toks.tokenize(s)
	m.matches = m.matches[:0]
	t := &m.toks
	for i := range t.toks {
		m.gen++
		tk := &t.toks[i]
		key := t.keys[tk.k0:tk.k1]
		p.tryAll(m, p.idx.exact[string(key)], i)
		if len(key) >= minPrefix {
			p.tryAll(m, p.idx.prefix[string(key[:minPrefix])], i)
		}
		if tk.j1 > tk.j0 {
			join := t.keys[tk.j0:tk.j1]
			p.tryAll(m, p.idx.exact[string(join)], i)
			if len(join) >= minPrefix {
				p.tryAll(m, p.idx.prefix[string(join[:minPrefix])], i)
			}
		}
		if tk.num >= 0 {
			p.tryAll(m, p.idx.num, i)
		}
		if len(p.idx.scan) > 0 && len(key) > minSuffix {
			for _, si := range p.idx.scan {
				a := &p.seqs[si][0]
				if a.matchKey(key) || (tk.j1 > tk.j0 && a.matchKey(t.keys[tk.j0:tk.j1])) {
					p.try(m, si, i)
				}
			}
		}
	}
	return m.matches
}

func (p *Pack) tryAll(m *matcher, cands []int32, i int) {
	for _, si := range cands {
		p.try(m, si, i)
	}
}

func (p *Pack) try(m *matcher, si int32, i int) {
	if m.stamp[si] == m.gen {
		return
	}
	m.stamp[si] = m.gen
	if end, ok := matchSeq(p.seqs[si], 0, &m.toks, i); ok {
		m.matches = append(m.matches, match{group: int32(p.patterns[p.seqPat[si]].group), start: int32(i), end: int32(end)})
	}
}
