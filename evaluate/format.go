package evaluate

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"unicode/utf8"
)

// WriteJSON writes the report as indented JSON.
func WriteJSON(w io.Writer, r *Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// WriteTable writes the report as aligned text tables: the combined figures
// of each level, then one block per file when a level has several files.
func WriteTable(w io.Writer, r *Report) error {
	fmt.Fprintf(w, "corpus %s  split %s", r.Corpus, r.Split)
	if r.Lang != "" {
		fmt.Fprintf(w, "  lang %s", r.Lang)
	}
	sha := r.RulesSHA256
	if len(sha) > 12 {
		sha = sha[:12]
	}
	fmt.Fprintf(w, "  rules %s %s (%s)\n", r.RulesName, r.RulesVersion, sha)
	for _, lvl := range []struct {
		name string
		l    *Level
	}{{LevelSegment, r.Segment}, {LevelPolicy, r.Policy}} {
		if lvl.l == nil {
			continue
		}
		var files []*Level
		for _, f := range r.Files {
			if levelOfFile(f.File) == lvl.name {
				files = append(files, f)
			}
		}
		title := fmt.Sprintf("%s level: %d units", lvl.name, lvl.l.Units)
		if len(files) == 1 {
			title += " (" + files[0].File + ")"
		}
		if err := writeLevel(w, title, lvl.l); err != nil {
			return err
		}
		if len(files) > 1 {
			for _, f := range files {
				t := fmt.Sprintf("%s level, %s: %d units", lvl.name, f.File, f.Units)
				if err := writeLevel(w, t, f); err != nil {
					return err
				}
			}
		}
	}
	if t := r.Timing; t != nil {
		fmt.Fprintf(w, "\ntiming (best of %d rounds, CPU time, one goroutine): %d policy files, %.1f MB analysed in %.3f s (%.2f MB/s)\n", t.Rounds, t.Files, float64(t.Bytes)/1e6, t.AnalyzeSeconds, t.AnalyzeMBps)
		if t.HTMLFiles > 0 {
			fmt.Fprintf(w, "  HTML files: %d, %.1f MB: analysis %.2f MB/s, html.Parse alone %.2f MB/s, ratio %.3f (target >= 0.25)\n",
				t.HTMLFiles, float64(t.HTMLBytes)/1e6, t.HTMLAnalyzeMBps, t.HTMLParseMBps, t.SpeedRatio)
		}
	}
	return nil
}

func levelOfFile(name string) string {
	if strings.HasPrefix(name, "policies") {
		return LevelPolicy
	}
	return LevelSegment
}

func writeLevel(w io.Writer, title string, l *Level) error {
	fmt.Fprintf(w, "\n%s\n", title)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "topic\tprecision\trecall\tF1\taccuracy\ttp\tfp\tfn\ttn\t")
	row := func(name string, s *Scores) {
		fmt.Fprintf(tw, "%s\t%.3f\t%.3f\t%.3f\t%.3f\t%d\t%d\t%d\t%d\t\n", name, s.Precision, s.Recall, s.F1, s.Accuracy, s.TP, s.FP, s.FN, s.TN)
	}
	for _, id := range l.TopicOrder {
		row(id, l.Topics[id])
	}
	row("micro", &l.Micro)
	fmt.Fprintf(tw, "macro F1\t\t\t%.3f\t\t\t\t\t\t\n", l.MacroF1)
	return tw.Flush()
}

// WriteMisses lists the misses, one block each: where, which topic, which
// rules fired, and the text.
func WriteMisses(w io.Writer, r *Report) error {
	for _, m := range r.Misses {
		where := fmt.Sprintf("%s policy %s", m.File, string(m.PolicyID))
		if len(m.SegmentID) > 0 {
			where += " segment " + string(m.SegmentID)
		}
		rules := "none"
		if len(m.Rules) > 0 {
			rules = strings.Join(m.Rules, ",")
		}
		text := clip(m.Text, 600)
		if _, err := fmt.Fprintf(w, "%s %s %s strength=%.2f rules=%s\n    %s\n", strings.ToUpper(m.Kind), m.Topic, where, m.Strength, rules, text); err != nil {
			return err
		}
		if m.LeadIn != "" {
			if _, err := fmt.Fprintf(w, "    (lead-in: %s)\n", m.LeadIn); err != nil {
				return err
			}
		}
	}
	return nil
}

// WriteRuleStats lists, per rule, how often it fired on segments and the
// share of those the gold marks for its topic.
func WriteRuleStats(w io.Writer, r *Report) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "rule	fired	gold	precision	alone	alone gold	")
	for _, st := range r.RuleStats {
		p := 0.0
		if st.Fired > 0 {
			p = float64(st.Gold) / float64(st.Fired)
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%.3f\t%d\t%d\t\n", st.Rule, st.Fired, st.Gold, p, st.Alone, st.AloneGold)
	}
	return tw.Flush()
}

// clip shortens text to at most n bytes, cut at the start of a character
// so that a quote in any language stays valid UTF-8, and marks the cut.
func clip(text string, n int) string {
	if len(text) <= n {
		return text
	}
	for n > 0 && !utf8.RuneStart(text[n]) {
		n--
	}
	return text[:n] + "…"
}
