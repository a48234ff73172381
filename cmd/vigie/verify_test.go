package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vigie-audit/vigie/crawler"
	"github.com/vigie-audit/vigie/reports"
	"github.com/vigie-audit/vigie/warc"
)

// archivedRun crawls a local site with a WARC writer and returns the
// archive's path and a report of the run, built from the crawler's result
// as the pipeline does.
func archivedRun(t *testing.T) (string, *reports.Report) {
	t.Helper()
	policy := strings.Repeat("<p>We process your personal data to run the service. ", 40)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, `<html lang="en"><body><main>Scales</main><footer><a href="/privacy">Privacy Policy</a></footer></body></html>`)
		case "/privacy":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Header().Set("Content-Encoding", "gzip")
			zw := gzip.NewWriter(w)
			fmt.Fprint(zw, `<html lang="en"><head><title>Privacy Policy</title></head><body>`+policy+`</body></html>`)
			zw.Close()
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	path := filepath.Join(t.TempDir(), "run.warc.gz")
	w, err := warc.Create(path, warc.Info{Software: "vigie/test"})
	if err != nil {
		t.Fatal(err)
	}
	c, err := crawler.New(crawler.Options{
		Delay: crawler.NoDelay, Recorder: w,
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, network, srv.Listener.Addr().String())
		},
		Verify: func(context.Context, *crawler.Page) (bool, string) { return true, "test" },
	})
	if err != nil {
		t.Fatal(err)
	}
	res := c.Discover(context.Background(), "http://www.scales.test/")
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if res.Status != crawler.StatusFound {
		t.Fatalf("%s: %s", res.Status, res.Reason)
	}
	rep := reports.NewReport(reports.Tool{Name: "vigie", Version: "test", RulesVersion: "1"})
	rep.GeneratedAt = time.Now()
	rep.Vendors = []reports.Vendor{
		{Input: res.Input, Name: "Scales", Status: reports.StatusFound, Topics: []reports.Topic{},
			Policy: &reports.Policy{URL: res.Policy.URL, Language: "en", FetchedAt: res.Policy.FetchedAt,
				SHA256: res.Policy.SHA256, DiscoveredVia: []reports.Step{}}},
		{Input: "http://www.gone.test/", Name: "Gone", Status: reports.StatusNotFound, Reason: "no link", Topics: []reports.Topic{}},
	}
	return path, rep
}

