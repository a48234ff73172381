package crawler

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// The home page links no policy and its contact page redirects to a form
// service on another site, whose footer links the service's own policy:
// that is not the vendor's, and discovery goes on without it.
func TestContactPageRedirectedOffSite(t *testing.T) {
	pol := policyHTML(t)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		switch r.Host + r.URL.Path {
		case "www.hostile.test/":
			fmt.Fprint(w, `<html><head><title>Scales</title></head><body><nav><a href="/kontakt">Kontakt</a></nav><main><p>Welcome to our small shop of hand-made scales.</p></main></body></html>`)
		case "www.hostile.test/kontakt":
			http.Redirect(w, r, "http://forms.formservice.test/f/123", http.StatusFound)
		case "forms.formservice.test/f/123":
			fmt.Fprint(w, `<html><head><title>Contact form</title></head><body><form><input name=email></form><footer><a href="/privacy-policy">Privacy Policy</a></footer></body></html>`)
		case "forms.formservice.test/privacy-policy":
			w.Write(pol)
		default:
			http.NotFound(w, r)
		}
	})
	res, _ := discoverHostile(t, h, nil)
	if res.Policy != nil {
		t.Fatalf("policy %s taken from the form service (%s)", res.Policy.URL, res.Reason)
	}
	if !strings.Contains(res.Reason, "redirected to another site") {
		t.Errorf("reason does not say why the contact page was left: %s", res.Reason)
	}
}
