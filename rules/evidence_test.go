package rules

import (
	"context"
	"strings"
	"testing"

	"github.com/vigie-audit/vigie/analyzer"
)

// Quotes go by rank: the three clear statements of a rights section are
// quoted, not one of them beside a weaker mention gathered from the
// cookies section.
func TestEvidenceByRank(t *testing.T) {
	const policy = `# Privacy policy

## Cookies

We use cookies to keep you signed in. You can change your cookie choices at any time with the Cookie settings button at the bottom of every page.

## Your rights

You have the right to access, rectify and erase your personal data and to object to its processing.

You may withdraw your consent at any time.

You may lodge a complaint with the supervisory authority.
`
	ctx := context.Background()
	doc, err := analyzer.Extract(ctx, strings.NewReader(policy), analyzer.Input{URL: "policy.md"})
	if err != nil {
		t.Fatal(err)
	}
	p, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	a, err := p.Evaluate(ctx, doc)
	if err != nil {
		t.Fatal(err)
	}
	for _, tr := range a.Topics {
		if tr.ID != "rights" {
			continue
		}
		if len(tr.Evidence) != MaxEvidence {
			t.Fatalf("rights: %d quotes, want %d: %+v", len(tr.Evidence), MaxEvidence, tr.Evidence)
		}
		for i, e := range tr.Evidence {
			if !strings.HasSuffix(e.Section, "Your rights") {
				t.Errorf("rights quote %d from %q: %q", i, e.Section, e.Text)
			}
			if i > 0 && e.Strength > tr.Evidence[i-1].Strength {
				t.Errorf("rights quote %d (%.3f) stronger than the one before (%.3f)", i, e.Strength, tr.Evidence[i-1].Strength)
			}
		}
		return
	}
	t.Fatal("no rights topic")
}
