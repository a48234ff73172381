//go:build unix

package evaluate

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time (user and system) the process has used so far.
// Timing uses it rather than the wall clock, which a loaded machine skews.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
