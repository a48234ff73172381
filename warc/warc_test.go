package warc_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	gowarc "github.com/nlnwa/gowarc/v3"

	"github.com/vigie-audit/vigie/crawler"
	"github.com/vigie-audit/vigie/warc"
)

var fixedNow = time.Date(2025, 3, 1, 9, 30, 0, 0, time.UTC)

// site serves testdata/site as www.lumen.test: robots.txt, a redirect from
// / to /en/, the home page, and the policy gzip-encoded.
func site(t *testing.T) (dial func(context.Context, string, string) (net.Conn, error), policy []byte) {
	t.Helper()
	home, err := os.ReadFile("testdata/site/index.html")
	if err != nil {
		t.Fatal(err)
	}
	policy, err = os.ReadFile("testdata/site/privacy.html")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/robots.txt":
			fmt.Fprint(w, "User-agent: *\nDisallow: /private/\n")
		case "/":
			http.Redirect(w, r, "/en/", http.StatusFound)
		case "/en/":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			http.SetCookie(w, &http.Cookie{Name: "session", Value: "x", Path: "/"})
			w.Write(home)
		case "/legal/privacy":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			if strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
				w.Header().Set("Content-Encoding", "gzip")
				zw := gzip.NewWriter(w)
				zw.Write(policy)
				zw.Close()
				return
			}
			w.Write(policy)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return func(ctx context.Context, network, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, network, srv.Listener.Addr().String())
	}, policy
}

// stubRenderer returns a fixed DOM, screenshot and cookie.
type stubRenderer struct{}

func (stubRenderer) Render(_ context.Context, u string) (*crawler.Rendering, error) {
	return &crawler.Rendering{
		URL: u, FinalURL: u, Status: 200, At: fixedNow, Elapsed: 1500 * time.Millisecond,
		HTML:       []byte(`<html><body><footer><a href="/legal/privacy">Privacy Policy</a></footer></body></html>`),
		Screenshot: []byte("\x89PNG\r\n\x1a\nnot really"),
		Cookies:    []*http.Cookie{{Name: "_ga", Domain: ".lumen.test", Path: "/", Expires: fixedNow.Add(24 * time.Hour)}},
	}, nil
}

