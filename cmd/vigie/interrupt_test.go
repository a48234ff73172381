package main

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/vigie-audit/vigie/internal/farm"
	"github.com/vigie-audit/vigie/reports"
	"github.com/vigie-audit/vigie/store"
)

// TestMain lets the tests run the real vigie in a child process: with
// VIGIE_RUN_MAIN=1 the test binary is vigie.
func TestMain(m *testing.M) {
	if os.Getenv("VIGIE_RUN_MAIN") == "1" {
		os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// vigieCmd returns the command running vigie with args in a child process.
func vigieCmd(args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "VIGIE_RUN_MAIN=1")
	return cmd
}

func exitCodeOf(err error) int {
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode()
	}
	if err != nil {
		return -1
	}
	return 0
}

// TestInterruptWritesPartialReportAndResumes sends Ctrl-C to an audit in
// progress: vigie exits with 130 after writing the report so far, marked
// partial; --resume then finishes the run without auditing again the
// vendors already done.
func TestInterruptWritesPartialReportAndResumes(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns vigie")
	}
	const n = 30
	f, err := farm.Start(context.Background(), n, 150*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	dir := t.TempDir()
	list := filepath.Join(dir, "vendors.txt")
	if err := os.WriteFile(list, []byte(f.List()), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "vigie.db")
	partial := filepath.Join(dir, "partial.json")

	cmd := vigieCmd("audit", "-i", list, "--delay", "0", "-c", "2", "--db", db, "-o", partial, "-q")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Ctrl-C once a few vendors are committed.
	deadline := time.Now().Add(60 * time.Second)
	for doneVendors(db) < 3 {
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatal("vigie committed no vendor within 60 s")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err = <-done:
	case <-time.After(20 * time.Second):
		cmd.Process.Kill()
		t.Fatal("vigie did not stop within 20 s of Ctrl-C")
	}
	if code := exitCodeOf(err); code != ExitInterrupted {
		t.Fatalf("exit code %d after Ctrl-C, want %d", code, ExitInterrupted)
	}
	r := readReport(t, partial)
	if !r.Partial || len(r.Vendors) == 0 || len(r.Vendors) >= n {
		t.Fatalf("interrupted report: partial=%v with %d of %d vendors", r.Partial, len(r.Vendors), n)
	}
	hitsBefore := f.Hits()["policy"]

	final := filepath.Join(dir, "final.json")
	out, err := vigieCmd("audit", "--resume", "--db", db, "-o", final, "-q").CombinedOutput()
	if code := exitCodeOf(err); code != ExitOK {
		t.Fatalf("resume: exit %d: %s", code, out)
	}
	r2 := readReport(t, final)
	if r2.Partial || len(r2.Vendors) != n || r2.RunID != r.RunID {
		t.Fatalf("resumed report: partial=%v, %d vendors, run %s (first run %s)", r2.Partial, len(r2.Vendors), r2.RunID, r.RunID)
	}
	for i, v := range r2.Vendors {
		if v.Input != f.URL(i) || v.Status != reports.StatusFound {
			t.Errorf("vendor %d: %s %s %s", i, v.Input, v.Status, v.Reason)
		}
	}
	// The vendors done before Ctrl-C were not fetched again.
	if again := f.Hits()["policy"] - hitsBefore; again > n-len(r.Vendors) {
		t.Errorf("resume fetched %d policies; only %d vendors were left", again, n-len(r.Vendors))
	}
}

// doneVendors reads how many vendors the run in progress has committed.
func doneVendors(db string) int {
	if _, err := os.Stat(db); err != nil {
		return 0
	}
	st, err := store.Open(context.Background(), db, store.Options{ReadOnly: true})
	if err != nil {
		return 0
	}
	defer st.Close()
	run, err := st.LatestUnfinishedRun(context.Background())
	if err != nil {
		return 0
	}
	return run.Done
}

func readReport(t *testing.T, path string) *reports.Report {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := reports.ValidateJSON(b); err != nil {
		t.Fatalf("%s does not validate: %v", path, err)
	}
	var r reports.Report
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	return &r
}
