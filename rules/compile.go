package rules

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"sort"
	"strings"
)

// The compile stage of loading: raw YAML structs → a validated Pack.

// TopicIDs are the seven topics, in the order every assessment lists them.
var TopicIDs = []string{"data", "purposes", "sharing", "cookies", "security", "rights", "children"}

// A Topic is one disclosure topic of a pack.
type Topic struct {
	ID          string
	Title       string
	Description string
	// Weight is the topic's share of the document score.
	Weight float64
	Rules  []*Rule

	file          string
	lists         *listScope
	unless        int // group of the topic's vetoes, -1 when none
	headingGroup  int // group of heading-cue patterns, -1 when none
	headingUnless int // group of heading vetoes, -1 when none
	headingStrong float64
	nearMiss      int  // group of near-miss patterns, -1 when none
	passageUnless int  // ordinal of the topic's passage veto (passage.go), -1 when none
	leadInherit   bool // lead_in: inherit (leadin.go)
	examples      map[string]rawExamples
	headingEx     map[string]rawExamples
	index         int
}

// A Rule is one named sub-rule of a topic ("rights.access").
type Rule struct {
	ID       string
	Title    string
	Topic    *Topic
	Strength float64
	// Window is how many sentences on each side (within the segment) the
	// With requirements may be met in.
	Window int
	// Near, when set, asks the With requirements to match within Near tokens
	// of the trigger, in the same sentence.
	Near int
	// Min, when above 1, is the number of distinct places in a sentence the
	// rule's patterns must match (a list of data categories).
	Min int
	// Strict is false for rules that state a choice rather than a right
	// (rights.choice_*, rights.optout_marketing): the eval's rights_strict
	// measure leaves them out.
	Strict bool
	// Languages lists the languages the rule has patterns for.
	Languages []string

	file string
	line int
	// topicUnless: the topic's vetoes apply to the rule too.
	topicUnless bool
	trigger     int   // group id of the match patterns
	with        []int // group ids that must each match in the window (near the trigger when Near is set)
	context     []int // group ids that must each match in the window
	unless      int   // group id of vetoes in the same sentence, -1 when none
	needs       []*Rule
	examples    map[string]rawExamples
	index       int

	// passageUnless is the ordinal of the rule's passage veto (passage.go),
	// -1 when none.
	passageUnless int
	// topicPassage: the topic's passage veto applies to the rule too.
	topicPassage bool
}

// A pattern is one distinct compiled pattern of the pack: identical
// patterns of several groups (a veto list copied onto many rules) are one,
// evaluated once per sentence.
type pattern struct {
	src    string
	lang   string
	langID int // index in Pack.langs
	file   string
	line   int        // where it first appears
	lists  *listScope // the lists its @name references resolve in
	// nodes is the parse tree, until the index is built.
	nodes    []node
	anchored bool    // it opens with ^
	code     []binst // its bit program (bits.go)
	// first lists the atoms a match can start with; req the atoms every
	// match holds; clauses, lists of atoms one of which every match holds.
	first   []int32
	req     []int32
	clauses [][]int32
	// clauseBits are the clauses' presence bits (see index.clauseBase).
	clauseBits []int32
	// anchors are the atoms the pattern is filed under when it is eager.
	anchors []int32
	// eager is set for a pattern evaluated on every sentence: a trigger or
	// the companion of a rule with a window; eagerGroups lists those of its
	// groups.
	eager       bool
	eagerGroups []int32
}

// A group is a set of patterns that play one role for one rule or topic:
// the field of the Rule or topic that holds its index (trigger, with,
// unless, …) names the role.
type group struct {
	topic int
	rule  int     // -1 for topic-level groups
	pats  []int32 // its patterns, in file order
	// skipAlone lists the patterns of pats that have no eager group but
	// this one, skipShared the others (see decided.skipPatterns).
	skipAlone, skipShared []int32
	// langs has bit i set when the group has patterns of Pack.langs[i].
	langs uint64
	// bit is the presence bit (see index.clauseBase) of the clause made of
	// the first required atom of each of its patterns (the atoms of its
	// first clause for a pattern that requires none): unset, none of them
	// can match. -1 when one of its patterns requires nothing.
	bit int32
}

