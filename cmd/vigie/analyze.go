package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/spf13/cobra"

	"github.com/vigie-audit/vigie/audit"
	"github.com/vigie-audit/vigie/reports"
)

// analyzeOptions are the flags of `vigie analyze`.
type analyzeOptions struct {
	sources    []string
	output     outputFlags
	thresholds thresholdFlags
	crawl      crawlFlags
	rules      string
}

func newAnalyzeCmd(s *streams, runF func(context.Context, *analyzeOptions) error) *cobra.Command {
	opts := &analyzeOptions{}
	cmd := &cobra.Command{
		Use:   "analyze FILE|URL|- ...",
		Short: "Score policy documents directly, without crawling (check a draft)",
		Long: `analyze scores privacy-policy documents against the seven topics without
looking for them: local files (HTML, Markdown, plain text, PDF, or a Word
.docx or OpenDocument .odt draft), the URL of a policy page, or - for
standard input. A URL's #fragment scores only the
element of that id (one tab or part of a legal page). It writes the same
report as audit, one entry per document, and exits 1 when --fail-under or
--require is not met: a vendor can gate a draft policy in CI.

` + formatsHelp(),
		Example: `  # What does my draft miss?
  vigie analyze draft-policy.html -f md

  # Fail CI unless every topic is covered and the score reaches 80
  vigie analyze docs/privacy.md --require all --fail-under 80 -f sarif -o vigie.sarif

  # Several documents at once, and one from a pipe
  vigie analyze policy-en.html policy-fr.html
  cat policy.txt | vigie analyze -`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.sources = args
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return analyzeRun(cmd.Context(), s, opts)
		},
	}
	f := cmd.Flags()
	opts.output.register(f)
	opts.thresholds.register(f)
	opts.crawl.register(f)
	f.StringVar(&opts.rules, "rules", "", "load the rule pack from `DIR` instead of the built-in one")
	return cmd
}

func analyzeRun(ctx context.Context, s *streams, opts *analyzeOptions) error {
	format, err := opts.output.resolve("table")
	if err != nil {
		return err
	}
	th, err := opts.thresholds.get()
	if err != nil {
		return err
	}
	stdin := 0
	for _, a := range opts.sources {
		if a == "-" {
			stdin++
		}
	}
	if stdin > 1 {
		return usageErrorf("- (standard input) can be given once")
	}
	pack, err := loadPack(opts.rules)
	if err != nil {
		return err
	}
	settings := opts.crawl.settings()
	// analyze fetches the documents it is given, never discovers: no
	// rendering.
	settings.Render = "never"
	out, err := createOutput(opts.output.path, s.Out)
	if err != nil {
		return err
	}
	env, err := newCrawlEnv(ctx, settings, pack, false, slog.Default())
	if err != nil {
		out.Close()
		return err
	}
	defer env.Close()
	w, err := reports.NewWriter(format, out, reports.Options{Width: terminalWidth(s.Out, opts.output.path)})
	if err != nil {
		out.Close()
		return usageError(err)
	}
	checker := reports.NewChecker(th)
	var sources []audit.Source
	for _, a := range opts.sources {
		sources = append(sources, audit.Source{Arg: a, Stdin: s.In})
	}
	m := env.manifest("analyze", settings)
	m.Args = opts.sources
	_, err = audit.Analyze(ctx, sources, audit.Options{
		Crawler:  env.crawler,
		Rules:    pack,
		Writer:   reports.MultiWriter(w, checker),
		Logger:   slog.Default(),
		Tool:     toolInfo(pack),
		Manifest: m,
	})
	if cerr := out.Close(); cerr != nil {
		err = errors.Join(err, fmt.Errorf("write report: %w", cerr))
	}
	if err != nil {
		return err
	}
	if err := checker.Err(); err != nil {
		return thresholdError(err)
	}
	return nil
}
