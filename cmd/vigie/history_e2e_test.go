package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/vigie-audit/vigie/reports"
)

// A vendor whose policy gains a children section between two audits: the
// second report marks it changed since the first, history lists two
// versions, and diff shows the new sentences and the topic gained.
func TestAuditTwiceHistoryAndDiff(t *testing.T) {
	var version atomic.Int32
	version.Store(1)
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "User-agent: *\nDisallow:\n") })
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		fmt.Fprint(w, `<html lang="en"><head><title>Tempo watches</title></head><body><main><h1>Tempo</h1><p>The watch that counts your steps.</p></main>
<footer><a href="/terms">Terms</a> <a href="/privacy">Privacy Policy</a></footer></body></html>`)
	})
	mux.HandleFunc("/privacy", func(w http.ResponseWriter, r *http.Request) {
		children := ""
		if version.Load() == 2 {
			children = `<h2>Children</h2><p>Our watch is not intended for children under 16. We delete any account we learn belongs to a child.</p>`
		}
		fmt.Fprintf(w, `<html lang="en"><head><title>Privacy Policy | Tempo</title></head><body><main><h1>Privacy Policy</h1>
<h2>Data we collect</h2><p>We collect your name, your e-mail address and the steps and heart rate measured by the watch.</p>
<h2>How we use it</h2><p>We use your data to show your activity in the app and to answer your support requests.</p>
<h2>Sharing</h2><p>We do not sell your data. Our hosting provider stores it on our behalf.</p>
<h2>Your rights</h2><p>You have the right to access and delete your data: write to privacy@tempo.example.</p>
%s</main></body></html>`, children)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	dir := t.TempDir()
	db := filepath.Join(dir, "vigie.db")
	audit := func(out string) {
		t.Helper()
		code, _, stderr := runCmd(t, "", "audit", srv.URL, "--delay", "0", "--db", db, "-o", out, "-q")
		if code != ExitOK {
			t.Fatalf("audit: exit %d: %s", code, stderr)
		}
	}
	audit(filepath.Join(dir, "first.json"))
	version.Store(2)
	second := filepath.Join(dir, "second.json")
	audit(second)

	r := readReport(t, second)
	v := r.Vendors[0]
	if v.ChangedSince == nil || strings.Join(v.ChangedSince.TopicsGained, ",") != "children" || len(v.ChangedSince.TopicsLost) != 0 {
		t.Fatalf("changed_since = %+v, want children gained", v.ChangedSince)
	}

	host := strings.TrimPrefix(srv.URL, "http://")
	code, out, stderr := runCmd(t, "", "history", host, "--db", db)
	if code != ExitOK {
		t.Fatalf("history: exit %d: %s", code, stderr)
	}
	if lines := strings.Count(strings.TrimSpace(out), "\n"); lines < 2 || !strings.Contains(out, v.Policy.SHA256[:12]) {
		t.Errorf("history lists too little:\n%s", out)
	}

	code, out, stderr = runCmd(t, "", "diff", host, "--db", db)
	if code != ExitOK {
		t.Fatalf("diff: exit %d: %s", code, stderr)
	}
	t.Logf("diff:\n%s", out)
	for _, want := range []string{"+", "not intended for children under 16", "children"} {
		if !strings.Contains(out, want) {
			t.Errorf("diff lacks %q:\n%s", want, out)
		}
	}
}

// A vendor whose policy is a part of its legal notice: an edit to the
// notice's other parts between two audits is no change of the policy; an
// edit to the policy part is, and diff shows that part's sentences, not the
// rest of the notice.
func TestAuditTwicePolicyPartHistory(t *testing.T) {
	site := filepath.Join("..", "..", "crawler", "testdata", "sites", "hub-legal-privacy-part-es", "www.termoluz.test")
	legal, err := os.ReadFile(filepath.Join(site, "aviso-legal.html"))
	if err != nil {
		t.Fatal(err)
	}
	var page atomic.Value
	page.Store(string(legal))
	files := http.FileServer(http.Dir(site))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/aviso-legal.html" {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, page.Load().(string))
			return
		}
		files.ServeHTTP(w, r)
	}))
	defer srv.Close()

	dir := t.TempDir()
	db := filepath.Join(dir, "vigie.db")
	audit := func(name string) reports.Vendor {
		t.Helper()
		out := filepath.Join(dir, name)
		code, _, stderr := runCmd(t, "", "audit", srv.URL+"/", "--delay", "0", "--db", db, "-o", out, "-q")
		if code != ExitOK {
			t.Fatalf("audit: exit %d: %s", code, stderr)
		}
		v := readReport(t, out).Vendors[0]
		if v.Policy == nil || v.Policy.Section == "" {
			t.Fatalf("%s: no policy part: %s %s", name, v.Status, v.Reason)
		}
		return v
	}
	audit("first.json")

	// The notice's address changes: the page's body does, the policy's
	// text does not.
	page.Store(strings.Replace(string(legal), "Calle del Mar 14", "Avenida del Puerto 2", 1))
	if v := audit("second.json"); v.ChangedSince != nil {
		t.Errorf("an edit outside the policy part reported as a change: %+v", v.ChangedSince)
	}

	// The policy part gains a sentence on children.
	const kids = "<p>No recogemos datos de menores de 14 años.</p>\n</main>"
	page.Store(strings.Replace(strings.Replace(string(legal), "Calle del Mar 14", "Avenida del Puerto 2", 1), "</main>", kids, 1))
	v := audit("third.json")
	if v.ChangedSince == nil || strings.Join(v.ChangedSince.TopicsGained, ",") != "children" {
		t.Fatalf("changed_since = %+v, want children gained", v.ChangedSince)
	}
	host := strings.TrimPrefix(srv.URL, "http://")
	code, out, stderr := runCmd(t, "", "diff", host, "--db", db)
	if code != ExitOK {
		t.Fatalf("diff: exit %d: %s", code, stderr)
	}
	if !strings.Contains(out, "menores de 14") || strings.Contains(out, "Avenida del Puerto") || strings.Contains(out, "Calle del Mar") {
		t.Errorf("diff is not the policy part's:\n%s", out)
	}
}

