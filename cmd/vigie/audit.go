package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/vigie-audit/vigie/audit"
	"github.com/vigie-audit/vigie/reports"
	"github.com/vigie-audit/vigie/rules"
	"github.com/vigie-audit/vigie/store"
)

// auditOptions are the flags of `vigie audit`.
type auditOptions struct {
	urls        []string
	list        string
	output      outputFlags
	thresholds  thresholdFlags
	crawl       crawlFlags
	rules       string
	concurrency int
	db          string
	noDB        bool
	resume      string
	quiet       bool
	warc        string
}

func newAuditCmd(s *streams, runF func(context.Context, *auditOptions) error) *cobra.Command {
	opts := &auditOptions{}
	cmd := &cobra.Command{
		Use:   "audit [URL...] [-i vendors.csv] [-f FORMAT] [-o FILE]",
		Short: "Find, fetch and score vendors' privacy policies",
		Long: `audit takes vendors' home pages, finds the privacy policy linked from each
footer (through a legal-notice or privacy-centre page if need be), fetches it
politely, and scores it against the seven topics. Every vendor gets one status
(found, not_found, robots_disallowed, broken_link, fetch_error,
invalid_input) with a reason, and every topic quotes its evidence.

Vendors come as arguments (a bare domain means https://) or as a list with
-i: a CSV file with a header row naming a url column (name and any other
columns are kept as labels), or a text file with one URL per line (# starts a
comment); -i - reads standard input. A bad row is reported as invalid_input
with its line number and the rest of the list runs.

Vendors are audited concurrently (-c) while each host keeps one connection and
--delay between requests; robots.txt is obeyed. Each vendor's result is
committed to the store (--db) as soon as it is known: after a crash or Ctrl-C,
--resume continues the run without fetching again the vendors already done.
The report streams: with -f jsonl each vendor is written as it finishes.

` + formatsHelp(),
		Example: `  # Two vendors, a ranked table on the terminal
  vigie audit withings.com https://www.garmin.com

  # A batch from a CSV list, as JSON Lines, kept in the store
  vigie audit -i vendors.csv -f jsonl -o run.jsonl --db audits.db

  # Continue the last unfinished run after a crash or Ctrl-C
  vigie audit --resume -o run.jsonl --db audits.db

  # A page to publish, and exit 1 when a vendor scores under 70
  vigie audit -i vendors.txt -o comparison.html --fail-under 70`,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.urls = args
			if cmd.Flags().Changed("resume") && opts.resume == "" {
				opts.resume = "last"
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			tuneGCForBatch()
			return auditRun(cmd.Context(), s, opts)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&opts.list, "input", "i", "", "vendor list: a CSV with a url column, or one URL per line (- for stdin)")
	opts.output.register(f)
	opts.thresholds.register(f)
	opts.crawl.register(f)
	f.StringVar(&opts.rules, "rules", "", "load the rule pack from `DIR` instead of the built-in one")
	f.IntVarP(&opts.concurrency, "concurrency", "c", audit.DefaultConcurrency(), "vendors audited at once (each host still gets one connection)")
	f.StringVar(&opts.db, "db", store.DefaultPath, "SQLite store of runs, fetched documents and history")
	f.BoolVar(&opts.noDB, "no-db", false, "keep nothing: no store, no resume, no history")
	f.StringVar(&opts.resume, "resume", "", "continue an unfinished run: the last one, or `RUN_ID`")
	f.Lookup("resume").NoOptDefVal = "last"
	f.BoolVarP(&opts.quiet, "quiet", "q", false, "no progress bar, only warnings and errors")
	f.StringVar(&opts.warc, "warc", "", "write every HTTP exchange (and rendered page) of the run to `FILE.warc.gz`")
	return cmd
}

func auditRun(ctx context.Context, s *streams, opts *auditOptions) error {
	format, err := opts.output.resolve("table")
	if err != nil {
		return err
	}
	th, err := opts.thresholds.get()
	if err != nil {
		return err
	}
	if opts.concurrency < 1 {
		return usageErrorf("-c %d: at least one vendor at a time", opts.concurrency)
	}
	resuming := opts.resume != ""
	switch {
	case resuming && (len(opts.urls) > 0 || opts.list != ""):
		return usageErrorf("--resume continues a stored run: give no URLs and no -i")
	case resuming && opts.noDB:
		return usageErrorf("--resume needs the store: drop --no-db")
	case !resuming && len(opts.urls) == 0 && opts.list == "":
		return usageErrorf("nothing to audit: give URLs, or a vendor list with -i")
	case len(opts.urls) > 0 && opts.list != "":
		return usageErrorf("give URLs or -i, not both")
	}
	log := slog.Default()
	if opts.quiet {
		log = slog.New(quietHandler{slog.Default().Handler()})
	}

	// Everything that can fail without the network fails now, before the
	// first request: the vendor list, the rules, the store, the output.
	var inputs []audit.Input
	if !resuming {
		if inputs, err = readInputs(s, opts); err != nil {
			return err
		}
	}
	var st *store.Store
	if !opts.noDB {
		if err := audit.CheckWritable(opts.db); err != nil {
			return err
		}
		if st, err = store.Open(ctx, opts.db, store.Options{Logger: log, MustExist: resuming}); err != nil {
			if errors.Is(err, store.ErrNoDatabase) {
				return usageErrorf("--resume: no store at %s (use --db)", opts.db)
			}
			return fmt.Errorf("store: %w", err)
		}
		defer st.Close()
	}
	settings := opts.crawl.settings()
	settings.Concurrency = opts.concurrency
	settings.Rules = opts.rules
	settings.WARC = opts.warc
	if opts.warc != "" {
		if err := audit.CheckWritable(opts.warc); err != nil {
			return err
		}
	}
	var run *store.Run
	if resuming {
		if run, err = st.ResolveRun(ctx, opts.resume); err != nil {
			return usageError(fmt.Errorf("--resume: %w", err))
		}
		if !run.Unfinished() {
			return usageErrorf("run %s is complete: nothing to resume (vigie report --run %s re-renders it)", run.ID, run.ID)
		}
		if len(run.Options) > 0 {
			if err := json.Unmarshal(run.Options, &settings); err != nil {
				return fmt.Errorf("run %s: stored settings: %w", run.ID, err)
			}
		}
		log.Info("resuming run", "run", run.ID, "done", run.Done, "left", run.Total-run.Done)
	}
	pack, err := loadPack(settings.Rules)
	if err != nil {
		return err
	}
	if run != nil && run.Tool.RulesSHA256 != "" && run.Tool.RulesSHA256 != pack.SHA256() {
		return usageErrorf("run %s was audited with rule pack %s, not the one loaded now (%s): results would not compare; resume with the same rules",
			run.ID, short(run.Tool.RulesSHA256), short(pack.SHA256()))
	}
	out, err := createOutput(opts.output.path, s.Out)
	if err != nil {
		return err
	}
	env, err := newCrawlEnv(ctx, settings, pack, resuming, log)
	if err != nil {
		out.Close()
		return err
	}
	defer func() {
		if err := env.Close(); err != nil {
			log.Error("closing the crawler", "err", err)
		}
	}()
	w, err := reports.NewWriter(format, out, reports.Options{Width: terminalWidth(s.Out, opts.output.path)})
	if err != nil {
		out.Close()
		return usageError(err)
	}
	checker := reports.NewChecker(th)
	raw, _ := json.Marshal(settings)
	o := audit.Options{
		Crawler:     env.crawler,
		Rules:       pack,
		Concurrency: settings.Concurrency,
		Store:       st,
		Writer:      reports.MultiWriter(w, checker),
		Logger:      log,
		Tool:        toolInfo(pack),
		Manifest:    auditManifest(env, settings, opts),
		RunOptions:  raw,
	}
	if !opts.quiet {
		o.Progress = newProgress(s.ErrOut, log)
	}

	var sum *audit.Summary
	if resuming {
		sum, err = audit.Resume(ctx, run, o)
	} else {
		sum, err = audit.Run(ctx, inputs, o)
	}
	if cerr := out.Close(); cerr != nil {
		err = errors.Join(err, fmt.Errorf("write report: %w", cerr))
	}
	if sum != nil && sum.Partial && sum.RunID != "" {
		log.Warn("run is partial", "run", sum.RunID, "audited", sum.Written, "total", sum.Total,
			"resume", "vigie audit --resume "+sum.RunID+" --db "+opts.db)
	}
	if err != nil {
		return err
	}
	if err := checker.Err(); err != nil {
		return thresholdError(err)
	}
	return nil
}

// readInputs reads the vendors from the arguments or the -i list.
func readInputs(s *streams, opts *auditOptions) ([]audit.Input, error) {
	if opts.list == "" {
		return audit.Dedupe(audit.FromArgs(opts.urls)), nil
	}
	var r io.Reader = s.In
	format := audit.ListAuto
	if opts.list != "-" {
		f, err := os.Open(opts.list)
		if err != nil {
			return nil, usageError(fmt.Errorf("vendor list: %w", err))
		}
		defer f.Close()
		r = f
		switch strings.ToLower(filepath.Ext(opts.list)) {
		case ".csv", ".tsv":
			format = audit.ListCSV
		case ".txt", ".list":
			format = audit.ListText
		}
	}
	ins, err := audit.ParseList(r, format)
	if err != nil {
		return nil, usageError(err)
	}
	if len(ins) == 0 {
		return nil, usageErrorf("vendor list %s holds no vendor", opts.list)
	}
	return ins, nil
}

// createOutput opens the report's destination before any work, so that a
// read-only path or a full disk is reported before the crawl starts.
func createOutput(path string, stdout io.Writer) (io.WriteCloser, error) {
	if path != "" && path != "-" {
		if err := audit.CheckWritable(path); err != nil {
			return nil, err
		}
	}
	out, err := reports.Create(path, stdout)
	if err != nil {
		return nil, fmt.Errorf("report output: %w", err)
	}
	return out, nil
}

// toolInfo describes vigie and its rule pack for the report.
func toolInfo(pack *rules.Pack) reports.Tool {
	return reports.Tool{
		Name:         "vigie",
		Version:      toolVersion(),
		RulesVersion: pack.Version(),
		RulesSHA256:  pack.SHA256(),
		RulesSource:  pack.Source(),
	}
}

// auditManifest records the options that affect results.
func auditManifest(env *crawlEnv, s crawlSettings, opts *auditOptions) reports.Manifest {
	m := env.manifest("audit", s)
	if host, err := os.Hostname(); err == nil {
		m.Host = host
	}
	if opts != nil {
		if opts.list != "" {
			m.Args = append(m.Args, "-i", opts.list)
		}
		m.Args = append(m.Args, opts.urls...)
	}
	return m
}

// newProgress draws a bar when stderr is a terminal, else logs a line every
// 30 seconds.
func newProgress(errOut io.Writer, log *slog.Logger) audit.Progress {
	if f, ok := errOut.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		return audit.NewProgressBar(errOut)
	}
	return audit.NewProgressLog(log, 30*time.Second)
}

func short(sha string) string {
	if len(sha) > 12 {
		return sha[:12]
	}
	return sha
}

// quietHandler passes on warnings and errors only.
type quietHandler struct{ slog.Handler }

func (q quietHandler) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= slog.LevelWarn && q.Handler.Enabled(ctx, l)
}
