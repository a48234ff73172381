package rules

// Decided rules. An assessment keeps, per topic, the strength of its best
// hits on three distinct sentences, up to three quotes from distinct
// sections, and the list of the rules that fired (see Pack.assess). Once a
// rule has fired in a document, and its topic holds hits at least as
// strong as the rule in three sections already scanned, a later hit of
// that rule changes nothing: hits rank by strength, then by document order,
// so it would come after all of those, and the rule is already listed. Its
// trigger is then no longer tried on the rest of the document. Only hits
// that no needs can weaken (rules without needs, heading cues) count, once
// their segment is settled (window companions checked).
//
// This applies to Evaluate, not to collect: the hit list is then
// complete for what the assessment reads, not for every firing.

// decided is the per-document state of that pruning.
type decided struct {
	on bool
	// settled is the number of hits already taken into account.
	settled int
	fired   []bool // per rule
	// skip is set, per group, for the trigger of a decided rule.
	skip []bool
	// skipPat is set, per pattern, when every eager group of the pattern
	// is skipped.
	skipPat []bool
	// Per topic: the strongest settled hit of the section being scanned
	// (sec), and the three strongest of the sections before, best first;
	// -1 for none.
	sec   []int
	cur   []float64
	best  [][3]float64
	dirty []bool
}

// start resets the state for a new document; on says whether to prune.
func (d *decided) start(p *Pack, on bool) {
	d.on = on
	d.settled = 0
	if !on {
		return
	}
	d.fired = resizeBools(d.fired, len(p.rules))
	d.skip = resizeBools(d.skip, len(p.groups))
	d.skipPat = resizeBools(d.skipPat, len(p.patterns))
	d.dirty = resizeBools(d.dirty, len(p.topics))
	if cap(d.cur) < len(p.topics) {
		d.sec = make([]int, len(p.topics))
		d.cur = make([]float64, len(p.topics))
		d.best = make([][3]float64, len(p.topics))
	}
	d.sec, d.cur, d.best = d.sec[:len(p.topics)], d.cur[:len(p.topics)], d.best[:len(p.topics)]
	for t := range d.cur {
		d.sec[t], d.cur[t], d.best[t] = -1, -1, [3]float64{-1, -1, -1}
	}
}

// settle takes into account the hits found since the last call, all in
// section si and final (their window checked), and marks the rules they
// decide.
func (d *decided) settle(p *Pack, hits []hit, si int) {
	if !d.on {
		return
	}
	for _, h := range hits[d.settled:] {
		if h.rule != nil {
			d.fired[h.rule.index] = true
			d.dirty[h.topic] = true
			if len(h.rule.needs) > 0 {
				continue // applyNeeds may weaken it
			}
		}
		t := h.topic
		if d.sec[t] != si {
			d.push(t)
			d.sec[t] = si
		}
		d.cur[t] = max(d.cur[t], h.strength)
		d.dirty[t] = true
	}
	d.settled = len(hits)
	for ti, dirty := range d.dirty {
		if !dirty {
			continue
		}
		d.dirty[ti] = false
		thr := d.third(ti)
		if thr < 0 {
			continue
		}
		for _, r := range p.topics[ti].Rules {
			if d.fired[r.index] && r.Strength <= thr && !d.skip[r.trigger] {
				d.skip[r.trigger] = true
				d.skipPatterns(p, r.trigger)
			}
		}
	}
}

// push folds the strongest hit of topic t's previous section into its
// three best.
func (d *decided) push(t int) {
	v := d.cur[t]
	d.cur[t] = -1
	b := &d.best[t]
	for i := range b {
		if v > b[i] {
			v, b[i] = b[i], v
		}
	}
}

// third is the third strongest of topic t's sections so far, -1 when
// fewer than three sections hold a hit.
func (d *decided) third(t int) float64 {
	b := d.best[t]
	v := d.cur[t]
	for i := range b {
		if v > b[i] {
			v, b[i] = b[i], v
		}
	}
	return b[2]
}

// skipPatterns marks the patterns of group g, now skipped, whose eager
// groups are all skipped.
func (d *decided) skipPatterns(p *Pack, g int) {
next:
	for _, pi := range p.groups[g].pats {
		h := &p.hot[pi]
		for _, g := range p.ints[h.eg0:h.eg1] {
			if !d.skip[g] {
				continue next
			}
		}
		d.skipPat[pi] = true
	}
}
