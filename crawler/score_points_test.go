package crawler

import (
	"fmt"
	"math"
	"testing"
)

func TestPointsReasonMatchesFmt(t *testing.T) {
	for _, p := range []float64{0, math.Copysign(0, -1), 1, -1, 2.5, -2.5, 10, 40, -40, 1e21, 1e-7, 123456789, math.Inf(1), math.Inf(-1), math.NaN()} {
		want := fmt.Sprintf("%+g %s", p, "footer link")
		if got := pointsReason(p, "footer link"); got != want {
			t.Errorf("pointsReason(%v) = %q, want %q", p, got, want)
		}
	}
}
