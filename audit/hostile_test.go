package audit

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vigie-audit/vigie/crawler"
	"github.com/vigie-audit/vigie/internal/hostile"
	"github.com/vigie-audit/vigie/reports"
	"github.com/vigie-audit/vigie/rules"
	"github.com/vigie-audit/vigie/store"
)

// The hostile web, through the whole pipeline: every case of
// internal/hostile (slow servers, endless and gigantic bodies, a gzip bomb,
// redirect loops, pages that lie about their type or charset, resets, rate
// limits, a huge robots.txt, a self-referencing sitemap, links into the
// auditor's network, URLs with credentials) audited in one batch beside
// well-behaved vendors, with the real crawler, rules, a JSON report and a
// store.

// Budgets of TestHostileBatch: short, so that the cases that run into them
// (a server that never answers) keep the test short. Under the race
// detector, which makes the CPU-bound cases (10 MiB pages, 100,000 nested
// elements) about ten times slower, they are scaled by raceScale.
const (
	batchVendorTimeout  = 8 * time.Second
	batchRequestTimeout = 3 * time.Second
	// batchMargin is what a vendor may take beyond its crawl budget: the
	// analysis of its policy after the crawl, and the last slice of CPU
	// work the deadline interrupts.
	batchMargin      = 2 * time.Second
	batchConcurrency = 8
)

// hostileEnv is a hostile server and the pipeline's parts pointed at it.
type hostileEnv struct {
	srv   *hostile.Server
	pack  *rules.Pack
	copts crawler.Options
	logs  *syncBuffer
	log   *slog.Logger
}

