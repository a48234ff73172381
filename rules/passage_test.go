package rules

import (
	"context"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"unicode"
	"unicode/utf8"

	"github.com/vigie-audit/vigie/analyzer"
)

const passagePack = `schema: 1
name: passage
version: 1.0.0
thresholds: {covered: 0.5, weak: 0.2}
topics:
  - {id: data, weight: 1}
  - {id: sharing, weight: 1}
`

// The data topic: a rule with its own passage veto, and one without.
const passageData = `schema: 1
id: data
title: Data
heading:
  strength: 0.6
  match: {en: ["information we collect"]}
  examples: {en: {match: ["Information we collect"]}}
rules:
  - id: data.collect
    strength: 0.8
    match: {en: ["we collect ~3 (name|email)"]}
    passage_unless: {en: ["^ california", "shine the light"]}
    examples:
      en:
        match: ["We collect your name."]
        no_match:
          - "California residents. We collect your name."
          - "We collect stamps."
          # a heading run into the passage: the vetoes read past it
          - "Your choices. California residents may ask us. We collect your name."
          - "Our notes: california residents may ask us. We collect your name."
  - id: data.mention
    strength: 0.3
    match: {en: ["personal data"]}
    examples:
      en:
        match: ["California residents. Your personal data."]
        no_match: ["data"]
`

// The sharing topic: a veto for every rule of the topic.
const passageSharing = `schema: 1
id: sharing
title: Sharing
passage_unless:
  en: ["^ (cookies|security)"]
  fr: ["^ cookies"]
rules:
  - id: sharing.partners
    strength: 0.8
    match: {en: ["share ~4 partners"]}
    examples:
      en:
        match: ["We share your name with partners."]
        no_match: ["Cookies: we share your name with partners.", "We share nothing."]
  - id: sharing.sell
    strength: 0.8
    match: {en: ["sell ~4 data"]}
    examples:
      en:
        match: ["We do not sell your data."]
        no_match: ["Security. We do not sell your data."]
`

func loadPassagePack(t *testing.T) *Pack {
	t.Helper()
	return loadPassageTopics(t, passageData, passageSharing)
}

