package main

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime/pprof"
	"strings"

	"github.com/spf13/cobra"
)

// streams are the standard streams a command reads and writes; tests pass
// buffers.
type streams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer
}

// globalOptions are the flags every command shares.
type globalOptions struct {
	logLevel   string
	logFormat  string
	cpuProfile string
}

const exitCodesHelp = `Exit codes:
  0    ok
  1    a threshold was not met (--fail-under, --require)
  2    usage or rule-file error
  3    runtime failure
  130  interrupted (Ctrl-C)`

// newRootCmd builds the whole command tree. It holds no global state: every
// call returns a fresh tree bound to the given streams.
func newRootCmd(s *streams) *cobra.Command {
	g := &globalOptions{}
	stopProfile := func() {}
	root := &cobra.Command{
		Use:   "vigie",
		Short: "Audit the privacy policies of connected-object vendors",
		Long: `vigie finds the privacy policy linked from a vendor's footer, fetches it
politely (robots.txt obeyed, an honest user agent, rate limits), and scores it
against the seven topics a connected-object privacy notice must disclose:
data, purposes, sharing, cookies, security, rights and children. Every finding
quotes the sentence it rests on.

` + exitCodesHelp,
		Example: `  # Audit the built-in demo vendors, offline, and write vigie-demo.html
  vigie demo

  # Audit two vendors and print a Markdown table
  vigie audit https://scale.example https://watch.example -f md

  # Check a draft policy in CI: fail unless every topic is covered
  vigie analyze draft-policy.html --require all`,
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			logger, err := newLogger(s.ErrOut, g.logLevel, g.logFormat)
			if err != nil {
				return usageError(err)
			}
			slog.SetDefault(logger)
			if g.cpuProfile != "" {
				f, err := os.Create(g.cpuProfile)
				if err != nil {
					return usageError(fmt.Errorf("--cpuprofile: %w", err))
				}
				if err := pprof.StartCPUProfile(f); err != nil {
					f.Close()
					return fmt.Errorf("--cpuprofile: %w", err)
				}
				stopProfile = func() {
					pprof.StopCPUProfile()
					f.Close()
				}
			}
			return nil
		},
		PersistentPostRun: func(*cobra.Command, []string) {
			stopProfile()
		},
	}
	root.SetIn(s.In)
	root.SetOut(s.Out)
	root.SetErr(s.ErrOut)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError(err) })

	pf := root.PersistentFlags()
	pf.StringVar(&g.logLevel, "log-level", "info", "log level: debug, info, warn or error")
	pf.StringVar(&g.logFormat, "log-format", "text", "log format on stderr: text or json")
	pf.StringVar(&g.cpuProfile, "cpuprofile", "", "write a CPU profile of the run to `FILE` (for go tool pprof)")
	_ = pf.MarkHidden("cpuprofile")

	root.AddCommand(
		newDemoCmd(s, nil),
		newAuditCmd(s, nil),
		newAnalyzeCmd(s, nil),
		newReportCmd(s, nil),
		newRunsCmd(s),
		newHistoryCmd(s),
		newDiffCmd(s),
		newVerifyCmd(s, nil),
		newRulesCmd(s),
		newEvalCmd(s, nil),
		newVersionCmd(s),
	)
	wrapArgsErrors(root)
	return root
}

// wrapArgsErrors makes positional-argument errors usage errors (exit 2)
// throughout the tree.
func wrapArgsErrors(cmd *cobra.Command) {
	if check := cmd.Args; check != nil {
		cmd.Args = func(c *cobra.Command, args []string) error {
			if err := check(c, args); err != nil {
				return usageError(err)
			}
			return nil
		}
	}
	for _, sub := range cmd.Commands() {
		wrapArgsErrors(sub)
	}
}

// isCobraUsage recognises the usage errors cobra returns without a hook.
func isCobraUsage(err error) bool {
	msg := err.Error()
	return strings.HasPrefix(msg, "unknown command") ||
		strings.HasPrefix(msg, "unknown flag") ||
		strings.HasPrefix(msg, "unknown shorthand flag") ||
		strings.HasPrefix(msg, "required flag") ||
		strings.HasPrefix(msg, "at least one of the flags in the group") ||
		strings.HasPrefix(msg, "if any flags in the group")
}

// newLogger builds the stderr logger from --log-level and --log-format.
func newLogger(w io.Writer, level, format string) (*slog.Logger, error) {
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("invalid --log-level %q: want debug, info, warn or error", level)
	}
	opts := &slog.HandlerOptions{Level: lv}
	switch format {
	case "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	default:
		return nil, fmt.Errorf("invalid --log-format %q: want text or json", format)
	}
}
