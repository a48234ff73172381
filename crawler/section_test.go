package crawler

import (
	"slices"
	"strings"
	"testing"
)

func TestNamesPrivacy(t *testing.T) {
	w, err := DefaultWords()
	if err != nil {
		t.Fatal(err)
	}
	for h, want := range map[string]bool{
		"Privacy":                          true,
		"4. Datenschutz":                   true,
		"Política de Privacidad:":          true,
		"Informativa sulla privacy":        true,
		"Protection des données":           true,
		"Privacyverklaring":                true,
		"2. The personal data we collect":  false, // a policy's subheading
		"Privacy & Terms":                  false, // a hub
		"Trademarks":                       false,
		"Licence":                          false,
		"":                                 false,
		"12.":                              false,
		"How we use your privacy settings": false,
	} {
		if got := w.namesPrivacy(h); got != want {
			t.Errorf("namesPrivacy(%q) = %v, want %v", h, got, want)
		}
	}
}

func TestPrivacySection(t *testing.T) {
	w, err := DefaultWords()
	if err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("We keep your email address to answer you and delete it after a year. ", 4)
	notice := strings.Repeat("This site belongs to Example Ltd, registered in Leeds under number 0123. ", 2)
	feature := strings.Repeat("Privacy zones black out your neighbours' windows, and clips are kept for seven days. ", 3)
	for _, tc := range []struct {
		name, html, want string
	}{
		{"h2 part", `<main><h1>Legal</h1><p>` + notice + `</p><h2>Privacy</h2><p>` + long + `</p><h2>Trademarks</h2><p>` + notice + `</p></main>`, "Privacy"},
		{"short paragraph", `<main><h1>Aviso legal</h1><p>` + notice + `</p><p>Política de privacidad:</p><p>` + long + `</p></main>`, "Política de privacidad:"},
		{"bold run", `<main><h1>Impressum</h1><p>` + notice + `</p><p><strong>Datenschutz</strong></p><p>` + long + `</p></main>`, "Datenschutz"},
		// A shorter part is enough when it speaks of two things a policy
		// states (here the data and the rights).
		{"short part, two subjects", `<main><h1>Mentions légales</h1><p>` + notice + `</p><h2>Données personnelles</h2><p>Les données collectées via le formulaire de contact sont utilisées exclusivement pour traiter votre demande. Conformément au RGPD, vous disposez d'un droit d'accès, de rectification et d'effacement.</p></main>`, "Données personnelles"},
		// The site's footer is no part of the last part.
		{"footer after a short part", `<main><h1>Legal</h1><p>` + notice + `</p><h2>Privacy</h2><p>We collect nothing.</p></main><footer><p>` + long + `</p></footer>`, ""},
		// The part ends at the next heading of its level: a short part is not
		// enough, however long the page.
		{"short part", `<main><h1>Legal</h1><p>` + notice + `</p><h2>Privacy</h2><p>We collect nothing.</p><h2>Trademarks</h2><p>` + long + `</p></main>`, ""},
		// A page that opens with the policy's heading is a policy page.
		{"first heading", `<main><h1>Privacy</h1><p>` + long + `</p></main>`, ""},
		// Headings in the footer or navigation are not parts.
		{"footer heading", `<main><h1>Legal</h1><p>` + notice + `</p></main><footer><h4>Privacy</h4><p>` + long + `</p></footer>`, ""},
		// Nor are the headings of link cards.
		{"card heading", `<main><h1>Legal</h1><p>` + notice + `</p><a href="/p"><h3>Privacy</h3><p>` + long + `</p></a></main>`, ""},
		{"card bold", `<main><h1>Legal</h1><p>` + notice + `</p><a href="/p"><b>Privacy</b><p>` + long + `</p></a></main>`, ""},
		// Three headings naming privacy are read at most (a hostile page's
		// thousand "Privacy" lines cost three counts of words).
		{"tries bounded", `<main><h1>Legal</h1><p>` + notice + `</p>` + strings.Repeat(`<h2>Privacy</h2><p>None.</p>`, 3) + `<h2>Privacy</h2><p>` + long + `</p></main>`, ""},
		{"within the bound", `<main><h1>Legal</h1><p>` + notice + `</p>` + strings.Repeat(`<h2>Privacy</h2><p>None.</p>`, 2) + `<h2>Privacy</h2><p>` + long + `</p></main>`, "Privacy"},
		// A static-site generator's permalink beside the heading's words is
		// no part of its name (VuePress's "#", Sphinx's "¶").
		{"permalink before", `<main><h1>Impressum</h1><p>` + notice + `</p><h2 id="ds"><a class="header-anchor" href="#ds" aria-hidden="true">#</a> Datenschutz</h2><p>` + long + `</p></main>`, "Datenschutz"},
		{"permalink after", `<main><h1>Legal</h1><p>` + notice + `</p><h2 id="p">Privacy<a class="headerlink" href="#p">¶</a></h2><p>` + long + `</p></main>`, "Privacy"},
		// A paragraph with a link is not a heading.
		{"link paragraph", `<main><h1>Legal</h1><p>` + notice + `</p><p><a href="/p">Privacy</a></p><p>` + long + `</p></main>`, ""},
		// On a page that is no legal notice, imprint or terms (a product's
		// features, a commitments page), a part headed "Privacy" must speak
		// of two things a policy states: the product's word on privacy
		// does not.
		{"features page", `<title>Features – Example</title><main><h1>Features</h1><p>` + notice + `</p><h2>Privacy</h2><p>` + feature + `</p></main>`, ""},
		{"features page, two subjects", `<title>Features – Example</title><main><h1>Features</h1><p>` + notice + `</p><h2>Privacy</h2><p>` + long + ` You have the right to access, correct and erase your personal data.</p></main>`, "Privacy"},
		{"legal page, one subject", `<title>Legal – Example</title><main><h1>Legal</h1><p>` + notice + `</p><h2>Privacy</h2><p>` + feature + `</p></main>`, "Privacy"},
	} {
		h, n, ok := w.privacySection(scanHTML([]byte(tc.html)))
		if h != tc.want || ok != (tc.want != "") || ok && n < minShortSectionWords {
			t.Errorf("%s: privacySection = %q, %d words, %v; want %q", tc.name, h, n, ok, tc.want)
		}
	}
}

