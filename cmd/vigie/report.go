package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"golang.org/x/term"

	"github.com/vigie-audit/vigie/reports"
	"github.com/vigie-audit/vigie/store"
)

// reportOptions are the flags of `vigie report`.
type reportOptions struct {
	from       string
	run        string
	db         string
	output     outputFlags
	thresholds thresholdFlags
}

func newReportCmd(s *streams, runF func(context.Context, *reportOptions) error) *cobra.Command {
	opts := &reportOptions{}
	cmd := &cobra.Command{
		Use:   "report (--from FILE.json|FILE.jsonl | --run RUN_ID) [-f FORMAT] [-o FILE]",
		Short: "Re-render a saved run in another format, without crawling",
		Long: `report reads a run saved with -f json or -f jsonl and writes it again in any
format. It streams: a JSON Lines file of any size is re-rendered vendor by
vendor. A JSON Lines file without its trailer line (a run that crashed or is
still going) is rendered as far as it goes and marked partial. --run reads a
run from the store instead (see vigie runs), vendor by vendor.

` + formatsHelp() + `

--fail-under and --require check the saved vendors as audit does, and exit
with 1 when one falls short, after writing the report.`,
		Example: `  # A saved run as a page to publish
  vigie report --from run.jsonl -o run.html

  # The same run as a spreadsheet, one row per vendor and topic
  vigie report --from run.json -f csv --csv-long -o run.csv

  # A run kept in the store, as a page to publish
  vigie report --run 20261129T020112Z-3f9a1c -o run.html

  # Fail CI unless every vendor covers cookies and children
  vigie report --from run.json -f sarif -o vigie.sarif --require cookies,children`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return reportRun(cmd.Context(), s, opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.from, "from", "", "saved run to read: a json or jsonl report (- for stdin)")
	f.StringVar(&opts.run, "run", "", "run to read from the store: its id, a unique prefix, or last")
	f.StringVar(&opts.db, "db", store.DefaultPath, "SQLite store to read --run from")
	cmd.MarkFlagsMutuallyExclusive("from", "run")
	cmd.MarkFlagsOneRequired("from", "run")
	opts.output.register(f)
	opts.thresholds.register(f)
	return cmd
}

func reportRun(ctx context.Context, s *streams, opts *reportOptions) error {
	format, err := opts.output.resolve("table")
	if err != nil {
		return err
	}
	th, err := opts.thresholds.get()
	if err != nil {
		return err
	}
	if opts.run != "" {
		return reportFromStore(ctx, s, opts, format, th)
	}
	if err := checkDistinct(opts.from, opts.output.path); err != nil {
		return err
	}
	var in io.Reader = s.In
	if opts.from != "-" {
		f, err := os.Open(opts.from)
		if err != nil {
			return fmt.Errorf("open saved run: %w", err)
		}
		defer f.Close()
		in = f
	}
	checker, err := replayTo(s, opts, format, th, func(w reports.Writer) error {
		_, err := reports.Replay(ctx, in, w)
		return err
	})
	switch {
	case checker == nil:
		return err
	case errors.Is(err, reports.ErrTruncated):
		slog.Warn("saved run is incomplete", "from", opts.from, "detail", err.Error())
	case err != nil:
		return fmt.Errorf("%s: %w", opts.from, err)
	}
	if err := checker.Err(); err != nil {
		return thresholdError(err)
	}
	return nil
}

// reportFromStore re-renders a run kept in the store.
func reportFromStore(ctx context.Context, s *streams, opts *reportOptions, format string, th reports.Thresholds) error {
	st, err := store.Open(ctx, opts.db, store.Options{ReadOnly: true})
	if err != nil {
		if errors.Is(err, store.ErrNoDatabase) {
			return usageErrorf("no store at %s (use --db)", opts.db)
		}
		return fmt.Errorf("store: %w", err)
	}
	defer st.Close()
	run, err := st.ResolveRun(ctx, opts.run)
	if err != nil {
		return usageError(fmt.Errorf("--run: %w", err))
	}
	checker, err := replayTo(s, opts, format, th, func(w reports.Writer) error {
		_, err := st.ReplayRun(ctx, run.ID, w)
		return err
	})
	if err != nil {
		return err
	}
	if err := checker.Err(); err != nil {
		return thresholdError(err)
	}
	return nil
}

// replayTo writes what replay sends to the report output in format, with
// a threshold checker beside it. The checker is nil when the output could
// not be set up (err says why); otherwise err is the replay's, or the
// output's when the replay succeeded.
func replayTo(s *streams, opts *reportOptions, format string, th reports.Thresholds, replay func(reports.Writer) error) (*reports.Checker, error) {
	out, err := reports.Create(opts.output.path, s.Out)
	if err != nil {
		return nil, err
	}
	w, err := reports.NewWriter(format, out, reports.Options{Width: terminalWidth(s.Out, opts.output.path)})
	if err != nil {
		out.Close()
		return nil, usageError(err)
	}
	checker := reports.NewChecker(th)
	err = replay(reports.MultiWriter(w, checker))
	if cerr := out.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("write report: %w", cerr)
	}
	return checker, err
}

