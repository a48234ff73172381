package store_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/vigie-audit/vigie/reports"
	"github.com/vigie-audit/vigie/store"
)

// The life of a batch run: the list is stored up front, each vendor is
// marked in flight then committed with its documents, an interrupted run is
// resumed with only its pending inputs, and the report is rebuilt by
// streaming the vendors in input order.
func Example() {
	ctx := context.Background()
	dir, _ := os.MkdirTemp("", "vigie-example-")
	defer os.RemoveAll(dir)

	st, err := store.Open(ctx, filepath.Join(dir, "vigie.db"), store.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer st.Close()

	runID, _ := st.CreateRun(ctx, store.RunSpec{
		Tool:     reports.Tool{Name: "vigie", Version: "v0.1.0"},
		Manifest: reports.Manifest{Command: "audit"},
		Inputs: []store.Input{
			{Seq: 0, Input: "https://scale.example/", Line: 2},
			{Seq: 1, Input: "watch.example", Line: 3},
		},
	})
	audit := func(in store.Input) {
		st.MarkStarted(ctx, runID, in.Seq)
		body := []byte("<p>We collect your weight.</p>")
		v := &reports.Vendor{Input: in.Input, Line: in.Line, Status: reports.StatusFound,
			Policy: &reports.Policy{URL: in.Input + "privacy"}}
		doc := store.Document{Role: "policy", URL: v.Policy.URL, Status: 200, Body: body, Text: "We collect your weight."}
		// The pipeline fills changed_since before saving.
		v.ChangedSince, _ = st.ChangedSince(ctx, runID, v, doc.Text)
		if err := st.SaveVendor(ctx, runID, in.Seq, v, []store.Document{doc}); err != nil {
			fmt.Println(err)
		}
	}

	// The first process audits one vendor, then is interrupted.
	audit(store.Input{Seq: 0, Input: "https://scale.example/", Line: 2})
	st.FinishRun(ctx, runID, true)

	// `vigie audit --resume`: the latest unfinished run, its pending inputs.
	run, _ := st.LatestUnfinishedRun(ctx)
	st.ResumeRun(ctx, run.ID)
	pending, _ := st.PendingInputs(ctx, run.ID)
	for _, in := range pending {
		fmt.Println("resuming", in.Input)
		audit(in)
	}
	st.FinishRun(ctx, run.ID, false)

	_ = st.IterVendors(ctx, run.ID, func(v *reports.Vendor) error {
		fmt.Println(v.Line, v.Input, v.Status)
		return nil
	})
	_, err = st.LatestUnfinishedRun(ctx)
	fmt.Println(errors.Is(err, store.ErrNotFound))
	// Output:
	// resuming watch.example
	// 2 https://scale.example/ found
	// 3 watch.example found
	// true
}
