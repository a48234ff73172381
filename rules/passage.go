package rules

// Passage vetoes. A rule's (or a topic's) passage_unless patterns look at
// what a passage is about rather than at the sentence a rule fires on: the
// headings of its section (every level of the path), the header label of a
// table cell, and the passage's first sentence (where a heading run into
// the text, "California privacy rights: …", or a topic sentence sits).
// When one matches, the rule (every rule of the topic) fires on no
// sentence of the passage. A passage is one segment of the document: a
// paragraph, a list item, a table cell, or a whole OPP-115 or MAPP
// segment.
//
// The vetoes a heading sets are read with its cues, once per heading text
// (headingOf); those of the first sentence right after it is scanned,
// before any hit of the passage is kept, so the pruning of decided rules
// (decided.go) only ever sees hits that stand.

// passageVetoes are a pack's passage vetoes: the group of each, by ordinal
// (Rule.passageUnless and Topic.passageUnless hold the ordinal, -1 for
// none).
type passageVetoes struct {
	groups []int
}

// passageScope is a matcher's state of passage vetoes: per ordinal, whether
// the current section's headings (sec) or the current passage (seg) set it.
type passageScope struct {
	sec, seg []bool
	// any: some veto of the current passage is set.
	any bool
}

// compilePassageUnless compiles the passage_unless patterns of a rule
// (rule >= 0) or a topic into a new veto and returns its ordinal, or -1
// when there are none.
func (c *compiler) compilePassageUnless(file string, line int, what string, pats rawPatterns, topic, rule int) int {
	if pats == nil {
		return -1
	}
	if len(pats) == 0 {
		c.errorf(file, line, "%s passage_unless: no patterns (remove it, or give patterns per language)", what)
		return -1
	}
	g := c.newGroup(groupPassageUnless, topic, rule)
	c.addPatterns(file, line, what+" passage_unless", pats, g)
	c.p.passage.groups = append(c.p.passage.groups, g)
	return len(c.p.passage.groups) - 1
}

// passageSection finds the vetoes that the headings of a section's path
// set; they hold for every passage of the section.
func (p *Pack) passageSection(m *matcher, path []string) {
	n := len(p.passage.groups)
	if n == 0 {
		return
	}
	ps := &m.passage
	ps.sec = resizeBools(ps.sec, n)
	for _, h := range path {
		orBools(ps.sec, p.headingOf(m, h).vetoes)
	}
}

// passageSegment starts a passage: the vetoes of its section, and those
// its table-cell header label (when it has one) sets.
func (p *Pack) passageSegment(m *matcher, label string) {
	n := len(p.passage.groups)
	if n == 0 {
		return
	}
	ps := &m.passage
	ps.seg = resizeBools(ps.seg, n)
	copy(ps.seg, ps.sec)
	if label != "" {
		orBools(ps.seg, p.headingOf(m, label).vetoes)
	}
	ps.any = false
	for _, v := range ps.seg {
		ps.any = ps.any || v
	}
}

// vetoesOf reports, per passage veto, whether the prepared sentence (a
// heading) sets it; nil when it sets none.
func (p *Pack) vetoesOf(m *matcher) []bool {
	var set []bool
	for i, g := range p.passage.groups {
		if p.groupExists(m, g, nil) {
			if set == nil {
				set = make([]bool, len(p.passage.groups))
			}
			set[i] = true
		}
	}
	return set
}

// orBools sets in dst what src sets (src may be nil).
func orBools(dst, src []bool) {
	for i, v := range src {
		dst[i] = dst[i] || v
	}
}

// passageSet sets in set the vetoes that match the prepared sentence.
func (p *Pack) passageSet(m *matcher, set []bool) {
	for i, g := range p.passage.groups {
		if !set[i] && p.groupExists(m, g, nil) {
			set[i] = true
		}
	}
}

// passageFilter is called after sentence j of the current passage has been
// scanned (it is still the prepared sentence), its hits being hits[n0:].
// On the first sentence it adds the vetoes that sentence sets; it then
// drops the new hits of vetoed rules.
func (p *Pack) passageFilter(m *matcher, j int, hits []hit, n0 int) []hit {
	if len(p.passage.groups) == 0 {
		return hits
	}
	ps := &m.passage
	if j == 0 {
		p.passageSet(m, ps.seg)
		for _, v := range ps.seg {
			ps.any = ps.any || v
		}
	}
	if !ps.any || len(hits) == n0 {
		return hits
	}
	kept := hits[:n0]
	for _, h := range hits[n0:] {
		if h.rule == nil || !passageVetoed(h.rule, ps.seg) {
			kept = append(kept, h)
		}
	}
	return kept
}

// passageVetoed reports whether rule r's passage veto, or its topic's, is
// set in set.
func passageVetoed(r *Rule, set []bool) bool {
	return (r.passageUnless >= 0 && set[r.passageUnless]) ||
		(r.Topic.passageUnless >= 0 && set[r.Topic.passageUnless])
}
