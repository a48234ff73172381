package crawler_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/vigie-audit/vigie/crawler"
)

// A regulator reads the notice given to the people of its country: with
// Options.Language the crawler asks for that language, and a policy found
// in another one is exchanged for the version in it that the policy page
// links, or the result warns that there is none.

const langPolicyEN = `<html lang="en"><head><title>Privacy Policy</title>%s</head><body><main><h1>Privacy Policy</h1>
<p>Thermo Ltd collects your name, your e-mail address and the temperature readings of your thermostat when you use the app.</p>
<p>We use these personal data to run your heating schedules, to answer your requests and to improve the service.</p>
<p>We share your data only with our hosting provider and our support desk, which process them on our behalf. We never sell them.</p>
<p>Our website uses cookies to keep you signed in and, with your consent, to measure its audience.</p>
<p>Your data are encrypted in transit and at rest, and access is restricted to the staff who need it.</p>
<p>You have the right to access, correct and erase your data, and to object to their processing: write to privacy@thermo.example.</p>
<p>Our services are not directed to children under 16.</p></main></body></html>`

const langPolicyFR = `<html lang="fr"><head><title>Politique de confidentialité</title></head><body><main><h1>Politique de confidentialité</h1>
<p>Thermo Ltd collecte votre nom, votre adresse électronique et les relevés de température de votre thermostat lorsque vous utilisez l'application.</p>
<p>Nous utilisons ces données personnelles pour faire fonctionner vos programmes de chauffage, répondre à vos demandes et améliorer le service.</p>
<p>Nous partageons vos données uniquement avec notre hébergeur et notre service d'assistance, qui les traitent pour notre compte. Nous ne les vendons jamais.</p>
<p>Notre site utilise des cookies pour vous garder connecté et, avec votre consentement, pour mesurer son audience.</p>
<p>Vos données sont chiffrées en transit et au repos, et leur accès est réservé au personnel qui en a besoin.</p>
<p>Vous disposez d'un droit d'accès, de rectification et d'effacement de vos données, et d'un droit d'opposition : écrivez à privacy@thermo.example.</p>
<p>Nos services ne s'adressent pas aux enfants de moins de 16 ans.</p></main></body></html>`

// langSite serves a thermostat maker's English site. Its policy links its
// French versions for France and for Canada (and a German one that is
// gone, and a Dutch one that is a cookie-settings page); when
// policyAlternates is false, only the home page links its French version,
// whose footer links the French policy. It records the Accept-Language
// headers it gets.
func langSite(t *testing.T, policyAlternates bool) (dial func(context.Context, string, string) (net.Conn, error), accepts func() []string) {
	var mu sync.Mutex
	var seen []string
	alternates := `<link rel="alternate" hreflang="fr-CA" href="/fr-ca/confidentialite">` +
		`<link rel="alternate" hreflang="fr-FR" href="/fr/confidentialite">` +
		`<link rel="alternate" hreflang="de" href="/de/datenschutz">` +
		`<link rel="alternate" hreflang="nl" href="/nl/cookies">`
	homeAlternates := ""
	if !policyAlternates {
		alternates = ""
		homeAlternates = `<head><link rel="alternate" hreflang="fr" href="/fr/"></head>`
	}
	canadian := strings.Replace(langPolicyFR, "Thermo Ltd collecte", "Thermo Canada collecte", 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.Header.Get("Accept-Language"))
		mu.Unlock()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		switch r.URL.Path {
		case "/":
			fmt.Fprint(w, `<html lang="en">`+homeAlternates+`<body><main>Smart thermostats</main><footer><a href="/en/privacy">Privacy Policy</a></footer></body></html>`)
		case "/fr/":
			fmt.Fprint(w, `<html lang="fr"><body><main>Thermostats connectés</main><footer><a href="/fr/mentions-legales">Mentions légales</a> <a href="/fr/confidentialite">Politique de confidentialité</a></footer></body></html>`)
		case "/en/privacy":
			fmt.Fprintf(w, langPolicyEN, alternates)
		case "/fr/confidentialite":
			fmt.Fprint(w, langPolicyFR)
		case "/fr-ca/confidentialite":
			fmt.Fprint(w, canadian)
		case "/nl/cookies":
			fmt.Fprint(w, `<html lang="nl"><head><title>Cookie-instellingen</title></head><body><main><h1>Cookie-instellingen</h1><p>Kies welke cookies u toestaat.</p><button>Opslaan</button></main></body></html>`)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	dial = func(ctx context.Context, network, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, network, srv.Listener.Addr().String())
	}
	accepts = func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), seen...)
	}
	return dial, accepts
}

