package rules

import (
	"context"
	"fmt"
	"maps"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"github.com/vigie-audit/vigie/analyzer"
)

// The reference evaluation: every pattern is matched from every token by a
// plain recursive matcher on its parse tree (atoms matched key by key; no
// index, no bit programs, no cache, no anchors, no laziness), every group
// of every rule is evaluated in every sentence, and the rules' conditions
// are applied as plainly as they can be written. The engine must reach the
// same hits.

// refMatcher matches parse trees against one sentence.
type refMatcher struct {
	t    *tokens
	mask []bool // per token: a near miss covers it
	// gaps says the pattern has gaps: its partial results are memoised (a
	// plain recursion would be exponential), per suffix of a sequence, by
	// position and started.
	gaps bool
	memo map[refKey][][]int
	// hits caches, per atom (by its index among the reference's atoms),
	// whether it matches each token's key and joined key.
	hits [][]uint8
}

type refKey struct {
	seq *node
	n   int
}

// ends returns the positions where matches of seq from pos end; started
// says whether a token was read (before it, gaps read nothing).
func (r *refMatcher) ends(seq []node, pos int, started bool) []int {
	if len(seq) == 0 {
		return []int{pos}
	}
	if !r.gaps {
		return r.ends1(seq, pos, started)
	}
	key := refKey{&seq[0], len(seq)}
	if r.memo == nil {
		r.memo = map[refKey][][]int{}
	}
	m := r.memo[key]
	if m == nil {
		m = make([][]int, 2*(len(r.t.toks)+1))
		r.memo[key] = m
	}
	i := 2 * pos
	if started {
		i++
	}
	if m[i] != nil {
		return m[i]
	}
	out := r.ends1(seq, pos, started)
	if out == nil {
		out = []int{}
	}
	m[i] = out
	return out
}

// atomAt reports whether atom a matches the key (join false) or the joined
// key of token i.
func (r *refMatcher) atomAt(a *atom, i int, join bool) bool {
	var h []uint8
	if int(a.id) < len(r.hits) {
		h = r.hits[a.id]
	}
	if h == nil {
		h = make([]uint8, len(r.t.toks))
		for k := range r.t.toks {
			if refMatchKey(a, r.t.key(k)) {
				h[k] |= 1
			}
			if tk := r.t.toks[k]; tk.j1 > tk.j0 && refMatchKey(a, r.t.join(k)) {
				h[k] |= 2
			}
		}
		if int(a.id) < len(r.hits) {
			r.hits[a.id] = h
		}
	}
	if join {
		return h[i]&2 != 0
	}
	return h[i]&1 != 0
}

func (r *refMatcher) ends1(seq []node, pos int, started bool) []int {
	n, rest := seq[0], seq[1:]
	var out []int
	add := func(es []int) {
		for _, e := range es {
			if !slices.Contains(out, e) {
				out = append(out, e)
			}
		}
	}
	if n.opt {
		add(r.ends(rest, pos, started))
	}
	switch {
	case n.group:
		for _, alt := range n.alts {
			for _, e := range r.ends(alt, pos, started) {
				add(r.ends(rest, e, started || e > pos))
			}
		}
	case n.atom.kind == atomGap:
		if !started {
			add(r.ends(rest, pos, false))
			break
		}
		for g := 0; g <= n.atom.hi && pos+g <= len(r.t.toks); g++ {
			add(r.ends(rest, pos+g, true))
		}
	default:
		if pos >= len(r.t.toks) || r.masked(pos) {
			break
		}
		tk := r.t.toks[pos]
		a := n.atom
		if a.kind == atomNum {
			if int(tk.num) >= a.lo && int(tk.num) <= a.hi {
				add(r.ends(rest, pos+1, true))
			}
			break
		}
		if r.atomAt(a, pos, false) {
			add(r.ends(rest, pos+1, true))
		}
		if r.atomAt(a, pos, true) {
			ok := true
			for k := pos; k < int(tk.jEnd); k++ {
				ok = ok && !r.masked(k)
			}
			if ok {
				add(r.ends(rest, int(tk.jEnd), true))
			}
		}
	}
	return out
}

