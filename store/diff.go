package store

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Edit operations of a diff line.
const (
	OpEqual  = " "
	OpDelete = "-"
	OpInsert = "+"
)

// A DiffLine is one sentence of a diff.
type DiffLine struct {
	Op   string `json:"op"` // " ", "-" or "+"
	Text string `json:"text"`
}

// A Hunk is a run of changes with its context. Starts count sentences from
// 1; a count of 0 means the hunk only inserts (or only deletes).
type Hunk struct {
	FromStart int        `json:"from_start"`
	FromCount int        `json:"from_count"`
	ToStart   int        `json:"to_start"`
	ToCount   int        `json:"to_count"`
	Lines     []DiffLine `json:"lines"`
}

// A PolicyDiff is what changed in a vendor's policy between two versions.
type PolicyDiff struct {
	Vendor VendorRef     `json:"vendor"`
	From   PolicyVersion `json:"from"`
	To     PolicyVersion `json:"to"`
	// Identical is true when the two texts are the same (or only one
	// version was ever seen: From and To are then the same).
	Identical    bool     `json:"identical"`
	Removed      int      `json:"removed"` // sentences
	Added        int      `json:"added"`
	Hunks        []Hunk   `json:"hunks"`
	TopicsGained []string `json:"topics_gained"`
	TopicsLost   []string `json:"topics_lost"`
}

// DiffOptions choose the two versions of a Diff and its context.
type DiffOptions struct {
	// From and To are runs (ids, unique prefixes, or "last"). With
	// neither, the diff compares the last two distinct versions; with From
	// only, From against the latest; with To only, the version before To
	// against To.
	From, To string
	// Context is the number of unchanged sentences shown around each
	// change.
	Context int
}

// Diff compares two stored versions of a vendor's policy sentence by
// sentence (a Myers diff on sentences) and lists the topics gained and lost.
func (s *Store) Diff(ctx context.Context, vendor string, opts DiffOptions) (*PolicyDiff, error) {
	v, err := s.FindVendor(ctx, vendor)
	if err != nil {
		return nil, err
	}
	all, err := s.sightings(ctx, v.id, "")
	if err != nil {
		return nil, err
	}
	if len(all) == 0 {
		return nil, fmt.Errorf("vendor %s: no policy %w in any run", v.Key, ErrNotFound)
	}
	from, to, err := s.pickVersions(ctx, v, all, opts)
	if err != nil {
		return nil, err
	}
	d := &PolicyDiff{Vendor: *v, From: *from, To: *to, Hunks: []Hunk{}}
	d.TopicsGained, d.TopicsLost = topicDelta(from.Topics, to.Topics)
	if d.TopicsGained == nil {
		d.TopicsGained = []string{}
	}
	if d.TopicsLost == nil {
		d.TopicsLost = []string{}
	}
	if from.SameText(to) {
		d.Identical = true
		return d, nil
	}
	a, err := s.versionText(ctx, from)
	if err != nil {
		return nil, err
	}
	b, err := s.versionText(ctx, to)
	if err != nil {
		return nil, err
	}
	edits := diffSentences(splitSentences(a), splitSentences(b))
	for _, e := range edits {
		switch e.Op {
		case OpDelete:
			d.Removed++
		case OpInsert:
			d.Added++
		}
	}
	d.Identical = d.Removed == 0 && d.Added == 0
	ctxLines := max(opts.Context, 0)
	d.Hunks = hunks(edits, ctxLines)
	return d, nil
}

func (s *Store) versionText(ctx context.Context, p *PolicyVersion) (string, error) {
	t, err := s.GetText(ctx, p.SHA256)
	if errors.Is(err, ErrNotFound) {
		return "", fmt.Errorf("run %s: the policy's text was not stored (only its body), so it cannot be diffed", p.RunID)
	}
	return t, err
}

