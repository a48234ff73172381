package rules

import "github.com/vigie-audit/vigie/analyzer"

// A policy's title ("Privacy and Cookie Policy", "Data Security and Privacy
// Policy", "Protection de vos données") names the document as a whole, not
// what a section of it discloses. Were it read as a heading, a title that
// names a topic would cue that topic in every section of the document, and
// one that a passage veto matches would silence a topic everywhere. So the
// document's title is no heading cue and no passage veto; its sections'
// own headings are.
//
// The title is the first heading of the document when it spans the
// document: every section after it nests under it (it is the sole
// top-level heading), and the text before it (site chrome, a date line)
// is under a tenth of the document's text. A first heading with siblings
// ("Logitech Privacy Policy", then "Information we collect" at the same
// level) heads its own section only, as any section heading does; one
// after an introduction ("Information We Collect", following a page of
// text) is a section heading. Document.Title is no help here: without a
// <title> the analyzer takes it from the first heading, whatever that is.

// hasTitle reports whether the first heading of doc is its title, the
// first entry of the heading path of every section after it.
func hasTitle(doc *analyzer.Document) bool {
	first := -1
	before, total := 0, 0
	for si := range doc.Sections {
		sec := &doc.Sections[si]
		n := 0
		for gi := range sec.Segments {
			if seg := &sec.Segments[gi]; seg.Kind != analyzer.KindHeading {
				n += seg.End - seg.Start
			}
		}
		total += n
		switch {
		case first >= 0:
			if len(sec.Path) == 0 || sec.Path[0] != doc.Sections[first].Path[0] {
				return false
			}
		case len(sec.Path) == 0:
			before += n
		default:
			first = si
		}
	}
	return first >= 0 && 10*before <= total
}
