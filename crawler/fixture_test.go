package crawler

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/goccy/go-yaml"
)

// Fixture sites: testdata/sites/<case>/ holds one folder per host name
// (www.acme-scales.test/…) and a case.yaml with the input, the expected
// outcome and the routes that files cannot express (status codes,
// redirects, headers, content types). One httptest server on loopback
// serves every host of a case by its Host header; the crawler's DialContext
// hook sends the made-up host names to it, so URLs, and golden files, carry
// no ports.

// fixedNow is the clock of every fixture test.
var fixedNow = time.Date(2025, 3, 1, 9, 30, 0, 0, time.UTC)

type fixtureCase struct {
	Name  string `yaml:"-"`
	Dir   string `yaml:"-"`
	Site  string `yaml:"site"` // serve another case's hosts
	Input string `yaml:"input"`
	Want  struct {
		Status    string   `yaml:"status"`
		Policy    string   `yaml:"policy"`
		Documents []string `yaml:"documents"`
		Reason    string   `yaml:"reason"` // a substring of the reason
		// Section is the heading of the policy part, for a policy that is
		// a part of a wider page (Page.Section).
		Section string `yaml:"section"`
		// Fragment is the id of the element that is the policy, for a
		// policy link that points at a part of a page (Page.Fragment).
		Fragment string `yaml:"fragment"`
		// Canonical is the address the policy declares as its own, when
		// it differs from the one it was fetched at (Page.Canonical).
		Canonical string `yaml:"canonical"`
	} `yaml:"want"`
	Options struct {
		IgnoreRobots bool `yaml:"ignore_robots"`
		MaxRequests  int  `yaml:"max_requests"`
	} `yaml:"options"`
	Routes  []route  `yaml:"routes"`
	Refused []string `yaml:"refused"` // hosts whose connections are refused
	Public  []string `yaml:"public"`  // hosts that look public to the guard
}

type route struct {
	Host        string              `yaml:"host"`
	Path        string              `yaml:"path"`
	Status      int                 `yaml:"status"`
	Location    string              `yaml:"location"`
	ContentType string              `yaml:"content_type"`
	File        string              `yaml:"file"`
	Body        string              `yaml:"body"`
	Headers     map[string][]string `yaml:"headers"`
	Times       int                 `yaml:"times"` // answer this way the first n times only
}

func loadFixtureCases(t testing.TB) []*fixtureCase {
	t.Helper()
	return loadCasesFrom(t, filepath.Join("testdata", "sites"))
}

// loadCasesFrom reads the cases of a folder laid out as testdata/sites.
func loadCasesFrom(t testing.TB, sites string) []*fixtureCase {
	t.Helper()
	dirs, err := filepath.Glob(filepath.Join(sites, "*", "case.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(dirs)
	var cases []*fixtureCase
	for _, f := range dirs {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		c := &fixtureCase{}
		if err := yaml.UnmarshalWithOptions(data, c, yaml.Strict()); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		c.Dir = filepath.Dir(f)
		c.Name = filepath.Base(c.Dir)
		cases = append(cases, c)
	}
	if len(cases) == 0 {
		t.Fatal("no fixture cases")
	}
	return cases
}

// fixtureSite serves a case's hosts.
type fixtureSite struct {
	t       testing.TB
	root    string
	routes  []route
	mu      sync.Mutex
	hits    map[int]int // route index → times answered
	hosts   map[string]bool
	refused map[string]bool
	public  map[string]bool
	srv     *httptest.Server
	closed  string // address of a closed port
	reqs    []string
}

func startFixtureSite(t testing.TB, c *fixtureCase) *fixtureSite {
	t.Helper()
	root := c.Dir
	if c.Site != "" {
		root = filepath.Join("testdata", "sites", c.Site)
	}
	fs := &fixtureSite{t: t, root: root, routes: c.Routes, hits: map[int]int{},
		hosts: map[string]bool{}, refused: map[string]bool{}, public: map[string]bool{}}
	entries, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() {
			fs.hosts[e.Name()] = true
		}
	}
	for _, r := range c.Routes {
		if r.Host != "" {
			fs.hosts[r.Host] = true
		}
	}
	for _, h := range c.Refused {
		fs.refused[h] = true
	}
	for _, h := range c.Public {
		fs.public[h] = true
	}
	fs.srv = httptest.NewServer(fs)
	t.Cleanup(fs.srv.Close)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	fs.closed = l.Addr().String()
	l.Close()
	return fs
}

func (fs *fixtureSite) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	host := r.Host
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	fs.mu.Lock()
	fs.reqs = append(fs.reqs, host+r.URL.RequestURI())
	var rt *route
	for i := range fs.routes {
		x := &fs.routes[i]
		if (x.Host != "" && x.Host != host) || x.Path != r.URL.Path {
			continue
		}
		if x.Times > 0 && fs.hits[i] >= x.Times {
			continue
		}
		fs.hits[i]++
		rt = x
		break
	}
	fs.mu.Unlock()
	if rt != nil {
		for k, vs := range rt.Headers {
			for _, v := range vs {
				w.Header().Add(k, v)
			}
		}
		switch {
		case rt.Location != "":
			w.Header().Set("Location", rt.Location)
			w.WriteHeader(orInt(rt.Status, http.StatusFound))
			return
		case rt.Body != "":
			w.Header().Set("Content-Type", orStr(rt.ContentType, "text/plain; charset=utf-8"))
			w.WriteHeader(orInt(rt.Status, http.StatusOK))
			fmt.Fprint(w, rt.Body)
			return
		case rt.File != "":
			fs.serveFile(w, r, host, rt.File, rt.ContentType, rt.Status)
			return
		case rt.Status != 0 && rt.ContentType == "":
			http.Error(w, http.StatusText(rt.Status), rt.Status)
			return
		}
		fs.serveFile(w, r, host, r.URL.Path, rt.ContentType, rt.Status)
		return
	}
	fs.serveFile(w, r, host, r.URL.Path, "", 0)
}