// loadPassageTopics loads the pack of passagePack with the given topic
// files.
func loadPassageTopics(t *testing.T, data, sharing string) *Pack {
	t.Helper()
	p, err := Load(fstest.MapFS{
		"pack.yaml":    {Data: []byte(passagePack)},
		"data.yaml":    {Data: []byte(data)},
		"sharing.yaml": {Data: []byte(sharing)},
	})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// passageDoc builds a document of sections, each a heading path and its
// passages (each passage's sentences separated by " | "; a passage
// starting with "label=X:" is a table cell labelled X).
func passageDoc(secs ...[]string) *analyzer.Document {
	doc := &analyzer.Document{Language: "en"}
	for _, sec := range secs {
		s := analyzer.Section{}
		if sec[0] != "" {
			s.Path = strings.Split(sec[0], " > ")
		}
		for _, text := range sec[1:] {
			seg := analyzer.Segment{Kind: analyzer.KindParagraph}
			if rest, ok := strings.CutPrefix(text, "label="); ok {
				seg.Kind = analyzer.KindTableCell
				seg.Label, text, _ = strings.Cut(rest, ":")
			}
			seg.Text = strings.ReplaceAll(text, " | ", " ")
			for _, st := range strings.Split(text, " | ") {
				seg.Sentences = append(seg.Sentences, analyzer.Sentence{Text: st})
			}
			s.Segments = append(s.Segments, seg)
		}
		doc.Sections = append(doc.Sections, s)
	}
	return doc
}

// firedIn lists, per sentence of the document, the rules that fired on it
// ("" for a heading cue).
func firedIn(t *testing.T, p *Pack, doc *analyzer.Document) map[string][]string {
	t.Helper()
	hits, sents, err := p.collect(context.Background(), doc, "en")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for _, h := range hits {
		id := ""
		if h.rule != nil {
			id = h.rule.ID
		}
		out[sents[h.sent].text] = append(out[sents[h.sent].text], id)
	}
	return out
}

func TestPassageUnless(t *testing.T) {
	p := loadPassagePack(t)
	doc := passageDoc(
		// A heading vetoes data.collect in every passage of its section,
		// at any level of the path; data.mention still fires.
		[]string{"Your rights > California privacy rights",
			"We collect your name.",
			"We collect your email. | Your personal data stays here."},
		// A first sentence vetoes the rest of its passage, not the next
		// passage.
		[]string{"Other",
			"Shine the light. | We collect your name. | We share your email with partners.",
			"We collect your email."},
		// A topic-level veto holds for every rule of the topic; the rule
		// only in a later sentence is vetoed too.
		[]string{"Cookies",
			"We share your name with partners. | We do not sell your data."},
		// A table cell's label vetoes like a heading.
		[]string{"Table",
			"label=Security:We share your name with partners.",
			"label=Contacts:We share your name with partners."},
		// Patterns anchored with ^ match at the start of a heading or
		// first sentence only; heading cues stay.
		[]string{"Information we collect",
			"We collect your name in California.",
			"Our security. | We share your email with partners."},
	)
	got := firedIn(t, p, doc)
	want := map[string][]string{
		"Your personal data stays here.":      {"data.mention"},
		"We collect your email.":              {"data.collect"},
		"We share your email with partners.":  {"sharing.partners", "sharing.partners"},
		"We collect your name in California.": {"data.collect", ""},
		"Our security.":                       nil,
		"We share your name with partners.":   {"sharing.partners"},
		"We collect your name.":               nil,
		"We do not sell your data.":           nil,
		"Shine the light.":                    nil,
	}
	for s, w := range want {
		g := got[s]
		slices.Sort(g)
		slices.Sort(w)
		if !slices.Equal(g, w) {
			t.Errorf("%q: fired %q, want %q", s, g, w)
		}
	}
	// "We share your name with partners." fires once: in the Contacts cell,
	// not under Cookies nor in the Security cell.
	if n := len(got["We share your name with partners."]); n != 1 {
		t.Errorf("sharing.partners fired %d times on the vetoed passages' sentence, want 1", n)
	}
	compareWithReference(t, p, doc, "en")
	compareWithReference(t, p, doc, "")
	comparePruned(t, p, "passage", doc)

	checkExamples(t, p)
}

// TestPassageUnlessLanguage: a topic's veto applies in the document's
// language and English only, like every pattern. (The heading is a
// section's, under the document's title, which vetoes nothing.)
func TestPassageUnlessLanguage(t *testing.T) {
	p := loadPassagePack(t)
	doc := passageDoc([]string{"Policy > Cookies", "We share your name with partners."})
	doc.Language = "de"
	if got := firedIn(t, p, doc); len(got["We share your name with partners."]) != 0 {
		t.Errorf("English veto not applied to a German document: %v", got)
	}
	doc = passageDoc([]string{"Policy > Kekse", "We share your name with partners."})
	if got := firedIn(t, p, doc); len(got["We share your name with partners."]) != 1 {
		t.Errorf("veto applied without a match: %v", got)
	}
}

// TestTopicPassageOptOut: a rule with topic_passage_unless: false fires
// where its topic's passage veto holds, and its own passage veto still
// applies.
func TestTopicPassageOptOut(t *testing.T) {
	sharing := strings.Replace(passageSharing, `match: {en: ["sell ~4 data"]}`,
		"match: {en: [\"sell ~4 data\"]}\n    topic_passage_unless: false\n    passage_unless: {en: [\"^ cookies\"]}", 1)
	sharing = strings.Replace(sharing, `no_match: ["Security. We do not sell your data."]`,
		`no_match: ["Cookies. We do not sell your data."]`, 1)
	p := loadPassageTopics(t, passageData, sharing)
	doc := passageDoc(
		[]string{"Policy > Security", "We do not sell your data. | We share your name with partners."},
		[]string{"Policy > Cookies", "We do not sell your data, ever."},
	)
	got := firedIn(t, p, doc)
	if g := got["We do not sell your data."]; !slices.Equal(g, []string{"sharing.sell"}) {
		t.Errorf("under Security: fired %q, want the opted-out rule", g)
	}
	if g := got["We share your name with partners."]; len(g) != 0 {
		t.Errorf("under Security: the topic's veto no longer holds for the other rules: %q", g)
	}
	if g := got["We do not sell your data, ever."]; len(g) != 0 {
		t.Errorf("under Cookies: the rule's own veto did not hold: %q", g)
	}
	compareWithReference(t, p, doc, "en")
	comparePruned(t, p, "passage opt-out", doc)
	checkExamples(t, p)

	// On a topic without a passage veto, the field is an error.
	_, err := Load(fstest.MapFS{
		"pack.yaml":    {Data: []byte(passagePack)},
		"data.yaml":    {Data: []byte(strings.Replace(passageData, "    strength:", "    topic_passage_unless: false\n    strength:", 1))},
		"sharing.yaml": {Data: []byte(passageSharing)},
	})
	if want := "topic_passage_unless is set but the topic has no passage_unless"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("load error %v, want it to contain %q", err, want)
	}
}

