package analyzer

import (
	"context"
	"strings"
	"testing"
)

func TestPart(t *testing.T) {
	const page = `<html><body><main>
<h1>Legal</h1>
<ul><li>Licence</li><li>Privacy</li></ul>
<h2>Licence</h2><p>The app is free software under the MIT licence.</p>
<h2>Privacy</h2><p>We store your readings on your phone.</p>
<h3>Your rights</h3><p>You may delete them at any time.</p>
<h2>Trademarks</h2><p>Names are the trademarks of their owners.</p>
<p>Política de privacidad:</p>
<p>Recogemos tu correo electrónico.</p>
<h3>Derechos</h3><p>Puedes pedir su supresión.</p>
<h1>Credits</h1><p>Photos by our friends.</p>
</main></body></html>`
	d, err := Extract(context.Background(), strings.NewReader(page), Input{URL: "http://x.test/legal", ContentType: "text/html"})
	if err != nil {
		t.Fatal(err)
	}
	texts := func(p *Document) string {
		var b []string
		for _, s := range p.Sections {
			for _, g := range s.Segments {
				b = append(b, s.Heading()+": "+g.Text)
			}
		}
		return strings.Join(b, " | ")
	}
	for _, tc := range []struct{ heading, want, span string }{
		// A heading, not the table-of-contents entry before it; its
		// subsection, not the next part.
		{"Privacy", "Legal > Privacy: Privacy | Legal > Privacy: We store your readings on your phone. | Legal > Privacy > Your rights: Your rights | Legal > Privacy > Your rights: You may delete them at any time.",
			"Privacy\nWe store your readings on your phone.\nYour rights\nYou may delete them at any time."},
		{" privacy: ", "Legal > Privacy: Privacy | Legal > Privacy: We store your readings on your phone. | Legal > Privacy > Your rights: Your rights | Legal > Privacy > Your rights: You may delete them at any time.",
			"Privacy\nWe store your readings on your phone.\nYour rights\nYou may delete them at any time."},
		// A paragraph read as a heading: the rest of its section and the
		// sections nested under it, under the paragraph's path.
		{"Política de privacidad:", "Legal > Política de privacidad:: Recogemos tu correo electrónico. | Legal > Política de privacidad: > Derechos: Derechos | Legal > Política de privacidad: > Derechos: Puedes pedir su supresión.",
			"Recogemos tu correo electrónico.\nDerechos\nPuedes pedir su supresión."},
	} {
		p, ok := d.Part(tc.heading)
		if !ok {
			t.Errorf("%q: no part", tc.heading)
			continue
		}
		if got := texts(p); got != tc.want {
			t.Errorf("%q:\n got %s\nwant %s", tc.heading, got, tc.want)
		}
		if p.Text != d.Text {
			t.Errorf("%q: the part's text is not the page's", tc.heading)
		}
		// The part's own text, runes counted past "Política" and
		// "electrónico".
		if got := p.SpanText(); got != tc.span {
			t.Errorf("%q: span text %q, want %q", tc.heading, got, tc.span)
		}
	}
	if _, ok := d.Part("Cookies"); ok {
		t.Error("a part for a heading the page does not have")
	}
	if _, ok := d.Part(" : "); ok {
		t.Error("a part for an empty heading")
	}
	if got := d.SpanText(); got != strings.TrimSpace(d.Text) {
		t.Errorf("a whole document's span text %q, want its text %q", got, d.Text)
	}
	if got := (&Document{Text: "x"}).SpanText(); got != "" {
		t.Errorf("span text of a document without segments: %q", got)
	}
	if len(d.Sections) == 0 || d.Sections[0].Path[0] != "Legal" {
		t.Errorf("Part changed the document: %+v", d.Sections)
	}
}

