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

func TestLeadInsPlainText(t *testing.T) {
	const lead = "We collect the following information:"
	tests := []struct {
		name   string
		blocks []string
		want   []string // "" for no lead-in, "L" for lead, else the lead-in
	}{
		{"open endings hold the run",
			[]string{lead, "your name;", "your e-mail address; and", "your IP address.", "We keep it for a year."},
			[]string{"", "L", "L", "L", ""}},
		{"a closed item ends the run",
			[]string{lead, "Your name. We need it.", "We keep it for a year."},
			[]string{"", "L", ""}},
		{"no colon, no lead-in",
			[]string{"We collect the following information.", "your name;", "your address;"},
			[]string{"", "", ""}},
		{"enumerators of one kind hold the run",
			[]string{"We disclose data in these cases:", "(i) To our carriers.", "(ii) To the police.", "(iii) With consent.", "Other text."},
			[]string{"", "We disclose data in these cases:", "We disclose data in these cases:", "We disclose data in these cases:", ""}},
		{"bare items run until a new marker",
			[]string{lead, "Your name and address", "Your device identifiers", "2. How we use it"},
			[]string{"", "L", "L", ""}},
		{"an enumerating word ends a lead-in",
			[]string{"The data we receive from partners include", "purchase history;", "loyalty status."},
			[]string{"", "The data we receive from partners include", "The data we receive from partners include"}},
		{"the lead-in is the last sentence",
			[]string{"Welcome. We may share your data with:", "our carriers."},
			[]string{"", "We may share your data with:"}},
		{"a first item run into its lead-in",
			[]string{"We may share your data with third parties: to deliver your order;", "to prevent fraud;", "to comply with the law."},
			[]string{"", "We may share your data with third parties:", "We may share your data with third parties:"}},
		{"a label is no lead-in",
			[]string{"Contact:", "Privacy Office, 1 Main Street."},
			[]string{"", ""}},
		{"a one-word label run into its text is none",
			[]string{"Email: privacy@example.com;", "Phone: 555 0100."},
			[]string{"", ""}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := LeadIns(tc.blocks)
			want := slices.Clone(tc.want)
			for i, w := range want {
				if w == "L" {
					want[i] = lead
				}
			}
			if !slices.Equal(got, want) {
				t.Errorf("LeadIns(%q)\n got %q\nwant %q", tc.blocks, got, want)
			}
		})
	}
}

