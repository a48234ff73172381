//go:build unix

// Package cputime reads the CPU time the process has used: timings and
// benchmarks report it beside the wall clock, which a machine shared with
// other work skews.
package cputime

import (
	"syscall"
	"time"
)

// Now is the CPU time (user and system) the process has used so far.
func Now() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
