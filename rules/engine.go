package rules

import (
	"context"
	"math"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/vigie-audit/vigie/analyzer"
)

// Coverage levels of a topic.
const (
	LevelCovered = "covered"
	LevelWeak    = "weak"
	LevelMissing = "missing"
)

// MaxEvidence is the number of quotes kept per topic.
const MaxEvidence = 3

// maxQuote is the longest quote, in bytes, before it is cut around the
// words that matched.
const maxQuote = 420

// An Assessment is the verdict of a pack on one document.
type Assessment struct {
	// Language is the document's language (from the analyzer, else guessed).
	Language string
	// Score is 0–100: the topics' strengths weighted by the manifest's
	// weights.
	Score int
	// Topics are in the fixed order data, purposes, sharing, cookies,
	// security, rights, children (then any extra topics of a custom pack).
	Topics []TopicResult
}

// Topic returns the result for topic id, or nil.
func (a *Assessment) Topic(id string) *TopicResult {
	for i := range a.Topics {
		if a.Topics[i].ID == id {
			return &a.Topics[i]
		}
	}
	return nil
}

// A TopicResult is the verdict on one topic.
type TopicResult struct {
	ID    string
	Title string
	// Covered is true when Strength reaches the pack's covered threshold.
	Covered bool
	// Strength is 0–1: the best hit, corroborated by the next two (see
	// combine).
	Strength float64
	// Level is covered, weak or missing.
	Level string
	// Evidence holds up to three quotes, best first, from different sections
	// where possible.
	Evidence []Evidence
	// Rules lists every rule that fired, strongest first, even when the
	// topic stays missing.
	Rules []string
}

// Evidence is one quoted sentence supporting a topic.
type Evidence struct {
	// Section is the heading path of the sentence's section, joined with
	// " > ".
	Section string
	// Text is the sentence (cut around the matched words when very long).
	Text string
	// Start and End are the quote's offsets in code points into
	// Document.Text, half-open.
	Start, End int
	// Rule is the id of the rule that fired ("rights.access"), or
	// "<topic>.heading" for a heading cue.
	Rule     string
	Strength float64
	// Doc is the index, in the arguments of Merge, of the assessment the
	// quote came from; 0 for a single document.
	Doc int
	// LeadIn is set when the quote is a list item read with the sentence
	// that introduces it (see leadin.go): that sentence.
	LeadIn string `json:",omitempty"`
}

// Options tune an evaluation.
type Options struct {
	// Passage evaluates the document as a passage of a policy (a segment, as
	// the OPP-115 and MAPP gold label them) rather than as a whole notice:
	// the document-level requirements of rules (needs) do not apply, so a
	// marketing opt-out counts for rights on its own. A heading over the
	// passage (its section's) cues its topic, as in the whole policy; it is
	// never taken for the document's title.
	Passage bool
	// LeadIn is the sentence that introduces the document's first segment
	// when that segment is an item of a list whose lead-in lies outside the
	// document (a passage cut from a policy, see LeadIns): the item is
	// read with it, as in a whole policy (leadin.go).
	LeadIn string
}

// Evaluate assesses a whole policy document.
func (p *Pack) Evaluate(ctx context.Context, doc *analyzer.Document) (*Assessment, error) {
	return p.EvaluateWith(ctx, doc, Options{})
}

// EvaluateWith assesses doc with options.
func (p *Pack) EvaluateWith(ctx context.Context, doc *analyzer.Document, opts Options) (*Assessment, error) {
	a, _, err := p.evaluate(ctx, doc, opts, true)
	return a, err
}

// evaluate is EvaluateWith, with or without pruning the rules more hits
// would not change (see decided); it also returns the number of hits
// found.
func (p *Pack) evaluate(ctx context.Context, doc *analyzer.Document, opts Options, prune bool) (*Assessment, int, error) {
	if doc == nil {
		return nil, 0, errNilDocument
	}
	lang := docLanguage(doc)
	m := p.getMatcher()
	defer p.putMatcher(m)
	m.lead.doc, m.cut = opts.LeadIn, opts.Passage
	defer func() { m.lead.doc, m.cut = "", false }()
	hits, sents, err := p.collectWith(ctx, m, doc, lang, prune, m.hits[:0], m.sents[:0])
	if err != nil {
		return nil, 0, err
	}
	if !opts.Passage {
		p.applyNeeds(m, hits)
	}
	a := &Assessment{Language: lang}
	p.assess(a, m, hits, sents, doc.Sections)
	// Keep the buffers for the next document, without what they point to.
	clear(hits)
	clear(sents)
	m.hits, m.sents = hits[:0], sents[:0]
	return a, len(hits), nil
}

// docLanguage is the document's language: the analyzer's, else detected
// from its text ("" when unsure).
func docLanguage(doc *analyzer.Document) string {
	if doc.Language != "" {
		return doc.Language
	}
	text := doc.Text
	if text == "" {
		var sb strings.Builder
		for _, s := range doc.Sections {
			for _, g := range s.Segments {
				if sb.Len() > 8000 {
					break
				}
				sb.WriteString(g.Text)
				sb.WriteByte('\n')
			}
		}
		text = sb.String()
	}
	lang, _ := analyzer.DetectLanguage(text)
	return lang
}