func TestPassageUnlessErrors(t *testing.T) {
	for _, tc := range []struct{ topic, want string }{
		{strings.Replace(passageSharing, `en: ["^ (cookies|security)"]`, `en: ["(cookies"]`, 1),
			`sharing.yaml:5: topic sharing passage_unless: pattern "(cookies"`},
		{strings.Replace(passageSharing, `fr: ["^ cookies"]`, `FR: ["^ cookies"]`, 1),
			`topic sharing passage_unless: "FR" is not a language tag`},
		{strings.Replace(passageSharing, "passage_unless:\n  en: [\"^ (cookies|security)\"]\n  fr: [\"^ cookies\"]", "passage_unless: {}", 1),
			`sharing.yaml: topic sharing passage_unless: no patterns`},
		{strings.Replace(passageSharing, `match: {en: ["sell ~4 data"]}`, "match: {en: [\"sell ~4 data\"]}\n    passage_unless: {en: [\"a ~13 b\"]}", 1),
			`sharing.yaml:18: rule sharing.sell passage_unless: pattern "a ~13 b"`},
		{strings.Replace(passageSharing, `match: {en: ["sell ~4 data"]}`, "match: {en: [\"sell ~4 data\"]}\n    passage_unles: {en: [x]}", 1),
			`sharing.yaml:18: unknown field "passage_unles"`},
	} {
		_, err := Load(fstest.MapFS{
			"pack.yaml":    {Data: []byte(passagePack)},
			"data.yaml":    {Data: []byte(passageData)},
			"sharing.yaml": {Data: []byte(tc.topic)},
		})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("load error %v, want it to contain %q", err, tc.want)
		}
	}
}

func TestLeadShape(t *testing.T) {
	for _, tc := range []struct {
		text    string
		heading bool
		label   string // the text before the colon, "" for none
	}{
		{"Cookies.", true, ""},
		{"Your choices.", true, ""},
		{"3. Information We Collect.", true, ""},
		{"VII. HOW DO WE SECURE YOUR INFORMATION?", true, ""},
		{"How do we use your data?", true, ""},
		{"Do Not Track.", true, ""},
		{"Refusing cookies on this site.", true, ""},
		{"Ihre Rechte.", true, ""},
		{"Vos droits.", true, ""},
		{"Datenschutz bei Minderjährigen", true, ""},
		// Statements: a subject pronoun opens them, or a finite
		// auxiliary, modal or copula.
		{"We use cookies.", false, ""},
		{"Cookies are small files.", false, ""},
		{"You can opt out.", false, ""},
		{"Wir verwenden Cookies.", false, ""},
		{"Nous utilisons des cookies.", false, ""},
		{"Les cookies sont des fichiers.", false, ""},
		// Longer than a heading.
		{"Your California privacy rights and how to use them today.", false, ""},
		{"Information that we collect from you when you visit us.", false, ""},
		// Labels.
		{"Email address: we use it to reply to you.", false, "Email address"},
		{"Social networks: you may connect your account.", false, "Social networks"},
		{"1. Cookies: we use cookies.", false, "1. Cookies"},
		{"Sicherheit: Wir verschlüsseln Ihre Daten.", false, "Sicherheit"},
		{"Security:", true, ""},
		{"We collect the following: your name.", false, ""},
		{"If you visit our website from any device or browser: we log it.", false, ""},
		{"See https://example.com/privacy for details.", true, ""},
		{"Hours 10:30 to 12:00", true, ""},
		{"Security: Our Measures.", true, "Security"},
	} {
		var tk tokens
		tk.tokenize(tc.text)
		heading, after := leadShape(&tk, tc.text)
		label := ""
		if after > 0 {
			label = strings.TrimSuffix(tc.text[:after], ":")
		}
		if heading != tc.heading || label != tc.label {
			t.Errorf("%q: heading %v, label %q; want %v, %q", tc.text, heading, label, tc.heading, tc.label)
		}
	}
}

