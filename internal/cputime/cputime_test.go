package cputime

import "testing"

func TestNowAdvances(t *testing.T) {
	start := Now()
	x := 0
	for i := 0; Now() == start && i < 1e9; i++ {
		x += i
	}
	if Now() <= start {
		t.Fatalf("CPU time did not advance (%d)", x)
	}
}
