package reports_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/vigie-audit/vigie/reports"
)

// The pipeline streams: one writer per format, fed vendor by vendor, with a
// Checker beside it for --fail-under and --require.
func Example_streaming() {
	start := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	r := reports.NewReport(reports.Tool{Name: "vigie", Version: "v1.0.0", RulesVersion: "2026.03.0"})
	r.Manifest = reports.Manifest{Command: "audit", RobotsObeyed: true, DelayMS: 1000}
	r.GeneratedAt, r.StartedAt = start, start

	out, err := reports.NewWriter("csv", os.Stdout, reports.Options{})
	if err != nil {
		panic(err)
	}
	checker := reports.NewChecker(reports.Thresholds{Require: []string{"cookies"}})
	w := reports.MultiWriter(out, checker)

	if err := w.Begin(r); err != nil {
		panic(err)
	}
	// As each vendor finishes:
	v := reports.Vendor{Input: "https://gone.example", Name: "Gone", Status: reports.StatusNotFound,
		Reason: "no privacy-policy link in the footer"}
	if err := w.WriteVendor(&v); err != nil {
		panic(err)
	}
	r.FinishedAt = start.Add(time.Minute)
	if err := w.End(r); err != nil {
		panic(err)
	}
	fmt.Println(checker.Err())
	// Output:
	// input,name,status,reason,score,data,purposes,sharing,cookies,security,rights,children,missing,weak,policy_url,language,discovered_via,fetched_at,sha256
	// https://gone.example,Gone,not_found,no privacy-policy link in the footer,0,,,,,,,,,,,,,,
	// 1 of 1 vendor falls short of the thresholds (covers cookies):
	//   - Gone (https://gone.example): no policy analysed: not_found, no privacy-policy link in the footer
}

// Replay re-renders a saved run, vendor by vendor.
func ExampleReplay() {
	saved := `{"type":"header","schema":"vigie.report/v1","tool":{"name":"vigie","version":"v1.0.0","rules_version":"1"},"manifest":{"command":"audit","robots_obeyed":true,"delay_ms":0},"generated_at":"2026-03-02T09:00:00Z","started_at":"2026-03-02T09:00:00Z"}
{"type":"vendor","input":"https://gone.example","name":"Gone","status":"not_found","reason":"no link","score":0,"topics":[],"requests":1,"started_at":"2026-03-02T09:00:00Z","finished_at":"2026-03-02T09:00:01Z"}
`
	w, _ := reports.NewWriter("table", os.Stdout, reports.Options{Width: 80})
	_, err := reports.Replay(context.Background(), strings.NewReader(saved), w)
	fmt.Println(err)
	// Output:
	// #  VENDOR  SCORE  STATUS    dat pur sha coo sec rig chi  MISSING
	// 1  Gone        0  not_found  –   –   –   –   –   –   –   not_found: no link
	//
	// ✓ covered · ~ weak · ✗ missing · – not analysed
	// 1 vendor, 0 analysed, mean score 0.0
	// PARTIAL RUN: interrupted before every vendor finished
	// report is truncated (the run was interrupted or is still going); rendered the complete vendors and marked it partial
}

func ExampleResolveFormat() {
	for _, out := range []string{"report.sarif.json", "run.jsonl", "-"} {
		f, _ := reports.ResolveFormat("", out, "table")
		fmt.Println(out, "→", f)
	}
	// Output:
	// report.sarif.json → sarif
	// run.jsonl → jsonl
	// - → table
}
