package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vigie-audit/vigie/reports"
	"github.com/vigie-audit/vigie/store"
)

// runStoreCmd runs the vigie command line with buffers and returns its
// output and exit code.
func runStoreCmd(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(args, strings.NewReader(""), &out, &errOut)
	return out.String(), errOut.String(), code
}

// seedStore writes a database with three runs of two vendors; the policy
// of scale.example changes in the third run. It returns the path and run ids.
func seedStore(t *testing.T) (string, []string) {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "vigie.db")
	now := time.Date(2026, 11, 1, 2, 0, 0, 0, time.UTC)
	st, err := store.Open(ctx, path, store.Options{Now: func() time.Time { now = now.Add(24 * time.Hour); return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	texts := []string{
		"Privacy policy\nWe collect your weight. We share it with nobody. You may ask for a copy.",
		"Privacy policy\nWe collect your weight. We share it with nobody. You may ask for a copy.",
		"Privacy policy\nWe collect your weight. We share it with our advertising partners. You may ask for a copy. Children under 15 may not register.",
	}
	topics := [][]string{{"data", "rights"}, {"data", "rights"}, {"data", "rights", "sharing", "children"}}
	var ids []string
	for i := range 3 {
		inputs := []store.Input{{Seq: 0, Input: "https://www.scale.example/", Name: "Scale Co", Line: 2}, {Seq: 1, Input: "watch.example", Line: 3}}
		id, err := st.CreateRun(ctx, store.RunSpec{
			Tool:     reports.Tool{Name: "vigie", Version: "v0.1.0", RulesVersion: "2026.11"},
			Manifest: reports.Manifest{Command: "audit"},
			Inputs:   inputs,
		})
		if err != nil {
			t.Fatal(err)
		}
		body := []byte("<html><main>" + texts[i] + "</main></html>")
		sum := sha256hex(body)
		v := &reports.Vendor{Input: inputs[0].Input, Name: "Scale Co", Status: reports.StatusFound, Score: 25 * len(topics[i]),
			Policy: &reports.Policy{URL: "https://scale.example/privacy", SHA256: sum, Language: "en"}}
		for _, tp := range topics[i] {
			v.Topics = append(v.Topics, reports.Topic{ID: tp, Covered: true, Level: reports.LevelCovered})
		}
		doc := store.Document{Role: "policy", URL: v.Policy.URL, Status: 200, Header: http.Header{"Content-Type": {"text/html"}},
			FetchedAt: now, Body: body, Text: texts[i]}
		if i == 2 {
			if v.ChangedSince, err = st.ChangedSince(ctx, id, v, texts[i]); err != nil {
				t.Fatal(err)
			}
		}
		if err := st.SaveVendor(ctx, id, 0, v, []store.Document{doc}); err != nil {
			t.Fatal(err)
		}
		if i < 2 {
			w := &reports.Vendor{Input: "watch.example", Status: reports.StatusNotFound, Reason: "no footer link"}
			if err := st.SaveVendor(ctx, id, 1, w, nil); err != nil {
				t.Fatal(err)
			}
			if err := st.FinishRun(ctx, id, false); err != nil {
				t.Fatal(err)
			}
		} else if err := st.FinishRun(ctx, id, true); err != nil { // interrupted
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	return path, ids
}

func TestRunsCommand(t *testing.T) {
	path, ids := seedStore(t)
	out, errOut, code := runStoreCmd(t, "runs", "--db", path)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 4 || !strings.HasPrefix(lines[0], "RUN") {
		t.Fatalf("table:\n%s", out)
	}
	for i, want := range []struct{ id, state, done string }{
		{ids[2], "partial", "1/2"}, {ids[1], "complete", "2/2"}, {ids[0], "complete", "2/2"},
	} {
		l := lines[i+1]
		if !strings.HasPrefix(l, want.id) || !strings.Contains(l, want.state) || !strings.Contains(l, want.done) ||
			!strings.Contains(l, "audit") || !strings.Contains(l, "v0.1.0") {
			t.Errorf("row %d = %q; want %v", i, l, want)
		}
	}

	out, _, code = runStoreCmd(t, "runs", "--db", path, "--format", "json", "-n", "1")
	var runs []store.Run
	if code != 0 || json.Unmarshal([]byte(out), &runs) != nil || len(runs) != 1 || runs[0].ID != ids[2] || runs[0].State != "partial" {
		t.Errorf("json (exit %d): %s", code, out)
	}
}

func TestStoreCommandErrors(t *testing.T) {
	path, _ := seedStore(t)
	missing := filepath.Join(t.TempDir(), "none.db")
	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"runs", "--db", missing}, ExitUsage, "no vigie database at " + missing},
		{[]string{"history", "nobody.example", "--db", path}, ExitUsage, `vendor "nobody.example": not found`},
		{[]string{"history", "example", "--db", path}, ExitUsage, "ambiguous: it could be scale.example, watch.example"},
		{[]string{"history", "--db", path}, ExitUsage, "accepts 1 arg"},
		{[]string{"runs", "--db", path, "--format", "xml"}, ExitUsage, `invalid --format "xml": want table or json`},
		{[]string{"diff", "scale.example", "--db", path, "--from", "1999"}, ExitUsage, "run 1999: not found"},
		{[]string{"diff", "scale.example", "--db", path, "--context", "-1"}, ExitUsage, "invalid --context"},
		{[]string{"diff", "watch.example", "--db", path}, ExitUsage, "no policy not found"},
	} {
		_, errOut, code := runStoreCmd(t, tt.args...)
		if code != tt.code || !strings.Contains(errOut, tt.want) {
			t.Errorf("vigie %s: exit %d, stderr %q; want exit %d and %q", strings.Join(tt.args, " "), code, errOut, tt.code, tt.want)
		}
	}
	if _, err := filepath.Glob(missing + "*"); err != nil {
		t.Fatal(err)
	}
	if m, _ := filepath.Glob(missing + "*"); len(m) != 0 {
		t.Errorf("reading a missing database created %v", m)
	}
}
