package reports

import (
	"fmt"
	"strconv"
	"strings"
)

// Thresholds are what every vendor must meet for a run to pass
// (--fail-under and --require).
type Thresholds struct {
	// FailUnder fails a vendor whose score is below it; 0 checks nothing.
	FailUnder int
	// Require lists topic ids every vendor's policy must cover (level
	// covered; weak is not enough).
	Require []string
}

// Validate rejects thresholds that cannot be met or name unknown topics.
func (t Thresholds) Validate() error {
	if t.FailUnder < 0 || t.FailUnder > 100 {
		return fmt.Errorf("invalid --fail-under %d: want a score from 0 to 100", t.FailUnder)
	}
	for _, id := range t.Require {
		if topicIndex(id) < 0 {
			return fmt.Errorf("unknown topic %q: want all or a comma-separated list of %s", id, strings.Join(TopicIDs(), ", "))
		}
	}
	return nil
}

// Active reports whether the thresholds check anything.
func (t Thresholds) Active() bool { return t.FailUnder > 0 || len(t.Require) > 0 }

// String describes the thresholds, as in "score ≥ 60, covers data, cookies".
func (t Thresholds) String() string {
	var parts []string
	if t.FailUnder > 0 {
		parts = append(parts, "score ≥ "+strconv.Itoa(t.FailUnder))
	}
	if len(t.Require) > 0 {
		parts = append(parts, "covers "+strings.Join(t.Require, ", "))
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, "; ")
}

// A Shortfall is a vendor that does not meet the thresholds, and why.
type Shortfall struct {
	// Index is the vendor's position in the report (0 first).
	Index  int
	Input  string
	Name   string
	Status string
	Reason string
	Score  int
	// Analysed is false when the vendor's policy was not analysed (see
	// Status and Reason).
	Analysed bool
	// BelowScore is set when Score is below FailUnder.
	BelowScore bool
	FailUnder  int
	// Uncovered lists the required topics the vendor does not cover (all
	// of them when its policy was not analysed).
	Uncovered []string
}

// String describes the shortfall on one line, free of control characters.
func (s Shortfall) String() string {
	name := oneLine(s.Name)
	if name == "" {
		name = oneLine(s.Input)
	} else if s.Input != "" && s.Input != s.Name {
		name += " (" + oneLine(s.Input) + ")"
	}
	if !s.Analysed {
		w := "no policy analysed"
		if s.Status != "" {
			w += ": " + oneLine(s.Status)
		}
		if s.Reason != "" {
			w += ", " + oneLine(s.Reason)
		}
		return name + ": " + w
	}
	var why []string
	if s.BelowScore {
		why = append(why, fmt.Sprintf("score %d below %d", s.Score, s.FailUnder))
	}
	if len(s.Uncovered) > 0 {
		why = append(why, "does not cover "+strings.Join(s.Uncovered, ", "))
	}
	return name + ": " + strings.Join(why, "; ")
}

// CheckVendor checks one vendor, returning its shortfall and true when it
// falls short.
func (t Thresholds) CheckVendor(v *Vendor) (Shortfall, bool) {
	s := Shortfall{Input: v.Input, Name: v.Name, Status: v.Status, Reason: v.Reason, Score: v.Score, FailUnder: t.FailUnder, Analysed: v.Analysed()}
	s.BelowScore = t.FailUnder > 0 && v.Score < t.FailUnder
	for _, id := range t.Require {
		if tp := v.Topic(id); tp == nil || tp.EffectiveLevel() != LevelCovered {
			s.Uncovered = append(s.Uncovered, id)
		}
	}
	return s, s.BelowScore || len(s.Uncovered) > 0
}

// Check returns the vendors of r that fall short of t, in report order.
func Check(r *Report, t Thresholds) []Shortfall {
	c := NewChecker(t)
	for i := range r.Vendors {
		_ = c.WriteVendor(&r.Vendors[i])
	}
	return c.Shortfalls()
}

// A Checker is a Writer that checks each vendor against thresholds as it
// streams by; combine it with an output format through MultiWriter. Err
// returns the outcome once the vendors are through.
type Checker struct {
	t          Thresholds
	vendors    int
	shortfalls []Shortfall
}

var _ Writer = (*Checker)(nil)

// NewChecker returns a checker of t.
func NewChecker(t Thresholds) *Checker { return &Checker{t: t} }

// Begin does nothing: thresholds concern vendors.
func (c *Checker) Begin(*Report) error { return nil }

// WriteVendor checks v.
func (c *Checker) WriteVendor(v *Vendor) error {
	if s, short := c.t.CheckVendor(v); short {
		s.Index = c.vendors
		c.shortfalls = append(c.shortfalls, s)
	}
	c.vendors++
	return nil
}

// End does nothing: the outcome is in Err and Shortfalls.
func (c *Checker) End(*Report) error { return nil }

// Shortfalls returns the vendors that fell short so far, in report order.
func (c *Checker) Shortfalls() []Shortfall { return c.shortfalls }

// Err returns nil when every vendor checked meets the thresholds, else a
// *ThresholdError describing the shortfalls.
func (c *Checker) Err() error {
	if len(c.shortfalls) == 0 {
		return nil
	}
	return &ThresholdError{Thresholds: c.t, Vendors: c.vendors, Shortfalls: c.shortfalls}
}

// A ThresholdError says which vendors fall short of the thresholds. Its
// message is the human summary commands print before exiting with 1.
type ThresholdError struct {
	Thresholds Thresholds
	Vendors    int
	Shortfalls []Shortfall
}

// maxListed bounds how many shortfalls the summary lists one by one.
const maxListed = 20

func (e *ThresholdError) Error() string {
	var b strings.Builder
	verb := "fall"
	if len(e.Shortfalls) == 1 {
		verb = "falls"
	}
	fmt.Fprintf(&b, "%d of %s %s short of the thresholds (%s):", len(e.Shortfalls), plural(e.Vendors, "vendor"), verb, e.Thresholds)
	for i, s := range e.Shortfalls {
		if i == maxListed {
			fmt.Fprintf(&b, "\n  … and %d more (see the report)", len(e.Shortfalls)-maxListed)
			break
		}
		b.WriteString("\n  - ")
		b.WriteString(s.String())
	}
	return b.String()
}
