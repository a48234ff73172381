package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/vigie-audit/vigie/reports"
)

// An Input is one line of a run's vendor list.
type Input struct {
	// Seq is the input's position in the list, from 0; it orders the
	// final report and identifies the input within the run.
	Seq    int               `json:"seq"`
	Input  string            `json:"input"`
	Name   string            `json:"name,omitempty"`
	Line   int               `json:"line,omitempty"`
	Labels map[string]string `json:"labels,omitempty"`
}

// A RunSpec describes a run to create.
type RunSpec struct {
	// Tool and Manifest are stored as given and come back in LoadReport.
	Tool     reports.Tool
	Manifest reports.Manifest
	// Options are the pipeline's own settings (concurrency, timeouts, …),
	// as JSON, kept so that a resume runs with the same settings. Nil means
	// none.
	Options json.RawMessage
	// Inputs is the whole list, stored up front. Seq values must be unique;
	// they need not be contiguous.
	Inputs []Input
}

// Run states.
const (
	RunRunning  = "running"  // not finished: in progress, or the process died
	RunPartial  = "partial"  // finished before every input was done (interrupted)
	RunComplete = "complete" // every input done
)

// A Run is a run's bookkeeping.
type Run struct {
	ID        string           `json:"id"`
	Command   string           `json:"command"`
	Tool      reports.Tool     `json:"tool"`
	Manifest  reports.Manifest `json:"manifest"`
	Options   json.RawMessage  `json:"options,omitempty"`
	CreatedAt time.Time        `json:"created_at"`
	// ResumedAt is the last resume, zero if never resumed.
	ResumedAt  time.Time `json:"resumed_at,omitzero"`
	Resumes    int       `json:"resumes"`
	FinishedAt time.Time `json:"finished_at,omitzero"`
	State      string    `json:"state"`
	// Counts of inputs.
	Total   int `json:"total"`
	Done    int `json:"done"`
	Started int `json:"started"` // in flight, or lost in a crash
	Pending int `json:"pending"` // never started
}

// Unfinished reports whether the run can be resumed.
func (r *Run) Unfinished() bool { return r.State != RunComplete }

// newRunID returns a sortable, collision-resistant id:
// "20261129T020112Z-3f9a1c".
func newRunID(now time.Time) string {
	var b [3]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return now.UTC().Format("20060102T150405Z") + "-" + hex.EncodeToString(b[:])
}

