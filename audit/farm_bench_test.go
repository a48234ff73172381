package audit

import (
	"context"
	"io"
	"net/http"
	"runtime/pprof"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vigie-audit/vigie/crawler"
	"github.com/vigie-audit/vigie/internal/cputime"
	"github.com/vigie-audit/vigie/internal/farm"
	"github.com/vigie-audit/vigie/reports"
	"github.com/vigie-audit/vigie/rules"
)

// BenchmarkFarm audits a farm of 1,000 generated vendor sites on loopback
// (each its own origin) with --delay 0, and fetches the same pages
// (robots.txt, home page, policy) with a bare net/http loop at the same
// concurrency, in the same run. It reports both rates and their ratio,
// and the ratio of the CPU time the two phases took (process-wide, the
// farm's server included):
//
//	go test ./audit -run '^$' -bench Farm -benchtime 3x
func BenchmarkFarm(b *testing.B) {
	const n = 1000
	f, err := farm.Start(context.Background(), n, 0)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	pack, err := rules.Default()
	if err != nil {
		b.Fatal(err)
	}
	conc := DefaultConcurrency()
	var ins []Input
	for i := range n {
		ins = append(ins, newInput(f.URL(i), "", i+1, nil))
	}
	ins = Dedupe(ins)

	var vigieTime, bareTime, vigieCPU, bareCPU time.Duration
	for b.Loop() {
		// A fresh crawler each time: no robots.txt cache carried over.
		c, err := crawler.New(crawler.Options{Delay: crawler.NoDelay})
		if err != nil {
			b.Fatal(err)
		}
		w, _ := reports.NewWriter("jsonl", io.Discard, reports.Options{})
		start, cpu := time.Now(), cputime.Now()
		var sum *Summary
		// The phases carry a profile label (go tool pprof -tagfocus
		// phase=vigie), which the goroutines they start inherit.
		pprof.Do(context.Background(), pprof.Labels("phase", "vigie"), func(ctx context.Context) {
			sum, err = Run(ctx, ins, Options{Crawler: c, Rules: pack, Writer: w, Concurrency: conc})
		})
		vigieTime += time.Since(start)
		vigieCPU += cputime.Now() - cpu
		if err != nil {
			b.Fatal(err)
		}
		if sum.Report.ByStatus[reports.StatusFound] != n {
			b.Fatalf("found %v of %d", sum.Report.ByStatus, n)
		}

		start, cpu = time.Now(), cputime.Now()
		pprof.Do(context.Background(), pprof.Labels("phase", "bare"), func(context.Context) {
			bareFetch(b, f, n, conc)
		})
		bareTime += time.Since(start)
		bareCPU += cputime.Now() - cpu
	}
	runs := float64(b.N)
	vigieRate := n * runs / vigieTime.Seconds()
	bareRate := n * runs / bareTime.Seconds()
	b.ReportMetric(vigieRate, "vigie-sites/s")
	b.ReportMetric(bareRate, "bare-sites/s")
	b.ReportMetric(vigieTime.Seconds()/bareTime.Seconds(), "vigie/bare")
	if bareCPU > 0 {
		// The CPU both phases took (the farm's server included, so the
		// figures compare like with like): steadier than the wall-time
		// ratio when other work shares the machine.
		b.ReportMetric(vigieCPU.Seconds()/bareCPU.Seconds(), "vigie/bare-cpu")
		b.ReportMetric(vigieCPU.Seconds()*1e6/(n*runs), "vigie-cpu-µs/site")
		b.ReportMetric(bareCPU.Seconds()*1e6/(n*runs), "bare-cpu-µs/site")
	}
}

// bareFetch fetches each site's robots.txt, home page and policy with a
// plain net/http client, conc sites at a time.
func bareFetch(b *testing.B, f *farm.Farm, n, conc int) {
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 1, DisableCompression: true}}
	defer client.CloseIdleConnections()
	work := make(chan int)
	var wg sync.WaitGroup
	var once sync.Once
	for range conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				base := strings.TrimSuffix(f.URL(i), "/")
				for _, u := range []string{base + "/robots.txt", base + "/", f.PolicyURL(i)} {
					resp, err := client.Get(u)
					if err != nil {
						once.Do(func() { b.Error(err) })
						continue
					}
					_, _ = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
			}
		}()
	}
	for i := range n {
		work <- i
	}
	close(work)
	wg.Wait()
}