// setLanguage activates the patterns of lang and of English, or of every
// language when lang is empty or not one of the pack's, and selects the key
// cache of that language set.
func (p *Pack) setLanguage(m *matcher, lang string) {
	if cap(m.active) < len(p.langs) {
		m.active = make([]bool, len(p.langs))
	}
	m.active = m.active[:len(p.langs)]
	known := slices.Contains(p.langs, lang)
	var set [64]byte
	key := set[:0]
	for i, l := range p.langs {
		m.active[i] = !known || l == lang || l == "en"
		if m.active[i] {
			key = append(key, byte(i), byte(i>>8))
		}
	}
	if m.caches == nil {
		m.caches = map[string]*keyTable{}
	}
	c, ok := m.caches[string(key)]
	if !ok {
		c = newKeyTable()
		c.active = slices.Clone(m.active)
		m.caches[string(key)] = c
	}
	m.cache = c
}

// headingFacts is what a heading text says: per topic, whether it names
// the topic (cues), and per passage veto, whether it sets it (vetoes); each
// nil when none.
type headingFacts struct {
	cues, vetoes []bool
}

// headingOf reads heading h once per matcher cache: a section's headings
// recur in every section below them.
func (p *Pack) headingOf(m *matcher, h string) headingFacts {
	c := m.cache
	f, ok := c.headings[h]
	if !ok {
		p.prepare(m, h)
		f = headingFacts{cues: p.cuesOf(m), vetoes: p.vetoesOf(m)}
		if len(c.headings) < maxCache {
			c.headings[h] = f
		}
	}
	return f
}

// headingCues reports, per topic, whether a heading of the path names it,
// in *buf; nil when none does.
func (p *Pack) headingCues(m *matcher, path []string, buf *[]bool) []bool {
	var cues []bool
	for _, h := range path {
		hc := p.headingOf(m, h).cues
		if hc == nil {
			continue
		}
		if cues == nil {
			if cap(*buf) < len(p.topics) {
				*buf = make([]bool, len(p.topics))
			}
			cues = (*buf)[:len(p.topics)]
			clear(cues)
		}
		for ti, ok := range hc {
			cues[ti] = cues[ti] || ok
		}
	}
	return cues
}

// cuesOf reports, per topic, whether the prepared heading names it; nil
// when it names none.
func (p *Pack) cuesOf(m *matcher) []bool {
	var cues []bool
	for ti, t := range p.topics {
		if t.headingGroup < 0 {
			continue
		}
		if t.headingUnless >= 0 && p.groupExists(m, t.headingUnless, nil) {
			continue
		}
		if !p.groupExists(m, t.headingGroup, p.nearMask(m, ti)) {
			continue
		}
		if cues == nil {
			cues = make([]bool, len(p.topics))
		}
		cues[ti] = true
	}
	return cues
}

// applyNeeds weakens the hits of rules whose needs no other hit meets: a
// marketing opt-out alone does not tell people their rights.
func (p *Pack) applyNeeds(m *matcher, hits []hit) {
	fired := resizeBools(m.fired, len(p.rules))
	m.fired = fired
	for _, h := range hits {
		if h.rule != nil && len(h.rule.needs) == 0 {
			fired[h.rule.index] = true
		}
	}
	for i := range hits {
		r := hits[i].rule
		if r == nil || len(r.needs) == 0 {
			continue
		}
		ok := false
		for _, d := range r.needs {
			ok = ok || fired[d.index]
		}
		if !ok {
			hits[i].weakened = true
			hits[i].strength = math.Min(hits[i].strength, p.weak)
		}
	}
}

// combine is a topic's strength from its hits' strengths on distinct
// sentences, best first: 1 − (1−s1)(1−s2/2)(1−s3/4). One strong hit decides;
// a second and third corroborate with half and a quarter of their weight.
func combine(best []float64) float64 {
	s := 1.0
	for i, v := range best {
		if i >= 3 {
			break
		}
		s *= 1 - v/float64(int(1)<<i)
	}
	return 1 - s
}

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }

