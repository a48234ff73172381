package crawler

import (
	"bytes"
	"context"
	"maps"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

func mustURL(t testing.TB, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestScanRegionsAndLabels(t *testing.T) {
	d := scanHTML([]byte(`<!DOCTYPE html><html lang="fr-FR"><head>
<title>Accueil &amp; produits</title><base href="/fr/">
<link rel="privacy-policy" href="/legal/privacy">
<link rel="alternate" hreflang="en" href="/en/">
<meta property="og:type" content="website">
</head><body>
<header><a href="/">Logo</a><nav><a href="/a">A</a></nav></header>
<main><h1>Bienvenue</h1><p>Texte <a href="b">B <b>gras</b></a></p>
<h2>Sous-titre</h2><script>var x = "<a href='/nope'>no</a>";</script></main>
<div class="site-footer">
  <a href="/p1"><img src="x.svg" alt="Confidentialité"></a>
  <a href="/p2"><svg><title>Cookies</title></svg></a>
  <a href="/p3" aria-label="Mentions légales" title="Légal"></a>
  <ul class="language-menu"><li><a href="/en/">English</a></li></ul>
</div>
</body></html>`))
	if d.lang != "fr-FR" || d.title != "Accueil & produits" || d.base != "/fr/" || d.h1 != "Bienvenue" {
		t.Errorf("lang %q title %q base %q h1 %q", d.lang, d.title, d.base, d.h1)
	}
	if len(d.links) != 2 || d.links[0].rel != "privacy-policy" || d.links[1].hreflang != "en" {
		t.Errorf("links = %+v", d.links)
	}
	if len(d.headings) != 2 {
		t.Errorf("headings = %q", d.headings)
	}
	want := []struct {
		href, text string
		region     region
		alts       string
		langMenu   bool
	}{
		{"/", "Logo", regionHeader, "", false},
		{"/a", "A", regionNav, "", false},
		{"b", "B gras", regionBody, "", false},
		{"/p1", "", regionFooter, "Confidentialité", false},
		{"/p2", "", regionFooter, "Cookies", false},
		{"/p3", "", regionFooter, "", false},
		{"/en/", "English", regionFooter, "", true},
	}
	if len(d.anchors) != len(want) {
		t.Fatalf("%d anchors, want %d: %+v", len(d.anchors), len(want), d.anchors)
	}
	for i, w := range want {
		a := d.anchors[i]
		if a.href != w.href || a.text != w.text || a.region != w.region ||
			strings.Join(a.alts, " ") != w.alts || a.langMenu != w.langMenu {
			t.Errorf("anchor %d = %+v, want %+v", i, *a, w)
		}
	}
	if d.anchors[5].aria != "Mentions légales" || d.anchors[5].title != "Légal" {
		t.Errorf("labels of anchor 5: %+v", d.anchors[5])
	}
	if strings.Contains(d.text, "nope") {
		t.Errorf("script text leaked into the page text: %q", d.text)
	}
}

func TestScanKeepsHeadAndTailAnchors(t *testing.T) {
	var b strings.Builder
	b.WriteString("<body>")
	total := maxHeadAnchors + maxTailAnchors + 5000
	for i := range total {
		b.WriteString(`<a href="/x">x</a>`)
		_ = i
	}
	b.WriteString(`<footer><a href="/privacy">Privacy</a></footer>`)
	d := scanHTML([]byte(b.String()))
	if d.totalAnchors != total+1 {
		t.Errorf("total %d", d.totalAnchors)
	}
	if len(d.anchors) != maxHeadAnchors+maxTailAnchors {
		t.Errorf("kept %d", len(d.anchors))
	}
	last := d.anchors[len(d.anchors)-1]
	if last.href != "/privacy" || last.region != regionFooter || last.index != total {
		t.Errorf("last anchor = %+v", last)
	}
	for i := 1; i < len(d.anchors); i++ {
		if d.anchors[i].index <= d.anchors[i-1].index {
			t.Fatalf("anchors out of order at %d", i)
		}
	}
}

func TestScanMisnestedAndUnclosed(t *testing.T) {
	d := scanHTML([]byte(`<footer><p><a href="/a">A<p>still a</footer><a href="/b">B</a>`))
	if len(d.anchors) != 2 || d.anchors[0].region != regionFooter || d.anchors[1].region != regionBody {
		t.Errorf("anchors = %+v %+v", d.anchors[0], d.anchors[1])
	}
}

func TestPageLinksScoring(t *testing.T) {
	w, _ := DefaultWords()
	page := mustURL(t, "http://www.v.test/de/")
	d := scanHTML([]byte(`<html lang="de"><head><link rel="privacy-policy" href="/rechtliches/ds"></head><body>
<main><a href="/blog/2024/05/datenschutz-im-smart-home">Datenschutz im Smart Home: So schützen wir Ihre Daten wirklich</a></main>
<footer><a href="/impressum">Impressum</a><a href="/datenschutz">Datenschutz</a><a href="/agb">AGB</a>
<a href="javascript:void(0)">Cookie-Einstellungen</a><a href="mailto:x@v.test">E-Mail</a><a href="#top">Nach oben</a>
<a href="/rechtliches/ds">Datenschutzerklärung</a></footer></body></html>`))
	cands := w.pageLinks(d, page, MethodPageLink)
	byURL := map[string]*cand{}
	for _, c := range cands {
		byURL[c.u.String()+c.button] = c
	}
	rel := byURL["http://www.v.test/rechtliches/ds"]
	if rel == nil || rel.method != MethodRelLink || rel.scores[rolePolicy] < 110 {
		t.Fatalf("rel candidate = %+v", rel)
	}
	if !strings.Contains(joinReasons(rel.reasons[rolePolicy]), "also linked as") {
		t.Errorf("rel candidate does not say it is also in the footer: %q", rel.reasons[rolePolicy])
	}
	if c := byURL["http://www.v.test/datenschutz"]; c == nil || c.method != MethodFooterLink || c.scores[rolePolicy] < policyThreshold {
		t.Errorf("footer Datenschutz = %+v", c)
	}
	if c := byURL["http://www.v.test/impressum"]; c == nil || c.scores[roleHub] < hubThreshold || c.scores[rolePolicy] >= policyThreshold {
		t.Errorf("Impressum = %+v", c)
	}
	if c := byURL["http://www.v.test/blog/2024/05/datenschutz-im-smart-home"]; c == nil || c.scores[rolePolicy] >= policyThreshold {
		t.Errorf("blog post = %+v", c)
	}
	if c := byURL["http://www.v.test/agb"]; c == nil || c.scores[rolePolicy] >= 0 {
		t.Errorf("AGB = %+v", c)
	}
	if c := byURL["http://www.v.test/de/javascript:void(0)"]; c == nil || !c.tried || !strings.HasPrefix(c.outcome, "rejected: not a link") {
		t.Errorf("cookie button = %+v", c)
	}
	if cands[0] != rel {
		t.Errorf("best candidate is %s", cands[0].u)
	}
}

func TestScanStopsWithContext(t *testing.T) {
	page := []byte("<html><body>" + strings.Repeat("<p>filler text for the scanner</p>", 100000) +
		`<footer><a href="/privacy">Privacy</a></footer></body></html>`)
	if d := scanHTMLContext(context.Background(), page); d.totalAnchors != 1 {
		t.Fatalf("full scan: %d anchors, want 1", d.totalAnchors)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	d := scanHTMLContext(ctx, page)
	if d.totalAnchors != 0 || len(d.text) > 8<<10 {
		t.Errorf("scan went on after its context ended: %d anchors, %d bytes of text", d.totalAnchors, len(d.text))
	}
}

func TestScanHugeTextToken(t *testing.T) {
	// Ten megabytes of text in one token after the footer (a gzip bomb's
	// zeros): the footer is read, and the text kept is capped.
	page := append([]byte(`<html><body><footer><a href="/privacy">Privacy &amp; cookies</a></footer><p>caf&eacute; `), bytes.Repeat([]byte("z"), 10<<20)...)
	d := scanHTML(page)
	if d.totalAnchors != 1 || d.anchors[0].text != "Privacy & cookies" {
		t.Fatalf("anchors %+v", d.anchors)
	}
	if !strings.HasPrefix(d.text, "Privacy & cookies café zzz") || len(d.text) != maxBodyText {
		t.Errorf("text %q… (%d bytes), want the footer, the unescaped text, and %d bytes", d.text[:min(60, len(d.text))], len(d.text), maxBodyText)
	}
}

// FuzzTagName checks that tagName reads every tag token's name as the
// tokenizer's TagName does.
//
//	go test ./crawler -run '^$' -fuzz FuzzTagName -fuzztime 30s
func FuzzTagName(f *testing.F) {
	for _, s := range []string{
		`<DIV Class=x><a HREF="/p">x</A></div>`, "<di\x00v>x</DI\x00V >", `<br/><img src=x /><p/>`,
		`<script>if (a</b) {}</SCRIPT ><style></Style>`, `<title>a</b></title><textarea></textarea x>`,
		"<a\tb>\n</a\f>", `</>`, `</ x>`, `<a`, `</a`, `<!-- x --><!DOCTYPE html><?x?>`, `<svg><foreignObject></foreignObject></svg>`,
		"<plaintext><a>", "<x-Émoji>é</x-Émoji>",
	} {
		f.Add([]byte(s))
	}
	addFixturePages(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		z := html.NewTokenizer(bytes.NewReader(data))
		var buf []byte
		for {
			switch tt := z.Next(); tt {
			case html.ErrorToken:
				return
			case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
				got := string(tagName(z.Raw(), &buf))
				want, _ := z.TagName()
				if got != string(want) {
					t.Fatalf("%v %q: tagName %q, TagName %q", tt, z.Raw(), got, want)
				}
			}
		}
	})
}

// FuzzAttrFold checks that the scanner's byte-level reads of role, id and
// class answer as strings.ToLower of the values would: role equal to a
// word, id or class (joined by a space, as the scanner once did) containing
// one, and the app-root id.
//
//	go test ./crawler -run '^$' -fuzz FuzzAttrFold -fuzztime 30s
func FuzzAttrFold(f *testing.F) {
	for _, s := range [][2]string{
		{"ContentInfo", "site-FOOTER"}, {"contentİnfo", "İ-header"}, {"BANNER", "Lang-switch"},
		{"navigat\u0130on", "\u212Aocale"}, {"\xffbanner", "foo\xffter"}, {" __Next ", "x"},
		{"\u00a0root\u00a0", "LOCALE"}, {"REACT-ROOT", "a b"}, {"", ""}, {"main-app\u0130", "footer"},
	} {
		f.Add([]byte(s[0]), []byte(s[1]))
	}
	f.Fuzz(func(t *testing.T, a, b []byte) {
		for _, w := range []string{"contentinfo", "navigation", "banner"} {
			if got, want := lowerIs(a, w), strings.ToLower(string(a)) == w; got != want {
				t.Fatalf("lowerIs(%q, %q) = %v, want %v", a, w, got, want)
			}
		}
		joined := strings.ToLower(string(a) + " " + string(b))
		for _, w := range []string{"footer", "header", "lang", "locale"} {
			if got, want := lowerContains(a, w) || lowerContains(b, w), strings.Contains(joined, w); got != want {
				t.Fatalf("%q %q contain %q: %v, want %v", a, b, w, got, want)
			}
		}
		root, ok := appRootID(a)
		want := strings.ToLower(strings.TrimSpace(string(a)))
		if ok != appRootIDs[want] || (ok && root != want) {
			t.Fatalf("appRootID(%q) = %q, %v; want %q, %v", a, root, ok, want, appRootIDs[want])
		}
	})
}

// FuzzMayReadAttrs checks that a start tag mayReadAttrs turns down has no
// attribute the scanner reads.
//
//	go test ./crawler -run '^$' -fuzz FuzzMayReadAttrs -fuzztime 30s
func FuzzMayReadAttrs(f *testing.F) {
	for _, s := range []string{
		`<meta charset="utf-8"><script src="/a.js"></script><path d="M0 0"/>`, `<A HREF="/p" Class=x>`,
		`<a href="x"title="y">`, `<a/href=x>`, `<a =href x=y>`, "<a\x00href=1 hr\x00ef=2>", `<p title='a class=b'>`,
		`<img src=x alt=y/>`, `<div data-reactroot>`, `<a href= title=x>`, `<a HrEf`, `<input ID=x>`, "<p\fRole=banner>",
	} {
		f.Add([]byte(s))
	}
	addFixturePages(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		z := html.NewTokenizer(bytes.NewReader(data))
		for {
			switch tt := z.Next(); tt {
			case html.ErrorToken:
				return
			case html.StartTagToken, html.SelfClosingTagToken:
				if mayReadAttrs(z.Raw()) {
					continue
				}
				raw := string(z.Raw())
				for more := true; more; {
					var k []byte
					k, _, more = z.TagAttr()
					if _, wanted := scanAttrs[string(k)]; wanted {
						t.Fatalf("%q: mayReadAttrs is false, but it has %q", raw, k)
					}
				}
			}
		}
	})
}

// TestAttrBuffers checks that the names and ids the scanner looks up fit
// the buffers it lower-cases them in.
func TestAttrBuffers(t *testing.T) {
	for name := range scanAttrs {
		if !wantedAttrName([]byte(strings.ToUpper(name))) {
			t.Errorf("attribute %q is not recognised", name)
		}
	}
	for id := range appRootIDs {
		if got, ok := appRootID([]byte(" " + strings.ToUpper(id) + " ")); !ok || got != id {
			t.Errorf("app root id %q: got %q, %v", id, got, ok)
		}
	}
}

// addFixturePages seeds f with the fixture sites' pages.
func addFixturePages(f *testing.F) {
	pages, _ := filepath.Glob("testdata/sites/*/*/*.html")
	for _, p := range pages {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
}

// TestPolicyEmbed: the embeds of policy hosts are named from the element
// they fill; other elements that mention a host are not embeds.
func TestPolicyEmbed(t *testing.T) {
	for _, tc := range []struct{ html, want string }{
		{`<div name="termly-embed" data-id="46d8"></div>`, "Termly"},
		{`<div data-name="Termly-Embed" data-id="46d8"></div>`, "Termly"},
		{`<div class="getterms-document-embed" data-getterms="x" data-getterms-document="privacy"></div>`, "GetTerms"},
		{`<div id="__enzuzo-root"></div>`, "Enzuzo"},
		{`<p class="termly">Policy generated with Termly.</p><meta name="termly">`, ""},
		{`<a href="https://www.iubenda.com/privacy-policy/123" class="iubenda-embed">Privacy Policy</a>`, ""},
	} {
		if got := scanHTML([]byte(`<html><body>` + tc.html + `</body></html>`)).policyEmbed; got != tc.want {
			t.Errorf("%s: embed %q, want %q", tc.html, got, tc.want)
		}
	}
}

// TestScriptURL: the address a script link opens, from its href or its
// onclick, and nothing from scripts that open no page.
func TestScriptURL(t *testing.T) {
	for _, tc := range []struct{ script, want string }{
		{"AbrirJanela('/PT/Institucional/PoliticaPrivacidade.aspx', 820, 640); return false;", "/PT/Institucional/PoliticaPrivacidade.aspx"},
		{`window.open("privacy.html", "_blank")`, "privacy.html"},
		{"javascript:openPopup('https://www.x.test/legal/privacy')", "https://www.x.test/legal/privacy"},
		{"javascript:void(0)", ""},
		{"toggle('menu-open'); track(\"footer click\")", ""},
		{"go('//cdn.x.test/a.js')", ""},
		{"", ""},
	} {
		if got := scriptURL(tc.script); got != tc.want {
			t.Errorf("scriptURL(%q) = %q, want %q", tc.script, got, tc.want)
		}
	}
}

// TestScanScriptLinksFramesRows: a pop-up link gets the address its
// script opens; a footer named in Portuguese is the footer; frames of the
// page's text are kept, not the footer's; a link named only "HTML" in a
// table keeps its row's text.
func TestScanScriptLinksFramesRows(t *testing.T) {
	d := scanHTML([]byte(`<html><body><main>
<iframe src="/legales/docs/politica.html"></iframe>
<table><tr><td>Datenschutzerklärung</td><td>4.0</td><td>gültig</td><td><a href="/recht/ds">HTML</a></td></tr></table>
</main>
<div id="rodape"><a href="javascript:void(0);" onclick="AbrirJanela('/PT/Politica.aspx', 820, 640)">Política de Privacidade</a>
<iframe src="/widgets/chat.html"></iframe></div>
</body></html>`))
	if len(d.frames) != 1 || d.frames[0] != "/legales/docs/politica.html" {
		t.Errorf("frames = %q, want the main frame only", d.frames)
	}
	var row, popup *anchor
	for _, a := range d.anchors {
		switch a.text {
		case "HTML":
			row = a
		case "Política de Privacidade":
			popup = a
		}
	}
	if row == nil || !strings.HasPrefix(d.rowText(row), "Datenschutzerklärung") {
		t.Errorf("row link = %+v, want the row's text", row)
	}
	if popup == nil || popup.href != "/PT/Politica.aspx" || popup.region != regionFooter {
		t.Errorf("pop-up link = %+v, want /PT/Politica.aspx in the footer", popup)
	}
}

// TestScanCardLinks: the first link after a heading, close by, keeps the
// heading's text (a card's title over an empty stretched link); a later
// link after the same heading, or one far from it, does not.
func TestScanCardLinks(t *testing.T) {
	far := strings.Repeat("Lorem ipsum dolor sit amet. ", 10)
	d := scanHTML([]byte(`<html><body><main>
<div class="card"><h3>Política de privacidad</h3><p>Qué datos tratamos.</p><a href="/legal/privacidad" class="stretched-link"></a></div>
<div class="col"><h4>Legal</h4><a href="/aviso">Aviso legal</a> <a href="/terminos">Términos</a></div>
<div><h3>Blog</h3><p>` + far + `</p><a href="/blog">Más</a></div>
<h2><a href="/cookies">Cookies</a></h2><a href="/after">x</a>
</main></body></html>`))
	want := map[string]string{
		"/legal/privacidad": "Política de privacidad Qué datos tratamos.",
		"/aviso":            "Legal",
		"/terminos":         "",
		"/blog":             "",
		"/cookies":          "",
		"/after":            "",
	}
	for _, a := range d.anchors {
		w, ok := want[a.href]
		if !ok {
			continue
		}
		delete(want, a.href)
		if got := d.rowText(a); got != w {
			t.Errorf("%s: card text %q, want %q", a.href, got, w)
		}
	}
	if len(want) > 0 {
		t.Errorf("links not read: %v", want)
	}
}

// TestScanOptionLinks: a menu of documents that navigates on change holds
// links: each option whose value is a page's address, named by its text;
// options that are no address (a language code, an empty choice) are not.
func TestScanOptionLinks(t *testing.T) {
	d := scanHTML([]byte(`<html><body><main><p>Prodotti</p></main><footer>
<select onchange="location.href=this.value"><option value="">Documenti legali</option>
<option value="/documenti/informativa-privacy">Informativa privacy
<option value="/documenti/cookie-policy">Cookie policy</option></select>
<select name="lang"><option value="it">Italiano</option><option value="de">Deutsch</option></select>
</footer></body></html>`))
	var got []string
	for _, a := range d.anchors {
		got = append(got, a.href+" "+a.text)
		if a.region != regionFooter {
			t.Errorf("%s: region %v, want the footer", a.href, a.region)
		}
	}
	want := []string{"/documenti/informativa-privacy Informativa privacy", "/documenti/cookie-policy Cookie policy"}
	if !slices.Equal(got, want) {
		t.Errorf("option links = %q, want %q", got, want)
	}
	if strings.Contains(d.text, "Informativa") {
		t.Errorf("an option's text went into the page's text: %q", d.text)
	}
}

// TestNoscriptLinks: the links of a <noscript>, which the tokenizer reads
// as text, are the page's links too (a script-built site's plain pages).
func TestNoscriptLinks(t *testing.T) {
	d := scanHTML([]byte(`<html><body><noscript><p>Senza JavaScript:</p><ul>
<li><a href="/html/protezione-dati.html">Dichiarazione sulla <b>protezione</b> dei dati</a></li>
<li><a href="/html/impressum.html" hreflang="it">Impressum</a></li></ul></noscript>
<main>Caricamento…</main><footer class="piede"><a href="#!/privacy">Privacy</a></footer></body></html>`))
	want := map[string]string{
		"/html/protezione-dati.html": "Dichiarazione sulla protezione dei dati",
		"/html/impressum.html":       "Impressum",
		"#!/privacy":                 "Privacy",
	}
	got := map[string]string{}
	for _, a := range d.anchors {
		got[a.href] = a.text
	}
	if !maps.Equal(got, want) {
		t.Errorf("anchors = %q, want %q", got, want)
	}
	if strings.Contains(d.text, "Dichiarazione") {
		t.Errorf("the noscript's text was read as the page's: %q", d.text)
	}
}

// TestScanWidgetFooter: an element whose class names a footer inside the
// page's main content ends a widget or a card; the page's own footer,
// by class outside main or by its tag, is the footer.
func TestScanWidgetFooter(t *testing.T) {
	d := scanHTML([]byte(`<html><body><main><div class="reviews"><p class="ks-footer"><a href="http://www.reviews.test/privacy">Privacyverklaring</a></p></div></main>
<div class="site-footer"><a href="/privacy-policy">Privacy</a></div></body></html>`))
	regions := map[string]region{}
	for _, a := range d.anchors {
		regions[a.text] = a.region
	}
	if regions["Privacyverklaring"] != regionBody || regions["Privacy"] != regionFooter {
		t.Errorf("regions = %v, want the widget's link in the body and the site's in the footer", regions)
	}
}

// TestScanFooterFrame: a frame that holds the site's footer (named so by
// its class, id, title or address, or standing in the footer) is kept as
// the footer's frame, not as a frame of the page's text.
func TestScanFooterFrame(t *testing.T) {
	for html, want := range map[string]string{
		`<main><p>Hi</p></main><iframe class="footer-frame" src="/partials/site-footer"></iframe>`: "/partials/site-footer",
		`<main><p>Hi</p></main><iframe src="/fragments/rodape.html"></iframe>`:                     "/fragments/rodape.html",
		`<main><p>Hi</p></main><footer><iframe src="/legal-links"></iframe></footer>`:              "/legal-links",
		`<main><p>Hi</p><iframe src="/legales/politica.html"></iframe></main>`:                     "",
	} {
		d := scanHTML([]byte("<html><body>" + html + "</body></html>"))
		if d.footerFrame != want {
			t.Errorf("%s: footer frame %q, want %q", html, d.footerFrame, want)
		}
	}
}

// TestScanDataHref: an element a script turns into a link (data-href,
// data-url) is a link when its address reads as a page's; one that names
// no page, or sits inside a link, is not.
func TestScanDataHref(t *testing.T) {
	d := scanHTML([]byte(`<html><body><main><p>Hi</p></main><footer>
<span role="link" data-href="/datenschutz/">Datenschutz</span>
<button data-url="/impressum/">Impressum</button>
<span data-href="#top">Nach oben</span>
<a href="/agb/"><span data-href="/other/">AGB</span></a>
</footer></body></html>`))
	var got []string
	for _, a := range d.anchors {
		got = append(got, a.href+" "+a.text)
	}
	want := []string{"/datenschutz/ Datenschutz", "/impressum/ Impressum", "/agb/ AGB"}
	if !slices.Equal(got, want) {
		t.Errorf("links = %q, want %q", got, want)
	}
}
