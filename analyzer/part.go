package analyzer

import (
	"slices"
	"strings"
	"unicode"
)

// Part returns the part of d that a heading opens, for a policy that is a
// part of a wider page (a legal notice with a "Privacy" part): the section
// whose own heading reads heading and its subsections; or, when heading is
// a paragraph that reads as one ("Política de privacidad:", which the
// outline does not take for a heading), the rest of its section from
// there, with the sections nested under it. Headings compare without case,
// spacing or the punctuation around them. The part shares d's Text, so
// offsets are unchanged; false when no heading or paragraph reads heading.
func (d *Document) Part(heading string) (*Document, bool) {
	want := headingKey(heading)
	if want == "" {
		return nil, false
	}
	// A heading first: a paragraph of the same words before it may be an
	// entry of a table of contents.
	for i := range d.Sections {
		s := &d.Sections[i]
		if len(s.Path) > 0 && headingKey(s.Path[len(s.Path)-1]) == want {
			return d.withSections(append([]Section{*s}, d.nestedAfter(i)...)), true
		}
	}
	for i := range d.Sections {
		s := &d.Sections[i]
		for j, g := range s.Segments {
			if headingKey(g.Text) != want {
				continue
			}
			// The part's path is the paragraph's, in place of the
			// heading of the section it interrupts ("Aviso legal").
			path := append(slices.Clone(s.Path[:max(len(s.Path)-1, 0)]), strings.TrimSpace(g.Text))
			head := Section{Path: path, Level: s.Level, Segments: s.Segments[j+1:]}
			nested := slices.Clone(d.nestedAfter(i))
			for k := range nested {
				if n := &nested[k]; len(n.Path) >= len(s.Path) {
					n.Path = append(slices.Clone(path), n.Path[len(s.Path):]...)
				}
			}
			return d.withSections(append([]Section{head}, nested...)), true
		}
	}
	return nil, false
}

// nestedAfter returns the sections after d.Sections[i] nested under it:
// up to the next one of its level or above (all of them for the text
// before the first heading).
func (d *Document) nestedAfter(i int) []Section {
	lv := d.Sections[i].Level
	j := i + 1
	for j < len(d.Sections) && (lv == 0 || d.Sections[j].Level > lv) {
		j++
	}
	return d.Sections[i+1 : j]
}

// withSections is a copy of d holding sections.
func (d *Document) withSections(sections []Section) *Document {
	c := *d
	c.Sections = sections
	c.Notes = slices.Clone(d.Notes)
	return &c
}

// headingKey is a heading as Part compares it: lower case, words joined
// by single spaces, without the punctuation around it.
func headingKey(s string) string {
	s = strings.Join(strings.Fields(strings.ToLower(s)), " ")
	return strings.TrimFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// SpanText returns the text d's sections span: from the start of their
// first segment to the end of their last. For a part of a page (see Part),
// which shares the page's Text, that is the part's own text: what a
// history of the policy compares, so that an edit elsewhere on the page is
// no change of the policy. "" when d has no segment.
func (d *Document) SpanText() string {
	start, end := -1, -1
	for i := range d.Sections {
		for j := range d.Sections[i].Segments {
			g := &d.Sections[i].Segments[j]
			if start < 0 || g.Start < start {
				start = g.Start
			}
			end = max(end, g.End)
		}
	}
	if start < 0 || end <= start {
		return ""
	}
	// Offsets count runes (see Document).
	b0, b1, n := -1, len(d.Text), 0
	for i := range d.Text {
		if n == start {
			b0 = i
		}
		if n == end {
			b1 = i
			break
		}
		n++
	}
	if b0 < 0 {
		return ""
	}
	return d.Text[b0:b1]
}
