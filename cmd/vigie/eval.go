package main

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/vigie-audit/vigie/evaluate"
	"github.com/vigie-audit/vigie/rules"
)

// evalOptions are the options of `vigie eval`.
type evalOptions struct {
	streams *streams
	corpus  string
	format  string
	split   string
	lang    string
	levels  []string
	rules   string
	show    []string
	topics  []string
	output  string
	stats   bool
	timing  bool
	alone   bool
}

func newEvalCmd(s *streams, runF func(*evalOptions) error) *cobra.Command {
	opts := &evalOptions{streams: s}
	cmd := &cobra.Command{
		Use:   "eval --corpus DIR",
		Short: "Measure the rules' accuracy on a gold corpus",
		Long: `Measure how well the rule pack reads privacy policies, on a corpus with gold
labels: per topic precision, recall, F1 and accuracy, with micro and macro
averages, at segment level (segments*.jsonl: each passage evaluated on its
own, a list item with the sentence that introduces it, its lead-in, as
context) and at policy level (policies*.jsonl: each policy_file analysed
whole).
Gold labels that are null are skipped.

--split dev|test keeps about two thirds / one third of the policies (by a
hash of the policy id): study misses on dev, report figures on test.
--show fp,fn prints the units the rules got wrong, with the rules that fired.`,
		Example: `  # Accuracy on OPP-115, all policies, as tables
  vigie eval --corpus ../shared/eval/opp115

  # Held-out figures as JSON
  vigie eval --corpus ../shared/eval/mapp --split test --format json

  # Study the false negatives for security on the dev split
  vigie eval --corpus ../shared/eval/opp115 --split dev --level segment --show fn --topic security

  # German side of MAPP only, with a user rule pack
  vigie eval --corpus ../shared/eval/mapp --lang de --rules ./my-rules`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if opts.corpus == "" {
				return usageErrorf("--corpus is required")
			}
			if opts.format != "table" && opts.format != "json" {
				return usageErrorf("invalid --format %q: want table or json", opts.format)
			}
			if !slices.Contains([]string{evaluate.SplitAll, evaluate.SplitDev, evaluate.SplitTest}, opts.split) {
				return usageErrorf("invalid --split %q: want all, dev or test", opts.split)
			}
			for _, l := range opts.levels {
				if l != evaluate.LevelSegment && l != evaluate.LevelPolicy {
					return usageErrorf("invalid --level %q: want segment or policy", l)
				}
			}
			for _, k := range opts.show {
				if k != "fp" && k != "fn" {
					return usageErrorf("invalid --show %q: want fp, fn or both", k)
				}
			}
			if runF != nil {
				return runF(opts)
			}
			return evalRun(cmd, opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.corpus, "corpus", "", "corpus folder (segments*.jsonl, policies*.jsonl)")
	f.StringVarP(&opts.format, "format", "f", "table", "output format: table or json")
	f.StringVar(&opts.split, "split", evaluate.SplitAll, "policies to evaluate: all, dev (about 2/3) or test (about 1/3, held out)")
	f.StringVar(&opts.lang, "lang", "", "keep only files and policies of this language (e.g. de)")
	f.StringSliceVar(&opts.levels, "level", nil, "levels to evaluate: segment, policy (default both)")
	f.StringVar(&opts.rules, "rules", "", "rule pack folder (default: the built-in pack)")
	f.StringSliceVar(&opts.show, "show", nil, "print misses: fp, fn or fp,fn")
	f.StringSliceVar(&opts.topics, "topic", nil, "with --show, only these topics")
	f.StringVarP(&opts.output, "output", "o", "-", "write the report to this file (- for stdout)")
	f.BoolVar(&opts.timing, "timing", false, "time the policy-level analysis against html.Parse alone on the same HTML files")
	f.BoolVar(&opts.alone, "standalone", false, "score each segment alone, without the lead-in of a list item")
	f.BoolVar(&opts.stats, "rule-stats", false, "also count, per rule, the segments it fired on and how many the gold marks")
	return cmd
}

// loadPack loads the --rules pack; a pack that fails to load is a usage
// error (exit 2).
func loadPack(dir string) (*rules.Pack, error) {
	p, err := rules.Open(dir)
	if err != nil {
		return nil, usageError(fmt.Errorf("rules: %w", err))
	}
	return p, nil
}

func evalRun(cmd *cobra.Command, opts *evalOptions) error {
	pack, err := loadPack(opts.rules)
	if err != nil {
		return err
	}
	if st, err := os.Stat(opts.corpus); err != nil || !st.IsDir() {
		return usageErrorf("--corpus %s: not a corpus folder", opts.corpus)
	}
	rep, err := evaluate.Run(cmd.Context(), evaluate.Options{
		Corpus: opts.corpus, Pack: pack, Split: opts.split, Lang: opts.lang, Levels: opts.levels,
		Misses: len(opts.show) > 0, Show: opts.show, Topics: opts.topics, RuleStats: opts.stats, Timing: opts.timing,
		Standalone: opts.alone,
	})
	if err != nil {
		return err
	}
	var w io.Writer = opts.streams.Out
	if opts.output != "-" && opts.output != "" {
		f, err := os.Create(opts.output)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	if opts.format == "json" {
		return evaluate.WriteJSON(w, rep)
	}
	if len(opts.show) > 0 {
		if err := evaluate.WriteMisses(w, rep); err != nil {
			return err
		}
		fmt.Fprintf(w, "%d misses (%s)\n", len(rep.Misses), strings.Join(opts.show, ","))
	}
	if opts.stats {
		if err := evaluate.WriteRuleStats(w, rep); err != nil {
			return err
		}
	}
	return evaluate.WriteTable(w, rep)
}
