package evaluate

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"golang.org/x/net/html"

	"github.com/vigie-audit/vigie/analyzer"
	"github.com/vigie-audit/vigie/internal/cputime"
	"github.com/vigie-audit/vigie/rules"
)

// Options configure a run.
type Options struct {
	// Corpus is the corpus folder.
	Corpus string
	// Pack is the rule pack to measure.
	Pack *rules.Pack
	// Split is all, dev or test (default all).
	Split string
	// Lang keeps only the files and policies of one language ("" for all).
	Lang string
	// Levels restricts the run to segment or policy level (both when empty).
	Levels []string
	// Misses, when set, collects the units the rules got wrong; Show says
	// which kinds (fp, fn) and Topics which topics (all when empty).
	Misses bool
	Show   []string
	Topics []string
	// RuleStats collects per-rule firing counts at segment level.
	RuleStats bool
	// Standalone scores each segment alone, without the lead-in of a list
	// item (see rules.LeadIns): the reading before lead-ins, to compare.
	Standalone bool
	// Timing measures the policy-level analysis (extraction and rules) and,
	// for comparison, golang.org/x/net/html.Parse alone on the same HTML
	// files.
	Timing bool
	// Logger receives progress (nil discards).
	Logger *slog.Logger
}

// A Report is the result of a run.
type Report struct {
	Corpus       string `json:"corpus"`
	Split        string `json:"split"`
	Lang         string `json:"lang,omitempty"`
	RulesName    string `json:"rules_name"`
	RulesVersion string `json:"rules_version"`
	RulesSHA256  string `json:"rules_sha256"`
	// Segment and Policy combine every file of their level; nil when the
	// corpus has no file of that level.
	Segment *Level `json:"segment,omitempty"`
	Policy  *Level `json:"policy,omitempty"`
	// Files holds one block per corpus file (MAPP has one per language).
	Files  []*Level `json:"files"`
	Misses []Miss   `json:"misses,omitempty"`
	// Timing is set when Options.Timing is.
	Timing *Timing `json:"timing,omitempty"`
	// RuleStats counts, per rule, the labelled units it fired on at segment
	// level and how many of them the gold marks for its topic.
	RuleStats []RuleStat `json:"rule_stats,omitempty"`
}

// Timing compares the speed of the policy-level analysis (analyzer.Extract
// then the rules' Evaluate, one document at a time on one goroutine) with
// that of golang.org/x/net/html.Parse alone on the same HTML bytes.
//
// After the accuracy run, every policy file is parsed and analysed again in
// TimingRounds rounds; a round times html.Parse over every HTML file, then
// the analysis of every file, each repeated (at least three times and 150
// ms) so that garbage collection weighs on each in proportion to what it
// allocates. The figures are the best round of each, per pass, in process
// CPU time (garbage collection included), which a loaded machine skews
// less than the wall clock; the best round is the nearest to what a quiet
// machine does.
type Timing struct {
	Rounds int   `json:"rounds"`
	Files  int   `json:"files"`
	Bytes  int64 `json:"bytes"`
	// AnalyzeSeconds is the time to extract and assess every policy file.
	AnalyzeSeconds float64 `json:"analyze_seconds"`
	AnalyzeMBps    float64 `json:"analyze_mb_per_s"`
	// HTMLFiles and HTMLBytes count the HTML policy files, on which
	// html.Parse was also timed.
	HTMLFiles          int     `json:"html_files"`
	HTMLBytes          int64   `json:"html_bytes"`
	HTMLAnalyzeSeconds float64 `json:"html_analyze_seconds"`
	HTMLParseSeconds   float64 `json:"html_parse_seconds"`
	HTMLParseMBps      float64 `json:"html_parse_mb_per_s"`
	HTMLAnalyzeMBps    float64 `json:"html_analyze_mb_per_s"`
	// SpeedRatio is the analysis speed over html.Parse's speed on the HTML
	// files (≥ 0.25 is the target).
	SpeedRatio float64 `json:"speed_ratio"`
}

