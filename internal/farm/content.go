package farm

import (
	"fmt"
	"strings"
)

// A language's words for the generated sites.
type lang struct {
	code     string
	products []string
	home     string // home-page text, %s = product
	link     string // footer link text to the policy
	path     string
	title    string
	other    []string // other footer links
	sections [7][2]string
}

var langs = []lang{
	{
		code:     "en",
		products: []string{"smart scale", "sleep tracker", "GPS watch", "baby monitor", "thermostat"},
		home:     "Our %s measures what matters and syncs it to the app. Free delivery across Europe.",
		link:     "Privacy Policy",
		path:     "/legal/privacy",
		title:    "Privacy Policy",
		other:    []string{"About us", "Careers", "Terms of Use", "Support"},
		sections: [7][2]string{
			{"Information we collect", "We collect your name, e-mail address and date of birth when you create an account, and the measurements recorded by the device, such as weight, heart rate and sleep phases. We also collect the device identifier and your IP address automatically."},
			{"How we use your information", "We use your information to provide the service, to show your trends in the app, to answer support requests and, with your consent, to send you our newsletter."},
			{"Sharing", "We do not sell your personal data. We share it only with our hosting provider and our support software provider, which process it on our behalf as processors."},
			{"Cookies", "Our website uses strictly necessary cookies and, with your consent, analytics cookies to measure its audience."},
			{"Security", "Your data are encrypted in transit and at rest, and access is restricted to authorised staff with two-factor authentication."},
			{"Your rights", "You have the right to access, rectify and erase your personal data, and to object to its processing. Write to privacy@example.test to exercise your rights, or lodge a complaint with your supervisory authority."},
			{"Children", "Our service is not directed to children under 16 and we do not knowingly collect their personal data."},
		},
	},
	{
		code:     "fr",
		products: []string{"balance connectée", "montre connectée", "capteur de sommeil", "babyphone", "thermostat"},
		home:     "Notre %s mesure l'essentiel et le synchronise avec l'application. Livraison offerte.",
		link:     "Politique de confidentialité",
		path:     "/confidentialite",
		title:    "Politique de confidentialité",
		other:    []string{"Mentions légales", "CGV", "Contact", "Aide"},
		sections: [7][2]string{
			{"Données collectées", "Nous collectons votre nom, votre adresse électronique et votre date de naissance lors de la création du compte, ainsi que les mesures enregistrées par l'appareil, comme le poids, la fréquence cardiaque et les phases de sommeil."},
			{"Finalités", "Vos données sont utilisées pour fournir le service, afficher vos tendances dans l'application, répondre à vos demandes et, avec votre consentement, vous envoyer notre lettre d'information."},
			{"Destinataires", "Nous ne vendons pas vos données personnelles. Elles sont communiquées uniquement à notre hébergeur et à notre prestataire de support, qui agissent en tant que sous-traitants."},
			{"Cookies", "Notre site dépose des cookies strictement nécessaires et, avec votre accord, des cookies de mesure d'audience."},
			{"Sécurité", "Vos données sont chiffrées lors de leur transfert et de leur stockage, et leur accès est réservé aux personnes habilitées."},
			{"Vos droits", "Vous disposez d'un droit d'accès, de rectification et d'effacement de vos données, ainsi que d'un droit d'opposition. Écrivez à dpo@example.test pour exercer vos droits, ou introduisez une réclamation auprès de la CNIL."},
			{"Mineurs", "Notre service n'est pas destiné aux enfants de moins de 15 ans et nous ne collectons pas sciemment leurs données."},
		},
	},
	{
		code:     "de",
		products: []string{"smarte Waage", "Schlafsensor", "GPS-Uhr", "Babyphone", "Thermostat"},
		home:     "Unsere %s misst, was zählt, und synchronisiert es mit der App. Kostenloser Versand.",
		link:     "Datenschutzerklärung",
		path:     "/datenschutz",
		title:    "Datenschutzerklärung",
		other:    []string{"Impressum", "AGB", "Kontakt", "Hilfe"},
		sections: [7][2]string{
			{"Welche Daten wir erheben", "Wir erheben Ihren Namen, Ihre E-Mail-Adresse und Ihr Geburtsdatum bei der Registrierung sowie die vom Gerät erfassten Messwerte wie Gewicht, Herzfrequenz und Schlafphasen."},
			{"Zwecke der Verarbeitung", "Wir verarbeiten Ihre Daten, um den Dienst bereitzustellen, Ihre Verläufe in der App anzuzeigen, Supportanfragen zu beantworten und Ihnen mit Ihrer Einwilligung unseren Newsletter zu senden."},
			{"Empfänger", "Wir verkaufen Ihre Daten nicht. Wir geben sie nur an unseren Hosting-Anbieter und unseren Support-Dienstleister weiter, die sie als Auftragsverarbeiter in unserem Auftrag verarbeiten."},
			{"Cookies", "Unsere Website setzt technisch notwendige Cookies und, mit Ihrer Einwilligung, Analyse-Cookies ein."},
			{"Datensicherheit", "Ihre Daten werden bei der Übertragung und Speicherung verschlüsselt; der Zugriff ist auf berechtigte Mitarbeiter beschränkt."},
			{"Ihre Rechte", "Sie haben das Recht auf Auskunft, Berichtigung und Löschung Ihrer Daten sowie ein Widerspruchsrecht. Schreiben Sie an datenschutz@example.test oder beschweren Sie sich bei einer Aufsichtsbehörde."},
			{"Kinder", "Unser Angebot richtet sich nicht an Kinder unter 16 Jahren; wir erheben wissentlich keine Daten von ihnen."},
		},
	},
}