// pickVersions applies DiffOptions to a vendor's sightings, oldest first.
func (s *Store) pickVersions(ctx context.Context, v *VendorRef, all []PolicyVersion, opts DiffOptions) (from, to *PolicyVersion, err error) {
	inRun := func(ref string) (int, error) {
		run, err := s.ResolveRun(ctx, ref)
		if err != nil {
			return 0, err
		}
		for i := range all {
			if all[i].RunID == run.ID {
				return i, nil
			}
		}
		return 0, fmt.Errorf("run %s has no policy for %s: %w", run.ID, v.Key, ErrNotFound)
	}
	// before returns the latest sighting before i with a different text,
	// or the one just before i when the text never changed.
	before := func(i int) int {
		for j := i - 1; j >= 0; j-- {
			if !all[j].SameText(&all[i]) {
				return j
			}
		}
		return max(i-1, 0)
	}
	ti, fi := len(all)-1, 0
	switch {
	case opts.From != "" && opts.To != "":
		if fi, err = inRun(opts.From); err != nil {
			return nil, nil, err
		}
		if ti, err = inRun(opts.To); err != nil {
			return nil, nil, err
		}
	case opts.From != "":
		if fi, err = inRun(opts.From); err != nil {
			return nil, nil, err
		}
	case opts.To != "":
		if ti, err = inRun(opts.To); err != nil {
			return nil, nil, err
		}
		fi = before(ti)
	default:
		fi = before(ti)
	}
	return &all[fi], &all[ti], nil
}

// diffSentences returns the shortest edit script turning a into b, with
// Myers' O(ND) algorithm after trimming the common prefix and suffix. When
// the texts differ in more than maxEdits sentences the middle is reported as
// all removed then all added, which bounds time and memory.
func diffSentences(a, b []string) []DiffLine {
	var out []DiffLine
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	for _, s := range a[:pre] {
		out = append(out, DiffLine{OpEqual, s})
	}
	out = append(out, myers(a[pre:len(a)-suf], b[pre:len(b)-suf], maxEdits)...)
	for _, s := range a[len(a)-suf:] {
		out = append(out, DiffLine{OpEqual, s})
	}
	return out
}

// maxEdits bounds the Myers search: its trace takes O(D²) memory (16 MB at
// 2,000 edits).
const maxEdits = 2000

// myers is the greedy forward Myers algorithm with a per-step copy of the V
// array for the backtrack.
func myers(a, b []string, limit int) []DiffLine {
	n, m := len(a), len(b)
	if n == 0 && m == 0 {
		return nil
	}
	maxD := min(n+m, limit)
	off := maxD + 1
	v := make([]int32, 2*maxD+3)
	var trace [][]int32
	found := -1
	for d := 0; d <= maxD && found < 0; d++ {
		// trace[d] keeps V as it was before step d, diagonals -d..d only
		// (snap[k+d] is V[k]).
		snap := make([]int32, 2*d+1)
		copy(snap, v[off-d:off+d+1])
		trace = append(trace, snap)
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || (k != d && v[off+k-1] < v[off+k+1]) {
				x = int(v[off+k+1]) // down: insertion
			} else {
				x = int(v[off+k-1]) + 1 // right: deletion
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x++
				y++
			}
			v[off+k] = int32(x)
			if x >= n && y >= m {
				found = d
				break
			}
		}
	}
	if found < 0 {
		out := make([]DiffLine, 0, n+m)
		for _, s := range a {
			out = append(out, DiffLine{OpDelete, s})
		}
		for _, s := range b {
			out = append(out, DiffLine{OpInsert, s})
		}
		return out
	}
	// Backtrack from (n, m) through the saved V arrays. trace[d] holds V as
	// it was before step d, i.e. the end points of step d-1.
	var rev []DiffLine
	x, y := n, m
	for d := found; d > 0; d-- {
		prev := trace[d]
		get := func(k int) int { return int(prev[k+d]) } // prev[k+d] is V[k]
		k := x - y
		var pk int
		if k == -d || (k != d && get(k-1) < get(k+1)) {
			pk = k + 1
		} else {
			pk = k - 1
		}
		px := get(pk)
		py := px - pk
		for x > px && y > py {
			x--
			y--
			rev = append(rev, DiffLine{OpEqual, a[x]})
		}
		if x == px {
			y--
			rev = append(rev, DiffLine{OpInsert, b[y]})
		} else {
			x--
			rev = append(rev, DiffLine{OpDelete, a[x]})
		}
	}
	for x > 0 && y > 0 {
		x--
		y--
		rev = append(rev, DiffLine{OpEqual, a[x]})
	}
	out := make([]DiffLine, len(rev))
	for i, l := range rev {
		out[len(rev)-1-i] = l
	}
	return out
}