// refKeySets holds, per atom of the reference's parse trees (by the index
// refTrees gives it), its exact keys as a set.
var refKeySets []map[string]bool

// refMatchKey is atom.matchKey with the exact keys looked up in a set.
func refMatchKey(a *atom, k []byte) bool {
	if a.id <= 0 || int(a.id) >= len(refKeySets) {
		return a.matchKey(k)
	}
	if refKeySets[a.id][string(k)] {
		return true
	}
	for _, w := range a.pre {
		if len(k) >= len(w) && string(k[:len(w)]) == w {
			return true
		}
	}
	return a.matchAffix(k)
}

func (r *refMatcher) masked(i int) bool { return r.mask != nil && r.mask[i] }

// spans returns, per start token, the shortest match of the pattern.
func (r *refMatcher) spans(nodes []node, anchored bool) []span {
	var out []span
	g, ok := refGaps[&nodes[0]]
	if !ok {
		g = countGaps(nodes) > 0
	}
	r.gaps = g
	for s := range r.t.toks {
		if anchored && s > 0 {
			break
		}
		if n := nodes[0]; !n.opt && !n.group && n.atom.kind == atomWord && !r.atomAt(n.atom, s, false) && !r.atomAt(n.atom, s, true) {
			continue // the first atom cannot match here
		}
		es := r.ends(nodes, s, false)
		if len(es) == 0 {
			continue
		}
		out = append(out, span{int32(s), int32(slices.Max(es))})
	}
	return out
}

// refSentence holds the reference's view of one sentence: every group's
// matches, unmasked and masked by its topic's near misses.
type refSentence struct {
	t             *tokens
	plain, masked [][]span
	// near says, per topic, whether a near-miss of the topic matches.
	near []bool
}

// refTrees returns the parse trees of the pack's patterns (kept across
// calls: the reference's atom key sets are filed by atom).
func (p *Pack) refTrees() [][]node {
	refMu.Lock()
	defer refMu.Unlock()
	if trees, ok := refTreeCache[p]; ok {
		return trees
	}
	trees := make([][]node, len(p.patterns))
	var walk func([]node)
	walk = func(nodes []node) {
		for _, n := range nodes {
			if n.group {
				for _, alt := range n.alts {
					walk(alt)
				}
				continue
			}
			set := map[string]bool{}
			for _, k := range n.atom.keys {
				set[k] = true
			}
			if n.atom.id <= 0 {
				if len(refKeySets) == 0 {
					refKeySets = append(refKeySets, nil) // index 0: none
				}
				n.atom.id = int32(len(refKeySets))
				refKeySets = append(refKeySets, set)
			}
		}
	}
	for i, pt := range p.patterns {
		nodes, _, err := parsePattern(pt.src, pt.lists, pt.lang)
		if err != nil {
			panic(err)
		}
		walk(nodes)
		trees[i] = nodes
		refGaps[&nodes[0]] = countGaps(nodes) > 0
	}
	refTreeCache[p] = trees
	return trees
}

var (
	refGaps      = map[*node]bool{}
	refMu        sync.Mutex
	refTreeCache = map[*Pack][][]node{}
)

