package rules

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/vigie-audit/vigie/analyzer"
)

// The reference evaluation: every pattern is run at every token position,
// atoms matched key by key (no index, no cache, no candidate filtering), and
// the matches are combined as the engine's first version did. The engine's
// indexed, filtered evaluation must reach the same verdicts.

// refMatches returns every match of every pattern of an active language in
// s, position by position; at one position, in the order of the index's
// candidate list (the order decides which of two matches a rule keeps).
func (p *Pack) refMatches(active []bool, s string) ([]match, *tokens) {
	var t tokens
	t.tokenize(s)
	var out []match
	for i := range t.toks {
		tk := t.toks[i]
		var order []int32
		for k, key := range [][]byte{t.key(i), t.join(i)} {
			num := int(tk.num)
			if k == 1 {
				num = -1
				if tk.j1 <= tk.j0 {
					continue
				}
			}
			for _, id := range p.idx.atomsOf(key, num) {
				for _, pi := range p.idx.starts[id] {
					order = appendUnique(order, pi)
				}
			}
		}
		type ranked struct {
			m    match
			rank int
		}
		var here []ranked
		for pi := range p.patterns {
			pt := &p.patterns[pi]
			if !active[pt.langID] {
				continue
			}
			if end, ok := matchProg(pt.prog, &t, i); ok && end > i {
				rank := slices.Index(order, int32(pi))
				if rank < 0 {
					panic(fmt.Sprintf("pattern %q matches %q at token %d but the index does not list it", pt.src, s, i))
				}
				here = append(here, ranked{match{group: int32(pt.group), start: int32(i), end: int32(end)}, rank})
			}
		}
		slices.SortFunc(here, func(a, b ranked) int { return a.rank - b.rank })
		for _, r := range here {
			out = append(out, r.m)
		}
	}
	return out, &t
}

func (p *Pack) refCues(active []bool, path []string) []bool {
	var cues []bool
	for _, h := range path {
		ms, _ := p.refMatches(active, h)
		var masks []span
		vetoed := map[int]bool{}
		for _, mt := range ms {
			switch g := p.groups[mt.group]; g.kind {
			case groupNearMiss:
				masks = append(masks, span{g.topic, mt.start, mt.end})
			case groupHeadingUnless:
				vetoed[g.topic] = true
			}
		}
		for _, mt := range ms {
			g := p.groups[mt.group]
			if g.kind != groupHeading || vetoed[g.topic] || masked(masks, g.topic, mt.start, mt.end) {
				continue
			}
			if cues == nil {
				cues = make([]bool, len(p.topics))
			}
			cues[g.topic] = true
		}
	}
	return cues
}

// refCollect is collect, on refMatches.
func (p *Pack) refCollect(doc *analyzer.Document, lang string) (hits []hit, sents []sentRef, headings []string) {
	active := make([]bool, len(p.langs))
	known := slices.Contains(p.langs, lang)
	for i, l := range p.langs {
		active[i] = !known || l == lang || l == "en"
	}
	words := (len(p.groups) + 63) / 64
	for si := range doc.Sections {
		sec := &doc.Sections[si]
		headings = append(headings, sec.Heading())
		cues := p.refCues(active, sec.Path)
		firstContent := -1
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
				for ti, ok := range p.refCues(active, []string{seg.Label}) {
					if ok {
						hits = append(hits, hit{topic: ti, strength: p.topics[ti].headingStrong, sent: len(sents), bs: 0, be: len(ss[0].Text)})
					}
				}
			}
			if len(ss) == 0 {
				continue
			}
			base, hitBase := len(sents), len(hits)
			bitbuf := make([]uint64, len(ss)*words)
			var segMs []sentMatch
			for j := range ss {
				ms, toks := p.refMatches(active, ss[j].Text)
				row := bitbuf[j*words : (j+1)*words]
				var masks []span
				counted := make([]ruleCount, len(p.rules))
				for _, mt := range ms {
					if g := p.groups[mt.group]; g.kind == groupNearMiss {
						masks = append(masks, span{g.topic, mt.start, mt.end})
					}
				}
				for _, mt := range ms {
					g := p.groups[mt.group]
					if g.kind == groupNearMiss || g.kind == groupHeading || g.kind == groupHeadingUnless {
						continue
					}
					if (g.kind == groupTrigger || g.kind == groupWith) && masked(masks, g.topic, mt.start, mt.end) {
						continue
					}
					if g.kind == groupTrigger {
						r := p.rules[g.rule]
						fire := row[mt.group/64]&(1<<(mt.group%64)) == 0
						if r.Min > 1 {
							c := &counted[g.rule]
							if mt.start >= c.next {
								c.n++
								c.next = mt.end
							}
							if c.n < r.Min {
								continue
							}
							fire = !c.fired
							c.fired = true
						}
						if fire {
							tk0, tk1 := toks.toks[mt.start], toks.toks[mt.end-1]
							hits = append(hits, hit{rule: r, topic: g.topic, strength: r.Strength,
								sent: base + j, ts: mt.start, te: mt.end, bs: int(tk0.start), be: int(tk1.end)})
						}
					}
					row[mt.group/64] |= 1 << (mt.group % 64)
					if g.kind == groupWith {
						segMs = append(segMs, sentMatch{sent: int32(j), match: mt})
					}
				}
				sents = append(sents, sentRef{text: ss[j].Text, start: ss[j].Start, end: ss[j].End, section: si, ntoks: len(toks.toks)})
				if firstContent < 0 && len(toks.toks) >= 3 {
					firstContent = base + j
				}
			}
			kept := hits[:hitBase]
			for _, h := range hits[hitBase:] {
				if p.ruleHolds(h, bitbuf, words, h.sent-base, len(ss), segMs) {
					kept = append(kept, h)
				}
			}
			hits = kept
		}
		if firstContent >= 0 {
			for ti, ok := range cues {
				if ok {
					s := sents[firstContent]
					hits = append(hits, hit{topic: ti, strength: p.topics[ti].headingStrong, sent: firstContent, bs: 0, be: len(s.text)})
				}
			}
		}
	}
	return hits, sents, headings
}