// CreateRun stores a new run and its whole input list, in one transaction,
// and returns its id.
func (s *Store) CreateRun(ctx context.Context, spec RunSpec) (string, error) {
	tool, err := json.Marshal(spec.Tool)
	if err != nil {
		return "", err
	}
	manifest, err := json.Marshal(spec.Manifest)
	if err != nil {
		return "", err
	}
	opts := string(spec.Options)
	if len(spec.Options) == 0 {
		opts = "{}"
	} else if !json.Valid(spec.Options) {
		return "", errors.New("create run: options are not valid JSON")
	}
	seen := make(map[int]bool, len(spec.Inputs))
	for _, in := range spec.Inputs {
		if seen[in.Seq] {
			return "", fmt.Errorf("create run: input seq %d appears twice", in.Seq)
		}
		seen[in.Seq] = true
	}
	now := s.now()
	id := newRunID(now)
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO runs
			(id, command, tool, manifest, options, tool_version, rules_version, rules_sha256, total, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			id, spec.Manifest.Command, string(tool), string(manifest), opts,
			spec.Tool.Version, spec.Tool.RulesVersion, spec.Tool.RulesSHA256, len(spec.Inputs), fmtTime(now)); err != nil {
			return err
		}
		upsertVendor, err := tx.PrepareContext(ctx, `INSERT INTO vendors (key, name, first_seen) VALUES (?, ?, ?)
			ON CONFLICT (key) DO UPDATE SET name = CASE WHEN excluded.name <> '' THEN excluded.name ELSE vendors.name END
			RETURNING id`)
		if err != nil {
			return err
		}
		defer upsertVendor.Close()
		insertInput, err := tx.PrepareContext(ctx, `INSERT INTO run_inputs
			(run_id, seq, vendor_id, input, name, line, labels) VALUES (?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer insertInput.Close()
		for _, in := range spec.Inputs {
			key := VendorKey(in.Input)
			if key == "" {
				key = "input:" + in.Name // an empty input is recorded, not dropped
			}
			var vid int64
			if err := upsertVendor.QueryRowContext(ctx, key, in.Name, fmtTime(now)).Scan(&vid); err != nil {
				return err
			}
			var labels any
			if len(in.Labels) > 0 {
				b, err := json.Marshal(in.Labels)
				if err != nil {
					return err
				}
				labels = string(b)
			}
			if _, err := insertInput.ExecContext(ctx, id, in.Seq, vid, in.Input, in.Name, in.Line, labels); err != nil {
				return fmt.Errorf("input %d: %w", in.Seq, err)
			}
		}
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("create run: %w", err)
	}
	return id, nil
}

// MarkStarted records that an input is in flight. It is bookkeeping for
// resume and `vigie runs`; an input marked started but never saved is
// pending again.
func (s *Store) MarkStarted(ctx context.Context, runID string, seq int) error {
	// ctx is checked before the update runs; the update itself is not
	// interrupted, as it may share its transaction with other calls.
	err := s.groupTx(ctx, func(tx *sql.Tx) error {
		ctx := context.WithoutCancel(ctx)
		res, err := s.txExec(ctx, tx, `UPDATE run_inputs SET state = 'started', attempts = attempts + 1, started_at = ?
			WHERE run_id = ? AND seq = ? AND state <> 'done'`, fmtTime(s.now()), runID, seq)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return inputMissing(ctx, tx, runID, seq)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("mark started %s/%d: %w", runID, seq, err)
	}
	return nil
}

// inputMissing explains why an input could not be updated.
func inputMissing(ctx context.Context, tx *sql.Tx, runID string, seq int) error {
	var state string
	err := tx.QueryRowContext(ctx, `SELECT state FROM run_inputs WHERE run_id = ? AND seq = ?`, runID, seq).Scan(&state)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("input %d of run %s: %w", seq, runID, ErrNotFound)
	case err != nil:
		return err
	case state == "done":
		return fmt.Errorf("input %d of run %s is already done", seq, runID)
	}
	return fmt.Errorf("input %d of run %s not updated", seq, runID)
}

// PendingInputs returns the inputs of a run that are not done (never
// started, or in flight when the process stopped), in input order. A resume
// runs exactly these.
func (s *Store) PendingInputs(ctx context.Context, runID string) ([]Input, error) {
	if _, err := s.GetRun(ctx, runID); err != nil {
		return nil, err
	}
	return s.inputs(ctx, `WHERE run_id = ? AND state <> 'done'`, runID)
}

// Inputs returns every input of a run, in input order.
func (s *Store) Inputs(ctx context.Context, runID string) ([]Input, error) {
	if _, err := s.GetRun(ctx, runID); err != nil {
		return nil, err
	}
	return s.inputs(ctx, `WHERE run_id = ?`, runID)
}

func (s *Store) inputs(ctx context.Context, where string, args ...any) ([]Input, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT seq, input, name, line, labels FROM run_inputs `+where+` ORDER BY seq`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ins []Input
	for rows.Next() {
		var in Input
		var labels sql.NullString
		if err := rows.Scan(&in.Seq, &in.Input, &in.Name, &in.Line, &labels); err != nil {
			return nil, err
		}
		if labels.Valid {
			if err := json.Unmarshal([]byte(labels.String), &in.Labels); err != nil {
				return nil, fmt.Errorf("input %d labels: %w", in.Seq, err)
			}
		}
		ins = append(ins, in)
	}
	return ins, rows.Err()
}

// FinishRun marks a run finished. partial says it stopped before every input
// was done (an interrupt); finishing a run as complete while inputs are
// still pending is refused, so no vendor is silently dropped. It commits even
// if ctx was cancelled, since it is what an interrupted run calls last.
func (s *Store) FinishRun(ctx context.Context, runID string, partial bool) error {
	ctx = context.WithoutCancel(ctx)
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var notDone int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM run_inputs WHERE run_id = ? AND state <> 'done'`, runID).Scan(&notDone); err != nil {
			return err
		}
		if !partial && notDone > 0 {
			return fmt.Errorf("%d inputs are not done; finish the run as partial", notDone)
		}
		res, err := tx.ExecContext(ctx, `UPDATE runs SET finished_at = ?, partial = ? WHERE id = ?`,
			fmtTime(s.now()), partial && notDone > 0, runID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("finish run %s: %w", runID, err)
	}
	return nil
}

// ResumeRun reopens an unfinished run (crashed or interrupted) before its
// pending inputs are run again: it clears its finished state and counts the
// resume. Resuming a complete run fails with ErrRunFinished.
func (s *Store) ResumeRun(ctx context.Context, runID string) (*Run, error) {
	r, err := s.GetRun(ctx, runID)
	if err != nil {
		return nil, err
	}
	if !r.Unfinished() {
		return nil, fmt.Errorf("resume run %s: %w: every input is done", runID, ErrRunFinished)
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE runs SET finished_at = NULL, partial = 0, resumed_at = ?, resumes = resumes + 1 WHERE id = ?`,
			fmtTime(s.now()), runID)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("resume run %s: %w", runID, err)
	}
	return s.GetRun(ctx, runID)
}

