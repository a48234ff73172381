package audit

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"sync"
	"time"

	"github.com/vigie-audit/vigie/crawler"
	"github.com/vigie-audit/vigie/reports"
	"github.com/vigie-audit/vigie/rules"
	"github.com/vigie-audit/vigie/store"
)

// Options configure a run.
type Options struct {
	// Crawler finds and fetches the policies (required for Run and Resume;
	// Analyze uses it only for URLs).
	Crawler *crawler.Crawler
	// Rules score the policies (required).
	Rules *rules.Pack
	// Concurrency is the number of vendors audited at once
	// (DefaultConcurrency when 0). Each host still gets one connection and
	// the crawler's delay, whatever the concurrency.
	Concurrency int
	// Store, when set, receives every vendor's result as soon as it is
	// known, with the fetched documents; runs can then be resumed and
	// policies compared with earlier audits. Nil keeps nothing.
	Store *store.Store
	// Writer receives the report: the run's header, then each vendor in
	// input order as soon as it and every vendor before it are done, then
	// the summary. Use reports.MultiWriter for several outputs.
	Writer reports.Writer
	// Progress, when set, hears of each finished vendor.
	Progress Progress
	// Logger receives the run's logs; nil discards them.
	Logger *slog.Logger
	// Tool and Manifest go into the report and the store as given.
	Tool     reports.Tool
	Manifest reports.Manifest
	// RunOptions are kept with the run in the store so that a resume can
	// reuse them (the command's flags, as JSON).
	RunOptions json.RawMessage
	// MaxPolicyBytes caps the text the analyzer reads from one document
	// (analyzer.DefaultMaxBytes when 0).
	MaxPolicyBytes int64
	// Now is the clock; tests set it.
	Now func() time.Time
}

// Progress hears how a run advances. Calls come from one goroutine.
type Progress interface {
	// Start is called once: total vendors in the run, and how many were
	// already done by an earlier process (on resume).
	Start(total, done int)
	// Done is called as each vendor finishes.
	Done(v *reports.Vendor)
	// Stop is called once at the end.
	Stop()
}

// A Summary tells how a run ended.
type Summary struct {
	// RunID is the run's id in the store ("" without a store).
	RunID string
	// Total is the number of vendors in the run; Written the number in the
	// report.
	Total   int
	Written int
	// Partial is true when the run stopped before every vendor was done.
	Partial bool
	// Pending is the number of vendors left for a resume.
	Pending int
	Report  *reports.Summary
}

// DefaultConcurrency is the number of vendors audited at once by default:
// the work is mostly waiting on the network and on politeness delays, so it
// is a multiple of the cores.
func DefaultConcurrency() int {
	return min(64, max(8, 8*runtime.NumCPU()))
}

// Run audits the inputs as a new run.
func Run(ctx context.Context, inputs []Input, o Options) (*Summary, error) {
	p, err := newPipeline(o)
	if err != nil {
		return nil, err
	}
	if o.Crawler == nil {
		return nil, errors.New("audit: no crawler")
	}
	// Vendors are reported, stored and resumed by their Seq: two inputs
	// with the same one would overwrite each other.
	seen := make(map[int]bool, len(inputs))
	for _, in := range inputs {
		if seen[in.Seq] {
			return nil, fmt.Errorf("audit: two inputs numbered %d: number them with Dedupe", in.Seq)
		}
		seen[in.Seq] = true
	}
	runID := ""
	if o.Store != nil {
		spec := store.RunSpec{Tool: o.Tool, Manifest: o.Manifest, Options: o.RunOptions}
		for _, in := range inputs {
			spec.Inputs = append(spec.Inputs, store.Input{Seq: in.Seq, Input: in.Raw, Name: in.Name, Line: in.Line, Labels: in.Labels})
		}
		// Record the run even if the user already pressed Ctrl-C: the
		// report then says partial, and --resume can start it.
		if runID, err = o.Store.CreateRun(context.WithoutCancel(ctx), spec); err != nil {
			return nil, fmt.Errorf("create run: %w", err)
		}
	}
	return p.execute(ctx, runID, inputs, nil)
}

// Resume continues an unfinished run of the store: vendors already done are
// not fetched again, the others (pending or in flight when the earlier
// process died) are audited, and the report lists them all in input order.
func Resume(ctx context.Context, run *store.Run, o Options) (*Summary, error) {
	p, err := newPipeline(o)
	if err != nil {
		return nil, err
	}
	if o.Store == nil || o.Crawler == nil {
		return nil, errors.New("audit: resume needs a store and a crawler")
	}
	if _, err := o.Store.ResumeRun(ctx, run.ID); err != nil {
		return nil, err
	}
	stored, err := o.Store.Inputs(ctx, run.ID)
	if err != nil {
		return nil, err
	}
	pending, err := o.Store.PendingInputs(ctx, run.ID)
	if err != nil {
		return nil, err
	}
	isPending := map[int]bool{}
	for _, in := range pending {
		isPending[in.Seq] = true
	}
	inputs := make([]Input, 0, len(stored))
	done := map[int]bool{}
	for _, s := range stored {
		if !isPending[s.Seq] {
			done[s.Seq] = true
		}
		in := newInput(s.Input, s.Name, s.Line, s.Labels)
		in.Seq = s.Seq
		inputs = append(inputs, in)
	}
	// Validation and duplicates are decided again exactly as the first
	// time, so that the final report equals an uninterrupted run's.
	inputs = redoDedupe(inputs)
	p.opts.Tool, p.opts.Manifest = run.Tool, run.Manifest
	return p.execute(ctx, run.ID, inputs, done)
}

