package audit

import (
	"context"
	"fmt"

	"github.com/vigie-audit/vigie/reports"
)

// emitter hands vendors to the report writer in input order, as soon as a
// vendor and every vendor before it are done. Vendors done by an earlier
// process (on resume) are read back from the store when their turn comes, so
// nothing but the vendors waiting for a slower predecessor is held in memory.
type emitter struct {
	p       *pipeline
	runID   string
	seqs    []int        // input order
	stored  map[int]bool // done by an earlier process
	waiting map[int]*reports.Vendor
	next    int // index into seqs of the next vendor to write
	written int
	summary *reports.Summary
}

func newEmitter(p *pipeline, runID string, inputs []Input, stored map[int]bool) *emitter {
	e := &emitter{
		p:       p,
		runID:   runID,
		stored:  stored,
		waiting: map[int]*reports.Vendor{},
		summary: reports.NewSummary(nil),
	}
	for _, in := range inputs {
		e.seqs = append(e.seqs, in.Seq)
	}
	return e
}

// put records a finished vendor and writes every vendor now in order.
func (e *emitter) put(ctx context.Context, seq int, v *reports.Vendor) error {
	e.waiting[seq] = v
	return e.flush(ctx, false)
}

// flush writes the vendors that are next in order. At the end (final), a
// vendor that never finished is skipped so that the ones after it are still
// written: the report is then partial.
func (e *emitter) flush(ctx context.Context, final bool) error {
	for e.next < len(e.seqs) {
		seq := e.seqs[e.next]
		v, ok := e.waiting[seq]
		switch {
		case ok:
			delete(e.waiting, seq)
		case e.stored[seq]:
			var err error
			// Read even after an interruption: the partial report must
			// list every vendor already done.
			v, err = e.p.opts.Store.GetVendor(context.WithoutCancel(ctx), e.runID, seq)
			if err != nil {
				return fmt.Errorf("store: read vendor %d of run %s: %w", seq, e.runID, err)
			}
		case final:
			e.next++
			continue
		default:
			return nil
		}
		if err := e.p.opts.Writer.WriteVendor(v); err != nil {
			return fmt.Errorf("write report: %w", err)
		}
		e.summary.Add(v)
		e.written++
		e.next++
	}
	return nil
}
