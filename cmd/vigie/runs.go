package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/vigie-audit/vigie/store"
)

// storeFlags are the flags of the commands that read the store.
type storeFlags struct {
	dbPath string
	format string
}

func (f *storeFlags) register(fs *pflag.FlagSet, formats string) {
	fs.StringVar(&f.dbPath, "db", store.DefaultPath, "read the vigie database `FILE`")
	fs.StringVar(&f.format, "format", strings.Split(formats, ",")[0], "output format: "+strings.ReplaceAll(formats, ",", " or "))
}

func (f *storeFlags) checkFormat(formats string) error {
	for _, ok := range strings.Split(formats, ",") {
		if f.format == ok {
			return nil
		}
	}
	return usageErrorf("invalid --format %q: want %s", f.format, strings.ReplaceAll(formats, ",", " or "))
}

// openStoreForReading opens an existing database for a command that only
// reads it: a missing file is a clear usage error, and a file that cannot be
// written (read-only media, a copy received from someone) is opened
// read-only.
func openStoreForReading(ctx context.Context, path string) (*store.Store, error) {
	s, err := store.Open(ctx, path, store.Options{MustExist: true})
	if errors.Is(err, store.ErrNoDatabase) {
		return nil, usageErrorf("no vigie database at %s: run an audit first, or pass --db FILE", path)
	}
	if err != nil && !errors.Is(err, store.ErrSchemaTooNew) {
		if ro, roErr := store.Open(ctx, path, store.Options{ReadOnly: true}); roErr == nil {
			return ro, nil
		}
	}
	return s, err
}

// storeError turns lookups that found nothing into usage errors (exit 2):
// the user named a run or vendor the database does not have.
func storeError(err error) error {
	if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrAmbiguous) {
		return usageError(err)
	}
	return err
}

type runsOptions struct {
	storeFlags
	limit int
}

func newRunsCmd(s *streams) *cobra.Command {
	o := &runsOptions{}
	const formats = "table,json"
	cmd := &cobra.Command{
		Use:   "runs",
		Short: "List the runs kept in the database",
		Long: `List the runs kept in the vigie database, newest first: when each started,
its state (complete, partial when interrupted, running when in progress or
when its process died), how many vendors are done, and the vigie and rule-pack
versions it ran with.

A partial or running run can be continued with 'vigie audit --resume RUN'.
Run ids sort by creation time and may be abbreviated to any unique prefix.`,
		Args: cobra.NoArgs,
		Example: `  # List the runs of ./vigie.db
  vigie runs

  # The last five runs of another database, as JSON
  vigie runs --db audits/2026.db --limit 5 --format json`,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := o.checkFormat(formats); err != nil {
				return err
			}
			if o.limit < 0 {
				return usageErrorf("invalid --limit %d: want 0 (all) or more", o.limit)
			}
			return runRuns(cmd.Context(), s, o)
		},
	}
	o.register(cmd.Flags(), formats)
	cmd.Flags().IntVarP(&o.limit, "limit", "n", 0, "show only the `N` newest runs (0: all)")
	return cmd
}

func runRuns(ctx context.Context, s *streams, o *runsOptions) error {
	st, err := openStoreForReading(ctx, o.dbPath)
	if err != nil {
		return err
	}
	defer st.Close()
	runs, err := st.ListRuns(ctx, o.limit)
	if err != nil {
		return err
	}
	if o.format == "json" {
		if runs == nil {
			runs = []*store.Run{}
		}
		return writeJSON(s.Out, runs)
	}
	if len(runs) == 0 {
		fmt.Fprintf(s.ErrOut, "no runs in %s\n", o.dbPath)
		return nil
	}
	tw := tabwriter.NewWriter(s.Out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "RUN\tCREATED (UTC)\tSTATE\tDONE\tCOMMAND\tVIGIE\tRULES")
	for _, r := range runs {
		done := fmt.Sprintf("%d/%d", r.Done, r.Total)
		if r.Started > 0 && r.State != store.RunComplete {
			done += fmt.Sprintf(" (%d in flight)", r.Started)
		}
		state := r.State
		if r.Resumes > 0 {
			state += fmt.Sprintf(", resumed %d×", r.Resumes)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.ID, fmtDate(r.CreatedAt), state, done,
			dash(r.Command), dash(r.Tool.Version), dash(r.Tool.RulesVersion))
	}
	return tw.Flush()
}

func fmtDate(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format("2006-01-02 15:04")
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
