//go:build !race

package rules

// Without the race detector TestCollectMatchesReference compares every
// pack example and the whole benchmark policies (see race_test.go).
const (
	referenceStride   = 1
	referencePolicies = true
)
