package audit

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"regexp"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vigie-audit/vigie/crawler"
	"github.com/vigie-audit/vigie/internal/hostile"
)

var reliabilityDoc = flag.String("reliability", "",
	"TestHostileFigures: measure every hostile case and write the figures into this Markdown file (docs/reliability.md)")

// Markers of the generated part of docs/reliability.md.
const (
	figuresBegin = "<!-- BEGIN GENERATED FIGURES: go test ./audit -run TestHostileFigures -v -reliability ../docs/reliability.md -->"
	figuresEnd   = "<!-- END GENERATED FIGURES -->"
)

// TestHostileFigures measures each hostile case alone through the whole
// pipeline with the default budgets (no politeness delay): the vendor's
// time, its requests, its status and reason, and the peak Go heap during
// the case; then every case and the good vendors in one batch at the
// default concurrency, with the peak heap and the process's peak RSS. It
// writes the tables into the file named by -reliability:
//
//	go test ./audit -run TestHostileFigures -v -reliability ../docs/reliability.md
//
// It takes about three minutes: the slow servers run into the default
// budgets (60 s per vendor, 20 s per request).
func TestHostileFigures(t *testing.T) {
	if *reliabilityDoc == "" {
		t.Skip("measured on demand: go test ./audit -run TestHostileFigures -v -reliability ../docs/reliability.md")
	}
	if raceEnabled {
		t.Skip("figures under the race detector would not be representative")
	}
	doc, err := os.ReadFile(*reliabilityDoc)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(doc, []byte(figuresBegin)) || !bytes.Contains(doc, []byte(figuresEnd)) {
		t.Fatalf("%s lacks the markers\n%s\n%s", *reliabilityDoc, figuresBegin, figuresEnd)
	}
	defaults, err := crawler.New(crawler.Options{})
	if err != nil {
		t.Fatal(err)
	}
	def := defaults.Options()

	var b strings.Builder
	fmt.Fprintf(&b, "%s\n\n", figuresBegin)
	fmt.Fprintf(&b, "Measured %s on %s (%s/%s, %d cores, GOMAXPROCS %d), %s; load average at the start: %s.\n\n",
		time.Now().UTC().Format("2006-01-02"), cpuModel(), runtime.GOOS, runtime.GOARCH, runtime.NumCPU(),
		runtime.GOMAXPROCS(0), runtime.Version(), loadAvg())
	fmt.Fprintf(&b, "Budgets: the defaults (%s per vendor, %d requests, %s per request, %s body cap, %d retries), no politeness delay.\n\n",
		def.VendorTimeout, def.MaxRequests, def.RequestTimeout, mib(def.MaxBodyBytes), def.Retries)

	// Each case alone.
	b.WriteString("### Each case alone\n\n")
	b.WriteString("| case | what the server does | status | reason (abridged) | time | requests | peak heap |\n")
	b.WriteString("|---|---|---|---|--:|--:|--:|\n")
	var base uint64
	for _, c := range hostile.All() {
		env := newHostileEnv(t, crawler.Options{})
		env.quiet()
		runtime.GC()
		if base == 0 {
			base = heapBytes()
		}
		peak := sampleHeap()
		_, rep, _ := env.audit(t, caseInputs([]hostile.Case{c}), 1, nil)
		heap := peak()
		env.srv.Close() // its connections and handlers go before the next case
		v := &rep.Vendors[0]
		checkCase(t, c, def.MaxBodyBytes, v)
		took := v.FinishedAt.Sub(v.StartedAt)
		if took > def.VendorTimeout+batchMargin {
			t.Errorf("%s took %s, beyond its budget of %s", c.Name, took, def.VendorTimeout)
		}
		t.Logf("%-22s %-12s %8s %2d requests, peak heap %s", c.Name, v.Status, took.Round(time.Millisecond), v.Requests, mib(int64(heap)))
		fmt.Fprintf(&b, "| `%s` | %s | `%s` | %s | %s | %d | %s |\n", c.Name, cell(c.Does), v.Status, cell(abridge(v.Reason, env.srv.Addr())),
			seconds(took), v.Requests, mib(int64(heap)))
	}
	fmt.Fprintf(&b, "\nTime is the vendor's, from its start to its report entry (crawl and analysis). Requests are the HTTP requests the vendor cost, robots.txt, redirects and retries included. Peak heap is the largest Go heap (`/memory/classes/heap/objects:bytes`, sampled every 2 ms) while the case ran, in a process whose heap holds %s before the first case: the rules, the hostile server's prepared bodies and the test.\n\n", mib(int64(base)))

	// Everything in one batch.
	env := newHostileEnv(t, crawler.Options{})
	env.quiet()
	cases := hostile.All()
	conc := DefaultConcurrency()
	runtime.GC()
	hwmReset := resetPeakRSS()
	peak := sampleHeap()
	start := time.Now()
	_, rep, sum := env.audit(t, caseInputs(cases), conc, nil)
	wall := time.Since(start)
	heap := peak()
	rss, rssErr := peakRSS()
	var slowest time.Duration
	var slowestName string
	requests, right := 0, 0
	for i, c := range cases {
		v := &rep.Vendors[i]
		requests += v.Requests
		if took := v.FinishedAt.Sub(v.StartedAt); took > slowest {
			slowest, slowestName = took, c.Name
		}
		if st, re := c.Expect(def.MaxBodyBytes); v.Status == st && regexp.MustCompile(re).MatchString(v.Reason) {
			right++
		} else {
			t.Errorf("batch: %s: %s (%s)", c.Name, v.Status, v.Reason)
		}
	}
	b.WriteString("### Every case in one batch\n\n")
	fmt.Fprintf(&b, "All %d hostile cases and %d good vendors in one run (`audit.Run`, concurrency %d, the same defaults):\n\n",
		len(hostile.Hostile()), len(hostile.Good()), conc)
	b.WriteString("| figure | value |\n|---|--:|\n")
	fmt.Fprintf(&b, "| vendors in the report | %d of %d, each once, in input order |\n", sum.Written, len(cases))
	fmt.Fprintf(&b, "| vendors with the expected status and reason | %d of %d |\n", right, len(cases))
	fmt.Fprintf(&b, "| wall time of the batch | %s |\n", seconds(wall))
	fmt.Fprintf(&b, "| slowest vendor | %s (`%s`) |\n", seconds(slowest), slowestName)
	fmt.Fprintf(&b, "| requests, all vendors | %d |\n", requests)
	fmt.Fprintf(&b, "| peak Go heap | %s |\n", mib(int64(heap)))
	switch {
	case rssErr != nil:
		fmt.Fprintf(&b, "| peak RSS of the process | not measured: %v |\n", rssErr)
	case hwmReset:
		fmt.Fprintf(&b, "| peak RSS of the process (VmHWM, reset before the batch) | %s |\n", mib(rss))
	default:
		fmt.Fprintf(&b, "| peak RSS of the process since it started (VmHWM; could not reset) | %s |\n", mib(rss))
	}
	t.Logf("batch: %d vendors in %s, slowest %s (%s), peak heap %s, peak RSS %s", len(cases), wall.Round(time.Millisecond),
		slowest.Round(time.Millisecond), slowestName, mib(int64(heap)), mib(rss))
	fmt.Fprintf(&b, "\n%s", figuresEnd)

	before, _, _ := strings.Cut(string(doc), figuresBegin)
	_, after, _ := strings.Cut(string(doc), figuresEnd)
	if err := os.WriteFile(*reliabilityDoc, []byte(before+b.String()+after), 0o644); err != nil {
		t.Fatal(err)
	}
}

