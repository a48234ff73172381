//go:build !unix

package rules

import "time"

var benchStart = time.Now()

// cpuNow falls back to the wall clock where rusage is not available.
func cpuNow() time.Duration { return time.Since(benchStart) }
