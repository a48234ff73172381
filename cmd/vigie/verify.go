package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/vigie-audit/vigie/reports"
	"github.com/vigie-audit/vigie/warc"
)

// verifyOptions are the arguments and flags of `vigie verify`.
type verifyOptions struct {
	report string
	warc   string
}

func newVerifyCmd(s *streams, runF func(context.Context, *verifyOptions) error) *cobra.Command {
	opts := &verifyOptions{}
	cmd := &cobra.Command{
		Use:   "verify REPORT.json|REPORT.jsonl --warc FILE.warc.gz",
		Short: "Check a saved run against its web archive",
		Long: `verify checks that the documents a report quotes are the ones its run archived.

It reads the report (json or jsonl; - for stdin) and the WARC file written with
--warc, checks every record's own digests, and looks, for each vendor, for the
policy, the further documents (a cookie policy) and the rendered pages in the
archive: a record of the document's URL whose payload has the report's SHA-256.
It prints one line per vendor:

  ok        every document is in the archive, with the report's hash
  mismatch  the archive holds the URL with other content
  missing   the archive has no record of the URL
  -         the vendor has no document to check (no policy found)

Exit status: 0 when everything checks out, 1 on any mismatch, missing record
or record whose digests fail, 2 when the report or the archive cannot be read.`,
		Example: `  # Audit with an archive, then check the report against it
  vigie audit -i vendors.txt -f json -o run.json --warc run.warc.gz
  vigie verify run.json --warc run.warc.gz

  # A second person checks a published run
  vigie verify published/run.jsonl --warc published/run.warc.gz`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.report = args[0]
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return verifyRun(cmd.Context(), s, opts)
		},
	}
	cmd.Flags().StringVar(&opts.warc, "warc", "", "the run's WARC file (`FILE`.warc.gz)")
	_ = cmd.MarkFlagRequired("warc")
	return cmd
}

func verifyRun(ctx context.Context, s *streams, opts *verifyOptions) error {
	rep, err := readSavedReport(ctx, s.In, opts.report)
	if err != nil {
		return usageError(err)
	}
	arch, err := warc.Open(ctx, opts.warc)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return usageError(err)
	}
	res := verifyReport(rep, arch)
	if err := res.print(s.Out, arch); err != nil {
		return err
	}
	if res.failed > 0 || len(arch.Problems) > 0 {
		return &exitError{code: ExitThreshold, err: fmt.Errorf(
			"verification failed: %d vendor(s) with a document not archived as reported, %d archive record problem(s)",
			res.failed, len(arch.Problems))}
	}
	return nil
}

func readSavedReport(ctx context.Context, stdin io.Reader, path string) (*reports.Report, error) {
	in := stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return nil, fmt.Errorf("open report: %w", err)
		}
		defer f.Close()
		in = f
	}
	rep, err := reports.Read(ctx, in)
	if err != nil && !errors.Is(err, reports.ErrTruncated) {
		return nil, fmt.Errorf("read report %s: %w", path, err)
	}
	return rep, nil
}

// A claim is a document of a vendor that the archive should hold.
type claim struct {
	what string   // policy, cookie_policy, rendered page, screenshot
	sum  string   // hex SHA-256 from the report
	uris []string // where to look, best first
}

// vendorVerdict is the outcome for one vendor.
type vendorVerdict struct {
	name   string
	status string // ok, mismatch, missing, -
	notes  []string
}

type verification struct {
	vendors []vendorVerdict
	counts  map[string]int
	failed  int
}

// claims lists what the report says was fetched or rendered for a vendor.
func claims(v *reports.Vendor) []claim {
	var cs []claim
	if p := v.Policy; p != nil && p.SHA256 != "" {
		cs = append(cs, claim{what: "policy", sum: p.SHA256, uris: []string{p.FinalURL, p.URL}})
	}
	for _, d := range v.Documents {
		if d.SHA256 != "" {
			cs = append(cs, claim{what: verifyOr(d.Role, "document"), sum: d.SHA256, uris: []string{d.URL}})
		}
	}
	for _, r := range v.Rendered {
		if r.SHA256 != "" {
			cs = append(cs, claim{what: "rendered page", sum: r.SHA256, uris: []string{r.URL}})
		}
		if r.ScreenshotSHA256 != "" {
			cs = append(cs, claim{what: "screenshot", sum: r.ScreenshotSHA256, uris: []string{"urn:view:" + r.URL}})
		}
	}
	return cs
}