// TimingRounds is the number of rounds Timing measures.
const TimingRounds = 5

// A RuleStat is how often one rule fired on segments, and how often rightly.
type RuleStat struct {
	Rule  string `json:"rule"`
	Fired int    `json:"fired"`
	Gold  int    `json:"gold_true"`
	// Alone counts the units where this rule was the only one of its topic.
	Alone     int `json:"alone"`
	AloneGold int `json:"alone_gold_true"`
}

// A Miss is one unit and topic the rules got wrong.
type Miss struct {
	Level    string          `json:"level"`
	File     string          `json:"file"`
	PolicyID json.RawMessage `json:"policy_id"`
	// SegmentID is set at segment level.
	SegmentID json.RawMessage `json:"segment_id,omitempty"`
	Topic     string          `json:"topic"`
	// Kind is fp (predicted, not in the gold) or fn (in the gold, missed).
	Kind     string  `json:"kind"`
	Strength float64 `json:"strength"`
	// LeadIn is, at segment level, the sentence the segment was read with
	// when it is an item of a list (see rules.LeadIns).
	LeadIn string   `json:"lead_in,omitempty"`
	Rules  []string `json:"rules,omitempty"`
	// Text is the segment text, or for a policy its first evidence quote.
	Text string `json:"text"`
}

