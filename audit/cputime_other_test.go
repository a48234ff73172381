//go:build !unix

package audit

import "time"

// cpuTime is not measured here: the CPU figures read zero.
func cpuTime() time.Duration { return 0 }
