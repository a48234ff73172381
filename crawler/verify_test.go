package crawler

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestVerifyStub: a page linked and titled as the policy that holds a line
// or two is the vendor's policy, a stub; an emptier page, or one the link
// or the title does not name as the policy, is not.
func TestVerifyStub(t *testing.T) {
	w, err := DefaultWords()
	if err != nil {
		t.Fatal(err)
	}
	const line = "This site is hosted by GitHub: see the GitHub Privacy Statement for what it collects."
	for _, tc := range []struct {
		name, title, body string
		strong, want      bool
	}{
		{"stub", "Privacy Policy", line, true, true},
		{"empty", "Privacy Policy", "Coming soon.", true, false},
		{"not linked as the policy", "Privacy Policy", line, false, false},
		{"not titled as the policy", "Example", line, true, false},
	} {
		p := &Page{ContentType: "text/html; charset=utf-8", Body: []byte("<html><head><title>" + tc.title + "</title></head><body><main><p>" + tc.body + "</p></main></body></html>")}
		ok, why := verifyPolicy(w.signals(p, scanHTML(p.Body)), tc.strong)
		if ok != tc.want || ok && !strings.HasPrefix(why, "a stub") {
			t.Errorf("%s: verifyPolicy = %v, %q; want %v", tc.name, ok, why, tc.want)
		}
	}
}

// TestVerifyPlaceholder: a page linked and titled as the policy whose text
// says the policy is being written or updated, and covers little, is no
// policy, in any of the main languages; a full policy that announces its
// next version is.
func TestVerifyPlaceholder(t *testing.T) {
	w, err := DefaultWords()
	if err != nil {
		t.Fatal(err)
	}
	chrome := strings.Repeat("Unit 4, Business Park, Clonmel. Tel 052 555 0187. Products: openers, keypads, fobs and solar kits. ", 4)
	full := strings.Repeat("We collect your name, email address and gate logs to provide the service and send alerts. "+
		"We share them with our hosting provider. You have the right to access, correct and delete your personal data. "+
		"We protect your data with encryption. We use cookies on our website. Our service is not directed to children. ", 3)
	for _, tc := range []struct {
		name, title, body string
		want              bool
	}{
		{"en", "Privacy Policy | Fenwright", "Our privacy policy is currently being updated and will be published here shortly. Please check back soon. " + chrome, false},
		{"fr", "Politique de confidentialité", "Notre politique de confidentialité est en cours de rédaction et sera bientôt disponible. " + chrome, false},
		{"de", "Datenschutzerklärung", "Unsere Datenschutzerklärung wird derzeit überarbeitet und ist in Kürze verfügbar. " + chrome, false},
		{"es", "Política de privacidad", "Nuestra política de privacidad se está actualizando y estará disponible pronto. " + chrome, false},
		{"es, in preparation", "Aviso de privacidad", "Estamos preparando esta sección. Muy pronto encontrarás aquí más información. " + chrome, false},
		{"full policy announcing a new version", "Privacy Policy", full + "A new version of this policy is coming soon.", true},
	} {
		p := &Page{ContentType: "text/html; charset=utf-8", Body: []byte("<html><head><title>" + tc.title + "</title></head><body><main><p>" + tc.body + "</p></main></body></html>")}
		sig := w.signals(p, scanHTML(p.Body))
		ok, why := verifyPolicy(sig, true)
		if ok != tc.want || !ok && !strings.HasPrefix(why, "a placeholder") {
			t.Errorf("%s: verifyPolicy = %v, %q; want %v", tc.name, ok, why, tc.want)
		}
		if !tc.want && readsThin(sig) {
			t.Errorf("%s: a placeholder reads as a thin privacy page", tc.name)
		}
	}
}