// TestPassageGluedHeading: a heading run into a passage ("Contents.",
// "Our notes:") lets the passage's own opening set its vetoes.
func TestPassageGluedHeading(t *testing.T) {
	p := loadPassagePack(t)
	doc := passageDoc(
		[]string{"A",
			// A heading-like first sentence: the second is read too.
			"Contents. | California residents may ask us. | We collect your name.",
			// A veto found only in the second sentence removes the hit of
			// the first: the rule fires on no sentence of the passage.
			"Why we collect your email? | California law applies here.",
			// A label closed by a colon: ^ anchors after it too.
			"Our practices: california residents may ask us. | We collect your email and name.",
			// A topic's veto, after a label.
			"A note: security comes first. | We share your name with partners.",
		},
		[]string{"B",
			// A statement opens the passage: the second sentence is no
			// opening.
			"We collect your name here. | California residents may ask us.",
			// A long first sentence, or a long label, changes nothing.
			"We build many scales and watches for people who run. | California residents may ask us. | We collect your email here.",
			"When you visit our site with any browser or device: california law applies. | We share your email with partners.",
			// The heading's own words veto as a heading's would.
			"Security. | We share your name with partners.",
		},
	)
	got := firedIn(t, p, doc)
	want := map[string][]string{
		"We collect your name.":                           {},
		"Why we collect your email?":                      {},
		"We collect your email and name.":                 {},
		"We share your name with partners.":               {},
		"We collect your name here.":                      {"data.collect"},
		"We collect your email here.":                     {"data.collect"},
		"We share your email with partners.":              {"sharing.partners"},
		"California residents may ask us.":                {},
		"California law applies here.":                    {},
		"Our practices: california residents may ask us.": {},
	}
	for s, w := range want {
		g := got[s]
		if len(g) == 0 {
			g = []string{}
		}
		slices.Sort(g)
		if !slices.Equal(g, w) {
			t.Errorf("%q: fired %q, want %q", s, g, w)
		}
	}
	compareWithReference(t, p, doc, "en")
	compareWithReference(t, p, doc, "")
	comparePruned(t, p, "glued", doc)

	// A list item read with its lead-in (leadin.go): a veto of the item's
	// second sentence holds for what the item fires with its lead-in.
	doc = passageDoc(
		[]string{"C", "We collect the following:", "Your email. | California law applies here."},
		[]string{"D", "We collect the following:", "Your email. | Nothing else applies here."},
	)
	got = firedIn(t, p, doc)
	if g := got["Your email."]; len(g) != 1 || g[0] != "data.collect" {
		t.Errorf("items read with their lead-in: fired %q, want data.collect once (under D only)", g)
	}
	compareWithReference(t, p, doc, "en")
	comparePruned(t, p, "glued items", doc)
}

// TestPassageGluedHeadingPruned: the hits of a heading-like first
// sentence wait for the second before they count for the pruning of
// decided rules: a rule vetoed by the second sentence is no third hit.
func TestPassageGluedHeadingPruned(t *testing.T) {
	p := loadPassagePack(t)
	doc := passageDoc(
		[]string{"A", "We collect your name.", "We collect your email."},
		[]string{"B", "Why we collect your email? | California law applies here."},
		[]string{"C", "We collect your name and email.", "We collect your email or name."},
	)
	a, err := p.Evaluate(context.Background(), doc)
	if err != nil {
		t.Fatal(err)
	}
	var quotes []string
	for _, e := range a.Topic("data").Evidence {
		quotes = append(quotes, e.Text)
	}
	want := []string{"We collect your name.", "We collect your email.", "We collect your name and email."}
	if !slices.Equal(quotes, want) {
		t.Errorf("data evidence %q, want %q", quotes, want)
	}
	comparePruned(t, p, "glued pruned", doc)
	compareWithReference(t, p, doc, "en")
}

// refHeadingWords is headingWords without its shortcut (the words counted
// before any is looked up).
func refHeadingWords(t *tokens, text string, i, j int, question bool) bool {
	if j-i > 1 && leadMarker(t, text, i) {
		i++
	}
	words, title, long := 0, true, false
	verbish := false
	for k := i; k < j; k++ {
		tk := &t.toks[k]
		if tk.compound {
			continue
		}
		words++
		if words > maxLeadWords {
			return false
		}
		if leadVerbs[string(t.key(k))] || (k == i && leadPronouns[string(t.key(k))]) {
			verbish = true
		}
		w := text[tk.start:tk.end]
		if utf8.RuneCountInString(w) >= 4 {
			long = true
			if r, _ := utf8.DecodeRuneInString(w); unicode.IsLower(r) {
				title = false
			}
		}
	}
	return words > 0 && (question || (title && long) || !verbish)
}

// headingWords answers as refHeadingWords on every token range of random
// sentences of headings' and statements' words, compounds included.
func TestHeadingWordsMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	pieces := []string{"We", "we", "use", "Cookies", "cookies", "are", "Your", "Privacy", "RIGHTS", "e-mail", "Daten-schutz", "3.", "iv)", "a)", "wir", "verwenden", "Sicherheit", "sont", "des", "How", "do", "What", "can", "opt-out", "1", "é", "Überblick"}
	for range 3000 {
		var words []string
		for range 1 + rng.IntN(14) {
			words = append(words, pieces[rng.IntN(len(pieces))])
		}
		text := strings.Join(words, " ")
		var tk tokens
		tk.tokenize(text)
		for i := 0; i <= len(tk.toks); i++ {
			for j := i; j <= len(tk.toks); j++ {
				for _, q := range []bool{false, true} {
					if got, want := headingWords(&tk, text, i, j, q), refHeadingWords(&tk, text, i, j, q); got != want {
						t.Fatalf("headingWords(%q, %d, %d, %v) = %v, want %v", text, i, j, q, got, want)
					}
				}
			}
		}
	}
}
