package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/vigie-audit/vigie/rules"
)

func newRulesCmd(s *streams) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "rules",
		Short: "List, test and validate rule packs",
		Long: `A rule pack is a folder holding pack.yaml (version, thresholds, topic
weights) and one YAML file per topic. vigie embeds a default pack; --rules
DIR on analyze, audit and eval uses another.`,
		Example: `  vigie rules list
  vigie rules test
  vigie rules validate ./my-rules`,
	}
	cmd.AddCommand(newRulesListCmd(s, nil), newRulesTestCmd(s, nil), newRulesValidateCmd(s, nil))
	return cmd
}

// rulesListOptions are the options of `vigie rules list`.
type rulesListOptions struct {
	streams *streams
	rules   string
	format  string
}

func newRulesListCmd(s *streams, runF func(*rulesListOptions) error) *cobra.Command {
	opts := &rulesListOptions{streams: s}
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the topics and rules of a pack",
		Example: `  vigie rules list
  vigie rules list --rules ./my-rules --format json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if opts.format != "table" && opts.format != "json" {
				return usageErrorf("invalid --format %q: want table or json", opts.format)
			}
			if runF != nil {
				return runF(opts)
			}
			return rulesListRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.rules, "rules", "", "rule pack folder (default: the built-in pack)")
	cmd.Flags().StringVarP(&opts.format, "format", "f", "table", "output format: table or json")
	return cmd
}

type ruleListing struct {
	Name    string         `json:"name"`
	Version string         `json:"version"`
	SHA256  string         `json:"sha256"`
	Source  string         `json:"source"`
	Covered float64        `json:"covered_threshold"`
	Weak    float64        `json:"weak_threshold"`
	Topics  []topicListing `json:"topics"`
}

type topicListing struct {
	ID     string        `json:"id"`
	Title  string        `json:"title"`
	Weight float64       `json:"weight"`
	Rules  []ruleSummary `json:"rules"`
}

type ruleSummary struct {
	ID        string   `json:"id"`
	Title     string   `json:"title"`
	Strength  float64  `json:"strength"`
	Strict    bool     `json:"strict"`
	Languages []string `json:"languages"`
}

func rulesListRun(opts *rulesListOptions) error {
	p, err := loadPack(opts.rules)
	if err != nil {
		return err
	}
	covered, weak := p.Thresholds()
	l := ruleListing{Name: p.Name(), Version: p.Version(), SHA256: p.SHA256(), Source: p.Source(), Covered: covered, Weak: weak}
	for _, t := range p.Topics() {
		tl := topicListing{ID: t.ID, Title: t.Title, Weight: t.Weight}
		for _, r := range t.Rules {
			tl.Rules = append(tl.Rules, ruleSummary{ID: r.ID, Title: r.Title, Strength: r.Strength, Strict: r.Strict, Languages: r.Languages})
		}
		l.Topics = append(l.Topics, tl)
	}
	out := opts.streams.Out
	if opts.format == "json" {
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		return enc.Encode(l)
	}
	fmt.Fprintf(out, "%s %s (%s), sha256 %s\ncovered from %.2f, weak from %.2f\n", l.Name, l.Version, l.Source, l.SHA256, covered, weak)
	for _, t := range l.Topics {
		fmt.Fprintf(out, "\n%s: %s (weight %g)\n", t.ID, t.Title, t.Weight)
		tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
		for _, r := range t.Rules {
			fmt.Fprintf(tw, "  %s\t%.2f\t%s\t%s\n", r.ID, r.Strength, strings.Join(r.Languages, ","), r.Title)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	return nil
}

// rulesTestOptions are the options of `vigie rules test`.
type rulesTestOptions struct {
	streams *streams
	dir     string
	verbose bool
}

func newRulesTestCmd(s *streams, runF func(*rulesTestOptions) error) *cobra.Command {
	opts := &rulesTestOptions{streams: s}
	cmd := &cobra.Command{
		Use:   "test [DIR]",
		Short: "Run every match and no_match example of a pack",
		Long: `Run the examples each rule ships: every match sentence must fire the rule and
no no_match sentence may. Exits 1 when an example fails, 2 when the pack does
not load.`,
		Example: `  # The built-in pack
  vigie rules test

  # A pack being written, listing every example
  vigie rules test ./my-rules -v`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.dir = args[0]
			}
			if runF != nil {
				return runF(opts)
			}
			return rulesTestRun(cmd, opts)
		},
	}
	cmd.Flags().BoolVarP(&opts.verbose, "verbose", "v", false, "list passing examples too")
	return cmd
}

func rulesTestRun(cmd *cobra.Command, opts *rulesTestOptions) error {
	p, err := loadPack(opts.dir)
	if err != nil {
		return err
	}
	res, err := p.CheckExamples(cmd.Context())
	if err != nil {
		return err
	}
	failed := 0
	for _, r := range res {
		if !r.OK {
			failed++
		}
		if !r.OK || opts.verbose {
			fmt.Fprintln(opts.streams.Out, r)
		}
	}
	fmt.Fprintf(opts.streams.Out, "%d passed, %d failed\n", len(res)-failed, failed)
	if failed > 0 {
		return &exitError{code: ExitThreshold, err: fmt.Errorf("%d examples failed", failed), silent: true}
	}
	return nil
}

// rulesValidateOptions are the options of `vigie rules validate`.
type rulesValidateOptions struct {
	streams *streams
	dir     string
}

func newRulesValidateCmd(s *streams, runF func(*rulesValidateOptions) error) *cobra.Command {
	opts := &rulesValidateOptions{streams: s}
	cmd := &cobra.Command{
		Use:   "validate DIR",
		Short: "Check that a rule pack loads",
		Long: `Load the pack in DIR and report every problem with its file and line: YAML
errors, unknown fields, patterns that do not compile, rules without examples.
Exits 2 when the pack does not load.`,
		Example: `  vigie rules validate ./my-rules`,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.dir = args[0]
			if runF != nil {
				return runF(opts)
			}
			return rulesValidateRun(opts)
		},
	}
	return cmd
}

func rulesValidateRun(opts *rulesValidateOptions) error {
	p, err := rules.Open(opts.dir)
	if err != nil {
		return usageError(fmt.Errorf("%s: invalid rule pack:\n%w", opts.dir, err))
	}
	n := 0
	for _, t := range p.Topics() {
		n += len(t.Rules)
	}
	fmt.Fprintf(opts.streams.Out, "%s: ok: %s %s, %d topics, %d rules, sha256 %s\n", opts.dir, p.Name(), p.Version(), len(p.Topics()), n, p.SHA256())
	return nil
}
