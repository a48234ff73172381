package analyzer

import (
	"context"
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// isMetadataLine must agree with the regular expression it short-cuts.
func TestIsMetadataLineAgreesWithRegexp(t *testing.T) {
	lines := []string{
		"Effective Date: April 1, 2015", "EFFECTIVE 2019", "Last updated 12 May 2020",
		"LAST MODIFIED: 2021", "Last  updated 2020", "Updated on 3/4/2019", "Stand: 01.03.2024",
		"Standard terms 2019", "stand 2019", "Zuletzt aktualisiert 2022", "Version: 2.1 (2020)",
		"Versione du 2020", "version du 1 janvier 2020", "Mise à jour le 3 mars 2021",
		"En vigueur au 1er janvier 2020", "Gültig ab 2020", "GÜLTIG AB 2020", "Actualizado 2020",
		"Aggiornata 2021", "Bijgewerkt 2021", "Atualizada 2020", "Vigente desde 2020",
		"Copyright 2020 Example Inc", "Privacy Policy 2020", "Our 2019 revision", "ſtand 2020",
		"Last revised\t2020", "Die Nutzung 2020", "",
	}
	pieces := []string{"Effective", "effectiv", "LAST ", "last", " ", "  ", "Updated", "UPDATED ON", "Modified", "revised",
		"stand", "Stand", "STAND", "standard", "stand_", "stand2", "stand:", "en vigueur", "En Vigueur", "zuletzt", "Actualiza",
		"aggiorna", "bijgewerkt", "ATUALIZA", "vigente", "version", "Versione", " du", "du", ":", "x", "2020", "é", "ſ"}
	rng := rand.New(rand.NewPCG(17, 18))
	for n := 0; n < 20000; n++ {
		lines = append(lines, randomPieces(rng, pieces, 6))
	}
	for _, l := range lines {
		if got, want := isMetadataLine(l), metadataLine.MatchString(l); got != want {
			t.Errorf("isMetadataLine(%q) = %v, the regexp says %v", l, got, want)
		}
	}
}

// numberedHeadingStart stops after the first character of group 5; it
// must find the groups of the full expression, "(\S.*)$" included, on
// every line without '\n'.
func TestNumberedHeadingStartMatchesFull(t *testing.T) {
	full := regexp.MustCompile(numberedHeadingPrefix + `(\S.*)$`)
	pieces := []string{"1", "12", "123", ".", "2.", "3.4", "1.2.3.4.5", " ", "  ", "\t", "\u00a0", "-", "–", "—", ":",
		"IV", "XLC", "IIIIIII", "A", "b", "(", ")", "(a)", "§", "§ 4", "4a", "Art", "art.", "Article", "ARTIKEL",
		"artículo", "x", "Your", "rights", "é", "@", "\xff"}
	rng := rand.New(rand.NewPCG(9, 10))
	matched := 0
	for n := 0; n < 50000; n++ {
		var b strings.Builder
		if n%2 == 0 { // most lines open as a numbered heading does
			b.WriteString(pieces[rng.IntN(30)])
			b.WriteString(" ")
		}
		for k := rng.IntN(8); k >= 0; k-- {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		line := b.String()
		want := full.FindStringSubmatchIndex(line)
		got := numberedHeadingStart.FindStringSubmatchIndex(line)
		if (got == nil) != (want == nil) {
			t.Fatalf("%q: match %v, full expression %v", line, got, want)
		}
		if got == nil {
			continue
		}
		matched++
		got[1], got[11] = len(line), len(line) // ".*$" reads to the end
		if !slices.Equal(got, want) {
			t.Fatalf("%q: groups %v, full expression %v", line, got, want)
		}
	}
	if matched < 5000 {
		t.Fatalf("only %d lines matched", matched)
	}
}

// TestRunInHeading: a heading element below the title that holds a short
// label, a colon and a sentence (a list written as Markdown headings)
// keeps its text as its heading and gives that sentence to its section as
// a paragraph; a long title, a question, a short heading or a label too
// long is left alone.
func TestRunInHeading(t *testing.T) {
	for in, want := range map[string]string{
		"b. Cookies and similar technologies: the extension may read the cookies of the supplier's site to log you in.":                  "the extension may read the cookies of the supplier's site to log you in.",
		"Article 3: Rights of the data subject: you may ask for access, rectification, erasure, restriction, objection and portability.": "Rights of the data subject: you may ask for access, rectification, erasure, restriction, objection and portability.",
		"c. Contact: write to the association's secretary, who answers every request about your data within a month (by e-mail).":        "write to the association's secretary, who answers every request about your data within a month (by e-mail).",
		"Your rights: access, rectification": "",
		"Section 3: What information we collect when you use our website, our mobile application and our connected devices": "",
		"Q: Do you share my personal data with advertisers or other companies for their own marketing purposes?":            "",
		"In short, and to make a long and complicated story simple for everyone reading this page: we sell nothing.":        "",
	} {
		if got := runInHeading(in); got != want {
			t.Errorf("runInHeading(%q) = %q, want %q", in, got, want)
		}
	}
	md := "# Privacy\n\n## a. Data: the app keeps your weight and height on the phone and sends them nowhere else.\n\n## b. Contact\n\nWrite to us.\n"
	got := segmentLines(t, md, "policy.md")
	const long = "a. Data: the app keeps your weight and height on the phone and sends them nowhere else."
	want := []string{
		"Privacy | heading | Privacy",
		"Privacy > " + long + " | heading | " + long,
		"Privacy > " + long + " | paragraph | the app keeps your weight and height on the phone and sends them nowhere else.",
		"Privacy > b. Contact | heading | b. Contact",
		"Privacy > b. Contact | paragraph | Write to us.",
	}
	if !slices.Equal(got, want) {
		t.Errorf("sections:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// segmentLines extracts text and lists its segments as "path | kind |
// text", checking that each is the document's text at its offsets.
func segmentLines(t *testing.T, text, url string) []string {
	t.Helper()
	doc, err := Extract(context.Background(), strings.NewReader(text), Input{URL: url})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range doc.Sections {
		for _, g := range s.Segments {
			got = append(got, strings.Join(s.Path, " > ")+" | "+string(g.Kind)+" | "+g.Text)
			if string([]rune(doc.Text)[g.Start:g.End]) != g.Text {
				t.Errorf("segment %q is not the document's text at [%d, %d)", g.Text, g.Start, g.End)
			}
		}
	}
	return got
}

// TestTitleCaseHeadingOverUnbulletedList: in a plain-text policy, a Title
// Case line followed by a list written without bullets, one short item per
// paragraph, is the heading of those items; a Title Case line followed by a
// fragment of one or two words is not.
func TestTitleCaseHeadingOverUnbulletedList(t *testing.T) {
	got := segmentLines(t, "Information We Collect\n\nAccount information (email, age confirmation)\n\nProfile data (sport, position, school)\n", "file:///policy.txt")
	want := []string{
		"Information We Collect | heading | Information We Collect",
		"Information We Collect | paragraph | Account information (email, age confirmation)",
		"Information We Collect | paragraph | Profile data (sport, position, school)",
	}
	if !slices.Equal(got, want) {
		t.Errorf("sections:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, s := range segmentLines(t, "Data Controller\n\nAcme Ltd\n\nWe keep your e-mail address to answer you.\n", "file:///policy.txt") {
		if strings.HasPrefix(s, "Data Controller |") {
			t.Errorf("a Title Case line over a two-word fragment became a heading: %q", s)
		}
	}
}

// A bold heading, then bold numbered ones: the numbered headings are its
// siblings, not its subsections (a security note above "1. How we collect"
// would otherwise head the whole policy). Bold numbered headings first keep
// bold ones below them as subsections.
func TestBoldNumberedHeadingsAfterBoldHeading(t *testing.T) {
	md := "# Privacy Policy\n\n**Data security**\n\nWe take the security of our robots seriously.\n\n" +
		"**1. HOW WE COLLECT INFORMATION**\n\nWe collect your name and e-mail address.\n\n" +
		"**2. SHARING**\n\nWe share data with our service providers.\n"
	got := segmentLines(t, md, "file:///policy.md")
	want := []string{
		"Privacy Policy | heading | Privacy Policy",
		"Privacy Policy > Data security | heading | Data security",
		"Privacy Policy > Data security | paragraph | We take the security of our robots seriously.",
		"Privacy Policy > 1. HOW WE COLLECT INFORMATION | heading | 1. HOW WE COLLECT INFORMATION",
		"Privacy Policy > 1. HOW WE COLLECT INFORMATION | paragraph | We collect your name and e-mail address.",
		"Privacy Policy > 2. SHARING | heading | 2. SHARING",
		"Privacy Policy > 2. SHARING | paragraph | We share data with our service providers.",
	}
	if !slices.Equal(got, want) {
		t.Errorf("sections:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	md = "# Privacy Policy\n\n**1. What we collect**\n\n**Account data**\n\nWe keep your e-mail address.\n\n**2. Sharing**\n\nWe share nothing.\n"
	got = segmentLines(t, md, "file:///policy.md")
	if !slices.Contains(got, "Privacy Policy > 1. What we collect > Account data | paragraph | We keep your e-mail address.") {
		t.Errorf("a bold heading under a bold numbered one is no longer its subsection:\n%s", strings.Join(got, "\n"))
	}
}
