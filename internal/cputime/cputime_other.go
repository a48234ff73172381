//go:build !unix

// Package cputime reads the CPU time the process has used: timings and
// benchmarks report it beside the wall clock, which a machine shared with
// other work skews.
package cputime

import "time"

var processStart = time.Now()

// Now falls back to the wall time since the process started where rusage
// is not available.
func Now() time.Duration { return time.Since(processStart) }
