package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/vigie-audit/vigie/reports"
)

// A VendorRef is a vendor known to the store.
type VendorRef struct {
	Key  string `json:"key"`
	Name string `json:"name,omitempty"`
	id   int64
}

// FindVendor finds the vendor a user means: first by VendorKey of the query
// ("https://www.withings.com/" and "withings.com" both find withings.com),
// then by a case-insensitive substring of the key or of the name, which must
// then be unique. It fails with ErrNotFound or ErrAmbiguous (listing the
// candidates).
func (s *Store) FindVendor(ctx context.Context, query string) (*VendorRef, error) {
	key := VendorKey(query)
	var v VendorRef
	err := s.r.QueryRowContext(ctx, `SELECT id, key, name FROM vendors WHERE key = ?`, key).Scan(&v.id, &v.Key, &v.Name)
	if err == nil {
		return &v, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	q := strings.ToLower(strings.TrimSpace(query))
	if q == "" {
		return nil, fmt.Errorf("vendor: empty name")
	}
	rows, err := s.r.QueryContext(ctx, `SELECT id, key, name FROM vendors
		WHERE instr(key, ?) > 0 OR instr(lower(name), ?) > 0 OR lower(name) = ?
		ORDER BY key LIMIT 11`, q, q, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var found []VendorRef
	for rows.Next() {
		var c VendorRef
		if err := rows.Scan(&c.id, &c.Key, &c.Name); err != nil {
			return nil, err
		}
		found = append(found, c)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	switch len(found) {
	case 0:
		return nil, fmt.Errorf("vendor %q: %w in %s", query, ErrNotFound, s.path)
	case 1:
		return &found[0], nil
	}
	// An exact name match wins over substrings.
	for _, c := range found {
		if strings.ToLower(c.Name) == q {
			return &c, nil
		}
	}
	keys := make([]string, 0, len(found))
	for i, c := range found {
		if i == 10 {
			keys = append(keys, "…")
			break
		}
		keys = append(keys, c.Key)
	}
	return nil, fmt.Errorf("vendor %q is %w: it could be %s", query, ErrAmbiguous, strings.Join(keys, ", "))
}

// A PolicyVersion is a policy seen for a vendor, in one run or in several
// consecutive runs that saw the same text and gave it the same verdict.
type PolicyVersion struct {
	// RunID is the first run that saw this version, Seq the input's seq
	// in it; LastRunID the last of the Runs consecutive runs. FirstSeen and
	// LastSeen are when the policy was fetched in those runs.
	RunID     string    `json:"run_id"`
	Seq       int       `json:"seq"`
	LastRunID string    `json:"last_run_id"`
	Runs      int       `json:"runs"`
	FirstSeen time.Time `json:"first_seen"`
	LastSeen  time.Time `json:"last_seen"`
	URL       string    `json:"url"`
	// SHA256 is the body hash of the first fetch of the version;
	// TextSHA256 the hash of its normalised text, which identifies the
	// version (empty when no text was stored: the body hash then does).
	SHA256     string   `json:"sha256"`
	TextSHA256 string   `json:"text_sha256,omitempty"`
	Score      int      `json:"score"`
	Topics     []string `json:"topics"` // covered topic ids, sorted
	Language   string   `json:"language,omitempty"`
}

// versionKey is what makes two sightings the same policy version.
func (p *PolicyVersion) versionKey() string {
	if p.TextSHA256 != "" {
		return "t:" + p.TextSHA256
	}
	return "b:" + p.SHA256
}

// SameText reports whether two versions have the same policy text.
func (p *PolicyVersion) SameText(q *PolicyVersion) bool { return p.versionKey() == q.versionKey() }

// sightings returns every assessment of a vendor that analysed a policy,
// oldest run first, each as a one-run PolicyVersion.
func (s *Store) sightings(ctx context.Context, vendorID int64, where string, args ...any) ([]PolicyVersion, error) {
	return s.scanSightings(ctx, sightingSelect+`
		WHERE a.vendor_id = ? AND a.policy_sha256 IS NOT NULL `+where+`
		ORDER BY r.created_at, r.id, a.seq`, append([]any{vendorID}, args...)...)
}

// sightingSelect selects the columns scanSightings reads.
const sightingSelect = `SELECT a.run_id, a.seq, coalesce(a.policy_fetched_at, a.finished_at, r.created_at), coalesce(a.policy_url, ''),
			a.policy_sha256, coalesce(a.policy_text_sha256, ''), a.score, coalesce(a.language, ''),
			coalesce((SELECT group_concat(topic, ',') FROM
				(SELECT topic FROM assessment_topics t WHERE t.run_id = a.run_id AND t.seq = a.seq AND t.covered ORDER BY topic)), '')
		FROM assessments a JOIN runs r ON r.id = a.run_id`

func (s *Store) scanSightings(ctx context.Context, query string, args ...any) ([]PolicyVersion, error) {
	rows, err := s.query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []PolicyVersion
	for rows.Next() {
		var p PolicyVersion
		var seen sql.NullString
		var topics string
		if err := rows.Scan(&p.RunID, &p.Seq, &seen, &p.URL, &p.SHA256, &p.TextSHA256, &p.Score, &p.Language, &topics); err != nil {
			return nil, err
		}
		p.LastRunID, p.Runs = p.RunID, 1
		p.FirstSeen = parseTime(seen)
		p.LastSeen = p.FirstSeen
		p.Topics = []string{}
		if topics != "" {
			p.Topics = strings.Split(topics, ",")
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// History returns the policy versions seen for a vendor (by VendorKey),
// oldest first. Consecutive sightings of the same text with the same score
// and topics collapse into one version whose Runs counts them; a rule change
// that changes the verdict on an unchanged text shows as a new line.
func (s *Store) History(ctx context.Context, vendorKey string) ([]PolicyVersion, error) {
	v, err := s.FindVendor(ctx, vendorKey)
	if err != nil {
		return nil, err
	}
	all, err := s.sightings(ctx, v.id, "")
	if err != nil {
		return nil, fmt.Errorf("history of %s: %w", v.Key, err)
	}
	var out []PolicyVersion
	for _, p := range all {
		if n := len(out); n > 0 {
			last := &out[n-1]
			if last.SameText(&p) && last.Score == p.Score && slicesEqual(last.Topics, p.Topics) {
				last.Runs++
				last.LastRunID, last.LastSeen = p.RunID, p.LastSeen
				continue
			}
		}
		out = append(out, p)
	}
	return out, nil
}

func slicesEqual(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// PreviousPolicy returns the vendor's latest policy sighting in a run
// created before beforeRunID (or in any run, when beforeRunID is ""). It
// fails with ErrNotFound when there is none.
func (s *Store) PreviousPolicy(ctx context.Context, vendorKey, beforeRunID string) (*PolicyVersion, error) {
	where, args := "", []any{VendorKey(vendorKey)}
	if beforeRunID != "" {
		ct, err := s.runCreatedAt(ctx, beforeRunID)
		if err != nil {
			return nil, err
		}
		where = `AND (r.created_at < ? OR (r.created_at = ? AND r.id < ?))`
		args = append(args, ct, ct, beforeRunID)
	}
	// One query, the latest sighting only: it runs for every vendor of a
	// batch, and a vendor audited every month for years has many.
	last, err := s.scanSightings(ctx, sightingSelect+` JOIN vendors v ON v.id = a.vendor_id
		WHERE v.key = ? AND a.policy_sha256 IS NOT NULL `+where+`
		ORDER BY r.created_at DESC, r.id DESC, a.seq DESC LIMIT 1`, args...)
	if err != nil {
		return nil, err
	}
	if len(last) == 0 {
		return nil, fmt.Errorf("previous policy of %s: %w", vendorKey, ErrNotFound)
	}
	return &last[0], nil
}

// runCreatedAt returns a run's creation time as stored, remembered: only
// that matters to PreviousPolicy, not GetRun, whose counts cost a scan of
// the run's inputs, and it never changes.
func (s *Store) runCreatedAt(ctx context.Context, runID string) (string, error) {
	if ct, ok := s.created.Load(runID); ok {
		return ct.(string), nil
	}
	var ct string
	err := s.queryRow(ctx, `SELECT created_at FROM runs WHERE id = ?`, runID).Scan(&ct)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("run %s: %w", runID, ErrNotFound)
	}
	if err != nil {
		return "", err
	}
	s.created.Store(runID, ct)
	return ct, nil
}

// ChangedSince compares a vendor's freshly analysed policy with the one of
// its previous audit (in a run created before runID) and returns the
// reports.Change to put in Vendor.ChangedSince, or nil when there is no
// previous policy, no current one, or the policy did not change.
//
// policyText is the extracted text of the current policy: when both it and
// the previous text are known, versions are compared by normalised text, so
// a page whose HTML differs only by a nonce is not "changed"; otherwise by
// body SHA-256.
func (s *Store) ChangedSince(ctx context.Context, runID string, v *reports.Vendor, policyText string) (*reports.Change, error) {
	if v == nil || v.Policy == nil || v.Policy.SHA256 == "" {
		return nil, nil
	}
	prev, err := s.PreviousPolicy(ctx, v.Input, runID)
	if errors.Is(err, ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("changed since: %w", err)
	}
	var changed bool
	if policyText != "" && prev.TextSHA256 != "" {
		changed = TextSHA256(policyText) != prev.TextSHA256
	} else {
		changed = !strings.EqualFold(v.Policy.SHA256, prev.SHA256)
	}
	if !changed {
		return nil, nil
	}
	gained, lost := topicDelta(prev.Topics, coveredTopics(v.Topics))
	return &reports.Change{
		PreviousRunID:  prev.RunID,
		PreviousSHA256: prev.SHA256,
		PreviousAt:     prev.FirstSeen,
		TopicsGained:   gained,
		TopicsLost:     lost,
	}, nil
}

// topicDelta returns the topics in to but not in from (gained) and in from
// but not in to (lost), sorted.
func topicDelta(from, to []string) (gained, lost []string) {
	in := func(xs []string, x string) bool {
		for _, y := range xs {
			if y == x {
				return true
			}
		}
		return false
	}
	for _, t := range to {
		if !in(from, t) {
			gained = append(gained, t)
		}
	}
	for _, t := range from {
		if !in(to, t) {
			lost = append(lost, t)
		}
	}
	sort.Strings(gained)
	sort.Strings(lost)
	return gained, lost
}
