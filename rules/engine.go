package rules

import (
	"context"
	"math"
	"slices"
	"sort"
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
}

// Options tune an evaluation.
type Options struct {
	// Passage evaluates the document as a passage of a policy (a segment, as
	// the OPP-115 and MAPP gold label them) rather than as a whole notice:
	// the document-level requirements of rules (needs) do not apply, so a
	// marketing opt-out counts for rights on its own.
	Passage bool
}

// Evaluate assesses a whole policy document.
func (p *Pack) Evaluate(ctx context.Context, doc *analyzer.Document) (*Assessment, error) {
	return p.EvaluateWith(ctx, doc, Options{})
}

// sentRef is one sentence of the document as evaluation sees it.
type sentRef struct {
	text       string
	start, end int // code points into Document.Text
	section    int
	ntoks      int
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
}

// span is a near-miss match, masking a topic's patterns over its tokens.
type span struct {
	topic      int
	start, end int32
}

// EvaluateWith assesses doc with options.
func (p *Pack) EvaluateWith(ctx context.Context, doc *analyzer.Document, opts Options) (*Assessment, error) {
	if doc == nil {
		return nil, errNilDocument
	}
	lang := docLanguage(doc)
	hits, sents, headings, err := p.collect(ctx, doc, lang)
	if err != nil {
		return nil, err
	}
	if !opts.Passage {
		p.applyNeeds(hits)
	}
	a := &Assessment{Language: lang}
	p.assess(a, hits, sents, headings)
	return a, nil
}

