//go:build !race

package rules

// referenceStride is how many pack examples TestCollectMatchesReference
// takes one of: every one without the race detector (see race_test.go).
const referenceStride = 1
