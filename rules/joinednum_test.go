package rules

import (
	"context"
	"testing"
)

// A joined key of digits ("1-3" joins to "13") has no number value: met
// first, it must not stand for the token "13" in the matcher's key cache,
// or "under the age of 13" loses its number atom in every later sentence
// (and the result depends on what the matcher read before).
func TestJoinedNumberKeepsTokenNumber(t *testing.T) {
	const age = "You must be at least 13 years old to register."
	for _, text := range []string{
		age,
		"We sell toys for ages 1-3 and 4-6. " + age,
	} {
		p, err := Load(DefaultFS()) // a fresh pack: a matcher with an empty cache
		if err != nil {
			t.Fatal(err)
		}
		a, err := p.Evaluate(context.Background(), PassageDocument(text))
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, ev := range a.Topic("children").Evidence {
			found = found || ev.Rule == "children.age_limit"
		}
		if !found {
			t.Errorf("%q: children.age_limit did not fire: %+v", text, a.Topic("children").Evidence)
		}
	}
}
