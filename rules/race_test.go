//go:build race

package rules

// Under the race detector the reference engine runs about ten times slower
// and checks nothing the detector can see (it runs on one goroutine), so
// TestCollectMatchesReference compares one pack example in thirty-two
// (referenceStride) and leaves out the two whole benchmark policies
// (referencePolicies), which cost minutes there; CI (.ci/run) also runs
// the full comparison without -race.
const (
	referenceStride   = 32
	referencePolicies = false
)