func newHostileEnv(t testing.TB, copts crawler.Options) *hostileEnv {
	t.Helper()
	srv, err := hostile.Start(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	pack, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	e := &hostileEnv{srv: srv, pack: pack, logs: &syncBuffer{}}
	// Everything at debug level, where every request is logged: no log
	// line may carry a password.
	e.log = slog.New(slog.NewJSONHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	copts.Delay = crawler.NoDelay
	copts.DialContext = srv.Dial
	copts.Logger = e.log
	e.copts = copts
	return e
}

// audit runs the inputs through Run and returns the JSON report.
func (e *hostileEnv) audit(t testing.TB, ins []Input, conc int, st *store.Store) ([]byte, *reports.Report, *Summary) {
	t.Helper()
	c, err := crawler.New(e.copts)
	if err != nil {
		t.Fatal(err)
	}
	return runJSON(t, ins, Options{
		Crawler: c, Rules: e.pack, Store: st, Concurrency: conc, Logger: e.log,
		Tool: reports.Tool{Name: "vigie", Version: "test", RulesVersion: e.pack.Version(), RulesSHA256: e.pack.SHA256()},
	})
}

// caseInputs are the vendors of the cases, numbered.
func caseInputs(cs []hostile.Case) []Input {
	var ins []Input
	for _, c := range cs {
		ins = append(ins, newInput(c.URL(), c.Name, 0, nil))
	}
	return Dedupe(ins)
}

// credentialInput is a vendor given with a user name and password.
const credentialInput = "http://admin:" + hostile.Secret + "@good-en.hostile.test/"

// batchOptions are the crawler's options in TestHostileBatch. Under the
// race detector, bodies are also capped at 2 MiB instead of 10: scanning
// four 10 MiB pages instrumented takes more CPU than a busy 2-core machine
// gives in the test's time (ten-megabytes then finds its policy at a
// common path, its footer being cut off).
func batchOptions() crawler.Options {
	o := crawler.Options{
		VendorTimeout:  batchVendorTimeout * raceScale,
		RequestTimeout: batchRequestTimeout * raceScale,
		MaxBodyBytes:   crawler.DefaultMaxBodyBytes,
	}
	if raceEnabled {
		o.MaxBodyBytes = 2 << 20
	}
	return o
}

// TestHostileBatch audits every hostile case and the good vendors in one
// batch: each vendor is in the report once, in input order, with the status
// and reason its case expects, within its time and request budgets; the
// good vendors' results are exactly those they get when audited alone;
// nothing reaches the auditor's own network; no password reaches a log or
// the report.
func TestHostileBatch(t *testing.T) {
	env := newHostileEnv(t, batchOptions())
	cases := hostile.All()
	ins := Dedupe(append(caseInputs(cases), newInput(credentialInput, "credentials-input", 0, nil)))
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "vigie.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()

	start := time.Now()
	raw, rep, sum := env.audit(t, ins, batchConcurrency, st)
	t.Logf("%d vendors in %s (vendor budget %s, request timeout %s, concurrency %d)",
		len(ins), time.Since(start).Round(time.Millisecond), env.copts.VendorTimeout, env.copts.RequestTimeout, batchConcurrency)

	if err := reports.ValidateJSON(raw); err != nil {
		t.Fatalf("the report does not validate: %v", err)
	}
	if sum.Partial || sum.Written != len(ins) || len(rep.Vendors) != len(ins) || rep.Partial {
		t.Fatalf("summary %+v, %d vendors in the report, want %d", sum, len(rep.Vendors), len(ins))
	}
	run, err := st.GetRun(context.Background(), sum.RunID)
	if err != nil {
		t.Fatal(err)
	}
	if run.Done != len(ins) || run.Unfinished() {
		t.Errorf("store: run %s %s with %d of %d vendors done", run.ID, run.State, run.Done, run.Total)
	}

	maxReq := crawler.DefaultMaxRequests
	budget := env.copts.VendorTimeout + batchMargin
	if raceEnabled {
		// The instrumented CPU work the deadline cannot cut (verifying a
		// page of 1 MiB of text, analysing a policy) stretches with the
		// machine's load: only a vendor that runs past twice its budget
		// (one the deadline did not stop) fails there.
		budget = 2 * env.copts.VendorTimeout
	}
	for i, c := range cases {
		v := &rep.Vendors[i]
		if v.Input != c.URL() {
			t.Fatalf("vendor %d is %s, want %s: the report is out of input order", i, v.Input, c.URL())
		}
		took := v.FinishedAt.Sub(v.StartedAt)
		t.Logf("%-22s %-12s %6s %2d requests  %s", c.Name, v.Status, took.Round(10*time.Millisecond), v.Requests, clip(v.Reason, 160))
		checkCase(t, c, env.copts.MaxBodyBytes, v)
		if took > budget {
			t.Errorf("%s took %s, more than its budget of %s (+ margin)", c.Name, took, env.copts.VendorTimeout)
		}
		if strings.HasPrefix(c.Name, "ssrf-") && !slices.ContainsFunc(v.Warnings, func(w string) bool { return strings.HasPrefix(w, "refused: ") }) {
			t.Errorf("%s: the refusal is not in the warnings: %q", c.Name, v.Warnings)
		}
		if v.Requests > maxReq {
			t.Errorf("%s cost %d requests, more than the budget of %d", c.Name, v.Requests, maxReq)
		}
		// The server saw no request the vendor did not count (a refused
		// connection is counted, and never reaches it).
		if n := env.srv.Requests(c.Host()); n > v.Requests {
			t.Errorf("%s: the server saw %d requests, the report counts %d", c.Name, n, v.Requests)
		}
	}

	// The good vendors are not affected by the hostile ones: their results
	// are the ones they get alone.
	alone := newHostileEnv(t, batchOptions())
	_, solo, _ := alone.audit(t, caseInputs(hostile.Good()), 1, nil)
	for i := range hostile.Good() {
		got := &rep.Vendors[len(hostile.Hostile())+i]
		if a, b := comparable(t, &solo.Vendors[i]), comparable(t, got); a != b {
			t.Errorf("%s differs in the batch from its audit alone:\nalone %s\nbatch %s", got.Name, a, b)
		}
		if got.Status != reports.StatusFound || len(got.Topics) != 7 {
			t.Errorf("%s: %s with %d topics", got.Name, got.Status, len(got.Topics))
		}
	}

	// Nothing reached the auditor's network.
	checkNoPrivateRequests(t, env.srv)

	// A vendor given with credentials is refused and kept redacted.
	cred := &rep.Vendors[len(ins)-1]
	if cred.Status != reports.StatusInvalidInput || !strings.Contains(cred.Reason, "credentials") {
		t.Errorf("%s: %s (%s), want invalid_input for credentials", cred.Input, cred.Status, cred.Reason)
	}
	if n := env.srv.Requests("good-en.hostile.test"); n != 3 {
		t.Errorf("good-en.hostile.test saw %d requests: the vendor with credentials reached it", n)
	}
	checkNoSecret(t, "the report", raw)
	checkNoSecret(t, "the logs", env.logs.Bytes())
	if !bytes.Contains(env.logs.Bytes(), []byte(`"msg":"crawler: request"`)) {
		t.Error("no request was logged: the log check checks nothing")
	}
}

// checkCase checks a vendor's status and reason against its case.
func checkCase(t testing.TB, c hostile.Case, maxBody int64, v *reports.Vendor) {
	t.Helper()
	status, reason := c.Expect(maxBody)
	if v.Status != status {
		t.Errorf("%s: status %s, want %s (reason: %s)", c.Name, v.Status, status, v.Reason)
	}
	if !regexp.MustCompile(reason).MatchString(v.Reason) {
		t.Errorf("%s: reason %q does not match %q", c.Name, v.Reason, reason)
	}
}

// checkNoPrivateRequests checks that no request reached the addresses the
// SSRF cases point to. The private names are dialled (the network guard
// checks the address a DialContext hook connects to, then closes the
// connection before any request); the literal addresses are refused before
// any dial.
func checkNoPrivateRequests(t testing.TB, srv *hostile.Server) {
	t.Helper()
	for _, host := range []string{hostile.InternalHost, srv.Addr()} {
		if n := srv.Requests(host); n != 0 {
			t.Errorf("%d requests reached %s, a private host linked from a public vendor", n, host)
		}
	}
	for _, addr := range []string{"169.254.169.254:80", "10.0.0.1:80", srv.Addr()} {
		if n := srv.Dials(addr); n != 0 {
			t.Errorf("%d connections to %s were attempted", n, addr)
		}
	}
}

func checkNoSecret(t testing.TB, what string, b []byte) {
	t.Helper()
	if i := bytes.Index(b, []byte(hostile.Secret)); i >= 0 {
		t.Errorf("the password is in %s: …%s…", what, b[max(0, i-120):min(len(b), i+40)])
	}
}

// comparable is a vendor's result without what legitimately differs
// between two runs: times.
func comparable(t testing.TB, v *reports.Vendor) string {
	t.Helper()
	c := *v
	c.StartedAt, c.FinishedAt = time.Time{}, time.Time{}
	if c.Policy != nil {
		p := *c.Policy
		p.FetchedAt = time.Time{}
		c.Policy = &p
	}
	c.Documents = nil
	for _, d := range v.Documents {
		d.FetchedAt = time.Time{}
		c.Documents = append(c.Documents, d)
	}
	c.ChangedSince = nil
	b, err := json.Marshal(&c)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n] + "…"
}

// syncBuffer is a bytes.Buffer safe for the concurrent writes of a log
// handler and a reader.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) Bytes() []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return bytes.Clone(s.b.Bytes())
}
