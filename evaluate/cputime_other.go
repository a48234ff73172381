//go:build !unix

package evaluate

import "time"

var processStart = time.Now()

// cpuTime falls back to the wall clock where rusage is not available.
func cpuTime() time.Duration { return time.Since(processStart) }
