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

// A heading cue is evidence of its own, even on the sentence it falls on:
// a security heading (weak alone) over a weak statement covers the topic
// whether the statement opens the section or follows its opening; the
// heading alone does not, nor the statement alone.
func TestHeadingCueCombinesWithOpeningSentence(t *testing.T) {
	ctx := context.Background()
	p, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	security := func(t *testing.T, policy string) TopicResult {
		t.Helper()
		doc, err := analyzer.Extract(ctx, strings.NewReader(policy), analyzer.Input{URL: "policy.md"})
		if err != nil {
			t.Fatal(err)
		}
		a, err := p.Evaluate(ctx, doc)
		if err != nil {
			t.Fatal(err)
		}
		return *a.Topic("security")
	}
	for _, tc := range []struct {
		name, policy string
		covered      bool
	}{
		{"opening", "# Privacy\n\n## Security\n\nYour readings are stored only locally on your phone.\n", true},
		{"after the opening", "# Privacy\n\n## Security\n\nThis section is short.\n\nYour readings are stored only locally on your phone.\n", true},
		{"heading alone", "# Privacy\n\n## Security\n\nThis section is short.\n", false},
		{"statement alone", "# Privacy\n\n## Data we collect\n\nYour readings are stored only locally on your phone.\n", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := security(t, tc.policy)
			if r.Covered != tc.covered {
				t.Errorf("security covered = %v (strength %.3f, rules %v), want %v", r.Covered, r.Strength, r.Rules, tc.covered)
			}
		})
	}
}
