package rules

import (
	"context"
	"strings"
	"testing"

	"github.com/vigie-audit/vigie/analyzer"
)

func extractMarkdown(t *testing.T, text string) *analyzer.Document {
	t.Helper()
	doc, err := analyzer.Extract(context.Background(), strings.NewReader(text), analyzer.Input{URL: "policy.md"})
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// evaluateMarkdown assesses a Markdown policy with the built-in pack.
func evaluateMarkdown(t *testing.T, text string) *Assessment {
	t.Helper()
	p, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	a, err := p.Evaluate(context.Background(), extractMarkdown(t, text))
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// headingEvidence returns the quote of topic id's heading cue, if any.
func headingEvidence(a *Assessment, id string) *Evidence {
	for i, e := range a.Topic(id).Evidence {
		if e.Rule == id+".heading" {
			return &a.Topic(id).Evidence[i]
		}
	}
	return nil
}

// A policy's title names the document, not its sections: "Privacy and
// Cookie Policy" cues cookies in none of them, while a section heading
// "Cookies" does, and so does a title's wording when it heads a section
// rather than the document.
func TestTitleIsNoHeadingCue(t *testing.T) {
	// Neither sentence under a heading fires a rule of the heading's topic
	// of its own: only the heading can make it evidence.
	const rights = "## Your rights\n\nThe paragraphs below explain them one by one.\n"
	const cookies = "## Cookies\n\nThe tables below list them by provider and duration.\n"
	const contact = "## Contact\n\nWrite to the address below with any question.\n"
	const intro = "We wrote this page in plain words. It tells you what happens when you use our scales and our app. Read it before you pair a device. Ask us when something is unclear. We update it when our services change, and we date every change at the top of the page. Older versions stay available on request.\n\n"

	for _, title := range []string{"Privacy and Cookie Policy", "Privacy & Cookie Policy", "Cookies and Privacy Policy"} {
		a := evaluateMarkdown(t, "# "+title+"\n\n"+rights+"\n"+contact)
		if tr := a.Topic("cookies"); tr.Strength != 0 {
			t.Errorf("title %q: cookies %.3f (%s), want 0: the title cues no section; evidence %+v", title, tr.Strength, tr.Level, tr.Evidence)
		}
		if e := headingEvidence(a, "rights"); e == nil || e.Section != title+" > Your rights" {
			t.Errorf("title %q: the h2 %q should still cue rights: %+v", title, "Your rights", a.Topic("rights").Evidence)
		}

		a = evaluateMarkdown(t, "# "+title+"\n\n"+rights+"\n"+cookies)
		e := headingEvidence(a, "cookies")
		if e == nil {
			t.Fatalf("title %q, h2 Cookies: no cookies heading cue: %+v", title, a.Topic("cookies"))
		}
		if e.Section != title+" > Cookies" || !strings.HasPrefix(e.Text, "The tables below") {
			t.Errorf("title %q, h2 Cookies: cue on %q in %q, want the sentence under Cookies", title, e.Text, e.Section)
		}
		if n := len(a.Topic("cookies").Evidence); n != 1 {
			t.Errorf("title %q, h2 Cookies: %d cookies quotes, want the one under the h2: %+v", title, n, a.Topic("cookies").Evidence)
		}
	}

	// After an introduction, the first heading is a section heading, not
	// the title: it cues the sections under it.
	a := evaluateMarkdown(t, intro+"## Privacy & Cookie Policy\n\n### Your rights\n\nThe paragraphs below explain them one by one.\n")
	if e := headingEvidence(a, "cookies"); e == nil || e.Section != "Privacy & Cookie Policy > Your rights" {
		t.Errorf("a heading after an introduction is no title and should cue cookies under it: %+v", a.Topic("cookies"))
	}
}

// A topic's passage veto does not read the title either: a policy titled
// "Data Security and Privacy Policy" would otherwise veto every data rule
// of the document (data's veto of passages about security).
func TestTitleIsNoPassageVeto(t *testing.T) {
	const section = "## Information we collect\n\nWe collect your name and e-mail address when you create an account.\n"
	a := evaluateMarkdown(t, "# Data Security and Privacy Policy\n\n"+section)
	if e := a.Topic("data").Evidence; len(e) == 0 || e[0].Rule != "data.collection" {
		t.Errorf("under the title %q, data.collection should fire on the collection statement: %+v", "Data Security and Privacy Policy", e)
	}
	// The same words heading a section still veto its passages.
	a = evaluateMarkdown(t, "# Privacy Policy\n\n## Data security\n\nWe collect your name and e-mail address when you create an account.\n")
	for _, e := range a.Topic("data").Evidence {
		if strings.HasSuffix(e.Section, "Data security") && e.Rule != "data.heading" {
			t.Errorf("a %q section vetoes data rules, but %s fired there: %q", "Data security", e.Rule, e.Text)
		}
	}
}

func TestHasTitle(t *testing.T) {
	const body = "We collect your name and e-mail address when you create an account, and we keep them while the account is open.\n\n"
	tests := []struct {
		name, text string
		want       bool
	}{
		{"sole h1", "# Privacy Policy\n\n" + body + "## Your rights\n\n" + body + "### Access\n\n" + body, true},
		{"sole h1, no text of its own", "# Privacy Policy\n\n## Your rights\n\n" + body, true},
		{"sole h2", "## Privacy Policy\n\n" + body + "### Cookies\n\n" + body, true},
		{"a line of chrome before it", "Updated 1 May 2025.\n\n# Privacy Policy\n\n" + body + "## Cookies\n\n" + body + body, true},
		{"siblings", "# Privacy Policy\n\n" + body + "# Cookies\n\n" + body, false},
		{"h2 siblings", "## Privacy Policy\n\n" + body + "## Cookies\n\n" + body, false},
		{"after an introduction", body + body + "## Cookies\n\n" + body, false},
		{"no heading", body, false},
	}
	for _, tt := range tests {
		if got := hasTitle(extractMarkdown(t, tt.text)); got != tt.want {
			t.Errorf("%s: hasTitle = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// The engine and the reference agree on titled and untitled documents.
func TestTitleMatchesReference(t *testing.T) {
	p, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	const body = "## Your rights\n\nThe paragraphs below explain them one by one.\n\n## Cookies\n\nWe use cookies to keep you signed in.\n"
	for _, text := range []string{
		"# Privacy & Cookie Policy\n\n" + body,
		"# Data Security and Privacy Policy\n\n## Information we collect\n\nWe collect your name and e-mail address when you create an account.\n",
		"We collect your name and e-mail address when you create an account, and we keep them while the account is open.\n\n## Privacy & Cookie Policy\n\n" + body,
		"# Privacy & Cookie Policy\n\nWe collect your name.\n\n# Cookies\n\nWe use cookies to keep you signed in.\n",
	} {
		compareWithReference(t, p, extractMarkdown(t, text), "en")
	}
}

// A heading cues its topic in the sentence that opens the section, unless
// that sentence holds a near-miss of the topic: the section's words then
// mean something else, a biscuit under "Porch-party cookies", a snack under
// "Children", and the heading names no section on the topic. Where the
// opening is a statement, the cue stands. The engine and the reference
// agree on each.
func TestHeadingCueNotOverNearMiss(t *testing.T) {
	p, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	const intro = "# Watchpost blog\n\nNews from the team that makes the Watchpost doorbell. We publish a new story every week.\n\n"
	for _, tc := range []struct {
		name, topic, section string
		want                 bool
	}{
		{"recipe under a cookie heading", "cookies",
			"## Porch-party cookies for trick-or-treat night\n\nOur engineers love these chocolate chip cookies: cream the butter with the sugar and bake them for eleven minutes.\n", false},
		{"snack under a children heading", "children",
			"## Children\n\nA healthy snack for the kids takes five minutes: slice two apples and add a spoon of peanut butter.\n", false},
		{"statement under a cookie heading", "cookies",
			"## Porch-party cookies\n\nThe blog sets one session cookie and nothing else, and it keeps no record of your visit.\n", true},
		{"plain section under a cookie heading", "cookies",
			"## Cookies\n\nThe tables below list them by provider and duration.\n", true},
		// A question heading answered in one word: the answer is the
		// section's content, which the cue falls on.
		{"one-word answer under a sharing question", "sharing",
			"## Do you share my data with any other 3rd parties?\n\n- No.\n", true},
		{"one word that is no answer", "sharing",
			"## Do you share my data with any other 3rd parties?\n\n- Maybe\n", false},
	} {
		doc := extractMarkdown(t, intro+tc.section)
		a, err := p.Evaluate(context.Background(), doc)
		if err != nil {
			t.Fatal(err)
		}
		if got := a.Topic(tc.topic).Covered; got != tc.want {
			t.Errorf("%s: %s covered = %v, want %v (evidence %+v)", tc.name, tc.topic, got, tc.want, a.Topic(tc.topic).Evidence)
		}
		compareWithReference(t, p, doc, "en")
	}
}
