package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/vigie-audit/vigie/reports"
)

// SaveVendor commits one vendor's result in a single transaction: the
// reports.Vendor as given (for re-rendering), its topic verdicts, the
// documents fetched for it (bodies deduplicated by SHA-256), and the input's
// done state. Saving the same seq again replaces the previous result, never
// duplicates it, so a redone in-flight vendor is harmless.
//
// The commit is made even if ctx is cancelled while it runs: a vendor whose
// result is known is worth keeping when the user presses Ctrl-C.
//
// Bodies are hashed and compressed before the write lock is taken, so
// concurrent workers mostly wait only for the short insert.
func (s *Store) SaveVendor(ctx context.Context, runID string, seq int, v *reports.Vendor, docs []Document) error {
	if err := s.saveVendor(ctx, runID, seq, v, docs); err != nil {
		return fmt.Errorf("save vendor %d of run %s: %w", seq, runID, err)
	}
	return nil
}

func (s *Store) saveVendor(ctx context.Context, runID string, seq int, v *reports.Vendor, docs []Document) error {
	if err := s.writable(); err != nil {
		return err
	}
	if v == nil {
		return errors.New("nil vendor")
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	pcs, shas, err := s.prepare(ctx, docs)
	if err != nil {
		return err
	}
	blob, err := json.Marshal(v)
	if err != nil {
		return err
	}
	blob = s.compress(blob)

	var policyURL, policySHA, lang string
	var policyAt any
	if v.Policy != nil {
		policyURL, policySHA, lang = v.Policy.URL, v.Policy.SHA256, v.Policy.Language
		policyAt = nullTime(v.Policy.FetchedAt)
	}
	now := fmtTime(s.now())
	ctx = context.WithoutCancel(ctx)
	return s.groupTx(ctx, func(tx *sql.Tx) error {
		var vendorID int64
		var finished sql.NullString
		var partial bool
		err := s.txQueryRow(ctx, tx, `SELECT i.vendor_id, r.finished_at, r.partial
			FROM run_inputs i JOIN runs r ON r.id = i.run_id WHERE i.run_id = ? AND i.seq = ?`, runID, seq).
			Scan(&vendorID, &finished, &partial)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("no input %d in run %s: %w", seq, runID, ErrNotFound)
		}
		if err != nil {
			return err
		}
		if finished.Valid && !partial {
			return ErrRunFinished
		}
		if err := s.insertContents(ctx, tx, now, pcs); err != nil {
			return err
		}
		// Replace any earlier result of this input; topics and fetches
		// cascade.
		if _, err := s.txExec(ctx, tx, `DELETE FROM assessments WHERE run_id = ? AND seq = ?`, runID, seq); err != nil {
			return err
		}
		var textSHA any
		if policySHA != "" {
			var ts sql.NullString
			err := s.txQueryRow(ctx, tx, `SELECT text_sha256 FROM contents WHERE sha256 = ?`, policySHA).Scan(&ts)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return err
			}
			if ts.Valid {
				textSHA = ts.String
			}
		}
		if _, err := s.txExec(ctx, tx, `INSERT INTO assessments
			(run_id, seq, vendor_id, status, reason, score, policy_url, policy_fetched_at, policy_sha256, policy_text_sha256, language,
			 started_at, finished_at, saved_at, vendor)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			runID, seq, vendorID, v.Status, v.Reason, v.Score, nullString(policyURL), policyAt, nullString(policySHA), textSHA,
			nullString(lang), nullTime(v.StartedAt), nullTime(v.FinishedAt), now, blob); err != nil {
			return err
		}
		if len(v.Topics) > 0 {
			// One statement for all the topics (seven usually): SQLite
			// runs one insert of seven rows much faster than seven.
			args := make([]any, 0, 6*len(v.Topics))
			for _, t := range v.Topics {
				args = append(args, runID, seq, t.ID, t.Covered, t.Level, t.Strength)
			}
			if _, err := s.txExec(ctx, tx, insertTopics(len(v.Topics)), args...); err != nil {
				return fmt.Errorf("topics: %w", err)
			}
		}
		if err := s.insertFetches(ctx, tx, runID, seq, docs, shas); err != nil {
			return err
		}
		_, err = s.txExec(ctx, tx, `UPDATE run_inputs SET state = 'done', done_at = ? WHERE run_id = ? AND seq = ?`, now, runID, seq)
		return err
	})
}

// insertTopics is the statement inserting n topic verdicts.
func insertTopics(n int) string {
	if n < len(insertTopicsStmts) {
		return insertTopicsStmts[n]
	}
	return buildInsertTopics(n)
}

var insertTopicsStmts = func() (qs [16]string) {
	for n := 1; n < len(qs); n++ {
		qs[n] = buildInsertTopics(n)
	}
	return qs
}()

func buildInsertTopics(n int) string {
	var b strings.Builder
	b.WriteString(`INSERT INTO assessment_topics (run_id, seq, topic, covered, level, strength) VALUES `)
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("(?, ?, ?, ?, ?, ?)")
	}
	b.WriteString(" ON CONFLICT DO NOTHING")
	return b.String()
}

// IterResults calls fn for every input of a run in input order, with the
// saved vendor, or nil for an input that is not done. It streams: one vendor
// is in memory at a time, whatever the size of the run. An error from fn
// stops the iteration and is returned.
func (s *Store) IterResults(ctx context.Context, runID string, fn func(Input, *reports.Vendor) error) error {
	if _, err := s.GetRun(ctx, runID); err != nil {
		return err
	}
	rows, err := s.r.QueryContext(ctx, `SELECT i.seq, i.input, i.name, i.line, i.labels, a.vendor
		FROM run_inputs i LEFT JOIN assessments a ON a.run_id = i.run_id AND a.seq = i.seq
		WHERE i.run_id = ? ORDER BY i.seq`, runID)
	if err != nil {
		return err
	}
	defer rows.Close()
	var blob, raw []byte
	for rows.Next() {
		var in Input
		var labels sql.NullString
		blob = blob[:0]
		if err := rows.Scan(&in.Seq, &in.Input, &in.Name, &in.Line, &labels, &blob); err != nil {
			return err
		}
		if labels.Valid {
			if err := json.Unmarshal([]byte(labels.String), &in.Labels); err != nil {
				return fmt.Errorf("input %d labels: %w", in.Seq, err)
			}
		}
		var v *reports.Vendor
		if blob != nil {
			raw, err = s.dec.DecodeAll(blob, raw[:0])
			if err != nil {
				return fmt.Errorf("vendor %d of run %s: %w", in.Seq, runID, err)
			}
			v = new(reports.Vendor)
			if err := json.Unmarshal(raw, v); err != nil {
				return fmt.Errorf("vendor %d of run %s: %w", in.Seq, runID, err)
			}
		}
		if err := fn(in, v); err != nil {
			return err
		}
	}
	return rows.Err()
}

// IterVendors calls fn for every saved vendor of a run, in input order,
// streaming (see IterResults). Inputs not done are skipped; a partial
// report can list them through IterResults or PendingInputs.
func (s *Store) IterVendors(ctx context.Context, runID string, fn func(*reports.Vendor) error) error {
	return s.IterResults(ctx, runID, func(_ Input, v *reports.Vendor) error {
		if v == nil {
			return nil
		}
		return fn(v)
	})
}

// GetVendor returns the saved result of one input of a run.
func (s *Store) GetVendor(ctx context.Context, runID string, seq int) (*reports.Vendor, error) {
	var blob []byte
	err := s.r.QueryRowContext(ctx, `SELECT vendor FROM assessments WHERE run_id = ? AND seq = ?`, runID, seq).Scan(&blob)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("vendor %d of run %s: %w", seq, runID, ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	raw, err := s.decompress(blob)
	if err != nil {
		return nil, err
	}
	v := new(reports.Vendor)
	return v, json.Unmarshal(raw, v)
}

// Summary computes a run's reports.Summary in the database, without loading
// its vendors: the number of saved vendors, their count by status, the number
// covering each topic, and the mean score over all saved vendors (0 for those
// without an analysed policy).
func (s *Store) Summary(ctx context.Context, runID string) (*reports.Summary, error) {
	sum := &reports.Summary{ByStatus: map[string]int{}, TopicsCovered: map[string]int{}}
	var mean sql.NullFloat64
	if err := s.r.QueryRowContext(ctx, `SELECT count(*), avg(score) FROM assessments WHERE run_id = ?`, runID).
		Scan(&sum.Vendors, &mean); err != nil {
		return nil, err
	}
	sum.MeanScore = mean.Float64
	if err := s.countInto(ctx, sum.ByStatus, `SELECT status, count(*) FROM assessments WHERE run_id = ? GROUP BY status`, runID); err != nil {
		return nil, err
	}
	if err := s.countInto(ctx, sum.TopicsCovered, `SELECT topic, sum(covered) FROM assessment_topics WHERE run_id = ? GROUP BY topic`, runID); err != nil {
		return nil, err
	}
	return sum, nil
}

func (s *Store) countInto(ctx context.Context, m map[string]int, query string, args ...any) error {
	rows, err := s.r.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			return err
		}
		m[k] = n
	}
	return rows.Err()
}

// LoadReport rebuilds a run's report from the store, for `vigie report
// --run`: tool, manifest and times as recorded, the summary, and every saved
// vendor in input order. It holds the whole report in memory; a writer that
// streams should use IterVendors instead. GeneratedAt is now; Partial is
// set unless every input is done and the run finished.
func (s *Store) LoadReport(ctx context.Context, runID string) (*reports.Report, error) {
	var c collector
	if _, err := s.ReplayRun(ctx, runID, &c); err != nil {
		return nil, fmt.Errorf("load report %s: %w", runID, err)
	}
	return c.r, nil
}

// collector is a report writer that keeps the whole report in memory.
type collector struct{ r *reports.Report }

func (c *collector) Begin(r *reports.Report) error { c.r = r; return nil }
func (c *collector) WriteVendor(v *reports.Vendor) error {
	c.r.Vendors = append(c.r.Vendors, *v)
	return nil
}
func (c *collector) End(*reports.Report) error { return nil }

// coveredTopics returns the sorted ids of covered topics.
func coveredTopics(ts []reports.Topic) []string {
	var ids []string
	for _, t := range ts {
		if t.Covered {
			ids = append(ids, t.ID)
		}
	}
	sort.Strings(ids)
	return ids
}

// ReplayRun streams a stored run to a report writer: its header, each saved
// vendor in input order, then its summary. Unlike LoadReport it holds one
// vendor at a time, whatever the size of the run.
func (s *Store) ReplayRun(ctx context.Context, runID string, w reports.Writer) (*Run, error) {
	run, err := s.GetRun(ctx, runID)
	if err != nil {
		return nil, err
	}
	sum, err := s.Summary(ctx, runID)
	if err != nil {
		return nil, fmt.Errorf("replay %s: %w", runID, err)
	}
	r := &reports.Report{
		Schema:      reports.SchemaVersion,
		Tool:        run.Tool,
		Manifest:    run.Manifest,
		RunID:       run.ID,
		GeneratedAt: s.now().UTC(),
		StartedAt:   run.CreatedAt,
		Vendors:     []reports.Vendor{},
	}
	if err := w.Begin(r); err != nil {
		return nil, err
	}
	if err := s.IterVendors(ctx, runID, w.WriteVendor); err != nil {
		return nil, fmt.Errorf("replay %s: %w", runID, err)
	}
	r.FinishedAt = run.FinishedAt
	r.Partial = run.State != RunComplete
	r.Summary = sum
	return run, w.End(r)
}
