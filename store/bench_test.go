package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/vigie-audit/vigie/reports"
)

// benchVendor is a vendor of realistic weight: a distinct 30 KB policy (no
// deduplication, the worst case), seven topics with three quotes each, ten
// candidates.
func benchVendor(in Input) (*reports.Vendor, []Document) {
	var text strings.Builder
	for i := 0; text.Len() < 30_000; i++ {
		fmt.Fprintf(&text, "Section %d of the policy of vendor %d. We process your personal data for purpose %d and keep it for %d months.\n", i, in.Seq, i%17, i%37)
	}
	v, docs := makeVendor(in, text.String(), topicIDs...)
	for i := range v.Topics {
		for j := 0; j < 2; j++ {
			v.Topics[i].Evidence = append(v.Topics[i].Evidence, reports.Evidence{Section: "Your rights", Text: strings.Repeat("quoted sentence ", 12), Rule: "r"})
		}
	}
	for i := 0; i < 10; i++ {
		v.Candidates = append(v.Candidates, reports.Candidate{URL: fmt.Sprintf("https://vendor%d.example/legal/%d", in.Seq, i), Text: "Privacy", Method: "footer_link", Score: 0.5, Reasons: []string{"footer", "keyword"}})
	}
	return v, docs
}

// BenchmarkSaveVendor measures committed vendors per second, from one
// goroutine and from eight (the pipeline's workers share one writer).
func BenchmarkSaveVendor(b *testing.B) {
	for _, workers := range []int{1, 8} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			ctx := context.Background()
			s := openTest(b, filepath.Join(b.TempDir(), "bench.db"), Options{})
			spec := makeSpec(b.N)
			id, err := s.CreateRun(ctx, spec)
			if err != nil {
				b.Fatal(err)
			}
			vendors := make([]*reports.Vendor, b.N)
			docs := make([][]Document, b.N)
			for i := range b.N {
				vendors[i], docs[i] = benchVendor(spec.Inputs[i])
			}
			b.ReportAllocs()
			b.ResetTimer()
			var next atomic.Int64
			var wg sync.WaitGroup
			for range workers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for {
						i := int(next.Add(1) - 1)
						if i >= b.N {
							return
						}
						if err := s.MarkStarted(ctx, id, i); err != nil {
							b.Error(err)
							return
						}
						if err := s.SaveVendor(ctx, id, i, vendors[i], docs[i]); err != nil {
							b.Error(err)
							return
						}
					}
				}()
			}
			wg.Wait()
			b.StopTimer()
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "vendors/s")
		})
	}
}

var iterSetup struct {
	sync.Once
	dir, id string
}

// TestMain removes the benchmark's shared database.
func TestMain(m *testing.M) {
	code := m.Run()
	if iterSetup.dir != "" {
		os.RemoveAll(iterSetup.dir)
	}
	os.Exit(code)
}

// BenchmarkIterVendors streams a 10,000-vendor run and reports the peak Go
// heap during the iteration: it must stay flat, whatever the run's size.
func BenchmarkIterVendors(b *testing.B) {
	const n = 10_000
	ctx := context.Background()
	iterSetup.Do(func() {
		// Built once per process: the benchmark function runs several times.
		dir, err := os.MkdirTemp("", "vigie-bench-")
		if err != nil {
			b.Fatal(err)
		}
		iterSetup.dir = dir
		s, err := Open(ctx, filepath.Join(dir, "iter.db"), Options{})
		if err != nil {
			b.Fatal(err)
		}
		defer s.Close()
		spec := makeSpec(n)
		if iterSetup.id, err = s.CreateRun(ctx, spec); err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		for _, in := range spec.Inputs {
			v, docs := benchVendor(in)
			if err := s.SaveVendor(ctx, iterSetup.id, in.Seq, v, docs); err != nil {
				b.Fatal(err)
			}
		}
		b.Logf("setup: saved %d vendors in %v", n, time.Since(start).Round(time.Millisecond))
	})
	if iterSetup.id == "" {
		b.Fatal("setup failed")
	}
	s := openTest(b, filepath.Join(iterSetup.dir, "iter.db"), Options{MustExist: true})
	id := iterSetup.id
	var vendorJSON int64
	b.ReportAllocs()
	b.ResetTimer()
	var peak uint64
	for range b.N {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		base := ms.HeapAlloc
		count := 0
		err := s.IterVendors(ctx, id, func(v *reports.Vendor) error {
			count++
			if count%500 == 0 {
				runtime.ReadMemStats(&ms)
				if ms.HeapAlloc > base {
					peak = max(peak, ms.HeapAlloc-base)
				}
			}
			return nil
		})
		if err != nil || count != n {
			b.Fatalf("iterated %d vendors: %v", count, err)
		}
	}
	b.StopTimer()
	var size int64
	s.r.QueryRowContext(ctx, `SELECT sum(length(vendor)) FROM assessments`).Scan(&vendorJSON)
	s.r.QueryRowContext(ctx, `SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()`).Scan(&size)
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "vendors/s")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
	b.ReportMetric(float64(size)/(1<<20), "db-MB")
}

// BenchmarkCreateRun stores a 10,000-input list, as `vigie audit -i` does
// before the first fetch.
func BenchmarkCreateRun(b *testing.B) {
	ctx := context.Background()
	s := openTest(b, filepath.Join(b.TempDir(), "create.db"), Options{})
	spec := makeSpec(10_000)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, err := s.CreateRun(ctx, spec); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*len(spec.Inputs))/b.Elapsed().Seconds(), "inputs/s")
}
