package main

import (
	"fmt"
	"runtime/debug"

	"github.com/spf13/cobra"

	"github.com/vigie-audit/vigie/rules"
)

// version is set at build time with -ldflags "-X main.version=v1.2.3"; when
// empty, the module version from the build info is used.
var version = ""

// toolVersion returns the version vigie reports in its output.
func toolVersion() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

func newVersionCmd(s *streams) *cobra.Command {
	return &cobra.Command{
		Use:     "version",
		Short:   "Print the versions of vigie and of its rule pack",
		Args:    cobra.NoArgs,
		Example: "  vigie version",
		RunE: func(cmd *cobra.Command, _ []string) error {
			fmt.Fprintf(s.Out, "vigie %s\n", toolVersion())
			p, err := rules.Default()
			if err != nil {
				return err
			}
			fmt.Fprintf(s.Out, "rules %s %s (sha256 %s)\n", p.Name(), p.Version(), p.SHA256())
			return nil
		},
	}
}