func TestFragmentPart(t *testing.T) {
	w, err := DefaultWords()
	if err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("We keep your email address to answer you and delete it after a year. ", 4)
	notice := strings.Repeat("This site belongs to Example Ltd, registered in Leeds under number 0123. ", 3)
	product := strings.Repeat("The watch has no browser and no app store, and only the numbers you approve can call it. ", 3)
	for _, tc := range []struct {
		name, html, fragment string
		id, heading          string
	}{
		{"tab", `<title>Legal – Example</title><main><div id="imprint"><p>` + notice + `</p></div><div id="privacy"><p>` + long + `</p></div></main>`, "privacy", "privacy", ""},
		{"heading", `<title>Legal – Example</title><main><h2 id="imprint">Imprint</h2><p>` + notice + `</p><h2 id="privacy">Privacy</h2><p>` + long + `</p><h2 id="terms">Terms</h2><p>` + notice + `</p></main>`, "privacy", "privacy", "Privacy"},
		// A block ends an open paragraph, as the HTML parser ends it: the
		// paragraph's id holds "Privacy" alone, as the analyzer reads it.
		{"implied end of a paragraph", `<title>Legal</title><main><div id="imprint"><p>` + notice + `</p></div><p id="privacy"><b>Privacy</b><div><p>` + long + `</p></div></p><div><p>` + notice + `</p></div></main>`, "privacy", "", ""},
		// So does a list item's start end the open item: the item's id
		// holds "Privacy" alone, not the next item's text.
		{"implied end of a list item", `<title>Legal</title><main><ul><li id="imprint">` + notice + `<li id="privacy"><b>Privacy</b><li><p>` + long + `</ul></main>`, "privacy", "", ""},
		// An element that opens on a heading is named by it.
		{"section opening on a heading", `<title>Legal – Example</title><main><div id="imprint"><p>` + notice + `</p></div><section id="privacy"> <h2>Privacy</h2><p>` + long + `</p></section></main>`, "privacy", "privacy", "Privacy"},
		{"section with a heading further in", `<title>Legal – Example</title><main><div id="imprint"><p>` + notice + `</p></div><section id="privacy"><p>` + long + `</p><h2>Privacy</h2><p>` + long + `</p></section></main>`, "privacy", "privacy", ""},
		{"list item", `<title>Legal</title><main><ul><li id="imprint">` + notice + `<li id="privacy"><p>` + long + `<li id="terms">` + notice + `</ul></main>`, "privacy", "privacy", ""},
		// A heading in the page's navigation is no part of its own: not
		// the next heading's part either.
		{"heading in the navigation", `<title>Legal – Example</title><nav><h2 id="privacy">Privacy</h2></nav><main><h2>Imprint</h2><p>` + notice + long + `</p><h2>Terms</h2><p>` + notice + notice + `</p></main>`, "privacy", "", ""},
		{"escaped id", `<title>Legal – Example</title><main><div id="imprint"><p>` + notice + `</p></div><div id="données"><p>` + long + `</p></div></main>`, "données", "données", ""},
		// A page that calls itself the policy, or privacy, is the policy.
		{"policy page", `<title>Privacy Policy – Example</title><main><div id="intro"><p>` + notice + `</p></div><div id="your-data"><p>` + long + `</p></div></main>`, "your-data", "", ""},
		{"privacy page", `<title>Privacy | Example</title><main><div id="intro"><p>` + notice + `</p></div><div id="your-data"><p>` + long + `</p></div></main>`, "your-data", "", ""},
		// Too little, or most of the page, or nothing there.
		{"short", `<title>Legal</title><main><div id="imprint"><p>` + notice + `</p></div><div id="privacy"><p>We collect nothing.</p></div></main>`, "privacy", "", ""},
		{"most of the page", `<title>Legal</title><main><div id="all"><p>` + notice + long + `</p></div></main>`, "all", "", ""},
		{"no such id", `<title>Legal</title><main><div id="imprint"><p>` + notice + `</p></div><div><p>` + long + `</p></div></main>`, "privacy", "", ""},
		// A product's or a FAQ's word on privacy, long enough but speaking
		// of nothing a policy states, and not headed "Privacy".
		{"product copy", `<title>Home – Example</title><main><h2>The watch</h2><p>` + notice + `</p><section id="privacy"><h2>Your family, your peace of mind</h2><p>` + product + `</p></section></main>`, "privacy", "", ""},
		{"question heading", `<title>FAQ – Example</title><main><h3>Does it float?</h3><p>` + notice + `</p><h3 id="privacy">What about my privacy?</h3><p>` + product + `</p><h3>Batteries?</h3><p>` + notice + `</p></main>`, "privacy", "", ""},
		// Headed "Privacy" on a features page, speaking of one subject:
		// the product's word on privacy, not its policy.
		{"headed privacy, features page", `<title>Features – Example</title><main><h2 id="zones">Zones</h2><p>` + notice + `</p><h2 id="privacy">Privacy</h2><p>` + product + ` Clips are kept for seven days.</p></main>`, "privacy", "", ""},
		// Headed "Privacy", the same words are the site's whole statement.
		{"headed privacy", `<title>Legal – Example</title><main><h2 id="imprint">Imprint</h2><p>` + notice + `</p><h2 id="privacy">Privacy</h2><p>` + product + `</p></main>`, "privacy", "privacy", "Privacy"},
	} {
		got, ok := w.fragmentPart(scanHTML([]byte(tc.html)), tc.fragment, "Privacy")
		if want := tc.id != "" || tc.heading != ""; ok != want || got.id != tc.id || got.heading != tc.heading {
			t.Errorf("%s: fragmentPart = %+v, %v; want id %q, heading %q", tc.name, got, ok, tc.id, tc.heading)
		}
	}
}