// hitKey identifies a hit whatever the order hits were found in.
func hitKey(h hit) string {
	id := "heading"
	if h.rule != nil {
		id = h.rule.ID
	}
	return fmt.Sprintf("%d/%s/%d/%g/%d-%d/%d-%d", h.topic, id, h.sent, h.strength, h.ts, h.te, h.bs, h.be)
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

func TestCollectMatchesReference(t *testing.T) {
	p, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"testdata/bench/policy_en.md", "testdata/bench/policy_fr.html"} {
		d, _ := policyDoc(t, name)
		for _, lang := range []string{d.Language, "", "de"} {
			compareWithReference(t, p, d, lang)
		}
	}
	// Every example sentence of the pack, as a passage in its language and
	// with the language unknown.
	for _, tp := range p.topics {
		for _, r := range tp.Rules {
			for lang, ex := range r.examples {
				for _, list := range [][]rawString{ex.Match, ex.NoMatch} {
					for _, s := range list {
						d := PassageDocument(s.Value)
						compareWithReference(t, p, d, lang)
						compareWithReference(t, p, d, "")
					}
				}
			}
		}
	}
}

// TestCollectMatchesReferenceCorpus compares the engine with the reference
// on every file of VIGIE_BENCH_CORPUS (slow; skipped when unset).
func TestCollectMatchesReferenceCorpus(t *testing.T) {
	dir := os.Getenv("VIGIE_BENCH_CORPUS")
	if dir == "" {
		t.Skip("VIGIE_BENCH_CORPUS is not set")
	}
	p, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		d, _ := policyDoc(t, dir+"/"+e.Name())
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

// TestStepLimitMatchesReference runs patterns whose backtracking exceeds
// maxSteps on long runs of matching tokens: the indexed matcher, which
// skips hopeless attempts, must count steps as the plain one does and
// give up at the same point.
func TestStepLimitMatchesReference(t *testing.T) {
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
rules:
  - id: data.deep
    strength: 0.9
    match:
      en: ["a ~8 (a | b a) ~8 (a | b | c a) ~8 a? ~8 z", "(a | b) ~8 b? ~8 (c | a b) ~8 (a | b) ~8 y", "a ~2 b ~2 a ~2 b ~2 c"]
    with:
      - en: ["b ~8 (a | c) ~8 b ~8 x"]
    examples:
      en:
        match: ["a b z"]
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
	for _, n := range []int{10, 40, 120} {
		for _, tail := range []string{"z", "y", "x", "c", "a b c"} {
			texts = append(texts, strings.Repeat("a b ", n)+tail, strings.Repeat("b a c ", n)+tail, strings.Repeat("a ", n)+"b "+tail)
		}
	}
	limited := 0
	for _, s := range texts {
		compareWithReference(t, p, PassageDocument(s), "en")
		var tk tokens
		tk.tokenize(s)
		for _, pt := range p.patterns {
			for i := range tk.toks {
				v := vm{code: pt.prog.code, t: &tk, start: i}
				v.run(0, i)
				if v.steps > maxSteps {
					limited++
				}
			}
		}
	}
	if limited == 0 {
		t.Error("no run reached the step limit: the test tests nothing")
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