func TestPreferredLanguage(t *testing.T) {
	tests := []struct {
		name             string
		lang             string
		policyAlternates bool
		wantURL          string
		wantLang         string
		wantWarning      string
		wantAccept       string
		wantMethods      string
	}{
		{"none asked", "", true, "/en/privacy", "en", "", "", "input footer_link"},
		{"the language found", "en", true, "/en/privacy", "en", "", "en, *;q=0.5", "input footer_link"},
		{"the policy's French version", "FR", true, "/fr-ca/confidentialite", "fr", "", "fr, *;q=0.5", "input footer_link language_switch"},
		{"the policy's version for France", "fr-fr", true, "/fr/confidentialite", "fr", "", "fr-FR, fr;q=0.9, *;q=0.5", "input footer_link language_switch"},
		{"through the home page's French version", "fr", false, "/fr/confidentialite", "fr", "", "fr, *;q=0.5", "input language_switch footer_link"},
		{"no version", "it", true, "/en/privacy", "en", "the policy is in en, not in it (asked for): neither it nor the home page links a it version", "it, *;q=0.5", "input footer_link"},
		{"a version that is gone", "de", true, "/en/privacy", "en", "its de version http://www.thermo.test/de/datenschutz answered 404", "de, *;q=0.5", "input footer_link"},
		{"a version that is not the policy", "nl", true, "/en/privacy", "en", "its nl version http://www.thermo.test/nl/cookies is not the policy", "nl, *;q=0.5", "input footer_link"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dial, accepts := langSite(t, tt.policyAlternates)
			c, err := crawler.New(crawler.Options{Delay: crawler.NoDelay, DialContext: dial, Language: tt.lang})
			if err != nil {
				t.Fatal(err)
			}
			res := c.Discover(context.Background(), "http://www.thermo.test/")
			if res.Status != crawler.StatusFound {
				t.Fatalf("%s: %s", res.Status, res.Reason)
			}
			if want := "http://www.thermo.test" + tt.wantURL; res.Policy.FinalURL != want || res.Policy.Language != tt.wantLang || res.Policy.Role != crawler.RolePolicy {
				t.Errorf("policy %s in %q (role %q), want %s in %s", res.Policy.FinalURL, res.Policy.Language, res.Policy.Role, want, tt.wantLang)
			}
			warnings := strings.Join(res.Warnings, "; ")
			if tt.wantWarning == "" && strings.Contains(warnings, "the policy is in") {
				t.Errorf("unexpected warning: %s", warnings)
			}
			if !strings.Contains(warnings, tt.wantWarning) {
				t.Errorf("warnings %q lack %q", warnings, tt.wantWarning)
			}
			for _, a := range accepts() {
				if a != tt.wantAccept {
					t.Errorf("Accept-Language %q, want %q", a, tt.wantAccept)
					break
				}
			}
			var methods []string
			for _, st := range res.DiscoveredVia {
				methods = append(methods, st.Method)
			}
			if got := strings.Join(methods, " "); got != tt.wantMethods {
				t.Errorf("discovered via %s, want %s (%+v)", got, tt.wantMethods, res.DiscoveredVia)
			}
			if tt.wantLang == "fr" && !strings.Contains(res.Reason, "read in fr (the policy found was in en)") {
				t.Errorf("reason %q", res.Reason)
			}
		})
	}
}

