package evaluate

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/vigie-audit/vigie/rules"
)

func run(t *testing.T, opts Options) *Report {
	t.Helper()
	p, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	opts.Pack = p
	if opts.Corpus == "" {
		opts.Corpus = "testdata/corpus"
	}
	rep, err := Run(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func TestRunTinyCorpus(t *testing.T) {
	rep := run(t, Options{})
	if rep.Segment == nil || rep.Policy == nil {
		t.Fatalf("levels missing: %+v", rep)
	}
	if rep.Segment.Units != 9 || rep.Policy.Units != 2 {
		t.Errorf("units: segment %d policy %d", rep.Segment.Units, rep.Policy.Units)
	}
	// Our own obvious sentences: every positive is found.
	for _, id := range rules.TopicIDs {
		s := rep.Segment.Topics[id]
		if s == nil || s.TP == 0 || s.FN != 0 {
			t.Errorf("segment %s: %+v", id, s)
		}
	}
	// null gold is skipped: purposes has 8 labelled segments, not 9.
	if n := rep.Segment.Topics["purposes"].N; n != 8 {
		t.Errorf("purposes labelled units = %d, want 8", n)
	}
	// "All rights reserved" is no right; the opt-out counts for a passage.
	if s := rep.Segment.Topics["rights"]; s.FP != 0 || s.TP != 2 {
		t.Errorf("segment rights: %+v", s)
	}
	// rights_strict leaves the opt-out passage out.
	if s := rep.Segment.Topics[RightsStrict]; s.TP != 1 || s.FP != 0 {
		t.Errorf("segment rights_strict: %+v", s)
	}
	// The French policy has only an unsubscribe link: rights not covered at
	// policy level; it says nothing about cookies or children.
	p := rep.Policy
	for _, id := range rules.TopicIDs {
		if s := p.Topics[id]; s.Accuracy != 1 {
			t.Errorf("policy %s: %+v", id, s)
		}
	}
	if p.Micro.F1 != 1 || p.MacroF1 != 1 {
		t.Errorf("policy micro %+v macro %v", p.Micro, p.MacroF1)
	}
}

func TestSplitsPartition(t *testing.T) {
	all := run(t, Options{Split: SplitAll})
	dev := run(t, Options{Split: SplitDev})
	test := run(t, Options{Split: SplitTest})
	units := func(r *Report) int {
		n := 0
		if r.Segment != nil {
			n += r.Segment.Units
		}
		if r.Policy != nil {
			n += r.Policy.Units
		}
		return n
	}
	if units(dev)+units(test) != units(all) || units(test) == 0 || units(dev) == 0 {
		t.Errorf("dev %d + test %d != all %d", units(dev), units(test), units(all))
	}
}

func TestJSONKeys(t *testing.T) {
	rep := run(t, Options{})
	var buf bytes.Buffer
	if err := WriteJSON(&buf, rep); err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(buf.Bytes(), &m); err != nil {
		t.Fatal(err)
	}
	for _, level := range []string{"segment", "policy"} {
		l, ok := m[level].(map[string]any)
		if !ok {
			t.Fatalf("no %q object", level)
		}
		if _, ok := l["micro"].(map[string]any)["f1"]; !ok {
			t.Errorf("%s.micro.f1 missing", level)
		}
		if _, ok := l["macro_f1"]; !ok {
			t.Errorf("%s.macro_f1 missing", level)
		}
		sec := l["topics"].(map[string]any)["security"].(map[string]any)
		for _, k := range []string{"precision", "recall", "f1", "tp", "fp", "fn", "accuracy"} {
			if _, ok := sec[k]; !ok {
				t.Errorf("%s.topics.security.%s missing", level, k)
			}
		}
	}
}

func TestMissesAndTable(t *testing.T) {
	rep := run(t, Options{Misses: true, Show: []string{"fp"}, Topics: []string{"rights"}})
	for _, m := range rep.Misses {
		if m.Kind != "fp" || m.Topic != "rights" {
			t.Errorf("unexpected miss %+v", m)
		}
	}
	var buf bytes.Buffer
	if err := WriteTable(&buf, rep); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"segment level: 9 units", "policy level: 2 units", "rights_strict", "macro F1"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, buf.String())
		}
	}
}

// TestWriteMissesClipsOnCharacters: a long quote is cut before a
// character, not inside one, whatever its script.
func TestWriteMissesClipsOnCharacters(t *testing.T) {
	for _, text := range []string{
		strings.Repeat("a", 599) + strings.Repeat("ü", 10),         // cut inside a 2-byte character
		strings.Repeat("a", 598) + strings.Repeat("€", 10),         // inside a 3-byte one
		strings.Repeat("Geltendmachung von Rechtsansprüchen ", 30), // German prose
	} {
		rep := &Report{Misses: []Miss{{Kind: "fp", Topic: "data", File: "f", PolicyID: []byte(`"p"`), Text: text}}}
		var buf bytes.Buffer
		if err := WriteMisses(&buf, rep); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		if !utf8.ValidString(out) {
			t.Errorf("output is not valid UTF-8: %q", out[len(out)-40:])
		}
		if !strings.Contains(out, "…") {
			t.Errorf("a %d-byte quote was not clipped", len(text))
		}
	}
}

