package rules

// Decided rules. An assessment keeps, per topic, the strength of its best
// hits on three distinct sentences, up to three quotes (the best hits on
// distinct sentences), and the list of the rules that fired (see
// Pack.assess and pickEvidence). Hits rank by strength, then by document
// order, so a hit found later ranks after every hit already found that is
// at least as strong. Once a rule has fired in a document, a later hit of
// it (as strong as the rule at most) changes nothing when hits already
// found that are at least as strong as the rule lie in three distinct
// sentences: the three best sentences and the three quotes are all found
// before it. The rule's trigger is then no longer tried for the rest of
// the document. Only hits of rules that no needs can weaken count, once
// final (their window companions checked).
//
// This applies to Evaluate, not to collect: the hit list is then complete
// for what the assessment reads, not for every firing.

// decided is the per-document state of that pruning.
type decided struct {
	on bool
	// settled is the number of hits already taken into account.
	settled int
	fired   []bool // per rule
	// skip is, per group, whether it is the trigger (or a window
	// companion) of a rule decided for the document.
	skip []bool
	// skipPat is, per pattern, whether every eager group of the pattern
	// is skipped.
	skipPat []bool
	// Per topic: the strongest final hit of the last sentence with one
	// (sent, sentCur) and the three strongest of the sentences before.
	sent     []int
	sentCur  []float64
	sentBest [][3]float64
	dirty    []bool
	// dirtyTopics lists the topics with dirty set, and pending, per topic,
	// the rules fired and not yet decided: settle reads these alone, not
	// every topic and rule (Evaluate over OPP-115: 364.8 → 363.4 M
	// instructions per pass, -0.4%, means of three runs).
	dirtyTopics []int32
	pending     [][]*Rule
}

// start resets the state for a new document; on says whether to prune.
func (d *decided) start(p *Pack, on bool, settled int) {
	d.on = on
	d.settled = settled
	if !on {
		return
	}
	d.fired = resizeBools(d.fired, len(p.rules))
	d.dirty = resizeBools(d.dirty, len(p.topics))
	d.skip = resizeBools(d.skip, len(p.groups))
	d.skipPat = resizeBools(d.skipPat, len(p.patterns))
	nt := len(p.topics)
	d.dirtyTopics = d.dirtyTopics[:0]
	if len(d.pending) < nt {
		d.pending = make([][]*Rule, nt)
	}
	for t := range d.pending {
		clear(d.pending[t])
		d.pending[t] = d.pending[t][:0]
	}
	if len(d.sent) < nt {
		d.sent, d.sentCur = make([]int, nt), make([]float64, nt)
		d.sentBest = make([][3]float64, nt)
	}
	for t := range nt {
		d.sent[t], d.sentCur[t], d.sentBest[t] = -1, -1, [3]float64{-1, -1, -1}
	}
}

// skipped reports whether group g is the trigger of a decided rule.
func (d *decided) skipped(g int32) bool {
	return d.on && d.skip[g]
}

// skippedPat reports whether every eager group of pattern pi is skipped.
func (d *decided) skippedPat(pi int32) bool {
	return d.on && d.skipPat[pi]
}

// settle takes into account the hits found since the last call, all in
// the current section and final (their window checked), and marks the
// rules they decide.
func (d *decided) settle(p *Pack, hits []hit) {
	if !d.on {
		return
	}
	for _, h := range hits[d.settled:] {
		if h.rule == nil {
			continue // a heading cue: it may share a sentence with a hit
		}
		t := h.topic
		if !d.fired[h.rule.index] {
			d.fired[h.rule.index] = true
			d.pending[t] = append(d.pending[t], h.rule)
		}
		if !d.dirty[t] {
			d.dirty[t] = true
			d.dirtyTopics = append(d.dirtyTopics, int32(t))
		}
		if len(h.rule.needs) > 0 {
			continue // applyNeeds may weaken it
		}
		if d.sent[t] != h.sent {
			push(&d.sentBest[t], d.sentCur[t])
			d.sent[t], d.sentCur[t] = h.sent, -1
		}
		d.sentCur[t] = max(d.sentCur[t], h.strength)
	}
	d.settled = len(hits)
	// The rules of a topic fired and not yet decided, in any order: a
	// rule's groups are its own, so deciding one changes no other's test.
	for _, ti := range d.dirtyTopics {
		d.dirty[ti] = false
		sents := third(d.sentBest[ti], d.sentCur[ti])
		keep := d.pending[ti][:0]
		for _, r := range d.pending[ti] {
			switch {
			case d.skip[r.trigger]:
				// Decided already; it stays so for the document.
			case r.Strength <= sents:
				d.skipRule(p, r)
			default:
				keep = append(keep, r)
			}
		}
		clear(d.pending[ti][len(keep):])
		d.pending[ti] = keep
	}
	d.dirtyTopics = d.dirtyTopics[:0]
}

// push adds v to the three best b, best first.
func push(b *[3]float64, v float64) {
	for i := range b {
		if v > b[i] {
			v, b[i] = b[i], v
		}
	}
}

// third is the third best of b and v, -1 when there are fewer than three.
func third(b [3]float64, v float64) float64 {
	push(&b, v)
	return b[2]
}

// skipRule skips rule r's trigger for the rest of the document. Its
// companions are read only where it fires (windowHolds): skipping the
// trigger skips them.
func (d *decided) skipRule(p *Pack, r *Rule) {
	d.skip[r.trigger] = true
	d.skipPatterns(p, r.trigger)
}

// skipPatterns updates the patterns of group g, just skipped. Most have no
// other eager group: they are listed apart, skipped without reading their
// eager groups (Evaluate over OPP-115: 367.2 → 364.8 M instructions per
// pass, -0.65%, means of three runs).
func (d *decided) skipPatterns(p *Pack, g int) {
	gr := &p.groups[g]
	for _, pi := range gr.skipAlone {
		d.skipPat[pi] = true
	}
next:
	for _, pi := range gr.skipShared {
		h := &p.hot[pi]
		for _, eg := range p.ints[h.eg0:h.eg1] {
			if !d.skip[eg] {
				continue next
			}
		}
		d.skipPat[pi] = true
	}
}
