package crawler

import (
	"fmt"
	"slices"
	"strings"
)

// describeCand names a candidate in reasons: its method, text and URL.
func describeCand(c *cand) string {
	return fmt.Sprintf("%s %q to %s", strings.ReplaceAll(c.method, "_", " "), c.text, c.u)
}

// finish settles the status when the cascade found nothing, and orders the
// candidates.
func (s *session) finish() {
	res := s.res
	if s.stopped == nil && s.ctx.Err() != nil && res.Status == "" {
		// The vendor's time ran out (or the run was cancelled) while the
		// crawler was working on a page rather than waiting on the
		// network: the cascade did not end, whatever it had tried.
		s.stopped = s.ctx.Err()
	}
	if res.Status == "" {
		switch {
		case res.Policy != nil:
			res.Status = StatusFound
		case s.fail != nil:
			res.Status, res.Reason = s.fail.status, s.fail.reason
		case s.homeErr != "":
			res.Status = StatusFetchError
			res.Reason = s.homeErr + "; " + s.notFoundReason()
		case s.stopped != nil && s.ctx.Err() != nil:
			// Out of time (or cancelled) before the cascade ended: the site
			// was too slow to tell, which is not the same as no policy.
			res.Status = StatusFetchError
			res.Reason = s.notFoundReason()
		default:
			res.Status = StatusNotFound
			res.Reason = s.notFoundReason()
		}
	}
	if res.Status == StatusFound && s.fail != nil {
		res.Warnings = append(res.Warnings, "another policy link failed: "+s.fail.reason)
	}
	cs := slices.Clone(s.order)
	slices.SortStableFunc(cs, func(a, b *cand) int {
		if (a == s.policyBy) != (b == s.policyBy) {
			if a == s.policyBy {
				return -1
			}
			return 1
		}
		return compareCands(a, b)
	})
	if len(cs) > maxReportedCands {
		res.Warnings = append(res.Warnings, fmt.Sprintf("%d candidate links; the %d best are listed", len(cs), maxReportedCands))
		cs = cs[:maxReportedCands]
	}
	for _, c := range cs {
		r := c.reportRole()
		outcome := c.outcome
		if outcome == "" {
			outcome = "not_tried"
		}
		reasons := appendReasons(append(make([]string, 0, 1+len(c.reasons[r])), scoredAs[r]), c.reasons[r])
		cu := c.u.String()
		if c.button != "" {
			cu = c.button
		}
		res.Candidates = append(res.Candidates, Candidate{
			URL: cu, Text: c.text, Method: c.method, Score: c.scores[r],
			Reasons: reasons, Outcome: outcome,
		})
	}
}

// scoredAs is the first reason of a candidate, by the role it is
// reported under.
var scoredAs = func() (out [numRoles]string) {
	for r, name := range roleNames {
		out[r] = "scored as " + name
	}
	return out
}()

func (s *session) notFoundReason() string {
	var b strings.Builder
	b.WriteString("no privacy policy found")
	if s.res.Home != nil {
		fmt.Fprintf(&b, " from %s", s.res.Home.FinalURL)
	}
	if s.stopped != nil {
		fmt.Fprintf(&b, " (stopped: %s)", describeErr(s.stopped, s.ctx, &s.c.opts))
	}
	if len(s.notes) == 0 {
		if s.stopped == nil {
			b.WriteString(": the page has no link to a privacy policy, legal notice or privacy centre")
		}
		return b.String()
	}
	b.WriteString(": ")
	b.WriteString(strings.Join(s.notes, "; "))
	return b.String()
}
