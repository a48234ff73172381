package crawler

import (
	"net/url"
	"slices"
	"strings"
	"time"

	"golang.org/x/net/publicsuffix"
)

// homeCookies lists the cookies the home page's responses (its redirects
// included) set, before any consent: those a browser would keep (the
// Domain attribute must cover the host that set it and not be a public
// suffix), deletions left out, the last setting of a name and domain kept.
func homeCookies(set []setCookie, start *url.URL, now time.Time) []Cookie {
	if len(set) == 0 {
		return nil // most home pages: no site look-up, no map
	}
	site := registrable(start.Hostname())
	type key struct{ name, domain, path string }
	seen := map[key]int{}
	var out []Cookie
	for _, sc := range set {
		ck, host := sc.c, strings.ToLower(sc.u.Hostname())
		domain := host
		if d := strings.TrimPrefix(strings.ToLower(ck.Domain), "."); d != "" {
			if d != host && !strings.HasSuffix(host, "."+d) {
				continue // a browser would refuse it
			}
			if ps, _ := publicsuffix.PublicSuffix(d); ps == d {
				continue
			}
			domain = d
		}
		var life int64
		switch {
		case ck.MaxAge < 0:
			life = -1
		case ck.MaxAge > 0:
			life = int64(ck.MaxAge)
		case !ck.Expires.IsZero():
			life = int64(ck.Expires.Sub(now).Seconds())
			if life <= 0 {
				life = -1
			}
		}
		k := key{ck.Name, domain, ck.Path}
		if i, ok := seen[k]; ok {
			out[i].LifetimeSeconds = life
			continue
		}
		seen[k] = len(out)
		out = append(out, Cookie{
			Name: ck.Name, Domain: domain, ThirdParty: registrable(domain) != site,
			LifetimeSeconds: life, Source: "set-cookie",
		})
	}
	out = slices.DeleteFunc(out, func(c Cookie) bool { return c.LifetimeSeconds < 0 })
	slices.SortStableFunc(out, func(a, b Cookie) int {
		if c := strings.Compare(a.Domain, b.Domain); c != 0 {
			return c
		}
		return strings.Compare(a.Name, b.Name)
	})
	return out
}