var (
	topicIDRe = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	ruleIDRe  = regexp.MustCompile(`^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$`)
	langRe    = regexp.MustCompile(`^[a-z]{2,3}$`)
)

// compiler accumulates the pack under construction and its errors.
type compiler struct {
	p    *Pack
	errs []error
	// patIDs maps a pattern's language and canonical form to its index.
	patIDs map[string]int32
	// packLists are the manifest's lists; lists the scope of the topic
	// being compiled.
	packLists map[string]*listDef
	lists     *listScope
	// words remembers the parse of each pattern word (listScope.words).
	words map[string]node
}

var listNameRe = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// defineLists adds the lists raw (of file) to defs, checking their names
// and parsing their items in every language.
func (c *compiler) defineLists(file string, raw rawLists, pack bool, defs map[string]*listDef) {
	for _, name := range sortedKeys(raw) {
		l := raw[name]
		switch {
		case !listNameRe.MatchString(name):
			c.errorf(file, l.Line, "lists: bad list name %q: want lower-case letters, digits and _ (used as @name)", name)
			continue
		case defs[name] != nil:
			c.errorf(file, l.Line, "lists: list %q is already defined in %s", name, defs[name].file)
			continue
		case len(l.Items) == 0:
			c.errorf(file, l.Line, "lists: list %q has no items", name)
		}
		defs[name] = &listDef{name: name, file: file, line: l.Line, items: l.Items, pack: pack}
	}
}

// parseLists parses every item of the lists of scope s in every language,
// reporting bad items at their lines, and bad language tags.
func (c *compiler) parseLists(s *listScope, pack bool) {
	for _, name := range sortedKeys(s.defs) {
		d := s.defs[name]
		if d.pack != pack {
			continue
		}
		for _, lang := range sortedKeys(d.items) {
			if !langRe.MatchString(lang) {
				c.errorf(d.file, d.line, "list %s: %q is not a language tag", name, lang)
				continue
			}
			if len(d.items[lang]) == 0 {
				c.errorf(d.file, d.line, "list %s: empty item list for %s", name, lang)
				continue
			}
			if d.parsed[lang] != nil || d.broken[lang] {
				continue // parsed already, as a list another one uses
			}
			if _, err := s.parseItems(d, lang); err != nil {
				var fe *FileError
				if errors.As(err, &fe) {
					c.errs = append(c.errs, fe)
				}
			}
		}
	}
}

// unusedLists reports the lists of defs (of the pack or not) that no
// pattern uses.
func (c *compiler) unusedLists(defs map[string]*listDef, pack bool) {
	for _, name := range sortedKeys(defs) {
		if d := defs[name]; d.pack == pack && !d.used {
			c.errorf(d.file, d.line, "list %s is never used (remove it, or refer to it as @%s)", name, name)
		}
	}
}

// addPattern adds pt to group g, interning it: a pattern met before (in
// any group) is not compiled again.
func (c *compiler) addPattern(g int, pt pattern) {
	p := c.p
	pt.langID = slices.Index(p.langs, pt.lang)
	if pt.langID < 0 {
		pt.langID = len(p.langs)
		p.langs = append(p.langs, pt.lang)
	}
	key := pt.lang + "\x00" + canonical(pt.nodes, pt.anchored)
	if c.patIDs == nil {
		c.patIDs = map[string]int32{}
	}
	id, ok := c.patIDs[key]
	if !ok {
		id = int32(len(p.patterns))
		c.patIDs[key] = id
		p.patterns = append(p.patterns, pt)
	}
	gr := &p.groups[g]
	gr.pats = appendUnique(gr.pats, id)
	if pt.langID < 64 {
		gr.langs |= 1 << uint(pt.langID)
	}
}

func (c *compiler) errorf(file string, line int, format string, a ...any) {
	c.errs = append(c.errs, &FileError{File: file, Line: line, Msg: fmt.Sprintf(format, a...)})
}

