package main

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"
	"github.com/vigie-audit/vigie/store"
)

type historyOptions struct {
	storeFlags
	vendor string
}

func newHistoryCmd(s *streams) *cobra.Command {
	o := &historyOptions{}
	const formats = "table,json"
	cmd := &cobra.Command{
		Use:   "history VENDOR",
		Short: "List the versions of a vendor's policy seen across runs",
		Long: `List the versions of a vendor's privacy policy that the runs in the database
have seen, oldest first: when, in which runs, the policy URL, the SHA-256 of
the fetched body, the score and the topics covered.

VENDOR is the vendor's address as given to 'vigie audit' in any form
(withings.com, https://www.withings.com/), or a unique part of its address
or name. Consecutive runs that saw the same text with the same verdict are
shown as one version with their count; a page whose HTML changed but whose
text did not is the same version.`,
		Args: cobra.ExactArgs(1),
		Example: `  # The policy versions of a vendor
  vigie history withings.com

  # As JSON, from another database
  vigie history https://www.withings.com/ --db audits/2026.db --format json`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := o.checkFormat(formats); err != nil {
				return err
			}
			o.vendor = args[0]
			return runHistory(cmd.Context(), s, o)
		},
	}
	o.register(cmd.Flags(), formats)
	return cmd
}

// historyJSON is the machine output of vigie history.
type historyJSON struct {
	Vendor   store.VendorRef       `json:"vendor"`
	Versions []store.PolicyVersion `json:"versions"`
}

func runHistory(ctx context.Context, s *streams, o *historyOptions) error {
	st, err := openStoreForReading(ctx, o.dbPath)
	if err != nil {
		return err
	}
	defer st.Close()
	v, err := st.FindVendor(ctx, o.vendor)
	if err != nil {
		return storeError(err)
	}
	versions, err := st.History(ctx, v.Key)
	if err != nil {
		return storeError(err)
	}
	if o.format == "json" {
		if versions == nil {
			versions = []store.PolicyVersion{}
		}
		return writeJSON(s.Out, historyJSON{Vendor: *v, Versions: versions})
	}
	title := v.Key
	if v.Name != "" {
		title += " (" + v.Name + ")"
	}
	if len(versions) == 0 {
		fmt.Fprintf(s.Out, "%s: no policy was analysed in any run\n", title)
		return nil
	}
	runs := 0
	for _, p := range versions {
		runs += p.Runs
	}
	fmt.Fprintf(s.Out, "%s: %d policy %s in %d %s\n\n", title, len(versions), plural(len(versions), "version", "versions"),
		runs, plural(runs, "run", "runs"))
	tw := tabwriter.NewWriter(s.Out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "FIRST SEEN\tRUN\tRUNS\tSCORE\tTOPICS\tSHA256\tURL")
	for _, p := range versions {
		topics := fmt.Sprintf("%d: %s", len(p.Topics), strings.Join(p.Topics, ","))
		if len(p.Topics) == 0 {
			topics = "0"
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%s\t%s\t%s\n", fmtDate(p.FirstSeen), p.RunID, p.Runs, p.Score, topics,
			shortHash(p.SHA256), p.URL)
	}
	return tw.Flush()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func shortHash(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}