func verifyReport(rep *reports.Report, arch *warc.Archive) *verification {
	res := &verification{counts: map[string]int{}}
	for i := range rep.Vendors {
		v := &rep.Vendors[i]
		vv := vendorVerdict{name: verifyOr(v.Name, v.Input), status: "-"}
		cs := claims(v)
		if len(cs) == 0 {
			vv.notes = append(vv.notes, "no document to check ("+v.Status+")")
		}
		rank := map[string]int{"-": 0, warc.OK: 1, warc.Missing: 2, warc.Mismatch: 3}
		for _, c := range cs {
			ver := arch.Check(c.sum, c.uris...)
			if rank[ver.Status] > rank[vv.status] {
				vv.status = ver.Status
			}
			uri := firstURI(c.uris)
			switch ver.Status {
			case warc.OK:
				r := ver.Record
				vv.notes = append(vv.notes, fmt.Sprintf("%s sha256:%s = %s record %s of %s",
					c.what, shortSum(c.sum), r.Type, r.Date.UTC().Format("2006-01-02T15:04:05Z"), r.URI))
			case warc.Mismatch:
				n := fmt.Sprintf("%s sha256:%s: the archive holds %s with sha256:%s", c.what, shortSum(c.sum), uri, shortSums(ver.Found))
				vv.notes = append(vv.notes, n+elsewhere(ver))
			case warc.Missing:
				vv.notes = append(vv.notes, fmt.Sprintf("%s sha256:%s: no record of %s", c.what, shortSum(c.sum), uri)+elsewhere(ver))
			}
		}
		res.counts[vv.status]++
		if vv.status == warc.Mismatch || vv.status == warc.Missing {
			res.failed++
		}
		res.vendors = append(res.vendors, vv)
	}
	return res
}

func elsewhere(v warc.Verdict) string {
	if v.Elsewhere == nil {
		return ""
	}
	return " (that content is archived under " + v.Elsewhere.URI + ")"
}

func (res *verification) print(w io.Writer, arch *warc.Archive) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, v := range res.vendors {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", v.status, oneLineText(v.name), oneLineText(strings.Join(v.notes, "; ")))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, p := range arch.Problems {
		fmt.Fprintf(w, "archive: %s\n", oneLineText(p.String()))
	}
	_, err := fmt.Fprintln(w, res.summary(arch))
	return err
}

func (res *verification) summary(arch *warc.Archive) string {
	var parts []string
	for _, k := range []string{warc.OK, warc.Mismatch, warc.Missing, "-"} {
		if n := res.counts[k]; n > 0 {
			label := k
			if k == "-" {
				label = "nothing to check"
			}
			parts = append(parts, fmt.Sprintf("%d %s", n, label))
		}
	}
	digests := "digests ok"
	if n := len(arch.Problems); n > 0 {
		digests = fmt.Sprintf("%d record problem(s)", n)
	}
	return fmt.Sprintf("verified %d vendor(s): %s; archive %s: %d records, %s",
		len(res.vendors), strings.Join(parts, ", "), arch.Path, len(arch.Records), digests)
}

func shortSum(sum string) string {
	if len(sum) > 12 {
		return sum[:12] + "…"
	}
	return sum
}

func shortSums(sums []string) string {
	out := make([]string, len(sums))
	for i, s := range sums {
		out[i] = shortSum(s)
	}
	return strings.Join(out, ", ")
}

func firstURI(ss []string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

func verifyOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// oneLineText keeps untrusted text (vendor names, URLs) on one line and
// free of control characters.
func oneLineText(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, s)
}