func discover(t *testing.T, path string, render bool) (*crawler.Result, []byte) {
	t.Helper()
	dial, policy := site(t)
	w, err := warc.Create(path, warc.Info{
		Software: "vigie/test", UserAgent: "vigie/test (+https://github.com/vigie-audit/vigie)", Robots: "obey",
		IsPartOf: "run-1", Fields: []warc.Field{{Name: "vigie-render", Value: "auto"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	o := crawler.Options{
		UserAgent: "vigie/test (+https://github.com/vigie-audit/vigie)",
		Delay:     crawler.NoDelay, DialContext: dial, Recorder: w,
		Now: func() time.Time { return fixedNow },
	}
	if render {
		o.Render, o.Renderer = crawler.RenderAlways, stubRenderer{}
	}
	c, err := crawler.New(o)
	if err != nil {
		t.Fatal(err)
	}
	res := c.Discover(context.Background(), "http://www.lumen.test/")
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if res.Status != crawler.StatusFound {
		t.Fatalf("%s: %s %q", res.Status, res.Reason, res.Tried)
	}
	return res, policy
}

// TestRoundTrip writes the WARC of a discovery and reads it back, record
// by record, with gowarc's reader.
func TestRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "run.warc.gz")
	res, policy := discover(t, path, true)

	r, err := gowarc.NewWarcFileReader(path, 0, gowarc.WithStrictValidation())
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	type rec struct {
		typ, uri, id, concurrent, ctype, truncated, digest, info string
		date                                                     time.Time
		block                                                    []byte
		status                                                   int
	}
	var recs []rec
	for {
		rr, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("record %d: %v", len(recs), err)
		}
		if len(rr.Validation) > 0 {
			t.Errorf("record %d: %v", len(recs), rr.Validation)
		}
		wr := rr.WarcRecord
		h := wr.WarcHeader()
		x := rec{typ: wr.Type().String(), uri: h.Get(gowarc.WarcTargetURI), id: wr.RecordId(),
			concurrent: h.GetId(gowarc.WarcConcurrentTo), ctype: h.Get(gowarc.ContentType),
			truncated: h.Get(gowarc.WarcTruncated), digest: h.Get(gowarc.WarcPayloadDigest),
			info: h.GetId(gowarc.WarcWarcinfoID)}
		x.date, _ = wr.Date()
		if rb, ok := wr.Block().(gowarc.HttpResponseBlock); ok {
			x.status = rb.HttpStatusCode()
			p, _ := rb.PayloadBytes()
			x.block, _ = io.ReadAll(p)
		} else {
			p, _ := wr.Block().RawBytes()
			x.block, _ = io.ReadAll(p)
		}
		recs = append(recs, x)
		rr.Close()
	}

	// warcinfo first, naming the tool, the user agent and the options.
	if len(recs) == 0 || recs[0].typ != "warcinfo" {
		t.Fatalf("first record %+v", recs)
	}
	info := string(recs[0].block)
	for _, want := range []string{"software: vigie/test (github.com/nlnwa/gowarc/v3)", "http-header-user-agent: vigie/test (+https://github.com/vigie-audit/vigie)",
		"robots: classic", "isPartOf: run-1", "vigie-render: auto", "format: WARC File Format 1.1"} {
		if !strings.Contains(info, want+"\r\n") {
			t.Errorf("warcinfo lacks %q:\n%s", want, info)
		}
	}
	byID := map[string]rec{}
	for _, x := range recs {
		byID[x.id] = x
	}
	// Every exchange is a request and a response, linked, dated, digested.
	var responses []rec
	for _, x := range recs[1:] {
		if x.info != recs[0].id {
			t.Errorf("%s %s: WARC-Warcinfo-ID %q", x.typ, x.uri, x.info)
		}
		switch x.typ {
		case "request":
			resp, ok := byID[x.concurrent]
			if !ok || resp.typ != "response" || resp.uri != x.uri {
				t.Errorf("request %s: concurrent to %q", x.uri, x.concurrent)
			}
			if !x.date.Equal(fixedNow) || !strings.HasPrefix(string(x.block), "GET ") {
				t.Errorf("request %s: date %s, block %q", x.uri, x.date, x.block)
			}
		case "response":
			responses = append(responses, x)
			if !strings.HasPrefix(x.digest, "sha256:") || len(x.digest) != len("sha256:")+64 {
				t.Errorf("response %s: payload digest %q", x.uri, x.digest)
			}
			if x.ctype != "application/http;msgtype=response" || !x.date.Equal(fixedNow) {
				t.Errorf("response %s: %q %s", x.uri, x.ctype, x.date)
			}
		}
	}
	if len(responses) != res.Requests {
		t.Errorf("%d response records, %d requests", len(responses), res.Requests)
	}
	wantSeq := []struct {
		uri    string
		status int
	}{
		{"http://www.lumen.test/robots.txt", 200},
		{"http://www.lumen.test/", 302},
		{"http://www.lumen.test/en/", 200},
		{"http://www.lumen.test/legal/privacy", 200},
	}
	for i, w := range wantSeq {
		if i >= len(responses) || responses[i].uri != w.uri || responses[i].status != w.status {
			t.Errorf("response %d: want %s %d, got %+v", i, w.uri, w.status, responses[i])
		}
	}
	// The policy is stored as sent (gzip); decoded it hashes to the report's
	// SHA-256, and its payload digest is the digest of the stored bytes.
	pol := responses[3]
	zr, err := gzip.NewReader(bytes.NewReader(pol.block))
	if err != nil {
		t.Fatalf("policy payload is not gzip: %v", err)
	}
	plain, _ := io.ReadAll(zr)
	if !bytes.Equal(plain, policy) {
		t.Errorf("decoded policy differs from the page served")
	}
	if sum := sha256.Sum256(pol.block); pol.digest != "sha256:"+hex.EncodeToString(sum[:]) {
		t.Errorf("payload digest %s", pol.digest)
	}
	if sum := sha256.Sum256(plain); hex.EncodeToString(sum[:]) != res.Policy.SHA256 {
		t.Errorf("report hash %s, decoded payload %x", res.Policy.SHA256, sum)
	}
	// The rendering: the DOM at the page's URL, the screenshot at
	// urn:view:, the metadata with the browser's cookies.
	var dom, png, meta *rec
	for i := range recs {
		x := &recs[i]
		switch {
		case x.typ == "resource" && x.uri == "http://www.lumen.test/en/":
			dom = x
		case x.typ == "resource" && x.uri == "urn:view:http://www.lumen.test/en/":
			png = x
		case x.typ == "metadata":
			meta = x
		}
	}
	if dom == nil || dom.ctype != "text/html; charset=utf-8" || !strings.Contains(string(dom.block), "<footer>") {
		t.Fatalf("dom record %+v", dom)
	}
	if png == nil || png.ctype != "image/png" || png.concurrent != dom.id {
		t.Errorf("screenshot record %+v", png)
	}
	if meta == nil || !strings.Contains(string(meta.block), "browser-cookie: _ga; domain=.lumen.test; path=/; expires=2025-03-02T09:30:00Z\r\n") ||
		!strings.Contains(string(meta.block), "render-duration-ms: 1500") {
		t.Errorf("metadata record %+v", meta)
	}
	if got := res.Rendered[0]; got.SHA256 != hexSum(dom.block) || got.ScreenshotSHA256 != hexSum(png.block) {
		t.Errorf("rendered page %+v: dom %s, png %s", got, hexSum(dom.block), hexSum(png.block))
	}
}

func hexSum(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func TestOpenAndCheck(t *testing.T) {
	path := filepath.Join(t.TempDir(), "run.warc.gz")
	res, _ := discover(t, path, true)
	a, err := warc.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Problems) > 0 {
		t.Errorf("problems: %v", a.Problems)
	}
	if a.Count("response") != res.Requests || a.Count("request") != res.Requests || a.Count("warcinfo") != 1 || a.Count("resource") != 2 {
		t.Errorf("records: %d responses, %d requests, %d resources for %d requests",
			a.Count("response"), a.Count("request"), a.Count("resource"), res.Requests)
	}
	v := a.Check(res.Policy.SHA256, res.Policy.FinalURL, res.Policy.URL)
	if v.Status != warc.OK || v.Record.URI != res.Policy.FinalURL || v.Record.DecodedSHA256 != res.Policy.SHA256 {
		t.Errorf("policy: %+v", v)
	}
	if v := a.Check(res.Rendered[0].SHA256, res.Rendered[0].URL); v.Status != warc.OK || v.Record.Type != "resource" {
		t.Errorf("rendered dom: %+v", v)
	}
	// Another hash for an archived URL is a mismatch; an unknown URL is missing.
	other := strings.Repeat("ab", 32)
	if v := a.Check(other, res.Policy.FinalURL); v.Status != warc.Mismatch || len(v.Found) != 1 || v.Found[0] != res.Policy.SHA256 {
		t.Errorf("mismatch: %+v", v)
	}
	if v := a.Check(res.Policy.SHA256, "http://www.lumen.test/elsewhere"); v.Status != warc.Missing || v.Elsewhere == nil {
		t.Errorf("missing: %+v", v)
	}
	// A redirect hop is not the content of its URL.
	if v := a.Check(other, "http://www.lumen.test/"); v.Status != warc.Missing {
		t.Errorf("redirect URL: %+v", v)
	}
}

// TestTampered changes one byte of the policy in an uncompressed WARC: the
// digests no longer match, and Open says where.
func TestTampered(t *testing.T) {
	path := filepath.Join(t.TempDir(), "run.warc")
	discover(t, path, false)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	i := bytes.Index(data, []byte("Disallow: /private/"))
	if i < 0 {
		t.Fatal("robots.txt not found in the uncompressed WARC")
	}
	data[i] = 'd'
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	a, err := warc.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Problems) == 0 || !strings.Contains(a.Problems[0].String(), "robots.txt") || !strings.Contains(a.Problems[0].String(), "digest") {
		t.Errorf("problems %v", a.Problems)
	}
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := warc.Open(context.Background(), filepath.Join(dir, "none.warc.gz")); err == nil {
		t.Error("a missing file opened")
	}
	junk := filepath.Join(dir, "junk.warc")
	os.WriteFile(junk, []byte("this is not a web archive\n"), 0o644)
	if _, err := warc.Open(context.Background(), junk); err == nil {
		t.Error("a text file opened as a WARC")
	}
}

