package main

import (
	"os"
	"runtime/debug"
)

// Garbage-collector defaults for batch runs (audit, demo). A batch keeps
// a small live heap (the rule pack and the vendors in flight) and
// allocates fast, so the default GOGC=100 collects far more often than
// memory requires: GOGC=400 under a 100 MiB soft limit made a 1,000-site
// farm audit about 15% faster and kept a 10,000-vendor run under 135 MB
// of RSS (scripts/measure-batch.sh). A user's GOGC or GOMEMLIMIT wins.
const (
	batchGCPercent   = 400
	batchMemoryLimit = 100 << 20
)

// tuneGCForBatch applies the batch defaults unless the environment sets
// either knob.
func tuneGCForBatch() {
	if _, ok := os.LookupEnv("GOGC"); ok {
		return
	}
	if _, ok := os.LookupEnv("GOMEMLIMIT"); ok {
		return
	}
	debug.SetGCPercent(batchGCPercent)
	debug.SetMemoryLimit(batchMemoryLimit)
}