func (p *Pack) assess(a *Assessment, m *matcher, hits []hit, sents []sentRef, sections []analyzer.Section) {
	// By topic, then strongest first, then in document order; hits of
	// equal rank keep the order they were found in.
	order := m.order[:0]
	for i := range hits {
		order = append(order, int32(i))
	}
	m.order = order
	slices.SortFunc(order, func(i, j int32) int {
		x, y := &hits[i], &hits[j]
		switch {
		case x.topic != y.topic:
			return x.topic - y.topic
		case x.strength != y.strength:
			if x.strength > y.strength {
				return -1
			}
			return 1
		case x.sent != y.sent:
			return x.sent - y.sent
		}
		return int(i - j)
	})
	sorted := m.sorted[:0]
	for _, i := range order {
		sorted = append(sorted, hits[i])
	}
	m.sorted = sorted
	defer clear(sorted)
	hits = sorted
	if a.Topics == nil && len(p.topics) > 0 {
		a.Topics = make([]TopicResult, 0, len(p.topics))
	}
	var wsum, ssum float64
	for ti, t := range p.topics {
		n := 0
		for n < len(hits) && hits[n].topic == ti {
			n++
		}
		hs := hits[:n]
		hits = hits[n:]
		// The best hits on the first three distinct sentences. A heading
		// cue falls on its section's opening sentence but is evidence of
		// its own: a security heading (0.45) over "we protect your data"
		// (0.3) covers the topic whether that statement opens the section
		// or follows its opening.
		var best [3]float64
		var bestSent [3]int
		nb := 0
		allWeak := true
		for _, h := range hs {
			if !h.weakened {
				allWeak = false
			}
			key := h.sent
			if h.rule == nil {
				key = -1 - h.sent
			}
			if nb < len(best) && !slices.Contains(bestSent[:nb], key) {
				best[nb], bestSent[nb] = h.strength, key
				nb++
			}
		}
		s := combine(best[:nb])
		if allWeak && len(hs) > 0 {
			s = math.Min(s, p.weak)
		}
		s = round3(s)
		res := TopicResult{ID: t.ID, Title: t.Title, Strength: s, Level: LevelMissing}
		switch {
		case s >= p.covered:
			res.Covered, res.Level = true, LevelCovered
		case s >= p.weak:
			res.Level = LevelWeak
		}
		if res.Level != LevelMissing {
			res.Evidence = pickEvidence(hs, sents, sections, t)
		}
		ids := m.ruleIDs[:0]
		for _, h := range hs {
			if id := ruleID(h, t); !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
		if len(ids) > 0 {
			res.Rules = append([]string(nil), ids...) // one allocation, exact size
		}
		clear(ids)
		m.ruleIDs = ids[:0]
		a.Topics = append(a.Topics, res)
		wsum += t.Weight
		ssum += t.Weight * s
	}
	if wsum > 0 {
		a.Score = int(math.Round(100 * ssum / wsum))
	}
}

// runeCount is utf8.RuneCountInString, eight ASCII bytes at a time: the
// quotes' offsets count the code points of whole sentences, mostly ASCII,
// and the standard function reads them byte by byte (Evaluate over
// OPP-115: 370.2 → 368.7 M instructions per pass, -0.4%, means of three
// runs).
func runeCount(s string) int {
	n, i := 0, 0
	for i < len(s) {
		if i+8 <= len(s) {
			w := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
				uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
			if w&0x8080808080808080 == 0 {
				n, i = n+8, i+8
				continue
			}
		}
		if s[i] < utf8.RuneSelf {
			n, i = n+1, i+1
			continue
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		n, i = n+1, i+size
	}
	return n
}

func ruleID(h hit, t *Topic) string {
	if h.rule == nil {
		return t.ID + ".heading"
	}
	return h.rule.ID
}

// pickEvidence chooses up to MaxEvidence quotes from hits sorted best first
// (strongest, then in document order), one per sentence. Rank decides, not
// spread: three clear statements of a policy's rights section quote better
// than one of them beside weaker mentions gathered from other sections.
//
// The pruning of decided rules (decided.go) relies on this: a hit found
// after three at least as strong, on distinct sentences, is never quoted.
func pickEvidence(hs []hit, sents []sentRef, sections []analyzer.Section, t *Topic) []Evidence {
	var out []Evidence
	var usedSent []int
	for _, h := range hs {
		if len(out) >= MaxEvidence {
			break
		}
		if slices.Contains(usedSent, h.sent) {
			continue
		}
		usedSent = append(usedSent, h.sent)
		s := sents[h.sent]
		out = append(out, quote(s, h, sections[s.section].Heading(), ruleID(h, t)))
	}
	return out
}

// quote builds the evidence for a hit, cutting very long sentences around
// the match on word boundaries.
func quote(s sentRef, h hit, section, rule string) Evidence {
	text := s.text
	b0, b1 := 0, len(text)
	if len(text) > maxQuote {
		mid := (h.bs + h.be) / 2
		b0 = max(0, mid-maxQuote/2)
		b1 = min(len(text), b0+maxQuote)
		b0 = max(0, b1-maxQuote)
		for b0 > 0 && b0 < len(text) && !utf8.RuneStart(text[b0]) {
			b0++
		}
		if b0 > 0 {
			if i := strings.IndexByte(text[b0:], ' '); i >= 0 && i < 40 {
				b0 += i + 1
			}
		}
		for b1 < len(text) && !utf8.RuneStart(text[b1]) {
			b1--
		}
		if b1 < len(text) {
			if i := strings.LastIndexByte(text[b0:b1], ' '); i > 0 && b1-(b0+i) < 40 {
				b1 = b0 + i
			}
		}
	}
	start := s.start + runeCount(text[:b0])
	q := text[b0:b1]
	end := start + runeCount(q)
	q = strings.TrimSpace(q)
	if b0 > 0 {
		q = "…" + q
	}
	if b1 < len(text) {
		q += "…"
	}
	ev := Evidence{Section: section, Text: q, Start: start, End: end, Rule: rule, Strength: round3(h.strength)}
	if h.leadIn {
		ev.LeadIn = s.leadIn
	}
	return ev
}