func (p *Pack) refSentence(trees [][]node, active []bool, text string) *refSentence {
	var t tokens
	t.tokenize(text)
	rs := &refSentence{t: &t, plain: make([][]span, len(p.groups)), masked: make([][]span, len(p.groups))}
	// Each pattern's spans, unmasked and under each topic's mask.
	type key struct{ pat, topic int }
	memo := map[key][]span{}
	hits := make([][]uint8, len(refKeySets))
	patSpans := func(pi int, topic int, mask []bool) []span {
		k := key{pi, topic}
		if mask == nil {
			k.topic = -1
		}
		if sp, ok := memo[k]; ok {
			return sp
		}
		rm := &refMatcher{t: &t, mask: mask, hits: hits}
		sp := rm.spans(trees[pi], p.patterns[pi].anchored)
		memo[k] = sp
		return sp
	}
	groupSpans := func(g int, mask []bool) []span {
		best := map[int32]int32{}
		for _, pi := range p.groups[g].pats {
			pt := &p.patterns[pi]
			if !active[pt.langID] {
				continue
			}
			for _, x := range patSpans(int(pi), p.groups[g].topic, mask) {
				if e, ok := best[x.s]; !ok || x.e > e {
					best[x.s] = x.e
				}
			}
		}
		var out []span
		for s, e := range best {
			out = append(out, span{s, e})
		}
		slices.SortFunc(out, func(a, b span) int { return int(a.s - b.s) })
		return out
	}
	masks := make([][]bool, len(p.topics))
	rs.near = make([]bool, len(p.topics))
	for ti, tp := range p.topics {
		if tp.nearMiss < 0 {
			continue
		}
		for _, x := range groupSpans(tp.nearMiss, nil) {
			if masks[ti] == nil {
				masks[ti] = make([]bool, len(t.toks))
			}
			rs.near[ti] = true
			for k := x.s; k < x.e; k++ {
				masks[ti][k] = true
			}
		}
	}
	for g := range p.groups {
		rs.plain[g] = groupSpans(g, nil)
		rs.masked[g] = groupSpans(g, masks[p.groups[g].topic])
	}
	return rs
}

func (p *Pack) refCues(trees [][]node, active []bool, path []string) []bool {
	var cues []bool
	for _, h := range path {
		rs := p.refSentence(trees, active, h)
		for ti, tp := range p.topics {
			if tp.headingGroup < 0 || (tp.headingUnless >= 0 && len(rs.plain[tp.headingUnless]) > 0) || len(rs.masked[tp.headingGroup]) == 0 {
				continue
			}
			if cues == nil {
				cues = make([]bool, len(p.topics))
			}
			cues[ti] = true
		}
	}
	return cues
}

// refVetoes sets in veto the passage vetoes that match text.
func (p *Pack) refVetoes(trees [][]node, active []bool, text string, veto []bool) {
	rs := p.refSentence(trees, active, text)
	for i, g := range p.passage.groups {
		veto[i] = veto[i] || len(rs.plain[g]) > 0
	}
}

// refRule applies rule r to sentence rs: the hit, if it fires; window
// says its window companions are still to be checked.
func (p *Pack) refRule(r *Rule, rs *refSentence) (h hit, fires, window bool) {
	ms := rs.masked[r.trigger]
	if len(ms) == 0 {
		return h, false, false
	}
	if r.Min > 1 {
		n, next := 0, int32(0)
		var at span
		for _, x := range ms {
			if x.s >= next && n < r.Min {
				n++
				next = x.e
				at = x
			}
		}
		if n < r.Min {
			return h, false, false
		}
		ms = []span{at}
	}
	if r.unless >= 0 && len(rs.plain[r.unless]) > 0 {
		return h, false, false
	}
	if r.topicUnless && len(rs.plain[r.Topic.unless]) > 0 {
		return h, false, false
	}
	if r.Window == 0 {
		for _, g := range r.context {
			if len(rs.masked[g]) == 0 {
				return h, false, false
			}
		}
		if r.Near == 0 {
			for _, g := range r.with {
				if len(rs.masked[g]) == 0 {
					return h, false, false
				}
			}
		}
	}
	at, ok := ms[0], r.Near == 0
	if r.Near > 0 {
		for k, x := range ms {
			if k > 0 && !nearAll {
				break
			}
			all := true
			for _, g := range r.with {
				found := false
				for _, c := range rs.masked[g] {
					found = found || (c.s < x.e+int32(r.Near) && x.s < c.e+int32(r.Near))
				}
				all = all && found
			}
			if all {
				at, ok = x, true
				break
			}
		}
	}
	if !ok {
		return h, false, false
	}
	t := rs.t
	return hit{rule: r, topic: r.Topic.index, strength: r.Strength, ts: at.s, te: at.e,
		bs: int(t.toks[at.s].start), be: int(t.toks[at.e-1].end)}, true, r.Window > 0 && (len(r.context) > 0 || (r.Near == 0 && len(r.with) > 0))
}

