package warc

import (
	"bufio"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	gowarc "github.com/nlnwa/gowarc/v3"

	"github.com/vigie-audit/vigie/crawler"
)

// Info describes the run a WARC file comes from; it is written as the
// file's warcinfo record, so that the archive explains itself.
type Info struct {
	// Software names the tool and its version ("vigie/1.4.0").
	Software string
	// UserAgent is the user agent of the crawl (http-header-user-agent).
	UserAgent string
	// Robots is "obey" or "ignore" (written as the WARC convention's
	// "classic" or "ignore").
	Robots string
	// Operator is who ran the crawl (a person or body, optional).
	Operator string
	// IsPartOf names the run (its run ID).
	IsPartOf string
	// Description says what the crawl was for.
	Description string
	// Fields are further settings that affect what was seen, in order:
	// render mode, rule-pack version and hash, delays, command line.
	Fields []Field
}

// A Field is one name: value line of the warcinfo record.
type Field struct{ Name, Value string }

// A Writer writes a WARC file: a warcinfo record first, then a request and
// a response record for every HTTP exchange the crawler reports, and
// resource records (the DOM, a screenshot) and a metadata record for every
// page rendered in the browser. It implements crawler.Recorder and is safe
// for concurrent use.
//
// Each record is its own gzip member (when the file name ends in .gz, the
// convention every WARC tool reads) and reaches the file as soon as it is
// written, so an interrupted run leaves a readable archive of everything
// recorded so far.
type Writer struct {
	mu       sync.Mutex
	f        *os.File
	bw       *bufio.Writer
	gz       *gzip.Writer // nil when not compressing
	infoID   string
	records  int
	err      error // sticky: after a write error, nothing more is written
	closed   bool
	software string
}

var _ crawler.Recorder = (*Writer)(nil)

// Create creates (or truncates) the WARC file at path and writes its
// warcinfo record. A name ending in .gz is compressed record by record.
func Create(path string, info Info) (*Writer, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o644)
	if err != nil {
		return nil, fmt.Errorf("create warc: %w", err)
	}
	return start(f, path, info)
}

// Append opens the WARC file at path to add to it (a resumed run), or
// creates it. A record left incomplete by an interrupted run is cut off
// first, so the file stays readable; a new warcinfo record starts the
// appended part.
func Append(path string, info Info) (*Writer, error) {
	end, err := lastCompleteRecord(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return Create(path, info)
	case err != nil:
		return nil, fmt.Errorf("append to warc: %w", err)
	}
	if st, err := os.Stat(path); err == nil && end == 0 && st.Size() > 0 {
		return nil, fmt.Errorf("append to warc: %s is not a WARC file (no record reads back); not overwriting it", path)
	}
	f, err := os.OpenFile(path, os.O_WRONLY, 0o644)
	if err != nil {
		return nil, fmt.Errorf("append to warc: %w", err)
	}
	if err := f.Truncate(end); err != nil {
		f.Close()
		return nil, fmt.Errorf("append to warc: %w", err)
	}
	if _, err := f.Seek(end, io.SeekStart); err != nil {
		f.Close()
		return nil, fmt.Errorf("append to warc: %w", err)
	}
	return start(f, path, info)
}

// lastCompleteRecord returns the offset just after the last record of the
// file that reads back whole.
func lastCompleteRecord(path string) (int64, error) {
	if _, err := os.Stat(path); err != nil {
		return 0, err
	}
	buildMu.Lock()
	r, err := gowarc.NewWarcFileReader(path, 0, readOptions()...)
	buildMu.Unlock()
	if err != nil {
		return 0, err
	}
	defer r.Close()
	var end int64
	for {
		rec, err := r.Next()
		if err != nil {
			return end, nil // io.EOF, or the first broken record
		}
		rec.Close()
		end = rec.Offset + rec.Size
	}
}

func start(f *os.File, path string, info Info) (*Writer, error) {
	w := &Writer{f: f, bw: bufio.NewWriterSize(f, 64<<10), software: info.Software}
	if strings.HasSuffix(strings.ToLower(path), ".gz") {
		w.gz, _ = gzip.NewWriterLevel(nil, gzip.DefaultCompression)
	}
	buildMu.Lock()
	rec, err := w.warcinfo(filepath.Base(path), info)
	buildMu.Unlock()
	if err == nil {
		id := rec.RecordId()
		err = w.write(rec)
		w.infoID = id
	}
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("write warcinfo: %w", err)
	}
	return w, nil
}

// Records returns the number of records written so far.
func (w *Writer) Records() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.records
}

// Close flushes the file to disk and closes it. It returns the first error
// the Writer met.
func (w *Writer) Close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return w.err
	}
	w.closed = true
	err := w.err
	if ferr := w.bw.Flush(); err == nil && ferr != nil {
		err = ferr
	}
	if serr := w.f.Sync(); err == nil && serr != nil {
		err = serr
	}
	if cerr := w.f.Close(); err == nil && cerr != nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("close warc: %w", err)
	}
	return nil
}

