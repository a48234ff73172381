package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vigie-audit/vigie/reports"
)

// analyze scores many documents in one call, in the order given, whatever
// order the workers finish in; a missing file is reported, not fatal; and
// --require turns a missing topic into exit 1 after the report is written.
func TestAnalyzeManyDocuments(t *testing.T) {
	site := filepath.Join("..", "..", "demo", "sites")
	files := []string{
		filepath.Join(site, "balance", "legal", "privacy-policy.html"),
		filepath.Join(site, "trailpulse", "privacy.html"),
		filepath.Join(site, "no-such-file.html"),
		filepath.Join(site, "schlafwerk", "rechtliches", "datenschutzerklaerung.html"),
	}
	args := append([]string{"analyze", "-f", "json", "--require", "all"}, files...)
	code, out, stderr := runCmd(t, "", args...)
	if code != ExitThreshold {
		t.Fatalf("exit %d, want %d (stderr %s)", code, ExitThreshold, stderr)
	}
	if err := reports.ValidateJSON([]byte(out)); err != nil {
		t.Fatal(err)
	}
	var r reports.Report
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if len(r.Vendors) != 4 {
		t.Fatalf("%d vendors, want 4", len(r.Vendors))
	}
	for i, f := range files {
		if r.Vendors[i].Input != f {
			t.Errorf("vendor %d is %s, want %s", i, r.Vendors[i].Input, f)
		}
	}
	if v := r.Vendors[0]; v.Status != "found" || len(v.MissingTopics()) != 0 {
		t.Errorf("complete policy: %s, missing %v", v.Status, v.MissingTopics())
	}
	if v := r.Vendors[1]; strings.Join(v.MissingTopics(), ",") != "cookies,security,rights,children" {
		t.Errorf("thin policy misses %v", v.MissingTopics())
	}
	if v := r.Vendors[2]; v.Status != "invalid_input" || !strings.Contains(v.Reason, "no such file") {
		t.Errorf("missing file: %s %s", v.Status, v.Reason)
	}
	if v := r.Vendors[3]; v.Policy == nil || v.Policy.Language != "de" || len(v.MissingTopics()) != 0 {
		t.Errorf("German policy: %+v missing %v", v.Policy, v.MissingTopics())
	}
	if !strings.Contains(stderr, "does not cover cookies, security, rights, children") {
		t.Errorf("the threshold summary does not name the missing topics: %s", stderr)
	}
}
