package store

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/vigie-audit/vigie/reports"
)

// crashVendor is the deterministic result of an input in the crash test, so
// that an interrupted and an uninterrupted run can be compared.
func crashVendor(in Input) (*reports.Vendor, []Document) {
	texts := []string{
		"We collect your weight. We never sell it.",
		"We collect your heart rate. You may ask us to delete it.",
		"We use cookies. See the cookie banner.",
	}
	return makeVendor(in, texts[in.Seq%len(texts)], topicIDs[:in.Seq%len(topicIDs)]...)
}

// runCrashChild is the child process of TestCrashSafety: it resumes the run
// and saves vendors with four workers, printing "saved SEQ" after each
// commit, until it is killed or done.
func runCrashChild(path, runID string) {
	ctx := context.Background()
	s, err := Open(ctx, path, Options{MustExist: true})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if _, err := s.ResumeRun(ctx, runID); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	pending, err := s.PendingInputs(ctx, runID)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	work := make(chan Input)
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for in := range work {
				if err := s.MarkStarted(ctx, runID, in.Seq); err != nil {
					fmt.Fprintln(os.Stderr, err)
					os.Exit(1)
				}
				v, docs := crashVendor(in)
				if err := s.SaveVendor(ctx, runID, in.Seq, v, docs); err != nil {
					fmt.Fprintln(os.Stderr, err)
					os.Exit(1)
				}
				mu.Lock()
				fmt.Fprintf(os.Stdout, "saved %d\n", in.Seq)
				mu.Unlock()
			}
		}()
	}
	for _, in := range pending {
		work <- in
	}
	close(work)
	wg.Wait()
	s.Close()
	os.Exit(0)
}

// TestCrashSafety kills a process that is saving vendors with SIGKILL at a
// random moment, several times, and checks after each kill that the database
// is intact, that no vendor is half-written, that every vendor the child
// reported committed is there, and that PendingInputs is exactly the rest.
// Finally it completes the run and compares it with an uninterrupted one.
func TestCrashSafety(t *testing.T) {
	if p := os.Getenv("VIGIE_STORE_CRASH_DB"); p != "" {
		runCrashChild(p, os.Getenv("VIGIE_STORE_CRASH_RUN"))
		return
	}
	if testing.Short() {
		t.Skip("spawns processes")
	}
	ctx := context.Background()
	const n = 400
	path := filepath.Join(t.TempDir(), "crash.db")
	s := openTest(t, path, Options{})
	spec := makeSpec(n)
	runID, err := s.CreateRun(ctx, spec)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()

	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 7))
	committed := map[int]bool{}
	for round := 0; round < 4; round++ {
		killAfter := 5 + rng.IntN(60) // commits seen before the kill
		reported, finished := runAndKill(t, path, runID, killAfter, time.Duration(rng.IntN(2000))*time.Microsecond)
		for _, seq := range reported {
			committed[seq] = true
		}
		done := checkConsistent(t, path, runID, n)
		for seq := range committed {
			if !done[seq] {
				t.Fatalf("round %d: vendor %d was reported committed but is not done", round, seq)
			}
		}
		t.Logf("round %d: killed after %d commits (finished=%v); %d/%d done", round, killAfter, finished, len(done), n)
		if finished {
			break
		}
	}

	// Finish in-process, as `vigie audit --resume` would.
	s = openTest(t, path, Options{MustExist: true})
	if _, err := s.ResumeRun(ctx, runID); err != nil && len(committed) < n {
		t.Fatal(err)
	}
	pending, _ := s.PendingInputs(ctx, runID)
	for _, in := range pending {
		v, docs := crashVendor(in)
		if err := s.SaveVendor(ctx, runID, in.Seq, v, docs); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.FinishRun(ctx, runID, false); err != nil {
		t.Fatal(err)
	}
	got, err := s.LoadReport(ctx, runID)
	if err != nil {
		t.Fatal(err)
	}

	// The uninterrupted run.
	ref := openTest(t, filepath.Join(t.TempDir(), "ref.db"), Options{})
	refID, _ := ref.CreateRun(ctx, spec)
	for _, in := range spec.Inputs {
		v, docs := crashVendor(in)
		if err := ref.SaveVendor(ctx, refID, in.Seq, v, docs); err != nil {
			t.Fatal(err)
		}
	}
	ref.FinishRun(ctx, refID, false)
	want, _ := ref.LoadReport(ctx, refID)
	if got.Partial || len(got.Vendors) != n {
		t.Fatalf("resumed report: partial %v, %d vendors; want complete with %d", got.Partial, len(got.Vendors), n)
	}
	gj, _ := json.Marshal(got.Vendors)
	wj, _ := json.Marshal(want.Vendors)
	if string(gj) != string(wj) {
		t.Error("the resumed run's vendors differ from the uninterrupted run's")
	}
	if !reflect.DeepEqual(got.Summary, want.Summary) {
		t.Errorf("summary %+v; want %+v", got.Summary, want.Summary)
	}
}

