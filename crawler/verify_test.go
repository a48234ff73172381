package crawler

import (
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
