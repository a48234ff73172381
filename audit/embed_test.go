package audit

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/vigie-audit/vigie/crawler"
	"github.com/vigie-audit/vigie/reports"
	"github.com/vigie-audit/vigie/rules"
)

// A policy whose text a policy host's script loads (a Termly embed),
// audited without a browser: the vendor's policy is found and recorded, and
// the report says its text could not be read, rather than scoring the
// site's empty frame as a policy that discloses nothing.
func TestRunEmbeddedPolicyUnrendered(t *testing.T) {
	site := fstest.MapFS{
		"index.html": {Data: []byte(`<!DOCTYPE html><html lang="en"><head><title>Scout</title></head><body>
<main><h1>Check your gums at home</h1><p>Scout reads the health of your gums in a minute.</p></main>
<footer><a href="/legal/tos.html">Terms</a> <a href="/legal/privacy.html">Privacy Policy</a></footer></body></html>`)},
		"legal/privacy.html": {Data: []byte(`<!DOCTYPE html><html lang="en"><head><title>Scout</title></head><body>
<nav><a href="/">Scout</a></nav><div name="termly-embed" data-id="3f1c2a9e-7d4b-4e8a-9c1f-5b2d6e8a4c10"></div>
<script src="https://app.termly.io/embed-policy.min.js"></script><footer>© 2025 Scout</footer></body></html>`)},
		"legal/tos.html": {Data: []byte(`<!DOCTYPE html><html><head><title>Terms</title></head><body><p>Terms of sale.</p></body></html>`)},
	}
	srv := httptest.NewServer(http.FileServerFS(site))
	t.Cleanup(srv.Close)
	c, err := crawler.New(crawler.Options{Delay: crawler.NoDelay, Render: crawler.RenderNever})
	if err != nil {
		t.Fatal(err)
	}
	pack, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	_, rep, _ := runJSON(t, []Input{newInput(srv.URL+"/", "Scout", 0, nil)}, Options{Crawler: c, Rules: pack, Concurrency: 1})
	v := rep.Vendors[0]
	if v.Status != reports.StatusFound || v.Policy == nil || v.Policy.URL != srv.URL+"/legal/privacy.html" {
		t.Fatalf("status %s, policy %+v (%s)", v.Status, v.Policy, v.Reason)
	}
	if !strings.Contains(v.Policy.Error, "Termly embed") || !strings.Contains(v.Reason, "Termly embed, and no rendering held it") {
		t.Errorf("policy error %q, reason %q: want the Termly embed named", v.Policy.Error, v.Reason)
	}
	if v.Score != 0 || len(v.MissingTopics()) != 7 {
		t.Errorf("score %d, missing %v: an unread policy has no verdicts", v.Score, v.MissingTopics())
	}
}
