package reports

import (
	"strings"
	"testing"
)

func TestFormatForPath(t *testing.T) {
	for path, want := range map[string]string{
		"out/report.json":       "json",
		"report.sarif.json":     "sarif",
		"REPORT.SARIF":          "sarif",
		"run.jsonl":             "jsonl",
		"run.ndjson":            "jsonl",
		"report.csv":            "csv",
		"report.md":             "md",
		"report.markdown":       "md",
		"report.html":           "html",
		"report.htm":            "html",
		"report.txt":            "table",
		"-":                     "",
		"":                      "",
		"report.out":            "",
		".json":                 "",
		"dir.json/report.jsonl": "jsonl",
	} {
		got, ok := FormatForPath(path)
		if got != want || ok != (want != "") {
			t.Errorf("FormatForPath(%q) = %q, %v; want %q", path, got, ok, want)
		}
	}
}

func TestResolveFormat(t *testing.T) {
	for _, c := range []struct {
		format, output, fallback, want, err string
	}{
		{"", "report.sarif.json", "table", "sarif", ""},
		{"markdown", "-", "", "md", ""},
		{"JSON", "report.html", "", "json", ""}, // explicit wins
		{"", "-", "table", "table", ""},
		{"", "", "json", "json", ""},
		{"", "report.out", "table", "", `cannot infer a format from "report.out"`},
		{"yaml", "", "", "", `unknown format "yaml": want one of json, jsonl, csv, csv-long, md, html, sarif, table`},
	} {
		got, err := ResolveFormat(c.format, c.output, c.fallback)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("ResolveFormat(%q, %q) error %v, want %q", c.format, c.output, err, c.err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("ResolveFormat(%q, %q, %q) = %q, %v; want %q", c.format, c.output, c.fallback, got, err, c.want)
		}
	}
}

func TestLookupFormat(t *testing.T) {
	for name, want := range map[string]string{"ndjson": "jsonl", "markdown": "md", "text": "table", " CSV-LONG ": "csv-long"} {
		f, err := LookupFormat(name)
		if err != nil || f.Name != want {
			t.Errorf("LookupFormat(%q) = %q, %v", name, f.Name, err)
		}
	}
	for _, f := range Formats() {
		if f.Description == "" || f.newWriter == nil {
			t.Errorf("format %s is incomplete", f.Name)
		}
	}
}

// Every topic says what a policy that discloses it says, for the writers'
// "What to add" of a missing or weak topic.
func TestTopicGuidance(t *testing.T) {
	for _, ti := range Topics() {
		if g := TopicGuidance(ti.ID); len(g) < 60 || g != ti.Guidance {
			t.Errorf("topic %s: guidance %q", ti.ID, g)
		}
	}
	if TopicGuidance("nope") != "" {
		t.Error("guidance for an unknown topic")
	}
}
