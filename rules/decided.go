package rules

// Decided rules. An assessment keeps, per topic, the strength of its best
// hits on three distinct sentences, up to three quotes (first from
// distinct sections, then from distinct sentences), and the list of the
// rules that fired (see Pack.assess). Hits rank by strength, then by
// document order, so a hit found later ranks after every hit already found
// that is at least as strong. Once a rule has fired in a document, a later
// hit of it (as strong as the rule at most) changes nothing when the
// hits already found that are at least as strong as the rule
//
//   - lie in three distinct sections (the quotes are chosen before the
//     later hit is reached, and so are the three best sentences), or
//   - lie in three distinct sentences, one of them in the section being
//     scanned (that section is already quoted when the later hit in it is
//     reached, and the three best sentences are found before it).
//
// The rule's trigger is then no longer tried: for the rest of the document
// in the first case, for the rest of the section in the second. Only hits
// of rules that no needs can weaken count, once final (their window
// companions checked).
//
// This applies to Evaluate, not to collect: the hit list is then complete
// for what the assessment reads, not for every firing.

// forever marks a group or pattern skipped for the rest of the document.
const forever = ^uint32(0)

// decided is the per-document state of that pruning.
type decided struct {
	on bool
	// settled is the number of hits already taken into account.
	settled int
	fired   []bool // per rule
	// skip is, per group, forever for the trigger of a rule decided for
	// the document, gen for one decided for the current section.
	skip []uint32
	// skipPat is, per pattern, forever or gen when every eager group of
	// the pattern is skipped that long.
	skipPat []uint32
	gen     uint32 // the current section's generation
	si      int    // the current section
	// Per topic: the strongest final hit of the current section (cur,
	// -1 for none) and the three strongest of the sections before; the
	// strongest final hit of the last sentence with one (sent, sentCur)
	// and the three strongest of the sentences before.
	cur      []float64
	best     [][3]float64
	sent     []int
	sentCur  []float64
	sentBest [][3]float64
	dirty    []bool
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
	nt := len(p.topics)
	if len(d.skip) < len(p.groups) || len(d.skipPat) < len(p.patterns) || len(d.cur) < nt {
		d.skip = make([]uint32, len(p.groups))
		d.skipPat = make([]uint32, len(p.patterns))
		d.cur, d.sentCur = make([]float64, nt), make([]float64, nt)
		d.best, d.sentBest = make([][3]float64, nt), make([][3]float64, nt)
		d.sent = make([]int, nt)
		d.gen = 0
	}
	d.gen++
	if d.gen == 0 || d.gen == forever {
		clear(d.skip)
		clear(d.skipPat)
		d.gen = 1
	}
	// Document-long skips of the previous document end: its generations
	// are all below gen, and forever is cleared.
	for i, v := range d.skip {
		if v == forever {
			d.skip[i] = 0
		}
	}
	for i, v := range d.skipPat {
		if v == forever {
			d.skipPat[i] = 0
		}
	}
	d.si = -1
	for t := range nt {
		d.cur[t], d.best[t] = -1, [3]float64{-1, -1, -1}
		d.sent[t], d.sentCur[t], d.sentBest[t] = -1, -1, [3]float64{-1, -1, -1}
	}
}

// skipped reports whether group g is the trigger of a decided rule.
func (d *decided) skipped(g int32) bool {
	if !d.on {
		return false
	}
	v := d.skip[g]
	return v == forever || v == d.gen
}

// skippedPat reports whether every eager group of pattern pi is skipped.
func (d *decided) skippedPat(pi int32) bool {
	if !d.on {
		return false
	}
	v := d.skipPat[pi]
	return v == forever || v == d.gen
}

// enter starts section si: the best hits of the section before are
// folded, and its section-long skips end.
func (d *decided) enter(si int) {
	if !d.on || si == d.si {
		return
	}
	for t := range d.cur {
		push(&d.best[t], d.cur[t])
		d.cur[t] = -1
	}
	d.si = si
	d.gen++
	if d.gen == forever {
		// Stale section skips could revive: drop them all.
		clear(d.skip)
		clear(d.skipPat)
		d.gen = 1
	}
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
		d.fired[h.rule.index] = true
		d.dirty[t] = true
		if len(h.rule.needs) > 0 {
			continue // applyNeeds may weaken it
		}
		d.cur[t] = max(d.cur[t], h.strength)
		if d.sent[t] != h.sent {
			push(&d.sentBest[t], d.sentCur[t])
			d.sent[t], d.sentCur[t] = h.sent, -1
		}
		d.sentCur[t] = max(d.sentCur[t], h.strength)
	}
	d.settled = len(hits)
	for ti, dirty := range d.dirty {
		if !dirty {
			continue
		}
		d.dirty[ti] = false
		secs := third(d.best[ti], d.cur[ti])
		sents := third(d.sentBest[ti], d.sentCur[ti])
		for _, r := range p.topics[ti].Rules {
			if !d.fired[r.index] || d.skip[r.trigger] == forever {
				continue
			}
			switch {
			case r.Strength <= secs:
				d.skipRule(p, r, forever)
			case r.Strength <= sents && r.Strength <= d.cur[ti] && d.skip[r.trigger] != d.gen:
				d.skipRule(p, r, d.gen)
			}
		}
	}
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

// skipRule skips rule r's trigger until v (forever, or the end of the
// section), and the companions it matches in the sentences around its
// trigger (a window): their rows serve only hits of r. No hit of r waits
// for them: a rule is decided only when no hit in its segment waits for
// its window, and stays decided to the end of the section.
func (d *decided) skipRule(p *Pack, r *Rule, v uint32) {
	d.skip[r.trigger] = v
	d.skipPatterns(p, r.trigger)
	if r.Window == 0 {
		return
	}
	for _, g := range r.context {
		d.skip[g] = v
		d.skipPatterns(p, g)
	}
	if r.Near == 0 {
		for _, g := range r.with {
			d.skip[g] = v
			d.skipPatterns(p, g)
		}
	}
}

// skipPatterns updates the patterns of group g, just skipped.
func (d *decided) skipPatterns(p *Pack, g int) {
next:
	for _, pi := range p.groups[g].pats {
		h := &p.hot[pi]
		v := forever
		for _, eg := range p.ints[h.eg0:h.eg1] {
			switch d.skip[eg] {
			case forever:
			case d.gen:
				v = d.gen
			default:
				continue next
			}
		}
		d.skipPat[pi] = v
	}
}