// checkDistinct refuses to write the report over the run it reads.
func checkDistinct(from, output string) error {
	if from == "-" || output == "" || output == "-" {
		return nil
	}
	fi, err := os.Stat(from)
	if err != nil {
		return nil // the open reports it
	}
	if oi, err := os.Stat(output); err == nil && os.SameFile(fi, oi) {
		return usageErrorf("-o %s would overwrite the run it reads", output)
	}
	return nil
}

// outputFlags choose a report's format and destination: -f/--format,
// -o/--output and --csv-long. audit and analyze share them.
type outputFlags struct {
	format  string
	path    string
	csvLong bool
}

func (o *outputFlags) register(f *pflag.FlagSet) {
	f.StringVarP(&o.format, "format", "f", "", "report format: "+strings.Join(reports.FormatNames(), ", ")+" (default: from -o's extension, else table)")
	f.StringVarP(&o.path, "output", "o", "-", "write the report to FILE (- for stdout)")
	f.BoolVar(&o.csvLong, "csv-long", false, "with -f csv: one row per vendor and topic, with the first quote")
}

// resolve returns the format: -f, else -o's extension, else fallback; a
// usage error when neither says.
func (o *outputFlags) resolve(fallback string) (string, error) {
	format, err := reports.ResolveFormat(o.format, o.path, fallback)
	if err != nil {
		return "", usageError(err)
	}
	if o.csvLong {
		switch format {
		case "csv", "csv-long":
			format = "csv-long"
		default:
			return "", usageErrorf("--csv-long goes with -f csv, not %s", format)
		}
	}
	return format, nil
}

// thresholdFlags are --fail-under and --require, shared by audit, analyze
// and report.
type thresholdFlags struct {
	failUnder int
	require   reports.TopicList
}

func (t *thresholdFlags) register(f *pflag.FlagSet) {
	f.IntVar(&t.failUnder, "fail-under", 0, "exit 1 when a vendor scores below `SCORE` (0-100), after writing the report")
	f.Var(&t.require, "require", "exit 1 when a vendor does not cover these topics: all, or some of "+strings.Join(reports.TopicIDs(), ","))
}

// get returns the thresholds, or a usage error.
func (t *thresholdFlags) get() (reports.Thresholds, error) {
	th := reports.Thresholds{FailUnder: t.failUnder, Require: t.require}
	if err := th.Validate(); err != nil {
		return th, usageError(err)
	}
	return th, nil
}

// formatsHelp lists the formats for help text.
func formatsHelp() string {
	var b strings.Builder
	b.WriteString("Formats (-f, or from -o's extension):")
	for _, f := range reports.Formats() {
		fmt.Fprintf(&b, "\n  %-9s %s", f.Name, f.Description)
	}
	return b.String()
}

// terminalWidth is the width the table format fits into: the terminal's
// when the report goes to one, else no limit.
func terminalWidth(out io.Writer, path string) int {
	if path != "" && path != "-" {
		return 0
	}
	f, ok := out.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return 0
	}
	w, _, err := term.GetSize(int(f.Fd()))
	if err != nil {
		return 0
	}
	return w
}
