package rules

import (
	"context"
	"testing"
)

// A number joined across a hyphen ("1-8", joined 18) has no number value;
// looking it up must not leave the token 18 matching no number in the
// matcher's caches (the sentences of one document, or of the documents
// a matcher served before).
func TestJoinedDigitsKeepNumbers(t *testing.T) {
	p, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	p.free = make(chan *matcher, 1) // one matcher, whose caches carry over
	adults := "This service is intended for adults over the age of 18."
	for _, before := range []string{"Pick a digit in the range 1-8 now.", "Call 1-8 or 18-1."} {
		for _, doc := range []string{before, adults} {
			d := PassageDocument(doc)
			d.Language = "en"
			a, err := p.Evaluate(context.Background(), d)
			if err != nil {
				t.Fatal(err)
			}
			if doc == adults && a.Topic("children").Strength < 0.85 {
				t.Errorf("after %q: children %.3f on %q, want the age limit (0.85)", before, a.Topic("children").Strength, adults)
			}
		}
	}
	// In one document too.
	p.free = make(chan *matcher, 1)
	d := PassageDocument("Pick a digit in the range 1-8 now. " + adults)
	d.Language = "en"
	a, err := p.Evaluate(context.Background(), d)
	if err != nil {
		t.Fatal(err)
	}
	if a.Topic("children").Strength < 0.85 {
		t.Errorf("children %.3f, want the age limit (0.85) after a 1-8 in the same passage", a.Topic("children").Strength)
	}
}