// buildMu serialises the building of records (and the making of readers)
// across the process: gowarc v3.1.0 calls uuid.EnableRandPool, which
// writes a global of github.com/google/uuid without synchronisation, each
// time it makes record options, while uuid.New reads it (the race detector
// catches it when two goroutines build records at once).
var buildMu sync.Mutex

// recordOptions make gowarc compute Content-Length, WARC-Block-Digest and
// WARC-Payload-Digest (SHA-256, hex: the encoding of the report's hashes)
// and keep record bodies in memory up to 4 MiB.
func recordOptions() []gowarc.WarcRecordOption {
	return []gowarc.WarcRecordOption{
		gowarc.WithAddMissingDigest(true),
		gowarc.WithDefaultDigestAlgorithm("sha256"),
		gowarc.WithDefaultDigestEncoding(gowarc.Base16),
		gowarc.WithBufferMaxMemBytes(4 << 20),
	}
}

func (w *Writer) warcinfo(filename string, info Info) (gowarc.WarcRecord, error) {
	b := gowarc.NewRecordBuilder(gowarc.Warcinfo, recordOptions()...)
	b.AddWarcHeaderTime(gowarc.WarcDate, time.Now())
	b.AddWarcHeader(gowarc.WarcFilename, filename)
	b.AddWarcHeader(gowarc.ContentType, gowarc.ApplicationWarcFields)
	field := func(name, value string) {
		if value = oneLine(value); value != "" {
			fmt.Fprintf(b, "%s: %s\r\n", oneLine(name), value)
		}
	}
	field("software", strings.TrimSpace(info.Software+" (github.com/nlnwa/gowarc/v3)"))
	field("format", "WARC File Format 1.1")
	field("conformsTo", "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/")
	field("http-header-user-agent", info.UserAgent)
	switch info.Robots {
	case "obey":
		field("robots", "classic")
	case "ignore":
		field("robots", "ignore")
	}
	field("operator", info.Operator)
	field("isPartOf", info.IsPartOf)
	field("description", info.Description)
	for _, f := range info.Fields {
		field(f.Name, f.Value)
	}
	rec, _, err := b.Build()
	return rec, err
}

// RecordExchange writes a request record and a response record for one
// HTTP exchange, linked by WARC-Concurrent-To. The response record holds
// the status line, the headers and the body as received (a gzip body stays
// gzip, as its Content-Encoding says); WARC-Truncated marks a body cut at
// the crawler's cap or by a timeout.
func (w *Writer) RecordExchange(ex *crawler.Exchange) error {
	if ex == nil || ex.Request == nil || ex.Response == nil {
		return errors.New("warc: incomplete exchange")
	}
	buildMu.Lock()
	req, resp, err := buildExchange(ex)
	buildMu.Unlock()
	if err != nil {
		return err
	}
	return w.write(req, resp)
}

func buildExchange(ex *crawler.Exchange) (req, resp gowarc.WarcRecord, err error) {
	target := ex.Request.URL.String()
	proto := ex.Response.Proto
	if proto == "" {
		proto = "HTTP/1.1"
	}

	rb := gowarc.NewRecordBuilder(gowarc.Response, recordOptions()...)
	rb.AddWarcHeader(gowarc.WarcTargetURI, target)
	rb.AddWarcHeaderTime(gowarc.WarcDate, ex.At)
	rb.AddWarcHeader(gowarc.ContentType, "application/http;msgtype=response")
	if host, _, err := net.SplitHostPort(ex.RemoteAddr); err == nil && net.ParseIP(host) != nil {
		rb.AddWarcHeader(gowarc.WarcIPAddress, host)
	}
	if ex.Truncated != "" {
		rb.AddWarcHeader(gowarc.WarcTruncated, ex.Truncated)
	}
	status := ex.Response.Status
	if status == "" {
		status = strconv.Itoa(ex.Response.StatusCode) + " " + http.StatusText(ex.Response.StatusCode)
	}
	fmt.Fprintf(rb, "%s %s\r\n", proto, oneLine(status))
	_ = ex.Response.Header.Write(rb)
	rb.WriteString("\r\n")
	rb.Write(ex.Body)
	resp, _, err = rb.Build()
	if err != nil {
		return nil, nil, fmt.Errorf("warc response record for %s: %w", target, err)
	}

	qb := gowarc.NewRecordBuilder(gowarc.Request, recordOptions()...)
	qb.AddWarcHeader(gowarc.WarcTargetURI, target)
	qb.AddWarcHeaderTime(gowarc.WarcDate, ex.At)
	qb.AddWarcHeader(gowarc.ContentType, "application/http;msgtype=request")
	qb.AddWarcHeader(gowarc.WarcConcurrentTo, "<"+resp.RecordId()+">")
	host := ex.Request.Host
	if host == "" {
		host = ex.Request.URL.Host
	}
	fmt.Fprintf(qb, "%s %s %s\r\nHost: %s\r\n", orGET(ex.Request.Method), ex.Request.URL.RequestURI(), proto, oneLine(host))
	_ = ex.Request.Header.Write(qb)
	qb.WriteString("\r\n")
	req, _, err = qb.Build()
	if err != nil {
		resp.Close()
		return nil, nil, fmt.Errorf("warc request record for %s: %w", target, err)
	}
	return req, resp, nil
}

