package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/vigie-audit/vigie/reports"
)

// --lang fr audits the French notice of a site that shows its English one
// first, records the language in the manifest, and reports the French
// policy's findings.
func TestAuditLang(t *testing.T) {
	para := func(s ...string) string { return "<p>" + strings.Join(s, "</p><p>") + "</p>" }
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		switch r.URL.Path {
		case "/":
			fmt.Fprint(w, `<html lang="en"><body><main>Baby monitors</main><footer><a href="/privacy">Privacy Policy</a></footer></body></html>`)
		case "/privacy":
			fmt.Fprint(w, `<html lang="en"><head><title>Privacy Policy</title><link rel="alternate" hreflang="fr" href="/fr/confidentialite"></head><body><main><h1>Privacy Policy</h1>`+
				para("We collect your e-mail address and the recordings of your baby monitor when you use the app.",
					"We use them to provide the service and to answer your questions.",
					"We share them only with our hosting provider, which processes them on our behalf.",
					"You may access, correct or delete your data by writing to privacy@nido.example.",
					"We use cookies to keep you signed in, and analytics cookies only with your consent.",
					"Recordings are encrypted on our servers, and only the staff who need them can read them.")+
				`</main></body></html>`)
		case "/fr/confidentialite":
			fmt.Fprint(w, `<html lang="fr"><head><title>Politique de confidentialité</title></head><body><main><h1>Politique de confidentialité</h1>`+
				para("Nous collectons votre adresse électronique et les enregistrements de votre babyphone lorsque vous utilisez l'application.",
					"Nous les utilisons pour fournir le service et répondre à vos questions.",
					"Nous ne communiquons vos données personnelles à des tiers qu'à notre hébergeur, qui les traite pour notre compte.",
					"Vous disposez d'un droit d'accès, de rectification et d'effacement de vos données : écrivez à privacy@nido.example.",
					"Notre application n'est pas destinée aux enfants de moins de 15 ans.")+
				`</main></body></html>`)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	code, out, stderr := runCmd(t, "", "audit", srv.URL+"/", "--delay", "0", "--no-db", "-q", "-f", "json", "--lang", "fr")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var r reports.Report
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if err := reports.ValidateJSON([]byte(out)); err != nil {
		t.Fatal(err)
	}
	if r.Manifest.Language != "fr" {
		t.Errorf("manifest language %q", r.Manifest.Language)
	}
	v := r.Vendors[0]
	if v.Policy == nil || v.Policy.Language != "fr" || !strings.HasSuffix(v.Policy.URL, "/fr/confidentialite") {
		t.Fatalf("policy %+v warnings %q reason %q", v.Policy, v.Warnings, v.Reason)
	}
	// The French notice says nothing of cookies or security, and speaks of
	// children: the English one is not what was audited.
	if got := strings.Join(v.MissingTopics(), ","); got != "cookies,security" {
		t.Errorf("missing %s, want cookies,security", got)
	}
}