// A vendor whose footer's "Datenschutz" points at a tab of its legal page
// (rechtliches.html#datenschutz): only that tab is assessed, and the report
// names it; the imprint's and the terms' sentences are no evidence (the
// terms' "Widerrufsrecht" is no right over one's data, and what they say of
// minors is no part of the policy, which says nothing of children).
func TestAuditPolicyFragment(t *testing.T) {
	site := filepath.Join("..", "..", "crawler", "testdata", "sites", "legal-tabs-fragment", "www.kraftwerk-coaching.test")
	srv := httptest.NewServer(http.FileServer(http.Dir(site)))
	defer srv.Close()
	dir := t.TempDir()
	out := filepath.Join(dir, "report.json")
	// (the store in the test's folder, not the default vigie.db in the
	// package's source folder)
	code, _, stderr := runCmd(t, "", "audit", srv.URL+"/", "--delay", "0", "--db", filepath.Join(dir, "vigie.db"), "-o", out, "-q")
	if code != ExitOK {
		t.Fatalf("audit: exit %d: %s", code, stderr)
	}
	v := readReport(t, out).Vendors[0]
	if v.Policy == nil || v.Policy.Fragment != "datenschutz" {
		t.Fatalf("policy = %+v (%s), want the part #datenschutz", v.Policy, v.Reason)
	}
	covered := map[string]bool{}
	for _, tr := range v.Topics {
		covered[tr.ID] = tr.Covered
		for _, e := range tr.Evidence {
			for _, outside := range []string{"Firmenbuch", "Wirtschaftskammer", "Geschäftsbedingungen", "Widerrufsrecht", "storniert"} {
				if strings.Contains(e.Text, outside) {
					t.Errorf("%s: evidence from outside the part: %q", tr.ID, e.Text)
				}
			}
		}
	}
	for _, id := range []string{"data", "purposes", "rights", "cookies"} {
		if !covered[id] {
			t.Errorf("%s not covered by the part", id)
		}
	}
	if covered["children"] {
		t.Error("children covered by the terms, outside the part")
	}
}