// Run evaluates the pack on the corpus.
func Run(ctx context.Context, opts Options) (*Report, error) {
	if opts.Pack == nil {
		return nil, fmt.Errorf("evaluate: no rule pack")
	}
	split := opts.Split
	if split == "" {
		split = SplitAll
	}
	if split != SplitAll && split != SplitDev && split != SplitTest {
		return nil, fmt.Errorf("evaluate: unknown split %q (want all, dev or test)", split)
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	files, err := listFiles(opts.Corpus)
	if err != nil {
		return nil, err
	}
	var main []string
	for _, t := range opts.Pack.Topics() {
		main = append(main, t.ID)
	}
	rep := &Report{
		Corpus: opts.Corpus, Split: split, Lang: opts.Lang,
		RulesName: opts.Pack.Name(), RulesVersion: opts.Pack.Version(), RulesSHA256: opts.Pack.SHA256(),
	}
	r := &runner{opts: opts, split: split, main: main, rep: rep, log: log}
	combined := map[string]*Level{}
	for _, f := range files {
		if len(opts.Levels) > 0 && !slices.Contains(opts.Levels, f.Level) {
			continue
		}
		if opts.Lang != "" && f.Lang != "" && f.Lang != opts.Lang {
			continue
		}
		lv := newLevel()
		lv.File, lv.Language = f.Name, f.Lang
		switch f.Level {
		case LevelSegment:
			err = r.segments(ctx, f, lv)
		case LevelPolicy:
			err = r.policies(ctx, f, lv)
		}
		if err != nil {
			return nil, err
		}
		if lv.Units == 0 {
			continue
		}
		c := combined[f.Level]
		if c == nil {
			c = newLevel()
			combined[f.Level] = c
		}
		c.Units += lv.Units
		for id, s := range lv.Topics {
			c.topic(id).merge(s)
		}
		lv.finish(main)
		rep.Files = append(rep.Files, lv)
	}
	for _, st := range r.stats {
		rep.RuleStats = append(rep.RuleStats, *st)
	}
	slices.SortFunc(rep.RuleStats, func(a, b RuleStat) int { return strings.Compare(a.Rule, b.Rule) })
	if opts.Timing && len(r.timed) > 0 {
		if rep.Timing, err = r.measure(ctx); err != nil {
			return nil, err
		}
	}
	if c := combined[LevelSegment]; c != nil {
		c.finish(main)
		rep.Segment = c
	}
	if c := combined[LevelPolicy]; c != nil {
		c.finish(main)
		rep.Policy = c
	}
	return rep, nil
}

func (r *runner) stat(id string) *RuleStat {
	if r.stats == nil {
		r.stats = map[string]*RuleStat{}
	}
	st := r.stats[id]
	if st == nil {
		st = &RuleStat{Rule: id}
		r.stats[id] = st
	}
	return st
}

type runner struct {
	stats map[string]*RuleStat
	timed []timedFile
	opts  Options
	split string
	main  []string
	rep   *Report
	log   *slog.Logger
}

// predictions returns, per topic, whether the assessment covers it, plus
// rights_strict: rights covered by a rule that states a right, not only a
// choice.
func (r *runner) predictions(a *rules.Assessment) map[string]*rules.TopicResult {
	out := map[string]*rules.TopicResult{}
	for i := range a.Topics {
		out[a.Topics[i].ID] = &a.Topics[i]
	}
	if rt := out["rights"]; rt != nil {
		strict := *rt
		strict.ID = RightsStrict
		strict.Covered = false
		if rt.Covered {
			for _, id := range rt.Rules {
				if rule := r.opts.Pack.Rule(id); rule != nil && rule.Strict {
					strict.Covered = true
					break
				}
			}
		}
		out[RightsStrict] = &strict
	}
	return out
}

// score adds one unit's predictions to lv and records its misses, a
// unit's in the order of their topic ids: the same corpus lists the same
// misses in the same order on every run, so that two runs can be diffed.
func (r *runner) score(lv *Level, g gold, pred map[string]*rules.TopicResult, miss Miss, text string) {
	lv.Units++
	for _, id := range slices.Sorted(maps.Keys(g)) {
		label := g[id]
		if label == nil {
			continue
		}
		tr := pred[id]
		if tr == nil {
			continue
		}
		lv.topic(id).add(tr.Covered, *label)
		if r.opts.RuleStats && miss.Level == LevelSegment && id != RightsStrict {
			for _, rid := range tr.Rules {
				st := r.stat(rid)
				st.Fired++
				if *label {
					st.Gold++
				}
				if len(tr.Rules) == 1 {
					st.Alone++
					if *label {
						st.AloneGold++
					}
				}
			}
		}
		if !r.opts.Misses || tr.Covered == *label {
			continue
		}
		kind := "fn"
		if tr.Covered {
			kind = "fp"
		}
		if len(r.opts.Show) > 0 && !slices.Contains(r.opts.Show, kind) {
			continue
		}
		if len(r.opts.Topics) > 0 && !slices.Contains(r.opts.Topics, id) {
			continue
		}
		m := miss
		m.Topic, m.Kind, m.Strength, m.Rules = id, kind, tr.Strength, tr.Rules
		m.Text = text
		if text == "" && len(tr.Evidence) > 0 {
			m.Text = tr.Evidence[0].Text
		}
		r.rep.Misses = append(r.rep.Misses, m)
	}
}

func (r *runner) segments(ctx context.Context, f corpusFile, lv *Level) error {
	r.log.Info("segments", "file", f.Name)
	var segs []*segment
	var lines []int
	err := readJSONL(f.Path, func(line int, s *segment) error {
		if !InSplit(s.PolicyID, r.split) {
			return nil
		}
		if r.opts.Lang != "" && s.Language != "" && s.Language != r.opts.Lang {
			return nil
		}
		segs, lines = append(segs, s), append(lines, line)
		return nil
	})
	if err != nil {
		return err
	}
	leads := make([]string, len(segs))
	if !r.opts.Standalone {
		leadIns(segs, leads)
	}
	for i, s := range segs {
		if err := ctx.Err(); err != nil {
			return err
		}
		a, err := r.opts.Pack.EvaluateWith(ctx, passage(s.Text, s.Heading), rules.Options{Passage: true, LeadIn: leads[i]})
		if err != nil {
			return fmt.Errorf("%s:%d: %w", f.Name, lines[i], err)
		}
		r.score(lv, s.Gold, r.predictions(a), Miss{Level: LevelSegment, File: f.Name, PolicyID: s.PolicyID, SegmentID: s.SegmentID, LeadIn: leads[i]}, s.Text)
	}
	return nil
}

// leadIns finds the lead-in of each segment (see rules.LeadIns) and writes
// it to leads: segments are read in document order, a policy's (the same
// policy_id, in a row) with consecutive numeric segment_id as one run of
// text, so that an item is read with the sentence that introduces it, the
// last of the segment before its list, as the annotators read it and as
// the engine reads the same text in a whole policy.
func leadIns(segs []*segment, leads []string) {
	for i := 0; i < len(segs); {
		j := i + 1
		for j < len(segs) && string(segs[j].PolicyID) == string(segs[i].PolicyID) && consecutive(segs[j-1].SegmentID, segs[j].SegmentID) {
			j++
		}
		if j-i > 1 {
			texts := make([]string, j-i)
			for k := range texts {
				texts[k] = segs[i+k].Text
			}
			copy(leads[i:j], rules.LeadIns(texts))
		}
		i = j
	}
}

// consecutive reports whether segment id b follows a: b = a+1 when both are
// numbers; ids that are not numbers follow in file order.
func consecutive(a, b json.RawMessage) bool {
	var x, y float64
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return true
	}
	return y == x+1
}

