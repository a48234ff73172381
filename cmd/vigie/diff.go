package main

import (
	"context"

	"github.com/spf13/cobra"
	"github.com/vigie-audit/vigie/store"
)

type diffOptions struct {
	storeFlags
	vendor   string
	from, to string
	context  int
}

func newDiffCmd(s *streams) *cobra.Command {
	o := &diffOptions{}
	const formats = "text,json"
	cmd := &cobra.Command{
		Use:   "diff VENDOR [--from RUN --to RUN]",
		Short: "Show what changed in a vendor's policy between two runs",
		Long: `Show what changed in a vendor's privacy policy between two versions kept in
the database: the sentences removed (-) and added (+), with a little
unchanged context, then the topics gained and lost.

By default the last two distinct versions are compared. --from alone compares
that run's version with the latest; --to alone compares that run's version
with the one before it. RUN is a run id, a unique prefix of one, or "last".
VENDOR is given as for 'vigie history'.`,
		Args: cobra.ExactArgs(1),
		Example: `  # What changed since the previous version
  vigie diff withings.com

  # Between two given runs, with more context, as JSON
  vigie diff withings.com --from 20261001T0200 --to last --context 4 --format json`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := o.checkFormat(formats); err != nil {
				return err
			}
			if o.context < 0 {
				return usageErrorf("invalid --context %d: want 0 or more", o.context)
			}
			o.vendor = args[0]
			return runDiff(cmd.Context(), s, o)
		},
	}
	o.register(cmd.Flags(), formats)
	f := cmd.Flags()
	f.StringVar(&o.from, "from", "", "compare from the policy seen in `RUN`")
	f.StringVar(&o.to, "to", "", "compare to the policy seen in `RUN`")
	f.IntVarP(&o.context, "context", "U", 2, "`N` unchanged sentences shown around each change")
	return cmd
}

func runDiff(ctx context.Context, s *streams, o *diffOptions) error {
	st, err := openStoreForReading(ctx, o.dbPath)
	if err != nil {
		return err
	}
	defer st.Close()
	d, err := st.Diff(ctx, o.vendor, store.DiffOptions{From: o.from, To: o.to, Context: o.context})
	if err != nil {
		return storeError(err)
	}
	if o.format == "json" {
		return writeJSON(s.Out, d)
	}
	return d.WriteText(s.Out)
}
