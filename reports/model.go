package reports

import (
	"cmp"
	"math"
	"slices"
	"strings"
)

// NewReport returns an empty report of the current schema for the given tool.
func NewReport(tool Tool) *Report {
	return &Report{Schema: SchemaVersion, Tool: tool, Vendors: []Vendor{}}
}

// Statuses returns the vendor statuses, in the order writers list them.
func Statuses() []string {
	return []string{StatusFound, StatusNotFound, StatusRobotsDisallowed, StatusBrokenLink, StatusFetchError, StatusInvalidInput}
}

// Levels returns the topic coverage levels, best first.
func Levels() []string { return []string{LevelCovered, LevelWeak, LevelMissing} }

// EffectiveLevel returns the topic's level. When Level is empty (a report
// written by hand or by an older producer) it derives one: covered when
// Covered is set, weak when some strength was found, missing otherwise.
func (t *Topic) EffectiveLevel() string {
	switch t.Level {
	case LevelCovered, LevelWeak, LevelMissing:
		return t.Level
	}
	switch {
	case t.Covered:
		return LevelCovered
	case t.Strength > 0:
		return LevelWeak
	default:
		return LevelMissing
	}
}

// Topic returns the vendor's verdict on the topic id, or nil when the vendor
// has none (its policy was not analysed).
func (v *Vendor) Topic(id string) *Topic {
	for i := range v.Topics {
		if v.Topics[i].ID == id {
			return &v.Topics[i]
		}
	}
	return nil
}

// Analysed reports whether the vendor's policy was analysed, that is whether
// it carries topic verdicts.
func (v *Vendor) Analysed() bool { return len(v.Topics) > 0 }

// TopicsAt returns the ids of the vendor's topics at the given level, in the
// fixed topic order.
func (v *Vendor) TopicsAt(level string) []string {
	var ids []string
	for _, t := range sortedTopics(v.Topics) {
		if t.EffectiveLevel() == level {
			ids = append(ids, t.ID)
		}
	}
	return ids
}

// MissingTopics returns the ids of the topics the vendor's policy does not
// disclose, in the fixed order. A vendor whose policy was not analysed has
// none: see Analysed.
func (v *Vendor) MissingTopics() []string { return v.TopicsAt(LevelMissing) }

// WeakTopics returns the ids of the topics the vendor's policy touches
// without covering them, in the fixed order.
func (v *Vendor) WeakTopics() []string { return v.TopicsAt(LevelWeak) }

// DisplayName is the vendor's name, or its input when it has none.
func (v *Vendor) DisplayName() string {
	if strings.TrimSpace(v.Name) != "" {
		return v.Name
	}
	return v.Input
}

// NewSummary counts the given vendors.
func NewSummary(vendors []Vendor) *Summary {
	s := emptySummary()
	for i := range vendors {
		s.Add(&vendors[i])
	}
	return s
}

func emptySummary() *Summary {
	s := &Summary{ByStatus: map[string]int{}, TopicsCovered: map[string]int{}, TopicsWeak: map[string]int{}}
	for _, st := range Statuses() {
		s.ByStatus[st] = 0
	}
	for _, t := range topics {
		s.TopicsCovered[t.ID] = 0
		s.TopicsWeak[t.ID] = 0
	}
	return s
}

// Add counts one more vendor. Use it on a summary made by NewSummary (the
// mean score is kept from an internal sum that a decoded summary lacks).
func (s *Summary) Add(v *Vendor) {
	if s.ByStatus == nil || s.TopicsCovered == nil || s.TopicsWeak == nil {
		e := emptySummary()
		s.ByStatus, s.TopicsCovered, s.TopicsWeak = e.ByStatus, e.TopicsCovered, e.TopicsWeak
	}
	s.Vendors++
	s.ByStatus[v.Status]++
	if !v.Analysed() {
		return
	}
	s.Analysed++
	s.scoreSum += int64(v.Score)
	s.MeanScore = math.Round(float64(s.scoreSum)*10/float64(s.Analysed)) / 10
	for i := range v.Topics {
		t := &v.Topics[i]
		switch t.EffectiveLevel() {
		case LevelCovered:
			s.TopicsCovered[t.ID]++
		case LevelWeak:
			s.TopicsWeak[t.ID]++
		}
	}
}

// sortedTopics returns the topics in the fixed order, unknown ids after the
// seven in their given order. It returns ts itself when already in order.
func sortedTopics(ts []Topic) []Topic {
	less := func(a, b Topic) int {
		ia, ib := topicIndex(a.ID), topicIndex(b.ID)
		if ia < 0 {
			ia = len(topics)
		}
		if ib < 0 {
			ib = len(topics)
		}
		return cmp.Compare(ia, ib)
	}
	if slices.IsSortedFunc(ts, less) {
		return ts
	}
	out := slices.Clone(ts)
	slices.SortStableFunc(out, less)
	return out
}

// normalized returns a shallow copy of v ready to encode: topics in the
// fixed order, and empty (not null) arrays where the schema requires arrays.
func normalized(v *Vendor) *Vendor {
	c := *v
	c.Topics = sortedTopics(v.Topics)
	fix := false
	for _, t := range c.Topics {
		if t.Evidence == nil || t.Level != t.EffectiveLevel() {
			fix = true
		}
	}
	if fix {
		if len(v.Topics) > 0 && &c.Topics[0] == &v.Topics[0] {
			c.Topics = slices.Clone(c.Topics)
		}
		for i := range c.Topics {
			if c.Topics[i].Evidence == nil {
				c.Topics[i].Evidence = []Evidence{}
			}
			c.Topics[i].Level = c.Topics[i].EffectiveLevel()
		}
	}
	if c.Topics == nil {
		c.Topics = []Topic{}
	}
	if c.Policy != nil && c.Policy.DiscoveredVia == nil {
		p := *c.Policy
		p.DiscoveredVia = []Step{}
		c.Policy = &p
	}
	return &c
}

// A Ranked vendor is a vendor with its place in a ranking.
type Ranked struct {
	// Rank is the vendor's place, 1 first; vendors with the same score
	// share a rank (competition ranking: 1, 2, 2, 4).
	Rank int
	// Index is the vendor's position in the report.
	Index  int
	Vendor *Vendor
}

// Rank orders vendors by score, best first, then by name and input, then by
// their position, so the order is the same on every run.
func Rank(vendors []Vendor) []Ranked {
	out := make([]Ranked, len(vendors))
	for i := range vendors {
		out[i] = Ranked{Index: i, Vendor: &vendors[i]}
	}
	slices.SortStableFunc(out, func(a, b Ranked) int {
		return cmp.Or(
			cmp.Compare(b.Vendor.Score, a.Vendor.Score),
			cmp.Compare(strings.ToLower(a.Vendor.DisplayName()), strings.ToLower(b.Vendor.DisplayName())),
			cmp.Compare(a.Vendor.DisplayName(), b.Vendor.DisplayName()),
			cmp.Compare(a.Vendor.Input, b.Vendor.Input),
			cmp.Compare(a.Index, b.Index),
		)
	})
	for i := range out {
		if i > 0 && out[i].Vendor.Score == out[i-1].Vendor.Score {
			out[i].Rank = out[i-1].Rank
		} else {
			out[i].Rank = i + 1
		}
	}
	return out
}