// RecordRendering writes a page rendered in the browser: the DOM as a
// resource record (text/html, WARC-Target-URI the page's URL), the PNG
// screenshot of its footer area as a resource record (image/png,
// WARC-Target-URI "urn:view:" and the page's URL, the convention of
// browser-based crawlers, so that replay tools do not show the image in
// place of the page), and a metadata record with what the browser saw: the
// final URL, the status, the time rendering took and the cookies it held.
func (w *Writer) RecordRendering(r *crawler.Rendering) error {
	if r == nil {
		return errors.New("warc: no rendering")
	}
	buildMu.Lock()
	recs, err := buildRendering(r)
	buildMu.Unlock()
	if err != nil {
		return err
	}
	return w.write(recs...)
}

func buildRendering(r *crawler.Rendering) ([]gowarc.WarcRecord, error) {
	var recs []gowarc.WarcRecord
	closeAll := func() {
		for _, rec := range recs {
			rec.Close()
		}
	}
	resource := func(uri, ctype string, body []byte, concurrent string) (gowarc.WarcRecord, error) {
		b := gowarc.NewRecordBuilder(gowarc.Resource, recordOptions()...)
		b.AddWarcHeader(gowarc.WarcTargetURI, uri)
		b.AddWarcHeaderTime(gowarc.WarcDate, r.At)
		b.AddWarcHeader(gowarc.ContentType, ctype)
		if concurrent != "" {
			b.AddWarcHeader(gowarc.WarcConcurrentTo, "<"+concurrent+">")
		}
		b.Write(body)
		rec, _, err := b.Build()
		return rec, err
	}
	dom, err := resource(r.URL, "text/html; charset=utf-8", r.HTML, "")
	if err != nil {
		return nil, fmt.Errorf("warc resource record for %s: %w", r.URL, err)
	}
	recs = append(recs, dom)
	if len(r.Screenshot) > 0 {
		png, err := resource("urn:view:"+r.URL, "image/png", r.Screenshot, dom.RecordId())
		if err != nil {
			closeAll()
			return nil, fmt.Errorf("warc screenshot record for %s: %w", r.URL, err)
		}
		recs = append(recs, png)
	}

	mb := gowarc.NewRecordBuilder(gowarc.Metadata, recordOptions()...)
	mb.AddWarcHeader(gowarc.WarcTargetURI, r.URL)
	mb.AddWarcHeaderTime(gowarc.WarcDate, r.At)
	mb.AddWarcHeader(gowarc.ContentType, gowarc.ApplicationWarcFields)
	mb.AddWarcHeader(gowarc.WarcRefersTo, "<"+dom.RecordId()+">")
	field := func(name, value string) { fmt.Fprintf(mb, "%s: %s\r\n", name, oneLine(value)) }
	field("via", "headless browser")
	if r.FinalURL != "" {
		field("final-url", r.FinalURL)
	}
	if r.Status != 0 {
		field("http-status", strconv.Itoa(r.Status))
	}
	field("render-duration-ms", strconv.FormatInt(r.Elapsed.Milliseconds(), 10))
	for _, c := range r.Cookies {
		if c == nil {
			continue
		}
		v := c.Name + "; domain=" + c.Domain
		if c.Path != "" {
			v += "; path=" + c.Path
		}
		if !c.Expires.IsZero() {
			v += "; expires=" + c.Expires.UTC().Format(time.RFC3339)
		} else {
			v += "; session"
		}
		field("browser-cookie", v)
	}
	meta, _, err := mb.Build()
	if err != nil {
		closeAll()
		return nil, fmt.Errorf("warc metadata record for %s: %w", r.URL, err)
	}
	return append(recs, meta), nil
}

// write appends records to the file, each as its own gzip member when
// compressing, and flushes them. The records are closed.
func (w *Writer) write(recs ...gowarc.WarcRecord) error {
	defer func() {
		for _, rec := range recs {
			rec.Close()
		}
	}()
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return errors.New("warc writer is closed")
	}
	if w.err != nil {
		return w.err
	}
	m := gowarc.NewMarshaler()
	for _, rec := range recs {
		if w.infoID != "" {
			rec.WarcHeader().SetId(gowarc.WarcWarcinfoID, w.infoID)
		}
		var out io.Writer = w.bw
		if w.gz != nil {
			w.gz.Reset(w.bw)
			out = w.gz
		}
		if _, _, err := m.Marshal(out, rec, 0); err != nil {
			w.err = err
			return fmt.Errorf("write warc record: %w", err)
		}
		if w.gz != nil {
			if err := w.gz.Close(); err != nil {
				w.err = err
				return fmt.Errorf("write warc record: %w", err)
			}
		}
		w.records++
	}
	if err := w.bw.Flush(); err != nil {
		w.err = err
		return fmt.Errorf("write warc record: %w", err)
	}
	return nil
}

func orGET(m string) string {
	if m == "" {
		return http.MethodGet
	}
	return m
}

// oneLine keeps a header value on one line.
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}
