package main

import (
	"context"
	"errors"
	"fmt"
	"io"
)

// Exit codes, documented in the README and in `vigie --help`.
const (
	ExitOK          = 0   // everything ran and every threshold was met
	ExitThreshold   = 1   // a --fail-under or --require threshold was not met
	ExitUsage       = 2   // bad flags or arguments, or a rule file that does not load
	ExitRuntime     = 3   // the run failed (I/O, unreachable store, …)
	ExitInterrupted = 130 // interrupted by Ctrl-C or SIGTERM
)

var errInterrupted = errors.New("interrupted")

// exitError carries an exit code through cobra back to run.
type exitError struct {
	code int
	err  error
	// silent errors were already reported to the user (a threshold miss
	// prints its own summary).
	silent bool
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// usageError marks err as a usage problem (exit 2).
func usageError(err error) error { return &exitError{code: ExitUsage, err: err} }

// usageErrorf formats a usage problem (exit 2).
func usageErrorf(format string, a ...any) error {
	return usageError(fmt.Errorf(format, a...))
}

// thresholdError marks a run whose report was written but whose vendors fall
// short of --fail-under or --require (exit 1).
func thresholdError(err error) error {
	return &exitError{code: ExitThreshold, err: err}
}

// exitCode maps the error a command returned to the process exit code and
// prints it, in one place.
func exitCode(ctx context.Context, err error, stderr io.Writer) int {
	if err == nil {
		if errors.Is(context.Cause(ctx), errInterrupted) {
			return ExitInterrupted
		}
		return ExitOK
	}
	var ee *exitError
	switch {
	case errors.Is(context.Cause(ctx), errInterrupted) || errors.Is(err, errInterrupted):
		fmt.Fprintf(stderr, "vigie: %v\n", err)
		return ExitInterrupted
	case errors.As(err, &ee):
		if !ee.silent {
			fmt.Fprintf(stderr, "vigie: %v\n", ee.err)
		}
		return ee.code
	case isCobraUsage(err):
		fmt.Fprintf(stderr, "vigie: %v\nRun 'vigie --help' for usage.\n", err)
		return ExitUsage
	default:
		fmt.Fprintf(stderr, "vigie: %v\n", err)
		return ExitRuntime
	}
}