// A link to a part of its own page ("#privacidade") is a link to the
// page's part; a bare "#" and a script's route are not.
func TestSelfPart(t *testing.T) {
	for href, want := range map[string]bool{
		"#privacidade":   true,
		" #datenschutz ": true,
		"#":              false,
		"#/privacy":      false,
		"#!/privacy":     false,
		"/privacy":       false,
		"":               false,
	} {
		if got := selfPart(href); got != want {
			t.Errorf("selfPart(%q) = %v, want %v", href, got, want)
		}
	}
}

func TestHrefFragment(t *testing.T) {
	for href, want := range map[string]string{
		"legal.html#donn%C3%A9es":  "données",
		"/rechtliches#datenschutz": "datenschutz",
		"/privacy":                 "",
		"/legal#":                  "",
		"/legal#bad%zz":            "bad%zz",
	} {
		if got := hrefFragment(href); got != want {
			t.Errorf("hrefFragment(%q) = %q, want %q", href, got, want)
		}
	}
}

// The fragment of a policy link goes with its candidate only when the
// link's words name privacy; two privacy links into different parts of one
// page leave the page to be judged whole.
func TestLinkFragments(t *testing.T) {
	w, err := DefaultWords()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, html, want string
	}{
		{"one link", `<footer><a href="/legal.html#imprint">Imprint</a> <a href="/legal.html#privacy">Privacy</a></footer>`, "privacy"},
		{"disagreeing links", `<main><p>See our <a href="/legal.html#cookies">Privacy Policy</a>.</p></main><footer><a href="/legal.html#privacy">Privacy</a></footer>`, ""},
		{"address alone", `<footer><a href="/legal.html#privacy">Legal</a></footer>`, ""},
	} {
		var got string
		for _, c := range w.pageLinks(scanHTML([]byte(`<title>Home</title>`+tc.html)), mustURL(t, "http://x.test/"), MethodPageLink) {
			if strings.HasSuffix(c.key, "/legal.html") {
				got = c.fragment
			}
		}
		if got != tc.want {
			t.Errorf("%s: fragment %q, want %q", tc.name, got, tc.want)
		}
	}
}