func (c *compiler) newGroup(topic, rule int) int {
	c.p.groups = append(c.p.groups, group{topic: topic, rule: rule})
	return len(c.p.groups) - 1
}

// addPatterns compiles a language→patterns map into group g.
func (c *compiler) addPatterns(file string, line int, what string, pats rawPatterns, g int) []string {
	lists := c.lists
	langs := sortedKeys(pats)
	for _, lang := range langs {
		if !langRe.MatchString(lang) {
			c.errorf(file, line, "%s: %q is not a language tag (want a lower-case ISO 639-1 code such as en, fr, de)", what, lang)
			continue
		}
		if len(pats[lang]) == 0 {
			c.errorf(file, line, "%s: empty pattern list for %s", what, lang)
		}
		for _, ps := range pats[lang] {
			nodes, anchored, err := parsePattern(ps.Value, lists, lang)
			if err != nil {
				var fe *FileError
				switch {
				case errors.Is(err, errListBroken):
					// reported at the list's item
				case errors.As(err, &fe):
					c.errs = append(c.errs, fe)
				default:
					c.errorf(file, ps.Line, "%s: pattern %q: %v", what, ps.Value, err)
				}
				continue
			}
			if err := cmp.Or(deadGap(nodes, anchored), optionalAlt(nodes)); err != nil {
				c.errorf(file, ps.Line, "%s: pattern %q: %v", what, ps.Value, err)
				continue
			}
			c.addPattern(g, pattern{src: ps.Value, lang: lang, file: file, line: ps.Line, nodes: nodes, anchored: anchored, lists: lists})
		}
	}
	return langs
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// compileTopic adds one topic file to the pack.
func (c *compiler) compileTopic(file string, rt *rawTopic, id string, weight float64) {
	if rt.Schema != SchemaVersion {
		c.errorf(file, 1, "schema: got %d, this version of vigie reads schema %d", rt.Schema, SchemaVersion)
	}
	if rt.ID != id {
		c.errorf(file, 1, "id: got %q, the manifest lists this file for topic %q", rt.ID, id)
	}
	if strings.TrimSpace(rt.Title) == "" {
		c.errorf(file, 1, "title: missing")
	}
	t := &Topic{
		ID: id, Title: rt.Title, Description: strings.TrimSpace(rt.Description), Weight: weight,
		file: file, unless: -1, headingGroup: -1, headingUnless: -1, nearMiss: -1, passageUnless: -1,
		examples: rt.Examples, index: len(c.p.topics),
	}
	c.p.topics = append(c.p.topics, t)
	ti := t.index
	// The topic's lists, beside the pack's.
	defs := map[string]*listDef{}
	for n, d := range c.packLists {
		defs[n] = d
	}
	c.defineLists(file, rt.Lists, false, defs)
	t.lists = &listScope{defs: defs, words: c.words}
	c.lists = t.lists
	c.parseLists(t.lists, false)
	defer c.unusedLists(defs, false)
	if len(rt.Unless) > 0 {
		t.unless = c.newGroup(ti, -1)
		c.addPatterns(file, 0, "unless", rt.Unless, t.unless)
	}
	t.passageUnless = c.compilePassageUnless(file, 0, "topic "+id, rt.PassageUnless, ti, -1)
	t.leadInherit = c.compileLeadIn(file, rt.LeadIn)
	if len(rt.NearMisses) > 0 {
		t.nearMiss = c.newGroup(ti, -1)
		c.addPatterns(file, 0, "near_misses", rt.NearMisses, t.nearMiss)
	}
	if h := rt.Heading; h != nil {
		if h.Strength <= 0 || h.Strength > 1 {
			c.errorf(file, 0, "heading.strength: %v is not in (0, 1]", h.Strength)
		}
		if len(h.Match) == 0 {
			c.errorf(file, 0, "heading: no match patterns")
		}
		t.headingStrong = h.Strength
		t.headingGroup = c.newGroup(ti, -1)
		c.addPatterns(file, 0, "heading.match", h.Match, t.headingGroup)
		if len(h.Unless) > 0 {
			t.headingUnless = c.newGroup(ti, -1)
			c.addPatterns(file, 0, "heading.unless", h.Unless, t.headingUnless)
		}
		t.headingEx = h.Examples
		c.checkExamples(file, 0, "heading", h.Match, h.Examples, false)
	}
	if len(rt.Rules) == 0 {
		c.errorf(file, 0, "rules: a topic needs at least one rule")
	}
	for i := range rt.Rules {
		c.compileRule(file, t, &rt.Rules[i])
	}
	for lang := range rt.Examples {
		if !langRe.MatchString(lang) {
			c.errorf(file, 0, "examples: %q is not a language tag", lang)
		}
		if len(rt.Examples[lang].Match) > 0 {
			c.errorf(file, rt.Examples[lang].Match[0].Line, "examples: topic-level examples hold no_match sentences only (put match examples on a rule)")
		}
	}
}

func (c *compiler) compileRule(file string, t *Topic, rr *rawRule) {
	line := rr.line
	id := rr.ID.Value
	if rr.ID.Line > 0 {
		line = rr.ID.Line
	}
	switch {
	case id == "":
		c.errorf(file, line, "rule without an id")
		return
	case !ruleIDRe.MatchString(id):
		c.errorf(file, line, "rule id %q: want <topic>.<name> in lower case", id)
	case !strings.HasPrefix(id, t.ID+"."):
		c.errorf(file, line, "rule id %q does not start with its topic %q", id, t.ID+".")
	}
	if _, dup := c.p.ruleByID[id]; dup {
		c.errorf(file, line, "duplicate rule id %q", id)
		return
	}
	if strings.HasSuffix(id, ".heading") {
		c.errorf(file, line, "rule id %q: the .heading suffix is reserved for heading cues", id)
	}
	if rr.Strength <= 0 || rr.Strength > 1 || math.IsNaN(rr.Strength) {
		c.errorf(file, line, "rule %s: strength %v is not in (0, 1]", id, rr.Strength)
	}
	if rr.Window < 0 || rr.Window > 3 {
		c.errorf(file, line, "rule %s: window %d is not in [0, 3]", id, rr.Window)
	}
	if rr.Min < 0 || rr.Min > 10 {
		c.errorf(file, line, "rule %s: min %d is not in [0, 10]", id, rr.Min)
	}
	if rr.Near < 0 || rr.Near > 30 {
		c.errorf(file, line, "rule %s: near %d is not in [0, 30]", id, rr.Near)
	}
	if rr.Near > 0 && len(rr.With) == 0 {
		c.errorf(file, line, "rule %s: near needs with requirements", id)
	}
	if len(rr.Match) == 0 {
		c.errorf(file, line, "rule %s: no match patterns", id)
	}
	r := &Rule{
		ID: id, Title: rr.Title, Topic: t, Strength: rr.Strength, Window: rr.Window, Near: rr.Near, Min: rr.Min,
		Strict:       rr.Strict == nil || *rr.Strict,
		topicUnless:  t.unless >= 0 && (rr.TopicUnless == nil || *rr.TopicUnless),
		topicPassage: t.passageUnless >= 0 && (rr.TopicPassageUnless == nil || *rr.TopicPassageUnless),
		file:         file, line: line, unless: -1, passageUnless: -1, examples: rr.Examples, index: len(c.p.rules),
	}
	if rr.TopicUnless != nil && t.unless < 0 {
		c.errorf(file, line, "rule %s: topic_unless is set but the topic has no unless", id)
	}
	if rr.TopicPassageUnless != nil && t.passageUnless < 0 {
		c.errorf(file, line, "rule %s: topic_passage_unless is set but the topic has no passage_unless", id)
	}
	c.p.rules = append(c.p.rules, r)
	c.p.ruleByID[id] = r
	t.Rules = append(t.Rules, r)
	r.trigger = c.newGroup(t.index, r.index)
	r.Languages = c.addPatterns(file, line, "rule "+id+" match", rr.Match, r.trigger)
	for i, w := range rr.With {
		if len(w) == 0 {
			c.errorf(file, line, "rule %s: with[%d] is empty", id, i)
			continue
		}
		g := c.newGroup(t.index, r.index)
		r.with = append(r.with, g)
		c.addPatterns(file, line, fmt.Sprintf("rule %s with[%d]", id, i), w, g)
	}
	for i, w := range rr.Context {
		if len(w) == 0 {
			c.errorf(file, line, "rule %s: context[%d] is empty", id, i)
			continue
		}
		g := c.newGroup(t.index, r.index)
		r.context = append(r.context, g)
		c.addPatterns(file, line, fmt.Sprintf("rule %s context[%d]", id, i), w, g)
	}
	if len(rr.Unless) > 0 {
		r.unless = c.newGroup(t.index, r.index)
		c.addPatterns(file, line, "rule "+id+" unless", rr.Unless, r.unless)
	}
	r.passageUnless = c.compilePassageUnless(file, line, "rule "+id, rr.PassageUnless, t.index, r.index)
	c.checkExamples(file, line, "rule "+id, rr.Match, rr.Examples, true)
	c.p.pendingNeeds = append(c.p.pendingNeeds, pendingNeed{rule: r, needs: rr.Needs})
}

// checkExamples requires a match example for every language with patterns
// and at least one no_match example when needNo is set.
func (c *compiler) checkExamples(file string, line int, what string, pats rawPatterns, ex map[string]rawExamples, needNo bool) {
	nNo := 0
	for _, lang := range sortedKeys(ex) {
		if !langRe.MatchString(lang) {
			c.errorf(file, line, "%s examples: %q is not a language tag", what, lang)
		}
		nNo += len(ex[lang].NoMatch)
	}
	for _, lang := range sortedKeys(pats) {
		if len(ex[lang].Match) == 0 {
			c.errorf(file, line, "%s: no match example for %s (every language with patterns needs one)", what, lang)
		}
	}
	if needNo && nNo == 0 {
		c.errorf(file, line, "%s: no no_match example (every rule needs one)", what)
	}
}

type pendingNeed struct {
	rule  *Rule
	needs []rawString
}

// resolveNeeds links each rule to the rules it needs, once every rule is
// known.
func (c *compiler) resolveNeeds() {
	for _, pn := range c.p.pendingNeeds {
		for _, n := range pn.needs {
			switch dep, ok := c.p.ruleByID[n.Value]; {
			case !ok:
				c.errorf(pn.rule.file, n.Line, "rule %s needs unknown rule %q", pn.rule.ID, n.Value)
			case dep == pn.rule:
				c.errorf(pn.rule.file, n.Line, "rule %s needs itself", pn.rule.ID)
			default:
				pn.rule.needs = append(pn.rule.needs, dep)
			}
		}
	}
	c.p.pendingNeeds = nil
}

// markEager marks the patterns evaluated on every sentence: the rules'
// triggers. Every other group is evaluated only where a trigger matched,
// the companions of a rule with a window too: in the sentences around its
// trigger, once the trigger has fired (windowHolds). Marked eager, they ran
// on every sentence that held their common words ("data", "use"): four
// rules with a window cost Evaluate over OPP-115 a tenth of its time.
func (p *Pack) markEager() {
	for _, r := range p.rules {
		for _, pi := range p.groups[r.trigger].pats {
			pt := &p.patterns[pi]
			pt.eager = true
			pt.eagerGroups = appendUnique(pt.eagerGroups, int32(r.trigger))
		}
	}
}

// topicRank orders the seven known topics first, in their fixed order.
func topicRank(id string) int {
	if i := slices.Index(TopicIDs, id); i >= 0 {
		return i
	}
	return len(TopicIDs)
}

// joinErrors returns nil, the one error, or all of them joined.
func joinErrors(errs []error) error {
	if len(errs) == 0 {
		return nil
	}
	return errors.Join(errs...)
}
