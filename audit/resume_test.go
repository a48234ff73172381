package audit

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/vigie-audit/vigie/crawler"
	"github.com/vigie-audit/vigie/internal/farm"
	"github.com/vigie-audit/vigie/reports"
	"github.com/vigie-audit/vigie/rules"
	"github.com/vigie-audit/vigie/store"
)

// The child side of TestKillAndResume: audit the farm named by the
// environment into the store, until the parent kills it.
func TestKillAndResumeChild(t *testing.T) {
	db, list := os.Getenv("VIGIE_RESUME_DB"), os.Getenv("VIGIE_RESUME_LIST")
	if db == "" {
		t.Skip("child process of TestKillAndResume")
	}
	ins, err := ParseList(strings.NewReader(list), ListText)
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(context.Background(), db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = runFarm(context.Background(), st, ins, nil)
	t.Fatalf("the child was not killed (run ended: %v)", err)
}

// runFarm audits the inputs (or resumes run) into st, returning the JSON
// report.
func runFarm(ctx context.Context, st *store.Store, ins []Input, run *store.Run) ([]byte, error) {
	c, err := crawler.New(crawler.Options{Delay: crawler.NoDelay})
	if err != nil {
		return nil, err
	}
	pack, err := rules.Default()
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	w, err := reports.NewWriter("json", &buf, reports.Options{})
	if err != nil {
		return nil, err
	}
	o := Options{Crawler: c, Rules: pack, Writer: w, Store: st, Concurrency: 4,
		Tool: reports.Tool{Name: "vigie", Version: "test", RulesVersion: pack.Version(), RulesSHA256: pack.SHA256()}}
	if run != nil {
		_, err = Resume(ctx, run, o)
	} else {
		_, err = Run(ctx, ins, o)
	}
	return buf.Bytes(), err
}

// TestKillAndResume kills an audit with SIGKILL at a random point, resumes
// it, and checks the final report equals an uninterrupted run's: the same
// vendors, once each, with the same results (times and run ids aside).
func TestKillAndResume(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns a child process")
	}
	const n = 60
	f, err := farm.Start(context.Background(), n, 15*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	list := f.List() + "ftp://not-a-vendor.example/\n" + f.URL(3) + "\n" // an invalid row and a duplicate
	ins, err := ParseList(strings.NewReader(list), ListText)
	if err != nil {
		t.Fatal(err)
	}

	// The uninterrupted run.
	dir := t.TempDir()
	ref, err := store.Open(context.Background(), filepath.Join(dir, "ref.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want, err := runFarm(context.Background(), ref, ins, nil)
	ref.Close()
	if err != nil {
		t.Fatal(err)
	}

	for round := range 3 {
		db := filepath.Join(dir, fmt.Sprintf("killed-%d.db", round))
		cmd := exec.Command(os.Args[0], "-test.run", "^TestKillAndResumeChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), "VIGIE_RESUME_DB="+db, "VIGIE_RESUME_LIST="+list)
		cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Kill once a random share of the vendors is committed.
		target := 5 + rand.IntN(n-15)
		deadline := time.Now().Add(60 * time.Second)
		for done := 0; done < target; done = doneCount(db) {
			if time.Now().After(deadline) {
				cmd.Process.Kill()
				t.Fatalf("round %d: child made no progress (%d done)", round, done)
			}
			time.Sleep(5 * time.Millisecond)
		}
		time.Sleep(time.Duration(rand.IntN(30)) * time.Millisecond)
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		_ = cmd.Wait()

		st, err := store.Open(context.Background(), db, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		run, err := st.LatestUnfinishedRun(context.Background())
		if err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		if run.Done == run.Total {
			t.Fatalf("round %d: the child finished before the kill", round)
		}
		got, err := runFarm(context.Background(), st, nil, run)
		st.Close()
		if err != nil {
			t.Fatalf("round %d: resume: %v", round, err)
		}
		if a, b := normalise(t, want), normalise(t, got); a != b {
			t.Fatalf("round %d (killed after %d of %d): resumed report differs from an uninterrupted run:\nwant %s\ngot  %s", round, run.Done, run.Total, a, b)
		}
		t.Logf("round %d: killed with %d of %d vendors done, %d in flight; resumed report equals the uninterrupted one", round, run.Done, run.Total, run.Started)
	}
}

// doneCount reads how many vendors a run in progress has committed.
func doneCount(db string) int {
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

// normalise strips what legitimately differs between two runs of the same
// list: times, run ids and the partial flag's history.
func normalise(t *testing.T, report []byte) string {
	t.Helper()
	var r reports.Report
	if err := json.Unmarshal(report, &r); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, v := range r.Vendors {
		v.StartedAt, v.FinishedAt = time.Time{}, time.Time{}
		if v.Policy != nil {
			v.Policy.FetchedAt = time.Time{}
		}
		for i := range v.Documents {
			v.Documents[i].FetchedAt = time.Time{}
		}
		v.ChangedSince = nil
		j, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(j)
		b.WriteByte('\n')
	}
	b.WriteString("vendors=" + strconv.Itoa(len(r.Vendors)) + " partial=" + strconv.FormatBool(r.Partial))
	return b.String()
}
