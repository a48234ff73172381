package rules

import (
	"slices"
	"testing"
)

// The service names a title gives: runs of capitalised words holding a
// word the pack reads and one it does not, as the text writes them.
func TestTitleNames(t *testing.T) {
	p, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		title, text string
		want        []string
	}{
		{"Datenschutzrichtlinie Tank Tracker", "Tank Tracker speichert nichts.", []string{"Tank Tracker"}},
		// A case change joins the words of one name.
		{"Privacy Policy - MacroTracker Fitness", "MacroTracker Fitness rispetta la privacy.", []string{"MacroTracker"}},
		{"Privacy Policy for Nestor Security Camera", "The Nestor Security Camera records video.", []string{"Nestor Security"}},
		// Words the pack reads, all of them, are for its near misses
		// ("home security camera") to tell.
		{"Privacy Policy for Home Security Camera", "The Home Security Camera records video.", nil},
		// Policy words and topic words alone name no service.
		{"Cookie Policy", "This Cookie Policy explains how we use cookies.", nil},
		{"Your Privacy Rights", "Your Privacy Rights are listed below.", nil},
		{"Children's Privacy Notice", "This Children's Privacy Notice applies to kids.", nil},
		// A title in capitals tells no name from other words.
		{"TANK TRACKER PRIVACY POLICY", "TANK TRACKER stores nothing.", nil},
		// A name the text never writes is not kept.
		{"Datenschutzrichtlinie Tank Tracker", "Die App speichert nichts.", nil},
		// Punctuation ends a name.
		{"Tank, Tracker", "Tank, Tracker.", nil},
	} {
		m := p.getMatcher()
		got := p.namesIn(&m.nameToks, tc.title, tc.text, nil)
		p.putMatcher(m)
		if !slices.Equal(got, tc.want) {
			t.Errorf("names of %q in %q: %q, want %q", tc.title, tc.text, got, tc.want)
		}
	}
}

// A policy that names its service "Tank Tracker" discloses no tracker
// where it writes the name, and still does where it speaks of trackers.
func TestTitleNameIsNoDisclosure(t *testing.T) {
	const intro = "# Datenschutzrichtlinie Tank Tracker\n\n## Allgemeines\n\n"
	a := evaluateMarkdown(t, intro+"Tank Tracker speichert keine Daten in der Cloud.\n")
	if c := a.Topic("cookies"); c.Covered || c.Strength != 0 {
		t.Errorf("the app's name read as a tracker: cookies %.2f, evidence %+v", c.Strength, c.Evidence)
	}
	// Without the title, the same sentence reads "Tracker" as the word:
	// the mask is the name's, not the sentence's.
	a = evaluateMarkdown(t, "## Allgemeines\n\nTank Tracker speichert keine Daten in der Cloud.\n")
	if c := a.Topic("cookies"); c.Strength == 0 {
		t.Errorf("without a title naming the app, cookies %.2f: the sentence should fire as it did before names were masked", c.Strength)
	}
	a = evaluateMarkdown(t, intro+"Tank Tracker verwendet Tracker von Drittanbietern, um die Nutzung zu messen.\n")
	if c := a.Topic("cookies"); !c.Covered {
		t.Errorf("trackers named beside the app's name: cookies %.2f (%s), want covered; evidence %+v", c.Strength, c.Level, c.Evidence)
	}
	// A sentence with both the name and a near miss masks both.
	a = evaluateMarkdown(t, intro+"Tank Tracker ist kein GPS-Tracker.\n")
	if c := a.Topic("cookies"); c.Strength != 0 {
		t.Errorf("name and near miss in one sentence: cookies %.2f, evidence %+v", c.Strength, c.Evidence)
	}
	a = evaluateMarkdown(t, intro+"Tank Tracker ist kein GPS-Tracker, verwendet aber Cookies, um die Nutzung zu messen.\n")
	if c := a.Topic("cookies"); !c.Covered || len(c.Evidence) == 0 || c.Evidence[0].Rule != "cookies.use" {
		t.Errorf("cookies named beside the name and a near miss: cookies %.2f (%s), evidence %+v, want covered by cookies.use", c.Strength, c.Level, c.Evidence)
	}
	// A case change joins the words of a name.
	a = evaluateMarkdown(t, "# Privacy Policy - MacroTracker Fitness\n\n## About\n\nMacroTracker Fitness utilizza servizi forniti da Google.\n")
	if c := a.Topic("cookies"); c.Strength != 0 {
		t.Errorf("MacroTracker read as a tracker: cookies %.2f, evidence %+v", c.Strength, c.Evidence)
	}
}
