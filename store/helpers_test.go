package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"github.com/vigie-audit/vigie/reports"
)

// clock is a deterministic clock for tests: each call advances a second.
type clock struct{ t time.Time }

func newClock() *clock { return &clock{t: time.Date(2026, 11, 29, 2, 1, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.t = c.t.Add(time.Second)
	return c.t
}

func openTest(t testing.TB, path string, opts Options) *Store {
	t.Helper()
	if path == "" {
		path = filepath.Join(t.TempDir(), "vigie.db")
	}
	s, err := Open(context.Background(), path, opts)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

var topicIDs = []string{"data", "purposes", "sharing", "cookies", "security", "rights", "children"}

// makeInputs returns n inputs for vendors vendor0.example … .
func makeInputs(n int) []Input {
	ins := make([]Input, n)
	for i := range ins {
		ins[i] = Input{Seq: i, Input: fmt.Sprintf("https://www.vendor%d.example/", i), Name: fmt.Sprintf("Vendor %d", i), Line: i + 2,
			Labels: map[string]string{"category": "scale"}}
	}
	return ins
}

func makeSpec(n int) RunSpec {
	return RunSpec{
		Tool:     reports.Tool{Name: "vigie", Version: "v0.1.0-test", RulesVersion: "2026.11", RulesSHA256: "abc123"},
		Manifest: reports.Manifest{Command: "audit", UserAgent: "vigie-test", RobotsObeyed: true, DelayMS: 500, Args: []string{"-i", "vendors.csv"}},
		Options:  json.RawMessage(`{"concurrency":4}`),
		Inputs:   makeInputs(n),
	}
}

// makeVendor builds the result of input in with a policy whose text is
// text; covered lists the covered topics.
func makeVendor(in Input, text string, covered ...string) (*reports.Vendor, []Document) {
	at := time.Date(2026, 11, 29, 3, 0, 0, 0, time.UTC).Add(time.Duration(in.Seq) * time.Second)
	body := []byte("<html><body><main>" + text + "</main></body></html>")
	doc := Document{
		Role: "policy", URL: "https://vendor.example/privacy", FinalURL: "https://vendor.example/privacy/",
		Status: 200, Header: http.Header{"Content-Type": {"text/html; charset=utf-8"}}, ContentType: "text/html",
		FetchedAt: at, Body: body, Text: text,
	}
	home := Document{Role: "home", URL: in.Input, Status: 200, FetchedAt: at, Body: []byte("<html>home " + in.Input + "</html>")}
	v := &reports.Vendor{
		Input: in.Input, Name: in.Name, Line: in.Line, Labels: in.Labels,
		Status: reports.StatusFound, Reason: "policy linked from the footer",
		Policy: &reports.Policy{URL: doc.URL, FinalURL: doc.FinalURL, Language: "en", ContentType: "text/html",
			FetchedAt: at, SHA256: sha256Hex(body), Bytes: int64(len(body)),
			DiscoveredVia: []reports.Step{{Method: "footer_link", URL: doc.URL, From: in.Input, Text: "Privacy"}}},
		Requests:   3,
		StartedAt:  at.Add(-2 * time.Second),
		FinishedAt: at,
	}
	score := 0
	for _, id := range topicIDs {
		c := false
		for _, x := range covered {
			c = c || x == id
		}
		t := reports.Topic{ID: id, Title: id, Covered: c, Level: reports.LevelMissing}
		if c {
			t.Strength, t.Level = 0.9, reports.LevelCovered
			t.Evidence = []reports.Evidence{{Section: "Intro", Text: "We collect " + id + ".", Start: 0, End: 10, Rule: id + ".en.1"}}
			score += 100 / len(topicIDs)
		}
		v.Topics = append(v.Topics, t)
	}
	v.Score = score
	return v, []Document{home, doc}
}

func sha256Hex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}
