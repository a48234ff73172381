package analyzer

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDetectLanguageAccuracy runs DetectLanguage over short paragraphs of
// our own writing (testdata/lang/<code>.txt, one per line, policy and
// everyday sentences) and requires every one of them to be recognised.
func TestDetectLanguageAccuracy(t *testing.T) {
	total, right := 0, 0
	for _, lang := range Languages {
		f, err := os.Open(filepath.Join("testdata", "lang", lang+".txt"))
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		n := 0
		for sc.Scan() {
			line := strings.TrimSpace(sc.Text())
			if line == "" {
				continue
			}
			n++
			total++
			got, conf := DetectLanguage(line)
			if got == lang {
				right++
				continue
			}
			t.Errorf("%s: DetectLanguage(%q) = %q (%.2f)", lang, line, got, conf)
		}
		f.Close()
		if n < 20 {
			t.Errorf("%s: only %d samples", lang, n)
		}
	}
	t.Logf("language detection: %d/%d sentences right", right, total)
}

func TestDetectLanguage(t *testing.T) {
	tests := []struct {
		name, text, want string
		minConf, maxConf float64
	}{
		{"empty", "", "", 0, 0},
		{"numbers only", "12 34 56 2024", "", 0, 0},
		{"too short", "Cookies", "", 0, 0},
		{"long german", strings.Repeat("Wir verarbeiten Ihre personenbezogenen Daten nur, soweit dies für die Bereitstellung der Dienste erforderlich ist. ", 5), "de", 0.8, 1},
		{"german policy with english menu", "Home Shop About us Contact Login. Datenschutzerklärung. Wir verarbeiten Ihre Daten gemäß der DSGVO. Sie haben das Recht auf Auskunft und Löschung. Die Daten werden nicht an Dritte weitergegeben, es sei denn, wir sind dazu verpflichtet.", "de", 0.6, 1},
		{"spanish vs portuguese", "Los datos personales que usted nos facilita serán tratados por la empresa con la finalidad de gestionar su cuenta.", "es", 0.5, 1},
		{"portuguese vs spanish", "Os dados pessoais que nos fornece serão tratados pela empresa com a finalidade de gerir a sua conta.", "pt", 0.5, 1},
		{"dutch vs german", "Wij gebruiken uw gegevens om de dienst te leveren en om u te informeren over wijzigingen.", "nl", 0.5, 1},
		{"italian vs spanish", "Utilizziamo i dati per fornire il servizio e per informarti delle modifiche alla presente informativa.", "it", 0.5, 1},
		{"french elisions", "L'utilisateur peut s'opposer à l'utilisation de ses données qu'il a transmises.", "fr", 0.5, 1},
		// An address's words are no language's: the ".it" of
		// "privacy@circolo.it" made this one-line Italian notice English
		// ("it"); without them it is too short to tell, and every
		// language's rules read it.
		{"addresses", "Diritti: accesso, rettifica e cancellazione, scrivendo a privacy@circolo.it o su www.circolo.it.", "", 0, 0},
		{"addresses only", "privacy@circolo.example https://privacy.example/policy", "", 0, 0},
		{"at sign in a word", "Tod@s los usuarios pueden ejercer sus derechos ante la empresa.", "es", 0.1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, conf := DetectLanguage(tt.text)
			if got != tt.want || conf < tt.minConf || conf > tt.maxConf {
				t.Errorf("DetectLanguage = %q, %.2f; want %q in [%.1f, %.1f]", got, conf, tt.want, tt.minConf, tt.maxConf)
			}
		})
	}
}

func TestDetectLanguagePrior(t *testing.T) {
	// The declared language decides when the text cannot.
	if got, _ := detectLanguage("OK", "fr"); got != "fr" {
		t.Errorf("short text with prior fr: %q", got)
	}
	// It does not override clear evidence: a German page declared "en"
	// (a CMS default) is German.
	de := "Wir speichern Ihre Daten nur so lange, wie es für die genannten Zwecke erforderlich ist, und löschen sie danach."
	if got, _ := detectLanguage(de, "en"); got != "de" {
		t.Errorf("German text declared en: %q", got)
	}
}

// Text in a language outside Languages is not given the nearest of them:
// the few words it shares with them ("app", "cookies") make a low score
// for its length. The page's own declared language stands instead, or
// none.
func TestDetectLanguageOutside(t *testing.T) {
	texts := map[string]string{
		"sv": "Vi samlar in ditt namn, din e-postadress och uppgifter om hur du använder låset i appen. Uppgifterna lagras på servrar inom EU och delas aldrig med annonsörer. Du har rätt att begära ett utdrag, att få felaktiga uppgifter rättade och att få dina uppgifter raderade. Kontakta oss om du har frågor om hur vi behandlar personuppgifter.",
		"pl": "Zbieramy Twoje imię, adres e-mail oraz dane o tym, jak korzystasz z niani elektronicznej w aplikacji. Dane są przechowywane na serwerach w Unii Europejskiej i nigdy nie są sprzedawane reklamodawcom. Masz prawo do dostępu do swoich danych, ich sprostowania oraz usunięcia. Skontaktuj się z nami, jeśli masz pytania dotyczące przetwarzania danych osobowych.",
		"da": "Vi indsamler dit navn, din e-mailadresse og oplysninger om, hvordan du bruger sensoren i appen. Oplysningerne opbevares på servere i EU og deles aldrig med annoncører. Du har ret til indsigt i dine oplysninger, til at få forkerte oplysninger rettet og til at få dem slettet. Kontakt os, hvis du har spørgsmål om vores behandling af personoplysninger.",
	}
	for lang, text := range texts {
		if got, _ := detectLanguage(text, ""); got != "" {
			t.Errorf("%s text, nothing declared: %q, want unknown", lang, got)
		}
		if got, _ := detectLanguage(text, lang); got != lang {
			t.Errorf("%s text declared %s: %q", lang, lang, got)
		}
		if got, _ := detectLanguage(text, "en"); got != "" {
			t.Errorf("%s text declared en (a template's default): %q, want unknown", lang, got)
		}
	}
	// The seven keep their own, however short their words.
	if got, _ := detectLanguage(strings.Repeat("Wir verarbeiten Ihre Daten nur für die genannten Zwecke. ", 4), ""); got != "de" {
		t.Errorf("German: %q", got)
	}
}

func TestLangSlotsMatchTable(t *testing.T) {
	for w, k := range langTable {
		if got, ok := langWordIndex(fnv32(w), []byte(w)); !ok || got != k {
			t.Errorf("%q: %d %v, want %d", w, got, ok, k)
		}
	}
	for _, w := range []string{"", "privacy", "zzz", "thee", "donnée", "l'"} {
		_, inTable := langTable[w]
		if _, ok := langWordIndex(fnv32(w), []byte(w)); ok != inTable {
			t.Errorf("%q: found %v, in table %v", w, ok, inTable)
		}
	}
}