// hunks groups an edit script into hunks with ctx unchanged sentences of
// context around each change; changes closer than 2*ctx share a hunk.
func hunks(edits []DiffLine, ctx int) []Hunk {
	var out []Hunk
	ai, bi := 0, 0 // sentences consumed so far
	type pos struct{ i, a, b int }
	var changes []pos
	for i, e := range edits {
		if e.Op != OpEqual {
			changes = append(changes, pos{i, ai, bi})
		}
		if e.Op != OpInsert {
			ai++
		}
		if e.Op != OpDelete {
			bi++
		}
	}
	if len(changes) == 0 {
		return []Hunk{}
	}
	// Positions (a, b) before every edit index.
	as := make([]int, len(edits)+1)
	bs := make([]int, len(edits)+1)
	for i, e := range edits {
		as[i+1], bs[i+1] = as[i], bs[i]
		if e.Op != OpInsert {
			as[i+1]++
		}
		if e.Op != OpDelete {
			bs[i+1]++
		}
	}
	start := max(changes[0].i-ctx, 0)
	end := changes[0].i + 1
	flush := func() {
		end = min(end+ctx, len(edits))
		h := Hunk{
			FromStart: as[start] + 1, FromCount: as[end] - as[start],
			ToStart: bs[start] + 1, ToCount: bs[end] - bs[start],
			Lines: append([]DiffLine(nil), edits[start:end]...),
		}
		if h.FromCount == 0 {
			h.FromStart--
		}
		if h.ToCount == 0 {
			h.ToStart--
		}
		out = append(out, h)
	}
	for _, c := range changes[1:] {
		if c.i-end > 2*ctx {
			flush()
			start = c.i - ctx
		}
		end = c.i + 1
	}
	flush()
	return out
}

// WriteText renders a diff for people: a header per version, unified-style
// hunks of sentences marked "-" (removed) and "+" (added) with their
// context, then the topics gained and lost.
func (d *PolicyDiff) WriteText(w io.Writer) error {
	var b strings.Builder
	head := func(mark string, p *PolicyVersion) {
		fmt.Fprintf(&b, "%s %s  %s  run %s  sha256 %s  score %d\n", mark, d.Vendor.Key,
			p.FirstSeen.UTC().Format("2006-01-02"), p.RunID, short(p.SHA256), p.Score)
		if p.URL != "" {
			fmt.Fprintf(&b, "%s %s\n", mark, p.URL)
		}
	}
	head("---", &d.From)
	head("+++", &d.To)
	switch {
	case d.From.RunID == d.To.RunID && d.From.Seq == d.To.Seq:
		fmt.Fprintf(&b, "\nonly one version of the policy was seen (run %s): nothing to compare\n", d.From.RunID)
	case d.Identical:
		fmt.Fprintf(&b, "\nthe policy text did not change\n")
	default:
		fmt.Fprintf(&b, "\n%d %s removed, %d added\n", d.Removed, plural(d.Removed, "sentence", "sentences"), d.Added)
	}
	for _, h := range d.Hunks {
		fmt.Fprintf(&b, "\n@@ -%s +%s @@\n", span(h.FromStart, h.FromCount), span(h.ToStart, h.ToCount))
		for _, l := range h.Lines {
			fmt.Fprintf(&b, "%s %s\n", l.Op, l.Text)
		}
	}
	b.WriteString("\n")
	fmt.Fprintf(&b, "topics gained: %s\n", orNone(d.TopicsGained))
	fmt.Fprintf(&b, "topics lost:   %s\n", orNone(d.TopicsLost))
	_, err := io.WriteString(w, b.String())
	return err
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func span(start, count int) string {
	if count == 1 {
		return fmt.Sprint(start)
	}
	return fmt.Sprintf("%d,%d", start, count)
}

func orNone(xs []string) string {
	if len(xs) == 0 {
		return "none"
	}
	return strings.Join(xs, ", ")
}

// short abbreviates a hash for display.
func short(sha string) string {
	if len(sha) > 12 {
		return sha[:12]
	}
	return sha
}