// extract runs the analyzer on a document of the given content type.
func extract(t *testing.T, body, contentType string) *analyzer.Document {
	t.Helper()
	doc, err := analyzer.Extract(context.Background(), strings.NewReader(body), analyzer.Input{URL: "https://example.com/privacy", ContentType: contentType, Language: "en"})
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// docLeadIns lists, per non-heading segment of doc, its text and lead-in.
func docLeadIns(doc *analyzer.Document) [][2]string {
	var out [][2]string
	for _, sec := range doc.Sections {
		leads := findLeadIns(sec.Segments, nil)
		for i, g := range sec.Segments {
			if g.Kind != analyzer.KindHeading {
				out = append(out, [2]string{g.Text, leads[i]})
			}
		}
	}
	return out
}

func TestLeadInsOfDocuments(t *testing.T) {
	const lead = "We may share your information with:"
	tests := []struct {
		name, body, ctype string
		want              [][2]string
	}{
		{"html list", `<html><body><main><h1>Privacy</h1><h2>Sharing</h2>
<p>Some text. ` + lead + `</p><ul><li>our payment provider</li><li>our carriers.</li></ul>
<p>We keep records.</p><h2>Cookies</h2><ul><li>We use cookies.</li></ul></main></body></html>`, "text/html",
			[][2]string{{"Some text. " + lead, ""}, {"our payment provider", lead}, {"our carriers.", lead}, {"We keep records.", ""}, {"We use cookies.", ""}}},
		{"html: no colon", `<html><body><main><h1>Privacy</h1>
<p>We may share your information.</p><ul><li>our payment provider</li></ul></main></body></html>`, "text/html",
			[][2]string{{"We may share your information.", ""}, {"our payment provider", ""}}},
		{"html: a paragraph after the list is no item", `<html><body><main><h1>Privacy</h1>
<p>` + lead + `</p><ul><li>our carriers, and</li></ul><p>our lawyers</p></main></body></html>`, "text/html",
			[][2]string{{lead, ""}, {"our carriers, and", lead}, {"our lawyers", ""}}},
		{"markdown list", "# Privacy\n\n## Sharing\n\n" + lead + "\n\n* our payment provider\n* our carriers\n\nWe keep records.\n", "text/markdown",
			[][2]string{{lead, ""}, {"our payment provider", lead}, {"our carriers", lead}, {"We keep records.", ""}}},
		{"plain text enumerated paragraphs", "SHARING\n\nWe disclose your data in these cases:\n\n(a) to our carriers, to deliver your order;\n\n(b) to the police, when the law requires it.\n\nWe keep records.\n", "text/plain",
			[][2]string{{"We disclose your data in these cases:", ""}, {"(a) to our carriers, to deliver your order;", "We disclose your data in these cases:"}, {"(b) to the police, when the law requires it.", "We disclose your data in these cases:"}, {"We keep records.", ""}}},
		{"plain text bullets", "Sharing\n=======\n\n" + lead + "\n\n- our payment provider\n- our carriers\n\nWe keep records.\n", "text/plain",
			[][2]string{{lead, ""}, {"our payment provider", lead}, {"our carriers", lead}, {"We keep records.", ""}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := docLeadIns(extract(t, tc.body, tc.ctype))
			if !slices.Equal(got, tc.want) {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}

const leadInPack = `schema: 1
name: leadin
version: 1.0.0
thresholds: {covered: 0.5, weak: 0.2}
topics:
  - {id: data, weight: 1}
  - {id: purposes, weight: 1}
  - {id: sharing, weight: 1}
  - {id: rights, weight: 1}
`

const leadInData = `schema: 1
id: data
title: Data
rules:
  - id: data.collect
    strength: 0.8
    match: {en: ["we collect ~4 (name|address)"]}
    examples:
      en:
        match: ["We collect your name.", "We collect the following:\n- your name\n- your address"]
        no_match: ["We collect stamps.", "We collect the following:\n- stamps"]
  - id: data.information
    strength: 0.8
    match: {en: ["your information"]}
    examples:
      en:
        match: ["We keep your information."]
        no_match: ["We use your information:\n- to contact you"]
`

const leadInPurposes = `schema: 1
id: purposes
title: Purposes
rules:
  - id: purposes.use
    strength: 0.8
    match: {en: ["use ~4 information ~2 to (contact|deliver)"]}
    examples:
      en:
        match: ["We use your information:\n- to contact you"]
        no_match: ["We use your information:\n- as the law allows"]
`

const leadInSharing = `schema: 1
id: sharing
title: Sharing
rules:
  - id: sharing.partners
    strength: 0.8
    match: {en: ["disclose"]}
    with: [{en: ["partners"]}]
    examples:
      en:
        match: ["We may disclose your information:\n- to our advertising partners"]
        no_match: ["We may disclose your information:\n- to the police", "to our advertising partners"]
`

// rights is inherited: an item under a lead-in that states a right
// counts for it.
const leadInRights = `schema: 1
id: rights
title: Rights
lead_in: inherit
rules:
  - id: rights.request
    strength: 0.8
    match: {en: ["you may request"]}
    examples:
      en:
        match: ["You may request a copy.", "You may request:\n- a copy of your data\n- its deletion"]
        no_match: ["You may ask us.", "You may ask us to:\n- delete your data"]
`

func loadLeadInPack(t *testing.T) *Pack {
	t.Helper()
	p, err := Load(fstest.MapFS{
		"pack.yaml":     {Data: []byte(leadInPack)},
		"data.yaml":     {Data: []byte(leadInData)},
		"purposes.yaml": {Data: []byte(leadInPurposes)},
		"sharing.yaml":  {Data: []byte(leadInSharing)},
		"rights.yaml":   {Data: []byte(leadInRights)},
	})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// The examples of a lead-in and its items count only what fires on the
// items.
func TestLeadInExamples(t *testing.T) {
	if n := checkExamples(t, loadLeadInPack(t)); n == 0 {
		t.Fatal("the lead-in pack has no examples")
	}
}

func TestReadItemWithLeadIn(t *testing.T) {
	p := loadLeadInPack(t)
	const lead = "We may disclose your information:"
	doc := extract(t, `<html><body><main><h1>Privacy</h1><h2>Who receives data</h2>
<p>`+lead+`</p><ul><li>to our advertising partners;</li><li>to the police.</li></ul>
<h2>Use</h2><p>We use your information:</p><ul><li>to contact you.</li></ul></main></body></html>`, "text/html")
	a, err := p.Evaluate(context.Background(), doc)
	if err != nil {
		t.Fatal(err)
	}
	sh := a.Topic("sharing")
	if !sh.Covered || len(sh.Evidence) != 1 {
		t.Fatalf("sharing: %+v", sh)
	}
	if ev := sh.Evidence[0]; ev.Text != "to our advertising partners;" || ev.LeadIn != lead || ev.Rule != "sharing.partners" {
		t.Errorf("sharing evidence %+v: want the item, its lead-in %q", ev, lead)
	}
	pu := a.Topic("purposes")
	if !pu.Covered || pu.Evidence[0].Text != "to contact you." || pu.Evidence[0].LeadIn != "We use your information:" {
		t.Errorf("purposes: %+v", pu)
	}
	// The lead-ins' own "your information" is data evidence where it
	// stands, not on the items.
	for _, ev := range a.Topic("data").Evidence {
		if ev.LeadIn != "" || !strings.HasSuffix(ev.Text, ":") {
			t.Errorf("data evidence %+v: want the lead-ins only", ev)
		}
	}
	compareWithReference(t, p, doc, "en")
	// An inherited topic: each item counts, quoted with its lead-in.
	doc = extract(t, `<html><body><main><h1>Privacy</h1><h2>Rights</h2><p>Hello. You may request:</p>
<ul><li>a copy of your data;</li><li>its deletion.</li></ul><p>Write to us.</p></main></body></html>`, "text/html")
	if a, err = p.Evaluate(context.Background(), doc); err != nil {
		t.Fatal(err)
	}
	var quotes []string
	for _, ev := range a.Topic("rights").Evidence {
		quotes = append(quotes, ev.Text+" | "+ev.LeadIn)
	}
	if want := []string{"You may request: | ", "a copy of your data; | You may request:", "its deletion. | You may request:"}; !slices.Equal(quotes, want) {
		t.Errorf("rights evidence %q, want %q", quotes, want)
	}
	compareWithReference(t, p, doc, "en")
	// Without the colon, the list is not read with the paragraph.
	doc = extract(t, `<html><body><main><p>We may disclose your information.</p><ul><li>to our advertising partners</li></ul></main></body></html>`, "text/html")
	if a, err = p.Evaluate(context.Background(), doc); err != nil {
		t.Fatal(err)
	}
	if a.Topic("sharing").Covered {
		t.Errorf("sharing covered without a lead-in: %+v", a.Topic("sharing"))
	}
	compareWithReference(t, p, doc, "en")
}

// A passage cut from a policy is read with the lead-in the caller gives.
func TestPassageLeadIn(t *testing.T) {
	p := loadLeadInPack(t)
	item := "to our advertising partners"
	for _, lead := range []string{"", "We may disclose your information:"} {
		a, err := p.EvaluateWith(context.Background(), PassageDocument(item), Options{Passage: true, LeadIn: lead})
		if err != nil {
			t.Fatal(err)
		}
		if got := a.Topic("sharing").Covered; got != (lead != "") {
			t.Errorf("lead-in %q: sharing covered %v", lead, got)
		}
	}
	// The option does not stick to the matcher.
	a, err := p.EvaluateWith(context.Background(), PassageDocument(item), Options{Passage: true})
	if err != nil {
		t.Fatal(err)
	}
	if a.Topic("sharing").Covered {
		t.Error("a later passage was read with an earlier lead-in")
	}
}

func TestLeadInHelpers(t *testing.T) {
	for s, want := range map[string]int{
		"• item": markBullet, "- item": markBullet, "-item": markNone, "1. item": markNumber, "(2) item": markNumber,
		"a) item": markLetter, "(iv) item": markRoman, "iv) item": markRoman, "e.g. item": markNone, "Item": markNone,
	} {
		if got := marker(s); got != want {
			t.Errorf("marker(%q) = %d, want %d", s, got, want)
		}
	}
	for s, want := range map[string]int{
		"your name;": endOpen, "name, and": endOpen, "your name": endBare, "your name.": endClosed, `"quoted."`: endClosed, "Daten und": endOpen,
	} {
		if got := ending(s); got != want {
			t.Errorf("ending(%q) = %d, want %d", s, got, want)
		}
	}
	long := strings.Repeat("word ", 200) + "we share it with:"
	if got := trimLeadIn(long); len(got) > maxLeadIn || !strings.HasSuffix(got, "we share it with:") || strings.HasPrefix(got, " ") {
		t.Errorf("trimLeadIn: %q", got)
	}
}

func TestLeadInFieldInvalid(t *testing.T) {
	_, err := Load(fstest.MapFS{
		"pack.yaml":     {Data: []byte(leadInPack)},
		"data.yaml":     {Data: []byte(leadInData)},
		"purposes.yaml": {Data: []byte(leadInPurposes)},
		"sharing.yaml":  {Data: []byte(strings.Replace(leadInSharing, "title: Sharing", "title: Sharing\nlead_in: always", 1))},
		"rights.yaml":   {Data: []byte(leadInRights)},
	})
	if err == nil || !strings.Contains(err.Error(), "lead_in") {
		t.Fatalf("want a lead_in error, got %v", err)
	}
}

// refIsLeadIn is isLeadIn without its shortcut (endsLikeTail): the last
// three words read, then compared with every tail.
func refIsLeadIn(s string) bool {
	s = strings.TrimRightFunc(s, unicode.IsSpace)
	if s == "" {
		return false
	}
	if strings.HasSuffix(s, ":") || strings.HasSuffix(s, "：") {
		return strings.IndexFunc(s, unicode.IsSpace) > 0
	}
	r, _ := utf8.DecodeLastRuneInString(s)
	if !unicode.IsLetter(r) && r != '.' {
		return false
	}
	f := strings.Fields(s)
	if len(f) < 3 {
		return false
	}
	for _, tail := range leadInTails {
		ok := true
		for k := range tail {
			ok = ok && strings.EqualFold(f[len(f)-len(tail)+k], tail[k])
		}
		if ok {
			return true
		}
	}
	return false
}

// isLeadIn answers as refIsLeadIn on sentences ending with every tail, in
// every case, after fewer and more words, and on random ones.
func TestIsLeadInMatchesReference(t *testing.T) {
	var texts []string
	heads := []string{"", "we", "we share", "We may share data", "Wir teilen Daten,", "x\u00a0y z"}
	for _, tail := range leadInTails {
		for _, h := range heads {
			for _, w := range []string{strings.Join(tail, " "), strings.ToUpper(strings.Join(tail, " ")), strings.Join(tail, "  ") + " \n"} {
				texts = append(texts, strings.TrimSpace(h+" "+w), h+" "+w+".", h+" "+w+"x", h+" x"+w)
			}
		}
	}
	rng := rand.New(rand.NewPCG(3, 4))
	pieces := []string{"a", "b.", "z.", "z.b.", "wie", "WIE", "such", "as", "de", "data", ":", "：", " ", "  ", "\t", ".", "é", "À", "savoir", "à", "including", "ß", "K", "\u212a"}
	for range 20000 {
		var b strings.Builder
		for range rng.IntN(8) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
			if rng.IntN(2) == 0 {
				b.WriteByte(' ')
			}
		}
		texts = append(texts, b.String())
	}
	for _, s := range texts {
		if got, want := isLeadIn(s), refIsLeadIn(s); got != want {
			t.Errorf("isLeadIn(%q) = %v, want %v", s, got, want)
		}
	}
}