func TestPreferredLanguageInvalid(t *testing.T) {
	for _, l := range []string{"french", "f", "fr-France", "e1", "fr-F1"} {
		if _, err := crawler.New(crawler.Options{Language: l}); err == nil || !strings.Contains(err.Error(), "ISO 639-1") {
			t.Errorf("language %q: err %v", l, err)
		}
	}
	for in, want := range map[string]string{"FR": "fr", "fr-fr": "fr-FR", "es-419": "es-419", " de ": "de"} {
		if got, ok := crawler.LanguageTag(in); !ok || got != want {
			t.Errorf("LanguageTag(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}

// A separate cookie policy follows the policy into the language asked for:
// the English cookie policy read beside the English policy gives way to
// the French one the French policy links. When the French policy links
// none, or one that is not in French, the English one stays, with a
// warning.
func TestPreferredLanguageCookiePolicy(t *testing.T) {
	const cookieEN = `<html lang="en"><head><title>Cookie Policy</title></head><body><main><h1>Cookie Policy</h1>
<p>Cookies are small text files that our website stores on your device. We use essential cookies to keep you signed in and, with your consent, analytics cookies to measure the audience of our pages.</p>
<p>You can refuse or delete cookies at any time in your browser settings or through our cookie banner.</p>
<h2>Which cookies we use</h2><p>Session cookies keep your basket and your sign-in while you browse; they expire when you close the browser. Preference cookies remember your language and your region for a year.</p>
<p>Audience cookies, set only with your consent, count visits and the pages read, so that we learn which pages are useful; the figures are kept for thirteen months at most.</p></main></body></html>`
	const cookieFR = `<html lang="fr"><head><title>Politique relative aux cookies</title></head><body><main><h1>Politique relative aux cookies</h1>
<p>Les cookies sont de petits fichiers texte que notre site dépose sur votre terminal. Nous utilisons des cookies essentiels pour vous garder connecté et, avec votre consentement, des cookies de mesure d'audience.</p>
<p>Vous pouvez refuser ou supprimer les cookies à tout moment dans les paramètres de votre navigateur ou par notre bandeau cookies.</p>
<h2>Les cookies que nous utilisons</h2><p>Les cookies de session conservent votre panier et votre connexion pendant la navigation ; ils expirent à la fermeture du navigateur. Les cookies de préférence retiennent votre langue et votre région pendant un an.</p>
<p>Les cookies de mesure d'audience, déposés seulement avec votre consentement, comptent les visites et les pages lues, afin que nous sachions quelles pages sont utiles ; les chiffres sont conservés treize mois au plus.</p></main></body></html>`
	tests := []struct {
		name, frLink, wantCookie, wantWarning string
	}{
		{"the French cookie policy", `<a href="/fr/cookies">Politique cookies</a>`, "/fr/cookies", ""},
		{"none linked in French", "", "/en/cookies", "the cookie policy http://www.thermo.test/en/cookies is in en, not in fr (asked for): the policy in fr links no cookie policy"},
		{"a French link to an English page", `<a href="/en/cookies-copy">Politique cookies</a>`, "/en/cookies", "reads as en"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				switch r.URL.Path {
				case "/":
					fmt.Fprint(w, `<html lang="en"><body><main>Smart thermostats</main><footer><a href="/en/privacy">Privacy Policy</a> <a href="/en/cookies">Cookie Policy</a></footer></body></html>`)
				case "/en/privacy":
					fmt.Fprint(w, strings.Replace(fmt.Sprintf(langPolicyEN, `<link rel="alternate" hreflang="fr" href="/fr/confidentialite">`),
						"</main>", `<p>See our <a href="/en/cookies">Cookie Policy</a>.</p></main>`, 1))
				case "/fr/confidentialite":
					fmt.Fprint(w, strings.Replace(langPolicyFR, "</main>", "<p>"+tt.frLink+"</p></main>", 1))
				case "/en/cookies", "/en/cookies-copy":
					fmt.Fprint(w, cookieEN)
				case "/fr/cookies":
					fmt.Fprint(w, cookieFR)
				default:
					http.NotFound(w, r)
				}
			}))
			t.Cleanup(srv.Close)
			dial := func(ctx context.Context, network, _ string) (net.Conn, error) {
				var d net.Dialer
				return d.DialContext(ctx, network, srv.Listener.Addr().String())
			}
			c, err := crawler.New(crawler.Options{Delay: crawler.NoDelay, DialContext: dial, Language: "fr"})
			if err != nil {
				t.Fatal(err)
			}
			res := c.Discover(context.Background(), "http://www.thermo.test/")
			if res.Status != crawler.StatusFound || res.Policy.FinalURL != "http://www.thermo.test/fr/confidentialite" {
				t.Fatalf("%s: %s (%+v)", res.Status, res.Reason, res.Policy)
			}
			var docs []string
			for _, d := range res.Documents {
				docs = append(docs, strings.TrimPrefix(d.FinalURL, "http://www.thermo.test")+" "+d.Role)
			}
			if want := []string{tt.wantCookie + " " + crawler.RoleCookiePolicy}; !slices.Equal(docs, want) {
				t.Errorf("documents %q, want %q", docs, want)
			}
			warnings := strings.Join(res.Warnings, "; ")
			if tt.wantWarning == "" && warnings != "" {
				t.Errorf("unexpected warnings: %s", warnings)
			}
			if !strings.Contains(warnings, tt.wantWarning) {
				t.Errorf("warnings %q lack %q", warnings, tt.wantWarning)
			}
			if tt.wantWarning == "" && !strings.Contains(res.Reason, "its cookie policy too: http://www.thermo.test/fr/cookies") {
				t.Errorf("reason %q", res.Reason)
			}
		})
	}
}
