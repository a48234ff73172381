package rules

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/vigie-audit/vigie/analyzer"
)

// A service's own name can hold a topic's word: "Tank Tracker" (an app
// that finds fuel stations), "MacroTracker Fitness", "Home Security
// Camera", "KidSafe Watch". Where a policy names its service so, the name
// is no disclosure: "Tank Tracker speichert keine Daten in der Cloud" says
// nothing of trackers, nor "The Home Security Camera records video" of
// how data are secured. A topic's near misses list the common product
// words ("fitness tracker"); a name is the document's own, so it is read
// from the document's title and masked, wherever the policy writes it as
// the title does, for every topic, as a near miss is for its own.
//
// A name is a run of two or more capitalised words of the title, joined
// by spaces, a hyphen or a case change ("MacroTracker"), holding a word
// the pack reads (masking the others would change nothing) and a word it
// does not (the name's own: "Tank", "Macro"). "Privacy Policy", "Cookie
// Policy", "Your Rights" or "Children's Privacy Notice" hold no word
// unknown to the pack: they name no service. The shortest such runs are
// kept, and those the document's text holds.

// maxTitleTokens bounds the title's tokens read for names, and maxNames
// the names kept.
const (
	maxTitleTokens = 16
	maxNames       = 4
)

// titleNames returns the service names of doc (see above), from its title
// and, when the first heading is the document's title (titled), from that
// heading too.
func (p *Pack) titleNames(m *matcher, doc *analyzer.Document, titled bool) []string {
	names := m.names[:0]
	add := func(title string) {
		names = p.namesIn(&m.nameToks, title, doc.Text, names)
	}
	add(doc.Title)
	if titled && len(doc.Sections) > 0 && len(doc.Sections[0].Path) > 0 {
		if h := doc.Sections[0].Path[0]; h != doc.Title {
			add(h)
		}
	}
	return names
}

// namesIn appends to names those of title that text holds, each once. A
// title written in capitals ("INFORMATIVA SULLA PRIVACY", "BOSE PRIVACY
// POLICY") tells no name from other words: it has none.
func (p *Pack) namesIn(t *tokens, title, text string, names []string) []string {
	upper, lower := 0, 0
	for _, r := range title {
		switch {
		case unicode.IsUpper(r):
			upper++
		case unicode.IsLower(r):
			lower++
		}
	}
	if upper >= lower {
		return names
	}
	t.tokenize(title)
	toks := t.toks[:min(len(t.toks), maxTitleTokens)]
	known := make([]bool, len(toks))
	capital := make([]bool, len(toks))
	for i := range toks {
		tk := &toks[i]
		known[i] = len(p.idx.atomsOf(t.key(i), int(tk.num))) > 0 ||
			(tk.j1 > tk.j0 && len(p.idx.atomsOf(t.join(i), -1)) > 0)
		r, _ := utf8.DecodeRuneInString(title[tk.start:])
		capital[i] = unicode.IsUpper(r) || unicode.IsDigit(r)
	}
	// joined reports whether tokens i-1 and i are words of one name.
	joined := func(i int) bool {
		if !capital[i] {
			return false
		}
		if toks[i].compound {
			return true
		}
		sep := title[toks[i-1].end:toks[i].start]
		return sep == "-" || (sep != "" && strings.TrimSpace(sep) == "")
	}
	var kept [][2]int
	for n := 2; n <= len(toks); n++ {
	start:
		for i := 0; i+n <= len(toks); i++ {
			j := i + n
			if !capital[i] || toks[i].compound || (j < len(toks) && toks[j].compound) {
				continue
			}
			hasKnown, hasOwn := false, false
			for k := i; k < j; k++ {
				if k > i && !joined(k) {
					continue start
				}
				hasKnown = hasKnown || known[k]
				hasOwn = hasOwn || !known[k]
			}
			if !hasKnown || !hasOwn {
				continue
			}
			for _, r := range kept {
				if r[0] >= i && r[1] <= j {
					continue start // a shorter name within it is kept
				}
			}
			name := title[toks[i].start:toks[j-1].end]
			if len(names) >= maxNames {
				return names
			}
			if !strings.Contains(text, name) || slices.Contains(names, name) {
				continue
			}
			kept = append(kept, [2]int{i, j})
			names = append(names, name)
		}
	}
	return names
}

// nameMask returns the positions of the prepared sentence's tokens that
// write one of the document's names (matcher.names), nil when none does.
func (m *matcher) nameMask() []uint64 {
	if len(m.names) == 0 {
		return nil
	}
	if m.nameGen == m.gen {
		if m.nameOff < 0 {
			return nil
		}
		return m.masks[m.nameOff : int(m.nameOff)+m.s.w]
	}
	m.nameGen, m.nameOff = m.gen, -1
	text := m.text
	var mk []uint64
	for _, name := range m.names {
		for from := 0; ; {
			i := strings.Index(text[from:], name)
			if i < 0 {
				break
			}
			i += from
			e := i + len(name)
			from = e
			if r, _ := utf8.DecodeLastRuneInString(text[:i]); i > 0 && isWordRune(r) {
				continue
			}
			if r, _ := utf8.DecodeRuneInString(text[e:]); e < len(text) && isWordRune(r) {
				continue
			}
			if mk == nil {
				m.nameOff, mk = m.newMask()
			}
			for k := range m.s.toks.toks {
				if tk := &m.s.toks.toks[k]; int(tk.start) >= i && int(tk.end) <= e {
					mk[k/64] |= 1 << uint(k%64)
				}
			}
		}
	}
	if mk == nil {
		return nil
	}
	return mk[:m.s.w]
}