// serveFile maps a path to a file of the host's folder: /a → a, a.html or
// a/index.html.
func (fs *fixtureSite) serveFile(w http.ResponseWriter, r *http.Request, host, p, ctype string, status int) {
	dir := filepath.Join(fs.root, host)
	clean := path.Clean("/" + p)
	var tries []string
	if strings.HasSuffix(p, "/") || clean == "/" {
		tries = []string{path.Join(clean, "index.html")}
	} else {
		tries = []string{clean, clean + ".html", path.Join(clean, "index.html")}
	}
	for _, tr := range tries {
		f := filepath.Join(dir, filepath.FromSlash(tr))
		st, err := os.Stat(f)
		if err != nil || st.IsDir() {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			break
		}
		if ctype == "" {
			switch path.Ext(f) {
			case ".html":
				ctype = "text/html; charset=utf-8"
			case ".xml":
				ctype = "application/xml"
			case ".txt":
				ctype = "text/plain; charset=utf-8"
			case ".pdf":
				ctype = "application/pdf"
			default:
				ctype = http.DetectContentType(data)
			}
		}
		w.Header().Set("Content-Type", ctype)
		w.WriteHeader(orInt(status, http.StatusOK))
		w.Write(data)
		return
	}
	http.Error(w, "404 page not found", http.StatusNotFound)
}

// dial sends the case's host names to the server; other names do not
// resolve, refused hosts refuse.
func (fs *fixtureSite) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	var d net.Dialer
	switch {
	case fs.refused[host]:
		return d.DialContext(ctx, network, fs.closed)
	case fs.hosts[host]:
		conn, err := d.DialContext(ctx, network, fs.srv.Listener.Addr().String())
		if err != nil || !fs.public[host] {
			return conn, err
		}
		return publicConn{conn}, nil
	}
	return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
}

// publicConn makes a loopback connection look like one to a public address
// (TEST-NET-3), as a host on the internet would.
type publicConn struct{ net.Conn }

func (publicConn) RemoteAddr() net.Addr {
	return &net.TCPAddr{IP: net.ParseIP("203.0.113.7"), Port: 80}
}

func orInt(v, def int) int {
	if v == 0 {
		return def
	}
	return v
}

func orStr(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// testOptions are fast, deterministic options for fixture tests.
func testOptions(dial func(context.Context, string, string) (net.Conn, error)) Options {
	return Options{
		Delay:          NoDelay,
		RetryWait:      10 * time.Millisecond,
		RequestTimeout: 5 * time.Second,
		VendorTimeout:  30 * time.Second,
		DialContext:    dial,
		Now:            func() time.Time { return fixedNow },
		UserAgent:      "vigie/test (+https://github.com/vigie-audit/vigie; privacy-policy audit)",
	}
}

func newTestCrawler(t testing.TB, o Options) *Crawler {
	t.Helper()
	c, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