const runColumns = `r.id, r.command, r.tool, r.manifest, r.options, r.created_at, r.resumed_at, r.resumes, r.finished_at, r.partial, r.total,
	(SELECT count(*) FROM run_inputs i WHERE i.run_id = r.id AND i.state = 'done'),
	(SELECT count(*) FROM run_inputs i WHERE i.run_id = r.id AND i.state = 'started')`

func scanRun(sc interface{ Scan(...any) error }) (*Run, error) {
	var (
		r                    Run
		tool, manifest, opts string
		created, resumed     sql.NullString
		finished             sql.NullString
		partial              bool
	)
	if err := sc.Scan(&r.ID, &r.Command, &tool, &manifest, &opts, &created, &resumed, &r.Resumes, &finished, &partial,
		&r.Total, &r.Done, &r.Started); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(tool), &r.Tool); err != nil {
		return nil, fmt.Errorf("run %s tool: %w", r.ID, err)
	}
	if err := json.Unmarshal([]byte(manifest), &r.Manifest); err != nil {
		return nil, fmt.Errorf("run %s manifest: %w", r.ID, err)
	}
	if opts != "{}" {
		r.Options = json.RawMessage(opts)
	}
	r.CreatedAt, r.ResumedAt, r.FinishedAt = parseTime(created), parseTime(resumed), parseTime(finished)
	r.Pending = r.Total - r.Done - r.Started
	switch {
	case r.Done == r.Total && finished.Valid:
		r.State = RunComplete
	case finished.Valid && partial:
		r.State = RunPartial
	default:
		r.State = RunRunning
	}
	return &r, nil
}

// GetRun returns a run by its full id.
func (s *Store) GetRun(ctx context.Context, runID string) (*Run, error) {
	r, err := scanRun(s.r.QueryRowContext(ctx, `SELECT `+runColumns+` FROM runs r WHERE r.id = ?`, runID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("run %s: %w", runID, ErrNotFound)
	}
	return r, err
}

// ListRuns returns runs newest first; limit <= 0 means all.
func (s *Store) ListRuns(ctx context.Context, limit int) ([]*Run, error) {
	if limit <= 0 {
		limit = -1
	}
	rows, err := s.r.QueryContext(ctx, `SELECT `+runColumns+` FROM runs r ORDER BY r.created_at DESC, r.id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var runs []*Run
	for rows.Next() {
		r, err := scanRun(rows)
		if err != nil {
			return nil, err
		}
		runs = append(runs, r)
	}
	return runs, rows.Err()
}

// LatestUnfinishedRun returns the most recently created run that is running
// (or whose process died) or partial, for `vigie audit --resume`. It returns
// ErrNotFound when every run is complete.
func (s *Store) LatestUnfinishedRun(ctx context.Context) (*Run, error) {
	r, err := scanRun(s.r.QueryRowContext(ctx, `SELECT `+runColumns+` FROM runs r
		WHERE r.finished_at IS NULL OR r.partial = 1
		   OR EXISTS (SELECT 1 FROM run_inputs i WHERE i.run_id = r.id AND i.state <> 'done')
		ORDER BY r.created_at DESC, r.id DESC LIMIT 1`))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("unfinished run: %w", ErrNotFound)
	}
	return r, err
}

// ResolveRun finds a run from what a user typed: a full id, a unique prefix
// of one ("20261129T02"), or "last"/"latest" for the newest run.
func (s *Store) ResolveRun(ctx context.Context, ref string) (*Run, error) {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return nil, fmt.Errorf("run: empty id")
	}
	if ref == "last" || ref == "latest" {
		runs, err := s.ListRuns(ctx, 1)
		if err != nil {
			return nil, err
		}
		if len(runs) == 0 {
			return nil, fmt.Errorf("no runs in %s: %w", s.path, ErrNotFound)
		}
		return runs[0], nil
	}
	if r, err := s.GetRun(ctx, ref); err == nil || !errors.Is(err, ErrNotFound) {
		return r, err
	}
	rows, err := s.r.QueryContext(ctx, `SELECT id FROM runs WHERE substr(id, 1, length(?)) = ? ORDER BY id LIMIT 6`, ref, ref)
	if err != nil {
		return nil, err
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	switch len(ids) {
	case 0:
		return nil, fmt.Errorf("run %s: %w in %s (vigie runs lists them)", ref, ErrNotFound, s.path)
	case 1:
		return s.GetRun(ctx, ids[0])
	}
	return nil, fmt.Errorf("run %s is %w: it could be %s", ref, ErrAmbiguous, strings.Join(ids, ", "))
}
