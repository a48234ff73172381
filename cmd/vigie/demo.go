package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/spf13/cobra"

	"github.com/vigie-audit/vigie/audit"
	"github.com/vigie-audit/vigie/demo"
	"github.com/vigie-audit/vigie/reports"
)

// demoOptions are the flags of `vigie demo`.
type demoOptions struct {
	output string
	delay  time.Duration
}

func newDemoCmd(s *streams, runF func(context.Context, *demoOptions) error) *cobra.Command {
	opts := &demoOptions{}
	cmd := &cobra.Command{
		Use:   "demo [-o FILE]",
		Short: "Audit the built-in sample vendors, offline, and write an HTML report",
		Long: `demo serves vigie's built-in sample vendor sites on loopback ports (no internet
needed) and audits them with the real crawler, analyzer and rules: a Wi-Fi
scale (English), a smart watch (French) with a separate cookie policy, a sleep
sensor (German) whose policy sits behind its Impressum, a pet tracker whose
policy misses several topics, a thermostat with no policy at all, and a smart
fork whose policy lives on its parent company's site.

It prints a ranked summary table and writes a self-contained HTML report.`,
		Example: `  # Run the demo and open vigie-demo.html in a browser
  vigie demo

  # Write the report elsewhere
  vigie demo -o /tmp/demo.html`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return demoRun(cmd.Context(), s, opts)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&opts.output, "output", "o", "vigie-demo.html", "where to write the HTML report")
	f.DurationVar(&opts.delay, "delay", 100*time.Millisecond, "wait between two requests to the same sample site")
	return cmd
}

func demoRun(ctx context.Context, s *streams, opts *demoOptions) error {
	if opts.output == "" || opts.output == "-" {
		return usageErrorf("-o: the demo writes its HTML report to a file")
	}
	pack, err := loadPack("")
	if err != nil {
		return err
	}
	out, err := createOutput(opts.output, s.Out)
	if err != nil {
		return err
	}
	html, err := reports.NewWriter("html", out, reports.Options{})
	if err != nil {
		out.Close()
		return err
	}
	table, err := reports.NewWriter("table", s.Out, reports.Options{Width: terminalWidth(s.Out, "")})
	if err != nil {
		out.Close()
		return err
	}

	farm, err := demo.Start(ctx)
	if err != nil {
		out.Close()
		return err
	}
	defer farm.Close()
	settings := crawlSettings{UserAgent: defaultUA(), Delay: opts.delay, Timeout: 30 * time.Second, MaxRequests: 16, Concurrency: 6}
	c, err := newCrawler(settings, slog.Default())
	if err != nil {
		out.Close()
		return err
	}
	var inputs []audit.Input
	for _, v := range farm.Vendors() {
		in := audit.FromArgs([]string{v.URL})[0]
		in.Name = v.Name
		in.Labels = map[string]string{"product": v.Product}
		inputs = append(inputs, in)
	}
	inputs = audit.Dedupe(inputs)

	fmt.Fprintf(s.ErrOut, "vigie demo: auditing %d sample vendors served on loopback…\n", len(inputs))
	sum, err := audit.Run(ctx, inputs, audit.Options{
		Crawler:     c,
		Rules:       pack,
		Concurrency: settings.Concurrency,
		Writer:      reports.MultiWriter(table, html),
		Logger:      slog.Default(),
		Tool:        toolInfo(pack),
		Manifest:    auditManifest("demo", settings, nil),
	})
	if cerr := out.Close(); cerr != nil {
		err = errors.Join(err, fmt.Errorf("write report: %w", cerr))
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(s.ErrOut, "\nvigie demo: %d vendors audited; HTML report written to %s\n", sum.Written, opts.output)
	return nil
}