// TestReadsThin: an HTML page titled as privacy that speaks of a policy
// subject in a short policy's words is a thin privacy page; a settings
// page, an article, a consent form of a few dozen words, a page speaking
// of no subject or a raw text file is not.
func TestReadsThin(t *testing.T) {
	w, err := DefaultWords()
	if err != nil {
		t.Fatal(err)
	}
	const thin = "This site uses no cookies and no statistics tools. The language you choose is kept in your browser " +
		"and sent to no one. The server runs on your own network; the photos, albums and family accounts stay on " +
		"your disk and never pass through us. Once a week the server checks this site for a new version; the check " +
		"carries nothing of your photos, and our server sees only the address it comes from. Support messages serve " +
		"only to answer you and are deleted once the request is solved. If something here is unclear, write to us " +
		"and the person who wrote the software will answer you within two working days. The frames themselves " +
		"keep the last photos they showed, so they still work when the server is switched off for a while."
	const none = "The server runs on your own network; the photos and albums stay on your disk and never pass " +
		"through us. Once a week the server checks this site for a new version and sends nothing of your " +
		"photos. Support messages are answered within two working days by the person who wrote the software. " +
		"The server runs on a Raspberry Pi or any small computer at home, and the frames find it on the network " +
		"by themselves. Updates are signed, and the server installs them at night, when nobody looks at the frames. " +
		"A frame keeps the last photos it showed, so it still works when the server is switched off for a while."
	const consent = "Choose what we may store on this device. Necessary cookies keep you signed in. " +
		"Statistics cookies help us count visits. Save your choice or accept all."
	html := func(head, title, body string) *Page {
		return &Page{ContentType: "text/html; charset=utf-8", Body: []byte("<html><head>" + head + "<title>" + title + "</title></head><body><main>" + body + "</main></body></html>")}
	}
	for _, tc := range []struct {
		name string
		page *Page
		want bool
	}{
		{"thin", html("", "Privacy", thin), true},
		{"titled by its heading", html("", "QuadroRápido", "<h1>Privacidade</h1>"+thin), true},
		{"a settings page", html("", "Privacy settings", thin), false},
		{"an article", html(`<meta property="og:type" content="article">`, "Privacy", thin), false},
		{"a consent form", html("", "Privacy", consent), false},
		{"no subject", html("", "Privacy", none), false},
		{"not titled as privacy", html("", "About", thin), false},
		{"titled by privacy and the site", html("", "Your privacy at QuadroRápido | QuadroRápido", thin), true},
		{"a feature's privacy", html("", "Confidentialité de vos trajets – Velocia", thin), false},
		{"privacy in the app", html("", "Prywatność w aplikacji Iskrio", thin), false},
		{"raw text", &Page{ContentType: "text/plain; charset=utf-8", Body: []byte("# Privacy Shield\n\n" + thin)}, false},
	} {
		if got := readsThin(w.signals(tc.page, (&session{c: &Crawler{opts: Options{Words: w}}, ctx: t.Context()}).scanPage(tc.page))); got != tc.want {
			t.Errorf("%s: readsThin = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// A shell page titled as the policy whose few static words would pass as a
// stub is rendered first: the rendered policy is the policy.
func TestStubShellRendered(t *testing.T) {
	pol := string(policyHTML(t))
	shell := `<!DOCTYPE html><html><head><title>Privacy Policy</title></head><body><header><a href="/">Home</a> <a href="/about">About us</a> <a href="/pricing">Pricing</a> <a href="/blog">Blog</a> <a href="/contact">Contact</a> <a href="/login">Log in</a></header><div id="root"></div><noscript>You need to enable JavaScript to run this app.</noscript></body></html>`
	h := siteWith(t, func(w http.ResponseWriter, r *http.Request) bool {
		if r.URL.Path != "/privacy-policy" {
			return false
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, shell)
		return true
	})
	r := &fakeRenderer{pages: map[string]string{"http://www.hostile.test/privacy-policy": pol}}
	res, _ := discoverHostile(t, h, func(o *Options) { o.Renderer = r })
	if res.Policy == nil || !res.Policy.Rendered {
		t.Errorf("the shell was not rendered: %s", res.Reason)
	}
}

// TestTextTitle: a raw Markdown or text document's title is its first
// line, without heading marks, when short enough for a title.
func TestTextTitle(t *testing.T) {
	for in, want := range map[string]string{
		"# Privacy Policy\n\nLast updated: 2026": "Privacy Policy",
		"\n\n  Datenschutzerklärung  \n=====\n":  "Datenschutzerklärung",
		"**Privacy notice**\nWe collect…":        "Privacy notice",
		"This app collects nothing at all and sends nothing anywhere, not to us and not to anyone else.": "",
		"": "",
		"---\nlayout: page\ntitle: Privacy\n---\n\n# Privacy Policy\n\nWe collect…":          "Privacy Policy",
		"Last updated: 3 March 2025\n\n# Privacy Policy\n":                                   "Privacy Policy",
		"\ufeff# Privacy Policy\n":                                                           "Privacy Policy",
		"<!-- markdownlint-disable MD041 -->\n# Datenschutzerklärung\n":                      "Datenschutzerklärung",
		"[![Build](https://ci.example/badge.svg)](https://ci.example)\n\n# Privacy Policy\n": "Privacy Policy",
	} {
		if got := textTitle(in); got != want {
			t.Errorf("textTitle(%q) = %q, want %q", in, got, want)
		}
	}
	for ct, want := range map[string]string{"text/markdown; charset=utf-8": "text", "text/x-markdown": "text", "text/plain": "text"} {
		if got := sniffKind(ct, []byte("# Privacy Policy")); got != want {
			t.Errorf("sniffKind(%q) = %q, want %q", ct, got, want)
		}
	}
}

// TestSaysNotFound: a title or heading that says the page was not found,
// in the languages of the word lists, and titles that only contain the
// words' letters.
// TestOtherAudience: a notice for job applicants, staff, people filmed or
// suppliers is not the users' policy, unless its title names the users too.
func TestOtherAudience(t *testing.T) {
	w, err := DefaultWords()
	if err != nil {
		t.Fatal(err)
	}
	for title, want := range map[string]string{
		"Job applicant privacy notice | Lumenor Trust Centre":       "job applicant",
		"Employee Privacy Notice":                                   "employee",
		"CCTV privacy notice":                                       "cctv",
		"Datenschutzhinweise für Bewerberinnen und Bewerber":        "bewerb*",
		"Informativa videosorveglianza":                             "videosorveglianza",
		"Privacyverklaring voor sollicitanten":                      "sollicitanten",
		"Politique de confidentialité – candidats":                  "candidats",
		"Aviso de privacidad para candidatos":                       "candidatos",
		"Política de privacidade para candidatos":                   "candidatos",
		"Privacy notice for customers, suppliers and applicants":    "",
		"Datenschutzerklärung für Kunden und Lieferanten":           "",
		"Privacy Policy":                                            "",
		"Politique de protection des données à caractère personnel": "",
		"Informativa sul trattamento dei dati personali":            "",
		"": "",
	} {
		if got := w.otherAudience(title); got != want {
			t.Errorf("otherAudience(%q) = %q, want %q", title, got, want)
		}
	}
}

func TestSaysNotFound(t *testing.T) {
	for s, want := range map[string]bool{
		"Privacy Policy – Not found":       true,
		"404 | Example":                    true,
		"Seite nicht gefunden":             true,
		"Page introuvable – Exemple":       true,
		"Página no encontrada":             true,
		"Pagina non trovata":               true,
		"Pagina niet gevonden":             true,
		"Página não encontrada":            true,
		"Privacy Policy":                   false,
		"Found: our new privacy statement": false,
		"Datenschutz 4040 Linz":            false,
		"":                                 false,
	} {
		if got := saysNotFound(s); got != want {
			t.Errorf("saysNotFound(%q) = %v, want %v", s, got, want)
		}
	}
}

// TestSamePage: the same page however its address ends, and a template's
// relative link that repeats its folder, but not another page.
func TestSamePage(t *testing.T) {
	for _, tc := range []struct {
		link, page string
		want       bool
	}{
		{"https://a.test/privacy/", "https://a.test/privacy", true},
		{"https://a.test/privacy/index.html", "https://a.test/privacy/", true},
		{"https://a.test/privacy/privacy/index.html", "https://a.test/privacy/index.html", true},
		{"https://a.test/privacy/policy", "https://a.test/privacy", false},
		{"https://a.test/legal/privacy-policy.html", "https://a.test/privacy.html", false},
		{"https://a.test/", "https://a.test/", true},
		{"https://a.test/privacy", "https://a.test/", false},
	} {
		u, _ := url.Parse(tc.link)
		b, _ := url.Parse(tc.page)
		if got := samePage(u, b); got != tc.want {
			t.Errorf("samePage(%s, %s) = %v, want %v", tc.link, tc.page, got, tc.want)
		}
	}
}

// A link in a page's own text that names a price sells something: a page
// about privacy holding one is a product page. Menus and footers do not
// count, nor prices without a currency, nor years.
func TestSellsAtPrice(t *testing.T) {
	for _, c := range []struct {
		text   string
		region region
		want   bool
	}{
		{"Comprar Timbrito · 119 €", regionBody, true},
		{"Bestel het bouwpakket – € 89", regionBody, true},
		{"Buy the kit – $79.99", regionBody, true},
		{"Köp sensorn 349 kr", regionBody, true},
		{"Acquista il kit – 79 EUR", regionBody, true},
		{"From €99", regionNav, false},
		{"Starter kit 139 €", regionFooter, false},
		{"Boutique", regionBody, false},
		{"Privacy Policy 2024", regionBody, false},
		{"Read the 12 rules", regionBody, false},
	} {
		if got := sellsAtPrice([]*anchor{{text: c.text, region: c.region}}); got != c.want {
			t.Errorf("sellsAtPrice(%q in region %d) = %v, want %v", c.text, c.region, got, c.want)
		}
	}
}

// TestFullPolicyLink: a short first layer that calls itself a summary
// leads to its full text by a link in its own text; a link in the footer,
// to another site, or from a page that is not a first layer does not count.
func TestFullPolicyLink(t *testing.T) {
	w, err := DefaultWords()
	if err != nil {
		t.Fatal(err)
	}
	page := &Page{URL: "http://www.example.test/privacidad", FinalURL: "http://www.example.test/privacidad"}
	for _, tc := range []struct {
		name, html, want string
	}{
		{"first layer", `<title>Política de privacidad – Información básica</title><main><p>Responsable: Example SL.</p><p>Consulte la <a href="/privacidad/informacion-adicional">información adicional y detallada sobre protección de datos</a>.</p></main>`, "/privacidad/informacion-adicional"},
		{"at a glance", `<title>Example</title><main><h1>Privacy at a glance</h1><p>We keep little. <a href="/legal/privacy">Read the full privacy notice</a>.</p></main>`, "/legal/privacy"},
		{"footer link", `<title>Información básica</title><main><p>Responsable: Example SL.</p></main><footer><a href="/mas">Más información</a></footer>`, ""},
		{"another site", `<title>Información básica</title><main><p><a href="http://other.test/p">Información adicional</a></p></main>`, ""},
		{"not a first layer", `<title>Política de privacidad</title><main><p>Para <a href="/cookies">más información</a> sobre cookies.</p></main>`, ""},
		// A short notice that points to the policy by its name.
		{"short notice", `<title>Aviso de privacidad</title><main><p>Puedes consultar la política completa en nuestra <a href="/legal/politica-de-tratamiento-de-datos-personales">Política de Tratamiento de Datos Personales</a>.</p></main>`, "/legal/politica-de-tratamiento-de-datos-personales"},
		// A list of the policy's versions leads to the one in force, not
		// to an archived one listed first.
		{"versions", `<title>Política de Privacidade – versões</title><main><h1>Política de Privacidade</h1><table><tr><td>2.0</td><td><a href="/privacidade/v2-0">Consultar a versão 2.0</a></td></tr><tr><td>3.1</td><td><a href="/privacidade/v3-1">Consultar a versão em vigor</a></td></tr></table></main>`, "/privacidade/v3-1"},
		{"current version", `<title>Privacy Policy</title><main><p>Previous versions of this policy: <a href="/privacy/2023">2023</a>, <a href="/privacy/2021">2021</a>. <a href="/privacy/2025">Current version</a>.</p></main>`, "/privacy/2025"},
	} {
		got := ""
		if a := w.fullPolicyLink(page, scanHTML([]byte(tc.html))); a != nil {
			got = a.href
		}
		if got != tc.want {
			t.Errorf("%s: fullPolicyLink = %q, want %q", tc.name, got, tc.want)
		}
	}
}

// TestLanguageChoice: a short page that offers its text in several
// languages leads to the version in its own language; a page with one
// language's link, or none in its own, offers no choice.
func TestLanguageChoice(t *testing.T) {
	base, _ := url.Parse("http://www.x.test/datenschutz")
	for _, tc := range []struct{ name, html, want string }{
		{"chooser", `<html lang="de-CH"><body><main><a href="/de/datenschutzerklaerung" hreflang="de">Deutsch</a> <a href="/fr/protection-des-donnees" hreflang="fr">Français</a></main></body></html>`, "/de/datenschutzerklaerung"},
		{"own language second", `<html lang="fr"><body><main><a href="/de/d" hreflang="de">Deutsch</a> <a href="/fr/p" hreflang="fr-CH">Français</a></main></body></html>`, "/fr/p"},
		{"one language", `<html lang="de"><body><main><a href="/de/d" hreflang="de">Deutsch</a></main></body></html>`, ""},
		{"not its language", `<html lang="nl"><body><main><a href="/de/d" hreflang="de">Deutsch</a> <a href="/fr/p" hreflang="fr">Français</a></main></body></html>`, ""},
		{"no page language", `<html><body><main><a href="/de/d" hreflang="de">Deutsch</a> <a href="/fr/p" hreflang="fr">Français</a></main></body></html>`, ""},
		{"another site", `<html lang="de"><body><main><a href="http://other.test/de" hreflang="de">Deutsch</a> <a href="/fr/p" hreflang="fr">Français</a></main></body></html>`, ""},
		{"footer menu", `<html lang="de"><body><footer><a href="/de/d" hreflang="de">DE</a> <a href="/fr/p" hreflang="fr">FR</a></footer></body></html>`, ""},
	} {
		if got := leadHref(languageChoice, base, tc.html); got != tc.want {
			t.Errorf("%s: languageChoice = %q, want %q", tc.name, got, tc.want)
		}
	}
}

// leadHref is the address of the link that lead finds on the page of html
// read at base, "" for none.
func leadHref(lead func(*url.URL, *htmlDoc) *anchor, base *url.URL, html string) string {
	if a := lead(base, scanHTML([]byte(html))); a != nil {
		return a.href
	}
	return ""
}

// TestCanonicalOf: the canonical address is kept only for the same
// document (same site and path) at another address.
func TestCanonicalOf(t *testing.T) {
	final, _ := url.Parse("http://www.x.test/legal/privacy?src=footer")
	for _, tc := range []struct{ name, head, want string }{
		{"query dropped", `<link rel="canonical" href="http://www.x.test/legal/privacy">`, "http://www.x.test/legal/privacy"},
		{"relative", `<link rel="canonical" href="/legal/privacy/">`, "http://www.x.test/legal/privacy/"},
		{"another path", `<link rel="canonical" href="http://www.x.test/">`, ""},
		{"another site", `<link rel="canonical" href="http://www.y.test/legal/privacy">`, ""},
		{"same address", `<link rel="canonical" href="http://www.x.test/legal/privacy?src=footer">`, ""},
		{"none", `<link rel="stylesheet" href="/s.css">`, ""},
	} {
		d := scanHTML([]byte("<html><head>" + tc.head + "</head><body><p>x</p></body></html>"))
		if got := canonicalOf(d, final); got != tc.want {
			t.Errorf("%s: canonicalOf = %q, want %q", tc.name, got, tc.want)
		}
	}
}

// TestFrameOf: a short page's frame on its site is followed; another
// site's frame (a video, a map) and a script's are not.
func TestFrameOf(t *testing.T) {
	base, _ := url.Parse("http://www.x.test/privacidad")
	for _, tc := range []struct{ name, html, want string }{
		{"same site", `<html><body><main><h1>Política</h1><iframe src="/docs/politica.html"></iframe></main></body></html>`, "/docs/politica.html"},
		{"other site", `<html><body><main><iframe src="https://www.youtube.test/embed/x"></iframe></main></body></html>`, ""},
		{"script", `<html><body><main><iframe src="javascript:false"></iframe></main></body></html>`, ""},
		{"itself", `<html><body><main><iframe src="/privacidad"></iframe></main></body></html>`, ""},
	} {
		if got := leadHref(frameOf, base, tc.html); got != tc.want {
			t.Errorf("%s: frameOf = %q, want %q", tc.name, got, tc.want)
		}
	}
}

// TestPagePath: a section's links count when they lead to pages, not
// files.
func TestPagePath(t *testing.T) {
	for p, want := range map[string]bool{
		"/shop/": true, "/shop/products/lagoon-60": true, "/PT/Default.aspx": true,
		"/downloads/formular-2024.pdf": false, "/media/logo.PNG": false, "/docs/a.v2/": true,
	} {
		if got := pagePath(p); got != want {
			t.Errorf("pagePath(%q) = %v, want %v", p, got, want)
		}
	}
}

// TestVerifySupplement: a notice for one state's residents that links the
// policy it supplements is not the policy; a policy whose title names the
// state, linking no other, still is.
func TestVerifySupplement(t *testing.T) {
	w, err := DefaultWords()
	if err != nil {
		t.Fatal(err)
	}
	body := strings.Repeat("We collect your name, email address and thermostat readings to provide the service. "+
		"We share them with service providers. You have the right to know, to delete and to correct your personal information. "+
		"We protect your data with encryption. We use cookies. Our service is not directed to children. ", 4)
	for _, tc := range []struct {
		name, title, link string
		want              bool
	}{
		{"supplement", "California Privacy Notice | Thermavale", `<a href="/privacy-policy">Privacy Policy</a>`, false},
		{"notice at collection", "Notice at Collection", `<a href="/privacy-policy">privacy policy</a>`, false},
		{"alone", "California Privacy Notice | Thermavale", "", true},
		{"the policy", "Privacy Policy | Thermavale", `<a href="/cookies">Cookie Policy</a>`, true},
	} {
		p := &Page{URL: "http://www.thermavale.test/notice", ContentType: "text/html; charset=utf-8",
			Body: []byte("<html><head><title>" + tc.title + "</title></head><body><main><p>" + body + "</p><p>" + tc.link + "</p></main></body></html>")}
		sig := w.signals(p, scanHTML(p.Body))
		if ok, why := verifyPolicy(sig, true); ok != tc.want {
			t.Errorf("%s: verifyPolicy = %v, %q; want %v", tc.name, ok, why, tc.want)
		}
	}
}

// TestNamingQuote: the check's reason quotes what names the page as the
// policy, its title, or its main heading when only that does (a title left
// from another page).
func TestNamingQuote(t *testing.T) {
	w, err := DefaultWords()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ title, h1, want string }{
		{"Privacy Notice | Voltti", "Privacy Notice", `title "Privacy Notice | Voltti"`},
		{"Legal | Voltti", "Privacy Notice", `main heading "Privacy Notice"`},
		{"Termos e Condições | Mamalu", "Aviso de Privacidade", `main heading "Aviso de Privacidade"`},
	} {
		p := &Page{ContentType: "text/html; charset=utf-8", Body: []byte("<html><head><title>" + tc.title + "</title></head><body><main><h1>" + tc.h1 + "</h1><p>Text.</p></main></body></html>")}
		if got := w.signals(p, scanHTML(p.Body)).naming(); got != tc.want {
			t.Errorf("naming(%q, %q) = %s, want %s", tc.title, tc.h1, got, tc.want)
		}
	}
}