func (r *runner) policies(ctx context.Context, f corpusFile, lv *Level) error {
	r.log.Info("policies", "file", f.Name)
	return readJSONL(f.Path, func(line int, p *policy) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if !InSplit(p.PolicyID, r.split) {
			return nil
		}
		if r.opts.Lang != "" && p.Language != "" && p.Language != r.opts.Lang {
			return nil
		}
		if p.PolicyFile == "" {
			return fmt.Errorf("%s:%d: no policy_file", f.Name, line)
		}
		path := filepath.Join(r.opts.Corpus, filepath.FromSlash(p.PolicyFile))
		data, err := readPolicy(path)
		if err != nil {
			return fmt.Errorf("%s:%d: %w", f.Name, line, err)
		}
		data = policyBytes(path, data)
		doc, err := extractPolicy(ctx, path, data, p.Language)
		if err != nil {
			return fmt.Errorf("%s:%d: %w", f.Name, line, err)
		}
		a, err := r.opts.Pack.Evaluate(ctx, doc)
		if err != nil {
			return fmt.Errorf("%s:%d: %w", f.Name, line, err)
		}
		if r.opts.Timing {
			r.timed = append(r.timed, timedFile{path: path, data: data, lang: p.Language})
		}
		r.score(lv, p.Gold, r.predictions(a), Miss{Level: LevelPolicy, File: p.PolicyFile, PolicyID: p.PolicyID}, "")
		return nil
	})
}

// passage wraps a segment's text as a one-section document, under its
// section's heading when the corpus gives one.
func passage(text, heading string) *analyzer.Document {
	d := rules.PassageDocument(text)
	if heading = strings.TrimSpace(heading); heading != "" {
		d.Sections[0].Path, d.Sections[0].Level = []string{heading}, 2
	}
	return d
}

// policyBytes turns OPP-115's segment separator ||| into a paragraph
// break: <hr> in HTML, a blank line elsewhere.
func policyBytes(path string, data []byte) []byte {
	if !bytes.Contains(data, []byte("|||")) {
		return data
	}
	sep := []byte("\n\n")
	if isHTMLPath(path) {
		sep = []byte("<hr>")
	}
	return bytes.ReplaceAll(data, []byte("|||"), sep)
}

func isHTMLPath(path string) bool {
	ext := strings.ToLower(filepath.Ext(path))
	return ext == ".html" || ext == ".htm"
}

// extractPolicy turns a policy file (separators replaced by policyBytes)
// into a Document with analyzer.Extract. A file the analyzer finds empty or
// without text is assessed as such (every topic missing), not an error:
// the gold still counts it.
func extractPolicy(ctx context.Context, path string, data []byte, lang string) (*analyzer.Document, error) {
	doc, err := analyzer.Extract(ctx, bytes.NewReader(data), analyzer.Input{URL: path, Language: lang, MaxBytes: -1})
	if err != nil {
		if doc != nil && ctx.Err() == nil {
			return doc, nil
		}
		return nil, fmt.Errorf("extract %s: %w", path, err)
	}
	return doc, nil
}