// refTitle returns the document's title heading, or "": its first
// heading when every section after it lies under it and the text before
// it is at most a tenth of the document's.
func refTitle(doc *analyzer.Document) string {
	var headed []analyzer.Section
	before, total := 0, 0
	for _, sec := range doc.Sections {
		for _, seg := range sec.Segments {
			if seg.Kind == analyzer.KindHeading {
				continue
			}
			total += utf8.RuneCountInString(seg.Text)
			if len(headed) == 0 && len(sec.Path) == 0 {
				before += utf8.RuneCountInString(seg.Text)
			}
		}
		if len(headed) > 0 || len(sec.Path) > 0 {
			headed = append(headed, sec)
		}
	}
	if len(headed) == 0 || before*10 > total {
		return ""
	}
	for _, sec := range headed {
		if len(sec.Path) == 0 || sec.Path[0] != headed[0].Path[0] {
			return ""
		}
	}
	return headed[0].Path[0]
}

// refCollect is collect, plainly.
func (p *Pack) refCollect(doc *analyzer.Document, lang string) (hits []hit, sents []sentRef, headings []string) {
	trees := p.refTrees()
	active := make([]bool, len(p.langs))
	known := slices.Contains(p.langs, lang)
	for i, l := range p.langs {
		active[i] = !known || l == lang || l == "en"
	}
	title := refTitle(doc)
	for si := range doc.Sections {
		sec := &doc.Sections[si]
		headings = append(headings, sec.Heading())
		// The document's title is no heading of its sections.
		path := sec.Path
		if title != "" && len(path) > 0 {
			path = path[1:]
		}
		cues := p.refCues(trees, active, path)
		// Passage vetoes of the section's headings.
		secVeto := make([]bool, len(p.passage.groups))
		if len(p.passage.groups) > 0 {
			for _, x := range path {
				p.refVetoes(trees, active, x, secVeto)
			}
		}
		firstContent := -1
		var openNear []bool // the near-misses of the section's opening sentence
		leads := findLeadIns(sec.Segments, nil)
		for gi := range sec.Segments {
			seg := &sec.Segments[gi]
			if seg.Kind == analyzer.KindHeading {
				continue
			}
			ss := seg.Sentences
			if len(ss) == 0 && strings.TrimSpace(seg.Text) != "" {
				ss = splitSentencesAt(nil, seg.Text, seg.Start)
			}
			if seg.Label != "" && len(ss) > 0 {
				// No cue where the cell's first sentence uses the topic's
				// words as a near-miss, as at a section's opening.
				near := p.refSentence(trees, active, ss[0].Text).near
				for ti, ok := range p.refCues(trees, active, []string{seg.Label}) {
					if ok && !near[ti] {
						hits = append(hits, hit{topic: ti, strength: p.topics[ti].headingStrong, sent: len(sents), bs: 0, be: len(ss[0].Text)})
					}
				}
			}
			var rss []*refSentence
			var segHits []hit
			var pend []bool
			for j := range ss {
				rs := p.refSentence(trees, active, ss[j].Text)
				rss = append(rss, rs)
				for _, r := range p.rules {
					if h, ok, win := p.refRule(r, rs); ok {
						h.sent, h.j = len(sents), int32(j)
						segHits = append(segHits, h)
						pend = append(pend, win)
					}
				}
				sents = append(sents, sentRef{text: ss[j].Text, start: ss[j].Start, end: ss[j].End, section: si, ntoks: len(rs.t.toks)})
				if firstContent < 0 && (len(rs.t.toks) >= 3 || cues != nil && len(rs.t.toks) == 1 && bareAnswer(ss[j].Text)) {
					firstContent = len(sents) - 1
					openNear = rs.near
				}
			}
			// Passage vetoes: the section's headings, the cell's label,
			// the first sentence.
			veto := slices.Clone(secVeto)
			if seg.Label != "" && len(p.passage.groups) > 0 {
				p.refVetoes(trees, active, seg.Label, veto)
			}
			if len(rss) > 0 {
				for i, g := range p.passage.groups {
					veto[i] = veto[i] || len(rss[0].plain[g]) > 0
				}
				// A heading run into the passage: the text after a label's
				// colon, the second sentence after a heading-like first.
				heading, after := leadShape(rss[0].t, ss[0].Text)
				if after > 0 && len(p.passage.groups) > 0 {
					p.refVetoes(trees, active, ss[0].Text[after:], veto)
				}
				if heading && len(rss) > 1 {
					for i, g := range p.passage.groups {
						veto[i] = veto[i] || len(rss[1].plain[g]) > 0
					}
				}
			}
			// A list item: its first sentence read with its lead-in, whose
			// hits come after those of the first sentence.
			var itemHits []hit
			if lead := leads[gi]; lead != "" && len(ss) > 0 {
				first := len(sents) - len(ss)
				sents[first].leadIn = lead
				itemHits = p.refItem(trees, active, lead, ss[0].Text, first, veto)
			}
			for k, h := range segHits {
				if h.j > 0 && itemHits != nil {
					hits = append(hits, itemHits...)
					itemHits = nil
				}
				if passageVetoed(h.rule, veto) {
					continue
				}
				if pend[k] {
					r := h.rule
					in := func(g int) bool {
						for j := max(0, int(h.j)-r.Window); j <= min(len(rss)-1, int(h.j)+r.Window); j++ {
							if len(rss[j].masked[g]) > 0 {
								return true
							}
						}
						return false
					}
					ok := true
					for _, g := range r.context {
						ok = ok && in(g)
					}
					if r.Near == 0 {
						for _, g := range r.with {
							ok = ok && in(g)
						}
					}
					if !ok {
						continue
					}
				}
				hits = append(hits, h)
			}
			hits = append(hits, itemHits...)
		}
		if firstContent >= 0 {
			for ti, ok := range cues {
				// No cue where the opening uses the topic's words as a
				// near-miss.
				if ok && !openNear[ti] {
					s := sents[firstContent]
					hits = append(hits, hit{topic: ti, strength: p.topics[ti].headingStrong, sent: firstContent, bs: 0, be: len(s.text)})
				}
			}
		}
	}
	return hits, sents, headings
}