// A heading in the <header> of a section is the page's own (the section's
// heading), so a link to it makes that section's part the policy.
func TestFragmentSectionHeader(t *testing.T) {
	w, err := DefaultWords()
	if err != nil {
		t.Fatal(err)
	}
	s := func(x string) string { return strings.Repeat(x+" ", 3) }
	page := `<title>Rechtliches</title><header><nav><a href="/">Start</a></nav></header><main><section><header><h2 id="impressum">Impressum</h2></header><p>` + s("Beispiel GmbH, Wien, Firmenbuch FN 123456a, vertreten durch Max Muster.") + `</p></section>` +
		`<section><header><h2 id="datenschutz">Datenschutz</h2></header><h3>Verantwortlicher</h3><p>` + s("Verantwortlich für die Verarbeitung Ihrer personenbezogenen Daten ist die Beispiel GmbH in Wien.") + `</p><h3>Ihre Rechte</h3><p>` + s("Sie haben das Recht auf Auskunft, Berichtigung, Löschung und Widerspruch gegen die Verarbeitung.") + `</p></section></main>`
	got, ok := w.fragmentPart(scanHTML([]byte(page)), "datenschutz", "Datenschutz")
	if !ok || got.heading != "Datenschutz" || !strings.Contains(got.why, "words") {
		t.Fatalf("fragmentPart = %+v, %v; want the part \"Datenschutz\"", got, ok)
	}
	// The part runs over both subsections, not to the first of them.
	d := scanHTML([]byte(page))
	j := slices.IndexFunc(d.marks, func(m textMark) bool { return m.text == "Datenschutz" })
	if j < 0 || !strings.Contains(d.text[d.marks[j].off:d.partEnd(j, d.marks[j].level)], "Widerspruch") {
		t.Errorf("the part stops before its second subsection")
	}
}

// openItem follows the HTML parser: a list item's start ends the open
// item past phrasing elements, p, div and address, but not past a nested
// list or any other of the parser's special elements.
func TestOpenItem(t *testing.T) {
	stack := func(names ...string) []openEl {
		var s []openEl
		for _, n := range names {
			s = append(s, openEl{name: n})
		}
		return s
	}
	for _, tc := range []struct {
		stack []openEl
		tag   string
		want  int
	}{
		{stack("html", "body", "ul", "li"), "li", 3},
		{stack("html", "body", "ul", "li", "p", "b", "a"), "li", 3},
		{stack("html", "body", "ul", "li", "div", "span"), "li", 3},
		{stack("html", "body", "ul", "li", "ul"), "li", -1},
		{stack("html", "body", "ul", "li", "section"), "li", -1},
		{stack("html", "body", "dl", "dt", "b"), "dd", 3},
		{stack("html", "body", "dl", "dd"), "dt", 3},
		{stack("html", "body", "ul", "li"), "dd", -1},
		{stack("html", "body", "ul", "li"), "p", -1},
		// MathML and SVG integration points open lists of their own.
		{stack("html", "body", "ul", "li", "math", "mi"), "li", -1},
		{stack("html", "body", "ul", "li", "svg", "foreignobject"), "li", -1},
		// Like an end tag, it looks at most maxEndTagSearch elements down.
		{append(stack("html", "body", "ul", "li"), stack(slices.Repeat([]string{"span"}, maxEndTagSearch)...)...), "li", -1},
		{append(stack("html", "body", "ul", "li"), stack(slices.Repeat([]string{"span"}, maxEndTagSearch-1)...)...), "li", 3},
	} {
		if got := openItem(tc.stack, tc.tag); got != tc.want {
			t.Errorf("openItem(%v, %q) = %d, want %d", tc.stack, tc.tag, got, tc.want)
		}
	}
}
