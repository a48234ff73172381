package store

import (
	"context"
	"errors"
	"sync"
	"testing"
)

// Concurrent saves share transactions; one that fails (an input the run
// does not have) must leave the others committed, and every save that
// returned nil must be there, with its topics, in a fresh connection.
func TestConcurrentSavesGroupCommit(t *testing.T) {
	path := t.TempDir() + "/vigie.db"
	s := openTest(t, path, Options{})
	ctx := context.Background()
	const n = 200
	spec := makeSpec(n)
	id, err := s.CreateRun(ctx, spec)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make([]error, n+20)
	for i := range n + 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			in := Input{Seq: i, Input: "https://missing.example/"}
			if i < n {
				in = spec.Inputs[i]
			}
			if i < n {
				if err := s.MarkStarted(ctx, id, in.Seq); err != nil {
					errs[i] = err
					return
				}
			}
			v, docs := makeVendor(in, "We collect data. Policy text for vendor number "+in.Input, "data", "rights")
			errs[i] = s.SaveVendor(ctx, id, in.Seq, v, docs)
		}()
	}
	wg.Wait()
	for i, err := range errs {
		switch {
		case i < n && err != nil:
			t.Errorf("vendor %d: %v", i, err)
		case i >= n && !errors.Is(err, ErrNotFound):
			t.Errorf("input %d is not in the run: got %v, want ErrNotFound", i, err)
		}
	}
	s.Close()

	s2 := openTest(t, path, Options{})
	pending, err := s2.PendingInputs(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if len(pending) != 0 {
		t.Errorf("%d inputs still pending after every save returned nil", len(pending))
	}
	sum, err := s2.Summary(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Vendors != n || sum.TopicsCovered["data"] != n || sum.TopicsCovered["rights"] != n || sum.TopicsCovered["cookies"] != 0 {
		t.Errorf("summary: %d vendors, topics %v; want %d vendors covering data and rights", sum.Vendors, sum.TopicsCovered, n)
	}
}

// A cancelled context fails that call only.
func TestGroupTxCancelled(t *testing.T) {
	s := openTest(t, "", Options{})
	ctx := context.Background()
	id, err := s.CreateRun(ctx, makeSpec(2))
	if err != nil {
		t.Fatal(err)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if err := s.MarkStarted(cctx, id, 0); !errors.Is(err, context.Canceled) {
		t.Errorf("MarkStarted with a cancelled context: %v, want context.Canceled", err)
	}
	if err := s.MarkStarted(ctx, id, 1); err != nil {
		t.Errorf("MarkStarted: %v", err)
	}
}