// TestHeadingPermalink: the anchor a static-site generator puts in a
// heading, to the heading itself ("#", "¶", an icon), is no part of its
// text; a heading's link with words stays.
func TestHeadingPermalink(t *testing.T) {
	const page = `<html><body><main>
<h1>Impressum</h1><p>Example GmbH, Hamburg.</p>
<h2 id="ds"><a class="header-anchor" href="#ds" aria-hidden="true">#</a> Datenschutz</h2><p>Wir speichern keine Daten.</p>
<h2 id="rights">Your rights<a class="headerlink" href="#rights" title="Link">¶</a></h2><p>You may delete them.</p>
<h2 id="icon"><a href="#icon"><svg viewBox="0 0 8 8"><path d="M0 0"/></svg></a>Cookies</h2><p>None.</p>
<h2><a href="#contact">Contact</a> us</h2><p>Write to us.</p>
</main></body></html>`
	d, err := Extract(context.Background(), strings.NewReader(page), Input{URL: "http://x.test/impressum", ContentType: "text/html"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range d.Sections {
		got = append(got, s.Heading())
	}
	want := []string{"Impressum", "Impressum > Datenschutz", "Impressum > Your rights", "Impressum > Cookies", "Impressum > Contact us"}
	if strings.Join(got, " | ") != strings.Join(want, " | ") {
		t.Errorf("headings = %q, want %q", got, want)
	}
	if strings.ContainsAny(d.Text, "#¶") {
		t.Errorf("text holds a permalink: %q", d.Text)
	}
}

// TestFragment: Input.Fragment reads only the element of that id, a tab of
// a legal page, even one a script hides; a page without it is read whole,
// with a note.
func TestFragment(t *testing.T) {
	const page = `<html><head><title>Rechtliches</title></head><body>
<nav><a href="/">Start</a></nav>
<main>
<div class="tabs"><button onclick="show('impressum')">Impressum</button><button onclick="show('datenschutz')">Datenschutz</button></div>
<div class="tab active" id="impressum"><h2>Betreiber</h2><p>Beispiel GmbH, Wien. Firmenbuch FN 123456a.</p></div>
<div class="tab" id="datenschutz" style="display:none"><div class="title">DATENSCHUTZ</div>
<h2>Welche Daten wir sammeln</h2><p>Wir speichern Name und E-Mail-Adresse bei der Registrierung.</p>
<h2>Deine Rechte</h2><p>Du hast das Recht auf Auskunft und Löschung.</p></div>
<div class="tab" id="agb"><h2>Geltungsbereich</h2><p>Diese AGB gelten für alle Buchungen.</p></div>
</main></body></html>`
	extract := func(fragment string) *Document {
		d, err := Extract(context.Background(), strings.NewReader(page), Input{URL: "http://x.test/rechtliches.html", ContentType: "text/html", Fragment: fragment})
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	d := extract("datenschutz")
	if !strings.Contains(d.Text, "Name und E-Mail-Adresse") || !strings.Contains(d.Text, "Recht auf Auskunft") {
		t.Errorf("the part's text is missing: %q", d.Text)
	}
	if strings.Contains(d.Text, "Firmenbuch") || strings.Contains(d.Text, "AGB gelten") {
		t.Errorf("text outside the part: %q", d.Text)
	}
	if len(d.Notes) != 0 {
		t.Errorf("notes: %q", d.Notes)
	}
	d = extract("nowhere")
	if !strings.Contains(d.Text, "Firmenbuch") || !strings.Contains(d.Text, "AGB gelten") {
		t.Errorf("the whole page is not read: %q", d.Text)
	}
	if len(d.Notes) != 1 || !strings.Contains(d.Notes[0], "#nowhere") {
		t.Errorf("notes: %q", d.Notes)
	}
}

// TestFragmentHeading: a fragment that names a heading, or an empty anchor
// before one, reads the part the heading opens, to the next heading of its
// level; Document.Fragment tells that the cut was made.
func TestFragmentHeading(t *testing.T) {
	const page = `<html><body><main>
<h1>Legal</h1>
<h2 id="terms">Terms</h2><p>These terms govern the use of the buoy.</p>
<section><header><h2 id="privacy">Privacy</h2></header>
<p>We keep your e-mail address to send alerts.</p>
<h3>Your rights</h3><p>You may delete your account at any time.</p></section>
<a id="licences"></a><h2>Licences</h2><p>The app includes MIT-licensed code.</p>
<h2>Credits</h2><p>Photos by friends.</p>
</main></body></html>`
	for _, tc := range []struct {
		fragment, want, not string
	}{
		{"terms", "These terms govern", "e-mail address"},
		{"privacy", "You may delete your account", "These terms"},
		{"licences", "MIT-licensed", "Photos by friends"},
	} {
		d, err := Extract(context.Background(), strings.NewReader(page), Input{URL: "http://x.test/legal", ContentType: "text/html", Fragment: tc.fragment})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(d.Text, tc.want) || strings.Contains(d.Text, tc.not) || d.Fragment != tc.fragment {
			t.Errorf("#%s: text %q, fragment %q", tc.fragment, d.Text, d.Fragment)
		}
	}
	d, err := Extract(context.Background(), strings.NewReader(page), Input{URL: "http://x.test/legal", ContentType: "text/html", Fragment: "nowhere"})
	if err != nil {
		t.Fatal(err)
	}
	if d.Fragment != "" || !strings.Contains(d.Text, "Photos by friends") {
		t.Errorf("#nowhere: fragment %q, text %q", d.Fragment, d.Text)
	}
}