// TestAppendAfterCrash cuts the file inside its last record, as a crash
// would, and appends: the broken record goes, the file reads whole.
func TestAppendAfterCrash(t *testing.T) {
	path := filepath.Join(t.TempDir(), "run.warc.gz")
	discover(t, path, false)
	a, err := warc.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	before := len(a.Records)
	st, _ := os.Stat(path)
	if err := os.Truncate(path, st.Size()-20); err != nil {
		t.Fatal(err)
	}
	w, err := warc.Append(path, warc.Info{Software: "vigie/test", IsPartOf: "run-1 (resumed)"})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	a, err = warc.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Problems) > 0 || len(a.Records) != before-1+1 || a.Count("warcinfo") != 2 {
		t.Errorf("after append: %d records (%d before, the last one cut), %d warcinfo, problems %v",
			len(a.Records), before, a.Count("warcinfo"), a.Problems)
	}
}

func TestAppendRefusesOtherFiles(t *testing.T) {
	path := filepath.Join(t.TempDir(), "notes.txt")
	os.WriteFile(path, []byte("my notes, not an archive\n"), 0o644)
	if _, err := warc.Append(path, warc.Info{}); err == nil || !strings.Contains(err.Error(), "not a WARC file") {
		t.Errorf("append to a text file: %v", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "my notes, not an archive\n" {
		t.Errorf("the file was changed: %q", b)
	}
	// A file that does not exist is created.
	w, err := warc.Append(filepath.Join(t.TempDir(), "new.warc.gz"), warc.Info{})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil || w.Records() != 1 {
		t.Errorf("close: %v, %d records", err, w.Records())
	}
}

// TestConcurrentWriters records from many goroutines (run with -race):
// every pair is whole and adjacent.
func TestConcurrentWriters(t *testing.T) {
	path := filepath.Join(t.TempDir(), "run.warc.gz")
	w, err := warc.Create(path, warc.Info{Software: "vigie/test"})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 20 {
				u := fmt.Sprintf("http://www.v%d.test/p%d", g, i)
				req, _ := http.NewRequest(http.MethodGet, u, nil)
				body := []byte(strings.Repeat(u, 50))
				ex := &crawler.Exchange{Request: req, Body: body, At: fixedNow, RemoteAddr: "192.0.2.1:80",
					Response: &http.Response{StatusCode: 200, Proto: "HTTP/1.1", Header: http.Header{"Content-Type": {"text/plain"}}}}
				if err := w.RecordExchange(ex); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodGet, "http://www.late.test/", nil)
	late := &crawler.Exchange{Request: req, At: fixedNow, Response: &http.Response{StatusCode: 200, Header: http.Header{}}}
	if err := w.RecordExchange(late); err == nil || !strings.Contains(err.Error(), "closed") {
		t.Errorf("recorded after Close: %v", err)
	}
	a, err := warc.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Problems) > 0 || a.Count("response") != 160 {
		t.Fatalf("%d responses, problems %v", a.Count("response"), a.Problems)
	}
	for i, r := range a.Records[1:] {
		if i%2 == 0 && (r.Type != "request" || a.Records[i+2].Type != "response" || a.Records[i+2].URI != r.URI) {
			t.Fatalf("record %d: %s %s then %s %s", i+1, r.Type, r.URI, a.Records[i+2].Type, a.Records[i+2].URI)
		}
		if r.Type == "response" && r.SHA256 != hexSum([]byte(strings.Repeat(r.URI, 50))) {
			t.Errorf("%s: payload hash %s", r.URI, r.SHA256)
		}
	}
}