// runAndKill starts the child and kills it after it reported killAfter
// commits and a further random delay. It returns the seqs reported, and
// whether the child finished before the kill.
func runAndKill(t *testing.T, path, runID string, killAfter int, delay time.Duration) ([]int, bool) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashSafety$")
	cmd.Env = append(os.Environ(), "VIGIE_STORE_CRASH_DB="+path, "VIGIE_STORE_CRASH_RUN="+runID)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var reported []int
	sc := bufio.NewScanner(out)
	killed := false
	for sc.Scan() {
		seq, ok := strings.CutPrefix(sc.Text(), "saved ")
		if !ok {
			continue
		}
		n, _ := strconv.Atoi(seq)
		reported = append(reported, n)
		if len(reported) == killAfter && !killed {
			time.Sleep(delay)
			cmd.Process.Signal(syscall.SIGKILL)
			killed = true
		}
	}
	err = cmd.Wait()
	if !killed {
		if err != nil {
			t.Fatalf("child failed: %v\n%s", err, stderr.String())
		}
		return reported, true
	}
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && !ws.Signaled() && err != nil {
		t.Fatalf("child failed before the kill: %v\n%s", err, stderr.String())
	}
	return reported, false
}

// checkConsistent reopens the database after a crash and checks it: intact,
// no half-written vendor, and PendingInputs exactly the inputs not done. It
// returns the done seqs.
func checkConsistent(t *testing.T, path, runID string, n int) map[int]bool {
	t.Helper()
	ctx := context.Background()
	s, err := Open(ctx, path, Options{MustExist: true})
	if err != nil {
		t.Fatalf("reopen after kill: %v", err)
	}
	defer s.Close()
	var integrity string
	if err := s.r.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&integrity); err != nil || integrity != "ok" {
		t.Fatalf("integrity_check = %q, %v", integrity, err)
	}
	rows, err := s.r.QueryContext(ctx, `PRAGMA foreign_key_check`)
	if err != nil {
		t.Fatal(err)
	}
	if rows.Next() {
		t.Fatal("foreign_key_check reports violations")
	}
	rows.Close()
	// Every input is done iff its assessment exists, and every assessment
	// is whole: 7 topics, 2 fetches, bodies present.
	var bad int
	if err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM run_inputs i
		LEFT JOIN assessments a ON a.run_id = i.run_id AND a.seq = i.seq
		WHERE i.run_id = ? AND ((i.state = 'done') <> (a.seq IS NOT NULL)
		   OR (a.seq IS NOT NULL AND (
		       (SELECT count(*) FROM assessment_topics t WHERE t.run_id = a.run_id AND t.seq = a.seq) <> 7
		    OR (SELECT count(*) FROM fetches f JOIN contents c ON c.sha256 = f.sha256 WHERE f.run_id = a.run_id AND f.seq = a.seq) <> 2)))`,
		runID).Scan(&bad); err != nil {
		t.Fatal(err)
	}
	if bad != 0 {
		t.Fatalf("%d inputs are half-written", bad)
	}
	done := map[int]bool{}
	err = s.IterVendors(ctx, runID, func(v *reports.Vendor) error {
		seq := v.Line - 2 // makeInputs sets Line = Seq + 2
		want, _ := crashVendor(makeInputs(n)[seq])
		a, _ := json.Marshal(v)
		b, _ := json.Marshal(want)
		if string(a) != string(b) {
			return fmt.Errorf("vendor %d differs from what was saved", seq)
		}
		done[seq] = true
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	pending, err := s.PendingInputs(ctx, runID)
	if err != nil {
		t.Fatal(err)
	}
	if len(pending)+len(done) != n {
		t.Fatalf("%d pending + %d done != %d inputs", len(pending), len(done), n)
	}
	for _, in := range pending {
		if done[in.Seq] {
			t.Fatalf("input %d is both done and pending", in.Seq)
		}
	}
	return done
}

func TestConcurrentSaveVendor(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, "", Options{})
	const workers, n = 8, 200
	spec := makeSpec(n)
	id, err := s.CreateRun(ctx, spec)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for seq := w; seq < n; seq += workers {
				in := spec.Inputs[seq]
				if err := s.MarkStarted(ctx, id, seq); err != nil {
					errs <- err
					return
				}
				v, docs := crashVendor(in)
				if err := s.SaveVendor(ctx, id, seq, v, docs); err != nil {
					errs <- err
					return
				}
				// Readers run alongside the writers.
				if _, err := s.GetRun(ctx, id); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	run, _ := s.GetRun(ctx, id)
	if run.Done != n {
		t.Errorf("done = %d; want %d", run.Done, n)
	}
	var contents int
	s.r.QueryRowContext(ctx, `SELECT count(*) FROM contents`).Scan(&contents)
	if contents != n+3 { // one home page each, three policy texts
		t.Errorf("contents = %d; want %d", contents, n+3)
	}
}
