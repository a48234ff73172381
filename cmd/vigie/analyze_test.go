package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
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

// A list item quoted as evidence carries the sentence that introduces the
// list, in the JSON report (lead_in) and in the Markdown one (before the
// item), so that a reader sees why "to comply with a court order" is a
// disclosure.
func TestAnalyzeQuotesListItemsWithTheirLeadIn(t *testing.T) {
	draft := "# Sharing\n\nWe may disclose your personal information:\n\n- to comply with a court order or a subpoena;\n- to our auditors and legal advisers.\n"
	code, out, stderr := runCmd(t, draft, "analyze", "-f", "json", "-")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if err := reports.ValidateJSON([]byte(out)); err != nil {
		t.Fatal(err)
	}
	var r reports.Report
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	sharing := r.Vendors[0].Topic("sharing")
	if sharing == nil || !sharing.Covered {
		t.Fatalf("sharing not covered: %+v", sharing)
	}
	var item *reports.Evidence
	for i, e := range sharing.Evidence {
		if strings.HasPrefix(e.Text, "to comply with a court order") {
			item = &sharing.Evidence[i]
		}
	}
	if item == nil {
		t.Fatalf("no quote of the list item: %+v", sharing.Evidence)
	}
	if item.LeadIn != "We may disclose your personal information:" {
		t.Errorf("lead-in %q", item.LeadIn)
	}
	_, md, _ := runCmd(t, draft, "analyze", "-f", "md", "-")
	if !strings.Contains(md, "> We may disclose your personal information: … to comply with a court order") {
		t.Errorf("the markdown report does not quote the item after its lead-in:\n%s", md)
	}
}

// analyze fetches a URL and scores the page; a URL with a fragment scores
// only the element it names (one tab of a legal page), and says so.
func TestAnalyzeURLAndFragment(t *testing.T) {
	site := filepath.Join("..", "..", "crawler", "testdata", "sites", "legal-tabs-fragment", "www.kraftwerk-coaching.test")
	srv := httptest.NewServer(http.FileServer(http.Dir(site)))
	defer srv.Close()
	page := srv.URL + "/rechtliches.html"
	code, out, stderr := runCmd(t, "", "analyze", "-f", "json", "--delay", "0", page, page+"#datenschutz", page+"#nowhere")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var r reports.Report
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if len(r.Vendors) != 3 {
		t.Fatalf("%d vendors, want 3", len(r.Vendors))
	}
	covered := func(v reports.Vendor, id string) bool {
		for _, tr := range v.Topics {
			if tr.ID == id {
				return tr.Covered
			}
		}
		return false
	}
	if r.Manifest.UserAgent == "" || !r.Manifest.RobotsObeyed {
		t.Errorf("a fetch speaks with a user agent and obeys robots.txt: %+v", r.Manifest)
	}
	whole, part := r.Vendors[0], r.Vendors[1]
	if whole.Status != reports.StatusFound || part.Status != reports.StatusFound {
		t.Fatalf("statuses %s (%s), %s (%s)", whole.Status, whole.Reason, part.Status, part.Reason)
	}
	if whole.Policy.Fragment != "" || part.Policy == nil || part.Policy.Fragment != "datenschutz" {
		t.Errorf("fragments %q, %+v", whole.Policy.Fragment, part.Policy)
	}
	// The terms' tab speaks of minors; the policy's does not.
	if !covered(whole, "children") || covered(part, "children") {
		t.Errorf("children: whole page %v, part %v", covered(whole, "children"), covered(part, "children"))
	}
	if !covered(part, "data") || !covered(part, "rights") {
		t.Errorf("the part's own topics are not covered: %+v", part.Topics)
	}
	// A fragment the page lacks: the whole page, no fragment reported, and
	// a warning that says so.
	if none := r.Vendors[2]; none.Policy == nil || none.Policy.Fragment != "" || !covered(none, "children") ||
		!strings.Contains(strings.Join(none.Warnings, " "), "no element #nowhere") {
		t.Errorf("#nowhere: %+v, warnings %q", none.Policy, none.Warnings)
	}
}

// A vendor checks the Word or OpenDocument draft itself, as the legal team
// wrote it: the same report, with quotes under the draft's own headings,
// and exit 1 when a required topic is missing.
func TestAnalyzeWordDrafts(t *testing.T) {
	pages := filepath.Join("..", "..", "analyzer", "testdata", "pages")
	files := []string{filepath.Join(pages, "policy-pandoc.docx"), filepath.Join(pages, "policy-libreoffice.odt")}
	args := append([]string{"analyze", "-f", "json", "--require", "data,purposes,rights"}, files...)
	code, out, stderr := runCmd(t, "", args...)
	if code != ExitOK {
		t.Fatalf("exit %d, want %d (stderr %s)", code, ExitOK, stderr)
	}
	var r reports.Report
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if len(r.Vendors) != 2 {
		t.Fatalf("%d vendors, want 2", len(r.Vendors))
	}
	en, fr := r.Vendors[0], r.Vendors[1]
	if en.Policy == nil || en.Policy.Language != "en" || strings.Join(en.MissingTopics(), ",") != "cookies,security,children" {
		t.Errorf("docx draft: %+v, missing %v", en.Policy, en.MissingTopics())
	}
	if fr.Policy == nil || fr.Policy.Language != "fr" || strings.Join(fr.MissingTopics(), ",") != "sharing,cookies" {
		t.Errorf("odt draft: %+v, missing %v", fr.Policy, fr.MissingTopics())
	}
	var section string
	for _, tr := range fr.Topics {
		if tr.ID == "security" && len(tr.Evidence) > 0 {
			section = tr.Evidence[0].Section
		}
	}
	if section != "Politique de confidentialité > Sécurité" {
		t.Errorf("security quoted under %q, want the draft's heading path", section)
	}
	// Nothing was fetched: the report names no user agent.
	if r.Manifest.UserAgent != "" {
		t.Errorf("local files only, yet user agent %q", r.Manifest.UserAgent)
	}
	code, md, _ := runCmd(t, "", "analyze", "-f", "md", files[0])
	if code != ExitOK || !strings.Contains(md, "local files only, nothing fetched") || strings.Contains(md, "robots.txt") {
		t.Errorf("Markdown header of a local analysis (exit %d):\n%.400s", code, md)
	}
	code, _, stderr = runCmd(t, "", "analyze", "-f", "json", "--require", "all", files[0])
	if code != ExitThreshold || !strings.Contains(stderr, "does not cover cookies, security, children") {
		t.Errorf("--require all on the docx draft: exit %d, stderr %s", code, stderr)
	}
}
