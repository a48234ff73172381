package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/vigie-audit/vigie/audit"
)

// countingVendor serves a vendor site with a policy and counts the requests
// it receives.
func countingVendor(t *testing.T, title, linkText string) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		switch r.URL.Path {
		case "/":
			fmt.Fprintf(w, `<!DOCTYPE html><html lang="en"><head><title>%s</title></head><body><main><h1>Smart scales</h1></main>
<footer><a href="/about">About</a> <a href="/privacy">%s</a></footer></body></html>`, title, linkText)
		case "/privacy":
			fmt.Fprint(w, `<!DOCTYPE html><html lang="en"><head><title>Privacy Policy</title></head><body><main><h1>Privacy Policy</h1>
<h2>Information we collect</h2><p>We collect your name, e-mail address and the measurements of your scale, such as your weight.</p>
<h2>How we use it</h2><p>We use your information to provide the service and to answer your requests.</p>
<h2>Sharing</h2><p>We do not sell your personal data; we share it only with our hosting provider.</p>
<h2>Cookies</h2><p>Our website uses strictly necessary cookies only.</p>
<h2>Security</h2><p>Your data are encrypted in transit and at rest.</p>
<h2>Your rights</h2><p>You have the right to access, rectify and erase your personal data: write to privacy@example.test.</p>
<h2>Children</h2><p>Our service is not directed to children under 16.</p></main></body></html>`)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

// TestUnwritableOutputFailsBeforeAnyRequest gives vigie audit an output or
// a store it cannot write: it must say so and exit before the first
// request, not after the crawl. The exit code is 3 (runtime failure), not 2
// (usage): the command line is well-formed, the machine's state is what
// fails, and the same command succeeds once the folder is writable or the
// disk has room.
//
// The cases run as root too (CI runs as root): /proc refuses new files to
// everyone, and a file stands where the folder should be. A folder made
// read-only with chmod only binds other users, so that case is skipped as
// root; a full disk is simulated by raising audit.MinFreeBytes above the
// free space of the test's folder (mounting a small tmpfs needs root and is
// not portable), and met for real in /dev/full, which refuses every write
// with ENOSPC: the JSON report writes its header before the first vendor.
func TestUnwritableOutputFailsBeforeAnyRequest(t *testing.T) {
	dir := t.TempDir()
	notAFolder := filepath.Join(dir, "report.txt")
	if err := os.WriteFile(notAFolder, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	readOnly := filepath.Join(dir, "read-only")
	if err := os.Mkdir(readOnly, 0o555); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		args     []string
		want     string
		linux    bool // needs /proc or /dev/full
		notRoot  bool // chmod does not bind root
		diskFull bool
	}{
		{name: "output folder refuses new files", args: []string{"--no-db", "-o", "/proc/vigie-report.json"},
			want: "cannot write /proc/vigie-report.json: folder /proc does not accept new files", linux: true},
		{name: "store folder refuses new files", args: []string{"--db", "/proc/vigie.db", "-o", filepath.Join(dir, "out.json")},
			want: "cannot write /proc/vigie.db: folder /proc does not accept new files", linux: true},
		{name: "a file where the output folder should be", args: []string{"--no-db", "-o", filepath.Join(notAFolder, "report.json")},
			want: "report.txt is not a folder"},
		{name: "output folder missing", args: []string{"--no-db", "-o", filepath.Join(dir, "missing", "report.json")},
			want: "does not exist"},
		{name: "read-only output folder", args: []string{"--no-db", "-o", filepath.Join(readOnly, "report.json")},
			want: "does not accept new files (read-only?)", notRoot: true},
		{name: "disk full", args: []string{"--no-db", "-o", filepath.Join(dir, "report.json")},
			want: "MiB free in " + dir, diskFull: true},
		{name: "no space at the first write (/dev/full)", args: []string{"--no-db", "-f", "json", "-o", "/dev/full"},
			want: "write /dev/full: no space left on device", linux: true},
		{name: "disk full under the store", args: []string{"--db", filepath.Join(dir, "vigie.db"), "-o", "-"},
			want: "cannot write " + filepath.Join(dir, "vigie.db") + ": only", diskFull: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.linux && runtime.GOOS != "linux" {
				t.Skip("needs Linux's /proc and /dev/full")
			}
			if tt.notRoot && os.Geteuid() == 0 {
				t.Skip("root writes into a chmod 0555 folder; the /proc cases cover read-only folders for root")
			}
			if tt.diskFull {
				old := audit.MinFreeBytes
				audit.MinFreeBytes = 1 << 62 // more than any disk has free
				defer func() { audit.MinFreeBytes = old }()
			}
			srv, requests := countingVendor(t, "Scales", "Privacy Policy")
			args := append([]string{"audit", srv.URL, "--delay", "0", "-q"}, tt.args...)
			code, stdout, stderr := runCmd(t, "", args...)
			if code != ExitRuntime {
				t.Errorf("exit code %d, want %d (stderr %q)", code, ExitRuntime, stderr)
			}
			if !strings.Contains(stderr, tt.want) {
				t.Errorf("stderr %q does not say %q", stderr, tt.want)
			}
			if n := requests.Load(); n != 0 {
				t.Errorf("%d requests were made before the error", n)
			}
			if stdout != "" {
				t.Errorf("stdout %q: nothing should be written", stdout)
			}
		})
	}
}

// TestTableStripsEscapesFromVendorText audits a vendor whose name (from
// the vendor list) and whose policy link text (from its page, quoted in the
// reason) carry terminal escape sequences: the terminal table and the logs
// must not pass them to the terminal.
func TestTableStripsEscapesFromVendorText(t *testing.T) {
	const evil = "\x1b]0;pwned\x07\x1b[2J\x1b[31m"
	srv, _ := countingVendor(t, "Evil"+evil+"Title", "Privacy"+evil+" Policy")
	list := filepath.Join(t.TempDir(), "vendors.csv")
	if err := os.WriteFile(list, []byte("name,url\n\"Evil"+evil+"Corp\u202e\","+srv.URL+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runCmd(t, "", "audit", "-i", list, "-f", "table", "--no-db", "--delay", "0", "--log-level", "debug")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "EvilCorp") && !strings.Contains(stdout, "Evil]0;pwned") {
		t.Errorf("the vendor is not in the table:\n%s", stdout)
	}
	if !strings.Contains(stdout, "found") {
		t.Errorf("the vendor was not audited:\n%s", stdout)
	}
	for name, out := range map[string]string{"the table": stdout, "the logs": stderr} {
		for _, c := range []string{"\x1b", "\x07", "\u202e"} {
			if strings.Contains(out, c) {
				t.Errorf("%s carry the control character %q:\n%q", name, c, out)
			}
		}
	}
}