// refItem is readItem, plainly: the hits of the lead-in read with the
// item's first sentence (sentence sent) that the item takes part in.
func (p *Pack) refItem(trees [][]node, active []bool, lead, item string, sent int, veto []bool) []hit {
	// fires reports whether r fires on rs, its window companions (if any)
	// in rs itself.
	fires := func(r *Rule, rs *refSentence) (hit, bool) {
		h, ok, win := p.refRule(r, rs)
		if !ok || !win {
			return h, ok
		}
		for _, g := range r.context {
			if len(rs.masked[g]) == 0 {
				return h, false
			}
		}
		if r.Near == 0 {
			for _, g := range r.with {
				if len(rs.masked[g]) == 0 {
					return h, false
				}
			}
		}
		return h, true
	}
	alone := p.refSentence(trees, active, lead)
	both := p.refSentence(trees, active, lead+" "+item)
	off := len(lead) + 1
	var out []hit
	for _, r := range p.rules {
		h, ok := fires(r, both)
		if !ok || passageVetoed(r, veto) {
			continue
		}
		if h.be <= len(lead) {
			if _, own := fires(r, alone); own {
				continue
			}
		}
		h.sent, h.j, h.leadIn = sent, 0, true
		h.bs, h.be = max(0, h.bs-off), max(0, h.be-off)
		out = append(out, h)
	}
	// Inherited topics: the rules that fire on the lead-in alone.
	for _, r := range p.rules {
		if !r.Topic.leadInherit || passageVetoed(r, veto) {
			continue
		}
		if h, ok := fires(r, alone); ok {
			h.sent, h.j, h.leadIn = sent, 0, true
			h.ts, h.te, h.bs, h.be = 0, 0, 0, len(item)
			out = append(out, h)
		}
	}
	return out
}