// quiet drops the debug logs, which the figures should not pay for.
func (e *hostileEnv) quiet() {
	e.log = slog.New(slog.DiscardHandler)
	e.copts.Logger = e.log
}

const heapMetric = "/memory/classes/heap/objects:bytes"

func heapBytes() uint64 {
	s := []metrics.Sample{{Name: heapMetric}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// sampleHeap samples the Go heap every 2 ms until the returned function is
// called, which returns the peak.
func sampleHeap() func() uint64 {
	var (
		mu   sync.Mutex
		peak = heapBytes()
		done = make(chan struct{})
		wg   sync.WaitGroup
	)
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(2 * time.Millisecond)
		defer tick.Stop()
		s := []metrics.Sample{{Name: heapMetric}}
		for {
			select {
			case <-done:
				return
			case <-tick.C:
			}
			metrics.Read(s)
			mu.Lock()
			peak = max(peak, s[0].Value.Uint64())
			mu.Unlock()
		}
	}()
	return func() uint64 {
		close(done)
		wg.Wait()
		mu.Lock()
		defer mu.Unlock()
		return max(peak, heapBytes())
	}
}

// resetPeakRSS resets the process's VmHWM (Linux: writing 5 to
// /proc/self/clear_refs); false when it cannot.
func resetPeakRSS() bool {
	return os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) == nil
}

// peakRSS reads the process's VmHWM (Linux).
func peakRSS() (int64, error) {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return kb << 10, err
		}
	}
	return 0, errors.New("no VmHWM in /proc/self/status")
}

func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return "an unknown CPU"
	}
	for _, line := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "an unknown CPU"
}

func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], ", ")
}

func mib(n int64) string { return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20)) }

func seconds(d time.Duration) string {
	if d < time.Second {
		return fmt.Sprintf("%d ms", d.Milliseconds())
	}
	return fmt.Sprintf("%.2f s", d.Seconds())
}

// abridge shortens a reason for the table, and replaces the test
// server's port, which changes every run.
func abridge(reason, addr string) string {
	reason = strings.ReplaceAll(reason, addr, "127.0.0.1:PORT")
	return clip(reason, 150)
}

// cell escapes text for a Markdown table cell.
func cell(s string) string {
	s = strings.ReplaceAll(s, "|", `\|`)
	s = strings.ReplaceAll(s, "\n", " ")
	s = strings.ReplaceAll(s, "<", "&lt;")
	return s
}
