//go:build race

package audit

// raceScale scales the time budgets of the tests whose cases are CPU-bound:
// the race detector makes them about ten times slower.
const raceScale = 2

const raceEnabled = true
