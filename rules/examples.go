package rules

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/vigie-audit/vigie/analyzer"
)

// Every rule ships its own examples (like gitleaks' true- and
// false-positive samples): sentences it must match and sentences it must not.
// `go test` and `vigie rules test` run them all.

// An ExampleResult is the outcome of one example.
type ExampleResult struct {
	File string
	Line int
	// Rule is the rule id, "<topic>.heading" for a heading example, or the
	// topic id for a topic-level near-miss example.
	Rule string
	Lang string
	Text string
	// Match is true for a match example, false for a no_match one.
	Match bool
	// Fired lists the rules of the topic that fired on the example.
	Fired []string
	OK    bool
}

func (r ExampleResult) String() string {
	kind := "match"
	if !r.Match {
		kind = "no_match"
	}
	status := "ok"
	if !r.OK {
		status = "FAIL"
	}
	fired := "nothing fired"
	if len(r.Fired) > 0 {
		fired = "fired: " + strings.Join(r.Fired, ", ")
	}
	return fmt.Sprintf("%s:%d: %s %s [%s] %s %q (%s)", r.File, r.Line, status, r.Rule, r.Lang, kind, r.Text, fired)
}

// PassageDocument wraps bare text (a passage of a policy) as a one-section,
// one-segment document whose sentences come from analyzer.SplitSentences;
// its language is left for Evaluate to detect.
func PassageDocument(text string) *analyzer.Document {
	return &analyzer.Document{
		Text: text,
		Sections: []analyzer.Section{{Segments: []analyzer.Segment{{
			Kind: analyzer.KindParagraph, Text: text, Start: 0, End: utf8.RuneCountInString(text),
			Sentences: analyzer.SplitSentences(text),
		}}}},
	}
}

// exampleDocument is the document of an example: a passage, or a lead-in
// and its list items (items reports which).
func exampleDocument(text string) (doc *analyzer.Document, items bool) {
	lines := strings.Split(text, "\n")
	if len(lines) < 2 {
		return PassageDocument(text), false
	}
	for _, l := range lines[1:] {
		if !strings.HasPrefix(l, "- ") {
			return PassageDocument(text), false
		}
	}
	doc = &analyzer.Document{Text: text}
	var segs []analyzer.Segment
	start := 0
	for i, l := range lines {
		kind := analyzer.KindParagraph
		body := l
		if i > 0 {
			kind, body = analyzer.KindListItem, l[2:]
			start += 2
		}
		n := utf8.RuneCountInString(body)
		ss := analyzer.SplitSentences(body)
		for k := range ss {
			ss[k].Start += start
			ss[k].End += start
		}
		segs = append(segs, analyzer.Segment{Kind: kind, Text: body, Start: start, End: start + n, Sentences: ss})
		start += n + 1
	}
	doc.Sections = []analyzer.Section{{Segments: segs}}
	return doc, true
}

// CheckExamples runs every example of the pack and returns one result per
// example, in file order.
func (p *Pack) CheckExamples(ctx context.Context) ([]ExampleResult, error) {
	var out []ExampleResult
	for _, t := range p.topics {
		if t.headingGroup >= 0 {
			for _, lang := range sortedKeys(t.headingEx) {
				for _, ex := range t.headingEx[lang].Match {
					out = append(out, p.headingExample(t, lang, ex, true))
				}
				for _, ex := range t.headingEx[lang].NoMatch {
					out = append(out, p.headingExample(t, lang, ex, false))
				}
			}
		}
		for _, r := range t.Rules {
			for _, lang := range sortedKeys(r.examples) {
				for _, want := range []bool{true, false} {
					list := r.examples[lang].Match
					if !want {
						list = r.examples[lang].NoMatch
					}
					for _, ex := range list {
						fired, err := p.firedRules(ctx, t, lang, ex.Value)
						if err != nil {
							return nil, err
						}
						out = append(out, ExampleResult{File: t.file, Line: ex.Line, Rule: r.ID, Lang: lang, Text: ex.Value,
							Match: want, Fired: fired, OK: slices.Contains(fired, r.ID) == want})
					}
				}
			}
		}
		for _, lang := range sortedKeys(t.examples) {
			for _, ex := range t.examples[lang].NoMatch {
				fired, err := p.firedRules(ctx, t, lang, ex.Value)
				if err != nil {
					return nil, err
				}
				out = append(out, ExampleResult{File: t.file, Line: ex.Line, Rule: t.ID, Lang: lang, Text: ex.Value,
					Fired: fired, OK: len(fired) == 0})
			}
		}
	}
	return out, nil
}

// firedRules returns the rules of topic t that fire on text, a passage in
// language lang.
//
// An example whose lines after the first open with "- " is a lead-in and
// its list items ("We may share your data with:\n- our payment provider"):
// only what fires on the items counts (see leadin.go).
func (p *Pack) firedRules(ctx context.Context, t *Topic, lang, text string) ([]string, error) {
	doc, items := exampleDocument(text)
	hits, sents, err := p.collect(ctx, doc, lang)
	if err != nil {
		return nil, err
	}
	var fired []string
	for _, h := range hits {
		if items && sents[h.sent].section == 0 && h.sent < len(doc.Sections[0].Segments[0].Sentences) {
			continue // the lead-in's own hits
		}
		if h.topic == t.index && h.rule != nil && !slices.Contains(fired, h.rule.ID) {
			fired = append(fired, h.rule.ID)
		}
	}
	return fired, nil
}

func (p *Pack) headingExample(t *Topic, lang string, ex rawString, want bool) ExampleResult {
	m := p.getMatcher()
	defer p.putMatcher(m)
	p.setLanguage(m, lang)
	cues := p.headingCues(m, []string{ex.Value}, &m.cellCues)
	got := cues != nil && cues[t.index]
	var fired []string
	if got {
		fired = []string{t.ID + ".heading"}
	}
	return ExampleResult{File: t.file, Line: ex.Line, Rule: t.ID + ".heading", Lang: lang, Text: ex.Value,
		Match: want, Fired: fired, OK: got == want}
}
