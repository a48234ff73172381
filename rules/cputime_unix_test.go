//go:build unix

package rules

import (
	"syscall"
	"time"
)

// cpuNow is the CPU time (user and system) the process has used so far:
// benchmarks report it beside the wall clock, which a loaded machine skews.
func cpuNow() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
