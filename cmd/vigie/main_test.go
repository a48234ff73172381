package main

import (
	"bytes"
	"strings"
	"testing"
)

// runCmd runs vigie with args and returns its exit code and streams.
func runCmd(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestExitCodes(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		code    int
		wantErr string
	}{
		{"version", []string{"version"}, ExitOK, ""},
		{"unknown command", []string{"frobnicate"}, ExitUsage, "unknown command"},
		{"unknown flag", []string{"version", "--frob"}, ExitUsage, "unknown flag"},
		{"extra argument", []string{"version", "x"}, ExitUsage, "unknown command"},
		{"bad log level", []string{"--log-level", "loud", "version"}, ExitUsage, "invalid --log-level"},
		{"bad log format", []string{"--log-format", "xml", "version"}, ExitUsage, "invalid --log-format"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runCmd(t, "", tt.args...)
			if code != tt.code {
				t.Errorf("exit code %d, want %d (stderr %q)", code, tt.code, stderr)
			}
			if tt.wantErr != "" && !strings.Contains(stderr, tt.wantErr) {
				t.Errorf("stderr %q does not mention %q", stderr, tt.wantErr)
			}
		})
	}
}

func TestHelpShowsExamplesAndExitCodes(t *testing.T) {
	code, out, _ := runCmd(t, "", "--help")
	if code != ExitOK {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"Examples:", "Exit codes:", "130"} {
		if !strings.Contains(out, want) {
			t.Errorf("vigie --help lacks %q", want)
		}
	}
	// Every subcommand's help shows examples.
	root := newRootCmd(&streams{In: strings.NewReader(""), Out: &bytes.Buffer{}, ErrOut: &bytes.Buffer{}})
	for _, c := range root.Commands() {
		if c.Name() == "help" || c.Name() == "completion" {
			continue
		}
		if c.Example == "" {
			t.Errorf("vigie %s has no examples in its help", c.Name())
		}
		for _, sub := range c.Commands() {
			if sub.Example == "" {
				t.Errorf("vigie %s %s has no examples in its help", c.Name(), sub.Name())
			}
		}
	}
}

func TestVersion(t *testing.T) {
	code, out, _ := runCmd(t, "", "version")
	if code != 0 || !strings.HasPrefix(out, "vigie ") {
		t.Fatalf("vigie version: exit %d, output %q", code, out)
	}
}