func writeReport(t *testing.T, rep *reports.Report, format string) string {
	t.Helper()
	var buf bytes.Buffer
	if err := reports.Write(&buf, rep, format); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "run."+format)
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestVerifyCommand(t *testing.T) {
	warcPath, rep := archivedRun(t)

	t.Run("ok", func(t *testing.T) {
		for _, format := range []string{"json", "jsonl"} {
			code, out, errOut := runVigie("", "verify", writeReport(t, rep, format), "--warc", warcPath)
			if code != ExitOK {
				t.Fatalf("%s: exit %d: %s%s", format, code, out, errOut)
			}
			lines := strings.Split(strings.TrimSpace(out), "\n")
			if len(lines) != 3 || !strings.HasPrefix(lines[0], "ok ") || !strings.Contains(lines[0], "policy sha256:"+rep.Vendors[0].Policy.SHA256[:12]) ||
				!strings.Contains(lines[0], "response record 2") || !strings.HasPrefix(lines[1], "- ") || !strings.Contains(lines[1], "no document to check (not_found)") {
				t.Errorf("%s: output\n%s", format, out)
			}
			if !strings.Contains(lines[2], "verified 2 vendor(s): 1 ok, 1 nothing to check; archive") || !strings.Contains(lines[2], "digests ok") {
				t.Errorf("summary %q", lines[2])
			}
		}
	})

	t.Run("mismatch and missing", func(t *testing.T) {
		bad := *rep
		bad.Vendors = append([]reports.Vendor{}, rep.Vendors...)
		p1 := *rep.Vendors[0].Policy
		p1.SHA256 = strings.Repeat("0", 64)
		bad.Vendors[0].Policy = &p1
		p2 := *rep.Vendors[0].Policy
		p2.URL = "http://www.scales.test/privacy-old"
		bad.Vendors = append(bad.Vendors, reports.Vendor{Input: "x", Name: "Moved", Status: reports.StatusFound, Policy: &p2, Topics: []reports.Topic{}})
		code, out, errOut := runVigie("", "verify", writeReport(t, &bad, "json"), "--warc", warcPath)
		if code != ExitThreshold {
			t.Fatalf("exit %d: %s%s", code, out, errOut)
		}
		if !strings.Contains(out, "mismatch  Scales") || !strings.Contains(out, "the archive holds http://www.scales.test/privacy with sha256:"+rep.Vendors[0].Policy.SHA256[:12]) {
			t.Errorf("mismatch line:\n%s", out)
		}
		if !strings.Contains(out, "missing   Moved") || !strings.Contains(out, "no record of http://www.scales.test/privacy-old (that content is archived under http://www.scales.test/privacy)") {
			t.Errorf("missing line:\n%s", out)
		}
		if !strings.Contains(out, "1 mismatch, 1 missing") || !strings.Contains(errOut, "verification failed: 2 vendor(s)") {
			t.Errorf("stderr %q", errOut)
		}
	})

	t.Run("tampered archive", func(t *testing.T) {
		// An uncompressed copy with one byte of the home page changed.
		a, err := warc.Open(context.Background(), warcPath)
		if err != nil {
			t.Fatal(err)
		}
		plain := filepath.Join(t.TempDir(), "run.warc")
		var all bytes.Buffer
		f, _ := os.Open(warcPath)
		zr, _ := gzip.NewReader(f)
		all.ReadFrom(zr)
		f.Close()
		data := bytes.Replace(all.Bytes(), []byte("<main>Scales</main>"), []byte("<main>Scalez</main>"), 1)
		os.WriteFile(plain, data, 0o644)
		code, out, _ := runVigie("", "verify", writeReport(t, rep, "json"), "--warc", plain)
		if code != ExitThreshold || !strings.Contains(out, "archive: offset") || !strings.Contains(out, "wrong digest") {
			t.Errorf("exit %d (%d records before):\n%s", code, len(a.Records), out)
		}
	})

	t.Run("unreadable inputs", func(t *testing.T) {
		dir := t.TempDir()
		junk := filepath.Join(dir, "junk.json")
		os.WriteFile(junk, []byte("not a report"), 0o644)
		for _, args := range [][]string{
			{"verify", filepath.Join(dir, "none.json"), "--warc", warcPath},
			{"verify", junk, "--warc", warcPath},
			{"verify", writeReport(t, rep, "json"), "--warc", filepath.Join(dir, "none.warc.gz")},
			{"verify", writeReport(t, rep, "json"), "--warc", junk},
			{"verify", writeReport(t, rep, "json")}, // --warc is required
		} {
			if code, _, errOut := runVigie("", args...); code != ExitUsage {
				t.Errorf("%q: exit %d (%s)", args, code, errOut)
			}
		}
	})

	t.Run("stdin", func(t *testing.T) {
		b, _ := os.ReadFile(writeReport(t, rep, "jsonl"))
		if code, out, errOut := runVigie(string(b), "verify", "-", "--warc", warcPath); code != ExitOK {
			t.Errorf("exit %d: %s%s", code, out, errOut)
		}
	})
}

func TestVerifyFlags(t *testing.T) {
	var got *verifyOptions
	s := &streams{In: strings.NewReader(""), Out: &bytes.Buffer{}, ErrOut: &bytes.Buffer{}}
	cmd := newVerifyCmd(s, func(_ context.Context, o *verifyOptions) error { got = o; return nil })
	cmd.SetArgs([]string{"run.json", "--warc", "run.warc.gz"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if got == nil || got.report != "run.json" || got.warc != "run.warc.gz" {
		t.Errorf("options %+v", got)
	}
}