// readPolicy reads one policy file (at most 32 MiB).
func readPolicy(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, 32<<20))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return data, nil
}

// Timing passes: a pass over the files repeats until it has taken
// minPassTime of CPU time and run minPasses times, so that garbage
// collection is paid in proportion to what each side allocates (a single
// pass may or may not trigger a collection).
const (
	minPasses   = 3
	minPassTime = 150 * time.Millisecond
)

// steadyPass returns the CPU time of one run of pass, averaged over
// repeated runs (see minPasses).
func steadyPass(pass func() error) (time.Duration, error) {
	runtime.GC()
	start := cputime.Now()
	n := 0
	for n < minPasses || cputime.Now()-start < minPassTime {
		if err := pass(); err != nil {
			return 0, err
		}
		n++
	}
	return (cputime.Now() - start) / time.Duration(n), nil
}

// timedFile is a policy file kept for the timing rounds.
type timedFile struct {
	path, lang string
	data       []byte
}

// measure times the analysis of the kept policy files against html.Parse
// alone (see Timing).
func (r *runner) measure(ctx context.Context) (*Timing, error) {
	t := &Timing{Rounds: TimingRounds}
	var htmlFiles, others []timedFile
	for _, f := range r.timed {
		t.Files++
		t.Bytes += int64(len(f.data))
		if isHTMLPath(f.path) {
			htmlFiles = append(htmlFiles, f)
			t.HTMLFiles++
			t.HTMLBytes += int64(len(f.data))
		} else {
			others = append(others, f)
		}
	}
	analyzeOnce := func(files []timedFile) error {
		for _, f := range files {
			doc, err := extractPolicy(ctx, f.path, f.data, f.lang)
			if err != nil {
				return err
			}
			if _, err := r.opts.Pack.Evaluate(ctx, doc); err != nil {
				return err
			}
		}
		return nil
	}
	analyze := func(files []timedFile) (time.Duration, error) {
		return steadyPass(func() error { return analyzeOnce(files) })
	}
	parse := func(files []timedFile) time.Duration {
		d, _ := steadyPass(func() error {
			for _, f := range files {
				_, _ = html.Parse(bytes.NewReader(f.data))
			}
			return nil
		})
		return d
	}
	best := func(cur *float64, d time.Duration, round int) {
		if s := d.Seconds(); round == 0 || s < *cur {
			*cur = s
		}
	}
	var otherSeconds float64
	for round := 0; round < t.Rounds; round++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if len(htmlFiles) > 0 {
			best(&t.HTMLParseSeconds, parse(htmlFiles), round)
			d, err := analyze(htmlFiles)
			if err != nil {
				return nil, err
			}
			best(&t.HTMLAnalyzeSeconds, d, round)
		}
		if len(others) > 0 {
			d, err := analyze(others)
			if err != nil {
				return nil, err
			}
			best(&otherSeconds, d, round)
		}
	}
	t.AnalyzeSeconds = t.HTMLAnalyzeSeconds + otherSeconds
	t.finish()
	return t, nil
}

func (t *Timing) finish() {
	mbps := func(b int64, s float64) float64 {
		if s <= 0 {
			return 0
		}
		return r4(float64(b) / s / 1e6)
	}
	t.AnalyzeMBps = mbps(t.Bytes, t.AnalyzeSeconds)
	t.HTMLParseMBps = mbps(t.HTMLBytes, t.HTMLParseSeconds)
	t.HTMLAnalyzeMBps = mbps(t.HTMLBytes, t.HTMLAnalyzeSeconds)
	if t.HTMLParseMBps > 0 {
		t.SpeedRatio = r4(t.HTMLAnalyzeMBps / t.HTMLParseMBps)
	}
	t.AnalyzeSeconds, t.HTMLParseSeconds, t.HTMLAnalyzeSeconds = r4(t.AnalyzeSeconds), r4(t.HTMLParseSeconds), r4(t.HTMLAnalyzeSeconds)
}