func langOf(i int) lang { return langs[i%len(langs)] }

// Omitted returns the indexes (0–6, in topic order data … children) of the
// topics vendor i's policy leaves out: none for most vendors, up to three
// for some.
func Omitted(i int) []int {
	h := uint32(i)*2654435761 + 12345
	switch h % 5 {
	case 0, 1, 2:
		return nil
	case 3:
		return []int{int(h>>8) % 7}
	default:
		a, b := int(h>>8)%7, int(h>>16)%7
		if a == b {
			return []int{a}
		}
		return []int{a, b, 3 + int(h>>4)%4}
	}
}

func policyPath(i int) string { return langOf(i).path }

// PolicyPath is the path of vendor i's privacy policy on its site.
func PolicyPath(i int) string { return policyPath(i) }

// Name is vendor i's name.
func Name(i int) string { return fmt.Sprintf("Vendor %05d", i) }

// Home is vendor i's home page.
func Home(i int) string {
	l := langOf(i)
	product := l.products[(i/len(langs))%len(l.products)]
	var b strings.Builder
	fmt.Fprintf(&b, "<!DOCTYPE html>\n<html lang=%q><head><meta charset=\"utf-8\"><title>%s — %s</title></head><body>\n", l.code, Name(i), product)
	fmt.Fprintf(&b, "<header><nav><a href=\"/\">%s</a> <a href=\"/shop\">Shop</a></nav></header>\n", Name(i))
	fmt.Fprintf(&b, "<main><h1>%s</h1><p>%s</p></main>\n", product, fmt.Sprintf(l.home, product))
	b.WriteString("<footer>\n")
	for j, o := range l.other {
		fmt.Fprintf(&b, "<a href=\"/page-%d\">%s</a>\n", j, o)
		if j == 1 {
			fmt.Fprintf(&b, "<a href=%q>%s</a>\n", l.path, l.link)
		}
	}
	fmt.Fprintf(&b, "<p>© 2026 %s</p>\n</footer></body></html>\n", Name(i))
	return b.String()
}

// Policy is vendor i's privacy policy.
func Policy(i int) string {
	l := langOf(i)
	skip := map[int]bool{}
	for _, t := range Omitted(i) {
		skip[t] = true
	}
	var b strings.Builder
	fmt.Fprintf(&b, "<!DOCTYPE html>\n<html lang=%q><head><meta charset=\"utf-8\"><title>%s — %s</title></head><body>\n", l.code, l.title, Name(i))
	fmt.Fprintf(&b, "<header><nav><a href=\"/\">%s</a></nav></header>\n<main><article>\n<h1>%s</h1>\n", Name(i), l.title)
	fmt.Fprintf(&b, "<p>%s (%s) — %s.</p>\n", Name(i), Addr(i), l.title)
	for t, s := range l.sections {
		if skip[t] {
			continue
		}
		fmt.Fprintf(&b, "<h2>%s</h2>\n<p>%s</p>\n", s[0], s[1])
	}
	b.WriteString("</article></main>\n<footer><a href=\"/\">Home</a></footer></body></html>\n")
	return b.String()
}