// hitKey identifies a hit whatever the order hits were found in.
func hitKey(h hit) string {
	id := "heading"
	if h.rule != nil {
		id = h.rule.ID
	}
	return fmt.Sprintf("%d/%s/%d/%g/%d-%d/%d-%d/%t", h.topic, id, h.sent, h.strength, h.ts, h.te, h.bs, h.be, h.leadIn)
}

// compareWithReference fails t when the engine's hits on doc differ from
// the reference's.
func compareWithReference(t testing.TB, p *Pack, doc *analyzer.Document, lang string) {
	t.Helper()
	got, gotSents, err := p.collect(context.Background(), doc, lang)
	if err != nil {
		t.Fatal(err)
	}
	want, wantSents, _ := p.refCollect(doc, lang)
	if len(gotSents) != len(wantSents) {
		t.Fatalf("%d sentences, reference %d", len(gotSents), len(wantSents))
	}
	for i := range gotSents {
		if gotSents[i] != wantSents[i] {
			t.Fatalf("sentence %d: %+v, reference %+v", i, gotSents[i], wantSents[i])
		}
	}
	// The same hits in the same order.
	var g, w []string
	for _, h := range got {
		g = append(g, hitKey(h))
	}
	for _, h := range want {
		w = append(w, hitKey(h))
	}
	if !slices.Equal(g, w) {
		t.Errorf("hits differ from the reference:\n got %v\nwant %v", g, w)
	}
}

// An example is one of a pack's example sentences, with its language.
type example struct{ lang, text string }

// packExamples lists every match and no_match example of p's rules, in a
// fixed order.
func packExamples(p *Pack) []example {
	var out []example
	for _, tp := range p.topics {
		for _, r := range tp.Rules {
			for _, lang := range slices.Sorted(maps.Keys(r.examples)) {
				ex := r.examples[lang]
				for _, list := range [][]rawString{ex.Match, ex.NoMatch} {
					for _, s := range list {
						out = append(out, example{lang, s.Value})
					}
				}
			}
		}
	}
	return out
}

func TestCollectMatchesReference(t *testing.T) {
	p, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"testdata/bench/policy_en.md", "testdata/bench/policy_fr.html"} {
		if !referencePolicies {
			break
		}
		d, _ := policyDoc(t, name)
		for _, lang := range []string{d.Language, "", "de"} {
			compareWithReference(t, p, d, lang)
		}
	}
	// Every example sentence of the pack (one in referenceStride under the
	// race detector), as a passage in its language and with the language
	// unknown, in one shard per core: the reference engine is slow, and
	// the pack and the engine are safe for concurrent use.
	var examples []example
	for i, ex := range packExamples(p) {
		if (i+1)%referenceStride == 0 {
			examples = append(examples, ex)
		}
	}
	shards := runtime.GOMAXPROCS(0)
	for shard := range shards {
		t.Run(fmt.Sprintf("examples-%d-of-%d", shard+1, shards), func(t *testing.T) {
			t.Parallel()
			for i, ex := range examples {
				if i%shards != shard {
					continue
				}
				d := PassageDocument(ex.text)
				compareWithReference(t, p, d, ex.lang)
				compareWithReference(t, p, d, "")
			}
		})
	}
}

// TestCollectMatchesReferenceCorpus compares the engine with the reference
// on every file of VIGIE_BENCH_CORPUS (slow; skipped when unset).
func TestCollectMatchesReferenceCorpus(t *testing.T) {
	p, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range benchCorpus(t) {
		d := corpusDoc(t, f)
		compareWithReference(t, p, d, d.Language)
	}
}

// TestFullKeyCache evaluates with a key cache too small for the document:
// uncached keys must give the same hits.
func TestFullKeyCache(t *testing.T) {
	p, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	defer func(n int) { maxCache = n }(maxCache)
	maxCache = 8
	p.free = make(chan *matcher, 1) // fresh matchers, fresh caches
	for _, name := range []string{"testdata/bench/policy_en.md", "testdata/bench/policy_fr.html"} {
		d, _ := policyDoc(t, name)
		compareWithReference(t, p, d, d.Language)
	}
}

