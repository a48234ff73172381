package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vigie-audit/vigie/render"
)

// A site whose footer is built by a script: vigie audit --render auto finds
// the policy through Chromium, records the run in a WARC, and vigie verify
// finds the quoted policy's hash in the archive; a tampered report fails.
func TestAuditRenderWARCVerify(t *testing.T) {
	if _, err := render.Find(""); err != nil {
		if os.Getenv("VIGIE_REQUIRE_CHROMIUM") == "1" {
			t.Fatalf("VIGIE_REQUIRE_CHROMIUM=1 but %v", err)
		}
		t.Skipf("browser test skipped: %v (set VIGIE_REQUIRE_CHROMIUM=1 to fail instead)", err)
	}
	site := filepath.Join("..", "..", "render", "testdata", "sites", "js-footer")
	mux := http.NewServeMux()
	file := func(name, ctype string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			b, err := os.ReadFile(filepath.Join(site, name))
			if err != nil {
				t.Error(err)
				return
			}
			w.Header().Set("Content-Type", ctype)
			w.Write(b)
		}
	}
	mux.HandleFunc("/{$}", file("index.html", "text/html; charset=utf-8"))
	mux.HandleFunc("/api/footer.json", file("footer.json", "application/json"))
	mux.HandleFunc("/legal/lumen-notice", file("privacy.html", "text/html; charset=utf-8"))
	srv := httptest.NewServer(mux)
	defer srv.Close()

	dir := t.TempDir()
	report := filepath.Join(dir, "report.json")
	archive := filepath.Join(dir, "run.warc.gz")
	code, _, stderr := runCmd(t, "", "audit", srv.URL, "--delay", "0", "--no-db", "--render", "auto",
		"--warc", archive, "-o", report, "-q")
	if code != ExitOK {
		t.Fatalf("audit: exit %d: %s", code, stderr)
	}
	r := readReport(t, report)
	v := r.Vendors[0]
	if v.Status != "found" || v.Policy == nil || !strings.HasSuffix(v.Policy.URL, "/legal/lumen-notice") {
		t.Fatalf("vendor: %s %s (policy %+v)", v.Status, v.Reason, v.Policy)
	}
	if len(v.Rendered) == 0 || v.Rendered[0].SHA256 == "" {
		t.Errorf("no rendered page recorded: %+v", v.Rendered)
	}
	browserCookie := false
	for _, c := range v.Cookies {
		browserCookie = browserCookie || (c.Name == "_lumen_analytics" && c.Source == "browser")
	}
	if !browserCookie {
		t.Errorf("the script's cookie is not reported: %+v", v.Cookies)
	}
	if r.Manifest.WARC != archive || r.Manifest.Render != "auto" || r.Manifest.Browser == "" {
		t.Errorf("manifest: %+v", r.Manifest)
	}

	code, out, stderr := runCmd(t, "", "verify", report, "--warc", archive)
	if code != ExitOK {
		t.Fatalf("verify: exit %d:\n%s%s", code, out, stderr)
	}

	// A report whose quoted hash was altered no longer verifies.
	b, _ := os.ReadFile(report)
	tampered := filepath.Join(dir, "tampered.json")
	os.WriteFile(tampered, []byte(strings.Replace(string(b), v.Policy.SHA256, strings.Repeat("0", 64), 1)), 0o644)
	if code, out, _ := runCmd(t, "", "verify", tampered, "--warc", archive); code != ExitThreshold {
		t.Errorf("verify of a tampered report: exit %d, want %d:\n%s", code, ExitThreshold, out)
	}
}
