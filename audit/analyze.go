package audit

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"mime"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/vigie-audit/vigie/analyzer"
	"github.com/vigie-audit/vigie/crawler"
	"github.com/vigie-audit/vigie/reports"
)

// A Source is one document to analyse without crawling: a local file, a
// URL of the policy itself, or standard input ("-").
type Source struct {
	// Arg is the source as given.
	Arg string
	// Stdin is read when Arg is "-".
	Stdin io.Reader
}

// isURL reports whether a source names a web page rather than a file.
func (s Source) isURL() bool {
	a := strings.ToLower(s.Arg)
	return strings.HasPrefix(a, "http://") || strings.HasPrefix(a, "https://")
}

// Analyze scores documents directly: a vendor checking a draft policy. Each
// source becomes one vendor of the report, in order; a source that cannot
// be read is reported as invalid_input (a missing file) or fetch_error (a
// URL that does not answer), and the others go on. URLs are fetched with
// the crawler, politely (robots.txt obeyed unless it was told otherwise).
func Analyze(ctx context.Context, sources []Source, o Options) (*Summary, error) {
	p, err := newPipeline(o)
	if err != nil {
		return nil, err
	}
	started := p.now()
	rep := reports.NewReport(o.Tool)
	rep.Manifest = o.Manifest
	if !slices.ContainsFunc(sources, Source.isURL) {
		// Nothing is fetched: no user agent speaks for the run.
		rep.Manifest.UserAgent = ""
	}
	rep.StartedAt, rep.GeneratedAt = started, started
	if err := o.Writer.Begin(rep); err != nil {
		return nil, fmt.Errorf("write report: %w", err)
	}
	// Documents are analysed concurrently (the work is CPU-bound: one
	// worker per core) and written in the order they were given.
	workers := min(max(1, runtime.NumCPU()), max(1, len(sources)))
	if o.Concurrency > 0 {
		workers = min(o.Concurrency, max(1, len(sources)))
	}
	results := make([]chan *reports.Vendor, len(sources))
	for i := range results {
		results[i] = make(chan *reports.Vendor, 1)
	}
	next := make(chan int)
	go func() {
		defer close(next)
		for i := range sources {
			select {
			case next <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				v := p.analyzeSource(ctx, sources[i])
				if ctx.Err() != nil {
					v = nil // cut short: not reported as if complete
				}
				results[i] <- v
			}
		}()
	}
	sum := reports.NewSummary(nil)
	written := 0
	var werr error
	for i := range sources {
		var v *reports.Vendor
		select {
		case v = <-results[i]:
		case <-ctx.Done():
		}
		if v == nil {
			break
		}
		if werr = o.Writer.WriteVendor(v); werr != nil {
			werr = fmt.Errorf("write report: %w", werr)
			break
		}
		sum.Add(v)
		written++
	}
	wg.Wait()
	rep.FinishedAt = p.now()
	rep.Partial = written < len(sources)
	rep.Summary = sum
	if err := o.Writer.End(rep); err != nil && werr == nil {
		werr = fmt.Errorf("write report: %w", err)
	}
	return &Summary{Total: len(sources), Written: written, Partial: rep.Partial, Pending: len(sources) - written, Report: sum}, werr
}

