package store

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/vigie-audit/vigie/reports"
)

func seqs(ins []Input) []int {
	out := []int{}
	for _, in := range ins {
		out = append(out, in.Seq)
	}
	return out
}

func TestRunLifecycle(t *testing.T) {
	ctx := context.Background()
	c := newClock()
	s := openTest(t, "", Options{Now: c.Now})
	spec := makeSpec(5)
	id, err := s.CreateRun(ctx, spec)
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^\d{8}T\d{6}Z-[0-9a-f]{6}$`).MatchString(id) {
		t.Errorf("run id %q does not match the documented format", id)
	}
	run, err := s.GetRun(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if run.State != RunRunning || run.Total != 5 || run.Pending != 5 || run.Command != "audit" {
		t.Errorf("new run = %+v", run)
	}
	if !reflect.DeepEqual(run.Tool, spec.Tool) || !reflect.DeepEqual(run.Manifest, spec.Manifest) {
		t.Errorf("tool/manifest not kept: %+v %+v", run.Tool, run.Manifest)
	}
	if string(run.Options) != `{"concurrency":4}` {
		t.Errorf("options = %s", run.Options)
	}
	ins, err := s.Inputs(ctx, id)
	if err != nil || !reflect.DeepEqual(ins, spec.Inputs) {
		t.Fatalf("Inputs = %+v, %v; want %+v", ins, err, spec.Inputs)
	}

	// Input 0 and 1 done, 2 in flight, 3 and 4 never started.
	for _, seq := range []int{0, 1, 2} {
		if err := s.MarkStarted(ctx, id, seq); err != nil {
			t.Fatal(err)
		}
	}
	for _, seq := range []int{0, 1} {
		v, docs := makeVendor(spec.Inputs[seq], "We collect data.", "data")
		if err := s.SaveVendor(ctx, id, seq, v, docs); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.MarkStarted(ctx, id, 0); err == nil || !strings.Contains(err.Error(), "already done") {
		t.Errorf("MarkStarted on a done input: %v", err)
	}
	if err := s.MarkStarted(ctx, id, 42); !errors.Is(err, ErrNotFound) {
		t.Errorf("MarkStarted on a missing input: %v", err)
	}
	run, _ = s.GetRun(ctx, id)
	if run.Done != 2 || run.Started != 1 || run.Pending != 2 {
		t.Errorf("counts = done %d started %d pending %d; want 2 1 2", run.Done, run.Started, run.Pending)
	}
	pend, err := s.PendingInputs(ctx, id)
	if err != nil || !reflect.DeepEqual(seqs(pend), []int{2, 3, 4}) {
		t.Errorf("PendingInputs = %v, %v; want [2 3 4] (in flight comes back)", seqs(pend), err)
	}

	// Finishing as complete with pending inputs is refused.
	if err := s.FinishRun(ctx, id, false); err == nil || !strings.Contains(err.Error(), "3 inputs are not done") {
		t.Errorf("FinishRun(complete) with pending inputs: %v", err)
	}
	// An interrupt: partial, even with a cancelled context.
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if err := s.FinishRun(cctx, id, true); err != nil {
		t.Fatalf("FinishRun(partial) with a cancelled context: %v", err)
	}
	run, _ = s.GetRun(ctx, id)
	if run.State != RunPartial || run.FinishedAt.IsZero() {
		t.Errorf("after interrupt: state %s finished %v", run.State, run.FinishedAt)
	}

	// A newer complete run does not hide the unfinished one.
	other, err := s.CreateRun(ctx, makeSpec(1))
	if err != nil {
		t.Fatal(err)
	}
	v, docs := makeVendor(makeInputs(1)[0], "We collect data.", "data")
	if err := s.SaveVendor(ctx, other, 0, v, docs); err != nil {
		t.Fatal(err)
	}
	if err := s.FinishRun(ctx, other, false); err != nil {
		t.Fatal(err)
	}
	latest, err := s.LatestUnfinishedRun(ctx)
	if err != nil || latest.ID != id {
		t.Fatalf("LatestUnfinishedRun = %v, %v; want %s", latest, err, id)
	}

	// Resume and finish.
	run, err = s.ResumeRun(ctx, id)
	if err != nil || run.State != RunRunning || run.Resumes != 1 || run.ResumedAt.IsZero() {
		t.Fatalf("ResumeRun = %+v, %v", run, err)
	}
	pend, _ = s.PendingInputs(ctx, id)
	for _, in := range pend {
		v, docs := makeVendor(in, "We collect data.", "data")
		if err := s.SaveVendor(ctx, id, in.Seq, v, docs); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.FinishRun(ctx, id, false); err != nil {
		t.Fatal(err)
	}
	run, _ = s.GetRun(ctx, id)
	if run.State != RunComplete || run.Done != 5 {
		t.Errorf("after resume: %+v", run)
	}
	if _, err := s.LatestUnfinishedRun(ctx); !errors.Is(err, ErrNotFound) {
		t.Errorf("LatestUnfinishedRun with none: %v", err)
	}
	if _, err := s.ResumeRun(ctx, id); !errors.Is(err, ErrRunFinished) {
		t.Errorf("ResumeRun on a complete run: %v", err)
	}
	if err := s.SaveVendor(ctx, id, 0, v, docs); !errors.Is(err, ErrRunFinished) {
		t.Errorf("SaveVendor into a complete run: %v", err)
	}

	runs, err := s.ListRuns(ctx, 0)
	if err != nil || len(runs) != 2 || runs[0].ID != other {
		t.Errorf("ListRuns: newest first expected, got %v, %v", runs, err)
	}
	if runs, _ := s.ListRuns(ctx, 1); len(runs) != 1 {
		t.Errorf("ListRuns(limit 1) = %d runs", len(runs))
	}
}

func TestCreateRunRejectsBadSpecs(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, "", Options{})
	spec := makeSpec(2)
	spec.Inputs[1].Seq = 0
	if _, err := s.CreateRun(ctx, spec); err == nil || !strings.Contains(err.Error(), "twice") {
		t.Errorf("duplicate seq: %v", err)
	}
	spec = makeSpec(1)
	spec.Options = json.RawMessage(`{not json`)
	if _, err := s.CreateRun(ctx, spec); err == nil {
		t.Errorf("bad options accepted")
	}
	// An empty input is recorded, not dropped.
	spec = makeSpec(2)
	spec.Inputs[1].Input = ""
	id, err := s.CreateRun(ctx, spec)
	if err != nil {
		t.Fatal(err)
	}
	if ins, _ := s.Inputs(ctx, id); len(ins) != 2 {
		t.Errorf("inputs = %d; want 2", len(ins))
	}
}

func TestResolveRun(t *testing.T) {
	ctx := context.Background()
	c := newClock()
	s := openTest(t, "", Options{Now: c.Now})
	a, _ := s.CreateRun(ctx, makeSpec(1))
	b, _ := s.CreateRun(ctx, makeSpec(1))
	for _, tt := range []struct {
		ref, want, err string
	}{
		{a, a, ""},
		{b[:17], b, ""}, // date and second: unique
		{"last", b, ""},
		{"2026", "", "ambiguous"},
		{"1999", "", "not found"},
	} {
		r, err := s.ResolveRun(ctx, tt.ref)
		switch {
		case tt.err != "":
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("ResolveRun(%q) = %v, %v; want error %q", tt.ref, r, err, tt.err)
			}
		case err != nil || r.ID != tt.want:
			t.Errorf("ResolveRun(%q) = %v, %v; want %s", tt.ref, r, err, tt.want)
		}
	}
}

func TestSaveVendorReplaces(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, "", Options{})
	id, _ := s.CreateRun(ctx, makeSpec(1))
	in := makeInputs(1)[0]
	v1, d1 := makeVendor(in, "First text.", "data", "rights")
	if err := s.SaveVendor(ctx, id, 0, v1, d1); err != nil {
		t.Fatal(err)
	}
	v2, d2 := makeVendor(in, "Second text.", "cookies")
	d2 = d2[1:] // only the policy this time
	if err := s.SaveVendor(ctx, id, 0, v2, d2); err != nil {
		t.Fatal(err)
	}
	count := func(q string) int {
		var n int
		if err := s.r.QueryRowContext(ctx, q, id).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := count(`SELECT count(*) FROM assessments WHERE run_id = ?`); n != 1 {
		t.Errorf("assessments = %d; want 1", n)
	}
	if n := count(`SELECT count(*) FROM fetches WHERE run_id = ?`); n != 1 {
		t.Errorf("fetches = %d; want 1 (the second save's)", n)
	}
	if n := count(`SELECT count(*) FROM assessment_topics WHERE run_id = ? AND covered`); n != 1 {
		t.Errorf("covered topics = %d; want 1", n)
	}
	got, err := s.GetVendor(ctx, id, 0)
	if err != nil || got.Policy.SHA256 != v2.Policy.SHA256 {
		t.Errorf("GetVendor = %v, %v; want the second result", got, err)
	}
	if err := s.SaveVendor(ctx, id, 7, v2, nil); !errors.Is(err, ErrNotFound) {
		t.Errorf("SaveVendor of an unknown seq: %v", err)
	}
	if err := s.SaveVendor(ctx, "nope", 0, v2, nil); !errors.Is(err, ErrNotFound) {
		t.Errorf("SaveVendor into an unknown run: %v", err)
	}
}

func TestDocumentsDeduplicated(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, "", Options{})
	in := makeInputs(1)[0]
	var sha string
	for i := 0; i < 3; i++ {
		id, err := s.CreateRun(ctx, makeSpec(1))
		if err != nil {
			t.Fatal(err)
		}
		v, docs := makeVendor(in, "The same policy, fetched three times.", "data")
		if i == 0 {
			docs[1].Text = "" // the first run kept no text; a later one adds it
		}
		sha = v.Policy.SHA256
		if err := s.SaveVendor(ctx, id, 0, v, docs); err != nil {
			t.Fatal(err)
		}
		fs, err := s.Fetches(ctx, id, 0)
		if err != nil || len(fs) != 2 || fs[1].SHA256 != sha || fs[1].Role != "policy" || fs[1].Status != 200 ||
			fs[1].Header.Get("Content-Type") != "text/html; charset=utf-8" || fs[1].Size == 0 {
			t.Errorf("Fetches = %+v, %v", fs, err)
		}
	}
	var contents, fetches int
	s.r.QueryRowContext(ctx, `SELECT count(*) FROM contents`).Scan(&contents)
	s.r.QueryRowContext(ctx, `SELECT count(*) FROM fetches`).Scan(&fetches)
	if contents != 2 || fetches != 6 {
		t.Errorf("contents = %d, fetches = %d; want 2 bodies (home, policy) for 6 fetches", contents, fetches)
	}
	body, err := s.GetBody(ctx, sha)
	if err != nil || sha256Hex(body) != sha || !strings.Contains(string(body), "fetched three times") {
		t.Errorf("GetBody = %q, %v", body, err)
	}
	text, err := s.GetText(ctx, sha)
	if err != nil || text != "The same policy, fetched three times." {
		t.Errorf("GetText = %q, %v", text, err)
	}
	if _, err := s.GetBody(ctx, strings.Repeat("0", 64)); !errors.Is(err, ErrNotFound) {
		t.Errorf("GetBody(unknown) = %v", err)
	}

	// A body that does not match its declared hash is refused.
	id, _ := s.CreateRun(ctx, makeSpec(1))
	v, docs := makeVendor(in, "x", "data")
	docs[1].SHA256 = strings.Repeat("a", 64)
	if err := s.SaveVendor(ctx, id, 0, v, docs); err == nil || !strings.Contains(err.Error(), "body hash") {
		t.Errorf("mismatched hash: %v", err)
	}
	// A document without body (connection refused) is kept as a fetch.
	docs = []Document{{Role: "home", URL: "https://down.example/", Status: 0}}
	v.Status, v.Policy = reports.StatusFetchError, nil
	if err := s.SaveVendor(ctx, id, 0, v, docs); err != nil {
		t.Fatal(err)
	}
	if fs, _ := s.Fetches(ctx, id, 0); len(fs) != 1 || fs[0].SHA256 != "" {
		t.Errorf("body-less fetch = %+v", fs)
	}
}

func TestIterVendorsAndLoadReport(t *testing.T) {
	ctx := context.Background()
	c := newClock()
	s := openTest(t, "", Options{Now: c.Now})
	spec := makeSpec(6)
	id, _ := s.CreateRun(ctx, spec)
	var want []string
	// Save out of order, skipping seq 3.
	for _, seq := range []int{5, 0, 2, 1, 4} {
		v, docs := makeVendor(spec.Inputs[seq], "Text.", topicIDs[:seq]...)
		if err := s.SaveVendor(ctx, id, seq, v, docs); err != nil {
			t.Fatal(err)
		}
	}
	for _, seq := range []int{0, 1, 2, 4, 5} {
		v, _ := makeVendor(spec.Inputs[seq], "Text.", topicIDs[:seq]...)
		b, _ := json.Marshal(v)
		want = append(want, string(b))
	}
	var got []string
	err := s.IterVendors(ctx, id, func(v *reports.Vendor) error {
		b, _ := json.Marshal(v)
		got = append(got, string(b))
		return nil
	})
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("IterVendors: %v\n got %d vendors\nwant %d", err, len(got), len(want))
	}
	var nils []int
	s.IterResults(ctx, id, func(in Input, v *reports.Vendor) error {
		if v == nil {
			nils = append(nils, in.Seq)
		}
		return nil
	})
	if !reflect.DeepEqual(nils, []int{3}) {
		t.Errorf("IterResults nil vendors = %v; want [3]", nils)
	}
	stop := errors.New("stop")
	if err := s.IterVendors(ctx, id, func(*reports.Vendor) error { return stop }); !errors.Is(err, stop) {
		t.Errorf("IterVendors does not return fn's error: %v", err)
	}

	r, err := s.LoadReport(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if r.RunID != id || r.Schema != reports.SchemaVersion || !r.Partial || len(r.Vendors) != 5 ||
		r.Tool != spec.Tool || r.Manifest.Command != "audit" {
		t.Errorf("LoadReport = %+v", r)
	}
	if r.Summary.Vendors != 5 || r.Summary.ByStatus["found"] != 5 || r.Summary.TopicsCovered["data"] != 4 ||
		r.Summary.TopicsCovered["children"] != 0 {
		t.Errorf("Summary = %+v", r.Summary)
	}
	if _, err := s.LoadReport(ctx, "nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("LoadReport(unknown) = %v", err)
	}
}
