package reports

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestParseTopics(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string
		err  string
	}{
		{in: "all", want: TopicIDs()},
		{in: "ALL", want: TopicIDs()},
		{in: "data,cookies", want: []string{"data", "cookies"}},
		{in: "cookies, Data ,cookies", want: []string{"data", "cookies"}},
		{in: "children,all", want: TopicIDs()},
		{in: "", want: nil},
		{in: " , ", want: nil},
		{in: "data,cookie", err: `unknown topic "cookie": want all or a comma-separated list of data, purposes, sharing, cookies, security, rights, children`},
	} {
		got, err := ParseTopics(c.in)
		if c.err != "" {
			if err == nil || err.Error() != c.err {
				t.Errorf("ParseTopics(%q) error = %v, want %q", c.in, err, c.err)
			}
			continue
		}
		if err != nil || !slices.Equal(got, c.want) {
			t.Errorf("ParseTopics(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
}

func TestTopicListFlag(t *testing.T) {
	var l TopicList
	for _, s := range []string{"cookies", "data,cookies"} {
		if err := l.Set(s); err != nil {
			t.Fatal(err)
		}
	}
	if l.String() != "data,cookies" || l.Type() != "topics" {
		t.Errorf("got %q", l.String())
	}
	if err := l.Set("nope"); err == nil {
		t.Error("unknown topic accepted")
	}
}

func TestThresholdsValidate(t *testing.T) {
	for _, th := range []Thresholds{{FailUnder: -1}, {FailUnder: 101}, {Require: []string{"data", "bogus"}}} {
		if th.Validate() == nil {
			t.Errorf("%+v validated", th)
		}
	}
	if err := (Thresholds{FailUnder: 60, Require: []string{"data"}}).Validate(); err != nil {
		t.Error(err)
	}
	if (Thresholds{}).Active() || !(Thresholds{FailUnder: 1}).Active() {
		t.Error("Active is wrong")
	}
}

func names(sh []Shortfall) []string {
	var out []string
	for _, s := range sh {
		out = append(out, s.Input)
	}
	return out
}

func TestCheck(t *testing.T) {
	r := testReport()
	if sh := Check(r, Thresholds{}); len(sh) != 0 {
		t.Errorf("no thresholds, yet shortfalls: %v", names(sh))
	}
	// fail-under: everything below 60, the vendors without policy included.
	sh := Check(r, Thresholds{FailUnder: 60})
	want := []string{"https://pulsewatch.example", "https://nowhere-forks.example", "https://hushbaby.example", "htp:/bad input", "https://evil.example"}
	if !slices.Equal(names(sh), want) {
		t.Errorf("fail-under 60: %q, want %q", names(sh), want)
	}
	if !sh[0].BelowScore || sh[0].Score != 57 || sh[0].Index != 1 {
		t.Errorf("pulse shortfall: %+v", sh[0])
	}
	// require: weak is not covered.
	sh = Check(r, Thresholds{Require: []string{"cookies", "children"}})
	want = []string{"https://pulsewatch.example", "https://nowhere-forks.example", "https://hushbaby.example", "htp:/bad input", "https://balance-connectee.example", "https://evil.example"}
	if !slices.Equal(names(sh), want) {
		t.Errorf("require cookies,children: %q, want %q", names(sh), want)
	}
	if !slices.Equal(sh[0].Uncovered, []string{"cookies", "children"}) || !slices.Equal(sh[4].Uncovered, []string{"children"}) {
		t.Errorf("uncovered: %v / %v", sh[0].Uncovered, sh[4].Uncovered)
	}
	// A vendor meeting both passes.
	sh = Check(r, Thresholds{FailUnder: 100, Require: TopicIDs()})
	if slices.Contains(names(sh), "https://acme-scale.example") {
		t.Error("the fully covered vendor fell short")
	}
}

func TestThresholdErrorMessage(t *testing.T) {
	c := NewChecker(Thresholds{FailUnder: 60, Require: []string{"children"}})
	if err := Render(c, testReport()); err != nil {
		t.Fatal(err)
	}
	var te *ThresholdError
	if !errors.As(c.Err(), &te) {
		t.Fatalf("Err() = %v", c.Err())
	}
	msg := te.Error()
	for _, want := range []string{
		"6 of 7 vendors fall short of the thresholds (score ≥ 60; covers children):",
		"  - Pulse Watch (https://pulsewatch.example): score 57 below 60; does not cover children",
		"  - Nowhere Forks (https://nowhere-forks.example): no policy analysed: not_found, no privacy-policy link",
		"  - htp:/bad input: no policy analysed: invalid_input",
		"  - Balance Connectée (https://balance-connectee.example): does not cover children",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("message lacks %q:\n%s", want, msg)
		}
	}
	for _, c := range msg {
		if c != '\n' && isUnsafeRune(c) {
			t.Errorf("control character %U in the message", c)
		}
	}
	// Long lists are cut.
	many := &Report{}
	for range 50 {
		many.Vendors = append(many.Vendors, Vendor{Input: "x", Status: StatusNotFound})
	}
	c = NewChecker(Thresholds{FailUnder: 1})
	_ = Render(c, many)
	if msg := c.Err().Error(); strings.Count(msg, "\n  - ") != maxListed || !strings.Contains(msg, "… and 30 more") {
		t.Errorf("long list not cut:\n%s", msg)
	}
}
