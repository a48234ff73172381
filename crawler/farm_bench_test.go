package crawler

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/vigie-audit/vigie/internal/cputime"
	"github.com/vigie-audit/vigie/internal/farm"
)

// BenchmarkDiscoverFarm runs discovery alone (no analysis, no rules, no
// report) over a farm of generated vendor sites on loopback, two vendors
// at a time, with a fresh crawler each round: the crawler's share of
// audit's BenchmarkFarm. It reports the process's CPU time per site (the
// farm's server included) beside the allocations of a round:
//
//	go test ./crawler -run '^$' -bench DiscoverFarm -benchmem
func BenchmarkDiscoverFarm(b *testing.B) {
	const n = 500
	f, err := farm.Start(context.Background(), n, 0)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	var cpu time.Duration
	for b.Loop() {
		c, err := New(Options{Delay: NoDelay})
		if err != nil {
			b.Fatal(err)
		}
		start := cputime.Now()
		work := make(chan int)
		var wg sync.WaitGroup
		for range 2 {
			wg.Go(func() {
				for i := range work {
					if res := c.Discover(context.Background(), f.URL(i)); res.Status != StatusFound {
						b.Errorf("%s: %s: %s", f.URL(i), res.Status, res.Reason)
					}
				}
			})
		}
		for i := range n {
			work <- i
		}
		close(work)
		wg.Wait()
		cpu += cputime.Now() - start
	}
	b.ReportMetric(cpu.Seconds()*1e6/float64(n*b.N), "cpu-µs/site")
}

// BenchmarkFarmPages measures what discovery does with a generated
// vendor's two pages, without the network: scanning the home page and
// scoring its links, then scanning the policy, checking it and scoring its
// links (for a cookie policy).
func BenchmarkFarmPages(b *testing.B) {
	w, _ := DefaultWords()
	home, policy := mustURL(b, "http://127.0.0.2/"), mustURL(b, "http://127.0.0.2/legal/privacy")
	type pages struct{ home, policy *Page }
	var ps []pages
	for i := range 6 {
		ps = append(ps, pages{
			&Page{ContentType: "text/html; charset=utf-8", Body: []byte(farm.Home(i))},
			&Page{ContentType: "text/html; charset=utf-8", Body: []byte(farm.Policy(i))},
		})
	}
	s := &session{c: &Crawler{opts: Options{Words: w}}, ctx: context.Background()}
	start := cputime.Now()
	n := 0
	for i := 0; b.Loop(); i++ {
		n++
		p := ps[i%len(ps)]
		d := s.scanPage(p.home)
		w.pageLinks(d, home, MethodPageLink)
		d = s.scanPage(p.policy)
		if ok, why := verifyPolicy(w.signals(p.policy, d), true); !ok {
			b.Fatal(why)
		}
		w.pageLinks(d, policy, MethodHubLink)
	}
	b.ReportMetric(float64(cputime.Now()-start)/1e3/float64(n), "cpu-µs/op")
}
