package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/vigie-audit/vigie/reports"
)

// savedRun writes a small run in the given format to a temporary file.
func savedRun(t *testing.T, format string) string {
	t.Helper()
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	r := reports.NewReport(reports.Tool{Name: "vigie", Version: "test", RulesVersion: "1"})
	r.Manifest.Command = "audit"
	r.GeneratedAt, r.StartedAt, r.FinishedAt = at, at, at.Add(time.Minute)
	var topics []reports.Topic
	for _, ti := range reports.Topics() {
		lv := reports.LevelCovered
		if ti.ID == "children" {
			lv = reports.LevelMissing
		}
		topics = append(topics, reports.Topic{ID: ti.ID, Title: ti.Title, Covered: lv == reports.LevelCovered, Strength: 0.8, Level: lv,
			Evidence: []reports.Evidence{{Section: "S", Text: "=1+1 quoted " + ti.ID, Start: 0, End: 10}}})
	}
	r.Vendors = []reports.Vendor{
		{Input: "https://good.example", Name: "Good", Status: reports.StatusFound, Score: 86, Topics: topics,
			Policy: &reports.Policy{URL: "https://good.example/privacy", Language: "en", FetchedAt: at, SHA256: strings.Repeat("a", 64)}},
		{Input: "https://gone.example", Name: "Gone", Status: reports.StatusNotFound, Reason: "no link"},
	}
	path := filepath.Join(t.TempDir(), "run."+format)
	var buf bytes.Buffer
	if err := reports.Write(&buf, r, format); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func runVigie(stdin string, args ...string) (code int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	code = run(args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestReportCommand(t *testing.T) {
	jsonRun, jsonlRun := savedRun(t, "json"), savedRun(t, "jsonl")
	dir := t.TempDir()

	t.Run("csv to stdout", func(t *testing.T) {
		code, out, errOut := runVigie("", "report", "--from", jsonlRun, "-f", "csv")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
		if err != nil || len(rows) != 3 || rows[1][1] != "Good" || rows[2][2] != "not_found" {
			t.Errorf("csv: %v %q", err, rows)
		}
	})

	t.Run("format from -o", func(t *testing.T) {
		path := filepath.Join(dir, "out.html")
		if code, _, errOut := runVigie("", "report", "--from", jsonRun, "-o", path); code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		b, _ := os.ReadFile(path)
		if !bytes.HasPrefix(b, []byte("<!DOCTYPE html>")) || !bytes.Contains(b, []byte("Good")) {
			t.Errorf("not the html report: %.80s", b)
		}
	})

	t.Run("csv-long", func(t *testing.T) {
		code, out, errOut := runVigie("", "report", "--from", jsonRun, "-f", "csv", "--csv-long")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		rows, _ := csv.NewReader(strings.NewReader(out)).ReadAll()
		if len(rows) != 1+2*7 || rows[1][4] != "data" || rows[1][9] != "'=1+1 quoted data" {
			t.Errorf("csv-long rows: %d, %q", len(rows), rows[1])
		}
	})

	t.Run("stdin and default table", func(t *testing.T) {
		in, _ := os.ReadFile(jsonlRun)
		code, out, errOut := runVigie(string(in), "report", "--from", "-")
		if code != 0 || !strings.Contains(out, "VENDOR") || !strings.Contains(out, "Good") {
			t.Errorf("exit %d, stdout %q, stderr %q", code, out, errOut)
		}
	})

	t.Run("thresholds", func(t *testing.T) {
		path := filepath.Join(dir, "out.sarif")
		code, _, errOut := runVigie("", "report", "--from", jsonRun, "-o", path, "--fail-under", "50", "--require", "children")
		if code != ExitThreshold {
			t.Fatalf("exit %d, want %d: %s", code, ExitThreshold, errOut)
		}
		for _, want := range []string{"2 of 2 vendors fall short", "Good (https://good.example): does not cover children", "Gone (https://gone.example): no policy analysed: not_found, no link\n"} {
			if !strings.Contains(errOut, want) {
				t.Errorf("stderr lacks %q:\n%s", want, errOut)
			}
		}
		if b, err := os.ReadFile(path); err != nil || !bytes.Contains(b, []byte(`"version": "2.1.0"`)) {
			t.Errorf("the report was not written before the threshold exit: %v", err)
		}
		if code, _, errOut := runVigie("", "report", "--from", jsonRun, "-f", "json", "--fail-under", "0", "--require", "data"); code != ExitThreshold {
			t.Errorf("require data: exit %d (Gone has no policy): %s", code, errOut)
		}
	})

	t.Run("truncated run", func(t *testing.T) {
		b, _ := os.ReadFile(jsonlRun)
		lines := strings.SplitAfter(string(b), "\n")
		cut := filepath.Join(dir, "cut.jsonl")
		os.WriteFile(cut, []byte(strings.Join(lines[:len(lines)-2], "")), 0o644)
		code, out, errOut := runVigie("", "report", "--from", cut, "-f", "md")
		if code != 0 || !strings.Contains(out, "Partial run") || !strings.Contains(errOut, "incomplete") {
			t.Errorf("exit %d, stdout %q, stderr %q", code, out, errOut)
		}
	})

	for _, c := range []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"no --from", []string{"report", "-f", "json"}, ExitUsage, "at least one of the flags in the group [from run] is required"},
		{"--from and --run", []string{"report", "--from", "x.json", "--run", "last"}, ExitUsage, "none of the others can be"},
		{"unknown format", []string{"report", "--from", jsonRun, "-f", "yaml"}, ExitUsage, `unknown format "yaml"`},
		{"unknown extension", []string{"report", "--from", jsonRun, "-o", filepath.Join(dir, "x.out")}, ExitUsage, "cannot infer a format"},
		{"unknown topic", []string{"report", "--from", jsonRun, "--require", "data,cookie"}, ExitUsage, `unknown topic "cookie"`},
		{"bad score", []string{"report", "--from", jsonRun, "--fail-under", "120"}, ExitUsage, "want a score from 0 to 100"},
		{"csv-long with md", []string{"report", "--from", jsonRun, "-f", "md", "--csv-long"}, ExitUsage, "--csv-long goes with -f csv"},
		{"overwrite input", []string{"report", "--from", jsonRun, "-o", jsonRun}, ExitUsage, "would overwrite"},
		{"missing file", []string{"report", "--from", filepath.Join(dir, "nope.json")}, ExitRuntime, "no such file"},
		{"not a report", []string{"report", "--from", "report_test.go"}, ExitRuntime, "not a vigie report"},
		{"arguments", []string{"report", "--from", jsonRun, "extra"}, ExitUsage, "unknown command"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, _, errOut := runVigie("", c.args...)
			if code != c.code || !strings.Contains(errOut, c.msg) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, errOut, c.code, c.msg)
			}
		})
	}
	// The input survived the overwrite attempt.
	if b, _ := os.ReadFile(jsonRun); !bytes.Contains(b, []byte(`"schema": "vigie.report/v1"`)) {
		t.Error("the saved run was damaged")
	}
}

