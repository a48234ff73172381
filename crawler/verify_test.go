package crawler

import (
	"fmt"
	"net/http"
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
