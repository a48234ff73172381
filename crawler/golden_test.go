package crawler

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// portRE and timeRE normalise what may still vary between runs: a port of
// a local server, and times not taken from the injected clock.
var (
	portRE = regexp.MustCompile(`127\.0\.0\.1:\d+`)
	timeRE = regexp.MustCompile(`"(started_at|finished_at|fetched_at)": "[^"]+"`)
)

func normalise(b []byte) []byte {
	b = portRE.ReplaceAll(b, []byte("127.0.0.1:PORT"))
	return timeRE.ReplaceAll(b, []byte(`"$1": "TIME"`))
}

func runFixture(t testing.TB, c *fixtureCase) (*Result, *fixtureSite) {
	fs := startFixtureSite(t, c)
	o := testOptions(fs.dial)
	o.IgnoreRobots = c.Options.IgnoreRobots
	o.MaxRequests = c.Options.MaxRequests
	cr := newTestCrawler(t, o)
	return cr.Discover(context.Background(), c.Input), fs
}

// TestFixtures runs discovery on every fixture site and compares the
// Result with its golden JSON (go test ./crawler -run TestFixtures -update
// rewrites them).
func TestFixtures(t *testing.T) {
	for _, c := range loadFixtureCases(t) {
		t.Run(c.Name, func(t *testing.T) {
			res, _ := runFixture(t, c)
			if res.Status != c.Want.Status {
				t.Errorf("status = %s (%s), want %s", res.Status, res.Reason, c.Want.Status)
			}
			var got, section, fragment, canonical string
			if res.Policy != nil {
				got, section, fragment, canonical = res.Policy.FinalURL, res.Policy.Section, res.Policy.Fragment, res.Policy.Canonical
			}
			if canonical != c.Want.Canonical {
				t.Errorf("policy's canonical address = %q, want %q", canonical, c.Want.Canonical)
			}
			if section != c.Want.Section {
				t.Errorf("policy part = %q, want %q", section, c.Want.Section)
			}
			if fragment != c.Want.Fragment {
				t.Errorf("policy element = #%s, want #%s", fragment, c.Want.Fragment)
			}
			if got != c.Want.Policy {
				t.Errorf("policy = %q, want %q", got, c.Want.Policy)
			}
			var docs []string
			for _, d := range res.Documents {
				docs = append(docs, d.FinalURL)
			}
			if !slices.Equal(docs, c.Want.Documents) {
				t.Errorf("documents = %q, want %q", docs, c.Want.Documents)
			}
			if c.Want.Reason != "" && !bytes.Contains([]byte(res.Reason), []byte(c.Want.Reason)) {
				t.Errorf("reason %q does not contain %q", res.Reason, c.Want.Reason)
			}
			if res.Requests > DefaultMaxRequests {
				t.Errorf("%d requests, over the budget", res.Requests)
			}
			checkGolden(t, filepath.Join("testdata", "golden", c.Name+".json"), res)
		})
	}
}

func checkGolden(t *testing.T, file string, v any) {
	t.Helper()
	got, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(normalise(got), '\n')
	if *update {
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run go test ./crawler -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("result differs from %s (go test ./crawler -update rewrites it):\n%s", file, lineDiff(string(want), string(got)))
	}
}

// lineDiff shows the first differing lines.
func lineDiff(want, got string) string {
	w, g := bytes.Split([]byte(want), []byte("\n")), bytes.Split([]byte(got), []byte("\n"))
	var out bytes.Buffer
	shown := 0
	for i := 0; i < max(len(w), len(g)) && shown < 12; i++ {
		var a, b []byte
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if !bytes.Equal(a, b) {
			out.WriteString("- " + string(a) + "\n+ " + string(b) + "\n")
			shown++
		}
	}
	return out.String()
}