func TestNewReportCmdFlags(t *testing.T) {
	for _, c := range []struct {
		args   []string
		format string
		th     reports.Thresholds
	}{
		{[]string{"--from", "r.json"}, "table", reports.Thresholds{}},
		{[]string{"--from", "r.json", "-o", "r.sarif.json"}, "sarif", reports.Thresholds{}},
		{[]string{"--from", "r.json", "--format", "ndjson"}, "jsonl", reports.Thresholds{}},
		{[]string{"--from", "r.json", "--require", "cookies", "--require", "data", "--fail-under", "70"}, "table",
			reports.Thresholds{FailUnder: 70, Require: []string{"data", "cookies"}}},
		{[]string{"--from", "r.json", "--require", "all"}, "table", reports.Thresholds{Require: reports.TopicIDs()}},
	} {
		var got *reportOptions
		cmd := newReportCmd(&streams{In: strings.NewReader(""), Out: &bytes.Buffer{}, ErrOut: &bytes.Buffer{}},
			func(_ context.Context, o *reportOptions) error { got = o; return nil })
		cmd.SetArgs(c.args)
		if err := cmd.Execute(); err != nil {
			t.Fatalf("%q: %v", c.args, err)
		}
		format, err := got.output.resolve("table")
		if err != nil || format != c.format {
			t.Errorf("%q: format %q, %v; want %q", c.args, format, err, c.format)
		}
		th, err := got.thresholds.get()
		if err != nil || th.FailUnder != c.th.FailUnder || !slices.Equal(th.Require, c.th.Require) {
			t.Errorf("%q: thresholds %+v, %v; want %+v", c.args, th, err, c.th)
		}
	}
}
