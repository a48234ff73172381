package main

import (
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
)

// A site with no policy page of its own, whose legal notice ends with its
// privacy policy: vigie audit reports that part as the policy, says so, and
// assesses the part alone (the legal notice's own words on the site's
// HTTPS and firewalls are not the policy's security disclosure).
func TestAuditPolicyPartOfLegalNotice(t *testing.T) {
	site := filepath.Join("..", "..", "crawler", "testdata", "sites", "hub-legal-privacy-part-es", "www.termoluz.test")
	srv := httptest.NewServer(http.FileServer(http.Dir(site)))
	defer srv.Close()

	report := filepath.Join(t.TempDir(), "report.json")
	code, _, stderr := runCmd(t, "", "audit", srv.URL+"/", "--delay", "0", "--no-db", "-o", report, "-q")
	if code != ExitOK {
		t.Fatalf("audit: exit %d: %s", code, stderr)
	}
	v := readReport(t, report).Vendors[0]
	if v.Status != "found" || v.Policy == nil || !strings.HasSuffix(v.Policy.URL, "/aviso-legal.html") {
		t.Fatalf("vendor: %s %s (policy %+v)", v.Status, v.Reason, v.Policy)
	}
	if v.Policy.Section != "Política de privacidad:" {
		t.Errorf("policy part %q", v.Policy.Section)
	}
	warned := false
	for _, w := range v.Warnings {
		warned = warned || strings.Contains(w, "no privacy policy page")
	}
	if !warned {
		t.Errorf("no warning that the site has no policy page: %q", v.Warnings)
	}
	covered := map[string]bool{}
	for _, tr := range v.Topics {
		covered[tr.ID] = tr.Covered
		for _, e := range tr.Evidence {
			if strings.Contains(e.Text, "Propiedad intelectual") || strings.Contains(e.Text, "cortafuegos") {
				t.Errorf("%s quotes the legal notice: %q", tr.ID, e.Text)
			}
		}
	}
	for _, id := range []string{"data", "purposes", "sharing", "cookies", "rights"} {
		if !covered[id] {
			t.Errorf("%s not covered by the part", id)
		}
	}
	if covered["security"] || covered["children"] {
		t.Errorf("security or children covered, though the part says nothing of them: %v", covered)
	}
}