// collect fires every rule and heading cue on doc.
//
// Patterns of the document's language and English patterns apply (English
// terms such as cookie, opt-out or Google Analytics appear in policies of
// every language); all apply when the language is unknown. So German
// "Kind" never fires on English "this kind of", nor English "data" rules on
// Italian text.
func (p *Pack) collect(ctx context.Context, doc *analyzer.Document, lang string) (hits []hit, sents []sentRef, headings []string, err error) {
	m := p.getMatcher()
	defer p.putMatcher(m)
	p.setLanguage(m, lang)
	words := (len(p.groups) + 63) / 64
	var (
		bitbuf   []uint64
		masks    []span
		secSents []analyzer.Sentence
		segMs    []sentMatch // the kept matches of the current segment
		counted  []ruleCount // per rule with a Min: its matches in the sentence
	)
	for si := range doc.Sections {
		if err := ctx.Err(); err != nil {
			return nil, nil, nil, err
		}
		sec := &doc.Sections[si]
		headings = append(headings, sec.Heading())
		cues := p.headingCues(m, sec.Path)
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
			// A table cell's headers ("Contact data / Purpose") are its
			// headings: they cue the cell like a section heading.
			var labelCues []bool
			if seg.Label != "" && len(ss) > 0 {
				labelCues = p.headingCues(m, []string{seg.Label})
			}
			for ti, ok := range labelCues {
				if ok {
					hits = append(hits, hit{topic: ti, strength: p.topics[ti].headingStrong, sent: len(sents), bs: 0, be: len(ss[0].Text)})
				}
			}
			if len(ss) == 0 {
				continue
			}
			base, hitBase := len(sents), len(hits)
			need := len(ss) * words
			if cap(bitbuf) < need {
				bitbuf = make([]uint64, need)
			}
			bitbuf = bitbuf[:need]
			clear(bitbuf)
			segMs = segMs[:0]
			for j := range ss {
				ms := p.matchSentence(m, ss[j].Text)
				row := bitbuf[j*words : (j+1)*words]
				masks = masks[:0]
				if len(counted) < len(p.rules) {
					counted = make([]ruleCount, len(p.rules))
				}
				for _, r := range p.minRules {
					counted[r] = ruleCount{}
				}
				for _, mt := range ms {
					if g := p.groups[mt.group]; g.kind == groupNearMiss {
						masks = append(masks, span{g.topic, mt.start, mt.end})
					}
				}
				for _, mt := range ms {
					g := p.groups[mt.group]
					if g.kind == groupNearMiss {
						continue
					}
					if (g.kind == groupTrigger || g.kind == groupWith) && masked(masks, g.topic, mt.start, mt.end) {
						continue
					}
					if g.kind == groupTrigger {
						r := p.rules[g.rule]
						fire := row[mt.group/64]&(1<<(mt.group%64)) == 0
						if r.Min > 1 {
							// Count the rule's matches at distinct tokens; it
							// fires once, at the Min-th.
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
							// The match that makes the rule fire is its
							// evidence span.
							tk0, tk1 := m.toks.toks[mt.start], m.toks.toks[mt.end-1]
							hits = append(hits, hit{rule: r, topic: g.topic, strength: r.Strength,
								sent: base + j, ts: mt.start, te: mt.end, bs: int(tk0.start), be: int(tk1.end)})
						}
					}
					row[mt.group/64] |= 1 << (mt.group % 64)
					if g.kind == groupWith {
						segMs = append(segMs, sentMatch{sent: int32(j), match: mt})
					}
				}
				sents = append(sents, sentRef{text: ss[j].Text, start: ss[j].Start, end: ss[j].End, section: si, ntoks: len(m.toks.toks)})
				if firstContent < 0 && len(m.toks.toks) >= 3 {
					firstContent = base + j
				}
			}
			// Check the rules' requirements on this segment's hits.
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
	return hits, sents, headings, nil
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
// language when lang is empty or not one of the pack's.
func (p *Pack) setLanguage(m *matcher, lang string) {
	if cap(m.active) < len(p.langs) {
		m.active = make([]bool, len(p.langs))
	}
	m.active = m.active[:len(p.langs)]
	known := slices.Contains(p.langs, lang)
	for i, l := range p.langs {
		m.active[i] = !known || l == lang || l == "en"
	}
}

// masked reports whether a near-miss of topic covers any of tokens
// [start, end).
func masked(masks []span, topic int, start, end int32) bool {
	for _, s := range masks {
		if s.topic == topic && s.start < end && start < s.end {
			return true
		}
	}
	return false
}

func hasGroup(row []uint64, g int) bool { return row[g/64]&(1<<(g%64)) != 0 }

// ruleCount counts a rule's trigger matches in a sentence, at distinct
// tokens: the next one counts from token next on.
type ruleCount struct {
	n     int
	next  int32
	fired bool
}

// sentMatch is a With match of a segment, with its sentence.
type sentMatch struct {
	sent int32
	match
}

// ruleHolds checks a hit's sentence veto and its rule's With requirements
// for sentence j of a segment of n sentences whose group bits are rows.
func (p *Pack) ruleHolds(h hit, rows []uint64, words, j, n int, ms []sentMatch) bool {
	r := h.rule
	if r.unless >= 0 && hasGroup(rows[j*words:(j+1)*words], r.unless) {
		return false
	}
	inWindow := r.context
	if r.Near > 0 {
		near := int32(r.Near)
		for _, g := range r.with {
			found := false
			for _, m := range ms {
				if int(m.sent) == j && int(m.group) == g && m.start < h.te+near && h.ts < m.end+near {
					found = true
					break
				}
			}
			if !found {
				return false
			}
		}
	} else {
		inWindow = append(inWindow[:len(inWindow):len(inWindow)], r.with...)
	}
	for _, g := range inWindow {
		found := false
		for k := max(0, j-r.Window); k <= min(n-1, j+r.Window) && !found; k++ {
			found = hasGroup(rows[k*words:(k+1)*words], g)
		}
		if !found {
			return false
		}
	}
	return true
}

// headingCues reports, per topic, whether a heading of the path names it.
func (p *Pack) headingCues(m *matcher, path []string) []bool {
	if len(path) == 0 {
		return nil
	}
	var cues []bool
	for _, h := range path {
		ms := p.matchSentence(m, h)
		if len(ms) == 0 {
			continue
		}
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

// applyNeeds weakens the hits of rules whose needs no other hit meets: a
// marketing opt-out alone does not tell people their rights.
func (p *Pack) applyNeeds(hits []hit) {
	fired := make([]bool, len(p.rules))
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

func (p *Pack) assess(a *Assessment, hits []hit, sents []sentRef, headings []string) {
	byTopic := make([][]hit, len(p.topics))
	for _, h := range hits {
		byTopic[h.topic] = append(byTopic[h.topic], h)
	}
	var wsum, ssum float64
	for ti, t := range p.topics {
		hs := byTopic[ti]
		sort.SliceStable(hs, func(i, j int) bool {
			if hs[i].strength != hs[j].strength {
				return hs[i].strength > hs[j].strength
			}
			return hs[i].sent < hs[j].sent
		})
		var best []float64
		seen := map[int]bool{}
		allWeak := true
		for _, h := range hs {
			if !h.weakened {
				allWeak = false
			}
			if !seen[h.sent] {
				seen[h.sent] = true
				best = append(best, h.strength)
			}
		}
		s := combine(best)
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
			res.Evidence = pickEvidence(hs, sents, headings, t)
		}
		ruleSeen := map[string]bool{}
		for _, h := range hs {
			id := ruleID(h, t)
			if !ruleSeen[id] {
				ruleSeen[id] = true
				res.Rules = append(res.Rules, id)
			}
		}
		a.Topics = append(a.Topics, res)
		wsum += t.Weight
		ssum += t.Weight * s
	}
	if wsum > 0 {
		a.Score = int(math.Round(100 * ssum / wsum))
	}
}

func ruleID(h hit, t *Topic) string {
	if h.rule == nil {
		return t.ID + ".heading"
	}
	return h.rule.ID
}

// pickEvidence chooses up to MaxEvidence quotes from hits sorted best first:
// first from distinct sections, then any distinct sentence.
func pickEvidence(hs []hit, sents []sentRef, headings []string, t *Topic) []Evidence {
	var out []Evidence
	usedSent := map[int]bool{}
	usedSec := map[int]bool{}
	for pass := 0; pass < 2 && len(out) < MaxEvidence; pass++ {
		for _, h := range hs {
			if len(out) >= MaxEvidence {
				break
			}
			s := sents[h.sent]
			if usedSent[h.sent] || (pass == 0 && usedSec[s.section]) {
				continue
			}
			usedSent[h.sent] = true
			usedSec[s.section] = true
			out = append(out, quote(s, h, headings[s.section], ruleID(h, t)))
		}
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
	start := s.start + utf8.RuneCountInString(text[:b0])
	q := text[b0:b1]
	end := start + utf8.RuneCountInString(q)
	q = strings.TrimSpace(q)
	if b0 > 0 {
		q = "…" + q
	}
	if b1 < len(text) {
		q += "…"
	}
	return Evidence{Section: section, Text: q, Start: start, End: end, Rule: rule, Strength: round3(h.strength)}
}