// redoDedupe marks duplicates like Dedupe without renumbering.
func redoDedupe(ins []Input) []Input {
	seqs := make([]int, len(ins))
	for i := range ins {
		seqs[i] = ins[i].Seq
	}
	ins = Dedupe(ins)
	for i := range ins {
		ins[i].Seq = seqs[i]
	}
	return ins
}

// pipeline is one run in progress.
type pipeline struct {
	opts Options
	log  *slog.Logger
}

func newPipeline(o Options) (*pipeline, error) {
	if o.Rules == nil {
		return nil, errors.New("audit: no rule pack")
	}
	if o.Writer == nil {
		return nil, errors.New("audit: no report writer")
	}
	if o.Concurrency <= 0 {
		o.Concurrency = DefaultConcurrency()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return &pipeline{opts: o, log: o.Logger}, nil
}

func (p *pipeline) now() time.Time { return p.opts.Now().UTC() }

// execute audits every input not in done, streaming the report in input
// order. A cancelled ctx stops taking vendors: the ones in flight are
// dropped (a resume redoes them) and the report is closed as partial.
func (p *pipeline) execute(ctx context.Context, runID string, inputs []Input, done map[int]bool) (*Summary, error) {
	o := p.opts
	started := p.now()
	rep := reports.NewReport(o.Tool)
	rep.Manifest = o.Manifest
	rep.RunID = runID
	rep.StartedAt = started
	rep.GeneratedAt = started
	if err := o.Writer.Begin(rep); err != nil {
		return nil, fmt.Errorf("write report: %w", err)
	}

	em := newEmitter(p, runID, inputs, done)
	if o.Progress != nil {
		o.Progress.Start(len(inputs), len(done))
	}

	// A failure of the store or of a writer stops the run: nothing may be
	// audited that cannot be kept.
	runCtx, stop := context.WithCancelCause(ctx)
	defer stop(nil)

	work := make(chan Input)
	results := make(chan *outcome)
	var wg sync.WaitGroup
	for range min(o.Concurrency, max(1, len(inputs)-len(done))) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for in := range work {
				out, err := p.runOne(runCtx, runID, in)
				if err != nil {
					stop(err)
					continue
				}
				if out == nil {
					continue // interrupted: left for a resume
				}
				select {
				case results <- out:
				case <-runCtx.Done():
				}
			}
		}()
	}
	go func() {
		defer close(work)
		for _, in := range inputs {
			if done[in.Seq] {
				continue
			}
			select {
			case work <- in:
			case <-runCtx.Done():
				return
			}
		}
	}()
	go func() {
		wg.Wait()
		close(results)
	}()

	var emitErr error
	for out := range results {
		if emitErr != nil {
			continue
		}
		if o.Progress != nil {
			o.Progress.Done(out.vendor)
		}
		if err := em.put(ctx, out.seq, out.vendor); err != nil {
			emitErr = err
			stop(err)
		}
	}
	if o.Progress != nil {
		o.Progress.Stop()
	}
	if emitErr == nil {
		emitErr = em.flush(ctx, true)
	}
	partial := em.written < len(inputs)
	cause := context.Cause(runCtx)
	if ctx.Err() == nil && cause != nil && !errors.Is(cause, context.Canceled) {
		emitErr = errors.Join(emitErr, cause)
	}

	rep.FinishedAt = p.now()
	rep.Partial = partial
	rep.Summary = em.summary
	if err := o.Writer.End(rep); err != nil {
		emitErr = errors.Join(emitErr, fmt.Errorf("write report: %w", err))
	}
	if o.Store != nil && runID != "" {
		// Commit the run's end even when ctx is cancelled, so that the
		// store knows the run is partial.
		if err := o.Store.FinishRun(context.WithoutCancel(ctx), runID, partial); err != nil {
			emitErr = errors.Join(emitErr, fmt.Errorf("finish run: %w", err))
		}
	}
	sum := &Summary{
		RunID:   runID,
		Total:   len(inputs),
		Written: em.written,
		Partial: partial,
		Pending: len(inputs) - em.written,
		Report:  em.summary,
	}
	if partial && emitErr == nil && ctx.Err() == nil {
		emitErr = fmt.Errorf("%d of %d vendors were not audited", sum.Pending, sum.Total)
	}
	return sum, emitErr
}

// runOne audits one vendor and commits it to the store. It returns nil
// when the run was interrupted before the vendor finished.
func (p *pipeline) runOne(ctx context.Context, runID string, in Input) (*outcome, error) {
	if ctx.Err() != nil {
		return nil, nil
	}
	st := p.opts.Store
	if st != nil && runID != "" {
		if err := st.MarkStarted(ctx, runID, in.Seq); err != nil {
			if ctx.Err() != nil {
				return nil, nil
			}
			return nil, fmt.Errorf("store: %w", err)
		}
	}
	out := p.auditVendor(ctx, in)
	if ctx.Err() != nil {
		// The vendor may have been cut short by the interruption: its
		// status would not be honest. A resume audits it again.
		return nil, nil
	}
	v := out.vendor
	if p.log.Enabled(ctx, slog.LevelDebug) {
		p.log.Debug("vendor audited", "vendor", v.DisplayName(), "url", in.URL, "status", v.Status, "score", v.Score, "requests", v.Requests)
	}
	if st != nil && runID != "" {
		if v.Policy != nil && out.policyText != "" {
			ch, err := st.ChangedSince(ctx, runID, v, out.policyText)
			if err != nil {
				p.log.Warn("cannot compare with the previous audit", "vendor", v.DisplayName(), "err", err)
			} else {
				v.ChangedSince = ch
			}
		}
		if err := st.SaveVendor(ctx, runID, in.Seq, v, out.docs); err != nil {
			return nil, fmt.Errorf("store: save %s: %w", v.DisplayName(), err)
		}
	}
	out.docs = nil // bodies are no longer needed: keep memory flat
	return out, nil
}
