package crawler

import (
	"context"
	"fmt"
	"net/http"
)

// A Fetched is the outcome of fetching one document the user named, with no
// discovery: a vendor checking the policy page it is about to publish.
type Fetched struct {
	// Status is found (the document answered 2xx), robots_disallowed,
	// broken_link (it answered 4xx/5xx), fetch_error or invalid_input.
	Status string
	Reason string
	Page   *Page
	// Requests counts the HTTP requests made, robots.txt included.
	Requests int
	Warnings []string
}

// Fetch gets the document at input as politely as Discover would (robots.txt,
// the per-host delay, retries, redirects, the body cap and the vendor's time
// and request budgets), without looking for links.
func (c *Crawler) Fetch(ctx context.Context, input string) *Fetched {
	out := &Fetched{}
	u, err := ParseInput(input)
	if err != nil {
		out.Status, out.Reason = StatusInvalidInput, err.Error()
		return out
	}
	res := &Result{Input: input, URL: u.String(), RobotsIgnored: c.opts.IgnoreRobots, StartedAt: c.opts.Now()}
	vctx, cancel := context.WithTimeout(ctx, c.opts.VendorTimeout)
	defer cancel()
	s := c.newSession(vctx, res)
	defer s.close()
	f := s.fetch(u, kindPage, "")
	out.Requests = int(s.requests.Load())
	out.Warnings = res.Warnings
	if c.opts.IgnoreRobots {
		out.Warnings = append(out.Warnings, "robots.txt was ignored (--ignore-robots)")
	}
	switch {
	case f.robots != "":
		out.Status, out.Reason = StatusRobotsDisallowed, "not fetched: "+f.robots
	case f.err != nil:
		out.Status, out.Reason = StatusFetchError, fmt.Sprintf("%s: %s", u, describeErr(f.err, vctx, &c.opts))
	case f.skipped != "":
		out.Status, out.Reason = StatusFetchError, fmt.Sprintf("%s: %s", u, f.skipped)
	case f.status >= 400:
		out.Status, out.Reason = StatusBrokenLink, fmt.Sprintf("%s answered %d %s", f.final, f.status, http.StatusText(f.status))
	default:
		out.Page, _ = s.makePage(f, RolePolicy)
		out.Status, out.Reason = StatusFound, "fetched "+f.final.String()
		if f.truncated {
			out.Warnings = append(out.Warnings, fmt.Sprintf("body cut at %d bytes", len(f.body)))
		}
	}
	return out
}
