package rules

import (
	"context"
	"reflect"
	"slices"
	"testing"

	"github.com/vigie-audit/vigie/analyzer"
)

// TestOrderIndependent evaluates the same documents in two orders, each
// with a pack of its own: a document's assessment must not depend on what
// the pack's matchers read before (their caches outlive a document).
func TestOrderIndependent(t *testing.T) {
	def, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	var docs []*analyzer.Document
	for _, name := range []string{"testdata/bench/policy_en.md", "testdata/bench/policy_fr.html"} {
		d, _ := policyDoc(t, name)
		docs = append(docs, d)
	}
	// Words the tokenizer reads in more than one way (joined at a hyphen,
	// an apostrophe or a dot, numbers with separators): the forms one
	// order meets first and the other last.
	for _, text := range []string{
		"Toys for ages 1-3 and 4-6; the 13-inch screen; e-mail and email; co-operate.",
		"You must be at least 13 years old. Children under 16 need consent.",
		"We store 1.000 records for 12 months; l'adresse e-mail; d'un enfant de moins de 15 ans.",
		"Kinder unter 16 Jahren; E-Mail-Adresse; z.B. IP-Adresse; 1-2-3.",
	} {
		docs = append(docs, PassageDocument(text))
	}
	for _, ex := range packExamples(def) {
		docs = append(docs, PassageDocument(ex.text))
	}
	assess := func(order []int) []*Assessment {
		p, err := Load(DefaultFS())
		if err != nil {
			t.Fatal(err)
		}
		out := make([]*Assessment, len(docs))
		for _, i := range order {
			a, err := p.Evaluate(context.Background(), docs[i])
			if err != nil {
				t.Fatal(err)
			}
			out[i] = a
		}
		return out
	}
	forward := make([]int, len(docs))
	for i := range forward {
		forward[i] = i
	}
	backward := slices.Clone(forward)
	slices.Reverse(backward)
	a, b := assess(forward), assess(backward)
	bad := 0
	for i := range docs {
		if !reflect.DeepEqual(a[i], b[i]) {
			if bad++; bad <= 5 {
				t.Errorf("document %d (%.80q) is assessed differently when read after the others:\nforward  %+v\nbackward %+v",
					i, docs[i].Text, a[i], b[i])
			}
		}
	}
	if bad > 5 {
		t.Errorf("%d documents in all", bad)
	}
}
