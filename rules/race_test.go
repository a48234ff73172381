//go:build race

package rules

// referenceStride is how many pack examples TestCollectMatchesReference
// takes one of. Under the race detector the reference engine runs about ten
// times slower and checks nothing the detector can see (it runs on one
// goroutine), so one example in four is compared; CI (.ci/run) also runs
// the full comparison without -race.
const referenceStride = 4