func TestRunErrors(t *testing.T) {
	p, _ := rules.Default()
	if _, err := Run(context.Background(), Options{Corpus: "testdata/nope", Pack: p}); err == nil {
		t.Error("missing corpus: no error")
	}
	if _, err := Run(context.Background(), Options{Corpus: "testdata/corpus", Pack: p, Split: "half"}); err == nil {
		t.Error("bad split: no error")
	}
	if _, err := Run(context.Background(), Options{Corpus: "testdata/corpus"}); err == nil {
		t.Error("no pack: no error")
	}
}

func TestLangFilter(t *testing.T) {
	rep := run(t, Options{Lang: "fr", Levels: []string{LevelPolicy}})
	if rep.Segment != nil || rep.Policy == nil || rep.Policy.Units != 1 {
		t.Errorf("lang fr: %+v", rep.Policy)
	}
}

func TestTiming(t *testing.T) {
	rep := run(t, Options{Timing: true, Levels: []string{LevelPolicy}})
	tm := rep.Timing
	if tm == nil {
		t.Fatal("no timing")
	}
	if tm.Rounds != TimingRounds || tm.Files != 2 || tm.HTMLFiles != 1 {
		t.Errorf("timing counts: %+v", tm)
	}
	if tm.HTMLBytes <= 0 || tm.Bytes <= tm.HTMLBytes {
		t.Errorf("timing bytes: %+v", tm)
	}
	if tm.AnalyzeSeconds < tm.HTMLAnalyzeSeconds || tm.HTMLAnalyzeSeconds < 0 || tm.HTMLParseSeconds < 0 {
		t.Errorf("timing seconds: %+v", tm)
	}
	var buf bytes.Buffer
	if err := WriteTable(&buf, rep); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "best of 5 rounds") || !strings.Contains(buf.String(), "html.Parse alone") {
		t.Errorf("timing table:\n%s", buf.String())
	}
	// Without the flag, no timing.
	if rep := run(t, Options{Levels: []string{LevelPolicy}}); rep.Timing != nil {
		t.Errorf("timing without the option: %+v", rep.Timing)
	}
}

// A list item is read with its lead-in, the last sentence of the segment
// before it; --standalone reads it alone. Segments that do not follow each
// other (policy 2 skips segment 1) are not read together.
func TestRunLeadIns(t *testing.T) {
	ctx := Options{Corpus: "testdata/leadin", Misses: true}
	rep := run(t, ctx)
	alone := run(t, Options{Corpus: "testdata/leadin", Standalone: true})
	sh, sha := rep.Segment.Topics["sharing"], alone.Segment.Topics["sharing"]
	if sh.TP != 4 || sh.FP != 0 || sha.TP != 2 {
		t.Errorf("sharing with lead-ins %+v, alone %+v", sh, sha)
	}
	// Items under "We use your information:" are purposes, not data.
	if d := rep.Segment.Topics["data"]; d.FP != 0 {
		t.Errorf("data: %+v", d)
	}
	if p := rep.Segment.Topics["purposes"]; p.TP != 2 || p.FN != 0 {
		t.Errorf("purposes: %+v", p)
	}
	for _, m := range rep.Misses {
		if string(m.PolicyID) == "1" && m.LeadIn == "" && string(m.SegmentID) != "0" && string(m.SegmentID) != "3" && string(m.SegmentID) != "6" {
			t.Errorf("miss without its lead-in: %+v", m)
		}
	}
}

func TestLeadInsRuns(t *testing.T) {
	seg := func(pid, sid, text string) *segment {
		return &segment{PolicyID: json.RawMessage(pid), SegmentID: json.RawMessage(sid), Text: text}
	}
	segs := []*segment{
		seg("1", "0", "We share your data with:"), seg("1", "1", "carriers;"),
		seg("2", "0", "banks."),                                               // another policy
		seg("3", "0", "We share your data with:"), seg("3", "2", "carriers;"), // a gap
		seg(`"a"`, `"x"`, "We share your data with:"), seg(`"a"`, `"y"`, "carriers;"), // ids that are not numbers: file order
	}
	leads := make([]string, len(segs))
	leadIns(segs, leads)
	want := []string{"", "We share your data with:", "", "", "", "", "We share your data with:"}
	for i := range want {
		if leads[i] != want[i] {
			t.Errorf("segment %d: lead-in %q, want %q", i, leads[i], want[i])
		}
	}
}

// A segment that gives its section's heading is read under it: a paragraph
// under "Cookies" about turning "them" off is about cookies, an item under
// "Information we collect" names data; the same paragraph without a
// heading says neither.
func TestRunSegmentHeadings(t *testing.T) {
	rep := run(t, Options{Corpus: "testdata/heading", Misses: true})
	for _, id := range []string{"cookies", "data"} {
		if c := rep.Segment.Topics[id]; c.TP != 1 || c.FP != 0 || c.FN != 0 {
			t.Errorf("%s: %+v; misses %+v", id, c, rep.Misses)
		}
	}
}
