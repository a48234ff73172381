package rules

import (
	"context"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"github.com/vigie-audit/vigie/analyzer"
)

// comparePruned fails t when Evaluate, which stops trying decided rules,
// assesses doc differently from a full evaluation; it returns the numbers
// of hits found with and without pruning.
func comparePruned(t *testing.T, p *Pack, name string, doc *analyzer.Document) (pruned, full int) {
	t.Helper()
	ctx := context.Background()
	for _, opts := range []Options{{}, {Passage: true}} {
		got, np, err := p.evaluate(ctx, doc, opts, true)
		if err != nil {
			t.Fatal(err)
		}
		want, nf, err := p.evaluate(ctx, doc, opts, false)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s (passage %v): pruned assessment differs:\n got %+v\nwant %+v", name, opts.Passage, got, want)
		}
		if np > nf {
			t.Errorf("%s: %d hits pruned, %d in full", name, np, nf)
		}
		pruned, full = np, nf
	}
	return pruned, full
}

func TestDecidedKeepsAssessment(t *testing.T) {
	p, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"testdata/bench/policy_en.md", "testdata/bench/policy_fr.html"} {
		d, _ := policyDoc(t, name)
		pruned, full := comparePruned(t, p, name, d)
		// The test documents are long enough for pruning to apply.
		if pruned >= full {
			t.Errorf("%s: pruning kept all %d hits", name, full)
		}
	}
	// Documents evaluated one after another on the same matcher: the
	// skips of one must not leak into the next.
	d, _ := policyDoc(t, "testdata/bench/policy_en.md")
	for _, tp := range p.topics {
		for _, r := range tp.Rules {
			for _, ex := range r.examples {
				for _, s := range ex.Match {
					comparePruned(t, p, r.ID, PassageDocument(s.Value))
				}
			}
		}
		comparePruned(t, p, "policy_en.md", d)
	}
}

// TestDecidedKeepsAssessmentCorpus compares pruned and full evaluations on
// every file of VIGIE_BENCH_CORPUS (skipped when unset).
func TestDecidedKeepsAssessmentCorpus(t *testing.T) {
	p, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range benchCorpus(t) {
		comparePruned(t, p, f.name, corpusDoc(t, f))
	}
}

// skipPatterns, with its lists of patterns alone in their group, must skip
// exactly the patterns whose eager groups are all skipped, whatever the
// order groups are skipped in.
func TestSkipPatternsMatchesPlain(t *testing.T) {
	p, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	var eager []int // the groups a rule's decision may skip
	for _, t := range p.topics {
		for _, r := range t.Rules {
			eager = append(eager, r.trigger)
			eager = append(eager, r.context...)
			eager = append(eager, r.with...)
		}
	}
	slices.Sort(eager)
	eager = slices.Compact(eager)
	rng := rand.New(rand.NewPCG(5, 6))
	var d decided
	for range 20 {
		d.start(p, true, 0)
		rng.Shuffle(len(eager), func(i, j int) { eager[i], eager[j] = eager[j], eager[i] })
		for _, g := range eager[:rng.IntN(len(eager))] {
			d.skip[g] = true
			d.skipPatterns(p, g)
		}
		for pi := range p.patterns {
			want := true
			for _, eg := range p.patterns[pi].eagerGroups {
				want = want && d.skip[eg]
			}
			// A pattern of no skipped group is never looked at.
			inSkipped := false
			for g := range p.groups {
				inSkipped = inSkipped || d.skip[g] && slices.Contains(p.groups[g].pats, int32(pi))
			}
			if inSkipped && d.skipPat[pi] != want {
				t.Fatalf("pattern %d: skipPat = %v, want %v", pi, d.skipPat[pi], want)
			}
			if !inSkipped && d.skipPat[pi] {
				t.Fatalf("pattern %d of no skipped group is skipped", pi)
			}
		}
	}
}