// TestBacktrackingMatchesReference runs patterns that a backtracking
// matcher would explore exponentially, on long runs of matching tokens and
// on sentences longer than a machine word holds (the multi-word programs):
// the bit programs must agree with the plain matcher.
func TestBacktrackingMatchesReference(t *testing.T) {
	pack := `schema: 1
name: steps
version: 1.0.0
thresholds: {covered: 0.5, weak: 0.2}
topics:
  - {id: data, weight: 1}
`
	topic := `schema: 1
id: data
title: Data
near_misses:
  en: ["q r"]
rules:
  - id: data.deep
    strength: 0.9
    match:
      en: ["a ~8 (a | b a) ~8 (a | b | c a) ~8 a? ~8 z", "(a | b) ~8 b? ~8 (c | a b) ~8 (a | b) ~8 y", "a ~2 b ~2 a ~2 b ~2 c", "e-mail ~3 (x|y) q? r"]
    with:
      - en: ["b ~8 (a | c) ~8 b ~8 x"]
    examples:
      en:
        match: ["a b z"]
        no_match: ["q"]
  - id: data.near
    strength: 0.5
    near: 4
    match:
      en: ["(a|b) ~1 c"]
    with:
      - en: ["(x|z)"]
    examples:
      en:
        match: ["a c x"]
        no_match: ["q"]
  - id: data.tail
    strength: 0.5
    match:
      en: ["x ~2 y"]
    examples:
      en:
        match: ["a x q y"]
        no_match: ["q"]
`
	p, err := Load(fstest.MapFS{
		"pack.yaml": {Data: []byte(pack)},
		"data.yaml": {Data: []byte(topic)},
	})
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	// 20, 21, 30, 31: sentences of 60 to 66 tokens, around the longest
	// that one word holds (62, see sentence.w).
	for _, n := range []int{10, 20, 21, 30, 31, 40, 120} {
		for _, tail := range []string{"z", "y", "x", "c", "a b c", "e-mail q r y", "email x r q r"} {
			texts = append(texts, strings.Repeat("a b ", n)+tail, strings.Repeat("b a c ", n)+tail, strings.Repeat("a ", n)+"b "+tail, tail+" "+strings.Repeat("q r a ", n)+tail)
		}
	}
	// A match whose gap crosses the last words of a sentence of 62 to 64
	// or 126 to 128 tokens and ends at its last token: its end is the
	// sentence's end, no further. (A pack cannot end a pattern with a gap
	// and optional atoms, "x ~2 y?"; TestPatternMatch runs those.)
	for _, n := range []int{59, 60, 61, 62, 63, 123, 124, 125, 126, 127} {
		texts = append(texts, strings.Repeat("q ", n)+"x q y", strings.Repeat("q ", n)+"x y")
	}
	for _, s := range texts {
		compareWithReference(t, p, PassageDocument(s), "en")
	}
}

// FuzzCollectReference compares the engine with the reference on any
// passage, in English, German and an unknown language.
func FuzzCollectReference(f *testing.F) {
	for _, s := range []string{
		"We collect your name and e-mail address to provide the service.",
		"Wir geben Ihre Daten nicht an Dritte weiter, außer gemäß Art. 6 Abs. 1 lit. f DSGVO.",
		"You may opt-out of cookies. Children under 13 may not use the app; we do not sell data.",
		"Social security numbers are encrypted. Contact privacy@example.com.",
		// Headings run into the passage: vetoes read past them.
		"Your choices. We use cookies; you may opt out of cookies in your browser settings.",
		"Email address: security matters. We share your e-mail with partners and collect your name.",
	} {
		f.Add(s)
	}
	p, err := Default()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if len(text) > 1<<10 {
			return
		}
		d := PassageDocument(text)
		for _, lang := range []string{"en", "de", ""} {
			compareWithReference(t, p, d, lang)
		}
	})
}