// analyzeSource reads and scores one source.
func (p *pipeline) analyzeSource(ctx context.Context, src Source) *reports.Vendor {
	start := p.now()
	v := &reports.Vendor{Input: src.Arg, StartedAt: start}
	defer func() { v.FinishedAt = p.now() }()

	var pg *crawler.Page
	switch {
	case src.isURL():
		v.Name = hostName(src.Arg)
		if p.opts.Crawler == nil {
			v.Status, v.Reason = reports.StatusInvalidInput, "URLs cannot be analysed here (no crawler)"
			return v
		}
		u, why := NormalizeURL(src.Arg)
		if why != "" {
			v.Status, v.Reason = reports.StatusInvalidInput, why
			return v
		}
		f := p.opts.Crawler.Fetch(ctx, u)
		v.Requests = f.Requests
		if f.Status != crawler.StatusFound {
			v.Status, v.Reason = f.Status, f.Reason
			return v
		}
		pg = f.Page
		// "…/rechtliches.html#datenschutz": only that element of the page
		// is the document (a vendor checking one tab of its legal page);
		// a text directive ("#:~:text=…") names no element.
		if pu, err := url.Parse(src.Arg); err == nil && pu.Fragment != "" && !strings.HasPrefix(pu.Fragment, ":~:") {
			pg.Fragment = pu.Fragment
		}
	default:
		var err error
		pg, err = p.readSource(src)
		v.Name = pageName(src)
		if err != nil {
			v.Status, v.Reason = reports.StatusInvalidInput, err.Error()
			return v
		}
	}
	v.Status = reports.StatusFound
	v.Reason = "analysed " + describeSource(src)
	v.Policy = &reports.Policy{
		URL:           pg.URL,
		FinalURL:      pg.FinalURL,
		Title:         pg.Title,
		ContentType:   pg.ContentType,
		FetchedAt:     pg.FetchedAt,
		SHA256:        pg.SHA256,
		Bytes:         pg.Bytes,
		DiscoveredVia: []reports.Step{{Method: crawler.MethodInput, URL: pg.URL}},
	}
	if v.Policy.FinalURL == v.Policy.URL {
		v.Policy.FinalURL = ""
	}
	p.applyAnalysis(v, []analysed{p.analyse(ctx, pg)})
	return v
}

// maxSourceBytes bounds what is read of a local file or stdin: the
// analyzer's own cap plus room for it to notice the excess.
func (p *pipeline) maxSourceBytes() int64 {
	if p.opts.MaxPolicyBytes > 0 {
		return p.opts.MaxPolicyBytes + 1
	}
	return analyzer.DefaultMaxBytes + 1
}

// readSource reads a local file or stdin into a page.
func (p *pipeline) readSource(src Source) (*crawler.Page, error) {
	var (
		r    io.Reader
		name = src.Arg
		u    string
	)
	if src.Arg == "-" {
		if src.Stdin == nil {
			return nil, fmt.Errorf("no standard input")
		}
		r, u = src.Stdin, "stdin"
	} else {
		f, err := os.Open(src.Arg)
		if err != nil {
			return nil, fmt.Errorf("cannot read %s: %w", src.Arg, unwrapPathError(err))
		}
		defer f.Close()
		if fi, err := f.Stat(); err == nil && fi.IsDir() {
			return nil, fmt.Errorf("%s is a folder, not a document", src.Arg)
		}
		r = f
		if abs, err := filepath.Abs(src.Arg); err == nil {
			u = "file://" + filepath.ToSlash(abs)
		} else {
			u = src.Arg
		}
	}
	body, err := io.ReadAll(io.LimitReader(r, p.maxSourceBytes()))
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", name, err)
	}
	sum := sha256.Sum256(body)
	ctype := mime.TypeByExtension(strings.ToLower(filepath.Ext(src.Arg)))
	switch strings.ToLower(filepath.Ext(src.Arg)) {
	case ".md", ".markdown":
		ctype = "text/markdown"
	}
	return &crawler.Page{
		URL:         u,
		ContentType: ctype,
		Body:        body,
		FetchedAt:   p.now(),
		SHA256:      hex.EncodeToString(sum[:]),
		Bytes:       int64(len(body)),
		Truncated:   int64(len(body)) >= p.maxSourceBytes(),
		Role:        crawler.RolePolicy,
	}, nil
}

func pageName(src Source) string {
	if src.Arg == "-" {
		return "stdin"
	}
	return filepath.Base(src.Arg)
}

func describeSource(src Source) string {
	switch {
	case src.Arg == "-":
		return "standard input"
	case src.isURL():
		return "the page at " + src.Arg
	}
	return "local file " + src.Arg
}

func unwrapPathError(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}
